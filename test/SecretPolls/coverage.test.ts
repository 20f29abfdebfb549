import { expect } from "chai";
import { network } from "hardhat";

import type { BallotProof } from "../../src/elections/index.js";
import {
  ballotArguments,
  ciphertextsFromChain,
  combineKeyShare,
  complain,
  complaintArguments,
  concludeCeremony,
  dealingArguments,
  decryptionShareArguments,
  decryptionShares,
  type EncryptedShare,
  G,
  pointPair,
  prepareBallot,
  type SecretBallot,
  type SecretPoll,
} from "../../src/elections/secret/index.js";
import { announce, deal, dealtShares, OPTIONS, secretPollFixture, type SecretPollFixture } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;
const Step = { Complain: 2 } as const;
const State = { Open: 2 } as const;

const fixture = () => secretPollFixture(connection);

/** Trustees 1 and 2 announce and deal; trustee 3 announces only if `thirdAnnounces`, and never deals. */
async function dealtByTwo(f: SecretPollFixture, thirdAnnounces: boolean) {
  for (const index of thirdAnnounces ? [1, 2, 3] : [1, 2]) await announce(f, index);
  await time.increaseTo(f.windows.announceUntil);
  const shares = dealtShares(f).filter((s) => s.dealer !== 3);
  for (const index of [1, 2]) await deal(f, index, shares);
  return { ...f, shares };
}

/** Every trustee announced and dealt honestly; now at the start of the complaint window. */
async function allDealt() {
  const f = await secretPollFixture(connection);
  for (const index of [1, 2, 3]) await announce(f, index);
  await time.increaseTo(f.windows.announceUntil);
  const shares = dealtShares(f);
  for (const index of [1, 2, 3]) await deal(f, index, shares);
  await time.increaseTo(f.windows.dealUntil);
  return { ...f, shares };
}

/** Trustees 1 and 2 announced and dealt, trustee 3 announced and did not deal; nobody sealed the ceremony. */
const twoQualified = async () => dealtByTwo(await secretPollFixture(connection), true);

/** The poll as voters see it and the qualified trustees' key shares, from the ceremony computed off chain. */
function offChainOutcome(f: SecretPollFixture, shares: readonly EncryptedShare[]) {
  const outcome = concludeCeremony({ ceremony: f.ceremony, announcements: f.announcements, shares, complaints: [] });
  const keyShares = new Map(
    outcome.qualified.map((j) => [
      j,
      combineKeyShare({
        ceremony: f.ceremony,
        secret: f.secrets[j - 1]!,
        outcome,
        shares,
        announcements: f.announcements,
      }),
    ]),
  );
  const poll: SecretPoll = {
    location: f.ceremony.location,
    electionKey: outcome.electionKey,
    rule: "SingleChoice",
    optionCount: OPTIONS,
    maxChoices: 0,
  };
  return { outcome, keyShares, poll };
}

/** castSecretBallot with a first ballot under Semaphore points that are worthless (checked after the ballot). */
function castUnproven(f: SecretPollFixture, ballot: SecretBallot, nullifier: bigint, digest: bigint) {
  const words = ballotArguments(ballot);
  const proof: BallotProof = {
    merkleTreeDepth: 2n,
    merkleTreeRoot: f.census.root,
    nullifier,
    message: digest,
    scope: f.scope,
    points: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
  };
  return f.elections.castSecretBallot(f.pollId, 1n, words.ciphertexts, words.optionProofs, words.ruleProof, [], proof);
}

