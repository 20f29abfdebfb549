/**
 * The facts of an extract, read at one block: a land title, a company or a credential (a diploma, a licence, any kind
 * the credential register keeps), each with what a bank, a notary or an employer asks about it. Readers take a suite connected at the block (see `suiteAtBlock`).
 *
 * @module
 */
import type { Suite } from "../deployment.js";
import { RecordNotFoundError } from "../errors.js";
import { queryEvents } from "../logs.js";
import { getCompany, getTitle, type OwnershipEntry } from "../sdk/reads.js";
import { type CompanyStatusName, OFFER_STATUSES, type OfferStatusName, type TitleStatusName } from "../vocabulary.js";
import { type DiplomaFacts, readCredentialFacts } from "./credential.js";

export type { DiplomaFacts } from "./credential.js";

/** The kinds of extract. */
export const EXTRACT_KINDS = ["title", "company", "diploma"] as const;
/** One of {@link EXTRACT_KINDS}. */
export type ExtractKind = (typeof EXTRACT_KINDS)[number];

/** The suite contract that keeps each kind of record. */
export const EXTRACT_CONTRACTS = {
  title: "PropertyRegistry",
  company: "CompanyRegistry",
  diploma: "DiplomaRegistry",
} as const satisfies Readonly<Record<ExtractKind, string>>;

/** A lien as an extract states it. */
export interface LienFact {
  readonly lienId: bigint;
  readonly holder: string;
  readonly documentHash: string;
  readonly registeredAt: number;
  readonly releasedAt: number | null;
  /** The sale offer the lien holder consented to, or null. */
  readonly consentOfferId: string | null;
}

/** A sale offer still pending (open, accepted or approved) at the extract's block. */
export interface PendingOfferFact {
  readonly offerId: string;
  readonly buyer: string;
  /** The payment token, or the zero address for the native coin. */
  readonly token: string;
  readonly price: bigint;
  readonly deadline: number;
  readonly status: OfferStatusName;
}

/** A court-ordered transfer of the record. */
export interface CourtOrderFact {
  readonly at: number;
  readonly from: string;
  readonly to: string;
  readonly basis: string;
}

/** The facts of a land-title extract. */
export interface TitleFacts {
  readonly kind: "title";
  readonly cadastralReference: string;
  readonly parcelId: bigint;
  readonly owner: string;
  readonly status: TitleStatusName;
  readonly registeredAt: number;
  readonly ownerSince: number;
  readonly documentHash: string;
  readonly liens: readonly LienFact[];
  readonly pendingOffers: readonly PendingOfferFact[];
  readonly courtOrders: readonly CourtOrderFact[];
  readonly history: readonly OwnershipEntry[];
}

/** The facts of a company extract. */
export interface CompanyFacts {
  readonly kind: "company";
  readonly companyNumber: string;
  readonly name: string;
  readonly legalForm: string;
  readonly jurisdiction: string;
  readonly status: CompanyStatusName;
  readonly statusSince: number;
  readonly registeredAt: number;
  readonly owner: string;
  readonly ownerSince: number;
  readonly directors: readonly {
    readonly commitment: string;
    readonly account: string | null;
    readonly appointedOn: number;
    readonly removedOn: number | null;
  }[];
  readonly filings: readonly { readonly filingType: number; readonly documentHash: string; readonly filedAt: number }[];
  readonly history: readonly OwnershipEntry[];
}

/** The facts of any extract. */
export type ExtractFacts = TitleFacts | CompanyFacts | DiplomaFacts;

/** The record an extract is about, as the QR code and the commands name it. */
export type ExtractRecord =
  | { readonly kind: "title"; readonly cadastralReference: string }
  | { readonly kind: "company"; readonly companyNumber: string }
  | { readonly kind: "diploma"; readonly institutionId: number; readonly documentHash: string };

const PENDING: readonly OfferStatusName[] = ["Open", "Accepted", "Approved"];

async function blockTimeOf(suite: Suite, blockNumber: number): Promise<number> {
  const block = await suite.runner.provider!.getBlock(blockNumber);
  if (block === null) throw new RecordNotFoundError({ kind: "block", id: String(blockNumber) });
  return block.timestamp;
}

