/**
 * The progress journal of a bulk job (JSON lines next to the input file, every line flushed to disk): each batch is
 * recorded before it is sent and once it is mined, so that a rerun after a crash waits for what was in flight and
 * writes every row exactly once.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, writeSync } from "node:fs";

import { InvalidInputError, InvalidStateError, TransactionNotMinedError } from "../../errors.js";
import { DEFAULT_RECEIPT_TIMEOUT_MS, waitForReceipt } from "../receipts.js";
import type { BulkRow, RunBulkParameters } from "./types.js";

/** One line of the journal. */
export type JournalEntry =
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
export class Journal {
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
 * Checks that an existing journal belongs to this job, and waits for any batch an interrupted run sent (or was
 * about to send) to be mined or dropped, so that the on-chain check of the next batch sees it.
 */
export async function resumeJournal<RowT extends BulkRow>(
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
        // Still pending: with --replace-stuck it is replaced (same nonce and call, higher fees), and the journal
        // follows the replacement, as in the run that sent it.
        await waitForReceipt({
          response,
          description: `batch ${entry.batch + 1} of an earlier run`,
          signer: parameters.signer,
          policy: { ...parameters.receipts, timeoutMs: timeout },
          onEvent: (event) => {
            if (event.type === "replacing") journal.append({ type: "sent", batch: entry.batch, tx: event.hash });
            parameters.onTransaction?.(event);
          },
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

/** The digest that binds a journal to its input file, read in pieces (files of millions of rows included). */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const piece of createReadStream(path)) hash.update(piece as Buffer);
  return `sha256:${hash.digest("hex")}`;
}
