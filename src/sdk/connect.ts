/**
 * Connecting to a deployed suite: the typed contracts of a packaged deployment, or of any deployment record, after
 * checking that the provider is on the record's chain and that the contracts are there.
 *
 * @module
 */
import type { ContractRunner } from "ethers";

import { checkDeploymentOnChain, connectSuite, type Suite, type SuiteDeployment } from "../deployment.js";
import { InvalidInputError } from "../errors.js";
import { checkMaxBlockRange, configureLogReads } from "../logs.js";
import { findDeployment } from "../networks.js";

/** Which deployment {@link connect} uses: a packaged one by network name or chain id, or a record of your own. */
export type SuiteSelector =
  { readonly network: string } | { readonly chainId: number } | { readonly deployment: SuiteDeployment };

/** The parameters of {@link connect}. */
export type ConnectParameters = SuiteSelector & {
  /** A provider to read, or a signer (with a provider) to read and write. */
  readonly runner: ContractRunner;
  /**
   * Blocks one `eth_getLogs` request of the suite's reads spans at most (1 to 1,000,000; 10,000 by default). Reads
   * halve the range when the node refuses it and grow it back after, so a lower limit is found by itself; set the
   * provider's documented limit to spare the refused requests.
   */
  readonly maxLogBlockRange?: number;
};

/** The return type of {@link connect}: every contract of the suite, typed, with the deployment record. */
export type ConnectReturnType = Suite;

/**
 * Connects to the suite of a network: the typed contracts of its deployment, bound to `runner`. Before it returns,
 * it checks that the runner's provider is on the deployment's chain and that every contract of the record has code,
 * so that a wrong node fails here with a named error rather than later with undecodable results.
 *
 * @throws {@link DeploymentNotFoundError} when the package ships no deployment for the network or chain id, or the
 * record lacks one of the suite's contracts.
 * @throws {@link ChainMismatchError} when the provider is on another chain than the deployment.
 * @throws {@link ContractNotDeployedError} when an address of the record has no code on the provider's chain.
 * @throws {@link InvalidInputError} when the runner has no provider, or `maxLogBlockRange` is not a whole number from 1
 * to 1,000,000.
 *
 * @example
 * ```ts
 * const suite = await connect({ network: "sepolia", runner: new JsonRpcProvider(url) });
 * const title = await suite.propertyRegistry.titleOf(parcelId);
 * ```
 */
export async function connect(parameters: ConnectParameters): Promise<ConnectReturnType> {
  const { runner, maxLogBlockRange } = parameters;
  if (maxLogBlockRange !== undefined) checkMaxBlockRange(maxLogBlockRange, "maxLogBlockRange");
  const deployment = "deployment" in parameters ? parameters.deployment : findDeployment(parameters);
  const suite = connectSuite({ deployment, runner });
  const provider = runner.provider;
  if (provider === null || provider === undefined) {
    throw new InvalidInputError({ field: "runner", reason: "has no provider to read the chain with" });
  }
  if (maxLogBlockRange !== undefined) configureLogReads(provider, { maxBlockRange: maxLogBlockRange });
  await checkDeploymentOnChain(deployment, provider);
  return suite;
}
