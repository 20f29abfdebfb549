/**
 * The Elections contract rebuilt from its events alone: every poll as `poll(pollId)` reads it, with each nullifier's
 * latest ballot and the tally recomputed from them, cancellations and closes; for a secret poll its trustees, the key
 * ceremony (announcements, dealings, complaints, the seal), the latest encrypted ballot of each nullifier, the
 * decryption shares and the opened tally; and the contract's review period, pauses (which move the voting windows),
 * authority, version and implementation.
 *
 * @module
 */
import { Interface, type Log } from "ethers";

import { Elections__factory, ISecretPolls__factory } from "../contracts.js";
import type {
  BallotCastEvent,
  PollCancelledEvent,
  PollClosedEvent,
  PollCreatedEvent,
  ReviewPeriodChangedEvent,
  ReviewPeriodReductionScheduledEvent,
} from "../../types/ethers-contracts/contracts/election/Elections.js";
import type {
  CeremonySealedEvent,
  ComplaintJudgedEvent,
  DecryptionSharesPostedEvent,
  SecretBallotCastEvent,
  SecretPollCreatedEvent,
  SharesDealtEvent,
  TallyOpenedEvent,
  TrusteeAnnouncedEvent,
} from "../../types/ethers-contracts/contracts/election/ISecretPolls.js";
import { found, type ReplayParameters, ReplayError, replayGovernanceEvent } from "./base.js";

/** A point of BN254's G1 as `[x, y]`. */
export type ReplayedPoint = readonly [bigint, bigint];

/** An exponential ElGamal ciphertext of one option (`SecretBallot.Ciphertext`). */
export interface ReplayedCiphertext {
  readonly a: ReplayedPoint;
  readonly b: ReplayedPoint;
}

/** `IElections.Census` as the poll's creation stated it. */
export interface ReplayedCensus {
  jurisdiction: bigint;
  requiredFlags: bigint;
  size: bigint;
  sequence: bigint;
  depth: bigint;
  root: bigint;
}

/** A public ballot: the options' bit set and its revision. */
export interface ReplayedBallot {
  ballot: bigint;
  revision: bigint;
}

/** A secret ballot: its revision, its Semaphore message and its ciphertexts, one per option. */
export interface ReplayedSecretBallot {
  revision: bigint;
  digest: bigint;
  ciphertexts: ReplayedCiphertext[];
}

/** A trustee's announcement: its Feldman commitments, transport key and proofs of knowledge. */
export interface ReplayedAnnouncement {
  commitments: ReplayedPoint[];
  transportKey: ReplayedPoint;
  coefficientProof: ReplayedPoint;
  transportProof: ReplayedPoint;
}

/** What makes a poll secret, and everything its ceremony, ballots and opening published. */
export interface ReplayedSecretPoll {
  trustees: string[];
  quorum: bigint;
  /** By trustee number, 1 to n. */
  announcements: Map<bigint, ReplayedAnnouncement>;
  /** The encrypted shares each dealer published, by dealer number. */
  dealings: Map<bigint, { ephemerals: ReplayedPoint[]; masked: bigint[] }>;
  complaints: { dealer: bigint; recipient: bigint; upheld: boolean; sharedPoint: ReplayedPoint }[];
  /** The qualified trustees (bit `j` for trustee `j`) and the election key, once sealed. */
  sealed: { qualified: bigint; electionKey: ReplayedPoint } | null;
  /** Each nullifier's latest encrypted ballot. */
  ballots: Map<bigint, ReplayedSecretBallot>;
  /** The verified decryption shares and their proofs, by trustee number. */
  decryptionShares: Map<bigint, { shares: ReplayedPoint[]; proofs: ReplayedPoint[] }>;
  /** The counts the tally opened to, and the trustees whose shares opened it. */
  opened: { counts: bigint[]; trustees: bigint[] } | null;
}

