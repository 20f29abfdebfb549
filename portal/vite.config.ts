/**
 * The portal's static build: `portal/dist`, with relative asset paths so that it can be served from any folder, and
 * a manifest from which the bundle-size check reads what each page loads.
 */
import { fileURLToPath } from "node:url";

import { defineConfig, type Plugin } from "vite";

/**
 * The page reads contracts; it never deploys one. The typed contract factories carry each contract's bytecode for
 * deploying: this drops it from the page's build (the factories keep their ABIs), so that the page does not grow with
 * the contracts.
 */
function withoutBytecode(): Plugin {
  return {
    name: "egov-without-bytecode",
    transform(code, id) {
      if (!/[\\/]types[\\/]ethers-contracts[\\/]factories[\\/].*__factory\.ts$/.test(id)) return null;
      return { code: code.replace(/const _bytecode\s*=\s*"0x[0-9a-fA-F]*"/, 'const _bytecode = "0x"'), map: null };
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  plugins: [withoutBytecode()],
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    sourcemap: false,
    // ethers and the suite's ABIs are most of the page; the budget that matters is the gzipped size, which the
    // browser tests hold at 250 KB or less.
    chunkSizeWarningLimit: 800,
  },
});
