/**
 * Opening a secret poll (docs/secret-ballot.md §6): after the close each available qualified trustee publishes, for
 * every option of the encrypted tally `(A, B)`, its decryption share `D = s_j·A` with a Chaum–Pedersen proof that it
 * used the key share behind its verification key `S_j`. Any `t` verified shares combine by Lagrange interpolation at
 * zero into `tally·G`, and a bounded search finds the count.
 *
 * @module
 */
import { EgovError, InvalidInputError } from "../../errors.js";
import type { SecretPoll } from "./ballot.js";
import { type Ciphertext, discreteLog } from "./elgamal.js";
import { encodeCount, Fr, G, mulPublic, mulSecret, type Point, pollBase, TAGS } from "./group.js";
import { proveEquality, type SigmaProof, verifyEquality } from "./proofs.js";

/** The part of a poll the opening needs. */
export type OpeningPoll = Pick<SecretPoll, "location" | "electionKey">;

/** One trustee's decryption share of one option of the tally. */
export interface DecryptionShare {
  /** The trustee's number. */
  readonly trustee: number;
  /** The option, zero-based. */
  readonly option: number;
  /** `D = s_j·A`. */
  readonly share: Point;
  /** That `log_G S_j = log_A D`. */
  readonly proof: SigmaProof;
}

/** The fewer-than-quorum case: not enough verified shares to open the tally. */
export class QuorumNotReachedError extends EgovError {
  override name = "QuorumNotReachedError";
  readonly available: number;
  readonly quorum: number;

  constructor({ available, quorum }: { available: number; quorum: number }) {
    super(`the tally needs ${quorum} trustees' verified shares, ${available} available`);
    this.available = available;
    this.quorum = quorum;
  }
}

/** The challenge prefix of trustee `j`'s share of option `i`. */
function sharePrefix(base: bigint, trustee: number, option: number, tally: Ciphertext, key: Point, share: Point) {
  return [base, TAGS.share, trustee, option, tally.a, tally.b, key, share];
}

/** Parameters of {@link decryptionShares}. */
export interface DecryptionSharesParameters {
  readonly poll: OpeningPoll;
  /** The encrypted tally, one ciphertext per option, as the contract holds it at the close. */
  readonly tally: readonly Ciphertext[];
  /** The trustee's number. */
  readonly trustee: number;
  /** The trustee's key share `s_j`. */
  readonly keyShare: bigint;
}

/** A trustee's decryption shares of every option, with proofs. */
export function decryptionShares({ poll, tally, trustee, keyShare }: DecryptionSharesParameters): DecryptionShare[] {
  const base = pollBase(poll.location, poll.electionKey);
  const verificationKey = mulSecret(G, keyShare);
  return tally.map((ciphertext, option) => {
    const share = ciphertext.a.is0() ? ciphertext.a : mulSecret(ciphertext.a, keyShare);
    const prefix = sharePrefix(base, trustee, option, ciphertext, verificationKey, share);
    const proof = proveEquality(keyShare, { g1: G, h1: verificationKey, g2: ciphertext.a, h2: share }, prefix);
    return { trustee, option, share, proof };
  });
}

/** Whether a decryption share is correct for the trustee's verification key and the tally. */
export function verifyDecryptionShare(
  poll: OpeningPoll,
  tally: readonly Ciphertext[],
  verificationKey: Point,
  share: DecryptionShare,
): boolean {
  const ciphertext = tally[share.option];
  if (ciphertext === undefined) return false;
  const base = pollBase(poll.location, poll.electionKey);
  const prefix = sharePrefix(base, share.trustee, share.option, ciphertext, verificationKey, share.share);
  const statement = { g1: G, h1: verificationKey, g2: ciphertext.a, h2: share.share };
  return verifyEquality(statement, prefix, share.proof);
}

/**
 * The Lagrange coefficients at zero of a set of trustee numbers: `λ_j = Π_{l≠j} l / (l − j)` in `Z_r`. Throws
 * {@link InvalidInputError} naming `trustees` for a repeated or non-positive number.
 */
