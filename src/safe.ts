/**
 * Multisig output: the Safe{Wallet} Transaction Builder's batch file (JSON, format version "1.0"), which the Safe's
 * owners import, review, sign and execute in the Safe app.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

import { getAddress } from "ethers";

/** A transaction of a batch file: raw calldata, no decoded method. */
export interface SafeBatchTransaction {
  readonly to: string;
  /** Wei, as a decimal string. */
  readonly value: string;
  readonly data: string;
  readonly contractMethod: null;
  readonly contractInputsValues: null;
}

/** The Transaction Builder's batch file. */
export interface SafeBatch {
  readonly version: "1.0";
  /** The chain id as a decimal string. */
  readonly chainId: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly meta: {
    readonly name: string;
    readonly description: string;
    readonly txBuilderVersion: string;
    readonly createdFromSafeAddress: string;
    readonly createdFromOwnerAddress: string;
  };
  readonly transactions: readonly SafeBatchTransaction[];
}

export interface BuildSafeBatchParameters {
  readonly chainId: bigint | number;
  /** The Safe that will execute the batch. */
  readonly safeAddress: string;
  /** Shown in the Safe app. */
  readonly title: string;
  readonly transactions: readonly {
    readonly to: string;
    readonly value: bigint;
    readonly data: string;
    readonly description: string;
  }[];
}

export type BuildSafeBatchReturnType = SafeBatch;

/** Builds a batch file's content from planned transactions. */
export function buildSafeBatch({
  chainId,
  safeAddress,
  title,
  transactions,
}: BuildSafeBatchParameters): BuildSafeBatchReturnType {
  return {
    version: "1.0",
    chainId: String(chainId),
    createdAt: Date.now(),
    meta: {
      name: title,
      description: transactions.map((transaction) => transaction.description).join("; "),
      txBuilderVersion: "1.18.0",
      createdFromSafeAddress: getAddress(safeAddress),
      createdFromOwnerAddress: "",
    },
    transactions: transactions.map((transaction) => ({
      to: getAddress(transaction.to),
      value: transaction.value.toString(),
      data: transaction.data,
      contractMethod: null,
      contractInputsValues: null,
    })),
  };
}

export type WriteSafeBatchParameters = BuildSafeBatchParameters & { readonly path: string };

/** Writes a batch file, creating its folder. */
export function writeSafeBatch({ path, ...batch }: WriteSafeBatchParameters): SafeBatch {
  const content = buildSafeBatch(batch);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
  return content;
}
