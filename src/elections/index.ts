/**
 * Citizens and elections for integrators, voters and observers: read a citizen and a poll, compute and check a
 * census root from the register's events, build a ballot and its zero-knowledge proof offline, submit it through
 * any account, read the tally and recompute it from the events.
 *
 * Imported as `egov-registries/elections`. It uses no Node built-in; the circuit files for Node are found by
 * `semaphoreCircuit` from `egov-registries/elections/node`.
 *
 * @module egov-registries/elections
 */
export {
  BALLOT_RULES,
  ballotMessage,
  ballotNullifier,
  type BallotRuleName,
  type BallotRuleParameters,
  ballotRuleProblem,
  decodeBallot,
  encodeBallot,
  type EncodeBallotParameters,
  MAX_OPTIONS,
  POLL_STATES,
  type PollStateName,
} from "./ballot.js";
export {
  type Census,
  type CensusSelector,
  type CheckCensusReturnType,
  CITIZEN_STATUSES,
  type CitizenChange,
  type CitizenStatusName,
  checkCensus,
  computeCensus,
  type ComputeCensusParameters,
  decodeCitizenLogs,
  EligibilityFlags,
  isCensusMember,
  readCitizenChanges,
  type ReadCitizenChangesParameters,
  type ReplayedCitizen,
  replayCitizenRegister,
} from "./census.js";
export { type CensusCurrency, checkCensusCurrency, compareCensusWithCreation } from "./currency.js";
export {
  type BallotCastEvent,
  type CitizenView,
  citizenRegistryAt,
  decodeBallotLogs,
  decodeElectionsError,
  electionsAt,
  type PollView,
  readBallotEvents,
  readCitizen,
  readPoll,
  readTally,
  recomputeTally,
  type ReplayedPoll,
  replayPolls,
  submitBallot,
  type SubmitBallotParameters,
  type SubmitBallotReturnType,
  type Tally,
  verifyTally,
  type VerifyTallyReturnType,
} from "./polls.js";
export {
  type BallotProof,
  buildBallotProof,
  type BuildBallotProofParameters,
  censusDepth,
  type CircuitFiles,
  createVotingIdentity,
  exportVotingIdentity,
  Group,
  Identity,
  importVotingIdentity,
  MAX_DEPTH,
  type MerkleProof,
  MIN_DEPTH,
  releaseProver,
  verifyBallotProof,
} from "./proof.js";
