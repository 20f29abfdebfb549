/**
 * What the reads share: paged lists, ids as people write them and ownership histories.
 *
 * @module
 */
import { CHANGE_KINDS, type ChangeKindName } from "../../vocabulary.js";

/** Lists are read in pages of this many entries until complete. */
const PAGE = 100;

/** Reads every entry of a paged list of `length` entries. */
export async function readAll<ItemT>(
  length: bigint | number,
  page: (offset: number, limit: number) => Promise<ItemT[]>,
) {
  const items: ItemT[] = [];
  for (let offset = 0; offset < Number(length); offset += PAGE) items.push(...(await page(offset, PAGE)));
  return items;
}

/** A 256-bit id as people write it: 0x and 64 hex digits. */
export function hexId(id: bigint): string {
  return `0x${id.toString(16).padStart(64, "0")}`;
}

/** One entry of an ownership history (a title's or a company's), oldest first. */
export interface OwnershipEntry {
  readonly owner: string;
  /** When this owner's ownership began, unix seconds. */
  readonly since: number;
  readonly kind: ChangeKindName;
  /** The document hash of the legal basis (deed, court order, recovery decision). */
  readonly basis: string;
}

export function ownershipEntry(record: { owner: string; since: bigint; kind: bigint; basis: string }): OwnershipEntry {
  return {
    owner: record.owner,
    since: Number(record.since),
    kind: CHANGE_KINDS[Number(record.kind)],
    basis: record.basis,
  };
}
