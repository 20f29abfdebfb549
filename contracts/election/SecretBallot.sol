// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title SecretBallot
 * @notice The on-chain checks of secret ballots (docs/secret-ballot.md): exponential ElGamal ciphertexts on BN254's G1,
 * their homomorphic sum and difference, the disjunctive Chaum–Pedersen range proofs of a ballot, the Schnorr proofs of
 * the key ceremony, the trustees' decryption shares with their Chaum–Pedersen proofs, and the Lagrange combination
 * that checks an opened tally. Every point operation goes through the EVM's `ecAdd` (0x06) and `ecMul` (0x07)
 * precompiles (EIP-196); every Fiat–Shamir challenge is `keccak256` over 32-byte words reduced modulo the group order,
 * exactly as the TypeScript side (`src/elections/secret/`) computes it.
 * @dev Points are affine `(x, y)` with `(0, 0)` for the point at infinity. Checks return `false` on a wrong proof or
 * a point off the curve; they revert only when a precompile fails on input they already validated, which does not
 * happen. Proofs are bound to `block.chainid` and `address(this)` through the base hashes, so a proof made for
 * another chain, contract or poll fails.
 */
library SecretBallot {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A point of BN254's G1; `(0, 0)` is the point at infinity.
    struct G1Point {
        uint256 x; // affine x, below the field prime
        uint256 y; // affine y, below the field prime
    }

    /// @notice An exponential ElGamal ciphertext `(r·G, v·G + r·K)`.
    struct Ciphertext {
        G1Point a; // r·G
        G1Point b; // v·G + r·K
    }

    /// @notice A range proof in compact form: one challenge and one response per value of `lo … hi`.
    struct RangeProof {
        uint256[] challenges; // c_j, below the group order, in value order
        uint256[] responses; // z_j, below the group order, in value order
    }

    /// @notice A Schnorr or Chaum–Pedersen proof in compact form.
    struct Proof {
        uint256 challenge; // c, below the group order
        uint256 response; // z, below the group order
    }

    /// @notice What a ballot is checked against.
    struct BallotStatement {
        uint256 base; // the poll base `Q`
        G1Point key; // the election key `K`
        uint256 nullifier; // the voter's Semaphore nullifier for the poll
        uint256 revision; // the ballot's re-vote order
        uint256 lo; // the fewest options the rule allows (1)
        uint256 hi; // the most options the rule allows (1 for single choice, k for approval)
    }

    /// @notice A trustee's complaint against a dealer, with the share it is about (docs/secret-ballot.md §3.4).
    struct Complaint {
        uint256 dealer; // i, the dealer named
        uint256 recipient; // j, the complaining trustee
        G1Point transportKey; // E_j, the complaining trustee's transport key
        G1Point ephemeral; // R, from the dealer's encrypted share
        uint256 masked; // ε, from the dealer's encrypted share
        G1Point sharedPoint; // P = e_j·R, revealed by the complaint
        Proof proof; // that log_G E_j = log_R P
    }

    /// @notice How a complaint is judged.
    enum ComplaintVerdict {
        Malformed, // the proof fails: the complaint is ignored
        Upheld, // the share does not match the dealer's commitments: the dealer is excluded
        Dismissed // the share matches: the complaining trustee is excluded
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A precompile failed on input that was checked before; cannot happen with a conforming EVM.
    error SecretBallotPrecompileFailed(uint256 precompile);

    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @dev The prime of BN254's base field.
    uint256 internal constant P = 21888242871839275222246405745257275088696311157297823662689037894645226208583;
    /// @dev The order of G1, the scalar field.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev keccak256("egov.secret-ballot.v1.ceremony")
    bytes32 internal constant TAG_CEREMONY = keccak256("egov.secret-ballot.v1.ceremony");
    /// @dev keccak256("egov.secret-ballot.v1.poll")
    bytes32 internal constant TAG_POLL = keccak256("egov.secret-ballot.v1.poll");
    /// @dev keccak256("egov.secret-ballot.v1.coefficient")
    bytes32 internal constant TAG_COEFFICIENT = keccak256("egov.secret-ballot.v1.coefficient");
    /// @dev keccak256("egov.secret-ballot.v1.transport")
    bytes32 internal constant TAG_TRANSPORT = keccak256("egov.secret-ballot.v1.transport");
    /// @dev keccak256("egov.secret-ballot.v1.pad")
    bytes32 internal constant TAG_PAD = keccak256("egov.secret-ballot.v1.pad");
    /// @dev keccak256("egov.secret-ballot.v1.complaint")
    bytes32 internal constant TAG_COMPLAINT = keccak256("egov.secret-ballot.v1.complaint");
    /// @dev keccak256("egov.secret-ballot.v1.range")
    bytes32 internal constant TAG_RANGE = keccak256("egov.secret-ballot.v1.range");
    /// @dev keccak256("egov.secret-ballot.v1.ballot")
    bytes32 internal constant TAG_BALLOT = keccak256("egov.secret-ballot.v1.ballot");
    /// @dev keccak256("egov.secret-ballot.v1.share")
    bytes32 internal constant TAG_SHARE = keccak256("egov.secret-ballot.v1.share");

    /// @dev The most values a range proof may cover (approval of up to 32 options).
    uint256 internal constant MAX_BRANCHES = 33;

    uint256 private constant _EC_ADD = 0x06;
    uint256 private constant _EC_MUL = 0x07;
    uint256 private constant _MOD_EXP = 0x05;

    // -------------------------------------------------------------------------------------------------------------
    // Bases
    // -------------------------------------------------------------------------------------------------------------

    /// @notice `Qc`: the base hash of a poll's key ceremony with `trustees` trustees and quorum `quorum`.
    function ceremonyBase(uint256 pollId, uint256 trustees, uint256 quorum) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(TAG_CEREMONY, block.chainid, address(this), pollId, trustees, quorum)));
    }

    /// @notice `Q`: the base hash of a poll's ballots and opening under the election key `key`.
    function pollBase(uint256 pollId, G1Point memory key) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(TAG_POLL, block.chainid, address(this), pollId, key.x, key.y)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Ballots
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Whether a ballot is well formed: every point on the curve, each ciphertext proven to hold 0 or 1, and the
     * sum proven to hold `lo … hi` (single choice: 1 … 1; approval: 1 … k).
     * @dev Requirements (else `false`): as many ciphertexts as option proofs, 1 to 32 of them; `hi − lo` below 33.
     * Cost: eight `ecMul` per option and four per value of the rule's range. Every point is checked on the curve
     * before it reaches a precompile (one that fails burns all the gas it was given).
     */
    function verifyBallot(
        BallotStatement memory ballot,
        Ciphertext[] calldata ciphertexts,
        RangeProof[] calldata optionProofs,
        RangeProof calldata ruleProof
    ) internal view returns (bool) {
        uint256 count = ciphertexts.length;
        if (
            count == 0 ||
            count > 32 ||
            optionProofs.length != count ||
            ballot.hi < ballot.lo ||
            ballot.hi - ballot.lo >= MAX_BRANCHES
        ) return false;
        // One transcript for every proof of the ballot: the seven words of the statement, the ciphertext, then four
        // words per branch (room for the widest proof). Only the index, range and ciphertext change between proofs.
        uint256 ruleBranches = ballot.hi - ballot.lo + 1;
        uint256[] memory words = new uint256[](11 + 4 * (ruleBranches > 2 ? ruleBranches : 2));
        words[0] = ballot.base;
        words[1] = uint256(TAG_RANGE);
        words[2] = ballot.nullifier;
        words[3] = ballot.revision;
        uint256[4] memory sum; // Σ A_i and Σ B_i, from the point at infinity
        if (!_verifyOptions(words, ballot.key, ciphertexts, optionProofs, sum)) return false;
        words[4] = count;
        words[5] = ballot.lo;
        words[6] = ballot.hi;
        (words[7], words[8], words[9], words[10]) = (sum[0], sum[1], sum[2], sum[3]);
        if (ruleProof.challenges.length != ruleBranches || ruleProof.responses.length != ruleBranches) return false;
        return
            _verifyRange(words, ruleBranches, ballot.key, _offset(ruleProof.challenges), _offset(ruleProof.responses));
    }

    /// @notice `d`: the digest of a ballot's ciphertexts and revision, the Semaphore proof's message.
    function ballotDigest(uint256 revision, Ciphertext[] calldata ciphertexts) internal pure returns (uint256 digest) {
        bytes32 tag = TAG_BALLOT;
        // A calldata array of ciphertexts is their words in order, four per ciphertext: copied once behind the tag and
        // the revision, above the free-memory pointer, and hashed there.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, tag)
            mstore(add(m, 0x20), revision)
            let size := shl(7, ciphertexts.length)
            calldatacopy(add(m, 0x40), ciphertexts.offset, size)
            digest := keccak256(m, add(0x40, size))
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Key ceremony
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Whether `proof` shows knowledge of the logarithm of `point` (a trustee's first commitment with
     * `TAG_COEFFICIENT`, or its transport key with `TAG_TRANSPORT`), bound to the ceremony base and the trustee.
     * The point at infinity is refused: its logarithm, zero, is known to everyone.
     */
    function verifyKnowledge(
        uint256 base,
        bytes32 tag,
        uint256 trustee,
        G1Point memory point,
        Proof memory proof
    ) internal view returns (bool) {
        if (!isOnCurve(point) || (point.x == 0 && point.y == 0)) return false;
        if (proof.challenge >= R || proof.response >= R) return false;
        uint256[] memory words = new uint256[](7);
        words[0] = base;
        words[1] = uint256(tag);
        words[2] = trustee;
        _putPoint(words, 3, point);
        _putLinear(words, 5, generator(), proof.response, point, R - proof.challenge);
        return hashToScalar(words) == proof.challenge;
    }

    /**
     * @notice Judges a complaint from public data alone: the proof that the revealed `P` is the recipient's
     * Diffie–Hellman point, then the share it decrypts checked against the dealer's `commitments`. Six `ecMul` and
     * one per commitment.
     */
    function judgeComplaint(
        uint256 base,
        Complaint memory complaint,
        G1Point[] memory commitments
    ) internal view returns (ComplaintVerdict) {
        Proof memory proof = complaint.proof;
        if (
            !isOnCurve(complaint.sharedPoint) ||
            !isOnCurve(complaint.ephemeral) ||
            !isOnCurve(complaint.transportKey) ||
            proof.challenge >= R ||
            proof.response >= R
        ) return ComplaintVerdict.Malformed;
        uint256[] memory words = new uint256[](14);
        words[0] = base;
        words[1] = uint256(TAG_COMPLAINT);
        words[2] = complaint.dealer;
        words[3] = complaint.recipient;
        _putPoint(words, 4, complaint.transportKey);
        _putPoint(words, 6, complaint.ephemeral);
        _putPoint(words, 8, complaint.sharedPoint);
        uint256 minusC = R - proof.challenge;
        _putLinear(words, 10, generator(), proof.response, complaint.transportKey, minusC);
        _putLinear(words, 12, complaint.ephemeral, proof.response, complaint.sharedPoint, minusC);
        if (hashToScalar(words) != proof.challenge) return ComplaintVerdict.Malformed;
        uint256[] memory padWords = new uint256[](8);
        padWords[0] = base;
        padWords[1] = uint256(TAG_PAD);
        padWords[2] = complaint.dealer;
        padWords[3] = complaint.recipient;
        _putPoint(padWords, 4, complaint.ephemeral);
        _putPoint(padWords, 6, complaint.sharedPoint);
        uint256 share = addmod(complaint.masked, R - hashToScalar(padWords), R);
        G1Point memory actual = mul(generator(), share);
        G1Point memory expected = evaluateCommitments(commitments, complaint.recipient);
        return actual.x == expected.x && actual.y == expected.y ? ComplaintVerdict.Dismissed : ComplaintVerdict.Upheld;
    }

    /// @notice `Σ_k xᵏ·A_k`: trustee `x`'s share of a dealer's commitments (its verification key, summed over dealers).
    function evaluateCommitments(G1Point[] memory commitments, uint256 x) internal view returns (G1Point memory acc) {
        acc = G1Point(0, 0);
        for (uint256 k = commitments.length; k > 0; --k) {
            acc = add(mul(acc, x), commitments[k - 1]);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Opening
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Whether `share` is trustee `trustee`'s correct decryption share of option `option` of the tally: a
     * Chaum–Pedersen proof that `log_G verificationKey = log_A share`. Four `ecMul`.
     */
    function verifyShare(
        uint256 base,
        uint256 trustee,
        uint256 option,
        Ciphertext memory tally,
        G1Point memory verificationKey,
        G1Point memory share,
        Proof memory proof
    ) internal view returns (bool) {
        if (!isOnCurve(share) || proof.challenge >= R || proof.response >= R) return false;
        uint256[] memory words = new uint256[](16);
        words[0] = base;
        words[1] = uint256(TAG_SHARE);
        words[2] = trustee;
        words[3] = option;
        _putCiphertext(words, 4, tally);
        _putPoint(words, 8, verificationKey);
        _putPoint(words, 10, share);
        uint256 minusC = R - proof.challenge;
        _putLinear(words, 12, generator(), proof.response, verificationKey, minusC);
        _putLinear(words, 14, tally.a, proof.response, share, minusC);
        return hashToScalar(words) == proof.challenge;
    }

    /**
     * @notice `B − Σ_j λ_j·D_j` for the distinct trustee numbers `trustees` and their verified shares `shares` of one
     * option: `count·G` when the shares are correct and at least the quorum.
     */
    function combine(
        Ciphertext memory tally,
        uint256[] memory trustees,
        G1Point[] memory shares
    ) internal view returns (G1Point memory combined) {
        combined = tally.b;
        for (uint256 j = 0; j < trustees.length; ++j) {
            combined = add(combined, mul(shares[j], R - lagrangeAtZero(trustees, j)));
        }
    }

    /// @notice `λ = Π_{l≠j} l / (l − j)` in the scalar field, for `trustees[j]` among the distinct `trustees`.
    function lagrangeAtZero(uint256[] memory trustees, uint256 j) internal view returns (uint256) {
        uint256 numerator = 1;
        uint256 denominator = 1;
        uint256 own = trustees[j];
        for (uint256 m = 0; m < trustees.length; ++m) {
            if (m == j) continue;
            numerator = mulmod(numerator, trustees[m], R);
            denominator = mulmod(denominator, addmod(trustees[m], R - own, R), R);
        }
        return mulmod(numerator, inverse(denominator), R);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Ciphertext arithmetic
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The component-wise sum: the encryption of the sum of the counts.
    function add(Ciphertext memory left, Ciphertext memory right) internal view returns (Ciphertext memory) {
        return Ciphertext(add(left.a, right.a), add(left.b, right.b));
    }

    /// @notice The component-wise difference: what a re-vote does with the replaced ballot.
    function subtract(Ciphertext memory left, Ciphertext memory right) internal view returns (Ciphertext memory) {
        return Ciphertext(add(left.a, negate(right.a)), add(left.b, negate(right.b)));
    }

    // -------------------------------------------------------------------------------------------------------------
    // Group
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The generator `G = (1, 2)`.
    function generator() internal pure returns (G1Point memory) {
        return G1Point(1, 2);
    }

    /// @notice Whether `point` is `(0, 0)` or on `y² = x³ + 3` with both coordinates below `P` (cofactor 1: in G1).
    function isOnCurve(G1Point memory point) internal pure returns (bool) {
        uint256 x = point.x;
        uint256 y = point.y;
        if (x >= P || y >= P) return false;
        if (x == 0 && y == 0) return true;
        return mulmod(y, y, P) == addmod(mulmod(mulmod(x, x, P), x, P), 3, P);
    }

    /// @notice `−point`: `(x, P − y)`, the point at infinity unchanged.
    function negate(G1Point memory point) internal pure returns (G1Point memory) {
        if (point.x == 0 && point.y == 0) return point;
        return G1Point(point.x, P - point.y);
    }

    /**
     * @notice A point of G1 from one word, `x` with the parity of `y` in bit 255 (`x < P < 2²⁵⁴`), as the encrypted
     * tally is stored (two words an option instead of four): `y = ±(x³ + 3)^((P+1)/4)` (a square root, as
     * `P ≡ 3 mod 4`), the root with the stored parity, through the `modexp` precompile (0x05).
     * @dev Note: only for words written from a point on the curve other than the point at infinity; the encrypted
     * tally never is that point, being stored plus `(G, G)` (see {SecretPolls}).
     */
    function decompress(uint256 word) internal view returns (G1Point memory point) {
        uint256 x = word & (type(uint256).max >> 1);
        uint256 y;
        // EIP-198 layout above the free-memory pointer: three lengths, then base, exponent and modulus of 32 bytes
        // each; one word out. A failed call reverts with {SecretBallotPrecompileFailed}(5) (selector 0x85346c14).
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20)
            mstore(add(m, 0x20), 0x20)
            mstore(add(m, 0x40), 0x20)
            mstore(add(m, 0x60), addmod(mulmod(mulmod(x, x, P), x, P), 3, P))
            mstore(add(m, 0x80), shr(2, add(P, 1)))
            mstore(add(m, 0xa0), P)
            if iszero(staticcall(gas(), _MOD_EXP, m, 0xc0, m, 0x20)) {
                mstore(0, shl(224, 0x85346c14))
                mstore(4, _MOD_EXP)
                revert(0, 0x24)
            }
            y := mload(m)
        }
        point = G1Point(x, (y & 1) == (word >> 255) ? y : P - y);
    }

    /// @notice `left + right` through `ecAdd`.
    function add(G1Point memory left, G1Point memory right) internal view returns (G1Point memory sum) {
        uint256[4] memory input = [left.x, left.y, right.x, right.y];
        bool ok;
        // The precompile reads four words and writes two into the freshly allocated `sum`.
        assembly ("memory-safe") {
            ok := staticcall(gas(), _EC_ADD, input, 0x80, sum, 0x40)
        }
        if (!ok) revert SecretBallotPrecompileFailed(_EC_ADD);
    }

    /// @notice `scalar·point` through `ecMul`.
    function mul(G1Point memory point, uint256 scalar) internal view returns (G1Point memory product) {
        uint256[3] memory input = [point.x, point.y, scalar];
        bool ok;
        // The precompile reads three words and writes two into the freshly allocated `product`.
        assembly ("memory-safe") {
            ok := staticcall(gas(), _EC_MUL, input, 0x60, product, 0x40)
        }
        if (!ok) revert SecretBallotPrecompileFailed(_EC_MUL);
    }

    /// @notice `value⁻¹` modulo `R` by Fermat (`value^(R−2)`) through the `modexp` precompile (0x05).
    function inverse(uint256 value) internal view returns (uint256 result) {
        // EIP-198 layout above the free-memory pointer: three lengths, then base, exponent and modulus of 32 bytes
        // each; one word out. A failed call reverts with {SecretBallotPrecompileFailed}(5) (selector 0x85346c14).
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, 0x20)
            mstore(add(m, 0x20), 0x20)
            mstore(add(m, 0x40), 0x20)
            mstore(add(m, 0x60), value)
            mstore(add(m, 0x80), sub(R, 2))
            mstore(add(m, 0xa0), R)
            if iszero(staticcall(gas(), _MOD_EXP, m, 0xc0, m, 0x20)) {
                mstore(0, shl(224, 0x85346c14))
                mstore(4, _MOD_EXP)
                revert(0, 0x24)
            }
            result := mload(m)
        }
    }

    /// @notice `Hs`: keccak256 of the words, reduced modulo the group order.
    function hashToScalar(uint256[] memory words) internal pure returns (uint256) {
        return _keccak(words) % R;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /// @dev keccak256 of the words' 32-byte big-endian encodings, concatenated (no length prefix).
    function _keccak(uint256[] memory words) private pure returns (uint256 digest) {
        // Hashes the array's body in place instead of copying it with abi.encodePacked.
        assembly ("memory-safe") {
            digest := keccak256(add(words, 0x20), mul(mload(words), 0x20))
        }
    }

    /**
     * @dev Writes `u·p + v·q` at `at`: two `ecMul` and one `ecAdd` in the scratch space above the free-memory pointer,
     * the sum written straight into `words`. Measured on a five-option ballot's check before {_verifyRange} took it
     * over: 360,891 gas when allocating `add(mul(…), mul(…))`, 342,329 with this.
     */
    function _putLinear(
        uint256[] memory words,
        uint256 at,
        G1Point memory p,
        uint256 u,
        G1Point memory q,
        uint256 v
    ) private view {
        bool ok;
        // Scratch: [m, m+0x40) = u·p, [m+0x40, m+0x80) = v·q; neither call reads past what it was given. The
        // destination lies inside `words`, which the caller allocated with room for two more words at `at`.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(p))
            mstore(add(m, 0x20), mload(add(p, 0x20)))
            mstore(add(m, 0x40), u)
            ok := staticcall(gas(), _EC_MUL, m, 0x60, m, 0x40)
            mstore(add(m, 0x40), mload(q))
            mstore(add(m, 0x60), mload(add(q, 0x20)))
            mstore(add(m, 0x80), v)
            ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
            ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, add(add(words, 0x20), mul(at, 0x20)), 0x40))
        }
        if (!ok) revert SecretBallotPrecompileFailed(_EC_MUL);
    }

    /**
     * @dev Whether every option's 0/1 proof verifies (index `i`, range 0 … 1), summing the ciphertexts into `sum`. The
     * ciphertext is copied into the transcript and each proof's arrays are found from the calldata offsets directly:
     * measured, 1,400 gas an option less than reading them through Solidity's checked accessors. A malformed offset
     * reads other words or zeros, whose proof then fails, as a proof in any encoding is checked on what it holds.
     */
    function _verifyOptions(
        uint256[] memory words,
        G1Point memory key,
        Ciphertext[] calldata ciphertexts,
        RangeProof[] calldata proofs,
        uint256[4] memory sum
    ) private view returns (bool valid) {
        words[5] = 0;
        words[6] = 1;
        valid = true;
        uint256 count = ciphertexts.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 challenges;
            uint256 responses;
            bool shaped;
            // words[4] = i; words[7 … 10] = the ciphertext (four words in calldata); the proof's two arrays, each a
            // length and its words, at the offsets of its head, which are relative to the proof's start.
            // Both points are checked here, as {isOnCurve} does: a precompile that fails burns all the gas it was
            // given, so none is ever sent a point off the curve.
            assembly ("memory-safe") {
                mstore(add(words, 0xa0), i)
                calldatacopy(add(words, 0x100), add(ciphertexts.offset, shl(7, i)), 0x80)
                let x := mload(add(words, 0x100))
                let y := mload(add(words, 0x120))
                shaped := and(
                    and(lt(x, P), lt(y, P)),
                    or(and(iszero(x), iszero(y)), eq(mulmod(y, y, P), addmod(mulmod(mulmod(x, x, P), x, P), 3, P)))
                )
                x := mload(add(words, 0x140))
                y := mload(add(words, 0x160))
                shaped := and(
                    shaped,
                    and(
                        and(lt(x, P), lt(y, P)),
                        or(and(iszero(x), iszero(y)), eq(mulmod(y, y, P), addmod(mulmod(mulmod(x, x, P), x, P), 3, P)))
                    )
                )
                let proof := add(proofs.offset, calldataload(add(proofs.offset, shl(5, i))))
                challenges := add(proof, calldataload(proof))
                responses := add(proof, calldataload(add(proof, 0x20)))
                shaped := and(shaped, and(eq(calldataload(challenges), 2), eq(calldataload(responses), 2)))
            }
            if (!shaped || !_verifyRange(words, 2, key, challenges + 0x20, responses + 0x20)) return false;
            valid = _accumulate(sum, words, valid);
        }
    }

    /**
     * @dev Whether the proof whose challenges and responses start at calldata offsets `challenges` and `responses`
     * shows that the ciphertext in `words[7 … 10]` encrypts a value in `words[5] … words[5] + branches − 1` under
     * `key`: recomputes each branch's `z·G − c·A` and `z·K − c·(B − j·G)` into the transcript `words` after its 11
     * statement words, then compares its hash with `Σ c_j`. Its points were checked on the curve;
     * every precompile call's success is kept all the same.
     * Measured (test/SecretBallot/onchain.test.ts): a five-option ballot's check went from 342,473 gas (Solidity
     * structs, a transcript allocated per proof, points checked apart) to the figure of docs/secret-ballot.md §10.
     */
    // solhint-disable-next-line function-max-lines
    function _verifyRange(
        uint256[] memory words,
        uint256 branches,
        G1Point memory key,
        uint256 challenges,
        uint256 responses
    ) private view returns (bool valid) {
        // Scratch above the free-memory pointer, never allocated: [m, m+0x40) and [m+0x40, m+0x80) the two products
        // (the second's scalar at m+0x80), m+0xa0 the response z, [m+0xc0, m+0x100) the shifted B − j·G. Outputs go
        // into `words`, which has room for four words per branch after its 11 statement words.
        assembly ("memory-safe") {
            let w := add(words, 0x20)
            let m := mload(0x40)
            let ok := 1
            // B − lo·G, by lo subtractions of G = (1, 2) (an ecAdd of 150 gas each, not an ecMul of 6,000).
            mstore(add(m, 0xc0), mload(add(w, 0x120)))
            mstore(add(m, 0xe0), mload(add(w, 0x140)))
            for {
                let j := mload(add(w, 0xa0))
            } j {
                j := sub(j, 1)
            } {
                mstore(m, mload(add(m, 0xc0)))
                mstore(add(m, 0x20), mload(add(m, 0xe0)))
                mstore(add(m, 0x40), 1)
                mstore(add(m, 0x60), sub(P, 2))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, add(m, 0xc0), 0x40))
            }
            let sum := 0
            for {
                let s := 0
            } lt(s, branches) {
                s := add(s, 1)
            } {
                let c := calldataload(add(challenges, shl(5, s)))
                mstore(add(m, 0xa0), calldataload(add(responses, shl(5, s))))
                ok := and(ok, and(lt(c, R), lt(mload(add(m, 0xa0)), R)))
                sum := addmod(sum, c, R)
                c := sub(R, c)
                let out := add(w, shl(5, add(11, shl(2, s))))
                // z·G + (−c)·A
                mstore(m, 1)
                mstore(add(m, 0x20), 2)
                mstore(add(m, 0x40), mload(add(m, 0xa0)))
                ok := and(ok, staticcall(gas(), _EC_MUL, m, 0x60, m, 0x40))
                mstore(add(m, 0x40), mload(add(w, 0xe0)))
                mstore(add(m, 0x60), mload(add(w, 0x100)))
                mstore(add(m, 0x80), c)
                ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, out, 0x40))
                // z·K + (−c)·(B − j·G)
                mstore(m, mload(key))
                mstore(add(m, 0x20), mload(add(key, 0x20)))
                mstore(add(m, 0x40), mload(add(m, 0xa0)))
                ok := and(ok, staticcall(gas(), _EC_MUL, m, 0x60, m, 0x40))
                mstore(add(m, 0x40), mload(add(m, 0xc0)))
                mstore(add(m, 0x60), mload(add(m, 0xe0)))
                mstore(add(m, 0x80), c)
                ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, add(out, 0x40), 0x40))
                // The next branch's B − (j + 1)·G.
                if lt(add(s, 1), branches) {
                    mstore(m, mload(add(m, 0xc0)))
                    mstore(add(m, 0x20), mload(add(m, 0xe0)))
                    mstore(add(m, 0x40), 1)
                    mstore(add(m, 0x60), sub(P, 2))
                    ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, add(m, 0xc0), 0x40))
                }
            }
            let digest := mod(keccak256(w, shl(5, add(11, shl(2, branches)))), R)
            valid := and(ok, eq(digest, sum))
        }
    }

    /// @dev Where an array's first word is in calldata.
    function _offset(uint256[] calldata array) private pure returns (uint256 offset) {
        assembly ("memory-safe") {
            offset := array.offset
        }
    }

    /// @dev `sum += (A, B)` for the ciphertext in `words[7 … 10]`: two `ecAdd`; `valid` and both calls' success.
    function _accumulate(uint256[4] memory sum, uint256[] memory words, bool valid) private view returns (bool ok) {
        // Scratch above the free-memory pointer holds each pair of summands; the sums overwrite `sum`.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(sum))
            mstore(add(m, 0x20), mload(add(sum, 0x20)))
            mstore(add(m, 0x40), mload(add(words, 0x100)))
            mstore(add(m, 0x60), mload(add(words, 0x120)))
            ok := and(valid, staticcall(gas(), _EC_ADD, m, 0x80, sum, 0x40))
            mstore(m, mload(add(sum, 0x40)))
            mstore(add(m, 0x20), mload(add(sum, 0x60)))
            mstore(add(m, 0x40), mload(add(words, 0x140)))
            mstore(add(m, 0x60), mload(add(words, 0x160)))
            ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, add(sum, 0x40), 0x40))
        }
    }

    /// @dev Writes a point's two words at `at`.
    function _putPoint(uint256[] memory words, uint256 at, G1Point memory point) private pure {
        words[at] = point.x;
        words[at + 1] = point.y;
    }

    /// @dev Writes a ciphertext's four words at `at`.
    function _putCiphertext(uint256[] memory words, uint256 at, Ciphertext memory ciphertext) private pure {
        _putPoint(words, at, ciphertext.a);
        _putPoint(words, at + 2, ciphertext.b);
    }
}
