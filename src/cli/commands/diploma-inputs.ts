/**
 * What the diploma commands read from their options alike: an institution id, a diploma's document hash, the batch
 * proof file of a diploma issued in a class, and the institution it is looked up under.
 *
 * @module
 */
import { type DiplomaProofFile, readProofFile } from "../../actions/diploma.js";
import { InvalidInputError } from "../../errors.js";
import { checkDiplomaProof } from "../../hashing.js";
import { validateDocument, validateFileExists, validateHash, validateUint } from "../../validate.js";
import type { CommonArgs } from "../session.js";

/** An institution id: a whole number from 1 to 2^32 - 1. */
export function institutionId(field: string, value: string | undefined): number {
  const id = validateUint(field, value);
  if (id < 1n || id >= 2n ** 32n) throw new InvalidInputError({ field, reason: `${id} is not an institution id` });
  return Number(id);
}

/** The diploma's document hash from `--document` (a file or a 0x hash) or `--document-hash`, exactly one of them. */
export function documentOf(args: { document?: string; documentHash?: string }, optional = false): string | undefined {
  if (args.document !== undefined && args.documentHash !== undefined) {
    throw new InvalidInputError({ field: "--document-hash", reason: "give either --document or --document-hash" });
  }
  if (args.documentHash !== undefined) return validateHash("--document-hash", args.documentHash);
  if (args.document !== undefined) return validateDocument("--document", args.document);
  if (optional) return undefined;
  throw new InvalidInputError({ field: "--document", reason: "is required (a file, or --document-hash)" });
}

export interface IssueArgs extends CommonArgs {
  readonly document?: string;
  readonly documentHash?: string;
  readonly holderCommitment?: string;
  readonly holderWallet?: string;
  readonly programme?: string;
  readonly awardedOn?: string;
  readonly kind?: string;
  readonly validFrom?: string;
  readonly expiresAt?: string;
}

/** The document hash and, with `--proof-file`, the batch proof; the two must name the same diploma. */
export function diplomaOf(args: { document?: string; documentHash?: string; proofFile?: string }): {
  documentHash: string;
  batch: DiplomaProofFile | undefined;
} {
  const batch =
    args.proofFile === undefined
      ? undefined
      : readProofFile("--proof-file", validateFileExists("--proof-file", args.proofFile));
  const documentHash = documentOf(args, batch !== undefined);
  if (batch === undefined) return { documentHash: documentHash!, batch };
  if (!checkDiplomaProof(batch)) {
    throw new InvalidInputError({
      field: "--proof-file",
      reason: `its proof does not place [documentHash, holderCommitment, statusIndex] under its root ${batch.root}`,
    });
  }
  if (documentHash !== undefined && documentHash !== batch.documentHash) {
    throw new InvalidInputError({
      field: args.document !== undefined ? "--document" : "--document-hash",
      reason: `hashes to ${documentHash}, but the proof file is for ${batch.documentHash}`,
    });
  }
  return { documentHash: batch.documentHash, batch };
}

/**
 * The institution a diploma is looked up under: `--institution`, or the proof file's; with `required`, one of them
 * must say. Both must agree when both are given.
 */
export function institutionOfDiploma(
  option: string | undefined,
  batch: DiplomaProofFile | undefined,
  required: boolean,
): number | undefined {
  const fromFile = batch !== undefined && batch.institutionId !== 0 ? batch.institutionId : undefined;
  if (option === undefined) {
    if (required && fromFile === undefined) {
      throw new InvalidInputError({
        field: "--institution",
        reason: "is required: a diploma is checked under the institution it claims to come from",
      });
    }
    return fromFile;
  }
  const id = institutionId("--institution", option);
  if (fromFile !== undefined && fromFile !== id) {
    throw new InvalidInputError({
      field: "--institution",
      reason: `is ${id}, but the proof file was issued by institution ${fromFile}`,
    });
  }
  return id;
}
