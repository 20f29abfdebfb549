/**
 * The diploma register rebuilt from its events: institutions, issuers, diplomas, batches, revocations and the
 * credential records they share with the other kinds.
 *
 * @module
 */
import { ZeroAddress, ZeroHash, type Log } from "ethers";
import { DiplomaRegistry__factory } from "../contracts.js";
import { found, type ReplayParameters, ReplayError, removeSwappingLast } from "./base.js";
import {
  type CredentialRecordsState,
  emptyCredentialRecords,
  foldCredentialEvent,
  replayedAccreditedForKind,
  replayedCredentialTerms,
} from "./credentials.js";
import { DiplomaStatus, InstitutionStatus } from "../vocabulary.js";
import type {
  BatchIssuedEvent,
  DiplomaIssuedEvent,
  DiplomaRevokedEvent,
  DiplomaRevokedInBatchEvent,
  DiplomaSupersededEvent,
  InstitutionRegisteredEvent,
  InstitutionReinstatedEvent,
  InstitutionSuspendedEvent,
  IssuerBoundEvent,
  IssuerUnboundEvent,
} from "../../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";

/** One entry of an institution's accreditation history (`IDiplomaRegistry.AccreditationChange`). */
export interface ReplayedAccreditationChange {
  /** Unix seconds. */
  from: number;
  accredited: boolean;
}

/** An institution as `institution`, `issuersOf` and `accreditationHistory` read it. */
export interface ReplayedInstitution {
  institutionId: bigint;
  name: string;
  country: string;
  status: bigint;
  /** Unix seconds. */
  registeredAt: number;
  accreditationDocument: string;
  /** Bound issuers in the order `issuersOf` returns them. */
  issuers: string[];
  accreditationHistory: ReplayedAccreditationChange[];
}

/** A diploma issued alone or a batch: who recorded it, for which institution, when. */
export interface ReplayedIssuance {
  issuer: string;
  institutionId: bigint;
  /** Unix seconds. */
  issuedAt: number;
}

/** A diploma issued alone, with the details its event carries. */
export interface ReplayedDiploma extends ReplayedIssuance {
  documentHash: string;
  holderWallet: string;
  holderCommitment: string;
  programmeCode: string;
  /** Unix seconds. */
  awardedAt: number;
}

/** A batch of diplomas under one Merkle root. */
export interface ReplayedBatch extends ReplayedIssuance {
  root: string;
  diplomaCount: bigint;
}

/** A revocation; `root` is zero for a diploma issued alone. */
export interface ReplayedRevocation {
  root: string;
  documentHash: string;
  /** Inside a batch: the bit of the batch's status list that was set; null for a diploma issued alone. */
  statusIndex: number | null;
  revokedBy: string;
  /** Unix seconds. */
  revokedAt: number;
  reason: bigint;
  supersededBy: string;
}

/** The diploma register rebuilt from its logs. */
export interface DiplomaRegistryState {
  institutions: Map<bigint, ReplayedInstitution>;
  /** Issuer account => institution id. */
  bindings: Map<string, bigint>;
  /** Diplomas issued alone, keyed by {@link recordKey} of their institution and document hash. */
  diplomas: Map<string, ReplayedDiploma>;
  /** Batches, keyed by {@link recordKey} of their institution and root. */
  batches: Map<string, ReplayedBatch>;
  /** Keyed by {@link revocationKey}. */
  revocations: Map<string, ReplayedRevocation>;
  /** Each batch's status list, keyed by {@link recordKey} of its institution and root: the status indices set. */
  statusLists: Map<string, Set<number>>;
  /** Kinds, accreditation per kind, validity windows, suspensions and signing keys. */
  credentials: CredentialRecordsState;
  /** The time of the last replayed log's block, unix seconds; zero before any. */
  asOf: number;
  paused: boolean;
}

