/**
 * `transfers …` commands: open, accept, approve, reject, settle, approve-and-settle, cancel, expire, withdraw,
 * sign-offer, open-by-sig, accept-by-sig, court-order, recover-keys, recover-escrow, show.
 *
 * @module
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { Contract, Wallet, ZeroAddress } from "ethers";

import { chainTime } from "../../chain.js";
import { parseCompany } from "../../actions/company.js";
import { resolveTarget } from "../../actions/roles.js";
import { parseParcel } from "../../actions/property.js";
import {
  acceptOffer,
  acceptOfferBySig,
  approveAndSettleOffer,
  approveOffer,
  attachOfferSignature,
  cancelOffer,
  cancelSignedOffer,
  executeCourtOrder,
  expireOffer,
  type OfferActionParameters,
  type OfferActionReturnType,
  openOffer,
  openOfferBySig,
  parseSignedOffer,
  prepareOffer,
  recoverEscrow,
  rejectOffer,
  scheduleKeyRecovery,
  settleOffer,
  type SignedOffer,
  signOffer,
  withdraw,
} from "../../actions/transfer.js";
import { ERC20_ABI } from "../../deployment.js";
import { InvalidInputError } from "../../errors.js";
import { getCompany, getOffer, getTitle } from "../../sdk/reads.js";
import {
  validateAddress,
  validateDocument,
  validateFileExists,
  validateFutureDeadline,
  validateHash,
  validatePositiveAmount,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { formatAmount, isoTime, show, showArgs, tokenUnit, type TokenUnit } from "../format.js";
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

/** The terms of an offer from the options of `open` and `sign-offer`, checked. */
async function offerTermsOf(args: OpenArgs, session: Session) {
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
  return { registry, recordId: id, recordLabel: label, buyer, token, unit, price, deadline, deedHash, nonce };
}

export const open = command<OpenArgs>({ write: true }, async (args, session) => {
  const { unit, ...terms } = await offerTermsOf(args, session);
  const { recordLabel: label, buyer, price, token, deadline } = terms;
  const result = await openOffer({ ...contextOf(session), ...terms });
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
    data: { record: label, recordId: show(id), from: result.from, to, basis, operationId: result.operationId },
    lines:
      result.operationId === undefined
        ? [`${label} moved by court order from ${result.from} to ${to}`]
        : [
            `Court order moving ${label} from ${result.from} to ${to} scheduled as operation ${result.operationId}`,
            `  executable from ${isoTime(result.executableAt!)} with \`roles execute --operation ${result.operationId}\`; a guardian can cancel it until then`,
          ],
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
          Object.keys(event.args).length === 0 ? "" : ` ${showArgs(event.args, { units, labels, event: event.name })}`
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

export const approveAndSettle = offerCommand(approveAndSettleOffer, "approved and settled");

interface SignOfferArgs extends OpenArgs {
  readonly keyFile?: string;
  readonly typedData?: boolean;
  readonly seller?: string;
  readonly signature?: string;
  readonly out?: string;
}

/**
 * The seller's key from a file holding a hex private key. The file must be readable by its owner alone (as ssh asks
 * of its keys); the key itself never appears in any message.
 */
function walletOf(field: string, path: string | undefined): Wallet {
  const file = validateFileExists(field, path);
  if (process.platform !== "win32") {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new InvalidInputError({
        field,
        reason: `${file} can be read by other users (mode ${mode.toString(8)}): restrict it with chmod 600`,
      });
    }
  }
  const text = readFileSync(file, "utf8").trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(text)) {
    throw new InvalidInputError({ field, reason: `${file} does not hold a private key (64 hex digits, 0x optional)` });
  }
  try {
    return new Wallet(text.startsWith("0x") ? text : `0x${text}`);
  } catch {
    throw new InvalidInputError({ field, reason: `${file} does not hold a valid secp256k1 private key` });
  }
}

