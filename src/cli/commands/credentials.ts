/**
 * `diplomas …` commands for credentials of every kind: accredit and withdraw-accreditation (per kind), suspend,
 * reinstate, publish-key, export-vc, derive-vc, status-list and verify-vc. The institution's signing seed (32 bytes,
 * 0x hex) is read from the environment variable `EGOV_SIGNING_SEED`, never from the command line.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import {
  accreditForKind,
  publishSigningKey,
  reinstateCredential,
  suspendCredential,
  withdrawKind,
} from "../../actions/credentials.js";
import { chainTime } from "../../chain.js";
import {
  buildStatusLists,
  deriveCredential,
  exportCredential,
  type ExportCryptosuite,
  institutionKey,
  selectiveDisclosureKey,
  verifyCredential,
} from "../../credentials/index.js";
import { InvalidInputError } from "../../errors.js";
import { isoTime, revocationReasonText } from "../../vocabulary.js";
import {
  validateChoice,
  validateDate,
  validateDocument,
  validateFileExists,
  validateHash,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { contextOf } from "../context.js";
import { type CommonArgs, command, type Session } from "../session.js";
import { diplomaOf, institutionId, institutionOfDiploma } from "./diploma-inputs.js";

/** The institution's secret signing seed, from `EGOV_SIGNING_SEED`. */
function signingSeed(): string {
  const seed = process.env.EGOV_SIGNING_SEED;
  if (seed === undefined || seed === "") {
    throw new InvalidInputError({
      field: "EGOV_SIGNING_SEED",
      reason: "is not set: the institution's 32-byte signing seed, 0x hex",
    });
  }
  return seed;
}

/** Runs an SDK call that takes the signing seed, naming the environment variable when it refuses the seed. */
async function withSigningSeed<T>(call: (seed: string) => Promise<T>): Promise<T> {
  try {
    return await call(signingSeed());
  } catch (error) {
    if (error instanceof InvalidInputError && error.field === "seed") {
      throw new InvalidInputError({ field: "EGOV_SIGNING_SEED", reason: error.reason, cause: error });
    }
    throw error;
  }
}

function kindOf(value: string | undefined): number {
  const kind = validateUint("--kind", validateRequired("--kind", value));
  if (kind >= 2n ** 16n) throw new InvalidInputError({ field: "--kind", reason: `${kind} is not a kind id` });
  return Number(kind);
}

interface AccreditArgs extends CommonArgs {
  readonly institution?: string;
  readonly kind?: string;
  readonly effectiveFrom?: string;
  readonly document?: string;
}

/** The name of a defined credential kind; refuses, naming `--kind`, a kind the registry does not define. */
async function kindName(session: Session, kind: number): Promise<string> {
  const registry = session.suite.diplomaRegistry;
  const count = Number(await registry.kindCount());
  if (kind >= count) {
    throw new InvalidInputError({
      field: "--kind",
      reason:
        count === 0
          ? `kind ${kind} is not defined: the registry defines no kind yet`
          : `kind ${kind} is not defined: the registry defines kinds 0 to ${count - 1}`,
    });
  }
  return (await registry.credentialKind(kind)).name;
}

function accreditation(withdraw: boolean) {
  return command<AccreditArgs>({ write: true }, async (args, session) => {
    const id = institutionId("--institution", args.institution);
    const kind = kindOf(args.kind);
    const name = await kindName(session, kind);
    const now = await chainTime(session.provider);
    const from =
      args.effectiveFrom === undefined
        ? now + (withdraw ? 2 : 1)
        : validateDate("--effective-from", args.effectiveFrom);
    const document = validateDocument("--document", args.document);
    const parameters = { ...contextOf(session), institutionId: id, kind, from, document };
    const result = withdraw ? await withdrawKind(parameters) : await accreditForKind(parameters);
    const when = isoTime(BigInt(from));
    return {
      data: { institutionId: id, kind, kindName: name, from, accredited: !withdraw, document },
      lines: [
        `Institution ${id} ${withdraw ? "no longer accredited" : "accredited"} for ${name} (kind ${kind}) from ${when}`,
      ],
      transactions: result.transactions,
      safeTitle: `${withdraw ? "Withdraw" : "Accredit"} institution ${id} for ${name} (kind ${kind})`,
      kinds: new Map([[BigInt(kind), name]]),
    };
  });
}

