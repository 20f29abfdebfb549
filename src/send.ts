/**
 * The one way the suite's TypeScript sends a transaction, for the commands (`actions/execute.ts`), the bulk imports
 * (`actions/bulk/pipeline.ts`), a voter's own ballot and the municipality's relay: the call is simulated first
 * (`eth_call`, and a gas estimate where asked), a revert decoded into the contract's custom error and nothing sent;
 * the network's fee cap is checked; the transaction is sent and awaited with a timeout; a stuck or dropped one is
 * replaced by the same call with the same nonce and higher fees where the {@link ReceiptPolicy} allows it (see
 * `actions/receipts.ts`), and so is one that an earlier run left pending for the same call.
 *
 * @module
 */
import type { Provider, Signer, TransactionReceipt, TransactionRequest, TransactionResponse } from "ethers";
import { toQuantity } from "ethers";

import {
  feesUnchanged,
  isAlreadyKnown,
  type ReceiptPolicy,
  type ReplacementFees,
  replacementFees,
  requireFeeWithinCap,
  waitForReceipt,
  type WaitEvent,
} from "./actions/receipts.js";
import { suiteInterfaces } from "./deployment.js";
import { decodeRevert, EgovError, TransactionFailedError } from "./errors.js";

export { MIN_FEE_BUMP_PERCENT, type ReceiptPolicy } from "./actions/receipts.js";

/** A transaction being sent, awaited, replaced, or just mined. */
export type TransactionEvent =
  | { readonly type: "sent"; readonly description: string; readonly hash: string; readonly nonce: number }
  | { readonly type: "mined"; readonly description: string; readonly hash: string; readonly blockNumber: number }
  | WaitEvent;

/** The call a transaction makes. */
export interface TransactionCall {
  readonly to: string;
  readonly data: string;
  /** Native coin sent with the call (default 0). */
  readonly value?: bigint;
  /** Default: the node's estimate. */
  readonly gasLimit?: bigint;
  /** Default: the account's next; a caller that keeps several transactions in flight counts them itself. */
  readonly nonce?: number;
}

/** Turns a failed simulation, estimate or transaction into the error to throw (its custom error decoded). */
export type ExplainFailure = (error: unknown) => EgovError | Promise<EgovError>;

/** A pending transaction of an earlier run that a new one may replace: default, the same `to`, `data` and `value`. */
export type SameCall = (pending: TransactionResponse, call: TransactionCall) => boolean;

/** Parameters of {@link simulateTransaction}. */
export interface SimulateTransactionParameters {
  /** The sending account (any signer with a provider; a `VoidSigner` simulates too). */
  readonly signer: Signer;
  readonly call: TransactionCall;
  /** Default: the revert decoded with the suite's ABIs ({@link decodeRevert}). */
  readonly explain?: ExplainFailure;
  /** Also ask the node for a gas estimate, which it returns (default false). */
  readonly estimate?: boolean;
}

/**
 * Runs the call as `eth_call` from the signer's account against the latest block (and `eth_estimateGas` when
 * `estimate` is set); throws what a revert means.
 *
 * @example
 * await simulateTransaction({ signer, call: { to, data } }); // throws ContractRevertError("PropertyRegistry...")
 */
export async function simulateTransaction({
  signer,
  call,
  explain,
  estimate,
}: SimulateTransactionParameters): Promise<bigint | undefined> {
  const request: TransactionRequest = {
    from: await signer.getAddress(),
    to: call.to,
    data: call.data,
    value: call.value ?? 0n,
  };
  const provider = providerOf(signer);
  try {
    await provider.call(request);
    return estimate === true ? await provider.estimateGas(request) : undefined;
  } catch (error) {
    throw await explainWith(explain, error);
  }
}

/** Parameters of {@link submitTransaction} and {@link sendTransaction}. */
export interface SendTransactionParameters extends SimulateTransactionParameters {
  /** Says what the transaction does, in progress lines and messages. */
  readonly description: string;
  /** Timeout, confirmations, fee cap, replacement of a stuck transaction. */
  readonly policy?: ReceiptPolicy;
  /** Simulate right before sending (default true). */
  readonly simulate?: boolean;
  /** Which pending transaction of an earlier run this call replaces (see `replace.pendingFromEarlierRuns`). */
  readonly sameCall?: SameCall;
  readonly onEvent?: (event: TransactionEvent) => void;
}

/** A sent transaction, to be awaited. */
export interface PendingTransaction {
  readonly response: TransactionResponse;
  /** Waits for the receipt as the policy says (replacing the transaction where it allows); throws when it failed. */
  wait(options?: { readonly onEvent?: (event: TransactionEvent) => void }): Promise<TransactionReceipt>;
}

