import { expect } from "chai";
import { type Provider, toQuantity } from "ethers";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { networkSettings } from "../../src/cli/network.js";
import { InvalidInputError } from "../../src/errors.js";
import {
  configureLogReads,
  FIRST_LOG_RANGE,
  forEachLog,
  isRangeRefusal,
  LOG_RANGE,
  LogReadError,
  LOGS_PER_REQUEST,
  PAGES_BEFORE_GROWING,
  type RawLog,
} from "../../src/logs.js";

const ADDRESS = "0x0000000000000000000000000000000000000001";

/** `value` as a 32-byte word, in hex. */
const word = (value: number) => `0x${value.toString(16).padStart(64, "0")}`;

/**
 * A node that answers `eth_blockNumber` and `eth_getLogs` from `logsPerBlock`, and records each range it served; with
 * `cap`, it refuses a range of more logs the way Infura does.
 */
function fakeNode(logsPerBlock: (block: number) => number, lastBlock: number, cap?: number) {
  const asked: { from: number; to: number; logs: number }[] = [];
  let refused = 0;
  const provider = {
    send: async (method: string, params: unknown[]) => {
      if (method === "eth_blockNumber") return toQuantity(lastBlock);
      const { fromBlock, toBlock } = params[0] as { fromBlock: string; toBlock: string };
      const [from, to] = [Number(fromBlock), Number(toBlock)];
      let count = 0;
      for (let block = from; block <= to; block++) count += logsPerBlock(block);
      if (cap !== undefined && count > cap) {
        refused++;
        throw Object.assign(new Error(`query returned more than ${cap} results`), { code: -32005 });
      }
      asked.push({ from, to, logs: count });
      const logs: RawLog[] = [];
      for (let block = from; block <= to; block++) {
        for (let i = 0; i < logsPerBlock(block); i++) {
          logs.push({ topics: [word(block)], data: word(i) });
        }
      }
      return logs;
    },
  } as unknown as Provider;
  return { provider, asked, refused: () => refused };
}

/** The logs `forEachLog` reads, from a first range of `firstBlockRange` blocks (10,000 unless told; 100 when undefined). */
async function read(
  provider: Provider,
  fromBlock: number,
  { firstBlockRange }: { firstBlockRange?: number } = { firstBlockRange: LOG_RANGE },
): Promise<RawLog[]> {
  const logs: RawLog[] = [];
  await forEachLog({ provider, address: ADDRESS, fromBlock, topics: [], firstBlockRange }, (log) => logs.push(log));
  return logs;
}

/** The ranges read cover every block from `first` to `last` once, in order. */
function expectContiguous(asked: readonly { from: number; to: number }[], first: number, last: number): void {
  asked.forEach((range, index) => expect(range.from).to.equal(index === 0 ? first : asked[index - 1].to + 1));
  expect(asked.at(-1)!.to).to.equal(last);
}

