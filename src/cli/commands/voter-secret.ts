/**
 * A voter's checks of a secret poll: Benaloh's challenge (`voter challenge` prepares a ballot as `voter vote` would,
 * reveals its randomness instead of casting it and writes it to a file; `voter check-challenge` checks such a file
 * independently, against the election key on chain), and `voter receipt`, which confirms that a ballot is counted in
 * the poll's encrypted tally or says when it was replaced.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { challengeSecretBallot, checkSecretReceipt } from "../../actions/elections-voter.js";
import { electionsOf } from "../../actions/elections.js";
import { decodeSecretBallot, encodeSecretBallot } from "../../elections/secret/encoding.js";
import { challengeBallot, verifyChallenge } from "../../elections/secret/challenge.js";
import type { SecretPoll } from "../../elections/secret/ballot.js";
import { readSecretPoll } from "../../elections/trustee-chain.js";
import { InvalidInputError } from "../../errors.js";
import { validateRequired, validateUint } from "../../validate.js";
import { show } from "../format.js";
import { type CommonArgs, command } from "../session.js";
import { asChooseFlag, readIdentityFile } from "./voter.js";

/** The challenge file's format marker. */
const CHALLENGE_FORMAT = "egov-ballot-challenge/2";

interface ChallengeArgs extends CommonArgs {
  readonly identity?: string;
  readonly poll?: string;
  readonly choose?: string;
  readonly out?: string;
  readonly file?: string;
  readonly ballot?: string;
}

function pollOf(args: ChallengeArgs): bigint {
  const pollId = validateUint("--poll", validateRequired("--poll", args.poll));
  if (pollId === 0n) throw new InvalidInputError({ field: "--poll", reason: "poll ids start at 1" });
  return pollId;
}

const words = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));

export const challenge = command<ChallengeArgs>({ write: false }, async (args, session) => {
  const out = resolve(validateRequired("--out", args.out));
  if (existsSync(out))
    throw new InvalidInputError({ field: "--out", reason: `${out} exists; it is never overwritten` });
  const identity = readIdentityFile(resolve(validateRequired("--identity", args.identity)));
  const pollId = pollOf(args);
  const options = validateRequired("--choose", args.choose)
    .split(",")
    .map((text, i) => Number(validateUint(`--choose item ${i + 1}`, text.trim())));
  const { poll, prepared } = await challengeSecretBallot({ suite: session.suite, identity, pollId, options }).catch(
    asChooseFlag,
  );
  const revealed = challengeBallot(prepared);
  writeFileSync(
    out,
    `${JSON.stringify(
      words({
        format: CHALLENGE_FORMAT,
        pollId,
        chainId: poll.location.chainId,
        contract: poll.location.contract,
        nullifier: revealed.nullifier,
        revision: revealed.revision,
        ballot: encodeSecretBallot(revealed.ballot),
        randomness: revealed.randomness,
      }),
      null,
      2,
    )}\n`,
    { flag: "wx" },
  );
  const verdict = verifyChallenge(poll, revealed);
  const shown = verdict.valid ? verdict.options.join(", ") : `nothing valid (${verdict.problem})`;
  return {
    data: { pollId: show(pollId), file: out, options: verdict.valid ? verdict.options : null },
    lines: [
      `Challenged ballot for poll ${pollId}: it encrypted option(s) ${shown}`,
      `It is never cast: vote with voter vote, which prepares a fresh ballot.`,
      `Randomness revealed in ${out}; anyone checks it with: voter check-challenge --poll ${pollId} --file ${out}`,
    ],
  };
});

/** A range proof in a challenge file: commitments as `{x, y}`, challenge shares and responses, as decimal words. */
interface ProofFile {
  commitments: { x: string; y: string }[];
  challenges: string[];
  responses: string[];
}

interface ChallengeFile {
  readonly format: string;
  readonly pollId: string;
  readonly chainId: string;
  readonly contract: string;
  readonly nullifier: string;
  readonly revision: string;
  readonly ballot: {
    ciphertexts: { a: { x: string; y: string }; b: { x: string; y: string } }[];
    optionProofs: ProofFile[];
    ruleProof: ProofFile;
  };
  readonly randomness: readonly string[];
}

/** A decimal word of the challenge file, or an error naming `--file`. */
function word(value: unknown, what: string): bigint {
  if (typeof value !== "string" || !/^[0-9]{1,78}$/.test(value)) {
    throw new InvalidInputError({ field: "--file", reason: `${what} is not a decimal number` });
  }
  return BigInt(value);
}

