/**
 * Deploying the suite with Ignition under a fixed deployment id per chain, resuming an interrupted deployment from
 * its journal, checking the result on chain and writing the deployment record.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import {
  HardhatArtifactResolver,
  errorDeploymentResultToExceptionMessage,
} from "@nomicfoundation/hardhat-ignition/helpers";
import { deploy, DeploymentResultType, listTransactions, trackTransaction } from "@nomicfoundation/ignition-core";
import { upgrades } from "@openzeppelin/hardhat-upgrades";
import type { Provider } from "ethers";
import { getAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import { buildSuiteModule } from "../../../ignition/modules/Suite.js";
import { requireCancun } from "../../chain.js";
import {
  connectSuite,
  DEPLOYMENT_FORMAT,
  type DeployedContract,
  type DeployedProxy,
  type RoleGrant,
  type Suite,
  type SuiteDeployment,
  deploymentNameOf,
} from "../../deployment.js";
import { deploymentPath, readDeployment, writeDeployment } from "../../deployment-files.js";
import { EgovError, InvalidInputError, InvalidStateError } from "../../errors.js";
import { GOVERNED_CONTRACTS } from "../../manifest.js";
import { DefaultDelays, executionDelayOf, LABELLED_ROLES, Roles, type RoleName } from "../../roles.js";
import { ACCESS, selectorOf, type SuiteContractName } from "../../wiring.js";
import type { SuiteDeployConfig } from "./config.js";

/** The governed contracts this version deploys, with the Ignition future ids of their parts. */
const DEPLOYED: readonly { name: SuiteContractName; module: string }[] = GOVERNED_CONTRACTS.map((name) => ({
  name,
  module: name,
}));

/** The ERC-1967 slot that holds a proxy's implementation. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";

// -----------------------------------------------------------------------------------------------------------------
// Deployment
// -----------------------------------------------------------------------------------------------------------------

export interface DeploySuiteParameters {
  readonly hre: HardhatRuntimeEnvironment;
  readonly connection: NetworkConnection;
  readonly config: SuiteDeployConfig;
  /** Where `<network>.json` and the Ignition journal (`ignition/chain-<id>`) go. */
  readonly deploymentsDir: string;
  /** Wipes the Ignition journal of this chain first (after a local node was restarted). */
  readonly reset?: boolean;
  /** Blocks each transaction needs before Ignition counts it done (its `requiredConfirmations`). */
  readonly confirmations?: number;
}

export interface DeploySuiteReturnType {
  readonly deployment: SuiteDeployment;
  readonly path: string;
  /** Transactions the deployer sent in this run: zero when the deployment was complete already. */
  readonly transactionsSent: number;
}

