/**
 * Input validators shared by the admin commands and the SDK. Each takes the field's name (as the caller shows it to
 * its user: `owner` in code, `--owner` on the command line) and throws an {@link InvalidInputError} naming that field
 * and the reason.
 *
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";

import { getAddress, isHexString, parseUnits, ZeroAddress, ZeroHash } from "ethers";

import { InvalidInputError } from "./errors.js";
import { hashDocument } from "./hashing.js";
import { LABELLED_ROLES, Roles, type RoleName } from "./roles.js";
import { isoTime, normalizeReference, textProblem, type TextKind } from "./vocabulary.js";

/** Throws an {@link InvalidInputError}. */
export function invalid(field: string, reason: string, cause?: unknown): never {
  throw new InvalidInputError({ field, reason, cause });
}

/** A required value: not undefined and not blank. */
export function validateRequired(field: string, value: string | undefined): string {
  if (value === undefined || value.trim() === "") invalid(field, "is required");
  return value.trim();
}

/**
 * A text field the registries limit (`contracts/common/Text.sol`; `TEXT_LIMITS` in the vocabulary): a `reference`
 * (a cadastral reference, a company number) or a `name` (a company or institution name) is required, a `uri` (a
 * metadata or base URI) may be empty. The text is checked byte by byte as the contract checks it ({@link textProblem}), and a problem is
 * thrown naming the field and the reason (too long, or which character where).
 *
 * With `normalize` (what the commands do), a reference is first brought to its canonical form
 * ({@link normalizeReference}: `ut-1` becomes `UT-1`, spaces at the ends dropped and inner runs made one) and a name
 * is trimmed; the caller tells its user when the text changed (see {@link normalizedNote}). Without it (the library
 * functions), the text is checked as given, so that a program's data is never changed behind its back: a reference
 * in lower case is refused, naming its canonical form.
 */
export function validateText(
  field: string,
  kind: TextKind,
  value: string | undefined,
  options: { normalize?: boolean } = {},
): string {
  const given = value ?? "";
  const text = options.normalize !== true ? given : kind === "reference" ? normalizeReference(given) : given.trim();
  if (text === "") {
    if (kind === "uri") return text;
    invalid(field, "is required");
  }
  const problem = textProblem(kind, text);
  if (problem !== null) invalid(field, problem);
  return text;
}

/** The line that tells a person a reference was taken in its canonical form, or none when it was given so. */
export function normalizedNote(field: string, given: string | undefined, reference: string): string[] {
  const text = (given ?? "").trim();
  return text === reference ? [] : [`${field} "${text}" taken as ${reference}, its canonical form (upper case)`];
}

/** A checksummed account or contract address; the zero address only when `allowZero`. */
export function validateAddress(field: string, value: string | undefined, options: { allowZero?: boolean } = {}) {
  const text = validateRequired(field, value);
  let address: string;
  try {
    address = getAddress(text);
  } catch (error) {
    return invalid(field, `"${text}" is not an address`, error);
  }
  if (address === ZeroAddress && options.allowZero !== true) invalid(field, "must not be the zero address");
  return address;
}

/** A 32-byte hash written as 0x followed by 64 hex digits; not zero unless `allowZero`. */
export function validateHash(field: string, value: string | undefined, options: { allowZero?: boolean } = {}) {
  const text = validateRequired(field, value);
  if (!isHexString(text, 32)) invalid(field, `"${text}" is not a 32-byte hash (0x followed by 64 hex digits)`);
  const hash = text.toLowerCase();
  if (hash === ZeroHash && options.allowZero !== true) invalid(field, "must not be the zero hash");
  return hash;
}

/** An existing, readable file; returns its absolute path. */
export function validateFileExists(field: string, value: string | undefined): string {
  const path = resolve(validateRequired(field, value));
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    invalid(field, `file ${value} not found`);
  }
  if (!isFile) invalid(field, `${value} is not a file`);
  return path;
}

/** The keccak-256 hash of a file's bytes. */
export function hashFile(field: string, value: string | undefined): string {
  return hashDocument({ bytes: readFileSync(validateFileExists(field, value)) });
}