describe("Secret polls: the remaining ceremony and opening paths", function () {
  it("a trustee who did not announce cannot complain, from the first second of the complaint window", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const { shares } = await dealtByTwo(f, false);
    const share = shares.find((s) => s.dealer === 1 && s.recipient === 3)!;
    const args = complaintArguments(complain(f.ceremony, f.secrets[2]!, share));
    const dealing = dealingArguments(3, 1, shares);
    const carol = f.secret.connect(f.trusteeSigners[2]!);
    const complainAsCarol = () =>
      carol.complain(f.pollId, 1n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof);
    await time.setNextBlockTimestamp(f.windows.dealUntil - 1);
    await expect(complainAsCarol())
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Complain, f.windows.dealUntil, f.windows.opensAt);
    await time.setNextBlockTimestamp(f.windows.dealUntil);
    await expect(complainAsCarol())
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotAnnounced")
      .withArgs(f.pollId, 3n);
  });

  it("a trustee excluded for a false complaint cannot complain again, to the last second of the window", async function () {
    const f = await networkHelpers.loadFixture(allDealt);
    const bob = f.secret.connect(f.trusteeSigners[1]!);
    const complaintOf = (dealer: number) =>
      complaintArguments(
        complain(
          f.ceremony,
          f.secrets[1]!,
          f.shares.find((s) => s.dealer === dealer && s.recipient === 2)!,
        ),
      );
    const complainAsBob = (dealer: number) => {
      const args = complaintOf(dealer);
      const dealing = dealingArguments(3, dealer, f.shares);
      return bob.complain(f.pollId, BigInt(dealer), dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof);
    };
    // Trustee 1's share to bob is good: the complaint is dismissed and bob excluded.
    await expect(complainAsBob(1))
      .to.emit(f.secret, "ComplaintJudged")
      .withArgs(f.pollId, 1n, 2n, false, complaintOf(1).sharedPoint);
    await time.setNextBlockTimestamp(f.windows.opensAt - 1);
    await expect(complainAsBob(3))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsExcluded")
      .withArgs(f.pollId, 2n);
    await time.setNextBlockTimestamp(f.windows.opensAt);
    await expect(complainAsBob(3))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Complain, f.windows.dealUntil, f.windows.opensAt);
    expect((await f.secret.trusteeRecord(f.pollId, 3n)).excluded).to.equal(false);
  });

  it("the first ballot seals a ceremony nobody sealed and is checked under the key it sets", async function () {
    const f = await networkHelpers.loadFixture(allDealt);
    const { poll } = offChainOutcome(f, f.shares);
    const nullifier = 4242n;
    const prepared = prepareBallot({ poll, options: [2], nullifier, revision: 1n });
    await time.setNextBlockTimestamp(f.windows.opensAt - 1);
    await expect(castUnproven(f, prepared.ballot, nullifier, prepared.digest))
      .to.be.revertedWithCustomError(f.elections, "ElectionsPollNotOpen")
      .withArgs(f.pollId, f.windows.opensAt);
    // At the opening: the ballot's proofs hold under the sealed key, so only the worthless Semaphore points fail.
    await time.setNextBlockTimestamp(f.windows.opensAt);
    await expect(castUnproven(f, prepared.ballot, nullifier, prepared.digest))
      .to.be.revertedWithCustomError(f.elections, "ElectionsInvalidProof")
      .withArgs(f.pollId, nullifier);
  });

  it("the first ballot cannot seal a ceremony that fell short of the quorum", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await announce(f, 1);
    // Any well-formed ballot: the seal reverts before the ballot is looked at.
    const poll: SecretPoll = {
      location: f.ceremony.location,
      electionKey: G,
      rule: "SingleChoice",
      optionCount: OPTIONS,
      maxChoices: 0,
    };
    const nullifier = 4243n;
    const prepared = prepareBallot({ poll, options: [0], nullifier, revision: 1n });
    await time.setNextBlockTimestamp(f.windows.opensAt);
    await expect(castUnproven(f, prepared.ballot, nullifier, prepared.digest))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsCeremonyIncomplete")
      .withArgs(f.pollId, 0n, 2);
  });

  it("the first decryption share seals a ceremony nobody sealed, and a poll without ballots opens to zeros", async function () {
    const f = await networkHelpers.loadFixture(twoQualified);
    const { outcome, keyShares, poll } = offChainOutcome(f, f.shares);
    const [, closesAt] = await f.elections.pollWindow(f.pollId);
    // Before the seal the encrypted tally reads as empty.
    const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
    expect(tally.every((c) => c.a.is0() && c.b.is0())).to.equal(true);
    expect(tally).to.have.length(OPTIONS);
    const posted = (j: number) =>
      decryptionShareArguments(decryptionShares({ poll, tally, trustee: j, keyShare: keyShares.get(j)! }));
    const as = (j: number) => f.secret.connect(f.trusteeSigners[j - 1]!);
    await time.setNextBlockTimestamp(closesAt - 1n);
    await expect(as(1).postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotEnded")
      .withArgs(f.pollId, State.Open);
    await time.setNextBlockTimestamp(closesAt);
    await expect(as(1).postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs))
      .to.emit(f.secret, "CeremonySealed")
      .withArgs(f.pollId, 0b110n, pointPair(outcome.electionKey))
      .and.to.emit(f.secret, "DecryptionSharesPosted");
    expect((await f.secret.secretPoll(f.pollId)).ceremonySealed).to.equal(true);
    expect(await f.secret.decryptionShares(f.pollId, 1n)).to.deep.equal(posted(1).shares);
    expect(await f.secret.decryptionShares(f.pollId, 2n)).to.deep.equal([]);
    await as(2).postDecryptionShares(f.pollId, posted(2).shares, posted(2).proofs);
    expect(await f.secret.decryptionShares(f.pollId, 2n)).to.deep.equal(posted(2).shares);
    const zeros = Array(OPTIONS).fill(0n);
    await expect(f.secret.openTally(f.pollId, zeros))
      .to.emit(f.secret, "TallyOpened")
      .withArgs(f.pollId, zeros, [1n, 2n]);
  });

  it("a trustee outside the qualified set cannot post decryption shares", async function () {
    const f = await networkHelpers.loadFixture(twoQualified);
    await time.increaseTo(f.closesAt);
    await f.secret.sealCeremony(f.pollId);
    const [, , , , qualified] = await f.secret.secretPoll(f.pollId);
    expect(qualified).to.equal(0b110n);
    const shares = Array.from({ length: OPTIONS }, () => [0n, 0n] as [bigint, bigint]);
    await expect(f.secret.connect(f.trusteeSigners[2]!).postDecryptionShares(f.pollId, shares, shares))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotQualified")
      .withArgs(f.pollId, 3n);
  });

  it("decryption shares or proofs of another count than the options are refused, naming the counts", async function () {
    const f = await networkHelpers.loadFixture(twoQualified);
    const { keyShares, poll } = offChainOutcome(f, f.shares);
    await time.increaseTo(f.closesAt);
    await f.secret.sealCeremony(f.pollId);
    const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
    const { shares, proofs } = decryptionShareArguments(
      decryptionShares({ poll, tally, trustee: 1, keyShare: keyShares.get(1)! }),
    );
    const alice = f.secret.connect(f.trusteeSigners[0]!);
    await expect(alice.postDecryptionShares(f.pollId, shares.slice(1), proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsLengthMismatch")
      .withArgs(f.pollId, OPTIONS - 1, OPTIONS);
    await expect(alice.postDecryptionShares(f.pollId, shares, proofs.slice(1)))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsLengthMismatch")
      .withArgs(f.pollId, OPTIONS, OPTIONS);
    await expect(alice.postDecryptionShares(f.pollId, shares, proofs)).to.emit(f.secret, "DecryptionSharesPosted");
  });
});
