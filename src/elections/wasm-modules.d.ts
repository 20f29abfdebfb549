/**
 * Types of the parts of `wasmbuilder` and `wasmcurves` that the census hash uses: the packages ship JavaScript
 * without declarations. Only what `./census-hash.ts` calls is declared.
 */
declare module "wasmbuilder" {
  /** WebAssembly instructions as bytes, composed by the code builder's methods. */
  export type Code = number[];

  /** Builds the instructions of one function; each method returns the bytes of one instruction and its operands. */
  export interface CodeBuilder {
    getLocal(name: string): Code;
    setLocal(name: string, value: Code): Code;
    call(functionName: string, ...args: Code[]): Code;
    if(condition: Code, then: Code, otherwise?: Code): Code;
    block(code: Code): Code;
    loop(...code: Code[]): Code;
    br_if(depth: number, condition: Code): Code;
    br(depth: number): Code;
    ret(value: Code): Code;
    i32_const(value: number): Code;
    i32_add(a: Code, b: Code): Code;
    i32_sub(a: Code, b: Code): Code;
    i32_mul(a: Code, b: Code): Code;
    i32_shl(a: Code, b: Code): Code;
    i32_shr_u(a: Code, b: Code): Code;
    i32_lt_u(a: Code, b: Code): Code;
    i32_ge_u(a: Code, b: Code): Code;
  }

  /** One function of the module: its parameters, locals, result and code. */
  export interface FunctionBuilder {
    addParam(name: string, type: "i32" | "i64"): void;
    addLocal(name: string, type: "i32" | "i64"): void;
    setReturnType(type: "i32" | "i64"): void;
    addCode(...code: Code[]): void;
    getCodeBuilder(): CodeBuilder;
  }

  /** A WebAssembly module assembled function by function, its memory imported as `env.memory`. */
  export class ModuleBuilder {
    /** The next free byte of the module's static memory. */
    free: number;
    /** What each field builder registered, by prefix: for a prime field, the address of its modulus. */
    modules: Record<string, { readonly pq: number }>;
    setMemory(pages: number): void;
    alloc(bytes: Uint8Array | number[]): number;
    alloc(size: number, bytes?: Uint8Array | number[]): number;
    addFunction(name: string): FunctionBuilder;
    exportFunction(name: string, exportName?: string): void;
    build(): Uint8Array;
  }
}

declare module "wasmcurves/src/build_f1m.js" {
  import type { ModuleBuilder } from "wasmbuilder";

  /**
   * Adds Montgomery arithmetic modulo `q` to `module` under `prefix` (`<prefix>_add`, `_mul`, `_square`,
   * `_toMontgomery`, `_fromMontgomery`, ...) and the multi-precision integer functions under `intPrefix`
   * (`<intPrefix>_copy`, `_zero`, `_gte`, ...). Returns the prefix.
   */
  export default function buildF1m(module: ModuleBuilder, q: bigint, prefix: string, intPrefix: string): string;
}

/**
 * The witness calculator of `circom_runtime` (the one snarkjs uses): built once from a circuit's WebAssembly, it
 * computes the witness of an input as snarkjs's `.wtns` bytes.
 */
declare module "circom_runtime" {
  export interface WitnessCalculator {
    /** The witness of `input` (signal names to values) in the `.wtns` format; `sanityCheck` 0 or 1. */
    calculateWTNSBin(input: Record<string, bigint | bigint[]>, sanityCheck: number): Promise<Uint8Array>;
  }

  export function WitnessCalculatorBuilder(
    code: Uint8Array,
    options?: { memorySize?: number },
  ): Promise<WitnessCalculator>;
}
