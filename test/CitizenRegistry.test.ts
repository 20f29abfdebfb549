import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { Group } from "../src/elections/index.js";
import { computeCensus, readCitizenChanges, replayCitizenRegister } from "../src/elections/census.js";
import { fixedIdentity } from "./helpers/ballots.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const Status = { None: 0n, Active: 1n, Suspended: 2n, MovedOut: 3n, Deceased: 4n } as const;
type StatusName = keyof typeof Status;
const STATUS_NAMES = Object.keys(Status) as StatusName[];

/** What the law allows, written out independently of the contract. */
const LAWFUL = new Set([
  "Active>Suspended",
  "Suspended>Active",
  "Active>MovedOut",
  "Suspended>MovedOut",
  "MovedOut>Active",
  "Active>Deceased",
  "Suspended>Deceased",
  "MovedOut>Deceased",
]);

/** Lawful steps from Active to each status. */
const PATH_TO: Record<Exclude<StatusName, "None">, StatusName[]> = {
  Active: [],
  Suspended: ["Suspended"],
  MovedOut: ["MovedOut"],
  Deceased: ["Deceased"],
};

const NOTICE = 31 * 24 * 3600;
const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const ADULT = 1;
const RESIDENT = 2;
const NATIONAL = 4;
const TOWN = 4101;
const OTHER_TOWN = 4102;
const BASIS = id("civil registry extract");

const key = (label: string) => id(`citizen ${label}`);
const commitmentOf = (label: string) => fixedIdentity(label).commitment;

async function registryFixture() {
  const suite = await deploySuite(connection);
  const registrar = suite.citizens.connect(suite.accounts.civilRegistrar);
  return { ...suite, registrar };
}

async function withCitizen() {
  const suite = await registryFixture();
  await suite.registrar.registerCitizen(key("ada"), TOWN, ADULT | RESIDENT, commitmentOf("ada"), BASIS);
  return suite;
}

