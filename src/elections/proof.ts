/**
 * Voting identities and ballot proofs. A citizen's identity is a Semaphore v4 identity whose commitment the civil
 * registry records; a ballot proof shows membership in a poll's census, with the poll's scope and the ballot as
 * message, without saying which member voted.
 *
 * Proofs are generated from circuit files given explicitly (see `egov-registries/elections/node` for the files of
 * the `@zk-kit/semaphore-artifacts` package): nothing is ever fetched from the network.
 *
 * @module
 */
import { Group, type MerkleProof } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { generateProof, verifyProof } from "@semaphore-protocol/proof";
import { packGroth16Proof } from "@zk-kit/utils/proof-packing";
import { WitnessCalculatorBuilder, type WitnessCalculator } from "circom_runtime";
import { keccak256, toBeHex } from "ethers";
import { groth16 } from "snarkjs";

import { InvalidInputError } from "../errors.js";
import { ballotMessage } from "./ballot.js";

/**
 * The circuit files of one tree depth: paths in Node, URLs in a browser, or their bytes already loaded (the prover
 * then reads nothing for each ballot: see `loadSemaphoreCircuit` in `egov-registries/elections/node`).
 */
export interface CircuitFiles {
  readonly wasm: string | Uint8Array;
  readonly zkey: string | Uint8Array;
}

