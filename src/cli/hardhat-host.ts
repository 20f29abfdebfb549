/**
 * The host of a command run as a Hardhat task: the network of `--network` through Hardhat's connection, its accounts
 * (the keystore's keys or the node's), and Hardhat's error for a node that does not answer explained.
 *
 * @module
 */
import type { Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { EgovError } from "../errors.js";
import type { CommandHost } from "./host.js";
import { networkSettings, receiptPolicyOf } from "./network.js";

/** The host of a Hardhat task. */
export function hardhatHost(hre: HardhatRuntimeEnvironment): CommandHost {
  return {
    kind: "egov-command-host",
    root: hre.config.paths.root,
    // Hardhat turns `--show-stack-traces` on by itself on CI machines, where a command must still fail with one line.
    showStackTraces: hre.globalOptions.showStackTraces && process.env.CI === undefined,
    async connect() {
      const connection = await hre.network.create();
      return {
        networkName: connection.networkName,
        inProcess: connection.networkConfig.type === "edr-simulated",
        provider: connection.ethers.provider,
        accounts: async () => (await connection.provider.request({ method: "eth_accounts" })) as string[],
        noAccountHint: "configure one (keystore)",
        signer: (address) => connection.ethers.getSigner(address),
        localSigners: () => connection.ethers.getSigners() as Promise<Signer[]>,
        maxLogBlockRange: networkSettings(hre, connection.networkName).maxLogBlockRange,
        receipts: (replace) => receiptPolicyOf({ hre, connection, replace }),
        close: () => connection.close(),
        hardhat: { hre, connection },
      };
    },
    explain: (error, networkName) => explainConnection(error, hre, networkName),
  };
}

/** The error number Hardhat gives a refused connection to an HTTP network (`HHE703`). */
const CONNECTION_REFUSED = 703;

/**
 * A refused connection to a node named with the URL that was tried and how to point the network elsewhere; any other
 * error unchanged.
 */
async function explainConnection(
  error: unknown,
  hre: HardhatRuntimeEnvironment,
  networkName: string | undefined,
): Promise<unknown> {
  let current: unknown = error;
  while (current instanceof Error && (current as { number?: unknown }).number !== CONNECTION_REFUSED) {
    current = current.cause;
  }
  if (!(current instanceof Error)) return error;
  const name = networkName ?? hre.globalOptions.network ?? "localhost";
  const config = hre.config.networks[name];
  let url = "(its configured url)";
  if (config?.type === "http") {
    try {
      url = typeof config.url === "string" ? config.url : await config.url.get();
    } catch {
      url = `(${config.url.format})`;
    }
  }
  const how =
    name === "localhost"
      ? "start one with `npx hardhat node`, or point EGOV_RPC_URL at the node (EGOV_RPC_URL=http://host:8545)"
      : `check that the node runs and the url of network "${name}" in hardhat.config.ts`;
  return new EgovError(`no node answers at ${url} (network "${name}"): ${how}`, { cause: error });
}
