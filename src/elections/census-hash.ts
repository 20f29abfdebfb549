/// <reference path="./wasm-modules.d.ts" />
/**
 * The census hash: Poseidon over the BN254 scalar field with circomlib's parameters for two inputs (width 3, 8 full
 * and 57 partial rounds, S-box x^5), the hash of Semaphore's LeanIMT, compiled at run time into a WebAssembly module
 * that hashes a whole level of the tree in its own memory.
 *
 * - The field arithmetic is `wasmcurves`' `buildF1m` (Montgomery multiplication, squaring, addition and conversions
 *   modulo r), the library snarkjs's prover runs on; the module is assembled with `wasmbuilder`'s `ModuleBuilder`.
 *   What this file adds is the permutation (round constants, S-boxes, MDS mixing, in circomlib's order) and the loop
 *   over a level.
 * - The round constants and the MDS matrix are generated at load time by `@noble/curves`' `grainGenConstants` (the
 *   Grain LFSR of the Poseidon reference script, from which circomlib's constants come), stored in the module in
 *   normal form and converted to Montgomery form inside it when an instance starts.
 * - A level of n nodes goes in as 32-byte little-endian numbers and comes out as ceil(n / 2) parents in the same
 *   place (a node without a right sibling carried up unchanged): one call a level, no BigInt and no call between
 *   JavaScript and WebAssembly a hash. A node at or above r is refused, never reduced.
 *
 * The module builds and compiles without any file, in Node and in browsers alike. Worker threads receive the
 * compiled module and run {@link createLevelHasher}, which is self-contained for that reason.
 *
 * @module
 */
import { Field } from "@noble/curves/abstract/modular.js";
import { grainGenConstants } from "@noble/curves/abstract/poseidon.js";
import { ModuleBuilder } from "wasmbuilder";
import buildF1m from "wasmcurves/src/build_f1m.js";

/** The parts of the host's WebAssembly API the census hash uses (typed here: the Node build's libraries omit it). */
export interface WasmHost {
  readonly Module: new (bytes: Uint8Array<ArrayBuffer>) => WasmModule;
  readonly Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
  readonly Memory: new (descriptor: { readonly initial: number }) => WasmMemory;
  compile(bytes: Uint8Array<ArrayBuffer>): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: WasmImports): Promise<WasmInstance>;
}
/** A compiled WebAssembly module (it can be posted to a worker thread). */
export type WasmModule = object & { readonly __wasmModule?: never };
/** An instance's exports. */
export interface WasmInstance {
  readonly exports: object;
}
/** A WebAssembly memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
/** What the census hash's module imports: its memory. */
export interface WasmImports {
  readonly env: { readonly memory: WasmMemory };
}

/** The host's WebAssembly API. */
export const wasmHost = (globalThis as unknown as { readonly WebAssembly: WasmHost }).WebAssembly;

/** The BN254 scalar field's modulus r: every census node is below it. */
export const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** Poseidon's parameters for two inputs as circomlib (and so Semaphore) uses them. */
const WIDTH = 3;
const FULL_ROUNDS = 8;
const PARTIAL_ROUNDS = 57;
/** Bytes of one field element in WebAssembly memory. */
const N8 = 32;

/** The round constants (one row a round) and the MDS matrix of circomlib's Poseidon for two inputs. */
export function poseidonConstants(): { readonly roundConstants: bigint[][]; readonly mds: bigint[][] } {
  return grainGenConstants({
    Fp: Field(SNARK_SCALAR_FIELD),
    t: WIDTH,
    roundsFull: FULL_ROUNDS,
    roundsPartial: PARTIAL_ROUNDS,
  });
}

/**
 * The bytes of the census hash's WebAssembly module. Its memory is imported as `env.memory` (one page at least); it
 * exports `census_init()` (to call once an instance: the constants to Montgomery form), `census_base()` (the first
 * byte free for levels) and `census_hashLevel(input, count, output)`, which returns -1, or the position of the
 * first node at or above r.
 */
