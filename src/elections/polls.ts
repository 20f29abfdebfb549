/**
 * Reading citizens and polls, submitting a ballot through any account (a relayer), and the tally: read from the
 * contract, recomputed from the `BallotCast` events, and compared.
 *
 * @module
 */
import { AbiCoder, keccak256 } from "ethers";
import type { ContractRunner, Log, Provider, Signer, TransactionResponse } from "ethers";

import {
  CitizenRegistry__factory,
  Elections__factory,
  ISecretPolls__factory,
  type CitizenRegistry,
  type Elections,
} from "../contracts.js";
import type { ReceiptPolicy } from "../actions/receipts.js";
import { ContractRevertError, decodeRevert, EgovError, InvalidStateError, TransactionFailedError } from "../errors.js";
import { readLogs } from "../logs.js";
import { sendTransaction, type TransactionCall, type TransactionEvent } from "../send.js";
import { BALLOT_RULES, type BallotRuleName, POLL_STATES, type PollStateName } from "./ballot.js";
import { CITIZEN_STATUSES, type CitizenStatusName } from "./census.js";
import type { BallotProof } from "./proof.js";

const electionsInterface = Elections__factory.createInterface();
const citizenInterface = CitizenRegistry__factory.createInterface();

/** The ABIs that votes and reads can revert with, for decoding. */
const INTERFACES = [
  { name: "Elections", interface: electionsInterface, abi: Elections__factory.abi },
  { name: "CitizenRegistry", interface: citizenInterface, abi: CitizenRegistry__factory.abi },
  { name: "ISecretPolls", interface: ISecretPolls__factory.createInterface(), abi: ISecretPolls__factory.abi },
];

/** Turns a thrown call error into an {@link EgovError} with the contract's custom error decoded. */
export function decodeElectionsError(error: unknown): EgovError {
  return decodeRevert({ error, interfaces: INTERFACES });
}

/** The Elections contract at `address`. */
export function electionsAt(address: string, runner: ContractRunner): Elections {
  return Elections__factory.connect(address, runner);
}

/** The CitizenRegistry at `address`. */
export function citizenRegistryAt(address: string, runner: ContractRunner): CitizenRegistry {
  return CitizenRegistry__factory.connect(address, runner);
}

/** A citizen record, with names for the status. */
export interface CitizenView {
  readonly citizenKey: string;
  readonly index: number;
  readonly jurisdiction: number;
  readonly status: CitizenStatusName;
  readonly flags: number;
  readonly registeredAt: number;
  readonly statusSince: number;
  readonly lastSequence: bigint;
  readonly votingCommitment: bigint;
}

/** Reads a citizen. Throws a `RecordNotFoundError` for an unknown key. */
export async function readCitizen({
  registry,
  citizenKey,
}: {
  readonly registry: CitizenRegistry;
  readonly citizenKey: string;
}): Promise<CitizenView> {
  try {
    const c = await registry.citizen(citizenKey);
    return {
      citizenKey,
      index: Number(c.index),
      jurisdiction: Number(c.jurisdiction),
      status: CITIZEN_STATUSES[Number(c.status)]!,
      flags: Number(c.flags),
      registeredAt: Number(c.registeredAt),
      statusSince: Number(c.statusSince),
      lastSequence: c.lastSequence,
      votingCommitment: c.votingCommitment,
    };
  } catch (error) {
    throw decodeElectionsError(error);
  }
}

