/**
 * A secret poll's trustees on chain (docs/secret-ballot.md §3, §6): announce (with the secrets kept in a local file),
 * deal, check the shares dealt to one, complain about a bad one, seal the ceremony, post decryption shares after the
 * close, and open the tally. Each action checks everything it can before sending (the poll is secret and not
 * cancelled, the step's window, the account is the poll's trustee and the file is that trustee's for this poll, the
 * trustee's own steps) and names the field and the reason; then it goes through the suite's send path (simulated,
 * sent, awaited).
 *
 * Node only (the trustee's file).
 *
 * @module
 */
import { existsSync } from "node:fs";

import { getAddress } from "ethers";

import { type ActionContext, type Execution, execute } from "../actions/execute.js";
import { electionsOf } from "../actions/elections-contract.js";
import { chainTime } from "../chain.js";
import { InvalidInputError } from "../errors.js";
import { isoTime } from "../vocabulary.js";
import {
  combineKeyShare,
  complain,
  dealShares as encryptShares,
  generateTrustee,
  openShare,
  type TrusteeAnnouncement,
  type TrusteeSecret,
  verifyAnnouncement,
} from "./secret/ceremony.js";
import { announcementArguments, complaintArguments, decryptionShareArguments, pointPair } from "./secret/chain.js";
import { ciphertextsFromChain } from "./secret/chain.js";
import { G, mulSecret, O, type Point, TAGS } from "./secret/group.js";
import { decryptionShares, openTally } from "./secret/opening.js";
import { proveKnowledge } from "./secret/proofs.js";
import {
  readSecretPoll,
  readSecretPollMessages,
  type SecretPollMessages,
  type SecretPollState,
  type TrusteeStatus,
  verificationKeysOf,
} from "./trustee-chain.js";
import { readTrusteeFile, writeTrusteeFile } from "./trustee-file.js";

/** What every trustee action takes: the suite and acting account, the poll. */
export type TrusteeActionParameters = ActionContext & { readonly pollId: bigint };

/** A trustee action's parameters with the trustee's secret file. */
export type TrusteeFileParameters = TrusteeActionParameters & { readonly file: string };

/** The poll's secret state, refused when cancelled. */
async function secretPollOf(parameters: TrusteeActionParameters): Promise<SecretPollState> {
  const state = await readSecretPoll({ elections: electionsOf(parameters.suite), pollId: parameters.pollId });
  if (state.poll.state === "Cancelled") {
    throw new InvalidInputError({
      field: "poll",
      reason: `poll ${parameters.pollId} was cancelled: its ceremony and its tally ended with it`,
    });
  }
  return state;
}

/** The trustee whose account acts, or an error naming `from`. */
async function actingTrustee(state: SecretPollState, parameters: ActionContext): Promise<TrusteeStatus> {
  const account = getAddress(await parameters.signer.getAddress());
  const trustee = state.trustees.find((t) => t.account === account);
  if (trustee === undefined) {
    throw new InvalidInputError({
      field: "from",
      reason:
        `${account} is not a trustee of poll ${state.location.pollId} (its trustees: ` +
        `${state.trustees.map((t) => `${t.index} ${t.account}`).join(", ")})`,
    });
  }
  return trustee;
}

/** The trustee's secret file, refused unless it is this trustee's for this poll. */
function trusteeSecretOf(state: SecretPollState, trustee: TrusteeStatus, path: string): TrusteeSecret {
  const file = readTrusteeFile(path);
  const { location } = file;
  const samePoll =
    location.chainId === state.location.chainId &&
    location.contract === state.location.contract &&
    location.pollId === state.location.pollId;
  if (!samePoll) {
    throw new InvalidInputError({
      field: "file",
      reason: `${path} is a trustee's file of poll ${location.pollId} on chain ${location.chainId} at ${location.contract}, not of this poll`,
    });
  }
  if (file.secret.index !== trustee.index || file.account !== trustee.account) {
    throw new InvalidInputError({
      field: "file",
      reason: `${path} is trustee ${file.secret.index}'s (${file.account}), not the file of ${trustee.account} (trustee ${trustee.index})`,
    });
  }
  if (file.secret.coefficients.length !== state.quorum) {
    throw new InvalidInputError({
      field: "file",
      reason: `${path} holds ${file.secret.coefficients.length} coefficients; the poll's quorum is ${state.quorum}`,
    });
  }
  return file.secret;
}

