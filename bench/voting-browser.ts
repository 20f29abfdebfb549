/**
 * The ballot proof of the voter's page in Chromium: builds the portal, serves it with the circuit files, and times
 * the page's proof worker at depth 20 (a census of 2^20), first at the machine's speed, then with the renderer's CPU
 * throttled four times, a phone-class CPU. DevTools' `Emulation.setCPUThrottlingRate` slows only the page's main
 * thread, not the prover's workers, so the renderer process as a whole is throttled (`bench/throttle.ts`); a busy loop
 * in a worker's worker, timed free, under DevTools' throttle and under this one, proves which of them reaches the
 * prover's threads. Free and throttled runs are taken in turns, so that each pair shares the machine's load. Each run
 * makes two proofs in one worker: the first, cold, is the ballot's (`browser.proof.depth20.ms`,
 * `browser.proof.depth20.throttled4x.ms`), the second shows what a warm prover saves (`...warm.ms`). Writes them into
 * `bench/voting-report.json` beside the Node figures, with the circuit files' size. Then the secret poll's ballot of the
 * voter's page: its worker encrypts a 5-option single-choice ballot and makes its 0/1 and rule proofs
 * (`browser.secret.encrypt.options5.ms`), and the whole ballot with the membership proof beside it
 * (`browser.secret.prepare.options5.ms`, target 5,000 ms).
 *
 * Run with `npm run bench:voting-browser` (Debian's Chromium at /usr/bin/chromium, or EGOV_CHROMIUM);
 * `EGOV_BENCH_SECRET_ONLY=1` measures the secret ballot alone and keeps the report's proof figures.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { chromium, type CDPSession } from "playwright-core";
import { build } from "vite";

import { Identity } from "../src/elections/proof.js";
import { NESTED_WORKER_BUSY_LOOP, throttleRenderers } from "./throttle.js";
import { G, randomScalar, toWords } from "../src/elections/secret/index.js";
import { portalDist, servePortal } from "../scripts/portal/server.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const REPORT = join(ROOT, "bench", "voting-report.json");
const DEPTH = 20;
const RUNS = 3;
/** The target for a phone-class CPU. */
const THROTTLED_TARGET_MS = 8000;
const THROTTLE_RATE = 4;
/** A throttle counts as reaching the prover's threads when a worker's busy loop slows by at least this share of the rate. */
const THROTTLE_REACH = 0.85;
const CALIBRATION_RUNS = 3;
/** Secret ballots: options, runs, and the target for preparing one, proofs included. */
const SECRET_OPTIONS = 5;
const SECRET_RUNS = 5;
const SECRET_TARGET_MS = 5000;

const circuitsDir = dirname(createRequire(import.meta.url).resolve("@zk-kit/semaphore-artifacts/semaphore-1.wasm"));
await build({ configFile: join(ROOT, "portal", "vite.config.ts"), logLevel: "warn" });
const dist = portalDist(ROOT);
const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8")) as Record<
  string,
  { file: string; assets?: string[] }
>;
// The worker is an asset of the voter's page in the manifest.
const workerFile = Object.values(manifest)
  .flatMap((entry) => entry.assets ?? [])
  .find((asset) => /\/voter-worker-[^/]+\.js$/.test(asset));
if (workerFile === undefined) throw new Error("the build has no voter-worker asset");
const secretWorkerFile = Object.values(manifest)
  .flatMap((entry) => entry.assets ?? [])
  .find((asset) => /\/voter-secret-worker-[^/]+\.js$/.test(asset));
if (secretWorkerFile === undefined) throw new Error("the build has no voter-secret-worker asset");

