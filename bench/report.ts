/**
 * Turns measurements into the gas report: `bench/gas-report.json` (one object per key), `bench/gas-report.md` (tables
 * and the explanation of every missed target) and a table on standard output.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";

import { type Breakdown, COMPONENT_LABELS, COMPONENTS, type Component } from "./trace.js";

/** The gas of one operation or flow, with its transactions and its breakdown. */
export interface Measurement {
  readonly note: string;
  readonly gas: number;
  /** Each measured transaction: one for an operation, several for a flow. */
  readonly parts: readonly { readonly label: string; readonly gas: number; readonly breakdown: Breakdown }[];
  readonly breakdown: Breakdown;
}

/** A gas target of the project. */
export interface Target {
  /** Key of the target's entry in the report. */
  readonly key: string;
  /** The measured operation or flow it applies to. */
  readonly operation: string;
  readonly limit: number;
  readonly what: string;
  /** The peer operation that does the most comparable job. */
  readonly peer?: string;
  /** Another measured operation or flow that does the same job another way, reported beside the target. */
  readonly beside?: string;
  /** What the measured figure covers, printed with the target; `{beside}` is replaced by the other figure. */
  readonly explanation?: string;
}

/** The sentence that says what `sale.total` covers. */
const SALE_EXPLANATION =
  "Every step of the sale happens, with every check and every event: the seller's offer, the buyer's acceptance " +
  "with the payment into escrow, the registrar's approval, the settlement and the seller's withdrawal, in three " +
  "transactions: the seller signs the offer off chain and the buyer opens it and pays in one (`acceptOfferBySig`), " +
  "the registrar's approval settles the sale in the same transaction (`approveAndSettleOffer`), and the seller " +
  "withdraws. The same steps in five transactions (`openOffer`, `acceptOffer`, `approveOffer`, `settleOffer`, " +
  "`withdraw`) cost {beside} gas (`sale.totalFiveTransactions`).";

/** The project's gas targets. */
export const TARGETS: readonly Target[] = [
  {
    key: "diploma.issue",
    operation: "diploma.issue",
    limit: 75_000,
    what: "issue one diploma",
    peer: "peer.eas.attest",
  },
  {
    key: "diploma.issueBatch1000",
    operation: "diploma.issueBatch",
    limit: 80_000,
    what: "issue a batch of 1,000 diplomas",
    peer: "peer.eas.timestamp",
  },
  {
    key: "diploma.revokeInBatch",
    operation: "diploma.revokeInBatch",
    limit: 60_000,
    what: "revoke inside a batch",
    beside: "diploma.revokeInBatch100",
    explanation:
      "The first revocation of a class, which writes its status-list word from zero (a later one in the same 256 " +
      "diplomas updates the word). Revoking 100 diplomas of a class in one `revokeManyInBatch` call costs {beside} " +
      "gas (`diploma.revokeInBatch100`).",
  },
  {
    key: "diploma.revokeInBatch100",
    operation: "diploma.revokeInBatch100",
    limit: 2_000_000,
    what: "revoke 100 diplomas of a batch in one call (20,000 gas a diploma)",
  },
  {
    key: "property.register",
    operation: "property.registerTitle",
    limit: 130_000,
    what: "register a land title",
    peer: "peer.erc721.mint",
  },
  {
    key: "sale.total",
    operation: "sale.total",
    limit: 300_000,
    what: "a whole sale in three transactions, fresh accounts",
    peer: "peer.erc721.transferFrom",
    beside: "sale.totalFiveTransactions",
    explanation: SALE_EXPLANATION,
  },
  {
    key: "sale.totalToken",
    operation: "sale.totalToken",
    limit: 380_000,
    what: "a whole sale paid in an ERC-20, approve included; the escrow holds the token already",
    peer: "peer.erc721.transferFrom",
    beside: "sale.totalTokenFirstUse",
    explanation:
      "The buyer's `approve`, `acceptOfferBySig` paying in the token, `approveAndSettleOffer` and the seller's " +
      "`withdraw`. With a token the escrow never held before, the same four transactions cost {beside} gas " +
      "(`sale.totalTokenFirstUse`).",
  },
  {
    key: "sale.totalReturningBuyer",
    operation: "sale.totalReturningBuyer",
    limit: 300_000,
    what: "a whole sale in three transactions, returning buyer",
    peer: "peer.erc721.transferFrom",
  },
];

