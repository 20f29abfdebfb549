/**
 * `citizens …` commands: register, change-status, set-eligibility, set-commitment, apply-commitment, register-bulk,
 * show, census, census-follow.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

import {
  censusOf,
  changeCitizenStatus,
  citizenRegistryOf,
  type CitizenRow,
  flagNames,
  getCitizen,
  parseFlags,
  registerCitizen,
  registerCitizens,
  setEligibility,
  setVotingCommitment,
  applyVotingCommitment,
} from "../../actions/citizens.js";
import { InvalidInputError } from "../../errors.js";
import { commitmentText } from "../../vocabulary.js";
import { CensusKeeper } from "../../elections/keeper.js";
import {
  validateChoice,
  validateDocument,
  validateFileExists,
  validateHash,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { isoTime, show } from "../format.js";
import { type CommonArgs, command } from "../session.js";
import { contextOf } from "../context.js";
import { type BulkArgs, bulkImport } from "../bulk.js";
import { RowKeys } from "../../actions/bulk.js";

/** A municipality code from its option. */
export function parseJurisdiction(field: string, value: string | undefined): number {
  const code = Number(validateUint(field, validateRequired(field, value)));
  if (code === 0 || code > 0xffffffff) {
    throw new InvalidInputError({ field, reason: "must be a municipality code from 1 to 4294967295" });
  }
  return code;
}

/** A Semaphore identity commitment from its option (decimal or 0x hex). */
export function parseCommitment(field: string, value: string | undefined): bigint {
  const text = validateRequired(field, value);
  if (!/^(0x[0-9a-fA-F]{1,64}|\d{1,78})$/.test(text)) {
    throw new InvalidInputError({ field, reason: `"${text}" is not a number (decimal or 0x hex)` });
  }
  return BigInt(text);
}

interface RegisterArgs extends CommonArgs {
  readonly citizen?: string;
  readonly jurisdiction?: string;
  readonly flags?: string;
  readonly commitment?: string;
  readonly basis?: string;
}

export const register = command<RegisterArgs>({ write: true }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const jurisdiction = parseJurisdiction("--jurisdiction", args.jurisdiction);
  const flags = parseFlags("--flags", args.flags ?? "");
  const votingCommitment = parseCommitment("--commitment", args.commitment);
  const basis = validateDocument("--basis", args.basis);
  const result = await registerCitizen({
    ...contextOf(session),
    citizenKey,
    jurisdiction,
    flags,
    votingCommitment,
    basis,
  });
  return {
    data: {
      citizenKey,
      jurisdiction,
      flags,
      votingCommitment: commitmentText(votingCommitment),
      sequence: show(result.sequence),
    },
    lines: [
      `Citizen ${citizenKey} registered in ${jurisdiction} (${flagNames(flags)})` +
        (result.sequence === undefined ? "" : `, register sequence ${result.sequence}`),
    ],
    transactions: result.transactions,
    safeTitle: `Register citizen ${citizenKey}`,
  };
});

interface ChangeStatusArgs extends CommonArgs {
  readonly citizen?: string;
  readonly status?: string;
  readonly basis?: string;
}

export const changeStatus = command<ChangeStatusArgs>({ write: true }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const status = validateChoice("--status", args.status, ["Active", "Suspended", "MovedOut", "Deceased"] as const);
  const basis = validateDocument("--basis", args.basis);
  const result = await changeCitizenStatus({ ...contextOf(session), citizenKey, status, basis });
  return {
    data: { citizenKey, previousStatus: result.previousStatus, status, sequence: show(result.sequence) },
    lines: [`Citizen ${citizenKey}: ${result.previousStatus} -> ${status}`],
    transactions: result.transactions,
    safeTitle: `Citizen ${citizenKey} ${status}`,
  };
});

interface SetEligibilityArgs extends CommonArgs {
  readonly citizen?: string;
  readonly flags?: string;
  readonly basis?: string;
}

export const setEligibilityCommand = command<SetEligibilityArgs>({ write: true }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const flags = parseFlags("--flags", validateRequired("--flags", args.flags));
  const basis = validateDocument("--basis", args.basis);
  const result = await setEligibility({ ...contextOf(session), citizenKey, flags, basis });
  return {
    data: { citizenKey, previousFlags: result.previousFlags, flags, sequence: show(result.sequence) },
    lines: [`Citizen ${citizenKey}: eligibility ${flagNames(result.previousFlags)} -> ${flagNames(flags)}`],
    transactions: result.transactions,
    safeTitle: `Eligibility of citizen ${citizenKey}`,
  };
});

