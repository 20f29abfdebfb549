/**
 * The census tree in a real browser (Chromium through playwright-core): the SDK's tree module bundled by esbuild for
 * the browser builds the WASM Poseidon in the page (no file to fetch) and gives the roots Node gives, whether the
 * page compiled it at once or after `loadCensusHash()`. Also states how long a census of 100,000 takes there (one
 * thread, as the portal's results page computes it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { build } from "esbuild";
import { chromium } from "playwright-core";

import { censusRoot } from "../../src/elections/tree.js";
import { PROJECT_ROOT } from "../e2e/helpers/cli.js";

const CHROMIUM = process.env.EGOV_CHROMIUM ?? "/usr/bin/chromium";

const ENTRY = `
import { censusHash, censusRoot, loadCensusHash } from "./src/elections/tree.ts";
const members = (count, seed) => Array.from({ length: count }, (_, i) => (BigInt(i) * 7919n + BigInt(seed)) ** 3n % 21888242871839275222246405745257275088548364400416034343698204186575808495617n);
window.census = async (count, seed) => {
  const before = censusRoot(members(Math.min(count, 200), seed)).toString();
  let atOnce = true;
  try {
    censusHash();
  } catch {
    atOnce = false;
  }
  const loaded = await loadCensusHash();
  const started = performance.now();
  const root = censusRoot(members(count, seed)).toString();
  return { before, atOnce, loaded, root, ms: performance.now() - started };
};
`;

const membersInNode = (count: number, seed: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      (BigInt(i) * 7919n + BigInt(seed)) ** 3n %
      21888242871839275222246405745257275088548364400416034343698204186575808495617n,
  );

describe("Census tree in a browser", function () {
  this.timeout(300_000);
  let folder: string;
  let server: Server;
  let url: string;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (as root), or set EGOV_CHROMIUM to a Chromium binary`,
      );
    }
    folder = mkdtempSync(join(tmpdir(), "census-browser-"));
    await build({
      stdin: { contents: ENTRY, resolveDir: PROJECT_ROOT, loader: "ts" },
      bundle: true,
      platform: "browser",
      format: "esm",
      outfile: join(folder, "census.js"),
      logLevel: "silent",
    });
    writeFileSync(join(folder, "index.html"), '<!doctype html><script type="module" src="census.js"></script>');
    const types: Record<string, string> = { html: "text/html", js: "text/javascript", wasm: "application/wasm" };
    server = createServer((request, response) => {
      const name = (request.url ?? "/").split("?")[0] === "/" ? "index.html" : request.url!.slice(1);
      const file = join(folder, name);
      if (!existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { "content-type": types[name.split(".").pop()!] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  after(async function () {
    if (server !== undefined) await new Promise((resolve) => server.close(resolve));
    if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  });

  it("builds the WASM Poseidon in the page and gives Node's roots", async function () {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.waitForFunction(() => "census" in globalThis);
      const small = await page.evaluate(
        ([count, seed]) =>
          (globalThis as unknown as { census(c: number, s: number): Promise<unknown> }).census(count!, seed!),
        [1_000, 5],
      );
      expect(small).to.include({
        before: censusRoot(membersInNode(200, 5)).toString(),
        loaded: true,
        root: censusRoot(membersInNode(1_000, 5)).toString(),
      });
      console.log(
        `      the census hash compiled ${(small as { atOnce: boolean }).atOnce ? "at once, on first use" : "after loadCensusHash()"}`,
      );
      const large = (await page.evaluate(
        ([count, seed]) =>
          (globalThis as unknown as { census(c: number, s: number): Promise<unknown> }).census(count!, seed!),
        [100_000, 9],
      )) as { root: string; ms: number };
      expect(large.root).to.equal(censusRoot(membersInNode(100_000, 9)).toString());
      console.log(
        `      a census of 100,000 in Chromium: ${Math.round(large.ms).toLocaleString("en")} ms (one thread)`,
      );
    } finally {
      await browser.close();
    }
  });
});
