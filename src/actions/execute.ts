/**
 * How every agency action runs its transactions: checks first (the acting account's role in the authority and the
 * contract not closed, for every restricted function of the steps; then a `staticCall` of the very transaction, so
 * that any revert, a paused contract included, is decoded and explained before anything is sent), then one of three
 * modes: send and wait, dry run (the populated transactions and their gas estimates), or multisig
 * (the unsigned transactions, for a Safe).
 *
 * @module
 */
import type { BaseContract, FunctionFragment, Log, Signer } from "ethers";
import { Contract, getAddress } from "ethers";

import type { Suite } from "../deployment.js";
import {
  ContractRevertError,
  decodedArgs,
  decodeRevert,
  EgovError,
  InvalidStateError,
  type NamedInterface,
  type RecordLabels,
} from "../errors.js";
import { durationText, isoTime } from "../vocabulary.js";
import { sendTransaction, simulateTransaction, type TransactionCall, type TransactionEvent } from "../send.js";
import { Roles } from "../roles.js";
import { ACCESS, CONTRACT_ROLES, type SuiteContractName } from "../wiring.js";
import type { ReceiptPolicy } from "./receipts.js";
import { missingRole } from "./roles/holders.js";

export type { TransactionEvent } from "../send.js";

/** `send` signs and sends; `dry-run` only simulates and estimates; `safe` returns unsigned transactions. */
export type ExecutionMode = "send" | "dry-run" | "safe";

/** What every write action needs: the suite, who acts, and how. */
export interface ActionContext {
  /** The deployed suite (any runner: reads go through it). */
  readonly suite: Suite;
  /**
   * The acting account. It must be able to sign in `send` mode; in `dry-run` and `safe` modes an ethers
   * `VoidSigner` (an address with a provider) is enough, for example the Safe's address.
   */
  readonly signer: Signer;
  /** Defaults to `send`. */
  readonly mode?: ExecutionMode;
  /** Told about each transaction as it is sent, awaited, replaced and mined (for progress output). */
  readonly onTransaction?: (event: TransactionEvent) => void;
  /** How receipts are awaited: timeout, confirmations, replacement of dropped or stuck transactions. */
  readonly receipts?: ReceiptPolicy;
}

/** One contract call of an action. */
export interface CallStep {
  readonly contract: BaseContract;
  /** The contract's name in the suite (or "ERC20" for a payment token). */
  readonly contractName: string;
  /** The function's name, or its full signature when the name is overloaded. */
  readonly functionName: string;
  readonly args: readonly unknown[];
  /** Native coin sent with the call. */
  readonly value?: bigint;
  /** One line saying what the call does. */
  readonly description: string;
  /** Names of the records the call is about, for the messages of its reverts (a parcel by its reference). */
  readonly labels?: RecordLabels;
  /**
   * The call can only be simulated once the previous step is mined (a payment after its ERC-20 approval). Dry runs
   * and multisig batches list it without a gas estimate.
   */
  readonly afterPrevious?: boolean;
}

/** A transaction ready to be signed. */
export interface PlannedTransaction {
  readonly description: string;
  readonly contract: string;
  readonly function: string;
  readonly from: string;
  readonly to: string;
  readonly data: string;
  readonly value: bigint;
  /** The gas estimate, or null when it depends on an earlier transaction of the same action. */
  readonly gasEstimate: bigint | null;
}

