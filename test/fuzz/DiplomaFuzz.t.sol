// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IDiplomaRegistry} from "../../contracts/diploma/IDiplomaRegistry.sol";
import {Cheats} from "../helpers/Cheats.sol";
import {SuiteDeployer} from "../helpers/SuiteDeployer.sol";

/**
 * @title DiplomaFuzzTest
 * @notice Properties of verification that must hold for any input: nothing that was not issued verifies, whatever
 * proof is offered, and a revoked diploma stays revoked whatever happens to its institution afterwards.
 */
contract DiplomaFuzzTest is Cheats, SuiteDeployer {
    address internal constant ACCREDITING = address(uint160(uint256(keccak256("egov accreditor"))));
    address internal constant ISSUER = address(uint160(uint256(keccak256("egov diploma issuer"))));

    bytes32 internal root;
    bytes32[4] internal documents;
    bytes32[4] internal commitments;

    function setUp() public {
        _deploySuite();
        authority.grantRole(ACCREDITOR, ACCREDITING, 0);
        authority.grantRole(DIPLOMA_ISSUER, ISSUER, 0);
        vm.warp(1_700_000_000);
        vm.prank(ACCREDITING);
        uint32 institutionId = diplomas.registerInstitution("University of Utopia", "UT", keccak256("accreditation"));
        vm.prank(ACCREDITING);
        diplomas.bindIssuer(ISSUER, institutionId);

        bytes32[4] memory leaves;
        for (uint256 i = 0; i < 4; ++i) {
            documents[i] = keccak256(abi.encode("diploma document", i));
            commitments[i] = keccak256(abi.encode("salted holder commitment", i));
            leaves[i] = keccak256(bytes.concat(keccak256(abi.encode(documents[i], commitments[i]))));
        }
        root = _pair(_pair(leaves[0], leaves[1]), _pair(leaves[2], leaves[3]));
        vm.prank(ISSUER);
        diplomas.issueBatch(root, 4);
    }

    /// @notice A leaf that is not in the class never verifies inside it, whatever proof comes with it.
    function testFuzz_aRandomProofNeverVerifiesAsValid(
        bytes32 documentHash,
        bytes32 holderCommitment,
        bytes32[] calldata proof
    ) public view {
        for (uint256 i = 0; i < 4; ++i) {
            vm.assume(documentHash != documents[i] || holderCommitment != commitments[i]);
        }
        IDiplomaRegistry.Verification memory v = diplomas.verifyInBatch(1, root, documentHash, holderCommitment, proof);
        _unknown(v);
    }

    /// @notice Under a root that was never issued, not even a diploma of an issued class verifies.
    function testFuzz_anUnissuedRootNeverVerifies(
        bytes32 otherRoot,
        uint8 index,
        bytes32[] calldata proof
    ) public view {
        vm.assume(otherRoot != root);
        uint256 i = index % 4;
        _unknown(diplomas.verifyInBatch(1, otherRoot, documents[i], commitments[i], proof));
    }

    /// @notice A document hash that was never issued alone verifies as unknown, with every field empty.
    function testFuzz_anUnissuedDocumentIsUnknown(bytes32 documentHash) public view {
        _unknown(diplomas.verify(1, documentHash));
    }

    /// @notice A revoked diploma stays revoked, with its reason, through time, suspension and reinstatement.
    function testFuzz_aRevokedDiplomaNeverVerifiesAsValidAgain(
        bytes32 documentHash,
        uint16 reason,
        uint32 later,
        bool reinstate
    ) public {
        vm.assume(documentHash != bytes32(0));
        vm.prank(ISSUER);
        diplomas.issue(
            IDiplomaRegistry.DiplomaData({
                documentHash: documentHash,
                holderCommitment: keccak256("salted holder"),
                holderWallet: address(0),
                programmeCode: bytes32("MSC-CS"),
                awardedAt: uint40(block.timestamp)
            })
        );
        vm.prank(ISSUER);
        diplomas.revoke(documentHash, reason);
        uint256 revokedAt = block.timestamp;
        vm.warp(block.timestamp + later);
        vm.prank(ACCREDITING);
        diplomas.suspendInstitution(1, keccak256("suspension"));
        if (reinstate) {
            vm.prank(ACCREDITING);
            diplomas.reinstateInstitution(1, keccak256("new accreditation"));
        }
        IDiplomaRegistry.Verification memory v = diplomas.verify(1, documentHash);
        require(v.status == IDiplomaRegistry.DiplomaStatus.Revoked, "a revoked diploma is not revoked");
        require(v.revokedAt == revokedAt && v.revocationReason == reason, "revocation time or reason");
        require(v.accreditedAtIssuance, "issued while accredited");
    }

    function _unknown(IDiplomaRegistry.Verification memory v) internal pure {
        require(v.status == IDiplomaRegistry.DiplomaStatus.Unknown, "something that was not issued verifies");
        require(
            v.institutionId == 0 &&
                v.issuer == address(0) &&
                v.issuedAt == 0 &&
                !v.accreditedAtIssuance &&
                v.revokedAt == 0 &&
                v.revocationReason == 0 &&
                v.supersededBy == bytes32(0),
            "an unknown diploma carries details"
        );
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}
