/**
 * Revert decoding: an error thrown by an ethers call, gas estimate or transaction becomes a
 * {@link ContractRevertError} with the custom error's name and arguments, or the SDK error the custom error stands
 * for ({@link REVERT_ERRORS}).
 *
 * @module
 */
import type { ErrorDescription, Interface, ParamType, Result } from "ethers";
import { isHexString } from "ethers";

import { roleName } from "../roles.js";
import { ENUM_VALUES } from "../vocabulary.js";
import { ContractRevertError, EgovError, formatValue, TransactionFailedError } from "./base.js";
import { REVERT_ERRORS } from "./revert-errors.js";

/** A contract's ABI for decoding, with the name shown in messages. */
export interface NamedInterface {
  readonly name: string;
  readonly interface: Interface;
  /** The JSON ABI with `internalType`s, so that enum arguments are shown by name. */
  readonly abi?: readonly unknown[];
}

/** Names of the values of the suite's Solidity enums, by the enum's type name in the ABI. */
const ENUM_NAMES: Readonly<Record<string, readonly string[]>> = ENUM_VALUES;

/** What each Solidity panic code means. */
const PANIC_REASONS: Readonly<Record<number, string>> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/**
 * Finds the revert data inside an error thrown by ethers, the Hardhat provider or a JSON-RPC node: the first
 * `data` (or `error.data`, `info.error.data`, `cause.data`…) that is hex, walking nested errors.
 */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    const data = record.data;
    if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
    if (data !== null && typeof data === "object") {
      const nested = (data as Record<string, unknown>).data;
      if (typeof nested === "string" && isHexString(nested) && nested.length >= 10) return nested;
    }
    for (const key of ["error", "info", "cause", "revert", "payload", "data"]) {
      if (key in record) queue.push(record[key]);
    }
  }
  return undefined;
}

/**
 * Names of records for messages, by the id a custom error carries: a parcel id (`bigint`) by its cadastral reference,
 * a company id by its company number. Hashes are looked up in lower case.
 */
export type RecordLabels = ReadonlyMap<bigint | string, string>;

/** The parameters of {@link decodeRevert}. */
export interface DecodeRevertParameters {
  /** What an ethers call, gas estimate or transaction threw. */
  readonly error: unknown;
  /** The ABIs to look the error up in: a suite's `interfaces`, for example. */
  readonly interfaces: readonly NamedInterface[];
  /** How to name the records the error is about (the id in hex, or as a number, otherwise). */
  readonly labels?: RecordLabels;
}

/** The return type of {@link decodeRevert}. */
export type DecodeRevertReturnType = EgovError;

/**
 * Turns an error thrown by an ethers call, gas estimate or transaction into a {@link ContractRevertError} with the
 * custom error's name and arguments, looking the selector up in `interfaces` (pass the suite's contracts and the
 * authority). A custom error that says a record is unknown, in the wrong state or not the caller's becomes the
 * matching {@link RecordNotFoundError}, {@link InvalidStateError}, {@link UnauthorizedPartyError} or
 * {@link InvalidInputError} (through one table of the suite's custom errors), with the {@link ContractRevertError} as
 * its `cause`. An
 * {@link EgovError} is returned unchanged; anything without revert data becomes a {@link TransactionFailedError}
 * that keeps the original as its cause.
 */
export function decodeRevert({ error, interfaces, labels }: DecodeRevertParameters): DecodeRevertReturnType {
  if (error instanceof EgovError) return error;
  const data = revertDataOf(error);
  if (data !== undefined) {
    for (const { name, interface: iface, abi } of interfaces) {
      let parsed: ErrorDescription | null = null;
      try {
        parsed = iface.parseError(data);
      } catch {
        parsed = null;
      }
      if (parsed === null) continue;
      if (parsed.name === "Error") {
        return new ContractRevertError({ errorName: "Error", args: { reason: parsed.args[0] }, data, cause: error });
      }
      if (parsed.name === "Panic") {
        const code = Number(parsed.args[0]);
        return new ContractRevertError({
          errorName: "Panic",
          args: { code: `0x${code.toString(16)}`, reason: PANIC_REASONS[code] ?? "unknown panic" },
          data,
          cause: error,
        });
      }
      const revert = new ContractRevertError({
        contractName: name,
        errorName: parsed.name,
        args: namedArgs(parsed.fragment.inputs, parsed.args, enumTypesOf(abi ?? [], "error", parsed.name)),
        data,
        cause: error,
      });
      return explainRevert(revert, labels);
    }
    return new ContractRevertError({ errorName: `unknown error ${data.slice(0, 10)}`, args: {}, data, cause: error });
  }
  return new TransactionFailedError({ reason: shortReason(error), cause: error });
}

