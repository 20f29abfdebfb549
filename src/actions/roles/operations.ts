/**
 * Scheduled operations in the GovernmentAuthority: find, schedule, execute and cancel delayed calls.
 *
 * @module
 */
import { getAddress } from "ethers";
import { chainTime } from "../../chain.js";
import type { Suite } from "../../deployment.js";
import {
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  UnauthorizedPartyError,
} from "../../errors.js";
import { Roles } from "../../roles.js";
import { isoTime } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution, findEvent } from "../execute.js";
import { queryEvents } from "../../logs.js";
import { missingRole } from "./holders.js";
import { resolveTarget, roleLabel } from "./targets.js";

// -----------------------------------------------------------------------------------------------------------------
// Scheduled operations
// -----------------------------------------------------------------------------------------------------------------

/** Where a scheduled operation stands. */
export type OperationStatus = "waiting" | "ready" | "executed" | "cancelled" | "expired";

/** A call scheduled in the authority, as found from its events. */
export interface ScheduledOperation {
  readonly operationId: string;
  readonly nonce: number;
  /** Who scheduled it: only this account can execute it. */
  readonly caller: string;
  readonly target: string;
  readonly targetName: string;
  readonly data: string;
  /** The decoded call, like `recoverKeys(…)`. */
  readonly call: string;
  /** When it becomes executable, unix seconds. */
  readonly executableAt: number;
  /** When it expires if not executed, unix seconds. */
  readonly expiresAt: number;
  readonly status: OperationStatus;
  readonly scheduledInTx: string;
}

export interface FindOperationParameters {
  readonly suite: Suite;
  readonly operationId: string;
}

export type FindOperationReturnType = ScheduledOperation;

/** Finds the latest scheduling of an operation id from `OperationScheduled` events and tells where it stands. */
export async function findOperation({ suite, operationId }: FindOperationParameters): Promise<FindOperationReturnType> {
  const fromBlock = suite.deployment.contracts.GovernmentAuthority.deploymentBlock;
  const scheduled = await queryEvents(
    suite.authority,
    suite.authority.filters.OperationScheduled(operationId),
    fromBlock,
  );
  const latest = scheduled.at(-1);
  if (latest === undefined) throw new RecordNotFoundError({ kind: "scheduled operation", id: operationId });
  const nonce = Number(latest.args.nonce);
  const [executed, cancelled, expiration, now] = await Promise.all([
    queryEvents(suite.authority, suite.authority.filters.OperationExecuted(operationId, nonce), latest.blockNumber),
    queryEvents(suite.authority, suite.authority.filters.OperationCanceled(operationId, nonce), latest.blockNumber),
    suite.authority.expiration(),
    chainTime(suite.runner.provider!),
  ]);
  const executableAt = Number(latest.args.schedule);
  const expiresAt = executableAt + Number(expiration);
  const status: OperationStatus =
    executed.length > 0
      ? "executed"
      : cancelled.length > 0
        ? "cancelled"
        : now >= expiresAt
          ? "expired"
          : now >= executableAt
            ? "ready"
            : "waiting";
  const target = latest.args.target as string;
  const data = latest.args.data as string;
  return {
    operationId,
    nonce,
    caller: latest.args.caller as string,
    target,
    targetName: (await describeTarget(suite, target)) ?? target,
    data,
    call: await describeCall(suite, target, data),
    executableAt,
    expiresAt,
    status,
    scheduledInTx: latest.transactionHash,
  };
}

async function describeTarget(suite: Suite, address: string): Promise<string | undefined> {
  for (const [name, contract] of Object.entries(suite.contracts)) {
    if ((await contract.getAddress()).toLowerCase() === address.toLowerCase()) return name;
  }
  return undefined;
}

async function describeCall(suite: Suite, target: string, data: string): Promise<string> {
  const name = await describeTarget(suite, target);
  const contract = name === undefined ? undefined : suite.contracts[name];
  const parsed = contract?.interface.parseTransaction({ data });
  if (parsed === null || parsed === undefined) return data.slice(0, 10);
  return `${parsed.name}(${parsed.args.map((arg: unknown) => String(arg)).join(", ")})`;
}

export type ScheduleOperationParameters = ActionContext & {
  /** The contract to call, by name or address. */
  readonly contract: string;
  /** The full calldata of the call. */
  readonly data: string;
  /** Earliest execution time, unix seconds; as soon as the caller's delay allows when absent. */
  readonly when?: number;
};

export type ScheduleOperationReturnType = Execution & {
  readonly operationId: string;
  readonly call: string;
  /** When it becomes executable, unix seconds (estimated from the latest block unless sent). */
  readonly executableAt: number;
};

/**
 * Schedules a delayed call in the authority. The acting account must hold the function's role with an execution
 * delay (holders without delay call directly).
 */
