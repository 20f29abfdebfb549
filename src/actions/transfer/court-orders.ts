/**
 * Court orders and recoveries: a record moved by court order without payment, and key and escrow recoveries
 * scheduled through the authority, where a guardian can cancel them while they wait.
 *
 * @module
 */
import { getAddress, ZeroAddress } from "ethers";

import { InvalidInputError, refusal } from "../../errors.js";
import { findOffer, type FoundOffer } from "../../sdk/reads.js";
import { validateHash } from "../../validate.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import { scheduleOperation, type ScheduleOperationReturnType } from "../roles.js";
import { escrowPayee, type OfferActionParameters, offerStep, ownerOfRecord } from "./checks.js";

export type ExecuteCourtOrderParameters = ActionContext & {
  readonly registry: string;
  readonly recordId: bigint;
  readonly recordLabel?: string;
  readonly to: string;
  /** Hash of the court order or inheritance certificate. */
  readonly basis: string;
};

export type ExecuteCourtOrderReturnType = Execution & {
  readonly from: string;
  readonly to: string;
  /** The operation scheduled in the authority, when the role carries a minimum execution delay. */
  readonly operationId?: string;
  /** When the scheduled operation becomes executable, unix seconds. */
  readonly executableAt?: number;
};

/**
 * Moves a record by court order, without payment; liens stay. Needs COURT_OFFICER. Where the deployment gives the role
 * a minimum execution delay (or the officer's grant names one), the order is scheduled in the authority instead, a
 * GUARDIAN can cancel it while it waits, and the officer executes it afterwards with `executeOperation`.
 */
export async function executeCourtOrder(parameters: ExecuteCourtOrderParameters): Promise<ExecuteCourtOrderReturnType> {
  const { suite, recordId } = parameters;
  const registry = getAddress(parameters.registry);
  const to = getAddress(parameters.to);
  const label = parameters.recordLabel ?? String(recordId);
  const basis = validateHash("basis", parameters.basis);
  const from = await ownerOfRecord(suite, registry, recordId, label);
  if (getAddress(from) === to) {
    throw new InvalidInputError({ field: "to", reason: `${to} already owns ${label}` });
  }
  const transfer = suite.ownershipTransfer;
  const selector = transfer.interface.getFunction("executeCourtOrder")!.selector;
  const [immediate, delay] = await suite.authority.canCall(
    await parameters.signer.getAddress(),
    await transfer.getAddress(),
    selector,
  );
  if (!immediate && delay > 0n) {
    const data = transfer.interface.encodeFunctionData("executeCourtOrder", [registry, recordId, to, basis]);
    const scheduled = await scheduleOperation({ ...parameters, contract: "OwnershipTransfer", data });
    return { ...scheduled, from, to };
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.ownershipTransfer,
        contractName: "OwnershipTransfer",
        functionName: "executeCourtOrder",
        args: [registry, recordId, to, basis],
        description: `court order: move ${label} from ${from} to ${to}`,
        labels: new Map([[recordId, label]]),
      },
    ],
  });
  return { ...execution, from, to };
}

export type ScheduleKeyRecoveryParameters = ActionContext & {
  readonly registry: string;
  readonly lostAccount: string;
  readonly newAccount: string;
  readonly recordIds: readonly bigint[];
  /** Labels of the records for messages, in the same order. */
  readonly recordLabels?: readonly string[];
  /** Hash of the recovery order. */
  readonly basis: string;
};

export type ScheduleKeyRecoveryReturnType = ScheduleOperationReturnType;

/**
 * Schedules a key recovery in the authority: RECOVERY_OFFICER acts only after the role's delay, during which a
 * guardian can cancel. Execute it afterwards with `executeOperation` (`roles execute`).
 */
