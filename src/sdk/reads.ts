/**
 * Reading the registries: one read per record (a title, a company, a sale offer, an institution) and the
 * verification of a diploma. The admin commands read through the same functions.
 *
 * Every time is a `number` of unix seconds (`null` where the contract stores 0 for "not yet"); ids and amounts are
 * `bigint`.
 *
 * @module
 */

export { type OwnershipEntry } from "./reads/shared.js";
export {
  type BatchProof,
  type DiplomaInstitution,
  getInstitution,
  type GetInstitutionParameters,
  type GetInstitutionReturnType,
  verifyDiploma,
  type VerifyDiplomaParameters,
  type VerifyDiplomaReturnType,
} from "./reads/diplomas.js";
export {
  getCompany,
  type GetCompanyParameters,
  type GetCompanyReturnType,
  getTitle,
  type GetTitleParameters,
  type GetTitleReturnType,
} from "./reads/records.js";
export {
  findOffer,
  type FoundOffer,
  getOffer,
  type GetOfferParameters,
  type GetOfferReturnType,
  type Offer,
  type OfferEvent,
} from "./reads/offers.js";
