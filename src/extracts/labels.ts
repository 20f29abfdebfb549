/**
 * The words of an extract in English and German: the names of its facts, of statuses and kinds (credential kinds
 * too), of revocation and suspension reasons and filing types, of what changed since, and of a check's verdicts on
 * formats. The PDF, the commands and the portal read them from here, so
 * that they say the same.
 *
 * @module
 */
import { filingTypeName, LEGAL_FORMS, revocationReasonName } from "../vocabulary.js";
import type { Extract, FactType, FactValue } from "./canonical.js";
import type { ExtractChange } from "./check.js";
import type { ExtractKind } from "./facts.js";

/** The languages of an extract. */
export const EXTRACT_LANGUAGES = ["en", "de"] as const;
/** One of {@link EXTRACT_LANGUAGES}. */
export type ExtractLanguage = (typeof EXTRACT_LANGUAGES)[number];

const en = {
  locale: "en-GB",
  titles: { title: "Land register extract", company: "Company register extract", diploma: "Diploma certificate" },
  registers: {
    title: "Land register (PropertyRegistry)",
    company: "Company register (CompanyRegistry)",
    diploma: "Register of diplomas and credentials (DiplomaRegistry)",
  },
  credentialTitle: (kindName: string) => `Credential certificate: ${kindName}`,
  asOf: "As of block",
  blockHash: "Block hash",
  blockTime: "Block time",
  chain: "Chain",
  contract: "Register contract",
  record: "Record",
  digest: "Digest of the facts (keccak-256)",
  checkHere: "Check this extract against the chain: scan the QR code or open",
  notice:
    "This extract states what the register held at the block named above. Its QR code carries the chain, the register, the record, the block and the digest of these facts; the check recomputes them from the chain.",
  page: (page: number, pages: number) => `Page ${page} of ${pages}`,
  none: "none",
  yes: "yes",
  no: "no",
  utc: "UTC",
  groups: {
    liens: "Lien",
    pendingOffers: "Pending sale offer",
    courtOrders: "Court order",
    history: "Ownership",
    directors: "Director",
    filings: "Filing",
    institution: "Institution",
    credential: "Credential",
  } as Record<string, string>,
  facts: {
    cadastralReference: "Cadastral reference",
    parcelId: "Parcel id",
    status: "Status",
    owner: "Owner account",
    ownerSince: "Owner since",
    registeredAt: "Registered on",
    documentHash: "Document hash",
    count: "Number of entries",
    id: "Id",
    holder: "Holder",
    releasedAt: "Released on",
    consentOfferId: "Consent to the sale offer",
    buyer: "Buyer",
    token: "Payment token",
    price: "Price (smallest unit)",
    deadline: "Deadline",
    at: "On",
    from: "From",
    to: "To",
    basis: "Basis document hash",
    kind: "Kind",
    since: "Since",
    companyNumber: "Company number",
    name: "Name",
    legalForm: "Legal form (ISO 20275)",
    jurisdiction: "Jurisdiction",
    statusSince: "Status since",
    commitment: "Identity commitment",
    account: "Account",
    appointedOn: "Appointed on",
    removedOn: "Removed on",
    type: "Type",
    filedAt: "Filed on",
    institutionId: "Institution number",
    country: "Country",
    issuer: "Issuer account",
    issuedAt: "Issued on",
    accreditedAtIssuance: "Accredited when issued",
    revokedAt: "Revoked on",
    revocationReason: "Reason of revocation",
    supersededBy: "Replaced by",
    "credential.kind": "Kind of credential (its number in the register)",
    "credential.kindName": "Kind of credential",
    validFrom: "Valid from",
    expiresAt: "Expires on",
    expired: "Expired at this block",
    suspendedAt: "Suspended since",
    suspensionReason: "Reason of suspension",
    format: "Format",
    chainId: "Chain",
    contract: "Register contract",
    record: "Record",
    number: "Block",
    hash: "Block hash",
    time: "Block time",
    block: "Block",
  } as Record<string, string>,
  enums: {
    None: "unknown",
    Active: "active",
    Frozen: "frozen",
    Retired: "retired",
    Registration: "first registration",
    Sale: "sale",
    CourtOrder: "court order",
    KeyRecovery: "key recovery",
    Open: "open",
    Accepted: "accepted, paid into escrow",
    Approved: "approved",
    Incorporated: "incorporated",
    Suspended: "suspended",
    InLiquidation: "in liquidation",
    Dissolved: "dissolved",
    Valid: "valid",
    Revoked: "revoked",
    Expired: "expired",
    NotYetValid: "not yet valid",
    Accredited: "accredited",
    title: "land title",
    company: "company",
    diploma: "diploma",
  } as Record<string, string>,
  reasons: {
    IssuedInError: "issued with an error (a corrected document replaces it)",
    ObtainedByFraud: "obtained by fraud",
    WithdrawnByInstitution: "withdrawn by the institution",
    CourtDecision: "a court's decision",
    HolderRequest: "at the holder's request",
  } as Record<string, string>,
  unknownReason: (code: number) => `reason code ${code} (not in the register's vocabulary)`,
  filingTypes: {
    AnnualAccounts: "annual accounts",
    ArticlesOfAssociation: "articles of association",
    ChangeOfParticulars: "change of particulars",
    ShareholderList: "list of shareholders",
    InsolvencyNotice: "insolvency notice",
  } as Record<string, string>,
  unknownFilingType: (code: number) => `filing type ${code} (not in the register's vocabulary)`,
  changes: {
    Sale: "sold",
    CourtOrder: "moved by court order",
    KeyRecovery: "moved to the owner's new account (key recovery)",
    LienRegistered: "lien registered",
    LienReleased: "lien released",
    ConsentRecorded: "lien holder's consent to a sale recorded",
    ConsentWithdrawn: "lien holder's consent to a sale withdrawn",
    StatusChanged: "status changed",
    DocumentReplaced: "title document replaced",
    OfferPending: "sale offer pending",
    OfferClosed: "sale offer no longer pending",
    ParticularsChanged: "particulars changed",
    DirectorAppointed: "director appointed",
    DirectorRemoved: "director removed",
    DocumentFiled: "document filed",
    Revoked: "revoked",
    Superseded: "replaced by a corrected document",
    InstitutionStatusChanged: "institution's status changed",
    Suspended: "suspended",
    Reinstated: "reinstated",
    Expired: "expired",
    BecameValid: "became valid",
  } satisfies Record<ExtractChange["event"], string>,
  changeOn: (what: string, date: string) => `${what} on ${date}`,
  /** The credential kinds the register defines at deployment, by their name there; another name is shown as kept. */
  kindNames: {} as Record<string, string>,
  never: "never",
  formatNote: (format: string) =>
    `This extract was made in an older format (${format}); it states the facts that format knew.`,
  unknownFormat: (format: string, known: readonly string[]) =>
    `This extract is in the format ${format}, which this check does not know (it knows ${known.join(", ")}): its facts cannot be compared. Check it with a newer version.`,
  formatTooOld: (format: string, kindName: string) =>
    `This extract states a credential of the kind "${kindName}" in the format ${format}, which knew diplomas alone and leaves out its validity and suspension: it is not accepted. Ask for a new extract.`,
};

