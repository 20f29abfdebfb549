/**
 * Every admin command as a Hardhat task, for the `tasks` array of `hardhat.config.ts`. Each area (suite, roles,
 * property, transfers, diplomas, companies) is a group task whose subcommands load their code only when run.
 *
 * Adding a registry's commands: write `src/actions/<area>.ts` (the library functions), `src/cli/commands/<area>.ts`
 * (option parsing and printing) and a `<area>Tasks` list here, then add it to `egovTasks`.
 *
 * @module
 */
import type { TaskDefinition } from "hardhat/types/tasks";

import { type CommandOption, defineCommand, defineGroup, lazy } from "./define.js";

/** The options of every bulk command, after its file and journal (read by `bulkOptions` in `bulk.ts`). */
const BULK_OPTIONS: readonly CommandOption[] = [
  {
    name: "chunkSize",
    description: 'Rows per transaction, or "auto": as many as fit the chain\'s per-transaction gas cap',
    defaultValue: "auto",
  },
  { name: "inFlight", description: "Transactions sent and awaiting their receipts at most", defaultValue: "4" },
  { name: "checkOnly", kind: "flag", description: "Read and check every row, also against the chain; send nothing" },
  { name: "summary", description: "Also write the final summary as JSON to this file" },
];

const suite = () => import("./commands/suite.js");
const roles = () => import("./commands/roles.js");
const property = () => import("./commands/property.js");
const transfers = () => import("./commands/transfers.js");
const diplomas = () => import("./commands/diplomas.js");
const companies = () => import("./commands/companies.js");
const citizens = () => import("./commands/citizens.js");
const elections = () => import("./commands/elections.js");
const voter = () => import("./commands/voter.js");

const PARCEL: CommandOption = {
  name: "parcel",
  description: "The parcel: its cadastral reference, or its id as 0x and 64 hex digits (required)",
};
const BASIS: CommandOption = {
  name: "basis",
  description: "The decision behind the change: a file (hashed with keccak-256) or a 0x 32-byte hash (required)",
};
const OFFER: CommandOption = { name: "offer", description: "The offer id (its EIP-712 hash) (required)" };
const OPERATION: CommandOption = { name: "operation", description: "The scheduled operation's id (required)" };
const REGISTRY: CommandOption = {
  name: "registry",
  description: "The registry that keeps the record (default: PropertyRegistry)",
};
const RECORD: CommandOption = {
  name: "record",
  description: "The record: for PropertyRegistry a cadastral reference or a 0x parcel id (required)",
};

/** `suite deploy` and `suite upgrade`. */
export const suiteTasks: TaskDefinition[] = [
  defineGroup("suite", "Deploy and upgrade the suite"),
  defineCommand({
    id: ["suite", "deploy"],
    description: "Deploy (or resume, or confirm) the suite and write deployments/<network>.json",
    kind: "plain",
    options: [
      {
        name: "parameters",
        description: "The deployment's parameters file (default: deployments/config/<network>.json)",
      },
      {
        name: "reset",
        kind: "flag",
        description: "Forget this chain's Ignition journal first (a restarted local node)",
      },
    ],
    action: lazy(suite, "deploy"),
  }),
  defineCommand({
    id: ["suite", "upgrade"],
    description: "Check a new implementation's storage layout, deploy it and schedule the upgrade in the authority",
    kind: "write",
    options: [
      { name: "contract", description: "The contract to upgrade, for example PropertyRegistry (required)" },
      { name: "artifact", description: "The new implementation's contract name (default: the contract's own)" },
      { name: "call", description: "A function of the new implementation to call during the upgrade" },
      { name: "callArgs", description: "The arguments of --call as a JSON array" },
    ],
    action: lazy(suite, "upgrade"),
  }),
  defineCommand({
    id: ["suite", "pause"],
    description: "Stop every write of a contract in an emergency; reads go on (GUARDIAN)",
    kind: "write",
    options: [{ name: "contract", description: "The contract to pause, for example PropertyRegistry (required)" }],
    action: lazy(suite, "pause"),
  }),
  defineCommand({
    id: ["suite", "unpause"],
    description: "Reopen the writes of a paused contract (ADMIN)",
    kind: "write",
    options: [{ name: "contract", description: "The contract to unpause, for example PropertyRegistry (required)" }],
    action: lazy(suite, "unpause"),
  }),
];

