/**
 * The `property` commands as Hardhat tasks: land titles and liens in the PropertyRegistry. Each command's code is
 * imported only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { BASIS, BULK_OPTIONS, EXTRACT_OPTIONS, OFFER } from "../options.js";

const property = () => import("./property.js");
/** The extract commands of every area, with the PDF and QR libraries, load only when an extract is written. */
const extracts = () => import("./extracts.js");

const PARCEL: CommandOption = {
  name: "parcel",
  description: "The parcel: its cadastral reference, or its id as 0x and 64 hex digits (required)",
};

/** `property …`. */
export const propertyTasks: CommandDefinition[] = [
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
  defineCommand({
    id: ["property", "extract"],
    description: "Write a land-register extract as of a block: a PDF with the QR code that checks it",
    kind: "read",
    options: [{ name: "ref", description: "The parcel's cadastral reference (required)" }, ...EXTRACT_OPTIONS],
    action: lazy(extracts, "propertyExtract"),
  }),
];
