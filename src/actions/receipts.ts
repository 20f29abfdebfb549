/**
 * Waiting for a sent transaction. Every wait has a timeout and says what it waits for. A transaction that the node
 * no longer knows (dropped), whose nonce another transaction took (replaced), or that is still pending when the
 * wait runs out (stuck) is reported with its hash and nonce; where the caller allows it, a dropped or stuck
 * transaction is sent again with the same nonce, the same call and higher fees, so that at most one of the two can
 * ever be mined: a record is never written twice.
 *
 * @module
 */
import type { Provider, Signer, TransactionReceipt, TransactionResponse } from "ethers";

import { EgovError, shortReason, TransactionNotMinedError } from "../errors.js";

/** How a command waits for its transactions; every field has a default. */
export interface ReceiptPolicy {
  /** How long a transaction may stay pending before it counts as stuck, in milliseconds (default 120,000). */
  readonly timeoutMs?: number;
  /** Blocks that must include or follow the transaction's block before it counts as done (default 1: mined). */
  readonly confirmations?: number;
  /**
   * The most a transaction may offer per gas (wei): nothing is sent while the network asks more (the network's
   * `ignition.maxFeePerGasLimit`). Absent: no cap.
   */
  readonly maxFeePerGas?: bigint;
  /** How often the node is asked, in milliseconds (default 1,000). */
  readonly pollMs?: number;
  /**
   * Replace a dropped or stuck transaction by the same one with the same nonce and fees raised by `bumpPercent`
   * (default 20, at least {@link MIN_FEE_BUMP_PERCENT} and the node's current fees), up to `attempts` times; absent:
   * report and stop.
   */
  readonly replace?: {
    readonly attempts: number;
    readonly bumpPercent?: number;
    /** A replacement never offers more than this per gas (wei); default: the policy's `maxFeePerGas`. */
    readonly maxFeePerGas?: bigint;
    /**
     * Before a new transaction is sent, look in the node's pool for a transaction of the same account that an
     * earlier run left pending for the same call, and send the new one with its nonce and higher fees (default
     * true: a command run again with `--replace-stuck`). A service that keeps several transactions pending on
     * purpose (the ballot relay) sets it to false.
     */
    readonly pendingFromEarlierRuns?: boolean;
  };
}

/**
 * Refuses to send while the network asks more per gas than `policy.maxFeePerGas` (the fee a transaction sent now
 * would offer: twice the base fee plus the priority fee, or the legacy gas price).
 */
export async function requireFeeWithinCap({
  provider,
  policy,
  description,
}: {
  provider: Provider;
  policy: ReceiptPolicy | undefined;
  description: string;
}): Promise<void> {
  const cap = policy?.maxFeePerGas;
  if (cap === undefined) return;
  const fees = await provider.getFeeData();
  const asked = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
  if (asked > cap) {
    throw new EgovError(
      `${description}: the network asks ${asked} wei per gas, over the cap of ${cap} (ignition.maxFeePerGasLimit); nothing was sent`,
    );
  }
}

/** The default wait for a receipt, in milliseconds. */
export const DEFAULT_RECEIPT_TIMEOUT_MS = 120_000;

/** What a wait reports while it lasts. */
export type WaitEvent =
  | {
      readonly type: "waiting";
      readonly description: string;
      readonly hash: string;
      readonly nonce: number;
      /** Milliseconds waited so far. */
      readonly waitedMs: number;
      /** What is awaited: inclusion, or confirmations once included. */
      readonly awaiting: "inclusion" | "confirmations";
    }
  | {
      readonly type: "replacing";
      readonly description: string;
      /** The transaction given up on, and why. */
      readonly previousHash: string;
      readonly reason: "dropped" | "stuck";
      readonly hash: string;
      readonly nonce: number;
    };

export interface WaitForReceiptParameters {
  /** The transaction as sent. */
  readonly response: TransactionResponse;
  /** Says what the transaction does, in the messages. */
  readonly description: string;
  /** The signer that sent it, needed to send a replacement. */
  readonly signer?: Signer;
  readonly policy?: ReceiptPolicy;
  readonly onEvent?: (event: WaitEvent) => void;
}

/** How often a wait says that it is still waiting, in milliseconds. */
const REPORT_EVERY_MS = 10_000;
/**
 * How long to wait at least before reading a receipt again once the nonce is used (also longer than an ethers
 * `JsonRpcProvider` keeps the answer to an identical request, 250 ms, so that the second reading asks the node).
 */
const RECHECK_AFTER_MS = 300;

/**
 * Waits for a transaction (or its replacement) to be mined and confirmed. Throws a {@link TransactionNotMinedError}
 * when it is dropped, replaced by another transaction or stuck past the timeout, and an {@link EgovError} when a
 * replacement cannot be sent.
 */