/** `roles …`. */
export const rolesTasks: TaskDefinition[] = [
  defineGroup("roles", "Roles and scheduled operations in the GovernmentAuthority"),
  defineCommand({
    id: ["roles", "grant"],
    description: "Grant a role to an account",
    kind: "write",
    options: [
      { name: "role", description: "The role's name, for example LAND_REGISTRAR (required)" },
      { name: "account", description: "The account (required)" },
      {
        name: "executionDelay",
        description: "Delay between scheduling and executing the role's calls, like 3d (default: the role's)",
      },
    ],
    action: lazy(roles, "grant"),
  }),
  defineCommand({
    id: ["roles", "revoke"],
    description: "Revoke a role from an account",
    kind: "write",
    options: [
      { name: "role", description: "The role's name (required)" },
      { name: "account", description: "The account (required)" },
    ],
    action: lazy(roles, "revoke"),
  }),
  defineCommand({
    id: ["roles", "list"],
    description: "List roles and their holders, rebuilt from the authority's events",
    kind: "read",
    options: [{ name: "role", description: "Only this role" }],
    action: lazy(roles, "list"),
  }),
  defineCommand({
    id: ["roles", "show-function"],
    description: "Show the role a function requires, its delays and holders",
    kind: "read",
    options: [
      { name: "contract", description: "The contract's name or address (required)" },
      { name: "function", description: "The function's name or signature (required)" },
    ],
    action: lazy(roles, "showFunctionCommand"),
  }),
  defineCommand({
    id: ["roles", "schedule"],
    description: "Schedule a delayed call in the authority",
    kind: "write",
    options: [
      { name: "contract", description: "The contract to call, by name or address (required)" },
      { name: "function", description: "The function's name or signature" },
      { name: "args", description: "The function's arguments as a JSON array (default: [])" },
      { name: "data", description: "Raw calldata instead of --function and --args" },
      { name: "when", description: "Not before this time (ISO date, unix seconds or +duration)" },
    ],
    action: lazy(roles, "schedule"),
  }),
  defineCommand({
    id: ["roles", "execute"],
    description: "Execute a scheduled operation once its delay has passed",
    kind: "write",
    options: [OPERATION],
    action: lazy(roles, "execute"),
  }),
  defineCommand({
    id: ["roles", "cancel"],
    description: "Cancel a scheduled operation (its scheduler, a guardian or ADMIN)",
    kind: "write",
    options: [OPERATION],
    action: lazy(roles, "cancel"),
  }),
  defineCommand({
    id: ["roles", "operation"],
    description: "Show a scheduled operation and where it stands",
    kind: "read",
    options: [OPERATION],
    action: lazy(roles, "operation"),
  }),
];

