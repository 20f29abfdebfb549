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
 * @title ElectionAttacksTest
 * @notice The attacks of the hostile review, each as it was run against the first Elections and CitizenRegistry.
 */
contract ElectionAttacksTest is Cheats {
    GovernmentAuthority internal authority;
    CitizenRegistry internal citizens;
    Elections internal elections;
    uint256 internal constant ROOT = 777;

    function setUp() public {
        vm.warp(1_000_000);
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
                        (address(authority), address(new MockSemaphoreVerifier()), address(citizens), 2 days)
                    )
                )
            )
        );
        citizens.registerCitizen(keccak256("ada"), 1, 0, 101, keccak256("basis"));
        citizens.registerCitizen(keccak256("bo"), 1, 0, 102, keccak256("basis"));
    }

    function _poll(uint40 opensAt) internal view returns (IElections.PollParameters memory) {
        return
            IElections.PollParameters({
                metadataHash: keccak256("q"),
                rule: IElections.BallotRule.SingleChoice,
                optionCount: 3,
                maxChoices: 0,
                revoting: true,
                opensAt: opensAt,
                closesAt: opensAt + 1 days,
                budget: 0,
                costs: new uint64[](0),
                census: IElections.Census({
                    jurisdiction: 1,
                    requiredFlags: 0,
                    size: 2,
                    sequence: citizens.sequence(),
                    root: ROOT
                })
            });
    }

    function _proof(
        uint256 pollId,
        uint256 ballot,
        uint256 depth
    ) internal view returns (IElections.BallotProof memory p) {
        p.merkleTreeDepth = depth;
        p.merkleTreeRoot = ROOT;
        p.nullifier = 42;
        p.message = ballot;
        p.scope = elections.pollScope(pollId);
    }

    function test_attack_replayOfAnOldProofUndoesAReVote() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        IElections.BallotProof memory first = _proof(pollId, 1, 1);
        elections.castBallot(pollId, 1, first);
        elections.castBallot(pollId, 4, _proof(pollId, 4, 1));
        elections.castBallot(pollId, 1, first); // anyone replays the withdrawn ballot
        require(elections.ballotOf(pollId, 42) == 1, "the replay was refused");
    }

    function test_attack_depthIsTheVotersChoice() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        elections.castBallot(pollId, 1, _proof(pollId, 1, 1));
        IElections.BallotProof memory other = _proof(pollId, 2, 7);
        other.nullifier = 43;
        elections.castBallot(pollId, 2, other);
        (, uint32 ballots) = elections.tally(pollId);
        require(ballots == 2, "a second depth was refused");
    }

    function test_attack_outOfDateCensus() public {
        IElections.PollParameters memory parameters = _poll(uint40(block.timestamp + 2 days));
        citizens.setVotingCommitment(keccak256("ada"), 103, keccak256("lost phone"));
        elections.createPoll(parameters); // census stated before the rotation
        require(elections.poll(1).census.sequence + 1 == citizens.sequence(), "census was current");
    }

    function test_attack_pauseEndsTheVoteEarly() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        elections.pause();
        vm.warp(block.timestamp + 1 days);
        elections.closePoll(pollId); // the cut tally becomes final while paused
        require(elections.pollState(pollId) == IElections.PollState.Closed, "not closed");
    }

    function test_attack_reviewPeriodSkipped() public {
        elections.setReviewPeriod(0);
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp)));
        require(elections.pollState(pollId) == IElections.PollState.Open, "the poll did not open at once");
    }

    function test_attack_registrarRepointsAVoteAtOnce() public {
        citizens.setVotingCommitment(keccak256("ada"), 999, keccak256("no consent"));
        require(citizens.citizen(keccak256("ada")).votingCommitment == 999, "rotation delayed");
    }
}
