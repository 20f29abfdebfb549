/**
 * How nodes and RPC providers refuse an `eth_getLogs` request that spans too many blocks or would return too many
 * logs, and how to name a node in a message without its credentials.
 *
 * @module
 */

/**
 * The refusal texts of the common clients and providers, in the words they use (case ignored): geth and the
 * geth-based endpoints, Infura, Alchemy, QuickNode, Ankr, erigon, reth, besu, nethermind, anvil, BlockPI, dRPC, Blast,
 * public nodes. Each names a range or a result count that is too large, never a fault of the filter itself.
 */
const REFUSAL_TEXTS: readonly RegExp[] = [
  // Infura, geth-based endpoints: "query returned more than 10000 results. Try with this block range [0x.., 0x..]."
  /returned more than [\d,]+ (results|logs)/i,
  // reth, anvil, erigon: "query exceeds max block range 100000", "query exceeds max results 20000".
  /exceeds? (the )?max(imum)? (block range|range|results|logs)/i,
  // bor, BSC, public nodes: "exceed maximum block range: 5000".
  /exceed(s|ed)? (the )?max(imum)? block range/i,
  // Alchemy: "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range ...".
  /(log )?response size (is )?(exceeded|too (large|big))/i,
  /requests with up to a [\d,]+k? block range/i,
  // Ankr, Nethermind-based endpoints: "block range is too wide (maximum 1024)", "too wide blocks range".
  /(block|blocks) range (is )?too (wide|large|big)/i,
  /too (wide|large|big) (a )?(block|blocks) range/i,
  // Cloudflare, BlockPI, generic: "range too large", "range is too large".
  /range (is )?too (wide|large|big)/i,
  // QuickNode, Base, Blast (-32614): "eth_getLogs is limited to a 10,000 range", "... to 0 - 50 blocks range".
  /limited to (a |an )?[\d,]+(k)?( -)?( [\d,]+)? ?(block|blocks)? ?range/i,
  /limited to [\d,]+ blocks/i,
  // besu: "Exceeds max block range", "Requested range exceeds maximum range limit".
  /range (limit )?exceed/i,
  /exceeds? (the )?(maximum )?(block )?range limit/i,
  /block range (limit|is limited|exceeds|greater than|over|must not|should not|cannot)/i,
  // dRPC: "ranges over 10000 blocks are not supported on freetier".
  /ranges? over [\d,]+ blocks/i,
  // Infura (-32005), Chainstack: "limit exceeded", "Block range limit exceeded".
  /limit exceeded/i,
  // Nethermind, generic: "too many logs", "too many results", "result set too large".
  /too many (logs|results|blocks)/i,
  /result set (is )?too large/i,
  // erigon and archive endpoints that give up on a wide range: "query timeout exceeded".
  /query timeout exceeded/i,
];

/** JSON-RPC error codes that always mean "too much at once" for `eth_getLogs`. */
const REFUSAL_CODES: ReadonlySet<number> = new Set([-32005, -32614]);

/** The code and message a node answered with, wherever the provider keeps them (ethers, Hardhat, viem, plain). */
export function nodeAnswer(error: unknown): { readonly code: number | undefined; readonly message: string } {
  const seen = new Set<unknown>();
  const messages: string[] = [];
  let code: number | undefined;
  const visit = (value: unknown, depth: number): void => {
    if (value === null || typeof value !== "object" || seen.has(value) || depth > 4) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (typeof record.code === "number" && code === undefined) code = record.code;
    if (typeof record.message === "string" && record.message !== "") messages.push(record.message);
    for (const key of ["error", "info", "data", "cause"]) visit(record[key], depth + 1);
  };
  visit(error, 0);
  // The innermost message is the node's own; an outer one often wraps it with the request.
  const message = messages.at(-1) ?? String(error);
  return { code, message };
}

/** Whether a failed `eth_getLogs` is the node refusing a range too wide or a response too large. */
export function isRangeRefusal(error: unknown): boolean {
  const { code, message } = nodeAnswer(error);
  const text = `${message} ${error instanceof Error ? error.message : String(error)}`;
  if (code !== undefined && REFUSAL_CODES.has(code)) return true;
  // -32602 "invalid params" is a refusal when it speaks of the range or the results.
  if (code === -32602 && /range|blocks|results|logs/i.test(message)) return true;
  return REFUSAL_TEXTS.some((pattern) => pattern.test(text));
}

/**
 * The node a provider reads from, as a message may name it: the URL's scheme, host and port only, since an RPC
 * provider's URL often carries an API key in its path or query.
 */
export function nodeName(provider: unknown): string {
  const connection = (provider as { _getConnection?: () => { url?: unknown } } | null)?._getConnection;
  let url: unknown;
  try {
    url = typeof connection === "function" ? connection.call(provider).url : undefined;
  } catch {
    url = undefined;
  }
  if (typeof url !== "string") return "the node";
  try {
    const parsed = new URL(url);
    return `the node at ${parsed.protocol}//${parsed.host}`;
  } catch {
    return "the node";
  }
}
