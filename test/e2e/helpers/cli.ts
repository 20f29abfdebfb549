/**
 * Runs the admin commands as a user does: `hardhat <area> <command> … --network localhost` (or another network) in a
 * subprocess, with the node's URL and the deployments folder in the environment.
 *
 * With `EGOV_E2E_CLI=egov` the same command lines run through the package's own command (`egov <area> <command> …`,
 * the built `dist/bin/egov.js`), except the commands that need Hardhat itself (they say so in their declaration), which
 * still run as Hardhat tasks.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { COMMANDS } from "../../../src/cli/tasks.js";

/** The project's root folder. */
export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The `hardhat` binary that `npx hardhat` runs. */
export const HARDHAT_BIN = fileURLToPath(new URL("../../../node_modules/.bin/hardhat", import.meta.url));

/** The package's own command, as `npm run build:package` builds it. */
export const EGOV_BIN = fileURLToPath(new URL("../../../dist/bin/egov.js", import.meta.url));

/** Which command line runs the commands: `hardhat` (the default) or `egov`, from `EGOV_E2E_CLI`. */
export function selectedCli(): "hardhat" | "egov" {
  const selected = (process.env.EGOV_E2E_CLI ?? "hardhat").trim();
  if (selected === "hardhat" || selected === "egov") return selected;
  throw new Error(`EGOV_E2E_CLI must be "hardhat" or "egov", got "${selected}"`);
}

/** Whether `args` name a command that runs only as a Hardhat task. */
function needsHardhat(args: readonly string[]): boolean {
  const command = COMMANDS.find(
    (definition) => "id" in definition && definition.id.every((part, index) => args[index] === part),
  );
  return command === undefined || !("id" in command) || command.hardhatOnly !== undefined;
}

/** The outcome of a command. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The stderr lines that are not blank. */
  readonly errorLines: readonly string[];
}

/** Where the commands run: the node, the deployments folder and the Hardhat network. */
export interface CliEnvironment {
  readonly rpcUrl: string;
  readonly deploymentsDir: string;
  /** The Hardhat network the commands name (`localhost` by default; its URL is `rpcUrl`). */
  readonly network?: string;
  /** More environment variables (a network's keys, for example). */
  readonly variables?: Readonly<Record<string, string>>;
}

/** Node's on-disk cache of compiled modules, shared by the commands of a test run: each starts faster. */
const COMPILE_CACHE = join(tmpdir(), "egov-e2e-compile-cache");

function environment(env: CliEnvironment): NodeJS.ProcessEnv {
  return {
    ...process.env,
    EGOV_RPC_URL: env.rpcUrl,
    BESU_RPC_URL: env.rpcUrl,
    EGOV_DEPLOYMENTS_DIR: env.deploymentsDir,
    ...env.variables,
    NODE_COMPILE_CACHE: COMPILE_CACHE,
    FORCE_COLOR: "0",
  };
}

/** Collects a subprocess's output until it exits. */
export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout, stderr, errorLines: stderr.split("\n").filter((line) => line.trim() !== "") }),
    );
  });
}

/** Starts `hardhat <args> --network <network>` without waiting for it. */
export function spawnHardhat(env: CliEnvironment, args: readonly string[]): ChildProcess {
  const commandLine = [...args, "--network", env.network ?? "localhost"];
  const [program, programArgs] =
    selectedCli() === "egov" && !needsHardhat(args)
      ? [process.execPath, [EGOV_BIN, ...commandLine]]
      : [HARDHAT_BIN, commandLine];
  return spawn(program, programArgs, {
    cwd: PROJECT_ROOT,
    env: environment(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Runs `hardhat <args> --network <network>` and waits for it. */
export function hardhat(env: CliEnvironment, args: readonly string[]): Promise<CliResult> {
  return collect(spawnHardhat(env, args));
}

/** Starts `npm run deploy -- --network <network>` in its own process group, so that it can be killed whole. */
export function spawnDeploy(env: CliEnvironment, extra: readonly string[] = []): ChildProcess {
  return spawn("npm", ["run", "--silent", "deploy", "--", "--network", env.network ?? "localhost", ...extra], {
    cwd: PROJECT_ROOT,
    env: environment(env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

/** Parses a command's `--json` output. */
export function json<T = Record<string, unknown>>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}
