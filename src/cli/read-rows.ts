/**
 * Reads the input of a bulk command in one pass, as a stream: a CSV file is parsed chunk by chunk (a header line,
 * then one row per line, RFC 4180 quoting), each row is checked as soon as it is complete, and every problem is
 * kept (row, column, reason) instead of stopping at the first one. A JSON file (an array of objects) is read whole.
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

/** Reads, checks and parses every row of a CSV or JSON file, collecting every problem. */
export async function readRows<RowT>(parameters: ReadRowsParameters<RowT>): Promise<ReadRowsReturnType<RowT>> {
  const file = validateFileExists(parameters.field, parameters.path);
  const rows: RowT[] = [];
  const problems: RowProblem[] = [];
  const take = (row: InputRow) => {
    try {
      rows.push(parameters.parse(row));
    } catch (error) {
      problems.push(problemOf(row, error));
    }
  };
  if (file.toLowerCase().endsWith(".json")) {
    const records = parseRowsFile({ ...parameters, path: file });
    records.forEach(take);
    return { rows, rowsRead: records.length, problems };
  }
  const name = basename(file);
  const required = parameters.requiredColumns;
  const allowed = new Set([...required, ...(parameters.optionalColumns ?? [])]);
  let header: string[] | undefined;
  let rowsRead = 0;
  const onRecord = (cells: string[], line: number) => {
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
      return;
    }
    rowsRead++;
    if (parameters.onRead !== undefined && rowsRead % 100_000 === 0) parameters.onRead(rowsRead);
    const label = `${name} row ${rowsRead}`;
    if (cells.length !== header.length) {
      problems.push({
        row: rowsRead,
        column: "*",
        reason: `has ${cells.length} columns, the header has ${header.length} (line ${line})`,
      });
      return;
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
    if (bad || problems.some((problem) => problem.row === 0)) return;
    take({ index: rowsRead, label, values });
  };
  await parseCsvStream(file, name, onRecord);
  if (header === undefined || rowsRead === 0) {
    throw new InvalidInputError({ field: parameters.field, reason: `${name} has no rows` });
  }
  return { rows, rowsRead, problems };
}

/** Splits a CSV file into records as it streams in; quoted cells may hold commas, quotes ("") and newlines. */
async function parseCsvStream(
  file: string,
  name: string,
  onRecord: (cells: string[], line: number) => void,
): Promise<void> {
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let quoteSeen = false;
  let line = 1;
  let rowLine = 1;
  let pendingCR = false;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === "")) onRecord(cells, rowLine);
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
  }
  if (quoted && quoteSeen) quoted = false;
  if (quoted)
    throw new InvalidInputError({ field: name, reason: `a quoted cell opened on line ${rowLine} is never closed` });
  if (cell !== "" || cells.length > 0) endRow();
}
