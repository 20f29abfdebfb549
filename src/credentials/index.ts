/**
 * W3C Verifiable Credentials of the registry's credentials: export (signed with the institution's key published on
 * chain), Bitstring Status Lists built from the chain's bits, selective disclosure (`ecdsa-sd-2023`), and verification
 * against the chain. Node and browser alike; every JSON-LD context ships with the package.
 *
 * @module egov-registries/credentials
 */
export {
  type DocumentLoader,
  offlineLoader,
  REGISTRY_CONTEXT,
  REGISTRY_CONTEXT_DOCUMENT,
  VC_V2_CONTEXT,
} from "./contexts.js";
export {
  deriveCredential,
  type DeriveCredentialParameters,
  type DeriveCredentialReturnType,
  mandatoryPointers,
  p256MultikeyDocument,
  SELECTIVE_DISCLOSURE_SUITE,
  type SelectiveDisclosureKey,
  selectiveDisclosureKey,
  type SelectiveDisclosureKeyParameters,
} from "./disclosure.js";
export {
  exportCredential,
  type ExportCredentialParameters,
  type ExportCryptosuite,
  sign,
  type VerifiableCredential,
  vcTime,
} from "./export.js";
export {
  credentialId,
  type IssuerReference,
  issuerId,
  type KeyReference,
  keyId,
  parseIssuerId,
  parseKeyId,
  type RegistryLocation,
  type StatusListScope,
  statusListUrl,
  type StatusPurpose,
} from "./identifiers.js";
export {
  currentKey,
  type InstitutionKey,
  institutionKey,
  type InstitutionKeyParameters,
  multikeyDocument,
  type MultikeyPair,
  type PublishedKey,
  publishedKey,
  publicKeyMultibase,
  publicKeyOf,
} from "./keys.js";
export {
  type BatchMembership,
  type ChainRecord,
  type CredentialSuite,
  credentialType,
  readRecord,
  type RecordReference,
} from "./record.js";
export {
  buildStatusLists,
  type BuildStatusListsParameters,
  MINIMUM_LIST_LENGTH,
  type StatusListFile,
} from "./status-lists.js";
export {
  checkStatusLists,
  type CheckStatusListsParameters,
  type CredentialCheck,
  type CredentialCheckName,
  verifyCredential,
  type VerifyCredentialParameters,
  type VerifyCredentialReturnType,
} from "./verify.js";
