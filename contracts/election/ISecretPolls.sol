// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SecretBallot} from "./SecretBallot.sol";

/**
 * @title ISecretPolls
 * @notice The secret polls of the Elections contract (docs/secret-ballot.md): the trustees' key ceremony during the
 * review period, the encrypted tally, and its verifiable opening after the close. These functions are called on the
 * Elections contract's address, which runs them from the {SecretPolls} library (its code lives apart so that the
 * Elections contract stays under the code-size limit); their events come from the Elections contract too.
 *
 * The ceremony's review period is split in three equal steps, measured on the Elections contract's clock (which
 * stands still while it is paused): trustees announce their commitments in the first third, deal their encrypted
 * shares in the second, and complain about a bad share in the last. The ceremony is sealed when the poll opens: the
 * qualified trustees (announced, dealt, not excluded by a complaint) give the election key. A poll with fewer
 * qualified trustees than its quorum accepts no ballot and is never opened.
 * @dev Points are `[x, y]` (affine, `[0, 0]` the point at infinity); Schnorr and Chaum–Pedersen proofs are
 * `[challenge, response]`. Trustees are numbered from 1 in the order the poll names them.
 */
interface ISecretPolls {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The steps of the key ceremony, each with its own window.
    enum CeremonyStep {
        Announce, // the first third of the review: commitments, transport key and proofs
        Deal, // the second third: encrypted shares for every other trustee
        Complain // the last third: complaints about a share that does not match its dealer's commitments
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A restricted entry of the library was called other than through the Elections contract's own write.
    error SecretPollsNotFromElections();

    /// @notice The trustee list or quorum is not valid: 1 to 16 trustees, a quorum from 1 to their number.
    error SecretPollsInvalidTrustees(uint256 trustees, uint8 quorum);

    /// @notice A trustee address is zero or named twice.
    error SecretPollsInvalidTrustee(address account);

    /// @notice The poll is not a secret poll.
    error SecretPollsNotSecret(uint256 pollId);

    /// @notice The caller is not one of the poll's trustees.
    error SecretPollsNotTrustee(uint256 pollId, address account);

    /// @notice A ceremony step was taken outside its window `[from, until)` (or the poll is not in its review).
    error SecretPollsOutsideStep(uint256 pollId, CeremonyStep step, uint40 from, uint40 until);

    /// @notice The trustee announced already.
    error SecretPollsAlreadyAnnounced(uint256 pollId, uint256 trustee);

    /// @notice The announcement's commitments are not one per quorum member, a point is not valid, or a proof fails.
    error SecretPollsInvalidAnnouncement(uint256 pollId, uint256 trustee);

    /// @notice The trustee has not announced.
    error SecretPollsNotAnnounced(uint256 pollId, uint256 trustee);

    /// @notice The trustee dealt already.
    error SecretPollsAlreadyDealt(uint256 pollId, uint256 trustee);

    /// @notice A list does not have the length it must have.
    error SecretPollsLengthMismatch(uint256 pollId, uint256 length, uint256 expected);

    /// @notice The trustee was excluded by a complaint.
    error SecretPollsExcluded(uint256 pollId, uint256 trustee);

    /// @notice The dealer named has not dealt (or is the complaining trustee itself).
    error SecretPollsNotDealt(uint256 pollId, uint256 dealer);

    /// @notice The dealing supplied with a complaint is not the one the dealer published.
    error SecretPollsDealingMismatch(uint256 pollId, uint256 dealer);

    /// @notice The complaint's proof does not show that the revealed point is the recipient's.
    error SecretPollsMalformedComplaint(uint256 pollId, uint256 dealer, uint256 recipient);

    /// @notice The ceremony cannot be sealed before the poll opens, or was sealed already.
    error SecretPollsCannotSeal(uint256 pollId, uint8 state);

    /// @notice Fewer trustees than the quorum qualified (or their key is the point at infinity): the poll never opens.
    error SecretPollsCeremonyIncomplete(uint256 pollId, uint256 qualified, uint8 quorum);

