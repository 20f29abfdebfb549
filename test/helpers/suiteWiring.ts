/**
 * The Solidity test deployer's wiring, rendered from `src/wiring.ts` (`ACCESS`) and `src/roles.ts`: the Solidity tests
 * deploy the suite in Solidity (they cannot run Ignition), and this keeps their wiring the one of the deployment.
 * `test/SuiteWiring.test.ts` fails when `test/helpers/SuiteWiring.sol` differs from this rendering;
 * `npx hardhat run scripts/render-suite-wiring.ts` writes it.
 *
 * @module
 */
import { Roles } from "../../src/roles.js";
import { ACCESS, type SuiteContractName, functionRoleAssignments } from "../../src/wiring.js";

/** The contracts in the order of `SuiteWiring.Target`. */
export const WIRED_CONTRACTS: readonly SuiteContractName[] = [
  "PropertyRegistry",
  "OwnershipTransfer",
  "DiplomaRegistry",
  "CompanyRegistry",
];

/** The text of `test/helpers/SuiteWiring.sol`. */
export function renderSuiteWiring(): string {
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
  return `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Generated from src/wiring.ts by test/helpers/suiteWiring.ts; test/SuiteWiring.test.ts checks that it is current.

/**
 * @title SuiteWiring
 * @notice The function-to-role wiring of the suite (\`ACCESS\` in src/wiring.ts), for the Solidity test deployer.
 */
library SuiteWiring {
    /// @notice One restricted function: the contract (index in {SuiteDeployer}'s order), its selector and its role.
    struct Entry {
        uint8 target;
        bytes4 selector;
        uint64 role;
    }

    /// @notice Every restricted function of the suite.
    function entries() internal pure returns (Entry[] memory list) {
        list = new Entry[](${entries.length});
${lines.join("\n")}
    }
}
`;
}
