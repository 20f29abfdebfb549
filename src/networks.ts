/**
 * The deployments of the public networks shipped with the package, as data: no file is read, so this works in a
 * browser as in Node.js. Local chains (a Hardhat node, anvil) are never shipped; pass their record to `connect` as
 * `{ deployment }`.
 *
 * @module
 */
import { checkDeploymentRecord, type DeploymentSelector, type SuiteDeployment } from "./deployment.js";
import { DeploymentNotFoundError } from "./errors.js";
import { PUBLISHED_DEPLOYMENTS } from "./published-deployments.js";

export type { DeploymentSelector, SuiteDeployment } from "./deployment.js";

/** The deployments of the known public networks, by network name. */
export const deployments: Readonly<Record<string, SuiteDeployment>> = Object.freeze(
  Object.fromEntries(
    PUBLISHED_DEPLOYMENTS.map((record, index) => {
      const deployment = checkDeploymentRecord(record, `shipped record ${index}`, {});
      return [deployment.network, deployment];
    }),
  ),
);

/** Which packaged deployment {@link findDeployment} returns: by network name or by chain id. */
export type FindDeploymentParameters = DeploymentSelector;

/** The return type of {@link findDeployment}. */
export type FindDeploymentReturnType = SuiteDeployment;

/**
 * The packaged deployment of a public network, by name (`"sepolia"`) or chain id (`11155111`).
 *
 * @throws {@link DeploymentNotFoundError} when the package has no deployment for it.
 *
 * @example
 * ```ts
 * const deployment = findDeployment({ chainId: 11155111 });
 * ```
 */
export function findDeployment(parameters: FindDeploymentParameters): FindDeploymentReturnType {
  const found =
    "network" in parameters
      ? deployments[parameters.network]
      : Object.values(deployments).find((deployment) => deployment.chainId === parameters.chainId);
  if (found !== undefined) return found;
  const known = Object.keys(deployments).join(", ") || "none";
  throw new DeploymentNotFoundError({
    ...parameters,
    reason: `the package ships no deployment for it (known networks: ${known}); pass a record as { deployment }`,
  });
}
