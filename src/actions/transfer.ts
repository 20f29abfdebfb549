/**
 * Ownership-transfer actions: sale offers (open, accept with payment, approve, reject, settle, cancel, expire,
 * withdraw), court orders, and key recoveries scheduled through the authority. An offer is named by its id (its
 * EIP-712 hash); the full offer every contract call needs is recovered from its `OfferOpened` event.
 *
 * @module
 */
import { Contract, formatEther, getAddress, hexlify, randomBytes, ZeroAddress } from "ethers";

import { chainTime } from "../chain.js";
import { IOwnershipRegistry__factory } from "../contracts.js";
import { ERC20_ABI, type Suite } from "../deployment.js";
import {
  decodedRead,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  refusal,
  UnauthorizedPartyError,
} from "../errors.js";
import { findOffer, type FoundOffer, type Offer } from "../sdk/reads.js";
import { validateHash } from "../validate.js";
import { isoTime, type OfferStatusName } from "../vocabulary.js";
import { type ActionContext, type CallStep, execute, type Execution } from "./execute.js";
import { scheduleOperation, type ScheduleOperationReturnType } from "./roles.js";

function requireOfferStatus(found: FoundOffer, allowed: readonly OfferStatusName[], reason: string): void {
  if (!allowed.includes(found.status)) {
    throw new InvalidStateError({ kind: "offer", id: found.offerId, state: found.status.toLowerCase(), reason });
  }
}

async function requireBeforeDeadline(suite: Suite, found: FoundOffer): Promise<void> {
  if ((await chainTime(suite.runner.provider!)) > Number(found.offer.deadline)) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: "past its deadline",
      reason: `the deadline was ${isoTime(found.offer.deadline)}; expire it instead`,
    });
  }
}

function requireParty(account: string, party: "seller" | "buyer", found: FoundOffer, action: string): void {
  const expected = found.offer[party];
  if (getAddress(account) !== getAddress(expected)) {
    throw new UnauthorizedPartyError({ account, party: `${party} of offer ${found.offerId}`, expected, action });
  }
}

/** The owner of a record (an unknown record is a `RecordNotFoundError` that names it by its label). */
function ownerOfRecord(suite: Suite, registry: string, recordId: bigint, label: string): Promise<string> {
  return decodedRead(() => IOwnershipRegistry__factory.connect(registry, suite.runner).ownerOf(recordId), {
    interfaces: suite.interfaces,
    labels: new Map([[recordId, label]]),
  });
}

async function requireApprover(parameters: ActionContext, found: FoundOffer, functionName: string): Promise<void> {
  const { suite, signer } = parameters;
  const account = await signer.getAddress();
  const policy = await suite.ownershipTransfer.registryPolicy(found.offer.registry);
  const [isMember, delay] = await suite.authority.hasRole(policy.approverRole, account);
  if (!isMember || delay !== 0n) {
    throw new MissingRoleError({
      account,
      role: policy.approverRole,
      contract: "OwnershipTransfer",
      functionName,
      hint: isMember ? "approvers must hold the role without execution delay" : undefined,
    });
  }
}

function offerStep(
  suite: Suite,
  functionName: string,
  found: FoundOffer,
  extraArgs: unknown[],
  description: string,
  value?: bigint,
): CallStep {
  return {
    contract: suite.ownershipTransfer,
    contractName: "OwnershipTransfer",
    functionName,
    args: [found.offer, ...extraArgs],
    value,
    description,
  };
}

// -----------------------------------------------------------------------------------------------------------------
// Sale
// -----------------------------------------------------------------------------------------------------------------

export type OpenOfferParameters = ActionContext & {
  /** The registry's address. */
  readonly registry: string;
  readonly recordId: bigint;
  /** How to show the record in messages (a cadastral reference). */
  readonly recordLabel?: string;
  readonly buyer: string;
  /** The payment token; the native coin when absent or zero. */
  readonly token?: string;
  readonly price: bigint;
  /** Until when the offer can settle, unix seconds. */
  readonly deadline: number;
  readonly deedHash: string;
  /** Any number that makes this offer's id unique; random when absent. */
  readonly nonce?: bigint;
};

export type OpenOfferReturnType = Execution & { readonly offerId: string; readonly offer: Offer };

