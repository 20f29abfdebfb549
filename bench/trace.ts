/**
 * Splits the gas of a transaction into measured components, from the opcode trace that the in-process chain returns
 * for `debug_traceTransaction`: what the transaction paid before any code ran (21,000 base and calldata), what the
 * ERC-1967 proxies, the AccessManager checks and the slot that holds the authority and the pause flag cost, storage writes and reads, events, calls between
 * contracts, hashing, and the rest of the contract logic.
 *
 * @module
 */
import { AbiCoder, keccak256, toBeHex, toUtf8Bytes } from "ethers";

/** One step of a `debug_traceTransaction` opcode trace (geth's struct logger format). */
export interface StructLog {
  readonly op: string;
  readonly gas: number;
  readonly gasCost: number;
  readonly depth: number;
  readonly stack?: readonly string[];
}

/** The components of a transaction's gas, in the order they are reported. */
export const COMPONENTS = [
  "base",
  "calldata",
  "proxy",
  "accessCheck",
  "governedSlot",
  "reentrancyGuard",
  "newSlots",
  "slotUpdates",
  "storageReads",
  "events",
  "calls",
  "hashing",
  "logic",
  "refund",
] as const;

/** A component of a transaction's gas. */
export type Component = (typeof COMPONENTS)[number];

/** What each component means, for the report. */
export const COMPONENT_LABELS: Readonly<Record<Component, string>> = {
  base: "transaction base cost",
  calldata: "calldata",
  proxy: "ERC-1967 proxy (implementation slot read, delegatecall, return copy)",
  accessCheck: "AccessManager check (`restricted`: `canCall` call; approver role reads)",
  governedSlot: "authority and pause flag (one slot, read by `restricted` and `whenNotPaused`)",
  reentrancyGuard: "reentrancy guard (transient storage)",
  newSlots: "new storage slots (zero to non-zero: 20,000 each, 22,100 when not read before)",
  slotUpdates: "storage updates (2,900 for a slot already read, 5,000 when cold; 100 for a re-write)",
  storageReads: "other storage reads (2,100 cold, 100 warm; includes the first read of slots then written)",
  events: "events (LOG opcodes)",
  calls: "calls between contracts and payments (cold account access, value transfer)",
  hashing: "hashing (KECCAK256: EIP-712 digests, mapping slots, Merkle proofs)",
  logic: "contract logic, ABI decoding and memory",
  refund: "storage refund (negative) or calldata floor (positive)",
};

/** A transaction's gas split into components, with the counts that explain the storage and event components. */
export interface Breakdown {
  readonly gasUsed: number;
  readonly components: Readonly<Record<Component, number>>;
  readonly newSlots: number;
  readonly slotUpdates: number;
  readonly events: number;
}

/** The addresses the analysis needs to tell the frames and storage slots of the suite apart. */
export interface TraceContext {
  /** The GovernmentAuthority (an AccessManager): every frame running its code counts as an access check. */
  readonly authority: string;
  /** Addresses of ERC-1967 proxies: gas spent in their own code counts as proxy overhead. */
  readonly proxies: readonly string[];
}

/** ERC-7201 slot of a namespace, as OpenZeppelin computes it. */
function erc7201Slot(namespace: string): bigint {
  const inner = BigInt(keccak256(toUtf8Bytes(namespace))) - 1n;
  return BigInt(keccak256(AbiCoder.defaultAbiCoder().encode(["uint256"], [inner]))) & ~0xffn;
}

/**
 * Slot of `GovernedUpgradeable`'s authority address and pause flag, read by every `restricted` and every
 * `whenNotPaused` function (once cold, then warm).
 */
const GOVERNED_SLOT = erc7201Slot("egov.storage.Governed");

const CALL_OPS = new Set(["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"]);

function stackTop(log: StructLog, fromTop: number): string {
  const stack = log.stack ?? [];
  return stack[stack.length - 1 - fromTop] ?? "0x0";
}

function asAddress(word: string): string {
  return toBeHex(BigInt(word), 20).toLowerCase();
}

