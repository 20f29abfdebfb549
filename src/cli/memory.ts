/**
 * Keeps a long command's resident memory near what it really holds. V8 lets garbage pile up to a limit set from the
 * machine's memory (gigabytes on a server) before it collects it all; a bulk import of a national register makes
 * garbage at every batch (encoded calls, JSON requests and responses), so its resident memory would grow with the
 * file although the rows it keeps are small. The guard collects the garbage whenever the heap has grown by a step
 * over what was live after the previous collection.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Heap growth, in MB, over the live heap after the last collection, that triggers the next collection. */
const STEP_MB = 96;

/** The engine's full collection, exposed at run time (the command was not started with `--expose-gc`). */
function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

/**
 * A function to call at every step of a long job (each batch, each window of checked rows): it runs a full garbage
 * collection when the heap has grown by {@link STEP_MB} since the last one.
 */
export function memoryGuard(): () => void {
  const collect = fullCollection();
  let threshold = process.memoryUsage().heapUsed + STEP_MB * 2 ** 20;
  return () => {
    const { heapUsed } = process.memoryUsage();
    if (heapUsed < threshold) return;
    collect();
    threshold = process.memoryUsage().heapUsed + STEP_MB * 2 ** 20;
  };
}
