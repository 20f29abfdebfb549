/**
 * Reading the registries: one read per record (a title, a company, a sale offer, an institution) and the
 * verification of a diploma. The admin commands read through the same functions.
 *
 * Every time is a `number` of unix seconds (`null` where the contract stores 0 for "not yet"); ids and amounts are
 * `bigint`.
 *
 * @module
 */
import { keccak256, ZeroAddress, ZeroHash } from "ethers";

import type { ICompanyRegistry, IDiplomaRegistry, IOwnershipSales, IPropertyRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { decodedRead, InvalidInputError, RecordNotFoundError } from "../errors.js";
import type { Hash } from "../hashing.js";
import { queryEvents } from "../logs.js";
import {
  asciiText,
  CHANGE_KINDS,
  type ChangeKindName,
  COMPANY_STATUSES,
  type CompanyStatusName,
  companyIdOf,
  DIPLOMA_STATUSES,
  type DiplomaStatusName,
  INSTITUTION_STATUSES,
  type InstitutionStatusName,
  OFFER_STATUSES,
  type OfferStatusName,
  normalizeReference,
  parcelIdOf,
  TITLE_STATUSES,
  type TitleStatusName,
  timeOrNull,
} from "../vocabulary.js";

/** Lists are read in pages of this many entries until complete. */
const PAGE = 100;

/** Reads every entry of a paged list of `length` entries. */
async function readAll<ItemT>(length: bigint | number, page: (offset: number, limit: number) => Promise<ItemT[]>) {
  const items: ItemT[] = [];
  for (let offset = 0; offset < Number(length); offset += PAGE) items.push(...(await page(offset, PAGE)));
  return items;
}

/** A 256-bit id as people write it: 0x and 64 hex digits. */
function hexId(id: bigint): string {
  return `0x${id.toString(16).padStart(64, "0")}`;
}

/** One entry of an ownership history (a title's or a company's), oldest first. */
export interface OwnershipEntry {
  readonly owner: string;
  /** When this owner's ownership began, unix seconds. */
  readonly since: number;
  readonly kind: ChangeKindName;
  /** The document hash of the legal basis (deed, court order, recovery decision). */
  readonly basis: string;
}

function ownershipEntry(record: { owner: string; since: bigint; kind: bigint; basis: string }): OwnershipEntry {
  return {
    owner: record.owner,
    since: Number(record.since),
    kind: CHANGE_KINDS[Number(record.kind)],
    basis: record.basis,
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Diplomas
// -----------------------------------------------------------------------------------------------------------------

/** The batch proof of a diploma issued in a batch, as its holder received it. */
export interface BatchProof {
  readonly root: string;
  readonly holderCommitment: string;
  /** The diploma's position in its class list: its bit in the batch's status list. */
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

/** The parameters of {@link verifyDiploma}: the document's bytes, or its hash. */
export type VerifyDiplomaParameters = {
  readonly suite: Suite;
  /**
   * The institution the diploma claims to come from. Records are kept per institution: the same document hash under
   * another institution is another record, so a verifier always says which institution it checks.
   */
  readonly institutionId: number | bigint;
  /** For a diploma issued in a batch: the proof handed to its holder. */
  readonly proof?: BatchProof;
} & ({ readonly documentHash: string } | { readonly document: Uint8Array });

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
  /**
   * The revocation, or null when the diploma is not revoked. For a diploma of a batch the time and reason come from
   * its `DiplomaRevokedInBatch` event (the batch's status list keeps one bit), so they need a node that serves logs.
   */
  readonly revocation: { readonly revokedAt: number; readonly reason: number } | null;
  /** The document hash of the corrected diploma that replaced this one, or null. */
  readonly supersededBy: Hash | null;
}

/**
 * Verifies a diploma from its document's bytes (or the document's hash), and for a diploma of a batch from the
 * holder's proof. Nothing is sent and nothing reverts: a document that was never issued, or a proof that does not
 * place it under its root, answers `Unknown`.
 *
 * @example
 * ```ts
 * const result = await verifyDiploma({ suite, institutionId: 1, document: new Uint8Array(await file.arrayBuffer()) });
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
    "document" in parameters ? keccak256(parameters.document) : parameters.documentHash
  ).toLowerCase() as Hash;
  if (!/^0x[0-9a-f]{64}$/.test(documentHash)) {
    throw new InvalidInputError({ field: "documentHash", reason: "must be a 32-byte hex string" });
  }
  if (proof !== undefined && !(Number.isSafeInteger(proof.statusIndex) && proof.statusIndex >= 0)) {
    throw new InvalidInputError({
      field: "proof.statusIndex",
      reason: `${proof.statusIndex} is not a status index (a whole number from 0)`,
    });
  }
  if (proof !== undefined && proof.statusIndex > 0xffffffff) {
    throw new InvalidInputError({ field: "proof.statusIndex", reason: `${proof.statusIndex} is over 4294967295` });
  }
  const registry = suite.diplomaRegistry;
  const answer: IDiplomaRegistry.VerificationStructOutput =
    proof === undefined
      ? await registry.verify(id, documentHash)
      : await registry.verifyInBatch(id, proof.root, {
          documentHash,
          holderCommitment: proof.holderCommitment,
          statusIndex: proof.statusIndex,
          proof: [...proof.proof],
        });
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
    status: DIPLOMA_STATUSES[Number(answer.status)],
    institution,
    issuer: answer.issuer === ZeroAddress ? null : answer.issuer,
    issuedAt: timeOrNull(answer.issuedAt),
    accreditedAtIssuance: answer.accreditedAtIssuance,
    revocation:
      DIPLOMA_STATUSES[Number(answer.status)] !== "Revoked"
        ? null
        : proof === undefined
          ? { revokedAt: Number(answer.revokedAt), reason: Number(answer.revocationReason) }
          : await batchRevocation(suite, answer.institutionId, proof.root, documentHash),
    supersededBy: answer.supersededBy === ZeroHash ? null : (answer.supersededBy as Hash),
  };
}

/**
 * The time and reason of a batch diploma's revocation, from its `DiplomaRevokedInBatch` event: the batch's status list
 * keeps only its bit.
 */
async function batchRevocation(
  suite: Suite,
  institutionId: bigint,
  root: string,
  documentHash: string,
): Promise<{ readonly revokedAt: number; readonly reason: number }> {
  const registry = suite.diplomaRegistry;
  const fromBlock = suite.deployment.contracts.DiplomaRegistry!.deploymentBlock;
  const [event] = await queryEvents(
    registry,
    registry.filters.DiplomaRevokedInBatch(root, documentHash, institutionId),
    fromBlock,
  );
  if (event === undefined) {
    throw new RecordNotFoundError({
      kind: "DiplomaRevokedInBatch event of",
      id: `${documentHash} under ${root}`,
      details: `the status list says revoked, but the node returned no log of it from block ${fromBlock}: ask a node that serves old logs`,
    });
  }
  return { revokedAt: Number(event.args.revokedAt), reason: Number(event.args.reason) };
}

/** The parameters of {@link getInstitution}. */
export interface GetInstitutionParameters {
  readonly suite: Suite;
  readonly institutionId: number;
}

/** The return type of {@link getInstitution}: the institution, its issuer accounts and accreditation history. */
export interface GetInstitutionReturnType {
  readonly institutionId: number;
  readonly name: string;
  /** ISO 3166-1 alpha-2 code. */
  readonly country: string;
  readonly status: InstitutionStatusName;
  readonly registeredAt: number;
  readonly accreditationDocument: string;
  /** Every account bound to the institution as an issuer. */
  readonly issuers: readonly string[];
  /** Every change of accreditation, oldest first: from when, and whether accredited from then on. */
  readonly history: readonly { readonly from: number; readonly accredited: boolean }[];
}

/**
 * Reads an institution with every issuer account bound to it and its whole accreditation history.
 *
 * @throws {@link RecordNotFoundError} when no institution has this id.
 */
export async function getInstitution({
  suite,
  institutionId,
}: GetInstitutionParameters): Promise<GetInstitutionReturnType> {
  const registry = suite.diplomaRegistry;
  const record = await decodedRead(() => registry.institution(institutionId), { interfaces: suite.interfaces });
  const [issuers, historyLength] = await Promise.all([
    readAll(record.issuerCount, (offset, limit) => registry.issuersOf(institutionId, offset, limit)),
    registry.accreditationHistoryLength(institutionId),
  ]);
  const history = await readAll(historyLength, (offset, limit) =>
    registry.accreditationHistory(institutionId, offset, limit),
  );
  return {
    institutionId,
    name: record.name,
    country: asciiText(record.country),
    status: INSTITUTION_STATUSES[Number(record.status)],
    registeredAt: Number(record.registeredAt),
    accreditationDocument: record.accreditationDocument,
    issuers: [...issuers],
    history: history.map((change) => ({ from: Number(change.from), accredited: change.accredited })),
  };
}

// -----------------------------------------------------------------------------------------------------------------
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
// Sale offers
// -----------------------------------------------------------------------------------------------------------------

/** A sale offer's terms (the contract's `Offer` struct). */
export interface Offer {
  /** The registry of the record on sale. */
  readonly registry: string;
  readonly recordId: bigint;
  readonly seller: string;
  readonly buyer: string;
  /** The payment token, or the zero address for the native coin. */
  readonly token: string;
  readonly price: bigint;
  /** Until when the offer can settle, unix seconds. */
  readonly deadline: number;
  readonly deedHash: string;
  readonly nonce: bigint;
}

/** An offer found from its `OfferOpened` event, with its stored state. */
export interface FoundOffer {
  readonly offerId: string;
  readonly offer: Offer;
  /** The registry's name in the suite, or its address. */
  readonly registryName: string;
  readonly status: OfferStatusName;
  readonly approvalRequired: boolean;
  readonly deposited: boolean;
  readonly fundsReleased: boolean;
  readonly openedInTx: string;
  readonly openedAtBlock: number;
}

/** The name of the suite's contract at `address`, or the address itself. */
function contractNameAt(suite: Suite, address: string): string {
  for (const [name, entry] of Object.entries(suite.deployment.contracts)) {
    if (entry === undefined) continue;
    const at = "proxy" in entry ? entry.proxy : entry.address;
    if (at.toLowerCase() === address.toLowerCase()) return name;
  }
  return address;
}

/** The parameters of {@link getOffer}. */
export interface GetOfferParameters {
  readonly suite: Suite;
  /** The offer's id (its EIP-712 hash), as `OfferOpened` and every later event of the offer carry it. */
  readonly offerId: string;
}

/**
 * Finds an offer by id from its `OfferOpened` event and reads its state: what the transfer commands check before
 * they send.
 *
 * @throws {@link RecordNotFoundError} when no offer with this id was opened.
 * @internal
 */
export async function findOffer({ suite, offerId }: GetOfferParameters): Promise<FoundOffer> {
  const transfer = suite.ownershipTransfer;
  const fromBlock = suite.deployment.contracts.OwnershipTransfer!.deploymentBlock;
  const [opened] = await queryEvents(transfer, transfer.filters.OfferOpened(offerId), fromBlock);
  if (opened === undefined) throw new RecordNotFoundError({ kind: "offer", id: offerId });
  const struct = opened.args.offer as IOwnershipSales.OfferStructOutput;
  const state = await transfer.offerState(offerId);
  return {
    offerId,
    offer: {
      registry: struct.registry,
      recordId: struct.recordId,
      seller: struct.seller,
      buyer: struct.buyer,
      token: struct.token,
      price: struct.price,
      deadline: Number(struct.deadline),
      deedHash: struct.deedHash,
      nonce: struct.nonce,
    },
    registryName: contractNameAt(suite, struct.registry),
    status: OFFER_STATUSES[Number(state.status)],
    approvalRequired: state.approvalRequired,
    deposited: state.deposited,
    fundsReleased: state.fundsReleased,
    openedInTx: opened.transactionHash,
    openedAtBlock: opened.blockNumber,
  };
}

/** One step of an offer's life, from its events. */
export interface OfferEvent {
  /** The event's name, `OfferOpened` first. */
  readonly name: string;
  readonly block: number;
  readonly tx: string;
  /** The event's arguments by name, the offer id left out. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** The return type of {@link getOffer}: the offer's terms, its state and every step of its life. */
export type GetOfferReturnType = FoundOffer & { readonly events: readonly OfferEvent[] };

/**
 * Reads a sale offer: its terms (the full `Offer` from its `OfferOpened` event), where it stands, and every event
 * of its life in chain order.
 *
 * @throws {@link RecordNotFoundError} when no offer with this id was opened.
 */
export async function getOffer(parameters: GetOfferParameters): Promise<GetOfferReturnType> {
  const { suite, offerId } = parameters;
  const found = await findOffer(parameters);
  const transfer = suite.ownershipTransfer;
  const filters = [
    transfer.filters.OfferAccepted(offerId),
    transfer.filters.OfferApproved(offerId),
    transfer.filters.OfferRejected(offerId),
    transfer.filters.OfferSettled(offerId),
    transfer.filters.OfferCancelled(offerId),
    transfer.filters.OfferExpired(offerId),
    transfer.filters.FundsWithdrawn(offerId),
  ];
  const logs = (await Promise.all(filters.map((filter) => queryEvents(transfer, filter, found.openedAtBlock)))).flat();
  logs.sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const events: OfferEvent[] = [
    { name: "OfferOpened", block: found.openedAtBlock, tx: found.openedInTx, args: {} },
    ...logs.map((log) => {
      const args: Record<string, unknown> = {};
      log.fragment.inputs.forEach((input, index) => {
        if (input.name !== "offerId") args[input.name] = log.args[index];
      });
      return { name: log.eventName, block: log.blockNumber, tx: log.transactionHash, args };
    }),
  ];
  return { ...found, events };
}
