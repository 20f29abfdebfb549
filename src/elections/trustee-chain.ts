/**
 * A secret poll as its trustees and its verifiers read it from the chain (docs/secret-ballot.md): the trustees,
 * quorum, windows and each trustee's steps from the contract's reads, and every published message (announcements,
 * dealings, complaints' verdicts, decryption shares, encrypted ballots) from the Elections contract's events, read in
 * pages that adapt to the node. Everything is checked as it is decoded: a point off the curve is an error.
 *
 * @module
 */
import { getAddress, type Log, type Provider, zeroPadValue, toBeHex } from "ethers";

import { ISecretPolls__factory, type Elections, type ISecretPolls } from "../contracts.js";
import { InvalidInputError } from "../errors.js";
import { readLogs } from "../logs.js";
import { type PollView, readPoll } from "./polls.js";
import {
  type Ceremony,
  createCeremony,
  type EncryptedShare,
  evaluateCommitments,
  type TrusteeAnnouncement,
} from "./secret/ceremony.js";
import { ciphertextsFromChain, decryptionSharesFromChain, pointFromPair, sharesFromDealing } from "./secret/chain.js";
import { addCiphertexts, type Ciphertext, EMPTY_CIPHERTEXT } from "./secret/elgamal.js";
import { O, type Point, type PollLocation } from "./secret/group.js";
import type { DecryptionShare } from "./secret/opening.js";

const secretInterface = ISecretPolls__factory.createInterface();

/** One trustee's steps as the contract records them. */
export interface TrusteeStatus {
  /** The trustee's number, from 1. */
  readonly index: number;
  readonly account: string;
  readonly announced: boolean;
  readonly dealt: boolean;
  readonly excluded: boolean;
  /** Posted its decryption shares. */
  readonly posted: boolean;
}

/** A secret poll's ceremony and opening as the contract holds them. */
export interface SecretPollState {
  readonly poll: PollView;
  readonly location: PollLocation;
  readonly ceremony: Ceremony;
  readonly trustees: readonly TrusteeStatus[];
  readonly quorum: number;
  readonly sealed: boolean;
  readonly opened: boolean;
  /** The qualified trustees once sealed, in increasing order (empty before). */
  readonly qualified: readonly number[];
  /** The election key once sealed. */
  readonly electionKey: Point | undefined;
  /** The ends of the announce, deal and complain windows (the last is the poll's opening). */
  readonly windows: { readonly announceUntil: number; readonly dealUntil: number; readonly complainUntil: number };
  /** The Elections contract with the secret polls' functions. */
  readonly contract: ISecretPolls;
}

/**
 * Reads a secret poll. Throws an {@link InvalidInputError} naming `poll` when the poll is public; an unknown poll is
 * the `RecordNotFoundError` of {@link readPoll}.
 */
export async function readSecretPoll({
  elections,
  pollId,
}: {
  readonly elections: Elections;
  readonly pollId: bigint;
}): Promise<SecretPollState> {
  const poll = await readPoll({ elections, pollId });
  if (!poll.secret) {
    throw new InvalidInputError({ field: "poll", reason: `poll ${pollId} is a public poll: it has no trustees` });
  }
  const address = await elections.getAddress();
  const contract = ISecretPolls__factory.connect(address, elections.runner);
  const provider = elections.runner!.provider!;
  const [[accounts, quorum, sealed, opened, qualifiedBits, key], windows, network] = await Promise.all([
    contract.secretPoll(pollId),
    contract.ceremonyWindows(pollId),
    provider.getNetwork(),
  ]);
  const records = await Promise.all(accounts.map((_, i) => contract.trusteeRecord(pollId, i + 1)));
  const location: PollLocation = { chainId: network.chainId, contract: getAddress(address), pollId };
  const trustees = accounts.map((account, i) => ({
    index: i + 1,
    account: getAddress(account),
    announced: records[i]![0],
    dealt: records[i]![1],
    excluded: records[i]![2],
    posted: records[i]![3],
  }));
  return {
    poll,
    location,
    ceremony: createCeremony({ location, trustees: accounts.length, quorum: Number(quorum) }),
    trustees,
    quorum: Number(quorum),
    sealed,
    opened,
    qualified: trustees.map((t) => t.index).filter((j) => (qualifiedBits >> BigInt(j)) & 1n),
    electionKey: sealed ? pointFromPair([key[0], key[1]], "electionKey") : undefined,
    windows: {
      announceUntil: Number(windows[0]),
      dealUntil: Number(windows[1]),
      complainUntil: Number(windows[2]),
    },
    contract,
  };
}

/** Every message a secret poll's events hold. */
export interface SecretPollMessages {
  readonly announcements: readonly TrusteeAnnouncement[];
  readonly shares: readonly EncryptedShare[];
  /** The dealers' published dealings, as the contract's `complain` takes them back. */
  readonly dealings: ReadonlyMap<number, { readonly ephemerals: bigint[][]; readonly masked: bigint[] }>;
  /** The complaints' verdicts: `upheld` excluded the dealer, otherwise the recipient. */
  readonly verdicts: readonly { readonly dealer: number; readonly recipient: number; readonly upheld: boolean }[];
  readonly decryptionShares: readonly DecryptionShare[];
  /** Every counted encrypted ballot in order, by nullifier, with its revision and ciphertexts. */
  readonly ballots: readonly {
    readonly nullifier: bigint;
    readonly revision: bigint;
    readonly digest: bigint;
    readonly ciphertexts: readonly Ciphertext[];
    readonly blockNumber: number;
    readonly transactionHash: string;
  }[];
  readonly openedCounts: readonly bigint[] | undefined;
}

