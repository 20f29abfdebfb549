/**
 * Verifies a Verifiable Credential exported from the registry, in Node or a browser: the Data Integrity proof with
 * `@digitalbazaar/vc` (contexts loaded offline, the key resolved from the chain), the key's ownership by the issuing
 * institution when the credential was signed, the record on chain, the institution's accreditation for the kind, the
 * status (revoked, suspended) and the validity window. Each check is answered in plain words. A credential derived
 * for selective disclosure (`ecdsa-sd-2023`) is verified the same way, its key read from the chain as a P-256 key.
 *
 * @module
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import * as bsl from "@digitalbazaar/vc-bitstring-status-list";
import { getAddress } from "ethers";

import { EgovError } from "../errors.js";
import { CONTROLLER_CONTEXT, offlineLoader } from "./contexts.js";
import {
  isBaseProof,
  p256MultikeyDocument,
  proofSuiteOf,
  SELECTIVE_DISCLOSURE_SUITE,
  selectiveVerifySuite,
} from "./disclosure.js";
import type { VerifiableCredential } from "./export.js";
import { type IssuerReference, issuerId, keyId, parseIssuerId, parseKeyId } from "./identifiers.js";
import { multikeyDocument, publishedKey } from "./keys.js";
import { type ChainRecord, readRecord, registryLocation, type CredentialSuite } from "./record.js";

/** The name of one check of {@link verifyCredential}. */
export type CredentialCheckName = "record" | "proof" | "key" | "accreditation" | "status" | "validity";

/** One check and its answer in plain words. */
export interface CredentialCheck {
  readonly check: CredentialCheckName;
  readonly passed: boolean;
  readonly message: string;
}

/** The parameters of {@link verifyCredential}. */
export interface VerifyCredentialParameters {
  readonly suite: CredentialSuite;
  /** The credential as JSON (parsed). */
  readonly credential: VerifiableCredential;
  /** The time to judge the validity window at; the chain's latest block time when omitted. */
  readonly now?: Date;
}

/** The return type of {@link verifyCredential}. */
export interface VerifyCredentialReturnType {
  /** Every check passed. */
  readonly verified: boolean;
  readonly checks: readonly CredentialCheck[];
  /** The record on chain, or null when the credential names none the chain knows. */
  readonly record: ChainRecord | null;
}

interface RegistryRecordClaim {
  readonly chainId: number;
  readonly registry: string;
  readonly institutionId: number;
  readonly kind: number;
  readonly documentHash: string;
  readonly batchRoot?: string;
  readonly statusIndex?: number;
  readonly holderCommitment?: string;
  readonly merkleProof?: readonly string[];
}

/**
 * Verifies an exported credential against the chain. Never throws for a bad credential: each refusal is a failed
 * check with its reason.
 *
 * @example
 * const { verified, checks } = await verifyCredential({ suite, credential: JSON.parse(text) });
 * for (const { check, passed, message } of checks) console.log(passed ? "ok  " : "NO  ", check, message);
 */
