/**
 * Accreditor and issuer actions on credentials of every kind in the DiplomaRegistry: kinds and accreditation per
 * kind (ACCREDITOR), credentials issued with a validity window, suspensions and reinstatements, and the institution's
 * signing keys for W3C Verifiable Credentials (DIPLOMA_ISSUER). Diplomas alone keep their own actions in `diploma.ts`.
 *
 * @module
 */
import { chainTime } from "../chain.js";
import { InvalidInputError } from "../errors.js";
import { validateHash } from "../validate.js";
import { checkDiplomaInput, type DiplomaInput } from "./diploma.js";
import { type ActionContext, execute, type Execution, findEvent } from "./execute.js";

const REGISTRY = "DiplomaRegistry";

function whole(field: string, value: number, maximum: number): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > maximum) {
    throw new InvalidInputError({ field, reason: `${value} is not a whole number from 0 to ${maximum}` });
  }
  return value;
}

// -----------------------------------------------------------------------------------------------------------------
// Kinds and accreditation (ACCREDITOR)
// -----------------------------------------------------------------------------------------------------------------

export type DefineKindParameters = ActionContext & {
  readonly name: string;
  readonly expires: boolean;
  readonly suspendable: boolean;
  /** The reason codes (0 to 255) a revocation or suspension of this kind may give. */
  readonly reasonCodes: readonly number[];
};
export type DefineKindReturnType = Execution & { readonly kind: number };

/** Defines a credential kind with its rules. Needs ACCREDITOR. */
export async function defineKind(parameters: DefineKindParameters): Promise<DefineKindReturnType> {
  const { suite, name, expires, suspendable, reasonCodes } = parameters;
  if (name.trim() === "") throw new InvalidInputError({ field: "name", reason: "is required" });
  let mask = 0n;
  for (const code of reasonCodes) mask |= 1n << BigInt(whole("reasonCodes", code, 255));
  const next = Number(await suite.diplomaRegistry.kindCount());
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName: "defineKind",
        args: [name, { expires, suspendable, reasonCodes: mask }],
        description: `define credential kind ${name}`,
      },
    ],
  });
  const event = findEvent({ execution, name: "CredentialKindDefined" });
  return { ...execution, kind: event === undefined ? next : Number(event.args.kind) };
}

export type ChangeKindAccreditationParameters = ActionContext & {
  readonly institutionId: number;
  readonly kind: number;
  /** Unix seconds: now at the earliest for an accreditation, the next second for a withdrawal. */
  readonly from: number;
  /** The accreditation document (accredit) or the decision (withdraw), as a 0x hash. */
  readonly document: string;
};

/** Accredits an institution for a kind from a date. Needs ACCREDITOR. */
export async function accreditForKind(parameters: ChangeKindAccreditationParameters): Promise<Execution> {
  return changeKindAccreditation(parameters, true);
}

/** Withdraws an institution's accreditation for a kind from a date. Needs ACCREDITOR. */
export async function withdrawKind(parameters: ChangeKindAccreditationParameters): Promise<Execution> {
  return changeKindAccreditation(parameters, false);
}

async function changeKindAccreditation(parameters: ChangeKindAccreditationParameters, accredit: boolean) {
  const { suite, institutionId, kind, from } = parameters;
  const document = validateHash(accredit ? "document" : "basis", parameters.document);
  whole("kind", kind, 65_535);
  whole("from", from, 2 ** 48 - 1);
  return execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName: accredit ? "accreditForKind" : "withdrawKind",
        args: [institutionId, kind, from, document],
        description: `${accredit ? "accredit" : "withdraw"} institution ${institutionId} for kind ${kind} from ${new Date(from * 1000).toISOString()}`,
      },
    ],
  });
}

// -----------------------------------------------------------------------------------------------------------------
// Credentials (DIPLOMA_ISSUER)
// -----------------------------------------------------------------------------------------------------------------

export type IssueCredentialParameters = ActionContext &
  DiplomaInput & {
    readonly kind: number;
    /** Unix seconds; from its issuance when omitted. */
    readonly validFrom?: number;
    /** Unix seconds, the first second it is no longer valid; required for kinds that expire. */
    readonly expiresAt?: number;
  };
export type IssueCredentialReturnType = Execution & { readonly documentHash: string; readonly kind: number };

/**
 * Issues one credential of a kind with its validity window for the acting issuer's institution. Needs
 * DIPLOMA_ISSUER, a binding to an accredited institution and, unless the kind is 0, its accreditation for the kind.
 */