/** The ceremony steps and their windows. */
const STEPS = {
  announce: { from: (s: SecretPollState) => s.poll.createdAt, until: (s: SecretPollState) => s.windows.announceUntil },
  deal: { from: (s: SecretPollState) => s.windows.announceUntil, until: (s: SecretPollState) => s.windows.dealUntil },
  complain: {
    from: (s: SecretPollState) => s.windows.dealUntil,
    until: (s: SecretPollState) => s.windows.complainUntil,
  },
} as const;

/** Refuses, naming `poll`, unless the chain's clock is inside the step's window. */
async function requireWindow(parameters: ActionContext, state: SecretPollState, step: keyof typeof STEPS) {
  const now = await chainTime(parameters.suite.runner.provider!);
  const from = STEPS[step].from(state);
  const until = STEPS[step].until(state);
  if (now < from || now >= until) {
    throw new InvalidInputError({
      field: "poll",
      reason:
        `poll ${state.location.pollId} takes the trustees' ${step} step from ${isoTime(from)} until ${isoTime(until)}; ` +
        `the chain's clock says ${isoTime(now)}`,
    });
  }
}

/** Refuses, naming `poll`, unless the poll's voting window has ended. */
function requireEnded(state: SecretPollState, what: string): void {
  if (state.poll.state !== "Ended" && state.poll.state !== "Closed") {
    throw new InvalidInputError({
      field: "poll",
      reason: `poll ${state.location.pollId} is ${state.poll.state}: ${what} after its close at ${isoTime(state.poll.closesAt)}`,
    });
  }
  if (state.opened) {
    throw new InvalidInputError({ field: "poll", reason: `poll ${state.location.pollId}'s tally is opened already` });
  }
}

/** A trustee's announcement from its secrets (the commitments and two fresh proofs of knowledge). */
export function announcementOf(state: SecretPollState, secret: TrusteeSecret): TrusteeAnnouncement {
  const { base } = state.ceremony;
  const commitments = secret.coefficients.map((a) => mulSecret(G, a));
  const transportKey = mulSecret(G, secret.transportSecret);
  return {
    index: secret.index,
    commitments,
    transportKey,
    coefficientProof: proveKnowledge(secret.coefficients[0]!, commitments[0]!, [base, TAGS.coefficient, secret.index]),
    transportProof: proveKnowledge(secret.transportSecret, transportKey, [base, TAGS.transport, secret.index]),
  };
}

/** What {@link announceTrustee} returns. */
export type AnnounceTrusteeReturnType = Execution & {
  readonly trustee: TrusteeStatus;
  /** Whether the secret file was written now (false: an earlier run wrote it and did not announce). */
  readonly written: boolean;
};

/**
 * Generates a trustee's secrets, keeps them in a new file (mode 600) and announces the commitments and transport key
 * on chain, in the ceremony's announce window. An existing file of this trustee for this poll, from a run that did
 * not announce, is announced instead; any other existing file is refused. In dry-run and Safe modes nothing is
 * written.
 */
export async function announceTrustee(parameters: TrusteeFileParameters): Promise<AnnounceTrusteeReturnType> {
  const state = await secretPollOf(parameters);
  const trustee = await actingTrustee(state, parameters);
  if (trustee.announced) {
    throw new InvalidInputError({
      field: "from",
      reason: `trustee ${trustee.index} (${trustee.account}) announced already; its next step is the deal`,
    });
  }
  await requireWindow(parameters, state, "announce");
  const resumed = existsSync(parameters.file);
  const secret = resumed
    ? trusteeSecretOf(state, trustee, parameters.file)
    : generateTrustee({ ceremony: state.ceremony, index: trustee.index }).secret;
  const args = announcementArguments(announcementOf(state, secret));
  const step = {
    contract: state.contract,
    contractName: "Elections",
    functionName: "announceTrustee",
    args: [state.location.pollId, args.commitments, args.transportKey, args.coefficientProof, args.transportProof],
    description: `announce trustee ${trustee.index} of poll ${state.location.pollId}`,
  };
  // Simulated before the file is written, and the file written before the announcement is sent: the secrets of an
  // announced trustee are never lost to a failed write.
  const planned = await execute({ ...parameters, mode: "dry-run", steps: [step] });
  if ((parameters.mode ?? "send") !== "send") return { ...planned, trustee, written: false };
  if (!resumed) {
    writeTrusteeFile(parameters.file, { location: state.location, account: trustee.account, secret });
  }
  const execution = await execute({ ...parameters, steps: [step] });
  return { ...execution, trustee, written: !resumed };
}

