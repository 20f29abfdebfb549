/**
 * The citizen register rebuilt from the CitizenRegistry's events, and the census of a jurisdiction computed from it
 * as of any sequence number: the Semaphore (LeanIMT, Poseidon) tree of the eligible citizens' voting commitments, in
 * register order. Nothing here needs the chain's state: the events are enough. The tree is hashed level by level
 * with a WASM Poseidon (see `./tree.ts`); `./keeper.ts` keeps it current as the register changes.
 *
 * @module
 */
import type { Log, Provider } from "ethers";

import { CitizenRegistry__factory } from "../contracts.js";
import { InvalidInputError } from "../errors.js";
import { readLogs } from "../logs.js";
import { CITIZEN_STATUSES, type CitizenStatusName } from "../vocabulary.js";
import { censusRoot } from "./tree.js";

export { CITIZEN_STATUSES, type CitizenStatusName };

/** The eligibility flags the register defines. */
export const EligibilityFlags = { ADULT: 1, RESIDENT: 2, NATIONAL: 4 } as const;

/** One change of the register, decoded from its event. */
export type CitizenChange =
  | {
      readonly kind: "registered";
      readonly citizenKey: string;
      readonly sequence: bigint;
      readonly index: number;
      readonly jurisdiction: number;
      readonly flags: number;
      readonly votingCommitment: bigint;
      readonly basis: string;
    }
  | {
      readonly kind: "status";
      readonly citizenKey: string;
      readonly sequence: bigint;
      readonly from: CitizenStatusName;
      readonly to: CitizenStatusName;
      readonly basis: string;
    }
  | {
      readonly kind: "eligibility";
      readonly citizenKey: string;
      readonly sequence: bigint;
      readonly from: number;
      readonly to: number;
      readonly basis: string;
    }
  | {
      readonly kind: "commitment";
      readonly citizenKey: string;
      readonly sequence: bigint;
      readonly from: bigint;
      readonly to: bigint;
      readonly basis: string;
    };

/** A citizen as rebuilt from the events. */
export interface ReplayedCitizen {
  readonly citizenKey: string;
  readonly index: number;
  readonly jurisdiction: number;
  readonly status: CitizenStatusName;
  readonly flags: number;
  readonly votingCommitment: bigint;
  readonly lastSequence: bigint;
}

const registryInterface = CitizenRegistry__factory.createInterface();

/** Decodes the CitizenRegistry's logs into changes, in sequence order; other logs are skipped. */
export function decodeCitizenLogs(logs: readonly Log[]): CitizenChange[] {
  const changes: CitizenChange[] = [];
  for (const log of logs) {
    const parsed = registryInterface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed === null) continue;
    const a = parsed.args;
    switch (parsed.name) {
      case "CitizenRegistered":
        changes.push({
          kind: "registered",
          citizenKey: a.citizenKey,
          sequence: a.sequence,
          index: Number(a.index),
          jurisdiction: Number(a.jurisdiction),
          flags: Number(a.flags),
          votingCommitment: a.votingCommitment,
          basis: a.basis,
        });
        break;
      case "CitizenStatusChanged":
        changes.push({
          kind: "status",
          citizenKey: a.citizenKey,
          sequence: a.sequence,
          from: CITIZEN_STATUSES[Number(a.from)]!,
          to: CITIZEN_STATUSES[Number(a.to)]!,
          basis: a.basis,
        });
        break;
      case "EligibilityChanged":
        changes.push({
          kind: "eligibility",
          citizenKey: a.citizenKey,
          sequence: a.sequence,
          from: Number(a.from),
          to: Number(a.to),
          basis: a.basis,
        });
        break;
      case "VotingCommitmentChanged":
        changes.push({
          kind: "commitment",
          citizenKey: a.citizenKey,
          sequence: a.sequence,
          from: a.from,
          to: a.to,
          basis: a.basis,
        });
        break;
      default:
        break;
    }
  }
  return changes.sort((x, y) => (x.sequence < y.sequence ? -1 : x.sequence > y.sequence ? 1 : 0));
}

/** Parameters of {@link readCitizenChanges}. */
export interface ReadCitizenChangesParameters {
  readonly provider: Provider;
  /** The CitizenRegistry (proxy) address. */
  readonly registry: string;
  /** First block to read (the deployment block saves time); 0 by default. */
  readonly fromBlock?: number;
  /** Last block to read; the latest by default. */
  readonly toBlock?: number | "latest";
}

/** Reads and decodes every change of the register from the chain's logs. */
export async function readCitizenChanges({
  provider,
  registry,
  fromBlock = 0,
  toBlock = "latest",
}: ReadCitizenChangesParameters): Promise<CitizenChange[]> {
  const logs = await readLogs({ provider, address: registry, fromBlock, toBlock });
  return decodeCitizenLogs(logs);
}

