/**
 * Builds the package's `egov` command into `dist/bin/egov.js`: the command line and the command declarations in one
 * file, each command's code (with ethers and the SDK) in chunks that load when that command runs. One file instead of
 * hundreds of modules is what makes a read start in well under a second. The packages that carry files of their own
 * (circuits, WebAssembly, JSON-LD contexts, fonts) stay outside the bundle and load from `node_modules`.
 * Run by `npm run build:package`, or alone: `node --experimental-strip-types scripts/build-egov.ts`.
 */
import { chmodSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { build, type Plugin } from "esbuild";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Dependencies loaded from `node_modules`, never bundled: they read files beside their code, or are large and rare. */
const EXTERNAL = [
  "@semaphore-protocol/*",
  "@zk-kit/*",
  "snarkjs",
  "circom_runtime",
  "@railgun-community/*",
  "@digitalbazaar/*",
  "pdf-lib",
  "qrcode",
];

/**
 * The command modules whose commands all need Hardhat (`hardhatOnly` in their declarations): `egov` refuses those
 * commands before loading any code, and the bundle holds a stub in their place, so that no Hardhat plugin is bundled.
 */
const HARDHAT_ONLY_MODULES = [join(ROOT, "src", "cli", "commands", "suite.ts")];

/** Replaces the Hardhat-only command modules with a module whose every command refuses to run. */
const hardhatOnlyStub: Plugin = {
  name: "hardhat-only-stub",
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) =>
      HARDHAT_ONLY_MODULES.includes(args.path)
        ? {
            loader: "js",
            contents:
              'const refuse = () => { throw new Error("this command runs only as `npx hardhat …` in the project"); };\n' +
              "export const deploy = refuse;\nexport const upgrade = refuse;\n",
          }
        : undefined,
    );
  },
};

/** Builds `egov.js` and its chunks into `outdir` (default `dist/bin`). */
export async function buildEgov(outdir: string = join(ROOT, "dist", "bin")): Promise<string> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { egov: join(ROOT, "src", "cli", "egov", "main.ts") },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node22",
    chunkNames: "chunks/[name]-[hash]",
    external: EXTERNAL,
    // Bundled CommonJS code calls `require`; an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __egovRequire } from "node:module";\nconst require = __egovRequire(import.meta.url);',
    },
    plugins: [hardhatOnlyStub],
    metafile: true,
    logLevel: "warning",
  });
  const hardhat = Object.keys(result.metafile.inputs).filter((input) =>
    /node_modules\/(hardhat|@nomicfoundation|@openzeppelin\/(hardhat-upgrades|upgrades-core))\//.test(input),
  );
  if (hardhat.length > 0)
    throw new Error(`the egov bundle would hold Hardhat's code: ${hardhat.slice(0, 3).join(", ")}`);
  const bin = join(outdir, "egov.js");
  chmodSync(bin, 0o755);
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`egov: ${await buildEgov()}`);
}
