/**
 * Accreditor and issuer actions on the DiplomaRegistry: institutions (register, suspend, reinstate, bind and unbind
 * issuer accounts), diplomas issued one at a time, in bulk through `multicall` or as a class under one Merkle root,
 * revocations (one diploma, or many of one batch at once) and re-issues of a corrected diploma. Diplomas are verified
 * and institutions read with the SDK.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { getAddress, hexlify, isHexString, toBeHex, toUtf8Bytes, ZeroAddress } from "ethers";

import { chainTime } from "../chain.js";
import type { IDiplomaRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { InvalidInputError, InvalidStateError, refusal } from "../errors.js";
import { buildDiplomaBatch, checkDiplomaProof, type BuildDiplomaBatchReturnType } from "../hashing.js";
import { validateHash } from "../validate.js";
import { DIPLOMA_STATUSES, INSTITUTION_STATUSES, isoTime } from "../vocabulary.js";
import {
  type BulkImportParameters,
  type BulkSummary,
  fileDigest,
  requireFirstOfKey,
  RowKeys,
  type RowOnChain,
  runBulk,
  writtenKeys,
} from "./bulk.js";
import { type ActionContext, execute, type Execution, findEvent } from "./execute.js";

/** The format tag of the proof files handed to holders of diplomas issued in a batch. */
export const PROOF_FORMAT = "egov-registries/diploma-proof@2";

const ISSUE_SIGNATURE = "issue((bytes32,bytes32,address,bytes32,uint40))";

// -----------------------------------------------------------------------------------------------------------------
// Checks
// -----------------------------------------------------------------------------------------------------------------

/**
 * The institution an issuer account issues for, checked before a bulk job reads its rows against the chain (the
 * contract would say the same, but only once the rows are checked): bound to an institution, and that institution
 * accredited.
 */
async function issuerInstitution(suite: Suite, account: string): Promise<number> {
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(account));
  if (institutionId === 0) {
    throw refusal({ errorName: "DiplomaRegistryIssuerNotBound", args: { issuer: account } });
  }
  const institution = await suite.diplomaRegistry.institution(institutionId);
  if (INSTITUTION_STATUSES[Number(institution.status)] !== "Accredited") {
    throw refusal({ errorName: "DiplomaRegistryInstitutionSuspended", args: { institutionId } });
  }
  return institutionId;
}

/** A two-letter ISO 3166-1 alpha-2 country code as the registry's `bytes2`. */
export function countryCode(field: string, value: string): string {
  const text = value.trim();
  if (!/^[A-Z]{2}$/.test(text)) {
    throw new InvalidInputError({ field, reason: `"${value}" is not two upper-case letters (ISO 3166-1 alpha-2)` });
  }
  return hexlify(toUtf8Bytes(text));
}

// -----------------------------------------------------------------------------------------------------------------
// Institutions (ACCREDITOR)
// -----------------------------------------------------------------------------------------------------------------

export type RegisterInstitutionParameters = ActionContext & {
  readonly name: string;
  /** ISO 3166-1 alpha-2 code, like "FR". */
  readonly country: string;
  /** Hash of the accreditation document. */
  readonly accreditationDocument: string;
};

/** The new institution's id once sent; in dry-run and Safe modes, the id it gets if nothing is registered before. */
export type RegisterInstitutionReturnType = Execution & { readonly institutionId: number };

/** Registers an institution, accredited from now on. Needs ACCREDITOR. */
export async function registerInstitution(
  parameters: RegisterInstitutionParameters,
): Promise<RegisterInstitutionReturnType> {
  const { suite, name } = parameters;
  if (name.trim() === "") throw new InvalidInputError({ field: "name", reason: "is required" });
  const country = countryCode("country", parameters.country);
  const accreditationDocument = validateHash("accreditationDocument", parameters.accreditationDocument);
  const next = Number(await suite.diplomaRegistry.institutionCount()) + 1;
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "registerInstitution",
        args: [name, country, accreditationDocument],
        description: `register institution ${name} (${parameters.country})`,
      },
    ],
  });
  const event = findEvent({ execution, name: "InstitutionRegistered" });
  return { ...execution, institutionId: event === undefined ? next : Number(event.args.institutionId) };
}

