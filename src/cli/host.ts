/**
 * Where a command runs: inside Hardhat, as a task (`npx hardhat property show`), or in the package's own `egov`
 * command, which talks to the node with ethers alone. The session asks its host for the network, the accounts it can
 * sign for and how to wait for receipts; the commands themselves are the same.
 *
 * @module
 */
import type { Provider, Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";

import type { ReceiptPolicy } from "../actions/receipts.js";

/** An open connection to the network a command works on. */
export interface HostConnection {
  readonly networkName: string;
  /** An in-process chain that starts empty for every command (Hardhat's default network). */
  readonly inProcess: boolean;
  readonly provider: Provider;
  /** The accounts the network can sign for, the default acting account first. */
  accounts(): Promise<string[]>;
  /** What to configure when the network has no account to sign with. */
  readonly noAccountHint: string;
  /** A signer of one of {@link HostConnection.accounts}. */
  signer(address: string): Promise<Signer>;
  /** Every account's signer. */
  localSigners(): Promise<Signer[]>;
  /** Blocks one `eth_getLogs` request spans at most on this network (`egov.maxLogBlockRange`), if set. */
  readonly maxLogBlockRange?: number;
  /** How transactions are awaited on this network; `replace` is `--replace-stuck`. */
  receipts(replace: boolean): ReceiptPolicy;
  close(): Promise<void>;
  /** Hardhat's runtime and connection, for the commands that need Hardhat itself (the deploy, an upgrade). */
  readonly hardhat?: { readonly hre: HardhatRuntimeEnvironment; readonly connection: NetworkConnection };
}

/** What a command needs from where it runs. */
export interface CommandHost {
  readonly kind: "egov-command-host";
  /** The project folder, whose `deployments` (or `$EGOV_DEPLOYMENTS_DIR`) holds the deployment records. */
  readonly root: string;
  /** Opens the network. */
  connect(): Promise<HostConnection>;
  /** A node that does not answer, named with the URL tried and what to do; any other error unchanged. */
  explain(error: unknown, networkName: string | undefined): Promise<unknown>;
  /** Whether a failure also prints its stack trace. */
  readonly showStackTraces: boolean;
}

/** Whether a command's second argument is a host (the `egov` command's) rather than Hardhat's runtime. */
export function isCommandHost(value: unknown): value is CommandHost {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "egov-command-host";
}
