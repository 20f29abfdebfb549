/**
 * The one send path (`src/send.ts`) on an in-process Hardhat network with automatic mining off, so that a
 * transaction stays pending until the test mines a block: a stuck transaction is replaced (same nonce, higher fees,
 * the replacement mined, the original gone), a timeout says which transaction and what to do, a revert is refused
 * before anything is sent with the contract's custom error decoded, and a command run again with `--replace-stuck`
 * replaces the transaction its earlier run left pending. The commands' actions, the bulk imports, a voter's direct
 * ballot and the relay take this path with its options.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id, type TransactionResponse } from "ethers";
import { network } from "hardhat";

import { registerTitle, registerTitles } from "../../src/actions/property.js";
import { type ReceiptPolicy, waitForReceipt, type WaitEvent } from "../../src/actions/receipts.js";
import type { Suite } from "../../src/deployment.js";
import { ContractRevertError, EgovError, TransactionNotMinedError } from "../../src/errors.js";
import { MIN_FEE_BUMP_PERCENT, sendTransaction, type TransactionEvent } from "../../src/send.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** A wait that gives up after 300 ms, asking the node every 20 ms. */
const FAST: ReceiptPolicy = { timeoutMs: 300, pollMs: 20 };

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.fail("the promise resolved");
}

async function sendFixture() {
  const fixture = await deployAdminSuite(connection);
  await registerTitle({
    suite: fixture.suite,
    signer: fixture.accounts.landRegistrar,
    cadastralReference: "UT-1",
    owner: fixture.accounts.alice.address,
    documentHash: id("deed 1"),
  });
  return fixture;
}

/** Events of a send, mining a block as soon as a replacement is sent (the replacement is what gets mined). */
function mineOnReplacement(events: TransactionEvent[]) {
  return (event: TransactionEvent) => {
    events.push(event);
    if (event.type === "replacing") void ethers.provider.send("evm_mine", []);
  };
}

/** The call that registers `reference` to `owner` with the document `deed`. */
function registerCall(suite: Suite, reference: string, owner: string, deed = id(reference)) {
  return {
    to: suite.deployment.contracts.PropertyRegistry!.proxy,
    data: suite.propertyRegistry.interface.encodeFunctionData("registerTitle", [reference, owner, deed, ""]),
  };
}