export type SuspendInstitutionParameters = ActionContext & {
  readonly institutionId: number;
  /** Hash of the decision. */
  readonly basis: string;
};
export type SuspendInstitutionReturnType = Execution & { readonly institutionId: number };

/** Suspends an accredited institution: its issuers cannot issue until it is reinstated. Needs ACCREDITOR. */
export async function suspendInstitution(
  parameters: SuspendInstitutionParameters,
): Promise<SuspendInstitutionReturnType> {
  const { suite, institutionId } = parameters;
  const basis = validateHash("basis", parameters.basis);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "suspendInstitution",
        args: [institutionId, basis],
        description: `suspend institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, institutionId };
}

export type ReinstateInstitutionParameters = ActionContext & {
  readonly institutionId: number;
  /** Hash of the new accreditation document. */
  readonly accreditationDocument: string;
};
export type ReinstateInstitutionReturnType = Execution & { readonly institutionId: number };

/** Accredits a suspended institution again. Needs ACCREDITOR. */
export async function reinstateInstitution(
  parameters: ReinstateInstitutionParameters,
): Promise<ReinstateInstitutionReturnType> {
  const { suite, institutionId } = parameters;
  const accreditationDocument = validateHash("accreditationDocument", parameters.accreditationDocument);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "reinstateInstitution",
        args: [institutionId, accreditationDocument],
        description: `reinstate institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, institutionId };
}

export type BindIssuerParameters = ActionContext & { readonly issuer: string; readonly institutionId: number };
export type BindIssuerReturnType = Execution & { readonly issuer: string; readonly institutionId: number };

/**
 * Binds an issuer account to an institution. Needs ACCREDITOR. The account also needs DIPLOMA_ISSUER in the
 * authority to issue (`roles grant`).
 */
export async function bindIssuer(parameters: BindIssuerParameters): Promise<BindIssuerReturnType> {
  const { suite, institutionId } = parameters;
  const issuer = getAddress(parameters.issuer);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "bindIssuer",
        args: [issuer, institutionId],
        description: `bind ${issuer} to institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, issuer, institutionId };
}

export type UnbindIssuerParameters = ActionContext & { readonly issuer: string };
export type UnbindIssuerReturnType = Execution & { readonly issuer: string; readonly institutionId: number };

/** Unbinds an issuer account from its institution. Needs ACCREDITOR. */
export async function unbindIssuer(parameters: UnbindIssuerParameters): Promise<UnbindIssuerReturnType> {
  const { suite } = parameters;
  const issuer = getAddress(parameters.issuer);
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(issuer));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "unbindIssuer",
        args: [issuer],
        description: `unbind ${issuer} from institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, issuer, institutionId };
}

// -----------------------------------------------------------------------------------------------------------------
// Issuing (DIPLOMA_ISSUER)
// -----------------------------------------------------------------------------------------------------------------

/** A diploma to issue alone. */
export interface DiplomaInput {
  /** keccak256 of the canonical diploma document. */
  readonly documentHash: string;
  /** Salted commitment to the holder's identity. */
  readonly holderCommitment: string;
  /** The holder's account, if any. */
  readonly holderWallet?: string;
  /** Programme code as bytes32 (see {@link programmeCode}). */
  readonly programmeCode: string;
  /** Award date, unix seconds; not in the future. */
  readonly awardedAt: number;
}

/**
 * A programme code as the registry's `bytes32`: a 0x 32-byte value as is, or a short text code (an ISCED-F code,
 * a local code of up to 31 bytes) left-aligned and zero-padded.
 */
export function programmeCode(field: string, value: string): string {
  const text = value.trim();
  if (text === "") throw new InvalidInputError({ field, reason: "is required" });
  if (text.startsWith("0x")) {
    if (!isHexString(text, 32)) throw new InvalidInputError({ field, reason: `"${text}" is not a 32-byte code` });
    return text.toLowerCase();
  }
  const bytes = toUtf8Bytes(text);
  if (bytes.length > 31) {
    throw new InvalidInputError({ field, reason: `"${text}" is longer than 31 bytes; give its 0x 32-byte hash` });
  }
  return hexlify(bytes).padEnd(66, "0");
}

