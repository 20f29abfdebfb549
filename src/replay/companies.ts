/**
 * The company register rebuilt from its events alone: every company as `companyOf` reads it, with its ownership
 * history, its directors and its filings, and the register's own state (pause, authority, version, implementation).
 *
 * @module
 */
import { type Log, ZeroHash } from "ethers";

import { CompanyRegistry__factory } from "../contracts.js";
import { ChangeKind, CompanyStatus } from "../vocabulary.js";
import type {
  CompanyRegisteredEvent,
  CompanyStatusChangedEvent,
  ControllingOwnerChangedEvent,
  DirectorAppointedEvent,
  DirectorRemovedEvent,
  DocumentFiledEvent,
  ParticularsUpdatedEvent,
} from "../../types/ethers-contracts/contracts/company/CompanyRegistry.js";
import { found, type ReplayParameters, ReplayError, replayGovernanceEvent } from "./base.js";
import type { ReplayedOwnershipRecord } from "./property.js";

/** `ICompanyRegistry.Particulars` as its events carry them. */
export interface ReplayedParticulars {
  name: string;
  /** ISO 20275 legal form code, `bytes4` hex. */
  legalForm: string;
  /** ISO 3166 code, `bytes6` hex. */
  jurisdiction: string;
  registeredAddressHash: string;
}

/** A director appointment as `directorOf` reads it (`removedOn` is 0 while serving). */
export interface ReplayedDirector {
  commitment: string;
  account: string;
  /** Effective dates, unix seconds. */
  appointedOn: number;
  removedOn: number;
  /** The appointment and removal notices (the removal's is the zero hash while serving). */
  appointmentDocumentHash: string;
  removalDocumentHash: string;
}

/** A filing as `filingOf` reads it. */
export interface ReplayedFiling {
  documentHash: string;
  filingType: bigint;
  /** Unix seconds. */
  filedAt: number;
}

/** A company as `companyOf`, `ownershipHistory`, `directors` and `filings` read it. */
export interface ReplayedCompany {
  companyId: bigint;
  companyNumber: string;
  owner: string;
  /** `ICompanyRegistry.CompanyStatus` (`COMPANY_STATUSES[Number(status)]` names it). */
  status: bigint;
  /** Unix seconds. */
  registeredAt: number;
  statusSince: number;
  ownerSince: number;
  incorporationDocumentHash: string;
  particulars: ReplayedParticulars;
  /** The document behind the last change of the particulars (the incorporation document until one). */
  particularsDocumentHash: string;
  /** Each status change's decision, oldest first. */
  decisions: { from: bigint; to: bigint; decisionHash: string; at: number }[];
  history: ReplayedOwnershipRecord[];
  directors: ReplayedDirector[];
  servingDirectorCount: number;
  filings: ReplayedFiling[];
}

/** The company register as its events tell it. */
export interface CompanyRegistryState {
  /** Every company by id. */
  readonly companies: Map<bigint, ReplayedCompany>;
  /** Companies held by each owner (addresses as the events spell them). */
  readonly balances: Map<string, bigint>;
  /** Whether the register is paused, and its authority, initialized version and implementation as last set. */
  paused: boolean;
  authority: string | null;
  initializedVersion: bigint;
  implementation: string | null;
}

/** The return type of {@link replayCompanyRegistry}. */
export type ReplayCompanyRegistryReturnType = CompanyRegistryState;

