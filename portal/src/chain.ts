/**
 * Reading the chain: every answer of the page is read at one block, so that it is consistent and can say exactly
 * which state it shows.
 *
 * @module
 */
import { type BlockTag, JsonRpcProvider, Network, type TransactionRequest } from "ethers";

import { connect, type Suite } from "../../src/index.js";
import type { PortalConfig } from "./config.js";

/**
 * A JSON-RPC provider whose reads without an explicit block all go to one block: calls, and the "latest" block that
 * event queries read up to.
 */
class PinnedProvider extends JsonRpcProvider {
  readonly #block: number;

  constructor(url: string, chainId: number, block: number) {
    super(url, Network.from(chainId), { staticNetwork: true });
    this.#block = block;
  }

  override async call(request: TransactionRequest & { blockTag?: BlockTag }): Promise<string> {
    return super.call({ ...request, blockTag: request.blockTag ?? this.#block });
  }

  override async getBlockNumber(): Promise<number> {
    return this.#block;
  }
}

/** The suite connected at one block, with the facts every answer cites. */
export interface Reading {
  readonly suite: Suite;
  /** The block every read of this answer was made at. */
  readonly block: number;
  /** The block's time, unix seconds. */
  readonly blockTime: number;
}

let latest: JsonRpcProvider | undefined;

function latestProvider(config: PortalConfig): JsonRpcProvider {
  latest ??= new JsonRpcProvider(config.rpcUrl, Network.from(config.deployment.chainId), { staticNetwork: true });
  return latest;
}

/**
 * Checks that the RPC endpoint serves the chain of the deployment record and that every contract of the record has
 * code there (the SDK's `connect` checks both).
 */
export async function checkChain(config: PortalConfig): Promise<void> {
  await connect({ deployment: config.deployment, runner: latestProvider(config) });
}

/** Connects the suite at the latest block. */
export async function readingAtLatest(config: PortalConfig): Promise<Reading> {
  const block = await latestProvider(config).getBlock("latest");
  if (block === null) throw new Error("the RPC endpoint returned no latest block");
  const provider = new PinnedProvider(config.rpcUrl, config.deployment.chainId, block.number);
  return {
    suite: await connect({ deployment: config.deployment, runner: provider }),
    block: block.number,
    blockTime: block.timestamp,
  };
}

/** The time of a block, unix seconds. */
export async function blockTime(reading: Reading, blockNumber: number): Promise<number> {
  const block = await reading.suite.runner.provider!.getBlock(blockNumber);
  if (block === null) throw new Error(`the RPC endpoint has no block ${blockNumber}`);
  return block.timestamp;
}

/** The address of a contract of the suite, as the deployment record gives it. */
export function contractAddress(config: PortalConfig, name: string): string {
  const entry = (config.deployment.contracts as Record<string, { proxy?: string; address?: string } | undefined>)[name];
  return entry?.proxy ?? entry?.address ?? "";
}