/**
 * Simulates, checks the fee cap and sends; the receipt is awaited with the result's `wait`. Callers that keep
 * several transactions in flight (the bulk imports) use this; the others {@link sendTransaction}.
 */
export async function submitTransaction(parameters: SendTransactionParameters): Promise<PendingTransaction> {
  const { signer, call, description, policy } = parameters;
  if (parameters.simulate !== false) await simulateTransaction(parameters);
  const provider = providerOf(signer);
  await requireFeeWithinCap({ provider, policy, description });
  const earlier = call.nonce === undefined ? await pendingFromEarlierRun(parameters) : undefined;
  let response: TransactionResponse;
  try {
    response = await signer.sendTransaction({
      to: call.to,
      data: call.data,
      value: call.value ?? 0n,
      ...(call.gasLimit === undefined ? {} : { gasLimit: call.gasLimit }),
      ...(earlier === undefined ? (call.nonce === undefined ? {} : { nonce: call.nonce }) : earlier.fields),
    });
  } catch (error) {
    // On a chain without fees the replacement of an earlier run's transaction is that very transaction, which the
    // node already holds: it is still pending, and is awaited as sent.
    if (earlier?.identical === true && isAlreadyKnown(error)) response = earlier.previous;
    else throw await explainWith(parameters.explain, error);
  }
  parameters.onEvent?.({ type: "sent", description, hash: response.hash, nonce: response.nonce });
  if (earlier !== undefined) {
    parameters.onEvent?.({
      type: "replacing",
      description,
      previousHash: earlier.previous.hash,
      reason: "stuck",
      hash: response.hash,
      nonce: response.nonce,
    });
  }
  return {
    response,
    wait: (options) => awaitTransaction({ ...parameters, response, onEvent: options?.onEvent ?? parameters.onEvent }),
  };
}

/**
 * Sends a transaction the one way: simulated (a revert is thrown decoded, nothing sent), fee cap checked, sent,
 * awaited with the policy's timeout, replaced when stuck where the policy allows it.
 *
 * @example
 * const receipt = await sendTransaction({
 *   signer,
 *   call: { to: registry, data },
 *   description: "register parcel UT-1",
 *   policy: { timeoutMs: 60_000, replace: { attempts: 3 } },
 * });
 */
export async function sendTransaction(parameters: SendTransactionParameters): Promise<TransactionReceipt> {
  return (await submitTransaction(parameters)).wait();
}

/** Waits for a sent transaction and checks that it succeeded. */
async function awaitTransaction(
  parameters: SendTransactionParameters & { readonly response: TransactionResponse },
): Promise<TransactionReceipt> {
  const { response, description, onEvent } = parameters;
  let receipt: TransactionReceipt;
  try {
    receipt = await waitForReceipt({
      response,
      description,
      signer: parameters.signer,
      policy: parameters.policy,
      onEvent,
    });
  } catch (error) {
    if (error instanceof EgovError) throw error;
    const explained = await explainWith(parameters.explain, error);
    if (!(explained instanceof TransactionFailedError)) throw explained;
    throw new TransactionFailedError({ reason: explained.shortMessage, hash: response.hash, cause: error });
  }
  if (receipt.status !== 1) {
    throw new TransactionFailedError({ reason: `${description}: reverted on chain`, hash: receipt.hash });
  }
  onEvent?.({ type: "mined", description, hash: receipt.hash, blockNumber: receipt.blockNumber });
  return receipt;
}

/** The nodes' ways to list the transactions waiting in their pool: Hardhat's, then geth's (anvil, reth, Erigon). */
async function pendingTransactionsOf(provider: Provider, account: string): Promise<TransactionResponse[] | undefined> {
  const send = (provider as { send?: (method: string, params: unknown[]) => Promise<unknown> }).send;
  if (typeof send !== "function") return undefined;
  const lower = account.toLowerCase();
  const responses = (raw: unknown[]) =>
    Promise.all(
      raw
        .filter((entry) => String((entry as { from?: unknown }).from).toLowerCase() === lower)
        .map((entry) => provider.getTransaction(String((entry as { hash: unknown }).hash))),
    ).then((all) => all.filter((response): response is TransactionResponse => response !== null));
  try {
    return await responses((await send.call(provider, "eth_pendingTransactions", [])) as unknown[]);
  } catch {
    // Not Hardhat: try geth's pool listing.
  }
  try {
    const content = (await send.call(provider, "txpool_content", [])) as {
      pending?: Record<string, Record<string, unknown>>;
      queued?: Record<string, Record<string, unknown>>;
    };
    const of = (group: Record<string, Record<string, unknown>> | undefined) =>
      Object.entries(group ?? {})
        .filter(([from]) => from.toLowerCase() === lower)
        .flatMap(([, byNonce]) => Object.values(byNonce));
    return await responses([...of(content.pending), ...of(content.queued)]);
  } catch {
    return undefined;
  }
}

