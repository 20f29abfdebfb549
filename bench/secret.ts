/**
 * Gas and time of secret polls, `npm run bench:secret` (run at the end of `npm run bench`): on one in-process chain,
 * secret single-choice polls of 2, 5 and 10 options (three trustees, a quorum of two, the key ceremony run on chain),
 * a first ballot in each and a re-vote in the five-option poll, every ballot with a real Semaphore proof of depth 20
 * verified by the deployed verifier in the measured transaction; then, in the five-option poll, one trustee's
 * decryption shares and the opening of the tally. In Node, the time to prepare a five-option ballot with its proofs
 * (the encryption, the range proofs and the depth-20 Semaphore proof on the warm prover).
 *
 * Adds its keys to `bench/gas-report.json` and `bench/voting-report.json` and its section to the end of
 * `bench/gas-report.md` (after `bench/voting.ts` wrote its own, or in place of the section of an earlier run).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

import type { ContractTransactionReceipt, ContractTransactionResponse } from "ethers";
import { id } from "ethers";
import { network } from "hardhat";
import { format, resolveConfig } from "prettier";

import { buildSuiteModule } from "../ignition/modules/Suite.js";
import {
  type BallotProof,
  ballotNullifier,
  buildBallotProof,
  computeCensus,
  Identity,
  readCitizenChanges,
  releaseProver,
} from "../src/elections/index.js";
import { loadSemaphoreCircuit, runTrusteeCeremonies } from "../src/elections/node.js";
import {
  ciphertextsFromChain,
  decryptionShareArguments,
  decryptionShares,
  openTally,
  prepareBallot,
  type PreparedBallot,
  type SecretPoll,
  sendSecretBallot,
} from "../src/elections/secret/index.js";
import {
  CitizenRegistry__factory,
  Elections__factory,
  ISecretPolls__factory,
} from "../types/ethers-contracts/index.js";
import { breakdownTable, mergeReportFile, replaceSection } from "./report.js";
import { breakdown, COMPONENTS, type Component, type StructLog, type TraceContext } from "./trace.js";

const started = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${message}`);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const GAS_REPORT = here("gas-report.json");
const GAS_MARKDOWN = here("gas-report.md");
const VOTING_REPORT = here("voting-report.json");
/** The heading of this benchmark's section in `bench/gas-report.md`; the section runs to the next level-2 heading. */
const SECTION = "## Secret polls";

const TOWN = 4101;
const FLAGS = 3;
const DEPTH = 20;
const OPTION_COUNTS = [2, 5, 10] as const;
const VOTERS = 2;
/** Ballots prepared (encryption, range proofs, Semaphore proof) for the Node time, after one warm-up. */
const PREPARE_RUNS = 5;
const TARGETS = { "election.secret.vote.options5": 750_000, "secret.prepare.options5.ms": 5_000 } as const;