export async function waitForReceipt(parameters: WaitForReceiptParameters): Promise<TransactionReceipt> {
  const { description, signer, onEvent } = parameters;
  const policy = parameters.policy ?? {};
  const timeoutMs = policy.timeoutMs ?? DEFAULT_RECEIPT_TIMEOUT_MS;
  const pollMs = policy.pollMs ?? 1000;
  const confirmations = Math.max(1, policy.confirmations ?? 1);
  const provider = parameters.response.provider as Provider;
  let current = parameters.response;
  const hashes = [current.hash];
  let replacements = 0;
  let since = Date.now();
  let reportedAt = since;
  /** Polls in a row in which the node did not know the transaction: two make it dropped. */
  let unknown = 0;
  /** Polls in a row in which the nonce was used and none of ours had a receipt: two make it replaced. */
  let usedWithoutReceipt = 0;

  for (;;) {
    for (const hash of hashes) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt !== null) return confirm(provider, receipt, confirmations, { ...parameters, timeoutMs, pollMs });
    }
    const mined = await provider.getTransactionCount(current.from, "latest");
    if (mined > current.nonce) {
      // The nonce is used: by one of ours when its receipt shows on the next poll, or by another transaction. A node
      // may count a new block's nonces a moment before it serves the block's receipts (anvil does, under load), so
      // a missing receipt is read again one poll later before the transaction is called replaced.
      usedWithoutReceipt++;
      if (usedWithoutReceipt < 2) {
        await sleep(Math.max(pollMs, RECHECK_AFTER_MS));
        continue;
      }
      throw new TransactionNotMinedError({
        description,
        hash: current.hash,
        nonce: current.nonce,
        state: "replaced",
        hint: "nothing of this command was written by it; check the record on chain before running the command again",
      });
    }
    usedWithoutReceipt = 0;
    unknown = (await provider.getTransaction(current.hash)) === null ? unknown + 1 : 0;
    const dropped = unknown >= 2;
    const stuck = Date.now() - since > timeoutMs;
    if (dropped || stuck) {
      const reason = dropped ? "dropped" : "stuck";
      if (policy.replace === undefined || signer === undefined || replacements >= policy.replace.attempts) {
        throw new TransactionNotMinedError({
          description,
          hash: current.hash,
          nonce: current.nonce,
          state: reason,
          hint:
            policy.replace === undefined
              ? "run the command again with --replace-stuck to resend it with the same nonce and a higher fee"
              : `gave up after ${replacements} replacement(s); the record is written only if one of them is mined`,
        });
      }
      const previousHash = current.hash;
      current = await replacement(current, signer, policy, description);
      if (!hashes.includes(current.hash)) hashes.push(current.hash);
      replacements++;
      since = Date.now();
      reportedAt = since;
      unknown = 0;
      onEvent?.({ type: "replacing", description, previousHash, reason, hash: current.hash, nonce: current.nonce });
      continue;
    }
    if (Date.now() - reportedAt >= REPORT_EVERY_MS) {
      reportedAt = Date.now();
      onEvent?.({
        type: "waiting",
        description,
        hash: current.hash,
        nonce: current.nonce,
        waitedMs: Date.now() - since,
        awaiting: "inclusion",
      });
    }
    await sleep(pollMs);
  }
}

/** Waits until `confirmations` blocks include or follow the receipt's block, checking the receipt is still there. */
async function confirm(
  provider: Provider,
  receipt: TransactionReceipt,
  confirmations: number,
  parameters: WaitForReceiptParameters & { timeoutMs: number; pollMs: number },
): Promise<TransactionReceipt> {
  if (confirmations <= 1) return receipt;
  const started = Date.now();
  let reportedAt = started;
  let current = receipt;
  for (;;) {
    const latest = await provider.getBlockNumber();
    if (latest - current.blockNumber + 1 >= confirmations) {
      const again = await provider.getTransactionReceipt(current.hash);
      if (again !== null && again.blockHash === current.blockHash) return again;
      if (again === null) return waitForReceipt(parameters);
      current = again;
      continue;
    }
    if (Date.now() - started > parameters.timeoutMs) {
      throw new EgovError(
        `${parameters.description}: transaction ${current.hash} is mined in block ${current.blockNumber} but has ` +
          `${latest - current.blockNumber + 1} of ${confirmations} confirmations after ${parameters.timeoutMs / 1000} s; ` +
          "it stays on chain: check it later",
      );
    }
    if (Date.now() - reportedAt >= REPORT_EVERY_MS) {
      reportedAt = Date.now();
      parameters.onEvent?.({
        type: "waiting",
        description: parameters.description,
        hash: current.hash,
        nonce: parameters.response.nonce,
        waitedMs: Date.now() - started,
        awaiting: "confirmations",
      });
    }
    await sleep(parameters.pollMs);
  }
}

/**
 * The least a replacement must raise each fee, in percent: geth's and Hardhat's transaction pools refuse a
 * replacement that offers less than 10% more (rounded up) in both the fee cap and the priority fee, or in the
 * legacy gas price.
 */
export const MIN_FEE_BUMP_PERCENT = 10;

/** The fees a transaction needs to replace `previous` (same nonce). */
export type ReplacementFees = { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint } | { gasPrice: bigint };