const loadAtStart = loadavg()[0]!;
const server = await servePortal({
  distDir: dist,
  config: {
    rpcUrl: "http://127.0.0.1:9",
    deployment: { format: "egov-registries/deployment@1", chainId: 1, contracts: {} } as never,
    explorerUrl: null,
  },
  circuitsDir,
  port: 0,
});
const browser = await chromium.launch({
  executablePath: process.env.EGOV_CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
const page = await browser.newPage();
await page.goto(new URL("config.json", server.url).href);
const cdp: CDPSession = await page.context().newCDPSession(page);

const identity = new Identity();
const request = {
  privateKey: identity.export(),
  members: [identity.commitment.toString()],
  ballot: "1",
  revision: "1",
  scope: "1",
  depth: DEPTH,
  wasmUrl: new URL(`circuits/semaphore-${DEPTH}.wasm`, server.url).href,
  zkeyUrl: new URL(`circuits/semaphore-${DEPTH}.zkey`, server.url).href,
};

/** The page's worker, as the page sees it (the bench is type-checked without the DOM's types). */
interface PageWorker {
  onmessage: ((event: { data: { kind: string; reason?: string } }) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

/**
 * Proofs made one after the other by one worker of the page: milliseconds of each from the files being in hand to the
 * proof. The first is cold (snarkjs starts its BN254 engine and its threads), the next ones warm.
 */
async function proofsInOneWorker(count: number): Promise<number[]> {
  return page.evaluate(
    ({ worker, message, count }) =>
      new Promise<number[]>((resolve, reject) => {
        const scope = globalThis as unknown as {
          Worker: new (url: string, options: { type: "module" }) => PageWorker;
          location: { href: string };
        };
        const thread = new scope.Worker(new URL(`/${worker}`, scope.location.href).href, { type: "module" });
        const times: number[] = [];
        let started = 0;
        thread.onmessage = (event) => {
          if (event.data.kind === "proving") started = performance.now();
          if (event.data.kind === "done") {
            times.push(performance.now() - started);
            if (times.length < count) thread.postMessage(message);
            else {
              thread.terminate();
              resolve(times);
            }
          }
          if (event.data.kind === "failed") reject(new Error(event.data.reason));
        };
        thread.postMessage(message);
      }),
    { worker: workerFile, message: request, count },
  );
}

/** One proof in a new worker of the page, as a ballot is cast: milliseconds from the files being in hand. */
async function proveOnce(): Promise<number> {
  return (await proofsInOneWorker(1))[0]!;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

/** `EGOV_BENCH_SECRET_ONLY=1` measures the secret ballot alone and keeps the report's proof figures. */
const secretOnly = process.env.EGOV_BENCH_SECRET_ONLY === "1";
if (!secretOnly) await proveOnce(); // loads the circuit files into the browser's cache

/** One secret ballot prepared in the page's worker, as the worker times it. */
async function prepareSecretOnce(): Promise<number> {
  const secretRequest = {
    chainId: 31337n,
    contract: "0x0000000000000000000000000000000000000001",
    pollId: 1n,
    electionKey: toWords(G.multiply(randomScalar())),
    rule: "SingleChoice",
    optionCount: SECRET_OPTIONS,
    maxChoices: 0,
    options: [2],
    nullifier: randomScalar(),
    revision: 1n,
  };
  return page.evaluate(
    ({ worker, message }) =>
      new Promise<number>((resolve, reject) => {
        const scope = globalThis as unknown as {
          Worker: new (url: string, options: { type: "module" }) => PageWorker;
          location: { href: string };
        };
        const thread = new scope.Worker(new URL(`/${worker}`, scope.location.href).href, { type: "module" });
        thread.onmessage = (event) => {
          const data = event.data as { kind: string; reason?: string; milliseconds?: number };
          if (data.kind === "done") {
            thread.terminate();
            resolve(data.milliseconds!);
          }
          if (data.kind === "failed") reject(new Error(data.reason));
        };
        thread.postMessage(message);
      }),
    { worker: secretWorkerFile, message: secretRequest },
  );
}
await prepareSecretOnce(); // loads the worker and warms the curve code
const secretTimes: number[] = [];
for (let run = 0; run < SECRET_RUNS; run++) {
  secretTimes.push(Math.round(await prepareSecretOnce()));
  console.log(`secret ballot, ${SECRET_OPTIONS} options, run ${run + 1}: ${secretTimes.at(-1)} ms`);
}
/** Runs a measurement under DevTools' throttle of the page. */
async function underDevtools(measure: () => Promise<number>): Promise<number> {
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE_RATE });
  try {
    return await measure();
  } finally {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
  }
}

/** Runs a measurement with the renderer process throttled, its workers included. */
async function underRendererThrottle(measure: () => Promise<number>): Promise<number> {
  const throttle = await throttleRenderers({ browser, rate: THROTTLE_RATE });
  try {
    return await measure();
  } finally {
    await throttle.stop();
  }
}

// Free and throttled measurements are taken in turns, so that each pair shares the machine's load of the moment.
const busyLoop = async () => Math.round((await page.evaluate(NESTED_WORKER_BUSY_LOOP)) as number);
const loops = { free: [] as number[], devtools: [] as number[], renderer: [] as number[] };
const plain: number[] = [];
const throttled: number[] = [];
/** The second proof of the same worker, its engine warm. */
const warmPlain: number[] = [];
const warmThrottled: number[] = [];
if (!secretOnly) {
  for (let run = 0; run < CALIBRATION_RUNS; run++) {
    loops.free.push(await busyLoop());
    loops.devtools.push(await underDevtools(busyLoop));
    loops.renderer.push(await underRendererThrottle(busyLoop));
    console.log(
      `busy loop in a worker's worker, run ${run + 1}: free ${loops.free.at(-1)} ms, DevTools' page throttle ${loops.devtools.at(-1)} ms, renderer throttled ${loops.renderer.at(-1)} ms`,
    );
  }
  for (let run = 0; run < RUNS; run++) {
    const [cold, warm] = await proofsInOneWorker(2);
    plain.push(Math.round(cold!));
    warmPlain.push(Math.round(warm!));
    let coldThrottled = 0;
    await underRendererThrottle(async () => {
      const [first, second] = await proofsInOneWorker(2);
      coldThrottled = first!;
      warmThrottled.push(Math.round(second!));
      return first!;
    });
    throttled.push(Math.round(coldThrottled));
    console.log(
      `depth 20, run ${run + 1}: free ${plain.at(-1)} ms (then warm ${warmPlain.at(-1)} ms), renderer throttled ${throttled.at(-1)} ms (then warm ${warmThrottled.at(-1)} ms)`,
    );
  }
}
const calibration = { free: median(loops.free), devtools: median(loops.devtools), renderer: median(loops.renderer) };
await browser.close();
await server.close();

const circuitBytes =
  statSync(join(circuitsDir, `semaphore-${DEPTH}.wasm`)).size +
  statSync(join(circuitsDir, `semaphore-${DEPTH}.zkey`)).size;
const machine = `${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end`;
const report = JSON.parse(readFileSync(REPORT, "utf8")) as Record<string, unknown>;
if (!secretOnly) {
  report["browser.proof.depth20.ms"] = {
    ms: median(plain),
    runs: RUNS,
    note: `median time of the voter's page's proof worker in headless Chromium at depth 20, circuit files cached (${(circuitBytes / 1e6).toFixed(1)} MB: wasm and zkey); ${machine}`,
    allMs: plain,
  };
  const reach = calibration.renderer / calibration.free;
  // Each throttled proof against the free one taken just before it.
  const slowdown = [...throttled.keys()].map((run) => throttled[run]! / plain[run]!).sort((a, b) => a - b)[1]!;
  report["browser.proof.depth20.throttled4x.ms"] = {
    ms: median(throttled),
    target: THROTTLED_TARGET_MS,
    // A throttle that slowed a worker's worker by less than about the rate (DevTools' page throttle, or this one on a
    // loaded machine) makes the proof look faster than on a phone: a miss stands, a pass does not.
    result:
      median(throttled) > THROTTLED_TARGET_MS
        ? "miss"
        : reach < THROTTLE_RATE * THROTTLE_REACH
          ? "not representative"
          : "pass",
    runs: RUNS,
    note: `the same with the renderer process (its workers included) throttled ${THROTTLE_RATE}x, a phone-class CPU: each run ${slowdown.toFixed(1)} times the free run before it (median); a busy loop in a worker's worker took ${Math.round(calibration.free)} ms free, ${Math.round(calibration.devtools)} ms under DevTools' page throttle (${(calibration.devtools / calibration.free).toFixed(1)}x) and ${Math.round(calibration.renderer)} ms under this one (${reach.toFixed(1)}x); ${machine}`,
    throttle: {
      rate: THROTTLE_RATE,
      busyLoopMs: {
        free: Math.round(calibration.free),
        devtools: Math.round(calibration.devtools),
        renderer: Math.round(calibration.renderer),
      },
    },
    allMs: throttled,
  };
  report["browser.proof.depth20.warm.ms"] = {
    ms: median(warmPlain),
    runs: RUNS,
    note: `a second proof by the same worker of the page, snarkjs's BN254 engine and threads already started: what a page that starts the prover when the ballot opens would take; ${machine}`,
    allMs: warmPlain,
  };
  report["browser.proof.depth20.throttled4x.warm.ms"] = {
    ms: median(warmThrottled),
    target: THROTTLED_TARGET_MS,
    result:
      median(warmThrottled) > THROTTLED_TARGET_MS
        ? "miss"
        : reach < THROTTLE_RATE * THROTTLE_REACH
          ? "not representative"
          : "pass",
    runs: RUNS,
    note: `the same, the renderer throttled ${THROTTLE_RATE}x; ${machine}`,
    allMs: warmThrottled,
  };
}
const proofMs = secretOnly ? (report["browser.proof.depth20.ms"] as { ms: number }).ms : median(plain);
report["browser.secret.encrypt.options5.ms"] = {
  ms: median(secretTimes),
  runs: SECRET_RUNS,
  note: `median time of the voter's page's secret-ballot worker in headless Chromium: a ${SECRET_OPTIONS}-option single-choice ballot encrypted under the election key with its ${SECRET_OPTIONS} 0/1 proofs and the rule proof (docs/secret-ballot.md §4), without the membership proof; ${machine}`,
  allMs: secretTimes,
};
const wholeBallotMs = median(secretTimes) + proofMs;
report["browser.secret.prepare.options5.ms"] = {
  ms: wholeBallotMs,
  target: SECRET_TARGET_MS,
  result: wholeBallotMs <= SECRET_TARGET_MS ? "pass" : "miss",
  note: `a whole secret ballot prepared by the voter's page: browser.secret.encrypt.options5.ms (${median(secretTimes)} ms) plus the membership proof of depth 20, browser.proof.depth20.ms (${proofMs} ms${secretOnly ? ", from an earlier run" : ", this run"}); ${machine}`,
};
writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
if (!secretOnly) {
  console.log(
    `browser.proof.depth20.ms ${median(plain)}; throttled 4x ${median(throttled)} (target ${THROTTLED_TARGET_MS})`,
  );
}
console.log(
  `browser.secret.encrypt.options5.ms ${median(secretTimes)}; with the membership proof ${wholeBallotMs} (target ${SECRET_TARGET_MS})`,
);
