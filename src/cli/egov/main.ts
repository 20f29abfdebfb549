#!/usr/bin/env node
/**
 * The package's own command, `egov <area> <command>`: the admin commands of `npx hardhat <area> <command>` (the same
 * declarations and actions) without starting Hardhat. The command line is read against the declarations alone; the
 * command's code, ethers and the network are loaded only when a command runs.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { COMMANDS } from "../tasks.js";
import { parseCommandLine, UsageError } from "./argv.js";

/** The package's version, from the nearest `package.json` above this file. */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      const parent = dirname(dir);
      if (parent === dir) return "unknown";
      dir = parent;
    }
  }
}

async function main(argv: readonly string[]): Promise<void> {
  let invocation;
  try {
    invocation = parseCommandLine(argv, COMMANDS, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`Error: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (invocation.kind === "help") {
    process.stdout.write(`${invocation.text}\n`);
    return;
  }
  if (invocation.kind === "version") {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const [{ egovHost }, { runWithHost }, { default: action }] = await Promise.all([
    import("./host.js"),
    import("../session.js"),
    invocation.spec.action(),
  ]);
  const host = egovHost({
    network: invocation.network,
    root: process.cwd(),
    env: process.env,
    showStackTraces: invocation.showStackTraces,
  });
  await runWithHost(action, invocation.args, host);
}

await main(process.argv.slice(2));
