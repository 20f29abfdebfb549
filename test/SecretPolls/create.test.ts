import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { createPoll } from "../../src/actions/elections.js";
import { connectSuite } from "../../src/deployment.js";
import { InvalidInputError } from "../../src/errors.js";
import { ISecretPolls__factory } from "../../types/ethers-contracts/index.js";
import { ACCESS } from "../../src/wiring.js";
import { fixedIdentity } from "../helpers/ballots.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { networkHelpers } = connection;

/** The admin suite with the register and the elections in its deployment record, and one registered voter. */
async function fixture() {
  const f = await deployAdminSuite(connection);
  await f.citizens
    .connect(f.accounts.civilRegistrar)
    .registerCitizen(id("citizen ada"), 4101, 1, fixedIdentity("ada").commitment, id("basis"));
  const entry = async (address: string) => ({ ...f.suite.deployment.contracts.PropertyRegistry!, proxy: address });
  const deployment = {
    ...f.suite.deployment,
    contracts: {
      ...f.suite.deployment.contracts,
      CitizenRegistry: await entry(await f.citizens.getAddress()),
      Elections: await entry(await f.elections.getAddress()),
    },
    wiring: { ...f.suite.deployment.wiring, Elections: ACCESS.Elections.restricted },
  };
  return { ...f, suite: connectSuite({ deployment, runner: connection.ethers.provider }) };
}

/** The field an action refused, or a failure when it did not. */
async function refusedField(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return (error as InvalidInputError).field;
  }
  throw new Error("expected a refusal");
}

describe("Secret polls: the SDK's createPoll", function () {
  it("creates a secret poll with its trustees and quorum, and refuses bad ones before sending", async function () {
    const f = await networkHelpers.loadFixture(fixture);
    const opensAt = (await networkHelpers.time.latest()) + 3 * 24 * 3600;
    const trustees = [f.accounts.alice.address, f.accounts.bob.address, f.accounts.carol.address];
    const base = {
      suite: f.suite,
      signer: f.accounts.electionOfficer,
      metadataHash: id("question"),
      rule: "SingleChoice" as const,
      optionCount: 3,
      revoting: true,
      opensAt,
      closesAt: opensAt + 3600,
      jurisdiction: 4101,
      requiredFlags: 1,
    };
    expect(await refusedField(createPoll({ ...base, secret: { trustees, quorum: 0 } }))).to.equal("quorum");
    expect(await refusedField(createPoll({ ...base, secret: { trustees, quorum: 4 } }))).to.equal("quorum");
    expect(await refusedField(createPoll({ ...base, secret: { trustees: [], quorum: 1 } }))).to.equal("trustees");
    const twice = [trustees[0]!, trustees[0]!];
    expect(await refusedField(createPoll({ ...base, secret: { trustees: twice, quorum: 1 } }))).to.equal("trustees");
    expect(await refusedField(createPoll({ ...base, secret: { trustees: ["0x1234"], quorum: 1 } }))).to.equal(
      "trustees",
    );
    const budget = { ...base, rule: "Budget" as const, budget: 10n, costs: [1n, 2n, 3n] };
    expect(await refusedField(createPoll({ ...budget, secret: { trustees, quorum: 2 } }))).to.equal("rule");

    const created = await createPoll({ ...base, secret: { trustees, quorum: 2 } });
    expect(created.pollId).to.equal(1n);
    expect((await f.elections.poll(1n)).secret).to.equal(true);
    const [named, quorum] = await ISecretPolls__factory.connect(
      await f.elections.getAddress(),
      connection.ethers.provider,
    ).secretPoll(1n);
    expect([...named]).to.deep.equal(trustees);
    expect(quorum).to.equal(2n);
  });
});