/** A poll, with names for rule and state, its option costs and its scope. */
export interface PollView {
  readonly pollId: bigint;
  readonly state: PollStateName;
  readonly metadataHash: string;
  readonly rule: BallotRuleName;
  readonly optionCount: number;
  readonly maxChoices: number;
  readonly revoting: boolean;
  /** A secret poll: its ballots are encrypted and its trustees open the total after the close. */
  readonly secret: boolean;
  readonly createdAt: number;
  /** The first second ballots are accepted, moved later by the time the contract was paused since creation. */
  readonly opensAt: number;
  /** The first second ballots are refused, moved later by the time the contract was paused since creation. */
  readonly closesAt: number;
  /** The window as the officer stated it at creation. */
  readonly statedOpensAt: number;
  readonly statedClosesAt: number;
  readonly ballots: number;
  readonly budget: bigint;
  readonly costs: readonly bigint[];
  readonly scope: bigint;
  readonly census: {
    readonly jurisdiction: number;
    readonly requiredFlags: number;
    readonly size: number;
    readonly sequence: bigint;
    /** The tree depth every proof of the poll is made at. */
    readonly depth: number;
    readonly root: bigint;
  };
}

/**
 * The scope the contract computes for a poll, `keccak256(abi.encode(chainid, address(this), pollId))`, from the
 * chain id the provider was connected to and the contract's address; undefined without a provider.
 */
async function expectedScope(elections: Elections, pollId: bigint): Promise<bigint | undefined> {
  const provider = elections.runner?.provider;
  if (provider === undefined || provider === null) return undefined;
  const [{ chainId }, address] = await Promise.all([provider.getNetwork(), elections.getAddress()]);
  return BigInt(
    keccak256(AbiCoder.defaultAbiCoder().encode(["uint256", "address", "uint256"], [chainId, address, pollId])),
  );
}

/** Reads a poll. Throws a `RecordNotFoundError` for an unknown id. */
export async function readPoll({
  elections,
  pollId,
}: {
  readonly elections: Elections;
  readonly pollId: bigint;
}): Promise<PollView> {
  try {
    const [p, state, costs, stated, window, scope] = await Promise.all([
      elections.poll(pollId),
      elections.pollState(pollId),
      elections.optionCosts(pollId),
      elections.pollScope(pollId),
      elections.pollWindow(pollId),
      expectedScope(elections, pollId),
    ]);
    // A voter's proof is bound to the scope: one the node made up (another poll's, with the same census) would let
    // whoever holds the proof cast it there.
    if (scope !== undefined && stated !== scope) {
      throw new InvalidStateError({
        kind: "poll",
        id: pollId.toString(),
        state: "misreported",
        reason: `the node answers scope ${stated}, but the contract's scope of this poll (keccak-256 of the chain id, its address and the poll id) is ${scope}: read it from another node`,
      });
    }
    return {
      pollId,
      state: POLL_STATES[Number(state)]!,
      metadataHash: p.metadataHash,
      rule: BALLOT_RULES[Number(p.rule)]!,
      optionCount: Number(p.optionCount),
      maxChoices: Number(p.maxChoices),
      revoting: p.revoting,
      secret: p.secret,
      createdAt: Number(p.createdAt),
      opensAt: Number(window.opensAt),
      closesAt: Number(window.closesAt),
      statedOpensAt: Number(p.opensAt),
      statedClosesAt: Number(p.closesAt),
      ballots: Number(p.ballots),
      budget: p.budget,
      costs: [...costs],
      scope: stated,
      census: {
        jurisdiction: Number(p.census.jurisdiction),
        requiredFlags: Number(p.census.requiredFlags),
        size: Number(p.census.size),
        sequence: p.census.sequence,
        depth: Number(p.census.depth),
        root: p.census.root,
      },
    };
  } catch (error) {
    throw decodeElectionsError(error);
  }
}

/** Parameters of {@link submitBallot}. */
export interface SubmitBallotParameters {
  /** The Elections contract connected to the submitting account (the voter's or a relayer's). */
  readonly elections: Elections;
  readonly pollId: bigint;
  readonly ballot: bigint;
  /** The revision the proof's message binds (see `ballotMessage`). */
  readonly revision: bigint;
  readonly proof: BallotProof;
  /** How the ballot's transaction is awaited: timeout, replacement of a stuck one (`--replace-stuck`). */
  readonly receipts?: ReceiptPolicy;
  /** Told about the transaction as it is sent, awaited, replaced and mined. */
  readonly onTransaction?: (event: TransactionEvent) => void;
}

