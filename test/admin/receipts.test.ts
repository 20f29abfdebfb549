import { expect } from "chai";
import type { TransactionResponse } from "ethers";
import { network } from "hardhat";

import { requireFeeWithinCap, waitForReceipt, type WaitEvent } from "../../src/actions/receipts.js";
import { EgovError, TransactionNotMinedError } from "../../src/errors.js";

const { ethers } = await network.create();

/** The rejection of a promise (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return expect.fail("the promise resolved");
}

describe("waiting for receipts", function () {
  const FAST = { timeoutMs: 400, pollMs: 20 };

  async function pay(): Promise<TransactionResponse> {
    const [, sender, receiver] = await ethers.getSigners();
    return sender.sendTransaction({ to: receiver.address, value: 1n });
  }

  beforeEach(async function () {
    await ethers.provider.send("evm_setAutomine", [false]);
  });

  afterEach(async function () {
    await ethers.provider.send("evm_setAutomine", [true]);
    await ethers.provider.send("evm_mine", []);
  });

  it("returns the receipt once the transaction is mined", async function () {
    const response = await pay();
    setTimeout(() => void ethers.provider.send("evm_mine", []), 50);
    const receipt = await waitForReceipt({ response, description: "pay", policy: FAST });
    expect(receipt.hash).to.equal(response.hash);
    expect(receipt.status).to.equal(1);
  });

  it("a transaction still pending after the timeout is stuck, named with its hash and nonce", async function () {
    const response = await pay();
    const error = await rejection(waitForReceipt({ response, description: "pay", policy: FAST }));
    expect(error).to.be.instanceOf(TransactionNotMinedError);
    expect((error as TransactionNotMinedError).state).to.equal("stuck");
    expect((error as TransactionNotMinedError).shortMessage).to.equal(
      `pay: transaction ${response.hash} (nonce ${response.nonce}) is still not mined; ` +
        "run the command again with --replace-stuck to resend it with the same nonce and a higher fee",
    );
  });

  it("a transaction the node dropped is reported as dropped before the timeout", async function () {
    const response = await pay();
    await ethers.provider.send("hardhat_dropTransaction", [response.hash]);
    const started = Date.now();
    const error = await rejection(
      waitForReceipt({ response, description: "pay", policy: { timeoutMs: 60_000, pollMs: 20 } }),
    );
    expect(Date.now() - started).to.be.below(10_000);
    expect((error as TransactionNotMinedError).state).to.equal("dropped");
    expect((error as TransactionNotMinedError).shortMessage).to.match(/was dropped by the node; run the command again/);
  });

  it("another transaction with the same nonce makes it replaced", async function () {
    const response = await pay();
    const [, sender] = await ethers.getSigners();
    const other = await sender.sendTransaction({
      to: sender.address,
      nonce: response.nonce,
      maxFeePerGas: response.maxFeePerGas! * 2n,
      maxPriorityFeePerGas: response.maxPriorityFeePerGas! * 2n,
    });
    await ethers.provider.send("evm_mine", []);
    expect((await ethers.provider.getTransactionReceipt(other.hash))?.status).to.equal(1);
    const error = await rejection(waitForReceipt({ response, description: "pay", policy: FAST }));
    expect((error as TransactionNotMinedError).state).to.equal("replaced");
    expect((error as TransactionNotMinedError).shortMessage).to.equal(
      `pay: transaction ${response.hash} (nonce ${response.nonce}) was replaced by another transaction with the same ` +
        "nonce; nothing of this command was written by it; check the record on chain before running the command again",
    );
  });

  it("a mined transaction whose receipt the node serves a moment after its nonce is not taken for replaced", async function () {
    const response = await pay();
    await ethers.provider.send("evm_mine", []);
    // A node that counts the block's nonce at once but serves its receipts 200 ms later, as anvil may under load.
    const servedFrom = Date.now() + 200;
    let receiptReads = 0;
    const lagging = new Proxy(ethers.provider, {
      get(target, property) {
        if (property === "getTransactionReceipt") {
          return async (hash: string) => (
            ++receiptReads,
            Date.now() < servedFrom ? null : target.getTransactionReceipt(hash)
          );
        }
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const laggingResponse = new Proxy(response, {
      get: (target, property) => (property === "provider" ? lagging : Reflect.get(target, property, target)),
    });
    const receipt = await waitForReceipt({ response: laggingResponse, description: "pay", policy: FAST });
    expect(receipt.hash).to.equal(response.hash);
    expect(receipt.status).to.equal(1);
    expect(receiptReads).to.be.at.least(2);
  });

  it("with replacement allowed, a stuck transaction is resent with the same nonce and 20% higher fees, mined once", async function () {
    const [, sender, receiver] = await ethers.getSigners();
    const balance = await ethers.provider.getBalance(receiver.address);
    const response = await pay();
    const events: WaitEvent[] = [];
    const receipt = await waitForReceipt({
      response,
      description: "pay",
      signer: sender,
      policy: { ...FAST, replace: { attempts: 1 } },
      onEvent: (event) => {
        events.push(event);
        if (event.type === "replacing") void ethers.provider.send("evm_mine", []);
      },
    });
    const replacing = events.find((event) => event.type === "replacing")!;
    expect(replacing).to.deep.include({ previousHash: response.hash, reason: "stuck", nonce: response.nonce });
    expect(receipt.hash).to.equal(replacing.hash);
    const replacement = await ethers.provider.getTransaction(receipt.hash);
    expect(replacement!.nonce).to.equal(response.nonce);
    expect(replacement!.data).to.equal(response.data);
    expect(replacement!.maxFeePerGas! >= (response.maxFeePerGas! * 120n) / 100n).to.equal(true);
    expect(replacement!.maxPriorityFeePerGas! >= (response.maxPriorityFeePerGas! * 120n) / 100n).to.equal(true);
    expect(await ethers.provider.getTransactionReceipt(response.hash)).to.equal(null);
    expect(await ethers.provider.getBalance(receiver.address)).to.equal(balance + 1n);
  });

  it("a replacement that would offer more than the fee cap is not sent", async function () {
    const [, sender] = await ethers.getSigners();
    const response = await pay();
    const nonce = await ethers.provider.getTransactionCount(sender.address, "pending");
    const error = await rejection(
      waitForReceipt({
        response,
        description: "pay",
        signer: sender,
        policy: { ...FAST, replace: { attempts: 1, maxFeePerGas: 1n } },
      }),
    );
    expect(error).to.be.instanceOf(EgovError);
    expect((error as EgovError).shortMessage).to.match(
      new RegExp(
        `^pay: transaction ${response.hash} \\(nonce ${response.nonce}\\) needs a replacement at \\d+ wei per gas, over the network's cap of 1; nothing was resent$`,
      ),
    );
    expect(await ethers.provider.getTransactionCount(sender.address, "pending")).to.equal(nonce);
  });

  it("nothing is sent while the network asks more per gas than the cap", async function () {
    const { maxFeePerGas } = await ethers.provider.getFeeData();
    const error = await rejection(
      requireFeeWithinCap({ provider: ethers.provider, policy: { maxFeePerGas: 1n }, description: "pay" }),
    );
    expect((error as EgovError).shortMessage).to.equal(
      `pay: the network asks ${maxFeePerGas} wei per gas, over the cap of 1 (ignition.maxFeePerGasLimit); nothing was sent`,
    );
    await requireFeeWithinCap({
      provider: ethers.provider,
      policy: { maxFeePerGas: maxFeePerGas! },
      description: "pay",
    });
    await requireFeeWithinCap({ provider: ethers.provider, policy: {}, description: "pay" });
  });

  it("waits for the confirmations it is told, and says so when they do not come", async function () {
    const response = await pay();
    await ethers.provider.send("evm_mine", []);
    const error = await rejection(
      waitForReceipt({ response, description: "pay", policy: { ...FAST, confirmations: 3 } }),
    );
    expect((error as EgovError).shortMessage).to.match(
      new RegExp(
        `^pay: transaction ${response.hash} is mined in block \\d+ but has 1 of 3 confirmations after 0.4 s; it stays on chain: check it later$`,
      ),
    );
    setTimeout(() => void ethers.provider.send("hardhat_mine", ["0x2"]), 50);
    const receipt = await waitForReceipt({ response, description: "pay", policy: { ...FAST, confirmations: 3 } });
    expect(receipt.hash).to.equal(response.hash);
    expect((await ethers.provider.getBlockNumber()) - receipt.blockNumber + 1).to.equal(3);
  });
});
