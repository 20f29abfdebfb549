/**
 * Rebuilds the state of the registries from their event logs alone, as an integrator that only indexes events sees
 * it: titles with their whole ownership history and liens, sale offers with their escrow, diplomas and other
 * credentials with their institutions, issuers, revocations, kinds, validity windows, suspensions and signing keys,
 * and the citizen register. Each `replay...` function folds logs (with the time of their block) into a
 * plain state object; the tests compare that object with the contracts' own reads field by field.
 *
 * Events carry no time: a change is dated by the timestamp of the block that holds it, which {@link fetchTimedLogs}
 * attaches to each log. As everywhere in the SDK, times are unix seconds as `number` (`null` where nothing happened
 * yet); ids, amounts and enum values are the `bigint`s the contracts' reads return (`TITLE_STATUSES[Number(status)]`
 * names a status).
 *
 * @module egov-registries/replay
 */
import { ZeroAddress, ZeroHash, type Log } from "ethers";

import { DiplomaRegistry__factory, OwnershipTransfer__factory, PropertyRegistry__factory } from "./contracts.js";
import type { ManifestReplayFunction } from "./manifest.js";
import { found, type ReplayParameters, ReplayError } from "./replay/base.js";
import { replayCitizenRegistry } from "./replay/citizens.js";
import {
  type CredentialRecordsState,
  emptyCredentialRecords,
  foldCredentialEvent,
  replayedAccreditedForKind,
  replayedCredentialTerms,
} from "./replay/credentials.js";
import { ChangeKind, DiplomaStatus, InstitutionStatus, OfferStatus, TitleStatus } from "./vocabulary.js";
import type {
  BatchIssuedEvent,
  DiplomaIssuedEvent,
  DiplomaRevokedEvent,
  DiplomaRevokedInBatchEvent,
  DiplomaSupersededEvent,
  InstitutionRegisteredEvent,
  InstitutionReinstatedEvent,
  InstitutionSuspendedEvent,
  IssuerBoundEvent,
  IssuerUnboundEvent,
} from "../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";
import type {
  BaseURIUpdatedEvent,
  LienConsentRecordedEvent,
  LienConsentWithdrawnEvent,
  LienRegisteredEvent,
  LienReleasedEvent,
  TitleDocumentUpdatedEvent,
  TitleRegisteredEvent,
  TitleStatusChangedEvent,
  TitleTransferredEvent,
} from "../types/ethers-contracts/contracts/property/PropertyRegistry.js";
import type {
  CourtOrderExecutedEvent,
  FundsWithdrawnEvent,
  IOwnershipSales,
  KeysRecoveredEvent,
  OfferAcceptedEvent,
  OfferOpenedEvent,
  RegistryPolicySetEvent,
} from "../types/ethers-contracts/contracts/transfer/OwnershipTransfer.js";

export {
  fetchTimedLogs,
  type FetchTimedLogsParameters,
  type FetchTimedLogsReturnType,
  ReplayError,
  type ReplayParameters,
  type TimedLog,
} from "./replay/base.js";
export {
  type CitizenRegistryState,
  replayCitizenRegistry,
  type ReplayCitizenRegistryReturnType,
  type ReplayedCitizen,
} from "./replay/citizens.js";
export {
  type CredentialRecordsState,
  kindAccreditationKey,
  type KindAccreditationKeyParameters,
  type KindAccreditationKeyReturnType,
  replayedAccreditedForKind,
  type ReplayedAccreditedForKindParameters,
  type ReplayedAccreditedForKindReturnType,
  type ReplayedCredentialKind,
  type ReplayedCredentialTerms,
  type ReplayedKindAccreditation,
  type ReplayedSigningKey,
  type ReplayedSuspension,
} from "./replay/credentials.js";

// ---------------------------------------------------------------------------------------------------------------------
// Land register
// ---------------------------------------------------------------------------------------------------------------------

/** One entry of a title's ownership history (`IOwnershipRegistry.OwnershipRecord`). */
export interface ReplayedOwnershipRecord {
  owner: string;
  /** Unix seconds. */
  since: number;
  kind: bigint;
  basis: string;
}

