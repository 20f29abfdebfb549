/**
 * The extract commands as Hardhat tasks, one in each registry's area: `property extract`, `companies extract` and
 * `diplomas extract`. Their code (the PDF and QR libraries) is imported only when they run.
 *
 * @module
 */
import type { TaskDefinition } from "hardhat/types/tasks";

import { type CommandOption, defineCommand, lazy } from "../define.js";

const extracts = () => import("./extracts.js");

/** The options every extract command has. */
const EXTRACT_OPTIONS: readonly CommandOption[] = [
  { name: "out", description: "The PDF file to write (required)" },
  { name: "block", description: "The block the extract is as of (default: the latest)" },
  { name: "lang", description: "The extract's language: en or de", defaultValue: "en" },
  {
    name: "portal",
    description:
      "The portal whose check page the QR code opens (default: http://127.0.0.1:5173/, the local demonstration)",
  },
  { name: "force", kind: "flag", description: "Overwrite --out if it exists" },
];

/** `property extract`. */
export const propertyExtractTask: TaskDefinition = defineCommand({
  id: ["property", "extract"],
  description: "Write a land-register extract as of a block: a PDF with the QR code that checks it",
  kind: "read",
  options: [{ name: "ref", description: "The parcel's cadastral reference (required)" }, ...EXTRACT_OPTIONS],
  action: lazy(extracts, "propertyExtract"),
});

/** `companies extract`. */
export const companiesExtractTask: TaskDefinition = defineCommand({
  id: ["companies", "extract"],
  description: "Write a company register extract as of a block: a PDF with the QR code that checks it",
  kind: "read",
  options: [{ name: "number", description: "The company number (required)" }, ...EXTRACT_OPTIONS],
  action: lazy(extracts, "companyExtract"),
});

/** `diplomas extract`. */
export const diplomasExtractTask: TaskDefinition = defineCommand({
  id: ["diplomas", "extract"],
  description: "Write a diploma certificate as of a block: a PDF with the QR code that checks it",
  kind: "read",
  options: [
    { name: "institution", description: "The issuing institution's number (required)" },
    { name: "document", description: "The diploma document: a file (hashed with keccak-256) or a 0x 32-byte hash" },
    { name: "documentHash", description: "The diploma's document hash, instead of --document" },
    ...EXTRACT_OPTIONS,
  ],
  action: lazy(extracts, "diplomaExtract"),
});