export const accredit = accreditation(false);
export const withdrawAccreditation = accreditation(true);

interface SuspensionArgs extends CommonArgs {
  readonly document?: string;
  readonly documentHash?: string;
  readonly proofFile?: string;
  readonly reason?: string;
  readonly basis?: string;
}

function suspension(suspend: boolean) {
  return command<SuspensionArgs>({ write: true }, async (args, session) => {
    const { documentHash, batch } = diplomaOf(args);
    const basis = validateDocument("--basis", args.basis);
    const reason = suspend ? Number(validateUint("--reason", validateRequired("--reason", args.reason))) : 0;
    const parameters = { ...contextOf(session), documentHash, batch, reason, basis };
    const result = suspend ? await suspendCredential(parameters) : await reinstateCredential(parameters);
    return {
      data: { documentHash, root: batch?.root ?? null, suspended: suspend, reason, basis },
      lines: [
        `Credential ${documentHash} ${suspend ? `suspended (reason ${revocationReasonText(reason)})` : "reinstated"}`,
      ],
      transactions: result.transactions,
      safeTitle: `${suspend ? "Suspend" : "Reinstate"} credential ${documentHash}`,
    };
  });
}

export const suspend = suspension(true);
export const reinstate = suspension(false);

/** The key types an institution signs with: Ed25519 (`eddsa-rdfc-2022`) or P-256 (`ecdsa-sd-2023`). */
const KEY_TYPES = ["ed25519", "p256"] as const;

/** The cryptosuites a credential is exported in. */
const CRYPTOSUITES = ["eddsa-rdfc-2022", "ecdsa-sd-2023"] as const satisfies readonly ExportCryptosuite[];

interface PublishKeyArgs extends CommonArgs {
  readonly publicKey?: string;
  readonly keyType?: string;
}

export const publishKey = command<PublishKeyArgs>({ write: true }, async (args, session) => {
  const keyType = validateChoice("--key-type", args.keyType ?? "ed25519", KEY_TYPES);
  if (args.publicKey !== undefined && args.keyType !== undefined) {
    throw new InvalidInputError({
      field: "--key-type",
      reason: "names the type of the key of EGOV_SIGNING_SEED: give --public-key or --key-type, not both",
    });
  }
  const publicKey =
    args.publicKey !== undefined
      ? validateHash("--public-key", args.publicKey)
      : keyType === "p256"
        ? (await selectiveDisclosureKey({ seed: signingSeed() })).publicKey
        : (await institutionKey({ seed: signingSeed() })).publicKey;
  const result = await publishSigningKey({ ...contextOf(session), publicKey });
  return {
    data: { publicKey, keyIndex: result.keyIndex },
    lines: [`Signing key ${publicKey} published${result.keyIndex === null ? "" : ` as key ${result.keyIndex}`}`],
    transactions: result.transactions,
    safeTitle: `Publish signing key ${publicKey}`,
  };
});

interface ExportArgs extends CommonArgs {
  readonly institution?: string;
  readonly document?: string;
  readonly documentHash?: string;
  readonly proofFile?: string;
  readonly claims?: string;
  readonly holder?: string;
  readonly statusBaseUrl?: string;
  readonly cryptosuite?: string;
  readonly out?: string;
}

