/**
 * Business-register actions on the CompanyRegistry: register a company, change its status, appoint and remove
 * directors and file documents; register companies in bulk. Companies are read with `getCompany` of the SDK.
 *
 * @module
 */
import { getAddress, hexlify, toBeHex, toUtf8Bytes, ZeroAddress } from "ethers";

import { chainTime } from "../chain.js";
import type { ICompanyRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { decodedRead, InvalidInputError, type RecordLabels } from "../errors.js";
import { validateHash, validateText } from "../validate.js";
import { companyIdOf, COMPANY_STATUSES, type CompanyStatusName, filingTypeText, isoTime } from "../vocabulary.js";
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

/** A company named by its company number, or by its id written as 0x and 64 hex digits. */
export interface CompanyRef {
  readonly companyId: bigint;
  /** The company number when the company was named by it. */
  readonly companyNumber: string | undefined;
  /** How to show the company in messages. */
  readonly label: string;
}

/**
 * Reads a company reference: a 0x-prefixed 32-byte id, or a company number, taken in its canonical form (`hrb 1`
 * names the company `HRB 1`; see `normalizeReference`).
 */
export function parseCompany(field: string, value: string | undefined): CompanyRef {
  const text = (value ?? "").trim();
  if (text === "") throw new InvalidInputError({ field, reason: "is required" });
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { companyId: BigInt(text), companyNumber: undefined, label: text };
  if (text.startsWith("0x")) {
    throw new InvalidInputError({ field, reason: `"${text}" is neither a company number nor a 32-byte company id` });
  }
  const companyNumber = validateText(field, "reference", text, { normalize: true });
  return { companyId: companyIdOf({ companyNumber }), companyNumber, label: companyNumber };
}

function companyRef(company: CompanyRef | string | bigint): CompanyRef {
  if (typeof company === "object") return company;
  if (typeof company === "bigint") {
    return { companyId: company, companyNumber: undefined, label: `0x${company.toString(16).padStart(64, "0")}` };
  }
  return parseCompany("company", company);
}

/** An ASCII code left-aligned and zero-padded to `size` bytes (ISO 20275 legal form, ISO 3166 jurisdiction). */
export function asciiCode(field: string, value: string, size: number, pattern: RegExp, what: string): string {
  const text = value.trim();
  if (!pattern.test(text) || text.length > size) {
    throw new InvalidInputError({ field, reason: `"${value}" is not ${what}` });
  }
  return hexlify(toUtf8Bytes(text)).padEnd(2 + size * 2, "0");
}

/** An ISO 20275 legal-form code (four letters or digits, like "2HBR") as `bytes4`. */
export function legalFormCode(field: string, value: string): string {
  return asciiCode(
    field,
    value,
    4,
    /^[A-Z0-9]{4}$/,
    "an ISO 20275 legal-form code (four upper-case letters or digits)",
  );
}

/** An ISO 3166-1 or 3166-2 code ("DE", "GB-ENG") as `bytes6`. */
export function jurisdictionCode(field: string, value: string): string {
  return asciiCode(field, value, 6, /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, "an ISO 3166 code like DE or GB-ENG");
}

/** The company's label for the messages of a call about it. */
function companyLabels(company: CompanyRef): RecordLabels {
  return new Map([[company.companyId, company.label]]);
}

/** A company (an unknown one is a `RecordNotFoundError` that names it as given). */
function readCompany(suite: Suite, company: CompanyRef): Promise<ICompanyRegistry.CompanyStructOutput> {
  return decodedRead(() => suite.companyRegistry.companyOf(company.companyId), {
    interfaces: suite.interfaces,
    labels: companyLabels(company),
  });
}

function requirePastDate(field: string, date: number, now: number, earliest = 1): void {
  if (!Number.isSafeInteger(date) || date < earliest || date > now) {
    const shown = Number.isSafeInteger(date) && date > 0 ? isoTime(date) : String(date);
    throw new InvalidInputError({
      field,
      reason:
        date > now
          ? `${shown} is in the future (chain time ${isoTime(now)})`
          : `${shown} is before ${isoTime(earliest)}`,
    });
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Writes (COMPANY_REGISTRAR)
// -----------------------------------------------------------------------------------------------------------------

export type RegisterCompanyParameters = ActionContext & {
  readonly companyNumber: string;
  readonly name: string;
  /** ISO 20275 legal-form code, like "2HBR". */
  readonly legalForm: string;
  /** ISO 3166 code, like "DE" or "GB-ENG". */
  readonly jurisdiction: string;
  /** Hash of the registered office address. */
  readonly registeredAddressHash: string;
  /** The controlling owner. */
  readonly owner: string;
  /** Hash of the incorporation document. */
  readonly documentHash: string;
};

export type RegisterCompanyReturnType = Execution & { readonly companyId: bigint; readonly companyNumber: string };

/**
 * Enters a new company with status Incorporated. Needs COMPANY_REGISTRAR. The company number must be in its
 * canonical form and the name keep the registry's limits (see `validateText`): both are checked before sending.
 */
export async function registerCompany(parameters: RegisterCompanyParameters): Promise<RegisterCompanyReturnType> {
  const { suite } = parameters;
  const companyNumber = validateText("companyNumber", "reference", parameters.companyNumber);
  const name = validateText("name", "name", parameters.name);
  const particulars = {
    name,
    legalForm: legalFormCode("legalForm", parameters.legalForm),
    jurisdiction: jurisdictionCode("jurisdiction", parameters.jurisdiction),
    registeredAddressHash: validateHash("registeredAddressHash", parameters.registeredAddressHash),
  };
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const owner = getAddress(parameters.owner);
  if (owner === ZeroAddress) throw new InvalidInputError({ field: "owner", reason: "must not be the zero address" });
  const companyId = companyIdOf({ companyNumber });
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "registerCompany",
        args: [companyNumber, particulars, owner, documentHash],
        description: `register company ${companyNumber} (${name}) owned by ${owner}`,
      },
    ],
  });
  return { ...execution, companyId, companyNumber };
}

