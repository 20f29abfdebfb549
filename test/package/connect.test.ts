/**
 * `connect` checks the chain before it hands out contracts: the provider's chain id against the record's, and code
 * at every address the record names.
 */
import { expect } from "chai";
import { VoidSigner } from "ethers";
import { network } from "hardhat";

import type { SuiteDeployment } from "../../src/deployment.js";
import { ChainMismatchError, ContractNotDeployedError, InvalidInputError } from "../../src/errors.js";
import { connect } from "../../src/index.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function fixture() {
  return deployAdminSuite(connection);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (error: unknown) => error,
  );
}

describe("connect", function () {
  it("connects to a deployment whose contracts are on the provider's chain", async function () {
    const { suite } = await networkHelpers.loadFixture(fixture);
    const connected = await connect({ deployment: suite.deployment, runner: ethers.provider });
    expect(await connected.propertyRegistry.getAddress()).to.equal(suite.deployment.contracts.PropertyRegistry!.proxy);
    expect(connected.deployment).to.equal(suite.deployment);
  });

  it("refuses a provider on another chain with a ChainMismatchError", async function () {
    const { suite } = await networkHelpers.loadFixture(fixture);
    const elsewhere: SuiteDeployment = { ...suite.deployment, network: "sepolia", chainId: 11155111 };
    const error = await rejection(connect({ deployment: elsewhere, runner: ethers.provider }));
    expect(error).to.be.instanceOf(ChainMismatchError);
    expect(error).to.deep.include({ expectedChainId: 11155111, actualChainId: 31337 });
    expect((error as ChainMismatchError).shortMessage).to.equal(
      'the deployment "sepolia" is on chain 11155111, but the provider is connected to chain 31337',
    );
  });

  it("refuses a record naming an address without code with a ContractNotDeployedError", async function () {
    const { suite, accounts } = await networkHelpers.loadFixture(fixture);
    const empty = accounts.alice.address;
    const broken: SuiteDeployment = {
      ...suite.deployment,
      contracts: {
        ...suite.deployment.contracts,
        CompanyRegistry: { ...suite.deployment.contracts.CompanyRegistry!, proxy: empty },
      },
    };
    const error = await rejection(connect({ deployment: broken, runner: ethers.provider }));
    expect(error).to.be.instanceOf(ContractNotDeployedError);
    expect(error).to.deep.include({ contract: "CompanyRegistry", address: empty });
  });

  it("refuses a runner without a provider", async function () {
    const { suite } = await networkHelpers.loadFixture(fixture);
    const error = await rejection(
      connect({
        deployment: suite.deployment,
        runner: new VoidSigner(suite.deployment.contracts.GovernmentAuthority.address),
      }),
    );
    expect(error).to.be.instanceOf(InvalidInputError);
    expect(error).to.deep.include({ field: "runner" });
  });
});
