/**
 * The check link an extract's QR code carries: the portal's check page with the chain, the contract, the record,
 * the block and the digest of the facts, short enough for a QR code a phone reads from paper.
 *
 * `<portal>#/check?k=t&c=31337&a=0x…&r=UT-1&b=1200&d=0x…` (`k`: `t` title, `c` company, `d` diploma).
 *
 * @module
 */
import { InvalidInputError } from "../errors.js";
import { EXTRACT_KINDS, type ExtractKind } from "./facts.js";

/** What a QR code claims: enough to recompute the extract from the chain without trusting the paper. */
export interface ExtractClaim {
  readonly kind: ExtractKind;
  readonly chainId: number;
  /** The register's contract address, lowercase. */
  readonly contract: string;
  /** The record, as `recordText` writes it. */
  readonly record: string;
  readonly block: number;
  /** keccak-256 of the canonical text, lowercase hex. */
  readonly digest: string;
}

const KIND_LETTERS: Readonly<Record<ExtractKind, string>> = { title: "t", company: "c", diploma: "d" };

/** The longest link the check page takes: a QR code of this size still scans from paper. */
export const MAX_CHECK_LINK = 1000;

/** The check link of a claim, under the portal's address (`https://portal.example/`). */
export function checkLink(portalUrl: string, claim: ExtractClaim): string {
  const query = new URLSearchParams({
    k: KIND_LETTERS[claim.kind],
    c: String(claim.chainId),
    a: claim.contract.toLowerCase(),
    r: claim.record,
    b: String(claim.block),
    d: claim.digest.toLowerCase(),
  });
  return `${portalUrl.replace(/#.*$/, "")}#/check?${query.toString()}`;
}

/**
 * The claim in a check link, or in its query alone (`k=…&c=…`).
 *
 * @throws `InvalidInputError` naming the part of the link that is missing or malformed.
 */
export function parseCheckLink(link: string): ExtractClaim {
  if (link.length > MAX_CHECK_LINK) {
    throw new InvalidInputError({ field: "link", reason: `is over ${MAX_CHECK_LINK} characters` });
  }
  const query = link.includes("?") ? link.slice(link.lastIndexOf("?") + 1) : link;
  const params = new URLSearchParams(query);
  const get = (name: string, what: string) => {
    const value = params.get(name);
    if (value === null || value === "")
      throw new InvalidInputError({ field: `link ${name}`, reason: `is missing (${what})` });
    return value;
  };
  const letter = get("k", "the kind of record");
  const kind = EXTRACT_KINDS.find((candidate) => KIND_LETTERS[candidate] === letter);
  if (kind === undefined) throw new InvalidInputError({ field: "link k", reason: `"${letter}" is not t, c or d` });
  const chainId = Number(get("c", "the chain id"));
  if (!Number.isSafeInteger(chainId) || chainId < 1) {
    throw new InvalidInputError({ field: "link c", reason: "is not a chain id" });
  }
  const contract = get("a", "the contract").toLowerCase();
  if (!/^0x[0-9a-f]{40}$/.test(contract)) throw new InvalidInputError({ field: "link a", reason: "is not an address" });
  const block = Number(get("b", "the block"));
  if (!Number.isSafeInteger(block) || block < 0) {
    throw new InvalidInputError({ field: "link b", reason: "is not a block number" });
  }
  const digest = get("d", "the digest").toLowerCase();
  if (!/^0x[0-9a-f]{64}$/.test(digest))
    throw new InvalidInputError({ field: "link d", reason: "is not a 32-byte hash" });
  return { kind, chainId, contract, record: get("r", "the record"), block, digest };
}
