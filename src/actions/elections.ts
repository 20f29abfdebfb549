/**
 * Election-officer, guardian and voter actions on the Elections contract: create a poll with a census computed from
 * the register's events, cancel it during its review, record its close, read it and its tally, verify census and
 * tally from the events, and cast a ballot (with its proof generated offline) through any account.
 *
 * @module
 */
import { isAddress, ZeroAddress } from "ethers";

import { chainTime } from "../chain.js";
import type { Suite } from "../deployment.js";
import { InvalidInputError, InvalidStateError } from "../errors.js";
import {
  type BallotRuleName,
  BALLOT_RULES,
  ballotRuleProblem,
  encodeBallot,
  MAX_OPTIONS,
} from "../elections/ballot.js";
import { type Census, checkCensus, readCitizenChanges } from "../elections/census.js";
import { type CensusCurrency, checkCensusCurrency } from "../elections/currency.js";
import {
  decodeElectionsError,
  type PollView,
  readPoll,
  submitBallot,
  type SubmitBallotReturnType,
  type VerifyTallyReturnType,
  verifyTally,
} from "../elections/polls.js";
import { buildBallotProof, censusDepth, type Identity, MAX_DEPTH } from "../elections/proof.js";
import { MAX_TRUSTEES } from "../elections/secret/ceremony.js";
import { loadSemaphoreCircuit } from "../elections/artifacts.js";
import { sendBallotToRelay } from "../elections/relay-client.js";
import { validateHash } from "../validate.js";
import { isoTime } from "../vocabulary.js";
import { censusOf, citizenRegistryOf } from "./citizens.js";
import { electionsOf } from "./elections-contract.js";
import { voterPreflight } from "./elections-voter.js";
import { type ActionContext, type Execution, execute, type TransactionEvent } from "./execute.js";
import type { ReceiptPolicy } from "./receipts.js";

export { electionsOf } from "./elections-contract.js";

/** A poll (an unknown id is a `RecordNotFoundError`). */
export async function getPoll({
  suite,
  pollId,
}: {
  readonly suite: Suite;
  readonly pollId: bigint;
}): Promise<PollView> {
  return readPoll({ elections: electionsOf(suite), pollId });
}

export type CreatePollParameters = ActionContext & {
  readonly metadataHash: string;
  readonly rule: BallotRuleName;
  readonly optionCount: number;
  /** Approval: most options per ballot. */
  readonly maxChoices?: number;
  /** Budget: the spending limit and each option's cost. */
  readonly budget?: bigint;
  readonly costs?: readonly bigint[];
  readonly revoting: boolean;
  readonly opensAt: number;
  readonly closesAt: number;
  readonly jurisdiction: number;
  readonly requiredFlags: number;
  /**
   * The tree depth every proof of the poll will be made at: the census's own (ceil(log2(size)), at least 1) by
   * default; a larger one (up to 32) keeps the census size out of the proofs' public inputs.
   */
  readonly depth?: number;
  /**
   * A secret poll (docs/secret-ballot.md): its trustees' accounts (numbered from 1 in this order, 1 to 16, distinct)
   * and the quorum of them that opens the tally. Budget polls cannot be secret.
   */
  readonly secret?: { readonly trustees: readonly string[]; readonly quorum: number };
};

export type CreatePollReturnType = Execution & { readonly pollId: bigint | undefined; readonly census: Census };

/**
 * Creates a poll whose census is computed now from the register's events (jurisdiction, required flags, latest
 * sequence number). Every rule the contract checks is checked first. Needs ELECTION_OFFICER.
 */
