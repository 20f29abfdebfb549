/**
 * The function-to-role wiring of the whole suite, in one place. Tests, the demo and the deployment modules all wire
 * the GovernmentAuthority from this table, and the access-matrix test proves that every external non-view function
 * of every contract appears here exactly once.
 *
 * @module
 */
import { id } from "ethers";

import type { GovernedContractName } from "./manifest.js";
import type { RoleName } from "./roles.js";

/** The contracts of the suite that the authority governs: the manifest's governed rows (`src/manifest.ts`). */
export type SuiteContractName = GovernedContractName;

/** How the authority and the contract itself control one contract's writes. */
export interface ContractAccess {
  /** Functions wired to a role in the authority (`restricted` in the contract), by signature. */
  readonly restricted: Readonly<Record<string, RoleName>>;
  /** Functions anyone may call, by signature, with the check the contract makes itself. */
  readonly open: Readonly<Record<string, string>>;
  /** Functions that always revert, by signature (ERC-721 transfers and approvals of locked titles). */
  readonly refused: readonly string[];
}

/**
 * Functions that every governed contract has and that only the authority itself may call (through
 * `AccessManager.updateAuthority`, ADMIN only), by signature.
 */
export const AUTHORITY_ONLY: readonly string[] = ["setAuthority(address)"];

const GOVERNED_RESTRICTED = {
  "pause()": "GUARDIAN",
  "unpause()": "ADMIN",
  "upgradeToAndCall(address,bytes)": "UPGRADER",
} as const satisfies Record<string, RoleName>;

const GOVERNED_OPEN = {
  "multicall(bytes[])": "each inner call is checked by the authority for the original caller",
} as const;

const LOCKED_ERC721 = [
  "transferFrom(address,address,uint256)",
  "safeTransferFrom(address,address,uint256)",
  "safeTransferFrom(address,address,uint256,bytes)",
  "approve(address,uint256)",
  "setApprovalForAll(address,bool)",
] as const;

/**
 * Roles the suite's wiring gives to its own contracts, which they use to call the others: the transfer contract moves
 * titles and companies in the registries as TRANSFER_AGENT.
 */
export const CONTRACT_ROLES: Readonly<Partial<Record<SuiteContractName, readonly RoleName[]>>> = {
  OwnershipTransfer: ["TRANSFER_AGENT"],
};

