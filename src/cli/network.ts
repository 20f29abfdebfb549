/**
 * The project's settings of a Hardhat network, beside Hardhat's own (`gasPrice`, `accounts`) and Ignition's
 * (`ignition.maxFeePerGasLimit`, …), under the key `egov`:
 *
 * ```ts
 * networks: {
 *   sepolia: {
 *     type: "http",
 *     url: configVariable("SEPOLIA_RPC_URL"),
 *     ignition: { maxFeePerGasLimit: 50_000_000_000n },      // no transaction offers more than 50 gwei per gas
 *     egov: { confirmations: 2, receiptTimeout: 300 },      // 2 blocks, 5 minutes per receipt
 *     // egov: { maxLogBlockRange: 2_000 },                 // an endpoint that serves logs of 2,000 blocks a request
 *   },
 * }
 * ```
 *
 * @module
 */
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { MIN_FEE_BUMP_PERCENT, type ReceiptPolicy } from "../actions/receipts.js";
import { InvalidInputError } from "../errors.js";
import { MAX_LOG_RANGE } from "../logs.js";

/** The `egov` settings of a network. */
export interface EgovNetworkSettings {
  /**
   * Blocks, the transaction's own included, before a command or the deploy counts a transaction done (default 1;
   * Ignition's `requiredConfirmations` for the deploy).
   */
  readonly confirmations?: number;
  /** Seconds a command waits for a transaction to be mined before it reports it stuck (default 120). */
  readonly receiptTimeout?: number;
  /** Percent by which `--replace-stuck` raises the fees of a replacement (default 20, at least 10). */
  readonly feeBump?: number;
  /**
   * Blocks one `eth_getLogs` request of a command spans at most (default 10,000); a range the node refuses is halved
   * anyway, so this only spares the refused requests of an endpoint with a known lower limit.
   */
  readonly maxLogBlockRange?: number;
}

declare module "hardhat/types/config" {
  interface HttpNetworkUserConfig {
    /** egov-registries: confirmations, receipt timeout and fee bump of the commands on this network. */
    egov?: EgovNetworkSettings;
  }
  interface EdrNetworkUserConfig {
    /** egov-registries: confirmations, receipt timeout and fee bump of the commands on this network. */
    egov?: EgovNetworkSettings;
  }
}

/** The network's `egov` settings, checked; a bad value names its key. */
export function networkSettings(hre: HardhatRuntimeEnvironment, networkName: string): EgovNetworkSettings {
  const raw = (hre.userConfig.networks?.[networkName] as { egov?: unknown } | undefined)?.egov;
  if (raw === undefined) return {};
  const key = (name: string) => `networks.${networkName}.egov${name === "" ? "" : `.${name}`}`;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new InvalidInputError({ field: key(""), reason: "must be an object" });
  }
  const settings = raw as Record<string, unknown>;
  const allowed = ["confirmations", "receiptTimeout", "feeBump", "maxLogBlockRange"];
  for (const name of Object.keys(settings)) {
    if (!allowed.includes(name)) {
      throw new InvalidInputError({ field: key(name), reason: `unknown key (expected one of ${allowed.join(", ")})` });
    }
  }
  const positive = (name: string, max: number, min = 1): number | undefined => {
    const why = name === "feeBump" ? " (nodes refuse a replacement that raises the fees by less)" : "";
    const value = settings[name];
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidInputError({ field: key(name), reason: `must be a whole number from ${min} to ${max}${why}` });
    }
    return value;
  };
  return {
    confirmations: positive("confirmations", 1000),
    receiptTimeout: positive("receiptTimeout", 86_400),
    // Nodes refuse a replacement that raises the fees by less than 10%.
    feeBump: positive("feeBump", 1000, MIN_FEE_BUMP_PERCENT),
    maxLogBlockRange: positive("maxLogBlockRange", MAX_LOG_RANGE),
  };
}

/**
 * How the commands of a network send and wait for their transactions: the network's `egov` settings, the fee cap of
 * its `ignition.maxFeePerGasLimit` (for every transaction and replacement), and `replace` (`--replace-stuck`).
 */
export function receiptPolicyOf({
  hre,
  connection,
  replace,
}: {
  hre: HardhatRuntimeEnvironment;
  connection: NetworkConnection;
  replace: boolean;
}): ReceiptPolicy {
  const ignition = "ignition" in connection.networkConfig ? connection.networkConfig.ignition : undefined;
  return receiptPolicyFrom({
    settings: networkSettings(hre, connection.networkName),
    maxFeePerGas: ignition?.maxFeePerGasLimit,
    inProcess: connection.networkConfig.type === "edr-simulated",
    replace,
  });
}

/** The receipt policy of a network's `egov` settings and fee cap, for Hardhat's tasks and the `egov` command alike. */
export function receiptPolicyFrom({
  settings,
  maxFeePerGas,
  inProcess,
  replace,
}: {
  settings: EgovNetworkSettings;
  maxFeePerGas: bigint | undefined;
  inProcess: boolean;
  replace: boolean;
}): ReceiptPolicy {
  return {
    ...(maxFeePerGas === undefined ? {} : { maxFeePerGas }),
    ...(settings.confirmations === undefined ? {} : { confirmations: settings.confirmations }),
    ...(settings.receiptTimeout === undefined ? {} : { timeoutMs: settings.receiptTimeout * 1000 }),
    ...(inProcess ? { pollMs: 50 } : {}),
    ...(replace
      ? {
          replace: {
            attempts: 3,
            ...(settings.feeBump === undefined ? {} : { bumpPercent: settings.feeBump }),
            ...(maxFeePerGas === undefined ? {} : { maxFeePerGas }),
          },
        }
      : {}),
  };
}