/** The parameters of {@link recordKey}. */
export interface RecordKeyParameters {
  readonly institutionId: bigint;
  /** The document hash of a diploma issued alone, or the root of a batch. */
  readonly hash: string;
}

/** The return type of {@link recordKey}. */
export type RecordKeyReturnType = string;

/** The key of a diploma issued alone or a batch: the registry keeps every record under its institution. */
export function recordKey({ institutionId, hash }: RecordKeyParameters): RecordKeyReturnType {
  return `${institutionId}/${hash}`;
}

/** The parameters of {@link revocationKey}. */
export interface RevocationKeyParameters {
  readonly institutionId: bigint;
  /** The batch root; zero for a diploma issued alone. */
  readonly root: string;
  readonly documentHash: string;
}

/** The return type of {@link revocationKey}. */
export type RevocationKeyReturnType = string;

/** The key of a revocation in {@link DiplomaRegistryState.revocations}. */
export function revocationKey({ institutionId, root, documentHash }: RevocationKeyParameters): RevocationKeyReturnType {
  return `${institutionId}/${root}/${documentHash}`;
}

/** The return type of {@link replayDiplomaRegistry}. */
export type ReplayDiplomaRegistryReturnType = DiplomaRegistryState;

/** Folds the diploma register's logs, in chain order, into its state. Logs of other events are skipped. */
export function replayDiplomaRegistry({ logs }: ReplayParameters): ReplayDiplomaRegistryReturnType {
  const iface = DiplomaRegistry__factory.createInterface();
  const state: DiplomaRegistryState = {
    institutions: new Map(),
    bindings: new Map(),
    diplomas: new Map(),
    batches: new Map(),
    revocations: new Map(),
    statusLists: new Map(),
    credentials: emptyCredentialRecords(),
    asOf: 0,
    paused: false,
  };
  const institution = (id: bigint, log: Log) => found(state.institutions.get(id), "unknown institution", log);

  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    state.asOf = timestamp;
    if (event !== null && foldCredentialEvent({ state: state.credentials, event, log, timestamp })) continue;
    switch (event?.name) {
      case "InstitutionRegistered": {
        const a = event.args as unknown as InstitutionRegisteredEvent.OutputObject;
        state.institutions.set(a.institutionId, {
          institutionId: a.institutionId,
          name: a.name,
          country: a.country,
          status: InstitutionStatus.Accredited,
          registeredAt: timestamp,
          accreditationDocument: a.accreditationDocument,
          issuers: [],
          accreditationHistory: [],
        });
        recordAccreditation(state.institutions.get(a.institutionId)!, timestamp, true);
        break;
      }
      case "InstitutionSuspended": {
        const a = event.args as unknown as InstitutionSuspendedEvent.OutputObject;
        const inst = institution(a.institutionId, log);
        inst.status = InstitutionStatus.Suspended;
        recordAccreditation(inst, timestamp, false);
        break;
      }
      case "InstitutionReinstated": {
        const a = event.args as unknown as InstitutionReinstatedEvent.OutputObject;
        const inst = institution(a.institutionId, log);
        inst.status = InstitutionStatus.Accredited;
        inst.accreditationDocument = a.accreditationDocument;
        recordAccreditation(inst, timestamp, true);
        break;
      }
      case "IssuerBound": {
        const a = event.args as unknown as IssuerBoundEvent.OutputObject;
        institution(a.institutionId, log).issuers.push(a.issuer);
        state.bindings.set(a.issuer, a.institutionId);
        break;
      }
      case "IssuerUnbound": {
        const a = event.args as unknown as IssuerUnboundEvent.OutputObject;
        removeSwappingLast(institution(a.institutionId, log).issuers, a.issuer, log);
        state.bindings.delete(a.issuer);
        break;
      }
      case "DiplomaIssued": {
        const a = event.args as unknown as DiplomaIssuedEvent.OutputObject;
        state.diplomas.set(recordKey({ institutionId: a.institutionId, hash: a.documentHash }), {
          documentHash: a.documentHash,
          issuer: a.issuer,
          institutionId: a.institutionId,
          issuedAt: timestamp,
          holderWallet: a.holderWallet,
          holderCommitment: a.holderCommitment,
          programmeCode: a.programmeCode,
          awardedAt: Number(a.awardedAt),
        });
        break;
      }
      case "BatchIssued": {
        const a = event.args as unknown as BatchIssuedEvent.OutputObject;
        state.batches.set(recordKey({ institutionId: a.institutionId, hash: a.root }), {
          root: a.root,
          issuer: a.issuer,
          institutionId: a.institutionId,
          issuedAt: timestamp,
          diplomaCount: a.diplomaCount,
        });
        break;
      }
      case "DiplomaRevoked": {
        const a = event.args as unknown as DiplomaRevokedEvent.OutputObject;
        state.revocations.set(
          revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash }),
          {
            root: a.root,
            documentHash: a.documentHash,
            statusIndex: null,
            revokedBy: a.revokedBy,
            revokedAt: timestamp,
            reason: a.reason,
            supersededBy: ZeroHash,
          },
        );
        break;
      }
      case "DiplomaRevokedInBatch": {
        const a = event.args as unknown as DiplomaRevokedInBatchEvent.OutputObject;
        const statusIndex = Number(a.statusIndex);
        const listKey = recordKey({ institutionId: a.institutionId, hash: a.root });
        const list = state.statusLists.get(listKey) ?? new Set<number>();
        if (list.has(statusIndex)) throw new ReplayError("status bit set twice", log);
        list.add(statusIndex);
        state.statusLists.set(listKey, list);
        state.revocations.set(
          revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash }),
          {
            root: a.root,
            documentHash: a.documentHash,
            statusIndex,
            revokedBy: a.revokedBy,
            revokedAt: Number(a.revokedAt),
            reason: a.reason,
            supersededBy: ZeroHash,
          },
        );
        break;
      }
      case "DiplomaSuperseded": {
        const a = event.args as unknown as DiplomaSupersededEvent.OutputObject;
        const key = revocationKey({ institutionId: a.institutionId, root: a.root, documentHash: a.documentHash });
        found(state.revocations.get(key), "superseded diploma not revoked", log).supersededBy = a.newDocumentHash;
        break;
      }
      case "Paused":
        state.paused = true;
        break;
      case "Unpaused":
        state.paused = false;
        break;
      default:
        break;
    }
  }
  return state;
}