/** Writes a JSON file that must not exist yet. */
function writeNewJson(field: string, path: string, value: unknown): string {
  const file = resolve(path);
  if (existsSync(file)) throw new InvalidInputError({ field, reason: `${file} exists already` });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { flag: "wx" });
  return file;
}

export const signOfferCommand = command<SignOfferArgs>({ write: false }, async (args, session) => {
  const ways = [args.keyFile !== undefined, args.typedData === true, args.signature !== undefined];
  if (ways.filter(Boolean).length !== 1) {
    throw new InvalidInputError({
      field: "--key-file",
      reason: "give exactly one of --key-file (sign here), --typed-data (print it for a wallet), --signature",
    });
  }
  if (args.keyFile !== undefined && args.seller !== undefined) {
    throw new InvalidInputError({ field: "--seller", reason: "is the key file's account; leave it out" });
  }
  const wallet = args.keyFile === undefined ? undefined : walletOf("--key-file", args.keyFile);
  if (args.out !== undefined && existsSync(resolve(args.out))) {
    throw new InvalidInputError({ field: "--out", reason: `${resolve(args.out)} exists already` });
  }
  const { unit, ...terms } = await offerTermsOf(args, session);
  const seller = args.seller === undefined ? undefined : validateAddress("--seller", args.seller);
  const base = { suite: session.suite, ...terms };
  // The actions name their parameters; the errors name this command's options.
  const options: Record<string, string> = {
    seller: wallet === undefined ? "--seller" : "--key-file",
    buyer: "--buyer",
    price: "--price",
    deadline: "--deadline",
    deedHash: "--deed",
    token: "--token",
    nonce: "--nonce",
    signature: "--signature",
  };
  const asOptions = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof InvalidInputError && options[error.field] !== undefined) {
        throw new InvalidInputError({ field: options[error.field], reason: error.reason });
      }
      throw error;
    }
  };
  if (args.typedData === true) {
    const prepared = await asOptions(() => prepareOffer({ ...base, seller }));
    return {
      data: { offerId: prepared.offerId, typedData: prepared.typedData },
      lines: JSON.stringify(prepared.typedData, null, 2).split("\n"),
    };
  }
  const signed: SignedOffer =
    wallet !== undefined
      ? (await asOptions(() => signOffer({ ...base, wallet }))).signed
      : (
          await asOptions(() =>
            attachOfferSignature({ ...base, seller, signature: validateRequired("--signature", args.signature) }),
          )
        ).signed;
  const written = args.out === undefined ? undefined : writeNewJson("--out", args.out, signed);
  return {
    data: { ...signed, file: written ?? null },
    lines:
      written === undefined
        ? JSON.stringify(signed, null, 2).split("\n")
        : [
            `Offer ${signed.offerId} signed by ${signed.offer.seller}, written to ${written}`,
            `  ${terms.recordLabel} to ${terms.buyer} for ${formatAmount(terms.price, terms.token, unit)}, until ${isoTime(terms.deadline)} (nonce ${signed.offer.nonce})`,
          ],
  };
});

interface SignedArgs extends CommonArgs {
  readonly signed?: string;
}

/** A signed-offer file, parsed and checked field by field. */
function signedOfferOf(path: string | undefined): SignedOffer {
  const file = validateFileExists("--signed", path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new InvalidInputError({ field: "--signed", reason: `${file} is not JSON`, cause: error });
  }
  return parseSignedOffer("--signed", json);
}

/** Names `--signed` in the errors the actions raise about the signed offer. */
async function asSignedOption<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidInputError && error.field === "signed") {
      throw new InvalidInputError({ field: "--signed", reason: error.reason });
    }
    throw error;
  }
}

export const openBySig = command<SignedArgs>({ write: true }, async (args, session) => {
  const signed = signedOfferOf(args.signed);
  const result = await asSignedOption(() => openOfferBySig({ ...contextOf(session), signed }));
  return {
    data: { offerId: result.offerId, offer: result.offer },
    lines: [`Offer ${result.offerId} signed by ${result.offer.seller} opened`],
    transactions: result.transactions,
    safeTitle: `Open signed offer ${result.offerId}`,
  };
});