interface Measured {
  readonly gas: number;
  readonly breakdown: ReturnType<typeof breakdown>;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString("en");

const connection = await network.create();
const { ethers, ignition, networkHelpers } = connection;
const [admin, registrar, officer, relayer, ...others] = await ethers.getSigners();
const trustees = others.slice(0, 3);
log("deploying the suite");
const deployed = await ignition.deploy(
  buildSuiteModule({ grants: { CIVIL_REGISTRAR: [registrar!.address], ELECTION_OFFICER: [officer!.address] } }),
  { displayUi: false },
);
const citizens = CitizenRegistry__factory.connect(await deployed.citizenRegistry.getAddress(), registrar);
const elections = Elections__factory.connect(await deployed.elections.getAddress(), admin);
const address = await elections.getAddress();
const secret = ISecretPolls__factory.connect(address, admin);
const traceContext: TraceContext = { authority: await deployed.authority.getAddress(), proxies: [address] };
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

const identities = Array.from({ length: VOTERS }, (_, i) => new Identity(id(`bench secret voter ${i}`).slice(2)));
for (const [i, identity] of identities.entries()) {
  await (
    await citizens.registerCitizen(id(`bench secret citizen ${i}`), TOWN, FLAGS, identity.commitment, id("basis"))
  ).wait();
}
const census = computeCensus({
  changes: await readCitizenChanges({ provider: ethers.provider, registry: await citizens.getAddress() }),
  jurisdiction: TOWN,
  requiredFlags: FLAGS,
});

await networkHelpers.mine();
const opensAt = (await networkHelpers.time.latest()) + Number(await elections.reviewPeriod()) + 600;
const closesAt = opensAt + 3600;

/** A secret poll of `optionCount` options, created by the officer with the three trustees and a quorum of two. */
async function createSecretPoll(optionCount: number) {
  const parameters = {
    metadataHash: id(`bench secret question ${optionCount}`),
    rule: 0,
    optionCount,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt,
    budget: 0n,
    costs: [],
    census: {
      jurisdiction: TOWN,
      requiredFlags: FLAGS,
      size: census.size,
      sequence: census.sequence,
      depth: DEPTH,
      root: census.root,
    },
  };
  await (
    await elections.connect(officer).createSecretPoll(
      parameters,
      trustees.map((t) => t.address),
      2,
    )
  ).wait();
  return { pollId: await elections.pollCount(), optionCount };
}

log("three secret polls (2, 5 and 10 options): the key ceremonies on chain");
const created = [];
for (const optionCount of OPTION_COUNTS) created.push(await createSecretPoll(optionCount));
// The polls' ceremonies run in step: each poll's review runs from its own creation, so the dealings start once the
// last poll's announcements closed.
const runs = await runTrusteeCeremonies({
  elections: address,
  pollIds: created.map((p) => p.pollId),
  trustees,
  quorum: 2,
  waitUntil: (timestamp) => networkHelpers.time.increaseTo(timestamp),
});
const sealed = created.map((p, k) => {
  const run = runs[k]!;
  const poll: SecretPoll = {
    location: run.ceremony.location,
    electionKey: run.outcome.electionKey,
    rule: "SingleChoice",
    optionCount: p.optionCount,
    maxChoices: 0,
  };
  return { ...p, ...run, poll };
});

const circuit = await loadSemaphoreCircuit(DEPTH);
const relayed = elections.connect(relayer);
const prepareTimes: number[] = [];
/** A ballot for `option` with its depth-20 proof, timed from the encryption to the end of the Semaphore proof. */
async function ballot(p: (typeof sealed)[number], voter: number, option: number, revision: bigint) {
  const scope = await elections.pollScope(p.pollId);
  const nullifier = ballotNullifier(identities[voter]!, scope);
  const preparing = performance.now();
  const prepared = prepareBallot({ poll: p.poll, options: [option], nullifier, revision });
  const proof = await buildBallotProof({
    identity: identities[voter]!,
    census: census.members,
    ballot: 0n,
    message: prepared.digest,
    revision,
    scope,
    depth: DEPTH,
    circuit,
  });
  const ms = performance.now() - preparing;
  return { prepared, proof, ms };
}
const cast = (
  p: (typeof sealed)[number],
  made: { prepared: PreparedBallot; proof: BallotProof },
  replaced: PreparedBallot | null,
) =>
  measure(
    sendSecretBallot(relayed, {
      pollId: p.pollId,
      prepared: made.prepared,
      proof: made.proof,
      replaced: replaced?.ballot.ciphertexts,
    }),
  );

const results = await (async () => {
  try {
    log(`ballots with proofs of depth ${DEPTH}`);
    const votes = new Map<number, Measured>();
    let revote: Measured | undefined;
    for (const p of sealed) {
      const first = await ballot(p, 0, 0, 1n);
      votes.set(p.optionCount, await cast(p, first, null));
      log(`  ${p.optionCount} options: ${fmt(votes.get(p.optionCount)!.gas)} gas`);
      if (p.optionCount === 5) {
        const again = await ballot(p, 0, 2, 2n);
        revote = await cast(p, again, first.prepared);
        await cast(p, await ballot(p, 1, 2, 1n), null);
        log(`  5 options, a re-vote: ${fmt(revote.gas)} gas`);
      }
    }
    log(`preparing ${PREPARE_RUNS} five-option ballots in Node on the warm prover`);
    const five = sealed.find((p) => p.optionCount === 5)!;
    for (let run = 0; run < PREPARE_RUNS; run++) {
      prepareTimes.push((await ballot(five, 1, run % 5, 2n)).ms);
      log(`  ${fmt(prepareTimes.at(-1)!)} ms`);
    }
    log("the five-option poll's opening");
    await networkHelpers.time.increaseTo(closesAt);
    const tally = ciphertextsFromChain(await secret.encryptedTally(five.pollId));
    const sharesOf = (j: number) =>
      decryptionShares({ poll: five.poll, tally, trustee: j, keyShare: five.keyShares.get(j)! });
    const post = (j: number) => {
      const args = decryptionShareArguments(sharesOf(j));
      return measure(secret.connect(trustees[j - 1]!).postDecryptionShares(five.pollId, args.shares, args.proofs));
    };
    const share = await post(1);
    await post(3);
    const opened = openTally({
      poll: five.poll,
      tally,
      shares: [...sharesOf(1), ...sharesOf(3)],
      verificationKeys: five.outcome.verificationKeys,
      quorum: 2,
      maxCount: BigInt(census.size),
    });
    if (opened.counts.join() !== "0,0,2,0,0") throw new Error(`unexpected opened tally ${opened.counts.join(", ")}`);
    const open = await measure(secret.openTally(five.pollId, [...opened.counts]));
    return { votes, revote: revote!, share, open };
  } finally {
    await releaseProver();
  }
})();

const components = (m: Measured): Partial<Record<Component, number>> =>
  Object.fromEntries(
    COMPONENTS.filter((c) => m.breakdown.components[c] !== 0).map((c) => [c, m.breakdown.components[c]]),
  );
const judged = (target: number | undefined, value: number) =>
  target === undefined
    ? {}
    : { target, result: value <= target ? "pass" : "miss", ...(value > target ? { missBy: value - target } : {}) };
const vote = (options: number) => results.votes.get(options)!;
const perOption = Math.round((vote(10).gas - vote(2).gas) / 8);
const trusteesNote = "three trustees, a quorum of two";
const rows: { key: string; measured?: Measured; gas: number; note: string; target?: number }[] = [
  ...OPTION_COUNTS.map((options) => ({
    key: `election.secret.vote.options${options}`,
    measured: vote(options),
    gas: vote(options).gas,
    target: options === 5 ? TARGETS["election.secret.vote.options5"] : undefined,
    note: `a voter's first secret single-choice ballot of ${options} options (ciphertexts, 0/1 and rule proofs, the encrypted tally updated) with a real Semaphore proof of depth 20, sent by a relayer; ${trusteesNote}`,
  })),
  {
    key: "election.secret.vote.perOption",
    gas: perOption,
    note: "each added option of a secret ballot: (10 options − 2 options) / 8, from the rows above",
  },
  {
    key: "election.secret.revote.options5",
    measured: results.revote,
    gas: results.revote.gas,
    note: "the same voter's second ballot of 5 options (revision 2): the replaced ballot's ciphertexts supplied, checked against the stored digest and taken out of the encrypted tally (depth 20)",
  },
  {
    key: "election.secret.share.options5",
    measured: results.share,
    gas: results.share.gas,
    note: "one trustee's decryption shares of a 5-option tally, each with its Chaum–Pedersen proof checked on chain and stored",
  },
  {
    key: "election.secret.open.options5",
    measured: results.open,
    gas: results.open.gas,
    note: "the opening of a 5-option tally from the first two trustees' stored shares: Lagrange combination and count check per option",
  },
];
const gasRows: Record<string, unknown> = {};
for (const row of rows) {
  gasRows[row.key] = {
    gas: row.gas,
    ...judged(row.target, row.gas),
    note: row.note,
    ...(row.measured === undefined
      ? {}
      : {
          breakdown: components(row.measured),
          newSlots: row.measured.breakdown.newSlots,
          events: row.measured.breakdown.events,
        }),
  };
}
await writeFile(GAS_REPORT, mergeReportFile(GAS_REPORT, gasRows));
const prepareMs = Math.round(median(prepareTimes));
const allMs = prepareTimes.map(Math.round);
await writeFile(
  VOTING_REPORT,
  mergeReportFile(VOTING_REPORT, {
    "secret.prepare.options5.ms": {
      ms: prepareMs,
      ...judged(TARGETS["secret.prepare.options5.ms"], prepareMs),
      runs: allMs.length,
      allMs,
      note: `median time to prepare a secret 5-option single-choice ballot in Node: the ElGamal encryption, the five 0/1 proofs and the rule proof (@noble/curves), then the Semaphore proof of depth ${DEPTH} on the warm prover (the SDK's prepareBallot and buildBallotProof)`,
    },
  }),
);

const resultCell = (value: number, target: number | undefined) =>
  target === undefined ? "" : value <= target ? "pass" : `**miss** by ${fmt(value - target)}`;
const measurementOf = (key: string, m: Measured) => ({
  note: key,
  gas: m.gas,
  parts: [{ label: key, gas: m.gas, breakdown: m.breakdown }],
  breakdown: m.breakdown,
});
const section = [
  SECTION,
  "",
  "Written by `npm run bench:secret` (the last part of `npm run bench`), on one in-process chain: secret " +
    "single-choice polls with three trustees and a quorum of two, their key ceremonies run on chain; every ballot " +
    `carries a real Semaphore proof of depth ${DEPTH}, verified by the deployed verifier in the measured transaction.`,
  "",
  "| key | gas | target | result | what is measured |",
  "| --- | ---: | ---: | --- | --- |",
  ...rows.map(
    (row) =>
      `| \`${row.key}\` | ${fmt(row.gas)} | ${row.target === undefined ? "" : fmt(row.target)} | ${resultCell(row.gas, row.target)} | ${row.note} |`,
  ),
  "",
  `\`secret.prepare.options5.ms\`: ${fmt(prepareMs)} ms (median of ${allMs.length}: ${allMs.map(fmt).join(", ")}), target ${fmt(TARGETS["secret.prepare.options5.ms"])}: ${resultCell(prepareMs, TARGETS["secret.prepare.options5.ms"]) || "pass"}.`,
  "",
  `### \`election.secret.vote.options5\`: ${fmt(vote(5).gas)} gas`,
  "",
  "The check of the ballot's proofs runs in the BN254 precompiles of the library's `delegatecall`, and the Semaphore " +
    "verifier's pairing check in those of its call: both counted under calls between contracts.",
  "",
  ...breakdownTable(measurementOf("election.secret.vote.options5", vote(5))),
  "",
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
    `${row.key.padEnd(34)} ${fmt(row.gas).padStart(9)}${row.target === undefined ? "" : `  target ${fmt(row.target)}: ${row.gas <= row.target ? "pass" : `MISS by ${fmt(row.gas - row.target)}`}`}`,
  );
}
console.log(`secret.prepare.options5.ms ${fmt(prepareMs)} ms (${allMs.map(fmt).join(", ")})`);
log("wrote bench/gas-report.json, bench/gas-report.md and bench/voting-report.json");
