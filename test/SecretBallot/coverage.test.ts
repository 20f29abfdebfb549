import { expect } from "chai";
import { network } from "hardhat";

import {
  complain,
  decryptionShares,
  encodeAnnouncement,
  encodeCiphertext,
  encodeDecryptionShares,
  encodePoint,
  encodeProof,
  Fr,
  KNOWLEDGE_TAGS,
  Point,
  prepareBallot,
} from "../../src/elections/secret/index.js";
import { runCeremony, secretPoll } from "./helpers.js";

const { ethers, networkHelpers } = await network.create();
const Verdict = { Malformed: 0n, Upheld: 1n } as const;
/** The group order r and the field prime p: a value moved up by either is the same value once reduced. */
const r = Fr.ORDER;
const p = Point.Fp.ORDER;

/** The harness and a 3-of-2 ceremony at its address, where dealer 2 cheats recipient 3, who complains. */
async function harnessFixture() {
  const harness = await ethers.deployContract("SecretBallotHarness");
  const location = {
    chainId: (await ethers.provider.getNetwork()).chainId,
    contract: await harness.getAddress(),
    pollId: 42n,
  };
  const run = runCeremony({
    location,
    trustees: 3,
    quorum: 2,
    tamper: (shares) =>
      shares.map((s) => (s.dealer === 2 && s.recipient === 3 ? { ...s, masked: Fr.add(s.masked, 1n) } : s)),
    complaints: ({ ceremony, secrets, shares }) => [
      complain(
        ceremony,
        secrets[2]!,
        shares.find((s) => s.dealer === 2 && s.recipient === 3)!,
      ),
    ],
  });
  return { harness, location, run, poll: secretPoll(run) };
}

/** A tag as the bytes32 the harness takes. */
const toBytes32 = (value: bigint) => `0x${value.toString(16).padStart(64, "0")}`;

