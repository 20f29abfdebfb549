/**
 * Bulk writes through a governed contract's `multicall(bytes[])`, resumable after a crash: a progress journal next
 * to the input file records every batch before it is sent and once it is mined, and before each batch the chain is
 * asked which rows already exist, so that a rerun writes neither duplicates nor gaps.
 *
 * Used by `property register-bulk`; other registries' bulk commands plug in their own row checks and calls.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";

import { type BaseContract, type Provider, toQuantity, type TransactionResponse } from "ethers";

import { EgovError, InvalidInputError, InvalidStateError, TransactionNotMinedError } from "../errors.js";
import type { SuiteContractName } from "../wiring.js";
import { DEFAULT_RECEIPT_TIMEOUT_MS, requireFeeWithinCap, waitForReceipt } from "./receipts.js";
import {
  type ActionContext,
  decodeEvents,
  explainFailure,
  type PlannedTransaction,
  requireAccess,
  type SentTransaction,
} from "./execute.js";

/** What the chain already holds for a row. */
export type RowOnChain =
  | { readonly state: "absent" }
  | { readonly state: "present" }
  | { readonly state: "conflict"; readonly reason: string };

/** What every row of a bulk job carries: where it comes from, for messages (`deeds.csv row 7`). */
export interface BulkRow {
  readonly label: string;
}

/**
 * The rows of a bulk job: an array, or a function that reads them anew on each call, in the same order (a file
 * streamed once to check it and once more to send it, so that a file of millions of rows is never held in memory).
 */
export type RowSource<RowT> = readonly RowT[] | (() => AsyncIterable<RowT>);

/** Where a row is in its input, for messages that name an earlier row. */
export interface RowPosition {
  /** 0-based position among the rows of the input. */
  readonly position: number;
  /** The label of the row at an earlier position (its own label for an array; `row N of the input` for a stream). */
  readonly labelAt: (position: number) => string;
}

/** Progress after each batch (and while the rows are checked against the chain, with `phase: "check"`). */
export interface BulkProgress {
  /** Rows that are on chain now (written by this job or found there), or rows checked in the `check` phase. */
  readonly done: number;
  /** Rows of the input; null while a streamed input is checked (its length is known once it is read). */
  readonly total: number | null;
  readonly batch: number;
  readonly batches: number;
  /** `check` while the rows are compared with the chain, `send` while batches are written. */
  readonly phase?: "check" | "send";
  /** Rows written by this run so far. */
  readonly written?: number;
  /** Rows per second written by this run (mined rows over the time since the first transaction). */
  readonly rowsPerSecond?: number;
  /** Gas used per row written by this run so far. */
  readonly gasPerRecord?: number;
  /** Seconds left at the current rate, or null before the first receipt. */
  readonly secondsLeft?: number | null;
  /** Transactions sent and not yet mined. */
  readonly inFlight?: number;
}

/** A row found on chain with other data than the input gives. */
export interface BulkConflict {
  readonly label: string;
  readonly reason: string;
}

/** What a bulk job did. */
export interface BulkSummary {
  readonly rows: number;
  /** Rows written by this run (to write, in modes `dry-run` and `safe` and with `checkOnly`). */
  readonly written: number;
  /** Rows written by earlier runs of the same job (an interrupted one, or a complete one run again). */
  readonly writtenEarlier: number;
  /** Rows that were already on chain before the job started. */
  readonly alreadyPresent: number;
  readonly batches: number;
  readonly gasUsed: bigint;
  /** Sent transactions of this run (mode `send`), or the planned ones (modes `dry-run` and `safe`). */
  readonly transactions: readonly (SentTransaction | PlannedTransaction)[];
  readonly journal: string | null;
  /** Rows per transaction used (measured from the chain's gas limit when `chunkSize` is `auto`). */
  readonly chunkSize?: number;
  /** The gas one row costs inside a batch, as measured before the first batch (null when nothing is written). */
  readonly gasPerRowEstimate?: number | null;
  /** The gas limit batches were sized for: the per-transaction cap or the block gas limit, whichever is lower. */
  readonly batchGasLimit?: number;
  /** Seconds spent comparing the rows with the chain, and in the whole job. */
  readonly checkSeconds?: number;
  readonly wallSeconds?: number;
}