export type ChangeCompanyStatusParameters = ActionContext & {
  readonly company: CompanyRef | string | bigint;
  readonly status: Exclude<CompanyStatusName, "None">;
  /** Hash of the decision. */
  readonly decisionHash: string;
};

export type ChangeCompanyStatusReturnType = Execution & {
  readonly companyId: bigint;
  readonly previousStatus: CompanyStatusName;
  readonly status: CompanyStatusName;
};

/** Moves a company to a new status when the law allows the transition. Needs COMPANY_REGISTRAR. */
export async function changeCompanyStatus(
  parameters: ChangeCompanyStatusParameters,
): Promise<ChangeCompanyStatusReturnType> {
  const { suite, status } = parameters;
  const company = companyRef(parameters.company);
  const next = COMPANY_STATUSES.indexOf(status);
  if (next < 1) {
    throw new InvalidInputError({
      field: "status",
      reason: `"${status}" is not one of ${COMPANY_STATUSES.slice(1).join(", ")}`,
    });
  }
  const decisionHash = validateHash("decisionHash", parameters.decisionHash);
  const previousStatus = COMPANY_STATUSES[Number((await readCompany(suite, company)).status)];
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "changeStatus",
        args: [company.companyId, next, decisionHash],
        description: `move ${company.label} from ${previousStatus} to ${status}`,
        labels: companyLabels(company),
      },
    ],
  });
  return { ...execution, companyId: company.companyId, previousStatus, status };
}

export type AppointDirectorParameters = ActionContext & {
  readonly company: CompanyRef | string | bigint;
  /** Salted commitment to the director's identity. */
  readonly commitment: string;
  /** The director's account, if any. */
  readonly account?: string;
  /** Effective date, unix seconds; not in the future. */
  readonly appointedOn: number;
  /** Hash of the appointment notice. */
  readonly documentHash: string;
};

/** The appointment's index once sent; in dry-run and Safe modes, the index it gets if nothing is appointed before. */
export type AppointDirectorReturnType = Execution & { readonly companyId: bigint; readonly directorIndex: bigint };