/** Checks a diploma (or any credential) to issue alone and gives it as the registry's `DiplomaData`. */
export function checkDiplomaInput(
  field: string,
  diploma: DiplomaInput,
  now: number,
): IDiplomaRegistry.DiplomaDataStruct {
  const prefix = field === "" ? "" : `${field} `;
  const documentHash = validateHash(`${prefix}documentHash`, diploma.documentHash);
  const holderCommitment = validateHash(`${prefix}holderCommitment`, diploma.holderCommitment);
  if (!Number.isSafeInteger(diploma.awardedAt) || diploma.awardedAt <= 0) {
    throw new InvalidInputError({ field: `${prefix}awardedAt`, reason: `${diploma.awardedAt} is not a date` });
  }
  if (diploma.awardedAt > now) {
    throw new InvalidInputError({
      field: `${prefix}awardedAt`,
      reason: `${isoTime(diploma.awardedAt)} is in the future (chain time ${isoTime(now)})`,
    });
  }
  return {
    documentHash,
    holderCommitment,
    holderWallet: diploma.holderWallet === undefined ? ZeroAddress : getAddress(diploma.holderWallet),
    programmeCode: diploma.programmeCode,
    awardedAt: diploma.awardedAt,
  };
}

export type IssueDiplomaParameters = ActionContext & DiplomaInput;
export type IssueDiplomaReturnType = Execution & { readonly documentHash: string; readonly institutionId: number };

/**
 * Issues one diploma for the acting issuer's institution. Needs DIPLOMA_ISSUER and a binding to an accredited
 * institution; the document must not have been issued alone before.
 */
export async function issueDiploma(parameters: IssueDiplomaParameters): Promise<IssueDiplomaReturnType> {
  const { suite } = parameters;
  const data = checkDiplomaInput("", parameters, await chainTime(suite.runner.provider!));
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(await parameters.signer.getAddress()));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "issue",
        args: [data],
        description: `issue diploma ${parameters.documentHash}`,
      },
    ],
  });
  return { ...execution, documentHash: parameters.documentHash, institutionId };
}

/** One row of a bulk issue or of a batch. */
export interface DiplomaRow extends DiplomaInput {
  /** Where the row comes from, for messages. */
  readonly label: string;
}

function checkUniqueDocuments(rows: readonly { label: string; documentHash: string }[]): void {
  const seen = new Map<string, string>();
  for (const row of rows) {
    const previous = seen.get(row.documentHash);
    if (previous !== undefined) {
      throw new InvalidInputError({
        field: `${row.label} documentHash`,
        reason: `${row.documentHash} is also on ${previous}`,
      });
    }
    seen.set(row.documentHash, row.label);
  }
}

export type IssueDiplomasParameters = BulkImportParameters<DiplomaRow>;

export type IssueDiplomasReturnType = BulkSummary & { readonly institutionId: number };

/**
 * Issues many diplomas alone (each keyed by its document) through `multicall`, `chunkSize` per transaction,
 * resumable: diplomas already issued by the issuer's institution are skipped, a document issued by another
 * institution stops the job before anything of its batch is sent. Needs DIPLOMA_ISSUER.
 */
