/**
 * The log scan of a bulk job: the records a registry's logs say were written, read in bounded pieces, so that every
 * row is compared with the chain without a read per row.
 *
 * @module
 */
import type { Provider } from "ethers";

import { forEachLog, type RawLog } from "../../logs.js";
import { hexWords, KeyTable, wordsHex } from "./key-table.js";

/**
 * The records a registry's logs say were written, by key (one indexed topic, as 0x and 64 hex digits, lower case),
 * each with the hex digits `keep` takes of the first log that wrote it (`digits` long), in a {@link KeyTable}: read
 * once, in bounded pieces (see {@link forEachLog}), so that a bulk job compares every row with the chain without
 * reading each row, in two to four times 20 bytes and the value a record (about 150 to 300 bytes for a title's owner
 * and document; a register of millions of records fits in memory). A row whose key is not
 * here is absent; its batch is still simulated before it is sent, so a record the logs did not show stops the job
 * instead of being written twice.
 */
export async function writtenKeys({
  provider,
  address,
  fromBlock,
  topics,
  keyTopic,
  keep,
}: {
  provider: Provider;
  address: string;
  fromBlock: number;
  /** The event's topics filter (topic 0 and any fixed indexed argument). */
  topics: (string | null)[];
  /** Which topic holds the key. */
  keyTopic: number;
  /** What to keep of the first log of each key, as hex digits of a fixed length (nothing but the key by default). */
  keep?: { readonly digits: number; readonly value: (log: RawLog) => string };
}): Promise<{ get(key: string): string | undefined }> {
  const digits = keep?.digits ?? 0;
  const table = new KeyTable(Math.ceil(digits / 8));
  await forEachLog({ provider, address, fromBlock, topics }, (log) => {
    table.add(log.topics[keyTopic].toLowerCase(), keep === undefined ? [] : hexWords(keep.value(log)));
  });
  return {
    get: (key) => {
      const words = table.get(key.toLowerCase());
      return words === undefined ? undefined : wordsHex(words, digits);
    },
  };
}

export { readAgain } from "../../logs.js";
