/**
 * `voter …` commands for a citizen: create a voting identity in a local file (mode 600) and cast or re-cast a ballot
 * through the municipality's relay (`--relay`), which pays for it, so that no account of the voter's is linked to the
 * ballot; `--direct` sends it from a local account instead, on the voter's explicit choice.
 *
 * @module
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { VoidSigner } from "ethers";

import { castBallot, getPoll } from "../../actions/elections.js";
import { castSecretBallot } from "../../actions/elections-voter.js";
import { connectSuite } from "../../deployment.js";
import { decodeBallot } from "../../elections/ballot.js";
import {
  createVotingIdentity,
  exportVotingIdentity,
  type Identity,
  importVotingIdentity,
} from "../../elections/proof.js";
import { InvalidInputError, RecordNotFoundError } from "../../errors.js";
import { validateRequired, validateUint } from "../../validate.js";
import { reportWait } from "../context.js";
import { show } from "../format.js";
import { type CommonArgs, command } from "../session.js";

/** The identity file's format marker. */
const FORMAT = "egov-voting-identity/1";

interface IdentityFile {
  readonly format: string;
  readonly privateKey: string;
  readonly commitment: string;
}

/** Writes a new identity to `path` with mode 600; refuses to overwrite a file. */
export function writeIdentityFile(path: string): Identity {
  if (existsSync(path)) {
    throw new InvalidInputError({
      field: "--identity",
      reason: `${path} exists; a voting identity is never overwritten`,
    });
  }
  const identity = createVotingIdentity();
  const content: IdentityFile = {
    format: FORMAT,
    privateKey: exportVotingIdentity(identity),
    commitment: identity.commitment.toString(),
  };
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  return identity;
}

/** Reads an identity file; refuses one that others can read (mode looser than 600) or that is malformed. */
export function readIdentityFile(path: string): Identity {
  if (!existsSync(path)) throw new InvalidInputError({ field: "--identity", reason: `${path} does not exist` });
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new InvalidInputError({
      field: "--identity",
      reason: `${path} has mode ${mode.toString(8)}: others may read it; run chmod 600 ${path}`,
    });
  }
  let parsed: IdentityFile;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as IdentityFile;
  } catch (cause) {
    throw new InvalidInputError({ field: "--identity", reason: `${path} is not JSON`, cause });
  }
  if (parsed.format !== FORMAT || typeof parsed.privateKey !== "string") {
    throw new InvalidInputError({ field: "--identity", reason: `${path} is not a voting identity file (${FORMAT})` });
  }
  const identity = importVotingIdentity(parsed.privateKey);
  if (identity.commitment.toString() !== parsed.commitment) {
    throw new InvalidInputError({
      field: "--identity",
      reason: `${path}: the commitment does not match the private key`,
    });
  }
  return identity;
}

interface IdentityArgs extends CommonArgs {
  readonly identity?: string;
}

export const newIdentity = command<IdentityArgs>({ write: false, needsDeployment: false }, async (args) => {
  const path = resolve(validateRequired("--identity", args.identity));
  const identity = writeIdentityFile(path);
  return {
    data: { identity: path, commitment: identity.commitment.toString() },
    lines: [
      `Voting identity written to ${path} (mode 600). Keep it secret and backed up.`,
      `Give the civil registry this commitment (it reveals nothing about you): ${identity.commitment}`,
    ],
  };
});

export const commitment = command<IdentityArgs>({ write: false, needsDeployment: false }, async (args) => {
  const path = resolve(validateRequired("--identity", args.identity));
  const identity = readIdentityFile(path);
  return { data: { commitment: identity.commitment.toString() }, lines: [identity.commitment.toString()] };
});

interface VoteArgs extends CommonArgs {
  readonly identity?: string;
  readonly poll?: string;
  readonly choose?: string;
  readonly relay?: string;
  readonly direct?: boolean;
}

/** The relay's base URL, or undefined; refuses anything but an http(s) URL. */
function relayOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw new InvalidInputError({
      field: "--relay",
      reason: `"${value}" is not a URL like https://relay.example.org`,
      cause,
    });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidInputError({
      field: "--relay",
      reason: `must be an https:// (or http://) URL, not ${url.protocol}`,
    });
  }
  return value;
}

