import { expect } from "chai";
import hre from "hardhat";
import type { NewTaskDefinition, TaskDefinition } from "hardhat/types/tasks";
import { TaskDefinitionType } from "hardhat/types/tasks";

import { egovTasks } from "../../src/cli/hardhat-tasks.js";

const commands = egovTasks.filter(
  (definition): definition is NewTaskDefinition => definition.type === TaskDefinitionType.NEW_TASK,
);
const groups = egovTasks.filter((definition: TaskDefinition) => definition.type === TaskDefinitionType.EMPTY_TASK);

describe("admin command declarations", function () {
  it("every command belongs to a declared group and is registered with Hardhat", function () {
    expect(groups.map((group) => group.id.join(" "))).to.deep.equal([
      "suite",
      "roles",
      "property",
      "transfers",
      "diplomas",
      "companies",
      "citizens",
      "elections",
      "voter",
    ]);
    for (const command of commands) {
      expect(command.id).to.have.length(2);
      expect(
        groups.some((group) => group.id[0] === command.id[0]),
        command.id.join(" "),
      ).to.equal(true);
      expect(hre.tasks.getTask(command.id).description).to.equal(command.description);
    }
    expect(commands.map((command) => command.id.join(" "))).to.include.members([
      "suite deploy",
      "suite upgrade",
      "roles grant",
      "roles revoke",
      "roles list",
      "roles show-function",
      "roles schedule",
      "roles execute",
      "roles cancel",
      "property register",
      "property register-bulk",
      "transfers recover-keys",
      "diplomas issue-batch",
      "diplomas verify",
      "companies register",
      "companies show",
    ]);
  });

  it("every option is described, and no option shadows one of Hardhat's global options", function () {
    const global = ["network", "config", "help", "version", "verbosity", "coverage", "buildProfile", "showStackTraces"];
    for (const command of commands) {
      for (const [name, option] of Object.entries(command.options)) {
        expect(option.description, `${command.id.join(" ")} --${name}`).to.not.equal("");
        expect(global, `${command.id.join(" ")} --${name}`).to.not.include(name);
      }
    }
  });

  it("write commands offer --from, --dry-run, --safe, --replace-stuck and --json; every command offers --json", function () {
    for (const command of commands) {
      const options = Object.keys(command.options);
      expect(options, command.id.join(" ")).to.include("json");
      const writes = options.includes("dryRun");
      if (writes) expect(options, command.id.join(" ")).to.include.members(["from", "safe", "replaceStuck"]);
    }
    const writers = commands.filter((command) => "dryRun" in command.options).map((command) => command.id.join(" "));
    expect(writers).to.include.members(["property register", "transfers accept", "roles grant", "suite upgrade"]);
    expect(writers).to.not.include.members(["property show", "roles list", "suite deploy"]);
  });

  it("every command's action loads", async function () {
    for (const command of commands) {
      expect(command.action, command.id.join(" ")).to.be.a("function");
      const loaded = await command.action!();
      expect(loaded.default, command.id.join(" ")).to.be.a("function");
    }
  });
});
