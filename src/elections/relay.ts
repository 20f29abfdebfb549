/**
 * The ballot relay a municipality runs: a small HTTP service with the municipality's own key that pays for its
 * citizens' ballots, so that no voter holds a key or an account that could be linked to a ballot.
 *
 * `POST /ballots` takes `{pollId, ballot, revision, proof}`, or `{pollId, secret, revision, proof}` for a secret
 * poll's encrypted ballot (see `relay-protocol.ts`); the relay reads it strictly (400 naming the field), limits the
 * rate per client and per nullifier (429 with `Retry-After`), refuses a ballot it is sending or has sent (409), asks
 * the contract whether it would count (`checkBallot`, or a simulation of `castSecretBallot` from the relayer's
 * account: 422 with the contract's refusal in plain words; nothing is sent), then sends it through the suite's send path and answers with the
 * transaction. `GET /health` and `GET /polls/:id` serve monitoring and the voter's page; every answer carries CORS
 * headers. The relay logs counts and failures only: never a client's address, never a nullifier or a ballot.
 *
 * Node only (`node:http`); imported from `egov-registries/elections/node`.
 *
 * @module
 */
import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

import type { Signer } from "ethers";

import { execute, type TransactionEvent } from "../actions/execute.js";
import type { ReceiptPolicy } from "../actions/receipts.js";
import type { Elections } from "../contracts.js";
import type { Suite } from "../deployment.js";
import {
  ContractRevertError,
  EgovError,
  InvalidInputError,
  InvalidStateError,
  RecordNotFoundError,
} from "../errors.js";
import { decodeElectionsError, readPoll } from "./polls.js";
import { BALLOT_REFUSALS, type BallotCall, ballotCall } from "./relay-calls.js";
import { SubmissionMemory, TokenBuckets } from "./relay-limits.js";

export { BALLOT_REFUSALS, ballotCallArguments, secretBallotCallArguments } from "./relay-calls.js";
import {
  encodeRelayReceipt,
  parseRelayBallot,
  type RelayBallot,
  type RelayErrorJson,
  type RelayReceipt,
} from "./relay-protocol.js";

/** Parameters of {@link startRelay}. */
export interface StartRelayParameters {
  /** The deployed suite, for reads (its runner may be a provider). */
  readonly suite: Suite;
  /** The relayer's account, which pays for every ballot. */
  readonly signer: Signer;
  /** The port to listen on; 0 picks a free one (default 8080). */
  readonly port?: number;
  /** The interface to listen on (default 127.0.0.1: put a TLS proxy in front of it). */
  readonly host?: string;
  /** Ballot requests one client address may make per minute (default 10). */
  readonly maxPerMinute?: number;
  /**
   * Ballots per minute for one nullifier (one voter in one poll, whatever their address; default 3), counted only for
   * ballots the contract would count: a refused request under a voter's (public) nullifier uses up none of it.
   */
  readonly maxPerNullifierPerMinute?: number;
  /** Origins whose pages may call the relay (CORS): a list, or "*" for any (default). */
  readonly allowOrigins?: readonly string[] | "*";
  /**
   * The largest request body taken, in bytes (default 65,536: a public ballot request is about 1,500, a secret one
   * about 5,000 at 5 options and 36,000 at 32).
   */
  readonly bodyLimit?: number;
  /** Take the client's address from the last `X-Forwarded-For` entry (behind a trusted proxy only). */
  readonly trustProxy?: boolean;
  /** Most clients, nullifiers and sent ballots remembered each (default 10,000). */
  readonly maxTracked?: number;
  /** Most connections at once (default 256). */
  readonly maxConnections?: number;
  /**
   * How the relay waits for its transactions (the suite's send path, `send.ts`). A stuck ballot transaction is
   * replaced (same nonce, higher fee) up to 3 times unless `replace` says otherwise: nobody reruns a relay's
   * request. The relay never takes over a transaction left pending by an earlier run.
   */
  readonly receipts?: ReceiptPolicy;
  /** Where the relay's log lines go (default: standard error). */
  readonly log?: (line: string) => void;
  /** How often the counts are logged, in milliseconds, when they changed (default 60,000; 0: only at the close). */
  readonly logIntervalMs?: number;
  /** The clock of the rate limits, in milliseconds (tests set it). */
  readonly now?: () => number;
}

