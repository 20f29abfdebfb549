/**
 * What a voter's device and a municipality's ballot relay say to each other: the JSON of `POST /ballots` (the poll,
 * the ballot (a public poll's bit set, or a secret poll's ciphertexts and proofs), the revision its proof binds, and
 * the Semaphore proof, every number as a decimal string) and the JSON of the answers. Read by the relay and written by `sendBallotToRelay`; it uses no Node built-in.
 *
 * @module
 */
import { InvalidInputError } from "../errors.js";
import type { BallotProof } from "./proof.js";
import { MAX_SECRET_OPTIONS } from "./secret/ballot.js";
import type { CiphertextWords } from "./secret/elgamal.js";
import type { RangeProofWords, SecretBallotWords } from "./secret/encoding.js";
import { MAX_RANGE_BRANCHES } from "./secret/proofs.js";

/** The largest value a `uint256` holds. */
const MAX_UINT256 = (1n << 256n) - 1n;

/**
 * A secret poll's ballot as `castSecretBallot` takes it (docs/secret-ballot.md §4, §5): one ciphertext per option,
 * the proofs, and for a re-vote the ciphertexts of the voter's counted ballot, which the contract takes out of the
 * encrypted tally.
 */
export interface RelaySecretBallot extends SecretBallotWords {
  /** A re-vote: the ciphertexts of the nullifier's counted ballot (its `SecretBallotCast` event); a first: none. */
  readonly replaced: readonly CiphertextWords[];
}

/** A ballot as a voter's device hands it to a relay: a public poll's `ballot`, or a secret poll's `secret`. */
export type RelayBallot = {
  readonly pollId: bigint;
  /**
   * The revision the proof's message binds (`ballotMessage(ballot, revision)`, or a secret ballot's digest): above
   * the voter's latest counted one in the poll, 1 for a first ballot. The relay refuses a request without it.
   */
  readonly revision?: bigint;
  readonly proof: BallotProof;
} & (
  | {
      /** The encoded ballot of a public poll (a bit set of the chosen options). */
      readonly ballot: bigint;
      readonly secret?: undefined;
    }
  | {
      readonly ballot?: undefined;
      /** The encrypted ballot of a secret poll. */
      readonly secret: RelaySecretBallot;
    }
);

/** A point as JSON: `{x, y}` decimal strings. */
export interface PointJson {
  readonly x: string;
  readonly y: string;
}

/** A ciphertext as JSON. */
export interface CiphertextJson {
  readonly a: PointJson;
  readonly b: PointJson;
}

/** A range proof as JSON: two commitments, a challenge share and a response per value of its range. */
export interface RangeProofJson {
  readonly commitments: readonly PointJson[];
  readonly challenges: readonly string[];
  readonly responses: readonly string[];
}

/** The JSON of {@link RelaySecretBallot}. */
export interface RelaySecretBallotJson {
  readonly ciphertexts: readonly CiphertextJson[];
  readonly optionProofs: readonly RangeProofJson[];
  readonly ruleProof: RangeProofJson;
  readonly replaced: readonly CiphertextJson[];
}

/** The JSON body of `POST /ballots`: {@link RelayBallot} with every number as a decimal string. */
export interface RelayBallotJson {
  readonly pollId: string;
  /** A public poll's ballot (absent for a secret poll's). */
  readonly ballot?: string;
  /** A secret poll's ballot (absent for a public poll's). */
  readonly secret?: RelaySecretBallotJson;
  readonly revision?: string;
  readonly proof: {
    readonly merkleTreeDepth: string;
    readonly merkleTreeRoot: string;
    readonly nullifier: string;
    readonly message: string;
    readonly scope: string;
    readonly points: readonly string[];
  };
}

/** The answer to a counted ballot. */
export interface RelayReceipt {
  /** The transaction that counted the ballot. */
  readonly transactionHash: string;
  readonly blockNumber: number;
  /**
   * The ballot this one replaced (a re-vote), or 0n for a first ballot. Always 0n for a secret poll's ballot, whose
   * content nobody reads: its revision above 1 says that it replaced one.
   */
  readonly previousBallot: bigint;
  readonly gasUsed: bigint;
}

/** The JSON of {@link RelayReceipt}: big numbers as decimal strings. */
export interface RelayReceiptJson {
  readonly transactionHash: string;
  readonly blockNumber: number;
  readonly previousBallot: string;
  readonly gasUsed: string;
}

/**
 * Why a relay refused a request, as the JSON body of every answer but a success: `error` in plain words; `code` a
 * short name (`invalid-request`, `too-large`, `replay`, `rate-limited`, the contract's custom error name…); `field`
 * the request's field at fault (for `invalid-request`).
 */