export async function issueDiplomas(parameters: IssueDiplomasParameters): Promise<IssueDiplomasReturnType> {
  const { suite } = parameters;
  const now = await chainTime(suite.runner.provider!);
  const seen = new RowKeys();
  const institutionId = await issuerInstitution(suite, await parameters.signer.getAddress());
  const registry = suite.diplomaRegistry;
  const iface = registry.interface;
  const record = suite.deployment.contracts.DiplomaRegistry;
  let issued: ReturnType<typeof writtenKeys> | undefined;
  // A diploma the registry's logs say this institution issued is on chain (revoked or not), without a read per row.
  const checkRows = async (rows: readonly DiplomaRow[]): Promise<RowOnChain[]> => {
    issued ??= writtenKeys({
      provider: suite.runner.provider!,
      address: await registry.getAddress(),
      fromBlock: record?.deploymentBlock ?? 0,
      topics: [iface.getEvent("DiplomaIssued")!.topicHash, null, toBeHex(institutionId, 32)],
      keyTopic: 1,
    });
    const keys = await issued;
    return rows.map((row): RowOnChain => ({
      state: keys.get(row.documentHash) === undefined ? "absent" : "present",
    }));
  };
  const summary = await runBulk({
    ...parameters,
    contract: registry,
    contractName: "DiplomaRegistry",
    functionSignature: ISSUE_SIGNATURE,
    checkRow: (row, at) => {
      checkDiplomaInput(row.label, row, now);
      requireFirstOfKey(seen, at, row.label, "documentHash", row.documentHash.toLowerCase());
    },
    checkRows,
    encode: (row) => iface.encodeFunctionData("issue", [checkDiplomaInput(row.label, row, now)]),
    inputDigest: await fileDigest(parameters.inputPath),
  });
  return { ...summary, institutionId };
}

/** The proof file a holder of a diploma issued in a batch receives. */
export interface DiplomaProofFile {
  readonly format: typeof PROOF_FORMAT;
  readonly chainId: number;
  readonly registry: string;
  /** The institution that issued the batch (0 when a file made elsewhere does not say). */
  readonly institutionId: number;
  readonly root: string;
  readonly documentHash: string;
  readonly holderCommitment: string;
  /** The diploma's position in its class list: its bit in the batch's status list. */
  readonly statusIndex: number;
  readonly proof: readonly string[];
}

/** One diploma of a batch: only the leaf `[documentHash, holderCommitment, statusIndex]` goes on chain. */
export interface BatchDiplomaRow {
  /** Where the row comes from, for messages. */
  readonly label: string;
  readonly documentHash: string;
  readonly holderCommitment: string;
  /** The award date, unix seconds, when known: checked not to be in the future. */
  readonly awardedAt?: number;
}

export type IssueDiplomaBatchParameters = ActionContext & { readonly rows: readonly BatchDiplomaRow[] };

export type IssueDiplomaBatchReturnType = Execution & {
  readonly root: string;
  readonly institutionId: number;
  /** The whole tree in OpenZeppelin's dump format, to archive and make further proofs from. */
  readonly dump: BuildDiplomaBatchReturnType["dump"];
  /** One proof per row, in the order of the rows. */
  readonly proofs: readonly DiplomaProofFile[];
};

/**
 * Records a whole class under one Merkle root (`StandardMerkleTree` over `[documentHash, holderCommitment,
 * statusIndex]`, the status index being the row's position) with `issueBatch`, and returns the tree and each holder's
 * proof. Every row is checked first. Needs DIPLOMA_ISSUER and a
 * binding to an accredited institution.
 */
export async function issueDiplomaBatch(parameters: IssueDiplomaBatchParameters): Promise<IssueDiplomaBatchReturnType> {
  const { suite, rows } = parameters;
  if (rows.length === 0) throw new InvalidInputError({ field: "rows", reason: "a batch needs at least one diploma" });
  if (rows.length >= 2 ** 32) throw new InvalidInputError({ field: "rows", reason: "too many diplomas for one batch" });
  const now = await chainTime(suite.runner.provider!);
  for (const row of rows) {
    validateHash(`${row.label} documentHash`, row.documentHash);
    validateHash(`${row.label} holderCommitment`, row.holderCommitment);
    if (row.awardedAt !== undefined && row.awardedAt > now) {
      throw new InvalidInputError({
        field: `${row.label} awardedAt`,
        reason: `${isoTime(row.awardedAt)} is in the future`,
      });
    }
  }
  checkUniqueDocuments(rows);
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(await parameters.signer.getAddress()));
  const batch = buildDiplomaBatch({ diplomas: rows });
  const { root } = batch;
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "issueBatch",
        args: [root, rows.length],
        description: `issue a batch of ${rows.length} diplomas under root ${root}`,
      },
    ],
  });
  const chainId = Number((await suite.runner.provider!.getNetwork()).chainId);
  const registry = await suite.diplomaRegistry.getAddress();
  const proofs = batch.proofs.map((proof): DiplomaProofFile => ({
    format: PROOF_FORMAT,
    chainId,
    registry,
    institutionId,
    ...proof,
  }));
  return { ...execution, root, institutionId, dump: batch.dump, proofs };
}