/** `IDiplomaRegistry.Verification` with concrete types. */
export interface ReplayedVerification {
  status: bigint;
  institutionId: bigint;
  issuer: string;
  /** Unix seconds; null for an unknown diploma. */
  issuedAt: number | null;
  accreditedAtIssuance: boolean;
  /** Unix seconds; null unless revoked. */
  revokedAt: number | null;
  revocationReason: bigint;
  supersededBy: string;
  /** The credential kind (0: diploma); zero when unknown. */
  kind: bigint;
  /** Unix seconds: the first second it is valid (its issuance when no window was given); null when unknown. */
  validFrom: number | null;
  /** Unix seconds: the first second it is no longer valid; null when it never expires. */
  expiresAt: number | null;
  /** Unix seconds, for a credential issued alone; null when not suspended, and inside a batch. */
  suspendedAt: number | null;
  /** Zero when not suspended, and inside a batch. */
  suspensionReason: bigint;
}

/** What {@link replayedVerification} needs. */
export interface ReplayedVerificationParameters {
  readonly state: DiplomaRegistryState;
  /** The institution the diploma is checked under: records are kept per institution. */
  readonly institutionId: bigint;
  readonly documentHash: string;
  /**
   * The batch root, for a diploma inside a batch. The caller checks the Merkle proof: events do not list the
   * diplomas of a batch.
   */
  readonly root?: string;
  /** For a diploma inside a batch: its status index, from its proof. */
  readonly statusIndex?: number;
  /** The chain's time to judge the validity window at, unix seconds; by default the state's `asOf`. */
  readonly at?: number;
}

