/**
 * Hashing exactly as the registries expect, offline: document hashes, holder commitments and the Merkle trees of
 * diploma batches (OpenZeppelin `StandardMerkleTree`, leaves `[documentHash, holderCommitment, statusIndex]`, the
 * status index being the diploma's position in its class list and its bit in the batch's status list).
 *
 * @module
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { AbiCoder, isHexString, keccak256 } from "ethers";

import { InvalidInputError } from "./errors.js";

/** The value types of a diploma batch leaf, in order. */
export const DIPLOMA_LEAF_TYPES = ["bytes32", "bytes32", "uint32"] as const;

/** What {@link hashDocument} hashes: the bytes of a document (in a browser, from `await file.arrayBuffer()`). */
export interface HashDocumentParameters {
  readonly bytes: Uint8Array;
}

/** A 0x-prefixed 32-byte hash. */
export type Hash = `0x${string}`;

/** The return type of {@link hashDocument}. */
export type HashDocumentReturnType = Hash;

/**
 * The hash under which the registries know a document (deed, diploma, filing): `keccak256` of its bytes, exactly as
 * stored, with no normalisation.
 *
 * @example
 * ```ts
 * const documentHash = hashDocument({ bytes: new Uint8Array(await file.arrayBuffer()) });
 * ```
 */
export function hashDocument({ bytes }: HashDocumentParameters): HashDocumentReturnType {
  if (!(bytes instanceof Uint8Array)) throw new InvalidInputError({ field: "bytes", reason: "must be a Uint8Array" });
  return keccak256(bytes) as Hash;
}

/** The inputs of {@link holderCommitment}. */
export interface HolderCommitmentParameters {
  /** A random 32-byte salt, kept by the holder (and the institution) off chain. */
  readonly salt: string;
  /** The holder's identifier as the institution knows it (for example a national identity number). */
  readonly holderId: string;
}

/**
 * The salted commitment that stands for a diploma holder on chain: `keccak256(abi.encode(bytes32 salt, string
 * holderId))`. Without the salt, nobody can tell who the holder is; with it, the holder can prove it.
 */
export function holderCommitment({ salt, holderId }: HolderCommitmentParameters): HolderCommitmentReturnType {
  if (!isHexString(salt, 32)) throw new InvalidInputError({ field: "salt", reason: "must be a 32-byte hex string" });
  if (holderId.length === 0) throw new InvalidInputError({ field: "holderId", reason: "must not be empty" });
  return keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [salt, holderId])) as Hash;
}

/** The return type of {@link holderCommitment}. */
export type HolderCommitmentReturnType = Hash;

/** One diploma of a batch. */
export interface BatchDiploma {
  readonly documentHash: string;
  readonly holderCommitment: string;
}

/**
 * The proof that places one diploma under a batch root, as handed to its holder. `statusIndex` is the diploma's
 * position in its class list: its leaf holds it, and its bit in the batch's status list says whether it is revoked.
 */
export interface DiplomaProof {
  readonly root: Hash;
  readonly documentHash: Hash;
  readonly holderCommitment: Hash;
  readonly statusIndex: number;
  readonly proof: readonly Hash[];
}

/** The parameters of {@link buildDiplomaBatch}. */
export interface BuildDiplomaBatchParameters {
  /** The diplomas of the batch, in the order their proofs are returned; each one's position is its status index. */
  readonly diplomas: readonly BatchDiploma[];
}

/** The return type of {@link buildDiplomaBatch}. */
export interface BuildDiplomaBatchReturnType {
  /** The Merkle root to record with `issueBatch`. */
  readonly root: Hash;
  /** One proof per diploma, in input order. */
  readonly proofs: readonly DiplomaProof[];
  /** The whole tree in OpenZeppelin's dump format, to archive. */
  readonly dump: ReturnType<StandardMerkleTree<(string | number)[]>["dump"]>;
}

/**
 * Builds the Merkle tree of a diploma batch and every holder's proof. Each diploma's status index is its position in
 * `diplomas` (from 0), so every diploma has its own bit in the batch's status list. Rejects empty batches, malformed
 * hashes and duplicate documents, naming the offending row.
 */
export function buildDiplomaBatch({ diplomas }: BuildDiplomaBatchParameters): BuildDiplomaBatchReturnType {
  if (diplomas.length === 0) throw new InvalidInputError({ field: "diplomas", reason: "a batch needs at least one" });
  const seen = new Set<string>();
  diplomas.forEach((diploma, index) => {
    for (const field of ["documentHash", "holderCommitment"] as const) {
      const value = diploma[field];
      if (!isHexString(value, 32) || /^0x0{64}$/.test(value)) {
        throw new InvalidInputError({
          field: `diplomas[${index}].${field}`,
          reason: "must be a non-zero 32-byte hash",
        });
      }
    }
    const key = diploma.documentHash.toLowerCase();
    if (seen.has(key)) {
      throw new InvalidInputError({ field: `diplomas[${index}].documentHash`, reason: "appears twice in the batch" });
    }
    seen.add(key);
  });
  const tree = StandardMerkleTree.of<(string | number)[]>(
    diplomas.map((diploma, index) => [
      diploma.documentHash.toLowerCase(),
      diploma.holderCommitment.toLowerCase(),
      index,
    ]),
    [...DIPLOMA_LEAF_TYPES],
  );
  const root = tree.root as Hash;
  const proofs = diplomas.map((diploma, index) => ({
    root,
    documentHash: diploma.documentHash.toLowerCase() as Hash,
    holderCommitment: diploma.holderCommitment.toLowerCase() as Hash,
    statusIndex: index,
    proof: tree.getProof(index) as Hash[],
  }));
  return { root, proofs, dump: tree.dump() };
}

/** The parameters of {@link checkDiplomaProof}: a proof as {@link buildDiplomaBatch} returns it. */
export interface CheckDiplomaProofParameters {
  readonly root: string;
  readonly documentHash: string;
  readonly holderCommitment: string;
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

/** The return type of {@link checkDiplomaProof}. */
export type CheckDiplomaProofReturnType = boolean;

/** Checks a diploma proof offline, without any chain: true when it places the diploma under its root. */
export function checkDiplomaProof(proof: CheckDiplomaProofParameters): CheckDiplomaProofReturnType {
  return StandardMerkleTree.verify(
    proof.root,
    [...DIPLOMA_LEAF_TYPES],
    [proof.documentHash, proof.holderCommitment, proof.statusIndex],
    [...proof.proof],
  );
}

/** The parameters of {@link diplomaLeaf}: a diploma of a batch and its status index. */
export type DiplomaLeafParameters = BatchDiploma & { readonly statusIndex: number };

/** The return type of {@link diplomaLeaf}. */
export type DiplomaLeafReturnType = Hash;

/** The leaf a diploma has in its batch, as `DiplomaRegistry.batchLeaf` computes it. */
export function diplomaLeaf({
  documentHash,
  holderCommitment,
  statusIndex,
}: DiplomaLeafParameters): DiplomaLeafReturnType {
  const value = [documentHash, holderCommitment, statusIndex];
  return StandardMerkleTree.of([value], [...DIPLOMA_LEAF_TYPES]).leafHash(value) as Hash;
}
