/**
 * Reading a title and a company, each with its ownership history.
 *
 * @module
 */
import { ZeroAddress, ZeroHash } from "ethers";
import type { ICompanyRegistry, IPropertyRegistry } from "../../contracts.js";
import type { Suite } from "../../deployment.js";
import { decodedRead, InvalidInputError } from "../../errors.js";
import { queryEvents } from "../../logs.js";
import {
  asciiText,
  COMPANY_STATUSES,
  type CompanyStatusName,
  companyIdOf,
  normalizeReference,
  parcelIdOf,
  TITLE_STATUSES,
  type TitleStatusName,
  timeOrNull,
} from "../../vocabulary.js";
import { readAll, hexId, ownershipEntry, type OwnershipEntry } from "./shared.js";

// Titles
// -----------------------------------------------------------------------------------------------------------------

/** The parameters of {@link getTitle}: a parcel by id or by cadastral reference. */
export type GetTitleParameters = { readonly suite: Suite } & (
  { readonly parcelId: bigint } | { readonly cadastralReference: string }
);

/** The return type of {@link getTitle}: the title, its whole ownership history (oldest first) and its liens. */
export interface GetTitleReturnType {
  readonly parcelId: bigint;
  /** The cadastral reference the title was registered under. */
  readonly cadastralReference: string | null;
  readonly owner: string;
  readonly status: TitleStatusName;
  readonly registeredAt: number;
  readonly ownerSince: number;
  readonly documentHash: string;
  readonly metadataURI: string;
  /** The ERC-721 token URI; empty for a retired title, which left circulation. */
  readonly tokenURI: string;
  readonly history: readonly OwnershipEntry[];
  /** Every lien ever registered on the parcel, released ones included. */
  readonly liens: readonly {
    readonly lienId: bigint;
    readonly holder: string;
    readonly documentHash: string;
    readonly registeredAt: number;
    readonly releasedAt: number | null;
    /** The buyer the lien holder consented to a sale to, or null. */
    /** The sale offer the lien holder consented to, if any. */
    readonly consentOfferId: string | null;
  }[];
}

/**
 * Reads a land title with its whole ownership history (read page by page) and every lien ever registered on it.
 *
 * @throws {@link RecordNotFoundError} when the parcel has no title.
 *
 * @example
 * ```ts
 * const title = await getTitle({ suite, cadastralReference: "UT-1" });
 * for (const entry of title.history) console.log(entry.kind, entry.owner);
 * ```
 */
