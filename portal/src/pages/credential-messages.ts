/**
 * The credential check's texts, in English and German, beside the page's catalogue (which holds the navigation's
 * words). The verification's own sentences (`verifyCredential`'s checks) are in English; each check's name and
 * answer are here in both languages.
 *
 * @module
 */
import type { CredentialCheckName } from "../../../src/credentials/index.js";
import type { Language } from "../messages.js";

const en = {
  intro:
    "Check a Verifiable Credential (a diploma, a licence, a permit or a certificate exported from the register): its signature, the institution's key, its accreditation, its status and its validity, each against the chain. The credential stays in this browser.",
  textLabel: "Credential (JSON)",
  textHint: "Paste the credential's JSON here, or choose or drop its file below.",
  fileLabel: "Credential file",
  fileHint: "A .json file as the institution or the holder's wallet gave it.",
  dropHint: "You can also drop the file anywhere in this box.",
  verifyButton: "Verify",
  empty: "Paste a credential or choose its file first.",
  tooLarge: (max: string) => `This is over ${max}; no credential is that large.`,
  notJson: (reason: string) => `This is not JSON: ${reason}.`,
  notObject: "This is JSON, but not a credential: a credential is a JSON object with a proof.",
  verifying: "Checking the signature and reading the chain…",
  valid: "This credential is valid.",
  invalid: "This credential does not verify.",
  failedCount: (failed: number, total: number) =>
    failed === 1 ? `1 of ${total} checks failed.` : `${failed} of ${total} checks failed.`,
  checksHeading: "What was checked",
  passed: "passed",
  failed: "failed",
  checkNames: {
    record: "Record on the chain",
    proof: "Signature",
    key: "Institution's signing key",
    accreditation: "Accreditation",
    status: "Revocation and suspension",
    validity: "Validity period",
  } satisfies Record<CredentialCheckName, string>,
  recordHeading: "The record on the chain",
  kind: "Kind",
  institution: "Institution",
  issuedAt: "Recorded",
  validFrom: "Valid from",
  expiresAt: "Valid until",
  noExpiry: "does not expire",
  chainStatus: "Status on the chain",
  statuses: {
    Unknown: "unknown",
    Valid: "valid",
    Revoked: "revoked",
    Suspended: "suspended",
    Expired: "expired",
    NotYetValid: "not yet valid",
  } as Record<string, string>,
  holderClaims: "Claims shown",
  selectiveNote: "The holder chose which claims to show; the signature covers exactly these.",
};

/** The credential check's texts. */
export type CredentialMessages = typeof en;

const de: CredentialMessages = {
  intro:
    "Einen Verifiable Credential prüfen (ein Diplom, eine Zulassung, eine Genehmigung oder eine Bescheinigung aus dem Register): Signatur, Schlüssel der Einrichtung, Akkreditierung, Status und Gültigkeit, jeweils an der Blockchain. Der Nachweis bleibt in diesem Browser.",
  textLabel: "Nachweis (JSON)",
  textHint:
    "Fügen Sie das JSON des Nachweises hier ein, oder wählen Sie die Datei unten aus oder ziehen Sie sie hinein.",
  fileLabel: "Nachweisdatei",
  fileHint: "Eine .json-Datei, wie die Einrichtung oder die Wallet der Inhaberin sie ausgegeben hat.",
  dropHint: "Sie können die Datei auch in dieses Feld ziehen.",
  verifyButton: "Prüfen",
  empty: "Fügen Sie zuerst einen Nachweis ein oder wählen Sie seine Datei.",
  tooLarge: (max: string) => `Das ist größer als ${max}; kein Nachweis ist so groß.`,
  notJson: (reason: string) => `Das ist kein JSON: ${reason}.`,
  notObject: "Das ist JSON, aber kein Nachweis: Ein Nachweis ist ein JSON-Objekt mit einem Beweis (proof).",
  verifying: "Signatur wird geprüft und die Blockchain gelesen…",
  valid: "Dieser Nachweis ist gültig.",
  invalid: "Dieser Nachweis besteht die Prüfung nicht.",
  failedCount: (failed: number, total: number) =>
    failed === 1
      ? `1 von ${total} Prüfungen ist fehlgeschlagen.`
      : `${failed} von ${total} Prüfungen sind fehlgeschlagen.`,
  checksHeading: "Was geprüft wurde",
  passed: "bestanden",
  failed: "nicht bestanden",
  checkNames: {
    record: "Eintrag in der Blockchain",
    proof: "Signatur",
    key: "Signaturschlüssel der Einrichtung",
    accreditation: "Akkreditierung",
    status: "Widerruf und Aussetzung",
    validity: "Gültigkeitszeitraum",
  },
  recordHeading: "Der Eintrag in der Blockchain",
  kind: "Art",
  institution: "Einrichtung",
  issuedAt: "Eingetragen",
  validFrom: "Gültig ab",
  expiresAt: "Gültig bis",
  noExpiry: "läuft nicht ab",
  chainStatus: "Status in der Blockchain",
  statuses: {
    Unknown: "unbekannt",
    Valid: "gültig",
    Revoked: "widerrufen",
    Suspended: "ausgesetzt",
    Expired: "abgelaufen",
    NotYetValid: "noch nicht gültig",
  },
  holderClaims: "Gezeigte Angaben",
  selectiveNote: "Die Inhaberin hat gewählt, welche Angaben sie zeigt; die Signatur deckt genau diese.",
};

/** The credential check's texts in each language. */
export const CREDENTIAL_MESSAGES: Readonly<Record<Language, CredentialMessages>> = { en, de };