/** `property …`. */
export const propertyTasks: TaskDefinition[] = [
  defineGroup("property", "Land titles and liens in the PropertyRegistry"),
  defineCommand({
    id: ["property", "register"],
    description: "Register a title",
    kind: "write",
    options: [
      { name: "cadastralRef", description: "The parcel's cadastral reference (required)" },
      { name: "owner", description: "The owner's account (required)" },
      {
        name: "document",
        description: "The deed or survey: a file (hashed with keccak-256) or a 0x 32-byte hash (required)",
      },
      { name: "metadataUri", description: "The parcel's metadata URI (default: the registry's base URI)" },
    ],
    action: lazy(property, "register"),
  }),
  defineCommand({
    id: ["property", "update-document"],
    description: "Replace a title's document and metadata URI",
    kind: "write",
    options: [
      PARCEL,
      { name: "document", description: "The new document: a file or a 0x 32-byte hash (required)" },
      { name: "metadataUri", description: "The new metadata URI (default: none)" },
    ],
    action: lazy(property, "updateDocument"),
  }),
  defineCommand({
    id: ["property", "freeze"],
    description: "Freeze an active title: no sale settles",
    kind: "write",
    options: [PARCEL, BASIS],
    action: lazy(property, "freeze"),
  }),
  defineCommand({
    id: ["property", "unfreeze"],
    description: "Unfreeze a frozen title",
    kind: "write",
    options: [PARCEL, BASIS],
    action: lazy(property, "unfreeze"),
  }),
  defineCommand({
    id: ["property", "retire"],
    description: "Retire a title for good",
    kind: "write",
    options: [PARCEL, BASIS],
    action: lazy(property, "retire"),
  }),
  defineCommand({
    id: ["property", "add-lien"],
    description: "Register a lien on a parcel",
    kind: "write",
    options: [
      PARCEL,
      { name: "holder", description: "The lien holder's account (required)" },
      { name: "document", description: "The lien document: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(property, "addLienCommand"),
  }),
  defineCommand({
    id: ["property", "release-lien"],
    description: "Release a lien",
    kind: "write",
    options: [{ name: "lien", description: "The lien id (required)" }, BASIS],
    action: lazy(property, "releaseLienCommand"),
  }),
  defineCommand({
    id: ["property", "consent"],
    description: "Consent, as a lien holder, to the sale of the parcel under one offer (replaces an earlier consent)",
    kind: "write",
    options: [{ name: "lien", description: "The lien id (required)" }, OFFER],
    action: lazy(property, "consentCommand"),
  }),
  defineCommand({
    id: ["property", "withdraw-consent"],
    description: "Withdraw a lien holder's consent: the offer it named can no longer settle",
    kind: "write",
    options: [{ name: "lien", description: "The lien id (required)" }],
    action: lazy(property, "withdrawConsentCommand"),
  }),
  defineCommand({
    id: ["property", "show"],
    description: "Show a title with its ownership history and liens",
    kind: "read",
    options: [PARCEL],
    action: lazy(property, "showTitle"),
  }),
  defineCommand({
    id: ["property", "register-bulk"],
    description: "Register titles from a CSV or JSON file, in batches, resumable after an interruption",
    kind: "write",
    options: [
      {
        name: "file",
        description:
          "CSV (with a header) or JSON array; columns cadastralReference, owner, document (file or 0x hash), metadataURI (required)",
      },
      { name: "journal", description: "The progress journal (default: <file>.journal)" },
      ...BULK_OPTIONS,
    ],
    action: lazy(property, "registerBulk"),
  }),
];

/** `transfers …`. */
export const transfersTasks: TaskDefinition[] = [
  defineGroup("transfers", "Sales with escrow, court orders and key recoveries in OwnershipTransfer"),
  defineCommand({
    id: ["transfers", "open"],
    description: "Open a sale offer as the record's owner",
    kind: "write",
    options: [
      REGISTRY,
      RECORD,
      { name: "buyer", description: "The only account that may accept (required)" },
      { name: "price", description: "The price in whole units, like 1.5 (required)" },
      { name: "token", description: "The ERC-20 payment token (default: the native coin)" },
      {
        name: "deadline",
        description: "Last moment to accept and settle: ISO date, unix seconds or +duration (required)",
      },
      { name: "deed", description: "The sale deed: a file or a 0x 32-byte hash (required)" },
      { name: "nonce", description: "A number making the offer unique (default: random)" },
    ],
    action: lazy(transfers, "open"),
  }),
  defineCommand({
    id: ["transfers", "accept"],
    description: "Accept an offer as the buyer and pay into escrow (approving the ERC-20 first when needed)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "accept"),
  }),
  defineCommand({
    id: ["transfers", "approve"],
    description: "Approve an accepted sale (the registry's approver)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "approve"),
  }),
  defineCommand({
    id: ["transfers", "reject"],
    description: "Reject a pending sale (the registry's approver)",
    kind: "write",
    options: [OFFER, { name: "reason", description: "The decision: a file or a 0x 32-byte hash (required)" }],
    action: lazy(transfers, "reject"),
  }),
  defineCommand({
    id: ["transfers", "settle"],
    description: "Settle a sale: the record moves to the buyer, the seller is credited",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "settle"),
  }),
  defineCommand({
    id: ["transfers", "approve-and-settle"],
    description: "Approve an accepted sale and settle it in one transaction (the registry's approver)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "approveAndSettle"),
  }),
  defineCommand({
    id: ["transfers", "cancel"],
    description: "Cancel an open offer, or a signed one nobody submitted yet (the seller)",
    kind: "write",
    options: [
      { name: "offer", description: "The offer id (its EIP-712 hash) (required unless --signed)" },
      { name: "signed", description: "Instead of --offer: the signed-offer file of an offer you signed" },
    ],
    action: lazy(transfers, "cancel"),
  }),
  defineCommand({
    id: ["transfers", "expire"],
    description: "Expire an offer that can no longer settle",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "expire"),
  }),
  defineCommand({
    id: ["transfers", "withdraw"],
    description: "Withdraw an offer's escrow (the seller after settlement, the buyer after rejection or expiry)",
    kind: "write",
    options: [OFFER, { name: "to", description: "Where the funds go (default: the acting account)" }],
    action: lazy(transfers, "withdrawCommand"),
  }),
  defineCommand({
    id: ["transfers", "sign-offer"],
    description:
      "Sign a sale offer offline as the record's owner (EIP-712), or print its typed data for a hardware wallet; sends nothing",
    kind: "read",
    options: [
      REGISTRY,
      RECORD,
      { name: "buyer", description: "The only account that may accept (required)" },
      { name: "price", description: "The price in whole units, like 1.5 (required)" },
      { name: "token", description: "The ERC-20 payment token (default: the native coin)" },
      {
        name: "deadline",
        description: "Last moment to open, accept and settle: ISO date, unix seconds or +duration (required)",
      },
      { name: "deed", description: "The sale deed: a file or a 0x 32-byte hash (required)" },
      {
        name: "nonce",
        description: "A number making the offer unique (default: random; give it again with --signature)",
      },
      {
        name: "keyFile",
        description: "Sign with the hex private key in this file (readable by its owner only: chmod 600)",
      },
      { name: "typedData", kind: "flag", description: "Print the EIP-712 typed data (eth_signTypedData_v4) instead" },
      {
        name: "signature",
        description:
          "A signature made elsewhere over the typed data (same terms and --nonce): check it and write the signed offer",
      },
      {
        name: "seller",
        description: "With --typed-data or --signature: the seller (default: the record's owner)",
      },
      { name: "out", description: "Write the signed offer to this new file (default: print it)" },
    ],
    action: lazy(transfers, "signOfferCommand"),
  }),
  defineCommand({
    id: ["transfers", "open-by-sig"],
    description: "Open an offer the seller signed (any account submits it and pays the gas)",
    kind: "write",
    options: [{ name: "signed", description: "The signed-offer file from `transfers sign-offer` (required)" }],
    action: lazy(transfers, "openBySig"),
  }),
  defineCommand({
    id: ["transfers", "accept-by-sig"],
    description: "Open a signed offer and accept it with the payment in one transaction (the buyer)",
    kind: "write",
    options: [{ name: "signed", description: "The signed-offer file from `transfers sign-offer` (required)" }],
    action: lazy(transfers, "acceptBySig"),
  }),
  defineCommand({
    id: ["transfers", "court-order"],
    description: "Move a record by court order or inheritance (COURT_OFFICER)",
    kind: "write",
    options: [REGISTRY, RECORD, { name: "to", description: "The new owner (required)" }, BASIS],
    action: lazy(transfers, "courtOrder"),
  }),
  defineCommand({
    id: ["transfers", "recover-keys"],
    description: "Schedule a key recovery in the authority (RECOVERY_OFFICER); execute it after the delay",
    kind: "write",
    options: [
      REGISTRY,
      { name: "records", description: "Comma-separated records owned by the lost account (required)" },
      { name: "lost", description: "The account whose key was lost (required)" },
      { name: "newAccount", description: "The owner's new account (required)" },
      BASIS,
    ],
    action: lazy(transfers, "recoverKeys"),
  }),
  defineCommand({
    id: ["transfers", "recover-escrow"],
    description:
      "Pay an offer's escrow owed to a lost account to the owner's new account (RECOVERY_OFFICER; scheduled when delayed)",
    kind: "write",
    options: [
      OFFER,
      {
        name: "lost",
        description: "The payee whose key was lost: the seller after settlement, the buyer after a refund (required)",
      },
      { name: "newAccount", description: "The owner's new account (required)" },
    ],
    action: lazy(transfers, "recoverEscrowCommand"),
  }),
  defineCommand({
    id: ["transfers", "show"],
    description: "Show an offer, its state and its events",
    kind: "read",
    options: [OFFER],
    action: lazy(transfers, "showOffer"),
  }),
];

