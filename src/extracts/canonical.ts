/**
 * The canonical form of an extract: one line per fact, in a fixed order, whose keccak-256 digest the QR code
 * carries. docs/extracts.md specifies it; a verifier that recomputes the facts at the block and gets the same text
 * knows the paper states what the register held.
 *
 * @module
 */
import { keccak256, toUtf8Bytes } from "ethers";

import { InvalidInputError } from "../errors.js";
import type { ExtractFacts, ExtractKind } from "./facts.js";
import type { ExtractBlock } from "./pinned.js";

/**
 * The formats of the canonical text, oldest first; the tag is the first line of every text. Format 2 added the
 * credential facts of a certificate (kind, validity window, expiry, suspension); titles and companies read the same in
 * both but for the tag. An extract made in an older format is checked in its own format.
 */
export const EXTRACT_FORMATS = ["egov-extract/1", "egov-extract/2"] as const;
/** One of {@link EXTRACT_FORMATS}. */
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

/** The format extracts are made in: the latest. */
export const EXTRACT_FORMAT: ExtractFormat = "egov-extract/2";

/** The facts that format 2 added to a certificate; format 1 leaves them out. */
const FORMAT_2_FACTS: ReadonlySet<string> = new Set([
  "credential.kind",
  "credential.kindName",
  "validFrom",
  "expiresAt",
  "expired",
  "suspendedAt",
  "suspensionReason",
]);

/** Whether a text names a format of {@link EXTRACT_FORMATS}. */
export function isExtractFormat(format: unknown): format is ExtractFormat {
  return (EXTRACT_FORMATS as readonly unknown[]).includes(format);
}

/**
 * The format tag a canonical text starts with (`format="egov-extract/2"`), known or not, or null when its first line
 * is no format tag.
 */
export function formatOfText(text: string): string | null {
  const match = /^format=("[^"\\\n]{1,64}")\n/.exec(text);
  return match === null ? null : (JSON.parse(match[1]) as string);
}

/** A value in the canonical form: text, a whole number, a yes/no, or null for "none". */
export type FactValue = string | number | boolean | null;

/** How a fact reads for people: the PDF and the portal format it by its type. */
export type FactType =
  "text" | "number" | "time" | "address" | "hash" | "enum" | "amount" | "flag" | "reason" | "filing" | "credentialKind";

/** One fact: its name in the canonical form, its value and its type. */
export interface Fact {
  readonly name: string;
  readonly value: FactValue;
  readonly type: FactType;
}

/** What an extract states: where and when it was read, and the facts. */
export interface Extract {
  /** The format of its canonical text. */
  readonly format: ExtractFormat;
  readonly kind: ExtractKind;
  readonly chainId: number;
  /** The address of the register's contract, lowercase. */
  readonly contract: string;
  /** The record, as {@link recordText} writes it. */
  readonly record: string;
  readonly block: ExtractBlock;
  readonly facts: readonly Fact[];
}

const lower = (value: string | null) => (value === null ? null : value.toLowerCase());

