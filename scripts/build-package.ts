/**
 * Builds the npm package into `dist/`: the SDK as ES modules (`dist/src`) and as CommonJS (`dist/cjs/src`), the
 * typechain bindings of the suite's contracts, each ABI as a module of its own and as JSON (`dist/abi`), and the
 * deployment records of the public networks written into the SDK as data, and the `egov` command (`build-egov.ts`).
 * Run by `npm run build:package` (and `npm pack` through `prepack`) after `hardhat build` has compiled the contracts
 * and generated the bindings.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { SHIPPED_ABIS } from "../src/manifest.ts";
import { buildEgov } from "./build-egov.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const DIST = join(ROOT, "dist");

/** Chains whose records are never shipped: Hardhat's and anvil's (31337) and other development nodes' (1337). */
const LOCAL_CHAIN_IDS: ReadonlySet<number> = new Set([31337, 1337]);

const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");

function tsc(args: readonly string[]): void {
  execFileSync(process.execPath, [TSC, ...args], { stdio: "inherit", cwd: ROOT });
}

/** The records of `deployments/` (or `$EGOV_DEPLOYMENTS_DIR`) that belong to public networks, by file name. */
function publicDeployments(): { file: string; record: { network: string; chainId: number } }[] {
  const source = resolve(ROOT, process.env.EGOV_DEPLOYMENTS_DIR ?? "deployments");
  if (!existsSync(source)) return [];
  return readdirSync(source)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      file,
      record: JSON.parse(readFileSync(join(source, file), "utf8")) as { network: string; chainId: number },
    }))
    .filter(({ record }) => typeof record.chainId === "number" && !LOCAL_CHAIN_IDS.has(record.chainId));
}

/** Writes the public records into the built `published-deployments` modules, ESM and CommonJS. */
function publishDeployments(): string[] {
  const shipped = publicDeployments();
  const data = JSON.stringify(
    shipped.map(({ record }) => record),
    null,
    2,
  );
  writeFileSync(
    join(DIST, "src", "published-deployments.js"),
    `/** The deployment records of the public networks, written by the package build. */\nexport const PUBLISHED_DEPLOYMENTS = Object.freeze(${data});\n`,
  );
  writeFileSync(
    join(DIST, "cjs", "src", "published-deployments.js"),
    `"use strict";\n/** The deployment records of the public networks, written by the package build. */\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.PUBLISHED_DEPLOYMENTS = Object.freeze(${data});\n`,
  );
  return shipped.map(({ record }) => record.network);
}

/**
 * Writes each ABI as JSON and as a module of its own (`abi/<Contract>.js`, typed `as const`), and the `abi` index
 * that re-exports them, in ES module and CommonJS form: importing one ABI costs the size of that ABI.
 */
function writeAbis(): void {
  const sources = join(DIST, "abi-src");
  mkdirSync(sources, { recursive: true });
  const dir = join(DIST, "abi");
  mkdirSync(dir, { recursive: true });
  for (const { name, folder } of SHIPPED_ABIS) {
    const artifact = join(ROOT, "artifacts", "contracts", folder, `${name}.sol`, `${name}.json`);
    const { abi } = JSON.parse(readFileSync(artifact, "utf8")) as { abi: unknown[] };
    writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(abi, null, 2)}\n`);
    writeFileSync(
      join(sources, `${name}.ts`),
      `/** The ABI of \`${name}\`. */\nexport const ${name}Abi = ${JSON.stringify(abi, null, 2)} as const;\n`,
    );
  }
  writeFileSync(
    join(sources, "index.ts"),
    [
      "/** The ABIs of the suite's contracts and their interfaces, as `const` arrays. */",
      ...SHIPPED_ABIS.map(({ name }) => `import { ${name}Abi } from "./${name}.js";`),
      "",
      `export { ${SHIPPED_ABIS.map(({ name }) => `${name}Abi`).join(", ")} };`,
      "",
      "/** Every ABI by contract name: the names of the shipped `abi/<Contract>.json` files. */",
      "export const abis = {",
      ...SHIPPED_ABIS.map(({ name }) => `  ${name}: ${name}Abi,`),
      "} as const;",
      "",
      "/** The name of a contract whose ABI is shipped. */",
      "export type AbiContractName = keyof typeof abis;",
      "",
    ].join("\n"),
  );
  const files = [...SHIPPED_ABIS.map(({ name }) => `${name}.ts`), "index.ts"].map((file) => join(sources, file));
  const common = ["--declaration", "--strict", "--target", "ES2023", "--skipLibCheck", "--rootDir", sources];
  tsc([...common, "--module", "node16", "--moduleResolution", "node16", "--outDir", dir, ...files]);
  tsc([
    ...common,
    ...["--module", "commonjs", "--moduleResolution", "node10", "--outDir", join(DIST, "cjs", "abi"), ...files],
  ]);
  rmSync(sources, { recursive: true, force: true });
}

rmSync(DIST, { recursive: true, force: true });
tsc(["-p", "tsconfig.package.json"]);
tsc(["-p", "tsconfig.package-cjs.json"]);
writeFileSync(join(DIST, "cjs", "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`);
writeAbis();
const networks = publishDeployments();
await buildEgov();
console.log(
  `dist/: SDK (ESM and CommonJS), bindings, ${SHIPPED_ABIS.length} ABIs, the egov command, public deployments: ${networks.join(", ") || "none"}`,
);
