/**
 * The tables of `docs/gas.md`, generated from the benchmark reports (`bench/gas-report.json`,
 * `bench/voting-report.json`, `bench/bulk-report.json`), never copied by hand: `npm run bench:docs` rewrites every
 * section between a `<!-- generated: NAME -->` and a `<!-- end generated: NAME -->` marker and leaves the prose
 * around them as it is (`bench/write-docs.ts`, run after each benchmark of `npm run bench`). A test compares the committed page
 * with what this module makes of the committed reports, and checks that every report key the page names is in a
 * report.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import { format, resolveConfig } from "prettier";

import { TARGETS } from "./report.js";

/** The reports the page is generated from, as parsed JSON. */
export interface BenchReports {
  readonly gas: Readonly<Record<string, GasEntry>>;
  readonly voting: Readonly<Record<string, TimeEntry>>;
  readonly bulk: BulkReport;
  readonly startup: Readonly<Record<string, StartupEntry>>;
}

/** An entry of `bench/startup-report.json`: one command line's start-up, or (`startup.machine`) the machine. */
export interface StartupEntry {
  readonly command?: string;
  readonly medianMs?: number;
  readonly runsMs?: readonly number[];
  readonly cpuMedianMs?: number;
  readonly cpus?: number;
  readonly cpuModel?: string;
  readonly loadAverage?: readonly number[];
  readonly node?: string;
  readonly measuredAt?: string;
}

/** An entry of `bench/gas-report.json` (the fields the page uses). */
export interface GasEntry {
  readonly gas: number;
  readonly target?: number;
  readonly result?: string;
  readonly peer?: string;
  readonly peerGas?: number;
  readonly beside?: string;
  readonly besideGas?: number;
  readonly at10?: number;
  readonly at10000?: number;
  readonly note?: string;
}

/** An entry of `bench/voting-report.json` (the fields the page uses). */
export interface TimeEntry {
  readonly ms?: number;
  readonly mb?: number;
  readonly processMB?: number;
  readonly target?: number;
  readonly result?: string;
  readonly missBy?: number;
  readonly runs?: number;
  readonly allMs?: readonly number[];
  readonly coldMs?: number;
  /** The earlier ways measured beside it in the same run, by name. */
  readonly besideMs?: Readonly<Record<string, readonly number[]>>;
  readonly note?: string;
}

/** `bench/bulk-report.json` (the fields the page uses). */
export interface BulkReport {
  readonly machine?: string;
  readonly generatedAt?: string;
  readonly jobs: readonly {
    readonly name: string;
    readonly command: string;
    readonly records: number;
    readonly transactions: number;
    readonly wallSeconds: number;
    readonly gasPerRecord: number;
    readonly recordsPerSecond: number;
    readonly rowsPerTransaction: number | null;
    readonly peakRssMB: number | null;
  }[];
  readonly check?: { readonly rows: number; readonly wallSeconds: number; readonly peakRssMB: number };
  readonly [key: string]: unknown;
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** The page, from the project's root. */
export const GAS_DOCS = "docs/gas.md";
const REPORT_FILES = {
  gas: "bench/gas-report.json",
  voting: "bench/voting-report.json",
  bulk: "bench/bulk-report.json",
  startup: "bench/startup-report.json",
} as const;

/** Reads the three committed reports. */
export function readBenchReports(root = ROOT): BenchReports {
  const read = (file: string) => JSON.parse(readFileSync(`${root}/${file}`, "utf8")) as never;
  return {
    gas: read(REPORT_FILES.gas),
    voting: read(REPORT_FILES.voting),
    bulk: read(REPORT_FILES.bulk),
    startup: read(REPORT_FILES.startup),
  };
}

const fmt = (n: number) => n.toLocaleString("en");

/** Report keys the page names or a table needs that the reports do not hold. */
export class MissingReportKeyError extends Error {
  constructor(
    readonly keys: readonly string[],
    /** Where the keys were looked for. */
    readonly where: string,
  ) {
    super(
      `${GAS_DOCS} needs ${keys.map((key) => `"${key}"`).join(", ")}, not in ${where}: run the benchmark that writes ${keys.length === 1 ? "it" : "them"}`,
    );
    this.name = "MissingReportKeyError";
  }
}

function gasEntry(reports: BenchReports, key: string): GasEntry {
  const entry = reports.gas[key];
  if (entry === undefined) throw new MissingReportKeyError([key], REPORT_FILES.gas);
  return entry;
}

function timeEntry(reports: BenchReports, key: string): TimeEntry {
  const entry = reports.voting[key];
  if (entry === undefined) throw new MissingReportKeyError([key], REPORT_FILES.voting);
  return entry;
}

function table(header: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]) {
  return [
    `| ${header.join(" | ")} |`,
    `| ${align.map((a) => (a === "r" ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

const resultCell = (result: string | undefined, over?: number) =>
  result === undefined ? "" : result === "miss" ? `**miss**${over === undefined ? "" : ` by ${fmt(over)}`}` : result;

/** The targets of `bench/gas.ts`, each with its peer and the figure measured beside it. */
function targetsTable(reports: BenchReports): string {
  const rows = TARGETS.map((target) => {
    const entry = gasEntry(reports, target.key);
    const limit = entry.target ?? target.limit;
    return [
      `\`${target.key}\``,
      target.what,
      fmt(entry.gas),
      fmt(limit),
      resultCell(entry.result, entry.gas - limit),
      entry.peer === undefined ? "" : `\`${entry.peer}\` ${fmt(entry.peerGas ?? gasEntry(reports, entry.peer).gas)}`,
      entry.beside === undefined ? "" : `\`${entry.beside}\` ${fmt(entry.besideGas ?? 0)}`,
    ];
  });
  return table(
    ["target", "what", "gas", "limit", "result", "peer", "beside"],
    ["l", "l", "r", "r", "l", "l", "l"],
    rows,
  );
}

