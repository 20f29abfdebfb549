/**
 * The demo's participatory budget: a town's citizens choose community projects within a budget, with anonymous
 * one-citizen-one-vote ballots. Called by `scripts/demo.ts` once the suite is deployed.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import { id } from "ethers";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import {
  ballotMessage,
  ballotNullifier,
  buildBallotProof,
  censusDepth,
  computeCensus,
  decodeBallot,
  encodeBallot,
  Identity,
  readCitizenChanges,
  readPoll,
  releaseProver,
  verifyTally,
} from "../src/elections/index.js";
import { semaphoreCircuit } from "../src/elections/node.js";
import type { CitizenRegistry, Elections } from "../types/ethers-contracts/index.js";

/** What the budget story needs from the demo. */
export interface ParticipatoryBudgetParameters {
  readonly citizens: CitizenRegistry;
  readonly elections: Elections;
  readonly civilRegistrar: HardhatEthersSigner;
  readonly electionOfficer: HardhatEthersSigner;
  /** Submits every ballot: the voters need no gas and the sender says nothing about who voted. */
  readonly relayer: HardhatEthersSigner;
  readonly time: NetworkHelpers["time"];
  readonly step: (title: string, send: Promise<ContractTransactionResponse>) => Promise<void>;
}

const TOWN = 4101;
const ADULT_RESIDENT = 3;
const PROJECTS = [
  { name: "Playground renovation", cost: 40_000n },
  { name: "Bicycle lanes on Main Street", cost: 35_000n },
  { name: "Library evening hours", cost: 15_000n },
  { name: "Community garden", cost: 20_000n },
  { name: "Street trees", cost: 25_000n },
] as const;
const BUDGET = 80_000n;

/** Walks the participatory budget and returns the recomputed tally. */
export async function runParticipatoryBudget(parameters: ParticipatoryBudgetParameters): Promise<void> {
  const { citizens, elections, civilRegistrar, electionOfficer, relayer, time, step } = parameters;
  const registrar = citizens.connect(civilRegistrar);
  const voters = ["Ana", "Ben", "Chloé", "Dev", "Emil"].map((name) => ({
    name,
    key: id(`demo citizen ${name}`),
    identity: new Identity(id(`demo voting identity ${name}`).slice(2)),
  }));

  console.log(
    "  The civil registry records five residents: a salted key, a municipality, flags and a voting commitment",
  );
  for (const voter of voters) {
    await step(
      `register ${voter.name} (no name, no birth date on chain)`,
      registrar.registerCitizen(
        voter.key,
        TOWN,
        ADULT_RESIDENT,
        voter.identity.commitment,
        id(`extract ${voter.name}`),
      ),
    );
  }

  const registry = await citizens.getAddress();
  const provider = citizens.runner!.provider!;
  let changes = await readCitizenChanges({ provider, registry });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT_RESIDENT });
  console.log(
    `\n  Census of town ${TOWN} recomputed from the register's events: ${census.size} citizens, root ` +
      `${census.root.toString().slice(0, 16)}… at register sequence ${census.sequence}`,
  );
  const opensAt = (await time.latest()) + Number(await elections.reviewPeriod()) + 60;
  const closesAt = opensAt + 7 * 24 * 3600;
  await step(
    `the election officer opens a participatory budget of ${BUDGET} among ${PROJECTS.length} projects (review period first)`,
    elections.connect(electionOfficer).createPoll({
      metadataHash: id(JSON.stringify(PROJECTS.map((project) => project.name))),
      rule: 2,
      optionCount: PROJECTS.length,
      maxChoices: 0,
      revoting: true,
      opensAt,
      closesAt,
      budget: BUDGET,
      costs: PROJECTS.map((project) => project.cost),
      census: {
        jurisdiction: TOWN,
        requiredFlags: ADULT_RESIDENT,
        size: census.size,
        sequence: census.sequence,
        depth: censusDepth(census.size),
        root: census.root,
      },
    }),
  );
  const pollId = await elections.pollCount();
  const poll = await readPoll({ elections, pollId });

  await step(
    "Chloé moves to another town after the census was frozen",
    registrar.changeStatus(voters[2]!.key, 3, id("moving notice Chloé")),
  );
  await time.increaseTo(opensAt);

  const cast = async (voterIndex: number, options: number[], note: string) => {
    const voter = voters[voterIndex]!;
    const ballot = encodeBallot({ options, poll });
    const depth = poll.census.depth;
    // The revision orders the voter's ballots: one above the chain's latest for the voter's nullifier.
    const nullifier = ballotNullifier(voter.identity, poll.scope);
    const revision = (await elections.latestRevision(pollId, nullifier)) + 1n;
    const started = Date.now();
    const proof = await buildBallotProof({
      identity: voter.identity,
      census: census.members,
      ballot,
      revision,
      scope: poll.scope,
      depth,
      circuit: semaphoreCircuit(depth),
    });
    const ms = Date.now() - started;
    const chosen = options.map((option) => PROJECTS[option]!.name).join(" + ");
    await step(
      `${voter.name} ${note}: ${chosen} (proof made offline in ${ms} ms, sent by a relayer)`,
      elections.connect(relayer).castBallot(pollId, ballot, revision, proof),
    );
  };
  await cast(0, [0, 2, 3], "votes");
  await cast(1, [1, 4], "votes");
  await cast(2, [0, 2], "votes although she moved out: the poll's census is frozen, she was a resident then");
  await cast(1, [0, 2, 4], "votes again and changes his mind; the contract REPLACES his first ballot");
  const overBudget = encodeBallot({ options: [0, 1, 4] });
  const refused = await elections.checkBallot(pollId, overBudget, 1n, {
    merkleTreeDepth: BigInt(poll.census.depth),
    merkleTreeRoot: census.root,
    nullifier: 1n,
    message: ballotMessage(overBudget, 1n),
    scope: poll.scope,
    points: [0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
  });
  console.log(
    `\n  A ballot for projects 0, 1 and 4 (cost 100,000) is refused before any proof is checked: ` +
      `${elections.interface.getError(refused.reason)?.name ?? refused.reason}`,
  );
  await releaseProver();

  changes = await readCitizenChanges({ provider, registry });
  const next = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT_RESIDENT });
  console.log(
    `  The next poll's census would have ${next.size} citizens: Chloé ${next.members.includes(voters[2]!.identity.commitment) ? "is" : "is no longer"} in it`,
  );

  await time.increaseTo(closesAt);
  await step("anyone records the close", elections.closePoll(pollId));
  const check = await verifyTally({ elections, provider, pollId });
  console.log(
    `\n  Tally recomputed from the BallotCast events (${check.recomputed.ballots} ballots, one per citizen):`,
  );
  PROJECTS.forEach((project, option) =>
    console.log(`    ${project.name.padEnd(30)} ${String(check.recomputed.votes[option]).padStart(2)} vote(s)`),
  );
  console.log(`  It equals the contract's tally: ${check.matches ? "yes" : "NO"}; Ben's first ballot counts no more.`);
  const winners = decodeBallot(
    [...check.recomputed.votes.entries()].reduce(
      (mask, [option, votes]) => (votes >= 2n ? mask | (1n << BigInt(option)) : mask),
      0n,
    ),
  );
  console.log(`  Projects with two votes or more: ${winners.map((option) => PROJECTS[option]!.name).join(", ")}`);
}
