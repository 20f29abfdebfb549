import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";

import { InvalidInputError } from "../../src/errors.js";
import { runTrusteeCeremonies, type RunTrusteeCeremoniesParameters } from "../../src/elections/node.js";

const { ethers } = await network.create();
const signers = (await ethers.getSigners()).slice(0, 3);

/** The error `runTrusteeCeremonies` rejects with, or `undefined`. */
async function refusal(change: Partial<RunTrusteeCeremoniesParameters>): Promise<InvalidInputError | undefined> {
  let waited = false;
  try {
    await runTrusteeCeremonies({
      elections: Wallet.createRandom().address,
      pollIds: [1n],
      trustees: signers,
      quorum: 2,
      waitUntil: async () => {
        waited = true;
      },
      ...change,
    });
  } catch (error) {
    expect(waited, "nothing is awaited before the input is checked").to.equal(false);
    return error as InvalidInputError;
  }
  return undefined;
}

describe("runTrusteeCeremonies: the input it refuses before sending anything", function () {
  it("names pollIds, trustees or quorum and the reason", async function () {
    const cases: [Partial<RunTrusteeCeremoniesParameters>, string, string][] = [
      [{ pollIds: [] }, "pollIds", "must name at least one poll"],
      [{ trustees: [] }, "trustees", "must name the polls' trustees"],
      [{ quorum: 0 }, "quorum", "must be between 1 and the 3 trustees"],
      [{ quorum: 4 }, "quorum", "must be between 1 and the 3 trustees"],
      [{ quorum: 1.5 }, "quorum", "must be between 1 and the 3 trustees"],
      [{ trustees: [Wallet.createRandom()], quorum: 1 }, "trustees", "must be connected to a provider"],
    ];
    for (const [change, field, reason] of cases) {
      const error = await refusal(change);
      expect(error, field).to.be.instanceOf(InvalidInputError);
      expect([error!.field, error!.reason]).to.deep.equal([field, reason]);
    }
  });
});
