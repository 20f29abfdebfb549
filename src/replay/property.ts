/**
 * The land register rebuilt from its events: titles with their ownership history, liens and consents.
 *
 * @module
 */
import { ZeroHash, type Log } from "ethers";
import { PropertyRegistry__factory } from "../contracts.js";
import { found, type ReplayParameters, ReplayError, removeSwappingLast } from "./base.js";
import { ChangeKind, TitleStatus } from "../vocabulary.js";
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
} from "../../types/ethers-contracts/contracts/property/PropertyRegistry.js";

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
