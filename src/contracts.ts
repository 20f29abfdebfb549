/**
 * The typechain bindings (ethers v6) of the suite's contracts and their interfaces: contract types and factories
 * with their ABIs. Mocks and test contracts are left out.
 *
 * @module egov-registries/contracts
 */
export type { GovernmentAuthority } from "../types/ethers-contracts/contracts/authority/GovernmentAuthority.js";
export { GovernmentAuthority__factory } from "../types/ethers-contracts/factories/contracts/authority/GovernmentAuthority__factory.js";
export type { IGoverned } from "../types/ethers-contracts/contracts/common/IGoverned.js";
export { IGoverned__factory } from "../types/ethers-contracts/factories/contracts/common/IGoverned__factory.js";
export type { IERC5192 } from "../types/ethers-contracts/contracts/common/IERC5192.js";
export { IERC5192__factory } from "../types/ethers-contracts/factories/contracts/common/IERC5192__factory.js";
export type { PropertyRegistry } from "../types/ethers-contracts/contracts/property/PropertyRegistry.js";
export { PropertyRegistry__factory } from "../types/ethers-contracts/factories/contracts/property/PropertyRegistry__factory.js";
export type { IPropertyRegistry } from "../types/ethers-contracts/contracts/property/IPropertyRegistry.js";
export { IPropertyRegistry__factory } from "../types/ethers-contracts/factories/contracts/property/IPropertyRegistry__factory.js";
export type { OwnershipTransfer } from "../types/ethers-contracts/contracts/transfer/OwnershipTransfer.js";
export { OwnershipTransfer__factory } from "../types/ethers-contracts/factories/contracts/transfer/OwnershipTransfer__factory.js";
export type { IOwnershipTransfer } from "../types/ethers-contracts/contracts/transfer/IOwnershipTransfer.js";
export type { IOwnershipSales } from "../types/ethers-contracts/contracts/transfer/IOwnershipSales.js";
export { IOwnershipTransfer__factory } from "../types/ethers-contracts/factories/contracts/transfer/IOwnershipTransfer__factory.js";
export type { IOwnershipRegistry } from "../types/ethers-contracts/contracts/common/IOwnershipRegistry.js";
export { IOwnershipRegistry__factory } from "../types/ethers-contracts/factories/contracts/common/IOwnershipRegistry__factory.js";
export type { IGovernmentAuthority } from "../types/ethers-contracts/contracts/authority/IGovernmentAuthority.js";
export { IGovernmentAuthority__factory } from "../types/ethers-contracts/factories/contracts/authority/IGovernmentAuthority__factory.js";
export type { ITextErrors } from "../types/ethers-contracts/contracts/common/ITextErrors.js";
export { ITextErrors__factory } from "../types/ethers-contracts/factories/contracts/common/ITextErrors__factory.js";
export type { ICourtOrders } from "../types/ethers-contracts/contracts/transfer/ICourtOrders.js";
export { ICourtOrders__factory } from "../types/ethers-contracts/factories/contracts/transfer/ICourtOrders__factory.js";
export { IOwnershipSales__factory } from "../types/ethers-contracts/factories/contracts/transfer/IOwnershipSales__factory.js";
export type { ISignedOffers } from "../types/ethers-contracts/contracts/transfer/ISignedOffers.js";
export { ISignedOffers__factory } from "../types/ethers-contracts/factories/contracts/transfer/ISignedOffers__factory.js";
export type { DiplomaRegistry } from "../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";
export { DiplomaRegistry__factory } from "../types/ethers-contracts/factories/contracts/diploma/DiplomaRegistry__factory.js";
export type { IDiplomaRegistry } from "../types/ethers-contracts/contracts/diploma/IDiplomaRegistry.js";
export { IDiplomaRegistry__factory } from "../types/ethers-contracts/factories/contracts/diploma/IDiplomaRegistry__factory.js";
export type { CompanyRegistry } from "../types/ethers-contracts/contracts/company/CompanyRegistry.js";
export { CompanyRegistry__factory } from "../types/ethers-contracts/factories/contracts/company/CompanyRegistry__factory.js";
export type { ICompanyRegistry } from "../types/ethers-contracts/contracts/company/ICompanyRegistry.js";
export { ICompanyRegistry__factory } from "../types/ethers-contracts/factories/contracts/company/ICompanyRegistry__factory.js";
export type { CitizenRegistry } from "../types/ethers-contracts/contracts/citizen/CitizenRegistry.js";
export { CitizenRegistry__factory } from "../types/ethers-contracts/factories/contracts/citizen/CitizenRegistry__factory.js";
export type { ICitizenRegistry } from "../types/ethers-contracts/contracts/citizen/ICitizenRegistry.js";
export { ICitizenRegistry__factory } from "../types/ethers-contracts/factories/contracts/citizen/ICitizenRegistry__factory.js";
export type { Elections } from "../types/ethers-contracts/contracts/election/Elections.js";
export { Elections__factory } from "../types/ethers-contracts/factories/contracts/election/Elections__factory.js";
export type { IElections } from "../types/ethers-contracts/contracts/election/IElections.js";
export { IElections__factory } from "../types/ethers-contracts/factories/contracts/election/IElections__factory.js";
export type { ISecretPolls } from "../types/ethers-contracts/contracts/election/ISecretPolls.js";
export { ISecretPolls__factory } from "../types/ethers-contracts/factories/contracts/election/ISecretPolls__factory.js";
export type {
  TypedContractEvent,
  TypedDeferredTopicFilter,
  TypedEventLog,
  TypedListener,
  TypedLogDescription,
} from "../types/ethers-contracts/common.js";
