// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphoreVerifier} from "@semaphore-protocol/contracts/interfaces/ISemaphoreVerifier.sol";

/**
 * @title MockSemaphoreVerifier
 * @notice A stand-in for the Semaphore verifier in the Solidity invariant tests, which cannot generate proofs: it
 * accepts every proof, so that the fuzzer exercises every other check of the Elections contract. Never deployed outside
 * tests.
 */
contract MockSemaphoreVerifier is ISemaphoreVerifier {
    /// @inheritdoc ISemaphoreVerifier
    function verifyProof(
        uint256[2] calldata,
        uint256[2][2] calldata,
        uint256[2] calldata,
        uint256[4] calldata,
        uint256
    ) external pure returns (bool) {
        return true;
    }
}