interface SetCommitmentArgs extends CommonArgs {
  readonly citizen?: string;
  readonly commitment?: string;
  readonly basis?: string;
}

export const setCommitment = command<SetCommitmentArgs>({ write: true }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const votingCommitment = parseCommitment("--commitment", args.commitment);
  const basis = validateDocument("--basis", args.basis);
  const result = await setVotingCommitment({ ...contextOf(session), citizenKey, votingCommitment, basis });
  const due = result.effectiveAt === undefined ? "after the notice" : `from ${isoTime(Number(result.effectiveAt))}`;
  return {
    data: {
      citizenKey,
      previousCommitment: commitmentText(result.previousCommitment),
      votingCommitment: commitmentText(votingCommitment),
      effectiveAt: result.effectiveAt === undefined ? null : show(result.effectiveAt),
    },
    lines: [
      `Citizen ${citizenKey}: new voting commitment proposed; anyone applies it ${due} (citizens apply-commitment), ` +
        "unless a guardian cancels it; polls created before it applies keep the old one in their census",
    ],
    transactions: result.transactions,
    safeTitle: `Voting commitment of citizen ${citizenKey}`,
  };
});

export const applyCommitment = command<SetCommitmentArgs>({ write: true }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const result = await applyVotingCommitment({ ...contextOf(session), citizenKey });
  return {
    data: { citizenKey, sequence: result.sequence === undefined ? null : show(result.sequence) },
    lines: [`Citizen ${citizenKey}: the proposed voting commitment is now in the register`],
    transactions: result.transactions,
    safeTitle: `Apply the voting commitment of citizen ${citizenKey}`,
  };
});

interface RegisterBulkArgs extends CommonArgs, BulkArgs {
  readonly file?: string;
  readonly journal?: string;
}

export const registerBulk = command<RegisterBulkArgs>({ write: true }, async (args, session) => {
  const file = validateFileExists("--file", args.file);
  const folder = dirname(file);
  // Keys and commitments seen so far, to name both rows of a repeat (a commitment is never given twice).
  let keys = new RowKeys();
  let commitments = new RowKeys();
  return bulkImport({
    command: "citizens register-bulk",
    args,
    session,
    file,
    read: {
      requiredColumns: ["citizenKey", "jurisdiction", "commitment", "basis"],
      optionalColumns: ["flags"],
      reset: () => {
        keys = new RowKeys();
        commitments = new RowKeys();
      },
      parse: ({ index, label, values }) => {
        const otherRow = (row: number) => label.replace(/ row \d+$/, ` row ${row}`);
        const row: CitizenRow = {
          label,
          citizenKey: validateHash(`${label} citizenKey`, values.citizenKey),
          jurisdiction: parseJurisdiction(`${label} jurisdiction`, values.jurisdiction),
          flags: parseFlags(`${label} flags`, values.flags ?? ""),
          votingCommitment: parseCommitment(`${label} commitment`, values.commitment),
          basis: validateDocument(
            `${label} basis`,
            values.basis.startsWith("0x") ? values.basis : resolve(folder, values.basis),
          ),
        };
        if (BigInt(row.citizenKey) === 0n) {
          throw new InvalidInputError({ field: `${label} citizenKey`, reason: "must not be zero" });
        }
        if (BigInt(row.basis) === 0n)
          throw new InvalidInputError({ field: `${label} basis`, reason: "must not be zero" });
        const sameKey = keys.first(row.citizenKey.toLowerCase(), index);
        if (sameKey !== undefined) {
          throw new InvalidInputError({
            field: `${label} citizenKey`,
            reason: `${row.citizenKey} is also on ${otherRow(sameKey)}`,
          });
        }
        const sameCommitment = commitments.first(String(row.votingCommitment), index);
        if (sameCommitment !== undefined) {
          throw new InvalidInputError({
            field: `${label} commitment`,
            reason: `${row.votingCommitment} is also on ${otherRow(sameCommitment)}`,
          });
        }
        return row;
      },
    },
    importRows: registerCitizens,
    safeTitle: (summary) => `Register ${summary.written} citizens`,
  });
});

interface ShowArgs extends CommonArgs {
  readonly citizen?: string;
}

