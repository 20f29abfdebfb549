// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {AuthorityHandler} from "./AuthorityHandler.sol";
import {Cheats, FuzzSelector} from "../helpers/Cheats.sol";

/**
 * @title AuthorityInvariantsTest
 * @notice What must hold at all times of a role's minimum execution delay, checked after every call of random
 * sequences of grants, re-grants, revocations, renouncements, raises of the minimum, grant-delay changes and time
 * passing made through {AuthorityHandler}.
 */
contract AuthorityInvariantsTest is Cheats {
    AuthorityHandler internal handler;
    GovernmentAuthority internal authority;

    function setUp() public {
        handler = new AuthorityHandler();
        authority = handler.authority();
    }

    /// @notice The fuzzer calls the handler only.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The fuzzer calls the handler's actions only.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: handler.actions()});
    }

    /**
     * @notice Every account that holds the role or a pending grant of it has an execution delay at least the role's
     * minimum, and so has the shorter delay a re-grant set to bind later.
     */
    function invariant_everyMemberDelayAtLeastMinimum() public view {
        uint64 role = handler.ROLE();
        uint32 minimum = authority.minExecutionDelay(role);
        for (uint256 i = 0; i < handler.ACCOUNTS(); ++i) {
            (uint48 since, uint32 current, uint32 pending, uint48 effect) = authority.getAccess(
                role,
                handler.account(i)
            );
            if (since == 0) continue;
            require(current >= minimum, "a member's execution delay is below the minimum");
            require(effect == 0 || pending >= minimum, "a member's pending execution delay is below the minimum");
        }
    }

    /// @notice The authority's count of the role's members is the number of accounts with a grant, pending or not.
    function invariant_memberCountIsExact() public view {
        uint64 role = handler.ROLE();
        uint256 count = 0;
        for (uint256 i = 0; i < handler.ACCOUNTS(); ++i) {
            (uint48 since, , , ) = authority.getAccess(role, handler.account(i));
            if (since != 0) ++count;
        }
        require(authority.memberCount(role) == count, "the member count differs from the members");
    }

    /// @notice Once the role has a minimum, no member calls the role's function at once: each call is scheduled.
    function invariant_noImmediateCallUnderAMinimum() public view {
        uint32 minimum = authority.minExecutionDelay(handler.ROLE());
        if (minimum == 0) return;
        for (uint256 i = 0; i < handler.ACCOUNTS(); ++i) {
            (bool immediate, uint32 delay) = authority.canCall(
                handler.account(i),
                handler.TARGET(),
                handler.SELECTOR()
            );
            require(!immediate, "a member calls at once under a minimum");
            require(delay == 0 || delay >= minimum, "a member's call waits less than the minimum");
        }
    }
}
