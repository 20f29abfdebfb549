/**
 * The log scan of a bulk job: the records a registry's logs say were written, read in bounded pieces, so that every
 * row is compared with the chain without a read per row.
 *
 * @module
 */
import { type Provider, toQuantity } from "ethers";

import { hexWords, KeyTable, wordsHex } from "./key-table.js";

/** Blocks per `eth_getLogs` request at most, which public RPC endpoints accept. */
export const LOG_RANGE = 10_000;
/** Blocks of the first `eth_getLogs` request of a read (see {@link forEachLog}). */
export const FIRST_LOG_RANGE = 100;
/** Logs one `eth_getLogs` response should hold about, so that a long read stays within bounded memory. */
export const LOGS_PER_REQUEST = 10_000;
/** How nodes and public endpoints refuse a range that holds too many logs. */
const TOO_MANY_LOGS =
  /more than \d+ results|too many|limit exceeded|query returned more|response size|range is too large|block range/i;

/** A log as the node returns it: its topics and data, all that a bulk check decodes. */
export interface RawLog {
  readonly topics: readonly string[];
  readonly data: string;
}

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

/**
 * Every log of a contract that matches `topics` (a topic may list several event ids), oldest first, up to the latest
 * block. The logs are taken as the node sends them (topics and data only, no log objects). Block ranges adapt to the
 * chain: they start at {@link FIRST_LOG_RANGE} blocks, double while a response holds under half of
 * {@link LOGS_PER_REQUEST} logs (up to {@link LOG_RANGE}), and shrink to hold about that many when a response holds
 * more, so that a register of millions of records is read in bounded pieces (a response of 100,000 logs is some
 * 70 MB of JSON). A range the node refuses as too large (public endpoints cap the logs of one response) is split in
 * two and asked again.
 */
export async function forEachLog(
  {
    provider,
    address,
    fromBlock,
    topics,
  }: { provider: Provider; address: string; fromBlock: number; topics: (string | string[] | null)[] },
  onLog: (log: RawLog) => void,
): Promise<void> {
  // Raw requests where the provider takes them (JSON-RPC providers, Hardhat's); log objects otherwise.
  const raw =
    "send" in provider && typeof provider.send === "function"
      ? (provider.send as (method: string, params: unknown[]) => Promise<unknown>).bind(provider)
      : undefined;
  const last =
    raw === undefined
      ? await readAgain(() => provider.getBlockNumber())
      : Number(await readAgain(() => raw("eth_blockNumber", [])));
  let range = FIRST_LOG_RANGE;
  for (let start = fromBlock; start <= last;) {
    const end = Math.min(start + range - 1, last);
    let logs: readonly { topics: readonly string[]; data: string; removed?: boolean }[];
    try {
      logs =
        raw === undefined
          ? await readAgain(() => provider.getLogs({ address, fromBlock: start, toBlock: end, topics }))
          : ((await readAgain(() =>
              raw("eth_getLogs", [{ address, fromBlock: toQuantity(start), toBlock: toQuantity(end), topics }]),
            )) as { topics: string[]; data: string; removed?: boolean }[]);
    } catch (error) {
      if (end === start || !TOO_MANY_LOGS.test(String(error))) throw error;
      range = Math.max(1, Math.floor((end - start + 1) / 2));
      continue;
    }
    for (const log of logs) {
      if (log.removed !== true) onLog({ topics: log.topics, data: log.data });
    }
    const asked = end - start + 1;
    start = end + 1;
    if (logs.length > LOGS_PER_REQUEST) {
      range = Math.max(1, Math.floor((asked * LOGS_PER_REQUEST) / logs.length));
    } else if (logs.length < LOGS_PER_REQUEST / 2 && asked === range) {
      range = Math.min(range * 2, LOG_RANGE);
    }
  }
}

/**
 * A read asked again, up to twice, when the connection to the node fails (a connection the node closed while the
 * command was busy reading a long file): reads change nothing, so asking again is safe.
 */
export async function readAgain<ResultT>(read: () => Promise<ResultT>): Promise<ResultT> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      const transport = /Failed to make POST request|ECONNRESET|socket hang up|other side closed/.test(String(error));
      if (!transport || attempt >= 3) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
