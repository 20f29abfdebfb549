/**
 * Every admin command as a Hardhat task, for the `tasks` array of `hardhat.config.ts`: the declarations of
 * `tasks.ts`, each with its own options and the common ones of its kind.
 *
 * @module
 */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskDefinition } from "hardhat/types/tasks";

import { COMMANDS } from "./tasks.js";
import { type CommandDefinition, isGroup, optionsOf } from "./define.js";

/** The Hardhat task of a command or group. */
function taskOf(definition: CommandDefinition): TaskDefinition {
  if (isGroup(definition)) return emptyTask(definition.group, definition.description).build();
  let builder: NewTaskDefinitionBuilder = task([...definition.id], definition.description);
  for (const option of optionsOf(definition)) {
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
  return builder.setAction(definition.action).build();
}

/** Every admin command. */
export const egovTasks: TaskDefinition[] = COMMANDS.map(taskOf);
