/**
 * Every admin command's declaration: the one list that `hardhat-tasks.ts` turns into Hardhat tasks (for the `tasks`
 * array of `hardhat.config.ts`) and that the package's `egov` command runs without Hardhat. Each area (suite, roles,
 * property, transfers, diplomas, companies, citizens, elections, voter) declares its group task and subcommands in
 * `commands/<area>.tasks.ts`, beside the commands' code in `commands/<area>.ts`, which loads only when a command runs.
 *
 * Adding a registry's commands: write `src/actions/<area>.ts` (the library functions), `src/cli/commands/<area>.ts`
 * (option parsing and printing) and `src/cli/commands/<area>.tasks.ts` (the declarations), then add its list to
 * `AREAS` (its contract's `cliArea` in `src/manifest.ts`).
 *
 * @module
 */
import type { ManifestCliArea } from "../manifest.js";

import type { CommandDefinition } from "./define.js";
import { citizensTasks } from "./commands/citizens.tasks.js";
import { companiesTasks } from "./commands/companies.tasks.js";
import { diplomasTasks } from "./commands/diplomas.tasks.js";
import { electionsTasks } from "./commands/elections.tasks.js";
import { propertyTasks } from "./commands/property.tasks.js";
import { rolesTasks } from "./commands/roles.tasks.js";
import { suiteTasks } from "./commands/suite.tasks.js";
import { transfersTasks } from "./commands/transfers.tasks.js";
import { voterTasks } from "./commands/voter.tasks.js";

/**
 * The command areas: one per contract of the manifest (its `cliArea`; a row without its area here does not
 * compile), and the areas of no single contract (the suite's deployment, a voter's own commands).
 */
const AREAS: Readonly<Record<ManifestCliArea | "suite" | "voter", CommandDefinition[]>> = {
  suite: suiteTasks,
  roles: rolesTasks,
  property: propertyTasks,
  transfers: transfersTasks,
  diplomas: diplomasTasks,
  companies: companiesTasks,
  citizens: citizensTasks,
  elections: electionsTasks,
  voter: voterTasks,
};

/** Every admin command and group, in the order of the areas. */
export const COMMANDS: readonly CommandDefinition[] = Object.values(AREAS).flat();
