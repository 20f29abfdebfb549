// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ITextErrors} from "../common/ITextErrors.sol";

/**
 * @title IDiplomaRegistry
 * @notice The register of diplomas: accredited institutions, the issuer accounts that act for them, and the diplomas
 * they issue, one at a time or a whole graduating class at once under a Merkle root. Anyone can verify a diploma and
 * learn whether it is valid, who issued it, when, and whether the institution was accredited at the time.
 * @dev No personal data is kept. A diploma is known by the hash of its canonical document (which binds the holder,
 * the programme and the award date); the holder appears only as a salted commitment and an optional wallet.
 *
 * Batches: a class is one Merkle root built like OpenZeppelin's merkle-tree library `StandardMerkleTree` builds it,
 * over leaves of types `["bytes32", "bytes32", "uint32"]` = `[documentHash, holderCommitment, statusIndex]`, that is
 * `leaf = keccak256(bytes.concat(keccak256(abi.encode(documentHash, holderCommitment, statusIndex))))`, with
 * sorted-pair hashing. A diploma inside a batch is known by its document hash under its root.
 *
 * Status lists: as in the W3C Bitstring Status List, each batch keeps one bit per diploma, at the diploma's
 * `statusIndex` (its position in the class list, from 0): a set bit means revoked. The index is part of the leaf, so
 * the proof that places a diploma under its root also fixes its bit. Revoking many diplomas of a class in one call
 * then writes one storage word per 256 of them; the time and reason of each revocation are in its
 * {DiplomaRevokedInBatch} event, not in storage. A class list gives every diploma its own index; two diplomas that an
 * issuer gave the same index would share one status.
 *
 * Access: every write is wired in the GovernmentAuthority to one role. ACCREDITOR keeps institutions and the
 * binding of issuer accounts to them and may revoke any diploma; DIPLOMA_ISSUER accounts issue and revoke, each only
 * for the institution the registry binds it to.
 */
interface IDiplomaRegistry is ITextErrors {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The standing of an institution.
    enum InstitutionStatus {
        None, // never registered
        Accredited, // its issuers may issue diplomas
        Suspended // no diploma can be issued until it is reinstated; its diplomas stay as they are
    }

    /// @notice What {verify} and {verifyInBatch} answer about a diploma.
    enum DiplomaStatus {
        Unknown, // never issued here (or the proof does not place it under the root)
        Valid, // issued and not revoked
        Revoked // issued, then revoked; see the revocation time, reason and superseding record
    }

    /// @notice An institution as read by integrators.
    struct Institution {
        InstitutionStatus status; // current standing
        bytes2 country; // ISO 3166-1 alpha-2 code, for example "FR"
        uint40 registeredAt; // when the ACCREDITOR first registered it
        uint32 issuerCount; // issuer accounts bound to it now
        bytes32 accreditationDocument; // hash of the document of its current (or last) accreditation
        string name; // official name
    }

    /// @notice One entry of an institution's accreditation history.
    struct AccreditationChange {
        uint48 from; // the first second to which `accredited` applies (see {accreditedAt})
        bool accredited; // whether the institution is accredited from then on
    }

    /**
     * @notice A diploma to issue. Only what {verify} needs is stored; the rest is in {DiplomaIssued}.
     * @dev The programme code and award date are also inside the hashed document; they travel in the event so that
     * integrators can index diplomas without the document.
     */
    struct DiplomaData {
        bytes32 documentHash; // keccak256 of the canonical diploma document
        bytes32 holderCommitment; // salted commitment to the holder's identity, never the identity itself
        address holderWallet; // the holder's account, or zero for none
        bytes32 programmeCode; // programme / degree code, for example an ISCED-F code or the hash of a local code
        uint40 awardedAt; // the award date, as a Unix time; not in the future
    }

    /// @notice A diploma of a batch as its holder's proof file names it.
    struct BatchDiploma {
        bytes32 documentHash; // keccak256 of the canonical diploma document
        bytes32 holderCommitment; // the salted holder commitment of its leaf
        uint32 statusIndex; // its bit in the batch's status list: its position in the class list, from 0
        bytes32[] proof; // the Merkle proof of its leaf under the batch root
    }

