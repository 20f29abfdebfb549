/**
 * The ballot relay end to end: the suite deployed on an in-process Hardhat network, the relay listening on a free
 * port with its own key, ballots with real Semaphore proofs posted to it over HTTP (by `sendBallotToRelay` and by the
 * voter's action) and counted on chain; replays, refusals of the contract, malformed requests and floods refused with
 * their status and reason, nothing sent for any of them; the relay's log free of every nullifier and client address.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { castBallot } from "../../src/actions/elections.js";
import { connectSuite } from "../../src/deployment.js";
import {
  type BallotProof,
  encodeRelayBallot,
  RelayError,
  releaseProver,
  sendBallotToRelay,
} from "../../src/elections/index.js";
import {
  type Relay,
  startRelay,
  type StartRelayParameters,
  SubmissionMemory,
  TokenBuckets,
} from "../../src/elections/node.js";
import { readPoll } from "../../src/elections/polls.js";
import { InvalidStateError } from "../../src/errors.js";
import type { Elections } from "../../types/ethers-contracts/index.js";
import { townPollFixture } from "../helpers/townPoll.js";
import { fixedIdentity, forgedProof, proveBallot } from "../helpers/ballots.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const VOTERS = ["ada", "bo"] as const;

/** The suite with its citizen register and elections in the deployment record, two polls open in the town. */
async function relayFixture() {
  const fixture = await townPollFixture(connection, { voters: VOTERS, polls: 2, basis: "civil registry extract" });
  const scope = await fixture.elections.pollScope(1n);
  return { ...fixture, scope, relayer: fixture.accounts.outsider };
}

type Fixture = Awaited<ReturnType<typeof relayFixture>>;

/** A relay on a free port whose log lines are kept. */
async function relayOn(f: Fixture, options: Partial<StartRelayParameters> = {}) {
  const logs: string[] = [];
  const relay = await startRelay({
    suite: f.suite,
    signer: f.relayer,
    port: 0,
    logIntervalMs: 0,
    log: (line) => logs.push(line),
    ...options,
  });
  return { relay, logs };
}

