// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessManager} from "@openzeppelin/contracts/access/manager/AccessManager.sol";

/**
 * @title GovernmentAuthority
 * @notice The one place that says who may call which function of which contract of the suite: roles, execution
 * delays, guardians and closing a whole contract. An unmodified OpenZeppelin AccessManager.
 * @dev Role ids, labels and the function-to-role wiring are kept in `src/roles.ts` and `src/wiring.ts`, used alike by
 * the tests, the demo and the deployment modules. The initial admin should be a multisig or a timelock.
 */
contract GovernmentAuthority is AccessManager {
    constructor(address initialAdmin) AccessManager(initialAdmin) {}

    /// @notice The semantic version of this contract.
    function version() external pure returns (string memory) {
        return "1.0.0";
    }
}
