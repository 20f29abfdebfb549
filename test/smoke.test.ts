import { expect } from "chai";
import { network } from "hardhat";

import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
async function suiteFixture() {
  return deploySuite(connection);
}

describe("smoke", function () {
  it("deploys", async function () {
    const suite = await connection.networkHelpers.loadFixture(suiteFixture);
    expect(await suite.property.version()).to.equal("1.0.0");
  });
});
