// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/interfaces/IERC165.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC721} from "@openzeppelin/contracts/interfaces/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/interfaces/IERC721Metadata.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

import {IGoverned} from "../common/IGoverned.sol";
import {IERC5192} from "../common/IERC5192.sol";
import {OwnershipRecordsUpgradeable} from "../common/OwnershipRecordsUpgradeable.sol";
import {Text} from "../common/Text.sol";
import {IOwnershipRegistry} from "../common/IOwnershipRegistry.sol";
import {IPropertyRegistry} from "./IPropertyRegistry.sol";

/**
 * @title PropertyRegistry
 * @notice The land register. Every title is a locked ERC-721 token (ERC-5192) whose owner changes only through
 * OwnershipTransfer, with its full ownership history, liens and status kept on chain.
 * @dev The ERC-721 surface is a read-only view over the register's own records: the current owner is the last entry
 * of the ownership history kept by {OwnershipRecordsUpgradeable}, so that a change of owner writes the history once
 * instead of twice (an OpenZeppelin ERC721 would keep a second copy of the owner). Registration, every change of owner
 * and retirement go through the base's one `_update` path, which keeps the ERC-721 balances and emits `Transfer`
 * here ({_afterOwnershipUpdate}). Every owner-initiated transfer or approval reverts.
 */