    /// @notice The replaced ciphertexts supplied with a re-vote are not the nullifier's counted ballot (or a first
    /// ballot supplied some).
    error SecretPollsReplacedMismatch(uint256 pollId, uint256 nullifier);

    /// @notice A ballot's proofs do not show that each option holds 0 or 1 and that the choices follow the rule.
    error SecretPollsInvalidBallot(uint256 pollId, uint256 nullifier);

    /// @notice Decryption shares are posted and the tally opened only after the poll's close.
    error SecretPollsNotEnded(uint256 pollId, uint8 state);

    /// @notice The trustee is not in the qualified set.
    error SecretPollsNotQualified(uint256 pollId, uint256 trustee);

    /// @notice The trustee posted its decryption shares already.
    error SecretPollsSharesAlreadyPosted(uint256 pollId, uint256 trustee);

    /// @notice A decryption share's proof fails.
    error SecretPollsInvalidShare(uint256 pollId, uint256 trustee, uint256 option);

    /// @notice Fewer trustees than the quorum posted their shares.
    error SecretPollsQuorumNotReached(uint256 pollId, uint256 posted, uint8 quorum);

    /// @notice A posted count is not the one the trustees' shares decrypt (or exceeds the census).
    error SecretPollsCountMismatch(uint256 pollId, uint256 option, uint256 count);

    /// @notice The tally was opened already.
    error SecretPollsAlreadyOpened(uint256 pollId);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A secret poll was created with these trustees (numbered from 1 in this order) and quorum.
    event SecretPollCreated(uint256 indexed pollId, address[] trustees, uint8 quorum);

    /// @notice A trustee published its Feldman commitments and transport key, with their proofs of knowledge.
    event TrusteeAnnounced(
        uint256 indexed pollId,
        uint256 indexed trustee,
        uint256[2][] commitments,
        uint256[2] transportKey,
        uint256[2] coefficientProof,
        uint256[2] transportProof
    );

    /// @notice A trustee dealt its shares: entry `j − 1` is trustee `j`'s share `(R, ε)` (its own entry is unused).
    event SharesDealt(uint256 indexed pollId, uint256 indexed dealer, uint256[2][] ephemerals, uint256[] masked);

    /// @notice A complaint was judged: `upheld` excludes the dealer, otherwise the complaining trustee.
    event ComplaintJudged(
        uint256 indexed pollId,
        uint256 indexed dealer,
        uint256 indexed recipient,
        bool upheld,
        uint256[2] sharedPoint
    );

    /// @notice The ceremony was sealed: the qualified trustees (bit `j` for trustee `j`) and the election key.
    event CeremonySealed(uint256 indexed pollId, uint256 qualified, uint256[2] electionKey);

    /// @notice An encrypted ballot was counted; `digest` is its Semaphore message. A re-vote replaced the
    /// nullifier's earlier ballot (its ciphertexts are in the earlier event).
    event SecretBallotCast(
        uint256 indexed pollId,
        uint256 indexed nullifier,
        uint64 revision,
        uint256 digest,
        SecretBallot.Ciphertext[] ciphertexts
    );

    /// @notice A trustee posted verified decryption shares of the encrypted tally, one per option.
    event DecryptionSharesPosted(
        uint256 indexed pollId,
        uint256 indexed trustee,
        uint256[2][] shares,
        uint256[2][] proofs
    );

    /// @notice The tally was opened: these counts, decrypted by these trustees' shares.
    event TallyOpened(uint256 indexed pollId, uint256[] counts, uint256[] trustees);

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Publishes the calling trustee's commitments `A_0 … A_{t−1}`, its transport key and the Schnorr proofs of
     * knowledge of `a_0` and of the transport secret (docs/secret-ballot.md §3.1).
     * @dev Requirements: the contract is not paused; the caller is a trustee of the secret poll; the poll is in the
     * announce window; the trustee has not announced; `quorum` commitments, every point valid, the first and the
     * transport key not the point at infinity, both proofs verify.
     *
     * Emits a {TrusteeAnnounced} event.
     */
    function announceTrustee(
        uint256 pollId,
        uint256[2][] calldata commitments,
        uint256[2] calldata transportKey,
        uint256[2] calldata coefficientProof,
        uint256[2] calldata transportProof
    ) external;