export type RunBulkParameters<RowT extends BulkRow = BulkRow> = ActionContext & {
  readonly contract: BaseContract;
  readonly contractName: SuiteContractName;
  /** The function every row calls, checked in the authority for the acting account. */
  readonly functionSignature: string;
  /** The rows, read once to check them and once more to send those the chain does not hold. */
  readonly rows: RowSource<RowT>;
  /**
   * Checks one row, in input order, before any row is compared with the chain; throws an {@link InvalidInputError}
   * naming the row (see {@link RowKeys} for keys that may appear once).
   */
  readonly checkRow?: (row: RowT, at: RowPosition) => void;
  /** Tells, for a window of rows, what the chain already holds for each. */
  readonly checkRows: (rows: readonly RowT[]) => Promise<readonly RowOnChain[]>;
  /** The encoded call of the contract's function for a row, made when its batch is sent. */
  readonly encode: (row: RowT) => string;
  /**
   * Rows per transaction, or `auto`: as many as fit in {@link BATCH_GAS_SHARE} of the lower of the per-transaction
   * gas cap ({@link TRANSACTION_GAS_CAP}) and the block gas limit, at a per-row gas measured on the first rows.
   */
  readonly chunkSize: number | "auto";
  /** The progress journal (JSON lines); none in `dry-run` and `safe` modes. */
  readonly journalPath: string;
  /** A digest of the input, so that a journal is never applied to another input. */
  readonly inputDigest: string;
  /** The input file: a streamed input is read again to send only if its digest is still {@link inputDigest}. */
  readonly inputPath?: string;
  readonly onProgress?: (progress: BulkProgress) => void;
  /** How long to wait for a transaction an interrupted run left pending, in milliseconds. */
  readonly pendingTimeoutMs?: number;
  /** Transactions sent and not yet mined at most (default {@link DEFAULT_IN_FLIGHT}); 1 sends one at a time. */
  readonly maxInFlight?: number;
  /** Rows compared with the chain at once before the first transaction (default {@link DEFAULT_CHECK_WINDOW}). */
  readonly checkWindow?: number;
  /** Only compare the rows with the chain: send and plan nothing. */
  readonly checkOnly?: boolean;
  /**
   * Keep only the hash, block and gas of each sent transaction (its calldata empty, no decoded events), so that
   * memory does not grow with the job: for jobs of any length.
   */
  readonly compactTransactions?: boolean;
};

export type RunBulkReturnType = BulkSummary;

/** What every bulk import of an input file takes (`registerTitles`, `issueDiplomas`, `registerCitizens`). */
export type BulkImportParameters<RowT> = ActionContext & {
  /**
   * The rows: an array, or a function that streams them anew on each call (read twice: checked, then sent), so that
   * an input of millions of rows is never held in memory.
   */
  readonly rows: RowSource<RowT>;
  /** Rows per transaction (one `multicall`), or `auto`: sized from the chain's gas limit (see `runBulk`). */
  readonly chunkSize: number | "auto";
  /** Transactions awaiting their receipts at most (see `runBulk`). */
  readonly maxInFlight?: number;
  /** Only check the rows against the chain; send nothing. */
  readonly checkOnly?: boolean;
  /** Keep only the hash, block and gas of each sent transaction (see `runBulk`). */
  readonly compactTransactions?: boolean;
  /** The progress journal, normally `<input file>.journal`. */
  readonly journalPath: string;
  /** The input file, whose digest binds the journal to it. */
  readonly inputPath: string;
  readonly onProgress?: (progress: BulkProgress) => void;
};

/**
 * A hash table of strings, each kept as a 128-bit fingerprint with a value of a fixed number of 32-bit words, all in
 * one typed array (open addressing, a quarter to a half full: two to four slots a key). The keys of a file of millions
 * of rows, or of a register of millions of records, take tens of bytes each instead of a `Map`'s hundreds, and no
 * string is kept. A key seen again always has the same fingerprint, so no key is ever missed; two different keys could
 * share one only by an accident far rarer than a mistyped row (a bulk job would then report a repeat or a conflict
 * naming the rows, which a person sees and checks).
 */
export class KeyTable {
  readonly #stride: number;
  #slots: Uint32Array;
  #capacity = 1024;
  #size = 0;

  constructor(valueWords: number) {
    // One word that marks the slot used, four of the fingerprint, then the value.
    this.#stride = 5 + valueWords;
    this.#slots = new Uint32Array(this.#stride * this.#capacity);
  }

  /** How many keys are kept. */
  get size(): number {
    return this.#size;
  }

