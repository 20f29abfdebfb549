/**
 * The pieces of the send path that decide whether a refused replacement is the very transaction the node holds: the
 * fees compared, and the node's words for "already known", as ethers wraps them.
 */
import { expect } from "chai";

import { feesUnchanged, isAlreadyKnown } from "../../src/actions/receipts.js";
import { durationText } from "../../src/vocabulary.js";

/** An error as ethers reports a JSON-RPC refusal: its own message, the node's error inside. */
const refusal = (message: string) => ({
  shortMessage: "could not coalesce error",
  error: { code: -32003, message },
  info: { error: { code: -32003, message } },
});

describe("a replacement the node already holds", function () {
  it("recognises the common clients' words for a transaction already in the pool, nested as ethers wraps them", function () {
    for (const words of [
      "already known",
      "transaction already imported",
      "Known transaction",
      "AlreadyKnown",
      "TRANSACTION_ALREADY_KNOWN",
    ]) {
      expect(isAlreadyKnown(refusal(words)), words).to.equal(true);
    }
    expect(isAlreadyKnown({ cause: { cause: new Error("already known") } })).to.equal(true);
  });

  it("does not take another refusal for it: unknown transaction, underpriced, nonce too low", function () {
    for (const words of [
      "unknown transaction",
      "replacement transaction underpriced",
      "nonce too low",
      "insufficient funds",
    ]) {
      expect(isAlreadyKnown(refusal(words)), words).to.equal(false);
    }
    expect(isAlreadyKnown("already known")).to.equal(false);
    expect(isAlreadyKnown(null)).to.equal(false);
  });

  it("calls fees unchanged only when every fee is the earlier one, legacy or EIP-1559", function () {
    const legacy = { gasPrice: 0n, maxFeePerGas: null, maxPriorityFeePerGas: null };
    expect(feesUnchanged(legacy, { gasPrice: 0n })).to.equal(true);
    expect(feesUnchanged(legacy, { gasPrice: 1n })).to.equal(false);
    const eip1559 = { gasPrice: 0n, maxFeePerGas: 0n, maxPriorityFeePerGas: 0n };
    expect(feesUnchanged(eip1559, { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n })).to.equal(true);
    expect(feesUnchanged(eip1559, { maxFeePerGas: 0n, maxPriorityFeePerGas: 1n })).to.equal(false);
    expect(feesUnchanged(eip1559, { maxFeePerGas: 1n, maxPriorityFeePerGas: 0n })).to.equal(false);
    // A legacy fee for an EIP-1559 transaction is another transaction.
    expect(feesUnchanged(eip1559, { gasPrice: 0n })).to.equal(false);
  });
});

describe("durations for people", function () {
  it("says a duration in days, hours, minutes and seconds, singular and plural", function () {
    expect(durationText(0)).to.equal("0 seconds");
    expect(durationText(1)).to.equal("1 second");
    expect(durationText(90)).to.equal("1 minute 30 seconds");
    expect(durationText(3 * 86_400)).to.equal("3 days");
    expect(durationText(86_400 + 6 * 3_600)).to.equal("1 day 6 hours");
    expect(durationText(7n * 86_400n + 3_661n)).to.equal("7 days 1 hour 1 minute 1 second");
  });
});
