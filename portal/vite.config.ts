/**
 * The portal's static build: `portal/dist`, with relative asset paths so that it can be served from any folder, and
 * a manifest from which the bundle-size check reads what each page loads.
 */
import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
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
