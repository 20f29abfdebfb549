/**
 * What the relay asks of the contract for a ballot: the call that counts it (`castBallot` for a public poll,
 * `castSecretBallot` for a secret one) with its arguments, and the contract's refusals in plain words.
 *
 * @module
 */
import { InvalidInputError } from "../errors.js";
import type { RelayBallot } from "./relay-protocol.js";

/** Why the contract refuses a ballot, in plain words, by custom error name. */
export const BALLOT_REFUSALS: Readonly<Record<string, string>> = {
  ElectionsUnknownPoll: "there is no such poll",
  ElectionsPollCancelled: "the poll was cancelled",
  ElectionsPollNotOpen: "the poll is not open yet",
  ElectionsPollClosed: "the poll has closed",
  ElectionsDepthMismatch: "the proof's tree depth is not the poll's",
  ElectionsRootMismatch: "the proof is for another census than the poll's",
  ElectionsScopeMismatch: "the proof is for another poll",
  ElectionsMessageMismatch: "the proof was made for another ballot or another revision",
  ElectionsUnknownOption: "the ballot selects an option the poll does not have",
  ElectionsInvalidChoiceCount: "the ballot selects too few or too many options for the poll's rule",
  ElectionsOverBudget: "the ballot's projects cost more than the budget",
  ElectionsNullifierUsed: "this voter's ballot is counted already and the poll allows no re-vote",
  ElectionsStaleRevision:
    "a ballot of this voter with this revision or a later one is counted already: an old proof cannot be replayed",
  ElectionsInvalidProof: "the zero-knowledge proof does not verify",
  EnforcedPause: "the elections contract is paused; try again later",
  ElectionsSecretPoll: "the poll is secret: its ballots are encrypted",
  ElectionsNotSecretPoll: "the poll is public: its ballots are not encrypted",
  SecretPollsCeremonyIncomplete: "the poll's key ceremony did not complete: it takes no ballot",
  SecretPollsInvalidBallot:
    "the encrypted ballot's proofs do not show one 0 or 1 per option and a choice within the poll's rule",
  SecretPollsReplacedMismatch:
    "the ciphertexts given as the replaced ballot are not this voter's counted ballot (or a first ballot gave some)",
  SecretPollsLengthMismatch: "the encrypted ballot does not have one ciphertext and one proof per option",
};

/** The largest revision the contract takes (`uint64`). */
const MAX_REVISION = (1n << 64n) - 1n;

/** Throws an {@link InvalidInputError} naming `revision` unless the request has one that fits the contract. */
function checkedRevision(request: RelayBallot): bigint {
  const { revision } = request;
  if (revision === undefined) {
    throw new InvalidInputError({
      field: "revision",
      reason: "is missing: the proof binds the ballot to a revision above the voter's previous one (1 for a first)",
    });
  }
  if (revision === 0n || revision > MAX_REVISION) {
    throw new InvalidInputError({ field: "revision", reason: "must be from 1 to 2^64 - 1" });
  }
  return revision;
}

/**
 * The arguments of `castBallot` and `checkBallot` for a relayed public ballot: the one place that knows the call's
 * shape. Throws an {@link InvalidInputError} naming `revision` when the request lacks one or it does not fit the
 * contract, and naming `ballot` for a secret poll's ballot (see {@link secretBallotCallArguments}).
 */
export function ballotCallArguments(request: RelayBallot): readonly unknown[] {
  const revision = checkedRevision(request);
  if (request.secret !== undefined) {
    throw new InvalidInputError({ field: "ballot", reason: "is a secret poll's ballot: it goes to castSecretBallot" });
  }
  return [request.pollId, request.ballot, revision, request.proof];
}

/**
 * The arguments of `castSecretBallot` for a relayed secret ballot. Throws an {@link InvalidInputError} naming
 * `revision` when the request lacks one or it does not fit the contract, and naming `secret` for a public ballot.
 */
export function secretBallotCallArguments(request: RelayBallot): readonly unknown[] {
  const revision = checkedRevision(request);
  const { secret } = request;
  if (secret === undefined) {
    throw new InvalidInputError({ field: "secret", reason: "is missing: the request is a public poll's ballot" });
  }
  return [
    request.pollId,
    revision,
    secret.ciphertexts,
    secret.optionProofs,
    secret.ruleProof,
    secret.replaced,
    request.proof,
  ];
}

/** The contract function and arguments that count a relayed ballot. */
export interface BallotCall {
  readonly functionName: "castBallot" | "castSecretBallot";
  readonly args: readonly unknown[];
}

export function ballotCall(request: RelayBallot): BallotCall {
  return request.secret === undefined
    ? { functionName: "castBallot", args: ballotCallArguments(request) }
    : { functionName: "castSecretBallot", args: secretBallotCallArguments(request) };
}
