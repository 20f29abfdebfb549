import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import { getCreateAddress, id, parseEther } from "ethers";
import hre, { network } from "hardhat";

import { registerCompany } from "../../src/actions/company.js";
import { pauseContract, unpauseContract } from "../../src/actions/emergency.js";
import { addLien, consentToSale, registerTitle, withdrawConsent } from "../../src/actions/property.js";
import { showFunction } from "../../src/actions/roles.js";
import { scheduleUpgrade } from "../../src/actions/suite.js";
import { acceptOffer, approveOffer, executeCourtOrder, openOffer, settleOffer } from "../../src/actions/transfer.js";
import {
  ContractRevertError,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  UnauthorizedPartyError,
  UpgradeNotSafeError,
} from "../../src/errors.js";
import { Roles } from "../../src/roles.js";
import { findOffer } from "../../src/sdk/reads.js";
import { companyIdOf, parcelIdOf } from "../../src/vocabulary.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";
import { TEST_DELAYS, scheduleClosed, setClosedAfterDelay } from "../helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function flowsFixture() {
  const fixture = await deployAdminSuite(connection);
  const { suite, accounts } = fixture;
  await registerTitle({
    suite,
    signer: accounts.landRegistrar,
    cadastralReference: "UT-1",
    owner: accounts.alice.address,
    documentHash: id("deed 1"),
  });
  await registerTitle({
    suite,
    signer: accounts.landRegistrar,
    cadastralReference: "UT-2",
    owner: accounts.alice.address,
    documentHash: id("deed 2"),
  });
  return fixture;
}

type Fixture = Awaited<ReturnType<typeof flowsFixture>>;

/** The error an action rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("the action succeeded"),
    (error: unknown) => error as Error,
  );
}

/** Alice offers a record to Bob for 19 ETH; Bob accepts and pays; the registry's approver approves. */
async function approvedSale({ suite, accounts }: Fixture, registryName: "PropertyRegistry" | "CompanyRegistry") {
  const registry = registryName === "PropertyRegistry" ? suite.propertyRegistry : suite.companyRegistry;
  const recordId =
    registryName === "PropertyRegistry"
      ? parcelIdOf({ cadastralReference: "UT-1" })
      : companyIdOf({ companyNumber: "HRB-1" });
  const opened = await openOffer({
    suite,
    signer: accounts.alice,
    registry: await registry.getAddress(),
    recordId,
    buyer: accounts.bob.address,
    price: parseEther("19"),
    deadline: (await networkHelpers.time.latest()) + 3600,
    deedHash: id("sale deed"),
  });
  await acceptOffer({ suite, signer: accounts.bob, offerId: opened.offerId });
  const approver = registryName === "PropertyRegistry" ? accounts.landRegistrar : accounts.companyRegistrar;
  await approveOffer({ suite, signer: approver, offerId: opened.offerId });
  return opened.offerId;
}

