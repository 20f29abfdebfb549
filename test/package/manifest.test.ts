/**
 * The registry manifest is complete: every compiled contract of the suite has a row, every interface of the suite
 * ships, and every row brings what it says (its ABI in `abi`, its events, its roles table, its deployment, its replay
 * and its command area).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import { abis } from "../../src/abi.js";
import { type ManifestRow, MANIFEST, SHARED_INTERFACES, SHIPPED_ABIS } from "../../src/manifest.js";
import { REPLAYS } from "../../src/replay.js";
import { egovTasks } from "../../src/cli/hardhat-tasks.js";
import { ACCESS } from "../../src/wiring.js";
import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

const CONTRACTS = join(PROJECT_ROOT, "artifacts", "contracts");
/** Folders of compiled contracts that are not part of the suite. */
const NOT_SUITE = new Set(["mocks", "test"]);

interface Artifact {
  readonly name: string;
  readonly folder: string;
  readonly abi: readonly unknown[];
  readonly deployable: boolean;
  /** A Solidity library: its code starts by checking that it is called, never deployed as a contract of the suite. */
  readonly library: boolean;
}

/** Every compiled contract of the suite's folders, from Hardhat's artifacts. */
function artifacts(): Artifact[] {
  return readdirSync(CONTRACTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !NOT_SUITE.has(entry.name))
    .flatMap((folder) =>
      readdirSync(join(CONTRACTS, folder.name)).flatMap((source) => {
        const name = source.replace(/\.sol$/, "");
        const file = join(CONTRACTS, folder.name, source, `${name}.json`);
        if (!existsSync(file)) return [];
        const { abi, bytecode, deployedBytecode } = JSON.parse(readFileSync(file, "utf8")) as {
          abi: unknown[];
          bytecode: string;
          deployedBytecode: string;
        };
        // A library's runtime code begins with PUSH20 of its own address (zero at compile time), then ADDRESS; built
        // through the IR pipeline, with ADDRESS then PUSH32 of the same address as an immutable (zero at compile time).
        const library =
          deployedBytecode.startsWith(`0x73${"00".repeat(20)}30`) ||
          deployedBytecode.startsWith(`0x6080604052307f${"00".repeat(32)}`);
        return [{ name, folder: folder.name, abi, deployable: bytecode !== "0x", library }];
      }),
    );
}

/** What the code holds for each contract, as the checks below read it. */
interface Holdings {
  readonly abis: Readonly<Record<string, unknown>>;
  readonly access: Readonly<Record<string, unknown>>;
  readonly replays: Readonly<Record<string, unknown>>;
  readonly groups: ReadonlySet<string>;
}

/** What is missing for the manifest to be complete, one line each (nothing when it is). */
function manifestProblems(rows: readonly ManifestRow[], compiled: readonly Artifact[], holds: Holdings): string[] {
  const problems: string[] = [];
  const shipped = new Set([...rows.flatMap((row) => [row.name, ...row.interfaces.map((i) => i.name)])]);
  for (const shared of SHARED_INTERFACES) shipped.add(shared.name);
  for (const artifact of compiled) {
    if (artifact.abi.length === 0 || artifact.library) continue; // a library
    if (artifact.deployable && !rows.some((row) => row.name === artifact.name)) {
      problems.push(`${artifact.name} (contracts/${artifact.folder}) has no manifest row`);
    }
    if (!artifact.deployable && /^I[A-Z]/.test(artifact.name) && !shipped.has(artifact.name)) {
      problems.push(`interface ${artifact.name} (contracts/${artifact.folder}) is not shipped by any row`);
    }
  }
  for (const row of rows) {
    for (const { name, folder } of [{ name: row.name, folder: row.folder }, ...row.interfaces]) {
      const artifact = compiled.find((a) => a.name === name && a.folder === folder);
      if (artifact === undefined) problems.push(`${row.name}: no artifact ${name} in contracts/${folder}`);
      else if (JSON.stringify(holds.abis[name]) !== JSON.stringify(artifact.abi)) {
        problems.push(`${row.name}: abi.${name} is missing or differs from the compiled ABI`);
      }
    }
    if (row.governed && holds.access[row.name] === undefined) problems.push(`${row.name}: no ACCESS table`);
    if ("function" in row.replay && holds.replays[row.replay.function] === undefined) {
      problems.push(`${row.name}: no replay function ${row.replay.function}`);
    }
    if ("none" in row.replay && row.replay.none.trim() === "") problems.push(`${row.name}: no reason for no replay`);
    if (!holds.groups.has(row.cliArea)) problems.push(`${row.name}: no command group "${row.cliArea}"`);
  }
  return problems;
}

describe("the registry manifest", function () {
  const compiled = artifacts();
  const holds: Holdings = {
    abis,
    access: ACCESS,
    replays: REPLAYS,
    groups: new Set(egovTasks.map((task) => task.id.join(" "))),
  };

  it("has a complete row for every compiled contract of the suite, and ships every interface", function () {
    expect(compiled.map((artifact) => artifact.name)).to.include.members(["CitizenRegistry", "Elections"]);
    expect(manifestProblems(MANIFEST, compiled, holds)).to.deep.equal([]);
  });

  it("rebuilds every contract with records of its own from its events: only the authority has no replay", function () {
    expect(MANIFEST.filter((row) => "none" in row.replay).map((row) => row.name)).to.deep.equal([
      "GovernmentAuthority",
    ]);
  });

  it("is what the package ships: the ABI list of the build and the abi module", function () {
    expect(SHIPPED_ABIS.map((entry) => entry.name).sort()).to.deep.equal(Object.keys(abis).sort());
  });

  it("reports a contract without a row and a row that lacks its replay, roles, ABI or command area", function () {
    const [, property, ...others] = MANIFEST;
    const incomplete: ManifestRow[] = [
      ...others.filter((row) => row.name !== "CitizenRegistry"),
      { ...property, replay: { function: "replayNothing" }, cliArea: "nowhere" },
    ];
    const problems = manifestProblems(incomplete, compiled, {
      ...holds,
      abis: { ...abis, PropertyRegistry: [] },
      access: { ...ACCESS, PropertyRegistry: undefined },
    });
    expect(problems).to.include.members([
      "GovernmentAuthority (contracts/authority) has no manifest row",
      "CitizenRegistry (contracts/citizen) has no manifest row",
      "interface ICitizenRegistry (contracts/citizen) is not shipped by any row",
      "PropertyRegistry: abi.PropertyRegistry is missing or differs from the compiled ABI",
      "PropertyRegistry: no ACCESS table",
      "PropertyRegistry: no replay function replayNothing",
      'PropertyRegistry: no command group "nowhere"',
    ]);
  });
});
