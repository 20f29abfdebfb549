/**
 * Civil-registrar actions on the CitizenRegistry: register citizens (one or in bulk), change their status, set their
 * eligibility flags and voting commitment; read a citizen; compute a census root from the events.
 *
 * @module
 */
import type { CitizenRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { DeploymentNotFoundError, InvalidInputError } from "../errors.js";
import {
  type Census,
  CITIZEN_STATUSES,
  type CitizenStatusName,
  computeCensus,
  readCitizenChanges,
} from "../elections/census.js";
import { type CitizenView, readCitizen } from "../elections/polls.js";
import { forEachLog } from "../logs.js";
import { validateHash } from "../validate.js";
import { FLAG_BITS, flagNames } from "../vocabulary.js";
import {
  type BulkImportParameters,
  type BulkSummary,
  fileDigest,
  hexWords,
  KeyTable,
  requireFirstOfKey,
  RowKeys,
  type RowOnChain,
  type RowPosition,
  runBulk,
  wordsHex,
} from "./bulk.js";
import { type ActionContext, type Execution, execute } from "./execute.js";

/** The BN254 scalar field: voting commitments are elements of it. */
const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

export { FLAG_BITS, flagNames } from "../vocabulary.js";

/** The register of a suite, or a {@link DeploymentNotFoundError} for a record made before it existed. */
export function citizenRegistryOf(suite: Suite): CitizenRegistry {
  if (suite.citizenRegistry === undefined) {
    throw new DeploymentNotFoundError({
      network: suite.deployment.network,
      reason: "the deployment record has no CitizenRegistry (deployed before it existed)",
    });
  }
  return suite.citizenRegistry;
}

/** Flags from a list of names ("adult,resident") or a number. */
export function parseFlags(field: string, value: string): number {
  const text = value.trim();
  if (text === "" || text === "none") return 0;
  if (/^\d+$/.test(text)) {
    const flags = Number(text);
    if (flags > 7) throw new InvalidInputError({ field, reason: `${text} names bits the register does not define` });
    return flags;
  }
  let flags = 0;
  for (const name of text.split(/[,+ ]+/)) {
    const bit = FLAG_BITS[name.toLowerCase() as keyof typeof FLAG_BITS];
    if (bit === undefined) {
      throw new InvalidInputError({ field, reason: `"${name}" is not one of adult, resident, national` });
    }
    flags |= bit;
  }
  return flags;
}

function requireCommitment(field: string, commitment: bigint): void {
  if (commitment <= 0n || commitment >= SNARK_SCALAR_FIELD) {
    throw new InvalidInputError({ field, reason: "must be a Semaphore identity commitment (0 < c < field size)" });
  }
}

function requireJurisdiction(field: string, jurisdiction: number): void {
  if (!Number.isInteger(jurisdiction) || jurisdiction <= 0 || jurisdiction > 0xffffffff) {
    throw new InvalidInputError({ field, reason: "must be a municipality code from 1 to 4294967295" });
  }
}

/** A citizen (an unknown key is a `RecordNotFoundError`). */
export async function getCitizen({
  suite,
  citizenKey,
}: {
  readonly suite: Suite;
  readonly citizenKey: string;
}): Promise<CitizenView> {
  return readCitizen({ registry: citizenRegistryOf(suite), citizenKey });
}

// -----------------------------------------------------------------------------------------------------------------
// Writes (CIVIL_REGISTRAR)
// -----------------------------------------------------------------------------------------------------------------

export type RegisterCitizenParameters = ActionContext & {
  /** The salted commitment of the civil registry, 0x 32 bytes. */
  readonly citizenKey: string;
  readonly jurisdiction: number;
  readonly flags: number;
  readonly votingCommitment: bigint;
  readonly basis: string;
};

export type RegisterCitizenReturnType = Execution & { readonly sequence: bigint | undefined };

/** Enters a citizen in the register. Needs CIVIL_REGISTRAR. */
export async function registerCitizen(parameters: RegisterCitizenParameters): Promise<RegisterCitizenReturnType> {
  const { jurisdiction, flags, votingCommitment } = parameters;
  const citizenKey = validateHash("citizenKey", parameters.citizenKey);
  requireJurisdiction("jurisdiction", jurisdiction);
  const basis = validateHash("basis", parameters.basis);
  requireCommitment("votingCommitment", votingCommitment);
  const registry = citizenRegistryOf(parameters.suite);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "CitizenRegistry",
        functionName: "registerCitizen",
        args: [citizenKey, jurisdiction, flags, votingCommitment, basis],
        description: `register citizen ${citizenKey} in ${jurisdiction} (${flagNames(flags)})`,
      },
    ],
  });
  return { ...execution, sequence: sequenceOf(execution) };
}

function sequenceOf(execution: Execution): bigint | undefined {
  if (execution.mode !== "send") return undefined;
  for (const transaction of execution.transactions) {
    for (const event of transaction.events) {
      const value = event.args.sequence;
      if (typeof value === "bigint") return value;
    }
  }
  return undefined;
}

