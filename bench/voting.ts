/**
 * Gas and speed of citizens and elections, `npm run bench:voting` (run at the end of `npm run bench`): register a
 * citizen and rotate a voting commitment with registers of 10 and 10,000 citizens; create a poll, cast a first
 * ballot and close the poll with each register; cast a ballot and a re-vote with real Semaphore proofs of depth 20
 * against a census of 2^20 commitments; the time to generate a depth-20 proof (the first, cold, and the next ones on
 * the warm prover, beside proofs made the earlier way, the prover released after each) and to compute the census of
 * 100,000 and the tree of 2^20 commitments (the WASM level-by-level tree on both cores, beside
 * `@semaphore-protocol/group` as the SDK used it before, same roots), and to apply one change to a kept 2^20 census.
 *
 * What is real and what is generated:
 * - every citizen is registered on chain through `registerCitizen` (batched in `multicall`, the bulk path); the few
 *   who vote hold real Semaphore identities, the others carry generated commitments (field elements derived from
 *   their index), since deriving a Semaphore identity costs a scalar multiplication per citizen and the contract
 *   never looks inside a commitment;
 * - every ballot carries a real proof, generated offline from the packaged circuit files, verified by the deployed
 *   Semaphore verifier in the measured transaction;
 * - the census of 2^20 is the Semaphore tree of the 10,000-citizen register's census followed by 1,038,576 generated
 *   commitments, computed in full here twice (every Poseidon hash of the tree, by the SDK's tree and by
 *   `@semaphore-protocol/group`), and stated to `createPoll` as a census officer would state it: `castBallot` reads only the poll's frozen root, never the register, so the register's
 *   size cannot change a ballot's gas (compare `election.vote.at10` and `election.vote.at10000`).
 *
 * Adds its keys to `bench/gas-report.json` and a section to `bench/gas-report.md` (after `bench/gas.ts` wrote them,
 * or in place of the section of an earlier run), merges its times into `bench/voting-report.json` (milliseconds,
 * median of several runs; the browser's figures are kept).
 *
 * `EGOV_BENCH_VOTING_GAS_ONLY=1` measures the gas alone: the census of 2^20 is computed once (the SDK's tree), and
 * the times (the earlier tree, the earlier proofs, the census of 100,000, the hash) are neither measured nor written.
 * `EGOV_BENCH_VOTING_CENSUS_ONLY=1` measures the census times alone, without a chain (`bench/voting-census.ts`): the
 * census keys of `bench/voting-report.json` are rewritten and every other key is kept.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { id } from "ethers";
import { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";
import { format, resolveConfig } from "prettier";

import { buildSuiteModule } from "../ignition/modules/Suite.js";
import {
  type BallotProof,
  buildBallotProof,
  censusDepth,
  CensusTree,
  computeCensus,
  Group,
  Identity,
  type MerkleProof,
  readCitizenChanges,
  releaseProver,
} from "../src/elections/index.js";
import { loadSemaphoreCircuit, semaphoreCircuit } from "../src/elections/node.js";
import { CitizenRegistry__factory, Elections__factory } from "../types/ethers-contracts/index.js";
import { breakdownTable, type Measurement, mergeReportFile, replaceSection } from "./report.js";
import { breakdown, COMPONENTS, type Component, type StructLog, type TraceContext } from "./trace.js";
import {
  CENSUS_TIMING_SIZE,
  censusMemoryPeakMB,
  censusOnlyReport,
  censusReport,
  censusTiming,
  groupRootInWorker,
  hashMicros,
  machine,
  railgunCensusRoot,
  timeBigCensus,
  timeUpdates,
} from "./voting-census.js";

const started = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const GAS_REPORT = here("gas-report.json");
const GAS_MARKDOWN = here("gas-report.md");
const VOTING_REPORT = here("voting-report.json");
/** The heading of this benchmark's section in `bench/gas-report.md`; the section runs to the next level-2 heading. */
const SECTION = "## Citizens and elections";

