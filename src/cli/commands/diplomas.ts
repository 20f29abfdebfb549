/**
 * `diplomas …` commands: register-institution, suspend-institution, reinstate-institution, bind-issuer,
 * unbind-issuer, issue, issue-bulk, issue-batch, revoke, revoke-many-in-batch, reissue, reissue-from-batch, verify,
 * show-institution.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";

import { chainTime } from "../../chain.js";
import {
  type BatchDiplomaRow,
  bindIssuer,
  type DiplomaInput,
  type DiplomaProofFile,
  type DiplomaRow,
  issueDiploma,
  issueDiplomaBatch,
  issueDiplomas,
  programmeCode,
  proofOf,
  readProofFile,
  registerInstitution,
  reinstateInstitution,
  reissueDiploma,
  type ReissueDiplomaParameters,
  type ReissueDiplomaReturnType,
  revokeDiploma,
  revokeDiplomasInBatch,
  suspendInstitution,
  unbindIssuer,
  writeBatchFiles,
} from "../../actions/diploma.js";
import { RowKeys } from "../../actions/bulk.js";
import { issueCredential } from "../../actions/credentials.js";
import { InvalidInputError } from "../../errors.js";
import { checkDiplomaProof } from "../../hashing.js";
import { getInstitution, verifyDiploma, type VerifyDiplomaReturnType } from "../../sdk/reads.js";
import { programmeText } from "../../vocabulary.js";
import {
  validateAddress,
  validateDate,
  validateDocument,
  validateFileExists,
  validateHash,
  validateRequired,
  validateText,
  validateUint,
} from "../../validate.js";
import { isoTime } from "../format.js";
import { type BulkArgs, bulkImport, rejectRows } from "../bulk.js";
import { readRows, type ReadRowsParameters } from "../read-rows.js";
import { type CommonArgs, command, type Session } from "../session.js";
import { contextOf } from "../context.js";

/** An institution id: a whole number from 1 to 2^32 - 1. */
export function institutionId(field: string, value: string | undefined): number {
  const id = validateUint(field, value);
  if (id < 1n || id >= 2n ** 32n) throw new InvalidInputError({ field, reason: `${id} is not an institution id` });
  return Number(id);
}

/** The diploma's document hash from `--document` (a file or a 0x hash) or `--document-hash`, exactly one of them. */
function documentOf(args: { document?: string; documentHash?: string }, optional = false): string | undefined {
  if (args.document !== undefined && args.documentHash !== undefined) {
    throw new InvalidInputError({ field: "--document-hash", reason: "give either --document or --document-hash" });
  }
  if (args.documentHash !== undefined) return validateHash("--document-hash", args.documentHash);
  if (args.document !== undefined) return validateDocument("--document", args.document);
  if (optional) return undefined;
  throw new InvalidInputError({ field: "--document", reason: "is required (a file, or --document-hash)" });
}

interface RegisterInstitutionArgs extends CommonArgs {
  readonly name?: string;
  readonly country?: string;
  readonly accreditationDocument?: string;
}

export const registerInstitutionCommand = command<RegisterInstitutionArgs>({ write: true }, async (args, session) => {
  const name = validateText("--name", "name", args.name, { normalize: true });
  const country = validateRequired("--country", args.country);
  const accreditationDocument = validateDocument("--accreditation-document", args.accreditationDocument);
  const result = await registerInstitution({ ...contextOf(session), name, country, accreditationDocument });
  const verb = session.mode === "send" ? "registered" : "to be registered";
  return {
    data: { institutionId: result.institutionId, name, country, accreditationDocument },
    lines: [`Institution ${result.institutionId} ${name} (${country}) ${verb}, accreditation ${accreditationDocument}`],
    transactions: result.transactions,
    safeTitle: `Register institution ${name}`,
  };
});

interface SuspendInstitutionArgs extends CommonArgs {
  readonly institution?: string;
  readonly basis?: string;
}

export const suspendInstitutionCommand = command<SuspendInstitutionArgs>({ write: true }, async (args, session) => {
  const id = institutionId("--institution", args.institution);
  const basis = validateDocument("--basis", args.basis);
  const result = await suspendInstitution({ ...contextOf(session), institutionId: id, basis });
  return {
    data: { institutionId: id, status: "Suspended", basis },
    lines: [`Institution ${id} suspended`],
    transactions: result.transactions,
    safeTitle: `Suspend institution ${id}`,
  };
});

