import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { ContractFuture, Future } from "@nomicfoundation/ignition-core";

import {
  DefaultDelays,
  DELAYED_ROLES,
  executionDelayOf,
  LABELLED_ROLES,
  Roles,
  type RoleName,
} from "../../src/roles.js";
import { functionRoleAssignments, type SuiteContractName } from "../../src/wiring.js";
import CitizenRegistryModule from "./CitizenRegistry.js";
import DiplomaRegistryModule from "./DiplomaRegistry.js";
import ElectionsModule from "./Elections.js";
import AuthorityModule from "./GovernmentAuthority.js";
import CompanyRegistryModule from "./CompanyRegistry.js";
import OwnershipTransferModule from "./OwnershipTransfer.js";
import PropertyRegistryModule from "./PropertyRegistry.js";

/** What a deployment grants and configures, read from `deployments/config/<network>.json` by the deploy command. */
export interface SuiteConfig {
  /** The account that holds ADMIN once the deployment is done (a multisig or timelock); the deployer if absent. */
  readonly admin?: string;
  /** Accounts to grant each role to. */
  readonly grants?: Partial<Record<RoleName, readonly string[]>>;
  /** Execution delays in seconds: key recovery, upgrades and court orders. */
  readonly delays?: { readonly recovery?: number; readonly upgrade?: number; readonly court?: number };
  /** Whether a sale needs a registrar's approval, per registry. */
  readonly saleApproval?: { readonly property?: boolean; readonly company?: boolean };
}

/**
 * Roles that change owners, code or polls, and the delay every new grant of them waits (at least the execution delay
 * of the role, so that ADMIN cannot skip a delay by granting itself the role): the upgrader the upgrade delay; court
 * officers, recovery officers and the transfer agent, who move records, the recovery delay; the civil registrar and
 * the election officer, who make a poll's census and open it, the recovery delay too (3 days by default), longer than
 * a poll's review period (2 days at least), so that a grant to a new officer is public before any poll it could open.
 * The deployment's own grants take effect at once: the grant delays are set after them.
 */
export const GRANT_DELAYED_ROLES: Partial<Record<RoleName, "recovery" | "upgrade">> = {
  UPGRADER: "upgrade",
  RECOVERY_OFFICER: "recovery",
  COURT_OFFICER: "recovery",
  TRANSFER_AGENT: "recovery",
  CIVIL_REGISTRAR: "recovery",
  ELECTION_OFFICER: "recovery",
};

/** Roles whose scheduled operations a GUARDIAN may cancel. */
export const GUARDED_ROLES: readonly RoleName[] = ["RECOVERY_OFFICER", "UPGRADER", "COURT_OFFICER"];

/**
 * Builds the whole suite: the authority, every contract behind its proxy, the function-to-role wiring from
 * `src/wiring.ts`, role labels and guardians, the minimum execution delays of the delayed roles, the transfer
 * contract's TRANSFER_AGENT role and registry policies, the configured grants with their delays, then the grant delays
 * and each contract's admin delay (which bind from that block on: the authority has no minimum setback), and finally
 * the handover of ADMIN so that the deployer keeps no power.
 */
