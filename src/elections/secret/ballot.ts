/**
 * The secret ballot (docs/secret-ballot.md §4): one exponential ElGamal ciphertext per option, a range proof that each
 * holds 0 or 1, and a rule proof on their sum (exactly one under single choice, one to `k` under approval), every
 * proof bound to the poll, the election key, the voter's nullifier and the ballot's revision. The digest of the
 * ciphertexts is the Semaphore proof's message.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import { type Ciphertext, encrypt, sumCiphertexts } from "./elgamal.js";
import { Fr, hashWords, type Point, type PollLocation, pollBase, TAGS } from "./group.js";
import { proveRange, type RangeProof, verifyRange } from "./proofs.js";

/** The rules a secret poll may have (budget polls are public only: docs/secret-ballot.md §8). */
export type SecretBallotRule = "SingleChoice" | "Approval";

/** Most options a poll may have. */
export const MAX_SECRET_OPTIONS = 32;

/** What a secret ballot is checked against. */
export interface SecretPoll {
  readonly location: PollLocation;
  /** The election key `K` from the ceremony. */
  readonly electionKey: Point;
  readonly rule: SecretBallotRule;
  /** 2 … 32. */
  readonly optionCount: number;
  /** Approval: most options a ballot may select (1 … optionCount); ignored under single choice. */
  readonly maxChoices: number;
}

/** Whom a ballot is from, as far as its proofs are concerned. */
export interface BallotContext {
  /** The voter's Semaphore nullifier for the poll. */
  readonly nullifier: bigint;
  /** The ballot's re-vote order: 1 for a first ballot, then rising. */
  readonly revision: bigint;
}

/** A secret ballot as sent: ciphertexts and proofs. */
export interface SecretBallot {
  /** One per option, in option order. */
  readonly ciphertexts: readonly Ciphertext[];
  /** One 0/1 range proof per option. */
  readonly optionProofs: readonly RangeProof[];
  /** The rule proof on the sum of the ciphertexts. */
  readonly ruleProof: RangeProof;
}

/** A ballot prepared on the voter's device, with the secrets a Benaloh challenge reveals. */
export interface PreparedBallot extends BallotContext {
  readonly ballot: SecretBallot;
  /** The randomness of each ciphertext: never leaves the device unless the ballot is challenged. */
  readonly randomness: readonly bigint[];
  /** The selected options. */
  readonly options: readonly number[];
  /** The Semaphore proof's message, {@link ballotDigest}. */
  readonly digest: bigint;
}

/** Throws {@link InvalidInputError} naming the field unless the poll's parameters fit a secret poll. */
export function checkSecretPoll(poll: SecretPoll): void {
  const { rule, optionCount, maxChoices } = poll;
  if (rule !== "SingleChoice" && rule !== "Approval") {
    throw new InvalidInputError({ field: "rule", reason: `${String(rule)} polls cannot be secret` });
  }
  if (!Number.isSafeInteger(optionCount) || optionCount < 2 || optionCount > MAX_SECRET_OPTIONS) {
    throw new InvalidInputError({ field: "optionCount", reason: `must be between 2 and ${MAX_SECRET_OPTIONS}` });
  }
  if (rule === "Approval" && (!Number.isSafeInteger(maxChoices) || maxChoices < 1 || maxChoices > optionCount)) {
    throw new InvalidInputError({ field: "maxChoices", reason: `must be between 1 and the ${optionCount} options` });
  }
  if (poll.electionKey.is0()) {
    throw new InvalidInputError({ field: "electionKey", reason: "is the point at infinity" });
  }
}

/** How many options a ballot may select: `{lo, hi}` for the rule proof. */
export function ruleRange(poll: SecretPoll): { lo: number; hi: number } {
  return poll.rule === "SingleChoice" ? { lo: 1, hi: 1 } : { lo: 1, hi: poll.maxChoices };
}

/** The challenge prefix of the range proof at `index` (an option, or the option count for the rule proof). */
function rangePrefix(base: bigint, context: BallotContext, index: number) {
  return [base, TAGS.range, context.nullifier, context.revision, index];
}

/** Throws unless the nullifier and revision are words. */
function checkContext(context: BallotContext): void {
  if (typeof context.nullifier !== "bigint" || context.nullifier < 0n || context.nullifier >= 1n << 256n) {
    throw new InvalidInputError({ field: "nullifier", reason: "must be a 256-bit number" });
  }
  if (typeof context.revision !== "bigint" || context.revision < 1n || context.revision >= 1n << 64n) {
    throw new InvalidInputError({ field: "revision", reason: "must be a number from 1 below 2^64" });
  }
}

