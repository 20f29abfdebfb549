/**
 * Ownership-transfer actions: sale offers (open, accept with payment, approve, reject, settle, approve and settle in
 * one step, cancel, expire, withdraw), offers the seller signs offline (EIP-712: sign, open or accept by signature,
 * cancel), court orders, and key and escrow recoveries scheduled through the authority. An opened offer is named by its
 * id (its EIP-712 hash); the full offer every contract call needs is recovered from its `OfferOpened` event, and a
 * signed offer travels as a file with its terms and signature.
 *
 * @module
 */
import {
  Contract,
  formatEther,
  getAddress,
  hexlify,
  isAddress,
  isHexString,
  randomBytes,
  recoverAddress,
  TypedDataEncoder,
  type Wallet,
  ZeroAddress,
} from "ethers";

import { chainTime } from "../chain.js";
import { IOwnershipRegistry__factory } from "../contracts.js";
import { ERC20_ABI, type Suite } from "../deployment.js";
import {
  decodedRead,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  refusal,
  UnauthorizedPartyError,
} from "../errors.js";
import { findOffer, type FoundOffer, getCompany, getTitle, type Offer } from "../sdk/reads.js";
import { validateHash } from "../validate.js";
import { CHANGE_KINDS, isoTime, OFFER_STATUSES, type OfferStatusName } from "../vocabulary.js";
import { type ActionContext, type CallStep, execute, type Execution } from "./execute.js";
import { scheduleOperation, type ScheduleOperationReturnType } from "./roles.js";

function requireOfferStatus(found: FoundOffer, allowed: readonly OfferStatusName[], reason: string): void {
  if (!allowed.includes(found.status)) {
    throw new InvalidStateError({ kind: "offer", id: found.offerId, state: found.status.toLowerCase(), reason });
  }
}

async function requireBeforeDeadline(suite: Suite, found: FoundOffer): Promise<void> {
  if ((await chainTime(suite.runner.provider!)) > Number(found.offer.deadline)) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: "past its deadline",
      reason: `the deadline was ${isoTime(found.offer.deadline)}; expire it instead`,
    });
  }
}

