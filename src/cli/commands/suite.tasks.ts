/**
 * The `suite` commands as Hardhat tasks: deploying and upgrading the suite. Each command's code is imported only when
 * it runs.
 *
 * @module
 */
import { type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";

const suite = () => import("./suite.js");
const emergency = () => import("./emergency.js");

/** `suite deploy` and `suite upgrade`. */
export const suiteTasks: CommandDefinition[] = [
  defineGroup("suite", "Deploy and upgrade the suite"),
  defineCommand({
    id: ["suite", "deploy"],
    description: "Deploy (or resume, or confirm) the suite and write deployments/<network>.json",
    kind: "plain",
    options: [
      {
        name: "parameters",
        description: "The deployment's parameters file (default: deployments/config/<network>.json)",
      },
      {
        name: "reset",
        kind: "flag",
        description: "Forget this chain's Ignition journal first (a restarted local node)",
      },
    ],
    action: lazy(suite, "deploy"),
    hardhatOnly: "it compiles the contracts and deploys them with Ignition",
  }),
  defineCommand({
    id: ["suite", "upgrade"],
    description: "Check a new implementation's storage layout, deploy it and schedule the upgrade in the authority",
    kind: "write",
    options: [
      { name: "contract", description: "The contract to upgrade, for example PropertyRegistry (required)" },
      { name: "artifact", description: "The new implementation's contract name (default: the contract's own)" },
      { name: "call", description: "A function of the new implementation to call during the upgrade" },
      { name: "callArgs", description: "The arguments of --call as a JSON array" },
    ],
    action: lazy(suite, "upgrade"),
    hardhatOnly: "it compiles the new implementation and checks its storage layout with Hardhat's plugins",
  }),
  defineCommand({
    id: ["suite", "pause"],
    description: "Stop every write of a contract in an emergency; reads go on (GUARDIAN)",
    kind: "write",
    options: [{ name: "contract", description: "The contract to pause, for example PropertyRegistry (required)" }],
    action: lazy(emergency, "pause"),
  }),
  defineCommand({
    id: ["suite", "unpause"],
    description: "Reopen the writes of a paused contract (ADMIN)",
    kind: "write",
    options: [{ name: "contract", description: "The contract to unpause, for example PropertyRegistry (required)" }],
    action: lazy(emergency, "unpause"),
  }),
];
