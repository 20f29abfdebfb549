import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { MaxUint256, TypedDataEncoder, ZeroAddress, ZeroHash, id } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import type { OwnershipTransfer } from "../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite } from "./helpers/fixture.js";
import {
  ChangeKind,
  OFFER_TYPES,
  SIGNED_OFFER_TYPES,
  offerMessage,
  OfferStatus,
  PRICE,
  TitleStatus,
  buildOffer,
  completeSale,
  expectEscrowBalanced,
  offerDomain,
  offerTuple,
  type Offer,
} from "./helpers/sales.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const REFERENCE = "UT-0100/2024";
const DOCUMENT = id("registration deed UT-0100/2024");
const BASIS = id("court order 12/2024");
const REASON = id("refusal 3/2024");

async function transferFixture() {
  const suite = await deploySuite(connection);
  const { property, transfer, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.alice, DOCUMENT, "");
  const parcelId = await property.parcelIdOf(REFERENCE);
  const token = await ethers.deployContract("MockERC20", ["Test Euro", "TEUR"]);
  await token.mint(accounts.bob, 100n * PRICE);
  await token.connect(accounts.bob).approve(transfer, MaxUint256);
  return { ...suite, parcelId, token };
}

type Fixture = Awaited<ReturnType<typeof transferFixture>>;

/** The arguments of `recoverKeys`: registry, lost account, new account, record ids, basis. */
type RecoveryArgs = [string, string, string, bigint[], string];

/** The transfer contract of the current test, whose escrow is checked after the test. */
let escrow: OwnershipTransfer | undefined;

/** Loads a fixture and remembers its transfer contract for the escrow check. */
async function loadTracked<T extends { transfer: OwnershipTransfer }>(fixture: () => Promise<T>): Promise<T> {
  const loadedFixture = await networkHelpers.loadFixture(fixture);
  escrow = loadedFixture.transfer;
  return loadedFixture;
}

function load(): Promise<Fixture> {
  return loadTracked(transferFixture);
}