/** Opens a sale offer as the record's owner. */
export async function openOffer(parameters: OpenOfferParameters): Promise<OpenOfferReturnType> {
  const { suite, signer, recordId, price, deadline } = parameters;
  const transfer = suite.ownershipTransfer;
  const seller = getAddress(await signer.getAddress());
  const registry = getAddress(parameters.registry);
  const buyer = getAddress(parameters.buyer);
  const token = getAddress(parameters.token ?? ZeroAddress);
  const label = parameters.recordLabel ?? String(recordId);
  if (buyer === ZeroAddress || buyer === seller) {
    throw new InvalidInputError({ field: "buyer", reason: "must be an account other than the seller" });
  }
  if (price <= 0n) throw new InvalidInputError({ field: "price", reason: "must be greater than zero" });
  const deedHash = validateHash("deedHash", parameters.deedHash);
  const now = await chainTime(suite.runner.provider!);
  if (deadline <= now) {
    throw new InvalidInputError({ field: "deadline", reason: `must be after the chain's time ${now}` });
  }
  if (token !== ZeroAddress && (await suite.runner.provider!.getCode(token)) === "0x") {
    throw new InvalidInputError({ field: "token", reason: `${token} is not a contract` });
  }
  const offer: Offer = {
    registry,
    recordId,
    seller,
    buyer,
    token,
    price,
    deadline,
    deedHash,
    nonce: parameters.nonce ?? BigInt(hexlify(randomBytes(16))),
  };
  const offerId = await transfer.hashOffer(offer);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: transfer,
        contractName: "OwnershipTransfer",
        functionName: "openOffer",
        args: [offer],
        description: `open offer ${offerId} for ${label} to ${buyer}`,
        labels: new Map([[recordId, label]]),
      },
    ],
  });
  return { ...execution, offerId, offer };
}

/** What every action on an existing offer takes: the offer's id. */
export type OfferActionParameters = ActionContext & { readonly offerId: string };
/** What every action on an existing offer returns: its execution and the offer as it was before. */
export type OfferActionReturnType = Execution & { readonly offer: FoundOffer };

export type AcceptOfferParameters = OfferActionParameters;
export type AcceptOfferReturnType = OfferActionReturnType;
export type ApproveOfferParameters = OfferActionParameters;
export type ApproveOfferReturnType = OfferActionReturnType;
export type RejectOfferReturnType = OfferActionReturnType;
export type SettleOfferParameters = OfferActionParameters;
export type SettleOfferReturnType = OfferActionReturnType;
export type CancelOfferParameters = OfferActionParameters;
export type CancelOfferReturnType = OfferActionReturnType;
export type ExpireOfferParameters = OfferActionParameters;
export type ExpireOfferReturnType = OfferActionReturnType;

/**
 * Accepts an offer as its buyer and pays the price into escrow: the native coin with the call, or an ERC-20 that is
 * approved first when the allowance is short.
 */
export async function acceptOffer(parameters: AcceptOfferParameters): Promise<AcceptOfferReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  const buyer = await signer.getAddress();
  requireOfferStatus(found, ["Open"], "only an open offer can be accepted");
  requireParty(buyer, "buyer", found, "accept it");
  await requireBeforeDeadline(suite, found);
  const { offer } = found;
  const steps: CallStep[] = [];
  const provider = suite.runner.provider!;
  if (offer.token === ZeroAddress) {
    const balance = await provider.getBalance(buyer);
    if (balance < offer.price) {
      throw new InvalidStateError({
        kind: "account",
        id: buyer,
        state: "short of funds",
        reason: `it holds ${formatEther(balance)} ETH, the price is ${formatEther(offer.price)} ETH`,
      });
    }
    steps.push(
      offerStep(
        suite,
        "acceptOffer",
        found,
        [],
        `accept offer ${found.offerId} paying ${formatEther(offer.price)} ETH`,
        offer.price,
      ),
    );
  } else {
    const token = new Contract(offer.token, ERC20_ABI, suite.runner);
    const spender = await suite.ownershipTransfer.getAddress();
    const [balance, allowance] = (await Promise.all([
      token.getFunction("balanceOf").staticCall(buyer),
      token.getFunction("allowance").staticCall(buyer, spender),
    ])) as [bigint, bigint];
    if (balance < offer.price) {
      throw new InvalidStateError({
        kind: "account",
        id: buyer,
        state: "short of tokens",
        reason: `it holds ${balance} of ${offer.token}, the price is ${offer.price}`,
      });
    }
    if (allowance < offer.price) {
      steps.push({
        contract: token,
        contractName: "ERC20",
        functionName: "approve",
        args: [spender, offer.price],
        description: `approve OwnershipTransfer to take ${offer.price} of ${offer.token}`,
      });
    }
    steps.push({
      ...offerStep(
        suite,
        "acceptOffer",
        found,
        [],
        `accept offer ${found.offerId} paying ${offer.price} of ${offer.token}`,
      ),
      afterPrevious: steps.length > 0,
    });
  }
  return { ...(await execute({ ...parameters, steps: steps })), offer: found };
}