/** Deploys (or resumes, or confirms) the suite with Ignition, checks it on chain and writes the record. */
export async function deploySuite(parameters: DeploySuiteParameters): Promise<DeploySuiteReturnType> {
  const { hre, connection, config, deploymentsDir } = parameters;
  const { provider: ethereum } = connection;
  const networkName = deploymentNameOf({
    networkName: connection.networkName,
    networkType: connection.networkConfig.type,
  });
  const provider = connection.ethers.provider;
  const accounts = (await ethereum.request({ method: "eth_accounts" })) as string[];
  if (accounts.length === 0) {
    throw new InvalidInputError({
      field: "--network",
      reason: `network "${networkName}" has no account to deploy with; configure its accounts (keystore)`,
    });
  }
  const deployer = getAddress(accounts[0]);
  if (getAddress(config.admin) === deployer) {
    throw new InvalidInputError({
      field: "admin",
      reason: `must differ from the deployer ${deployer}, which renounces ADMIN once the suite is wired`,
    });
  }
  await requireCancun({ provider, from: deployer });
  const chainId = Number((await provider.getNetwork()).chainId);
  refuseOtherChainsRecord({ dir: deploymentsDir, network: networkName, chainId });
  const deploymentId = `chain-${chainId}`;
  const inProcess = connection.networkConfig.type === "edr-simulated";
  const journalDir = inProcess ? undefined : join(deploymentsDir, "ignition", deploymentId);
  if (journalDir !== undefined && parameters.reset === true) rmSync(journalDir, { recursive: true, force: true });
  if (journalDir !== undefined) {
    repairIgnitionJournal({ journalDir: journalDir });
    await refuseStaleJournal(journalDir, provider);
    await trackLostTransactions({ journalDir: journalDir, ethereum: ethereum, provider: provider });
  }

  const startBlock = await provider.getBlockNumber();
  const nonceBefore = await provider.getTransactionCount(deployer, "latest");
  const artifactResolver = new HardhatArtifactResolver(hre.artifacts);
  const ignitionConfig = Object.fromEntries(
    Object.entries(hre.config.ignition).filter(([key, value]) => value !== undefined && key !== "strategyConfig"),
  );
  const networkIgnition = "ignition" in connection.networkConfig ? connection.networkConfig.ignition : {};
  // A fixed `gasPrice` of the network (0 on a free-gas chain) prices Ignition's transactions too, where the chain has
  // no base fee; a zero base fee makes Ignition offer zero fees by itself.
  const networkGasPrice = connection.networkConfig.gasPrice;
  const result = await deploy({
    config: {
      ...ignitionConfig,
      ...(parameters.confirmations === undefined ? {} : { requiredConfirmations: parameters.confirmations }),
    },
    provider: ethereum,
    deploymentDir: journalDir,
    artifactResolver,
    ignitionModule: buildSuiteModule(config),
    deploymentParameters: {},
    accounts,
    maxFeePerGasLimit: networkIgnition.maxFeePerGasLimit,
    maxFeePerGas: networkIgnition.maxFeePerGas,
    maxPriorityFeePerGas: networkIgnition.maxPriorityFeePerGas,
    gasPrice: networkIgnition.gasPrice ?? (typeof networkGasPrice === "bigint" ? networkGasPrice : undefined),
    disableFeeBumping: networkIgnition.disableFeeBumping,
  });
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) {
    const message = errorDeploymentResultToExceptionMessage(result);
    const [first, ...rest] = message.split("\n").filter((line) => line.trim() !== "");
    throw new EgovError(`Ignition deployment failed: ${first}${rest.length > 0 ? ` ${rest.join(" ").trim()}` : ""}`);
  }
  const address = (futureId: string) => {
    const contract = result.contracts[futureId];
    if (contract === undefined) throw new EgovError(`Ignition reported no contract for ${futureId}`);
    return getAddress(contract.address);
  };

  const creations = await creationTransactions({
    journalDir,
    artifactResolver,
    provider,
    fromBlock: startBlock + 1,
  });
  const creation = async (contractAddress: string) => {
    const hash = creations.get(contractAddress.toLowerCase());
    if (hash === undefined) throw new EgovError(`no creation transaction found for ${contractAddress}`);
    const receipt = await provider.getTransactionReceipt(hash);
    return { deploymentTx: hash, deploymentBlock: receipt!.blockNumber };
  };

  const authorityAddress = address("GovernmentAuthority#GovernmentAuthority");
  const contracts: Record<string, DeployedContract | DeployedProxy> = {
    GovernmentAuthority: {
      address: authorityAddress,
      ...(await creation(authorityAddress)),
      constructorArgs: [deployer],
    },
  };
  const previous = previousRecord(deploymentsDir, networkName, authorityAddress);
  for (const { name, module } of DEPLOYED) {
    const proxy = address(`${module}#${name}Proxy`);
    const current = await implementationOf(provider, proxy);
    const proxyCreation = await creation(proxy);
    const upgraded = previous?.contracts[name];
    const implementationCreation =
      upgraded !== undefined && upgraded.implementation === current
        ? { deploymentBlock: upgraded.implementationBlock, deploymentTx: upgraded.implementationTx }
        : await creation(address(`${module}#${name}Implementation`));
    contracts[name] = {
      proxy,
      implementation: current,
      deploymentBlock: proxyCreation.deploymentBlock,
      deploymentTx: proxyCreation.deploymentTx,
      implementationBlock: implementationCreation.deploymentBlock,
      implementationTx: implementationCreation.deploymentTx,
      version: await versionOf(provider, proxy),
    };
  }

  const delays = { ...DefaultDelays, ...config.delays };
  const draft: SuiteDeployment = {
    format: DEPLOYMENT_FORMAT,
    network: networkName,
    chainId,
    deployer,
    deployedAt: previous?.deployedAt ?? new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ignition: {
      deploymentId,
      journal: journalDir === undefined ? null : relative(deploymentsDir, journalDir),
    },
    git: gitState(hre.config.paths.root),
    compiler: await compilerOf(hre),
    contracts: contracts as SuiteDeployment["contracts"],
    wiring: Object.fromEntries(DEPLOYED.map(({ name }) => [name, { ...ACCESS[name].restricted }])),
    roles: { admin: config.admin, grants: {} },
    delays,
    saleApproval: { PropertyRegistry: config.saleApproval?.property ?? true },
  };
  const suite = connectSuite({ deployment: draft, runner: provider });
  const grants = await checkOnChain(suite, config, deployer);
  const deployment: SuiteDeployment = {
    ...draft,
    roles: { admin: config.admin, grants },
    ...(previous?.pendingUpgrades === undefined ? {} : { pendingUpgrades: previous.pendingUpgrades }),
  };
  const nonceAfter = await provider.getTransactionCount(deployer, "latest");
  if (nonceAfter !== nonceBefore || previous === undefined) await recordLayouts(hre, connection, deployment);
  const path = writeDeployment(deployment, deploymentsDir);
  return { deployment, path, transactionsSent: nonceAfter - nonceBefore };
}

