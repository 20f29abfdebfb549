/**
 * `companies …` commands: register, change-status, appoint-director, remove-director, file-document, show,
 * register-bulk.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

import {
  appointDirector,
  changeCompanyStatus,
  type CompanyRow,
  fileDocument,
  jurisdictionCode,
  legalFormCode,
  parseCompany,
  registerCompanies,
  registerCompany,
  removeDirector,
} from "../../actions/company.js";
import { InvalidInputError } from "../../errors.js";
import { getCompany } from "../../sdk/reads.js";
import {
  normalizedNote,
  validateAddress,
  validateChoice,
  validateDate,
  validateDocument,
  validateFileExists,
  validateHash,
  validateRequired,
  validateText,
  validateUint,
} from "../../validate.js";
import { legalFormText } from "../../extracts/labels.js";
import { filingTypeText } from "../../vocabulary.js";
import { isoTime, show } from "../format.js";
import { RowKeys } from "../../actions/bulk.js";
import { type BulkArgs, bulkImport, type NormalizedReferences } from "../bulk.js";
import { type CommonArgs, command } from "../session.js";
import { contextOf } from "../context.js";

interface RegisterArgs extends CommonArgs {
  readonly companyNumber?: string;
  readonly name?: string;
  readonly legalForm?: string;
  readonly jurisdiction?: string;
  readonly registeredAddress?: string;
  readonly owner?: string;
  readonly document?: string;
}

export const register = command<RegisterArgs>({ write: true }, async (args, session) => {
  const companyNumber = validateText("--company-number", "reference", args.companyNumber, { normalize: true });
  const name = validateText("--name", "name", args.name, { normalize: true });
  const legalForm = validateRequired("--legal-form", args.legalForm);
  const jurisdiction = validateRequired("--jurisdiction", args.jurisdiction);
  const registeredAddressHash = validateDocument("--registered-address", args.registeredAddress);
  const owner = validateAddress("--owner", args.owner);
  const documentHash = validateDocument("--document", args.document);
  const result = await registerCompany({
    ...contextOf(session),
    companyNumber,
    name,
    legalForm,
    jurisdiction,
    registeredAddressHash,
    owner,
    documentHash,
  });
  return {
    data: { companyId: show(result.companyId), companyNumber, name, legalForm, jurisdiction, owner, documentHash },
    lines: [
      ...normalizedNote("--company-number", args.companyNumber, companyNumber),
      `Company ${companyNumber} ${name} (${legalForm}, ${jurisdiction}), id ${show(result.companyId)}, owned by ${owner}`,
    ],
    transactions: result.transactions,
    safeTitle: `Register company ${companyNumber}`,
  };
});

interface ChangeStatusArgs extends CommonArgs {
  readonly company?: string;
  readonly status?: string;
  readonly decision?: string;
}

export const changeStatus = command<ChangeStatusArgs>({ write: true }, async (args, session) => {
  const company = parseCompany("--company", args.company);
  const status = validateChoice("--status", args.status, [
    "Active",
    "Suspended",
    "InLiquidation",
    "Dissolved",
  ] as const);
  const decisionHash = validateDocument("--decision", args.decision);
  const result = await changeCompanyStatus({ ...contextOf(session), company, status, decisionHash });
  return {
    data: { companyId: show(result.companyId), previousStatus: result.previousStatus, status, decisionHash },
    lines: [`Company ${company.label}: ${result.previousStatus} -> ${status}`],
    transactions: result.transactions,
    safeTitle: `${company.label} ${status}`,
  };
});

interface AppointDirectorArgs extends CommonArgs {
  readonly company?: string;
  readonly commitment?: string;
  readonly account?: string;
  readonly appointedOn?: string;
  readonly document?: string;
}

export const appointDirectorCommand = command<AppointDirectorArgs>({ write: true }, async (args, session) => {
  const company = parseCompany("--company", args.company);
  const commitment = validateHash("--commitment", args.commitment);
  const account = args.account === undefined ? undefined : validateAddress("--account", args.account);
  const appointedOn = validateDate("--appointed-on", args.appointedOn);
  const documentHash = validateDocument("--document", args.document);
  const result = await appointDirector({
    ...contextOf(session),
    company,
    commitment,
    account,
    appointedOn,
    documentHash,
  });
  return {
    data: { companyId: show(result.companyId), directorIndex: result.directorIndex, commitment, account, appointedOn },
    lines: [
      `Director ${result.directorIndex} of ${company.label}: ${commitment}` +
        `${account === undefined ? "" : ` (${account})`}, appointed ${isoTime(appointedOn).slice(0, 10)}`,
    ],
    transactions: result.transactions,
    safeTitle: `Appoint a director of ${company.label}`,
  };
});

interface RemoveDirectorArgs extends CommonArgs {
  readonly company?: string;
  readonly director?: string;
  readonly removedOn?: string;
  readonly document?: string;
}

export const removeDirectorCommand = command<RemoveDirectorArgs>({ write: true }, async (args, session) => {
  const company = parseCompany("--company", args.company);
  const directorIndex = validateUint("--director", args.director);
  const removedOn = validateDate("--removed-on", args.removedOn);
  const documentHash = validateDocument("--document", args.document);
  const result = await removeDirector({ ...contextOf(session), company, directorIndex, removedOn, documentHash });
  return {
    data: { companyId: show(result.companyId), directorIndex, removedOn, documentHash },
    lines: [`Director ${directorIndex} of ${company.label} removed, effective ${isoTime(removedOn).slice(0, 10)}`],
    transactions: result.transactions,
    safeTitle: `Remove director ${directorIndex} of ${company.label}`,
  };
});

interface FileDocumentArgs extends CommonArgs {
  readonly company?: string;
  readonly filingType?: string;
  readonly document?: string;
}

export const fileDocumentCommand = command<FileDocumentArgs>({ write: true }, async (args, session) => {
  const company = parseCompany("--company", args.company);
  const filingType = validateUint("--filing-type", args.filingType);
  if (filingType < 1n || filingType > 65535n) {
    throw new InvalidInputError({
      field: "--filing-type",
      reason: `${filingType} is not a filing-type code from 1 to 65535`,
    });
  }
  const documentHash = validateDocument("--document", args.document);
  const result = await fileDocument({ ...contextOf(session), company, filingType: Number(filingType), documentHash });
  return {
    data: { companyId: show(result.companyId), filingIndex: result.filingIndex, filingType, documentHash },
    lines: [
      `Filing ${result.filingIndex} of ${company.label}: type ${filingTypeText(filingType)}, document ${documentHash}`,
    ],
    transactions: result.transactions,
    safeTitle: `File a document for ${company.label}`,
  };
});

interface ShowArgs extends CommonArgs {
  readonly company?: string;
  readonly offset?: string;
  readonly limit?: string;
}

export const showCompany = command<ShowArgs>({ write: false }, async (args, session) => {
  const offset = Number(validateUint("--offset", args.offset ?? "0"));
  const limit = Number(validateUint("--limit", args.limit ?? "50"));
  if (limit < 1) throw new InvalidInputError({ field: "--limit", reason: "must be at least 1" });
  const company = parseCompany("--company", args.company);
  const record = await getCompany(
    company.companyNumber === undefined
      ? { suite: session.suite, companyId: company.companyId }
      : { suite: session.suite, companyNumber: company.companyNumber },
  );
  const view = {
    ...record,
    directorCount: record.directors.length,
    filingCount: record.filings.length,
    page: { offset, limit },
    directors: record.directors.slice(offset, offset + limit),
    filings: record.filings.slice(offset, offset + limit),
  };
  const last = (count: number, shown: number) =>
    shown === 0 ? `none from ${offset} (of ${count})` : `${offset} to ${offset + shown - 1} of ${count}`;
  const lines = [
    `Company ${view.companyNumber ?? "(number unknown)"} ${view.name}  id ${show(view.companyId)}`,
    `  ${legalFormText(view.legalForm)}, ${view.jurisdiction}; registered address ${view.registeredAddressHash}`,
    `  status ${view.status} since ${isoTime(view.statusSince)}; registered ${isoTime(view.registeredAt)}`,
    `  owner ${view.owner} since ${isoTime(view.ownerSince)}; incorporation document ${view.incorporationDocumentHash}`,
    "  ownership history:",
    ...view.history.map(
      (entry) => `    ${isoTime(entry.since)}  ${entry.kind.padEnd(12)} ${entry.owner}  basis ${entry.basis}`,
    ),
    `  directors (${view.servingDirectorCount} serving; ${last(view.directorCount, view.directors.length)}):`,
    ...view.directors.map(
      (director) =>
        `    #${director.index} ${director.commitment}${director.account === null ? "" : ` (${director.account})`} ` +
        `appointed ${isoTime(director.appointedOn).slice(0, 10)}` +
        (director.removedOn === null ? "" : `, removed ${isoTime(director.removedOn).slice(0, 10)}`),
    ),
    `  filings (${last(view.filingCount, view.filings.length)}):`,
    ...view.filings.map(
      (filing) =>
        `    #${filing.index} type ${filingTypeText(filing.filingType)} ${filing.documentHash} filed ${isoTime(filing.filedAt)}`,
    ),
  ];
  if (offset + limit < Math.max(view.directorCount, view.filingCount)) {
    lines.push(`  more: --offset ${offset + limit}`);
  }
  return { data: { company: { ...view, companyId: show(view.companyId) } }, lines };
});

interface RegisterBulkArgs extends CommonArgs, BulkArgs {
  readonly file?: string;
  readonly journal?: string;
}

/**
 * `companies register-bulk`: a business register's CSV export (or a JSON array), streamed and checked row by row
 * (every bad row reported with its column and reason before anything is sent), compared with the chain (company
 * numbers already registered), then registered through pipelined `multicall` batches sized from the gas cap,
 * resumable from its journal.
 */