export async function verifyCredential(parameters: VerifyCredentialParameters): Promise<VerifyCredentialReturnType> {
  const { suite, credential } = parameters;
  const checks: CredentialCheck[] = [];
  const done = (record: ChainRecord | null) => ({ verified: checks.every((c) => c.passed), checks, record });
  const refuse = (check: CredentialCheckName, message: string) => {
    checks.push({ check, passed: false, message });
    return done(null);
  };

  const location = await registryLocation(suite);
  const claimed = registryRecordOf(credential);
  const issuerText = issuerText_(credential);
  let issuer: IssuerReference;
  try {
    issuer = parseIssuerId("issuer", issuerText);
  } catch (error) {
    return refuse("record", `The issuer is not an institution of this registry: ${(error as Error).message}.`);
  }
  if (
    claimed === null ||
    issuer.chainId !== location.chainId ||
    getAddress(issuer.registry) !== getAddress(location.registry) ||
    claimed.institutionId !== issuer.institutionId
  ) {
    return refuse(
      "record",
      `The credential does not name a record of this registry (chain ${location.chainId}, ${location.registry}).`,
    );
  }
  const record = await readRecord(suite, {
    institutionId: issuer.institutionId,
    documentHash: claimed.documentHash,
    batch:
      claimed.batchRoot === undefined
        ? undefined
        : {
            root: claimed.batchRoot,
            holderCommitment: claimed.holderCommitment ?? "",
            statusIndex: claimed.statusIndex ?? -1,
            proof: claimed.merkleProof ?? [],
          },
  });
  if (record === null) {
    return refuse("record", `Institution ${issuer.institutionId} recorded no such credential on chain.`);
  }
  if (record.kind !== claimed.kind) {
    checks.push({
      check: "record",
      passed: false,
      message: `The credential claims kind ${claimed.kind}, but the chain records a ${record.kindName} (kind ${record.kind}).`,
    });
  } else {
    checks.push({
      check: "record",
      passed: true,
      message: `The chain records this ${record.kindName} of ${record.institutionName}, issued ${iso(record.issuedAt)}.`,
    });
  }

  checks.push(await proofCheck(suite, credential, issuer));
  checks.push(await keyCheck(suite, credential, issuer));
  checks.push(
    record.accreditedAtIssuance
      ? {
          check: "accreditation",
          passed: true,
          message: `${record.institutionName} was accredited for ${record.kindName} credentials when it issued this one.`,
        }
      : {
          check: "accreditation",
          passed: false,
          message: `${record.institutionName} was not accredited for ${record.kindName} credentials when it issued this one.`,
        },
  );
  checks.push(statusCheck(record));
  checks.push(validityCheck(record, credential, parameters.now ?? (await chainNow(suite))));
  return done(record);
}

/** The proof, checked with `@digitalbazaar/vc`; the key document comes from the chain, never from the network. */
async function proofCheck(
  suite: CredentialSuite,
  credential: VerifiableCredential,
  issuer: IssuerReference,
): Promise<CredentialCheck> {
  const selective = proofSuiteOf(credential) === SELECTIVE_DISCLOSURE_SUITE;
  if (selective && isBaseProof(credential)) {
    return {
      check: "proof",
      passed: false,
      message:
        "This is the holder's copy with the institution's base proof: the holder shows a credential derived from it, revealing the claims they choose, and that one is verified.",
    };
  }
  const documentLoader = offlineLoader(async (url) => resolveFromChain(suite, issuer, url, selective));
  const validFrom = typeof credential.validFrom === "string" ? new Date(credential.validFrom) : undefined;
  try {
    const result = await vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite: selective ? selectiveVerifySuite() : cryptosuite }),
      documentLoader,
      // The status and the validity window are judged from the chain below, each with its own answer.
      checkStatus: async () => ({ verified: true }),
      ...(validFrom === undefined || Number.isNaN(validFrom.getTime()) ? {} : { now: validFrom }),
    });
    if (result.verified) {
      return {
        check: "proof",
        passed: true,
        message: selective
          ? "The signature is valid: every claim shown is as the institution signed it (the holder chose to show only these)."
          : "The signature is valid: no claim was changed since it was signed.",
      };
    }
    return { check: "proof", passed: false, message: `The signature does not hold: ${sentence(reasonOf(result))}.` };
  } catch (error) {
    return {
      check: "proof",
      passed: false,
      message: `The signature could not be checked: ${sentence((error as Error).message)}.`,
    };
  }
}

