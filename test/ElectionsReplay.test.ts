import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { Elections__factory, ISecretPolls__factory } from "../src/contracts.js";
import { ballotNullifier, releaseProver } from "../src/elections/index.js";
import {
  ballotArguments,
  ciphertextArguments,
  ciphertextsFromChain,
  decryptionShareArguments,
  decryptionShares,
  pointPair,
  prepareBallot,
  type PreparedBallot,
} from "../src/elections/secret/index.js";
import { ELECTIONS_EVENTS, fetchTimedLogs, replayElections } from "../src/replay.js";
import { fixedIdentity, offline, proveBallot } from "./helpers/ballots.js";
import { sealedPollFixture, type SealedPollFixture } from "./SecretPolls/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const DAY = 24 * 3600;

/** A secret ballot of one voter for `option`, with its real Semaphore proof. */
async function secretBallot(f: SealedPollFixture, label: string, option: number, revision: bigint) {
  const identity = fixedIdentity(label);
  const nullifier = ballotNullifier(identity, f.scope);
  const prepared = prepareBallot({ poll: f.poll, options: [option], nullifier, revision });
  const proof = await proveBallot({
    identity,
    census: f.census.members,
    ballot: 0n,
    message: prepared.digest,
    scope: f.scope,
    revision,
  });
  return { nullifier, prepared, proof };
}

function castSecret(
  f: SealedPollFixture,
  revision: bigint,
  voter: { prepared: PreparedBallot; proof: Awaited<ReturnType<typeof proveBallot>> },
  replaced: PreparedBallot | null,
) {
  const words = ballotArguments(voter.prepared.ballot);
  return f.elections.castSecretBallot(
    f.pollId,
    revision,
    words.ciphertexts,
    words.optionProofs,
    words.ruleProof,
    replaced === null ? [] : ciphertextArguments(replaced.ballot.ciphertexts),
    voter.proof,
  );
}

/**
 * A real run: a public poll (1) with two voters and a re-vote, closed; a secret poll (2) whose ceremony was sealed,
 * with two voters and a re-vote, its tally opened by a quorum of trustees; a third poll cancelled in its review; the
 * review period raised and a reduction scheduled; a pause.
 */
async function runFixture() {
  const f = await sealedPollFixture(connection);
  const publicScope = await f.elections.pollScope(1n);
  const { result } = await offline(async () => ({
    adaFirst: await proveBallot({
      identity: fixedIdentity("ada"),
      census: f.census.members,
      ballot: 1n,
      scope: publicScope,
    }),
    bo: await proveBallot({ identity: fixedIdentity("bo"), census: f.census.members, ballot: 2n, scope: publicScope }),
    adaAgain: await proveBallot({
      identity: fixedIdentity("ada"),
      census: f.census.members,
      ballot: 4n,
      scope: publicScope,
      revision: 2n,
    }),
    secretAda: await secretBallot(f, "ada", 0, 1n),
    secretBo: await secretBallot(f, "bo", 1, 1n),
    secretAdaAgain: await secretBallot(f, "ada", 3, 2n),
  }));
  await releaseProver();
  const admin = f.elections;
  const guardian = f.elections.connect(f.accounts.guardian);

  await (await guardian.pause()).wait();
  await time.increase(3600);
  await (await admin.unpause()).wait();
  await (await f.elections.castBallot(1n, 1n, 1n, result.adaFirst)).wait();
  await (await f.elections.castBallot(1n, 2n, 1n, result.bo)).wait();
  await (await f.elections.castBallot(1n, 4n, 2n, result.adaAgain)).wait();
  await (await castSecret(f, 1n, result.secretAda, null)).wait();
  await (await castSecret(f, 1n, result.secretBo, null)).wait();
  await (await castSecret(f, 2n, result.secretAdaAgain, result.secretAda.prepared)).wait();

  await (await admin.setReviewPeriod(3 * DAY)).wait();
  const opensAt = (await time.latest()) + 4 * DAY;
  await (await f.officer.createPoll({ ...f.base, metadataHash: id("third"), opensAt, closesAt: opensAt + DAY })).wait();
  await (await guardian.cancelPoll(3n, id("wrong census"))).wait();
  await (await admin.setReviewPeriod(2 * DAY)).wait();

  const [, closesAt] = await f.elections.pollWindow(1n);
  await time.increaseTo(closesAt);
  await (await f.elections.closePoll(1n)).wait();
  const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
  for (const j of [1, 3]) {
    const posted = decryptionShareArguments(
      decryptionShares({ poll: f.poll, tally, trustee: j, keyShare: f.keyShares.get(j)! }),
    );
    await (
      await f.secret.connect(f.trusteeSigners[j - 1]!).postDecryptionShares(f.pollId, posted.shares, posted.proofs)
    ).wait();
  }
  await (await f.secret.openTally(f.pollId, [0n, 1n, 0n, 1n, 0n])).wait();
  return { ...f, nullifiers: { ada: result.adaFirst.nullifier, bo: result.bo.nullifier }, secretBallots: result };
}

