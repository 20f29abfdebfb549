/**
 * `npm run demo` on an older Node.js: its first step, `scripts/require-node.cjs`, stops with the version it needs and
 * how to get it, where Node 20 would otherwise fail with "bad option: --experimental-strip-types".
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

const ROOT = join(import.meta.dirname, "..", "..");
const SCRIPT = join(ROOT, "scripts", "require-node.cjs");

/** Runs the check as if this Node.js had the given version. */
function checkAs(version: string) {
  const program =
    `Object.defineProperty(process, "versions", { value: { ...process.versions, node: ${JSON.stringify(version)} } });` +
    `require(${JSON.stringify(SCRIPT)});`;
  return spawnSync(process.execPath, ["-e", program], { encoding: "utf8" });
}

describe("scripts/require-node.cjs", function () {
  it("stops on Node 20 with the version it needs and the one command that provides it", function () {
    const result = checkAs("20.20.2");
    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.equal(
      "egov-registries needs Node.js 22.13 or later (Hardhat 3 does); this is Node.js 20.20.2.\n" +
        "Run `source scripts/use-node22.sh` in this shell (it installs Node 22 from the npm registry into a cache " +
        'folder), then `npm ci` again and `npm run demo`. See "Older Node" in the README.\n',
    );
  });

  it("stops on Node 22.12, the last release before the one Hardhat 3 needs", function () {
    expect(checkAs("22.12.0").status).to.equal(1);
  });

  it("lets Node 22.13 and later through in silence", function () {
    for (const version of ["22.13.0", "22.23.3", "24.1.0"]) {
      const result = checkAs(version);
      expect(result.status, version).to.equal(0);
      expect(result.stderr, version).to.equal("");
    }
  });

  it("is the first step of npm run demo", function () {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    expect(scripts.demo.startsWith("node scripts/require-node.cjs && ")).to.equal(true);
  });
});