/**
 * A document reference: a value that starts with `0x` must be a 32-byte hash, anything else is a file whose bytes
 * are hashed with keccak-256.
 */
export function validateDocument(field: string, value: string | undefined): string {
  const text = validateRequired(field, value);
  return text.startsWith("0x") ? validateHash(field, text) : hashFile(field, text);
}

/** A non-negative whole number written in decimal (or 0x hex). */
export function validateUint(field: string, value: string | number | bigint | undefined): bigint {
  if (typeof value === "bigint" || typeof value === "number") {
    if (typeof value === "number" && !Number.isSafeInteger(value)) invalid(field, `${value} is not a whole number`);
    if (BigInt(value) < 0n) invalid(field, `${value} is negative`);
    return BigInt(value);
  }
  const text = validateRequired(field, value);
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) invalid(field, `"${text}" is not a whole number`);
  return BigInt(text);
}

/** An amount greater than zero, written in whole units with up to `decimals` decimals ("1.5"). */
export function validatePositiveAmount(field: string, value: string | undefined, decimals = 18): bigint {
  const text = validateRequired(field, value);
  let amount: bigint;
  try {
    amount = parseUnits(text, decimals);
  } catch (error) {
    return invalid(field, `"${text}" is not an amount with at most ${decimals} decimals`, error);
  }
  if (amount <= 0n) invalid(field, `must be greater than zero, got ${text}`);
  return amount;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** A duration in seconds: a whole number of seconds or a number with a unit (`90s`, `30m`, `12h`, `3d`, `1w`). */
export function validateDuration(field: string, value: string | undefined): number {
  const text = validateRequired(field, value);
  const match = /^(\d+)([smhdw]?)$/.exec(text);
  if (match === null) invalid(field, `"${text}" is not a duration (seconds, or a number with s, m, h, d or w)`);
  const seconds = Number(match[1]) * DURATION_UNITS[match[2] === "" ? "s" : match[2]];
  if (!Number.isSafeInteger(seconds) || seconds >= 2 ** 32) invalid(field, `${text} is too long`);
  return seconds;
}

/**
 * A deadline strictly after `now` (unix seconds): unix seconds, an ISO 8601 date-time, or `+` and a duration from
 * now (`+14d`).
 */
export function validateFutureDeadline(field: string, value: string | undefined, now: number): number {
  const text = validateRequired(field, value);
  let deadline: number;
  if (text.startsWith("+")) {
    deadline = now + validateDuration(field, text.slice(1));
  } else if (/^\d+$/.test(text)) {
    deadline = Number(text);
  } else {
    const parsed = Date.parse(text);
    if (Number.isNaN(parsed)) invalid(field, `"${text}" is not a date, unix time or +duration`);
    deadline = Math.floor(parsed / 1000);
  }
  if (deadline <= now) {
    invalid(field, `${isoTime(deadline)} is not in the future (chain time ${isoTime(now)})`);
  }
  if (!Number.isSafeInteger(deadline)) invalid(field, `${text} is too far in the future`);
  return deadline;
}

/** A date: an ISO 8601 date or date-time (`2025-06-30`), or unix seconds; returns unix seconds. */
export function validateDate(field: string, value: string | undefined): number {
  const text = validateRequired(field, value);
  if (/^\d+$/.test(text)) {
    const seconds = Number(text);
    if (!Number.isSafeInteger(seconds) || seconds <= 0 || seconds >= 2 ** 40) invalid(field, `${text} is not a date`);
    return seconds;
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed) || parsed <= 0) invalid(field, `"${text}" is not a date (ISO 8601 or unix seconds)`);
  return Math.floor(parsed / 1000);
}

/** A role by name (`LAND_REGISTRAR`, any case) or id; PUBLIC is refused. */
export function validateRole(field: string, value: string | undefined): { id: bigint; name: RoleName } {
  const text = validateRequired(field, value);
  const known = ["ADMIN", ...LABELLED_ROLES] as RoleName[];
  const byName = known.find((name) => name === text.toUpperCase().replace(/-/g, "_"));
  if (byName !== undefined) return { id: Roles[byName], name: byName };
  if (/^\d+$/.test(text)) {
    const byId = known.find((name) => Roles[name] === BigInt(text));
    if (byId !== undefined) return { id: Roles[byId], name: byId };
  }
  return invalid(field, `unknown role "${text}" (one of ${known.join(", ")})`);
}