/** What {@link submitBallot} returns. */
export interface SubmitBallotReturnType {
  readonly hash: string;
  readonly blockNumber: number;
  /** The ballot this one replaced (a re-vote), or 0n for a first ballot. */
  readonly previousBallot: bigint;
  readonly gasUsed: bigint;
}

/**
 * The ballot an earlier run left pending that a new one replaces: the same poll, voter (nullifier) and revision,
 * whatever the options and the proof (a proof is new each time).
 */
function sameBallot(pending: TransactionResponse, call: TransactionCall): boolean {
  if (pending.to?.toLowerCase() !== call.to.toLowerCase()) return false;
  const key = (data: string) => {
    try {
      const parsed = electionsInterface.parseTransaction({ data });
      if (parsed?.name !== "castBallot") return undefined;
      const [pollId, , revision, proof] = parsed.args as unknown as [bigint, bigint, bigint, { nullifier: bigint }];
      return `${pollId}:${proof.nullifier}:${revision}`;
    } catch {
      return undefined;
    }
  };
  const mine = key(call.data);
  return mine !== undefined && mine === key(pending.data);
}

/**
 * Submits a ballot through the suite's one send path (`send.ts`): the contract is asked first whether it would count
 * it (the same check the write runs), and nothing is sent when it would not, the refusal thrown decoded (a
 * {@link ContractRevertError} with the contract's custom error, or a `RecordNotFoundError` for an unknown poll); the
 * transaction is then awaited with the policy's timeout and replaced when stuck where the policy allows it.
 */
export async function submitBallot({
  elections,
  pollId,
  ballot,
  revision,
  proof,
  receipts,
  onTransaction,
}: SubmitBallotParameters): Promise<SubmitBallotReturnType> {
  const signer = elections.runner as Signer | null;
  if (signer === null || typeof signer.sendTransaction !== "function") {
    throw new EgovError("the Elections contract is connected to no account that can send the ballot");
  }
  const receipt = await sendTransaction({
    signer,
    call: {
      to: await elections.getAddress(),
      data: electionsInterface.encodeFunctionData("castBallot", [pollId, ballot, revision, proof]),
    },
    description: `cast a ballot in poll ${pollId}`,
    policy: receipts,
    sameCall: sameBallot,
    explain: decodeElectionsError,
    onEvent: onTransaction,
  });
  const cast = receipt.logs
    .map((log) => electionsInterface.parseLog({ topics: [...log.topics], data: log.data }))
    .find((parsed) => parsed?.name === "BallotCast");
  return {
    hash: receipt.hash,
    blockNumber: receipt.blockNumber,
    previousBallot: cast === undefined || cast === null ? 0n : (cast.args.previousBallot as bigint),
    gasUsed: receipt.gasUsed,
  };
}

/** A tally: votes per option and the number of distinct counted ballots. */
export interface Tally {
  readonly votes: readonly bigint[];
  readonly ballots: number;
}

/** Reads a poll's tally from the contract. */
export async function readTally({
  elections,
  pollId,
}: {
  readonly elections: Elections;
  readonly pollId: bigint;
}): Promise<Tally> {
  try {
    const [votes, ballots] = await elections.tally(pollId);
    return { votes: [...votes], ballots: Number(ballots) };
  } catch (error) {
    throw decodeElectionsError(error);
  }
}

/** One counted ballot, decoded from a `BallotCast` event. */
export interface BallotCastEvent {
  readonly pollId: bigint;
  readonly nullifier: bigint;
  readonly ballot: bigint;
  readonly previousBallot: bigint;
  /** The ballot's revision: above the nullifier's previous one. */
  readonly revision: bigint;
  readonly blockNumber: number;
  readonly logIndex: number;
}