export const showCitizen = command<ShowArgs>({ write: false }, async (args, session) => {
  const citizenKey = validateHash("--citizen", args.citizen);
  const c = await getCitizen({ suite: session.suite, citizenKey });
  return {
    data: {
      citizen: { ...c, lastSequence: show(c.lastSequence), votingCommitment: commitmentText(c.votingCommitment) },
    },
    lines: [
      `Citizen ${citizenKey} (register position ${c.index})`,
      `  jurisdiction ${c.jurisdiction}, ${c.status} since ${isoTime(c.statusSince)}, registered ${isoTime(c.registeredAt)}`,
      `  eligibility ${flagNames(c.flags)}; voting commitment ${commitmentText(c.votingCommitment)}`,
      `  last change: register sequence ${c.lastSequence}`,
    ],
  };
});

interface CensusArgs extends CommonArgs {
  readonly jurisdiction?: string;
  readonly flags?: string;
  readonly asOf?: string;
  readonly root?: string;
}

export const census = command<CensusArgs>({ write: false }, async (args, session) => {
  const jurisdiction = parseJurisdiction("--jurisdiction", args.jurisdiction);
  const requiredFlags = parseFlags("--flags", args.flags ?? "");
  const asOf = args.asOf === undefined ? undefined : validateUint("--as-of", args.asOf);
  const stated = args.root === undefined ? undefined : parseCommitment("--root", args.root);
  const started = Date.now();
  const result = await censusOf({ suite: session.suite, jurisdiction, requiredFlags, asOf });
  const ms = Date.now() - started;
  const matches = stated === undefined ? undefined : stated === result.root;
  const lines = [
    `Census of ${jurisdiction} (${flagNames(requiredFlags)} required) as of register sequence ${result.sequence}: ` +
      `${result.size} members, root ${result.root} (computed from the events in ${ms} ms)`,
  ];
  if (matches !== undefined)
    lines.push(matches ? "The stated root matches." : `The stated root ${stated} does NOT match.`);
  if (matches === false) process.exitCode = 1;
  return {
    data: {
      jurisdiction,
      requiredFlags,
      sequence: show(result.sequence),
      size: result.size,
      root: show(result.root),
      matches,
    },
    lines,
  };
});

interface CensusFollowArgs extends CommonArgs {
  readonly file?: string;
  readonly flags?: string;
  readonly interval?: string;
  readonly once?: boolean;
}

export const censusFollow = command<CensusFollowArgs>({ write: false }, async (args, session) => {
  const file = resolve(validateRequired("--file", args.file));
  const requiredFlags = parseFlags("--flags", args.flags ?? "");
  const seconds = Number(validateUint("--interval", args.interval ?? "4"));
  if (seconds < 1) throw new InvalidInputError({ field: "--interval", reason: "must be at least 1 second" });
  const keeper = await CensusKeeper.open({
    provider: session.suite.runner.provider!,
    registry: await citizenRegistryOf(session.suite).getAddress(),
    file,
    startBlock: session.suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
    flagSets: [requiredFlags],
  });
  const resumed = keeper.block;
  const report = (result: Awaited<ReturnType<CensusKeeper["sync"]>>) =>
    `block ${result.block}: ${result.applied} change(s) applied` +
    (result.reorganised ? `, a reorganisation repaired (${result.undone} change(s) undone)` : "");
  if (args.once !== true) {
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    process.once("SIGTERM", () => stop.abort());
    console.log(
      `Following the register into ${file}${resumed === null ? "" : ` from block ${resumed.number}`}; Ctrl+C stops`,
    );
    await keeper.follow({
      intervalMs: seconds * 1000,
      signal: stop.signal,
      onSync: (result) => {
        if (result.applied > 0 || result.reorganised) console.log(report(result));
      },
    });
  }
  const result = await keeper.sync();
  const censuses = keeper.censuses().map((selector) => keeper.census(selector));
  return {
    data: {
      file,
      block: result.block,
      sequence: show(keeper.sequence),
      applied: result.applied,
      undone: result.undone,
      reorganised: result.reorganised,
      censuses: censuses.map((c) => ({
        jurisdiction: c.jurisdiction,
        requiredFlags: c.requiredFlags,
        size: c.size,
        root: show(c.root),
      })),
    },
    lines: [
      `${resumed === null ? "Started" : `Resumed from block ${resumed.number}`}; ${report(result)}; register sequence ${keeper.sequence}, ${keeper.citizens} citizens`,
      ...censuses.map(
        (c) =>
          `  census of ${c.jurisdiction} (${flagNames(c.requiredFlags)} required): ${c.size} members, root ${c.root}`,
      ),
    ],
  };
});