const INSTITUTION: CommandOption = { name: "institution", description: "The institution's id (required)" };
const DOCUMENT_FILE: CommandOption = {
  name: "document",
  description: "The diploma document: a file (hashed with keccak-256) or a 0x 32-byte hash",
};
const DOCUMENT_HASH: CommandOption = {
  name: "documentHash",
  description: "The diploma's document hash (0x and 64 hex digits), instead of --document",
};
const PROOF_FILE: CommandOption = {
  name: "proofFile",
  description:
    "For a diploma issued in a batch: the holder's proof file (root, documentHash, holderCommitment, statusIndex, proof)",
};
const ACCREDITATION: CommandOption = {
  name: "accreditationDocument",
  description: "The accreditation document: a file or a 0x 32-byte hash (required)",
};
const DIPLOMA_ROWS: CommandOption = {
  name: "file",
  description:
    "CSV (with a header) or JSON array; columns documentHash or document (a file), holderCommitment, holderWallet, programme, awardedOn (required)",
};

/** The options of the corrected diploma of `reissue` and `reissue-from-batch`. */
const CORRECTED_DIPLOMA: readonly CommandOption[] = [
  { name: "document", description: "The corrected diploma's document: a file or a 0x 32-byte hash" },
  { name: "documentHash", description: "The corrected diploma's document hash, instead of --document" },
  {
    name: "holderCommitment",
    description: "The holder commitment of the corrected diploma (default with a proof file: the old one's)",
  },
  { name: "holderWallet", description: "The holder's account (default: none)" },
  { name: "programme", description: "The programme code: short text like 0613, or 0x 32 bytes (required)" },
  { name: "awardedOn", description: "The award date: ISO date or unix seconds, not in the future (required)" },
];

