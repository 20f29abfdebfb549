import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { OfferStatus, PRICE, buildOffer, completeSale, expectEscrowBalanced } from "../helpers/sales.js";
import {
  ethers,
  time,
  DOCUMENT,
  BASIS,
  REASON,
  transferFixture,
  load,
  loadTracked,
  open,
  openAndAccept,
  openAcceptApprove,
  stateOf,
  trackEscrow,
} from "./shared.js";

describe("OwnershipTransfer: expiry, withdrawals and the escrow", function () {
  trackEscrow();

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
});
