/**
 * The roles of the GovernmentAuthority (an OpenZeppelin AccessManager): ids and labels. The same table is used by the
 * tests, the demo, the deployment modules and the admin commands.
 *
 * @module
 */

/** Role ids as the authority knows them. `ADMIN` is AccessManager's built-in `ADMIN_ROLE`. */
export const Roles = {
  ADMIN: 0n,
  LAND_REGISTRAR: 1n,
  COMPANY_REGISTRAR: 2n,
  ACCREDITOR: 3n,
  DIPLOMA_ISSUER: 4n,
  COURT_OFFICER: 5n,
  TRANSFER_AGENT: 6n,
  GUARDIAN: 7n,
  UPGRADER: 8n,
  RECOVERY_OFFICER: 9n,
  CIVIL_REGISTRAR: 10n,
  ELECTION_OFFICER: 11n,
  PUBLIC: 2n ** 64n - 1n,
} as const;

/** A role's name. */
export type RoleName = keyof typeof Roles;

/** The names of the roles that are labelled in the authority (every role but the built-in ADMIN and PUBLIC). */
export const LABELLED_ROLES = [
  "LAND_REGISTRAR",
  "COMPANY_REGISTRAR",
  "ACCREDITOR",
  "DIPLOMA_ISSUER",
  "COURT_OFFICER",
  "TRANSFER_AGENT",
  "GUARDIAN",
  "UPGRADER",
  "RECOVERY_OFFICER",
  "CIVIL_REGISTRAR",
  "ELECTION_OFFICER",
] as const satisfies readonly RoleName[];

/** The name of a role id, for messages. */
export function roleName(roleId: bigint): RoleName | undefined {
  return (Object.keys(Roles) as RoleName[]).find((name) => Roles[name] === roleId);
}

/** Execution delays that protect sensitive roles, in seconds. Deployments may lengthen them. */
export const DefaultDelays = {
  /** Key recovery waits this long so that the owner can object and a guardian can cancel. */
  recovery: 3 * 24 * 60 * 60,
  /** An upgrade waits a week. */
  upgrade: 7 * 24 * 60 * 60,
  /** A court order waits a day, scheduled in the authority, where a guardian can cancel one that no court gave. */
  court: 24 * 60 * 60,
} as const;

/** The execution delays of a deployment, in seconds. */
export type SuiteDelays = { readonly [Kind in keyof typeof DefaultDelays]: number };

/**
 * Roles whose every call waits one of the deployment's delays: the authority refuses a member of such a role whose
 * execution delay is below it (a minimum execution delay), so that each act is scheduled where a GUARDIAN can cancel
 * it, including a grant ADMIN gives itself.
 */
export const DELAYED_ROLES: Partial<Record<RoleName, keyof typeof DefaultDelays>> = {
  RECOVERY_OFFICER: "recovery",
  UPGRADER: "upgrade",
  COURT_OFFICER: "court",
};

/** The execution delay a role is granted with under `delays`: its minimum, or 0 for a role without one. */
export function executionDelayOf(role: RoleName, delays: Partial<SuiteDelays>): number {
  const kind = DELAYED_ROLES[role];
  return kind === undefined ? 0 : (delays[kind] ?? 0);
}

/** A poll opens no earlier than this after its creation (seconds), so that anyone can recompute its census in time. */
export const DEFAULT_REVIEW_PERIOD = 2 * 24 * 60 * 60;
