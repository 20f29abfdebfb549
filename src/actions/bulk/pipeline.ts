/**
 * The bulk pipeline: rows checked, then compared with the chain, then written in batches through a governed
 * contract's `multicall(bytes[])`, several in flight, each journalled before it is sent and once it is mined.
 *
 * @module
 */
import { type Provider } from "ethers";

import { EgovError, InvalidInputError } from "../../errors.js";
import {
  decodeEvents,
  explainFailure,
  type PlannedTransaction,
  requireAccess,
  type SentTransaction,
} from "../execute.js";
import { type PendingTransaction, simulateTransaction, submitTransaction } from "../../send.js";
import { requireFeeWithinCap } from "../receipts.js";
import { fileDigest, Journal, resumeJournal } from "./journal.js";
import { Positions } from "./key-table.js";
import { readAgain } from "./log-scan.js";
import type { BulkConflict, BulkRow, RowSource, RunBulkParameters, RunBulkReturnType } from "./types.js";

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
  // A bad row, or an input that ends with its bad rows listed, does not stop the comparison: every row the input
  // gave is compared with the chain, so that the bad rows and the conflicts are reported together.
  const rowErrors: InvalidInputError[] = [];
  let inputError: unknown;
  try {
    for await (const row of typeof source === "function" ? source() : source) {
      try {
        parameters.checkRow?.(row, { position: rowCount, labelAt });
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        rowErrors.push(error);
        rowCount++;
        continue;
      }
      window.push(row);
      rowCount++;
      if (window.length >= checkWindow) await compareWindow();
    }
  } catch (error) {
    if (!(error instanceof EgovError) || error instanceof BulkConflictError) throw error;
    inputError = error;
  }
  if (window.length > 0) await compareWindow();
  const failures = (inputError === undefined ? 0 : 1) + rowErrors.length + (conflicts.length > 0 ? 1 : 0);
  if (failures > 1) throw new BulkCheckFailedError({ inputError, rowErrors, conflicts });
  if (inputError !== undefined) throw inputError;
  if (rowErrors.length > 0) throw rowErrors[0];
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
      // encoded once, for the simulation and the transaction (a batch is hundreds of kilobytes of calldata). It is
      // journalled with its nonce before it is sent, and goes through the suite's one send path (`send.ts`).
      const data = contract.interface.encodeFunctionData("multicall", [calls]);
      const expected = BigInt(oneRowGas + gasPerRowEstimate! * (indexes.length - 1));
      const limit = (expected * GAS_LIMIT_MARGIN_PERCENT) / 100n;
      const call = { to: target, data, nonce, gasLimit: limit > batchGasLimit ? batchGasLimit : limit };
      const explain = (error: unknown) => explainFailure({ suite, step: { contractName }, error });
      await simulateTransaction({ signer, call, explain });
      await requireFeeWithinCap({ provider, policy: parameters.receipts, description });
      while (inFlight.length >= maxInFlight) await settleOldest();
      journal!.append({ type: "sending", batch, rows: indexes, nonce, at: new Date().toISOString() });
      const pending = await submitTransaction({
        signer,
        call,
        description,
        policy: parameters.receipts,
        simulate: false,
        explain,
      });
      const response = pending.response;
      firstSentAt ??= Date.now();
      journal!.append({ type: "sent", batch, tx: response.hash });
      parameters.onTransaction?.({ type: "sent", description, hash: response.hash, nonce });
      nonce++;
      const receipt = confirm({ parameters, journal: journal!, pending, batch, description, count: indexes.length });
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

/**
 * A check of the input before sending found more than one thing wrong: the input's own error (its bad rows, when a
 * file is read), rows a row check refused, rows on chain with other data. Every one is kept, and nothing is sent.
 */
export class BulkCheckFailedError extends InvalidInputError {
  override name = "BulkCheckFailedError";
  readonly inputError: unknown;
  readonly rowErrors: readonly InvalidInputError[];
  readonly conflicts: readonly BulkConflict[];

  constructor({
    inputError,
    rowErrors,
    conflicts,
  }: {
    inputError: unknown;
    rowErrors: readonly InvalidInputError[];
    conflicts: readonly BulkConflict[];
  }) {
    const parts = [
      ...(inputError instanceof Error ? [inputError.message] : []),
      ...rowErrors.map((error) => error.message),
      ...(conflicts.length === 0 ? [] : [new BulkConflictError(conflicts).message]),
    ];
    super({ field: "rows", reason: `nothing sent: ${parts.join("; ")}` });
    this.inputError = inputError;
    this.rowErrors = rowErrors;
    this.conflicts = conflicts;
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
  pending,
  batch,
  description,
  count,
}: {
  parameters: RunBulkParameters<RowT>;
  journal: Journal;
  pending: PendingTransaction;
  batch: number;
  description: string;
  count: number;
}): Promise<SentTransaction> {
  const { suite, contractName } = parameters;
  const response = pending.response;
  try {
    const receipt = await pending.wait({
      onEvent: (event) => {
        // A replacement carries the same nonce and call: the journal follows it, so a resume waits for it.
        if (event.type === "replacing") journal.append({ type: "sent", batch, tx: event.hash });
        parameters.onTransaction?.(event);
      },
    });
    journal.append({
      type: "confirmed",
      batch,
      tx: receipt.hash,
      block: receipt.blockNumber,
      gasUsed: receipt.gasUsed.toString(),
      count,
    });
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