const gasOnlySetting = process.env.EGOV_BENCH_VOTING_GAS_ONLY ?? "";
if (!["", "0", "1"].includes(gasOnlySetting)) {
  throw new Error(`EGOV_BENCH_VOTING_GAS_ONLY must be 1 (gas only) or 0 (everything), not "${gasOnlySetting}"`);
}
/** Measure the gas alone, without the times. */
const GAS_ONLY = gasOnlySetting === "1";
const censusOnlySetting = process.env.EGOV_BENCH_VOTING_CENSUS_ONLY ?? "";
if (!["", "0", "1"].includes(censusOnlySetting)) {
  throw new Error(
    `EGOV_BENCH_VOTING_CENSUS_ONLY must be 1 (the census times alone) or 0 (everything), not "${censusOnlySetting}"`,
  );
}
if (censusOnlySetting === "1" && GAS_ONLY) {
  throw new Error("EGOV_BENCH_VOTING_CENSUS_ONLY=1 and EGOV_BENCH_VOTING_GAS_ONLY=1 exclude each other");
}

const TOWN = 4101;
/** Adult and resident: the flags every benchmark citizen holds and every census requires. */
const FLAGS = 3;
const BASIS = id("civil registry extract");
/** Register calls per `multicall` while filling: about 10.3 million gas, under the 16,777,216 transaction cap. */
const BATCH = 100;
/** Citizens with a real voting identity, registered first. */
const VOTERS = 5;
const BIG_DEPTH = 20;
const BIG_CENSUS = 2 ** BIG_DEPTH;
/** Proofs made the earlier way (circuit files read and the prover started for each), beside the warm ones. */
const EARLIER_PROOFS = 2;

/** Targets of the project, in gas, milliseconds or megabytes. */
const TARGETS = {
  "election.vote.depth20": 320_000,
  "proof.depth20.ms": 2_000,
  "census.100000.ms": 5_000,
  "census.1048576.ms": 60_000,
  "census.update.ms": 5,
  "census.1048576.memoryMB": 1_024,
} as const;

const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (censusOnlySetting === "1") {
  const report = await censusOnlyReport();
  await writeFile(VOTING_REPORT, mergeReportFile(VOTING_REPORT, report));
  for (const [key, entry] of Object.entries(report)) {
    if ("target" in (entry as object)) console.log(`${key.padEnd(26)} ${JSON.stringify(entry)}`);
  }
  console.log(`wrote the census keys of bench/voting-report.json (load average ${loadavg().join(", ")})`);
  process.exit(0);
}

/** A generated voting commitment: a non-zero field element derived from a label, distinct for distinct labels. */
function generatedCommitment(label: string): bigint {
  return (BigInt(`0x${createHash("sha256").update(label).digest("hex")}`) >> 8n) % SNARK_SCALAR_FIELD || 1n;
}

const voterIdentities = Array.from({ length: VOTERS }, (_, i) => new Identity(id(`bench voter ${i}`).slice(2)));
const commitmentOf = (index: number) =>
  index < VOTERS ? voterIdentities[index]!.commitment : generatedCommitment(`bench citizen ${index}`);
const citizenKey = (index: number) => id(`bench citizen ${index}`);

/** One measured transaction with its gas split from the opcode trace. */
interface Measured {
  readonly gas: number;
  readonly breakdown: ReturnType<typeof breakdown>;
}

/** Everything measured on one chain with one register size. */
interface RegisterRun {
  readonly size: number;
  readonly register: Measured;
  readonly rotate: Measured;
  readonly create: Measured;
  readonly vote: Measured;
  readonly voteDepth: number;
  readonly close: Measured;
  readonly big?: {
    readonly create: Measured;
    readonly vote: Measured;
    readonly revote: Measured;
    readonly bigTimes: Awaited<ReturnType<typeof timeBigCensus>>;
    readonly rssMB: number;
    readonly updateMs: readonly number[];
    readonly appendMs: readonly number[];
    readonly proofMs: readonly number[];
    readonly earlierProofMs: readonly number[];
  };
}

/** The Semaphore tree of a large census: its root and the Merkle path of any of its first half's members. */
interface BigCensus {
  readonly root: bigint;
  readonly treeMs: number;
  pathOf(index: number): MerkleProof;
}

