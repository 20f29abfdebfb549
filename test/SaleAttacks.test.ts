import { expect } from "chai";
import { TypedDataEncoder, id } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import type { OwnershipTransfer } from "../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite, scheduleClosed } from "./helpers/fixture.js";
import {
  SIGNED_OFFER_TYPES,
  offerMessage,
  OfferStatus,
  buildOffer,
  completeSale,
  expectEscrowBalanced,
  offerDomain,
  offerTuple,
  prepareSale,
  type Offer,
} from "./helpers/sales.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const REFERENCE = "UT-0777/2024";
const DOCUMENT = id("registration deed UT-0777/2024");
const COURT_ORDER = id("court order 7/2025");
const DECISION = id("decision 8/2025");

async function attackFixture() {
  const suite = await deploySuite(connection);
  const { property, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.alice, DOCUMENT, "");
  return { ...suite, parcelId: await property.parcelIdOf(REFERENCE) };
}

type Fixture = Awaited<ReturnType<typeof attackFixture>>;

let escrow: OwnershipTransfer | undefined;

async function load(): Promise<Fixture> {
  const fixture = await networkHelpers.loadFixture(attackFixture);
  escrow = fixture.transfer;
  return fixture;
}

/** Lets sales of the land register settle without approval. */
async function dropApproval({ transfer, property, accounts }: Fixture) {
  await transfer
    .connect(accounts.admin)
    .setRegistryPolicy(property, { enabled: true, approvalRequired: false, approverRole: Roles.LAND_REGISTRAR });
}

/** Alice's parcel under two paid offers, bob's (approved) and carol's; carol's settles, bob's is left pending. */
async function twoOffersOneSettled(fixture: Fixture) {
  const { transfer, accounts, parcelId } = fixture;
  const toBob = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob);
  const toCarol = await completeSale(ethers, fixture, parcelId, accounts.alice, accounts.carol, { nonce: 1n });
  return { toBob, toBobId: await transfer.hashOffer(toBob), toCarol };
}

/** Checks that a stale offer cannot settle, expires at once and refunds its buyer. */
async function expectStaleAndRefundable(fixture: Fixture, offer: Offer, offerId: string, changesThen: bigint) {
  const { transfer, property, accounts, parcelId } = fixture;
  const changesNow = (await property.titleOf(parcelId)).historyLength - 1n;
  await expect(transfer.connect(accounts.outsider).settleOffer(offer))
    .to.be.revertedWithCustomError(transfer, "OwnershipTransferRecordChanged")
    .withArgs(offerId, changesThen, changesNow);
  await expect(transfer.connect(accounts.outsider).expireOffer(offer))
    .to.emit(transfer, "OfferExpired")
    .withArgs(offerId);
  await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
    ethers,
    [transfer, accounts.bob],
    [-offer.price, offer.price],
  );
  expect(await property.ownerOf(parcelId)).to.equal(accounts.alice.address);
}

