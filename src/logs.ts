/**
 * Reading the chain's logs: the one way every reader of the project asks a node for logs (censuses, the tally check,
 * replays, bulk comparisons, role listings, status lists, extracts, the SDK's reads and the portal).
 *
 * A read goes from its first block to its last in pages, oldest first. A page spans at most the node's maximum block
 * range ({@link LOG_RANGE} blocks unless {@link configureLogReads} says otherwise, as the SDK's `connect` and the
 * commands' network settings do). When the node refuses a page as too wide or too large (the refusal texts of the
 * common clients and providers, see `logs/refusal.ts`), the range is halved and the page asked again; after
 * {@link PAGES_BEFORE_GROWING} full pages that pass, it doubles, back up to the maximum. What a node accepted is remembered for the next read of the same provider.
 * A node that refuses a single block, or fails otherwise, ends the read with a {@link LogReadError} naming the node,
 * the contract and the blocks.
 *
 * @module
 */
import type { BaseContract, BlockTag, ContractEventName, EventLog, Log, Provider, TopicFilter } from "ethers";
import { toQuantity } from "ethers";

import { EgovError, InvalidInputError } from "./errors.js";
import { isRangeRefusal, nodeAnswer, nodeName } from "./logs/refusal.js";

export { isRangeRefusal } from "./logs/refusal.js";

/** Blocks per `eth_getLogs` request at most, unless configured: within the limits of common public endpoints. */
export const LOG_RANGE = 10_000;
/** Logs one response should hold about: a page that held more is followed by a narrower one (bounded memory). */
export const LOGS_PER_REQUEST = 10_000;
/** The largest maximum block range {@link configureLogReads} accepts. */
export const MAX_LOG_RANGE = 1_000_000;
/** Blocks of the first request of a bulk comparison's scan (see {@link forEachLog}). */
export const FIRST_LOG_RANGE = 100;

/** How a provider's logs are read: see {@link configureLogReads}. */
export interface LogReadSettings {
  /** Blocks one `eth_getLogs` request spans at most (1 to {@link MAX_LOG_RANGE}; {@link LOG_RANGE} by default). */
  readonly maxBlockRange?: number;
  /** How messages name the node (`network "sepolia"`); the URL's host when the provider has one, by default. */
  readonly node?: string;
}

/** Full pages in a row that pass before the range doubles (so that a node's limit is not asked past every other page). */
export const PAGES_BEFORE_GROWING = 3;

/** What is known of a provider's node: its maximum, the range that passed last, and its name. */
interface NodeState {
  max: number;
  range: number;
  /** Full pages that passed since the range last changed. */
  passed: number;
  node: string | undefined;
}

const nodes = new WeakMap<object, NodeState>();

function stateOf(provider: object): NodeState {
  let state = nodes.get(provider);
  if (state === undefined) {
    state = { max: LOG_RANGE, range: LOG_RANGE, passed: 0, node: undefined };
    nodes.set(provider, state);
  }
  return state;
}

/**
 * Sets how the logs of `provider` are read from now on: the maximum block range of one request (a node or provider
 * that allows fewer blocks is still read, at the cost of the refused requests, so set it to the provider's limit when
 * known) and the node's name in messages.
 *
 * @throws {@link InvalidInputError} naming `maxBlockRange` when it is not a whole number from 1 to
 * {@link MAX_LOG_RANGE}.
 *
 * @example
 * ```ts
 * configureLogReads(provider, { maxBlockRange: 2_000 });
 * ```
 */
export function configureLogReads(provider: Provider, { maxBlockRange, node }: LogReadSettings): void {
  const state = stateOf(provider);
  if (maxBlockRange !== undefined) {
    state.max = checkMaxBlockRange(maxBlockRange, "maxBlockRange");
    state.range = state.max;
    state.passed = 0;
  }
  if (node !== undefined) state.node = node;
}

/** `value` as a maximum block range, or an {@link InvalidInputError} naming `field`. */
export function checkMaxBlockRange(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value > MAX_LOG_RANGE) {
    throw new InvalidInputError({
      field,
      reason: `must be a whole number of blocks from 1 to ${MAX_LOG_RANGE.toLocaleString("en")}`,
    });
  }
  return value;
}

/** A read of logs failed: the node refused even one block, or failed otherwise. The message names node and blocks. */
export class LogReadError extends EgovError {
  override name = "LogReadError";
  /** The node as the message names it. */
  readonly node: string;
  /** The contract (or contracts) whose logs were read. */
  readonly address: string;
  /** The blocks of the request that failed. */
  readonly fromBlock: number;
  readonly toBlock: number;
  /** What the node answered. */
  readonly nodeMessage: string;