/** The words of one language. */
export type ExtractLabels = typeof en;

const de: ExtractLabels = {
  locale: "de-DE",
  titles: { title: "Grundbuchauszug", company: "Handelsregisterauszug", diploma: "Diplombescheinigung" },
  registers: {
    title: "Grundbuch (PropertyRegistry)",
    company: "Unternehmensregister (CompanyRegistry)",
    diploma: "Register der Diplome und Nachweise (DiplomaRegistry)",
  },
  credentialTitle: (kindName) => `Nachweisbescheinigung: ${kindName}`,
  asOf: "Stand: Block",
  blockHash: "Block-Hash",
  blockTime: "Zeit des Blocks",
  chain: "Chain",
  contract: "Registervertrag",
  record: "Eintrag",
  digest: "Prüfwert der Angaben (keccak-256)",
  checkHere: "Diesen Auszug an der Chain prüfen: QR-Code scannen oder öffnen",
  notice:
    "Dieser Auszug gibt wieder, was das Register bei dem genannten Block enthielt. Sein QR-Code trägt Chain, Register, Eintrag, Block und den Prüfwert dieser Angaben; die Prüfung berechnet sie aus der Chain neu.",
  page: (page, pages) => `Seite ${page} von ${pages}`,
  none: "keine",
  yes: "ja",
  no: "nein",
  utc: "UTC",
  groups: {
    liens: "Belastung",
    pendingOffers: "Offenes Verkaufsangebot",
    courtOrders: "Gerichtsbeschluss",
    history: "Eigentum",
    directors: "Geschäftsführung",
    filings: "Einreichung",
    institution: "Hochschule",
    credential: "Nachweis",
  },
  facts: {
    cadastralReference: "Katasterkennzeichen",
    parcelId: "Flurstücks-Id",
    status: "Status",
    owner: "Eigentümerkonto",
    ownerSince: "Eigentümer seit",
    registeredAt: "Eingetragen am",
    documentHash: "Dokument-Hash",
    count: "Anzahl der Einträge",
    id: "Nummer",
    holder: "Berechtigter",
    releasedAt: "Gelöscht am",
    consentOfferId: "Zustimmung zum Verkaufsangebot",
    buyer: "Käuferkonto",
    token: "Zahlungsmittel",
    price: "Preis (kleinste Einheit)",
    deadline: "Frist",
    at: "Am",
    from: "Von",
    to: "An",
    basis: "Hash des Grundlagendokuments",
    kind: "Art",
    since: "Seit",
    companyNumber: "Registernummer",
    name: "Name",
    legalForm: "Rechtsform (ISO 20275)",
    jurisdiction: "Rechtsordnung",
    statusSince: "Status seit",
    commitment: "Identitäts-Commitment",
    account: "Konto",
    appointedOn: "Bestellt am",
    removedOn: "Abberufen am",
    type: "Art",
    filedAt: "Eingereicht am",
    institutionId: "Nummer der Hochschule",
    country: "Land",
    issuer: "Ausstellendes Konto",
    issuedAt: "Ausgestellt am",
    accreditedAtIssuance: "Bei Ausstellung akkreditiert",
    revokedAt: "Widerrufen am",
    revocationReason: "Grund des Widerrufs",
    supersededBy: "Ersetzt durch",
    "credential.kind": "Art des Nachweises (Nummer im Register)",
    "credential.kindName": "Art des Nachweises",
    validFrom: "Gültig ab",
    expiresAt: "Läuft ab am",
    expired: "Bei diesem Block abgelaufen",
    suspendedAt: "Ausgesetzt seit",
    suspensionReason: "Grund der Aussetzung",
    format: "Format",
    chainId: "Chain",
    contract: "Registervertrag",
    record: "Eintrag",
    number: "Block",
    hash: "Block-Hash",
    time: "Zeit des Blocks",
    block: "Block",
  },
  enums: {
    None: "unbekannt",
    Active: "aktiv",
    Frozen: "gesperrt",
    Retired: "stillgelegt",
    Registration: "Ersteintragung",
    Sale: "Verkauf",
    CourtOrder: "Gerichtsbeschluss",
    KeyRecovery: "Schlüsselwiederherstellung",
    Open: "offen",
    Accepted: "angenommen, Kaufpreis hinterlegt",
    Approved: "genehmigt",
    Incorporated: "gegründet",
    Suspended: "ruhend",
    InLiquidation: "in Liquidation",
    Dissolved: "aufgelöst",
    Valid: "gültig",
    Revoked: "widerrufen",
    Expired: "abgelaufen",
    NotYetValid: "noch nicht gültig",
    Accredited: "akkreditiert",
    title: "Grundstück",
    company: "Unternehmen",
    diploma: "Diplom",
  },
  reasons: {
    IssuedInError: "fehlerhaft ausgestellt (ein berichtigtes Dokument ersetzt es)",
    ObtainedByFraud: "durch Täuschung erlangt",
    WithdrawnByInstitution: "von der Hochschule zurückgenommen",
    CourtDecision: "gerichtliche Entscheidung",
    HolderRequest: "auf Antrag der Inhaberin oder des Inhabers",
  },
  unknownReason: (code) => `Grund-Code ${code} (nicht im Vokabular des Registers)`,
  filingTypes: {
    AnnualAccounts: "Jahresabschluss",
    ArticlesOfAssociation: "Gesellschaftsvertrag",
    ChangeOfParticulars: "Änderung der Angaben",
    ShareholderList: "Gesellschafterliste",
    InsolvencyNotice: "Insolvenzbekanntmachung",
  },
  unknownFilingType: (code) => `Einreichungsart ${code} (nicht im Vokabular des Registers)`,
  changes: {
    Sale: "verkauft",
    CourtOrder: "durch Gerichtsbeschluss übertragen",
    KeyRecovery: "auf das neue Konto des Eigentümers übertragen (Schlüsselwiederherstellung)",
    LienRegistered: "Belastung eingetragen",
    LienReleased: "Belastung gelöscht",
    ConsentRecorded: "Zustimmung des Berechtigten zu einem Verkauf eingetragen",
    ConsentWithdrawn: "Zustimmung des Berechtigten zu einem Verkauf zurückgezogen",
    StatusChanged: "Status geändert",
    DocumentReplaced: "Eintragungsurkunde ersetzt",
    OfferPending: "Verkaufsangebot offen",
    OfferClosed: "Verkaufsangebot nicht mehr offen",
    ParticularsChanged: "Angaben geändert",
    DirectorAppointed: "Geschäftsführung bestellt",
    DirectorRemoved: "Geschäftsführung abberufen",
    DocumentFiled: "Dokument eingereicht",
    Revoked: "widerrufen",
    Superseded: "durch ein berichtigtes Dokument ersetzt",
    InstitutionStatusChanged: "Status der Hochschule geändert",
    Suspended: "ausgesetzt",
    Reinstated: "wieder in Kraft gesetzt",
    Expired: "abgelaufen",
    BecameValid: "gültig geworden",
  },
  changeOn: (what, date) => `${what} am ${date}`,
  kindNames: {
    Diploma: "Diplom",
    "Professional licence": "Berufszulassung",
    Permit: "Genehmigung",
    "Certificate of good standing": "Unbedenklichkeitsbescheinigung",
  },
  never: "nie",
  formatNote: (format) =>
    `Dieser Auszug wurde in einem älteren Format (${format}) erstellt; er gibt die Angaben wieder, die dieses Format kannte.`,
  unknownFormat: (format, known) =>
    `Dieser Auszug hat das Format ${format}, das diese Prüfung nicht kennt (sie kennt ${known.join(", ")}): Seine Angaben können nicht verglichen werden. Prüfen Sie ihn mit einer neueren Version.`,
  formatTooOld: (format, kindName) =>
    `Dieser Auszug gibt einen Nachweis der Art „${kindName}“ im Format ${format} wieder, das nur Diplome kannte und Gültigkeit und Aussetzung weglässt: Er wird nicht angenommen. Fordern Sie einen neuen Auszug an.`,
};