    /**
     * @notice The answer of {verify} and {verifyInBatch}.
     * @dev The award date is not returned: it is inside the document whose hash is verified and in the issuance event.
     * A diploma revoked inside a batch reads as revoked from its batch's status list, with `revokedAt` and
     * `revocationReason` zero: the time and reason of its revocation are in its {DiplomaRevokedInBatch} event, which
     * the SDK's `verifyDiploma` reads.
     */
    struct Verification {
        DiplomaStatus status; // unknown, valid or revoked
        uint32 institutionId; // the issuing institution; zero when unknown
        address issuer; // the issuer account that issued the diploma (or its batch); zero when unknown
        uint40 issuedAt; // when the diploma (or its batch) was recorded; zero when unknown
        bool accreditedAtIssuance; // the institution was accredited when the diploma was recorded
        uint40 revokedAt; // when it was revoked; zero when not revoked, and for a diploma of a batch (see below)
        uint16 revocationReason; // the reason code of the revocation; zero when not revoked, and for a batch diploma
        bytes32 supersededBy; // document hash of the corrected diploma that replaced it; zero if none
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice An institution name is empty.
    error DiplomaRegistryEmptyName();

    /// @notice A country code is not two upper-case ASCII letters.
    error DiplomaRegistryInvalidCountryCode(bytes2 country);

    /// @notice A document hash (diploma or accreditation document) is zero.
    error DiplomaRegistryEmptyDocumentHash();

    /// @notice The hash of a decision (the basis of a suspension) is zero.
    error DiplomaRegistryEmptyBasis();

    /// @notice A holder commitment is zero.
    error DiplomaRegistryEmptyHolderCommitment();

    /// @notice An award date is zero or in the future.
    error DiplomaRegistryInvalidAwardDate(uint40 awardedAt);

    /// @notice No institution has this id.
    error DiplomaRegistryUnknownInstitution(uint32 institutionId);

    /// @notice The institution's standing does not allow the change.
    error DiplomaRegistryUnexpectedInstitutionStatus(uint32 institutionId, InstitutionStatus status);

    /// @notice The institution is suspended, so its issuers cannot issue.
    error DiplomaRegistryInstitutionSuspended(uint32 institutionId);

    /// @notice An issuer account is the zero address.
    error DiplomaRegistryInvalidIssuer(address issuer);

    /// @notice The institution already has the maximum number of issuer accounts.
    error DiplomaRegistryTooManyIssuers(uint32 institutionId, uint256 maximum);

    /// @notice The issuer account is already bound to an institution.
    error DiplomaRegistryIssuerAlreadyBound(address issuer, uint32 institutionId);

    /// @notice The account is not bound to any institution.
    error DiplomaRegistryIssuerNotBound(address issuer);

    /// @notice The institution already issued a diploma alone with this document hash.
    error DiplomaRegistryDuplicateDocument(uint32 institutionId, bytes32 documentHash);

    /// @notice The institution issued no diploma alone with this document hash.
    error DiplomaRegistryUnknownDiploma(uint32 institutionId, bytes32 documentHash);

    /// @notice A corrected diploma must have another document hash than the diploma it replaces.
    error DiplomaRegistryReissueOfItself(bytes32 documentHash);

    /// @notice A batch root is zero.
    error DiplomaRegistryEmptyRoot();

    /// @notice A batch declares no diploma.
    error DiplomaRegistryEmptyBatch(bytes32 root);

    /// @notice The institution already issued a batch with this root.
    error DiplomaRegistryDuplicateRoot(uint32 institutionId, bytes32 root);

    /// @notice The institution issued no batch with this root.
    error DiplomaRegistryUnknownBatch(uint32 institutionId, bytes32 root);

    /// @notice The proof does not place the leaf `[documentHash, holderCommitment, statusIndex]` under the root.
    error DiplomaRegistryInvalidProof(bytes32 root, bytes32 documentHash, bytes32 holderCommitment, uint32 statusIndex);

    /// @notice The diploma is already revoked; `root` is zero for a diploma issued alone. Inside a batch, the bit of its
    /// status index is already set.
    error DiplomaRegistryAlreadyRevoked(bytes32 root, bytes32 documentHash);

    /// @notice A revocation of many diplomas names none, or more than {MAX_REVOCATIONS_PER_CALL}.
    error DiplomaRegistryInvalidRevocationCount(uint256 count, uint256 maximum);

    /// @notice A pagination window starts past the end of the list.
    error DiplomaRegistryInvalidPage(uint256 offset, uint256 length);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice An institution was registered, accredited from now on.
    event InstitutionRegistered(
        uint32 indexed institutionId,
        bytes2 indexed country,
        string name,
        bytes32 accreditationDocument
    );

