/**
 * Sending a ballot to a municipality's relay from a voter's device (a browser, the voter's command, any program):
 * the relay checks it on chain and pays for its transaction, so the voter holds no key and no account that could be
 * linked to the ballot. Uses `fetch` and no Node built-in.
 *
 * @module
 */
import { EgovError } from "../errors.js";
import {
  encodeRelayBallot,
  parseRelayReceipt,
  type RelayBallot,
  type RelayErrorJson,
  type RelayReceipt,
} from "./relay-protocol.js";

/** A relay refused a ballot, answered something that is not a relay's answer, or could not be reached. */
export class RelayError extends EgovError {
  override name = "RelayError";
  /** The HTTP status of the relay's answer; 0 when no answer came. */
  readonly status: number;
  /**
   * The relay's short name for the refusal: `invalid-request`, `too-large`, `replay`, `rate-limited`, the contract's
   * custom error (`ElectionsInvalidProof`…); `unreachable` or `bad-answer` when the relay did not answer as one.
   */
  readonly code: string;
  /** The request's field at fault, for `invalid-request`. */
  readonly field: string | undefined;
  /** For `rate-limited`: the seconds after which the relay takes the ballot. */
  readonly retryAfter: number | undefined;

  constructor({
    relay,
    status,
    code,
    reason,
    field,
    retryAfter,
    cause,
  }: {
    relay: string;
    status: number;
    code: string;
    reason: string;
    field?: string;
    retryAfter?: number;
    cause?: unknown;
  }) {
    super(`the relay ${relay} ${status === 0 ? "did not answer" : "refused the ballot"}: ${reason}`, { cause });
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

/** Parameters of {@link sendBallotToRelay}. */
export type SendBallotToRelayParameters = RelayBallot & {
  /** The relay's base URL, like `https://relay.example.org` (the ballot goes to `<relay>/ballots`). */
  readonly relay: string;
  /** The `fetch` to use (the global one by default). */
  readonly fetch?: typeof globalThis.fetch;
  /** Aborts the request. */
  readonly signal?: AbortSignal;
};

/** What {@link sendBallotToRelay} returns: where the ballot was counted. */
export type SendBallotToRelayReturnType = RelayReceipt;

/** The `/ballots` endpoint of a relay's base URL; refuses anything but http and https. */
function ballotsUrl(relay: string): URL {
  let base: URL;
  try {
    base = new URL(relay);
  } catch (cause) {
    throw new RelayError({ relay, status: 0, code: "invalid-url", reason: "its address is not a URL", cause });
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new RelayError({ relay, status: 0, code: "invalid-url", reason: "its address must start with https://" });
  }
  return new URL(`${base.pathname.replace(/\/+$/, "")}/ballots`, base);
}

/**
 * Sends a ballot and its proof to a relay and returns the transaction that counted it. Throws a {@link RelayError}
 * with the relay's reason in plain words when it refuses (a malformed request, a replay, too many ballots at once,
 * or the contract's refusal, checked before anything was sent) or cannot be reached.
 *
 * @example
 * const receipt = await sendBallotToRelay({ relay: "https://relay.example.org", pollId, ballot, proof });
 * console.log(`counted in block ${receipt.blockNumber}`);
 */
export async function sendBallotToRelay(parameters: SendBallotToRelayParameters): Promise<SendBallotToRelayReturnType> {
  const { relay, signal } = parameters;
  const send = parameters.fetch ?? globalThis.fetch;
  const url = ballotsUrl(relay);
  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(encodeRelayBallot(parameters)),
      signal,
    });
  } catch (cause) {
    throw new RelayError({ relay, status: 0, code: "unreachable", reason: "no answer came", cause });
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    throw new RelayError({
      relay,
      status: response.status,
      code: "bad-answer",
      reason: `its answer (HTTP ${response.status}) is not JSON`,
      cause,
    });
  }
  if (!response.ok) {
    const refusal = (body ?? {}) as Partial<RelayErrorJson>;
    const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
    throw new RelayError({
      relay,
      status: response.status,
      code: typeof refusal.code === "string" ? refusal.code : "bad-answer",
      reason: typeof refusal.error === "string" ? refusal.error : `HTTP ${response.status}`,
      field: typeof refusal.field === "string" ? refusal.field : undefined,
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
    });
  }
  try {
    return parseRelayReceipt(body);
  } catch (cause) {
    throw new RelayError({
      relay,
      status: response.status,
      code: "bad-answer",
      reason: "its answer is not a receipt",
      cause,
    });
  }
}
