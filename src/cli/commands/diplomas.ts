/**
 * `diplomas …` commands: register-institution, suspend-institution, reinstate-institution, bind-issuer,
 * unbind-issuer, issue, issue-bulk, issue-batch, revoke, revoke-many-in-batch, reissue, reissue-from-batch, verify,
 * show-institution.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

import { chainTime } from "../../chain.js";
import {
  type BatchDiplomaRow,
  bindIssuer,
  type DiplomaRow,
  issueDiploma,
  issueDiplomaBatch,
  issueDiplomas,
  programmeCode,
  registerInstitution,
  reinstateInstitution,
  revokeDiploma,
  suspendInstitution,
  unbindIssuer,
  writeBatchFiles,
} from "../../actions/diploma.js";
import { RowKeys } from "../../actions/bulk.js";
import { issueCredential } from "../../actions/credentials.js";
import { InvalidInputError } from "../../errors.js";
import { getInstitution, verifyDiploma, type VerifyDiplomaReturnType } from "../../sdk/reads.js";
import { programmeText, revocationReasonText } from "../../vocabulary.js";
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
import { type CommonArgs, command } from "../session.js";
import { contextOf } from "../context.js";
import { diplomaOf, documentOf, institutionId, institutionOfDiploma, type IssueArgs } from "./diploma-inputs.js";

export { diplomaOf, institutionId, institutionOfDiploma } from "./diploma-inputs.js";

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
        `${result.institutionId} revoked as ${result.as}, reason ${revocationReasonText(BigInt(reason))}`,
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
    lines.push(
      `  revoked at ${isoTime(view.revokedAt)}, reason ${view.revocationReason === null ? "not recorded" : revocationReasonText(view.revocationReason)}`,
    );
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