/** The same `to`, `data` and `value`. */
const sameCallDefault: SameCall = (pending, call) =>
  pending.to?.toLowerCase() === call.to.toLowerCase() &&
  pending.data.toLowerCase() === call.data.toLowerCase() &&
  pending.value === (call.value ?? 0n);

/**
 * When the policy replaces stuck transactions and the account has transactions sent but not mined: the nonce and
 * fees that replace the one an earlier run left pending for this call, or undefined when none did. Throws when the
 * node cannot list its pool, since a new transaction could then duplicate the pending one.
 */
async function pendingFromEarlierRun(parameters: SendTransactionParameters): Promise<
  | {
      previous: TransactionResponse;
      fields: { nonce: number; gasLimit: bigint } & ReplacementFees;
      /** The fees are unchanged (a chain without fees): the same transaction is sent again, gas limit included. */
      identical: boolean;
    }
  | undefined
> {
  const replace = parameters.policy?.replace;
  if (replace === undefined || replace.pendingFromEarlierRuns === false) return undefined;
  const provider = providerOf(parameters.signer);
  const account = await parameters.signer.getAddress();
  const [mined, sent] = await Promise.all([
    provider.getTransactionCount(account, "latest"),
    provider.getTransactionCount(account, "pending"),
  ]);
  if (sent <= mined) return undefined;
  const waiting = await pendingTransactionsOf(provider, account);
  if (waiting === undefined) {
    throw new EgovError(
      `${parameters.description}: account ${account} has ${sent - mined} transaction(s) sent and not mined ` +
        `(nonce ${mined} to ${sent - 1}), and the node does not list its pool, so --replace-stuck cannot find the one ` +
        "this command sent before; nothing was sent: wait until they are mined, then run the command again",
    );
  }
  const same = parameters.sameCall ?? sameCallDefault;
  const earlier = waiting.filter((pending) => same(pending, parameters.call)).sort((a, b) => a.nonce - b.nonce)[0];
  if (earlier === undefined) return undefined;
  const fees = await replacementFees({
    previous: earlier,
    provider,
    bumpPercent: replace.bumpPercent,
    maxFeePerGas: replace.maxFeePerGas ?? parameters.policy?.maxFeePerGas,
    description: parameters.description,
  });
  // The very transaction again only when the call is the same too (a ballot's new proof is another call).
  if (feesUnchanged(earlier, fees) && sameCallDefault(earlier, parameters.call)) {
    return {
      previous: earlier,
      fields: { nonce: earlier.nonce, gasLimit: earlier.gasLimit, ...fees },
      identical: true,
    };
  }
  // A node estimates against its pending state by default, where the earlier transaction's effects already show.
  const gasLimit = parameters.call.gasLimit ?? (await estimateAtLatest(provider, account, parameters));
  return { previous: earlier, fields: { nonce: earlier.nonce, gasLimit, ...fees }, identical: false };
}

/** The gas of the call against the latest block (not the node's pending state). */
async function estimateAtLatest(
  provider: Provider,
  from: string,
  parameters: SendTransactionParameters,
): Promise<bigint> {
  const { call } = parameters;
  const send = (provider as { send?: (method: string, params: unknown[]) => Promise<unknown> }).send;
  try {
    if (typeof send !== "function")
      return await provider.estimateGas({ from, to: call.to, data: call.data, value: call.value ?? 0n });
    const request = { from, to: call.to, data: call.data, value: toQuantity(call.value ?? 0n) };
    return BigInt((await send.call(provider, "eth_estimateGas", [request, "latest"])) as string);
  } catch (error) {
    throw await explainWith(parameters.explain, error);
  }
}

async function explainWith(explain: ExplainFailure | undefined, error: unknown): Promise<EgovError> {
  if (explain !== undefined) return explain(error);
  return decodeRevert({ error, interfaces: suiteInterfaces() });
}

function providerOf(signer: Signer): Provider {
  if (signer.provider === null) throw new EgovError("the sending account has no provider to reach the chain");
  return signer.provider;
}