/**
 * The fees that replace `previous`: each of its fees raised by `bumpPercent` (at least {@link MIN_FEE_BUMP_PERCENT},
 * rounded up) and never below what the network asks now; an EIP-1559 transaction is replaced by one, a legacy one
 * by a legacy one. A free-gas network keeps its zero price. Throws an {@link EgovError} when the fee offered would
 * be over `maxFeePerGas` (nothing is sent then).
 */
export async function replacementFees({
  previous,
  provider,
  bumpPercent,
  maxFeePerGas: cap,
  description,
}: {
  previous: Pick<TransactionResponse, "hash" | "nonce" | "maxFeePerGas" | "maxPriorityFeePerGas" | "gasPrice">;
  provider: Provider;
  bumpPercent?: number;
  maxFeePerGas?: bigint;
  description: string;
}): Promise<ReplacementFees> {
  const percent = BigInt(100 + Math.max(bumpPercent ?? 20, MIN_FEE_BUMP_PERCENT));
  const bump = (value: bigint) => (value * percent + 99n) / 100n;
  const fees = await provider.getFeeData();
  let fee: ReplacementFees;
  if (previous.maxFeePerGas !== null && previous.maxPriorityFeePerGas !== null) {
    const maxPriorityFeePerGas = max(bump(previous.maxPriorityFeePerGas), fees.maxPriorityFeePerGas ?? 0n);
    fee = {
      maxPriorityFeePerGas,
      maxFeePerGas: max(bump(previous.maxFeePerGas), fees.maxFeePerGas ?? 0n, maxPriorityFeePerGas),
    };
  } else {
    fee = { gasPrice: max(bump(previous.gasPrice), fees.gasPrice ?? 0n) };
  }
  const offered = "gasPrice" in fee ? fee.gasPrice : fee.maxFeePerGas;
  if (cap !== undefined && offered > cap) {
    throw new EgovError(
      `${description}: transaction ${previous.hash} (nonce ${previous.nonce}) needs a replacement at ${offered} wei per gas, ` +
        `over the network's cap of ${cap}; nothing was resent`,
    );
  }
  return fee;
}

/** Sends the same call with the same nonce and higher fees (see {@link replacementFees}). */
async function replacement(
  previous: TransactionResponse,
  signer: Signer,
  policy: ReceiptPolicy,
  description: string,
): Promise<TransactionResponse> {
  const fee = await replacementFees({
    previous,
    provider: signer.provider!,
    bumpPercent: policy.replace?.bumpPercent,
    maxFeePerGas: policy.replace?.maxFeePerGas ?? policy.maxFeePerGas,
    description,
  });
  const request = {
    to: previous.to,
    data: previous.data,
    value: previous.value,
    nonce: previous.nonce,
    gasLimit: previous.gasLimit,
    chainId: previous.chainId,
  };
  // On a chain without fees (a permissioned one, gas price 0) a raised fee is still 0: the replacement is the very
  // transaction the node holds, and its refusal to import it twice says that the transaction is still pending.
  const unchanged = feesUnchanged(previous, fee);
  try {
    return await signer.sendTransaction({ ...request, ...fee });
  } catch (error) {
    if (unchanged && isAlreadyKnown(error)) return previous;
    throw new EgovError(
      `${description}: could not replace transaction ${previous.hash} (nonce ${previous.nonce}): ${shortReason(error)}`,
      { cause: error },
    );
  }
}

/** The refusals of a transaction the node's pool already holds, as geth, Besu, Nethermind, Erigon and anvil word them. */
const ALREADY_KNOWN = /already known|already imported|\bknown transaction|alreadyknown|transaction_already_known/i;

/**
 * Whether replacement fees are those of the transaction they replace: on a chain without fees, where a raised 0 is
 * still 0, the replacement is then that very transaction.
 */
export function feesUnchanged(
  previous: Pick<TransactionResponse, "maxFeePerGas" | "maxPriorityFeePerGas" | "gasPrice">,
  fee: ReplacementFees,
): boolean {
  return "gasPrice" in fee
    ? previous.maxFeePerGas === null && fee.gasPrice === previous.gasPrice
    : fee.maxFeePerGas === previous.maxFeePerGas && fee.maxPriorityFeePerGas === previous.maxPriorityFeePerGas;
}

/** Whether a send failed because the node already holds that very transaction. */
export function isAlreadyKnown(error: unknown): boolean {
  const seen = new Set<unknown>();
  const texts: string[] = [];
  const walk = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object" || seen.has(value) || depth > 4) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    for (const key of ["message", "shortMessage"]) if (typeof record[key] === "string") texts.push(record[key]);
    for (const key of ["error", "info", "cause"]) walk(record[key], depth + 1);
  };
  walk(error, 0);
  return texts.some((text) => ALREADY_KNOWN.test(text));
}

function max(...values: bigint[]): bigint {
  return values.reduce((a, b) => (a > b ? a : b));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
