/**
 * Hashes a file off the page's thread (keccak-256, in slices), reporting progress, so that a large document does not
 * freeze the page.
 *
 * @module
 */
import { keccak_256 } from "@noble/hashes/sha3.js";

/** A slice read at a time. */
const SLICE = 4 * 1024 * 1024;

/** What the page sends: the file. What the worker answers: progress (0 to 1), then the hash, or an error. */
export type HashWorkerMessage = { readonly progress: number } | { readonly hash: string } | { readonly error: string };

const hex = (bytes: Uint8Array) => `0x${Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")}`;

self.onmessage = async (event: MessageEvent<File>) => {
  const file = event.data;
  try {
    const hash = keccak_256.create();
    for (let offset = 0; offset < file.size; offset += SLICE) {
      hash.update(new Uint8Array(await file.slice(offset, offset + SLICE).arrayBuffer()));
      self.postMessage({ progress: Math.min(1, (offset + SLICE) / file.size) } satisfies HashWorkerMessage);
    }
    self.postMessage({ hash: hex(hash.digest()) } satisfies HashWorkerMessage);
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) } satisfies HashWorkerMessage);
  }
};
