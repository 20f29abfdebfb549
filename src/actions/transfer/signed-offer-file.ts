/**
 * A seller's signed offer as a file: its format tag, the EIP-712 `SignedOffer` and `Offer` types and OwnershipTransfer's
 * domain (read from the chain), the typed data a wallet signs (the offer with the record's owner-change count, so that
 * the signature dies with the next change of owner), and the reading of a signed-offer file with every field checked.
 *
 * @module
 */
import { getAddress, isAddress, isHexString } from "ethers";

import type { Suite } from "../../deployment.js";
import { InvalidInputError, InvalidStateError } from "../../errors.js";
import type { Offer } from "../../sdk/reads.js";

/** The format tag of a signed-offer file. */
export const SIGNED_OFFER_FORMAT = "egov-registries/signed-offer@2";

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

/** The EIP-712 `SignedOffer` type: what the seller signs, the offer with the record's owner-change count. */
export const SIGNED_OFFER_TYPE = [
  { name: "offer", type: "Offer" },
  { name: "ownerChanges", type: "uint256" },
] as const;

/** The EIP-712 types of a seller's signature, for `signTypedData` and `TypedDataEncoder` (no domain type). */
export function signedOfferTypes() {
  return { SignedOffer: [...SIGNED_OFFER_TYPE], Offer: [...OFFER_TYPE] };
}

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
    readonly SignedOffer: typeof SIGNED_OFFER_TYPE;
    readonly Offer: typeof OFFER_TYPE;
  };
  readonly primaryType: "SignedOffer";
  readonly domain: OfferDomain;
  /** The offer, and how many times the record had changed owner when the seller signed (a decimal string). */
  readonly message: { readonly offer: OfferJson; readonly ownerChanges: string };
}

/** A seller's signed offer, as `transfers sign-offer` writes it and `open-by-sig` and `accept-by-sig` read it. */
export interface SignedOffer {
  readonly format: typeof SIGNED_OFFER_FORMAT;
  /** The chain and contract the signature is bound to (the EIP-712 domain's). */
  readonly chainId: number;
  readonly verifyingContract: string;
  /** The offer's id: its EIP-712 hash. */
  readonly offerId: string;
  readonly offer: OfferJson;
  /** The record's owner-change count when the seller signed (a decimal string): after any change, no longer valid. */
  readonly ownerChanges: string;
  /** The seller's signature: 65 bytes from an externally owned account, anything an ERC-1271 wallet accepts. */
  readonly signature: string;
}

export function offerJson(offer: Offer): OfferJson {
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

export type OfferTypedDataParameters = {
  readonly domain: OfferDomain;
  readonly offer: Offer;
  /** The record's owner-change count now (`ownershipState` of its registry). */
  readonly ownerChanges: bigint;
};
export type OfferTypedDataReturnType = OfferTypedData;

/** The typed data of an offer in the `eth_signTypedData_v4` shape. */
export function offerTypedData({ domain, offer, ownerChanges }: OfferTypedDataParameters): OfferTypedDataReturnType {
  return {
    types: {
      EIP712Domain: [
        { name: "name", type: "string" },
        { name: "version", type: "string" },
        { name: "chainId", type: "uint256" },
        { name: "verifyingContract", type: "address" },
      ],
      SignedOffer: SIGNED_OFFER_TYPE,
      Offer: OFFER_TYPE,
    },
    primaryType: "SignedOffer",
    domain,
    message: { offer: offerJson(offer), ownerChanges: ownerChanges.toString() },
  };
}

/** Reads a signed-offer file's JSON into its offer and signature, checking every field. */
export function parseSignedOffer(
  field: string,
  json: unknown,
): SignedOffer & { readonly terms: Offer; readonly signedOwnerChanges: bigint } {
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
  const ownerChanges = uint("ownerChanges", record.ownerChanges);
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
    ownerChanges: ownerChanges.toString(),
    signature: signature as string,
    terms,
    signedOwnerChanges: ownerChanges,
  };
}
