import { createHash } from "node:crypto";
import { Group } from "@semaphore-protocol/group";
import { CensusTree } from "./src/elections/tree.js";
import { buildCensusTree } from "./src/elections/tree-workers.js";
const F = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const gen = (l: string) => (BigInt(`0x${createHash("sha256").update(l).digest("hex")}`) >> 8n) % F || 1n;
const n = Number(process.argv[2]);
const what = process.argv[3] ?? "new";
const leaves = Array.from({ length: n }, (_, i) => gen(`m ${i}`));
const h0 = process.memoryUsage().heapUsed;
let t = performance.now();
if (what === "old") { console.log("group", n, Math.round(performance.now() - t), new Group(leaves).root === 0n); process.exit(0); }
if (what === "one") { const tr = new CensusTree(leaves); console.log("one thread", n, Math.round(performance.now() - t)); process.exit(0); }
const tree = await buildCensusTree({ members: leaves });
console.log("parallel", n, Math.round(performance.now() - t), "ms; heap MB", Math.round((process.memoryUsage().heapUsed - h0) / 2 ** 20), "rss", Math.round(process.memoryUsage().rss / 2 ** 20));
const u: number[] = [];
for (let i = 0; i < 21; i++) { t = performance.now(); tree.update((i * 48271) % n, gen(`r ${i}`)); u.push(performance.now() - t); }
u.sort((a, b) => a - b);
console.log("update median", u[10]!.toFixed(2), "min", u[0]!.toFixed(2));
