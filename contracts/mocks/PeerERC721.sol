// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/**
 * @title PeerERC721
 * @notice A plain OpenZeppelin ERC-721 that anyone can mint into, measured beside the land register by the gas
 * benchmark (`npm run bench`) as the cost of the most common on-chain record of ownership.
 */
contract PeerERC721 is ERC721 {
    constructor() ERC721("Peer ERC-721", "PEER") {}

    /**
     * @notice Creates token `tokenId` for `to`. Unrestricted: for the benchmark only.
     * @dev Emits an {IERC721-Transfer} event.
     */
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