export async function getTitle(parameters: GetTitleParameters): Promise<GetTitleReturnType> {
  const { suite } = parameters;
  let parcelId: bigint;
  let label: string;
  if ("cadastralReference" in parameters) {
    // A lookup takes the reference in its canonical form, as the registry keeps it: `ut-1` finds `UT-1`.
    const cadastralReference = normalizeReference(parameters.cadastralReference);
    if (cadastralReference === "") throw new InvalidInputError({ field: "cadastralReference", reason: "is empty" });
    parcelId = parcelIdOf({ cadastralReference });
    label = cadastralReference;
  } else {
    parcelId = parameters.parcelId;
    label = hexId(parcelId);
  }
  const registry = suite.propertyRegistry;
  const title: IPropertyRegistry.TitleStructOutput = await decodedRead(() => registry.titleOf(parcelId), {
    interfaces: suite.interfaces,
    labels: new Map([[parcelId, label]]),
  });
  const fromBlock = suite.deployment.contracts.PropertyRegistry!.deploymentBlock;
  const [history, registered, liens, tokenURI] = await Promise.all([
    readAll(title.historyLength, (offset, limit) => registry.ownershipHistory(parcelId, offset, limit)),
    queryEvents(registry, registry.filters.TitleRegistered(parcelId), fromBlock),
    queryEvents(registry, registry.filters.LienRegistered(undefined, parcelId), fromBlock),
    // A retired title is burnt in the ERC-721 view: it has no token URI any more.
    TITLE_STATUSES[Number(title.status)] === "Retired" ? "" : registry.tokenURI(parcelId),
  ]);
  const lienViews = await Promise.all(
    liens.map(async (event) => {
      const lienId = event.args.lienId as bigint;
      const lien = await registry.lienOf(lienId);
      return {
        lienId,
        holder: lien.holder,
        documentHash: lien.documentHash,
        registeredAt: Number(lien.registeredAt),
        releasedAt: timeOrNull(lien.releasedAt),
        consentOfferId: lien.consentOfferId === ZeroHash ? null : lien.consentOfferId,
      };
    }),
  );
  return {
    parcelId,
    cadastralReference:
      (registered[0]?.args.cadastralReference as string | undefined) ??
      ("cadastralReference" in parameters ? normalizeReference(parameters.cadastralReference) : null),
    owner: title.owner,
    status: TITLE_STATUSES[Number(title.status)],
    registeredAt: Number(title.registeredAt),
    ownerSince: Number(title.ownerSince),
    documentHash: title.documentHash,
    metadataURI: title.metadataURI,
    tokenURI,
    history: history.map(ownershipEntry),
    liens: lienViews,
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Companies
// -----------------------------------------------------------------------------------------------------------------

/** The parameters of {@link getCompany}: a company by id or by company number. */
export type GetCompanyParameters = { readonly suite: Suite } & (
  { readonly companyId: bigint } | { readonly companyNumber: string }
);

/** The return type of {@link getCompany}. */
export interface GetCompanyReturnType {
  readonly companyId: bigint;
  /** The company number the company was registered under. */
  readonly companyNumber: string | null;
  readonly name: string;
  /** ISO 20275 legal-form code. */
  readonly legalForm: string;
  /** ISO 3166 code. */
  readonly jurisdiction: string;
  readonly registeredAddressHash: string;
  readonly owner: string;
  readonly status: CompanyStatusName;
  readonly registeredAt: number;
  readonly statusSince: number;
  readonly ownerSince: number;
  readonly incorporationDocumentHash: string;
  readonly servingDirectorCount: number;
  /** Every ownership change, oldest first. */
  readonly history: readonly OwnershipEntry[];
  /** Every director appointment, oldest first, removed ones included. */
  readonly directors: readonly {
    readonly index: number;
    readonly commitment: string;
    readonly account: string | null;
    readonly appointedOn: number;
    readonly removedOn: number | null;
  }[];
  /** Every filing, oldest first. */
  readonly filings: readonly {
    readonly index: number;
    readonly filingType: number;
    readonly documentHash: string;
    readonly filedAt: number;
  }[];
}

/**
 * Reads a company with its whole ownership history, directors and filings (each read page by page).
 *
 * @throws {@link RecordNotFoundError} when no company has this id or number.
 */
export async function getCompany(parameters: GetCompanyParameters): Promise<GetCompanyReturnType> {
  const { suite } = parameters;
  const registry = suite.companyRegistry;
  // A company number is looked up in its canonical form, as the registry keeps it (`hrb 1` finds `HRB 1`).
  const companyNumber = "companyNumber" in parameters ? normalizeReference(parameters.companyNumber) : undefined;
  const companyId = "companyId" in parameters ? parameters.companyId : companyIdOf({ companyNumber: companyNumber! });
  const company: ICompanyRegistry.CompanyStructOutput = await decodedRead(() => registry.companyOf(companyId), {
    interfaces: suite.interfaces,
    labels: new Map([[companyId, companyNumber ?? hexId(companyId)]]),
  });
  const [history, directors, filings, registered] = await Promise.all([
    readAll(company.ownershipHistoryLength, (offset, limit) => registry.ownershipHistory(companyId, offset, limit)),
    readAll(company.directorCount, (offset, limit) => registry.directors(companyId, offset, limit)),
    readAll(company.filingCount, (offset, limit) => registry.filings(companyId, offset, limit)),
    queryEvents(
      registry,
      registry.filters.CompanyRegistered(companyId),
      suite.deployment.contracts.CompanyRegistry!.deploymentBlock,
    ),
  ]);
  return {
    companyId,
    companyNumber: (registered[0]?.args.companyNumber as string | undefined) ?? companyNumber ?? null,
    name: company.particulars.name,
    legalForm: asciiText(company.particulars.legalForm),
    jurisdiction: asciiText(company.particulars.jurisdiction),
    registeredAddressHash: company.particulars.registeredAddressHash,
    owner: company.owner,
    status: COMPANY_STATUSES[Number(company.status)],
    registeredAt: Number(company.registeredAt),
    statusSince: Number(company.statusSince),
    ownerSince: Number(company.ownerSince),
    incorporationDocumentHash: company.incorporationDocumentHash,
    servingDirectorCount: Number(company.servingDirectorCount),
    history: history.map(ownershipEntry),
    directors: directors.map((director, index) => ({
      index,
      commitment: director.commitment,
      account: director.account === ZeroAddress ? null : director.account,
      appointedOn: Number(director.appointedOn),
      removedOn: timeOrNull(director.removedOn),
    })),
    filings: filings.map((filing, index) => ({
      index,
      filingType: Number(filing.filingType),
      documentHash: filing.documentHash,
      filedAt: Number(filing.filedAt),
    })),
  };
}

// -----------------------------------------------------------------------------------------------------------------