describe("Sale attacks", function () {
  beforeEach(function () {
    escrow = undefined;
  });

  afterEach("escrow holds exactly the deposited and unreleased prices", async function () {
    if (escrow !== undefined) await expectEscrowBalanced(ethers, escrow);
  });

  describe("a lapsed offer does not come back to life", function () {
    it("a court order that returns the parcel to the seller does not revive an approved offer", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const { toBob, toBobId } = await twoOffersOneSettled(fixture);
      expect((await transfer.offerState(toBobId)).ownerChanges).to.equal(0n);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.alice, COURT_ORDER);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.alice.address);
      await expectStaleAndRefundable(fixture, toBob, toBobId, 0n);
    });

    it("a buy-back by the seller does not revive an offer she made before", async function () {
      const fixture = await load();
      const { accounts, parcelId } = fixture;
      const { toBob, toBobId } = await twoOffersOneSettled(fixture);
      await completeSale(ethers, fixture, parcelId, accounts.carol, accounts.alice, { nonce: 2n });
      await expectStaleAndRefundable(fixture, toBob, toBobId, 0n);
    });

    it("without an approval policy, an accepted offer does not settle after the parcel came back", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      await dropApproval(fixture);
      const { toBob, toBobId } = await twoOffersOneSettled(fixture);
      expect((await transfer.offerState(toBobId)).status).to.equal(OfferStatus.Accepted);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.alice, COURT_ORDER);
      await expectStaleAndRefundable(fixture, toBob, toBobId, 0n);
    });

    it("an open offer cannot be accepted once the parcel changed owner, even back to the seller", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      await transfer.connect(accounts.alice).openOffer(offer);
      const offerId = await transfer.hashOffer(offer);
      const court = transfer.connect(accounts.courtOfficer);
      await court.executeCourtOrder(property, parcelId, accounts.carol, COURT_ORDER);
      await court.executeCourtOrder(property, parcelId, accounts.alice, COURT_ORDER);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRecordChanged")
        .withArgs(offerId, 0n, 2n);
      await expect(transfer.expireOffer(offer)).to.emit(transfer, "OfferExpired").withArgs(offerId);
    });

    it("an offer opened after the parcel came back settles: it is bound to the count it was opened at", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      await twoOffersOneSettled(fixture);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.alice, COURT_ORDER);
      const fresh = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob, { nonce: 5n });
      expect((await transfer.offerState(await transfer.hashOffer(fresh))).ownerChanges).to.equal(2n);
      await expect(transfer.settleOffer(fresh)).to.emit(transfer, "OfferSettled");
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
    });
  });

  describe("nobody pays into an offer that cannot settle", function () {
    for (const status of ["retired", "frozen"] as const) {
      it(`a ${status} parcel's open offer is not accepted and expires at once`, async function () {
        const fixture = await load();
        const { transfer, property, accounts, parcelId } = fixture;
        const offer = await buildOffer(ethers, fixture, {
          recordId: parcelId,
          seller: accounts.alice.address,
          buyer: accounts.bob.address,
        });
        await transfer.connect(accounts.alice).openOffer(offer);
        const registrar = property.connect(accounts.landRegistrar);
        await (status === "retired"
          ? registrar.retireTitle(parcelId, DECISION)
          : registrar.freezeTitle(parcelId, DECISION));
        await expect(transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferRecordNotSellable")
          .withArgs(await property.getAddress(), parcelId);
        await expect(transfer.expireOffer(offer))
          .to.emit(transfer, "OfferExpired")
          .withArgs(await transfer.hashOffer(offer));
      });

      it(`an accepted offer of a parcel ${status} since expires at once and refunds the buyer`, async function () {
        const fixture = await load();
        const { transfer, property, accounts, parcelId } = fixture;
        const offer = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob);
        const offerId = await transfer.hashOffer(offer);
        const registrar = property.connect(accounts.landRegistrar);
        await (status === "retired"
          ? registrar.retireTitle(parcelId, DECISION)
          : registrar.freezeTitle(parcelId, DECISION));
        await expect(transfer.connect(accounts.outsider).expireOffer(offer))
          .to.emit(transfer, "OfferExpired")
          .withArgs(offerId);
        await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
          ethers,
          [transfer, accounts.bob],
          [-offer.price, offer.price],
        );
      });

      it(`a ${status} parcel cannot be offered`, async function () {
        const fixture = await load();
        const { transfer, property, accounts, parcelId } = fixture;
        const registrar = property.connect(accounts.landRegistrar);
        await (status === "retired"
          ? registrar.retireTitle(parcelId, DECISION)
          : registrar.freezeTitle(parcelId, DECISION));
        const offer = await buildOffer(ethers, fixture, {
          recordId: parcelId,
          seller: accounts.alice.address,
          buyer: accounts.bob.address,
        });
        await expect(transfer.connect(accounts.alice).openOffer(offer))
          .to.be.revertedWithCustomError(transfer, "OwnershipTransferRecordNotSellable")
          .withArgs(await property.getAddress(), parcelId);
      });
    }

    it("an offer of a parcel frozen and unfrozen since still settles: nothing changed hands", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob);
      const registrar = property.connect(accounts.landRegistrar);
      await registrar.freezeTitle(parcelId, DECISION);
      await registrar.unfreezeTitle(parcelId, DECISION);
      await expect(transfer.expireOffer(offer)).to.be.revertedWithCustomError(
        transfer,
        "OwnershipTransferOfferStillValid",
      );
      await expect(transfer.settleOffer(offer)).to.emit(transfer, "OfferSettled");
    });
  });

  describe("a copied signature gains nothing", function () {
    it("the buyer's acceptOfferBySig succeeds after a third party opened the same offer from the mempool", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      const signature = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      const offerId = await transfer.hashOffer(offer);
      await transfer.connect(accounts.outsider).openOfferBySig(offer, signature);
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, accounts.bob.address, offer.token, offer.price)
        .and.not.to.emit(transfer, "OfferOpened");
      await expect(transfer.connect(accounts.landRegistrar).approveAndSettleOffer(offer)).to.emit(
        property,
        "TitleTransferred",
      );
    });

    it("acceptOfferBySig still checks the signature and the record of an offer already open", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      const signature = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      const offerId = await transfer.hashOffer(offer);
      await transfer.connect(accounts.outsider).openOfferBySig(offer, signature);
      const forged = await accounts.carol.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, offer),
      );
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, forged, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
        .withArgs(offerId, accounts.alice.address);
      await property.connect(accounts.landRegistrar).retireTitle(parcelId, DECISION);
      await expect(transfer.connect(accounts.bob).acceptOfferBySig(offer, signature, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferRecordNotSellable")
        .withArgs(await property.getAddress(), parcelId);
    });
  });

  describe("closing the transfer contract in the authority", function () {
    it("lets no record change owner through a sale while closed, and sales go on once reopened", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const close = await scheduleClosed(
        { authority: fixture.authority, admin: fixture.accounts.admin },
        await transfer.getAddress(),
        true,
      );
      const reopen = await scheduleClosed(
        { authority: fixture.authority, admin: fixture.accounts.admin },
        await transfer.getAddress(),
        false,
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      const approved = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob, { nonce: 1n });
      const accepted = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.carol.address,
        nonce: 2n,
      });
      await transfer.connect(accounts.alice).openOffer(accepted);
      await transfer.connect(accounts.carol).acceptOffer(accepted, { value: accepted.price });

      await close();
      const target = await transfer.getAddress();
      await expect(transfer.connect(accounts.outsider).settleOffer(approved))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferClosed")
        .withArgs(target);
      await expect(transfer.connect(accounts.landRegistrar).approveAndSettleOffer(accepted))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferClosed")
        .withArgs(target);
      await transfer.connect(accounts.landRegistrar).approveOffer(accepted);
      await expect(transfer.connect(accounts.outsider).settleOffer(accepted))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferClosed")
        .withArgs(target);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.alice.address);

      await reopen();
      await expect(transfer.connect(accounts.outsider).settleOffer(approved)).to.emit(transfer, "OfferSettled");
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
    });

    it("makes every pending offer expirable at once with a refund, also one paid while closed", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const close = await scheduleClosed(
        { authority: fixture.authority, admin: fixture.accounts.admin },
        await transfer.getAddress(),
        true,
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      const approved = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob, { nonce: 1n });
      const open = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 2n,
      });
      await transfer.connect(accounts.alice).openOffer(open);
      await expect(transfer.expireOffer(approved))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferOfferStillValid")
        .withArgs(await transfer.hashOffer(approved), approved.deadline);

      await close();
      const paidWhileClosed = { ...open, nonce: 3n };
      const signature = await accounts.alice.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, paidWhileClosed),
      );
      await expect(
        transfer.connect(accounts.bob).acceptOfferBySig(paidWhileClosed, signature, { value: paidWhileClosed.price }),
      ).to.emit(transfer, "OfferAccepted");
      for (const offer of [approved, open, paidWhileClosed]) {
        expect(offer.deadline).to.be.greaterThan(BigInt(await networkHelpers.time.latest()));
        await expect(transfer.connect(accounts.outsider).expireOffer(offer))
          .to.emit(transfer, "OfferExpired")
          .withArgs(await transfer.hashOffer(offer));
        expect((await transfer.offerState(await transfer.hashOffer(offer))).status).to.equal(OfferStatus.Expired);
      }
      for (const offer of [approved, paidWhileClosed]) {
        await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalances(
          ethers,
          [transfer, accounts.bob],
          [-offer.price, offer.price],
        );
      }
    });

    it("leaves cancelling and rejecting open while closed", async function () {
      const fixture = await load();
      const { transfer, accounts, parcelId } = fixture;
      const close = await scheduleClosed(
        { authority: fixture.authority, admin: fixture.accounts.admin },
        await transfer.getAddress(),
        true,
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      const pending = await prepareSale(ethers, fixture, parcelId, accounts.alice, accounts.bob, { nonce: 1n });
      const open = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        nonce: 2n,
      });
      await transfer.connect(accounts.alice).openOffer(open);
      await close();
      await expect(transfer.connect(accounts.landRegistrar).rejectOffer(pending, DECISION)).to.emit(
        transfer,
        "OfferRejected",
      );
      await expect(transfer.connect(accounts.alice).cancelOffer(open)).to.emit(transfer, "OfferCancelled");
      await expect(transfer.connect(accounts.bob).withdraw(pending, accounts.bob)).to.emit(transfer, "FundsWithdrawn");
    });
  });
});

