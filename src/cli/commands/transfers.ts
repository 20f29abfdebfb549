/**
 * `transfers …` commands: open, accept, approve, reject, settle, cancel, expire, withdraw, court-order,
 * recover-keys, show.
 *
 * @module
 */
import { Contract, type Provider, ZeroAddress } from "ethers";

import { chainTime } from "../../chain.js";
import { parseCompany } from "../../actions/company.js";
import { resolveTarget } from "../../actions/roles.js";
import { parseParcel } from "../../actions/property.js";
import {
  acceptOffer,
  approveOffer,
  cancelOffer,
  executeCourtOrder,
  expireOffer,
  type OfferActionParameters,
  type OfferActionReturnType,
  openOffer,
  rejectOffer,
  scheduleKeyRecovery,
  settleOffer,
  withdraw,
} from "../../actions/transfer.js";
import { ERC20_ABI } from "../../deployment.js";
import { InvalidInputError } from "../../errors.js";
import { getCompany, getOffer, getTitle } from "../../sdk/reads.js";
import {
  validateAddress,
  validateDocument,
  validateFutureDeadline,
  validateHash,
  validatePositiveAmount,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { formatAmount, isoTime, show, showArgs, type TokenUnit } from "../format.js";
import { type CommonArgs, command, type Session } from "../session.js";
import { contextOf } from "../context.js";

/** How each registry's records are named on the command line. */
const RECORD_PARSERS: Readonly<
  Record<string, (field: string, value: string | undefined) => { id: bigint; label: string }>
> = {
  PropertyRegistry: (field, value) => {
    const parcel = parseParcel(field, value);
    return { id: parcel.parcelId, label: parcel.label };
  },
  CompanyRegistry: (field, value) => {
    const company = parseCompany(field, value);
    return { id: company.companyId, label: company.label };
  },
};

/** An ERC-20 token's symbol and decimals, or undefined when the token does not say (the amount is then shown raw). */
async function tokenUnit(provider: Provider, token: string): Promise<TokenUnit | undefined> {
  if (token === ZeroAddress) return undefined;
  const contract = new Contract(token, ERC20_ABI, provider);
  try {
    const [symbol, decimals] = await Promise.all([
      contract.getFunction("symbol").staticCall() as Promise<string>,
      contract.getFunction("decimals").staticCall() as Promise<bigint>,
    ]);
    return { symbol, decimals: Number(decimals) };
  } catch {
    return undefined;
  }
}

/** A record's reference (cadastral reference, company number) as its registry recorded it, or undefined. */
async function recordReference(session: Session, registryName: string, recordId: bigint): Promise<string | undefined> {
  try {
    if (registryName === "PropertyRegistry") {
      return (await getTitle({ suite: session.suite, parcelId: recordId })).cadastralReference ?? undefined;
    }
    if (registryName === "CompanyRegistry") {
      return (await getCompany({ suite: session.suite, companyId: recordId })).companyNumber ?? undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The registry (`--registry`, PropertyRegistry by default) and its record (`--record`). */
async function registryRecord(session: Session, registry: string | undefined, record: string | undefined) {
  const target = await resolveTarget({ suite: session.suite, target: registry ?? "PropertyRegistry" });
  const parse = RECORD_PARSERS[target.name];
  if (parse === undefined) {
    throw new InvalidInputError({
      field: "--registry",
      reason: `${target.name} keeps no owned records (one of ${Object.keys(RECORD_PARSERS).join(", ")})`,
    });
  }
  return { registry: target.address, registryName: target.name, ...parse("--record", record) };
}

interface OpenArgs extends CommonArgs {
  readonly registry?: string;
  readonly record?: string;
  readonly buyer?: string;
  readonly price?: string;
  readonly token?: string;
  readonly deadline?: string;
  readonly deed?: string;
  readonly nonce?: string;
}

export const open = command<OpenArgs>({ write: true }, async (args, session) => {
  const { registry, id, label } = await registryRecord(session, args.registry, args.record);
  const buyer = validateAddress("--buyer", args.buyer);
  const token = args.token === undefined ? ZeroAddress : validateAddress("--token", args.token);
  let decimals = 18;
  let unit: TokenUnit | undefined;
  if (token !== ZeroAddress) {
    if ((await session.provider.getCode(token)) === "0x") {
      throw new InvalidInputError({ field: "--token", reason: `${token} is not a contract` });
    }
    decimals = Number(await new Contract(token, ERC20_ABI, session.provider).getFunction("decimals").staticCall());
    unit = (await tokenUnit(session.provider, token)) ?? { symbol: `of token ${token}`, decimals };
  }
  const price = validatePositiveAmount("--price", args.price, decimals);
  const now = await chainTime(session.provider);
  const deadline = validateFutureDeadline("--deadline", args.deadline, now);
  const deedHash = validateDocument("--deed", args.deed);
  const nonce = args.nonce === undefined ? undefined : validateUint("--nonce", args.nonce);
  const result = await openOffer({
    ...contextOf(session),
    registry,
    recordId: id,
    recordLabel: label,
    buyer,
    token,
    price,
    deadline,
    deedHash,
    nonce,
  });
  return {
    data: { offerId: result.offerId, offer: result.offer },
    lines: [
      `Offer ${result.offerId}`,
      `  ${label} to ${buyer} for ${formatAmount(price, token, unit)}, until ${isoTime(deadline)} (nonce ${result.offer.nonce})`,
    ],
    transactions: result.transactions,
    safeTitle: `Offer ${label}`,
  };
});

interface OfferArgs extends CommonArgs {
  readonly offer?: string;
}

function describeResult(verb: string, result: OfferActionReturnType): string[] {
  return [`Offer ${result.offer.offerId} ${verb} (was ${result.offer.status.toLowerCase()})`];
}

function offerCommand(action: (parameters: OfferActionParameters) => Promise<OfferActionReturnType>, verb: string) {
  return command<OfferArgs>({ write: true }, async (args, session) => {
    const offerId = validateHash("--offer", args.offer);
    const result = await action({ ...contextOf(session), offerId });
    return {
      data: { offerId, offer: result.offer },
      lines: describeResult(verb, result),
      transactions: result.transactions,
      safeTitle: `Offer ${offerId} ${verb}`,
    };
  });
}

export const accept = offerCommand(acceptOffer, "accepted");
export const approve = offerCommand(approveOffer, "approved");
export const settle = offerCommand(settleOffer, "settled");
export const cancel = offerCommand(cancelOffer, "cancelled");
export const expire = offerCommand(expireOffer, "expired");

interface RejectArgs extends OfferArgs {
  readonly reason?: string;
}

export const reject = command<RejectArgs>({ write: true }, async (args, session) => {
  const offerId = validateHash("--offer", args.offer);
  const reason = validateDocument("--reason", args.reason);
  const result = await rejectOffer({ ...contextOf(session), offerId, reason });
  return {
    data: { offerId, reason, offer: result.offer },
    lines: describeResult("rejected", result),
    transactions: result.transactions,
    safeTitle: `Reject offer ${offerId}`,
  };
});

interface WithdrawArgs extends OfferArgs {
  readonly to?: string;
}

export const withdrawCommand = command<WithdrawArgs>({ write: true }, async (args, session) => {
  const offerId = validateHash("--offer", args.offer);
  const to = args.to === undefined ? undefined : validateAddress("--to", args.to);
  const result = await withdraw({ ...contextOf(session), offerId, to });
  return {
    data: { offerId, amount: result.amount, to: to ?? (await session.signer.getAddress()) },
    lines: [
      `Withdrew ${formatAmount(result.amount, result.offer.offer.token, await tokenUnit(session.provider, result.offer.offer.token))} of offer ${offerId}`,
    ],
    transactions: result.transactions,
    safeTitle: `Withdraw offer ${offerId}`,
  };
});

interface CourtOrderArgs extends CommonArgs {
  readonly registry?: string;
  readonly record?: string;
  readonly to?: string;
  readonly basis?: string;
}

export const courtOrder = command<CourtOrderArgs>({ write: true }, async (args, session) => {
  const { registry, id, label } = await registryRecord(session, args.registry, args.record);
  const to = validateAddress("--to", args.to);
  const basis = validateDocument("--basis", args.basis);
  const result = await executeCourtOrder({
    ...contextOf(session),
    registry,
    recordId: id,
    recordLabel: label,
    to,
    basis,
  });
  return {
    data: { record: label, recordId: show(id), from: result.from, to, basis },
    lines: [`${label} moved by court order from ${result.from} to ${to}`],
    transactions: result.transactions,
    safeTitle: `Court order on ${label}`,
  };
});

interface RecoverKeysArgs extends CommonArgs {
  readonly registry?: string;
  readonly records?: string;
  readonly lost?: string;
  readonly newAccount?: string;
  readonly basis?: string;
}

export const recoverKeys = command<RecoverKeysArgs>({ write: true }, async (args, session) => {
  const target = await resolveTarget({ suite: session.suite, target: args.registry ?? "PropertyRegistry" });
  const parse = RECORD_PARSERS[target.name];
  if (parse === undefined) {
    throw new InvalidInputError({
      field: "--registry",
      reason: `${target.name} keeps no owned records (one of ${Object.keys(RECORD_PARSERS).join(", ")})`,
    });
  }
  const references = validateRequired("--records", args.records)
    .split(",")
    .map((reference) => reference.trim())
    .filter((reference) => reference !== "");
  const records = references.map((reference) => parse("--records", reference));
  const lostAccount = validateAddress("--lost", args.lost);
  const newAccount = validateAddress("--new-account", args.newAccount);
  const basis = validateDocument("--basis", args.basis);
  const result = await scheduleKeyRecovery({
    ...contextOf(session),
    registry: target.address,
    lostAccount,
    newAccount,
    recordIds: records.map((record) => record.id),
    recordLabels: records.map((record) => record.label),
    basis,
  });
  return {
    data: { operationId: result.operationId, executableAt: result.executableAt, records: references },
    lines: [
      `Key recovery of ${records.length} record(s) from ${lostAccount} to ${newAccount} scheduled as operation ${result.operationId}`,
      `  executable from ${isoTime(result.executableAt)} with \`roles execute --operation ${result.operationId}\`; a guardian can cancel it until then`,
    ],
    transactions: result.transactions,
    safeTitle: "Schedule a key recovery",
  };
});

export const showOffer = command<OfferArgs>({ write: false }, async (args, session) => {
  const offer = await getOffer({ suite: session.suite, offerId: validateHash("--offer", args.offer) });
  const { offer: terms } = offer;
  const unit = await tokenUnit(session.provider, terms.token);
  const units = new Map(unit === undefined ? [] : [[terms.token, unit]]);
  const reference = await recordReference(session, offer.registryName, terms.recordId);
  const labels = new Map(reference === undefined ? [] : [[terms.recordId, reference]]);
  const lines = [
    `Offer ${offer.offerId}: ${offer.status}`,
    `  ${offer.registryName} record ${reference === undefined ? show(terms.recordId) : `${reference} (id ${show(terms.recordId)})`}`,
    `  seller ${terms.seller} -> buyer ${terms.buyer}`,
    `  price ${formatAmount(terms.price, terms.token, unit)}; deadline ${isoTime(terms.deadline)}`,
    `  deed ${terms.deedHash}; nonce ${terms.nonce}`,
    `  approval required: ${offer.approvalRequired}; deposited: ${offer.deposited}; paid out: ${offer.fundsReleased}`,
    "  events:",
    ...offer.events.map(
      (event) =>
        `    block ${event.block} ${event.name}${
          Object.keys(event.args).length === 0 ? "" : ` ${showArgs(event.args, { units, labels })}`
        }`,
    ),
  ];
  return {
    data: {
      offer,
      record: reference ?? null,
      price: { amount: terms.price, display: formatAmount(terms.price, terms.token, unit) },
    },
    lines,
  };
});
