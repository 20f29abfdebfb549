/**
 * Rebuilds the state of the registries from their event logs alone, as an integrator that only indexes events sees
 * it: titles with their whole ownership history and liens, sale offers with their escrow, diplomas and other
 * credentials with their institutions, issuers, revocations, kinds, validity windows, suspensions and signing keys,
 * the citizen register, the company register (companies with their owners, directors and filings) and the elections
 * (public and secret polls, ballots, tallies, key ceremonies). Each `replay...` function folds logs (with the time of
 * their block) into a plain state object; the tests compare that object with the contracts' own reads field by
 * field.
 *
 * Events carry no time: a change is dated by the timestamp of the block that holds it, which {@link fetchTimedLogs}
 * attaches to each log. As everywhere in the SDK, times are unix seconds as `number` (`null` where nothing happened
 * yet); ids, amounts and enum values are the `bigint`s the contracts' reads return (`TITLE_STATUSES[Number(status)]`
 * names a status).
 *
 * @module egov-registries/replay
 */
import type { ManifestReplayFunction } from "./manifest.js";
import type { ReplayParameters } from "./replay/base.js";
import { replayCitizenRegistry } from "./replay/citizens.js";
import { replayCompanyRegistry } from "./replay/companies.js";
import { replayDiplomaRegistry } from "./replay/diplomas.js";
import { replayElections } from "./replay/elections.js";
import { replayPropertyRegistry } from "./replay/property.js";
import { replayOwnershipTransfer } from "./replay/transfer.js";

export {
  fetchTimedLogs,
  type FetchTimedLogsParameters,
  type FetchTimedLogsReturnType,
  ReplayError,
  type ReplayParameters,
  type TimedLog,
} from "./replay/base.js";
export {
  type CitizenRegistryState,
  replayCitizenRegistry,
  type ReplayCitizenRegistryReturnType,
  type ReplayedCitizen,
} from "./replay/citizens.js";
export {
  type CredentialRecordsState,
  kindAccreditationKey,
  type KindAccreditationKeyParameters,
  type KindAccreditationKeyReturnType,
  replayedAccreditedForKind,
  type ReplayedAccreditedForKindParameters,
  type ReplayedAccreditedForKindReturnType,
  type ReplayedCredentialKind,
  type ReplayedCredentialTerms,
  type ReplayedKindAccreditation,
  type ReplayedSigningKey,
  type ReplayedSuspension,
} from "./replay/credentials.js";
export {
  type PropertyRegistryState,
  type ReplayedLien,
  type ReplayedOwnershipRecord,
  type ReplayedTitle,
  replayedTokenURI,
  type ReplayedTokenURIParameters,
  type ReplayedTokenURIReturnType,
  replayPropertyRegistry,
  type ReplayPropertyRegistryReturnType,
} from "./replay/property.js";
export {
  type OwnershipTransferState,
  replayedEscrow,
  type ReplayedEscrowParameters,
  type ReplayedEscrowReturnType,
  type ReplayedOffer,
  type ReplayedOfferTerms,
  type ReplayedOwnerChangeOrder,
  type ReplayedRegistryPolicy,
  replayOwnershipTransfer,
  type ReplayOwnershipTransferReturnType,
} from "./replay/transfer.js";
export {
  type DiplomaRegistryState,
  recordKey,
  type RecordKeyParameters,
  type RecordKeyReturnType,
  replayDiplomaRegistry,
  type ReplayDiplomaRegistryReturnType,
  type ReplayedAccreditationChange,
  type ReplayedBatch,
  type ReplayedDiploma,
  type ReplayedInstitution,
  type ReplayedIssuance,
  type ReplayedRevocation,
  type ReplayedVerification,
  replayedVerification,
  type ReplayedVerificationParameters,
  type ReplayedVerificationReturnType,
  revocationKey,
  type RevocationKeyParameters,
  type RevocationKeyReturnType,
} from "./replay/diplomas.js";

export {
  COMPANY_REGISTRY_EVENTS,
  type CompanyRegistryState,
  replayCompanyRegistry,
  type ReplayCompanyRegistryReturnType,
  type ReplayedCompany,
  type ReplayedDirector,
  type ReplayedFiling,
  type ReplayedParticulars,
} from "./replay/companies.js";
export {
  ELECTIONS_EVENTS,
  type ElectionsState,
  type ReplayedAnnouncement,
  type ReplayedBallot,
  type ReplayedCensus,
  type ReplayedCiphertext,
  type ReplayedPoint,
  type ReplayedPoll,
  type ReplayedSecretBallot,
  type ReplayedSecretPoll,
  replayElections,
  type ReplayElectionsReturnType,
} from "./replay/elections.js";

// ---------------------------------------------------------------------------------------------------------------------
// Every replay, by the manifest's name for it
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Every replay function, by the name a manifest row (`src/manifest.ts`) gives it: the manifest test checks that each
 * row's `replay.function` is here.
 */
export const REPLAYS = {
  replayPropertyRegistry,
  replayOwnershipTransfer,
  replayDiplomaRegistry,
  replayCitizenRegistry,
  replayCompanyRegistry,
  replayElections,
} as const satisfies Readonly<Record<ManifestReplayFunction, (parameters: ReplayParameters) => unknown>>;