export interface WriteBatchFilesParameters {
  /** The folder for the proof files and the tree dump; created if missing. */
  readonly directory: string;
  readonly proofs: readonly DiplomaProofFile[];
  readonly dump: BuildDiplomaBatchReturnType["dump"];
}

export interface WriteBatchFilesReturnType {
  /** One file per diploma, `<documentHash>.json`, in the order of the proofs. */
  readonly proofFiles: readonly string[];
  /** The whole tree (`StandardMerkleTree.dump()`), `tree.json`, to make further proofs. */
  readonly treeFile: string;
}

/** Writes each holder's proof file and the tree dump into `directory`. */
export function writeBatchFiles({ directory, proofs, dump }: WriteBatchFilesParameters): WriteBatchFilesReturnType {
  mkdirSync(directory, { recursive: true });
  const proofFiles = proofs.map((proof) => {
    const file = join(directory, `${proof.documentHash}.json`);
    writeFileSync(file, `${JSON.stringify(proof, null, 2)}\n`);
    return file;
  });
  const treeFile = join(directory, "tree.json");
  writeFileSync(treeFile, `${JSON.stringify(dump, null, 2)}\n`);
  return { proofFiles, treeFile };
}

/**
 * Reads a holder's proof file (or any JSON with `root`, `documentHash`, `holderCommitment`, `statusIndex` and
 * `proof`).
 */
export function readProofFile(field: string, path: string): DiplomaProofFile {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidInputError({ field, reason: `${path} is not a JSON proof file`, cause: error });
  }
  return proofOf(field, path, parsed);
}