/** Reads a secret poll's messages from the Elections contract's events (from `fromBlock`, its deployment). */
export async function readSecretPollMessages({
  provider,
  elections,
  pollId,
  fromBlock = 0,
}: {
  readonly provider: Provider;
  readonly elections: string;
  readonly pollId: bigint;
  readonly fromBlock?: number;
}): Promise<SecretPollMessages> {
  const names = [
    "TrusteeAnnounced",
    "SharesDealt",
    "ComplaintJudged",
    "DecryptionSharesPosted",
    "SecretBallotCast",
    "TallyOpened",
  ] as const;
  const logs: Log[] = await readLogs({
    provider,
    address: elections,
    topics: [names.map((name) => secretInterface.getEvent(name)!.topicHash), zeroPadValue(toBeHex(pollId), 32)],
    fromBlock,
  });
  const announcements: TrusteeAnnouncement[] = [];
  const shares: EncryptedShare[] = [];
  const dealings = new Map<number, { ephemerals: bigint[][]; masked: bigint[] }>();
  const verdicts: { dealer: number; recipient: number; upheld: boolean }[] = [];
  const decryptionShares: DecryptionShare[] = [];
  const ballots: SecretPollMessages["ballots"][number][] = [];
  let openedCounts: bigint[] | undefined;
  for (const log of logs) {
    const parsed = secretInterface.parseLog(log);
    if (parsed === null) continue;
    const a = parsed.args;
    switch (parsed.name) {
      case "TrusteeAnnounced": {
        const index = Number(a.trustee);
        announcements.push({
          index,
          commitments: (a.commitments as bigint[][]).map((pair, k) => pointFromPair(pair, `commitments[${k}]`)),
          transportKey: pointFromPair(a.transportKey as bigint[], "transportKey"),
          coefficientProof: { challenge: a.coefficientProof[0] as bigint, response: a.coefficientProof[1] as bigint },
          transportProof: { challenge: a.transportProof[0] as bigint, response: a.transportProof[1] as bigint },
        });
        break;
      }
      case "SharesDealt": {
        const dealer = Number(a.dealer);
        const ephemerals = (a.ephemerals as bigint[][]).map((pair) => [pair[0]!, pair[1]!]);
        const masked = [...(a.masked as bigint[])];
        dealings.set(dealer, { ephemerals, masked });
        shares.push(...sharesFromDealing(dealer, ephemerals, masked));
        break;
      }
      case "ComplaintJudged":
        verdicts.push({ dealer: Number(a.dealer), recipient: Number(a.recipient), upheld: a.upheld as boolean });
        break;
      case "DecryptionSharesPosted":
        decryptionShares.push(
          ...decryptionSharesFromChain(Number(a.trustee), a.shares as bigint[][], a.proofs as bigint[][]),
        );
        break;
      case "SecretBallotCast":
        ballots.push({
          nullifier: a.nullifier as bigint,
          revision: a.revision as bigint,
          digest: a.digest as bigint,
          ciphertexts: ciphertextsFromChain(
            (a.ciphertexts as { a: { x: bigint; y: bigint }; b: { x: bigint; y: bigint } }[]).map((c) => ({
              a: { x: c.a.x, y: c.a.y },
              b: { x: c.b.x, y: c.b.y },
            })),
          ),
          blockNumber: log.blockNumber,
          transactionHash: log.transactionHash,
        });
        break;
      case "TallyOpened":
        openedCounts = [...(a.counts as bigint[])];
        break;
    }
  }
  return { announcements, shares, dealings, verdicts, decryptionShares, ballots, openedCounts };
}

/** The qualified trustees' verification keys `S_j = Σ_{i∈QUAL} Σ_k jᵏ·A_{i,k}`, from the announcements. */
export function verificationKeysOf(
  qualified: readonly number[],
  announcements: readonly TrusteeAnnouncement[],
): Map<number, Point> {
  const keys = new Map<number, Point>();
  for (const j of qualified) {
    keys.set(
      j,
      qualified.reduce((sum, i) => {
        const dealer = announcements.find((a) => a.index === i);
        return dealer === undefined ? sum : sum.add(evaluateCommitments(dealer.commitments, j));
      }, O),
    );
  }
  return keys;
}

/** The encrypted tally the events give: the sum of the latest ballot of each nullifier. */
export function recomputeEncryptedTally(messages: SecretPollMessages, optionCount: number): Ciphertext[] {
  const latest = new Map<bigint, readonly Ciphertext[]>();
  for (const ballot of messages.ballots) latest.set(ballot.nullifier, ballot.ciphertexts);
  const tally: Ciphertext[] = Array.from({ length: optionCount }, () => EMPTY_CIPHERTEXT);
  for (const ciphertexts of latest.values()) {
    ciphertexts.forEach((c, i) => {
      tally[i] = addCiphertexts(tally[i]!, c);
    });
  }
  return tally;
}
