/**
 * The voter's page's prover: one proof worker per page session and tree depth, started when the voter opens a ballot
 * form (the circuit files download and the prover starts while the voter chooses) and kept for every later ballot of
 * that depth (a re-vote, a secret ballot cast after a challenge, another poll), with the circuit files in its memory
 * and snarkjs's engine warm. A worker that fails is discarded; the next ballot starts a new one. Each ballot's request
 * carries an id, and only the answers that name it reach that ballot.
 *
 * @module
 */
import type { PageContext } from "../page.js";
import type { LoadRequest, ProofAnswer, ProofRequest } from "./voter-worker.js";

/** A ballot's progress: the files' download while they still load, then the proof under way. */
export type ProofProgress =
  { readonly kind: "download"; readonly loaded: number; readonly total: number } | { readonly kind: "proving" };

/** The proof's fields as decimal text. */
export type ProofFields = Record<string, string | string[]>;

interface Waiting {
  readonly onProgress: (progress: ProofProgress) => void;
  readonly resolve: (proof: ProofFields) => void;
  readonly reject: (error: Error) => void;
}

interface SessionProver {
  readonly worker: Worker;
  /** The last download progress, shown at once to a ballot cast while the files still load. */
  download?: ProofProgress & { kind: "download" };
  ready: boolean;
  /** Settles when the files are loaded and the engine started (true) or the worker failed (false). */
  readonly started: Promise<boolean>;
  settle?: (ready: boolean) => void;
  readonly waiting: Map<number, Waiting>;
}

const provers = new Map<number, SessionProver>();
let lastId = 0;

function discard(depth: number, prover: SessionProver, reason: string): void {
  if (provers.get(depth) === prover) provers.delete(depth);
  prover.settle?.(false);
  prover.worker.terminate();
  for (const waiting of prover.waiting.values()) waiting.reject(new Error(reason));
  prover.waiting.clear();
}

/**
 * The page session's prover of a depth, started if there is none: its worker downloads the circuit files and starts
 * the engine at once. Called when the voter opens a ballot form.
 */
export function openProver(context: PageContext, depth: number): Promise<boolean> {
  const open = provers.get(depth);
  if (open !== undefined) return open.started;
  const base = new URL(context.config.circuitsUrl ?? "circuits/", window.location.href);
  const worker = new Worker(new URL("./voter-worker.ts", import.meta.url), { type: "module" });
  let settle: (ready: boolean) => void = () => undefined;
  const started = new Promise<boolean>((resolve) => (settle = resolve));
  const prover: SessionProver = { worker, ready: false, started, settle, waiting: new Map() };
  provers.set(depth, prover);
  worker.addEventListener("message", (event: MessageEvent<ProofAnswer>) => {
    const answer = event.data;
    switch (answer.kind) {
      case "download":
        prover.download = answer;
        for (const waiting of prover.waiting.values()) waiting.onProgress(answer);
        return;
      case "ready":
        prover.ready = true;
        prover.settle?.(true);
        return;
      case "loadFailed":
        discard(depth, prover, answer.reason);
        return;
      case "proving":
        prover.waiting.get(answer.id)?.onProgress(answer);
        return;
      case "done":
        prover.waiting.get(answer.id)?.resolve(answer.proof);
        prover.waiting.delete(answer.id);
        return;
      case "failed": {
        const waiting = prover.waiting.get(answer.id);
        prover.waiting.delete(answer.id);
        // A prover that failed is not trusted with the next ballot.
        discard(depth, prover, answer.reason);
        waiting?.reject(new Error(answer.reason));
      }
    }
  });
  worker.addEventListener("error", (event) => discard(depth, prover, event.message));
  const load: LoadRequest = {
    kind: "load",
    depth,
    wasmUrl: new URL(`semaphore-${depth}.wasm`, base).href,
    zkeyUrl: new URL(`semaphore-${depth}.zkey`, base).href,
  };
  worker.postMessage(load);
  return started;
}

/** A ballot's proof by the session's prover of its depth (started now if there is none or it failed). */
export function proveBallot(
  context: PageContext,
  request: Omit<ProofRequest, "kind" | "id">,
  onProgress: (progress: ProofProgress) => void,
): Promise<ProofFields> {
  void openProver(context, request.depth);
  const prover = provers.get(request.depth)!;
  const id = ++lastId;
  return new Promise((resolve, reject) => {
    prover.waiting.set(id, { onProgress, resolve, reject });
    if (!prover.ready && prover.download !== undefined) onProgress(prover.download);
    const message: ProofRequest = { ...request, kind: "prove", id };
    prover.worker.postMessage(message);
  });
}