interface ReinstateInstitutionArgs extends CommonArgs {
  readonly institution?: string;
  readonly accreditationDocument?: string;
}

export const reinstateInstitutionCommand = command<ReinstateInstitutionArgs>({ write: true }, async (args, session) => {
  const id = institutionId("--institution", args.institution);
  const accreditationDocument = validateDocument("--accreditation-document", args.accreditationDocument);
  const result = await reinstateInstitution({ ...contextOf(session), institutionId: id, accreditationDocument });
  return {
    data: { institutionId: id, status: "Accredited", accreditationDocument },
    lines: [`Institution ${id} reinstated, accreditation ${accreditationDocument}`],
    transactions: result.transactions,
    safeTitle: `Reinstate institution ${id}`,
  };
});

interface BindIssuerArgs extends CommonArgs {
  readonly issuer?: string;
  readonly institution?: string;
}

export const bindIssuerCommand = command<BindIssuerArgs>({ write: true }, async (args, session) => {
  const issuer = validateAddress("--issuer", args.issuer);
  const id = institutionId("--institution", args.institution);
  const result = await bindIssuer({ ...contextOf(session), issuer, institutionId: id });
  return {
    data: { issuer, institutionId: id },
    lines: [`Issuer ${issuer} bound to institution ${id}`],
    transactions: result.transactions,
    safeTitle: `Bind issuer to institution ${id}`,
  };
});

interface UnbindIssuerArgs extends CommonArgs {
  readonly issuer?: string;
}

export const unbindIssuerCommand = command<UnbindIssuerArgs>({ write: true }, async (args, session) => {
  const issuer = validateAddress("--issuer", args.issuer);
  const result = await unbindIssuer({ ...contextOf(session), issuer });
  return {
    data: { issuer, institutionId: result.institutionId },
    lines: [`Issuer ${issuer} unbound from institution ${result.institutionId}`],
    transactions: result.transactions,
    safeTitle: "Unbind issuer",
  };
});

interface IssueArgs extends CommonArgs {
  readonly document?: string;
  readonly documentHash?: string;
  readonly holderCommitment?: string;
  readonly holderWallet?: string;
  readonly programme?: string;
  readonly awardedOn?: string;
  readonly kind?: string;
  readonly validFrom?: string;
  readonly expiresAt?: string;
}

export const issue = command<IssueArgs>({ write: true }, async (args, session) => {
  const documentHash = documentOf(args)!;
  const holderCommitment = validateHash("--holder-commitment", args.holderCommitment);
  const holderWallet =
    args.holderWallet === undefined ? undefined : validateAddress("--holder-wallet", args.holderWallet);
  const programme = programmeCode("--programme", validateRequired("--programme", args.programme));
  const awardedAt = validateDate("--awarded-on", args.awardedOn);
  const now = await chainTime(session.provider);
  if (awardedAt > now) {
    throw new InvalidInputError({
      field: "--awarded-on",
      reason: `${isoTime(awardedAt)} is in the future (chain time ${isoTime(now)})`,
    });
  }
  const input = {
    ...contextOf(session),
    documentHash,
    holderCommitment,
    holderWallet,
    programmeCode: programme,
    awardedAt,
  };
  const kind = args.kind === undefined ? 0 : Number(validateUint("--kind", args.kind));
  const validFrom = args.validFrom === undefined ? undefined : validateDate("--valid-from", args.validFrom);
  const expiresAt = args.expiresAt === undefined ? undefined : validateDate("--expires-at", args.expiresAt);
  const result =
    args.kind === undefined && validFrom === undefined && expiresAt === undefined
      ? await issueDiploma(input)
      : {
          ...(await issueCredential({ ...input, kind, validFrom, expiresAt })),
          institutionId: Number(await session.suite.diplomaRegistry.institutionOf(await session.signer.getAddress())),
        };
  return {
    data: {
      documentHash,
      institutionId: result.institutionId,
      holderCommitment,
      holderWallet,
      programmeCode: programme,
      awardedAt,
      kind,
      validFrom: validFrom ?? null,
      expiresAt: expiresAt ?? null,
    },
    lines: [
      `${kind === 0 ? "Diploma" : `Credential of kind ${kind}`} ${documentHash} of institution ${result.institutionId}: programme ${programmeText(programme)}, ` +
        `awarded ${isoTime(awardedAt).slice(0, 10)}`,
    ],
    transactions: result.transactions,
    safeTitle: `Issue diploma ${documentHash}`,
  };
});

