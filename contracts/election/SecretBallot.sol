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

    /// @notice A range proof in commitment form: per value `j` of `lo … hi`, two commitments, a challenge share and a
    /// response.
    struct RangeProof {
        G1Point[] commitments; // a_lo, b_lo, a_{lo+1}, b_{lo+1}, …: two per value, in value order
        uint256[] challenges; // c_j, below the group order, in value order; they sum to the proof's hash
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
    /// @dev keccak256("egov.secret-ballot.v1.batch")
    bytes32 internal constant TAG_BATCH = keccak256("egov.secret-ballot.v1.batch");
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
     * sum proven to hold `lo … hi` (single choice: 1 … 1; approval: 1 … k), every branch equation of every proof
     * checked at once by a random linear combination (docs/secret-ballot.md §4.3).
     * @dev Requirements (else `false`): as many ciphertexts as option proofs, 1 to 32 of them; `hi − lo` below 33; two
     * commitments, one challenge share and one response per value of each proof. Cost: `6m + 2·(hi − lo + 1) + 1`
     * `ecMul` for `m` options. Every point is checked on the curve and every scalar below the group order before any
     * precompile is called (one that fails burns all the gas it was given).
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
        // The batch seed's input: the tag, then each proof's transcript hash, challenge shares and responses.
        uint256[] memory seed = new uint256[](2 + 5 * count + 2 * ruleBranches);
        seed[0] = uint256(TAG_BATCH);
        uint256[4] memory sum; // Σ A_i and Σ B_i, from the point at infinity
        if (!_hashOptions(words, ciphertexts, optionProofs, sum, seed)) return false;
        words[4] = count;
        words[5] = ballot.lo;
        words[6] = ballot.hi;
        (words[7], words[8], words[9], words[10]) = (sum[0], sum[1], sum[2], sum[3]);
        uint256 rule;
        // A calldata struct with dynamic members is its start's offset.
        assembly ("memory-safe") {
            rule := ruleProof
        }
        if (!_hashRange(words, ruleBranches, rule, seed, 1 + 5 * count)) return false;
        // [seed, next branch number, G's coefficient, K's, the accumulated point (two words), all calls succeeded]
        uint256[7] memory state = [_keccak(seed), 0, 0, 0, 0, 0, 1];
        return _verifyBatch(state, ballot, ciphertexts, optionProofs, rule);
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
     * the sum written straight into `words`. Measured on a five-option ballot's check when it was still written in
     * Solidity: 360,891 gas when allocating `add(mul(…), mul(…))`, 342,329 with this.
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
     * @dev Whether every option's 0/1 proof passes {_hashRange} (index `i`, range 0 … 1), summing the ciphertexts into
     * `sum`. The ciphertext is copied into the transcript and each proof is found from its calldata offset directly:
     * measured, 1,400 gas an option less than reading it through Solidity's checked accessors. A malformed offset reads
     * other words or zeros, whose proof then fails, as a proof in any encoding is checked on what it holds; the batch
     * ({_batchRange}) reads each proof again from the same offsets, so it checks the very values hashed here.
     */
    function _hashOptions(
        uint256[] memory words,
        Ciphertext[] calldata ciphertexts,
        RangeProof[] calldata proofs,
        uint256[4] memory sum,
        uint256[] memory seed
    ) private view returns (bool valid) {
        words[5] = 0;
        words[6] = 1;
        valid = true;
        uint256 count = ciphertexts.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 proof;
            bool shaped;
            // words[4] = i; words[7 … 10] = the ciphertext (four words in calldata), both its points checked on the
            // curve as {isOnCurve} does; the proof's start from the array's head.
            assembly ("memory-safe") {
                function onCurve(x, y) -> ok {
                    ok := and(
                        and(lt(x, P), lt(y, P)),
                        or(and(iszero(x), iszero(y)), eq(mulmod(y, y, P), addmod(mulmod(mulmod(x, x, P), x, P), 3, P)))
                    )
                }
                mstore(add(words, 0xa0), i)
                calldatacopy(add(words, 0x100), add(ciphertexts.offset, shl(7, i)), 0x80)
                shaped := and(
                    onCurve(mload(add(words, 0x100)), mload(add(words, 0x120))),
                    onCurve(mload(add(words, 0x140)), mload(add(words, 0x160)))
                )
                proof := add(proofs.offset, calldataload(add(proofs.offset, shl(5, i))))
            }
            if (!shaped || !_hashRange(words, 2, proof, seed, 1 + 5 * i)) return false;
            valid = _accumulate(sum, words, valid);
        }
    }

    /**
     * @dev Whether the proof at calldata offset `proof` (a {RangeProof}) has the shape of a proof of `branches` values
     * (two commitments, one challenge share and one response each), every commitment on the curve, every scalar below
     * the group order, and challenge shares that sum to the hash of its transcript: the 11 statement words of `words`
     * (the ciphertext in `words[7 … 10]`, the range from `words[5]`) and its commitments, copied in after them. Writes
     * the transcript's whole hash, the challenge shares and the responses into `seed` from `at`. No precompile: the
     * equations are checked by {_batchRange}, once the whole ballot has been hashed.
     */
    function _hashRange(
        uint256[] memory words,
        uint256 branches,
        uint256 proof,
        uint256[] memory seed,
        uint256 at
    ) private pure returns (bool valid) {
        // The proof's head holds three offsets, relative to its start; each list is a length and its words. `words`
        // has room for four words a branch after its 11 statement words, `seed` for `1 + 2·branches` words from `at`.
        assembly ("memory-safe") {
            function onCurve(x, y) -> ok {
                ok := and(
                    and(lt(x, P), lt(y, P)),
                    or(and(iszero(x), iszero(y)), eq(mulmod(y, y, P), addmod(mulmod(mulmod(x, x, P), x, P), 3, P)))
                )
            }
            let w := add(words, 0x20)
            let commitments := add(proof, calldataload(proof))
            let challenges := add(proof, calldataload(add(proof, 0x20)))
            let responses := add(proof, calldataload(add(proof, 0x40)))
            valid := and(
                eq(calldataload(commitments), shl(1, branches)),
                and(eq(calldataload(challenges), branches), eq(calldataload(responses), branches))
            )
            calldatacopy(add(w, 0x160), add(commitments, 0x20), shl(7, branches))
            for {
                let s := 0
            } lt(s, shl(1, branches)) {
                s := add(s, 1)
            } {
                let point := add(add(w, 0x160), shl(6, s))
                valid := and(valid, onCurve(mload(point), mload(add(point, 0x20))))
            }
            let sum := 0
            let out := add(add(seed, 0x20), shl(5, at))
            for {
                let s := 0
            } lt(s, branches) {
                s := add(s, 1)
            } {
                let c := calldataload(add(challenges, shl(5, add(s, 1))))
                let z := calldataload(add(responses, shl(5, add(s, 1))))
                valid := and(valid, and(lt(c, R), lt(z, R)))
                sum := addmod(sum, c, R)
                mstore(add(out, shl(5, add(s, 1))), c)
                mstore(add(out, shl(5, add(add(branches, s), 1))), z)
            }
            let digest := keccak256(w, shl(5, add(11, shl(2, branches))))
            mstore(out, digest)
            valid := and(valid, eq(mod(digest, R), sum))
        }
    }

    /**
     * @dev The batch check of docs/secret-ballot.md §4.3, once every proof passed {_hashRange}: each proof's branch
     * equations weighted into the accumulated point (through {_batchRange}), then every ciphertext point, `G` and `K`
     * with their summed coefficients ({_closeBatch}). The rule proof's coefficients are the last entries of `alphas`
     * and `betas`, added to every option's: its ciphertext is the sum of the options'.
     */
    function _verifyBatch(
        uint256[7] memory state,
        BallotStatement memory ballot,
        Ciphertext[] calldata ciphertexts,
        RangeProof[] calldata proofs,
        uint256 rule
    ) private view returns (bool) {
        uint256 count = ciphertexts.length;
        uint256[] memory alphas = new uint256[](count + 1);
        uint256[] memory betas = new uint256[](count + 1);
        for (uint256 i = 0; i < count; ++i) {
            uint256 proof;
            assembly ("memory-safe") {
                proof := add(proofs.offset, calldataload(add(proofs.offset, shl(5, i))))
            }
            (alphas[i], betas[i]) = _batchRange(state, proof, 2, 0);
        }
        (alphas[count], betas[count]) = _batchRange(state, rule, ballot.hi - ballot.lo + 1, ballot.lo);
        return _closeBatch(state, ballot.key, ciphertexts, alphas, betas);
    }

    /**
     * @dev Adds the proof's weighted branch equations to the batch in `state` (see {verifyBallot}): for each branch
     * `e` of value `j` (from `first`), the weights `ρ, σ` from `keccak256(seed, e)`, `−ρ·a − σ·b` added to the
     * accumulated point (two `ecMul`, one for the ballot's first branch, whose `ρ` is 1), `ρz + σcj` to `G`'s
     * coefficient and `σz` to `K`'s. Returns `Σ ρc` and `Σ σc`, the proof's share of its ciphertext's coefficients.
     */
    // solhint-disable-next-line function-max-lines
    function _batchRange(
        uint256[7] memory state,
        uint256 proof,
        uint256 branches,
        uint256 first
    ) private view returns (uint256 alpha, uint256 beta) {
        // Scratch above the free-memory pointer: [m, m+0x40) the accumulated point, [m+0x40, m+0xa0) a commitment and
        // its scalar, the product written over them; the weights' hash input in the scratch space [0, 0x40).
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(add(state, 0x80)))
            mstore(add(m, 0x20), mload(add(state, 0xa0)))
            for {
                let s := 0
            } lt(s, branches) {
                s := add(s, 1)
            } {
                let rho := 0
                let sigma := 0
                {
                    let e := mload(add(state, 0x20))
                    mstore(0, mload(state))
                    mstore(0x20, e)
                    let u := keccak256(0, 0x40)
                    sigma := add(shr(128, u), 1)
                    rho := add(and(u, 0xffffffffffffffffffffffffffffffff), 1)
                    if iszero(e) {
                        rho := 1
                    }
                    mstore(add(state, 0x20), add(e, 1))
                }
                {
                    let c := calldataload(add(add(proof, calldataload(add(proof, 0x20))), shl(5, add(s, 1))))
                    let z := calldataload(add(add(proof, calldataload(add(proof, 0x40))), shl(5, add(s, 1))))
                    let shifted := mulmod(mulmod(sigma, c, R), add(first, s), R)
                    mstore(add(state, 0x40), addmod(mload(add(state, 0x40)), addmod(mulmod(rho, z, R), shifted, R), R))
                    mstore(add(state, 0x60), addmod(mload(add(state, 0x60)), mulmod(sigma, z, R), R))
                    alpha := addmod(alpha, mulmod(rho, c, R), R)
                    beta := addmod(beta, mulmod(sigma, c, R), R)
                }
                let point := add(add(add(proof, calldataload(proof)), 0x20), shl(7, s))
                let ok := mload(add(state, 0xc0))
                // −ρ·a; with ρ = 1, the point with its y negated (the point at infinity unchanged).
                calldatacopy(add(m, 0x40), point, 0x40)
                switch eq(rho, 1)
                case 1 {
                    if mload(add(m, 0x60)) {
                        mstore(add(m, 0x60), sub(P, mload(add(m, 0x60))))
                    }
                }
                default {
                    mstore(add(m, 0x80), sub(R, rho))
                    ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                }
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
                // −σ·b
                calldatacopy(add(m, 0x40), add(point, 0x40), 0x40)
                mstore(add(m, 0x80), sub(R, sigma))
                ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
                mstore(add(state, 0xc0), ok)
            }
            mstore(add(state, 0x80), mload(m))
            mstore(add(state, 0xa0), mload(add(m, 0x20)))
        }
    }

    /**
     * @dev Ends the batch in `state`: adds `−(α_i + α_rule)·A_i − (β_i + β_rule)·B_i` for every ciphertext, then `G`
     * and `K` times their coefficients, and whether the sum is the point at infinity with every precompile call
     * successful. Every point was checked on the curve before ({_hashOptions}); the key comes from storage.
     */
    function _closeBatch(
        uint256[7] memory state,
        G1Point memory key,
        Ciphertext[] calldata ciphertexts,
        uint256[] memory alphas,
        uint256[] memory betas
    ) private view returns (bool valid) {
        // Scratch above the free-memory pointer as in {_batchRange}. `alphas` and `betas` hold one entry an option,
        // then the rule proof's.
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(add(state, 0x80)))
            mstore(add(m, 0x20), mload(add(state, 0xa0)))
            let ok := mload(add(state, 0xc0))
            let count := ciphertexts.length
            let ruleAlpha := mload(add(alphas, shl(5, add(count, 1))))
            let ruleBeta := mload(add(betas, shl(5, add(count, 1))))
            for {
                let i := 0
            } lt(i, count) {
                i := add(i, 1)
            } {
                let c := add(ciphertexts.offset, shl(7, i))
                calldatacopy(add(m, 0x40), c, 0x40)
                mstore(add(m, 0x80), sub(R, addmod(mload(add(alphas, shl(5, add(i, 1)))), ruleAlpha, R)))
                ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
                calldatacopy(add(m, 0x40), add(c, 0x40), 0x40)
                mstore(add(m, 0x80), sub(R, addmod(mload(add(betas, shl(5, add(i, 1)))), ruleBeta, R)))
                ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
                ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
            }
            mstore(add(m, 0x40), 1)
            mstore(add(m, 0x60), 2)
            mstore(add(m, 0x80), mload(add(state, 0x40)))
            ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
            ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
            mstore(add(m, 0x40), mload(key))
            mstore(add(m, 0x60), mload(add(key, 0x20)))
            mstore(add(m, 0x80), mload(add(state, 0x60)))
            ok := and(ok, staticcall(gas(), _EC_MUL, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
            ok := and(ok, staticcall(gas(), _EC_ADD, m, 0x80, m, 0x40))
            valid := and(ok, iszero(or(mload(m), mload(add(m, 0x20)))))
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
