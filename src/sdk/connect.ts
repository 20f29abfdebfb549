/**
 * Connecting to a deployed suite: the typed contracts of a packaged deployment, or of any deployment record.
 *
 * @module
 */
import type { ContractRunner } from "ethers";

import { connectSuite, type Suite, type SuiteDeployment } from "../deployment.js";
import { findDeployment } from "../networks.js";

/** Which deployment {@link connect} uses: a packaged one by network name or chain id, or a record of your own. */
export type SuiteSelector =
  { readonly network: string } | { readonly chainId: number } | { readonly deployment: SuiteDeployment };

/** The parameters of {@link connect}. */
export type ConnectParameters = SuiteSelector & {
  /** A provider to read, or a signer to read and write. */
  readonly runner: ContractRunner;
};

/** The return type of {@link connect}: every contract of the suite, typed, with the deployment record. */
export type ConnectReturnType = Suite;

/**
 * Connects to the suite of a network: the typed contracts of its deployment, bound to `runner`.
 *
 * @throws {@link DeploymentNotFoundError} when the package has no deployment for the network or chain id, or the
 * record lacks one of the suite's contracts.
 *
 * @example
 * ```ts
 * const suite = connect({ network: "sepolia", runner: new JsonRpcProvider(url) });
 * const title = await suite.propertyRegistry.titleOf(parcelId);
 * ```
 */
export function connect(parameters: ConnectParameters): ConnectReturnType {
  const { runner } = parameters;
  const deployment = "deployment" in parameters ? parameters.deployment : findDeployment(parameters);
  return connectSuite({ deployment, runner });
}
