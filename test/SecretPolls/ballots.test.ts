import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { id, keccak256, solidityPacked } from "ethers";
import { network } from "hardhat";

import { ballotNullifier, type BallotProof, releaseProver } from "../../src/elections/index.js";
import {
  ballotArguments,
  ballotDigest,
  ciphertextsFromChain,
  decryptionShareArguments,
  decryptionShares,
  openTally,
  pointPair,
  encodeSecretBallot,
  prepareBallot,
  type PreparedBallot,
  sendSecretBallot,
  type SecretBallot,
  subtractCiphertexts,
  addCiphertexts,
  ciphertextsEqual,
} from "../../src/elections/secret/index.js";
import { fixedIdentity, offline, proveBallot } from "../helpers/ballots.js";
import {
  ballotStructs,
  digestOfWords,
  forgeBallot,
  forgeCancelling,
  tamperedBallots,
} from "../SecretBallot/helpers.js";
import { OPTIONS, sealedPollFixture, type SealedPollFixture } from "./fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;
const State = { Open: 2 } as const;

const fixture = () => sealedPollFixture(connection);

/** A Semaphore proof whose points are worthless: the contract's checks before the proof's see it as real. */
function forgedSemaphore(f: SealedPollFixture, nullifier: bigint, message: bigint): BallotProof {
  return {
    merkleTreeDepth: 2n,
    merkleTreeRoot: f.census.root,
    nullifier,
    message,
    scope: f.scope,
    points: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
  };
}

/** castSecretBallot's arguments. */
function cast(
  f: SealedPollFixture,
  revision: bigint,
  ballot: SecretBallot,
  replaced: SecretBallot | null,
  proof: BallotProof,
) {
  return sendSecretBallot(f.elections, {
    pollId: f.pollId,
    prepared: { ballot, revision },
    proof,
    replaced: replaced?.ciphertexts,
  });
}

interface Voter {
  readonly nullifier: bigint;
  readonly prepared: PreparedBallot;
  readonly proof: BallotProof;
}

