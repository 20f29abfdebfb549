/**
 * The group of secret ballots: BN254's G1 with the generator `(1, 2)`, scalars in its order `r`, points as two
 * 256-bit words (the point at infinity as `(0, 0)`, as the EVM's precompiles write it), and the hash to a scalar that
 * the Solidity library `SecretBallot` computes bit for bit. All arithmetic goes through `@noble/curves`.
 *
 * @module
 */
import { bn254 } from "@noble/curves/bn254.js";
import { mapHashToField } from "@noble/curves/abstract/modular.js";
import { bytesToNumberBE, numberToBytesBE, randomBytes } from "@noble/curves/utils.js";
import { keccak256, toUtf8Bytes } from "ethers";

import { InvalidInputError } from "../../errors.js";

/** A point of BN254's G1. */
export const Point = bn254.G1.Point;
/** A point of BN254's G1. */
export type Point = InstanceType<typeof bn254.G1.Point>;

/** The scalar field `Z_r` (the order of G1). */
export const Fr = Point.Fn;
/** The base field `F_p` of the curve. */
export const Fp = Point.Fp;

/** The generator `G = (1, 2)`. */
export const G: Point = Point.BASE;
/** The point at infinity, the group's zero. */
export const O: Point = Point.ZERO;

/** A point as the EVM reads it: affine coordinates, `(0, 0)` for the point at infinity. */
export interface PointWords {
  readonly x: bigint;
  readonly y: bigint;
}

/** Something hashed as one or more 32-byte words: a number, or a point (two words). */
export type HashInput = bigint | number | Point;

/** The tag of a hash: `keccak256("egov.secret-ballot.v1." + name)`, a 256-bit word. */
export function tag(name: string): bigint {
  return BigInt(keccak256(toUtf8Bytes(`egov.secret-ballot.v1.${name}`)));
}

/** The tags of the protocol, computed once. */
export const TAGS = {
  ceremony: tag("ceremony"),
  poll: tag("poll"),
  coefficient: tag("coefficient"),
  transport: tag("transport"),
  pad: tag("pad"),
  complaint: tag("complaint"),
  range: tag("range"),
  ballot: tag("ballot"),
  share: tag("share"),
} as const;

const WORD = 32;
const MAX_WORD = (1n << 256n) - 1n;

/** The words a value contributes to a hash: one for a number, two (`x`, `y`) for a point. */
function wordsOf(value: HashInput): bigint[] {
  if (typeof value === "bigint" || typeof value === "number") {
    const word = BigInt(value);
    if (word < 0n || word > MAX_WORD) throw new RangeError(`a hashed word must fit 256 bits, got ${word}`);
    return [word];
  }
  const { x, y } = toWords(value);
  return [x, y];
}

/** `keccak256(W(w₁) ‖ … ‖ W(wₖ))` as a number, each value written as 32-byte big-endian words. */
export function hashWords(values: readonly HashInput[]): bigint {
  const words = values.flatMap(wordsOf);
  const bytes = new Uint8Array(words.length * WORD);
  words.forEach((word, i) => bytes.set(numberToBytesBE(word, WORD), i * WORD));
  return BigInt(keccak256(bytes));
}

/** `Hs(…)`: the hash of the words reduced into the scalar field, as the Solidity library's `% r`. */
export function hashToScalar(values: readonly HashInput[]): bigint {
  return Fr.create(hashWords(values));
}

/**
 * A random non-zero scalar from the platform's secure random source (Web Crypto): 48 random bytes mapped into
 * `1 … r−1` by noble's `mapHashToField` (bias about 2⁻¹²⁸).
 */
export function randomScalar(): bigint {
  return bytesToNumberBE(mapHashToField(randomBytes(48), Fr.ORDER));
}

/** `s·P` for any scalar, zero included; not constant time, for public scalars only. */
export function mulPublic(point: Point, scalar: bigint): Point {
  return point.multiplyUnsafe(Fr.create(scalar));
}

/** `s·P` for a secret non-zero scalar, in constant time. */
export function mulSecret(point: Point, scalar: bigint): Point {
  return point.multiply(Fr.create(scalar));
}

/** `v·G` for a small public number (a count, a branch of a range proof). */
export function encodeCount(value: bigint | number): Point {
  return mulPublic(G, BigInt(value));
}

/** A point as two words, `(0, 0)` for the point at infinity. */
export function toWords(point: Point): PointWords {
  if (point.is0()) return { x: 0n, y: 0n };
  const { x, y } = point.toAffine();
  return { x, y };
}

/**
 * A point from two words, checked: both coordinates below `p` and on the curve, or `(0, 0)` for the point at infinity.
 * Throws {@link InvalidInputError} naming `field` otherwise.
 */
export function fromWords(words: PointWords, field: string): Point {
  const { x, y } = words;
  if (typeof x !== "bigint" || typeof y !== "bigint" || x < 0n || y < 0n || x >= Fp.ORDER || y >= Fp.ORDER) {
    throw new InvalidInputError({ field, reason: "a point's coordinates must be numbers below the field's prime" });
  }
  if (x === 0n && y === 0n) return O;
  const point = Point.fromAffine({ x, y });
  try {
    point.assertValidity();
  } catch (cause) {
    throw new InvalidInputError({ field, reason: `(${x}, ${y}) is not a point of BN254's G1`, cause });
  }
  return point;
}

/** Throws {@link InvalidInputError} naming `field` unless `value` is a scalar below `r`. */
export function checkScalar(value: bigint, field: string): bigint {
  if (typeof value !== "bigint" || value < 0n || value >= Fr.ORDER) {
    throw new InvalidInputError({ field, reason: "must be a number below the group order r" });
  }
  return value;
}

/** Whether `value` is a scalar below `r` (a proof with anything else does not verify). */
export function isScalar(value: unknown): value is bigint {
  return typeof value === "bigint" && value >= 0n && value < Fr.ORDER;
}

/** Where a poll lives: the proofs of its ceremony and ballots are bound to these. */
export interface PollLocation {
  /** The chain id. */
  readonly chainId: bigint;
  /** The Elections contract (an address, `0x…`). */
  readonly contract: string;
  /** The poll's id. */
  readonly pollId: bigint;
}

/** `Qc`: the base hash of a poll's key ceremony, binding chain, contract, poll, trustee count and quorum. */
export function ceremonyBase(location: PollLocation, trustees: number, quorum: number): bigint {
  return hashWords([
    TAGS.ceremony,
    location.chainId,
    BigInt(location.contract),
    location.pollId,
    BigInt(trustees),
    BigInt(quorum),
  ]);
}

/** `Q`: the base hash of a poll's ballots and opening, binding chain, contract, poll and election key. */
export function pollBase(location: PollLocation, electionKey: Point): bigint {
  return hashWords([TAGS.poll, location.chainId, BigInt(location.contract), location.pollId, electionKey]);
}
