/**
 * Land-registrar actions on the PropertyRegistry: register titles (one or in bulk), replace documents, freeze,
 * unfreeze and retire titles, register and release liens. Titles are read with `getTitle` of the SDK.
 *
 * @module
 */
import { getAddress, toBeHex, ZeroHash } from "ethers";

import type { IPropertyRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import {
  decodedRead,
  InvalidInputError,
  InvalidStateError,
  type RecordLabels,
  UnauthorizedPartyError,
} from "../errors.js";
import { findOffer } from "../sdk/reads.js";
import { validateHash, validateText } from "../validate.js";
import { parcelIdOf, type TitleStatusName } from "../vocabulary.js";
import {
  type BulkImportParameters,
  type BulkSummary,
  fileDigest,
  requireFirstOfKey,
  RowKeys,
  type RowOnChain,
  runBulk,
  writtenKeys,
} from "./bulk.js";
import { type ActionContext, execute, type Execution, findEvent } from "./execute.js";

/** A parcel named by its cadastral reference, or by its id written as 0x and 64 hex digits. */
export interface ParcelRef {
  readonly parcelId: bigint;
  /** The cadastral reference when the parcel was named by it. */
  readonly cadastralReference: string | undefined;
  /** How to show the parcel in messages. */
  readonly label: string;
}

/**
 * Reads a parcel reference: a 0x-prefixed 32-byte id, or a cadastral reference, taken in its canonical form
 * (`ut-1` names the parcel `UT-1`; see `normalizeReference`).
 */
export function parseParcel(field: string, value: string | undefined): ParcelRef {
  const text = (value ?? "").trim();
  if (text === "") throw new InvalidInputError({ field, reason: "is required" });
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { parcelId: BigInt(text), cadastralReference: undefined, label: text };
  if (text.startsWith("0x")) {
    throw new InvalidInputError({
      field,
      reason: `"${text}" is neither a cadastral reference nor a 32-byte parcel id`,
    });
  }
  const reference = validateText(field, "reference", text, { normalize: true });
  return { parcelId: parcelIdOf({ cadastralReference: reference }), cadastralReference: reference, label: reference };
}

function parcelRef(parcel: ParcelRef | string | bigint): ParcelRef {
  if (typeof parcel === "object") return parcel;
  if (typeof parcel === "bigint") {
    const hex = `0x${parcel.toString(16).padStart(64, "0")}`;
    return { parcelId: parcel, cadastralReference: undefined, label: hex };
  }
  return parseParcel("parcel", parcel);
}

/** The parcel's label for the messages of a call about it. */
function parcelLabels(parcel: ParcelRef): RecordLabels {
  return new Map([[parcel.parcelId, parcel.label]]);
}

// -----------------------------------------------------------------------------------------------------------------
// Titles
// -----------------------------------------------------------------------------------------------------------------

export type RegisterTitleParameters = ActionContext & {
  readonly cadastralReference: string;
  readonly owner: string;
  /** Hash of the registration deed or survey. */
  readonly documentHash: string;
  /** The parcel's metadata; empty to use the registry's base URI. */
  readonly metadataURI?: string;
};

export type RegisterTitleReturnType = Execution & { readonly parcelId: bigint; readonly cadastralReference: string };

/**
 * Enters a new title. Needs LAND_REGISTRAR. The cadastral reference must be in its canonical form and the metadata
 * URI keep the registry's limits (see `validateText`): both are checked before anything is sent.
 */
export async function registerTitle(parameters: RegisterTitleParameters): Promise<RegisterTitleReturnType> {
  const { suite } = parameters;
  const cadastralReference = validateText("cadastralReference", "reference", parameters.cadastralReference);
  const metadataURI = validateText("metadataURI", "uri", parameters.metadataURI);
  const owner = getAddress(parameters.owner);
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "registerTitle",
        args: [cadastralReference, owner, documentHash, metadataURI],
        description: `register ${cadastralReference} to ${owner}`,
      },
    ],
  });
  return { ...execution, parcelId: parcelIdOf({ cadastralReference }), cadastralReference };
}