function requireParty(account: string, party: "seller" | "buyer", found: FoundOffer, action: string): void {
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
function escrowPayee(found: FoundOffer, nothing: string, unreleased: string): "seller" | "buyer" {
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
function ownerOfRecord(suite: Suite, registry: string, recordId: bigint, label: string): Promise<string> {
  return decodedRead(() => IOwnershipRegistry__factory.connect(registry, suite.runner).ownerOf(recordId), {
    interfaces: suite.interfaces,
    labels: new Map([[recordId, label]]),
  });
}

async function requireApprover(parameters: ActionContext, found: FoundOffer, functionName: string): Promise<void> {
  const { suite, signer } = parameters;
  const account = await signer.getAddress();
  const policy = await suite.ownershipTransfer.registryPolicy(found.offer.registry);
  const [isMember, delay] = await suite.authority.hasRole(policy.approverRole, account);
  if (!isMember || delay !== 0n) {
    throw new MissingRoleError({
      account,
      role: policy.approverRole,
      contract: "OwnershipTransfer",
      functionName,
      hint: isMember ? "approvers must hold the role without execution delay" : undefined,
    });
  }
}

function offerStep(
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

// -----------------------------------------------------------------------------------------------------------------
// Sale
// -----------------------------------------------------------------------------------------------------------------

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

/** What every action on an existing offer takes: the offer's id. */
export type OfferActionParameters = ActionContext & { readonly offerId: string };
/** What every action on an existing offer returns: its execution and the offer as it was before. */
export type OfferActionReturnType = Execution & { readonly offer: FoundOffer };

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

/**
 * The steps of a buyer's payment into escrow: the call that pays (made by `payingStep` from a description of the
 * payment), with the native coin as its value, or after an ERC-20 approval when the allowance is short. The buyer's
 * balance is checked first.
 */
async function paymentSteps(
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
  const [balance, allowance] = (await Promise.all([
    token.getFunction("balanceOf").staticCall(buyer),
    token.getFunction("allowance").staticCall(buyer, spender),
  ])) as [bigint, bigint];
  if (balance < offer.price) {
    throw new InvalidStateError({
      kind: "account",
      id: buyer,
      state: "short of tokens",
      reason: `it holds ${balance} of ${offer.token}, the price is ${offer.price}`,
    });
  }
  if (allowance < offer.price) {
    steps.push({
      contract: token,
      contractName: "ERC20",
      functionName: "approve",
      args: [spender, offer.price],
      description: `approve OwnershipTransfer to take ${offer.price} of ${offer.token}`,
    });
  }
  steps.push({ ...payingStep(`paying ${offer.price} of ${offer.token}`), afterPrevious: steps.length > 0 });
  return steps;
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

// -----------------------------------------------------------------------------------------------------------------
// Offers signed by the seller (EIP-712)
// -----------------------------------------------------------------------------------------------------------------

/** The format tag of a signed-offer file. */
export const SIGNED_OFFER_FORMAT = "egov-registries/signed-offer@1";

/** The EIP-712 `Offer` type, field by field, as OwnershipTransfer hashes it. */
export const OFFER_TYPE = [
  { name: "registry", type: "address" },
  { name: "recordId", type: "uint256" },
  { name: "seller", type: "address" },
  { name: "buyer", type: "address" },
  { name: "token", type: "address" },
  { name: "price", type: "uint256" },
  { name: "deadline", type: "uint64" },
  { name: "deedHash", type: "bytes32" },
  { name: "nonce", type: "uint256" },
] as const;

/** OwnershipTransfer's EIP-712 domain, as its `eip712Domain()` reports it. */
export interface OfferDomain {
  readonly name: string;
  readonly version: string;
  readonly chainId: number;
  readonly verifyingContract: string;
}

/** An offer in JSON: every number as a decimal string (the deadline as unix seconds). */
export interface OfferJson {
  readonly registry: string;
  readonly recordId: string;
  readonly seller: string;
  readonly buyer: string;
  readonly token: string;
  readonly price: string;
  readonly deadline: number;
  readonly deedHash: string;
  readonly nonce: string;
}

/** EIP-712 typed data in the shape of `eth_signTypedData_v4`, for a hardware wallet or any other signer. */
export interface OfferTypedData {
  readonly types: {
    readonly EIP712Domain: readonly { readonly name: string; readonly type: string }[];
    readonly Offer: typeof OFFER_TYPE;
  };
  readonly primaryType: "Offer";
  readonly domain: OfferDomain;
  readonly message: OfferJson;
}

/** A seller's signed offer, as `transfers sign-offer` writes it and `open-by-sig` and `accept-by-sig` read it. */
export interface SignedOffer {
  readonly format: typeof SIGNED_OFFER_FORMAT;
  /** The chain and contract the signature is bound to (the EIP-712 domain's). */
  readonly chainId: number;
  readonly verifyingContract: string;
  /** The offer's id: its EIP-712 hash, which is what the seller signed. */
  readonly offerId: string;
  readonly offer: OfferJson;
  /** The seller's signature: 65 bytes from an externally owned account, anything an ERC-1271 wallet accepts. */
  readonly signature: string;
}

function offerJson(offer: Offer): OfferJson {
  return {
    registry: offer.registry,
    recordId: offer.recordId.toString(),
    seller: offer.seller,
    buyer: offer.buyer,
    token: offer.token,
    price: offer.price.toString(),
    deadline: offer.deadline,
    deedHash: offer.deedHash,
    nonce: offer.nonce.toString(),
  };
}

export type OfferDomainParameters = { readonly suite: Suite };
export type OfferDomainReturnType = OfferDomain;

/** Reads OwnershipTransfer's EIP-712 domain from the chain (`eip712Domain()`, ERC-5267), never from a constant. */
export async function offerDomain({ suite }: OfferDomainParameters): Promise<OfferDomainReturnType> {
  const domain = await suite.ownershipTransfer.eip712Domain();
  if (domain.fields !== "0x0f") {
    throw new InvalidStateError({
      kind: "contract",
      id: "OwnershipTransfer",
      state: `using EIP-712 domain fields ${domain.fields}`,
      reason: "only a domain of name, version, chain id and verifying contract is supported",
    });
  }
  return {
    name: domain.name,
    version: domain.version,
    chainId: Number(domain.chainId),
    verifyingContract: getAddress(domain.verifyingContract),
  };
}

export type OfferTypedDataParameters = { readonly domain: OfferDomain; readonly offer: Offer };
export type OfferTypedDataReturnType = OfferTypedData;

/** The typed data of an offer in the `eth_signTypedData_v4` shape. */
export function offerTypedData({ domain, offer }: OfferTypedDataParameters): OfferTypedDataReturnType {
  return {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
      Offer: OFFER_TYPE,
    },
    primaryType: "Offer",
    domain,
    message: offerJson(offer),
  };
}

/** The terms of an offer to sign; the seller is the record's owner. */
export type OfferTerms = {
  readonly suite: Suite;
  /** The registry's address. */
  readonly registry: string;
  readonly recordId: bigint;
  /** How to show the record in messages (a cadastral reference). */
  readonly recordLabel?: string;
  readonly buyer: string;
  /** The payment token; the native coin when absent or zero. */
  readonly token?: string;
  readonly price: bigint;
  /** Until when the offer can be opened, accepted and settled, unix seconds. */
  readonly deadline: number;
  readonly deedHash: string;
  /** Any number that makes this offer's id unique; random when absent. */
  readonly nonce?: bigint;
};

export type PrepareOfferParameters = OfferTerms & {
  /** The seller; the record's current owner when absent. */
  readonly seller?: string;
};

export type PrepareOfferReturnType = {
  readonly offerId: string;
  readonly offer: Offer;
  readonly domain: OfferDomain;
  readonly typedData: OfferTypedData;
};

/**
 * Checks an offer's terms against the chain as `openOffer` would (the seller owns the record, the registry is
 * enabled and the record can be sold, buyer, price, deadline, token, deed) and returns its typed data and id, for the
 * seller to sign offline. Sends nothing.
 */
export async function prepareOffer(parameters: PrepareOfferParameters): Promise<PrepareOfferReturnType> {
  const { suite, recordId, price, deadline } = parameters;
  const registry = getAddress(parameters.registry);
  const label = parameters.recordLabel ?? String(recordId);
  const owner = getAddress(await ownerOfRecord(suite, registry, recordId, label));
  const seller = getAddress(parameters.seller ?? owner);
  if (seller !== owner) {
    throw new InvalidInputError({ field: "seller", reason: `${seller} does not own ${label} (its owner is ${owner})` });
  }
  const buyer = getAddress(parameters.buyer);
  const token = getAddress(parameters.token ?? ZeroAddress);
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
  await requireSellable(suite, registry, recordId, label);
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
  const domain = await offerDomain({ suite });
  const typedData = offerTypedData({ domain, offer });
  const offerId = TypedDataEncoder.hash(domain, { Offer: [...OFFER_TYPE] }, typedData.message);
  const onChain = await suite.ownershipTransfer.hashOffer(offer);
  if (onChain !== offerId) {
    throw new InvalidStateError({
      kind: "contract",
      id: "OwnershipTransfer",
      state: "hashing offers differently",
      reason: `its hashOffer gives ${onChain}, the EIP-712 hash of its domain gives ${offerId}`,
    });
  }
  const status = OFFER_STATUSES[Number((await suite.ownershipTransfer.offerState(offerId)).status)];
  if (status !== "None") {
    throw new InvalidInputError({
      field: "nonce",
      reason: `offer ${offerId} with these terms and nonce is ${status.toLowerCase()} already`,
    });
  }
  return { offerId, offer, domain, typedData };
}

/** Checks that the registry takes offers and that the record's status allows a sale now. */
async function requireSellable(suite: Suite, registry: string, recordId: bigint, label: string): Promise<void> {
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

export type SignOfferParameters = OfferTerms & {
  /** The seller's key: it signs offline, and must own the record. */
  readonly wallet: Wallet;
};

export type SignOfferReturnType = { readonly signed: SignedOffer; readonly typedData: OfferTypedData };

/** Signs an offer as its seller with a local key, after the checks of {@link prepareOffer}. Sends nothing. */
export async function signOffer(parameters: SignOfferParameters): Promise<SignOfferReturnType> {
  const { wallet } = parameters;
  const prepared = await prepareOffer({ ...parameters, seller: wallet.address });
  const { domain, typedData } = prepared;
  const signature = await wallet.signTypedData(domain, { Offer: [...OFFER_TYPE] }, typedData.message);
  return { signed: signedOfferOf(prepared, signature), typedData };
}

function signedOfferOf(prepared: PrepareOfferReturnType, signature: string): SignedOffer {
  return {
    format: SIGNED_OFFER_FORMAT,
    chainId: prepared.domain.chainId,
    verifyingContract: prepared.domain.verifyingContract,
    offerId: prepared.offerId,
    offer: prepared.typedData.message,
    signature,
  };
}

export type AttachOfferSignatureParameters = PrepareOfferParameters & {
  /** The signature a hardware wallet or a contract wallet made over the typed data. */
  readonly signature: string;
};

export type AttachOfferSignatureReturnType = { readonly signed: SignedOffer };

/**
 * Makes a signed offer from a signature made elsewhere over the typed data of {@link prepareOffer} (same terms and
 * nonce), after checking that it is the seller's. Sends nothing.
 */
export async function attachOfferSignature(
  parameters: AttachOfferSignatureParameters,
): Promise<AttachOfferSignatureReturnType> {
  const prepared = await prepareOffer(parameters);
  if (!isHexString(parameters.signature) || parameters.signature.length < 4) {
    throw new InvalidInputError({ field: "signature", reason: "is not a 0x hex signature" });
  }
  await requireSellerSignature(parameters.suite, prepared.offer, prepared.offerId, parameters.signature, "signature");
  return { signed: signedOfferOf(prepared, parameters.signature) };
}

const ERC1271_ABI = ["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"];
const ERC1271_MAGIC = "0x1626ba7e";

/** Checks, as the contract does, that `signature` over `offerId` is the seller's: by its key, or as ERC-1271 wallet. */
async function requireSellerSignature(
  suite: Suite,
  offer: Offer,
  offerId: string,
  signature: string,
  field: string,
): Promise<void> {
  let recovered: string | undefined;
  try {
    recovered = recoverAddress(offerId, signature);
  } catch {
    recovered = undefined;
  }
  if (recovered !== undefined && getAddress(recovered) === getAddress(offer.seller)) return;
  if ((await suite.runner.provider!.getCode(offer.seller)) !== "0x") {
    const wallet = new Contract(offer.seller, ERC1271_ABI, suite.runner);
    let answer: string | undefined;
    try {
      answer = (await wallet.getFunction("isValidSignature").staticCall(offerId, signature)) as string;
    } catch {
      answer = undefined;
    }
    if (answer === ERC1271_MAGIC) return;
    throw new InvalidInputError({
      field,
      reason: `the seller's wallet contract ${offer.seller} does not accept it for offer ${offerId} (ERC-1271)`,
    });
  }
  throw new InvalidInputError({
    field,
    reason:
      recovered === undefined
        ? `is not a valid signature of offer ${offerId}`
        : `was made by ${getAddress(recovered)}, not by the seller ${offer.seller}`,
  });
}

/** Reads a signed-offer file's JSON into its offer and signature, checking every field. */
export function parseSignedOffer(field: string, json: unknown): SignedOffer & { readonly terms: Offer } {
  const bad = (reason: string): never => {
    throw new InvalidInputError({ field, reason });
  };
  if (json === null || typeof json !== "object") bad("is not a signed offer (a JSON object)");
  const record = json as Record<string, unknown>;
  if (record.format !== SIGNED_OFFER_FORMAT) bad(`format is not "${SIGNED_OFFER_FORMAT}"`);
  const offer = record.offer as Record<string, unknown> | undefined;
  if (offer === undefined || offer === null || typeof offer !== "object") bad("has no offer");
  const address = (key: string, value: unknown): string =>
    typeof value === "string" && isAddress(value) ? getAddress(value) : bad(`${key} is not an address`);
  const uint = (key: string, value: unknown): bigint =>
    (typeof value === "string" && /^\d+$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value))
      ? BigInt(value)
      : bad(`${key} is not a whole number`);
  const hash = (key: string, value: unknown): string =>
    typeof value === "string" && isHexString(value, 32) ? value.toLowerCase() : bad(`${key} is not a 32-byte hash`);
  const o = offer!;
  const deadline = uint("offer.deadline", o.deadline);
  if (deadline >= 2n ** 64n) bad("offer.deadline is out of range");
  const terms: Offer = {
    registry: address("offer.registry", o.registry),
    recordId: uint("offer.recordId", o.recordId),
    seller: address("offer.seller", o.seller),
    buyer: address("offer.buyer", o.buyer),
    token: address("offer.token", o.token),
    price: uint("offer.price", o.price),
    deadline: Number(deadline),
    deedHash: hash("offer.deedHash", o.deedHash),
    nonce: uint("offer.nonce", o.nonce),
  };
  const chainId = uint("chainId", record.chainId);
  const signature = record.signature;
  if (typeof signature !== "string" || !isHexString(signature) || signature.length < 4) {
    bad("signature is not a 0x hex signature");
  }
  return {
    format: SIGNED_OFFER_FORMAT,
    chainId: Number(chainId),
    verifyingContract: address("verifyingContract", record.verifyingContract),
    offerId: hash("offerId", record.offerId),
    offer: offerJson(terms),
    signature: signature as string,
    terms,
  };
}

export type SubmitSignedOfferParameters = ActionContext & {
  /** The signed offer (see {@link parseSignedOffer}). */
  readonly signed: SignedOffer;
};

export type OpenOfferBySigParameters = SubmitSignedOfferParameters;
export type OpenOfferBySigReturnType = Execution & { readonly offerId: string; readonly offer: Offer };
export type AcceptOfferBySigParameters = SubmitSignedOfferParameters;
export type AcceptOfferBySigReturnType = Execution & {
  readonly offerId: string;
  readonly offer: Offer;
  /** The offer was open already (someone submitted the signature first) and is accepted as it stands. */
  readonly wasOpen: boolean;
};

/** Checks that a signed offer is bound to this chain and this OwnershipTransfer, and that its id is its terms' hash. */
async function checkSignedBinding(suite: Suite, signed: SignedOffer): Promise<{ offer: Offer; offerId: string }> {
  const { terms: offer } = parseSignedOffer("signed", signed);
  const domain = await offerDomain({ suite });
  if (signed.chainId !== domain.chainId) {
    throw new InvalidInputError({
      field: "signed",
      reason: `is signed for chain ${signed.chainId}, the connected chain is ${domain.chainId}`,
    });
  }
  if (getAddress(signed.verifyingContract) !== domain.verifyingContract) {
    throw new InvalidInputError({
      field: "signed",
      reason: `is signed for contract ${signed.verifyingContract}, this suite's OwnershipTransfer is ${domain.verifyingContract}`,
    });
  }
  const offerId = await suite.ownershipTransfer.hashOffer(offer);
  if (offerId !== signed.offerId) {
    throw new InvalidInputError({
      field: "signed",
      reason: `offerId ${signed.offerId} is not the hash of its offer (${offerId}): the terms were changed`,
    });
  }
  return { offer, offerId };
}

/**
 * The checks a signed offer must pass before it is submitted: bound to this chain and this OwnershipTransfer, its id
 * is the EIP-712 hash of its terms, the seller signed it (or its ERC-1271 wallet accepts the signature), the seller
 * still owns the record, the deadline is ahead. Returns the offer's stored status.
 */
async function checkSignedOffer(suite: Suite, signed: SignedOffer): Promise<{ offer: Offer; status: OfferStatusName }> {
  const { offer, offerId } = await checkSignedBinding(suite, signed);
  await requireSellerSignature(suite, offer, offerId, signed.signature, "signed");
  const now = await chainTime(suite.runner.provider!);
  if (offer.deadline <= now) {
    throw new InvalidInputError({
      field: "signed",
      reason: `the offer's deadline ${isoTime(offer.deadline)} has passed (chain time ${isoTime(now)})`,
    });
  }
  const label = String(offer.recordId);
  const owner = getAddress(await ownerOfRecord(suite, offer.registry, offer.recordId, label));
  if (owner !== offer.seller) {
    throw refusal({
      errorName: "OwnershipTransferNotRecordOwner",
      args: { registry: offer.registry, recordId: offer.recordId, account: offer.seller, owner },
    });
  }
  const status = OFFER_STATUSES[Number((await suite.ownershipTransfer.offerState(offerId)).status)];
  if (status === "Cancelled") {
    throw new InvalidStateError({
      kind: "offer",
      id: offerId,
      state: "cancelled",
      reason: "the seller cancelled it, so its signature can no longer be used",
    });
  }
  return { offer, status };
}

/** Opens an offer that the seller signed offline; any account may submit it and pay its gas. */
export async function openOfferBySig(parameters: OpenOfferBySigParameters): Promise<OpenOfferBySigReturnType> {
  const { suite, signed } = parameters;
  const { offer, status } = await checkSignedOffer(suite, signed);
  if (status !== "None") {
    throw new InvalidStateError({
      kind: "offer",
      id: signed.offerId,
      state: status.toLowerCase(),
      reason: "it was opened already; the buyer accepts it with `transfers accept` or `transfers accept-by-sig`",
    });
  }
  await requireSellable(suite, offer.registry, offer.recordId, String(offer.recordId));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.ownershipTransfer,
        contractName: "OwnershipTransfer",
        functionName: "openOfferBySig",
        args: [offer, signed.signature],
        description: `open offer ${signed.offerId} signed by ${offer.seller}`,
      },
    ],
  });
  return { ...execution, offerId: signed.offerId, offer };
}