/** The words of each language. */
export const EXTRACT_LABELS: Readonly<Record<ExtractLanguage, ExtractLabels>> = { en, de };

/** A revocation reason code in plain words. */
export function reasonText(labels: ExtractLabels, code: number): string {
  const name = revocationReasonName(code);
  return name === null ? labels.unknownReason(code) : labels.reasons[name];
}

/** A filing type code in plain words. */
export function filingTypeText(labels: ExtractLabels, code: number): string {
  const name = filingTypeName(code);
  return name === null ? labels.unknownFilingType(code) : labels.filingTypes[name];
}

/** An ISO 20275 legal-form code with its name where the vocabulary has it: `GmbH (2HBR)`. */
export function legalFormText(code: string): string {
  const name = LEGAL_FORMS[code];
  return name === undefined ? code : `${name} (${code})`;
}

/** A unix time as a date and time in the language, in UTC. */
export function timeText(labels: ExtractLabels, seconds: number): string {
  const text = new Intl.DateTimeFormat(labels.locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(seconds * 1000));
  return `${text} ${labels.utc}`;
}

/** The label of a fact by its canonical name: `liens[0].holder` reads "Lien 1: Holder". */
export function factLabel(labels: ExtractLabels, name: string): string {
  const whole = labels.facts[name];
  if (whole !== undefined) return whole;
  const parts = name.split(".");
  const leaf = parts[parts.length - 1];
  const group = /^(\w+)\[(\d+)\]$/.exec(parts[0]);
  const leafLabel = labels.facts[leaf] ?? leaf;
  if (group !== null) return `${labels.groups[group[1]] ?? group[1]} ${Number(group[2]) + 1}: ${leafLabel}`;
  if (parts.length > 1 && leaf === "count") return `${labels.groups[parts[0]] ?? parts[0]}: ${leafLabel}`;
  if (parts.length > 1 && labels.groups[parts[0]] !== undefined) return `${labels.groups[parts[0]]}: ${leafLabel}`;
  return leafLabel;
}

