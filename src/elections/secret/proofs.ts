/**
 * The zero-knowledge proofs of secret ballots, all Fiat–Shamir sigma protocols: the Schnorr and Chaum–Pedersen proofs
 * in compact form (challenge and response; the verifier recomputes the commitments), the range proof in commitment
 * form (commitments, challenge shares and responses, so that the contract checks a ballot's equations at once):
 * - Schnorr: knowledge of `x` with `X = x·G`;
 * - Chaum–Pedersen: equal discrete logarithms, `log_{g₁} h₁ = log_{g₂} h₂`;
 * - range: a disjunction of Chaum–Pedersen proofs that a ciphertext encrypts a value in `lo … hi`.
 *
 * Every challenge is `Hs(prefix…, statement…, commitments…)`; the prefix carries the base hash and the tag, so that a
 * proof made for one poll, one purpose or one ballot fails everywhere else. See docs/secret-ballot.md.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import type { Ciphertext } from "./elgamal.js";
import {
  encodeCount,
  Fr,
  G,
  hashToScalar,
  type HashInput,
  isScalar,
  mulPublic,
  mulSecret,
  type Point,
  randomScalar,
} from "./group.js";

/** A proof as challenge and response. */
export interface SigmaProof {
  readonly challenge: bigint;
  readonly response: bigint;
}

/**
 * A range proof in commitment form: per value `j` of `lo … hi`, in order, two commitments `a_j, b_j` (in
 * `commitments`, `a_lo, b_lo, a_{lo+1}, …`), a challenge share `c_j` and a response `z_j`.
 */
export interface RangeProof {
  readonly commitments: readonly Point[];
  readonly challenges: readonly bigint[];
  readonly responses: readonly bigint[];
}

/** Most values a range proof may cover (the widest approval rule: 1 to 32 options). */
export const MAX_RANGE_BRANCHES = 33;

// ---------------------------------------------------------------------------------------------------------------
// Schnorr
// ---------------------------------------------------------------------------------------------------------------

/** Proves knowledge of `secret` for `publicPoint = secret·G`, bound to `prefix`. */
export function proveKnowledge(secret: bigint, publicPoint: Point, prefix: readonly HashInput[]): SigmaProof {
  const nonce = randomScalar();
  const challenge = hashToScalar([...prefix, publicPoint, mulSecret(G, nonce)]);
  return { challenge, response: Fr.add(nonce, Fr.mul(challenge, secret)) };
}

/** Whether `proof` shows knowledge of the logarithm of `publicPoint`, bound to `prefix`. */
export function verifyKnowledge(publicPoint: Point, prefix: readonly HashInput[], proof: SigmaProof): boolean {
  if (!isScalar(proof.challenge) || !isScalar(proof.response)) return false;
  const commitment = mulPublic(G, proof.response).subtract(mulPublic(publicPoint, proof.challenge));
  return hashToScalar([...prefix, publicPoint, commitment]) === proof.challenge;
}

// ---------------------------------------------------------------------------------------------------------------
// Chaum–Pedersen
// ---------------------------------------------------------------------------------------------------------------

/** The statement `h₁ = x·g₁` and `h₂ = x·g₂` (equal discrete logarithms). */
export interface EqualityStatement {
  readonly g1: Point;
  readonly h1: Point;
  readonly g2: Point;
  readonly h2: Point;
}

/**
 * Proves `log_{g₁} h₁ = log_{g₂} h₂ = secret`. The challenge hashes `prefix`, which must carry the statement as the
 * protocol writes it, then the two commitments.
 */
export function proveEquality(secret: bigint, statement: EqualityStatement, prefix: readonly HashInput[]): SigmaProof {
  const nonce = randomScalar();
  const challenge = hashToScalar([...prefix, mulSecret(statement.g1, nonce), mulSecret(statement.g2, nonce)]);
  return { challenge, response: Fr.add(nonce, Fr.mul(challenge, secret)) };
}

/** Whether `proof` shows `log_{g₁} h₁ = log_{g₂} h₂`, bound to `prefix` (which carries the statement). */
export function verifyEquality(statement: EqualityStatement, prefix: readonly HashInput[], proof: SigmaProof): boolean {
  if (!isScalar(proof.challenge) || !isScalar(proof.response)) return false;
  const { g1, h1, g2, h2 } = statement;
  const first = mulPublic(g1, proof.response).subtract(mulPublic(h1, proof.challenge));
  const second = mulPublic(g2, proof.response).subtract(mulPublic(h2, proof.challenge));
  return hashToScalar([...prefix, first, second]) === proof.challenge;
}

// ---------------------------------------------------------------------------------------------------------------
// Range (disjunctive Chaum–Pedersen)
// ---------------------------------------------------------------------------------------------------------------