/** Folds the company register's logs, in chain order, into its state. Logs of other contracts' events are skipped. */
export function replayCompanyRegistry({ logs }: ReplayParameters): ReplayCompanyRegistryReturnType {
  const iface = CompanyRegistry__factory.createInterface();
  const state: CompanyRegistryState = {
    companies: new Map(),
    balances: new Map(),
    paused: false,
    authority: null,
    initializedVersion: 0n,
    implementation: null,
  };
  const company = (companyId: bigint, log: Log) => found(state.companies.get(companyId), "unknown company", log);
  const credit = (owner: string, delta: bigint) => state.balances.set(owner, (state.balances.get(owner) ?? 0n) + delta);
  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    if (event === null) continue;
    switch (event.name) {
      case "CompanyRegistered": {
        const a = event.args as unknown as CompanyRegisteredEvent.OutputObject;
        if (state.companies.has(a.companyId)) throw new ReplayError("company registered twice", log);
        state.companies.set(a.companyId, {
          companyId: a.companyId,
          companyNumber: a.companyNumber,
          owner: a.owner,
          status: CompanyStatus.Incorporated,
          registeredAt: timestamp,
          statusSince: timestamp,
          ownerSince: timestamp,
          incorporationDocumentHash: a.documentHash,
          particulars: particularsOf(a.particulars),
          particularsDocumentHash: a.documentHash,
          decisions: [],
          history: [{ owner: a.owner, since: timestamp, kind: ChangeKind.Registration, basis: a.documentHash }],
          directors: [],
          servingDirectorCount: 0,
          filings: [],
        });
        credit(a.owner, 1n);
        break;
      }
      case "ParticularsUpdated": {
        const a = event.args as unknown as ParticularsUpdatedEvent.OutputObject;
        const c = company(a.companyId, log);
        c.particulars = particularsOf(a.particulars);
        c.particularsDocumentHash = a.documentHash;
        break;
      }
      case "CompanyStatusChanged": {
        const a = event.args as unknown as CompanyStatusChangedEvent.OutputObject;
        const c = company(a.companyId, log);
        if (c.status !== a.previousStatus) throw new ReplayError("status change from another status", log);
        c.decisions.push({ from: a.previousStatus, to: a.status, decisionHash: a.decisionHash, at: timestamp });
        c.status = a.status;
        c.statusSince = timestamp;
        break;
      }
      case "DirectorAppointed": {
        const a = event.args as unknown as DirectorAppointedEvent.OutputObject;
        const c = company(a.companyId, log);
        if (BigInt(c.directors.length) !== a.directorIndex) throw new ReplayError("director index out of order", log);
        c.directors.push({
          commitment: a.commitment,
          account: a.account,
          appointedOn: Number(a.appointedOn),
          removedOn: 0,
          appointmentDocumentHash: a.documentHash,
          removalDocumentHash: ZeroHash,
        });
        c.servingDirectorCount++;
        break;
      }
      case "DirectorRemoved": {
        const a = event.args as unknown as DirectorRemovedEvent.OutputObject;
        const c = company(a.companyId, log);
        const director = found(c.directors[Number(a.directorIndex)], "unknown director", log);
        if (director.removedOn !== 0 || director.commitment !== a.commitment) {
          throw new ReplayError("removal of a director not serving", log);
        }
        director.removedOn = Number(a.removedOn);
        director.removalDocumentHash = a.documentHash;
        c.servingDirectorCount--;
        break;
      }
      case "DocumentFiled": {
        const a = event.args as unknown as DocumentFiledEvent.OutputObject;
        const c = company(a.companyId, log);
        if (BigInt(c.filings.length) !== a.filingIndex) throw new ReplayError("filing index out of order", log);
        c.filings.push({ documentHash: a.documentHash, filingType: a.filingType, filedAt: timestamp });
        break;
      }
      case "ControllingOwnerChanged": {
        const a = event.args as unknown as ControllingOwnerChangedEvent.OutputObject;
        const c = company(a.companyId, log);
        if (c.owner !== a.from || BigInt(c.history.length) !== a.historyIndex) {
          throw new ReplayError("owner change from another owner or history position", log);
        }
        c.history.push({ owner: a.to, since: timestamp, kind: a.kind, basis: a.basis });
        c.owner = a.to;
        c.ownerSince = timestamp;
        credit(a.from, -1n);
        credit(a.to, 1n);
        break;
      }
      case "Paused":
        state.paused = true;
        break;
      case "Unpaused":
        state.paused = false;
        break;
      default:
        if (replayGovernanceEvent(state, event)) break;
        throw new ReplayError(`the company register's event ${event.name} has no handler`, log);
    }
  }
  return state;
}

/** The events {@link replayCompanyRegistry} folds: every event of the CompanyRegistry ABI. */
export const COMPANY_REGISTRY_EVENTS = [
  "CompanyRegistered",
  "ParticularsUpdated",
  "CompanyStatusChanged",
  "DirectorAppointed",
  "DirectorRemoved",
  "DocumentFiled",
  "ControllingOwnerChanged",
  "Paused",
  "Unpaused",
  "AuthorityUpdated",
  "Initialized",
  "Upgraded",
] as const;

function particularsOf(p: CompanyRegisteredEvent.OutputObject["particulars"]): ReplayedParticulars {
  return {
    name: p.name,
    legalForm: p.legalForm,
    jurisdiction: p.jurisdiction,
    registeredAddressHash: p.registeredAddressHash,
  };
}