export function lagrangeCoefficients(trustees: readonly number[]): Map<number, bigint> {
  if (new Set(trustees).size !== trustees.length || trustees.some((j) => !Number.isSafeInteger(j) || j < 1)) {
    throw new InvalidInputError({ field: "trustees", reason: "must be distinct positive trustee numbers" });
  }
  const coefficients = new Map<number, bigint>();
  for (const j of trustees) {
    let numerator = 1n;
    let denominator = 1n;
    for (const l of trustees) {
      if (l === j) continue;
      numerator = Fr.mul(numerator, BigInt(l));
      denominator = Fr.mul(denominator, Fr.sub(BigInt(l), BigInt(j)));
    }
    coefficients.set(j, Fr.div(numerator, denominator));
  }
  return coefficients;
}

/**
 * `M_i = B_i − Σ_j λ_j·D_{i,j}` for every option, from the shares of exactly the trustees in `shares` (trustee number
 * to its shares in option order). The caller verifies the shares first.
 */
export function combineShares(
  tally: readonly Ciphertext[],
  shares: ReadonlyMap<number, readonly DecryptionShare[]>,
): Point[] {
  const lambdas = lagrangeCoefficients([...shares.keys()]);
  return tally.map((ciphertext, option) => {
    let combined = ciphertext.b;
    for (const [trustee, list] of shares) {
      const share = list.find((s) => s.option === option);
      if (share === undefined) {
        throw new InvalidInputError({ field: "shares", reason: `trustee ${trustee} has no share of option ${option}` });
      }
      combined = combined.subtract(mulPublic(share.share, lambdas.get(trustee)!));
    }
    return combined;
  });
}

/** Parameters of {@link openTally}. */
export interface OpenTallyParameters {
  readonly poll: OpeningPoll;
  readonly tally: readonly Ciphertext[];
  /** Every published share, of any trustee. */
  readonly shares: readonly DecryptionShare[];
  /** The qualified trustees' verification keys `S_j`. */
  readonly verificationKeys: ReadonlyMap<number, Point>;
  /** `t`. */
  readonly quorum: number;
  /** The census size: no count exceeds it. */
  readonly maxCount: bigint;
}

/** What an opening yields: the counts and the trustees whose shares were used. */
export interface OpenTallyReturnType {
  readonly counts: readonly bigint[];
  readonly trustees: readonly number[];
  /** Trustees whose shares did not verify (left out). */
  readonly rejected: readonly number[];
}

/**
 * Verifies the published shares, keeps the first `t` trustees whose shares of every option verify, combines them and
 * finds each count. Throws {@link QuorumNotReachedError} with fewer than `t` such trustees, and
 * {@link InvalidInputError} naming `tally` when a combined value is no count up to `maxCount`.
 */
export function openTally({
  poll,
  tally,
  shares,
  verificationKeys,
  quorum,
  maxCount,
}: OpenTallyParameters): OpenTallyReturnType {
  const byTrustee = new Map<number, DecryptionShare[]>();
  for (const share of shares) {
    const list = byTrustee.get(share.trustee) ?? [];
    list.push(share);
    byTrustee.set(share.trustee, list);
  }
  const accepted = new Map<number, DecryptionShare[]>();
  const rejected: number[] = [];
  for (const [trustee, list] of [...byTrustee].sort(([x], [y]) => x - y)) {
    const key = verificationKeys.get(trustee);
    const complete = tally.every((_, option) => list.some((s) => s.option === option));
    const valid =
      key !== undefined && complete && list.every((share) => verifyDecryptionShare(poll, tally, key, share));
    if (!valid) rejected.push(trustee);
    else if (accepted.size < quorum) accepted.set(trustee, list);
  }
  if (accepted.size < quorum) throw new QuorumNotReachedError({ available: accepted.size, quorum });
  const counts = combineShares(tally, accepted).map((point, option) => {
    const count = discreteLog(point, maxCount);
    if (count === undefined) {
      throw new InvalidInputError({
        field: "tally",
        reason: `option ${option} holds no count between 0 and ${maxCount}`,
      });
    }
    return count;
  });
  return { counts, trustees: [...accepted.keys()], rejected };
}

/** Whether `counts` match the combined shares: `M_i = count_i·G` for every option (what the contract checks). */
export function countsMatch(combined: readonly Point[], counts: readonly bigint[]): boolean {
  return combined.length === counts.length && combined.every((point, i) => point.equals(encodeCount(counts[i])));
}
