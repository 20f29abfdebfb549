/**
 * The package's public API is guarded by the API reports in `etc/api/` (API Extractor's, one per entry of
 * `package.json` `exports`): a change to the exported types fails here until `npm run api:report` has rewritten the
 * reports and recorded them for a version that is raised as far as the change requires, with its section in
 * CHANGELOG.md. The package is built first when `dist/` is older than the sources.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

import {
  apiEntries,
  changelogSection,
  committedReports,
  currentReports,
  digestOf,
  isBreaking,
  packageVersion,
  recordedRelease,
  requiredVersion,
} from "../../scripts/api-report.js";
import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

/** The newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return time;
}

/** Builds the package unless every declaration of `dist/` is newer than the sources and bindings. */
function ensureBuilt(): void {
  const built = apiEntries().map((entry) => join(PROJECT_ROOT, entry.types));
  const oldest = Math.min(...built.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const sources = Math.max(newest(join(PROJECT_ROOT, "src")), newest(join(PROJECT_ROOT, "types")));
  if (oldest > sources) return;
  execFileSync(
    process.execPath,
    ["--experimental-strip-types", "--disable-warning=ExperimentalWarning", "scripts/build-package.ts"],
    { cwd: PROJECT_ROOT, stdio: "ignore" },
  );
}

const HOW = "run `npm run api:report`, raise the version in package.json and say what changed in CHANGELOG.md";

describe("the package's API report", function () {
  this.timeout(900_000);

  let current: Map<string, string>;
  let committed: Map<string, string>;

  before(function () {
    ensureBuilt();
    current = currentReports();
    committed = committedReports();
  });

  it("has a report for every entry of the package's exports, and none for an entry that is gone", function () {
    expect([...committed.keys()].sort(), HOW).to.deep.equal([...current.keys()].sort());
    expect(current.keys()).to.include.members([
      "egov-registries",
      "egov-registries-agency",
      "egov-registries-extracts",
    ]);
  });

  it("matches the exported types of every entry", function () {
    const changed = [...current].filter(([name, text]) => committed.get(name) !== text).map(([name]) => name);
    expect(changed, `the exported types of these entries changed: ${HOW}`).to.deep.equal([]);
  });

  it("is recorded for the package's version, which CHANGELOG.md describes", function () {
    const release = recordedRelease();
    expect(release, "etc/api/release.json").to.not.equal(undefined);
    expect(release!.digest, `the reports are not the recorded ones: ${HOW}`).to.equal(digestOf(committed));
    expect(release!.version, "the reports are recorded for another version").to.equal(packageVersion());
    expect(changelogSection(packageVersion()), `CHANGELOG.md has no "## ${packageVersion()}"`).to.be.a("string");
  });
});

describe("what an API change asks of the version", function () {
  const before = new Map([["egov-registries", "export function a(): void;\nexport function b(): void;\n"]]);

  it("a removed or changed line breaks integrators; an added line does not", function () {
    const added = new Map([["egov-registries", `${before.get("egov-registries")}export function c(): void;\n`]]);
    const changed = new Map([["egov-registries", "export function a(): void;\nexport function b(x: 1): void;\n"]]);
    expect(isBreaking(before, added)).to.equal(false);
    expect(isBreaking(before, changed)).to.equal(true);
    expect(isBreaking(before, new Map())).to.equal(true);
  });

  it("below 1.0.0 a break raises the minor version and an addition the patch; from 1.0.0 the major and the minor", function () {
    expect(requiredVersion("0.2.0", true)).to.equal("0.3.0");
    expect(requiredVersion("0.2.3", false)).to.equal("0.2.4");
    expect(requiredVersion("1.4.2", true)).to.equal("2.0.0");
    expect(requiredVersion("1.4.2", false)).to.equal("1.5.0");
  });
});
