// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOwnershipRegistry} from "../common/IOwnershipRegistry.sol";
import {ITextErrors} from "../common/ITextErrors.sol";

/**
 * @title IPropertyRegistry
 * @notice The land register: one title per parcel, kept as an ERC-721 token locked by ERC-5192, with the parcel's
 * ownership history, its liens and its status. Owners change only through OwnershipTransfer.
 * @dev A parcel id is `uint256(keccak256(bytes(cadastralReference)))`, so a cadastral reference can be registered once
 * and anyone can find a parcel from its reference without an index. No personal data is kept: owners are accounts,
 * documents are hashes.
 */
interface IPropertyRegistry is IOwnershipRegistry, ITextErrors {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The legal state of a title.
    enum TitleStatus {
        None, // no title: the parcel was never registered
        Active, // the owner can be changed by a sale, a court order or a key recovery
        Frozen, // no sale settles; a court order or a key recovery still can
        Retired // the parcel no longer exists (merged, split, expropriated); nothing changes any more
    }

    /// @notice A title as read by integrators.
    struct Title {
        address owner; // current owner account
        TitleStatus status; // legal state of the title
        uint40 registeredAt; // when the registrar first entered the title
        uint40 ownerSince; // when the current owner became owner
        uint32 historyLength; // number of entries in the ownership history, the registration included
        uint32 activeLienCount; // liens not yet released
        bytes32 documentHash; // hash of the current deed / survey document
        string metadataURI; // metadata of the parcel; empty when the registry's base URI applies
    }

    /// @notice A lien (mortgage, caveat) on a parcel.
    struct Lien {
        uint256 parcelId; // the encumbered parcel
        address holder; // the account of the bank or person the lien protects
        bytes32 documentHash; // hash of the lien document
        uint40 registeredAt; // when the registrar entered it
        uint40 releasedAt; // when the registrar released it; zero while active
        bytes32 consentOfferId; // the OwnershipTransfer offer (price, buyer, deed, deadline) the holder consented to
        // selling the parcel under, zero if none
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The cadastral reference is empty.
    error PropertyRegistryEmptyCadastralReference();

    /// @notice A title already exists for this cadastral reference.
    error PropertyRegistryDuplicateCadastralReference(string cadastralReference, uint256 parcelId);

    /// @notice An owner account is the zero address.
    error PropertyRegistryInvalidOwner(address owner);

    /// @notice A document hash is zero.
    error PropertyRegistryEmptyDocumentHash();

    /// @notice A legal-basis hash is zero.
    error PropertyRegistryEmptyBasis();

    /// @notice No title exists for this parcel id.
    error PropertyRegistryUnknownParcel(uint256 parcelId);

    /// @notice The title's status does not allow the operation.
    error PropertyRegistryUnexpectedStatus(uint256 parcelId, TitleStatus status);

    /// @notice The parcel is frozen, so no sale can settle.
    error PropertyRegistryParcelFrozen(uint256 parcelId);

    /// @notice `from` is not the current owner of the parcel.
    error PropertyRegistryNotOwner(uint256 parcelId, address from, address owner);

    /// @notice The new owner is the zero address or the current owner.
    error PropertyRegistryInvalidNewOwner(uint256 parcelId, address to);

    /// @notice A change of this kind cannot be requested through {changeOwner}.
    error PropertyRegistryInvalidChangeKind(ChangeKind kind);

    /// @notice A lien holder has not consented to the sale under the offer `offerId`.
    error PropertyRegistryLienConsentMissing(uint256 parcelId, uint256 lienId, bytes32 offerId);

    /// @notice A consent names no offer.
    error PropertyRegistryEmptyOfferId();

    /// @notice The lien holder has no consent to withdraw.
    error PropertyRegistryNoConsent(uint256 lienId);

    /// @notice The lien holder account is the zero address.
    error PropertyRegistryInvalidLienHolder(address holder);

    /// @notice The parcel already carries the maximum number of active liens.
    error PropertyRegistryTooManyLiens(uint256 parcelId, uint256 maximum);