/**
 * Computes the Semaphore tree of `leaves` (a power of two of them) with two threads: the right half's root in a
 * worker, the left half's tree here; the root is the hash of the two halves' roots, as in the whole tree. Every hash
 * of the tree is computed, half of them in each thread.
 */
async function bigCensus(leaves: readonly bigint[]): Promise<BigCensus> {
  const half = leaves.length / 2;
  if (!Number.isInteger(Math.log2(leaves.length)) || half < 1) throw new Error("a power of two of leaves");
  const computing = performance.now();
  const rightRoot = groupRootInWorker(leaves.slice(half));
  const left = new Group(leaves.slice(0, half));
  const right = await rightRoot;
  const root = new Group([left.root, right]).root;
  return {
    root,
    treeMs: performance.now() - computing,
    pathOf(index: number): MerkleProof {
      if (index >= half) throw new Error("only the left half's paths are kept");
      const path = left.generateMerkleProof(index);
      return { root, leaf: path.leaf, index: path.index, siblings: [...path.siblings, right] };
    },
  };
}

/** The two-thread tree gives the root and paths of the one-thread tree (checked on a small tree). */
async function checkBigCensus(): Promise<void> {
  const leaves = Array.from({ length: 16 }, (_, i) => generatedCommitment(`check ${i}`));
  const whole = new Group(leaves);
  const split = await bigCensus(leaves);
  const expected = whole.generateMerkleProof(5);
  const path = split.pathOf(5);
  if (split.root !== whole.root || path.index !== expected.index || path.siblings.join() !== expected.siblings.join()) {
    throw new Error("the two-thread tree differs from the one-thread tree");
  }
}

