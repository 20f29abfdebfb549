/**
 * The emergency stop: a GUARDIAN pauses every write of one governed contract (reads go on, withdrawals of settled
 * escrow stay open where the contract allows), and ADMIN unpauses it once the emergency is over.
 *
 * @module
 */
import { InvalidInputError, InvalidStateError } from "../errors.js";
import { ACCESS, type SuiteContractName } from "../wiring.js";
import { type ActionContext, execute, type Execution } from "./execute.js";
import { resolveTarget } from "./roles.js";

/** The parameters of {@link pauseContract} and {@link unpauseContract}. */
export type PauseContractParameters = ActionContext & {
  /** The governed contract, by name (`PropertyRegistry`) or address. */
  readonly contract: string;
};

/** The return type of {@link pauseContract} and {@link unpauseContract}. */
export type PauseContractReturnType = Execution & { readonly contract: string; readonly address: string };

async function switchPause(parameters: PauseContractParameters, pause: boolean): Promise<PauseContractReturnType> {
  const { suite } = parameters;
  const target = await resolveTarget({ suite, target: parameters.contract });
  const name = target.name as SuiteContractName;
  const functionSignature = pause ? "pause()" : "unpause()";
  if (ACCESS[name]?.restricted[functionSignature] === undefined) {
    const pausable = Object.keys(ACCESS).filter(
      (candidate) => ACCESS[candidate as SuiteContractName].restricted["pause()"] !== undefined,
    );
    throw new InvalidInputError({
      field: "contract",
      reason: `${target.name} cannot be paused (one of ${pausable.join(", ")})`,
    });
  }
  const paused = (await target.contract.getFunction("paused").staticCall()) as boolean;
  if (paused === pause) {
    throw new InvalidStateError({
      kind: "contract",
      id: target.name,
      state: paused ? "paused already" : "not paused",
      reason: paused
        ? `ADMIN reopens it with \`suite unpause --contract ${target.name}\``
        : "there is nothing to unpause",
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: target.contract,
        contractName: target.name,
        functionName: pause ? "pause" : "unpause",
        args: [],
        description: `${pause ? "pause" : "unpause"} ${target.name}`,
      },
    ],
  });
  return { ...execution, contract: target.name, address: target.address };
}

/**
 * Pauses every write of a governed contract. Needs GUARDIAN.
 *
 * @throws {@link InvalidStateError} when the contract is paused already or closed in the authority.
 */
export async function pauseContract(parameters: PauseContractParameters): Promise<PauseContractReturnType> {
  return switchPause(parameters, true);
}

/**
 * Reopens the writes of a paused contract. Needs ADMIN.
 *
 * @throws {@link InvalidStateError} when the contract is not paused or closed in the authority.
 */
export async function unpauseContract(parameters: PauseContractParameters): Promise<PauseContractReturnType> {
  return switchPause(parameters, false);
}
