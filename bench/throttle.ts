/**
 * A CPU several times slower for a whole Chromium renderer, its Web Workers included.
 *
 * DevTools' `Emulation.setCPUThrottlingRate` slows only a page's main thread: sent to a worker's session (attached
 * with `Target.setAutoAttach`, flattened) Chromium answers "Operation is only supported for pages, not workers", and
 * a busy loop in a worker runs at full speed under a throttled page. A prover that works in workers (snarkjs starts
 * one per core, inside the page's own worker) is then hardly slowed. This throttler does to the renderer process what
 * DevTools does to the main thread: it lets the process run for a slice, then stops it (SIGSTOP) for `rate - 1` times
 * the time it ran, and so on, so that every thread of the process (main thread, workers, workers' workers) gets a
 * `1 / rate` share of the time it would get. The cycle runs in a Node worker thread, which sleeps with
 * `Atomics.wait` and so keeps its timing while the bench's own thread waits on the browser; it counts the time each
 * stop and each run really took and sizes the next stop from the totals, so that a late wake-up is made up for.
 *
 * Linux only (the renderers' process ids come from DevTools' `SystemInfo.getProcessInfo`).
 *
 * @module
 */
import { Worker } from "node:worker_threads";

import type { Browser } from "playwright-core";

/** The cycle, as plain JavaScript for the worker thread. */
const CYCLE = `
const { workerData, parentPort } = require("node:worker_threads");
const { pids, rate, sliceMs } = workerData;
const clock = new Int32Array(new SharedArrayBuffer(4));
const signal = (name) => {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // the process has exited
    }
  }
};
let running = true;
let ran = 0;
let stopped = 0;
parentPort.on("message", () => (running = false));
const cycle = () => {
  if (!running) {
    signal("SIGCONT");
    parentPort.postMessage({ ran, stopped });
    return;
  }
  const stopAt = performance.now();
  signal("SIGSTOP");
  Atomics.wait(clock, 0, 0, Math.max(ran * (rate - 1) - stopped, 0));
  const runAt = performance.now();
  stopped += runAt - stopAt;
  signal("SIGCONT");
  Atomics.wait(clock, 0, 0, sliceMs);
  ran += performance.now() - runAt;
  setImmediate(cycle);
};
cycle();
`;

/** The parameters of {@link throttleRenderers}. */
export interface ThrottleRenderersParameters {
  readonly browser: Browser;
  /** How many times slower: 4 stands for a phone-class CPU, as DevTools' preset. */
  readonly rate: number;
  /**
   * How long the process runs between two stops. Long slices keep the rate under load: a thread that resumes gets a
   * few milliseconds of the scheduler's credit to a waking task, which in slices of 10 ms cut a 4x throttle to about
   * 2x on a loaded machine, and in slices of 100 ms hardly counts.
   */
  readonly sliceMs?: number;
}

/** A running throttle: `stop` lets the renderers run freely again and reports the times the cycle kept. */
export interface RendererThrottle {
  readonly pids: readonly number[];
  stop(): Promise<{ readonly ranMs: number; readonly stoppedMs: number }>;
}

/** Throttles every renderer process of the browser as it stands (open the pages first). */
export async function throttleRenderers(parameters: ThrottleRenderersParameters): Promise<RendererThrottle> {
  const { browser, rate, sliceMs = 100 } = parameters;
  if (!(rate > 1)) throw new Error(`rate: must be greater than 1, got ${rate}`);
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = (await cdp.send("SystemInfo.getProcessInfo")) as {
    processInfo: { type: string; id: number }[];
  };
  await cdp.detach();
  const pids = processInfo.filter((info) => info.type === "renderer").map((info) => info.id);
  if (pids.length === 0) throw new Error("the browser has no renderer process to throttle: open a page first");
  const thread = new Worker(CYCLE, { eval: true, workerData: { pids, rate, sliceMs } });
  return {
    pids,
    async stop() {
      const totals = new Promise<{ ran: number; stopped: number }>((resolve) => thread.once("message", resolve));
      thread.postMessage("stop");
      const { ran, stopped } = await totals;
      await thread.terminate();
      return { ranMs: Math.round(ran), stoppedMs: Math.round(stopped) };
    },
  };
}

/**
 * A busy loop in a worker started by a worker of the page (as snarkjs's threads are), in milliseconds: the proof that
 * a throttle reaches the prover's threads is this figure growing by the rate.
 */
export const NESTED_WORKER_BUSY_LOOP = `new Promise((resolve) => {
  const inner = "onmessage = () => { const t = performance.now(); let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; self.sink = x; postMessage(performance.now() - t); }";
  const outer = "const w = new Worker(URL.createObjectURL(new Blob([" + JSON.stringify(inner) + "]))); w.onmessage = (e) => postMessage(e.data); onmessage = () => w.postMessage(0);";
  const worker = new Worker(URL.createObjectURL(new Blob([outer])));
  worker.onmessage = (event) => {
    worker.terminate();
    resolve(event.data);
  };
  worker.postMessage(0);
})`;
