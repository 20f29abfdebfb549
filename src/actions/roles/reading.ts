/**
 * Reading the authority: the holders of each role (rebuilt from its events) and what a function requires.
 *
 * @module
 */
import type { Suite } from "../../deployment.js";
import { LABELLED_ROLES, Roles, roleName, type RoleName } from "../../roles.js";
import { ACCESS, type SuiteContractName } from "../../wiring.js";
import { queryEvents } from "../../logs.js";
import { resolveTarget, resolveFunction, roleLabel } from "./targets.js";

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
