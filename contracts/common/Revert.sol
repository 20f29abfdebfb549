// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title Revert
 * @notice Re-throws an ABI-encoded custom error built in memory, so that a check can be written once and used both to
 * answer a view ("would this succeed, and if not why?") and to revert with the error's exact arguments.
 */
library Revert {
    /// @dev Reverts with `encodedError` when it is not empty; does nothing otherwise.
    function ifNotEmpty(bytes memory encodedError) internal pure {
        if (encodedError.length != 0) {
            // Returning the bytes unchanged is the only way to revert with an error selected at run time.
            assembly ("memory-safe") {
                revert(add(encodedError, 0x20), mload(encodedError))
            }
        }
    }

    /// @dev The selector of an encoded error, or zero for none.
    function selectorOf(bytes memory encodedError) internal pure returns (bytes4) {
        return encodedError.length == 0 ? bytes4(0) : bytes4(encodedError);
    }
}