async function measureRegister(size: number, withBigCensus: boolean): Promise<RegisterRun> {
  const connection: NetworkConnection = await network.create();
  const { ethers, ignition, networkHelpers } = connection;
  const [admin, registrar, officer, relayer] = await ethers.getSigners();
  log(`register of ${size.toLocaleString("en")}: deploying the suite`);
  const deployed = await ignition.deploy(
    buildSuiteModule({ grants: { CIVIL_REGISTRAR: [registrar!.address], ELECTION_OFFICER: [officer!.address] } }),
    { displayUi: false },
  );
  const citizens = CitizenRegistry__factory.connect(await deployed.citizenRegistry.getAddress(), registrar);
  const elections = Elections__factory.connect(await deployed.elections.getAddress(), admin);
  const traceContext: TraceContext = {
    authority: await deployed.authority.getAddress(),
    proxies: [await citizens.getAddress(), await elections.getAddress()],
  };
  const measure = async (sent: Promise<ContractTransactionResponse>): Promise<Measured> => {
    const tx = await sent;
    const receipt = (await tx.wait()) as ContractTransactionReceipt;
    if (receipt.status !== 1) throw new Error("a measured transaction failed");
    const trace = (await ethers.provider.send("debug_traceTransaction", [
      tx.hash,
      { disableMemory: true, disableStorage: true },
    ])) as { structLogs: StructLog[] };
    return {
      gas: Number(receipt.gasUsed),
      breakdown: breakdown(
        trace.structLogs,
        { gasLimit: tx.gasLimit, gasUsed: receipt.gasUsed, to: tx.to!, data: tx.data },
        traceContext,
      ),
    };
  };

  const registerCall = (index: number) =>
    citizens.interface.encodeFunctionData("registerCitizen", [
      citizenKey(index),
      TOWN,
      FLAGS,
      commitmentOf(index),
      BASIS,
    ]);
  for (let start = 0; start < size - 1; start += BATCH) {
    const calls = Array.from({ length: Math.min(BATCH, size - 1 - start) }, (_, k) => registerCall(start + k));
    await (await citizens.multicall(calls)).wait();
    if ((start / BATCH) % 20 === 19) log(`  registered ${(start + calls.length).toLocaleString("en")} citizens`);
  }
  const register = await measure(
    citizens.registerCitizen(citizenKey(size - 1), TOWN, FLAGS, commitmentOf(size - 1), BASIS),
  );
  const rotate = await measure(
    citizens.setVotingCommitment(citizenKey(VOTERS), generatedCommitment(`bench rotated ${VOTERS}`), BASIS),
  );
  log(`register of ${size.toLocaleString("en")}: registered, reading the census from the events`);

  const changes = await readCitizenChanges({ provider: ethers.provider, registry: await citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: FLAGS });
  if (census.size !== size) throw new Error(`census of ${census.size}, expected ${size}`);
  const censusTree = new CensusTree(census.members);

  let big: BigCensus | undefined;
  let bigTree: CensusTree | undefined;
  let bigTimes: Awaited<ReturnType<typeof timeBigCensus>> | undefined;
  let rssMB = 0;
  if (withBigCensus) {
    const leaves = [...census.members];
    for (let i = leaves.length; i < BIG_CENSUS; i++) leaves.push(generatedCommitment(`bench census member ${i}`));
    // The SDK's tree, then (times measured) the earlier SDK's (railgun's WASM Poseidon) beside it.
    bigTimes = await timeBigCensus(leaves, false);
    bigTree = bigTimes.tree;
    log(`the census of ${BIG_CENSUS.toLocaleString("en")} alone, in a process of its own, for its memory`);
    rssMB = censusMemoryPeakMB();
    log(`  peak ${Math.round(rssMB)} MB resident`);
    if (!GAS_ONLY) {
      log(`the same tree the earlier way: railgun's WASM Poseidon, a call a hash, every core`);
      const computing = performance.now();
      const railgunRoot = await railgunCensusRoot(leaves);
      const railgunMs = performance.now() - computing;
      log(`  ${(railgunMs / 1000).toFixed(1)} s`);
      log(`the same tree the earliest way: @semaphore-protocol/group in two threads`);
      big = await bigCensus(leaves);
      log(`  ${(big.treeMs / 1000).toFixed(1)} s`);
      if (big.root !== bigTree.root || railgunRoot !== bigTree.root) {
        throw new Error("the census roots of the ways differ");
      }
      bigTimes = { ...bigTimes, railgunMs, groupMs: big.treeMs };
    }
  }

  // The chain's clock follows the wall clock only when blocks are mined: mine one after the long computation.
  await networkHelpers.mine();
  const opensAt = (await networkHelpers.time.latest()) + Number(await elections.reviewPeriod()) + 600;
  const closesAt = opensAt + 3600;
  const pollParameters = (members: { size: number; root: bigint }, depth: number) => ({
    metadataHash: id("bench question"),
    rule: 0,
    optionCount: 3,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt,
    budget: 0n,
    costs: [],
    census: {
      jurisdiction: TOWN,
      requiredFlags: FLAGS,
      size: members.size,
      sequence: census.sequence,
      depth,
      root: members.root,
    },
  });
  const create = await measure(elections.connect(officer).createPoll(pollParameters(census, censusDepth(census.size))));
  const pollId = await elections.pollCount();
  const bigCreate =
    bigTree === undefined
      ? undefined
      : await measure(
          elections.connect(officer).createPoll(pollParameters({ size: BIG_CENSUS, root: bigTree.root }, BIG_DEPTH)),
        );
  await networkHelpers.time.increaseTo(opensAt);

  const relayed = elections.connect(relayer);
  const voteDepth = censusDepth(census.size);
  log(`register of ${size.toLocaleString("en")}: a first ballot with a proof of depth ${voteDepth}`);
  const proof = await buildBallotProof({
    identity: voterIdentities[0]!,
    census: censusTree.merkleProof(0),
    ballot: 1n,
    revision: 1n,
    scope: await elections.pollScope(pollId),
    depth: voteDepth,
    circuit: semaphoreCircuit(voteDepth),
  });
  const vote = await measure(relayed.castBallot(pollId, 1n, 1n, proof));

  let bigRun: RegisterRun["big"];
  if (bigTree !== undefined && bigCreate !== undefined && bigTimes !== undefined) {
    const tree = bigTree;
    const bigPoll = pollId + 1n;
    const scope = await elections.pollScope(bigPoll);
    const proofMs: number[] = [];
    const prove = async (voter: number, ballot: bigint, revision = 1n): Promise<BallotProof> => {
      const proving = performance.now();
      const built = await buildBallotProof({
        identity: voterIdentities[voter]!,
        census: tree.merkleProof(voter),
        ballot,
        revision,
        scope,
        depth: BIG_DEPTH,
        circuit: await loadSemaphoreCircuit(BIG_DEPTH),
      });
      proofMs.push(performance.now() - proving);
      log(`  proof of depth ${BIG_DEPTH} in ${Math.round(proofMs.at(-1)!)} ms`);
      return built;
    };
    log(`census of ${BIG_CENSUS.toLocaleString("en")}: ballots with proofs of depth ${BIG_DEPTH}, the first one cold`);
    // The earlier proofs of this run warmed the prover: start from a cold one, as a voter's first ballot does.
    await releaseProver();
    const bigVote = await measure(relayed.castBallot(bigPoll, 1n, 1n, await prove(0, 1n)));
    const bigRevote = await measure(relayed.castBallot(bigPoll, 2n, 2n, await prove(0, 2n, 2n)));
    for (let voter = 1; voter < VOTERS; voter++) {
      await (await relayed.castBallot(bigPoll, 4n, 1n, await prove(voter, 4n))).wait();
    }
    const [votes, ballots] = await elections.tally(bigPoll);
    if (ballots !== BigInt(VOTERS) || votes[2] !== BigInt(VOTERS - 1) || votes[1] !== 1n) {
      throw new Error(`unexpected tally of the census of ${BIG_CENSUS}: ${votes.join(", ")} (${ballots} ballots)`);
    }
    const earlierProofMs: number[] = [];
    if (big !== undefined) log(`the earlier way: circuit files read and the prover started for each proof`);
    for (let run = 0; big !== undefined && run < EARLIER_PROOFS; run++) {
      await releaseProver();
      const proving = performance.now();
      await buildBallotProof({
        identity: voterIdentities[0]!,
        census: big.pathOf(0),
        ballot: 3n,
        revision: 3n,
        scope,
        depth: BIG_DEPTH,
        circuit: semaphoreCircuit(BIG_DEPTH),
      });
      earlierProofMs.push(performance.now() - proving);
      log(`  proof of depth ${BIG_DEPTH} in ${Math.round(earlierProofMs.at(-1)!)} ms`);
    }
    const { updateMs, appendMs } = timeUpdates(tree);
    bigRun = {
      create: bigCreate,
      vote: bigVote,
      revote: bigRevote,
      bigTimes,
      rssMB,
      updateMs,
      appendMs,
      proofMs,
      earlierProofMs,
    };
  }

  await networkHelpers.time.increaseTo(closesAt);
  const close = await measure(elections.closePoll(pollId));
  await connection.close();
  return { size, register, rotate, create, vote, voteDepth, close, ...(bigRun === undefined ? {} : { big: bigRun }) };
}

