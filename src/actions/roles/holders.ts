/**
 * Role refusals that say what to do: the role a function needs, who holds it (read from the authority once the
 * refusal is known, never before a send) and the `--from` to run the command with.
 *
 * @module
 */
import type { Suite } from "../../deployment.js";
import { MissingRoleError } from "../../errors.js";
import { roleName } from "../../roles.js";
import { durationText, isoTime } from "../../vocabulary.js";
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
    const [[summary], latest] = await Promise.all([
      listRoles({ suite, role: name }),
      suite.runner.provider?.getBlock("latest") ?? Promise.resolve(null),
    ]);
    const now = latest?.timestamp ?? Math.floor(Date.now() / 1000);
    const members = summary?.members ?? [];
    const same = (member: RoleMember) => member.account.toLowerCase() === account.toLowerCase();
    // A grant takes effect after the role's grant delay: until then the account is listed but holds nothing.
    const own = members.find((member) => same(member) && member.since > now);
    const others = members.filter((member) => !same(member) && member.since <= now);
    const pending = members.filter((member) => !same(member) && member.since > now);
    let holders = holdersHint(name, others);
    if (others.length === 0 && pending.length > 0) {
      holders = `no account holds it yet: ${pending
        .map((member) => `the grant to ${member.account} takes effect at ${isoTime(member.since)}`)
        .join(", ")}`;
    }
    if (own !== undefined) {
      hint = `its own grant of the role takes effect at ${isoTime(own.since)}: run it again then`;
      if (others.length > 0) hint = `${hint}, or now ${holders}`;
    } else {
      hint = reason === undefined ? holders : `${reason}; ${holders}`;
    }
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