describe("CitizenRegistry", function () {
  describe("registration", function () {
    it("a civil registrar registers a citizen, with the next sequence number and register position", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(registryFixture);
      const commitment = commitmentOf("ada");
      const first = registrar.registerCitizen(key("ada"), TOWN, ADULT, commitment, BASIS);
      await expect(first)
        .to.emit(citizens, "CitizenRegistered")
        .withArgs(key("ada"), 1n, 0n, TOWN, ADULT, commitment, BASIS);
      const registeredAt = BigInt((await (await (await first).wait())!.getBlock()).timestamp);
      await expect(registrar.registerCitizen(key("bo"), TOWN, 0, commitmentOf("bo"), BASIS))
        .to.emit(citizens, "CitizenRegistered")
        .withArgs(key("bo"), 2n, 1n, TOWN, 0, commitmentOf("bo"), BASIS);
      const record = await citizens.citizen(key("ada"));
      expect(record.index).to.equal(0n);
      expect(record.jurisdiction).to.equal(BigInt(TOWN));
      expect(record.status).to.equal(Status.Active);
      expect(record.flags).to.equal(BigInt(ADULT));
      expect(record.registeredAt).to.equal(registeredAt);
      expect(record.statusSince).to.equal(registeredAt);
      expect(record.lastSequence).to.equal(1n);
      expect(record.votingCommitment).to.equal(commitment);
      expect(await citizens.citizenCount()).to.equal(2n);
      expect(await citizens.sequence()).to.equal(2n);
      expect(await citizens.citizenKeyAt(1)).to.equal(key("bo"));
      expect(await citizens.commitmentHolder(commitment)).to.equal(key("ada"));
      expect(await citizens.version()).to.equal("1.0.0");
    });

    it("only a civil registrar registers a citizen", async function () {
      const { citizens, accounts } = await networkHelpers.loadFixture(registryFixture);
      for (const account of [accounts.admin, accounts.landRegistrar, accounts.electionOfficer, accounts.outsider]) {
        await expect(citizens.connect(account).registerCitizen(key("ada"), TOWN, ADULT, commitmentOf("ada"), BASIS))
          .to.be.revertedWithCustomError(citizens, "AccessManagedUnauthorized")
          .withArgs(account.address);
      }
    });

    it("refuses incomplete or malformed records, naming the value", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
      const c = commitmentOf("bo");
      await expect(registrar.registerCitizen(ethers.ZeroHash, TOWN, 0, c, BASIS)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyCitizenKey",
      );
      await expect(registrar.registerCitizen(key("bo"), 0, 0, c, BASIS)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyJurisdiction",
      );
      await expect(registrar.registerCitizen(key("bo"), TOWN, 0, c, ethers.ZeroHash)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyBasis",
      );
      await expect(registrar.registerCitizen(key("bo"), TOWN, 8, c, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownFlags")
        .withArgs(8);
      for (const bad of [0n, FIELD, FIELD + 1n]) {
        await expect(registrar.registerCitizen(key("bo"), TOWN, 0, bad, BASIS))
          .to.be.revertedWithCustomError(citizens, "CitizenRegistryInvalidCommitment")
          .withArgs(bad);
      }
      await expect(registrar.registerCitizen(key("bo"), TOWN, 0, commitmentOf("ada"), BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCommitmentUsed")
        .withArgs(commitmentOf("ada"), key("ada"));
      await expect(registrar.registerCitizen(key("ada"), TOWN, 0, c, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryDuplicateCitizen")
        .withArgs(key("ada"));
    });

    it("a paused register refuses every write", async function () {
      const { registrar, citizens, accounts } = await networkHelpers.loadFixture(withCitizen);
      await citizens.connect(accounts.guardian).pause();
      const writes = [
        registrar.registerCitizen(key("bo"), TOWN, 0, commitmentOf("bo"), BASIS),
        registrar.changeStatus(key("ada"), Status.Suspended, BASIS),
        registrar.setEligibility(key("ada"), 0, BASIS),
        registrar.setVotingCommitment(key("ada"), commitmentOf("bo"), BASIS),
        citizens.applyVotingCommitment(key("ada")),
      ];
      for (const write of writes) await expect(write).to.be.revertedWithCustomError(citizens, "EnforcedPause");
    });
  });

  describe("status", function () {
    for (const from of STATUS_NAMES.filter((name) => name !== "None") as Exclude<StatusName, "None">[]) {
      for (const to of STATUS_NAMES) {
        const lawful = LAWFUL.has(`${from}>${to}`);
        it(`${from} to ${to} is ${lawful ? "lawful" : "refused"}, and checkStatusChange says so first`, async function () {
          const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
          for (const step of PATH_TO[from]) await registrar.changeStatus(key("ada"), Status[step], BASIS);
          const [ok, reason] = await citizens.checkStatusChange(key("ada"), Status[to], BASIS);
          expect(ok).to.equal(lawful);
          const sequence = await citizens.sequence();
          if (lawful) {
            expect(reason).to.equal("0x00000000");
            await expect(registrar.changeStatus(key("ada"), Status[to], BASIS))
              .to.emit(citizens, "CitizenStatusChanged")
              .withArgs(key("ada"), sequence + 1n, Status[from], Status[to], BASIS);
            const record = await citizens.citizen(key("ada"));
            expect(record.status).to.equal(Status[to]);
            expect(record.statusSince).to.equal(BigInt(await networkHelpers.time.latest()));
            expect(record.lastSequence).to.equal(sequence + 1n);
          } else if (from === "Deceased") {
            expect(reason).to.equal(citizens.interface.getError("CitizenRegistryCitizenDeceased")!.selector);
            await expect(registrar.changeStatus(key("ada"), Status[to], BASIS))
              .to.be.revertedWithCustomError(citizens, "CitizenRegistryCitizenDeceased")
              .withArgs(key("ada"));
          } else {
            expect(reason).to.equal(citizens.interface.getError("CitizenRegistryUnlawfulTransition")!.selector);
            await expect(registrar.changeStatus(key("ada"), Status[to], BASIS))
              .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnlawfulTransition")
              .withArgs(key("ada"), Status[from], Status[to]);
          }
        });
      }
    }

    it("a status change needs a basis and a known citizen", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
      await expect(registrar.changeStatus(key("ada"), Status.Suspended, ethers.ZeroHash)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyBasis",
      );
      await expect(registrar.changeStatus(key("nobody"), Status.Suspended, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownCitizen")
        .withArgs(key("nobody"));
      const [ok, reason] = await citizens.checkStatusChange(key("ada"), Status.Suspended, ethers.ZeroHash);
      expect([ok, reason]).to.deep.equal([false, citizens.interface.getError("CitizenRegistryEmptyBasis")!.selector]);
    });
  });

  describe("eligibility and voting commitment", function () {
    it("a civil registrar replaces the eligibility flags", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
      await expect(registrar.setEligibility(key("ada"), ADULT | RESIDENT | NATIONAL, BASIS))
        .to.emit(citizens, "EligibilityChanged")
        .withArgs(key("ada"), 2n, ADULT | RESIDENT, ADULT | RESIDENT | NATIONAL, BASIS);
      expect((await citizens.citizen(key("ada"))).flags).to.equal(BigInt(ADULT | RESIDENT | NATIONAL));
    });

    it("refuses flags, bases and citizens that are wrong", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
      await expect(registrar.setEligibility(key("ada"), 0x10, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownFlags")
        .withArgs(0x10);
      await expect(registrar.setEligibility(key("ada"), 0, ethers.ZeroHash)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyBasis",
      );
      await expect(registrar.setEligibility(key("nobody"), 0, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownCitizen")
        .withArgs(key("nobody"));
      await registrar.changeStatus(key("ada"), Status.Deceased, BASIS);
      await expect(registrar.setEligibility(key("ada"), 0, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCitizenDeceased")
        .withArgs(key("ada"));
      await expect(registrar.setVotingCommitment(key("ada"), commitmentOf("new"), BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCitizenDeceased")
        .withArgs(key("ada"));
    });

    it("a rotation gives a new commitment; the old one is never accepted again, for anyone", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(withCitizen);
      const old = commitmentOf("ada");
      const fresh = commitmentOf("ada, new phone");
      const proposedAt = (await networkHelpers.time.latest()) + 10;
      await networkHelpers.time.setNextBlockTimestamp(proposedAt);
      await expect(registrar.setVotingCommitment(key("ada"), fresh, BASIS))
        .to.emit(citizens, "VotingCommitmentProposed")
        .withArgs(key("ada"), old, fresh, proposedAt + NOTICE, BASIS);
      await networkHelpers.time.increaseTo(proposedAt + NOTICE);
      await expect(citizens.applyVotingCommitment(key("ada")))
        .to.emit(citizens, "VotingCommitmentChanged")
        .withArgs(key("ada"), 2n, old, fresh, BASIS);
      expect((await citizens.citizen(key("ada"))).votingCommitment).to.equal(fresh);
      await expect(registrar.setVotingCommitment(key("ada"), old, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCommitmentUsed")
        .withArgs(old, key("ada"));
      await expect(registrar.registerCitizen(key("bo"), TOWN, 0, old, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCommitmentUsed")
        .withArgs(old, key("ada"));
      await expect(registrar.setVotingCommitment(key("ada"), FIELD, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryInvalidCommitment")
        .withArgs(FIELD);
      await expect(registrar.setVotingCommitment(key("ada"), 5n, ethers.ZeroHash)).to.be.revertedWithCustomError(
        citizens,
        "CitizenRegistryEmptyBasis",
      );
      await expect(registrar.setVotingCommitment(key("nobody"), 5n, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownCitizen")
        .withArgs(key("nobody"));
    });

    it("a registrar's rotation waits a notice longer than any review period, public and cancellable by a guardian", async function () {
      const { registrar, citizens, accounts } = await networkHelpers.loadFixture(withCitizen);
      const old = commitmentOf("ada");
      const taken = commitmentOf("registrar's own identity");
      expect(await citizens.ROTATION_NOTICE()).to.equal(BigInt(NOTICE));
      const proposedAt = (await networkHelpers.time.latest()) + 10;
      await networkHelpers.time.setNextBlockTimestamp(proposedAt);
      await registrar.setVotingCommitment(key("ada"), taken, BASIS);
      // nothing changed in the register: no sequence number, the old commitment in every census until applied
      expect(await citizens.sequence()).to.equal(1n);
      expect((await citizens.citizen(key("ada"))).votingCommitment).to.equal(old);
      expect(await citizens.pendingVotingCommitment(key("ada"))).to.deep.equal([taken, BigInt(proposedAt + NOTICE)]);
      await networkHelpers.time.setNextBlockTimestamp(proposedAt + NOTICE - 1);
      await expect(citizens.connect(accounts.outsider).applyVotingCommitment(key("ada")))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryRotationNotDue")
        .withArgs(key("ada"), proposedAt + NOTICE);
      // the citizen objects: only a guardian cancels, with a reason
      await expect(citizens.connect(accounts.outsider).cancelVotingCommitment(key("ada"), BASIS))
        .to.be.revertedWithCustomError(citizens, "AccessManagedUnauthorized")
        .withArgs(accounts.outsider.address);
      await expect(
        citizens.connect(accounts.guardian).cancelVotingCommitment(key("ada"), ethers.ZeroHash),
      ).to.be.revertedWithCustomError(citizens, "CitizenRegistryEmptyBasis");
      await expect(citizens.connect(accounts.guardian).cancelVotingCommitment(key("ada"), id("objection")))
        .to.emit(citizens, "VotingCommitmentRotationCancelled")
        .withArgs(key("ada"), taken, id("objection"));
      expect(await citizens.pendingVotingCommitment(key("ada"))).to.deep.equal([0n, 0n]);
      await expect(citizens.connect(accounts.guardian).cancelVotingCommitment(key("ada"), id("objection")))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryNoPendingRotation")
        .withArgs(key("ada"));
      await networkHelpers.time.increaseTo(proposedAt + NOTICE);
      await expect(citizens.applyVotingCommitment(key("ada")))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryNoPendingRotation")
        .withArgs(key("ada"));
      expect((await citizens.citizen(key("ada"))).votingCommitment).to.equal(old);
      // the cancelled commitment stays spent
      await expect(registrar.setVotingCommitment(key("ada"), taken, BASIS))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCommitmentUsed")
        .withArgs(taken, key("ada"));
      // a pending rotation of a citizen who dies is never applied
      await registrar.setVotingCommitment(key("ada"), commitmentOf("ada 3"), BASIS);
      await registrar.changeStatus(key("ada"), Status.Deceased, BASIS);
      await networkHelpers.time.increase(NOTICE);
      await expect(citizens.applyVotingCommitment(key("ada")))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryCitizenDeceased")
        .withArgs(key("ada"));
    });

    it("only a civil registrar changes a record", async function () {
      const { citizens, accounts } = await networkHelpers.loadFixture(withCitizen);
      const outsider = citizens.connect(accounts.outsider);
      for (const write of [
        outsider.changeStatus(key("ada"), Status.Suspended, BASIS),
        outsider.setEligibility(key("ada"), 0, BASIS),
        outsider.setVotingCommitment(key("ada"), 5n, BASIS),
      ]) {
        await expect(write)
          .to.be.revertedWithCustomError(citizens, "AccessManagedUnauthorized")
          .withArgs(accounts.outsider.address);
      }
    });
  });

  describe("reads", function () {
    it("unknown keys and positions revert with their values", async function () {
      const { citizens } = await networkHelpers.loadFixture(withCitizen);
      await expect(citizens.citizen(key("nobody")))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryUnknownCitizen")
        .withArgs(key("nobody"));
      await expect(citizens.citizenKeyAt(1))
        .to.be.revertedWithCustomError(citizens, "CitizenRegistryIndexOutOfRange")
        .withArgs(1, 1);
      expect(await citizens.commitmentHolder(5n)).to.equal(ethers.ZeroHash);
    });
  });

  describe("census from the events", function () {
    it("the census root at each sequence number is the Semaphore root of the eligible commitments then", async function () {
      const { registrar, citizens } = await networkHelpers.loadFixture(registryFixture);
      const labels = ["a", "b", "c", "d", "e"];
      for (const label of labels) {
        await registrar.registerCitizen(
          key(label),
          label === "e" ? OTHER_TOWN : TOWN,
          ADULT,
          commitmentOf(label),
          BASIS,
        );
      }
      await registrar.setEligibility(key("b"), 0, BASIS); // 6: b is no longer adult
      await registrar.changeStatus(key("c"), Status.MovedOut, BASIS); // 7: c moved out
      await registrar.setVotingCommitment(key("a"), commitmentOf("a2"), BASIS); // proposed: not a change yet
      await networkHelpers.time.increase(NOTICE);
      await citizens.applyVotingCommitment(key("a")); // 8: a rotates
      await registrar.changeStatus(key("c"), Status.Active, BASIS); // 9: c moved back

      const changes = await readCitizenChanges({
        provider: ethers.provider,
        registry: await citizens.getAddress(),
      });
      expect(changes.map((change) => change.sequence)).to.deep.equal([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
      const expected: Record<number, string[]> = {
        5: ["a", "b", "c", "d"],
        6: ["a", "c", "d"],
        7: ["a", "d"],
        8: ["a2", "d"],
        9: ["a2", "c", "d"],
      };
      for (const [asOf, members] of Object.entries(expected)) {
        const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT, asOf: BigInt(asOf) });
        const group = new Group(members.map(commitmentOf));
        expect(census.root, `root at ${asOf}`).to.equal(group.root);
        expect(census.size).to.equal(members.length);
        expect(census.sequence).to.equal(BigInt(asOf));
      }
      const other = computeCensus({ changes, jurisdiction: OTHER_TOWN, requiredFlags: ADULT });
      expect(other.members).to.deep.equal([commitmentOf("e")]);
      const none = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: NATIONAL });
      expect([none.size, none.root]).to.deep.equal([0, 0n]);

      const replayed = replayCitizenRegister(changes);
      for (const citizen of replayed) {
        const onChain = await citizens.citizen(citizen.citizenKey);
        expect(onChain.index).to.equal(BigInt(citizen.index));
        expect(onChain.jurisdiction).to.equal(BigInt(citizen.jurisdiction));
        expect(STATUS_NAMES[Number(onChain.status)]).to.equal(citizen.status);
        expect(onChain.flags).to.equal(BigInt(citizen.flags));
        expect(onChain.votingCommitment).to.equal(citizen.votingCommitment);
        expect(onChain.lastSequence).to.equal(citizen.lastSequence);
      }
      expect(replayed.length).to.equal(Number(await citizens.citizenCount()));
      expect(() => replayCitizenRegister(changes.filter((change) => change.sequence !== 4n))).to.throw(
        "changes: sequence 4 is missing from the register's events (next found: 5)",
      );
      expect(() => computeCensus({ changes, jurisdiction: TOWN, requiredFlags: 0, asOf: 12n })).to.throw(
        "asOf: the events reach sequence 9, not 12",
      );
    });
  });
});
