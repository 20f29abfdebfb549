/**
 * The identifiers a credential of the registry carries: its issuer (an institution of one DiplomaRegistry on one
 * chain), the institution's signing keys, the credential itself and its status lists. All are derived from the chain,
 * the registry's address and the on-chain ids, so that a verifier can go back from a credential to its record.
 *
 * @module
 */
import { getAddress } from "ethers";

import { InvalidInputError } from "../errors.js";

/** Where a credential's record lives: the chain and the DiplomaRegistry's proxy address. */
export interface RegistryLocation {
  readonly chainId: number;
  readonly registry: string;
}

/** An institution of a registry, as a credential's issuer names it. */
export interface IssuerReference extends RegistryLocation {
  readonly institutionId: number;
}

/** A signing key of an institution, as a proof's `verificationMethod` names it. */
export interface KeyReference extends IssuerReference {
  readonly keyIndex: number;
}

const ISSUER_PATTERN = /^urn:egov:(\d+):(0x[0-9a-f]{40}):institution:(\d+)$/;
const KEY_PATTERN = /^(urn:egov:\d+:0x[0-9a-f]{40}:institution:\d+)#key-(\d+)$/;

/** The issuer id of an institution: `urn:egov:<chainId>:<registry>:institution:<id>` (the address in lower case). */
export function issuerId({ chainId, registry, institutionId }: IssuerReference): string {
  return `urn:egov:${chainId}:${getAddress(registry).toLowerCase()}:institution:${institutionId}`;
}

/** The id of an institution's signing key: its issuer id and `#key-<index>`, the key's index on chain. */
export function keyId(reference: KeyReference): string {
  return `${issuerId(reference)}#key-${reference.keyIndex}`;
}

/** The institution an issuer id names; throws `InvalidInputError` for any other text. */
export function parseIssuerId(field: string, id: string): IssuerReference {
  const match = ISSUER_PATTERN.exec(id);
  if (match === null) {
    throw new InvalidInputError({ field, reason: `"${id}" is not an institution of a registry (urn:egov:...)` });
  }
  return { chainId: Number(match[1]), registry: getAddress(match[2]!), institutionId: Number(match[3]) };
}

/** The key a verification method id names; throws `InvalidInputError` for any other text. */
export function parseKeyId(field: string, id: string): KeyReference {
  const match = KEY_PATTERN.exec(id);
  if (match === null) {
    throw new InvalidInputError({ field, reason: `"${id}" is not a signing key of an institution (...#key-<n>)` });
  }
  return { ...parseIssuerId(field, match[1]!), keyIndex: Number(match[2]) };
}

/** What a status list covers: a credential issued alone (by its document hash) or a batch (by its root). */
export type StatusListScope = { readonly documentHash: string } | { readonly root: string };

/** The two purposes of the registry's status lists. */
export type StatusPurpose = "revocation" | "suspension";

/**
 * The address of a status list credential under `baseUrl` (where the institution hosts its lists):
 * `<baseUrl>/<institutionId>/documents/<documentHash>/<purpose>` for a credential issued alone (one entry, index 0),
 * `<baseUrl>/<institutionId>/batches/<root>/<purpose>` for a batch (one entry per status index).
 */
export function statusListUrl(
  baseUrl: string,
  institutionId: number,
  scope: StatusListScope,
  purpose: StatusPurpose,
): string {
  const base = baseUrl.replace(/\/+$/, "");
  const path =
    "root" in scope ? `batches/${scope.root.toLowerCase()}` : `documents/${scope.documentHash.toLowerCase()}`;
  return `${base}/${institutionId}/${path}/${purpose}`;
}

/** The id of a credential: its issuer and its record (`:document:<hash>` or `:batch:<root>:<statusIndex>`). */
export function credentialId(
  issuer: IssuerReference,
  scope: StatusListScope & { readonly statusIndex?: number },
): string {
  return "root" in scope
    ? `${issuerId(issuer)}:batch:${scope.root.toLowerCase()}:${scope.statusIndex ?? 0}`
    : `${issuerId(issuer)}:document:${scope.documentHash.toLowerCase()}`;
}
