/**
 * The suite's events, decoded and typed from the contracts' ABIs: a contract's history over a block range, and a
 * live subscription.
 *
 * @module
 */
import type { Listener, Log, Provider } from "ethers";

import type {
  CitizenRegistry,
  CompanyRegistry,
  DiplomaRegistry,
  Elections,
  GovernmentAuthority,
  OwnershipTransfer,
  PropertyRegistry,
  TypedContractEvent,
} from "../contracts.js";
import type { Suite } from "../deployment.js";
import { InvalidInputError } from "../errors.js";
import { readLogs } from "../logs.js";
import { EVENT_SOURCE_NAMES } from "../manifest.js";

/** The typed contracts whose events can be read, by name: every contract of the manifest (`src/manifest.ts`). */
interface EventContracts {
  readonly GovernmentAuthority: GovernmentAuthority;
  readonly PropertyRegistry: PropertyRegistry;
  readonly OwnershipTransfer: OwnershipTransfer;
  readonly DiplomaRegistry: DiplomaRegistry;
  readonly CompanyRegistry: CompanyRegistry;
  readonly CitizenRegistry: CitizenRegistry;
  readonly Elections: Elections;
}

/**
 * A contract of the suite whose events can be read: a registry, the transfer contract, the citizen register, the
 * elections or the authority.
 */
export type EventSource = keyof EventContracts;

/** The events a contract declares in its ABI, by name, each with its arguments' object type. */
export type EventArgsOf<SourceT extends EventSource> = {
  [
    NameT in keyof EventContracts[SourceT]["filters"] as NameT extends `${string}(${string}` ? never : NameT
  ]: EventContracts[SourceT]["filters"][NameT] extends TypedContractEvent<infer _In, infer _Out, infer ArgsT>
    ? ArgsT
    : never;
};

/** The name of an event that `SourceT`'s ABI declares. */
export type EventName<SourceT extends EventSource> = keyof EventArgsOf<SourceT> & string;

/**
 * One event of the suite, decoded with its contract's ABI: a union over every event of `SourceT` (every contract by
 * default), so that checking `contract` and `name` narrows `args` to that event's arguments.
 */
export type SuiteEvent<SourceT extends EventSource = EventSource> = SourceT extends EventSource
  ? {
      [NameT in EventName<SourceT>]: {
        /** The contract that emitted it. */
        readonly contract: SourceT;
        readonly address: string;
        /** The event's name, for example `OfferSettled`. */
        readonly name: NameT;
        /** The event's arguments by name, as the ABI types them (enum values as their number, structs as objects). */
        readonly args: EventArgsOf<SourceT>[NameT];
        readonly blockNumber: number;
        readonly transactionHash: string;
        readonly logIndex: number;
      };
    }[EventName<SourceT>]
  : never;

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

/** Every contract of the manifest (a row without its typed contract above does not compile). */
const EVENT_SOURCES: readonly EventSource[] = EVENT_SOURCE_NAMES;

/** Every source the suite has, by address (lower case). */
function sourcesByAddress<SourceT extends EventSource>(suite: Suite, only?: SourceT): Map<string, SourceT> {
  const names = (only === undefined ? EVENT_SOURCES : [only]) as readonly SourceT[];
  const map = new Map<string, SourceT>();
  for (const name of names) {
    if (suite.deployment.contracts[name] !== undefined) map.set(sourceOf(suite, name).address.toLowerCase(), name);
  }
  return map;
}

/** Decodes one log of a known source, or undefined when its contract's ABI does not declare it. */
function decodeLog<SourceT extends EventSource>(
  suite: Suite,
  contract: SourceT,
  log: Log,
): SuiteEvent<SourceT> | undefined {
  const named = suite.interfaces.find((entry) => entry.name === contract);
  const parsed = named?.interface.parseLog(log) ?? null;
  if (named === undefined || parsed === null) return undefined;
  const args: Record<string, unknown> = {};
  parsed.fragment.inputs.forEach((input, index) => {
    args[input.name === "" ? String(index) : input.name] = parsed.args[index];
  });
  const event = {
    contract,
    address: log.address,
    name: parsed.name,
    args,
    blockNumber: log.blockNumber,
    transactionHash: log.transactionHash,
    logIndex: log.index,
  };
  return event as unknown as SuiteEvent<SourceT>;
}

