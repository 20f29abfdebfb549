/**
 * The API reports of the package (`etc/api/<entry>.api.md`, written by API Extractor from the built declarations in
 * `dist/`), one per entry of `package.json` `exports`, and the release record `etc/api/release.json` that ties the
 * reports to the version that published them.
 *
 * `npm run api:report` builds the package and rewrites the reports. When they changed, it records them for the
 * version in `package.json` only if that version is above the recorded one by as much as the change requires (a
 * removed or changed line breaks integrators: the minor version below 1.0.0, the major from 1.0.0; an added line: the
 * patch below 1.0.0, the minor from 1.0.0) and `CHANGELOG.md` has a section for it (with "Breaking" in it for a
 * breaking change). `test/package/api-report.test.ts` fails until both are done.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Where the reports and the release record live. */
export const API_DIR = join(ROOT, "etc", "api");
const RELEASE_FILE = join(API_DIR, "release.json");

/** One entry of the package and the declaration file it is built from. */
export interface ApiEntry {
  /** The report's base name: `egov-registries`, `egov-registries-agency`, … */
  readonly name: string;
  /** The import path: `egov-registries/agency`. */
  readonly specifier: string;
  /** The ES-module declaration file of the entry, relative to the package root. */
  readonly types: string;
}

/** What `etc/api/release.json` records: the version whose API the reports describe, and their digest. */
export interface ApiRelease {
  readonly version: string;
  readonly digest: string;
}

/** The entries of `package.json` `exports` that have types (wildcard subpaths are covered by their index entry). */
export function apiEntries(): ApiEntry[] {
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const entries: ApiEntry[] = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (subpath.includes("*") || typeof target !== "object" || target === null) continue;
    const types = (target as { import?: { types?: string } }).import?.types;
    if (types === undefined) continue;
    const suffix = subpath === "." ? "" : subpath.slice(1);
    entries.push({
      name: `${manifest.name}${suffix.replaceAll("/", "-")}`,
      specifier: `${manifest.name}${suffix}`,
      types: types.replace(/^\.\//, ""),
    });
  }
  return entries;
}

/** Extracts one entry's API report from the built declarations; its text. */
function extract(entry: ApiEntry, tempFolder: string): string {
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: ROOT,
      mainEntryPointFilePath: join(ROOT, entry.types),
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            target: "ES2023",
            module: "node16",
            moduleResolution: "node16",
            lib: ["ES2023"],
            strict: true,
            types: ["node"],
            skipLibCheck: true,
          },
          files: [join(ROOT, entry.types)],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.name,
        reportFolder: tempFolder,
        reportTempFolder: tempFolder,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
        extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: join(ROOT, "package.json"),
  });
  const problems: string[] = [];
  const result = Extractor.invoke(config, {
    localBuild: true,
    messageCallback: (message) => {
      if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning)
        problems.push(message.text);
      message.handled = true;
    },
  });
  if (!result.succeeded || problems.length > 0) {
    throw new Error(`API Extractor failed on ${entry.specifier}: ${problems.slice(0, 3).join("; ")}`);
  }
  return readFileSync(join(tempFolder, `${entry.name}.api.md`), "utf8");
}

/** The current API report of every entry, from `dist/` (built by `npm run build:package`), by report name. */
export function currentReports(): Map<string, string> {
  const temp = mkdtempSync(join(tmpdir(), "egov-api-"));
  try {
    return new Map(apiEntries().map((entry) => [entry.name, extract(entry, temp)]));
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The committed reports, by report name. */
export function committedReports(): Map<string, string> {
  if (!existsSync(API_DIR)) return new Map();
  return new Map(
    readdirSync(API_DIR)
      .filter((file) => file.endsWith(".api.md"))
      .sort()
      .map((file) => [file.slice(0, -".api.md".length), readFileSync(join(API_DIR, file), "utf8")]),
  );
}

/** One digest of a set of reports (names and texts). */
export function digestOf(reports: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const name of [...reports.keys()].sort()) hash.update(`${name}\n${reports.get(name)}\n`);
  return hash.digest("hex");
}

/** The recorded release, if any. */
export function recordedRelease(): ApiRelease | undefined {
  return existsSync(RELEASE_FILE) ? (JSON.parse(readFileSync(RELEASE_FILE, "utf8")) as ApiRelease) : undefined;
}

/** A version as numbers. */
export function parseVersion(version: string): [number, number, number] {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (match === null) throw new Error(`"${version}" is not a release version (major.minor.patch)`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** Whether going from the old reports to the new removes or changes a line (a change that breaks integrators). */
export function isBreaking(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): boolean {
  for (const [name, text] of before) {
    const now = after.get(name);
    if (now === undefined) return true;
    const lines = new Set(now.split("\n"));
    if (text.split("\n").some((line) => !lines.has(line))) return true;
  }
  return false;
}

/** The smallest version above `from` that a change of this kind needs. */
export function requiredVersion(from: string, breaking: boolean): string {
  const [major, minor, patch] = parseVersion(from);
  if (breaking) return major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
  return major === 0 ? `0.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

/** Whether `version` is at least `required`. */
export function atLeast(version: string, required: string): boolean {
  const [a, b] = [parseVersion(version), parseVersion(required)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** The section of `CHANGELOG.md` for a version (`## <version>` to the next `## `), or undefined. */
export function changelogSection(version: string): string | undefined {
  const text = readFileSync(join(ROOT, "CHANGELOG.md"), "utf8");
  const start = text.split("\n").findIndex((line) => line.trim() === `## ${version}`);
  if (start < 0) return undefined;
  const rest = text.split("\n").slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("## "));
  return (end < 0 ? rest : rest.slice(0, end)).join("\n");
}

/** The version in `package.json`. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/** Rewrites the reports; records the release when the version and the changelog say what the change needs. */
function update(): void {
  const before = committedReports();
  const after = currentReports();
  mkdirSync(API_DIR, { recursive: true });
  for (const name of before.keys()) if (!after.has(name)) rmSync(join(API_DIR, `${name}.api.md`));
  for (const [name, text] of after) writeFileSync(join(API_DIR, `${name}.api.md`), text);
  const digest = digestOf(after);
  const release = recordedRelease();
  const version = packageVersion();
  if (release?.digest === digest) {
    console.log(`etc/api: the API is the one recorded for ${release.version}; nothing to release`);
    return;
  }
  const breaking = release !== undefined && isBreaking(before, after);
  const needed = release === undefined ? version : requiredVersion(release.version, breaking);
  const section = changelogSection(version);
  const missing: string[] = [];
  if (!atLeast(version, needed)) missing.push(`raise "version" in package.json to ${needed} or above`);
  if (section === undefined) missing.push(`add a "## ${version}" section to CHANGELOG.md`);
  else if (breaking && !/breaking/i.test(section)) {
    missing.push(`say in CHANGELOG.md's "## ${version}" section what breaks and how to migrate ("Breaking changes")`);
  }
  if (missing.length > 0) {
    console.log(
      `etc/api: reports rewritten; the API changed${breaking ? " in a way that breaks integrators" : ""} since ` +
        `${release?.version}: ${missing.join(", and ")}, then run \`npm run api:report\` again`,
    );
    process.exitCode = 1;
    return;
  }
  writeFileSync(RELEASE_FILE, `${JSON.stringify({ version, digest }, null, 2)}\n`);
  console.log(`etc/api: reports recorded for version ${version}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) update();
