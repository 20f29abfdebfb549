/**
 * What the ownership-transfer actions check before they send, and the steps they share: an offer's status, parties
 * and deadline, the approver's role, who its escrow is owed to, a record's owner and whether it can be sold, and a
 * buyer's payment into escrow.
 *
 * @module
 */
import { Contract, formatEther, getAddress, ZeroAddress } from "ethers";

import { chainTime } from "../../chain.js";
import { IOwnershipRegistry__factory } from "../../contracts.js";
import { ERC20_ABI, type Suite } from "../../deployment.js";
import { decodedRead, InvalidStateError, refusal, UnauthorizedPartyError } from "../../errors.js";
import type { FoundOffer, Offer } from "../../sdk/reads.js";
import { amountText, isoTime, type OfferStatusName, type TokenUnit } from "../../vocabulary.js";
import type { ActionContext, CallStep, Execution } from "../execute.js";
import { missingRole } from "../roles/holders.js";

/** What every action on an existing offer takes: the offer's id. */
export type OfferActionParameters = ActionContext & { readonly offerId: string };
/** What every action on an existing offer returns: its execution and the offer as it was before. */
export type OfferActionReturnType = Execution & { readonly offer: FoundOffer };

export function requireOfferStatus(found: FoundOffer, allowed: readonly OfferStatusName[], reason: string): void {
  if (!allowed.includes(found.status)) {
    throw new InvalidStateError({ kind: "offer", id: found.offerId, state: found.status.toLowerCase(), reason });
  }
}

export async function requireBeforeDeadline(suite: Suite, found: FoundOffer): Promise<void> {
  if ((await chainTime(suite.runner.provider!)) > Number(found.offer.deadline)) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: "past its deadline",
      reason: `the deadline was ${isoTime(found.offer.deadline)}; expire it instead`,
    });
  }
}

export function requireParty(account: string, party: "seller" | "buyer", found: FoundOffer, action: string): void {
  const expected = found.offer[party];
  if (getAddress(account) !== getAddress(expected)) {
    throw new UnauthorizedPartyError({ account, party: `${party} of offer ${found.offerId}`, expected, action });
  }
}

/**
 * Who an offer's escrow is owed to: the seller after settlement, the buyer after rejection or expiry. Throws an
 * {@link InvalidStateError} when the offer holds no escrow (`nothing` says why that matters to the caller) or its
 * escrow is not released yet (`unreleased`).
 */
export function escrowPayee(found: FoundOffer, nothing: string, unreleased: string): "seller" | "buyer" {
  if (!found.deposited || found.fundsReleased) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: found.fundsReleased ? "paid out" : "without deposit",
      reason: nothing,
    });
  }
  if (found.status === "Settled") return "seller";
  if (found.status === "Rejected" || found.status === "Expired") return "buyer";
  throw new InvalidStateError({
    kind: "offer",
    id: found.offerId,
    state: found.status.toLowerCase(),
    reason: unreleased,
  });
}

/** The owner of a record (an unknown record is a `RecordNotFoundError` that names it by its label). */
export function ownerOfRecord(suite: Suite, registry: string, recordId: bigint, label: string): Promise<string> {
  return decodedRead(() => IOwnershipRegistry__factory.connect(registry, suite.runner).ownerOf(recordId), {
    interfaces: suite.interfaces,
    labels: new Map([[recordId, label]]),
  });
}

export async function requireApprover(
  parameters: ActionContext,
  found: FoundOffer,
  functionName: string,
): Promise<void> {
  const { suite, signer } = parameters;
  const account = await signer.getAddress();
  const policy = await suite.ownershipTransfer.registryPolicy(found.offer.registry);
  const [isMember, delay] = await suite.authority.hasRole(policy.approverRole, account);
  if (!isMember || delay !== 0n) {
    throw await missingRole({
      suite,
      account,
      role: policy.approverRole,
      contract: "OwnershipTransfer",
      functionName,
      reason: isMember ? "approvers must hold the role without execution delay" : undefined,
    });
  }
}

export function offerStep(
  suite: Suite,
  functionName: string,
  found: FoundOffer,
  extraArgs: unknown[],
  description: string,
): CallStep {
  return {
    contract: suite.ownershipTransfer,
    contractName: "OwnershipTransfer",
    functionName,
    args: [found.offer, ...extraArgs],
    description,
  };
}

/**
 * The steps of a buyer's payment into escrow: the call that pays (made by `payingStep` from a description of the
 * payment), with the native coin as its value, or after an ERC-20 approval when the allowance is short. The buyer's
 * balance is checked first.
 */
export async function paymentSteps(
  suite: Suite,
  buyer: string,
  offer: Offer,
  payingStep: (description: string) => CallStep,
): Promise<CallStep[]> {
  const provider = suite.runner.provider!;
  if (offer.token === ZeroAddress) {
    const balance = await provider.getBalance(buyer);
    if (balance < offer.price) {
      throw new InvalidStateError({
        kind: "account",
        id: buyer,
        state: "short of funds",
        reason: `it holds ${formatEther(balance)} ETH, the price is ${formatEther(offer.price)} ETH`,
      });
    }
    return [{ ...payingStep(`paying ${formatEther(offer.price)} ETH`), value: offer.price }];
  }
  const steps: CallStep[] = [];
  const token = new Contract(offer.token, ERC20_ABI, suite.runner);
  const spender = await suite.ownershipTransfer.getAddress();
  const [balance, allowance, unit] = (await Promise.all([
    token.getFunction("balanceOf").staticCall(buyer),
    token.getFunction("allowance").staticCall(buyer, spender),
    tokenUnitOf(token),
  ])) as [bigint, bigint, TokenUnit | undefined];
  const amount = (value: bigint) => amountText(value, offer.token, unit);
  if (balance < offer.price) {
    throw new InvalidStateError({
      kind: "account",
      id: buyer,
      state: "short of tokens",
      reason: `it holds ${amount(balance)}, the price is ${amount(offer.price)}`,
    });
  }
  if (allowance < offer.price) {
    steps.push({
      contract: token,
      contractName: "ERC20",
      functionName: "approve",
      args: [spender, offer.price],
      description: `approve OwnershipTransfer to take ${amount(offer.price)} (token ${offer.token})`,
    });
  }
  steps.push({ ...payingStep(`paying ${amount(offer.price)}`), afterPrevious: steps.length > 0 });
  return steps;
}

/** A token's symbol and decimals, or undefined when it does not say (amounts are then named in its smallest unit). */
async function tokenUnitOf(token: Contract): Promise<TokenUnit | undefined> {
  try {
    const [symbol, decimals] = (await Promise.all([
      token.getFunction("symbol").staticCall(),
      token.getFunction("decimals").staticCall(),
    ])) as [string, bigint];
    return { symbol, decimals: Number(decimals) };
  } catch {
    return undefined;
  }
}

/** Checks that the registry takes offers and that the record's status allows a sale now. */
export async function requireSellable(suite: Suite, registry: string, recordId: bigint, label: string): Promise<void> {
  if (!(await suite.ownershipTransfer.registryPolicy(registry)).enabled) {
    throw refusal({ errorName: "OwnershipTransferRegistryNotEnabled", args: { registry } });
  }
  const [, , sellable] = await IOwnershipRegistry__factory.connect(registry, suite.runner).ownershipState(recordId);
  if (!sellable) {
    throw refusal({
      errorName: "OwnershipTransferRecordNotSellable",
      args: { registry, recordId },
      labels: new Map([[recordId, label]]),
    });
  }
}
