import { expect } from "chai";
import { ZeroAddress, ZeroHash, id } from "ethers";
import { Roles } from "../../src/roles.js";
import { ChangeKind, OfferStatus, PRICE, buildOffer } from "../helpers/sales.js";
import {
  ethers,
  time,
  BASIS,
  REASON,
  load,
  open,
  openAndAccept,
  openAcceptApprove,
  stateOf,
  trackEscrow,
} from "./shared.js";

describe("OwnershipTransfer: acceptance, approval and settlement", function () {
  trackEscrow();

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
