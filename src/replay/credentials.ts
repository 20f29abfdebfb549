/**
 * The credential side of the diploma register rebuilt from its events alone: the credential kinds and their rules,
 * each institution's accreditation history per kind, the validity window and kind of every credential and batch,
 * suspensions (alone and inside batches), and each institution's signing keys with their rotations and compromises.
 * `replayDiplomaRegistry` folds these events into `state.credentials` beside the diplomas, revocations and
 * institutions it already rebuilds.
 *
 * @module
 */
import { ZeroHash, type Log, type LogDescription } from "ethers";

import type {
  CredentialKindDefinedEvent,
  CredentialReinstatedEvent,
  CredentialSuspendedEvent,
  CredentialTermsRecordedEvent,
  KindAccreditationChangedEvent,
  SigningKeyCompromisedEvent,
  SigningKeyPublishedEvent,
} from "../../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";
import { found, ReplayError } from "./base.js";

/** A credential kind as `credentialKind(kind)` reads it. */
export interface ReplayedCredentialKind {
  kind: bigint;
  name: string;
  /** Its credentials carry an expiry time. */
  expires: boolean;
  /** Its credentials can be suspended and reinstated. */
  suspendable: boolean;
  /** Bit `r` set: reason code `r` may be given when one is revoked or suspended. */
  reasonCodes: bigint;
}

/** One entry of an institution's accreditation history for a kind (`KindAccreditationChanged`). */
export interface ReplayedKindAccreditation {
  /** Unix seconds: the first second to which `accredited` applies. */
  from: number;
  accredited: boolean;
  /** The accreditation document, or the withdrawal's decision. */
  document: string;
}

/** The kind and validity window of a credential issued alone or of a batch (`CredentialTermsRecorded`). */
export interface ReplayedCredentialTerms {
  kind: bigint;
  /** Unix seconds as recorded: zero means from its issuance. */
  validFrom: number;
  /** Unix seconds: the first second it is no longer valid; zero when it never expires. */
  expiresAt: number;
}

/** A suspension in force (`CredentialSuspended`, not yet followed by `CredentialReinstated`). */
export interface ReplayedSuspension {
  /** The batch root; zero for a credential issued alone. */
  root: string;
  documentHash: string;
  /** Inside a batch: the bit of the batch's suspension list that is set; null for a credential issued alone. */
  statusIndex: number | null;
  suspendedBy: string;
  /** Unix seconds. */
  suspendedAt: number;
  reason: bigint;
  basis: string;
}

/** A signing key as `signingKey(institution, index)` reads it. */
export interface ReplayedSigningKey {
  publicKey: string;
  /** Unix seconds: the first second it signs for the institution. */
  validFrom: number;
  /** Unix seconds: its successor's first second; null while it is current. */
  validUntil: number | null;
  /** Unix seconds: the first second its signatures are no longer trusted; null when never compromised. */
  compromisedFrom: number | null;
}

/** The credential records of the diploma register as its events tell them. */
export interface CredentialRecordsState {
  /** Every kind, by its id. */
  readonly kinds: Map<bigint, ReplayedCredentialKind>;
  /** Accreditation histories per kind, keyed by {@link kindAccreditationKey}, oldest first. */
  readonly kindAccreditations: Map<string, ReplayedKindAccreditation[]>;
  /**
   * The terms of every credential issued with `issueCredential`, `issueCredentialBatch` or as the correction of one,
   * keyed by `revocationKey` (a batch under its root and a zero document hash). A diploma issued with `issue` or
   * `issueBatch` has none: kind 0, no window.
   */
  readonly terms: Map<string, ReplayedCredentialTerms>;
  /** Suspensions in force, keyed by `revocationKey`. */
  readonly suspensions: Map<string, ReplayedSuspension>;
  /** Each batch's suspension list, keyed by `recordKey` of its institution and root: the status indices set. */
  readonly suspensionLists: Map<string, Set<number>>;
  /** Each institution's signing keys, by index. */
  readonly signingKeys: Map<bigint, ReplayedSigningKey[]>;
}

/** The parameters of {@link kindAccreditationKey}. */
export interface KindAccreditationKeyParameters {
  readonly institutionId: bigint;
  readonly kind: bigint;
}

/** The return type of {@link kindAccreditationKey}. */
export type KindAccreditationKeyReturnType = string;

/** The key of an institution's accreditation history for a kind in {@link CredentialRecordsState.kindAccreditations}. */
export function kindAccreditationKey({
  institutionId,
  kind,
}: KindAccreditationKeyParameters): KindAccreditationKeyReturnType {
  return `${institutionId}/${kind}`;
}

