// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {GovernedUpgradeable} from "../common/GovernedUpgradeable.sol";
import {IGoverned} from "../common/IGoverned.sol";
import {Paging} from "../common/Paging.sol";
import {Text} from "../common/Text.sol";
import {IDiplomaRegistry} from "./IDiplomaRegistry.sol";

/**
 * @title DiplomaRegistry
 * @notice The register of diplomas: institutions accredited by the ACCREDITOR, issuer accounts bound to them, and
 * diplomas issued alone or by the class under a Merkle root, each revocable on its own and never deleted.
 * @dev A diploma issued alone costs one storage slot (issuer, institution, time); a batch costs one slot whatever its
 * size. Every record is keyed by its institution first: a document hash or a root copied from another institution's
 * pending transaction lands under the copier's own institution and takes nothing from the original. The revocation of
 * a diploma issued alone lives apart, keyed by institution and document hash, with its time and reason. Inside a
 * batch, revocations are a status list: one bit per diploma at its status index (bound to it by its Merkle leaf), 256
 * to a storage word, keyed by institution and root; their time and reason are in their events. A superseded batch
 * diploma's successor is kept beside it. Each institution's accreditation history is an OpenZeppelin
 * `Checkpoints.Trace208` keyed by time, which answers whether it was accredited when a diploma was issued.
 */
