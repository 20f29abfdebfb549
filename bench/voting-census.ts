/**
 * The census part of `npm run bench:voting`: the census of 100,000 registrations and the tree of 2^20 commitments
 * computed the SDK's way (the WebAssembly Poseidon of `src/elections/census-hash.ts`, a level at a time, on every
 * core) beside the earlier ways in the same run, same roots: the level-by-level build over
 * `@railgun-community/poseidon-hash-wasm` (one call a hash, on every core, as the SDK computed censuses before) and
 * `@semaphore-protocol/group` (`poseidon-lite`). `bench/voting.ts` uses these functions in a full run and, with
 * `EGOV_BENCH_VOTING_CENSUS_ONLY=1`, runs only {@link censusOnlyReport}.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { availableParallelism, cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import { id } from "ethers";

import { type CitizenChange, CensusTree, computeCensus, Group, replayCitizenRegister } from "../src/elections/index.js";
import { buildCensusTree, computeCensusParallel } from "../src/elections/node.js";

const require = createRequire(import.meta.url);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
export const BIG_CENSUS = 2 ** 20;
export const CENSUS_TIMING_SIZE = 100_000;
const CENSUS_RUNS = 3;
/** Changes applied one by one to the kept census of 2^20 (each timed). */
export const UPDATE_RUNS = 21;
const TOWN = 4101;
const FLAGS = 3;
const BASIS = id("civil registry extract");

/** Targets of the project, in milliseconds or megabytes. */
export const CENSUS_TARGETS = {
  "census.100000.ms": 5_000,
  "census.1048576.ms": 60_000,
  "census.update.ms": 5,
  "census.1048576.memoryMB": 1_024,
} as const;

const log = (message: string) => console.log(`[census] ${message}`);
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A generated voting commitment: a non-zero field element derived from a label, distinct for distinct labels. */
export function generatedCommitment(label: string): bigint {
  return (BigInt(`0x${createHash("sha256").update(label).digest("hex")}`) >> 8n) % SNARK_SCALAR_FIELD || 1n;
}