/** `diplomas …`. */
export const diplomasTasks: TaskDefinition[] = [
  defineGroup("diplomas", "Institutions, issuers and diplomas in the DiplomaRegistry"),
  defineCommand({
    id: ["diplomas", "register-institution"],
    description: "Register an institution, accredited from now on (ACCREDITOR)",
    kind: "write",
    options: [
      { name: "name", description: "The institution's official name (required)" },
      { name: "country", description: "ISO 3166-1 alpha-2 country code, like FR (required)" },
      ACCREDITATION,
    ],
    action: lazy(diplomas, "registerInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "suspend-institution"],
    description: "Suspend an institution's accreditation: its issuers cannot issue (ACCREDITOR)",
    kind: "write",
    options: [INSTITUTION, BASIS],
    action: lazy(diplomas, "suspendInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "reinstate-institution"],
    description: "Accredit a suspended institution again (ACCREDITOR)",
    kind: "write",
    options: [INSTITUTION, ACCREDITATION],
    action: lazy(diplomas, "reinstateInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "bind-issuer"],
    description: "Bind an issuer account to the institution it acts for (ACCREDITOR)",
    kind: "write",
    options: [{ name: "issuer", description: "The issuer account (required)" }, INSTITUTION],
    action: lazy(diplomas, "bindIssuerCommand"),
  }),
  defineCommand({
    id: ["diplomas", "unbind-issuer"],
    description: "Unbind an issuer account from its institution (ACCREDITOR)",
    kind: "write",
    options: [{ name: "issuer", description: "The issuer account (required)" }],
    action: lazy(diplomas, "unbindIssuerCommand"),
  }),
  defineCommand({
    id: ["diplomas", "issue"],
    description: "Issue one diploma for the acting issuer's institution (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      {
        name: "holderCommitment",
        description: "The salted commitment to the holder's identity, 0x 32 bytes (required)",
      },
      { name: "holderWallet", description: "The holder's account (default: none)" },
      { name: "programme", description: "The programme code: short text like 0613, or 0x 32 bytes (required)" },
      { name: "awardedOn", description: "The award date: ISO date or unix seconds, not in the future (required)" },
    ],
    action: lazy(diplomas, "issue"),
  }),
  defineCommand({
    id: ["diplomas", "issue-bulk"],
    description: "Issue many diplomas one by one from a CSV or JSON file, in batches, resumable (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DIPLOMA_ROWS,
      { name: "journal", description: "The progress journal (default: <file>.journal)" },
      ...BULK_OPTIONS,
    ],
    action: lazy(diplomas, "issueBulk"),
  }),
  defineCommand({
    id: ["diplomas", "issue-batch"],
    description: "Issue a class under one Merkle root and write each holder's proof file (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DIPLOMA_ROWS,
      { name: "out", description: "The folder for the proof files and tree.json (default: <file>-proofs)" },
    ],
    action: lazy(diplomas, "issueBatch"),
  }),
  defineCommand({
    id: ["diplomas", "revoke"],
    description: "Revoke a diploma, alone or in a batch (its institution's issuer, or an ACCREDITOR)",
    kind: "write",
    options: [
      {
        name: "institution",
        description: "The diploma's institution (required for an ACCREDITOR; an issuer revokes under its own)",
      },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      { name: "reason", description: "The revocation reason code, 1 to 65535 (required)" },
      PROOF_FILE,
    ],
    action: lazy(diplomas, "revoke"),
  }),
  defineCommand({
    id: ["diplomas", "revoke-many-in-batch"],
    description:
      "Revoke many diplomas of one batch in one transaction, with one reason (its institution's issuer, or an ACCREDITOR)",
    kind: "write",
    options: [
      {
        name: "file",
        description: "A JSON array of the diplomas' proofs, each as in a proof file, all of one batch (required)",
      },
      { name: "reason", description: "The revocation reason code, 1 to 65535 (required)" },
      {
        name: "institution",
        description: "The batch's institution (required for an ACCREDITOR; an issuer revokes under its own)",
      },
    ],
    action: lazy(diplomas, "revokeManyInBatch"),
  }),
  defineCommand({
    id: ["diplomas", "reissue"],
    description:
      "Revoke a diploma issued alone and issue its corrected version, linking the old to the new (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      { name: "oldDocument", description: "The diploma to replace: its document file or 0x 32-byte hash (required)" },
      { name: "oldDocumentHash", description: "The old diploma's document hash, instead of --old-document" },
      { name: "reason", description: "The revocation reason code of the old diploma, 1 to 65535 (required)" },
      ...CORRECTED_DIPLOMA,
    ],
    action: lazy(diplomas, "reissue"),
  }),
  defineCommand({
    id: ["diplomas", "reissue-from-batch"],
    description:
      "Revoke a diploma inside a batch and issue its corrected version alone, linking the old to the new (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      { name: "proofFile", description: "The old diploma's proof file from its batch (required)" },
      { name: "reason", description: "The revocation reason code of the old diploma, 1 to 65535 (required)" },
      ...CORRECTED_DIPLOMA,
    ],
    action: lazy(diplomas, "reissueFromBatch"),
  }),
  defineCommand({
    id: ["diplomas", "verify"],
    description: "Verify a diploma: status, institution, issuer, times, revocation, superseding record",
    kind: "read",
    options: [
      {
        name: "institution",
        description: "The institution the diploma claims to come from (required unless the proof file names it)",
      },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      PROOF_FILE,
    ],
    action: lazy(diplomas, "verify"),
  }),
  defineCommand({
    id: ["diplomas", "show-institution"],
    description: "Show an institution with its issuers and accreditation history",
    kind: "read",
    options: [INSTITUTION],
    action: lazy(diplomas, "showInstitution"),
  }),
];

