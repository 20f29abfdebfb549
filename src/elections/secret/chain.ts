/**
 * Secret-poll messages as the Elections contract takes them ({ISecretPolls} and `castSecretBallot`): points as
 * `[x, y]` pairs, Schnorr and Chaum–Pedersen proofs as `[challenge, response]`, a trustee's dealing as one entry per
 * trustee, and the contract's answers back into curve values, every point checked.
 *
 * @module
 */
import type { ContractTransactionResponse } from "ethers";

import type { IElections } from "../../contracts.js";
import { InvalidInputError } from "../../errors.js";
import type { BallotProof } from "../proof.js";
import type { SecretBallot } from "./ballot.js";
import type { Complaint, EncryptedShare, TrusteeAnnouncement } from "./ceremony.js";
import { type Ciphertext, ciphertextFromWords } from "./elgamal.js";
import { encodeCiphertext, encodeSecretBallot, type RangeProofWords } from "./encoding.js";
import { fromWords, type Point, toWords } from "./group.js";
import type { DecryptionShare } from "./opening.js";
import type { SigmaProof } from "./proofs.js";

/** A point as the contract's `uint256[2]`. */
export type PointPair = [bigint, bigint];

/** A point as `[x, y]` (`[0, 0]` for the point at infinity). */
export function pointPair(point: Point): PointPair {
  const { x, y } = toWords(point);
  return [x, y];
}

/** A point from the contract's `[x, y]`, checked. Throws {@link InvalidInputError} naming `field`. */
export function pointFromPair(pair: readonly bigint[], field: string): Point {
  if (pair.length !== 2) throw new InvalidInputError({ field, reason: "must be two words" });
  return fromWords({ x: pair[0]!, y: pair[1]! }, field);
}

/** A proof as `[challenge, response]`. */
export function proofPair(proof: SigmaProof): PointPair {
  return [proof.challenge, proof.response];
}

/** The arguments of `announceTrustee` after the poll id. */
export function announcementArguments(announcement: TrusteeAnnouncement) {
  return {
    commitments: announcement.commitments.map(pointPair),
    transportKey: pointPair(announcement.transportKey),
    coefficientProof: proofPair(announcement.coefficientProof),
    transportProof: proofPair(announcement.transportProof),
  };
}

/**
 * The arguments of `dealShares` after the poll id: one entry per trustee `1 … trustees` (the dealer's own entry
 * `[0, 0]` and 0). Throws {@link InvalidInputError} naming `shares` when a share is not the dealer's or a recipient's
 * share is missing.
 */
export function dealingArguments(trustees: number, dealer: number, shares: readonly EncryptedShare[]) {
  const ephemerals: PointPair[] = [];
  const masked: bigint[] = [];
  for (let j = 1; j <= trustees; j++) {
    if (j === dealer) {
      ephemerals.push([0n, 0n]);
      masked.push(0n);
      continue;
    }
    const share = shares.find((s) => s.dealer === dealer && s.recipient === j);
    if (share === undefined) {
      throw new InvalidInputError({ field: "shares", reason: `no share of dealer ${dealer} for trustee ${j}` });
    }
    ephemerals.push(pointPair(share.ephemeral));
    masked.push(share.masked);
  }
  return { ephemerals, masked };
}

/** A dealing from the contract's `SharesDealt` event, as the ceremony's encrypted shares (the own entry left out). */
export function sharesFromDealing(
  dealer: number,
  ephemerals: readonly (readonly bigint[])[],
  masked: readonly bigint[],
): EncryptedShare[] {
  return ephemerals.flatMap((pair, index) =>
    index + 1 === dealer
      ? []
      : [
          {
            dealer,
            recipient: index + 1,
            ephemeral: pointFromPair(pair, `ephemerals[${index}]`),
            masked: masked[index]!,
          },
        ],
  );
}

/** The `sharedPoint` and `proof` arguments of `complain`. */
export function complaintArguments(complaint: Complaint) {
  return { sharedPoint: pointPair(complaint.sharedPoint), proof: proofPair(complaint.proof) };
}