export async function issueCredential(parameters: IssueCredentialParameters): Promise<IssueCredentialReturnType> {
  const { suite, kind } = parameters;
  const data = checkDiplomaInput("", parameters, await chainTime(suite.runner.provider!));
  const validity = {
    validFrom: whole("validFrom", parameters.validFrom ?? 0, 2 ** 40 - 1),
    expiresAt: whole("expiresAt", parameters.expiresAt ?? 0, 2 ** 40 - 1),
  };
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName: "issueCredential",
        args: [whole("kind", kind, 65_535), data, validity],
        description: `issue credential ${data.documentHash} of kind ${kind}`,
      },
    ],
  });
  return { ...execution, documentHash: String(data.documentHash), kind };
}

/** A credential of a batch, as its holder's proof file places it. */
export interface BatchPlacement {
  readonly root: string;
  readonly holderCommitment: string;
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

export type SuspendCredentialParameters = ActionContext & {
  readonly documentHash: string;
  /** For a credential of a batch: its place under the batch's root. */
  readonly batch?: BatchPlacement;
  /** A reason code the kind lists (suspension only). */
  readonly reason?: number;
  /** The decision, as a 0x hash. */
  readonly basis: string;
};

/** Suspends a credential of the acting issuer's institution (alone or in a batch). Needs DIPLOMA_ISSUER. */
export async function suspendCredential(parameters: SuspendCredentialParameters): Promise<Execution> {
  return changeSuspension(parameters, true);
}

/** Reinstates a suspended credential of the acting issuer's institution. Needs DIPLOMA_ISSUER. */
export async function reinstateCredential(parameters: SuspendCredentialParameters): Promise<Execution> {
  return changeSuspension(parameters, false);
}

async function changeSuspension(parameters: SuspendCredentialParameters, suspend: boolean) {
  const { suite, batch } = parameters;
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const basis = validateHash("basis", parameters.basis);
  const reason = whole("reason", parameters.reason ?? 0, 65_535);
  const leaf =
    batch === undefined
      ? undefined
      : {
          documentHash,
          holderCommitment: validateHash("holderCommitment", batch.holderCommitment),
          statusIndex: whole("statusIndex", batch.statusIndex, 2 ** 32 - 1),
          proof: [...batch.proof],
        };
  const functionName =
    leaf === undefined ? (suspend ? "suspend" : "reinstate") : suspend ? "suspendInBatch" : "reinstateInBatch";
  const args: unknown[] =
    leaf === undefined
      ? suspend
        ? [documentHash, reason, basis]
        : [documentHash, basis]
      : suspend
        ? [batch!.root, leaf, reason, basis]
        : [batch!.root, leaf, basis];
  return execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName,
        args,
        description: `${suspend ? "suspend" : "reinstate"} credential ${documentHash}`,
      },
    ],
  });
}

// -----------------------------------------------------------------------------------------------------------------
// Signing keys (DIPLOMA_ISSUER)
// -----------------------------------------------------------------------------------------------------------------

export type PublishSigningKeyParameters = ActionContext & {
  /** The Ed25519 public key as 0x and 64 hex digits (see `institutionKey` in the credentials SDK). */
  readonly publicKey: string;
};
export type PublishSigningKeyReturnType = Execution & { readonly keyIndex: number | null };

/** Publishes a signing key of the acting issuer's institution; its previous key stops. Needs DIPLOMA_ISSUER. */
export async function publishSigningKey(parameters: PublishSigningKeyParameters): Promise<PublishSigningKeyReturnType> {
  const publicKey = validateHash("publicKey", parameters.publicKey);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: parameters.suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName: "publishSigningKey",
        args: [publicKey],
        description: `publish signing key ${publicKey}`,
      },
    ],
  });
  const event = findEvent({ execution, name: "SigningKeyPublished" });
  return { ...execution, keyIndex: event === undefined ? null : Number(event.args.keyIndex) };
}

export type MarkKeyCompromisedParameters = ActionContext & { readonly keyIndex: number; readonly from: number };

/** Marks a signing key of the acting issuer's institution compromised from a date. Needs DIPLOMA_ISSUER. */
export async function markKeyCompromised(parameters: MarkKeyCompromisedParameters): Promise<Execution> {
  const keyIndex = whole("keyIndex", parameters.keyIndex, Number.MAX_SAFE_INTEGER);
  const from = whole("from", parameters.from, 2 ** 40 - 1);
  return execute({
    ...parameters,
    steps: [
      {
        contract: parameters.suite.diplomaRegistry,
        contractName: REGISTRY,
        functionName: "markKeyCompromised",
        args: [keyIndex, from],
        description: `mark signing key ${keyIndex} compromised from ${new Date(from * 1000).toISOString()}`,
      },
    ],
  });
}
