/**
 * Accreditor and issuer actions on the DiplomaRegistry: institutions (register, suspend, reinstate, bind and unbind
 * issuer accounts), diplomas issued one at a time, in bulk through `multicall` or as a class under one Merkle root,
 * revocations (one diploma, or many of one batch at once) and re-issues of a corrected diploma. Diplomas are verified
 * and institutions read with the SDK.
 *
 * @module
 */

export {
  bindIssuer,
  type BindIssuerParameters,
  type BindIssuerReturnType,
  countryCode,
  registerInstitution,
  type RegisterInstitutionParameters,
  type RegisterInstitutionReturnType,
  reinstateInstitution,
  type ReinstateInstitutionParameters,
  type ReinstateInstitutionReturnType,
  suspendInstitution,
  type SuspendInstitutionParameters,
  type SuspendInstitutionReturnType,
  unbindIssuer,
  type UnbindIssuerParameters,
  type UnbindIssuerReturnType,
} from "./diploma/institutions.js";
export {
  type BatchDiplomaRow,
  checkDiplomaInput,
  type DiplomaInput,
  type DiplomaProofFile,
  type DiplomaRow,
  issueDiploma,
  issueDiplomaBatch,
  type IssueDiplomaBatchParameters,
  type IssueDiplomaBatchReturnType,
  type IssueDiplomaParameters,
  type IssueDiplomaReturnType,
  issueDiplomas,
  type IssueDiplomasParameters,
  type IssueDiplomasReturnType,
  programmeCode,
  PROOF_FORMAT,
  proofOf,
  readProofFile,
  writeBatchFiles,
  type WriteBatchFilesParameters,
  type WriteBatchFilesReturnType,
} from "./diploma/issue.js";
export {
  type BatchRevocation,
  revokeDiploma,
  type RevokeDiplomaParameters,
  type RevokeDiplomaReturnType,
  revokeDiplomasInBatch,
  type RevokeDiplomasInBatchParameters,
  type RevokeDiplomasInBatchReturnType,
} from "./diploma/revoke.js";
export { reissueDiploma, type ReissueDiplomaParameters, type ReissueDiplomaReturnType } from "./diploma/reissue.js";