/** The sale offers of a record still pending at the suite's block. */
async function pendingOffers(suite: Suite, registry: string, recordId: bigint): Promise<PendingOfferFact[]> {
  const transfer = suite.ownershipTransfer;
  const fromBlock = suite.deployment.contracts.OwnershipTransfer!.deploymentBlock;
  const opened = await queryEvents(transfer, transfer.filters.OfferOpened(undefined, registry, recordId), fromBlock);
  const offers = await Promise.all(
    opened.map(async (event) => {
      const offerId = event.args.offerId as string;
      const state = await transfer.offerState(offerId);
      const offer = event.args.offer as { buyer: string; token: string; price: bigint; deadline: bigint };
      return {
        offerId: offerId.toLowerCase(),
        buyer: offer.buyer,
        token: offer.token,
        price: offer.price,
        deadline: Number(offer.deadline),
        status: OFFER_STATUSES[Number(state.status)],
      };
    }),
  );
  return offers.filter((offer) => PENDING.includes(offer.status));
}

/** The court-ordered transfers of a record up to the suite's block. */
async function courtOrders(suite: Suite, registry: string, recordId: bigint): Promise<CourtOrderFact[]> {
  const transfer = suite.ownershipTransfer;
  const fromBlock = suite.deployment.contracts.OwnershipTransfer!.deploymentBlock;
  const events = await queryEvents(transfer, transfer.filters.CourtOrderExecuted(registry, recordId), fromBlock);
  return Promise.all(
    events.map(async (event) => ({
      at: await blockTimeOf(suite, event.blockNumber),
      from: event.args.from as string,
      to: event.args.to as string,
      basis: event.args.basis as string,
    })),
  );
}

/**
 * Reads the facts of a record at the suite's block.
 *
 * @throws `RecordNotFoundError` when the record does not exist at that block (a credential: when the register
 * does not know the document under that institution).
 */
export async function readFacts(suite: Suite, record: ExtractRecord): Promise<ExtractFacts> {
  if (record.kind === "title") {
    const title = await getTitle({ suite, cadastralReference: record.cadastralReference });
    const registry = suite.deployment.contracts.PropertyRegistry!.proxy;
    const [offers, orders] = await Promise.all([
      pendingOffers(suite, registry, title.parcelId),
      courtOrders(suite, registry, title.parcelId),
    ]);
    return {
      kind: "title",
      cadastralReference: title.cadastralReference ?? record.cadastralReference,
      parcelId: title.parcelId,
      owner: title.owner,
      status: title.status,
      registeredAt: title.registeredAt,
      ownerSince: title.ownerSince,
      documentHash: title.documentHash,
      liens: title.liens.map((lien) => ({
        lienId: lien.lienId,
        holder: lien.holder,
        documentHash: lien.documentHash,
        registeredAt: lien.registeredAt,
        releasedAt: lien.releasedAt,
        consentOfferId: lien.consentOfferId,
      })),
      pendingOffers: offers,
      courtOrders: orders,
      history: title.history,
    };
  }
  if (record.kind === "company") {
    const company = await getCompany({ suite, companyNumber: record.companyNumber });
    return {
      kind: "company",
      companyNumber: company.companyNumber ?? record.companyNumber,
      name: company.name,
      legalForm: company.legalForm,
      jurisdiction: company.jurisdiction,
      status: company.status,
      statusSince: company.statusSince,
      registeredAt: company.registeredAt,
      owner: company.owner,
      ownerSince: company.ownerSince,
      directors: company.directors.map(({ commitment, account, appointedOn, removedOn }) => ({
        commitment,
        account,
        appointedOn,
        removedOn,
      })),
      filings: company.filings.map(({ filingType, documentHash, filedAt }) => ({ filingType, documentHash, filedAt })),
      history: company.history,
    };
  }
  return readCredentialFacts(suite, record.institutionId, record.documentHash);
}

/** How the QR code and the commands write a record: a cadastral reference, a company number, `<id>:<hash>`. */
export function recordText(record: ExtractRecord): string {
  if (record.kind === "title") return record.cadastralReference;
  if (record.kind === "company") return record.companyNumber;
  return `${record.institutionId}:${record.documentHash.toLowerCase()}`;
}

/** The record of a kind from its text (see {@link recordText}), or null when the text is not one. */
export function parseRecord(kind: ExtractKind, text: string): ExtractRecord | null {
  if (text === "" || text.length > 200) return null;
  if (kind === "title") return { kind, cadastralReference: text };
  if (kind === "company") return { kind, companyNumber: text };
  const match = /^(\d{1,10}):(0x[0-9a-fA-F]{64})$/.exec(text);
  if (match === null) return null;
  const institutionId = Number(match[1]);
  if (institutionId < 1 || institutionId > 0xffffffff) return null;
  return { kind, institutionId, documentHash: match[2].toLowerCase() };
}