/**
 * The operations this round's contract changes made dearer, with the figure of the report before the change (a
 * record of history, not a measurement of this run) and the report's figure with 10 records in each registry.
 */
export const CHANGED_OPERATIONS: readonly { readonly key: string; readonly before?: number; readonly why: string }[] = [
  {
    key: "diploma.issue",
    before: 70_464,
    why:
      "165 less: the register's own `restricted` check and issuing binding read outweigh the credential kinds' code " +
      "and the via-IR dispatcher (`hardhat.config.ts`)",
  },
  {
    key: "diploma.issueBatch1000",
    before: 68_369,
    why: "17 less: the same",
  },
  {
    key: "diploma.revokeInBatch",
    before: 82_049,
    why: "1,328 less in the register's code (its 60,000 ceiling was missed before too)",
  },
  { key: "diploma.registerInstitution", before: 166_815, why: "the name's hidden-character check decodes UTF-8" },
  { key: "company.registerCompany", before: 168_685, why: "the same check on the company's name" },
  { key: "transfer.recoverEscrow", before: 77_836, why: "the legal basis and the `EscrowRecovered` event" },
  {
    key: "transfer.acceptOfferBySig",
    before: 84_173,
    why: "the signature covers the record's owner-change count, read from the registry",
  },
  { key: "credential.issueLicence", why: "new: a licence with its validity window" },
  { key: "credential.suspend", why: "new" },
];

/** A figure with 10 records: a target's own `at10`, or the operation's `.at10` row. */
function at10(reports: BenchReports, key: string): number {
  return reports.gas[key]?.at10 ?? gasEntry(reports, `${key}.at10`).gas;
}

function changesTable(reports: BenchReports): string {
  const rows = CHANGED_OPERATIONS.map(({ key, before, why }) => [
    `\`${key}\``,
    before === undefined ? "—" : fmt(before),
    fmt(at10(reports, key)),
    why,
  ]);
  return table(["operation", "before", "after", "why"], ["l", "r", "r", "l"], rows);
}

/** The rows of `bench/voting.ts`, each with a short description. */
const VOTING_ROWS: readonly { readonly keys: readonly string[]; readonly what: string }[] = [
  { keys: ["citizen.register"], what: "register a citizen" },
  { keys: ["citizen.setCommitment"], what: "propose a new voting commitment for a citizen" },
  { keys: ["election.create"], what: "create a single-choice poll of 3 options with its census" },
  {
    keys: ["election.vote.depth20"],
    what: "a first counted single-choice ballot, proof of depth 20, census of 2^20, relayed",
  },
  {
    keys: ["election.revote.depth20"],
    what: "the same citizen's second ballot (revision 2), replacing the first, depth 20",
  },
  {
    keys: ["election.vote.at10", "election.vote.at10000"],
    what: "a first ballot with 10 and with 10,000 citizens registered",
  },
  { keys: ["election.close"], what: "record the close of a 3-option poll" },
];

