/**
 * The Solidity test deployer's configuration, rendered from `src/wiring.ts` (`ACCESS`), `src/roles.ts` and the
 * Ignition module's delayed and guarded roles: the Solidity tests deploy the suite in Solidity (they cannot run
 * Ignition), and this keeps their deployment the one of the deploy command. `test/SuiteWiring.test.ts` fails when
 * `test/helpers/SuiteWiring.sol` differs from this rendering; `npx hardhat run scripts/render-suite-wiring.ts` writes
 * it.
 *
 * @module
 */
import { GRANT_DELAYED_ROLES, GUARDED_ROLES } from "../../ignition/modules/Suite.js";
import {
  DEFAULT_REVIEW_PERIOD,
  DefaultDelays,
  DELAYED_ROLES,
  LABELLED_ROLES,
  Roles,
  type RoleName,
} from "../../src/roles.js";
import { ACCESS, type SuiteContractName, functionRoleAssignments } from "../../src/wiring.js";

/** The contracts in the order of `SuiteDeployer`'s targets: every contract of `ACCESS`. */
export const WIRED_CONTRACTS: readonly SuiteContractName[] = [
  "PropertyRegistry",
  "OwnershipTransfer",
  "DiplomaRegistry",
  "CompanyRegistry",
  "CitizenRegistry",
  "Elections",
];

/** The role ids the Solidity tests use by name. */
const ROLE_CONSTANTS = (Object.keys(Roles) as RoleName[]).filter((name) => name !== "PUBLIC");

/** The text of `test/helpers/SuiteWiring.sol`. */
export function renderSuiteWiring(): string {
  const missing = (Object.keys(ACCESS) as SuiteContractName[]).filter((name) => !WIRED_CONTRACTS.includes(name));
  if (missing.length !== 0) throw new Error(`the Solidity deployer does not deploy ${missing.join(", ")}`);
  const entries = WIRED_CONTRACTS.flatMap((contract, target) =>
    functionRoleAssignments(contract).flatMap((assignment) =>
      assignment.signatures.map((signature, i) => ({
        target,
        selector: assignment.selectors[i]!,
        role: Roles[assignment.role],
        comment: `${contract}.${signature} -> ${assignment.role}`,
      })),
    ),
  );
  const total = WIRED_CONTRACTS.reduce((n, contract) => n + Object.keys(ACCESS[contract].restricted).length, 0);
  if (entries.length !== total) throw new Error("the wiring lists a function twice");
  const lines = entries.map(
    (e, i) => `        list[${i}] = Entry(${e.target}, ${e.selector}, ${e.role}); // ${e.comment}`,
  );
  const roleLines = ROLE_CONSTANTS.map((name) => `    uint64 internal constant ${name} = ${Roles[name]};`);
  const labelLines = LABELLED_ROLES.map((name, i) => `        list[${i}] = Label(${name}, "${name}");`);
  const guardedLines = GUARDED_ROLES.map((name, i) => `        list[${i}] = ${name};`);
  const constantOf = { recovery: "RECOVERY_DELAY", upgrade: "UPGRADE_DELAY", court: "COURT_DELAY" } as const;
  const grantDelayed = Object.entries(GRANT_DELAYED_ROLES) as [RoleName, keyof typeof constantOf][];
  const grantDelayLines = grantDelayed.map(
    ([name, kind], i) => `        list[${i}] = GrantDelay(${name}, ${constantOf[kind]});`,
  );
  const minimumDelayed = Object.entries(DELAYED_ROLES) as [RoleName, keyof typeof constantOf][];
  const minimumLines = minimumDelayed.map(
    ([name, kind], i) => `        list[${i}] = GrantDelay(${name}, ${constantOf[kind]});`,
  );
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Generated from src/wiring.ts, src/roles.ts and ignition/modules/Suite.ts by test/helpers/suiteWiring.ts;
// test/SuiteWiring.test.ts checks that it is current.

/**
 * @title SuiteWiring
 * @notice The deployment of the suite as the deploy command makes it (\`ACCESS\` in src/wiring.ts, the roles of
 * src/roles.ts, the delayed and guarded roles of the Ignition module), for the Solidity test deployer.
 */
library SuiteWiring {
    /// @notice One restricted function: the contract (index in {SuiteDeployer}'s order), its selector and its role.
    struct Entry {
        uint8 target;
        bytes4 selector;
        uint64 role;
    }

    /// @notice A role's label in the authority.
    struct Label {
        uint64 role;
        string label;
    }

    /// @notice A role and a delay in seconds: how long its new grants wait, or its minimum execution delay.
    struct GrantDelay {
        uint64 role;
        uint32 delay;
    }

${roleLines.join("\n")}

    /// @notice The deployment's default key-recovery delay (\`DefaultDelays.recovery\`).
    uint32 internal constant RECOVERY_DELAY = ${DefaultDelays.recovery};

    /// @notice The deployment's default upgrade delay (\`DefaultDelays.upgrade\`), also every contract's admin delay.
    uint32 internal constant UPGRADE_DELAY = ${DefaultDelays.upgrade};

    /// @notice The deployment's default court-order delay (\`DefaultDelays.court\`), COURT_OFFICER's minimum.
    uint32 internal constant COURT_DELAY = ${DefaultDelays.court};

    /// @notice The default review period of a poll (\`DEFAULT_REVIEW_PERIOD\`).
    uint40 internal constant REVIEW_PERIOD = ${DEFAULT_REVIEW_PERIOD};

    /// @notice Every restricted function of the suite.
    function entries() internal pure returns (Entry[] memory list) {
        list = new Entry[](${entries.length});
${lines.join("\n")}
    }

    /// @notice The roles labelled in the authority.
    function labels() internal pure returns (Label[] memory list) {
        list = new Label[](${LABELLED_ROLES.length});
${labelLines.join("\n")}
    }

    /// @notice The roles whose scheduled operations a GUARDIAN may cancel.
    function guardedRoles() internal pure returns (uint64[] memory list) {
        list = new uint64[](${GUARDED_ROLES.length});
${guardedLines.join("\n")}
    }

    /// @notice The roles whose members act only after a minimum execution delay, whatever their grant names.
    function minExecutionDelays() internal pure returns (GrantDelay[] memory list) {
        list = new GrantDelay[](${minimumDelayed.length});
${minimumLines.join("\n")}
    }

    /// @notice The roles whose new grants wait, so that ADMIN cannot skip an execution delay by granting itself one.
    function grantDelays() internal pure returns (GrantDelay[] memory list) {
        list = new GrantDelay[](${grantDelayed.length});
${grantDelayLines.join("\n")}
    }
}
`;
}
