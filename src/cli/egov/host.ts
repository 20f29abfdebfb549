/**
 * The host of the `egov` command: the project's network named by `--network` (`project-networks.ts`), reached with
 * ethers alone, its URL and the agencies' keys read from the environment variables the Hardhat configuration names.
 *
 * @module
 */
import { FeeData, JsonRpcProvider, type Signer, Wallet } from "ethers";

import { EgovError, InvalidInputError } from "../../errors.js";
import type { CommandHost, HostConnection } from "../host.js";
import { receiptPolicyFrom } from "../network.js";
import { agencyNames, type ProjectNetwork, projectNetworks } from "../project-networks.js";

/** Where the `egov` command runs. */
export interface EgovHostParameters {
  /** The network's name, from `--network` (or `$EGOV_NETWORK`). */
  readonly network: string;
  /** The project folder, whose `deployments` holds the records. */
  readonly root: string;
  readonly env: NodeJS.ProcessEnv;
  readonly showStackTraces: boolean;
}

/** How long the node may take to say which chain it is before the command gives up. */
const CHAIN_ID_TIMEOUT_MS = 10_000;

/** A provider that prices every transaction at a fixed gas price (a permissioned chain with free gas). */
class FixedGasPriceProvider extends JsonRpcProvider {
  readonly #gasPrice: bigint;

  constructor(url: string, chainId: bigint, gasPrice: bigint) {
    super(url, chainId, { staticNetwork: true });
    this.#gasPrice = gasPrice;
  }

  override async getFeeData(): Promise<FeeData> {
    return new FeeData(this.#gasPrice, null, null);
  }
}

/** The host of the `egov` command. */
export function egovHost(parameters: EgovHostParameters): CommandHost {
  const { network: name, env } = parameters;
  return {
    kind: "egov-command-host",
    root: parameters.root,
    showStackTraces: parameters.showStackTraces,
    async connect() {
      const networks = projectNetworks(env);
      const network = networks[name];
      if (network === undefined) {
        throw new InvalidInputError({
          field: "--network",
          reason: `unknown network "${name}" (known: ${Object.keys(networks).join(", ")})`,
        });
      }
      const url = urlOf(name, network, env);
      const chainId = await chainIdAt(url, name);
      const provider =
        network.gasPrice === undefined
          ? new JsonRpcProvider(url, chainId, { staticNetwork: true })
          : new FixedGasPriceProvider(url, chainId, BigInt(network.gasPrice));
      return connectionOf(name, network, provider, env);
    },
    explain: async (error) => error,
  };
}

function urlOf(name: string, network: ProjectNetwork, env: NodeJS.ProcessEnv): string {
  const raw = env[network.url.variable];
  const url = raw === undefined || raw.trim() === "" ? network.url.default : raw.trim();
  if (url === undefined) {
    throw new EgovError(`network "${name}" needs its node's URL in the environment variable ${network.url.variable}`);
  }
  if (!/^https?:\/\//.test(url)) {
    throw new InvalidInputError({ field: network.url.variable, reason: `must be an http(s) URL, got "${url}"` });
  }
  return url;
}

/** The node's chain id, asked once; a node that does not answer is named with its URL. */
async function chainIdAt(url: string, name: string): Promise<bigint> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(CHAIN_ID_TIMEOUT_MS),
    });
  } catch (error) {
    const how =
      name === "localhost"
        ? "start one with `npx hardhat node`, or point EGOV_RPC_URL at the node (EGOV_RPC_URL=http://host:8545)"
        : `check that the node runs and the URL of network "${name}"`;
    throw new EgovError(`no node answers at ${url} (network "${name}"): ${how}`, { cause: error });
  }
  const body = (await response.json().catch(() => undefined)) as { result?: unknown } | undefined;
  if (!response.ok || typeof body?.result !== "string") {
    throw new EgovError(`the node at ${url} (network "${name}") did not give its chain id (HTTP ${response.status})`);
  }
  return BigInt(body.result);
}

function connectionOf(
  name: string,
  network: ProjectNetwork,
  provider: JsonRpcProvider,
  env: NodeJS.ProcessEnv,
): HostConnection {
  const prefix = network.signers;
  let wallets: Wallet[] | undefined;
  const walletsOf = (): Wallet[] => (wallets ??= prefix === undefined ? [] : agencyWallets(prefix, provider, env));
  const common = {
    networkName: name,
    inProcess: false,
    provider,
    maxLogBlockRange: network.egov?.maxLogBlockRange,
    receipts: (replace: boolean) =>
      receiptPolicyFrom({
        settings: network.egov ?? {},
        maxFeePerGas: network.maxFeePerGasLimit,
        inProcess: false,
        replace,
      }),
    close: async () => provider.destroy(),
  };
  if (prefix === undefined) {
    const accounts = async () => (await provider.send("eth_accounts", [])) as string[];
    return {
      ...common,
      accounts,
      noAccountHint: `the node at network "${name}" unlocks none`,
      signer: (address) => provider.getSigner(address),
      localSigners: async () => Promise.all((await accounts()).map((address) => provider.getSigner(address))),
    };
  }
  return {
    ...common,
    accounts: async () => walletsOf().map((wallet) => wallet.address),
    noAccountHint: `set ${prefix}_DEPLOYER_KEY (or ${prefix}_SIGNERS and a ${prefix}_<AGENCY>_KEY for each agency)`,
    signer: async (address) => {
      const wallet = walletsOf().find((candidate) => candidate.address === address);
      if (wallet === undefined) throw new EgovError(`no key of network "${name}" signs for ${address}`);
      return wallet;
    },
    localSigners: async () => walletsOf() as Signer[],
  };
}

/**
 * The wallets of the agencies named in `<prefix>_SIGNERS`, from `<prefix>_<AGENCY>_KEY`. With no `<prefix>_SIGNERS`
 * and no `<prefix>_DEPLOYER_KEY` the network has no account (reads need none).
 */
function agencyWallets(prefix: string, provider: JsonRpcProvider, env: NodeJS.ProcessEnv): Wallet[] {
  const named = env[`${prefix}_SIGNERS`] !== undefined && env[`${prefix}_SIGNERS`]!.trim() !== "";
  if (!named && (env[`${prefix}_DEPLOYER_KEY`] ?? "") === "") return [];
  return agencyNames(prefix, env).map((agency) => {
    const variable = `${prefix}_${agency}_KEY`;
    const key = env[variable]?.trim();
    if (key === undefined || key === "") {
      throw new InvalidInputError({
        field: variable,
        reason: `is not set: egov reads each agency's key from the environment (Hardhat's keystore is read by \`npx hardhat\` only)`,
      });
    }
    try {
      return new Wallet(key, provider);
    } catch {
      throw new InvalidInputError({ field: variable, reason: "is not a private key (0x and 64 hex digits)" });
    }
  });
}
