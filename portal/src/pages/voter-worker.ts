/**
 * The ballot proof, made off the page's thread so that the page stays responsive: loads the poll depth's circuit
 * files (reporting the bytes), then proves membership in the census with the ballot and its revision as message.
 *
 * @module
 */
import { buildBallotProof, Identity } from "../../../src/elections/proof.js";

/** What the page asks. Numbers too large for JSON travel as decimal text. */
export interface ProofRequest {
  readonly privateKey: string;
  readonly members: readonly string[];
  readonly ballot: string;
  /** A secret ballot's hash, the proof's message as it is (a public ballot's message comes from ballot and revision). */
  readonly message?: string;
  readonly revision: string;
  readonly scope: string;
  readonly depth: number;
  readonly wasmUrl: string;
  readonly zkeyUrl: string;
}

/** What the worker answers: progress, then the proof or why none was made. */
export type ProofAnswer =
  | { readonly kind: "download"; readonly loaded: number; readonly total: number }
  | { readonly kind: "proving" }
  | { readonly kind: "done"; readonly proof: Record<string, string | string[]> }
  | { readonly kind: "failed"; readonly reason: string };

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

self.addEventListener("message", (event: MessageEvent<ProofRequest>) => {
  const request = event.data;
  void (async () => {
    try {
      const [wasm, zkey] = await download([request.wasmUrl, request.zkeyUrl]);
      post({ kind: "proving" });
      const proof = await buildBallotProof({
        identity: Identity.import(request.privateKey),
        census: request.members.map(BigInt),
        ballot: BigInt(request.ballot),
        ...(request.message === undefined ? {} : { message: BigInt(request.message) }),
        revision: BigInt(request.revision),
        scope: BigInt(request.scope),
        depth: request.depth,
        // snarkjs reads circuit files given as bytes as it reads them from a URL.
        circuit: { wasm: wasm as unknown as string, zkey: zkey as unknown as string },
      });
      post({
        kind: "done",
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
      post({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
    }
  })();
});
