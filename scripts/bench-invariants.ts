/**
 * The long fuzz campaign: runs every Solidity test with 10,000 runs per fuzz test and per invariant (each run a random
 * sequence of `EGOV_INVARIANT_DEPTH` calls, the invariant checked after every call), then prints the effort asked
 * for, the runs each test reports and the time taken. `npm test` runs the same tests with a few runs only.
 *
 * Run with `npm run bench:invariants`. Set `EGOV_FUZZ_RUNS`, `EGOV_INVARIANT_RUNS` or `EGOV_INVARIANT_DEPTH` to
 * change the effort.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

/**
 * Calls per invariant run in the long campaign, chosen so that it stays within about 15 minutes: 10,000 runs of 40
 * calls took 12 min 47 s on a two-core machine.
 */
const LONG_DEPTH = "40";

const effort = {
  EGOV_FUZZ_RUNS: process.env.EGOV_FUZZ_RUNS ?? "10000",
  EGOV_INVARIANT_RUNS: process.env.EGOV_INVARIANT_RUNS ?? "10000",
  EGOV_INVARIANT_DEPTH: process.env.EGOV_INVARIANT_DEPTH ?? LONG_DEPTH,
};
const invariantRuns = Number(effort.EGOV_INVARIANT_RUNS);
const depth = Number(effort.EGOV_INVARIANT_DEPTH);

console.log("Solidity fuzz campaign");
console.log(`  fuzz tests:      ${effort.EGOV_FUZZ_RUNS} runs each`);
console.log(
  `  invariant tests: ${invariantRuns} runs of ${depth} calls each (${invariantRuns * depth} calls per invariant)`,
);
console.log();

const started = performance.now();
const output: string[] = [];
const exitCode = await new Promise<number>((resolve, reject) => {
  const child = spawn("npx", ["hardhat", "test", "solidity"], {
    env: { ...process.env, ...effort },
    stdio: ["ignore", "pipe", "inherit"],
    shell: process.platform === "win32",
  });
  child.stdout.on("data", (chunk: Buffer) => {
    process.stdout.write(chunk);
    output.push(chunk.toString());
  });
  child.on("error", reject);
  child.on("close", (code) => resolve(code ?? 1));
});
const seconds = (performance.now() - started) / 1000;

const reported = [...stripVTControlCharacters(output.join("")).matchAll(/(\w+)\(.*?\) \(runs: (\d+)\)/g)].map(
  ([, name, runs]) => ({ name, runs: Number(runs) }),
);
const invariants = reported.filter((test) => test.name.startsWith("invariant_"));
const fuzzTests = reported.filter((test) => test.name.startsWith("testFuzz_"));

console.log("Summary");
console.log(`  invariant tests: ${invariants.length}, runs reported: ${runsOf(invariants)}, depth ${depth}`);
console.log(`  fuzz tests:      ${fuzzTests.length}, runs reported: ${runsOf(fuzzTests)}`);
console.log(`  time:            ${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`);
if (exitCode === 0 && invariants.some((test) => test.runs < invariantRuns)) {
  console.log(`  some invariant ran fewer than ${invariantRuns} runs`);
  process.exitCode = 1;
} else {
  process.exitCode = exitCode;
}

function runsOf(tests: readonly { runs: number }[]): string {
  if (tests.length === 0) return "none";
  const counts = tests.map((test) => test.runs);
  const min = Math.min(...counts);
  const max = Math.max(...counts);
  return min === max ? `${min} each` : `${min} to ${max}`;
}