/** The facts of a record, in their canonical order, as a format states them (the latest when omitted). */
export function factList(facts: ExtractFacts, format: ExtractFormat = EXTRACT_FORMAT): Fact[] {
  const list: Fact[] = [];
  const add = (name: string, value: FactValue | bigint, type: FactType) =>
    list.push({ name, value: typeof value === "bigint" ? value.toString() : value, type });
  const history = (entries: TitleOrCompanyHistory) => {
    add("history.count", entries.length, "number");
    entries.forEach((entry, index) => {
      add(`history[${index}].kind`, entry.kind, "enum");
      add(`history[${index}].owner`, entry.owner.toLowerCase(), "address");
      add(`history[${index}].since`, entry.since, "time");
      add(`history[${index}].basis`, entry.basis.toLowerCase(), "hash");
    });
  };
  if (facts.kind === "title") {
    add("cadastralReference", facts.cadastralReference, "text");
    add("parcelId", `0x${facts.parcelId.toString(16).padStart(64, "0")}`, "hash");
    add("status", facts.status, "enum");
    add("owner", facts.owner.toLowerCase(), "address");
    add("ownerSince", facts.ownerSince, "time");
    add("registeredAt", facts.registeredAt, "time");
    add("documentHash", facts.documentHash.toLowerCase(), "hash");
    add("liens.count", facts.liens.length, "number");
    facts.liens.forEach((lien, index) => {
      const at = `liens[${index}]`;
      add(`${at}.id`, lien.lienId, "number");
      add(`${at}.holder`, lien.holder.toLowerCase(), "address");
      add(`${at}.documentHash`, lien.documentHash.toLowerCase(), "hash");
      add(`${at}.registeredAt`, lien.registeredAt, "time");
      add(`${at}.releasedAt`, lien.releasedAt, "time");
      add(`${at}.consentOfferId`, lower(lien.consentOfferId), "hash");
    });
    add("pendingOffers.count", facts.pendingOffers.length, "number");
    facts.pendingOffers.forEach((offer, index) => {
      const at = `pendingOffers[${index}]`;
      add(`${at}.id`, offer.offerId.toLowerCase(), "hash");
      add(`${at}.status`, offer.status, "enum");
      add(`${at}.buyer`, offer.buyer.toLowerCase(), "address");
      add(`${at}.token`, offer.token.toLowerCase(), "address");
      add(`${at}.price`, offer.price, "amount");
      add(`${at}.deadline`, offer.deadline, "time");
    });
    add("courtOrders.count", facts.courtOrders.length, "number");
    facts.courtOrders.forEach((order, index) => {
      const at = `courtOrders[${index}]`;
      add(`${at}.at`, order.at, "time");
      add(`${at}.from`, order.from.toLowerCase(), "address");
      add(`${at}.to`, order.to.toLowerCase(), "address");
      add(`${at}.basis`, order.basis.toLowerCase(), "hash");
    });
    history(facts.history);
  } else if (facts.kind === "company") {
    add("companyNumber", facts.companyNumber, "text");
    add("name", facts.name, "text");
    add("legalForm", facts.legalForm, "text");
    add("jurisdiction", facts.jurisdiction, "text");
    add("status", facts.status, "enum");
    add("statusSince", facts.statusSince, "time");
    add("registeredAt", facts.registeredAt, "time");
    add("owner", facts.owner.toLowerCase(), "address");
    add("ownerSince", facts.ownerSince, "time");
    add("directors.count", facts.directors.length, "number");
    facts.directors.forEach((director, index) => {
      const at = `directors[${index}]`;
      add(`${at}.commitment`, director.commitment.toLowerCase(), "hash");
      add(`${at}.account`, lower(director.account), "address");
      add(`${at}.appointedOn`, director.appointedOn, "time");
      add(`${at}.removedOn`, director.removedOn, "time");
    });
    add("filings.count", facts.filings.length, "number");
    facts.filings.forEach((filing, index) => {
      const at = `filings[${index}]`;
      add(`${at}.type`, filing.filingType, "filing");
      add(`${at}.documentHash`, filing.documentHash.toLowerCase(), "hash");
      add(`${at}.filedAt`, filing.filedAt, "time");
    });
    history(facts.history);
  } else {
    add("institutionId", facts.institutionId, "number");
    add("documentHash", facts.documentHash.toLowerCase(), "hash");
    add("status", facts.status, "enum");
    add("credential.kind", facts.credentialKind, "number");
    add("credential.kindName", facts.credentialKindName, "credentialKind");
    add("institution.name", facts.institutionName, "text");
    add("institution.country", facts.institutionCountry, "text");
    add("institution.status", facts.institutionStatus, "enum");
    add("issuer", facts.issuer.toLowerCase(), "address");
    add("issuedAt", facts.issuedAt, "time");
    add("accreditedAtIssuance", facts.accreditedAtIssuance, "flag");
    add("validFrom", facts.validFrom, "time");
    add("expiresAt", facts.expiresAt, "time");
    add("expired", facts.expired, "flag");
    add("suspendedAt", facts.suspendedAt, "time");
    add("suspensionReason", facts.suspensionReason, "reason");
    add("revokedAt", facts.revokedAt, "time");
    add("revocationReason", facts.revocationReason, "reason");
    add("supersededBy", lower(facts.supersededBy), "hash");
  }
  return format === "egov-extract/1" ? list.filter((fact) => !FORMAT_2_FACTS.has(fact.name)) : list;
}

