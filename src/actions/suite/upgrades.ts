/**
 * Scheduling the upgrade of a registry's implementation (UPGRADER, with its execution delay).
 *
 * @module
 */
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import type { Signer } from "ethers";
import { getAddress, getCreateAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { InvalidInputError, shortReason, UpgradeNotSafeError } from "../../errors.js";
import { Roles } from "../../roles.js";
import { validateRequired } from "../../validate.js";
import { selectorOf, type SuiteContractName } from "../../wiring.js";
import { type ActionContext, closedError } from "../execute.js";
import { waitForReceipt } from "../receipts.js";
import { missingRole } from "../roles/holders.js";
import { scheduleOperation, type ScheduleOperationReturnType } from "../roles.js";

// -----------------------------------------------------------------------------------------------------------------
// Upgrades
// -----------------------------------------------------------------------------------------------------------------

export type ScheduleUpgradeParameters = ActionContext & {
  readonly hre: HardhatRuntimeEnvironment;
  readonly connection: NetworkConnection;
  /** The governed contract to upgrade. */
  readonly contract: SuiteContractName;
  /** The artifact of the new implementation; the contract's own name when absent (its sources were changed). */
  readonly artifact?: string;
  /** Calldata of a call to make on the new implementation during the upgrade (a reinitializer); none when absent. */
  readonly callData?: string;
  /** Deploys the implementation when the acting account cannot sign (multisig mode): any funded local account. */
  readonly implementationDeployer?: Signer;
};

export type ScheduleUpgradeReturnType = ScheduleOperationReturnType & {
  /** The new implementation's address, or null in a dry run (it is not deployed). */
  readonly implementation: string | null;
  /**
   * In a dry run, where the implementation would be deployed: the acting account's next contract address. The
   * operation id is computed with it, so it is the real one if that account sends nothing else first.
   */
  readonly predictedImplementation: string | null;
  /** The block and transaction that created the new implementation (null in a dry run). */
  readonly implementationBlock: number | null;
  readonly implementationTx: string | null;
  readonly artifact: string;
};

/**
 * Validates the new implementation's storage layout against the deployed one (OpenZeppelin hardhat-upgrades),
 * deploys the implementation (unless it is deployed already with the same bytecode), and schedules
 * `upgradeToAndCall` in the authority. The upgrade never runs here: UPGRADER executes it with `roles execute` once
 * the role's delay has passed, and a guardian can cancel it meanwhile.
 */
export async function scheduleUpgrade(parameters: ScheduleUpgradeParameters): Promise<ScheduleUpgradeReturnType> {
  const { hre, connection, suite, signer, contract } = parameters;
  const entry = suite.deployment.contracts[contract];
  if (entry === undefined) {
    throw new InvalidInputError({
      field: "contract",
      reason: `${contract} is not deployed on ${suite.deployment.network}`,
    });
  }
  const artifact = validateRequired("artifact", parameters.artifact ?? contract);
  if (!(await hre.artifacts.artifactExists(artifact))) {
    throw new InvalidInputError({ field: "artifact", reason: `no compiled contract named ${artifact}` });
  }
  const mode = parameters.mode ?? "send";
  const account = await signer.getAddress();
  const selector = selectorOf("upgradeToAndCall(address,bytes)");
  if (await suite.authority.isTargetClosed(entry.proxy)) throw closedError(contract);
  const [immediate, delay] = await suite.authority.canCall(account, entry.proxy, selector);
  if (!immediate && delay === 0n) {
    throw await missingRole({ suite, account, role: Roles.UPGRADER, contract, functionName: "upgradeToAndCall" });
  }
  const api = await upgrades(hre, connection);
  const deployerSigner = mode === "send" ? signer : parameters.implementationDeployer;
  if (mode === "safe" && deployerSigner === undefined) {
    throw new InvalidInputError({
      field: "implementationDeployer",
      reason: "a multisig upgrade needs a local account to deploy the new implementation",
    });
  }
  const factory = await connection.ethers.getContractFactory(artifact, deployerSigner);
  let implementation: string | null = null;
  let implementationTx: string | null = null;
  let prepared: Awaited<ReturnType<typeof api.prepareUpgrade>> | undefined;
  try {
    if (mode === "dry-run") {
      await api.validateUpgrade(entry.proxy, factory, { kind: "uups" });
    } else {
      prepared = await api.prepareUpgrade(entry.proxy, factory, { kind: "uups", getTxResponse: true });
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UpgradeNotSafeError({
      artifact,
      reason: shortReason(error),
      report: message.slice(message.indexOf("\n") + 1).trim(),
    });
  }
  if (typeof prepared === "string") {
    implementation = getAddress(prepared);
  } else if (prepared !== undefined) {
    const receipt = await waitForReceipt({
      response: prepared,
      description: `deploy the new ${artifact} implementation`,
      signer: deployerSigner,
      policy: parameters.receipts,
      onEvent: parameters.onTransaction,
    });
    implementation = getAddress(receipt.contractAddress!);
    implementationTx = receipt.hash;
  }
  let predictedImplementation: string | null = null;
  if (implementation === null) {
    const nonce = await suite.runner.provider!.getTransactionCount(account, "pending");
    predictedImplementation = getCreateAddress({ from: account, nonce });
  }
  const target = implementation ?? predictedImplementation!;
  const data = suite.propertyRegistry.interface.encodeFunctionData("upgradeToAndCall", [
    target,
    parameters.callData ?? "0x",
  ]);
  const scheduled = await scheduleOperation({ ...parameters, contract, data });
  const implementationBlock =
    implementationTx === null
      ? null
      : ((await suite.runner.provider!.getTransactionReceipt(implementationTx))?.blockNumber ?? null);
  return { ...scheduled, implementation, predictedImplementation, implementationBlock, implementationTx, artifact };
}
