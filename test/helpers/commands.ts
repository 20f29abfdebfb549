/**
 * Runs the commands' own definitions in process, against a suite deployed on an in-process Hardhat network: a command
 * host whose network is that chain (named "testchain", its deployment record written to a temporary folder), every
 * option of the command's declaration present (as the command line gives them), and the printed output captured.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { type CommandSpec, isGroup, optionsOf } from "../../src/cli/define.js";
import type { CommandHost } from "../../src/cli/host.js";
import { runWithHost } from "../../src/cli/session.js";
import { COMMANDS } from "../../src/cli/tasks.js";
import type { SuiteDeployment } from "../../src/deployment.js";

/** What a command printed, and the exit code it set. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | undefined;
  /** The stdout lines, without the final empty one. */
  readonly lines: readonly string[];
}

/** A command host over an in-process chain, with the deployment record in its own folder. */
export function inProcessHost(connection: NetworkConnection, deployment: SuiteDeployment): CommandHost {
  const root = mkdtempSync(join(tmpdir(), "egov-commands-"));
  mkdirSync(join(root, "deployments"), { recursive: true });
  writeFileSync(
    join(root, "deployments", "testchain.json"),
    JSON.stringify({ ...deployment, network: "testchain" }, null, 2),
  );
  const { ethers } = connection;
  return {
    kind: "egov-command-host",
    root,
    showStackTraces: false,
    async connect() {
      return {
        networkName: "testchain",
        inProcess: false,
        provider: ethers.provider,
        accounts: async () => (await ethers.getSigners()).map((s) => s.address),
        noAccountHint: "configure one",
        signer: (address: string) => ethers.getSigner(address) as Promise<Signer>,
        localSigners: () => ethers.getSigners() as Promise<Signer[]>,
        receipts: () => ({ pollMs: 10 }),
        close: async () => {},
      };
    },
    explain: async (error: unknown) => error,
  };
}

/** Runs `<area> <command>` with `args` (camelCase option names) and captures its output. */
export async function runCommand(
  host: CommandHost,
  id: readonly [string, string],
  args: Readonly<Record<string, string | boolean | undefined>> = {},
): Promise<CommandOutput> {
  const spec = COMMANDS.find(
    (definition): definition is CommandSpec =>
      !isGroup(definition) && definition.id[0] === id[0] && definition.id[1] === id[1],
  );
  if (spec === undefined) throw new Error(`no command ${id.join(" ")}`);
  const full: Record<string, unknown> = {};
  for (const option of optionsOf(spec)) full[option.name] = option.kind === "flag" ? false : option.defaultValue;
  for (const [name, value] of Object.entries(args)) {
    if (!(name in full)) throw new Error(`${id.join(" ")} has no option ${name}`);
    full[name] = value;
  }
  const action = (await spec.action()).default;
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  let stdout = "";
  let stderr = "";
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  let exitCode: number | undefined;
  try {
    await runWithHost(action, full, host);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
    process.exitCode = previousExitCode;
  }
  return { stdout, stderr, exitCode, lines: stdout.split("\n").slice(0, -1) };
}