/** The earlier SDK's worker: a block's levels hashed pair by pair with the railgun WASM Poseidon (one call a hash). */
const RAILGUN_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { poseidonHex } = require(workerData.hashModule);
parentPort.on("message", (task) => {
  const levels = [task.leaves.map((leaf) => leaf.toString(16))];
  let current = levels[0];
  while (current.length > 1 && levels.length < workerData.stop) {
    const next = [];
    for (let i = 0; i + 1 < current.length; i += 2) next.push(poseidonHex([current[i], current[i + 1]]));
    if (current.length % 2 === 1) next.push(current[current.length - 1]);
    levels.push(next);
    current = next;
  }
  parentPort.postMessage({ block: task.block, levels });
});
`;

/**
 * The census root as the SDK computed it before: aligned blocks of leaves hashed up on worker threads (one per core)
 * with `@railgun-community/poseidon-hash-wasm`, one call a hash, the levels above in this thread.
 */
export async function railgunCensusRoot(members: readonly bigint[]): Promise<bigint> {
  const hashModule = require.resolve("@railgun-community/poseidon-hash-wasm");
  const { poseidonHex } = require(hashModule) as { poseidonHex(inputs: string[]): string };
  const threads = availableParallelism();
  const blockBits = Math.max(10, Math.floor(Math.log2(members.length / (threads * 4))));
  const blockSize = 2 ** blockBits;
  const tasks: { block: number; leaves: readonly bigint[] }[] = [];
  for (let start = 0; start < members.length; start += blockSize) {
    tasks.push({ block: tasks.length, leaves: members.slice(start, start + blockSize) });
  }
  const parts: string[][][] = new Array(tasks.length);
  const workers = Array.from(
    { length: Math.min(threads, tasks.length) },
    () => new Worker(RAILGUN_WORKER, { eval: true, workerData: { hashModule, stop: blockBits + 1 } }),
  );
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              const task = tasks[next++];
              if (task === undefined) resolve();
              else worker.postMessage(task);
            };
            worker.on("message", (done: { block: number; levels: string[][] }) => {
              parts[done.block] = done.levels;
              give();
            });
            worker.once("error", reject);
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  let current = parts.map((part) => part[part.length - 1]!).flat();
  while (current.length > 1) {
    const next: string[] = [];
    for (let i = 0; i + 1 < current.length; i += 2) next.push(poseidonHex([current[i]!, current[i + 1]!]));
    if (current.length % 2 === 1) next.push(current[current.length - 1]!);
    current = next;
  }
  return BigInt(`0x${current[0]}`);
}

/** The root by `@semaphore-protocol/group` of `leaves`, computed in a worker thread. */
export function groupRootInWorker(leaves: readonly bigint[]): Promise<bigint> {
  return new Promise<bigint>((resolve, reject) => {
    const worker = new Worker(
      `const { parentPort, workerData } = require("node:worker_threads");
       const { Group } = require("@semaphore-protocol/group");
       parentPort.postMessage(new Group(workerData).root);`,
      { eval: true, workerData: leaves },
    );
    worker.once("message", (root: bigint) => {
      resolve(root);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

/** The root of `leaves` (a power of two of them) by `@semaphore-protocol/group`, the two halves in two threads. */
export async function groupRootTwoThreads(leaves: readonly bigint[]): Promise<bigint> {
  const half = leaves.length / 2;
  const rightRoot = groupRootInWorker(leaves.slice(half));
  const left = new Group(leaves.slice(0, half)).root;
  return new Group([left, await rightRoot]).root;
}

/** Times of the census of 100,000 registrations, the SDK's way and the earlier ways, same roots. */
export interface CensusTimes {
  readonly parallel: number[];
  readonly oneThread: number[];
  readonly railgun: number[];
  readonly group: number[];
}

/** Times the census of 100,000 registrations, from the changes as `readCitizenChanges` returns them. */
export async function censusTiming(): Promise<CensusTimes> {
  const changes: CitizenChange[] = Array.from({ length: CENSUS_TIMING_SIZE }, (_, i) => ({
    kind: "registered",
    citizenKey: id(`census citizen ${i}`),
    sequence: BigInt(i + 1),
    index: i,
    jurisdiction: TOWN,
    flags: FLAGS,
    votingCommitment: generatedCommitment(`census commitment ${i}`),
    basis: BASIS,
  }));
  const selector = { changes, jurisdiction: TOWN, requiredFlags: FLAGS };
  const times: CensusTimes = { parallel: [], oneThread: [], railgun: [], group: [] };
  const roots = new Set<bigint>();
  for (let run = 0; run < CENSUS_RUNS; run++) {
    let computing = performance.now();
    const census = await computeCensusParallel(selector);
    times.parallel.push(performance.now() - computing);
    computing = performance.now();
    const single = computeCensus(selector);
    times.oneThread.push(performance.now() - computing);
    if (census.size !== CENSUS_TIMING_SIZE || single.size !== CENSUS_TIMING_SIZE) throw new Error("census size");
    roots.add(census.root).add(single.root);
    log(
      `census of ${CENSUS_TIMING_SIZE.toLocaleString("en")}: ${Math.round(times.parallel.at(-1)!)} ms on every core, ${Math.round(times.oneThread.at(-1)!)} ms in one thread`,
    );
  }
  // The earlier ways, once each (they are the slow ones): the same replay, the root as the SDK computed it before
  // (railgun's WASM Poseidon, a call a hash, every core), then by @semaphore-protocol/group.
  let computing = performance.now();
  let members = replayCitizenRegister(changes).map((citizen) => citizen.votingCommitment);
  roots.add(await railgunCensusRoot(members));
  times.railgun.push(performance.now() - computing);
  log(`  the earlier way (railgun's WASM Poseidon, every core): ${Math.round(times.railgun[0]!)} ms`);
  computing = performance.now();
  members = replayCitizenRegister(changes).map((citizen) => citizen.votingCommitment);
  roots.add(new Group(members).root);
  times.group.push(performance.now() - computing);
  log(`  the earlier way (@semaphore-protocol/group): ${Math.round(times.group[0]!)} ms`);
  if (roots.size !== 1) throw new Error("the census roots of the ways differ");
  return times;
}

/**
 * The peak resident memory, in MB, of a process that builds a census of 2^20 and nothing else
 * (`bench/census-memory.ts`, run through `hardhat run` so that it loads the SDK's TypeScript as this benchmark does).
 */
export function censusMemoryPeakMB(): number {
  const output = execFileSync("npx", ["hardhat", "run", "--no-compile", here("census-memory.ts")], {
    cwd: here(".."),
    encoding: "utf8",
    env: { ...process.env, EGOV_CENSUS_MEMORY_SIZE: String(BIG_CENSUS) },
    maxBuffer: 16 * 2 ** 20,
  });
  const line = output.trim().split("\n").at(-1) ?? "";
  const { peakMB, size } = JSON.parse(line) as { peakMB: number; size: number };
  if (size !== BIG_CENSUS || !(peakMB > 0)) throw new Error(`census memory: unexpected answer ${line}`);
  return peakMB;
}