export type ChangeCitizenStatusParameters = ActionContext & {
  readonly citizenKey: string;
  readonly status: Exclude<CitizenStatusName, "None">;
  readonly basis: string;
};

export type ChangeCitizenStatusReturnType = Execution & {
  readonly previousStatus: CitizenStatusName;
  readonly sequence: bigint | undefined;
};

/** Moves a citizen to a new status, when the law allows it (the contract's own check runs first). */
export async function changeCitizenStatus(
  parameters: ChangeCitizenStatusParameters,
): Promise<ChangeCitizenStatusReturnType> {
  const { suite, citizenKey, status } = parameters;
  const basis = validateHash("basis", parameters.basis);
  const target = CITIZEN_STATUSES.indexOf(status);
  if (target < 1) {
    throw new InvalidInputError({
      field: "status",
      reason: `"${status}" is not one of ${CITIZEN_STATUSES.slice(1).join(", ")}`,
    });
  }
  const registry = citizenRegistryOf(suite);
  const record = await getCitizen({ suite, citizenKey });
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "CitizenRegistry",
        functionName: "changeStatus",
        args: [citizenKey, target, basis],
        description: `citizen ${citizenKey}: ${record.status} -> ${status}`,
      },
    ],
  });
  return { ...execution, previousStatus: record.status, sequence: sequenceOf(execution) };
}

export type SetEligibilityParameters = ActionContext & {
  readonly citizenKey: string;
  readonly flags: number;
  readonly basis: string;
};

/** Replaces a citizen's eligibility flags. */
export async function setEligibility(
  parameters: SetEligibilityParameters,
): Promise<Execution & { readonly previousFlags: number; readonly sequence: bigint | undefined }> {
  const { suite, citizenKey, flags } = parameters;
  const basis = validateHash("basis", parameters.basis);
  const registry = citizenRegistryOf(suite);
  const record = await getCitizen({ suite, citizenKey });
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "CitizenRegistry",
        functionName: "setEligibility",
        args: [citizenKey, flags, basis],
        description: `citizen ${citizenKey}: eligibility ${flagNames(record.flags)} -> ${flagNames(flags)}`,
      },
    ],
  });
  return { ...execution, previousFlags: record.flags, sequence: sequenceOf(execution) };
}

export type SetVotingCommitmentParameters = ActionContext & {
  readonly citizenKey: string;
  readonly votingCommitment: bigint;
  readonly basis: string;
};

/**
 * Proposes a new voting commitment for a citizen (a lost device). The register changes only when the rotation is
 * applied ({@link applyVotingCommitment}) after the contract's notice, during which a guardian can cancel it.
 */
export async function setVotingCommitment(
  parameters: SetVotingCommitmentParameters,
): Promise<Execution & { readonly previousCommitment: bigint; readonly effectiveAt: bigint | undefined }> {
  const { suite, citizenKey, votingCommitment } = parameters;
  const basis = validateHash("basis", parameters.basis);
  requireCommitment("votingCommitment", votingCommitment);
  const registry = citizenRegistryOf(suite);
  const record = await getCitizen({ suite, citizenKey });
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "CitizenRegistry",
        functionName: "setVotingCommitment",
        args: [citizenKey, votingCommitment, basis],
        description: `citizen ${citizenKey}: propose a new voting commitment`,
      },
    ],
  });
  let effectiveAt: bigint | undefined;
  if (execution.mode === "send") {
    for (const transaction of execution.transactions) {
      for (const event of transaction.events) {
        if (typeof event.args.effectiveAt === "bigint") effectiveAt = event.args.effectiveAt;
      }
    }
  }
  return { ...execution, previousCommitment: record.votingCommitment, effectiveAt };
}

/** Applies a citizen's proposed voting commitment once its notice has passed; anyone may send it. */
export async function applyVotingCommitment(
  parameters: ActionContext & { readonly citizenKey: string },
): Promise<Execution & { readonly sequence: bigint | undefined }> {
  const citizenKey = validateHash("citizenKey", parameters.citizenKey);
  const registry = citizenRegistryOf(parameters.suite);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "CitizenRegistry",
        functionName: "applyVotingCommitment",
        args: [citizenKey],
        description: `citizen ${citizenKey}: apply the proposed voting commitment`,
      },
    ],
  });
  return { ...execution, sequence: sequenceOf(execution) };
}

// -----------------------------------------------------------------------------------------------------------------
// Bulk registration
// -----------------------------------------------------------------------------------------------------------------

/** One citizen to register in bulk. */
export interface CitizenRow {
  /** Where the row comes from, for messages. */
  readonly label: string;
  readonly citizenKey: string;
  readonly jurisdiction: number;
  readonly flags: number;
  readonly votingCommitment: bigint;
  readonly basis: string;
}

export type RegisterCitizensParameters = BulkImportParameters<CitizenRow>;

