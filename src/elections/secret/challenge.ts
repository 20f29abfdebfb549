/**
 * Benaloh's challenge (docs/secret-ballot.md §4.5): before casting, the voter may challenge a prepared ballot; the
 * device then reveals the randomness of every ciphertext instead of casting, and an independent checker, holding only
 * the election key from the chain, finds which options the ballot encrypted. A challenged ballot is never cast: the
 * device prepares a fresh one.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import { secretBallotProblem, type PreparedBallot, type SecretBallot, type SecretPoll } from "./ballot.js";
import { unmaskWithRandomness } from "./elgamal.js";
import { checkScalar, G, mulPublic } from "./group.js";

/** What a challenged device reveals: the ballot and its randomness. */
export interface BallotChallenge {
  readonly ballot: SecretBallot;
  readonly nullifier: bigint;
  readonly revision: bigint;
  /** The randomness of each ciphertext, in option order. */
  readonly randomness: readonly bigint[];
}

/** The reveal of a challenged ballot. The device must discard the ballot afterwards and never cast it. */
export function challengeBallot(prepared: PreparedBallot): BallotChallenge {
  const { ballot, nullifier, revision, randomness } = prepared;
  return { ballot, nullifier, revision, randomness };
}

/** What the independent check of a challenge finds. */
export type ChallengeVerdict =
  { readonly valid: true; readonly options: readonly number[] } | { readonly valid: false; readonly problem: string };

/**
 * Checks a challenged ballot against the election key alone: every ciphertext is `(r·G, v·G + r·K)` with the revealed
 * `r` and `v` 0 or 1, and the ballot's proofs verify. Returns the options the ballot encrypted, or what is wrong.
 * Throws {@link InvalidInputError} naming `randomness` when a revealed value is not a scalar.
 */
export function verifyChallenge(poll: SecretPoll, challenge: BallotChallenge): ChallengeVerdict {
  const { ballot, randomness, nullifier, revision } = challenge;
  const problem = secretBallotProblem({ poll, ballot, nullifier, revision });
  if (problem !== undefined) return { valid: false, problem };
  if (randomness.length !== ballot.ciphertexts.length) {
    return { valid: false, problem: `${randomness.length} random values for ${ballot.ciphertexts.length} ciphertexts` };
  }
  const options: number[] = [];
  for (let i = 0; i < randomness.length; i++) {
    const r = checkScalar(randomness[i], `randomness[${i}]`);
    const ciphertext = ballot.ciphertexts[i];
    if (!mulPublic(G, r).equals(ciphertext.a)) {
      return { valid: false, problem: `option ${i}: the revealed randomness does not give the ciphertext` };
    }
    const count = unmaskWithRandomness(ciphertext, poll.electionKey, r);
    if (count.equals(G)) options.push(i);
    else if (!count.is0()) return { valid: false, problem: `option ${i} encrypts neither 0 nor 1` };
  }
  return { valid: true, options };
}

/** Throws {@link InvalidInputError} naming `challenge` unless it shows exactly `expected` (the voter's choice). */
export function assertChallengeShows(poll: SecretPoll, challenge: BallotChallenge, expected: readonly number[]): void {
  const verdict = verifyChallenge(poll, challenge);
  if (!verdict.valid) throw new InvalidInputError({ field: "challenge", reason: verdict.problem });
  const wanted = [...expected].sort((x, y) => x - y).join(",");
  if (verdict.options.join(",") !== wanted) {
    throw new InvalidInputError({
      field: "challenge",
      reason: `the ballot encrypted options [${verdict.options.join(", ")}], not [${wanted.split(",").join(", ")}]`,
    });
  }
}
