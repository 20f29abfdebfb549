/**
 * The deployments of the known networks shipped with the package: every record of the `deployments` folder next to
 * the built code, except the in-process `hardhat` network's.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { type DeploymentSelector, readDeployment, type SuiteDeployment } from "./deployment.js";

export type { DeploymentSelector, SuiteDeployment } from "./deployment.js";
import { DeploymentNotFoundError } from "./errors.js";

/** The folder of the packaged records: `deployments/` beside the package's `src/` (or the repository's). */
const PACKAGED_DIR = fileURLToPath(new URL("../deployments/", import.meta.url));

/** The network whose records are never packaged: the in-process chain, reset on every run. */
const EPHEMERAL_NETWORK = "hardhat";

function knownNetworks(): string[] {
  if (!existsSync(PACKAGED_DIR)) return [];
  return readdirSync(PACKAGED_DIR)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .filter((network) => network !== EPHEMERAL_NETWORK)
    .sort();
}

/** The deployments of the known networks, by network name. */
export const deployments: Readonly<Record<string, SuiteDeployment>> = Object.freeze(
  Object.fromEntries(knownNetworks().map((network) => [network, readDeployment({ network }, PACKAGED_DIR)])),
);

/** Which packaged deployment {@link findDeployment} returns: by network name or by chain id. */
export type FindDeploymentParameters = DeploymentSelector;

/** The return type of {@link findDeployment}. */
export type FindDeploymentReturnType = SuiteDeployment;

/**
 * The packaged deployment of a network, by name (`"sepolia"`) or chain id (`11155111`).
 *
 * @throws DeploymentNotFoundError when the package has no deployment for it.
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
    reason: `the package has no deployment for it (known networks: ${known})`,
  });
}