function votingTable(reports: BenchReports): string {
  const rows = VOTING_ROWS.map(({ keys, what }) => {
    const entries = keys.map((key) => gasEntry(reports, key));
    const single = entries.length === 1 ? entries[0] : undefined;
    return [
      keys.map((key) => `\`${key}\``).join(", "),
      what,
      entries.map((entry) => fmt(entry.gas)).join(" "),
      single?.target === undefined ? "" : fmt(single.target),
      resultCell(single?.result, single?.target === undefined ? undefined : single.gas - single.target),
    ];
  });
  return table(["key", "what", "gas", "limit", "result"], ["l", "l", "r", "r", "l"], rows);
}

/** The rows of `bench/secret.ts`: gas of secret polls, then the voter's preparation time in Node. */
const SECRET_ROWS: readonly { readonly key: string; readonly what: string }[] = [
  { key: "election.secret.vote.options2", what: "a first secret single-choice ballot, 2 options, depth 20" },
  { key: "election.secret.vote.options5", what: "the same, 5 options" },
  { key: "election.secret.vote.options10", what: "the same, 10 options" },
  { key: "election.secret.vote.perOption", what: "each added option (10 options − 2 options, over 8)" },
  { key: "election.secret.revote.options5", what: "a re-vote of 5 options, the replaced ballot taken out" },
  { key: "election.secret.share.options5", what: "one trustee's decryption shares of a 5-option tally" },
  { key: "election.secret.open.options5", what: "the opening of a 5-option tally, quorum 2" },
];

function secretTable(reports: BenchReports): string {
  const rows = SECRET_ROWS.map(({ key, what }) => {
    const entry = gasEntry(reports, key);
    return [
      `\`${key}\``,
      what,
      `${fmt(entry.gas)} gas`,
      entry.target === undefined ? "" : fmt(entry.target),
      resultCell(entry.result, entry.target === undefined ? undefined : entry.gas - entry.target),
    ];
  });
  const time = timeEntry(reports, "secret.prepare.options5.ms");
  rows.push([
    "`secret.prepare.options5.ms`",
    "preparing a 5-option ballot in Node, proofs included (median)",
    `${measuredCell(time)} ms`,
    time.target === undefined ? "" : fmt(time.target),
    resultCell(time.result, time.missBy),
  ]);
  return table(["key", "what", "measured", "limit", "result"], ["l", "l", "r", "r", "l"], rows);
}

/** The Node times of `bench/voting.ts`, in the order the page explains them. */
const TIME_ROWS: readonly { readonly key: string; readonly what: string }[] = [
  { key: "proof.depth20.ms", what: "a ballot proof of depth 20 in Node, median" },
  { key: "census.100000.ms", what: "the census of 100,000 registrations" },
  { key: "census.1048576.ms", what: "the census tree of 2^20 commitments" },
  { key: "census.update.ms", what: "one rotated commitment applied to a kept census tree of 2^20" },
  { key: "census.1048576.memoryMB", what: "peak memory of a process that builds the census of 2^20" },
];

const measuredCell = (entry: TimeEntry) =>
  entry.mb !== undefined
    ? `${fmt(entry.mb)} MB`
    : `${fmt(entry.ms!)}${entry.allMs === undefined ? "" : ` (${entry.runs ?? entry.allMs.length} runs: ${fmt(Math.min(...entry.allMs))} to ${fmt(Math.max(...entry.allMs))})`}`;

const besideCell = (entry: TimeEntry) =>
  Object.entries(entry.besideMs ?? {})
    .map(([way, ms]) => `${way}: ${ms.map(fmt).join(", ")}`)
    .join("; ");

