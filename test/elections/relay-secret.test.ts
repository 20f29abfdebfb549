/**
 * The ballot relay with a secret poll's encrypted ballots, end to end: the suite deployed on an in-process Hardhat
 * network, a sealed secret poll of five options, the relay on a free port with its own key, ballots with real
 * Semaphore proofs over their digests posted over HTTP and counted into the encrypted tally; a re-vote that carries the
 * replaced ciphertexts; replays, swapped ciphertexts, forged proofs and malformed requests refused with their status
 * and reason, nothing sent for any of them.
 */
import { expect } from "chai";
import { network } from "hardhat";

import {
  ballotNullifier,
  type BallotProof,
  RelayError,
  type RelaySecretBallot,
  releaseProver,
  sendBallotToRelay,
} from "../../src/elections/index.js";
import { startRelay } from "../../src/elections/node.js";
import {
  ciphertextsEqual,
  ciphertextsFromChain,
  encodeCiphertext,
  encodeSecretBallot,
  prepareBallot,
  type PreparedBallot,
} from "../../src/elections/secret/index.js";
import { recordSuite } from "../helpers/adminSuite.js";
import { fixedIdentity, offline, proveBallot } from "../helpers/ballots.js";
import { sealedPollFixture } from "../SecretPolls/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A sealed secret poll (2) whose deployment record names the Elections contract, open for ballots. */
async function secretRelayFixture() {
  const f = await sealedPollFixture(connection);
  const { suite } = await recordSuite(connection, f, { elections: true });
  return { ...f, suite, relayer: f.accounts.outsider };
}

type Fixture = Awaited<ReturnType<typeof secretRelayFixture>>;

interface Voter {
  readonly prepared: PreparedBallot;
  readonly proof: BallotProof;
}

/** The encrypted part of a relay request. */
function secretOf(prepared: PreparedBallot, replaced: PreparedBallot | null = null): RelaySecretBallot {
  return {
    ...encodeSecretBallot(prepared.ballot),
    replaced: replaced === null ? [] : replaced.ballot.ciphertexts.map(encodeCiphertext),
  };
}

async function refusalOf(promise: Promise<unknown>): Promise<RelayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RelayError);
    return error as RelayError;
  }
  throw new Error("expected the relay to refuse");
}

async function relayOn(f: Fixture) {
  const logs: string[] = [];
  const relay = await startRelay({
    suite: f.suite,
    signer: f.relayer,
    port: 0,
    logIntervalMs: 0,
    log: (line) => logs.push(line),
  });
  return { relay, logs };
}