export const registerBulk = command<RegisterBulkArgs>({ write: true }, async (args, session) => {
  const file = validateFileExists("--file", args.file);
  const folder = dirname(file);
  const hashOf = (field: string, value: string) =>
    validateDocument(field, value.startsWith("0x") ? value : resolve(folder, value));
  let seen = new RowKeys();
  const normalized: NormalizedReferences = { what: "company number", count: 0, first: "" };
  return bulkImport({
    command: "companies register-bulk",
    args,
    session,
    file,
    read: {
      requiredColumns: ["companyNumber", "name", "legalForm", "jurisdiction", "registeredAddress", "owner", "document"],
      reset: () => {
        seen = new RowKeys();
        normalized.count = 0;
      },
      parse: ({ index, label, values }) => {
        const given = values.companyNumber;
        const companyNumber = validateText(`${label} companyNumber`, "reference", given, { normalize: true });
        const previous = seen.first(companyNumber, index);
        if (previous !== undefined) {
          throw new InvalidInputError({
            field: `${label} companyNumber`,
            reason: `${companyNumber} is also on ${label.replace(/ row \d+$/, ` row ${previous}`)}`,
          });
        }
        const row: CompanyRow = {
          label,
          companyNumber,
          name: validateText(`${label} name`, "name", values.name, { normalize: true }),
          legalForm: values.legalForm,
          jurisdiction: values.jurisdiction,
          registeredAddressHash: hashOf(`${label} registeredAddress`, values.registeredAddress),
          owner: validateAddress(`${label} owner`, values.owner),
          documentHash: hashOf(`${label} document`, values.document),
        };
        legalFormCode(`${label} legalForm`, row.legalForm);
        jurisdictionCode(`${label} jurisdiction`, row.jurisdiction);
        if (companyNumber !== given && normalized.count++ === 0) {
          normalized.first = `row ${index} "${given}" as ${companyNumber}`;
        }
        return row;
      },
    },
    importRows: registerCompanies,
    safeTitle: (summary) => `Register ${summary.written} companies`,
    normalized,
  });
});