function timesTable(reports: BenchReports): string {
  const rows = TIME_ROWS.filter(({ key }) => key in reports.voting).map(({ key, what }) => {
    const entry = timeEntry(reports, key);
    return [
      `\`${key}\``,
      what,
      measuredCell(entry),
      entry.target === undefined ? "" : fmt(entry.target),
      resultCell(entry.result, entry.missBy),
      besideCell(entry),
    ];
  });
  return table(
    ["key", "what", "measured", "limit", "result", "earlier ways, same run (ms)"],
    ["l", "l", "r", "r", "l", "l"],
    rows,
  );
}

function browserTable(reports: BenchReports): string {
  const rows = [
    ["browser.proof.depth20.ms", "the page's first ballot at depth 20, 10 s after the form opened"],
    ["browser.proof.depth20.throttled4x.ms", "the same, CPU throttled 4x (the renderer, workers included)"],
    ["browser.proof.depth20.warm.ms", "a re-vote, by the same worker (files and engine kept)"],
    ["browser.proof.depth20.throttled4x.warm.ms", "the same, CPU throttled 4x"],
    ["browser.proof.depth20.freshWorker.ms", "the earlier way: a new worker started for the ballot"],
    ["browser.proof.depth20.throttled4x.freshWorker.ms", "the same, CPU throttled 4x"],
    ["browser.secret.encrypt.options5.ms", "a 5-option secret ballot encrypted, with its proofs"],
    ["browser.secret.prepare.options5.ms", "the same with the membership proof: the whole ballot"],
    ["browser.census.100000.ms", "a census of 100,000 recomputed in the page's thread, as the results page does"],
  ].map(([key, what]) => {
    const entry = timeEntry(reports, key!);
    return [
      `\`${key}\``,
      what!,
      measuredCell(entry),
      entry.target === undefined ? "" : fmt(entry.target),
      entry.result === "not representative" ? "**not representative**" : resultCell(entry.result),
    ];
  });
  return table(["key", "what", "ms", "limit", "result"], ["l", "l", "r", "r", "l"], rows);
}

function bulkTable(reports: BenchReports): string {
  const rows = reports.bulk.jobs.map((job) => [
    job.name,
    `\`${job.command}\``,
    fmt(job.transactions),
    job.rowsPerTransaction === null ? "" : fmt(job.rowsPerTransaction),
    `${job.wallSeconds.toFixed(1)} s`,
    fmt(Math.round(job.recordsPerSecond)),
    fmt(job.gasPerRecord),
    job.peakRssMB === null ? "" : `${fmt(job.peakRssMB)} MB`,
  ]);
  const check = reports.bulk.check;
  if (check !== undefined) {
    rows.push([
      `${fmt(check.rows)}-row title file checked`,
      "`property register-bulk --check-only`",
      "0",
      "",
      `${check.wallSeconds.toFixed(1)} s`,
      fmt(Math.round(check.rows / check.wallSeconds)),
      "",
      `${fmt(check.peakRssMB)} MB`,
    ]);
  }
  return table(
    [
      "job",
      "command",
      "transactions",
      "rows per transaction",
      "wall time",
      "records per second",
      "gas per record",
      "peak memory",
    ],
    ["l", "l", "r", "r", "r", "r", "r", "r"],
    rows,
  );
}

/** The start-up target of a read through `egov`, in milliseconds (wall time, a 2-core machine). */
export const STARTUP_READ_TARGET_MS = 1_000;

function startupEntry(reports: BenchReports, key: string): StartupEntry {
  const entry = reports.startup[key];
  if (entry === undefined) throw new MissingReportKeyError([key], REPORT_FILES.startup);
  return entry;
}