const COMPANY: CommandOption = {
  name: "company",
  description: "The company: its company number, or its id as 0x and 64 hex digits (required)",
};

/** `companies …`. */
export const companiesTasks: TaskDefinition[] = [
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
];

const CITIZEN: CommandOption = {
  name: "citizen",
  description: "The citizen key: the civil registry's salted commitment, 0x 32 bytes (required)",
};
const CIVIL_BASIS: CommandOption = {
  name: "basis",
  description: "The civil-registry document behind the change: a file (hashed with keccak-256) or a 0x hash (required)",
};
const FLAGS: CommandOption = {
  name: "flags",
  description: "Eligibility flags: a list of adult, resident, national (like adult,resident), or a number 0-7",
};
const POLL: CommandOption = { name: "poll", description: "The poll id (required)" };

/** `citizens …`. */
export const citizensTasks: TaskDefinition[] = [
  defineGroup("citizens", "The citizen register (CitizenRegistry): records without personal data, census roots"),
  defineCommand({
    id: ["citizens", "register"],
    description: "Register a citizen, status Active (CIVIL_REGISTRAR)",
    kind: "write",
    options: [
      CITIZEN,
      { name: "jurisdiction", description: "Municipality code (required)" },
      FLAGS,
      {
        name: "commitment",
        description: "The citizen's Semaphore identity commitment (`voter new-identity` prints it) (required)",
      },
      CIVIL_BASIS,
    ],
    action: lazy(citizens, "register"),
  }),
  defineCommand({
    id: ["citizens", "change-status"],
    description: "Move a citizen to a new status, when the law allows it (CIVIL_REGISTRAR)",
    kind: "write",
    options: [
      CITIZEN,
      { name: "status", description: "Active, Suspended, MovedOut or Deceased (required)" },
      CIVIL_BASIS,
    ],
    action: lazy(citizens, "changeStatus"),
  }),
  defineCommand({
    id: ["citizens", "set-eligibility"],
    description: "Replace a citizen's eligibility flags (CIVIL_REGISTRAR)",
    kind: "write",
    options: [CITIZEN, { ...FLAGS, description: `${FLAGS.description} (required)` }, CIVIL_BASIS],
    action: lazy(citizens, "setEligibilityCommand"),
  }),
  defineCommand({
    id: ["citizens", "set-commitment"],
    description: "Propose a new voting commitment after a lost device, applied after a notice (CIVIL_REGISTRAR)",
    kind: "write",
    options: [CITIZEN, { name: "commitment", description: "The new identity commitment (required)" }, CIVIL_BASIS],
    action: lazy(citizens, "setCommitment"),
  }),
  defineCommand({
    id: ["citizens", "apply-commitment"],
    description: "Apply a citizen's proposed voting commitment once its notice has passed (anyone)",
    kind: "write",
    options: [CITIZEN],
    action: lazy(citizens, "applyCommitment"),
  }),
  defineCommand({
    id: ["citizens", "register-bulk"],
    description: "Register citizens from a CSV or JSON file, in batches, resumable after an interruption",
    kind: "write",
    options: [
      {
        name: "file",
        description:
          "CSV (with a header) or JSON array; columns citizenKey, jurisdiction, flags, commitment, basis (file or 0x hash) (required)",
      },
      { name: "journal", description: "The progress journal (default: <file>.journal)" },
      ...BULK_OPTIONS,
    ],
    action: lazy(citizens, "registerBulk"),
  }),
  defineCommand({
    id: ["citizens", "show"],
    description: "Show a citizen record",
    kind: "read",
    options: [CITIZEN],
    action: lazy(citizens, "showCitizen"),
  }),
  defineCommand({
    id: ["citizens", "census"],
    description: "Compute a jurisdiction's census root from the register's events, and check a stated one",
    kind: "read",
    options: [
      { name: "jurisdiction", description: "Municipality code (required)" },
      FLAGS,
      { name: "asOf", description: "The register sequence number (default: the latest)" },
      { name: "root", description: "A stated root to check; the command fails when it differs" },
    ],
    action: lazy(citizens, "census"),
  }),
];