/** A title as `titleOf` and `ownershipHistory` read it, with its cadastral reference and active liens. */
export interface ReplayedTitle {
  parcelId: bigint;
  cadastralReference: string;
  owner: string;
  status: bigint;
  /** Unix seconds. */
  registeredAt: number;
  /** Unix seconds. */
  ownerSince: number;
  documentHash: string;
  metadataURI: string;
  history: ReplayedOwnershipRecord[];
  /** Active lien ids in the order `activeLiens` returns them. */
  activeLienIds: bigint[];
}

/** A lien as `lienOf` reads it. */
export interface ReplayedLien {
  lienId: bigint;
  parcelId: bigint;
  holder: string;
  documentHash: string;
  /** Unix seconds. */
  registeredAt: number;
  /** Unix seconds; null while the lien holds. */
  releasedAt: number | null;
  /** The sale offer the lien holder consented to; zero when none. */
  consentOfferId: string;
}

/** The land register rebuilt from its logs. */
export interface PropertyRegistryState {
  titles: Map<bigint, ReplayedTitle>;
  liens: Map<bigint, ReplayedLien>;
  /** Titles owned per account (ERC-721 `balanceOf`); accounts that never owned a title are absent. */
  balances: Map<string, bigint>;
  /** The base URI of titles without their own metadata URI, as set by `initialize` or last by `setBaseURI`. */
  baseURI: string;
  paused: boolean;
}

/** The return type of {@link replayPropertyRegistry}. */
export type ReplayPropertyRegistryReturnType = PropertyRegistryState;

/** Folds the land register's logs, in chain order, into its state. Logs of other events are skipped. */
export function replayPropertyRegistry({ logs }: ReplayParameters): ReplayPropertyRegistryReturnType {
  const iface = PropertyRegistry__factory.createInterface();
  const state: PropertyRegistryState = {
    titles: new Map(),
    liens: new Map(),
    balances: new Map(),
    baseURI: "",
    paused: false,
  };
  const title = (parcelId: bigint, log: Log) => found(state.titles.get(parcelId), "unknown parcel", log);
  const lien = (lienId: bigint, log: Log) => found(state.liens.get(lienId), "unknown lien", log);
  const credit = (account: string, change: bigint) =>
    state.balances.set(account, (state.balances.get(account) ?? 0n) + change);

  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    switch (event?.name) {
      case "TitleRegistered": {
        const a = event.args as unknown as TitleRegisteredEvent.OutputObject;
        if (state.titles.has(a.parcelId)) throw new ReplayError("parcel registered twice", log);
        state.titles.set(a.parcelId, {
          parcelId: a.parcelId,
          cadastralReference: a.cadastralReference,
          owner: a.owner,
          status: TitleStatus.Active,
          registeredAt: timestamp,
          ownerSince: timestamp,
          documentHash: a.documentHash,
          metadataURI: a.metadataURI,
          history: [{ owner: a.owner, since: timestamp, kind: ChangeKind.Registration, basis: a.documentHash }],
          activeLienIds: [],
        });
        credit(a.owner, 1n);
        break;
      }
      case "TitleDocumentUpdated": {
        const a = event.args as unknown as TitleDocumentUpdatedEvent.OutputObject;
        const t = title(a.parcelId, log);
        if (t.documentHash !== a.previousDocumentHash) throw new ReplayError("previous document differs", log);
        t.documentHash = a.documentHash;
        t.metadataURI = a.metadataURI;
        break;
      }
      case "TitleStatusChanged": {
        const a = event.args as unknown as TitleStatusChangedEvent.OutputObject;
        const t = title(a.parcelId, log);
        if (t.status !== a.previousStatus) throw new ReplayError("previous status differs", log);
        t.status = a.status;
        // A retired title leaves circulation: it no longer counts in its last owner's ERC-721 balance.
        if (a.status === TitleStatus.Retired) credit(t.owner, -1n);
        break;
      }
      case "TitleTransferred": {
        const a = event.args as unknown as TitleTransferredEvent.OutputObject;
        const t = title(a.parcelId, log);
        if (t.owner !== a.from || BigInt(t.history.length) !== a.historyIndex) {
          throw new ReplayError("transfer from another owner or history position", log);
        }
        t.history.push({ owner: a.to, since: timestamp, kind: a.kind, basis: a.basis });
        t.owner = a.to;
        t.ownerSince = timestamp;
        credit(a.from, -1n);
        credit(a.to, 1n);
        break;
      }
      case "LienRegistered": {
        const a = event.args as unknown as LienRegisteredEvent.OutputObject;
        title(a.parcelId, log).activeLienIds.push(a.lienId);
        state.liens.set(a.lienId, {
          lienId: a.lienId,
          parcelId: a.parcelId,
          holder: a.holder,
          documentHash: a.documentHash,
          registeredAt: timestamp,
          releasedAt: null,
          consentOfferId: ZeroHash,
        });
        break;
      }
      case "LienReleased": {
        const a = event.args as unknown as LienReleasedEvent.OutputObject;
        lien(a.lienId, log).releasedAt = timestamp;
        removeSwappingLast(title(a.parcelId, log).activeLienIds, a.lienId, log);
        break;
      }
      case "LienConsentRecorded": {
        const a = event.args as unknown as LienConsentRecordedEvent.OutputObject;
        lien(a.lienId, log).consentOfferId = a.offerId;
        break;
      }
      case "LienConsentWithdrawn": {
        const a = event.args as unknown as LienConsentWithdrawnEvent.OutputObject;
        lien(a.lienId, log).consentOfferId = ZeroHash;
        break;
      }
      case "BaseURIUpdated":
        state.baseURI = (event.args as unknown as BaseURIUpdatedEvent.OutputObject).baseURI;
        break;
      case "Paused":
        state.paused = true;
        break;
      case "Unpaused":
        state.paused = false;
        break;
      default:
        break;
    }
  }
  return state;
}

