/**
 * The deployment record `deployments/<network>.json`: its shape, its checks, and `connectSuite` to get typed
 * contracts from it. Reading and writing the files is in `deployment-files.ts`, beside the commands.
 *
 * @module
 */
import type { BaseContract, ContractRunner, Provider } from "ethers";
import { Interface, isAddress } from "ethers";

import type {
  CitizenRegistry,
  CompanyRegistry,
  DiplomaRegistry,
  Elections,
  GovernmentAuthority,
  OwnershipTransfer,
  PropertyRegistry,
} from "./contracts.js";
import {
  GovernmentAuthority__factory,
  CitizenRegistry__factory,
  CompanyRegistry__factory,
  Elections__factory,
  DiplomaRegistry__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "./contracts.js";
import {
  ChainMismatchError,
  ContractNotDeployedError,
  DeploymentNotFoundError,
  type NamedInterface,
} from "./errors.js";
import type { RoleName } from "./roles.js";
import type { SuiteContractName } from "./wiring.js";

/** The format tag of deployment records written by this version. */
export const DEPLOYMENT_FORMAT = "egov-registries/deployment@1";

/** A plain contract of the deployment. */
export interface DeployedContract {
  readonly address: string;
  /** Block and transaction of its creation. */
  readonly deploymentBlock: number;
  readonly deploymentTx: string;
  /** Constructor arguments, for source verification. */
  readonly constructorArgs: readonly string[];
}

/** A contract behind an ERC-1967 (UUPS) proxy. */
export interface DeployedProxy {
  /** The address everyone uses. */
  readonly proxy: string;
  /** The implementation the proxy delegated to when the record was written. */
  readonly implementation: string;
  /** Block and transaction that created the proxy (and initialised it). */
  readonly deploymentBlock: number;
  readonly deploymentTx: string;
  /** Block and transaction that created the implementation. */
  readonly implementationBlock: number;
  readonly implementationTx: string;
  /** The implementation's `version()`. */
  readonly version: string;
}

/** One account holding a role, with the execution delay it acts under. */
export interface RoleGrant {
  readonly account: string;
  readonly executionDelay: number;
}

/** The schema of `deployments/<network>.json`. */
export interface SuiteDeployment {
  readonly format: typeof DEPLOYMENT_FORMAT;
  /** The Hardhat network name the suite was deployed with. */
  readonly network: string;
  readonly chainId: number;
  /** The account that sent the deployment transactions; it holds no role afterwards. */
  readonly deployer: string;
  /** When the deployment completed, and when this record was last written. */
  readonly deployedAt: string;
  readonly updatedAt: string;
  /** The Ignition deployment id and journal folder (relative to the deployments folder; null for in-process). */
  readonly ignition: { readonly deploymentId: string; readonly journal: string | null };
  /** The commit of the sources that were deployed, and whether the work tree had uncommitted changes. */
  readonly git: { readonly commit: string | null; readonly dirty: boolean };
  /** The compiler of the deployed bytecode. */
  readonly compiler: { readonly version: string; readonly settings: Readonly<Record<string, unknown>> };
  readonly contracts: { readonly GovernmentAuthority: DeployedContract } & Readonly<
    Partial<Record<SuiteContractName, DeployedProxy>>
  >;
  /** Contract -> function signature -> role, as wired in the authority. */
  readonly wiring: Readonly<Partial<Record<SuiteContractName, Readonly<Record<string, RoleName>>>>>;
  /** The roles as checked on chain when the record was written. */
  readonly roles: {
    readonly admin: string;
    readonly grants: Readonly<Partial<Record<RoleName, readonly RoleGrant[]>>>;
  };
  /** Execution delays in seconds. */
  readonly delays: { readonly recovery: number; readonly upgrade: number; readonly court?: number };
  /** Whether a sale needs a registrar's approval, per registry. */
  readonly saleApproval: Readonly<Record<string, boolean>>;
  /** Upgrades scheduled in the authority and not executed yet, by operation id. */
  readonly pendingUpgrades?: Readonly<Record<string, PendingUpgrade>>;
}

/** A new implementation waiting for its upgrade to be executed. */
export interface PendingUpgrade {
  readonly contract: SuiteContractName;
  readonly implementation: string;
  readonly implementationBlock: number;
  readonly implementationTx: string;
  /** When the upgrade becomes executable, unix seconds. */
  readonly executableAt: number;
}

/**
 * The record after an operation of the authority was executed or cancelled: an executed pending upgrade becomes the
 * contract's implementation (with its `version()` read from chain by the caller), a cancelled one is forgotten.
 */
export function settlePendingUpgrade({
  deployment,
  operationId,
  outcome,
  version,
}: {
  deployment: SuiteDeployment;
  operationId: string;
  outcome: "executed" | "cancelled";
  /** The upgraded contract's `version()` after execution. */
  version?: string;
}): SuiteDeployment | undefined {
  const pending = deployment.pendingUpgrades?.[operationId];
  if (pending === undefined) return undefined;
  const rest = { ...deployment.pendingUpgrades };
  delete rest[operationId];
  const contracts = { ...deployment.contracts } as Record<string, DeployedContract | DeployedProxy>;
  if (outcome === "executed") {
    const current = contracts[pending.contract] as DeployedProxy;
    contracts[pending.contract] = {
      ...current,
      implementation: pending.implementation,
      implementationBlock: pending.implementationBlock,
      implementationTx: pending.implementationTx,
      version: version ?? current.version,
    };
  }
  return {
    ...deployment,
    updatedAt: new Date().toISOString(),
    contracts: contracts as SuiteDeployment["contracts"],
    pendingUpgrades: rest,
  };
}

/** Which deployment to read: by network name or by chain id. */
export type DeploymentSelector = { readonly network: string } | { readonly chainId: number };

/**
 * The name a network's deployment record goes by: the Hardhat network's name, except `hardhat` for the in-process
 * network (Hardhat calls it `default`).
 */
export function deploymentNameOf({ networkName, networkType }: { networkName: string; networkType: string }): string {
  return networkType === "edr-simulated" ? "hardhat" : networkName;
}

/**
 * Checks that a parsed JSON value is a deployment record of this format, with the authority's address and a proxy
 * address for every other contract. `source` names where it came from in messages (a file, a package record).
 *
 * @throws {@link DeploymentNotFoundError} naming what is missing.
 */
export function checkDeploymentRecord(
  record: unknown,
  source: string,
  target: { readonly network?: string; readonly chainId?: number },
): SuiteDeployment {
  const fail = (reason: string): never => {
    throw new DeploymentNotFoundError({ ...target, reason: `${source} ${reason}` });
  };
  if (record === null || typeof record !== "object") return fail("is not a deployment record");
  const candidate = record as Partial<SuiteDeployment>;
  if (candidate.format !== DEPLOYMENT_FORMAT)
    fail(`is not a deployment record (format must be "${DEPLOYMENT_FORMAT}")`);
  if (typeof candidate.chainId !== "number") fail("has no chainId");
  const authority = candidate.contracts?.GovernmentAuthority?.address;
  if (typeof authority !== "string" || !isAddress(authority)) fail("has no GovernmentAuthority address");
  for (const [name, entry] of Object.entries(candidate.contracts ?? {})) {
    if (name === "GovernmentAuthority") continue;
    const proxy = (entry as Partial<DeployedProxy>).proxy;
    if (typeof proxy !== "string" || !isAddress(proxy)) fail(`has no proxy address for ${name}`);
  }
  return candidate as SuiteDeployment;
}

// -----------------------------------------------------------------------------------------------------------------
// Connecting
// -----------------------------------------------------------------------------------------------------------------

/** The suite's contracts, typed, connected to one runner. */
export interface Suite {
  readonly deployment: SuiteDeployment;
  readonly runner: ContractRunner;
  readonly authority: GovernmentAuthority;
  readonly propertyRegistry: PropertyRegistry;
  readonly ownershipTransfer: OwnershipTransfer;
  readonly diplomaRegistry: DiplomaRegistry;
  readonly companyRegistry: CompanyRegistry;
  /** The citizen register; absent from records of deployments made before it existed. */
  readonly citizenRegistry: CitizenRegistry | undefined;
  /** The elections contract; absent from records of deployments made before it existed. */
  readonly elections: Elections | undefined;
  /** Every deployed contract of the suite by name (the authority included), for generic commands. */
  readonly contracts: Readonly<Record<string, BaseContract>>;
  /** Every contract's name and ABI, to decode reverts and logs. */
  readonly interfaces: readonly NamedInterface[];
}

export interface ConnectSuiteParameters {
  readonly deployment: SuiteDeployment;
  /** A signer to send transactions, or a provider to read. */
  readonly runner: ContractRunner;
}

export type ConnectSuiteReturnType = Suite;

/** The ERC-20 functions and errors the commands use (payment tokens are any ERC-20). */
export const ERC20_ABI = [
  "function balanceOf(address account) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 value) returns (bool)",
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event Approval(address indexed owner, address indexed spender, uint256 value)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC20InvalidApprover(address approver)",
  "error ERC20InvalidSpender(address spender)",
  "error ERC20InvalidSender(address sender)",
  "error ERC20InvalidReceiver(address receiver)",
] as const;

/** The ABIs of every contract of the suite (and of ERC-20 tokens), for {@link decodeRevert}. */
export function suiteInterfaces(): NamedInterface[] {
  return [
    {
      name: "PropertyRegistry",
      interface: PropertyRegistry__factory.createInterface(),
      abi: PropertyRegistry__factory.abi,
    },
    {
      name: "OwnershipTransfer",
      interface: OwnershipTransfer__factory.createInterface(),
      abi: OwnershipTransfer__factory.abi,
    },
    {
      name: "DiplomaRegistry",
      interface: DiplomaRegistry__factory.createInterface(),
      abi: DiplomaRegistry__factory.abi,
    },
    {
      name: "CompanyRegistry",
      interface: CompanyRegistry__factory.createInterface(),
      abi: CompanyRegistry__factory.abi,
    },
    {
      name: "CitizenRegistry",
      interface: CitizenRegistry__factory.createInterface(),
      abi: CitizenRegistry__factory.abi,
    },
    {
      name: "Elections",
      interface: Elections__factory.createInterface(),
      abi: Elections__factory.abi,
    },
    {
      name: "GovernmentAuthority",
      interface: GovernmentAuthority__factory.createInterface(),
      abi: GovernmentAuthority__factory.abi,
    },
    { name: "ERC20", interface: new Interface(ERC20_ABI) },
  ];
}

/** Connects the typed contracts of a deployment to a signer or provider. */
export function connectSuite({ deployment, runner }: ConnectSuiteParameters): ConnectSuiteReturnType {
  const { PropertyRegistry: property, OwnershipTransfer: transfer, DiplomaRegistry: diploma } = deployment.contracts;
  const company = deployment.contracts.CompanyRegistry;
  if (property === undefined || transfer === undefined || diploma === undefined || company === undefined) {
    throw new DeploymentNotFoundError({
      network: deployment.network,
      reason: "the record lacks one of PropertyRegistry, OwnershipTransfer, DiplomaRegistry, CompanyRegistry",
    });
  }
  const authority = GovernmentAuthority__factory.connect(deployment.contracts.GovernmentAuthority.address, runner);
  const propertyRegistry = PropertyRegistry__factory.connect(property.proxy, runner);
  const ownershipTransfer = OwnershipTransfer__factory.connect(transfer.proxy, runner);
  const diplomaRegistry = DiplomaRegistry__factory.connect(diploma.proxy, runner);
  const companyRegistry = CompanyRegistry__factory.connect(company.proxy, runner);
  const citizens = deployment.contracts.CitizenRegistry;
  const votes = deployment.contracts.Elections;
  const citizenRegistry = citizens === undefined ? undefined : CitizenRegistry__factory.connect(citizens.proxy, runner);
  const elections = votes === undefined ? undefined : Elections__factory.connect(votes.proxy, runner);
  return {
    deployment,
    runner,
    authority,
    propertyRegistry,
    ownershipTransfer,
    diplomaRegistry,
    companyRegistry,
    citizenRegistry,
    elections,
    contracts: {
      GovernmentAuthority: authority,
      PropertyRegistry: propertyRegistry,
      OwnershipTransfer: ownershipTransfer,
      DiplomaRegistry: diplomaRegistry,
      CompanyRegistry: companyRegistry,
      ...(citizenRegistry === undefined ? {} : { CitizenRegistry: citizenRegistry }),
      ...(elections === undefined ? {} : { Elections: elections }),
    },
    interfaces: suiteInterfaces(),
  };
}

/**
 * Checks that a deployment record matches the chain behind `provider`: the same chain id, and code at every address
 * the record names (a local node restarted since the deployment has none).
 *
 * @throws {@link ChainMismatchError} when the provider is on another chain.
 * @throws {@link ContractNotDeployedError} naming the first contract without code.
 */
export async function checkDeploymentOnChain(deployment: SuiteDeployment, provider: Provider): Promise<void> {
  const { chainId } = await provider.getNetwork();
  if (Number(chainId) !== deployment.chainId) {
    throw new ChainMismatchError({
      network: deployment.network,
      expectedChainId: deployment.chainId,
      actualChainId: Number(chainId),
    });
  }
  const entries = Object.entries(deployment.contracts).flatMap(([contract, entry]) =>
    entry === undefined ? [] : [{ contract, address: "proxy" in entry ? entry.proxy : entry.address }],
  );
  const codes = await Promise.all(entries.map(({ address }) => provider.getCode(address)));
  const missing = entries.find((_, index) => codes[index] === "0x");
  if (missing !== undefined) throw new ContractNotDeployedError({ network: deployment.network, ...missing });
}