/**
 * Opens an offer that the seller signed offline and accepts it with the payment, as its buyer, in one transaction.
 * An offer that someone opened already with the same signature is accepted as it stands.
 */
export async function acceptOfferBySig(parameters: AcceptOfferBySigParameters): Promise<AcceptOfferBySigReturnType> {
  const { suite, signer, signed } = parameters;
  const { offer, status } = await checkSignedOffer(suite, signed);
  if (status !== "None" && status !== "Open") {
    throw new InvalidStateError({
      kind: "offer",
      id: signed.offerId,
      state: status.toLowerCase(),
      reason: "only a signed offer that is not yet opened, or is open, can be accepted",
    });
  }
  const buyer = getAddress(await signer.getAddress());
  if (buyer !== offer.buyer) {
    throw new UnauthorizedPartyError({
      account: buyer,
      party: `buyer of offer ${signed.offerId}`,
      expected: offer.buyer,
      action: "accept it",
    });
  }
  await requireSellable(suite, offer.registry, offer.recordId, String(offer.recordId));
  const steps = await paymentSteps(suite, buyer, offer, (description) => ({
    contract: suite.ownershipTransfer,
    contractName: "OwnershipTransfer",
    functionName: "acceptOfferBySig",
    args: [offer, signed.signature],
    description: `${status === "Open" ? "accept open" : "open and accept"} offer ${signed.offerId} ${description}`,
  }));
  const execution = await execute({ ...parameters, steps });
  return { ...execution, offerId: signed.offerId, offer, wasOpen: status === "Open" };
}

