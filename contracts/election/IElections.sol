// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SecretBallot} from "./SecretBallot.sol";

/**
 * @title IElections
 * @notice Polls with anonymous one-citizen-one-vote ballots. An election officer creates a poll with its ballot rule,
 * its voting window and a census (the root of the Semaphore tree of the eligible citizens' voting commitments, as of
 * a sequence number of the CitizenRegistry) frozen at creation. After a review period, during which anyone can
 * recompute the census and a guardian can cancel the poll, anyone may submit a citizen's Semaphore v4 proof of
 * membership in the census, made at the poll's tree depth, with the poll's scope and, as message, the ballot bound to
 * a revision number (see {ballotMessage}). A later ballot of the same citizen (same nullifier) with a higher revision
 * replaces the earlier one until the close when the poll allows re-voting; an earlier proof, replayed, is refused.
 *
 * Time: the contract keeps a clock that stands still while it is paused. A poll's opening and close are measured on
 * that clock from the poll's creation, so every second the contract is paused after a poll's creation moves the
 * poll's opening (if still ahead) and close later by that second: a guardian's pause never shortens a vote.
 * @dev A ballot is a bit set: bit `i` selects option `i`. The tally per option is kept on chain and equals, at all
 * times, the sum over the poll's counted nullifiers of their last ballot; every ballot is in a {BallotCast} event,
 * so anyone recomputes it from the logs.
 *
 * Ballot rules:
 * - SingleChoice: exactly one option (a yes/no question is a single choice between two options);
 * - Approval: between one and `maxChoices` options;
 * - Budget: at least one option, whose costs add up to at most `budget`.
 */
interface IElections {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice How a ballot may select options.
    enum BallotRule {
        SingleChoice, // exactly one option
        Approval, // one to `maxChoices` options
        Budget // options whose costs add up to at most `budget`
    }

    /// @notice The life of a poll. Open and closed follow from the clock; Cancelled and Closed are recorded.
    enum PollState {
        None, // no such poll
        Review, // created; the census can be checked and a guardian can cancel
        Open, // ballots are accepted
        Ended, // past the close time, not yet closed by a transaction
        Closed, // the close was recorded: the tally is final
        Cancelled // cancelled by a guardian during the review period
    }

    /// @notice Who may vote in a poll: frozen at creation.
    struct Census {
        uint32 jurisdiction; // municipality code of the CitizenRegistry
        uint8 requiredFlags; // eligibility flags every member has
        uint32 size; // number of members (leaves of the tree)
        uint64 sequence; // the CitizenRegistry sequence number the census was computed at: the register's at creation
        uint8 depth; // the tree depth of every proof of the poll, 1 to 32, at least the tree's own (ceil(log2(size)))
        uint256 root; // root of the Semaphore (LeanIMT, Poseidon) tree of the members' voting commitments
    }

    /// @notice What an officer states to create a poll.
    struct PollParameters {
        bytes32 metadataHash; // hash of the question text and option labels, kept off chain
        BallotRule rule; // how a ballot may select options
        uint8 optionCount; // number of options, 2 to 32
        uint8 maxChoices; // Approval: most options a ballot may select; zero for the other rules
        bool revoting; // whether a later ballot of the same citizen replaces the earlier one
        uint40 opensAt; // first second ballots are accepted
        uint40 closesAt; // first second ballots are refused
        uint64 budget; // Budget: the spending limit of a ballot; zero for the other rules
        uint64[] costs; // Budget: the cost of each option (one per option, none zero); empty for the other rules
        Census census; // who may vote
    }

    /// @notice A poll as read by integrators.
    struct Poll {
        bytes32 metadataHash; // hash of the question text and option labels
        BallotRule rule; // ballot rule
        uint8 optionCount; // number of options
        uint8 maxChoices; // Approval: most options per ballot
        bool revoting; // whether re-voting is allowed
        bool cancelled; // cancelled by a guardian
        bool closed; // the close was recorded
        uint40 createdAt; // creation time
        uint40 opensAt; // first second ballots are accepted, as stated (see {pollWindow} for pauses)
        uint40 closesAt; // first second ballots are refused, as stated (see {pollWindow} for pauses)
        uint40 pausedBefore; // the contract's paused seconds counted when the poll was created (see {pausedTime})
        uint32 ballots; // number of distinct counted nullifiers
        uint64 budget; // Budget: spending limit per ballot
        Census census; // who may vote
        bool secret; // whether ballots are encrypted (see {createSecretPoll} and {ISecretPolls})
    }