describe("the send path", function () {
  this.timeout(120_000);

  beforeEach(async function () {
    await networkHelpers.loadFixture(sendFixture);
    await ethers.provider.send("evm_setAutomine", [false]);
  });

  afterEach(async function () {
    await ethers.provider.send("evm_setAutomine", [true]);
    await ethers.provider.send("evm_mine", []);
  });

  it("a stuck transaction of a command is replaced: same nonce and call, fees 10% higher, the replacement mined, the original gone", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const events: TransactionEvent[] = [];
    const execution = await registerTitle({
      suite,
      signer: accounts.landRegistrar,
      cadastralReference: "UT-2",
      owner: accounts.alice.address,
      documentHash: id("deed 2"),
      // A bump below the nodes' minimum is raised to it.
      receipts: { ...FAST, replace: { attempts: 1, bumpPercent: 1 } },
      onTransaction: mineOnReplacement(events),
    });
    const sent = events.find((event) => event.type === "sent")!;
    const replacing = events.find((event) => event.type === "replacing")!;
    expect(replacing).to.deep.include({ previousHash: sent.hash, reason: "stuck", nonce: sent.nonce });
    expect(execution.mode === "send" && execution.transactions[0].hash).to.equal(replacing.hash);
    const original = (await ethers.provider.getTransaction(sent.hash)) ?? undefined;
    expect(original).to.equal(undefined);
    const replacement = (await ethers.provider.getTransaction(replacing.hash))!;
    expect(replacement.nonce).to.equal(sent.nonce);
    expect(replacement.data).to.equal(registerCall(suite, "UT-2", accounts.alice.address, id("deed 2")).data);
    expect((await ethers.provider.getTransactionReceipt(replacing.hash))!.status).to.equal(1);
    expect(events.at(-1)).to.deep.include({ type: "mined", hash: replacing.hash });
    expect(await suite.propertyRegistry.balanceOf(accounts.alice.address)).to.equal(2n);
  });

  it("a replacement raises each fee by the minimum bump, rounded up: EIP-1559 fees and a legacy gas price", async function () {
    const [, sender, receiver] = await ethers.getSigners();
    const policy: ReceiptPolicy = { ...FAST, replace: { attempts: 1, bumpPercent: MIN_FEE_BUMP_PERCENT } };
    const up = (fee: bigint) => (fee * 110n + 99n) / 100n;

    const events: TransactionEvent[] = [];
    let original: Promise<TransactionResponse | null> | undefined;
    const receipt = await sendTransaction({
      signer: sender,
      call: { to: receiver.address, data: "0x", value: 1n },
      description: "pay",
      policy,
      onEvent: (event) => {
        if (event.type === "sent") original = ethers.provider.getTransaction(event.hash);
        mineOnReplacement(events)(event);
      },
    });
    const before = (await original)!;
    const mined = (await ethers.provider.getTransaction(receipt.hash))!;
    expect(events.find((event) => event.type === "replacing")).to.deep.include({
      previousHash: before.hash,
      hash: mined.hash,
    });
    // The network's fees have not moved (no block was mined in between): the bump decides.
    expect([mined.type, mined.nonce, mined.maxFeePerGas, mined.maxPriorityFeePerGas]).to.deep.equal([
      2,
      before.nonce,
      up(before.maxFeePerGas!),
      up(before.maxPriorityFeePerGas!),
    ]);
    expect(await ethers.provider.getTransaction(before.hash)).to.equal(null);

    const gasPrice = 10_000_000_001n;
    const legacy: TransactionResponse = await sender.sendTransaction({
      to: receiver.address,
      value: 1n,
      type: 0,
      gasPrice,
    });
    const legacyEvents: WaitEvent[] = [];
    const legacyReceipt = await waitForReceipt({
      response: legacy,
      description: "pay (legacy)",
      signer: sender,
      policy,
      onEvent: (event) => {
        legacyEvents.push(event);
        if (event.type === "replacing") void ethers.provider.send("evm_mine", []);
      },
    });
    const replaced = (await ethers.provider.getTransaction(legacyReceipt.hash))!;
    expect(legacyEvents.find((event) => event.type === "replacing")).to.deep.include({
      previousHash: legacy.hash,
      hash: replaced.hash,
    });
    expect([replaced.type, replaced.nonce, replaced.gasPrice]).to.deep.equal([0, legacy.nonce, up(gasPrice)]);
    expect(await ethers.provider.getTransaction(legacy.hash)).to.equal(null);
  });

  it("a transaction still pending after the timeout is reported with its hash, nonce and what to do", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const events: TransactionEvent[] = [];
    const error = await rejection(
      registerTitle({
        suite,
        signer: accounts.landRegistrar,
        cadastralReference: "UT-2",
        owner: accounts.alice.address,
        documentHash: id("deed 2"),
        receipts: FAST,
        onTransaction: (event) => events.push(event),
      }),
    );
    const sent = events.find((event) => event.type === "sent")!;
    expect(error).to.be.instanceOf(TransactionNotMinedError);
    expect((error as TransactionNotMinedError).shortMessage).to.equal(
      `register UT-2 to ${accounts.alice.address}: transaction ${sent.hash} (nonce ${sent.nonce}) is still not mined; ` +
        "run the command again with --replace-stuck to resend it with the same nonce and a higher fee",
    );
  });

  it("a command run again with --replace-stuck replaces the transaction its first run left pending, and writes once", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const run = (receipts: ReceiptPolicy, events: TransactionEvent[]) =>
      registerTitle({
        suite,
        signer: accounts.landRegistrar,
        cadastralReference: "UT-2",
        owner: accounts.alice.address,
        documentHash: id("deed 2"),
        receipts,
        onTransaction: mineOnReplacement(events),
      });
    const first: TransactionEvent[] = [];
    await rejection(run(FAST, first));
    const stuck = first.find((event) => event.type === "sent")!;
    const pendingNonce = await ethers.provider.getTransactionCount(accounts.landRegistrar.address, "pending");
    const second: TransactionEvent[] = [];
    const execution = await run({ ...FAST, replace: { attempts: 1 } }, second);
    const replacing = second.find((event) => event.type === "replacing")!;
    expect(replacing).to.deep.include({ previousHash: stuck.hash, nonce: stuck.nonce });
    expect(execution.mode === "send" && execution.transactions[0].hash).to.equal(replacing.hash);
    expect(await ethers.provider.getTransaction(stuck.hash)).to.equal(null);
    // No second copy was sent with another nonce: the account's next nonce is the one after the stuck transaction.
    expect(await ethers.provider.getTransactionCount(accounts.landRegistrar.address, "pending")).to.equal(pendingNonce);
    expect(await suite.propertyRegistry.balanceOf(accounts.alice.address)).to.equal(2n);
  });

  it("a call that would revert is refused before sending, with the contract's custom error decoded", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const nonce = await ethers.provider.getTransactionCount(accounts.landRegistrar.address, "pending");
    const error = await rejection(
      sendTransaction({
        signer: accounts.landRegistrar,
        call: registerCall(suite, "UT-1", accounts.bob.address),
        description: "register UT-1 again",
        policy: FAST,
      }),
    );
    expect(error).to.be.instanceOf(ContractRevertError);
    expect((error as ContractRevertError).errorName).to.equal("PropertyRegistryDuplicateCadastralReference");
    expect((error as ContractRevertError).args).to.deep.equal({
      cadastralReference: "UT-1",
      parcelId: await suite.propertyRegistry.parcelIdOf("UT-1"),
    });
    expect(await ethers.provider.getTransactionCount(accounts.landRegistrar.address, "pending")).to.equal(nonce);
  });

  it("a bulk import's stuck batch is replaced through the same path, and the journal follows the replacement", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const dir = mkdtempSync(join(tmpdir(), "egov-send-"));
    try {
      const inputPath = join(dir, "rows.csv");
      writeFileSync(inputPath, "stand-in for the input file");
      const events: TransactionEvent[] = [];
      const summary = await registerTitles({
        suite,
        signer: accounts.landRegistrar,
        chunkSize: 4,
        journalPath: join(dir, "rows.csv.journal"),
        inputPath,
        rows: [1, 2, 3].map((index) => ({
          label: `rows.csv row ${index}`,
          cadastralReference: `B-${index}`,
          owner: accounts.bob.address,
          documentHash: id(`deed B-${index}`),
          metadataURI: "",
        })),
        receipts: { ...FAST, replace: { attempts: 1 } },
        onTransaction: mineOnReplacement(events),
      });
      const sent = events.find((event) => event.type === "sent")!;
      const replacing = events.find((event) => event.type === "replacing")!;
      expect(replacing).to.deep.include({ previousHash: sent.hash, reason: "stuck", nonce: sent.nonce });
      expect(summary).to.deep.include({ written: 3, batches: 1 });
      expect(summary.transactions[0]).to.deep.include({ hash: replacing.hash });
      expect(await ethers.provider.getTransaction(sent.hash)).to.equal(null);
      expect(await suite.propertyRegistry.balanceOf(accounts.bob.address)).to.equal(3n);
      // A rerun after a crash would wait for the replacement: the journal names it after the original.
      const journal = readFileSync(join(dir, "rows.csv.journal"), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as { type: string; tx?: string; nonce?: number });
      expect(
        journal.filter((entry) => entry.type !== "start").map((entry) => [entry.type, entry.tx ?? entry.nonce]),
      ).to.deep.equal([
        ["sending", sent.nonce],
        ["sent", sent.hash],
        ["sent", replacing.hash],
        ["confirmed", replacing.hash],
        ["done", undefined],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bulk import run again with --replace-stuck replaces the batch its first run left pending, and writes it once", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    const dir = mkdtempSync(join(tmpdir(), "egov-send-"));
    try {
      const inputPath = join(dir, "rows.csv");
      writeFileSync(inputPath, "stand-in for the input file");
      const run = (receipts: ReceiptPolicy, events: TransactionEvent[]) =>
        registerTitles({
          suite,
          signer: accounts.landRegistrar,
          chunkSize: 4,
          journalPath: join(dir, "rows.csv.journal"),
          inputPath,
          rows: [1, 2].map((index) => ({
            label: `rows.csv row ${index}`,
            cadastralReference: `C-${index}`,
            owner: accounts.bob.address,
            documentHash: id(`deed C-${index}`),
            metadataURI: "",
          })),
          receipts,
          onTransaction: mineOnReplacement(events),
        });
      const first: TransactionEvent[] = [];
      const error = await rejection(run(FAST, first));
      const stuck = first.find((event) => event.type === "sent")!;
      expect((error as TransactionNotMinedError).shortMessage).to.equal(
        `PropertyRegistry.multicall: 2 rows (rows.csv row 1 to rows.csv row 2): transaction ${stuck.hash} ` +
          `(nonce ${stuck.nonce}) is still not mined; run the command again with --replace-stuck to resend it with ` +
          "the same nonce and a higher fee",
      );
      const second: TransactionEvent[] = [];
      const summary = await run({ ...FAST, replace: { attempts: 1 } }, second);
      const replacing = second.find((event) => event.type === "replacing")!;
      expect(replacing).to.deep.include({ previousHash: stuck.hash, nonce: stuck.nonce });
      expect(summary).to.deep.include({ written: 0, writtenEarlier: 2, batches: 0 });
      expect(await ethers.provider.getTransaction(stuck.hash)).to.equal(null);
      expect((await ethers.provider.getTransactionReceipt(replacing.hash))!.status).to.equal(1);
      expect(await suite.propertyRegistry.balanceOf(accounts.bob.address)).to.equal(2n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("without a pool listing, a run with --replace-stuck sends nothing on top of a pending transaction", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(sendFixture);
    await rejection(
      sendTransaction({
        signer: accounts.landRegistrar,
        call: registerCall(suite, "UT-2", accounts.alice.address),
        description: "register UT-2",
        policy: FAST,
      }),
    );
    const provider = new Proxy(ethers.provider, {
      get(target, property) {
        if (property === "send") {
          return async (method: string, params: unknown[]) => {
            if (method === "eth_pendingTransactions" || method === "txpool_content") {
              throw new Error(`the method ${method} does not exist/is not available`);
            }
            return target.send(method, params);
          };
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const signer = accounts.landRegistrar.connect(provider);
    const latest = await ethers.provider.getTransactionCount(accounts.landRegistrar.address, "latest");
    const error = await rejection(
      sendTransaction({
        signer,
        call: registerCall(suite, "UT-2", accounts.alice.address),
        description: "register UT-2",
        policy: { ...FAST, replace: { attempts: 1 } },
      }),
    );
    expect(error).to.be.instanceOf(EgovError);
    expect((error as EgovError).shortMessage).to.equal(
      `register UT-2: account ${accounts.landRegistrar.address} has 1 transaction(s) sent and not mined ` +
        `(nonce ${latest} to ${latest}), and the node does not list its pool, so --replace-stuck cannot find the one ` +
        "this command sent before; nothing was sent: wait until they are mined, then run the command again",
    );
  });
});