export type UpdateTitleDocumentParameters = ActionContext & {
  readonly parcel: ParcelRef | string | bigint;
  readonly documentHash: string;
  readonly metadataURI?: string;
};

export type UpdateTitleDocumentReturnType = Execution & { readonly parcelId: bigint };

/** Replaces a title's document and metadata URI. Needs LAND_REGISTRAR; the title must not be retired. */
export async function updateTitleDocument(
  parameters: UpdateTitleDocumentParameters,
): Promise<UpdateTitleDocumentReturnType> {
  const { suite } = parameters;
  const parcel = parcelRef(parameters.parcel);
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const metadataURI = validateText("metadataURI", "uri", parameters.metadataURI);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "updateTitleDocument",
        args: [parcel.parcelId, documentHash, metadataURI],
        description: `replace the document of ${parcel.label}`,
        labels: parcelLabels(parcel),
      },
    ],
  });
  return { ...execution, parcelId: parcel.parcelId };
}

export type ChangeTitleStatusParameters = ActionContext & {
  readonly parcel: ParcelRef | string | bigint;
  /** Hash of the decision (court order, registrar decision). */
  readonly basis: string;
};

export type ChangeTitleStatusReturnType = Execution & { readonly parcelId: bigint; readonly status: TitleStatusName };

async function changeStatus(
  parameters: ChangeTitleStatusParameters,
  functionName: "freezeTitle" | "unfreezeTitle" | "retireTitle",
  next: TitleStatusName,
): Promise<ChangeTitleStatusReturnType> {
  const { suite } = parameters;
  const parcel = parcelRef(parameters.parcel);
  const basis = validateHash("basis", parameters.basis);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName,
        args: [parcel.parcelId, basis],
        description: `${functionName.replace("Title", "")} ${parcel.label}`,
        labels: parcelLabels(parcel),
      },
    ],
  });
  return { ...execution, parcelId: parcel.parcelId, status: next };
}

export type FreezeTitleParameters = ChangeTitleStatusParameters;
export type FreezeTitleReturnType = ChangeTitleStatusReturnType;

/** Freezes an active title: no sale settles until it is unfrozen. Needs LAND_REGISTRAR. */
export function freezeTitle(parameters: FreezeTitleParameters): Promise<FreezeTitleReturnType> {
  return changeStatus(parameters, "freezeTitle", "Frozen");
}

export type UnfreezeTitleParameters = ChangeTitleStatusParameters;
export type UnfreezeTitleReturnType = ChangeTitleStatusReturnType;

/** Unfreezes a frozen title. Needs LAND_REGISTRAR. */
export function unfreezeTitle(parameters: UnfreezeTitleParameters): Promise<UnfreezeTitleReturnType> {
  return changeStatus(parameters, "unfreezeTitle", "Active");
}

export type RetireTitleParameters = ChangeTitleStatusParameters;
export type RetireTitleReturnType = ChangeTitleStatusReturnType;

/** Retires a title for good. Needs LAND_REGISTRAR. */
export function retireTitle(parameters: RetireTitleParameters): Promise<RetireTitleReturnType> {
  return changeStatus(parameters, "retireTitle", "Retired");
}

// -----------------------------------------------------------------------------------------------------------------
// Liens
// -----------------------------------------------------------------------------------------------------------------

export type AddLienParameters = ActionContext & {
  readonly parcel: ParcelRef | string | bigint;
  /** The bank or person the lien protects. */
  readonly holder: string;
  readonly documentHash: string;
};

export type AddLienReturnType = Execution & { readonly parcelId: bigint; readonly lienId: bigint | null };

/** Registers a lien on a parcel. Needs LAND_REGISTRAR; at most MAX_ACTIVE_LIENS active liens per parcel. */
export async function addLien(parameters: AddLienParameters): Promise<AddLienReturnType> {
  const { suite } = parameters;
  const parcel = parcelRef(parameters.parcel);
  const holder = getAddress(parameters.holder);
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "registerLien",
        args: [parcel.parcelId, holder, documentHash],
        description: `register a lien on ${parcel.label} for ${holder}`,
        labels: parcelLabels(parcel),
      },
    ],
  });
  const event = findEvent({ execution: execution, name: "LienRegistered" });
  return {
    ...execution,
    parcelId: parcel.parcelId,
    lienId: event === undefined ? null : (event.args.lienId as bigint),
  };
}