export function buildSuiteModule(config: SuiteConfig = {}) {
  return buildModule("Suite", (m) => {
    const deployer = m.getAccount(0);
    const { authority } = m.useModule(AuthorityModule);
    const { propertyRegistry } = m.useModule(PropertyRegistryModule);
    const { ownershipTransfer } = m.useModule(OwnershipTransferModule);
    const { diplomaRegistry } = m.useModule(DiplomaRegistryModule);
    const { companyRegistry } = m.useModule(CompanyRegistryModule);
    const { citizenRegistry } = m.useModule(CitizenRegistryModule);
    const { elections, semaphoreVerifier } = m.useModule(ElectionsModule);

    const contracts: Record<SuiteContractName, ContractFuture<string> | undefined> = {
      PropertyRegistry: propertyRegistry,
      OwnershipTransfer: ownershipTransfer,
      DiplomaRegistry: diplomaRegistry,
      CompanyRegistry: companyRegistry,
      CitizenRegistry: citizenRegistry,
      Elections: elections,
    };

    const delays = { ...DefaultDelays, ...config.delays };
    const steps: Future[] = [];
    for (const [name, contract] of Object.entries(contracts) as [SuiteContractName, ContractFuture<string>][]) {
      if (contract === undefined) continue;
      for (const assignment of functionRoleAssignments(name)) {
        steps.push(
          m.call(authority, "setTargetFunctionRole", [contract, [...assignment.selectors], Roles[assignment.role]], {
            id: `wire_${name}_${assignment.role}`,
          }),
        );
      }
    }
    for (const role of LABELLED_ROLES) {
      steps.push(m.call(authority, "labelRole", [Roles[role], role], { id: `label_${role}` }));
    }
    for (const role of GUARDED_ROLES) {
      steps.push(m.call(authority, "setRoleGuardian", [Roles[role], Roles.GUARDIAN], { id: `guardian_${role}` }));
    }
    // A minimum is raised over the role's complete list of members, which is empty before the grants below: they
    // come after every minimum, and each names at least its role's.
    const minimums: Future[] = [];
    for (const [role, kind] of Object.entries(DELAYED_ROLES) as [RoleName, keyof typeof DefaultDelays][]) {
      minimums.push(
        m.call(authority, "setMinExecutionDelay", [Roles[role], delays[kind], []], {
          id: `minExecutionDelay_${role}`,
        }),
      );
    }
    steps.push(...minimums);
    steps.push(
      m.call(authority, "grantRole", [Roles.TRANSFER_AGENT, ownershipTransfer, 0], { id: "grant_TRANSFER_AGENT" }),
    );
    steps.push(
      m.call(
        ownershipTransfer,
        "setRegistryPolicy",
        [propertyRegistry, [true, config.saleApproval?.property ?? true, Roles.LAND_REGISTRAR]],
        { id: "policy_PropertyRegistry", after: steps.slice() },
      ),
    );
    steps.push(
      m.call(
        ownershipTransfer,
        "setRegistryPolicy",
        [companyRegistry, [true, config.saleApproval?.company ?? true, Roles.COMPANY_REGISTRAR]],
        { id: "policy_CompanyRegistry", after: steps.slice() },
      ),
    );

    for (const [role, accounts] of Object.entries(config.grants ?? {}) as [RoleName, readonly string[]][]) {
      const executionDelay = executionDelayOf(role, delays);
      accounts.forEach((account, index) => {
        steps.push(
          m.call(authority, "grantRole", [Roles[role], account, executionDelay], {
            id: `grant_${role}_${index}`,
            after: minimums,
          }),
        );
      });
    }

    // The grant and admin delays bind from the block they are set in (the authority has no minimum setback), so they
    // come after the deployment's own grants and wiring.
    const configured = steps.slice();
    for (const [role, kind] of Object.entries(GRANT_DELAYED_ROLES) as [RoleName, "recovery" | "upgrade"][]) {
      steps.push(
        m.call(authority, "setGrantDelay", [Roles[role], delays[kind]], {
          id: `grantDelay_${role}`,
          after: configured,
        }),
      );
    }
    for (const [name, contract] of Object.entries(contracts) as [SuiteContractName, ContractFuture<string>][]) {
      if (contract === undefined) continue;
      // ADMIN's own changes to a contract's wiring (function roles, closing, a new authority) wait the upgrade delay.
      steps.push(
        m.call(authority, "setTargetAdminDelay", [contract, delays.upgrade], {
          id: `adminDelay_${name}`,
          after: configured,
        }),
      );
    }

    if (config.admin !== undefined) {
      const handover = m.call(authority, "grantRole", [Roles.ADMIN, config.admin, 0], {
        id: "grant_ADMIN_final",
        after: steps.slice(),
      });
      m.call(authority, "renounceRole", [Roles.ADMIN, deployer], { id: "renounce_ADMIN_deployer", after: [handover] });
    }

    return {
      authority,
      propertyRegistry,
      ownershipTransfer,
      diplomaRegistry,
      companyRegistry,
      citizenRegistry,
      elections,
      semaphoreVerifier,
    };
  });
}

export default buildSuiteModule();
