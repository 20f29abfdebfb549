// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/**
 * @title MockERC20
 * @notice A plain ERC-20 payment token for tests, which anyone can mint. Base of the misbehaving test tokens.
 */
contract MockERC20 is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /**
     * @notice Creates `amount` tokens for `to`. Unrestricted: for tests only.
     * @dev Emits an {IERC20-Transfer} event.
     */
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
