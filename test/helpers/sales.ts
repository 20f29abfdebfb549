/**
 * Helpers shared by the land-register and transfer tests: enum values, offers (building, EIP-712 signing, event
 * arguments), a complete sale, and the escrow invariant rebuilt from the transfer contract's logs.
 *
 * @module
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { ZeroAddress, id, type TypedDataDomain, type TypedDataField } from "ethers";

import {
  IOwnershipRegistry__factory,
  MockERC20__factory,
  type OwnershipTransfer,
} from "../../types/ethers-contracts/index.js";
import type { Suite } from "./fixture.js";

export { ChangeKind, OfferStatus, TitleStatus } from "../../src/vocabulary.js";

/** `IOwnershipTransfer.Offer` with concrete types. */
export interface Offer {
  registry: string;
  recordId: bigint;
  seller: string;
  buyer: string;
  token: string;
  price: bigint;
  deadline: bigint;
  deedHash: string;
  nonce: bigint;
}

/** The EIP-712 type of an offer, as the seller signs it. */
export const OFFER_TYPES: Record<string, TypedDataField[]> = {
  Offer: [
    { name: "registry", type: "address" },
    { name: "recordId", type: "uint256" },
    { name: "seller", type: "address" },
    { name: "buyer", type: "address" },
    { name: "token", type: "address" },
    { name: "price", type: "uint256" },
    { name: "deadline", type: "uint64" },
    { name: "deedHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
  ],
};

/**
 * The EIP-712 types a seller signs offline: the offer with the record's owner-change count at signing, so that the
 * signature dies with the next change of owner.
 */
export const SIGNED_OFFER_TYPES: Record<string, TypedDataField[]> = {
  SignedOffer: [
    { name: "offer", type: "Offer" },
    { name: "ownerChanges", type: "uint256" },
  ],
  ...OFFER_TYPES,
};

/**
 * The message a seller signs for `offer` (see {@link SIGNED_OFFER_TYPES}): the record's owner-change count is read from
 * its registry unless given.
 */
export async function offerMessage(
  ethers: HardhatEthers,
  offer: Offer,
  ownerChanges?: bigint,
): Promise<{ offer: Offer; ownerChanges: bigint }> {
  if (ownerChanges !== undefined) return { offer, ownerChanges };
  const registry = IOwnershipRegistry__factory.connect(offer.registry, ethers.provider);
  const [, changes] = await registry.ownershipState(offer.recordId);
  return { offer, ownerChanges: changes };
}

/** A week, the default validity of a test offer. */
export const WEEK = 7n * 24n * 3600n;

/** The default price of a test offer. */
export const PRICE = 10n ** 18n;

/** The EIP-712 domain of the transfer contract, on this chain unless `chainId` is given. */
export async function offerDomain(
  ethers: HardhatEthers,
  transfer: OwnershipTransfer,
  chainId?: bigint,
): Promise<TypedDataDomain> {
  return {
    name: "egov OwnershipTransfer",
    version: "1",
    chainId: chainId ?? (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await transfer.getAddress(),
  };
}

/** An offer of `recordId` in the suite's property registry from `seller` to `buyer`, with defaults for the rest. */
export async function buildOffer(
  ethers: HardhatEthers,
  suite: Suite,
  fields: Pick<Offer, "recordId" | "seller" | "buyer"> & Partial<Offer>,
): Promise<Offer> {
  const latest = (await ethers.provider.getBlock("latest"))!.timestamp;
  return {
    registry: await suite.property.getAddress(),
    token: ZeroAddress,
    price: PRICE,
    deadline: BigInt(latest) + WEEK,
    deedHash: id("sale deed"),
    nonce: 0n,
    ...fields,
  };
}

/** The offer as `withArgs` expects a struct argument. */
export function offerTuple(offer: Offer): unknown[] {
  return [
    offer.registry,
    offer.recordId,
    offer.seller,
    offer.buyer,
    offer.token,
    offer.price,
    offer.deadline,
    offer.deedHash,
    offer.nonce,
  ];
}

/**
 * Opens a native-coin offer of `recordId` from `seller` to `buyer`, has the buyer accept it and, when the policy
 * requires it, the land registrar approve it: the offer is then ready to settle.
 */
export async function prepareSale(
  ethers: HardhatEthers,
  suite: Suite,
  recordId: bigint,
  seller: HardhatEthersSigner,
  buyer: HardhatEthersSigner,
  fields: Partial<Offer> = {},
): Promise<Offer> {
  const { transfer, accounts } = suite;
  const offer = await buildOffer(ethers, suite, {
    recordId,
    seller: seller.address,
    buyer: buyer.address,
    ...fields,
  });
  await transfer.connect(seller).openOffer(offer);
  await transfer.connect(buyer).acceptOffer(offer, { value: offer.price });
  if ((await transfer.offerState(await transfer.hashOffer(offer))).approvalRequired) {
    await transfer.connect(accounts.landRegistrar).approveOffer(offer);
  }
  return offer;
}

/** Walks a native-coin sale to the end: {prepareSale}, then settlement by a third party. */
export async function completeSale(
  ethers: HardhatEthers,
  suite: Suite,
  recordId: bigint,
  seller: HardhatEthersSigner,
  buyer: HardhatEthersSigner,
  fields: Partial<Offer> = {},
): Promise<Offer> {
  const offer = await prepareSale(ethers, suite, recordId, seller, buyer, fields);
  await suite.transfer.connect(suite.accounts.outsider).settleOffer(offer);
  return offer;
}

/**
 * Checks the escrow invariant from the transfer contract's logs alone and from its state: for the native coin and
 * every token ever offered, the contract's balance equals the sum of the prices of offers that are deposited and not
 * released, and equals what {OfferAccepted} events paid in minus what {FundsWithdrawn} events paid out.
 */
export async function expectEscrowBalanced(ethers: HardhatEthers, transfer: OwnershipTransfer): Promise<void> {
  const held = new Map<string, bigint>([[ZeroAddress, 0n]]);
  const flowed = new Map<string, bigint>([[ZeroAddress, 0n]]);
  for (const event of await transfer.queryFilter(transfer.filters.OfferOpened())) {
    const offerId = event.args.offerId;
    const { token, price } = event.args.offer;
    const state = await transfer.offerState(offerId);
    held.set(token, (held.get(token) ?? 0n) + (state.deposited && !state.fundsReleased ? price : 0n));
    flowed.set(token, flowed.get(token) ?? 0n);
  }
  for (const event of await transfer.queryFilter(transfer.filters.OfferAccepted())) {
    flowed.set(event.args.token, flowed.get(event.args.token)! + event.args.amount);
  }
  for (const event of await transfer.queryFilter(transfer.filters.FundsWithdrawn())) {
    flowed.set(event.args.token, flowed.get(event.args.token)! - event.args.amount);
  }
  const escrow = await transfer.getAddress();
  for (const [token, amount] of held) {
    const balance =
      token === ZeroAddress
        ? await ethers.provider.getBalance(escrow)
        : await MockERC20__factory.connect(token, ethers.provider).balanceOf(escrow);
    expect(balance, `escrow balance of ${token}`).to.equal(amount);
    expect(flowed.get(token), `escrow flows of ${token}`).to.equal(amount);
  }
}
