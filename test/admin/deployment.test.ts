import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import {
  DEPLOYMENT_FORMAT,
  deploymentNameOf,
  settlePendingUpgrade,
  type SuiteDeployment,
} from "../../src/deployment.js";
import { readDeployment, writeDeployment } from "../../src/deployment-files.js";
import { DeploymentNotFoundError } from "../../src/errors.js";

const AUTHORITY = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const PROXY = "0x59b670e9fA9D0A427751Af201D676719a970857b";
const OLD = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const NEW = "0x0116686E2291dbd5e317F47faDBFb43B599786Ef";

function record(network: string, chainId: number): SuiteDeployment {
  return {
    format: DEPLOYMENT_FORMAT,
    network,
    chainId,
    deployer: AUTHORITY,
    deployedAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    ignition: { deploymentId: `chain-${chainId}`, journal: `ignition/chain-${chainId}` },
    git: { commit: null, dirty: false },
    compiler: { version: "0.8.30", settings: {} },
    contracts: {
      GovernmentAuthority: { address: AUTHORITY, deploymentBlock: 1, deploymentTx: "0x01", constructorArgs: [] },
      PropertyRegistry: {
        proxy: PROXY,
        implementation: OLD,
        deploymentBlock: 3,
        deploymentTx: "0x03",
        implementationBlock: 2,
        implementationTx: "0x02",
        version: "1.0.0",
      },
    },
    wiring: {},
    roles: { admin: AUTHORITY, grants: {} },
    delays: { recovery: 1, upgrade: 1 },
    saleApproval: {},
    pendingUpgrades: {
      "0xaa": {
        contract: "PropertyRegistry",
        implementation: NEW,
        implementationBlock: 9,
        implementationTx: "0x09",
        executableAt: 5,
      },
    },
  };
}

/** The error a function throws. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  return expect.fail("nothing was thrown");
}

describe("deployment records", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "egov-records-"));
    writeDeployment(record("sepolia", 11155111), dir);
    writeDeployment(record("localhost", 31337), dir);
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("is read back by network name or by chain id", function () {
    expect(readDeployment({ network: "sepolia" }, dir)).to.deep.equal(record("sepolia", 11155111));
    expect(readDeployment({ chainId: 31337 }, dir).network).to.equal("localhost");
  });

  it("a missing or malformed record is a DeploymentNotFoundError saying what to do", function () {
    const missing = thrown(() => readDeployment({ network: "mainnet" }, dir));
    expect(missing).to.be.instanceOf(DeploymentNotFoundError);
    expect((missing as DeploymentNotFoundError).shortMessage).to.match(
      /^no usable deployment for network "mainnet": .*mainnet\.json does not exist; deploy with `npm run deploy -- --network mainnet`$/,
    );
    expect(thrown(() => readDeployment({ chainId: 1 }, dir)).message).to.match(/^no usable deployment for chain 1/);
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ format: "something else" }));
    expect(thrown(() => readDeployment({ network: "broken" }, dir)).message).to.match(/is not a deployment record/);
    writeFileSync(
      join(dir, "noproxy.json"),
      JSON.stringify({ ...record("noproxy", 5), contracts: { ...record("x", 5).contracts, PropertyRegistry: {} } }),
    );
    expect(thrown(() => readDeployment({ network: "noproxy" }, dir)).message).to.match(
      /has no proxy address for PropertyRegistry$/,
    );
  });

  it("an executed upgrade becomes the contract's implementation; a cancelled one is forgotten", function () {
    const executed = settlePendingUpgrade({
      deployment: record("sepolia", 1),
      operationId: "0xaa",
      outcome: "executed",
      version: "2.0.0",
    })!;
    expect(executed.pendingUpgrades).to.deep.equal({});
    expect(executed.contracts.PropertyRegistry).to.deep.include({
      proxy: PROXY,
      implementation: NEW,
      implementationBlock: 9,
      implementationTx: "0x09",
      version: "2.0.0",
    });
    const cancelled = settlePendingUpgrade({
      deployment: record("sepolia", 1),
      operationId: "0xaa",
      outcome: "cancelled",
    })!;
    expect(cancelled.pendingUpgrades).to.deep.equal({});
    expect(cancelled.contracts.PropertyRegistry!.implementation).to.equal(OLD);
    expect(
      settlePendingUpgrade({ deployment: record("sepolia", 1), operationId: "0xbb", outcome: "executed" }),
    ).to.equal(undefined);
  });

  it("the in-process network's record is named hardhat", function () {
    expect(deploymentNameOf({ networkName: "default", networkType: "edr-simulated" })).to.equal("hardhat");
    expect(deploymentNameOf({ networkName: "sepolia", networkType: "http" })).to.equal("sepolia");
  });
});
