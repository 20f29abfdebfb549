import { expect } from "chai";
import { TypedDataEncoder, ZeroAddress, ZeroHash } from "ethers";
import { Roles } from "../../src/roles.js";
import {
  OFFER_TYPES,
  SIGNED_OFFER_TYPES,
  offerMessage,
  OfferStatus,
  buildOffer,
  offerDomain,
  offerTuple,
} from "../helpers/sales.js";
import { ethers, time, load, open, openAndAccept, stateOf, trackEscrow } from "./shared.js";

describe("OwnershipTransfer: policies, opening and cancelling offers", function () {
  trackEscrow();

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
});