type TitleOrCompanyHistory = readonly { kind: string; owner: string; since: number; basis: string }[];

/** The header lines of an extract: format, kind, chain, contract, record and block. */
function headerFacts(extract: Extract): Fact[] {
  return [
    { name: "format", value: extract.format, type: "text" },
    { name: "kind", value: extract.kind, type: "enum" },
    { name: "chainId", value: extract.chainId, type: "number" },
    { name: "contract", value: extract.contract.toLowerCase(), type: "address" },
    { name: "record", value: extract.record, type: "text" },
    { name: "block.number", value: extract.block.number, type: "number" },
    { name: "block.hash", value: extract.block.hash.toLowerCase(), type: "hash" },
    { name: "block.time", value: extract.block.time, type: "time" },
  ];
}

/** The canonical text of an extract: `name=value` lines, values in JSON, each line ended by a line feed. */
export function canonicalText(extract: Extract): string {
  return [...headerFacts(extract), ...extract.facts]
    .map((fact) => `${fact.name}=${JSON.stringify(fact.value)}\n`)
    .join("");
}

/** The digest of an extract: keccak-256 of its canonical text's UTF-8 bytes, lowercase hex. */
export function extractDigest(extract: Extract): string {
  return keccak256(toUtf8Bytes(canonicalText(extract)));
}

/** The digest of a canonical text as it stands. */
export function textDigest(text: string): string {
  return keccak256(toUtf8Bytes(text));
}

/** The most characters a canonical text may have: a title with a long history stays far below. */
export const MAX_CANONICAL_TEXT = 200_000;

/**
 * Reads a canonical text back into name and value pairs, in order.
 *
 * @throws `InvalidInputError` naming the line that is not `name=value` with a JSON value.
 */
export function parseCanonicalText(text: string): { readonly name: string; readonly value: FactValue }[] {
  if (text.length > MAX_CANONICAL_TEXT) {
    throw new InvalidInputError({ field: "facts", reason: `are over ${MAX_CANONICAL_TEXT} characters` });
  }
  if (!text.endsWith("\n")) throw new InvalidInputError({ field: "facts", reason: "do not end with a line feed" });
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, index) => {
      const equals = line.indexOf("=");
      if (equals <= 0) throw new InvalidInputError({ field: `facts line ${index + 1}`, reason: "is not name=value" });
      let value: unknown;
      try {
        value = JSON.parse(line.slice(equals + 1));
      } catch {
        throw new InvalidInputError({ field: `facts line ${index + 1}`, reason: "has a value that is not JSON" });
      }
      if (value !== null && !["string", "number", "boolean"].includes(typeof value)) {
        throw new InvalidInputError({
          field: `facts line ${index + 1}`,
          reason: "has a value that is not a plain one",
        });
      }
      return { name: line.slice(0, equals), value: value as FactValue };
    });
}

/** A fact whose value on paper is not the register's. */
export interface FactDifference {
  readonly name: string;
  /** What the paper states; undefined when the paper lacks the fact. */
  readonly paper: FactValue | undefined;
  /** What the register held; undefined when the register has no such fact. */
  readonly register: FactValue | undefined;
}

/** The facts two canonical texts state differently, in the register's order, then any the register lacks. */
export function compareCanonical(paperText: string, registerText: string): FactDifference[] {
  const paper = new Map(parseCanonicalText(paperText).map((fact) => [fact.name, fact.value]));
  const register = parseCanonicalText(registerText);
  const differences: FactDifference[] = [];
  for (const fact of register) {
    if (!paper.has(fact.name) || paper.get(fact.name) !== fact.value) {
      differences.push({ name: fact.name, paper: paper.get(fact.name), register: fact.value });
    }
    paper.delete(fact.name);
  }
  for (const [name, value] of paper) differences.push({ name, paper: value, register: undefined });
  return differences;
}
