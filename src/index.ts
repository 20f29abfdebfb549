/**
 * The egov-registries SDK for reading and verifying, in Node.js and in browsers: connect to a deployed suite, hash
 * documents as the registries do, read each record, verify diplomas, read and follow events, decode errors.
 *
 * The agency write helpers are in `egov-registries/agency`, the event indexer in `egov-registries/replay`, the
 * typechain bindings in `egov-registries/contracts`, the ABIs in `egov-registries/abi`, the deployments of the public
 * networks in `egov-registries/deployments`.
 *
 * @module egov-registries
 */
export { connect } from "./sdk/connect.js";
export type { ConnectParameters, ConnectReturnType, SuiteSelector } from "./sdk/connect.js";
export type {
  DeployedContract,
  DeployedProxy,
  PendingUpgrade,
  RoleGrant,
  Suite,
  SuiteDeployment,
} from "./deployment.js";
export { buildDiplomaBatch, checkDiplomaProof, diplomaLeaf, hashDocument, holderCommitment } from "./hashing.js";
export type {
  BatchDiploma,
  BuildDiplomaBatchParameters,
  BuildDiplomaBatchReturnType,
  CheckDiplomaProofParameters,
  CheckDiplomaProofReturnType,
  DiplomaLeafParameters,
  DiplomaLeafReturnType,
  DiplomaProof,
  Hash,
  HashDocumentParameters,
  HashDocumentReturnType,
  HolderCommitmentParameters,
  HolderCommitmentReturnType,
} from "./hashing.js";
export {
  CHANGE_KINDS,
  ChangeKind,
  COMPANY_STATUSES,
  CompanyStatus,
  companyIdOf,
  DIPLOMA_STATUSES,
  DiplomaStatus,
  INSTITUTION_STATUSES,
  InstitutionStatus,
  OFFER_STATUSES,
  OfferStatus,
  parcelIdOf,
  TITLE_STATUSES,
  TitleStatus,
} from "./vocabulary.js";
export type {
  ChangeKindName,
  CompanyIdOfParameters,
  CompanyIdOfReturnType,
  CompanyStatusName,
  DiplomaStatusName,
  InstitutionStatusName,
  NumberedEnum,
  OfferStatusName,
  ParcelIdOfParameters,
  ParcelIdOfReturnType,
  TitleStatusName,
} from "./vocabulary.js";
export { getCompany, getInstitution, getOffer, getTitle, verifyDiploma } from "./sdk/reads.js";
export type {
  BatchProof,
  DiplomaInstitution,
  FoundOffer,
  GetCompanyParameters,
  GetCompanyReturnType,
  GetInstitutionParameters,
  GetInstitutionReturnType,
  GetOfferParameters,
  GetOfferReturnType,
  GetTitleParameters,
  GetTitleReturnType,
  Offer,
  OfferEvent,
  OwnershipEntry,
  VerifyDiplomaParameters,
  VerifyDiplomaReturnType,
} from "./sdk/reads.js";
export { getHistory, watchEvents } from "./sdk/events.js";
export type {
  EventSource,
  GetHistoryParameters,
  GetHistoryReturnType,
  SuiteEvent,
  WatchEventsParameters,
  WatchEventsReturnType,
} from "./sdk/events.js";
export { Roles } from "./roles.js";
export type { RoleName } from "./roles.js";
export type { SuiteContractName } from "./wiring.js";
export {
  ChainMismatchError,
  ContractNotDeployedError,
  ContractRevertError,
  decodeRevert,
  DeploymentNotFoundError,
  EgovError,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  TransactionFailedError,
  UnauthorizedPartyError,
} from "./errors.js";
export type {
  DecodeRevertParameters,
  DecodeRevertReturnType,
  EgovErrorParameters,
  NamedInterface,
  RecordLabels,
} from "./errors.js";
export { LogReadError } from "./logs.js";
