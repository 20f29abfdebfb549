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
     * @notice An execution delay below the role's minimum: one a grant names, or, when the minimum is raised, a
     * member's current delay or the shorter delay a re-grant has set to bind later.
     * @param roleId The role.
     * @param account The account granted the role, or the member.
     * @param executionDelay The execution delay below the minimum.
     * @param minimum The role's minimum execution delay (the new one, when it is being raised).
     */
    error GovernmentAuthorityExecutionDelayTooShort(
        uint64 roleId,
        address account,
        uint32 executionDelay,
        uint32 minimum
    );

    /**
     * @notice The members listed to raise a role's minimum are not as many as the role has (pending grants count).
     * @param roleId The role.
     * @param listed How many accounts the list names.
     * @param members How many accounts hold the role, pending grants included ({memberCount}).
     */
    error GovernmentAuthorityIncompleteMembers(uint64 roleId, uint256 listed, uint256 members);

    /**
     * @notice The members listed to raise a role's minimum are not in strictly increasing order of address.
     * @param roleId The role.
     * @param previous The account listed just before.
     * @param account The account listed out of order (or twice).
     */
    error GovernmentAuthorityUnorderedMembers(uint64 roleId, address previous, address account);

    /**
     * @notice An account listed as a member to raise a role's minimum does not hold the role, nor a pending grant.
     * @param roleId The role.
     * @param account The account.
     */
    error GovernmentAuthorityNotMember(uint64 roleId, address account);

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
     * after being scheduled, whatever execution delay a grant names: no grant may name less, and the raise is refused
     * while any member (a pending grant included) has a current or pending execution delay below it.
     * @dev Requirements:
     * - the caller is ADMIN (or is allowed this function by the authority);
     * - `roleId` is neither ADMIN nor PUBLIC;
     * - `minimum` is not below the role's current minimum and not above {MAX_MIN_EXECUTION_DELAY};
     * - `members` lists every account that holds the role or a pending grant of it ({memberCount} of them, from the
     *   `RoleGranted` and `RoleRevoked` events), each once, in strictly increasing order of address;
     * - each one's execution delay, and the shorter one a re-grant may have set to bind later, is at least `minimum`.
     *
     * Note: so every member's delay is at least the role's minimum at all times, and {canCall} needs no read of it. A
     * member below a new minimum is first re-granted with a longer delay (which binds at once) or revoked. A minimum
     * never falls: it is the floor under which nobody, ADMIN included, can act unscheduled; a deployment that must
     * lower it moves its contracts to a new authority, which waits each contract's admin delay. The check walks the
     * caller's own list, so its gas grows with the role's members and is paid by ADMIN.
     *
     * Emits a {RoleMinExecutionDelaySet} event.
     */
    function setMinExecutionDelay(uint64 roleId, uint32 minimum, address[] calldata members) external;

    /// @notice A role's minimum execution delay, in seconds (zero for none).
    function minExecutionDelay(uint64 roleId) external view returns (uint32);

    /**
     * @notice How many accounts hold a role, those whose grant is still pending included: the length of the list
     * {setMinExecutionDelay} takes.
     */
    function memberCount(uint64 roleId) external view returns (uint256);

    /// @notice The semantic version of this contract.
    function version() external pure returns (string memory);
}