    /// @notice No lien has this id.
    error PropertyRegistryUnknownLien(uint256 lienId);

    /// @notice The lien was already released.
    error PropertyRegistryLienReleased(uint256 lienId);

    /// @notice Only the lien holder can record consent.
    error PropertyRegistryNotLienHolder(uint256 lienId, address account);

    /// @notice Titles move only through OwnershipTransfer: owner-initiated transfers always revert.
    error PropertyRegistryTitleLocked(uint256 parcelId);

    /// @notice Titles cannot be approved to operators.
    error PropertyRegistryApprovalsDisabled();

    /// @notice A pagination window starts past the end of the list.
    error PropertyRegistryInvalidPage(uint256 offset, uint256 length);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A title was entered into the register.
    event TitleRegistered(
        uint256 indexed parcelId,
        address indexed owner,
        bytes32 documentHash,
        string cadastralReference,
        string metadataURI
    );

    /// @notice The registrar replaced the title's document (new survey, corrected deed) and metadata.
    event TitleDocumentUpdated(
        uint256 indexed parcelId,
        bytes32 previousDocumentHash,
        bytes32 documentHash,
        string metadataURI
    );

    /// @notice The title's status changed; `basis` is the hash of the decision.
    event TitleStatusChanged(uint256 indexed parcelId, TitleStatus previousStatus, TitleStatus status, bytes32 basis);

    /// @notice The owner changed; appended to the ownership history at `historyIndex`.
    event TitleTransferred(
        uint256 indexed parcelId,
        address indexed from,
        address indexed to,
        ChangeKind kind,
        bytes32 basis,
        uint256 historyIndex
    );

    /// @notice A lien was registered on a parcel.
    event LienRegistered(
        uint256 indexed lienId,
        uint256 indexed parcelId,
        address indexed holder,
        bytes32 documentHash
    );

    /// @notice A lien was released; it stays readable.
    event LienReleased(uint256 indexed lienId, uint256 indexed parcelId, bytes32 basis);

    /// @notice A lien holder consented to the sale of the parcel under the offer `offerId` (and no other).
    event LienConsentRecorded(uint256 indexed lienId, uint256 indexed parcelId, bytes32 indexed offerId);

    /// @notice A lien holder withdrew the consent it had given to the sale under the offer `offerId`.
    event LienConsentWithdrawn(uint256 indexed lienId, uint256 indexed parcelId, bytes32 indexed offerId);

    /// @notice The base URI used for titles without their own metadata URI changed.
    event BaseURIUpdated(string baseURI);

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Enters a new title: mints the locked token to `owner`.
     * @dev Requirements:
     * - the caller is allowed by the authority (LAND_REGISTRAR); the registry is not paused;
     * - `cadastralReference` is not empty, at most 64 bytes of printable ASCII in canonical form (upper-case letters,
     *   single inner spaces) and was never registered;
     * - `metadataURI` is empty or at most 512 bytes of printable ASCII without spaces;
     * - `owner` is not zero; `documentHash` is not zero.
     *
     * Emits {TitleRegistered}, {IERC721-Transfer} and {IERC5192-Locked} events.
     * @return parcelId `uint256(keccak256(bytes(cadastralReference)))`.
     */
    function registerTitle(
        string calldata cadastralReference,
        address owner,
        bytes32 documentHash,
        string calldata metadataURI
    ) external returns (uint256 parcelId);

    /**
     * @notice Replaces the deed / survey document and the metadata URI of a title.
     * @dev Requirements: LAND_REGISTRAR; not paused; the parcel exists and is not retired; `documentHash` is not zero;
     * `metadataURI` is empty or at most 512 bytes of printable ASCII without spaces.
     *
     * Emits {TitleDocumentUpdated} and {IERC4906-MetadataUpdate} events.
     */
    function updateTitleDocument(uint256 parcelId, bytes32 documentHash, string calldata metadataURI) external;

    /**
     * @notice Freezes an active title: no sale settles until it is unfrozen.
     * @dev Requirements: LAND_REGISTRAR; not paused; the title is active; `basis` is not zero.
     *
     * Emits a {TitleStatusChanged} event.
     */
    function freezeTitle(uint256 parcelId, bytes32 basis) external;