export async function createPoll(parameters: CreatePollParameters): Promise<CreatePollReturnType> {
  const { suite, rule, optionCount, revoting, opensAt, closesAt, jurisdiction, requiredFlags } = parameters;
  const maxChoices = parameters.maxChoices ?? 0;
  const budget = parameters.budget ?? 0n;
  const costs = [...(parameters.costs ?? [])];
  const metadataHash = validateHash("metadata", parameters.metadataHash);
  if (!Number.isInteger(optionCount) || optionCount < 2 || optionCount > MAX_OPTIONS) {
    throw new InvalidInputError({ field: "options", reason: `must be from 2 to ${MAX_OPTIONS}, got ${optionCount}` });
  }
  if (rule === "Approval" && (maxChoices < 1 || maxChoices > optionCount)) {
    throw new InvalidInputError({
      field: "maxChoices",
      reason: `must be from 1 to ${optionCount} for an approval poll`,
    });
  }
  if (rule !== "Approval" && maxChoices !== 0) {
    throw new InvalidInputError({ field: "maxChoices", reason: "applies to approval polls only" });
  }
  if (rule === "Budget") {
    if (budget <= 0n) throw new InvalidInputError({ field: "budget", reason: "must be positive for a budget poll" });
    if (costs.length !== optionCount) {
      throw new InvalidInputError({
        field: "costs",
        reason: `needs one cost per option (${optionCount}), got ${costs.length}`,
      });
    }
    costs.forEach((cost, i) => {
      if (cost <= 0n) throw new InvalidInputError({ field: "costs", reason: `option ${i} costs nothing` });
    });
  } else if (budget !== 0n || costs.length !== 0) {
    throw new InvalidInputError({ field: "budget", reason: "budget and costs apply to budget polls only" });
  }
  if (parameters.secret !== undefined) checkTrustees(rule, parameters.secret);
  const elections = electionsOf(suite);
  const now = await chainTime(suite.runner.provider!);
  const earliest = now + Number(await elections.reviewPeriod());
  if (opensAt < earliest) {
    throw new InvalidInputError({
      field: "opens",
      reason: `must be after the review period, at ${isoTime(earliest)} or later`,
    });
  }
  if (closesAt <= opensAt) throw new InvalidInputError({ field: "closes", reason: "must be after the opening" });
  const census = await censusOf({ suite, jurisdiction, requiredFlags });
  if (census.size === 0) {
    throw new InvalidInputError({
      field: "jurisdiction",
      reason: `no eligible citizen with a voting commitment in ${jurisdiction} (as of sequence ${census.sequence})`,
    });
  }
  const depth = parameters.depth ?? censusDepth(census.size);
  if (!Number.isInteger(depth) || depth < censusDepth(census.size) || depth > MAX_DEPTH) {
    throw new InvalidInputError({
      field: "depth",
      reason: `must be an integer from ${censusDepth(census.size)} (the census of ${census.size}) to ${MAX_DEPTH}, got ${depth}`,
    });
  }
  const poll = {
    metadataHash,
    rule: BALLOT_RULES.indexOf(rule),
    optionCount,
    maxChoices,
    revoting,
    opensAt,
    closesAt,
    budget,
    costs,
    census: {
      jurisdiction,
      requiredFlags,
      size: census.size,
      sequence: census.sequence,
      depth,
      root: census.root,
    },
  };
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: elections,
        contractName: "Elections",
        functionName: parameters.secret === undefined ? "createPoll" : "createSecretPoll",
        args:
          parameters.secret === undefined ? [poll] : [poll, [...parameters.secret.trustees], parameters.secret.quorum],
        description: `create a ${parameters.secret === undefined ? "" : "secret "}${rule} poll of ${optionCount} options for ${census.size} citizens of ${jurisdiction}`,
      },
    ],
  });
  let pollId: bigint | undefined;
  if (execution.mode === "send") {
    for (const transaction of execution.transactions) {
      for (const event of transaction.events) {
        if (event.name === "PollCreated") pollId = event.args.pollId as bigint;
      }
    }
  }
  return { ...execution, pollId, census };
}

/** Throws {@link InvalidInputError} naming the field unless a secret poll's rule, trustees and quorum are valid. */
function checkTrustees(rule: BallotRuleName, { trustees, quorum }: { trustees: readonly string[]; quorum: number }) {
  if (rule === "Budget") {
    throw new InvalidInputError({ field: "rule", reason: "a budget poll cannot be secret (docs/secret-ballot.md §8)" });
  }
  if (trustees.length < 1 || trustees.length > MAX_TRUSTEES) {
    throw new InvalidInputError({ field: "trustees", reason: `must name 1 to ${MAX_TRUSTEES} accounts` });
  }
  const seen = new Set<string>();
  for (const trustee of trustees) {
    if (!isAddress(trustee) || trustee === ZeroAddress) {
      throw new InvalidInputError({ field: "trustees", reason: `${trustee} is not an account` });
    }
    if (seen.has(trustee.toLowerCase()))
      throw new InvalidInputError({ field: "trustees", reason: `${trustee} is named twice` });
    seen.add(trustee.toLowerCase());
  }
  if (!Number.isInteger(quorum) || quorum < 1 || quorum > trustees.length) {
    throw new InvalidInputError({ field: "quorum", reason: `must be from 1 to the ${trustees.length} trustees` });
  }
}

/** Cancels a poll during its review period. Needs GUARDIAN. */
export async function cancelPoll(
  parameters: ActionContext & { readonly pollId: bigint; readonly reason: string },
): Promise<Execution> {
  const { suite, pollId } = parameters;
  const reason = validateHash("reason", parameters.reason);
  const elections = electionsOf(suite);
  return execute({
    ...parameters,
    steps: [
      {
        contract: elections,
        contractName: "Elections",
        functionName: "cancelPoll",
        args: [pollId, reason],
        description: `cancel poll ${pollId}`,
      },
    ],
  });
}

/** Records the close of a poll whose window has ended; anyone may. */
export async function closePoll(parameters: ActionContext & { readonly pollId: bigint }): Promise<Execution> {
  const { suite, pollId } = parameters;
  const poll = await getPoll({ suite, pollId });
  if (poll.state !== "Ended") {
    throw new InvalidStateError({
      kind: "poll",
      id: pollId.toString(),
      state: poll.state,
      reason:
        poll.state === "Open" || poll.state === "Review"
          ? `it closes at ${isoTime(poll.closesAt)}`
          : "its close cannot be recorded",
    });
  }
  return execute({
    ...parameters,
    steps: [
      {
        contract: electionsOf(suite),
        contractName: "Elections",
        functionName: "closePoll",
        args: [pollId],
        description: `record the close of poll ${pollId}`,
      },
    ],
  });
}

