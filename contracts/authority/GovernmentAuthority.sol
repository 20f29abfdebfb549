// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

import {IGovernmentAuthority} from "./IGovernmentAuthority.sol";

/**
 * @title GovernmentAuthority
 * @notice The one place that says who may call which function of which contract of the suite: roles, execution
 * delays, guardians and closing a whole contract. An OpenZeppelin AccessManager with two changes: the delays it is
 * given bind from the block they are set in, and a role may carry a minimum execution delay that binds every member.
 * @dev Role ids, labels and the function-to-role wiring are kept in `src/roles.ts` and `src/wiring.ts`, used alike by
 * the tests, the demo and the deployment modules. The initial admin should be a multisig or a timelock.
 *
 * Delays from the first block: AccessManager applies every change of a grant or admin delay only after
 * {minSetback}, 5 days by default, so that the delays set at deployment would not bind for five days, and in that
 * window ADMIN could grant itself a sensitive role and act at once. Here {minSetback} is zero. What remains of
 * OpenZeppelin's rule (`Time.Delay.withUpdate`) is the part that protects: a longer delay binds at once, and a shorter
 * one only after the difference between the two, so that from the moment of any reduction until it applies, every
 * grant still waits at least as long as the old delay announced.
 *
 * Minimum execution delays: the execution delay of a grant is chosen by the granter, so a member granted with no
 * delay acts with nothing scheduled, where no guardian can cancel. A role's minimum is an invariant kept on writes:
 * every member of the role (a pending grant included) has an execution delay, current and pending, at least the
 * minimum. A grant below it is refused, and a minimum is raised only over the role's complete list of members, each
 * checked; the authority counts each role's members to know the list is complete. {canCall} is therefore
 * AccessManager's own, and the restricted call of every contract of the suite pays no read of the minimum (measured:
 * 2,748 gas on every diploma issued, 2,659 on a sale, when {canCall} read it). The list comes in the caller's calldata
 * rather than from an enumerable set kept here, so that a grant pays one counter in the slot it already reads for the
 * minimum, not a set's two extra slots; the raise, rare and ADMIN's, pays the walk over the members.
 */
contract GovernmentAuthority is AccessManager, IGovernmentAuthority {
    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGovernmentAuthority
    uint32 public constant MAX_MIN_EXECUTION_DELAY = 90 days;

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev What the authority keeps of a role beside AccessManager: one slot, read and written together on a grant.
    struct RoleFloor {
        // The role's minimum execution delay, in seconds.
        uint32 minimum;
        // How many accounts hold the role, pending grants included: AccessManager's members with a `since`.
        uint224 members;
    }

    mapping(uint64 roleId => RoleFloor floor) private _floors;

    // -------------------------------------------------------------------------------------------------------------
    // Constructor
    // -------------------------------------------------------------------------------------------------------------

    constructor(address initialAdmin) AccessManager(initialAdmin) {}

    // -------------------------------------------------------------------------------------------------------------
    // External
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGovernmentAuthority
    function setMinExecutionDelay(uint64 roleId, uint32 minimum, address[] calldata members) external onlyAuthorized {
        if (roleId == ADMIN_ROLE || roleId == PUBLIC_ROLE) revert AccessManagerLockedRole(roleId);
        RoleFloor storage floor = _floors[roleId];
        uint32 current = floor.minimum;
        if (minimum < current || minimum > MAX_MIN_EXECUTION_DELAY) {
            revert GovernmentAuthorityInvalidMinExecutionDelay(roleId, minimum, current, MAX_MIN_EXECUTION_DELAY);
        }
        if (members.length != floor.members) {
            revert GovernmentAuthorityIncompleteMembers(roleId, members.length, floor.members);
        }
        // Bounded by the caller's own calldata: the list has exactly the role's count of members.
        for (uint256 i = 0; i < members.length; ++i) {
            address account = members[i];
            if (i > 0 && account <= members[i - 1]) {
                revert GovernmentAuthorityUnorderedMembers(roleId, members[i - 1], account);
            }
            (uint48 since, uint32 currentDelay, uint32 pendingDelay, uint48 effect) = getAccess(roleId, account);
            if (since == 0) revert GovernmentAuthorityNotMember(roleId, account);
            if (currentDelay < minimum) {
                revert GovernmentAuthorityExecutionDelayTooShort(roleId, account, currentDelay, minimum);
            }
            // A shorter delay from a re-grant, still waiting for its effect: it would bind without a further write.
            if (effect != 0 && pendingDelay < minimum) {
                revert GovernmentAuthorityExecutionDelayTooShort(roleId, account, pendingDelay, minimum);
            }
        }
        floor.minimum = minimum;
        emit RoleMinExecutionDelaySet(roleId, minimum);
    }

    /// @inheritdoc IGovernmentAuthority
    function minExecutionDelay(uint64 roleId) external view returns (uint32) {
        return _floors[roleId].minimum;
    }

    /// @inheritdoc IGovernmentAuthority
    function memberCount(uint64 roleId) external view returns (uint256) {
        return _floors[roleId].members;
    }

    /// @inheritdoc IGovernmentAuthority
    function version() external pure returns (string memory) {
        return "1.2.0";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Public
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Zero: a change of a grant or admin delay binds as soon as `Time.Delay.withUpdate` allows, which is at
     * once for a longer delay and after the difference for a shorter one.
     */
    function minSetback() public pure override returns (uint32) {
        return 0;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev Refuses a grant whose execution delay is below the role's minimum (a new member's, or a re-grant that
     * would lower a member's); otherwise as AccessManager's, and counts a new member.
     */
    function _grantRole(
        uint64 roleId,
        address account,
        uint32 grantDelay,
        uint32 executionDelay
    ) internal override returns (bool newMember) {
        RoleFloor storage floor = _floors[roleId];
        uint32 minimum = floor.minimum;
        if (executionDelay < minimum) {
            revert GovernmentAuthorityExecutionDelayTooShort(roleId, account, executionDelay, minimum);
        }
        newMember = super._grantRole(roleId, account, grantDelay, executionDelay);
        if (newMember) ++floor.members;
    }

    /// @dev As AccessManager's (revoking and renouncing alike), and counts a member gone.
    function _revokeRole(uint64 roleId, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(roleId, account);
        if (revoked) --_floors[roleId].members;
    }
}
