/**
 * Roles and scheduled operations in the GovernmentAuthority: grant, revoke, list holders (rebuilt from events), show
 * what a function requires, and schedule, execute or cancel delayed calls.
 *
 * @module
 */
import type { BaseContract, FunctionFragment } from "ethers";
import { getAddress } from "ethers";

import { chainTime } from "../chain.js";
import type { Suite } from "../deployment.js";
import {
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  UnauthorizedPartyError,
} from "../errors.js";
import { executionDelayOf, LABELLED_ROLES, Roles, roleName, type RoleName } from "../roles.js";
import { isoTime } from "../vocabulary.js";
import { ACCESS, type SuiteContractName } from "../wiring.js";
import { type ActionContext, execute, type Execution, findEvent } from "./execute.js";
import { queryEvents } from "../logs.js";

// -----------------------------------------------------------------------------------------------------------------
// Targets and functions
// -----------------------------------------------------------------------------------------------------------------

/** A contract of the suite resolved from its name or address. */
export interface SuiteTarget {
  readonly name: string;
  readonly address: string;
  readonly contract: BaseContract;
}

/** Finds a deployed contract of the suite by name (`PropertyRegistry`) or address. */
export async function resolveTarget({ suite, target }: { suite: Suite; target: string }): Promise<SuiteTarget> {
  for (const [name, contract] of Object.entries(suite.contracts)) {
    const address = await contract.getAddress();
    if (name.toLowerCase() === target.toLowerCase() || address.toLowerCase() === target.toLowerCase()) {
      return { name, address, contract };
    }
  }
  throw new InvalidInputError({
    field: "contract",
    reason: `"${target}" is not a contract of the suite (one of ${Object.keys(suite.contracts).join(", ")})`,
  });
}

/** A function of a contract by name (when not overloaded) or full signature. */
export function resolveFunction({
  target,
  function: nameOrSignature,
}: {
  target: SuiteTarget;
  /** The function's name, or its full signature when the name is overloaded. */
  function: string;
}): FunctionFragment {
  let fragment: FunctionFragment | null = null;
  try {
    fragment = target.contract.interface.getFunction(nameOrSignature);
  } catch (error) {
    throw new InvalidInputError({
      field: "function",
      reason: `"${nameOrSignature}" is ambiguous in ${target.name}: give the full signature`,
      cause: error,
    });
  }
  if (fragment === null) {
    throw new InvalidInputError({ field: "function", reason: `${target.name} has no function "${nameOrSignature}"` });
  }
  return fragment;
}

/** A role's display name: its name in `src/roles.ts`, else `role <id>`. */
export function roleLabel(roleId: bigint): string {
  return roleName(roleId) ?? `role ${roleId}`;
}

/** Checks that `account` holds `roleId` without execution delay. */
async function requireRoleMember(
  suite: Suite,
  account: string,
  roleId: bigint,
  contract: string,
  functionName: string,
): Promise<void> {
  const [isMember, delay] = await suite.authority.hasRole(roleId, account);
  if (isMember && delay === 0n) return;
  throw new MissingRoleError({
    account,
    role: roleId,
    contract,
    functionName,
    hint: isMember ? `it holds the role with a ${delay}s execution delay: schedule the call` : undefined,
  });
}

// -----------------------------------------------------------------------------------------------------------------
// Grant and revoke
// -----------------------------------------------------------------------------------------------------------------

export type GrantRoleParameters = ActionContext & {
  /** The role's name. */
  readonly role: RoleName;
  readonly account: string;
  /**
   * Seconds the account must wait between scheduling and executing a call of this role. Defaults to the
   * deployment's delay for RECOVERY_OFFICER and UPGRADER, zero otherwise.
   */
  readonly executionDelay?: number;
};

export type GrantRoleReturnType = Execution & {
  readonly role: RoleName;
  readonly account: string;
  readonly executionDelay: number;
  /** When the membership takes effect (after the role's grant delay), unix seconds; null unless sent. */
  readonly since: number | null;
};

/** The execution delay a role is granted with by default, from the deployment's delays. */
export function defaultExecutionDelay({ suite, role }: { suite: Suite; role: RoleName }): number {
  return executionDelayOf(role, suite.deployment.delays);
}

