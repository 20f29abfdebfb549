import { id } from "ethers";

import {
  ballotMessage,
  type BallotProof,
  buildBallotProof,
  type BuildBallotProofParameters,
  censusDepth,
  Identity,
} from "../../src/elections/index.js";
import { semaphoreCircuit } from "../../src/elections/node.js";

/** A voting identity derived from a fixed label, so that its commitment is the same in every test run. */
export function fixedIdentity(label: string): Identity {
  return new Identity(id(`egov test voter ${label}`).slice(2));
}

/** Calls to `fetch` made while {@link offline} ran its callback. */
export interface OfflineRun<T> {
  readonly result: T;
  readonly fetchCalls: readonly string[];
}

/**
 * Runs `work` with the global `fetch` replaced by one that records the request and throws, so that anything that
 * would reach for the network fails and is counted.
 */
export async function offline<T>(work: () => Promise<T>): Promise<OfflineRun<T>> {
  const original = globalThis.fetch;
  const fetchCalls: string[] = [];
  globalThis.fetch = ((input: string | URL | Request) => {
    fetchCalls.push(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    return Promise.reject(new Error("the network is not reachable in this test"));
  }) as typeof fetch;
  try {
    return { result: await work(), fetchCalls };
  } finally {
    globalThis.fetch = original;
  }
}

/**
 * A real Semaphore proof, generated offline from the circuit files of `@zk-kit/semaphore-artifacts`. Throws if the
 * generation reached for the network.
 */
export async function proveBallot(
  parameters: Omit<BuildBallotProofParameters, "circuit" | "depth" | "revision"> & {
    readonly depth?: number;
    readonly revision?: bigint;
  },
): Promise<BallotProof> {
  const size = Array.isArray(parameters.census) ? parameters.census.length : 0;
  const depth = parameters.depth ?? censusDepth(size);
  const revision = parameters.revision ?? 1n;
  const { result, fetchCalls } = await offline(() =>
    buildBallotProof({ ...parameters, depth, revision, circuit: semaphoreCircuit(depth) }),
  );
  if (fetchCalls.length > 0) throw new Error(`proof generation reached for the network: ${fetchCalls.join(", ")}`);
  return result;
}

/** A proof with the right public inputs and worthless points: the contract's cheap checks see it as real. */
export function forgedProof(parameters: {
  readonly root: bigint;
  readonly scope: bigint;
  readonly ballot: bigint;
  readonly nullifier: bigint;
  readonly depth?: bigint;
  readonly revision?: bigint;
}): BallotProof {
  return {
    merkleTreeDepth: parameters.depth ?? 2n,
    merkleTreeRoot: parameters.root,
    nullifier: parameters.nullifier,
    message: ballotMessage(parameters.ballot, parameters.revision ?? 1n),
    scope: parameters.scope,
    points: [1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n],
  };
}
