/**
 * The on-chain record behind a credential: what the DiplomaRegistry answers for a credential issued alone or inside a
 * batch, with its kind, its institution and its validity window, in the form the export and the verification share.
 *
 * @module
 */
import type { Suite } from "../deployment.js";
import { DIPLOMA_STATUSES, type DiplomaStatusName } from "../vocabulary.js";
import type { RegistryLocation } from "./identifiers.js";

/**
 * What the credentials functions read: the DiplomaRegistry, the chain id, and the block the registry was deployed in
 * (where log searches start). A connected `Suite` is one; a page or a script can build one from a contract alone.
 */
export type CredentialSuite = Pick<Suite, "diplomaRegistry" | "runner"> & {
  readonly deployment: {
    readonly chainId: number;
    readonly contracts: { readonly DiplomaRegistry?: { readonly deploymentBlock: number } };
  };
};

/** A credential of a batch as its holder's proof file places it under the batch's root. */
export interface BatchMembership {
  readonly root: string;
  readonly holderCommitment: string;
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

/** Which record a credential corresponds to. */
export interface RecordReference {
  readonly institutionId: number;
  readonly documentHash: string;
  /** For a credential issued in a batch: its place under the batch's root. */
  readonly batch?: BatchMembership;
}

/** What the chain says of a credential's record. */
export interface ChainRecord {
  readonly status: DiplomaStatusName;
  readonly kind: number;
  readonly kindName: string;
  readonly suspendable: boolean;
  readonly institutionName: string;
  /** Unix seconds; for a batch, when the batch was recorded. */
  readonly issuedAt: number;
  readonly accreditedAtIssuance: boolean;
  readonly validFrom: number;
  /** The first second it is no longer valid, or null when it never expires. */
  readonly expiresAt: number | null;
}

/** The chain id and the DiplomaRegistry's address of a suite. */
export async function registryLocation(suite: CredentialSuite): Promise<RegistryLocation> {
  return { chainId: suite.deployment.chainId, registry: await suite.diplomaRegistry.getAddress() };
}

/** What the chain says of the record, or null when the institution never issued it (or the proof does not hold). */
export async function readRecord(suite: CredentialSuite, reference: RecordReference): Promise<ChainRecord | null> {
  const registry = suite.diplomaRegistry;
  const { institutionId, documentHash, batch } = reference;
  const answer =
    batch === undefined
      ? await registry.verify(institutionId, documentHash)
      : await registry.verifyInBatch(institutionId, batch.root, {
          documentHash,
          holderCommitment: batch.holderCommitment,
          statusIndex: batch.statusIndex,
          proof: [...batch.proof],
        });
  const status = DIPLOMA_STATUSES[Number(answer.status)]!;
  if (status === "Unknown") return null;
  const kind = Number(answer.kind);
  const [kindRecord, institution] = await Promise.all([
    registry.credentialKind(kind),
    registry.institution(institutionId),
  ]);
  return {
    status,
    kind,
    kindName: kindRecord.name,
    suspendable: kindRecord.rules.suspendable,
    institutionName: institution.name,
    issuedAt: Number(answer.issuedAt),
    accreditedAtIssuance: answer.accreditedAtIssuance,
    validFrom: Number(answer.validFrom),
    expiresAt: answer.expiresAt === 0n ? null : Number(answer.expiresAt),
  };
}

/** The credential type of a kind: its name in PascalCase and `Credential` ("Professional licence" gives `ProfessionalLicenceCredential`). */
export function credentialType(kindName: string): string {
  const words = kindName.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
  return `${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("")}Credential`;
}
