/**
 * The citizen register rebuilt from its events alone: every citizen's record as `citizen(key)` reads it, the
 * register's order (`citizenKeyAt`), its sequence number, and which citizen holds each voting commitment ever given.
 *
 * @module
 */
import { CitizenRegistry__factory } from "../contracts.js";
import type {
  CitizenRegisteredEvent,
  CitizenStatusChangedEvent,
  EligibilityChangedEvent,
  VotingCommitmentChangedEvent,
  VotingCommitmentProposedEvent,
  VotingCommitmentRotationCancelledEvent,
} from "../../types/ethers-contracts/contracts/citizen/CitizenRegistry.js";
import { found, type ReplayParameters, ReplayError } from "./base.js";

/** A citizen's record as `CitizenRegistry.citizen(key)` returns it, numbers as the read's `bigint`s. */
export interface ReplayedCitizen {
  readonly citizenKey: string;
  /** Position in the register (registration order). */
  index: bigint;
  jurisdiction: bigint;
  /** `ICitizenRegistry.CitizenStatus` (`CITIZEN_STATUSES[Number(status)]` names it). */
  status: bigint;
  flags: bigint;
  /** When the record was entered and when its current status was entered, unix seconds. */
  registeredAt: bigint;
  statusSince: bigint;
  /** The sequence number of the record's last change. */
  lastSequence: bigint;
  votingCommitment: bigint;
}

/** The citizen register as its events tell it. */
export interface CitizenRegistryState {
  /** Every citizen by key (lower case). */
  readonly citizens: Map<string, ReplayedCitizen>;
  /** The citizens' keys in register order (`citizenKeyAt`). */
  readonly order: string[];
  /** The sequence number of the register's last change (`sequence()`). */
  sequence: bigint;
  /** The citizen each voting commitment ever given or proposed belongs to (`commitmentHolder`), rotated ones included. */
  readonly commitmentHolders: Map<bigint, string>;
  /** The rotations proposed and not yet applied or cancelled, by citizen key (`pendingVotingCommitment`). */
  readonly pendingRotations: Map<string, { commitment: bigint; effectiveAt: bigint }>;
}

/** The return type of {@link replayCitizenRegistry}. */
export type ReplayCitizenRegistryReturnType = CitizenRegistryState;

/** Folds the citizen register's logs, in chain order, into its state. Logs of other events are skipped. */
export function replayCitizenRegistry({ logs }: ReplayParameters): ReplayCitizenRegistryReturnType {
  const iface = CitizenRegistry__factory.createInterface();
  const state: CitizenRegistryState = {
    citizens: new Map(),
    order: [],
    sequence: 0n,
    commitmentHolders: new Map(),
    pendingRotations: new Map(),
  };
  for (const { log, timestamp } of logs) {
    const event = iface.parseLog(log);
    if (event === null) continue;
    const args = event.args as unknown as { citizenKey: string; sequence: bigint };
    const key = typeof args.citizenKey === "string" ? args.citizenKey.toLowerCase() : "";
    const citizen = () => found(state.citizens.get(key), "unknown citizen", log);
    switch (event.name) {
      case "CitizenRegistered": {
        const a = event.args as unknown as CitizenRegisteredEvent.OutputObject;
        if (state.citizens.has(key)) throw new ReplayError("citizen registered twice", log);
        if (a.index !== BigInt(state.order.length)) throw new ReplayError("register index out of order", log);
        state.citizens.set(key, {
          citizenKey: key,
          index: a.index,
          jurisdiction: a.jurisdiction,
          status: 1n,
          flags: a.flags,
          registeredAt: BigInt(timestamp),
          statusSince: BigInt(timestamp),
          lastSequence: a.sequence,
          votingCommitment: a.votingCommitment,
        });
        state.order.push(key);
        state.commitmentHolders.set(a.votingCommitment, key);
        break;
      }
      case "CitizenStatusChanged": {
        const a = event.args as unknown as CitizenStatusChangedEvent.OutputObject;
        const record = citizen();
        if (record.status !== a.from) throw new ReplayError("status change from another status", log);
        record.status = a.to;
        record.statusSince = BigInt(timestamp);
        record.lastSequence = a.sequence;
        break;
      }
      case "EligibilityChanged": {
        const a = event.args as unknown as EligibilityChangedEvent.OutputObject;
        const record = citizen();
        if (record.flags !== a.from) throw new ReplayError("eligibility change from other flags", log);
        record.flags = a.to;
        record.lastSequence = a.sequence;
        break;
      }
      case "VotingCommitmentProposed": {
        // A proposal is not a change of the register (no sequence number): it reserves the commitment at once.
        const a = event.args as unknown as VotingCommitmentProposedEvent.OutputObject;
        if (citizen().votingCommitment !== a.from)
          throw new ReplayError("rotation proposed from another commitment", log);
        state.pendingRotations.set(key, { commitment: a.to, effectiveAt: a.effectiveAt });
        state.commitmentHolders.set(a.to, key);
        continue;
      }
      case "VotingCommitmentRotationCancelled": {
        // The cancelled commitment stays spent: its holder is kept.
        const a = event.args as unknown as VotingCommitmentRotationCancelledEvent.OutputObject;
        if (state.pendingRotations.get(key)?.commitment !== a.commitment) {
          throw new ReplayError("cancelled rotation was not pending", log);
        }
        state.pendingRotations.delete(key);
        continue;
      }
      case "VotingCommitmentChanged": {
        const a = event.args as unknown as VotingCommitmentChangedEvent.OutputObject;
        const record = citizen();
        if (record.votingCommitment !== a.from) throw new ReplayError("commitment change from another commitment", log);
        record.votingCommitment = a.to;
        record.lastSequence = a.sequence;
        state.commitmentHolders.set(a.to, key);
        state.pendingRotations.delete(key);
        break;
      }
      default:
        continue;
    }
    if (args.sequence !== state.sequence + 1n) throw new ReplayError("a change of the register is missing", log);
    state.sequence = args.sequence;
  }
  return state;
}
