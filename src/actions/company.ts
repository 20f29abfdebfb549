/**
 * Business-register actions on the CompanyRegistry: register a company, change its status, appoint and remove
 * directors, file documents, and read a company with its directors, filings and ownership history.
 *
 * @module
 */
import { getAddress, hexlify, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";

import type { ICompanyRegistry } from "../contracts.js";
import type { Suite } from "../deployment.js";
import {
  ContractRevertError,
  decodeRevert,
  InvalidInputError,
  InvalidStateError,
  RecordNotFoundError,
} from "../errors.js";
import { type ActionContext, execute, type Execution, findEvent, requireCanCall, requireNotPaused } from "./execute.js";
import { queryEvents } from "./logs.js";

/** Company statuses by their value in the contract. */
export const COMPANY_STATUSES = ["None", "Incorporated", "Active", "Suspended", "InLiquidation", "Dissolved"] as const;
export type CompanyStatusName = (typeof COMPANY_STATUSES)[number];

/** Reasons a controlling owner changed, by their value in the contract. */
const CHANGE_KINDS = ["Registration", "Sale", "CourtOrder", "KeyRecovery"] as const;

/** The company id of a company number: `uint256(keccak256(bytes(companyNumber)))`, as the registry computes it. */
export function companyIdOf(companyNumber: string): bigint {
  return BigInt(keccak256(toUtf8Bytes(companyNumber)));
}

/** A company named by its company number, or by its id written as 0x and 64 hex digits. */
export interface CompanyRef {
  readonly companyId: bigint;
  /** The company number when the company was named by it. */
  readonly companyNumber: string | undefined;
  /** How to show the company in messages. */
  readonly label: string;
}

/** Reads a company reference: a 0x-prefixed 32-byte id, or a company number. */
export function parseCompany(field: string, value: string | undefined): CompanyRef {
  const text = (value ?? "").trim();
  if (text === "") throw new InvalidInputError({ field, reason: "is required" });
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { companyId: BigInt(text), companyNumber: undefined, label: text };
  if (text.startsWith("0x")) {
    throw new InvalidInputError({ field, reason: `"${text}" is neither a company number nor a 32-byte company id` });
  }
  return { companyId: companyIdOf(text), companyNumber: text, label: text };
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

/** An ASCII code read back from its zero-padded bytes. */
export function asciiText(code: string): string {
  return Buffer.from(code.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
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

function requireNonZero(field: string, hash: string): void {
  if (hash === ZeroHash) throw new InvalidInputError({ field, reason: "must not be the zero hash" });
}

/** The checks every write makes: registry not paused, acting account holds the function's role. */
async function registrarChecks(context: ActionContext, functionSignature: string): Promise<void> {
  const { suite, signer } = context;
  await requireNotPaused({ contract: suite.companyRegistry, contractName: "CompanyRegistry" });
  await requireCanCall({
    suite,
    account: await signer.getAddress(),
    target: await suite.companyRegistry.getAddress(),
    contractName: "CompanyRegistry",
    functionSignature,
  });
}

/** A company, or a {@link RecordNotFoundError}. */
async function existingCompany(suite: Suite, company: CompanyRef): Promise<ICompanyRegistry.CompanyStructOutput> {
  try {
    return await suite.companyRegistry.companyOf(company.companyId);
  } catch (error) {
    const decoded = decodeRevert(error, suite.interfaces);
    if (decoded instanceof ContractRevertError && decoded.errorName === "CompanyRegistryUnknownCompany") {
      throw new RecordNotFoundError({ kind: "company", id: company.label });
    }
    throw decoded;
  }
}

function statusOf(company: ICompanyRegistry.CompanyStructOutput): CompanyStatusName {
  return COMPANY_STATUSES[Number(company.status)];
}

/** A company that exists and is not dissolved. */
async function changeableCompany(suite: Suite, company: CompanyRef): Promise<ICompanyRegistry.CompanyStructOutput> {
  const record = await existingCompany(suite, company);
  if (statusOf(record) === "Dissolved") {
    throw new InvalidStateError({
      kind: "company",
      id: company.label,
      state: "dissolved",
      reason: "the record of a dissolved company is final",
    });
  }
  return record;
}

/** The chain's latest block time, unix seconds. */
async function chainTime(suite: Suite): Promise<number> {
  const block = await suite.runner.provider!.getBlock("latest");
  return block!.timestamp;
}

function requirePastDate(field: string, date: number, now: number, earliest = 1): void {
  if (!Number.isSafeInteger(date) || date < earliest || date > now) {
    const shown = Number.isSafeInteger(date) && date > 0 ? new Date(date * 1000).toISOString() : String(date);
    throw new InvalidInputError({
      field,
      reason:
        date > now
          ? `${shown} is in the future (chain time ${new Date(now * 1000).toISOString()})`
          : `${shown} is before ${new Date(earliest * 1000).toISOString()}`,
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

/** Enters a new company with status Incorporated. Needs COMPANY_REGISTRAR. */
export async function registerCompany(parameters: RegisterCompanyParameters): Promise<RegisterCompanyReturnType> {
  const { suite, companyNumber, name, registeredAddressHash, documentHash } = parameters;
  if (companyNumber.trim() === "") throw new InvalidInputError({ field: "companyNumber", reason: "is required" });
  if (name.trim() === "") throw new InvalidInputError({ field: "name", reason: "is required" });
  const particulars = {
    name,
    legalForm: legalFormCode("legalForm", parameters.legalForm),
    jurisdiction: jurisdictionCode("jurisdiction", parameters.jurisdiction),
    registeredAddressHash,
  };
  requireNonZero("registeredAddressHash", registeredAddressHash);
  requireNonZero("documentHash", documentHash);
  const owner = getAddress(parameters.owner);
  if (owner === ZeroAddress) throw new InvalidInputError({ field: "owner", reason: "must not be the zero address" });
  await registrarChecks(parameters, "registerCompany(string,(string,bytes4,bytes6,bytes32),address,bytes32)");
  const companyId = companyIdOf(companyNumber);
  const existing = await existingCompany(suite, { companyId, companyNumber, label: companyNumber }).catch(
    (error: unknown) => {
      if (error instanceof RecordNotFoundError) return null;
      throw error;
    },
  );
  if (existing !== null) {
    throw new InvalidStateError({
      kind: "company number",
      id: companyNumber,
      state: "registered",
      reason: `company ${particularsName(existing)} holds it since ${new Date(Number(existing.registeredAt) * 1000).toISOString()}`,
    });
  }
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

function particularsName(company: ICompanyRegistry.CompanyStructOutput): string {
  return `"${company.particulars.name}"`;
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
  const { suite, status, decisionHash } = parameters;
  const company = companyRef(parameters.company);
  const next = COMPANY_STATUSES.indexOf(status);
  if (next < 1) {
    throw new InvalidInputError({
      field: "status",
      reason: `"${status}" is not one of ${COMPANY_STATUSES.slice(1).join(", ")}`,
    });
  }
  requireNonZero("decisionHash", decisionHash);
  await registrarChecks(parameters, "changeStatus(uint256,uint8,bytes32)");
  const record = await existingCompany(suite, company);
  const previousStatus = statusOf(record);
  if (!(await suite.companyRegistry.isLawfulTransition(record.status, next))) {
    throw new InvalidStateError({
      kind: "company",
      id: company.label,
      state: previousStatus,
      reason: `the law does not allow a move from ${previousStatus} to ${status}`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "changeStatus",
        args: [company.companyId, next, decisionHash],
        description: `move ${company.label} from ${previousStatus} to ${status}`,
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
  const { suite, commitment, appointedOn, documentHash } = parameters;
  const company = companyRef(parameters.company);
  requireNonZero("commitment", commitment);
  requireNonZero("documentHash", documentHash);
  const account = parameters.account === undefined ? ZeroAddress : getAddress(parameters.account);
  requirePastDate("appointedOn", appointedOn, await chainTime(suite));
  await registrarChecks(parameters, "appointDirector(uint256,bytes32,address,uint40,bytes32)");
  const record = await changeableCompany(suite, company);
  const [serving, index] = await suite.companyRegistry.servingDirector(company.companyId, commitment);
  if (serving) {
    throw new InvalidStateError({
      kind: "director",
      id: commitment,
      state: `serving (appointment ${index})`,
      reason: `the person already serves as a director of ${company.label}`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "appointDirector",
        args: [company.companyId, commitment, account, appointedOn, documentHash],
        description: `appoint director ${commitment} of ${company.label}`,
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
  const { suite, directorIndex, removedOn, documentHash } = parameters;
  const company = companyRef(parameters.company);
  requireNonZero("documentHash", documentHash);
  await registrarChecks(parameters, "removeDirector(uint256,uint256,uint40,bytes32)");
  const record = await changeableCompany(suite, company);
  if (directorIndex >= record.directorCount) {
    throw new RecordNotFoundError({ kind: "director", id: `${directorIndex} of ${company.label}` });
  }
  const director = await suite.companyRegistry.directorOf(company.companyId, directorIndex);
  if (director.removedOn !== 0n) {
    throw new InvalidStateError({
      kind: "director",
      id: `${directorIndex} of ${company.label}`,
      state: "removed",
      reason: `the removal took effect on ${new Date(Number(director.removedOn) * 1000).toISOString()}`,
    });
  }
  requirePastDate("removedOn", removedOn, await chainTime(suite), Number(director.appointedOn));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "removeDirector",
        args: [company.companyId, directorIndex, removedOn, documentHash],
        description: `remove director ${directorIndex} of ${company.label}`,
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
  const { suite, filingType, documentHash } = parameters;
  const company = companyRef(parameters.company);
  if (!Number.isSafeInteger(filingType) || filingType < 1 || filingType > 65535) {
    throw new InvalidInputError({
      field: "filingType",
      reason: `${filingType} is not a filing-type code from 1 to 65535`,
    });
  }
  requireNonZero("documentHash", documentHash);
  await registrarChecks(parameters, "fileDocument(uint256,uint16,bytes32)");
  const record = await changeableCompany(suite, company);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.companyRegistry,
        contractName: "CompanyRegistry",
        functionName: "fileDocument",
        args: [company.companyId, filingType, documentHash],
        description: `file a document of type ${filingType} for ${company.label}`,
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
// Reading
// -----------------------------------------------------------------------------------------------------------------

/** A company for people: its record, ownership history, and one page of its directors and filings. */
export interface CompanyView {
  readonly companyId: bigint;
  readonly companyNumber: string | null;
  readonly name: string;
  readonly legalForm: string;
  readonly jurisdiction: string;
  readonly registeredAddressHash: string;
  readonly owner: string;
  readonly status: CompanyStatusName;
  readonly registeredAt: number;
  readonly statusSince: number;
  readonly ownerSince: number;
  readonly incorporationDocumentHash: string;
  readonly servingDirectorCount: number;
  readonly directorCount: number;
  readonly filingCount: number;
  readonly history: readonly {
    readonly owner: string;
    readonly since: number;
    readonly kind: (typeof CHANGE_KINDS)[number];
    readonly basis: string;
  }[];
  /** The page shown: directors and filings from `offset`, at most `limit` of each. */
  readonly page: { readonly offset: number; readonly limit: number };
  readonly directors: readonly {
    readonly index: number;
    readonly commitment: string;
    readonly account: string | null;
    readonly appointedOn: number;
    readonly removedOn: number | null;
  }[];
  readonly filings: readonly {
    readonly index: number;
    readonly filingType: number;
    readonly documentHash: string;
    readonly filedAt: number;
  }[];
}

export interface GetCompanyParameters {
  readonly suite: Suite;
  readonly company: CompanyRef | string | bigint;
  /** First director and filing to show (default 0). */
  readonly offset?: number;
  /** Most directors and filings to show (default 50). */
  readonly limit?: number;
}

export type GetCompanyReturnType = CompanyView;

const HISTORY_PAGE = 100;

/** Reads a company with its whole ownership history and one page of its directors and filings. */
export async function getCompany(parameters: GetCompanyParameters): Promise<GetCompanyReturnType> {
  const { suite } = parameters;
  const offset = parameters.offset ?? 0;
  const limit = parameters.limit ?? 50;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InvalidInputError({ field: "limit", reason: `must be a whole number of at least 1, got ${limit}` });
  }
  const company = companyRef(parameters.company);
  const registry = suite.companyRegistry;
  const record = await existingCompany(suite, company);
  const history: ICompanyRegistry.OwnershipRecordStructOutput[] = [];
  for (let start = 0; start < Number(record.ownershipHistoryLength); start += HISTORY_PAGE) {
    history.push(...(await registry.ownershipHistory(company.companyId, start, HISTORY_PAGE)));
  }
  const [directors, filings] = await Promise.all([
    offset < Number(record.directorCount) ? registry.directors(company.companyId, offset, limit) : [],
    offset < Number(record.filingCount) ? registry.filings(company.companyId, offset, limit) : [],
  ]);
  const registered = await queryEvents(
    registry,
    registry.filters.CompanyRegistered(company.companyId),
    suite.deployment.contracts.CompanyRegistry!.deploymentBlock,
  );
  const number = registered[0]?.args.companyNumber as string | undefined;
  return {
    companyId: company.companyId,
    companyNumber: number ?? company.companyNumber ?? null,
    name: record.particulars.name,
    legalForm: asciiText(record.particulars.legalForm),
    jurisdiction: asciiText(record.particulars.jurisdiction),
    registeredAddressHash: record.particulars.registeredAddressHash,
    owner: record.owner,
    status: statusOf(record),
    registeredAt: Number(record.registeredAt),
    statusSince: Number(record.statusSince),
    ownerSince: Number(record.ownerSince),
    incorporationDocumentHash: record.incorporationDocumentHash,
    servingDirectorCount: Number(record.servingDirectorCount),
    directorCount: Number(record.directorCount),
    filingCount: Number(record.filingCount),
    history: history.map((entry) => ({
      owner: entry.owner,
      since: Number(entry.since),
      kind: CHANGE_KINDS[Number(entry.kind)],
      basis: entry.basis,
    })),
    page: { offset, limit },
    directors: directors.map((director, position) => ({
      index: offset + position,
      commitment: director.commitment,
      account: director.account === ZeroAddress ? null : director.account,
      appointedOn: Number(director.appointedOn),
      removedOn: director.removedOn === 0n ? null : Number(director.removedOn),
    })),
    filings: filings.map((filing, position) => ({
      index: offset + position,
      filingType: Number(filing.filingType),
      documentHash: filing.documentHash,
      filedAt: Number(filing.filedAt),
    })),
  };
}