  constructor({
    node,
    address,
    fromBlock,
    toBlock,
    refusedSingleBlock,
    cause,
  }: {
    node: string;
    address: string;
    fromBlock: number;
    toBlock: number;
    refusedSingleBlock: boolean;
    cause: unknown;
  }) {
    const { message } = nodeAnswer(cause);
    const blocks = fromBlock === toBlock ? `block ${fromBlock}` : `blocks ${fromBlock} to ${toBlock}`;
    super(
      refusedSingleBlock
        ? `${node} refuses the logs of ${address} in ${blocks} alone, the smallest range there is: ${message}`
        : `reading the logs of ${address} in ${blocks} from ${node} failed: ${message}`,
      { cause },
    );
    this.node = node;
    this.address = address;
    this.fromBlock = fromBlock;
    this.toBlock = toBlock;
    this.nodeMessage = message;
  }
}

/** Which logs {@link readLogs} and {@link forEachLog} read. */
export interface LogQuery {
  /** Any ethers provider of the chain (a JSON-RPC provider, Hardhat's, a browser wallet's). */
  readonly provider: Provider;
  /** The contract (or contracts) whose logs to read. */
  readonly address: string | readonly string[];
  /** The topics filter: topic 0 (an event id, or several) and any indexed argument. */
  readonly topics?: TopicFilter;
  /** First block to read (a number or a tag); 0 by default (the deployment block saves requests). */
  readonly fromBlock?: BlockTag;
  /** Last block to read (a number or a tag); the latest (as the provider tells it) by default. */
  readonly toBlock?: BlockTag;
  /**
   * Blocks of the read's first request at most, for a read that may meet a dense chain (a bulk comparison over a
   * register of millions of records): the range grows from there as pages pass. The provider's range by default.
   */
  readonly firstBlockRange?: number;
}

/**
 * Every log that matches `query`, oldest first, as ethers `Log` objects, read in pages that adapt to the node.
 *
 * @throws {@link LogReadError} when the node refuses a single block or fails otherwise.
 *
 * @example
 * ```ts
 * const logs = await readLogs({ provider, address: registry, fromBlock: deploymentBlock });
 * ```
 */
export async function readLogs(query: LogQuery): Promise<Log[]> {
  const { provider, address, topics } = query;
  const logs: Log[] = [];
  await readPages(
    query,
    (fromBlock, toBlock) =>
      provider.getLogs({ address: address as string | string[], topics: topics as TopicFilter, fromBlock, toBlock }),
    (page) => {
      logs.push(...page);
    },
  );
  return logs;
}

/**
 * Every log of `event` emitted by `contract` from `fromBlock` to `toBlock` (the latest by default), oldest first,
 * decoded; read in pages that adapt to the node.
 *
 * @throws {@link LogReadError} when the node refuses a single block or fails otherwise.
 */
export async function queryEvents(
  contract: BaseContract,
  event: ContractEventName,
  fromBlock: number,
  toBlock?: number,
): Promise<EventLog[]> {
  const provider = contract.runner?.provider;
  if (provider === null || provider === undefined) {
    throw new InvalidInputError({ field: "contract", reason: "its runner has no provider to read logs with" });
  }
  const logs: EventLog[] = [];
  await readPages(
    { provider, address: await contract.getAddress(), fromBlock, toBlock },
    (start, end) => contract.queryFilter(event, start, end),
    (page) => {
      for (const log of page) if ("args" in log) logs.push(log);
    },
  );
  return logs;
}

/** A log as the node sends it: its topics and data, all that a bulk check decodes. */
export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
}

/**
 * Every log that matches `query`, oldest first, handed to `onLog` as the node sends it (topics and data, no log
 * objects), so that a register of millions of records is read in bounded memory: the first request spans
 * {@link FIRST_LOG_RANGE} blocks at most (unless the query says otherwise), and a page that held more than
 * {@link LOGS_PER_REQUEST} logs is followed by a narrower one. Logs a reorganisation removed are skipped.
 *
 * @throws {@link LogReadError} when the node refuses a single block or fails otherwise.
 */