/** The gas of each step itself: for a call, the caller's overhead only, not what the callee spent. */
function stepCosts(logs: readonly StructLog[]): number[] {
  const costs = new Array<number>(logs.length).fill(0);
  for (let i = 0; i < logs.length; ++i) {
    const log = logs[i];
    const next = logs[i + 1];
    if (next === undefined || next.depth < log.depth) {
      costs[i] = log.gasCost;
    } else if (next.depth === log.depth) {
      costs[i] = log.gas - next.gas;
    } else {
      let back = i + 1;
      while (back < logs.length && logs[back].depth > log.depth) ++back;
      const last = logs[back - 1];
      const calleeUsed = next.gas - (last.gas - last.gasCost);
      const after = back < logs.length ? logs[back].gas : last.gas - last.gasCost;
      costs[i] = log.gas - after - calleeUsed;
    }
  }
  return costs;
}

/** Counts 4 gas per zero byte and 16 per non-zero byte of calldata (EIP-2028). */
export function calldataGas(data: string): number {
  let gas = 0;
  for (let i = 2; i < data.length; i += 2) gas += data.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
}

/**
 * Splits a transaction's gas. `gasLimit` and `gasUsed` come from the transaction and its receipt, `to` is the
 * called address and `logs` the opcode trace.
 */
export function breakdown(
  logs: readonly StructLog[],
  tx: { readonly gasLimit: bigint; readonly gasUsed: bigint; readonly to: string; readonly data: string },
  context: TraceContext,
): Breakdown {
  const components = Object.fromEntries(COMPONENTS.map((c) => [c, 0])) as Record<Component, number>;
  const authority = context.authority.toLowerCase();
  const proxies = new Set(context.proxies.map((p) => p.toLowerCase()));
  const gasUsed = Number(tx.gasUsed);
  const intrinsic = logs.length === 0 ? gasUsed : Number(tx.gasLimit) - logs[0].gas;
  components.base = 21_000;
  components.calldata = calldataGas(tx.data);
  components.logic += intrinsic - components.base - components.calldata;

  const costs = stepCosts(logs);
  const frames: string[] = [tx.to.toLowerCase()];
  let newSlots = 0;
  let slotUpdates = 0;
  let events = 0;
  let execution = 0;
  for (let i = 0; i < logs.length; ++i) {
    const log = logs[i];
    const cost = costs[i];
    execution += cost;
    frames.length = log.depth;
    const code = frames[log.depth - 1];
    const next = logs[i + 1];
    const isCall = CALL_OPS.has(log.op);
    const target = isCall ? asAddress(stackTop(log, 1)) : "";
    if (isCall && next !== undefined && next.depth > log.depth) frames[log.depth] = target;

    let component: Component;
    if (code === authority || (isCall && target === authority)) component = "accessCheck";
    else if (proxies.has(code)) component = "proxy";
    else if (log.op === "SLOAD" && BigInt(stackTop(log, 0)) === GOVERNED_SLOT) component = "governedSlot";
    else if (log.op === "SSTORE") {
      component = cost >= 20_000 ? "newSlots" : "slotUpdates";
      if (cost >= 20_000) ++newSlots;
      else ++slotUpdates;
    } else if (log.op === "SLOAD") component = "storageReads";
    else if (log.op.startsWith("LOG")) {
      component = "events";
      ++events;
    } else if (isCall) component = "calls";
    else if (log.op === "TLOAD" || log.op === "TSTORE") component = "reentrancyGuard";
    else if (log.op === "KECCAK256") component = "hashing";
    else component = "logic";
    components[component] += cost;
  }
  components.refund = gasUsed - intrinsic - execution;
  return { gasUsed, components, newSlots, slotUpdates, events };
}

/** Adds breakdowns component by component (for a flow of several transactions). */
export function sumBreakdowns(parts: readonly Breakdown[]): Breakdown {
  const components = Object.fromEntries(
    COMPONENTS.map((c) => [c, parts.reduce((sum, part) => sum + part.components[c], 0)]),
  ) as Record<Component, number>;
  return {
    gasUsed: parts.reduce((sum, part) => sum + part.gasUsed, 0),
    components,
    newSlots: parts.reduce((sum, part) => sum + part.newSlots, 0),
    slotUpdates: parts.reduce((sum, part) => sum + part.slotUpdates, 0),
    events: parts.reduce((sum, part) => sum + part.events, 0),
  };
}
