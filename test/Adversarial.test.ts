import { expect } from "chai";
import { MaxUint256, ZeroAddress, id, parseUnits } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import type { OwnershipTransfer } from "../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite } from "./helpers/fixture.js";
import {
  SIGNED_OFFER_TYPES,
  offerMessage,
  OfferStatus,
  PRICE,
  buildOffer,
  completeSale,
  expectEscrowBalanced,
  offerDomain,
  type Offer,
} from "./helpers/sales.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const REFERENCE = "UT-0666/2024";
const DOCUMENT = id("registration deed UT-0666/2024");
const BASIS = id("court order 99/2024");
const REASON = id("refusal 9/2024");

/** `MockParty.Mode`. */
const Mode = { Accept: 0n, Refuse: 1n, Reenter: 2n } as const;

/** `MockFailingERC20.Failure`. */
const Failure = { None: 0n, ReturnFalse: 1n, Revert: 2n } as const;

async function adversarialFixture() {
  const suite = await deploySuite(connection);
  const { property, transfer, accounts } = suite;
  const registrar = property.connect(accounts.landRegistrar);
  await registrar.registerTitle(REFERENCE, accounts.alice, DOCUMENT, "");
  const parcelId = await property.parcelIdOf(REFERENCE);

  const feeToken = await ethers.deployContract("MockFeeOnTransferERC20");
  const failingToken = await ethers.deployContract("MockFailingERC20");
  const reentrantToken = await ethers.deployContract("MockReentrantERC20");
  for (const token of [feeToken, failingToken, reentrantToken]) {
    await token.mint(accounts.bob, 100n * PRICE);
    await token.connect(accounts.bob).approve(transfer, MaxUint256);
  }

  const party = await ethers.deployContract("MockParty");
  await registrar.registerTitle("UT-0667/2024", party, DOCUMENT, "");
  const partyParcelId = await property.parcelIdOf("UT-0667/2024");
  return { ...suite, parcelId, partyParcelId, feeToken, failingToken, reentrantToken, party };
}

type Fixture = Awaited<ReturnType<typeof adversarialFixture>>;

let escrow: OwnershipTransfer | undefined;

async function load(): Promise<Fixture> {
  const fixture = await networkHelpers.loadFixture(adversarialFixture);
  escrow = fixture.transfer;
  return fixture;
}

/** Opens an offer of the fixture's parcel from alice to bob (unless `fields` says otherwise) as alice. */
async function open(fixture: Fixture, fields: Partial<Offer> = {}) {
  const offer = await buildOffer(ethers, fixture, {
    recordId: fixture.parcelId,
    seller: fixture.accounts.alice.address,
    buyer: fixture.accounts.bob.address,
    ...fields,
  });
  await fixture.transfer.connect(fixture.accounts.alice).openOffer(offer);
  return { offer, offerId: await fixture.transfer.hashOffer(offer) };
}

/** Lets sales of the land register settle without approval, so that an accepted offer is settleable at once. */
async function dropApproval(fixture: Fixture) {
  await fixture.transfer.connect(fixture.accounts.admin).setRegistryPolicy(fixture.property, {
    enabled: true,
    approvalRequired: false,
    approverRole: Roles.LAND_REGISTRAR,
  });
}

/** Has the contract party open an offer of its parcel to bob, bob pay for it, and the sale settle. */
async function settledSaleByParty(fixture: Fixture, nonce = 0n) {
  const { transfer, party, accounts, partyParcelId } = fixture;
  await dropApproval(fixture);
  const offer = await buildOffer(ethers, fixture, {
    recordId: partyParcelId,
    seller: await party.getAddress(),
    buyer: accounts.bob.address,
    nonce,
  });
  await party.execute(transfer, transfer.interface.encodeFunctionData("openOffer", [offer]));
  await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
  await transfer.settleOffer(offer);
  return { offer, offerId: await transfer.hashOffer(offer) };
}