export async function forEachLog(query: LogQuery, onLog: (log: RawLog) => void): Promise<void> {
  const { provider, address, topics } = query;
  // Raw requests where the provider takes them (JSON-RPC providers, Hardhat's); log objects otherwise.
  const raw =
    "send" in provider && typeof provider.send === "function"
      ? (provider.send as (method: string, params: unknown[]) => Promise<unknown>).bind(provider)
      : undefined;
  await readPages<{ topics: readonly string[]; data: string; removed?: boolean }>(
    { ...query, firstBlockRange: query.firstBlockRange ?? FIRST_LOG_RANGE },
    async (fromBlock, toBlock) =>
      raw === undefined
        ? provider.getLogs({ address: address as string | string[], topics: topics as TopicFilter, fromBlock, toBlock })
        : ((await raw("eth_getLogs", [
            { address, fromBlock: toQuantity(fromBlock), toBlock: toQuantity(toBlock), topics: topics ?? [] },
          ])) as { topics: string[]; data: string; removed?: boolean }[]),
    (page) => {
      for (const log of page) if (log.removed !== true) onLog({ topics: log.topics, data: log.data });
    },
  );
}

/**
 * The paging every read shares: from the query's first block to its last, a page at a time, oldest first, each page
 * asked with `fetch` and handed to `onPage` before the next is asked.
 */
async function readPages<LogT>(
  { provider, address, fromBlock = 0, toBlock = "latest", firstBlockRange }: LogQuery,
  fetch: (fromBlock: number, toBlock: number) => Promise<readonly LogT[]>,
  onPage: (logs: readonly LogT[]) => void,
): Promise<void> {
  const state = stateOf(provider);
  if (firstBlockRange !== undefined && firstBlockRange < state.range) {
    state.range = Math.max(1, firstBlockRange);
    state.passed = 0;
  }
  const last = await blockNumberOf(provider, toBlock);
  for (let start = await blockNumberOf(provider, fromBlock); start <= last;) {
    const end = Math.min(start + state.range - 1, last);
    let logs: readonly LogT[];
    try {
      logs = await readAgain(() => fetch(start, end));
    } catch (error) {
      const refused = isRangeRefusal(error);
      if (!refused || end === start) {
        throw new LogReadError({
          node: state.node ?? nodeName(provider),
          address: typeof address === "string" ? address : address.join(", "),
          fromBlock: start,
          toBlock: end,
          refusedSingleBlock: refused,
          cause: error,
        });
      }
      state.range = Math.max(1, Math.floor((end - start + 1) / 2));
      state.passed = 0;
      continue;
    }
    onPage(logs);
    const asked = end - start + 1;
    start = end + 1;
    if (logs.length > LOGS_PER_REQUEST) {
      state.range = Math.max(1, Math.floor((asked * LOGS_PER_REQUEST) / logs.length));
      state.passed = 0;
    } else if (asked === state.range && logs.length < LOGS_PER_REQUEST / 2 && state.range < state.max) {
      state.passed++;
      if (state.passed >= PAGES_BEFORE_GROWING) {
        state.range = Math.min(state.range * 2, state.max);
        state.passed = 0;
      }
    }
  }
}

/** A block tag as a block number: "latest" as the provider tells it, other names as the node's block of that name. */
async function blockNumberOf(provider: Provider, tag: BlockTag): Promise<number> {
  if (typeof tag === "number") return tag;
  if (typeof tag === "bigint") return Number(tag);
  if (tag === "latest") return latestBlock(provider);
  if (tag === "earliest") return 0;
  if (/^0x[0-9a-f]+$/i.test(tag)) return Number(tag);
  const block = await readAgain(() => provider.getBlock(tag));
  if (block === null) throw new InvalidInputError({ field: "block", reason: `the node has no block "${tag}"` });
  return block.number;
}

/**
 * The node's latest block, asked of the node itself where the provider can send a request: ethers answers
 * `getBlockNumber` from a cache for a quarter of a second, which can miss the block a transaction was just mined in. A
 * provider pinned to a block (the portal's) answers `eth_blockNumber` with its block.
 */
async function latestBlock(provider: Provider): Promise<number> {
  const send = (provider as unknown as { send?: (method: string, params: unknown[]) => Promise<unknown> }).send;
  if (typeof send === "function") {
    return Number(await readAgain(() => send.call(provider, "eth_blockNumber", []) as Promise<string>));
  }
  return readAgain(() => provider.getBlockNumber());
}

/**
 * A read asked again, up to twice, when the connection to the node fails (a connection the node closed while the
 * command was busy reading a long file): reads change nothing, so asking again is safe.
 */
export async function readAgain<ResultT>(read: () => Promise<ResultT>): Promise<ResultT> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const transport = /Failed to make POST request|ECONNRESET|socket hang up|other side closed/.test(String(error));
      if (!transport || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
