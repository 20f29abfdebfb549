// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title IERC5192
 * @notice ERC-5192 "Minimal Soulbound NFTs": tells wallets and explorers that a token cannot be moved by its owner.
 * @dev The interface id is `0xb45a3c0e`.
 */
interface IERC5192 {
    /// @notice The token became locked.
    event Locked(uint256 tokenId);

    /// @notice The token became unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Whether the token is locked. Reverts for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}
