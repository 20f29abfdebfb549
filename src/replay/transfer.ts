/**
 * The transfer contract rebuilt from its events: offers with their terms and escrow, registry policies, court
 * orders and key recoveries.
 *
 * @module
 */
import type { Log } from "ethers";
import { OwnershipTransfer__factory } from "../contracts.js";
import { found, type ReplayParameters, ReplayError } from "./base.js";
import { OfferStatus } from "../vocabulary.js";
import type {
  CourtOrderExecutedEvent,
  FundsWithdrawnEvent,
  IOwnershipSales,
  KeysRecoveredEvent,
  OfferAcceptedEvent,
  OfferOpenedEvent,
  RegistryPolicySetEvent,
} from "../../types/ethers-contracts/contracts/transfer/OwnershipTransfer.js";

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
// Private
// ---------------------------------------------------------------------------------------------------------------------

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
