/**
 * Printing command results for people and as JSON.
 *
 * @module
 */
import { formatUnits } from "ethers";

import type { BulkProgress } from "../actions/bulk.js";
import type { ExecutionMode, PlannedTransaction, SentTransaction } from "../actions/execute.js";
import { formatValue } from "../errors.js";

/** JSON with bigints as decimal strings. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), 2);
}

/** `cadastralRef` -> `cadastral-ref`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Unix seconds as an ISO date-time. */
export function isoTime(seconds: number | bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

/** An amount in the native coin. */
export function formatEth(wei: bigint): string {
  return `${formatUnits(wei, 18)} ETH`;
}

/** A value for people: ids and hashes as hex, the rest as text. */
export function show(value: unknown): string {
  return formatValue(value);
}

/** Calldata for people: short calldata in full, long calldata cut (the JSON output has it whole). */
function shortData(data: string): string {
  if (data.length <= 202) return data;
  return `${data.slice(0, 74)}… (${(data.length - 2) / 2} bytes; --json prints it whole)`;
}

/** Lines describing the transactions of a command. */
export function printTransactions(
  mode: ExecutionMode,
  transactions: readonly (SentTransaction | PlannedTransaction)[],
): string[] {
  const lines: string[] = [];
  if (transactions.length === 0) {
    lines.push(mode === "send" ? "Nothing to send." : "Nothing would be sent.");
    return lines;
  }
  let total = 0n;
  for (const transaction of transactions) {
    if ("hash" in transaction) {
      lines.push(`Sent: ${transaction.description}`);
      lines.push(`  tx ${transaction.hash}  block ${transaction.blockNumber}  gas ${transaction.gasUsed}`);
      for (const event of transaction.events) {
        const args = Object.entries(event.args)
          .filter(([name]) => name !== "offer")
          .map(([name, value]) => `${name}=${show(value)}`)
          .join(", ");
        lines.push(`  event ${event.contract}.${event.name}(${args})`);
      }
      total += transaction.gasUsed;
    } else {
      const verb = mode === "safe" ? "For the Safe" : "Would send";
      lines.push(`${verb}: ${transaction.description}`);
      lines.push(`  ${transaction.contract}.${transaction.function} to ${transaction.to} from ${transaction.from}`);
      if (transaction.value !== 0n) lines.push(`  value ${transaction.value} wei`);
      lines.push(
        `  gas estimate ${transaction.gasEstimate === null ? "after the previous transaction" : transaction.gasEstimate}`,
      );
      lines.push(`  data ${shortData(transaction.data)}`);
      total += transaction.gasEstimate ?? 0n;
    }
  }
  if (transactions.length > 1) lines.push(`Total gas${mode === "send" ? "" : " estimate"}: ${total}`);
  return lines;
}

/** Draws a progress line on stderr: redrawn in place on a terminal, one line per batch otherwise. */
export function progressPrinter(): (progress: BulkProgress) => void {
  const tty = process.stderr.isTTY === true;
  return ({ done, total, batch, batches }) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} rows, batch ${batch}/${batches}`;
    process.stderr.write(tty ? `\r${bar}${batch === batches ? "\n" : ""}` : `${bar}\n`);
  };
}
