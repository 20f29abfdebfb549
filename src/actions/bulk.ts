/**
 * Bulk writes through a governed contract's `multicall(bytes[])`, resumable after a crash: a progress journal next
 * to the input file records every batch before it is sent and once it is mined, and before each batch the chain is
 * asked which rows already exist, so that a rerun writes neither duplicates nor gaps. The pipeline
 * (`bulk/pipeline.ts`), its journal (`bulk/journal.ts`), its log scan (`bulk/log-scan.ts`) and its key tables
 * (`bulk/key-table.ts`) live beside this module.
 *
 * Used by the registries' bulk imports, which plug in their own row checks and calls.
 *
 * @module
 */
export {
  type BulkConflict,
  type BulkImportParameters,
  type BulkProgress,
  type BulkRow,
  type BulkSummary,
  type RowOnChain,
  type RowPosition,
  type RowSource,
  type RunBulkParameters,
  type RunBulkReturnType,
} from "./bulk/types.js";
export { hexWords, KeyTable, requireFirstOfKey, RowKeys, wordsHex } from "./bulk/key-table.js";
export { fileDigest } from "./bulk/journal.js";
export { writtenKeys } from "./bulk/log-scan.js";
export {
  BATCH_GAS_SHARE,
  BulkConflictError,
  DEFAULT_CHECK_WINDOW,
  DEFAULT_IN_FLIGHT,
  runBulk,
  TRANSACTION_GAS_CAP,
} from "./bulk/pipeline.js";
