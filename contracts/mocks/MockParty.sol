// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/**
 * @title MockParty
 * @notice A contract account that takes part in a sale (as seller, buyer or payee) through {execute}, and that
 * misbehaves when paid in the native coin: it can refuse the payment, or call back into a contract from `receive`.
 */
contract MockParty {
    /// @notice What `receive` does with a payment.
    enum Mode {
        Accept, // keeps the payment
        Refuse, // reverts with {MockPartyPaymentRefused}
        Reenter // makes the armed call once, records its outcome, and keeps the payment
    }

    /// @notice The party refuses native-coin payments.
    error MockPartyPaymentRefused(uint256 amount);

    Mode private _mode;
    address private _target;
    bytes private _data;
    bool private _reentrySucceeded;
    bytes private _reentryReturnData;

    /// @notice Accepts or refuses the following payments; see {armReentry} for calling back.
    function setMode(Mode mode) external {
        _mode = mode;
    }

    /// @notice Makes the next payment call `target` with `data` from `receive`.
    function armReentry(address target, bytes calldata data) external {
        _mode = Mode.Reenter;
        _target = target;
        _data = data;
    }

    /// @notice Calls `target` with `data` and the value sent, as this party; bubbles up a revert.
    function execute(address target, bytes calldata data) external payable returns (bytes memory) {
        return Address.functionCallWithValue(target, data, msg.value);
    }

    /// @notice The outcome of the last call made from `receive`: whether it succeeded and what it returned or
    /// reverted with.
    function lastReentry() external view returns (bool succeeded, bytes memory returnData) {
        return (_reentrySucceeded, _reentryReturnData);
    }

    /// @dev Misbehaving on payment is what this mock is for, hence the complex `receive`.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        Mode mode = _mode;
        if (mode == Mode.Refuse) revert MockPartyPaymentRefused(msg.value);
        if (mode == Mode.Reenter) {
            _mode = Mode.Accept;
            // solhint-disable-next-line avoid-low-level-calls
            (bool succeeded, bytes memory returnData) = _target.call(_data);
            _reentrySucceeded = succeeded;
            _reentryReturnData = returnData;
        }
    }
}