/** Whether the proof's key was the institution's on chain when the credential was signed, and not compromised. */
async function keyCheck(
  suite: CredentialSuite,
  credential: VerifiableCredential,
  issuer: IssuerReference,
): Promise<CredentialCheck> {
  const proof = (Array.isArray(credential.proof) ? credential.proof[0] : credential.proof) as
    Record<string, unknown> | undefined;
  const method = typeof proof?.verificationMethod === "string" ? proof.verificationMethod : "";
  const created = typeof proof?.created === "string" ? Date.parse(proof.created) / 1000 : Number.NaN;
  let reference;
  try {
    reference = parseKeyId("verificationMethod", method);
  } catch {
    return {
      check: "key",
      passed: false,
      message: `The credential is signed with "${method}", which is no institution's key on this registry.`,
    };
  }
  if (issuerId(reference) !== issuerId(issuer)) {
    return {
      check: "key",
      passed: false,
      message: `The credential is signed with a key of institution ${reference.institutionId}, not of its issuer (institution ${issuer.institutionId}).`,
    };
  }
  const key = await publishedKey(suite, issuer.institutionId, reference.keyIndex);
  if (key === null) {
    return {
      check: "key",
      passed: false,
      message: `Institution ${issuer.institutionId} never published key ${reference.keyIndex}.`,
    };
  }
  if (Number.isNaN(created) || created < key.validFrom || (key.validUntil !== null && created > key.validUntil)) {
    return {
      check: "key",
      passed: false,
      message: `Key ${reference.keyIndex} was not institution ${issuer.institutionId}'s signing key when the credential says it was signed.`,
    };
  }
  if (key.compromisedFrom !== null && created >= key.compromisedFrom) {
    return {
      check: "key",
      passed: false,
      message: `Key ${reference.keyIndex} was marked compromised from ${iso(key.compromisedFrom)}, before this signature.`,
    };
  }
  return {
    check: "key",
    passed: true,
    message: `Key ${reference.keyIndex} was institution ${issuer.institutionId}'s published signing key when the credential was signed.`,
  };
}

function statusCheck(record: ChainRecord): CredentialCheck {
  if (record.status === "Revoked")
    return { check: "status", passed: false, message: `The ${record.kindName} is revoked.` };
  if (record.status === "Suspended")
    return { check: "status", passed: false, message: `The ${record.kindName} is suspended.` };
  return { check: "status", passed: true, message: `The ${record.kindName} is neither revoked nor suspended.` };
}

function validityCheck(record: ChainRecord, credential: VerifiableCredential, now: Date): CredentialCheck {
  const at = Math.floor(now.getTime() / 1000);
  if (record.expiresAt !== null && at >= record.expiresAt) {
    return { check: "validity", passed: false, message: `The ${record.kindName} expired on ${iso(record.expiresAt)}.` };
  }
  if (at < record.validFrom) {
    return {
      check: "validity",
      passed: false,
      message: `The ${record.kindName} is valid only from ${iso(record.validFrom)}.`,
    };
  }
  const until = typeof credential.validUntil === "string" ? Date.parse(credential.validUntil) / 1000 : null;
  if ((until ?? null) !== record.expiresAt) {
    return {
      check: "validity",
      passed: false,
      message: "The credential's validity window differs from the one on chain.",
    };
  }
  return {
    check: "validity",
    passed: true,
    message:
      record.expiresAt === null
        ? `The ${record.kindName} does not expire.`
        : `The ${record.kindName} is valid until ${iso(record.expiresAt)}.`,
  };
}

/**
 * The Multikey and controller documents of the issuer's keys, from the chain: Ed25519 keys, or P-256 keys (`p256`)
 * for an `ecdsa-sd-2023` proof.
 */
async function resolveFromChain(
  suite: CredentialSuite,
  issuer: IssuerReference,
  url: string,
  p256 = false,
): Promise<unknown | undefined> {
  const controller = issuerId(issuer);
  if (url === controller) {
    const count = Number(await suite.diplomaRegistry.signingKeyCount(issuer.institutionId));
    const ids = Array.from({ length: count }, (_, keyIndex) => keyId({ ...issuer, keyIndex }));
    return { "@context": [CONTROLLER_CONTEXT], id: controller, assertionMethod: ids };
  }
  if (!url.startsWith(`${controller}#key-`)) return undefined;
  const key = await publishedKey(suite, issuer.institutionId, Number(url.slice(controller.length + 5)));
  if (key === null) return undefined;
  return p256 ? p256MultikeyDocument(issuer, key) : multikeyDocument(issuer, key);
}