export async function scheduleKeyRecovery(
  parameters: ScheduleKeyRecoveryParameters,
): Promise<ScheduleKeyRecoveryReturnType> {
  const { suite, recordIds } = parameters;
  const registry = getAddress(parameters.registry);
  const lostAccount = getAddress(parameters.lostAccount);
  const newAccount = getAddress(parameters.newAccount);
  const basis = validateHash("basis", parameters.basis);
  if (newAccount === ZeroAddress || newAccount === lostAccount) {
    throw new InvalidInputError({ field: "newAccount", reason: "must be an account other than the lost one" });
  }
  const maximum = await suite.ownershipTransfer.MAX_RECOVERY_RECORDS();
  if (recordIds.length === 0 || BigInt(recordIds.length) > maximum) {
    throw new InvalidInputError({
      field: "records",
      reason: `between 1 and ${maximum} records per order, got ${recordIds.length}`,
    });
  }
  // The recovery is only scheduled now, so nothing simulates it: the checks its execution would make are made here.
  if (!(await suite.ownershipTransfer.registryPolicy(registry)).enabled) {
    throw refusal({ errorName: "OwnershipTransferRegistryNotEnabled", args: { registry } });
  }
  await Promise.all(
    recordIds.map(async (recordId, index) => {
      const label = parameters.recordLabels?.[index] ?? String(recordId);
      const owner = await ownerOfRecord(suite, registry, recordId, label);
      if (getAddress(owner) !== lostAccount) {
        throw new InvalidInputError({ field: "records", reason: `${label} is owned by ${owner}, not ${lostAccount}` });
      }
    }),
  );
  const data = suite.ownershipTransfer.interface.encodeFunctionData("recoverKeys", [
    registry,
    lostAccount,
    newAccount,
    [...recordIds],
    basis,
  ]);
  return scheduleOperation({ ...parameters, contract: "OwnershipTransfer", data });
}

export type RecoverEscrowParameters = OfferActionParameters & {
  /** The offer's payee whose key was lost. */
  readonly lostAccount: string;
  /** The owner's new account, which receives the escrowed price. */
  readonly newAccount: string;
  /** Hash of the recovery order: the legal basis, recorded in the `EscrowRecovered` event. */
  readonly basis: string;
};

export type RecoverEscrowReturnType = Execution & {
  readonly offer: FoundOffer;
  readonly amount: bigint;
  /** The operation scheduled in the authority, when the caller's role carries a delay (as deployed). */
  readonly operationId?: string;
  /** When the scheduled operation becomes executable, unix seconds. */
  readonly executableAt?: number;
};

/**
 * Pays the escrowed price owed to an account whose key was lost (the seller's proceeds after settlement, the buyer's
 * refund after a rejection or expiry) to the owner's new account. RECOVERY_OFFICER's role carries an execution
 * delay, so the call is scheduled in the authority (a GUARDIAN can cancel it while it waits) and executed afterwards
 * with `executeOperation` (`roles execute`); a holder without delay calls it at once. Checked first: the basis is a
 * hash, the lost account is the offer's payee and has not withdrawn, the new account is neither zero nor the lost one.
 */
export async function recoverEscrow(parameters: RecoverEscrowParameters): Promise<RecoverEscrowReturnType> {
  const { suite, signer } = parameters;
  const lostAccount = getAddress(parameters.lostAccount);
  const newAccount = getAddress(parameters.newAccount);
  const basis = validateHash("basis", parameters.basis);
  if (newAccount === ZeroAddress || newAccount === lostAccount) {
    throw new InvalidInputError({ field: "newAccount", reason: "must be an account other than the lost one" });
  }
  const found = await findOffer(parameters);
  const payeeParty = escrowPayee(
    found,
    "there is no escrow to recover",
    "its escrow belongs to nobody yet: it is released once the offer is settled, rejected or expired",
  );
  const payee = getAddress(found.offer[payeeParty]);
  if (payee !== lostAccount) {
    throw new InvalidInputError({
      field: "lost",
      reason: `${lostAccount} is not the payee of offer ${found.offerId}: its escrow is owed to the ${payeeParty} ${payee}`,
    });
  }
  const transfer = suite.ownershipTransfer;
  const from = await signer.getAddress();
  const selector = transfer.interface.getFunction("recoverEscrow")!.selector;
  const [immediate] = await suite.authority.canCall(from, await transfer.getAddress(), selector);
  if (immediate) {
    const execution = await execute({
      ...parameters,
      steps: [
        offerStep(
          suite,
          "recoverEscrow",
          found,
          [lostAccount, newAccount, basis],
          `pay the escrow of offer ${found.offerId} owed to ${lostAccount} to ${newAccount}`,
        ),
      ],
    });
    return { ...execution, offer: found, amount: found.offer.price };
  }
  const data = transfer.interface.encodeFunctionData("recoverEscrow", [found.offer, lostAccount, newAccount, basis]);
  const scheduled = await scheduleOperation({ ...parameters, contract: "OwnershipTransfer", data });
  return { ...scheduled, offer: found, amount: found.offer.price };
}