/** Operations whose gas at 10,000 records differs from that at 10 by more than this share are flagged. */
export const FLAG_PERCENT = 2;

/** The two registry sizes the operations are measured at. */
export const SIZES = [10, 10_000] as const;

/** Everything the report is made of. */
export interface BenchResults {
  /** Each operation's measurement at each size, in table order. */
  readonly operations: ReadonlyMap<string, readonly [Measurement, Measurement]>;
  readonly peers: ReadonlyMap<string, Measurement>;
  /** Gas per record inside a full multicall batch, per kind of record, when filling. */
  readonly fills: readonly {
    readonly name: string;
    readonly records: string;
    readonly batchSize: number;
    readonly gasPerRecord: number;
  }[];
  /** What the chain and compilers were, for the report's header. */
  readonly environment: readonly string[];
}

type Entry = Record<string, unknown> & { gas: number };

const fmt = (n: number) => n.toLocaleString("en");
const pct = (n: number) => `${n > 0 ? "+" : ""}${n.toFixed(2)}%`;

function diffPercent(at10: number, at10000: number): number {
  return Math.round(((at10000 - at10) / at10) * 10_000) / 100;
}

function components(breakdown: Breakdown): Partial<Record<Component, number>> {
  return Object.fromEntries(
    COMPONENTS.filter((c) => breakdown.components[c] !== 0).map((c) => [c, breakdown.components[c]]),
  );
}

function partsOf(measurement: Measurement): Record<string, number> | undefined {
  if (measurement.parts.length < 2) return undefined;
  return Object.fromEntries(measurement.parts.map((p) => [p.label, p.gas]));
}

/** The measurement a target is judged on: the larger of the two registry sizes. */
function judged(results: BenchResults, target: Target): Measurement {
  const pair = results.operations.get(target.operation);
  if (pair === undefined) throw new Error(`no measurement for ${target.operation}`);
  return pair[0].gas >= pair[1].gas ? pair[0] : pair[1];
}

/** The figure of a target's {Target.beside} operation, judged like the target. */
function besideOf(results: BenchResults, target: Target): Measurement | undefined {
  if (target.beside === undefined) return undefined;
  return judged(results, { ...target, operation: target.beside });
}

/** A target's explanation with the figure of its {Target.beside} operation filled in. */
function explanationOf(results: BenchResults, target: Target): string | undefined {
  const beside = besideOf(results, target);
  return target.explanation?.replace("{beside}", beside === undefined ? "" : fmt(beside.gas));
}

