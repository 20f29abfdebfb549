import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import hre from "hardhat";

import { type CommandResult, command, type CommonArgs } from "../../src/cli/session.js";

const SAFE = "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a";

/** Runs a command action, returning what it printed and the exit code it set (restored afterwards). */
async function capture(run: () => Promise<unknown>): Promise<{ stdout: string; stderr: string; exitCode: unknown }> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  let stdout = "";
  let stderr = "";
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const exitCode = process.exitCode;
  process.exitCode = previousExitCode;
  return { stdout, stderr, exitCode };
}

const nothing = async (): Promise<CommandResult> => ({ data: { answer: 42 }, lines: ["Nothing to register."] });
const nothingToSend = async (): Promise<CommandResult> => ({ ...(await nothing()), transactions: [] });

describe("command sessions", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "egov-session-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("a read-only command's JSON carries no mode; a writing command's says which", async function () {
    const read = command<CommonArgs>({ write: false, needsDeployment: false }, nothing);
    const readJson = JSON.parse((await capture(() => read({ json: true }, hre))).stdout) as Record<string, unknown>;
    expect(readJson).to.not.have.property("mode");
    expect(readJson).to.include({ answer: 42 });
    const write = command<CommonArgs>({ write: true, needsDeployment: false }, nothingToSend);
    const dryJson = JSON.parse((await capture(() => write({ json: true, dryRun: true }, hre))).stdout) as Record<
      string,
      unknown
    >;
    expect(dryJson).to.include({ mode: "dry-run", answer: 42 });
  });

  it("--safe with nothing to do writes no batch file and says so", async function () {
    const file = join(dir, "batch.json");
    const write = command<CommonArgs>({ write: true, needsDeployment: false }, nothingToSend);
    const printed = await capture(() => write({ safe: file, from: SAFE }, hre));
    expect(printed.exitCode).to.equal(undefined);
    expect(printed.stdout.split("\n")).to.deep.equal([
      "Nothing to register.",
      `Nothing to do: no Safe batch written (${file} untouched)`,
      "",
    ]);
    expect(existsSync(file)).to.equal(false);
  });

  it("a command that needs a deployment refuses the in-process network, saying what to run instead", async function () {
    const read = command<CommonArgs>({ write: false }, nothing);
    const printed = await capture(() => read({}, hre));
    expect(printed.exitCode).to.equal(1);
    expect(printed.stdout).to.equal("");
    expect(printed.stderr).to.match(
      /^Error: no --network given: the in-process network "\w+" starts empty for every command and keeps nothing after it; start a node \(`npx hardhat node`\)/,
    );
  });
});