/** The Semaphore proof as the Elections contract takes it (`IElections.BallotProof`). */
export interface BallotProof {
  readonly merkleTreeDepth: bigint;
  readonly merkleTreeRoot: bigint;
  readonly nullifier: bigint;
  readonly message: bigint;
  readonly scope: bigint;
  readonly points: [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
}

/** Smallest and largest tree depths Semaphore has circuits for. */
export const MIN_DEPTH = 1;
export const MAX_DEPTH = 32;

/** A new random voting identity. */
export function createVotingIdentity(): Identity {
  return new Identity();
}

/** The identity saved with {@link exportVotingIdentity}. */
export function importVotingIdentity(exported: string): Identity {
  try {
    return Identity.import(exported);
  } catch (cause) {
    throw new InvalidInputError({ field: "identity", reason: "not an exported Semaphore identity", cause });
  }
}

/** The identity's private key as base64 text: keep it secret. */
export function exportVotingIdentity(identity: Identity): string {
  return identity.export();
}

/** The depth of the tree of a census of `size` members (Semaphore's LeanIMT; at least 1). */
export function censusDepth(size: number): number {
  return Math.max(MIN_DEPTH, Math.ceil(Math.log2(Math.max(size, 1))));
}

/** Parameters of {@link buildBallotProof}. */
export interface BuildBallotProofParameters {
  /** The voter's identity. */
  readonly identity: Identity;
  /**
   * The census's members in order (from `computeCensus`), a Semaphore group built from them, or only the voter's
   * Merkle path in the census tree (for a large census, whose tree a voter's device need not compute: the path can
   * come from anyone, since a path to another root gives a proof that the poll refuses).
   */
  readonly census: readonly bigint[] | Group | MerkleProof;
  /** The encoded ballot. */
  readonly ballot: bigint;
  /**
   * The proof's message as it is, instead of `ballotMessage(ballot, revision)`: a secret ballot's digest
   * (`ballotDigest` of `elections/secret`), which already binds the revision.
   */
  readonly message?: bigint;
  /** The ballot's revision: above the chain's latest for the voter's nullifier in the poll (1 for a first). */
  readonly revision: bigint;
  /** The poll's scope (`Elections.pollScope(pollId)`). */
  readonly scope: bigint;
  /** The circuit files for `depth`. */
  readonly circuit: CircuitFiles;
  /** The poll's tree depth (`census.depth` of the poll): every proof of a poll is made at it. */
  readonly depth: number;
}

/**
 * Builds a ballot proof offline. Throws {@link InvalidInputError} when the identity is not in the census or the
 * depth is too small for it.
 */
export async function buildBallotProof({
  identity,
  census,
  ballot,
  message,
  revision,
  scope,
  circuit,
  depth,
}: BuildBallotProofParameters): Promise<BallotProof> {
  let path: MerkleProof;
  let minimumDepth: number;
  if (census instanceof Group || Array.isArray(census)) {
    const group = census instanceof Group ? census : new Group([...(census as readonly bigint[])]);
    const index = group.indexOf(identity.commitment);
    if (index < 0) {
      throw new InvalidInputError({
        field: "identity",
        reason: `commitment ${identity.commitment} is not in the census`,
      });
    }
    path = group.generateMerkleProof(index);
    minimumDepth = group.depth;
  } else {
    path = census as MerkleProof;
    if (BigInt(path.leaf) !== identity.commitment) {
      throw new InvalidInputError({
        field: "census",
        reason: `the Merkle path is for leaf ${path.leaf}, not for the identity's commitment ${identity.commitment}`,
      });
    }
    minimumDepth = path.siblings.length;
  }
  const treeDepth = depth;
  if (!Number.isInteger(treeDepth) || treeDepth < minimumDepth || treeDepth < MIN_DEPTH || treeDepth > MAX_DEPTH) {
    throw new InvalidInputError({
      field: "depth",
      reason: `must be an integer from ${Math.max(MIN_DEPTH, minimumDepth)} to ${MAX_DEPTH}, got ${treeDepth}`,
    });
  }
  const proofMessage = message ?? ballotMessage(ballot, revision);
  holdProver();
  let proof;
  try {
    proof =
      circuit.wasm instanceof Uint8Array && circuit.zkey instanceof Uint8Array
        ? await proveWithKeptCalculator(identity, path, proofMessage, scope, treeDepth, circuit.wasm, circuit.zkey)
        : // snarkjs reads a path, a URL or the bytes themselves (as `fastfile` does); the type says paths only.
          await generateProof(identity, path, proofMessage, scope, treeDepth, {
            wasm: circuit.wasm as string,
            zkey: circuit.zkey as string,
          });
  } finally {
    idleProver();
  }
  const p = proof.points.map((value: string | bigint) => BigInt(value));
  return {
    merkleTreeDepth: BigInt(proof.merkleTreeDepth),
    merkleTreeRoot: BigInt(proof.merkleTreeRoot),
    nullifier: BigInt(proof.nullifier),
    message: BigInt(proof.message),
    scope: BigInt(proof.scope),
    points: [p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!],
  };
}

/**
 * Semaphore's hash of a message or a scope into the circuit's field, as `generateProof` of `@semaphore-protocol/proof`
 * makes it: keccak-256 of the value as 32 bytes, shifted right by 8 bits.
 */
function semaphoreHash(value: bigint): bigint {
  return BigInt(keccak256(toBeHex(value, 32))) >> 8n;
}

/** A circuit's witness calculator, compiled once from its bytes, and the calculations waiting for it. */
interface KeptCalculator {
  readonly calculator: Promise<WitnessCalculator>;
  queue: Promise<unknown>;
}

/** The witness calculators of the circuits loaded in memory, by their bytes: each compiled once for every proof. */
const calculators = new WeakMap<Uint8Array, KeptCalculator>();

/**
 * Readies the prover for ballots of `depth` with circuit files loaded in memory, ahead of the first ballot (the
 * voter's page does it while the voter chooses): compiles the circuit's witness calculator, kept for every later
 * {@link buildBallotProof} with the same bytes, and calculates one witness of placeholder inputs with it (no identity,
 * an empty path), thrown away. The engine optimises the calculator's code on its first calculation, in threads that
 * would otherwise compete with the first ballot's proof for the CPU; done here, the first ballot proves as fast as the
 * next. Files given as paths or URLs have nothing to prepare.
 */
export async function prepareBallotProver(circuit: CircuitFiles, depth: number): Promise<void> {
  if (!Number.isInteger(depth) || depth < MIN_DEPTH || depth > MAX_DEPTH) {
    throw new InvalidInputError({
      field: "depth",
      reason: `must be an integer from ${MIN_DEPTH} to ${MAX_DEPTH}, got ${depth}`,
    });
  }
  if (!(circuit.wasm instanceof Uint8Array)) return;
  await keptCalculator(circuit.wasm).calculator;
  let rehearsal: Uint8Array;
  try {
    rehearsal = await witnessOf(circuit.wasm, {
      secret: 1n,
      merkleProofLength: 0n,
      merkleProofIndex: 0n,
      merkleProofSiblings: Array.from({ length: depth }, () => 0n),
      scope: 0n,
      message: 0n,
    });
  } catch (cause) {
    throw new InvalidInputError({
      field: "depth",
      reason: `the circuit takes no path of ${depth} siblings: these are not the circuit files of depth ${depth}`,
      cause,
    });
  }
  rehearsal.fill(0);
}

function keptCalculator(wasm: Uint8Array): KeptCalculator {
  let kept = calculators.get(wasm);
  if (kept === undefined) {
    // Semaphore's circuits (circom 2) export their own memory: the builder's default 2 GiB memory to import, kept as
    // long as the calculator, would be reserved for nothing; one page is enough.
    kept = { calculator: WitnessCalculatorBuilder(wasm, { memorySize: 1 }), queue: Promise.resolve() };
    calculators.set(wasm, kept);
    kept.calculator.catch(() => calculators.delete(wasm));
  }
  return kept;
}

/**
 * The witness of `input` from the circuit's kept calculator. Calculations run one at a time: the calculator's memory
 * holds one witness, and reading it out follows its calculation across an `await`.
 */
function witnessOf(wasm: Uint8Array, input: Record<string, bigint | bigint[]>): Promise<Uint8Array> {
  const kept = keptCalculator(wasm);
  const { calculator } = kept;
  const witness = kept.queue.then(async () => (await calculator).calculateWTNSBin(input, 0));
  // The queue keeps no witness: a witness holds the voter's secret.
  kept.queue = witness.then(
    () => undefined,
    () => undefined,
  );
  return witness;
}

/**
 * The proof `generateProof` of `@semaphore-protocol/proof` makes, with the same circuit inputs and the same output,
 * from circuit files loaded in memory: the witness from the circuit's kept calculator (compiled once, not for each
 * ballot), the proof from snarkjs's Groth16 prover on the proving key's bytes.
 */
async function proveWithKeptCalculator(
  identity: Identity,
  path: MerkleProof,
  message: bigint,
  scope: bigint,
  depth: number,
  wasm: Uint8Array,
  zkey: Uint8Array,
): Promise<{
  merkleTreeDepth: number;
  merkleTreeRoot: bigint;
  nullifier: string;
  message: bigint;
  scope: bigint;
  points: readonly (string | bigint)[];
}> {
  // The siblings past the path's length are not used by the circuit; they are 0.
  const siblings = Array.from({ length: depth }, (_, i) => BigInt(path.siblings[i] ?? 0n));
  const witness = await witnessOf(wasm, {
    secret: identity.secretScalar,
    merkleProofLength: BigInt(path.siblings.length),
    merkleProofIndex: BigInt(path.index),
    merkleProofSiblings: siblings,
    scope: semaphoreHash(scope),
    message: semaphoreHash(message),
  });
  let proved;
  try {
    proved = await groth16.prove(zkey, witness);
  } finally {
    // The witness holds the voter's secret: it is not left in memory after the proof.
    witness.fill(0);
  }
  const { proof, publicSignals } = proved;
  return {
    merkleTreeDepth: depth,
    merkleTreeRoot: BigInt(path.root),
    nullifier: publicSignals[1]!,
    message,
    scope,
    points: packGroth16Proof(proof),
  };
}

/**
 * Checks a ballot proof off chain with the verification key bundled in `@semaphore-protocol/proof` (no network).
 * The contract makes the same check.
 */
export async function verifyBallotProof(proof: BallotProof): Promise<boolean> {
  holdProver();
  try {
    return await verifyProof({
      merkleTreeDepth: Number(proof.merkleTreeDepth),
      merkleTreeRoot: proof.merkleTreeRoot.toString(),
      nullifier: proof.nullifier.toString(),
      message: proof.message.toString(),
      scope: proof.scope.toString(),
      points: proof.points.map((value) => value.toString()) as unknown as Parameters<typeof verifyProof>[0]["points"],
    });
  } finally {
    idleProver();
  }
}

/** The BN254 engine snarkjs keeps for later proofs (`globalThis.curve_bn128`), with its worker threads. */
interface ProverEngine {
  terminate(): Promise<void>;
  readonly tm?: { readonly workers?: readonly Record<symbol, { ref?(): void; unref?(): void } | undefined>[] };
}

/** Where the `web-worker` package keeps a Node worker thread inside its Worker. */
const NODE_WORKER = Symbol.for("worker");

function proverEngine(): ProverEngine | undefined {
  return (globalThis as { curve_bn128?: ProverEngine | null }).curve_bn128 ?? undefined;
}

/** Proofs and checks under way: the engine's workers are held while there is any. */
let holds = 0;

/** Lets the engine's Node worker threads keep the process alive while a proof is computed. */
function holdProver(): void {
  holds++;
  for (const worker of proverEngine()?.tm?.workers ?? []) worker[NODE_WORKER]?.ref?.();
}

/**
 * Keeps the engine and its worker threads for the next proof, without keeping a Node process alive for them: the
 * next ballot reuses the warm engine (1.3-1.4 s for a depth-20 proof instead of 2.2-3.4 s for the first one), and a
 * process that has nothing else to do still exits. Browsers' workers have no such hold.
 */
function idleProver(): void {
  if (--holds > 0) return;
  for (const worker of proverEngine()?.tm?.workers ?? []) worker[NODE_WORKER]?.unref?.();
}

/**
 * Stops the worker threads the prover keeps for later proofs and frees their memory. Not needed for a Node process
 * to exit: between proofs the workers do not hold it. Proving again afterwards works; it starts a new engine (the
 * cold first proof again).
 */
export async function releaseProver(): Promise<void> {
  const engine = proverEngine();
  if (engine !== undefined) await engine.terminate();
}

export { Group, Identity, type MerkleProof };
