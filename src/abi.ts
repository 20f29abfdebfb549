/**
 * The ABIs of the suite's contracts and their interfaces, as `const` arrays (for viem, ethers or any ABI-typed
 * library). In the package each ABI is also a module of its own, `egov-registries/abi/<Contract>`, whose import
 * costs the size of that ABI alone, and a JSON file, `egov-registries/abi/<Contract>.json`; the package build writes
 * those modules and this entry's built form from the compiled artifacts, with the same names and types as here.
 *
 * @module egov-registries/abi
 */
import type { ShippedAbiName } from "./manifest.js";
import {
  CitizenRegistry__factory,
  CompanyRegistry__factory,
  DiplomaRegistry__factory,
  Elections__factory,
  GovernmentAuthority__factory,
  ICitizenRegistry__factory,
  ICompanyRegistry__factory,
  IDiplomaRegistry__factory,
  IElections__factory,
  ISecretPolls__factory,
  IERC5192__factory,
  ICourtOrders__factory,
  IGoverned__factory,
  IGovernmentAuthority__factory,
  IOwnershipRegistry__factory,
  IOwnershipSales__factory,
  ISignedOffers__factory,
  ITextErrors__factory,
  IOwnershipTransfer__factory,
  IPropertyRegistry__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "./contracts.js";

/** The ABI of `GovernmentAuthority` (an OpenZeppelin `AccessManager`). */
export const GovernmentAuthorityAbi = GovernmentAuthority__factory.abi;
/** The ABI of `PropertyRegistry`. */
export const PropertyRegistryAbi = PropertyRegistry__factory.abi;
/** The ABI of `OwnershipTransfer`. */
export const OwnershipTransferAbi = OwnershipTransfer__factory.abi;
/** The ABI of `DiplomaRegistry`. */
export const DiplomaRegistryAbi = DiplomaRegistry__factory.abi;
/** The ABI of `CompanyRegistry`. */
export const CompanyRegistryAbi = CompanyRegistry__factory.abi;
/** The ABI of `CitizenRegistry`. */
export const CitizenRegistryAbi = CitizenRegistry__factory.abi;
/** The ABI of `Elections`. */
export const ElectionsAbi = Elections__factory.abi;
/** The ABI of `IGoverned`, shared by every registry. */
export const IGovernedAbi = IGoverned__factory.abi;
/** The ABI of `IERC5192` (locked tokens). */
export const IERC5192Abi = IERC5192__factory.abi;
/** The ABI of `IPropertyRegistry`. */
export const IPropertyRegistryAbi = IPropertyRegistry__factory.abi;
/** The ABI of `IOwnershipTransfer`. */
export const IOwnershipTransferAbi = IOwnershipTransfer__factory.abi;
/** The ABI of `IOwnershipRegistry`, implemented by every registry whose records change owner. */
export const IOwnershipRegistryAbi = IOwnershipRegistry__factory.abi;
/** The ABI of `IDiplomaRegistry`. */
export const IDiplomaRegistryAbi = IDiplomaRegistry__factory.abi;
/** The ABI of `ICompanyRegistry`. */
export const ICompanyRegistryAbi = ICompanyRegistry__factory.abi;
/** The ABI of `ICitizenRegistry`. */
export const ICitizenRegistryAbi = ICitizenRegistry__factory.abi;
/** The ABI of `IElections`. */
export const IElectionsAbi = IElections__factory.abi;
/** The ABI of `ISecretPolls`: the secret polls' ceremony, opening and reads, called on the Elections contract. */
export const ISecretPollsAbi = ISecretPolls__factory.abi;
/** The ABI of `IGovernmentAuthority`: the authority's own additions to AccessManager (minimum execution delays). */
export const IGovernmentAuthorityAbi = IGovernmentAuthority__factory.abi;
/** The ABI of `IOwnershipSales`: offers, acceptance, escrow and settlement of `OwnershipTransfer`. */
export const IOwnershipSalesAbi = IOwnershipSales__factory.abi;
/** The ABI of `ISignedOffers`: offers opened and accepted by signature. */
export const ISignedOffersAbi = ISignedOffers__factory.abi;
/** The ABI of `ICourtOrders`: court-ordered transfers and key recovery. */
export const ICourtOrdersAbi = ICourtOrders__factory.abi;
/** The ABI of `ITextErrors`: the text errors every registry shares. */
export const ITextErrorsAbi = ITextErrors__factory.abi;

/**
 * Every ABI by contract name: the names of the shipped `abi/<Contract>.json` files, the manifest's `SHIPPED_ABIS`
 * (`src/manifest.ts`; its test checks that both hold the same names).
 */
export const abis = {
  GovernmentAuthority: GovernmentAuthorityAbi,
  PropertyRegistry: PropertyRegistryAbi,
  OwnershipTransfer: OwnershipTransferAbi,
  DiplomaRegistry: DiplomaRegistryAbi,
  CompanyRegistry: CompanyRegistryAbi,
  CitizenRegistry: CitizenRegistryAbi,
  Elections: ElectionsAbi,
  IPropertyRegistry: IPropertyRegistryAbi,
  IERC5192: IERC5192Abi,
  IOwnershipTransfer: IOwnershipTransferAbi,
  IOwnershipRegistry: IOwnershipRegistryAbi,
  IDiplomaRegistry: IDiplomaRegistryAbi,
  ICompanyRegistry: ICompanyRegistryAbi,
  ICitizenRegistry: ICitizenRegistryAbi,
  IElections: IElectionsAbi,
  ISecretPolls: ISecretPollsAbi,
  IGoverned: IGovernedAbi,
  IGovernmentAuthority: IGovernmentAuthorityAbi,
  IOwnershipSales: IOwnershipSalesAbi,
  ISignedOffers: ISignedOffersAbi,
  ICourtOrders: ICourtOrdersAbi,
  ITextErrors: ITextErrorsAbi,
} as const satisfies Record<ShippedAbiName, readonly unknown[]>;

/** The name of a contract whose ABI is shipped. */
export type AbiContractName = keyof typeof abis;
