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

    /**
     * @notice The current owner of a record.
     * @dev Reverts with the registry's own "unknown record" error for a record that does not exist.
     */
    function ownerOf(uint256 recordId) external view returns (address);

    /**
     * @notice Tells whether a change of owner of `recordId` to `to` of kind `kind` would be accepted now.
     * @return ok True when {changeOwner} would succeed with these arguments.
     * @return reason The selector of the custom error that {changeOwner} would revert with, or zero.
     */
    function checkOwnerChange(
        uint256 recordId,
        address from,
        address to,
        ChangeKind kind
    ) external view returns (bool ok, bytes4 reason);

    /**
     * @notice Changes the owner of a record and appends the change to its history.
     * @dev Requirements:
     * - the caller is allowed by the authority (TRANSFER_AGENT: the OwnershipTransfer contract alone);
     * - `from` is the current owner, `to` is not zero and differs from `from`;
     * - the record's status and encumbrances allow a change of this kind.
     *
     * Emits the registry's ownership-change event.
     */
    function changeOwner(uint256 recordId, address from, address to, ChangeKind kind, bytes32 basis) external;
}
