/**
 * The fixture and helpers of the OwnershipTransfer tests, split by topic in this folder.
 *
 * @module
 */
import { MaxUint256, ZeroAddress, id } from "ethers";
import { network } from "hardhat";
import type { OwnershipTransfer } from "../../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite } from "../helpers/fixture.js";
import { PRICE, buildOffer, expectEscrowBalanced, type Offer } from "../helpers/sales.js";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;
export const { time } = networkHelpers;

export const REFERENCE = "UT-0100/2024";
export const DOCUMENT = id("registration deed UT-0100/2024");
export const BASIS = id("court order 12/2024");
export const REASON = id("refusal 3/2024");

export async function transferFixture() {
  const suite = await deploySuite(connection);
  const { property, transfer, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.alice, DOCUMENT, "");
  const parcelId = await property.parcelIdOf(REFERENCE);
  const token = await ethers.deployContract("MockERC20", ["Test Euro", "TEUR"]);
  await token.mint(accounts.bob, 100n * PRICE);
  await token.connect(accounts.bob).approve(transfer, MaxUint256);
  return { ...suite, parcelId, token };
}

export type Fixture = Awaited<ReturnType<typeof transferFixture>>;

/** The arguments of `recoverKeys`: registry, lost account, new account, record ids, basis. */
export type RecoveryArgs = [string, string, string, bigint[], string];

/** The transfer contract of the current test, whose escrow is checked after the test. */
let escrow: OwnershipTransfer | undefined;

/** Loads a fixture and remembers its transfer contract for the escrow check. */
export async function loadTracked<T extends { transfer: OwnershipTransfer }>(fixture: () => Promise<T>): Promise<T> {
  const loadedFixture = await networkHelpers.loadFixture(fixture);
  escrow = loadedFixture.transfer;
  return loadedFixture;
}

export function load(): Promise<Fixture> {
  return loadTracked(transferFixture);
}

/** Opens an offer of the fixture's parcel from alice to bob (unless `fields` says otherwise) as its seller. */
export async function open(fixture: Fixture, fields: Partial<Offer> = {}): Promise<{ offer: Offer; offerId: string }> {
  const { accounts, transfer, parcelId } = fixture;
  const offer = await buildOffer(ethers, fixture, {
    recordId: parcelId,
    seller: accounts.alice.address,
    buyer: accounts.bob.address,
    ...fields,
  });
  const seller = (await ethers.getSigners()).find((signer) => signer.address === offer.seller)!;
  await transfer.connect(seller).openOffer(offer);
  return { offer, offerId: await transfer.hashOffer(offer) };
}

/** Opens an offer and has bob accept it, paying the price. */
export async function openAndAccept(fixture: Fixture, fields: Partial<Offer> = {}) {
  const opened = await open(fixture, fields);
  const { offer } = opened;
  await fixture.transfer
    .connect(fixture.accounts.bob)
    .acceptOffer(offer, { value: offer.token === ZeroAddress ? offer.price : 0n });
  return opened;
}

/** Opens, accepts and approves an offer. */
export async function openAcceptApprove(fixture: Fixture, fields: Partial<Offer> = {}) {
  const opened = await openAndAccept(fixture, fields);
  await fixture.transfer.connect(fixture.accounts.landRegistrar).approveOffer(opened.offer);
  return opened;
}

/** Schedules a key recovery in the authority, waits out the delay and executes it. */
export async function recoverThroughAuthority(fixture: Fixture, args: RecoveryArgs) {
  const { authority, transfer, accounts } = fixture;
  const data = transfer.interface.encodeFunctionData("recoverKeys", args);
  await authority.connect(accounts.recoveryOfficer).schedule(transfer, data, 0);
  await time.increase(TEST_DELAYS.recovery);
  return authority.connect(accounts.recoveryOfficer).execute(transfer, data);
}

export async function stateOf(fixture: Fixture, offerId: string) {
  const state = await fixture.transfer.offerState(offerId);
  return [state.status, state.approvalRequired, state.deposited, state.fundsReleased];
}

/** Checks after each test of the enclosing `describe` that the escrow holds exactly the deposited, unreleased prices. */
export function trackEscrow(): void {
  beforeEach(function () {
    escrow = undefined;
  });

  afterEach("escrow holds exactly the deposited and unreleased prices", async function () {
    if (escrow !== undefined) await expectEscrowBalanced(ethers, escrow);
  });
}
