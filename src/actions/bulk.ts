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

/** One row to write. */
export interface BulkRow {
  /** Where the row comes from, for messages (`deeds.csv row 7`). */
  readonly label: string;
  /** The encoded call of the contract's function for this row. */
  readonly data: string;
}

/** Progress after each batch (and while the rows are checked against the chain, with `phase: "check"`). */
export interface BulkProgress {
  /** Rows that are on chain now (written by this job or found there), or rows checked in the `check` phase. */
  readonly done: number;
  readonly total: number;
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

export type RunBulkParameters = ActionContext & {
  readonly contract: BaseContract;
  readonly contractName: SuiteContractName;
  /** The function every row calls, checked in the authority for the acting account. */
  readonly functionSignature: string;
  readonly rows: readonly BulkRow[];
  /** Tells, for a batch of rows, what the chain already holds for each. */
  readonly checkRows: (rowIndexes: readonly number[]) => Promise<readonly RowOnChain[]>;
  /**
   * Rows per transaction, or `auto`: as many as fit in {@link BATCH_GAS_SHARE} of the lower of the per-transaction
   * gas cap ({@link TRANSACTION_GAS_CAP}) and the block gas limit, at a per-row gas measured on the first rows.
   */
  readonly chunkSize: number | "auto";
  /** The progress journal (JSON lines); none in `dry-run` and `safe` modes. */
  readonly journalPath: string;
  /** A digest of the input, so that a journal is never applied to another input. */
  readonly inputDigest: string;
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
  readonly rows: readonly RowT[];
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
 * Remembers that the row `label` holds `key` (a reference that may appear once in a file); throws an
 * {@link InvalidInputError} naming the row's `field` and the earlier row when one holds it already.
 */
export function requireFirstOfKey(seen: Map<string, string>, label: string, field: string, key: string): void {
  const previous = seen.get(key);
  if (previous !== undefined) {
    throw new InvalidInputError({ field: `${label} ${field}`, reason: `${key} is also on ${previous}` });
  }
  seen.set(key, label);
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
 * Writes `rows` in batches through `multicall`, skipping rows the chain already holds. Every check is made before
 * the first transaction: the acting account's role (`requireAccess`), every row against the chain (in windows of
 * `checkWindow` rows read at once; rows on chain with other data are all reported in one error, and nothing is
 * sent), and the first batch's gas estimate, which also finds a paused contract. Batches are then simulated (by their gas estimate) and sent one after the other with nonces
 * counted here, up to `maxInFlight` awaiting their receipts; the journal records each batch with its nonce before
 * it is sent, so that a rerun after a crash waits for what was in flight and writes every row exactly once.
 */
export async function runBulk(parameters: RunBulkParameters): Promise<RunBulkReturnType> {
  const wallStart = Date.now();
  const { suite, signer, contract, contractName, rows } = parameters;
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
  const provider = suite.runner.provider!;
  const account = await signer.getAddress();
  const target = await contract.getAddress();
  await requireAccess({ suite, account, steps: [{ contract, functionName: parameters.functionSignature, args: [] }] });
  const chainId = String((await provider.getNetwork()).chainId);

  const journal = mode === "send" && parameters.checkOnly !== true ? new Journal(parameters.journalPath) : undefined;
  const writtenBefore = new Set<number>();
  if (journal !== undefined) {
    await resumeJournal(parameters, journal, { chainId, account, target });
    for (const entry of journal.entries) {
      if (entry.type === "sending") entry.rows.forEach((index) => writtenBefore.add(index));
    }
  }

  // Every row against the chain, before anything is sent.
  const missing: number[] = [];
  const conflicts: BulkConflict[] = [];
  let writtenEarlier = 0;
  let alreadyPresent = 0;
  const checkStart = Date.now();
  for (let from = 0; from < rows.length; from += checkWindow) {
    const indexes: number[] = [];
    for (let index = from; index < Math.min(from + checkWindow, rows.length); index++) indexes.push(index);
    const states = await parameters.checkRows(indexes);
    states.forEach((state, position) => {
      const index = indexes[position];
      if (state.state === "conflict") conflicts.push({ label: rows[index].label, reason: state.reason });
      else if (state.state === "absent") missing.push(index);
      else if (writtenBefore.has(index)) writtenEarlier++;
      else alreadyPresent++;
    });
    parameters.onProgress?.({
      phase: "check",
      done: indexes.at(-1)! + 1,
      total: rows.length,
      batch: 0,
      batches: 0,
    });
  }
  const checkSeconds = (Date.now() - checkStart) / 1000;
  if (conflicts.length > 0) throw new BulkConflictError(conflicts);

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
  if (missing.length > 0 && parameters.checkOnly !== true) {
    // The gas of one row inside a batch: a batch of a few rows less a batch of one, over the rows between.
    const sample = missing.slice(0, Math.min(MEASURED_ROWS, missing.length)).map((index) => rows[index].data);
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

  const batches = chunkSize === 0 ? 0 : Math.ceil(missing.length / chunkSize);
  const transactions: (SentTransaction | PlannedTransaction)[] = [];
  let written = 0;
  let gasUsed = 0n;
  const settledBefore = writtenEarlier + alreadyPresent;
  const inFlight: InFlight[] = [];
  let nonce = mode === "send" ? await provider.getTransactionCount(account, "pending") : 0;
  let firstSentAt: number | null = null;

  const report = (batch: number) => {
    if (parameters.onProgress === undefined) return;
    const elapsed = firstSentAt === null ? 0 : (Date.now() - firstSentAt) / 1000;
    const rate = elapsed > 0 && written > 0 ? written / elapsed : 0;
    parameters.onProgress({
      phase: "send",
      done: settledBefore + written,
      total: rows.length,
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
    for (let batch = 0; batch < batches && parameters.checkOnly !== true; batch++) {
      const indexes = missing.slice(batch * chunkSize, (batch + 1) * chunkSize);
      const calls = indexes.map((index) => rows[index].data);
      const description = `${contractName}.multicall: ${indexes.length} rows (${rows[indexes[0]].label} to ${rows[indexes.at(-1)!].label})`;
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
  }
  if (mode !== "send") {
    gasUsed = transactions.reduce((sum, transaction) => sum + (transaction.gasEstimate ?? 0n), 0n);
  }
  if (parameters.checkOnly === true) written = missing.length;
  else journal?.append({ type: "done", written, alreadyPresent, at: new Date().toISOString() });
  return {
    rows: rows.length,
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
async function confirm({
  parameters,
  journal,
  response,
  batch,
  description,
  count,
}: {
  parameters: RunBulkParameters;
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
async function resumeJournal(
  parameters: RunBulkParameters,
  journal: Journal,
  job: { chainId: string; account: string; target: string },
): Promise<void> {
  const start = journal.entries.find((entry) => entry.type === "start");
  if (start === undefined) {
    journal.append({
      type: "start",
      inputDigest: parameters.inputDigest,
      chainId: job.chainId,
      contract: job.target,
      account: job.account,
      rows: parameters.rows.length,
      chunkSize: parameters.chunkSize === "auto" ? 0 : parameters.chunkSize,
      at: new Date().toISOString(),
    });
    return;
  }
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

/** Blocks per `eth_getLogs` request, which public RPC endpoints accept. */
const LOG_RANGE = 10_000;

/** A log as the node returns it: its topics and data, all that a bulk check decodes. */
export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
}

/**
 * The records a registry's logs say were written, by key (one indexed topic, as 0x and 64 hex digits, lower case),
 * each with what `keep` takes of the first log that wrote it: read once, in ranges of 10,000 blocks, so that a bulk job compares every
 * row with the chain without reading each row. A row whose key is not here is absent; its batch is still simulated
 * before it is sent, so a record the logs did not show stops the job instead of being written twice.
 */
export async function writtenKeys<ValueT = true>({
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
  /** What to keep of the first log of each key (by default only that there is one), so that memory stays small. */
  keep?: (log: RawLog) => ValueT;
}): Promise<Map<string, ValueT>> {
  const keys = new Map<string, ValueT>();
  await forEachLog({ provider, address, fromBlock, topics }, (log) => {
    const key = log.topics[keyTopic].toLowerCase();
    if (!keys.has(key)) keys.set(key, keep === undefined ? (true as ValueT) : keep(log));
  });
  return keys;
}

/**
 * Every log of a contract that matches `topics` (a topic may list several event ids), oldest first, read in ranges of
 * 10,000 blocks up to the latest block. The logs are taken as the node sends them (topics and data only, no log
 * objects), so that the hundreds of thousands of logs of a national register are read in seconds and little memory.
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
  for (let start = fromBlock; start <= last; start += LOG_RANGE) {
    const end = Math.min(start + LOG_RANGE - 1, last);
    const logs: readonly { topics: readonly string[]; data: string; removed?: boolean }[] =
      raw === undefined
        ? await readAgain(() => provider.getLogs({ address, fromBlock: start, toBlock: end, topics }))
        : ((await readAgain(() =>
            raw("eth_getLogs", [{ address, fromBlock: toQuantity(start), toBlock: toQuantity(end), topics }]),
          )) as { topics: string[]; data: string; removed?: boolean }[]);
    for (const log of logs) {
      if (log.removed !== true) onLog({ topics: log.topics, data: log.data });
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
