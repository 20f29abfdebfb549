import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { buildSuiteModule } from "../../ignition/modules/Suite.js";
import {
  CitizenRegistry__factory,
  CompanyRegistry__factory,
  DiplomaRegistry__factory,
  Elections__factory,
  type GovernmentAuthority,
  GovernmentAuthority__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "../../types/ethers-contracts/index.js";

/** The named accounts every test uses. */
export interface SuiteAccounts {
  admin: HardhatEthersSigner;
  landRegistrar: HardhatEthersSigner;
  companyRegistrar: HardhatEthersSigner;
  accreditor: HardhatEthersSigner;
  diplomaIssuer: HardhatEthersSigner;
  courtOfficer: HardhatEthersSigner;
  guardian: HardhatEthersSigner;
  upgrader: HardhatEthersSigner;
  recoveryOfficer: HardhatEthersSigner;
  alice: HardhatEthersSigner;
  bob: HardhatEthersSigner;
  carol: HardhatEthersSigner;
  bank: HardhatEthersSigner;
  outsider: HardhatEthersSigner;
  civilRegistrar: HardhatEthersSigner;
  electionOfficer: HardhatEthersSigner;
}

/**
 * Delays the test suite deploys with, in seconds: the defaults for recovery and upgrades; court orders at once, so
 * that the tests of sales and records can move a title by court order in one call (the default day's wait, and a
 * court order scheduled through it, are tested in `test/AuthorityDelays.test.ts` and the commands' tests).
 */
export const TEST_DELAYS = { recovery: 3 * 24 * 3600, upgrade: 7 * 24 * 3600, court: 0 } as const;

/**
 * Deploys the suite exactly as the deploy command does (the same Ignition module and wiring), granting each role to
 * its named test account, with {@link TEST_DELAYS} unless `delays` names others.
 */
export async function deploySuite(
  connection: NetworkConnection,
  delays: { readonly recovery?: number; readonly upgrade?: number; readonly court?: number } = TEST_DELAYS,
) {
  const { ethers, ignition } = connection;
  const [
    admin,
    landRegistrar,
    companyRegistrar,
    accreditor,
    diplomaIssuer,
    courtOfficer,
    guardian,
    upgrader,
    recoveryOfficer,
    alice,
    bob,
    carol,
    bank,
    outsider,
    civilRegistrar,
    electionOfficer,
  ] = await ethers.getSigners();
  const accounts: SuiteAccounts = {
    admin,
    landRegistrar,
    companyRegistrar,
    accreditor,
    diplomaIssuer,
    courtOfficer,
    guardian,
    upgrader,
    recoveryOfficer,
    alice,
    bob,
    carol,
    bank,
    outsider,
    civilRegistrar,
    electionOfficer,
  };
  const deployed = await ignition.deploy(
    buildSuiteModule({
      grants: {
        LAND_REGISTRAR: [landRegistrar.address],
        COMPANY_REGISTRAR: [companyRegistrar.address],
        ACCREDITOR: [accreditor.address],
        DIPLOMA_ISSUER: [diplomaIssuer.address],
        COURT_OFFICER: [courtOfficer.address],
        GUARDIAN: [guardian.address],
        UPGRADER: [upgrader.address],
        RECOVERY_OFFICER: [recoveryOfficer.address],
        CIVIL_REGISTRAR: [civilRegistrar.address],
        ELECTION_OFFICER: [electionOfficer.address],
      },
      delays,
    }),
    { displayUi: false },
  );
  const authority = GovernmentAuthority__factory.connect(await deployed.authority.getAddress(), admin);
  const property = PropertyRegistry__factory.connect(await deployed.propertyRegistry.getAddress(), admin);
  const transfer = OwnershipTransfer__factory.connect(await deployed.ownershipTransfer.getAddress(), admin);
  const diplomas = DiplomaRegistry__factory.connect(await deployed.diplomaRegistry.getAddress(), admin);
  const companies = CompanyRegistry__factory.connect(await deployed.companyRegistry.getAddress(), admin);
  const citizens = CitizenRegistry__factory.connect(await deployed.citizenRegistry.getAddress(), admin);
  const elections = Elections__factory.connect(await deployed.elections.getAddress(), admin);
  const semaphoreVerifier = await deployed.semaphoreVerifier.getAddress();
  return { accounts, authority, property, transfer, diplomas, companies, citizens, elections, semaphoreVerifier };
}

export type Suite = Awaited<ReturnType<typeof deploySuite>>;

/** The authority and its ADMIN, as both the test fixture and the SDK's suite name them. */
export interface AuthorityAdmin {
  readonly authority: GovernmentAuthority;
  readonly admin: HardhatEthersSigner;
}

/**
 * ADMIN's close (or reopen) of `target` in the authority, scheduled now. The authority applies each contract's admin
 * delay from the deployment's first block, so the change can run only once that delay has passed; the returned
 * function runs it then (within the week a schedule lasts).
 */
export async function scheduleClosed(
  { authority, admin }: AuthorityAdmin,
  target: string,
  closed: boolean,
): Promise<() => Promise<unknown>> {
  const data = authority.interface.encodeFunctionData("setTargetClosed", [target, closed]);
  await authority.connect(admin).schedule(authority, data, 0);
  return async () => (await authority.connect(admin).execute(authority, data)).wait();
}

/** ADMIN closes (or reopens) `target` in the authority: scheduled, and executed once the admin delay has passed. */
export async function setClosedAfterDelay(
  connection: NetworkConnection,
  owner: AuthorityAdmin,
  target: string,
  closed: boolean,
): Promise<void> {
  const run = await scheduleClosed(owner, target, closed);
  await connection.networkHelpers.time.increase(await owner.authority.getTargetAdminDelay(target));
  await run();
}
