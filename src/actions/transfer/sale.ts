/**
 * Sale offers: open, accept with payment into escrow, approve, reject, settle, approve and settle in one step,
 * cancel, expire, withdraw. An opened offer is named by its id (its EIP-712 hash); the full offer every contract call
 * needs is recovered from its `OfferOpened` event.
 *
 * @module
 */
import { getAddress, hexlify, randomBytes, ZeroAddress } from "ethers";

import { chainTime } from "../../chain.js";
import { IOwnershipRegistry__factory } from "../../contracts.js";
import type { Suite } from "../../deployment.js";
import { InvalidInputError, InvalidStateError } from "../../errors.js";
import { findOffer, type FoundOffer, getCompany, getTitle, type Offer } from "../../sdk/reads.js";
import { validateHash } from "../../validate.js";
import { CHANGE_KINDS, isoTime } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import {
  escrowPayee,
  type OfferActionParameters,
  type OfferActionReturnType,
  offerStep,
  ownerOfRecord,
  paymentSteps,
  requireApprover,
  requireBeforeDeadline,
  requireOfferStatus,
  requireParty,
} from "./checks.js";
import type { OfferTerms } from "./signed-offers.js";

/** The terms of the offer (see {@link OfferTerms}); the seller is the sending account. */
export type OpenOfferParameters = ActionContext & Omit<OfferTerms, "suite">;

export type OpenOfferReturnType = Execution & { readonly offerId: string; readonly offer: Offer };

/** Opens a sale offer as the record's owner. */
export async function openOffer(parameters: OpenOfferParameters): Promise<OpenOfferReturnType> {
  const { suite, signer, recordId, price, deadline } = parameters;
  const transfer = suite.ownershipTransfer;
  const seller = getAddress(await signer.getAddress());
  const registry = getAddress(parameters.registry);
  const buyer = getAddress(parameters.buyer);
  const token = getAddress(parameters.token ?? ZeroAddress);
  const label = parameters.recordLabel ?? String(recordId);
  if (buyer === ZeroAddress || buyer === seller) {
    throw new InvalidInputError({ field: "buyer", reason: "must be an account other than the seller" });
  }
  if (price <= 0n) throw new InvalidInputError({ field: "price", reason: "must be greater than zero" });
  const deedHash = validateHash("deedHash", parameters.deedHash);
  const now = await chainTime(suite.runner.provider!);
  if (deadline <= now) {
    throw new InvalidInputError({ field: "deadline", reason: `must be after the chain's time ${now}` });
  }
  if (token !== ZeroAddress && (await suite.runner.provider!.getCode(token)) === "0x") {
    throw new InvalidInputError({ field: "token", reason: `${token} is not a contract` });
  }
  const offer: Offer = {
    registry,
    recordId,
    seller,
    buyer,
    token,
    price,
    deadline,
    deedHash,
    nonce: parameters.nonce ?? BigInt(hexlify(randomBytes(16))),
  };
  const offerId = await transfer.hashOffer(offer);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: transfer,
        contractName: "OwnershipTransfer",
        functionName: "openOffer",
        args: [offer],
        description: `open offer ${offerId} for ${label} to ${buyer}`,
        labels: new Map([[recordId, label]]),
      },
    ],
  });
  return { ...execution, offerId, offer };
}

export type AcceptOfferParameters = OfferActionParameters;
export type AcceptOfferReturnType = OfferActionReturnType;
export type ApproveOfferParameters = OfferActionParameters;
export type ApproveOfferReturnType = OfferActionReturnType;
export type RejectOfferReturnType = OfferActionReturnType;
export type SettleOfferParameters = OfferActionParameters;
export type SettleOfferReturnType = OfferActionReturnType;
export type CancelOfferParameters = OfferActionParameters;
export type CancelOfferReturnType = OfferActionReturnType;
export type ExpireOfferParameters = OfferActionParameters;
export type ExpireOfferReturnType = OfferActionReturnType;

