// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {CitizenRegistry} from "../../contracts/citizen/CitizenRegistry.sol";
import {Elections} from "../../contracts/election/Elections.sol";
import {IElections} from "../../contracts/election/IElections.sol";
import {MockSemaphoreVerifier} from "../../contracts/mocks/MockSemaphoreVerifier.sol";
import {Cheats} from "../helpers/Cheats.sol";

/**
 * @title ElectionHandler
 * @notice The invariant fuzzer's entry points into the Elections contract: mostly valid ballots and re-votes (with a
 * rising revision) from a small set of citizens (nullifiers), some invalid ones, and an attacker who replays earlier
 * proofs, pauses and unpauses the contract, and rotates citizens' voting commitments, while the clock moves before,
 * through and past the voting windows. A ghost model keeps each nullifier's last counted ballot and revision, its
 * own account of the time paused, and counts everything the contract should have refused and did not.
 * @dev Proofs cannot be generated inside the EVM, so the contract is deployed with {MockSemaphoreVerifier}; every
 * other check (depth, root, scope, message with its revision, rule, nullifier, window) is the real one. The handler
 * is the authority's admin, so that it can pause and rotate as a rogue guardian or registrar would.
 */
contract ElectionHandler is Cheats {
    /// @dev These tests cover public polls only: the secret-polls library is a stand-in address with no code.
    address private constant _NO_SECRET_POLLS = address(uint160(uint256(keccak256("no secret polls here"))));

    uint256 internal constant NULLIFIERS = 12;
    uint256 internal constant POLLS = 3;
    uint256 internal constant ROOT = 12345;
    uint8 internal constant DEPTH = 4;
    uint8 internal constant OPTIONS = 5;
    uint40 internal constant REVIEW = 2 days;
    uint64 internal constant BUDGET = 60;

    GovernmentAuthority internal authority;
    CitizenRegistry internal citizens;
    Elections internal elections;

    /// @notice Each poll's last counted ballot per nullifier (zero for none).
    mapping(uint256 pollId => mapping(uint256 nullifierIndex => uint256 ballot)) public lastBallot;
    /// @notice Each poll's last counted revision per nullifier (zero for none).
    mapping(uint256 pollId => mapping(uint256 nullifierIndex => uint64 revision)) public lastRevision;
    /// @notice The first counted ballot of each nullifier, kept for the attacker's replays.
    mapping(uint256 pollId => mapping(uint256 nullifierIndex => uint256 ballot)) internal _firstBallot;
    /// @notice The handler's own record of a recorded close.
    mapping(uint256 pollId => bool closed) internal _closed;
    /// @notice When each citizen's pending rotation was proposed (zero for none).
    mapping(uint256 citizenIndex => uint256 proposedAt) internal _proposedAt;

    /// @notice Ballots the contract accepted while the poll was not open (pauses counted) or after its close.
    uint256 public countedOutsideWindow;
    /// @notice Ballots the contract accepted in all, and re-votes among them.
    uint256 public accepted;
    uint256 public revotes;
    /// @notice Replays of earlier proofs that the contract accepted.
    uint256 public replaysAccepted;
    /// @notice Closes recorded before the window (moved by pauses) had ended.
    uint256 public closedEarly;
    /// @notice Rotations applied before their notice had passed.
    uint256 public rotationsAppliedEarly;
    /// @notice Pauses, replays refused, and rotations applied: the attacker's work, so that its paths are not vacuous.
    uint256 public pauses;
    uint256 public replaysRefused;
    uint256 public rotationsApplied;

    uint40 internal _pausedTotal;
    uint40 internal _pausedSince;
    bool internal _paused;
    uint256 internal _nextCommitment = 1000;

    constructor() {
        authority = new GovernmentAuthority(address(this));
        citizens = CitizenRegistry(
            address(
                new ERC1967Proxy(
                    address(new CitizenRegistry()),
                    abi.encodeCall(CitizenRegistry.initialize, (address(authority)))
                )
            )
        );
        elections = Elections(
            address(
                new ERC1967Proxy(
                    address(new Elections()),
                    abi.encodeCall(
                        Elections.initialize,
                        (
                            address(authority),
                            address(new MockSemaphoreVerifier()),
                            address(citizens),
                            REVIEW,
                            _NO_SECRET_POLLS
                        )
                    )
                )
            )
        );
        uint40 opensAt = uint40(block.timestamp) + REVIEW;
        uint64[] memory noCosts = new uint64[](0);
        uint64[] memory costs = new uint64[](OPTIONS);
        for (uint256 i = 0; i < OPTIONS; ++i) costs[i] = uint64(10 * (i + 1));
        IElections.Census memory census = IElections.Census({
            jurisdiction: 1,
            requiredFlags: 0,
            size: uint32(NULLIFIERS),
            sequence: 0,
            depth: DEPTH,
            root: ROOT
        });
        elections.createPoll(_poll(IElections.BallotRule.SingleChoice, 0, true, 0, noCosts, opensAt, census));
        elections.createPoll(_poll(IElections.BallotRule.Approval, 3, false, 0, noCosts, opensAt, census));
        elections.createPoll(_poll(IElections.BallotRule.Budget, 0, true, BUDGET, costs, opensAt + 1 days, census));
        for (uint256 i = 0; i < NULLIFIERS; ++i) {
            citizens.registerCitizen(keccak256(abi.encode("citizen", i)), 1, 0, _nextCommitment++, "register");
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice A citizen (nullifier) casts or re-casts a ballot in one of the polls, with the next revision or one a
     * little higher; four in five ballots follow the poll's rule, the others are arbitrary.
     */
    function castBallot(uint256 pollSeed, uint256 nullifierSeed, uint256 ballotSeed) external {
        uint256 pollId = _bound(pollSeed, 1, POLLS);
        uint256 index = _bound(nullifierSeed, 0, NULLIFIERS - 1);
        uint256 ballot =
            ballotSeed % 5 == 0
                ? _bound(ballotSeed >> 8, 0, (1 << (OPTIONS + 1)) - 1) // sometimes an option too many
                : _validBallot(pollId, ballotSeed >> 8);
        uint64 revision = lastRevision[pollId][index] + 1 + uint64((ballotSeed >> 32) % 3);
        bool inWindow = _inWindow(pollId);
        try elections.castBallot(pollId, ballot, revision, _proof(pollId, index, ballot, revision)) {
            ++accepted;
            if (!inWindow) ++countedOutsideWindow;
            if (lastRevision[pollId][index] == 0) _firstBallot[pollId][index] = ballot;
            else ++revotes;
            lastBallot[pollId][index] = ballot;
            lastRevision[pollId][index] = revision;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice The attacker copies a citizen's first proof from the chain and sends it again.
    function replayOldProof(uint256 pollSeed, uint256 nullifierSeed) external {
        uint256 pollId = _bound(pollSeed, 1, POLLS);
        uint256 index = _bound(nullifierSeed, 0, NULLIFIERS - 1);
        uint256 ballot = _firstBallot[pollId][index];
        if (ballot == 0) return;
        try elections.castBallot(pollId, ballot, 1, _proof(pollId, index, ballot, 1)) {
            ++replaysAccepted;
            lastBallot[pollId][index] = ballot;
        } catch {
            ++replaysRefused;
        }
    }

    /// @notice The clock moves forward, from minutes to days.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + _bound(secondsSeed, 60, 3 days));
    }

    /// @notice A guardian pauses the contract, or the ADMIN lifts the pause.
    function togglePause() external {
        if (_paused) {
            elections.unpause();
            _pausedTotal += uint40(block.timestamp) - _pausedSince;
        } else {
            elections.pause();
            _pausedSince = uint40(block.timestamp);
            ++pauses;
        }
        _paused = !_paused;
    }

    /// @notice Anyone records the close of a poll; refused before its window (moved by pauses) ends.
    function closePoll(uint256 pollSeed) external {
        uint256 pollId = _bound(pollSeed, 1, POLLS);
        bool ended = block.timestamp >= elections.poll(pollId).closesAt + _pausedNow();
        try elections.closePoll(pollId) {
            if (!ended) ++closedEarly;
            _closed[pollId] = true;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice A registrar proposes a new voting commitment for a citizen, or anyone applies a pending one.
    function rotateCommitment(uint256 citizenSeed, bool applyIt) external {
        uint256 index = _bound(citizenSeed, 0, NULLIFIERS - 1);
        bytes32 citizenKey = keccak256(abi.encode("citizen", index));
        if (!applyIt) {
            try citizens.setVotingCommitment(citizenKey, _nextCommitment++, "rotation") {
                _proposedAt[index] = block.timestamp;
            } catch {} // solhint-disable-line no-empty-blocks
            return;
        }
        try citizens.applyVotingCommitment(citizenKey) {
            if (block.timestamp < _proposedAt[index] + citizens.ROTATION_NOTICE()) ++rotationsAppliedEarly;
            ++rotationsApplied;
            _proposedAt[index] = 0;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice The handler's actions, for the fuzzer. Ballots are listed twice so that they come often.
    function actions() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](7);
        selectors[0] = this.castBallot.selector;
        selectors[1] = this.castBallot.selector;
        selectors[2] = this.replayOldProof.selector;
        selectors[3] = this.warp.selector;
        selectors[4] = this.closePoll.selector;
        selectors[5] = this.togglePause.selector;
        selectors[6] = this.rotateCommitment.selector;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reads for the invariants
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The Elections contract under test.
    function electionsContract() external view returns (Elections) {
        return elections;
    }

    /// @notice Ghost tally: per option, the nullifiers whose last ballot selects it; and the nullifiers counted.
    function ghostTally(uint256 pollId) external view returns (uint256[] memory votes, uint256 distinct) {
        votes = new uint256[](OPTIONS);
        for (uint256 n = 0; n < NULLIFIERS; ++n) {
            uint256 ballot = lastBallot[pollId][n];
            if (ballot == 0) continue;
            ++distinct;
            for (uint256 i = 0; i < OPTIONS; ++i) {
                if ((ballot >> i) & 1 == 1) ++votes[i];
            }
        }
    }

    /// @notice The handler's own count of the time paused, the current pause included.
    function pausedNow() external view returns (uint40) {
        return _pausedNow();
    }

    /// @notice Whether the handler saw the close of a poll recorded.
    function closed(uint256 pollId) external view returns (bool) {
        return _closed[pollId];
    }

    /// @notice The nullifier of a citizen index.
    function nullifierOf(uint256 index) external pure returns (uint256) {
        return _nullifier(index);
    }

    /// @notice Number of polls the handler created.
    function pollCount() external pure returns (uint256) {
        return POLLS;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    function _pausedNow() private view returns (uint40) {
        return _paused ? _pausedTotal + uint40(block.timestamp) - _pausedSince : _pausedTotal;
    }

    /// @dev Whether a ballot should count now: the window moved by the time paused, and no close recorded.
    function _inWindow(uint256 pollId) private view returns (bool) {
        IElections.Poll memory p = elections.poll(pollId);
        uint40 shift = _pausedNow(); // every poll was created before any pause
        return
            !_closed[pollId] &&
            !_paused &&
            block.timestamp >= p.opensAt + shift &&
            block.timestamp < p.closesAt + shift;
    }

    /// @dev A ballot that follows the poll's rule, drawn from `seed`.
    function _validBallot(uint256 pollId, uint256 seed) private pure returns (uint256 ballot) {
        if (pollId == 1) return 1 << (seed % OPTIONS);
        ballot = 1 << (seed % OPTIONS);
        if (pollId == 2) {
            ballot |= 1 << ((seed >> 8) % OPTIONS); // one or two options of at most three
            return ballot;
        }
        uint256 extra = 1 << ((seed >> 8) % OPTIONS);
        if (_cost(ballot | extra) <= BUDGET) ballot |= extra;
    }

    function _cost(uint256 ballot) private pure returns (uint256 cost) {
        for (uint256 i = 0; i < OPTIONS; ++i) cost += ((ballot >> i) & 1) * 10 * (i + 1);
    }

    function _nullifier(uint256 index) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("citizen", index)));
    }

    function _proof(
        uint256 pollId,
        uint256 index,
        uint256 ballot,
        uint64 revision
    ) private view returns (IElections.BallotProof memory proof) {
        proof.merkleTreeDepth = DEPTH;
        proof.merkleTreeRoot = ROOT;
        proof.nullifier = _nullifier(index);
        proof.message = elections.ballotMessage(bytes32(ballot), revision);
        proof.scope = elections.pollScope(pollId);
        proof.points[0] = 1;
    }

    function _poll(
        IElections.BallotRule rule,
        uint8 maxChoices,
        bool revoting,
        uint64 budget,
        uint64[] memory costs,
        uint40 opensAt,
        IElections.Census memory census
    ) private pure returns (IElections.PollParameters memory) {
        return
            IElections.PollParameters({
                metadataHash: keccak256(abi.encode(rule)),
                rule: rule,
                optionCount: OPTIONS,
                maxChoices: maxChoices,
                revoting: revoting,
                opensAt: opensAt,
                closesAt: opensAt + 4 days,
                budget: budget,
                costs: costs,
                census: census
            });
    }
}