export function buildCensusHashBytes(): Uint8Array<ArrayBuffer> {
  const { roundConstants, mds } = poseidonConstants();
  const encoding = Field(SNARK_SCALAR_FIELD, { isLE: true });
  const module = new ModuleBuilder();
  const fr = buildF1m(module, SNARK_SCALAR_FIELD, "fr", "fri");
  const modulus = module.modules[fr]!.pq;
  const constant = (value: bigint) => module.alloc(encoding.toBytes(value));
  const roundAt = roundConstants.map((row) => row.map(constant));
  const mdsAt = mds.map((row) => row.map(constant));
  const state = [module.alloc(N8), module.alloc(N8), module.alloc(N8)];
  const mixed = [module.alloc(N8), module.alloc(N8), module.alloc(N8)];
  const aux = module.alloc(N8);
  const base = module.alloc(N8);
  if (base + 2 * N8 > 65_536) throw new Error("census hash: the static memory outgrew one page");

  const init = module.addFunction("census_init");
  {
    const c = init.getCodeBuilder();
    for (const at of [...roundAt.flat(), ...mdsAt.flat()]) {
      init.addCode(c.call(`${fr}_toMontgomery`, c.i32_const(at), c.i32_const(at)));
    }
  }

  const baseFunction = module.addFunction("census_base");
  baseFunction.setReturnType("i32");
  baseFunction.addCode(baseFunction.getCodeBuilder().i32_const(base));

  // x <- x^5, as x * (x^2)^2.
  const sbox = module.addFunction("census_sbox");
  sbox.addParam("x", "i32");
  {
    const c = sbox.getCodeBuilder();
    sbox.addCode(
      c.call(`${fr}_square`, c.getLocal("x"), c.i32_const(aux)),
      c.call(`${fr}_square`, c.i32_const(aux), c.i32_const(aux)),
      c.call(`${fr}_mul`, c.getLocal("x"), c.i32_const(aux), c.getLocal("x")),
    );
  }

  // state <- MDS * state.
  const mix = module.addFunction("census_mix");
  {
    const c = mix.getCodeBuilder();
    for (let row = 0; row < WIDTH; row++) {
      mix.addCode(c.call(`${fr}_mul`, c.i32_const(mdsAt[row]![0]!), c.i32_const(state[0]!), c.i32_const(mixed[row]!)));
      for (let column = 1; column < WIDTH; column++) {
        mix.addCode(
          c.call(`${fr}_mul`, c.i32_const(mdsAt[row]![column]!), c.i32_const(state[column]!), c.i32_const(aux)),
          c.call(`${fr}_add`, c.i32_const(mixed[row]!), c.i32_const(aux), c.i32_const(mixed[row]!)),
        );
      }
    }
    for (let i = 0; i < WIDTH; i++) mix.addCode(c.call("fri_copy", c.i32_const(mixed[i]!), c.i32_const(state[i]!)));
  }

  // Every round: the round's constants added, the S-box on every element (full rounds) or the first (partial
  // rounds), then the mixing; the first and last FULL_ROUNDS / 2 rounds are full.
  const permute = module.addFunction("census_permute");
  {
    const c = permute.getCodeBuilder();
    roundAt.forEach((constants, round) => {
      const full = round < FULL_ROUNDS / 2 || round >= FULL_ROUNDS / 2 + PARTIAL_ROUNDS;
      for (let i = 0; i < WIDTH; i++) {
        permute.addCode(
          c.call(`${fr}_add`, c.i32_const(state[i]!), c.i32_const(constants[i]!), c.i32_const(state[i]!)),
        );
      }
      for (let i = 0; i < (full ? WIDTH : 1); i++) permute.addCode(c.call("census_sbox", c.i32_const(state[i]!)));
      permute.addCode(c.call("census_mix"));
    });
  }

  // Parents of `count` nodes at `input`, written from `output` on (which may be `input` itself: parent i is written
  // after children 2i and 2i + 1 are read). The state starts as [0, left, right]; the parent is its first element.
  const level = module.addFunction("census_hashLevel");
  level.addParam("input", "i32");
  level.addParam("count", "i32");
  level.addParam("output", "i32");
  level.addLocal("i", "i32");
  level.addLocal("left", "i32");
  level.setReturnType("i32");
  {
    const c = level.getCodeBuilder();
    const i = () => c.getLocal("i");
    const left = () => c.getLocal("left");
    const parent = () => c.i32_add(c.getLocal("output"), c.i32_shl(i(), c.i32_const(4)));
    const atOrAboveR = (at: number[]) => c.call("fri_gte", at, c.i32_const(modulus));
    level.addCode(
      c.setLocal("i", c.i32_const(0)),
      c.block(
        c.loop(
          c.br_if(1, c.i32_ge_u(c.i32_add(i(), c.i32_const(1)), c.getLocal("count"))),
          c.setLocal("left", c.i32_add(c.getLocal("input"), c.i32_shl(i(), c.i32_const(5)))),
          c.if(atOrAboveR(left()), c.ret(i())),
          c.if(atOrAboveR(c.i32_add(left(), c.i32_const(N8))), c.ret(c.i32_add(i(), c.i32_const(1)))),
          c.call("fri_zero", c.i32_const(state[0]!)),
          c.call(`${fr}_toMontgomery`, left(), c.i32_const(state[1]!)),
          c.call(`${fr}_toMontgomery`, c.i32_add(left(), c.i32_const(N8)), c.i32_const(state[2]!)),
          c.call("census_permute"),
          c.call(`${fr}_fromMontgomery`, c.i32_const(state[0]!), parent()),
          c.setLocal("i", c.i32_add(i(), c.i32_const(2))),
          c.br(0),
        ),
      ),
      c.if(c.i32_lt_u(i(), c.getLocal("count")), [
        ...c.setLocal("left", c.i32_add(c.getLocal("input"), c.i32_shl(i(), c.i32_const(5)))),
        ...c.if(atOrAboveR(left()), c.ret(i())),
        ...c.call("fri_copy", left(), parent()),
      ]),
      c.i32_const(-1),
    );
  }

  module.exportFunction("census_init");
  module.exportFunction("census_base");
  module.exportFunction("census_hashLevel");
  return new Uint8Array(module.build());
}

