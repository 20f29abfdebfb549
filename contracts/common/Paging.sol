// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Revert} from "./Revert.sol";

/**
 * @title Paging
 * @notice The one page-size rule of every paged read of the suite: a page of a list of `length` entries starts at
 * `offset` and holds at most `limit` entries; an `offset` past the end is refused with the caller's own error.
 */
library Paging {
    /**
     * @dev The number of entries of the page of a list of `length` entries that starts at `offset` and holds at most
     * `limit` entries. An `offset` equal to `length` gives an empty page.
     *
     * Requirements:
     * - `offset` is at most `length`, or the call reverts with the caller's error `invalidPage(offset, length)`
     *   (every registry's `...InvalidPage(uint256 offset, uint256 length)`).
     */
    function size(uint256 offset, uint256 limit, uint256 length, bytes4 invalidPage) internal pure returns (uint256) {
        if (offset > length) Revert.ifNotEmpty(abi.encodeWithSelector(invalidPage, offset, length));
        unchecked {
            // `offset <= length` was checked just above.
            uint256 rest = length - offset;
            return rest < limit ? rest : limit;
        }
    }
}
