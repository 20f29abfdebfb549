// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOwnershipSales} from "./IOwnershipSales.sol";

/**
 * @title ISignedOffers
 * @notice Offers that a seller signs offline (EIP-712; an EOA or an ERC-1271 wallet) and anyone submits: a seller
 * without gas sells all the same.
 * @dev The seller signs a `SignedOffer`: the offer and the record's owner-change count at signing. The count is not
 * part of the offer (nor of its id): this contract reads it from the registry when the signature is used, so that a
 * signature given before a change of owner can never open the offer afterwards, not even when the record came back to
 * the seller (a court order, a sale back).
 */
interface ISignedOffers is IOwnershipSales {
    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The seller's signature over the offer is not valid: not the seller's, not over this offer, or given
    /// when the record had changed owner a different number of times than now.
    error OwnershipTransferInvalidSignature(bytes32 offerId, address seller);

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Opens a sale offer signed by the seller, for a seller without gas. Anyone may submit it.
     * @dev The signature is over the EIP-712 `SignedOffer` (the offer, bound to this chain, this contract, the nonce
     * and the deadline, and the record's owner-change count, see {signedOfferDigest}) and may come from an EOA or an
     * ERC-1271 wallet. The count is the registry's now: a signature given before the record last changed owner is
     * refused with {OwnershipTransferInvalidSignature}. An offer id can be opened once, so a signature cannot be
     * replayed. Same requirements as {openOffer}, with the signature standing for the seller's call.
     *
     * Emits an {OfferOpened} event.
     */
    function openOfferBySig(Offer calldata offer, bytes calldata signature) external returns (bytes32 offerId);

    /**
     * @notice Opens an offer signed by the seller and accepts it with the payment, in one transaction: the buyer
     * needs no earlier transaction from the seller, and a seller without gas sells all the same.
     * @dev The signature is checked as in {openOfferBySig}; then the requirements of {acceptOffer} apply. When the
     * same offer is already open (someone submitted the seller's signature with {openOfferBySig} first), it is
     * accepted as it stands, so that copying the signature from the mempool cannot make the buyer's call fail.
     *
     * Emits {OfferOpened} and {OfferAccepted} events.
     * @return offerId The EIP-712 hash of the offer.
     */
    function acceptOfferBySig(
        Offer calldata offer,
        bytes calldata signature
    ) external payable returns (bytes32 offerId);

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice What the seller signs for `offer`: the EIP-712 hash of `SignedOffer(Offer offer,uint256 ownerChanges)`
     * with the record's owner-change count `ownerChanges`, in this contract's domain.
     */
    function signedOfferDigest(Offer calldata offer, uint256 ownerChanges) external view returns (bytes32);
}
