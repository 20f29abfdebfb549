/**
 * The Node side of `egov-registries/elections`: the circuit files of `@zk-kit/semaphore-artifacts`, so that proofs
 * are generated offline, and the ballot relay a municipality runs. Imported as `egov-registries/elections/node`.
 *
 * @module egov-registries/elections/node
 */
export { SEMAPHORE_ARTIFACTS_VERSION, semaphoreCircuit } from "./artifacts.js";
export {
  ballotCallArguments,
  BALLOT_REFUSALS,
  type Relay,
  type RelayStats,
  startRelay,
  type StartRelayParameters,
} from "./relay.js";
export { SubmissionMemory, type TakeResult, TokenBuckets, type TokenBucketsParameters } from "./relay-limits.js";