/** What {@link dealTrusteeShares} returns. */
export type DealTrusteeSharesReturnType = Execution & {
  readonly trustee: TrusteeStatus;
  /** The trustees dealt a share. */
  readonly recipients: readonly number[];
  /** The other trustees, who did not announce or announced badly: no share. */
  readonly skipped: readonly number[];
};

/** Deals this trustee's shares to every other announced trustee, encrypted to its transport key, in the deal window. */
export async function dealTrusteeShares(parameters: TrusteeFileParameters): Promise<DealTrusteeSharesReturnType> {
  const state = await secretPollOf(parameters);
  const trustee = await actingTrustee(state, parameters);
  const secret = trusteeSecretOf(state, trustee, parameters.file);
  if (!trustee.announced) {
    throw new InvalidInputError({
      field: "from",
      reason: `trustee ${trustee.index} did not announce in its window: it cannot deal`,
    });
  }
  if (trustee.dealt) {
    throw new InvalidInputError({ field: "from", reason: `trustee ${trustee.index} dealt its shares already` });
  }
  await requireWindow(parameters, state, "deal");
  const messages = await messagesOf(parameters, state);
  const valid = messages.announcements.filter(
    (a) => a.index !== trustee.index && verifyAnnouncement(state.ceremony, a),
  );
  const shares = encryptShares(state.ceremony, secret, valid);
  const ephemerals: bigint[][] = [];
  const masked: bigint[] = [];
  for (let j = 1; j <= state.trustees.length; j++) {
    const share = shares.find((s) => s.recipient === j);
    ephemerals.push(share === undefined ? [0n, 0n] : pointPair(share.ephemeral));
    masked.push(share?.masked ?? 0n);
  }
  const recipients = shares.map((s) => s.recipient);
  const skipped = state.trustees.map((t) => t.index).filter((j) => j !== trustee.index && !recipients.includes(j));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: state.contract,
        contractName: "Elections",
        functionName: "dealShares",
        args: [state.location.pollId, ephemerals, masked],
        description: `deal trustee ${trustee.index}'s shares of poll ${state.location.pollId}`,
      },
    ],
  });
  return { ...execution, trustee, recipients, skipped };
}

/** One dealer's share to this trustee, as checked. */
export interface DealtShareCheck {
  readonly dealer: TrusteeStatus;
  /** `valid`: the share matches the dealer's commitments; `invalid`: it does not (the dealer cheated). */
  readonly verdict: "valid" | "invalid" | "not-dealt" | "not-announced";
}

/** What {@link checkDealtShares} returns. */
export interface CheckDealtSharesReturnType {
  readonly state: SecretPollState;
  readonly trustee: TrusteeStatus;
  readonly checks: readonly DealtShareCheck[];
}

/** Decrypts and checks every share dealt to this trustee (reads only). */
export async function checkDealtShares(parameters: TrusteeFileParameters): Promise<CheckDealtSharesReturnType> {
  const state = await secretPollOf(parameters);
  const trustee = await actingTrustee(state, parameters);
  const secret = trusteeSecretOf(state, trustee, parameters.file);
  const messages = await messagesOf(parameters, state);
  const checks = state.trustees
    .filter((dealer) => dealer.index !== trustee.index)
    .map((dealer): DealtShareCheck => {
      const announcement = messages.announcements.find((a) => a.index === dealer.index);
      if (announcement === undefined) return { dealer, verdict: "not-announced" };
      const share = messages.shares.find((s) => s.dealer === dealer.index && s.recipient === trustee.index);
      if (share === undefined) return { dealer, verdict: "not-dealt" };
      const opened = openShare(state.ceremony, secret, share, announcement);
      return { dealer, verdict: opened.valid ? "valid" : "invalid" };
    });
  return { state, trustee, checks };
}

