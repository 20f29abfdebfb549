/**
 * Bulk writes through a governed contract's `multicall(bytes[])`, resumable after a crash: a progress journal next
 * to the input file records every batch before it is sent and once it is mined, and before each batch the chain is
 * asked which rows already exist, so that a rerun writes neither duplicates nor gaps.
 *
 * Used by `property register-bulk`; other registries' bulk commands plug in their own row checks and calls.
 *
 * @module
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";

import type { BaseContract } from "ethers";

import { decodeRevert, EgovError, InvalidInputError, InvalidStateError } from "../errors.js";
import type { SuiteContractName } from "../wiring.js";
import {
  type ActionContext,
  type PlannedTransaction,
  requireCanCall,
  requireNotPaused,
  type SentTransaction,
  decodeEvents,
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

/** Progress after each batch. */
export interface BulkProgress {
  /** Rows that are on chain now (written by this job or found there). */
  readonly done: number;
  readonly total: number;
  readonly batch: number;
  readonly batches: number;
}

/** What a bulk job did. */
export interface BulkSummary {
  readonly rows: number;
  /** Rows written by this run. */
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
}

export type RunBulkParameters = ActionContext & {
  readonly contract: BaseContract;
  readonly contractName: SuiteContractName;
  /** The function every row calls, checked in the authority for the acting account. */
  readonly functionSignature: string;
  readonly rows: readonly BulkRow[];
  /** Tells, for a batch of rows, what the chain already holds for each. */
  readonly checkRows: (rowIndexes: readonly number[]) => Promise<readonly RowOnChain[]>;
  /** Rows per transaction. */
  readonly chunkSize: number;
  /** The progress journal (JSON lines); none in `dry-run` and `safe` modes. */
  readonly journalPath: string;
  /** A digest of the input, so that a journal is never applied to another input. */
  readonly inputDigest: string;
  readonly onProgress?: (progress: BulkProgress) => void;
  /** How long to wait for a transaction an interrupted run left pending, in milliseconds. */
  readonly pendingTimeoutMs?: number;
};

export type RunBulkReturnType = BulkSummary;

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

/**
 * Writes `rows` in batches of `chunkSize` through `multicall`, skipping rows the chain already holds. Every check is
 * made before the first transaction: the acting account's role, the contract not paused, every batch's rows against
 * the chain, and a simulation of the next batch. A conflicting row (present with other data) stops the job with a
 * one-line error before anything of its batch is sent.
 */