export type ReleaseLienParameters = ActionContext & { readonly lienId: bigint; readonly basis: string };
export type ReleaseLienReturnType = Execution & { readonly lienId: bigint; readonly parcelId: bigint };

/** Releases an active lien. Needs LAND_REGISTRAR. */
export async function releaseLien(parameters: ReleaseLienParameters): Promise<ReleaseLienReturnType> {
  const { suite, lienId } = parameters;
  const basis = validateHash("basis", parameters.basis);
  const lien = await existingLien(suite, lienId);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "releaseLien",
        args: [lienId, basis],
        description: `release lien ${lienId}`,
      },
    ],
  });
  return { ...execution, lienId, parcelId: lien.parcelId };
}

/** A lien (an unknown one is a `RecordNotFoundError`). */
function existingLien(suite: Suite, lienId: bigint): Promise<IPropertyRegistry.LienStructOutput> {
  return decodedRead(() => suite.propertyRegistry.lienOf(lienId), { interfaces: suite.interfaces });
}

/**
 * The lien, once the acting account is found to hold it: the contract's own refusal would not say who does (the
 * registry checks that the lien is still active).
 */
async function heldLien(
  context: ActionContext,
  lienId: bigint,
  action: string,
): Promise<IPropertyRegistry.LienStructOutput> {
  const lien = await existingLien(context.suite, lienId);
  const account = getAddress(await context.signer.getAddress());
  if (account !== getAddress(lien.holder)) {
    throw new UnauthorizedPartyError({
      account,
      party: `holder of lien ${lienId}`,
      expected: lien.holder,
      action,
    });
  }
  return lien;
}

export type ConsentToSaleParameters = ActionContext & {
  readonly lienId: bigint;
  /** The OwnershipTransfer offer the holder consents to: its buyer, price, deed and deadline, and no other sale. */
  readonly offerId: string;
};
export type ConsentToSaleReturnType = Execution & {
  readonly lienId: bigint;
  readonly parcelId: bigint;
  /** The offer the lien carried consent to before, or null. */
  readonly replacedOfferId: string | null;
};

/**
 * Records the lien holder's consent to one sale of the parcel: the offer must be a pending offer for this very
 * parcel. A new consent replaces the previous one. Only the lien holder can consent.
 */
export async function consentToSale(parameters: ConsentToSaleParameters): Promise<ConsentToSaleReturnType> {
  const { suite, lienId } = parameters;
  const offerId = validateHash("offerId", parameters.offerId);
  const lien = await heldLien(parameters, lienId, "consent to a sale");
  const found = await findOffer({ suite, offerId });
  const registry = await suite.propertyRegistry.getAddress();
  if (getAddress(found.offer.registry) !== getAddress(registry) || found.offer.recordId !== lien.parcelId) {
    throw new InvalidInputError({
      field: "offerId",
      reason: `offer ${offerId} sells another record, not the parcel of lien ${lienId}`,
    });
  }
  if (!["Open", "Accepted", "Approved"].includes(found.status)) {
    throw new InvalidStateError({
      kind: "offer",
      id: offerId,
      state: found.status.toLowerCase(),
      reason: "only a pending sale can receive consent",
    });
  }
  if (lien.consentOfferId === offerId) {
    throw new InvalidStateError({
      kind: "lien",
      id: String(lienId),
      state: "consenting already",
      reason: `its holder consented to offer ${offerId} already`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "consentToSale",
        args: [lienId, offerId],
        description: `consent, as holder of lien ${lienId}, to the sale under offer ${offerId}`,
      },
    ],
  });
  return {
    ...execution,
    lienId,
    parcelId: lien.parcelId,
    replacedOfferId: lien.consentOfferId === ZeroHash ? null : lien.consentOfferId,
  };
}

export type WithdrawConsentParameters = ActionContext & { readonly lienId: bigint };
export type WithdrawConsentReturnType = Execution & {
  readonly lienId: bigint;
  readonly parcelId: bigint;
  /** The offer whose consent was withdrawn. */
  readonly offerId: string;
};