contract DiplomaRegistry is GovernedUpgradeable, IDiplomaRegistry {
    using Checkpoints for Checkpoints.Trace208;
    using EnumerableSet for EnumerableSet.AddressSet;

    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDiplomaRegistry
    uint256 public constant MAX_ISSUERS_PER_INSTITUTION = 32;

    /// @inheritdoc IDiplomaRegistry
    uint256 public constant MAX_REVOCATIONS_PER_CALL = 500;

    /// @dev The reason codes of the kinds defined at deployment besides diplomas: 1 to 8 (see docs/credentials.md).
    uint256 private constant _STANDARD_REASONS = 0x1fe;

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Who recorded a credential or a batch, for which institution, when, and of which kind: one slot.
    struct Issuance {
        address issuer;
        uint32 institutionId;
        uint40 issuedAt; // zero: never issued
        uint16 kind; // 0: diploma
    }

    /**
     * @dev The revocation of a diploma issued alone; the second slot is written only when a corrected diploma replaces
     * it. For a diploma of a batch only `supersededBy` is used: its status is a bit of the batch's status list.
     */
    struct Revocation {
        uint40 revokedAt; // zero: not revoked
        uint16 reason;
        uint40 suspendedAt; // zero: not suspended (a credential issued alone)
        uint16 suspensionReason;
        bytes32 supersededBy;
    }

    /// @dev A credential kind.
    struct KindRecord {
        KindRules rules;
        string name;
    }

    /**
     * @dev An issuer account's binding: one slot, all that issuing reads. `canIssue` mirrors "the institution is
     * accredited" and is kept in step by suspension and reinstatement, which visit the institution's issuers (at most
     * {MAX_ISSUERS_PER_INSTITUTION}); this spares issuing a read of the institution (2,100 gas).
     */
    struct Binding {
        uint32 institutionId; // zero: not bound
        bool canIssue;
    }

    /// @dev An institution.
    struct InstitutionRecord {
        InstitutionStatus status;
        bytes2 country;
        uint40 registeredAt;
        bytes32 accreditationDocument;
        string name;
        Checkpoints.Trace208 accreditation; // time => 1 (accredited) or 0 (suspended)
        EnumerableSet.AddressSet issuers;
    }

    /// @custom:storage-location erc7201:egov.storage.DiplomaRegistry
    struct DiplomaRegistryStorage {
        uint32 institutionCount;
        mapping(uint32 institutionId => InstitutionRecord) institutions;
        mapping(address issuer => Binding) bindings;
        mapping(uint32 institutionId => mapping(bytes32 documentHash => Issuance)) diplomas;
        mapping(uint32 institutionId => mapping(bytes32 root => Issuance)) batches;
        // root zero: issued alone
        mapping(uint32 institutionId => mapping(bytes32 root => mapping(bytes32 documentHash => Revocation))) revocations;
        // a batch's status list, bit `statusIndex % 256` of word `statusIndex / 256` set = revoked; appended last, so
        // that the fields above keep their slots
        mapping(uint32 institutionId => mapping(bytes32 root => mapping(uint256 word => uint256 bits))) statusLists;
        uint16 kindCount;
        mapping(uint16 kind => KindRecord) kinds;
        // time => 1 (accredited) or 0 (withdrawn), per institution and kind other than 0
        mapping(uint32 institutionId => mapping(uint16 kind => Checkpoints.Trace208)) kindAccreditations;
        // validity windows, written only when one is given
        mapping(uint32 institutionId => mapping(bytes32 documentHash => Validity)) diplomaTerms;
        mapping(uint32 institutionId => mapping(bytes32 root => Validity)) batchTerms;
        // a batch's suspension list, laid out as its status list; a set bit = suspended
        mapping(uint32 institutionId => mapping(bytes32 root => mapping(uint256 word => uint256 bits))) suspensionLists;
        mapping(uint32 institutionId => SigningKey[]) signingKeys;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.DiplomaRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x74b6b7b26165210716a04643bffffeb02621cc1235f0021193e3699e9314af00;

    // -------------------------------------------------------------------------------------------------------------
    // Initializer
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Sets up the proxy.
     * @param initialAuthority The GovernmentAuthority.
     */
    function initialize(address initialAuthority) external initializer {
        __Governed_init(initialAuthority);
        _defineKind("Diploma", false, false, type(uint256).max);
        _defineKind("Professional licence", true, true, _STANDARD_REASONS);
        _defineKind("Permit", true, true, _STANDARD_REASONS);
        _defineKind("Certificate of good standing", true, false, _STANDARD_REASONS);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: accreditor
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDiplomaRegistry
    function registerInstitution(
        string calldata name,
        bytes2 country,
        bytes32 accreditationDocument
    ) external restricted whenNotPaused returns (uint32 institutionId) {
        if (bytes(name).length == 0) revert DiplomaRegistryEmptyName();
        Text.check(name, Text.Kind.Name, "name");
        if (!_isCountryCode(country)) revert DiplomaRegistryInvalidCountryCode(country);
        if (accreditationDocument == bytes32(0)) revert DiplomaRegistryEmptyDocumentHash();

        DiplomaRegistryStorage storage $ = _storage();
        institutionId = ++$.institutionCount;
        InstitutionRecord storage inst = $.institutions[institutionId];
        inst.status = InstitutionStatus.Accredited;
        inst.country = country;
        inst.registeredAt = uint40(block.timestamp);
        inst.accreditationDocument = accreditationDocument;
        inst.name = name;
        _recordAccreditation(inst, true);
        emit InstitutionRegistered(institutionId, country, name, accreditationDocument);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspendInstitution(uint32 institutionId, bytes32 basis) external restricted whenNotPaused {
        if (basis == bytes32(0)) revert DiplomaRegistryEmptyBasis();
        InstitutionRecord storage inst = _institutionIn(institutionId, InstitutionStatus.Accredited);
        _setAccredited(inst, false);
        emit InstitutionSuspended(institutionId, basis);
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstateInstitution(
        uint32 institutionId,
        bytes32 accreditationDocument
    ) external restricted whenNotPaused {
        if (accreditationDocument == bytes32(0)) revert DiplomaRegistryEmptyDocumentHash();
        InstitutionRecord storage inst = _institutionIn(institutionId, InstitutionStatus.Suspended);
        inst.accreditationDocument = accreditationDocument;
        _setAccredited(inst, true);
        emit InstitutionReinstated(institutionId, accreditationDocument);
    }

    /// @inheritdoc IDiplomaRegistry
    function bindIssuer(address issuer, uint32 institutionId) external restricted whenNotPaused {
        if (issuer == address(0)) revert DiplomaRegistryInvalidIssuer(issuer);
        DiplomaRegistryStorage storage $ = _storage();
        uint32 current = $.bindings[issuer].institutionId;
        if (current != 0) revert DiplomaRegistryIssuerAlreadyBound(issuer, current);
        InstitutionRecord storage inst = _existingInstitution(institutionId);
        if (inst.issuers.length() >= MAX_ISSUERS_PER_INSTITUTION) {
            revert DiplomaRegistryTooManyIssuers(institutionId, MAX_ISSUERS_PER_INSTITUTION);
        }
        $.bindings[issuer] = Binding({
            institutionId: institutionId,
            canIssue: inst.status == InstitutionStatus.Accredited
        });
        inst.issuers.add(issuer);
        emit IssuerBound(issuer, institutionId);
    }

    /// @inheritdoc IDiplomaRegistry
    function unbindIssuer(address issuer) external restricted whenNotPaused {
        DiplomaRegistryStorage storage $ = _storage();
        uint32 institutionId = _binding(issuer).institutionId;
        delete $.bindings[issuer];
        $.institutions[institutionId].issuers.remove(issuer);
        emit IssuerUnbound(issuer, institutionId);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeAsAccreditor(
        uint32 institutionId,
        bytes32 documentHash,
        uint16 reason
    ) external restricted whenNotPaused {
        _checkReason(_existingDiploma(institutionId, documentHash), reason);
        _revoke(documentHash, institutionId, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeInBatchAsAccreditor(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma calldata diploma,
        uint16 reason
    ) external restricted whenNotPaused {
        _checkReason(_existingBatch(institutionId, root), reason);
        _revokeInBatch(_storage().statusLists[institutionId][root], institutionId, root, diploma, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeManyInBatchAsAccreditor(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma[] calldata diplomas,
        uint16 reason
    ) external restricted whenNotPaused {
        _revokeManyInBatch(institutionId, root, diplomas, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function defineKind(
        string calldata name,
        KindRules calldata rules
    ) external restricted whenNotPaused returns (uint16 kind) {
        if (bytes(name).length == 0) revert DiplomaRegistryEmptyName();
        Text.check(name, Text.Kind.Name, "name");
        return _defineKind(name, rules.expires, rules.suspendable, rules.reasonCodes);
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditForKind(
        uint32 institutionId,
        uint16 kind,
        uint48 from,
        bytes32 document
    ) external restricted whenNotPaused {
        if (document == bytes32(0)) revert DiplomaRegistryEmptyDocumentHash();
        _changeKindAccreditation(institutionId, kind, from, true, document);
    }

    /// @inheritdoc IDiplomaRegistry
    function withdrawKind(
        uint32 institutionId,
        uint16 kind,
        uint48 from,
        bytes32 basis
    ) external restricted whenNotPaused {
        if (basis == bytes32(0)) revert DiplomaRegistryEmptyBasis();
        _changeKindAccreditation(institutionId, kind, from, false, basis);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: issuer
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDiplomaRegistry
    function issue(DiplomaData calldata diploma) external restricted whenNotPaused {
        _issue(_issuingInstitution(msg.sender), 0, diploma);
    }

    /// @inheritdoc IDiplomaRegistry
    function issueBatch(bytes32 root, uint32 diplomaCount) external restricted whenNotPaused {
        _issueBatch(_issuingInstitution(msg.sender), 0, root, diplomaCount);
    }

    /// @inheritdoc IDiplomaRegistry
    function issueCredential(
        uint16 kind,
        DiplomaData calldata credential,
        Validity calldata validity
    ) external restricted whenNotPaused {
        uint32 institutionId = _issuingInstitutionFor(kind, validity);
        _issue(institutionId, kind, credential);
        _recordTerms(bytes32(0), credential.documentHash, institutionId, kind, validity);
    }

    /// @inheritdoc IDiplomaRegistry
    function issueCredentialBatch(
        uint16 kind,
        bytes32 root,
        uint32 credentialCount,
        Validity calldata validity
    ) external restricted whenNotPaused {
        uint32 institutionId = _issuingInstitutionFor(kind, validity);
        _issueBatch(institutionId, kind, root, credentialCount);
        _recordTerms(root, bytes32(0), institutionId, kind, validity);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspend(bytes32 documentHash, uint16 reason, bytes32 basis) external restricted whenNotPaused {
        _setSuspended(documentHash, true, reason, basis);
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstate(bytes32 documentHash, bytes32 basis) external restricted whenNotPaused {
        _setSuspended(documentHash, false, 0, basis);
    }

    /// @inheritdoc IDiplomaRegistry
    function suspendInBatch(
        bytes32 root,
        BatchDiploma calldata credential,
        uint16 reason,
        bytes32 basis
    ) external restricted whenNotPaused {
        _setSuspendedInBatch(root, credential, true, reason, basis);
    }

    /// @inheritdoc IDiplomaRegistry
    function reinstateInBatch(
        bytes32 root,
        BatchDiploma calldata credential,
        bytes32 basis
    ) external restricted whenNotPaused {
        _setSuspendedInBatch(root, credential, false, 0, basis);
    }

    /// @inheritdoc IDiplomaRegistry
    function publishSigningKey(bytes32 publicKey) external restricted whenNotPaused returns (uint256 keyIndex) {
        if (publicKey == bytes32(0)) revert DiplomaRegistryEmptyPublicKey();
        uint32 institutionId = _binding(msg.sender).institutionId;
        SigningKey[] storage keys = _storage().signingKeys[institutionId];
        keyIndex = keys.length;
        uint40 now_ = uint40(block.timestamp);
        if (keyIndex != 0) keys[keyIndex - 1].validUntil = now_;
        keys.push(SigningKey({publicKey: publicKey, validFrom: now_, validUntil: 0, compromisedFrom: 0}));
        emit SigningKeyPublished(institutionId, keyIndex, publicKey, msg.sender);
    }

    /// @inheritdoc IDiplomaRegistry
    function markKeyCompromised(uint256 keyIndex, uint40 from) external restricted whenNotPaused {
        uint32 institutionId = _binding(msg.sender).institutionId;
        SigningKey[] storage keys = _storage().signingKeys[institutionId];
        if (keyIndex >= keys.length) revert DiplomaRegistryUnknownKey(institutionId, keyIndex);
        SigningKey storage key = keys[keyIndex];
        if (key.compromisedFrom != 0) revert DiplomaRegistryKeyAlreadyCompromised(institutionId, keyIndex);
        if (from < key.validFrom || from > block.timestamp) {
            revert DiplomaRegistryInvalidCompromiseDate(from, key.validFrom);
        }
        key.compromisedFrom = from;
        emit SigningKeyCompromised(institutionId, keyIndex, from, msg.sender);
    }

    /// @inheritdoc IDiplomaRegistry
    function revoke(bytes32 documentHash, uint16 reason) external restricted whenNotPaused {
        uint32 institutionId = _binding(msg.sender).institutionId;
        _checkReason(_existingDiploma(institutionId, documentHash), reason);
        _revoke(documentHash, institutionId, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeInBatch(
        bytes32 root,
        BatchDiploma calldata diploma,
        uint16 reason
    ) external restricted whenNotPaused {
        uint32 institutionId = _binding(msg.sender).institutionId;
        _checkReason(_existingBatch(institutionId, root), reason);
        _revokeInBatch(_storage().statusLists[institutionId][root], institutionId, root, diploma, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function revokeManyInBatch(
        bytes32 root,
        BatchDiploma[] calldata diplomas,
        uint16 reason
    ) external restricted whenNotPaused {
        _revokeManyInBatch(_binding(msg.sender).institutionId, root, diplomas, reason);
    }

    /// @inheritdoc IDiplomaRegistry
    function reissue(
        bytes32 oldDocumentHash,
        uint16 reason,
        DiplomaData calldata diploma
    ) external restricted whenNotPaused {
        uint32 institutionId = _issuingInstitution(msg.sender);
        uint16 kind = _existingDiploma(institutionId, oldDocumentHash);
        _checkReason(kind, reason);
        _requireOtherDocument(oldDocumentHash, diploma);
        _revoke(oldDocumentHash, institutionId, reason);
        _supersede(bytes32(0), oldDocumentHash, institutionId, kind, diploma);
    }

    /// @inheritdoc IDiplomaRegistry
    function reissueFromBatch(
        bytes32 root,
        BatchDiploma calldata old,
        uint16 reason,
        DiplomaData calldata diploma
    ) external restricted whenNotPaused {
        uint32 institutionId = _issuingInstitution(msg.sender);
        uint16 kind = _existingBatch(institutionId, root);
        _checkReason(kind, reason);
        _requireOtherDocument(old.documentHash, diploma);
        _revokeInBatch(_storage().statusLists[institutionId][root], institutionId, root, old, reason);
        _supersede(root, old.documentHash, institutionId, kind, diploma);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: reads
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function version() external pure returns (string memory) {
        return "1.1.0";
    }

    /// @inheritdoc IDiplomaRegistry
    function verify(uint32 institutionId, bytes32 documentHash) external view returns (Verification memory) {
        DiplomaRegistryStorage storage $ = _storage();
        Revocation storage revocation = $.revocations[institutionId][bytes32(0)][documentHash];
        return
            _verification(
                $.diplomas[institutionId][documentHash],
                revocation.revokedAt != 0,
                revocation.suspendedAt != 0,
                revocation,
                $.diplomaTerms[institutionId][documentHash]
            );
    }

    /// @inheritdoc IDiplomaRegistry
    function verifyInBatch(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma calldata diploma
    ) external view returns (Verification memory verification) {
        if (!_proves(root, diploma)) return verification;
        DiplomaRegistryStorage storage $ = _storage();
        return
            _verification(
                $.batches[institutionId][root],
                _isSet($.statusLists[institutionId][root], diploma.statusIndex),
                _isSet($.suspensionLists[institutionId][root], diploma.statusIndex),
                $.revocations[institutionId][root][diploma.documentHash],
                $.batchTerms[institutionId][root]
            );
    }

    /// @inheritdoc IDiplomaRegistry
    function isRevokedInBatch(uint32 institutionId, bytes32 root, uint32 statusIndex) external view returns (bool) {
        return _isSet(_storage().statusLists[institutionId][root], statusIndex);
    }

    /// @inheritdoc IDiplomaRegistry
    function isSuspendedInBatch(uint32 institutionId, bytes32 root, uint32 statusIndex) external view returns (bool) {
        return _isSet(_storage().suspensionLists[institutionId][root], statusIndex);
    }

    /// @inheritdoc IDiplomaRegistry
    function credentialKind(uint16 kind) external view returns (CredentialKind memory) {
        KindRecord storage record = _existingKind(kind);
        return CredentialKind({rules: record.rules, name: record.name});
    }

    /// @inheritdoc IDiplomaRegistry
    function kindCount() external view returns (uint16) {
        return _storage().kindCount;
    }

    /// @inheritdoc IDiplomaRegistry
    function signingKeyCount(uint32 institutionId) external view returns (uint256) {
        return _storage().signingKeys[institutionId].length;
    }

    /// @inheritdoc IDiplomaRegistry
    function signingKey(uint32 institutionId, uint256 keyIndex) external view returns (SigningKey memory) {
        SigningKey[] storage keys = _storage().signingKeys[institutionId];
        if (keyIndex >= keys.length) revert DiplomaRegistryUnknownKey(institutionId, keyIndex);
        return keys[keyIndex];
    }

    /// @inheritdoc IDiplomaRegistry
    function batchLeaf(
        bytes32 documentHash,
        bytes32 holderCommitment,
        uint32 statusIndex
    ) external pure returns (bytes32) {
        return _leaf(documentHash, holderCommitment, statusIndex);
    }

    /// @inheritdoc IDiplomaRegistry
    function institution(uint32 institutionId) external view returns (Institution memory) {
        InstitutionRecord storage inst = _existingInstitution(institutionId);
        return
            Institution({
                status: inst.status,
                country: inst.country,
                registeredAt: inst.registeredAt,
                issuerCount: uint32(inst.issuers.length()),
                accreditationDocument: inst.accreditationDocument,
                name: inst.name
            });
    }

    /// @inheritdoc IDiplomaRegistry
    function institutionCount() external view returns (uint32) {
        return _storage().institutionCount;
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditedAt(uint32 institutionId, uint48 timestamp) external view returns (bool) {
        return _storage().institutions[institutionId].accreditation.upperLookup(timestamp) != 0;
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditationHistoryLength(uint32 institutionId) external view returns (uint256) {
        return _existingInstitution(institutionId).accreditation.length();
    }

    /// @inheritdoc IDiplomaRegistry
    function accreditationHistory(
        uint32 institutionId,
        uint256 offset,
        uint256 limit
    ) external view returns (AccreditationChange[] memory changes) {
        return _history(_existingInstitution(institutionId).accreditation, offset, limit);
    }

    /// @inheritdoc IDiplomaRegistry
    function institutionOf(address issuer) external view returns (uint32) {
        return _storage().bindings[issuer].institutionId;
    }

    /// @inheritdoc IDiplomaRegistry
    function issuersOf(
        uint32 institutionId,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory issuers) {
        EnumerableSet.AddressSet storage bound = _existingInstitution(institutionId).issuers;
        uint256 count = Paging.size(offset, limit, bound.length(), DiplomaRegistryInvalidPage.selector);
        issuers = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            issuers[i] = bound.at(offset + i);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private: changes
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Records a credential of `kind` issued alone by the caller for `institutionId`.
    function _issue(uint32 institutionId, uint16 kind, DiplomaData calldata diploma) private {
        bytes32 documentHash = diploma.documentHash;
        if (documentHash == bytes32(0)) revert DiplomaRegistryEmptyDocumentHash();
        if (diploma.holderCommitment == bytes32(0)) revert DiplomaRegistryEmptyHolderCommitment();
        uint40 awardedAt = diploma.awardedAt;
        if (awardedAt == 0 || awardedAt > block.timestamp) revert DiplomaRegistryInvalidAwardDate(awardedAt);
        Issuance storage record = _storage().diplomas[institutionId][documentHash];
        if (record.issuedAt != 0) revert DiplomaRegistryDuplicateDocument(institutionId, documentHash);
        _record(record, institutionId, kind);
        emit DiplomaIssued(
            documentHash,
            institutionId,
            diploma.holderWallet,
            msg.sender,
            diploma.holderCommitment,
            diploma.programmeCode,
            awardedAt
        );
    }

    /// @dev Records a batch of `kind` issued by the caller for `institutionId` under `root`.
    function _issueBatch(uint32 institutionId, uint16 kind, bytes32 root, uint32 count) private {
        if (root == bytes32(0)) revert DiplomaRegistryEmptyRoot();
        if (count == 0) revert DiplomaRegistryEmptyBatch(root);
        Issuance storage batch = _storage().batches[institutionId][root];
        if (batch.issuedAt != 0) revert DiplomaRegistryDuplicateRoot(institutionId, root);
        _record(batch, institutionId, kind);
        emit BatchIssued(root, institutionId, msg.sender, count);
    }

    /// @dev Writes an issuance by the caller, now, in one store.
    function _record(Issuance storage record, uint32 institutionId, uint16 kind) private {
        // The slot is known to be empty, so it is written whole instead of read, masked and written field by field
        // as the compiler does for packed fields: measured 150 gas less per issue.
        assembly ("memory-safe") {
            sstore(record.slot, or(or(caller(), shl(160, institutionId)), or(shl(192, timestamp()), shl(232, kind))))
        }
    }

    /**
     * @dev Writes the validity window of a credential issued alone (`root` zero) or of a batch (`documentHash` zero),
     * only when one is given (a zero window is what an empty slot reads), and emits {CredentialTermsRecorded}.
     */
    function _recordTerms(
        bytes32 root,
        bytes32 documentHash,
        uint32 institutionId,
        uint16 kind,
        Validity memory validity
    ) private {
        if (validity.validFrom != 0 || validity.expiresAt != 0) {
            DiplomaRegistryStorage storage $ = _storage();
            if (root == bytes32(0)) $.diplomaTerms[institutionId][documentHash] = validity;
            else $.batchTerms[institutionId][root] = validity;
        }
        emit CredentialTermsRecorded(root, documentHash, institutionId, kind, validity.validFrom, validity.expiresAt);
    }

    /// @dev Appends a credential kind.
    function _defineKind(
        string memory name,
        bool expires,
        bool suspendable,
        uint256 reasonCodes
    ) private returns (uint16 kind) {
        DiplomaRegistryStorage storage $ = _storage();
        kind = $.kindCount;
        ++$.kindCount;
        KindRecord storage record = $.kinds[kind];
        record.rules = KindRules({expires: expires, suspendable: suspendable, reasonCodes: reasonCodes});
        record.name = name;
        emit CredentialKindDefined(kind, name, expires, suspendable, reasonCodes);
    }

    /**
     * @dev Appends to an institution's accreditation history for a kind. An accreditation takes effect from now at
     * the earliest, a withdrawal from the next second (so that a credential issued in the current second keeps reading
     * as accredited at issuance); neither goes before the history's last entry.
     */
    function _changeKindAccreditation(
        uint32 institutionId,
        uint16 kind,
        uint48 from,
        bool accredited,
        bytes32 document
    ) private {
        _existingInstitution(institutionId);
        if (kind == 0) revert DiplomaRegistryNoAccreditationPerKind(kind);
        _existingKind(kind);
        Checkpoints.Trace208 storage history = _storage().kindAccreditations[institutionId][kind];
        (, uint48 lastKey, uint208 lastValue) = history.latestCheckpoint();
        if ((lastValue != 0) == accredited) {
            revert DiplomaRegistryKindAccreditationUnchanged(institutionId, kind, accredited);
        }
        uint48 earliest = uint48(block.timestamp) + (accredited ? 0 : 1);
        if (lastKey > earliest) earliest = lastKey;
        if (from < earliest) revert DiplomaRegistryInvalidAccreditationDate(from, earliest);
        history.push(from, accredited ? 1 : 0);
        emit KindAccreditationChanged(institutionId, kind, accredited, from, document);
    }

    /**
     * @dev Suspends (`suspended`) or reinstates a credential the caller's institution issued alone. A suspension needs a
     * suspendable kind that lists `reason`; either needs a credential that is not revoked.
     */
    function _setSuspended(bytes32 documentHash, bool suspended, uint16 reason, bytes32 basis) private {
        if (basis == bytes32(0)) revert DiplomaRegistryEmptyBasis();
        uint32 institutionId = _binding(msg.sender).institutionId;
        uint16 kind = _existingDiploma(institutionId, documentHash);
        Revocation storage revocation = _storage().revocations[institutionId][bytes32(0)][documentHash];
        if (suspended) _checkSuspension(kind, reason);
        if (revocation.revokedAt != 0) revert DiplomaRegistryAlreadyRevoked(bytes32(0), documentHash);
        if (suspended == (revocation.suspendedAt != 0)) _suspensionUnchanged(suspended, bytes32(0), documentHash);
        revocation.suspendedAt = suspended ? uint40(block.timestamp) : 0;
        revocation.suspensionReason = reason;
        _emitSuspension(bytes32(0), documentHash, institutionId, 0, suspended, reason, basis);
    }

    /**
     * @dev Sets (suspends) or clears (reinstates) the bit of a credential in a batch's suspension list of the caller's
     * institution, after checking its proof and that it is not revoked.
     */
    function _setSuspendedInBatch(
        bytes32 root,
        BatchDiploma calldata credential,
        bool suspended,
        uint16 reason,
        bytes32 basis
    ) private {
        if (basis == bytes32(0)) revert DiplomaRegistryEmptyBasis();
        uint32 institutionId = _binding(msg.sender).institutionId;
        uint16 kind = _existingBatch(institutionId, root);
        if (suspended) _checkSuspension(kind, reason);
        bytes32 documentHash = credential.documentHash;
        if (!_proves(root, credential)) {
            revert DiplomaRegistryInvalidProof(root, documentHash, credential.holderCommitment, credential.statusIndex);
        }
        DiplomaRegistryStorage storage $ = _storage();
        if (_isSet($.statusLists[institutionId][root], credential.statusIndex)) {
            revert DiplomaRegistryAlreadyRevoked(root, documentHash);
        }
        mapping(uint256 => uint256) storage list = $.suspensionLists[institutionId][root];
        if (suspended == _isSet(list, credential.statusIndex)) _suspensionUnchanged(suspended, root, documentHash);
        list[credential.statusIndex >> 8] ^= 1 << (credential.statusIndex & 0xff);
        _emitSuspension(root, documentHash, institutionId, credential.statusIndex, suspended, reason, basis);
    }

    /// @dev Reverts with {DiplomaRegistryAlreadySuspended} or {DiplomaRegistryNotSuspended}.
    function _suspensionUnchanged(bool suspended, bytes32 root, bytes32 documentHash) private pure {
        if (suspended) revert DiplomaRegistryAlreadySuspended(root, documentHash);
        revert DiplomaRegistryNotSuspended(root, documentHash);
    }

    /// @dev Emits {CredentialSuspended} or {CredentialReinstated}.
    function _emitSuspension(
        bytes32 root,
        bytes32 documentHash,
        uint32 institutionId,
        uint32 statusIndex,
        bool suspended,
        uint16 reason,
        bytes32 basis
    ) private {
        if (suspended) {
            emit CredentialSuspended(root, documentHash, institutionId, statusIndex, msg.sender, reason, basis);
        } else {
            emit CredentialReinstated(root, documentHash, institutionId, statusIndex, msg.sender, basis);
        }
    }

    /// @dev Revokes the diploma `documentHash` that `institutionId` issued alone.
    function _revoke(bytes32 documentHash, uint32 institutionId, uint16 reason) private {
        Revocation storage revocation = _storage().revocations[institutionId][bytes32(0)][documentHash];
        if (revocation.revokedAt != 0) revert DiplomaRegistryAlreadyRevoked(bytes32(0), documentHash);
        revocation.revokedAt = uint40(block.timestamp);
        revocation.reason = reason;
        emit DiplomaRevoked(bytes32(0), documentHash, institutionId, msg.sender, reason);
    }

    /**
     * @dev Revokes many diplomas of one batch, each through {_revokeInBatch}. The loop runs over the caller's list
     * (at most {MAX_REVOCATIONS_PER_CALL}), not over anything the registry keeps.
     */
    function _revokeManyInBatch(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma[] calldata diplomas,
        uint16 reason
    ) private {
        _checkReason(_existingBatch(institutionId, root), reason);
        uint256 count = diplomas.length;
        if (count == 0 || count > MAX_REVOCATIONS_PER_CALL) {
            revert DiplomaRegistryInvalidRevocationCount(count, MAX_REVOCATIONS_PER_CALL);
        }
        mapping(uint256 => uint256) storage statusList = _storage().statusLists[institutionId][root];
        for (uint256 i = 0; i < count; ++i) {
            _revokeInBatch(statusList, institutionId, root, diplomas[i], reason);
        }
    }

    /**
     * @dev Revokes the diploma of a batch that `institutionId` issued: checks its proof, which fixes its status index,
     * and sets that bit of the batch's status list. The caller checked that the institution issued the batch.
     */
    function _revokeInBatch(
        mapping(uint256 => uint256) storage statusList,
        uint32 institutionId,
        bytes32 root,
        BatchDiploma calldata diploma,
        uint16 reason
    ) private {
        bytes32 documentHash = diploma.documentHash;
        uint32 statusIndex = diploma.statusIndex;
        if (!_proves(root, diploma)) {
            revert DiplomaRegistryInvalidProof(root, documentHash, diploma.holderCommitment, statusIndex);
        }
        uint256 word = statusIndex >> 8;
        uint256 bits = statusList[word];
        uint256 bit = 1 << (statusIndex & 0xff);
        if (bits & bit != 0) revert DiplomaRegistryAlreadyRevoked(root, documentHash);
        statusList[word] = bits | bit;
        emit DiplomaRevokedInBatch(
            root,
            documentHash,
            institutionId,
            statusIndex,
            msg.sender,
            reason,
            uint40(block.timestamp)
        );
    }

    /// @dev Reverts with {DiplomaRegistryReissueOfItself} when the corrected diploma is the one it replaces.
    function _requireOtherDocument(bytes32 oldDocumentHash, DiplomaData calldata diploma) private pure {
        if (diploma.documentHash == oldDocumentHash) revert DiplomaRegistryReissueOfItself(oldDocumentHash);
    }

    /// @dev Issues the corrected version of a revoked diploma alone and links the old (under `root`) to the new.
    function _supersede(
        bytes32 root,
        bytes32 oldDocumentHash,
        uint32 institutionId,
        uint16 kind,
        DiplomaData calldata diploma
    ) private {
        _issue(institutionId, kind, diploma);
        DiplomaRegistryStorage storage $ = _storage();
        if (kind != 0) {
            // A corrected credential keeps the kind and the validity window of the one it replaces.
            _recordTerms(
                bytes32(0),
                diploma.documentHash,
                institutionId,
                kind,
                root == bytes32(0) ? $.diplomaTerms[institutionId][oldDocumentHash] : $.batchTerms[institutionId][root]
            );
        }
        $.revocations[institutionId][root][oldDocumentHash].supersededBy = diploma.documentHash;
        emit DiplomaSuperseded(root, oldDocumentHash, diploma.documentHash, institutionId);
    }

    /// @dev Changes an institution's standing, records it in the history and tells its issuers' bindings.
    function _setAccredited(InstitutionRecord storage inst, bool accredited) private {
        inst.status = accredited ? InstitutionStatus.Accredited : InstitutionStatus.Suspended;
        _recordAccreditation(inst, accredited);
        DiplomaRegistryStorage storage $ = _storage();
        uint256 count = inst.issuers.length();
        for (uint256 i = 0; i < count; ++i) {
            $.bindings[inst.issuers.at(i)].canIssue = accredited;
        }
    }

    /**
     * @dev Appends to an institution's accreditation history. A suspension is keyed one second later, so that the
     * history reads "accredited at some moment of that second": a diploma issued earlier in the same second still reads
     * as accredited at issuance. A reinstatement in that same second overwrites the suspension's entry.
     */
    function _recordAccreditation(InstitutionRecord storage inst, bool accredited) private {
        uint48 key = uint48(block.timestamp);
        if (accredited) {
            (, uint48 lastKey, ) = inst.accreditation.latestCheckpoint();
            if (lastKey > key) key = lastKey;
        } else {
            ++key;
        }
        inst.accreditation.push(key, accredited ? 1 : 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal: the access check
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev The check of `restricted`: asks the authority's `canCall` for the calling account, this contract and the called
     * selector, as {AccessManagedUpgradeable-_checkCanCall} does, with the call encoded in scratch memory rather than
     * in an allocated `bytes` (measured: about 300 gas less on every restricted write). A call that is not allowed at
     * once (refused, or allowed after a delay through a scheduled operation) goes to OpenZeppelin's check, which asks
     * again and decides: it consumes the scheduled operation or reverts with `AccessManagedUnauthorized`.
     */
    function _checkCanCall(address account, bytes calldata data) internal override {
        address manager = authority();
        bool immediate;
        assembly ("memory-safe") {
            let query := mload(0x40)
            mstore(query, shl(224, 0xb7009613)) // canCall(address,address,bytes4)
            mstore(add(query, 0x04), account)
            mstore(add(query, 0x24), address())
            mstore(add(query, 0x44), and(calldataload(data.offset), shl(224, 0xffffffff)))
            mstore(0x00, 0)
            if staticcall(gas(), manager, query, 0x64, 0x00, 0x20) {
                immediate := mload(0x00)
            }
        }
        if (!immediate) super._checkCanCall(account, data);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private: checks and reads
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev The institution `issuer` is bound to, which must be accredited. The binding is read through a storage
     * pointer rather than copied into a memory struct, which the compiler does field by field.
     */
    function _issuingInstitution(address issuer) private view returns (uint32 institutionId) {
        Binding storage binding = _storage().bindings[issuer];
        institutionId = binding.institutionId;
        if (institutionId == 0) revert DiplomaRegistryIssuerNotBound(issuer);
        if (!binding.canIssue) revert DiplomaRegistryInstitutionSuspended(institutionId);
    }

    /**
     * @dev The institution the caller is bound to, which must be accredited, and accredited for `kind` now unless it is
     * 0; `validity` must fit the kind's rules.
     */
    function _issuingInstitutionFor(
        uint16 kind,
        Validity calldata validity
    ) private view returns (uint32 institutionId) {
        institutionId = _issuingInstitution(msg.sender);
        KindRules storage rules = _existingKind(kind).rules;
        if (
            kind != 0 &&
            _storage().kindAccreditations[institutionId][kind].upperLookupRecent(uint48(block.timestamp)) == 0
        ) {
            revert DiplomaRegistryKindNotAccredited(institutionId, kind);
        }
        uint40 expiresAt = validity.expiresAt;
        bool fits = rules.expires ? expiresAt > block.timestamp && expiresAt > validity.validFrom : expiresAt == 0;
        if (!fits) revert DiplomaRegistryInvalidValidity(kind, validity.validFrom, expiresAt);
    }

    /// @dev Reverts with {DiplomaRegistryReasonNotAllowed} unless the kind lists `reason`; diplomas take any reason.
    function _checkReason(uint16 kind, uint16 reason) private view {
        if (kind != 0 && (reason > 255 || (_storage().kinds[kind].rules.reasonCodes >> reason) & 1 == 0)) {
            revert DiplomaRegistryReasonNotAllowed(kind, reason);
        }
    }

    /// @dev Reverts unless credentials of the kind can be suspended for `reason`.
    function _checkSuspension(uint16 kind, uint16 reason) private view {
        if (!_storage().kinds[kind].rules.suspendable) revert DiplomaRegistryNotSuspendable(kind);
        _checkReason(kind, reason);
    }

    /// @dev A defined kind, or a revert with {DiplomaRegistryUnknownKind}.
    function _existingKind(uint16 kind) private view returns (KindRecord storage record) {
        DiplomaRegistryStorage storage $ = _storage();
        if (kind >= $.kindCount) revert DiplomaRegistryUnknownKind(kind);
        return $.kinds[kind];
    }

    /// @dev Whether the institution was accredited, and for the kind unless it is 0, at `timestamp`.
    function _accreditedFor(uint32 institutionId, uint16 kind, uint48 timestamp) private view returns (bool) {
        DiplomaRegistryStorage storage $ = _storage();
        return
            $.institutions[institutionId].accreditation.upperLookupRecent(timestamp) != 0 &&
            (kind == 0 || $.kindAccreditations[institutionId][kind].upperLookupRecent(timestamp) != 0);
    }

    /// @dev A page of an accreditation history.
    function _history(
        Checkpoints.Trace208 storage history,
        uint256 offset,
        uint256 limit
    ) private view returns (AccreditationChange[] memory changes) {
        uint256 count = Paging.size(offset, limit, history.length(), DiplomaRegistryInvalidPage.selector);
        changes = new AccreditationChange[](count);
        for (uint256 i = 0; i < count; ++i) {
            Checkpoints.Checkpoint208 memory entry = history.at(uint32(offset + i));
            changes[i] = AccreditationChange({from: entry._key, accredited: entry._value != 0});
        }
    }

    /// @dev The binding of `issuer`, or a revert with {DiplomaRegistryIssuerNotBound}.
    function _binding(address issuer) private view returns (Binding memory binding) {
        binding = _storage().bindings[issuer];
        if (binding.institutionId == 0) revert DiplomaRegistryIssuerNotBound(issuer);
    }

    /// @dev Whether the diploma's proof places its leaf under `root`.
    function _proves(bytes32 root, BatchDiploma calldata diploma) private pure returns (bool) {
        return
            MerkleProof.verifyCalldata(
                diploma.proof,
                root,
                _leaf(diploma.documentHash, diploma.holderCommitment, diploma.statusIndex)
            );
    }

    /// @dev Whether the bit `statusIndex` of a batch's status list is set.
    function _isSet(mapping(uint256 => uint256) storage statusList, uint32 statusIndex) private view returns (bool) {
        return statusList[statusIndex >> 8] & (1 << (statusIndex & 0xff)) != 0;
    }

    /// @dev The kind of a credential the institution issued alone, or a revert with {DiplomaRegistryUnknownDiploma}.
    function _existingDiploma(uint32 institutionId, bytes32 documentHash) private view returns (uint16) {
        Issuance storage record = _storage().diplomas[institutionId][documentHash];
        if (record.issuedAt == 0) revert DiplomaRegistryUnknownDiploma(institutionId, documentHash);
        return record.kind;
    }

    /// @dev The kind of a batch the institution issued, or a revert with {DiplomaRegistryUnknownBatch}.
    function _existingBatch(uint32 institutionId, bytes32 root) private view returns (uint16) {
        Issuance storage batch = _storage().batches[institutionId][root];
        if (batch.issuedAt == 0) revert DiplomaRegistryUnknownBatch(institutionId, root);
        return batch.kind;
    }

    /// @dev A registered institution, or a revert with {DiplomaRegistryUnknownInstitution}.
    function _existingInstitution(uint32 institutionId) private view returns (InstitutionRecord storage inst) {
        inst = _storage().institutions[institutionId];
        if (inst.status == InstitutionStatus.None) revert DiplomaRegistryUnknownInstitution(institutionId);
    }

    /// @dev A registered institution in the `expected` status.
    function _institutionIn(
        uint32 institutionId,
        InstitutionStatus expected
    ) private view returns (InstitutionRecord storage inst) {
        inst = _existingInstitution(institutionId);
        if (inst.status != expected) revert DiplomaRegistryUnexpectedInstitutionStatus(institutionId, inst.status);
    }

    /**
     * @dev What verification answers for an issuance, whether it is revoked and its revocation record (time and reason
     * for a diploma issued alone, the successor for either kind); unknown when nothing was issued.
     */
    function _verification(
        Issuance storage record,
        bool revoked,
        bool suspended,
        Revocation storage revocation,
        Validity storage terms
    ) private view returns (Verification memory verification) {
        uint40 issuedAt = record.issuedAt;
        if (issuedAt == 0) return verification;
        uint32 institutionId = record.institutionId;
        uint16 kind = record.kind;
        verification.institutionId = institutionId;
        verification.issuer = record.issuer;
        verification.issuedAt = issuedAt;
        verification.accreditedAtIssuance = _accreditedFor(institutionId, kind, issuedAt);
        verification.revokedAt = revocation.revokedAt;
        verification.revocationReason = revocation.reason;
        verification.supersededBy = revocation.supersededBy;
        verification.kind = kind;
        uint40 validFrom = terms.validFrom;
        uint40 expiresAt = terms.expiresAt;
        verification.validFrom = validFrom == 0 ? issuedAt : validFrom;
        verification.expiresAt = expiresAt;
        verification.suspendedAt = revocation.suspendedAt;
        verification.suspensionReason = revocation.suspensionReason;
        if (revoked) verification.status = DiplomaStatus.Revoked;
        else if (suspended) verification.status = DiplomaStatus.Suspended;
        else if (expiresAt != 0 && block.timestamp >= expiresAt) verification.status = DiplomaStatus.Expired;
        else if (block.timestamp < verification.validFrom) verification.status = DiplomaStatus.NotYetValid;
        else verification.status = DiplomaStatus.Valid;
    }

    /// @dev The `StandardMerkleTree` leaf of `[documentHash, holderCommitment, statusIndex]`.
    function _leaf(bytes32 documentHash, bytes32 holderCommitment, uint32 statusIndex) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(documentHash, holderCommitment, statusIndex))));
    }

    /// @dev Whether `country` is two upper-case ASCII letters.
    function _isCountryCode(bytes2 country) private pure returns (bool) {
        return _isUpperLetter(country[0]) && _isUpperLetter(country[1]);
    }

    function _isUpperLetter(bytes1 char) private pure returns (bool) {
        return char >= "A" && char <= "Z";
    }

    function _storage() private pure returns (DiplomaRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }
}
