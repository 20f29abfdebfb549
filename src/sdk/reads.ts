/**
 * Reading the registries as an integrator: a diploma's verification, a title with its history and liens, a company
 * with its directors and filings, a sale offer with its terms.
 *
 * @module
 */
import { ZeroAddress, ZeroHash } from "ethers";

import { asciiText, COMPANY_STATUSES, type CompanyStatusName } from "../actions/company.js";
import {
  DIPLOMA_STATUSES,
  type DiplomaStatusName,
  INSTITUTION_STATUSES,
  type InstitutionStatusName,
} from "../actions/diploma.js";
import { findOffer, type FoundOffer } from "../actions/transfer.js";
import { getTitle, parcelIdOf, type TitleView } from "../actions/property.js";
import type { ICompanyRegistry, IDiplomaRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { ContractRevertError, decodeRevert, InvalidInputError, RecordNotFoundError } from "../errors.js";
import { hashDocument, type Hash, type HashDocumentParameters } from "../hashing.js";

/** Pages of this many entries are read until a list is complete. */
const PAGE = 100;

export {
  DIPLOMA_STATUSES,
  type DiplomaStatusName,
  INSTITUTION_STATUSES,
  type InstitutionStatusName,
} from "../actions/diploma.js";
export { COMPANY_STATUSES, type CompanyStatusName } from "../actions/company.js";

/** Why an owner changed, in a title's or a company's ownership history. */
export const CHANGE_KIND_NAMES = ["Registration", "Sale", "CourtOrder", "KeyRecovery"] as const;
/** The name of a {@link CHANGE_KIND_NAMES} entry. */
export type ChangeKindName = (typeof CHANGE_KIND_NAMES)[number];

function nullableTime(value: bigint): number | null {
  return value === 0n ? null : Number(value);
}

// -----------------------------------------------------------------------------------------------------------------
// Diplomas
// -----------------------------------------------------------------------------------------------------------------

/** The batch proof of a diploma issued in a batch, as its holder received it. */
export interface BatchProof {
  readonly root: string;
  readonly holderCommitment: string;
  readonly proof: readonly string[];
}

/** The parameters of {@link verifyDiploma}: the document itself, or its hash. */
export type VerifyDiplomaParameters = {
  readonly suite: Suite;
  /**
   * The institution the diploma claims to come from. Records are kept per institution: the same document hash under
   * another institution is another record, so a verifier always says which institution it checks.
   */
  readonly institutionId: number | bigint;
  /** For a diploma issued in a batch: the proof handed to its holder. */
  readonly proof?: BatchProof;
} & ({ readonly document: HashDocumentParameters } | { readonly documentHash: string });

/** An institution as read with a diploma. */
export interface DiplomaInstitution {
  readonly id: number;
  readonly name: string;
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  readonly status: InstitutionStatusName;
}

/** The return type of {@link verifyDiploma}. */
export interface VerifyDiplomaReturnType {
  readonly documentHash: Hash;
  /** The batch root the diploma was checked under, or null for a diploma issued alone. */
  readonly root: Hash | null;
  readonly status: DiplomaStatusName;
  /** The issuing institution; null when the diploma is unknown. */
  readonly institution: DiplomaInstitution | null;
  /** The issuer account; null when unknown. */
  readonly issuer: string | null;
  /** When the diploma (or its batch) was recorded, unix seconds; null when unknown. */
  readonly issuedAt: number | null;
  /** Whether the institution was accredited when the diploma was recorded. */
  readonly accreditedAtIssuance: boolean;
  /** The revocation, or null when the diploma is not revoked. */
  readonly revocation: { readonly revokedAt: number; readonly reason: number } | null;
  /** The document hash of the corrected diploma that replaced this one, or null. */
  readonly supersededBy: Hash | null;
}

/**
 * Verifies a diploma from its document (or the document's hash), and for a diploma of a batch from the holder's
 * proof. Nothing is sent and nothing reverts: a document that was never issued, or a proof that does not place it
 * under its root, answers `Unknown`.
 *
 * @example
 * ```ts
 * const result = await verifyDiploma({ suite, institutionId: 1, document: { path: "diploma.pdf" } });
 * if (result.status === "Valid") console.log(result.institution?.name);
 * ```
 */
export async function verifyDiploma(parameters: VerifyDiplomaParameters): Promise<VerifyDiplomaReturnType> {
  const { suite, proof, institutionId } = parameters;
  const id =
    typeof institutionId === "bigint"
      ? institutionId
      : Number.isSafeInteger(institutionId)
        ? BigInt(institutionId)
        : 0n;
  if (id < 1n || id > 0xffffffffn) {
    throw new InvalidInputError({ field: "institutionId", reason: `${institutionId} is not an institution id` });
  }
  const documentHash = (
    "document" in parameters ? hashDocument(parameters.document) : parameters.documentHash
  ).toLowerCase() as Hash;
  if (!/^0x[0-9a-f]{64}$/.test(documentHash)) {
    throw new InvalidInputError({ field: "documentHash", reason: "must be a 32-byte hex string" });
  }
  const registry = suite.diplomaRegistry;
  const answer: IDiplomaRegistry.VerificationStructOutput =
    proof === undefined
      ? await registry.verify(id, documentHash)
      : await registry.verifyInBatch(id, proof.root, documentHash, proof.holderCommitment, [...proof.proof]);
  const status = DIPLOMA_STATUSES[Number(answer.status)];
  let institution: DiplomaInstitution | null = null;
  if (answer.institutionId !== 0n) {
    const record = await registry.institution(answer.institutionId);
    institution = {
      id: Number(answer.institutionId),
      name: record.name,
      country: asciiText(record.country),
      status: INSTITUTION_STATUSES[Number(record.status)],
    };
  }
  return {
    documentHash,
    root: proof === undefined ? null : (proof.root.toLowerCase() as Hash),
    status,
    institution,
    issuer: answer.issuer === ZeroAddress ? null : answer.issuer,
    issuedAt: nullableTime(answer.issuedAt),
    accreditedAtIssuance: answer.accreditedAtIssuance,
    revocation:
      answer.revokedAt === 0n ? null : { revokedAt: Number(answer.revokedAt), reason: Number(answer.revocationReason) },
    supersededBy: answer.supersededBy === ZeroHash ? null : (answer.supersededBy as Hash),
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Titles
// -----------------------------------------------------------------------------------------------------------------

/** The parameters of {@link readTitle}: a parcel by id or by cadastral reference. */
export type ReadTitleParameters = { readonly suite: Suite } & (
  { readonly parcelId: bigint } | { readonly cadastralReference: string }
);

/** The return type of {@link readTitle}: the title, its full ownership history (oldest first) and its liens. */
export type ReadTitleReturnType = TitleView;

/**
 * Reads a land title with its whole ownership history (read page by page) and every lien ever registered on it.
 *
 * @throws {@link RecordNotFoundError} when the parcel has no title.
 *
 * @example
 * ```ts
 * const title = await readTitle({ suite, cadastralReference: "UT-1" });
 * for (const entry of title.history) console.log(entry.kind, entry.owner);
 * ```
 */
export async function readTitle(parameters: ReadTitleParameters): Promise<ReadTitleReturnType> {
  const { suite } = parameters;
  if ("cadastralReference" in parameters) {
    const { cadastralReference } = parameters;
    if (cadastralReference === "") throw new InvalidInputError({ field: "cadastralReference", reason: "is empty" });
    return getTitle({
      suite,
      parcel: { parcelId: parcelIdOf(cadastralReference), cadastralReference, label: cadastralReference },
    });
  }
  return getTitle({ suite, parcel: parameters.parcelId });
}

// -----------------------------------------------------------------------------------------------------------------
// Companies
// -----------------------------------------------------------------------------------------------------------------

/** The parameters of {@link readCompany}: a company by id or by company number. */
export type ReadCompanyParameters = { readonly suite: Suite } & (
  { readonly companyId: bigint } | { readonly companyNumber: string }
);

/** The return type of {@link readCompany}. */
export interface ReadCompanyReturnType {
  readonly companyId: bigint;
  readonly owner: string;
  readonly status: CompanyStatusName;
  readonly registeredAt: number;
  readonly statusSince: number;
  readonly ownerSince: number;
  readonly incorporationDocumentHash: string;
  readonly particulars: {
    readonly name: string;
    /** ISO 20275 legal form code. */
    readonly legalForm: string;
    /** ISO 3166 code. */
    readonly jurisdiction: string;
    readonly registeredAddressHash: string;
  };
  /** Every ownership change, oldest first. */
  readonly ownershipHistory: readonly {
    readonly owner: string;
    readonly since: number;
    readonly kind: ChangeKindName;
    readonly basis: string;
  }[];
  /** Every director appointment, oldest first, removed ones included. */
  readonly directors: readonly {
    readonly commitment: string;
    readonly account: string | null;
    readonly appointedOn: number;
    readonly removedOn: number | null;
  }[];
  /** Every filing, oldest first. */
  readonly filings: readonly { readonly documentHash: string; readonly filingType: number; readonly filedAt: number }[];
}

async function readAll<ItemT>(length: bigint, page: (offset: number, limit: number) => Promise<ItemT[]>) {
  const items: ItemT[] = [];
  for (let offset = 0; offset < Number(length); offset += PAGE) items.push(...(await page(offset, PAGE)));
  return items;
}

/**
 * Reads a company with its ownership history, directors and filings (each read page by page).
 *
 * @throws {@link RecordNotFoundError} when no company has this id or number.
 */
export async function readCompany(parameters: ReadCompanyParameters): Promise<ReadCompanyReturnType> {
  const { suite } = parameters;
  const registry = suite.companyRegistry;
  const companyId =
    "companyId" in parameters ? parameters.companyId : await registry.companyIdOf(parameters.companyNumber);
  const label = "companyNumber" in parameters ? parameters.companyNumber : `0x${companyId.toString(16)}`;
  let company: ICompanyRegistry.CompanyStructOutput;
  try {
    company = await registry.companyOf(companyId);
  } catch (error) {
    const decoded = decodeRevert(error, suite.interfaces);
    if (decoded instanceof ContractRevertError && decoded.errorName === "CompanyRegistryUnknownCompany") {
      throw new RecordNotFoundError({ kind: "company", id: label });
    }
    throw decoded;
  }
  const [history, directors, filings] = await Promise.all([
    readAll(company.ownershipHistoryLength, (offset, limit) => registry.ownershipHistory(companyId, offset, limit)),
    readAll(company.directorCount, (offset, limit) => registry.directors(companyId, offset, limit)),
    readAll(company.filingCount, (offset, limit) => registry.filings(companyId, offset, limit)),
  ]);
  return {
    companyId,
    owner: company.owner,
    status: COMPANY_STATUSES[Number(company.status)],
    registeredAt: Number(company.registeredAt),
    statusSince: Number(company.statusSince),
    ownerSince: Number(company.ownerSince),
    incorporationDocumentHash: company.incorporationDocumentHash,
    particulars: {
      name: company.particulars.name,
      legalForm: asciiText(company.particulars.legalForm),
      jurisdiction: asciiText(company.particulars.jurisdiction),
      registeredAddressHash: company.particulars.registeredAddressHash,
    },
    ownershipHistory: history.map((record) => ({
      owner: record.owner,
      since: Number(record.since),
      kind: CHANGE_KIND_NAMES[Number(record.kind)],
      basis: record.basis,
    })),
    directors: directors.map((director) => ({
      commitment: director.commitment,
      account: director.account === ZeroAddress ? null : director.account,
      appointedOn: Number(director.appointedOn),
      removedOn: nullableTime(director.removedOn),
    })),
    filings: filings.map((filing) => ({
      documentHash: filing.documentHash,
      filingType: Number(filing.filingType),
      filedAt: Number(filing.filedAt),
    })),
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Offers
// -----------------------------------------------------------------------------------------------------------------

/** The parameters of {@link readOffer}. */
export interface ReadOfferParameters {
  readonly suite: Suite;
  /** The offer's id (its EIP-712 hash), as `OfferOpened` and every later event of the offer carry it. */
  readonly offerId: string;
}

/** The return type of {@link readOffer}: the full offer from its `OfferOpened` event, and its stored state. */
export type ReadOfferReturnType = FoundOffer;

/**
 * Reads a sale offer: its terms (the full `Offer` from its `OfferOpened` event) and where it stands.
 *
 * @throws {@link RecordNotFoundError} when no offer with this id was opened.
 */
export function readOffer({ suite, offerId }: ReadOfferParameters): Promise<ReadOfferReturnType> {
  return findOffer({ suite, offerId });
}
