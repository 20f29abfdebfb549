/**
 * What the suite asks of a chain before anything is sent to it: the EVM fork its bytecode was compiled for; and the
 * chain's time, which the contracts compare dates and deadlines with.
 *
 * @module
 */
import type { Provider } from "ethers";

import { EgovError, UnsupportedChainError } from "./errors.js";

/** The fork the contracts are compiled for (`evmVersion` in hardhat.config.ts); OpenZeppelin 5.7 needs it too. */
export const REQUIRED_FORK = "Cancun";

/**
 * Creation code that uses the two Cancun opcodes the suite relies on, and deploys nothing:
 * `PUSH1 1 PUSH1 0 TSTORE` (EIP-1153 transient storage), `PUSH1 32 PUSH1 0 PUSH1 0 MCOPY` (EIP-5656), `STOP`.
 */
export const CANCUN_PROBE = "0x600160005d6020600060005e00";

export interface RequireCancunParameters {
  /** A provider of the chain. */
  readonly provider: Provider;
  /** The account the probe is simulated from (the deployer). */
  readonly from?: string;
}

/**
 * Simulates (`eth_call`, nothing is sent) a contract creation that runs `TSTORE` and `MCOPY`. A chain before Cancun
 * refuses the opcodes (`NotActivated`, `invalid opcode`), and this throws an {@link UnsupportedChainError} that names
 * the fork, so that a deployment stops before its first transaction instead of halfway.
 */
export async function requireCancun({ provider, from }: RequireCancunParameters): Promise<void> {
  const chainId = Number((await provider.getNetwork()).chainId);
  try {
    await provider.call({ data: CANCUN_PROBE, ...(from === undefined ? {} : { from }) });
  } catch (error) {
    const said = nodeMessage(error);
    throw new UnsupportedChainError({
      chainId,
      requiredFork: REQUIRED_FORK,
      reason:
        `simulating MCOPY and TSTORE failed${said === undefined ? "" : ` (${said})`}; ` +
        `the contracts need ${REQUIRED_FORK} (EIP-1153, EIP-5656): enable it in the chain's genesis (Besu: cancunTime)`,
      cause: error,
    });
  }
}

/** The node's own words from an ethers error, on one line. */
function nodeMessage(error: unknown): string | undefined {
  if (error === null || typeof error !== "object") return undefined;
  const record = error as { info?: { error?: { message?: unknown } }; shortMessage?: unknown; message?: unknown };
  const raw = record.info?.error?.message ?? record.shortMessage ?? record.message;
  return typeof raw === "string" ? raw.split("\n")[0].trim() : undefined;
}

/** The time of the chain's latest block, unix seconds: what the contracts compare dates and deadlines with. */
export async function chainTime(provider: Provider): Promise<number> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new EgovError("the node returned no latest block");
  return block.timestamp;
}