describe("Secret polls: encrypted ballots, re-votes and the opening", function () {
  let adaFirst: Voter;
  let adaAgain: Voter;
  let bo: Voter;

  before(async function () {
    this.timeout(300_000); // three real proofs
    const f = await networkHelpers.loadFixture(fixture);
    const members = f.census.members;
    const voter = async (label: string, option: number, revision: bigint): Promise<Voter> => {
      const identity = fixedIdentity(label);
      const nullifier = ballotNullifier(identity, f.scope);
      const prepared = prepareBallot({ poll: f.poll, options: [option], nullifier, revision });
      const proof = await proveBallot({
        identity,
        census: members,
        ballot: 0n,
        message: prepared.digest,
        scope: f.scope,
        revision,
      });
      return { nullifier, prepared, proof };
    };
    const run = await offline(async () => ({
      adaFirst: await voter("ada", 0, 1n),
      adaAgain: await voter("ada", 2, 2n),
      bo: await voter("bo", 0, 1n),
    }));
    ({ adaFirst, adaAgain, bo } = run.result);
  });

  after(async function () {
    await releaseProver();
  });

  /** The fixture with ada's first, bo's and ada's re-vote counted. */
  async function voted(): Promise<SealedPollFixture> {
    const f = await networkHelpers.loadFixture(fixture);
    await cast(f, 1n, adaFirst.prepared.ballot, null, adaFirst.proof);
    await cast(f, 1n, bo.prepared.ballot, null, bo.proof);
    await cast(f, 2n, adaAgain.prepared.ballot, adaFirst.prepared.ballot, adaAgain.proof);
    return f;
  }

  it("the ceremony sealed at the opening gives the election key every trustee computes", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const [, , sealed, , qualified, key] = await f.secret.secretPoll(f.pollId);
    expect([sealed, qualified]).to.deep.equal([true, 0b1110n]);
    expect(key).to.deep.equal(pointPair(f.outcome.electionKey));
  });

  it("an encrypted ballot counts: the tally holds its ciphertexts and nothing of the choice is readable", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const tx = cast(f, 1n, adaFirst.prepared.ballot, null, adaFirst.proof);
    await expect(tx)
      .to.emit(f.secret, "SecretBallotCast")
      .withArgs(f.pollId, adaFirst.nullifier, 1n, adaFirst.prepared.digest, anyValue);
    const receipt = await (await tx).wait();
    console.log(`      castSecretBallot, ${OPTIONS} options, first ballot of the poll: ${receipt!.gasUsed} gas`);
    const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
    expect(tally.every((c, i) => ciphertextsEqual(c, adaFirst.prepared.ballot.ciphertexts[i]!))).to.equal(true);
    expect(await f.secret.secretBallotDigest(f.pollId, adaFirst.nullifier)).to.equal(adaFirst.prepared.digest);
    expect(await f.elections.latestRevision(f.pollId, adaFirst.nullifier)).to.equal(1n);
    expect((await f.elections.poll(f.pollId)).ballots).to.equal(1n);
    const [votes] = await f.elections.tally(f.pollId);
    expect(votes).to.deep.equal(Array(OPTIONS).fill(0n));
  });

  it("a re-vote takes the replaced ballot out of the tally; its gas is measured", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await cast(f, 1n, adaFirst.prepared.ballot, null, adaFirst.proof);
    const second = await (await cast(f, 1n, bo.prepared.ballot, null, bo.proof)).wait();
    console.log(`      castSecretBallot, ${OPTIONS} options, a later first ballot: ${second!.gasUsed} gas`);
    const revote = await (await cast(f, 2n, adaAgain.prepared.ballot, adaFirst.prepared.ballot, adaAgain.proof)).wait();
    console.log(`      castSecretBallot, ${OPTIONS} options, a re-vote: ${revote!.gasUsed} gas`);
    // docs/secret-ballot.md §10: 739,700 for a first ballot, 717,200 for a re-vote (760,000 and 737,600 before the
    // batch check, 833,500 before the assembly verifier and the compressed tally); the bounds leave room for
    // coverage's instrumentation (29,000 gas more before the batch check).
    expect(second!.gasUsed).to.be.below(775_000n);
    expect(revote!.gasUsed).to.be.below(755_000n);
    const expected = adaAgain.prepared.ballot.ciphertexts.map((c, i) =>
      addCiphertexts(c, bo.prepared.ballot.ciphertexts[i]!),
    );
    const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
    expect(tally.every((c, i) => ciphertextsEqual(c, expected[i]!))).to.equal(true);
    expect((await f.elections.poll(f.pollId)).ballots).to.equal(2n);
    // The replayed first ballot is refused.
    await expect(cast(f, 1n, adaFirst.prepared.ballot, null, adaFirst.proof))
      .to.be.revertedWithCustomError(f.elections, "ElectionsStaleRevision")
      .withArgs(f.pollId, adaFirst.nullifier, 1n, 2n);
  });

  it("a re-vote must supply the counted ballot it replaces, and a first ballot none", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    await expect(cast(f, 1n, adaFirst.prepared.ballot, bo.prepared.ballot, adaFirst.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsReplacedMismatch")
      .withArgs(f.pollId, adaFirst.nullifier);
    await cast(f, 1n, adaFirst.prepared.ballot, null, adaFirst.proof);
    await cast(f, 1n, bo.prepared.ballot, null, bo.proof);
    await expect(cast(f, 2n, adaAgain.prepared.ballot, bo.prepared.ballot, adaAgain.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsReplacedMismatch")
      .withArgs(f.pollId, adaFirst.nullifier);
    await expect(cast(f, 2n, adaAgain.prepared.ballot, null, adaAgain.proof))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsReplacedMismatch")
      .withArgs(f.pollId, adaFirst.nullifier);
  });

  it("ciphertexts swapped under a valid Semaphore proof are refused", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    // A relayer keeps ada's proof and sends bo's ciphertexts and proofs (made for ada's nullifier or not).
    const swapped = prepareBallot({ poll: f.poll, options: [3], nullifier: adaFirst.nullifier, revision: 1n });
    await expect(cast(f, 1n, swapped.ballot, null, adaFirst.proof))
      .to.be.revertedWithCustomError(f.elections, "ElectionsMessageMismatch")
      .withArgs(f.pollId, swapped.digest, adaFirst.prepared.digest);
  });

  it("forged proofs of a 2, a −1 or two choices under a single choice are refused", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const nullifier = 777n;
    const forge = (values: bigint[]) =>
      forgeBallot({ poll: f.poll, values, ruleClaim: 1, lo: 1, hi: 1, nullifier, revision: 1n });
    const cases = [forge([2n, 0n, 0n, 0n, 0n]), forge([-1n, 1n, 1n, 0n, 0n]), forge([1n, 1n, 0n, 0n, 0n])];
    for (const ballot of cases) {
      const digest = ballotDigest(ballot.ciphertexts, 1n);
      await expect(cast(f, 1n, ballot, null, forgedSemaphore(f, nullifier, digest)))
        .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidBallot")
        .withArgs(f.pollId, nullifier);
    }
    // A proof made for another voter's nullifier fails the same way.
    const other = prepareBallot({ poll: f.poll, options: [1], nullifier: 778n, revision: 1n });
    await expect(cast(f, 1n, other.ballot, null, forgedSemaphore(f, nullifier, other.digest)))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidBallot")
      .withArgs(f.pollId, nullifier);
    // A valid encrypted ballot under worthless Semaphore points.
    const honest = prepareBallot({ poll: f.poll, options: [1], nullifier, revision: 1n });
    await expect(cast(f, 1n, honest.ballot, null, forgedSemaphore(f, nullifier, honest.digest)))
      .to.be.revertedWithCustomError(f.elections, "ElectionsInvalidProof")
      .withArgs(f.pollId, nullifier);
    // A point off the curve, refused by the precompiles inside the check (the words sent as they are).
    const words = ballotArguments(honest.ballot);
    const offCurve = [{ a: words.ciphertexts[0]!.a, b: { x: 1n, y: 3n } }, ...words.ciphertexts.slice(1)];
    const offCurveDigest = BigInt(
      keccak256(
        solidityPacked(Array(2 + 4 * OPTIONS).fill("uint256"), [
          id("egov.secret-ballot.v1.ballot"),
          1n,
          ...offCurve.flatMap((c) => [c.a.x, c.a.y, c.b.x, c.b.y]),
        ]),
      ),
    );
    await expect(
      f.elections.castSecretBallot(
        f.pollId,
        1n,
        offCurve,
        words.optionProofs,
        words.ruleProof,
        [],
        forgedSemaphore(f, nullifier, offCurveDigest),
      ),
    )
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidBallot")
      .withArgs(f.pollId, nullifier);
    // A ballot of another option count.
    const short = { ...honest.ballot, ciphertexts: honest.ballot.ciphertexts.slice(1) };
    await expect(cast(f, 1n, short, null, forgedSemaphore(f, nullifier, honest.digest)))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsLengthMismatch")
      .withArgs(f.pollId, OPTIONS - 1, OPTIONS);
  });

  it("every tampered element of a ballot's proofs is refused with SecretPollsInvalidBallot", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const nullifier = 779n;
    const ballotOf = (options: number[], voterNullifier = nullifier, revision = 1n) =>
      encodeSecretBallot(prepareBallot({ poll: f.poll, options, nullifier: voterNullifier, revision }).ballot);
    const honest = ballotOf([4]);
    const others = {
      sameVoter: ballotOf([4]),
      otherNullifier: ballotOf([4], nullifier + 1n),
      nextRevision: ballotOf([4], nullifier, 2n),
    };
    const cases = [
      ...tamperedBallots(honest, others),
      {
        what: "a cheating prover's 0 options under single choice",
        words: encodeSecretBallot(
          forgeBallot({
            poll: f.poll,
            values: [0n, 0n, 0n, 0n, 0n],
            ruleClaim: 1,
            lo: 1,
            hi: 1,
            nullifier,
            revision: 1n,
          }),
        ),
      },
      {
        what: "a cheating prover's errors that cancel with equal weights",
        words: encodeSecretBallot(forgeCancelling({ poll: f.poll, chosen: 1, target: 1, nullifier, revision: 1n })),
      },
    ];
    for (const { what, words } of cases) {
      const args = ballotStructs(words);
      const proof = forgedSemaphore(f, nullifier, digestOfWords(words, 1n));
      await expect(
        f.elections.castSecretBallot(f.pollId, 1n, args.ciphertexts, args.optionProofs, args.ruleProof, [], proof),
        what,
      )
        .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidBallot")
        .withArgs(f.pollId, nullifier);
    }
    // The honest ballot passes the library's checks and stops only at its worthless Semaphore points.
    const args = ballotStructs(honest);
    await expect(
      f.elections.castSecretBallot(
        f.pollId,
        1n,
        args.ciphertexts,
        args.optionProofs,
        args.ruleProof,
        [],
        forgedSemaphore(f, nullifier, digestOfWords(honest, 1n)),
      ),
    )
      .to.be.revertedWithCustomError(f.elections, "ElectionsInvalidProof")
      .withArgs(f.pollId, nullifier);
  });

  it("public and secret ballots go only to their own kind of poll; the window holds to the second", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const nullifier = 5n;
    await expect(f.elections.castBallot(f.pollId, 1n, 1n, forgedSemaphore(f, nullifier, 1n)))
      .to.be.revertedWithCustomError(f.elections, "ElectionsSecretPoll")
      .withArgs(f.pollId);
    const honest = prepareBallot({ poll: f.poll, options: [1], nullifier, revision: 1n });
    const words = ballotArguments(honest.ballot);
    const publicPoll = { ...forgedSemaphore(f, nullifier, honest.digest), scope: await f.elections.pollScope(1n) };
    await expect(
      f.elections.castSecretBallot(1n, 1n, words.ciphertexts, words.optionProofs, words.ruleProof, [], publicPoll),
    )
      .to.be.revertedWithCustomError(f.elections, "ElectionsNotSecretPoll")
      .withArgs(1n);
    const [, closesAt] = await f.elections.pollWindow(f.pollId);
    await time.setNextBlockTimestamp(closesAt);
    await expect(cast(f, 1n, honest.ballot, null, forgedSemaphore(f, nullifier, honest.digest)))
      .to.be.revertedWithCustomError(f.elections, "ElectionsPollClosed")
      .withArgs(f.pollId, closesAt);
  });

  it("the tally opens only after the close, from a quorum's verified shares, to the counts they decrypt", async function () {
    const f = await voted();
    const tallyWords = await f.secret.encryptedTally(f.pollId);
    const tally = ciphertextsFromChain(tallyWords);
    const sharesOf = (j: number) =>
      decryptionShares({ poll: f.poll, tally, trustee: j, keyShare: f.keyShares.get(j)! });
    const posted = (j: number) => decryptionShareArguments(sharesOf(j));
    const as = (j: number) => f.secret.connect(f.trusteeSigners[j - 1]!);

    await expect(as(1).postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotEnded")
      .withArgs(f.pollId, State.Open);
    const [, closesAt] = await f.elections.pollWindow(f.pollId);
    await time.increaseTo(closesAt);

    // A wrong share (another trustee's) is refused, naming the trustee and option.
    await expect(as(1).postDecryptionShares(f.pollId, posted(2).shares, posted(1).proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsInvalidShare")
      .withArgs(f.pollId, 1n, 0n);
    const share1 = await (await as(1).postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs)).wait();
    console.log(`      postDecryptionShares, ${OPTIONS} options: ${share1!.gasUsed} gas`);
    await expect(as(1).postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsSharesAlreadyPosted")
      .withArgs(f.pollId, 1n);
    await expect(f.secret.postDecryptionShares(f.pollId, posted(1).shares, posted(1).proofs))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsNotTrustee")
      .withArgs(f.pollId, f.accounts.outsider.address);

    // Fewer than the quorum: nothing opens.
    const expected = [1n, 0n, 1n, 0n, 0n];
    await expect(f.secret.openTally(f.pollId, expected))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsQuorumNotReached")
      .withArgs(f.pollId, 1n, 2);

    // Trustee 2 stays away; trustee 3's shares complete the quorum.
    await as(3).postDecryptionShares(f.pollId, posted(3).shares, posted(3).proofs);
    const verificationKeys = f.outcome.verificationKeys;
    const opened = openTally({
      poll: f.poll,
      tally,
      shares: [...sharesOf(1), ...sharesOf(3)],
      verificationKeys,
      quorum: 2,
      maxCount: 4n,
    });
    expect(opened.counts).to.deep.equal(expected);
    await expect(f.secret.openTally(f.pollId, [2n, 0n, 0n, 0n, 0n]))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsCountMismatch")
      .withArgs(f.pollId, 0n, 2n);
    await expect(f.secret.openTally(f.pollId, [1n, 0n, 1n]))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsLengthMismatch")
      .withArgs(f.pollId, 3n, OPTIONS);
    const open = f.secret.openTally(f.pollId, expected);
    await expect(open).to.emit(f.secret, "TallyOpened").withArgs(f.pollId, expected, [1n, 3n]);
    console.log(`      openTally, ${OPTIONS} options, quorum 2: ${(await (await open).wait())!.gasUsed} gas`);
    expect(await f.secret.openedTally(f.pollId)).to.deep.equal(expected);
    await expect(f.secret.openTally(f.pollId, expected))
      .to.be.revertedWithCustomError(f.secret, "SecretPollsAlreadyOpened")
      .withArgs(f.pollId);
    // The encrypted tally opened is the sum of the latest ballot of each nullifier.
    const recomputed = tally.map((_, i) =>
      subtractCiphertexts(
        addCiphertexts(adaAgain.prepared.ballot.ciphertexts[i]!, bo.prepared.ballot.ciphertexts[i]!),
        tally[i]!,
      ),
    );
    expect(recomputed.every((c) => c.a.is0() && c.b.is0())).to.equal(true);
  });
});