/** A proof from the JSON of a proof file; `path` says where it comes from in messages. */
export function proofOf(field: string, path: string, json: unknown): DiplomaProofFile {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new InvalidInputError({ field, reason: `${path} is not a proof (a JSON object)` });
  }
  const parsed = json as Record<string, unknown>;
  const hash = (key: string): string => {
    const value = parsed[key];
    if (typeof value !== "string" || !isHexString(value, 32)) {
      throw new InvalidInputError({ field, reason: `${key} in ${path} is not a 32-byte hash` });
    }
    return value.toLowerCase();
  };
  const proof = parsed.proof;
  if (!Array.isArray(proof) || proof.some((item) => typeof item !== "string" || !isHexString(item, 32))) {
    throw new InvalidInputError({ field, reason: `proof in ${path} is not a list of 32-byte hashes` });
  }
  const statusIndex = parsed.statusIndex;
  if (
    typeof statusIndex !== "number" ||
    !Number.isSafeInteger(statusIndex) ||
    statusIndex < 0 ||
    statusIndex > 0xffffffff
  ) {
    throw new InvalidInputError({
      field,
      reason: `statusIndex in ${path} is not a status index from 0 to 4294967295 (a proof file of format @1 has none)`,
    });
  }
  return {
    format: PROOF_FORMAT,
    chainId: typeof parsed.chainId === "number" ? parsed.chainId : 0,
    registry: typeof parsed.registry === "string" ? parsed.registry : "",
    institutionId:
      typeof parsed.institutionId === "number" && Number.isSafeInteger(parsed.institutionId) ? parsed.institutionId : 0,
    root: hash("root"),
    documentHash: hash("documentHash"),
    holderCommitment: hash("holderCommitment"),
    statusIndex,
    proof: (proof as string[]).map((item) => item.toLowerCase()),
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Revoking
// -----------------------------------------------------------------------------------------------------------------

export type RevokeDiplomaParameters = ActionContext & {
  readonly documentHash: string;
  /** The registry's reason code, 1 to 65535. */
  readonly reason: number;
  /** For a diploma inside a batch: the holder's proof (root, holder commitment, status index, proof). */
  readonly batch?: Pick<DiplomaProofFile, "root" | "holderCommitment" | "statusIndex" | "proof">;
  /**
   * The diploma's institution. An issuer revokes under its own institution (a different id is refused); an ACCREDITOR
   * must name it.
   */
  readonly institutionId?: number;
};

export type RevokeDiplomaReturnType = Execution & {
  readonly documentHash: string;
  readonly institutionId: number;
  /** Who revokes: an issuer of the diploma's institution, or an ACCREDITOR. */
  readonly as: "issuer" | "accreditor";
};

/**
 * Revokes a diploma, alone or inside a batch. An account bound to an institution revokes as its issuer (only that
 * institution's diplomas); any other account revokes as ACCREDITOR.
 */
export async function revokeDiploma(parameters: RevokeDiplomaParameters): Promise<RevokeDiplomaReturnType> {
  const { suite, reason, batch } = parameters;
  const documentHash = validateHash("documentHash", parameters.documentHash);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const registry = suite.diplomaRegistry;
  const account = await parameters.signer.getAddress();
  const boundTo = Number(await registry.institutionOf(account));
  const as = boundTo === 0 ? "accreditor" : "issuer";
  const institutionId = as === "issuer" ? boundTo : (parameters.institutionId ?? 0);
  if (parameters.institutionId !== undefined && parameters.institutionId !== institutionId) {
    throw new InvalidStateError({
      kind: "diploma",
      id: documentHash,
      state: `looked up under institution ${parameters.institutionId}`,
      reason: `${account} is an issuer of institution ${boundTo} and revokes only its diplomas`,
    });
  }
  if (!Number.isSafeInteger(institutionId) || institutionId < 1 || institutionId > 0xffffffff) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${institutionId} is not an institution id (an ACCREDITOR names the diploma's institution)`,
    });
  }
  let functionName: string;
  let args: unknown[];
  if (batch === undefined) {
    functionName = as === "issuer" ? "revoke" : "revokeAsAccreditor";
    args = as === "issuer" ? [documentHash, reason] : [institutionId, documentHash, reason];
  } else {
    const { statusIndex } = batch;
    const proof = {
      root: batch.root,
      documentHash,
      holderCommitment: batch.holderCommitment,
      statusIndex,
      proof: batch.proof,
    };
    if (!checkDiplomaProof(proof)) {
      throw new InvalidInputError({
        field: "proof",
        reason: `does not place [${documentHash}, ${batch.holderCommitment}, ${statusIndex}] under root ${batch.root}`,
      });
    }
    functionName = as === "issuer" ? "revokeInBatch" : "revokeInBatchAsAccreditor";
    const diploma = { documentHash, holderCommitment: batch.holderCommitment, statusIndex, proof: [...batch.proof] };
    args = as === "issuer" ? [batch.root, diploma, reason] : [institutionId, batch.root, diploma, reason];
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "DiplomaRegistry",
        functionName,
        args,
        description: `revoke diploma ${documentHash} (reason ${reason})`,
      },
    ],
  });
  return { ...execution, documentHash, institutionId, as };
}

// -----------------------------------------------------------------------------------------------------------------
// Re-issuing (DIPLOMA_ISSUER)
// -----------------------------------------------------------------------------------------------------------------

export type ReissueDiplomaParameters = ActionContext & {
  /** The document hash of the diploma to replace. */
  readonly oldDocumentHash: string;
  /** For an old diploma inside a batch: the holder's proof (root, holder commitment, status index, proof). */
  readonly batch?: Pick<DiplomaProofFile, "root" | "holderCommitment" | "statusIndex" | "proof">;
  /** The registry's reason code of the revocation of the old diploma, 1 to 65535. */
  readonly reason: number;
  /** The corrected diploma, issued alone. */
  readonly diploma: DiplomaInput;
};

export type ReissueDiplomaReturnType = Execution & {
  readonly oldDocumentHash: string;
  readonly documentHash: string;
  readonly institutionId: number;
};