/**
 * Accepts an offer as its buyer and pays the price into escrow: the native coin with the call, or an ERC-20 that is
 * approved first when the allowance is short.
 */
export async function acceptOffer(parameters: AcceptOfferParameters): Promise<AcceptOfferReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  const buyer = await signer.getAddress();
  requireOfferStatus(found, ["Open"], "only an open offer can be accepted");
  requireParty(buyer, "buyer", found, "accept it");
  await requireBeforeDeadline(suite, found);
  const steps = await paymentSteps(suite, buyer, found.offer, (description) =>
    offerStep(suite, "acceptOffer", found, [], `accept offer ${found.offerId} ${description}`),
  );
  return { ...(await execute({ ...parameters, steps })), offer: found };
}

/** Approves an accepted sale. Needs the registry's approver role (LAND_REGISTRAR for titles) without delay. */
export async function approveOffer(parameters: ApproveOfferParameters): Promise<ApproveOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Accepted"], "only an accepted offer can be approved");
  await requireBeforeDeadline(suite, found);
  await requireApprover(parameters, found, "approveOffer");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "approveOffer", found, [], `approve offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

export type ApproveAndSettleOfferParameters = OfferActionParameters;
export type ApproveAndSettleOfferReturnType = OfferActionReturnType;

/**
 * Approves an accepted sale and settles it in one transaction: the record moves to the buyer and the seller is
 * credited. Needs the registry's approver role without delay. Checked first: the offer is accepted and not past its
 * deadline, the record did not change owner since the offer was opened, and the registry accepts the change now
 * (every lien holder consented to this offer, the parcel is not frozen).
 */
export async function approveAndSettleOffer(
  parameters: ApproveAndSettleOfferParameters,
): Promise<ApproveAndSettleOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Accepted"], "only an accepted offer can be approved and settled");
  await requireBeforeDeadline(suite, found);
  await requireApprover(parameters, found, "approveAndSettleOffer");
  await requireSettleable(suite, found);
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "approveAndSettleOffer", found, [], `approve and settle offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/**
 * Checks that the record of an offer can move to its buyer now: its owner did not change since the offer was
 * opened, and the registry's `checkOwnerChange` accepts a sale under this offer (status, liens and their consent).
 */
async function requireSettleable(suite: Suite, found: FoundOffer): Promise<void> {
  const { offer, offerId } = found;
  const registry = IOwnershipRegistry__factory.connect(offer.registry, suite.runner);
  const [state, [, ownerChanges]] = await Promise.all([
    suite.ownershipTransfer.offerState(offerId),
    registry.ownershipState(offer.recordId),
  ]);
  if (ownerChanges !== state.ownerChanges) {
    throw new InvalidStateError({
      kind: "offer",
      id: offerId,
      state: "void",
      reason: `${await recordLabel(suite, found)} changed owner since the offer was opened; expire the offer instead`,
    });
  }
  const [ok, selector] = await registry.checkOwnerChange(
    offer.recordId,
    offer.seller,
    offer.buyer,
    CHANGE_KINDS.indexOf("Sale"),
    offerId,
  );
  if (ok) return;
  const errorName = errorNameOf(suite, selector);
  throw new InvalidStateError({
    kind: "record",
    id: await recordLabel(suite, found),
    state: "not transferable now",
    reason:
      `${found.registryName} refuses the sale (${errorName})` +
      (errorName.endsWith("LienConsentMissing")
        ? `: every lien holder must first consent to offer ${offerId} (\`property consent\`)`
        : ""),
  });
}

/** An offer's record as people know it: a parcel's cadastral reference, a company's number, or else its id. */
async function recordLabel(suite: Suite, found: FoundOffer): Promise<string> {
  const { recordId } = found.offer;
  try {
    if (found.registryName === "PropertyRegistry") {
      return (await getTitle({ suite, parcelId: recordId })).cadastralReference ?? String(recordId);
    }
    if (found.registryName === "CompanyRegistry") {
      return (await getCompany({ suite, companyId: recordId })).companyNumber ?? String(recordId);
    }
  } catch {
    return String(recordId);
  }
  return String(recordId);
}