/** An event emitted by a sent transaction, decoded with the suite's ABIs. */
export interface DecodedEvent {
  readonly contract: string;
  readonly address: string;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

/** A mined transaction. */
export interface SentTransaction extends PlannedTransaction {
  readonly hash: string;
  readonly blockNumber: number;
  readonly gasUsed: bigint;
  readonly events: readonly DecodedEvent[];
}

/** The record labels of the step each transaction was made from, for printing its events. */
const STEP_LABELS = new WeakMap<PlannedTransaction, RecordLabels>();

/** The record labels (a parcel id's cadastral reference) of the step a transaction was sent or planned for. */
export function stepLabelsOf(transaction: PlannedTransaction): RecordLabels | undefined {
  return STEP_LABELS.get(transaction);
}

/** What an action did: sent transactions, or planned ones in `dry-run` and `safe` modes. */
export type Execution =
  | { readonly mode: "send"; readonly transactions: readonly SentTransaction[] }
  | { readonly mode: "dry-run" | "safe"; readonly transactions: readonly PlannedTransaction[] };

/** The suite contract a typed contract instance is, by address. */
function governedName(suite: Suite, address: string): SuiteContractName | undefined {
  const lower = address.toLowerCase();
  const entries = Object.entries(suite.deployment.contracts) as [string, { proxy?: string }][];
  const found = entries.find(([, entry]) => entry.proxy?.toLowerCase() === lower);
  return found?.[0] as SuiteContractName | undefined;
}

/** The functions a step calls: the step's own, or each call inside a `multicall`. */
function calledFunctions(step: Pick<CallStep, "contract" | "functionName" | "args">): FunctionFragment[] {
  const fragment = step.contract.interface.getFunction(step.functionName)!;
  if (fragment.name !== "multicall") return [fragment];
  const calls = step.args[0] as readonly string[];
  const selectors = new Set(calls.map((data) => data.slice(0, 10)));
  return [...selectors].map((selector) => step.contract.interface.getFunction(selector)!);
}

/** The parameters of {@link requireAccess}. */
export interface RequireAccessParameters {
  readonly suite: Suite;
  /** The acting account. */
  readonly account: string;
  readonly steps: readonly Pick<CallStep, "contract" | "functionName" | "args">[];
}

/**
 * Checks, for every function the steps call that the authority restricts (`ACCESS`), that the contract is not
 * closed in the authority and that `account` holds the function's role without an execution delay. Functions the
 * authority does not restrict check their caller themselves, and the simulation reports their refusal.
 */
export async function requireAccess({ suite, account, steps }: RequireAccessParameters): Promise<void> {
  for (const step of steps) {
    const target = await step.contract.getAddress();
    const contractName = governedName(suite, target);
    if (contractName === undefined) continue;
    for (const fragment of calledFunctions(step)) {
      if (ACCESS[contractName].restricted[fragment.format("sighash")] === undefined) continue;
      if (await suite.authority.isTargetClosed(target)) throw closedError(contractName);
      const [immediate, delay] = await suite.authority.canCall(account, target, fragment.selector);
      if (immediate) continue;
      throw await missingRole({
        suite,
        account,
        role: await suite.authority.getTargetFunctionRole(target, fragment.selector),
        contract: contractName,
        functionName: fragment.name,
        reason:
          delay > 0n
            ? `it holds the role with an execution delay of ${durationText(delay)}: schedule the call with \`roles schedule\``
            : undefined,
      });
    }
  }
}

/** The error for a paused contract: who paused it and who can reopen it. */
function pausedError(contractName: string): InvalidStateError {
  return new InvalidStateError({
    kind: "contract",
    id: contractName,
    state: "paused",
    reason: `a GUARDIAN paused its writes; ADMIN reopens them with \`suite unpause --contract ${contractName}\``,
  });
}

/** The error for a contract closed in the authority: nothing restricted can be called until ADMIN reopens it. */
export function closedError(contractName: string): InvalidStateError {
  return new InvalidStateError({
    kind: "contract",
    id: contractName,
    state: "closed",
    reason: `the authority closed it (setTargetClosed); only ADMIN can reopen it, with setTargetClosed(${contractName}, false)`,
  });
}

const PAUSABLE_ABI = ["function paused() view returns (bool)"];

/**
 * The governed contract of the suite that is closed in the authority or paused, as the error to report, or
 * undefined; `first` is looked at before the others. A revert like `EnforcedPause` or `AccessManagedUnauthorized`
 * from deep inside a call (a registry that the transfer contract calls) says neither which contract stopped nor why;
 * this does.
 */
async function haltedContractError(suite: Suite, first: string): Promise<InvalidStateError | undefined> {
  const entries = Object.entries(suite.deployment.contracts) as [string, { proxy?: string } | undefined][];
  entries.sort(([a], [b]) => Number(b === first) - Number(a === first));
  for (const [name, entry] of entries) {
    if (entry?.proxy === undefined) continue;
    if (await suite.authority.isTargetClosed(entry.proxy)) return closedError(name);
    const pausable = new Contract(entry.proxy, PAUSABLE_ABI, suite.runner);
    let paused = false;
    try {
      paused = (await pausable.getFunction("paused").staticCall()) as boolean;
    } catch {
      paused = false;
    }
    if (paused) return pausedError(name);
  }
  return undefined;
}

/**
 * When a contract of the suite calling another was refused (`AccessManagedUnauthorized` naming it as the caller):
 * the role the wiring gives it and that it no longer holds, and how ADMIN restores it; undefined otherwise.
 */
async function unwiredContractError(suite: Suite, caller: string): Promise<InvalidStateError | undefined> {
  const name = governedName(suite, caller);
  if (name === undefined) return undefined;
  for (const role of CONTRACT_ROLES[name] ?? []) {
    const [isMember] = await suite.authority.hasRole(Roles[role], caller);
    if (isMember) continue;
    const [since] = await suite.authority.getAccess(Roles[role], caller);
    if (since !== 0n) {
      return new InvalidStateError({
        kind: "contract",
        id: name,
        state: `waiting for ${role}`,
        reason: `the suite's wiring gives it ${role} to call the other contracts, and its grant takes effect only at ${isoTime(since)}`,
      });
    }
    return new InvalidStateError({
      kind: "contract",
      id: name,
      state: `without ${role}`,
      reason:
        `the suite's wiring gives it ${role} to call the other contracts, and the call was refused; ADMIN restores ` +
        `it with \`roles grant --role ${role} --account ${getAddress(caller)}\``,
    });
  }
  return undefined;
}

/** Revert names that mean "some contract on the way is paused or closed", without saying which. */
const HALT_ERRORS = new Set(["EnforcedPause", "AccessManagedUnauthorized", "AccessManagerUnauthorizedCall"]);

/**
 * What a step's failed simulation, gas estimate or transaction means: the decoded custom error (as the SDK error
 * class of {@link REVERT_ERRORS} where it has one, naming records by the step's labels), or the contract of the suite
 * that is paused or closed when the revert only says that something on the way was.
 */
export async function explainFailure({
  suite,
  step,
  error,
}: {
  suite: Suite;
  step: Pick<CallStep, "contractName" | "labels">;
  error: unknown;
}): Promise<EgovError> {
  const decoded = decodeRevert({ error, interfaces: suite.interfaces, labels: step.labels });
  if (decoded instanceof ContractRevertError && HALT_ERRORS.has(decoded.errorName)) {
    // A suite contract refused as the caller is looked at first: another contract paused meanwhile is not the cause.
    if (decoded.errorName === "AccessManagedUnauthorized" && typeof decoded.args.caller === "string") {
      const unwired = await unwiredContractError(suite, decoded.args.caller);
      if (unwired !== undefined) return unwired;
    }
    const halted = await haltedContractError(suite, step.contractName);
    if (halted !== undefined) return halted;
  }
  return decoded;
}

/** The transaction a step sends, as `signer`. */
async function callOf(step: CallStep, signer: Signer): Promise<TransactionCall & { readonly function: string }> {
  const fn = step.contract.connect(signer).getFunction(step.functionName);
  const populated = await fn.populateTransaction(...step.args, { value: step.value ?? 0n });
  return { to: populated.to, data: populated.data, value: step.value ?? 0n, function: fn.fragment.format("sighash") };
}

/** The shared simulation of a step as `signer`; throws what its revert means (see {@link explainFailure}). */
async function simulate(suite: Suite, step: CallStep, signer: Signer, estimate = false): Promise<bigint | undefined> {
  return simulateTransaction({
    signer,
    call: await callOf(step, signer),
    estimate,
    explain: (error) => explainFailure({ suite, step, error }),
  });
}

async function plan(suite: Suite, step: CallStep, signer: Signer, estimate: boolean): Promise<PlannedTransaction> {
  const call = await callOf(step, signer);
  const planned: PlannedTransaction = {
    description: step.description,
    contract: step.contractName,
    function: call.function,
    from: await signer.getAddress(),
    to: call.to,
    data: call.data,
    value: call.value ?? 0n,
    gasEstimate: estimate ? ((await simulate(suite, step, signer, true)) ?? null) : null,
  };
  if (step.labels !== undefined) STEP_LABELS.set(planned, step.labels);
  return planned;
}

/**
 * Decodes one log with the first of `interfaces` that knows it, enum values by name (as {@link decodedArgs} does),
 * or returns null.
 */
export function decodeLog({
  interfaces,
  log,
}: {
  interfaces: readonly NamedInterface[];
  log: Pick<Log, "address" | "topics" | "data">;
}): DecodedEvent | null {
  for (const { name, interface: iface, abi } of interfaces) {
    let parsed;
    try {
      parsed = iface.parseLog(log);
    } catch {
      parsed = null;
    }
    if (parsed === null) continue;
    const args = decodedArgs(abi, "event", parsed.name, parsed.fragment.inputs, parsed.args);
    return { contract: name, address: log.address, name: parsed.name, args };
  }
  return null;
}

/** Decodes a receipt's logs with the suite's ABIs; logs of other contracts are skipped. */
export function decodeEvents({ suite, logs }: { suite: Suite; logs: readonly Log[] }): DecodedEvent[] {
  const events: DecodedEvent[] = [];
  for (const log of logs) {
    const event = decodeLog({ interfaces: suite.interfaces, log });
    if (event !== null) events.push({ ...event, contract: governedName(suite, log.address) ?? event.contract });
  }
  return events;
}

/**
 * Runs the steps of one action. The role of every restricted function is checked ({@link requireAccess}) and every
 * step that does not depend on an earlier one is simulated before anything is sent; in `send` mode the steps are
 * then sent one after the other, each waiting for its receipt.
 */
export type ExecuteParameters = ActionContext & { readonly steps: readonly CallStep[] };
export type ExecuteReturnType = Execution;

export async function execute(parameters: ExecuteParameters): Promise<ExecuteReturnType> {
  const { suite, signer, steps } = parameters;
  const context: ActionContext = parameters;
  const mode = context.mode ?? "send";
  await requireAccess({ suite, account: await signer.getAddress(), steps });
  for (const step of steps) {
    if (step.afterPrevious !== true) await simulate(suite, step, signer);
  }
  if (mode !== "send") {
    const transactions: PlannedTransaction[] = [];
    for (const step of steps) transactions.push(await plan(suite, step, signer, step.afterPrevious !== true));
    return { mode, transactions };
  }
  const sent: SentTransaction[] = [];
  for (const [index, step] of steps.entries()) {
    // The first step was simulated just now; the later ones again, against the chain their predecessors changed.
    sent.push(await send(context, step, index > 0 || step.afterPrevious === true));
  }
  return { mode, transactions: sent };
}

/** Sends a step through the shared send path (`send.ts`). */
async function send(context: ActionContext, step: CallStep, simulateFirst: boolean): Promise<SentTransaction> {
  const { suite, signer } = context;
  const planned = await plan(suite, step, signer, false);
  const receipt = await sendTransaction({
    signer,
    call: planned,
    description: step.description,
    policy: context.receipts,
    simulate: simulateFirst,
    explain: (error) => explainFailure({ suite, step, error }),
    onEvent: context.onTransaction,
  });
  const sent: SentTransaction = {
    ...planned,
    gasEstimate: null,
    hash: receipt.hash,
    blockNumber: receipt.blockNumber,
    gasUsed: receipt.gasUsed,
    events: decodeEvents({ suite: suite, logs: receipt.logs }),
  };
  if (step.labels !== undefined) STEP_LABELS.set(sent, step.labels);
  return sent;
}

/** The first event of a name among sent transactions (for ids that the contract assigns, like a lien id). */
export function findEvent({ execution, name }: { execution: Execution; name: string }): DecodedEvent | undefined {
  if (execution.mode !== "send") return undefined;
  for (const transaction of execution.transactions) {
    const event = transaction.events.find((candidate) => candidate.name === name);
    if (event !== undefined) return event;
  }
  return undefined;
}