/** Journal messages that start a step which sends a transaction. */
const STARTING_STEPS = new Set([
  "DEPLOYMENT_EXECUTION_STATE_INITIALIZE",
  "CALL_EXECUTION_STATE_INITIALIZE",
  "SEND_DATA_EXECUTION_STATE_INITIALIZE",
]);

/**
 * Makes an Ignition journal left by a killed run resumable. A run killed right after Ignition recorded the start of
 * a step, before it recorded the step's first network request, leaves a step that Ignition 3 cannot resume
 * ("Unable to find network interaction … when trying to get pending onchain interaction"); no transaction was sent
 * for such a step, so its start is dropped and Ignition starts it again. A last line cut short by the kill is
 * dropped too. Returns the number of lines dropped.
 */
export function repairIgnitionJournal({ journalDir }: { journalDir: string }): number {
  const path = join(journalDir, "journal.jsonl");
  if (!existsSync(path)) return 0;
  const text = readFileSync(path, "utf8");
  // Ignition writes each message as a newline followed by the JSON, so the file starts with a newline.
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const messages = lines.map((line) => {
    try {
      return JSON.parse(line) as { type?: string; futureId?: string };
    } catch {
      return undefined;
    }
  });
  const requested = new Set(
    messages.filter((message) => message?.type === "NETWORK_INTERACTION_REQUEST").map((message) => message!.futureId),
  );
  const keep = lines.filter((_, index) => {
    const message = messages[index];
    if (message === undefined) return false;
    return !(STARTING_STEPS.has(message.type ?? "") && !requested.has(message.futureId));
  });
  const dropped = lines.length - keep.length;
  if (dropped > 0) writeFileSync(path, keep.map((line) => `\n${line}`).join(""));
  return dropped;
}

/** Blocks searched backwards for a transaction the journal lost. */
const LOST_TRANSACTION_SEARCH = 1000;

/**
 * Records in the journal the transactions a killed run sent without recording them: a step whose nonce was
 * prepared (`TRANSACTION_PREPARE_SEND`) but not its sending, while the chain shows that nonce used. The transaction is
 * looked up in the latest blocks by sender and nonce and handed to Ignition's `trackTransaction`, which is what
 * `npx hardhat ignition track-tx` does by hand.
 */
export async function trackLostTransactions({
  journalDir,
  ethereum,
  provider,
}: {
  journalDir: string;
  /** The network connection's EIP-1193 provider, which Ignition uses. */
  ethereum: NetworkConnection["provider"];
  provider: Provider;
}): Promise<void> {
  const path = join(journalDir, "journal.jsonl");
  if (!existsSync(path)) return;
  const messages = readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          futureId?: string;
          networkInteractionId?: number;
          nonce?: number;
          from?: string;
        },
    );
  const senders = new Map(
    messages.filter((message) => STARTING_STEPS.has(message.type)).map((message) => [message.futureId, message.from]),
  );
  const lost = messages.filter(
    (prepared) =>
      prepared.type === "TRANSACTION_PREPARE_SEND" &&
      !messages.some(
        (sent) =>
          sent.type === "TRANSACTION_SEND" &&
          sent.futureId === prepared.futureId &&
          sent.networkInteractionId === prepared.networkInteractionId,
      ),
  );
  for (const prepared of lost) {
    const sender = senders.get(prepared.futureId);
    if (sender === undefined || prepared.nonce === undefined) continue;
    if ((await provider.getTransactionCount(sender, "latest")) <= prepared.nonce) continue;
    const latest = await provider.getBlockNumber();
    for (let number = latest; number >= Math.max(0, latest - LOST_TRANSACTION_SEARCH); number--) {
      const block = await provider.getBlock(number, true);
      const found = block?.prefetchedTransactions.find(
        (transaction) =>
          transaction.from.toLowerCase() === sender.toLowerCase() && transaction.nonce === prepared.nonce,
      );
      if (found !== undefined) {
        await trackTransaction(journalDir, found.hash, ethereum, 1);
        break;
      }
    }
  }
}

