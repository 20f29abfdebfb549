// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {MockERC20} from "./MockERC20.sol";

/**
 * @title MockFailingERC20
 * @notice A test token whose `transfer` and `transferFrom` can be switched to return false or to revert.
 */
contract MockFailingERC20 is MockERC20 {
    /// @notice How transfers fail.
    enum Failure {
        None, // transfers work
        ReturnFalse, // transfers move nothing and return false
        Revert // transfers revert with {MockFailingERC20TransferRefused}
    }

    /// @notice Transfers are switched to revert.
    error MockFailingERC20TransferRefused();

    Failure private _failure;

    constructor() MockERC20("Failing Token", "FAIL") {}

    /// @notice Switches how the following transfers fail.
    function setFailure(Failure failure) external {
        _failure = failure;
    }

    /// @notice Moves `value` tokens to `to`, unless transfers are switched to fail.
    function transfer(address to, uint256 value) public override returns (bool) {
        return _fails() ? false : super.transfer(to, value);
    }

    /// @notice Moves `value` tokens from `from` to `to` against an allowance, unless transfers are switched to fail.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        return _fails() ? false : super.transferFrom(from, to, value);
    }

    /// @dev Reverts in `Revert` mode; tells whether the transfer must return false otherwise.
    function _fails() private view returns (bool) {
        if (_failure == Failure.Revert) revert MockFailingERC20TransferRefused();
        return _failure == Failure.ReturnFalse;
    }
}
