/**
 * Builds the npm package into `dist/`: the SDK, the typechain bindings of the suite's contracts, the ABIs as JSON and
 * the deployments of known networks. Run by `npm run build:package` (and `npm pack` through `prepack`) after
 * `hardhat build` has compiled the contracts and generated the bindings.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(ROOT, "dist");

/** The contracts whose ABIs are shipped, with their source folder under `contracts/`. */
const SHIPPED_ABIS: readonly (readonly [string, string])[] = [
  ["GovernmentAuthority", "authority"],
  ["IGoverned", "common"],
  ["IERC5192", "common"],
  ["PropertyRegistry", "property"],
  ["IPropertyRegistry", "property"],
  ["OwnershipTransfer", "transfer"],
  ["IOwnershipTransfer", "transfer"],
  ["IOwnershipRegistry", "transfer"],
  ["DiplomaRegistry", "diploma"],
  ["IDiplomaRegistry", "diploma"],
  ["CompanyRegistry", "company"],
  ["ICompanyRegistry", "company"],
];

/** The in-process network's records are never shipped. */
const EPHEMERAL_NETWORK = "hardhat.json";

function compile(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.package.json")], { stdio: "inherit" });
}

function writeAbis(): void {
  const dir = join(DIST, "abi");
  mkdirSync(dir, { recursive: true });
  for (const [name, area] of SHIPPED_ABIS) {
    const artifact = join(ROOT, "artifacts", "contracts", area, `${name}.sol`, `${name}.json`);
    const { abi } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown[] };
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(abi, null, 2)}\n`);
  }
}

/** Copies the deployment records (the deployments folder, or `$EGOV_DEPLOYMENTS_DIR`), except the in-process one. */
function copyDeployments(): string[] {
  const source = resolve(ROOT, process.env.EGOV_DEPLOYMENTS_DIR ?? "deployments");
  const target = join(DIST, "deployments");
  mkdirSync(target, { recursive: true });
  const files = existsSync(source)
    ? readdirSync(source).filter((file) => file.endsWith(".json") && file !== EPHEMERAL_NETWORK)
    : [];
  for (const file of files) copyFileSync(join(source, file), join(target, file));
  return files;
}

rmSync(DIST, { recursive: true, force: true });
compile();
writeAbis();
const networks = copyDeployments();
console.log(`dist/: SDK, bindings, ${SHIPPED_ABIS.length} ABIs, deployments: ${networks.join(", ") || "none"}`);
