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
 * delay acts with nothing scheduled, where no guardian can cancel. {canCall} treats a member whose execution delay is
 * below the role's minimum as if it had the minimum: the call must be scheduled and can run only after it, by the
 * member through the target's `restricted` check or through {execute}; and a new grant below the minimum is refused.
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

    mapping(uint64 roleId => uint32 minimum) private _minExecutionDelays;

    // -------------------------------------------------------------------------------------------------------------
    // Constructor
    // -------------------------------------------------------------------------------------------------------------

    constructor(address initialAdmin) AccessManager(initialAdmin) {}

    // -------------------------------------------------------------------------------------------------------------
    // External
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGovernmentAuthority
    function setMinExecutionDelay(uint64 roleId, uint32 minimum) external onlyAuthorized {
        if (roleId == ADMIN_ROLE || roleId == PUBLIC_ROLE) revert AccessManagerLockedRole(roleId);
        uint32 current = _minExecutionDelays[roleId];
        if (minimum < current || minimum > MAX_MIN_EXECUTION_DELAY) {
            revert GovernmentAuthorityInvalidMinExecutionDelay(roleId, minimum, current, MAX_MIN_EXECUTION_DELAY);
        }
        _minExecutionDelays[roleId] = minimum;
        emit RoleMinExecutionDelaySet(roleId, minimum);
    }

    /// @inheritdoc IGovernmentAuthority
    function minExecutionDelay(uint64 roleId) external view returns (uint32) {
        return _minExecutionDelays[roleId];
    }

    /// @inheritdoc IGovernmentAuthority
    function version() external pure returns (string memory) {
        return "1.1.0";
    }

    // -------------------------------------------------------------------------------------------------------------
    // Public
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Whether `caller` may call `selector` on `target` at once, and otherwise after which delay.
     * @dev As AccessManager's, except that a member of the function's role whose execution delay is below the role's
     * minimum gets the minimum: not immediate, so the call must have been scheduled at least that long before.
     */
    function canCall(
        address caller,
        address target,
        bytes4 selector
    ) public view override returns (bool immediate, uint32 delay) {
        (immediate, delay) = super.canCall(caller, target, selector);
        // Not allowed at all, or the authority's own {execute} relaying a call it has checked already.
        if ((!immediate && delay == 0) || caller == address(this)) return (immediate, delay);
        uint32 minimum = _minExecutionDelays[getTargetFunctionRole(target, selector)];
        if (delay < minimum) return (false, minimum);
    }

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

    /// @dev Refuses a grant whose execution delay is below the role's minimum; otherwise as AccessManager's.
    function _grantRole(
        uint64 roleId,
        address account,
        uint32 grantDelay,
        uint32 executionDelay
    ) internal override returns (bool) {
        uint32 minimum = _minExecutionDelays[roleId];
        if (executionDelay < minimum) {
            revert GovernmentAuthorityExecutionDelayTooShort(roleId, account, executionDelay, minimum);
        }
        return super._grantRole(roleId, account, grantDelay, executionDelay);
    }
}