/** What a range proof is about. */
export interface RangeStatement {
  /** The election key `K`. */
  readonly key: Point;
  /** The ciphertext `(A, B)`. */
  readonly ciphertext: Ciphertext;
  /** The smallest value allowed. */
  readonly lo: number;
  /** The largest value allowed. */
  readonly hi: number;
  /** The challenge's prefix: `Q, TAG("range"), nullifier, revision, index`. */
  readonly prefix: readonly HashInput[];
}

/** Parameters of {@link proveRange}: the statement and the witness. */
export interface ProveRangeParameters extends RangeStatement {
  /** The encrypted value, within `lo … hi`. */
  readonly value: number;
  /** The ciphertext's randomness. */
  readonly randomness: bigint;
}

/** Throws unless `lo … hi` is a range a proof may cover. */
function checkRange(lo: number, hi: number): void {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo < 0 || hi < lo || hi - lo >= MAX_RANGE_BRANCHES) {
    throw new InvalidInputError({
      field: "range",
      reason: `${lo} … ${hi} is not a range of at most ${MAX_RANGE_BRANCHES} non-negative values`,
    });
  }
}

/** The challenge of a range proof from its statement and the recomputed commitments. */
function rangeChallenge(statement: RangeStatement, commitments: readonly Point[]): bigint {
  const { prefix, lo, hi, ciphertext } = statement;
  return hashToScalar([...prefix, lo, hi, ciphertext.a, ciphertext.b, ...commitments]);
}

/** Proves that the ciphertext encrypts `value` with `lo ≤ value ≤ hi`, without telling which. */
export function proveRange(parameters: ProveRangeParameters): RangeProof {
  const { key, ciphertext, lo, hi, value, randomness } = parameters;
  checkRange(lo, hi);
  if (!Number.isSafeInteger(value) || value < lo || value > hi) {
    throw new InvalidInputError({ field: "value", reason: `${value} is outside the proof's range ${lo} … ${hi}` });
  }
  const count = hi - lo + 1;
  const challenges: bigint[] = new Array<bigint>(count).fill(0n);
  const responses: bigint[] = new Array<bigint>(count).fill(0n);
  const commitments: Point[] = [];
  const nonce = randomScalar();
  for (let j = lo; j <= hi; j++) {
    const slot = j - lo;
    if (j === value) {
      commitments.push(mulSecret(G, nonce), mulSecret(key, nonce));
      continue;
    }
    challenges[slot] = randomScalar();
    responses[slot] = randomScalar();
    const shifted = ciphertext.b.subtract(encodeCount(j));
    commitments.push(
      mulPublic(G, responses[slot]).subtract(mulPublic(ciphertext.a, challenges[slot])),
      mulPublic(key, responses[slot]).subtract(mulPublic(shifted, challenges[slot])),
    );
  }
  const total = rangeChallenge(parameters, commitments);
  const real = value - lo;
  challenges[real] = challenges.reduce((rest, c, slot) => (slot === real ? rest : Fr.sub(rest, c)), total);
  responses[real] = Fr.add(nonce, Fr.mul(challenges[real], randomness));
  return { commitments, challenges, responses };
}

/**
 * Whether `proof` shows that the ciphertext encrypts a value in `lo … hi`: the challenge shares sum to the hash of the
 * statement and the commitments, and each branch's two equations hold, `z_j·G = a_j + c_j·A` and
 * `z_j·K = b_j + c_j·(B − j·G)`. Each equation is checked on its own; the contract checks a whole ballot's at once
 * (docs/secret-ballot.md §4.3), which accepts the same proofs but with probability at most 2⁻¹²⁸ per try.
 */
export function verifyRange(statement: RangeStatement, proof: RangeProof): boolean {
  const { key, ciphertext, lo, hi } = statement;
  checkRange(lo, hi);
  const count = hi - lo + 1;
  const { commitments, challenges, responses } = proof;
  if (commitments.length !== 2 * count || challenges.length !== count || responses.length !== count) return false;
  if (!challenges.every(isScalar) || !responses.every(isScalar)) return false;
  const sum = challenges.reduce((total, c) => Fr.add(total, c), 0n);
  if (rangeChallenge(statement, commitments) !== sum) return false;
  for (let slot = 0; slot < count; slot++) {
    const c = challenges[slot];
    const z = responses[slot];
    const shifted = ciphertext.b.subtract(encodeCount(lo + slot));
    if (!mulPublic(G, z).equals(commitments[2 * slot].add(mulPublic(ciphertext.a, c)))) return false;
    if (!mulPublic(key, z).equals(commitments[2 * slot + 1].add(mulPublic(shifted, c)))) return false;
  }
  return true;
}
