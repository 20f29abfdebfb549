/**
 * `elections …` commands: create, show, cancel, close, tally, verify.
 *
 * @module
 */
import { cancelPoll, closePoll, createPoll, getPoll, verifyPoll } from "../../actions/elections.js";
import { parseFlags, flagNames } from "../../actions/citizens.js";
import { readTally } from "../../elections/polls.js";
import { checkSecretResult, type SecretResultCheck } from "../../elections/trustee-result.js";
import { electionsOf } from "../../actions/elections.js";
import { InvalidInputError } from "../../errors.js";
import {
  validateChoice,
  validateDocument,
  validateFutureDeadline,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { chainTime } from "../../chain.js";
import { isoTime, show } from "../format.js";
import { type CommonArgs, command } from "../session.js";
import { contextOf } from "../context.js";
import { parseJurisdiction } from "./citizens.js";

function parsePoll(value: string | undefined): bigint {
  const pollId = validateUint("--poll", validateRequired("--poll", value));
  if (pollId === 0n) throw new InvalidInputError({ field: "--poll", reason: "poll ids start at 1" });
  return pollId;
}

interface CreateArgs extends CommonArgs {
  readonly metadata?: string;
  readonly rule?: string;
  readonly options?: string;
  readonly maxChoices?: string;
  readonly budget?: string;
  readonly costs?: string;
  readonly revoting?: string;
  readonly opens?: string;
  readonly closes?: string;
  readonly jurisdiction?: string;
  readonly flags?: string;
  readonly trustees?: string;
  readonly quorum?: string;
}

export const create = command<CreateArgs>({ write: true }, async (args, session) => {
  const metadataHash = validateDocument("--metadata", args.metadata);
  const rule = validateChoice("--rule", args.rule, ["SingleChoice", "Approval", "Budget"] as const);
  const optionCount = Number(validateUint("--options", validateRequired("--options", args.options)));
  const maxChoices = args.maxChoices === undefined ? 0 : Number(validateUint("--max-choices", args.maxChoices));
  const budget = args.budget === undefined ? 0n : validateUint("--budget", args.budget);
  const costs =
    args.costs === undefined
      ? []
      : args.costs.split(",").map((cost, i) => validateUint(`--costs item ${i + 1}`, cost.trim()));
  const revoting = validateChoice("--revoting", args.revoting ?? "yes", ["yes", "no"] as const) === "yes";
  const now = await chainTime(session.provider);
  // An ISO date-time, unix seconds, or `+` and a duration from the chain's clock (`+4d`), as a transfer's deadline.
  const opensAt = validateFutureDeadline("--opens", args.opens, now);
  const closesAt = validateFutureDeadline("--closes", args.closes, now);
  const jurisdiction = parseJurisdiction("--jurisdiction", args.jurisdiction);
  const requiredFlags = parseFlags("--flags", args.flags ?? "");
  if ((args.trustees === undefined) !== (args.quorum === undefined)) {
    throw new InvalidInputError({ field: "--quorum", reason: "a secret poll needs both --trustees and --quorum" });
  }
  const secret =
    args.trustees === undefined
      ? undefined
      : {
          trustees: args.trustees.split(",").map((account) => account.trim()),
          quorum: Number(validateUint("--quorum", args.quorum)),
        };
  const result = await createPoll({
    ...contextOf(session),
    metadataHash,
    rule,
    optionCount,
    maxChoices,
    budget,
    costs,
    revoting,
    opensAt,
    closesAt,
    jurisdiction,
    requiredFlags,
    ...(secret === undefined ? {} : { secret }),
  });
  return {
    data: {
      pollId: show(result.pollId),
      census: { size: result.census.size, root: show(result.census.root), sequence: show(result.census.sequence) },
    },
    lines: [
      `Poll ${result.pollId ?? "(not sent)"}: ${secret === undefined ? "" : `secret (quorum ${secret.quorum} of ${secret.trustees.length} trustees), `}` +
        `${rule}, ${optionCount} options, ${isoTime(opensAt)} to ${isoTime(closesAt)}`,
      `  census of ${jurisdiction} (${flagNames(requiredFlags)}): ${result.census.size} citizens, root ${result.census.root}, ` +
        `register sequence ${result.census.sequence}`,
    ],
    transactions: result.transactions,
    safeTitle: `Create a ${rule} poll`,
  };
});

interface PollArgs extends CommonArgs {
  readonly poll?: string;
  readonly reason?: string;
}

export const showPoll = command<PollArgs>({ write: false }, async (args, session) => {
  const pollId = parsePoll(args.poll);
  const p = await getPoll({ suite: session.suite, pollId });
  const lines = [
    `Poll ${pollId}: ${p.state}, ${p.rule} of ${p.optionCount} options` +
      (p.rule === "Approval" ? ` (at most ${p.maxChoices})` : "") +
      (p.rule === "Budget" ? ` (budget ${p.budget}; costs ${p.costs.join(", ")})` : "") +
      `, re-voting ${p.revoting ? "allowed" : "not allowed"}`,
    `  metadata ${p.metadataHash}; created ${isoTime(p.createdAt)}; open ${isoTime(p.opensAt)} to ${isoTime(p.closesAt)}`,
    `  census: jurisdiction ${p.census.jurisdiction} (${flagNames(p.census.requiredFlags)}), ${p.census.size} citizens, ` +
      `root ${p.census.root} at register sequence ${p.census.sequence}, proofs at depth ${p.census.depth}`,
    `  ${p.ballots} ballot(s) counted; scope ${p.scope}`,
  ];
  return {
    data: { poll: JSON.parse(JSON.stringify(p, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) },
    lines,
  };
});

export const cancel = command<PollArgs>({ write: true }, async (args, session) => {
  const pollId = parsePoll(args.poll);
  const reason = validateDocument("--reason", args.reason);
  const result = await cancelPoll({ ...contextOf(session), pollId, reason });
  return {
    data: { pollId: show(pollId) },
    lines: [`Poll ${pollId} cancelled`],
    transactions: result.transactions,
    safeTitle: `Cancel poll ${pollId}`,
  };
});

export const close = command<PollArgs>({ write: true }, async (args, session) => {
  const pollId = parsePoll(args.poll);
  const result = await closePoll({ ...contextOf(session), pollId });
  const tally = await readTally({ elections: electionsOf(session.suite), pollId });
  return {
    data: { pollId: show(pollId), votes: tally.votes.map(show), ballots: tally.ballots },
    lines: [`Poll ${pollId} closed: ${tally.ballots} ballot(s); votes per option ${tally.votes.join(", ")}`],
    transactions: result.transactions,
    safeTitle: `Close poll ${pollId}`,
  };
});

/** A secret poll's result for `elections tally`: sealed until opened, then the counts with their check. */
function secretTally(pollId: bigint, check: SecretResultCheck) {
  const { state } = check;
  const p = state.poll;
  const final = p.state === "Ended" || p.state === "Closed";
  const head = `Poll ${pollId} (${p.state}${final && check.counts !== undefined ? ", final" : ""}): ${p.ballots} ballot(s), secret: `;
  if (check.counts === undefined) {
    return {
      data: {
        pollId: show(pollId),
        state: p.state,
        secret: true,
        opened: false,
        ballots: p.ballots,
        posted: check.posted,
      },
      lines: [
        p.state === "Cancelled"
          ? `Poll ${pollId} was cancelled: it has no result`
          : final
            ? `${head}sealed until ${state.quorum} of its ${state.trustees.length} trustees open it; ` +
              `${check.posted.length} posted their decryption shares`
            : `${head}sealed until the close at ${isoTime(p.closesAt)} and the opening by ${state.quorum} of its ${state.trustees.length} trustees`,
      ],
    };
  }
  const valid = check.countsMatch === true && check.invalidShares.length === 0 && check.tallyMatches;
  if (!valid) process.exitCode = 1;
  return {
    data: {
      pollId: show(pollId),
      state: p.state,
      secret: true,
      opened: true,
      final,
      votes: check.counts.map(show),
      ballots: p.ballots,
      trustees: check.posted,
      checked: valid,
    },
    lines: [
      `${head}opened by trustee(s) ${check.posted.join(", ")}`,
      ...check.counts.map((count, option) => `  option ${option}: ${count}`),
      valid
        ? "Every decryption share's proof checks, and the shares decrypt the encrypted tally to these counts."
        : `CHECK FAILED: ${secretProblems(check).join("; ")}`,
    ],
  };
}

/** What is wrong with a secret poll's result, in words. */
function secretProblems(check: SecretResultCheck): string[] {
  return [
    ...(check.tallyMatches ? [] : ["the events' ballots do not add up to the contract's encrypted tally"]),
    ...(check.invalidShares.length === 0
      ? []
      : [`the shares of trustee(s) ${check.invalidShares.join(", ")} do not verify`]),
    ...(check.countsMatch === false ? ["the shares do not decrypt the tally to the posted counts"] : []),
  ];
}

export const tally = command<PollArgs>({ write: false }, async (args, session) => {
  const pollId = parsePoll(args.poll);
  const p = await getPoll({ suite: session.suite, pollId });
  if (p.secret) return secretTally(pollId, await checkSecretResult({ suite: session.suite, pollId }));
  const t = await readTally({ elections: electionsOf(session.suite), pollId });
  const final = p.state === "Ended" || p.state === "Closed";
  return {
    data: { pollId: show(pollId), state: p.state, final, votes: t.votes.map(show), ballots: t.ballots },
    lines: [
      `Poll ${pollId} (${p.state}${final ? ", final" : ""}): ${t.ballots} ballot(s)`,
      ...t.votes.map((votes, option) => `  option ${option}: ${votes}`),
    ],
  };
});

export const verify = command<PollArgs>({ write: false }, async (args, session) => {
  const pollId = parsePoll(args.poll);
  const v = await verifyPoll({ suite: session.suite, pollId });
  const secret = v.poll.secret ? await checkSecretResult({ suite: session.suite, pollId }) : undefined;
  const secretValid =
    secret === undefined || (secret.tallyMatches && secret.invalidShares.length === 0 && secret.countsMatch !== false);
  const tallyValid = secret === undefined ? v.tally.matches : secretValid;
  if (!v.censusMatches || !v.currency.current || !tallyValid) process.exitCode = 1;
  return {
    data: {
      pollId: show(pollId),
      censusMatches: v.censusMatches,
      censusCurrent: v.currency.current,
      registerSequenceAtCreation: show(v.currency.registerSequenceAtCreation),
      changesSinceCensus: v.currency.changesSinceCensus.map((change) => ({
        kind: change.kind,
        citizenKey: change.citizenKey,
        sequence: show(change.sequence),
      })),
      addedMembers: v.currency.added.map(show),
      removedMembers: v.currency.removed.map(show),
      tallyMatches: secret === undefined ? v.tally.matches : secret.tallyMatches,
      ...(secret === undefined
        ? {}
        : {
            secret: {
              voters: secret.voters,
              posted: secret.posted,
              invalidShares: secret.invalidShares,
              counts: secret.counts?.map(show) ?? null,
              countsMatch: secret.countsMatch ?? null,
            },
          }),
      recomputedVotes: v.tally.recomputed.votes.map(show),
      recomputedBallots: v.tally.recomputed.ballots,
    },
    lines: [
      `Census: ${v.censusMatches ? "the register's events give the poll's root" : `MISMATCH: the events give ${v.census.root} (${v.census.size} members)`}`,
      v.currency.current
        ? `Census currency: the register as of the poll's creation (sequence ${v.currency.registerSequenceAtCreation})`
        : `Census currency: OUT OF DATE: ${v.currency.changesSinceCensus.length} change(s) of the register between sequence ${v.poll.census.sequence} and the creation (sequence ${v.currency.registerSequenceAtCreation}); ` +
          `${v.currency.added.length} member(s) missing, ${v.currency.removed.length} member(s) no longer eligible` +
          v.currency.changesSinceCensus
            .map((change) => `\n  sequence ${change.sequence}: ${change.kind} of ${change.citizenKey}`)
            .join(""),
      ...(secret === undefined
        ? [
            `Tally: ${v.tally.matches ? "the BallotCast events give the contract's tally" : "MISMATCH between the events and the contract"}` +
              ` (${v.tally.recomputed.ballots} ballot(s): ${v.tally.recomputed.votes.join(", ")})`,
          ]
        : secretVerifyLines(secret)),
      ...(v.tally.state === "Ended" || v.tally.state === "Closed"
        ? ["The tally is final."]
        : [`The poll is ${v.tally.state}.`]),
    ],
  };
});

/** `elections verify`'s lines for a secret poll's encrypted tally and opening. */
function secretVerifyLines(check: SecretResultCheck): string[] {
  const { state } = check;
  return [
    check.tallyMatches
      ? `Encrypted tally: the SecretBallotCast events (the latest ballot of each of ${check.voters} voter(s)) give the contract's`
      : "Encrypted tally: MISMATCH between the SecretBallotCast events and the contract",
    check.counts === undefined
      ? `Opening: not yet; ${check.posted.length} of the quorum of ${state.quorum} trustees posted decryption shares` +
        (check.invalidShares.length === 0
          ? ""
          : `, trustee(s) ${check.invalidShares.join(", ")} with a share that does not verify`)
      : check.countsMatch === true && check.invalidShares.length === 0
        ? `Opening: ${check.posted.length} trustee(s) posted shares, every proof checks; the shares decrypt the tally to ` +
          `${check.counts.join(", ")}, the posted counts`
        : `Opening: CHECK FAILED: ${secretProblems(check).join("; ")}`,
  ];
}
