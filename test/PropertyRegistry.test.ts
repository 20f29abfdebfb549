import { expect } from "chai";
import { MaxUint256, ZeroAddress, ZeroHash, id, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import { TEST_DELAYS, deploySuite } from "./helpers/fixture.js";
import { ChangeKind, TitleStatus, completeSale, prepareSale } from "./helpers/sales.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const REFERENCE = "UT-0001/2024";
const DOCUMENT = id("registration deed UT-0001/2024");
const PARCEL_URI = "ipfs://parcel-UT-0001";
const BASIS = id("decision 42/2024");
const LIEN_DOCUMENT = id("mortgage deed");
const OFFER_ID = id("an offer id");
const OTHER_OFFER_ID = id("another offer id");

/** The ERC-165 id of an interface: the XOR of its functions' selectors. */
function interfaceId(signatures: string[]): string {
  const xor = signatures.map((signature) => BigInt(id(signature).slice(0, 10))).reduce((a, b) => a ^ b, 0n);
  return "0x" + xor.toString(16).padStart(8, "0");
}

async function registryFixture() {
  const suite = await deploySuite(connection);
  const { property, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.alice.address, DOCUMENT, PARCEL_URI);
  const registeredAt = BigInt(await networkHelpers.time.latest());
  const parcelId = await property.parcelIdOf(REFERENCE);
  return { ...suite, parcelId, registeredAt };
}

async function lienFixture() {
  const fixture = await registryFixture();
  const { property, accounts, parcelId } = fixture;
  await property.connect(accounts.landRegistrar).registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT);
  return { ...fixture, lienId: 1n };
}

function load() {
  return networkHelpers.loadFixture(registryFixture);
}