/** The arguments of `postDecryptionShares` after the poll id: shares and proofs in option order. */
export function decryptionShareArguments(shares: readonly DecryptionShare[]) {
  const ordered = [...shares].sort((x, y) => x.option - y.option);
  return { shares: ordered.map((s) => pointPair(s.share)), proofs: ordered.map((s) => proofPair(s.proof)) };
}

/** Decryption shares from the contract's `[x, y]` list of a trustee (proofs as posted beside them). */
export function decryptionSharesFromChain(
  trustee: number,
  shares: readonly (readonly bigint[])[],
  proofs: readonly (readonly bigint[])[],
): DecryptionShare[] {
  return shares.map((pair, option) => ({
    trustee,
    option,
    share: pointFromPair(pair, `shares[${option}]`),
    proof: { challenge: proofs[option]![0]!, response: proofs[option]![1]! },
  }));
}

/** The ballot arguments of `castSecretBallot`: ciphertexts, option proofs and rule proof as the contract's structs. */
export function ballotArguments(ballot: SecretBallot) {
  const words = encodeSecretBallot(ballot);
  return {
    ciphertexts: ciphertextArguments(ballot.ciphertexts),
    optionProofs: words.optionProofs.map(rangeProofArguments),
    ruleProof: rangeProofArguments(words.ruleProof),
  };
}

/** A secret ballot to cast: {@link castSecretBallotArguments} and {@link sendSecretBallot}. */
export interface SecretBallotCast {
  readonly pollId: bigint;
  /** The ballot and its revision, as `prepareBallot` returns them. */
  readonly prepared: { readonly ballot: SecretBallot; readonly revision: bigint };
  /** The Semaphore proof whose message is the ballot's digest. */
  readonly proof: BallotProof;
  /** A re-vote: the ciphertexts of the nullifier's counted ballot, which the contract takes out of the tally. */
  readonly replaced?: readonly Ciphertext[];
}

/** Every argument of `castSecretBallot`, in order: poll, revision, the ballot's structs, the replaced ballot, the proof. */
export function castSecretBallotArguments(cast: SecretBallotCast) {
  const words = ballotArguments(cast.prepared.ballot);
  return [
    cast.pollId,
    cast.prepared.revision,
    words.ciphertexts,
    words.optionProofs,
    words.ruleProof,
    ciphertextArguments(cast.replaced ?? []),
    cast.proof,
  ] as const;
}

/**
 * Casts a prepared secret ballot through `elections` (the Elections contract, or its `IElections` interface, connected
 * to the account that pays): a first ballot, or a re-vote with `replaced`. The contract checks everything (the
 * Semaphore proof, the digest, the proofs of the ballot); the SDK's voter action `castSecretBallot` checks before
 * sending and goes through a relay.
 */
export function sendSecretBallot(
  elections: Pick<IElections, "castSecretBallot">,
  cast: SecretBallotCast,
): Promise<ContractTransactionResponse> {
  return elections.castSecretBallot(...castSecretBallotArguments(cast));
}

/** A range proof as the contract's struct: commitments as `{x, y}`, challenge shares and responses. */
function rangeProofArguments(proof: RangeProofWords) {
  return {
    commitments: proof.commitments.map(({ x, y }) => ({ x, y })),
    challenges: [...proof.challenges],
    responses: [...proof.responses],
  };
}

/** Ciphertexts as the contract's structs (the `replaced` argument of a re-vote). */
export function ciphertextArguments(ciphertexts: readonly Ciphertext[]) {
  return ciphertexts.map((ciphertext) => {
    const { a, b } = encodeCiphertext(ciphertext);
    return { a: { x: a.x, y: a.y }, b: { x: b.x, y: b.y } };
  });
}

/** An encrypted tally (or a ballot's ciphertexts) as the contract returns it, every point checked. */
export function ciphertextsFromChain(
  words: readonly { a: { x: bigint; y: bigint }; b: { x: bigint; y: bigint } }[],
): Ciphertext[] {
  return words.map((c, i) =>
    ciphertextFromWords({ a: { x: c.a.x, y: c.a.y }, b: { x: c.b.x, y: c.b.y } }, `ciphertexts[${i}]`),
  );
}
