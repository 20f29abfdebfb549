/**
 * A secret poll's trustee keeps its secrets (its polynomial's coefficients and its transport secret) in a local file,
 * written once with mode 600 and never overwritten, refused when others can read it, like a voter's identity file.
 * The file names the poll (chain, Elections contract, poll id), the trustee's number and account, so that a command
 * can refuse another poll's or another trustee's file before sending anything. The secrets are never printed.
 *
 * Node only (`node:fs`).
 *
 * @module
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";

import { getAddress } from "ethers";

import { InvalidInputError } from "../errors.js";
import type { TrusteeSecret } from "./secret/ceremony.js";
import { isScalar, type PollLocation } from "./secret/group.js";

/** The trustee file's format marker. */
export const TRUSTEE_FILE_FORMAT = "egov-trustee-secret/1";

/** What a trustee file holds. */
export interface TrusteeFile {
  /** The poll the secrets are for. */
  readonly location: PollLocation;
  /** The trustee's account, as the poll names it. */
  readonly account: string;
  /** The trustee's number and secrets. */
  readonly secret: TrusteeSecret;
}

interface TrusteeFileJson {
  readonly format: string;
  readonly chainId: string;
  readonly contract: string;
  readonly pollId: string;
  readonly trustee: number;
  readonly account: string;
  readonly coefficients: readonly string[];
  readonly transportSecret: string;
}

/**
 * Writes a trustee's secrets to a new file with mode 600. Throws an {@link InvalidInputError} naming `field` when the
 * file exists: a trustee's secrets are never overwritten.
 */
export function writeTrusteeFile(path: string, file: TrusteeFile, field = "file"): void {
  if (existsSync(path)) {
    throw new InvalidInputError({ field, reason: `${path} exists; a trustee's secret file is never overwritten` });
  }
  const json: TrusteeFileJson = {
    format: TRUSTEE_FILE_FORMAT,
    chainId: file.location.chainId.toString(),
    contract: getAddress(file.location.contract),
    pollId: file.location.pollId.toString(),
    trustee: file.secret.index,
    account: getAddress(file.account),
    coefficients: file.secret.coefficients.map((c) => c.toString()),
    transportSecret: file.secret.transportSecret.toString(),
  };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: "wx" });
}

/** A decimal word of the file, or an error naming the file and the entry. */
function scalarOf(path: string, field: string, entry: string, value: unknown): bigint {
  const parsed = typeof value === "string" && /^[0-9]{1,78}$/.test(value) ? BigInt(value) : undefined;
  if (parsed === undefined || !isScalar(parsed) || parsed === 0n) {
    throw new InvalidInputError({ field, reason: `${path}: ${entry} is not a secret scalar` });
  }
  return parsed;
}

/**
 * Reads a trustee file. Throws an {@link InvalidInputError} naming `field` when it is missing, readable by others
 * (mode looser than 600), not JSON or not a trustee file.
 */
export function readTrusteeFile(path: string, field = "file"): TrusteeFile {
  if (!existsSync(path)) throw new InvalidInputError({ field, reason: `${path} does not exist` });
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new InvalidInputError({
      field,
      reason: `${path} has mode ${mode.toString(8)}: others may read it; run chmod 600 ${path}`,
    });
  }
  let json: TrusteeFileJson;
  try {
    json = JSON.parse(readFileSync(path, "utf8")) as TrusteeFileJson;
  } catch (cause) {
    throw new InvalidInputError({ field, reason: `${path} is not JSON`, cause });
  }
  if (json === null || typeof json !== "object" || json.format !== TRUSTEE_FILE_FORMAT) {
    throw new InvalidInputError({ field, reason: `${path} is not a trustee's secret file (${TRUSTEE_FILE_FORMAT})` });
  }
  if (
    !/^[0-9]{1,20}$/.test(String(json.chainId)) ||
    !/^[0-9]{1,78}$/.test(String(json.pollId)) ||
    !Number.isSafeInteger(json.trustee) ||
    json.trustee < 1 ||
    !Array.isArray(json.coefficients) ||
    json.coefficients.length === 0
  ) {
    throw new InvalidInputError({ field, reason: `${path}: its poll, trustee number or coefficients are malformed` });
  }
  let contract: string;
  let account: string;
  try {
    contract = getAddress(json.contract);
    account = getAddress(json.account);
  } catch (cause) {
    throw new InvalidInputError({ field, reason: `${path}: its contract or account is not an address`, cause });
  }
  return {
    location: { chainId: BigInt(json.chainId), contract, pollId: BigInt(json.pollId) },
    account,
    secret: {
      index: json.trustee,
      coefficients: json.coefficients.map((c, i) => scalarOf(path, field, `coefficient ${i}`, c)),
      transportSecret: scalarOf(path, field, "the transport secret", json.transportSecret),
    },
  };
}