/** What the relay counted since it started. */
export interface RelayStats {
  readonly requests: number;
  readonly relayed: number;
  readonly malformed: number;
  readonly rateLimited: number;
  readonly replays: number;
  /** Ballots the contract would refuse, by custom error name. */
  readonly refused: Readonly<Record<string, number>>;
  /** Ballots whose transaction failed after the checks. */
  readonly failed: number;
}

/** A running relay. */
export interface Relay {
  /** The base URL, like `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** The relayer's address. */
  readonly relayer: string;
  stats(): RelayStats;
  /** Stops taking requests, lets the ones under way finish (at most `graceMs`, default 30 s) and closes. */
  close(graceMs?: number): Promise<void>;
}

/** What a submission is, for the replay check: the poll, the voter (nullifier) and the ballot's revision. */
function submissionKey(request: RelayBallot): string {
  return `${request.pollId}:${request.proof.nullifier}:${request.revision}`;
}

/** The contract's revert behind a decoded error, if it is one. */
function revertOf(explained: EgovError): ContractRevertError | undefined {
  if (explained instanceof ContractRevertError) return explained;
  return explained.cause instanceof ContractRevertError ? explained.cause : undefined;
}

/** An answer the handler gives: status, JSON body and extra headers. */
class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

function refusal(status: number, code: string, error: string, extra: Partial<RelayErrorJson> = {}): Answer {
  return new Answer(status, { error, code, ...extra } satisfies RelayErrorJson);
}

/** Replaces every long number or hex string of a message (a nullifier, a hash, an address) for the log. */
function scrub(text: string): string {
  return text.replace(/0x[0-9a-fA-F]{8,}/g, "0x…").replace(/\d{10,}/g, "…");
}

/**
 * Starts a relay and resolves once it listens. The relayer's account must hold gas; the relay checks nothing about
 * a ballot that the contract does not (the contract is the judge), and it sends nothing the contract would refuse.
 *
 * @example
 * const relay = await startRelay({ suite, signer: relayerWallet, port: 8080 });
 * console.log(`Relay: ${relay.url}`);
 */
