/**
 * Reads the input of a bulk command as a stream: a CSV file is parsed chunk by chunk (a header line, then one row
 * per line, RFC 4180 quoting), each row is checked as soon as it is complete, and every problem is kept (row,
 * column, reason) instead of stopping at the first one. A JSON file (an array of objects) is read whole.
 * {@link streamRows} reads the file anew each time it is asked, keeping no row: a bulk job reads it once to check
 * every row and once more to send. {@link readRows} keeps the rows, for jobs that need them all at once.
 *
 * @module
 */
import { createReadStream } from "node:fs";
import { basename } from "node:path";

import { EgovError, InvalidInputError } from "../errors.js";
import { type InputRow, parseRowsFile, validateFileExists } from "../validate.js";

/** One bad cell or row of the input. */
export interface RowProblem {
  /** 1-based position among the data rows; 0 for the header. */
  readonly row: number;
  /** The column, or `*` when the whole row is at fault. */
  readonly column: string;
  readonly reason: string;
}

/** The input had bad rows: every one is listed in {@link RowsRejectedError.problems}, nothing is sent. */
export class RowsRejectedError extends EgovError {
  override name = "RowsRejectedError";

  constructor(
    readonly file: string,
    readonly rowsRead: number,
    readonly problems: readonly RowProblem[],
  ) {
    const shown = problems
      .slice(0, 5)
      .map((problem) => `${problem.row === 0 ? "header" : `row ${problem.row}`} ${problem.column}: ${problem.reason}`)
      .join("; ");
    const more = problems.length > 5 ? `; and ${problems.length - 5} more` : "";
    super(`${file}: ${problems.length} problem(s) in ${rowsRead} rows, nothing sent: ${shown}${more}`);
  }
}

export interface ReadRowsParameters<RowT> {
  readonly field: string;
  readonly path: string | undefined;
  readonly requiredColumns: readonly string[];
  readonly optionalColumns?: readonly string[];
  /** Turns a row into what the command needs; throws an {@link InvalidInputError} naming `<label> <column>`. */
  readonly parse: (row: InputRow) => RowT;
  /** Called before each read of the file, to forget what `parse` remembered of the last one (keys seen). */
  readonly reset?: () => void;
  /** Told every `every` rows how many were read. */
  readonly onRead?: (rowsRead: number) => void;
}

export interface ReadRowsReturnType<RowT> {
  readonly rows: RowT[];
  readonly rowsRead: number;
  readonly problems: RowProblem[];
}

/** The column an {@link InvalidInputError} of a row names, from its field `<label> <column>`. */
function problemOf(row: InputRow, error: unknown): RowProblem {
  if (error instanceof InvalidInputError) {
    const { field, reason } = error;
    const column = field.startsWith(`${row.label} `) ? field.slice(row.label.length + 1) : "*";
    return { row: row.index, column, reason };
  }
  throw error;
}

/** Reads, checks and parses every row of a CSV or JSON file, collecting every problem, and keeps the rows. */
export async function readRows<RowT>(parameters: ReadRowsParameters<RowT>): Promise<ReadRowsReturnType<RowT>> {
  const rows: RowT[] = [];
  const read = { rowsRead: 0, problems: [] as RowProblem[] };
  parameters.reset?.();
  for await (const row of inputRows(parameters, read)) rows.push(row);
  return { rows, rowsRead: read.rowsRead, problems: read.problems };
}

/**
 * The rows of a CSV or JSON file, read anew (and checked anew) on each call, as a bulk job takes them (see
 * `RowSource`): each call yields the good rows as they are read and, once the file is read, calls `reject` with every
 * problem if there was one, so that nothing is sent from a file with a bad row.
 */
export function streamRows<RowT>(
  parameters: ReadRowsParameters<RowT> & {
    readonly reject: (rowsRead: number, problems: readonly RowProblem[]) => never;
  },
): () => AsyncIterable<RowT> {
  return async function* () {
    const read = { rowsRead: 0, problems: [] as RowProblem[] };
    parameters.reset?.();
    yield* inputRows(parameters, read);
    if (read.problems.length > 0) parameters.reject(read.rowsRead, read.problems);
  };
}