/** Opens an offer of the fixture's parcel from alice to bob (unless `fields` says otherwise) as its seller. */
async function open(fixture: Fixture, fields: Partial<Offer> = {}): Promise<{ offer: Offer; offerId: string }> {
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
async function openAndAccept(fixture: Fixture, fields: Partial<Offer> = {}) {
  const opened = await open(fixture, fields);
  const { offer } = opened;
  await fixture.transfer
    .connect(fixture.accounts.bob)
    .acceptOffer(offer, { value: offer.token === ZeroAddress ? offer.price : 0n });
  return opened;
}

/** Opens, accepts and approves an offer. */
async function openAcceptApprove(fixture: Fixture, fields: Partial<Offer> = {}) {
  const opened = await openAndAccept(fixture, fields);
  await fixture.transfer.connect(fixture.accounts.landRegistrar).approveOffer(opened.offer);
  return opened;
}

/** Schedules a key recovery in the authority, waits out the delay and executes it. */
async function recoverThroughAuthority(fixture: Fixture, args: RecoveryArgs) {
  const { authority, transfer, accounts } = fixture;
  const data = transfer.interface.encodeFunctionData("recoverKeys", args);
  await authority.connect(accounts.recoveryOfficer).schedule(transfer, data, 0);
  await time.increase(TEST_DELAYS.recovery);
  return authority.connect(accounts.recoveryOfficer).execute(transfer, data);
}

async function stateOf(fixture: Fixture, offerId: string) {
  const state = await fixture.transfer.offerState(offerId);
  return [state.status, state.approvalRequired, state.deposited, state.fundsReleased];
}

describe("OwnershipTransfer", function () {
  beforeEach(function () {
    escrow = undefined;
  });

  afterEach("escrow holds exactly the deposited and unreleased prices", async function () {
    if (escrow !== undefined) await expectEscrowBalanced(ethers, escrow);
  });

  describe("deployment", function () {
    it("exposes its version and the key-recovery bound", async function () {
      const { transfer, authority } = await load();
      expect(await transfer.version()).to.equal("1.0.0");
      expect(await transfer.MAX_RECOVERY_RECORDS()).to.equal(50n);
      expect(await transfer.authority()).to.equal(await authority.getAddress());
    });

    it("cannot be initialised twice", async function () {
      const { transfer, authority, accounts } = await load();
      await expect(
        transfer.connect(accounts.outsider).initialize(await authority.getAddress()),
      ).to.be.revertedWithCustomError(transfer, "InvalidInitialization");
    });

    it("holds no funds and accepts no direct payment", async function () {
      const { transfer, accounts } = await load();
      await expect(accounts.outsider.sendTransaction({ to: await transfer.getAddress(), value: 1n })).to.revert(ethers);
    });
  });

  describe("setRegistryPolicy", function () {
    it("the suite enables the land register with approval by land registrars", async function () {
      const { transfer, property } = await load();
      const policy = await transfer.registryPolicy(property);
      expect([policy.enabled, policy.approvalRequired, policy.approverRole]).to.deep.equal([
        true,
        true,
        Roles.LAND_REGISTRAR,
      ]);
    });

    it("an unknown registry has an empty policy", async function () {
      const { transfer, accounts } = await load();
      const policy = await transfer.registryPolicy(accounts.outsider);
      expect([policy.enabled, policy.approvalRequired, policy.approverRole]).to.deep.equal([false, false, 0n]);
    });

    it("the admin sets a registry's policy", async function () {
      const { transfer, property, accounts } = await load();
      await expect(
        transfer.connect(accounts.admin).setRegistryPolicy(property, {
          enabled: true,
          approvalRequired: false,
          approverRole: Roles.COURT_OFFICER,
        }),
      )
        .to.emit(transfer, "RegistryPolicySet")
        .withArgs(await property.getAddress(), true, false, Roles.COURT_OFFICER);
      const policy = await transfer.registryPolicy(property);
      expect([policy.enabled, policy.approvalRequired, policy.approverRole]).to.deep.equal([
        true,
        false,
        Roles.COURT_OFFICER,
      ]);
    });

    it("a non-admin cannot set a policy", async function () {
      const { transfer, property, accounts } = await load();
      await expect(
        transfer
          .connect(accounts.landRegistrar)
          .setRegistryPolicy(property, { enabled: false, approvalRequired: false, approverRole: 0n }),
      )
        .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
        .withArgs(accounts.landRegistrar.address);
    });

    it("the zero address cannot be given a policy", async function () {
      const { transfer, accounts } = await load();
      await expect(
        transfer
          .connect(accounts.admin)
          .setRegistryPolicy(ZeroAddress, { enabled: true, approvalRequired: false, approverRole: 0n }),
      )
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(ZeroAddress);
    });
  });

  describe("openOffer", function () {
    it("the owner opens an offer identified by its EIP-712 hash", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 7n,
      });
      const offerId = TypedDataEncoder.hash(await offerDomain(ethers, transfer), OFFER_TYPES, offer);
      expect(await transfer.hashOffer(offer)).to.equal(offerId);
      expect(await transfer.connect(accounts.alice).openOffer.staticCall(offer)).to.equal(offerId);
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.emit(transfer, "OfferOpened")
        .withArgs(offerId, await property.getAddress(), parcelId, offerTuple(offer), true, 0n);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Open, true, false, false]);
    });

    it("offers that differ only by nonce are different offers", async function () {
      const fixture = await load();
      const first = await open(fixture, { nonce: 1n });
      const second = await open(fixture, { nonce: 2n });
      expect(first.offerId).to.not.equal(second.offerId);
      expect((await fixture.transfer.offerState(second.offerId)).status).to.equal(OfferStatus.Open);
    });

    it("an offer keeps the approval policy it was opened under", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await transfer
        .connect(accounts.admin)
        .setRegistryPolicy(property, { enabled: true, approvalRequired: false, approverRole: Roles.LAND_REGISTRAR });
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Accepted);
      const later = await open(fixture, { nonce: 1n });
      expect((await transfer.offerState(later.offerId)).approvalRequired).to.equal(false);
    });

    it("only the seller opens an offer", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      await expect(transfer.connect(accounts.bob).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnauthorizedParty")
        .withArgs(await transfer.hashOffer(offer), accounts.bob.address);
    });

    it("only the owner of a record can sell it", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.carol.address,
        buyer: accounts.bob.address,
      });
      await expect(transfer.connect(accounts.carol).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotRecordOwner")
        .withArgs(await property.getAddress(), parcelId, accounts.carol.address, accounts.alice.address);
    });

    it("an unknown record cannot be offered", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: 42n,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(42n);
    });

    it("a record of a registry that is not enabled cannot be offered", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const other = await buildOffer(ethers, fixture, {
        registry: accounts.outsider.address,
        recordId: fixture.parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      await expect(transfer.connect(accounts.alice).openOffer(other))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(accounts.outsider.address);
      await transfer
        .connect(accounts.admin)
        .setRegistryPolicy(property, { enabled: false, approvalRequired: true, approverRole: Roles.LAND_REGISTRAR });
      const offer = { ...other, registry: await property.getAddress() };
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(await property.getAddress());
    });

    it("an offer needs a buyer other than the seller", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      for (const buyer of [ZeroAddress, accounts.alice.address]) {
        const offer = await buildOffer(ethers, fixture, {
          recordId: fixture.parcelId,
          seller: accounts.alice.address,
          buyer,
        });
        await expect(transfer.connect(accounts.alice).openOffer(offer))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidBuyer")
          .withArgs(buyer);
      }
    });

    it("an offer needs a price", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: fixture.parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        price: 0n,
      });
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidPrice")
        .withArgs(0n);
    });

    it("an offer needs a deadline in the future", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const at = BigInt(await time.latest()) + 100n;
      const offer = await buildOffer(ethers, fixture, {
        recordId: fixture.parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        deadline: at,
      });
      await time.setNextBlockTimestamp(at);
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidDeadline")
        .withArgs(at, at);
      const past = { ...offer, deadline: 1n };
      await time.setNextBlockTimestamp(at + 5n);
      await expect(transfer.connect(accounts.alice).openOffer(past))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidDeadline")
        .withArgs(1n, at + 5n);
    });

    it("an offer is paid in the native coin or in a token contract", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: fixture.parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        token: accounts.carol.address,
      });
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidToken")
        .withArgs(accounts.carol.address);
      const byToken = await open(fixture, { token: await fixture.token.getAddress() });
      expect((await transfer.offerState(byToken.offerId)).status).to.equal(OfferStatus.Open);
    });

    it("an offer needs a deed hash", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: fixture.parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        deedHash: ZeroHash,
      });
      await expect(transfer.connect(accounts.alice).openOffer(offer)).to.be.revertedWithCustomError(
        transfer,
        "OwnershipTransferEmptyDeedHash",
      );
    });

    it("an offer is opened once, even after it was cancelled", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(offerId);
      await transfer.connect(accounts.alice).cancelOffer(offer);
      await expect(transfer.connect(accounts.alice).openOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(offerId);
    });
  });

  describe("openOfferBySig", function () {
    async function signed(fixture: Fixture, signer: HardhatEthersSigner, chainId?: bigint, verifyingContract?: string) {
      const offer = await buildOffer(ethers, fixture, {
        recordId: fixture.parcelId,
        seller: fixture.accounts.alice.address,
        buyer: fixture.accounts.bob.address,
      });
      const domain = await offerDomain(ethers, fixture.transfer, chainId);
      if (verifyingContract !== undefined) domain.verifyingContract = verifyingContract;
      const signature = await signer.signTypedData(domain, SIGNED_OFFER_TYPES, await offerMessage(ethers, offer));
      return { offer, offerId: await fixture.transfer.hashOffer(offer), signature };
    }

    it("anyone submits an offer the seller signed", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId, signature } = await signed(fixture, accounts.alice);
      expect(await transfer.connect(accounts.outsider).openOfferBySig.staticCall(offer, signature)).to.equal(offerId);
      await expect(transfer.connect(accounts.outsider).openOfferBySig(offer, signature))
        .to.emit(transfer, "OfferOpened")
        .withArgs(offerId, await property.getAddress(), parcelId, offerTuple(offer), true, 0n);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Open, true, false, false]);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
    });

    it("a signed offer cannot be replayed", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId, signature } = await signed(fixture, accounts.alice);
      await transfer.connect(accounts.outsider).openOfferBySig(offer, signature);
      await expect(transfer.connect(accounts.bob).openOfferBySig(offer, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(offerId);
    });

    it("a signature by anyone but the seller is refused", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId, signature } = await signed(fixture, accounts.bob);
      await expect(transfer.openOfferBySig(offer, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, accounts.alice.address);
    });

    it("a signature does not cover a changed offer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, signature } = await signed(fixture, accounts.alice);
      const cheaper = { ...offer, price: offer.price / 2n };
      await expect(transfer.openOfferBySig(cheaper, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(await transfer.hashOffer(cheaper), accounts.alice.address);
    });

    it("a signature for another chain is refused", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId, signature } = await signed(fixture, accounts.alice, 1n);
      await expect(transfer.openOfferBySig(offer, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, accounts.alice.address);
    });

    it("a signature for another contract is refused", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const { offer, offerId, signature } = await signed(
        fixture,
        accounts.alice,
        undefined,
        await property.getAddress(),
      );
      await expect(transfer.openOfferBySig(offer, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, accounts.alice.address);
    });

    it("a malformed signature is refused", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId, signature } = await signed(fixture, accounts.alice);
      for (const bad of ["0x", "0x1234", signature.slice(0, -2)]) {
        await expect(transfer.openOfferBySig(offer, bad))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
          .withArgs(offerId, accounts.alice.address);
      }
    });

    it("a signed offer of a record the signer does not own is refused", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, signature } = await signed(fixture, accounts.alice);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS);
      // Signed before the change of owner: the signature named the count of then.
      await expect(transfer.openOfferBySig(offer, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(await transfer.hashOffer(offer), accounts.alice.address);
      // Signed after it: a signature over the record as it stands, by someone who does not own it.
      const now = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.openOfferBySig(offer, now))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotRecordOwner")
        .withArgs(await property.getAddress(), parcelId, accounts.alice.address, accounts.carol.address);
    });
  });

  describe("cancelOffer", function () {
    it("the seller cancels an open offer, which can no longer be accepted", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await expect(transfer.connect(accounts.alice).cancelOffer(offer))
        .to.emit(transfer, "OfferCancelled")
        .withArgs(offerId);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Cancelled, true, false, false]);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Cancelled);
    });

    it("only the seller cancels an offer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      for (const caller of [accounts.bob, accounts.landRegistrar, accounts.admin]) {
        await expect(transfer.connect(caller).cancelOffer(offer))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnauthorizedParty")
          .withArgs(offerId, caller.address);
      }
    });

    it("a seller cancels an offer she signed but nobody submitted, which voids the signature", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const unopened = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 9n,
      });
      const unopenedId = await transfer.hashOffer(unopened);
      const signature = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, unopened),
      );
      await expect(transfer.connect(accounts.alice).cancelOffer(unopened))
        .to.emit(transfer, "OfferCancelled")
        .withArgs(unopenedId);
      await expect(transfer.connect(accounts.outsider).openOfferBySig(unopened, signature))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(unopenedId);
    });

    it("only an open or never-opened offer can be cancelled", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.alice).cancelOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Accepted);
    });
  });

  describe("acceptOffer", function () {
    it("the buyer accepts and pays the price in the native coin into escrow", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      const tx = transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await expect(tx)
        .to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, accounts.bob.address, ZeroAddress, offer.price);
      await expect(tx).to.changeEtherBalances(ethers, [accounts.bob, transfer], [-offer.price, offer.price]);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Accepted, true, true, false]);
    });

    it("the buyer accepts and pays the price in a token into escrow", async function () {
      const fixture = await load();
      const { transfer, token, accounts } = fixture;
      const { offer, offerId } = await open(fixture, { token: await token.getAddress() });
      const tx = transfer.connect(accounts.bob).acceptOffer(offer);
      await expect(tx)
        .to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, accounts.bob.address, await token.getAddress(), offer.price);
      await expect(tx).to.changeTokenBalances(ethers, token, [accounts.bob, transfer], [-offer.price, offer.price]);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Accepted, true, true, false]);
    });

    it("an offer can be accepted in the second of its deadline", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer } = await open(fixture);
      await time.setNextBlockTimestamp(offer.deadline);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price })).to.emit(
        transfer,
        "OfferAccepted",
      );
    });

    it("nobody but the buyer accepts an offer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      for (const caller of [accounts.carol, accounts.alice, accounts.landRegistrar]) {
        await expect(transfer.connect(caller).acceptOffer(offer, { value: offer.price }))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnauthorizedParty")
          .withArgs(offerId, caller.address);
      }
    });

    it("an offer is accepted once, and only when open", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const unopened = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 3n,
      });
      await expect(transfer.connect(accounts.bob).acceptOffer(unopened, { value: unopened.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(await transfer.hashOffer(unopened), OfferStatus.None);
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Accepted);
    });

    it("an offer past its deadline cannot be accepted", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await time.setNextBlockTimestamp(offer.deadline + 1n);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExpired")
        .withArgs(offerId, offer.deadline);
    });

    it("the buyer pays exactly the price in the native coin", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      for (const value of [0n, offer.price - 1n, offer.price + 1n]) {
        await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value }))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferWrongPayment")
          .withArgs(offerId, offer.price, value);
      }
    });

    it("a token offer takes no native coin", async function () {
      const fixture = await load();
      const { transfer, token, accounts } = fixture;
      const { offer, offerId } = await open(fixture, { token: await token.getAddress() });
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferWrongPayment")
        .withArgs(offerId, 0n, offer.price);
    });

    it("a token offer needs the buyer's allowance and balance", async function () {
      const fixture = await load();
      const { transfer, token, accounts } = fixture;
      const { offer } = await open(fixture, { token: await token.getAddress(), price: 1000n * PRICE });
      await expect(transfer.connect(accounts.bob).acceptOffer(offer))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(accounts.bob.address, 100n * PRICE, offer.price);
      await token.connect(accounts.bob).approve(transfer, 5n);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(await transfer.getAddress(), 5n, offer.price);
    });
  });

  describe("approveOffer", function () {
    it("a land registrar approves an accepted sale", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.emit(transfer, "OfferApproved")
        .withArgs(offerId, accounts.landRegistrar.address);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Approved, true, true, false]);
    });

    it("nobody without the registry's approver role approves", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const { offer } = await openAndAccept(fixture);
      for (const caller of [accounts.outsider, accounts.alice, accounts.bob, accounts.admin, accounts.courtOfficer]) {
        await expect(transfer.connect(caller).approveOffer(offer))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
          .withArgs(await property.getAddress(), caller.address, Roles.LAND_REGISTRAR);
      }
    });

    it("an approver role held with an execution delay does not approve", async function () {
      const fixture = await load();
      const { transfer, property, authority, accounts } = fixture;
      await authority.grantRole(Roles.LAND_REGISTRAR, accounts.outsider, 24 * 3600);
      const { offer } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.outsider).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
        .withArgs(await property.getAddress(), accounts.outsider.address, Roles.LAND_REGISTRAR);
      await expect(transfer.connect(accounts.outsider).rejectOffer(offer, REASON))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
        .withArgs(await property.getAddress(), accounts.outsider.address, Roles.LAND_REGISTRAR);
    });

    it("the policy names the approver role", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      await transfer
        .connect(accounts.admin)
        .setRegistryPolicy(property, { enabled: true, approvalRequired: true, approverRole: Roles.COURT_OFFICER });
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
        .withArgs(await property.getAddress(), accounts.landRegistrar.address, Roles.COURT_OFFICER);
      await expect(transfer.connect(accounts.courtOfficer).approveOffer(offer))
        .to.emit(transfer, "OfferApproved")
        .withArgs(offerId, accounts.courtOfficer.address);
    });

    it("only an accepted offer is approved", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Open);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await transfer.connect(accounts.landRegistrar).approveOffer(offer);
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Approved);
    });

    it("an offer past its deadline cannot be approved", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await time.increaseTo(offer.deadline + 1n);
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExpired")
        .withArgs(offerId, offer.deadline);
    });

    it("no offer of a disabled registry is approved or settled, but it can be rejected", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      const { offer: approved } = await openAcceptApprove(fixture, { nonce: 77n });
      await transfer
        .connect(accounts.admin)
        .setRegistryPolicy(property, { enabled: false, approvalRequired: true, approverRole: Roles.LAND_REGISTRAR });
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(await property.getAddress());
      await expect(transfer.settleOffer(approved))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(await property.getAddress());
      await expect(transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON))
        .to.emit(transfer, "OfferRejected")
        .withArgs(offerId, accounts.landRegistrar.address, REASON);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.bob],
        [-offer.price, offer.price],
      );
    });
  });

  describe("rejectOffer", function () {
    it("a land registrar rejects an open offer; nothing was paid", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await expect(transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON))
        .to.emit(transfer, "OfferRejected")
        .withArgs(offerId, accounts.landRegistrar.address, REASON);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Rejected, true, false, false]);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.bob.address);
    });

    it("a rejected accepted offer refunds the buyer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Rejected, true, true, false]);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.bob],
        [-offer.price, offer.price],
      );
    });

    it("a rejected approved offer refunds the buyer and cannot settle", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await expect(transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON))
        .to.emit(transfer, "OfferRejected")
        .withArgs(offerId, accounts.landRegistrar.address, REASON);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Rejected);
      await transfer.connect(accounts.bob).withdraw(offer, accounts.bob);
    });

    it("a rejection needs a reason", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer } = await open(fixture);
      await expect(transfer.connect(accounts.landRegistrar).rejectOffer(offer, ZeroHash)).to.be.revertedWithCustomError(
        transfer,
        "OwnershipTransferEmptyBasis",
      );
    });

    it("nobody without the approver role rejects", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      const { offer } = await open(fixture);
      for (const caller of [accounts.alice, accounts.bob, accounts.outsider]) {
        await expect(transfer.connect(caller).rejectOffer(offer, REASON))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
          .withArgs(await property.getAddress(), caller.address, Roles.LAND_REGISTRAR);
      }
    });

    it("a settled, cancelled or rejected offer cannot be rejected", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const registrar = transfer.connect(accounts.landRegistrar);
      const cancelled = await open(fixture, { nonce: 1n });
      await transfer.connect(accounts.alice).cancelOffer(cancelled.offer);
      await expect(registrar.rejectOffer(cancelled.offer, REASON))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(cancelled.offerId, OfferStatus.Cancelled);
      const rejected = await open(fixture, { nonce: 2n });
      await registrar.rejectOffer(rejected.offer, REASON);
      await expect(registrar.rejectOffer(rejected.offer, REASON))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(rejected.offerId, OfferStatus.Rejected);
      const settled = await openAcceptApprove(fixture, { nonce: 3n });
      await transfer.settleOffer(settled.offer);
      await expect(registrar.rejectOffer(settled.offer, REASON))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(settled.offerId, OfferStatus.Settled);
    });
  });

  describe("settleOffer", function () {
    it("anyone settles an approved sale: the title moves and the seller is credited", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      const tx = transfer.connect(accounts.outsider).settleOffer(offer);
      await expect(tx)
        .to.emit(transfer, "OfferSettled")
        .withArgs(offerId, await property.getAddress(), parcelId, accounts.alice.address, accounts.bob.address);
      await expect(tx)
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.bob.address, ChangeKind.Sale, offer.deedHash, 1n);
      await expect(tx).to.changeEtherBalances(ethers, [transfer, accounts.alice], [0n, 0n]);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Settled, true, true, false]);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.alice.address, accounts.alice.address, ZeroAddress, offer.price);
    });

    it("a token sale runs from offer to withdrawal", async function () {
      const fixture = await load();
      const { transfer, property, token, accounts, parcelId } = fixture;
      const tokenAddress = await token.getAddress();
      const { offer, offerId } = await openAcceptApprove(fixture, { token: tokenAddress, price: 25n * PRICE });
      await transfer.settleOffer(offer);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
      const tx = transfer.connect(accounts.alice).withdraw(offer, accounts.alice);
      await expect(tx)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.alice.address, accounts.alice.address, tokenAddress, offer.price);
      await expect(tx).to.changeTokenBalances(ethers, token, [transfer, accounts.alice], [-offer.price, offer.price]);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Settled, true, true, true]);
    });

    it("without an approval policy an accepted sale settles at once", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      await transfer
        .connect(accounts.admin)
        .setRegistryPolicy(property, { enabled: true, approvalRequired: false, approverRole: Roles.LAND_REGISTRAR });
      const { offer, offerId } = await open(fixture);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Open, false, false, false]);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Open);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await expect(transfer.connect(accounts.carol).settleOffer(offer))
        .to.emit(transfer, "OfferSettled")
        .withArgs(offerId, await property.getAddress(), parcelId, accounts.alice.address, accounts.bob.address);
      await transfer.connect(accounts.alice).withdraw(offer, accounts.alice);
    });

    it("a sale that needs approval does not settle before it", async function () {
      const fixture = await load();
      const { transfer } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Accepted);
    });

    it("a sale settles once", async function () {
      const fixture = await load();
      const { transfer } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await transfer.settleOffer(offer);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Settled);
    });

    it("a sale settles in the second of its deadline", async function () {
      const fixture = await load();
      const { offer } = await openAcceptApprove(fixture);
      await time.setNextBlockTimestamp(offer.deadline);
      await expect(fixture.transfer.settleOffer(offer)).to.emit(fixture.transfer, "OfferSettled");
      await fixture.transfer.connect(fixture.accounts.alice).withdraw(offer, fixture.accounts.alice);
    });

    it("a sale past its deadline does not settle", async function () {
      const fixture = await load();
      const { transfer } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await time.setNextBlockTimestamp(offer.deadline + 1n);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExpired")
        .withArgs(offerId, offer.deadline);
    });

    it("a sale does not settle once the seller no longer owns the record", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer } = await openAcceptApprove(fixture);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryNotOwner")
        .withArgs(parcelId, accounts.alice.address, accounts.carol.address);
    });

    it("a frozen parcel blocks settlement but not a court order", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await property.connect(accounts.landRegistrar).freezeTitle(parcelId, BASIS);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryParcelFrozen")
        .withArgs(parcelId);
      await expect(transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS))
        .to.emit(transfer, "CourtOrderExecuted")
        .withArgs(
          await property.getAddress(),
          parcelId,
          accounts.carol.address,
          accounts.alice.address,
          BASIS,
          accounts.courtOfficer.address,
        );
      await transfer.expireOffer(offer);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob))
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.bob.address, accounts.bob.address, ZeroAddress, offer.price);
    });

    it("a sale of a parcel with a lien settles only with the holder's consent", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      await property.connect(accounts.landRegistrar).registerLien(parcelId, accounts.bank, id("mortgage"));
      const { offer, offerId } = await openAcceptApprove(fixture);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, 1n, offerId);
      expect((await transfer.offerState(offerId)).status).to.equal(OfferStatus.Approved);
      await property.connect(accounts.bank).consentToSale(1n, offerId);
      await expect(transfer.settleOffer(offer)).to.emit(transfer, "OfferSettled");
      expect(await property.activeLiens(parcelId)).to.deep.equal([1n]);
    });
  });

  describe("expireOffer", function () {
    it("an offer that can still settle does not expire", async function () {
      const fixture = await load();
      const { transfer } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await expect(transfer.expireOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferStillValid")
        .withArgs(offerId, offer.deadline);
      await time.setNextBlockTimestamp(offer.deadline);
      await expect(transfer.expireOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferStillValid")
        .withArgs(offerId, offer.deadline);
    });

    it("anyone expires an accepted offer past its deadline and the buyer takes the price back", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await time.increaseTo(offer.deadline + 1n);
      await expect(transfer.connect(accounts.outsider).expireOffer(offer))
        .to.emit(transfer, "OfferExpired")
        .withArgs(offerId);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Expired, true, true, false]);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.bob],
        [-offer.price, offer.price],
      );
    });

    it("an open offer expires with nothing to refund", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await time.increaseTo(offer.deadline + 1n);
      await transfer.expireOffer(offer);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Expired, true, false, false]);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.bob.address);
    });

    it("an approved token offer past its deadline expires and refunds the buyer in the token", async function () {
      const fixture = await load();
      const { transfer, token, accounts } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture, { token: await token.getAddress() });
      await time.increaseTo(offer.deadline + 1n);
      await expect(transfer.expireOffer(offer)).to.emit(transfer, "OfferExpired").withArgs(offerId);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeTokenBalances(
        ethers,
        token,
        [transfer, accounts.bob],
        [-offer.price, offer.price],
      );
    });

    it("an offer expires before its deadline once the seller no longer owns the record", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS);
      await expect(transfer.expireOffer(offer)).to.emit(transfer, "OfferExpired").withArgs(offerId);
      await transfer.connect(accounts.bob).withdraw(offer, accounts.bob);
    });

    it("a competing offer expires once another sale of the record settled", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const toBob = await openAcceptApprove(fixture, { nonce: 1n });
      const toCarol = await open(fixture, { buyer: accounts.carol.address, nonce: 2n });
      await transfer.connect(accounts.carol).acceptOffer(toCarol.offer, { value: toCarol.offer.price });
      await transfer.settleOffer(toBob.offer);
      await transfer.expireOffer(toCarol.offer);
      await expect(transfer.connect(accounts.carol).withdraw(toCarol.offer, accounts.carol)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.carol],
        [-toCarol.offer.price, toCarol.offer.price],
      );
      await transfer.connect(accounts.alice).withdraw(toBob.offer, accounts.alice);
    });

    it("a settled, cancelled, expired or unknown offer does not expire", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const unopened = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 99n,
      });
      await expect(transfer.expireOffer(unopened))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(await transfer.hashOffer(unopened), OfferStatus.None);
      const cancelled = await open(fixture, { nonce: 1n });
      await transfer.connect(accounts.alice).cancelOffer(cancelled.offer);
      await expect(transfer.expireOffer(cancelled.offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(cancelled.offerId, OfferStatus.Cancelled);
      const settled = await openAcceptApprove(fixture, { nonce: 2n });
      await transfer.settleOffer(settled.offer);
      await time.increaseTo(settled.offer.deadline + 1n);
      await expect(transfer.expireOffer(settled.offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(settled.offerId, OfferStatus.Settled);
      const lapsed = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.bob.address,
        buyer: accounts.carol.address,
      });
      await transfer.connect(accounts.bob).openOffer(lapsed);
      await time.increaseTo(lapsed.deadline + 1n);
      await transfer.expireOffer(lapsed);
      await expect(transfer.expireOffer(lapsed))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(await transfer.hashOffer(lapsed), OfferStatus.Expired);
      await transfer.connect(accounts.alice).withdraw(settled.offer, accounts.alice);
    });
  });

  describe("withdraw", function () {
    async function settledFixture() {
      const fixture = await transferFixture();
      const offer = await completeSale(ethers, fixture, fixture.parcelId, fixture.accounts.alice, fixture.accounts.bob);
      return { ...fixture, offer, offerId: await fixture.transfer.hashOffer(offer) };
    }

    function loadSettled() {
      return loadTracked(settledFixture);
    }

    it("the seller withdraws the price of a settled sale to herself", async function () {
      const { transfer, accounts, offer, offerId } = await loadSettled();
      const tx = transfer.connect(accounts.alice).withdraw(offer, accounts.alice);
      await expect(tx)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.alice.address, accounts.alice.address, ZeroAddress, offer.price);
      await expect(tx).to.changeEtherBalances(ethers, [transfer, accounts.alice], [-offer.price, offer.price]);
      const state = await transfer.offerState(offerId);
      expect([state.status, state.deposited, state.fundsReleased]).to.deep.equal([OfferStatus.Settled, true, true]);
    });

    it("the payee withdraws to another account", async function () {
      const { transfer, accounts, offer, offerId } = await loadSettled();
      const tx = transfer.connect(accounts.alice).withdraw(offer, accounts.carol);
      await expect(tx)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.alice.address, accounts.carol.address, ZeroAddress, offer.price);
      await expect(tx).to.changeEtherBalances(ethers, [transfer, accounts.carol], [-offer.price, offer.price]);
    });

    it("funds are withdrawn once", async function () {
      const { transfer, accounts, offer, offerId } = await loadSettled();
      await transfer.connect(accounts.alice).withdraw(offer, accounts.alice);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
    });

    it("nobody but the payee withdraws", async function () {
      const { transfer, accounts, offer, offerId } = await loadSettled();
      for (const caller of [accounts.bob, accounts.outsider, accounts.admin]) {
        await expect(transfer.connect(caller).withdraw(offer, caller))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
          .withArgs(offerId, caller.address);
      }
    });

    it("funds are not withdrawn to the zero address", async function () {
      const { transfer, accounts, offer } = await loadSettled();
      await expect(transfer.connect(accounts.alice).withdraw(offer, ZeroAddress))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidRecipient")
        .withArgs(ZeroAddress);
    });

    it("escrowed funds of a pending sale cannot be withdrawn by either party", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const accepted = await openAndAccept(fixture, { nonce: 1n });
      for (const caller of [accounts.alice, accounts.bob]) {
        await expect(transfer.connect(caller).withdraw(accepted.offer, caller))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
          .withArgs(accepted.offerId, caller.address);
      }
      await transfer.connect(accounts.landRegistrar).approveOffer(accepted.offer);
      for (const caller of [accounts.alice, accounts.bob]) {
        await expect(transfer.connect(caller).withdraw(accepted.offer, caller))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
          .withArgs(accepted.offerId, caller.address);
      }
    });

    it("a cancelled or unknown offer has nothing to withdraw", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const { offer, offerId } = await open(fixture);
      await transfer.connect(accounts.alice).cancelOffer(offer);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
      const unopened = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 5n,
      });
      await expect(transfer.connect(accounts.bob).withdraw(unopened, accounts.bob))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(await transfer.hashOffer(unopened), accounts.bob.address);
    });
  });

  describe("executeCourtOrder", function () {
    it("a court officer moves a record without payment and the liens stay", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      await property.connect(accounts.landRegistrar).registerLien(parcelId, accounts.bank, id("mortgage"));
      const tx = transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS);
      await expect(tx)
        .to.emit(transfer, "CourtOrderExecuted")
        .withArgs(
          await property.getAddress(),
          parcelId,
          accounts.carol.address,
          accounts.alice.address,
          BASIS,
          accounts.courtOfficer.address,
        );
      await expect(tx)
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.carol.address, ChangeKind.CourtOrder, BASIS, 1n);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.carol.address);
      expect(await property.activeLiens(parcelId)).to.deep.equal([1n]);
      expect((await property.titleOf(parcelId)).activeLienCount).to.equal(1n);
    });

    it("nobody but a court officer executes a court order", async function () {
      const { transfer, property, accounts, parcelId } = await load();
      for (const caller of [accounts.outsider, accounts.landRegistrar, accounts.admin, accounts.recoveryOfficer]) {
        await expect(transfer.connect(caller).executeCourtOrder(property, parcelId, caller, BASIS))
          .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("a court order needs its legal basis", async function () {
      const { transfer, property, accounts, parcelId } = await load();
      await expect(
        transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, ZeroHash),
      ).to.be.revertedWithCustomError(transfer, "OwnershipTransferEmptyBasis");
    });

    it("a court order needs an enabled registry and a known record", async function () {
      const { transfer, property, accounts, parcelId } = await load();
      const court = transfer.connect(accounts.courtOfficer);
      await expect(court.executeCourtOrder(accounts.outsider.address, parcelId, accounts.carol, BASIS))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(accounts.outsider.address);
      await expect(court.executeCourtOrder(property, 11n, accounts.carol, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(11n);
    });
  });

  describe("recoverKeys", function () {
    async function recoveryFixture() {
      const fixture = await transferFixture();
      const { property, accounts, parcelId } = fixture;
      const registrar = property.connect(accounts.landRegistrar);
      await registrar.registerTitle("UT-0101/2024", accounts.alice, DOCUMENT, "");
      await registrar.registerTitle("UT-0102/2024", accounts.alice, DOCUMENT, "");
      const parcels = [parcelId, await property.parcelIdOf("UT-0101/2024"), await property.parcelIdOf("UT-0102/2024")];
      const recovery = id("recovery order 1/2024");
      const args = [
        await property.getAddress(),
        accounts.alice.address,
        accounts.carol.address,
        parcels,
        recovery,
      ] as RecoveryArgs;
      const data = fixture.transfer.interface.encodeFunctionData("recoverKeys", args);
      const operationId = await fixture.authority.hashOperation(
        accounts.recoveryOfficer,
        await fixture.transfer.getAddress(),
        data,
      );
      return { ...fixture, parcels, recovery, args, data, operationId };
    }

    function loadRecovery() {
      return loadTracked(recoveryFixture);
    }

    it("a recovery officer cannot recover keys without scheduling", async function () {
      const { transfer, authority, accounts, args, operationId } = await loadRecovery();
      await expect(transfer.connect(accounts.recoveryOfficer).recoverKeys(...args))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(operationId);
    });

    it("nobody without the recovery role recovers keys", async function () {
      const { transfer, accounts, args } = await loadRecovery();
      for (const caller of [accounts.outsider, accounts.courtOfficer, accounts.admin, accounts.guardian]) {
        await expect(transfer.connect(caller).recoverKeys(...args))
          .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("a scheduled recovery runs after the delay and moves every listed title", async function () {
      const { transfer, property, authority, accounts, parcels, recovery, data, operationId } = await loadRecovery();
      const target = await transfer.getAddress();
      const officer = authority.connect(accounts.recoveryOfficer);
      await expect(officer.schedule(target, data, 0)).to.emit(authority, "OperationScheduled");
      await expect(officer.execute(target, data))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotReady")
        .withArgs(operationId);
      await time.increase(TEST_DELAYS.recovery);
      const tx = officer.execute(target, data);
      await expect(tx)
        .to.emit(transfer, "KeysRecovered")
        .withArgs(await property.getAddress(), accounts.alice.address, accounts.carol.address, 3n, recovery);
      for (const parcel of parcels) {
        await expect(tx)
          .to.emit(property, "TitleTransferred")
          .withArgs(parcel, accounts.alice.address, accounts.carol.address, ChangeKind.KeyRecovery, recovery, 1n);
        expect(await property.ownerOf(parcel)).to.equal(accounts.carol.address);
      }
      expect(await property.balanceOf(accounts.alice)).to.equal(0n);
      expect(await property.balanceOf(accounts.carol)).to.equal(3n);
      await expect(officer.execute(target, data))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(operationId);
    });

    it("the recovery officer may also call directly once the scheduled delay has passed", async function () {
      const { transfer, property, authority, accounts, args, data } = await loadRecovery();
      await authority.connect(accounts.recoveryOfficer).schedule(transfer, data, 0);
      await time.increase(TEST_DELAYS.recovery);
      await expect(transfer.connect(accounts.recoveryOfficer).recoverKeys(...args)).to.emit(transfer, "KeysRecovered");
      expect(await property.balanceOf(accounts.carol)).to.equal(3n);
    });

    it("a recovery keeps liens and moves frozen titles", async function () {
      const fixture = await loadRecovery();
      const { property, accounts, parcels, args } = fixture;
      await property.connect(accounts.landRegistrar).registerLien(parcels[0], accounts.bank, id("mortgage"));
      await property.connect(accounts.landRegistrar).freezeTitle(parcels[1], BASIS);
      await recoverThroughAuthority(fixture, args);
      expect(await property.ownerOf(parcels[0])).to.equal(accounts.carol.address);
      expect(await property.activeLiens(parcels[0])).to.deep.equal([1n]);
      expect(await property.ownerOf(parcels[1])).to.equal(accounts.carol.address);
      expect((await property.titleOf(parcels[1])).status).to.equal(TitleStatus.Frozen);
    });

    it("a guardian cancels a scheduled recovery, which then cannot run", async function () {
      const { transfer, property, authority, accounts, data, operationId } = await loadRecovery();
      const target = await transfer.getAddress();
      await authority.connect(accounts.recoveryOfficer).schedule(target, data, 0);
      await expect(authority.connect(accounts.guardian).cancel(accounts.recoveryOfficer, target, data))
        .to.emit(authority, "OperationCanceled")
        .withArgs(operationId, 1n);
      await time.increase(TEST_DELAYS.recovery);
      await expect(authority.connect(accounts.recoveryOfficer).execute(target, data))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(operationId);
      expect(await property.balanceOf(accounts.alice)).to.equal(3n);
    });

    it("nobody but the scheduler, a guardian or an admin cancels a scheduled recovery", async function () {
      const { transfer, authority, accounts, data } = await loadRecovery();
      const target = await transfer.getAddress();
      await authority.connect(accounts.recoveryOfficer).schedule(target, data, 0);
      await expect(authority.connect(accounts.outsider).cancel(accounts.recoveryOfficer, target, data))
        .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCancel")
        .withArgs(accounts.outsider.address, accounts.recoveryOfficer.address, target, data.slice(0, 10));
    });

    it("a recovery names between one and MAX_RECOVERY_RECORDS records", async function () {
      const fixture = await loadRecovery();
      const { transfer, args } = fixture;
      const [registry, lost, next, , basis] = args;
      await expect(recoverThroughAuthority(fixture, [registry, lost, next, [], basis]))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidRecordCount")
        .withArgs(0n, 50n);
      const tooMany = Array.from({ length: 51 }, (_, i) => BigInt(i + 1));
      await expect(recoverThroughAuthority(fixture, [registry, lost, next, tooMany, basis]))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidRecordCount")
        .withArgs(51n, 50n);
    });

    it("a recovery needs a new account other than the lost one", async function () {
      const fixture = await loadRecovery();
      const { transfer, args } = fixture;
      const [registry, lost, , parcels, basis] = args;
      for (const next of [ZeroAddress, lost as string]) {
        await expect(recoverThroughAuthority(fixture, [registry, lost, next, parcels, basis]))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidNewOwner")
          .withArgs(next);
      }
    });

    it("a recovery needs its legal basis and an enabled registry", async function () {
      const fixture = await loadRecovery();
      const { transfer, accounts, args } = fixture;
      const [registry, lost, next, parcels] = args;
      await expect(
        recoverThroughAuthority(fixture, [registry, lost, next, parcels, ZeroHash]),
      ).to.be.revertedWithCustomError(transfer, "OwnershipTransferEmptyBasis");
      await expect(recoverThroughAuthority(fixture, [accounts.outsider.address, lost, next, parcels, BASIS]))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRegistryNotEnabled")
        .withArgs(accounts.outsider.address);
    });

    it("a recovery moves only records of the lost account, or nothing", async function () {
      const fixture = await loadRecovery();
      const { transfer, property, accounts, parcels, args } = fixture;
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcels[2], accounts.bob, BASIS);
      const [registry, lost, next, , basis] = args;
      await expect(recoverThroughAuthority(fixture, [registry, lost, next, parcels, basis]))
        .to.be.revertedWithCustomError(property, "PropertyRegistryNotOwner")
        .withArgs(parcels[2], accounts.alice.address, accounts.bob.address);
      await expect(recoverThroughAuthority(fixture, [registry, lost, next, [parcels[0], parcels[0]], basis]))
        .to.be.revertedWithCustomError(property, "PropertyRegistryNotOwner")
        .withArgs(parcels[0], accounts.alice.address, accounts.carol.address);
      expect(await property.balanceOf(accounts.alice)).to.equal(2n);
    });

    it("a retired title is not recovered", async function () {
      const fixture = await loadRecovery();
      const { property, accounts, parcels, args } = fixture;
      await property.connect(accounts.landRegistrar).retireTitle(parcels[1], BASIS);
      await expect(recoverThroughAuthority(fixture, args))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcels[1], TitleStatus.Retired);
    });
  });

  describe("escrow", function () {
    it("holds exactly the open deposits and unwithdrawn proceeds across mixed sales", async function () {
      const fixture = await load();
      const { transfer, property, token, accounts } = fixture;
      const tokenAddress = await token.getAddress();
      const registrar = property.connect(accounts.landRegistrar);
      const parcels: bigint[] = [];
      for (let i = 0; i < 5; i++) {
        await registrar.registerTitle(`UT-02${i}`, accounts.alice, DOCUMENT, "");
        parcels.push(await property.parcelIdOf(`UT-02${i}`));
      }
      const settledNative = await openAcceptApprove(fixture, { recordId: parcels[0], price: 3n * PRICE });
      await transfer.settleOffer(settledNative.offer);
      const settledToken = await openAcceptApprove(fixture, {
        recordId: parcels[1],
        token: tokenAddress,
        price: 7n * PRICE,
      });
      await transfer.settleOffer(settledToken.offer);
      await transfer.connect(accounts.alice).withdraw(settledToken.offer, accounts.alice);
      const rejected = await openAndAccept(fixture, { recordId: parcels[2], price: 2n * PRICE });
      await transfer.connect(accounts.landRegistrar).rejectOffer(rejected.offer, REASON);
      await openAndAccept(fixture, { recordId: parcels[3], token: tokenAddress, price: 5n * PRICE });
      await open(fixture, { recordId: parcels[4], price: 11n * PRICE });

      expect(await ethers.provider.getBalance(transfer)).to.equal(5n * PRICE);
      expect(await token.balanceOf(transfer)).to.equal(5n * PRICE);
      await expectEscrowBalanced(ethers, transfer);
      await transfer.connect(accounts.bob).withdraw(rejected.offer, accounts.bob);
      await transfer.connect(accounts.alice).withdraw(settledNative.offer, accounts.alice);
      expect(await ethers.provider.getBalance(transfer)).to.equal(0n);
    });
  });

  describe("recoverEscrow", function () {
    const RECOVERY_ORDER = id("escrow recovery order 7/2024");

    async function schedule(fixture: Fixture, offer: Offer, lost: string, fresh: string, basis = RECOVERY_ORDER) {
      const { authority, transfer, accounts } = fixture;
      const data = transfer.interface.encodeFunctionData("recoverEscrow", [offer, lost, fresh, basis]);
      await authority.connect(accounts.recoveryOfficer).schedule(transfer, data, 0);
      return data;
    }

    it("pays the proceeds owed to a lost account to its owner's new account after the delay", async function () {
      const fixture = await load();
      const { authority, transfer, accounts } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      await transfer.settleOffer(offer);
      const data = await schedule(fixture, offer, accounts.alice.address, accounts.carol.address);
      await expect(authority.connect(accounts.recoveryOfficer).execute(transfer, data)).to.be.revertedWithCustomError(
        authority,
        "AccessManagerNotReady",
      );
      await time.increase(TEST_DELAYS.recovery);
      const execution = authority.connect(accounts.recoveryOfficer).execute(transfer, data);
      await expect(execution)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, accounts.alice.address, accounts.carol.address, ZeroAddress, offer.price);
      // An event of its own, with the legal basis and the officer: a recovery is not the payee's own withdrawal.
      await expect(execution)
        .to.emit(transfer, "EscrowRecovered")
        .withArgs(
          offerId,
          accounts.alice.address,
          accounts.carol.address,
          ZeroAddress,
          offer.price,
          RECOVERY_ORDER,
          await authority.getAddress(),
        );
      expect((await transfer.offerState(offerId)).fundsReleased).to.equal(true);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
    });

    it("pays a refund owed to a lost buyer account to the new account", async function () {
      const fixture = await load();
      const { authority, transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON);
      const data = await schedule(fixture, offer, accounts.bob.address, accounts.carol.address);
      await time.increase(TEST_DELAYS.recovery);
      await expect(authority.connect(accounts.recoveryOfficer).execute(transfer, data)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.carol],
        [-offer.price, offer.price],
      );
      expect((await transfer.offerState(offerId)).fundsReleased).to.equal(true);
    });

    it("an escrow recovery without a legal basis is refused", async function () {
      const fixture = await load();
      const { authority, transfer, accounts } = fixture;
      const { offer } = await openAcceptApprove(fixture);
      await transfer.settleOffer(offer);
      const data = await schedule(fixture, offer, accounts.alice.address, accounts.carol.address, ZeroHash);
      await time.increase(TEST_DELAYS.recovery);
      await expect(authority.connect(accounts.recoveryOfficer).execute(transfer, data)).to.be.revertedWithCustomError(
        transfer,
        "OwnershipTransferEmptyBasis",
      );
    });

    it("a guardian cancels a scheduled escrow recovery", async function () {
      const fixture = await load();
      const { authority, transfer, accounts } = fixture;
      const { offer } = await openAcceptApprove(fixture);
      await transfer.settleOffer(offer);
      const data = await schedule(fixture, offer, accounts.alice.address, accounts.carol.address);
      await authority.connect(accounts.guardian).cancel(accounts.recoveryOfficer, transfer, data);
      await time.increase(TEST_DELAYS.recovery);
      await expect(authority.connect(accounts.recoveryOfficer).execute(transfer, data)).to.be.revertedWithCustomError(
        authority,
        "AccessManagerNotScheduled",
      );
    });

    it("moves only funds that the lost account could withdraw, to a new account", async function () {
      const fixture = await load();
      const { authority, transfer, accounts } = fixture;
      const { offer, offerId } = await openAcceptApprove(fixture);
      const asOfficer = authority.connect(accounts.recoveryOfficer);
      const pending = await schedule(fixture, offer, accounts.alice.address, accounts.carol.address);
      await transfer.settleOffer(offer);
      const wrongPayee = await schedule(fixture, offer, accounts.bob.address, accounts.carol.address);
      const sameAccount = await schedule(fixture, offer, accounts.alice.address, accounts.alice.address);
      const zeroAccount = await schedule(fixture, offer, accounts.alice.address, ZeroAddress);
      await time.increase(TEST_DELAYS.recovery);
      await expect(asOfficer.execute(transfer, wrongPayee))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.bob.address);
      await expect(asOfficer.execute(transfer, sameAccount))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidNewOwner")
        .withArgs(accounts.alice.address);
      await expect(asOfficer.execute(transfer, zeroAccount))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidNewOwner")
        .withArgs(ZeroAddress);
      await asOfficer.execute(transfer, pending);
      await expect(asOfficer.execute(transfer, pending)).to.be.revertedWithCustomError(
        authority,
        "AccessManagerNotScheduled",
      );
      const again = await schedule(fixture, offer, accounts.alice.address, accounts.carol.address);
      await time.increase(TEST_DELAYS.recovery);
      await expect(asOfficer.execute(transfer, again))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
    });
  });

  describe("refunds during an emergency stop", function () {
    it("an offer past its deadline expires and refunds its buyer while the contract is paused", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await transfer.connect(accounts.guardian).pause();
      await expect(transfer.expireOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferStillValid")
        .withArgs(offerId, offer.deadline);
      await time.increaseTo(offer.deadline + 1n);
      await expect(transfer.expireOffer(offer)).to.emit(transfer, "OfferExpired").withArgs(offerId);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.bob],
        [-offer.price, offer.price],
      );
    });
  });

  describe("acceptOfferBySig", function () {
    async function signed(fixture: Fixture, fields: Partial<Offer> = {}) {
      const { transfer, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 31n,
        ...fields,
      });
      const signature = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      return { offer, signature, offerId: await transfer.hashOffer(offer) };
    }

    it("the buyer opens the seller's signed offer and pays into escrow in one transaction", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, signature, offerId } = await signed(fixture);
      expect(
        await transfer.connect(accounts.bob).acceptOfferBySig.staticCall(offer, signature, { value: offer.price }),
      ).to.equal(offerId);
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.emit(transfer, "OfferOpened")
        .withArgs(offerId, await property.getAddress(), parcelId, offerTuple(offer), true, 0n)
        .and.to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, accounts.bob.address, ZeroAddress, offer.price);
      expect(await ethers.provider.getBalance(transfer)).to.equal(offer.price);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Accepted, true, true, false]);
    });

    it("only the buyer uses a signed offer, with the seller's valid signature, once", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, signature, offerId } = await signed(fixture);
      await expect(transfer.connect(accounts.carol).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnauthorizedParty")
        .withArgs(offerId, accounts.carol.address);
      const forged = await accounts.carol.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, forged, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, accounts.alice.address);
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price - 1n }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferWrongPayment")
        .withArgs(offerId, offer.price, offer.price - 1n);
      await transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price });
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(offerId);
    });

    it("a signed offer that the seller cancelled cannot be accepted", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, signature, offerId } = await signed(fixture);
      await transfer.connect(accounts.alice).cancelOffer(offer);
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExists")
        .withArgs(offerId);
    });

    it("a signed offer is checked like any new offer", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer } = await signed(fixture, { seller: accounts.carol.address });
      const bySigner = await accounts.carol.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, bySigner, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotRecordOwner")
        .withArgs(await property.getAddress(), parcelId, accounts.carol.address, accounts.alice.address);
    });

    it("a contract wallet sells by an ERC-1271 signature, and only by one it accepts", async function () {
      const fixture = await load();
      const { transfer, property, accounts } = fixture;
      // The wallet accepts its keeper's (carol's) ECDSA signatures as its own.
      const wallet = await ethers.deployContract("MockERC1271Wallet", [accounts.carol.address]);
      const reference = "UT-0200/2024";
      await property.connect(accounts.landRegistrar).registerTitle(reference, wallet, DOCUMENT, "");
      const recordId = await property.parcelIdOf(reference);
      const offer = await buildOffer(ethers, fixture, {
        recordId,
        seller: await wallet.getAddress(),
        buyer: accounts.bob.address,
      });
      const offerId = await transfer.hashOffer(offer);
      const domain = await offerDomain(ethers, transfer);
      const byStranger = await accounts.outsider.signTypedData(
        domain,
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, byStranger, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, await wallet.getAddress());
      const byKeeper = await accounts.carol.signTypedData(
        domain,
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, byKeeper, { value: offer.price }))
        .to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, accounts.bob.address, ZeroAddress, offer.price);
      expect((await transfer.offerState(offerId)).status).to.equal(OfferStatus.Accepted);
    });
  });

  describe("approveAndSettleOffer", function () {
    it("a land registrar approves and the sale settles in the same transaction", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId } = await openAndAccept(fixture);
      await expect(transfer.connect(accounts.landRegistrar).approveAndSettleOffer(offer))
        .to.emit(transfer, "OfferApproved")
        .withArgs(offerId, accounts.landRegistrar.address)
        .and.to.emit(transfer, "OfferSettled")
        .withArgs(offerId, await property.getAddress(), parcelId, accounts.alice.address, accounts.bob.address)
        .and.to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.bob.address, ChangeKind.Sale, offer.deedHash, 1n);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Settled, true, true, false]);
    });

    it("needs an approver, an accepted offer before its deadline, and a change the registry accepts", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { offer, offerId } = await open(fixture);
      const asRegistrar = transfer.connect(accounts.landRegistrar);
      await expect(asRegistrar.approveAndSettleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Open);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await expect(transfer.connect(accounts.outsider).approveAndSettleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
        .withArgs(await property.getAddress(), accounts.outsider.address, Roles.LAND_REGISTRAR);
      await property.connect(accounts.landRegistrar).freezeTitle(parcelId, BASIS);
      await expect(asRegistrar.approveAndSettleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryParcelFrozen")
        .withArgs(parcelId);
      expect(await stateOf(fixture, offerId)).to.deep.equal([OfferStatus.Accepted, true, true, false]);
      await property.connect(accounts.landRegistrar).unfreezeTitle(parcelId, BASIS);
      await time.increaseTo(offer.deadline + 1n);
      await expect(asRegistrar.approveAndSettleOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferExpired")
        .withArgs(offerId, offer.deadline);
    });
  });
});
