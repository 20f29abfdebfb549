// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessManagedUpgradeable} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagedUpgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {MulticallUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/MulticallUpgradeable.sol";
import {PausableUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/PausableUpgradeable.sol";

import {IGoverned} from "./IGoverned.sol";

/**
 * @title GovernedUpgradeable
 * @notice Shared base of every registry and of the transfer contract: managed by the one GovernmentAuthority,
 * UUPS-upgradeable by UPGRADER only (through the authority's execution delay), closable by a GUARDIAN, and able to
 * batch several of its own calls in one transaction (`multicall`, used by bulk registration).
 * @dev All state of the base lives in OpenZeppelin's ERC-7201 namespaces. Implementations are locked in the
 * constructor so that nobody can initialise them directly. `multicall` delegate-calls the contract itself, so every
 * inner call is checked by the authority for the original caller; it is not payable, so no inner call can reuse a
 * payment.
 */
abstract contract GovernedUpgradeable is
    Initializable,
    AccessManagedUpgradeable,
    PausableUpgradeable,
    MulticallUpgradeable,
    UUPSUpgradeable,
    IGoverned
{
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Initializer
    // -------------------------------------------------------------------------------------------------------------

    // solhint-disable-next-line func-name-mixedcase
    function __Governed_init(address initialAuthority) internal onlyInitializing {
        __AccessManaged_init(initialAuthority);
        __Pausable_init();
    }

    // -------------------------------------------------------------------------------------------------------------
    // External
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function pause() external restricted {
        _pause();
    }

    /// @inheritdoc IGoverned
    function unpause() external restricted {
        _unpause();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev Upgrades go through the authority: UPGRADER only, after the role's execution delay.
     */
    function _authorizeUpgrade(address) internal override restricted {} // solhint-disable-line no-empty-blocks
}