// -----------------------------------------------------------------------------------------------------------------
// Court order and key recovery
// -----------------------------------------------------------------------------------------------------------------

export type ExecuteCourtOrderParameters = ActionContext & {
  readonly registry: string;
  readonly recordId: bigint;
  readonly recordLabel?: string;
  readonly to: string;
  /** Hash of the court order or inheritance certificate. */
  readonly basis: string;
};

export type ExecuteCourtOrderReturnType = Execution & { readonly from: string; readonly to: string };

/** Moves a record by court order, without payment; liens stay. Needs COURT_OFFICER. */
export async function executeCourtOrder(parameters: ExecuteCourtOrderParameters): Promise<ExecuteCourtOrderReturnType> {
  const { suite, recordId } = parameters;
  const registry = getAddress(parameters.registry);
  const to = getAddress(parameters.to);
  const label = parameters.recordLabel ?? String(recordId);
  const basis = validateHash("basis", parameters.basis);
  const from = await ownerOfRecord(suite, registry, recordId, label);
  if (getAddress(from) === to) {
    throw new InvalidInputError({ field: "to", reason: `${to} already owns ${label}` });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.ownershipTransfer,
        contractName: "OwnershipTransfer",
        functionName: "executeCourtOrder",
        args: [registry, recordId, to, basis],
        description: `court order: move ${label} from ${from} to ${to}`,
        labels: new Map([[recordId, label]]),
      },
    ],
  });
  return { ...execution, from, to };
}

