/**
 * The Node side of `egov-registries/elections`: the circuit files of `@zk-kit/semaphore-artifacts`, so that proofs
 * are generated offline. Imported as `egov-registries/elections/node`.
 *
 * @module
 */
export { SEMAPHORE_ARTIFACTS_VERSION, semaphoreCircuit } from "./artifacts.js";
