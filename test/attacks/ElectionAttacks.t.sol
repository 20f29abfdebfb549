// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {CitizenRegistry} from "../../contracts/citizen/CitizenRegistry.sol";
import {Elections} from "../../contracts/election/Elections.sol";
import {ICitizenRegistry} from "../../contracts/citizen/ICitizenRegistry.sol";
import {IElections} from "../../contracts/election/IElections.sol";
import {MockSemaphoreVerifier} from "../../contracts/mocks/MockSemaphoreVerifier.sol";
import {Cheats} from "../helpers/Cheats.sol";

/**
 * @title ElectionAttacksTest
 * @notice The attacks of a hostile review of the first Elections and CitizenRegistry, each run as the attacker would
 * and refused with its exact error. The verifier is the mock that accepts every proof, so that what is tested is the
 * contract's own order, depth, census, clock and notice checks (a real Groth16 proof can be re-randomised, so
 * refusing repeated proof bytes would not help).
 */
contract ElectionAttacksTest is Cheats {
    /// @dev These tests cover public polls only: the secret-polls library is a stand-in address with no code.
    address private constant _NO_SECRET_POLLS = address(uint160(uint256(keccak256("no secret polls here"))));

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
                        (
                            address(authority),
                            address(new MockSemaphoreVerifier()),
                            address(citizens),
                            2 days,
                            _NO_SECRET_POLLS
                        )
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
                    depth: 1,
                    root: ROOT
                })
            });
    }

    function _proof(
        uint256 pollId,
        uint256 ballot,
        uint64 revision,
        uint256 depth
    ) internal view returns (IElections.BallotProof memory p) {
        p.merkleTreeDepth = depth;
        p.merkleTreeRoot = ROOT;
        p.nullifier = 42;
        p.message = elections.ballotMessage(bytes32(ballot), revision);
        p.scope = elections.pollScope(pollId);
    }

    function _expectRevert(bytes memory expected, bytes memory callData) internal {
        (bool ok, bytes memory returned) = address(elections).call(callData);
        require(!ok, "the attack succeeded");
        require(keccak256(returned) == keccak256(expected), "refused with another error");
    }

    function _cast(uint256 pollId, uint256 ballot, uint64 revision, IElections.BallotProof memory p) internal {
        elections.castBallot(pollId, ballot, revision, p);
    }

    function test_attack_replayOfAnOldProofUndoesAReVote() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        IElections.BallotProof memory first = _proof(pollId, 1, 1, 1);
        _cast(pollId, 1, 1, first);
        _cast(pollId, 4, 2, _proof(pollId, 4, 2, 1));
        // Anyone replays the withdrawn ballot, with its revision or with any other.
        _expectRevert(
            abi.encodeWithSelector(IElections.ElectionsStaleRevision.selector, pollId, 42, 1, 2),
            abi.encodeCall(Elections.castBallot, (pollId, 1, 1, first))
        );
        _expectRevert(
            abi.encodeWithSelector(
                IElections.ElectionsMessageMismatch.selector,
                pollId,
                elections.ballotMessage(bytes32(uint256(1)), 3),
                first.message
            ),
            abi.encodeCall(Elections.castBallot, (pollId, 1, 3, first))
        );
        require(elections.ballotOf(pollId, 42) == 4 && elections.latestRevision(pollId, 42) == 2, "re-vote undone");
    }

    function test_attack_depthIsTheVotersChoice() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        _cast(pollId, 1, 1, _proof(pollId, 1, 1, 1));
        IElections.BallotProof memory other = _proof(pollId, 2, 1, 7);
        other.nullifier = 43;
        _expectRevert(
            abi.encodeWithSelector(IElections.ElectionsDepthMismatch.selector, pollId, 1, 7),
            abi.encodeCall(Elections.castBallot, (pollId, 2, 1, other))
        );
    }

    function test_attack_outOfDateCensus() public {
        IElections.PollParameters memory parameters = _poll(uint40(block.timestamp + 2 days));
        citizens.changeStatus(keccak256("bo"), ICitizenRegistry.CitizenStatus.Deceased, keccak256("death"));
        _expectRevert(
            abi.encodeWithSelector(IElections.ElectionsCensusNotCurrent.selector, 2, 3),
            abi.encodeCall(Elections.createPoll, (parameters))
        );
    }

    function test_attack_pauseEndsTheVoteEarly() public {
        uint256 pollId = elections.createPoll(_poll(uint40(block.timestamp + 2 days)));
        vm.warp(block.timestamp + 2 days);
        elections.pause();
        vm.warp(block.timestamp + 1 days);
        _expectRevert(
            abi.encodeWithSelector(IElections.ElectionsCannotClose.selector, pollId, IElections.PollState.Open),
            abi.encodeCall(Elections.closePoll, (pollId))
        );
        elections.unpause();
        // The day paused is given back: the vote runs a full day after the pause.
        (, uint40 closesAt) = elections.pollWindow(pollId);
        require(closesAt == uint40(block.timestamp) + 1 days, "the window did not move by the pause");
        _cast(pollId, 2, 1, _proof(pollId, 2, 1, 1));
    }

    function test_attack_reviewPeriodSkipped() public {
        _expectRevert(
            abi.encodeWithSelector(IElections.ElectionsInvalidReviewPeriod.selector, 0),
            abi.encodeCall(Elections.setReviewPeriod, (0))
        );
        elections.setReviewPeriod(2 days); // the minimum: no shortening
        require(elections.reviewPeriod() == 2 days, "review period changed");
        uint40 earliest = uint40(block.timestamp) + 2 days;
        _expectRevert(
            abi.encodeWithSelector(
                IElections.ElectionsInvalidWindow.selector,
                uint40(block.timestamp),
                uint40(block.timestamp) + 1 days,
                earliest
            ),
            abi.encodeCall(Elections.createPoll, (_poll(uint40(block.timestamp))))
        );
    }

    function test_attack_registrarRepointsAVoteAtOnce() public {
        citizens.setVotingCommitment(keccak256("ada"), 999, keccak256("no consent"));
        require(citizens.citizen(keccak256("ada")).votingCommitment == 101, "the rotation took effect at once");
        (uint256 pending, uint40 effectiveAt) = citizens.pendingVotingCommitment(keccak256("ada"));
        require(pending == 999 && effectiveAt == block.timestamp + 31 days, "the rotation is not public");
        require(citizens.ROTATION_NOTICE() > 30 days, "the notice is not longer than the longest review");
        // The citizen objects; a guardian cancels it before it can be applied.
        citizens.cancelVotingCommitment(keccak256("ada"), keccak256("objection"));
        vm.warp(block.timestamp + 31 days);
        (bool ok, bytes memory returned) = address(citizens).call(
            abi.encodeCall(CitizenRegistry.applyVotingCommitment, (keccak256("ada")))
        );
        require(!ok, "a cancelled rotation was applied");
        require(
            keccak256(returned) ==
                keccak256(
                    abi.encodeWithSelector(ICitizenRegistry.CitizenRegistryNoPendingRotation.selector, keccak256("ada"))
                ),
            "refused with another error"
        );
    }
}