export async function startRelay(parameters: StartRelayParameters): Promise<Relay> {
  const { suite, signer } = parameters;
  const elections = suite.elections;
  if (elections === undefined) {
    throw new EgovError("the deployment has no Elections contract: there is nothing to relay to");
  }
  const log = parameters.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const maxTracked = parameters.maxTracked ?? 10_000;
  const bodyLimit = parameters.bodyLimit ?? 65_536;
  const allowOrigins = parameters.allowOrigins ?? "*";
  const clients = new TokenBuckets({
    perMinute: parameters.maxPerMinute ?? 10,
    maxKeys: maxTracked,
    now: parameters.now,
  });
  const voters = new TokenBuckets({
    perMinute: parameters.maxPerNullifierPerMinute ?? 3,
    maxKeys: maxTracked,
    now: parameters.now,
  });
  const submissions = new SubmissionMemory({ maxKeys: maxTracked });
  // Client addresses are kept only as keyed hashes under a key that dies with the process.
  const addressKey = randomBytes(32);
  const relayer = await signer.getAddress();
  const receipts: ReceiptPolicy = {
    ...parameters.receipts,
    replace: { attempts: 3, ...parameters.receipts?.replace, pendingFromEarlierRuns: false },
  };
  const counts = {
    requests: 0,
    relayed: 0,
    malformed: 0,
    rateLimited: 0,
    replays: 0,
    refused: {} as Record<string, number>,
    failed: 0,
  };
  const stats = (): RelayStats => ({ ...counts, refused: { ...counts.refused } });
  let logged = "";
  const logCounts = (force: boolean) => {
    const refused = Object.entries(counts.refused)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
    const line =
      `relay: ${counts.requests} request(s); ${counts.relayed} ballot(s) relayed; refused: ` +
      `${counts.malformed} malformed, ${counts.rateLimited} over the rate, ${counts.replays} replayed, ` +
      `by the contract ${refused === "" ? "none" : refused}; ${counts.failed} failed`;
    if (force || line !== logged) log(line);
    logged = line;
  };
  const timer =
    (parameters.logIntervalMs ?? 60_000) > 0
      ? setInterval(() => logCounts(false), parameters.logIntervalMs ?? 60_000)
      : undefined;
  timer?.unref();

  // One transaction at a time is handed to the node, so that each takes the next nonce; receipts are awaited
  // side by side.
  let handing: Promise<void> = Promise.resolve();

  function clientOf(request: IncomingMessage): string {
    let address = request.socket.remoteAddress ?? "unknown";
    if (parameters.trustProxy === true) {
      const forwarded = request.headers["x-forwarded-for"];
      const last = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).split(",").pop()?.trim();
      if (last !== undefined && last !== "") address = last;
    }
    return createHmac("sha256", addressKey).update(address).digest("base64");
  }

  function corsHeaders(request: IncomingMessage): Record<string, string> {
    const origin = request.headers.origin;
    const allowed =
      allowOrigins === "*" ? "*" : origin !== undefined && allowOrigins.includes(origin) ? origin : undefined;
    return {
      ...(allowed === undefined ? {} : { "access-control-allow-origin": allowed }),
      ...(allowOrigins === "*" ? {} : { vary: "Origin" }),
      "access-control-allow-methods": "GET, POST, OPTIONS",
      "access-control-allow-headers": "Content-Type",
      "access-control-expose-headers": "Retry-After",
      "access-control-max-age": "600",
    };
  }

  async function readBody(request: IncomingMessage): Promise<Buffer | Answer> {
    const declared = Number(request.headers["content-length"] ?? 0);
    const tooLarge = () =>
      refusal(413, "too-large", `the request body is over ${bodyLimit} bytes; a ballot request is far smaller`);
    if (declared > bodyLimit) return tooLarge();
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= bodyLimit) {
          chunks.push(chunk);
          return;
        }
        // The rest is read and dropped; the answer closes the connection.
        request.off("data", onData).off("end", onEnd).resume();
        resolve(tooLarge());
      };
      const onEnd = () => resolve(Buffer.concat(chunks));
      request.on("data", onData).on("end", onEnd).on("error", reject);
    });
  }

  /** The contract's refusal of a ballot as an answer. */
  function refusedBy(errorName: string, detail: string | undefined): Answer {
    counts.refused[errorName] = (counts.refused[errorName] ?? 0) + 1;
    const words = BALLOT_REFUSALS[errorName] ?? "the contract refuses the ballot";
    return refusal(422, errorName, detail === undefined ? words : `${words} (${detail})`);
  }

  /** A ballot that could not be checked or sent: the contract's refusal, the chain out of reach, or a failure. */
  function failure(error: unknown): Answer {
    const explained = decodeElectionsError(error);
    const revert = revertOf(explained);
    if (revert !== undefined) return refusedBy(revert.errorName, explained.shortMessage);
    counts.failed++;
    if (explained instanceof InvalidStateError) return refusal(503, "unavailable", explained.shortMessage);
    log(`relay: a ballot transaction failed: ${explained.name}: ${scrub(explained.shortMessage)}`);
    return refusal(502, "send-failed", "the relay could not get the ballot counted; try again later");
  }

  /** The contract's refusal of a ballot, or undefined when it would count it. */
  async function contractRefusal(call: BallotCall): Promise<Answer | undefined> {
    const contract = elections as Elections;
    if (call.functionName === "castSecretBallot") {
      // No view checks an encrypted ballot: the call is simulated from the relayer's account, proofs and all.
      try {
        await contract
          .connect(signer)
          .castSecretBallot.staticCall(...(call.args as Parameters<Elections["castSecretBallot"]>));
        return undefined;
      } catch (error) {
        const explained = decodeElectionsError(error);
        const revert = revertOf(explained);
        if (revert === undefined) throw explained;
        return refusedBy(revert.errorName, explained.shortMessage);
      }
    }
    const [ok, selector] = (await contract.checkBallot(...(call.args as Parameters<Elections["checkBallot"]>))) as [
      boolean,
      string,
    ];
    if (ok) return undefined;
    const errorName = contract.interface.getError(selector)?.name ?? selector;
    let detail: string | undefined;
    try {
      await contract.castBallot.staticCall(...(call.args as Parameters<Elections["castBallot"]>));
    } catch (error) {
      detail = decodeElectionsError(error).shortMessage;
    }
    return refusedBy(errorName, detail);
  }

  /** Sends a checked ballot through the suite's send path. */
  async function send(request: RelayBallot, call: BallotCall): Promise<RelayReceipt> {
    let release!: () => void;
    const previous = handing;
    handing = new Promise((resolve) => (release = resolve));
    await previous;
    try {
      const execution = await execute({
        suite,
        signer,
        receipts,
        onTransaction: (event: TransactionEvent) => {
          if (event.type === "sent") release();
        },
        steps: [
          {
            contract: elections as Elections,
            contractName: "Elections",
            functionName: call.functionName,
            args: call.args,
            description: `count a ${call.functionName === "castBallot" ? "" : "secret "}ballot of poll ${request.pollId}`,
          },
        ],
      });
      if (execution.mode !== "send") throw new EgovError("the relay's execution did not send");
      const [transaction] = execution.transactions;
      const cast = transaction!.events.find((event) => event.name === "BallotCast");
      return {
        transactionHash: transaction!.hash,
        blockNumber: transaction!.blockNumber,
        previousBallot: (cast?.args.previousBallot as bigint | undefined) ?? 0n,
        gasUsed: transaction!.gasUsed,
      };
    } finally {
      release();
    }
  }

  async function ballot(request: IncomingMessage): Promise<Answer> {
    const type = request.headers["content-type"] ?? "";
    if (!/^application\/json\b/i.test(type)) {
      return refusal(415, "unsupported-media-type", "send the ballot as JSON (Content-Type: application/json)");
    }
    const body = await readBody(request);
    if (body instanceof Answer) {
      counts.malformed++;
      return body;
    }
    let parsed: RelayBallot;
    let call: BallotCall;
    try {
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch (cause) {
        throw new InvalidInputError({ field: "body", reason: "is not JSON", cause });
      }
      parsed = parseRelayBallot(json);
      call = ballotCall(parsed);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      counts.malformed++;
      return refusal(400, "invalid-request", error.shortMessage, { field: error.field });
    }
    const overRate = (buckets: TokenBuckets, key: string, who: string): Answer | undefined => {
      const taken = buckets.take(key);
      if (taken.ok) return undefined;
      counts.rateLimited++;
      const answer = refusal(429, "rate-limited", `too many ballots ${who}; try again in ${taken.retryAfterSeconds} s`);
      return new Answer(answer.status, answer.body, { "retry-after": String(taken.retryAfterSeconds) });
    };
    const replay = () => {
      counts.replays++;
      return refusal(409, "replay", "this ballot is being sent or was sent already: the relay sends it once");
    };
    const limited = overRate(clients, clientOf(request), "from this address");
    if (limited !== undefined) return limited;
    const key = submissionKey(parsed);
    if (submissions.has(key)) return replay();
    // Nullifiers are public (every ballot's event names one): the voter's rate and the submission's lock are taken
    // only for a ballot the contract would count, so that nobody's junk under a voter's nullifier holds them.
    let refused: Answer | undefined;
    try {
      refused = await contractRefusal(call);
    } catch (error) {
      return failure(error);
    }
    if (refused !== undefined) return refused;
    const voterLimited = overRate(voters, `${parsed.pollId}:${parsed.proof.nullifier}`, "for this voter");
    if (voterLimited !== undefined) return voterLimited;
    if (!submissions.begin(key)) return replay();
    let sent = false;
    try {
      const receipt = await send(parsed, call);
      sent = true;
      counts.relayed++;
      return new Answer(200, encodeRelayReceipt(receipt));
    } catch (error) {
      return failure(error);
    } finally {
      submissions.end(key, sent);
    }
  }

  async function poll(pollId: bigint): Promise<Answer> {
    try {
      const view = await readPoll({ elections: elections as Elections, pollId });
      return new Answer(200, view);
    } catch (error) {
      if (error instanceof RecordNotFoundError) return refusal(404, "unknown-poll", `there is no poll ${pollId}`);
      throw error;
    }
  }

  async function health(): Promise<Answer> {
    const provider = signer.provider ?? suite.runner.provider!;
    const [network, balance] = await Promise.all([provider.getNetwork(), provider.getBalance(relayer)]);
    return new Answer(200, {
      status: "ok",
      chainId: network.chainId,
      elections: await (elections as Elections).getAddress(),
      relayer,
      balance,
    });
  }

  async function route(request: IncomingMessage): Promise<Answer> {
    const path = new URL(request.url ?? "/", "http://relay").pathname;
    const method = request.method ?? "GET";
    const allow = (methods: string, run: () => Promise<Answer>) =>
      method === "OPTIONS"
        ? Promise.resolve(new Answer(204, undefined))
        : methods.split(", ").includes(method)
          ? run()
          : Promise.resolve(
              new Answer(405, { error: `use ${methods}`, code: "method-not-allowed" }, { allow: methods }),
            );
    if (path === "/ballots") return allow("POST", () => ballot(request));
    if (path === "/health") return allow("GET", health);
    const pollPath = /^\/polls\/([0-9]{1,20})$/.exec(path);
    if (pollPath !== null) return allow("GET", () => poll(BigInt(pollPath[1]!)));
    return refusal(404, "not-found", "the relay serves POST /ballots, GET /polls/:id and GET /health");
  }

  function respond(request: IncomingMessage, response: ServerResponse, answer: Answer): void {
    const headers: Record<string, string> = { ...corsHeaders(request), ...answer.headers };
    if (answer.body === undefined) {
      response.writeHead(answer.status, headers).end();
      return;
    }
    const text = JSON.stringify(answer.body, (_key, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    );
    headers["content-type"] = "application/json; charset=utf-8";
    headers["cache-control"] = "no-store";
    // A request refused before its body was read closes its connection: the rest of the body is not read.
    if (!request.complete) headers.connection = "close";
    response.writeHead(answer.status, headers).end(text);
  }

  const underWay = new Set<Promise<void>>();
  const server = createServer((request, response) => {
    counts.requests++;
    const handled = route(request)
      .catch((error: unknown) => {
        counts.failed++;
        const name = error instanceof Error ? error.name : "Error";
        log(`relay: a request failed: ${name}: ${scrub(error instanceof EgovError ? error.shortMessage : "")}`);
        return refusal(500, "internal", "the relay failed to handle the request");
      })
      .then((answer) => respond(request, response, answer))
      .finally(() => underWay.delete(handled));
    underWay.add(handled);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 20_000;
  server.maxConnections = parameters.maxConnections ?? 256;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(parameters.port ?? 8080, parameters.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    relayer,
    stats,
    close(graceMs = 30_000): Promise<void> {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let grace: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...underWay]),
          new Promise((resolve) => {
            grace = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(grace);
        server.closeAllConnections();
        await closed;
        if (timer !== undefined) clearInterval(timer);
        logCounts(true);
      })();
      return closing;
    },
  };
}
