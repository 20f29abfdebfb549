/**
 * The result of a secret poll checked by anyone, from the chain alone (docs/secret-ballot.md §6): the encrypted tally
 * recomputed from the `SecretBallotCast` events (the latest ballot of each nullifier) and compared with the
 * contract's, every posted decryption share's Chaum–Pedersen proof verified against its trustee's verification key,
 * and the opened counts compared with what a quorum's shares decrypt.
 *
 * @module
 */
import type { Suite } from "../deployment.js";
import { electionsOf } from "../actions/elections.js";
import { ciphertextsFromChain } from "./secret/chain.js";
import { ciphertextsEqual, type Ciphertext } from "./secret/elgamal.js";
import { combineShares, countsMatch, type DecryptionShare, verifyDecryptionShare } from "./secret/opening.js";
import { O } from "./secret/group.js";
import {
  readSecretPoll,
  readSecretPollMessages,
  recomputeEncryptedTally,
  type SecretPollMessages,
  type SecretPollState,
  verificationKeysOf,
} from "./trustee-chain.js";
import { qualifiedOf } from "./trustee.js";

/** What {@link checkSecretResult} finds. */
export interface SecretResultCheck {
  readonly state: SecretPollState;
  readonly messages: SecretPollMessages;
  /** Distinct voters (nullifiers) with a counted ballot. */
  readonly voters: number;
  /** Whether the events' latest ballots add up to the contract's encrypted tally. */
  readonly tallyMatches: boolean;
  /** The trustees who posted decryption shares, in increasing order. */
  readonly posted: readonly number[];
  /** Those whose shares' proofs do not verify (the contract accepts none such: never expected). */
  readonly invalidShares: readonly number[];
  /** The opened counts, once opened. */
  readonly counts: readonly bigint[] | undefined;
  /** Once opened: whether a quorum's verified shares decrypt the encrypted tally to exactly the counts. */
  readonly countsMatch: boolean | undefined;
}

/** Checks a secret poll's encrypted tally and, once opened, its result. */
export async function checkSecretResult({
  suite,
  pollId,
}: {
  readonly suite: Suite;
  readonly pollId: bigint;
}): Promise<SecretResultCheck> {
  const elections = electionsOf(suite);
  const state = await readSecretPoll({ elections, pollId });
  const messages = await readSecretPollMessages({
    provider: suite.runner.provider!,
    elections: state.location.contract,
    pollId,
    fromBlock: suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  const tally: Ciphertext[] = ciphertextsFromChain(await state.contract.encryptedTally(pollId));
  const recomputed = recomputeEncryptedTally(messages, state.poll.optionCount);
  const tallyMatches = tally.length === recomputed.length && tally.every((c, i) => ciphertextsEqual(c, recomputed[i]!));
  const voters = new Set(messages.ballots.map((b) => b.nullifier)).size;
  const byTrustee = new Map<number, DecryptionShare[]>();
  for (const share of messages.decryptionShares) {
    byTrustee.set(share.trustee, [...(byTrustee.get(share.trustee) ?? []), share]);
  }
  const posted = [...byTrustee.keys()].sort((x, y) => x - y);
  const qualified = qualifiedOf(state);
  const keys = verificationKeysOf(qualified, messages.announcements);
  const poll = { location: state.location, electionKey: state.electionKey ?? O };
  const invalidShares = posted.filter((trustee) => {
    const key = keys.get(trustee);
    return (
      key === undefined || !byTrustee.get(trustee)!.every((share) => verifyDecryptionShare(poll, tally, key, share))
    );
  });
  const counts = messages.openedCounts;
  let matches: boolean | undefined;
  if (counts !== undefined) {
    const valid = posted.filter((trustee) => !invalidShares.includes(trustee)).slice(0, state.quorum);
    matches =
      valid.length >= state.quorum &&
      countsMatch(combineShares(tally, new Map(valid.map((trustee) => [trustee, byTrustee.get(trustee)!]))), counts);
  }
  return { state, messages, voters, tallyMatches, posted, invalidShares, counts, countsMatch: matches };
}
