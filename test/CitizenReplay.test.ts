import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { fetchTimedLogs, replayCitizenRegistry } from "../src/replay.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const BASIS = id("civil registry extract");
const ACTIVE = 1;
const SUSPENDED = 2;
const MOVED_OUT = 3;
const DECEASED = 4;
const key = (label: string) => id(`citizen ${label}`);
/** A distinct voting commitment below the SNARK field, for each label. */
const commitment = (label: string) => BigInt(id(`commitment ${label}`)) >> 8n;

async function replayFixture() {
  const suite = await deploySuite(connection);
  return { ...suite, registrar: suite.citizens.connect(suite.accounts.civilRegistrar) };
}

describe("Citizen register replay", function () {
  it("rebuilds every citizen, the register's order and sequence, and every commitment's holder from events alone", async function () {
    const suite = await networkHelpers.loadFixture(replayFixture);
    const { citizens, registrar } = suite;
    const labels = ["ada", "bo", "cy", "dee", "eli", "fay"];
    for (const [index, label] of labels.entries()) {
      await (
        await registrar.registerCitizen(key(label), 4100 + (index % 2), index % 8, commitment(label), BASIS)
      ).wait();
    }
    const notice = Number(await citizens.ROTATION_NOTICE());
    const guardian = citizens.connect(suite.accounts.guardian);
    const steps = [
      () => registrar.changeStatus(key("bo"), SUSPENDED, BASIS),
      () => registrar.setEligibility(key("cy"), 7, BASIS),
      () => registrar.setVotingCommitment(key("ada"), commitment("ada rotated"), BASIS),
      () => registrar.changeStatus(key("bo"), ACTIVE, BASIS),
      () => registrar.setVotingCommitment(key("cy"), commitment("cy objected"), BASIS),
      () => guardian.cancelVotingCommitment(key("cy"), BASIS),
      () => registrar.changeStatus(key("dee"), MOVED_OUT, BASIS),
      async () => {
        await networkHelpers.time.increase(notice);
        return citizens.applyVotingCommitment(key("ada"));
      },
      () => registrar.changeStatus(key("eli"), DECEASED, BASIS),
      () => registrar.setVotingCommitment(key("ada"), commitment("ada again"), BASIS),
      async () => {
        await networkHelpers.time.increase(notice);
        return citizens.applyVotingCommitment(key("ada"));
      },
      () => registrar.setEligibility(key("fay"), 1, BASIS),
      () => registrar.setVotingCommitment(key("fay"), commitment("fay pending"), BASIS),
    ];
    for (const step of steps) {
      await (await step()).wait();
      await networkHelpers.time.increase(3600);
    }
    const provider = connection.ethers.provider;
    const state = replayCitizenRegistry({
      logs: await fetchTimedLogs({ provider, address: await citizens.getAddress() }),
    });

    expect(state.sequence).to.equal(await citizens.sequence());
    expect(BigInt(state.order.length)).to.equal(await citizens.citizenCount());
    for (const [index, citizenKey] of state.order.entries()) {
      expect(citizenKey).to.equal((await citizens.citizenKeyAt(index)).toLowerCase());
      const read = await citizens.citizen(citizenKey);
      const replayed = state.citizens.get(citizenKey)!;
      expect({ ...replayed, citizenKey: undefined }).to.deep.equal({
        citizenKey: undefined,
        index: read.index,
        jurisdiction: read.jurisdiction,
        status: read.status,
        flags: read.flags,
        registeredAt: read.registeredAt,
        statusSince: read.statusSince,
        lastSequence: read.lastSequence,
        votingCommitment: read.votingCommitment,
      });
    }
    // Two applied rotations, one cancelled (its commitment stays spent) and one still pending.
    expect(state.commitmentHolders.size).to.equal(labels.length + 4);
    expect([...state.pendingRotations.keys()]).to.deep.equal([key("fay")]);
    for (const label of labels) {
      const [pending, effectiveAt] = await citizens.pendingVotingCommitment(key(label));
      const replayed = state.pendingRotations.get(key(label));
      expect(replayed?.commitment ?? 0n, label).to.equal(pending);
      expect(replayed?.effectiveAt ?? 0n, label).to.equal(effectiveAt);
    }
    for (const [held, holder] of state.commitmentHolders) {
      expect((await citizens.commitmentHolder(held)).toLowerCase()).to.equal(holder);
    }
    expect(state.citizens.get(key("ada"))!.votingCommitment).to.equal(commitment("ada again"));
  });

  it("refuses logs with a change of the register missing", async function () {
    const { citizens, registrar } = await networkHelpers.loadFixture(replayFixture);
    await (await registrar.registerCitizen(key("ada"), 4100, 1, commitment("ada"), BASIS)).wait();
    await (await registrar.setEligibility(key("ada"), 3, BASIS)).wait();
    await (await registrar.setEligibility(key("ada"), 5, BASIS)).wait();
    const logs = await fetchTimedLogs({ provider: connection.ethers.provider, address: await citizens.getAddress() });
    const eligibility = logs.filter(({ log }) => citizens.interface.parseLog(log)?.name === "EligibilityChanged");
    expect(() => replayCitizenRegistry({ logs: logs.filter((entry) => entry !== eligibility[0]) })).to.throw(
      /eligibility change from other flags/,
    );
  });
});