describe("SecretBallot: inputs refused before any arithmetic", function () {
  it("refuses a proof of knowledge whose challenge or response is moved up by r, though equal modulo r", async function () {
    const { harness, location, run } = await networkHelpers.loadFixture(harnessFixture);
    const words = encodeAnnouncement(run.announcements[0]!);
    const { challenge, response } = words.coefficientProof;
    const verify = (proof: { challenge: bigint; response: bigint }) =>
      harness.verifyKnowledge(
        location.pollId,
        3,
        2,
        toBytes32(KNOWLEDGE_TAGS.coefficient),
        words.index,
        words.commitments[0]!,
        proof,
      );
    expect(await verify({ challenge, response })).to.equal(true);
    expect(await verify({ challenge: challenge + r, response })).to.equal(false);
    expect(await verify({ challenge, response: response + r })).to.equal(false);
  });

  it("refuses a point whose coordinate is moved up by p, though it lies on the curve once reduced", async function () {
    const { harness, location, run } = await networkHelpers.loadFixture(harnessFixture);
    const words = encodeAnnouncement(run.announcements[0]!);
    const point = words.commitments[0]!;
    const verify = (candidate: { x: bigint; y: bigint }) =>
      harness.verifyKnowledge(
        location.pollId,
        3,
        2,
        toBytes32(KNOWLEDGE_TAGS.coefficient),
        words.index,
        candidate,
        words.coefficientProof,
      );
    expect(await verify(point)).to.equal(true);
    expect(await verify({ x: point.x + p, y: point.y })).to.equal(false);
    expect(await verify({ x: point.x, y: point.y + p })).to.equal(false);
  });

  it("judges a complaint malformed when a point is off the curve or its proof's challenge or response is not below r", async function () {
    const { harness, location, run } = await networkHelpers.loadFixture(harnessFixture);
    const complaint = run.complaints[0]!;
    const share = run.shares.find((s) => s.dealer === 2 && s.recipient === 3)!;
    const proof = encodeProof(complaint.proof);
    const honest = {
      dealer: 2,
      recipient: 3,
      transportKey: encodePoint(run.announcements[2]!.transportKey),
      ephemeral: encodePoint(share.ephemeral),
      masked: share.masked,
      sharedPoint: encodePoint(complaint.sharedPoint),
      proof,
    };
    const commitments = run.announcements[1]!.commitments.map(encodePoint);
    const judge = (changes: Partial<typeof honest>) =>
      harness.judgeComplaint(location.pollId, 3, 2, { ...honest, ...changes }, commitments);
    expect(await judge({})).to.equal(Verdict.Upheld);
    const offCurve = { x: 1n, y: 3n };
    expect(await judge({ sharedPoint: offCurve })).to.equal(Verdict.Malformed);
    expect(await judge({ ephemeral: offCurve })).to.equal(Verdict.Malformed);
    expect(await judge({ transportKey: offCurve })).to.equal(Verdict.Malformed);
    expect(await judge({ proof: { challenge: proof.challenge + r, response: proof.response } })).to.equal(
      Verdict.Malformed,
    );
    expect(await judge({ proof: { challenge: proof.challenge, response: proof.response + r } })).to.equal(
      Verdict.Malformed,
    );
  });

  describe("decryption shares", function () {
    /** One option's tally (a ballot's first ciphertext), trustee 1's share of it and the arguments of the check. */
    async function shareFixture() {
      const f = await networkHelpers.loadFixture(harnessFixture);
      const prepared = prepareBallot({ poll: f.poll, options: [0], nullifier: 1n, revision: 1n });
      const tally = prepared.ballot.ciphertexts.slice(0, 1);
      const keyShare = f.run.keyShares.get(1)!;
      const words = encodeDecryptionShares(decryptionShares({ poll: f.poll, tally, trustee: 1, keyShare }));
      const verify = (
        tallyWords: ReturnType<typeof encodeCiphertext>[],
        shares: { x: bigint; y: bigint }[],
        proofs: { challenge: bigint; response: bigint }[],
      ) =>
        f.harness.verifyShares(
          f.location.pollId,
          encodePoint(f.poll.electionKey),
          1,
          tallyWords,
          encodePoint(f.run.outcome.verificationKeys.get(1)!),
          shares,
          proofs,
        );
      return { ...f, tally: tally.map(encodeCiphertext), share: words.shares[0]!, proof: words.proofs[0]!, verify };
    }

    it("refuses a share off the curve, or a proof whose challenge or response is not below r", async function () {
      const { tally, share, proof, verify } = await shareFixture();
      expect((await verify(tally, [share], [proof]))[0]).to.equal(true);
      expect((await verify(tally, [{ x: share.x + p, y: share.y }], [proof]))[0]).to.equal(false);
      expect(
        (await verify(tally, [share], [{ challenge: proof.challenge + r, response: proof.response }]))[0],
      ).to.equal(false);
      expect(
        (await verify(tally, [share], [{ challenge: proof.challenge, response: proof.response + r }]))[0],
      ).to.equal(false);
    });

    it("reverts with ecMul's number when the tally it takes on trust holds a point off the curve", async function () {
      const { harness, tally, share, proof, verify } = await shareFixture();
      const offCurve = [{ a: { x: 1n, y: 3n }, b: tally[0]!.b }];
      await expect(verify(offCurve, [share], [proof]))
        .to.be.revertedWithCustomError(harness, "SecretBallotPrecompileFailed")
        .withArgs(7);
    });
  });

  it("subtracts the empty ciphertext, the point at infinity twice, as nothing", async function () {
    const { harness, poll } = await networkHelpers.loadFixture(harnessFixture);
    const prepared = prepareBallot({ poll, options: [1], nullifier: 1n, revision: 1n });
    const left = prepared.ballot.ciphertexts.map(encodeCiphertext);
    const infinity = left.map(() => ({ a: { x: 0n, y: 0n }, b: { x: 0n, y: 0n } }));
    const difference = await harness.subtractAll(left, infinity);
    expect(difference.map((c) => [c.a.x, c.a.y, c.b.x, c.b.y])).to.deep.equal(
      left.map((c) => [c.a.x, c.a.y, c.b.x, c.b.y]),
    );
  });
});
