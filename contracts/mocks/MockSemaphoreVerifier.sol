// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphoreVerifier} from "@semaphore-protocol/contracts/interfaces/ISemaphoreVerifier.sol";

/**
 * @title MockSemaphoreVerifier
 * @notice A stand-in for the Semaphore verifier in the Solidity invariant tests, which cannot generate proofs: it
 * accepts a proof unless its first point is zero. Never deployed outside tests.
 */
contract MockSemaphoreVerifier is ISemaphoreVerifier {
    /// @inheritdoc ISemaphoreVerifier
    function verifyProof(
        uint[2] calldata pA,
        uint[2][2] calldata,
        uint[2] calldata,
        uint[4] calldata,
        uint
    ) external pure returns (bool) {
        return pA[0] != 0;
    }
}