/** Refuses a journal whose contracts are missing on chain (a local node restarted since): `--reset` starts over. */
async function refuseStaleJournal(journalDir: string, provider: Provider): Promise<void> {
  const addressesFile = join(journalDir, "deployed_addresses.json");
  if (!existsSync(addressesFile)) return;
  const addresses = Object.values(JSON.parse(readFileSync(addressesFile, "utf8")) as Record<string, string>);
  for (const address of addresses) {
    if ((await provider.getCode(address)) === "0x") {
      throw new InvalidStateError({
        kind: "Ignition journal",
        id: journalDir,
        state: "stale",
        reason: `it records ${address} which has no code on this chain (was the node restarted?); run again with --reset`,
      });
    }
  }
}

/** Contract address -> creation transaction hash: from the Ignition journal, or from the blocks of this run. */
async function creationTransactions({
  journalDir,
  artifactResolver,
  provider,
  fromBlock,
}: {
  journalDir: string | undefined;
  artifactResolver: HardhatArtifactResolver;
  provider: Provider;
  fromBlock: number;
}): Promise<Map<string, string>> {
  const creations = new Map<string, string>();
  if (journalDir !== undefined) {
    for (const transaction of await listTransactions(journalDir, artifactResolver)) {
      if (transaction.address !== undefined) creations.set(transaction.address.toLowerCase(), transaction.txHash);
    }
    return creations;
  }
  const latest = await provider.getBlockNumber();
  for (let number = fromBlock; number <= latest; number++) {
    const block = await provider.getBlock(number);
    for (const hash of block?.transactions ?? []) {
      const receipt = await provider.getTransactionReceipt(hash);
      if (receipt?.contractAddress) creations.set(receipt.contractAddress.toLowerCase(), hash);
    }
  }
  return creations;
}

async function implementationOf(provider: Provider, proxy: string): Promise<string> {
  const word = await provider.getStorage(proxy, IMPLEMENTATION_SLOT);
  return getAddress(`0x${word.slice(-40)}`);
}

async function versionOf(provider: Provider, contract: string): Promise<string> {
  const data = await provider.call({ to: contract, data: selectorOf("version()") });
  const length = Number(BigInt(`0x${data.slice(66, 130)}`));
  return Buffer.from(data.slice(130, 130 + length * 2), "hex").toString("utf8");
}

/**
 * Refuses to deploy under a network name whose record holds the suite of another chain (the node behind the name
 * changed): that record may be the only copy of a live deployment's addresses, and Ignition keeps a journal per chain
 * side by side, so nothing is lost by moving the record away first.
 */
function refuseOtherChainsRecord({ dir, network, chainId }: { dir: string; network: string; chainId: number }): void {
  const path = deploymentPath(network, dir);
  if (!existsSync(path)) return;
  let recorded: unknown;
  try {
    recorded = (JSON.parse(readFileSync(path, "utf8")) as { chainId?: unknown }).chainId;
  } catch {
    recorded = undefined;
  }
  if (recorded === chainId) return;
  throw new InvalidStateError({
    kind: "deployment record",
    id: relative(process.cwd(), path) || path,
    state: recorded === undefined ? "unreadable" : `the record of chain ${String(recorded)}`,
    reason: `the node of network "${network}" is chain ${chainId}; move the record away (or use another network name) so that it is not replaced`,
  });
}

