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
    bytes32[4] internal leaves;

    function setUp() public {
        _deploySuite();
        authority.grantRole(ACCREDITOR, ACCREDITING, 0);
        authority.grantRole(DIPLOMA_ISSUER, ISSUER, 0);
        vm.warp(1_700_000_000);
        vm.prank(ACCREDITING);
        uint32 institutionId = diplomas.registerInstitution("University of Utopia", "UT", keccak256("accreditation"));
        vm.prank(ACCREDITING);
        diplomas.bindIssuer(ISSUER, institutionId);

        for (uint256 i = 0; i < 4; ++i) {
            documents[i] = keccak256(abi.encode("diploma document", i));
            commitments[i] = keccak256(abi.encode("salted holder commitment", i));
            leaves[i] = keccak256(bytes.concat(keccak256(abi.encode(documents[i], commitments[i], uint32(i)))));
        }
        root = _pair(_pair(leaves[0], leaves[1]), _pair(leaves[2], leaves[3]));
        vm.prank(ISSUER);
        diplomas.issueBatch(root, 4);
    }

    /// @notice A leaf that is not in the class never verifies inside it, whatever proof comes with it.
    function testFuzz_aRandomProofNeverVerifiesAsValid(
        bytes32 documentHash,
        bytes32 holderCommitment,
        uint32 statusIndex,
        bytes32[] calldata proof
    ) public view {
        for (uint256 i = 0; i < 4; ++i) {
            vm.assume(documentHash != documents[i] || holderCommitment != commitments[i] || statusIndex != i);
        }
        _unknown(diplomas.verifyInBatch(1, root, _diploma(documentHash, holderCommitment, statusIndex, proof)));
    }

    /// @notice A diploma of the class with another status index than its own is not in the class: its proof fixes
    /// its bit, so nobody can point a verifier at a bit that is not set.
    function testFuzz_anotherStatusIndexNeverVerifies(uint8 index, uint32 statusIndex) public view {
        uint256 i = index % 4;
        vm.assume(statusIndex != i);
        _unknown(diplomas.verifyInBatch(1, root, _diploma(documents[i], commitments[i], statusIndex, _proofOf(i))));
    }

    /// @notice Revoking some diplomas of a class in one call sets exactly their bits: each of them verifies as
    /// revoked and every other diploma of the class as valid.
    function testFuzz_revokingManySetsExactlyTheirBits(uint8 chosen) public {
        uint256 count;
        for (uint256 i = 0; i < 4; ++i) if (chosen & (1 << i) != 0) ++count;
        vm.assume(count != 0);
        IDiplomaRegistry.BatchDiploma[] memory list = new IDiplomaRegistry.BatchDiploma[](count);
        uint256 n;
        for (uint256 i = 0; i < 4; ++i) {
            if (chosen & (1 << i) != 0) list[n++] = _diploma(documents[i], commitments[i], uint32(i), _proofOf(i));
        }
        vm.prank(ISSUER);
        diplomas.revokeManyInBatch(root, list, 7);
        for (uint256 i = 0; i < 4; ++i) {
            bool revoked = chosen & (1 << i) != 0;
            IDiplomaRegistry.Verification memory v = diplomas.verifyInBatch(
                1,
                root,
                _diploma(documents[i], commitments[i], uint32(i), _proofOf(i))
            );
            require(
                v.status == (revoked ? IDiplomaRegistry.DiplomaStatus.Revoked : IDiplomaRegistry.DiplomaStatus.Valid),
                "status"
            );
            require(diplomas.isRevokedInBatch(1, root, uint32(i)) == revoked, "bit");
        }
    }

    /// @notice Under a root that was never issued, not even a diploma of an issued class verifies.
    function testFuzz_anUnissuedRootNeverVerifies(
        bytes32 otherRoot,
        uint8 index,
        bytes32[] calldata proof
    ) public view {
        vm.assume(otherRoot != root);
        uint256 i = index % 4;
        _unknown(diplomas.verifyInBatch(1, otherRoot, _diploma(documents[i], commitments[i], uint32(i), proof)));
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

    /// @dev The proof of diploma `i` in the class of four: its neighbour's leaf, then the other pair's node.
    function _proofOf(uint256 i) internal view returns (bytes32[] memory proof) {
        proof = new bytes32[](2);
        proof[0] = leaves[i ^ 1];
        proof[1] = i < 2 ? _pair(leaves[2], leaves[3]) : _pair(leaves[0], leaves[1]);
    }

    function _diploma(
        bytes32 documentHash,
        bytes32 holderCommitment,
        uint32 statusIndex,
        bytes32[] memory proof
    ) internal pure returns (IDiplomaRegistry.BatchDiploma memory) {
        return
            IDiplomaRegistry.BatchDiploma({
                documentHash: documentHash,
                holderCommitment: holderCommitment,
                statusIndex: statusIndex,
                proof: proof
            });
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }
}
