// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

import {MockERC20} from "./MockERC20.sol";

/**
 * @title MockReentrantERC20
 * @notice A test token that, once armed, calls back into a contract in the middle of every balance change (inside
 * `transfer` and `transferFrom`), and bubbles up the callee's revert.
 */
contract MockReentrantERC20 is MockERC20 {
    address private _target;
    bytes private _data;

    constructor() MockERC20("Reentrant Token", "REENTER") {}

    /// @notice Makes every later balance change call `target` with `data`; a zero `target` disarms the token.
    function arm(address target, bytes calldata data) external {
        _target = target;
        _data = data;
    }

    /// @dev Moves the balances, then makes the armed call.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target != address(0)) Address.functionCall(target, _data);
    }
}