/** A level that could not be hashed: the node at `index` of level `level` is not a field element below r. */
export interface LevelFailure {
  readonly failed: true;
  readonly level: number;
  readonly index: number;
}

/** The census hash running in one WebAssembly instance. */
export interface LevelHasher {
  /** Poseidon of two nodes (hexadecimal text without prefix), as 64 hexadecimal digits, or which one is not below r. */
  hashPair(left: string, right: string): string | LevelFailure;
  /**
   * Adds the levels above the last of `levels` until `stop` levels exist or a level has one node, hashing each
   * level in one call. Returns `levels`, or where it failed.
   */
  extendLevels(levels: string[][], stop: number): string[][] | LevelFailure;
}

/**
 * The census hash of an instance of the module of {@link buildCensusHashBytes} and its memory. Self-contained (no
 * reference outside its body) so that worker threads run this very code from its text.
 */
export function createLevelHasher(instance: WasmInstance, memory: WasmMemory): LevelHasher {
  const exports = instance.exports as {
    census_init(): void;
    census_base(): number;
    census_hashLevel(input: number, count: number, output: number): number;
  };
  exports.census_init();
  const base = exports.census_base();
  const NODE = 32;
  const digits = "0123456789abcdef";
  /** The two ASCII codes of each byte's hexadecimal digits. */
  const pairCodes = new Uint16Array(256);
  for (let b = 0; b < 256; b++) pairCodes[b] = digits.charCodeAt(b >> 4) | (digits.charCodeAt(b & 15) << 8);
  const decoder = new TextDecoder();
  let bytes = new Uint8Array(memory.buffer);

  const reserve = (size: number): void => {
    const missing = base + size - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / 65_536));
    bytes = new Uint8Array(memory.buffer);
  };
  const nibble = (code: number): number =>
    code >= 48 && code <= 57
      ? code - 48
      : code >= 97 && code <= 102
        ? code - 87
        : code >= 65 && code <= 70
          ? code - 55
          : -1;
  /** Writes a node (1 to 64 hexadecimal digits) at `at`, little-endian; false if it is not hexadecimal text. */
  const write = (hex: string, at: number): boolean => {
    if (typeof hex !== "string" || hex.length === 0 || hex.length > 2 * NODE) return false;
    let end = hex.length;
    for (let k = 0; k < NODE; k++) {
      let value = 0;
      if (end > 0) {
        const low = nibble(hex.charCodeAt(--end));
        if (low < 0) return false;
        value = low;
        if (end > 0) {
          const high = nibble(hex.charCodeAt(--end));
          if (high < 0) return false;
          value |= high << 4;
        }
      }
      bytes[at + k] = value;
    }
    return true;
  };
  /** `count` nodes from `at` as 64-digit hexadecimal text each, decoded at once. */
  const read = (at: number, count: number): string[] => {
    const text = new Uint16Array(count * NODE);
    for (let j = 0; j < count; j++) {
      const node = at + j * NODE;
      for (let k = 0; k < NODE; k++) text[j * NODE + k] = pairCodes[bytes[node + NODE - 1 - k]!]!;
    }
    const all = decoder.decode(text);
    const nodes: string[] = new Array(count);
    for (let j = 0; j < count; j++) nodes[j] = all.slice(j * 2 * NODE, (j + 1) * 2 * NODE);
    return nodes;
  };

  return {
    hashPair(left: string, right: string): string | LevelFailure {
      reserve(2 * NODE);
      if (!write(left, base)) return { failed: true, level: 0, index: 0 };
      if (!write(right, base + NODE)) return { failed: true, level: 0, index: 1 };
      const failedAt = exports.census_hashLevel(base, 2, base);
      return failedAt === -1 ? read(base, 1)[0]! : { failed: true, level: 0, index: failedAt };
    },
    extendLevels(levels: string[][], stop: number): string[][] | LevelFailure {
      let current = levels[levels.length - 1]!;
      if (current.length === 0 || levels.length >= stop) return levels;
      reserve(current.length * NODE);
      for (let i = 0; i < current.length; i++) {
        if (!write(current[i]!, base + i * NODE)) return { failed: true, level: levels.length - 1, index: i };
      }
      // A single node is its own root: only checked (it is carried onto itself).
      if (current.length === 1 && exports.census_hashLevel(base, 1, base) !== -1) {
        return { failed: true, level: levels.length - 1, index: 0 };
      }
      while (current.length > 1 && levels.length < stop) {
        const failedAt = exports.census_hashLevel(base, current.length, base);
        if (failedAt !== -1) return { failed: true, level: levels.length - 1, index: failedAt };
        const next = read(base, current.length >> 1);
        // A node without a right sibling is carried up as it is, text included.
        if (current.length % 2 === 1) next.push(current[current.length - 1]!);
        levels.push(next);
        current = next;
      }
      return levels;
    },
  };
}
