/**
 * Exports a credential of the registry as a W3C Verifiable Credential (Data Model 2.0, JSON-LD): the holder's claims
 * from the institution's own files, the on-chain record it corresponds to, its validity window, Bitstring Status List
 * entries for revocation (and suspension, for a kind that can be suspended), signed with a Data Integrity proof
 * (`eddsa-rdfc-2022`, or `ecdsa-sd-2023` for selective disclosure) by the institution's current signing key published
 * on chain.
 *
 * @module
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";

import { InvalidInputError, InvalidStateError, RecordNotFoundError } from "../errors.js";
import { REGISTRY_CONTEXT, VC_V2_CONTEXT, offlineLoader } from "./contexts.js";
import { SELECTIVE_DISCLOSURE_SUITE, selectiveDisclosureKey, signSelective } from "./disclosure.js";
import { credentialId, type IssuerReference, issuerId, statusListUrl, type StatusPurpose } from "./identifiers.js";
import { currentKey, institutionKey } from "./keys.js";
import { credentialType, type RecordReference, readRecord, registryLocation, type CredentialSuite } from "./record.js";

/** A signed credential as JSON. */
export type VerifiableCredential = Record<string, unknown>;

/** The parameters of {@link exportCredential}. */
export type ExportCredentialParameters = RecordReference & {
  readonly suite: CredentialSuite;
  /** The holder's claims, from the institution's files (names, programme, grade, speciality...). */
  readonly claims: Readonly<Record<string, unknown>>;
  /** The holder's identifier (a DID, for example), if the holder has one. */
  readonly holder?: string;
  /** The institution's 32-byte secret signing seed (0x hex): its public key must be the current one on chain. */
  readonly seed: string;
  /** Where the institution hosts its status lists (see {@link statusListUrl}). */
  readonly statusBaseUrl: string;
  /** The signing time; the chain's latest block time when omitted. */
  readonly now?: Date;
  /**
   * `eddsa-rdfc-2022` (the default: the institution's current key is Ed25519) or `ecdsa-sd-2023` for selective
   * disclosure (its current key is the P-256 key of `selectiveDisclosureKey`): a base proof from which the holder
   * derives credentials that reveal only chosen claims (`deriveCredential`).
   */
  readonly cryptosuite?: ExportCryptosuite;
};

/** The cryptosuites an institution signs its credentials in. */
export type ExportCryptosuite = "eddsa-rdfc-2022" | "ecdsa-sd-2023";

/**
 * Exports one credential, issued alone or inside a batch, as a signed Verifiable Credential.
 *
 * @example
 * const vcJson = await exportCredential({ suite, institutionId: 1, documentHash, claims: { name: "Dr Ada Martin" },
 *   seed, statusBaseUrl: "https://status.example.gov/credentials" });
 */
export async function exportCredential(parameters: ExportCredentialParameters): Promise<VerifiableCredential> {
  const { suite, institutionId, documentHash, batch, claims, holder, seed, statusBaseUrl } = parameters;
  const cryptosuiteName = parameters.cryptosuite ?? "eddsa-rdfc-2022";
  if (cryptosuiteName !== "eddsa-rdfc-2022" && cryptosuiteName !== SELECTIVE_DISCLOSURE_SUITE) {
    throw new InvalidInputError({
      field: "cryptosuite",
      reason: `"${String(cryptosuiteName)}" is not eddsa-rdfc-2022 or ecdsa-sd-2023`,
    });
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) {
    throw new InvalidInputError({ field: "claims", reason: "is not an object of claims" });
  }
  for (const reserved of ["id", "@context", "type"]) {
    if (reserved in claims)
      throw new InvalidInputError({ field: `claims.${reserved}`, reason: "is set by the export" });
  }
  const record = await readRecord(suite, { institutionId, documentHash, batch });
  if (record === null) {
    throw new RecordNotFoundError({
      kind: batch === undefined ? "credential" : "credential of batch",
      id: batch === undefined ? documentHash : `${batch.root} #${batch.statusIndex}`,
      details: `institution ${institutionId} recorded no such credential on chain`,
    });
  }
  const issuer: IssuerReference = { ...(await registryLocation(suite)), institutionId };
  const published = await currentKey(suite, institutionId);
  if (published === null) {
    throw new InvalidStateError({
      kind: "institution",
      id: String(institutionId),
      state: "without a signing key",
      reason: "publish one with publishSigningKey before exporting credentials",
    });
  }
  const keyReference = { ...issuer, keyIndex: published.keyIndex };
  const key =
    cryptosuiteName === SELECTIVE_DISCLOSURE_SUITE
      ? await selectiveDisclosureKey({ seed, key: keyReference })
      : await institutionKey({ seed, key: keyReference });
  if (key.publicKey.toLowerCase() !== published.publicKey.toLowerCase()) {
    throw new InvalidInputError({
      field: "seed",
      reason: `its key ${key.publicKey} is not institution ${institutionId}'s current key ${published.publicKey}`,
    });
  }
  const scope = batch === undefined ? { documentHash } : { root: batch.root };
  const statusIndex = batch?.statusIndex ?? 0;
  const purposes: StatusPurpose[] = record.suspendable ? ["revocation", "suspension"] : ["revocation"];
  const credential: VerifiableCredential = {
    "@context": [VC_V2_CONTEXT, REGISTRY_CONTEXT],
    id: credentialId(issuer, { ...scope, statusIndex }),
    type: ["VerifiableCredential", credentialType(record.kindName)],
    name: record.kindName,
    issuer: { id: issuerId(issuer), name: record.institutionName },
    validFrom: vcTime(record.validFrom),
    ...(record.expiresAt === null ? {} : { validUntil: vcTime(record.expiresAt) }),
    credentialSubject: { ...(holder === undefined ? {} : { id: holder }), ...claims },
    credentialStatus: purposes.map((purpose) => {
      const list = statusListUrl(statusBaseUrl, institutionId, scope, purpose);
      return {
        id: `${list}#${statusIndex}`,
        type: "BitstringStatusListEntry",
        statusPurpose: purpose,
        statusListIndex: String(statusIndex),
        statusListCredential: list,
      };
    }),
    registryRecord: {
      type: "RegistryRecord",
      chainId: issuer.chainId,
      registry: issuer.registry,
      institutionId,
      kind: record.kind,
      documentHash: documentHash.toLowerCase(),
      issuedAt: vcTime(record.issuedAt),
      ...(batch === undefined
        ? {}
        : {
            batchRoot: batch.root.toLowerCase(),
            statusIndex: batch.statusIndex,
            holderCommitment: batch.holderCommitment.toLowerCase(),
            merkleProof: batch.proof.map((node) => node.toLowerCase()),
          }),
    },
  };
  const now = parameters.now ?? new Date(Number((await suite.runner.provider!.getBlock("latest"))!.timestamp) * 1000);
  return cryptosuiteName === SELECTIVE_DISCLOSURE_SUITE
    ? signSelective(credential, key.keyPair.signer(), now)
    : sign(credential, key.keyPair.signer(), now);
}

/** A unix time as a VC `dateTimeStamp`, to the second. */
export function vcTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

/** Signs a credential with a Data Integrity proof (`eddsa-rdfc-2022`), loading every context offline. */
export async function sign(
  credential: VerifiableCredential,
  signer: unknown,
  date: Date,
): Promise<VerifiableCredential> {
  const suite = new DataIntegrityProof({ signer, cryptosuite, date });
  return vc.issue({ credential, suite, documentLoader: offlineLoader() });
}