/** Approves an accepted sale. Needs the registry's approver role (LAND_REGISTRAR for titles) without delay. */
export async function approveOffer(parameters: ApproveOfferParameters): Promise<ApproveOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Accepted"], "only an accepted offer can be approved");
  await requireBeforeDeadline(suite, found);
  await requireApprover(parameters, found, "approveOffer");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "approveOffer", found, [], `approve offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

export type RejectOfferParameters = OfferActionParameters & {
  /** Hash of the decision. */
  readonly reason: string;
};

/** Refuses a sale that is open, accepted or approved; a paid price becomes withdrawable by the buyer. */
export async function rejectOffer(parameters: RejectOfferParameters): Promise<RejectOfferReturnType> {
  const { suite } = parameters;
  const reason = validateHash("reason", parameters.reason);
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open", "Accepted", "Approved"], "only a pending offer can be rejected");
  await requireApprover(parameters, found, "rejectOffer");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "rejectOffer", found, [reason], `reject offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/** Settles a sale: the record moves to the buyer and the seller is credited. Anyone may call. */
export async function settleOffer(parameters: SettleOfferParameters): Promise<SettleOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  const settleable = found.status === "Approved" || (found.status === "Accepted" && !found.approvalRequired);
  if (!settleable) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: found.status.toLowerCase(),
      reason: found.approvalRequired
        ? "it settles once accepted and approved by a registrar"
        : "it settles once accepted by the buyer",
    });
  }
  await requireBeforeDeadline(suite, found);
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "settleOffer", found, [], `settle offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/** Withdraws an open offer as its seller. */
export async function cancelOffer(parameters: CancelOfferParameters): Promise<CancelOfferReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open"], "only an open offer can be cancelled");
  requireParty(await signer.getAddress(), "seller", found, "cancel it");
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "cancelOffer", found, [], `cancel offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

/**
 * Marks an offer that can no longer settle (deadline passed, the seller sold otherwise, or the authority closed
 * OwnershipTransfer) as expired.
 */
export async function expireOffer(parameters: ExpireOfferParameters): Promise<ExpireOfferReturnType> {
  const { suite } = parameters;
  const found = await findOffer(parameters);
  requireOfferStatus(found, ["Open", "Accepted", "Approved"], "only a pending offer can expire");
  const { offer } = found;
  const pastDeadline = (await chainTime(suite.runner.provider!)) > Number(offer.deadline);
  const owner = await ownerOfRecord(suite, offer.registry, offer.recordId, String(offer.recordId));
  // A closed OwnershipTransfer settles nothing, so every pending offer of it expires at once.
  const closed = await suite.authority.isTargetClosed(await suite.ownershipTransfer.getAddress());
  if (!pastDeadline && !closed && getAddress(owner) === getAddress(offer.seller)) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: "still valid",
      reason: `it can settle until ${isoTime(offer.deadline)}`,
    });
  }
  const execution = await execute({
    ...parameters,
    steps: [offerStep(suite, "expireOffer", found, [], `expire offer ${found.offerId}`)],
  });
  return { ...execution, offer: found };
}

export type WithdrawParameters = OfferActionParameters & {
  /** Where the funds go; the acting account when absent. */
  readonly to?: string;
};

export type WithdrawReturnType = OfferActionReturnType & { readonly amount: bigint };

/** Pays out an offer's escrow to its payee: the seller after settlement, the buyer after rejection or expiry. */
export async function withdraw(parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const { suite, signer } = parameters;
  const found = await findOffer(parameters);
  const account = await signer.getAddress();
  const to = getAddress(parameters.to ?? account);
  if (to === ZeroAddress) throw new InvalidInputError({ field: "to", reason: "must not be the zero address" });
  if (!found.deposited || found.fundsReleased) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: found.fundsReleased ? "paid out" : "without deposit",
      reason: "there is nothing to withdraw",
    });
  }
  const payeeParty =
    found.status === "Settled"
      ? "seller"
      : found.status === "Rejected" || found.status === "Expired"
        ? "buyer"
        : undefined;
  if (payeeParty === undefined) {
    throw new InvalidStateError({
      kind: "offer",
      id: found.offerId,
      state: found.status.toLowerCase(),
      reason: "the escrow is released once the offer is settled, rejected or expired",
    });
  }
  requireParty(account, payeeParty, found, "withdraw its escrow");
  const execution = await execute({
    ...parameters,
    steps: [
      offerStep(suite, "withdraw", found, [to], `withdraw ${found.offer.price} of offer ${found.offerId} to ${to}`),
    ],
  });
  return { ...execution, offer: found, amount: found.offer.price };
}

// -----------------------------------------------------------------------------------------------------------------
// Court order and key recovery
// -----------------------------------------------------------------------------------------------------------------

export type ExecuteCourtOrderParameters = ActionContext & {
  readonly registry: string;
  readonly recordId: bigint;
  readonly recordLabel?: string;
  readonly to: string;
  /** Hash of the court order or inheritance certificate. */
  readonly basis: string;
};

export type ExecuteCourtOrderReturnType = Execution & { readonly from: string; readonly to: string };

/** Moves a record by court order, without payment; liens stay. Needs COURT_OFFICER. */
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