    /// @notice A Semaphore v4 proof, as `@semaphore-protocol/proof` produces it.
    struct BallotProof {
        uint256 merkleTreeDepth; // depth of the circuit used, 1 to 32
        uint256 merkleTreeRoot; // the census root the proof is for
        uint256 nullifier; // Poseidon(scope, secret): one per citizen identity and poll
        uint256 message; // the ballot bound to its revision: {ballotMessage}
        uint256 scope; // the poll's scope, see {pollScope}
        uint256[8] points; // the Groth16 proof
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The verifier, the citizen registry or the secret-polls library address is zero.
    error ElectionsZeroAddress();

    /// @notice The metadata hash is zero.
    error ElectionsEmptyMetadata();

    /// @notice The census has no members or no root.
    error ElectionsEmptyCensus(uint32 size, uint256 root);

    /// @notice The census jurisdiction is zero.
    error ElectionsEmptyJurisdiction();

    /// @notice The census was not stated at the register's current sequence number.
    error ElectionsCensusNotCurrent(uint64 sequence, uint64 registerSequence);

    /// @notice The census's tree depth is outside 1..32 or too small for its size.
    error ElectionsInvalidCensusDepth(uint8 depth, uint32 size);

    /// @notice The census root is not an element of the SNARK scalar field.
    error ElectionsInvalidCensusRoot(uint256 root);

    /// @notice The voting window is empty or opens before the review period ends.
    error ElectionsInvalidWindow(uint40 opensAt, uint40 closesAt, uint256 earliestOpening);

    /// @notice The option count is outside 2..32.
    error ElectionsInvalidOptionCount(uint8 optionCount);

    /// @notice The rule's parameters do not fit (maxChoices, budget or costs).
    error ElectionsInvalidRuleParameters(BallotRule rule, uint8 maxChoices, uint64 budget, uint256 costCount);

    /// @notice An option cost of a budget poll is zero.
    error ElectionsZeroCost(uint256 option);

    /// @notice No poll has this id.
    error ElectionsUnknownPoll(uint256 pollId);

    /// @notice The poll was cancelled.
    error ElectionsPollCancelled(uint256 pollId);

    /// @notice The poll opens later.
    error ElectionsPollNotOpen(uint256 pollId, uint40 opensAt);

    /// @notice The poll has closed: its close was recorded, or `closesAt` (pauses counted) has passed.
    error ElectionsPollClosed(uint256 pollId, uint40 closesAt);

    /// @notice The poll can no longer be cancelled: it has opened.
    error ElectionsPollAlreadyOpen(uint256 pollId, uint40 opensAt);

    /// @notice The close cannot be recorded yet, or was recorded already.
    error ElectionsCannotClose(uint256 pollId, PollState state);

    /// @notice The cancellation reason is zero.
    error ElectionsEmptyReason();

    /// @notice The proof is made at another tree depth than the poll's.
    error ElectionsDepthMismatch(uint256 pollId, uint8 expected, uint256 actual);

    /// @notice The proof is for another census root.
    error ElectionsRootMismatch(uint256 pollId, uint256 expected, uint256 actual);

    /// @notice The proof is for another scope (another poll, contract or chain).
    error ElectionsScopeMismatch(uint256 pollId, uint256 expected, uint256 actual);

    /// @notice The proof's message is not the ballot with its revision ({ballotMessage}).
    error ElectionsMessageMismatch(uint256 pollId, uint256 expected, uint256 actual);

    /// @notice The ballot selects an option the poll does not have.
    error ElectionsUnknownOption(uint256 pollId, uint256 ballot, uint8 optionCount);

    /// @notice The ballot selects too few or too many options for the rule.
    error ElectionsInvalidChoiceCount(uint256 pollId, uint256 chosen, uint256 min, uint256 max);

    /// @notice The ballot's options cost more than the budget.
    error ElectionsOverBudget(uint256 pollId, uint256 cost, uint64 budget);

    /// @notice The nullifier was counted already and the poll does not allow re-voting.
    error ElectionsNullifierUsed(uint256 pollId, uint256 nullifier);

    /// @notice The revision is not above the latest counted revision of the nullifier (zero before a first ballot).
    error ElectionsStaleRevision(uint256 pollId, uint256 nullifier, uint64 revision, uint64 latest);

    /// @notice The zero-knowledge proof does not verify.
    error ElectionsInvalidProof(uint256 pollId, uint256 nullifier);

    /// @notice A public ballot was sent to a secret poll.
    error ElectionsSecretPoll(uint256 pollId);

    /// @notice An encrypted ballot was sent to a public poll.
    error ElectionsNotSecretPoll(uint256 pollId);

    /// @notice A budget poll cannot be secret (docs/secret-ballot.md §8).
    error ElectionsSecretBudgetPoll();