// The prover keeps worker threads alive: release them whatever happens, or a failed run would never exit.
const [small, large] = await (async () => {
  try {
    await checkBigCensus();
    return [await measureRegister(10, false), await measureRegister(10_000, true)];
  } finally {
    await releaseProver();
  }
})();
const big = large.big!;
const fmt = (n: number) => Math.round(n).toLocaleString("en");
const components = (m: Measured): Partial<Record<Component, number>> =>
  Object.fromEntries(
    COMPONENTS.filter((c) => m.breakdown.components[c] !== 0).map((c) => [c, m.breakdown.components[c]]),
  );
const judged = (target: number | undefined, gas: number) =>
  target === undefined
    ? {}
    : { target, result: gas <= target ? "pass" : "miss", ...(gas > target ? { missBy: gas - target } : {}) };

interface Row {
  readonly key: string;
  readonly measured: Measured;
  readonly note: string;
  readonly target?: number;
  readonly sizes?: readonly [Measured, Measured];
}
const larger = (a: Measured, b: Measured) => (a.gas >= b.gas ? a : b);
const rows: Row[] = [
  {
    key: "citizen.register",
    measured: larger(small.register, large.register),
    sizes: [small.register, large.register],
    note: "register a citizen (salted key, municipality, flags, voting commitment, basis); the larger of the figures with 10 and 10,000 citizens registered",
  },
  {
    key: "citizen.setCommitment",
    measured: larger(small.rotate, large.rotate),
    sizes: [small.rotate, large.rotate],
    note: "propose a new voting commitment for a citizen (a lost device; applied after the 31-day notice); the larger of the figures with 10 and 10,000 citizens",
  },
  {
    key: "election.create",
    measured: larger(small.create, large.create),
    sizes: [small.create, large.create],
    note: "create a single-choice poll of 3 options with its census (jurisdiction, flags, size, sequence, depth, root) frozen",
  },
  {
    key: "election.vote.depth20",
    measured: big.vote,
    target: TARGETS["election.vote.depth20"],
    note: `a first counted single-choice ballot with a real Semaphore proof of depth 20 against a census of ${BIG_CENSUS.toLocaleString("en")} commitments, sent by a relayer; the proof's message binds revision 1`,
  },
  {
    key: "election.revote.depth20",
    measured: big.revote,
    note: "the same citizen's second ballot (same nullifier, revision 2), replacing the first: one option's count down, another's up (depth 20)",
  },
  {
    key: "election.vote.at10",
    measured: small.vote,
    note: `a first counted ballot with 10 citizens registered (census of 10, proof of depth ${small.voteDepth})`,
  },
  {
    key: "election.vote.at10000",
    measured: large.vote,
    note: `a first counted ballot with 10,000 citizens registered (census of 10,000, proof of depth ${large.voteDepth})`,
  },
  {
    key: "election.close",
    measured: larger(small.close, large.close),
    sizes: [small.close, large.close],
    note: "record the close of a 3-option poll (the final tally in one event); anyone may send it",
  },
];

