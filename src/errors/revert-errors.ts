/**
 * The suite's custom errors that stand for an SDK error of their own ("unknown record", "wrong state", "not yours"),
 * in one table that revert decoding reads.
 *
 * @module
 */
import { isoTime } from "../vocabulary.js";
import {
  type ContractRevertError,
  type EgovError,
  InvalidInputError,
  InvalidStateError,
  RecordNotFoundError,
  UnauthorizedPartyError,
} from "./base.js";

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