/**
 * How the rows of `issue-bulk` and `issue-batch` are read: a document (`documentHash`, or `document`, a file relative
 * to the input file), `holderCommitment`, and `holderWallet`, `programme`, `awardedOn`. Every cell is checked, naming
 * the row and column of each bad one, and a document may appear once.
 */
function diplomaRows(
  file: string,
  detailsRequired: boolean,
): ReadRowsParameters<BatchDiplomaRow & Partial<DiplomaRow>> {
  const folder = dirname(file);
  const details = ["programme", "awardedOn"];
  let seen = new RowKeys();
  return {
    field: "--file",
    path: file,
    requiredColumns: ["holderCommitment", ...(detailsRequired ? details : [])],
    optionalColumns: ["documentHash", "document", "holderWallet", ...(detailsRequired ? [] : details)],
    reset: () => {
      seen = new RowKeys();
    },
    parse: ({ index, label, values }) => {
      const { documentHash, document } = values;
      const given = [documentHash, document].filter((value) => value !== undefined && value !== "");
      if (given.length !== 1) {
        throw new InvalidInputError({
          field: `${label} documentHash`,
          reason: "give exactly one of documentHash and document",
        });
      }
      const hash =
        documentHash !== undefined && documentHash !== ""
          ? validateHash(`${label} documentHash`, documentHash)
          : validateDocument(`${label} document`, document!.startsWith("0x") ? document : resolve(folder, document!));
      const wallet = values.holderWallet ?? "";
      const row = {
        label,
        documentHash: hash,
        holderCommitment: validateHash(`${label} holderCommitment`, values.holderCommitment),
        holderWallet: wallet === "" ? undefined : validateAddress(`${label} holderWallet`, wallet),
        programmeCode:
          (values.programme ?? "") === "" ? undefined : programmeCode(`${label} programme`, values.programme),
        awardedAt: (values.awardedOn ?? "") === "" ? undefined : validateDate(`${label} awardedOn`, values.awardedOn),
      };
      const previous = seen.first(hash, index);
      if (previous !== undefined) {
        throw new InvalidInputError({
          field: `${label} documentHash`,
          reason: `${hash} is also on ${label.replace(/ row \d+$/, ` row ${previous}`)}`,
        });
      }
      return row;
    },
  };
}

interface IssueBulkArgs extends CommonArgs, BulkArgs {
  readonly file?: string;
  readonly journal?: string;
}

export const issueBulk = command<IssueBulkArgs>({ write: true }, async (args, session) => {
  const file = validateFileExists("--file", args.file);
  return bulkImport({
    command: "diplomas issue-bulk",
    args,
    session,
    file,
    read: diplomaRows(file, true) as ReadRowsParameters<DiplomaRow>,
    importRows: issueDiplomas,
    safeTitle: (summary) => `Issue ${summary.written} diplomas`,
    firstLines: (summary) => [`Institution ${summary.institutionId}`],
  });
});

interface IssueBatchArgs extends CommonArgs {
  readonly file?: string;
  readonly out?: string;
}

export const issueBatch = command<IssueBatchArgs>({ write: true }, async (args, session) => {
  const file = validateFileExists("--file", args.file);
  const out = resolve(args.out ?? `${file.replace(/\.(csv|json)$/i, "")}-proofs`);
  const startedAt = Date.now();
  const { rows, rowsRead, problems } = await readRows(diplomaRows(file, false));
  if (problems.length > 0) {
    rejectRows({
      command: "diplomas issue-batch",
      file,
      rowsRead,
      problems,
      startedAt,
      summaryPath: undefined,
      json: session.json,
    });
  }
  const result = await issueDiplomaBatch({ ...contextOf(session), rows });
  const written =
    session.mode === "dry-run" ? null : writeBatchFiles({ directory: out, proofs: result.proofs, dump: result.dump });
  const lines = [
    `Batch of ${rows.length} diplomas of institution ${result.institutionId} under root ${result.root}`,
    written === null
      ? `Would write ${rows.length} proof files and tree.json into ${out}`
      : `Wrote ${written.proofFiles.length} proof files (one per holder, <documentHash>.json) and ${written.treeFile}`,
  ];
  return {
    data: {
      root: result.root,
      institutionId: result.institutionId,
      count: rows.length,
      directory: out,
      proofFiles: written?.proofFiles ?? [],
      treeFile: written?.treeFile ?? null,
    },
    lines,
    transactions: result.transactions,
    safeTitle: `Issue a batch of ${rows.length} diplomas`,
  };
});