/** The return type of {@link emptyCredentialRecords}. */
export type EmptyCredentialRecordsReturnType = CredentialRecordsState;

/** Credential records before any event. */
export function emptyCredentialRecords(): EmptyCredentialRecordsReturnType {
  return {
    kinds: new Map(),
    kindAccreditations: new Map(),
    terms: new Map(),
    suspensions: new Map(),
    suspensionLists: new Map(),
    signingKeys: new Map(),
  };
}

/** The parameters of {@link foldCredentialEvent}. */
export interface FoldCredentialEventParameters {
  readonly state: CredentialRecordsState;
  /** The log, parsed with the diploma register's interface. */
  readonly event: LogDescription;
  readonly log: Log;
  /** The time of the log's block, unix seconds. */
  readonly timestamp: number;
}

/** The return type of {@link foldCredentialEvent}: whether the event was a credential event. */
export type FoldCredentialEventReturnType = boolean;

/**
 * Folds one event of the diploma register into its credential records, when it is one of the credential events
 * (kinds, accreditation per kind, terms, suspension and reinstatement, signing keys). Throws a `ReplayError` on logs
 * that contradict the records (a reinstatement of what is not suspended, a key that was never published).
 */
export function foldCredentialEvent({
  state,
  event,
  log,
  timestamp,
}: FoldCredentialEventParameters): FoldCredentialEventReturnType {
  switch (event.name) {
    case "CredentialKindDefined": {
      const a = event.args as unknown as CredentialKindDefinedEvent.OutputObject;
      if (a.kind !== BigInt(state.kinds.size)) throw new ReplayError("kind defined out of order", log);
      state.kinds.set(a.kind, {
        kind: a.kind,
        name: a.name,
        expires: a.expires,
        suspendable: a.suspendable,
        reasonCodes: a.reasonCodes,
      });
      return true;
    }
    case "KindAccreditationChanged": {
      const a = event.args as unknown as KindAccreditationChangedEvent.OutputObject;
      const key = kindAccreditationKey({ institutionId: a.institutionId, kind: a.kind });
      const history = state.kindAccreditations.get(key) ?? [];
      const from = Number(a.from);
      const last = history.at(-1);
      if ((last?.accredited ?? false) === a.accredited) throw new ReplayError("kind accreditation unchanged", log);
      // OpenZeppelin's checkpoints: an entry at the same key as the last one replaces it.
      if (last !== undefined && last.from === from) history.pop();
      history.push({ from, accredited: a.accredited, document: a.document });
      state.kindAccreditations.set(key, history);
      return true;
    }
    case "CredentialTermsRecorded": {
      const a = event.args as unknown as CredentialTermsRecordedEvent.OutputObject;
      state.terms.set(termsKey(a.institutionId, a.root, a.documentHash), {
        kind: a.kind,
        validFrom: Number(a.validFrom),
        expiresAt: Number(a.expiresAt),
      });
      return true;
    }
    case "CredentialSuspended": {
      const a = event.args as unknown as CredentialSuspendedEvent.OutputObject;
      const inBatch = a.root !== ZeroHash;
      const key = termsKey(a.institutionId, a.root, a.documentHash);
      if (state.suspensions.has(key)) throw new ReplayError("credential suspended twice", log);
      if (inBatch) suspensionList(state, a.institutionId, a.root).add(Number(a.statusIndex));
      state.suspensions.set(key, {
        root: a.root,
        documentHash: a.documentHash,
        statusIndex: inBatch ? Number(a.statusIndex) : null,
        suspendedBy: a.suspendedBy,
        suspendedAt: timestamp,
        reason: a.reason,
        basis: a.basis,
      });
      return true;
    }
    case "CredentialReinstated": {
      const a = event.args as unknown as CredentialReinstatedEvent.OutputObject;
      const key = termsKey(a.institutionId, a.root, a.documentHash);
      found(state.suspensions.get(key), "reinstated a credential that is not suspended", log);
      state.suspensions.delete(key);
      if (a.root !== ZeroHash) suspensionList(state, a.institutionId, a.root).delete(Number(a.statusIndex));
      return true;
    }
    case "SigningKeyPublished": {
      const a = event.args as unknown as SigningKeyPublishedEvent.OutputObject;
      const keys = state.signingKeys.get(a.institutionId) ?? [];
      if (a.keyIndex !== BigInt(keys.length)) throw new ReplayError("signing key published out of order", log);
      const previous = keys.at(-1);
      if (previous !== undefined) previous.validUntil = timestamp;
      keys.push({ publicKey: a.publicKey, validFrom: timestamp, validUntil: null, compromisedFrom: null });
      state.signingKeys.set(a.institutionId, keys);
      return true;
    }
    case "SigningKeyCompromised": {
      const a = event.args as unknown as SigningKeyCompromisedEvent.OutputObject;
      const key = found(state.signingKeys.get(a.institutionId)?.[Number(a.keyIndex)], "unknown signing key", log);
      if (key.compromisedFrom !== null) throw new ReplayError("signing key compromised twice", log);
      key.compromisedFrom = Number(a.from);
      return true;
    }
    default:
      return false;
  }
}

