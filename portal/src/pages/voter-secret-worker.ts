/**
 * A secret poll's ballot, prepared off the page's thread: the ciphertext of every option under the election key, with
 * the proofs that each holds 0 or 1 and that together they follow the poll's rule (docs/secret-ballot.md §4). The
 * randomness goes back to the page, which reveals it only if the voter challenges the ballot.
 *
 * @module
 */
import {
  encodeSecretBallot,
  fromWords,
  prepareBallot,
  type SecretBallotRule,
  type SecretBallotWords,
} from "../../../src/elections/secret/index.js";

/** What the page asks (numbers as bigint: the structured clone carries them). */
export interface SecretBallotRequest {
  readonly chainId: bigint;
  readonly contract: string;
  readonly pollId: bigint;
  readonly electionKey: { readonly x: bigint; readonly y: bigint };
  readonly rule: SecretBallotRule;
  readonly optionCount: number;
  readonly maxChoices: number;
  readonly options: readonly number[];
  readonly nullifier: bigint;
  readonly revision: bigint;
}

/** What the worker answers: that it started, then the ballot or why none was made. */
export type SecretBallotAnswer =
  | { readonly kind: "encrypting"; readonly options: number }
  | {
      readonly kind: "done";
      readonly ballot: SecretBallotWords;
      readonly randomness: readonly bigint[];
      readonly digest: bigint;
      readonly milliseconds: number;
    }
  | { readonly kind: "failed"; readonly reason: string };

function post(answer: SecretBallotAnswer): void {
  (self as unknown as Worker).postMessage(answer);
}

self.addEventListener("message", (event: MessageEvent<SecretBallotRequest>) => {
  const request = event.data;
  try {
    post({ kind: "encrypting", options: request.optionCount });
    const started = performance.now();
    const prepared = prepareBallot({
      poll: {
        location: { chainId: request.chainId, contract: request.contract, pollId: request.pollId },
        electionKey: fromWords(request.electionKey, "electionKey"),
        rule: request.rule,
        optionCount: request.optionCount,
        maxChoices: request.maxChoices,
      },
      options: request.options,
      nullifier: request.nullifier,
      revision: request.revision,
    });
    post({
      kind: "done",
      ballot: encodeSecretBallot(prepared.ballot),
      randomness: prepared.randomness,
      digest: prepared.digest,
      milliseconds: performance.now() - started,
    });
  } catch (error) {
    post({ kind: "failed", reason: error instanceof Error ? error.message : String(error) });
  }
});