export interface RelayErrorJson {
  readonly error: string;
  readonly code: string;
  readonly field?: string;
}

/** The proof fields in the order the contract's struct has them. */
const PROOF_FIELDS = ["merkleTreeDepth", "merkleTreeRoot", "nullifier", "message", "scope"] as const;

const pointJson = (point: { x: bigint; y: bigint }): PointJson => ({ x: point.x.toString(), y: point.y.toString() });
const ciphertextJson = (c: CiphertextWords): CiphertextJson => ({ a: pointJson(c.a), b: pointJson(c.b) });
const rangeProofJson = (p: RangeProofWords): RangeProofJson => ({
  commitments: p.commitments.map(pointJson),
  challenges: p.challenges.map((word) => word.toString()),
  responses: p.responses.map((word) => word.toString()),
});

/** The JSON body of `POST /ballots` for a ballot. */
export function encodeRelayBallot(request: RelayBallot): RelayBallotJson {
  const { proof, secret } = request;
  return {
    pollId: request.pollId.toString(),
    ...(secret === undefined
      ? { ballot: request.ballot.toString() }
      : {
          secret: {
            ciphertexts: secret.ciphertexts.map(ciphertextJson),
            optionProofs: secret.optionProofs.map(rangeProofJson),
            ruleProof: rangeProofJson(secret.ruleProof),
            replaced: secret.replaced.map(ciphertextJson),
          },
        }),
    ...(request.revision === undefined ? {} : { revision: request.revision.toString() }),
    proof: {
      merkleTreeDepth: proof.merkleTreeDepth.toString(),
      merkleTreeRoot: proof.merkleTreeRoot.toString(),
      nullifier: proof.nullifier.toString(),
      message: proof.message.toString(),
      scope: proof.scope.toString(),
      points: proof.points.map((point) => point.toString()),
    },
  };
}

/** A `uint256` written as a decimal string (or `0x` hex, or a safe whole JSON number); else an error naming `field`. */
function uint256(field: string, value: unknown): bigint {
  let parsed: bigint;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidInputError({ field, reason: "must be a whole number from 0, best written as a string" });
    }
    parsed = BigInt(value);
  } else if (typeof value === "string") {
    if (!/^(0x[0-9a-fA-F]{1,64}|[0-9]{1,78})$/.test(value)) {
      throw new InvalidInputError({ field, reason: "must be a whole number written in decimal digits" });
    }
    parsed = BigInt(value);
  } else {
    throw new InvalidInputError({
      field,
      reason: value === undefined ? "is missing" : `must be a string of decimal digits, not ${jsonType(value)}`,
    });
  }
  if (parsed > MAX_UINT256) throw new InvalidInputError({ field, reason: "does not fit in 256 bits" });
  return parsed;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function object(field: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidInputError({
      field,
      reason: value === undefined ? "is missing" : `must be an object, not ${jsonType(value)}`,
    });
  }
  return value as Record<string, unknown>;
}

/** Refuses any key of `value` outside `known`, so that a misspelt field is named rather than ignored. */
function onlyKnown(prefix: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidInputError({ field: `${prefix}${key}`, reason: `is not a field of a ballot request` });
    }
  }
}

/** A JSON array of `min` to `max` items, or an error naming `field`. */
function list(field: string, value: unknown, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidInputError({
      field,
      reason: value === undefined ? "is missing" : `must be an array, not ${jsonType(value)}`,
    });
  }
  if (value.length < min || value.length > max) {
    throw new InvalidInputError({
      field,
      reason: `must hold ${min === max ? min : `${min} to ${max}`} items, not ${value.length}`,
    });
  }
  return value;
}

function pointWords(field: string, value: unknown): { x: bigint; y: bigint } {
  const point = object(field, value);
  onlyKnown(`${field}.`, point, ["x", "y"]);
  return { x: uint256(`${field}.x`, point.x), y: uint256(`${field}.y`, point.y) };
}

function ciphertextWords(field: string, value: unknown): CiphertextWords {
  const ciphertext = object(field, value);
  onlyKnown(`${field}.`, ciphertext, ["a", "b"]);
  return { a: pointWords(`${field}.a`, ciphertext.a), b: pointWords(`${field}.b`, ciphertext.b) };
}

