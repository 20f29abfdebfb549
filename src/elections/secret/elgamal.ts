/**
 * Exponential ElGamal on BN254's G1: a count `v` under the election key `K` is `(r·G, v·G + r·K)`. Ciphertexts add
 * up to the encryption of the sum, which is how the encrypted tally is kept; the count of an opened tally is found by
 * a bounded baby-step giant-step search.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import {
  encodeCount,
  fromWords,
  G,
  mulPublic,
  mulSecret,
  O,
  type Point,
  type PointWords,
  randomScalar,
} from "./group.js";

/** An exponential ElGamal ciphertext `(A, B) = (r·G, v·G + r·K)`. */
export interface Ciphertext {
  readonly a: Point;
  readonly b: Point;
}

/** A ciphertext as words: `[A.x, A.y, B.x, B.y]` in the EVM's form. */
export interface CiphertextWords {
  readonly a: PointWords;
  readonly b: PointWords;
}

/** The encryption of zero with no randomness, `(O, O)`: the empty tally. */
export const EMPTY_CIPHERTEXT: Ciphertext = { a: O, b: O };

/** Parameters of {@link encrypt}. */
export interface EncryptParameters {
  /** The election key `K`. */
  readonly key: Point;
  /** The count to encrypt (a choice: 0 or 1). */
  readonly value: bigint;
  /** The randomness; a fresh random scalar when omitted. */
  readonly randomness?: bigint;
}

/** What {@link encrypt} returns: the ciphertext and the randomness, which proves it and which a challenge reveals. */
export interface EncryptReturnType {
  readonly ciphertext: Ciphertext;
  readonly randomness: bigint;
}

/** Encrypts a small count under the election key. */
export function encrypt({ key, value, randomness = randomScalar() }: EncryptParameters): EncryptReturnType {
  const a = mulSecret(G, randomness);
  const b = encodeCount(value).add(mulSecret(key, randomness));
  return { ciphertext: { a, b }, randomness };
}

/** The component-wise sum of two ciphertexts: the encryption of the sum of their counts. */
export function addCiphertexts(left: Ciphertext, right: Ciphertext): Ciphertext {
  return { a: left.a.add(right.a), b: left.b.add(right.b) };
}

/** The component-wise difference: what a re-vote does to the tally with the replaced ballot. */
export function subtractCiphertexts(left: Ciphertext, right: Ciphertext): Ciphertext {
  return { a: left.a.subtract(right.a), b: left.b.subtract(right.b) };
}

/** The sum of many ciphertexts, `(O, O)` for none. */
export function sumCiphertexts(ciphertexts: readonly Ciphertext[]): Ciphertext {
  return ciphertexts.reduce(addCiphertexts, EMPTY_CIPHERTEXT);
}

/** Whether two ciphertexts are the same pair of points. */
export function ciphertextsEqual(left: Ciphertext, right: Ciphertext): boolean {
  return left.a.equals(right.a) && left.b.equals(right.b);
}

/** A ciphertext from words, every point checked; throws {@link InvalidInputError} naming `field`. */
export function ciphertextFromWords(words: CiphertextWords, field: string): Ciphertext {
  return { a: fromWords(words.a, `${field}.a`), b: fromWords(words.b, `${field}.b`) };
}

/** `B − r·K`: the count's point `v·G` of a ciphertext whose randomness is known (a challenged ballot). */
export function unmaskWithRandomness(ciphertext: Ciphertext, key: Point, randomness: bigint): Point {
  return ciphertext.b.subtract(mulPublic(key, randomness));
}

/**
 * The `v` with `v·G = point` and `0 ≤ v ≤ max`, found by baby-step giant-step in about `2√max` point additions, or
 * `undefined` when there is none. Throws {@link InvalidInputError} naming `max` for a negative or huge bound.
 */
export function discreteLog(point: Point, max: bigint): bigint | undefined {
  if (max < 0n || max > 1n << 48n) {
    throw new InvalidInputError({ field: "max", reason: "the bound of a count must be between 0 and 2^48" });
  }
  const step = sqrtCeil(max + 1n);
  const baby = new Map<string, bigint>();
  let current = O;
  for (let j = 0n; j < step; j++) {
    const key = pointKey(current);
    if (!baby.has(key)) baby.set(key, j);
    current = current.add(G);
  }
  const giant = mulPublic(G, step).negate();
  let target = point;
  for (let i = 0n; i * step <= max; i++) {
    const j = baby.get(pointKey(target));
    if (j !== undefined) {
      const value = i * step + j;
      return value <= max ? value : undefined;
    }
    target = target.add(giant);
  }
  return undefined;
}

/** A point's affine coordinates as a map key. */
function pointKey(point: Point): string {
  if (point.is0()) return "O";
  const { x, y } = point.toAffine();
  return `${x.toString(16)}:${y.toString(16)}`;
}

/** `⌈√n⌉` for a positive bigint. */
function sqrtCeil(n: bigint): bigint {
  let root = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (root * root < n) root++;
  while (root > 1n && (root - 1n) * (root - 1n) >= n) root--;
  return root;
}
