import type { NetworkConnection } from "hardhat/types/network";

import { connectSuite, DEPLOYMENT_FORMAT, type Suite, type SuiteDeployment } from "../../src/deployment.js";
import { ACCESS } from "../../src/wiring.js";
import { deploySuite, TEST_DELAYS } from "./fixture.js";

/**
 * The test suite (see `deploySuite`) with a deployment record as the deploy command writes it, connected for the
 * admin actions.
 */
export async function deployAdminSuite(connection: NetworkConnection) {
  return recordSuite(connection, await deploySuite(connection));
}

/**
 * A deployed test suite with its deployment record, connected; with `elections`, the record also names the citizen
 * register and the Elections contract (as a deployment of today writes it).
 */
export async function recordSuite<FixtureT extends Awaited<ReturnType<typeof deploySuite>>>(
  connection: NetworkConnection,
  fixture: FixtureT,
  options: { readonly elections?: boolean } = {},
) {
  const provider = connection.ethers.provider;
  const chainId = Number((await provider.getNetwork()).chainId);
  const entry = async (address: string) => ({
    proxy: address,
    implementation: address,
    deploymentBlock: 0,
    deploymentTx: "0x",
    implementationBlock: 0,
    implementationTx: "0x",
    version: "1.0.0",
  });
  const deployment: SuiteDeployment = {
    format: DEPLOYMENT_FORMAT,
    network: "hardhat",
    chainId,
    deployer: fixture.accounts.admin.address,
    deployedAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
    ignition: { deploymentId: `chain-${chainId}`, journal: null },
    git: { commit: null, dirty: false },
    compiler: { version: "0.8.30", settings: {} },
    contracts: {
      GovernmentAuthority: {
        address: await fixture.authority.getAddress(),
        deploymentBlock: 0,
        deploymentTx: "0x",
        constructorArgs: [],
      },
      PropertyRegistry: await entry(await fixture.property.getAddress()),
      OwnershipTransfer: await entry(await fixture.transfer.getAddress()),
      DiplomaRegistry: await entry(await fixture.diplomas.getAddress()),
      CompanyRegistry: await entry(await fixture.companies.getAddress()),
      ...(options.elections === true
        ? {
            CitizenRegistry: await entry(await fixture.citizens.getAddress()),
            Elections: await entry(await fixture.elections.getAddress()),
          }
        : {}),
    },
    wiring: {
      PropertyRegistry: ACCESS.PropertyRegistry.restricted,
      OwnershipTransfer: ACCESS.OwnershipTransfer.restricted,
      DiplomaRegistry: ACCESS.DiplomaRegistry.restricted,
      CompanyRegistry: ACCESS.CompanyRegistry.restricted,
    },
    roles: { admin: fixture.accounts.admin.address, grants: {} },
    delays: TEST_DELAYS,
    saleApproval: { PropertyRegistry: true, CompanyRegistry: true },
  };
  const suite: Suite = connectSuite({ deployment, runner: provider });
  return { ...fixture, suite };
}