export async function runBulk(parameters: RunBulkParameters): Promise<RunBulkReturnType> {
  const { suite, signer, contract, contractName, rows, chunkSize } = parameters;
  const mode = parameters.mode ?? "send";
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new InvalidInputError({
      field: "chunkSize",
      reason: `must be a whole number of at least 1, got ${chunkSize}`,
    });
  }
  const account = await signer.getAddress();
  const target = await contract.getAddress();
  await requireNotPaused({ contract: contract, contractName: contractName });
  await requireCanCall({ suite, account, target, contractName, functionSignature: parameters.functionSignature });
  const chainId = String((await suite.runner.provider!.getNetwork()).chainId);

  const journal = mode === "send" ? new Journal(parameters.journalPath) : undefined;
  const writtenBefore = new Set<number>();
  if (journal !== undefined) {
    await resumeJournal(parameters, journal, { chainId, account, target });
    for (const entry of journal.entries) {
      if (entry.type === "sending") entry.rows.forEach((index) => writtenBefore.add(index));
    }
  }

  const batches = Math.ceil(rows.length / chunkSize);
  const transactions: (SentTransaction | PlannedTransaction)[] = [];
  let written = 0;
  let writtenEarlier = 0;
  let alreadyPresent = 0;
  let gasUsed = 0n;
  for (let batch = 0; batch < batches; batch++) {
    const indexes = rows.slice(batch * chunkSize, (batch + 1) * chunkSize).map((_, i) => batch * chunkSize + i);
    const states = await parameters.checkRows(indexes);
    const missing: number[] = [];
    states.forEach((state, position) => {
      const index = indexes[position];
      if (state.state === "conflict") {
        throw new InvalidInputError({
          field: rows[index].label,
          reason: `already on chain with other data: ${state.reason}`,
        });
      }
      if (state.state === "absent") missing.push(index);
      else if (writtenBefore.has(index)) writtenEarlier++;
      else alreadyPresent++;
    });
    if (missing.length > 0) {
      const calls = missing.map((index) => rows[index].data);
      const description = `${contractName}.multicall: ${missing.length} rows (${rows[missing[0]].label} to ${rows[missing.at(-1)!].label})`;
      const fn = contract.connect(signer).getFunction("multicall");
      try {
        await fn.staticCall(calls);
      } catch (error) {
        throw decodeRevert({ error, interfaces: suite.interfaces });
      }
      if (mode !== "send") {
        const populated = await fn.populateTransaction(calls);
        let gasEstimate: bigint;
        try {
          gasEstimate = await fn.estimateGas(calls);
        } catch (error) {
          throw decodeRevert({ error, interfaces: suite.interfaces });
        }
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
        written += missing.length;
      } else {
        const nonce = await suite.runner.provider!.getTransactionCount(account, "pending");
        journal!.append({
          type: "sending",
          batch,
          rows: missing,
          nonce,
          at: new Date().toISOString(),
        });
        let sent: SentTransaction;
        try {
          const response = await fn.send(calls, { nonce });
          journal!.append({ type: "sent", batch, tx: response.hash });
          parameters.onTransaction?.({ type: "sent", description, hash: response.hash, nonce });
          const receipt = await response.wait();
          if (receipt === null || receipt.status !== 1) {
            throw new EgovError(`batch ${batch + 1} transaction ${response.hash} failed`);
          }
          journal!.append({
            type: "confirmed",
            batch,
            tx: receipt.hash,
            block: receipt.blockNumber,
            gasUsed: receipt.gasUsed.toString(),
            count: missing.length,
          });
          parameters.onTransaction?.({
            type: "mined",
            description,
            hash: receipt.hash,
            blockNumber: receipt.blockNumber,
          });
          sent = {
            description,
            contract: contractName,
            function: "multicall(bytes[])",
            from: account,
            to: target,
            data: response.data,
            value: 0n,
            gasEstimate: null,
            hash: receipt.hash,
            blockNumber: receipt.blockNumber,
            gasUsed: receipt.gasUsed,
            events: decodeEvents({ suite: suite, logs: receipt.logs }),
          };
        } catch (error) {
          throw decodeRevert({ error, interfaces: suite.interfaces });
        }
        transactions.push(sent);
        gasUsed += sent.gasUsed;
        written += missing.length;
      }
    }
    parameters.onProgress?.({
      done: Math.min((batch + 1) * chunkSize, rows.length),
      total: rows.length,
      batch: batch + 1,
      batches,
    });
  }
  if (mode !== "send") {
    gasUsed = transactions.reduce((sum, transaction) => sum + (transaction.gasEstimate ?? 0n), 0n);
  }
  journal?.append({ type: "done", written, alreadyPresent, at: new Date().toISOString() });
  return {
    rows: rows.length,
    written,
    writtenEarlier,
    alreadyPresent,
    batches: transactions.length,
    gasUsed,
    transactions,
    journal: journal?.path ?? null,
  };
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
      chunkSize: parameters.chunkSize,
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
  const timeout = parameters.pendingTimeoutMs ?? 120_000;
  for (const entry of journal.entries) {
    if (entry.type !== "sending") continue;
    if (journal.entries.some((other) => other.type === "confirmed" && other.batch === entry.batch)) continue;
    const sent = journal.entries.find(
      (other): other is Extract<JournalEntry, { type: "sent" }> => other.type === "sent" && other.batch === entry.batch,
    );
    if (sent !== undefined) {
      const receipt = await provider.waitForTransaction(sent.tx, 1, timeout).catch(() => null);
      if (receipt === null && (await provider.getTransaction(sent.tx)) !== null) {
        throw new InvalidStateError({
          kind: "batch transaction",
          id: sent.tx,
          state: "still pending",
          reason: "wait for it to be mined, then run the command again",
        });
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
