// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IOwnershipRegistry
 * @notice What OwnershipTransfer needs from a registry whose records have one owner each (land titles, a company's
 * controlling stake). The registry decides whether a change is lawful for its records (status, liens, consent);
 * OwnershipTransfer decides when it happens (sale, court order, key recovery).
 */
interface IOwnershipRegistry {
    /// @notice Why an owner changed. Stored in every history entry.
    enum ChangeKind {
        Registration, // the first owner, entered by the registrar
        Sale, // a settled sale through OwnershipTransfer
        CourtOrder, // a court order or an inheritance, by a COURT_OFFICER
        KeyRecovery // the owner's new account after a lost key, after the authority's delay
    }

    /// @notice One entry of a record's ownership history.
    struct OwnershipRecord {
        address owner; // who became owner
        uint40 since; // when
        ChangeKind kind; // why: registration, sale, court order or key recovery
        bytes32 basis; // the legal basis: registration or incorporation document, sale deed, court order or recovery
        // order hash
    }

    /**
     * @notice The current owner of a record.
     * @dev Reverts with the registry's own "unknown record" error for a record that does not exist.
     */
    function ownerOf(uint256 recordId) external view returns (address);

    /**
     * @notice Up to `limit` entries of a record's ownership history from `offset`, oldest first; entry 0 is the
     * registration.
     * @dev Reverts with the registry's own "unknown record" error for a record that does not exist, and with its
     * "invalid page" error when `offset` lies past the end of the history.
     */
    function ownershipHistory(
        uint256 recordId,
        uint256 offset,
        uint256 limit
    ) external view returns (OwnershipRecord[] memory records);

    /**
     * @notice Where a record stands for a sale: its owner, how many times its owner changed since registration, and
     * whether a sale could move it now (status only; liens are checked by {changeOwner}).
     * @dev OwnershipTransfer binds an offer to `ownerChanges` when it is opened: any change of owner since, even one
     * that brings the record back to the seller, voids the offer. Reverts like {ownerOf} for an unknown record.
     */
    function ownershipState(
        uint256 recordId
    ) external view returns (address owner, uint256 ownerChanges, bool sellable);

    /**
     * @notice Tells whether a change of owner of `recordId` to `to` of kind `kind` would be accepted now. `offerId` is
     * the OwnershipTransfer offer of a sale (lien consents name it), zero for other kinds.
     * @return ok True when {changeOwner} would succeed with these arguments.
     * @return reason The selector of the custom error that {changeOwner} would revert with, or zero.
     */
    function checkOwnerChange(
        uint256 recordId,
        address from,
        address to,
        ChangeKind kind,
        bytes32 offerId
    ) external view returns (bool ok, bytes4 reason);

    /**
     * @notice Changes the owner of a record and appends the change to its history.
     * @dev Requirements:
     * - the caller is allowed by the authority (TRANSFER_AGENT: the OwnershipTransfer contract alone);
     * - `from` is the current owner, `to` is not zero and differs from `from`;
     * - the record's status and encumbrances allow a change of this kind (for a sale, every lien holder consented to
     *   the offer `offerId`).
     *
     * Emits the registry's ownership-change event.
     * @return ownerChanges The number of owner changes of the record before this one, so that the caller can check
     * that the record did not change owner since it relied on it.
     */
    function changeOwner(
        uint256 recordId,
        address from,
        address to,
        ChangeKind kind,
        bytes32 basis,
        bytes32 offerId
    ) external returns (uint256 ownerChanges);
}
