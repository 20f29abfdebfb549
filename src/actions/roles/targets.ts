/**
 * The suite's contracts and functions as the authority knows them: a target by name or address, a function by name
 * or selector, a role's label, and the check that an account holds a role.
 *
 * @module
 */
import type { BaseContract, FunctionFragment } from "ethers";
import type { Suite } from "../../deployment.js";
import { InvalidInputError } from "../../errors.js";
import { roleName } from "../../roles.js";

// -----------------------------------------------------------------------------------------------------------------
// Targets and functions
// -----------------------------------------------------------------------------------------------------------------

/** A contract of the suite resolved from its name or address. */
export interface SuiteTarget {
  readonly name: string;
  readonly address: string;
  readonly contract: BaseContract;
}

/** Finds a deployed contract of the suite by name (`PropertyRegistry`) or address. */
export async function resolveTarget({ suite, target }: { suite: Suite; target: string }): Promise<SuiteTarget> {
  for (const [name, contract] of Object.entries(suite.contracts)) {
    const address = await contract.getAddress();
    if (name.toLowerCase() === target.toLowerCase() || address.toLowerCase() === target.toLowerCase()) {
      return { name, address, contract };
    }
  }
  throw new InvalidInputError({
    field: "contract",
    reason: `"${target}" is not a contract of the suite (one of ${Object.keys(suite.contracts).join(", ")})`,
  });
}

/** A function of a contract by name (when not overloaded) or full signature. */
export function resolveFunction({
  target,
  function: nameOrSignature,
}: {
  target: SuiteTarget;
  /** The function's name, or its full signature when the name is overloaded. */
  function: string;
}): FunctionFragment {
  let fragment: FunctionFragment | null = null;
  try {
    fragment = target.contract.interface.getFunction(nameOrSignature);
  } catch (error) {
    throw new InvalidInputError({
      field: "function",
      reason: `"${nameOrSignature}" is ambiguous in ${target.name}: give the full signature`,
      cause: error,
    });
  }
  if (fragment === null) {
    throw new InvalidInputError({ field: "function", reason: `${target.name} has no function "${nameOrSignature}"` });
  }
  return fragment;
}

/** A role's display name: its name in `src/roles.ts`, else `role <id>`. */
export function roleLabel(roleId: bigint): string {
  return roleName(roleId) ?? `role ${roleId}`;
}
