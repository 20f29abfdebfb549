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
  ContractRevertError,
  decodeRevert,
  InvalidInputError,
  InvalidStateError,
  RecordNotFoundError,
  UnauthorizedPartyError,
} from "../errors.js";
import { findOffer } from "../sdk/reads.js";
import { type BulkProgress, type BulkSummary, type RowOnChain, runBulk, writtenKeys, fileDigest } from "./bulk.js";
import { type ActionContext, execute, type Execution, findEvent, requireCanCall, requireNotPaused } from "./execute.js";
import { parcelIdOf, TITLE_STATUSES, type TitleStatusName } from "../vocabulary.js";

/** A parcel named by its cadastral reference, or by its id written as 0x and 64 hex digits. */
export interface ParcelRef {
  readonly parcelId: bigint;
  /** The cadastral reference when the parcel was named by it. */
  readonly cadastralReference: string | undefined;
  /** How to show the parcel in messages. */
  readonly label: string;
}

/** Reads a parcel reference: a 0x-prefixed 32-byte id, or a cadastral reference. */
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
  return { parcelId: parcelIdOf({ cadastralReference: text }), cadastralReference: text, label: text };
}

function parcelRef(parcel: ParcelRef | string | bigint): ParcelRef {
  if (typeof parcel === "object") return parcel;
  if (typeof parcel === "bigint") {
    const hex = `0x${parcel.toString(16).padStart(64, "0")}`;
    return { parcelId: parcel, cadastralReference: undefined, label: hex };
  }
  return parseParcel("parcel", parcel);
}

/** The title of a parcel, or a {@link RecordNotFoundError}. */
async function existingTitle(suite: Suite, parcel: ParcelRef): Promise<IPropertyRegistry.TitleStructOutput> {
  try {
    return await suite.propertyRegistry.titleOf(parcel.parcelId);
  } catch (error) {
    const decoded = decodeRevert({ error, interfaces: suite.interfaces });
    if (decoded instanceof ContractRevertError && decoded.errorName === "PropertyRegistryUnknownParcel") {
      throw new RecordNotFoundError({ kind: "parcel", id: parcel.label });
    }
    throw decoded;
  }
}

function statusOf(title: IPropertyRegistry.TitleStructOutput): TitleStatusName {
  return TITLE_STATUSES[Number(title.status)];
}

function requireStatus(parcel: ParcelRef, title: IPropertyRegistry.TitleStructOutput, allowed: TitleStatusName[]) {
  const status = statusOf(title);
  if (!allowed.includes(status)) {
    throw new InvalidStateError({
      kind: "parcel",
      id: parcel.label,
      state: status.toLowerCase(),
      reason: `the operation needs a title that is ${allowed.map((name) => name.toLowerCase()).join(" or ")}`,
    });
  }
}

function requireNonZero(field: string, hash: string): void {
  if (hash === ZeroHash) throw new InvalidInputError({ field, reason: "must not be the zero hash" });
}

/** The registrar checks every write makes: registry not paused, acting account holds the function's role. */
async function registrarChecks(context: ActionContext, functionSignature: string): Promise<void> {
  const { suite, signer } = context;
  await requireNotPaused({ contract: suite.propertyRegistry, contractName: "PropertyRegistry" });
  await requireCanCall({
    suite,
    account: await signer.getAddress(),
    target: await suite.propertyRegistry.getAddress(),
    contractName: "PropertyRegistry",
    functionSignature,
  });
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

/** Enters a new title. Needs LAND_REGISTRAR. */
export async function registerTitle(parameters: RegisterTitleParameters): Promise<RegisterTitleReturnType> {
  const { suite, cadastralReference, documentHash } = parameters;
  if (cadastralReference.trim() === "") {
    throw new InvalidInputError({ field: "cadastralReference", reason: "is required" });
  }
  const owner = getAddress(parameters.owner);
  requireNonZero("documentHash", documentHash);
  await registrarChecks(parameters, "registerTitle(string,address,bytes32,string)");
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "registerTitle",
        args: [cadastralReference, owner, documentHash, parameters.metadataURI ?? ""],
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
  const { suite, documentHash } = parameters;
  const parcel = parcelRef(parameters.parcel);
  requireNonZero("documentHash", documentHash);
  await registrarChecks(parameters, "updateTitleDocument(uint256,bytes32,string)");
  requireStatus(parcel, await existingTitle(suite, parcel), ["Active", "Frozen"]);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "updateTitleDocument",
        args: [parcel.parcelId, documentHash, parameters.metadataURI ?? ""],
        description: `replace the document of ${parcel.label}`,
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
  allowed: TitleStatusName[],
  next: TitleStatusName,
): Promise<ChangeTitleStatusReturnType> {
  const { suite, basis } = parameters;
  const parcel = parcelRef(parameters.parcel);
  requireNonZero("basis", basis);
  await registrarChecks(parameters, `${functionName}(uint256,bytes32)`);
  requireStatus(parcel, await existingTitle(suite, parcel), allowed);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName,
        args: [parcel.parcelId, basis],
        description: `${functionName.replace("Title", "")} ${parcel.label}`,
      },
    ],
  });
  return { ...execution, parcelId: parcel.parcelId, status: next };
}

