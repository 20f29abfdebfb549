/**
 * The `diplomas` commands as Hardhat tasks: institutions, issuers and diplomas in the DiplomaRegistry. Each command's
 * code is imported only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { BASIS, BULK_OPTIONS, EXTRACT_OPTIONS } from "../options.js";

const diplomas = () => import("./diplomas.js");
const corrections = () => import("./diplomas-reissue.js");
/** The extract commands of every area, with the PDF and QR libraries, load only when an extract is written. */
const extracts = () => import("./extracts.js");
const credentials = () => import("./credentials.js");

const INSTITUTION: CommandOption = { name: "institution", description: "The institution's id (required)" };
const DOCUMENT_FILE: CommandOption = {
  name: "document",
  description: "The diploma document: a file (hashed with keccak-256) or a 0x 32-byte hash",
};
const DOCUMENT_HASH: CommandOption = {
  name: "documentHash",
  description: "The diploma's document hash (0x and 64 hex digits), instead of --document",
};
const PROOF_FILE: CommandOption = {
  name: "proofFile",
  description:
    "For a diploma issued in a batch: the holder's proof file (root, documentHash, holderCommitment, statusIndex, proof)",
};
const ACCREDITATION: CommandOption = {
  name: "accreditationDocument",
  description: "The accreditation document: a file or a 0x 32-byte hash (required)",
};
const DIPLOMA_ROWS: CommandOption = {
  name: "file",
  description:
    "CSV (with a header) or JSON array; columns documentHash or document (a file), holderCommitment, holderWallet, programme, awardedOn (required)",
};
/** The options of the corrected diploma of `reissue` and `reissue-from-batch`. */
const CORRECTED_DIPLOMA: readonly CommandOption[] = [
  { name: "document", description: "The corrected diploma's document: a file or a 0x 32-byte hash" },
  { name: "documentHash", description: "The corrected diploma's document hash, instead of --document" },
  {
    name: "holderCommitment",
    description: "The holder commitment of the corrected diploma (default with a proof file: the old one's)",
  },
  { name: "holderWallet", description: "The holder's account (default: none)" },
  { name: "programme", description: "The programme code: short text like 0613, or 0x 32 bytes (required)" },
  { name: "awardedOn", description: "The award date: ISO date or unix seconds, not in the future (required)" },
];

