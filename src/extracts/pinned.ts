/**
 * Reading the suite as it stood at one block: every call is made with that block as its `blockTag`, and event
 * queries read up to that block, so that an extract states what the register said then and nothing later.
 *
 * @module
 */
import { type Provider, toQuantity } from "ethers";

import { connectSuite, type Suite, type SuiteDeployment } from "../deployment.js";
import { InvalidInputError, RecordNotFoundError } from "../errors.js";

/** A block an extract is "as of": its number, hash and time. */
export interface ExtractBlock {
  readonly number: number;
  /** The block's hash, lowercase hex. */
  readonly hash: string;
  /** The block's time, unix seconds. */
  readonly time: number;
}

/** A provider whose calls without a block tag go to `block`, and whose "latest" block is `block`. */
function pinnedProvider(base: Provider, block: number): Provider {
  const pinned: Provider = new Proxy(base, {
    get(target, property) {
      if (property === "provider") return pinned;
      if (property === "call") {
        return (request: Parameters<Provider["call"]>[0]) =>
          target.call({ ...request, blockTag: request.blockTag ?? block });
      }
      if (property === "getBlockNumber") return async () => block;
      // The log reads ask the node for its latest block by `eth_blockNumber`: here it is the extract's block.
      if (property === "send" && typeof (target as { send?: unknown }).send === "function") {
        const send = (target as unknown as { send: (method: string, params: unknown[]) => Promise<unknown> }).send;
        return async (method: string, params: unknown[]) =>
          method === "eth_blockNumber" ? toQuantity(block) : send.call(target, method, params);
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return pinned;
}

/** The parameters of {@link suiteAtBlock}. */
export interface SuiteAtBlockParameters {
  readonly deployment: SuiteDeployment;
  /** A provider on the deployment's chain. */
  readonly provider: Provider;
  /** The block to read at; the latest when omitted. */
  readonly block?: number;
}

/** The return type of {@link suiteAtBlock}: the suite read at one block, and that block. */
export interface SuiteAtBlockReturnType {
  readonly suite: Suite;
  readonly block: ExtractBlock;
}

/**
 * Connects the suite so that every read is made at one block: `block`, or the latest.
 *
 * @throws `InvalidInputError` when the block is not a whole number from 0.
 * @throws `RecordNotFoundError` when the chain has no such block yet.
 *
 * @example
 * ```ts
 * const { suite, block } = await suiteAtBlock({ deployment, provider, block: 1200 });
 * const title = await getTitle({ suite, cadastralReference: "UT-1" });
 * ```
 */
export async function suiteAtBlock({
  deployment,
  provider,
  block,
}: SuiteAtBlockParameters): Promise<SuiteAtBlockReturnType> {
  if (block !== undefined && !(Number.isSafeInteger(block) && block >= 0)) {
    throw new InvalidInputError({ field: "block", reason: `${block} is not a block number (a whole number from 0)` });
  }
  const found = await provider.getBlock(block ?? "latest");
  if (found === null || found.hash === null) {
    throw new RecordNotFoundError({ kind: "block", id: String(block), details: "the chain has not reached it yet" });
  }
  const runner = pinnedProvider(provider, found.number);
  return {
    suite: connectSuite({ deployment, runner }),
    block: { number: found.number, hash: found.hash.toLowerCase(), time: found.timestamp },
  };
}