/**
 * Rebuilds the register from its changes, up to and including sequence number `asOf` (all of them by default).
 * The result lists the citizens in register order. Throws when the changes have a gap or name an unknown citizen:
 * a census computed from an incomplete log would be wrong.
 */
export function replayCitizenRegister(changes: readonly CitizenChange[], asOf?: bigint): ReplayedCitizen[] {
  const byKey = new Map<string, ReplayedCitizen>();
  const ordered: string[] = [];
  let expected = 1n;
  for (const change of changes) {
    if (asOf !== undefined && change.sequence > asOf) break;
    if (change.sequence !== expected) {
      throw new InvalidInputError({
        field: "changes",
        reason: `sequence ${expected} is missing from the register's events (next found: ${change.sequence})`,
      });
    }
    expected++;
    if (change.kind === "registered") {
      byKey.set(change.citizenKey, {
        citizenKey: change.citizenKey,
        index: change.index,
        jurisdiction: change.jurisdiction,
        status: "Active",
        flags: change.flags,
        votingCommitment: change.votingCommitment,
        lastSequence: change.sequence,
      });
      ordered[change.index] = change.citizenKey;
      continue;
    }
    const current = byKey.get(change.citizenKey);
    if (current === undefined) {
      throw new InvalidInputError({
        field: "changes",
        reason: `change ${change.sequence} names citizen ${change.citizenKey}, never registered`,
      });
    }
    const next =
      change.kind === "status"
        ? { status: change.to }
        : change.kind === "eligibility"
          ? { flags: change.to }
          : { votingCommitment: change.to };
    byKey.set(change.citizenKey, { ...current, ...next, lastSequence: change.sequence });
  }
  if (asOf !== undefined && expected - 1n < asOf) {
    throw new InvalidInputError({
      field: "asOf",
      reason: `the events reach sequence ${expected - 1n}, not ${asOf}`,
    });
  }
  return ordered.map((key) => byKey.get(key)!);
}

/** Who belongs to a census. */
export interface CensusSelector {
  /** Municipality code. */
  readonly jurisdiction: number;
  /** Eligibility flags every member has (a bit set of {@link EligibilityFlags}). */
  readonly requiredFlags: number;
}

/** Parameters of {@link computeCensus}. */
export interface ComputeCensusParameters extends CensusSelector {
  /** The register's changes, from {@link readCitizenChanges} or {@link decodeCitizenLogs}. */
  readonly changes: readonly CitizenChange[];
  /** The sequence number to compute the census at; the last change by default. */
  readonly asOf?: bigint;
}

/** A census: who may vote, as of a sequence number. */
export interface Census extends CensusSelector {
  /** The sequence number the census was computed at. */
  readonly sequence: bigint;
  /** The members' voting commitments, in register order. */
  readonly members: readonly bigint[];
  /** The number of members. */
  readonly size: number;
  /** The Semaphore tree root; 0 for an empty census. */
  readonly root: bigint;
}

/** Whether a citizen belongs to the census of `selector`. */
export function isCensusMember(citizen: ReplayedCitizen, selector: CensusSelector): boolean {
  return (
    citizen.jurisdiction === selector.jurisdiction &&
    citizen.status === "Active" &&
    (citizen.flags & selector.requiredFlags) === selector.requiredFlags
  );
}

/** Computes a census from the register's changes: members, size and Semaphore root. */
export function computeCensus({ changes, jurisdiction, requiredFlags, asOf }: ComputeCensusParameters): Census {
  const sequence = asOf ?? (changes.length === 0 ? 0n : changes[changes.length - 1]!.sequence);
  const register = replayCitizenRegister(changes, sequence);
  const members = register
    .filter((citizen) => isCensusMember(citizen, { jurisdiction, requiredFlags }))
    .map((citizen) => citizen.votingCommitment);
  return {
    jurisdiction,
    requiredFlags,
    sequence,
    members,
    size: members.length,
    root: censusRoot(members),
  };
}

/** The result of {@link checkCensus}. */
export interface CheckCensusReturnType {
  /** Whether the stated root and size are those recomputed. */
  readonly matches: boolean;
  /** The recomputed census. */
  readonly computed: Census;
}

/** Recomputes a stated census (for example a poll's) from the register's changes and compares root and size. */
export function checkCensus(parameters: {
  readonly changes: readonly CitizenChange[];
  readonly stated: CensusSelector & { readonly sequence: bigint; readonly root: bigint; readonly size: number };
}): CheckCensusReturnType {
  const { changes, stated } = parameters;
  const computed = computeCensus({
    changes,
    jurisdiction: stated.jurisdiction,
    requiredFlags: stated.requiredFlags,
    asOf: stated.sequence,
  });
  return { matches: computed.root === stated.root && computed.size === stated.size, computed };
}
