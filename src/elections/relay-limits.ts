/**
 * The ballot relay's memory, bounded: token buckets that limit the rate per key (a client, a nullifier), and the
 * submissions it is sending or has sent, to refuse a replay without asking the chain. Each holds at most a given
 * number of keys and forgets the least recently used first: the chain's own checks stay the last word.
 *
 * @module
 */

/** What {@link TokenBuckets.take} answers. */
export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

/** Parameters of {@link TokenBuckets}. */
export interface TokenBucketsParameters {
  /** Requests a key may make per minute, in a burst or spread (the bucket's size and refill rate). */
  readonly perMinute: number;
  /** Most keys remembered; the least recently seen is forgotten first (its key starts again with a full bucket). */
  readonly maxKeys: number;
  /** The clock in milliseconds (tests set it). */
  readonly now?: () => number;
}

/** A bucket's level is kept in token-milliseconds over `perMinute`: one token is 60,000 units, each ms adds `perMinute`. */
const UNITS_PER_TOKEN = 60_000;

interface Bucket {
  units: number;
  updatedMs: number;
}

/**
 * Token buckets, one per key: each holds up to `perMinute` tokens and regains them at `perMinute` a minute, counted
 * in whole units so that a wait is exact to the millisecond.
 */
export class TokenBuckets {
  readonly #perMinute: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor({ perMinute, maxKeys, now }: TokenBucketsParameters) {
    if (!Number.isSafeInteger(perMinute) || perMinute < 1) throw new RangeError("perMinute must be a positive integer");
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError("maxKeys must be a positive integer");
    this.#perMinute = perMinute;
    this.#maxKeys = maxKeys;
    this.#now = now ?? Date.now;
  }

  /** Keys remembered now. */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token of `key`'s bucket, or says in how many seconds the next one comes. */
  take(key: string): TakeResult {
    const now = Math.floor(this.#now());
    const capacity = this.#perMinute * UNITS_PER_TOKEN;
    const bucket = this.#buckets.get(key) ?? { units: capacity, updatedMs: now };
    bucket.units = Math.min(capacity, bucket.units + Math.max(0, now - bucket.updatedMs) * this.#perMinute);
    bucket.updatedMs = now;
    // Re-inserted, so that the map's order is the order of last use.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    this.#forgetOldest();
    if (bucket.units >= UNITS_PER_TOKEN) {
      bucket.units -= UNITS_PER_TOKEN;
      return { ok: true };
    }
    const waitMs = Math.ceil((UNITS_PER_TOKEN - bucket.units) / this.#perMinute);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  #forgetOldest(): void {
    while (this.#buckets.size > this.#maxKeys) {
      const oldest = this.#buckets.keys().next().value as string;
      this.#buckets.delete(oldest);
    }
  }
}

/** Submissions being sent, and those sent, by key; the sent ones bounded, least recent forgotten first. */
export class SubmissionMemory {
  readonly #maxKeys: number;
  readonly #pending = new Set<string>();
  readonly #sent = new Map<string, true>();

  constructor({ maxKeys }: { readonly maxKeys: number }) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) throw new RangeError("maxKeys must be a positive integer");
    this.#maxKeys = maxKeys;
  }

  /** Keys remembered now (pending and sent). */
  get size(): number {
    return this.#pending.size + this.#sent.size;
  }

  /** Whether `key` is being sent or was sent. */
  has(key: string): boolean {
    return this.#pending.has(key) || this.#sent.has(key);
  }

  /** Marks `key` as being sent; false when it is being sent or was sent already. */
  begin(key: string): boolean {
    if (this.has(key)) return false;
    this.#pending.add(key);
    return true;
  }

  /** Ends a submission: `sent` remembers it, otherwise it may be submitted again. */
  end(key: string, sent: boolean): void {
    this.#pending.delete(key);
    if (!sent) return;
    this.#sent.set(key, true);
    while (this.#sent.size > this.#maxKeys) this.#sent.delete(this.#sent.keys().next().value as string);
  }
}
