/**
 * `suite …` commands: deploy (what `npm run deploy` runs) and upgrade.
 *
 * @module
 */
import { join, resolve } from "node:path";

import { deploySuite, readSuiteConfig, scheduleUpgrade } from "../../actions/suite.js";
import { type DeployedContract, type DeployedProxy, deploymentNameOf } from "../../deployment.js";
import { writeDeployment } from "../../deployment-files.js";
import { InvalidInputError } from "../../errors.js";
import { validateChoice, validateRequired } from "../../validate.js";
import { isoTime } from "../format.js";
import { type CommonArgs, command } from "../session.js";
import { contextOf } from "../context.js";

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
  const result = await deploySuite({ hre, connection, config, deploymentsDir, reset: args.reset === true });
  const { deployment } = result;
  const lines = [
    result.transactionsSent === 0
      ? `The suite is deployed on ${network} (chain ${deployment.chainId}) already: nothing was sent.`
      : `Deployed the suite on ${network} (chain ${deployment.chainId}): ${result.transactionsSent} transaction(s) sent.`,
  ];
  const verify: string[] = [];
  for (const [name, entry] of Object.entries(deployment.contracts)) {
    if ("proxy" in entry) {
      const proxy = entry as DeployedProxy;
      lines.push(`  ${name.padEnd(20)} ${proxy.proxy} (implementation ${proxy.implementation}, v${proxy.version})`);
      verify.push(`npx hardhat verify --network ${network} ${proxy.proxy}`);
    } else {
      const contract = entry as DeployedContract;
      lines.push(`  ${name.padEnd(20)} ${contract.address}`);
      verify.push(`npx hardhat verify --network ${network} ${contract.address} ${contract.constructorArgs.join(" ")}`);
    }
  }
  lines.push(`ADMIN: ${deployment.roles.admin} (the deployer ${deployment.deployer} holds no role)`);
  lines.push(`Record: ${result.path}`);
  if (connection.networkConfig.type === "http" && deployment.chainId !== 31337) {
    lines.push("Verify the sources with:", ...verify.map((line) => `  ${line}`));
  }
  return { data: { path: result.path, transactionsSent: result.transactionsSent, deployment }, lines };
});

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
      operationId: result.operationId,
      executableAt: result.executableAt,
    },
    lines: [
      `${contract}: the new implementation (${result.artifact}) keeps a compatible storage layout`,
      result.implementation === null
        ? "  implementation not deployed (dry run)"
        : `  implementation ${result.implementation}`,
      `  upgrade scheduled as operation ${result.operationId}, executable from ${isoTime(result.executableAt)}`,
      `  the UPGRADER runs it then with \`roles execute --operation ${result.operationId}\`; a guardian can cancel it`,
    ],
    transactions: result.transactions,
    safeTitle: `Schedule the upgrade of ${contract}`,
  };
});