describe("agency flows", function () {
  describe("emergency stop", function () {
    it("a guardian pauses a contract, a dry run sends nothing, and only ADMIN unpauses it", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(flowsFixture);
      const nonce = await ethers.provider.getTransactionCount(accounts.guardian.address);
      const planned = await pauseContract({
        suite,
        signer: accounts.guardian,
        mode: "dry-run",
        contract: "PropertyRegistry",
      });
      expect(planned.transactions.map((transaction) => transaction.function)).to.deep.equal(["pause()"]);
      expect(await ethers.provider.getTransactionCount(accounts.guardian.address)).to.equal(nonce);
      expect(await suite.propertyRegistry.paused()).to.equal(false);

      const outsider = await rejection(pauseContract({ suite, signer: accounts.alice, contract: "PropertyRegistry" }));
      expect(outsider).to.be.instanceOf(MissingRoleError);
      expect((outsider as MissingRoleError).role).to.equal("GUARDIAN");

      await pauseContract({ suite, signer: accounts.guardian, contract: "PropertyRegistry" });
      expect(await suite.propertyRegistry.paused()).to.equal(true);
      const again = await rejection(pauseContract({ suite, signer: accounts.guardian, contract: "PropertyRegistry" }));
      expect(again).to.be.instanceOf(InvalidStateError);
      expect((again as InvalidStateError).state).to.equal("paused already");

      const byGuardian = await rejection(
        unpauseContract({ suite, signer: accounts.guardian, contract: "PropertyRegistry" }),
      );
      expect((byGuardian as MissingRoleError).role).to.equal("ADMIN");
      await unpauseContract({ suite, signer: accounts.admin, contract: "PropertyRegistry" });
      expect(await suite.propertyRegistry.paused()).to.equal(false);
      const notPaused = await rejection(
        unpauseContract({ suite, signer: accounts.admin, contract: "PropertyRegistry" }),
      );
      expect((notPaused as InvalidStateError).state).to.equal("not paused");
      const authority = await rejection(
        pauseContract({ suite, signer: accounts.guardian, contract: "GovernmentAuthority" }),
      );
      expect(authority).to.be.instanceOf(InvalidInputError);
      expect((authority as InvalidInputError).reason).to.match(/^GovernmentAuthority cannot be paused/);
    });

    it("settling while the registry is paused names the paused registry, not a bare EnforcedPause", async function () {
      const fixture = await networkHelpers.loadFixture(flowsFixture);
      const { suite, accounts } = fixture;
      const offerId = await approvedSale(fixture, "PropertyRegistry");
      await pauseContract({ suite, signer: accounts.guardian, contract: "PropertyRegistry" });
      const error = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect(error).to.be.instanceOf(InvalidStateError);
      expect((error as InvalidStateError).shortMessage).to.equal(
        "contract PropertyRegistry is paused: a GUARDIAN paused its writes; ADMIN reopens them with `suite unpause --contract PropertyRegistry`",
      );
    });

    it("settling after ADMIN took TRANSFER_AGENT from the transfer contract names the missing wiring and its repair", async function () {
      const fixture = await networkHelpers.loadFixture(flowsFixture);
      const { suite, accounts } = fixture;
      const offerId = await approvedSale(fixture, "PropertyRegistry");
      const transfer = await suite.ownershipTransfer.getAddress();
      await suite.authority.connect(accounts.admin).revokeRole(Roles.TRANSFER_AGENT, transfer);
      const nonce = await ethers.provider.getTransactionCount(accounts.carol.address);
      const error = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect(error).to.be.instanceOf(InvalidStateError);
      expect((error as InvalidStateError).shortMessage).to.equal(
        "contract OwnershipTransfer is without TRANSFER_AGENT: the suite's wiring gives it TRANSFER_AGENT to call the " +
          `other contracts, and the call was refused; ADMIN restores it with \`roles grant --role TRANSFER_AGENT --account ${transfer}\``,
      );
      expect(await ethers.provider.getTransactionCount(accounts.carol.address), "nothing sent").to.equal(nonce);

      // Granted again, the role waits its grant delay: the refusal says when it takes effect, not to grant it again.
      await suite.authority.connect(accounts.admin).grantRole(Roles.TRANSFER_AGENT, transfer, 0);
      const [since] = await suite.authority.getAccess(Roles.TRANSFER_AGENT, transfer);
      expect(since).to.be.greaterThan(BigInt(await networkHelpers.time.latest()));
      const waiting = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect((waiting as InvalidStateError).shortMessage).to.equal(
        "contract OwnershipTransfer is waiting for TRANSFER_AGENT: the suite's wiring gives it TRANSFER_AGENT to call " +
          `the other contracts, and its grant takes effect only at ${new Date(Number(since) * 1000).toISOString()}`,
      );
    });

    it("settling while the registry is closed in the authority names the closed registry and who reopens it", async function () {
      const fixture = await networkHelpers.loadFixture(flowsFixture);
      const { suite, accounts } = fixture;
      const close = await scheduleClosed(
        { authority: suite.authority, admin: accounts.admin },
        await suite.propertyRegistry.getAddress(),
        true,
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      const offerId = await approvedSale(fixture, "PropertyRegistry");
      await close();
      const error = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect((error as InvalidStateError).shortMessage).to.equal(
        "contract PropertyRegistry is closed: the authority closed it (setTargetClosed); only ADMIN can reopen it, with setTargetClosed(PropertyRegistry, false)",
      );
    });
  });

  describe("lien-holder consent", function () {
    it("a sale of a parcel with a lien settles once the holder consents to that very offer", async function () {
      const fixture = await networkHelpers.loadFixture(flowsFixture);
      const { suite, accounts } = fixture;
      const lien = await addLien({
        suite,
        signer: accounts.landRegistrar,
        parcel: "UT-1",
        holder: accounts.bank.address,
        documentHash: id("mortgage"),
      });
      const lienId = lien.lienId!;
      const offerId = await approvedSale(fixture, "PropertyRegistry");
      const missing = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect(missing).to.be.instanceOf(InvalidStateError);
      expect((missing as InvalidStateError).shortMessage).to.equal(
        `parcel ${id("UT-1")} is encumbered by lien ${lienId}: the lien holder has not consented to offer ${offerId}`,
      );
      expect(((missing as InvalidStateError).cause as ContractRevertError).errorName).to.equal(
        "PropertyRegistryLienConsentMissing",
      );

      const notHolder = await rejection(consentToSale({ suite, signer: accounts.alice, lienId, offerId }));
      expect(notHolder).to.be.instanceOf(UnauthorizedPartyError);
      const other = await openOffer({
        suite,
        signer: accounts.alice,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: parcelIdOf({ cadastralReference: "UT-2" }),
        buyer: accounts.bob.address,
        price: 1n,
        deadline: (await networkHelpers.time.latest()) + 3600,
        deedHash: id("other deed"),
      });
      const wrongParcel = await rejection(
        consentToSale({ suite, signer: accounts.bank, lienId, offerId: other.offerId }),
      );
      expect(wrongParcel).to.be.instanceOf(InvalidInputError);
      expect((wrongParcel as InvalidInputError).field).to.equal("offerId");

      const nonce = await ethers.provider.getTransactionCount(accounts.bank.address);
      await consentToSale({ suite, signer: accounts.bank, lienId, offerId, mode: "dry-run" });
      expect(await ethers.provider.getTransactionCount(accounts.bank.address)).to.equal(nonce);
      const consented = await consentToSale({ suite, signer: accounts.bank, lienId, offerId });
      expect(consented.replacedOfferId).to.equal(null);
      expect((await suite.propertyRegistry.lienOf(lienId)).consentOfferId).to.equal(offerId);
      const twice = await rejection(consentToSale({ suite, signer: accounts.bank, lienId, offerId }));
      expect((twice as InvalidStateError).state).to.equal("consenting already");

      await settleOffer({ suite, signer: accounts.carol, offerId });
      expect(await suite.propertyRegistry.ownerOf(parcelIdOf({ cadastralReference: "UT-1" }))).to.equal(
        accounts.bob.address,
      );
    });

    it("a withdrawn consent stops the sale, and there is nothing left to withdraw", async function () {
      const fixture = await networkHelpers.loadFixture(flowsFixture);
      const { suite, accounts } = fixture;
      const lien = await addLien({
        suite,
        signer: accounts.landRegistrar,
        parcel: "UT-1",
        holder: accounts.bank.address,
        documentHash: id("mortgage"),
      });
      const lienId = lien.lienId!;
      const offerId = await approvedSale(fixture, "PropertyRegistry");
      const none = await rejection(withdrawConsent({ suite, signer: accounts.bank, lienId }));
      expect((none as InvalidStateError).state).to.equal("without consent");
      await consentToSale({ suite, signer: accounts.bank, lienId, offerId });
      const withdrawn = await withdrawConsent({ suite, signer: accounts.bank, lienId });
      expect(withdrawn.offerId).to.equal(offerId);
      expect((await suite.propertyRegistry.lienOf(lienId)).consentOfferId).to.equal(ethers.ZeroHash);
      const stopped = await rejection(settleOffer({ suite, signer: accounts.carol, offerId }));
      expect(((stopped as InvalidStateError).cause as ContractRevertError).errorName).to.equal(
        "PropertyRegistryLienConsentMissing",
      );
    });
  });

  describe("a company's controlling stake", function () {
    async function companyFixture() {
      const fixture = await flowsFixture();
      await registerCompany({
        suite: fixture.suite,
        signer: fixture.accounts.companyRegistrar,
        companyNumber: "HRB-1",
        name: "Beispiel GmbH",
        legalForm: "2HBR",
        jurisdiction: "DE",
        registeredAddressHash: id("office"),
        owner: fixture.accounts.alice.address,
        documentHash: id("articles"),
      });
      return fixture;
    }

    it("is sold through OwnershipTransfer, approved by the business register, and moved by court order", async function () {
      const fixture = await networkHelpers.loadFixture(companyFixture);
      const { suite, accounts } = fixture;
      const companyId = companyIdOf({ companyNumber: "HRB-1" });
      const offerId = await approvedSale(fixture, "CompanyRegistry");
      expect((await findOffer({ suite, offerId })).registryName).to.equal("CompanyRegistry");
      await settleOffer({ suite, signer: accounts.carol, offerId });
      const companies = suite.companyRegistry;
      expect(await companies.ownerOf(companyId)).to.equal(accounts.bob.address);
      await executeCourtOrder({
        suite,
        signer: accounts.courtOfficer,
        registry: await companies.getAddress(),
        recordId: companyId,
        recordLabel: "HRB-1",
        to: accounts.carol.address,
        basis: id("inheritance"),
      });
      expect(await companies.ownerOf(companyId)).to.equal(accounts.carol.address);
    });
  });

  describe("who may call a function", function () {
    it("settleOffer is open to anyone once approved; pause belongs to GUARDIAN holders", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(flowsFixture);
      const settle = await showFunction({ suite, contract: "OwnershipTransfer", function: "settleOffer" });
      expect(settle.role).to.equal("NONE");
      expect(settle.whoMayCall).to.equal(
        "anyone, once the offer is approved (or accepted when no approval is required) (the authority does not restrict it)",
      );
      expect(settle.members).to.deep.equal([]);
      const pause = await showFunction({ suite, contract: "PropertyRegistry", function: "pause" });
      expect(pause.role).to.equal("GUARDIAN");
      expect(pause.whoMayCall).to.equal("holders of GUARDIAN");
      expect(pause.members.map((member) => member.account)).to.deep.equal([accounts.guardian.address]);
    });
  });
});

