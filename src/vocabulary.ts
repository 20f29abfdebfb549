/**
 * The suite's vocabulary, as the contracts define it: the names of every enum value (statuses, kinds of ownership
 * change), the ids the registries derive from references (parcel ids, company ids), the limits and canonical form of
 * their text fields, and the ASCII codes they store in fixed-size bytes (countries, legal forms, jurisdictions,
 * programme codes). Every other module reads these from here.
 *
 * @module
 */
import { formatUnits, getBytes, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";

/** A title's status, by its value in `IPropertyRegistry.TitleStatus`. */
export const TITLE_STATUSES = ["None", "Active", "Frozen", "Retired"] as const;
/** The name of a {@link TITLE_STATUSES} entry. */
export type TitleStatusName = (typeof TITLE_STATUSES)[number];

/** Why an owner changed, by its value in `IOwnershipRegistry.ChangeKind` (titles and companies alike). */
export const CHANGE_KINDS = ["Registration", "Sale", "CourtOrder", "KeyRecovery"] as const;
/** The name of a {@link CHANGE_KINDS} entry. */
export type ChangeKindName = (typeof CHANGE_KINDS)[number];

/** A sale offer's status, by its value in `IOwnershipTransfer.OfferStatus`. */
export const OFFER_STATUSES = [
  "None",
  "Open",
  "Accepted",
  "Approved",
  "Settled",
  "Cancelled",
  "Rejected",
  "Expired",
] as const;
/** The name of an {@link OFFER_STATUSES} entry. */
export type OfferStatusName = (typeof OFFER_STATUSES)[number];

/** An institution's status, by its value in `IDiplomaRegistry.InstitutionStatus`. */
export const INSTITUTION_STATUSES = ["None", "Accredited", "Suspended"] as const;
/** The name of an {@link INSTITUTION_STATUSES} entry. */
export type InstitutionStatusName = (typeof INSTITUTION_STATUSES)[number];

/** A credential's status (a diploma's or any kind's), by its value in `IDiplomaRegistry.DiplomaStatus`. */
export const DIPLOMA_STATUSES = ["Unknown", "Valid", "Revoked", "Suspended", "Expired", "NotYetValid"] as const;
/** The name of a {@link DIPLOMA_STATUSES} entry. */
export type DiplomaStatusName = (typeof DIPLOMA_STATUSES)[number];

/** A company's status, by its value in `ICompanyRegistry.CompanyStatus`. */
export const COMPANY_STATUSES = ["None", "Incorporated", "Active", "Suspended", "InLiquidation", "Dissolved"] as const;
/** The name of a {@link COMPANY_STATUSES} entry. */
export type CompanyStatusName = (typeof COMPANY_STATUSES)[number];

/** `ICitizenRegistry.CitizenStatus` names, numbered as the contract numbers them. */
export const CITIZEN_STATUSES = ["None", "Active", "Suspended", "MovedOut", "Deceased"] as const;
/** The name of a {@link CITIZEN_STATUSES} entry. */
export type CitizenStatusName = (typeof CITIZEN_STATUSES)[number];

/** `IElections.BallotRule` names, numbered as the contract numbers them. */
export const BALLOT_RULES = ["SingleChoice", "Approval", "Budget"] as const;
/** The name of a {@link BALLOT_RULES} entry. */
export type BallotRuleName = (typeof BALLOT_RULES)[number];

/** `IElections.PollState` names, numbered as the contract numbers them. */
export const POLL_STATES = ["None", "Review", "Open", "Ended", "Closed", "Cancelled"] as const;
/** The name of a {@link POLL_STATES} entry. */
export type PollStateName = (typeof POLL_STATES)[number];

/** A citizen's eligibility flags by name, as `ICitizenRegistry` defines the bits. */
export const FLAG_BITS = { adult: 1, resident: 2, national: 4 } as const;

/** The names of a set of eligibility flags ({@link FLAG_BITS}), `adult,resident`, or `none`. */
export function flagNames(flags: number | bigint): string {
  const names = Object.entries(FLAG_BITS)
    .filter(([, bit]) => (Number(flags) & bit) !== 0)
    .map(([name]) => name);
  return names.length === 0 ? "none" : names.join(",");
}

/**
 * A Semaphore identity commitment (a voting commitment) for people and JSON alike: in decimal, as
 * `@semaphore-protocol` prints it and as `voter create` gives it to the civil registry.
 */
export function commitmentText(commitment: bigint): string {
  return commitment.toString();
}

/** The value names of each of the suite's Solidity enums, by the enum's type name in the ABI's `internalType`. */
export const ENUM_VALUES = {
  TitleStatus: TITLE_STATUSES,
  ChangeKind: CHANGE_KINDS,
  OfferStatus: OFFER_STATUSES,
  InstitutionStatus: INSTITUTION_STATUSES,
  DiplomaStatus: DIPLOMA_STATUSES,
  CompanyStatus: COMPANY_STATUSES,
  CitizenStatus: CITIZEN_STATUSES,
  BallotRule: BALLOT_RULES,
  PollState: POLL_STATES,
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** The name of one of the suite's Solidity enums. */
export type EnumName = keyof typeof ENUM_VALUES;

/** An enum's values by name, numbered as the contract numbers them, as `bigint`s (what ethers returns for them). */
export type NumberedEnum<NamesT extends readonly string[]> = { readonly [NameT in NamesT[number]]: bigint };

function numbered<const NamesT extends readonly string[]>(names: NamesT): NumberedEnum<NamesT> {
  return Object.freeze(Object.fromEntries(names.map((name, index) => [name, BigInt(index)]))) as NumberedEnum<NamesT>;
}

/** `IPropertyRegistry.TitleStatus` values by name: `TitleStatus.Active === 1n`. */
export const TitleStatus = numbered(TITLE_STATUSES);
/** `IOwnershipRegistry.ChangeKind` values by name. */
export const ChangeKind = numbered(CHANGE_KINDS);
/** `IOwnershipTransfer.OfferStatus` values by name. */
export const OfferStatus = numbered(OFFER_STATUSES);
/** `IDiplomaRegistry.InstitutionStatus` values by name. */
export const InstitutionStatus = numbered(INSTITUTION_STATUSES);
/** `IDiplomaRegistry.DiplomaStatus` values by name. */
export const DiplomaStatus = numbered(DIPLOMA_STATUSES);
/** `ICompanyRegistry.CompanyStatus` values by name. */
export const CompanyStatus = numbered(COMPANY_STATUSES);

/** The parameters of {@link parcelIdOf}. */
export interface ParcelIdOfParameters {
  /** The parcel's cadastral reference, exactly as registered. */
  readonly cadastralReference: string;
}

/** The return type of {@link parcelIdOf}. */
export type ParcelIdOfReturnType = bigint;

/**
 * The parcel id of a cadastral reference: `uint256(keccak256(bytes(reference)))`, as `PropertyRegistry.parcelIdOf`
 * computes it.
 */
export function parcelIdOf({ cadastralReference }: ParcelIdOfParameters): ParcelIdOfReturnType {
  return BigInt(keccak256(toUtf8Bytes(cadastralReference)));
}

/** The parameters of {@link companyIdOf}. */
export interface CompanyIdOfParameters {
  /** The company number, exactly as registered. */
  readonly companyNumber: string;
}

/** The return type of {@link companyIdOf}. */
export type CompanyIdOfReturnType = bigint;

/**
 * The company id of a company number: `uint256(keccak256(bytes(companyNumber)))`, as `CompanyRegistry.companyIdOf`
 * computes it.
 */
export function companyIdOf({ companyNumber }: CompanyIdOfParameters): CompanyIdOfReturnType {
  return BigInt(keccak256(toUtf8Bytes(companyNumber)));
}

/**
 * The most bytes (UTF-8) the registries accept in a text field, as `contracts/common/Text.sol` enforces them:
 * `reference` for a cadastral reference or a company number, `uri` for a metadata or base URI, `name` for a company
 * or institution name.
 */
export const TEXT_LIMITS = { reference: 64, uri: 512, name: 256 } as const;

/** A kind of text field, with its own limit and characters. */
export type TextKind = keyof typeof TEXT_LIMITS;

/**
 * The canonical form of a reference (a cadastral reference, a company number), the only one the registries accept:
 * ASCII letters in upper case, no space at either end, one space where several stand. `ut-1` and `UT-1` are one
 * parcel: commands send `normalizeReference(input)`, and a lookup by reference normalises the same way.
 */
export function normalizeReference(reference: string): string {
  return reference
    .trim()
    .replace(/ {2,}/g, " ")
    .replace(/[a-z]/g, (letter) => letter.toUpperCase());
}

/**
 * Why `text` breaks the rules the registries apply to a text field of `kind`, or null when it keeps them: the same
 * test as `Text.sol`, byte by byte on its UTF-8 encoding, so that a command can refuse it before sending. A reference
 * is printable ASCII in canonical form (see {@link normalizeReference}); a URI printable ASCII without spaces; a name
 * any text without control characters, no space at either end nor two in a row, no invisible or bidirectional format
 * character anywhere and no no-break or other wide space at either end (so that two names cannot look the same). Emptiness is checked by each field's
 * own rule (a reference and a name must not be empty, a URI may).
 */
export function textProblem(kind: TextKind, text: string): string | null {
  if (/\p{Cs}/u.test(text)) return "is not well-formed text (a lone surrogate)";
  const bytes = toUtf8Bytes(text);
  if (bytes.length > TEXT_LIMITS[kind]) return `is ${bytes.length} bytes long, over the ${TEXT_LIMITS[kind]} allowed`;
  for (let i = 0; i < bytes.length; ++i) {
    const c = bytes[i]!;
    const where = `at byte ${i}`;
    if (c === 0x20) {
      if (kind === "uri") return `holds a space ${where} (a URI percent-encodes spaces)`;
      if (i === 0 || i === bytes.length - 1) return `starts or ends with a space`;
      if (bytes[i - 1] === 0x20) return `holds two spaces in a row ${where}`;
    } else if (c < 0x20 || c === 0x7f) {
      return `holds a control character ${where}`;
    } else if (kind !== "name" && c > 0x7e) {
      return `holds a character outside printable ASCII ${where}`;
    } else if (kind === "reference" && c >= 0x61 && c <= 0x7a) {
      return `holds a lower-case letter ${where} (references are upper case: ${normalizeReference(text)})`;
    }
  }
  return kind === "name" ? hiddenCharacterProblem(text) : null;
}

/** Invisible and bidirectional format characters, and the C1 controls: refused anywhere in a name. */
const HIDDEN = /[\u0080-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** White space beyond ASCII (no-break and typographic spaces): refused at either end of a name. */
const WIDE_SPACE = /[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/**
 * Why a name would look like another, or null: a hidden character anywhere, or wide white space at either end, as
 * `Text.firstHiddenCharacter` refuses them, with the byte where the character starts.
 */
function hiddenCharacterProblem(text: string): string | null {
  const characters = [...text];
  let position = 0;
  for (const [index, character] of characters.entries()) {
    const atEnd = index === 0 || index === characters.length - 1;
    const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
    if (HIDDEN.test(character)) {
      return `holds an invisible or bidirectional format character ${codePoint} at byte ${position}`;
    }
    if (atEnd && WIDE_SPACE.test(character)) {
      return `starts or ends with a no-break or other wide space ${codePoint} at byte ${position}`;
    }
    position += toUtf8Bytes(character).length;
  }
  return null;
}

/**
 * An ASCII code (a country, a legal form, a jurisdiction) read back from the zero-padded bytes the registries store.
 */
export function asciiText(code: string): string {
  return String.fromCharCode(...getBytes(code)).replace(/\0+$/, "");
}

/**
 * A programme code for people: the text when the `bytes32` is a zero-padded short printable text (an ISCED-F code,
 * a local code), else the hex as stored.
 */
export function programmeText(code: string): string {
  const bytes = getBytes(code);
  const end = bytes.indexOf(0);
  const text = bytes.subarray(0, end === -1 ? bytes.length : end);
  const printable = text.length > 0 && text.every((byte) => byte >= 0x20 && byte <= 0x7e);
  return printable && bytes.subarray(text.length).every((byte) => byte === 0) ? String.fromCharCode(...text) : code;
}

/** A time as the registries store it (unix seconds, 0 for "never"), as the SDK returns it: a number, or null. */
export function timeOrNull(value: bigint | number): number | null {
  return Number(value) === 0 ? null : Number(value);
}

/**
 * A duration in seconds for people, in days, hours, minutes and seconds: `3 days`, `1 day 6 hours`, `90 seconds` as
 * `1 minute 30 seconds`, `0 seconds`.
 */
export function durationText(seconds: bigint | number): string {
  let rest = Number(seconds);
  if (rest === 0) return "0 seconds";
  const parts: string[] = [];
  for (const [unit, size] of [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
    ["second", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? "" : "s"}`);
  }
  return parts.join(" ");
}

/** A time as the registries store it (unix seconds) for people: an ISO 8601 date-time in UTC. */
export function isoTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString();
}

/**
 * The revocation and suspension reasons of the diploma and credential registers, by their code (the `reason` of
 * `revoke`, `reissue` and `revokeInBatch`). The registry stores the code alone; commands, extracts and the portal say
 * what it means from this table, and name a code outside it as such.
 */
export const REVOCATION_REASONS = {
  1: "IssuedInError",
  2: "ObtainedByFraud",
  3: "WithdrawnByInstitution",
  4: "CourtDecision",
  5: "HolderRequest",
} as const satisfies Readonly<Record<number, string>>;
/** The name of a {@link REVOCATION_REASONS} entry. */
export type RevocationReasonName = (typeof REVOCATION_REASONS)[keyof typeof REVOCATION_REASONS];

/** The name of a revocation reason code, or null for a code outside {@link REVOCATION_REASONS}. */
export function revocationReasonName(code: number): RevocationReasonName | null {
  return (REVOCATION_REASONS as Readonly<Record<number, RevocationReasonName>>)[code] ?? null;
}

/** A revocation or suspension reason code for people: `WithdrawnByInstitution (3)`, or `7 (not a listed reason)`. */
export function revocationReasonText(code: number | bigint): string {
  const name = revocationReasonName(Number(code));
  return name === null ? `${code} (not a listed reason)` : `${name} (${code})`;
}

/** The filing types of the company register, by their code (`ICompanyRegistry.Filing.filingType`). */
export const FILING_TYPES = {
  1: "AnnualAccounts",
  2: "ArticlesOfAssociation",
  3: "ChangeOfParticulars",
  4: "ShareholderList",
  5: "InsolvencyNotice",
} as const satisfies Readonly<Record<number, string>>;
/** The name of a {@link FILING_TYPES} entry. */
export type FilingTypeName = (typeof FILING_TYPES)[keyof typeof FILING_TYPES];

/** The name of a filing type code, or null for a code outside {@link FILING_TYPES}. */
export function filingTypeName(code: number): FilingTypeName | null {
  return (FILING_TYPES as Readonly<Record<number, FilingTypeName>>)[code] ?? null;
}

/** A filing type code for people: `AnnualAccounts (1)`, or `9 (not a listed filing type)`. */
export function filingTypeText(code: number | bigint): string {
  const name = filingTypeName(Number(code));
  return name === null ? `${code} (not a listed filing type)` : `${name} (${code})`;
}

/**
 * Common ISO 20275 legal-form codes (ELF) with the form's name in its own jurisdiction; a code outside the table is
 * shown as stored.
 */
export const LEGAL_FORMS: Readonly<Record<string, string>> = {
  "2HBR": "GmbH",
  "6QQB": "AG",
  "8888": "a legal form not yet in ISO 20275",
};

/** An ERC-20 token's display unit: its symbol and decimals. */
export interface TokenUnit {
  readonly symbol: string;
  readonly decimals: number;
}

/**
 * An amount in decimal with its unit: the native coin (the zero address as token) in ETH; an ERC-20 amount in its
 * token's unit when known, else in the token's smallest unit, naming the token.
 */
export function amountText(amount: bigint, token: string = ZeroAddress, unit?: TokenUnit): string {
  if (token === ZeroAddress) return `${formatUnits(amount, 18)} ETH`;
  if (unit !== undefined) return `${formatUnits(amount, unit.decimals)} ${unit.symbol}`;
  return `${amount} smallest units of token ${token}`;
}