export type ScheduleKeyRecoveryParameters = ActionContext & {
  readonly registry: string;
  readonly lostAccount: string;
  readonly newAccount: string;
  readonly recordIds: readonly bigint[];
  /** Labels of the records for messages, in the same order. */
  readonly recordLabels?: readonly string[];
  /** Hash of the recovery order. */
  readonly basis: string;
};

export type ScheduleKeyRecoveryReturnType = ScheduleOperationReturnType;

/**
 * Schedules a key recovery in the authority: RECOVERY_OFFICER acts only after the role's delay, during which a
 * guardian can cancel. Execute it afterwards with `executeOperation` (`roles execute`).
 */
export async function scheduleKeyRecovery(
  parameters: ScheduleKeyRecoveryParameters,
): Promise<ScheduleKeyRecoveryReturnType> {
  const { suite, recordIds } = parameters;
  const registry = getAddress(parameters.registry);
  const lostAccount = getAddress(parameters.lostAccount);
  const newAccount = getAddress(parameters.newAccount);
  const basis = validateHash("basis", parameters.basis);
  if (newAccount === ZeroAddress || newAccount === lostAccount) {
    throw new InvalidInputError({ field: "newAccount", reason: "must be an account other than the lost one" });
  }
  const maximum = await suite.ownershipTransfer.MAX_RECOVERY_RECORDS();
  if (recordIds.length === 0 || BigInt(recordIds.length) > maximum) {
    throw new InvalidInputError({
      field: "records",
      reason: `between 1 and ${maximum} records per order, got ${recordIds.length}`,
    });
  }
  // The recovery is only scheduled now, so nothing simulates it: the checks its execution would make are made here.
  if (!(await suite.ownershipTransfer.registryPolicy(registry)).enabled) {
    throw refusal({ errorName: "OwnershipTransferRegistryNotEnabled", args: { registry } });
  }
  await Promise.all(
    recordIds.map(async (recordId, index) => {
      const label = parameters.recordLabels?.[index] ?? String(recordId);
      const owner = await ownerOfRecord(suite, registry, recordId, label);
      if (getAddress(owner) !== lostAccount) {
        throw new InvalidInputError({ field: "records", reason: `${label} is owned by ${owner}, not ${lostAccount}` });
      }
    }),
  );
  const data = suite.ownershipTransfer.interface.encodeFunctionData("recoverKeys", [
    registry,
    lostAccount,
    newAccount,
    [...recordIds],
    basis,
  ]);
  return scheduleOperation({ ...parameters, contract: "OwnershipTransfer", data });
}