/** Publishes this trustee's complaint against `dealer`, whose share to it does not verify, in the complain window. */
export async function complainAboutDealer(
  parameters: TrusteeFileParameters & { readonly dealer: number },
): Promise<Execution & { readonly trustee: TrusteeStatus }> {
  const state = await secretPollOf(parameters);
  const trustee = await actingTrustee(state, parameters);
  const secret = trusteeSecretOf(state, trustee, parameters.file);
  const { dealer } = parameters;
  if (!Number.isSafeInteger(dealer) || dealer < 1 || dealer > state.trustees.length || dealer === trustee.index) {
    throw new InvalidInputError({
      field: "dealer",
      reason: `must be another trustee's number, from 1 to ${state.trustees.length}, not yours (${trustee.index})`,
    });
  }
  if (trustee.excluded) {
    throw new InvalidInputError({ field: "from", reason: `trustee ${trustee.index} was excluded: it cannot complain` });
  }
  const accused = state.trustees[dealer - 1]!;
  if (accused.excluded) {
    throw new InvalidInputError({ field: "dealer", reason: `trustee ${dealer} is excluded already` });
  }
  await requireWindow(parameters, state, "complain");
  const messages = await messagesOf(parameters, state);
  const dealing = messages.dealings.get(dealer);
  const share = messages.shares.find((s) => s.dealer === dealer && s.recipient === trustee.index);
  const announcement = messages.announcements.find((a) => a.index === dealer);
  if (dealing === undefined || share === undefined || announcement === undefined) {
    throw new InvalidInputError({
      field: "dealer",
      reason: `trustee ${dealer} has not dealt: there is no share to show`,
    });
  }
  if (openShare(state.ceremony, secret, share, announcement).valid) {
    throw new InvalidInputError({
      field: "dealer",
      reason: `trustee ${dealer}'s share to you verifies: the contract would dismiss the complaint and exclude you`,
    });
  }
  const complaint = complaintArguments(complain(state.ceremony, secret, share));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: state.contract,
        contractName: "Elections",
        functionName: "complain",
        args: [
          state.location.pollId,
          dealer,
          dealing.ephemerals,
          dealing.masked,
          complaint.sharedPoint,
          complaint.proof,
        ],
        description: `complain about trustee ${dealer}'s share in poll ${state.location.pollId}`,
      },
    ],
  });
  return { ...execution, trustee };
}

/** The trustees that qualify from the contract's records: announced, dealt, not excluded. */
export function qualifiedOf(state: SecretPollState): number[] {
  if (state.sealed) return [...state.qualified];
  return state.trustees.filter((t) => t.announced && t.dealt && !t.excluded).map((t) => t.index);
}

/** Seals a secret poll's ceremony once it has opened (anyone may). */
export async function sealCeremony(
  parameters: TrusteeActionParameters,
): Promise<Execution & { readonly qualified: readonly number[] }> {
  const state = await secretPollOf(parameters);
  if (state.sealed) {
    throw new InvalidInputError({
      field: "poll",
      reason: `poll ${state.location.pollId}'s ceremony is sealed already`,
    });
  }
  if (state.poll.state === "Review") {
    throw new InvalidInputError({
      field: "poll",
      reason: `poll ${state.location.pollId} is in its review: the ceremony is sealed once it opens at ${isoTime(state.poll.opensAt)}`,
    });
  }
  const qualified = qualifiedOf(state);
  if (qualified.length < state.quorum) {
    throw new InvalidInputError({
      field: "poll",
      reason: `only ${qualified.length} trustee(s) qualified, fewer than the quorum of ${state.quorum}: the poll takes no ballot and is never opened`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: state.contract,
        contractName: "Elections",
        functionName: "sealCeremony",
        args: [state.location.pollId],
        description: `seal the ceremony of poll ${state.location.pollId}`,
      },
    ],
  });
  return { ...execution, qualified };
}

/** The election key: the chain's once sealed, else the qualified trustees' first commitments summed. */
export function electionKeyOf(
  state: SecretPollState,
  messages: SecretPollMessages,
  qualified: readonly number[] = qualifiedOf(state),
): Point {
  if (state.electionKey !== undefined) return state.electionKey;
  return qualified.reduce(
    (sum, i) => sum.add(messages.announcements.find((a) => a.index === i)?.commitments[0] ?? O),
    O,
  );
}

