/**
 * The demo's secret poll: three trustees with a quorum of two hold the key ceremony during the review, the town's
 * citizens cast encrypted ballots (one re-votes), nobody reads a running tally, and after the close two trustees open
 * the total while the third stays away; anyone checks every decryption proof. Called by `scripts/demo.ts` after the
 * participatory budget, whose register it reuses.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import type { ContractTransactionResponse } from "ethers";
import { id } from "ethers";

import {
  ballotNullifier,
  buildBallotProof,
  censusDepth,
  computeCensus,
  Identity,
  readCitizenChanges,
  readPoll,
  releaseProver,
} from "../src/elections/index.js";
import { runTrusteeCeremonies, semaphoreCircuit } from "../src/elections/node.js";
import {
  ciphertextsFromChain,
  combineShares,
  countsMatch,
  decryptionShareArguments,
  decryptionShares,
  openTally,
  prepareBallot,
  type PreparedBallot,
  sendSecretBallot,
  verifyDecryptionShare,
} from "../src/elections/secret/index.js";
import { ISecretPolls__factory, type CitizenRegistry, type Elections } from "../types/ethers-contracts/index.js";

/** What the secret poll's story needs from the demo. */
export interface SecretPollParameters {
  readonly citizens: CitizenRegistry;
  readonly elections: Elections;
  readonly electionOfficer: HardhatEthersSigner;
  /** The electoral commission's three members, trustees 1 to 3. */
  readonly trustees: readonly [HardhatEthersSigner, HardhatEthersSigner, HardhatEthersSigner];
  readonly relayer: HardhatEthersSigner;
  readonly time: NetworkHelpers["time"];
  readonly step: (title: string, send: Promise<ContractTransactionResponse>) => Promise<void>;
}

const TOWN = 4101;
const ADULT_RESIDENT = 3;
const OPTIONS = ["Keep the market on Saturdays", "Move it to Sundays", "Hold it on both days"] as const;

/** Walks the secret poll. */
export async function runSecretPoll(parameters: SecretPollParameters): Promise<void> {
  const { citizens, elections, electionOfficer, trustees, relayer, time, step } = parameters;
  const provider = citizens.runner!.provider!;
  const changes = await readCitizenChanges({ provider, registry: await citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT_RESIDENT });
  const opensAt = (await time.latest()) + Number(await elections.reviewPeriod()) + 60;
  const closesAt = opensAt + 3 * 24 * 3600;
  await step(
    `the election officer creates a secret poll (${OPTIONS.length} options, ${census.size} citizens), trustees: Alice, Bob, Carol, any two open it`,
    elections.connect(electionOfficer).createSecretPoll(
      {
        metadataHash: id(JSON.stringify(OPTIONS)),
        rule: 0,
        optionCount: OPTIONS.length,
        maxChoices: 0,
        revoting: true,
        opensAt,
        closesAt,
        budget: 0n,
        costs: [],
        census: {
          jurisdiction: TOWN,
          requiredFlags: ADULT_RESIDENT,
          size: census.size,
          sequence: census.sequence,
          depth: censusDepth(census.size),
          root: census.root,
        },
      },
      trustees.map((t) => t.address),
      2,
    ),
  );
  const pollId = await elections.pollCount();
  const address = await elections.getAddress();
  const secret = ISecretPolls__factory.connect(address, provider);

  console.log("\n  The key ceremony, in the review period: nobody ever holds the whole election key");
  const [{ ceremony, outcome, keyShares }] = await runTrusteeCeremonies({
    elections: address,
    pollIds: [pollId],
    trustees,
    quorum: 2,
    waitUntil: (timestamp) => time.increaseTo(timestamp),
    onTransaction: step,
  });
  const poll = {
    location: ceremony.location,
    electionKey: outcome.electionKey,
    rule: "SingleChoice" as const,
    optionCount: 3,
    maxChoices: 0,
  };
  const view = await readPoll({ elections, pollId });

  const voters = new Map<string, PreparedBallot>();
  const cast = async (name: string, option: number, note: string) => {
    const identity = new Identity(id(`demo voting identity ${name}`).slice(2));
    const nullifier = ballotNullifier(identity, view.scope);
    const revision = (await elections.latestRevision(pollId, nullifier)) + 1n;
    const started = Date.now();
    const prepared = prepareBallot({ poll, options: [option], nullifier, revision });
    const proof = await buildBallotProof({
      identity,
      census: census.members,
      ballot: 0n,
      message: prepared.digest,
      revision,
      scope: view.scope,
      depth: view.census.depth,
      circuit: semaphoreCircuit(view.census.depth),
    });
    const ms = Date.now() - started;
    const replaced = voters.get(name);
    await step(
      `${name} ${note} (encrypted, with proofs, in ${ms} ms; sent by the relayer)`,
      sendSecretBallot(elections.connect(relayer), {
        pollId,
        prepared,
        proof,
        replaced: replaced?.ballot.ciphertexts,
      }),
    );
    voters.set(name, prepared);
  };
  await cast("Ana", 0, "votes");
  await cast("Ben", 1, "votes");
  await cast("Dev", 0, "votes");
  await cast("Ben", 2, "votes again: his earlier ballot is taken out of the encrypted tally");
  await releaseProver();
  console.log("  During the vote the tally is four ciphertexts per option sum: nobody, officials included, reads it");

  await time.increaseTo(closesAt);
  const tally = ciphertextsFromChain(await secret.encryptedTally(pollId));
  for (const index of [1, 3]) {
    const keyShare = keyShares.get(index)!;
    const args = decryptionShareArguments(decryptionShares({ poll, tally, trustee: index, keyShare }));
    await step(
      `trustee ${index} posts its decryption shares, each with a Chaum–Pedersen proof the contract checks`,
      secret.connect(trustees[index - 1]!).postDecryptionShares(pollId, args.shares, args.proofs),
    );
  }
  console.log("  Trustee 2 (Bob) stays away: two of three are the quorum");
  const published = [1, 3].flatMap((j) => decryptionShares({ poll, tally, trustee: j, keyShare: keyShares.get(j)! }));
  const opened = openTally({
    poll,
    tally,
    shares: published,
    verificationKeys: outcome.verificationKeys,
    quorum: 2,
    maxCount: BigInt(census.size),
  });
  await step(
    "anyone posts the counts; the contract accepts only what the shares decrypt",
    secret.connect(relayer).openTally(pollId, [...opened.counts]),
  );
  const proofsCheck = published.every((share) =>
    verifyDecryptionShare(poll, tally, outcome.verificationKeys.get(share.trustee)!, share),
  );
  const byTrustee = new Map([1, 3].map((j) => [j, published.filter((s) => s.trustee === j)]));
  const matches = countsMatch(combineShares(tally, byTrustee), opened.counts);
  console.log(`\n  The opened result of poll ${pollId} (the shares of trustees 1 and 3):`);
  OPTIONS.forEach((option, i) => console.log(`    ${option.padEnd(32)} ${opened.counts[i]} vote(s)`));
  console.log(
    `  Every decryption proof checks: ${proofsCheck ? "yes" : "NO"}; the shares decrypt the tally to these counts: ` +
      `${matches ? "yes" : "NO"}; Ben's first ballot counts no more.`,
  );
}
