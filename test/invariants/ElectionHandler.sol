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
 * @notice The invariant fuzzer's entry points into the Elections contract: ballots from a small set of citizens
 * (nullifiers), so that re-votes and repeated ballots are frequent, valid and invalid ballots under each rule, and
 * moves of the clock before, through and past the voting window. A ghost model keeps each nullifier's last counted
 * ballot and counts every ballot the contract accepted outside its window.
 * @dev Proofs cannot be generated inside the EVM, so the contract is deployed with {MockSemaphoreVerifier}; every
 * other check (root, scope, message, rule, nullifier, window) is the real one.
 */
contract ElectionHandler is Cheats {
    uint256 internal constant NULLIFIERS = 12;
    uint256 internal constant POLLS = 3;
    uint256 internal constant ROOT = 12345;
    uint8 internal constant OPTIONS = 5;
    uint40 internal constant REVIEW = 1 days;

    GovernmentAuthority internal authority;
    CitizenRegistry internal citizens;
    Elections internal elections;

    /// @notice Each poll's last counted ballot per nullifier (zero for none).
    mapping(uint256 pollId => mapping(uint256 nullifierIndex => uint256 ballot)) public lastBallot;
    /// @notice Ballots the contract accepted while the poll was not open.
    uint256 public countedOutsideWindow;
    /// @notice Ballots the contract accepted in all.
    uint256 public accepted;

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
                        (address(authority), address(new MockSemaphoreVerifier()), address(citizens), REVIEW)
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
            root: ROOT
        });
        elections.createPoll(_poll(IElections.BallotRule.SingleChoice, 0, true, 0, noCosts, opensAt, census));
        elections.createPoll(_poll(IElections.BallotRule.Approval, 3, false, 0, noCosts, opensAt, census));
        elections.createPoll(_poll(IElections.BallotRule.Budget, 0, true, 60, costs, opensAt + 1 days, census));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A citizen (nullifier) casts or re-casts a ballot, valid or not, in one of the polls.
    function castBallot(uint256 pollSeed, uint256 nullifierSeed, uint256 ballotSeed) external {
        uint256 pollId = _bound(pollSeed, 1, POLLS);
        uint256 index = _bound(nullifierSeed, 0, NULLIFIERS - 1);
        uint256 ballot = _bound(ballotSeed, 0, (1 << (OPTIONS + 1)) - 1); // sometimes an option too many
        IElections.BallotProof memory proof;
        proof.merkleTreeDepth = 4;
        proof.merkleTreeRoot = ROOT;
        proof.nullifier = uint256(keccak256(abi.encode("citizen", index)));
        proof.message = ballot;
        proof.scope = elections.pollScope(pollId);
        proof.points[0] = 1;
        IElections.Poll memory p = elections.poll(pollId);
        bool inWindow = block.timestamp >= p.opensAt && block.timestamp < p.closesAt;
        try elections.castBallot(pollId, ballot, proof) {
            ++accepted;
            if (!inWindow) ++countedOutsideWindow;
            lastBallot[pollId][index] = ballot;
        } catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice The clock moves forward, from minutes to days.
    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + _bound(secondsSeed, 60, 3 days));
    }

    /// @notice Anyone records the close of a poll; refused before its window ends.
    function closePoll(uint256 pollSeed) external {
        try elections.closePoll(_bound(pollSeed, 1, POLLS)) {} catch {} // solhint-disable-line no-empty-blocks
    }

    /// @notice The handler's actions, for the fuzzer.
    function actions() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](3);
        selectors[0] = this.castBallot.selector;
        selectors[1] = this.warp.selector;
        selectors[2] = this.closePoll.selector;
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

    /// @notice Number of polls the handler created.
    function pollCount() external pure returns (uint256) {
        return POLLS;
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
