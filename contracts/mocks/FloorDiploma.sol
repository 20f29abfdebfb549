// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDiplomaRegistry} from "../diploma/IDiplomaRegistry.sol";

/**
 * @title FloorDiploma
 * @notice The least a diploma shaped like the registry's can cost: the same calldata (`issue(DiplomaData)`), the same
 * one-slot issuance record (issuer, institution, time) and the same {IDiplomaRegistry-DiplomaIssued} event, without
 * the registry's proxy, authority, institution binding or input checks; only the duplicate check that keeps a record
 * from being overwritten. The gas benchmark (`npm run bench`) measures it as a floor beside `DiplomaRegistry.issue`;
 * it is not part of the suite.
 */
contract FloorDiploma {
    /// @notice The institution every diploma of this floor is issued under.
    uint32 public constant INSTITUTION_ID = 1;

    /// @dev One slot per diploma, as in the registry: issuer (160 bits), institution (32), time issued (40).
    mapping(bytes32 documentHash => uint256 issuance) private _issuances;

    /// @notice The document `documentHash` was issued before.
    error FloorDiplomaDuplicateDocument(bytes32 documentHash);

    /**
     * @notice Issues one diploma. Unrestricted: for the benchmark only.
     * @dev Reverts with {FloorDiplomaDuplicateDocument} for a document issued before.
     *
     * Emits a {IDiplomaRegistry-DiplomaIssued} event.
     */
    function issue(IDiplomaRegistry.DiplomaData calldata diploma) external {
        bytes32 documentHash = diploma.documentHash;
        if (_issuances[documentHash] != 0) revert FloorDiplomaDuplicateDocument(documentHash);
        _issuances[documentHash] =
            uint256(uint160(msg.sender)) |
            (uint256(INSTITUTION_ID) << 160) |
            (uint256(block.timestamp) << 192);
        emit IDiplomaRegistry.DiplomaIssued(
            documentHash,
            INSTITUTION_ID,
            diploma.holderWallet,
            msg.sender,
            diploma.holderCommitment,
            diploma.programmeCode,
            diploma.awardedAt
        );
    }

    /**
     * @notice Who issued `documentHash`, under which institution and when (all zero: never issued).
     */
    function issuanceOf(
        bytes32 documentHash
    ) external view returns (address issuer, uint32 institutionId, uint40 issuedAt) {
        uint256 issuance = _issuances[documentHash];
        return (address(uint160(issuance)), uint32(issuance >> 160), uint40(issuance >> 192));
    }
}