/** The parameters of {@link replayedTokenURI}. */
export interface ReplayedTokenURIParameters {
  readonly state: PropertyRegistryState;
  readonly parcelId: bigint;
}

/** The return type of {@link replayedTokenURI}. */
export type ReplayedTokenURIReturnType = string;

/** The `tokenURI` of a replayed title: its own metadata URI, or the base URI followed by the parcel id. */
export function replayedTokenURI({ state, parcelId }: ReplayedTokenURIParameters): ReplayedTokenURIReturnType {
  const title = state.titles.get(parcelId);
  if (title === undefined) throw new Error(`unknown parcel ${parcelId}`);
  if (title.metadataURI !== "") return title.metadataURI;
  return state.baseURI === "" ? "" : `${state.baseURI}${parcelId}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Transfer contract
// ---------------------------------------------------------------------------------------------------------------------

/** `IOwnershipSales.Offer` with concrete types. */
export interface ReplayedOfferTerms {
  registry: string;
  recordId: bigint;
  seller: string;
  buyer: string;
  token: string;
  price: bigint;
  /** Unix seconds. */
  deadline: number;
  deedHash: string;
  nonce: bigint;
}

/** An offer as `offerState` reads it, with its terms when it was opened. */
export interface ReplayedOffer {
  offerId: string;
  /** The terms from {OfferOpened}; absent for a signed offer the seller cancelled before anyone submitted it. */
  terms?: ReplayedOfferTerms;
  status: bigint;
  approvalRequired: boolean;
  deposited: boolean;
  fundsReleased: boolean;
  /** The record's owner-change count when the offer was opened; any later change voids the offer. */
  ownerChanges: bigint;
}

/** A registry's policy as `registryPolicy` reads it. */
export interface ReplayedRegistryPolicy {
  enabled: boolean;
  approvalRequired: boolean;
  approverRole: bigint;
}

/** A court order or a key recovery, as its event tells it. */
export type ReplayedOwnerChangeOrder =
  | { kind: "CourtOrder"; registry: string; recordId: bigint; from: string; to: string; basis: string; at: number }
  | {
      kind: "KeyRecovery";
      registry: string;
      lostAccount: string;
      newAccount: string;
      recordCount: bigint;
      basis: string;
      at: number;
    };

/** The transfer contract rebuilt from its logs. */
export interface OwnershipTransferState {
  offers: Map<string, ReplayedOffer>;
  policies: Map<string, ReplayedRegistryPolicy>;
  orders: ReplayedOwnerChangeOrder[];
  paused: boolean;
}

/** The return type of {@link replayOwnershipTransfer}. */
export type ReplayOwnershipTransferReturnType = OwnershipTransferState;

/** Folds the transfer contract's logs, in chain order, into its state. Logs of other events are skipped. */
export function replayOwnershipTransfer({ logs }: ReplayParameters): ReplayOwnershipTransferReturnType {
  const iface = OwnershipTransfer__factory.createInterface();
  const state: OwnershipTransferState = { offers: new Map(), policies: new Map(), orders: [], paused: false };
  const offer = (offerId: string, log: Log) => found(state.offers.get(offerId), "unknown offer", log);

  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    switch (event?.name) {
      case "RegistryPolicySet": {
        const a = event.args as unknown as RegistryPolicySetEvent.OutputObject;
        state.policies.set(a.registry, {
          enabled: a.enabled,
          approvalRequired: a.approvalRequired,
          approverRole: a.approverRole,
        });
        break;
      }
      case "OfferOpened": {
        const a = event.args as unknown as OfferOpenedEvent.OutputObject;
        state.offers.set(a.offerId, {
          offerId: a.offerId,
          terms: termsOf(a.offer),
          status: OfferStatus.Open,
          approvalRequired: a.approvalRequired,
          deposited: false,
          fundsReleased: false,
          ownerChanges: a.ownerChanges,
        });
        break;
      }
      case "OfferCancelled": {
        const offerId = event.args.offerId as string;
        const existing = state.offers.get(offerId);
        if (existing === undefined) {
          state.offers.set(offerId, {
            offerId,
            status: OfferStatus.Cancelled,
            approvalRequired: false,
            deposited: false,
            fundsReleased: false,
            ownerChanges: 0n,
          });
        } else {
          existing.status = OfferStatus.Cancelled;
        }
        break;
      }
      case "OfferAccepted": {
        const a = event.args as unknown as OfferAcceptedEvent.OutputObject;
        const o = offer(a.offerId, log);
        if (o.terms !== undefined && o.terms.price !== a.amount) throw new ReplayError("paid another price", log);
        o.status = OfferStatus.Accepted;
        o.deposited = true;
        break;
      }
      case "OfferApproved":
        offer(event.args.offerId as string, log).status = OfferStatus.Approved;
        break;
      case "OfferRejected":
        offer(event.args.offerId as string, log).status = OfferStatus.Rejected;
        break;
      case "OfferSettled":
        offer(event.args.offerId as string, log).status = OfferStatus.Settled;
        break;
      case "OfferExpired":
        offer(event.args.offerId as string, log).status = OfferStatus.Expired;
        break;
      case "FundsWithdrawn": {
        const a = event.args as unknown as FundsWithdrawnEvent.OutputObject;
        const o = offer(a.offerId, log);
        if (!o.deposited || o.fundsReleased) throw new ReplayError("funds withdrawn twice or never paid", log);
        o.fundsReleased = true;
        break;
      }
      case "CourtOrderExecuted": {
        const a = event.args as unknown as CourtOrderExecutedEvent.OutputObject;
        state.orders.push({
          kind: "CourtOrder",
          registry: a.registry,
          recordId: a.recordId,
          from: a.from,
          to: a.to,
          basis: a.basis,
          at: timestamp,
        });
        break;
      }
      case "KeysRecovered": {
        const a = event.args as unknown as KeysRecoveredEvent.OutputObject;
        state.orders.push({
          kind: "KeyRecovery",
          registry: a.registry,
          lostAccount: a.lostAccount,
          newAccount: a.newAccount,
          recordCount: a.recordCount,
          basis: a.basis,
          at: timestamp,
        });
        break;
      }
      case "Paused":
        state.paused = true;
        break;
      case "Unpaused":
        state.paused = false;
        break;
      default:
        break;
    }
  }
  return state;
}

/** The parameters of {@link replayedEscrow}. */
export interface ReplayedEscrowParameters {
  readonly state: OwnershipTransferState;
}

/** The return type of {@link replayedEscrow}: amounts by token address. */
export type ReplayedEscrowReturnType = Map<string, bigint>;

/**
 * What the transfer contract must hold per payment token (the zero address for the native coin): the prices of offers
 * paid into escrow and not yet withdrawn (open deposits, unwithdrawn proceeds and refunds).
 */
export function replayedEscrow({ state }: ReplayedEscrowParameters): ReplayedEscrowReturnType {
  const held = new Map<string, bigint>();
  for (const offer of state.offers.values()) {
    if (offer.terms === undefined) continue;
    const due = offer.deposited && !offer.fundsReleased ? offer.terms.price : 0n;
    held.set(offer.terms.token, (held.get(offer.terms.token) ?? 0n) + due);
  }
  return held;
}

// ---------------------------------------------------------------------------------------------------------------------
// Diploma register
// ---------------------------------------------------------------------------------------------------------------------

/** One entry of an institution's accreditation history (`IDiplomaRegistry.AccreditationChange`). */
export interface ReplayedAccreditationChange {
  /** Unix seconds. */
  from: number;
  accredited: boolean;
}

/** An institution as `institution`, `issuersOf` and `accreditationHistory` read it. */
export interface ReplayedInstitution {
  institutionId: bigint;
  name: string;
  country: string;
  status: bigint;
  /** Unix seconds. */
  registeredAt: number;
  accreditationDocument: string;
  /** Bound issuers in the order `issuersOf` returns them. */
  issuers: string[];
  accreditationHistory: ReplayedAccreditationChange[];
}

/** A diploma issued alone or a batch: who recorded it, for which institution, when. */
export interface ReplayedIssuance {
  issuer: string;
  institutionId: bigint;
  /** Unix seconds. */
  issuedAt: number;
}

/** A diploma issued alone, with the details its event carries. */
export interface ReplayedDiploma extends ReplayedIssuance {
  documentHash: string;
  holderWallet: string;
  holderCommitment: string;
  programmeCode: string;
  /** Unix seconds. */
  awardedAt: number;
}

/** A batch of diplomas under one Merkle root. */
export interface ReplayedBatch extends ReplayedIssuance {
  root: string;
  diplomaCount: bigint;
}

/** A revocation; `root` is zero for a diploma issued alone. */
export interface ReplayedRevocation {
  root: string;
  documentHash: string;
  /** Inside a batch: the bit of the batch's status list that was set; null for a diploma issued alone. */
  statusIndex: number | null;
  revokedBy: string;
  /** Unix seconds. */
  revokedAt: number;
  reason: bigint;
  supersededBy: string;
}

/** The diploma register rebuilt from its logs. */
export interface DiplomaRegistryState {
  institutions: Map<bigint, ReplayedInstitution>;
  /** Issuer account => institution id. */
  bindings: Map<string, bigint>;
  /** Diplomas issued alone, keyed by {@link recordKey} of their institution and document hash. */
  diplomas: Map<string, ReplayedDiploma>;
  /** Batches, keyed by {@link recordKey} of their institution and root. */
  batches: Map<string, ReplayedBatch>;
  /** Keyed by {@link revocationKey}. */
  revocations: Map<string, ReplayedRevocation>;
  /** Each batch's status list, keyed by {@link recordKey} of its institution and root: the status indices set. */
  statusLists: Map<string, Set<number>>;
  /** Kinds, accreditation per kind, validity windows, suspensions and signing keys. */
  credentials: CredentialRecordsState;
  /** The time of the last replayed log's block, unix seconds; zero before any. */
  asOf: number;
  paused: boolean;
}

/** The parameters of {@link recordKey}. */
export interface RecordKeyParameters {
  readonly institutionId: bigint;
  /** The document hash of a diploma issued alone, or the root of a batch. */
  readonly hash: string;
}

/** The return type of {@link recordKey}. */
export type RecordKeyReturnType = string;

/** The key of a diploma issued alone or a batch: the registry keeps every record under its institution. */
export function recordKey({ institutionId, hash }: RecordKeyParameters): RecordKeyReturnType {
  return `${institutionId}/${hash}`;
}

/** The parameters of {@link revocationKey}. */
export interface RevocationKeyParameters {
  readonly institutionId: bigint;
  /** The batch root; zero for a diploma issued alone. */
  readonly root: string;
  readonly documentHash: string;
}

/** The return type of {@link revocationKey}. */
export type RevocationKeyReturnType = string;

/** The key of a revocation in {@link DiplomaRegistryState.revocations}. */
export function revocationKey({ institutionId, root, documentHash }: RevocationKeyParameters): RevocationKeyReturnType {
  return `${institutionId}/${root}/${documentHash}`;
}

/** The return type of {@link replayDiplomaRegistry}. */
export type ReplayDiplomaRegistryReturnType = DiplomaRegistryState;

/** Folds the diploma register's logs, in chain order, into its state. Logs of other events are skipped. */
export function replayDiplomaRegistry({ logs }: ReplayParameters): ReplayDiplomaRegistryReturnType {
  const iface = DiplomaRegistry__factory.createInterface();
  const state: DiplomaRegistryState = {
    institutions: new Map(),
    bindings: new Map(),
    diplomas: new Map(),
    batches: new Map(),
    revocations: new Map(),
    statusLists: new Map(),
    credentials: emptyCredentialRecords(),
    asOf: 0,
    paused: false,
  };
  const institution = (id: bigint, log: Log) => found(state.institutions.get(id), "unknown institution", log);

  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    state.asOf = timestamp;
    if (event !== null && foldCredentialEvent({ state: state.credentials, event, log, timestamp })) continue;
    switch (event?.name) {
      case "InstitutionRegistered": {
        const a = event.args as unknown as InstitutionRegisteredEvent.OutputObject;
        state.institutions.set(a.institutionId, {
          institutionId: a.institutionId,
          name: a.name,
          country: a.country,
          status: InstitutionStatus.Accredited,
          registeredAt: timestamp,
          accreditationDocument: a.accreditationDocument,
          issuers: [],
          accreditationHistory: [],
        });
        recordAccreditation(state.institutions.get(a.institutionId)!, timestamp, true);
        break;
      }
      case "InstitutionSuspended": {
        const a = event.args as unknown as InstitutionSuspendedEvent.OutputObject;
        const inst = institution(a.institutionId, log);
        inst.status = InstitutionStatus.Suspended;
        recordAccreditation(inst, timestamp, false);
        break;
      }
      case "InstitutionReinstated": {
        const a = event.args as unknown as InstitutionReinstatedEvent.OutputObject;
        const inst = institution(a.institutionId, log);
        inst.status = InstitutionStatus.Accredited;
        inst.accreditationDocument = a.accreditationDocument;
        recordAccreditation(inst, timestamp, true);
        break;
      }
      case "IssuerBound": {
        const a = event.args as unknown as IssuerBoundEvent.OutputObject;
        institution(a.institutionId, log).issuers.push(a.issuer);
        state.bindings.set(a.issuer, a.institutionId);
        break;
      }
      case "IssuerUnbound": {
        const a = event.args as unknown as IssuerUnboundEvent.OutputObject;
        removeSwappingLast(institution(a.institutionId, log).issuers, a.issuer, log);
        state.bindings.delete(a.issuer);
        break;
      }
      case "DiplomaIssued": {
        const a = event.args as unknown as DiplomaIssuedEvent.OutputObject;
        state.diplomas.set(recordKey({ institutionId: a.institutionId, hash: a.documentHash }), {
          documentHash: a.documentHash,
          issuer: a.issuer,
          institutionId: a.institutionId,
          issuedAt: timestamp,
          holderWallet: a.holderWallet,
          holderCommitment: a.holderCommitment,
          programmeCode: a.programmeCode,
          awardedAt: Number(a.awardedAt),
        });
        break;
      }
      case "BatchIssued": {
        const a = event.args as unknown as BatchIssuedEvent.OutputObject;
        state.batches.set(recordKey({ institutionId: a.institutionId, hash: a.root }), {
          root: a.root,
          issuer: a.issuer,
          institutionId: a.institutionId,
          issuedAt: timestamp,
          diplomaCount: a.diplomaCount,
        });
        break;
      }
      case "DiplomaRevoked": {
        const a = event.args as unknown as DiplomaRevokedEvent.OutputObject;
        state.revocations.set(
          revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash }),
          {
            root: a.root,
            documentHash: a.documentHash,
            statusIndex: null,
            revokedBy: a.revokedBy,
            revokedAt: timestamp,
            reason: a.reason,
            supersededBy: ZeroHash,
          },
        );
        break;
      }
      case "DiplomaRevokedInBatch": {
        const a = event.args as unknown as DiplomaRevokedInBatchEvent.OutputObject;
        const statusIndex = Number(a.statusIndex);
        const listKey = recordKey({ institutionId: a.institutionId, hash: a.root });
        const list = state.statusLists.get(listKey) ?? new Set<number>();
        if (list.has(statusIndex)) throw new ReplayError("status bit set twice", log);
        list.add(statusIndex);
        state.statusLists.set(listKey, list);
        state.revocations.set(
          revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash }),
          {
            root: a.root,
            documentHash: a.documentHash,
            statusIndex,
            revokedBy: a.revokedBy,
            revokedAt: Number(a.revokedAt),
            reason: a.reason,
            supersededBy: ZeroHash,
          },
        );
        break;
      }
      case "DiplomaSuperseded": {
        const a = event.args as unknown as DiplomaSupersededEvent.OutputObject;
        const key = revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash });
        found(state.revocations.get(key), "superseded diploma not revoked", log).supersededBy = a.newDocumentHash;
        break;
      }
      case "Paused":
        state.paused = true;
        break;
      case "Unpaused":
        state.paused = false;
        break;
      default:
        break;
    }
  }
  return state;
}

/** `IDiplomaRegistry.Verification` with concrete types. */
export interface ReplayedVerification {
  status: bigint;
  institutionId: bigint;
  issuer: string;
  /** Unix seconds; null for an unknown diploma. */
  issuedAt: number | null;
  accreditedAtIssuance: boolean;
  /** Unix seconds; null unless revoked. */
  revokedAt: number | null;
  revocationReason: bigint;
  supersededBy: string;
  /** The credential kind (0: diploma); zero when unknown. */
  kind: bigint;
  /** Unix seconds: the first second it is valid (its issuance when no window was given); null when unknown. */
  validFrom: number | null;
  /** Unix seconds: the first second it is no longer valid; null when it never expires. */
  expiresAt: number | null;
  /** Unix seconds, for a credential issued alone; null when not suspended, and inside a batch. */
  suspendedAt: number | null;
  /** Zero when not suspended, and inside a batch. */
  suspensionReason: bigint;
}

/** What {@link replayedVerification} needs. */
export interface ReplayedVerificationParameters {
  readonly state: DiplomaRegistryState;
  /** The institution the diploma is checked under: records are kept per institution. */
  readonly institutionId: bigint;
  readonly documentHash: string;
  /**
   * The batch root, for a diploma inside a batch. The caller checks the Merkle proof: events do not list the
   * diplomas of a batch.
   */
  readonly root?: string;
  /** For a diploma inside a batch: its status index, from its proof. */
  readonly statusIndex?: number;
  /** The chain's time to judge the validity window at, unix seconds; by default the state's `asOf`. */
  readonly at?: number;
}

/** The return type of {@link replayedVerification}. */
export type ReplayedVerificationReturnType = ReplayedVerification;

/**
 * What `verify` (or `verifyInBatch`, with a valid proof) answers, from the replayed state, at the time `at`. Inside a
 * batch the status is the bit of `statusIndex` in the revocation list, then in the suspension list and, as on chain,
 * the time and reason are not part of the answer (they are in `state.revocations` and
 * `state.credentials.suspensions`).
 */
export function replayedVerification({
  state,
  institutionId,
  documentHash,
  root = ZeroHash,
  statusIndex,
  at = state.asOf,
}: ReplayedVerificationParameters): ReplayedVerificationReturnType {
  const issuance =
    root === ZeroHash
      ? state.diplomas.get(recordKey({ institutionId, hash: documentHash }))
      : state.batches.get(recordKey({ institutionId, hash: root }));
  if (issuance === undefined) {
    return {
      status: DiplomaStatus.Unknown,
      institutionId: 0n,
      issuer: ZeroAddress,
      issuedAt: null,
      accreditedAtIssuance: false,
      revokedAt: null,
      revocationReason: 0n,
      supersededBy: ZeroHash,
      kind: 0n,
      validFrom: null,
      expiresAt: null,
      suspendedAt: null,
      suspensionReason: 0n,
    };
  }
  const revocation = state.revocations.get(revocationKey({ institutionId, root, documentHash }));
  const history = state.institutions.get(issuance.institutionId)?.accreditationHistory ?? [];
  const inBatch = root !== ZeroHash;
  const revoked = inBatch
    ? (state.statusLists.get(recordKey({ institutionId, hash: root }))?.has(statusIndex ?? -1) ?? false)
    : revocation !== undefined;
  const { issuedAt } = issuance;
  const terms = replayedCredentialTerms({
    state: state.credentials,
    institutionId,
    root,
    documentHash,
    statusIndex,
    issuedAt,
    at,
  });
  const accreditedForKind = replayedAccreditedForKind({
    state: state.credentials,
    institutionId,
    kind: terms.kind,
    at: issuedAt,
  });
  let status = DiplomaStatus.Valid;
  if (revoked) status = DiplomaStatus.Revoked;
  else if (terms.suspended) status = DiplomaStatus.Suspended;
  else if (terms.expired) status = DiplomaStatus.Expired;
  else if (terms.notYetValid) status = DiplomaStatus.NotYetValid;
  return {
    status,
    institutionId: issuance.institutionId,
    issuer: issuance.issuer,
    issuedAt,
    accreditedAtIssuance:
      (history.findLast((change) => change.from <= issuedAt)?.accredited ?? false) && accreditedForKind,
    revokedAt: inBatch ? null : (revocation?.revokedAt ?? null),
    revocationReason: inBatch ? 0n : (revocation?.reason ?? 0n),
    supersededBy: revocation?.supersededBy ?? ZeroHash,
    kind: terms.kind,
    validFrom: terms.validFrom,
    expiresAt: terms.expiresAt,
    suspendedAt: terms.suspendedAt,
    suspensionReason: terms.suspensionReason,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Every replay, by the manifest's name for it
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Every replay function, by the name a manifest row (`src/manifest.ts`) gives it: the manifest test checks that each
 * row's `replay.function` is here.
 */
export const REPLAYS = {
  replayPropertyRegistry,
  replayOwnershipTransfer,
  replayDiplomaRegistry,
  replayCitizenRegistry,
} as const satisfies Readonly<Record<ManifestReplayFunction, (parameters: ReplayParameters) => unknown>>;

// ---------------------------------------------------------------------------------------------------------------------
// Private
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The registry's accreditation history rule: a suspension counts from the next second, a reinstatement from now or
 * from the last entry if that is later, and an entry at the same time as the last one replaces it.
 */
function recordAccreditation(inst: ReplayedInstitution, at: number, accredited: boolean): void {
  const history = inst.accreditationHistory;
  const last = history.at(-1);
  let from = accredited ? at : at + 1;
  if (accredited && last !== undefined && last.from > from) from = last.from;
  if (last !== undefined && last.from === from) history.pop();
  history.push({ from, accredited });
}

function termsOf(offer: IOwnershipSales.OfferStructOutput): ReplayedOfferTerms {
  return {
    registry: offer.registry,
    recordId: offer.recordId,
    seller: offer.seller,
    buyer: offer.buyer,
    token: offer.token,
    price: offer.price,
    deadline: Number(offer.deadline),
    deedHash: offer.deedHash,
    nonce: offer.nonce,
  };
}

/** Removes `value` as OpenZeppelin's `EnumerableSet` does: the last element takes its place. */
function removeSwappingLast<T>(list: T[], value: T, log: Log): void {
  const index = list.indexOf(value);
  if (index === -1) throw new ReplayError("removed an element that is not in the set", log);
  list[index] = list[list.length - 1]!;
  list.pop();
}
