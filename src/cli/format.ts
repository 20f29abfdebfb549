/**
 * Printing command results for people and as JSON.
 *
 * @module
 */
import { Contract, formatUnits, type Provider, Result, ZeroAddress } from "ethers";

import {
  type DecodedEvent,
  type ExecutionMode,
  type PlannedTransaction,
  type SentTransaction,
  stepLabelsOf,
} from "../actions/execute.js";
import { ERC20_ABI } from "../deployment.js";
import { formatValue } from "../errors.js";
import {
  amountText,
  asciiText,
  BALLOT_RULES,
  commitmentText,
  filingTypeText,
  flagNames,
  isoTime,
  programmeText,
  revocationReasonText,
  type TokenUnit,
} from "../vocabulary.js";

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
export type { TokenUnit };

/** An ERC-20 token's symbol and decimals, or undefined when the token does not say (the amount is then shown raw). */
export async function tokenUnit(provider: Provider, token: string): Promise<TokenUnit | undefined> {
  if (token === ZeroAddress) return undefined;
  const contract = new Contract(token, ERC20_ABI, provider);
  try {
    const [symbol, decimals] = await Promise.all([
      contract.getFunction("symbol").staticCall() as Promise<string>,
      contract.getFunction("decimals").staticCall() as Promise<bigint>,
    ]);
    return { symbol, decimals: Number(decimals) };
  } catch {
    return undefined;
  }
}

/**
 * The units of the ERC-20 tokens whose amounts the events of sent transactions carry (a `token` argument, or a
 * token's own events), read once the transactions are mined.
 */
export async function eventTokenUnits(
  provider: Provider,
  transactions: readonly (SentTransaction | PlannedTransaction)[],
): Promise<Map<string, TokenUnit>> {
  const tokens = new Set<string>();
  for (const transaction of transactions) {
    if (!("hash" in transaction)) continue;
    for (const event of transaction.events) {
      if (event.contract === "ERC20") tokens.add(event.address);
      else if (typeof event.args.token === "string" && event.args.token !== ZeroAddress) tokens.add(event.args.token);
    }
  }
  const units = new Map<string, TokenUnit>();
  for (const token of tokens) {
    const unit = await tokenUnit(provider, token);
    if (unit !== undefined) units.set(token, unit);
  }
  return units;
}

/**
 * An amount in decimal with its unit: the native coin in ETH; an ERC-20 amount in its token's unit when known,
 * else in the token's smallest unit, naming the token.
 */
export function formatAmount(amount: bigint, token: string = ZeroAddress, unit?: TokenUnit): string {
  return amountText(amount, token, unit);
}

/** Argument names that carry an amount of money (with a `token` beside them when paid in an ERC-20). */
const AMOUNT_ARGS = new Set(["amount", "price", "value", "deposit", "proceeds"]);
/** Argument names that carry an ASCII code in fixed-size bytes. */
const CODE_ARGS = new Set(["country", "jurisdiction", "legalForm"]);
/** Argument names that carry a calendar date (unix seconds of the day). */
const DATE_ARGS = /(On|awardedAt)$/;
/** Argument names that carry a moment (unix seconds). */
const TIME_ARGS = /(At|Since|since|deadline|Deadline|Until|until|validFrom|schedule)$/;
/** Argument names that carry a set of eligibility flags. */
const FLAG_ARGS = new Set(["flags", "requiredFlags"]);
/** Argument names that carry a Semaphore identity commitment (as a number; a director's commitment is a hash). */
const COMMITMENT_ARGS = new Set(["votingCommitment", "commitment"]);

/**
 * Arguments whose meaning depends on their event, by event and argument name: the `from` and `to` of an eligibility
 * change are flag sets, of a commitment change commitments, of an accreditation or a key compromise a moment; a
 * `reason` of a revocation or suspension is a reason code.
 */