function rangeProofWords(field: string, value: unknown): RangeProofWords {
  const proof = object(field, value);
  onlyKnown(`${field}.`, proof, ["commitments", "challenges", "responses"]);
  const words = (name: string) =>
    list(`${field}.${name}`, proof[name], 1, MAX_RANGE_BRANCHES).map((word, i) =>
      uint256(`${field}.${name}[${i}]`, word),
    );
  const commitments = list(`${field}.commitments`, proof.commitments, 2, 2 * MAX_RANGE_BRANCHES).map((point, i) =>
    pointWords(`${field}.commitments[${i}]`, point),
  );
  return { commitments, challenges: words("challenges"), responses: words("responses") };
}

/** A secret ballot's JSON, its lists bounded by the largest poll (32 options). */
function secretBallot(value: unknown): RelaySecretBallot {
  const secret = object("secret", value);
  onlyKnown("secret.", secret, ["ciphertexts", "optionProofs", "ruleProof", "replaced"]);
  const ciphertexts = (name: string, min: number) =>
    list(`secret.${name}`, secret[name], min, MAX_SECRET_OPTIONS).map((c, i) =>
      ciphertextWords(`secret.${name}[${i}]`, c),
    );
  return {
    ciphertexts: ciphertexts("ciphertexts", 2),
    optionProofs: list("secret.optionProofs", secret.optionProofs, 2, MAX_SECRET_OPTIONS).map((p, i) =>
      rangeProofWords(`secret.optionProofs[${i}]`, p),
    ),
    ruleProof: rangeProofWords("secret.ruleProof", secret.ruleProof),
    replaced: ciphertexts("replaced", 0),
  };
}

/**
 * Reads the JSON body of `POST /ballots` (already parsed). Throws an {@link InvalidInputError} whose `field` is the
 * path of the first field at fault (`pollId`, `proof.points[3]`, `secret.ciphertexts[2].a.x`…), with the reason.
 */
export function parseRelayBallot(body: unknown): RelayBallot {
  const root = object("body", body);
  onlyKnown("", root, ["pollId", "ballot", "secret", "revision", "proof"]);
  const pollId = uint256("pollId", root.pollId);
  if (root.ballot !== undefined && root.secret !== undefined) {
    throw new InvalidInputError({
      field: "secret",
      reason: "a request carries a public poll's ballot or a secret poll's, not both",
    });
  }
  const choice =
    root.secret === undefined ? { ballot: uint256("ballot", root.ballot) } : { secret: secretBallot(root.secret) };
  const revision = root.revision === undefined ? undefined : uint256("revision", root.revision);
  const proofJson = object("proof", root.proof);
  onlyKnown("proof.", proofJson, [...PROOF_FIELDS, "points"]);
  const [merkleTreeDepth, merkleTreeRoot, nullifier, message, scope] = PROOF_FIELDS.map((name) =>
    uint256(`proof.${name}`, proofJson[name]),
  ) as [bigint, bigint, bigint, bigint, bigint];
  const points = proofJson.points;
  if (!Array.isArray(points) || points.length !== 8) {
    throw new InvalidInputError({
      field: "proof.points",
      reason: Array.isArray(points)
        ? `must hold the 8 numbers of the Groth16 proof, not ${points.length}`
        : points === undefined
          ? "is missing"
          : `must be an array of 8 numbers, not ${jsonType(points)}`,
    });
  }
  const parsedPoints = points.map((point, i) => uint256(`proof.points[${i}]`, point));
  return {
    pollId,
    ...choice,
    ...(revision === undefined ? {} : { revision }),
    proof: {
      merkleTreeDepth,
      merkleTreeRoot,
      nullifier,
      message,
      scope,
      points: parsedPoints as unknown as BallotProof["points"],
    },
  };
}

/** The JSON of a receipt. */
export function encodeRelayReceipt(receipt: RelayReceipt): RelayReceiptJson {
  return {
    transactionHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    previousBallot: receipt.previousBallot.toString(),
    gasUsed: receipt.gasUsed.toString(),
  };
}

/** Reads a relay's answer to a counted ballot; throws an {@link InvalidInputError} when it is not one. */
export function parseRelayReceipt(body: unknown): RelayReceipt {
  const root = object("receipt", body);
  const hash = root.transactionHash;
  if (typeof hash !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
    throw new InvalidInputError({ field: "receipt.transactionHash", reason: "is not a transaction hash" });
  }
  const blockNumber = root.blockNumber;
  if (typeof blockNumber !== "number" || !Number.isSafeInteger(blockNumber) || blockNumber < 0) {
    throw new InvalidInputError({ field: "receipt.blockNumber", reason: "is not a block number" });
  }
  return {
    transactionHash: hash,
    blockNumber,
    previousBallot: uint256("receipt.previousBallot", root.previousBallot),
    gasUsed: uint256("receipt.gasUsed", root.gasUsed),
  };
}
