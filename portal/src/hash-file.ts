/**
 * Hashing a chosen file in a worker, with progress: the page stays responsive whatever the file's size.
 *
 * @module
 */
import type { HashWorkerMessage } from "./hash-worker.js";

/** The largest document the page hashes: no register document is larger. */
export const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

/** The keccak-256 hash of a file, computed off the page's thread; `onProgress` hears 0 to 1. */
export function hashFile(file: File, onProgress: (share: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./hash-worker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<HashWorkerMessage>) => {
      const message = event.data;
      if ("progress" in message) {
        onProgress(message.progress);
        return;
      }
      worker.terminate();
      if ("hash" in message) resolve(message.hash);
      else reject(new Error(message.error));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(file);
  });
}
