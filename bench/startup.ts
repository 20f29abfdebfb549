/**
 * The start-up benchmark, `npm run bench:startup`: the time from starting a command to its answer, for the same read
 * (`property show` of a registered title) and the same help text, run by Hardhat (`hardhat property show`, the binary
 * `npx hardhat` starts) and by the package's own command (`egov property show`, the binary `npx egov` starts),
 * alternately in one run on one machine, against one node. Each figure is the median of `EGOV_BENCH_STARTUP_RUNS`
 * runs (default 7) after one unmeasured warm-up run of each, as wall time and as the processor time of the command's
 * process (with GNU time), which a busy machine inflates far less. `npx` adds the same few hundred milliseconds of its own to
 * both; it is left out. Writes the figures into `bench/startup-report.json`, keeping the keys it does not measure.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { JsonRpcProvider, keccak256, toUtf8Bytes } from "ethers";

import { buildEgov } from "../scripts/build-egov.js";
import { PropertyRegistry__factory } from "../src/contracts.js";
import type { SuiteDeployment } from "../src/deployment.js";
import { collect, HARDHAT_BIN, PROJECT_ROOT, spawnDeploy } from "../test/e2e/helpers/cli.js";
import { startAnvil } from "../test/e2e/helpers/node.js";

const REPORT = fileURLToPath(new URL("./startup-report.json", import.meta.url));
const REFERENCE = "UT-BENCH-1";
/** The land registrar of `deployments/config/localhost.json` (Hardhat's test account #2). */
const REGISTRAR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const OWNER = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";

/** One measured start-up figure. */
interface StartupFigure {
  readonly note: string;
  readonly command: string;
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** The processor time (user and system) of the command's process, median: what a busy machine does not inflate. */
  readonly cpuMedianMs?: number;
}

/** GNU time, which reports a process's processor time; without it the report has wall times only. */
const GNU_TIME = "/usr/bin/time";

function runsFromEnv(): number {
  const raw = process.env.EGOV_BENCH_STARTUP_RUNS;
  const runs = raw === undefined || raw === "" ? 7 : Number(raw);
  if (!Number.isSafeInteger(runs) || runs < 1) throw new Error(`EGOV_BENCH_STARTUP_RUNS must be a positive integer`);
  return runs;
}

/** Runs a program to its end; its wall time and processor time in milliseconds. Fails on a non-zero exit. */
async function timed(
  program: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ wall: number; cpu: number | undefined }> {
  const withTime = existsSync(GNU_TIME);
  const [file, argv] = withTime ? [GNU_TIME, ["-f", "cpu %U %S", program, ...args]] : [program, [...args]];
  const started = process.hrtime.bigint();
  const result = await collect(spawn(file, argv, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] }));
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.code !== 0) throw new Error(`${program} ${args.join(" ")} failed: ${result.stderr}`);
  const cpuLine = result.errorLines.at(-1)?.match(/^cpu ([\d.]+) ([\d.]+)$/);
  return { wall, cpu: cpuLine == null ? undefined : (Number(cpuLine[1]) + Number(cpuLine[2])) * 1000 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return Math.round(sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2);
}

async function main(): Promise<void> {
  const runs = runsFromEnv();
  const work = mkdtempSync(join(tmpdir(), "egov-bench-startup-"));
  const egov = await buildEgov(join(work, "bin"));
  const node = await startAnvil({ chainId: 31337 });
  try {
    const deploymentsDir = join(work, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    copyFileSync(
      join(PROJECT_ROOT, "deployments", "config", "localhost.json"),
      join(deploymentsDir, "config", "localhost.json"),
    );
    const deployed = await collect(spawnDeploy({ rpcUrl: node.url, deploymentsDir }));
    if (deployed.code !== 0) throw new Error(`deploy failed: ${deployed.stderr}`);
    const deployment = JSON.parse(readFileSync(join(deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const registry = PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy);
    const registrar = await provider.getSigner(REGISTRAR);
    const deed = keccak256(toUtf8Bytes(`deed of ${REFERENCE}`));
    await (await registry.connect(registrar).registerTitle(REFERENCE, OWNER, deed, "")).wait();
    provider.destroy();

    const env = {
      ...process.env,
      EGOV_RPC_URL: node.url,
      EGOV_DEPLOYMENTS_DIR: deploymentsDir,
      FORCE_COLOR: "0",
    };
    const read = ["property", "show", "--parcel", REFERENCE];
    const cases = {
      "startup.read.hardhat": { program: HARDHAT_BIN, args: [...read, "--network", "localhost"] },
      "startup.read.egov": { program: process.execPath, args: [egov, ...read, "--network", "localhost"] },
      "startup.help.hardhat": { program: HARDHAT_BIN, args: ["property", "show", "--help"] },
      "startup.help.egov": { program: process.execPath, args: [egov, "property", "show", "--help"] },
    } as const;
    const measured: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((key) => [key, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((key) => [key, []]));
    for (const { program, args } of Object.values(cases)) await timed(program, args, env);
    for (let run = 0; run < runs; run++) {
      for (const [key, { program, args }] of Object.entries(cases)) {
        const time = await timed(program, args, env);
        measured[key].push(time.wall);
        if (time.cpu !== undefined) cpu[key].push(time.cpu);
      }
    }

    const figures: Record<string, StartupFigure> = {};
    for (const [key, { args }] of Object.entries(cases)) {
      const runner = key.endsWith(".egov") ? "egov" : "npx hardhat";
      const shown = args.filter((arg) => arg !== egov).join(" ");
      figures[key] = {
        note: `${runner} ${shown}: wall time from start to exit, median of ${runs}`,
        command: `${runner} ${shown}`,
        medianMs: median(measured[key]),
        runsMs: measured[key].map((value) => Math.round(value)),
        ...(cpu[key].length === 0 ? {} : { cpuMedianMs: median(cpu[key]) }),
      };
    }
    const previous = existsSync(REPORT) ? (JSON.parse(readFileSync(REPORT, "utf8")) as Record<string, unknown>) : {};
    const report = {
      ...previous,
      ...figures,
      "startup.machine": {
        note: "the machine of the last start-up run",
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? "unknown",
        loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
        node: process.version,
        measuredAt: new Date().toISOString(),
      },
    };
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
    for (const [key, figure] of Object.entries(figures)) {
      const processor = figure.cpuMedianMs === undefined ? "" : `, processor ${figure.cpuMedianMs} ms`;
      console.log(`${key.padEnd(22)} ${String(figure.medianMs).padStart(6)} ms${processor}  (${figure.command})`);
    }
    const ratio = figures["startup.read.hardhat"].medianMs / figures["startup.read.egov"].medianMs;
    console.log(`a read starts ${ratio.toFixed(1)} times faster with egov; ${REPORT}`);
  } finally {
    await node.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
