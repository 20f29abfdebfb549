/**
 * Reading the chain: every answer of the page is read at one block, so that it is consistent and can say exactly
 * which state it shows.
 *
 * @module
 */
import { type BlockTag, FetchRequest, JsonRpcProvider, Network, toQuantity, type TransactionRequest } from "ethers";

import { connect, type Suite } from "../../src/index.js";
import type { PortalConfig } from "./config.js";

/**
 * A JSON-RPC provider whose reads without an explicit block all go to one block: calls, and the "latest" block that
 * event queries read up to.
 */
class PinnedProvider extends JsonRpcProvider {
  readonly #block: number;

  constructor(config: PortalConfig, block: number) {
    super(endpoint(config), Network.from(config.deployment.chainId), { staticNetwork: true });
    this.#block = block;
  }

  override async call(request: TransactionRequest & { blockTag?: BlockTag }): Promise<string> {
    return super.call({ ...request, blockTag: request.blockTag ?? this.#block });
  }

  override async getBlockNumber(): Promise<number> {
    return this.#block;
  }

  /** The node's requests, but the latest block number is this provider's block (the log reads ask for it so). */
  override async send(method: string, params: unknown[] | Record<string, unknown>): Promise<unknown> {
    if (method === "eth_blockNumber") return toQuantity(this.#block);
    return super.send(method, params);
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

/** How long one request to the node may take before the page says the node does not answer. */
export function readTimeoutMs(config: PortalConfig): number {
  return (config.readTimeoutSeconds ?? 15) * 1000;
}

/** The node's endpoint, with the read timeout on every request. */
function endpoint(config: PortalConfig): FetchRequest | string {
  if (!/^https?:/.test(config.rpcUrl)) return config.rpcUrl;
  const request = new FetchRequest(config.rpcUrl);
  request.timeout = readTimeoutMs(config);
  return request;
}

let latest: JsonRpcProvider | undefined;

/** The provider that reads the latest block, shared by the page. */
export function latestProvider(config: PortalConfig): JsonRpcProvider {
  latest ??= new JsonRpcProvider(endpoint(config), Network.from(config.deployment.chainId), { staticNetwork: true });
  return latest;
}

/** Settles as `promise` does, or fails with a {@link NodeTimeoutError} after the read timeout. */
export function withTimeout<ValueT>(config: PortalConfig, promise: Promise<ValueT>): Promise<ValueT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NodeTimeoutError(readTimeoutMs(config) / 1000)), readTimeoutMs(config));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The node did not answer in time. */
export class NodeTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`no answer within ${seconds} s`);
    this.name = "NodeTimeoutError";
  }
}

/** The host (and port) of the node the page reads, as the visitor may tell an operator. */
export function nodeName(config: PortalConfig): string {
  try {
    return new URL(config.rpcUrl).host;
  } catch {
    return config.rpcUrl;
  }
}

/**
 * Checks that the RPC endpoint serves the chain of the deployment record and that every contract of the record has
 * code there (the SDK's `connect` checks both).
 */
export async function checkChain(config: PortalConfig): Promise<void> {
  await withTimeout(config, connect({ deployment: config.deployment, runner: latestProvider(config) }));
}

/** What to do when the node answers again after a failure (the page removes its "cannot be reached" notice). */
const answeredListeners: (() => void)[] = [];

/** Calls `listener` each time a read of the latest block succeeds. */
export function onNodeAnswered(listener: () => void): void {
  answeredListeners.push(listener);
}

/** Connects the suite at the latest block. */
export async function readingAtLatest(config: PortalConfig): Promise<Reading> {
  const block = await withTimeout(config, latestProvider(config).getBlock("latest"));
  if (block === null) throw new Error("the RPC endpoint returned no latest block");
  for (const listener of answeredListeners) listener();
  const provider = new PinnedProvider(config, block.number);
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