/** What {@link verifyPoll} returns. */
export interface VerifyPollReturnType {
  readonly poll: PollView;
  /** Whether the census root and size recomputed from the register's events are the poll's. */
  readonly censusMatches: boolean;
  readonly census: Census;
  /** Whether the census is the register as of the poll's creation, and every change of membership if not. */
  readonly currency: CensusCurrency;
  readonly tally: VerifyTallyReturnType;
}

/** Recomputes a poll's census and tally from the events and compares them with the contract's. */
export async function verifyPoll({
  suite,
  pollId,
}: {
  readonly suite: Suite;
  readonly pollId: bigint;
}): Promise<VerifyPollReturnType> {
  const poll = await getPoll({ suite, pollId });
  const registry = citizenRegistryOf(suite);
  const changes = await readCitizenChanges({
    provider: suite.runner.provider!,
    registry: await registry.getAddress(),
    fromBlock: suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
  });
  const { matches, computed } = checkCensus({ changes, stated: poll.census });
  const currency = await checkCensusCurrency({
    provider: suite.runner.provider!,
    elections: await electionsOf(suite).getAddress(),
    registry: await registry.getAddress(),
    pollId,
    census: poll.census,
    fromBlock: Math.min(
      suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
      suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
    ),
  });
  const tally = await verifyTally({
    elections: electionsOf(suite),
    provider: suite.runner.provider!,
    pollId,
    fromBlock: suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  return { poll, censusMatches: matches, census: computed, currency, tally };
}

export type CastBallotParameters = {
  readonly suite: Suite;
  readonly identity: Identity;
  readonly pollId: bigint;
  /** Zero-based options. */
  readonly options: readonly number[];
  /**
   * The base URL of the municipality's ballot relay: the ballot goes there, checked and paid for by the relay, and
   * the suite's runner only reads. Without it, the suite's runner sends the ballot itself.
   */
  readonly relay?: string;
  /** A ballot the suite's runner sends: how it is awaited (timeout, replacement of a stuck one). */
  readonly receipts?: ReceiptPolicy;
  /** A ballot the suite's runner sends: told about it as it is sent, awaited, replaced and mined. */
  readonly onTransaction?: (event: TransactionEvent) => void;
};

export type CastBallotReturnType = SubmitBallotReturnType & {
  readonly ballot: bigint;
  /** The ballot's revision: one above the chain's latest for the voter's nullifier in the poll. */
  readonly revision: bigint;
  readonly nullifier: bigint;
  readonly proofMs: number;
};

/**
 * Casts a citizen's ballot through the municipality's relay (`relay`), or through the suite's runner. The census is
 * recomputed from the register's events as of the poll's sequence number and must give the poll's root; the ballot
 * is checked against the poll's rule; the proof is generated offline; the contract's own check runs before sending
 * (the relay's, for a relayed ballot).
 */
export async function castBallot(parameters: CastBallotParameters): Promise<CastBallotReturnType> {
  const { suite, identity, pollId, options } = parameters;
  const { poll, census: computed, latest } = await voterPreflight({ suite, identity, pollId });
  if (poll.secret) {
    throw new InvalidInputError({
      field: "poll",
      reason: `poll ${pollId} is secret: its ballot is encrypted (castSecretBallot)`,
    });
  }
  const ballot = encodeBallot({ options, poll: { ...poll, costs: poll.costs } });
  const problem = ballotRuleProblem(poll, ballot);
  if (problem !== undefined) throw new InvalidInputError({ field: "options", reason: problem });
  const depth = poll.census.depth;
  const revision = latest + 1n;
  const started = Date.now();
  // The prover stays warm for the next ballot of this process and does not keep the process alive.
  const proof = await buildBallotProof({
    identity,
    census: computed.members,
    ballot,
    revision,
    scope: poll.scope,
    depth,
    circuit: await loadSemaphoreCircuit(depth),
  });
  const proofMs = Date.now() - started;
  if (parameters.relay !== undefined) {
    const relayed = await sendBallotToRelay({ relay: parameters.relay, pollId, ballot, revision, proof });
    return {
      hash: relayed.transactionHash,
      blockNumber: relayed.blockNumber,
      previousBallot: relayed.previousBallot,
      gasUsed: relayed.gasUsed,
      ballot,
      revision,
      nullifier: proof.nullifier,
      proofMs,
    };
  }
  try {
    const submitted = await submitBallot({
      elections: electionsOf(suite),
      pollId,
      ballot,
      revision,
      proof,
      receipts: parameters.receipts,
      onTransaction: parameters.onTransaction,
    });
    return { ...submitted, ballot, revision, nullifier: proof.nullifier, proofMs };
  } catch (error) {
    throw decodeElectionsError(error);
  }
}