export const exportVc = command<ExportArgs>({ write: false }, async (args, session) => {
  const { documentHash, batch } = diplomaOf(args);
  const id = institutionOfDiploma(args.institution, batch, true)!;
  const cryptosuite = validateChoice("--cryptosuite", args.cryptosuite ?? "eddsa-rdfc-2022", CRYPTOSUITES);
  const out = validateRequired("--out", args.out);
  const statusBaseUrl = validateRequired("--status-base-url", args.statusBaseUrl);
  const claimsFile = validateFileExists("--claims", args.claims);
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(readFileSync(claimsFile, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidInputError({ field: "--claims", reason: "is not a JSON object of claims", cause: error });
  }
  const credential = await withSigningSeed((seed) =>
    exportCredential({
      suite: session.suite,
      institutionId: id,
      documentHash,
      batch,
      claims,
      holder: args.holder,
      seed,
      statusBaseUrl,
      cryptosuite,
    }),
  );
  writeFileSync(out, `${JSON.stringify(credential, null, 2)}\n`);
  return {
    data: { file: out, cryptosuite, credential },
    lines: [
      `Verifiable Credential ${String(credential.id)} (${cryptosuite}) written to ${out}`,
      ...(cryptosuite === "ecdsa-sd-2023"
        ? ["It carries a base proof for the holder, who shows credentials derived from it (diplomas derive-vc)."]
        : []),
    ],
  };
});

interface DeriveArgs extends CommonArgs {
  readonly credential?: string;
  readonly reveal?: string;
  readonly out?: string;
}

/**
 * The holder's side of selective disclosure: from a credential with the institution's `ecdsa-sd-2023` base proof,
 * writes one that reveals only the claims named in `--reveal` (names or JSON pointers, comma-separated). Reads no
 * chain and needs no key; writes nothing when any input is refused.
 */
export const deriveVc = command<DeriveArgs>({ write: false, needsDeployment: false }, async (args) => {
  const file = validateFileExists("--credential", args.credential);
  const reveal = validateRequired("--reveal", args.reveal)
    .split(",")
    .map((claim) => claim.trim());
  const out = validateRequired("--out", args.out);
  const credential = readCredential("--credential", file);
  let shown: Record<string, unknown>;
  try {
    shown = await deriveCredential({ credential, reveal });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    const match = /^reveal\[(\d+)\]$/.exec(error.field);
    const field = error.field === "credential" ? "--credential" : "--reveal";
    const reason = match === null ? error.reason : `${error.reason} (item ${Number(match[1]) + 1})`;
    throw new InvalidInputError({ field, reason, cause: error });
  }
  writeFileSync(out, `${JSON.stringify(shown, null, 2)}\n`);
  const revealed = Object.keys(shown.credentialSubject as Record<string, unknown>);
  return {
    data: { file: out, revealed, credential: shown },
    lines: [`Derived credential revealing ${revealed.join(", ")} written to ${out}`],
  };
});

/** A credential read from a JSON file. */
function readCredential(field: string, file: string): Record<string, unknown> {
  let credential: unknown;
  try {
    credential = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidInputError({ field, reason: "is not a JSON credential", cause: error });
  }
  if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
    throw new InvalidInputError({ field, reason: "is not a JSON credential" });
  }
  return credential as Record<string, unknown>;
}

interface StatusListArgs extends CommonArgs {
  readonly institution?: string;
  readonly baseUrl?: string;
  readonly out?: string;
}

export const statusList = command<StatusListArgs>({ write: false }, async (args, session) => {
  const id = institutionId("--institution", args.institution);
  const baseUrl = validateRequired("--base-url", args.baseUrl).replace(/\/+$/, "");
  const out = validateRequired("--out", args.out);
  const files = await withSigningSeed((seed) =>
    buildStatusLists({ suite: session.suite, institutionId: id, seed, baseUrl }),
  );
  const lines: string[] = [];
  for (const file of files) {
    const path = join(out, file.url.slice(baseUrl.length));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(file.credential, null, 2)}\n`);
    const signedWith = (file.credential.proof as { cryptosuite?: string } | undefined)?.cryptosuite;
    lines.push(`${file.url}  (${file.purpose}, ${file.setIndices.length} set, ${signedWith}) -> host ${path}`);
  }
  return { data: { lists: files.map(({ url, purpose, setIndices }) => ({ url, purpose, setIndices })) }, lines };
});

interface VerifyVcArgs extends CommonArgs {
  readonly file?: string;
}

export const verifyVc = command<VerifyVcArgs>({ write: false }, async (args, session) => {
  const credential = readCredential("--file", validateFileExists("--file", args.file));
  const result = await verifyCredential({ suite: session.suite, credential });
  return {
    data: { verified: result.verified, checks: result.checks },
    lines: [
      ...result.checks.map((check) => `${check.passed ? "ok" : "NO"}  ${check.check}: ${check.message}`),
      result.verified ? "The credential verifies." : "The credential does NOT verify.",
    ],
  };
});
