import { expect } from "chai";
import { type Provider, toBeHex, toQuantity } from "ethers";

import { FIRST_LOG_RANGE, forEachLog, LOG_RANGE, LOGS_PER_REQUEST, type RawLog } from "../../src/actions/bulk.js";

/**
 * A node that answers `eth_blockNumber` and `eth_getLogs` from `logsPerBlock`, and records each range asked; with
 * `cap`, it refuses a range of more logs the way public endpoints do.
 */
function fakeNode(logsPerBlock: (block: number) => number, lastBlock: number, cap?: number) {
  const asked: { from: number; to: number; logs: number }[] = [];
  const provider = {
    send: async (method: string, params: unknown[]) => {
      if (method === "eth_blockNumber") return toQuantity(lastBlock);
      const { fromBlock, toBlock } = params[0] as { fromBlock: string; toBlock: string };
      const [from, to] = [Number(fromBlock), Number(toBlock)];
      let count = 0;
      for (let block = from; block <= to; block++) count += logsPerBlock(block);
      if (cap !== undefined && count > cap) throw new Error(`query returned more than ${cap} results`);
      asked.push({ from, to, logs: count });
      const logs: RawLog[] = [];
      for (let block = from; block <= to; block++) {
        for (let i = 0; i < logsPerBlock(block); i++) {
          logs.push({ topics: [toBeHex(block, 32)], data: toBeHex(i, 32) });
        }
      }
      return logs;
    },
  } as unknown as Provider;
  return { provider, asked };
}

async function read(provider: Provider, fromBlock: number): Promise<RawLog[]> {
  const logs: RawLog[] = [];
  await forEachLog({ provider, address: "0x0000000000000000000000000000000000000001", fromBlock, topics: [] }, (log) =>
    logs.push(log),
  );
  return logs;
}

describe("forEachLog: a registry's logs read in bounded pieces", function () {
  it("widens the range over a sparse chain, up to 10,000 blocks, and reads every block once", async function () {
    const { provider, asked } = fakeNode((block) => (block % 1000 === 0 ? 1 : 0), 100_000);
    const logs = await read(provider, 5);
    expect(logs).to.have.length(100);
    expect(asked[0]).to.deep.include({ from: 5, to: 5 + FIRST_LOG_RANGE - 1 });
    expect(Math.max(...asked.map((range) => range.to - range.from + 1))).to.equal(LOG_RANGE);
    // Contiguous ranges from the first block to the last, none read twice.
    asked.forEach((range, index) => expect(range.from).to.equal(index === 0 ? 5 : asked[index - 1].to + 1));
    expect(asked.at(-1)!.to).to.equal(100_000);
  });

  it("narrows the range over a dense chain so that a response holds about 10,000 logs", async function () {
    // 150 logs a block: the first range of 100 blocks holds 15,000.
    const { provider, asked } = fakeNode(() => 150, 600);
    const logs = await read(provider, 0);
    expect(logs).to.have.length(150 * 601);
    expect(asked[0].logs).to.equal(150 * FIRST_LOG_RANGE);
    for (const range of asked.slice(1)) expect(range.logs).to.be.at.most(LOGS_PER_REQUEST);
    // Every log in block order, each once.
    const blocks = logs.map((log) => Number(log.topics[0]));
    expect(blocks.every((block, index) => index === 0 || block >= blocks[index - 1])).to.equal(true);
  });

  it("splits a range the node refuses for holding too many logs, and asks again", async function () {
    const { provider, asked } = fakeNode(() => 150, 400, 4000);
    const logs = await read(provider, 0);
    expect(logs).to.have.length(150 * 401);
    for (const range of asked) expect(range.logs).to.be.at.most(4000);
  });

  it("does not retry other errors", async function () {
    const provider = {
      send: async (method: string) => {
        if (method === "eth_blockNumber") return "0x10";
        throw new Error("execution reverted");
      },
    } as unknown as Provider;
    const error = await read(provider, 0).catch((caught: unknown) => caught as Error);
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal("execution reverted");
  });
});
