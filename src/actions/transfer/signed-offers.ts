/**
 * Offers the seller signs offline (EIP-712): prepared and checked against the chain, signed with a local key or by
 * a wallet elsewhere, then opened, accepted with the payment or cancelled by signature. Any account may submit a
 * signed offer and pay its gas.
 *
 * @module
 */
import {
  Contract,
  getAddress,
  hexlify,
  isHexString,
  randomBytes,
  recoverAddress,
  TypedDataEncoder,
  type Wallet,
  ZeroAddress,
} from "ethers";

import { chainTime } from "../../chain.js";
import type { Suite } from "../../deployment.js";
import { InvalidInputError, InvalidStateError, refusal, UnauthorizedPartyError } from "../../errors.js";
import type { Offer } from "../../sdk/reads.js";
import { validateHash } from "../../validate.js";
import { isoTime, OFFER_STATUSES, type OfferStatusName } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import { ownerOfRecord, paymentSteps, requireSellable } from "./checks.js";
import { IOwnershipRegistry__factory } from "../../contracts.js";
import {
  OFFER_TYPE,
  type OfferDomain,
  offerDomain,
  type OfferTypedData,
  offerTypedData,
  parseSignedOffer,
  SIGNED_OFFER_FORMAT,
  type SignedOffer,
  signedOfferTypes,
} from "./signed-offer-file.js";

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
  /** What the seller signs: the EIP-712 hash of the offer with the record's owner-change count. */
  readonly digest: string;
  /** The record's owner-change count now, which the signature names. */
  readonly ownerChanges: bigint;
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
  const ownerChanges = await ownerChangesOf(suite, offer);
  const typedData = offerTypedData({ domain, offer, ownerChanges });
  const offerId = TypedDataEncoder.hash(domain, { Offer: [...OFFER_TYPE] }, typedData.message.offer);
  const digest = TypedDataEncoder.hash(domain, signedOfferTypes(), typedData.message);
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
  return { offerId, digest, ownerChanges, offer, domain, typedData };
}

/** How many times the offer's record changed owner since its registration, as its registry says now. */
async function ownerChangesOf(suite: Suite, offer: Offer): Promise<bigint> {
  const registry = IOwnershipRegistry__factory.connect(offer.registry, suite.runner);
  const [, ownerChanges] = await registry.ownershipState(offer.recordId);
  return ownerChanges;
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
  const signature = await wallet.signTypedData(domain, signedOfferTypes(), typedData.message);
  return { signed: signedOfferOf(prepared, signature), typedData };
}

function signedOfferOf(prepared: PrepareOfferReturnType, signature: string): SignedOffer {
  return {
    format: SIGNED_OFFER_FORMAT,
    chainId: prepared.domain.chainId,
    verifyingContract: prepared.domain.verifyingContract,
    offerId: prepared.offerId,
    offer: prepared.typedData.message.offer,
    ownerChanges: prepared.typedData.message.ownerChanges,
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
  await requireSellerSignature(
    parameters.suite,
    prepared.offer,
    prepared.offerId,
    prepared.digest,
    parameters.signature,
    "signature",
  );
  return { signed: signedOfferOf(prepared, parameters.signature) };
}

const ERC1271_ABI = ["function isValidSignature(bytes32 hash, bytes signature) view returns (bytes4)"];
const ERC1271_MAGIC = "0x1626ba7e";

/**
 * Checks, as the contract does, that `signature` over `digest` (the offer `offerId` with the record's owner-change
 * count) is the seller's: by its key, or as ERC-1271 wallet.
 */
async function requireSellerSignature(
  suite: Suite,
  offer: Offer,
  offerId: string,
  digest: string,
  signature: string,
  field: string,
): Promise<void> {
  let recovered: string | undefined;
  try {
    recovered = recoverAddress(digest, signature);
  } catch {
    recovered = undefined;
  }
  if (recovered !== undefined && getAddress(recovered) === getAddress(offer.seller)) return;
  if ((await suite.runner.provider!.getCode(offer.seller)) !== "0x") {
    const wallet = new Contract(offer.seller, ERC1271_ABI, suite.runner);
    let answer: string | undefined;
    try {
      answer = (await wallet.getFunction("isValidSignature").staticCall(digest, signature)) as string;
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
async function checkSignedBinding(
  suite: Suite,
  signed: SignedOffer,
): Promise<{ offer: Offer; offerId: string; signedOwnerChanges: bigint; domain: OfferDomain }> {
  const { terms: offer, signedOwnerChanges } = parseSignedOffer("signed", signed);
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
  return { offer, offerId, signedOwnerChanges, domain };
}

/**
 * The checks a signed offer must pass before it is submitted: bound to this chain and this OwnershipTransfer, its id
 * is the EIP-712 hash of its terms, the seller signed it (or its ERC-1271 wallet accepts the signature), the seller
 * still owns the record, the deadline is ahead. Returns the offer's stored status.
 */
async function checkSignedOffer(suite: Suite, signed: SignedOffer): Promise<{ offer: Offer; status: OfferStatusName }> {
  const { offer, offerId, signedOwnerChanges, domain } = await checkSignedBinding(suite, signed);
  const ownerChanges = await ownerChangesOf(suite, offer);
  if (ownerChanges !== signedOwnerChanges) {
    throw new InvalidStateError({
      kind: "offer",
      id: offerId,
      state: "signed before the record last changed owner",
      reason: `the seller signed it when the record had changed owner ${signedOwnerChanges} times, now ${ownerChanges}: the signature can no longer be used, the seller signs again`,
    });
  }
  const digest = TypedDataEncoder.hash(domain, signedOfferTypes(), {
    offer: signed.offer,
    ownerChanges: ownerChanges.toString(),
  });
  await requireSellerSignature(suite, offer, offerId, digest, signed.signature, "signed");
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
