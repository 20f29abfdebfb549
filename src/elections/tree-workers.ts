/**
 * The census tree computed on every core of a Node machine: the leaves are cut into aligned blocks of 2^k, worker
 * threads hash each block's subtree up to level k (a LeanIMT node depends only on the leaves below it, so a block's
 * levels are those of the whole tree), and the levels above are hashed here. Each worker runs the census hash's
 * WebAssembly module (compiled once, here, and handed over) in a memory of its own, a level of its block at a time.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

import { InvalidInputError } from "../errors.js";
import { type Census, type ComputeCensusParameters, isCensusMember, replayCitizenRegister } from "./census.js";
import { createLevelHasher, type LevelFailure } from "./census-hash.js";
import { buildCensusLevels, CensusTree, censusHash, censusHashModule, extendLevels } from "./tree.js";

/** Below this many leaves the tree is computed in this thread: starting workers costs more than it saves. */
export const PARALLEL_THRESHOLD = 16_384;

/** Parameters of {@link buildCensusTree}. */
export interface BuildCensusTreeParameters {
  /** The census's members in order. */
  readonly members: readonly bigint[];
  /** How many worker threads to use; the machine's available parallelism by default, 1 to stay in this thread. */
  readonly threads?: number;
}

/** One block of leaves for a worker: its position, and the leaves as numbers. */
interface BlockTask {
  readonly block: number;
  readonly leaves: readonly bigint[];
}

/** The worker's program: an instance of the census hash's module, run by {@link createLevelHasher} itself. */
function workerSource(): string {
  return `
const { parentPort, workerData } = require("node:worker_threads");
// A TypeScript loader that keeps function names calls this helper in the function's text.
var __name = (target) => target;
const createLevelHasher = ${createLevelHasher.toString()};
const memory = new WebAssembly.Memory({ initial: 1 });
const hasher = createLevelHasher(new WebAssembly.Instance(workerData.module, { env: { memory } }), memory);
parentPort.on("message", (task) => {
  const leaves = task.leaves.map((leaf) => (typeof leaf === "bigint" && leaf >= 0n ? leaf.toString(16) : "-"));
  parentPort.postMessage({ block: task.block, levels: hasher.extendLevels([leaves], workerData.stop) });
});
`;
}

/**
 * The census tree of `members`, hashed on `threads` worker threads (both cores of a two-core machine by default).
 * The result is the tree {@link CensusTree} computes in one thread, root and paths alike.
 */
export async function buildCensusTree({ members, threads }: BuildCensusTreeParameters): Promise<CensusTree> {
  const count = threads ?? availableParallelism();
  if (!Number.isInteger(count) || count < 1) {
    throw new InvalidInputError({ field: "threads", reason: `must be a positive integer, got ${threads}` });
  }
  if (count === 1 || members.length < PARALLEL_THRESHOLD) {
    return new CensusTree({ levels: buildCensusLevels(members) });
  }
  // Blocks of 2^k leaves, about four per thread so that a slow thread does not hold the others up.
  const blockBits = Math.max(10, Math.floor(Math.log2(members.length / (count * 4))));
  const blockSize = 2 ** blockBits;
  const tasks: BlockTask[] = [];
  for (let start = 0, block = 0; start < members.length; start += blockSize, block++) {
    tasks.push({ block, leaves: members.slice(start, start + blockSize) });
  }
  const parts: string[][][] = new Array(tasks.length);
  const module = censusHashModule();
  const workers = Array.from(
    { length: Math.min(count, tasks.length) },
    () => new Worker(workerSource(), { eval: true, workerData: { module, stop: blockBits + 1 } }),
  );
  try {
    let next = 0;
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = (): void => {
              const task = tasks[next++];
              if (task === undefined) {
                resolve();
                return;
              }
              worker.postMessage(task);
            };
            worker.on("message", (done: { block: number; levels: string[][] | LevelFailure }) => {
              if ("failed" in done.levels) {
                const index = done.block * blockSize + done.levels.index;
                reject(
                  new InvalidInputError({
                    field: `members[${index}]`,
                    reason: `must be a field element below the BN254 scalar field modulus r, got ${String(members[index])}`,
                  }),
                );
                return;
              }
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
  const levels: string[][] = [];
  for (let level = 0; level <= blockBits; level++) {
    const joined: string[] = [];
    for (const part of parts) {
      const nodes = part[level] ?? part[part.length - 1]!;
      for (const node of nodes) joined.push(node);
    }
    levels.push(joined);
    if (joined.length === 1) break;
  }
  return new CensusTree({ levels: extendLevels(censusHash(), levels, Infinity) });
}

/** Parameters of {@link computeCensusParallel}. */
export interface ComputeCensusParallelParameters extends ComputeCensusParameters {
  /** Worker threads; the machine's available parallelism by default. */
  readonly threads?: number;
}

/** `computeCensus` with the tree hashed on every core: the same census, root included. */
export async function computeCensusParallel({
  changes,
  jurisdiction,
  requiredFlags,
  asOf,
  threads,
}: ComputeCensusParallelParameters): Promise<Census> {
  const sequence = asOf ?? (changes.length === 0 ? 0n : changes[changes.length - 1]!.sequence);
  const members = replayCitizenRegister(changes, sequence)
    .filter((citizen) => isCensusMember(citizen, { jurisdiction, requiredFlags }))
    .map((citizen) => citizen.votingCommitment);
  const tree = await buildCensusTree({ members, ...(threads === undefined ? {} : { threads }) });
  return { jurisdiction, requiredFlags, sequence, members, size: members.length, root: tree.root };
}