/** Every contract's access table. */
export const ACCESS: Readonly<Record<SuiteContractName, ContractAccess>> = {
  PropertyRegistry: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "registerTitle(string,address,bytes32,string)": "LAND_REGISTRAR",
      "updateTitleDocument(uint256,bytes32,string)": "LAND_REGISTRAR",
      "freezeTitle(uint256,bytes32)": "LAND_REGISTRAR",
      "unfreezeTitle(uint256,bytes32)": "LAND_REGISTRAR",
      "retireTitle(uint256,bytes32)": "LAND_REGISTRAR",
      "registerLien(uint256,address,bytes32)": "LAND_REGISTRAR",
      "releaseLien(uint256,bytes32)": "LAND_REGISTRAR",
      "setBaseURI(string)": "ADMIN",
      "changeOwner(uint256,address,address,uint8,bytes32,bytes32)": "TRANSFER_AGENT",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address,string,string,string)": "proxy initializer: runs once, in the deployment transaction",
      "consentToSale(uint256,bytes32)": "the caller must be the lien holder",
      "withdrawConsent(uint256)": "the caller must be the lien holder",
    },
    refused: LOCKED_ERC721,
  },
  OwnershipTransfer: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "setRegistryPolicy(address,(bool,bool,uint64))": "ADMIN",
      "executeCourtOrder(address,uint256,address,bytes32)": "COURT_OFFICER",
      "recoverKeys(address,address,address,uint256[],bytes32)": "RECOVERY_OFFICER",
      "recoverEscrow((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),address,address,bytes32)":
        "RECOVERY_OFFICER",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address)": "proxy initializer: runs once, in the deployment transaction",
      "openOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "the caller must be the seller and own the record",
      "openOfferBySig((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),bytes)":
        "the seller's EIP-712 signature over the offer and the record's owner-change count stands for the call",
      "cancelOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "the caller must be the seller",
      "acceptOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "the caller must be the buyer",
      "acceptOfferBySig((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),bytes)":
        "the caller must be the buyer; the seller's EIP-712 signature (over the offer and the record's owner-change count) stands for the opening",
      "approveAndSettleOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "the caller must hold the registry's approver role (registry policy)",
      "approveOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "the caller must hold the registry's approver role (registry policy)",
      "rejectOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),bytes32)":
        "the caller must hold the registry's approver role (registry policy)",
      "settleOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "anyone, once the offer is approved (or accepted when no approval is required)",
      "expireOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))":
        "anyone, once the offer can no longer settle",
      "withdraw((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),address)":
        "the caller must be the payee of the escrowed funds",
    },
    refused: [],
  },
  DiplomaRegistry: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "registerInstitution(string,bytes2,bytes32)": "ACCREDITOR",
      "suspendInstitution(uint32,bytes32)": "ACCREDITOR",
      "reinstateInstitution(uint32,bytes32)": "ACCREDITOR",
      "bindIssuer(address,uint32)": "ACCREDITOR",
      "unbindIssuer(address)": "ACCREDITOR",
      "revokeAsAccreditor(uint32,bytes32,uint16)": "ACCREDITOR",
      "revokeInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16)": "ACCREDITOR",
      "revokeManyInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16)": "ACCREDITOR",
      "issue((bytes32,bytes32,address,bytes32,uint40))": "DIPLOMA_ISSUER",
      "issueBatch(bytes32,uint32)": "DIPLOMA_ISSUER",
      "revoke(bytes32,uint16)": "DIPLOMA_ISSUER",
      "revokeInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16)": "DIPLOMA_ISSUER",
      "revokeManyInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16)": "DIPLOMA_ISSUER",
      "reissue(bytes32,uint16,(bytes32,bytes32,address,bytes32,uint40))": "DIPLOMA_ISSUER",
      "reissueFromBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16,(bytes32,bytes32,address,bytes32,uint40))":
        "DIPLOMA_ISSUER",
      "defineKind(string,(bool,bool,uint256))": "ACCREDITOR",
      "accreditForKind(uint32,uint16,uint48,bytes32)": "ACCREDITOR",
      "withdrawKind(uint32,uint16,uint48,bytes32)": "ACCREDITOR",
      "issueCredential(uint16,(bytes32,bytes32,address,bytes32,uint40),(uint40,uint40))": "DIPLOMA_ISSUER",
      "issueCredentialBatch(uint16,bytes32,uint32,(uint40,uint40))": "DIPLOMA_ISSUER",
      "suspend(bytes32,uint16,bytes32)": "DIPLOMA_ISSUER",
      "reinstate(bytes32,bytes32)": "DIPLOMA_ISSUER",
      "suspendInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16,bytes32)": "DIPLOMA_ISSUER",
      "reinstateInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),bytes32)": "DIPLOMA_ISSUER",
      "publishSigningKey(bytes32)": "DIPLOMA_ISSUER",
      "markKeyCompromised(uint256,uint40)": "DIPLOMA_ISSUER",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address)": "proxy initializer: runs once, in the deployment transaction",
    },
    refused: [],
  },
  CompanyRegistry: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "registerCompany(string,(string,bytes4,bytes6,bytes32),address,bytes32)": "COMPANY_REGISTRAR",
      "updateParticulars(uint256,(string,bytes4,bytes6,bytes32),bytes32)": "COMPANY_REGISTRAR",
      "changeStatus(uint256,uint8,bytes32)": "COMPANY_REGISTRAR",
      "appointDirector(uint256,bytes32,address,uint40,bytes32)": "COMPANY_REGISTRAR",
      "removeDirector(uint256,uint256,uint40,bytes32)": "COMPANY_REGISTRAR",
      "fileDocument(uint256,uint16,bytes32)": "COMPANY_REGISTRAR",
      "changeOwner(uint256,address,address,uint8,bytes32,bytes32)": "TRANSFER_AGENT",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address)": "proxy initializer: runs once, in the deployment transaction",
    },
    refused: [],
  },
  CitizenRegistry: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "registerCitizen(bytes32,uint32,uint8,uint256,bytes32)": "CIVIL_REGISTRAR",
      "changeStatus(bytes32,uint8,bytes32)": "CIVIL_REGISTRAR",
      "setEligibility(bytes32,uint8,bytes32)": "CIVIL_REGISTRAR",
      "setVotingCommitment(bytes32,uint256,bytes32)": "CIVIL_REGISTRAR",
      "cancelVotingCommitment(bytes32,bytes32)": "GUARDIAN",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address)": "proxy initializer: runs once, in the deployment transaction",
      "applyVotingCommitment(bytes32)": "anyone, once the rotation's notice has passed",
    },
    refused: [],
  },
  Elections: {
    restricted: {
      ...GOVERNED_RESTRICTED,
      "createPoll((bytes32,uint8,uint8,uint8,bool,uint40,uint40,uint64,uint64[],(uint32,uint8,uint32,uint64,uint8,uint256)))":
        "ELECTION_OFFICER",
      "createSecretPoll((bytes32,uint8,uint8,uint8,bool,uint40,uint40,uint64,uint64[],(uint32,uint8,uint32,uint64,uint8,uint256)),address[],uint8)":
        "ELECTION_OFFICER",
      "cancelPoll(uint256,bytes32)": "GUARDIAN",
      "setReviewPeriod(uint40)": "ADMIN",
    },
    open: {
      ...GOVERNED_OPEN,
      "initialize(address,address,address,uint40,address)":
        "proxy initializer: runs once, in the deployment transaction",
      "castBallot(uint256,uint256,uint64,(uint256,uint256,uint256,uint256,uint256,uint256[8]))":
        "a Semaphore proof of membership in the poll's census stands for the voter; one counted ballot per nullifier, revisions rising",
      "castSecretBallot(uint256,uint64,((uint256,uint256),(uint256,uint256))[],((uint256,uint256)[],uint256[],uint256[])[],((uint256,uint256)[],uint256[],uint256[]),((uint256,uint256),(uint256,uint256))[],(uint256,uint256,uint256,uint256,uint256,uint256[8]))":
        "as castBallot, with an encrypted ballot whose proofs the contract checks",
      "closePoll(uint256)": "anyone, once the voting window has ended",
    },
    refused: [],
  },
};

/** The 4-byte selector of a function signature. */
export function selectorOf(signature: string): string {
  return id(signature).slice(0, 10);
}

/** One `setTargetFunctionRole` call: a contract's functions wired to one role. */
export interface FunctionRoleAssignment {
  readonly contract: SuiteContractName;
  readonly role: RoleName;
  readonly signatures: readonly string[];
  readonly selectors: readonly string[];
}

/** The wiring of one contract, grouped by role, in a stable order. */
export function functionRoleAssignments(contract: SuiteContractName): FunctionRoleAssignment[] {
  const byRole = new Map<RoleName, string[]>();
  for (const [signature, role] of Object.entries(ACCESS[contract].restricted)) {
    byRole.set(role, [...(byRole.get(role) ?? []), signature]);
  }
  return [...byRole.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([role, signatures]) => ({ contract, role, signatures, selectors: signatures.map(selectorOf) }));
}