describe("Log paging: ranges that adapt to the node", function () {
  it("reads a sparse chain from 100 blocks up to 10,000 a request, every block once", async function () {
    const { provider, asked } = fakeNode((block) => (block % 1000 === 0 ? 1 : 0), 100_000);
    const logs = await read(provider, 5, {});
    expect(logs).to.have.length(100);
    expect(asked[0]).to.deep.include({ from: 5, to: 5 + FIRST_LOG_RANGE - 1 });
    expect(asked.map((range) => range.to - range.from + 1)).to.include(LOG_RANGE);
    expect(asked.every((range) => range.to - range.from + 1 <= LOG_RANGE)).to.equal(true);
    expectContiguous(asked, 5, 100_000);
  });

  it("narrows the range over a dense chain so that a response holds about 10,000 logs", async function () {
    // 2 logs a block: the first range of 10,000 blocks holds 20,000.
    const { provider, asked } = fakeNode(() => 2, 19_999);
    const logs = await read(provider, 0);
    expect(logs).to.have.length(2 * 20_000);
    expect(asked[0].logs).to.equal(2 * LOG_RANGE);
    expect(asked.length).to.be.greaterThan(2);
    for (const range of asked.slice(1)) expect(range.logs).to.be.at.most(LOGS_PER_REQUEST);
    const blocks = logs.map((log) => Number(log.topics[0]));
    expect(blocks.every((block, index) => index === 0 || block >= blocks[index - 1])).to.equal(true);
  });

  it("halves a range the node refuses, and grows it back after pages that pass", async function () {
    // 2,000 dense blocks (4 logs each, 8,000 in all) and a sparse tail; the node returns 500 logs at most.
    const { provider, asked, refused } = fakeNode(
      (block) => (block < 2000 ? 4 : block % 100 === 0 ? 1 : 0),
      200_000,
      500,
    );
    const logs = await read(provider, 0);
    expect(logs).to.have.length(8000 + 1981);
    expect(refused()).to.be.greaterThan(0);
    for (const range of asked) expect(range.logs).to.be.at.most(500);
    expectContiguous(asked, 0, 200_000);
    // Halved down to 78 blocks (312 logs) in the dense part, then back up to 10,000 in the sparse tail.
    const widths = asked.map((range) => range.to - range.from + 1);
    expect(widths[0]).to.equal(78);
    expect(widths.filter((width) => width === LOG_RANGE).length).to.be.greaterThan(0);
    for (let index = 1; index < widths.length; index++) {
      if (widths[index] > widths[index - 1] && index < widths.length - 1) {
        // A growth step doubles, after PAGES_BEFORE_GROWING full pages of the narrower range.
        expect(widths[index]).to.equal(Math.min(widths[index - 1] * 2, LOG_RANGE));
        expect(widths.slice(index - PAGES_BEFORE_GROWING, index)).to.deep.equal(
          Array(PAGES_BEFORE_GROWING).fill(widths[index - 1]),
        );
      }
    }
  });

  it("starts at the configured maximum and never asks more", async function () {
    const { provider, asked } = fakeNode(() => 0, 2_000);
    configureLogReads(provider, { maxBlockRange: 300 });
    await read(provider, 0);
    expect(asked.map((range) => range.to - range.from + 1)).to.deep.equal([300, 300, 300, 300, 300, 300, 201]);
  });

  it("refuses a maximum that is not a whole number of blocks from 1 to 1,000,000", function () {
    const { provider } = fakeNode(() => 0, 10);
    for (const value of [0, -1, 1.5, 1_000_001, Number.NaN]) {
      expect(() => configureLogReads(provider, { maxBlockRange: value }))
        .to.throw(InvalidInputError)
        .with.property("message", "maxBlockRange: must be a whole number of blocks from 1 to 1,000,000");
    }
  });

  it("takes the maximum from a network's egov.maxLogBlockRange, and names the key of a bad one", function () {
    const hre = (maxLogBlockRange: unknown) =>
      ({
        userConfig: { networks: { sepolia: { egov: { maxLogBlockRange } } } },
      }) as unknown as HardhatRuntimeEnvironment;
    expect(networkSettings(hre(2_000), "sepolia").maxLogBlockRange).to.equal(2_000);
    for (const value of [0, "2000", 1_000_001]) {
      expect(() => networkSettings(hre(value), "sepolia"))
        .to.throw(InvalidInputError)
        .with.property("message", "networks.sepolia.egov.maxLogBlockRange: must be a whole number from 1 to 1000000");
    }
  });

  it("fails naming the node, the contract and the block when the node refuses a single block", async function () {
    // Block 7 alone holds 40 logs, over the node's 30.
    const { provider } = fakeNode((block) => (block === 7 ? 40 : 0), 20, 30);
    const error = await read(provider, 0).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(LogReadError);
    expect((error as LogReadError).message).to.equal(
      `the node refuses the logs of ${ADDRESS} in block 7 alone, the smallest range there is: query returned more than 30 results`,
    );
    expect(error).to.deep.include({ fromBlock: 7, toBlock: 7, address: ADDRESS });
  });

  it("does not split a range on other errors, and names the node and the blocks", async function () {
    let requests = 0;
    const provider = {
      send: async (method: string) => {
        if (method === "eth_blockNumber") return "0x10";
        requests++;
        throw new Error("header not found");
      },
    } as unknown as Provider;
    configureLogReads(provider, { node: 'the node of network "sepolia"' });
    const error = (await read(provider, 0).catch((caught: unknown) => caught)) as Error;
    expect(error).to.be.instanceOf(LogReadError);
    expect(error.message).to.equal(
      `reading the logs of ${ADDRESS} in blocks 0 to 16 from the node of network "sepolia" failed: header not found`,
    );
    expect(requests).to.equal(1);
  });

  it("recognises the refusals of the common clients and providers, and nothing else", function () {
    const refusals: [string, number | undefined][] = [
      ["query returned more than 10000 results. Try with this block range [0x1, 0x2710].", -32005], // Infura
      ["query returned more than 10000 results", undefined], // geth-based
      [
        "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on the response size, or you can request any block range with a cap of 10K logs in the response.",
        -32602,
      ], // Alchemy
      ["Under the Free tier plan, you can make eth_getLogs requests with up to a 10 block range.", -32600], // Alchemy
      ["eth_getLogs is limited to a 10,000 range", -32614], // QuickNode
      ["eth_getLogs and eth_newFilter are limited to a 10,000 blocks range", -32000], // QuickNode
      ["block range is too wide (maximum 1024)", -32000], // Ankr, Nethermind-based
      ["too wide blocks range, the limit is 100", -32000],
      ["exceed maximum block range: 5000", -32000], // bor, BSC, public nodes
      ["query exceeds max block range 100000", -32602], // reth, anvil
      ["query exceeds max results 20000, retry with a smaller block range", -32602], // erigon
      ["Exceeds max block range", undefined], // besu
      ["Requested range exceeds maximum range limit", undefined], // besu
      ["block range limit exceeded", undefined], // Chainstack
      ["limit exceeded", -32005], // Infura
      ["range too large", undefined],
      ["ranges over 10000 blocks are not supported on freetier", 35], // dRPC
      ["Too many logs requested", undefined], // Nethermind
      ["invalid params: block range greater than 10000 max", -32602],
      ["query timeout exceeded", -32000],
      ["whatever the text", -32005],
    ];
    for (const [message, code] of refusals) {
      const error = Object.assign(new Error("could not coalesce error"), { error: { code, message } });
      expect(isRangeRefusal(error), message).to.equal(true);
    }
    const others: [string, number | undefined][] = [
      ["execution reverted", 3],
      ["header not found", -32000],
      ["invalid argument 0: hex string without 0x prefix", -32602],
      ["connect ECONNREFUSED 127.0.0.1:8545", undefined],
      ["Too Many Requests", 429],
    ];
    for (const [message, code] of others) {
      const error = Object.assign(new Error("could not coalesce error"), { error: { code, message } });
      expect(isRangeRefusal(error), message).to.equal(false);
    }
  });
});