/** One of a fixed set of values. */
export function validateChoice<const T extends string>(
  field: string,
  value: string | undefined,
  choices: readonly T[],
) {
  const text = validateRequired(field, value);
  const choice = choices.find((candidate) => candidate.toLowerCase() === text.toLowerCase());
  if (choice === undefined) invalid(field, `"${text}" is not one of ${choices.join(", ")}`);
  return choice;
}

// -----------------------------------------------------------------------------------------------------------------
// Row files (CSV or JSON)
// -----------------------------------------------------------------------------------------------------------------

/** One row of a CSV or JSON input file. */
export interface InputRow {
  /** 1-based position of the row among the data rows. */
  readonly index: number;
  /** Where the row is, for messages: `deeds.csv row 7`. */
  readonly label: string;
  /** The row's cells by column name, trimmed. */
  readonly values: Readonly<Record<string, string>>;
}

/**
 * Reads a CSV file (a header line, then one row per line; RFC 4180 quoting) or a JSON file (an array of objects with
 * string or number values), chosen by the file's extension. Every row must have every `requiredColumns` cell; other
 * columns listed in `optionalColumns` may be empty; unknown columns are refused.
 */
export function parseRowsFile({
  field,
  path,
  requiredColumns,
  optionalColumns = [],
}: {
  field: string;
  path: string | undefined;
  requiredColumns: readonly string[];
  optionalColumns?: readonly string[];
}): InputRow[] {
  const file = validateFileExists(field, path);
  const name = basename(file);
  const text = readFileSync(file, "utf8");
  const records = file.toLowerCase().endsWith(".json") ? jsonRecords(name, text) : csvRecords(name, text);
  const allowed = new Set([...requiredColumns, ...optionalColumns]);
  if (records.length === 0) invalid(field, `${name} has no rows`);
  return records.map((values, position) => {
    const label = `${name} row ${position + 1}`;
    for (const column of Object.keys(values)) {
      if (!allowed.has(column)) invalid(label, `unknown column "${column}" (expected ${[...allowed].join(", ")})`);
    }
    for (const column of requiredColumns) {
      if ((values[column] ?? "") === "") invalid(`${label} ${column}`, "is required");
    }
    return { index: position + 1, label, values };
  });
}

function jsonRecords(name: string, text: string): Record<string, string>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return invalid(name, `is not valid JSON (${(error as Error).message})`, error);
  }
  if (!Array.isArray(parsed)) invalid(name, "must hold a JSON array of objects");
  return parsed.map((item: unknown, position) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      invalid(`${name} row ${position + 1}`, "is not an object");
    }
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (typeof value !== "string" && typeof value !== "number") {
        invalid(`${name} row ${position + 1} ${key}`, "must be a string or a number");
      }
      values[key] = String(value).trim();
    }
    return values;
  });
}

function csvRecords(name: string, text: string): Record<string, string>[] {
  const lines = csvLines(name, text);
  if (lines.length === 0) return [];
  const header = lines[0].cells.map((cell) => cell.trim());
  return lines.slice(1).map(({ cells, line }, position) => {
    if (cells.length !== header.length) {
      invalid(
        `${name} row ${position + 1}`,
        `has ${cells.length} columns, the header has ${header.length} (line ${line})`,
      );
    }
    return Object.fromEntries(header.map((column, index) => [column, cells[index].trim()]));
  });
}

/** Splits CSV text into rows of cells, skipping blank lines; quoted cells may hold commas, quotes ("") and newlines. */
function csvLines(name: string, text: string): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0].trim() === "")) rows.push({ cells, line: rowLine });
    cells = [];
    cell = "";
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        if (char === "\n") line++;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === "") {
      quoted = true;
      cell = "";
    } else if (char === ",") {
      cells.push(cell);
      cell = "";
    } else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (quoted) invalid(name, `a quoted cell opened on line ${rowLine} is never closed`);
  if (cell !== "" || cells.length > 0) endRow();
  return rows;
}
