/**
 * The facts of a credential certificate: a diploma, a professional licence, a permit or any kind the register keeps,
 * issued alone, read at one block with its kind, its validity window, its suspension and its revocation.
 *
 * @module
 */
import { ZeroAddress, ZeroHash } from "ethers";

import type { Suite } from "../deployment.js";
import { RecordNotFoundError } from "../errors.js";
import {
  asciiText,
  DIPLOMA_STATUSES,
  type DiplomaStatusName,
  INSTITUTION_STATUSES,
  type InstitutionStatusName,
  timeOrNull,
} from "../vocabulary.js";

/**
 * The facts of a credential certificate (a credential issued alone, by its document hash). The kind "diploma" of an
 * extract covers every kind of credential: the register keeps them all, and `credentialKind` says which one it is.
 */
export interface DiplomaFacts {
  readonly kind: "diploma";
  readonly institutionId: number;
  readonly documentHash: string;
  /** The status at the block: a revocation outranks a suspension, which outranks the validity window. */
  readonly status: Exclude<DiplomaStatusName, "Unknown">;
  /** The credential kind's number in the register (0: diploma). */
  readonly credentialKind: number;
  /** The kind's name as the register keeps it ("Diploma", "Professional licence"). */
  readonly credentialKindName: string;
  readonly institutionName: string;
  readonly institutionCountry: string;
  readonly institutionStatus: InstitutionStatusName;
  readonly issuer: string;
  readonly issuedAt: number;
  /** Whether the institution was accredited for the credential's kind when it was issued. */
  readonly accreditedAtIssuance: boolean;
  /** The first second the credential is valid. */
  readonly validFrom: number;
  /** The first second it is no longer valid, or null when it never expires. */
  readonly expiresAt: number | null;
  /** Whether its expiry time had come at the block (whatever its status: a suspended licence may also expire). */
  readonly expired: boolean;
  /** When it was suspended, or null when it was not suspended at the block. */
  readonly suspendedAt: number | null;
  /** The reason code of the suspension (see `REVOCATION_REASONS`), or null. */
  readonly suspensionReason: number | null;
  readonly revokedAt: number | null;
  readonly revocationReason: number | null;
  readonly supersededBy: string | null;
}

/**
 * Reads a credential issued alone at the suite's block (the suite of `suiteAtBlock`: its provider's latest block is
 * the extract's block).
 *
 * @throws `RecordNotFoundError` when the institution did not hold the document at that block.
 *
 * @example
 * ```ts
 * const { suite } = await suiteAtBlock({ deployment, provider, block: 1200 });
 * const licence = await readCredentialFacts(suite, 1, documentHash);
 * if (licence.suspendedAt !== null) console.log(`suspended since ${licence.suspendedAt}`);
 * ```
 */
export async function readCredentialFacts(
  suite: Suite,
  institutionId: number,
  documentHash: string,
): Promise<DiplomaFacts> {
  const registry = suite.diplomaRegistry;
  const provider = suite.runner.provider!;
  const [answer, block] = await Promise.all([
    registry.verify(institutionId, documentHash),
    provider.getBlockNumber().then((number) => provider.getBlock(number)),
  ]);
  const status = DIPLOMA_STATUSES[Number(answer.status)];
  if (status === "Unknown" || answer.issuer === ZeroAddress) {
    throw new RecordNotFoundError({
      kind: "credential",
      id: `${documentHash.toLowerCase()} of institution ${institutionId}`,
    });
  }
  if (block === null) throw new RecordNotFoundError({ kind: "block", id: "of the extract" });
  const [institution, kind] = await Promise.all([
    registry.institution(answer.institutionId),
    registry.credentialKind(answer.kind),
  ]);
  const expiresAt = timeOrNull(answer.expiresAt);
  const suspendedAt = timeOrNull(answer.suspendedAt);
  const revokedAt = timeOrNull(answer.revokedAt);
  return {
    kind: "diploma",
    institutionId: Number(answer.institutionId),
    documentHash: documentHash.toLowerCase(),
    status,
    credentialKind: Number(answer.kind),
    credentialKindName: kind.name,
    institutionName: institution.name,
    institutionCountry: asciiText(institution.country),
    institutionStatus: INSTITUTION_STATUSES[Number(institution.status)],
    issuer: answer.issuer,
    issuedAt: Number(answer.issuedAt),
    accreditedAtIssuance: answer.accreditedAtIssuance,
    validFrom: Number(answer.validFrom),
    expiresAt,
    expired: expiresAt !== null && block.timestamp >= expiresAt,
    suspendedAt,
    suspensionReason: suspendedAt === null ? null : Number(answer.suspensionReason),
    revokedAt,
    revocationReason: revokedAt === null ? null : Number(answer.revocationReason),
    supersededBy: answer.supersededBy === ZeroHash ? null : answer.supersededBy.toLowerCase(),
  };
}
