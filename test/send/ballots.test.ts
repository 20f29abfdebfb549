/**
 * Ballots take the suite's one send path: a voter's direct ballot (`voter vote --direct`) and the municipality's
 * relay recover from a ballot transaction stuck in the pool by replacing it (same nonce, higher fees), and a direct
 * ballot run again with `--replace-stuck` replaces the one its first run left pending, with the new choice. Automatic
 * mining is off, so that a transaction stays pending until the test mines a block.
 */
import { expect } from "chai";
import { network } from "hardhat";

import { castBallot } from "../../src/actions/elections.js";
import type { ReceiptPolicy } from "../../src/actions/receipts.js";
import { connectSuite, type Suite } from "../../src/deployment.js";
import { releaseProver } from "../../src/elections/index.js";
import { startRelay } from "../../src/elections/node.js";
import { TransactionNotMinedError } from "../../src/errors.js";
import type { TransactionEvent } from "../../src/send.js";
import { fixedIdentity } from "../helpers/ballots.js";
import { townPollFixture } from "../helpers/townPoll.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A wait that gives up after 300 ms, asking the node every 20 ms. */
const FAST: ReceiptPolicy = { timeoutMs: 300, pollMs: 20 };

/** The suite with its citizen register and elections, two voters in the town and one open poll with re-voting. */
async function ballotFixture() {
  const fixture = await townPollFixture(connection, { voters: ["ada", "bo"], polls: 1 });
  const { deployment } = fixture.suite;
  /** The suite as the voter's own account sends with it (`--direct`). */
  const direct: Suite = connectSuite({ deployment, runner: fixture.accounts.alice });
  const readOnly: Suite = connectSuite({ deployment, runner: ethers.provider });
  return { ...fixture, direct, readOnly };
}

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.fail("the promise resolved");
}

/** Events of a send, mining a block as soon as a replacement is sent (the replacement is what gets mined). */
function mineOnReplacement(events: TransactionEvent[]) {
  return (event: TransactionEvent) => {
    events.push(event);
    if (event.type === "replacing") void ethers.provider.send("evm_mine", []);
  };
}

describe("ballots on the send path", function () {
  this.timeout(300_000);

  beforeEach(async function () {
    await networkHelpers.loadFixture(ballotFixture);
    await ethers.provider.send("evm_setAutomine", [false]);
  });

  afterEach(async function () {
    await ethers.provider.send("evm_setAutomine", [true]);
    await ethers.provider.send("evm_mine", []);
  });

  after(async function () {
    await releaseProver();
  });

  it("a voter's direct ballot stuck in the pool is replaced with the same nonce and counted once (--replace-stuck)", async function () {
    const f = await networkHelpers.loadFixture(ballotFixture);
    const events: TransactionEvent[] = [];
    const result = await castBallot({
      suite: f.direct,
      identity: fixedIdentity("ada"),
      pollId: 1n,
      options: [2],
      receipts: { ...FAST, replace: { attempts: 1 } },
      onTransaction: mineOnReplacement(events),
    });
    const sent = events.find((event) => event.type === "sent")!;
    const replacing = events.find((event) => event.type === "replacing")!;
    expect(replacing).to.deep.include({ previousHash: sent.hash, reason: "stuck", nonce: sent.nonce });
    expect(result.hash).to.equal(replacing.hash);
    expect((await ethers.provider.getTransaction(result.hash))!.nonce).to.equal(sent.nonce);
    expect(await ethers.provider.getTransaction(sent.hash)).to.equal(null);
    expect(await f.elections.tally(1n)).to.deep.equal([[0n, 0n, 1n], 1n]);
  });

  it("a direct ballot run again with --replace-stuck replaces the one its first run left pending, with the new choice", async function () {
    const f = await networkHelpers.loadFixture(ballotFixture);
    const first: TransactionEvent[] = [];
    const error = await rejection(
      castBallot({
        suite: f.direct,
        identity: fixedIdentity("ada"),
        pollId: 1n,
        options: [0],
        receipts: FAST,
        onTransaction: (event) => first.push(event),
      }),
    );
    const stuck = first.find((event) => event.type === "sent")!;
    expect(error).to.be.instanceOf(TransactionNotMinedError);
    expect((error as TransactionNotMinedError).shortMessage).to.equal(
      `cast a ballot in poll 1: transaction ${stuck.hash} (nonce ${stuck.nonce}) is still not mined; ` +
        "run the command again with --replace-stuck to resend it with the same nonce and a higher fee",
    );
    const second: TransactionEvent[] = [];
    const result = await castBallot({
      suite: f.direct,
      identity: fixedIdentity("ada"),
      pollId: 1n,
      options: [1],
      receipts: { ...FAST, replace: { attempts: 1 } },
      onTransaction: mineOnReplacement(second),
    });
    expect(second.find((event) => event.type === "replacing")).to.deep.include({
      previousHash: stuck.hash,
      hash: result.hash,
      nonce: stuck.nonce,
    });
    expect(await ethers.provider.getTransaction(stuck.hash)).to.equal(null);
    expect(result.revision).to.equal(1n);
    expect(await f.elections.tally(1n)).to.deep.equal([[0n, 1n, 0n], 1n]);
  });

  it("the relay replaces its own stuck ballot transaction and answers with the replacement", async function () {
    const f = await networkHelpers.loadFixture(ballotFixture);
    const relayer = f.accounts.outsider;
    const relay = await startRelay({
      suite: f.readOnly,
      signer: relayer,
      port: 0,
      logIntervalMs: 0,
      log: () => undefined,
      receipts: FAST,
    });
    // Watches the pool: once a second transaction of the relayer's is there, the first was replaced; mine then.
    const seen = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const pending = (await ethers.provider.send("eth_pendingTransactions", [])) as {
          hash: string;
          from: string;
          nonce: string;
        }[];
        for (const transaction of pending) {
          if (transaction.from.toLowerCase() === relayer.address.toLowerCase()) {
            seen.set(transaction.hash, Number(transaction.nonce));
          }
        }
        if (seen.size >= 2) {
          await ethers.provider.send("evm_mine", []);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    try {
      const result = await castBallot({
        suite: f.readOnly,
        identity: fixedIdentity("bo"),
        pollId: 1n,
        options: [0],
        relay: relay.url,
      });
      const [original, replacement] = [...seen.keys()];
      expect(result.hash).to.equal(replacement);
      expect(seen.get(original)).to.equal(seen.get(replacement));
      expect(await ethers.provider.getTransaction(original)).to.equal(null);
      expect((await ethers.provider.getTransaction(result.hash))!.from).to.equal(relayer.address);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 0n], 1n]);
    } finally {
      watching = false;
      await watcher;
      await relay.close();
    }
  });
});
