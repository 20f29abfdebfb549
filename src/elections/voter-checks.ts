/**
 * What a voter is told before a ballot is proved: why an identity is not in a poll's census (not registered there,
 * not eligible at the census, an identity replaced or recorded after it), that a poll without re-voting took the
 * voter's ballot already, and that a cancelled poll was cancelled.
 *
 * @module
 */
import { EligibilityFlags, type CitizenChange, replayCitizenRegister } from "./census.js";
import type { PollView } from "./polls.js";

/** The names of the flags in `flags`, like `adult, resident`. */
function namesOf(flags: number): string {
  return Object.entries(EligibilityFlags)
    .filter(([, bit]) => (flags & bit) !== 0)
    .map(([name]) => name.toLowerCase())
    .join(", ");
}

/**
 * Why a voting identity's commitment is not in a poll's census, in words, from the register's changes: the citizen
 * it belongs to at the census was elsewhere or not eligible; the identity was replaced before the census or recorded
 * after it; or no citizen has it.
 */
export function censusAbsence(changes: readonly CitizenChange[], poll: PollView, commitment: bigint): string {
  const { jurisdiction, requiredFlags, sequence } = poll.census;
  const head = `this voting identity is not in the census of poll ${poll.pollId} (register sequence ${sequence})`;
  const atCensus = replayCitizenRegister(changes, sequence).find((c) => c.votingCommitment === commitment);
  if (atCensus !== undefined) {
    if (atCensus.jurisdiction !== jurisdiction) {
      return `${head}: the register had you in jurisdiction ${atCensus.jurisdiction}, and the poll is for ${jurisdiction}`;
    }
    if (atCensus.status !== "Active") {
      return `${head}: your status in the register was ${atCensus.status} then; only Active citizens vote`;
    }
    const missing = requiredFlags & ~atCensus.flags;
    return `${head}: you were not eligible then (the poll requires ${namesOf(requiredFlags)}; you lacked ${namesOf(missing)})`;
  }
  for (const change of changes) {
    if (change.kind === "commitment" && change.from === commitment && change.sequence <= sequence) {
      return `${head}: this identity was replaced by a newer one at register sequence ${change.sequence}, before the census; vote with the identity the registry now holds`;
    }
    if (change.kind === "commitment" && change.to === commitment && change.sequence > sequence) {
      return `${head}: this identity was recorded at register sequence ${change.sequence}, after the census; in this poll, vote with your previous identity`;
    }
    if (change.kind === "registered" && change.votingCommitment === commitment && change.sequence > sequence) {
      return `${head}: you were registered at register sequence ${change.sequence}, after the census; you vote in later polls`;
    }
  }
  return `${head}: no citizen of the register has it; give the civil registry its commitment (voter commitment)`;
}

/** The refusal of a ballot the poll will not take whatever its content: cancelled, not open, or no re-vote. */
export function pollRefusal(poll: PollView, latestRevision: bigint): string | undefined {
  if (poll.state === "Cancelled") return `poll ${poll.pollId} was cancelled by a guardian: it takes no ballot`;
  if (poll.state !== "Open") {
    return `poll ${poll.pollId} is ${poll.state}: it takes ballots from ${new Date(poll.opensAt * 1000).toISOString()} to ${new Date(poll.closesAt * 1000).toISOString()}`;
  }
  if (!poll.revoting && latestRevision > 0n) {
    return `you have voted in poll ${poll.pollId} already, and it counts one ballot per citizen with no re-vote: your ballot stands`;
  }
  return undefined;
}
