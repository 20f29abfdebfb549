/**
 * `suite …` commands: deploy (what `npm run deploy` runs) and upgrade; pause and unpause are in `emergency.ts`, which
 * needs neither Ignition nor the upgrades plugin.
 *
 * @module
 */
import { join, resolve } from "node:path";

import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import type { ExecutionMode } from "../../actions/execute.js";
import { deploySuite, readSuiteConfig, scheduleUpgrade, type ScheduleUpgradeReturnType } from "../../actions/suite.js";
import { type DeployedContract, type DeployedProxy, deploymentNameOf, type SuiteDeployment } from "../../deployment.js";
import { writeDeployment } from "../../deployment-files.js";
import { InvalidInputError } from "../../errors.js";
import { validateChoice, validateRequired } from "../../validate.js";
import { isoTime } from "../format.js";
import { networkSettings } from "../network.js";
import { type CommonArgs, command } from "../session.js";
import { manifestLine, upgradeManifestOf } from "../upgrade-manifest.js";
import { contextOf } from "../context.js";

/** What {@link roleHolderLines} needs. */
export interface RoleHolderLinesParameters {
  readonly deployment: Pick<SuiteDeployment, "deployer" | "roles">;
  /** The node's accounts (`eth_accounts`), to name an account by its number where the node holds its key. */
  readonly accounts: readonly string[];
}

/**
 * The deploy's account of who holds which role: ADMIN first, then each role in the record's order, each holder once
 * (the record lists ADMIN among its grants too), with the node's account number where the node holds the key (a local
 * node's accounts), so that `--from` can be given at once, and the deployer, which keeps none.
 */
export function roleHolderLines({ deployment, accounts }: RoleHolderLinesParameters): string[] {
  const accountLabel = (address: string) => {
    const index = accounts.findIndex((account) => account.toLowerCase() === address.toLowerCase());
    return index < 0 ? address : `${address} (node account #${index})`;
  };
  const holders: [role: string, account: string, executionDelay: number][] = [
    ["ADMIN", deployment.roles.admin, 0],
    ...Object.entries(deployment.roles.grants).flatMap(([role, grants]) =>
      (grants ?? []).map((grant): [string, string, number] => [role, grant.account, grant.executionDelay]),
    ),
  ];
  const printed = new Set<string>();
  const lines = ["Roles:"];
  for (const [role, account, executionDelay] of holders) {
    const key = `${role} ${account.toLowerCase()}`;
    if (printed.has(key)) continue;
    printed.add(key);
    const delay = executionDelay === 0 ? "" : `, every call delayed ${executionDelay} s`;
    lines.push(`  ${role.padEnd(18)} ${accountLabel(account)}${delay}`);
  }
  lines.push(`  the deployer ${accountLabel(deployment.deployer)} holds no role`);
  return lines;
}

interface DeployArgs extends CommonArgs {
  readonly parameters?: string;
  readonly reset?: boolean;
}

export const deploy = command<DeployArgs>({ write: false, needsDeployment: false }, async (args, session) => {
  const { hre, connection, deploymentsDir } = session;
  const network = deploymentNameOf({ networkName: connection.networkName, networkType: connection.networkConfig.type });
  const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
  const path = resolve(args.parameters ?? join(deploymentsDir, "config", `${network}.json`));
  const config = readSuiteConfig({ path, deployer: accounts[0] });
  await hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const { confirmations } = networkSettings(hre, connection.networkName);
  const result = await deploySuite({
    hre,
    connection,
    config,
    deploymentsDir,
    reset: args.reset === true,
    ...(confirmations === undefined ? {} : { confirmations }),
  });
  const { deployment } = result;
  const lines = [
    result.transactionsSent === 0
      ? `The suite is deployed on ${network} (chain ${deployment.chainId}) already: nothing was sent.`
      : `Deployed the suite on ${network} (chain ${deployment.chainId}): ${result.transactionsSent} transaction(s) sent.`,
  ];
  const explorers = connection.networkConfig.type === "http" ? verificationExplorers(hre, deployment.chainId) : [];
  const verify: string[] = [];
  for (const [name, entry] of Object.entries(deployment.contracts)) {
    const [address, args] =
      "proxy" in entry
        ? [(entry as DeployedProxy).proxy, []]
        : [(entry as DeployedContract).address, (entry as DeployedContract).constructorArgs];
    if ("proxy" in entry) {
      const proxy = entry as DeployedProxy;
      lines.push(`  ${name.padEnd(20)} ${proxy.proxy} (implementation ${proxy.implementation}, v${proxy.version})`);
    } else {
      lines.push(`  ${name.padEnd(20)} ${address}`);
    }
    for (const explorer of explorers) {
      verify.push(`npx hardhat verify ${explorer} --network ${network} ${[address, ...args].join(" ")}`);
    }
  }
  lines.push(...roleHolderLines({ deployment, accounts }));
  lines.push(`Record: ${result.path}`);
  const manifest = await upgradeManifestOf(connection.provider);
  lines.push(manifestLine(manifest));
  if (connection.networkConfig.type === "edr-simulated") {
    lines.push(
      `Note: the in-process network "${connection.networkName}" ended with this command and the suite with it; ` +
        "to keep a chain, start `npx hardhat node` and deploy with `--network localhost`",
    );
  }
  if (verify.length > 0) {
    lines.push("Verify the sources with:", ...verify.map((line) => `  ${line}`));
  } else if (connection.networkConfig.type === "http") {
    lines.push(
      `No block explorer is configured for chain ${deployment.chainId} (chainDescriptors in hardhat.config.ts): sources are not verified.`,
    );
  }
  return {
    data: {
      path: result.path,
      transactionsSent: result.transactionsSent,
      deployment,
      verify,
      upgradeManifest: manifest,
    },
    lines,
  };
});