const gasRows: Record<string, unknown> = {};
for (const row of rows) {
  gasRows[row.key] = {
    gas: row.measured.gas,
    ...judged(row.target, row.measured.gas),
    note: row.note,
    ...(row.sizes === undefined ? {} : { at10: row.sizes[0].gas, at10000: row.sizes[1].gas }),
    breakdown: components(row.measured),
    newSlots: row.measured.breakdown.newSlots,
    events: row.measured.breakdown.events,
  };
}
await writeFile(GAS_REPORT, mergeReportFile(GAS_REPORT, gasRows));

/** The times of the census, the tree and the proofs, for `bench/voting-report.json` and the Markdown section. */
async function measureTimes(): Promise<{ report: Record<string, unknown>; markdown: string[]; text: string[] }> {
  log(`timing the census root of ${CENSUS_TIMING_SIZE.toLocaleString("en")} commitments`);
  const censusTimes = await censusTiming();
  const hash = hashMicros();
  const bigTimes = big.bigTimes;

  const coldProofMs = big.proofMs[0]!;
  const warmProofMs = big.proofMs.slice(1);
  const proofMs = median(warmProofMs);
  const censusMedian = median(censusTimes.parallel);
  const updateMedian = median(big.updateMs);
  const appendMedian = median(big.appendMs);
  const proofTarget = TARGETS["proof.depth20.ms"];
  const votingReport = {
    "proof.depth20.ms": {
      ms: Math.round(proofMs),
      target: proofTarget,
      result: proofMs <= proofTarget ? "pass" : "miss",
      ...(proofMs > proofTarget ? { missBy: Math.round(proofMs - proofTarget) } : {}),
      runs: warmProofMs.length,
      note: `median time to generate a ballot proof of depth 20 in Node on the warm prover (the SDK's buildBallotProof, circuit files loaded once with loadSemaphoreCircuit), each voter's Merkle path taken from the census of ${BIG_CENSUS.toLocaleString("en")}; the first proof of the process (cold: engine and workers started) beside it`,
      allMs: warmProofMs.map(Math.round),
      coldMs: Math.round(coldProofMs),
      earlierMs: big.earlierProofMs.map(Math.round),
      earlierNote: "the earlier way: the prover released after each ballot and the circuit files read for each proof",
    },
    ...censusReport({
      census: censusTimes,
      big: bigTimes,
      rssMB: big.rssMB,
      updateMs: big.updateMs,
      appendMs: big.appendMs,
      hash,
    }),
    machine: machine(),
  };
  return {
    report: votingReport,
    markdown: [
      `Speed in Node on this machine (${cpus().length} cores shared with other work: load average ${loadavg()[0]!.toFixed(1)} at the end of the run; \`bench/voting-report.json\`):`,
      "",
      "| key | ms | target | result | what is measured |",
      "| --- | ---: | ---: | --- | --- |",
      `| \`proof.depth20.ms\` | ${fmt(proofMs)} | ${fmt(TARGETS["proof.depth20.ms"])} | ${resultCell(proofMs, TARGETS["proof.depth20.ms"], " ms")} | median of ${warmProofMs.length} proofs of depth 20 on the warm prover (${warmProofMs.map(fmt).join(", ")} ms); the first, cold: ${fmt(coldProofMs)} ms; the earlier way, prover released after each ballot: ${big.earlierProofMs.map(fmt).join(", ")} ms |`,
      `| \`census.100000.ms\` | ${fmt(censusMedian)} | ${fmt(TARGETS["census.100000.ms"])} | ${resultCell(censusMedian, TARGETS["census.100000.ms"], " ms")} | median of ${censusTimes.parallel.length} runs of \`computeCensusParallel\` over 100,000 registrations (${censusTimes.parallel.map(fmt).join(", ")} ms); in one thread (\`computeCensus\`): ${censusTimes.oneThread.map(fmt).join(", ")} ms; the earlier ways: railgun's WASM Poseidon on every core ${censusTimes.railgun.map(fmt).join(", ")} ms, \`@semaphore-protocol/group\` ${censusTimes.group.map(fmt).join(", ")} ms |`,
      `| \`census.${BIG_CENSUS}.ms\` | ${fmt(bigTimes.treeMs)} | ${fmt(TARGETS["census.1048576.ms"])} | ${resultCell(bigTimes.treeMs, TARGETS["census.1048576.ms"], " ms")} | the tree of ${BIG_CENSUS.toLocaleString("en")} commitments for the depth-20 ballots, \`buildCensusTree\` on every core; the earlier ways: railgun's WASM Poseidon on every core ${fmt(bigTimes.railgunMs!)} ms, \`@semaphore-protocol/group\` in two threads ${fmt(bigTimes.groupMs!)} ms, same root |`,
      `| \`census.update.ms\` | ${updateMedian.toFixed(2)} | ${fmt(TARGETS["census.update.ms"])} | ${resultCell(updateMedian, TARGETS["census.update.ms"], " ms")} | median of ${big.updateMs.length} commitment rotations applied to the kept tree of ${BIG_CENSUS.toLocaleString("en")}; an appended member: ${appendMedian.toFixed(2)} ms |`,
      "",
      `The census tree of ${BIG_CENSUS.toLocaleString("en")} held ${fmt(bigTimes.treeMemoryMB)} MB of heap; a process that builds that census and nothing else peaked at ${fmt(big.rssMB)} MB resident (target: within ${fmt(TARGETS["census.1048576.memoryMB"])} MB).`,
      "",
      `A census root of n commitments takes n - 1 Poseidon hashes; one hash took ${hash.census.toFixed(1)} µs with the census tree's WebAssembly level hash, ${hash.railgun.toFixed(1)} µs with railgun's WASM Poseidon (a call a hash) and ${hash.poseidonLite.toFixed(1)} µs with \`poseidon-lite\` (\`@semaphore-protocol/group\`) in this run (trees of 20,000 leaves in one thread).`,
      "",
    ],
    text: [
      `proof.depth20.ms           ${fmt(proofMs).padStart(9)}  target ${fmt(TARGETS["proof.depth20.ms"])}`,
      `census.100000.ms           ${fmt(censusMedian).padStart(9)}  target ${fmt(TARGETS["census.100000.ms"])}`,
      `census.${BIG_CENSUS}.ms          ${fmt(bigTimes.treeMs).padStart(9)}  target ${fmt(TARGETS["census.1048576.ms"])}`,
      `census.update.ms           ${updateMedian.toFixed(2).padStart(9)}  target ${fmt(TARGETS["census.update.ms"])}`,
    ],
  };
}

