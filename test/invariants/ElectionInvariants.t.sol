// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Elections} from "../../contracts/election/Elections.sol";
import {IElections} from "../../contracts/election/IElections.sol";
import {ElectionHandler} from "./ElectionHandler.sol";
import {Cheats, FuzzSelector} from "../helpers/Cheats.sol";

/**
 * @title ElectionInvariantsTest
 * @notice What must hold at all times in a poll (DESIGN.md), after every call of random sequences of ballots,
 * re-votes, invalid ballots, clock moves and closes made through {ElectionHandler}.
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
        handler.castBallot(1, 0, 2);
        require(handler.accepted() == 0, "a ballot counted during the review period");
        handler.warp(1 days);
        handler.castBallot(1, 0, 2);
        handler.castBallot(1, 0, 4);
        handler.castBallot(1, 1, 1);
        require(handler.accepted() == 3, "ballots in the window were refused");
        (uint256[] memory votes, uint32 ballots) = elections.tally(1);
        require(ballots == 2 && votes[0] == 1 && votes[1] == 0 && votes[2] == 1, "re-vote not followed");
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

    /// @notice Every poll's tally is, option by option, the sum of each counted nullifier's last ballot, once.
    function invariant_tallyEqualsLastBallotOfEachNullifier() public view {
        for (uint256 pollId = 1; pollId <= handler.pollCount(); ++pollId) {
            (uint256[] memory votes, uint32 ballots) = elections.tally(pollId);
            (uint256[] memory expected, uint256 distinct) = handler.ghostTally(pollId);
            require(ballots == distinct, "ballot count differs from the distinct nullifiers");
            for (uint256 i = 0; i < votes.length; ++i) {
                require(votes[i] == expected[i], "an option's votes differ from the last ballots");
            }
        }
    }

    /// @notice No ballot was ever counted outside its poll's voting window.
    function invariant_nothingCountedOutsideTheWindow() public view {
        require(handler.countedOutsideWindow() == 0, "a ballot was counted outside the window");
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