/** `diplomas …`. */
export const diplomasTasks: CommandDefinition[] = [
  defineGroup("diplomas", "Institutions, issuers and diplomas in the DiplomaRegistry"),
  defineCommand({
    id: ["diplomas", "register-institution"],
    description: "Register an institution, accredited from now on (ACCREDITOR)",
    kind: "write",
    options: [
      { name: "name", description: "The institution's official name (required)" },
      { name: "country", description: "ISO 3166-1 alpha-2 country code, like FR (required)" },
      ACCREDITATION,
    ],
    action: lazy(diplomas, "registerInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "suspend-institution"],
    description: "Suspend an institution's accreditation: its issuers cannot issue (ACCREDITOR)",
    kind: "write",
    options: [INSTITUTION, BASIS],
    action: lazy(diplomas, "suspendInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "reinstate-institution"],
    description: "Accredit a suspended institution again (ACCREDITOR)",
    kind: "write",
    options: [INSTITUTION, ACCREDITATION],
    action: lazy(diplomas, "reinstateInstitutionCommand"),
  }),
  defineCommand({
    id: ["diplomas", "bind-issuer"],
    description: "Bind an issuer account to the institution it acts for (ACCREDITOR)",
    kind: "write",
    options: [{ name: "issuer", description: "The issuer account (required)" }, INSTITUTION],
    action: lazy(diplomas, "bindIssuerCommand"),
  }),
  defineCommand({
    id: ["diplomas", "unbind-issuer"],
    description: "Unbind an issuer account from its institution (ACCREDITOR)",
    kind: "write",
    options: [{ name: "issuer", description: "The issuer account (required)" }],
    action: lazy(diplomas, "unbindIssuerCommand"),
  }),
  defineCommand({
    id: ["diplomas", "issue"],
    description: "Issue one diploma for the acting issuer's institution (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      {
        name: "holderCommitment",
        description: "The salted commitment to the holder's identity, 0x 32 bytes (required)",
      },
      { name: "holderWallet", description: "The holder's account (default: none)" },
      { name: "programme", description: "The programme code: short text like 0613, or 0x 32 bytes (required)" },
      { name: "awardedOn", description: "The award date: ISO date or unix seconds, not in the future (required)" },
      {
        name: "kind",
        description:
          "The credential kind: 0 diploma (default), 1 professional licence, 2 permit, 3 certificate of good standing, or a kind defined later",
      },
      { name: "validFrom", description: "The first day it is valid: ISO date or unix seconds (default: its issuance)" },
      {
        name: "expiresAt",
        description: "When it stops being valid: ISO date or unix seconds (required for kinds that expire)",
      },
    ],
    action: lazy(diplomas, "issue"),
  }),
  defineCommand({
    id: ["diplomas", "issue-bulk"],
    description: "Issue many diplomas one by one from a CSV or JSON file, in batches, resumable (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DIPLOMA_ROWS,
      { name: "journal", description: "The progress journal (default: <file>.journal)" },
      ...BULK_OPTIONS,
    ],
    action: lazy(diplomas, "issueBulk"),
  }),
  defineCommand({
    id: ["diplomas", "issue-batch"],
    description: "Issue a class under one Merkle root and write each holder's proof file (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DIPLOMA_ROWS,
      { name: "out", description: "The folder for the proof files and tree.json (default: <file>-proofs)" },
    ],
    action: lazy(diplomas, "issueBatch"),
  }),
  defineCommand({
    id: ["diplomas", "revoke"],
    description: "Revoke a diploma, alone or in a batch (its institution's issuer, or an ACCREDITOR)",
    kind: "write",
    options: [
      {
        name: "institution",
        description: "The diploma's institution (required for an ACCREDITOR; an issuer revokes under its own)",
      },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      { name: "reason", description: "The revocation reason code, 1 to 65535 (required)" },
      PROOF_FILE,
    ],
    action: lazy(diplomas, "revoke"),
  }),
  defineCommand({
    id: ["diplomas", "revoke-many-in-batch"],
    description:
      "Revoke many diplomas of one batch in one transaction, with one reason (its institution's issuer, or an ACCREDITOR)",
    kind: "write",
    options: [
      {
        name: "file",
        description: "A JSON array of the diplomas' proofs, each as in a proof file, all of one batch (required)",
      },
      { name: "reason", description: "The revocation reason code, 1 to 65535 (required)" },
      {
        name: "institution",
        description: "The batch's institution (required for an ACCREDITOR; an issuer revokes under its own)",
      },
    ],
    action: lazy(corrections, "revokeManyInBatch"),
  }),
  defineCommand({
    id: ["diplomas", "reissue"],
    description:
      "Revoke a diploma issued alone and issue its corrected version, linking the old to the new (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      { name: "oldDocument", description: "The diploma to replace: its document file or 0x 32-byte hash (required)" },
      { name: "oldDocumentHash", description: "The old diploma's document hash, instead of --old-document" },
      { name: "reason", description: "The revocation reason code of the old diploma, 1 to 65535 (required)" },
      ...CORRECTED_DIPLOMA,
    ],
    action: lazy(corrections, "reissue"),
  }),
  defineCommand({
    id: ["diplomas", "reissue-from-batch"],
    description:
      "Revoke a diploma inside a batch and issue its corrected version alone, linking the old to the new (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      { name: "proofFile", description: "The old diploma's proof file from its batch (required)" },
      { name: "reason", description: "The revocation reason code of the old diploma, 1 to 65535 (required)" },
      ...CORRECTED_DIPLOMA,
    ],
    action: lazy(corrections, "reissueFromBatch"),
  }),
  defineCommand({
    id: ["diplomas", "verify"],
    description: "Verify a diploma: status, institution, issuer, times, revocation, superseding record",
    kind: "read",
    options: [
      {
        name: "institution",
        description: "The institution the diploma claims to come from (required unless the proof file names it)",
      },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      PROOF_FILE,
    ],
    action: lazy(diplomas, "verify"),
  }),
  defineCommand({
    id: ["diplomas", "show-institution"],
    description: "Show an institution with its issuers and accreditation history",
    kind: "read",
    options: [INSTITUTION],
    action: lazy(diplomas, "showInstitution"),
  }),
  defineCommand({
    id: ["diplomas", "extract"],
    description:
      "Write the certificate of a credential issued alone (a diploma, a licence, any kind), as of a block: a PDF with its kind, validity and suspension, and the QR code that checks it",
    kind: "read",
    options: [
      { name: "institution", description: "The issuing institution's number (required)" },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      ...EXTRACT_OPTIONS,
    ],
    action: lazy(extracts, "diplomaExtract"),
  }),
  defineCommand({
    id: ["diplomas", "accredit"],
    description: "Accredit an institution for a credential kind from a date (ACCREDITOR)",
    kind: "write",
    options: [
      INSTITUTION,
      { name: "kind", description: "The credential kind, 1 or more (required)" },
      {
        name: "effectiveFrom",
        description: "From when: ISO date or unix seconds, not in the past (default: the next second)",
      },
      { name: "document", description: "The accreditation document: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(credentials, "accredit"),
  }),
  defineCommand({
    id: ["diplomas", "withdraw-accreditation"],
    description: "Withdraw an institution's accreditation for a credential kind from a date (ACCREDITOR)",
    kind: "write",
    options: [
      INSTITUTION,
      { name: "kind", description: "The credential kind (required)" },
      {
        name: "effectiveFrom",
        description: "From when: ISO date or unix seconds, after now (default: in two seconds)",
      },
      { name: "document", description: "The decision: a file or a 0x 32-byte hash (required)" },
    ],
    action: lazy(credentials, "withdrawAccreditation"),
  }),
  defineCommand({
    id: ["diplomas", "suspend"],
    description: "Suspend a credential of a suspendable kind, alone or in a batch (DIPLOMA_ISSUER)",
    kind: "write",
    options: [
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      PROOF_FILE,
      { name: "reason", description: "A reason code its kind lists (required)" },
      BASIS,
    ],
    action: lazy(credentials, "suspend"),
  }),
  defineCommand({
    id: ["diplomas", "reinstate"],
    description: "Reinstate a suspended credential (DIPLOMA_ISSUER)",
    kind: "write",
    options: [DOCUMENT_FILE, DOCUMENT_HASH, PROOF_FILE, BASIS],
    action: lazy(credentials, "reinstate"),
  }),
  defineCommand({
    id: ["diplomas", "publish-key"],
    description:
      "Publish the institution's signing key for Verifiable Credentials (DIPLOMA_ISSUER); the previous one stops",
    kind: "write",
    options: [
      {
        name: "publicKey",
        description: "The public key, 0x 32 bytes (default: the key of EGOV_SIGNING_SEED of --key-type)",
      },
      {
        name: "keyType",
        description:
          "ed25519 (credentials signed in eddsa-rdfc-2022) or p256 (ecdsa-sd-2023, selective disclosure) (default: ed25519)",
      },
    ],
    action: lazy(credentials, "publishKey"),
  }),
  defineCommand({
    id: ["diplomas", "export-vc"],
    description: "Export a credential as a W3C Verifiable Credential signed with the key of EGOV_SIGNING_SEED",
    kind: "read",
    options: [
      { name: "institution", description: "The issuing institution (required unless the proof file names it)" },
      DOCUMENT_FILE,
      DOCUMENT_HASH,
      PROOF_FILE,
      { name: "claims", description: "A JSON file of the holder's claims (required)" },
      { name: "holder", description: "The holder's identifier, a DID for example (default: none)" },
      { name: "statusBaseUrl", description: "Where the institution hosts its status lists (required)" },
      {
        name: "cryptosuite",
        description:
          "eddsa-rdfc-2022 (an Ed25519 key) or ecdsa-sd-2023 (a P-256 key: a base proof for selective disclosure) (default: eddsa-rdfc-2022)",
      },
      { name: "out", description: "The file to write the credential to (required)" },
    ],
    action: lazy(credentials, "exportVc"),
  }),
  defineCommand({
    id: ["diplomas", "derive-vc"],
    description:
      "Derive from a credential with an ecdsa-sd-2023 base proof one that reveals only the chosen claims (no key, no chain)",
    kind: "read",
    options: [
      { name: "credential", description: "The credential's JSON file, with the institution's base proof (required)" },
      {
        name: "reveal",
        description:
          "The claims to reveal, comma-separated: names or JSON pointers under /credentialSubject (required)",
      },
      { name: "out", description: "The file to write the derived credential to (required)" },
    ],
    action: lazy(credentials, "deriveVc"),
  }),
  defineCommand({
    id: ["diplomas", "status-list"],
    description:
      "Build and sign an institution's Bitstring Status Lists from the chain, with the key of EGOV_SIGNING_SEED",
    kind: "read",
    options: [
      INSTITUTION,
      { name: "baseUrl", description: "Where the lists will be hosted (required)" },
      { name: "out", description: "The folder to write them to, one file per list under its url path (required)" },
    ],
    action: lazy(credentials, "statusList"),
  }),
  defineCommand({
    id: ["diplomas", "verify-vc"],
    description:
      "Verify a Verifiable Credential against the chain: proof, key, record, accreditation, status, validity",
    kind: "read",
    options: [{ name: "file", description: "The credential's JSON file (required)" }],
    action: lazy(credentials, "verifyVc"),
  }),
];