/** The name of a custom error of the suite by its selector, or the selector itself. */
function errorNameOf(suite: Suite, selector: string): string {
  for (const { interface: iface } of suite.interfaces) {
    const fragment = iface.getError(selector);
    if (fragment !== null) return fragment.name;
  }
  return selector;
}

export type RejectOfferParameters = OfferActionParameters & {
  /** Hash of the decision. */
  readonly reason: string;
};

/** Refuses a sale that is open, accepted or approved; a paid price becomes withdrawable by the buyer. */
export async function rejectOffer(parameters: RejectOfferParameters): Promise<RejectOfferReturnType> {
  const { suite } = parameters;
  const reason = validateHash("reason", parameters.reason);
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open", "Accepted", "Approved"], "only a pending offer can be rejected");
  await requireApprover(parameters, found, "rejectOffer");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "rejectOffer", found, [reason], `reject offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/** Settles a sale: the record moves to the buyer and the seller is credited. Anyone may call. */
export async function settleOffer(parameters: SettleOfferParameters): Promise<SettleOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  const settleable = found.status === "Approved" || (found.status === "Accepted" && !found.approvalRequired);
  if (!settleable) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: found.status.toLowerCase(),
      reason: found.approvalRequired
        ? "it settles once accepted and approved by a registrar"
        : "it settles once accepted by the buyer",
    });
  }
  await requireBeforeDeadline(suite, found);
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "settleOffer", found, [], `settle offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/** Withdraws an open offer as its seller. */
export async function cancelOffer(parameters: CancelOfferParameters): Promise<CancelOfferReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open"], "only an open offer can be cancelled");
  requireParty(await signer.getAddress(), "seller", found, "cancel it");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "cancelOffer", found, [], `cancel offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/**
 * Marks an offer that can no longer settle (deadline passed, the seller sold otherwise, or the authority closed
 * OwnershipTransfer) as expired.
 */
export async function expireOffer(parameters: ExpireOfferParameters): Promise<ExpireOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open", "Accepted", "Approved"], "only a pending offer can expire");
  const { offer } = found;
  const pastDeadline = (await chainTime(suite.runner.provider!)) > Number(offer.deadline);
  const owner = await ownerOfRecord(suite, offer.registry, offer.recordId, String(offer.recordId));
  // A closed OwnershipTransfer settles nothing, so every pending offer of it expires at once.
  const closed = await suite.authority.isTargetClosed(await suite.ownershipTransfer.getAddress());
  if (!pastDeadline && !closed && getAddress(owner) === getAddress(offer.seller)) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: "still valid",
      reason: `it can settle until ${isoTime(offer.deadline)}`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "expireOffer", found, [], `expire offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

export type WithdrawParameters = OfferActionParameters & {
  /** Where the funds go; the acting account when absent. */
  readonly to?: string;
};

export type WithdrawReturnType = OfferActionReturnType & { readonly amount: bigint };

/** Pays out an offer's escrow to its payee: the seller after settlement, the buyer after rejection or expiry. */
export async function withdraw(parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  const account = await signer.getAddress();
  const to = getAddress(parameters.to ?? account);
  if (to === ZeroAddress) throw new InvalidInputError({ field: "to", reason: "must not be the zero address" });
  const payeeParty = escrowPayee(
    found,
    "there is nothing to withdraw",
    "the escrow is released once the offer is settled, rejected or expired",
  );
  requireParty(account, payeeParty, found, "withdraw its escrow");
  const execution = await execute({
    ...parameters,
    steps: [
      offerStep(suite, "withdraw", found, [to], `withdraw ${found.offer.price} of offer ${found.offerId} to ${to}`),
    ],
  });
  return { ...execution, offer: found, amount: found.offer.price };
}