/** Decodes the `BallotCast` events among `logs`, in chain order. */
export function decodeBallotLogs(logs: readonly Log[]): BallotCastEvent[] {
  const events: BallotCastEvent[] = [];
  for (const log of logs) {
    const parsed = electionsInterface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed?.name !== "BallotCast") continue;
    events.push({
      pollId: parsed.args.pollId,
      nullifier: parsed.args.nullifier,
      ballot: parsed.args.ballot,
      previousBallot: parsed.args.previousBallot,
      revision: parsed.args.revision,
      blockNumber: log.blockNumber,
      logIndex: log.index,
    });
  }
  return events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
}

/**
 * Recomputes a tally from ballot events alone: the last ballot of each nullifier counts, once. The events' own
 * `previousBallot` fields are checked against the replay, so a missing event is noticed, and each nullifier's
 * revisions must rise, as the contract requires.
 */
export function recomputeTally({
  events,
  pollId,
  optionCount,
}: {
  readonly events: readonly BallotCastEvent[];
  readonly pollId: bigint;
  readonly optionCount: number;
}): Tally {
  const last = new Map<bigint, bigint>();
  const revisions = new Map<bigint, bigint>();
  for (const event of events) {
    if (event.pollId !== pollId) continue;
    const before = last.get(event.nullifier) ?? 0n;
    if (before !== event.previousBallot) {
      throw new TransactionFailedError({
        reason: `ballot events of poll ${pollId} are incomplete: nullifier ${event.nullifier} replaced ${event.previousBallot}, the log shows ${before}`,
      });
    }
    const latest = revisions.get(event.nullifier) ?? 0n;
    if (event.revision <= latest) {
      throw new TransactionFailedError({
        reason: `ballot events of poll ${pollId} do not rise: nullifier ${event.nullifier} revision ${event.revision} after ${latest}`,
      });
    }
    last.set(event.nullifier, event.ballot);
    revisions.set(event.nullifier, event.revision);
  }
  const votes = Array.from({ length: optionCount }, () => 0n);
  for (const ballot of last.values()) {
    for (let i = 0; i < optionCount; i++) {
      if (((ballot >> BigInt(i)) & 1n) === 1n) votes[i]!++;
    }
  }
  return { votes, ballots: last.size };
}

/** Reads the `BallotCast` events of a poll from the chain. */
export async function readBallotEvents({
  provider,
  elections,
  pollId,
  fromBlock = 0,
}: {
  readonly provider: Provider;
  readonly elections: string;
  readonly pollId: bigint;
  readonly fromBlock?: number;
}): Promise<BallotCastEvent[]> {
  const topic = electionsInterface.getEvent("BallotCast").topicHash;
  const logs = await readLogs({
    provider,
    address: elections,
    fromBlock,
    topics: [topic, `0x${pollId.toString(16).padStart(64, "0")}`],
  });
  return decodeBallotLogs(logs);
}

/** What {@link verifyTally} returns. */
export interface VerifyTallyReturnType {
  readonly onChain: Tally;
  readonly recomputed: Tally;
  /** Whether both agree option by option and on the number of ballots. */
  readonly matches: boolean;
  /** The poll's state: the tally is final once it is Ended or Closed. */
  readonly state: PollStateName;
}

/** Recomputes a poll's tally from the chain's events and compares it with the contract's. */
export async function verifyTally({
  elections,
  provider,
  pollId,
  fromBlock,
}: {
  readonly elections: Elections;
  readonly provider: Provider;
  readonly pollId: bigint;
  readonly fromBlock?: number;
}): Promise<VerifyTallyReturnType> {
  const poll = await readPoll({ elections, pollId });
  const [onChain, events] = await Promise.all([
    readTally({ elections, pollId }),
    readBallotEvents({ provider, elections: await elections.getAddress(), pollId, fromBlock }),
  ]);
  const recomputed = recomputeTally({ events, pollId, optionCount: poll.optionCount });
  const matches =
    onChain.ballots === recomputed.ballots &&
    onChain.votes.length === recomputed.votes.length &&
    onChain.votes.every((value, i) => value === recomputed.votes[i]);
  return { onChain, recomputed, matches, state: poll.state };
}

