/**
 * The Node side of `egov-registries/elections`: the circuit files of `@zk-kit/semaphore-artifacts`, so that proofs
 * are generated offline; the census tree hashed on every core; the census keeper, which follows the register and
 * keeps its censuses on disk; the ballot relay a municipality runs; a secret poll's whole key ceremony run from one
 * process (development chains, demonstrations, tests). Imported as `egov-registries/elections/node`.
 *
 * @module egov-registries/elections/node
 */
export { loadSemaphoreCircuit, SEMAPHORE_ARTIFACTS_VERSION, semaphoreCircuit } from "./artifacts.js";
export {
  CensusKeeper,
  type OpenCensusKeeperParameters,
  REBUILD_THRESHOLD,
  type SyncCensusReturnType,
} from "./keeper.js";
export { type KeptBlock } from "./keeper-file.js";
export {
  buildCensusTree,
  type BuildCensusTreeParameters,
  computeCensusParallel,
  type ComputeCensusParallelParameters,
  PARALLEL_THRESHOLD,
} from "./tree-workers.js";
export {
  ballotCallArguments,
  BALLOT_REFUSALS,
  type Relay,
  type RelayStats,
  secretBallotCallArguments,
  startRelay,
  type StartRelayParameters,
} from "./relay.js";
export { SubmissionMemory, type TakeResult, TokenBuckets, type TokenBucketsParameters } from "./relay-limits.js";
export {
  runTrusteeCeremonies,
  type RunTrusteeCeremoniesParameters,
  type TrusteeCeremonyRun,
} from "./trustee-ceremony.js";
