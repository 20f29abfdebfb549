// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {IElections} from "./IElections.sol";
import {ISecretPolls} from "./ISecretPolls.sol";
import {SecretBallot} from "./SecretBallot.sol";

/**
 * @title SecretPolls
 * @notice The secret polls of the Elections contract ({ISecretPolls}): deployed once and run only by the Elections
 * contract through `delegatecall`, in the Elections contract's storage (its own ERC-7201 namespace) and with its
 * address, so that every proof is bound to the Elections contract as docs/secret-ballot.md states.
 * @dev The Elections contract forwards every call it has no function for to this library, so each external function
 * here takes only ABI types (its selector is then the one {ISecretPolls} declares). The two entries that change polls
 * and tallies on the Elections contract's behalf ({setUpSecretPoll}, {recordSecretBallot}) run only inside the
 * Elections contract's own write: it sets a transient token just before the call, which they consume. Calling them
 * through the forwarding finds no token and reverts. Every loop runs over a poll's trustees (at most 16), their
 * commitments (at most 16) or its options (at most 32).
 */
library SecretPolls {
    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev A trustee of a secret poll.
    struct Trustee {
        address account;
        bool announced;
        bool dealt;
        bool excluded;
        bool posted;
        bytes32 dealing; // keccak256(abi.encode(ephemerals, masked)) of its published dealing
        uint256[2] transportKey;
        uint256[2][] commitments;
        uint256[2][] shares; // its decryption shares, one per option
    }

    /// @dev A secret poll's ceremony, encrypted tally and opening.
    struct Poll {
        uint8 trusteeCount;
        uint8 quorum;
        uint8 optionCount;
        uint8 lo;
        uint8 hi;
        bool keySet;
        bool opened;
        uint16 qualified; // bit j for trustee j
        uint32 size; // the census size, which bounds every count
        uint40 review; // opensAt − createdAt, the ceremony's length
        uint8[] posters; // the trustees who posted shares, in order
        uint256[2] key;
        uint256[2][] aggregate; // Σ over the qualified trustees of their k-th commitment
        uint256[2][32] tally; // per option: A and B of the encrypted count plus (G, G), compressed; see {_seal}
        uint256[] counts;
    }

    /// @dev The ERC-7201 namespace `egov.storage.SecretPolls` of the Elections contract's storage.
    struct Layout {
        mapping(uint256 pollId => Poll) polls;
        mapping(uint256 pollId => mapping(uint256 trustee => Trustee)) trustees;
        mapping(uint256 pollId => mapping(uint256 nullifier => uint256 digest)) digests;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.SecretPolls")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _SLOT = 0x38a27a4f2001c653411cf0ef0c4b2d00eb297756f67258f10af29658f2e35e00;

    /// @dev keccak256("egov.transient.SecretPolls.guard"): the transient token of the Elections contract's own writes.
    bytes32 internal constant GUARD = 0xb79619044bce31851a81c4de5cb5dbeb65303d62ab9107274369c92a349bba38;

    /// @dev Most trustees a poll may name (the TypeScript side's `MAX_TRUSTEES`).
    uint256 private constant _MAX_TRUSTEES = 16;

    // -------------------------------------------------------------------------------------------------------------
    // Entries of the Elections contract's own writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Records a new secret poll's trustees, quorum and ballot shape. Runs only inside
     * {IElections-createSecretPoll}.
     * @dev Emits a {ISecretPolls-SecretPollCreated} event.
     */
    function setUpSecretPoll(
        uint256 pollId,
        address[] calldata trustees,
        uint8 quorum,
        uint8 optionCount,
        uint8 hi,
        uint32 size,
        uint40 review
    ) external {
        _takeToken();
        uint256 n = trustees.length;
        if (n == 0 || n > _MAX_TRUSTEES || quorum == 0 || quorum > n) {
            revert ISecretPolls.SecretPollsInvalidTrustees(n, quorum);
        }
        Layout storage $ = _layout();
        for (uint256 j = 0; j < n; ++j) {
            address account = trustees[j];
            if (account == address(0)) revert ISecretPolls.SecretPollsInvalidTrustee(account);
            for (uint256 earlier = 0; earlier < j; ++earlier) {
                if (trustees[earlier] == account) revert ISecretPolls.SecretPollsInvalidTrustee(account);
            }
            $.trustees[pollId][j + 1].account = account;
        }
        Poll storage p = $.polls[pollId];
        p.trusteeCount = uint8(n);
        p.quorum = quorum;
        p.optionCount = optionCount;
        p.lo = 1;
        p.hi = hi;
        p.size = size;
        p.review = review;
        emit ISecretPolls.SecretPollCreated(pollId, trustees, quorum);
    }

    /**
     * @notice Checks an encrypted ballot and adds it to the encrypted tally, taking the nullifier's replaced ballot out.
     * Runs only inside {IElections-castSecretBallot}, which checked the voter (window, census, scope, nullifier and
     * revision) and verifies the Semaphore proof after it; its token is the nullifier's previous revision plus one.
     * @dev Emits a {ISecretPolls-SecretBallotCast} event.
     */
    function recordSecretBallot(
        uint256 pollId,
        uint64 revision,
        SecretBallot.Ciphertext[] calldata ciphertexts,
        SecretBallot.RangeProof[] calldata optionProofs,
        SecretBallot.RangeProof calldata ruleProof,
        SecretBallot.Ciphertext[] calldata replaced,
        IElections.BallotProof calldata proof
    ) external {
        uint256 previous = _takeToken() - 1;
        Layout storage $ = _layout();
        Poll storage p = $.polls[pollId];
        if (!p.keySet) _seal($, p, pollId);
        uint256 m = p.optionCount;
        if (ciphertexts.length != m) revert ISecretPolls.SecretPollsLengthMismatch(pollId, ciphertexts.length, m);
        uint256 digest = SecretBallot.ballotDigest(revision, ciphertexts);
        if (proof.message != digest) revert IElections.ElectionsMessageMismatch(pollId, digest, proof.message);
        uint256 nullifier = proof.nullifier;
        if (
            previous == 0
                ? replaced.length != 0
                : replaced.length != m || SecretBallot.ballotDigest(previous, replaced) != $.digests[pollId][nullifier]
        ) revert ISecretPolls.SecretPollsReplacedMismatch(pollId, nullifier);
        SecretBallot.G1Point memory key = _point(p.key);
        SecretBallot.BallotStatement memory statement = SecretBallot.BallotStatement({
            base: SecretBallot.pollBase(pollId, key),
            key: key,
            nullifier: nullifier,
            revision: revision,
            lo: p.lo,
            hi: p.hi
        });
        if (!SecretBallot.verifyBallot(statement, ciphertexts, optionProofs, ruleProof)) {
            revert ISecretPolls.SecretPollsInvalidBallot(pollId, nullifier);
        }
        _updateTally(p, ciphertexts, replaced);
        $.digests[pollId][nullifier] = digest;
        _emitBallotCast(pollId, nullifier, revision, digest, ciphertexts);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Ceremony
    // -------------------------------------------------------------------------------------------------------------

    /// @notice See {ISecretPolls-announceTrustee}.
    function announceTrustee(
        uint256 pollId,
        uint256[2][] calldata commitments,
        uint256[2] calldata transportKey,
        uint256[2] calldata coefficientProof,
        uint256[2] calldata transportProof
    ) external {
        (Layout storage $, Poll storage p) = _writable(pollId);
        uint256 i = _trusteeOf($, p, pollId);
        _requireStep(p, pollId, ISecretPolls.CeremonyStep.Announce);
        Trustee storage t = $.trustees[pollId][i];
        if (t.announced) revert ISecretPolls.SecretPollsAlreadyAnnounced(pollId, i);
        uint256 base = SecretBallot.ceremonyBase(pollId, p.trusteeCount, p.quorum);
        bool valid =
            commitments.length == p.quorum &&
                SecretBallot.verifyKnowledge(
                    base,
                    SecretBallot.TAG_COEFFICIENT,
                    i,
                    _point(commitments[0]),
                    _proof(coefficientProof)
                ) &&
                SecretBallot.verifyKnowledge(
                    base,
                    SecretBallot.TAG_TRANSPORT,
                    i,
                    _point(transportKey),
                    _proof(transportProof)
                );
        for (uint256 k = 1; valid && k < commitments.length; ++k) {
            valid = SecretBallot.isOnCurve(_point(commitments[k]));
        }
        if (!valid) revert ISecretPolls.SecretPollsInvalidAnnouncement(pollId, i);
        t.announced = true;
        t.transportKey = transportKey;
        t.commitments = commitments;
        emit ISecretPolls.TrusteeAnnounced(pollId, i, commitments, transportKey, coefficientProof, transportProof);
    }

    /// @notice See {ISecretPolls-dealShares}.
    function dealShares(uint256 pollId, uint256[2][] calldata ephemerals, uint256[] calldata masked) external {
        (Layout storage $, Poll storage p) = _writable(pollId);
        uint256 i = _trusteeOf($, p, pollId);
        _requireStep(p, pollId, ISecretPolls.CeremonyStep.Deal);
        Trustee storage t = $.trustees[pollId][i];
        if (!t.announced) revert ISecretPolls.SecretPollsNotAnnounced(pollId, i);
        if (t.dealt) revert ISecretPolls.SecretPollsAlreadyDealt(pollId, i);
        uint256 n = p.trusteeCount;
        if (ephemerals.length != n || masked.length != n) {
            revert ISecretPolls.SecretPollsLengthMismatch(pollId, ephemerals.length, n);
        }
        t.dealt = true;
        t.dealing = keccak256(abi.encode(ephemerals, masked));
        emit ISecretPolls.SharesDealt(pollId, i, ephemerals, masked);
    }

    /// @notice See {ISecretPolls-complain}.
    function complain(
        uint256 pollId,
        uint256 dealer,
        uint256[2][] calldata ephemerals,
        uint256[] calldata masked,
        uint256[2] calldata sharedPoint,
        uint256[2] calldata proof
    ) external {
        (Layout storage $, Poll storage p) = _writable(pollId);
        uint256 j = _trusteeOf($, p, pollId);
        _requireStep(p, pollId, ISecretPolls.CeremonyStep.Complain);
        Trustee storage recipient = $.trustees[pollId][j];
        if (!recipient.announced) revert ISecretPolls.SecretPollsNotAnnounced(pollId, j);
        if (recipient.excluded) revert ISecretPolls.SecretPollsExcluded(pollId, j);
        Trustee storage accused = $.trustees[pollId][dealer];
        if (dealer == j || !accused.dealt) revert ISecretPolls.SecretPollsNotDealt(pollId, dealer);
        if (accused.excluded) revert ISecretPolls.SecretPollsExcluded(pollId, dealer);
        if (keccak256(abi.encode(ephemerals, masked)) != accused.dealing) {
            revert ISecretPolls.SecretPollsDealingMismatch(pollId, dealer);
        }
        SecretBallot.Complaint memory complaint = SecretBallot.Complaint({
            dealer: dealer,
            recipient: j,
            transportKey: _point(recipient.transportKey),
            ephemeral: _point(ephemerals[j - 1]),
            masked: masked[j - 1],
            sharedPoint: _point(sharedPoint),
            proof: _proof(proof)
        });
        SecretBallot.ComplaintVerdict verdict = SecretBallot.judgeComplaint(
            SecretBallot.ceremonyBase(pollId, p.trusteeCount, p.quorum),
            complaint,
            _points(accused.commitments)
        );
        if (verdict == SecretBallot.ComplaintVerdict.Malformed) {
            revert ISecretPolls.SecretPollsMalformedComplaint(pollId, dealer, j);
        }
        bool upheld = verdict == SecretBallot.ComplaintVerdict.Upheld;
        if (upheld) accused.excluded = true;
        else recipient.excluded = true;
        emit ISecretPolls.ComplaintJudged(pollId, dealer, j, upheld, sharedPoint);
    }

    /// @notice See {ISecretPolls-sealCeremony}.
    function sealCeremony(uint256 pollId) external {
        Layout storage $ = _layout();
        Poll storage p = _secret($, pollId);
        IElections.PollState state = IElections(address(this)).pollState(pollId);
        if (p.keySet || state == IElections.PollState.Review || state == IElections.PollState.Cancelled) {
            revert ISecretPolls.SecretPollsCannotSeal(pollId, uint8(state));
        }
        _seal($, p, pollId);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Opening
    // -------------------------------------------------------------------------------------------------------------

    /// @notice See {ISecretPolls-postDecryptionShares}.
    function postDecryptionShares(uint256 pollId, uint256[2][] calldata shares, uint256[2][] calldata proofs) external {
        (Layout storage $, Poll storage p) = _writable(pollId);
        _requireEnded(p, pollId);
        if (!p.keySet) _seal($, p, pollId);
        uint256 j = _trusteeOf($, p, pollId);
        if ((p.qualified >> j) & 1 == 0) revert ISecretPolls.SecretPollsNotQualified(pollId, j);
        Trustee storage t = $.trustees[pollId][j];
        if (t.posted) revert ISecretPolls.SecretPollsSharesAlreadyPosted(pollId, j);
        uint256 m = p.optionCount;
        if (shares.length != m || proofs.length != m) {
            revert ISecretPolls.SecretPollsLengthMismatch(pollId, shares.length, m);
        }
        SecretBallot.G1Point memory key = _point(p.key);
        uint256 base = SecretBallot.pollBase(pollId, key);
        SecretBallot.G1Point memory verificationKey = SecretBallot.evaluateCommitments(_points(p.aggregate), j);
        for (uint256 i = 0; i < m; ++i) {
            if (
                !SecretBallot.verifyShare(
                    base,
                    j,
                    i,
                    _tally(p, i),
                    verificationKey,
                    _point(shares[i]),
                    _proof(proofs[i])
                )
            ) revert ISecretPolls.SecretPollsInvalidShare(pollId, j, i);
        }
        t.posted = true;
        t.shares = shares;
        p.posters.push(uint8(j));
        emit ISecretPolls.DecryptionSharesPosted(pollId, j, shares, proofs);
    }

    /// @notice See {ISecretPolls-openTally}.
    function openTally(uint256 pollId, uint256[] calldata counts) external {
        (Layout storage $, Poll storage p) = _writable(pollId);
        _requireEnded(p, pollId);
        uint256 t = p.quorum;
        if (p.posters.length < t) revert ISecretPolls.SecretPollsQuorumNotReached(pollId, p.posters.length, p.quorum);
        uint256 m = p.optionCount;
        if (counts.length != m) revert ISecretPolls.SecretPollsLengthMismatch(pollId, counts.length, m);
        uint256[] memory openers = new uint256[](t);
        for (uint256 k = 0; k < t; ++k) {
            openers[k] = p.posters[k];
        }
        SecretBallot.G1Point[] memory column = new SecretBallot.G1Point[](t);
        for (uint256 i = 0; i < m; ++i) {
            for (uint256 k = 0; k < t; ++k) {
                column[k] = _point($.trustees[pollId][openers[k]].shares[i]);
            }
            SecretBallot.G1Point memory combined = SecretBallot.combine(_tally(p, i), openers, column);
            SecretBallot.G1Point memory expected = SecretBallot.mul(SecretBallot.generator(), counts[i]);
            if (counts[i] > p.size || combined.x != expected.x || combined.y != expected.y) {
                revert ISecretPolls.SecretPollsCountMismatch(pollId, i, counts[i]);
            }
        }
        p.opened = true;
        p.counts = counts;
        emit ISecretPolls.TallyOpened(pollId, counts, openers);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice See {ISecretPolls-secretPoll}.
    function secretPoll(
        uint256 pollId
    )
        external
        view
        returns (
            address[] memory trustees,
            uint8 quorum,
            bool ceremonySealed,
            bool opened,
            uint256 qualified,
            uint256[2] memory electionKey
        )
    {
        Layout storage $ = _layout();
        Poll storage p = _secret($, pollId);
        trustees = new address[](p.trusteeCount);
        for (uint256 j = 0; j < trustees.length; ++j) {
            trustees[j] = $.trustees[pollId][j + 1].account;
        }
        return (trustees, p.quorum, p.keySet, p.opened, p.qualified, p.key);
    }

    /// @notice See {ISecretPolls-trusteeRecord}.
    function trusteeRecord(
        uint256 pollId,
        uint256 trustee
    )
        external
        view
        returns (
            bool announced,
            bool dealt,
            bool excluded,
            bool posted,
            uint256[2] memory transportKey,
            uint256[2][] memory commitments
        )
    {
        Trustee storage t = _layout().trustees[pollId][trustee];
        return (t.announced, t.dealt, t.excluded, t.posted, t.transportKey, t.commitments);
    }

    /// @notice See {ISecretPolls-ceremonyWindows}.
    function ceremonyWindows(
        uint256 pollId
    ) external view returns (uint40 announceUntil, uint40 dealUntil, uint40 complainUntil) {
        Poll storage p = _secret(_layout(), pollId);
        (, announceUntil, dealUntil, complainUntil) = _windows(p, pollId);
    }

    /// @notice See {ISecretPolls-encryptedTally}.
    function encryptedTally(uint256 pollId) external view returns (SecretBallot.Ciphertext[] memory tally) {
        Poll storage p = _secret(_layout(), pollId);
        tally = new SecretBallot.Ciphertext[](p.optionCount);
        for (uint256 i = 0; i < tally.length; ++i) {
            tally[i] = _tally(p, i);
        }
    }

    /// @notice See {ISecretPolls-secretBallotDigest}.
    function secretBallotDigest(uint256 pollId, uint256 nullifier) external view returns (uint256) {
        return _layout().digests[pollId][nullifier];
    }

    /// @notice See {ISecretPolls-decryptionShares}.
    function decryptionShares(uint256 pollId, uint256 trustee) external view returns (uint256[2][] memory) {
        return _layout().trustees[pollId][trustee].shares;
    }

    /// @notice See {ISecretPolls-openedTally}.
    function openedTally(uint256 pollId) external view returns (uint256[] memory) {
        return _layout().polls[pollId].counts;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev Computes the qualified set, the summed commitments and the election key, or reverts when too few qualify.
     * It also writes the empty tally, stored as `(O, O) + (G, G)`: every tally word is then non-zero from the seal on
     * (the encrypted count plus `(G, G)` is the point at infinity only with negligible probability), so that a ballot
     * rewrites words instead of creating them (measured: 20 words of a five-option poll, 2,900 gas instead of 20,000
     * each for the poll's first ballots; the sealer pays the creation once). Each point is one word
     * ({SecretBallot-decompress}): a ballot reads and rewrites two words an option (measured on a five-option ballot:
     * 10 words at 5,000 gas each less, against 10 square roots through `modexp` of about 1,600 gas each).
     */
    function _seal(Layout storage $, Poll storage p, uint256 pollId) private {
        uint256 n = p.trusteeCount;
        uint256 t = p.quorum;
        SecretBallot.G1Point[] memory aggregate = new SecretBallot.G1Point[](t);
        uint256 qualified = 0;
        uint256 count = 0;
        for (uint256 j = 1; j <= n; ++j) {
            Trustee storage trustee = $.trustees[pollId][j];
            if (!trustee.announced || !trustee.dealt || trustee.excluded) continue;
            qualified |= 1 << j;
            ++count;
            for (uint256 k = 0; k < t; ++k) {
                aggregate[k] = SecretBallot.add(aggregate[k], _point(trustee.commitments[k]));
            }
        }
        if (count < t || (aggregate[0].x == 0 && aggregate[0].y == 0)) {
            revert ISecretPolls.SecretPollsCeremonyIncomplete(pollId, count, p.quorum);
        }
        for (uint256 k = 0; k < t; ++k) {
            p.aggregate.push([aggregate[k].x, aggregate[k].y]);
        }
        p.key = [aggregate[0].x, aggregate[0].y];
        for (uint256 i = 0; i < p.optionCount; ++i) {
            p.tally[i] = [uint256(1), 1]; // G = (1, 2) compressed: x = 1, y even
        }
        p.qualified = uint16(qualified);
        p.keySet = true;
        emit ISecretPolls.CeremonySealed(pollId, qualified, p.key);
    }

    /**
     * @dev Adds each ciphertext of `added` to the poll's encrypted tally and subtracts the one of `removed` (empty for a
     * first ballot), in storage: per option, the two stored words read, each point decompressed (`modexp`), one or
     * two `ecAdd`, and the two words written back compressed. The ciphertexts were checked before (the ballot's proofs;
     * the replaced ballot's digest), so the precompiles do not fail on them.
     * Measured on a five-option ballot: 777,734 gas for the whole transaction with this loop in Solidity (a memory
     * struct per point and per sum), against the figure of docs/secret-ballot.md §10 with this one.
     */
    // solhint-disable-next-line function-max-lines
    function _updateTally(
        Poll storage p,
        SecretBallot.Ciphertext[] calldata added,
        SecretBallot.Ciphertext[] calldata removed
    ) private {
        uint256[2][32] storage tally = p.tally;
        uint256 words = 2 * added.length;
        bool revote = removed.length != 0;
        uint256 prime = SecretBallot.P;
        // Scratch above the free-memory pointer, never allocated: the modexp input (six words), then the two summands
        // of ecAdd at [m, m+0x80). Word w of the tally is point w % 2 (A, B) of option w / 2, as are the calldata's.
        assembly ("memory-safe") {
            let m := mload(0x40)
            let ok := 1
            for {
                let w := 0
            } lt(w, words) {
                w := add(w, 1)
            } {
                let slot := add(tally.slot, w)
                let word := sload(slot)
                let x := and(word, shr(1, not(0)))
                mstore(m, 0x20)
                mstore(add(m, 0x20), 0x20)
                mstore(add(m, 0x40), 0x20)
                mstore(add(m, 0x60), addmod(mulmod(mulmod(x, x, prime), x, prime), 3, prime))
                mstore(add(m, 0x80), shr(2, add(prime, 1)))
                mstore(add(m, 0xa0), prime)
                ok := and(ok, staticcall(gas(), 0x05, m, 0xc0, add(m, 0x20), 0x20))
                let y := mload(add(m, 0x20))
                if iszero(eq(and(y, 1), shr(255, word))) {
                    y := sub(prime, y)
                }
                mstore(m, x)
                mstore(add(m, 0x20), y)
                calldatacopy(add(m, 0x40), add(added.offset, shl(6, w)), 0x40)
                ok := and(ok, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
                if revote {
                    let at := add(removed.offset, shl(6, w))
                    mstore(add(m, 0x40), calldataload(at))
                    mstore(add(m, 0x60), mod(sub(prime, calldataload(add(at, 0x20))), prime))
                    ok := and(ok, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
                }
                sstore(slot, or(mload(m), shl(255, and(mload(add(m, 0x20)), 1))))
            }
            // SecretBallotPrecompileFailed(6): cannot happen on the checked ciphertexts.
            if iszero(ok) {
                mstore(0, shl(224, 0x85346c14))
                mstore(4, 0x06)
                revert(0, 0x24)
            }
        }
    }

    /**
     * @dev Emits {ISecretPolls-SecretBallotCast} with its data written from calldata at once: `revision`, `digest`, the
     * array's offset (0x60), its length and its words, four per ciphertext, exactly as `abi.encode` writes them.
     * Measured: 1,000 gas less than `emit`, which copies the array element by element.
     */
    function _emitBallotCast(
        uint256 pollId,
        uint256 nullifier,
        uint64 revision,
        uint256 digest,
        SecretBallot.Ciphertext[] calldata ciphertexts
    ) private {
        bytes32 topic = ISecretPolls.SecretBallotCast.selector;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, revision)
            mstore(add(m, 0x20), digest)
            mstore(add(m, 0x40), 0x60)
            mstore(add(m, 0x60), ciphertexts.length)
            let size := shl(7, ciphertexts.length)
            calldatacopy(add(m, 0x80), ciphertexts.offset, size)
            log3(m, add(0x80, size), topic, pollId, nullifier)
        }
    }

    /// @dev The secret poll, or a revert when the poll is not one.
    function _secret(Layout storage $, uint256 pollId) private view returns (Poll storage p) {
        p = $.polls[pollId];
        if (p.trusteeCount == 0) revert ISecretPolls.SecretPollsNotSecret(pollId);
    }

    /// @dev The secret poll for a write: reverts while the Elections contract is paused.
    function _writable(uint256 pollId) private view returns (Layout storage $, Poll storage p) {
        if (PausableUpgradeable(address(this)).paused()) revert PausableUpgradeable.EnforcedPause();
        $ = _layout();
        p = _secret($, pollId);
    }

    /// @dev The caller's trustee number, or a revert.
    function _trusteeOf(Layout storage $, Poll storage p, uint256 pollId) private view returns (uint256) {
        uint256 n = p.trusteeCount;
        for (uint256 j = 1; j <= n; ++j) {
            if ($.trustees[pollId][j].account == msg.sender) return j;
        }
        revert ISecretPolls.SecretPollsNotTrustee(pollId, msg.sender);
    }

    /// @dev The start of the review and the ends of the three steps, on the Elections contract's clock.
    function _windows(
        Poll storage p,
        uint256 pollId
    ) private view returns (uint40 start, uint40 announceUntil, uint40 dealUntil, uint40 opensAt) {
        (opensAt, ) = IElections(address(this)).pollWindow(pollId);
        uint40 review = p.review;
        start = opensAt - review;
        announceUntil = start + review / 3;
        dealUntil = start + (2 * review) / 3;
    }

    /// @dev Reverts unless the poll is in its review and now is inside the step's window.
    function _requireStep(Poll storage p, uint256 pollId, ISecretPolls.CeremonyStep step) private view {
        (uint40 start, uint40 announceUntil, uint40 dealUntil, uint40 opensAt) = _windows(p, pollId);
        (uint40 from, uint40 until) = step == ISecretPolls.CeremonyStep.Announce
            ? (start, announceUntil)
            : step == ISecretPolls.CeremonyStep.Deal
                ? (announceUntil, dealUntil)
                : (dealUntil, opensAt);
        if (
            IElections(address(this)).pollState(pollId) != IElections.PollState.Review ||
            block.timestamp < from ||
            block.timestamp >= until
        ) revert ISecretPolls.SecretPollsOutsideStep(pollId, step, from, until);
    }

    /// @dev Reverts unless the poll is past its close (ended or closed) and its tally not opened.
    function _requireEnded(Poll storage p, uint256 pollId) private view {
        IElections.PollState state = IElections(address(this)).pollState(pollId);
        if (state != IElections.PollState.Ended && state != IElections.PollState.Closed) {
            revert ISecretPolls.SecretPollsNotEnded(pollId, uint8(state));
        }
        if (p.opened) revert ISecretPolls.SecretPollsAlreadyOpened(pollId);
    }

    /// @dev Consumes the Elections contract's transient token; reverts when there is none.
    function _takeToken() private returns (uint256 token) {
        bytes32 slot = GUARD;
        // Transient storage (EIP-1153): the token lives only for the Elections contract's current write.
        assembly ("memory-safe") {
            token := tload(slot)
            tstore(slot, 0)
        }
        if (token == 0) revert ISecretPolls.SecretPollsNotFromElections();
    }

    function _point(uint256[2] memory words) private pure returns (SecretBallot.G1Point memory) {
        return SecretBallot.G1Point(words[0], words[1]);
    }

    function _proof(uint256[2] memory words) private pure returns (SecretBallot.Proof memory) {
        return SecretBallot.Proof(words[0], words[1]);
    }

    function _points(uint256[2][] storage words) private view returns (SecretBallot.G1Point[] memory points) {
        points = new SecretBallot.G1Point[](words.length);
        for (uint256 k = 0; k < points.length; ++k) {
            points[k] = SecretBallot.G1Point(words[k][0], words[k][1]);
        }
    }

    /// @dev A tally's stored words, decompressed: its encrypted count plus `(G, G)`.
    function _stored(uint256[2] storage words) private view returns (SecretBallot.Ciphertext memory) {
        return SecretBallot.Ciphertext(SecretBallot.decompress(words[0]), SecretBallot.decompress(words[1]));
    }

    /// @dev Option `i`'s encrypted count: `(O, O)` before the seal, its stored words minus `(G, G)` after.
    function _tally(Poll storage p, uint256 i) private view returns (SecretBallot.Ciphertext memory) {
        SecretBallot.Ciphertext memory empty = SecretBallot.Ciphertext(
            SecretBallot.G1Point(0, 0),
            SecretBallot.G1Point(0, 0)
        );
        if (!p.keySet) return empty;
        SecretBallot.G1Point memory g = SecretBallot.generator();
        return SecretBallot.subtract(_stored(p.tally[i]), SecretBallot.Ciphertext(g, g));
    }

    /// @dev The ERC-7201 storage of secret polls, inside the Elections contract.
    function _layout() private pure returns (Layout storage $) {
        assembly ("memory-safe") {
            $.slot := _SLOT
        }
    }
}
