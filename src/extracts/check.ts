/**
 * Making an extract as of a block, and checking one: the facts are read again at the block the QR code names and
 * compared with the paper, and what changed since is said from the facts read at the latest block.
 *
 * @module
 */
import type { Provider } from "ethers";

import type { SuiteDeployment } from "../deployment.js";
import { InvalidInputError, RecordNotFoundError } from "../errors.js";
import {
  canonicalText,
  compareCanonical,
  type Extract,
  EXTRACT_FORMAT,
  EXTRACT_FORMATS,
  extractDigest,
  type ExtractFormat,
  factList,
  type FactDifference,
  formatOfText,
  isExtractFormat,
  textDigest,
} from "./canonical.js";
import {
  type CompanyFacts,
  type DiplomaFacts,
  EXTRACT_CONTRACTS,
  type ExtractFacts,
  type ExtractRecord,
  parseRecord,
  readFacts,
  recordText,
  type TitleFacts,
} from "./facts.js";
import type { ExtractClaim } from "./link.js";
import { type ExtractBlock, suiteAtBlock } from "./pinned.js";

/** The parameters of {@link makeExtract}. */
export interface MakeExtractParameters {
  readonly deployment: SuiteDeployment;
  readonly provider: Provider;
  readonly record: ExtractRecord;
  /** The block the extract is "as of"; the latest when omitted. */
  readonly block?: number;
  /** The format of its canonical text; the latest ({@link EXTRACT_FORMAT}) when omitted. */
  readonly format?: ExtractFormat;
}

/** The return type of {@link makeExtract}: the extract, its typed facts, canonical text and digest. */
export interface MakeExtractReturnType {
  readonly extract: Extract;
  readonly facts: ExtractFacts;
  readonly text: string;
  readonly digest: string;
}

/** The address of the contract that keeps a kind of record, lowercase. */
export function registerAddress(deployment: SuiteDeployment, kind: ExtractRecord["kind"]): string {
  const entry = deployment.contracts[EXTRACT_CONTRACTS[kind]];
  return (entry === undefined ? "" : entry.proxy).toLowerCase();
}

/**
 * Reads a record's facts at a block and makes its extract.
 *
 * @throws `RecordNotFoundError` when the record does not exist at the block, or the chain has no such block.
 * @throws `InvalidInputError` when the format is not one of {@link EXTRACT_FORMATS}.
 *
 * @example
 * ```ts
 * const { extract, digest } = await makeExtract({ deployment, provider, record: { kind: "title", cadastralReference: "UT-1" } });
 * ```
 */
export async function makeExtract({
  deployment,
  provider,
  record,
  block,
  format = EXTRACT_FORMAT,
}: MakeExtractParameters): Promise<MakeExtractReturnType> {
  if (!isExtractFormat(format)) {
    throw new InvalidInputError({ field: "format", reason: `"${format}" is not one of ${EXTRACT_FORMATS.join(", ")}` });
  }
  const pinned = await suiteAtBlock({ deployment, provider, block });
  const facts = await readFacts(pinned.suite, record);
  return inFormat({ deployment, record, block: pinned.block, facts }, format);
}

/** The extract of facts already read, in a format. */
function inFormat(
  made: {
    readonly deployment: SuiteDeployment;
    readonly record: ExtractRecord;
    readonly block: ExtractBlock;
    readonly facts: ExtractFacts;
  },
  format: ExtractFormat,
): MakeExtractReturnType {
  const { deployment, record, block, facts } = made;
  const extract: Extract = {
    format,
    kind: record.kind,
    chainId: deployment.chainId,
    contract: registerAddress(deployment, record.kind),
    record: recordText(record),
    block,
    facts: factList(facts, format),
  };
  return { extract, facts, text: canonicalText(extract), digest: extractDigest(extract) };
}