/** Grants a role. The acting account must hold the role's admin role (ADMIN unless changed). */
export async function grantRole(parameters: GrantRoleParameters): Promise<GrantRoleReturnType> {
  const { suite, signer, role } = parameters;
  const roleId = Roles[role];
  const account = getAddress(parameters.account);
  const executionDelay = parameters.executionDelay ?? defaultExecutionDelay({ suite: suite, role: role });
  if (role === "PUBLIC") throw new InvalidInputError({ field: "role", reason: "PUBLIC is held by everyone" });
  if (role === "TRANSFER_AGENT" && account !== getAddress(await suite.ownershipTransfer.getAddress())) {
    throw new InvalidInputError({
      field: "role",
      reason: "TRANSFER_AGENT is held by the OwnershipTransfer contract alone",
    });
  }
  const from = await signer.getAddress();
  await requireRoleMember(suite, from, await suite.authority.getRoleAdmin(roleId), "GovernmentAuthority", "grantRole");
  // A grant waiting out the role's grant delay counts: granting again would change nothing.
  const [since, currentDelay] = await suite.authority.getAccess(roleId, account);
  if (since !== 0n && Number(currentDelay) === executionDelay) {
    const pending = Number(since) > (await chainTime(suite.runner.provider!));
    throw new InvalidStateError({
      kind: "account",
      id: account,
      state: `already ${role}`,
      reason: pending
        ? `it was granted the role with a ${executionDelay}s execution delay already, in force from ${isoTime(Number(since))}`
        : `it holds the role with a ${executionDelay}s execution delay already`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.authority,
        contractName: "GovernmentAuthority",
        functionName: "grantRole",
        args: [roleId, account, executionDelay],
        description: `grant ${role} to ${account} (execution delay ${executionDelay}s)`,
      },
    ],
  });
  const granted = findEvent({ execution: execution, name: "RoleGranted" });
  return {
    ...execution,
    role,
    account,
    executionDelay,
    since: granted === undefined ? null : Number(granted.args.since),
  };
}

export type RevokeRoleParameters = ActionContext & { readonly role: RoleName; readonly account: string };
export type RevokeRoleReturnType = Execution & { readonly role: RoleName; readonly account: string };

/** Revokes a role. Refuses to revoke ADMIN from its last holder. */
export async function revokeRole(parameters: RevokeRoleParameters): Promise<RevokeRoleReturnType> {
  const { suite, signer, role } = parameters;
  const roleId = Roles[role];
  const account = getAddress(parameters.account);
  const from = await signer.getAddress();
  await requireRoleMember(suite, from, await suite.authority.getRoleAdmin(roleId), "GovernmentAuthority", "revokeRole");
  const [isMember] = await suite.authority.hasRole(roleId, account);
  if (!isMember) {
    throw new InvalidStateError({ kind: "account", id: account, state: `not ${role}`, reason: "nothing to revoke" });
  }
  if (roleId === Roles.ADMIN) {
    const admins = (await listRoles({ suite, role: "ADMIN" }))[0].members;
    if (admins.length <= 1) {
      throw new InvalidStateError({
        kind: "account",
        id: account,
        state: "the last ADMIN",
        reason: "revoking it would leave the suite without an administrator",
      });
    }
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.authority,
        contractName: "GovernmentAuthority",
        functionName: "revokeRole",
        args: [roleId, account],
        description: `revoke ${role} from ${account}`,
      },
    ],
  });
  return { ...execution, role, account };
}

// -----------------------------------------------------------------------------------------------------------------
// Reading
// -----------------------------------------------------------------------------------------------------------------

/** A role holder as rebuilt from the authority's events. */
export interface RoleMember {
  readonly account: string;
  readonly executionDelay: number;
  /** When the membership took or takes effect, unix seconds. */
  readonly since: number;
}

/** A role with its settings and holders. */
export interface RoleSummary {
  readonly id: bigint;
  readonly name: string;
  readonly admin: string;
  readonly guardian: string;
  /** Seconds between a grant and the membership taking effect. */
  readonly grantDelay: number;
  readonly members: readonly RoleMember[];
}

export interface ListRolesParameters {
  readonly suite: Suite;
  /** One role only; every named role otherwise. */
  readonly role?: RoleName;
}

export type ListRolesReturnType = RoleSummary[];

