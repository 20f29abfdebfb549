/**
 * Compact tables of keys for bulk jobs of millions of rows: strings kept as 128-bit fingerprints in one typed array,
 * the keys an input has shown with the row that held each first, and row positions four bytes a row.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import type { RowPosition } from "./types.js";

/**
 * A hash table of strings, each kept as a 128-bit fingerprint with a value of a fixed number of 32-bit words, all in
 * one typed array (open addressing, a quarter to a half full: two to four slots a key). The keys of a file of millions
 * of rows, or of a register of millions of records, take tens of bytes each instead of a `Map`'s hundreds, and no
 * string is kept. A key seen again always has the same fingerprint, so no key is ever missed; two different keys could
 * share one only by an accident far rarer than a mistyped row (a bulk job would then report a repeat or a conflict
 * naming the rows, which a person sees and checks).
 */
export class KeyTable {
  readonly #stride: number;
  #slots: Uint32Array;
  #capacity = 1024;
  #size = 0;

  constructor(valueWords: number) {
    // One word that marks the slot used, four of the fingerprint, then the value.
    this.#stride = 5 + valueWords;
    this.#slots = new Uint32Array(this.#stride * this.#capacity);
  }

  /** How many keys are kept. */
  get size(): number {
    return this.#size;
  }

  /** The value of `key`, or undefined when it is not kept (a view that the next insertion may move). */
  get(key: string): Uint32Array | undefined {
    const slot = this.#find(fingerprint(key));
    if (this.#slots[slot] === 0) return undefined;
    return this.#slots.subarray(slot + 5, slot + this.#stride);
  }

  /** Keeps `value` for `key` unless the key is kept already; returns the value kept before, if any. */
  add(key: string, value: ArrayLike<number>): Uint32Array | undefined {
    const words = fingerprint(key);
    const slot = this.#find(words);
    if (this.#slots[slot] !== 0) return this.#slots.subarray(slot + 5, slot + this.#stride);
    this.#slots[slot] = 1;
    this.#slots.set(words, slot + 1);
    this.#slots.set(value, slot + 5);
    if (++this.#size * 2 > this.#capacity) this.#grow();
    return undefined;
  }

  /** The slot that holds the fingerprint `words`, or the empty slot where it goes (linear probing). */
  #find(words: readonly number[]): number {
    const mask = this.#capacity - 1;
    const slots = this.#slots;
    for (let index = words[0] & mask; ; index = (index + 1) & mask) {
      const slot = index * this.#stride;
      if (slots[slot] === 0) return slot;
      if (
        slots[slot + 1] === words[0] &&
        slots[slot + 2] === words[1] &&
        slots[slot + 3] === words[2] &&
        slots[slot + 4] === words[3]
      ) {
        return slot;
      }
    }
  }

  #grow(): void {
    const old = this.#slots;
    this.#capacity *= 2;
    this.#slots = new Uint32Array(this.#stride * this.#capacity);
    for (let slot = 0; slot < old.length; slot += this.#stride) {
      if (old[slot] === 0) continue;
      const target = this.#find([old[slot + 1], old[slot + 2], old[slot + 3], old[slot + 4]]);
      this.#slots.set(old.subarray(slot, slot + this.#stride), target);
    }
  }
}

/**
 * The keys of an input seen so far (references, documents, commitments) with the position of the row that held each
 * first (see {@link KeyTable}: 48 to 96 bytes a key), so that a file of millions of rows is checked for repeated
 * keys without keeping its rows.
 */
export class RowKeys {
  readonly #table = new KeyTable(1);

  /** How many keys are kept. */
  get size(): number {
    return this.#table.size;
  }

  /** Records that the row at `position` holds `key`, and returns the position of the row that held it first, if any. */
  first(key: string, position: number): number | undefined {
    return this.#table.add(key, [position])?.[0];
  }
}

/** A hex value (with or without 0x, an even number of digits) as 32-bit words, for a {@link KeyTable}. */
export function hexWords(hex: string): number[] {
  const digits = hex.startsWith("0x") ? hex.slice(2) : hex;
  const words: number[] = [];
  for (let i = 0; i < digits.length; i += 8) words.push(Number.parseInt(digits.slice(i, i + 8).padEnd(8, "0"), 16));
  return words;
}

/** Words of a {@link KeyTable} back as hex digits (lower case, no 0x), `digits` long. */
export function wordsHex(words: ArrayLike<number>, digits: number): string {
  let hex = "";
  for (let i = 0; i < words.length; i++) hex += words[i].toString(16).padStart(8, "0");
  return hex.slice(0, digits);
}

/**
 * Remembers that the row at `at` (labelled `label`) holds `key`, a reference that may appear once in an input;
 * throws an {@link InvalidInputError} naming the row's `field` and the earlier row when one holds it already.
 */
export function requireFirstOfKey(seen: RowKeys, at: RowPosition, label: string, field: string, key: string): void {
  const earlier = seen.first(key, at.position);
  if (earlier !== undefined) {
    throw new InvalidInputError({ field: `${label} ${field}`, reason: `${key} is also on ${at.labelAt(earlier)}` });
  }
}

/**
 * Four 32-bit multiplicative hashes of a string's UTF-16 code units, each with its own multiplier and finalized by
 * MurmurHash3's mixing step: a fingerprint of 128 bits in about a microsecond (a SHA-256 through node:crypto costs
 * several, which a file of millions of rows would feel).
 */
function fingerprint(key: string): [number, number, number, number] {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ key.length;
  let h3 = 0x9e3779b9;
  let h4 = 0x85ebca6b;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
    h3 = Math.imul(h3 ^ code, 0x27d4eb2d);
    h4 = Math.imul(h4 ^ code, 0x165667b1);
  }
  return [mix(h1), mix(h2 ^ h1), mix(h3), mix(h4 ^ h3)];
}

/** MurmurHash3's 32-bit finalizer: every input bit changes about half of the output bits. */
function mix(value: number): number {
  let h = value ^ (value >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Row positions in a typed array that grows: four bytes a row. */
export class Positions {
  #values = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.#values.length) {
      const larger = new Uint32Array(this.#values.length * 2);
      larger.set(this.#values);
      this.#values = larger;
    }
    this.#values[this.length++] = value;
  }

  at(index: number): number {
    return this.#values[index];
  }
}