/** Posts a raw body to the relay's `/ballots`. */
async function post(relay: Relay, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${relay.url}/ballots`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** The RelayError a promise rejects with; fails the test when it resolves. */
async function refusalOf(promise: Promise<unknown>): Promise<RelayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(RelayError);
    return error as RelayError;
  }
  throw new Error("expected the relay to refuse");
}

describe("the ballot relay (end to end)", function () {
  this.timeout(300_000);

  let f: Fixture;
  let adaFirst: BallotProof;

  before(async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    adaFirst = await proveBallot({
      identity: fixedIdentity("ada"),
      census: f.census.members,
      ballot: 1n,
      scope: f.scope,
    });
  });

  after(async function () {
    await releaseProver();
  });

  it("counts a real ballot sent over HTTP, paid by the relayer, and refuses it again as a replay", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay, logs } = await relayOn(f);
    try {
      const request = { relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst };
      // Sent twice at once: one is counted, the other is refused while the first is pending.
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
      expect(await f.elections.ballotOf(1n, adaFirst.nullifier)).to.equal(1n);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 0n], 1n]);

      // Once counted, the same ballot again is a replay: refused before the chain is asked, nothing sent.
      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      const again = await refusalOf(sendBallotToRelay(request));
      expect([again.status, again.code]).to.deep.equal([409, "replay"]);
      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);
      expect(relay.stats()).to.include({ relayed: 1, replays: 2 });
      await relay.close();
      for (const line of logs) {
        expect(line).to.not.include(adaFirst.nullifier.toString());
        expect(line.toLowerCase()).to.not.include(adaFirst.nullifier.toString(16));
      }
      expect(logs.at(-1)).to.include("1 ballot(s) relayed");
    } finally {
      await relay.close();
    }
  });

  it("a voter's action sends a re-vote through the relay with no key of its own; the tally follows", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay } = await relayOn(f);
    try {
      await sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst });
      // The voter's suite reads through a provider: it holds no signer at all.
      const readOnly = connectSuite({ deployment: f.suite.deployment, runner: ethers.provider });
      const result = await castBallot({
        suite: readOnly,
        identity: fixedIdentity("ada"),
        pollId: 1n,
        options: [2],
        relay: relay.url,
      });
      expect(result.previousBallot).to.equal(1n);
      expect(result.nullifier).to.equal(adaFirst.nullifier);
      expect((await ethers.provider.getTransaction(result.hash))!.from).to.equal(f.relayer.address);
      expect(result.revision).to.equal(2n);
      expect(await f.elections.tally(1n)).to.deep.equal([[0n, 0n, 1n], 1n]);

      // The attack of the hostile review: anyone replays the voter's first proof, through a relay that never saw it.
      const fresh = await relayOn(f);
      try {
        const replayed = await refusalOf(
          sendBallotToRelay({ relay: fresh.relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst }),
        );
        expect([replayed.status, replayed.code]).to.deep.equal([422, "ElectionsStaleRevision"]);
        expect(replayed.shortMessage).to.include("an old proof cannot be replayed");
        expect(await f.elections.tally(1n)).to.deep.equal([[0n, 0n, 1n], 1n]);
      } finally {
        await fresh.relay.close();
      }
    } finally {
      await relay.close();
    }
  });

  it("refuses what the contract would refuse with 422, the error named in plain words, and sends nothing", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay, logs } = await relayOn(f);
    try {
      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      const forged = forgedProof({
        root: f.census.root,
        scope: f.scope,
        ballot: 1n,
        nullifier: 12345n,
        depth: f.depth,
      });
      const invalid = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: forged }),
      );
      expect([invalid.status, invalid.code]).to.deep.equal([422, "ElectionsInvalidProof"]);
      expect(invalid.shortMessage).to.include("the zero-knowledge proof does not verify");

      // Ada's proof is for poll 1: sent as a ballot of poll 2, whose scope differs.
      const wrongPoll = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: 2n, ballot: 1n, revision: 1n, proof: adaFirst }),
      );
      expect([wrongPoll.status, wrongPoll.code]).to.deep.equal([422, "ElectionsScopeMismatch"]);
      expect(wrongPoll.shortMessage).to.include("the proof is for another poll");
      expect(wrongPoll.shortMessage).to.include(
        `expected=0x${(await f.elections.pollScope(2n)).toString(16).padStart(64, "0")}`,
      );

      const unknown = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: 9n, ballot: 1n, revision: 1n, proof: adaFirst }),
      );
      expect([unknown.status, unknown.code]).to.deep.equal([422, "ElectionsUnknownPoll"]);
      const otherBallot = await refusalOf(
        sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 2n, revision: 1n, proof: adaFirst }),
      );
      expect([otherBallot.status, otherBallot.code]).to.deep.equal([422, "ElectionsMessageMismatch"]);

      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);
      expect(await f.elections.tally(1n)).to.deep.equal([[0n, 0n, 0n], 0n]);
      // A refused ballot is not remembered: once it would count, the same request goes through.
      const counted = await sendBallotToRelay({
        relay: relay.url,
        pollId: 1n,
        ballot: 1n,
        revision: 1n,
        proof: adaFirst,
      });
      expect(counted.blockNumber).to.be.greaterThan(0);
      expect(relay.stats().refused).to.deep.equal({
        ElectionsInvalidProof: 1,
        ElectionsScopeMismatch: 1,
        ElectionsUnknownPoll: 1,
        ElectionsMessageMismatch: 1,
      });
      await relay.close();
      expect(logs.at(-1)).to.include("ElectionsInvalidProof 1");
      for (const line of logs) {
        expect(line).to.not.include("12345");
        expect(line).to.not.include(adaFirst.nullifier.toString());
      }
    } finally {
      await relay.close();
    }
  });

  it("refuses a malformed request with 400 naming the field, before any rate or chain check", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay } = await relayOn(f, { maxPerMinute: 1 });
    try {
      const good = encodeRelayBallot({ pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst });
      const cases: [unknown, string, RegExp][] = [
        ["{", "body", /body: is not JSON/],
        [[], "body", /must be an object, not an array/],
        [{ ...good, pollId: undefined }, "pollId", /pollId: is missing/],
        [{ ...good, ballot: "1.5" }, "ballot", /decimal digits/],
        [{ ...good, ballot: -1 }, "ballot", /whole number from 0/],
        [{ ...good, proof: { ...good.proof, points: good.proof.points.slice(0, 7) } }, "proof.points", /not 7/],
        [
          {
            ...good,
            proof: { ...good.proof, points: [...good.proof.points.slice(0, 3), "x", ...good.proof.points.slice(4)] },
          },
          "proof.points[3]",
          /decimal digits/,
        ],
        [{ ...good, proof: { ...good.proof, nullifier: `1${"0".repeat(78)}` } }, "proof.nullifier", /decimal digits/],
        [{ ...good, proof: { ...good.proof, nullifier: `0x1${"0".repeat(64)}` } }, "proof.nullifier", /decimal digits/],
        [{ ...good, voter: "ada" }, "voter", /not a field of a ballot request/],
        [{ ...good, revision: undefined }, "revision", /revision: is missing/],
        [{ ...good, revision: "0" }, "revision", /must be from 1 to 2\^64 - 1/],
        [{ ...good, revision: (1n << 64n).toString() }, "revision", /must be from 1 to 2\^64 - 1/],
      ];
      for (const [body, field, reason] of cases) {
        const answer = await post(relay, typeof body === "string" ? body : JSON.stringify(body));
        expect(answer.status, field).to.equal(400);
        expect(answer.body.code).to.equal("invalid-request");
        expect(answer.body.field).to.equal(field);
        expect(answer.body.error).to.match(reason);
      }
      const text = await post(relay, JSON.stringify(good), { "content-type": "text/plain" });
      expect([text.status, text.body.code]).to.deep.equal([415, "unsupported-media-type"]);
      const huge = await post(relay, JSON.stringify({ ...good, padding: "x".repeat(70_000) }));
      expect([huge.status, huge.body.code]).to.deep.equal([413, "too-large"]);
      expect(relay.stats()).to.include({ malformed: cases.length + 1, rateLimited: 0 });
    } finally {
      await relay.close();
    }
  });

  it("limits the rate per client address, with Retry-After, and per voter across addresses for ballots the contract would count", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    let clock = 1_000_000;
    const now = () => clock;
    const forged = (nullifier: bigint) =>
      JSON.stringify(
        encodeRelayBallot({
          pollId: 1n,
          ballot: 1n,
          revision: 1n,
          proof: forgedProof({ root: f.census.root, scope: f.scope, ballot: 1n, nullifier, depth: f.depth }),
        }),
      );
    const perClient = await relayOn(f, { maxPerMinute: 2, now });
    try {
      expect((await post(perClient.relay, forged(1n))).status).to.equal(422);
      expect((await post(perClient.relay, forged(2n))).status).to.equal(422);
      const limited = await post(perClient.relay, forged(3n));
      expect([limited.status, limited.body.code]).to.deep.equal([429, "rate-limited"]);
      expect(limited.headers.get("retry-after")).to.equal("30");
      expect(limited.body.error).to.include("from this address");
      clock += 29_999;
      expect((await post(perClient.relay, forged(3n))).status).to.equal(429);
      clock += 1;
      expect((await post(perClient.relay, forged(3n))).status).to.equal(422);
      // The client's error through the SDK carries the wait.
      const error = await refusalOf(
        sendBallotToRelay({ relay: perClient.relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst }),
      );
      expect([error.status, error.code, error.retryAfter]).to.deep.equal([429, "rate-limited", 30]);
    } finally {
      await perClient.relay.close();
    }

    // Behind a proxy: one voter's ballots from two addresses are limited as one voter's.
    const perVoter = await relayOn(f, { maxPerMinute: 100, maxPerNullifierPerMinute: 1, trustProxy: true, now });
    try {
      const from = (address: string) => ({ "x-forwarded-for": `198.51.100.7, ${address}` });
      // The attack of the hostile review: nullifiers are public in BallotCast events, so anyone can post junk under
      // a voter's nullifier from many addresses. Refused by the contract's check, it uses up none of the voter's rate.
      const junk = forged(adaFirst.nullifier);
      for (const address of ["203.0.113.1", "203.0.113.2", "203.0.113.3"]) {
        const refused = await post(perVoter.relay, junk, from(address));
        expect([refused.status, refused.body.code]).to.deep.equal([422, "ElectionsInvalidProof"]);
      }
      const counted = await post(
        perVoter.relay,
        JSON.stringify(encodeRelayBallot({ pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst })),
        from("203.0.113.4"),
      );
      expect(counted.status).to.equal(200);
      // The voter's own second ballot in the minute, from another address, is over the voter's rate; nothing sent.
      const adaSecond = await proveBallot({
        identity: fixedIdentity("ada"),
        census: f.census.members,
        ballot: 2n,
        revision: 2n,
        scope: f.scope,
      });
      const nonce = await ethers.provider.getTransactionCount(f.relayer.address);
      const second = await post(
        perVoter.relay,
        JSON.stringify(encodeRelayBallot({ pollId: 1n, ballot: 2n, revision: 2n, proof: adaSecond })),
        from("203.0.113.5"),
      );
      expect([second.status, second.body.code]).to.deep.equal([429, "rate-limited"]);
      expect(second.body.error).to.include("for this voter");
      expect(second.headers.get("retry-after")).to.equal("60");
      expect(await ethers.provider.getTransactionCount(f.relayer.address)).to.equal(nonce);
      expect(await f.elections.ballotOf(1n, adaFirst.nullifier)).to.equal(1n);
      await perVoter.relay.close();
      for (const line of perVoter.logs) {
        for (const secret of ["203.0.113", "198.51.100", "127.0.0.1", "::1"]) expect(line).to.not.include(secret);
      }
      expect(perVoter.logs.at(-1)).to.include("1 over the rate");
    } finally {
      await perVoter.relay.close();
    }
  });

  it("a node that answers another poll's scope is caught before any proof is made for it", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    expect((await readPoll({ elections: f.elections, pollId: 1n })).scope).to.equal(f.scope);
    // The attack of the hostile review: the node answers poll 2's scope for poll 1 (both share the census), so that
    // a proof the voter makes for poll 1 would count in poll 2, cast there by whoever holds it.
    const otherScope = await f.elections.pollScope(2n);
    expect(otherScope).to.not.equal(f.scope);
    const lying = new Proxy(f.elections, {
      get(target, property) {
        if (property === "pollScope") return async (pollId: bigint) => target.pollScope(pollId + 1n);
        return Reflect.get(target, property, target) as unknown;
      },
    }) as Elections;
    let refused: unknown;
    try {
      await readPoll({ elections: lying, pollId: 1n });
    } catch (error) {
      refused = error;
    }
    expect(refused).to.be.instanceOf(InvalidStateError);
    expect((refused as InvalidStateError).message).to.equal(
      `poll 1 is misreported: the node answers scope ${otherScope}, but the contract's scope of this poll (keccak-256 of the chain id, its address and the poll id) is ${f.scope}: read it from another node`,
    );
  });

  it("finishes a ballot under way when it is stopped, then takes no more", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay, logs } = await relayOn(f);
    const underWay = sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst });
    while (relay.stats().requests === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await relay.close();
    const receipt = await underWay;
    expect(await f.elections.ballotOf(1n, adaFirst.nullifier)).to.equal(1n);
    expect((await ethers.provider.getTransaction(receipt.transactionHash))!.from).to.equal(f.relayer.address);
    expect(logs).to.have.length(1);
    expect(logs[0]).to.include("1 request(s); 1 ballot(s) relayed");
    const refused = await refusalOf(
      sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst }),
    );
    expect(refused.code).to.equal("unreachable");
  });

  it("answers the voter's page: CORS preflight and headers, health, polls; unknown paths and methods", async function () {
    f = await networkHelpers.loadFixture(relayFixture);
    const { relay } = await relayOn(f, { allowOrigins: ["https://portal.example.org"] });
    try {
      const preflight = await fetch(`${relay.url}/ballots`, {
        method: "OPTIONS",
        headers: { origin: "https://portal.example.org", "access-control-request-method": "POST" },
      });
      expect(preflight.status).to.equal(204);
      expect(preflight.headers.get("access-control-allow-origin")).to.equal("https://portal.example.org");
      expect(preflight.headers.get("access-control-allow-methods")).to.include("POST");
      expect(preflight.headers.get("access-control-allow-headers")).to.include("Content-Type");
      const foreign = await fetch(`${relay.url}/health`, { headers: { origin: "https://elsewhere.example" } });
      expect(foreign.headers.get("access-control-allow-origin")).to.equal(null);

      const health = (await (await fetch(`${relay.url}/health`)).json()) as Record<string, string>;
      expect(health).to.include({
        status: "ok",
        relayer: f.relayer.address,
        elections: await f.elections.getAddress(),
      });
      const poll = (await (await fetch(`${relay.url}/polls/1`)).json()) as Record<string, unknown>;
      expect(poll).to.include({ state: "Open", rule: "SingleChoice", optionCount: 3, pollId: "1" });
      expect(poll.scope).to.equal(f.scope.toString());
      const missing = await fetch(`${relay.url}/polls/9`);
      expect([missing.status, ((await missing.json()) as { code: string }).code]).to.deep.equal([404, "unknown-poll"]);
      const wrongMethod = await fetch(`${relay.url}/ballots`);
      expect([wrongMethod.status, wrongMethod.headers.get("allow")]).to.deep.equal([405, "POST"]);
      expect((await fetch(`${relay.url}/admin`)).status).to.equal(404);
    } finally {
      await relay.close();
    }
    // Closed: it takes nothing more, and the SDK says the relay did not answer.
    const gone = await refusalOf(
      sendBallotToRelay({ relay: relay.url, pollId: 1n, ballot: 1n, revision: 1n, proof: adaFirst }),
    );
    expect([gone.status, gone.code]).to.deep.equal([0, "unreachable"]);
  });
});

