/**
 * The voting identity kept in this browser: its private key sealed under a passphrase the voter chooses (PBKDF2 with
 * SHA-256, 600,000 iterations, then AES-GCM with a 256-bit key, both from the browser's Web Crypto API), its
 * commitment beside it in clear (it is public: the civil registry records it). The same sealed record is the backup
 * file; a plain identity file made by `voter new-identity` imports too.
 *
 * @module
 */

/** The format of a sealed identity, in this browser and in a backup file. */
export const SEALED_FORMAT = "egov-voting-identity-sealed/1";
/** The format of `voter new-identity`'s plain file. */
export const PLAIN_FORMAT = "egov-voting-identity/1";
/** PBKDF2 iterations: OWASP's figure for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
/** The shortest passphrase taken. */
export const MIN_PASSPHRASE = 10;

const STORAGE_KEY = "egov-voting-identity";

/** A sealed identity. */
export interface SealedIdentity {
  readonly format: typeof SEALED_FORMAT;
  /** The identity's commitment, decimal, bound to the ciphertext as additional data. */
  readonly commitment: string;
  readonly kdf: {
    readonly name: "PBKDF2";
    readonly hash: "SHA-256";
    readonly iterations: number;
    readonly salt: string;
  };
  readonly cipher: { readonly name: "AES-GCM"; readonly iv: string };
  /** The private key (Semaphore's export, base64 text), encrypted, base64. */
  readonly ciphertext: string;
}

/** The passphrase does not open the sealed identity. */
export class WrongPassphraseError extends Error {
  override name = "WrongPassphraseError";
}

/** A file that is neither a sealed identity nor an identity file, naming what is wrong. */
export class IdentityFileError extends Error {
  override name = "IdentityFileError";
}

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(passphrase), "PBKDF2", false, [
    "deriveKey",
  ]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/** Seals a private key under a passphrase. */
export async function sealIdentity(
  privateKey: string,
  commitment: string,
  passphrase: string,
): Promise<SealedIdentity> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await deriveKey(passphrase, salt, PBKDF2_ITERATIONS);
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(commitment) },
    key,
    new TextEncoder().encode(privateKey),
  );
  return {
    format: SEALED_FORMAT,
    commitment,
    kdf: { name: "PBKDF2", hash: "SHA-256", iterations: PBKDF2_ITERATIONS, salt: toBase64(salt) },
    cipher: { name: "AES-GCM", iv: toBase64(iv) },
    ciphertext: toBase64(new Uint8Array(ciphertext)),
  };
}

/** The private key of a sealed identity; throws {@link WrongPassphraseError} when the passphrase does not open it. */
export async function openIdentity(sealed: SealedIdentity, passphrase: string): Promise<string> {
  const key = await deriveKey(passphrase, fromBase64(sealed.kdf.salt), sealed.kdf.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: fromBase64(sealed.cipher.iv),
        additionalData: new TextEncoder().encode(sealed.commitment),
      },
      key,
      fromBase64(sealed.ciphertext),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new WrongPassphraseError("the passphrase does not open this voting identity");
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a parsed sealed identity, naming the first field that is wrong. */
function parseSealed(value: Record<string, unknown>): SealedIdentity {
  const { commitment, kdf, cipher, ciphertext } = value;
  if (typeof commitment !== "string" || !/^[0-9]{1,78}$/.test(commitment)) {
    throw new IdentityFileError("commitment: must be a decimal number");
  }
  if (
    !isRecord(kdf) ||
    kdf.name !== "PBKDF2" ||
    kdf.hash !== "SHA-256" ||
    typeof kdf.salt !== "string" ||
    typeof kdf.iterations !== "number" ||
    kdf.iterations < PBKDF2_ITERATIONS
  ) {
    throw new IdentityFileError(`kdf: must be PBKDF2 with SHA-256 and at least ${PBKDF2_ITERATIONS} iterations`);
  }
  if (!isRecord(cipher) || cipher.name !== "AES-GCM" || typeof cipher.iv !== "string") {
    throw new IdentityFileError("cipher: must be AES-GCM with an iv");
  }
  if (typeof ciphertext !== "string") throw new IdentityFileError("ciphertext: must be base64 text");
  return value as unknown as SealedIdentity;
}

/** What a backup or identity file holds. */
export type IdentityFile =
  | { readonly kind: "sealed"; readonly sealed: SealedIdentity }
  | { readonly kind: "plain"; readonly privateKey: string; readonly commitment: string };

/** Reads a backup file (sealed) or an identity file of `voter new-identity` (plain). */
export function parseIdentityFile(text: string): IdentityFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new IdentityFileError("the file is not JSON");
  }
  if (!isRecord(parsed)) throw new IdentityFileError("the file is not a JSON object");
  if (parsed.format === SEALED_FORMAT) return { kind: "sealed", sealed: parseSealed(parsed) };
  if (parsed.format === PLAIN_FORMAT) {
    if (typeof parsed.privateKey !== "string" || typeof parsed.commitment !== "string") {
      throw new IdentityFileError("privateKey and commitment: both must be text");
    }
    return { kind: "plain", privateKey: parsed.privateKey, commitment: parsed.commitment };
  }
  throw new IdentityFileError(`format: must be ${SEALED_FORMAT} or ${PLAIN_FORMAT}`);
}

/** The sealed identity kept in this browser, if any. */
export function storedIdentity(): SealedIdentity | undefined {
  const text = window.localStorage.getItem(STORAGE_KEY);
  if (text === null) return undefined;
  try {
    const file = parseIdentityFile(text);
    return file.kind === "sealed" ? file.sealed : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a sealed identity in this browser, replacing any other. */
export function storeIdentity(sealed: SealedIdentity): void {
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(sealed));
}

/** Removes the identity from this browser. */
export function forgetIdentity(): void {
  window.localStorage.removeItem(STORAGE_KEY);
}

/** The backup file's text. */
export function backupText(sealed: SealedIdentity): string {
  return `${JSON.stringify(sealed, null, 2)}\n`;
}
