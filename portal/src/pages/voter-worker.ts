/**
 * The ballot proof, made off the page's thread so that the page stays responsive. One worker serves a page session
 * and a tree depth: asked to load when the voter opens a ballot form, it downloads the depth's circuit files
 * (reporting the bytes), keeps them in memory and starts the prover's BN254 engine and threads while the voter
 * chooses; each ballot then proves membership in the census with the ballot and its revision as message, the files
 * and the engine reused. Every answer about a ballot carries the ballot request's id.
 *
 * @module
 */
import { buildBallotProof, Identity, prepareBallotProver, verifyBallotProof } from "../../../src/elections/proof.js";

/** Load the circuit files of the worker's depth and start the prover (sent once, first). */
export interface LoadRequest {
  readonly kind: "load";
  readonly depth: number;
  readonly wasmUrl: string;
  readonly zkeyUrl: string;
}

/** Prove one ballot. Numbers too large for JSON travel as decimal text. */
export interface ProofRequest {
  readonly kind: "prove";
  /** The ballot's request, named again in every answer about it. */
  readonly id: number;
  readonly privateKey: string;
  readonly members: readonly string[];
  readonly ballot: string;
  /** A secret ballot's hash, the proof's message as it is (a public ballot's message comes from ballot and revision). */
  readonly message?: string;
  readonly revision: string;
  readonly scope: string;
  readonly depth: number;
}

/** What the worker answers: the files' progress and readiness, then each ballot's proof or why none was made. */
export type ProofAnswer =
  | { readonly kind: "download"; readonly loaded: number; readonly total: number }
  | { readonly kind: "ready" }
  | { readonly kind: "loadFailed"; readonly reason: string }
  | { readonly kind: "proving"; readonly id: number }
  | { readonly kind: "done"; readonly id: number; readonly proof: Record<string, string | string[]> }
  | { readonly kind: "failed"; readonly id: number; readonly reason: string };

function post(answer: ProofAnswer): void {
  (self as unknown as Worker).postMessage(answer);
}

/** Fetches the circuit files, posting the bytes loaded so far of both together. */
async function download(urls: readonly string[]): Promise<Uint8Array[]> {
  const responses = await Promise.all(urls.map((url) => fetch(url)));
  for (const [i, response] of responses.entries()) {
    if (!response.ok) throw new Error(`${urls[i]} answered HTTP ${response.status}`);
  }
  const total = responses.reduce((sum, response) => sum + Number(response.headers.get("content-length") ?? 0), 0);
  let loaded = 0;
  return Promise.all(
    responses.map(async (response) => {
      const reader = response.body!.getReader();
      const chunks: Uint8Array[] = [];
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        post({ kind: "download", loaded, total: Math.max(total, loaded) });
      }
      const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
      let offset = 0;
      for (const chunk of chunks) {
        bytes.set(chunk, offset);
        offset += chunk.length;
      }
      return bytes;
    }),
  );
}

/**
 * Starts snarkjs's BN254 engine and its threads, which it keeps for every later proof of this worker: checking an
 * empty proof (refused, as it must be) builds the engine without making a proof.
 */
async function startEngine(depth: number): Promise<void> {
  await verifyBallotProof({
    merkleTreeDepth: BigInt(depth),
    merkleTreeRoot: 0n,
    nullifier: 0n,
    message: 0n,
    scope: 0n,
    points: [0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n],
  });
}

/** The circuit files in memory, once loaded; the engine started. */
let files: Promise<Uint8Array[]> | undefined;
/** Ballots are proved one after the other. */
let queue: Promise<void> = Promise.resolve();

async function prove(request: ProofRequest): Promise<void> {
  try {
    if (files === undefined) throw new Error("the circuit files were not asked for");
    const [wasm, zkey] = await files;
    post({ kind: "proving", id: request.id });
    const proof = await buildBallotProof({
      identity: Identity.import(request.privateKey),
      census: request.members.map(BigInt),
      ballot: BigInt(request.ballot),
      ...(request.message === undefined ? {} : { message: BigInt(request.message) }),
      revision: BigInt(request.revision),
      scope: BigInt(request.scope),
      depth: request.depth,
      // snarkjs reads circuit files given as bytes as it reads them from a URL.
      circuit: { wasm: wasm!, zkey: zkey! },
    });
    // The circuit files come from a URL; the verification key is the one bundled in the page. A proof that does not
    // verify under it (files altered to make a "proof" that carries something else, the voter's secret for one) is
    // never sent.
    if (!(await verifyBallotProof(proof))) {
      throw new Error(
        "the proof made with the circuit files received does not verify: they are not the poll's circuit",
      );
    }
    post({
      kind: "done",
      id: request.id,
      proof: {
        merkleTreeDepth: proof.merkleTreeDepth.toString(),
        merkleTreeRoot: proof.merkleTreeRoot.toString(),
        nullifier: proof.nullifier.toString(),
        message: proof.message.toString(),
        scope: proof.scope.toString(),
        points: proof.points.map(String),
      },
    });
  } catch (error) {
    post({ kind: "failed", id: request.id, reason: error instanceof Error ? error.message : String(error) });
  }
}

self.addEventListener("message", (event: MessageEvent<LoadRequest | ProofRequest>) => {
  const request = event.data;
  if (request.kind === "load") {
    if (files !== undefined) return;
    files = (async () => {
      const loaded = await download([request.wasmUrl, request.zkeyUrl]);
      await startEngine(request.depth);
      // The circuit's witness calculator compiled and run once now, while the voter chooses, and kept for every ballot.
      await prepareBallotProver({ wasm: loaded[0]!, zkey: loaded[1]! }, request.depth);
      return loaded;
    })();
    files.then(
      () => post({ kind: "ready" }),
      (error: unknown) => post({ kind: "loadFailed", reason: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  queue = queue.then(() => prove(request));
});
