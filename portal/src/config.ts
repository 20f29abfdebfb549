/**
 * What the page needs to run, served beside it as `config.json`: the RPC URL of the chain, the suite's deployment
 * record and, where one exists, a block explorer. Nothing else: the page has no server of its own.
 *
 * @module
 */
import type { SuiteDeployment } from "../../src/index.js";

/** A sample document offered for download by a local demonstration. */
export interface PortalSample {
  /** The file name, served under `samples/`. */
  readonly file: string;
  /** What the sample is, in English (the demonstration's own description). */
  readonly description: string;
}

/** The schema of `config.json`. */
export interface PortalConfig {
  /** The JSON-RPC endpoint the browser reads from. */
  readonly rpcUrl: string;
  /** The deployment record of the suite on that chain (`deployments/<network>.json`). */
  readonly deployment: SuiteDeployment;
  /** The base URL of a block explorer (for example `https://sepolia.etherscan.io`), or null when there is none. */
  readonly explorerUrl: string | null;
  /** How long the page waits for the node before it says that the node does not answer (default 15). */
  readonly readTimeoutSeconds?: number;
  /** The municipality's ballot relay (`npx hardhat elections relay`), to which the voter's page sends ballots. */
  readonly relayUrl?: string | null;
  /**
   * Where the Semaphore circuit files are served (`semaphore-<depth>.wasm` and `.zkey` of `@zk-kit/semaphore-artifacts`),
   * relative to the page; `circuits/` by default.
   */
  readonly circuitsUrl?: string;
  /** Sample documents of a local demonstration; empty in production. */
  readonly samples?: readonly PortalSample[];
}

/** Why the configuration could not be used, naming the field. */
export class PortalConfigError extends Error {
  constructor(field: string, reason: string) {
    super(`config.json: ${field} ${reason}`);
    this.name = "PortalConfigError";
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a parsed `config.json`, naming the first field that is wrong. */
export function parsePortalConfig(value: unknown): PortalConfig {
  if (!isRecord(value)) throw new PortalConfigError("(root)", "must be a JSON object");
  const { rpcUrl, deployment, explorerUrl, samples, readTimeoutSeconds, relayUrl, circuitsUrl } = value;
  if (typeof rpcUrl !== "string" || !/^(https?|wss?):\/\//.test(rpcUrl)) {
    throw new PortalConfigError("rpcUrl", "must be an http(s) or ws(s) URL");
  }
  if (!isRecord(deployment) || deployment.format !== "egov-registries/deployment@1") {
    throw new PortalConfigError("deployment", 'must be a deployment record (format "egov-registries/deployment@1")');
  }
  if (typeof deployment.chainId !== "number") throw new PortalConfigError("deployment.chainId", "must be a number");
  if (!isRecord(deployment.contracts)) throw new PortalConfigError("deployment.contracts", "must be an object");
  if (
    explorerUrl !== null &&
    explorerUrl !== undefined &&
    (typeof explorerUrl !== "string" || !/^https?:\/\//.test(explorerUrl))
  ) {
    throw new PortalConfigError("explorerUrl", "must be an http(s) URL or null");
  }
  if (samples !== undefined && !Array.isArray(samples)) throw new PortalConfigError("samples", "must be a list");
  if (
    readTimeoutSeconds !== undefined &&
    (typeof readTimeoutSeconds !== "number" || !(readTimeoutSeconds >= 1 && readTimeoutSeconds <= 300))
  ) {
    throw new PortalConfigError("readTimeoutSeconds", "must be a number of seconds from 1 to 300");
  }
  if (relayUrl !== undefined && relayUrl !== null && (typeof relayUrl !== "string" || !/^https?:\/\//.test(relayUrl))) {
    throw new PortalConfigError("relayUrl", "must be an http(s) URL or null");
  }
  if (circuitsUrl !== undefined && (typeof circuitsUrl !== "string" || !circuitsUrl.endsWith("/"))) {
    throw new PortalConfigError("circuitsUrl", "must be a URL or path ending in /");
  }
  return {
    rpcUrl,
    relayUrl: typeof relayUrl === "string" ? relayUrl : null,
    circuitsUrl,
    deployment: deployment as unknown as SuiteDeployment,
    explorerUrl: typeof explorerUrl === "string" ? explorerUrl.replace(/\/+$/, "") : null,
    samples: (samples ?? []) as PortalSample[],
    readTimeoutSeconds,
  };
}