export async function scheduleOperation(parameters: ScheduleOperationParameters): Promise<ScheduleOperationReturnType> {
  const { suite, signer, data } = parameters;
  const target = await resolveTarget({ suite, target: parameters.contract });
  const from = await signer.getAddress();
  const selector = data.slice(0, 10);
  const call = await describeCall(suite, target.address, data);
  if (target.contract.interface.getFunction(selector) === null) {
    throw new InvalidInputError({ field: "data", reason: `${target.name} has no function with selector ${selector}` });
  }
  const [immediate, delay] = await suite.authority.canCall(from, target.address, selector);
  if (immediate) {
    throw new InvalidStateError({
      kind: "call",
      id: call,
      state: "not delayed",
      reason:
        `${from} may call it directly, no schedule is needed` +
        (["pause()", "unpause()"].includes(call)
          ? `: run \`suite ${call.slice(0, -2)} --contract ${target.name}\``
          : ""),
    });
  }
  if (delay === 0n) {
    const role = await suite.authority.getTargetFunctionRole(target.address, selector);
    throw await missingRole({ suite, account: from, role, contract: target.name, functionName: call.split("(")[0] });
  }
  const operationId = await suite.authority.hashOperation(from, target.address, data);
  const when = parameters.when ?? 0;
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.authority,
        contractName: "GovernmentAuthority",
        functionName: "schedule",
        args: [target.address, data, when],
        description: `schedule ${target.name}.${call}`,
      },
    ],
  });
  const event = findEvent({ execution: execution, name: "OperationScheduled" });
  const estimated = Math.max(when, (await chainTime(suite.runner.provider!)) + 1 + Number(delay));
  return {
    ...execution,
    operationId,
    call: `${target.name}.${call}`,
    executableAt: event === undefined ? estimated : Number(event.args.schedule),
  };
}

export type ExecuteOperationParameters = ActionContext & { readonly operationId: string };
export type ExecuteOperationReturnType = Execution & { readonly operation: ScheduledOperation };

/** Executes a scheduled operation once its delay has passed. Only the account that scheduled it can. */
export async function executeOperation(parameters: ExecuteOperationParameters): Promise<ExecuteOperationReturnType> {
  const { suite, signer } = parameters;
  const operation = await findOperation({ suite, operationId: parameters.operationId });
  const from = await signer.getAddress();
  if (getAddress(operation.caller) !== getAddress(from)) {
    throw new UnauthorizedPartyError({
      account: from,
      party: "scheduler",
      expected: operation.caller,
      action: "execute this operation",
    });
  }
  requirePending(operation);
  if (operation.status === "waiting") {
    throw new InvalidStateError({
      kind: "operation",
      id: operation.operationId,
      state: "waiting",
      reason: `executable from ${isoTime(operation.executableAt)}`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.authority,
        contractName: "GovernmentAuthority",
        functionName: "execute",
        args: [operation.target, operation.data],
        description: `execute ${operation.targetName}.${operation.call}`,
      },
    ],
  });
  return { ...execution, operation: execution.mode === "send" ? { ...operation, status: "executed" } : operation };
}

export type CancelOperationParameters = ActionContext & { readonly operationId: string };
export type CancelOperationReturnType = Execution & { readonly operation: ScheduledOperation };

/** Cancels a scheduled operation: its scheduler, an ADMIN or the guardian of the function's role may. */
export async function cancelOperation(parameters: CancelOperationParameters): Promise<CancelOperationReturnType> {
  const { suite, signer } = parameters;
  const operation = await findOperation({ suite, operationId: parameters.operationId });
  const from = await signer.getAddress();
  requirePending(operation);
  if (getAddress(operation.caller) !== getAddress(from)) {
    const selector = operation.data.slice(0, 10);
    const role = await suite.authority.getTargetFunctionRole(operation.target, selector);
    const guardian = await suite.authority.getRoleGuardian(role);
    const [[isAdmin], [isGuardian]] = await Promise.all([
      suite.authority.hasRole(Roles.ADMIN, from),
      suite.authority.hasRole(guardian, from),
    ]);
    if (!isAdmin && !isGuardian) {
      throw new MissingRoleError({
        account: from,
        role: `${roleLabel(guardian)} or ADMIN`,
        contract: "GovernmentAuthority",
        functionName: "cancel",
      });
    }
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.authority,
        contractName: "GovernmentAuthority",
        functionName: "cancel",
        args: [operation.caller, operation.target, operation.data],
        description: `cancel ${operation.targetName}.${operation.call}`,
      },
    ],
  });
  return { ...execution, operation: execution.mode === "send" ? { ...operation, status: "cancelled" } : operation };
}

function requirePending(operation: ScheduledOperation): void {
  if (operation.status === "executed" || operation.status === "cancelled" || operation.status === "expired") {
    throw new InvalidStateError({
      kind: "operation",
      id: operation.operationId,
      state: operation.status,
      reason: "it can no longer be executed or cancelled",
    });
  }
}
