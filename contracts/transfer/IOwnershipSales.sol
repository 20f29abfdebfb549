// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/interfaces/IERC20.sol";

import {IOwnershipRegistry} from "../common/IOwnershipRegistry.sol";

/**
 * @title IOwnershipSales
 * @notice Sales of records (a land title, a company's controlling stake) with payment in escrow and delivery versus
 * payment: the offer, its acceptance and payment, the registrar's approval, settlement, and the pull payments.
 * @dev An offer is identified by its EIP-712 hash (bound to the chain, this contract and the seller's nonce); only its
 * status is stored, and every call names the offer in full. The details are in {OfferOpened}. Payments are pulled:
 * settlement credits the seller and a failed sale credits the buyer; each withdraws with {withdraw}.
 */
interface IOwnershipSales {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A sale offer, as signed by the seller (EIP-712 type `Offer`).
    struct Offer {
        IOwnershipRegistry registry; // the registry that keeps the record
        uint256 recordId; // the parcel id or company id
        address seller; // the current owner, who opens the offer
        address buyer; // the only account that may accept
        IERC20 token; // the payment token, or the zero address for the native coin
        uint256 price; // the amount the buyer pays into escrow, in the token's smallest unit
        uint64 deadline; // last second at which the offer can be accepted, approved or settled
        bytes32 deedHash; // hash of the sale deed, recorded as the basis of the change of owner
        uint256 nonce; // any value the seller picks so that two identical offers have different ids
    }

    /// @notice Where an offer stands. Every transition emits an event.
    enum OfferStatus {
        None, // never opened
        Open, // opened by the seller, waiting for the buyer
        Accepted, // the buyer paid into escrow
        Approved, // the registrar approved the sale
        Settled, // the record moved to the buyer and the seller was credited
        Cancelled, // the seller withdrew the offer before acceptance
        Rejected, // the registrar refused the sale; the buyer is credited
        Expired // the deadline passed, the record changed owner since the offer was opened or can no longer be sold
    }
    // (retired, frozen); the buyer is credited

    /// @notice What is stored for an offer.
    struct OfferState {
        OfferStatus status; // where the offer stands
        bool approvalRequired; // the registry's policy when the offer was opened
        bool deposited; // the buyer paid the price into escrow
        bool fundsReleased; // the escrowed price was withdrawn by its payee
        uint64 ownerChanges; // the record's owner-change count when the offer was opened: any later change voids it
    }

    /// @notice How a registry's records may be sold.
    struct RegistryPolicy {
        bool enabled; // the registry accepts offers, court orders and key recoveries through this contract
        bool approvalRequired; // a sale settles only after an approver's approval
        uint64 approverRole; // the authority role whose members approve or reject sales of this registry
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The registry is not enabled in this contract.
    error OwnershipTransferRegistryNotEnabled(address registry);

    /// @notice The account is not the record's current owner.
    error OwnershipTransferNotRecordOwner(address registry, uint256 recordId, address account, address owner);

    /// @notice The buyer is the zero address or the seller.
    error OwnershipTransferInvalidBuyer(address buyer);

    /// @notice The price is zero.
    error OwnershipTransferInvalidPrice(uint256 price);

    /// @notice The payment token is not a contract.
    error OwnershipTransferInvalidToken(address token);

    /// @notice The deadline is not in the future.
    error OwnershipTransferInvalidDeadline(uint64 deadline, uint256 timestamp);

    /// @notice The deed hash is zero.
    error OwnershipTransferEmptyDeedHash();

    /// @notice An offer with this id was already opened.
    error OwnershipTransferOfferExists(bytes32 offerId);

    /// @notice The offer's status does not allow the operation.
    error OwnershipTransferUnexpectedStatus(bytes32 offerId, OfferStatus status);

    /// @notice The caller is not the party this step belongs to.
    error OwnershipTransferUnauthorizedParty(bytes32 offerId, address account);

    /// @notice The caller does not hold the registry's approver role (or holds it with a delay).
    error OwnershipTransferNotApprover(address registry, address account, uint64 role);

    /// @notice The offer's deadline has passed.
    error OwnershipTransferOfferExpired(bytes32 offerId, uint64 deadline);