/** The report as a JSON object keyed by operation name. */
export function reportJson(results: BenchResults): Record<string, Entry> {
  const json: Record<string, Entry> = {};
  for (const target of TARGETS) {
    const measurement = judged(results, target);
    const [at10, at10000] = results.operations.get(target.operation)!;
    const peer = target.peer === undefined ? undefined : results.peers.get(target.peer);
    json[target.key] = {
      gas: measurement.gas,
      target: target.limit,
      result: measurement.gas <= target.limit ? "pass" : "miss",
      ...(measurement.gas > target.limit ? { missBy: measurement.gas - target.limit } : {}),
      ...(target.peer === undefined ? {} : { peer: target.peer, peerGas: peer?.gas }),
      ...(target.beside === undefined ? {} : { beside: target.beside, besideGas: besideOf(results, target)?.gas }),
      note: `${target.what}: ${measurement.note}; the larger of the figures at 10 and 10,000 records`,
      ...(target.explanation === undefined ? {} : { explanation: explanationOf(results, target) }),
      at10: at10.gas,
      at10000: at10000.gas,
      ...(partsOf(measurement) === undefined ? {} : { parts: partsOf(measurement) }),
      breakdown: components(measurement.breakdown),
      newSlots: measurement.breakdown.newSlots,
      events: measurement.breakdown.events,
    };
  }
  for (const [name, measurement] of results.peers) {
    json[name] = { gas: measurement.gas, note: measurement.note, breakdown: components(measurement.breakdown) };
  }
  for (const [name, [at10, at10000]] of results.operations) {
    const diff = diffPercent(at10.gas, at10000.gas);
    json[`${name}.at10`] = {
      gas: at10.gas,
      note: at10.note,
      ...(partsOf(at10) === undefined ? {} : { parts: partsOf(at10) }),
      breakdown: components(at10.breakdown),
    };
    json[`${name}.at10000`] = {
      gas: at10000.gas,
      note: at10000.note,
      at10: at10.gas,
      diffPercent: diff,
      flagged: Math.abs(diff) > FLAG_PERCENT,
      ...(partsOf(at10000) === undefined ? {} : { parts: partsOf(at10000) }),
      breakdown: components(at10000.breakdown),
    };
  }
  for (const fill of results.fills) {
    json[`fill.${fill.name}.perRecord`] = {
      gas: fill.gasPerRecord,
      note: `${fill.records}: gas per record inside a multicall of ${fill.batchSize} calls, as used to fill the registry`,
    };
  }
  return json;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Why a target was missed, from its measured breakdown. */
function whyMissed(target: Target, measurement: Measurement): string {
  const c = measurement.breakdown.components;
  const { newSlots, slotUpdates, events } = measurement.breakdown;
  const fixed = c.base + c.calldata + c.proxy + c.accessCheck + c.governedSlot + c.reentrancyGuard;
  const share = (n: number) => `${Math.round((n / measurement.gas) * 100)}%`;
  const over = measurement.gas - target.limit;
  const transactions = measurement.parts.length;
  const around = [
    `${fmt(c.base)} base cost of ${transactions === 1 ? "the transaction" : `${transactions} transactions`}`,
    `${fmt(c.calldata)} calldata`,
    `${fmt(c.proxy)} in ERC-1967 proxies`,
    `${fmt(c.accessCheck)} in AccessManager checks`,
    `${fmt(c.governedSlot)} reading the authority and pause flag`,
    ...(c.reentrancyGuard === 0 ? [] : [`${fmt(c.reentrancyGuard)} in the reentrancy guard`]),
  ];
  const lines = [
    `Misses by ${fmt(over)} gas (${pct((over / target.limit) * 100)}).`,
    `${fmt(fixed)} gas (${share(fixed)}) is paid around the operation rather than for it: ${around.join(", ")}.`,
    `The records themselves: ${plural(newSlots, "new storage slot")} ${fmt(c.newSlots)}, ` +
      `${plural(slotUpdates, "slot update")} ${fmt(c.slotUpdates)}, other storage reads ${fmt(c.storageReads)}, ` +
      `${plural(events, "event")} ${fmt(c.events)}.`,
    `The rest: calls between contracts and payments ${fmt(c.calls)}, hashing ${fmt(c.hashing)}, logic ` +
      `${fmt(c.logic)}${c.refund === 0 ? "" : `, refunds ${fmt(c.refund)}`}.`,
  ];
  if (transactions > 1) {
    lines.push(`Per transaction: ${measurement.parts.map((p) => `${p.label} ${fmt(p.gas)}`).join(", ")}.`);
  }
  return lines.join(" ");
}

export function breakdownTable(measurement: Measurement): string[] {
  const used = COMPONENTS.filter((c) => measurement.parts.some((p) => p.breakdown.components[c] !== 0));
  const multi = measurement.parts.length > 1;
  const labels = multi ? measurement.parts.map((p) => p.label) : [];
  const header = ["component", ...labels, "gas", "share"];
  const rows = used.map((c) => {
    const gas = measurement.breakdown.components[c];
    const perPart = multi ? measurement.parts.map((p) => fmt(p.breakdown.components[c])) : [];
    return `| ${[COMPONENT_LABELS[c], ...perPart, fmt(gas), `${Math.round((gas / measurement.gas) * 1000) / 10}%`].join(" | ")} |`;
  });
  const totals = multi ? measurement.parts.map((p) => fmt(p.gas)) : [];
  return [
    `| ${header.join(" | ")} |`,
    `| --- | ${header
      .slice(1)
      .map(() => "---:")
      .join(" | ")} |`,
    ...rows,
    `| ${["**total**", ...totals, `**${fmt(measurement.gas)}**`, ""].join(" | ")} |`,
  ];
}

/** The report as Markdown (formatted by the caller). */
export function reportMarkdown(results: BenchResults): string {
  const lines: string[] = [
    "# Gas report",
    "",
    "Written by `npm run bench`: gas used by whole transactions (receipt `gasUsed`, 21,000 base and calldata included) " +
      "on the in-process Hardhat chain, for every write operation of the suite and for peers deployed in the same run.",
    "",
    ...results.environment.map((line) => `- ${line}`),
    "",
    "## Targets",
    "",
    "Each target is judged on the larger of the figures with 10 and with 10,000 records in the registries.",
    "",
    "| target | gas | limit | result | peer | beside |",
    "| --- | ---: | ---: | --- | --- | --- |",
  ];
  for (const target of TARGETS) {
    const m = judged(results, target);
    const result = m.gas <= target.limit ? "pass" : `**miss** by ${fmt(m.gas - target.limit)}`;
    const peer = target.peer === undefined ? "" : `\`${target.peer}\` ${fmt(results.peers.get(target.peer)?.gas ?? 0)}`;
    const beside = besideOf(results, target);
    const besideCell = beside === undefined ? "" : `\`${target.beside}\` ${fmt(beside.gas)}`;
    lines.push(
      `| \`${target.key}\` (${target.what}) | ${fmt(m.gas)} | ${fmt(target.limit)} | ${result} | ${peer} | ${besideCell} |`,
    );
  }
  for (const target of TARGETS) {
    const explanation = explanationOf(results, target);
    if (explanation !== undefined) lines.push("", `\`${target.key}\`: ${explanation}`);
  }

  lines.push("", "## Breakdowns", "");
  lines.push(
    "Measured from the opcode trace of each transaction (`debug_traceTransaction`): every opcode's gas is put in one " +
      "component. Proxy gas is what runs in the ERC-1967 proxy's own code (the implementation slot read, the " +
      "`delegatecall` with its cold account access, copying the return data); AccessManager gas is the whole `canCall` " +
      "(or `hasRole`, `isTargetClosed`) call; the authority's address and the pause flag share one slot, read once cold " +
      "by `restricted` or `whenNotPaused` and then warm; a new slot is an `SSTORE` from zero to non-zero.",
    "",
  );
  for (const target of TARGETS) {
    const m = judged(results, target);
    lines.push(`### \`${target.key}\`: ${fmt(m.gas)} gas, limit ${fmt(target.limit)}`, "");
    const explanation = explanationOf(results, target);
    if (explanation !== undefined) lines.push(explanation, "");
    if (m.gas > target.limit) lines.push(whyMissed(target, m), "");
    else lines.push(`Passes with ${fmt(target.limit - m.gas)} gas to spare.`, "");
    lines.push(...breakdownTable(m), "");
  }

  lines.push("## Peers", "", "| peer | gas | what |", "| --- | ---: | --- |");
  for (const [name, m] of results.peers) lines.push(`| \`${name}\` | ${fmt(m.gas)} | ${m.note} |`);

  lines.push(
    "",
    "## Every operation with 10 and 10,000 records",
    "",
    `The same transactions, from the same state, once with 10 records in each registry and once with 10,000 ` +
      `(filled through \`multicall\` with real records: ${results.fills.map((f) => `${f.name} (${f.records}) ${f.gasPerRecord.toLocaleString("en")} gas per record in batches of ${f.batchSize}`).join(", ")}). ` +
      "A company's directors and filings are lists of that company, so the filled ones all belong to one company and " +
      "the director and filing operations act on it: its lists hold 10 or 10,000 entries. " +
      `A difference above ${FLAG_PERCENT}% is flagged.`,
    "",
    "| operation | at 10 | at 10,000 | difference | flag | what is measured |",
    "| --- | ---: | ---: | ---: | --- | --- |",
  );
  for (const [name, [at10, at10000]] of results.operations) {
    const diff = diffPercent(at10.gas, at10000.gas);
    const flag = Math.abs(diff) > FLAG_PERCENT ? `**over ${FLAG_PERCENT}%**` : "";
    lines.push(`| \`${name}\` | ${fmt(at10.gas)} | ${fmt(at10000.gas)} | ${pct(diff)} | ${flag} | ${at10.note} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** A plain-text table for standard output. */
export function reportText(results: BenchResults): string {
  const rows: string[][] = [["operation", "at 10", "at 10,000", "diff", ""]];
  for (const [name, [at10, at10000]] of results.operations) {
    const diff = diffPercent(at10.gas, at10000.gas);
    rows.push([name, fmt(at10.gas), fmt(at10000.gas), pct(diff), Math.abs(diff) > FLAG_PERCENT ? "FLAG" : ""]);
  }
  for (const [name, m] of results.peers) rows.push([name, fmt(m.gas), "", "", ""]);
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  const line = (row: string[]) =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join("  ");
  const out = [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line), ""];
  out.push("target                      gas       limit  result");
  for (const target of TARGETS) {
    const m = judged(results, target);
    const result = m.gas <= target.limit ? "pass" : `MISS by ${fmt(m.gas - target.limit)}`;
    const beside = besideOf(results, target);
    const also = beside === undefined ? "" : ` (${target.beside} ${fmt(beside.gas)})`;
    out.push(`${target.key.padEnd(26)}  ${fmt(m.gas).padStart(8)}  ${fmt(target.limit).padStart(8)}  ${result}${also}`);
  }
  return out.join("\n");
}

/**
 * The report a run writes: this run's keys, then every key of the report on disk that this run did not measure (the
 * voting and bulk benchmarks' rows, for example), so that a partial run never drops another run's figures.
 */
export function mergeReport<EntryT>(
  previous: Readonly<Record<string, EntryT>> | undefined,
  fresh: Readonly<Record<string, EntryT>>,
): Record<string, EntryT> {
  const merged: Record<string, EntryT> = { ...fresh };
  for (const [key, entry] of Object.entries(previous ?? {})) {
    if (!(key in merged)) merged[key] = entry;
  }
  return merged;
}

/** The text of a JSON report file after merging `fresh` into it with {@link mergeReport} (the file may not exist). */
export function mergeReportFile(path: string, fresh: Readonly<Record<string, unknown>>): string {
  const previous = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : undefined;
  return `${JSON.stringify(mergeReport(previous, fresh), null, 2)}\n`;
}

/**
 * `markdown` with its level-2 section `heading` replaced by `section` (which starts with that heading), or with
 * `section` added at the end when it has none. The section runs to the next level-2 heading, so the sections other
 * benchmarks wrote after it are kept.
 */
export function replaceSection(markdown: string, heading: string, section: string): string {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at === -1) return `${markdown.trimEnd()}\n\n${section.trim()}\n`;
  const next = markdown.indexOf("\n## ", at + heading.length + 1);
  const before = markdown.slice(0, at).trimEnd();
  const after = next === -1 ? "" : `\n\n${markdown.slice(next + 1).trim()}`;
  return `${before}\n\n${section.trim()}${after}\n`;
}