describe("Adversarial", function () {
  beforeEach(function () {
    escrow = undefined;
  });

  afterEach("escrow holds exactly the deposited and unreleased prices", async function () {
    if (escrow !== undefined) await expectEscrowBalanced(ethers, escrow);
  });

  describe("fee-on-transfer token", function () {
    it("a token that delivers less than the price cannot pay for an offer", async function () {
      const fixture = await load();
      const { transfer, feeToken, accounts } = fixture;
      const { offer, offerId } = await open(fixture, { token: await feeToken.getAddress() });
      const fee = (offer.price * (await feeToken.FEE_BPS())) / 10_000n;
      await expect(transfer.connect(accounts.bob).acceptOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferTokenFeeNotSupported")
        .withArgs(await feeToken.getAddress(), offer.price, offer.price - fee);
      expect((await transfer.offerState(offerId)).status).to.equal(OfferStatus.Open);
      expect(await feeToken.balanceOf(accounts.bob)).to.equal(100n * PRICE);
    });
  });

  describe("failing token", function () {
    it("a token whose transferFrom returns false cannot pay for an offer", async function () {
      const fixture = await load();
      const { transfer, failingToken, accounts } = fixture;
      const { offer } = await open(fixture, { token: await failingToken.getAddress() });
      await failingToken.setFailure(Failure.ReturnFalse);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer))
        .to.be.revertedWithCustomError(transfer, "SafeERC20FailedOperation")
        .withArgs(await failingToken.getAddress());
    });

    it("a token whose transferFrom reverts cannot pay for an offer", async function () {
      const fixture = await load();
      const { transfer, failingToken, accounts } = fixture;
      const { offer } = await open(fixture, { token: await failingToken.getAddress() });
      await failingToken.setFailure(Failure.Revert);
      await expect(transfer.connect(accounts.bob).acceptOffer(offer)).to.be.revertedWithCustomError(
        failingToken,
        "MockFailingERC20TransferRefused",
      );
    });

    it("a payout the token refuses stays claimable until the token works again", async function () {
      const fixture = await load();
      const { transfer, failingToken, accounts } = fixture;
      await dropApproval(fixture);
      const { offer, offerId } = await open(fixture, { token: await failingToken.getAddress() });
      await transfer.connect(accounts.bob).acceptOffer(offer);
      await transfer.settleOffer(offer);

      await failingToken.setFailure(Failure.Revert);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice)).to.be.revertedWithCustomError(
        failingToken,
        "MockFailingERC20TransferRefused",
      );
      await failingToken.setFailure(Failure.ReturnFalse);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "SafeERC20FailedOperation")
        .withArgs(await failingToken.getAddress());
      expect((await transfer.offerState(offerId)).fundsReleased).to.equal(false);

      await failingToken.setFailure(Failure.None);
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice)).to.changeTokenBalances(
        ethers,
        failingToken,
        [transfer, accounts.alice],
        [-offer.price, offer.price],
      );
    });
  });

  describe("reentrant token", function () {
    it("a token cannot re-enter acceptOffer, settleOffer or withdraw while taking a payment", async function () {
      const fixture = await load();
      const { transfer, reentrantToken, accounts } = fixture;
      await dropApproval(fixture);
      const token = await reentrantToken.getAddress();
      const { offer, offerId } = await open(fixture, { token, nonce: 1n });
      const other = await open(fixture, { token, nonce: 2n });
      const reentries = [
        transfer.interface.encodeFunctionData("acceptOffer", [other.offer]),
        transfer.interface.encodeFunctionData("settleOffer", [offer]),
        transfer.interface.encodeFunctionData("withdraw", [offer, token]),
      ];
      for (const data of reentries) {
        await reentrantToken.arm(transfer, data);
        await expect(transfer.connect(accounts.bob).acceptOffer(offer)).to.be.revertedWithCustomError(
          transfer,
          "ReentrancyGuardReentrantCall",
        );
      }
      expect((await transfer.offerState(offerId)).status).to.equal(OfferStatus.Open);
      expect(await reentrantToken.balanceOf(transfer)).to.equal(0n);
    });

    it("a token that calls back finds the offer already accepted", async function () {
      const fixture = await load();
      const { transfer, reentrantToken, accounts } = fixture;
      const { offer, offerId } = await open(fixture, { token: await reentrantToken.getAddress() });
      await reentrantToken.arm(transfer, transfer.interface.encodeFunctionData("cancelOffer", [offer]));
      await expect(transfer.connect(accounts.bob).acceptOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(offerId, OfferStatus.Accepted);
    });

    it("a token cannot re-enter withdraw while paying out, and the payee is paid once", async function () {
      const fixture = await load();
      const { transfer, reentrantToken, accounts } = fixture;
      await dropApproval(fixture);
      const { offer, offerId } = await open(fixture, { token: await reentrantToken.getAddress() });
      await transfer.connect(accounts.bob).acceptOffer(offer);
      await transfer.settleOffer(offer);

      await reentrantToken.arm(
        transfer,
        transfer.interface.encodeFunctionData("withdraw", [offer, accounts.alice.address]),
      );
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice)).to.be.revertedWithCustomError(
        transfer,
        "ReentrancyGuardReentrantCall",
      );
      expect(await reentrantToken.balanceOf(transfer)).to.equal(offer.price);

      await reentrantToken.arm(ZeroAddress, "0x");
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice)).to.changeTokenBalances(
        ethers,
        reentrantToken,
        [transfer, accounts.alice],
        [-offer.price, offer.price],
      );
      await expect(transfer.connect(accounts.alice).withdraw(offer, accounts.alice))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, accounts.alice.address);
    });
  });

  describe("malicious native receiver", function () {
    it("a payee that re-enters withdraw from receive is paid once", async function () {
      const fixture = await load();
      const { transfer, party } = fixture;
      const { offer, offerId } = await settledSaleByParty(fixture);
      const partyAddress = await party.getAddress();
      const withdrawal = transfer.interface.encodeFunctionData("withdraw", [offer, partyAddress]);

      await party.armReentry(transfer, withdrawal);
      const tx = party.execute(transfer, withdrawal);
      await expect(tx)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, partyAddress, partyAddress, ZeroAddress, offer.price);
      await expect(tx).to.changeEtherBalances(ethers, [transfer, party], [-offer.price, offer.price]);
      const [succeeded, returnData] = await party.lastReentry();
      expect(succeeded).to.equal(false);
      expect(returnData).to.equal(transfer.interface.encodeErrorResult("ReentrancyGuardReentrantCall"));

      await expect(party.execute(transfer, withdrawal))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNothingToWithdraw")
        .withArgs(offerId, partyAddress);
    });

    it("a payee cannot re-enter withdraw for another of its sales, which it withdraws afterwards", async function () {
      const fixture = await load();
      const { transfer, party, property, accounts, partyParcelId } = fixture;
      const first = await settledSaleByParty(fixture, 1n);
      await transfer.connect(accounts.courtOfficer).executeCourtOrder(property, partyParcelId, party, BASIS);
      const second = await settledSaleByParty(fixture, 2n);
      const partyAddress = await party.getAddress();
      const withdrawFirst = transfer.interface.encodeFunctionData("withdraw", [first.offer, partyAddress]);
      const withdrawSecond = transfer.interface.encodeFunctionData("withdraw", [second.offer, partyAddress]);

      await party.armReentry(transfer, withdrawSecond);
      await expect(party.execute(transfer, withdrawFirst)).to.changeEtherBalance(ethers, party, first.offer.price);
      expect((await party.lastReentry())[0]).to.equal(false);
      expect((await transfer.offerState(second.offerId)).fundsReleased).to.equal(false);
      await expect(party.execute(transfer, withdrawSecond)).to.changeEtherBalance(ethers, party, second.offer.price);
    });

    it("a payee that refuses the coin cannot withdraw to itself but can to another account", async function () {
      const fixture = await load();
      const { transfer, party, accounts } = fixture;
      const { offer, offerId } = await settledSaleByParty(fixture);
      const partyAddress = await party.getAddress();
      await party.setMode(Mode.Refuse);
      await expect(party.execute(transfer, transfer.interface.encodeFunctionData("withdraw", [offer, partyAddress])))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNativeTransferFailed")
        .withArgs(partyAddress, offer.price);
      expect((await transfer.offerState(offerId)).fundsReleased).to.equal(false);

      const toCarol = transfer.interface.encodeFunctionData("withdraw", [offer, accounts.carol.address]);
      const tx = party.execute(transfer, toCarol);
      await expect(tx)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, partyAddress, accounts.carol.address, ZeroAddress, offer.price);
      await expect(tx).to.changeEtherBalances(ethers, [transfer, accounts.carol], [-offer.price, offer.price]);
    });

    it("a payee that refuses the coin holds up no one else's funds", async function () {
      const fixture = await load();
      const { transfer, party, accounts, parcelId } = fixture;
      const stuck = await settledSaleByParty(fixture);
      await party.setMode(Mode.Refuse);
      const sale = await completeSale(ethers, fixture, parcelId, accounts.alice, accounts.carol);
      await expect(
        party.execute(
          transfer,
          transfer.interface.encodeFunctionData("withdraw", [stuck.offer, await party.getAddress()]),
        ),
      ).to.be.revertedWithCustomError(transfer, "OwnershipTransferNativeTransferFailed");
      await expect(transfer.connect(accounts.alice).withdraw(sale, accounts.alice)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.alice],
        [-sale.price, sale.price],
      );
      expect(await ethers.provider.getBalance(transfer)).to.equal(stuck.offer.price);
    });

    it("a buyer that refuses its refund takes it to another account", async function () {
      const fixture = await load();
      const { transfer, party, accounts } = fixture;
      const partyAddress = await party.getAddress();
      const { offer, offerId } = await open(fixture, { buyer: partyAddress });
      await party.execute(transfer, transfer.interface.encodeFunctionData("acceptOffer", [offer]), {
        value: offer.price,
      });
      expect((await transfer.offerState(offerId)).deposited).to.equal(true);
      await transfer.connect(accounts.landRegistrar).rejectOffer(offer, REASON);
      await party.setMode(Mode.Refuse);
      await expect(party.execute(transfer, transfer.interface.encodeFunctionData("withdraw", [offer, partyAddress])))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNativeTransferFailed")
        .withArgs(partyAddress, offer.price);
      await expect(
        party.execute(transfer, transfer.interface.encodeFunctionData("withdraw", [offer, accounts.carol.address])),
      ).to.changeEtherBalance(ethers, accounts.carol, offer.price);
    });

    it("a payee that accepts the coin again is paid", async function () {
      const fixture = await load();
      const { transfer, party } = fixture;
      const { offer } = await settledSaleByParty(fixture);
      const withdrawal = transfer.interface.encodeFunctionData("withdraw", [offer, await party.getAddress()]);
      await party.setMode(Mode.Refuse);
      await expect(party.execute(transfer, withdrawal)).to.be.revertedWithCustomError(
        transfer,
        "OwnershipTransferNativeTransferFailed",
      );
      await party.setMode(Mode.Accept);
      await expect(party.execute(transfer, withdrawal)).to.changeEtherBalance(ethers, party, offer.price);
    });
  });

  describe("front-running", function () {
    it("a third party cannot accept someone else's offer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      await expect(transfer.connect(accounts.carol).acceptOffer(offer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnauthorizedParty")
        .withArgs(offerId, accounts.carol.address);
      const forCarol = { ...offer, buyer: accounts.carol.address };
      await expect(transfer.connect(accounts.carol).acceptOffer(forCarol, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferUnexpectedStatus")
        .withArgs(await transfer.hashOffer(forCarol), OfferStatus.None);
    });

    it("the seller cannot raise the price under a pending acceptance: the new price is a new offer", async function () {
      const fixture = await load();
      const { transfer, accounts } = fixture;
      const { offer, offerId } = await open(fixture);
      const dearer = { ...offer, price: 2n * offer.price };
      const dearerId = await transfer.hashOffer(dearer);
      expect(dearerId).to.not.equal(offerId);

      const slow = { gasLimit: 500_000n, maxFeePerGas: parseUnits("100", "gwei"), maxPriorityFeePerGas: 1n };
      const fast = { ...slow, maxPriorityFeePerGas: parseUnits("50", "gwei") };
      const bobBefore = await ethers.provider.getBalance(accounts.bob);
      await ethers.provider.send("evm_setAutomine", [false]);
      let hashes: string[];
      try {
        const accept = await transfer.connect(accounts.bob).acceptOffer(offer, { ...slow, value: offer.price });
        const cancel = await transfer.connect(accounts.alice).cancelOffer(offer, fast);
        const reopen = await transfer.connect(accounts.alice).openOffer(dearer, fast);
        hashes = [accept.hash, cancel.hash, reopen.hash];
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const [accepted, cancelled, reopened] = await Promise.all(
        hashes.map((hash) => ethers.provider.getTransactionReceipt(hash)),
      );
      expect([cancelled!.status, reopened!.status, accepted!.status]).to.deep.equal([1, 1, 0]);
      expect(accepted!.blockNumber).to.equal(cancelled!.blockNumber);
      expect(accepted!.index).to.be.greaterThan(reopened!.index);
      expect(await ethers.provider.getBalance(accounts.bob)).to.equal(bobBefore - accepted!.fee);

      const state = await transfer.offerState(offerId);
      expect([state.status, state.deposited]).to.deep.equal([OfferStatus.Cancelled, false]);
      await expect(transfer.connect(accounts.bob).acceptOffer(dearer, { value: offer.price }))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferWrongPayment")
        .withArgs(dearerId, dearer.price, offer.price);
    });
  });

  describe("pause", function () {
    it("a guardian pause stops every write of the transfer contract but reads and withdrawals go on", async function () {
      const fixture = await load();
      const { transfer, property, authority, accounts, parcelId } = fixture;
      const settled = await completeSale(ethers, fixture, parcelId, accounts.alice, accounts.bob);
      const pending = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.bob.address,
        buyer: accounts.carol.address,
      });
      await transfer.connect(accounts.bob).openOffer(pending);
      const signature = await accounts.bob.signTypedData(
        await offerDomain(ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(ethers, { ...pending, nonce: 1n }),
      );
      const recovery = transfer.interface.encodeFunctionData("recoverKeys", [
        await property.getAddress(),
        accounts.bob.address,
        accounts.carol.address,
        [parcelId],
        BASIS,
      ]);
      await authority.connect(accounts.recoveryOfficer).schedule(transfer, recovery, 0);
      await time.increase(TEST_DELAYS.recovery);

      await expect(transfer.connect(accounts.guardian).pause())
        .to.emit(transfer, "Paused")
        .withArgs(accounts.guardian.address);

      const writes = [
        () =>
          transfer
            .connect(accounts.admin)
            .setRegistryPolicy(property, { enabled: false, approvalRequired: false, approverRole: 0n }),
        () => transfer.connect(accounts.bob).openOffer({ ...pending, nonce: 2n }),
        () => transfer.openOfferBySig({ ...pending, nonce: 1n }, signature),
        () => transfer.connect(accounts.bob).cancelOffer(pending),
        () => transfer.connect(accounts.carol).acceptOffer(pending, { value: pending.price }),
        () => transfer.connect(accounts.landRegistrar).approveOffer(pending),
        () => transfer.connect(accounts.landRegistrar).rejectOffer(pending, REASON),
        () => transfer.settleOffer(pending),
        () => transfer.connect(accounts.courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, BASIS),
        () => authority.connect(accounts.recoveryOfficer).execute(transfer, recovery),
      ];
      for (const write of writes) {
        await expect(write()).to.be.revertedWithCustomError(transfer, "EnforcedPause");
      }

      expect(await transfer.paused()).to.equal(true);
      expect(await transfer.version()).to.equal("1.0.0");
      expect(await transfer.MAX_RECOVERY_RECORDS()).to.equal(50n);
      expect((await transfer.registryPolicy(property)).enabled).to.equal(true);
      const pendingId = await transfer.hashOffer(pending);
      expect((await transfer.offerState(pendingId)).status).to.equal(OfferStatus.Open);

      await expect(transfer.connect(accounts.alice).withdraw(settled, accounts.alice)).to.changeEtherBalances(
        ethers,
        [transfer, accounts.alice],
        [-settled.price, settled.price],
      );

      await expect(transfer.connect(accounts.guardian).pause()).to.be.revertedWithCustomError(
        transfer,
        "EnforcedPause",
      );
      await expect(transfer.connect(accounts.guardian).unpause())
        .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
        .withArgs(accounts.guardian.address);
      await expect(transfer.connect(accounts.admin).unpause())
        .to.emit(transfer, "Unpaused")
        .withArgs(accounts.admin.address);
      await expect(transfer.connect(accounts.admin).unpause()).to.be.revertedWithCustomError(transfer, "ExpectedPause");
      await expect(transfer.connect(accounts.carol).acceptOffer(pending, { value: pending.price })).to.emit(
        transfer,
        "OfferAccepted",
      );
      await transfer.connect(accounts.landRegistrar).rejectOffer(pending, REASON);
      await transfer.connect(accounts.carol).withdraw(pending, accounts.carol);
    });

    it("nobody but a guardian pauses the transfer contract", async function () {
      const { transfer, accounts } = await load();
      for (const caller of [accounts.outsider, accounts.admin, accounts.courtOfficer]) {
        await expect(transfer.connect(caller).pause())
          .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("a paused land register holds up settlement, not the buyer's refund after the deadline", async function () {
      const fixture = await load();
      const { transfer, property, accounts, parcelId } = fixture;
      const offer = await buildOffer(ethers, fixture, {
        recordId: parcelId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
      });
      await transfer.connect(accounts.alice).openOffer(offer);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await transfer.connect(accounts.landRegistrar).approveOffer(offer);
      await property.connect(accounts.guardian).pause();
      await expect(transfer.settleOffer(offer)).to.be.revertedWithCustomError(property, "EnforcedPause");
      await time.increaseTo(offer.deadline + 1n);
      await transfer.expireOffer(offer);
      await expect(transfer.connect(accounts.bob).withdraw(offer, accounts.bob)).to.changeEtherBalance(
        ethers,
        accounts.bob,
        offer.price,
      );
    });
  });
});