interface RevokeArgs extends CommonArgs {
  readonly institution?: string;
  readonly document?: string;
  readonly documentHash?: string;
  readonly reason?: string;
  readonly proofFile?: string;
}

/** The document hash and, with `--proof-file`, the batch proof; the two must name the same diploma. */
export function diplomaOf(args: { document?: string; documentHash?: string; proofFile?: string }): {
  documentHash: string;
  batch: DiplomaProofFile | undefined;
} {
  const batch =
    args.proofFile === undefined
      ? undefined
      : readProofFile("--proof-file", validateFileExists("--proof-file", args.proofFile));
  const documentHash = documentOf(args, batch !== undefined);
  if (batch === undefined) return { documentHash: documentHash!, batch };
  if (!checkDiplomaProof(batch)) {
    throw new InvalidInputError({
      field: "--proof-file",
      reason: `its proof does not place [documentHash, holderCommitment, statusIndex] under its root ${batch.root}`,
    });
  }
  if (documentHash !== undefined && documentHash !== batch.documentHash) {
    throw new InvalidInputError({
      field: args.document !== undefined ? "--document" : "--document-hash",
      reason: `hashes to ${documentHash}, but the proof file is for ${batch.documentHash}`,
    });
  }
  return { documentHash: batch.documentHash, batch };
}

/**
 * The institution a diploma is looked up under: `--institution`, or the proof file's; with `required`, one of them
 * must say. Both must agree when both are given.
 */
export function institutionOfDiploma(
  option: string | undefined,
  batch: DiplomaProofFile | undefined,
  required: boolean,
): number | undefined {
  const fromFile = batch !== undefined && batch.institutionId !== 0 ? batch.institutionId : undefined;
  if (option === undefined) {
    if (required && fromFile === undefined) {
      throw new InvalidInputError({
        field: "--institution",
        reason: "is required: a diploma is checked under the institution it claims to come from",
      });
    }
    return fromFile;
  }
  const id = institutionId("--institution", option);
  if (fromFile !== undefined && fromFile !== id) {
    throw new InvalidInputError({
      field: "--institution",
      reason: `is ${id}, but the proof file was issued by institution ${fromFile}`,
    });
  }
  return id;
}

