/**
 * The house's floors: the import graph of `src/` has no cycle, the SDK's modules import no admin action, and the
 * suite's vocabulary module imports nothing of the project.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import { expect } from "chai";

import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

const SRC = join(PROJECT_ROOT, "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith(".ts")
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Each module of `src/` with the modules of `src/` it imports or re-exports (type-only imports included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, "utf8");
    const targets = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+["'](\.{1,2}\/[^"']+)["']/g)]
      .map((match) => resolve(dirname(file), match[1].replace(/\.js$/, ".ts")))
      .filter((target) => target.startsWith(SRC));
    graph.set(relative(SRC, file), [...new Set(targets.map((target) => relative(SRC, target)))]);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as the modules along it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, "open");
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    path.pop();
    state.set(node, "done");
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return found;
}

describe("the import graph of src/", function () {
  const graph = importGraph();

  it("reads the imports of every module", function () {
    expect(graph.get("index.ts")).to.include.members(["sdk/connect.ts", "sdk/reads.ts", "vocabulary.ts"]);
    expect(graph.size).to.be.greaterThan(30);
  });

  it("has no cycle", function () {
    expect(cycles(graph).map((cycle) => cycle.join(" -> "))).to.deep.equal([]);
  });

  it("finds a cycle where there is one", function () {
    const looped = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts"]],
    ]);
    expect(cycles(looped)).to.deep.equal([["a.ts", "b.ts", "c.ts", "a.ts"]]);
  });

  it("keeps the SDK out of the admin actions and the commands", function () {
    for (const [module, targets] of graph) {
      if (!module.startsWith("sdk/") && module !== "index.ts") continue;
      expect(
        targets.filter((target) => target.startsWith("actions/") || target.startsWith("cli/")),
        module,
      ).to.deep.equal([]);
    }
  });

  it("keeps the vocabulary on the ground floor", function () {
    expect(graph.get("vocabulary.ts")).to.deep.equal([]);
  });
});
