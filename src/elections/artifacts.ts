/**
 * The Semaphore circuit files of the npm package `@zk-kit/semaphore-artifacts` (installed beside this package), for
 * Node: proofs are generated offline from them. Browsers serve the same files and pass their URLs instead.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

import { InvalidInputError } from "../errors.js";
import { MAX_DEPTH, MIN_DEPTH, type CircuitFiles } from "./proof.js";

const require = createRequire(import.meta.url);

/** The version of `@zk-kit/semaphore-artifacts` the verifier contract was checked against. */
export const SEMAPHORE_ARTIFACTS_VERSION = "4.13.0";

/**
 * The circuit files of `depth` from `@zk-kit/semaphore-artifacts`. Throws {@link InvalidInputError} for a depth
 * without circuit, or when the package is not installed.
 */
export function semaphoreCircuit(depth: number): CircuitFiles {
  if (!Number.isInteger(depth) || depth < MIN_DEPTH || depth > MAX_DEPTH) {
    throw new InvalidInputError({ field: "depth", reason: `must be an integer from ${MIN_DEPTH} to ${MAX_DEPTH}` });
  }
  let wasm: string;
  let zkey: string;
  try {
    wasm = require.resolve(`@zk-kit/semaphore-artifacts/semaphore-${depth}.wasm`);
    zkey = require.resolve(`@zk-kit/semaphore-artifacts/semaphore-${depth}.zkey`);
  } catch (cause) {
    throw new InvalidInputError({
      field: "circuit",
      reason: `install @zk-kit/semaphore-artifacts@${SEMAPHORE_ARTIFACTS_VERSION} to generate proofs offline`,
      cause,
    });
  }
  if (!existsSync(wasm) || !existsSync(zkey)) {
    throw new InvalidInputError({ field: "circuit", reason: `circuit files of depth ${depth} are missing` });
  }
  return { wasm, zkey };
}

const loaded = new Map<number, Promise<CircuitFiles>>();

/**
 * The circuit files of `depth` read into memory once for the process (about 2 MB of witness calculator and 2-4 MB
 * of proving key): later ballots of the same depth read nothing from disk. Same errors as {@link semaphoreCircuit}.
 */
export function loadSemaphoreCircuit(depth: number): Promise<CircuitFiles> {
  const files = semaphoreCircuit(depth);
  let circuit = loaded.get(depth);
  if (circuit === undefined) {
    circuit = Promise.all([readFile(files.wasm as string), readFile(files.zkey as string)]).then(([wasm, zkey]) => ({
      wasm: new Uint8Array(wasm),
      zkey: new Uint8Array(zkey),
    }));
    loaded.set(depth, circuit);
    circuit.catch(() => loaded.delete(depth));
  }
  return circuit;
}
