// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/**
 * @title MockERC1271Wallet
 * @notice A contract account (a smart wallet or a multisig's stand-in) whose signature is its keeper's ECDSA signature,
 * checked through ERC-1271. Test-only.
 */
contract MockERC1271Wallet is IERC1271 {
    address private immutable _keeper;

    /// @param keeper The key whose signatures the wallet accepts as its own.
    constructor(address keeper) {
        _keeper = keeper;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return error == ECDSA.RecoverError.NoError && signer == _keeper ? this.isValidSignature.selector : bytes4(0);
    }
}
