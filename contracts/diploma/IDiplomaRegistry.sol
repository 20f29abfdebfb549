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
 * Credentials: diplomas are kind 0 of the register's credential kinds; the same records, batches and status lists
 * keep professional licences, permits, certificates of good standing and kinds the ACCREDITOR defines, with their
 * accreditation per kind, validity windows, suspensions (a second status list per batch) and the institutions'
 * signing keys for off-chain Verifiable Credentials (docs/credentials.md). The diploma functions keep their names.
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
        Valid, // issued, not revoked, not suspended, and inside its validity window
        Revoked, // issued, then revoked; see the revocation time, reason and superseding record
        Suspended, // issued and suspended (a revocation outranks it); it may be reinstated
        Expired, // issued, not revoked nor suspended, and its expiry time has come
        NotYetValid // issued, not revoked nor suspended, and its validity has not begun
    }

    /// @notice The rules of a credential kind, fixed when the kind is defined.
    struct KindRules {
        bool expires; // its credentials carry an expiry time (required); otherwise they carry none
        bool suspendable; // its credentials can be suspended and reinstated
        uint256 reasonCodes; // bit `r` set: reason code `r` (0 to 255) may be given when one is revoked or suspended
    }

    /// @notice A credential kind as read by integrators.
    struct CredentialKind {
        KindRules rules; // what its credentials may carry and undergo
        string name; // its name, for example "Professional licence"
    }

    /// @notice The validity window of a credential, or of every credential of a batch.
    struct Validity {
        uint40 validFrom; // the first second it is valid; zero: from its issuance
        uint40 expiresAt; // the first second it is no longer valid; zero: it never expires
    }

    /// @notice A signing key an institution published for its off-chain credentials (W3C Verifiable Credentials).
    struct SigningKey {
        bytes32 publicKey; // the Ed25519 public key
        uint40 validFrom; // the first second it signs for the institution
        uint40 validUntil; // the last second it signs for the institution (its successor's first); zero: still current
        uint40 compromisedFrom; // the first second its signatures are no longer trusted; zero: never compromised
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
        uint16 kind; // the credential kind (0: diploma); zero when unknown
        uint40 validFrom; // the first second it is valid (its issuance when no window was given); zero when unknown
        uint40 expiresAt; // the first second it is no longer valid; zero when it never expires
        uint40 suspendedAt; // when a credential issued alone was suspended; zero when not suspended, and inside a batch
        uint16 suspensionReason; // the reason code of that suspension; zero when not suspended, and inside a batch
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

    /// @notice No credential kind has this id.
    error DiplomaRegistryUnknownKind(uint16 kind);

    /// @notice Diplomas (kind 0) follow the institution's own accreditation; they take no accreditation per kind.
    error DiplomaRegistryNoAccreditationPerKind(uint16 kind);

    /// @notice The caller's institution is not accredited for the kind now.
    error DiplomaRegistryKindNotAccredited(uint32 institutionId, uint16 kind);

    /// @notice An accreditation for a kind is given to an institution already accredited for it, or withdrawn from
    /// one that is not; `accredited` is the standing the change asked for.
    error DiplomaRegistryKindAccreditationUnchanged(uint32 institutionId, uint16 kind, bool accredited);

    /// @notice An accreditation change would take effect before `earliest` (now for an accreditation, the next second
    /// for a withdrawal, and never before the last change of the history).
    error DiplomaRegistryInvalidAccreditationDate(uint48 from, uint48 earliest);

    /// @notice A validity window does not fit its kind: an expiry time on a kind that does not expire, none on one
    /// that does, or an expiry time not after both the start of validity and now.
    error DiplomaRegistryInvalidValidity(uint16 kind, uint40 validFrom, uint40 expiresAt);

    /// @notice The kind's rules do not list this reason code.
    error DiplomaRegistryReasonNotAllowed(uint16 kind, uint16 reason);

    /// @notice Credentials of this kind cannot be suspended.
    error DiplomaRegistryNotSuspendable(uint16 kind);

    /// @notice The credential is already suspended; `root` is zero for a credential issued alone.
    error DiplomaRegistryAlreadySuspended(bytes32 root, bytes32 documentHash);

    /// @notice The credential is not suspended, so it cannot be reinstated; `root` is zero for one issued alone.
    error DiplomaRegistryNotSuspended(bytes32 root, bytes32 documentHash);

    /// @notice A signing key is zero.
    error DiplomaRegistryEmptyPublicKey();

    /// @notice The institution published no signing key at this index.
    error DiplomaRegistryUnknownKey(uint32 institutionId, uint256 keyIndex);

    /// @notice The signing key is already marked compromised.
    error DiplomaRegistryKeyAlreadyCompromised(uint32 institutionId, uint256 keyIndex);

    /// @notice A key's compromise is dated before the key was published (`validFrom`) or in the future.
    error DiplomaRegistryInvalidCompromiseDate(uint40 from, uint40 validFrom);

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

    /// @notice A credential kind was defined by the ACCREDITOR.
    event CredentialKindDefined(uint16 indexed kind, string name, bool expires, bool suspendable, uint256 reasonCodes);

    /**
     * @notice An institution's accreditation for a kind changes at `from`: accredited (on the strength of the
     * document `document`) or withdrawn (on the decision `document`).
     */
    event KindAccreditationChanged(
        uint32 indexed institutionId,
        uint16 indexed kind,
        bool accredited,
        uint48 from,
        bytes32 document
    );

    /**
     * @notice A credential of `kind` was issued with its validity window, beside its {DiplomaIssued} or
     * {BatchIssued} event (the issuance events of every kind): `root` is zero for a credential issued alone,
     * `documentHash` zero for a batch.
     */
    event CredentialTermsRecorded(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        uint16 kind,
        uint40 validFrom,
        uint40 expiresAt
    );

    /**
     * @notice A credential was suspended by `suspendedBy` on the decision `basis`: `root` is zero for one issued alone;
     * inside a batch the bit `statusIndex` of the batch's suspension list was set.
     */
    event CredentialSuspended(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        uint32 statusIndex,
        address suspendedBy,
        uint16 reason,
        bytes32 basis
    );

    /// @notice A suspended credential was reinstated by `reinstatedBy` on the decision `basis`.
    event CredentialReinstated(
        bytes32 indexed root,
        bytes32 indexed documentHash,
        uint32 indexed institutionId,
        uint32 statusIndex,
        address reinstatedBy,
        bytes32 basis
    );

    /// @notice An institution published a signing key, valid from now; its previous key stops at the same second.
    event SigningKeyPublished(uint32 indexed institutionId, uint256 indexed keyIndex, bytes32 publicKey, address by);

    /// @notice An institution marked one of its signing keys compromised from `from` on.
    event SigningKeyCompromised(uint32 indexed institutionId, uint256 indexed keyIndex, uint40 from, address by);

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

    /**
     * @notice Defines a credential kind with its rules, which never change afterwards.
     * @dev Requirements: ACCREDITOR; not paused; `name` keeps the rules of a name (not empty, at most 256 bytes).
     *
     * Emits a {CredentialKindDefined} event.
     * @return kind The new kind's id (kinds 0 to 3 are defined at deployment: diploma, professional licence, permit,
     * certificate of good standing).
     */
    function defineKind(string calldata name, KindRules calldata rules) external returns (uint16 kind);

    /**
     * @notice Accredits an institution for a kind from `from` on.
     * @dev Requirements: ACCREDITOR; not paused; the institution exists; the kind exists and is not 0; the institution
     * is not accredited for it at the end of its history; `from` is not in the past nor before the last change;
     * `document` is not zero.
     *
     * Emits a {KindAccreditationChanged} event.
     */
    function accreditForKind(uint32 institutionId, uint16 kind, uint48 from, bytes32 document) external;

    /**
     * @notice Withdraws an institution's accreditation for a kind from `from` on. Credentials issued before stay as
     * they are, and still read as accredited at issuance.
     * @dev Requirements: ACCREDITOR; not paused; the institution is accredited for the kind at the end of its
     * history; `from` is after the current second and not before the last change; `basis` is not zero.
     *
     * Emits a {KindAccreditationChanged} event.
     */
    function withdrawKind(uint32 institutionId, uint16 kind, uint48 from, bytes32 basis) external;

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
     * issued the diploma alone; the diploma is not revoked; for a credential of another kind than diplomas, its kind
     * lists `reason` ({DiplomaRegistryReasonNotAllowed}), as for every revocation and re-issue.
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

    /**
     * @notice Issues one credential of any kind for the caller's institution, with its validity window.
     * @dev Requirements: those of {issue}; the kind exists and, unless it is 0, the institution is accredited for it
     * now; the window fits the kind ({DiplomaRegistryInvalidValidity}).
     *
     * Emits {DiplomaIssued} and {CredentialTermsRecorded} events.
     */
    function issueCredential(uint16 kind, DiplomaData calldata credential, Validity calldata validity) external;

    /**
     * @notice Issues a batch of credentials of one kind under one Merkle root, all with the same validity window.
     * @dev Requirements: those of {issueBatch} and, for the kind and the window, of {issueCredential}.
     *
     * Emits {BatchIssued} and {CredentialTermsRecorded} events.
     */
    function issueCredentialBatch(
        uint16 kind,
        bytes32 root,
        uint32 credentialCount,
        Validity calldata validity
    ) external;

    /**
     * @notice Suspends a credential that the caller's institution issued alone, on the decision `basis`.
     * @dev Requirements: DIPLOMA_ISSUER; not paused; the caller is bound to the institution that issued it; its kind
     * is suspendable and lists `reason`; it is neither revoked nor suspended; `basis` is not zero.
     *
     * Emits a {CredentialSuspended} event.
     */
    function suspend(bytes32 documentHash, uint16 reason, bytes32 basis) external;

    /**
     * @notice Reinstates a suspended credential that the caller's institution issued alone.
     * @dev Requirements: DIPLOMA_ISSUER; not paused; bound to its institution; it is suspended and not revoked;
     * `basis` is not zero.
     *
     * Emits a {CredentialReinstated} event.
     */
    function reinstate(bytes32 documentHash, bytes32 basis) external;

    /**
     * @notice Suspends a credential inside a batch of the caller's institution by setting its bit in the batch's
     * suspension list.
     * @dev Requirements: those of {suspend}, with the proof that places the credential under `root`.
     *
     * Emits a {CredentialSuspended} event.
     */
    function suspendInBatch(bytes32 root, BatchDiploma calldata credential, uint16 reason, bytes32 basis) external;

    /**
     * @notice Reinstates a suspended credential inside a batch of the caller's institution (clears its bit).
     * @dev Requirements: those of {reinstate}, with the proof that places the credential under `root`.
     *
     * Emits a {CredentialReinstated} event.
     */
    function reinstateInBatch(bytes32 root, BatchDiploma calldata credential, bytes32 basis) external;

    /**
     * @notice Publishes a signing key of the caller's institution, valid from now; the institution's previous key
     * stops signing at the end of this second (a credential signed before a rotation still verifies).
     * @dev Requirements: DIPLOMA_ISSUER; not paused; the caller is bound to an institution; `publicKey` is not zero.
     *
     * Emits a {SigningKeyPublished} event.
     * @return keyIndex The key's index in the institution's key history, from 0.
     */
    function publishSigningKey(bytes32 publicKey) external returns (uint256 keyIndex);

    /**
     * @notice Marks a signing key of the caller's institution compromised from `from` on: credentials it signed for
     * records issued from then on are not trusted.
     * @dev Requirements: DIPLOMA_ISSUER; not paused; bound; the key exists and is not marked yet; `from` is not
     * before the key's `validFrom` and not in the future.
     *
     * Emits a {SigningKeyCompromised} event.
     */
    function markKeyCompromised(uint256 keyIndex, uint40 from) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A credential kind. Reverts with {DiplomaRegistryUnknownKind} if there is none.
    function credentialKind(uint16 kind) external view returns (CredentialKind memory);

    /// @notice The number of credential kinds; ids run from 0 to this number minus one.
    function kindCount() external view returns (uint16);

    /// @notice Whether the bit `statusIndex` of the suspension list of an institution's batch is set (suspended).
    function isSuspendedInBatch(uint32 institutionId, bytes32 root, uint32 statusIndex) external view returns (bool);

    /// @notice The number of signing keys an institution ever published.
    function signingKeyCount(uint32 institutionId) external view returns (uint256);

    /// @notice An institution's signing key by its index. Reverts with {DiplomaRegistryUnknownKey} if there is none.
    function signingKey(uint32 institutionId, uint256 keyIndex) external view returns (SigningKey memory);

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
