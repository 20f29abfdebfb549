import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { DEFAULT_REVIEW_PERIOD, DefaultDelays, Roles } from "../src/roles.js";
import { TEST_DELAYS, deploySuite } from "./helpers/fixture.js";
import { roleMembers } from "./helpers/roleMembers.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

/** The suite right after its deployment (its delays are in force from the first block), with a title of alice's. */
async function delayedFixture() {
  const suite = await deploySuite(connection);
  await suite.property
    .connect(suite.accounts.landRegistrar)
    .registerTitle("UT-0900/2024", suite.accounts.alice, id("deed"), "");
  return { ...suite, parcelId: await suite.property.parcelIdOf("UT-0900/2024") };
}

/** The suite deployed with the deploy command's default delays. */
async function defaultDelaysFixture() {
  return deploySuite(connection, {});
}

describe("Authority delays", function () {
  it("every role that moves records or code has a grant delay at least as long as its execution delay", async function () {
    const { authority } = await networkHelpers.loadFixture(delayedFixture);
    expect(await authority.getRoleGrantDelay(Roles.UPGRADER)).to.equal(TEST_DELAYS.upgrade);
    for (const role of [Roles.RECOVERY_OFFICER, Roles.COURT_OFFICER, Roles.TRANSFER_AGENT]) {
      expect(await authority.getRoleGrantDelay(role)).to.equal(TEST_DELAYS.recovery);
    }
  });

  it("the roles that make a census or open a poll wait longer to be granted than a poll's review period", async function () {
    const { authority } = await networkHelpers.loadFixture(delayedFixture);
    for (const role of [Roles.CIVIL_REGISTRAR, Roles.ELECTION_OFFICER]) {
      expect(await authority.getRoleGrantDelay(role)).to.equal(TEST_DELAYS.recovery);
    }
    // At least the two days a poll's review lasts at the least.
    expect(TEST_DELAYS.recovery).to.be.greaterThanOrEqual(DEFAULT_REVIEW_PERIOD);
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

describe("Authority delays from the first block", function () {
  /** The recoverKeys call that moves alice's title to `to`, and its selector. */
  async function recovery(suite: Awaited<ReturnType<typeof delayedFixture>>, to: string) {
    const { transfer, property, accounts, parcelId } = suite;
    return transfer.interface.encodeFunctionData("recoverKeys", [
      await property.getAddress(),
      accounts.alice.address,
      to,
      [parcelId],
      id("forged recovery order"),
    ]);
  }

  it("right after the deployment, ADMIN granting itself RECOVERY_OFFICER cannot act before the grant delay", async function () {
    const suite = await networkHelpers.loadFixture(delayedFixture);
    const { authority, transfer, accounts } = suite;
    const { admin } = accounts;
    // In the deployment's own block range: no five-day window in which the configured delays do not bind.
    await authority.connect(admin).grantRole(Roles.RECOVERY_OFFICER, admin, TEST_DELAYS.recovery);
    const granted = await time.latest();
    const [since] = await authority.getAccess(Roles.RECOVERY_OFFICER, admin);
    expect(since).to.equal(granted + TEST_DELAYS.recovery);
    const data = await recovery(suite, admin.address);
    await expect(authority.connect(admin).schedule(transfer, data, 0))
      .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCall")
      .withArgs(admin.address, await transfer.getAddress(), data.slice(0, 10));
    // The last second before the grant takes effect: still not a member; from its first second on, a member.
    await time.increaseTo(since - 1n);
    expect((await authority.hasRole(Roles.RECOVERY_OFFICER, admin))[0]).to.equal(false);
    await time.increaseTo(since);
    expect(await authority.hasRole(Roles.RECOVERY_OFFICER, admin)).to.deep.equal([true, BigInt(TEST_DELAYS.recovery)]);
    // And then only through a schedule, where a guardian can cancel it.
    await expect(authority.connect(admin).schedule(transfer, data, 0)).to.emit(authority, "OperationScheduled");
    await expect(authority.connect(accounts.guardian).cancel(admin, transfer, data)).to.emit(
      authority,
      "OperationCanceled",
    );
  });

  it("right after the deployment, ADMIN granting itself UPGRADER cannot upgrade before the grant and upgrade delays", async function () {
    const { authority, property, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin } = accounts;
    await authority.connect(admin).grantRole(Roles.UPGRADER, admin, TEST_DELAYS.upgrade);
    const implementation = await ethers.deployContract("PropertyRegistry");
    const upgrade = property.interface.encodeFunctionData("upgradeToAndCall", [
      await implementation.getAddress(),
      "0x",
    ]);
    await expect(property.connect(admin).upgradeToAndCall(implementation, "0x"))
      .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
      .withArgs(admin.address);
    await expect(authority.connect(admin).schedule(property, upgrade, 0))
      .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedCall")
      .withArgs(admin.address, await property.getAddress(), upgrade.slice(0, 10));
    await time.increase(TEST_DELAYS.upgrade);
    await authority.connect(admin).schedule(property, upgrade, 0);
    const operationId = await authority.hashOperation(admin, property, upgrade);
    await expect(authority.connect(admin).execute(property, upgrade))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotReady")
      .withArgs(operationId);
  });

  it("a shorter grant delay binds only after the difference, so every grant meanwhile waits the old delay", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, outsider } = accounts;
    expect(await authority.minSetback()).to.equal(0n);
    const tx = await authority.connect(admin).setGrantDelay(Roles.COURT_OFFICER, 0);
    const setAt = await time.latest();
    await expect(tx)
      .to.emit(authority, "RoleGrantDelayChanged")
      .withArgs(Roles.COURT_OFFICER, 0, setAt + TEST_DELAYS.recovery);
    expect(await authority.getRoleGrantDelay(Roles.COURT_OFFICER)).to.equal(TEST_DELAYS.recovery);
    // A grant made at once still waits the old delay.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, outsider, 0);
    const [since] = await authority.getAccess(Roles.COURT_OFFICER, outsider);
    expect(since).to.equal(setAt + 1 + TEST_DELAYS.recovery);
    await time.increaseTo(setAt + TEST_DELAYS.recovery - 1);
    expect(await authority.getRoleGrantDelay(Roles.COURT_OFFICER)).to.equal(TEST_DELAYS.recovery);
    await time.increaseTo(setAt + TEST_DELAYS.recovery);
    expect(await authority.getRoleGrantDelay(Roles.COURT_OFFICER)).to.equal(0n);
  });

  it("a longer delay binds at once, and a shorter admin delay only after the difference", async function () {
    const { authority, transfer, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin } = accounts;
    await authority.connect(admin).setGrantDelay(Roles.LAND_REGISTRAR, 3600);
    expect(await authority.getRoleGrantDelay(Roles.LAND_REGISTRAR)).to.equal(3600n);
    const close = authority.interface.encodeFunctionData("setTargetClosed", [await transfer.getAddress(), true]);
    await authority.connect(admin).setTargetAdminDelay(transfer, 0);
    const setAt = await time.latest();
    expect(await authority.getTargetAdminDelay(transfer)).to.equal(TEST_DELAYS.upgrade);
    await expect(authority.connect(admin).setTargetClosed(transfer, true))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
      .withArgs(await authority.hashOperation(admin, authority, close));
    await time.increaseTo(setAt + TEST_DELAYS.upgrade);
    expect(await authority.getTargetAdminDelay(transfer)).to.equal(0n);
  });
});

describe("Minimum execution delays", function () {
  const DAY = 24 * 3600;

  it("the deployment sets the minimum of each delayed role to its delay", async function () {
    const { authority } = await networkHelpers.loadFixture(delayedFixture);
    expect(await authority.minExecutionDelay(Roles.RECOVERY_OFFICER)).to.equal(TEST_DELAYS.recovery);
    expect(await authority.minExecutionDelay(Roles.UPGRADER)).to.equal(TEST_DELAYS.upgrade);
    expect(await authority.minExecutionDelay(Roles.COURT_OFFICER)).to.equal(TEST_DELAYS.court);
    // Each role counts its members, the deployment's own grants included.
    for (const role of [Roles.RECOVERY_OFFICER, Roles.UPGRADER, Roles.COURT_OFFICER, Roles.ADMIN]) {
      expect(await authority.memberCount(role)).to.equal(1n);
      expect(await roleMembers(authority, role)).to.have.length(1);
    }
  });

  it("with the default delays, ADMIN cannot give itself a court officer's power to move a title unscheduled", async function () {
    const { authority, transfer, property, accounts } = await networkHelpers.loadFixture(defaultDelaysFixture);
    const { admin, courtOfficer, landRegistrar, alice } = accounts;
    expect(DefaultDelays.court).to.be.greaterThan(0);
    expect(await authority.minExecutionDelay(Roles.COURT_OFFICER)).to.equal(DefaultDelays.court);
    // The attack: ADMIN grants itself COURT_OFFICER with no execution delay, waits out the grant delay and moves a
    // title at once, with nothing scheduled that a guardian could cancel. The grant is refused.
    await expect(authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, 0))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, admin.address, 0, DefaultDelays.court);
    // The deployment's own court officer holds the role with the day's delay: a direct order needs a schedule.
    expect(await authority.hasRole(Roles.COURT_OFFICER, courtOfficer)).to.deep.equal([
      true,
      BigInt(DefaultDelays.court),
    ]);
    await property.connect(landRegistrar).registerTitle("UT-0901/2024", alice, id("deed"), "");
    const parcelId = await property.parcelIdOf("UT-0901/2024");
    const order = transfer.interface.encodeFunctionData("executeCourtOrder", [
      await property.getAddress(),
      parcelId,
      admin.address,
      id("order"),
    ]);
    await expect(transfer.connect(courtOfficer).executeCourtOrder(property, parcelId, admin, id("order")))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
      .withArgs(await authority.hashOperation(courtOfficer, transfer, order));
  });

  it("ADMIN cannot grant itself RECOVERY_OFFICER or UPGRADER with an execution delay below the minimum", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin } = accounts;
    await expect(authority.connect(admin).grantRole(Roles.RECOVERY_OFFICER, admin, 0))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.RECOVERY_OFFICER, admin.address, 0, TEST_DELAYS.recovery);
    await expect(authority.connect(admin).grantRole(Roles.UPGRADER, admin, TEST_DELAYS.upgrade - 1))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.UPGRADER, admin.address, TEST_DELAYS.upgrade - 1, TEST_DELAYS.upgrade);
    // Nor lower the delay of an existing member.
    await expect(authority.connect(admin).grantRole(Roles.RECOVERY_OFFICER, accounts.recoveryOfficer, 0))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.RECOVERY_OFFICER, accounts.recoveryOfficer.address, 0, TEST_DELAYS.recovery);
  });

  it("grant then raise: ADMIN holding COURT_OFFICER with no delay cannot raise the minimum over itself, and acts only scheduled", async function () {
    const suite = await networkHelpers.loadFixture(delayedFixture);
    const { authority, transfer, property, accounts, parcelId } = suite;
    const { admin, courtOfficer, guardian } = accounts;
    // The attack: ADMIN grants itself COURT_OFFICER with delay 0 while the role has no minimum, waits out the grant
    // delay, then raises the minimum; were the raise allowed, ADMIN would keep acting at once, unscheduled.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, 0);
    await time.increase(TEST_DELAYS.recovery);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    const members = await roleMembers(authority, Roles.COURT_OFFICER);
    expect(members).to.have.members([admin.address, courtOfficer.address]);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, admin.address, 0, DAY);
    expect(await authority.minExecutionDelay(Roles.COURT_OFFICER)).to.equal(0n);
    // One second short of the minimum is refused too; the delay itself is enough.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, DAY - 1);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, admin.address, DAY - 1, DAY);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, DAY);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, DAY);
    const order = transfer.interface.encodeFunctionData("executeCourtOrder", [
      await property.getAddress(),
      parcelId,
      admin.address,
      id("forged order"),
    ]);
    const selector = order.slice(0, 10);
    expect(await authority.canCall(admin, transfer, selector)).to.deep.equal([false, BigInt(DAY)]);
    for (const caller of [admin, courtOfficer]) {
      // Directly: the contract asks the authority for a schedule that does not exist.
      await expect(transfer.connect(caller).executeCourtOrder(property, parcelId, admin, id("forged order")))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(await authority.hashOperation(caller, transfer, order));
      // Through the authority's execute: the same.
      await expect(authority.connect(caller).execute(transfer, order))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(await authority.hashOperation(caller, transfer, order));
    }
    // Scheduled, it waits the minimum; a guardian cancels it.
    await authority.connect(admin).schedule(transfer, order, 0);
    const scheduledAt = await time.latest();
    const operationId = await authority.hashOperation(admin, transfer, order);
    expect(await authority.getSchedule(operationId)).to.equal(scheduledAt + DAY);
    await time.increaseTo(scheduledAt + DAY - 2);
    await expect(authority.connect(admin).execute(transfer, order))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotReady")
      .withArgs(operationId);
    await authority.connect(guardian).cancel(admin, transfer, order);
    await expect(authority.connect(admin).execute(transfer, order))
      .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
      .withArgs(operationId);
    // The officer's own order, scheduled, runs once the minimum has passed.
    const lawful = transfer.interface.encodeFunctionData("executeCourtOrder", [
      await property.getAddress(),
      parcelId,
      accounts.carol.address,
      id("court order 1/2025"),
    ]);
    await authority.connect(courtOfficer).schedule(transfer, lawful, 0);
    await time.increase(DAY);
    await expect(
      transfer.connect(courtOfficer).executeCourtOrder(property, parcelId, accounts.carol, id("court order 1/2025")),
    ).to.emit(transfer, "CourtOrderExecuted");
  });

  it("a shorter delay pending from a re-grant blocks a raise above it, before and after it binds", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, courtOfficer } = accounts;
    // The attack: the officer is re-granted with two days, then with none; the shorter delay binds only after the
    // two days, so the officer's current delay looks long enough to a check that reads it alone.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, 2 * DAY);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, 0);
    const loweredAt = await time.latest();
    const [, currentDelay, pendingDelay, effect] = await authority.getAccess(Roles.COURT_OFFICER, courtOfficer);
    expect([currentDelay, pendingDelay, effect]).to.deep.equal([BigInt(2 * DAY), 0n, BigInt(loweredAt + 2 * DAY)]);
    const members = [courtOfficer.address];
    expect(await roleMembers(authority, Roles.COURT_OFFICER)).to.deep.equal(members);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, courtOfficer.address, 0, DAY);
    // The last second before the shorter delay binds: still pending, still refused; from its first second, current.
    await time.setNextBlockTimestamp(loweredAt + 2 * DAY - 1);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, courtOfficer.address, 0, DAY);
    await time.setNextBlockTimestamp(loweredAt + 2 * DAY);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, courtOfficer.address, 0, DAY);
    // A pending shorter delay at the minimum itself is allowed, and no grant may then lower it further.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, 2 * DAY);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, DAY);
    await expect(authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY - 1))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, courtOfficer.address, DAY - 1, DAY);
  });

  it("a grant still waiting for its grant delay counts as a member: a raise must name it and its delay", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, courtOfficer, outsider } = accounts;
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    // The attack: a grant with no execution delay, pending for the role's grant delay, becomes a member later
    // without any further write; were it left out of the check, it would act unscheduled once in force.
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, outsider, 0);
    expect((await authority.hasRole(Roles.COURT_OFFICER, outsider))[0]).to.equal(false);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(2n);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [courtOfficer.address]))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityIncompleteMembers")
      .withArgs(Roles.COURT_OFFICER, 1, 2);
    const members = await roleMembers(authority, Roles.COURT_OFFICER);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, members))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, outsider.address, 0, DAY);
    // Revoking the pending grant takes it off the count.
    await authority.connect(admin).revokeRole(Roles.COURT_OFFICER, outsider);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(1n);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [courtOfficer.address]))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, DAY);
  });

  it("renounce then re-grant: a member gone leaves the list, and comes back only with the minimum", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, courtOfficer, outsider } = accounts;
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(1n);
    // A re-grant of a member and a revocation of an account that holds nothing leave the count as it was.
    await authority.connect(admin).revokeRole(Roles.COURT_OFFICER, outsider);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(1n);
    await authority.connect(courtOfficer).renounceRole(Roles.COURT_OFFICER, courtOfficer);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(0n);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [courtOfficer.address]))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityIncompleteMembers")
      .withArgs(Roles.COURT_OFFICER, 1, 0);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, []))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, DAY);
    await expect(authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, 0))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityExecutionDelayTooShort")
      .withArgs(Roles.COURT_OFFICER, courtOfficer.address, 0, DAY);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    expect(await authority.memberCount(Roles.COURT_OFFICER)).to.equal(1n);
    expect(await roleMembers(authority, Roles.COURT_OFFICER)).to.deep.equal([courtOfficer.address]);
  });

  it("a raise needs the members in strictly increasing order, each a member", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, courtOfficer, outsider } = accounts;
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, DAY);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, admin, DAY);
    const [low, high] = await roleMembers(authority, Roles.COURT_OFFICER);
    expect(BigInt(low)).to.be.lessThan(BigInt(high));
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [high, low]))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityUnorderedMembers")
      .withArgs(Roles.COURT_OFFICER, high, low);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [low, low]))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityUnorderedMembers")
      .withArgs(Roles.COURT_OFFICER, low, low);
    const stranger = [low, outsider.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, stranger))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityNotMember")
      .withArgs(Roles.COURT_OFFICER, outsider.address);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, DAY, [low, high]))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, DAY);
  });

  it("a minimum only rises, up to 90 days, and only ADMIN sets it", async function () {
    const { authority, accounts } = await networkHelpers.loadFixture(delayedFixture);
    const { admin, outsider, courtOfficer } = accounts;
    const maximum = 90 * DAY;
    const recoveryOfficers = await roleMembers(authority, Roles.RECOVERY_OFFICER);
    await authority.connect(admin).grantRole(Roles.COURT_OFFICER, courtOfficer, maximum);
    expect(await authority.MAX_MIN_EXECUTION_DELAY()).to.equal(maximum);
    await expect(
      authority.connect(admin).setMinExecutionDelay(Roles.RECOVERY_OFFICER, TEST_DELAYS.recovery - 1, recoveryOfficers),
    )
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityInvalidMinExecutionDelay")
      .withArgs(Roles.RECOVERY_OFFICER, TEST_DELAYS.recovery - 1, TEST_DELAYS.recovery, maximum);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, maximum + 1, []))
      .to.be.revertedWithCustomError(authority, "GovernmentAuthorityInvalidMinExecutionDelay")
      .withArgs(Roles.COURT_OFFICER, maximum + 1, 0, maximum);
    await expect(authority.connect(admin).setMinExecutionDelay(Roles.COURT_OFFICER, maximum, [courtOfficer.address]))
      .to.emit(authority, "RoleMinExecutionDelaySet")
      .withArgs(Roles.COURT_OFFICER, maximum);
    for (const role of [Roles.ADMIN, Roles.PUBLIC]) {
      await expect(authority.connect(admin).setMinExecutionDelay(role, DAY, []))
        .to.be.revertedWithCustomError(authority, "AccessManagerLockedRole")
        .withArgs(role);
    }
    await expect(authority.connect(outsider).setMinExecutionDelay(Roles.GUARDIAN, DAY, []))
      .to.be.revertedWithCustomError(authority, "AccessManagerUnauthorizedAccount")
      .withArgs(outsider.address, Roles.ADMIN);
  });
});