/** The parameters of {@link getHistory}. */
export interface GetHistoryParameters<SourceT extends EventSource = EventSource> {
  readonly suite: Suite;
  /** Whose events to read. */
  readonly registry: SourceT;
  /** The first block to read; defaults to the block the contract was deployed in. */
  readonly fromBlock?: number;
  /** The last block to read; defaults to the latest block. */
  readonly toBlock?: number;
}

/** The return type of {@link getHistory}: the events in chain order. */
export type GetHistoryReturnType<SourceT extends EventSource = EventSource> = SuiteEvent<SourceT>[];

/**
 * Reads and decodes every event of one contract of the suite over a block range, in chain order. The range is read
 * in pages that adapt to the node's limits (10,000 blocks at most by default, or the `maxLogBlockRange` given
 * to `connect`).
 *
 * @example
 * ```ts
 * const events = await getHistory({ suite, registry: "OwnershipTransfer" });
 * for (const event of events) if (event.name === "OfferSettled") console.log(event.args.offerId);
 * ```
 */
export async function getHistory<SourceT extends EventSource>({
  suite,
  registry,
  fromBlock,
  toBlock,
}: GetHistoryParameters<SourceT>): Promise<GetHistoryReturnType<SourceT>> {
  const { address, deploymentBlock } = sourceOf(suite, registry);
  const provider = providerOf(suite);
  const first = fromBlock ?? deploymentBlock;
  const last = toBlock ?? (await provider.getBlockNumber());
  const events: SuiteEvent<SourceT>[] = [];
  for (const log of await readLogs({ provider, address, fromBlock: first, toBlock: last })) {
    const event = decodeLog(suite, registry, log);
    if (event !== undefined) events.push(event);
  }
  return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

/** The parameters of {@link watchEvents}. */
export interface WatchEventsParameters<SourceT extends EventSource = EventSource> {
  readonly suite: Suite;
  /** Whose events to follow; every contract of the suite when omitted. */
  readonly registry?: SourceT;
  /** Called with each new event, decoded, as the provider reports it. */
  readonly onEvent: (event: SuiteEvent<SourceT>) => void;
  /** Called when reading the logs of a new block fails; they are read again with the next block. */
  readonly onError?: (error: unknown) => void;
}

/** The return type of {@link watchEvents}: stops following, at once (no event is delivered after it returns). */
export type WatchEventsReturnType = () => void;

/**
 * Follows the suite's events live through the runner's provider, from the block after the current one on: on each
 * new block the provider reports (a WebSocket subscription, or polling over HTTP), the logs since the last block
 * seen are read and decoded, so that no event is missed or repeated. Returns, synchronously, the function that stops
 * following.
 *
 * @example
 * ```ts
 * const unwatch = watchEvents({ suite, registry: "OwnershipTransfer", onEvent: (event) => console.log(event.name) });
 * unwatch();
 * ```
 */
export function watchEvents<SourceT extends EventSource = EventSource>({
  suite,
  registry,
  onEvent,
  onError,
}: WatchEventsParameters<SourceT>): WatchEventsReturnType {
  const sources = sourcesByAddress(suite, registry);
  const provider = providerOf(suite);
  const address = [...sources.keys()];
  let stopped = false;
  let next = Number.POSITIVE_INFINITY;
  const report = (error: unknown): void => {
    if (!stopped) onError?.(error);
  };
  const deliver = async (blockNumber: number): Promise<void> => {
    if (next === Number.POSITIVE_INFINITY) next = blockNumber;
    if (stopped || blockNumber < next) return;
    const logs = await readLogs({ provider, address, fromBlock: next, toBlock: blockNumber });
    next = blockNumber + 1;
    logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
    for (const log of logs) {
      const contract = sources.get(log.address.toLowerCase());
      const event = contract === undefined || stopped ? undefined : decodeLog(suite, contract, log);
      if (event !== undefined) onEvent(event);
    }
  };
  let queue = provider
    .getBlockNumber()
    .then((current) => {
      next = current + 1;
    })
    .catch(report);
  const onBlock: Listener = (blockNumber: number) => {
    queue = queue.then(() => deliver(blockNumber)).catch(report);
  };
  provider.on("block", onBlock).catch(report);
  return () => {
    stopped = true;
    provider.off("block", onBlock).catch(() => undefined);
  };
}