export const vote = command<VoteArgs>({ write: false }, async (args, session) => {
  if (args.dryRun === true || args.safe !== undefined) {
    throw new InvalidInputError({
      field: args.safe === undefined ? "--dry-run" : "--safe",
      reason: "a ballot is sent by a relay or the voter, not by a multisig; its check runs before sending anyway",
    });
  }
  const relay = relayOf(args.relay);
  if (relay !== undefined && args.direct === true) {
    throw new InvalidInputError({ field: "--direct", reason: "cannot be combined with --relay" });
  }
  if (relay !== undefined && args.replaceStuck === true) {
    throw new InvalidInputError({
      field: "--replace-stuck",
      reason:
        "the relay sends a relayed ballot and replaces its own stuck transactions; --replace-stuck goes with --direct",
    });
  }
  if (relay !== undefined && args.from !== undefined) {
    throw new InvalidInputError({
      field: "--from",
      reason: "the relay sends a relayed ballot; --from goes with --direct",
    });
  }
  if (relay === undefined && args.direct !== true) {
    throw new InvalidInputError({
      field: "--relay",
      reason:
        "is required: the municipality's relay sends your ballot, so that no account of yours is seen casting it; " +
        "--direct sends it from --from instead, and that account is then linked to this ballot",
    });
  }
  if (relay === undefined && session.signer instanceof VoidSigner) {
    throw new InvalidInputError({ field: "--from", reason: "this network has no account to send from; use --relay" });
  }
  const identity = readIdentityFile(resolve(validateRequired("--identity", args.identity)));
  const pollId = validateUint("--poll", validateRequired("--poll", args.poll));
  const options = validateRequired("--choose", args.choose)
    .split(",")
    .map((text, i) => {
      const option = Number(validateUint(`--choose item ${i + 1}`, text.trim()));
      return option;
    });
  const suite =
    relay === undefined
      ? connectSuite({ deployment: session.suite.deployment, runner: session.signer })
      : session.suite;
  const poll = await getPoll({ suite: session.suite, pollId }).catch((error: unknown) => {
    if (error instanceof RecordNotFoundError) {
      throw new InvalidInputError({ field: "--poll", reason: error.shortMessage, cause: error });
    }
    throw error;
  });
  const onTransaction = (event: Parameters<NonNullable<Parameters<typeof castBallot>[0]["onTransaction"]>>[0]) => {
    if (!session.json && event.type === "sent") process.stderr.write(`sent ${event.hash} (${event.description})\n`);
    reportWait(event);
  };
  const sender = relay === undefined ? `sent by ${await session.signer.getAddress()}` : `sent by the relay ${relay}`;
  const again = poll.revoting
    ? "This is your first counted ballot in this poll; you may cast again until the close, the last one counts."
    : "This poll counts one ballot per citizen: it takes no second one.";
  if (poll.secret) {
    const secret = await castSecretBallot({
      suite: session.suite,
      identity,
      pollId,
      options,
      relay,
      ...(relay === undefined ? { signer: session.signer } : {}),
      receipts: session.receipts,
      onTransaction,
    }).catch(asChooseFlag);
    const digest = `0x${secret.digest.toString(16).padStart(64, "0")}`;
    return {
      data: {
        pollId: show(pollId),
        secret: true,
        options: secret.options,
        ballotHash: digest,
        nullifier: show(secret.nullifier),
        revision: show(secret.revision),
        replaced: secret.replaced,
        ...(relay === undefined ? { from: await session.signer.getAddress() } : { relay }),
        hash: secret.hash,
        blockNumber: secret.blockNumber,
        gasUsed: show(secret.gasUsed),
        proofMs: secret.proofMs,
      },
      lines: [
        `Encrypted ballot for poll ${pollId} counted (${sender}, tx ${secret.hash}, block ${secret.blockNumber})`,
        `Receipt: ballot hash ${digest}; check it is counted with: voter receipt --poll ${pollId} --ballot ${digest}`,
        secret.replaced
          ? `It replaced your earlier ballot (revision ${secret.revision}); nobody can read either before the opening.`
          : again,
        `Proof generated offline in ${secret.proofMs} ms; gas ${secret.gasUsed}.`,
      ],
    };
  }
  const result = await castBallot({
    suite,
    identity,
    pollId,
    options,
    relay,
    // A direct ballot goes through the commands' send path: the network's timeout, and --replace-stuck.
    receipts: session.receipts,
    onTransaction,
  }).catch(asChooseFlag);
  return {
    data: {
      pollId: show(pollId),
      ballot: show(result.ballot),
      options: decodeBallot(result.ballot),
      nullifier: show(result.nullifier),
      revision: show(result.revision),
      replaced: result.previousBallot === 0n ? null : decodeBallot(result.previousBallot),
      ...(relay === undefined ? { from: await session.signer.getAddress() } : { relay }),
      hash: result.hash,
      blockNumber: result.blockNumber,
      gasUsed: show(result.gasUsed),
      proofMs: result.proofMs,
    },
    lines: [
      `Ballot for poll ${pollId} counted: options ${decodeBallot(result.ballot).join(", ")} (${sender}, tx ${result.hash}, block ${result.blockNumber})`,
      result.previousBallot === 0n
        ? again
        : `It replaced your earlier ballot (options ${decodeBallot(result.previousBallot).join(", ")}); revision ${result.revision}.`,
      `Proof generated offline in ${result.proofMs} ms; gas ${result.gasUsed}.`,
    ],
  };
});

/** The SDK's refusal of the chosen options, named as the flag the voter gave them with. */
export function asChooseFlag(error: unknown): never {
  if (error instanceof InvalidInputError && error.field === "options") {
    throw new InvalidInputError({ field: "--choose", reason: error.reason, cause: error });
  }
  throw error;
}
