/**
 * The shapes of a bulk job: its rows and where they come from, what the chain holds for a row, its progress, its
 * summary and its parameters.
 *
 * @module
 */
import type { BaseContract } from "ethers";

import type { SuiteContractName } from "../../wiring.js";
import type { ActionContext, PlannedTransaction, SentTransaction } from "../execute.js";

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