/** A range proof of the challenge file as words, or an error naming `--file`. */
function proofWords(proof: ProofFile | undefined, what: string) {
  return {
    commitments: (proof?.commitments ?? []).map((point) => ({ x: word(point?.x, what), y: word(point?.y, what) })),
    challenges: (proof?.challenges ?? []).map((w) => word(w, what)),
    responses: (proof?.responses ?? []).map((w) => word(w, what)),
  };
}

export const checkChallenge = command<ChallengeArgs>({ write: false }, async (args, session) => {
  const path = resolve(validateRequired("--file", args.file));
  const pollId = pollOf(args);
  if (!existsSync(path)) throw new InvalidInputError({ field: "--file", reason: `${path} does not exist` });
  let file: ChallengeFile;
  try {
    file = JSON.parse(readFileSync(path, "utf8")) as ChallengeFile;
  } catch (cause) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not JSON`, cause });
  }
  if (file?.format !== CHALLENGE_FORMAT) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not a ballot challenge (${CHALLENGE_FORMAT})` });
  }
  // The election key and the poll's rule come from the chain, never from the file.
  const state = await readSecretPoll({ elections: electionsOf(session.suite), pollId });
  if (
    word(file.pollId, "pollId") !== pollId ||
    word(file.chainId, "chainId") !== state.location.chainId ||
    String(file.contract).toLowerCase() !== state.location.contract.toLowerCase()
  ) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is a challenge of another poll or chain` });
  }
  if (state.electionKey === undefined) {
    throw new InvalidInputError({
      field: "--poll",
      reason: `poll ${pollId}'s ceremony is not sealed: it has no election key yet`,
    });
  }
  const { poll: view } = state;
  const poll: SecretPoll = {
    location: state.location,
    electionKey: state.electionKey,
    rule: view.rule as SecretPoll["rule"],
    optionCount: view.optionCount,
    maxChoices: view.maxChoices,
  };
  const b = file.ballot;
  const ballot = decodeSecretBallot({
    ciphertexts: (b?.ciphertexts ?? []).map((c, i) => ({
      a: { x: word(c.a.x, `ciphertext ${i}`), y: word(c.a.y, `ciphertext ${i}`) },
      b: { x: word(c.b.x, `ciphertext ${i}`), y: word(c.b.y, `ciphertext ${i}`) },
    })),
    optionProofs: (b?.optionProofs ?? []).map((p, i) => proofWords(p, `proof ${i}`)),
    ruleProof: proofWords(b?.ruleProof, "the rule proof"),
  });
  const verdict = verifyChallenge(poll, {
    ballot,
    nullifier: word(file.nullifier, "nullifier"),
    revision: word(file.revision, "revision"),
    randomness: (file.randomness ?? []).map((w, i) => word(w, `randomness ${i}`)),
  });
  if (!verdict.valid) process.exitCode = 1;
  return {
    data: {
      pollId: show(pollId),
      valid: verdict.valid,
      ...(verdict.valid ? { options: verdict.options } : { problem: verdict.problem }),
    },
    lines: [
      verdict.valid
        ? `The challenged ballot encrypted option(s) ${verdict.options.join(", ")}: its proofs verify under poll ${pollId}'s ` +
          `election key on chain, and the revealed randomness gives every ciphertext`
        : `The challenge does NOT check: ${verdict.problem}`,
    ],
  };
});

export const receipt = command<ChallengeArgs>({ write: false }, async (args, session) => {
  const pollId = pollOf(args);
  const text = validateRequired("--ballot", args.ballot);
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw new InvalidInputError({
      field: "--ballot",
      reason: "must be the receipt's ballot hash, 0x and 64 hex digits",
    });
  }
  const digest = BigInt(text);
  const status = await checkSecretReceipt({ suite: session.suite, pollId, digest });
  const lines: string[] = [];
  if (status.status === "counted") {
    lines.push(
      `Ballot ${text} is counted in poll ${pollId}'s encrypted tally: it is its voter's latest ballot ` +
        `(revision ${status.revision}, block ${status.blockNumber}, tx ${status.transactionHash})`,
    );
  } else if (status.status === "replaced") {
    lines.push(
      `Ballot ${text} (block ${status.blockNumber}) was replaced at block ${status.replacedAt} by a later ballot of the same voter: that one counts`,
    );
  } else {
    process.exitCode = 1;
    lines.push(`Ballot ${text} is not a ballot of poll ${pollId}`);
  }
  if (!status.tallyMatches) {
    process.exitCode = 1;
    lines.push("WARNING: the poll's ballot events do not add up to the contract's encrypted tally");
  }
  return { data: { pollId: show(pollId), ballot: text, ...status }, lines };
});
