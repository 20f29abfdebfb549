/**
 * Whether a poll's census is the register as of the poll's creation: every change of the register between the
 * census's sequence number and the creation transaction, and the members it added or removed. The contract requires
 * the census's sequence to be the register's at creation; this check shows it from the logs alone, so that a poll
 * on a contract without that rule, or a misreported census, is flagged too.
 *
 * @module
 */
import type { Log, Provider } from "ethers";

import { Elections__factory } from "../contracts.js";
import { InvalidInputError } from "../errors.js";
import { readLogs } from "../logs.js";
import { type CensusSelector, type CitizenChange, computeCensus, decodeCitizenLogs } from "./census.js";

const electionsInterface = Elections__factory.createInterface();

/** What {@link compareCensusWithCreation} and {@link checkCensusCurrency} return. */
export interface CensusCurrency {
  /** The register's sequence number just before the poll's creation transaction. */
  readonly registerSequenceAtCreation: bigint;
  /** Every change of the register after the census's sequence and before the creation, in sequence order. */
  readonly changesSinceCensus: readonly CitizenChange[];
  /** Voting commitments in the register's census at creation but not in the poll's. */
  readonly added: readonly bigint[];
  /** Voting commitments in the poll's census but no longer in the register's at creation. */
  readonly removed: readonly bigint[];
  /** Whether the census is the register as of the creation: no change at all since its sequence. */
  readonly current: boolean;
}

/**
 * Compares the census at `census.sequence` with the census at the last of `changesBeforeCreation` (the register's
 * changes logged before the poll's creation transaction).
 */
export function compareCensusWithCreation({
  changesBeforeCreation,
  census,
}: {
  readonly changesBeforeCreation: readonly CitizenChange[];
  readonly census: CensusSelector & { readonly sequence: bigint };
}): CensusCurrency {
  const last = changesBeforeCreation.length === 0 ? 0n : changesBeforeCreation.at(-1)!.sequence;
  const selector = { jurisdiction: census.jurisdiction, requiredFlags: census.requiredFlags };
  const stated = computeCensus({ changes: changesBeforeCreation, ...selector, asOf: census.sequence });
  const atCreation = computeCensus({ changes: changesBeforeCreation, ...selector, asOf: last });
  const before = new Set(stated.members);
  const after = new Set(atCreation.members);
  const changesSinceCensus = changesBeforeCreation.filter((change) => change.sequence > census.sequence);
  return {
    registerSequenceAtCreation: last,
    changesSinceCensus,
    added: atCreation.members.filter((member) => !before.has(member)),
    removed: stated.members.filter((member) => !after.has(member)),
    current: changesSinceCensus.length === 0,
  };
}

/** Whether a log comes before position (`blockNumber`, `index`). */
function before(log: Log, blockNumber: number, index: number): boolean {
  return log.blockNumber < blockNumber || (log.blockNumber === blockNumber && log.index < index);
}

/**
 * Reads the poll's creation and the register's logs before it, and compares the poll's census with the register
 * as of the creation. Throws {@link InvalidInputError} naming `pollId` when the log holds no creation of the poll.
 */
export async function checkCensusCurrency({
  provider,
  elections,
  registry,
  pollId,
  census,
  fromBlock = 0,
}: {
  readonly provider: Provider;
  /** The Elections (proxy) address. */
  readonly elections: string;
  /** The CitizenRegistry (proxy) address. */
  readonly registry: string;
  readonly pollId: bigint;
  readonly census: CensusSelector & { readonly sequence: bigint };
  readonly fromBlock?: number;
}): Promise<CensusCurrency> {
  const created = await readLogs({
    provider,
    address: elections,
    fromBlock,
    topics: [electionsInterface.getEvent("PollCreated").topicHash, `0x${pollId.toString(16).padStart(64, "0")}`],
  });
  const creation = created[0];
  if (creation === undefined) {
    throw new InvalidInputError({ field: "pollId", reason: `no creation of poll ${pollId} in the log` });
  }
  const logs = await readLogs({ provider, address: registry, fromBlock, toBlock: creation.blockNumber });
  const earlier = logs.filter((log) => before(log, creation.blockNumber, creation.index));
  return compareCensusWithCreation({ changesBeforeCreation: decodeCitizenLogs(earlier), census });
}