/** Lists roles and their holders, rebuilt from `RoleGranted` and `RoleRevoked` events since the deployment. */
export async function listRoles({ suite, role }: ListRolesParameters): Promise<ListRolesReturnType> {
  const fromBlock = suite.deployment.contracts.GovernmentAuthority.deploymentBlock;
  const [granted, revoked] = await Promise.all([
    queryEvents(suite.authority, suite.authority.filters.RoleGranted(), fromBlock),
    queryEvents(suite.authority, suite.authority.filters.RoleRevoked(), fromBlock),
  ]);
  const events = [...granted, ...revoked].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const members = new Map<bigint, Map<string, RoleMember>>();
  for (const event of events) {
    const roleId = event.args.roleId as bigint;
    const account = event.args.account as string;
    const holders = members.get(roleId) ?? new Map<string, RoleMember>();
    members.set(roleId, holders);
    if (event.eventName === "RoleGranted") {
      holders.set(account, { account, executionDelay: Number(event.args.delay), since: Number(event.args.since) });
    } else {
      holders.delete(account);
    }
  }
  const names: RoleName[] = role === undefined ? ["ADMIN", ...LABELLED_ROLES] : [role];
  return Promise.all(
    names.map(async (name) => {
      const id = Roles[name];
      const [admin, guardian, grantDelay] = await Promise.all([
        suite.authority.getRoleAdmin(id),
        suite.authority.getRoleGuardian(id),
        suite.authority.getRoleGrantDelay(id),
      ]);
      return {
        id,
        name,
        admin: roleLabel(admin),
        guardian: roleLabel(guardian),
        grantDelay: Number(grantDelay),
        members: [...(members.get(id)?.values() ?? [])],
      };
    }),
  );
}

export interface ShowFunctionParameters {
  readonly suite: Suite;
  /** The contract's name or address. */
  readonly contract: string;
  /** The function's name or full signature. */
  readonly function: string;
}

export interface ShowFunctionReturnType {
  readonly contract: string;
  readonly address: string;
  readonly signature: string;
  readonly selector: string;
  /**
   * The role the authority requires, PUBLIC, or NONE for a function the authority does not restrict (it checks its
   * caller itself: {@link ShowFunctionReturnType.openCheck}).
   */
  readonly role: string;
  /** Who may call the function, in plain words. */
  readonly whoMayCall: string;
  readonly roleId: bigint;
  /** What the contract itself checks, for functions that are not restricted by the authority. */
  readonly openCheck: string | null;
  /** The guardian role that may cancel scheduled calls, and the grant delay of the role. */
  readonly guardian: string;
  readonly grantDelay: number;
  /** Delay before a change of this contract's wiring takes effect. */
  readonly targetAdminDelay: number;
  readonly targetClosed: boolean;
  /** The role's holders with the execution delay each acts under. */
  readonly members: readonly RoleMember[];
}

/** The role a function requires in the authority, its delays and who holds it. */
export async function showFunction({
  suite,
  contract,
  function: fn,
}: ShowFunctionParameters): Promise<ShowFunctionReturnType> {
  const target = await resolveTarget({ suite, target: contract });
  const fragment = resolveFunction({ target: target, function: fn });
  const signature = fragment.format("sighash");
  const [roleId, targetAdminDelay, targetClosed] = await Promise.all([
    suite.authority.getTargetFunctionRole(target.address, fragment.selector),
    suite.authority.getTargetAdminDelay(target.address),
    suite.authority.isTargetClosed(target.address),
  ]);
  const access = ACCESS[target.name as SuiteContractName] as (typeof ACCESS)[SuiteContractName] | undefined;
  const openCheck = access?.restricted[signature] === undefined ? (access?.open[signature] ?? null) : null;
  const name = roleName(roleId);
  const summary =
    name === undefined || name === "PUBLIC" || openCheck !== null
      ? undefined
      : (await listRoles({ suite, role: name }))[0];
  const role = openCheck === null ? roleLabel(roleId) : "NONE";
  const whoMayCall =
    openCheck !== null
      ? `${openCheck} (the authority does not restrict it)`
      : role === "PUBLIC"
        ? "anyone"
        : `holders of ${role}${targetClosed ? ", once ADMIN reopens the contract (it is closed)" : ""}`;
  return {
    contract: target.name,
    address: target.address,
    signature,
    selector: fragment.selector,
    role,
    whoMayCall,
    roleId,
    openCheck,
    guardian: summary?.guardian ?? roleLabel(await suite.authority.getRoleGuardian(roleId)),
    grantDelay: summary?.grantDelay ?? 0,
    targetAdminDelay: Number(targetAdminDelay),
    targetClosed,
    members: summary?.members ?? [],
  };
}

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
    throw new MissingRoleError({ account: from, role, contract: target.name, functionName: call.split("(")[0] });
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
