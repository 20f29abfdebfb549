// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {IDiplomaRegistry} from "../../contracts/diploma/IDiplomaRegistry.sol";
import {DiplomaHandler} from "./DiplomaHandler.sol";
import {Cheats, FuzzSelector} from "../helpers/Cheats.sol";

/**
 * @title DiplomaInvariantsTest
 * @notice What must hold at all times in the diploma register (DESIGN.md), checked after every call of random
 * sequences of accreditation changes, issuer bindings, issues alone and in batches, revocations, reissues and pauses
 * made through {DiplomaHandler}.
 */
contract DiplomaInvariantsTest is Cheats {
    using Strings for uint256;

    DiplomaHandler internal handler;
    IDiplomaRegistry internal diplomas;

    function setUp() public {
        handler = new DiplomaHandler();
        diplomas = IDiplomaRegistry(handler.registry());
    }

    /// @notice The fuzzer calls the handler only.
    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    /// @notice The fuzzer calls the handler's actions only, not its reads.
    function targetSelectors() public view returns (FuzzSelector[] memory targets) {
        targets = new FuzzSelector[](1);
        targets[0] = FuzzSelector({addr: address(handler), selectors: handler.actions()});
    }

    /**
     * @notice A revoked diploma never verifies as valid: every diploma revoked (alone, inside a batch, one at a time
     * or many in one call, or replaced by a corrected one) verifies as revoked with its successor, and one that
     * verifies as valid was never revoked. A diploma issued alone reads its revocation's time and reason from storage;
     * inside a batch the status list keeps only the diploma's bit, which is set exactly when the model revoked it.
     */
    function invariant_revokedDiplomaNeverVerifiesAsValid() public view {
        uint256 count = handler.diplomaCount();
        for (uint256 i = 0; i < count; ++i) {
            DiplomaHandler.DiplomaModel memory m = handler.diplomaModel(i);
            IDiplomaRegistry.Verification memory v = _verify(m);
            if (m.revokedAt != 0) {
                _check(v.status == IDiplomaRegistry.DiplomaStatus.Revoked, "a revoked diploma is not revoked", i);
            }
            if (v.status == IDiplomaRegistry.DiplomaStatus.Valid) {
                _check(m.revokedAt == 0, "a revoked diploma verifies as valid", i);
            }
            if (m.root == bytes32(0)) {
                _check(v.revokedAt == m.revokedAt && v.revocationReason == m.reason, "revocation time or reason", i);
            } else {
                _check(v.revokedAt == 0 && v.revocationReason == 0, "a batch revocation's time or reason stored", i);
                _check(
                    diplomas.isRevokedInBatch(m.institutionId, m.root, m.statusIndex) == (m.revokedAt != 0),
                    "status bit",
                    i
                );
            }
            _check(v.supersededBy == m.supersededBy, "superseding diploma", i);
        }
    }

    /**
     * @notice An issued diploma is never forgotten: every diploma ever issued verifies as valid or revoked, never
     * unknown, with the issuer, institution and time of its issue, and as accredited at issuance (issuing requires
     * an accredited institution, and a later suspension does not change that).
     */
    function invariant_issuedDiplomaIsNeverForgotten() public view {
        uint256 count = handler.diplomaCount();
        for (uint256 i = 0; i < count; ++i) {
            DiplomaHandler.DiplomaModel memory m = handler.diplomaModel(i);
            IDiplomaRegistry.Verification memory v = _verify(m);
            _check(v.status != IDiplomaRegistry.DiplomaStatus.Unknown, "an issued diploma is unknown", i);
            _check(v.issuer == m.issuer && v.institutionId == m.institutionId, "issuer or institution", i);
            _check(v.issuedAt == m.issuedAt, "issue time", i);
            _check(v.accreditedAtIssuance, "a diploma issued while accredited reads as not accredited", i);
        }
    }

    /**
     * @notice Institutions and issuer bindings read back as registered, suspended, reinstated, bound and unbound, and
     * the accreditation history agrees with each institution's standing.
     */
    function invariant_institutionsAndIssuersMatchTheModel() public view {
        IDiplomaRegistry.InstitutionStatus[] memory statuses = handler.institutionStatuses();
        address[] memory issuers = handler.issuers();
        _check(diplomas.institutionCount() == statuses.length, "institution count", statuses.length);
        for (uint256 i = 0; i < statuses.length; ++i) {
            uint32 id = uint32(i + 1);
            IDiplomaRegistry.Institution memory inst = diplomas.institution(id);
            _check(inst.status == statuses[i], "institution status", id);
            uint256 bound;
            for (uint256 k = 0; k < issuers.length; ++k) if (handler.bindingOf(issuers[k]) == id) ++bound;
            _check(inst.issuerCount == bound, "issuer count", id);
            // A suspension counts from the next second, so the next second tells the current standing.
            _check(
                diplomas.accreditedAt(id, uint48(block.timestamp + 1)) ==
                    (statuses[i] == IDiplomaRegistry.InstitutionStatus.Accredited),
                "accreditation history disagrees with the standing",
                id
            );
        }
        for (uint256 k = 0; k < issuers.length; ++k) {
            _check(diplomas.institutionOf(issuers[k]) == handler.bindingOf(issuers[k]), "issuer binding", k);
        }
    }

    /**
     * @notice A diploma or batch is held by the institution of the issuer that issued it, and nobody else: for every
     * institution and every document hash or root ever issued, what verification answers under that institution is
     * either unknown or a record that this institution's own issuer made (the model's record for that institution).
     */
    function invariant_recordsAreHeldByTheIssuersInstitutionOnly() public view {
        uint256 count = handler.diplomaCount();
        uint256 institutions = handler.institutionStatuses().length;
        for (uint256 i = 0; i < count; ++i) {
            DiplomaHandler.DiplomaModel memory m = handler.diplomaModel(i);
            for (uint32 id = 1; id <= institutions; ++id) {
                DiplomaHandler.DiplomaModel memory under = m;
                under.institutionId = id;
                IDiplomaRegistry.Verification memory v = _verify(under);
                if (v.status == IDiplomaRegistry.DiplomaStatus.Unknown) continue;
                _check(v.institutionId == id, "a record answers for another institution", i);
                _check(handler.bindingAtIssue(id, m.root, m.documentHash) == v.issuer, "held by a stranger", i);
            }
        }
    }

    /// @notice Every call the handler made succeeded or reverted exactly as the rules of DESIGN.md predict.
    function invariant_everyCallHadTheOutcomeTheRulesPredict() public view {
        require(handler.mismatches() == 0, handler.firstMismatch());
    }

    function _verify(DiplomaHandler.DiplomaModel memory m) private view returns (IDiplomaRegistry.Verification memory) {
        return
            m.root == bytes32(0)
                ? diplomas.verify(m.institutionId, m.documentHash)
                : diplomas.verifyInBatch(
                    m.institutionId,
                    m.root,
                    IDiplomaRegistry.BatchDiploma({
                        documentHash: m.documentHash,
                        holderCommitment: m.holderCommitment,
                        statusIndex: m.statusIndex,
                        proof: m.proof
                    })
                );
    }

    function _check(bool condition, string memory what, uint256 index) private pure {
        if (!condition) revert(string.concat(what, " (", index.toString(), ")"));
    }
}