/** The SDK error a decoded custom error stands for ({@link REVERT_ERRORS}), or the decoded error itself. */
function explainRevert(revert: ContractRevertError, labels: RecordLabels | undefined): EgovError {
  const explain = REVERT_ERRORS[revert.errorName];
  if (explain === undefined) return revert;
  const name = (value: unknown): string =>
    labels?.get(typeof value === "string" ? value.toLowerCase() : (value as bigint)) ?? formatValue(value);
  return explain(revert.args, name, revert);
}

/**
 * The error that a custom error of the suite stands for ({@link REVERT_ERRORS}), for a check made before sending
 * that finds what the contract would refuse, so that both say the same.
 */
export function refusal({
  errorName,
  args,
  labels,
}: {
  errorName: string;
  args: Record<string, unknown>;
  labels?: RecordLabels;
}): EgovError {
  return explainRevert(new ContractRevertError({ errorName, args, data: "0x" }), labels);
}

/** The parameters of {@link decodedRead}. */
export type DecodedReadParameters = Omit<DecodeRevertParameters, "error">;

/** Runs a read (a view call) and rethrows its failure decoded by {@link decodeRevert}. */
export async function decodedRead<ResultT>(
  read: () => Promise<ResultT>,
  parameters: DecodedReadParameters,
): Promise<ResultT> {
  try {
    return await read();
  } catch (error) {
    throw decodeRevert({ error, ...parameters });
  }
}

/** A one-line reason from any thrown value. */
export function shortReason(error: unknown): string {
  if (error instanceof EgovError) return error.shortMessage;
  if (error !== null && typeof error === "object") {
    const record = error as Record<string, unknown>;
    if (typeof record.shortMessage === "string") return record.shortMessage;
    if (typeof record.message === "string") return firstLine(record.message);
  }
  return firstLine(String(error));
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** The enum type name of each parameter of an error (undefined for non-enums), from the ABI's `internalType`. */
function enumTypesOf(abi: readonly unknown[], type: "error" | "event", name: string): (string | undefined)[] {
  const entries = abi as readonly { type: string; name?: string; inputs?: { internalType?: string }[] }[];
  const entry = entries.find((item) => item.type === type && item.name === name);
  return (entry?.inputs ?? []).map((input) => {
    const match = /^enum (?:\w+\.)?(\w+)$/.exec(input.internalType ?? "");
    return match === null ? undefined : match[1];
  });
}

/**
 * The arguments of a decoded error or event by name, with enum values named (from the ABI's `internalType`) and
 * role ids labelled.
 */
export function decodedArgs(
  abi: readonly unknown[] | undefined,
  type: "error" | "event",
  name: string,
  inputs: readonly ParamType[],
  values: Result,
): Record<string, unknown> {
  return namedArgs(inputs, values, enumTypesOf(abi ?? [], type, name));
}

function namedArgs(
  inputs: readonly ParamType[],
  values: Result,
  enumTypes: readonly (string | undefined)[],
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  inputs.forEach((input, index) => {
    const enumName = enumTypes[index];
    const value = values[index];
    const names = enumName === undefined ? undefined : ENUM_NAMES[enumName];
    const key = input.name === "" ? String(index) : input.name;
    if (names !== undefined && typeof value === "bigint") {
      args[key] = names[Number(value)] ?? value;
    } else if (input.type === "uint64" && /role/i.test(input.name) && typeof value === "bigint") {
      const label = roleName(value);
      args[key] = label === undefined ? value : `${value} (${label})`;
    } else {
      args[key] = value;
    }
  });
  return args;
}
