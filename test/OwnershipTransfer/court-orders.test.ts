import { expect } from "chai";
import { ZeroAddress, ZeroHash, id } from "ethers";
import { TEST_DELAYS } from "../helpers/fixture.js";
import { ChangeKind, TitleStatus, type Offer } from "../helpers/sales.js";
import {
  ethers,
  time,
  DOCUMENT,
  BASIS,
  REASON,
  transferFixture,
  load,
  loadTracked,
  openAndAccept,
  openAcceptApprove,
  recoverThroughAuthority,
  trackEscrow,
  type Fixture,
  type RecoveryArgs,
} from "./shared.js";

describe("OwnershipTransfer: court orders, key and escrow recovery", function () {
  trackEscrow();

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
});
