/**
 * Errors of the admin commands and the SDK: one base class with a short one-line message, optional details and the
 * original cause, and one subclass per failure. On-chain custom errors are decoded into {@link ContractRevertError}
 * by {@link decodeRevert}.
 *
 * @module
 */
import type { ErrorDescription, Interface, ParamType, Result } from "ethers";
import { isHexString } from "ethers";

import { roleName } from "./roles.js";
import { ENUM_VALUES, isoTime } from "./vocabulary.js";

/** What every {@link EgovError} may carry besides its short message. */
export interface EgovErrorParameters {
  /** More about the failure, shown under the short message. */
  readonly details?: string;
  /** The error that caused this one. */
  readonly cause?: unknown;
}

/**
 * The base of every error thrown by the admin commands and the SDK. `shortMessage` is one line that names what went
 * wrong; `message` adds the details.
 */
export class EgovError extends Error {
  override name = "EgovError";
  /** One line that says what went wrong. */
  readonly shortMessage: string;
  /** More about the failure, if any. */
  readonly details: string | undefined;

  constructor(shortMessage: string, parameters: EgovErrorParameters = {}) {
    const { details, cause } = parameters;
    super(details === undefined ? shortMessage : `${shortMessage}\n\nDetails: ${details}`, { cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }

  /** The innermost cause for which `predicate` holds, or the innermost cause when no predicate is given. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    let found: unknown = predicate === undefined ? this : undefined;
    while (current !== undefined && current !== null) {
      if (predicate === undefined || predicate(current)) found = current;
      current = current instanceof Error ? current.cause : undefined;
    }
    return found;
  }
}

/** An input failed validation. The message names the field and the reason, on one line. */
export class InvalidInputError extends EgovError {
  override name = "InvalidInputError";
  readonly field: string;
  readonly reason: string;

  constructor({ field, reason, cause }: { field: string; reason: string; cause?: unknown }) {
    super(`${field}: ${reason}`, { cause });
    this.field = field;
    this.reason = reason;
  }
}

/** The acting account lacks the role (or the party position) that a contract function requires. */
export class MissingRoleError extends EgovError {
  override name = "MissingRoleError";
  readonly account: string;
  readonly role: string;
  readonly contract: string;
  readonly functionName: string;

  constructor({
    account,
    role,
    contract,
    functionName,
    hint,
  }: {
    account: string;
    role: bigint | string;
    contract: string;
    functionName: string;
    hint?: string;
  }) {
    const label = typeof role === "bigint" ? (roleName(role) ?? `role ${role}`) : role;
    super(`${account} does not hold ${label}, required for ${contract}.${functionName}${hint ? ` (${hint})` : ""}`);
    this.account = account;
    this.role = label;
    this.contract = contract;
    this.functionName = functionName;
  }
}

/** The acting account is not the party a step belongs to (the seller, the buyer, the scheduler, the lien holder). */
export class UnauthorizedPartyError extends EgovError {
  override name = "UnauthorizedPartyError";
  readonly account: string;
  readonly party: string;
  readonly expected: string;

  constructor({
    account,
    party,
    expected,
    action,
    cause,
  }: {
    account: string;
    party: string;
    expected: string;
    action: string;
    cause?: unknown;
  }) {
    super(`${account} is not the ${party} (${expected}): only the ${party} can ${action}`, { cause });
    this.account = account;
    this.party = party;
    this.expected = expected;
  }
}

/** A record (parcel, lien, offer, scheduled operation) does not exist. */
export class RecordNotFoundError extends EgovError {
  override name = "RecordNotFoundError";
  readonly kind: string;
  readonly id: string;

  constructor({ kind, id, details, cause }: { kind: string; id: string; details?: string; cause?: unknown }) {
    super(`unknown ${kind} ${id}`, { details, cause });
    this.kind = kind;
    this.id = id;
  }
}

/** A record exists but its state does not allow the operation. */
export class InvalidStateError extends EgovError {
  override name = "InvalidStateError";
  readonly kind: string;
  readonly id: string;
  readonly state: string;

  constructor({
    kind,
    id,
    state,
    reason,
    cause,
  }: {
    kind: string;
    id: string;
    state: string;
    reason: string;
    cause?: unknown;
  }) {
    super(`${kind} ${id} is ${state}: ${reason}`, { cause });
    this.kind = kind;
    this.id = id;
    this.state = state;
  }
}

/**
 * A new implementation fails OpenZeppelin's upgrade-safety validation (an incompatible storage layout, a forbidden
 * operation). `report` is OpenZeppelin's full report: each variable inserted, deleted or moved, with file and line.
 */
export class UpgradeNotSafeError extends InvalidStateError {
  override name = "UpgradeNotSafeError";
  /** OpenZeppelin's report, several lines. */
  readonly report: string;

  constructor({ artifact, reason, report }: { artifact: string; reason: string; report: string }) {
    super({ kind: "implementation", id: artifact, state: "not upgrade-safe", reason });
    this.report = report;
  }
}

/** No usable deployment record for the network or chain. */
export class DeploymentNotFoundError extends EgovError {
  override name = "DeploymentNotFoundError";
  readonly network: string | undefined;
  readonly chainId: number | undefined;

  constructor({
    network,
    chainId,
    reason,
    cause,
  }: {
    network?: string;
    chainId?: number;
    reason: string;
    cause?: unknown;
  }) {
    const target = network !== undefined ? `network "${network}"` : `chain ${chainId}`;
    super(`no usable deployment for ${target}: ${reason}`, { cause });
    this.network = network;
    this.chainId = chainId;
  }
}

/** The chain behind a provider is not the chain a deployment record is for. */
export class ChainMismatchError extends EgovError {
  override name = "ChainMismatchError";
  /** The chain id of the deployment record. */
  readonly expectedChainId: number;
  /** The chain id the provider reported. */
  readonly actualChainId: number;

  constructor({
    network,
    expectedChainId,
    actualChainId,
  }: {
    network: string;
    expectedChainId: number;
    actualChainId: number;
  }) {
    super(
      `the deployment "${network}" is on chain ${expectedChainId}, but the provider is connected to chain ${actualChainId}`,
    );
    this.expectedChainId = expectedChainId;
    this.actualChainId = actualChainId;
  }
}

/** A deployment record names an address where the chain has no contract (a reset local chain, a wrong record). */
export class ContractNotDeployedError extends EgovError {
  override name = "ContractNotDeployedError";
  /** The contract's name in the suite. */
  readonly contract: string;
  readonly address: string;

  constructor({ network, contract, address }: { network: string; contract: string; address: string }) {
    super(`no contract at ${address}, where the deployment "${network}" records ${contract}`, {
      details: "the chain was reset since the deployment, or the record belongs to another chain",
    });
    this.contract = contract;
    this.address = address;
  }
}

/** A call or transaction reverted with a custom error (or a reason string, or a panic) that was decoded. */
export class ContractRevertError extends EgovError {
  override name = "ContractRevertError";
  /** The contract whose ABI declares the error (the contract that reverted, or one it called). */
  readonly contractName: string | undefined;
  /** The custom error's name: `Error` for a reason string, `Panic` for a panic. */
  readonly errorName: string;
  /** The error's arguments by name (or position when unnamed). */
  readonly args: Readonly<Record<string, unknown>>;
  /** The raw revert data. */
  readonly data: string;

  constructor({
    contractName,
    errorName,
    args,
    data,
    cause,
  }: {
    contractName?: string;
    errorName: string;
    args: Record<string, unknown>;
    data: string;
    cause?: unknown;
  }) {
    const rendered = Object.entries(args)
      .map(([name, value]) => `${name}=${formatValue(value)}`)
      .join(", ");
    super(rendered.length === 0 ? errorName : `${errorName}: ${rendered}`, {
      cause,
      details: contractName === undefined ? undefined : `declared by ${contractName}`,
    });
    this.contractName = contractName;
    this.errorName = errorName;
    this.args = args;
    this.data = data;
  }
}

/** A transaction could not be sent, or was mined and failed, for a reason other than a decodable revert. */
export class TransactionFailedError extends EgovError {
  override name = "TransactionFailedError";
  readonly hash: string | undefined;

  constructor({ reason, hash, cause }: { reason: string; hash?: string; cause?: unknown }) {
    super(hash === undefined ? `transaction failed: ${reason}` : `transaction ${hash} failed: ${reason}`, { cause });
    this.hash = hash;
  }
}

/** The chain lacks an EVM feature the suite needs (a fork older than the one it was compiled for). */
export class UnsupportedChainError extends EgovError {
  override name = "UnsupportedChainError";
  readonly chainId: number;
  /** The fork the suite needs. */
  readonly requiredFork: string;

  constructor({
    chainId,
    requiredFork,
    reason,
    cause,
  }: {
    chainId: number;
    requiredFork: string;
    reason: string;
    cause?: unknown;
  }) {
    super(`chain ${chainId} does not run ${requiredFork} or later: ${reason}`, { cause });
    this.chainId = chainId;
    this.requiredFork = requiredFork;
  }
}

/**
 * A sent transaction did not come back: it is still pending when the wait ran out (`stuck`), the node no longer
 * knows it (`dropped`), or another transaction of the same account took its nonce (`replaced`).
 */
export class TransactionNotMinedError extends EgovError {
  override name = "TransactionNotMinedError";
  readonly hash: string;
  readonly nonce: number;
  readonly state: "stuck" | "dropped" | "replaced";

  constructor({
    description,
    hash,
    nonce,
    state,
    hint,
  }: {
    description: string;
    hash: string;
    nonce: number;
    state: "stuck" | "dropped" | "replaced";
    hint: string;
  }) {
    const what =
      state === "stuck"
        ? "is still not mined"
        : state === "dropped"
          ? "was dropped by the node"
          : "was replaced by another transaction with the same nonce";
    super(`${description}: transaction ${hash} (nonce ${nonce}) ${what}; ${hint}`);
    this.hash = hash;
    this.nonce = nonce;
    this.state = state;
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Revert decoding
// -----------------------------------------------------------------------------------------------------------------

/** A contract's ABI for decoding, with the name shown in messages. */
export interface NamedInterface {
  readonly name: string;
  readonly interface: Interface;
  /** The JSON ABI with `internalType`s, so that enum arguments are shown by name. */
  readonly abi?: readonly unknown[];
}

/** Names of the values of the suite's Solidity enums, by the enum's type name in the ABI. */
const ENUM_NAMES: Readonly<Record<string, readonly string[]>> = ENUM_VALUES;

/** What each Solidity panic code means. */
const PANIC_REASONS: Readonly<Record<number, string>> = {
  0x01: "assertion failed",
  0x11: "arithmetic overflow or underflow",
  0x12: "division by zero",
  0x21: "invalid enum value",
  0x22: "invalid storage byte array",
  0x31: "pop on an empty array",
  0x32: "array index out of bounds",
  0x41: "out of memory",
  0x51: "call to an uninitialised function",
};

/**
 * Finds the revert data inside an error thrown by ethers, the Hardhat provider or a JSON-RPC node: the first
 * `data` (or `error.data`, `info.error.data`, `cause.data`…) that is hex, walking nested errors.
 */
export function revertDataOf(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === null || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    const data = record.data;
    if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
    if (data !== null && typeof data === "object") {
      const nested = (data as Record<string, unknown>).data;
      if (typeof nested === "string" && isHexString(nested) && nested.length >= 10) return nested;
    }
    for (const key of ["error", "info", "cause", "revert", "payload", "data"]) {
      if (key in record) queue.push(record[key]);
    }
  }
  return undefined;
}

/**
 * Names of records for messages, by the id a custom error carries: a parcel id (`bigint`) by its cadastral reference,
 * a company id by its company number. Hashes are looked up in lower case.
 */
export type RecordLabels = ReadonlyMap<bigint | string, string>;

/** The parameters of {@link decodeRevert}. */
export interface DecodeRevertParameters {
  /** What an ethers call, gas estimate or transaction threw. */
  readonly error: unknown;
  /** The ABIs to look the error up in: a suite's `interfaces`, for example. */
  readonly interfaces: readonly NamedInterface[];
  /** How to name the records the error is about (the id in hex, or as a number, otherwise). */
  readonly labels?: RecordLabels;
}

/** The return type of {@link decodeRevert}. */
export type DecodeRevertReturnType = EgovError;

/**
 * Turns an error thrown by an ethers call, gas estimate or transaction into a {@link ContractRevertError} with the
 * custom error's name and arguments, looking the selector up in `interfaces` (pass the suite's contracts and the
 * authority). A custom error that says a record is unknown, in the wrong state or not the caller's becomes the
 * matching {@link RecordNotFoundError}, {@link InvalidStateError}, {@link UnauthorizedPartyError} or
 * {@link InvalidInputError} (through one table of the suite's custom errors), with the {@link ContractRevertError} as
 * its `cause`. An
 * {@link EgovError} is returned unchanged; anything without revert data becomes a {@link TransactionFailedError}
 * that keeps the original as its cause.
 */
export function decodeRevert({ error, interfaces, labels }: DecodeRevertParameters): DecodeRevertReturnType {
  if (error instanceof EgovError) return error;
  const data = revertDataOf(error);
  if (data !== undefined) {
    for (const { name, interface: iface, abi } of interfaces) {
      let parsed: ErrorDescription | null = null;
      try {
        parsed = iface.parseError(data);
      } catch {
        parsed = null;
      }
      if (parsed === null) continue;
      if (parsed.name === "Error") {
        return new ContractRevertError({ errorName: "Error", args: { reason: parsed.args[0] }, data, cause: error });
      }
      if (parsed.name === "Panic") {
        const code = Number(parsed.args[0]);
        return new ContractRevertError({
          errorName: "Panic",
          args: { code: `0x${code.toString(16)}`, reason: PANIC_REASONS[code] ?? "unknown panic" },
          data,
          cause: error,
        });
      }
      const revert = new ContractRevertError({
        contractName: name,
        errorName: parsed.name,
        args: namedArgs(parsed.fragment.inputs, parsed.args, enumTypesOf(abi ?? [], "error", parsed.name)),
        data,
        cause: error,
      });
      return explainRevert(revert, labels);
    }
    return new ContractRevertError({ errorName: `unknown error ${data.slice(0, 10)}`, args: {}, data, cause: error });
  }
  return new TransactionFailedError({ reason: shortReason(error), cause: error });
}

// -----------------------------------------------------------------------------------------------------------------
// Custom errors as SDK errors
// -----------------------------------------------------------------------------------------------------------------

/** A custom error's decoded arguments, by name. */
type RevertArgs = Readonly<Record<string, unknown>>;

/** How a record is named in a message: by its label where one is given, else by its id. */
type RecordNamer = (value: unknown) => string;

/** Builds the SDK error that a custom error stands for, from its decoded arguments and a way to name records. */
export type RevertExplanation = (args: RevertArgs, name: RecordNamer, cause: ContractRevertError) => EgovError;

/** A custom error that says a record does not exist. */
function unknown(kind: string, id: (args: RevertArgs, name: RecordNamer) => string): RevertExplanation {
  return (args, name, cause) => new RecordNotFoundError({ kind, id: id(args, name), cause });
}

/** A custom error that says a record's state does not allow the call. */
function wrongState(
  kind: string,
  explain: (args: RevertArgs, name: RecordNamer) => { id: string; state: string; reason: string },
): RevertExplanation {
  return (args, name, cause) => new InvalidStateError({ kind, ...explain(args, name), cause });
}

function lower(value: unknown): string {
  return String(value).toLowerCase();
}

/**
 * The custom errors of the suite that have an SDK error class of their own, by name: the one table through which
 * {@link decodeRevert} turns "unknown record", "wrong state" and "not yours" reverts into {@link RecordNotFoundError},
 * {@link InvalidStateError}, {@link UnauthorizedPartyError} and {@link InvalidInputError}. Every other custom error
 * stays a {@link ContractRevertError} that shows its name and arguments.
 */
export const REVERT_ERRORS: Readonly<Record<string, RevertExplanation>> = {
  // PropertyRegistry
  PropertyRegistryUnknownParcel: unknown("parcel", ({ parcelId }, name) => name(parcelId)),
  PropertyRegistryUnknownLien: unknown("lien", ({ lienId }, name) => name(lienId)),
  PropertyRegistryUnexpectedStatus: wrongState("parcel", ({ parcelId, status }, name) => ({
    id: name(parcelId),
    state: lower(status),
    reason: `the registry refuses this change of a ${lower(status)} title`,
  })),
  PropertyRegistryParcelFrozen: wrongState("parcel", ({ parcelId }, name) => ({
    id: name(parcelId),
    state: "frozen",
    reason: "a frozen title changes owner only once a LAND_REGISTRAR unfreezes it",
  })),
  PropertyRegistryTooManyLiens: wrongState("parcel", ({ parcelId, maximum }, name) => ({
    id: name(parcelId),
    state: `encumbered by ${maximum} liens`,
    reason: `at most ${maximum} liens can be active at once; release one first`,
  })),
  PropertyRegistryLienReleased: wrongState("lien", ({ lienId }, name) => ({
    id: name(lienId),
    state: "released",
    reason: "a released lien no longer changes and needs no consent",
  })),
  PropertyRegistryNoConsent: wrongState("lien", ({ lienId }, name) => ({
    id: name(lienId),
    state: "without consent",
    reason: "its holder has consented to no sale, so there is nothing to withdraw",
  })),
  PropertyRegistryLienConsentMissing: wrongState("parcel", ({ parcelId, lienId, offerId }, name) => ({
    id: name(parcelId),
    state: `encumbered by lien ${name(lienId)}`,
    reason: `the lien holder has not consented to offer ${name(offerId)}`,
  })),
  // CompanyRegistry
  CompanyRegistryUnknownCompany: unknown("company", ({ companyId }, name) => name(companyId)),
  CompanyRegistryUnknownDirector: unknown(
    "director",
    ({ companyId, directorIndex }, name) => `${name(directorIndex)} of ${name(companyId)}`,
  ),
  CompanyRegistryUnknownFiling: unknown(
    "filing",
    ({ companyId, filingIndex }, name) => `${name(filingIndex)} of ${name(companyId)}`,
  ),
  CompanyRegistryCompanyDissolved: wrongState("company", ({ companyId }, name) => ({
    id: name(companyId),
    state: "dissolved",
    reason: "the record of a dissolved company is final",
  })),
  CompanyRegistryUnlawfulTransition: wrongState("company", ({ companyId, from, to }, name) => ({
    id: name(companyId),
    state: String(from),
    reason: `the law does not allow a move from ${from} to ${to}`,
  })),
  CompanyRegistryDirectorAlreadyServing: wrongState("director", ({ companyId, commitment, directorIndex }, name) => ({
    id: name(commitment),
    state: `serving (appointment ${name(directorIndex)})`,
    reason: `the person already serves as a director of ${name(companyId)}`,
  })),
  CompanyRegistryDirectorAlreadyRemoved: wrongState("director", ({ companyId, directorIndex, removedOn }, name) => ({
    id: `${name(directorIndex)} of ${name(companyId)}`,
    state: "removed",
    reason: `the removal took effect on ${isoTime(removedOn as bigint)}`,
  })),
  CompanyRegistryDuplicateCompanyNumber: wrongState("company number", ({ companyNumber }, _name) => ({
    id: String(companyNumber),
    state: "registered",
    reason: "the register holds a company under it already",
  })),
  // DiplomaRegistry
  DiplomaRegistryUnknownInstitution: unknown("institution", ({ institutionId }, name) => name(institutionId)),
  DiplomaRegistryUnknownDiploma: unknown(
    "diploma",
    ({ institutionId, documentHash }, name) => `${name(documentHash)} of institution ${name(institutionId)}`,
  ),
  DiplomaRegistryUnknownBatch: unknown(
    "batch",
    ({ institutionId, root }, name) => `${name(root)} of institution ${name(institutionId)}`,
  ),
  DiplomaRegistryUnexpectedInstitutionStatus: wrongState("institution", ({ institutionId, status }, name) => ({
    id: name(institutionId),
    state: lower(status),
    reason: `the registry refuses this change of a ${lower(status)} institution`,
  })),
  DiplomaRegistryInstitutionSuspended: wrongState("institution", ({ institutionId }, name) => ({
    id: name(institutionId),
    state: "suspended",
    reason: "its issuers issue nothing until an ACCREDITOR reinstates it",
  })),
  DiplomaRegistryIssuerAlreadyBound: wrongState("account", ({ issuer, institutionId }, name) => ({
    id: String(issuer),
    state: `bound to institution ${name(institutionId)}`,
    reason: "an account serves one institution: unbind it first",
  })),
  DiplomaRegistryIssuerNotBound: wrongState("account", ({ issuer }, _name) => ({
    id: String(issuer),
    state: "bound to no institution",
    reason: "an ACCREDITOR binds issuer accounts to institutions (`diplomas bind-issuer`)",
  })),
  DiplomaRegistryTooManyIssuers: wrongState("institution", ({ institutionId, maximum }, name) => ({
    id: name(institutionId),
    state: `served by ${maximum} issuers`,
    reason: `at most ${maximum} issuer accounts per institution; unbind one first`,
  })),
  DiplomaRegistryDuplicateDocument: wrongState("diploma", ({ institutionId, documentHash }, name) => ({
    id: name(documentHash),
    state: `already issued by institution ${name(institutionId)}`,
    reason: "a document is issued once; a corrected diploma is a new document",
  })),
  DiplomaRegistryAlreadyRevoked: wrongState("diploma", ({ documentHash }, name) => ({
    id: name(documentHash),
    state: "revoked",
    reason: "a revocation is final",
  })),
  // CitizenRegistry
  CitizenRegistryUnknownCitizen: unknown("citizen", ({ citizenKey }, name) => name(citizenKey)),
  CitizenRegistryDuplicateCitizen: wrongState("citizen", ({ citizenKey }, name) => ({
    id: name(citizenKey),
    state: "registered",
    reason: "a citizen is registered once; change the record instead",
  })),
  CitizenRegistryCitizenDeceased: wrongState("citizen", ({ citizenKey }, name) => ({
    id: name(citizenKey),
    state: "Deceased",
    reason: "the record of a deceased citizen is final",
  })),
  CitizenRegistryUnlawfulTransition: wrongState("citizen", ({ citizenKey, from, to }, name) => ({
    id: name(citizenKey),
    state: String(from),
    reason: `the law does not allow ${from} -> ${to}`,
  })),
  CitizenRegistryCommitmentUsed: ({ commitment, citizenKey }, name, cause) =>
    new InvalidInputError({
      field: "votingCommitment",
      reason: `commitment ${commitment} was already given to citizen ${name(citizenKey)}`,
      cause,
    }),
  // Elections
  ElectionsUnknownPoll: unknown("poll", ({ pollId }, name) => name(pollId)),
  ElectionsPollCancelled: wrongState("poll", ({ pollId }, name) => ({
    id: name(pollId),
    state: "Cancelled",
    reason: "a GUARDIAN cancelled it during its review",
  })),
  ElectionsPollAlreadyOpen: wrongState("poll", ({ pollId, opensAt }, name) => ({
    id: name(pollId),
    state: "open",
    reason: `it opened at ${isoTime(opensAt as bigint)}; only a poll under review can be cancelled`,
  })),
  // OwnershipTransfer
  OwnershipTransferRegistryNotEnabled: wrongState("registry", ({ registry }, _name) => ({
    id: String(registry),
    state: "not enabled",
    reason: "OwnershipTransfer does not handle its records",
  })),
  OwnershipTransferNotRecordOwner: ({ recordId, account, owner }, name, cause) =>
    new UnauthorizedPartyError({
      account: String(account),
      party: `owner of ${name(recordId)}`,
      expected: String(owner),
      action: "sell it",
      cause,
    }),
  OwnershipTransferOfferExists: wrongState("offer", ({ offerId }, name) => ({
    id: name(offerId),
    state: "opened already",
    reason: "an offer's terms open it once; pick another nonce",
  })),
  OwnershipTransferUnexpectedStatus: wrongState("offer", ({ offerId, status }, name) => ({
    id: name(offerId),
    state: lower(status),
    reason: "the offer cannot take this step in that state",
  })),
  OwnershipTransferOfferExpired: wrongState("offer", ({ offerId, deadline }, name) => ({
    id: name(offerId),
    state: "past its deadline",
    reason: `the deadline was ${isoTime(deadline as bigint)}; expire it instead`,
  })),
  OwnershipTransferOfferStillValid: wrongState("offer", ({ offerId, deadline }, name) => ({
    id: name(offerId),
    state: "still valid",
    reason: `it can settle until ${isoTime(deadline as bigint)}`,
  })),
};

/** The SDK error a decoded custom error stands for ({@link REVERT_ERRORS}), or the decoded error itself. */
function explainRevert(revert: ContractRevertError, labels: RecordLabels | undefined): EgovError {
  const explain = REVERT_ERRORS[revert.errorName];
  if (explain === undefined) return revert;
  const name = (value: unknown): string =>
    labels?.get(typeof value === "string" ? value.toLowerCase() : (value as bigint)) ?? formatValue(value);
  return explain(revert.args, name, revert);
}

/**
 * The error that a custom error of the suite stands for ({@link REVERT_ERRORS}), for a check made before sending
 * that finds what the contract would refuse, so that both say the same.
 */
export function refusal({
  errorName,
  args,
  labels,
}: {
  errorName: string;
  args: Record<string, unknown>;
  labels?: RecordLabels;
}): EgovError {
  return explainRevert(new ContractRevertError({ errorName, args, data: "0x" }), labels);
}

/** The parameters of {@link decodedRead}. */
export type DecodedReadParameters = Omit<DecodeRevertParameters, "error">;

/** Runs a read (a view call) and rethrows its failure decoded by {@link decodeRevert}. */
export async function decodedRead<ResultT>(
  read: () => Promise<ResultT>,
  parameters: DecodedReadParameters,
): Promise<ResultT> {
  try {
    return await read();
  } catch (error) {
    throw decodeRevert({ error, ...parameters });
  }
}

/** A one-line reason from any thrown value. */
export function shortReason(error: unknown): string {
  if (error instanceof EgovError) return error.shortMessage;
  if (error !== null && typeof error === "object") {
    const record = error as Record<string, unknown>;
    if (typeof record.shortMessage === "string") return record.shortMessage;
    if (typeof record.message === "string") return firstLine(record.message);
  }
  return firstLine(String(error));
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

/** The enum type name of each parameter of an error (undefined for non-enums), from the ABI's `internalType`. */
function enumTypesOf(abi: readonly unknown[], type: "error" | "event", name: string): (string | undefined)[] {
  const entries = abi as readonly { type: string; name?: string; inputs?: { internalType?: string }[] }[];
  const entry = entries.find((item) => item.type === type && item.name === name);
  return (entry?.inputs ?? []).map((input) => {
    const match = /^enum (?:\w+\.)?(\w+)$/.exec(input.internalType ?? "");
    return match === null ? undefined : match[1];
  });
}

/**
 * The arguments of a decoded error or event by name, with enum values named (from the ABI's `internalType`) and
 * role ids labelled.
 */
export function decodedArgs(
  abi: readonly unknown[] | undefined,
  type: "error" | "event",
  name: string,
  inputs: readonly ParamType[],
  values: Result,
): Record<string, unknown> {
  return namedArgs(inputs, values, enumTypesOf(abi ?? [], type, name));
}

function namedArgs(
  inputs: readonly ParamType[],
  values: Result,
  enumTypes: readonly (string | undefined)[],
): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  inputs.forEach((input, index) => {
    const enumName = enumTypes[index];
    const value = values[index];
    const names = enumName === undefined ? undefined : ENUM_NAMES[enumName];
    const key = input.name === "" ? String(index) : input.name;
    if (names !== undefined && typeof value === "bigint") {
      args[key] = names[Number(value)] ?? value;
    } else if (input.type === "uint64" && /role/i.test(input.name) && typeof value === "bigint") {
      const label = roleName(value);
      args[key] = label === undefined ? value : `${value} (${label})`;
    } else {
      args[key] = value;
    }
  });
  return args;
}

/** Renders a decoded value for a message: big numbers (ids, hashes) as hex, the rest as text. */
export function formatValue(value: unknown): string {
  if (typeof value === "bigint")
    return value >= 2n ** 64n ? `0x${value.toString(16).padStart(64, "0")}` : String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}