/** The good rows of a file, parsed; every problem goes to `read.problems`. */
async function* inputRows<RowT>(
  parameters: ReadRowsParameters<RowT>,
  read: { rowsRead: number; problems: RowProblem[] },
): AsyncGenerator<RowT> {
  const file = validateFileExists(parameters.field, parameters.path);
  const { problems } = read;
  const take = (row: InputRow): RowT | undefined => {
    try {
      return parameters.parse(row);
    } catch (error) {
      problems.push(problemOf(row, error));
      return undefined;
    }
  };
  if (file.toLowerCase().endsWith(".json")) {
    const records = parseRowsFile({ ...parameters, path: file });
    read.rowsRead = records.length;
    for (const record of records) {
      const row = take(record);
      if (row !== undefined) yield row;
    }
    return;
  }
  const name = basename(file);
  const required = parameters.requiredColumns;
  const allowed = new Set([...required, ...(parameters.optionalColumns ?? [])]);
  let header: string[] | undefined;
  let headerBad = false;
  for await (const [cells, line] of csvRecords(file, name)) {
    if (header === undefined) {
      header = cells.map((cell) => cell.trim());
      const unknown = header.filter((column) => !allowed.has(column));
      const missing = required.filter((column) => !header!.includes(column));
      for (const column of unknown) {
        problems.push({ row: 0, column, reason: `unknown column (expected ${[...allowed].join(", ")})` });
      }
      if (missing.length > 0) {
        problems.push({ row: 0, column: missing.join(", "), reason: `missing column(s): ${missing.join(", ")}` });
      }
      headerBad = problems.length > 0;
      continue;
    }
    const rowsRead = ++read.rowsRead;
    if (parameters.onRead !== undefined && rowsRead % 100_000 === 0) parameters.onRead(rowsRead);
    const label = `${name} row ${rowsRead}`;
    if (cells.length !== header.length) {
      problems.push({
        row: rowsRead,
        column: "*",
        reason: `has ${cells.length} columns, the header has ${header.length} (line ${line})`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) values[header[i]] = cells[i].trim();
    let bad = false;
    for (const column of required) {
      if (header.includes(column) && values[column] === "") {
        problems.push({ row: rowsRead, column, reason: "is required" });
        bad = true;
      }
    }
    // With a column missing from the header, rows are counted and their cells checked, but none is parsed.
    if (bad || headerBad) continue;
    const row = take({ index: rowsRead, label, values });
    if (row !== undefined) yield row;
  }
  if (header === undefined || read.rowsRead === 0) {
    throw new InvalidInputError({ field: parameters.field, reason: `${name} has no rows` });
  }
}

/**
 * Splits a CSV file into records (cells and line) as it streams in; quoted cells may hold commas, quotes ("") and
 * newlines.
 */
async function* csvRecords(file: string, name: string): AsyncGenerator<[string[], number]> {
  let ready: [string[], number][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let quoteSeen = false;
  let line = 1;
  let rowLine = 1;
  let pendingCR = false;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === "")) ready.push([cells, rowLine]);
    cells = [];
    cell = "";
  };
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (pendingCR) {
        pendingCR = false;
        if (char === "\n") continue;
      }
      if (quoted) {
        if (char === '"') {
          // A quote ends the quoted part unless the next character is another quote (an escaped one).
          if (quoteSeen) {
            cell += '"';
            quoteSeen = false;
          } else {
            quoteSeen = true;
          }
          continue;
        }
        if (quoteSeen) {
          quoted = false;
          quoteSeen = false;
        } else {
          if (char === "\n") line++;
          cell += char;
          continue;
        }
      }
      if (char === '"' && cell.trim() === "") {
        quoted = true;
        cell = "";
      } else if (char === ",") {
        cells.push(cell);
        cell = "";
      } else if (char === "\n" || char === "\r") {
        endRow();
        if (char === "\r") pendingCR = true;
        line++;
        rowLine = line;
      } else {
        // Plain characters are taken up to the next special one at once.
        start = i;
        while (i + 1 < chunk.length && !',"\n\r'.includes(chunk[i + 1])) i++;
        cell += chunk.slice(start, i + 1);
      }
    }
    yield* ready;
    ready = [];
  }
  if (quoted && quoteSeen) quoted = false;
  if (quoted)
    throw new InvalidInputError({ field: name, reason: `a quoted cell opened on line ${rowLine} is never closed` });
  if (cell !== "" || cells.length > 0) endRow();
  yield* ready;
}
