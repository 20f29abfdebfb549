/**
 * Printing command results for people and as JSON.
 *
 * @module
 */
import { formatUnits, Result, ZeroAddress } from "ethers";

import type { ExecutionMode, PlannedTransaction, SentTransaction } from "../actions/execute.js";
import { formatValue } from "../errors.js";
import { asciiText, isoTime, programmeText } from "../vocabulary.js";

/** JSON with bigints as decimal strings. */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === "bigint" ? item.toString() : item), 2);
}

/** `cadastralRef` -> `cadastral-ref`. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Unix seconds as an ISO date-time (the commands show times the way the vocabulary writes them). */
export { isoTime };

/** An amount in the native coin. */
export function formatEth(wei: bigint): string {
  return `${formatUnits(wei, 18)} ETH`;
}

/** A value for people: ids and hashes as hex, the rest as text. */
export function show(value: unknown): string {
  return formatValue(value);
}

/** An ERC-20 token's display unit: its symbol and decimals. */
export interface TokenUnit {
  readonly symbol: string;
  readonly decimals: number;
}

/**
 * An amount in decimal with its unit: the native coin in ETH; an ERC-20 amount in its token's unit when known,
 * else in the token's smallest unit, naming the token.
 */
export function formatAmount(amount: bigint, token: string = ZeroAddress, unit?: TokenUnit): string {
  if (token === ZeroAddress) return formatEth(amount);
  if (unit !== undefined) return `${formatUnits(amount, unit.decimals)} ${unit.symbol}`;
  return `${amount} smallest units of token ${token}`;
}

/** Argument names that carry an amount of money (with a `token` beside them when paid in an ERC-20). */
const AMOUNT_ARGS = new Set(["amount", "price", "value", "deposit", "proceeds"]);
/** Argument names that carry an ASCII code in fixed-size bytes. */
const CODE_ARGS = new Set(["country", "jurisdiction", "legalForm"]);
/** Argument names that carry a calendar date (unix seconds of the day). */
const DATE_ARGS = /(On|awardedAt)$/;
/** Argument names that carry a moment (unix seconds). */
const TIME_ARGS = /(At|Since|since|deadline|Deadline|Until|until)$/;

/** What {@link showArg} may know besides the value: the other arguments, token units and known record labels. */
export interface ArgContext {
  /** The other arguments of the same event or record (a `token` beside an `amount`). */
  readonly siblings?: Readonly<Record<string, unknown>>;
  /** Units of ERC-20 tokens, by checksummed address. */
  readonly units?: ReadonlyMap<string, TokenUnit>;
  /** Labels of record ids (cadastral references, company numbers), by the id as a bigint. */
  readonly labels?: ReadonlyMap<bigint, string>;
}

/**
 * An event or record argument for people, by its name: amounts in decimal with their unit, codes as letters,
 * dates and times as ISO text, record ids as their reference where known, structs field by field; ids and hashes as
 * hex and the rest as text.
 */
export function showArg(name: string, value: unknown, context: ArgContext = {}): string {
  if (value instanceof Result) {
    let object: Record<string, unknown> | undefined;
    try {
      object = value.toObject();
    } catch {
      object = undefined;
    }
    if (object === undefined || Object.keys(object).some((key) => /^_?\d+$/.test(key))) return formatValue([...value]);
    return `{${Object.entries(object)
      .map(([key, item]) => `${key}=${showArg(key, item, { ...context, siblings: object })}`)
      .join(", ")}}`;
  }
  if (typeof value === "bigint" || typeof value === "number") {
    const number = BigInt(value);
    if (AMOUNT_ARGS.has(name) && typeof value === "bigint") {
      const token = typeof context.siblings?.token === "string" ? context.siblings.token : ZeroAddress;
      return formatAmount(value, token, context.units?.get(token));
    }
    if (DATE_ARGS.test(name)) return number === 0n ? "none" : isoTime(number).slice(0, 10);
    if (TIME_ARGS.test(name)) return number === 0n ? "none" : isoTime(number);
    const label = /Id$/.test(name) ? context.labels?.get(number) : undefined;
    if (label !== undefined) return label;
  }
  if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) {
    if (CODE_ARGS.has(name) && value.length <= 2 + 2 * 16) return asciiText(value);
    if (/^programme/.test(name) && value.length === 66) return programmeText(value);
  }
  return formatValue(value);
}

/** The arguments of an event for people, as `name=value` pairs (the bulky `offer` struct left out). */
export function showArgs(args: Readonly<Record<string, unknown>>, context: ArgContext = {}): string {
  return Object.entries(args)
    .filter(([name]) => name !== "offer")
    .map(([name, value]) => `${name}=${showArg(name, value, { ...context, siblings: context.siblings ?? args })}`)
    .join(", ");
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
        // A token's own events (Approval, Transfer) carry amounts of that token, with no `token` argument.
        const context = event.contract === "ERC20" ? { siblings: { ...event.args, token: event.address } } : {};
        lines.push(`  event ${event.contract}.${event.name}(${showArgs(event.args, context)})`);
      }
      total += transaction.gasUsed;
    } else {
      const verb = mode === "safe" ? "For the Safe" : "Would send";
      lines.push(`${verb}: ${transaction.description}`);
      lines.push(`  ${transaction.contract}.${transaction.function} to ${transaction.to} from ${transaction.from}`);
      if (transaction.value !== 0n) lines.push(`  value ${formatEth(transaction.value)}`);
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