export const acceptBySig = command<SignedArgs>({ write: true }, async (args, session) => {
  const signed = signedOfferOf(args.signed);
  const result = await asSignedOption(() => acceptOfferBySig({ ...contextOf(session), signed }));
  const { offer } = result;
  const amount = formatAmount(offer.price, offer.token, await tokenUnit(session.provider, offer.token));
  return {
    data: { offerId: result.offerId, offer, wasOpen: result.wasOpen },
    lines: [`Offer ${result.offerId} ${result.wasOpen ? "" : "opened and "}accepted, ${amount} paid into escrow`],
    transactions: result.transactions,
    safeTitle: `Accept signed offer ${result.offerId}`,
  };
});

interface RecoverEscrowArgs extends OfferArgs {
  readonly lost?: string;
  readonly newAccount?: string;
  readonly basis?: string;
}

export const recoverEscrowCommand = command<RecoverEscrowArgs>({ write: true }, async (args, session) => {
  const offerId = validateHash("--offer", args.offer);
  const lostAccount = validateAddress("--lost", args.lost);
  const newAccount = validateAddress("--new-account", args.newAccount);
  const basis = validateDocument("--basis", args.basis);
  let result;
  try {
    result = await recoverEscrow({ ...contextOf(session), offerId, lostAccount, newAccount, basis });
  } catch (error) {
    if (error instanceof InvalidInputError && ["lost", "newAccount"].includes(error.field)) {
      const option = error.field === "lost" ? "--lost" : "--new-account";
      throw new InvalidInputError({ field: option, reason: error.reason });
    }
    throw error;
  }
  const { offer } = result.offer;
  const amount = formatAmount(result.amount, offer.token, await tokenUnit(session.provider, offer.token));
  const lines =
    result.operationId === undefined
      ? [`Escrow of offer ${offerId} (${amount}) owed to ${lostAccount} paid to ${newAccount}`]
      : [
          `Recovery of the escrow of offer ${offerId} (${amount}) from ${lostAccount} to ${newAccount} scheduled as operation ${result.operationId}`,
          `  executable from ${isoTime(result.executableAt!)} with \`roles execute --operation ${result.operationId}\`; a guardian can cancel it until then`,
        ];
  return {
    data: {
      offerId,
      lostAccount,
      newAccount,
      amount: result.amount,
      operationId: result.operationId ?? null,
      executableAt: result.executableAt ?? null,
    },
    lines,
    transactions: result.transactions,
    safeTitle: `Recover the escrow of offer ${offerId}`,
  };
});

interface CancelArgs extends OfferArgs {
  readonly signed?: string;
}

export const cancel = command<CancelArgs>({ write: true }, async (args, session) => {
  if ((args.offer === undefined) === (args.signed === undefined)) {
    throw new InvalidInputError({
      field: "--offer",
      reason: "give either --offer (an opened offer) or --signed (an offer you signed)",
    });
  }
  if (args.signed === undefined) {
    const offerId = validateHash("--offer", args.offer);
    const result = await cancelOffer({ ...contextOf(session), offerId });
    return {
      data: { offerId, offer: result.offer },
      lines: describeResult("cancelled", result),
      transactions: result.transactions,
      safeTitle: `Offer ${offerId} cancelled`,
    };
  }
  const signed = signedOfferOf(args.signed);
  const result = await asSignedOption(() => cancelSignedOffer({ ...contextOf(session), signed }));
  return {
    data: { offerId: result.offerId, offer: result.offer, neverOpened: result.neverOpened },
    lines: [
      `Offer ${result.offerId} cancelled${result.neverOpened ? ": its signature can no longer be used" : " (was open)"}`,
    ],
    transactions: result.transactions,
    safeTitle: `Offer ${result.offerId} cancelled`,
  };
});
