/**
 * `elections relay`: the municipality's ballot relay, run until it is stopped (Ctrl-C or SIGTERM), with the relayer's
 * account of the network (`--from`). It prints `Relay: <url>` once it listens, and its counts when it stops.
 *
 * @module
 */
import { startRelay } from "../../elections/relay.js";
import { InvalidInputError } from "../../errors.js";
import { validateUint } from "../../validate.js";
import { type CommonArgs, command } from "../session.js";

interface RelayArgs extends CommonArgs {
  readonly port?: string;
  readonly host?: string;
  readonly maxPerMinute?: string;
  readonly maxPerNullifier?: string;
  readonly allowOrigin?: string;
  readonly trustProxy?: boolean;
}

/** A whole number from `min` to `max`, or an error naming the option. */
function bounded(field: string, value: string, min: number, max: number): number {
  const parsed = validateUint(field, value);
  if (parsed < BigInt(min) || parsed > BigInt(max)) {
    throw new InvalidInputError({ field, reason: `must be from ${min} to ${max}, got ${parsed}` });
  }
  return Number(parsed);
}

/** The origins that may call the relay: "*" or a comma-separated list of `https://host[:port]` origins. */
function originsOf(value: string): readonly string[] | "*" {
  if (value.trim() === "*") return "*";
  return value.split(",").map((text, i) => {
    const origin = text.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || parsed.origin !== origin) {
      throw new InvalidInputError({
        field: "--allow-origin",
        reason: `item ${i + 1} "${origin}" is not an origin like https://portal.example.org`,
      });
    }
    return origin;
  });
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

export const relay = command<RelayArgs>({ write: true }, async (args, session) => {
  const port = bounded("--port", args.port ?? "8080", 0, 65_535);
  const maxPerMinute = bounded("--max-per-minute", args.maxPerMinute ?? "10", 1, 1_000_000);
  const maxPerNullifierPerMinute = bounded("--max-per-nullifier", args.maxPerNullifier ?? "3", 1, 1_000_000);
  const allowOrigins = originsOf(args.allowOrigin ?? "*");
  const stopped = stopSignal();
  const running = await startRelay({
    suite: session.suite,
    signer: session.signer,
    port,
    host: args.host ?? "127.0.0.1",
    maxPerMinute,
    maxPerNullifierPerMinute,
    allowOrigins,
    trustProxy: args.trustProxy === true,
    receipts: session.receipts,
  });
  const balance = await session.provider.getBalance(running.relayer);
  process.stdout.write(
    `Relay: ${running.url}\n` +
      `Relayer ${running.relayer} pays for every ballot (balance ${balance} wei); stop with Ctrl-C\n`,
  );
  const signal = await stopped;
  await running.close();
  const stats = running.stats();
  return {
    data: { url: running.url, relayer: running.relayer, stoppedBy: signal, ...stats },
    lines: [`Relay stopped (${signal}): ${stats.relayed} ballot(s) relayed of ${stats.requests} request(s)`],
  };
});
