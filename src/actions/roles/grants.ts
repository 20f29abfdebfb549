/**
 * Granting and revoking roles in the GovernmentAuthority (ADMIN, or the role's admin).
 *
 * @module
 */
import { getAddress } from "ethers";
import { chainTime } from "../../chain.js";
import type { Suite } from "../../deployment.js";
import { InvalidInputError, InvalidStateError } from "../../errors.js";
import { executionDelayOf, Roles, type RoleName } from "../../roles.js";
import { durationText, isoTime } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution, findEvent } from "../execute.js";
import { listRoles } from "./reading.js";
import { requireRoleMember } from "./holders.js";

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
        ? `it was granted the role with an execution delay of ${durationText(executionDelay)} already, in force from ${isoTime(Number(since))}`
        : `it holds the role with an execution delay of ${durationText(executionDelay)} already`,
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
        description: `grant ${role} to ${account} (execution delay ${durationText(executionDelay)})`,
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