/** The record of an earlier run of the same deployment (same authority), if any. */
function previousRecord(dir: string, network: string, authority: string): SuiteDeployment | undefined {
  if (!existsSync(deploymentPath(network, dir))) return undefined;
  try {
    const previous = readDeployment({ network }, dir);
    return previous.contracts.GovernmentAuthority.address === authority ? previous : undefined;
  } catch {
    return undefined;
  }
}

function gitState(root: string): SuiteDeployment["git"] {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const status = execFileSync("git", ["status", "--porcelain", "--", "contracts"], { cwd: root, encoding: "utf8" });
    return { commit, dirty: status.trim() !== "" };
  } catch {
    return { commit: null, dirty: false };
  }
}

async function compilerOf(hre: HardhatRuntimeEnvironment): Promise<SuiteDeployment["compiler"]> {
  const buildInfoId = await hre.artifacts.getBuildInfoId("GovernmentAuthority");
  const path = buildInfoId === undefined ? undefined : await hre.artifacts.getBuildInfoPath(buildInfoId);
  if (path === undefined) throw new EgovError("no build info for GovernmentAuthority: run `npx hardhat build`");
  const buildInfo = JSON.parse(readFileSync(path, "utf8")) as {
    solcLongVersion: string;
    input: { settings: Record<string, unknown> };
  };
  const { outputSelection: _outputSelection, ...settings } = buildInfo.input.settings;
  return { version: buildInfo.solcLongVersion, settings };
}

/**
 * Checks the deployed suite on chain: every function wired to its role, every configured grant held with its
 * delay, TRANSFER_AGENT held by the transfer contract, ADMIN held by the configured admin and no role left to the
 * deployer. Returns the grants as found.
 */
async function checkOnChain(
  suite: Suite,
  config: SuiteDeployConfig,
  deployer: string,
): Promise<Partial<Record<RoleName, RoleGrant[]>>> {
  const failures: string[] = [];
  const { authority } = suite;
  for (const { name } of DEPLOYED) {
    const target = suite.deployment.contracts[name]!.proxy;
    for (const [signature, role] of Object.entries(ACCESS[name].restricted)) {
      const wired = await authority.getTargetFunctionRole(target, selectorOf(signature));
      if (wired !== Roles[role]) failures.push(`${name}.${signature} is wired to role ${wired}, not ${role}`);
    }
  }
  const delays = suite.deployment.delays;
  const expected: Partial<Record<RoleName, RoleGrant[]>> = {
    ADMIN: [{ account: config.admin, executionDelay: 0 }],
    TRANSFER_AGENT: [{ account: await suite.ownershipTransfer.getAddress(), executionDelay: 0 }],
  };
  for (const [role, accounts] of Object.entries(config.grants ?? {}) as [RoleName, string[]][]) {
    const executionDelay = executionDelayOf(role, delays);
    expected[role] = accounts.map((account) => ({ account: getAddress(account), executionDelay }));
  }
  for (const [role, grants] of Object.entries(expected) as [RoleName, RoleGrant[]][]) {
    for (const grant of grants) {
      const [isMember, delay] = await authority.hasRole(Roles[role], grant.account);
      if (!isMember || Number(delay) !== grant.executionDelay) {
        failures.push(`${grant.account} should hold ${role} with delay ${grant.executionDelay}`);
      }
    }
  }
  for (const role of ["ADMIN", ...LABELLED_ROLES] as RoleName[]) {
    const listed = (expected[role] ?? []).some((grant) => grant.account === deployer);
    const [isMember] = await authority.hasRole(Roles[role], deployer);
    if (isMember && !listed) failures.push(`the deployer ${deployer} still holds ${role}`);
  }
  if (failures.length > 0) {
    throw new EgovError(`the deployed suite fails its on-chain checks: ${failures[0]}`, {
      details: failures.join("\n"),
    });
  }
  return expected;
}

/**
 * Records each proxy's implementation and storage layout in the OpenZeppelin upgrades manifest of the network, so
 * that `suite upgrade` can validate a new implementation against the deployed one.
 */
async function recordLayouts(
  hre: HardhatRuntimeEnvironment,
  connection: NetworkConnection,
  deployment: SuiteDeployment,
): Promise<void> {
  const api = await upgrades(hre, connection);
  for (const { name } of DEPLOYED) {
    const factory = await connection.ethers.getContractFactory(name);
    await api.forceImport(deployment.contracts[name]!.proxy, factory, { kind: "uups" });
  }
}
