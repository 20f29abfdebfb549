import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import {
  SIGNED_OFFER_TYPES,
  offerMessage,
  OfferStatus,
  buildOffer,
  offerDomain,
  offerTuple,
  type Offer,
} from "../helpers/sales.js";
import { ethers, DOCUMENT, BASIS, load, stateOf, trackEscrow, type Fixture } from "./shared.js";

describe("OwnershipTransfer: offers signed offline", function () {
  trackEscrow();

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

    it("publishes its signing domain (ERC-5267), the one a wallet signs offers under", async function () {
      const fixture = await load();
      const domain = await offerDomain(ethers, fixture.transfer);
      const [fields, name, version, chainId, verifyingContract, salt, extensions] =
        await fixture.transfer.eip712Domain();
      // Name, version, chain id and verifying contract: bits 0 to 3.
      expect(fields).to.equal("0x0f");
      expect([name, version, chainId, verifyingContract]).to.deep.equal([
        domain.name,
        domain.version,
        BigInt(domain.chainId!),
        domain.verifyingContract,
      ]);
      expect([salt, extensions]).to.deep.equal([`0x${"0".repeat(64)}`, []]);
    });

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
});
