// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SecretBallot} from "../election/SecretBallot.sol";

/**
 * @title SecretBallotHarness
 * @notice Exposes the {SecretBallot} library to the tests, which check it against the TypeScript implementation and
 * measure its gas. Each `measure…` function also returns the gas its check used (from `gasleft()`, without the
 * transaction's base cost and calldata). Never deployed outside tests.
 */
contract SecretBallotHarness {
    /// @notice The ceremony base `Qc` of a poll at this harness.
    function ceremonyBase(uint256 pollId, uint256 trustees, uint256 quorum) external view returns (uint256) {
        return SecretBallot.ceremonyBase(pollId, trustees, quorum);
    }

    /// @notice The poll base `Q` of a poll at this harness.
    function pollBase(uint256 pollId, SecretBallot.G1Point calldata key) external view returns (uint256) {
        return SecretBallot.pollBase(pollId, key);
    }

    /// @notice Whether a ballot of poll `pollId` under `key` is well formed, and the gas its check used.
    function verifyBallot(
        uint256 pollId,
        SecretBallot.G1Point calldata key,
        uint256[4] calldata context,
        SecretBallot.Ciphertext[] calldata ciphertexts,
        SecretBallot.RangeProof[] calldata optionProofs,
        SecretBallot.RangeProof calldata ruleProof
    ) external view returns (bool ok, uint256 gasUsed) {
        uint256 start = gasleft();
        SecretBallot.BallotStatement memory ballot = SecretBallot.BallotStatement({
            base: SecretBallot.pollBase(pollId, key),
            key: key,
            nullifier: context[0],
            revision: context[1],
            lo: context[2],
            hi: context[3]
        });
        ok = SecretBallot.verifyBallot(ballot, ciphertexts, optionProofs, ruleProof);
        gasUsed = start - gasleft();
    }

    /// @notice The Semaphore message of a ballot: the digest of its ciphertexts and revision.
    function ballotDigest(
        uint256 revision,
        SecretBallot.Ciphertext[] calldata ciphertexts
    ) external pure returns (uint256) {
        return SecretBallot.ballotDigest(revision, ciphertexts);
    }

    /// @notice Whether a trustee's Schnorr proof of knowledge verifies.
    function verifyKnowledge(
        uint256 pollId,
        uint256 trustees,
        uint256 quorum,
        bytes32 tag,
        uint256 trustee,
        SecretBallot.G1Point calldata point,
        SecretBallot.Proof calldata proof
    ) external view returns (bool) {
        uint256 base = SecretBallot.ceremonyBase(pollId, trustees, quorum);
        return SecretBallot.verifyKnowledge(base, tag, trustee, point, proof);
    }

    /// @notice How the library judges a complaint against a dealer with these commitments.
    function judgeComplaint(
        uint256 pollId,
        uint256 trustees,
        uint256 quorum,
        SecretBallot.Complaint calldata complaint,
        SecretBallot.G1Point[] calldata commitments
    ) external view returns (SecretBallot.ComplaintVerdict) {
        return SecretBallot.judgeComplaint(SecretBallot.ceremonyBase(pollId, trustees, quorum), complaint, commitments);
    }

    /// @notice A trustee's verification key from every qualified dealer's commitments.
    function verificationKey(
        SecretBallot.G1Point[][] calldata commitments,
        uint256 trustee
    ) external view returns (SecretBallot.G1Point memory key) {
        key = SecretBallot.G1Point(0, 0);
        for (uint256 i = 0; i < commitments.length; ++i) {
            key = SecretBallot.add(key, SecretBallot.evaluateCommitments(commitments[i], trustee));
        }
    }

    /// @notice Whether a trustee's decryption shares of every option verify, and the gas the checks used.
    function verifyShares(
        uint256 pollId,
        SecretBallot.G1Point calldata key,
        uint256 trustee,
        SecretBallot.Ciphertext[] calldata tally,
        SecretBallot.G1Point calldata trusteeKey,
        SecretBallot.G1Point[] calldata shares,
        SecretBallot.Proof[] calldata proofs
    ) external view returns (bool ok, uint256 gasUsed) {
        uint256 start = gasleft();
        uint256 base = SecretBallot.pollBase(pollId, key);
        ok = shares.length == tally.length && proofs.length == tally.length;
        for (uint256 i = 0; ok && i < tally.length; ++i) {
            ok = SecretBallot.verifyShare(base, trustee, i, tally[i], trusteeKey, shares[i], proofs[i]);
        }
        gasUsed = start - gasleft();
    }

    /**
     * @notice Whether `counts` open the tally, given the shares (already verified) of the distinct trustees
     * `trustees`: `shares[j][i]` is trustee `trustees[j]`'s share of option `i`.
     */
    function checkCounts(
        SecretBallot.Ciphertext[] calldata tally,
        uint256[] calldata trustees,
        SecretBallot.G1Point[][] calldata shares,
        uint256[] calldata counts
    ) external view returns (bool) {
        if (counts.length != tally.length || shares.length != trustees.length) return false;
        SecretBallot.G1Point[] memory column = new SecretBallot.G1Point[](trustees.length);
        for (uint256 i = 0; i < tally.length; ++i) {
            for (uint256 j = 0; j < trustees.length; ++j) {
                column[j] = shares[j][i];
            }
            SecretBallot.G1Point memory combined = SecretBallot.combine(tally[i], trustees, column);
            SecretBallot.G1Point memory expected = SecretBallot.mul(SecretBallot.generator(), counts[i]);
            if (combined.x != expected.x || combined.y != expected.y) return false;
        }
        return true;
    }

    /// @notice The component-wise sum of two ciphertext lists.
    function addAll(
        SecretBallot.Ciphertext[] calldata left,
        SecretBallot.Ciphertext[] calldata right
    ) external view returns (SecretBallot.Ciphertext[] memory sum) {
        sum = new SecretBallot.Ciphertext[](left.length);
        for (uint256 i = 0; i < left.length; ++i) {
            sum[i] = SecretBallot.add(left[i], right[i]);
        }
    }

    /// @notice The component-wise difference of two ciphertext lists.
    function subtractAll(
        SecretBallot.Ciphertext[] calldata left,
        SecretBallot.Ciphertext[] calldata right
    ) external view returns (SecretBallot.Ciphertext[] memory difference) {
        difference = new SecretBallot.Ciphertext[](left.length);
        for (uint256 i = 0; i < left.length; ++i) {
            difference[i] = SecretBallot.subtract(left[i], right[i]);
        }
    }
}
