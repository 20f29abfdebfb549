/**
 * What every replay shares: a contract's logs with the time of their block, the parameters of a replay, and the
 * error of logs that contradict each other.
 *
 * @module
 */
import type { BlockTag, Log, LogDescription, Provider } from "ethers";

import { readLogs } from "../logs.js";

/** A log and the timestamp of its block. */
export interface TimedLog {
  readonly log: Log;
  /** The block's time, unix seconds. */
  readonly timestamp: number;
}

/** What {@link fetchTimedLogs} needs. */
export interface FetchTimedLogsParameters {
  /** Any ethers provider of the chain. */
  readonly provider: Provider;
  /** The registry's (proxy) address. */
  readonly address: string;
  /** First block to read; the chain's first block by default. */
  readonly fromBlock?: BlockTag;
  /** Last block to read; the latest by default. */
  readonly toBlock?: BlockTag;
}

/** The logs of one contract in chain order, each with the timestamp of its block. */
export type FetchTimedLogsReturnType = TimedLog[];

/** Reads every log of a contract in a block range, with the timestamp of each log's block (one read per block). */
export async function fetchTimedLogs({
  provider,
  address,
  fromBlock = 0,
  toBlock = "latest",
}: FetchTimedLogsParameters): Promise<FetchTimedLogsReturnType> {
  const logs = await readLogs({ provider, address, fromBlock, toBlock });
  const timestamps = new Map<number, number>();
  const timed: TimedLog[] = [];
  for (const log of logs) {
    let timestamp = timestamps.get(log.blockNumber);
    if (timestamp === undefined) {
      const block = await provider.getBlock(log.blockNumber);
      if (block === null) throw new ReplayError("a log's block is missing", log);
      timestamp = block.timestamp;
      timestamps.set(log.blockNumber, timestamp);
    }
    timed.push({ log, timestamp });
  }
  return timed;
}

/** Logs that contradict each other: a replay that cannot be trusted (missing logs, or logs of another contract). */
export class ReplayError extends Error {
  override name = "ReplayError";
  /** Where the contradicting log is. */
  readonly details: { readonly blockNumber: number; readonly logIndex: number; readonly address: string };

  constructor(message: string, log: Log) {
    super(`${message} (block ${log.blockNumber}, log ${log.index})`);
    this.details = { blockNumber: log.blockNumber, logIndex: log.index, address: log.address };
  }
}

/** The parameters of every replay function (`replayPropertyRegistry`, `replayCitizenRegistry`, …). */
export interface ReplayParameters {
  /** The contract's logs in chain order, each with its block's time, as {@link fetchTimedLogs} reads them. */
  readonly logs: readonly TimedLog[];
}

/** The value, or a {@link ReplayError} at `log` when there is none. */
export function found<T>(value: T | undefined, message: string, log: Log): T {
  if (value === undefined) throw new ReplayError(message, log);
  return value;
}

/** Removes `value` as OpenZeppelin's `EnumerableSet` does: the last element takes its place. */
export function removeSwappingLast<T>(list: T[], value: T, log: Log): void {
  const index = list.indexOf(value);
  if (index === -1) throw new ReplayError("removed an element that is not in the set", log);
  list[index] = list[list.length - 1]!;
  list.pop();
}

/** What a replay keeps of an upgradeable contract's governance, as its events last set it. */
export interface ReplayedGovernance {
  authority: string | null;
  initializedVersion: bigint;
  implementation: string | null;
}

/**
 * Folds an event of an upgradeable, access-managed contract's governance (`AuthorityUpdated`, `Initialized`,
 * `Upgraded`) into `state`. Returns whether the event was one of them.
 */
export function replayGovernanceEvent(state: ReplayedGovernance, event: LogDescription): boolean {
  switch (event.name) {
    case "AuthorityUpdated":
      state.authority = (event.args as unknown as { authority: string }).authority;
      return true;
    case "Initialized":
      state.initializedVersion = (event.args as unknown as { version: bigint }).version;
      return true;
    case "Upgraded":
      state.implementation = (event.args as unknown as { implementation: string }).implementation;
      return true;
    default:
      return false;
  }
}
