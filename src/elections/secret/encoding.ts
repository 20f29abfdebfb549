/**
 * Secret-ballot values as the Solidity library `SecretBallot` takes them: points as `{x, y}` words, ciphertexts as
 * `{a, b}`, range proofs as commitment, challenge and response lists, other proofs as challenge and response, and
 * back. The shapes match the library's structs, so ethers
 * encodes them directly.
 *
 * @module
 */
import type { SecretBallot } from "./ballot.js";
import type { Ceremony, TrusteeAnnouncement } from "./ceremony.js";
import { type Ciphertext, ciphertextFromWords, type CiphertextWords } from "./elgamal.js";
import { fromWords, type Point, type PointWords, TAGS, toWords } from "./group.js";
import type { DecryptionShare } from "./opening.js";
import type { RangeProof, SigmaProof } from "./proofs.js";

/** `SecretBallot.RangeProof`: two commitments, a challenge share and a response per value of the range. */
export interface RangeProofWords {
  readonly commitments: readonly PointWords[];
  readonly challenges: readonly bigint[];
  readonly responses: readonly bigint[];
}

/** `SecretBallot.Proof`. */
export interface ProofWords {
  readonly challenge: bigint;
  readonly response: bigint;
}

/** A ballot as the contract takes it. */
export interface SecretBallotWords {
  readonly ciphertexts: readonly CiphertextWords[];
  readonly optionProofs: readonly RangeProofWords[];
  readonly ruleProof: RangeProofWords;
}

/** A point as words. */
export function encodePoint(point: Point): PointWords {
  return toWords(point);
}

/** A ciphertext as words. */
export function encodeCiphertext(ciphertext: Ciphertext): CiphertextWords {
  return { a: toWords(ciphertext.a), b: toWords(ciphertext.b) };
}

/** A range proof as words. */
export function encodeRangeProof(proof: RangeProof): RangeProofWords {
  return {
    commitments: proof.commitments.map(toWords),
    challenges: [...proof.challenges],
    responses: [...proof.responses],
  };
}

/** A range proof from words, every commitment checked. Throws `InvalidInputError` naming `field` and the point. */
export function decodeRangeProof(words: RangeProofWords, field: string): RangeProof {
  return {
    commitments: words.commitments.map((point, k) => fromWords(point, `${field}.commitments[${k}]`)),
    challenges: [...words.challenges],
    responses: [...words.responses],
  };
}

/** A Schnorr or Chaum–Pedersen proof as words. */
export function encodeProof(proof: SigmaProof): ProofWords {
  return { challenge: proof.challenge, response: proof.response };
}

/** A ballot as words. */
export function encodeSecretBallot(ballot: SecretBallot): SecretBallotWords {
  return {
    ciphertexts: ballot.ciphertexts.map(encodeCiphertext),
    optionProofs: ballot.optionProofs.map(encodeRangeProof),
    ruleProof: encodeRangeProof(ballot.ruleProof),
  };
}

/**
 * A ballot from words (from calldata or an event), every point checked. Throws `InvalidInputError` naming the field
 * of a point that is not on the curve.
 */
export function decodeSecretBallot(words: SecretBallotWords): SecretBallot {
  return {
    ciphertexts: words.ciphertexts.map((c, i) => ciphertextFromWords(c, `ciphertexts[${i}]`)),
    optionProofs: words.optionProofs.map((p, i) => decodeRangeProof(p, `optionProofs[${i}]`)),
    ruleProof: decodeRangeProof(words.ruleProof, "ruleProof"),
  };
}

/** An encrypted tally from words (the contract's), every point checked. */
export function decodeTally(words: readonly CiphertextWords[]): Ciphertext[] {
  return words.map((c, i) => ciphertextFromWords(c, `tally[${i}]`));
}

/** A point from words, checked. */
export function decodePoint(words: PointWords, field: string): Point {
  return fromWords(words, field);
}

/** A trustee's decryption shares as the contract's lists: shares and proofs in option order. */
export function encodeDecryptionShares(shares: readonly DecryptionShare[]): {
  shares: PointWords[];
  proofs: ProofWords[];
} {
  const ordered = [...shares].sort((x, y) => x.option - y.option);
  return { shares: ordered.map((s) => toWords(s.share)), proofs: ordered.map((s) => encodeProof(s.proof)) };
}

/** A trustee's announcement as the contract stores it: commitments, transport key and the two proofs. */
export function encodeAnnouncement(announcement: TrusteeAnnouncement): {
  index: number;
  commitments: PointWords[];
  transportKey: PointWords;
  coefficientProof: ProofWords;
  transportProof: ProofWords;
} {
  return {
    index: announcement.index,
    commitments: announcement.commitments.map(toWords),
    transportKey: toWords(announcement.transportKey),
    coefficientProof: encodeProof(announcement.coefficientProof),
    transportProof: encodeProof(announcement.transportProof),
  };
}

/** The tag words of the ceremony's two Schnorr proofs, as the library's `TAG_COEFFICIENT` and `TAG_TRANSPORT`. */
export const KNOWLEDGE_TAGS = { coefficient: TAGS.coefficient, transport: TAGS.transport } as const;

/** The `[trustees, quorum]` words of a ceremony, as the library's `ceremonyBase` takes them. */
export function ceremonyWords(ceremony: Ceremony): [bigint, bigint] {
  return [BigInt(ceremony.trustees), BigInt(ceremony.quorum)];
}