/** Something that happened to a record after the extract's block. */
export interface ExtractChange {
  /** What happened. */
  readonly event:
    | "Sale"
    | "CourtOrder"
    | "KeyRecovery"
    | "LienRegistered"
    | "LienReleased"
    | "ConsentRecorded"
    | "ConsentWithdrawn"
    | "StatusChanged"
    | "DocumentReplaced"
    | "OfferPending"
    | "OfferClosed"
    | "ParticularsChanged"
    | "DirectorAppointed"
    | "DirectorRemoved"
    | "DocumentFiled"
    | "Revoked"
    | "Superseded"
    | "InstitutionStatusChanged"
    | "Suspended"
    | "Reinstated"
    | "Expired"
    | "BecameValid";
  /** When, unix seconds, where the register dates it; null otherwise. */
  readonly at: number | null;
  /** A detail: the new owner, the new status, the filing type, the reason code of a revocation or suspension. */
  readonly detail: string | null;
}

function titleChanges(before: TitleFacts, after: TitleFacts): ExtractChange[] {
  const changes: ExtractChange[] = after.history.slice(before.history.length).map((entry) => ({
    event: entry.kind === "Registration" ? "Sale" : entry.kind,
    at: entry.since,
    detail: entry.owner,
  }));
  const liens = new Map(before.liens.map((lien) => [lien.lienId, lien]));
  for (const lien of after.liens) {
    const earlier = liens.get(lien.lienId);
    if (earlier === undefined) changes.push({ event: "LienRegistered", at: lien.registeredAt, detail: lien.holder });
    if (lien.releasedAt !== null && earlier?.releasedAt == null) {
      changes.push({ event: "LienReleased", at: lien.releasedAt, detail: lien.holder });
    }
    if (earlier !== undefined && earlier.consentOfferId !== lien.consentOfferId) {
      changes.push({
        event: lien.consentOfferId === null ? "ConsentWithdrawn" : "ConsentRecorded",
        at: null,
        detail: lien.holder,
      });
    }
  }
  if (before.status !== after.status) changes.push({ event: "StatusChanged", at: null, detail: after.status });
  if (before.documentHash !== after.documentHash) {
    changes.push({ event: "DocumentReplaced", at: null, detail: after.documentHash });
  }
  const pendingBefore = new Set(before.pendingOffers.map((offer) => offer.offerId));
  const pendingAfter = new Set(after.pendingOffers.map((offer) => offer.offerId));
  for (const offer of after.pendingOffers) {
    if (!pendingBefore.has(offer.offerId)) changes.push({ event: "OfferPending", at: null, detail: offer.buyer });
  }
  for (const offer of before.pendingOffers) {
    if (!pendingAfter.has(offer.offerId)) changes.push({ event: "OfferClosed", at: null, detail: offer.buyer });
  }
  return changes;
}

function companyChanges(before: CompanyFacts, after: CompanyFacts): ExtractChange[] {
  const changes: ExtractChange[] = after.history.slice(before.history.length).map((entry) => ({
    event: entry.kind === "Registration" ? "Sale" : entry.kind,
    at: entry.since,
    detail: entry.owner,
  }));
  if (before.status !== after.status)
    changes.push({ event: "StatusChanged", at: after.statusSince, detail: after.status });
  if (
    before.name !== after.name ||
    before.legalForm !== after.legalForm ||
    before.jurisdiction !== after.jurisdiction
  ) {
    changes.push({ event: "ParticularsChanged", at: null, detail: after.name });
  }
  after.directors.forEach((director, index) => {
    const earlier = before.directors[index];
    if (earlier === undefined) {
      changes.push({ event: "DirectorAppointed", at: director.appointedOn, detail: director.commitment });
    }
    if (director.removedOn !== null && earlier?.removedOn == null) {
      changes.push({ event: "DirectorRemoved", at: director.removedOn, detail: director.commitment });
    }
  });
  for (const filing of after.filings.slice(before.filings.length)) {
    changes.push({ event: "DocumentFiled", at: filing.filedAt, detail: String(filing.filingType) });
  }
  return changes;
}