const EVENT_ARGS: Readonly<Record<string, Readonly<Record<string, "flags" | "commitment" | "time" | "reason">>>> = {
  EligibilityChanged: { from: "flags", to: "flags" },
  VotingCommitmentChanged: { from: "commitment", to: "commitment" },
  VotingCommitmentProposed: { from: "commitment", to: "commitment" },
  KindAccreditationChanged: { from: "time" },
  SigningKeyCompromised: { from: "time" },
  DiplomaRevoked: { reason: "reason" },
  DiplomaRevokedInBatch: { reason: "reason" },
  CredentialSuspended: { reason: "reason" },
};

/** What {@link showArg} may know besides the value: the other arguments, token units and known record labels. */
export interface ArgContext {
  /** The other arguments of the same event or record (a `token` beside an `amount`). */
  readonly siblings?: Readonly<Record<string, unknown>>;
  /** Units of ERC-20 tokens, by checksummed address. */
  readonly units?: ReadonlyMap<string, TokenUnit>;
  /** Labels of record ids (cadastral references, company numbers), by the id as a bigint. */
  readonly labels?: ReadonlyMap<bigint, string>;
  /** The event the argument belongs to, for arguments whose meaning depends on it ({@link EVENT_ARGS}). */
  readonly event?: string;
  /** Names of credential kinds, by their number. */
  readonly kinds?: ReadonlyMap<bigint, string>;
  /** Names of accounts and contracts, by checksummed address: an address prints as `name 0x1234abcd…`. */
  readonly names?: ReadonlyMap<string, string>;
  /** Cut hashes and long numbers to their first characters (the demo's narrow lines). */
  readonly abbreviate?: boolean;
}

/** The names of a set of revocation reason codes (bit `n` for code `n`). */
function reasonCodesText(mask: bigint): string {
  const codes: string[] = [];
  for (let code = 1n; code < 256n && mask >> code !== 0n; ++code) {
    if (((mask >> code) & 1n) === 1n) codes.push(revocationReasonText(code));
  }
  return codes.length === 0 ? "none" : codes.join(" ");
}

/** A number for people, as `formatValue` writes it, cut in the demo's narrow lines. */
function cut(text: string, context: ArgContext): string {
  if (context.abbreviate !== true) return text;
  if (/^0x[0-9a-fA-F]{40,}$/.test(text)) return `${text.slice(0, 12)}…`;
  if (/^\d{21,}$/.test(text)) return `${text.slice(0, 12)}…`;
  return text;
}

/**
 * An event or record argument for people, by its name: amounts in decimal with their unit (the native coin as ETH,
 * never as the zero address), enum values and codes by name (a ballot rule, eligibility flags, a revocation reason,
 * a filing type, a credential kind), codes as letters, dates and times as ISO text, record ids as their reference
 * where known, voting commitments in decimal, structs field by field; ids and hashes as hex and the rest as text.
 */