  /** The value of `key`, or undefined when it is not kept (a view that the next insertion may move). */
  get(key: string): Uint32Array | undefined {
    const slot = this.#find(fingerprint(key));
    if (this.#slots[slot] === 0) return undefined;
    return this.#slots.subarray(slot + 5, slot + this.#stride);
  }

  /** Keeps `value` for `key` unless the key is kept already; returns the value kept before, if any. */
  add(key: string, value: ArrayLike<number>): Uint32Array | undefined {
    const words = fingerprint(key);
    const slot = this.#find(words);
    if (this.#slots[slot] !== 0) return this.#slots.subarray(slot + 5, slot + this.#stride);
    this.#slots[slot] = 1;
    this.#slots.set(words, slot + 1);
    this.#slots.set(value, slot + 5);
    if (++this.#size * 2 > this.#capacity) this.#grow();
    return undefined;
  }

  /** The slot that holds the fingerprint `words`, or the empty slot where it goes (linear probing). */
  #find(words: readonly number[]): number {
    const mask = this.#capacity - 1;
    const slots = this.#slots;
    for (let index = words[0] & mask; ; index = (index + 1) & mask) {
      const slot = index * this.#stride;
      if (slots[slot] === 0) return slot;
      if (
        slots[slot + 1] === words[0] &&
        slots[slot + 2] === words[1] &&
        slots[slot + 3] === words[2] &&
        slots[slot + 4] === words[3]
      ) {
        return slot;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#capacity *= 2;
    this.#slots = new Uint32Array(this.#stride * this.#capacity);
    for (let slot = 0; slot < old.length; slot += this.#stride) {
      if (old[slot] === 0) continue;
      const target = this.#find([old[slot + 1], old[slot + 2], old[slot + 3], old[slot + 4]]);
      this.#slots.set(old.subarray(slot, slot + this.#stride), target);
    }
  }
}

/**
 * The keys of an input seen so far (references, documents, commitments) with the position of the row that held each
 * first (see {@link KeyTable}: 48 to 96 bytes a key), so that a file of millions of rows is checked for repeated
 * keys without keeping its rows.
 */
export class RowKeys {
  readonly #table = new KeyTable(1);

  /** How many keys are kept. */
  get size(): number {
    return this.#table.size;
  }

  /** Records that the row at `position` holds `key`, and returns the position of the row that held it first, if any. */
  first(key: string, position: number): number | undefined {
    return this.#table.add(key, [position])?.[0];
  }
}

/** A hex value (with or without 0x, an even number of digits) as 32-bit words, for a {@link KeyTable}. */
export function hexWords(hex: string): number[] {
  const digits = hex.startsWith("0x") ? hex.slice(2) : hex;
  const words: number[] = [];
  for (let i = 0; i < digits.length; i += 8) words.push(Number.parseInt(digits.slice(i, i + 8).padEnd(8, "0"), 16));
  return words;
}

/** Words of a {@link KeyTable} back as hex digits (lower case, no 0x), `digits` long. */
export function wordsHex(words: ArrayLike<number>, digits: number): string {
  let hex = "";
  for (let i = 0; i < words.length; i++) hex += words[i].toString(16).padStart(8, "0");
  return hex.slice(0, digits);
}

/**
 * Remembers that the row at `at` (labelled `label`) holds `key`, a reference that may appear once in an input;
 * throws an {@link InvalidInputError} naming the row's `field` and the earlier row when one holds it already.
 */
export function requireFirstOfKey(seen: RowKeys, at: RowPosition, label: string, field: string, key: string): void {
  const earlier = seen.first(key, at.position);
  if (earlier !== undefined) {
    throw new InvalidInputError({ field: `${label} ${field}`, reason: `${key} is also on ${at.labelAt(earlier)}` });
  }
}

/**
 * Four 32-bit multiplicative hashes of a string's UTF-16 code units, each with its own multiplier and finalized by
 * MurmurHash3's mixing step: a fingerprint of 128 bits in about a microsecond (a SHA-256 through node:crypto costs
 * several, which a file of millions of rows would feel).
 */
function fingerprint(key: string): [number, number, number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  let h3 = 0x9e3779b9;
  let h4 = 0x85ebca6b;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    h3 = Math.imul(h3 ^ code, 0x27d4eb2d);
    h4 = Math.imul(h4 ^ code, 0x165667b1);
  }
  return [mix(h1), mix(h2 ^ h1), mix(h3), mix(h4 ^ h3)];
}

/** MurmurHash3's 32-bit finalizer: every input bit changes about half of the output bits. */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Row positions in a typed array that grows: four bytes a row. */
class Positions {
  #values = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.#values.length) {
      const larger = new Uint32Array(this.#values.length * 2);
      larger.set(this.#values);
      this.#values = larger;
    }
    this.#values[this.length++] = value;
  }

  at(index: number): number {
    return this.#values[index];
  }
}

/** The per-transaction gas cap of current chains (EIP-7825). */
export const TRANSACTION_GAS_CAP = 16_777_216n;
/** The share of the gas limit a batch is sized to fill, leaving room for rows dearer than the measured ones. */
export const BATCH_GAS_SHARE = 0.8;
/** Transactions in flight by default. */
export const DEFAULT_IN_FLIGHT = 4;
/** Rows compared with the chain at once by default. */
export const DEFAULT_CHECK_WINDOW = 500;
/** Rows whose gas is measured to size the batches. */
const MEASURED_ROWS = 20;
/** A batch's gas limit over the gas its rows are expected to use (rows may cost more than the ones measured). */
const GAS_LIMIT_MARGIN_PERCENT = 125n;

/** One line of the journal. */
type JournalEntry =
  | {
      type: "start";
      inputDigest: string;
      chainId: string;
      contract: string;
      account: string;
      rows: number;
      chunkSize: number;
      at: string;
    }
  | { type: "sending"; batch: number; rows: number[]; nonce: number; at: string }
  | { type: "sent"; batch: number; tx: string }
  | { type: "confirmed"; batch: number; tx: string; block: number; gasUsed: string; count: number }
  | { type: "done"; written: number; alreadyPresent: number; at: string };

/** Appends to a journal file, flushing every line to disk before returning. */
class Journal {
  readonly entries: JournalEntry[];

  constructor(readonly path: string) {
    this.entries = existsSync(path)
      ? readFileSync(path, "utf8")
          .split("\n")
          .filter((line) => line.trim() !== "")
          .flatMap((line) => {
            try {
              return [JSON.parse(line) as JournalEntry];
            } catch {
              return [];
            }
          })
      : [];
  }

  append(entry: JournalEntry): void {
    const fd = openSync(this.path, "a");
    try {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.entries.push(entry);
  }
}

/** One sent batch waiting for its receipt. */
interface InFlight {
  readonly batch: number;
  readonly rows: number;
  readonly receipt: Promise<SentTransaction>;
}

/**
 * Writes the rows the chain does not hold yet in batches through `multicall`. Every check is made before the first
 * transaction: the acting account's role (`requireAccess`); then, in one pass over the input, each row (`checkRow`)
 * and the rows against the chain (in windows of `checkWindow` rows; rows on chain with other data are all reported
 * in one error, and nothing is sent), keeping only the positions of the rows to write; then the first batch's gas
 * estimate, which also finds a paused contract. A streamed input is read a second time to send those rows, after its
 * digest is checked again. Batches are simulated (by their gas estimate) and sent one after the other with nonces
 * counted here, up to `maxInFlight` awaiting their receipts; the journal records each batch with its nonce before
 * it is sent, so that a rerun after a crash waits for what was in flight and writes every row exactly once.
 */
export async function runBulk<RowT extends BulkRow>(parameters: RunBulkParameters<RowT>): Promise<RunBulkReturnType> {
  const wallStart = Date.now();
  const { suite, signer, contract, contractName, rows: source, encode } = parameters;
  const mode = parameters.mode ?? "send";
  const requested = parameters.chunkSize;
  if (requested !== "auto" && (!Number.isSafeInteger(requested) || requested < 1)) {
    throw new InvalidInputError({
      field: "chunkSize",
      reason: `must be a whole number of at least 1 or "auto", got ${requested}`,
    });
  }
  const maxInFlight = parameters.maxInFlight ?? DEFAULT_IN_FLIGHT;
  if (!Number.isSafeInteger(maxInFlight) || maxInFlight < 1) {
    throw new InvalidInputError({
      field: "maxInFlight",
      reason: `must be a whole number of at least 1, got ${maxInFlight}`,
    });
  }
  const checkWindow = parameters.checkWindow ?? DEFAULT_CHECK_WINDOW;
  if (!Number.isSafeInteger(checkWindow) || checkWindow < 1) {
    throw new InvalidInputError({
      field: "checkWindow",
      reason: `must be a whole number of at least 1, got ${checkWindow}`,
    });
  }
  const streamed = typeof source === "function";
  if (streamed && parameters.inputPath === undefined && parameters.checkOnly !== true) {
    throw new InvalidInputError({ field: "inputPath", reason: "is required to send rows read from a stream" });
  }
  const provider = suite.runner.provider!;
  const account = await signer.getAddress();
  const target = await contract.getAddress();
  await requireAccess({ suite, account, steps: [{ contract, functionName: parameters.functionSignature, args: [] }] });
  const chainId = String((await provider.getNetwork()).chainId);

  const journal = mode === "send" && parameters.checkOnly !== true ? new Journal(parameters.journalPath) : undefined;
  // The rows earlier runs of this job sent, one bit a row.
  let writtenBefore = new Uint8Array(0);
  if (journal !== undefined) {
    await resumeJournal(parameters, journal, { chainId, account, target });
    for (const entry of journal.entries) {
      if (entry.type !== "sending") continue;
      for (const index of entry.rows) {
        if (index >> 3 >= writtenBefore.length) {
          const larger = new Uint8Array(Math.max((index >> 3) + 1, writtenBefore.length * 2));
          larger.set(writtenBefore);
          writtenBefore = larger;
        }
        writtenBefore[index >> 3] |= 1 << (index & 7);
      }
    }
  }
  const sentBefore = (position: number) =>
    position >> 3 < writtenBefore.length && (writtenBefore[position >> 3] & (1 << (position & 7))) !== 0;

  // One pass over the input, before anything is sent: every row is checked and compared with the chain, and only
  // the positions of the rows to write are kept (with the first few encoded, to measure their gas).
  const labelAt = (position: number) =>
    typeof source === "function" ? `row ${position + 1} of the input` : source[position].label;
  const missing = new Positions();
  const sample: string[] = [];
  const conflicts: BulkConflict[] = [];
  let rowCount = 0;
  let writtenEarlier = 0;
  let alreadyPresent = 0;
  let window: RowT[] = [];
  const checkStart = Date.now();
  const compareWindow = async () => {
    const states = await parameters.checkRows(window);
    const first = rowCount - window.length;
    states.forEach((state, offset) => {
      const position = first + offset;
      if (state.state === "conflict") conflicts.push({ label: window[offset].label, reason: state.reason });
      else if (state.state === "absent") {
        missing.push(position);
        if (sample.length < MEASURED_ROWS && parameters.checkOnly !== true) sample.push(encode(window[offset]));
      } else if (sentBefore(position)) writtenEarlier++;
      else alreadyPresent++;
    });
    window = [];
    parameters.onProgress?.({
      phase: "check",
      done: rowCount,
      total: typeof source === "function" ? null : source.length,
      batch: 0,
      batches: 0,
    });
  };
  for await (const row of typeof source === "function" ? source() : source) {
    parameters.checkRow?.(row, { position: rowCount, labelAt });
    window.push(row);
    rowCount++;
    if (window.length >= checkWindow) await compareWindow();
  }
  if (window.length > 0) await compareWindow();
  // A streamed input's length is known now.
  if (typeof source === "function") {
    parameters.onProgress?.({ phase: "check", done: rowCount, total: rowCount, batch: 0, batches: 0 });
  }
  const checkSeconds = (Date.now() - checkStart) / 1000;
  if (conflicts.length > 0) throw new BulkConflictError(conflicts);
  if (journal !== undefined && !journal.entries.some((entry) => entry.type === "start")) {
    journal.append({
      type: "start",
      inputDigest: parameters.inputDigest,
      chainId,
      contract: target,
      account,
      rows: rowCount,
      chunkSize: requested === "auto" ? 0 : requested,
      at: new Date().toISOString(),
    });
  }

  // After a long check the node may have closed the idle connection: the first read after it is asked again.
  const batchGasLimit = await readAgain(() => gasLimitForBatches(provider));
  const fn = contract.connect(signer).getFunction("multicall");
  const estimate = async (calls: string[]): Promise<bigint> => {
    try {
      return await fn.estimateGas(calls);
    } catch (error) {
      throw await explainFailure({ suite, step: { contractName }, error });
    }
  };
  let chunkSize = requested === "auto" ? 0 : requested;
  let gasPerRowEstimate: number | null = null;
  let oneRowGas = 0;
  if (sample.length > 0) {
    // The gas of one row inside a batch: a batch of a few rows less a batch of one, over the rows between.
    const many = await estimate(sample);
    const one = await estimate(sample.slice(0, 1));
    const perRow = sample.length > 1 ? Number(many - one) / (sample.length - 1) : Number(one);
    gasPerRowEstimate = Math.ceil(Math.max(perRow, Number(one) / 2));
    oneRowGas = Number(one);
    if (requested === "auto") {
      chunkSize = Math.max(
        1,
        Math.floor((Number(batchGasLimit) * BATCH_GAS_SHARE - Number(one)) / gasPerRowEstimate) + 1,
      );
    }
  }
  if (chunkSize === 0 && parameters.checkOnly !== true) chunkSize = 1;

  const batches = chunkSize === 0 || parameters.checkOnly === true ? 0 : Math.ceil(missing.length / chunkSize);
  if (batches > 0 && typeof source === "function") {
    // The file is read again to send: it must be the one that was checked.
    if ((await fileDigest(parameters.inputPath!)) !== parameters.inputDigest) {
      throw new InvalidInputError({
        field: "inputPath",
        reason: `${parameters.inputPath} changed while its rows were checked; nothing was sent, run the command again`,
      });
    }
  }
  const toWrite = rowsToWrite(source, missing, rowCount);
  const transactions: (SentTransaction | PlannedTransaction)[] = [];
  let written = 0;
  let gasUsed = 0n;
  const settledBefore = writtenEarlier + alreadyPresent;
  const inFlight: InFlight[] = [];
  let nonce = mode === "send" && batches > 0 ? await provider.getTransactionCount(account, "pending") : 0;
  let firstSentAt: number | null = null;

  const report = (batch: number) => {
    if (parameters.onProgress === undefined) return;
    const elapsed = firstSentAt === null ? 0 : (Date.now() - firstSentAt) / 1000;
    const rate = elapsed > 0 && written > 0 ? written / elapsed : 0;
    parameters.onProgress({
      phase: "send",
      done: settledBefore + written,
      total: rowCount,
      batch,
      batches,
      written,
      rowsPerSecond: Number(rate.toFixed(1)),
      gasPerRecord: written === 0 ? 0 : Math.round(Number(gasUsed) / written),
      secondsLeft: rate > 0 ? Math.round((missing.length - written) / rate) : null,
      inFlight: inFlight.length,
    });
  };
  const settleOldest = async () => {
    const oldest = inFlight[0];
    const sent = await oldest.receipt;
    inFlight.shift();
    transactions.push(sent);
    gasUsed += sent.gasUsed;
    written += oldest.rows;
    report(oldest.batch + 1);
  };

  try {
    for (let batch = 0; batch < batches; batch++) {
      const indexes: number[] = [];
      const calls: string[] = [];
      const labels: string[] = [];
      while (indexes.length < chunkSize) {
        const next = await toWrite.next();
        if (next.done === true) break;
        indexes.push(next.value.position);
        calls.push(encode(next.value.row));
        if (labels.length < 2) labels.push(next.value.row.label);
        else labels[1] = next.value.row.label;
      }
      const description = `${contractName}.multicall: ${indexes.length} rows (${labels[0]} to ${labels.at(-1)})`;
      if (mode !== "send") {
        const gasEstimate = await estimate(calls);
        const populated = await fn.populateTransaction(calls);
        transactions.push({
          description,
          contract: contractName,
          function: "multicall(bytes[])",
          from: account,
          to: target,
          data: populated.data,
          value: 0n,
          gasEstimate,
        });
        written += indexes.length;
        continue;
      }
      // The batch is simulated against the chain as mined so far: rows of batches still in flight are other rows,
      // so the simulation holds once they are mined. Its gas limit comes from the gas measured per row. The call is
      // encoded once, for the simulation and the transaction (a batch is hundreds of kilobytes of calldata).
      const data = contract.interface.encodeFunctionData("multicall", [calls]);
      try {
        await provider.call({ from: account, to: target, data });
      } catch (error) {
        throw await explainFailure({ suite, step: { contractName }, error });
      }
      const expected = BigInt(oneRowGas + gasPerRowEstimate! * (indexes.length - 1));
      const limit = (expected * GAS_LIMIT_MARGIN_PERCENT) / 100n;
      await requireFeeWithinCap({ provider, policy: parameters.receipts, description });
      while (inFlight.length >= maxInFlight) await settleOldest();
      journal!.append({ type: "sending", batch, rows: indexes, nonce, at: new Date().toISOString() });
      let response: TransactionResponse;
      try {
        response = await signer.sendTransaction({
          to: target,
          data,
          nonce,
          gasLimit: limit > batchGasLimit ? batchGasLimit : limit,
        });
      } catch (error) {
        throw await explainFailure({ suite, step: { contractName }, error });
      }
      firstSentAt ??= Date.now();
      journal!.append({ type: "sent", batch, tx: response.hash });
      parameters.onTransaction?.({ type: "sent", description, hash: response.hash, nonce });
      nonce++;
      const receipt = confirm({ parameters, journal: journal!, response, batch, description, count: indexes.length });
      // Awaited in order by settleOldest; a rejection is also seen there, never left unhandled.
      receipt.catch(() => undefined);
      inFlight.push({ batch, rows: indexes.length, receipt });
    }
    while (inFlight.length > 0) await settleOldest();
  } catch (error) {
    // Batches already sent are mined or not whatever happens here: wait for them so the journal says which.
    await Promise.allSettled(inFlight.map((entry) => entry.receipt));
    throw error;
  } finally {
    await toWrite.return(undefined);
  }
  if (mode !== "send") {
    gasUsed = transactions.reduce((sum, transaction) => sum + (transaction.gasEstimate ?? 0n), 0n);
  }
  if (parameters.checkOnly === true) written = missing.length;
  else journal?.append({ type: "done", written, alreadyPresent, at: new Date().toISOString() });
  return {
    rows: rowCount,
    written,
    writtenEarlier,
    alreadyPresent,
    batches: transactions.length,
    gasUsed,
    transactions,
    journal: journal?.path ?? null,
    chunkSize,
    gasPerRowEstimate,
    batchGasLimit: Number(batchGasLimit),
    checkSeconds: Number(checkSeconds.toFixed(2)),
    wallSeconds: Number(((Date.now() - wallStart) / 1000).toFixed(2)),
  };
}

/**
 * The rows at the given positions (in increasing order), with their positions: taken from an array, or from a
 * second read of a streamed input, which must give as many rows as the first.
 */
async function* rowsToWrite<RowT>(
  source: RowSource<RowT>,
  positions: Positions,
  rowCount: number,
): AsyncGenerator<{ position: number; row: RowT }> {
  if (typeof source !== "function") {
    for (let index = 0; index < positions.length; index++) {
      yield { position: positions.at(index), row: source[positions.at(index)] };
    }
    return;
  }
  if (positions.length === 0) return;
  let position = 0;
  let next = 0;
  for await (const row of source()) {
    if (position === positions.at(next)) {
      yield { position, row };
      if (++next === positions.length) return;
    }
    position++;
  }
  throw new InvalidInputError({
    field: "rows",
    reason: `the input gave ${position} rows when read again to send, ${rowCount} when checked`,
  });
}

/** Rows on chain with other data than the input: all of them, named, and nothing sent. */
export class BulkConflictError extends InvalidInputError {
  override name = "BulkConflictError";

  constructor(readonly conflicts: readonly BulkConflict[]) {
    const shown = conflicts
      .slice(0, 5)
      .map((conflict) => `${conflict.label} (${conflict.reason})`)
      .join("; ");
    const more = conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : "";
    super({
      field: conflicts.length === 1 ? conflicts[0].label : `${conflicts.length} rows`,
      reason: `already on chain with other data: ${shown}${more}`,
    });
  }
}

/** The lower of the per-transaction gas cap and the latest block's gas limit. */
async function gasLimitForBatches(provider: Provider): Promise<bigint> {
  const block = await provider.getBlock("latest");
  const blockLimit = block?.gasLimit ?? TRANSACTION_GAS_CAP;
  return blockLimit < TRANSACTION_GAS_CAP ? blockLimit : TRANSACTION_GAS_CAP;
}

/** Waits for a batch's receipt, journals it and turns it into a {@link SentTransaction}. */
async function confirm<RowT extends BulkRow>({
  parameters,
  journal,
  response,
  batch,
  description,
  count,
}: {
  parameters: RunBulkParameters<RowT>;
  journal: Journal;
  response: TransactionResponse;
  batch: number;
  description: string;
  count: number;
}): Promise<SentTransaction> {
  const { suite, signer, contractName } = parameters;
  try {
    const receipt = await waitForReceipt({
      response,
      description,
      signer,
      policy: parameters.receipts,
      onEvent: (event) => {
        // A replacement carries the same nonce and call: the journal follows it, so a resume waits for it.
        if (event.type === "replacing") journal.append({ type: "sent", batch, tx: event.hash });
        parameters.onTransaction?.(event);
      },
    });
    if (receipt.status !== 1) {
      throw new EgovError(`batch ${batch + 1} transaction ${receipt.hash} failed`);
    }
    journal.append({
      type: "confirmed",
      batch,
      tx: receipt.hash,
      block: receipt.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
      count,
    });
    parameters.onTransaction?.({ type: "mined", description, hash: receipt.hash, blockNumber: receipt.blockNumber });
    return {
      description,
      contract: contractName,
      function: "multicall(bytes[])",
      from: response.from,
      to: response.to!,
      data: parameters.compactTransactions === true ? "0x" : response.data,
      value: 0n,
      gasEstimate: null,
      hash: receipt.hash,
      blockNumber: receipt.blockNumber,
      gasUsed: receipt.gasUsed,
      events: parameters.compactTransactions === true ? [] : decodeEvents({ suite: suite, logs: receipt.logs }),
    };
  } catch (error) {
    throw await explainFailure({ suite, step: { contractName }, error });
  }
}

/**
 * Checks that an existing journal belongs to this job, and waits for any batch an interrupted run sent (or was
 * about to send) to be mined or dropped, so that the on-chain check of the next batch sees it.
 */
async function resumeJournal<RowT extends BulkRow>(
  parameters: RunBulkParameters<RowT>,
  journal: Journal,
  job: { chainId: string; account: string; target: string },
): Promise<void> {
  const start = journal.entries.find((entry) => entry.type === "start");
  // A new job: its start is written once its rows are checked (see runBulk).
  if (start === undefined) return;
  const mismatch =
    start.inputDigest !== parameters.inputDigest
      ? "the input file changed since the journal was started"
      : start.chainId !== job.chainId || start.contract.toLowerCase() !== job.target.toLowerCase()
        ? `the journal is for contract ${start.contract} on chain ${start.chainId}`
        : undefined;
  if (mismatch !== undefined) {
    throw new InvalidInputError({
      field: "journal",
      reason: `${journal.path} belongs to another job (${mismatch}); move it away to start over`,
    });
  }
  const provider = parameters.suite.runner.provider!;
  const timeout = parameters.pendingTimeoutMs ?? parameters.receipts?.timeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS;
  for (const entry of journal.entries) {
    if (entry.type !== "sending") continue;
    if (journal.entries.some((other) => other.type === "confirmed" && other.batch === entry.batch)) continue;
    const sent = journal.entries.filter(
      (other): other is Extract<JournalEntry, { type: "sent" }> => other.type === "sent" && other.batch === entry.batch,
    );
    if (sent.length > 0) {
      // The last transaction sent for the batch (a replacement, if any); one the node no longer knows was dropped,
      // and the batch's rows are checked on chain before anything is sent again.
      for (const { tx } of [...sent].reverse()) {
        if ((await provider.getTransactionReceipt(tx)) !== null) break;
        const response = await provider.getTransaction(tx);
        if (response === null) continue;
        await waitForReceipt({
          response,
          description: `batch ${entry.batch + 1} of an earlier run`,
          policy: { ...parameters.receipts, timeoutMs: timeout, replace: undefined },
          onEvent: parameters.onTransaction,
        }).catch((error: unknown) => {
          if (error instanceof TransactionNotMinedError && error.state === "dropped") return null;
          throw error;
        });
        break;
      }
      continue;
    }
    const deadline = Date.now() + timeout;
    while ((await provider.getTransactionCount(start.account, "latest")) <= entry.nonce) {
      const pending = await provider.getTransactionCount(start.account, "pending");
      if (pending <= entry.nonce) break;
      if (Date.now() > deadline) {
        throw new InvalidStateError({
          kind: "batch",
          id: String(entry.batch + 1),
          state: "still pending",
          reason: `a transaction with nonce ${entry.nonce} is not mined yet; run the command again later`,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Blocks per `eth_getLogs` request at most, which public RPC endpoints accept. */
export const LOG_RANGE = 10_000;
/** Blocks of the first `eth_getLogs` request of a read (see {@link forEachLog}). */
export const FIRST_LOG_RANGE = 100;
/** Logs one `eth_getLogs` response should hold about, so that a long read stays within bounded memory. */
export const LOGS_PER_REQUEST = 10_000;
/** How nodes and public endpoints refuse a range that holds too many logs. */
const TOO_MANY_LOGS =
  /more than \d+ results|too many|limit exceeded|query returned more|response size|range is too large|block range/i;

/** A log as the node returns it: its topics and data, all that a bulk check decodes. */
export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
}

/**
 * The records a registry's logs say were written, by key (one indexed topic, as 0x and 64 hex digits, lower case),
 * each with the hex digits `keep` takes of the first log that wrote it (`digits` long), in a {@link KeyTable}: read
 * once, in bounded pieces (see {@link forEachLog}), so that a bulk job compares every row with the chain without
 * reading each row, in two to four times 20 bytes and the value a record (about 150 to 300 bytes for a title's owner
 * and document; a register of millions of records fits in memory). A row whose key is not
 * here is absent; its batch is still simulated before it is sent, so a record the logs did not show stops the job
 * instead of being written twice.
 */
export async function writtenKeys({
  provider,
  address,
  fromBlock,
  topics,
  keyTopic,
  keep,
}: {
  provider: Provider;
  address: string;
  fromBlock: number;
  /** The event's topics filter (topic 0 and any fixed indexed argument). */
  topics: (string | null)[];
  /** Which topic holds the key. */
  keyTopic: number;
  /** What to keep of the first log of each key, as hex digits of a fixed length (nothing but the key by default). */
  keep?: { readonly digits: number; readonly value: (log: RawLog) => string };
}): Promise<{ get(key: string): string | undefined }> {
  const digits = keep?.digits ?? 0;
  const table = new KeyTable(Math.ceil(digits / 8));
  await forEachLog({ provider, address, fromBlock, topics }, (log) => {
    table.add(log.topics[keyTopic].toLowerCase(), keep === undefined ? [] : hexWords(keep.value(log)));
  });
  return {
    get: (key) => {
      const words = table.get(key.toLowerCase());
      return words === undefined ? undefined : wordsHex(words, digits);
    },
  };
}

/**
 * Every log of a contract that matches `topics` (a topic may list several event ids), oldest first, up to the latest
 * block. The logs are taken as the node sends them (topics and data only, no log objects). Block ranges adapt to the
 * chain: they start at {@link FIRST_LOG_RANGE} blocks, double while a response holds under half of
 * {@link LOGS_PER_REQUEST} logs (up to {@link LOG_RANGE}), and shrink to hold about that many when a response holds
 * more, so that a register of millions of records is read in bounded pieces (a response of 100,000 logs is some
 * 70 MB of JSON). A range the node refuses as too large (public endpoints cap the logs of one response) is split in
 * two and asked again.
 */
export async function forEachLog(
  {
    provider,
    address,
    fromBlock,
    topics,
  }: { provider: Provider; address: string; fromBlock: number; topics: (string | string[] | null)[] },
  onLog: (log: RawLog) => void,
): Promise<void> {
  // Raw requests where the provider takes them (JSON-RPC providers, Hardhat's); log objects otherwise.
  const raw =
    "send" in provider && typeof provider.send === "function"
      ? (provider.send as (method: string, params: unknown[]) => Promise<unknown>).bind(provider)
      : undefined;
  const last =
    raw === undefined
      ? await readAgain(() => provider.getBlockNumber())
      : Number(await readAgain(() => raw("eth_blockNumber", [])));
  let range = FIRST_LOG_RANGE;
  for (let start = fromBlock; start <= last;) {
    const end = Math.min(start + range - 1, last);
    let logs: readonly { topics: readonly string[]; data: string; removed?: boolean }[];
    try {
      logs =
        raw === undefined
          ? await readAgain(() => provider.getLogs({ address, fromBlock: start, toBlock: end, topics }))
          : ((await readAgain(() =>
              raw("eth_getLogs", [{ address, fromBlock: toQuantity(start), toBlock: toQuantity(end), topics }]),
            )) as { topics: string[]; data: string; removed?: boolean }[]);
    } catch (error) {
      if (end === start || !TOO_MANY_LOGS.test(String(error))) throw error;
      range = Math.max(1, Math.floor((end - start + 1) / 2));
      continue;
    }
    for (const log of logs) {
      if (log.removed !== true) onLog({ topics: log.topics, data: log.data });
    }
    const asked = end - start + 1;
    start = end + 1;
    if (logs.length > LOGS_PER_REQUEST) {
      range = Math.max(1, Math.floor((asked * LOGS_PER_REQUEST) / logs.length));
    } else if (logs.length < LOGS_PER_REQUEST / 2 && asked === range) {
      range = Math.min(range * 2, LOG_RANGE);
    }
  }
}

/** The digest that binds a journal to its input file, read in pieces (files of millions of rows included). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

/**
 * A read asked again, up to twice, when the connection to the node fails (a connection the node closed while the
 * command was busy reading a long file): reads change nothing, so asking again is safe.
 */
async function readAgain<ResultT>(read: () => Promise<ResultT>): Promise<ResultT> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const transport = /Failed to make POST request|ECONNRESET|socket hang up|other side closed/.test(String(error));
      if (!transport || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
