// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {Cheats} from "../helpers/Cheats.sol";

/**
 * @title AuthorityHandler
 * @notice The invariant fuzzer's entry points into the authority's minimum execution delays: one role, four accounts
 * granted it (with or without a grant delay, again with a longer or shorter execution delay), revoked, renouncing it,
 * the role's minimum raised over a list of its members (the complete list or any other), the grant delay changed and
 * time passing. The handler is the authority's ADMIN; the role is wired to one function of a target.
 */
contract AuthorityHandler is Cheats {
    uint64 public constant ROLE = 7;
    uint256 public constant ACCOUNTS = 4;
    /// @notice The target and selector wired to {ROLE}: any address and any selector will do for {canCall}.
    address public constant TARGET = address(uint160(uint256(keccak256("egov authority target"))));
    bytes4 public constant SELECTOR = bytes4(keccak256("act()"));

    uint32 internal constant MAX_DELAY = 4 days;

    GovernmentAuthority public authority;

    constructor() {
        authority = new GovernmentAuthority(address(this));
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = SELECTOR;
        authority.setTargetFunctionRole(TARGET, selectors, ROLE);
    }

    /// @notice The `index`th account the fuzzer grants the role to.
    function account(uint256 index) public pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("egov authority account", index)))));
    }

    /// @notice Grants the role, with a grant delay for a new member and an execution delay.
    function grant(uint256 who, uint32 executionDelay) external {
        authority.grantRole(ROLE, account(who % ACCOUNTS), uint32(_bound(executionDelay, 0, MAX_DELAY)));
    }

    /// @notice Revokes the role (of a member, a pending grant or an account that holds nothing).
    function revoke(uint256 who) external {
        authority.revokeRole(ROLE, account(who % ACCOUNTS));
    }

    /// @notice An account renounces the role.
    function renounce(uint256 who) external {
        address holder = account(who % ACCOUNTS);
        vm.prank(holder);
        authority.renounceRole(ROLE, holder);
    }

    /// @notice Changes the role's grant delay, so that later grants wait or not.
    function setGrantDelay(uint32 grantDelay) external {
        authority.setGrantDelay(ROLE, uint32(_bound(grantDelay, 0, MAX_DELAY)));
    }

    /**
     * @notice Raises the role's minimum over the accounts of `mask` (bit i: account i), listed in increasing order;
     * with `complete`, over every account that holds the role or a pending grant.
     */
    function raise(uint32 minimum, uint256 mask, bool complete) external {
        address[] memory candidates = new address[](ACCOUNTS);
        uint256 count = 0;
        for (uint256 i = 0; i < ACCOUNTS; ++i) {
            (uint48 since, , , ) = authority.getAccess(ROLE, account(i));
            if (complete ? since != 0 : (mask >> i) & 1 == 1) candidates[count++] = account(i);
        }
        address[] memory members = new address[](count);
        for (uint256 i = 0; i < count; ++i) members[i] = candidates[i];
        _sort(members);
        authority.setMinExecutionDelay(ROLE, uint32(_bound(minimum, 0, MAX_DELAY)), members);
    }

    /// @notice Lets time pass: grants come into force, shorter delays bind.
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + _bound(seconds_, 1, MAX_DELAY));
    }

    /// @notice The actions the fuzzer calls.
    function actions() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](6);
        selectors[0] = this.grant.selector;
        selectors[1] = this.revoke.selector;
        selectors[2] = this.renounce.selector;
        selectors[3] = this.setGrantDelay.selector;
        selectors[4] = this.raise.selector;
        selectors[5] = this.warp.selector;
    }

    function _sort(address[] memory list) private pure {
        for (uint256 i = 1; i < list.length; ++i) {
            for (uint256 j = i; j > 0 && list[j - 1] > list[j]; --j) {
                (list[j - 1], list[j]) = (list[j], list[j - 1]);
            }
        }
    }
}
