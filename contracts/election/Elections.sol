// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphoreVerifier} from "@semaphore-protocol/contracts/interfaces/ISemaphoreVerifier.sol";

import {ICitizenRegistry} from "../citizen/ICitizenRegistry.sol";
import {GovernedUpgradeable} from "../common/GovernedUpgradeable.sol";
import {IGoverned} from "../common/IGoverned.sol";
import {Revert} from "../common/Revert.sol";
import {IElections} from "./IElections.sol";

/**
 * @title Elections
 * @notice Polls with anonymous one-citizen-one-vote ballots checked by Semaphore v4 proofs against a census frozen at
 * creation, with single-choice, approval and participatory-budget rules, re-voting until the close and an on-chain
 * tally that anyone recomputes from the events.
 * @dev Only the Semaphore verifier contract is used, not its group contract: nullifiers are kept here per poll, and
 * the census root is the poll's, frozen at creation. Every loop runs over a poll's options (at most 32).
 */
contract Elections is GovernedUpgradeable, IElections {
    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Most options a poll may have: a ballot is a bit set in the low 32 bits.
    uint8 private constant _MAX_OPTIONS = 32;

    /// @dev Longest review period the ADMIN may set.
    uint40 private constant _MAX_REVIEW_PERIOD = 90 days;

    /// @dev Semaphore's supported tree depths.
    uint256 private constant _MIN_DEPTH = 1;
    uint256 private constant _MAX_DEPTH = 32;

    /// @dev The BN254 scalar field: a census root is an element of it.
    uint256 private constant _SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @custom:storage-location erc7201:egov.storage.Elections
    struct ElectionsStorage {
        ISemaphoreVerifier verifier;
        uint40 reviewPeriod;
        ICitizenRegistry citizens;
        uint256 pollCount;
        mapping(uint256 pollId => Poll) polls;
        mapping(uint256 pollId => uint64[]) costs;
        mapping(uint256 pollId => mapping(uint256 option => uint256 votes)) tallies;
        mapping(uint256 pollId => mapping(uint256 nullifier => uint256 ballot)) ballots;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.Elections")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x8dedfeb4c461a5edc60e50f61b11cf15a662a20830f77d7f2c5c4cbf61aa2700;

    // -------------------------------------------------------------------------------------------------------------
    // Initializer
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Sets up the proxy.
     * @param initialAuthority The GovernmentAuthority.
     * @param semaphoreVerifier The Semaphore v4 verifier contract.
     * @param citizenRegistry_ The CitizenRegistry the censuses are taken from.
     * @param reviewPeriod_ The review period of polls, in seconds (at most 90 days).
     */
    function initialize(
        address initialAuthority,
        address semaphoreVerifier,
        address citizenRegistry_,
        uint40 reviewPeriod_
    ) external initializer {
        __Governed_init(initialAuthority);
        if (semaphoreVerifier == address(0) || citizenRegistry_ == address(0)) revert ElectionsZeroAddress();
        ElectionsStorage storage $ = _storage();
        $.verifier = ISemaphoreVerifier(semaphoreVerifier);
        $.citizens = ICitizenRegistry(citizenRegistry_);
        _setReviewPeriod($, reviewPeriod_);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: officers
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IElections
    function createPoll(PollParameters calldata parameters) external restricted whenNotPaused returns (uint256 pollId) {
        ElectionsStorage storage $ = _storage();
        _requireValidPoll($, parameters);

        pollId = ++$.pollCount;
        Poll storage p = $.polls[pollId];
        p.metadataHash = parameters.metadataHash;
        p.rule = parameters.rule;
        p.optionCount = parameters.optionCount;
        p.maxChoices = parameters.maxChoices;
        p.revoting = parameters.revoting;
        p.createdAt = uint40(block.timestamp);
        p.opensAt = parameters.opensAt;
        p.closesAt = parameters.closesAt;
        p.budget = parameters.budget;
        p.census = parameters.census;
        if (parameters.costs.length != 0) $.costs[pollId] = parameters.costs;

        emit PollCreated(pollId, msg.sender, parameters);
    }

    /// @inheritdoc IElections
    function cancelPoll(uint256 pollId, bytes32 reason) external restricted {
        if (reason == bytes32(0)) revert ElectionsEmptyReason();
        Poll storage p = _existingPoll(pollId);
        if (p.cancelled) revert ElectionsPollCancelled(pollId);
        if (block.timestamp >= p.opensAt) revert ElectionsPollAlreadyOpen(pollId, p.opensAt);
        p.cancelled = true;
        emit PollCancelled(pollId, msg.sender, reason);
    }

    /// @inheritdoc IElections
    function setReviewPeriod(uint40 reviewPeriod_) external restricted {
        _setReviewPeriod(_storage(), reviewPeriod_);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: anyone
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IElections
    function castBallot(uint256 pollId, uint256 ballot, BallotProof calldata proof) external whenNotPaused {
        Revert.ifNotEmpty(_ballotError(pollId, ballot, proof));
        ElectionsStorage storage $ = _storage();
        uint256 previous = $.ballots[pollId][proof.nullifier];
        $.ballots[pollId][proof.nullifier] = ballot;
        mapping(uint256 => uint256) storage votes = $.tallies[pollId];
        if (previous == 0) {
            ++$.polls[pollId].ballots;
        } else {
            _forEachOption(votes, previous, false);
        }
        _forEachOption(votes, ballot, true);
        emit BallotCast(pollId, proof.nullifier, ballot, previous);
    }

    /// @inheritdoc IElections
    function closePoll(uint256 pollId) external {
        PollState state = pollState(pollId);
        if (state != PollState.Ended) revert ElectionsCannotClose(pollId, state);
        Poll storage p = _storage().polls[pollId];
        p.closed = true;
        (uint256[] memory votes, uint32 ballots) = tally(pollId);
        emit PollClosed(pollId, ballots, votes);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: reads
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IElections
    function poll(uint256 pollId) external view returns (Poll memory) {
        return _existingPoll(pollId);
    }

    /// @inheritdoc IElections
    function optionCosts(uint256 pollId) external view returns (uint64[] memory) {
        _existingPoll(pollId);
        return _storage().costs[pollId];
    }

    /// @inheritdoc IElections
    function ballotOf(uint256 pollId, uint256 nullifier) external view returns (uint256) {
        return _storage().ballots[pollId][nullifier];
    }

    /// @inheritdoc IElections
    function pollCount() external view returns (uint256) {
        return _storage().pollCount;
    }

    /// @inheritdoc IElections
    function reviewPeriod() external view returns (uint40) {
        return _storage().reviewPeriod;
    }

    /// @inheritdoc IElections
    function verifier() external view returns (address) {
        return address(_storage().verifier);
    }

    /// @inheritdoc IElections
    function citizenRegistry() external view returns (address) {
        return address(_storage().citizens);
    }

    /// @inheritdoc IElections
    function checkBallot(
        uint256 pollId,
        uint256 ballot,
        BallotProof calldata proof
    ) external view returns (bool ok, bytes4 reason) {
        reason = Revert.selectorOf(_ballotError(pollId, ballot, proof));
        ok = reason == bytes4(0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Public
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IElections
    function pollState(uint256 pollId) public view returns (PollState) {
        Poll storage p = _storage().polls[pollId];
        if (p.createdAt == 0) return PollState.None;
        if (p.cancelled) return PollState.Cancelled;
        if (p.closed) return PollState.Closed;
        if (block.timestamp < p.opensAt) return PollState.Review;
        if (block.timestamp < p.closesAt) return PollState.Open;
        return PollState.Ended;
    }

    /// @inheritdoc IElections
    function tally(uint256 pollId) public view returns (uint256[] memory votes, uint32 ballots) {
        Poll storage p = _existingPoll(pollId);
        uint256 count = p.optionCount;
        votes = new uint256[](count);
        mapping(uint256 => uint256) storage stored = _storage().tallies[pollId];
        for (uint256 i = 0; i < count; ++i) {
            votes[i] = stored[i];
        }
        ballots = p.ballots;
    }

    /// @inheritdoc IElections
    function pollScope(uint256 pollId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), pollId)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Adds one vote to (or removes one from) each option a ballot selects.
    function _forEachOption(mapping(uint256 => uint256) storage votes, uint256 ballot, bool add) private {
        for (uint256 i = 0; ballot != 0; ++i) {
            if (ballot & 1 == 1) {
                if (add) ++votes[i];
                else --votes[i];
            }
            ballot >>= 1;
        }
    }

    /// @dev Sets the review period after checking its bound.
    function _setReviewPeriod(ElectionsStorage storage $, uint40 reviewPeriod_) private {
        if (reviewPeriod_ > _MAX_REVIEW_PERIOD) revert ElectionsInvalidReviewPeriod(reviewPeriod_);
        uint40 from = $.reviewPeriod;
        $.reviewPeriod = reviewPeriod_;
        emit ReviewPeriodChanged(from, reviewPeriod_);
    }

    /// @dev Reverts unless the parameters describe a valid poll (see {IElections-createPoll}).
    function _requireValidPoll(ElectionsStorage storage $, PollParameters calldata parameters) private view {
        if (parameters.metadataHash == bytes32(0)) revert ElectionsEmptyMetadata();
        uint8 optionCount = parameters.optionCount;
        if (optionCount < 2 || optionCount > _MAX_OPTIONS) revert ElectionsInvalidOptionCount(optionCount);
        _requireValidRule(parameters);

        Census calldata census = parameters.census;
        if (census.size == 0 || census.root == 0) revert ElectionsEmptyCensus(census.size, census.root);
        if (census.root >= _SNARK_SCALAR_FIELD) revert ElectionsInvalidCensusRoot(census.root);
        if (census.jurisdiction == 0) revert ElectionsEmptyJurisdiction();
        uint64 registerSequence = $.citizens.sequence();
        if (census.sequence > registerSequence) {
            revert ElectionsCensusSequenceAhead(census.sequence, registerSequence);
        }

        uint256 earliestOpening = block.timestamp + $.reviewPeriod;
        if (parameters.opensAt < earliestOpening || parameters.closesAt <= parameters.opensAt) {
            revert ElectionsInvalidWindow(parameters.opensAt, parameters.closesAt, earliestOpening);
        }
    }

    /// @dev Reverts unless the rule's parameters fit the rule.
    function _requireValidRule(PollParameters calldata parameters) private pure {
        BallotRule rule = parameters.rule;
        uint256 costCount = parameters.costs.length;
        bool fits;
        if (rule == BallotRule.Approval) {
            fits =
                parameters.maxChoices != 0 &&
                parameters.maxChoices <= parameters.optionCount &&
                parameters.budget == 0 &&
                costCount == 0;
        } else if (rule == BallotRule.Budget) {
            fits = parameters.maxChoices == 0 && parameters.budget != 0 && costCount == parameters.optionCount;
        } else {
            fits = parameters.maxChoices == 0 && parameters.budget == 0 && costCount == 0;
        }
        if (!fits) {
            revert ElectionsInvalidRuleParameters(rule, parameters.maxChoices, parameters.budget, costCount);
        }
        for (uint256 i = 0; i < costCount; ++i) {
            if (parameters.costs[i] == 0) revert ElectionsZeroCost(i);
        }
    }

    /// @dev An existing poll, or a revert.
    function _existingPoll(uint256 pollId) private view returns (Poll storage p) {
        p = _storage().polls[pollId];
        if (p.createdAt == 0) revert ElectionsUnknownPoll(pollId);
    }

    /**
     * @dev The error {castBallot} would revert with, ABI-encoded, or empty bytes when the ballot counts. The cheap
     * checks come first; the proof is verified last.
     */
    function _ballotError(
        uint256 pollId,
        uint256 ballot,
        BallotProof calldata proof
    ) private view returns (bytes memory) {
        ElectionsStorage storage $ = _storage();
        Poll storage p = $.polls[pollId];
        if (p.createdAt == 0) return abi.encodeWithSelector(ElectionsUnknownPoll.selector, pollId);
        if (p.cancelled) return abi.encodeWithSelector(ElectionsPollCancelled.selector, pollId);
        if (block.timestamp < p.opensAt) {
            return abi.encodeWithSelector(ElectionsPollNotOpen.selector, pollId, p.opensAt);
        }
        if (block.timestamp >= p.closesAt) {
            return abi.encodeWithSelector(ElectionsPollClosed.selector, pollId, p.closesAt);
        }
        if (proof.merkleTreeDepth < _MIN_DEPTH || proof.merkleTreeDepth > _MAX_DEPTH) {
            return abi.encodeWithSelector(ElectionsInvalidDepth.selector, proof.merkleTreeDepth);
        }
        uint256 root = p.census.root;
        if (proof.merkleTreeRoot != root) {
            return abi.encodeWithSelector(ElectionsRootMismatch.selector, pollId, root, proof.merkleTreeRoot);
        }
        uint256 scope = pollScope(pollId);
        if (proof.scope != scope) {
            return abi.encodeWithSelector(ElectionsScopeMismatch.selector, pollId, scope, proof.scope);
        }
        if (proof.message != ballot) {
            return abi.encodeWithSelector(ElectionsBallotMismatch.selector, ballot, proof.message);
        }
        bytes memory ruleError = _ruleError($, p, pollId, ballot);
        if (ruleError.length != 0) return ruleError;
        if (!p.revoting && $.ballots[pollId][proof.nullifier] != 0) {
            return abi.encodeWithSelector(ElectionsNullifierUsed.selector, pollId, proof.nullifier);
        }
        if (!_verify($.verifier, proof)) {
            return abi.encodeWithSelector(ElectionsInvalidProof.selector, pollId, proof.nullifier);
        }
        return "";
    }

    /// @dev The error a ballot that breaks the poll's rule reverts with, ABI-encoded, or empty bytes.
    function _ruleError(
        ElectionsStorage storage $,
        Poll storage p,
        uint256 pollId,
        uint256 ballot
    ) private view returns (bytes memory) {
        uint8 optionCount = p.optionCount;
        if (ballot >> optionCount != 0) {
            return abi.encodeWithSelector(ElectionsUnknownOption.selector, pollId, ballot, optionCount);
        }
        BallotRule rule = p.rule;
        uint256 chosen = 0;
        uint256 cost = 0;
        uint64[] storage costs = $.costs[pollId];
        for (uint256 i = 0; i < optionCount; ++i) {
            if ((ballot >> i) & 1 == 1) {
                ++chosen;
                if (rule == BallotRule.Budget) cost += costs[i];
            }
        }
        uint256 max =
            rule == BallotRule.SingleChoice
                ? 1
                : rule == BallotRule.Approval
                    ? p.maxChoices
                    : optionCount;
        if (chosen == 0 || chosen > max) {
            return abi.encodeWithSelector(ElectionsInvalidChoiceCount.selector, pollId, chosen, 1, max);
        }
        if (rule == BallotRule.Budget && cost > p.budget) {
            return abi.encodeWithSelector(ElectionsOverBudget.selector, pollId, cost, p.budget);
        }
        return "";
    }

    /// @dev Asks the Semaphore verifier whether the proof holds; message and scope are hashed as Semaphore does.
    function _verify(ISemaphoreVerifier semaphoreVerifier, BallotProof calldata proof) private view returns (bool) {
        uint256[8] calldata pts = proof.points;
        return
            semaphoreVerifier.verifyProof(
                [pts[0], pts[1]],
                [[pts[2], pts[3]], [pts[4], pts[5]]],
                [pts[6], pts[7]],
                [proof.merkleTreeRoot, proof.nullifier, _hash(proof.message), _hash(proof.scope)],
                proof.merkleTreeDepth
            );
    }

    /// @dev Semaphore's hash of a message or scope into the SNARK scalar field.
    function _hash(uint256 value) private pure returns (uint256) {
        return uint256(keccak256(abi.encodePacked(value))) >> 8;
    }

    /// @dev The ERC-7201 storage of this contract.
    function _storage() private pure returns (ElectionsStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }
}