contract PropertyRegistry is OwnershipRecordsUpgradeable, IPropertyRegistry, IERC721Metadata, IERC4906, IERC5192 {
    using EnumerableSet for EnumerableSet.UintSet;

    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPropertyRegistry
    uint256 public constant MAX_ACTIVE_LIENS = 8;

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev A title as stored: one slot for what every change reads, the documents apart.
    struct TitleRecord {
        address firstOwner; // owner entered at registration (history entry 0)
        TitleStatus status;
        uint40 registeredAt;
        uint32 changeCount; // history entries after the registration
        uint8 activeLienCount; // size of the parcel's active-lien set, kept here so that a sale of an unencumbered
        // parcel reads no other slot
        bytes32 registrationDocumentHash; // document at registration, the basis of history entry 0
        bytes32 updatedDocumentHash; // current document when replaced since registration, zero otherwise
        string metadataURI;
    }

    /// @custom:storage-location erc7201:egov.storage.PropertyRegistry
    struct PropertyRegistryStorage {
        string name;
        string symbol;
        string baseURI;
        mapping(uint256 parcelId => TitleRecord) titles;
        mapping(uint256 parcelId => mapping(uint256 changeIndex => Change)) changes;
        mapping(address owner => uint256) balances;
        uint256 lienCount;
        mapping(uint256 lienId => Lien) liens;
        mapping(uint256 parcelId => EnumerableSet.UintSet) activeLiens;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.PropertyRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x07ac6490b766677d79c0a40d6dbb5ad438b2c1976ad573177a07edb5f714cf00;

    // -------------------------------------------------------------------------------------------------------------
    // Initializer
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Sets up the proxy.
     * @param initialAuthority The GovernmentAuthority.
     * @param name_ ERC-721 collection name shown by wallets, for example "Land Titles of Utopia".
     * @param symbol_ ERC-721 symbol, for example "TITLE".
     * @param baseURI_ Base of `tokenURI` for titles without their own metadata URI; may be empty.
     *
     * Emits a {BaseURIUpdated} event, so that the registry can be rebuilt from its events alone.
     */
    function initialize(
        address initialAuthority,
        string calldata name_,
        string calldata symbol_,
        string calldata baseURI_
    ) external initializer {
        __Governed_init(initialAuthority);
        PropertyRegistryStorage storage $ = _storage();
        $.name = name_;
        $.symbol = symbol_;
        $.baseURI = baseURI_;
        emit BaseURIUpdated(baseURI_);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: registrar
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPropertyRegistry
    function registerTitle(
        string calldata cadastralReference,
        address owner,
        bytes32 documentHash,
        string calldata metadataURI
    ) external restricted whenNotPaused returns (uint256 parcelId) {
        if (bytes(cadastralReference).length == 0) revert PropertyRegistryEmptyCadastralReference();
        Text.check(cadastralReference, Text.Kind.Reference, "cadastralReference");
        Text.check(metadataURI, Text.Kind.Uri, "metadataURI");
        if (owner == address(0)) revert PropertyRegistryInvalidOwner(owner);
        if (documentHash == bytes32(0)) revert PropertyRegistryEmptyDocumentHash();
        parcelId = uint256(keccak256(bytes(cadastralReference)));
        PropertyRegistryStorage storage $ = _storage();
        TitleRecord storage t = $.titles[parcelId];
        if (t.status != TitleStatus.None) {
            revert PropertyRegistryDuplicateCadastralReference(cadastralReference, parcelId);
        }

        t.firstOwner = owner;
        t.status = TitleStatus.Active;
        t.registeredAt = uint40(block.timestamp);
        t.registrationDocumentHash = documentHash;
        if (bytes(metadataURI).length != 0) t.metadataURI = metadataURI;
        _update(parcelId, address(0), owner, ChangeKind.Registration, documentHash);

        emit Locked(parcelId);
        emit TitleRegistered(parcelId, owner, documentHash, cadastralReference, metadataURI);
    }

    /// @inheritdoc IPropertyRegistry
    function updateTitleDocument(
        uint256 parcelId,
        bytes32 documentHash,
        string calldata metadataURI
    ) external restricted whenNotPaused {
        if (documentHash == bytes32(0)) revert PropertyRegistryEmptyDocumentHash();
        Text.check(metadataURI, Text.Kind.Uri, "metadataURI");
        TitleRecord storage t = _liveTitle(parcelId);
        bytes32 previous = _documentHash(t);
        t.updatedDocumentHash = documentHash;
        t.metadataURI = metadataURI;
        emit TitleDocumentUpdated(parcelId, previous, documentHash, metadataURI);
        emit MetadataUpdate(parcelId);
    }

    /// @inheritdoc IPropertyRegistry
    function freezeTitle(uint256 parcelId, bytes32 basis) external restricted whenNotPaused {
        _setStatus(parcelId, TitleStatus.Active, TitleStatus.Frozen, basis);
    }

    /// @inheritdoc IPropertyRegistry
    function unfreezeTitle(uint256 parcelId, bytes32 basis) external restricted whenNotPaused {
        _setStatus(parcelId, TitleStatus.Frozen, TitleStatus.Active, basis);
    }

    /// @inheritdoc IPropertyRegistry
    function retireTitle(uint256 parcelId, bytes32 basis) external restricted whenNotPaused {
        TitleRecord storage t = _liveTitle(parcelId);
        _setStatus(parcelId, t.status, TitleStatus.Retired, basis);
        // The token leaves circulation, as a burn does: wallets and explorers stop counting it, while the register
        // keeps the title, its history and its last owner readable through {titleOf} and {ownershipHistory}. A
        // retirement appends no history entry, so its kind is not used.
        _update(parcelId, _currentOwner(parcelId), address(0), ChangeKind.Registration, basis);
    }

    /// @inheritdoc IPropertyRegistry
    function registerLien(
        uint256 parcelId,
        address holder,
        bytes32 documentHash
    ) external restricted whenNotPaused returns (uint256 lienId) {
        if (holder == address(0)) revert PropertyRegistryInvalidLienHolder(holder);
        if (documentHash == bytes32(0)) revert PropertyRegistryEmptyDocumentHash();
        TitleRecord storage t = _liveTitle(parcelId);
        if (t.activeLienCount >= MAX_ACTIVE_LIENS) revert PropertyRegistryTooManyLiens(parcelId, MAX_ACTIVE_LIENS);
        PropertyRegistryStorage storage $ = _storage();

        lienId = ++$.lienCount;
        Lien storage lien = $.liens[lienId];
        lien.parcelId = parcelId;
        lien.holder = holder;
        lien.documentHash = documentHash;
        lien.registeredAt = uint40(block.timestamp);
        $.activeLiens[parcelId].add(lienId);
        unchecked {
            // Bounded by MAX_ACTIVE_LIENS just above.
            ++t.activeLienCount;
        }
        emit LienRegistered(lienId, parcelId, holder, documentHash);
    }

    /// @inheritdoc IPropertyRegistry
    function releaseLien(uint256 lienId, bytes32 basis) external restricted whenNotPaused {
        if (basis == bytes32(0)) revert PropertyRegistryEmptyBasis();
        Lien storage lien = _activeLien(lienId);
        lien.releasedAt = uint40(block.timestamp);
        PropertyRegistryStorage storage $ = _storage();
        $.activeLiens[lien.parcelId].remove(lienId);
        unchecked {
            // An active lien is counted on its parcel, so the count is at least one.
            --$.titles[lien.parcelId].activeLienCount;
        }
        emit LienReleased(lienId, lien.parcelId, basis);
    }

    /// @inheritdoc IPropertyRegistry
    function setBaseURI(string calldata baseURI) external restricted whenNotPaused {
        Text.check(baseURI, Text.Kind.Uri, "baseURI");
        _storage().baseURI = baseURI;
        emit BaseURIUpdated(baseURI);
        emit BatchMetadataUpdate(0, type(uint256).max);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: lien holder
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IPropertyRegistry
    function consentToSale(uint256 lienId, bytes32 offerId) external whenNotPaused {
        if (offerId == bytes32(0)) revert PropertyRegistryEmptyOfferId();
        Lien storage lien = _heldLien(lienId);
        lien.consentOfferId = offerId;
        emit LienConsentRecorded(lienId, lien.parcelId, offerId);
    }

    /// @inheritdoc IPropertyRegistry
    function withdrawConsent(uint256 lienId) external whenNotPaused {
        Lien storage lien = _heldLien(lienId);
        bytes32 offerId = lien.consentOfferId;
        if (offerId == bytes32(0)) revert PropertyRegistryNoConsent(lienId);
        lien.consentOfferId = bytes32(0);
        emit LienConsentWithdrawn(lienId, lien.parcelId, offerId);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: ERC-721 writes, all refused
    // -------------------------------------------------------------------------------------------------------------

    /// @notice Always reverts: titles move only through OwnershipTransfer.
    function transferFrom(address, address, uint256 tokenId) external pure {
        revert PropertyRegistryTitleLocked(tokenId);
    }

    /// @notice Always reverts: titles move only through OwnershipTransfer.
    function safeTransferFrom(address, address, uint256 tokenId) external pure {
        revert PropertyRegistryTitleLocked(tokenId);
    }

    /// @notice Always reverts: titles move only through OwnershipTransfer.
    function safeTransferFrom(address, address, uint256 tokenId, bytes calldata) external pure {
        revert PropertyRegistryTitleLocked(tokenId);
    }

    /// @notice Always reverts: titles cannot be approved to operators.
    function approve(address, uint256) external pure {
        revert PropertyRegistryApprovalsDisabled();
    }

    /// @notice Always reverts: titles cannot be approved to operators.
    function setApprovalForAll(address, bool) external pure {
        revert PropertyRegistryApprovalsDisabled();
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: reads
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IPropertyRegistry
    function parcelIdOf(string calldata cadastralReference) external pure returns (uint256) {
        return uint256(keccak256(bytes(cadastralReference)));
    }

    /// @inheritdoc IPropertyRegistry
    function titleOf(uint256 parcelId) external view returns (Title memory title) {
        TitleRecord storage t = _existingTitle(parcelId);
        title = Title({
            owner: _currentOwner(parcelId),
            status: t.status,
            registeredAt: t.registeredAt,
            ownerSince: _currentOwnerSince(parcelId),
            historyLength: t.changeCount + 1,
            activeLienCount: t.activeLienCount,
            documentHash: _documentHash(t),
            metadataURI: t.metadataURI
        });
    }

    /// @inheritdoc IPropertyRegistry
    function lienOf(uint256 lienId) external view returns (Lien memory) {
        return _existingLien(lienId);
    }

    /// @inheritdoc IPropertyRegistry
    function activeLiens(uint256 parcelId) external view returns (uint256[] memory) {
        _existingTitle(parcelId);
        return _storage().activeLiens[parcelId].values();
    }

    /// @inheritdoc IPropertyRegistry
    function lienCount() external view returns (uint256) {
        return _storage().lienCount;
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert PropertyRegistryInvalidOwner(owner);
        return _storage().balances[owner];
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        _liveTitle(tokenId);
        return address(0);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC721Metadata
    function name() external view returns (string memory) {
        return _storage().name;
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external view returns (string memory) {
        return _storage().symbol;
    }

    /// @inheritdoc IERC721Metadata
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        TitleRecord storage t = _liveTitle(tokenId);
        if (bytes(t.metadataURI).length != 0) return t.metadataURI;
        string memory base = _storage().baseURI;
        return bytes(base).length == 0 ? "" : string.concat(base, Strings.toString(tokenId));
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _liveTitle(tokenId);
        return true;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Public
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @inheritdoc IOwnershipRegistry
     * @dev A retired title has left circulation: like a burnt ERC-721 token it has no owner here, and reverts with
     * {PropertyRegistryUnexpectedStatus}. Its last owner stays readable through {titleOf}.
     */
    function ownerOf(
        uint256 tokenId
    ) public view override(IERC721, IOwnershipRegistry, OwnershipRecordsUpgradeable) returns (address) {
        _liveTitle(tokenId);
        return _currentOwner(tokenId);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public pure returns (bool) {
        return
            interfaceId == type(IERC165).interfaceId ||
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            interfaceId == type(IERC5192).interfaceId ||
            interfaceId == bytes4(0x49064906); // ERC-4906, whose id is fixed by the standard
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal: ownership records
    // -------------------------------------------------------------------------------------------------------------

    /// @dev The first owner and the number of owner changes, from the title's first slot.
    function _ownershipHead(uint256 parcelId) internal view override returns (address firstOwner, uint256 changeCount) {
        TitleRecord storage t = _storage().titles[parcelId];
        return (t.firstOwner, t.changeCount);
    }

    /// @dev When the title was registered, and its registration deed.
    function _ownershipRegistration(
        uint256 parcelId
    ) internal view override returns (uint40 registeredAt, bytes32 basis) {
        TitleRecord storage t = _storage().titles[parcelId];
        return (t.registeredAt, t.registrationDocumentHash);
    }

    /// @dev The history entries after the registration, kept in this registry's namespace.
    function _ownershipChanges(
        uint256 parcelId
    ) internal view override returns (mapping(uint256 changeIndex => Change) storage) {
        return _storage().changes[parcelId];
    }

    /// @dev Keeps the number of owner changes in the title's first slot.
    function _setOwnershipChangeCount(uint256 parcelId, uint256 changeCount) internal override {
        // At most 2^32 - 1 changes of one parcel: one a second for 136 years.
        _storage().titles[parcelId].changeCount = uint32(changeCount);
    }

    /**
     * @dev Unknown and retired titles change owner no more; a frozen one does by court order or key recovery, not by
     * a sale.
     */
    function _ownershipStatusError(uint256 parcelId, ChangeKind kind) internal view override returns (bytes memory) {
        TitleStatus status = _storage().titles[parcelId].status;
        if (status == TitleStatus.None) {
            return abi.encodeWithSelector(PropertyRegistryUnknownParcel.selector, parcelId);
        }
        if (status == TitleStatus.Retired) {
            return abi.encodeWithSelector(PropertyRegistryUnexpectedStatus.selector, parcelId, status);
        }
        if (status == TitleStatus.Frozen && kind == ChangeKind.Sale) {
            return abi.encodeWithSelector(PropertyRegistryParcelFrozen.selector, parcelId);
        }
        return "";
    }

    /**
     * @dev A sale needs every active lien's consent to the offer `offerId` (at most {MAX_ACTIVE_LIENS} reads). Court
     * orders and key recoveries keep the liens on the parcel.
     */
    function _ownershipEncumbranceError(
        uint256 parcelId,
        ChangeKind kind,
        bytes32 offerId
    ) internal view override returns (bytes memory) {
        PropertyRegistryStorage storage $ = _storage();
        if (kind == ChangeKind.Sale && $.titles[parcelId].activeLienCount != 0) {
            EnumerableSet.UintSet storage active = $.activeLiens[parcelId];
            uint256 count = active.length();
            for (uint256 i = 0; i < count; ++i) {
                uint256 lienId = active.at(i);
                if (offerId == bytes32(0) || $.liens[lienId].consentOfferId != offerId) {
                    return
                        abi.encodeWithSelector(PropertyRegistryLienConsentMissing.selector, parcelId, lienId, offerId);
                }
            }
        }
        return "";
    }

    /// @dev Only an active title can be sold.
    function _ownershipSellable(uint256 parcelId) internal view override returns (bool) {
        return _storage().titles[parcelId].status == TitleStatus.Active;
    }

    /// @dev The land register's own errors for the shared checks.
    function _ownershipError(OwnershipError error) internal pure override returns (bytes4) {
        if (error == OwnershipError.UnknownRecord) return PropertyRegistryUnknownParcel.selector;
        if (error == OwnershipError.InvalidChangeKind) return PropertyRegistryInvalidChangeKind.selector;
        if (error == OwnershipError.NotOwner) return PropertyRegistryNotOwner.selector;
        if (error == OwnershipError.InvalidNewOwner) return PropertyRegistryInvalidNewOwner.selector;
        if (error == OwnershipError.EmptyBasis) return PropertyRegistryEmptyBasis.selector;
        return PropertyRegistryInvalidPage.selector;
    }

    /**
     * @dev Keeps the ERC-721 balances as a mint, a transfer and a burn do, and emits `Transfer`; a change of owner
     * after the registration also emits {TitleTransferred}.
     */
    function _afterOwnershipUpdate(
        uint256 parcelId,
        address from,
        address to,
        ChangeKind kind,
        bytes32 basis,
        uint256 ownerChanges
    ) internal override {
        PropertyRegistryStorage storage $ = _storage();
        unchecked {
            // A balance counts titles, which cannot outnumber the parcel ids, and `from` holds this title, so its
            // balance is at least one.
            if (from != address(0)) --$.balances[from];
            if (to != address(0)) ++$.balances[to];
        }
        emit Transfer(from, to, parcelId);
        if (from != address(0) && to != address(0)) {
            emit TitleTransferred(parcelId, from, to, kind, basis, ownerChanges + 1);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Moves an existing title from `expected` status to `next`, requiring a decision hash.
    function _setStatus(uint256 parcelId, TitleStatus expected, TitleStatus next, bytes32 basis) private {
        if (basis == bytes32(0)) revert PropertyRegistryEmptyBasis();
        TitleRecord storage t = _existingTitle(parcelId);
        TitleStatus current = t.status;
        if (current != expected || current == TitleStatus.Retired) {
            revert PropertyRegistryUnexpectedStatus(parcelId, current);
        }
        t.status = next;
        emit TitleStatusChanged(parcelId, current, next, basis);
    }

    /// @dev The current document hash of a title.
    function _documentHash(TitleRecord storage t) private view returns (bytes32) {
        bytes32 updated = t.updatedDocumentHash;
        return updated == bytes32(0) ? t.registrationDocumentHash : updated;
    }

    /// @dev A registered title, or a revert with {PropertyRegistryUnknownParcel}.
    function _existingTitle(uint256 parcelId) private view returns (TitleRecord storage t) {
        t = _storage().titles[parcelId];
        if (t.status == TitleStatus.None) revert PropertyRegistryUnknownParcel(parcelId);
    }

    /// @dev A registered title that is not retired: also an ERC-721 token in circulation (a retired title is burnt).
    function _liveTitle(uint256 parcelId) private view returns (TitleRecord storage t) {
        t = _existingTitle(parcelId);
        if (t.status == TitleStatus.Retired) revert PropertyRegistryUnexpectedStatus(parcelId, TitleStatus.Retired);
    }

    /// @dev A registered lien, or a revert with {PropertyRegistryUnknownLien}.
    function _existingLien(uint256 lienId) private view returns (Lien storage lien) {
        lien = _storage().liens[lienId];
        if (lien.holder == address(0)) revert PropertyRegistryUnknownLien(lienId);
    }

    /// @dev An active lien whose holder is the caller.
    function _heldLien(uint256 lienId) private view returns (Lien storage lien) {
        lien = _activeLien(lienId);
        if (lien.holder != msg.sender) revert PropertyRegistryNotLienHolder(lienId, msg.sender);
    }

    /// @dev A lien that is not released.
    function _activeLien(uint256 lienId) private view returns (Lien storage lien) {
        lien = _existingLien(lienId);
        if (lien.releasedAt != 0) revert PropertyRegistryLienReleased(lienId);
    }

    function _storage() private pure returns (PropertyRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }
}