/** The parameters of {@link replayedAccreditedForKind}. */
export interface ReplayedAccreditedForKindParameters {
  readonly state: CredentialRecordsState;
  readonly institutionId: bigint;
  readonly kind: bigint;
  /** Unix seconds. */
  readonly at: number;
}

/** The return type of {@link replayedAccreditedForKind}. */
export type ReplayedAccreditedForKindReturnType = boolean;

/**
 * Whether the institution's own accreditation for a kind held at `at`, as the registry's checkpoint lookup answers it.
 * Kind 0 (diplomas) has no accreditation of its own: it follows the institution's standing, which the caller checks.
 */
export function replayedAccreditedForKind({
  state,
  institutionId,
  kind,
  at,
}: ReplayedAccreditedForKindParameters): ReplayedAccreditedForKindReturnType {
  if (kind === 0n) return true;
  const history = state.kindAccreditations.get(kindAccreditationKey({ institutionId, kind })) ?? [];
  return history.findLast((change) => change.from <= at)?.accredited ?? false;
}

/** The parameters of {@link replayedCredentialTerms}. */
export interface ReplayedCredentialTermsParameters {
  readonly state: CredentialRecordsState;
  readonly institutionId: bigint;
  /** The batch root; zero for a credential issued alone. */
  readonly root: string;
  readonly documentHash: string;
  /** Inside a batch: the credential's status index. */
  readonly statusIndex?: number;
  /** When the credential or its batch was recorded, unix seconds. */
  readonly issuedAt: number;
  /** The time to judge the window at, unix seconds. */
  readonly at: number;
}

/** The credential fields of `IDiplomaRegistry.Verification` and the state they give, from the replayed records. */
export interface ReplayedCredentialTermsReturnType {
  kind: bigint;
  /** Unix seconds: the first second it is valid (its issuance when no window was given). */
  validFrom: number;
  /** Unix seconds; null when it never expires. */
  expiresAt: number | null;
  /** Unix seconds, for a credential issued alone; null when not suspended, and inside a batch. */
  suspendedAt: number | null;
  /** Zero when not suspended, and inside a batch. */
  suspensionReason: bigint;
  suspended: boolean;
  expired: boolean;
  notYetValid: boolean;
}

/** A credential's kind, window and suspension as `verify` and `verifyInBatch` answer them. */
export function replayedCredentialTerms({
  state,
  institutionId,
  root,
  documentHash,
  statusIndex,
  issuedAt,
  at,
}: ReplayedCredentialTermsParameters): ReplayedCredentialTermsReturnType {
  const inBatch = root !== ZeroHash;
  const terms = state.terms.get(
    inBatch ? termsKey(institutionId, root, ZeroHash) : termsKey(institutionId, root, documentHash),
  );
  const validFrom = terms === undefined || terms.validFrom === 0 ? issuedAt : terms.validFrom;
  const expiresAt = terms === undefined || terms.expiresAt === 0 ? null : terms.expiresAt;
  const suspension = state.suspensions.get(termsKey(institutionId, root, documentHash));
  const suspended = inBatch
    ? (state.suspensionLists.get(`${institutionId}/${root}`)?.has(statusIndex ?? -1) ?? false)
    : suspension !== undefined;
  return {
    kind: terms?.kind ?? 0n,
    validFrom,
    expiresAt,
    suspendedAt: inBatch ? null : (suspension?.suspendedAt ?? null),
    suspensionReason: inBatch ? 0n : (suspension?.reason ?? 0n),
    suspended,
    expired: expiresAt !== null && at >= expiresAt,
    notYetValid: at < validFrom,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Private
// ---------------------------------------------------------------------------------------------------------------------

/** The registry keeps a record's terms and suspension under its institution, batch root and document hash. */
function termsKey(institutionId: bigint, root: string, documentHash: string): string {
  return `${institutionId}/${root}/${documentHash}`;
}

/** A batch's suspension list, created empty on first use. */
function suspensionList(state: CredentialRecordsState, institutionId: bigint, root: string): Set<number> {
  const key = `${institutionId}/${root}`;
  const list = state.suspensionLists.get(key) ?? new Set<number>();
  state.suspensionLists.set(key, list);
  return list;
}
