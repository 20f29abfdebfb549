/**
 * The admin commands' declarations as data: one list serves the Hardhat tasks (`tasks.ts` turns each into a task) and
 * the package's own `egov` command (`egov/main.ts`), which runs them without starting Hardhat. Kept free of heavy
 * imports, and of any import of Hardhat: each command's code is imported only when that command runs.
 *
 * @module
 */
import type { NewTaskActionFunction } from "hardhat/types/tasks";

/** An option of a command, named in camelCase (`cadastralRef` is `--cadastral-ref` on the command line). */
export interface CommandOption {
  readonly name: string;
  readonly description: string;
  /** A flag takes no value; a string option is absent (undefined) unless given or defaulted. */
  readonly kind?: "string" | "flag";
  readonly defaultValue?: string;
}

/** What a command does, which decides its common options. */
export type CommandKind =
  /** Sends transactions: `--from`, `--dry-run`, `--safe <file>` and `--json`. */
  | "write"
  /** Reads only: `--json`. */
  | "read"
  /** Sends in its own way (the deployment): `--json`. */
  | "plain";

export interface CommandSpec {
  /** The task id, for example `["property", "register"]`. */
  readonly id: readonly string[];
  readonly description: string;
  readonly kind: CommandKind;
  readonly options?: readonly CommandOption[];
  /** The command's action, imported when it runs. */
  readonly action: () => Promise<{ default: NewTaskActionFunction }>;
  /** Why the command runs only as a Hardhat task (`npx hardhat …`), when it needs Hardhat itself (compiling, Ignition). */
  readonly hardhatOnly?: string;
}

/** A group of commands (`npx hardhat property` and `egov property` list them). */
export interface CommandGroup {
  readonly group: string;
  readonly description: string;
}

/** A command or a group, as the areas' `*.tasks.ts` files declare them. */
export type CommandDefinition = CommandSpec | CommandGroup;

/** The options every write command has. */
export const WRITE_OPTIONS: readonly CommandOption[] = [
  {
    name: "from",
    description:
      "The acting account: one of the network's accounts (default: the first); with --safe, the Safe's address",
  },
  { name: "dryRun", kind: "flag", description: "Check and simulate, print the transactions and gas; send nothing" },
  {
    name: "safe",
    description: "Write the unsigned transactions to this Safe Transaction Builder batch file instead of sending",
  },
  {
    name: "replaceStuck",
    kind: "flag",
    description:
      "Resend a transaction the node dropped or that stays pending with the same nonce and a higher fee (never a second copy)",
  },
  { name: "json", kind: "flag", description: "Print the result as JSON" },
];

/** The options every read command has. */
export const READ_OPTIONS: readonly CommandOption[] = [
  { name: "json", kind: "flag", description: "Print the result as JSON" },
];

/** A lazily imported named export of a command module, as Hardhat's `setAction` wants it. */
export function lazy<ModuleT extends Record<NameT, NewTaskActionFunction>, NameT extends string>(
  load: () => Promise<ModuleT>,
  name: NameT,
): () => Promise<{ default: NewTaskActionFunction }> {
  return async () => ({ default: (await load())[name] });
}

/** A command, with its own options and the common ones of its kind (see {@link optionsOf}). */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** A group of commands. */
export function defineGroup(id: string, description: string): CommandGroup {
  return { group: id, description };
}

/** Whether a definition is a group. */
export function isGroup(definition: CommandDefinition): definition is CommandGroup {
  return "group" in definition;
}

/** Every option of a command: its own, then the common ones of its kind. */
export function optionsOf(spec: CommandSpec): readonly CommandOption[] {
  return [...(spec.options ?? []), ...(spec.kind === "write" ? WRITE_OPTIONS : READ_OPTIONS)];
}
