// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC20} from "./MockERC20.sol";

/**
 * @title MockFeeOnTransferERC20
 * @notice A test token that burns a fee on every transfer, so that the recipient receives less than was sent.
 */
contract MockFeeOnTransferERC20 is MockERC20 {
    /// @notice The fee burned on every transfer, in basis points of the amount.
    uint256 public constant FEE_BPS = 100;

    constructor() MockERC20("Fee Token", "FEE") {}

    /// @dev Mints and burns are exact; a transfer between accounts burns {FEE_BPS} of the amount first.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
        } else {
            uint256 fee = (value * FEE_BPS) / 10_000;
            super._update(from, address(0), fee);
            super._update(from, to, value - fee);
        }
    }
}
