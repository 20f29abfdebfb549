/**
 * Reading a sale offer, wherever it was opened, with the events of its life.
 *
 * @module
 */
import type { IOwnershipSales } from "../../contracts.js";
import type { Suite } from "../../deployment.js";
import { RecordNotFoundError } from "../../errors.js";
import { queryEvents } from "../../logs.js";
import { OFFER_STATUSES, type OfferStatusName } from "../../vocabulary.js";

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
