/**
 * Declares the admin commands as Hardhat 3 tasks. Kept free of heavy imports: `hardhat.config.ts` loads it for every
 * Hardhat invocation, and each command's code is imported only when that command runs.
 *
 * @module
 */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskActionFunction, NewTaskDefinitionBuilder, TaskDefinition } from "hardhat/types/tasks";

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
}

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

/** A task that runs a command, with its own options and the common ones of its kind. */
export function defineCommand(spec: CommandSpec): TaskDefinition {
  let builder: NewTaskDefinitionBuilder = task([...spec.id], spec.description);
  const common = spec.kind === "write" ? WRITE_OPTIONS : READ_OPTIONS;
  for (const option of [...(spec.options ?? []), ...common]) {
    if (option.kind === "flag") {
      builder = builder.addFlag({ name: option.name, description: option.description });
    } else if (option.defaultValue !== undefined) {
      builder = builder.addOption({
        name: option.name,
        description: option.description,
        type: ArgumentType.STRING,
        defaultValue: option.defaultValue,
      });
    } else {
      builder = builder.addOption({
        name: option.name,
        description: option.description,
        type: ArgumentType.STRING_WITHOUT_DEFAULT,
        defaultValue: undefined,
      });
    }
  }
  return builder.setAction(spec.action).build();
}

/** A task that only groups commands (`npx hardhat property` lists them). */
export function defineGroup(id: string, description: string): TaskDefinition {
  return emptyTask(id, description).build();
}
