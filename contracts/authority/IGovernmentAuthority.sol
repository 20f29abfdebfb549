// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IGovernmentAuthority
 * @notice What the suite's authority adds to OpenZeppelin's AccessManager: a minimum execution delay per role, so that
 * every act of a sensitive role (key recovery, upgrades, and court orders where the deployment sets one) is scheduled
 * where a guardian can cancel it, whatever execution delay a grant names. The rest is OpenZeppelin's
 * `IAccessManager`.
 */
interface IGovernmentAuthority {
    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice A role's minimum execution delay can only rise, up to {MAX_MIN_EXECUTION_DELAY}.
     * @param roleId The role.
     * @param requested The minimum asked for.
     * @param current The role's minimum now.
     * @param maximum The highest minimum allowed.
     */
    error GovernmentAuthorityInvalidMinExecutionDelay(uint64 roleId, uint32 requested, uint32 current, uint32 maximum);

    /**
     * @notice A grant names an execution delay below the role's minimum.
     * @param roleId The role.
     * @param account The account granted the role.
     * @param executionDelay The execution delay the grant names.
     * @param minimum The role's minimum execution delay.
     */
    error GovernmentAuthorityExecutionDelayTooShort(
        uint64 roleId,
        address account,
        uint32 executionDelay,
        uint32 minimum
    );

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice A role's minimum execution delay was raised; it binds at once.
     * @param roleId The role.
     * @param minimum The new minimum, in seconds.
     */
    event RoleMinExecutionDelaySet(uint64 indexed roleId, uint32 minimum);

    // -------------------------------------------------------------------------------------------------------------
    // Functions
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The highest minimum execution delay a role may be given: 90 days.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_MIN_EXECUTION_DELAY() external view returns (uint32);

    /**
     * @notice Raises a role's minimum execution delay. Every call wired to the role then waits at least this long
     * after being scheduled, whatever execution delay a member's grant names, and no new grant may name less.
     * @dev Requirements:
     * - the caller is ADMIN (or is allowed this function by the authority);
     * - `roleId` is neither ADMIN nor PUBLIC;
     * - `minimum` is not below the role's current minimum and not above {MAX_MIN_EXECUTION_DELAY}.
     *
     * Note: a minimum never falls. It is the floor under which nobody, ADMIN included, can act unscheduled; a
     * deployment that must lower it moves its contracts to a new authority, which waits each contract's admin delay.
     *
     * Emits a {RoleMinExecutionDelaySet} event.
     */
    function setMinExecutionDelay(uint64 roleId, uint32 minimum) external;

    /// @notice A role's minimum execution delay, in seconds (zero for none).
    function minExecutionDelay(uint64 roleId) external view returns (uint32);

    /// @notice The semantic version of this contract.
    function version() external pure returns (string memory);
}
