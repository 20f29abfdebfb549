// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {IDiplomaRegistry} from "../../contracts/diploma/IDiplomaRegistry.sol";
import {Cheats} from "../helpers/Cheats.sol";
import {SuiteDeployer} from "../helpers/SuiteDeployer.sol";

/**
 * @title DiplomaHandler
 * @notice The invariant fuzzer's entry points into the diploma register: institutions registered, suspended and
 * reinstated, issuers bound and unbound, diplomas issued alone or in Merkle batches, revoked by their institution or
 * by the accreditor (one at a time or many of a batch in one call), and reissued. Like {LandHandler}, each action
 * predicts its outcome from a model of the rules and records any difference; the model keeps every diploma ever
 * issued, with its status index and proof when it is inside a batch.
 */
contract DiplomaHandler is Cheats, SuiteDeployer {
    using Strings for uint256;

    uint256 internal constant ISSUERS = 4;
    uint256 internal constant MAX_INSTITUTIONS = 3;
    uint256 internal constant MAX_DIPLOMAS = 60;
    uint256 internal constant NOT_FOUND = type(uint256).max;

    address internal constant ACCREDITING = address(uint160(uint256(keccak256("egov accreditor"))));
    address internal constant GUARD = address(uint160(uint256(keccak256("egov guardian"))));

    /// @dev A diploma issued alone (`root` zero) or inside a batch (with its status index and proof).
    struct DiplomaModel {
        bytes32 root;
        bytes32 documentHash;
        bytes32 holderCommitment;
        uint32 statusIndex;
        bytes32[] proof;
        uint32 institutionId;
        address issuer;
        uint40 issuedAt;
        uint40 revokedAt;
        uint16 reason;
        bytes32 supersededBy;
    }

    uint256 public clock = 1_700_000_000;
    bool public paused;
    uint256 public mismatches;
    string public firstMismatch;

    address[ISSUERS] internal _issuers;
    IDiplomaRegistry.InstitutionStatus[] internal _institutions; // index = id - 1
    mapping(address issuer => uint32 institutionId) internal _bindings;
    DiplomaModel[] internal _diplomas;
    uint256 internal _nonce;

    constructor() {
        _deploySuite();
        authority.grantRole(ACCREDITOR, ACCREDITING, 0);
        authority.grantRole(GUARDIAN, GUARD, 0);
        for (uint256 i = 0; i < ISSUERS; ++i) {
            _issuers[i] = address(uint160(uint256(keccak256(abi.encode("egov diploma issuer", i)))));
            authority.grantRole(DIPLOMA_ISSUER, _issuers[i], 0);
        }
        // Start with one accredited institution and one issuer, so that most runs issue from their first calls.
        registerInstitution(0);
        bindIssuer(0, 0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: accreditor
    // -------------------------------------------------------------------------------------------------------------

    function registerInstitution(uint256 seed) public {
        _sync();
        if (_institutions.length == MAX_INSTITUTIONS) return;
        string memory name = string.concat("University ", (seed % 1000).toString());
        vm.prank(ACCREDITING);
        try diplomas.registerInstitution(name, "FR", keccak256(abi.encode("accreditation", seed))) returns (uint32 id) {
            _expect(!paused, "registerInstitution");
            if (id != _institutions.length + 1) _mismatch("registerInstitution: id");
            _institutions.push(IDiplomaRegistry.InstitutionStatus.Accredited);
        } catch (bytes memory err) {
            _unexpectedRevert(!paused, "registerInstitution", err);
        }
    }

    function suspendInstitution(uint256 institutionSeed) external {
        _sync();
        uint32 id = _institution(institutionSeed);
        bool expected = !paused && _institutions[id - 1] == IDiplomaRegistry.InstitutionStatus.Accredited;
        vm.prank(ACCREDITING);
        try diplomas.suspendInstitution(id, keccak256(abi.encode("suspension", clock))) {
            _expect(expected, "suspendInstitution");
            _institutions[id - 1] = IDiplomaRegistry.InstitutionStatus.Suspended;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "suspendInstitution", err);
        }
    }

    function reinstateInstitution(uint256 institutionSeed) external {
        _sync();
        uint32 id = _institution(institutionSeed);
        bool expected = !paused && _institutions[id - 1] == IDiplomaRegistry.InstitutionStatus.Suspended;
        vm.prank(ACCREDITING);
        try diplomas.reinstateInstitution(id, keccak256(abi.encode("reinstatement", clock))) {
            _expect(expected, "reinstateInstitution");
            _institutions[id - 1] = IDiplomaRegistry.InstitutionStatus.Accredited;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "reinstateInstitution", err);
        }
    }

    function bindIssuer(uint256 issuerSeed, uint256 institutionSeed) public {
        _sync();
        address issuer = _issuers[issuerSeed % ISSUERS];
        uint32 id = _institution(institutionSeed);
        bool expected = !paused && _bindings[issuer] == 0;
        vm.prank(ACCREDITING);
        try diplomas.bindIssuer(issuer, id) {
            _expect(expected, "bindIssuer");
            _bindings[issuer] = id;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "bindIssuer", err);
        }
    }

    function unbindIssuer(uint256 issuerSeed) external {
        _sync();
        address issuer = _issuers[issuerSeed % ISSUERS];
        bool expected = !paused && _bindings[issuer] != 0;
        vm.prank(ACCREDITING);
        try diplomas.unbindIssuer(issuer) {
            _expect(expected, "unbindIssuer");
            _bindings[issuer] = 0;
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "unbindIssuer", err);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: issuers
    // -------------------------------------------------------------------------------------------------------------

    function issue(uint256 issuerSeed, uint256 holderSeed, uint256 age) external {
        _sync();
        if (_diplomas.length >= MAX_DIPLOMAS) return;
        address issuer = _issuers[issuerSeed % ISSUERS];
        IDiplomaRegistry.DiplomaData memory data = _newDiploma(holderSeed, age);
        bool expected = !paused && _canIssue(issuer);
        vm.prank(issuer);
        try diplomas.issue(data) {
            _expect(expected, "issue");
            _recordSingle(data, issuer);
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "issue", err);
        }
    }

    /// @dev Issues a class of `size` % 4 + 1 diplomas under a Merkle root built here with sorted-pair hashing.
    function issueBatch(uint256 issuerSeed, uint8 size) external {
        _sync();
        uint256 n = (size % 4) + 1;
        if (_diplomas.length + n > MAX_DIPLOMAS) return;
        address issuer = _issuers[issuerSeed % ISSUERS];
        bytes32[] memory documents = new bytes32[](n);
        bytes32[] memory commitments = new bytes32[](n);
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; ++i) {
            documents[i] = keccak256(abi.encode("batch diploma", ++_nonce));
            commitments[i] = keccak256(abi.encode("salted holder", _nonce));
            leaves[i] = keccak256(bytes.concat(keccak256(abi.encode(documents[i], commitments[i], uint32(i)))));
        }
        (bytes32 root, bytes32[][] memory proofs) = _tree(leaves);
        bool expected = !paused && _canIssue(issuer);
        vm.prank(issuer);
        try diplomas.issueBatch(root, uint32(n)) {
            _expect(expected, "issueBatch");
            for (uint256 i = 0; i < n; ++i) {
                _diplomas.push(
                    DiplomaModel({
                        root: root,
                        documentHash: documents[i],
                        holderCommitment: commitments[i],
                        statusIndex: uint32(i),
                        proof: proofs[i],
                        institutionId: _bindings[issuer],
                        issuer: issuer,
                        issuedAt: uint40(clock),
                        revokedAt: 0,
                        reason: 0,
                        supersededBy: bytes32(0)
                    })
                );
            }
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "issueBatch", err);
        }
    }

    /**
     * @dev Revokes a diploma (alone or in a batch) as an issuer of its institution, another issuer or the accreditor.
     * An issuer's revocation looks the diploma up under the issuer's own institution: another institution's issuer
     * revokes only its own copy of the same document or root, if it has one.
     */
    function revoke(uint256 diplomaSeed, uint256 callerSeed, uint16 reason) external {
        _sync();
        if (_diplomas.length == 0) return;
        DiplomaModel storage picked = _diplomas[diplomaSeed % _diplomas.length];
        bool asAccreditor = callerSeed % 4 == 0;
        address caller = asAccreditor ? ACCREDITING : _issuerFor(picked.institutionId, callerSeed);
        uint256 k =
            asAccreditor ? diplomaSeed % _diplomas.length : _find(_bindings[caller], picked.root, picked.documentHash);
        bool expected = !paused && k != NOT_FOUND && _diplomas[k].revokedAt == 0;
        DiplomaModel storage d = picked;
        bytes memory call;
        if (d.root == bytes32(0)) {
            call =
                asAccreditor
                    ? abi.encodeCall(IDiplomaRegistry.revokeAsAccreditor, (d.institutionId, d.documentHash, reason))
                    : abi.encodeCall(IDiplomaRegistry.revoke, (d.documentHash, reason));
        } else {
            call =
                asAccreditor
                    ? abi.encodeCall(
                        IDiplomaRegistry.revokeInBatchAsAccreditor,
                        (d.institutionId, d.root, _batchDiploma(d), reason)
                    )
                    : abi.encodeCall(IDiplomaRegistry.revokeInBatch, (d.root, _batchDiploma(d), reason));
        }
        vm.prank(caller);
        (bool ok, bytes memory err) = address(diplomas).call(call);
        if (!ok) {
            _unexpectedRevert(expected, "revoke", err);
            return;
        }
        _expect(expected, "revoke");
        _diplomas[k].revokedAt = uint40(clock);
        _diplomas[k].reason = reason;
    }

    /**
     * @dev Revokes up to three diplomas of one batch in one call, as an issuer (of the batch's institution or another)
     * or the accreditor; one time in four the list names a diploma twice, which must be refused as a whole. The call
     * succeeds only when the caller's institution holds the batch and none of the named diplomas is revoked yet.
     */
    function revokeMany(uint256 diplomaSeed, uint256 callerSeed, uint8 size, uint16 reason) external {
        _sync();
        if (_diplomas.length == 0) return;
        DiplomaModel storage first = _diplomas[diplomaSeed % _diplomas.length];
        if (first.root == bytes32(0)) return;
        bool asAccreditor = callerSeed % 4 == 0;
        address caller = asAccreditor ? ACCREDITING : _issuerFor(first.institutionId, callerSeed);
        uint32 institutionId = asAccreditor ? first.institutionId : _bindings[caller];
        // The diplomas of the same batch as held by `institutionId`, from `first` on.
        uint256[] memory picked = new uint256[](3);
        uint256 n;
        for (uint256 i = 0; i < _diplomas.length && n < (size % 3) + 1; ++i) {
            DiplomaModel storage d = _diplomas[(diplomaSeed + i) % _diplomas.length];
            if (d.root == first.root && d.institutionId == first.institutionId)
                picked[n++] = (diplomaSeed + i) % _diplomas.length;
        }
        bool twice = size % 4 == 3;
        uint256 listed = twice ? n + 1 : n;
        IDiplomaRegistry.BatchDiploma[] memory list = new IDiplomaRegistry.BatchDiploma[](listed);
        bool expected = !paused && !twice;
        uint256[] memory held = new uint256[](n);
        for (uint256 j = 0; j < n; ++j) {
            list[j] = _batchDiploma(_diplomas[picked[j]]);
            held[j] = _find(institutionId, first.root, _diplomas[picked[j]].documentHash);
            if (held[j] == NOT_FOUND || _diplomas[held[j]].revokedAt != 0) expected = false;
        }
        if (twice) list[n] = list[0];
        bytes memory call =
            asAccreditor
                ? abi.encodeCall(
                    IDiplomaRegistry.revokeManyInBatchAsAccreditor,
                    (institutionId, first.root, list, reason)
                )
                : abi.encodeCall(IDiplomaRegistry.revokeManyInBatch, (first.root, list, reason));
        vm.prank(caller);
        (bool ok, bytes memory err) = address(diplomas).call(call);
        if (!ok) {
            _unexpectedRevert(expected, "revokeMany", err);
            return;
        }
        _expect(expected, "revokeMany");
        for (uint256 j = 0; j < n; ++j) {
            _diplomas[held[j]].revokedAt = uint40(clock);
            _diplomas[held[j]].reason = reason;
        }
    }

    /**
     * @dev Replaces a diploma (alone or in a batch) by a corrected one issued alone; one time in five, tries to
     * replace it by itself, which must be refused.
     */
    function reissue(uint256 diplomaSeed, uint256 callerSeed, uint16 reason, uint256 age) external {
        _sync();
        if (_diplomas.length == 0 || _diplomas.length >= MAX_DIPLOMAS) return;
        DiplomaModel storage d = _diplomas[diplomaSeed % _diplomas.length];
        address caller = _issuerFor(d.institutionId, callerSeed);
        IDiplomaRegistry.DiplomaData memory data = _newDiploma(callerSeed, age);
        bool itself = age % 5 == 0;
        if (itself) data.documentHash = d.documentHash;
        uint256 k = _find(_bindings[caller], d.root, d.documentHash);
        bool expected = !paused && !itself && k != NOT_FOUND && _diplomas[k].revokedAt == 0 && _canIssue(caller);
        bytes memory call =
            d.root == bytes32(0)
                ? abi.encodeCall(IDiplomaRegistry.reissue, (d.documentHash, reason, data))
                : abi.encodeCall(IDiplomaRegistry.reissueFromBatch, (d.root, _batchDiploma(d), reason, data));
        vm.prank(caller);
        (bool ok, bytes memory err) = address(diplomas).call(call);
        if (!ok) {
            _unexpectedRevert(expected, "reissue", err);
            return;
        }
        _expect(expected, "reissue");
        _diplomas[k].revokedAt = uint40(clock);
        _diplomas[k].reason = reason;
        _diplomas[k].supersededBy = data.documentHash;
        _recordSingle(data, caller);
    }

    /**
     * @dev The front-running attack: an issuer (of any institution) issues the document hash or the batch root of a
     * diploma already issued, as if copied from a pending transaction. It lands under the copier's own institution
     * (or is refused as a duplicate there) and changes nothing of the original's record.
     */
    function copyIssue(uint256 diplomaSeed, uint256 issuerSeed) external {
        _sync();
        if (_diplomas.length == 0 || _diplomas.length + 4 > MAX_DIPLOMAS) return;
        DiplomaModel memory original = _diplomas[diplomaSeed % _diplomas.length];
        address issuer = _issuers[issuerSeed % ISSUERS];
        uint32 copier = _bindings[issuer];
        bool expected =
            !paused && _canIssue(issuer) && _find(copier, original.root, original.documentHash) == NOT_FOUND;
        vm.prank(issuer);
        if (original.root == bytes32(0)) {
            IDiplomaRegistry.DiplomaData memory data = _newDiploma(issuerSeed, 0);
            data.documentHash = original.documentHash;
            try diplomas.issue(data) {
                _expect(expected, "copyIssue");
                _recordSingle(data, issuer);
            } catch (bytes memory err) {
                _unexpectedRevert(expected, "copyIssue", err);
            }
            return;
        }
        try diplomas.issueBatch(original.root, 1) {
            _expect(expected, "copyIssueBatch");
            uint256 count = _diplomas.length;
            for (uint256 i = 0; i < count; ++i) {
                DiplomaModel memory leaf = _diplomas[i];
                if (leaf.root != original.root || leaf.institutionId != original.institutionId) continue;
                leaf.institutionId = copier;
                leaf.issuer = issuer;
                leaf.issuedAt = uint40(clock);
                leaf.revokedAt = 0;
                leaf.reason = 0;
                leaf.supersededBy = bytes32(0);
                _diplomas.push(leaf);
            }
        } catch (bytes memory err) {
            _unexpectedRevert(expected, "copyIssueBatch", err);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Actions: emergency stop and time
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Reopens the paused registry (ADMIN); pauses it (GUARDIAN) one time in four.
    function togglePause(uint8 seed) external {
        _sync();
        if (paused) {
            diplomas.unpause();
        } else {
            if (seed % 4 != 0) return;
            vm.prank(GUARD);
            diplomas.pause();
        }
        paused = !paused;
    }

    function warp(uint256 seconds_) external {
        clock += _bound(seconds_, 1, 30 days);
        _sync();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Reads for the invariant test
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The functions the fuzzer calls.
    function actions() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](13);
        selectors[0] = this.registerInstitution.selector;
        selectors[1] = this.suspendInstitution.selector;
        selectors[2] = this.reinstateInstitution.selector;
        selectors[3] = this.bindIssuer.selector;
        selectors[4] = this.unbindIssuer.selector;
        selectors[5] = this.issue.selector;
        selectors[6] = this.issueBatch.selector;
        selectors[7] = this.revoke.selector;
        selectors[8] = this.reissue.selector;
        selectors[9] = this.togglePause.selector;
        selectors[10] = this.warp.selector;
        selectors[11] = this.copyIssue.selector;
        selectors[12] = this.revokeMany.selector;
    }

    function registry() external view returns (address) {
        return address(diplomas);
    }

    function issuers() external view returns (address[] memory list) {
        list = new address[](ISSUERS);
        for (uint256 i = 0; i < ISSUERS; ++i) list[i] = _issuers[i];
    }

    function institutionStatuses() external view returns (IDiplomaRegistry.InstitutionStatus[] memory) {
        return _institutions;
    }

    function bindingOf(address issuer) external view returns (uint32) {
        return _bindings[issuer];
    }

    function diplomaCount() external view returns (uint256) {
        return _diplomas.length;
    }

    function diplomaModel(uint256 index) external view returns (DiplomaModel memory) {
        return _diplomas[index];
    }

    /// @notice The issuer of the diploma `institutionId` holds under `root` and `documentHash`, or zero if none.
    function bindingAtIssue(uint32 institutionId, bytes32 root, bytes32 documentHash) external view returns (address) {
        uint256 k = _find(institutionId, root, documentHash);
        return k == NOT_FOUND ? address(0) : _diplomas[k].issuer;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Model and helpers
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @dev The model of the diploma that `institutionId` holds under `root` (zero: issued alone) and `documentHash`,
     * or {NOT_FOUND}. A copied batch is modelled with every leaf of the original, so a root is held with all its leaves.
     */
    function _find(uint32 institutionId, bytes32 root, bytes32 documentHash) internal view returns (uint256) {
        if (institutionId == 0) return NOT_FOUND;
        for (uint256 i = 0; i < _diplomas.length; ++i) {
            DiplomaModel storage d = _diplomas[i];
            if (d.institutionId == institutionId && d.root == root && d.documentHash == documentHash) return i;
        }
        return NOT_FOUND;
    }

    /// @dev The modelled batch diploma as the registry takes it.
    function _batchDiploma(DiplomaModel storage d) internal view returns (IDiplomaRegistry.BatchDiploma memory) {
        return
            IDiplomaRegistry.BatchDiploma({
                documentHash: d.documentHash,
                holderCommitment: d.holderCommitment,
                statusIndex: d.statusIndex,
                proof: d.proof
            });
    }

    function _canIssue(address issuer) internal view returns (bool) {
        uint32 id = _bindings[issuer];
        return id != 0 && _institutions[id - 1] == IDiplomaRegistry.InstitutionStatus.Accredited;
    }

    /// @dev Three times in four an issuer bound to `institutionId` when there is one; otherwise any issuer.
    function _issuerFor(uint32 institutionId, uint256 seed) internal view returns (address) {
        if (seed % 4 != 3) {
            for (uint256 i = 0; i < ISSUERS; ++i) {
                address issuer = _issuers[(seed + i) % ISSUERS];
                if (_bindings[issuer] == institutionId) return issuer;
            }
        }
        return _issuers[seed % ISSUERS];
    }

    function _institution(uint256 seed) internal view returns (uint32) {
        return uint32((seed % _institutions.length) + 1);
    }

    function _newDiploma(uint256 holderSeed, uint256 age) internal returns (IDiplomaRegistry.DiplomaData memory) {
        ++_nonce;
        return
            IDiplomaRegistry.DiplomaData({
                documentHash: keccak256(abi.encode("diploma", _nonce)),
                holderCommitment: keccak256(abi.encode("salted holder", _nonce)),
                holderWallet: address(uint160(holderSeed)),
                programmeCode: bytes32("MSC-CS"),
                awardedAt: uint40(clock - _bound(age, 0, 3650 days))
            });
    }

    function _recordSingle(IDiplomaRegistry.DiplomaData memory data, address issuer) internal {
        _diplomas.push(
            DiplomaModel({
                root: bytes32(0),
                documentHash: data.documentHash,
                holderCommitment: data.holderCommitment,
                statusIndex: 0,
                proof: new bytes32[](0),
                institutionId: _bindings[issuer],
                issuer: issuer,
                issuedAt: uint40(clock),
                revokedAt: 0,
                reason: 0,
                supersededBy: bytes32(0)
            })
        );
    }

    /// @dev The root and proofs of a tree of one to four leaves, with sorted-pair hashing.
    function _tree(bytes32[] memory leaves) internal pure returns (bytes32 root, bytes32[][] memory proofs) {
        uint256 n = leaves.length;
        proofs = new bytes32[][](n);
        if (n == 1) return (leaves[0], proofs);
        bytes32 left = _pair(leaves[0], leaves[1]);
        if (n == 2) {
            proofs[0] = _one(leaves[1]);
            proofs[1] = _one(leaves[0]);
            return (left, proofs);
        }
        bytes32 right = n == 3 ? leaves[2] : _pair(leaves[2], leaves[3]);
        proofs[0] = _two(leaves[1], right);
        proofs[1] = _two(leaves[0], right);
        if (n == 3) {
            proofs[2] = _one(left);
        } else {
            proofs[2] = _two(leaves[3], left);
            proofs[3] = _two(leaves[2], left);
        }
        root = _pair(left, right);
    }

    function _pair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _one(bytes32 a) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](1);
        proof[0] = a;
    }

    function _two(bytes32 a, bytes32 b) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](2);
        proof[0] = a;
        proof[1] = b;
    }

    function _sync() internal {
        vm.warp(clock);
    }

    function _expect(bool expected, string memory action) internal {
        if (!expected) _mismatch(string.concat(action, ": succeeded, the rules say it must revert"));
    }

    function _unexpectedRevert(bool expected, string memory action, bytes memory err) internal {
        if (expected) {
            uint256 selector = err.length >= 4 ? uint256(uint32(bytes4(err))) : 0;
            _mismatch(
                string.concat(action, ": reverted with ", selector.toHexString(4), ", the rules say it succeeds")
            );
        }
    }

    function _mismatch(string memory what) internal {
        ++mismatches;
        if (bytes(firstMismatch).length == 0) firstMismatch = what;
    }
}