/** A poll as `poll(pollId)`, `tally`, `ballotOf` and `revisionOf` read it. */
export interface ReplayedPoll {
  pollId: bigint;
  officer: string;
  metadataHash: string;
  /** `IElections.BallotRule` (`BALLOT_RULES[Number(rule)]` names it). */
  rule: bigint;
  optionCount: bigint;
  maxChoices: bigint;
  revoting: boolean;
  /** The window as stated, unix seconds (pauses after the creation move it: see {@link ElectionsState}). */
  opensAt: bigint;
  closesAt: bigint;
  budget: bigint;
  costs: bigint[];
  census: ReplayedCensus;
  /** Unix seconds. */
  createdAt: number;
  /** The contract's paused seconds counted when the poll was created. */
  pausedBefore: number;
  cancelled: { guardian: string; reason: string } | null;
  /** The close as its event recorded it: the distinct ballots and the votes per option. */
  closed: { ballots: bigint; votes: bigint[] } | null;
  /** Distinct nullifiers counted (public or secret). */
  ballots: number;
  /** Each nullifier's latest public ballot. */
  latest: Map<bigint, ReplayedBallot>;
  /** Votes per option recomputed from the latest public ballots (zeros for a secret poll). */
  votes: bigint[];
  secret: ReplayedSecretPoll | null;
}

/** The Elections contract as its events tell it. */
export interface ElectionsState {
  readonly polls: Map<bigint, ReplayedPoll>;
  /** The review period in force and a reduction waiting for its time, seconds. */
  reviewPeriod: bigint;
  pendingReviewPeriod: { to: bigint; effectiveAt: bigint } | null;
  paused: boolean;
  /** The seconds of the pauses ended so far (`pausedTime()` outside a pause), and the current pause's start. */
  pausedTotal: number;
  pausedSince: number | null;
  authority: string | null;
  initializedVersion: bigint;
  implementation: string | null;
}

/** The return type of {@link replayElections}. */
export type ReplayElectionsReturnType = ElectionsState;

/** The events {@link replayElections} folds: every event of the Elections ABI and of its secret polls. */
export const ELECTIONS_EVENTS = [
  "PollCreated",
  "PollCancelled",
  "BallotCast",
  "PollClosed",
  "ReviewPeriodChanged",
  "ReviewPeriodReductionScheduled",
  "SecretPollCreated",
  "TrusteeAnnounced",
  "SharesDealt",
  "ComplaintJudged",
  "CeremonySealed",
  "SecretBallotCast",
  "DecryptionSharesPosted",
  "TallyOpened",
  "Paused",
  "Unpaused",
  "AuthorityUpdated",
  "Initialized",
  "Upgraded",
] as const;

/**
 * Folds the Elections contract's logs, in chain order, into its state: public and secret polls alike (the secret
 * polls' library runs in the contract, so its events are the contract's logs). Logs of other events are skipped.
 */