/** Withdraws the lien holder's consent, so that the offer it named can no longer settle. Only the lien holder. */
export async function withdrawConsent(parameters: WithdrawConsentParameters): Promise<WithdrawConsentReturnType> {
  const { suite, lienId } = parameters;
  const lien = await heldLien(parameters, lienId, "withdraw its consent");
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "withdrawConsent",
        args: [lienId],
        description: `withdraw the consent of lien ${lienId} to offer ${lien.consentOfferId}`,
      },
    ],
  });
  return { ...execution, lienId, parcelId: lien.parcelId, offerId: lien.consentOfferId };
}

// -----------------------------------------------------------------------------------------------------------------
// Bulk registration
// -----------------------------------------------------------------------------------------------------------------

/** One title to register in bulk. */
export interface TitleRow {
  /** Where the row comes from, for messages. */
  readonly label: string;
  readonly cadastralReference: string;
  readonly owner: string;
  readonly documentHash: string;
  readonly metadataURI: string;
}

export type RegisterTitlesParameters = BulkImportParameters<TitleRow>;

export type RegisterTitlesReturnType = BulkSummary;

/**
 * Registers many titles through `multicall`, `chunkSize` per transaction, resumable: rows already on chain with the
 * same owner and document are skipped, rows on chain with other data stop the job before anything is sent for
 * their batch. Needs LAND_REGISTRAR.
 */
export async function registerTitles(parameters: RegisterTitlesParameters): Promise<RegisterTitlesReturnType> {
  const { suite } = parameters;
  const seen = new RowKeys();
  const registry = suite.propertyRegistry;
  const iface = registry.interface;
  const record = suite.deployment.contracts.PropertyRegistry;
  const titleRegistered = iface.getEvent("TitleRegistered")!;
  let registered: ReturnType<typeof writtenKeys> | undefined;
  // Each row against the title the registry's logs say was registered for its parcel (owner and document of the
  // first registration, as `ownershipHistory` keeps them), without a read per row.
  const checkRows = async (rows: readonly TitleRow[]): Promise<RowOnChain[]> => {
    registered ??= writtenKeys({
      provider: suite.runner.provider!,
      address: await registry.getAddress(),
      fromBlock: record?.deploymentBlock ?? 0,
      topics: [titleRegistered.topicHash],
      keyTopic: 1,
      // TitleRegistered(uint256 indexed parcelId, address indexed owner, bytes32 documentHash, string, string):
      // the owner is the third topic, the document the first word of the data (read without decoding the strings).
      keep: { digits: 40 + 64, value: (log) => log.topics[2].slice(26) + log.data.slice(2, 66) },
    });
    const keys = await registered;
    return rows.map((row): RowOnChain => {
      const title = keys.get(toBeHex(parcelIdOf({ cadastralReference: row.cadastralReference }), 32));
      if (title === undefined) return { state: "absent" };
      const [owner, document] = [`0x${title.slice(0, 40)}`, `0x${title.slice(40)}`];
      if (owner === row.owner.toLowerCase() && document === row.documentHash.toLowerCase()) {
        return { state: "present" };
      }
      return {
        state: "conflict",
        reason: `${row.cadastralReference} was registered to ${getAddress(owner)} with document ${document}`,
      };
    });
  };
  return runBulk({
    ...parameters,
    contract: registry,
    contractName: "PropertyRegistry",
    functionSignature: "registerTitle(string,address,bytes32,string)",
    checkRow: (row, at) => {
      requireFirstOfKey(seen, at, row.label, "cadastralReference", row.cadastralReference);
      validateText(`${row.label} cadastralReference`, "reference", row.cadastralReference);
      validateText(`${row.label} metadataURI`, "uri", row.metadataURI);
      validateHash(`${row.label} documentHash`, row.documentHash);
    },
    checkRows,
    encode: (row) =>
      iface.encodeFunctionData("registerTitle", [row.cadastralReference, row.owner, row.documentHash, row.metadataURI]),
    inputDigest: await fileDigest(parameters.inputPath),
  });
}