/** Records a director's appointment. Needs COMPANY_REGISTRAR. */
export async function appointDirector(parameters: AppointDirectorParameters): Promise<AppointDirectorReturnType> {
  const { suite, appointedOn } = parameters;
  const company = companyRef(parameters.company);
  const commitment = validateHash("commitment", parameters.commitment);
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const account = parameters.account === undefined ? ZeroAddress : getAddress(parameters.account);
  requirePastDate("appointedOn", appointedOn, await chainTime(suite.runner.provider!));
  const record = await readCompany(suite, company);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "appointDirector",
        args: [company.companyId, commitment, account, appointedOn, documentHash],
        description: `appoint director ${commitment} of ${company.label}`,
        labels: companyLabels(company),
      },
    ],
  });
  const event = findEvent({ execution, name: "DirectorAppointed" });
  return {
    ...execution,
    companyId: company.companyId,
    directorIndex: event === undefined ? record.directorCount : (event.args.directorIndex as bigint),
  };
}

export type RemoveDirectorParameters = ActionContext & {
  readonly company: CompanyRef | string | bigint;
  readonly directorIndex: bigint;
  /** Effective date, unix seconds; not before the appointment, not in the future. */
  readonly removedOn: number;
  /** Hash of the removal notice. */
  readonly documentHash: string;
};

export type RemoveDirectorReturnType = Execution & { readonly companyId: bigint; readonly directorIndex: bigint };

/** Records a director's removal. Needs COMPANY_REGISTRAR. */
export async function removeDirector(parameters: RemoveDirectorParameters): Promise<RemoveDirectorReturnType> {
  const { suite, directorIndex, removedOn } = parameters;
  const company = companyRef(parameters.company);
  const documentHash = validateHash("documentHash", parameters.documentHash);
  // The date is checked against the appointment here, so that the refusal names the field.
  const director = await decodedRead(() => suite.companyRegistry.directorOf(company.companyId, directorIndex), {
    interfaces: suite.interfaces,
    labels: companyLabels(company),
  });
  requirePastDate("removedOn", removedOn, await chainTime(suite.runner.provider!), Number(director.appointedOn));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "removeDirector",
        args: [company.companyId, directorIndex, removedOn, documentHash],
        description: `remove director ${directorIndex} of ${company.label}`,
        labels: companyLabels(company),
      },
    ],
  });
  return { ...execution, companyId: company.companyId, directorIndex };
}

export type FileDocumentParameters = ActionContext & {
  readonly company: CompanyRef | string | bigint;
  /** The register's filing-type code, 1 to 65535. */
  readonly filingType: number;
  readonly documentHash: string;
};

/** The filing's index once sent; in dry-run and Safe modes, the index it gets if nothing is filed before. */
export type FileDocumentReturnType = Execution & { readonly companyId: bigint; readonly filingIndex: bigint };