function diplomaChanges(before: DiplomaFacts, after: DiplomaFacts): ExtractChange[] {
  const changes: ExtractChange[] = [];
  if (before.revokedAt === null && after.revokedAt !== null) {
    changes.push({ event: "Revoked", at: after.revokedAt, detail: String(after.revocationReason ?? "") });
  }
  // The register keeps the current suspension alone: a reinstatement is dated by its event, not by the record.
  if (before.suspendedAt !== null && before.suspendedAt !== after.suspendedAt) {
    changes.push({ event: "Reinstated", at: null, detail: null });
  }
  if (after.suspendedAt !== null && before.suspendedAt !== after.suspendedAt) {
    changes.push({ event: "Suspended", at: after.suspendedAt, detail: String(after.suspensionReason ?? "") });
  }
  if (!before.expired && after.expired) changes.push({ event: "Expired", at: after.expiresAt, detail: null });
  if (before.status === "NotYetValid" && after.status !== "NotYetValid") {
    changes.push({ event: "BecameValid", at: after.validFrom, detail: null });
  }
  if (before.supersededBy === null && after.supersededBy !== null) {
    changes.push({ event: "Superseded", at: after.revokedAt, detail: after.supersededBy });
  }
  if (before.institutionStatus !== after.institutionStatus) {
    changes.push({ event: "InstitutionStatusChanged", at: null, detail: after.institutionStatus });
  }
  return changes;
}

/** What happened to a record between two readings of its facts, oldest first (undated changes last). */
export function changesBetween(before: ExtractFacts, after: ExtractFacts): ExtractChange[] {
  const changes =
    before.kind === "title" && after.kind === "title"
      ? titleChanges(before, after)
      : before.kind === "company" && after.kind === "company"
        ? companyChanges(before, after)
        : before.kind === "diploma" && after.kind === "diploma"
          ? diplomaChanges(before, after)
          : [];
  return changes.sort((a, b) => (a.at ?? Number.MAX_SAFE_INTEGER) - (b.at ?? Number.MAX_SAFE_INTEGER));
}

/** The parameters of {@link checkExtract}. */
export interface CheckExtractParameters {
  readonly deployment: SuiteDeployment;
  readonly provider: Provider;
  /** What the QR code (or the check link) says. */
  readonly claim: ExtractClaim;
  /** The canonical text the paper carries (a PDF's metadata), when the paper is at hand: differences get named. */
  readonly paperText?: string;
}

/** What changed between the extract's block and the latest one. */
export interface ExtractSince {
  readonly block: ExtractBlock;
  readonly changes: readonly ExtractChange[];
}

/** The answer of {@link checkExtract}. */
export type CheckExtractReturnType =
  | { readonly verdict: "OtherChain"; readonly claimed: number; readonly expected: number }
  | { readonly verdict: "OtherContract"; readonly claimed: string; readonly expected: string }
  | { readonly verdict: "BadRecord"; readonly record: string }
  | { readonly verdict: "NoSuchBlock"; readonly block: number }
  /** The paper's facts are in a format this checker does not know (a newer one): they cannot be compared. */
  | { readonly verdict: "UnknownFormat"; readonly format: string; readonly known: readonly ExtractFormat[] }
  /**
   * The paper states a credential of another kind than a diploma in format 1, which knew diplomas alone and leaves out
   * the validity window and the suspension: it is refused rather than found true without them.
   */
  | { readonly verdict: "FormatTooOld"; readonly format: ExtractFormat; readonly kindName: string }
  | { readonly verdict: "UnknownRecord"; readonly record: string; readonly block: ExtractBlock }
  | {
      readonly verdict: "Matches";
      readonly extract: Extract;
      readonly facts: ExtractFacts;
      readonly since: ExtractSince;
    }
  | {
      readonly verdict: "DoesNotMatch";
      /** The register's extract at the claimed block. */
      readonly extract: Extract;
      readonly facts: ExtractFacts;
      /** The facts the paper states otherwise; empty when only the QR code was read (it carries a digest alone). */
      readonly differences: readonly FactDifference[];
      /** Whether the facts printed on the paper have another digest than its QR code. */
      readonly paperDisagreesWithCode: boolean;
      readonly since: ExtractSince;
    };