/** `d = keccak256(TAG("ballot"), revision, A₀, B₀, …)`: the Semaphore proof's message for this ballot. */
export function ballotDigest(ciphertexts: readonly Ciphertext[], revision: bigint): bigint {
  return hashWords([TAGS.ballot, revision, ...ciphertexts.flatMap((c) => [c.a, c.b])]);
}

/** Parameters of {@link prepareBallot}. */
export interface PrepareBallotParameters extends BallotContext {
  readonly poll: SecretPoll;
  /** The selected options, zero-based. */
  readonly options: readonly number[];
}

/**
 * Encrypts a voter's choice and proves it well formed. Throws {@link InvalidInputError} naming `options` when an
 * option is repeated or unknown or the selection breaks the rule.
 */
export function prepareBallot({ poll, options, nullifier, revision }: PrepareBallotParameters): PreparedBallot {
  checkSecretPoll(poll);
  const context = { nullifier, revision };
  checkContext(context);
  const chosen = new Set<number>();
  for (const option of options) {
    if (!Number.isSafeInteger(option) || option < 0 || option >= poll.optionCount) {
      throw new InvalidInputError({
        field: "options",
        reason: `option ${option} is not between 0 and ${poll.optionCount - 1}`,
      });
    }
    if (chosen.has(option))
      throw new InvalidInputError({ field: "options", reason: `option ${option} is selected twice` });
    chosen.add(option);
  }
  const { lo, hi } = ruleRange(poll);
  if (chosen.size < lo || chosen.size > hi) {
    throw new InvalidInputError({
      field: "options",
      reason: `${chosen.size} options selected, the rule allows ${lo} to ${hi}`,
    });
  }
  const key = poll.electionKey;
  const base = pollBase(poll.location, key);
  const encrypted = Array.from({ length: poll.optionCount }, (_, i) =>
    encrypt({ key, value: chosen.has(i) ? 1n : 0n }),
  );
  const ciphertexts = encrypted.map((e) => e.ciphertext);
  const randomness = encrypted.map((e) => e.randomness);
  const optionProofs = ciphertexts.map((ciphertext, i) =>
    proveRange({
      key,
      ciphertext,
      lo: 0,
      hi: 1,
      value: chosen.has(i) ? 1 : 0,
      randomness: randomness[i],
      prefix: rangePrefix(base, context, i),
    }),
  );
  const ruleProof = proveRange({
    key,
    ciphertext: sumCiphertexts(ciphertexts),
    lo,
    hi,
    value: chosen.size,
    randomness: randomness.reduce((sum, r) => Fr.add(sum, r), 0n),
    prefix: rangePrefix(base, context, poll.optionCount),
  });
  return {
    ballot: { ciphertexts, optionProofs, ruleProof },
    randomness,
    options: [...chosen].sort((x, y) => x - y),
    nullifier,
    revision,
    digest: ballotDigest(ciphertexts, revision),
  };
}

/** Parameters of {@link secretBallotProblem} and {@link verifySecretBallot}. */
export interface VerifySecretBallotParameters extends BallotContext {
  readonly poll: SecretPoll;
  readonly ballot: SecretBallot;
}

/** Why a ballot fails the checks the contract makes, in words, or `undefined` when it passes. */
export function secretBallotProblem({
  poll,
  ballot,
  nullifier,
  revision,
}: VerifySecretBallotParameters): string | undefined {
  checkSecretPoll(poll);
  const context = { nullifier, revision };
  checkContext(context);
  const { ciphertexts, optionProofs, ruleProof } = ballot;
  if (ciphertexts.length !== poll.optionCount || optionProofs.length !== poll.optionCount) {
    return `the ballot has ${ciphertexts.length} ciphertexts and ${optionProofs.length} proofs for ${poll.optionCount} options`;
  }
  const key = poll.electionKey;
  const base = pollBase(poll.location, key);
  for (let i = 0; i < ciphertexts.length; i++) {
    const statement = { key, ciphertext: ciphertexts[i], lo: 0, hi: 1, prefix: rangePrefix(base, context, i) };
    if (!verifyRange(statement, optionProofs[i])) return `the proof that option ${i} holds 0 or 1 does not verify`;
  }
  const { lo, hi } = ruleRange(poll);
  const sum = sumCiphertexts(ciphertexts);
  if (!verifyRange({ key, ciphertext: sum, lo, hi, prefix: rangePrefix(base, context, poll.optionCount) }, ruleProof)) {
    return `the proof that the ballot selects ${lo} to ${hi} options does not verify`;
  }
  return undefined;
}

/** Whether a ballot passes every check the contract makes (the Semaphore proof aside). */
export function verifySecretBallot(parameters: VerifySecretBallotParameters): boolean {
  return secretBallotProblem(parameters) === undefined;
}