/** `elections …`. */
export const electionsTasks: TaskDefinition[] = [
  defineGroup("elections", "Polls with anonymous one-citizen-one-vote ballots (Elections)"),
  defineCommand({
    id: ["elections", "create"],
    description: "Create a poll; its census is computed now from the register's events (ELECTION_OFFICER)",
    kind: "write",
    options: [
      { name: "metadata", description: "The question and options text: a file (hashed) or a 0x hash (required)" },
      { name: "rule", description: "SingleChoice, Approval or Budget (required)" },
      { name: "options", description: "Number of options, 2 to 32 (required)" },
      { name: "maxChoices", description: "Approval: most options per ballot" },
      { name: "budget", description: "Budget: the spending limit of a ballot" },
      { name: "costs", description: "Budget: each option's cost, comma-separated" },
      { name: "revoting", description: "yes (a later ballot replaces the earlier) or no", defaultValue: "yes" },
      { name: "opens", description: "Opening: ISO date-time or unix seconds, after the review period (required)" },
      { name: "closes", description: "Close: ISO date-time or unix seconds (required)" },
      { name: "jurisdiction", description: "The census's municipality code (required)" },
      { ...FLAGS, description: "Eligibility flags every voter has, like adult,resident" },
    ],
    action: lazy(elections, "create"),
  }),
  defineCommand({
    id: ["elections", "show"],
    description: "Show a poll: rule, window, census, ballots counted",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "showPoll"),
  }),
  defineCommand({
    id: ["elections", "cancel"],
    description: "Cancel a poll during its review period (GUARDIAN)",
    kind: "write",
    options: [POLL, { name: "reason", description: "The reason: a file or a 0x hash (required)" }],
    action: lazy(elections, "cancel"),
  }),
  defineCommand({
    id: ["elections", "close"],
    description: "Record the close of a poll whose window has ended (anyone)",
    kind: "write",
    options: [POLL],
    action: lazy(elections, "close"),
  }),
  defineCommand({
    id: ["elections", "tally"],
    description: "Show a poll's tally as the contract keeps it",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "tally"),
  }),
  defineCommand({
    id: ["elections", "verify"],
    description: "Recompute a poll's census and tally from the events and compare them with the contract's",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "verify"),
  }),
];

