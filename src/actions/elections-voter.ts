/**
 * A voter's side of a secret poll (docs/secret-ballot.md §4, §5): the checks every ballot passes before it is proved
 * (the poll takes ballots, the voter's identity is in its census, a poll without re-voting took no ballot of the
 * voter), an encrypted ballot cast through the municipality's relay or any account, Benaloh's challenge of a prepared
 * ballot, and the receipt check that a ballot is counted in the encrypted tally (or was replaced).
 *
 * @module
 */
import { ballotNullifier } from "../elections/ballot.js";
import { type Census, checkCensus, readCitizenChanges } from "../elections/census.js";
import { loadSemaphoreCircuit } from "../elections/artifacts.js";
import { decodeElectionsError, type PollView, readPoll } from "../elections/polls.js";
import { buildBallotProof, type Identity } from "../elections/proof.js";
import { sendBallotToRelay } from "../elections/relay-client.js";
import { prepareBallot, type PreparedBallot, type SecretPoll } from "../elections/secret/ballot.js";
import { ballotArguments, ciphertextArguments, ciphertextsFromChain } from "../elections/secret/chain.js";
import { ciphertextsEqual } from "../elections/secret/elgamal.js";
import { encodeCiphertext, encodeSecretBallot } from "../elections/secret/encoding.js";
import {
  readSecretPoll,
  readSecretPollMessages,
  recomputeEncryptedTally,
  type SecretPollMessages,
} from "../elections/trustee-chain.js";
import { electionKeyOf } from "../elections/trustee.js";
import { censusAbsence, pollRefusal } from "../elections/voter-checks.js";
import type { Signer } from "ethers";

import type { Suite } from "../deployment.js";
import { InvalidInputError, InvalidStateError } from "../errors.js";
import { citizenRegistryOf } from "./citizens.js";
import { electionsOf } from "./elections-contract.js";
import { execute, type TransactionEvent } from "./execute.js";
import type { ReceiptPolicy } from "./receipts.js";

function getPoll({ suite, pollId }: { readonly suite: Suite; readonly pollId: bigint }): Promise<PollView> {
  return readPoll({ elections: electionsOf(suite), pollId });
}

/** What {@link voterPreflight} establishes. */
export interface VoterPreflight {
  readonly poll: PollView;
  /** The census recomputed from the register's events, checked against the poll's root. */
  readonly census: Census;
  readonly nullifier: bigint;
  /** The voter's latest counted revision in the poll (0n for none). */
  readonly latest: bigint;
}

/**
 * The checks before a ballot is proved: the poll takes ballots (a cancelled one is named so), a poll without
 * re-voting has no ballot of this voter yet, the census recomputed from the register gives the poll's root and holds
 * the voter's commitment (or the reason it does not). Throws an `InvalidInputError` naming `poll` or `identity`.
 */
export async function voterPreflight({
  suite,
  identity,
  pollId,
}: {
  readonly suite: Suite;
  readonly identity: Identity;
  readonly pollId: bigint;
}): Promise<VoterPreflight> {
  const poll = await getPoll({ suite, pollId });
  const nullifier = ballotNullifier(identity, poll.scope);
  const latest = await electionsOf(suite).latestRevision(pollId, nullifier);
  const refusal = pollRefusal(poll, latest);
  if (refusal !== undefined) throw new InvalidInputError({ field: "poll", reason: refusal });
  const registry = citizenRegistryOf(suite);
  const changes = await readCitizenChanges({
    provider: suite.runner.provider!,
    registry: await registry.getAddress(),
    fromBlock: suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
  });
  const { matches, computed } = checkCensus({ changes, stated: poll.census });
  if (!matches) {
    throw new InvalidStateError({
      kind: "poll",
      id: pollId.toString(),
      state: "inconsistent",
      reason: `its census root ${poll.census.root} is not the register's (${computed.root}) as of sequence ${poll.census.sequence}`,
    });
  }
  if (!computed.members.includes(identity.commitment)) {
    throw new InvalidInputError({ field: "identity", reason: censusAbsence(changes, poll, identity.commitment) });
  }
  return { poll, census: computed, nullifier, latest };
}