describe("Elections replay", function () {
  this.timeout(300_000); // six real proofs

  it("folds every event of the Elections ABI and of its secret polls", function () {
    const events = [...Elections__factory.abi, ...ISecretPolls__factory.abi]
      .filter((fragment) => fragment.type === "event")
      .map((fragment) => fragment.name);
    expect([...ELECTIONS_EVENTS].sort()).to.deep.equal([...new Set(events)].sort());
  });

  it("rebuilds the polls, ballots, re-votes, tallies, the ceremony, the cancel and the close from events alone", async function () {
    const f = await networkHelpers.loadFixture(runFixture);
    const state = replayElections({
      logs: await fetchTimedLogs({ provider: ethers.provider, address: await f.elections.getAddress() }),
    });

    expect([...state.polls.keys()]).to.deep.equal([1n, 2n, 3n]);
    for (const pollId of [1n, 2n, 3n]) {
      const read = await f.elections.poll(pollId);
      const p = state.polls.get(pollId)!;
      expect({
        metadataHash: p.metadataHash,
        rule: p.rule,
        optionCount: p.optionCount,
        maxChoices: p.maxChoices,
        revoting: p.revoting,
        cancelled: p.cancelled !== null,
        closed: p.closed !== null,
        createdAt: BigInt(p.createdAt),
        opensAt: p.opensAt,
        closesAt: p.closesAt,
        pausedBefore: BigInt(p.pausedBefore),
        ballots: BigInt(p.ballots),
        budget: p.budget,
        census: p.census,
        secret: p.secret !== null,
      }).to.deep.equal({
        metadataHash: read.metadataHash,
        rule: read.rule,
        optionCount: read.optionCount,
        maxChoices: read.maxChoices,
        revoting: read.revoting,
        cancelled: read.cancelled,
        closed: read.closed,
        createdAt: read.createdAt,
        opensAt: read.opensAt,
        closesAt: read.closesAt,
        pausedBefore: read.pausedBefore,
        ballots: read.ballots,
        budget: read.budget,
        census: {
          jurisdiction: read.census.jurisdiction,
          requiredFlags: read.census.requiredFlags,
          size: read.census.size,
          sequence: read.census.sequence,
          depth: read.census.depth,
          root: read.census.root,
        },
        secret: read.secret,
      });
    }

    const [votes, ballots] = await f.elections.tally(1n);
    const open = state.polls.get(1n)!;
    expect(open.votes).to.deep.equal([...votes]);
    expect(open.votes).to.deep.equal([0n, 1n, 1n, 0n, 0n]);
    expect(open.closed).to.deep.equal({ ballots, votes: [...votes] });
    expect([...open.latest]).to.deep.equal([
      [f.nullifiers.ada, { ballot: 4n, revision: 2n }],
      [f.nullifiers.bo, { ballot: 2n, revision: 1n }],
    ]);
    for (const [nullifier, latest] of open.latest) {
      expect(latest.ballot).to.equal(await f.elections.ballotOf(1n, nullifier));
    }

    const secret = state.polls.get(2n)!.secret!;
    expect(secret.trustees).to.deep.equal(f.trusteeAddresses);
    expect(secret.quorum).to.equal(2n);
    expect([...secret.announcements.keys()]).to.deep.equal([1n, 2n, 3n]);
    expect([...secret.dealings.keys()]).to.deep.equal([1n, 2n, 3n]);
    expect(secret.complaints).to.deep.equal([]);
    expect(secret.sealed!.electionKey).to.deep.equal(pointPair(f.outcome.electionKey));
    const adaSecret = secret.ballots.get(f.secretBallots.secretAda.nullifier)!;
    expect(adaSecret.revision).to.equal(2n);
    expect(adaSecret.digest).to.equal(f.secretBallots.secretAdaAgain.prepared.digest);
    expect(adaSecret.ciphertexts).to.have.length(5);
    expect(secret.ballots.get(f.secretBallots.secretBo.nullifier)!.revision).to.equal(1n);
    expect([...secret.decryptionShares.keys()]).to.deep.equal([1n, 3n]);
    expect(secret.opened).to.deep.equal({ counts: [...(await f.secret.openedTally(f.pollId))], trustees: [1n, 3n] });

    const cancelled = state.polls.get(3n)!;
    expect(cancelled.cancelled).to.deep.equal({ guardian: f.accounts.guardian.address, reason: id("wrong census") });

    // The reduction to two days was scheduled three days ahead, and is due by the close: the contract counts it.
    expect(state.reviewPeriod).to.equal(BigInt(3 * DAY));
    expect(state.pendingReviewPeriod!.to).to.equal(BigInt(2 * DAY));
    expect(state.pendingReviewPeriod!.effectiveAt <= BigInt(await time.latest())).to.equal(true);
    expect(state.pendingReviewPeriod!.to).to.equal(await f.elections.reviewPeriod());
    expect(BigInt(state.pausedTotal)).to.equal(await f.elections.pausedTime());
    expect(state.paused).to.equal(false);
  });
});