    /// @notice An institution's accreditation was suspended; `basis` is the hash of the decision.
    event InstitutionSuspended(uint32 indexed institutionId, bytes32 basis);

    /// @notice A suspended institution was accredited again, on the strength of a new accreditation document.
    event InstitutionReinstated(uint32 indexed institutionId, bytes32 accreditationDocument);

    /// @notice An issuer account was bound to an institution.
    event IssuerBound(address indexed issuer, uint32 indexed institutionId);

    /// @notice An issuer account was unbound from its institution.
    event IssuerUnbound(address indexed issuer, uint32 indexed institutionId);

    /// @notice A diploma was issued alone, at the block's time.
    event DiplomaIssued(
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        address indexed holderWallet,
        address issuer,
        bytes32 holderCommitment,
        bytes32 programmeCode,
        uint40 awardedAt
    );

    /// @notice A batch of `diplomaCount` diplomas was issued under `root`, at the block's time.
    event BatchIssued(bytes32 indexed root, uint32 indexed institutionId, address indexed issuer, uint32 diplomaCount);

    /**
     * @notice A diploma issued alone was revoked, at the block's time, by `revokedBy` (an issuer of its institution or
     * an ACCREDITOR). `root` is zero: a revocation inside a batch emits {DiplomaRevokedInBatch}.
     */
    event DiplomaRevoked(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        address revokedBy,
        uint16 reason
    );

    /**
     * @notice A diploma inside the batch `root` was revoked at `revokedAt` by `revokedBy` (an issuer of its institution
     * or an ACCREDITOR): the bit `statusIndex` of the batch's status list was set. The time and reason are kept here
     * only, not in storage.
     */
    event DiplomaRevokedInBatch(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        uint32 statusIndex,
        address revokedBy,
        uint16 reason,
        uint40 revokedAt
    );

    /// @notice A revoked diploma of `institutionId` was replaced by the corrected diploma `newDocumentHash`, issued
    /// alone by the same institution.
    event DiplomaSuperseded(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        bytes32 indexed newDocumentHash,
        uint32 institutionId
    );

    // -------------------------------------------------------------------------------------------------------------
    // Writes: ACCREDITOR
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Registers an institution, accredited from now on.
     * @dev Requirements:
     * - the caller is allowed by the authority (ACCREDITOR); the registry is not paused;
     * - `name` is not empty, at most 256 bytes, without control characters or stray spaces;
     * - `country` is two upper-case letters; `accreditationDocument` is not zero.
     *
     * Emits an {InstitutionRegistered} event.
     * @return institutionId The new institution's id, counting from 1.
     */
    function registerInstitution(
        string calldata name,
        bytes2 country,
        bytes32 accreditationDocument
    ) external returns (uint32 institutionId);

    /**
     * @notice Suspends an institution's accreditation: its issuers cannot issue until it is reinstated. Its diplomas
     * keep their status, and still read as accredited at issuance.
     * @dev Updates each issuer binding of the institution (at most {MAX_ISSUERS_PER_INSTITUTION}).
     *
     * Requirements: ACCREDITOR; not paused; the institution is accredited; `basis` is not zero.
     *
     * Emits an {InstitutionSuspended} event.
     */
    function suspendInstitution(uint32 institutionId, bytes32 basis) external;

    /**
     * @notice Accredits a suspended institution again.
     * @dev Updates each issuer binding of the institution (at most {MAX_ISSUERS_PER_INSTITUTION}).
     *
     * Requirements: ACCREDITOR; not paused; the institution is suspended; `accreditationDocument` is not zero.
     *
     * Emits an {InstitutionReinstated} event.
     */
    function reinstateInstitution(uint32 institutionId, bytes32 accreditationDocument) external;

    /**
     * @notice Binds an issuer account to the institution it acts for. The account also needs DIPLOMA_ISSUER in the
     * authority to issue.
     * @dev Requirements: ACCREDITOR; not paused; `issuer` is not zero and not bound; the institution exists (it may
     * be suspended) and has fewer than {MAX_ISSUERS_PER_INSTITUTION} issuers.
     *
     * Emits an {IssuerBound} event.
     */
    function bindIssuer(address issuer, uint32 institutionId) external;