export function showArg(name: string, value: unknown, context: ArgContext = {}): string {
  if (value instanceof Result) {
    if (value.length === 0) return "[]";
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
  const meaning = context.event === undefined ? undefined : EVENT_ARGS[context.event]?.[name];
  if (typeof value === "bigint" || typeof value === "number") {
    const number = BigInt(value);
    if (AMOUNT_ARGS.has(name) && typeof value === "bigint") {
      const token = typeof context.siblings?.token === "string" ? context.siblings.token : ZeroAddress;
      return formatAmount(value, token, context.units?.get(token));
    }
    if (meaning === "flags" || FLAG_ARGS.has(name)) return flagNames(number);
    if (meaning === "commitment" || COMMITMENT_ARGS.has(name)) return cut(commitmentText(number), context);
    if (meaning === "reason") return revocationReasonText(number);
    if (meaning === "time") return number === 0n ? "none" : isoTime(number);
    if (name === "rule") return BALLOT_RULES[Number(number)] ?? String(number);
    if (name === "filingType") return filingTypeText(number);
    if (name === "reasonCodes") return reasonCodesText(number);
    if (name === "kind") {
      const kind = context.kinds?.get(number);
      return kind === undefined ? String(number) : `${kind} (${number})`;
    }
    if (DATE_ARGS.test(name)) return number === 0n ? "none" : isoTime(number).slice(0, 10);
    if (TIME_ARGS.test(name)) return number === 0n ? "none" : isoTime(number);
    const label = /Id$/.test(name) ? context.labels?.get(number) : undefined;
    if (label !== undefined) return label;
  }
  if (typeof value === "string" && /^0x[0-9a-fA-F]+$/.test(value)) {
    if (CODE_ARGS.has(name) && value.length <= 2 + 2 * 16) return asciiText(value);
    if (/^programme/.test(name) && value.length === 66) return programmeText(value);
    if (value.length === 42 && value === ZeroAddress) return name === "token" ? "ETH" : "none";
    const account = value.length === 42 ? context.names?.get(value) : undefined;
    if (account !== undefined) return `${account} ${value.slice(0, 10)}…`;
  }
  return cut(formatValue(value), context);
}

/** The arguments of an event for people, as `name=value` pairs (the bulky `offer` struct left out). */
export function showArgs(args: Readonly<Record<string, unknown>>, context: ArgContext = {}): string {
  return Object.entries(args)
    .filter(([name]) => name !== "offer")
    .map(([name, value]) => `${name}=${showArg(name, value, { ...context, siblings: context.siblings ?? args })}`)
    .join(", ");
}

/** An event as the commands and the demo print it: `TitleTransferred(parcelId=UT-1, …, kind=Sale, …)`. */
export function showEvent(event: Pick<DecodedEvent, "name" | "args">, context: ArgContext = {}): string {
  return `${event.name}(${showArgs(event.args, { ...context, event: event.name })})`;
}

/**
 * What events say about the names of the records and kinds they mention: a registered title's cadastral reference,
 * a registered company's number, a defined credential kind's name. Added to `labels` and `kinds`.
 */
export function learnNames(
  events: readonly Pick<DecodedEvent, "name" | "args">[],
  labels: Map<bigint, string>,
  kinds: Map<bigint, string>,
): void {
  for (const { name, args } of events) {
    if (name === "TitleRegistered" && typeof args.cadastralReference === "string") {
      labels.set(args.parcelId as bigint, args.cadastralReference);
    } else if (name === "CompanyRegistered" && typeof args.companyNumber === "string") {
      labels.set(args.companyId as bigint, args.companyNumber);
    } else if (name === "CredentialKindDefined" && typeof args.name === "string") {
      kinds.set(BigInt(args.kind as bigint), args.name);
    }
  }
}

/** Calldata for people: short calldata in full, long calldata cut (the JSON output has it whole). */
function shortData(data: string): string {
  if (data.length <= 202) return data;
  return `${data.slice(0, 74)}… (${(data.length - 2) / 2} bytes; --json prints it whole)`;
}

/**
 * Lines describing the transactions of a command. Events name the records they mention by the labels the command's
 * steps gave ({@link stepLabelsOf}) or that the events themselves carry ({@link learnNames}), and ERC-20 amounts in
 * the token's unit when `context.units` has it.
 */
export function printTransactions(
  mode: ExecutionMode,
  transactions: readonly (SentTransaction | PlannedTransaction)[],
  context: Pick<ArgContext, "units" | "kinds"> = {},
): string[] {
  const lines: string[] = [];
  const labels = new Map<bigint, string>();
  const kinds = new Map<bigint, string>(context.kinds);
  for (const transaction of transactions) {
    for (const [id, label] of stepLabelsOf(transaction) ?? []) if (typeof id === "bigint") labels.set(id, label);
    if ("hash" in transaction) learnNames(transaction.events, labels, kinds);
  }
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
        const siblings = event.contract === "ERC20" ? { ...event.args, token: event.address } : undefined;
        lines.push(`  event ${event.contract}.${showEvent(event, { ...context, siblings, labels, kinds })}`);
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