export type FreezeTitleParameters = ChangeTitleStatusParameters;
export type FreezeTitleReturnType = ChangeTitleStatusReturnType;

/** Freezes an active title: no sale settles until it is unfrozen. Needs LAND_REGISTRAR. */
export function freezeTitle(parameters: FreezeTitleParameters): Promise<FreezeTitleReturnType> {
  return changeStatus(parameters, "freezeTitle", ["Active"], "Frozen");
}

export type UnfreezeTitleParameters = ChangeTitleStatusParameters;
export type UnfreezeTitleReturnType = ChangeTitleStatusReturnType;

/** Unfreezes a frozen title. Needs LAND_REGISTRAR. */
export function unfreezeTitle(parameters: UnfreezeTitleParameters): Promise<UnfreezeTitleReturnType> {
  return changeStatus(parameters, "unfreezeTitle", ["Frozen"], "Active");
}

export type RetireTitleParameters = ChangeTitleStatusParameters;
export type RetireTitleReturnType = ChangeTitleStatusReturnType;

/** Retires a title for good. Needs LAND_REGISTRAR. */
export function retireTitle(parameters: RetireTitleParameters): Promise<RetireTitleReturnType> {
  return changeStatus(parameters, "retireTitle", ["Active", "Frozen"], "Retired");
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
  const { suite, documentHash } = parameters;
  const parcel = parcelRef(parameters.parcel);
  const holder = getAddress(parameters.holder);
  requireNonZero("documentHash", documentHash);
  await registrarChecks(parameters, "registerLien(uint256,address,bytes32)");
  const title = await existingTitle(suite, parcel);
  requireStatus(parcel, title, ["Active", "Frozen"]);
  const maximum = await suite.propertyRegistry.MAX_ACTIVE_LIENS();
  if (title.activeLienCount >= maximum) {
    throw new InvalidStateError({
      kind: "parcel",
      id: parcel.label,
      state: `encumbered by ${title.activeLienCount} liens`,
      reason: `at most ${maximum} liens can be active at once; release one first`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.propertyRegistry,
        contractName: "PropertyRegistry",
        functionName: "registerLien",
        args: [parcel.parcelId, holder, documentHash],
        description: `register a lien on ${parcel.label} for ${holder}`,
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
  const { suite, lienId, basis } = parameters;
  requireNonZero("basis", basis);
  await registrarChecks(parameters, "releaseLien(uint256,bytes32)");
  let lien: IPropertyRegistry.LienStructOutput;
  try {
    lien = await suite.propertyRegistry.lienOf(lienId);
  } catch (error) {
    const decoded = decodeRevert({ error, interfaces: suite.interfaces });
    if (decoded instanceof ContractRevertError && decoded.errorName === "PropertyRegistryUnknownLien") {
      throw new RecordNotFoundError({ kind: "lien", id: String(lienId) });
    }
    throw decoded;
  }
  if (lien.releasedAt !== 0n) {
    throw new InvalidStateError({
      kind: "lien",
      id: String(lienId),
      state: "released",
      reason: `it was released at ${new Date(Number(lien.releasedAt) * 1000).toISOString()}`,
    });
  }
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

/** An existing lien, or a {@link RecordNotFoundError}. */
async function existingLien(suite: Suite, lienId: bigint): Promise<IPropertyRegistry.LienStructOutput> {
  try {
    return await suite.propertyRegistry.lienOf(lienId);
  } catch (error) {
    const decoded = decodeRevert({ error, interfaces: suite.interfaces });
    if (decoded instanceof ContractRevertError && decoded.errorName === "PropertyRegistryUnknownLien") {
      throw new RecordNotFoundError({ kind: "lien", id: String(lienId) });
    }
    throw decoded;
  }
}

/** Checks that the lien is active and that the acting account holds it. */
async function holderChecks(
  context: ActionContext,
  lienId: bigint,
  action: string,
): Promise<IPropertyRegistry.LienStructOutput> {
  const { suite, signer } = context;
  const lien = await existingLien(suite, lienId);
  if (lien.releasedAt !== 0n) {
    throw new InvalidStateError({
      kind: "lien",
      id: String(lienId),
      state: "released",
      reason: `it was released at ${new Date(Number(lien.releasedAt) * 1000).toISOString()}; a released lien needs no consent`,
    });
  }
  const account = getAddress(await signer.getAddress());
  if (account !== getAddress(lien.holder)) {
    throw new UnauthorizedPartyError({
      account,
      party: `holder of lien ${lienId}`,
      expected: lien.holder,
      action,
    });
  }
  await requireNotPaused({ contract: suite.propertyRegistry, contractName: "PropertyRegistry" });
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
  const { suite, lienId, offerId } = parameters;
  requireNonZero("offerId", offerId);
  const lien = await holderChecks(parameters, lienId, "consent to a sale");
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
  const lien = await holderChecks(parameters, lienId, "withdraw its consent");
  if (lien.consentOfferId === ZeroHash) {
    throw new InvalidStateError({
      kind: "lien",
      id: String(lienId),
      state: "without consent",
      reason: "its holder has consented to no sale, so there is nothing to withdraw",
    });
  }
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

export type RegisterTitlesParameters = ActionContext & {
  readonly rows: readonly TitleRow[];
  /** Titles per transaction (one `multicall`), or `auto`: sized from the chain's gas limit (see `runBulk`). */
  readonly chunkSize: number | "auto";
  /** Transactions awaiting their receipts at most (see `runBulk`). */
  readonly maxInFlight?: number;
  /** Only check the rows against the chain; send nothing. */
  readonly checkOnly?: boolean;
  /** Keep only the hash, block and gas of each sent transaction (see `runBulk`). */
  readonly compactTransactions?: boolean;
  /** The progress journal, normally `<input file>.journal`. */
  readonly journalPath: string;
  /** The input file, whose digest binds the journal to it. */
  readonly inputPath: string;
  readonly onProgress?: (progress: BulkProgress) => void;
};

export type RegisterTitlesReturnType = BulkSummary;

/**
 * Registers many titles through `multicall`, `chunkSize` per transaction, resumable: rows already on chain with the
 * same owner and document are skipped, rows on chain with other data stop the job before anything is sent for
 * their batch. Needs LAND_REGISTRAR.
 */
export async function registerTitles(parameters: RegisterTitlesParameters): Promise<RegisterTitlesReturnType> {
  const { suite, rows } = parameters;
  const seen = new Map<string, string>();
  for (const row of rows) {
    const previous = seen.get(row.cadastralReference);
    if (previous !== undefined) {
      throw new InvalidInputError({
        field: `${row.label} cadastralReference`,
        reason: `${row.cadastralReference} is also on ${previous}`,
      });
    }
    seen.set(row.cadastralReference, row.label);
    requireNonZero(`${row.label} documentHash`, row.documentHash);
  }
  const registry = suite.propertyRegistry;
  const iface = registry.interface;
  const record = suite.deployment.contracts.PropertyRegistry;
  const titleRegistered = iface.getEvent("TitleRegistered")!;
  let registered: Promise<Map<string, { owner: string; document: string }>> | undefined;
  // Each row against the title the registry's logs say was registered for its parcel (owner and document of the
  // first registration, as `ownershipHistory` keeps them), without a read per row.
  const checkRows = async (indexes: readonly number[]): Promise<RowOnChain[]> => {
    registered ??= writtenKeys({
      provider: suite.runner.provider!,
      address: await registry.getAddress(),
      fromBlock: record?.deploymentBlock ?? 0,
      topics: [titleRegistered.topicHash],
      keyTopic: 1,
      // TitleRegistered(uint256 indexed parcelId, address indexed owner, bytes32 documentHash, string, string):
      // the owner is the third topic, the document the first word of the data (read without decoding the strings).
      keep: (log) => ({
        owner: `0x${log.topics[2].slice(26)}`.toLowerCase(),
        document: log.data.slice(0, 66).toLowerCase(),
      }),
    });
    const keys = await registered;
    return indexes.map((index): RowOnChain => {
      const row = rows[index];
      const title = keys.get(toBeHex(parcelIdOf({ cadastralReference: row.cadastralReference }), 32));
      if (title === undefined) return { state: "absent" };
      const { owner, document } = title;
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
    // Encoded when sent, so that a long file is not held twice in memory.
    rows: rows.map((row) => ({
      label: row.label,
      get data() {
        return iface.encodeFunctionData("registerTitle", [
          row.cadastralReference,
          row.owner,
          row.documentHash,
          row.metadataURI,
        ]);
      },
    })),
    checkRows,
    inputDigest: await fileDigest(parameters.inputPath),
  });
}