/** The tree of 2^20 commitments the SDK's way, with its heap, and the earlier ways' times in the same run. */
export interface BigCensusTimes {
  readonly tree: CensusTree;
  readonly treeMs: number;
  readonly treeMemoryMB: number;
  /** Undefined when the earlier ways are not measured. */
  readonly railgunMs: number | undefined;
  readonly groupMs: number | undefined;
}

/** Builds the tree of `leaves` (2^20 of them) the SDK's way, then, when `earlier`, the earlier ways (same root). */
export async function timeBigCensus(leaves: readonly bigint[], earlier: boolean): Promise<BigCensusTimes> {
  log(`the census tree of ${leaves.length.toLocaleString("en")} commitments, the SDK's WASM level hash on every core`);
  const heapBefore = process.memoryUsage().heapUsed;
  const building = performance.now();
  const tree = await buildCensusTree({ members: leaves });
  const treeMs = performance.now() - building;
  const treeMemoryMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  log(`  ${(treeMs / 1000).toFixed(1)} s, ${Math.round(treeMemoryMB)} MB of heap`);
  if (!earlier) return { tree, treeMs, treeMemoryMB, railgunMs: undefined, groupMs: undefined };
  log(`the same tree the earlier way: railgun's WASM Poseidon, a call a hash, every core`);
  let computing = performance.now();
  const railgunRoot = await railgunCensusRoot(leaves);
  const railgunMs = performance.now() - computing;
  log(`  ${(railgunMs / 1000).toFixed(1)} s`);
  log(`the same tree the earliest way: @semaphore-protocol/group in two threads`);
  computing = performance.now();
  const groupRoot = await groupRootTwoThreads(leaves);
  const groupMs = performance.now() - computing;
  log(`  ${(groupMs / 1000).toFixed(1)} s`);
  if (railgunRoot !== tree.root || groupRoot !== tree.root) throw new Error("the census roots of the ways differ");
  return { tree, treeMs, treeMemoryMB, railgunMs, groupMs };
}

/** One rotated commitment and one newcomer applied to the kept tree, `UPDATE_RUNS` times, each timed. */
export function timeUpdates(tree: CensusTree): { updateMs: number[]; appendMs: number[] } {
  log(`changes applied one by one to the kept census of ${tree.size.toLocaleString("en")}`);
  const updateMs: number[] = [];
  const appendMs: number[] = [];
  for (let run = 0; run < UPDATE_RUNS; run++) {
    const rotated = generatedCommitment(`bench rotation ${run}`);
    const index = Number(BigInt(id(`bench rotation index ${run}`)) % BigInt(BIG_CENSUS));
    const updating = performance.now();
    tree.update(index, rotated);
    updateMs.push(performance.now() - updating);
    const appending = performance.now();
    tree.append(generatedCommitment(`bench newcomer ${run}`));
    appendMs.push(performance.now() - appending);
  }
  return { updateMs, appendMs };
}

/** Microseconds per Poseidon hash in one thread, from trees of 20,000 leaves (19,999 hashes and nothing else). */
export function hashMicros(): { census: number; railgun: number; poseidonLite: number } {
  const sample = Array.from({ length: 20_000 }, (_, i) => generatedCommitment(`hash sample ${i}`));
  const { poseidonHex } = require("@railgun-community/poseidon-hash-wasm") as {
    poseidonHex(inputs: string[]): string;
  };
  const micros = (tree: () => unknown) => {
    const hashing = performance.now();
    tree();
    return ((performance.now() - hashing) * 1000) / (sample.length - 1);
  };
  return {
    census: micros(() => new CensusTree(sample).root),
    railgun: micros(() => {
      let current = sample.map((leaf) => leaf.toString(16));
      while (current.length > 1) {
        const next: string[] = [];
        for (let i = 0; i + 1 < current.length; i += 2) next.push(poseidonHex([current[i]!, current[i + 1]!]));
        if (current.length % 2 === 1) next.push(current[current.length - 1]!);
        current = next;
      }
      return current[0];
    }),
    poseidonLite: micros(() => new Group(sample).root),
  };
}

/** Everything the census keys of `bench/voting-report.json` are made of. */
export interface CensusFigures {
  readonly census: CensusTimes;
  readonly big: BigCensusTimes;
  readonly rssMB: number;
  readonly updateMs: readonly number[];
  readonly appendMs: readonly number[];
  readonly hash: ReturnType<typeof hashMicros>;
}

const round2 = (value: number) => Math.round(value * 100) / 100;
const timed = (ms: number, target: number, runs: number, note: string) => ({
  ms: ms < 100 ? round2(ms) : Math.round(ms),
  target,
  result: ms <= target ? "pass" : "miss",
  ...(ms > target ? { missBy: Math.round(ms - target) } : {}),
  runs,
  note,
});

