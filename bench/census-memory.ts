/**
 * The memory a census of 2^20 needs, measured in a process of its own: `bench/voting.ts` runs this file with
 * `hardhat run --no-compile` in a child process, so that the figure is the census alone (its members, the tree of
 * every level and the hashing threads), not the benchmark's chain of 10,000 citizens.
 *
 * Prints one JSON line: the tree's root, the time to build it, the heap the tree holds, and the process's peak
 * resident memory (`maxRSS`, worker threads included, since they share the process).
 *
 * @module
 */
import { createHash } from "node:crypto";

import { buildCensusTree } from "../src/elections/node.js";

const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034697931369784405503078401n;
const size = Number(process.env.EGOV_CENSUS_MEMORY_SIZE ?? 2 ** 20);
if (!Number.isInteger(size) || size < 2) throw new Error(`EGOV_CENSUS_MEMORY_SIZE: must be an integer of 2 or more`);

const members: bigint[] = [];
for (let i = 0; i < size; i++) {
  const digest = createHash("sha256").update(`census memory member ${i}`).digest("hex");
  members.push((BigInt(`0x${digest}`) >> 8n) % SNARK_SCALAR_FIELD || 1n);
}
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const tree = await buildCensusTree({ members });
const ms = performance.now() - started;
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
// maxRSS is in kilobytes.
const peakMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ size, root: tree.root.toString(), ms, heapMB, peakMB }));
