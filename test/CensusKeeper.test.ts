/**
 * The census keeper against the register on a chain: every census it keeps equals the one recomputed from the
 * events from scratch, after registrations, status, eligibility and commitment changes; a restart resumes from its
 * file; a reorganisation (the chain reverted to a snapshot and grown again differently) is found and repaired.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Group } from "@semaphore-protocol/group";
import { expect } from "chai";
import { id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { InvalidInputError } from "../src/errors.js";
import { computeCensus, readCitizenChanges } from "../src/elections/census.js";
import { CensusKeeper } from "../src/elections/keeper.js";
import { fixedIdentity } from "./helpers/ballots.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const ADULT = 1;
const RESIDENT = 2;
const TOWN = 4101;
const OTHER_TOWN = 4102;
const FLAG_SETS = [0, ADULT | RESIDENT];
const BASIS = id("civil registry extract");
const Status = { Active: 1, Suspended: 2, MovedOut: 3 } as const;

const key = (label: string) => id(`citizen ${label}`);
const commitmentOf = (label: string) => fixedIdentity(label).commitment;

async function keeperFixture() {
  const suite = await deploySuite(connection);
  const registrar = suite.citizens.connect(suite.accounts.civilRegistrar);
  const register = async (label: string, town: number, flags: number) =>
    (await registrar.registerCitizen(key(label), town, flags, commitmentOf(label), BASIS)).wait();
  await register("ada", TOWN, ADULT | RESIDENT);
  await register("bo", TOWN, ADULT);
  await register("cy", OTHER_TOWN, ADULT | RESIDENT);
  await register("di", TOWN, ADULT | RESIDENT);
  await register("ed", TOWN, ADULT | RESIDENT);
  // A rotation is proposed and applied after its notice (anyone applies it): one change of the register.
  const notice = Number(await suite.citizens.ROTATION_NOTICE());
  const rotate = async (label: string, to: string) => {
    await (await registrar.setVotingCommitment(key(label), commitmentOf(to), BASIS)).wait();
    await networkHelpers.time.increase(notice);
    return (await suite.citizens.applyVotingCommitment(key(label))).wait();
  };
  return { ...suite, registrar, register, rotate, registry: await suite.citizens.getAddress() };
}

describe("Census keeper", function () {
  this.timeout(180_000);
  let folder: string;

  beforeEach(function () {
    folder = mkdtempSync(join(tmpdir(), "census-keeper-"));
  });

  afterEach(function () {
    rmSync(folder, { recursive: true, force: true });
  });

  /** Every census the keeper keeps, against the one recomputed from the events. */
  async function expectCurrent(keeper: CensusKeeper, registry: string) {
    const changes = await readCitizenChanges({ provider: ethers.provider, registry });
    expect(keeper.sequence).to.equal(changes.length === 0 ? 0n : changes[changes.length - 1]!.sequence);
    for (const jurisdiction of [TOWN, OTHER_TOWN]) {
      for (const requiredFlags of FLAG_SETS) {
        const expected = computeCensus({ changes, jurisdiction, requiredFlags });
        const kept = keeper.census({ jurisdiction, requiredFlags });
        const what = `jurisdiction ${jurisdiction}, flags ${requiredFlags}`;
        expect(kept.members, what).to.deep.equal(expected.members);
        expect(kept.root, what).to.equal(expected.root);
        expect(kept.size, what).to.equal(expected.size);
        expect(kept.sequence, what).to.equal(expected.sequence);
      }
    }
  }

  it("keeps every jurisdiction's census equal to the recomputed one, change by change", async function () {
    const { registrar, register, rotate, registry } = await networkHelpers.loadFixture(keeperFixture);
    const keeper = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
    });
    expect((await keeper.sync()).applied).to.equal(5);
    await expectCurrent(keeper, registry);
    const steps = [
      async () => (await registrar.changeStatus(key("bo"), Status.Suspended, BASIS)).wait(),
      async () => (await registrar.setEligibility(key("ada"), ADULT, BASIS)).wait(),
      () => rotate("di", "di-2"),
      () => register("fay", TOWN, ADULT | RESIDENT),
      async () => (await registrar.changeStatus(key("ada"), Status.MovedOut, BASIS)).wait(),
      async () => (await registrar.changeStatus(key("ada"), Status.Active, BASIS)).wait(),
      async () => (await registrar.setEligibility(key("bo"), ADULT | RESIDENT, BASIS)).wait(),
      async () => (await registrar.changeStatus(key("bo"), Status.Active, BASIS)).wait(),
    ];
    for (const step of steps) {
      await step();
      const result = await keeper.sync();
      expect(result.applied).to.equal(1);
      expect(result.reorganised).to.equal(false);
      await expectCurrent(keeper, registry);
    }
    // Several changes read at once: removals, insertions and a rotation applied with one rehash per tree.
    await (await registrar.changeStatus(key("di"), Status.Suspended, BASIS)).wait();
    await rotate("fay", "fay-2");
    await (await registrar.setEligibility(key("bo"), ADULT, BASIS)).wait();
    await (await registrar.changeStatus(key("di"), Status.Active, BASIS)).wait();
    await (await registrar.changeStatus(key("ada"), Status.Suspended, BASIS)).wait();
    await register("gil", TOWN, ADULT | RESIDENT);
    expect((await keeper.sync()).applied).to.equal(6);
    await expectCurrent(keeper, registry);
    const census = keeper.census({ jurisdiction: TOWN, requiredFlags: ADULT | RESIDENT });
    const group = new Group([...census.members]);
    const tree = keeper.censusTree({ jurisdiction: TOWN, requiredFlags: ADULT | RESIDENT });
    for (let index = 0; index < census.size; index++) {
      expect(tree.merkleProof(index).siblings).to.deep.equal(group.generateMerkleProof(index).siblings);
    }
  });

  it("a first read of many changes rebuilds the censuses, and later changes go leaf by leaf", async function () {
    const { registrar, registry } = await networkHelpers.loadFixture(keeperFixture);
    const keeper = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
      rebuildAbove: 2,
    });
    expect((await keeper.sync()).applied).to.equal(5);
    await expectCurrent(keeper, registry);
    await (await registrar.changeStatus(key("di"), Status.Suspended, BASIS)).wait();
    expect((await keeper.sync()).applied).to.equal(1);
    await expectCurrent(keeper, registry);
  });

  it("a restart resumes from the file's block and reads only what came after", async function () {
    const { register, rotate, registry } = await networkHelpers.loadFixture(keeperFixture);
    const file = join(folder, "census.bin");
    const first = await CensusKeeper.open({ provider: ethers.provider, registry, file, flagSets: FLAG_SETS });
    await first.sync();
    const block = first.block;
    const resumed = await CensusKeeper.open({ provider: ethers.provider, registry, file, flagSets: FLAG_SETS });
    expect(resumed.block).to.deep.equal(block);
    expect(resumed.citizens).to.equal(5);
    await expectCurrent(resumed, registry);
    await rotate("ed", "ed-2");
    await register("gus", OTHER_TOWN, ADULT | RESIDENT);
    const result = await resumed.sync();
    expect(result.applied).to.equal(2);
    expect(result.block).to.equal(await ethers.provider.getBlockNumber());
    await expectCurrent(resumed, registry);
  });

  it("a reorganisation is found and repaired by undoing the blocks that left the chain", async function () {
    const { registrar, register, rotate, registry } = await networkHelpers.loadFixture(keeperFixture);
    const keeper = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
    });
    await keeper.sync();
    const fork = await networkHelpers.takeSnapshot();
    await register("hal", TOWN, ADULT | RESIDENT);
    await (await registrar.changeStatus(key("ada"), Status.Suspended, BASIS)).wait();
    await rotate("di", "di-3");
    expect((await keeper.sync()).applied).to.equal(3);
    await fork.restore();
    // The other branch: different changes, and more blocks than the branch that was dropped.
    await (await registrar.setEligibility(key("ed"), ADULT, BASIS)).wait();
    await register("ivy", TOWN, ADULT | RESIDENT);
    await networkHelpers.mine(5);
    const result = await keeper.sync();
    expect(result.reorganised).to.equal(true);
    expect(result.undone).to.equal(3);
    expect(result.applied).to.equal(2);
    await expectCurrent(keeper, registry);
    const resumed = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
    });
    await expectCurrent(resumed, registry);
  });

  it("a chain cut back below the keeper's block is a reorganisation too", async function () {
    const { register, registry } = await networkHelpers.loadFixture(keeperFixture);
    const keeper = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
    });
    const fork = await networkHelpers.takeSnapshot();
    await keeper.sync();
    await register("jo", TOWN, ADULT);
    await networkHelpers.mine(5);
    expect((await keeper.sync()).applied).to.equal(1);
    await fork.restore();
    const result = await keeper.sync();
    expect(result.reorganised).to.equal(true);
    expect(result.undone).to.equal(1);
    await expectCurrent(keeper, registry);
  });

  it("a reorganisation deeper than the changes kept rebuilds from the registry's first block", async function () {
    const { registrar, register, registry } = await networkHelpers.loadFixture(keeperFixture);
    const fork = await networkHelpers.takeSnapshot();
    await (await registrar.changeStatus(key("cy"), Status.Suspended, BASIS)).wait();
    await networkHelpers.mine(10);
    const keeper = await CensusKeeper.open({
      provider: ethers.provider,
      registry,
      file: join(folder, "census.bin"),
      flagSets: FLAG_SETS,
      confirmations: 2,
    });
    await keeper.sync();
    await fork.restore();
    await register("kit", OTHER_TOWN, ADULT | RESIDENT);
    await networkHelpers.mine(12);
    const result = await keeper.sync();
    expect(result.reorganised).to.equal(true);
    expect(result.undone).to.equal(6);
    expect(result.applied).to.equal(6);
    await expectCurrent(keeper, registry);
  });

  it("a file of another keeper, or not a keeper's file, is refused with the field named", async function () {
    const { registry } = await networkHelpers.loadFixture(keeperFixture);
    const file = join(folder, "census.bin");
    const keeper = await CensusKeeper.open({ provider: ethers.provider, registry, file, flagSets: FLAG_SETS });
    await keeper.sync();
    const refusal = async (parameters: { flagSets?: number[]; registry?: string; file?: string }) => {
      try {
        await CensusKeeper.open({ provider: ethers.provider, registry, file, ...parameters });
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const otherFlags = await refusal({ flagSets: [ADULT] });
    expect(otherFlags).to.be.instanceOf(InvalidInputError);
    expect((otherFlags as InvalidInputError).message)
      .to.contain("file: ")
      .and.contain("flag sets 0,3, not 1");
    const otherRegistry = await refusal({ registry: ZeroAddress, flagSets: FLAG_SETS });
    expect((otherRegistry as InvalidInputError).message).to.contain(
      `registry ${registry.toLowerCase()}, not ${ZeroAddress}`,
    );
    const garbage = join(folder, "garbage.bin");
    writeFileSync(garbage, "not a census");
    const notKeeper = await refusal({ file: garbage });
    expect((notKeeper as InvalidInputError).message).to.contain("is not a census keeper's file");
    expect(() => keeper.census({ jurisdiction: TOWN, requiredFlags: ADULT }))
      .to.throw(InvalidInputError)
      .with.property("message")
      .that.contains("requiredFlags");
  });
});
