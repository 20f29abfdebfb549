import type { GovernmentAuthority } from "../../types/ethers-contracts/index.js";

/**
 * The accounts that hold `roleId` in `authority`, pending grants included, in strictly increasing order of address:
 * the list `setMinExecutionDelay` takes, rebuilt from the authority's `RoleGranted` and `RoleRevoked` events.
 */
export async function roleMembers(authority: GovernmentAuthority, roleId: bigint | number): Promise<string[]> {
  const granted = await authority.queryFilter(authority.filters.RoleGranted(roleId));
  const revoked = await authority.queryFilter(authority.filters.RoleRevoked(roleId));
  const changes = [
    ...granted.map((event) => ({ event, account: event.args.account, joins: event.args.newMember })),
    ...revoked.map((event) => ({ event, account: event.args.account, leaves: true })),
  ].sort((a, b) => a.event.blockNumber - b.event.blockNumber || a.event.index - b.event.index);
  const members = new Set<string>();
  for (const change of changes) {
    if ("leaves" in change) members.delete(change.account);
    else if (change.joins) members.add(change.account);
  }
  return [...members].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
}
