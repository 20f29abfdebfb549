/**
 * The census tree: Semaphore's Lean Incremental Merkle Tree (LeanIMT) with Poseidon over BN254 (two inputs, the
 * circomlib constants), computed level by level. Nodes are kept as hexadecimal text; the hash is the WebAssembly
 * Poseidon of `./census-hash.ts` (snarkjs's field library, `wasmcurves`), which hashes a whole level in its memory.
 *
 * The tree is the one `@semaphore-protocol/group` builds from the same members (same root, same Merkle paths): a
 * node is the hash of its two children, and a node without a right sibling is carried up unchanged. A member or
 * node that is not a field element below the BN254 scalar field's modulus is refused, never reduced.
 *
 * The hash's module is built and compiled at its first use, without any file. Where compiling at once is refused
 * (a browser may refuse it on its main thread), it is ready after {@link loadCensusHash}; until then the census
 * root is computed with `@semaphore-protocol/group`, slower but identical.
 *
 * @module
 */
import { Group, type MerkleProof } from "@semaphore-protocol/group";

import { InvalidInputError } from "../errors.js";
import {
  buildCensusHashBytes,
  createLevelHasher,
  type LevelFailure,
  type LevelHasher,
  type WasmInstance,
  type WasmMemory,
  type WasmModule,
  SNARK_SCALAR_FIELD,
  wasmHost,
} from "./census-hash.js";

/** Poseidon of two field elements given and returned as hexadecimal text without prefix. */
export type HexPoseidon = (inputs: string[]) => string;

/** Poseidon(1, 2) with circomlib's constants: checks that the hash loaded is the one Semaphore uses. */
const KNOWN_OUTPUT = 0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an;

let compiled: WasmModule | undefined;
let hasher: LevelHasher | undefined;
let wasmHash: HexPoseidon | undefined;

/** The compiled module of the census hash, built once a process (also handed to worker threads). */
export function censusHashModule(): WasmModule {
  compiled ??= new wasmHost.Module(buildCensusHashBytes());
  return compiled;
}

/** An error naming the node that is not a field element below r. */
function notAFieldElement(failure: LevelFailure, node: unknown, offset = 0): InvalidInputError {
  const index = failure.index + (failure.level === 0 ? offset : 0);
  return new InvalidInputError({
    field: failure.level === 0 ? `members[${index}]` : `node ${index} of level ${failure.level}`,
    reason: `must be a field element below the BN254 scalar field modulus r (hexadecimal text of at most 64 digits), got ${String(node)}`,
  });
}

function use(instance: WasmInstance, memory: WasmMemory): boolean {
  const candidate = createLevelHasher(instance, memory);
  const known = candidate.hashPair("1", "2");
  if (typeof known !== "string" || BigInt(`0x${known}`) !== KNOWN_OUTPUT) return false;
  hasher = candidate;
  wasmHash = (inputs: string[]): string => {
    const parent = candidate.hashPair(inputs[0]!, inputs[1]!);
    if (typeof parent !== "string") {
      throw new InvalidInputError({
        field: `inputs[${parent.index}]`,
        reason: `must be a field element below the BN254 scalar field modulus r (hexadecimal text of at most 64 digits), got ${String(inputs[parent.index])}`,
      });
    }
    return parent;
  };
  return true;
}

/** Builds, compiles and starts the hash at once; false where that is refused. */
function startNow(): boolean {
  if (hasher !== undefined) return true;
  try {
    const memory = new wasmHost.Memory({ initial: 1 });
    return use(new wasmHost.Instance(censusHashModule(), { env: { memory } }), memory);
  } catch {
    return false;
  }
}

/**
 * Makes the WASM Poseidon ready: builds and compiles its module (asynchronously where compiling at once is refused).
 * Returns whether it is in use; when it is not, census roots are computed with `@semaphore-protocol/group`.
 */
export async function loadCensusHash(): Promise<boolean> {
  if (startNow()) return true;
  try {
    compiled ??= await wasmHost.compile(buildCensusHashBytes());
    const memory = new wasmHost.Memory({ initial: 1 });
    return use(await wasmHost.instantiate(compiled, { env: { memory } }), memory);
  } catch {
    return false;
  }
}

/** The WASM Poseidon, or an error saying it is not loaded. */
export function censusHash(): HexPoseidon {
  if (!startNow()) {
    throw new InvalidInputError({
      field: "hash",
      reason: "the WASM Poseidon is not loaded: await loadCensusHash() first",
    });
  }
  return wasmHash!;
}

/** A tree node or leaf as the hash takes it. */
export function toNodeHex(value: bigint): string {
  return value.toString(16);
}