describe("Sale attacks: a signed offer and the title's round trip", function () {
  it("an offer signed before the title went away and came back cannot be opened or paid", async function () {
    const fixture = await load();
    const { transfer, accounts, parcelId } = fixture;
    const { alice, bob, carol } = accounts;
    // Alice signs an offer to Bob, then sells to Carol instead; a court order gives the title back to Alice.
    const toBob = await buildOffer(ethers, fixture, { recordId: parcelId, seller: alice.address, buyer: bob.address });
    const domain = await offerDomain(ethers, transfer);
    const signature = await alice.signTypedData(domain, SIGNED_OFFER_TYPES, await offerMessage(ethers, toBob));
    await completeSale(ethers, fixture, parcelId, alice, carol, { nonce: 1n });
    await transfer.connect(accounts.courtOfficer).executeCourtOrder(fixture.property, parcelId, alice, COURT_ORDER);
    expect(await fixture.property.ownerOf(parcelId)).to.equal(alice.address);
    // Bob, or anyone holding the old signature, can neither open the old offer nor open and pay it at once.
    const offerId = await transfer.hashOffer(toBob);
    await expect(transfer.connect(bob).openOfferBySig(toBob, signature))
      .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
      .withArgs(offerId, alice.address);
    await expect(transfer.connect(bob).acceptOfferBySig(toBob, signature, { value: toBob.price }))
      .to.be.revertedWithCustomError(transfer, "OwnershipTransferInvalidSignature")
      .withArgs(offerId, alice.address);
    // The signature named the record's owner-change count at signing; the record has changed owner twice since.
    expect(await transfer.signedOfferDigest(toBob, 0n)).to.equal(
      TypedDataEncoder.hash(domain, SIGNED_OFFER_TYPES, { offer: toBob, ownerChanges: 0n }),
    );
    const [, ownerChanges] = await fixture.property.ownershipState(parcelId);
    expect(ownerChanges).to.equal(2n);
    // Alice signing the same terms again, now, is a valid offer.
    const again = await alice.signTypedData(domain, SIGNED_OFFER_TYPES, await offerMessage(ethers, toBob));
    await expect(transfer.connect(bob).acceptOfferBySig(toBob, again, { value: toBob.price }))
      .to.emit(transfer, "OfferOpened")
      .withArgs(offerId, await fixture.property.getAddress(), parcelId, offerTuple(toBob), true, 2n);
  });
});
