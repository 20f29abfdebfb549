/**
 * Institutions' signing keys: an Ed25519 key made from the institution's 32-byte secret seed, its public half as the
 * `bytes32` the registry publishes (`publishSigningKey`), and the key history read back from the chain as Multikey
 * documents, the form a Data Integrity proof's `verificationMethod` resolves to.
 *
 * @module
 */
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { decodeBase58, encodeBase58, getBytes, hexlify, isHexString, toBeHex } from "ethers";

import { InvalidInputError } from "../errors.js";
import { type IssuerReference, issuerId, keyId } from "./identifiers.js";
import type { CredentialSuite } from "./record.js";

/** The multicodec prefix of an Ed25519 public key in a Multikey (`0xed01`). */
const ED25519_PUBLIC_PREFIX = new Uint8Array([0xed, 0x01]);

/** A key pair of the Multikey libraries, as far as the package uses it: its public key and its signer. */
export interface MultikeyPair {
  id?: string;
  controller?: string;
  /** The public key as a Multikey `publicKeyMultibase`. */
  readonly publicKeyMultibase: string;
  /** The signer a Data Integrity proof is made with. */
  signer(): unknown;
}

/** An institution's signing key, ready to sign. */
export interface InstitutionKey {
  /** The public key as the registry keeps it (`bytes32`, 0x hex). */
  readonly publicKey: string;
  /** The key pair, named after the institution's key `keyIndex` when it was given. */
  readonly keyPair: MultikeyPair;
}

/** The parameters of {@link institutionKey}. */
export interface InstitutionKeyParameters {
  /** The institution's 32-byte secret seed, 0x hex. Keep it as a private key. */
  readonly seed: string;
  /** The institution and the key's index on chain, to name the key in proofs. */
  readonly key?: IssuerReference & { readonly keyIndex: number };
}

/**
 * The Ed25519 key of a 32-byte secret seed.
 *
 * @example
 * const { publicKey } = await institutionKey({ seed: process.env.SIGNING_SEED! });
 * await publishSigningKey({ suite, signer, publicKey });
 */
export async function institutionKey({ seed, key }: InstitutionKeyParameters): Promise<InstitutionKey> {
  if (!isHexString(seed, 32)) throw new InvalidInputError({ field: "seed", reason: "is not 32 bytes of 0x hex" });
  const keyPair = await Ed25519Multikey.generate({
    seed: getBytes(seed),
    ...(key === undefined ? {} : { id: keyId(key), controller: issuerId(key) }),
  });
  return { publicKey: hexlify(keyPair.publicKey), keyPair };
}

/** The Multikey `publicKeyMultibase` of a `bytes32` Ed25519 public key. */
export function publicKeyMultibase(publicKey: string): string {
  const bytes = new Uint8Array([...ED25519_PUBLIC_PREFIX, ...getBytes(publicKey)]);
  return `z${encodeBase58(bytes)}`;
}

/** The `bytes32` Ed25519 public key of a Multikey `publicKeyMultibase`; throws when it is not an Ed25519 key. */
export function publicKeyOf(field: string, multibase: string): string {
  const bytes = multibase.startsWith("z") ? getBytes(toBeHex(decodeBase58(multibase.slice(1)), 34)) : new Uint8Array();
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new InvalidInputError({ field, reason: `"${multibase}" is not an Ed25519 Multikey` });
  }
  return hexlify(bytes.slice(2));
}

/** One entry of an institution's key history, as the registry keeps it (times in unix seconds, null for none). */
export interface PublishedKey {
  readonly keyIndex: number;
  readonly publicKey: string;
  readonly validFrom: number;
  readonly validUntil: number | null;
  readonly compromisedFrom: number | null;
}

/** An institution's key `keyIndex` from the chain, or null when it published no such key. */
export async function publishedKey(
  suite: CredentialSuite,
  institutionId: number,
  keyIndex: number,
): Promise<PublishedKey | null> {
  const count = Number(await suite.diplomaRegistry.signingKeyCount(institutionId));
  if (!Number.isSafeInteger(keyIndex) || keyIndex < 0 || keyIndex >= count) return null;
  const key = await suite.diplomaRegistry.signingKey(institutionId, keyIndex);
  return {
    keyIndex,
    publicKey: key.publicKey,
    validFrom: Number(key.validFrom),
    validUntil: key.validUntil === 0n ? null : Number(key.validUntil),
    compromisedFrom: key.compromisedFrom === 0n ? null : Number(key.compromisedFrom),
  };
}

/** The institution's current key (its latest, unless that one is compromised), or null when it has none. */
export async function currentKey(suite: CredentialSuite, institutionId: number): Promise<PublishedKey | null> {
  const count = Number(await suite.diplomaRegistry.signingKeyCount(institutionId));
  if (count === 0) return null;
  const latest = await publishedKey(suite, institutionId, count - 1);
  return latest !== null && latest.compromisedFrom === null ? latest : null;
}

/** The Multikey document of a published key, as its `verificationMethod` id resolves. */
export function multikeyDocument(issuer: IssuerReference, key: PublishedKey): Record<string, unknown> {
  return {
    "@context": "https://w3id.org/security/multikey/v1",
    id: keyId({ ...issuer, keyIndex: key.keyIndex }),
    type: "Multikey",
    controller: issuerId(issuer),
    publicKeyMultibase: publicKeyMultibase(key.publicKey),
  };
}