export const revoke = command<RevokeArgs>({ write: true }, async (args, session) => {
  const { documentHash, batch } = diplomaOf(args);
  const reason = validateUint("--reason", args.reason);
  if (reason < 1n || reason > 65535n) {
    throw new InvalidInputError({ field: "--reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const institution = institutionOfDiploma(args.institution, batch, false);
  const result = await revokeDiploma({
    ...contextOf(session),
    documentHash,
    reason: Number(reason),
    batch,
    ...(institution === undefined ? {} : { institutionId: institution }),
  });
  return {
    data: { documentHash, root: batch?.root ?? null, reason, institutionId: result.institutionId, as: result.as },
    lines: [
      `Diploma ${documentHash}${batch === undefined ? "" : ` in batch ${batch.root}`} of institution ` +
        `${result.institutionId} revoked as ${result.as}, reason ${reason}`,
    ],
    transactions: result.transactions,
    safeTitle: `Revoke diploma ${documentHash}`,
  };
});

interface VerifyArgs extends CommonArgs {
  readonly institution?: string;
  readonly document?: string;
  readonly documentHash?: string;
  readonly proofFile?: string;
}

/** What `diplomas verify` reports, in its `--json` output too. */
interface DiplomaView {
  readonly documentHash: string;
  /** The batch root, or null for a diploma checked alone. */
  readonly root: string | null;
  readonly status: VerifyDiplomaReturnType["status"];
  readonly institutionId: number;
  readonly institution: Omit<NonNullable<VerifyDiplomaReturnType["institution"]>, "id"> | null;
  readonly issuer: string | null;
  readonly issuedAt: number | null;
  readonly accreditedAtIssuance: boolean;
  readonly revokedAt: number | null;
  readonly revocationReason: number | null;
  readonly supersededBy: string | null;
}

/** The SDK's verification in the command's flat shape. */
function viewOf(verification: VerifyDiplomaReturnType): DiplomaView {
  const { institution, revocation, ...rest } = verification;
  return {
    ...rest,
    institutionId: institution?.id ?? 0,
    institution:
      institution === null
        ? null
        : { name: institution.name, country: institution.country, status: institution.status },
    revokedAt: revocation?.revokedAt ?? null,
    revocationReason: revocation?.reason ?? null,
  };
}

function verificationLines(view: DiplomaView): string[] {
  const lines = [
    `Diploma ${view.documentHash}${view.root === null ? "" : ` in batch ${view.root}`}: ${view.status.toUpperCase()}`,
  ];
  if (view.status === "Unknown") {
    lines.push(
      view.root === null
        ? "  not issued alone in this registry (a diploma issued in a batch needs its --proof-file)"
        : "  the proof does not place this diploma under a batch of this registry",
    );
    return lines;
  }
  const institution = view.institution!;
  lines.push(
    `  institution ${view.institutionId} ${institution.name} (${institution.country}), now ${institution.status.toLowerCase()}`,
    `  issuer ${view.issuer} at ${isoTime(view.issuedAt!)}`,
    `  accredited at issuance: ${view.accreditedAtIssuance ? "yes" : "NO"}`,
  );
  if (view.revokedAt !== null) {
    lines.push(`  revoked at ${isoTime(view.revokedAt)}, reason ${view.revocationReason}`);
  }
  if (view.supersededBy !== null) lines.push(`  superseded by ${view.supersededBy}`);
  return lines;
}

export const verify = command<VerifyArgs>({ write: false }, async (args, session) => {
  const { documentHash, batch } = diplomaOf(args);
  const view = viewOf(
    await verifyDiploma({
      suite: session.suite,
      institutionId: institutionOfDiploma(args.institution, batch, true)!,
      documentHash,
      ...(batch === undefined
        ? {}
        : {
            proof: {
              root: batch.root,
              holderCommitment: batch.holderCommitment,
              statusIndex: batch.statusIndex,
              proof: batch.proof,
            },
          }),
    }),
  );
  return { data: { verification: view }, lines: verificationLines(view) };
});

interface ShowInstitutionArgs extends CommonArgs {
  readonly institution?: string;
}

export const showInstitution = command<ShowInstitutionArgs>({ write: false }, async (args, session) => {
  const view = await getInstitution({
    suite: session.suite,
    institutionId: institutionId("--institution", args.institution),
  });
  const lines = [
    `Institution ${view.institutionId} ${view.name} (${view.country}): ${view.status.toLowerCase()}`,
    `  registered ${isoTime(view.registeredAt)}; accreditation document ${view.accreditationDocument}`,
    `  issuers: ${view.issuers.length === 0 ? "none" : view.issuers.join(", ")}`,
    "  accreditation history:",
    ...view.history.map(
      (change) => `    from ${isoTime(change.from)}  ${change.accredited ? "accredited" : "suspended"}`,
    ),
  ];
  return { data: { institution: view }, lines };
});

interface ReissueArgs extends IssueArgs {
  readonly oldDocument?: string;
  readonly oldDocumentHash?: string;
  readonly proofFile?: string;
  readonly reason?: string;
}

/** The corrected diploma of `reissue` and `reissue-from-batch`, from the options of `issue`. */
async function correctedDiploma(
  args: ReissueArgs,
  session: Session,
  defaultHolder: string | undefined,
): Promise<DiplomaInput> {
  const documentHash = documentOf(args)!;
  const holderCommitment =
    args.holderCommitment === undefined && defaultHolder !== undefined
      ? defaultHolder
      : validateHash("--holder-commitment", args.holderCommitment);
  const holderWallet =
    args.holderWallet === undefined ? undefined : validateAddress("--holder-wallet", args.holderWallet);
  const programme = programmeCode("--programme", validateRequired("--programme", args.programme));
  const awardedAt = validateDate("--awarded-on", args.awardedOn);
  const now = await chainTime(session.provider);
  if (awardedAt > now) {
    throw new InvalidInputError({
      field: "--awarded-on",
      reason: `${isoTime(awardedAt)} is in the future (chain time ${isoTime(now)})`,
    });
  }
  return { documentHash, holderCommitment, holderWallet, programmeCode: programme, awardedAt };
}

function reasonCode(value: string | undefined): number {
  const reason = validateUint("--reason", value);
  if (reason < 1n || reason > 65535n) {
    throw new InvalidInputError({ field: "--reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  return Number(reason);
}

/** Runs a re-issue, naming the command's options in the errors about its inputs. */
async function runReissue(parameters: ReissueDiplomaParameters, oldOption: string) {
  try {
    return await reissueDiploma(parameters);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const option = { documentHash: "--document", proof: "--proof-file", oldDocumentHash: oldOption }[error.field];
      if (option !== undefined) throw new InvalidInputError({ field: option, reason: error.reason });
    }
    throw error;
  }
}

function reissueResult(result: ReissueDiplomaReturnType, reason: number, root: string | null) {
  return {
    data: {
      oldDocumentHash: result.oldDocumentHash,
      root,
      documentHash: result.documentHash,
      reason,
      institutionId: result.institutionId,
    },
    lines: [
      `Diploma ${result.oldDocumentHash}${root === null ? "" : ` in batch ${root}`} of institution ` +
        `${result.institutionId} revoked (reason ${reason}) and superseded by ${result.documentHash}`,
    ],
    transactions: result.transactions,
    safeTitle: `Re-issue diploma ${result.oldDocumentHash}`,
  };
}

export const reissue = command<ReissueArgs>({ write: true }, async (args, session) => {
  const oldDocumentHash = documentOf({ document: args.oldDocument, documentHash: args.oldDocumentHash }, true);
  if (oldDocumentHash === undefined) {
    throw new InvalidInputError({ field: "--old-document", reason: "is required (a file, or --old-document-hash)" });
  }
  const reason = reasonCode(args.reason);
  const diploma = await correctedDiploma(args, session, undefined);
  const result = await runReissue(
    { ...contextOf(session), oldDocumentHash, reason, diploma },
    args.oldDocument === undefined ? "--old-document-hash" : "--old-document",
  );
  return reissueResult(result, reason, null);
});

export const reissueFromBatch = command<ReissueArgs>({ write: true }, async (args, session) => {
  if (args.proofFile === undefined) {
    throw new InvalidInputError({ field: "--proof-file", reason: "is required: the old diploma's proof file" });
  }
  const { documentHash: oldDocumentHash, batch } = diplomaOf({ proofFile: args.proofFile });
  const reason = reasonCode(args.reason);
  const diploma = await correctedDiploma(args, session, batch!.holderCommitment);
  const result = await runReissue({ ...contextOf(session), oldDocumentHash, batch, reason, diploma }, "--proof-file");
  return reissueResult(result, reason, batch!.root);
});

interface RevokeManyArgs extends CommonArgs {
  readonly file?: string;
  readonly reason?: string;
  readonly institution?: string;
}

export const revokeManyInBatch = command<RevokeManyArgs>({ write: true }, async (args, session) => {
  const path = validateFileExists("--file", args.file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not JSON`, cause: error });
  }
  if (!Array.isArray(json) || json.length === 0) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not a JSON array of proofs` });
  }
  const name = basename(path);
  const proofs = json.map((entry, index) => proofOf("--file", `${name} entry ${index + 1}`, entry));
  const roots = new Set(proofs.map((proof) => proof.root));
  if (roots.size !== 1) {
    throw new InvalidInputError({
      field: "--file",
      reason: `the proofs name ${roots.size} roots: one call revokes inside one batch`,
    });
  }
  const reason = reasonCode(args.reason);
  const institution = args.institution === undefined ? undefined : institutionId("--institution", args.institution);
  const root = proofs[0].root;
  let result;
  try {
    result = await revokeDiplomasInBatch({
      ...contextOf(session),
      root,
      diplomas: proofs.map((proof, index) => ({ ...proof, label: `${name} entry ${index + 1}` })),
      reason,
      ...(institution === undefined ? {} : { institutionId: institution }),
    });
  } catch (error) {
    if (error instanceof InvalidInputError && ["diplomas", "institutionId"].includes(error.field)) {
      const option = error.field === "diplomas" ? "--file" : "--institution";
      throw new InvalidInputError({ field: option, reason: error.reason });
    }
    throw error;
  }
  return {
    data: { root, count: result.count, reason, institutionId: result.institutionId, as: result.as },
    lines: [
      `${result.count} diplomas of batch ${root} of institution ${result.institutionId} revoked as ${result.as}, reason ${reason}`,
    ],
    transactions: result.transactions,
    safeTitle: `Revoke ${result.count} diplomas of batch ${root}`,
  };
});