    /**
     * @notice Publishes the calling trustee's encrypted shares, one entry per trustee in trustee order (§3.2).
     * @dev Requirements: the contract is not paused; the caller is a trustee who announced; the poll is in the deal
     * window; the trustee has not dealt; one entry per trustee. The entries are checked by their recipients, who
     * complain about a bad one.
     *
     * Emits a {SharesDealt} event.
     */
    function dealShares(uint256 pollId, uint256[2][] calldata ephemerals, uint256[] calldata masked) external;

    /**
     * @notice The calling trustee's complaint against `dealer`: the dealer's whole dealing as published, and the
     * revealed point `P = e·R` with a Chaum–Pedersen proof (§3.4). The contract judges it at once.
     * @dev Requirements: the contract is not paused; the caller is a trustee who announced and is not excluded; the
     * poll is in the complain window; the dealer dealt and is not excluded; the dealing is the published one; the
     * proof verifies.
     *
     * Emits a {ComplaintJudged} event.
     */
    function complain(
        uint256 pollId,
        uint256 dealer,
        uint256[2][] calldata ephemerals,
        uint256[] calldata masked,
        uint256[2] calldata sharedPoint,
        uint256[2] calldata proof
    ) external;

    /**
     * @notice Seals the ceremony: the qualified set, the election key and the summed commitments. Anyone may call it
     * once the poll is open; the first ballot or share does it otherwise.
     * @dev Requirements: the poll is a secret poll, open or past its close, not sealed; at least the quorum qualified.
     *
     * Emits a {CeremonySealed} event.
     */
    function sealCeremony(uint256 pollId) external;

    /**
     * @notice Posts the calling trustee's decryption shares of the encrypted tally, one per option, each with its
     * Chaum–Pedersen proof (§6.1).
     * @dev Requirements: the contract is not paused; the poll is past its close and not opened; the caller is a
     * qualified trustee who has not posted; one share and proof per option; every proof verifies against the
     * trustee's verification key from the commitments.
     *
     * Emits a {DecryptionSharesPosted} event.
     */
    function postDecryptionShares(uint256 pollId, uint256[2][] calldata shares, uint256[2][] calldata proofs) external;

    /**
     * @notice Opens the tally: anyone posts the counts, accepted only if the shares of the first `quorum` trustees
     * who posted decrypt every option's encrypted count to exactly that count (§6.2, §6.3).
     * @dev Requirements: the contract is not paused; the poll is past its close and not opened; at least the quorum
     * posted shares; one count per option, none above the census size, each the decrypted one.
     *
     * Emits a {TallyOpened} event.
     */
    function openTally(uint256 pollId, uint256[] calldata counts) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A secret poll's trustees, quorum, whether its ceremony is sealed and its tally opened, the qualified
    /// trustees (bit `j` for trustee `j`) and the election key (`[0, 0]` until sealed).
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
        );

    /// @notice A trustee's record: its steps, whether it was excluded, its transport key and commitments.
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
        );

    /// @notice The ends of the announce, deal and complain windows (the last is the poll's opening).
    function ceremonyWindows(
        uint256 pollId
    ) external view returns (uint40 announceUntil, uint40 dealUntil, uint40 complainUntil);

    /// @notice The encrypted tally, one ciphertext per option.
    function encryptedTally(uint256 pollId) external view returns (SecretBallot.Ciphertext[] memory);

    /// @notice The digest of a nullifier's counted ballot (zero for none).
    function secretBallotDigest(uint256 pollId, uint256 nullifier) external view returns (uint256);

    /// @notice The decryption shares a trustee posted (empty for none).
    function decryptionShares(uint256 pollId, uint256 trustee) external view returns (uint256[2][] memory);

    /// @notice The opened counts (empty until opened).
    function openedTally(uint256 pollId) external view returns (uint256[] memory);
}