describe("suite upgrade checks", function () {
  async function importedFixture() {
    const fixture = await flowsFixture();
    const api = await upgrades(hre, connection);
    await api.forceImport(
      await fixture.suite.propertyRegistry.getAddress(),
      await ethers.getContractFactory("PropertyRegistry"),
      { kind: "uups" },
    );
    return fixture;
  }

  it("a storage-incompatible implementation is refused with OpenZeppelin's full report", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(importedFixture);
    const error = await rejection(
      scheduleUpgrade({
        suite,
        signer: accounts.upgrader,
        mode: "dry-run",
        hre,
        connection,
        contract: "PropertyRegistry",
        artifact: "CompanyRegistry",
      }),
    );
    expect(error).to.be.instanceOf(UpgradeNotSafeError);
    const { report, shortMessage } = error as UpgradeNotSafeError;
    expect(shortMessage).to.match(/^implementation CompanyRegistry is not upgrade-safe: /);
    expect(report).to.not.equal("");
    expect(report).to.not.include(shortMessage.slice(shortMessage.indexOf(": ") + 2));
    expect(report).to.match(/Deleted namespace `erc7201:/);
  });

  it("a dry run schedules nothing and computes the operation id with the implementation's predicted address", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(importedFixture);
    const proxy = await suite.propertyRegistry.getAddress();
    const nonce = await ethers.provider.getTransactionCount(accounts.upgrader.address);
    const result = await scheduleUpgrade({
      suite,
      signer: accounts.upgrader,
      mode: "dry-run",
      hre,
      connection,
      contract: "PropertyRegistry",
      artifact: "PropertyRegistryV2Mock",
    });
    expect(result.implementation).to.equal(null);
    const predicted = getCreateAddress({ from: accounts.upgrader.address, nonce });
    expect(result.predictedImplementation).to.equal(predicted);
    const data = suite.propertyRegistry.interface.encodeFunctionData("upgradeToAndCall", [predicted, "0x"]);
    expect(result.operationId).to.equal(await suite.authority.hashOperation(accounts.upgrader.address, proxy, data));
    expect(await suite.authority.getSchedule(result.operationId)).to.equal(0n);
    expect(await ethers.provider.getTransactionCount(accounts.upgrader.address)).to.equal(nonce);

    await setClosedAfterDelay(connection, { authority: suite.authority, admin: accounts.admin }, proxy, true);
    const closed = await rejection(
      scheduleUpgrade({
        suite,
        signer: accounts.upgrader,
        mode: "dry-run",
        hre,
        connection,
        contract: "PropertyRegistry",
        artifact: "PropertyRegistryV2Mock",
      }),
    );
    expect((closed as InvalidStateError).shortMessage).to.equal(
      "contract PropertyRegistry is closed: the authority closed it (setTargetClosed); only ADMIN can reopen it, with setTargetClosed(PropertyRegistry, false)",
    );
  });
});
