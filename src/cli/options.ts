/**
 * Command options that several areas' commands share.
 *
 * @module
 */
import type { CommandOption } from "./define.js";

/** The options of every bulk command, after its file and journal (read by `bulkOptions` in `bulk.ts`). */
export const BULK_OPTIONS: readonly CommandOption[] = [
  {
    name: "chunkSize",
    description: 'Rows per transaction, or "auto": as many as fit the chain\'s per-transaction gas cap',
    defaultValue: "auto",
  },
  { name: "inFlight", description: "Transactions sent and awaiting their receipts at most", defaultValue: "4" },
  { name: "checkOnly", kind: "flag", description: "Read and check every row, also against the chain; send nothing" },
  { name: "summary", description: "Also write the final summary as JSON to this file" },
];

export const BASIS: CommandOption = {
  name: "basis",
  description: "The decision behind the change: a file (hashed with keccak-256) or a 0x 32-byte hash (required)",
};

export const OFFER: CommandOption = { name: "offer", description: "The offer id (its EIP-712 hash) (required)" };

export const POLL: CommandOption = { name: "poll", description: "The poll id (required)" };

export const FLAGS: CommandOption = {
  name: "flags",
  description: "Eligibility flags: a list of adult, resident, national (like adult,resident), or a number 0-7",
};