/**
 * The explorers where the sources of a chain's contracts can be verified: those of the chain's descriptor (Hardhat's
 * built-in ones for public chains, or `chainDescriptors` in hardhat.config.ts for a private chain's Blockscout) that
 * are enabled in `verify`. A local chain has none.
 */
export function verificationExplorers(hre: HardhatRuntimeEnvironment, chainId: number): ("etherscan" | "blockscout")[] {
  const explorers = hre.config.chainDescriptors.get(BigInt(chainId))?.blockExplorers;
  if (explorers === undefined) return [];
  const usable: ("etherscan" | "blockscout")[] = [];
  if (explorers.etherscan !== undefined && hre.config.verify.etherscan.enabled) usable.push("etherscan");
  if (explorers.blockscout !== undefined && hre.config.verify.blockscout.enabled) usable.push("blockscout");
  return usable;
}

interface UpgradeArgs extends CommonArgs {
  readonly contract?: string;
  readonly artifact?: string;
  readonly call?: string;
  readonly callArgs?: string;
}

export const upgrade = command<UpgradeArgs>({ write: true }, async (args, session) => {
  const { hre, connection, suite } = session;
  const contract = validateChoice(
    "--contract",
    args.contract,
    Object.keys(suite.deployment.contracts).filter((name) => name !== "GovernmentAuthority") as (
      "PropertyRegistry" | "OwnershipTransfer"
    )[],
  );
  const artifact = args.artifact === undefined ? undefined : validateRequired("--artifact", args.artifact);
  let callData = "0x";
  if (args.call !== undefined) {
    const factory = await connection.ethers.getContractFactory(artifact ?? contract);
    let values: unknown;
    try {
      values = JSON.parse(args.callArgs ?? "[]");
    } catch (error) {
      throw new InvalidInputError({ field: "--call-args", reason: "must be a JSON array", cause: error });
    }
    if (!Array.isArray(values)) throw new InvalidInputError({ field: "--call-args", reason: "must be a JSON array" });
    try {
      callData = factory.interface.encodeFunctionData(args.call, values);
    } catch (error) {
      throw new InvalidInputError({
        field: "--call",
        reason: `cannot encode ${args.call}(${values.join(", ")}) for ${artifact ?? contract}`,
        cause: error,
      });
    }
  }
  const [implementationDeployer] = session.mode === "safe" ? await session.localSigners() : [];
  const result = await scheduleUpgrade({
    ...contextOf(session),
    hre,
    connection,
    contract,
    artifact,
    callData,
    implementationDeployer,
  });
  const manifest = await upgradeManifestOf(connection.provider);
  if (result.implementation !== null && result.implementationTx !== null && result.implementationBlock !== null) {
    writeDeployment(
      {
        ...suite.deployment,
        updatedAt: new Date().toISOString(),
        pendingUpgrades: {
          ...suite.deployment.pendingUpgrades,
          [result.operationId]: {
            contract,
            implementation: result.implementation,
            implementationBlock: result.implementationBlock,
            implementationTx: result.implementationTx,
            executableAt: result.executableAt,
          },
        },
      },
      session.deploymentsDir,
    );
  }
  return {
    data: {
      contract,
      artifact: result.artifact,
      implementation: result.implementation,
      implementationTx: result.implementationTx,
      predictedImplementation: result.predictedImplementation,
      scheduled: session.mode === "send",
      operationId: result.operationId,
      executableAt: result.executableAt,
      upgradeManifest: manifest,
    },
    lines: [...upgradeLines(contract, session.mode, result), manifestLine(manifest)],
    transactions: result.transactions,
    safeTitle: `Schedule the upgrade of ${contract}`,
  };
});

/** What an upgrade command did, or would do: a dry run and a Safe batch schedule nothing. */
function upgradeLines(contract: string, mode: ExecutionMode, result: ScheduleUpgradeReturnType): string[] {
  const lines = [`${contract}: the new implementation (${result.artifact}) keeps a compatible storage layout`];
  if (result.implementation === null) {
    lines.push(
      `  implementation not deployed (dry run); ${result.predictedImplementation} if the acting account deploys it next`,
    );
  } else {
    lines.push(
      `  implementation ${result.implementation}` +
        (result.implementationTx === null
          ? " (deployed already)"
          : `, deployed in tx ${result.implementationTx} (block ${result.implementationBlock})`),
    );
  }
  const when = isoTime(result.executableAt);
  if (mode === "send") {
    lines.push(
      `  upgrade scheduled as operation ${result.operationId}, executable from ${when}`,
      `  the UPGRADER runs it then with \`roles execute --operation ${result.operationId}\`; a guardian can cancel it`,
    );
  } else if (mode === "dry-run") {
    lines.push(
      `  nothing scheduled (dry run); scheduled now, operation ${result.operationId} would be executable from ${when}`,
    );
  } else {
    lines.push(
      `  not scheduled yet: once the Safe sends the batch, operation ${result.operationId} is executable from ${when}`,
    );
  }
  return lines;
}
