/**
 * The API reference: TypeDoc builds without a warning and documents every entry of the package under its import path.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

const run = promisify(execFile);

describe("the API reference", function () {
  this.timeout(600_000);

  it("documents every entry of the package under its import path", async function () {
    const dir = mkdtempSync(join(tmpdir(), "egov-docs-"));
    try {
      const typedoc = join(PROJECT_ROOT, "node_modules", "typedoc", "bin", "typedoc");
      await run(process.execPath, [typedoc, "--json", join(dir, "api.json")], {
        cwd: PROJECT_ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      const api = JSON.parse(readFileSync(join(dir, "api.json"), "utf8")) as {
        children: { name: string; children?: { name: string }[] }[];
      };
      const packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as {
        exports: Record<string, unknown>;
      };
      const entries = Object.keys(packageJson.exports)
        .filter((entry) => !entry.includes("*") && entry !== "./package.json")
        .map((entry) => entry.replace(/^\./, "egov-registries"));
      expect(api.children.map((module) => module.name)).to.have.members(entries);
      const members = (module: string) => api.children.find((child) => child.name === module)?.children ?? [];
      expect(members("egov-registries/contracts").map((member) => member.name)).to.include("PropertyRegistry__factory");
      expect(members("egov-registries").map((member) => member.name)).to.include.members(["connect", "verifyDiploma"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