    /// @notice The review period is outside the bounds the contract allows (2 to 30 days).
    error ElectionsInvalidReviewPeriod(uint40 reviewPeriod);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A poll was created with these parameters.
    event PollCreated(uint256 indexed pollId, address indexed officer, PollParameters parameters);

    /// @notice A ballot was counted. `previousBallot` is the replaced ballot of the same nullifier, zero for a first.
    event BallotCast(
        uint256 indexed pollId,
        uint256 indexed nullifier,
        uint256 ballot,
        uint256 previousBallot,
        uint64 revision
    );

    /// @notice A guardian cancelled a poll during its review period.
    event PollCancelled(uint256 indexed pollId, address indexed guardian, bytes32 reason);

    /// @notice The close of a poll was recorded; the tally is final.
    event PollClosed(uint256 indexed pollId, uint32 ballots, uint256[] tally);

    /// @notice The review period of new polls changed (a longer one at once; a shorter one when it comes due).
    event ReviewPeriodChanged(uint40 from, uint40 to);

    /// @notice A shorter review period was set; it applies to polls created from `effectiveAt`.
    event ReviewPeriodReductionScheduled(uint40 from, uint40 to, uint40 effectiveAt);

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Creates a poll. Wired to ELECTION_OFFICER.
     * @dev Requirements:
     * - the caller is allowed by the authority; the contract is not paused;
     * - the metadata hash is not zero; 2 to 32 options; the rule's parameters fit (Approval: `maxChoices` 1 to
     *   `optionCount`; Budget: a non-zero budget and one non-zero cost per option; others: none of them);
     * - the census has members, a field-element root, a jurisdiction, a depth from ceil(log2(size)) (at least 1) to
     *   32 and the register's current sequence number (a census is the register as of the poll's creation);
     * - `opensAt` is at least the review period after now, and `closesAt` after `opensAt`.
     *
     * Emits a {PollCreated} event.
     * @return pollId The new poll's id, counting from 1.
     */
    function createPoll(PollParameters calldata parameters) external returns (uint256 pollId);

    /**
     * @notice Counts a citizen's ballot. Anyone may submit it (a relayer): the proof stands for the citizen.
     * @dev Requirements:
     * - the contract is not paused; the poll exists, is not cancelled, its close was not recorded, and it is open
     *   (`opensAt <= now < closesAt`, both moved by the time paused since the poll's creation, see {pollWindow});
     * - the proof's depth is the poll's, its root the poll's census root, its scope the poll's scope and its
     *   message `ballotMessage(bytes32(ballot), revision)`;
     * - the ballot follows the poll's rule;
     * - the nullifier was not counted in this poll, unless the poll allows re-voting; `revision` is above the
     *   nullifier's latest counted revision (so 1 or more for a first ballot): a replayed earlier proof is refused;
     * - the proof verifies.
     *
     * Emits a {BallotCast} event.
     * @param revision The voter's order of this ballot: any number above their previous ballot's in the poll.
     */
    function castBallot(uint256 pollId, uint256 ballot, uint64 revision, BallotProof calldata proof) external;

    /**
     * @notice Creates a secret poll: as {createPoll}, with the trustees (numbered from 1 in this order) and the quorum
     * of them that opens the tally, both fixed from now on. Its key ceremony, encrypted tally and opening are the
     * functions of {ISecretPolls}, called on this contract. Wired to ELECTION_OFFICER.
     * @dev Requirements: those of {createPoll}; the rule is not Budget; 1 to 16 distinct non-zero trustees; a quorum
     * from 1 to their number.
     *
     * Emits a {PollCreated} event and a {ISecretPolls-SecretPollCreated} event.
     */
    function createSecretPoll(
        PollParameters calldata parameters,
        address[] calldata trustees,
        uint8 quorum
    ) external returns (uint256 pollId);

    /**
     * @notice Counts a citizen's encrypted ballot in a secret poll: one ciphertext per option with its 0/1 proof, the
     * rule proof on their sum, and for a re-vote the ciphertexts of the nullifier's counted ballot, which are taken out
     * of the encrypted tally (docs/secret-ballot.md §4, §5). Anyone may submit it.
     * @dev Requirements: those of {castBallot} for the poll, the proof and the revision, except that the proof's
     * message is the ballot's digest ({SecretBallot-ballotDigest} of `revision` and the ciphertexts) and the rule is
     * checked by the proofs; the poll is secret and its ceremony sealed (the first ballot seals it); one ciphertext per
     * option; `replaced` is empty for a first ballot and otherwise the counted ballot of the nullifier; every proof
     * verifies.
     *
     * Emits a {ISecretPolls-SecretBallotCast} event.
     */
    function castSecretBallot(
        uint256 pollId,
        uint64 revision,
        SecretBallot.Ciphertext[] calldata ciphertexts,
        SecretBallot.RangeProof[] calldata optionProofs,
        SecretBallot.RangeProof calldata ruleProof,
        SecretBallot.Ciphertext[] calldata replaced,
        BallotProof calldata proof
    ) external;

    /**
     * @notice Cancels a poll during its review period. Wired to GUARDIAN.
     * @dev Requirements:
     * - the caller is allowed by the authority; the poll exists, is not cancelled and has not opened (pauses
     *   counted);
     * - `reason` (a document hash) is not zero.
     *
     * Emits a {PollCancelled} event.
     */
    function cancelPoll(uint256 pollId, bytes32 reason) external;

    /**
     * @notice Records the close of a poll whose window has ended; anyone may call it. The tally is final either way
     * once the window ends; this records it in one event.
     * @dev Requirements:
     * - the poll's state is Ended. While the contract is paused an open poll's close keeps moving, so a pause
     *   never makes a cut tally final.
     *
     * Emits a {PollClosed} event.
     */
    function closePoll(uint256 pollId) external;

    /**
     * @notice Sets the review period of new polls. Wired to ADMIN. A longer period applies at once; a shorter one
     * only once the current period has passed, so that no poll created meanwhile is reviewed for less than was
     * announced; a later call replaces a scheduled reduction.
     * @dev Requirements:
     * - the caller is allowed by the authority; from 2 days to 30 days.
     *
     * Emits a {ReviewPeriodChanged} event for a longer (or equal) period, a {ReviewPeriodReductionScheduled} event
     * for a shorter one.
     */
    function setReviewPeriod(uint40 reviewPeriod) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A poll. Reverts with {ElectionsUnknownPoll} for an unknown id.
    function poll(uint256 pollId) external view returns (Poll memory);

    /// @notice The cost of each option of a budget poll; empty for the other rules.
    function optionCosts(uint256 pollId) external view returns (uint64[] memory);

    /// @notice A poll's state now.
    function pollState(uint256 pollId) external view returns (PollState);

    /// @notice The votes of each option of a poll.
    function tally(uint256 pollId) external view returns (uint256[] memory votes, uint32 ballots);

    /// @notice The last counted ballot of a nullifier in a poll, or zero.
    function ballotOf(uint256 pollId, uint256 nullifier) external view returns (uint256);

    /// @notice The revision of the last counted ballot of a nullifier in a poll, or zero.
    function latestRevision(uint256 pollId, uint256 nullifier) external view returns (uint64);

    /**
     * @notice The message a ballot's proof carries: `uint256(keccak256(abi.encode(content, revision))) >> 8`, a
     * SNARK field element. `content` is `bytes32(ballot)` for a public ballot (a 32-byte digest of a ballot's content
     * fits the same message).
     */
    function ballotMessage(bytes32 content, uint64 revision) external pure returns (uint256);

    /**
     * @notice A poll's voting window as the clock stands now: the stated times moved later by every second the
     * contract has been paused since the poll's creation. Exact until the poll ends; reverts for an unknown poll.
     */
    function pollWindow(uint256 pollId) external view returns (uint40 opensAt, uint40 closesAt);

    /// @notice The seconds the contract has been paused in all, the current pause included.
    function pausedTime() external view returns (uint40);

    /// @notice A shorter review period waiting for its time, or zeros.
    function pendingReviewPeriod() external view returns (uint40 reviewPeriod, uint40 effectiveAt);

    /// @notice The scope a poll's proofs must carry: `keccak256(abi.encode(chainid, this contract, pollId))`.
    function pollScope(uint256 pollId) external view returns (uint256);

    /// @notice How many polls were created.
    function pollCount() external view returns (uint256);

    /// @notice The review period of polls created now, in seconds (a scheduled reduction counts once due).
    function reviewPeriod() external view returns (uint40);

    /// @notice The Semaphore verifier.
    function verifier() external view returns (address);

    /// @notice The register the censuses are taken from.
    function citizenRegistry() external view returns (address);

    /// @notice The {SecretPolls} library that runs the functions of {ISecretPolls} for this contract.
    function secretPolls() external view returns (address);

    /**
     * @notice Whether {castBallot} would count the ballot now (pause aside), and if not, the selector of the custom
     * error it would revert with. The write runs the same check, proof verification included.
     */
    function checkBallot(
        uint256 pollId,
        uint256 ballot,
        uint64 revision,
        BallotProof calldata proof
    ) external view returns (bool ok, bytes4 reason);
}
