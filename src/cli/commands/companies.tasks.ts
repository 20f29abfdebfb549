/**
 * The `companies` commands as Hardhat tasks: companies, directors and filings in the CompanyRegistry. Each command's
 * code is imported only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { BULK_OPTIONS, EXTRACT_OPTIONS } from "../options.js";

const companies = () => import("./companies.js");
/** The extract commands of every area, with the PDF and QR libraries, load only when an extract is written. */
const extracts = () => import("./extracts.js");

const COMPANY: CommandOption = {
  name: "company",
  description: "The company: its company number, or its id as 0x and 64 hex digits (required)",
};

/** `companies …`. */
export const companiesTasks: CommandDefinition[] = [
  defineGroup("companies", "Companies, directors and filings in the CompanyRegistry"),
  defineCommand({
    id: ["companies", "register"],
    description: "Register a company, status Incorporated (COMPANY_REGISTRAR)",
    kind: "write",
    options: [
      { name: "companyNumber", description: "The company number, unique in the register (required)" },
      { name: "name", description: "The registered name (required)" },
      { name: "legalForm", description: "ISO 20275 legal-form code, like 2HBR (required)" },
      { name: "jurisdiction", description: "ISO 3166 code, like DE or GB-ENG (required)" },
      {
        name: "registeredAddress",
        description: "The registered office address: a file (hashed with keccak-256) or a 0x 32-byte hash (required)",
      },
      { name: "owner", description: "The controlling owner's account (required)" },
      { name: "document", description: "The incorporation document: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(companies, "register"),
  }),
  defineCommand({
    id: ["companies", "change-status"],
    description: "Move a company to a new status, when the law allows it (COMPANY_REGISTRAR)",
    kind: "write",
    options: [
      COMPANY,
      { name: "status", description: "Active, Suspended, InLiquidation or Dissolved (required)" },
      { name: "decision", description: "The decision: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(companies, "changeStatus"),
  }),
  defineCommand({
    id: ["companies", "appoint-director"],
    description: "Record a director's appointment (COMPANY_REGISTRAR)",
    kind: "write",
    options: [
      COMPANY,
      { name: "commitment", description: "The salted commitment to the director's identity, 0x 32 bytes (required)" },
      { name: "account", description: "The director's account (default: none)" },
      { name: "appointedOn", description: "Effective date: ISO date or unix seconds, not in the future (required)" },
      { name: "document", description: "The appointment notice: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(companies, "appointDirectorCommand"),
  }),
  defineCommand({
    id: ["companies", "remove-director"],
    description: "Record a director's removal (COMPANY_REGISTRAR)",
    kind: "write",
    options: [
      COMPANY,
      { name: "director", description: "The appointment's index, as `companies show` lists it (required)" },
      { name: "removedOn", description: "Effective date: ISO date or unix seconds, not in the future (required)" },
      { name: "document", description: "The removal notice: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(companies, "removeDirectorCommand"),
  }),
  defineCommand({
    id: ["companies", "file-document"],
    description: "File a document with the register (COMPANY_REGISTRAR)",
    kind: "write",
    options: [
      COMPANY,
      { name: "filingType", description: "The filing-type code: 1 accounts, 2 articles, 3 particulars… (required)" },
      { name: "document", description: "The filed document: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(companies, "fileDocumentCommand"),
  }),
  defineCommand({
    id: ["companies", "show"],
    description: "Show a company with its ownership history and a page of its directors and filings",
    kind: "read",
    options: [
      COMPANY,
      { name: "offset", description: "First director and filing to show", defaultValue: "0" },
      { name: "limit", description: "Most directors and filings to show", defaultValue: "50" },
    ],
    action: lazy(companies, "showCompany"),
  }),
  defineCommand({
    id: ["companies", "register-bulk"],
    description: "Register companies from a CSV or JSON file, in batches, resumable after an interruption",
    kind: "write",
    options: [
      {
        name: "file",
        description:
          "CSV (with a header) or JSON array; columns companyNumber, name, legalForm, jurisdiction, registeredAddress and document (file or 0x hash), owner (required)",
      },
      { name: "journal", description: "The progress journal (default: <file>.journal)" },
      ...BULK_OPTIONS,
    ],
    action: lazy(companies, "registerBulk"),
  }),
  defineCommand({
    id: ["companies", "extract"],
    description: "Write a company register extract as of a block: a PDF with the QR code that checks it",
    kind: "read",
    options: [{ name: "number", description: "The company number (required)" }, ...EXTRACT_OPTIONS],
    action: lazy(extracts, "companyExtract"),
  }),
];
