/**
 * Reading and verifying work in a browser: the SDK's entry, bundled by esbuild for the browser, pulls in no Node.js
 * built-in module (`fs`, `crypto`, `path`, `url`…), and neither does the deployments entry; and they type-check
 * without Node.js's globals (`Buffer`, `process`).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { build, type Plugin } from "esbuild";

import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

const run = promisify(execFile);
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The Node.js built-ins a bundle asked for, each with the module that imported it. */
async function nodeImportsOfBundle(entry: string): Promise<string[]> {
  const found: string[] = [];
  const spy: Plugin = {
    name: "node-builtins",
    setup(builder) {
      builder.onResolve({ filter: /.*/ }, (args) => {
        if (!NODE_BUILTINS.has(args.path)) return undefined;
        found.push(`${args.path} imported by ${args.importer.replace(PROJECT_ROOT, "")}`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: "ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    plugins: [spy],
  });
  expect(result.outputFiles).to.have.length(1);
  return found;
}

describe("the SDK in a browser bundle", function () {
  this.timeout(120_000);

  it("a verify-only import needs no Node.js built-in", async function () {
    const found = await nodeImportsOfBundle(
      [
        `import { connect, getHistory, getTitle, hashDocument, verifyDiploma, watchEvents } from "./src/index.ts";`,
        `import { findDeployment } from "./src/networks.ts";`,
        "export const used = [connect, getHistory, getTitle, hashDocument, verifyDiploma, watchEvents, findDeployment];",
      ].join("\n"),
    );
    expect(found).to.deep.equal([]);
  });

  it("the check finds a Node.js built-in where there is one", async function () {
    const found = await nodeImportsOfBundle(
      `import { readDeployment } from "./src/deployment-files.ts";\nexport const used = readDeployment;`,
    );
    expect(found).to.include(`node:fs imported by ${join("src", "deployment-files.ts")}`);
  });

  it("the browser modules use no Node.js global: they type-check with the DOM's types and not Node's", async function () {
    const dir = mkdtempSync(join(tmpdir(), "egov-browser-"));
    try {
      const config = {
        extends: join(PROJECT_ROOT, "tsconfig.json"),
        compilerOptions: { types: [], lib: ["ES2023", "DOM"], noEmit: true },
        include: [],
        files: ["index.ts", "networks.ts", "replay.ts"].map((file) => join(PROJECT_ROOT, "src", file)),
      };
      writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
      const tsc = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
      const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")]).catch(
        (error: { stdout: string }) => ({ stdout: error.stdout }),
      );
      expect(result.stdout).to.equal("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
