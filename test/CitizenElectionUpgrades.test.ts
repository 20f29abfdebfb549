import { upgrades } from "@openzeppelin/hardhat-upgrades";
import { expect } from "chai";
import { id } from "ethers";
import hre, { network } from "hardhat";

import { computeCensus, readCitizenChanges, releaseProver } from "../src/elections/index.js";
import { CitizenRegistryV2Mock__factory, ElectionsV2Mock__factory } from "../types/ethers-contracts/index.js";
import { fixedIdentity, proveBallot } from "./helpers/ballots.js";
import { deploySuite, TEST_DELAYS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const TOWN = 4101;
const ADULT = 1;
const BASIS = id("civil registry extract");
const VOTERS = ["ada", "bo", "cy"] as const;
const key = (label: string) => id(`citizen ${label}`);

/**
 * A register of three citizens (one of whom rotated her commitment and one moved out), a poll over its census with
 * two counted ballots (one a re-vote) and the V2 implementations, ready to be scheduled through the authority.
 */
async function votedFixture() {
  const suite = await deploySuite(connection);
  const { accounts, citizens, elections } = suite;
  const registrar = citizens.connect(accounts.civilRegistrar);
  for (const label of VOTERS) {
    await registrar.registerCitizen(key(label), TOWN, ADULT, fixedIdentity(label).commitment, BASIS);
  }
  const changes = await readCitizenChanges({ provider: ethers.provider, registry: await citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
  const opensAt = (await time.latest()) + Number(await elections.reviewPeriod()) + 60;
  const closesAt = opensAt + 30 * 24 * 3600; // still open after the upgrade delay of a week
  await elections.connect(accounts.electionOfficer).createPoll({
    metadataHash: id("question and options"),
    rule: 0,
    optionCount: 3,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt,
    budget: 0n,
    costs: [],
    census: {
      jurisdiction: TOWN,
      requiredFlags: ADULT,
      size: census.size,
      sequence: census.sequence,
      depth: 2,
      root: census.root,
    },
  });
  await registrar.setVotingCommitment(key("ada"), fixedIdentity("ada, new phone").commitment, BASIS);
  await registrar.changeStatus(key("bo"), 3, BASIS);
  const scope = await elections.pollScope(1n);
  const prove = (label: string, ballot: bigint, revision = 1n) =>
    proveBallot({ identity: fixedIdentity(label), census: census.members, ballot, scope, revision });
  const [adaFirst, adaAgain, bo, cy] = [
    await prove("ada", 1n),
    await prove("ada", 2n, 2n),
    await prove("bo", 1n),
    await prove("cy", 4n),
  ];
  await time.increaseTo(opensAt);
  await elections.castBallot(1n, 1n, 1n, adaFirst);
  await elections.castBallot(1n, 1n, 1n, bo);
  await elections.castBallot(1n, 2n, 2n, adaAgain);

  const citizensV2 = await (await ethers.getContractFactory("CitizenRegistryV2Mock")).deploy();
  const electionsV2 = await (await ethers.getContractFactory("ElectionsV2Mock")).deploy();
  const upgradeData = (v2: typeof citizensV2 | typeof electionsV2) =>
    v2
      .getAddress()
      .then((address) =>
        citizens.interface.encodeFunctionData("upgradeToAndCall", [
          address,
          v2.interface.encodeFunctionData("initializeV2"),
        ]),
      );
  return {
    ...suite,
    census,
    closesAt,
    proofs: { adaFirst, cy },
    citizensV2,
    electionsV2,
    citizensUpgrade: await upgradeData(citizensV2),
    electionsUpgrade: await upgradeData(electionsV2),
  };
}

type Fixture = Awaited<ReturnType<typeof votedFixture>>;

/** Everything both contracts answer about the register and the poll, read in one go to compare before and after. */
async function stateOf(f: Fixture) {
  const { citizens, elections } = f;
  return {
    citizens: await Promise.all(VOTERS.map((label) => citizens.citizen(key(label)))),
    keys: await Promise.all(VOTERS.map((_, index) => citizens.citizenKeyAt(index))),
    count: await citizens.citizenCount(),
    sequence: await citizens.sequence(),
    holders: await Promise.all(
      [...VOTERS, "ada, new phone"].map((label) => citizens.commitmentHolder(fixedIdentity(label).commitment)),
    ),
    poll: await elections.poll(1n),
    pollState: await elections.pollState(1n),
    tally: await elections.tally(1n),
    ballots: await Promise.all(
      [f.proofs.adaFirst.nullifier, f.proofs.cy.nullifier].map((nullifier) => elections.ballotOf(1n, nullifier)),
    ),
    pollCount: await elections.pollCount(),
    reviewPeriod: await elections.reviewPeriod(),
    verifier: await elections.verifier(),
    citizenRegistry: await elections.citizenRegistry(),
    scope: await elections.pollScope(1n),
    paused: [await citizens.paused(), await elections.paused()],
    authority: [await citizens.authority(), await elections.authority()],
  };
}

describe("upgrades of the citizen register and the elections", function () {
  this.timeout(300_000); // the fixture generates four real proofs

  after(async function () {
    await releaseProver();
  });

  describe("storage layout", function () {
    for (const [name, next] of [
      ["CitizenRegistry", "CitizenRegistryV2Mock"],
      ["Elections", "ElectionsV2Mock"],
    ] as const) {
      it(`${next} keeps the namespaced layout of ${name}`, async function () {
        const api = await upgrades(hre, connection);
        await api.validateUpgrade(await ethers.getContractFactory(name), await ethers.getContractFactory(next), {
          kind: "uups",
        });
      });
    }

    it("an upgrade from the elections to the citizen register is refused: it drops a namespace", async function () {
      const api = await upgrades(hre, connection);
      const refusal = await api
        .validateUpgrade(
          await ethers.getContractFactory("Elections"),
          await ethers.getContractFactory("CitizenRegistry"),
          {
            kind: "uups",
          },
        )
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(String(refusal)).to.match(/Deleted namespace `erc7201:egov.storage.Elections`/);
    });
  });

  describe("upgrade through the authority", function () {
    it("nobody but the upgrader schedules an upgrade of either contract", async function () {
      const f = await networkHelpers.loadFixture(votedFixture);
      for (const [target, data] of [
        [await f.citizens.getAddress(), f.citizensUpgrade],
        [await f.elections.getAddress(), f.electionsUpgrade],
      ] as const) {
        for (const account of [f.accounts.admin, f.accounts.civilRegistrar, f.accounts.electionOfficer]) {
          await expect(f.authority.connect(account).schedule(target, data, 0))
            .to.be.revertedWithCustomError(f.authority, "AccessManagerUnauthorizedCall")
            .withArgs(account.address, target, data.slice(0, 10));
        }
      }
    });

    it("a direct upgrade call is refused: to others outright, to the upgrader until scheduled and due", async function () {
      const f = await networkHelpers.loadFixture(votedFixture);
      const v2Address = await f.electionsV2.getAddress();
      await expect(f.elections.connect(f.accounts.outsider).upgradeToAndCall(v2Address, "0x"))
        .to.be.revertedWithCustomError(f.elections, "AccessManagedUnauthorized")
        .withArgs(f.accounts.outsider.address);
      await expect(
        f.citizens.connect(f.accounts.civilRegistrar).upgradeToAndCall(await f.citizensV2.getAddress(), "0x"),
      )
        .to.be.revertedWithCustomError(f.citizens, "AccessManagedUnauthorized")
        .withArgs(f.accounts.civilRegistrar.address);
      const target = await f.elections.getAddress();
      await expect(f.elections.connect(f.accounts.upgrader).upgradeToAndCall(v2Address, "0x"))
        .to.be.revertedWithCustomError(f.authority, "AccessManagerNotScheduled")
        .withArgs(
          await f.authority.hashOperation(
            f.accounts.upgrader.address,
            target,
            f.elections.interface.encodeFunctionData("upgradeToAndCall", [v2Address, "0x"]),
          ),
        );
      await f.authority.connect(f.accounts.upgrader).schedule(target, f.electionsUpgrade, 0);
      await expect(f.authority.connect(f.accounts.upgrader).execute(target, f.electionsUpgrade))
        .to.be.revertedWithCustomError(f.authority, "AccessManagerNotReady")
        .withArgs(await f.authority.hashOperation(f.accounts.upgrader.address, target, f.electionsUpgrade));
      expect(await f.elections.version()).to.equal("1.0.0");
    });

    it("after the upgrade delay both contracts run V2 with every record, ballot and tally kept", async function () {
      const f = await networkHelpers.loadFixture(votedFixture);
      const before = await stateOf(f);
      expect(before.tally).to.deep.equal([[1n, 1n, 0n], 2n]);
      expect(before.count).to.equal(3n);
      expect(before.sequence).to.equal(5n);
      const upgrader = f.authority.connect(f.accounts.upgrader);
      const plan = [
        [await f.citizens.getAddress(), f.citizensUpgrade, f.citizens],
        [await f.elections.getAddress(), f.electionsUpgrade, f.elections],
      ] as const;
      for (const [target, data] of plan) await upgrader.schedule(target, data, 0);
      await time.increase(TEST_DELAYS.upgrade);
      for (const [target, data, contract] of plan) {
        await expect(upgrader.execute(target, data)).to.emit(contract, "Upgraded");
      }
      const citizensV2 = CitizenRegistryV2Mock__factory.connect(await f.citizens.getAddress(), f.accounts.outsider);
      const electionsV2 = ElectionsV2Mock__factory.connect(await f.elections.getAddress(), f.accounts.outsider);
      expect([await citizensV2.upgradedToV2(), await electionsV2.upgradedToV2()]).to.deep.equal([true, true]);
      await expect(citizensV2.initializeV2()).to.be.revertedWithCustomError(citizensV2, "InvalidInitialization");
      await expect(electionsV2.initializeV2()).to.be.revertedWithCustomError(electionsV2, "InvalidInitialization");
      expect(await stateOf(f)).to.deep.equal(before);

      // the upgraded contracts go on: the register takes the next sequence number, the poll the next ballot
      await expect(
        f.citizens
          .connect(f.accounts.civilRegistrar)
          .registerCitizen(key("di"), TOWN, ADULT, fixedIdentity("di").commitment, BASIS),
      )
        .to.emit(f.citizens, "CitizenRegistered")
        .withArgs(key("di"), 5n, 3n, TOWN, ADULT, fixedIdentity("di").commitment, BASIS);
      await expect(f.elections.castBallot(1n, 4n, 1n, f.proofs.cy))
        .to.emit(f.elections, "BallotCast")
        .withArgs(1n, f.proofs.cy.nullifier, 4n, 0n, 1n);
      // the re-voter's revision is still known: her first proof, replayed, is refused
      await expect(f.elections.castBallot(1n, 1n, 1n, f.proofs.adaFirst))
        .to.be.revertedWithCustomError(f.elections, "ElectionsStaleRevision")
        .withArgs(1n, f.proofs.adaFirst.nullifier, 1n, 2n);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 1n, 1n], 3n]);
      await time.increaseTo((await f.elections.pollWindow(1n)).closesAt);
      await expect(f.elections.closePoll(1n)).to.emit(f.elections, "PollClosed").withArgs(1n, 3, [1n, 1n, 1n]);
    });
  });
});
