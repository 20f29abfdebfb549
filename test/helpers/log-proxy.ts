/**
 * A JSON-RPC endpoint in front of a node that limits `eth_getLogs` as public endpoints do: it refuses a request over
 * `maxBlocks` blocks (QuickNode's words) and a response over `maxLogs` logs (Infura's), and passes everything else
 * through. It records every `eth_getLogs` it served or refused, so that a test sees how a reader paged.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

/** Any node: Hardhat's in-process network, or an HTTP one through a small adapter. */
export interface Node {
  request(request: { method: string; params?: unknown[] }): Promise<unknown>;
}

/** One `eth_getLogs` the proxy was asked. */
export interface LogRequest {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** The logs served, or why the request was refused. */
  readonly outcome: number | "too many blocks" | "too many logs";
}

export interface LogProxy {
  /** The proxy's JSON-RPC URL. */
  readonly url: string;
  /** Every `eth_getLogs` since the proxy started (or since `requests.length = 0`). */
  readonly requests: LogRequest[];
  close(): Promise<void>;
}

interface RpcRequest {
  readonly id: unknown;
  readonly method: string;
  readonly params?: unknown[];
}

async function body(message: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the proxy on a free local port. */
export async function startLogProxy({
  node,
  maxBlocks,
  maxLogs,
}: {
  node: Node;
  maxBlocks: number;
  maxLogs: number;
}): Promise<LogProxy> {
  const requests: LogRequest[] = [];
  const blockOf = async (tag: unknown): Promise<number> =>
    tag === undefined || tag === "latest" || tag === "pending" || tag === "safe" || tag === "finalized"
      ? Number(await node.request({ method: "eth_blockNumber" }))
      : tag === "earliest"
        ? 0
        : Number(tag);
  const answer = async ({ id, method, params }: RpcRequest): Promise<unknown> => {
    try {
      if (method === "eth_getLogs") {
        const filter = (params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string; blockHash?: string };
        if (filter.blockHash === undefined) {
          const [fromBlock, toBlock] = [await blockOf(filter.fromBlock ?? "earliest"), await blockOf(filter.toBlock)];
          if (toBlock - fromBlock + 1 > maxBlocks) {
            requests.push({ fromBlock, toBlock, outcome: "too many blocks" });
            return {
              jsonrpc: "2.0",
              id,
              error: { code: -32614, message: `eth_getLogs is limited to a ${maxBlocks.toLocaleString("en")} range` },
            };
          }
          const logs = (await node.request({ method, params })) as unknown[];
          if (logs.length > maxLogs) {
            requests.push({ fromBlock, toBlock, outcome: "too many logs" });
            return {
              jsonrpc: "2.0",
              id,
              error: { code: -32005, message: `query returned more than ${maxLogs} results` },
            };
          }
          requests.push({ fromBlock, toBlock, outcome: logs.length });
          return { jsonrpc: "2.0", id, result: logs };
        }
      }
      return { jsonrpc: "2.0", id, result: await node.request({ method, params: params ?? [] }) };
    } catch (error) {
      const { code, message, data } = error as { code?: unknown; message?: string; data?: unknown };
      return {
        jsonrpc: "2.0",
        id,
        error: { code: typeof code === "number" ? code : -32603, message: message ?? String(error), data },
      };
    }
  };
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const parsed = JSON.parse(await body(incoming)) as RpcRequest | RpcRequest[];
      const reply = Array.isArray(parsed) ? await Promise.all(parsed.map(answer)) : await answer(parsed);
      outgoing.writeHead(200, { "content-type": "application/json" });
      outgoing.end(
        JSON.stringify(reply, (_, value: unknown) => (typeof value === "bigint" ? `0x${value.toString(16)}` : value)),
      );
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
