/**
 * The project's networks, as data: the configuration variable that holds each node's URL, whose keys sign, the fee
 * settings and the commands' `egov` settings. `hardhat.config.ts` turns each into a Hardhat network (the variables
 * read from Hardhat's keystore or the environment) and the `egov` command reads the same variables from the
 * environment, so that both reach the same node with the same accounts.
 *
 * A network where several agencies hold keys names them in `<PREFIX>_SIGNERS` (comma-separated, `DEPLOYER` when
 * unset), each with its key in `<PREFIX>_<AGENCY>_KEY`: the first named signs by default; the others act with
 * `--from <address>`. An agency that runs the commands on its own machine names only itself
 * (`SEPOLIA_SIGNERS=LAND_REGISTRAR`) and keeps only its own key.
 *
 * @module
 */
import type { EgovNetworkSettings } from "./network.js";

/** One network of the project. */
export interface ProjectNetwork {
  /** The configuration variable that holds the node's URL, and the URL when it is unset. */
  readonly url: { readonly variable: string; readonly default?: string };
  /** The prefix of the agencies' key variables; none: the node signs for its own accounts (a development node). */
  readonly signers?: string;
  /** A fixed gas price in wei for every transaction (a permissioned chain with free gas). */
  readonly gasPrice?: number;
  /** No transaction, nor a replacement, offers more than this per gas (Ignition's `maxFeePerGasLimit`). */
  readonly maxFeePerGasLimit?: bigint;
  /** The commands' confirmations, receipt timeout and fee bump. */
  readonly egov?: EgovNetworkSettings;
}

/** A positive whole number from an environment variable, or `fallback` when it is unset. */
export function countFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/** The agencies named in `<prefix>_SIGNERS` (`DEPLOYER` when unset), checked. */
export function agencyNames(prefix: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const raw = env[`${prefix}_SIGNERS`];
  const agencies = (raw === undefined || raw.trim() === "" ? "DEPLOYER" : raw).split(",").map((name) => name.trim());
  for (const agency of agencies) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(agency)) {
      throw new Error(
        `${prefix}_SIGNERS: "${agency}" is not an agency name (capitals, digits and _, like LAND_REGISTRAR)`,
      );
    }
  }
  return agencies;
}

/** The project's networks by name. */
export function projectNetworks(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, ProjectNetwork>> {
  return {
    localhost: { url: { variable: "EGOV_RPC_URL", default: "http://127.0.0.1:8545" } },
    sepolia: {
      url: { variable: "SEPOLIA_RPC_URL" },
      signers: "SEPOLIA",
      // No transaction offers more than 100 gwei per gas, the deploy's and the commands' replacements included.
      maxFeePerGasLimit: 100_000_000_000n,
      // A transaction counts once 2 blocks hold it; a receipt is awaited 5 minutes before it is reported stuck.
      egov: { confirmations: 2, receiptTimeout: 300 },
    },
    // A permissioned Besu network with QBFT and free gas (zero base fee, unfunded accounts): every transaction is
    // priced at 0, and each agency signs with its own key.
    besu: {
      url: { variable: "BESU_RPC_URL", default: "http://127.0.0.1:8545" },
      signers: "BESU",
      gasPrice: 0,
      egov: { receiptTimeout: countFromEnv("BESU_RECEIPT_TIMEOUT", 60, env) },
    },
  };
}