/** The return type of {@link replayedVerification}. */
export type ReplayedVerificationReturnType = ReplayedVerification;

/**
 * What `verify` (or `verifyInBatch`, with a valid proof) answers, from the replayed state, at the time `at`. Inside a
 * batch the status is the bit of `statusIndex` in the revocation list, then in the suspension list and, as on chain,
 * the time and reason are not part of the answer (they are in `state.revocations` and
 * `state.credentials.suspensions`).
 */
export function replayedVerification({
  state,
  institutionId,
  documentHash,
  root = ZeroHash,
  statusIndex,
  at = state.asOf,
}: ReplayedVerificationParameters): ReplayedVerificationReturnType {
  const issuance =
    root === ZeroHash
      ? state.diplomas.get(recordKey({ institutionId, hash: documentHash }))
      : state.batches.get(recordKey({ institutionId, hash: root }));
  if (issuance === undefined) {
    return {
      status: DiplomaStatus.Unknown,
      institutionId: 0n,
      issuer: ZeroAddress,
      issuedAt: null,
      accreditedAtIssuance: false,
      revokedAt: null,
      revocationReason: 0n,
      supersededBy: ZeroHash,
      kind: 0n,
      validFrom: null,
      expiresAt: null,
      suspendedAt: null,
      suspensionReason: 0n,
    };
  }
  const revocation = state.revocations.get(revocationKey({ institutionId, root, documentHash }));
  const history = state.institutions.get(issuance.institutionId)?.accreditationHistory ?? [];
  const inBatch = root !== ZeroHash;
  const revoked = inBatch
    ? (state.statusLists.get(recordKey({ institutionId, hash: root }))?.has(statusIndex ?? -1) ?? false)
    : revocation !== undefined;
  const { issuedAt } = issuance;
  const terms = replayedCredentialTerms({
    state: state.credentials,
    institutionId,
    root,
    documentHash,
    statusIndex,
    issuedAt,
    at,
  });
  const accreditedForKind = replayedAccreditedForKind({
    state: state.credentials,
    institutionId,
    kind: terms.kind,
    at: issuedAt,
  });
  let status = DiplomaStatus.Valid;
  if (revoked) status = DiplomaStatus.Revoked;
  else if (terms.suspended) status = DiplomaStatus.Suspended;
  else if (terms.expired) status = DiplomaStatus.Expired;
  else if (terms.notYetValid) status = DiplomaStatus.NotYetValid;
  return {
    status,
    institutionId: issuance.institutionId,
    issuer: issuance.issuer,
    issuedAt,
    accreditedAtIssuance:
      (history.findLast((change) => change.from <= issuedAt)?.accredited ?? false) && accreditedForKind,
    revokedAt: inBatch ? null : (revocation?.revokedAt ?? null),
    revocationReason: inBatch ? 0n : (revocation?.reason ?? 0n),
    supersededBy: revocation?.supersededBy ?? ZeroHash,
    kind: terms.kind,
    validFrom: terms.validFrom,
    expiresAt: terms.expiresAt,
    suspendedAt: terms.suspendedAt,
    suspensionReason: terms.suspensionReason,
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Private
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The registry's accreditation history rule: a suspension counts from the next second, a reinstatement from now or
 * from the last entry if that is later, and an entry at the same time as the last one replaces it.
 */
function recordAccreditation(inst: ReplayedInstitution, at: number, accredited: boolean): void {
  const history = inst.accreditationHistory;
  const last = history.at(-1);
  let from = accredited ? at : at + 1;
  if (accredited && last !== undefined && last.from > from) from = last.from;
  if (last !== undefined && last.from === from) history.pop();
  history.push({ from, accredited });
}
