// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Vm
 * @notice The cheatcodes of Hardhat's Solidity test runner that these tests use. The runner answers them at the
 * address {Cheats-vm}, the same as other Solidity test runners.
 */
interface Vm {
    /// @notice Sets `block.timestamp`.
    function warp(uint256 newTimestamp) external;

    /// @notice Sets `block.chainid`.
    function chainId(uint256 newChainId) external;

    /// @notice Makes the next call come from `msgSender`.
    function prank(address msgSender) external;

    /// @notice Sets the native balance of `account`.
    function deal(address account, uint256 newBalance) external;

    /// @notice The address of a private key.
    function addr(uint256 privateKey) external pure returns (address);

    /// @notice Signs `digest` with a private key.
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);

    /// @notice Discards the current fuzz input unless `condition` holds.
    function assume(bool condition) external pure;
}

/// @notice A target contract and the functions of it that the invariant fuzzer may call.
struct FuzzSelector {
    address addr;
    bytes4[] selectors;
}

/**
 * @title Cheats
 * @notice Base of the Solidity tests: the cheatcodes and a bounding helper for fuzz inputs.
 */
abstract contract Cheats {
    /// @dev The cheatcode address: `address(uint160(uint256(keccak256("hevm cheat code"))))`.
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Maps any `x` into `[min, max]` (requires `max - min < type(uint256).max`).
    function _bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        return min + (x % (max - min + 1));
    }
}
