// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICitizenRegistry
 * @notice The register of citizens, without personal data. A citizen is a salted commitment (the salt and the national
 * number stay with the civil registry and the citizen), a jurisdiction (municipality code), a status, eligibility
 * flags set by the civil registry and a voting identity commitment (a Semaphore v4 identity commitment).
 * @dev Every change of the register takes the next sequence number and says so in its event, so that a census (the
 * voting commitments of a jurisdiction's eligible citizens, in register order) is always stated as of a sequence
 * number and anyone can recompute its root from the events alone.
 *
 * A citizen is in the census of jurisdiction `j` with required flags `f` as of sequence `s` when, after the changes
 * numbered up to `s`: the citizen's jurisdiction is `j`, its status is Active and `flags & f == f`. The census lists
 * their voting commitments in the order in which the citizens were registered; its root is the root of a Semaphore
 * (LeanIMT, Poseidon) tree with those leaves.
 *
 * Lawful status transitions (anything else reverts with {CitizenRegistryUnlawfulTransition}):
 *
 * | from      | to        | why                                                                   |
 * | --------- | --------- | --------------------------------------------------------------------- |
 * | Active    | Suspended | civic rights suspended by a court                                     |
 * | Suspended | Active    | the suspension ended                                                  |
 * | Active    | MovedOut  | the citizen left the jurisdiction                                     |
 * | Suspended | MovedOut  | the citizen left the jurisdiction while suspended                     |
 * | MovedOut  | Active    | the citizen moved back in                                             |
 * | Active    | Deceased  | death                                                                 |
 * | Suspended | Deceased  | death                                                                 |
 * | MovedOut  | Deceased  | death                                                                 |
 *
 * Nothing leaves Deceased. A voting commitment is used once in the whole register: a rotation (lost device) gives
 * the citizen a new one and the old one is never accepted again, for anyone.
 *
 * A rotation is not instant: the civil registrar proposes it ({setVotingCommitment}), it is public at once
 * ({VotingCommitmentProposed}, {pendingVotingCommitment}), and it enters the register only when anyone applies it
 * after the rotation notice ({ROTATION_NOTICE}, longer than the longest review period of a poll), so that a citizen
 * whose identity a registrar tries to re-point can object and a guardian can cancel it
 * ({cancelVotingCommitment}) before any census holds the new commitment.
 */
interface ICitizenRegistry {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The civil status of a citizen record.
    enum CitizenStatus {
        None, // no record
        Active, // living in the jurisdiction with full civic rights
        Suspended, // civic rights suspended
        MovedOut, // left the jurisdiction
        Deceased // final
    }

    /// @notice A citizen as read by integrators.
    struct Citizen {
        uint32 index; // position in the register (registration order), the order of the census leaves
        uint32 jurisdiction; // municipality code
        CitizenStatus status; // civil status
        uint8 flags; // eligibility facts set by the civil registry (bit 0 adult, bit 1 resident, bit 2 national)
        uint40 registeredAt; // when the record was entered
        uint40 statusSince; // when the current status was entered
        uint64 lastSequence; // sequence number of the last change of this record
        uint256 votingCommitment; // Semaphore v4 identity commitment
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The citizen key is zero.
    error CitizenRegistryEmptyCitizenKey();

    /// @notice A citizen is already registered under this key.
    error CitizenRegistryDuplicateCitizen(bytes32 citizenKey);

    /// @notice No citizen has this key.
    error CitizenRegistryUnknownCitizen(bytes32 citizenKey);

    /// @notice The jurisdiction code is zero.
    error CitizenRegistryEmptyJurisdiction();

    /// @notice The legal basis (document hash) of a change is zero.
    error CitizenRegistryEmptyBasis();

    /// @notice The flags name a bit that the register does not define.
    error CitizenRegistryUnknownFlags(uint8 flags);

    /// @notice The voting commitment is zero or not below the SNARK scalar field.
    error CitizenRegistryInvalidCommitment(uint256 commitment);

    /// @notice The voting commitment was already given to a citizen (perhaps the same one, before a rotation).
    error CitizenRegistryCommitmentUsed(uint256 commitment, bytes32 citizenKey);

    /// @notice The law does not allow the citizen to move from status `from` to status `to`.
    error CitizenRegistryUnlawfulTransition(bytes32 citizenKey, CitizenStatus from, CitizenStatus to);

    /// @notice The citizen is deceased: the record can no longer change.
    error CitizenRegistryCitizenDeceased(bytes32 citizenKey);

    /// @notice The citizen has no pending rotation of the voting commitment.
    error CitizenRegistryNoPendingRotation(bytes32 citizenKey);

    /// @notice The rotation's notice has not passed yet.
    error CitizenRegistryRotationNotDue(bytes32 citizenKey, uint40 effectiveAt);

    /// @notice The register index is past the end of the register.
    error CitizenRegistryIndexOutOfRange(uint256 index, uint256 count);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A citizen was entered in the register, with status Active.
    event CitizenRegistered(
        bytes32 indexed citizenKey,
        uint64 indexed sequence,
        uint32 index,
        uint32 jurisdiction,
        uint8 flags,
        uint256 votingCommitment,
        bytes32 basis
    );

    /// @notice A citizen's status changed.
    event CitizenStatusChanged(
        bytes32 indexed citizenKey,
        uint64 indexed sequence,
        CitizenStatus from,
        CitizenStatus to,
        bytes32 basis
    );

    /// @notice A citizen's eligibility flags changed.
    event EligibilityChanged(bytes32 indexed citizenKey, uint64 indexed sequence, uint8 from, uint8 to, bytes32 basis);

    /// @notice The civil registrar proposed a new voting commitment; anyone may apply it from `effectiveAt`.
    event VotingCommitmentProposed(
        bytes32 indexed citizenKey,
        uint256 from,
        uint256 to,
        uint40 effectiveAt,
        bytes32 basis
    );

    /// @notice A guardian cancelled a proposed rotation (the citizen objected).
    event VotingCommitmentRotationCancelled(bytes32 indexed citizenKey, uint256 commitment, bytes32 reason);

    /// @notice A citizen's voting commitment was replaced (a rotation, for example after a lost device).
    event VotingCommitmentChanged(
        bytes32 indexed citizenKey,
        uint64 indexed sequence,
        uint256 from,
        uint256 to,
        bytes32 basis
    );

    // -------------------------------------------------------------------------------------------------------------
    // Writes (CIVIL_REGISTRAR)
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Enters a citizen in the register, with status Active.
     * @dev Requirements:
     * - the caller is allowed by the authority (CIVIL_REGISTRAR); the contract is not paused;
     * - `citizenKey`, `jurisdiction` and `basis` are not zero; `flags` names only defined bits;
     * - `votingCommitment` is a field element that no citizen was ever given;
     * - no citizen has this key.
     *
     * Emits a {CitizenRegistered} event.
     * @param citizenKey Salted commitment to the citizen's national number, computed by the civil registry.
     * @param jurisdiction Municipality code.
     * @param flags Eligibility facts.
     * @param votingCommitment The citizen's Semaphore v4 identity commitment.
     * @param basis Hash of the civil-registry document that justifies the entry.
     * @return sequence The sequence number of the change.
     */
    function registerCitizen(
        bytes32 citizenKey,
        uint32 jurisdiction,
        uint8 flags,
        uint256 votingCommitment,
        bytes32 basis
    ) external returns (uint64 sequence);

    /**
     * @notice Changes a citizen's status along a lawful transition.
     * @dev Requirements:
     * - the caller is allowed by the authority (CIVIL_REGISTRAR); the contract is not paused;
     * - `basis` is not zero; the citizen exists; the transition is lawful (see the table above).
     *
     * Emits a {CitizenStatusChanged} event.
     * @return sequence The sequence number of the change.
     */
    function changeStatus(bytes32 citizenKey, CitizenStatus status, bytes32 basis) external returns (uint64 sequence);

    /**
     * @notice Replaces a citizen's eligibility flags.
     * @dev Requirements:
     * - the caller is allowed by the authority (CIVIL_REGISTRAR); the contract is not paused;
     * - `basis` is not zero; `flags` names only defined bits; the citizen exists and is not deceased.
     *
     * Emits an {EligibilityChanged} event.
     * @return sequence The sequence number of the change.
     */
    function setEligibility(bytes32 citizenKey, uint8 flags, bytes32 basis) external returns (uint64 sequence);

    /**
     * @notice Proposes a new voting commitment for a citizen (the citizen lost the device that held the identity).
     * The register does not change yet: the rotation is applied by {applyVotingCommitment} once the notice has
     * passed. A second proposal replaces a pending one and restarts the notice.
     * @dev Requirements:
     * - the caller is allowed by the authority (CIVIL_REGISTRAR); the contract is not paused;
     * - `basis` is not zero; the citizen exists and is not deceased;
     * - `votingCommitment` is a field element that no citizen was ever given (it is reserved at once).
     *
     * Emits a {VotingCommitmentProposed} event.
     * @return effectiveAt The first second the rotation can be applied: now plus {ROTATION_NOTICE}.
     */
    function setVotingCommitment(
        bytes32 citizenKey,
        uint256 votingCommitment,
        bytes32 basis
    ) external returns (uint40 effectiveAt);

    /**
     * @notice Applies a citizen's proposed voting commitment once its notice has passed; anyone may call it.
     * @dev Requirements:
     * - the contract is not paused; the citizen exists, is not deceased and has a pending rotation whose
     *   `effectiveAt` has come.
     *
     * Note: a poll's census is frozen when the poll is created, so a rotation does not reach polls created before
     * it: the citizen votes in those with the old identity or not at all, and never twice (one nullifier per
     * identity and poll, and the new commitment is not in the frozen census).
     *
     * Emits a {VotingCommitmentChanged} event.
     * @return sequence The sequence number of the change.
     */
    function applyVotingCommitment(bytes32 citizenKey) external returns (uint64 sequence);

    /**
     * @notice Cancels a proposed rotation (the citizen objected). Wired to GUARDIAN. The proposed commitment stays
     * spent.
     * @dev Requirements:
     * - the caller is allowed by the authority; `reason` (a document hash) is not zero; a rotation is pending.
     *
     * Emits a {VotingCommitmentRotationCancelled} event.
     */
    function cancelVotingCommitment(bytes32 citizenKey, bytes32 reason) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A citizen's record. Reverts with {CitizenRegistryUnknownCitizen} for an unknown key.
    function citizen(bytes32 citizenKey) external view returns (Citizen memory);

    /// @notice The key of the citizen at register position `index` (registration order).
    function citizenKeyAt(uint256 index) external view returns (bytes32);

    /// @notice How many citizens were ever registered.
    function citizenCount() external view returns (uint256);

    /// @notice The sequence number of the last change of the register; zero before the first.
    function sequence() external view returns (uint64);

    /// @notice A citizen's proposed voting commitment and when it can be applied, or zeros.
    function pendingVotingCommitment(bytes32 citizenKey) external view returns (uint256 commitment, uint40 effectiveAt);

    /// @notice How long a proposed rotation waits before it can be applied: 31 days, longer than any review period.
    // solhint-disable-next-line func-name-mixedcase
    function ROTATION_NOTICE() external view returns (uint40);

    /// @notice The citizen that was given (or proposed) `commitment`, or zero.
    function commitmentHolder(uint256 commitment) external view returns (bytes32 citizenKey);

    /**
     * @notice Whether {changeStatus} would accept the transition now (role and pause aside), and if not, the selector
     * of the custom error it would revert with. The write runs the same check.
     */
    function checkStatusChange(
        bytes32 citizenKey,
        CitizenStatus status,
        bytes32 basis
    ) external view returns (bool ok, bytes4 reason);
}
