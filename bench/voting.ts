/**
 * Gas and speed of citizens and elections: register a citizen, rotate a voting commitment, create a poll, cast a
 * vote and a re-vote with real Semaphore proofs at depth 20, a vote with registers of 10 and 10,000 citizens, the
 * close; proof generation time at depth 20 and the time to compute the census root of 100,000 commitments.
 *
 * Adds its keys to `bench/gas-report.json` (after `bench/gas.ts` wrote it) and writes `bench/voting-report.json`
 * (milliseconds, median of several runs). Run by `npm run bench`, or alone with `npm run bench:voting`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

import { id } from "ethers";
import { network } from "hardhat";

import { buildSuiteModule } from "../ignition/modules/Suite.js";
import {
  type BallotProof,
  buildBallotProof,
  type CitizenChange,
  computeCensus,
  Identity,
  readCitizenChanges,
  releaseProver,
} from "../src/elections/index.js";
import { semaphoreCircuit } from "../src/elections/node.js";
import { CitizenRegistry__factory, Elections__factory } from "../types/ethers-contracts/index.js";

const GAS_REPORT = "bench/gas-report.json";
const VOTING_REPORT = "bench/voting-report.json";
const TOWN = 4101;
const DEPTH = 20;

/** Targets of the issue, in gas or milliseconds. */
const TARGETS: Readonly<Record<string, number>> = {
  "election.vote.depth20": 320_000,
  "proof.depth20.ms": 3_000,
  "census.100000.ms": 10_000,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const identityOf = (i: number) => new Identity(id(`bench voter ${i}`).slice(2));

async function measure(size: number) {
  const connection = await network.create();
  const { ethers, ignition, networkHelpers } = connection;
  const [admin, registrar, officer, relayer] = await ethers.getSigners();
  const deployed = await ignition.deploy(
    buildSuiteModule({ grants: { CIVIL_REGISTRAR: [registrar!.address], ELECTION_OFFICER: [officer!.address] } }),
    { displayUi: false },
  );
  const citizens = CitizenRegistry__factory.connect(await deployed.citizenRegistry.getAddress(), registrar);
  const elections = Elections__factory.connect(await deployed.elections.getAddress(), admin);
  const basis = id("civil registry extract");
  const register = (i: number) =>
    citizens.interface.encodeFunctionData("registerCitizen", [
      id(`bench citizen ${i}`),
      TOWN,
      3,
      identityOf(i).commitment,
      basis,
    ]);
  for (let start = 0; start < size - 1; start += 100) {
    const rows = Array.from({ length: Math.min(100, size - 1 - start) }, (_, k) => register(start + k));
    await (await citizens.multicall(rows)).wait();
  }
  const registerTx = await (
    await citizens.registerCitizen(id(`bench citizen ${size - 1}`), TOWN, 3, identityOf(size - 1).commitment, basis)
  ).wait();
  const spare = new Identity(id("bench spare").slice(2));
  const rotateTx = await (await citizens.setVotingCommitment(id(`bench citizen 1`), spare.commitment, basis)).wait();
  await (
    await citizens.setVotingCommitment(
      id(`bench citizen 1`),
      new Identity(id("bench spare 2").slice(2)).commitment,
      basis,
    )
  ).wait();

  const changes = await readCitizenChanges({ provider: ethers.provider, registry: await citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: 3 });
  const opensAt = (await networkHelpers.time.latest()) + Number(await elections.reviewPeriod()) + 60;
  const createTx = await (
    await elections.connect(officer).createPoll({
      metadataHash: id("bench question"),
      rule: 0,
      optionCount: 3,
      maxChoices: 0,
      revoting: true,
      opensAt,
      closesAt: opensAt + 3600,
      budget: 0n,
      costs: [],
      census: { jurisdiction: TOWN, requiredFlags: 3, size: census.size, sequence: census.sequence, root: census.root },
    })
  ).wait();
  const pollId = await elections.pollCount();
  const scope = await elections.pollScope(pollId);
  await networkHelpers.time.increaseTo(opensAt);
  const proofMs: number[] = [];
  const prove = async (voter: number, ballot: bigint): Promise<BallotProof> => {
    const started = performance.now();
    const proof = await buildBallotProof({
      identity: identityOf(voter),
      census: census.members,
      ballot,
      scope,
      depth: DEPTH,
      circuit: semaphoreCircuit(DEPTH),
    });
    proofMs.push(performance.now() - started);
    return proof;
  };
  const voteTx = await (await elections.connect(relayer).castBallot(pollId, 1n, await prove(0, 1n))).wait();
  const revoteTx = await (await elections.connect(relayer).castBallot(pollId, 2n, await prove(0, 2n))).wait();
  for (let voter = 2; voter < 5; voter++)
    await (await elections.connect(relayer).castBallot(pollId, 4n, await prove(voter, 4n))).wait();
  await networkHelpers.time.increaseTo(opensAt + 3600);
  const closeTx = await (await elections.closePoll(pollId)).wait();
  await connection.close();
  return {
    register: Number(registerTx!.gasUsed),
    rotate: Number(rotateTx!.gasUsed),
    create: Number(createTx!.gasUsed),
    vote: Number(voteTx!.gasUsed),
    revote: Number(revoteTx!.gasUsed),
    close: Number(closeTx!.gasUsed),
    proofMs,
  };
}

function censusTiming(): number[] {
  const changes: CitizenChange[] = Array.from({ length: 100_000 }, (_, i) => ({
    kind: "registered",
    citizenKey: id(`census citizen ${i}`),
    sequence: BigInt(i + 1),
    index: i,
    jurisdiction: TOWN,
    flags: 3,
    votingCommitment: BigInt(id(`commitment ${i}`)) >> 8n,
    basis: id("basis"),
  }));
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: 3 });
    times.push(performance.now() - started);
    if (census.size !== 100_000) throw new Error("census size");
  }
  return times;
}