    /// @notice The record changed owner since the offer was opened (`expected` owner changes then, `actual` now): the
    /// offer can never settle.
    error OwnershipTransferRecordChanged(bytes32 offerId, uint256 expected, uint256 actual);

    /// @notice The record's status does not allow a sale now (a retired or frozen title, a company in liquidation).
    error OwnershipTransferRecordNotSellable(address registry, uint256 recordId);

    /// @notice The authority keeps this contract closed: no offer settles, so no record changes owner by a sale.
    error OwnershipTransferClosed(address target);

    /// @notice The offer can still be settled: its deadline has not passed, the record did not change owner since the
    /// offer was opened and its status allows a sale.
    error OwnershipTransferOfferStillValid(bytes32 offerId, uint64 deadline);

    /// @notice The payment sent differs from the price.
    error OwnershipTransferWrongPayment(bytes32 offerId, uint256 expected, uint256 received);

    /// @notice The token delivered less than it was asked to transfer (a fee-on-transfer token).
    error OwnershipTransferTokenFeeNotSupported(address token, uint256 expected, uint256 received);

    /// @notice No escrowed funds of this offer are due to the caller.
    error OwnershipTransferNothingToWithdraw(bytes32 offerId, address account);

    /// @notice The withdrawal recipient is the zero address.
    error OwnershipTransferInvalidRecipient(address to);

    /// @notice The recipient refused the native coin.
    error OwnershipTransferNativeTransferFailed(address to, uint256 amount);

    /// @notice A legal-basis hash is zero.
    error OwnershipTransferEmptyBasis();

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The policy of a registry was set.
    event RegistryPolicySet(address indexed registry, bool enabled, bool approvalRequired, uint64 approverRole);

    /// @notice A seller opened an offer (directly or by signature) when the record had changed owner `ownerChanges`
    /// times since registration.
    event OfferOpened(
        bytes32 indexed offerId,
        address indexed registry,
        uint256 indexed recordId,
        Offer offer,
        bool approvalRequired,
        uint256 ownerChanges
    );

    /// @notice The seller cancelled an open offer.
    event OfferCancelled(bytes32 indexed offerId);

    /// @notice The buyer accepted and paid `amount` into escrow.
    event OfferAccepted(bytes32 indexed offerId, address indexed buyer, address token, uint256 amount);

    /// @notice An approver approved the sale.
    event OfferApproved(bytes32 indexed offerId, address indexed approver);

    /// @notice An approver refused the sale; `reason` is the hash of the decision.
    event OfferRejected(bytes32 indexed offerId, address indexed approver, bytes32 reason);

    /// @notice The record moved to the buyer and the seller was credited with the price.
    event OfferSettled(
        bytes32 indexed offerId,
        address indexed registry,
        uint256 indexed recordId,
        address seller,
        address buyer
    );

    /// @notice The offer lapsed (deadline passed, the record changed owner since, or it can no longer be sold).
    event OfferExpired(bytes32 indexed offerId);

    /// @notice `payee` withdrew an offer's escrowed funds to `to`.
    event FundsWithdrawn(bytes32 indexed offerId, address indexed payee, address to, address token, uint256 amount);

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Sets how a registry's records are sold and who approves.
     * @dev Requirements: ADMIN; not paused; `registry` is not zero.
     *
     * Emits a {RegistryPolicySet} event.
     */
    function setRegistryPolicy(address registry, RegistryPolicy calldata policy) external;

    /**
     * @notice Opens a sale offer. The caller must be the seller.
     * @dev Requirements:
     * - not paused; the registry is enabled; the caller is `offer.seller` and owns the record; the record's status
     *   allows a sale;
     * - the buyer is neither zero nor the seller; the price is not zero; the deadline is in the future;
     * - the token is zero (native coin) or a contract; the deed hash is not zero; the offer was never opened.
     *
     * Emits an {OfferOpened} event.
     * @return offerId The EIP-712 hash of the offer.
     */
    function openOffer(Offer calldata offer) external returns (bytes32 offerId);