export type RecoverEscrowParameters = OfferActionParameters & {
  /** The offer's payee whose key was lost. */
  readonly lostAccount: string;
  /** The owner's new account, which receives the escrowed price. */
  readonly newAccount: string;
};

export type RecoverEscrowReturnType = Execution & {
  readonly offer: FoundOffer;
  readonly amount: bigint;
  /** The operation scheduled in the authority, when the caller's role carries a delay (as deployed). */
  readonly operationId?: string;
  /** When the scheduled operation becomes executable, unix seconds. */
  readonly executableAt?: number;
};

/**
 * Pays the escrowed price owed to an account whose key was lost (the seller's proceeds after settlement, the buyer's
 * refund after a rejection or expiry) to the owner's new account. RECOVERY_OFFICER's role carries an execution
 * delay, so the call is scheduled in the authority (a GUARDIAN can cancel it while it waits) and executed afterwards
 * with `executeOperation` (`roles execute`); a holder without delay calls it at once. Checked first: the lost account
 * is the offer's payee and has not withdrawn, the new account is neither zero nor the lost one.
 */
export async function recoverEscrow(parameters: RecoverEscrowParameters): Promise<RecoverEscrowReturnType> {
  const { suite, signer } = parameters;
  const lostAccount = getAddress(parameters.lostAccount);
  const newAccount = getAddress(parameters.newAccount);
  if (newAccount === ZeroAddress || newAccount === lostAccount) {
    throw new InvalidInputError({ field: "newAccount", reason: "must be an account other than the lost one" });
  }
  const found = await findOffer(parameters);
  const payeeParty = escrowPayee(
    found,
    "there is no escrow to recover",
    "its escrow belongs to nobody yet: it is released once the offer is settled, rejected or expired",
  );
  const payee = getAddress(found.offer[payeeParty]);
  if (payee !== lostAccount) {
    throw new InvalidInputError({
      field: "lost",
      reason: `${lostAccount} is not the payee of offer ${found.offerId}: its escrow is owed to the ${payeeParty} ${payee}`,
    });
  }
  const transfer = suite.ownershipTransfer;
  const from = await signer.getAddress();
  const selector = transfer.interface.getFunction("recoverEscrow")!.selector;
  const [immediate] = await suite.authority.canCall(from, await transfer.getAddress(), selector);
  if (immediate) {
    const execution = await execute({
      ...parameters,
      steps: [
        offerStep(
          suite,
          "recoverEscrow",
          found,
          [lostAccount, newAccount],
          `pay the escrow of offer ${found.offerId} owed to ${lostAccount} to ${newAccount}`,
        ),
      ],
    });
    return { ...execution, offer: found, amount: found.offer.price };
  }
  const data = transfer.interface.encodeFunctionData("recoverEscrow", [found.offer, lostAccount, newAccount]);
  const scheduled = await scheduleOperation({ ...parameters, contract: "OwnershipTransfer", data });
  return { ...scheduled, offer: found, amount: found.offer.price };
}