describe("the ballot relay with secret ballots (end to end)", function () {
  this.timeout(300_000);

  let adaFirst: Voter;
  let adaAgain: Voter;

  before(async function () {
    const f = await networkHelpers.loadFixture(secretRelayFixture);
    const identity = fixedIdentity("ada");
    const nullifier = ballotNullifier(identity, f.scope);
    const voter = async (option: number, revision: bigint): Promise<Voter> => {
      const prepared = prepareBallot({ poll: f.poll, options: [option], nullifier, revision });
      const proof = await proveBallot({
        identity,
        census: f.census.members,
        ballot: 0n,
        message: prepared.digest,
        scope: f.scope,
        revision,
      });
      return { prepared, proof };
    };
    ({ adaFirst, adaAgain } = (
      await offline(async () => ({ adaFirst: await voter(0, 1n), adaAgain: await voter(2, 2n) }))
    ).result);
  });

  after(async function () {
    await releaseProver();
  });

  it("counts an encrypted ballot sent over HTTP, paid by the relayer, and refuses it again as a replay", async function () {
    const f = await networkHelpers.loadFixture(secretRelayFixture);
    const { relay, logs } = await relayOn(f);
    try {
      const request = {
        relay: relay.url,
        pollId: f.pollId,
        secret: secretOf(adaFirst.prepared),
        revision: 1n,
        proof: adaFirst.proof,
      };
      const outcomes = await Promise.allSettled([sendBallotToRelay(request), sendBallotToRelay(request)]);
      const counted = outcomes.filter((outcome) => outcome.status === "fulfilled");
      const refused = outcomes.filter((outcome) => outcome.status === "rejected");
      expect(counted).to.have.length(1);
      expect(refused).to.have.length(1);
      const error = (refused[0] as PromiseRejectedResult).reason as RelayError;
      expect([error.status, error.code]).to.deep.equal([409, "replay"]);

      const receipt = (counted[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof sendBallotToRelay>>>).value;
      expect(receipt.previousBallot).to.equal(0n);
      const transaction = await ethers.provider.getTransaction(receipt.transactionHash);
      expect(transaction!.from).to.equal(f.relayer.address);
      expect(transaction!.blockNumber).to.equal(receipt.blockNumber);
      expect(await f.secret.secretBallotDigest(f.pollId, adaFirst.proof.nullifier)).to.equal(adaFirst.prepared.digest);
      const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
      expect(tally.every((c, i) => ciphertextsEqual(c, adaFirst.prepared.ballot.ciphertexts[i]!))).to.equal(true);

      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      const again = await refusalOf(sendBallotToRelay(request));
      expect([again.status, again.code]).to.deep.equal([409, "replay"]);
      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);
      expect(f.suite.elections).to.not.equal(undefined);
      await relay.close();
      for (const line of logs) expect(line).to.not.include(adaFirst.proof.nullifier.toString());
      expect(logs.at(-1)).to.include("1 ballot(s) relayed");
    } finally {
      await relay.close();
    }
  });

  it("a re-vote carries the replaced ciphertexts: refused without them, counted with them, the tally follows", async function () {
    const f = await networkHelpers.loadFixture(secretRelayFixture);
    const { relay } = await relayOn(f);
    try {
      const first = { relay: relay.url, pollId: f.pollId, revision: 1n, proof: adaFirst.proof };
      await sendBallotToRelay({ ...first, secret: secretOf(adaFirst.prepared) });
      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      const again = { relay: relay.url, pollId: f.pollId, revision: 2n, proof: adaAgain.proof };
      const missing = await refusalOf(sendBallotToRelay({ ...again, secret: secretOf(adaAgain.prepared) }));
      expect([missing.status, missing.code]).to.deep.equal([422, "SecretPollsReplacedMismatch"]);
      expect(missing.shortMessage).to.equal(
        `the relay ${relay.url} refused the ballot: the ciphertexts given as the replaced ballot are not this ` +
          `voter's counted ballot (or a first ballot gave some) (SecretPollsReplacedMismatch: pollId=2, ` +
          `nullifier=0x${adaFirst.proof.nullifier.toString(16).padStart(64, "0")})`,
      );
      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);

      const receipt = await sendBallotToRelay({ ...again, secret: secretOf(adaAgain.prepared, adaFirst.prepared) });
      expect(receipt.blockNumber).to.be.greaterThan(0);
      expect(await f.secret.secretBallotDigest(f.pollId, adaFirst.proof.nullifier)).to.equal(adaAgain.prepared.digest);
      const tally = ciphertextsFromChain(await f.secret.encryptedTally(f.pollId));
      expect(tally.every((c, i) => ciphertextsEqual(c, adaAgain.prepared.ballot.ciphertexts[i]!))).to.equal(true);
      expect(await f.elections.latestRevision(f.pollId, adaFirst.proof.nullifier)).to.equal(2n);
    } finally {
      await relay.close();
    }
  });

  it("refuses swapped ciphertexts, a forged ballot proof and a public ballot with 422, sending nothing", async function () {
    const f = await networkHelpers.loadFixture(secretRelayFixture);
    const { relay } = await relayOn(f);
    try {
      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      // Ada's valid Semaphore proof with another ballot's ciphertexts: its message is not their digest.
      const swapped = await refusalOf(
        sendBallotToRelay({
          relay: relay.url,
          pollId: f.pollId,
          revision: 1n,
          proof: adaFirst.proof,
          secret: secretOf(adaAgain.prepared),
        }),
      );
      expect([swapped.status, swapped.code]).to.deep.equal([422, "ElectionsMessageMismatch"]);
      expect(swapped.shortMessage).to.include("the proof was made for another ballot or another revision");

      // The ciphertexts the proof signs, with a 0/1 proof changed: the ballot's own proofs fail.
      const words = secretOf(adaFirst.prepared);
      const [firstProof, ...rest] = words.optionProofs;
      const forged = {
        ...words,
        optionProofs: [
          { ...firstProof!, responses: [firstProof!.responses[0]! + 1n, firstProof!.responses[1]!] },
          ...rest,
        ],
      };
      const invalid = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: f.pollId, revision: 1n, proof: adaFirst.proof, secret: forged }),
      );
      expect([invalid.status, invalid.code]).to.deep.equal([422, "SecretPollsInvalidBallot"]);
      expect(invalid.shortMessage).to.include(
        "the encrypted ballot's proofs do not show one 0 or 1 per option and a choice within the poll's rule",
      );

      // A public ballot sent to the secret poll.
      const plain = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: f.pollId, ballot: 1n, revision: 1n, proof: adaFirst.proof }),
      );
      expect([plain.status, plain.code]).to.deep.equal([422, "ElectionsSecretPoll"]);
      expect(plain.shortMessage).to.include("the poll is secret: its ballots are encrypted");
      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);
      expect(relay.stats().refused).to.deep.equal({
        ElectionsMessageMismatch: 1,
        SecretPollsInvalidBallot: 1,
        ElectionsSecretPoll: 1,
      });
    } finally {
      await relay.close();
    }
  });

  it("reads an encrypted ballot strictly: 400 naming the field at fault", async function () {
    const f = await networkHelpers.loadFixture(secretRelayFixture);
    const { relay } = await relayOn(f);
    try {
      const post = async (body: unknown) => {
        const response = await fetch(`${relay.url}/ballots`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)),
        });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
      const base = { pollId: "2", revision: "1", proof: adaFirst.proof };
      const secret = secretOf(adaFirst.prepared);
      const cases: [unknown, string, string][] = [
        [
          { ...base, secret: { ...secret, ciphertexts: [secret.ciphertexts[0], { a: { x: "1", y: "x" } }] } },
          "secret.ciphertexts[1].a.y",
          "must be a whole number written in decimal digits",
        ],
        [{ ...base, secret: { ...secret, replaced: undefined } }, "secret.replaced", "is missing"],
        [
          { ...base, secret: { ...secret, optionProofs: [secret.optionProofs[0]] } },
          "secret.optionProofs",
          "must hold 2 to 32 items, not 1",
        ],
        [
          { ...base, ballot: "1", secret },
          "secret",
          "a request carries a public poll's ballot or a secret poll's, not both",
        ],
        [{ ...base, secret: { ...secret, extra: 1 } }, "secret.extra", "is not a field of a ballot request"],
      ];
      for (const [body, field, reason] of cases) {
        const answer = await post(body);
        expect(answer.status, field).to.equal(400);
        expect(answer.body).to.deep.equal({ error: `${field}: ${reason}`, code: "invalid-request", field });
      }
      expect(relay.stats()).to.include({ malformed: cases.length, relayed: 0 });
    } finally {
      await relay.close();
    }
  });
});