/** The census keys of `bench/voting-report.json`, each beside the earlier ways measured in the same run. */
export function censusReport(figures: CensusFigures): Record<string, unknown> {
  const { census, big, hash } = figures;
  return {
    "census.100000.ms": {
      ...timed(
        median(census.parallel),
        CENSUS_TARGETS["census.100000.ms"],
        census.parallel.length,
        "median time of computeCensusParallel over 100,000 registrations: replay of the register's changes, selection of the eligible, the Semaphore (LeanIMT, Poseidon) tree hashed a level at a time in WebAssembly memory (wasmcurves' field arithmetic) on every core",
      ),
      allMs: census.parallel.map(Math.round),
      oneThreadMs: census.oneThread.map(Math.round),
      besideMs: {
        "railgun WASM Poseidon, a call a hash, every core": census.railgun.map(Math.round),
        "@semaphore-protocol/group": census.group.map(Math.round),
      },
      besideNote:
        "the earlier ways in the same run, one run each: the same replay, the root as the SDK computed it before (railgun), and by @semaphore-protocol/group (poseidon-lite)",
      poseidonMicroseconds: round2(hash.census),
      railgunPoseidonMicroseconds: round2(hash.railgun),
      poseidonLiteMicroseconds: round2(hash.poseidonLite),
      hashes: CENSUS_TIMING_SIZE - 1,
    },
    [`census.${BIG_CENSUS}.ms`]: {
      ...timed(
        big.treeMs,
        CENSUS_TARGETS["census.1048576.ms"],
        1,
        `time to compute the Semaphore tree of ${BIG_CENSUS.toLocaleString("en")} commitments: buildCensusTree, the WebAssembly level hash on every core`,
      ),
      ...(big.railgunMs === undefined || big.groupMs === undefined
        ? {}
        : {
            besideMs: {
              "railgun WASM Poseidon, a call a hash, every core": [Math.round(big.railgunMs)],
              "@semaphore-protocol/group, two threads": [Math.round(big.groupMs)],
            },
            besideNote: "the earlier ways in the same run, same root",
          }),
    },
    [`census.${BIG_CENSUS}.memoryMB`]: {
      mb: Math.round(figures.rssMB),
      target: CENSUS_TARGETS["census.1048576.memoryMB"],
      result: figures.rssMB <= CENSUS_TARGETS["census.1048576.memoryMB"] ? "pass" : "miss",
      heapMB: Math.round(big.treeMemoryMB),
      note: "mb, judged against the target: the peak resident memory of a process that builds the census of 2^20 and nothing else (bench/census-memory.ts: its members, the tree, the hashing threads and the TypeScript loader); heapMB: the heap the tree holds (every level, nodes as hex text) right after it was built",
    },
    "census.update.ms": {
      ...timed(
        median(figures.updateMs),
        CENSUS_TARGETS["census.update.ms"],
        figures.updateMs.length,
        `median time to apply one commitment rotation to the kept census tree of ${BIG_CENSUS.toLocaleString("en")} (the leaf and its path rehashed, one hash a level)`,
      ),
      allMs: figures.updateMs.map(round2),
      appendMs: round2(median(figures.appendMs)),
      appendNote: "median time to append a newly registered member to the same tree",
    },
  };
}

/** The machine the figures were measured on. */
export function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    node: process.version,
    loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  };
}

/**
 * `EGOV_BENCH_VOTING_CENSUS_ONLY=1`: the census keys alone, without a chain: the census of 100,000, the tree of
 * 2^20 generated commitments (the SDK's way and the earlier ways), one change applied to it, and its memory.
 */
export async function censusOnlyReport(): Promise<Record<string, unknown>> {
  const leaves = Array.from({ length: BIG_CENSUS }, (_, i) => generatedCommitment(`bench census member ${i}`));
  const big = await timeBigCensus(leaves, true);
  const { updateMs, appendMs } = timeUpdates(big.tree);
  log(`the census of ${BIG_CENSUS.toLocaleString("en")} alone, in a process of its own, for its memory`);
  const rssMB = censusMemoryPeakMB();
  log(`  peak ${Math.round(rssMB)} MB resident`);
  log(`timing the census root of ${CENSUS_TIMING_SIZE.toLocaleString("en")} commitments (${CENSUS_RUNS} runs)`);
  const census = await censusTiming();
  const hash = hashMicros();
  return {
    ...censusReport({ census, big, rssMB, updateMs, appendMs, hash }),
    censusMachine: machine(),
  };
}
