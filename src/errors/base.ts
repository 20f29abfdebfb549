/**
 * The error classes of the admin commands and the SDK: one base class with a short one-line message, optional details
 * and the original cause, and one subclass per failure.
 *
 * @module
 */
import { roleName } from "../roles.js";

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

/**
 * The acting account lacks the role (or the party position) that a contract function requires. The hint follows
 * the refusal after a semicolon: who holds the role and the `--from` to run the command with, for example.
 */
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
    super(`${account} does not hold ${label}, required for ${contract}.${functionName}${hint ? `; ${hint}` : ""}`);
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

/** Renders a decoded value for a message: big numbers (ids, hashes) as hex, the rest as text. */
export function formatValue(value: unknown): string {
  if (typeof value === "bigint")
    return value >= 2n ** 64n ? `0x${value.toString(16).padStart(64, "0")}` : String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}