export type CancelSignedOfferParameters = SubmitSignedOfferParameters;
export type CancelSignedOfferReturnType = Execution & {
  readonly offerId: string;
  readonly offer: Offer;
  /** Nobody had submitted the signature yet: the offer was never opened. */
  readonly neverOpened: boolean;
};

/**
 * Cancels, as its seller, an offer the seller signed: one that nobody submitted yet (so that its signature can no
 * longer be used) or one that is open.
 */
export async function cancelSignedOffer(parameters: CancelSignedOfferParameters): Promise<CancelSignedOfferReturnType> {
  const { suite, signer, signed } = parameters;
  const { offer, offerId } = await checkSignedBinding(suite, signed);
  const account = getAddress(await signer.getAddress());
  if (account !== offer.seller) {
    throw new UnauthorizedPartyError({
      account,
      party: `seller of offer ${offerId}`,
      expected: offer.seller,
      action: "cancel it",
    });
  }
  const status = OFFER_STATUSES[Number((await suite.ownershipTransfer.offerState(offerId)).status)];
  if (status !== "None" && status !== "Open") {
    throw new InvalidStateError({
      kind: "offer",
      id: offerId,
      state: status.toLowerCase(),
      reason: "only an offer that is open, or that nobody submitted yet, can be cancelled",
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.ownershipTransfer,
        contractName: "OwnershipTransfer",
        functionName: "cancelOffer",
        args: [offer],
        description: `cancel offer ${offerId}${status === "None" ? " before anyone submits its signature" : ""}`,
      },
    ],
  });
  return { ...execution, offerId, offer, neverOpened: status === "None" };
}