/** Posts this trustee's decryption shares of the encrypted tally, with their proofs, after the close. */
export async function postDecryptionShares(
  parameters: TrusteeFileParameters,
): Promise<Execution & { readonly trustee: TrusteeStatus; readonly posted: number; readonly quorum: number }> {
  const state = await secretPollOf(parameters);
  const trustee = await actingTrustee(state, parameters);
  const secret = trusteeSecretOf(state, trustee, parameters.file);
  requireEnded(state, "decryption shares are posted");
  const qualified = qualifiedOf(state);
  if (!qualified.includes(trustee.index)) {
    throw new InvalidInputError({
      field: "from",
      reason: `trustee ${trustee.index} is not qualified (qualified: ${qualified.join(", ") || "none"}): it holds no key share`,
    });
  }
  if (trustee.posted) {
    throw new InvalidInputError({ field: "from", reason: `trustee ${trustee.index} posted its shares already` });
  }
  const messages = await messagesOf(parameters, state);
  const electionKey = electionKeyOf(state, messages, qualified);
  const outcome = {
    qualified,
    excluded: new Map(),
    complete: true,
    electionKey,
    verificationKeys: verificationKeysOf(qualified, messages.announcements),
  };
  const keyShare = combineKeyShare({
    ceremony: state.ceremony,
    secret,
    outcome,
    shares: messages.shares,
    announcements: messages.announcements,
  });
  const tally = ciphertextsFromChain(await state.contract.encryptedTally(state.location.pollId));
  const shares = decryptionShares({
    poll: { location: state.location, electionKey },
    tally,
    trustee: trustee.index,
    keyShare,
  });
  const args = decryptionShareArguments(shares);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: state.contract,
        contractName: "Elections",
        functionName: "postDecryptionShares",
        args: [state.location.pollId, args.shares, args.proofs],
        description: `post trustee ${trustee.index}'s decryption shares of poll ${state.location.pollId}`,
      },
    ],
  });
  const posted = state.trustees.filter((t) => t.posted).length + (execution.mode === "send" ? 1 : 0);
  return { ...execution, trustee, posted, quorum: state.quorum };
}

/** Opens a secret poll's tally from the posted shares (anyone may): the counts, checked on chain. */
export async function openSecretTally(
  parameters: TrusteeActionParameters,
): Promise<Execution & { readonly counts: readonly bigint[]; readonly trustees: readonly number[] }> {
  const state = await secretPollOf(parameters);
  requireEnded(state, "the tally is opened");
  const posted = state.trustees.filter((t) => t.posted);
  if (posted.length < state.quorum) {
    throw new InvalidInputError({
      field: "poll",
      reason:
        `${posted.length} trustee(s) posted decryption shares (${posted.map((t) => t.index).join(", ") || "none"}), ` +
        `the quorum is ${state.quorum}`,
    });
  }
  const messages = await messagesOf(parameters, state);
  const qualified = qualifiedOf(state);
  const tally = ciphertextsFromChain(await state.contract.encryptedTally(state.location.pollId));
  const opened = openTally({
    poll: { location: state.location, electionKey: electionKeyOf(state, messages, qualified) },
    tally,
    shares: messages.decryptionShares,
    verificationKeys: verificationKeysOf(qualified, messages.announcements),
    quorum: state.quorum,
    maxCount: BigInt(state.poll.census.size),
  });
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: state.contract,
        contractName: "Elections",
        functionName: "openTally",
        args: [state.location.pollId, [...opened.counts]],
        description: `open the tally of poll ${state.location.pollId}`,
      },
    ],
  });
  return { ...execution, counts: opened.counts, trustees: opened.trustees };
}

/** The poll's messages from the Elections contract's deployment block on. */
function messagesOf(parameters: ActionContext, state: SecretPollState): Promise<SecretPollMessages> {
  return readSecretPollMessages({
    provider: parameters.suite.runner.provider!,
    elections: state.location.contract,
    pollId: state.location.pollId,
    fromBlock: parameters.suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
}
