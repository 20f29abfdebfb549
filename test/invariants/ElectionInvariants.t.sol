// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Elections} from "../../contracts/election/Elections.sol";
import {IElections} from "../../contracts/election/IElections.sol";
import {ElectionHandler} from "./ElectionHandler.sol";
import {Cheats, FuzzSelector} from "../helpers/Cheats.sol";

/**
 * @title ElectionInvariantsTest
 * @notice What must hold at all times in a poll (DESIGN.md), after every call of random sequences of ballots,
 * re-votes, invalid ballots, clock moves and closes, and of an attacker's replays of old proofs, pauses and
 * commitment rotations, made through {ElectionHandler}.
 */
contract ElectionInvariantsTest is Cheats {
    ElectionHandler internal handler;
    Elections internal elections;

    function setUp() public {
        handler = new ElectionHandler();
        elections = handler.electionsContract();
    }

    /// @notice The fuzzer calls the handler only.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The fuzzer calls the handler's actions only, not its reads.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: handler.actions()});
    }

    /// @notice The handler's ballots do reach the tally once the window opens, so the invariants are not vacuous.
    function test_handlerBallotsCountInTheWindow() public {
        // Seeds are bounded into range: poll seed 0 is poll 1 (single choice, re-voting on). A ballot seed
        // (k << 8) | 1 is the valid single choice of option k with the next revision.
        handler.castBallot(0, 0, (1 << 8) | 1);
        require(handler.accepted() == 0, "a ballot counted during the review period");
        handler.warp(2 days);
        handler.castBallot(0, 0, (1 << 8) | 1);
        handler.castBallot(0, 0, (2 << 8) | 1);
        handler.castBallot(0, 1, (0 << 8) | 1);
        require(handler.accepted() == 3 && handler.revotes() == 1, "ballots in the window were refused");
        (uint256[] memory votes, uint32 ballots) = elections.tally(1);
        require(ballots == 2 && votes[0] == 1 && votes[1] == 0 && votes[2] == 1, "re-vote not followed");
        require(elections.latestRevision(1, handler.nullifierOf(0)) == 2, "revision not kept");
    }

    /// @notice The attacker's paths reach the contract: a replay is refused, a pause holds the close back.
    function test_attackerPathsAreRefused() public {
        // warp(s) moves the clock by s + 60 seconds for s below three days.
        handler.warp(2 days);
        handler.castBallot(0, 0, (1 << 8) | 1);
        handler.castBallot(0, 0, (2 << 8) | 1);
        handler.replayOldProof(0, 0);
        require(handler.replaysRefused() == 1 && handler.replaysAccepted() == 0, "the replay was not refused");
        handler.togglePause();
        handler.warp(2 days);
        handler.warp(2 days);
        handler.warp(2 days);
        handler.closePoll(0);
        require(!handler.closed(1), "a paused poll closed");
        handler.togglePause();
        require(elections.pollState(1) == IElections.PollState.Open, "the pause did not move the close");
        handler.rotateCommitment(0, false);
        handler.rotateCommitment(0, true);
        require(handler.rotationsApplied() == 0, "a rotation was applied before its notice");
        // Six days and 180 s paused: the window, opened 60 s before the pause, ends 4 days and 120 s after it.
        handler.warp(2 days);
        handler.closePoll(0);
        require(!handler.closed(1), "the poll closed before its moved window ended");
        handler.warp(2 days);
        handler.closePoll(0);
        require(handler.closed(1) && handler.closedEarly() == 0, "the poll did not close after its moved window");
    }

    /// @notice A single-choice poll's tally adds up to the number of distinct counted nullifiers.
    function invariant_singleChoiceTotalEqualsDistinctNullifiers() public view {
        (uint256[] memory votes, uint32 ballots) = elections.tally(1);
        uint256 total = 0;
        for (uint256 i = 0; i < votes.length; ++i) total += votes[i];
        (, uint256 distinct) = handler.ghostTally(1);
        require(total == ballots, "single choice: tally total differs from the ballot count");
        require(ballots == distinct, "single choice: ballot count differs from the distinct nullifiers");
    }

    /**
     * @notice Every poll's tally (the closed one included) is, option by option, the sum of each counted nullifier's
     * latest ballot, once, under replays, pauses and rotations.
     */
    function invariant_tallyEqualsLatestBallotOfEachNullifier() public view {
        for (uint256 pollId = 1; pollId <= handler.pollCount(); ++pollId) {
            (uint256[] memory votes, uint32 ballots) = elections.tally(pollId);
            (uint256[] memory expected, uint256 distinct) = handler.ghostTally(pollId);
            require(ballots == distinct, "ballot count differs from the distinct nullifiers");
            for (uint256 i = 0; i < votes.length; ++i) {
                require(votes[i] == expected[i], "an option's votes differ from the last ballots");
            }
        }
    }

    /// @notice No ballot was ever counted outside its poll's voting window (moved by pauses) or after its close.
    function invariant_nothingCountedOutsideTheWindow() public view {
        require(handler.countedOutsideWindow() == 0, "a ballot was counted outside the window");
    }

    /// @notice No replay of an earlier proof was ever counted.
    function invariant_noReplayCounts() public view {
        require(handler.replaysAccepted() == 0, "a replayed proof was counted");
    }

    /// @notice No pause ever ended a vote early: a close is recorded only once the moved window has ended.
    function invariant_noCloseBeforeTheMovedWindowEnds() public view {
        require(handler.closedEarly() == 0, "a poll closed before its window, moved by pauses, ended");
        for (uint256 pollId = 1; pollId <= handler.pollCount(); ++pollId) {
            (, uint40 closesAt) = elections.pollWindow(pollId);
            require(
                handler.closed(pollId) || closesAt == elections.poll(pollId).closesAt + handler.pausedNow(),
                "the contract's window differs from the time paused"
            );
        }
    }

    /// @notice No rotation of a voting commitment took effect before its notice.
    function invariant_noRotationBeforeItsNotice() public view {
        require(handler.rotationsAppliedEarly() == 0, "a rotation was applied before its notice");
    }

    /// @notice No approval ballot selects more than k options, and no budget ballot exceeds the budget.
    function invariant_countedBallotsFollowTheRule() public view {
        for (uint256 n = 0; n < 12; ++n) {
            uint256 approval = handler.lastBallot(2, n);
            uint256 chosen = 0;
            for (uint256 i = 0; i < 8; ++i) chosen += (approval >> i) & 1;
            require(chosen <= 3, "an approval ballot selects too many options");
            uint256 budgetBallot = handler.lastBallot(3, n);
            uint256 cost = 0;
            for (uint256 i = 0; i < 8; ++i) cost += ((budgetBallot >> i) & 1) * 10 * (i + 1);
            require(cost <= 60, "a budget ballot is over budget");
        }
        IElections.Poll memory p = elections.poll(1);
        require(p.optionCount == 5, "poll changed");
    }
}