/**
 * Checks an extract against the chain: recomputes the facts at the block its QR code names and compares their
 * digest (and, with the paper's text, each fact), then says what changed since.
 *
 * @example
 * ```ts
 * const answer = await checkExtract({ deployment, provider, claim: parseCheckLink(scanned) });
 * if (answer.verdict === "Matches") console.log(answer.since.changes.length === 0 ? "unchanged since" : answer.since.changes);
 * ```
 */
export async function checkExtract({
  deployment,
  provider,
  claim,
  paperText,
}: CheckExtractParameters): Promise<CheckExtractReturnType> {
  if (claim.chainId !== deployment.chainId) {
    return { verdict: "OtherChain", claimed: claim.chainId, expected: deployment.chainId };
  }
  const expected = registerAddress(deployment, claim.kind);
  if (claim.contract.toLowerCase() !== expected) {
    return { verdict: "OtherContract", claimed: claim.contract.toLowerCase(), expected };
  }
  const record = parseRecord(claim.kind, claim.record);
  if (record === null) return { verdict: "BadRecord", record: claim.record };
  // The paper says its format; a QR code alone does not, and its digest is tried in each format, latest first.
  const paperFormat = paperText === undefined ? null : formatOfText(paperText);
  if (paperFormat !== null && !isExtractFormat(paperFormat)) {
    return { verdict: "UnknownFormat", format: paperFormat, known: EXTRACT_FORMATS };
  }
  const latest = await provider.getBlockNumber();
  if (claim.block > latest) return { verdict: "NoSuchBlock", block: claim.block };
  let made: MakeExtractReturnType;
  try {
    made = await makeExtract({ deployment, provider, record, block: claim.block });
  } catch (error) {
    if (!(error instanceof RecordNotFoundError)) throw error;
    const block = await provider.getBlock(claim.block);
    return {
      verdict: "UnknownRecord",
      record: claim.record,
      block: { number: claim.block, hash: (block?.hash ?? "").toLowerCase(), time: block?.timestamp ?? 0 },
    };
  }
  // Format 1 knew diplomas alone: a licence stated in it would hide its validity window and its suspension.
  const credentialKind = made.facts.kind === "diploma" ? made.facts : null;
  if (paperFormat === "egov-extract/1" && credentialKind !== null && credentialKind.credentialKind !== 0) {
    return { verdict: "FormatTooOld", format: paperFormat, kindName: credentialKind.credentialKindName };
  }
  const digest = claim.digest.toLowerCase();
  const formats = (paperFormat !== null ? [paperFormat] : [...EXTRACT_FORMATS].reverse()).filter(
    (format) => format !== "egov-extract/1" || credentialKind === null || credentialKind.credentialKind === 0,
  );
  const readings = formats.map((format) =>
    inFormat({ deployment, record, block: made.extract.block, facts: made.facts }, format),
  );
  made = readings.find((reading) => reading.digest === digest) ?? readings[0];
  const now = await makeExtract({ deployment, provider, record, block: latest });
  const since = { block: now.extract.block, changes: changesBetween(made.facts, now.facts) };
  if (made.digest === digest && (paperText === undefined || paperText === made.text)) {
    return { verdict: "Matches", extract: made.extract, facts: made.facts, since };
  }
  return {
    verdict: "DoesNotMatch",
    extract: made.extract,
    facts: made.facts,
    differences: paperText === undefined ? [] : compareCanonical(paperText, made.text),
    paperDisagreesWithCode: paperText !== undefined && textDigest(paperText) !== digest,
    since,
  };
}
