import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import { TEST_DELAYS, deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** AccessManager's minimum setback: a longer grant or admin delay takes effect this long after it is set. */
const MIN_SETBACK = 5 * 24 * 3600;

/** The suite once the delays set at deployment are in force, with a title of alice's. */
async function delayedFixture() {
  const suite = await deploySuite(connection);
  await time.increase(MIN_SETBACK);
  await suite.property
    .connect(suite.accounts.landRegistrar)
    .registerTitle("UT-0900/2024", suite.accounts.alice, id("deed"), "");
  return { ...suite, parcelId: await suite.property.parcelIdOf("UT-0900/2024") };
}

describe("Authority delays", function () {
  it("every role that moves records or code has a grant delay at least as long as its execution delay", async function () {
    const { authority } = await networkHelpers.loadFixture(delayedFixture);
    expect(await authority.getRoleGrantDelay(Roles.UPGRADER)).to.equal(TEST_DELAYS.upgrade);
    for (const role of [Roles.RECOVERY_OFFICER, Roles.COURT_OFFICER, Roles.TRANSFER_AGENT]) {
      expect(await authority.getRoleGrantDelay(role)).to.equal(TEST_DELAYS.recovery);
    }
  });

  it("ADMIN's changes to each contract's wiring wait the upgrade delay", async function () {
    const { authority, property, transfer, diplomas, companies } = await networkHelpers.loadFixture(delayedFixture);
    for (const target of [property, transfer, diplomas, companies]) {
      expect(await authority.getTargetAdminDelay(target)).to.equal(TEST_DELAYS.upgrade);
    }
  });

  it("ADMIN granting itself UPGRADER after giving upgrades up cannot upgrade before both delays", async function () {
    const { authority, property, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, upgrader } = accounts;
    await authority.connect(admin).revokeRole(Roles.UPGRADER, upgrader);
    await authority.connect(admin).grantRole(Roles.UPGRADER, admin, TEST_DELAYS.upgrade);
    const implementation = await ethers.deployContract("PropertyRegistry");
    const upgrade = property.interface.encodeFunctionData("upgradeToAndCall", [
      await implementation.getAddress(),
      "0x",
    ]);
    const [isMember] = await authority.hasRole(Roles.UPGRADER, admin);
    expect(isMember).to.equal(false);
    await expect(authority.connect(admin).schedule(property, upgrade, 0))
      .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCall")
      .withArgs(admin.address, await property.getAddress(), upgrade.slice(0, 10));
    await expect(property.connect(admin).upgradeToAndCall(implementation, "0x"))
      .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
      .withArgs(admin.address);
  });

  it("ADMIN granting itself COURT_OFFICER cannot move a title before the grant delay", async function () {
    const { authority, transfer, property, accounts, parcelId } = await networkHelpers.loadFixture(delayedFixture);
    const { admin } = accounts;
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, 0);
    await expect(transfer.connect(admin).executeCourtOrder(property, parcelId, admin, id("forged order")))
      .to.be.revertedWithCustomError(transfer, "AccessManagedUnauthorized")
      .withArgs(admin.address);
    await time.increase(TEST_DELAYS.recovery);
    await expect(transfer.connect(admin).executeCourtOrder(property, parcelId, admin, id("order"))).to.emit(
      transfer,
      "CourtOrderExecuted",
    );
  });

  it("ADMIN granting TRANSFER_AGENT to itself cannot change an owner directly before the grant delay", async function () {
    const { authority, property, accounts, parcelId } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, alice } = accounts;
    await authority.connect(admin).grantRole(Roles.TRANSFER_AGENT, admin, 0);
    await expect(property.connect(admin).changeOwner(parcelId, alice, admin, 2, id("forged order"), id("none")))
      .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
      .withArgs(admin.address);
  });

  it("closing a contract waits the admin delay: ADMIN schedules it first", async function () {
    const { authority, transfer, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin } = accounts;
    const close = authority.interface.encodeFunctionData("setTargetClosed", [await transfer.getAddress(), true]);
    await expect(authority.connect(admin).setTargetClosed(transfer, true))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
      .withArgs(await authority.hashOperation(admin, authority, close));
    await authority.connect(admin).schedule(authority, close, 0);
    await time.increase(TEST_DELAYS.upgrade);
    await authority.connect(admin).execute(authority, close);
    expect(await authority.isTargetClosed(transfer)).to.equal(true);
  });
});
