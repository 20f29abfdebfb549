/**
 * The node the end-to-end tests run against, chosen with the environment variable `EGOV_E2E_NODE`:
 *
 * - `hardhat` (the default): `npx hardhat node` in a subprocess, chain id 31337;
 * - `anvil`: the anvil binary of the dev dependency `@foundry-rs/anvil-linux-amd64`, with the chain id in
 *   `EGOV_E2E_CHAIN_ID` (2025 by default, so that nothing may assume Hardhat's 31337);
 * - an `http://` or `https://` URL: a node started by hand, which must unlock the 20 accounts of the test mnemonic
 *   (`test test … junk`, as `hardhat node` and `anvil --accounts 20` do) and answer `evm_increaseTime` and `evm_mine`.
 *
 * Every node gets a free port on the loopback interface and is stopped by `stop()` (an external node is left running).
 *
 * In a coverage run (`npm run coverage`) the contracts are instrumented and outgrow EIP-170's 24,576 bytes, so anvil
 * starts without the code-size limit, as Hardhat's own simulated networks do when `--coverage` is given; a normal run
 * keeps the limit.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";

import hre from "hardhat";

import { HARDHAT_BIN, PROJECT_ROOT } from "./cli.js";

/** The clients a test can start. */
export type NodeClient = "hardhat" | "anvil";

/** The chain id anvil runs under unless `EGOV_E2E_CHAIN_ID` says otherwise. */
export const DEFAULT_ANVIL_CHAIN_ID = 2025;

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject()));
    });
  });
}

/** Sends one JSON-RPC request. */
export async function rpc<ResultT = unknown>(url: string, method: string, params: unknown[] = []): Promise<ResultT> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: ResultT; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as ResultT;
}

/** A running node. */
export interface LocalNode {
  readonly url: string;
  /** Which client it is; `external` for a node given by URL. */
  readonly client: NodeClient | "external";
  /** The chain id it answers with. */
  readonly chainId: number;
  /** The subprocess, or null for an external node. */
  readonly process: ChildProcess | null;
  stop(): Promise<void>;
}

/** Options of an anvil node, for the scenarios that need a particular chain. */
export interface AnvilOptions {
  /** Defaults to `EGOV_E2E_CHAIN_ID`, or {@link DEFAULT_ANVIL_CHAIN_ID}. */
  readonly chainId?: number;
  /** The EVM fork (`cancun`, `shanghai`, …); anvil's default (the latest) when absent. */
  readonly hardfork?: string;
  /** The balance of every test account in ether (anvil's default 10,000 when absent). */
  readonly balanceEther?: number;
  /** The base fee of the first block, in wei. */
  readonly baseFee?: bigint;
  /** The gas price the node suggests, in wei. */
  readonly gasPrice?: bigint;
  /** Lets transactions with no priority fee in. */
  readonly noPriorityFee?: boolean;
}

/** The anvil binary shipped by the npm package `@foundry-rs/anvil-linux-amd64` (pinned in devDependencies). */
export function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("@foundry-rs/anvil-linux-amd64/bin/anvil");
}

/** The chain id asked for in `EGOV_E2E_CHAIN_ID`, or the default. */
function chainIdFromEnv(): number {
  const raw = process.env.EGOV_E2E_CHAIN_ID;
  if (raw === undefined || raw === "") return DEFAULT_ANVIL_CHAIN_ID;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`EGOV_E2E_CHAIN_ID must be a positive integer, got "${raw}"`);
  }
  return value;
}

/**
 * Starts the node that `EGOV_E2E_NODE` names (see the module comment) and waits until it answers `eth_chainId`.
 */
export async function startNode(timeoutMs = 60_000): Promise<LocalNode> {
  const selected = (process.env.EGOV_E2E_NODE ?? "hardhat").trim();
  if (selected === "" || selected === "hardhat") return startHardhatNode(timeoutMs);
  if (selected === "anvil") return startAnvil({}, timeoutMs);
  if (/^https?:\/\//.test(selected)) return externalNode(selected, timeoutMs);
  throw new Error(`EGOV_E2E_NODE must be "hardhat", "anvil" or an http(s) URL, got "${selected}"`);
}

/** Starts `hardhat node` on a free port. */
export async function startHardhatNode(timeoutMs = 60_000): Promise<LocalNode> {
  const port = await freePort();
  const child = spawn(HARDHAT_BIN, ["node", "--port", String(port), "--hostname", "127.0.0.1"], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  return started("hardhat", `http://127.0.0.1:${port}`, child, timeoutMs);
}

/** Starts anvil on a free port with Hardhat's 20 test accounts and the options given. */
export async function startAnvil(options: AnvilOptions = {}, timeoutMs = 60_000): Promise<LocalNode> {
  const port = await freePort();
  const args = ["--port", String(port), "--host", "127.0.0.1", "--accounts", "20", "--silent"];
  args.push("--chain-id", String(options.chainId ?? chainIdFromEnv()));
  if (options.hardfork !== undefined) args.push("--hardfork", options.hardfork);
  if (options.balanceEther !== undefined) args.push("--balance", String(options.balanceEther));
  if (options.baseFee !== undefined) args.push("--base-fee", options.baseFee.toString());
  if (options.gasPrice !== undefined) args.push("--gas-price", options.gasPrice.toString());
  if (options.noPriorityFee === true) args.push("--no-priority-fee");
  if (hre.globalOptions.coverage) args.push("--disable-code-size-limit");
  const child = spawn(anvilBinary(), args, { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  return started("anvil", `http://127.0.0.1:${port}`, child, timeoutMs);
}

async function externalNode(url: string, timeoutMs: number): Promise<LocalNode> {
  const chainId = await waitForChainId(url, timeoutMs, () => undefined);
  return { url, client: "external", chainId, process: null, stop: async () => undefined };
}

async function started(client: NodeClient, url: string, child: ChildProcess, timeoutMs: number): Promise<LocalNode> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  let chainId: number;
  try {
    chainId = await waitForChainId(url, timeoutMs, () => {
      if (child.exitCode !== null) throw new Error(`${client} exited with ${child.exitCode}: ${stderr}`);
    });
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    client,
    chainId,
    process: child,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}

/** Polls `eth_chainId` until the node answers; `check` throws when waiting is pointless (the process died). */
async function waitForChainId(url: string, timeoutMs: number, check: () => void): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    check();
    try {
      return Number(BigInt(await rpc<string>(url, "eth_chainId")));
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("eth_chainId:")) throw error;
      if (Date.now() > deadline) throw new Error(`no node answered eth_chainId on ${url} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Moves the node's clock forward and mines a block. */
export async function increaseTime(url: string, seconds: number): Promise<void> {
  await rpc(url, "evm_increaseTime", [seconds]);
  await rpc(url, "evm_mine");
}
