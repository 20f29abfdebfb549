/**
 * Ownership-transfer actions: sale offers (open, accept with payment, approve, reject, settle, approve and settle in
 * one step, cancel, expire, withdraw) in `transfer/sale.ts`; offers the seller signs offline (EIP-712: sign, open or
 * accept by signature, cancel) in `transfer/signed-offers.ts`, their file format in `transfer/signed-offer-file.ts`;
 * court orders, and key and escrow recoveries scheduled through the authority, in `transfer/court-orders.ts`. An
 * opened offer is named by its id (its EIP-712 hash); the full offer every contract call needs is recovered from its
 * `OfferOpened` event, and a signed offer travels as a file with its terms and signature.
 *
 * @module
 */
export { type OfferActionParameters, type OfferActionReturnType } from "./transfer/checks.js";
export {
  acceptOffer,
  type AcceptOfferParameters,
  type AcceptOfferReturnType,
  approveAndSettleOffer,
  type ApproveAndSettleOfferParameters,
  type ApproveAndSettleOfferReturnType,
  approveOffer,
  type ApproveOfferParameters,
  type ApproveOfferReturnType,
  cancelOffer,
  type CancelOfferParameters,
  type CancelOfferReturnType,
  expireOffer,
  type ExpireOfferParameters,
  type ExpireOfferReturnType,
  openOffer,
  type OpenOfferParameters,
  type OpenOfferReturnType,
  rejectOffer,
  type RejectOfferParameters,
  type RejectOfferReturnType,
  settleOffer,
  type SettleOfferParameters,
  type SettleOfferReturnType,
  withdraw,
  type WithdrawParameters,
  type WithdrawReturnType,
} from "./transfer/sale.js";
export {
  OFFER_TYPE,
  type OfferDomain,
  offerDomain,
  type OfferDomainParameters,
  type OfferDomainReturnType,
  type OfferJson,
  type OfferTypedData,
  offerTypedData,
  type OfferTypedDataParameters,
  type OfferTypedDataReturnType,
  parseSignedOffer,
  SIGNED_OFFER_FORMAT,
  type SignedOffer,
} from "./transfer/signed-offer-file.js";
export {
  acceptOfferBySig,
  type AcceptOfferBySigParameters,
  type AcceptOfferBySigReturnType,
  attachOfferSignature,
  type AttachOfferSignatureParameters,
  type AttachOfferSignatureReturnType,
  cancelSignedOffer,
  type CancelSignedOfferParameters,
  type CancelSignedOfferReturnType,
  type OfferTerms,
  openOfferBySig,
  type OpenOfferBySigParameters,
  type OpenOfferBySigReturnType,
  prepareOffer,
  type PrepareOfferParameters,
  type PrepareOfferReturnType,
  signOffer,
  type SignOfferParameters,
  type SignOfferReturnType,
  type SubmitSignedOfferParameters,
} from "./transfer/signed-offers.js";
export {
  executeCourtOrder,
  type ExecuteCourtOrderParameters,
  type ExecuteCourtOrderReturnType,
  recoverEscrow,
  type RecoverEscrowParameters,
  type RecoverEscrowReturnType,
  scheduleKeyRecovery,
  type ScheduleKeyRecoveryParameters,
  type ScheduleKeyRecoveryReturnType,
} from "./transfer/court-orders.js";
