/**
 * Selective disclosure with the W3C `ecdsa-sd-2023` cryptosuite: the institution signs a credential with a base proof
 * (its P-256 key published on chain), the holder derives from it a credential that reveals only the claims they choose
 * (the degree without the grade), and any verifier checks the derived proof with `@digitalbazaar/vc` against the key on
 * chain. The record, the validity window and the status entries are always revealed: a verifier always checks them
 * against the chain.
 *
 * The registry keeps an institution's keys as `bytes32`. A P-256 key published for selective disclosure is the
 * x-coordinate of a point whose y-coordinate is even (the compressed key `0x02 || x`): {@link selectiveDisclosureKey}
 * makes such a key from a 32-byte seed (the scalar or its negation, which has the same x and the other y).
 *
 * @module
 */
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import {
  createDiscloseCryptosuite,
  createSignCryptosuite,
  createVerifyCryptosuite,
} from "@digitalbazaar/ecdsa-sd-2023-cryptosuite";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import * as vc from "@digitalbazaar/vc";
import { p256 } from "@noble/curves/nist.js";
import { encodeBase58, getBytes, hexlify, isHexString } from "ethers";

import { InvalidInputError } from "../errors.js";
import { offlineLoader } from "./contexts.js";
import { type IssuerReference, issuerId, keyId } from "./identifiers.js";
import type { MultikeyPair, PublishedKey } from "./keys.js";

/** A credential as JSON. */
type VerifiableCredential = Record<string, unknown>;

/** The name of the selective disclosure cryptosuite. */
export const SELECTIVE_DISCLOSURE_SUITE = "ecdsa-sd-2023";

/** The multicodec prefix of a compressed P-256 public key in a Multikey (`0x1200` as a varint). */
const P256_PUBLIC_PREFIX = new Uint8Array([0x80, 0x24]);

/** An institution's P-256 key for selective disclosure, ready to sign. */
export interface SelectiveDisclosureKey {
  /** The key as the registry keeps it: the x-coordinate (`bytes32`, 0x hex) of a point with an even y. */
  readonly publicKey: string;
  readonly keyPair: MultikeyPair;
}

/** The parameters of {@link selectiveDisclosureKey}. */
export interface SelectiveDisclosureKeyParameters {
  /** The institution's 32-byte secret seed, 0x hex. Keep it as a private key. */
  readonly seed: string;
  /** The institution and the key's index on chain, to name the key in proofs. */
  readonly key?: IssuerReference & { readonly keyIndex: number };
}

/**
 * The P-256 key of a 32-byte secret seed, with an even y so that its x-coordinate alone names it on chain.
 *
 * @example
 * const { publicKey } = await selectiveDisclosureKey({ seed: process.env.SIGNING_SEED! });
 * await publishSigningKey({ suite, signer, publicKey });
 */
export async function selectiveDisclosureKey({
  seed,
  key,
}: SelectiveDisclosureKeyParameters): Promise<SelectiveDisclosureKey> {
  if (!isHexString(seed, 32)) throw new InvalidInputError({ field: "seed", reason: "is not 32 bytes of 0x hex" });
  const Fn = p256.Point.Fn;
  let scalar = Fn.create(BigInt(seed));
  if (Fn.is0(scalar)) throw new InvalidInputError({ field: "seed", reason: "is not a P-256 secret key" });
  let publicKey = p256.getPublicKey(Fn.toBytes(scalar), true);
  if (publicKey[0] !== 0x02) {
    scalar = Fn.neg(scalar);
    publicKey = p256.getPublicKey(Fn.toBytes(scalar), true);
  }
  const keyPair = await EcdsaMultikey.fromRaw({ curve: "P-256", secretKey: Fn.toBytes(scalar), publicKey });
  if (key !== undefined) {
    keyPair.id = keyId(key);
    keyPair.controller = issuerId(key);
  }
  return { publicKey: hexlify(publicKey.slice(1)), keyPair };
}

/** The Multikey document of a published key read as a P-256 key for selective disclosure. */
export function p256MultikeyDocument(issuer: IssuerReference, key: PublishedKey): Record<string, unknown> {
  const compressed = new Uint8Array([...P256_PUBLIC_PREFIX, 0x02, ...getBytes(key.publicKey)]);
  return {
    "@context": "https://w3id.org/security/multikey/v1",
    id: keyId({ ...issuer, keyIndex: key.keyIndex }),
    type: "Multikey",
    controller: issuerId(issuer),
    publicKeyMultibase: `z${encodeBase58(compressed)}`,
  };
}

/**
 * The JSON pointers a derived credential always reveals: everything a verifier checks against the chain (the issuer,
 * the kind's name, the validity window, the status entries, the record) and the holder's id when there is one.
 */
export function mandatoryPointers(credential: VerifiableCredential): string[] {
  const pointers = ["/issuer", "/name", "/validFrom", "/credentialStatus", "/registryRecord"];
  if ("validUntil" in credential) pointers.push("/validUntil");
  const subject = credential.credentialSubject;
  if (typeof subject === "object" && subject !== null && "id" in subject) pointers.push("/credentialSubject/id");
  return pointers;
}

/** Signs a credential with an `ecdsa-sd-2023` base proof, every context loaded offline. */
export async function signSelective(
  credential: VerifiableCredential,
  signer: unknown,
  date: Date,
): Promise<VerifiableCredential> {
  const cryptosuite = createSignCryptosuite({ mandatoryPointers: mandatoryPointers(credential) });
  const suite = new DataIntegrityProof({ signer, cryptosuite, date });
  return vc.issue({ credential, suite, documentLoader: offlineLoader() });
}

