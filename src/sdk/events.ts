/**
 * The suite's events, decoded: a registry's history over a block range, and a live subscription.
 *
 * @module
 */
import type { Listener, Log, Provider } from "ethers";

import { LOG_RANGE } from "../actions/logs.js";
import type { Suite } from "../deployment.js";
import { decodedArgs, InvalidInputError } from "../errors.js";
import type { SuiteContractName } from "../wiring.js";

/** A contract of the suite whose events can be read: a registry, the transfer contract or the authority. */
export type EventSource = SuiteContractName | "GovernmentAuthority";

/** One event of the suite, decoded with its contract's ABI. */
export interface SuiteEvent {
  /** The contract that emitted it. */
  readonly contract: EventSource;
  readonly address: string;
  /** The event's name, for example `OfferSettled`. */
  readonly name: string;
  /** The event's arguments by name; enum values by name (`"Sale"`), structs as ethers `Result`s. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly blockNumber: number;
  readonly transactionHash: string;
  readonly logIndex: number;
}

function sourceOf(suite: Suite, name: EventSource): { address: string; deploymentBlock: number } {
  const record = suite.deployment.contracts[name];
  if (record === undefined) {
    throw new InvalidInputError({ field: "registry", reason: `${name} is not part of this deployment` });
  }
  return "proxy" in record
    ? { address: record.proxy, deploymentBlock: record.deploymentBlock }
    : { address: record.address, deploymentBlock: record.deploymentBlock };
}

function providerOf(suite: Suite): Provider {
  const provider = suite.runner.provider;
  if (provider === null || provider === undefined) {
    throw new InvalidInputError({ field: "suite", reason: "its runner has no provider" });
  }
  return provider;
}

/** Every source the suite has, by address (lower case). */
function sourcesByAddress(suite: Suite, only?: EventSource): Map<string, EventSource> {
  const names: EventSource[] =
    only === undefined
      ? ["GovernmentAuthority", "PropertyRegistry", "OwnershipTransfer", "DiplomaRegistry", "CompanyRegistry"]
      : [only];
  const map = new Map<string, EventSource>();
  for (const name of names) {
    if (suite.deployment.contracts[name] !== undefined) map.set(sourceOf(suite, name).address.toLowerCase(), name);
  }
  return map;
}

/** Decodes one log of a known source, or undefined when its contract's ABI does not declare it. */
function decodeLog(suite: Suite, contract: EventSource, log: Log): SuiteEvent | undefined {
  const named = suite.interfaces.find((entry) => entry.name === contract);
  const parsed = named?.interface.parseLog(log) ?? null;
  if (named === undefined || parsed === null) return undefined;
  return {
    contract,
    address: log.address,
    name: parsed.name,
    args: decodedArgs(named.abi, "event", parsed.name, parsed.fragment.inputs, parsed.args),
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
    logIndex: log.index,
  };
}

/** The parameters of {@link getHistory}. */
export interface GetHistoryParameters {
  readonly suite: Suite;
  /** Whose events to read. */
  readonly registry: EventSource;
  /** The first block to read; defaults to the block the contract was deployed in. */
  readonly fromBlock?: number;
  /** The last block to read; defaults to the latest block. */
  readonly toBlock?: number;
}

/** The return type of {@link getHistory}: the events in chain order. */
export type GetHistoryReturnType = SuiteEvent[];

/**
 * Reads and decodes every event of one contract of the suite over a block range, in chain order. The range is read
 * in chunks of 10,000 blocks, which public RPC endpoints accept.
 *
 * @example
 * ```ts
 * const events = await getHistory({ suite, registry: "OwnershipTransfer" });
 * const settled = events.filter((event) => event.name === "OfferSettled");
 * ```
 */
export async function getHistory({
  suite,
  registry,
  fromBlock,
  toBlock,
}: GetHistoryParameters): Promise<GetHistoryReturnType> {
  const { address, deploymentBlock } = sourceOf(suite, registry);
  const provider = providerOf(suite);
  const first = fromBlock ?? deploymentBlock;
  const last = toBlock ?? (await provider.getBlockNumber());
  const events: SuiteEvent[] = [];
  for (let start = first; start <= last; start += LOG_RANGE) {
    const end = Math.min(start + LOG_RANGE - 1, last);
    for (const log of await provider.getLogs({ address, fromBlock: start, toBlock: end })) {
      const event = decodeLog(suite, registry, log);
      if (event !== undefined) events.push(event);
    }
  }
  return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

/** The parameters of {@link watchEvents}. */
export interface WatchEventsParameters {
  readonly suite: Suite;
  /** Whose events to follow; every contract of the suite when omitted. */
  readonly registry?: EventSource;
  /** Called with each new event, decoded, as the provider reports it. */
  readonly onEvent: (event: SuiteEvent) => void;
  /** Called when reading the logs of a new block fails; they are read again with the next block. */
  readonly onError?: (error: unknown) => void;
}

/** The return type of {@link watchEvents}: stops the subscription. */
export type WatchEventsReturnType = () => Promise<void>;

/**
 * Follows the suite's events live through the runner's provider, from the block after the current one on: on each
 * new block the provider reports (a WebSocket subscription, or polling over HTTP), the logs since the last block
 * seen are read and decoded, so that no event is missed or repeated. Returns the function that stops following.
 *
 * @example
 * ```ts
 * const unwatch = await watchEvents({ suite, registry: "OwnershipTransfer", onEvent: (event) => console.log(event.name) });
 * await unwatch();
 * ```
 */
export async function watchEvents({
  suite,
  registry,
  onEvent,
  onError,
}: WatchEventsParameters): Promise<WatchEventsReturnType> {
  const sources = sourcesByAddress(suite, registry);
  const provider = providerOf(suite);
  const address = [...sources.keys()];
  let next = (await provider.getBlockNumber()) + 1;
  let stopped = false;
  let queue = Promise.resolve();
  const deliver = async (blockNumber: number): Promise<void> => {
    if (stopped || blockNumber < next) return;
    const logs = await provider.getLogs({ address, fromBlock: next, toBlock: blockNumber });
    next = blockNumber + 1;
    logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    for (const log of logs) {
      const contract = sources.get(log.address.toLowerCase());
      const event = contract === undefined || stopped ? undefined : decodeLog(suite, contract, log);
      if (event !== undefined) onEvent(event);
    }
  };
  const onBlock: Listener = (blockNumber: number) => {
    queue = queue.then(() => deliver(blockNumber)).catch((error: unknown) => onError?.(error));
  };
  await provider.on("block", onBlock);
  return async () => {
    stopped = true;
    await provider.off("block", onBlock);
    await queue;
  };
}
