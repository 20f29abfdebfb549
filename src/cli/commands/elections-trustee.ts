/**
 * The trustees' commands of a secret poll (`elections trustee-…`) and its opening (`elections open`): the key
 * ceremony during the review, the decryption shares after the close, the counts posted by anyone. A trustee's secrets
 * stay in its local file (mode 600) and are never printed.
 *
 * @module
 */
import { resolve } from "node:path";

import {
  announceTrustee,
  checkDealtShares,
  complainAboutDealer,
  dealTrusteeShares,
  openSecretTally,
  postDecryptionShares,
  sealCeremony,
} from "../../elections/trustee.js";
import { InvalidInputError } from "../../errors.js";
import { validateRequired, validateUint } from "../../validate.js";
import { contextOf } from "../context.js";
import { isoTime, show } from "../format.js";
import { type CommonArgs, command } from "../session.js";

interface TrusteeArgs extends CommonArgs {
  readonly poll?: string;
  readonly file?: string;
  readonly dealer?: string;
}

function pollOf(args: TrusteeArgs): bigint {
  const pollId = validateUint("--poll", validateRequired("--poll", args.poll));
  if (pollId === 0n) throw new InvalidInputError({ field: "--poll", reason: "poll ids start at 1" });
  return pollId;
}

function fileOf(args: TrusteeArgs): string {
  return resolve(validateRequired("--file", args.file));
}

export const trusteeGenerate = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const file = fileOf(args);
  const result = await announceTrustee({ ...contextOf(session), pollId, file });
  const { trustee } = result;
  return {
    data: { pollId: show(pollId), trustee: trustee.index, account: trustee.account, file, written: result.written },
    lines: [
      result.mode !== "send"
        ? `Trustee ${trustee.index} of poll ${pollId}: the announcement checks out (no file written)`
        : result.written
          ? `Trustee ${trustee.index} of poll ${pollId}: secrets written to ${file} (mode 600; keep it secret and backed up, it opens the tally)`
          : `Trustee ${trustee.index} of poll ${pollId}: secrets read from ${file}, written by an earlier run`,
      `Announced: commitments and transport key published with their proofs; next, deal the shares`,
    ],
    transactions: result.transactions,
    safeTitle: `Announce trustee ${trustee.index} of poll ${pollId}`,
  };
});

export const trusteeDeal = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const result = await dealTrusteeShares({ ...contextOf(session), pollId, file: fileOf(args) });
  return {
    data: {
      pollId: show(pollId),
      trustee: result.trustee.index,
      recipients: result.recipients,
      skipped: result.skipped,
    },
    lines: [
      `Trustee ${result.trustee.index} of poll ${pollId} dealt encrypted shares to trustee(s) ${result.recipients.join(", ") || "none"}`,
      ...(result.skipped.length === 0
        ? []
        : [`  no share for trustee(s) ${result.skipped.join(", ")}: not announced, or announced with a bad proof`]),
    ],
    transactions: result.transactions,
    safeTitle: `Deal trustee ${result.trustee.index}'s shares of poll ${pollId}`,
  };
});

export const trusteeVerify = command<TrusteeArgs>({ write: false }, async (args, session) => {
  const pollId = pollOf(args);
  const file = fileOf(args);
  const result = await checkDealtShares({ ...contextOf(session), pollId, file });
  const cheated = result.checks.filter((check) => check.verdict === "invalid");
  if (cheated.length > 0) process.exitCode = 1;
  const words = {
    valid: "its share to you verifies",
    invalid: "CHEATED: its share to you does not match its commitments",
    "not-dealt": "has dealt no share (yet)",
    "not-announced": "did not announce",
  } as const;
  const until = isoTime(result.state.windows.complainUntil);
  return {
    data: {
      pollId: show(pollId),
      trustee: result.trustee.index,
      dealers: result.checks.map((check) => ({
        trustee: check.dealer.index,
        account: check.dealer.account,
        verdict: check.verdict,
      })),
      cheated: cheated.map((check) => check.dealer.index),
    },
    lines: [
      `Shares dealt to trustee ${result.trustee.index} of poll ${pollId}:`,
      ...result.checks.map(
        (check) => `  trustee ${check.dealer.index} (${check.dealer.account}): ${words[check.verdict]}`,
      ),
      ...cheated.map(
        (check) =>
          `Complain before ${until}: elections trustee-complain --poll ${pollId} --dealer ${check.dealer.index} --file ${file}`,
      ),
    ],
  };
});

export const trusteeComplain = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const dealer = Number(validateUint("--dealer", validateRequired("--dealer", args.dealer)));
  const result = await complainAboutDealer({ ...contextOf(session), pollId, file: fileOf(args), dealer });
  return {
    data: { pollId: show(pollId), trustee: result.trustee.index, dealer },
    lines: [
      `Trustee ${result.trustee.index} complained about trustee ${dealer} of poll ${pollId}, showing the opened share: ` +
        `the contract judged it`,
    ],
    transactions: result.transactions,
    safeTitle: `Complain about trustee ${dealer} of poll ${pollId}`,
  };
});

export const trusteeSeal = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const result = await sealCeremony({ ...contextOf(session), pollId });
  return {
    data: { pollId: show(pollId), qualified: result.qualified },
    lines: [`Ceremony of poll ${pollId} sealed: qualified trustee(s) ${result.qualified.join(", ")}`],
    transactions: result.transactions,
    safeTitle: `Seal the ceremony of poll ${pollId}`,
  };
});

export const trusteeDecrypt = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const result = await postDecryptionShares({ ...contextOf(session), pollId, file: fileOf(args) });
  return {
    data: { pollId: show(pollId), trustee: result.trustee.index, posted: result.posted, quorum: result.quorum },
    lines: [
      `Trustee ${result.trustee.index} posted its decryption shares of poll ${pollId}, each with its proof; ` +
        `${result.posted} of the quorum of ${result.quorum} posted` +
        (result.posted >= result.quorum ? `: anyone may open the tally (elections open --poll ${pollId})` : ""),
    ],
    transactions: result.transactions,
    safeTitle: `Post trustee ${result.trustee.index}'s decryption shares of poll ${pollId}`,
  };
});

export const open = command<TrusteeArgs>({ write: true }, async (args, session) => {
  const pollId = pollOf(args);
  const result = await openSecretTally({ ...contextOf(session), pollId });
  return {
    data: { pollId: show(pollId), counts: result.counts.map(show), trustees: result.trustees },
    lines: [
      `Poll ${pollId} opened with the shares of trustee(s) ${result.trustees.join(", ")}, checked on chain:`,
      ...result.counts.map((count, option) => `  option ${option}: ${count}`),
    ],
    transactions: result.transactions,
    safeTitle: `Open the tally of poll ${pollId}`,
  };
});
