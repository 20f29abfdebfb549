/**
 * Issuing diplomas (DIPLOMA_ISSUER): one at a time, in bulk through `multicall`, or as a class under one Merkle root
 * with the proof files handed to holders.
 *
 * @module
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getAddress, hexlify, isHexString, toBeHex, toUtf8Bytes, ZeroAddress } from "ethers";
import { chainTime } from "../../chain.js";
import type { IDiplomaRegistry } from "../../contracts.js";
import { InvalidInputError } from "../../errors.js";
import { buildDiplomaBatch, type BuildDiplomaBatchReturnType } from "../../hashing.js";
import { validateHash } from "../../validate.js";
import { isoTime } from "../../vocabulary.js";
import {
  type BulkImportParameters,
  type BulkSummary,
  fileDigest,
  requireFirstOfKey,
  RowKeys,
  type RowOnChain,
  runBulk,
  writtenKeys,
} from "../bulk.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import { issuerInstitution } from "./institutions.js";

/** The format tag of the proof files handed to holders of diplomas issued in a batch. */
export const PROOF_FORMAT = "egov-registries/diploma-proof@2";

const ISSUE_SIGNATURE = "issue((bytes32,bytes32,address,bytes32,uint40))";

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