/** A tree node as a number. */
export function fromNodeHex(hex: string): bigint {
  return BigInt(`0x${hex}`);
}

/**
 * Adds the levels above `levels[levels.length - 1]` until `stop` levels exist or a level has one node. With the
 * census hash ({@link censusHash}), each level is hashed in WebAssembly memory in one call; with any other hash, pair
 * by pair.
 */
export function extendLevels(hash: HexPoseidon, levels: string[][], stop: number): string[][] {
  if (hash === wasmHash && hasher !== undefined) {
    const result = hasher.extendLevels(levels, stop);
    if ("failed" in result) throw notAFieldElement(result, levels[result.level]![result.index]);
    return result;
  }
  let current = levels[levels.length - 1]!;
  while (current.length > 1 && levels.length < stop) {
    const next: string[] = new Array(Math.ceil(current.length / 2));
    const pairs = current.length - (current.length % 2);
    for (let i = 0; i < pairs; i += 2) next[i >> 1] = hash([current[i]!, current[i + 1]!]);
    if (pairs !== current.length) next[pairs >> 1] = current[pairs]!;
    levels.push(next);
    current = next;
  }
  return levels;
}

/** Every level of the census tree of `members`, leaves first; the last level holds the root alone. */
export function buildCensusLevels(members: readonly bigint[]): string[][] {
  return extendLevels(censusHash(), [members.map(toNodeHex)], Infinity);
}

/** The census root of `members` in order (0 for none), with the WASM hash when it is loaded. */
export function censusRoot(members: readonly bigint[]): bigint {
  if (members.length === 0) return 0n;
  if (!startNow()) return new Group([...members]).root;
  const levels = buildCensusLevels(members);
  return fromNodeHex(levels[levels.length - 1]![0]!);
}

/** A leaf for {@link CensusTree}'s changes, checked before the tree is touched. */
function leafHex(leaf: bigint): string {
  if (typeof leaf !== "bigint" || leaf < 0n || leaf >= SNARK_SCALAR_FIELD) {
    throw new InvalidInputError({
      field: "leaf",
      reason: `must be a field element below the BN254 scalar field modulus r, got ${String(leaf)}`,
    });
  }
  return toNodeHex(leaf);
}

/** One change of a leaf, for {@link CensusTree.edit}. */
export type CensusTreeEdit =
  | { readonly kind: "append"; readonly leaf: bigint }
  | { readonly kind: "update" | "insert"; readonly index: number; readonly leaf: bigint }
  | { readonly kind: "remove"; readonly index: number };

/**
 * A census tree kept in memory and changed leaf by leaf: appending or replacing a leaf rehashes its path (one hash a
 * level); removing a leaf shifts every later leaf, as a census in register order does, and rehashes from there on.
 */
export class CensusTree {
  readonly #hash: HexPoseidon;
  #levels: string[][];

