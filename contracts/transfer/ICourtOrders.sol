// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOwnershipRegistry} from "../common/IOwnershipRegistry.sol";
import {IOwnershipSales} from "./IOwnershipSales.sol";

/**
 * @title ICourtOrders
 * @notice Changes of owner without a sale: a court order or an inheritance (COURT_OFFICER), and the recovery of a lost
 * key's records and escrowed funds (RECOVERY_OFFICER, after the authority's delay, during which a guardian can cancel).
 */
interface ICourtOrders is IOwnershipSales {
    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The new owner is the zero address or the current owner.
    error OwnershipTransferInvalidNewOwner(address to);

    /// @notice A key recovery names no record, or more than {MAX_RECOVERY_RECORDS}.
    error OwnershipTransferInvalidRecordCount(uint256 count, uint256 maximum);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A court officer moved a record by court order or inheritance. Liens stay on the record.
    event CourtOrderExecuted(
        address indexed registry,
        uint256 indexed recordId,
        address indexed to,
        address from,
        bytes32 basis,
        address officer
    );

    /// @notice Records of a lost account were moved to the owner's new account.
    event KeysRecovered(
        address indexed registry,
        address indexed lostAccount,
        address indexed newAccount,
        uint256 recordCount,
        bytes32 basis
    );

    /// @notice A recovery officer paid the escrowed price owed to a lost account to the owner's new account, on the
    /// legal basis `basis`.
    event EscrowRecovered(
        bytes32 indexed offerId,
        address indexed lostAccount,
        address indexed newAccount,
        address token,
        uint256 amount,
        bytes32 basis,
        address officer
    );

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Pays the escrowed price owed to an account whose key was lost (sale proceeds or a refund) to the
     * owner's new account, on the legal basis `basis` (the hash of the recovery order).
     * @dev Like {recoverKeys}, the role wired to this function carries an execution delay in the authority, during
     * which a GUARDIAN can cancel.
     *
     * Requirements: the authority allows the call (after its delay); `basis` is not zero; `newAccount` is neither zero
     * nor `lostAccount`; `lostAccount` is the offer's payee and has not withdrawn.
     *
     * Emits a {FundsWithdrawn} event with `lostAccount` as payee and `newAccount` as recipient, then an
     * {EscrowRecovered} event that tells the recovery apart from the payee's own withdrawal.
     */
    function recoverEscrow(
        Offer calldata offer,
        address lostAccount,
        address payable newAccount,
        bytes32 basis
    ) external;

    /**
     * @notice Moves a record by court order or inheritance, without payment. Liens stay on the record.
     * @dev Requirements: COURT_OFFICER; not paused; the registry is enabled; `basis` is not zero; the registry
     * accepts a court-ordered change (the record exists, is not retired, `to` is a new owner).
     *
     * Emits a {CourtOrderExecuted} event and the registry's ownership-change event.
     */
    function executeCourtOrder(IOwnershipRegistry registry, uint256 recordId, address to, bytes32 basis) external;

    /**
     * @notice Moves records of an account whose key was lost to the owner's new account.
     * @dev The role wired to this function carries an execution delay in the authority (days): the call is
     * scheduled there first, and a GUARDIAN can cancel it while it waits. An owner with more records than
     * {MAX_RECOVERY_RECORDS} is recovered in several orders.
     *
     * Requirements: the authority allows the call (after its delay); not paused; the registry is enabled; `basis`
     * is not zero; `newAccount` is neither zero nor `lostAccount`; between 1 and {MAX_RECOVERY_RECORDS} records,
     * each owned by `lostAccount`.
     *
     * Emits a {KeysRecovered} event and one registry ownership-change event per record.
     */
    function recoverKeys(
        IOwnershipRegistry registry,
        address lostAccount,
        address newAccount,
        uint256[] calldata recordIds,
        bytes32 basis
    ) external;

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The most records one key-recovery order moves, so that its cost stays bounded.
    function MAX_RECOVERY_RECORDS() external view returns (uint256); // solhint-disable-line func-name-mixedcase
}
