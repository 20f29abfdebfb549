// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IGoverned
 * @notice What every contract of the suite offers besides its own records: its version and the emergency stop.
 * @dev Access to `pause`, `unpause` and upgrades is decided by the GovernmentAuthority (an OpenZeppelin
 * AccessManager); reads never stop.
 */
interface IGoverned {
    /**
     * @notice Closes every write of this contract; reads go on. Wired to GUARDIAN.
     * @dev Requirements:
     * - the caller is allowed by the authority;
     * - the contract is not paused.
     *
     * Emits a {PausableUpgradeable-Paused} event.
     */
    function pause() external;

    /**
     * @notice Reopens writes after an emergency. Wired to ADMIN.
     * @dev Requirements:
     * - the caller is allowed by the authority;
     * - the contract is paused.
     *
     * Emits a {PausableUpgradeable-Unpaused} event.
     */
    function unpause() external;

    /// @notice The semantic version of this implementation, for example "1.0.0".
    function version() external pure returns (string memory);
}