const measurementOf = (row: Row): Measurement => ({
  note: row.note,
  gas: row.measured.gas,
  parts: [{ label: row.key, gas: row.measured.gas, breakdown: row.measured.breakdown }],
  breakdown: row.measured.breakdown,
});
const resultCell = (value: number, target: number | undefined, unit = "") =>
  target === undefined ? "" : value <= target ? "pass" : `**miss** by ${fmt(value - target)}${unit}`;
const times = GAS_ONLY ? undefined : await measureTimes();
if (times !== undefined) await writeFile(VOTING_REPORT, mergeReportFile(VOTING_REPORT, times.report));

const section = [
  SECTION,
  "",
  "Written by `npm run bench:voting` (the last part of `npm run bench`), on the same in-process chain. Citizens are " +
    "registered on chain through `registerCitizen` in `multicall` batches; the voters hold real Semaphore identities " +
    "and every ballot carries a real proof, generated offline and verified by the deployed Semaphore verifier in the " +
    "measured transaction. The census of 2^20 is the Semaphore tree of the 10,000-citizen register's census followed " +
    "by generated commitments, computed in full and stated to `createPoll`: `castBallot` reads only the poll's frozen " +
    "root, never the register.",
  "",
  "| key | gas | at 10 | at 10,000 | target | result | what is measured |",
  "| --- | ---: | ---: | ---: | ---: | --- | --- |",
  ...rows.map(
    (row) =>
      `| \`${row.key}\` | ${fmt(row.measured.gas)} | ${row.sizes === undefined ? "" : fmt(row.sizes[0].gas)} | ${row.sizes === undefined ? "" : fmt(row.sizes[1].gas)} | ${row.target === undefined ? "" : fmt(row.target)} | ${resultCell(row.measured.gas, row.target)} | ${row.note} |`,
  ),
  "",
  ...(times?.markdown ?? [
    "Times were not measured in this run (`EGOV_BENCH_VOTING_GAS_ONLY=1`): `bench/voting-report.json` keeps those of the last full run.",
    "",
  ]),
  ...rows
    .filter((row) => row.key === "election.vote.depth20" || row.key === "election.revote.depth20")
    .flatMap((row) => [
      `### \`${row.key}\`: ${fmt(row.measured.gas)} gas${row.target === undefined ? "" : `, target ${fmt(row.target)}`}`,
      "",
      "The Semaphore verifier's pairing check runs in the BN254 precompiles, counted under calls between contracts.",
      "",
      ...breakdownTable(measurementOf(row)),
      "",
    ]),
].join("\n");
const previous = existsSync(GAS_MARKDOWN) ? readFileSync(GAS_MARKDOWN, "utf8") : "# Gas report\n";
await writeFile(
  GAS_MARKDOWN,
  await format(replaceSection(previous, SECTION, section), {
    ...(await resolveConfig(GAS_MARKDOWN)),
    filepath: GAS_MARKDOWN,
  }),
);

console.log("");
for (const row of rows) {
  console.log(
    `${row.key.padEnd(26)} ${fmt(row.measured.gas).padStart(9)}${row.target === undefined ? "" : `  target ${fmt(row.target)}: ${row.measured.gas <= row.target ? "pass" : `MISS by ${fmt(row.measured.gas - row.target)}`}`}`,
  );
}
for (const line of times?.text ?? []) console.log(line);
log(`wrote bench/gas-report.json, bench/gas-report.md${times === undefined ? "" : " and bench/voting-report.json"}`);