    /**
     * @notice Unbinds an issuer account from its institution. Diplomas it issued are unchanged.
     * @dev Requirements: ACCREDITOR; not paused; `issuer` is bound.
     *
     * Emits an {IssuerUnbound} event.
     */
    function unbindIssuer(address issuer) external;

    /**
     * @notice Revokes a diploma that an institution issued alone, whatever the institution.
     * @dev Requirements: ACCREDITOR; not paused; the institution issued the diploma and it is not revoked.
     *
     * Emits a {DiplomaRevoked} event.
     */
    function revokeAsAccreditor(uint32 institutionId, bytes32 documentHash, uint16 reason) external;

    /**
     * @notice Revokes a diploma inside a batch of an institution, whatever the institution, by setting its bit in the
     * batch's status list.
     * @dev Requirements:
     * - ACCREDITOR; not paused;
     * - the institution issued the batch;
     * - the diploma's proof places `[documentHash, holderCommitment, statusIndex]` under `root`;
     * - its status bit is not set.
     *
     * Emits a {DiplomaRevokedInBatch} event.
     */
    function revokeInBatchAsAccreditor(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma calldata diploma,
        uint16 reason
    ) external;

    /**
     * @notice Revokes many diplomas inside one batch of an institution, whatever the institution, in one call.
     * @dev Requirements: those of {revokeInBatchAsAccreditor} for every diploma; between 1 and
     * {MAX_REVOCATIONS_PER_CALL} diplomas, none twice. Nothing is revoked if one of them fails.
     *
     * Emits one {DiplomaRevokedInBatch} event per diploma.
     */
    function revokeManyInBatchAsAccreditor(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma[] calldata diplomas,
        uint16 reason
    ) external;

    // -------------------------------------------------------------------------------------------------------------
    // Writes: DIPLOMA_ISSUER
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Issues one diploma for the caller's institution.
     * @dev Writes one storage slot whatever the size of the registry.
     *
     * Requirements:
     * - the caller is allowed by the authority (DIPLOMA_ISSUER); the registry is not paused;
     * - the caller is bound to an institution, and that institution is accredited;
     * - `documentHash` and `holderCommitment` are not zero; `awardedAt` is not zero and not in the future;
     * - no diploma was issued alone with the same document hash.
     *
     * Emits a {DiplomaIssued} event.
     */
    function issue(DiplomaData calldata diploma) external;

    /**
     * @notice Issues a whole class of `diplomaCount` diplomas for the caller's institution under one Merkle root.
     * @dev The registry stores the root only: it does not check the count nor that documents are new. Each diploma
     * inside is verified with {verifyInBatch}.
     *
     * Requirements:
     * - DIPLOMA_ISSUER; not paused; the caller is bound to an accredited institution;
     * - `root` is not zero and was never issued; `diplomaCount` is not zero.
     *
     * Emits a {BatchIssued} event.
     */
    function issueBatch(bytes32 root, uint32 diplomaCount) external;

    /**
     * @notice Revokes a diploma that the caller's institution issued alone.
     * @dev The diploma is looked up under the caller's institution only: an issuer of another institution finds
     * nothing to revoke.
     *
     * Requirements: DIPLOMA_ISSUER; not paused; the caller is bound to an institution (which may be suspended) that
     * issued the diploma alone; the diploma is not revoked.
     *
     * Emits a {DiplomaRevoked} event.
     */
    function revoke(bytes32 documentHash, uint16 reason) external;

    /**
     * @notice Revokes one diploma inside a batch of the caller's institution, by setting its bit in the batch's status
     * list; the rest of the batch stays valid.
     * @dev Requirements:
     * - DIPLOMA_ISSUER; not paused;
     * - the caller is bound to an institution (which may be suspended) that issued the batch;
     * - the diploma's proof places `[documentHash, holderCommitment, statusIndex]` under `root`;
     * - its status bit is not set.
     *
     * Emits a {DiplomaRevokedInBatch} event.
     */
    function revokeInBatch(bytes32 root, BatchDiploma calldata diploma, uint16 reason) external;

    /**
     * @notice Revokes many diplomas inside one batch of the caller's institution in one call, with one reason: the
     * status list is written once per 256 status indices, so that each diploma costs mostly its proof and its event.
     * @dev Requirements: those of {revokeInBatch} for every diploma; between 1 and {MAX_REVOCATIONS_PER_CALL}
     * diplomas, none twice. Nothing is revoked if one of them fails.
     *
     * Emits one {DiplomaRevokedInBatch} event per diploma.
     */
    function revokeManyInBatch(bytes32 root, BatchDiploma[] calldata diplomas, uint16 reason) external;