const small = await measure(10);
const large = await measure(10_000);
await releaseProver();
const censusMs = censusTiming();
const proofMs = median([...small.proofMs, ...large.proofMs]);

const entry = (gas: number, note: string, target?: number) => ({
  gas,
  ...(target === undefined
    ? {}
    : { target, result: gas <= target ? "pass" : "miss", ...(gas > target ? { missBy: gas - target } : {}) }),
  note,
});
const gasReport = existsSync(GAS_REPORT)
  ? (JSON.parse(readFileSync(GAS_REPORT, "utf8")) as Record<string, unknown>)
  : {};
Object.assign(gasReport, {
  "citizen.register": {
    ...entry(
      Math.max(small.register, large.register),
      "register a citizen (the larger of the figures at 10 and 10,000 citizens)",
    ),
    at10: small.register,
    at10000: large.register,
  },
  "citizen.setCommitment": {
    ...entry(Math.max(small.rotate, large.rotate), "rotate a citizen's voting commitment"),
    at10: small.rotate,
    at10000: large.rotate,
  },
  "election.create": entry(large.create, "create a single-choice poll of 3 options with its census"),
  "election.vote.depth20": entry(
    Math.max(small.vote, large.vote),
    "a first counted single-choice ballot with a real Semaphore proof of depth 20, sent by a relayer; the contract keeps only the census root, so the gas is the same for a census of 2^20 citizens (the tree was not built in this run)",
    TARGETS["election.vote.depth20"],
  ),
  "election.revote.depth20": entry(
    Math.max(small.revote, large.revote),
    "the same citizen's second ballot, replacing the first (depth 20)",
  ),
  "election.vote.at10": entry(small.vote, "a first ballot with a register of 10 citizens (depth 20 proof)"),
  "election.vote.at10000": entry(large.vote, "a first ballot with a register of 10,000 citizens (depth 20 proof)"),
  "election.close": entry(Math.max(small.close, large.close), "record the close of a 3-option poll"),
});
writeFileSync(GAS_REPORT, `${JSON.stringify(gasReport, null, 2)}\n`);
const votingReport = {
  "proof.depth20.ms": {
    ms: Math.round(proofMs),
    target: TARGETS["proof.depth20.ms"],
    runs: small.proofMs.length + large.proofMs.length,
    result: proofMs <= TARGETS["proof.depth20.ms"]! ? "pass" : "miss",
  },
  "census.100000.ms": {
    ms: Math.round(median(censusMs)),
    target: TARGETS["census.100000.ms"],
    runs: censusMs.length,
    result: median(censusMs) <= TARGETS["census.100000.ms"]! ? "pass" : "miss",
  },
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
};
writeFileSync(VOTING_REPORT, `${JSON.stringify(votingReport, null, 2)}\n`);
console.log(
  JSON.stringify(
    {
      gas: Object.fromEntries(
        Object.entries(gasReport).filter(([k]) => k.startsWith("election") || k.startsWith("citizen")),
      ),
      voting: votingReport,
    },
    null,
    2,
  ),
);