describe("the relay's bounded memory", function () {
  it("a token bucket refills at its rate to the millisecond, and the least recent key is forgotten first", function () {
    let clock = 0;
    const buckets = new TokenBuckets({ perMinute: 3, maxKeys: 2, now: () => clock });
    for (let i = 0; i < 3; i++) expect(buckets.take("a")).to.deep.equal({ ok: true });
    expect(buckets.take("a")).to.deep.equal({ ok: false, retryAfterSeconds: 20 });
    clock += 19_999;
    expect(buckets.take("a")).to.deep.equal({ ok: false, retryAfterSeconds: 1 });
    clock += 1;
    expect(buckets.take("a")).to.deep.equal({ ok: true });
    expect(buckets.take("b")).to.deep.equal({ ok: true });
    expect(buckets.take("c")).to.deep.equal({ ok: true });
    expect(buckets.size).to.equal(2);
    // "a" was the least recently used: forgotten, it starts again with a full bucket.
    for (let i = 0; i < 3; i++) expect(buckets.take("a")).to.deep.equal({ ok: true });
    expect(buckets.size).to.equal(2);
    expect(() => new TokenBuckets({ perMinute: 0.5, maxKeys: 2 })).to.throw(RangeError, /perMinute/);
    expect(() => new TokenBuckets({ perMinute: 1, maxKeys: 0 })).to.throw(RangeError, /maxKeys/);
  });

  it("remembers pending and sent submissions, forgets a refused one, and keeps at most its bound", function () {
    const memory = new SubmissionMemory({ maxKeys: 2 });
    expect(memory.begin("x")).to.equal(true);
    expect(memory.begin("x")).to.equal(false);
    memory.end("x", false);
    expect(memory.has("x")).to.equal(false);
    for (const key of ["x", "y", "z"]) {
      expect(memory.begin(key)).to.equal(true);
      memory.end(key, true);
    }
    expect([memory.has("x"), memory.has("y"), memory.has("z"), memory.size]).to.deep.equal([false, true, true, 2]);
    expect(() => new SubmissionMemory({ maxKeys: 0 })).to.throw(RangeError, /maxKeys/);
  });
});
