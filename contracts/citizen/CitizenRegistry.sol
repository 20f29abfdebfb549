// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernedUpgradeable} from "../common/GovernedUpgradeable.sol";
import {IGoverned} from "../common/IGoverned.sol";
import {Revert} from "../common/Revert.sol";
import {ICitizenRegistry} from "./ICitizenRegistry.sol";

/**
 * @title CitizenRegistry
 * @notice The register of citizens: salted commitments with a jurisdiction, a status that moves only along lawful
 * transitions, eligibility flags and a voting identity commitment. Holds no personal data.
 * @dev Each write touches the citizen's record, the register counters and, for commitments, one uniqueness entry
 * and the pending rotation; nothing grows with the register. Every change of the register takes the next sequence
 * number, carried by its event; a proposed rotation is not a change of the register until it is applied.
 */
contract CitizenRegistry is GovernedUpgradeable, ICitizenRegistry {
    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICitizenRegistry
    uint40 public constant ROTATION_NOTICE = 31 days;

    /// @dev The eligibility bits the register defines: adult (bit 0), resident (bit 1), national (bit 2).
    uint8 private constant _DEFINED_FLAGS = 0x07;

    /// @dev The BN254 scalar field: Semaphore identity commitments are elements of it.
    uint256 private constant _SNARK_SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @dev Bit `from * 8 + to` is set when a citizen may move from status `from` to status `to`.
    uint256 private constant _LAWFUL_TRANSITIONS =
        (1 << (uint256(CitizenStatus.Active) * 8 + uint256(CitizenStatus.Suspended))) |
            (1 << (uint256(CitizenStatus.Suspended) * 8 + uint256(CitizenStatus.Active))) |
            (1 << (uint256(CitizenStatus.Active) * 8 + uint256(CitizenStatus.MovedOut))) |
            (1 << (uint256(CitizenStatus.Suspended) * 8 + uint256(CitizenStatus.MovedOut))) |
            (1 << (uint256(CitizenStatus.MovedOut) * 8 + uint256(CitizenStatus.Active))) |
            (1 << (uint256(CitizenStatus.Active) * 8 + uint256(CitizenStatus.Deceased))) |
            (1 << (uint256(CitizenStatus.Suspended) * 8 + uint256(CitizenStatus.Deceased))) |
            (1 << (uint256(CitizenStatus.MovedOut) * 8 + uint256(CitizenStatus.Deceased)));

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev A stored citizen: kept apart from the ABI's {ICitizenRegistry-Citizen} so that either can change alone.
    struct CitizenRecord {
        uint32 index;
        uint32 jurisdiction;
        CitizenStatus status;
        uint8 flags;
        uint40 registeredAt;
        uint40 statusSince;
        uint64 lastSequence;
        uint256 votingCommitment;
    }

    /// @dev A proposed voting commitment waiting for its notice to pass.
    struct PendingRotation {
        uint256 commitment;
        uint40 effectiveAt;
        bytes32 basis;
    }

    /// @custom:storage-location erc7201:egov.storage.CitizenRegistry
    struct CitizenRegistryStorage {
        mapping(bytes32 citizenKey => CitizenRecord) citizens;
        mapping(uint256 index => bytes32 citizenKey) keys;
        mapping(uint256 commitment => bytes32 citizenKey) commitmentHolders;
        uint32 count;
        uint64 sequence;
        mapping(bytes32 citizenKey => PendingRotation) rotations;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.CitizenRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0xc45da65cc56bc828bd07541f87cb1aff11e876bd254ab706cd4dad85dbe75700;

    // -------------------------------------------------------------------------------------------------------------
    // Initializer
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Sets up the proxy.
     * @param initialAuthority The GovernmentAuthority.
     */
    function initialize(address initialAuthority) external initializer {
        __Governed_init(initialAuthority);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: civil registrar
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICitizenRegistry
    function registerCitizen(
        bytes32 citizenKey,
        uint32 jurisdiction,
        uint8 flags,
        uint256 votingCommitment,
        bytes32 basis
    ) external restricted whenNotPaused returns (uint64 sequence_) {
        if (citizenKey == bytes32(0)) revert CitizenRegistryEmptyCitizenKey();
        if (jurisdiction == 0) revert CitizenRegistryEmptyJurisdiction();
        if (basis == bytes32(0)) revert CitizenRegistryEmptyBasis();
        _requireDefinedFlags(flags);
        CitizenRegistryStorage storage $ = _storage();
        CitizenRecord storage c = $.citizens[citizenKey];
        if (c.status != CitizenStatus.None) revert CitizenRegistryDuplicateCitizen(citizenKey);
        _claimCommitment($, votingCommitment, citizenKey);

        uint32 index = $.count;
        $.count = index + 1;
        $.keys[index] = citizenKey;
        sequence_ = _nextSequence($);
        c.index = index;
        c.jurisdiction = jurisdiction;
        c.status = CitizenStatus.Active;
        c.flags = flags;
        c.registeredAt = uint40(block.timestamp);
        c.statusSince = uint40(block.timestamp);
        c.lastSequence = sequence_;
        c.votingCommitment = votingCommitment;

        emit CitizenRegistered(citizenKey, sequence_, index, jurisdiction, flags, votingCommitment, basis);
    }

    /// @inheritdoc ICitizenRegistry
    function changeStatus(
        bytes32 citizenKey,
        CitizenStatus status,
        bytes32 basis
    ) external restricted whenNotPaused returns (uint64 sequence_) {
        Revert.ifNotEmpty(_statusChangeError(citizenKey, status, basis));
        CitizenRegistryStorage storage $ = _storage();
        CitizenRecord storage c = $.citizens[citizenKey];
        CitizenStatus from = c.status;
        sequence_ = _nextSequence($);
        c.status = status;
        c.statusSince = uint40(block.timestamp);
        c.lastSequence = sequence_;
        emit CitizenStatusChanged(citizenKey, sequence_, from, status, basis);
    }

    /// @inheritdoc ICitizenRegistry
    function setEligibility(
        bytes32 citizenKey,
        uint8 flags,
        bytes32 basis
    ) external restricted whenNotPaused returns (uint64 sequence_) {
        if (basis == bytes32(0)) revert CitizenRegistryEmptyBasis();
        _requireDefinedFlags(flags);
        CitizenRegistryStorage storage $ = _storage();
        CitizenRecord storage c = _livingCitizen($, citizenKey);
        uint8 from = c.flags;
        sequence_ = _nextSequence($);
        c.flags = flags;
        c.lastSequence = sequence_;
        emit EligibilityChanged(citizenKey, sequence_, from, flags, basis);
    }

    /// @inheritdoc ICitizenRegistry
    function setVotingCommitment(
        bytes32 citizenKey,
        uint256 votingCommitment,
        bytes32 basis
    ) external restricted whenNotPaused returns (uint40 effectiveAt) {
        if (basis == bytes32(0)) revert CitizenRegistryEmptyBasis();
        CitizenRegistryStorage storage $ = _storage();
        CitizenRecord storage c = _livingCitizen($, citizenKey);
        _claimCommitment($, votingCommitment, citizenKey);
        effectiveAt = uint40(block.timestamp) + ROTATION_NOTICE;
        $.rotations[citizenKey] = PendingRotation(votingCommitment, effectiveAt, basis);
        emit VotingCommitmentProposed(citizenKey, c.votingCommitment, votingCommitment, effectiveAt, basis);
    }

    /// @inheritdoc ICitizenRegistry
    function cancelVotingCommitment(bytes32 citizenKey, bytes32 reason) external restricted {
        if (reason == bytes32(0)) revert CitizenRegistryEmptyBasis();
        CitizenRegistryStorage storage $ = _storage();
        uint256 commitment = $.rotations[citizenKey].commitment;
        if (commitment == 0) revert CitizenRegistryNoPendingRotation(citizenKey);
        delete $.rotations[citizenKey];
        emit VotingCommitmentRotationCancelled(citizenKey, commitment, reason);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: anyone
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICitizenRegistry
    function applyVotingCommitment(bytes32 citizenKey) external whenNotPaused returns (uint64 sequence_) {
        CitizenRegistryStorage storage $ = _storage();
        CitizenRecord storage c = _livingCitizen($, citizenKey);
        PendingRotation memory rotation = $.rotations[citizenKey];
        if (rotation.commitment == 0) revert CitizenRegistryNoPendingRotation(citizenKey);
        if (block.timestamp < rotation.effectiveAt) {
            revert CitizenRegistryRotationNotDue(citizenKey, rotation.effectiveAt);
        }
        delete $.rotations[citizenKey];
        uint256 from = c.votingCommitment;
        sequence_ = _nextSequence($);
        c.votingCommitment = rotation.commitment;
        c.lastSequence = sequence_;
        emit VotingCommitmentChanged(citizenKey, sequence_, from, rotation.commitment, rotation.basis);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: reads
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc ICitizenRegistry
    function citizen(bytes32 citizenKey) external view returns (Citizen memory) {
        CitizenRecord storage c = _storage().citizens[citizenKey];
        if (c.status == CitizenStatus.None) revert CitizenRegistryUnknownCitizen(citizenKey);
        return
            Citizen({
                index: c.index,
                jurisdiction: c.jurisdiction,
                status: c.status,
                flags: c.flags,
                registeredAt: c.registeredAt,
                statusSince: c.statusSince,
                lastSequence: c.lastSequence,
                votingCommitment: c.votingCommitment
            });
    }

    /// @inheritdoc ICitizenRegistry
    function pendingVotingCommitment(
        bytes32 citizenKey
    ) external view returns (uint256 commitment, uint40 effectiveAt) {
        PendingRotation storage rotation = _storage().rotations[citizenKey];
        return (rotation.commitment, rotation.effectiveAt);
    }

    /// @inheritdoc ICitizenRegistry
    function citizenKeyAt(uint256 index) external view returns (bytes32) {
        CitizenRegistryStorage storage $ = _storage();
        if (index >= $.count) revert CitizenRegistryIndexOutOfRange(index, $.count);
        return $.keys[index];
    }

    /// @inheritdoc ICitizenRegistry
    function citizenCount() external view returns (uint256) {
        return _storage().count;
    }

    /// @inheritdoc ICitizenRegistry
    function sequence() external view returns (uint64) {
        return _storage().sequence;
    }

    /// @inheritdoc ICitizenRegistry
    function commitmentHolder(uint256 commitment) external view returns (bytes32 citizenKey) {
        return _storage().commitmentHolders[commitment];
    }

    /// @inheritdoc ICitizenRegistry
    function checkStatusChange(
        bytes32 citizenKey,
        CitizenStatus status,
        bytes32 basis
    ) external view returns (bool ok, bytes4 reason) {
        reason = Revert.selectorOf(_statusChangeError(citizenKey, status, basis));
        ok = reason == bytes4(0);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Takes the next sequence number of the register.
    function _nextSequence(CitizenRegistryStorage storage $) private returns (uint64 next) {
        next = $.sequence + 1;
        $.sequence = next;
    }

    /// @dev Binds a fresh, valid voting commitment to a citizen for good.
    function _claimCommitment(CitizenRegistryStorage storage $, uint256 commitment, bytes32 citizenKey) private {
        if (commitment == 0 || commitment >= _SNARK_SCALAR_FIELD) revert CitizenRegistryInvalidCommitment(commitment);
        bytes32 holder = $.commitmentHolders[commitment];
        if (holder != bytes32(0)) revert CitizenRegistryCommitmentUsed(commitment, holder);
        $.commitmentHolders[commitment] = citizenKey;
    }

    /// @dev An existing, living citizen's record, or a revert.
    function _livingCitizen(
        CitizenRegistryStorage storage $,
        bytes32 citizenKey
    ) private view returns (CitizenRecord storage c) {
        c = $.citizens[citizenKey];
        CitizenStatus status = c.status;
        if (status == CitizenStatus.None) revert CitizenRegistryUnknownCitizen(citizenKey);
        if (status == CitizenStatus.Deceased) revert CitizenRegistryCitizenDeceased(citizenKey);
    }

    /// @dev Reverts unless `flags` names only defined bits.
    function _requireDefinedFlags(uint8 flags) private pure {
        if (flags & ~_DEFINED_FLAGS != 0) revert CitizenRegistryUnknownFlags(flags);
    }

    /**
     * @dev The error a status change would revert with, ABI-encoded, or empty bytes when it is lawful. Checks the
     * basis, the citizen's existence, that it is not deceased, and the transition table.
     */
    function _statusChangeError(
        bytes32 citizenKey,
        CitizenStatus status,
        bytes32 basis
    ) private view returns (bytes memory) {
        if (basis == bytes32(0)) return abi.encodeWithSelector(CitizenRegistryEmptyBasis.selector);
        CitizenStatus from = _storage().citizens[citizenKey].status;
        if (from == CitizenStatus.None) {
            return abi.encodeWithSelector(CitizenRegistryUnknownCitizen.selector, citizenKey);
        }
        if (from == CitizenStatus.Deceased) {
            return abi.encodeWithSelector(CitizenRegistryCitizenDeceased.selector, citizenKey);
        }
        if ((_LAWFUL_TRANSITIONS >> (uint256(from) * 8 + uint256(status))) & 1 == 0) {
            return abi.encodeWithSelector(CitizenRegistryUnlawfulTransition.selector, citizenKey, from, status);
        }
        return "";
    }

    /// @dev The ERC-7201 storage of this contract.
    function _storage() private pure returns (CitizenRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }
}