/** A fact's value in plain words, by its type. */
export function factValueText(labels: ExtractLabels, type: FactType, value: FactValue, name = ""): string {
  if (value === null) return name === "expiresAt" ? labels.never : labels.none;
  if (type === "credentialKind" && typeof value === "string") return kindNameText(labels, value);
  if (type === "time" && typeof value === "number") return timeText(labels, value);
  if (type === "flag" && typeof value === "boolean") return value ? labels.yes : labels.no;
  if (type === "reason" && typeof value === "number") return reasonText(labels, value);
  if (type === "filing" && typeof value === "number") return filingTypeText(labels, value);
  if (type === "enum" && typeof value === "string") return labels.enums[value] ?? value;
  if (name === "legalForm" && typeof value === "string") return legalFormText(value);
  return String(value);
}

/** A change since the extract, in plain words: "sold on 7 December 2026, 09:40 UTC". */
export function changeText(labels: ExtractLabels, change: ExtractChange): string {
  let what: string = labels.changes[change.event];
  if (change.event === "StatusChanged" && change.detail !== null)
    what = `${what}: ${labels.enums[change.detail] ?? change.detail}`;
  if (change.event === "DocumentFiled" && change.detail !== null)
    what = `${what}: ${filingTypeText(labels, Number(change.detail))}`;
  const dated = change.at === null ? what : labels.changeOn(what, timeText(labels, change.at));
  const reason = /^\d+$/.test(change.detail ?? "") ? Number(change.detail) : null;
  return (change.event === "Revoked" || change.event === "Suspended") && reason !== null
    ? `${dated} (${reasonText(labels, reason)})`
    : dated;
}

/** A credential kind's name, as the register keeps it, in the language where the labels have it. */
export function kindNameText(labels: ExtractLabels, kindName: string): string {
  return labels.kindNames[kindName] ?? kindName;
}

/**
 * The title of an extract of a kind; a certificate of a credential that is not a diploma names its kind (the name the
 * register keeps for it, see {@link extractKindName}).
 */
export function extractTitle(labels: ExtractLabels, kind: ExtractKind, kindName?: string): string {
  return kind === "diploma" && kindName !== undefined && kindName !== "Diploma"
    ? labels.credentialTitle(kindNameText(labels, kindName))
    : labels.titles[kind];
}

/** The credential kind's name an extract states (`credential.kindName`), or undefined. */
export function extractKindName(extract: Pick<Extract, "facts">): string | undefined {
  const value = extract.facts.find((fact) => fact.name === "credential.kindName")?.value;
  return typeof value === "string" ? value : undefined;
}
