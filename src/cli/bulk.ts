/**
 * What every bulk command shares: its options (`--chunk-size`, `--in-flight`, `--check-only`, `--summary`), the
 * progress line a person watches, and the summary a ministry files, printed and written as JSON.
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";

import type { BulkImportParameters, BulkProgress, BulkSummary } from "../actions/bulk.js";
import { BulkCheckFailedError } from "../actions/bulk/pipeline.js";
import { validateUint } from "../validate.js";
import { InvalidInputError } from "../errors.js";
import { type ReadRowsParameters, type RowProblem, RowsRejectedError, streamRows } from "./read-rows.js";
import type { ExecutionMode } from "../actions/execute.js";
import type { TransactionEvent } from "../send.js";
import { memoryGuard } from "./memory.js";
import { contextOf, reportWait } from "./context.js";
import type { CommandResult, Session } from "./session.js";

export interface BulkArgs {
  readonly chunkSize?: string;
  readonly inFlight?: string;
  readonly checkOnly?: boolean;
  readonly summary?: string;
}

/** Reads the bulk options. */
export function bulkOptions(args: BulkArgs): {
  chunkSize: number | "auto";
  maxInFlight: number;
  checkOnly: boolean;
} {
  const text = (args.chunkSize ?? "auto").trim();
  let chunkSize: number | "auto" = "auto";
  if (text !== "auto") {
    chunkSize = Number(validateUint("--chunk-size", text));
    if (chunkSize < 1) throw new InvalidInputError({ field: "--chunk-size", reason: 'must be at least 1, or "auto"' });
  }
  const maxInFlight = Number(validateUint("--in-flight", args.inFlight ?? "4"));
  if (maxInFlight < 1 || maxInFlight > 64) {
    throw new InvalidInputError({ field: "--in-flight", reason: `must be between 1 and 64, got ${maxInFlight}` });
  }
  return { chunkSize, maxInFlight, checkOnly: args.checkOnly === true };
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function percentOf(done: number, total: number): number {
  return total === 0 ? 100 : Math.floor((done / total) * 100);
}

/**
 * Follows a bulk job: keeps its memory flat (see {@link memoryGuard}) and, unless `print` is false (`--json`), draws
 * the progress on stderr: rows done, rows per second, gas per record and time left; redrawn in place on a terminal,
 * one line per batch otherwise (one per 10%, or per 100,000 rows of a file still being read, from the first 100,000,
 * while the rows are checked).
 */
export function bulkProgress({ print }: { print: boolean }): (progress: BulkProgress) => void {
  const guard = memoryGuard();
  const tty = process.stderr.isTTY === true;
  let lastStep = -1;
  return (progress) => {
    guard();
    if (!print) return;
    const { done, total } = progress;
    const last = progress.phase === "check" ? done === total : progress.batch === progress.batches;
    let line: string;
    if (progress.phase === "check") {
      // A streamed file's length is known once it is read: a line every 100,000 rows until then.
      const step = total === null ? Math.floor(done / 100_000) : Math.floor((total === 0 ? 1 : done / total) * 10);
      // Not before the first 100,000 rows of a file still being read: a short file's check needs no progress.
      if (!tty && !last && (step === lastStep || (total === null && step === 0))) return;
      lastStep = step;
      line =
        total === null
          ? `checked ${done} rows against the chain`
          : `checked ${done}/${total} rows against the chain (${percentOf(done, total)}%)`;
    } else {
      const left = progress.secondsLeft;
      line =
        `${done}/${total} rows (${percentOf(done, total ?? done)}%), batch ${progress.batch}/${progress.batches}` +
        (progress.rowsPerSecond === undefined ? "" : `, ${progress.rowsPerSecond} rows/s`) +
        (progress.gasPerRecord === undefined ? "" : `, ${progress.gasPerRecord} gas/record`) +
        (left === undefined || left === null ? "" : `, ${duration(left)} left`);
    }
    process.stderr.write(tty ? `\r\x1b[K${line}${last ? "\n" : ""}` : `${line}\n`);
  };
}

/**
 * References (cadastral references, company numbers) a bulk job took in their canonical form (upper case, single
 * inner spaces; see `normalizeReference`) rather than as the file wrote them: how many, and the first of them.
 */
export interface NormalizedReferences {
  /** What the references are, for the summary line: `cadastral reference`. */
  readonly what: string;
  count: number;
  /** The first one, as `row 3 "ut-1" as UT-1`. */
  first: string;
}

/** The summary a ministry files, as JSON. */
export interface BulkReport {
  readonly command: string;
  readonly file: string;
  readonly mode: ExecutionMode | "check-only";
  readonly rowsRead: number;
  readonly rejected: number;
  readonly rejections: readonly RowProblem[];
  readonly registered: number;
  readonly registeredEarlier: number;
  readonly alreadyPresent: number;
  /** Rows whose reference was taken in its canonical form (see {@link NormalizedReferences}). */
  readonly referencesNormalized: number;
  readonly transactions: number;
  readonly gasUsed: string;
  readonly gasPerRecord: number | null;
  /** The batch size the job chose or was given. */
  readonly chunkSize: number | null;
  /** Rows written (or to write) over the transactions that carry them; null without transactions. */
  readonly rowsPerTransaction: number | null;
  readonly wallSeconds: number;
  readonly rowsPerSecond: number | null;
  readonly journal: string | null;
  /** The command's peak resident memory so far, in MB. */
  readonly peakRssMB: number;
  readonly finishedAt: string;
}

/** The process's peak resident memory, in MB. */
function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Builds the summary of a job, writes it to `--summary` when given, and returns it with its lines. */
function bulkReport({
  command,
  file,
  mode,
  checkOnly,
  summary,
  startedAt,
  summaryPath,
  normalized,
}: {
  command: string;
  file: string;
  mode: ExecutionMode;
  checkOnly: boolean;
  summary: BulkSummary;
  startedAt: number;
  summaryPath: string | undefined;
  normalized?: NormalizedReferences;
}): { report: BulkReport; lines: string[] } {
  const wallSeconds = Number(((Date.now() - startedAt) / 1000).toFixed(2));
  const report: BulkReport = {
    command,
    file,
    mode: checkOnly ? "check-only" : mode,
    rowsRead: summary.rows,
    rejected: 0,
    rejections: [],
    registered: summary.written,
    registeredEarlier: summary.writtenEarlier,
    alreadyPresent: summary.alreadyPresent,
    referencesNormalized: normalized?.count ?? 0,
    transactions: summary.batches,
    gasUsed: summary.gasUsed.toString(),
    // A check plans no transaction and measures no gas: it has no gas or rate figures.
    gasPerRecord: checkOnly || summary.written === 0 ? null : Math.round(Number(summary.gasUsed) / summary.written),
    chunkSize: summary.chunkSize ?? null,
    rowsPerTransaction: summary.batches === 0 ? null : Number((summary.written / summary.batches).toFixed(1)),
    wallSeconds,
    rowsPerSecond: checkOnly || summary.written === 0 ? null : Number((summary.written / wallSeconds).toFixed(1)),
    journal: summary.journal,
    peakRssMB: peakRssMB(),
    finishedAt: new Date().toISOString(),
  };
  if (summaryPath !== undefined) writeFileSync(resolve(summaryPath), `${JSON.stringify(report, null, 2)}\n`);
  const verb = checkOnly ? "to write" : mode === "send" ? "written" : "to write";
  const lines = [
    ...(normalized === undefined || normalized.count === 0
      ? []
      : [
          `${normalized.count} ${normalized.what}(s) taken in canonical form (upper case, single spaces), ` +
            `first ${normalized.first}`,
        ]),
    `Rows read: ${report.rowsRead}; rejected: 0; ${verb} now: ${report.registered}` +
      (checkOnly ? ` (checked only, nothing sent)` : ` in ${report.transactions} transaction(s)`) +
      `; written by earlier runs of this job: ${report.registeredEarlier}; on chain before it: ${report.alreadyPresent}`,
    checkOnly
      ? "Gas: not estimated (checked only: no transaction planned)"
      : `Gas ${mode === "send" ? "used" : "estimate"}: ${report.gasUsed}` +
        (report.gasPerRecord === null ? "" : ` (${report.gasPerRecord} per record)`) +
        (report.rowsPerTransaction === null
          ? ""
          : `; ${report.rowsPerTransaction} rows per transaction` +
            (report.chunkSize === null || report.chunkSize === 0 ? "" : ` (batches of up to ${report.chunkSize})`)),
    `Wall time: ${duration(wallSeconds)}` +
      (report.rowsPerSecond === null ? "" : ` (${report.rowsPerSecond} rows/s)`) +
      `; peak memory ${report.peakRssMB} MB` +
      (report.journal === null ? "" : `; journal ${report.journal}`) +
      (summaryPath === undefined ? "" : `; summary ${resolve(summaryPath)}`),
  ];
  return { report, lines };
}

/**
 * The command result of a bulk job, the same for every register: the filed summary (see {@link bulkReport}) as data
 * and lines, each sent transaction's hash and gas (no calldata or events, so that a long job's output stays small),
 * and the Safe batch title.
 */
export function bulkResult(
  parameters: Parameters<typeof bulkReport>[0] & { safeTitle: string; firstLines?: readonly string[] },
): CommandResult {
  const { summary, safeTitle, firstLines = [] } = parameters;
  const { report, lines } = bulkReport(parameters);
  return {
    data: { ...summary, transactions: undefined, report },
    lines: [...firstLines, ...lines],
    transactions: summary.transactions.map((transaction) =>
      "events" in transaction ? { ...transaction, events: [] } : transaction,
    ),
    safeTitle,
  };
}

/** Files the summary of a job whose input had bad rows (with every one of them), and stops it: nothing is sent. */
export function rejectRows({
  command,
  file,
  rowsRead,
  problems,
  startedAt,
  summaryPath,
  json,
}: {
  command: string;
  file: string;
  json: boolean;
  rowsRead: number;
  problems: readonly RowProblem[];
  startedAt: number;
  summaryPath: string | undefined;
}): never {
  const rejected = new Set(problems.map((problem) => problem.row)).size;
  const report: BulkReport = {
    command,
    file,
    mode: "check-only",
    rowsRead,
    rejected,
    rejections: problems,
    registered: 0,
    registeredEarlier: 0,
    alreadyPresent: 0,
    referencesNormalized: 0,
    transactions: 0,
    gasUsed: "0",
    gasPerRecord: null,
    chunkSize: null,
    rowsPerTransaction: null,
    wallSeconds: Number(((Date.now() - startedAt) / 1000).toFixed(2)),
    rowsPerSecond: null,
    journal: null,
    peakRssMB: peakRssMB(),
    finishedAt: new Date().toISOString(),
  };
  if (summaryPath !== undefined) writeFileSync(resolve(summaryPath), `${JSON.stringify(report, null, 2)}\n`);
  const name = basename(file);
  const where = (problem: RowProblem) => `${name} ${problem.row === 0 ? "header" : `row ${problem.row}`}`;
  if (problems.length === 1) {
    const [problem] = problems;
    const column = problem.column === "*" ? "" : ` ${problem.column}`;
    throw new InvalidInputError({ field: `${where(problem)}${column}`, reason: problem.reason });
  }
  // Every problem, one line each, for the person fixing the file (the error line shows the first few).
  if (!json) {
    for (const problem of problems) {
      process.stdout.write(`${where(problem)} ${problem.column}: ${problem.reason}\n`);
    }
  }
  throw new RowsRejectedError(name, rowsRead, problems);
}

/** What {@link bulkInterruption} needs. */
export interface BulkInterruptionParameters {
  /** The job's journal, which a rerun reads to resume. */
  readonly journal: string;
  readonly checkOnly: boolean;
  readonly write: (text: string) => void;
  readonly exit: (code: number) => void;
}

/**
 * Follows a bulk job's transactions and progress, and gives the handler of an interruption (Ctrl-C, `SIGINT`): it
 * says what this run sent (transactions sent and mined, rows written), that the journal holds it, and that running
 * the same command again resumes (waits for what is in flight, then sends only the rows not yet written); then it
 * exits with 130, as a shell expects of an interrupted command.
 */
export function bulkInterruption({ journal, checkOnly, write, exit }: BulkInterruptionParameters) {
  let sent = 0;
  let mined = 0;
  let written = 0;
  let total: number | null = null;
  let last: string | undefined;
  return {
    record(event: TransactionEvent): void {
      if (event.type === "sent") {
        sent++;
        last = `${event.hash} (nonce ${event.nonce})`;
      } else if (event.type === "mined") mined++;
    },
    progress(progress: BulkProgress): void {
      if (progress.phase === "send") {
        written = progress.written ?? written;
        total = progress.total;
      }
    },
    handler: (): void => {
      const lines =
        checkOnly || sent === 0
          ? ["Interrupted: nothing was sent. Run the same command again to start over."]
          : [
              `Interrupted: ${sent} transaction(s) sent by this run, ${mined} mined, ` +
                `${written} row(s) written${total === null ? "" : ` of ${total}`}; the last sent: ${last}.`,
              `The journal ${journal} records every batch sent. Run the same command again to resume: it waits for ` +
                "the transactions still pending, then sends only the rows not yet written.",
            ];
      write(`\n${lines.join("\n")}\n`);
      exit(130);
    },
  };
}

/**
 * Every problem a check of the input found, as rows of the file: its bad rows, the rows a row check refused and the
 * rows on chain with other data, sorted by row.
 */
function checkProblems(error: BulkCheckFailedError, file: string): RowProblem[] {
  const name = basename(file);
  const rowOf = (label: string) => Number(/ row (\d+)\b/.exec(label)?.[1] ?? 0);
  const problems: RowProblem[] = [];
  if (error.inputError instanceof RowsRejectedError) problems.push(...error.inputError.problems);
  else if (error.inputError instanceof Error) problems.push({ row: 0, column: "*", reason: error.inputError.message });
  for (const rowError of error.rowErrors) {
    const row = rowOf(rowError.field);
    const prefix = `${name} row ${row} `;
    const column = rowError.field.startsWith(prefix) ? rowError.field.slice(prefix.length) : "*";
    problems.push({ row, column, reason: rowError.reason });
  }
  for (const conflict of error.conflicts) {
    problems.push({ row: rowOf(conflict.label), column: "on chain", reason: `other data: ${conflict.reason}` });
  }
  return problems.sort((a, b) => a.row - b.row);
}

/**
 * A bulk import command from start to summary, the same for every register: the file (`--file`) is streamed twice
 * and never held (once to check every row, reporting every bad one before anything is sent, and every row against
 * the chain; once more to send), through the register's import with the bulk options, a journal beside the file
 * (or `--journal`), the progress a person watches, and the filed summary (see {@link bulkResult}).
 */
export async function bulkImport<RowT, SummaryT extends BulkSummary>({
  command,
  args,
  session,
  file,
  read,
  importRows,
  safeTitle,
  firstLines,
  normalized,
}: {
  /** The command, for the summary: `property register-bulk`. */
  command: string;
  args: BulkArgs & { readonly journal?: string };
  session: Session;
  /** The input file, checked to exist. */
  file: string;
  /** How the rows are read and checked (the field and path are `--file`'s). */
  read: Omit<ReadRowsParameters<RowT>, "field" | "path">;
  importRows: (parameters: BulkImportParameters<RowT>) => Promise<SummaryT>;
  safeTitle: (summary: SummaryT) => string;
  firstLines?: (summary: SummaryT) => readonly string[];
  normalized?: NormalizedReferences;
}): Promise<CommandResult> {
  const startedAt = Date.now();
  const options = bulkOptions(args);
  const rows = streamRows<RowT>({
    ...read,
    field: "--file",
    path: file,
    // The input's bad rows end the check only once every good row was compared with the chain (see `runBulk`).
    reject: (rowsRead, problems) => {
      throw new RowsRejectedError(basename(file), rowsRead, problems);
    },
  });
  const journal = resolve(args.journal ?? `${file}.journal`);
  const progressLine = bulkProgress({ print: !session.json });
  // Ctrl-C: say what this run sent and how to resume, then stop.
  const interrupt = bulkInterruption({
    journal,
    checkOnly: options.checkOnly,
    write: (text) => process.stderr.write(text),
    exit: (code) => process.exit(code),
  });
  process.once("SIGINT", interrupt.handler);
  let summary: SummaryT;
  try {
    summary = await importRows({
      ...contextOf(session),
      onTransaction: (event) => {
        interrupt.record(event);
        reportWait(event);
      },
      rows,
      ...options,
      // The output lists each transaction's hash and gas only: calldata and events are not kept for long files.
      compactTransactions: true,
      journalPath: journal,
      inputPath: file,
      onProgress: (progress) => {
        interrupt.progress(progress);
        progressLine(progress);
      },
    });
  } catch (error) {
    const reject = (rowsRead: number, problems: readonly RowProblem[]): never =>
      rejectRows({ command, file, rowsRead, problems, startedAt, summaryPath: args.summary, json: session.json });
    if (error instanceof RowsRejectedError) return reject(error.rowsRead, error.problems);
    if (!(error instanceof BulkCheckFailedError)) throw error;
    // Bad rows and conflicts together: every one, in the order of the file.
    const problems = checkProblems(error, file);
    return reject(
      error.inputError instanceof RowsRejectedError ? error.inputError.rowsRead : problems.length,
      problems,
    );
  } finally {
    process.removeListener("SIGINT", interrupt.handler);
  }
  return bulkResult({
    command,
    file,
    mode: session.mode,
    checkOnly: options.checkOnly,
    summary,
    startedAt,
    summaryPath: args.summary,
    safeTitle: safeTitle(summary),
    firstLines: firstLines?.(summary),
    normalized,
  });
}