/** The parameters of {@link checkStatusLists}. */
export interface CheckStatusListsParameters {
  readonly suite: CredentialSuite;
  readonly credential: VerifiableCredential;
  /** The institution's status list credentials by their url, as hosted. */
  readonly lists: ReadonlyMap<string, VerifiableCredential>;
}

/**
 * What a verifier that reads the hosted status lists (not the chain) concludes, each list's signature checked with
 * the institution's keys from the chain (Ed25519 for an `eddsa-rdfc-2022` list, P-256 for an `ecdsa-sd-2023` one):
 * `true` for each purpose whose bit is set.
 */
export async function checkStatusLists({
  suite,
  credential,
  lists,
}: CheckStatusListsParameters): Promise<{ revoked: boolean; suspended: boolean }> {
  const issuer = parseIssuerId("issuer", issuerText_(credential));
  const entries = (
    Array.isArray(credential.credentialStatus) ? credential.credentialStatus : [credential.credentialStatus]
  ) as Record<string, unknown>[];
  const result = { revoked: false, suspended: false };
  for (const entry of entries) {
    const list = lists.get(String(entry.statusListCredential));
    if (list === undefined) throw new EgovError(`status list ${String(entry.statusListCredential)} is not given`);
    // A list signed with a P-256 key carries an `ecdsa-sd-2023` proof that reveals every field; its key is read
    // from the chain as a P-256 key.
    const p256 = proofSuiteOf(list) === SELECTIVE_DISCLOSURE_SUITE;
    const check = await bsl.checkStatus({
      credential: { ...credential, credentialStatus: entry },
      documentLoader: offlineLoader(async (url) => lists.get(url) ?? resolveFromChain(suite, issuer, url, p256)),
      suite: new DataIntegrityProof({ cryptosuite: p256 ? selectiveVerifySuite() : cryptosuite }),
    });
    if (!check.verified)
      throw new EgovError(`status list ${String(entry.statusListCredential)} does not verify`, {
        details: check.error?.message,
      });
    const { encodedList } = list.credentialSubject as { encodedList: string };
    const set = (await bsl.decodeList({ encodedList })).getStatus(Number(entry.statusListIndex));
    if (entry.statusPurpose === "revocation") result.revoked = set;
    if (entry.statusPurpose === "suspension") result.suspended = set;
  }
  return result;
}

function registryRecordOf(credential: VerifiableCredential): RegistryRecordClaim | null {
  const value = credential.registryRecord as Record<string, unknown> | undefined;
  if (typeof value !== "object" || value === null) return null;
  if (
    typeof value.documentHash !== "string" ||
    typeof value.institutionId !== "number" ||
    typeof value.kind !== "number"
  )
    return null;
  return value as unknown as RegistryRecordClaim;
}

function issuerText_(credential: VerifiableCredential): string {
  const issuer = credential.issuer as string | { id?: unknown } | undefined;
  return typeof issuer === "string" ? issuer : typeof issuer?.id === "string" ? issuer.id : "";
}

function reasonOf(result: vc.VerifyResult): string {
  const inner = result.results?.find((r) => !r.verified)?.error?.message;
  const errors = result.error?.errors?.map((e) => e.message).filter((m) => m !== undefined);
  return (
    inner ??
    (errors !== undefined && errors.length > 0 ? errors.join("; ") : (result.error?.message ?? "unknown reason"))
  );
}

/** A library's message inside a sentence of ours: without its own final period. */
function sentence(message: string): string {
  return message.replace(/\.+$/, "");
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
}

async function chainNow(suite: CredentialSuite): Promise<Date> {
  return new Date(Number((await suite.runner.provider!.getBlock("latest"))!.timestamp) * 1000);
}
