/**
 * Role refusals that say what to do: the role a function needs, who holds it (read from the authority once the
 * refusal is known, never before a send) and the `--from` to run the command with.
 *
 * @module
 */
import type { Suite } from "../../deployment.js";
import { MissingRoleError } from "../../errors.js";
import { roleName } from "../../roles.js";
import { durationText } from "../../vocabulary.js";
import { listRoles, type RoleMember } from "./reading.js";

/** What a refusal says after the missing role: who holds it and what to run instead. */
export function holdersHint(role: string, holders: readonly Pick<RoleMember, "account" | "executionDelay">[]): string {
  if (holders.length === 0) {
    return `no account holds it: ADMIN grants it with \`roles grant --role ${role} --account <address>\``;
  }
  const listed = holders
    .map(({ account, executionDelay }) =>
      executionDelay === 0 ? account : `${account} (with an execution delay of ${durationText(executionDelay)})`,
    )
    .join(", ");
  const immediate = holders.find((holder) => holder.executionDelay === 0);
  if (immediate !== undefined) {
    const others = holders.length > 1 ? " (or another holder)" : "";
    return `held by ${listed}: run it again with --from ${immediate.account}${others}`;
  }
  return `held by ${listed}: schedule the call with \`roles schedule --from ${holders[0]!.account}\``;
}

/** The parameters of {@link missingRole}. */
export interface MissingRoleParameters {
  readonly suite: Suite;
  /** The account that was refused. */
  readonly account: string;
  /** The role's id in the authority. */
  readonly role: bigint;
  readonly contract: string;
  readonly functionName: string;
  /** Why the account itself cannot act, when it holds the role in a way that does not serve (a delay). */
  readonly reason?: string;
}

/**
 * The {@link MissingRoleError} for a refused account, naming the role's holders (from the authority's events) and
 * the `--from` to use. A role the suite does not name (or PUBLIC) is reported without holders.
 */
export async function missingRole({
  suite,
  account,
  role,
  contract,
  functionName,
  reason,
}: MissingRoleParameters): Promise<MissingRoleError> {
  const name = roleName(role);
  let hint = reason;
  if (name !== undefined && name !== "PUBLIC") {
    const [summary] = await listRoles({ suite, role: name });
    const others = (summary?.members ?? []).filter((member) => member.account.toLowerCase() !== account.toLowerCase());
    const holders = holdersHint(name, others);
    hint = reason === undefined ? holders : `${reason}; ${holders}`;
  }
  return new MissingRoleError({ account, role, contract, functionName, hint });
}

/** Checks that `account` holds `roleId` without execution delay; else the refusal names the holders. */
export async function requireRoleMember(
  suite: Suite,
  account: string,
  roleId: bigint,
  contract: string,
  functionName: string,
): Promise<void> {
  const [isMember, delay] = await suite.authority.hasRole(roleId, account);
  if (isMember && delay === 0n) return;
  throw await missingRole({
    suite,
    account,
    role: roleId,
    contract,
    functionName,
    reason: isMember
      ? `it holds the role with an execution delay of ${durationText(delay)}: schedule the call`
      : undefined,
  });
}