  /** A tree of `members`, or of the levels of {@link buildCensusLevels} (taken, not copied). */
  constructor(members: readonly bigint[] | { readonly levels: string[][] } = []) {
    this.#hash = censusHash();
    this.#levels = Array.isArray(members)
      ? buildCensusLevels(members as readonly bigint[])
      : (members as { readonly levels: string[][] }).levels;
    if (this.#levels.length === 0) this.#levels = [[]];
  }

  /** The number of leaves. */
  get size(): number {
    return this.#levels[0]!.length;
  }

  /** The tree depth (0 for one leaf or none), as Semaphore counts it. */
  get depth(): number {
    return this.#levels.length - 1;
  }

  /** The root; 0 for an empty tree. */
  get root(): bigint {
    return this.size === 0 ? 0n : fromNodeHex(this.#levels[this.#levels.length - 1]![0]!);
  }

  /** The leaf at `index`. */
  leaf(index: number): bigint {
    this.#check(index, this.size);
    return fromNodeHex(this.#levels[0]![index]!);
  }

  /** The leaves in order. */
  leaves(): bigint[] {
    return this.#levels[0]!.map(fromNodeHex);
  }

  /** The position of `leaf`, or -1. */
  indexOf(leaf: bigint): number {
    return this.#levels[0]!.indexOf(toNodeHex(leaf));
  }

  /** Adds a leaf at the end. */
  append(leaf: bigint): void {
    this.#levels[0]!.push(leafHex(leaf));
    this.#rehashPath(this.size - 1);
  }

  /** Replaces the leaf at `index`. */
  update(index: number, leaf: bigint): void {
    this.#check(index, this.size);
    this.#levels[0]![index] = leafHex(leaf);
    this.#rehashPath(index);
  }

  /** Removes the leaf at `index`; the later leaves move one place down. */
  remove(index: number): void {
    this.#check(index, this.size);
    this.#levels[0]!.splice(index, 1);
    this.#rehashFrom(index);
  }

  /** Inserts a leaf at `index`; the later leaves move one place up. */
  insert(index: number, leaf: bigint): void {
    this.#check(index, this.size + 1);
    this.#levels[0]!.splice(index, 0, leafHex(leaf));
    this.#rehashFrom(index);
  }

  /**
   * Applies several changes in order with one rehash: the tree is rehashed once from the first leaf a removal or an
   * insertion moved (or the first appended one, if earlier), and the paths of the leaves replaced before it one by
   * one. A block's changes cost one rehash of the tree's tail, not one a removal.
   */
  edit(edits: readonly CensusTreeEdit[]): void {
    // Every new leaf is checked before the tree is touched: a refused batch changes nothing.
    const texts = edits.map((change) => (change.kind === "remove" ? "" : leafHex(change.leaf)));
    const leaves = this.#levels[0]!;
    const before = leaves.length;
    let shiftedFrom = Infinity;
    const paths: number[] = [];
    for (const [position, change] of edits.entries()) {
      if (change.kind === "append") {
        paths.push(leaves.length);
        leaves.push(texts[position]!);
      } else if (change.kind === "update") {
        this.#check(change.index, leaves.length);
        leaves[change.index] = texts[position]!;
        paths.push(change.index);
      } else if (change.kind === "remove") {
        this.#check(change.index, leaves.length);
        leaves.splice(change.index, 1);
        shiftedFrom = Math.min(shiftedFrom, change.index);
      } else {
        this.#check(change.index, leaves.length + 1);
        leaves.splice(change.index, 0, texts[position]!);
        shiftedFrom = Math.min(shiftedFrom, change.index);
      }
    }
    // Everything from the first moved leaf on is rehashed level by level, appended leaves included (the levels
    // above them do not exist yet).
    const from = shiftedFrom === Infinity ? Infinity : Math.min(shiftedFrom, before);
    if (from !== Infinity) this.#rehashFrom(Math.min(from, leaves.length));
    for (const index of paths.filter((index) => index < from).sort((a, b) => a - b)) {
      if (index < leaves.length) this.#rehashPath(index);
    }
  }

  /** The Merkle path of the leaf at `index`, as `@semaphore-protocol/group`'s `generateMerkleProof` gives it. */
  merkleProof(index: number): MerkleProof {
    this.#check(index, this.size);
    const siblings: bigint[] = [];
    let pathIndex = 0;
    let node = index;
    for (let level = 0; level < this.depth; level++) {
      const isRight = node & 1;
      const sibling = this.#levels[level]![isRight ? node - 1 : node + 1];
      if (sibling !== undefined) {
        pathIndex |= isRight << siblings.length;
        siblings.push(fromNodeHex(sibling));
      }
      node >>= 1;
    }
    return { root: this.root, leaf: this.leaf(index), index: pathIndex, siblings };
  }

  /** The levels, leaves first (shared, not copied: do not change them). */
  levels(): readonly (readonly string[])[] {
    return this.#levels;
  }

  #check(index: number, limit: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= limit) {
      throw new InvalidInputError({
        field: "index",
        reason: `must be an integer from 0 to ${limit - 1}, got ${index}`,
      });
    }
  }

  #rehashPath(index: number): void {
    const levels = this.#levels;
    const pair = ["", ""];
    let node = index;
    let level = 0;
    for (; levels[level]!.length > 1; level++) {
      const current = levels[level]!;
      const left = node & ~1;
      if (levels[level + 1] === undefined) levels.push([]);
      const parent = levels[level + 1]!;
      if (left + 1 < current.length) {
        pair[0] = current[left]!;
        pair[1] = current[left + 1]!;
        parent[left >> 1] = this.#hash(pair);
      } else {
        parent[left >> 1] = current[left]!;
      }
      node >>= 1;
    }
    levels.length = level + 1;
  }

  #rehashFrom(index: number): void {
    const levels = this.#levels;
    const pair = ["", ""];
    let first = index;
    let level = 0;
    for (; levels[level]!.length > 1; level++) {
      const current = levels[level]!;
      if (levels[level + 1] === undefined) levels.push([]);
      const parent = levels[level + 1]!;
      parent.length = Math.ceil(current.length / 2);
      for (let left = first & ~1; left < current.length; left += 2) {
        if (left + 1 < current.length) {
          pair[0] = current[left]!;
          pair[1] = current[left + 1]!;
          parent[left >> 1] = this.#hash(pair);
        } else {
          parent[left >> 1] = current[left]!;
        }
      }
      first >>= 1;
    }
    levels.length = level + 1;
    if (level === 0 && levels[0]!.length === 0) levels.length = 1;
  }
}
