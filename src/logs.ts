/**
 * Reading events from the deployment block on, in block ranges that public RPC endpoints accept.
 *
 * @module
 */
import type { BaseContract, ContractEventName, EventLog, Log } from "ethers";

/** Blocks per `eth_getLogs` request: within the limits of common public endpoints. */
export const LOG_RANGE = 10_000;

/** Every log of `event` emitted by `contract` from `fromBlock` to the latest block, oldest first. */
export async function queryEvents(
  contract: BaseContract,
  event: ContractEventName,
  fromBlock: number,
): Promise<EventLog[]> {
  const provider = contract.runner?.provider;
  if (provider === null || provider === undefined) throw new Error("the contract's runner has no provider");
  const latest = await provider.getBlockNumber();
  const logs: (EventLog | Log)[] = [];
  for (let start = fromBlock; start <= latest; start += LOG_RANGE) {
    const end = Math.min(start + LOG_RANGE - 1, latest);
    logs.push(...(await contract.queryFilter(event, start, end)));
  }
  return logs.filter((log): log is EventLog => "args" in log);
}