/** The parameters of {@link deriveCredential}. */
export interface DeriveCredentialParameters {
  /** The credential with the institution's base proof, as exported with `cryptosuite: "ecdsa-sd-2023"`. */
  readonly credential: VerifiableCredential;
  /** The claims to reveal, by name (`"degree"`) or as JSON pointers under the subject (`"/credentialSubject/degree"`). */
  readonly reveal: readonly string[];
}

/** The return type of {@link deriveCredential}. */
export type DeriveCredentialReturnType = VerifiableCredential;

/**
 * The holder's side: a credential that reveals only the chosen claims (and what is always revealed: see
 * {@link mandatoryPointers}), with a derived proof any verifier checks. Needs no key and reads no chain.
 *
 * @example
 * const shown = await deriveCredential({ credential: diploma, reveal: ["name", "degree"] });
 */
export async function deriveCredential({
  credential,
  reveal,
}: DeriveCredentialParameters): Promise<DeriveCredentialReturnType> {
  if (proofSuiteOf(credential) !== SELECTIVE_DISCLOSURE_SUITE || !isBaseProof(credential)) {
    throw new InvalidInputError({
      field: "credential",
      reason: `carries no ${SELECTIVE_DISCLOSURE_SUITE} base proof of an institution to derive from`,
    });
  }
  if (!Array.isArray(reveal) || reveal.length === 0) {
    throw new InvalidInputError({ field: "reveal", reason: "names no claim to reveal" });
  }
  const always = mandatoryPointers(credential);
  const selectivePointers: string[] = [];
  reveal.forEach((claim, index) => {
    const pointer = selectivePointer(credential, always, claim, `reveal[${index}]`);
    if (selectivePointers.includes(pointer)) {
      throw new InvalidInputError({ field: `reveal[${index}]`, reason: `"${claim}" is named twice` });
    }
    selectivePointers.push(pointer);
  });
  const suite = new DataIntegrityProof({ cryptosuite: createDiscloseCryptosuite({ selectivePointers }) });
  return vc.derive({ verifiableCredential: credential, suite, documentLoader: offlineLoader() });
}

/**
 * The JSON pointer of a claim to reveal, given by name (`"degree"`) or as a pointer under the subject
 * (`"/credentialSubject/degree/level"`): it must name a value the credential carries and not one always revealed.
 */
function selectivePointer(
  credential: VerifiableCredential,
  always: readonly string[],
  claim: unknown,
  field: string,
): string {
  if (typeof claim !== "string" || claim === "" || claim === "/") {
    throw new InvalidInputError({ field, reason: "is not a claim's name or a JSON pointer" });
  }
  const pointer = claim.startsWith("/")
    ? claim
    : `/credentialSubject/${claim.replaceAll("~", "~0").replaceAll("/", "~1")}`;
  if (always.some((mandatory) => pointer === mandatory || pointer.startsWith(`${mandatory}/`))) {
    throw new InvalidInputError({
      field,
      reason: `"${claim}" is always revealed (a mandatory pointer of the base proof), so it cannot be chosen`,
    });
  }
  if (!pointer.startsWith("/credentialSubject/") || !resolves(credential, pointer)) {
    throw new InvalidInputError({ field, reason: `"${claim}" is not a claim of the credential` });
  }
  return pointer;
}

/** Whether a JSON pointer (RFC 6901) names a value of the document. */
function resolves(document: unknown, pointer: string): boolean {
  let value = document;
  for (const token of pointer.slice(1).split("/")) {
    const key = token.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return false;
    if (Array.isArray(value) && !/^(0|[1-9][0-9]*)$/.test(key)) return false;
    value = (value as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Signs a credential that is always shown whole (a status list) in `ecdsa-sd-2023`: a base proof whose mandatory
 * pointers cover every field, then the derived proof that reveals them all, which any verifier of the cryptosuite
 * checks. This is how an institution whose key is P-256 signs what it does not sign for a holder.
 */
export async function signWhole(
  credential: VerifiableCredential,
  signer: unknown,
  date: Date,
): Promise<VerifiableCredential> {
  const everything = Object.keys(credential)
    .filter((key) => key !== "@context")
    .map((key) => `/${key}`);
  const base = await vc.issue({
    credential,
    suite: new DataIntegrityProof({
      signer,
      cryptosuite: createSignCryptosuite({ mandatoryPointers: everything }),
      date,
    }),
    documentLoader: offlineLoader(),
  });
  return vc.derive({
    verifiableCredential: base,
    suite: new DataIntegrityProof({ cryptosuite: createDiscloseCryptosuite({ selectivePointers: [] }) }),
    documentLoader: offlineLoader(),
  });
}

/** The verifying cryptosuite of `ecdsa-sd-2023` (derived proofs). */
export function selectiveVerifySuite(): unknown {
  return createVerifyCryptosuite();
}

/** The cryptosuite a credential's (first) proof names, or "" when it has none. */
export function proofSuiteOf(credential: VerifiableCredential): string {
  const proof = (Array.isArray(credential.proof) ? credential.proof[0] : credential.proof) as
    Record<string, unknown> | undefined;
  return typeof proof?.cryptosuite === "string" ? proof.cryptosuite : "";
}

/**
 * Whether an `ecdsa-sd-2023` proof is the issuer's base proof (for the holder only) rather than a derived one: its
 * `proofValue` (multibase base64url, `u`) starts with the CBOR tag `0xd95d00` of a base proof (`0xd95d01` derived).
 */
export function isBaseProof(credential: VerifiableCredential): boolean {
  const proof = (Array.isArray(credential.proof) ? credential.proof[0] : credential.proof) as
    Record<string, unknown> | undefined;
  return typeof proof?.proofValue === "string" && proof.proofValue.startsWith("u2V0A");
}
