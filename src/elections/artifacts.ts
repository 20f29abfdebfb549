/**
 * The Semaphore circuit files of the npm package `@zk-kit/semaphore-artifacts` (installed beside this package), for
 * Node: proofs are generated offline from them. Browsers serve the same files and pass their URLs instead.
 *
 * @module
 */
import { existsSync } from "node:fs";
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
