/**
 * The demonstration's secret polls, driven through the SDK as the trustees, the officer and the voters' devices do:
 * three trustees of the electoral commission with a quorum of two hold the key ceremony on chain during the review;
 * the residents' encrypted ballots are cast through the relayer (one re-vote); after the close two trustees post
 * their decryption shares (the third stays away) and anyone opens the tally. A second secret poll keeps voting, so
 * that the portal shows it sealed.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Signer } from "ethers";
import { keccak256 } from "ethers";

import { ballotNullifier } from "../../src/elections/ballot.js";
import type { Census } from "../../src/elections/census.js";
import { runTrusteeCeremonies, semaphoreCircuit } from "../../src/elections/node.js";
import { buildBallotProof, censusDepth, type Identity, releaseProver } from "../../src/elections/proof.js";
import {
  ciphertextsFromChain,
  decryptionShareArguments,
  decryptionShares,
  openTally,
  type PreparedBallot,
  prepareBallot,
  type SecretPoll,
  sendSecretBallot,
} from "../../src/elections/secret/index.js";
import type { Elections } from "../../src/contracts.js";
import { ISecretPolls__factory } from "../../types/ethers-contracts/index.js";

/** The secret polls: their texts, their ballots (voter and option, in casting order) and who opens them. */
export const SEED_SECRET_POLLS = {
  opened: {
    question: "Which site should the new public library have?",
    options: ["Old harbour warehouse", "Market square", "Next to the school", "Railway station", "Town park"],
    /** Ben votes twice; his second ballot replaces the first in the encrypted tally. */
    ballots: [
      { voter: "Ana", option: 1 },
      { voter: "Ben", option: 0 },
      { voter: "Chloé", option: 1 },
      { voter: "Ben", option: 3 },
    ],
    /** The trustees who post decryption shares after the close: the second stays away. */
    openers: [1, 3],
  },
  sealed: {
    question: "Should the town council's meetings be streamed online?",
    options: ["Yes", "No"],
    ballots: [{ voter: "Dev", option: 0 }],
  },
  /** Trustees named by each poll and the quorum that opens it. */
  trustees: 3,
  quorum: 2,
} as const;

const DAY = 24 * 3600;

/** The parameters of {@link seedSecretPolls}. */
export interface SeedSecretPollsParameters {
  readonly elections: Elections;
  readonly electionOfficer: Signer;
  /** Sends the ballots and the opening, so that no voter shows an account. */
  readonly relayer: Signer;
  /** The electoral commission: the three trustees, numbered from 1 in this order. */
  readonly trustees: readonly Signer[];
  /** The residents' voting identities, by name. */
  readonly identities: ReadonlyMap<string, Identity>;
  /** The census the polls freeze (the town's adult residents). */
  readonly census: Census;
  readonly censusRule: { readonly jurisdiction: number; readonly requiredFlags: number };
  readonly advanceTime: (seconds: number) => Promise<void>;
  readonly now: () => Promise<number>;
  readonly pollsDir: string;
  readonly log: (line: string) => void;
}

/** The ids of the seeded secret polls. */
export interface SeedSecretPollsReturnType {
  readonly openedPollId: bigint;
  readonly sealedPollId: bigint;
}

