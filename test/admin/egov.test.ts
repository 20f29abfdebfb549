import { expect } from "chai";
import type { NewTaskDefinition } from "hardhat/types/tasks";
import { TaskDefinitionType } from "hardhat/types/tasks";

import { parseCommandLine, UsageError } from "../../src/cli/egov/argv.js";
import { egovHost } from "../../src/cli/egov/host.js";
import { egovTasks } from "../../src/cli/hardhat-tasks.js";
import { COMMANDS } from "../../src/cli/tasks.js";

const parse = (argv: readonly string[], env: NodeJS.ProcessEnv = {}) => parseCommandLine(argv, COMMANDS, env);

/** The message of the usage error a command line gives. */
function refusal(argv: readonly string[]): string {
  try {
    parse(argv);
  } catch (error) {
    expect(error).to.be.instanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("the egov command line", function () {
  it("offers every Hardhat task as a command with the same options", function () {
    const tasks = egovTasks.filter((task): task is NewTaskDefinition => task.type === TaskDefinitionType.NEW_TASK);
    expect(tasks.length).to.be.greaterThan(60);
    for (const task of tasks) {
      const help = parse([...task.id, "--help"]);
      expect(help.kind, task.id.join(" ")).to.equal("help");
      const text = help.kind === "help" ? help.text : "";
      expect(text).to.include(task.description);
      for (const name of Object.keys(task.options)) {
        const kebab = name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
        expect(text, `${task.id.join(" ")} --${kebab}`).to.match(new RegExp(`\\n  --${kebab}[ <]`));
      }
    }
  });

  it("hands a command every option: given ones, defaults, and flags as false", function () {
    const run = parse(["property", "register-bulk", "--file", "titles.csv", "--in-flight=2", "--check-only"]);
    expect(run.kind).to.equal("run");
    if (run.kind !== "run") return;
    expect(run.spec.id).to.deep.equal(["property", "register-bulk"]);
    expect(run.args).to.include({ file: "titles.csv", inFlight: "2", chunkSize: "auto", checkOnly: true });
    expect(run.args).to.include({ dryRun: false, json: false, replaceStuck: false });
    expect(run.args).to.have.property("journal", undefined);
    expect(run.network).to.equal("localhost");
  });

  it("takes the network from --network, before or after the command, or from EGOV_NETWORK", function () {
    const before = parse(["--network", "sepolia", "roles", "list"]);
    const after = parse(["roles", "list", "--network=besu"]);
    const fromEnv = parse(["roles", "list"], { EGOV_NETWORK: "sepolia" });
    expect([before, after, fromEnv].map((run) => (run.kind === "run" ? run.network : run.kind))).to.deep.equal([
      "sepolia",
      "besu",
      "sepolia",
    ]);
  });

  it("names the unknown area, command or option and the closest known one", function () {
    expect(refusal(["propery", "show"])).to.equal(
      'unknown command area "propery" (did you mean property?); areas: suite, roles, property, transfers, diplomas, companies, citizens, elections, voter',
    );
    expect(refusal(["property", "sho"])).to.equal(
      'unknown command "property sho" (did you mean show?); see `egov property --help`',
    );
    expect(refusal(["property", "show", "--parcl", "UT-1"])).to.equal(
      "--parcl: unknown option of `egov property show` (did you mean parcel?); see `egov property show --help`",
    );
    expect(refusal(["--colour", "property"])).to.equal("--colour: unknown option of `egov`; see `egov --help`");
  });

  it("refuses a missing value, a flag with a value, an option given twice and a stray word", function () {
    expect(refusal(["property", "show", "--parcel"])).to.equal("--parcel: needs a value");
    expect(refusal(["property", "show", "--parcel", "--json"])).to.equal("--parcel: needs a value");
    expect(refusal(["property", "show", "--json=yes"])).to.equal("--json: is a flag and takes no value");
    expect(refusal(["property", "show", "--parcel", "A", "--parcel", "B"])).to.equal("--parcel: given twice");
    expect(refusal(["property", "show", "UT-1"])).to.equal(
      'unexpected argument "UT-1": options are written --name value',
    );
  });

  it("sends the commands that need Hardhat itself to npx hardhat", function () {
    expect(refusal(["suite", "deploy"])).to.equal(
      "`suite deploy` runs only as `npx hardhat suite deploy` in the project: it compiles the contracts and deploys them with Ignition",
    );
    const help = parse(["suite"]);
    expect(help.kind === "help" ? help.text : "").to.match(/\n {2}deploy +Deploy .*\(npx hardhat only\)\n/);
  });

  it("lists the areas, an area's commands and the version", function () {
    const general = parse([]);
    expect(general.kind === "help" ? general.text : "").to.match(/\n {2}property +Land titles and liens/);
    const area = parse(["diplomas", "--help"]);
    expect(area.kind === "help" ? area.text : "").to.match(/\n {2}verify +/);
    expect(parse(["--version"]).kind).to.equal("version");
  });
});

describe("the egov command's network", function () {
  const host = (network: string, env: NodeJS.ProcessEnv) =>
    egovHost({ network, env, root: process.cwd(), showStackTraces: false });

  it("names an unknown network and the known ones", async function () {
    await expectRefusal(
      host("mainnet", {}).connect(),
      '--network: unknown network "mainnet" (known: localhost, sepolia, besu)',
    );
  });

  it("names the variable that lacks the node's URL", async function () {
    await expectRefusal(
      host("sepolia", {}).connect(),
      'network "sepolia" needs its node\'s URL in the environment variable SEPOLIA_RPC_URL',
    );
    await expectRefusal(
      host("sepolia", { SEPOLIA_RPC_URL: "ws://node" }).connect(),
      'SEPOLIA_RPC_URL: must be an http(s) URL, got "ws://node"',
    );
  });

  it("names the URL where no node answers and how to start one", async function () {
    await expectRefusal(
      host("localhost", { EGOV_RPC_URL: "http://127.0.0.1:1" }).connect(),
      'no node answers at http://127.0.0.1:1 (network "localhost"): start one with `npx hardhat node`, or point EGOV_RPC_URL at the node (EGOV_RPC_URL=http://host:8545)',
    );
  });
});

async function expectRefusal(promise: Promise<unknown>, message: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error, "no error").to.be.instanceOf(Error);
  expect((error as { shortMessage?: string }).shortMessage ?? (error as Error).message).to.equal(message);
}