describe("PropertyRegistry", function () {
  describe("deployment", function () {
    it("names the collection and exposes its constants", async function () {
      const { property, authority } = await load();
      expect(await property.name()).to.equal("Land Titles");
      expect(await property.symbol()).to.equal("TITLE");
      expect(await property.version()).to.equal("1.0.0");
      expect(await property.MAX_ACTIVE_LIENS()).to.equal(8n);
      expect(await property.authority()).to.equal(await authority.getAddress());
      expect(await authority.version()).to.equal("1.2.0");
    });

    it("records its initial base URI in an event, so that it can be rebuilt from logs", async function () {
      const { property } = await load();
      const events = await property.queryFilter(property.filters.BaseURIUpdated(), 0);
      expect(events.map((event) => event.args.baseURI)).to.deep.equal([""]);
    });

    it("cannot be initialised twice", async function () {
      const { property, authority, accounts } = await load();
      await expect(
        property.connect(accounts.outsider).initialize(await authority.getAddress(), "X", "X", ""),
      ).to.be.revertedWithCustomError(property, "InvalidInitialization");
    });

    it("locks its implementation against initialisation", async function () {
      const { property, authority, accounts } = await load();
      const slot = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
      const stored = await ethers.provider.getStorage(await property.getAddress(), slot);
      const implementation = await ethers.getContractAt("PropertyRegistry", "0x" + stored.slice(26));
      await expect(
        implementation.connect(accounts.outsider).initialize(await authority.getAddress(), "X", "X", ""),
      ).to.be.revertedWithCustomError(implementation, "InvalidInitialization");
    });

    it("supports ERC-165, ERC-721, ERC-721 metadata, ERC-5192 and ERC-4906 and nothing else", async function () {
      const { property } = await load();
      const ids = {
        erc165: interfaceId(["supportsInterface(bytes4)"]),
        erc721: interfaceId([
          "balanceOf(address)",
          "ownerOf(uint256)",
          "safeTransferFrom(address,address,uint256,bytes)",
          "safeTransferFrom(address,address,uint256)",
          "transferFrom(address,address,uint256)",
          "approve(address,uint256)",
          "setApprovalForAll(address,bool)",
          "getApproved(uint256)",
          "isApprovedForAll(address,address)",
        ]),
        erc721Metadata: interfaceId(["name()", "symbol()", "tokenURI(uint256)"]),
        erc5192: interfaceId(["locked(uint256)"]),
      };
      expect(ids).to.deep.equal({
        erc165: "0x01ffc9a7",
        erc721: "0x80ac58cd",
        erc721Metadata: "0x5b5e139f",
        erc5192: "0xb45a3c0e",
      });
      for (const interfaceIdValue of [...Object.values(ids), "0x49064906"]) {
        expect(await property.supportsInterface(interfaceIdValue), interfaceIdValue).to.equal(true);
      }
      expect(await property.supportsInterface("0xffffffff")).to.equal(false);
      expect(await property.supportsInterface("0x780e9d63")).to.equal(false); // ERC-721 Enumerable
      expect(await property.supportsInterface("0x00000000")).to.equal(false);
    });
  });

  describe("registerTitle", function () {
    it("a registrar registers a parcel as a locked title of its owner", async function () {
      const { property, accounts } = await load();
      const reference = "UT-0002/2024";
      const parcelId = BigInt(keccak256(toUtf8Bytes(reference)));
      const registrar = property.connect(accounts.landRegistrar);
      expect(await registrar.registerTitle.staticCall(reference, accounts.bob.address, DOCUMENT, "")).to.equal(
        parcelId,
      );
      const tx = registrar.registerTitle(reference, accounts.bob.address, DOCUMENT, "ipfs://two");
      await expect(tx).to.emit(property, "Transfer").withArgs(ZeroAddress, accounts.bob.address, parcelId);
      await expect(tx).to.emit(property, "Locked").withArgs(parcelId);
      await expect(tx)
        .to.emit(property, "TitleRegistered")
        .withArgs(parcelId, accounts.bob.address, DOCUMENT, reference, "ipfs://two");
      const now = BigInt(await networkHelpers.time.latest());

      const title = await property.titleOf(parcelId);
      expect(title.owner).to.equal(accounts.bob.address);
      expect(title.status).to.equal(TitleStatus.Active);
      expect(title.registeredAt).to.equal(now);
      expect(title.ownerSince).to.equal(now);
      expect(title.historyLength).to.equal(1n);
      expect(title.activeLienCount).to.equal(0n);
      expect(title.documentHash).to.equal(DOCUMENT);
      expect(title.metadataURI).to.equal("ipfs://two");
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
      expect(await property.balanceOf(accounts.bob.address)).to.equal(1n);
      expect(await property.locked(parcelId)).to.equal(true);
      const history = await property.ownershipHistory(parcelId, 0, 10);
      expect(history.map((r) => [r.owner, r.since, r.kind, r.basis])).to.deep.equal([
        [accounts.bob.address, now, ChangeKind.Registration, DOCUMENT],
      ]);
    });

    it("an owner's balance counts every title registered to them", async function () {
      const { property, accounts } = await load();
      await property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.alice.address, DOCUMENT, "");
      await property.connect(accounts.landRegistrar).registerTitle("UT-0003", accounts.alice.address, DOCUMENT, "");
      expect(await property.balanceOf(accounts.alice.address)).to.equal(3n);
      expect(await property.balanceOf(accounts.bob.address)).to.equal(0n);
    });

    it("the parcel id of a cadastral reference is its keccak256 hash, registered or not", async function () {
      const { property, parcelId } = await load();
      expect(parcelId).to.equal(BigInt(keccak256(toUtf8Bytes(REFERENCE))));
      expect(await property.parcelIdOf("never registered")).to.equal(BigInt(id("never registered")));
    });

    it("a non-registrar cannot register a parcel", async function () {
      const { property, accounts } = await load();
      for (const caller of [accounts.outsider, accounts.admin, accounts.courtOfficer]) {
        await expect(property.connect(caller).registerTitle("UT-0002", caller.address, DOCUMENT, ""))
          .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("a parcel needs a cadastral reference", async function () {
      const { property, accounts } = await load();
      await expect(
        property.connect(accounts.landRegistrar).registerTitle("", accounts.bob.address, DOCUMENT, ""),
      ).to.be.revertedWithCustomError(property, "PropertyRegistryEmptyCadastralReference");
    });

    it("a parcel needs an owner", async function () {
      const { property, accounts } = await load();
      await expect(property.connect(accounts.landRegistrar).registerTitle("UT-0002", ZeroAddress, DOCUMENT, ""))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidOwner")
        .withArgs(ZeroAddress);
    });

    it("a parcel needs a document hash", async function () {
      const { property, accounts } = await load();
      await expect(
        property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob.address, ZeroHash, ""),
      ).to.be.revertedWithCustomError(property, "PropertyRegistryEmptyDocumentHash");
    });

    it("a cadastral reference is registered once", async function () {
      const { property, accounts, parcelId } = await load();
      await expect(
        property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.bob.address, DOCUMENT, ""),
      )
        .to.be.revertedWithCustomError(property, "PropertyRegistryDuplicateCadastralReference")
        .withArgs(REFERENCE, parcelId);
    });

    it("a retired parcel's reference cannot be registered again", async function () {
      const { property, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS);
      await expect(
        property.connect(accounts.landRegistrar).registerTitle(REFERENCE, accounts.bob.address, DOCUMENT, ""),
      )
        .to.be.revertedWithCustomError(property, "PropertyRegistryDuplicateCadastralReference")
        .withArgs(REFERENCE, parcelId);
    });
  });

  describe("updateTitleDocument", function () {
    it("a registrar replaces the document and metadata of a title", async function () {
      const { property, accounts, parcelId, registeredAt } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      const survey = id("new survey");
      const tx = registrar.updateTitleDocument(parcelId, survey, "ipfs://survey");
      await expect(tx).to.emit(property, "TitleDocumentUpdated").withArgs(parcelId, DOCUMENT, survey, "ipfs://survey");
      await expect(tx).to.emit(property, "MetadataUpdate").withArgs(parcelId);
      const title = await property.titleOf(parcelId);
      expect(title.documentHash).to.equal(survey);
      expect(title.metadataURI).to.equal("ipfs://survey");
      expect(await property.tokenURI(parcelId)).to.equal("ipfs://survey");
      const [registration] = await property.ownershipHistory(parcelId, 0, 1);
      expect(registration.basis).to.equal(DOCUMENT);
      expect(registration.since).to.equal(registeredAt);

      const correction = id("corrected deed");
      await expect(registrar.updateTitleDocument(parcelId, correction, ""))
        .to.emit(property, "TitleDocumentUpdated")
        .withArgs(parcelId, survey, correction, "");
      expect((await property.titleOf(parcelId)).metadataURI).to.equal("");
    });

    it("a frozen title's document can be replaced", async function () {
      const { property, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).freezeTitle(parcelId, BASIS);
      await expect(property.connect(accounts.landRegistrar).updateTitleDocument(parcelId, BASIS, "")).to.emit(
        property,
        "TitleDocumentUpdated",
      );
    });

    it("a non-registrar cannot replace a title's document", async function () {
      const { property, accounts, parcelId } = await load();
      await expect(property.connect(accounts.alice).updateTitleDocument(parcelId, BASIS, ""))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.alice.address);
    });

    it("a replaced document needs a hash", async function () {
      const { property, accounts, parcelId } = await load();
      await expect(
        property.connect(accounts.landRegistrar).updateTitleDocument(parcelId, ZeroHash, ""),
      ).to.be.revertedWithCustomError(property, "PropertyRegistryEmptyDocumentHash");
    });

    it("an unknown parcel has no document to replace", async function () {
      const { property, accounts } = await load();
      await expect(property.connect(accounts.landRegistrar).updateTitleDocument(7n, BASIS, ""))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(7n);
    });

    it("a retired title's document cannot be replaced", async function () {
      const { property, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS);
      await expect(property.connect(accounts.landRegistrar).updateTitleDocument(parcelId, BASIS, ""))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcelId, TitleStatus.Retired);
    });
  });

  describe("freezeTitle, unfreezeTitle and retireTitle", function () {
    it("a registrar freezes and unfreezes an active title", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.freezeTitle(parcelId, BASIS))
        .to.emit(property, "TitleStatusChanged")
        .withArgs(parcelId, TitleStatus.Active, TitleStatus.Frozen, BASIS);
      expect((await property.titleOf(parcelId)).status).to.equal(TitleStatus.Frozen);
      const release = id("release decision");
      await expect(registrar.unfreezeTitle(parcelId, release))
        .to.emit(property, "TitleStatusChanged")
        .withArgs(parcelId, TitleStatus.Frozen, TitleStatus.Active, release);
      expect((await property.titleOf(parcelId)).status).to.equal(TitleStatus.Active);
    });

    it("a registrar retires an active title, which stays readable", async function () {
      const { property, accounts, parcelId } = await load();
      expect(await property.balanceOf(accounts.alice)).to.equal(1n);
      await expect(property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS))
        .to.emit(property, "TitleStatusChanged")
        .withArgs(parcelId, TitleStatus.Active, TitleStatus.Retired, BASIS)
        .and.to.emit(property, "Transfer")
        .withArgs(accounts.alice.address, ZeroAddress, parcelId);
      const title = await property.titleOf(parcelId);
      expect(title.status).to.equal(TitleStatus.Retired);
      expect(title.owner).to.equal(accounts.alice.address);
      expect((await property.ownershipHistory(parcelId, 0, 10)).length).to.equal(1);
    });

    it("a retired title leaves the ERC-721 view as a burnt token does", async function () {
      const { property, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS);
      expect(await property.balanceOf(accounts.alice)).to.equal(0n);
      for (const read of [
        () => property.ownerOf(parcelId),
        () => property.tokenURI(parcelId),
        () => property.locked(parcelId),
        () => property.getApproved(parcelId),
      ]) {
        await expect(read())
          .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
          .withArgs(parcelId, TitleStatus.Retired);
      }
    });

    it("a registrar retires a frozen title", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await registrar.freezeTitle(parcelId, BASIS);
      await expect(registrar.retireTitle(parcelId, BASIS))
        .to.emit(property, "TitleStatusChanged")
        .withArgs(parcelId, TitleStatus.Frozen, TitleStatus.Retired, BASIS);
    });

    it("a non-registrar cannot change a title's status", async function () {
      const { property, accounts, parcelId } = await load();
      const outsider = property.connect(accounts.outsider);
      for (const call of [
        () => outsider.freezeTitle(parcelId, BASIS),
        () => outsider.unfreezeTitle(parcelId, BASIS),
        () => outsider.retireTitle(parcelId, BASIS),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
          .withArgs(accounts.outsider.address);
      }
    });

    it("a status change needs the hash of its decision", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.freezeTitle(parcelId, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyBasis",
      );
      await expect(registrar.retireTitle(parcelId, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyBasis",
      );
      await registrar.freezeTitle(parcelId, BASIS);
      await expect(registrar.unfreezeTitle(parcelId, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyBasis",
      );
    });

    it("an unknown parcel has no status to change", async function () {
      const { property, accounts } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      for (const call of [
        () => registrar.freezeTitle(9n, BASIS),
        () => registrar.unfreezeTitle(9n, BASIS),
        () => registrar.retireTitle(9n, BASIS),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel").withArgs(9n);
      }
    });

    it("only an active title can be frozen and only a frozen one unfrozen", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.unfreezeTitle(parcelId, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcelId, TitleStatus.Active);
      await registrar.freezeTitle(parcelId, BASIS);
      await expect(registrar.freezeTitle(parcelId, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcelId, TitleStatus.Frozen);
    });

    it("a retired title never changes status again", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await registrar.retireTitle(parcelId, BASIS);
      for (const call of [
        () => registrar.freezeTitle(parcelId, BASIS),
        () => registrar.unfreezeTitle(parcelId, BASIS),
        () => registrar.retireTitle(parcelId, BASIS),
      ]) {
        await expect(call())
          .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
          .withArgs(parcelId, TitleStatus.Retired);
      }
    });
  });

  describe("liens", function () {
    it("a registrar registers a lien, numbered from one", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      expect(await property.lienCount()).to.equal(0n);
      expect(await registrar.registerLien.staticCall(parcelId, accounts.bank.address, LIEN_DOCUMENT)).to.equal(1n);
      await expect(registrar.registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT))
        .to.emit(property, "LienRegistered")
        .withArgs(1n, parcelId, accounts.bank.address, LIEN_DOCUMENT);
      const now = BigInt(await networkHelpers.time.latest());
      await expect(registrar.registerLien(parcelId, accounts.carol.address, BASIS))
        .to.emit(property, "LienRegistered")
        .withArgs(2n, parcelId, accounts.carol.address, BASIS);

      const lien = await property.lienOf(1n);
      expect([
        lien.parcelId,
        lien.holder,
        lien.documentHash,
        lien.registeredAt,
        lien.releasedAt,
        lien.consentOfferId,
      ]).to.deep.equal([parcelId, accounts.bank.address, LIEN_DOCUMENT, now, 0n, ZeroHash]);
      expect(await property.lienCount()).to.equal(2n);
      expect(await property.activeLiens(parcelId)).to.deep.equal([1n, 2n]);
      expect((await property.titleOf(parcelId)).activeLienCount).to.equal(2n);
    });

    it("a frozen parcel can carry a new lien", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await registrar.freezeTitle(parcelId, BASIS);
      await expect(registrar.registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT)).to.emit(
        property,
        "LienRegistered",
      );
    });

    it("a non-registrar cannot register or release a lien", async function () {
      const { property, accounts, parcelId, lienId } = await networkHelpers.loadFixture(lienFixture);
      await expect(property.connect(accounts.bank).registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.bank.address);
      await expect(property.connect(accounts.bank).releaseLien(lienId, BASIS))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.bank.address);
    });

    it("a lien needs a holder and a document", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.registerLien(parcelId, ZeroAddress, LIEN_DOCUMENT))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidLienHolder")
        .withArgs(ZeroAddress);
      await expect(registrar.registerLien(parcelId, accounts.bank.address, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyDocumentHash",
      );
    });

    it("a lien needs a parcel that exists and is not retired", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.registerLien(5n, accounts.bank.address, LIEN_DOCUMENT))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(5n);
      await registrar.retireTitle(parcelId, BASIS);
      await expect(registrar.registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcelId, TitleStatus.Retired);
    });

    it("a parcel carries at most MAX_ACTIVE_LIENS active liens, and a release frees a place", async function () {
      const { property, accounts, parcelId } = await load();
      const registrar = property.connect(accounts.landRegistrar);
      for (let i = 0; i < 8; i++) {
        await registrar.registerLien(parcelId, accounts.bank.address, id(`lien ${i}`));
      }
      await expect(registrar.registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT))
        .to.be.revertedWithCustomError(property, "PropertyRegistryTooManyLiens")
        .withArgs(parcelId, 8n);
      await registrar.releaseLien(3n, BASIS);
      await expect(registrar.registerLien(parcelId, accounts.bank.address, LIEN_DOCUMENT))
        .to.emit(property, "LienRegistered")
        .withArgs(9n, parcelId, accounts.bank.address, LIEN_DOCUMENT);
      expect((await property.activeLiens(parcelId)).length).to.equal(8);
    });

    it("a registrar releases a lien, which stays readable", async function () {
      const { property, accounts, parcelId, lienId } = await networkHelpers.loadFixture(lienFixture);
      await expect(property.connect(accounts.landRegistrar).releaseLien(lienId, BASIS))
        .to.emit(property, "LienReleased")
        .withArgs(lienId, parcelId, BASIS);
      const lien = await property.lienOf(lienId);
      expect(lien.releasedAt).to.equal(BigInt(await networkHelpers.time.latest()));
      expect(lien.holder).to.equal(accounts.bank.address);
      expect(await property.activeLiens(parcelId)).to.deep.equal([]);
      expect((await property.titleOf(parcelId)).activeLienCount).to.equal(0n);
      expect(await property.lienCount()).to.equal(1n);
    });

    it("a release needs a basis, an existing lien and an active one", async function () {
      const { property, accounts, lienId } = await networkHelpers.loadFixture(lienFixture);
      const registrar = property.connect(accounts.landRegistrar);
      await expect(registrar.releaseLien(lienId, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyBasis",
      );
      await expect(registrar.releaseLien(2n, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownLien")
        .withArgs(2n);
      await expect(registrar.releaseLien(0n, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownLien")
        .withArgs(0n);
      await registrar.releaseLien(lienId, BASIS);
      await expect(registrar.releaseLien(lienId, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienReleased")
        .withArgs(lienId);
    });

    it("an unknown lien cannot be read", async function () {
      const { property } = await load();
      await expect(property.lienOf(1n))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownLien")
        .withArgs(1n);
    });

    it("an unknown parcel has no liens to list", async function () {
      const { property } = await load();
      await expect(property.activeLiens(3n))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(3n);
    });

    it("a lien holder consents to the sale under one offer, and a new consent replaces it", async function () {
      const { property, accounts, parcelId, lienId } = await networkHelpers.loadFixture(lienFixture);
      await expect(property.connect(accounts.bank).consentToSale(lienId, OFFER_ID))
        .to.emit(property, "LienConsentRecorded")
        .withArgs(lienId, parcelId, OFFER_ID);
      expect((await property.lienOf(lienId)).consentOfferId).to.equal(OFFER_ID);
      await property.connect(accounts.bank).consentToSale(lienId, OTHER_OFFER_ID);
      expect((await property.lienOf(lienId)).consentOfferId).to.equal(OTHER_OFFER_ID);
    });

    it("a lien holder withdraws its consent", async function () {
      const { property, accounts, parcelId, lienId } = await networkHelpers.loadFixture(lienFixture);
      await property.connect(accounts.bank).consentToSale(lienId, OFFER_ID);
      await expect(property.connect(accounts.bank).withdrawConsent(lienId))
        .to.emit(property, "LienConsentWithdrawn")
        .withArgs(lienId, parcelId, OFFER_ID);
      expect((await property.lienOf(lienId)).consentOfferId).to.equal(ZeroHash);
      await expect(property.connect(accounts.bank).withdrawConsent(lienId))
        .to.be.revertedWithCustomError(property, "PropertyRegistryNoConsent")
        .withArgs(lienId);
    });

    it("only the lien holder can consent or withdraw a consent", async function () {
      const { property, accounts, lienId } = await networkHelpers.loadFixture(lienFixture);
      await property.connect(accounts.bank).consentToSale(lienId, OFFER_ID);
      for (const caller of [accounts.alice, accounts.landRegistrar, accounts.admin]) {
        await expect(property.connect(caller).consentToSale(lienId, OTHER_OFFER_ID))
          .to.be.revertedWithCustomError(property, "PropertyRegistryNotLienHolder")
          .withArgs(lienId, caller.address);
        await expect(property.connect(caller).withdrawConsent(lienId))
          .to.be.revertedWithCustomError(property, "PropertyRegistryNotLienHolder")
          .withArgs(lienId, caller.address);
      }
    });

    it("a consent names an offer", async function () {
      const { property, accounts, lienId } = await networkHelpers.loadFixture(lienFixture);
      await expect(property.connect(accounts.bank).consentToSale(lienId, ZeroHash)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryEmptyOfferId",
      );
    });

    it("no consent can be given or withdrawn for an unknown or released lien", async function () {
      const { property, accounts, lienId } = await networkHelpers.loadFixture(lienFixture);
      await expect(property.connect(accounts.bank).consentToSale(4n, OFFER_ID))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownLien")
        .withArgs(4n);
      await property.connect(accounts.bank).consentToSale(lienId, OFFER_ID);
      await property.connect(accounts.landRegistrar).releaseLien(lienId, BASIS);
      await expect(property.connect(accounts.bank).consentToSale(lienId, OFFER_ID))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienReleased")
        .withArgs(lienId);
      await expect(property.connect(accounts.bank).withdrawConsent(lienId))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienReleased")
        .withArgs(lienId);
    });
  });

  describe("changes of owner", function () {
    it("a settled sale moves the title and appends the deed to its history", async function () {
      const suite = await load();
      const { property, transfer, accounts, parcelId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const tx = transfer.connect(accounts.outsider).settleOffer(offer);
      await expect(tx).to.emit(property, "Transfer").withArgs(accounts.alice.address, accounts.bob.address, parcelId);
      await expect(tx)
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.bob.address, ChangeKind.Sale, offer.deedHash, 1n);
      const now = BigInt(await networkHelpers.time.latest());
      const title = await property.titleOf(parcelId);
      expect(title.owner).to.equal(accounts.bob.address);
      expect(title.ownerSince).to.equal(now);
      expect(title.historyLength).to.equal(2n);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
      expect(await property.balanceOf(accounts.alice.address)).to.equal(0n);
      expect(await property.balanceOf(accounts.bob.address)).to.equal(1n);
      const [, sale] = await property.ownershipHistory(parcelId, 0, 2);
      expect([sale.owner, sale.since, sale.kind, sale.basis]).to.deep.equal([
        accounts.bob.address,
        now,
        ChangeKind.Sale,
        offer.deedHash,
      ]);
    });

    it("a court order moves the title with its legal basis", async function () {
      const { property, transfer, accounts, parcelId } = await load();
      const order = id("court order 7/2024");
      await expect(transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, order))
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.carol.address, ChangeKind.CourtOrder, order, 1n);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.carol.address);
    });

    it("nobody but the transfer agent can change an owner directly", async function () {
      const { property, accounts, parcelId } = await load();
      for (const caller of [accounts.alice, accounts.landRegistrar, accounts.courtOfficer, accounts.admin]) {
        await expect(
          property
            .connect(caller)
            .changeOwner(parcelId, accounts.alice.address, caller.address, ChangeKind.CourtOrder, BASIS, ZeroHash),
        )
          .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("the registry itself refuses an empty basis or a registration kind, even from a transfer agent", async function () {
      const { property, authority, accounts, parcelId } = await load();
      await authority.grantRole(Roles.TRANSFER_AGENT, accounts.outsider.address, 0);
      await networkHelpers.time.increase(TEST_DELAYS.recovery);
      const agent = property.connect(accounts.outsider);
      await expect(
        agent.changeOwner(
          parcelId,
          accounts.alice.address,
          accounts.bob.address,
          ChangeKind.CourtOrder,
          ZeroHash,
          ZeroHash,
        ),
      ).to.be.revertedWithCustomError(property, "PropertyRegistryEmptyBasis");
      await expect(
        agent.changeOwner(
          parcelId,
          accounts.alice.address,
          accounts.bob.address,
          ChangeKind.Registration,
          BASIS,
          ZeroHash,
        ),
      )
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidChangeKind")
        .withArgs(ChangeKind.Registration);
      await expect(
        agent.changeOwner(
          parcelId,
          accounts.bob.address,
          accounts.carol.address,
          ChangeKind.CourtOrder,
          BASIS,
          ZeroHash,
        ),
      )
        .to.be.revertedWithCustomError(property, "PropertyRegistryNotOwner")
        .withArgs(parcelId, accounts.bob.address, accounts.alice.address);
    });

    it("a sale of a parcel with a lien settles only with the holder's consent to that offer", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const offerId = await transfer.hashOffer(offer);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, lienId, offerId);
      await property.connect(accounts.bank).consentToSale(lienId, offerId);
      await expect(transfer.settleOffer(offer))
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.bob.address, ChangeKind.Sale, offer.deedHash, 1n);
      expect(await property.activeLiens(parcelId)).to.deep.equal([lienId]);
    });

    it("a consent to one offer does not let another offer to the same buyer with the same deed settle", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      const consented = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      await property.connect(accounts.bank).consentToSale(lienId, await transfer.hashOffer(consented));
      const cheaper = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob, {
        price: consented.price / 10n,
        nonce: 1n,
      });
      await expect(transfer.settleOffer(cheaper))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, lienId, await transfer.hashOffer(cheaper));
      await expect(transfer.settleOffer(consented)).to.emit(property, "TitleTransferred");
    });

    it("a withdrawn consent no longer lets the offer settle", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const offerId = await transfer.hashOffer(offer);
      await property.connect(accounts.bank).consentToSale(lienId, offerId);
      await property.connect(accounts.bank).withdrawConsent(lienId);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, lienId, offerId);
    });

    it("every active lien must consent to a sale", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      await property.connect(accounts.landRegistrar).registerLien(parcelId, accounts.carol.address, LIEN_DOCUMENT);
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const offerId = await transfer.hashOffer(offer);
      await property.connect(accounts.bank).consentToSale(lienId, offerId);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, 2n, offerId);
      await property.connect(accounts.carol).consentToSale(2n, offerId);
      await expect(transfer.settleOffer(offer)).to.emit(property, "TitleTransferred");
    });

    it("a released lien no longer needs consent", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, accounts, parcelId, lienId } = suite;
      await property.connect(accounts.landRegistrar).releaseLien(lienId, BASIS);
      await completeSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.bob.address);
    });

    it("a consent to a settled offer covers no resale", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      await property.connect(accounts.bank).consentToSale(lienId, await transfer.hashOffer(offer));
      await transfer.settleOffer(offer);

      const resale = await prepareSale(ethers, suite, parcelId, accounts.bob, accounts.alice);
      await expect(transfer.settleOffer(resale))
        .to.be.revertedWithCustomError(property, "PropertyRegistryLienConsentMissing")
        .withArgs(parcelId, lienId, await transfer.hashOffer(resale));
    });

    it("a court order needs no lien consent and keeps the liens", async function () {
      const { property, transfer, accounts, parcelId, lienId } = await networkHelpers.loadFixture(lienFixture);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS);
      expect(await property.ownerOf(parcelId)).to.equal(accounts.carol.address);
      expect(await property.activeLiens(parcelId)).to.deep.equal([lienId]);
      expect((await property.lienOf(lienId)).releasedAt).to.equal(0n);
    });

    it("a frozen parcel cannot be sold but can move by court order", async function () {
      const suite = await load();
      const { property, transfer, accounts, parcelId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      await property.connect(accounts.landRegistrar).freezeTitle(parcelId, BASIS);
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(property, "PropertyRegistryParcelFrozen")
        .withArgs(parcelId);
      await expect(transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS))
        .to.emit(property, "TitleTransferred")
        .withArgs(parcelId, accounts.alice.address, accounts.carol.address, ChangeKind.CourtOrder, BASIS, 1n);
      expect((await property.titleOf(parcelId)).status).to.equal(TitleStatus.Frozen);
    });

    it("a retired parcel never moves", async function () {
      const { property, transfer, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS);
      await expect(transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
        .withArgs(parcelId, TitleStatus.Retired);
    });

    it("a court order cannot give a title to nobody or to its owner", async function () {
      const { property, transfer, accounts, parcelId } = await load();
      const court = transfer.connect(accounts.courtOfficer);
      await expect(court.executeCourtOrder(property, parcelId, ZeroAddress, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidNewOwner")
        .withArgs(parcelId, ZeroAddress);
      await expect(court.executeCourtOrder(property, parcelId, accounts.alice, BASIS))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidNewOwner")
        .withArgs(parcelId, accounts.alice.address);
    });
  });

  describe("checkOwnerChange", function () {
    it("answers ok for a lawful change", async function () {
      const { property, accounts, parcelId } = await load();
      for (const kind of [ChangeKind.Sale, ChangeKind.CourtOrder, ChangeKind.KeyRecovery]) {
        expect(await property.checkOwnerChange(parcelId, accounts.alice, accounts.bob, kind, OFFER_ID)).to.deep.equal([
          true,
          "0x00000000",
        ]);
      }
    });

    it("answers with the selector of the error each unlawful change would revert with", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, accounts, parcelId } = suite;
      const { alice, bob } = accounts;
      const selector = (name: string) => property.interface.getError(name)!.selector;
      const check = (id_: bigint, from: string, to: string, kind: bigint, offerId = ZeroHash) =>
        property.checkOwnerChange(id_, from, to, kind, offerId);

      expect(await check(parcelId, alice.address, bob.address, ChangeKind.Registration)).to.deep.equal([
        false,
        selector("PropertyRegistryInvalidChangeKind"),
      ]);
      expect(await check(1n, alice.address, bob.address, ChangeKind.CourtOrder)).to.deep.equal([
        false,
        selector("PropertyRegistryUnknownParcel"),
      ]);
      expect(await check(parcelId, bob.address, alice.address, ChangeKind.CourtOrder)).to.deep.equal([
        false,
        selector("PropertyRegistryNotOwner"),
      ]);
      expect(await check(parcelId, alice.address, ZeroAddress, ChangeKind.KeyRecovery)).to.deep.equal([
        false,
        selector("PropertyRegistryInvalidNewOwner"),
      ]);
      expect(await check(parcelId, alice.address, alice.address, ChangeKind.CourtOrder)).to.deep.equal([
        false,
        selector("PropertyRegistryInvalidNewOwner"),
      ]);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.Sale)).to.deep.equal([
        false,
        selector("PropertyRegistryLienConsentMissing"),
      ]);
      await property.connect(accounts.bank).consentToSale(suite.lienId, OFFER_ID);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.Sale, OTHER_OFFER_ID)).to.deep.equal([
        false,
        selector("PropertyRegistryLienConsentMissing"),
      ]);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.Sale, OFFER_ID)).to.deep.equal([
        true,
        "0x00000000",
      ]);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.CourtOrder)).to.deep.equal([
        true,
        "0x00000000",
      ]);

      await property.connect(accounts.landRegistrar).freezeTitle(parcelId, BASIS);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.Sale)).to.deep.equal([
        false,
        selector("PropertyRegistryParcelFrozen"),
      ]);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.KeyRecovery)).to.deep.equal([
        true,
        "0x00000000",
      ]);

      await property.connect(accounts.landRegistrar).retireTitle(parcelId, BASIS);
      expect(await check(parcelId, alice.address, bob.address, ChangeKind.CourtOrder)).to.deep.equal([
        false,
        selector("PropertyRegistryUnexpectedStatus"),
      ]);
    });
  });

  describe("ownershipHistory", function () {
    async function historyFixture() {
      const suite = await registryFixture();
      const { property, transfer, accounts, parcelId } = suite;
      const offer = await completeSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const soldAt = BigInt(await networkHelpers.time.latest());
      const order = id("inheritance order");
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, order);
      const orderedAt = BigInt(await networkHelpers.time.latest());
      const expected = [
        [accounts.alice.address, suite.registeredAt, ChangeKind.Registration, DOCUMENT],
        [accounts.bob.address, soldAt, ChangeKind.Sale, offer.deedHash],
        [accounts.carol.address, orderedAt, ChangeKind.CourtOrder, order],
      ];
      return { ...suite, expected };
    }

    it("pages through the history oldest first", async function () {
      const { property, parcelId, expected } = await networkHelpers.loadFixture(historyFixture);
      const page = async (offset: number, limit: number) =>
        (await property.ownershipHistory(parcelId, offset, limit)).map((r) => [r.owner, r.since, r.kind, r.basis]);
      expect(await page(0, 10)).to.deep.equal(expected);
      expect(await page(0, 3)).to.deep.equal(expected);
      expect(await page(0, 2)).to.deep.equal(expected.slice(0, 2));
      expect(await page(1, 1)).to.deep.equal(expected.slice(1, 2));
      expect(await page(2, 10)).to.deep.equal(expected.slice(2));
      expect(await page(1, 0)).to.deep.equal([]);
      expect((await property.titleOf(parcelId)).historyLength).to.equal(3n);
    });

    it("an offset equal to the length gives an empty page", async function () {
      const { property, parcelId } = await networkHelpers.loadFixture(historyFixture);
      expect(await property.ownershipHistory(parcelId, 3, 5)).to.deep.equal([]);
    });

    it("an offset past the length is refused", async function () {
      const { property, parcelId } = await networkHelpers.loadFixture(historyFixture);
      await expect(property.ownershipHistory(parcelId, 4, 1))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidPage")
        .withArgs(4n, 3n);
      await expect(property.ownershipHistory(parcelId, MaxUint256, 1))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidPage")
        .withArgs(MaxUint256, 3n);
    });

    it("a huge limit is cut to what is left", async function () {
      const { property, parcelId, expected } = await networkHelpers.loadFixture(historyFixture);
      expect((await property.ownershipHistory(parcelId, 1, MaxUint256)).length).to.equal(expected.length - 1);
    });

    it("an unknown parcel has no history", async function () {
      const { property } = await load();
      await expect(property.ownershipHistory(2n, 0, 1))
        .to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel")
        .withArgs(2n);
    });
  });

  describe("ERC-721 views", function () {
    it("balanceOf refuses the zero address", async function () {
      const { property } = await load();
      await expect(property.balanceOf(ZeroAddress))
        .to.be.revertedWithCustomError(property, "PropertyRegistryInvalidOwner")
        .withArgs(ZeroAddress);
    });

    it("views of a parcel refuse an unknown parcel", async function () {
      const { property } = await load();
      for (const call of [
        () => property.ownerOf(1n),
        () => property.titleOf(1n),
        () => property.getApproved(1n),
        () => property.tokenURI(1n),
        () => property.locked(1n),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(property, "PropertyRegistryUnknownParcel").withArgs(1n);
      }
    });

    it("a title is never approved to anyone", async function () {
      const { property, accounts, parcelId } = await load();
      expect(await property.getApproved(parcelId)).to.equal(ZeroAddress);
      expect(await property.isApprovedForAll(accounts.alice, accounts.bob)).to.equal(false);
      expect(await property.isApprovedForAll(accounts.alice, accounts.alice)).to.equal(false);
    });

    it("the owner cannot transfer a title", async function () {
      const { property, accounts, parcelId } = await load();
      const owner = property.connect(accounts.alice);
      const { alice, bob } = accounts;
      for (const call of [
        () => owner.transferFrom(alice, bob, parcelId),
        () => owner["safeTransferFrom(address,address,uint256)"](alice, bob, parcelId),
        () => owner["safeTransferFrom(address,address,uint256,bytes)"](alice, bob, parcelId, "0x1234"),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(property, "PropertyRegistryTitleLocked").withArgs(parcelId);
      }
      expect(await property.ownerOf(parcelId)).to.equal(alice.address);
    });

    it("the owner cannot approve an operator", async function () {
      const { property, accounts, parcelId } = await load();
      const owner = property.connect(accounts.alice);
      await expect(owner.approve(accounts.bob, parcelId)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryApprovalsDisabled",
      );
      await expect(owner.setApprovalForAll(accounts.bob, true)).to.be.revertedWithCustomError(
        property,
        "PropertyRegistryApprovalsDisabled",
      );
    });
  });

  describe("tokenURI and setBaseURI", function () {
    it("a title's own metadata URI is its token URI", async function () {
      const { property, parcelId } = await load();
      expect(await property.tokenURI(parcelId)).to.equal(PARCEL_URI);
    });

    it("a title without its own URI has an empty token URI while no base URI is set", async function () {
      const { property, accounts } = await load();
      await property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob, DOCUMENT, "");
      expect(await property.tokenURI(await property.parcelIdOf("UT-0002"))).to.equal("");
    });

    it("the admin sets a base URI that titles without their own URI use", async function () {
      const { property, accounts, parcelId } = await load();
      await property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob, DOCUMENT, "");
      const bare = await property.parcelIdOf("UT-0002");
      const tx = property.connect(accounts.admin).setBaseURI("https://land.example/titles/");
      await expect(tx).to.emit(property, "BaseURIUpdated").withArgs("https://land.example/titles/");
      await expect(tx).to.emit(property, "BatchMetadataUpdate").withArgs(0n, MaxUint256);
      expect(await property.tokenURI(bare)).to.equal(`https://land.example/titles/${bare.toString()}`);
      expect(await property.tokenURI(parcelId)).to.equal(PARCEL_URI);
      await property.connect(accounts.admin).setBaseURI("");
      expect(await property.tokenURI(bare)).to.equal("");
    });

    it("a non-admin cannot set the base URI", async function () {
      const { property, accounts } = await load();
      await expect(property.connect(accounts.landRegistrar).setBaseURI("x"))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.landRegistrar.address);
    });
  });

  describe("pause", function () {
    it("a guardian closes every write while reads go on, and only the admin reopens", async function () {
      const suite = await networkHelpers.loadFixture(lienFixture);
      const { property, transfer, accounts, parcelId, lienId } = suite;
      const offer = await prepareSale(ethers, suite, parcelId, accounts.alice, accounts.bob);
      const offerId = await suite.transfer.hashOffer(offer);
      await property.connect(accounts.bank).consentToSale(lienId, offerId);

      await expect(property.connect(accounts.guardian).pause())
        .to.emit(property, "Paused")
        .withArgs(accounts.guardian.address);
      expect(await property.paused()).to.equal(true);

      const registrar = property.connect(accounts.landRegistrar);
      for (const call of [
        () => registrar.registerTitle("UT-0002", accounts.bob, DOCUMENT, ""),
        () => registrar.updateTitleDocument(parcelId, BASIS, ""),
        () => registrar.freezeTitle(parcelId, BASIS),
        () => registrar.unfreezeTitle(parcelId, BASIS),
        () => registrar.retireTitle(parcelId, BASIS),
        () => registrar.registerLien(parcelId, accounts.bank, LIEN_DOCUMENT),
        () => registrar.releaseLien(lienId, BASIS),
        () => property.connect(accounts.bank).consentToSale(lienId, offerId),
        () => property.connect(accounts.bank).withdrawConsent(lienId),
        () => property.connect(accounts.admin).setBaseURI("x"),
        () => transfer.settleOffer(offer),
        () => transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(property, "EnforcedPause");
      }

      expect(await property.ownerOf(parcelId)).to.equal(accounts.alice.address);
      expect((await property.titleOf(parcelId)).historyLength).to.equal(1n);
      expect(await property.balanceOf(accounts.alice)).to.equal(1n);
      expect(await property.tokenURI(parcelId)).to.equal(PARCEL_URI);
      expect(await property.activeLiens(parcelId)).to.deep.equal([lienId]);
      expect(
        (await property.checkOwnerChange(parcelId, accounts.alice, accounts.bob, ChangeKind.Sale, offerId))[0],
      ).to.equal(true);

      await expect(property.connect(accounts.guardian).pause()).to.be.revertedWithCustomError(
        property,
        "EnforcedPause",
      );
      await expect(property.connect(accounts.guardian).unpause())
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.guardian.address);
      await expect(property.connect(accounts.admin).unpause())
        .to.emit(property, "Unpaused")
        .withArgs(accounts.admin.address);
      await expect(property.connect(accounts.admin).unpause()).to.be.revertedWithCustomError(property, "ExpectedPause");
      await expect(transfer.settleOffer(offer)).to.emit(property, "TitleTransferred");
    });

    it("a non-guardian cannot pause the registry", async function () {
      const { property, accounts } = await load();
      for (const caller of [accounts.outsider, accounts.landRegistrar]) {
        await expect(property.connect(caller).pause())
          .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });
  });

  describe("upgrades", function () {
    it("the upgrader upgrades only through the authority after a week", async function () {
      const { property, authority, accounts, parcelId } = await load();
      const next = await ethers.deployContract("PropertyRegistry");
      const data = property.interface.encodeFunctionData("upgradeToAndCall", [await next.getAddress(), "0x"]);
      const target = await property.getAddress();
      const operationId = await authority.hashOperation(accounts.upgrader, target, data);

      await expect(property.connect(accounts.outsider).upgradeToAndCall(next, "0x"))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.outsider.address);
      await expect(property.connect(accounts.upgrader).upgradeToAndCall(next, "0x"))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(operationId);

      await authority.connect(accounts.upgrader).schedule(target, data, 0);
      await expect(authority.connect(accounts.upgrader).execute(target, data))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotReady")
        .withArgs(operationId);
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      await expect(authority.connect(accounts.upgrader).execute(target, data))
        .to.emit(property, "Upgraded")
        .withArgs(await next.getAddress());
      expect(await property.ownerOf(parcelId)).to.equal(accounts.alice.address);
      expect(await property.name()).to.equal("Land Titles");
    });
  });
});