/** Creates the two secret polls, runs their ceremonies, casts their ballots and opens the first after its close. */
export async function seedSecretPolls(parameters: SeedSecretPollsParameters): Promise<SeedSecretPollsReturnType> {
  const { elections, relayer, trustees, identities, census, censusRule, advanceTime, now, pollsDir, log } = parameters;
  const send = async (step: string, transaction: Promise<{ wait: () => Promise<unknown> }>) => {
    await (await transaction).wait();
    log(step);
  };
  const officer = elections.connect(parameters.electionOfficer);
  const address = await elections.getAddress();
  const secret = ISecretPolls__factory.connect(address, relayer);
  const trusteeAddresses = await Promise.all(trustees.map((signer) => signer.getAddress()));
  const { quorum } = SEED_SECRET_POLLS;
  mkdirSync(pollsDir, { recursive: true });

  const opensAt = (await now()) + Number(await elections.reviewPeriod()) + 60;
  const create = async (texts: { question: string; options: readonly string[] }, closesAt: number) => {
    const metadata = `${JSON.stringify({ question: texts.question, options: texts.options }, null, 2)}\n`;
    await send(
      `the election officer created the secret poll "${texts.question}" (trustees 1 to 3, quorum ${quorum})`,
      officer.createSecretPoll(
        {
          metadataHash: keccak256(new TextEncoder().encode(metadata)),
          rule: 0,
          optionCount: texts.options.length,
          maxChoices: 0,
          revoting: true,
          opensAt,
          closesAt,
          budget: 0n,
          costs: [],
          census: {
            ...censusRule,
            size: census.size,
            sequence: census.sequence,
            depth: censusDepth(census.size),
            root: census.root,
          },
        },
        trusteeAddresses,
        quorum,
      ),
    );
    const pollId = await elections.pollCount();
    writeFileSync(join(pollsDir, `${pollId}.json`), metadata);
    return { pollId, texts, closesAt };
  };
  const created = [
    await create(SEED_SECRET_POLLS.opened, opensAt + 7 * DAY),
    await create(SEED_SECRET_POLLS.sealed, opensAt + 60 * DAY),
  ];

  // The ceremony: announce, deal, and (no complaint) seal at the opening.
  const runs = await runTrusteeCeremonies({
    elections: address,
    pollIds: created.map((poll) => poll.pollId),
    trustees,
    quorum,
    waitUntil: async (timestamp) => advanceTime(timestamp - (await now())),
    onTransaction: send,
  });
  const polls = created.map((poll, p) => ({ ...poll, ...runs[p]! }));

  // The ballots, encrypted on the voters' devices, cast through the relayer.
  const depth = censusDepth(census.size);
  try {
    for (const [p, poll] of polls.entries()) {
      const sdkPoll: SecretPoll = {
        location: poll.ceremony.location,
        electionKey: poll.outcome.electionKey,
        rule: "SingleChoice",
        optionCount: poll.texts.options.length,
        maxChoices: 0,
      };
      const scope = await elections.pollScope(poll.pollId);
      const latest = new Map<string, PreparedBallot>();
      const seeded = p === 0 ? SEED_SECRET_POLLS.opened.ballots : SEED_SECRET_POLLS.sealed.ballots;
      for (const { voter, option } of seeded) {
        const identity = identities.get(voter)!;
        const replaced = latest.get(voter);
        const revision = (replaced?.revision ?? 0n) + 1n;
        const prepared = prepareBallot({
          poll: sdkPoll,
          options: [option],
          nullifier: ballotNullifier(identity, scope),
          revision,
        });
        const proof = await buildBallotProof({
          identity,
          census: census.members,
          ballot: 0n,
          message: prepared.digest,
          revision,
          scope,
          depth,
          circuit: semaphoreCircuit(depth),
        });
        await send(
          `an encrypted ballot was cast in poll ${poll.pollId} through the relayer (${voter}${replaced ? ", a re-vote" : ""})`,
          sendSecretBallot(elections.connect(relayer), {
            pollId: poll.pollId,
            prepared,
            proof,
            replaced: replaced?.ballot.ciphertexts,
          }),
        );
        latest.set(voter, prepared);
      }
    }
  } finally {
    await releaseProver();
  }

  // The opening of the first poll: two trustees post their shares, anyone posts the counts.
  const [opened, sealed] = polls as [(typeof polls)[number], (typeof polls)[number]];
  await advanceTime(opened.closesAt - (await now()));
  const tally = ciphertextsFromChain(await secret.encryptedTally(opened.pollId));
  const { outcome } = opened;
  const openingPoll = { location: opened.ceremony.location, electionKey: outcome.electionKey };
  const posted = [];
  for (const trustee of SEED_SECRET_POLLS.opened.openers) {
    const keyShare = opened.keyShares.get(trustee)!;
    const shares = decryptionShares({ poll: openingPoll, tally, trustee, keyShare });
    const args = decryptionShareArguments(shares);
    await send(
      `trustee ${trustee} posted its decryption shares of poll ${opened.pollId}`,
      secret.connect(trustees[trustee - 1]!).postDecryptionShares(opened.pollId, args.shares, args.proofs),
    );
    posted.push(...shares);
  }
  const { counts } = openTally({
    poll: openingPoll,
    tally,
    shares: posted,
    verificationKeys: outcome.verificationKeys,
    quorum,
    maxCount: BigInt(census.size),
  });
  await send(
    `the tally of poll ${opened.pollId} was opened: ${counts.join(", ")}`,
    secret.openTally(opened.pollId, [...counts]),
  );
  return { openedPollId: opened.pollId, sealedPollId: sealed.pollId };
}
