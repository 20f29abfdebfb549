import { expect } from "chai";
import { network } from "hardhat";

import {
  complain,
  complaintArguments,
  concludeCeremony,
  dealingArguments,
  type EncryptedShare,
  Fr,
  pointPair,
} from "../../src/elections/secret/index.js";
import { announce, deal, dealtShares, OPTIONS, secretPollFixture, type SecretPollFixture } from "./fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const Step = { Announce: 0, Deal: 1, Complain: 2 } as const;
const State = { Review: 1, Open: 2 } as const;

const fixture = () => secretPollFixture(connection);

/** Every trustee announced; now at the start of the deal window. */
async function announced(): Promise<SecretPollFixture> {
  const f = await networkHelpers.loadFixture(fixture);
  for (const index of [1, 2, 3]) await announce(f, index);
  await time.increaseTo(f.windows.announceUntil);
  return f;
}

/** The dealing of `dealer` from `shares`, as the contract's arguments. */
const dealingOf = (dealer: number, shares: readonly EncryptedShare[]) => dealingArguments(3, dealer, shares);

describe("Secret polls: creation and key ceremony", function () {
  it("an officer creates a secret poll whose trustees and quorum are fixed from creation", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    expect((await f.elections.poll(f.pollId)).secret).to.equal(true);
    expect((await f.elections.poll(1n)).secret).to.equal(false);
    const [trustees, quorum, sealed, opened, qualified, key] = await f.secret.secretPoll(f.pollId);
    expect(trustees).to.deep.equal(f.trusteeAddresses);
    expect(quorum).to.equal(2n);
    expect([sealed, opened, qualified, key]).to.deep.equal([false, false, 0n, [0n, 0n]]);
    await expect(f.officer.createSecretPoll(f.base, f.trusteeAddresses, 2))
      .to.emit(f.secret, "SecretPollCreated")
      .withArgs(3n, f.trusteeAddresses, 2);
    await expect(f.secret.secretPoll(1n)).to.be.revertedWithCustomError(f.secret, "SecretPollsNotSecret").withArgs(1n);
  });

  it("refuses a secret poll from a non-officer, a budget poll, and a bad trustee list, naming the values", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const outsider = f.accounts.outsider;
    await expect(f.elections.connect(outsider).createSecretPoll(f.base, f.trusteeAddresses, 2))
      .to.be.revertedWithCustomError(f.elections, "AccessManagedUnauthorized")
      .withArgs(outsider.address);
    const budget = { ...f.base, rule: 2, budget: 100n, costs: Array(OPTIONS).fill(10n) };
    await expect(f.officer.createSecretPoll(budget, f.trusteeAddresses, 2)).to.be.revertedWithCustomError(
      f.elections,
      "ElectionsSecretBudgetPoll",
    );
    await expect(f.officer.createSecretPoll(f.base, [], 1))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidTrustees")
      .withArgs(0n, 1);
    await expect(f.officer.createSecretPoll(f.base, f.trusteeAddresses, 4))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidTrustees")
      .withArgs(3n, 4);
    await expect(f.officer.createSecretPoll(f.base, f.trusteeAddresses, 0))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidTrustees")
      .withArgs(3n, 0);
    const [alice, bob] = f.trusteeAddresses;
    await expect(f.officer.createSecretPoll(f.base, [alice!, bob!, alice!], 2))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidTrustee")
      .withArgs(alice);
    await expect(f.officer.createSecretPoll(f.base, [alice!, ethers.ZeroAddress], 2))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidTrustee")
      .withArgs(ethers.ZeroAddress);
  });

  it("the library's restricted entries refuse a call that does not come from the contract's own write", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const library = new ethers.Interface([
      "function setUpSecretPoll(uint256,address[],uint8,uint8,uint8,uint32,uint40)",
    ]);
    const setUp = library.encodeFunctionData("setUpSecretPoll", [1n, [f.accounts.outsider.address], 1, 5, 1, 4, 1000]);
    await expect(
      f.accounts.outsider.sendTransaction({ to: await f.elections.getAddress(), data: setUp }),
    ).to.be.revertedWithCustomError(f.secret, "SecretPollsNotFromElections");
    // recordSecretBallot's selector is the library's own (its structs are named in the signature).
    const signature =
      "recordSecretBallot(uint256,uint64,SecretBallot.Ciphertext[],SecretBallot.RangeProof[],SecretBallot.RangeProof,SecretBallot.Ciphertext[],IElections.BallotProof)";
    const castData = f.elections.interface.encodeFunctionData("castSecretBallot", [
      f.pollId,
      1n,
      [],
      [],
      { commitments: [], challenges: [], responses: [] },
      [],
      { merkleTreeDepth: 2n, merkleTreeRoot: 1n, nullifier: 1n, message: 1n, scope: 1n, points: Array(8).fill(0n) },
    ]);
    const record = ethers.id(signature).slice(0, 10) + castData.slice(10);
    await expect(
      f.accounts.outsider.sendTransaction({ to: await f.elections.getAddress(), data: record }),
    ).to.be.revertedWithCustomError(f.secret, "SecretPollsNotFromElections");
  });

  it("a trustee announces in the first third of the review, once, with valid proofs; others are refused", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await expect(announce(f, 1)).to.emit(f.secret, "TrusteeAnnounced");
    await expect(announce(f, 1))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsAlreadyAnnounced")
      .withArgs(f.pollId, 1n);
    await expect(
      f.secret.announceTrustee(
        f.pollId,
        [
          [1n, 2n],
          [1n, 2n],
        ],
        [1n, 2n],
        [0n, 0n],
        [0n, 0n],
      ),
    )
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotTrustee")
      .withArgs(f.pollId, f.accounts.outsider.address);
    await expect(f.secret.connect(f.trusteeSigners[0]!).announceTrustee(1n, [[1n, 2n]], [1n, 2n], [0n, 0n], [0n, 0n]))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotSecret")
      .withArgs(1n);
    // A forged proof of knowledge (the challenge moved by one) and a wrong number of commitments.
    const a = f.announcements[1]!;
    const bob = f.secret.connect(f.trusteeSigners[1]!);
    const commitments = a.commitments.map(pointPair);
    const forged = [Fr.add(a.coefficientProof.challenge, 1n), a.coefficientProof.response] as const;
    const transport = [a.transportProof.challenge, a.transportProof.response] as const;
    await expect(bob.announceTrustee(f.pollId, commitments, pointPair(a.transportKey), [...forged], [...transport]))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidAnnouncement")
      .withArgs(f.pollId, 2n);
    const good: [bigint, bigint] = [a.coefficientProof.challenge, a.coefficientProof.response];
    await expect(
      bob.announceTrustee(f.pollId, commitments.slice(0, 1), pointPair(a.transportKey), good, [...transport]),
    )
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidAnnouncement")
      .withArgs(f.pollId, 2n);
    // The last second of the window, then its end.
    await time.setNextBlockTimestamp(f.windows.announceUntil - 1);
    await expect(announce(f, 2)).to.emit(f.secret, "TrusteeAnnounced");
    await time.setNextBlockTimestamp(f.windows.announceUntil);
    const created = Number((await f.elections.poll(f.pollId)).createdAt);
    await expect(announce(f, 3))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Announce, created, f.windows.announceUntil);
  });

  it("a trustee who announced deals in the second third, once, one entry per trustee", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    for (const index of [1, 2]) await announce(f, index);
    const shares = dealtShares(f);
    await time.setNextBlockTimestamp(f.windows.announceUntil - 1);
    await expect(deal(f, 1, shares))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Deal, f.windows.announceUntil, f.windows.dealUntil);
    await time.setNextBlockTimestamp(f.windows.announceUntil);
    await expect(deal(f, 1, shares)).to.emit(f.secret, "SharesDealt");
    await expect(deal(f, 1, shares))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsAlreadyDealt")
      .withArgs(f.pollId, 1n);
    await expect(deal(f, 3, shares))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotAnnounced")
      .withArgs(f.pollId, 3n);
    const { ephemerals, masked } = dealingOf(2, shares);
    await expect(f.secret.connect(f.trusteeSigners[1]!).dealShares(f.pollId, ephemerals.slice(1), masked.slice(1)))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsLengthMismatch")
      .withArgs(f.pollId, 2n, 3n);
    await time.setNextBlockTimestamp(f.windows.dealUntil - 1);
    await expect(deal(f, 2, shares)).to.emit(f.secret, "SharesDealt");
    await time.setNextBlockTimestamp(f.windows.dealUntil);
    await expect(f.secret.connect(f.trusteeSigners[0]!).dealShares(f.pollId, ephemerals, masked))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Deal, f.windows.announceUntil, f.windows.dealUntil);
  });

  it("a dealer's bad share is named and the dealer excluded; the key is the other two trustees'", async function () {
    const f = await announced();
    const honest = dealtShares(f);
    // Trustee 3 deals trustee 1 a share that does not match its commitments.
    const bad = honest.map((s) => (s.dealer === 3 && s.recipient === 1 ? { ...s, masked: Fr.add(s.masked, 1n) } : s));
    for (const index of [1, 2, 3]) await deal(f, index, bad);
    const badShare = bad.find((s) => s.dealer === 3 && s.recipient === 1)!;
    const complaint = complain(f.ceremony, f.secrets[0]!, badShare);
    const args = complaintArguments(complaint);
    const dealing = dealingOf(3, bad);
    const alice = f.secret.connect(f.trusteeSigners[0]!);
    await time.setNextBlockTimestamp(f.windows.dealUntil - 1);
    await expect(alice.complain(f.pollId, 3n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsOutsideStep")
      .withArgs(f.pollId, Step.Complain, f.windows.dealUntil, f.windows.opensAt);
    await time.setNextBlockTimestamp(f.windows.dealUntil);
    // A dealing other than the published one, and a proof that does not hold.
    const other = dealingOf(2, bad);
    await expect(alice.complain(f.pollId, 3n, other.ephemerals, other.masked, args.sharedPoint, args.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsDealingMismatch")
      .withArgs(f.pollId, 3n);
    const wrongProof: [bigint, bigint] = [args.proof[0], Fr.add(args.proof[1], 1n)];
    await expect(alice.complain(f.pollId, 3n, dealing.ephemerals, dealing.masked, args.sharedPoint, wrongProof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsMalformedComplaint")
      .withArgs(f.pollId, 3n, 1n);
    await expect(alice.complain(f.pollId, 1n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotDealt")
      .withArgs(f.pollId, 1n);
    await expect(alice.complain(f.pollId, 3n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof))
      .to.emit(f.secret, "ComplaintJudged")
      .withArgs(f.pollId, 3n, 1n, true, args.sharedPoint);
    await expect(alice.complain(f.pollId, 3n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsExcluded")
      .withArgs(f.pollId, 3n);
    expect((await f.secret.trusteeRecord(f.pollId, 3n)).excluded).to.equal(true);

    await expect(f.secret.sealCeremony(f.pollId))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsCannotSeal")
      .withArgs(f.pollId, State.Review);
    await time.increaseTo(f.windows.opensAt);
    const outcome = concludeCeremony({
      ceremony: f.ceremony,
      announcements: f.announcements,
      shares: bad,
      complaints: [complaint],
    });
    expect(outcome.qualified).to.deep.equal([1, 2]);
    await expect(f.secret.sealCeremony(f.pollId))
      .to.emit(f.secret, "CeremonySealed")
      .withArgs(f.pollId, 0b110n, pointPair(outcome.electionKey));
    await expect(f.secret.sealCeremony(f.pollId))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsCannotSeal")
      .withArgs(f.pollId, State.Open);
  });

  it("a false complaint excludes the accuser; with fewer qualified trustees than the quorum the poll never opens", async function () {
    const f = await announced();
    const honest = dealtShares(f);
    await deal(f, 1, honest);
    await deal(f, 2, honest); // trustee 3 never deals
    await time.increaseTo(f.windows.dealUntil);
    const share = honest.find((s) => s.dealer === 1 && s.recipient === 2)!;
    const complaint = complain(f.ceremony, f.secrets[1]!, share);
    const args = complaintArguments(complaint);
    const dealing = dealingOf(1, honest);
    await expect(
      f.secret
        .connect(f.trusteeSigners[1]!)
        .complain(f.pollId, 1n, dealing.ephemerals, dealing.masked, args.sharedPoint, args.proof),
    )
      .to.emit(f.secret, "ComplaintJudged")
      .withArgs(f.pollId, 1n, 2n, false, args.sharedPoint);
    expect((await f.secret.trusteeRecord(f.pollId, 2n)).excluded).to.equal(true);
    await time.increaseTo(f.windows.opensAt);
    await expect(f.secret.sealCeremony(f.pollId))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsCeremonyIncomplete")
      .withArgs(f.pollId, 1n, 2);
  });

  it("ceremony writes wait while the contract is paused", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await f.elections.connect(f.accounts.guardian).pause();
    await expect(announce(f, 1)).to.be.revertedWithCustomError(f.elections, "EnforcedPause");
  });
});