    /**
     * @notice Withdraws an open offer, or one the seller signed but nobody submitted yet (so that the signature can no
     * longer be used).
     * @dev Requirements: not paused; the caller is the seller; the offer is open or was never opened.
     *
     * Emits an {OfferCancelled} event.
     */
    function cancelOffer(Offer calldata offer) external;

    /**
     * @notice Accepts an offer and pays the price into escrow: `msg.value` for the native coin, otherwise an ERC-20
     * `transferFrom` of exactly `price` (the buyer approves this contract first).
     * @dev Requirements: not paused; the caller is the buyer; the offer is open and not
     * past its deadline; the record did not change owner since the offer was opened and its status allows a sale now
     * (so that nobody pays into an offer that cannot settle); the payment equals the price; a token must deliver the
     * full amount.
     *
     * Emits an {OfferAccepted} event.
     */
    function acceptOffer(Offer calldata offer) external payable;

    /**
     * @notice Approves an accepted sale.
     * @dev Requirements: not paused; the caller holds the registry's approver role
     * without delay; the offer is accepted and not past its deadline.
     *
     * Emits an {OfferApproved} event.
     */
    function approveOffer(Offer calldata offer) external;

    /**
     * @notice Approves an accepted sale and settles it in the same transaction: the registrar's approval is the
     * last condition of the sale, so the record moves and the seller is credited at once (delivery versus payment).
     * @dev Requirements: those of {approveOffer}, then those of {settleOffer}; if the registry refuses the change
     * (a lien without consent, a frozen parcel), nothing happens and {approveOffer} can still be used.
     *
     * Emits {OfferApproved}, {OfferSettled} and the registry's ownership-change events.
     */
    function approveAndSettleOffer(Offer calldata offer) external;

    /**
     * @notice Refuses a sale that is open, accepted or approved; a paid price becomes withdrawable by the buyer.
     * @dev Works also for a registry that was disabled since, so that buyers can be refunded.
     * Requirements: not paused; the caller holds the registry's approver role without delay; `reason` is not zero;
     * the offer is open, accepted or approved.
     *
     * Emits an {OfferRejected} event.
     */
    function rejectOffer(Offer calldata offer, bytes32 reason) external;

    /**
     * @notice Settles a sale: moves the record to the buyer and credits the seller with the price, in one step.
     * @dev Anyone may call. Requirements: not paused; not closed by the authority; the registry is enabled; the offer
     * is approved, or accepted when no approval was required; not past its deadline; the record did not change owner
     * since the offer was opened; the registry accepts the change (status, liens and their consent to this offer).
     *
     * Emits an {OfferSettled} event and the registry's ownership-change event.
     */
    function settleOffer(Offer calldata offer) external;

    /**
     * @notice Marks an offer that can no longer settle as expired; a paid price becomes withdrawable by the buyer.
     * @dev Anyone may call, also while the contract is paused, so that a buyer's refund is never held hostage.
     * Requirements: the offer is open, accepted or approved; its deadline has passed, or the record changed owner since
     * the offer was opened (even back to the seller), or its status no longer allows a sale (retired, frozen), or the
     * authority keeps this contract closed (a closed contract settles nothing, so it must hold no buyer's money).
     *
     * Emits an {OfferExpired} event.
     */
    function expireOffer(Offer calldata offer) external;

    /**
     * @notice Pays out an offer's escrowed price to its payee: the seller after settlement, the buyer after a
     * rejection or expiry. Only the payee may call; the funds go to `to`.
     * @dev Requirements: the payee's funds were not yet withdrawn; `to` is not zero and accepts the payment.
     * Withdrawals work while the contract is paused, so that funds are never held hostage.
     *
     * Emits a {FundsWithdrawn} event.
     */
    function withdraw(Offer calldata offer, address payable to) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The id of an offer: its EIP-712 typed-data hash. A seller who signs offline signs the offer together
    /// with the record's owner-change count (see {ISignedOffers-signedOfferDigest}).
    function hashOffer(Offer calldata offer) external view returns (bytes32);

    /// @notice The stored state of an offer.
    function offerState(bytes32 offerId) external view returns (OfferState memory);

    /// @notice The policy of a registry.
    function registryPolicy(address registry) external view returns (RegistryPolicy memory);
}