/** A secret poll as a voter's device encrypts for it, and the poll's messages. */
async function secretPollFor(
  suite: Suite,
  poll: PollView,
): Promise<{ poll: SecretPoll; messages: SecretPollMessages }> {
  const state = await readSecretPoll({ elections: electionsOf(suite), pollId: poll.pollId });
  const messages = await readSecretPollMessages({
    provider: suite.runner.provider!,
    elections: state.location.contract,
    pollId: poll.pollId,
    fromBlock: suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  if (poll.rule !== "SingleChoice" && poll.rule !== "Approval") {
    throw new InvalidInputError({ field: "poll", reason: `a ${poll.rule} poll cannot be secret` });
  }
  return {
    poll: {
      location: state.location,
      electionKey: electionKeyOf(state, messages),
      rule: poll.rule,
      optionCount: poll.optionCount,
      maxChoices: poll.maxChoices,
    },
    messages,
  };
}

export type CastSecretBallotParameters = {
  readonly suite: Suite;
  readonly identity: Identity;
  readonly pollId: bigint;
  /** Zero-based options. */
  readonly options: readonly number[];
  /** The municipality's relay, which checks and pays for the ballot. */
  readonly relay?: string;
  /** Without a relay: the account that sends the ballot (and is then seen casting it). */
  readonly signer?: Signer;
  readonly receipts?: ReceiptPolicy;
  readonly onTransaction?: (event: TransactionEvent) => void;
};

/** What {@link castSecretBallot} returns: the receipt of the counted ballot. */
export interface CastSecretBallotReturnType {
  readonly hash: string;
  readonly blockNumber: number;
  readonly gasUsed: bigint;
  /** The ballot's digest (its Semaphore message): the receipt's "ballot hash". */
  readonly digest: bigint;
  readonly nullifier: bigint;
  readonly revision: bigint;
  /** Whether it replaced an earlier ballot of the voter. */
  readonly replaced: boolean;
  readonly options: readonly number[];
  readonly proofMs: number;
}

/**
 * Encrypts a voter's choice for a secret poll with its proofs, proves it with Semaphore (the proof's message is the
 * ballot's digest), and casts it through the relay or the suite's runner; a re-vote carries the ciphertexts of the
 * voter's counted ballot, read from its `SecretBallotCast` event.
 */
export async function castSecretBallot(parameters: CastSecretBallotParameters): Promise<CastSecretBallotReturnType> {
  const { suite, identity, pollId, options } = parameters;
  const { poll, census, nullifier, latest } = await voterPreflight({ suite, identity, pollId });
  if (!poll.secret)
    throw new InvalidInputError({ field: "poll", reason: `poll ${pollId} is public: its ballots are not encrypted` });
  const secret = await secretPollFor(suite, poll);
  const revision = latest + 1n;
  const prepared = prepareBallot({ poll: secret.poll, options, nullifier, revision });
  const previous = secret.messages.ballots.filter((b) => b.nullifier === nullifier).at(-1);
  if (latest > 0n && previous === undefined) {
    throw new InvalidStateError({
      kind: "poll",
      id: pollId.toString(),
      state: "unreadable",
      reason: "your counted ballot's event was not found: the re-vote cannot take it out of the tally",
    });
  }
  const replaced = previous?.ciphertexts ?? [];
  const started = Date.now();
  const proof = await buildBallotProof({
    identity,
    census: census.members,
    ballot: 0n,
    message: prepared.digest,
    revision,
    scope: poll.scope,
    depth: poll.census.depth,
    circuit: await loadSemaphoreCircuit(poll.census.depth),
  });
  const proofMs = Date.now() - started;
  const base = {
    digest: prepared.digest,
    nullifier,
    revision,
    replaced: latest > 0n,
    options: prepared.options,
    proofMs,
  };
  if (parameters.relay !== undefined) {
    const relayed = await sendBallotToRelay({
      relay: parameters.relay,
      pollId,
      revision,
      proof,
      secret: { ...encodeSecretBallot(prepared.ballot), replaced: replaced.map(encodeCiphertext) },
    });
    return { ...base, hash: relayed.transactionHash, blockNumber: relayed.blockNumber, gasUsed: relayed.gasUsed };
  }
  if (parameters.signer === undefined) {
    throw new InvalidInputError({ field: "relay", reason: "is required unless an account sends the ballot" });
  }
  const words = ballotArguments(prepared.ballot);
  try {
    const execution = await execute({
      suite,
      signer: parameters.signer,
      receipts: parameters.receipts,
      onTransaction: parameters.onTransaction,
      steps: [
        {
          contract: electionsOf(suite),
          contractName: "Elections",
          functionName: "castSecretBallot",
          args: [
            pollId,
            revision,
            words.ciphertexts,
            words.optionProofs,
            words.ruleProof,
            ciphertextArguments(replaced),
            proof,
          ],
          description: `cast a secret ballot in poll ${pollId}`,
        },
      ],
    });
    if (execution.mode !== "send") throw new InvalidInputError({ field: "mode", reason: "a ballot is sent" });
    const [transaction] = execution.transactions;
    return { ...base, hash: transaction!.hash, blockNumber: transaction!.blockNumber, gasUsed: transaction!.gasUsed };
  } catch (error) {
    throw decodeElectionsError(error);
  }
}

/** What {@link challengeSecretBallot} returns: a prepared ballot that is never cast, and its reveal. */
export interface ChallengeSecretBallotReturnType {
  readonly poll: SecretPoll;
  readonly prepared: PreparedBallot;
}

/**
 * Prepares a ballot exactly as {@link castSecretBallot} would (same poll, key, nullifier and next revision) and
 * returns it instead of casting it, for Benaloh's challenge: the device reveals its randomness and the voter checks,
 * independently, which options it encrypted. The challenged ballot must never be cast.
 */
export async function challengeSecretBallot({
  suite,
  identity,
  pollId,
  options,
}: Pick<
  CastSecretBallotParameters,
  "suite" | "identity" | "pollId" | "options"
>): Promise<ChallengeSecretBallotReturnType> {
  const { poll, nullifier, latest } = await voterPreflight({ suite, identity, pollId });
  if (!poll.secret)
    throw new InvalidInputError({ field: "poll", reason: `poll ${pollId} is public: its ballots are not encrypted` });
  const secret = await secretPollFor(suite, poll);
  return {
    poll: secret.poll,
    prepared: prepareBallot({ poll: secret.poll, options, nullifier, revision: latest + 1n }),
  };
}

/** The receipt check's answer. */
export type ReceiptStatus =
  | {
      readonly status: "counted";
      readonly blockNumber: number;
      readonly transactionHash: string;
      readonly revision: bigint;
    }
  | {
      readonly status: "replaced";
      readonly blockNumber: number;
      /** The block of the ballot that replaced it. */
      readonly replacedAt: number;
      readonly revision: bigint;
    }
  | { readonly status: "unknown" };

/**
 * Whether a ballot (by its digest) is counted in a secret poll's encrypted tally: it is the latest ballot of its
 * nullifier (the contract's stored digest, and the events' latest ballots add up to the encrypted tally), or it was
 * replaced at a later block, or the poll never counted it.
 */
export async function checkSecretReceipt({
  suite,
  pollId,
  digest,
}: {
  readonly suite: Suite;
  readonly pollId: bigint;
  readonly digest: bigint;
}): Promise<ReceiptStatus & { readonly tallyMatches: boolean }> {
  const poll = await getPoll({ suite, pollId });
  if (!poll.secret)
    throw new InvalidInputError({ field: "poll", reason: `poll ${pollId} is public: it has no ballot digests` });
  const state = await readSecretPoll({ elections: electionsOf(suite), pollId });
  const messages = await readSecretPollMessages({
    provider: suite.runner.provider!,
    elections: state.location.contract,
    pollId,
    fromBlock: suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  const tally = ciphertextsFromChain(await state.contract.encryptedTally(pollId));
  const recomputed = recomputeEncryptedTally(messages, poll.optionCount);
  const tallyMatches = tally.every((c, i) => ciphertextsEqual(c, recomputed[i]!));
  const index = messages.ballots.findIndex((b) => b.digest === digest);
  if (index < 0) return { status: "unknown", tallyMatches };
  const ballot = messages.ballots[index]!;
  const later = messages.ballots.slice(index + 1).find((b) => b.nullifier === ballot.nullifier);
  if (later !== undefined) {
    return {
      status: "replaced",
      blockNumber: ballot.blockNumber,
      replacedAt: later.blockNumber,
      revision: ballot.revision,
      tallyMatches,
    };
  }
  const stored = await state.contract.secretBallotDigest(pollId, ballot.nullifier);
  if (stored !== digest) return { status: "unknown", tallyMatches };
  return {
    status: "counted",
    blockNumber: ballot.blockNumber,
    transactionHash: ballot.transactionHash,
    revision: ballot.revision,
    tallyMatches,
  };
}