/**
 * Registers many citizens through `multicall`, resumable: rows already on chain with the same jurisdiction and
 * commitment are skipped; a row on chain with other data, or whose commitment was ever given to another citizen (a
 * commitment is never reused), stops the job before anything is sent. The rows are compared with the register's
 * logs, read once, not one read per row. Needs CIVIL_REGISTRAR.
 */
export async function registerCitizens(parameters: RegisterCitizensParameters): Promise<BulkSummary> {
  const { suite } = parameters;
  const registry = citizenRegistryOf(suite);
  const keys = new RowKeys();
  const commitments = new RowKeys();
  const checkRow = (row: CitizenRow, at: RowPosition) => {
    requireFirstOfKey(keys, at, row.label, "citizenKey", row.citizenKey.toLowerCase());
    requireFirstOfKey(commitments, at, row.label, "votingCommitment", String(row.votingCommitment));
    validateHash(`${row.label} citizenKey`, row.citizenKey);
    validateHash(`${row.label} basis`, row.basis);
    requireJurisdiction(`${row.label} jurisdiction`, row.jurisdiction);
    requireCommitment(`${row.label} votingCommitment`, row.votingCommitment);
  };
  const iface = registry.interface;
  const registered = iface.getEvent("CitizenRegistered")!;
  const rotated = iface.getEvent("VotingCommitmentChanged")!;
  const [registeredTopic, rotatedTopic] = [registered.topicHash, rotated.topicHash];
  /**
   * What the logs say, in compact tables (a register of millions of citizens fits in memory): each citizen's
   * jurisdiction at registration, and the holder of every commitment ever given.
   */
  let onChain: Promise<{ jurisdictions: KeyTable; holders: KeyTable }> | undefined;
  const readOnChain = async () => {
    const jurisdictions = new KeyTable(1);
    const holders = new KeyTable(8);
    await forEachLog(
      {
        provider: suite.runner.provider!,
        address: await registry.getAddress(),
        fromBlock: suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
        topics: [[registeredTopic, rotatedTopic]],
      },
      (log) => {
        const citizenKey = log.topics[1].toLowerCase();
        if (log.topics[0] === registeredTopic) {
          const event = iface.decodeEventLog(registered, log.data, log.topics);
          jurisdictions.add(citizenKey, [Number(event.jurisdiction)]);
          holders.add(String(event.votingCommitment as bigint), hexWords(citizenKey));
        } else {
          holders.add(String(iface.decodeEventLog(rotated, log.data, log.topics).to as bigint), hexWords(citizenKey));
        }
      },
    );
    return { jurisdictions, holders };
  };
  const checkRows = async (rows: readonly CitizenRow[]): Promise<RowOnChain[]> => {
    onChain ??= readOnChain();
    const { jurisdictions, holders } = await onChain;
    return rows.map((row): RowOnChain => {
      const citizenKey = row.citizenKey.toLowerCase();
      const held = holders.get(String(row.votingCommitment));
      const holder = held === undefined ? undefined : `0x${wordsHex(held, 64)}`;
      const jurisdiction = jurisdictions.get(citizenKey)?.[0];
      if (jurisdiction === undefined) {
        if (holder !== undefined) {
          return { state: "conflict", reason: `commitment ${row.votingCommitment} belongs to citizen ${holder}` };
        }
        return { state: "absent" };
      }
      if (holder === citizenKey && jurisdiction === row.jurisdiction) return { state: "present" };
      return {
        state: "conflict",
        reason:
          jurisdiction === row.jurisdiction
            ? `citizen ${row.citizenKey} is registered with another voting commitment`
            : `citizen ${row.citizenKey} is registered in ${jurisdiction}, not ${row.jurisdiction}`,
      };
    });
  };
  return runBulk({
    ...parameters,
    contract: registry,
    contractName: "CitizenRegistry",
    functionSignature: "registerCitizen(bytes32,uint32,uint8,uint256,bytes32)",
    checkRow,
    checkRows,
    encode: (row) =>
      iface.encodeFunctionData("registerCitizen", [
        row.citizenKey,
        row.jurisdiction,
        row.flags,
        row.votingCommitment,
        row.basis,
      ]),
    inputDigest: await fileDigest(parameters.inputPath),
  });
}

// -----------------------------------------------------------------------------------------------------------------
// Census
// -----------------------------------------------------------------------------------------------------------------

/** Computes a jurisdiction's census from the register's events, as of a sequence number (the latest by default). */
export async function censusOf({
  suite,
  jurisdiction,
  requiredFlags,
  asOf,
}: {
  readonly suite: Suite;
  readonly jurisdiction: number;
  readonly requiredFlags: number;
  readonly asOf?: bigint;
}): Promise<Census> {
  requireJurisdiction("jurisdiction", jurisdiction);
  const registry = citizenRegistryOf(suite);
  const changes = await readCitizenChanges({
    provider: suite.runner.provider!,
    registry: await registry.getAddress(),
    fromBlock: suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
  });
  return computeCensus({ changes, jurisdiction, requiredFlags, asOf });
}