    /**
     * @notice Revokes a diploma issued alone and issues its corrected version, linking the old to the new.
     * @dev Requirements: those of {revoke} for the old diploma and of {issue} for the new one, whose document hash
     * differs from the old one.
     *
     * Emits {DiplomaRevoked}, {DiplomaIssued} and {DiplomaSuperseded} events.
     */
    function reissue(bytes32 oldDocumentHash, uint16 reason, DiplomaData calldata diploma) external;

    /**
     * @notice Revokes a diploma inside a batch and issues its corrected version alone, linking the old to the new.
     * @dev Requirements: those of {revokeInBatch} for the old diploma and of {issue} for the new one, whose document
     * hash differs from the old one (a diploma superseded by itself would read as revoked and valid at once).
     *
     * Emits {DiplomaRevokedInBatch}, {DiplomaIssued} and {DiplomaSuperseded} events.
     */
    function reissueFromBatch(
        bytes32 root,
        BatchDiploma calldata old,
        uint16 reason,
        DiplomaData calldata diploma
    ) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice The most issuer accounts an institution can have, so that a suspension or a reinstatement, which updates
     * each of them, stays bounded.
     */
    function MAX_ISSUERS_PER_INSTITUTION() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The most diplomas one {revokeManyInBatch} call revokes, so that the call fits in a block.
    function MAX_REVOCATIONS_PER_CALL() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /**
     * @notice What is known of a diploma that the institution `institutionId` issued alone. A verifier names the
     * institution the diploma claims to come from: the same document hash under another institution is another record.
     * @dev Never reverts: a document hash the institution never issued alone answers {DiplomaStatus-Unknown}.
     */
    function verify(uint32 institutionId, bytes32 documentHash) external view returns (Verification memory);

    /**
     * @notice What is known of a diploma inside a batch of the institution `institutionId`. Revoked when the bit of
     * its status index is set; the time and reason of that revocation are in its {DiplomaRevokedInBatch} event.
     * @dev Never reverts: a root the institution never issued, or a proof that does not place
     * `[documentHash, holderCommitment, statusIndex]` under `root`, answers {DiplomaStatus-Unknown}.
     */
    function verifyInBatch(
        uint32 institutionId,
        bytes32 root,
        BatchDiploma calldata diploma
    ) external view returns (Verification memory);

    /// @notice Whether the bit `statusIndex` of the status list of an institution's batch is set (revoked).
    function isRevokedInBatch(uint32 institutionId, bytes32 root, uint32 statusIndex) external view returns (bool);

    /// @notice The Merkle leaf of a diploma inside a batch, as `StandardMerkleTree` builds it.
    function batchLeaf(
        bytes32 documentHash,
        bytes32 holderCommitment,
        uint32 statusIndex
    ) external pure returns (bytes32);

    /// @notice An institution. Reverts with {DiplomaRegistryUnknownInstitution} if there is none.
    function institution(uint32 institutionId) external view returns (Institution memory);

    /// @notice The number of institutions ever registered; ids run from 1 to this number.
    function institutionCount() external view returns (uint32);

    /**
     * @notice Whether the institution was accredited at any moment of the second `timestamp`.
     * @dev A suspension takes effect in the history from the second after it, so that a diploma recorded in the same
     * second as a later suspension still reads as accredited at issuance. False before registration and for an
     * unknown institution.
     */
    function accreditedAt(uint32 institutionId, uint48 timestamp) external view returns (bool);

    /// @notice The number of entries in an institution's accreditation history.
    function accreditationHistoryLength(uint32 institutionId) external view returns (uint256);

    /// @notice Up to `limit` entries of an institution's accreditation history from `offset`, oldest first.
    function accreditationHistory(
        uint32 institutionId,
        uint256 offset,
        uint256 limit
    ) external view returns (AccreditationChange[] memory changes);

    /// @notice The institution an issuer account is bound to, or zero if none.
    function institutionOf(address issuer) external view returns (uint32);

    /// @notice Up to `limit` issuer accounts bound to an institution from `offset`, in no particular order.
    function issuersOf(
        uint32 institutionId,
        uint256 offset,
        uint256 limit
    ) external view returns (address[] memory issuers);
}
