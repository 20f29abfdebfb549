/**
 * Reading diplomas and institutions: the verification of a diploma issued alone or in a batch, and an institution
 * with its issuers and accreditation history.
 *
 * @module
 */
import { keccak256, ZeroAddress, ZeroHash } from "ethers";
import type { IDiplomaRegistry } from "../../contracts.js";
import type { Suite } from "../../deployment.js";
import { decodedRead, InvalidInputError, RecordNotFoundError } from "../../errors.js";
import type { Hash } from "../../hashing.js";
import { queryEvents } from "../../logs.js";
import {
  asciiText,
  DIPLOMA_STATUSES,
  type DiplomaStatusName,
  INSTITUTION_STATUSES,
  type InstitutionStatusName,
  timeOrNull,
} from "../../vocabulary.js";
import { readAll } from "./shared.js";

// -----------------------------------------------------------------------------------------------------------------
// Diplomas
// -----------------------------------------------------------------------------------------------------------------

/** The batch proof of a diploma issued in a batch, as its holder received it. */
export interface BatchProof {
  readonly root: string;
  readonly holderCommitment: string;
  /** The diploma's position in its class list: its bit in the batch's status list. */
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

/** The parameters of {@link verifyDiploma}: the document's bytes, or its hash. */
export type VerifyDiplomaParameters = {
  readonly suite: Suite;
  /**
   * The institution the diploma claims to come from. Records are kept per institution: the same document hash under
   * another institution is another record, so a verifier always says which institution it checks.
   */
  readonly institutionId: number | bigint;
  /** For a diploma issued in a batch: the proof handed to its holder. */
  readonly proof?: BatchProof;
} & ({ readonly documentHash: string } | { readonly document: Uint8Array });

/** An institution as read with a diploma. */
export interface DiplomaInstitution {
  readonly id: number;
  readonly name: string;
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  readonly status: InstitutionStatusName;
}

/** The return type of {@link verifyDiploma}. */
export interface VerifyDiplomaReturnType {
  readonly documentHash: Hash;
  /** The batch root the diploma was checked under, or null for a diploma issued alone. */
  readonly root: Hash | null;
  readonly status: DiplomaStatusName;
  /** The issuing institution; null when the diploma is unknown. */
  readonly institution: DiplomaInstitution | null;
  /** The issuer account; null when unknown. */
  readonly issuer: string | null;
  /** When the diploma (or its batch) was recorded, unix seconds; null when unknown. */
  readonly issuedAt: number | null;
  /** Whether the institution was accredited when the diploma was recorded. */
  readonly accreditedAtIssuance: boolean;
  /**
   * The revocation, or null when the diploma is not revoked. For a diploma of a batch the time and reason come from
   * its `DiplomaRevokedInBatch` event (the batch's status list keeps one bit), so they need a node that serves logs.
   */
  readonly revocation: { readonly revokedAt: number; readonly reason: number } | null;
  /** The document hash of the corrected diploma that replaced this one, or null. */
  readonly supersededBy: Hash | null;
}

/**
 * Verifies a diploma from its document's bytes (or the document's hash), and for a diploma of a batch from the
 * holder's proof. Nothing is sent and nothing reverts: a document that was never issued, or a proof that does not
 * place it under its root, answers `Unknown`.
 *
 * @example
 * ```ts
 * const result = await verifyDiploma({ suite, institutionId: 1, document: new Uint8Array(await file.arrayBuffer()) });
 * if (result.status === "Valid") console.log(result.institution?.name);
 * ```
 */
export async function verifyDiploma(parameters: VerifyDiplomaParameters): Promise<VerifyDiplomaReturnType> {
  const { suite, proof, institutionId } = parameters;
  const id =
    typeof institutionId === "bigint"
      ? institutionId
      : Number.isSafeInteger(institutionId)
        ? BigInt(institutionId)
        : 0n;
  if (id < 1n || id > 0xffffffffn) {
    throw new InvalidInputError({ field: "institutionId", reason: `${institutionId} is not an institution id` });
  }
  const documentHash = (
    "document" in parameters ? keccak256(parameters.document) : parameters.documentHash
  ).toLowerCase() as Hash;
  if (!/^0x[0-9a-f]{64}$/.test(documentHash)) {
    throw new InvalidInputError({ field: "documentHash", reason: "must be a 32-byte hex string" });
  }
  if (proof !== undefined && !(Number.isSafeInteger(proof.statusIndex) && proof.statusIndex >= 0)) {
    throw new InvalidInputError({
      field: "proof.statusIndex",
      reason: `${proof.statusIndex} is not a status index (a whole number from 0)`,
    });
  }
  if (proof !== undefined && proof.statusIndex > 0xffffffff) {
    throw new InvalidInputError({ field: "proof.statusIndex", reason: `${proof.statusIndex} is over 4294967295` });
  }
  const registry = suite.diplomaRegistry;
  const answer: IDiplomaRegistry.VerificationStructOutput =
    proof === undefined
      ? await registry.verify(id, documentHash)
      : await registry.verifyInBatch(id, proof.root, {
          documentHash,
          holderCommitment: proof.holderCommitment,
          statusIndex: proof.statusIndex,
          proof: [...proof.proof],
        });
  let institution: DiplomaInstitution | null = null;
  if (answer.institutionId !== 0n) {
    const record = await registry.institution(answer.institutionId);
    institution = {
      id: Number(answer.institutionId),
      name: record.name,
      country: asciiText(record.country),
      status: INSTITUTION_STATUSES[Number(record.status)],
    };
  }
  return {
    documentHash,
    root: proof === undefined ? null : (proof.root.toLowerCase() as Hash),
    status: DIPLOMA_STATUSES[Number(answer.status)],
    institution,
    issuer: answer.issuer === ZeroAddress ? null : answer.issuer,
    issuedAt: timeOrNull(answer.issuedAt),
    accreditedAtIssuance: answer.accreditedAtIssuance,
    revocation:
      DIPLOMA_STATUSES[Number(answer.status)] !== "Revoked"
        ? null
        : proof === undefined
          ? { revokedAt: Number(answer.revokedAt), reason: Number(answer.revocationReason) }
          : await batchRevocation(suite, answer.institutionId, proof.root, documentHash),
    supersededBy: answer.supersededBy === ZeroHash ? null : (answer.supersededBy as Hash),
  };
}

/**
 * The time and reason of a batch diploma's revocation, from its `DiplomaRevokedInBatch` event: the batch's status list
 * keeps only its bit.
 */
async function batchRevocation(
  suite: Suite,
  institutionId: bigint,
  root: string,
  documentHash: string,
): Promise<{ readonly revokedAt: number; readonly reason: number }> {
  const registry = suite.diplomaRegistry;
  const fromBlock = suite.deployment.contracts.DiplomaRegistry!.deploymentBlock;
  const [event] = await queryEvents(
    registry,
    registry.filters.DiplomaRevokedInBatch(root, documentHash, institutionId),
    fromBlock,
  );
  if (event === undefined) {
    throw new RecordNotFoundError({
      kind: "DiplomaRevokedInBatch event of",
      id: `${documentHash} under ${root}`,
      details: `the status list says revoked, but the node returned no log of it from block ${fromBlock}: ask a node that serves old logs`,
    });
  }
  return { revokedAt: Number(event.args.revokedAt), reason: Number(event.args.reason) };
}

/** The parameters of {@link getInstitution}. */
export interface GetInstitutionParameters {
  readonly suite: Suite;
  readonly institutionId: number;
}

/** The return type of {@link getInstitution}: the institution, its issuer accounts and accreditation history. */
export interface GetInstitutionReturnType {
  readonly institutionId: number;
  readonly name: string;
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  readonly status: InstitutionStatusName;
  readonly registeredAt: number;
  readonly accreditationDocument: string;
  /** Every account bound to the institution as an issuer. */
  readonly issuers: readonly string[];
  /** Every change of accreditation, oldest first: from when, and whether accredited from then on. */
  readonly history: readonly { readonly from: number; readonly accredited: boolean }[];
}

/**
 * Reads an institution with every issuer account bound to it and its whole accreditation history.
 *
 * @throws {@link RecordNotFoundError} when no institution has this id.
 */
export async function getInstitution({
  suite,
  institutionId,
}: GetInstitutionParameters): Promise<GetInstitutionReturnType> {
  const registry = suite.diplomaRegistry;
  const record = await decodedRead(() => registry.institution(institutionId), { interfaces: suite.interfaces });
  const [issuers, historyLength] = await Promise.all([
    readAll(record.issuerCount, (offset, limit) => registry.issuersOf(institutionId, offset, limit)),
    registry.accreditationHistoryLength(institutionId),
  ]);
  const history = await readAll(historyLength, (offset, limit) =>
    registry.accreditationHistory(institutionId, offset, limit),
  );
  return {
    institutionId,
    name: record.name,
    country: asciiText(record.country),
    status: INSTITUTION_STATUSES[Number(record.status)],
    registeredAt: Number(record.registeredAt),
    accreditationDocument: record.accreditationDocument,
    issuers: [...issuers],
    history: history.map((change) => ({ from: Number(change.from), accredited: change.accredited })),
  };
}

// -----------------------------------------------------------------------------------------------------------------