/**
 * Revokes a diploma of the acting issuer's institution and issues its corrected version alone, linking the old to the
 * new (`reissue` for a diploma issued alone, `reissueFromBatch` with its proof for one inside a batch). Checked
 * first: the issuer is bound to an accredited institution, the old diploma is that institution's and is not revoked,
 * the new document differs from the old one and was not issued alone before, the award date is not in the future.
 * Needs DIPLOMA_ISSUER.
 */
export async function reissueDiploma(parameters: ReissueDiplomaParameters): Promise<ReissueDiplomaReturnType> {
  const { suite, reason, batch } = parameters;
  const oldDocumentHash = validateHash("oldDocumentHash", parameters.oldDocumentHash);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const data = checkDiplomaInput("", parameters.diploma, await chainTime(suite.runner.provider!));
  const documentHash = data.documentHash as string;
  if (documentHash === oldDocumentHash) {
    throw new InvalidInputError({
      field: "documentHash",
      reason: "the corrected diploma's document must differ from the old one",
    });
  }
  const registry = suite.diplomaRegistry;
  const institutionId = await issuerInstitution(suite, await parameters.signer.getAddress());
  let old: { documentHash: string; holderCommitment: string; statusIndex: number; proof: string[] } | undefined;
  if (batch !== undefined) {
    old = {
      documentHash: oldDocumentHash,
      holderCommitment: batch.holderCommitment,
      statusIndex: batch.statusIndex,
      proof: [...batch.proof],
    };
    if (!checkDiplomaProof({ ...old, root: batch.root, proof: batch.proof })) {
      throw new InvalidInputError({
        field: "proof",
        reason: `does not place [${oldDocumentHash}, ${batch.holderCommitment}, ${batch.statusIndex}] under root ${batch.root}`,
      });
    }
  }
  const before =
    old === undefined
      ? await registry.verify(institutionId, oldDocumentHash)
      : await registry.verifyInBatch(institutionId, batch!.root, old);
  const status = DIPLOMA_STATUSES[Number(before.status)];
  if (status === "Unknown") {
    throw new InvalidStateError({
      kind: "diploma",
      id: oldDocumentHash,
      state: "unknown",
      reason:
        old === undefined
          ? `institution ${institutionId} never issued it alone (a diploma of a batch needs its proof file)`
          : `institution ${institutionId} never issued batch ${batch!.root}`,
    });
  }
  if (status === "Revoked") {
    throw new InvalidStateError({
      kind: "diploma",
      id: oldDocumentHash,
      state: "revoked",
      reason: "a revoked diploma cannot be re-issued (issue the corrected one with `diplomas issue`)",
    });
  }
  if (DIPLOMA_STATUSES[Number((await registry.verify(institutionId, documentHash)).status)] !== "Unknown") {
    throw refusal({
      errorName: "DiplomaRegistryDuplicateDocument",
      args: { institutionId, documentHash },
    });
  }
  const description = `re-issue diploma ${oldDocumentHash} as ${documentHash} (reason ${reason})`;
  const execution = await execute({
    ...parameters,
    steps: [
      old === undefined
        ? {
            contract: registry,
            contractName: "DiplomaRegistry",
            functionName: "reissue",
            args: [oldDocumentHash, reason, data],
            description,
          }
        : {
            contract: registry,
            contractName: "DiplomaRegistry",
            functionName: "reissueFromBatch",
            args: [batch!.root, old, reason, data],
            description,
          },
    ],
  });
  return { ...execution, oldDocumentHash, documentHash, institutionId };
}

// -----------------------------------------------------------------------------------------------------------------
// Revoking many diplomas of one batch
// -----------------------------------------------------------------------------------------------------------------

/** One diploma of a batch to revoke: its proof, and where it comes from (for messages). */
export type BatchRevocation = Pick<DiplomaProofFile, "documentHash" | "holderCommitment" | "statusIndex" | "proof"> & {
  readonly label: string;
};