export function replayElections({ logs }: ReplayParameters): ReplayElectionsReturnType {
  const state: ElectionsState = {
    polls: new Map(),
    reviewPeriod: 0n,
    pendingReviewPeriod: null,
    paused: false,
    pausedTotal: 0,
    pausedSince: null,
    authority: null,
    initializedVersion: 0n,
    implementation: null,
  };
  const poll = (pollId: bigint, log: Log) => found(state.polls.get(pollId), "unknown poll", log);
  const secret = (pollId: bigint, log: Log) => found(poll(pollId, log).secret ?? undefined, "poll is not secret", log);
  for (const { log, timestamp } of logs) {
    const event = ELECTIONS_INTERFACE.parseLog(log);
    if (event === null) continue;
    switch (event.name) {
      case "PollCreated": {
        const { pollId, officer, parameters: p } = event.args as unknown as PollCreatedEvent.OutputObject;
        if (pollId !== BigInt(state.polls.size + 1)) throw new ReplayError("poll id out of order", log);
        applyDueReviewPeriod(state, timestamp);
        state.polls.set(pollId, {
          pollId,
          officer,
          metadataHash: p.metadataHash,
          rule: p.rule,
          optionCount: p.optionCount,
          maxChoices: p.maxChoices,
          revoting: p.revoting,
          opensAt: p.opensAt,
          closesAt: p.closesAt,
          budget: p.budget,
          costs: [...p.costs],
          census: {
            jurisdiction: p.census.jurisdiction,
            requiredFlags: p.census.requiredFlags,
            size: p.census.size,
            sequence: p.census.sequence,
            depth: p.census.depth,
            root: p.census.root,
          },
          createdAt: timestamp,
          pausedBefore: state.pausedTotal,
          cancelled: null,
          closed: null,
          ballots: 0,
          latest: new Map(),
          votes: Array.from({ length: Number(p.optionCount) }, () => 0n),
          secret: null,
        });
        break;
      }
      case "PollCancelled": {
        const a = event.args as unknown as PollCancelledEvent.OutputObject;
        const record = poll(a.pollId, log);
        if (record.cancelled !== null) throw new ReplayError("poll cancelled twice", log);
        record.cancelled = { guardian: a.guardian, reason: a.reason };
        break;
      }
      case "BallotCast": {
        const a = event.args as unknown as BallotCastEvent.OutputObject;
        const record = poll(a.pollId, log);
        const before = record.latest.get(a.nullifier);
        if ((before?.ballot ?? 0n) !== a.previousBallot)
          throw new ReplayError("a ballot of the nullifier is missing", log);
        if (before !== undefined && a.revision <= before.revision) throw new ReplayError("revision does not rise", log);
        if (before === undefined) record.ballots++;
        else count(record.votes, before.ballot, -1n);
        count(record.votes, a.ballot, 1n);
        record.latest.set(a.nullifier, { ballot: a.ballot, revision: a.revision });
        break;
      }
      case "PollClosed": {
        const a = event.args as unknown as PollClosedEvent.OutputObject;
        const record = poll(a.pollId, log);
        if (record.closed !== null) throw new ReplayError("poll closed twice", log);
        if (a.ballots !== BigInt(record.ballots)) throw new ReplayError("the close counts other ballots", log);
        record.closed = { ballots: a.ballots, votes: [...a.tally] };
        break;
      }
      case "ReviewPeriodChanged": {
        const a = event.args as unknown as ReviewPeriodChangedEvent.OutputObject;
        state.reviewPeriod = a.to;
        state.pendingReviewPeriod = null;
        break;
      }
      case "ReviewPeriodReductionScheduled": {
        const a = event.args as unknown as ReviewPeriodReductionScheduledEvent.OutputObject;
        state.reviewPeriod = a.from;
        state.pendingReviewPeriod = { to: a.to, effectiveAt: a.effectiveAt };
        break;
      }
      case "SecretPollCreated": {
        const a = event.args as unknown as SecretPollCreatedEvent.OutputObject;
        const record = poll(a.pollId, log);
        if (record.secret !== null) throw new ReplayError("poll made secret twice", log);
        record.secret = {
          trustees: [...a.trustees],
          quorum: a.quorum,
          announcements: new Map(),
          dealings: new Map(),
          complaints: [],
          sealed: null,
          ballots: new Map(),
          decryptionShares: new Map(),
          opened: null,
        };
        break;
      }
      case "TrusteeAnnounced": {
        const a = event.args as unknown as TrusteeAnnouncedEvent.OutputObject;
        const s = secret(a.pollId, log);
        if (s.announcements.has(a.trustee)) throw new ReplayError("trustee announced twice", log);
        s.announcements.set(a.trustee, {
          commitments: a.commitments.map(point),
          transportKey: point(a.transportKey),
          coefficientProof: point(a.coefficientProof),
          transportProof: point(a.transportProof),
        });
        break;
      }
      case "SharesDealt": {
        const a = event.args as unknown as SharesDealtEvent.OutputObject;
        const s = secret(a.pollId, log);
        if (s.dealings.has(a.dealer)) throw new ReplayError("dealer dealt twice", log);
        s.dealings.set(a.dealer, { ephemerals: a.ephemerals.map(point), masked: [...a.masked] });
        break;
      }
      case "ComplaintJudged": {
        const a = event.args as unknown as ComplaintJudgedEvent.OutputObject;
        secret(a.pollId, log).complaints.push({
          dealer: a.dealer,
          recipient: a.recipient,
          upheld: a.upheld,
          sharedPoint: point(a.sharedPoint),
        });
        break;
      }
      case "CeremonySealed": {
        const a = event.args as unknown as CeremonySealedEvent.OutputObject;
        const s = secret(a.pollId, log);
        if (s.sealed !== null) throw new ReplayError("ceremony sealed twice", log);
        s.sealed = { qualified: a.qualified, electionKey: point(a.electionKey) };
        break;
      }
      case "SecretBallotCast": {
        const a = event.args as unknown as SecretBallotCastEvent.OutputObject;
        const record = poll(a.pollId, log);
        const s = secret(a.pollId, log);
        const before = s.ballots.get(a.nullifier);
        if (before !== undefined && a.revision <= before.revision) throw new ReplayError("revision does not rise", log);
        if (before === undefined) record.ballots++;
        s.ballots.set(a.nullifier, {
          revision: a.revision,
          digest: a.digest,
          ciphertexts: a.ciphertexts.map((c) => ({ a: point(c.a), b: point(c.b) })),
        });
        break;
      }
      case "DecryptionSharesPosted": {
        const a = event.args as unknown as DecryptionSharesPostedEvent.OutputObject;
        const s = secret(a.pollId, log);
        if (s.decryptionShares.has(a.trustee)) throw new ReplayError("shares posted twice", log);
        s.decryptionShares.set(a.trustee, { shares: a.shares.map(point), proofs: a.proofs.map(point) });
        break;
      }
      case "TallyOpened": {
        const a = event.args as unknown as TallyOpenedEvent.OutputObject;
        const s = secret(a.pollId, log);
        if (s.opened !== null) throw new ReplayError("tally opened twice", log);
        s.opened = { counts: [...a.counts], trustees: [...a.trustees] };
        break;
      }
      case "Paused":
        state.paused = true;
        state.pausedSince = timestamp;
        break;
      case "Unpaused":
        state.pausedTotal += timestamp - found(state.pausedSince ?? undefined, "unpaused while not paused", log);
        state.paused = false;
        state.pausedSince = null;
        break;
      default:
        if (replayGovernanceEvent(state, event)) break;
        throw new ReplayError(`the Elections event ${event.name} has no handler`, log);
    }
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------------------
// Private
// ---------------------------------------------------------------------------------------------------------------------

/** The Elections ABI with the events of the secret polls' library, which runs in the contract. */
const ELECTIONS_INTERFACE = new Interface([
  ...Elections__factory.abi,
  ...ISecretPolls__factory.abi.filter((fragment) => fragment.type === "event"),
]);

function point(value: readonly [bigint, bigint] | { x: bigint; y: bigint }): ReplayedPoint {
  return "x" in value ? [value.x, value.y] : [value[0], value[1]];
}

/** Adds `delta` to the votes of every option a ballot's bit set selects. */
function count(votes: bigint[], ballot: bigint, delta: bigint): void {
  for (let i = 0; i < votes.length; i++) if (((ballot >> BigInt(i)) & 1n) === 1n) votes[i]! += delta;
}

/** A scheduled reduction of the review period counts once due, as the contract counts it at a creation. */
function applyDueReviewPeriod(state: ElectionsState, timestamp: number): void {
  const pending = state.pendingReviewPeriod;
  if (pending !== null && BigInt(timestamp) >= pending.effectiveAt) {
    state.reviewPeriod = pending.to;
    state.pendingReviewPeriod = null;
  }
}
