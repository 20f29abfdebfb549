// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Elections} from "../election/Elections.sol";

/**
 * @title ElectionsV2Mock
 * @notice A next version of the elections contract, used to prove that an upgrade keeps every poll, ballot and tally
 * and goes through the authority's delay. Test-only. The proxy was initialised by version 1, so the new version needs
 * no initializer of its own beyond the empty {initializeV2}.
 * @custom:oz-upgrades-unsafe-allow missing-initializer
 */
contract ElectionsV2Mock is Elections {
    /// @notice Runs once, in the upgrade transaction.
    function initializeV2() external reinitializer(2) {} // solhint-disable-line no-empty-blocks

    /// @notice Tells that the proxy runs the new implementation.
    function upgradedToV2() external pure returns (bool) {
        return true;
    }
}
