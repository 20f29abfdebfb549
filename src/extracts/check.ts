/**
 * Making an extract as of a block, and checking one: the facts are read again at the block the QR code names and
 * compared with the paper, and what changed since is said from the facts read at the latest block.
 *
 * @module
 */
import type { Provider } from "ethers";

import type { SuiteDeployment } from "../deployment.js";
import { RecordNotFoundError } from "../errors.js";
import {
  canonicalText,
  compareCanonical,
  type Extract,
  extractDigest,
  factList,
  type FactDifference,
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
}: MakeExtractParameters): Promise<MakeExtractReturnType> {
  const pinned = await suiteAtBlock({ deployment, provider, block });
  const facts = await readFacts(pinned.suite, record);
  const extract: Extract = {
    kind: record.kind,
    chainId: deployment.chainId,
    contract: registerAddress(deployment, record.kind),
    record: recordText(record),
    block: pinned.block,
    facts: factList(facts),
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
    | "InstitutionStatusChanged";
  /** When, unix seconds, where the register dates it; null otherwise. */
  readonly at: number | null;
  /** A detail: the new owner, the new status, the filing type. */
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
  if (before.status !== after.status) {
    changes.push({ event: "Revoked", at: after.revokedAt, detail: String(after.revocationReason ?? "") });
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
  const now = await makeExtract({ deployment, provider, record, block: latest });
  const since = { block: now.extract.block, changes: changesBetween(made.facts, now.facts) };
  if (made.digest === claim.digest.toLowerCase() && (paperText === undefined || paperText === made.text)) {
    return { verdict: "Matches", extract: made.extract, facts: made.facts, since };
  }
  return {
    verdict: "DoesNotMatch",
    extract: made.extract,
    facts: made.facts,
    differences: paperText === undefined ? [] : compareCanonical(paperText, made.text),
    paperDisagreesWithCode: paperText !== undefined && textDigest(paperText) !== claim.digest.toLowerCase(),
    since,
  };
}
