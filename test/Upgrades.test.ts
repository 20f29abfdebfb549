import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import { id } from "ethers";
import hre, { network } from "hardhat";

import { Roles } from "../src/roles.js";
import { PropertyRegistryV2Mock__factory } from "../types/ethers-contracts/index.js";
import { deploySuite, setClosedAfterDelay, TEST_DELAYS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function suiteFixture() {
  return deploySuite(connection);
}

async function withTitleFixture() {
  const suite = await deploySuite(connection);
  const { property, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle("UT-0001", accounts.alice.address, id("deed"), "");
  const v2Implementation = await (await ethers.getContractFactory("PropertyRegistryV2Mock")).deploy();
  const upgradeData = property.interface.encodeFunctionData("upgradeToAndCall", [
    await v2Implementation.getAddress(),
    v2Implementation.interface.encodeFunctionData("initializeV2"),
  ]);
  return { ...suite, v2Implementation, upgradeData, parcelId: BigInt(id("UT-0001")) };
}

const GOVERNED = ["PropertyRegistry", "OwnershipTransfer", "CitizenRegistry", "Elections"] as const;

describe("upgrades and emergency stop", function () {
  describe("storage layout", function () {
    for (const name of GOVERNED) {
      it(`${name} is a valid UUPS implementation`, async function () {
        const api = await upgrades(hre, connection);
        await api.validateImplementation(await ethers.getContractFactory(name), { kind: "uups" });
      });
    }

    it("accepts an upgrade that keeps the namespaced layout", async function () {
      const api = await upgrades(hre, connection);
      await api.validateUpgrade(
        await ethers.getContractFactory("PropertyRegistry"),
        await ethers.getContractFactory("PropertyRegistryV2Mock"),
        { kind: "uups" },
      );
    });

    it("refuses an upgrade that drops a storage namespace", async function () {
      const api = await upgrades(hre, connection);
      const refusal = await api
        .validateUpgrade(
          await ethers.getContractFactory("PropertyRegistry"),
          await ethers.getContractFactory("OwnershipTransfer"),
          { kind: "uups" },
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(String(refusal)).to.match(/New storage layout is incompatible|Deleted namespace/);
    });
  });

  describe("upgrade through the authority", function () {
    it("an implementation cannot be initialised directly", async function () {
      const { property, accounts } = await networkHelpers.loadFixture(suiteFixture);
      const implementation = await (await ethers.getContractFactory("PropertyRegistry")).deploy();
      await expect(implementation.initialize(await property.authority(), "x", "y", "")).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
      await expect(
        property.connect(accounts.outsider).initialize(await property.authority(), "x", "y", ""),
      ).to.be.revertedWithCustomError(property, "InvalidInitialization");
    });

    it("an upgrader cannot upgrade without waiting for the delay", async function () {
      const { property, authority, accounts, v2Implementation } = await networkHelpers.loadFixture(withTitleFixture);
      await expect(
        property.connect(accounts.upgrader).upgradeToAndCall(await v2Implementation.getAddress(), "0x"),
      ).to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled");
    });

    it("a non-upgrader cannot schedule an upgrade", async function () {
      const { property, authority, accounts, upgradeData } = await networkHelpers.loadFixture(withTitleFixture);
      await expect(authority.connect(accounts.admin).schedule(await property.getAddress(), upgradeData, 0))
        .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCall")
        .withArgs(accounts.admin.address, await property.getAddress(), upgradeData.slice(0, 10));
    });

    it("a scheduled upgrade runs after a week and keeps every record", async function () {
      const { property, authority, accounts, upgradeData, parcelId } =
        await networkHelpers.loadFixture(withTitleFixture);
      const target = await property.getAddress();
      await authority.connect(accounts.upgrader).schedule(target, upgradeData, 0);
      await expect(authority.connect(accounts.upgrader).execute(target, upgradeData)).to.be.revertedWithCustomError(
        authority,
        "AccessManagerNotReady",
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      await expect(authority.connect(accounts.upgrader).execute(target, upgradeData)).to.emit(property, "Upgraded");
      const upgraded = PropertyRegistryV2Mock__factory.connect(target, accounts.outsider);
      expect(await upgraded.upgradedToV2()).to.equal(true);
      await expect(upgraded.initializeV2()).to.be.revertedWithCustomError(upgraded, "InvalidInitialization");
      expect(await upgraded.ownerOf(parcelId)).to.equal(accounts.alice.address);
      expect((await upgraded.titleOf(parcelId)).documentHash).to.equal(id("deed"));
    });

    it("a guardian cancels a scheduled upgrade", async function () {
      const { property, authority, accounts, upgradeData } = await networkHelpers.loadFixture(withTitleFixture);
      const target = await property.getAddress();
      await authority.connect(accounts.upgrader).schedule(target, upgradeData, 0);
      await expect(authority.connect(accounts.guardian).cancel(accounts.upgrader.address, target, upgradeData)).to.emit(
        authority,
        "OperationCanceled",
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      await expect(authority.connect(accounts.upgrader).execute(target, upgradeData)).to.be.revertedWithCustomError(
        authority,
        "AccessManagerNotScheduled",
      );
    });

    it("an admin can give up upgrades for good by revoking UPGRADER", async function () {
      const { property, authority, accounts, upgradeData } = await networkHelpers.loadFixture(withTitleFixture);
      await authority.connect(accounts.admin).revokeRole(Roles.UPGRADER, accounts.upgrader.address);
      await expect(authority.connect(accounts.upgrader).schedule(await property.getAddress(), upgradeData, 0))
        .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCall")
        .withArgs(accounts.upgrader.address, await property.getAddress(), upgradeData.slice(0, 10));
    });
  });

  describe("emergency stop", function () {
    it("a guardian closes writes, reads go on, and only an admin reopens", async function () {
      const { property, accounts } = await networkHelpers.loadFixture(withTitleFixture);
      await expect(property.connect(accounts.guardian).pause())
        .to.emit(property, "Paused")
        .withArgs(accounts.guardian.address);
      await expect(
        property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob.address, id("deed2"), ""),
      ).to.be.revertedWithCustomError(property, "EnforcedPause");
      expect(await property.ownerOf(BigInt(id("UT-0001")))).to.equal(accounts.alice.address);
      await expect(property.connect(accounts.guardian).unpause())
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.guardian.address);
      await expect(property.connect(accounts.admin).unpause())
        .to.emit(property, "Unpaused")
        .withArgs(accounts.admin.address);
      await expect(
        property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob.address, id("deed2"), ""),
      ).to.emit(property, "TitleRegistered");
    });

    it("pausing twice or unpausing an open contract reverts", async function () {
      const { transfer, accounts } = await networkHelpers.loadFixture(suiteFixture);
      await expect(transfer.connect(accounts.admin).unpause()).to.be.revertedWithCustomError(transfer, "ExpectedPause");
      await transfer.connect(accounts.guardian).pause();
      await expect(transfer.connect(accounts.guardian).pause()).to.be.revertedWithCustomError(
        transfer,
        "EnforcedPause",
      );
    });

    it("an admin can close a whole contract in the authority", async function () {
      const { property, authority, accounts } = await networkHelpers.loadFixture(withTitleFixture);
      await setClosedAfterDelay(connection, { authority, admin: accounts.admin }, await property.getAddress(), true);
      await expect(
        property.connect(accounts.landRegistrar).registerTitle("UT-0002", accounts.bob.address, id("deed2"), ""),
      )
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.landRegistrar.address);
      expect(await property.ownerOf(BigInt(id("UT-0001")))).to.equal(accounts.alice.address);
    });
  });
});
