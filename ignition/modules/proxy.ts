import type { IgnitionModuleBuilder } from "@nomicfoundation/ignition-core";

/** Artifact of the proxy behind every governed contract (built from `@openzeppelin/contracts`). */
export const ERC1967_PROXY = "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol:ERC1967Proxy";

/**
 * Deploys `contractName` as a UUPS implementation behind an ERC-1967 proxy, initialised in the same transaction.
 * Futures are named `<contractName>Implementation`, `<contractName>Proxy` and `<contractName>`.
 */
export function deployBehindProxy<ContractNameT extends string>(
  m: IgnitionModuleBuilder,
  contractName: ContractNameT,
  initializerArgs: Parameters<IgnitionModuleBuilder["encodeFunctionCall"]>[2],
) {
  const implementation = m.contract(contractName, [], { id: `${contractName}Implementation` });
  const initialize = m.encodeFunctionCall(implementation, "initialize", initializerArgs, {
    id: `${contractName}Initialize`,
  });
  const proxy = m.contract(ERC1967_PROXY, [implementation, initialize], { id: `${contractName}Proxy` });
  const instance = m.contractAt(contractName, proxy, { id: contractName });
  return { implementation, proxy, instance };
}