export { ContractRevertError };

/** A poll as rebuilt from the Elections contract's events alone. */
export interface ReplayedPoll {
  readonly pollId: bigint;
  readonly officer: string;
  readonly metadataHash: string;
  readonly rule: BallotRuleName;
  readonly optionCount: number;
  readonly maxChoices: number;
  readonly revoting: boolean;
  readonly opensAt: number;
  readonly closesAt: number;
  readonly budget: bigint;
  readonly costs: readonly bigint[];
  readonly census: PollView["census"];
  /** The block the poll was created in. */
  readonly createdInBlock: number;
  readonly cancelled: boolean;
  readonly closed: boolean;
  readonly tally: Tally;
  /** The last counted ballot of each nullifier. */
  readonly ballots: ReadonlyMap<bigint, bigint>;
}

/**
 * Rebuilds every poll from the Elections contract's logs (creation, ballots, cancellation, close), in chain order.
 * Throws when a ballot names a poll without creation event or replaces a ballot the log does not show.
 */
export function replayPolls(logs: readonly Log[]): ReplayedPoll[] {
  const sorted = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const polls = new Map<bigint, Omit<ReplayedPoll, "tally"> & { ballots: Map<bigint, bigint> }>();
  const known = (pollId: bigint) => {
    const poll = polls.get(pollId);
    if (poll === undefined) {
      throw new TransactionFailedError({ reason: `the log names poll ${pollId} before its creation` });
    }
    return poll;
  };
  for (const log of sorted) {
    const parsed = electionsInterface.parseLog({ topics: [...log.topics], data: log.data });
    if (parsed === null) continue;
    const a = parsed.args;
    if (parsed.name === "PollCreated") {
      const p = a.parameters;
      polls.set(a.pollId, {
        pollId: a.pollId,
        officer: a.officer,
        createdInBlock: log.blockNumber,
        metadataHash: p.metadataHash,
        rule: BALLOT_RULES[Number(p.rule)]!,
        optionCount: Number(p.optionCount),
        maxChoices: Number(p.maxChoices),
        revoting: p.revoting,
        opensAt: Number(p.opensAt),
        closesAt: Number(p.closesAt),
        budget: p.budget,
        costs: [...p.costs],
        census: {
          jurisdiction: Number(p.census.jurisdiction),
          requiredFlags: Number(p.census.requiredFlags),
          size: Number(p.census.size),
          sequence: p.census.sequence,
          depth: Number(p.census.depth),
          root: p.census.root,
        },
        cancelled: false,
        closed: false,
        ballots: new Map(),
      });
    } else if (parsed.name === "BallotCast") {
      const poll = known(a.pollId);
      const before = poll.ballots.get(a.nullifier) ?? 0n;
      if (before !== a.previousBallot) {
        throw new TransactionFailedError({
          reason: `ballot events of poll ${a.pollId} are incomplete: nullifier ${a.nullifier} replaced ${a.previousBallot}, the log shows ${before}`,
        });
      }
      poll.ballots.set(a.nullifier, a.ballot);
    } else if (parsed.name === "PollCancelled") {
      polls.set(a.pollId, { ...known(a.pollId), cancelled: true });
    } else if (parsed.name === "PollClosed") {
      polls.set(a.pollId, { ...known(a.pollId), closed: true });
    }
  }
  return [...polls.values()].map((poll) => {
    const events: BallotCastEvent[] = [...poll.ballots.entries()].map(([nullifier, ballot], i) => ({
      pollId: poll.pollId,
      nullifier,
      ballot,
      previousBallot: 0n,
      revision: 1n,
      blockNumber: 0,
      logIndex: i,
    }));
    return { ...poll, tally: recomputeTally({ events, pollId: poll.pollId, optionCount: poll.optionCount }) };
  });
}
