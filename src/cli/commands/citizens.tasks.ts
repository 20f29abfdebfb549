/**
 * The `citizens` commands as Hardhat tasks: the citizen register (CitizenRegistry). Each command's code is imported
 * only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { BULK_OPTIONS, FLAGS } from "../options.js";

const citizens = () => import("./citizens.js");

const CITIZEN: CommandOption = {
  name: "citizen",
  description: "The citizen key: the civil registry's salted commitment, 0x 32 bytes (required)",
};
const CIVIL_BASIS: CommandOption = {
  name: "basis",
  description: "The civil-registry document behind the change: a file (hashed with keccak-256) or a 0x hash (required)",
};

/** `citizens …`. */
export const citizensTasks: CommandDefinition[] = [
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
  defineCommand({
    id: ["citizens", "census-follow"],
    description:
      "Keep every jurisdiction's census current from the register's events, in a file; resumes after a restart and repairs reorganisations",
    kind: "read",
    options: [
      { name: "file", description: "The keeper's file, created on the first run (required)" },
      { ...FLAGS, description: `${FLAGS.description}: the census kept for each jurisdiction (default: none)` },
      { name: "interval", description: "Seconds between reads of the chain", defaultValue: "4" },
      { name: "once", description: "Read the chain once, print every census kept and stop", kind: "flag" },
    ],
    action: lazy(citizens, "censusFollow"),
  }),
];

/** `elections …`. */