    /**
     * @notice Unfreezes a frozen title.
     * @dev Requirements: LAND_REGISTRAR; not paused; the title is frozen; `basis` is not zero.
     *
     * Emits a {TitleStatusChanged} event.
     */
    function unfreezeTitle(uint256 parcelId, bytes32 basis) external;

    /**
     * @notice Retires a title for good (merger, split, expropriation). The title and its history stay readable.
     * @dev Requirements: LAND_REGISTRAR; not paused; the title is active or frozen; `basis` is not zero.
     *
     * Emits a {TitleStatusChanged} event and an ERC-721 {Transfer} to the zero address: the token is burnt, so wallets
     * and explorers stop showing it, while {titleOf} and {ownershipHistory} keep the title and its last owner.
     */
    function retireTitle(uint256 parcelId, bytes32 basis) external;

    /**
     * @notice Registers a lien on a parcel in favour of `holder`.
     * @dev Requirements: LAND_REGISTRAR; not paused; the title is not retired; `holder` and `documentHash` are not
     * zero; fewer than {MAX_ACTIVE_LIENS} liens are active on the parcel.
     *
     * Emits a {LienRegistered} event.
     * @return lienId The new lien's id, counting from 1.
     */
    function registerLien(uint256 parcelId, address holder, bytes32 documentHash) external returns (uint256 lienId);

    /**
     * @notice Releases a lien. It stays readable with its release time.
     * @dev Requirements: LAND_REGISTRAR; not paused; the lien exists and is active; `basis` is not zero.
     *
     * Emits a {LienReleased} event.
     */
    function releaseLien(uint256 lienId, bytes32 basis) external;

    /**
     * @notice Records the lien holder's consent to the sale of the parcel under one OwnershipTransfer offer: its id
     * (`hashOffer`) commits to the buyer, the price and token, the deed hash, the deadline and the seller's nonce, so
     * the consent covers that sale and no other. A new consent replaces the previous one.
     * @dev Court orders and key recoveries need no consent: the lien stays on the parcel.
     *
     * Requirements:
     * - the caller is the lien holder;
     * - not paused;
     * - the lien is active;
     * - `offerId` is not zero.
     *
     * Emits a {LienConsentRecorded} event.
     */
    function consentToSale(uint256 lienId, bytes32 offerId) external;

    /**
     * @notice Withdraws the lien holder's consent, so that the offer it named can no longer settle.
     * @dev Requirements:
     * - the caller is the lien holder;
     * - not paused;
     * - the lien is active and carries a consent.
     *
     * Emits a {LienConsentWithdrawn} event.
     */
    function withdrawConsent(uint256 lienId) external;

    /**
     * @notice Sets the base URI of titles registered without their own metadata URI.
     * @dev Requirements: ADMIN; not paused; `baseURI` is empty or at most 512 bytes of printable ASCII without spaces.
     *
     * Emits {BaseURIUpdated} and {IERC4906-BatchMetadataUpdate} events.
     */
    function setBaseURI(string calldata baseURI) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The most liens a parcel can carry at once, so that every change of owner checks a bounded list.
    function MAX_ACTIVE_LIENS() external view returns (uint256); // solhint-disable-line func-name-mixedcase

    /// @notice The parcel id of a cadastral reference, whether registered or not.
    function parcelIdOf(string calldata cadastralReference) external pure returns (uint256);

    /// @notice A title. Reverts with {PropertyRegistryUnknownParcel} if there is none.
    function titleOf(uint256 parcelId) external view returns (Title memory);

    /// @notice A lien. Reverts with {PropertyRegistryUnknownLien} if there is none.
    function lienOf(uint256 lienId) external view returns (Lien memory);

    /// @notice The ids of the liens active on a parcel (at most {MAX_ACTIVE_LIENS}).
    function activeLiens(uint256 parcelId) external view returns (uint256[] memory);

    /// @notice The number of liens ever registered; lien ids run from 1 to this number.
    function lienCount() external view returns (uint256);
}
