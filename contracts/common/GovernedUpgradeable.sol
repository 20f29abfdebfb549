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
 * @dev The authority's address and the pause flag share one slot of the base's own ERC-7201 namespace
 * (`egov.storage.Governed`), so that a write that is both `restricted` and `whenNotPaused` reads one cold slot for
 * both checks instead of one in each of OpenZeppelin's namespaces (measured: 2,000 gas less per such write). The
 * OpenZeppelin logic stays in charge: {restricted}, {setAuthority} and the scheduled-operation handshake come from
 * `AccessManagedUpgradeable`, the modifiers, events and errors from `PausableUpgradeable`; only where the two values
 * are kept is overridden ({authority}, {_setAuthority}, {paused}, {_pause}, {_unpause}). OpenZeppelin's own slots for
 * them are never written. Implementations are locked in the constructor so that nobody can initialise them directly.
 * `multicall` delegate-calls the contract itself, so every inner call is checked by the authority for the original
 * caller; it is not payable, so no inner call can reuse a payment.
 */
abstract contract GovernedUpgradeable is
    Initializable,
    AccessManagedUpgradeable,
    PausableUpgradeable,
    MulticallUpgradeable,
    UUPSUpgradeable,
    IGoverned
{
    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @custom:storage-location erc7201:egov.storage.Governed
    struct GovernedStorage {
        address authority; // the GovernmentAuthority that decides every `restricted` call
        bool paused; // every write is closed until ADMIN unpauses
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.Governed")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _GOVERNED_STORAGE_SLOT =
        0x959364081130f9dad3d76772f9e9c327164386da98c984547b974745218f1f00;

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
    // Public
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc AccessManagedUpgradeable
    function authority() public view override returns (address) {
        return _governedStorage().authority;
    }

    /// @inheritdoc PausableUpgradeable
    function paused() public view override returns (bool) {
        return _governedStorage().paused;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Keeps the authority beside the pause flag. Emits an {IAccessManaged-AuthorityUpdated} event.
    function _setAuthority(address newAuthority) internal override {
        _governedStorage().authority = newAuthority;
        emit AuthorityUpdated(newAuthority);
    }

    /// @dev Sets the pause flag beside the authority. Emits a {PausableUpgradeable-Paused} event.
    function _pause() internal virtual override whenNotPaused {
        _governedStorage().paused = true;
        emit Paused(_msgSender());
    }

    /// @dev Clears the pause flag. Emits a {PausableUpgradeable-Unpaused} event.
    function _unpause() internal virtual override whenPaused {
        _governedStorage().paused = false;
        emit Unpaused(_msgSender());
    }

    /**
     * @dev Upgrades go through the authority: UPGRADER only, after the role's execution delay.
     */
    function _authorizeUpgrade(address) internal override restricted {} // solhint-disable-line no-empty-blocks

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    function _governedStorage() private pure returns (GovernedStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _GOVERNED_STORAGE_SLOT
        }
    }
}