export type RevokeDiplomasInBatchParameters = ActionContext & {
  /** The batch's Merkle root. */
  readonly root: string;
  readonly diplomas: readonly BatchRevocation[];
  /** The registry's reason code, 1 to 65535, for all of them. */
  readonly reason: number;
  /** The batch's institution. An issuer revokes under its own; an ACCREDITOR must name it. */
  readonly institutionId?: number;
};

export type RevokeDiplomasInBatchReturnType = Execution & {
  readonly root: string;
  readonly institutionId: number;
  readonly count: number;
  readonly as: "issuer" | "accreditor";
};

/**
 * Revokes many diplomas of one batch in one transaction, with one reason (`revokeManyInBatch`, or
 * `revokeManyInBatchAsAccreditor` for an account bound to no institution). Every diploma is checked first and every
 * problem reported at once: its proof leads to the root, the batch is the institution's, it is not revoked already,
 * none is listed twice; between 1 and `MAX_REVOCATIONS_PER_CALL` diplomas.
 */
export async function revokeDiplomasInBatch(
  parameters: RevokeDiplomasInBatchParameters,
): Promise<RevokeDiplomasInBatchReturnType> {
  const { suite, reason, diplomas } = parameters;
  const root = validateHash("root", parameters.root);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const registry = suite.diplomaRegistry;
  const maximum = Number(await registry.MAX_REVOCATIONS_PER_CALL());
  if (diplomas.length === 0 || diplomas.length > maximum) {
    throw new InvalidInputError({
      field: "diplomas",
      reason: `between 1 and ${maximum} diplomas per call, got ${diplomas.length}`,
    });
  }
  const account = await parameters.signer.getAddress();
  const boundTo = Number(await registry.institutionOf(account));
  const as = boundTo === 0 ? "accreditor" : "issuer";
  const institutionId = as === "issuer" ? boundTo : (parameters.institutionId ?? 0);
  if (parameters.institutionId !== undefined && parameters.institutionId !== institutionId) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${account} is an issuer of institution ${boundTo} and revokes only its diplomas`,
    });
  }
  if (!Number.isSafeInteger(institutionId) || institutionId < 1 || institutionId > 0xffffffff) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${institutionId} is not an institution id (an ACCREDITOR names the batch's institution)`,
    });
  }
  const problems: { index: number; text: string }[] = [];
  const seen = new Map<number, string>();
  const leaves = diplomas.map((diploma) => ({
    documentHash: diploma.documentHash,
    holderCommitment: diploma.holderCommitment,
    statusIndex: diploma.statusIndex,
    proof: [...diploma.proof],
  }));
  await Promise.all(
    diplomas.map(async (diploma, index) => {
      if (!checkDiplomaProof({ ...diploma, root })) {
        problems.push({ index, text: `${diploma.label}: its proof does not lead to root ${root}` });
        return;
      }
      const verification = await registry.verifyInBatch(institutionId, root, leaves[index]);
      const status = DIPLOMA_STATUSES[Number(verification.status)];
      if (status === "Unknown") {
        problems.push({ index, text: `${diploma.label}: institution ${institutionId} never issued batch ${root}` });
      }
      if (status === "Revoked") {
        problems.push({ index, text: `${diploma.label}: ${diploma.documentHash} is revoked already` });
      }
    }),
  );
  diplomas.forEach((diploma, index) => {
    const previous = seen.get(diploma.statusIndex);
    if (previous !== undefined) {
      problems.push({ index, text: `${diploma.label}: status index ${diploma.statusIndex} is also ${previous}` });
    }
    seen.set(diploma.statusIndex, diploma.label);
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.index - b.index);
    throw new InvalidInputError({ field: "diplomas", reason: problems.map((problem) => problem.text).join("; ") });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "DiplomaRegistry",
        functionName: as === "issuer" ? "revokeManyInBatch" : "revokeManyInBatchAsAccreditor",
        args: as === "issuer" ? [root, leaves, reason] : [institutionId, root, leaves, reason],
        description: `revoke ${diplomas.length} diplomas of batch ${root} (reason ${reason})`,
      },
    ],
  });
  return { ...execution, root, institutionId, count: diplomas.length, as };
}