/** `voter …`. */
export const voterTasks: TaskDefinition[] = [
  defineGroup("voter", "A citizen's voting identity and ballots"),
  defineCommand({
    id: ["voter", "new-identity"],
    description: "Create a voting identity in a new local file (mode 600) and print its commitment",
    kind: "read",
    options: [{ name: "identity", description: "The file to create (required)" }],
    action: lazy(voter, "newIdentity"),
  }),
  defineCommand({
    id: ["voter", "commitment"],
    description: "Print the commitment of a voting identity file",
    kind: "read",
    options: [{ name: "identity", description: "The identity file (required)" }],
    action: lazy(voter, "commitment"),
  }),
  defineCommand({
    id: ["voter", "vote"],
    description: "Cast or re-cast a ballot, proof generated offline, sent by --from (yours or a relayer's account)",
    kind: "write",
    options: [
      { name: "identity", description: "The identity file (required)" },
      POLL,
      { name: "choose", description: "The chosen options, zero-based, comma-separated, like 0,2 (required)" },
    ],
    action: lazy(voter, "vote"),
  }),
];

/** Every admin command. */
export const egovTasks: TaskDefinition[] = [
  ...suiteTasks,
  ...rolesTasks,
  ...propertyTasks,
  ...transfersTasks,
  ...diplomasTasks,
  ...companiesTasks,
  ...citizensTasks,
  ...electionsTasks,
  ...voterTasks,
];