/** Files a document with the register. Needs COMPANY_REGISTRAR. */
export async function fileDocument(parameters: FileDocumentParameters): Promise<FileDocumentReturnType> {
  const { suite, filingType } = parameters;
  const company = companyRef(parameters.company);
  if (!Number.isSafeInteger(filingType) || filingType < 1 || filingType > 65535) {
    throw new InvalidInputError({
      field: "filingType",
      reason: `${filingType} is not a filing-type code from 1 to 65535`,
    });
  }
  const documentHash = validateHash("documentHash", parameters.documentHash);
  const record = await readCompany(suite, company);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "fileDocument",
        args: [company.companyId, filingType, documentHash],
        description: `file a document of type ${filingTypeText(filingType)} for ${company.label}`,
        labels: companyLabels(company),
      },
    ],
  });
  const event = findEvent({ execution, name: "DocumentFiled" });
  return {
    ...execution,
    companyId: company.companyId,
    filingIndex: event === undefined ? record.filingCount : (event.args.filingIndex as bigint),
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Bulk registration
// -----------------------------------------------------------------------------------------------------------------

/** One company to register in bulk, with the fields of {@link registerCompany}. */
export interface CompanyRow {
  /** Where the row comes from, for messages. */
  readonly label: string;
  /** The company number in its canonical form (see `normalizeReference`). */
  readonly companyNumber: string;
  readonly name: string;
  /** ISO 20275 legal-form code, like "2HBR". */
  readonly legalForm: string;
  /** ISO 3166 code, like "DE" or "GB-ENG". */
  readonly jurisdiction: string;
  /** Hash of the registered office address. */
  readonly registeredAddressHash: string;
  /** The controlling owner. */
  readonly owner: string;
  /** Hash of the incorporation document. */
  readonly documentHash: string;
}

export type RegisterCompaniesParameters = BulkImportParameters<CompanyRow>;

export type RegisterCompaniesReturnType = BulkSummary;

/**
 * Registers many companies through `multicall`, resumable: a company number already registered with the same owner
 * and incorporation document is skipped; one registered with another owner or document stops the job before
 * anything is sent, with every such row named. The rows are compared with the register's `CompanyRegistered` logs,
 * read once, not one read per row. Every row is checked first as {@link registerCompany} checks its input (company
 * numbers in canonical form, names within the limits, codes, hashes, owner), and a company number may appear only
 * once. Needs COMPANY_REGISTRAR.
 */
export async function registerCompanies(parameters: RegisterCompaniesParameters): Promise<RegisterCompaniesReturnType> {
  const { suite } = parameters;
  const seen = new RowKeys();
  const registry = suite.companyRegistry;
  const iface = registry.interface;
  const companyRegistered = iface.getEvent("CompanyRegistered")!;
  let registered: ReturnType<typeof writtenKeys> | undefined;
  // Each row against the company the registry's logs say was registered under its number: the first owner and the
  // incorporation document, which no later change rewrites.
  const checkRows = async (rows: readonly CompanyRow[]): Promise<RowOnChain[]> => {
    registered ??= writtenKeys({
      provider: suite.runner.provider!,
      address: await registry.getAddress(),
      fromBlock: suite.deployment.contracts.CompanyRegistry?.deploymentBlock ?? 0,
      topics: [companyRegistered.topicHash],
      keyTopic: 1,
      // CompanyRegistered(uint256 indexed companyId, address indexed owner, string, Particulars, bytes32 documentHash):
      // the owner is the third topic; the data holds two offsets (the string and the tuple) and then the document.
      keep: { digits: 40 + 64, value: (log) => log.topics[2].slice(26) + log.data.slice(2 + 128, 2 + 192) },
    });
    const keys = await registered;
    return rows.map((row): RowOnChain => {
      const company = keys.get(toBeHex(companyIdOf({ companyNumber: row.companyNumber }), 32));
      if (company === undefined) return { state: "absent" };
      const [owner, document] = [`0x${company.slice(0, 40)}`, `0x${company.slice(40)}`];
      if (owner === row.owner.toLowerCase() && document === row.documentHash.toLowerCase()) {
        return { state: "present" };
      }
      return {
        state: "conflict",
        reason: `${row.companyNumber} was registered to ${getAddress(owner)} with incorporation document ${document}`,
      };
    });
  };
  return runBulk({
    ...parameters,
    contract: registry,
    contractName: "CompanyRegistry",
    functionSignature: "registerCompany(string,(string,bytes4,bytes6,bytes32),address,bytes32)",
    checkRow: (row, at) => {
      validateText(`${row.label} companyNumber`, "reference", row.companyNumber);
      requireFirstOfKey(seen, at, row.label, "companyNumber", row.companyNumber);
      validateText(`${row.label} name`, "name", row.name);
      legalFormCode(`${row.label} legalForm`, row.legalForm);
      jurisdictionCode(`${row.label} jurisdiction`, row.jurisdiction);
      validateHash(`${row.label} registeredAddressHash`, row.registeredAddressHash);
      validateHash(`${row.label} documentHash`, row.documentHash);
      if (getAddress(row.owner) === ZeroAddress) {
        throw new InvalidInputError({ field: `${row.label} owner`, reason: "must not be the zero address" });
      }
    },
    checkRows,
    encode: (row) => {
      const particulars = {
        name: row.name,
        legalForm: legalFormCode(`${row.label} legalForm`, row.legalForm),
        jurisdiction: jurisdictionCode(`${row.label} jurisdiction`, row.jurisdiction),
        registeredAddressHash: row.registeredAddressHash,
      };
      return iface.encodeFunctionData("registerCompany", [row.companyNumber, particulars, row.owner, row.documentHash]);
    },
    inputDigest: await fileDigest(parameters.inputPath),
  });
}