/** A read and a help text through `npx hardhat` and through `egov`, side by side, from `bench/startup.ts`. */
function startupTable(reports: BenchReports): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const cell = (key: string) => {
    const entry = startupEntry(reports, key);
    const runs = entry.runsMs ?? [];
    return (
      `${seconds(entry.medianMs!)} (processor ${seconds(entry.cpuMedianMs!)}; ` +
      `${runs.length} runs: ${seconds(Math.min(...runs))} to ${seconds(Math.max(...runs))})`
    );
  };
  const egovRead = startupEntry(reports, "startup.read.egov").medianMs!;
  const rows = [
    ["a read, `property show --parcel …`", cell("startup.read.hardhat"), cell("startup.read.egov")],
    ["a help text, `property show --help`", cell("startup.help.hardhat"), cell("startup.help.egov")],
  ];
  const machine = startupEntry(reports, "startup.machine");
  const load = machine.loadAverage ?? [];
  return [
    table(["what", "`npx hardhat …`", "`egov …`"], ["l", "r", "r"], rows),
    "",
    `A read through \`egov\` (\`startup.read.egov\`, median): ${fmt(egovRead)} ms against the target of ` +
      `${fmt(STARTUP_READ_TARGET_MS)} ms: ${egovRead <= STARTUP_READ_TARGET_MS ? "pass" : `**miss** by ${fmt(egovRead - STARTUP_READ_TARGET_MS)}`}. ` +
      `Measured ${machine.measuredAt?.slice(0, 10) ?? ""} on ${machine.cpus ?? "?"} cores (${machine.cpuModel ?? "unknown"}), ` +
      `Node ${machine.node ?? "?"}, load average ${load.map((value) => value.toFixed(2)).join(", ")} at the end of the run.`,
  ].join("\n");
}

/** Every generated section of the page, by marker name. */
export const GENERATED_TABLES: Readonly<Record<string, (reports: BenchReports) => string>> = {
  targets: targetsTable,
  changes: changesTable,
  voting: votingTable,
  secret: secretTable,
  times: timesTable,
  browser: browserTable,
  bulk: bulkTable,
  startup: startupTable,
};

const MARKER = /<!-- generated: ([a-z]+) -->\n[\s\S]*?<!-- end generated: \1 -->/g;

/**
 * The page with every generated section rewritten from the reports, before formatting. Throws when a marker names
 * no table, when a table is missing its marker, or when a key a table needs is not in its report.
 */
export function renderGasDocs(page: string, reports: BenchReports): string {
  const seen = new Set<string>();
  const rendered = page.replace(MARKER, (_, name: string) => {
    const make = GENERATED_TABLES[name];
    if (make === undefined) throw new Error(`${GAS_DOCS}: no generated table is called "${name}"`);
    seen.add(name);
    return `<!-- generated: ${name} -->\n\n${make(reports)}\n\n<!-- end generated: ${name} -->`;
  });
  const missing = Object.keys(GENERATED_TABLES).filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`${GAS_DOCS}: no marker for the generated tables ${missing.join(", ")}`);
  return rendered;
}

/** {@link renderGasDocs}, formatted as the repository formats Markdown. */
export async function formatGasDocs(page: string, reports: BenchReports, root = ROOT): Promise<string> {
  const path = `${root}/${GAS_DOCS}`;
  return format(renderGasDocs(page, reports), { ...(await resolveConfig(path)), filepath: path });
}

/**
 * Every report key the page names in backticks (`sale.total`, `proof.depth20.ms`, `bulk.titles.100000.seconds`),
 * file names left aside.
 */
export function namedReportKeys(page: string): string[] {
  const keys = new Set<string>();
  for (const [, token] of page.matchAll(/`([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)`/g)) {
    if (!/\.(ts|js|json|md|sol|wasm|zkey)$/.test(token!)) keys.add(token!);
  }
  return [...keys];
}

/**
 * Whether a report holds a key: a key of the gas or the voting report, an operation measured at both registry sizes
 * (`<key>.at10` and `<key>.at10000` in the gas report), or a path into the bulk report (`bulk.titles.100000.seconds`).
 */
export function reportHolds(reports: BenchReports, key: string): boolean {
  if (key in reports.gas || key in reports.voting || key in reports.startup) return true;
  if (`${key}.at10` in reports.gas && `${key}.at10000` in reports.gas) return true;
  let node: unknown = reports.bulk;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || !(part in node)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "number";
}

/** Rewrites the generated sections of `docs/gas.md` from the reports on disk. */
export async function writeGasDocs(root = ROOT): Promise<void> {
  const path = `${root}/${GAS_DOCS}`;
  const reports = readBenchReports(root);
  const page = readFileSync(path, "utf8");
  const missing = namedReportKeys(page).filter((key) => !reportHolds(reports, key));
  if (missing.length > 0) throw new MissingReportKeyError(missing, "any benchmark report");
  await writeFile(path, await formatGasDocs(page, reports, root));
}
