/**
 * The `roles` commands as Hardhat tasks: roles and scheduled operations in the GovernmentAuthority. Each command's code
 * is imported only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";

const roles = () => import("./roles.js");

const OPERATION: CommandOption = { name: "operation", description: "The scheduled operation's id (required)" };

/** `roles …`. */
export const rolesTasks: CommandDefinition[] = [
  defineGroup("roles", "Roles and scheduled operations in the GovernmentAuthority"),
  defineCommand({
    id: ["roles", "grant"],
    description: "Grant a role to an account",
    kind: "write",
    options: [
      { name: "role", description: "The role's name, for example LAND_REGISTRAR (required)" },
      { name: "account", description: "The account (required)" },
      {
        name: "executionDelay",
        description: "Delay between scheduling and executing the role's calls, like 3d (default: the role's)",
      },
    ],
    action: lazy(roles, "grant"),
  }),
  defineCommand({
    id: ["roles", "revoke"],
    description: "Revoke a role from an account",
    kind: "write",
    options: [
      { name: "role", description: "The role's name (required)" },
      { name: "account", description: "The account (required)" },
    ],
    action: lazy(roles, "revoke"),
  }),
  defineCommand({
    id: ["roles", "list"],
    description: "List roles and their holders, rebuilt from the authority's events",
    kind: "read",
    options: [{ name: "role", description: "Only this role" }],
    action: lazy(roles, "list"),
  }),
  defineCommand({
    id: ["roles", "show-function"],
    description: "Show the role a function requires, its delays and holders",
    kind: "read",
    options: [
      { name: "contract", description: "The contract's name or address (required)" },
      { name: "function", description: "The function's name or signature (required)" },
    ],
    action: lazy(roles, "showFunctionCommand"),
  }),
  defineCommand({
    id: ["roles", "schedule"],
    description: "Schedule a delayed call in the authority",
    kind: "write",
    options: [
      { name: "contract", description: "The contract to call, by name or address (required)" },
      { name: "function", description: "The function's name or signature" },
      { name: "args", description: "The function's arguments as a JSON array (default: [])" },
      { name: "data", description: "Raw calldata instead of --function and --args" },
      { name: "when", description: "Not before this time (ISO date, unix seconds or +duration)" },
    ],
    action: lazy(roles, "schedule"),
  }),
  defineCommand({
    id: ["roles", "execute"],
    description: "Execute a scheduled operation once its delay has passed",
    kind: "write",
    options: [OPERATION],
    action: lazy(roles, "execute"),
  }),
  defineCommand({
    id: ["roles", "cancel"],
    description: "Cancel a scheduled operation (its scheduler, a guardian or ADMIN)",
    kind: "write",
    options: [OPERATION],
    action: lazy(roles, "cancel"),
  }),
  defineCommand({
    id: ["roles", "operation"],
    description: "Show a scheduled operation and where it stands",
    kind: "read",
    options: [OPERATION],
    action: lazy(roles, "operation"),
  }),
];
