// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGoverned} from "../common/IGoverned.sol";
import {OwnershipRecordsUpgradeable} from "../common/OwnershipRecordsUpgradeable.sol";
import {Paging} from "../common/Paging.sol";
import {Text} from "../common/Text.sol";
import {ICompanyRegistry} from "./ICompanyRegistry.sol";

/**
 * @title CompanyRegistry
 * @notice The business register. Every company has its particulars, a status that moves only along lawful
 * transitions, a director history, its filings and a controlling owner who changes only through OwnershipTransfer.
 * @dev Every list (ownership history, directors, filings) is a per-company mapping indexed by a counter kept in the
 * company record, so no write reads or writes anything whose size grows with the register. The current owner is the
 * last entry of the ownership history kept by {OwnershipRecordsUpgradeable}, so a change of owner writes the history
 * once; the controlling owner changes only through the base's one `_update` path.
 */
contract CompanyRegistry is OwnershipRecordsUpgradeable, ICompanyRegistry {
    // -------------------------------------------------------------------------------------------------------------
    // Constants
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Bit `from * 8 + to` is set when a company may move from status `from` to status `to`.
    uint256 private constant _LAWFUL_TRANSITIONS =
        (1 << (uint256(CompanyStatus.Incorporated) * 8 + uint256(CompanyStatus.Active))) |
            (1 << (uint256(CompanyStatus.Incorporated) * 8 + uint256(CompanyStatus.InLiquidation))) |
            (1 << (uint256(CompanyStatus.Active) * 8 + uint256(CompanyStatus.Suspended))) |
            (1 << (uint256(CompanyStatus.Active) * 8 + uint256(CompanyStatus.InLiquidation))) |
            (1 << (uint256(CompanyStatus.Suspended) * 8 + uint256(CompanyStatus.Active))) |
            (1 << (uint256(CompanyStatus.Suspended) * 8 + uint256(CompanyStatus.InLiquidation))) |
            (1 << (uint256(CompanyStatus.InLiquidation) * 8 + uint256(CompanyStatus.Dissolved)));

    // -------------------------------------------------------------------------------------------------------------
    // Storage
    // -------------------------------------------------------------------------------------------------------------

    /// @dev A company as stored: the first slot holds what status checks and changes of owner read and write, the
    /// second the counters and short particulars.
    struct CompanyRecord {
        address firstOwner; // owner entered at registration (history entry 0)
        CompanyStatus status;
        uint40 statusSince;
        uint32 ownerChangeCount; // history entries after the registration
        bytes4 legalForm;
        bytes6 jurisdiction;
        uint40 registeredAt;
        uint32 directorCount;
        uint32 servingDirectorCount;
        uint32 filingCount;
        bytes32 registeredAddressHash;
        bytes32 incorporationDocumentHash; // basis of history entry 0
        string name;
    }

    /// @custom:storage-location erc7201:egov.storage.CompanyRegistry
    struct CompanyRegistryStorage {
        mapping(uint256 companyId => CompanyRecord) companies;
        mapping(uint256 companyId => mapping(uint256 changeIndex => Change)) changes;
        mapping(uint256 companyId => mapping(uint256 directorIndex => Director)) directors;
        mapping(uint256 companyId => mapping(bytes32 commitment => uint256 directorIndexPlusOne)) servingDirectors;
        mapping(uint256 companyId => mapping(uint256 filingIndex => Filing)) filings;
    }

    // keccak256(abi.encode(uint256(keccak256("egov.storage.CompanyRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE_SLOT = 0x9848b4410fada86d1a853f078fc6bb55ad371b107a3ec14ef44bc666391c1100;

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
    // External: registrar
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc ICompanyRegistry
    function registerCompany(
        string calldata companyNumber,
        Particulars calldata particulars,
        address owner,
        bytes32 documentHash
    ) external restricted whenNotPaused returns (uint256 companyId) {
        if (bytes(companyNumber).length == 0) revert CompanyRegistryEmptyCompanyNumber();
        Text.check(companyNumber, Text.Kind.Reference, "companyNumber");
        _requireComplete(particulars);
        if (owner == address(0)) revert CompanyRegistryInvalidOwner(owner);
        if (documentHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        companyId = uint256(keccak256(bytes(companyNumber)));
        CompanyRecord storage c = _storage().companies[companyId];
        if (c.status != CompanyStatus.None) revert CompanyRegistryDuplicateCompanyNumber(companyNumber, companyId);

        c.firstOwner = owner;
        c.status = CompanyStatus.Incorporated;
        c.statusSince = uint40(block.timestamp);
        c.registeredAt = uint40(block.timestamp);
        c.incorporationDocumentHash = documentHash;
        _writeParticulars(c, particulars);
        _update(companyId, address(0), owner, ChangeKind.Registration, documentHash);

        emit CompanyRegistered(companyId, owner, companyNumber, particulars, documentHash);
    }

    /// @inheritdoc ICompanyRegistry
    function updateParticulars(
        uint256 companyId,
        Particulars calldata particulars,
        bytes32 documentHash
    ) external restricted whenNotPaused {
        _requireComplete(particulars);
        if (documentHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        _writeParticulars(_liveCompany(companyId), particulars);
        emit ParticularsUpdated(companyId, particulars, documentHash);
    }

    /// @inheritdoc ICompanyRegistry
    function changeStatus(
        uint256 companyId,
        CompanyStatus status,
        bytes32 decisionHash
    ) external restricted whenNotPaused {
        if (decisionHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        CompanyRecord storage c = _existingCompany(companyId);
        CompanyStatus current = c.status;
        if (!_isLawfulTransition(current, status)) revert CompanyRegistryUnlawfulTransition(companyId, current, status);

        c.status = status;
        c.statusSince = uint40(block.timestamp);
        emit CompanyStatusChanged(companyId, current, status, decisionHash);
    }

    /// @inheritdoc ICompanyRegistry
    function appointDirector(
        uint256 companyId,
        bytes32 commitment,
        address account,
        uint40 appointedOn,
        bytes32 documentHash
    ) external restricted whenNotPaused returns (uint256 directorIndex) {
        if (commitment == bytes32(0)) revert CompanyRegistryEmptyDirectorCommitment();
        if (appointedOn == 0 || appointedOn > block.timestamp) {
            revert CompanyRegistryInvalidEffectiveDate(appointedOn, 1, block.timestamp);
        }
        if (documentHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        CompanyRecord storage c = _liveCompany(companyId);
        CompanyRegistryStorage storage $ = _storage();
        uint256 servingIndexPlusOne = $.servingDirectors[companyId][commitment];
        if (servingIndexPlusOne != 0) {
            revert CompanyRegistryDirectorAlreadyServing(companyId, commitment, servingIndexPlusOne - 1);
        }

        uint32 index = c.directorCount;
        $.directors[companyId][index] = Director({
            commitment: commitment,
            account: account,
            appointedOn: appointedOn,
            removedOn: 0
        });
        $.servingDirectors[companyId][commitment] = uint256(index) + 1;
        c.directorCount = index + 1;
        ++c.servingDirectorCount;
        directorIndex = index;

        emit DirectorAppointed(companyId, directorIndex, commitment, account, appointedOn, documentHash);
    }

    /// @inheritdoc ICompanyRegistry
    function removeDirector(
        uint256 companyId,
        uint256 directorIndex,
        uint40 removedOn,
        bytes32 documentHash
    ) external restricted whenNotPaused {
        if (documentHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        CompanyRecord storage c = _liveCompany(companyId);
        if (directorIndex >= c.directorCount) revert CompanyRegistryUnknownDirector(companyId, directorIndex);
        CompanyRegistryStorage storage $ = _storage();
        Director storage d = $.directors[companyId][directorIndex];
        if (d.removedOn != 0) revert CompanyRegistryDirectorAlreadyRemoved(companyId, directorIndex, d.removedOn);
        uint40 appointedOn = d.appointedOn;
        if (removedOn < appointedOn || removedOn > block.timestamp) {
            revert CompanyRegistryInvalidEffectiveDate(removedOn, appointedOn, block.timestamp);
        }

        bytes32 commitment = d.commitment;
        d.removedOn = removedOn;
        delete $.servingDirectors[companyId][commitment];
        --c.servingDirectorCount;

        emit DirectorRemoved(companyId, directorIndex, commitment, removedOn, documentHash);
    }

    /// @inheritdoc ICompanyRegistry
    function fileDocument(
        uint256 companyId,
        uint16 filingType,
        bytes32 documentHash
    ) external restricted whenNotPaused returns (uint256 filingIndex) {
        if (filingType == 0) revert CompanyRegistryInvalidFilingType(filingType);
        if (documentHash == bytes32(0)) revert CompanyRegistryEmptyDocumentHash();
        CompanyRecord storage c = _liveCompany(companyId);

        uint32 index = c.filingCount;
        _storage().filings[companyId][index] = Filing({
            documentHash: documentHash,
            filingType: filingType,
            filedAt: uint40(block.timestamp)
        });
        c.filingCount = index + 1;
        filingIndex = index;

        emit DocumentFiled(companyId, filingIndex, filingType, documentHash);
    }

    // -------------------------------------------------------------------------------------------------------------
    // External: reads
    // -------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IGoverned
    function version() external pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc ICompanyRegistry
    function companyIdOf(string calldata companyNumber) external pure returns (uint256) {
        return uint256(keccak256(bytes(companyNumber)));
    }

    /// @inheritdoc ICompanyRegistry
    function isLawfulTransition(CompanyStatus from, CompanyStatus to) external pure returns (bool) {
        return _isLawfulTransition(from, to);
    }

    /// @inheritdoc ICompanyRegistry
    function companyOf(uint256 companyId) external view returns (Company memory company) {
        CompanyRecord storage c = _existingCompany(companyId);
        company.owner = _currentOwner(companyId);
        company.status = c.status;
        company.registeredAt = c.registeredAt;
        company.statusSince = c.statusSince;
        company.ownerSince = _currentOwnerSince(companyId);
        company.ownershipHistoryLength = c.ownerChangeCount + 1;
        company.directorCount = c.directorCount;
        company.servingDirectorCount = c.servingDirectorCount;
        company.filingCount = c.filingCount;
        company.incorporationDocumentHash = c.incorporationDocumentHash;
        company.particulars = Particulars({
            name: c.name,
            legalForm: c.legalForm,
            jurisdiction: c.jurisdiction,
            registeredAddressHash: c.registeredAddressHash
        });
    }

    /// @inheritdoc ICompanyRegistry
    function directorOf(uint256 companyId, uint256 directorIndex) external view returns (Director memory) {
        if (directorIndex >= _existingCompany(companyId).directorCount) {
            revert CompanyRegistryUnknownDirector(companyId, directorIndex);
        }
        return _storage().directors[companyId][directorIndex];
    }

    /// @inheritdoc ICompanyRegistry
    function directors(
        uint256 companyId,
        uint256 offset,
        uint256 limit
    ) external view returns (Director[] memory page) {
        uint256 count = Paging.size(
            offset,
            limit,
            _existingCompany(companyId).directorCount,
            CompanyRegistryInvalidPage.selector
        );
        page = new Director[](count);
        mapping(uint256 => Director) storage list = _storage().directors[companyId];
        for (uint256 i = 0; i < count; ++i) {
            page[i] = list[offset + i];
        }
    }

    /// @inheritdoc ICompanyRegistry
    function servingDirector(
        uint256 companyId,
        bytes32 commitment
    ) external view returns (bool serving, uint256 directorIndex) {
        _existingCompany(companyId);
        uint256 indexPlusOne = _storage().servingDirectors[companyId][commitment];
        if (indexPlusOne != 0) return (true, indexPlusOne - 1);
    }

    /// @inheritdoc ICompanyRegistry
    function filingOf(uint256 companyId, uint256 filingIndex) external view returns (Filing memory) {
        if (filingIndex >= _existingCompany(companyId).filingCount) {
            revert CompanyRegistryUnknownFiling(companyId, filingIndex);
        }
        return _storage().filings[companyId][filingIndex];
    }

    /// @inheritdoc ICompanyRegistry
    function filings(uint256 companyId, uint256 offset, uint256 limit) external view returns (Filing[] memory page) {
        uint256 count = Paging.size(
            offset,
            limit,
            _existingCompany(companyId).filingCount,
            CompanyRegistryInvalidPage.selector
        );
        page = new Filing[](count);
        mapping(uint256 => Filing) storage list = _storage().filings[companyId];
        for (uint256 i = 0; i < count; ++i) {
            page[i] = list[offset + i];
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Internal: ownership records
    // -------------------------------------------------------------------------------------------------------------

    /// @dev The first owner and the number of owner changes, from the company's first slot.
    function _ownershipHead(
        uint256 companyId
    ) internal view override returns (address firstOwner, uint256 changeCount) {
        CompanyRecord storage c = _storage().companies[companyId];
        return (c.firstOwner, c.ownerChangeCount);
    }

    /// @dev When the company was entered, and its incorporation document.
    function _ownershipRegistration(
        uint256 companyId
    ) internal view override returns (uint40 registeredAt, bytes32 basis) {
        CompanyRecord storage c = _storage().companies[companyId];
        return (c.registeredAt, c.incorporationDocumentHash);
    }

    /// @dev The history entries after the registration, kept in this registry's namespace.
    function _ownershipChanges(
        uint256 companyId
    ) internal view override returns (mapping(uint256 changeIndex => Change) storage) {
        return _storage().changes[companyId];
    }

    /// @dev Keeps the number of owner changes in the company's first slot.
    function _setOwnershipChangeCount(uint256 companyId, uint256 changeCount) internal override {
        // At most 2^32 - 1 changes of one company: one a second for 136 years.
        _storage().companies[companyId].ownerChangeCount = uint32(changeCount);
    }

    /**
     * @dev A dissolved company changes owner no more; a sale needs an incorporated or active company (see the
     * status/kind table of {ICompanyRegistry}).
     */
    function _ownershipStatusError(uint256 companyId, ChangeKind kind) internal view override returns (bytes memory) {
        CompanyStatus status = _storage().companies[companyId].status;
        if (status == CompanyStatus.None) {
            return abi.encodeWithSelector(CompanyRegistryUnknownCompany.selector, companyId);
        }
        if (status == CompanyStatus.Dissolved) {
            return abi.encodeWithSelector(CompanyRegistryCompanyDissolved.selector, companyId);
        }
        if (kind == ChangeKind.Sale && !_isSellable(status)) {
            return abi.encodeWithSelector(CompanyRegistryChangeKindNotAllowed.selector, companyId, status, kind);
        }
        return "";
    }

    /// @dev An incorporated or active company can be sold.
    function _ownershipSellable(uint256 companyId) internal view override returns (bool) {
        return _isSellable(_storage().companies[companyId].status);
    }

    /// @dev The business register's own errors for the shared checks.
    function _ownershipError(OwnershipError error) internal pure override returns (bytes4) {
        if (error == OwnershipError.UnknownRecord) return CompanyRegistryUnknownCompany.selector;
        if (error == OwnershipError.InvalidChangeKind) return CompanyRegistryInvalidChangeKind.selector;
        if (error == OwnershipError.NotOwner) return CompanyRegistryNotOwner.selector;
        if (error == OwnershipError.InvalidNewOwner) return CompanyRegistryInvalidNewOwner.selector;
        if (error == OwnershipError.EmptyBasis) return CompanyRegistryEmptyBasis.selector;
        return CompanyRegistryInvalidPage.selector;
    }

    /**
     * @dev A change of controlling owner after the registration emits {ControllingOwnerChanged}; the registration's
     * event is {CompanyRegistered}, and a company is never retired from its history (it is dissolved).
     */
    function _afterOwnershipUpdate(
        uint256 companyId,
        address from,
        address to,
        ChangeKind kind,
        bytes32 basis,
        uint256 ownerChanges
    ) internal override {
        if (from != address(0)) emit ControllingOwnerChanged(companyId, from, to, kind, basis, ownerChanges + 1);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Private
    // -------------------------------------------------------------------------------------------------------------

    /// @dev Stores the particulars of a company; the caller has checked them with {_requireComplete}.
    function _writeParticulars(CompanyRecord storage c, Particulars calldata particulars) private {
        c.name = particulars.name;
        c.legalForm = particulars.legalForm;
        c.jurisdiction = particulars.jurisdiction;
        c.registeredAddressHash = particulars.registeredAddressHash;
    }

    /// @dev A registered company, or a revert with {CompanyRegistryUnknownCompany}.
    function _existingCompany(uint256 companyId) private view returns (CompanyRecord storage c) {
        c = _storage().companies[companyId];
        if (c.status == CompanyStatus.None) revert CompanyRegistryUnknownCompany(companyId);
    }

    /// @dev A registered company that is not dissolved.
    function _liveCompany(uint256 companyId) private view returns (CompanyRecord storage c) {
        c = _existingCompany(companyId);
        if (c.status == CompanyStatus.Dissolved) revert CompanyRegistryCompanyDissolved(companyId);
    }

    /// @dev Reverts unless every field of the particulars is set.
    function _requireComplete(Particulars calldata particulars) private pure {
        if (bytes(particulars.name).length == 0) revert CompanyRegistryEmptyName();
        Text.check(particulars.name, Text.Kind.Name, "name");
        if (particulars.legalForm == bytes4(0)) revert CompanyRegistryEmptyLegalForm();
        if (particulars.jurisdiction == bytes6(0)) revert CompanyRegistryEmptyJurisdiction();
        if (particulars.registeredAddressHash == bytes32(0)) revert CompanyRegistryEmptyRegisteredAddress();
    }

    /// @dev Whether `from` -> `to` is one of the transitions in {_LAWFUL_TRANSITIONS}.
    function _isLawfulTransition(CompanyStatus from, CompanyStatus to) private pure returns (bool) {
        return (_LAWFUL_TRANSITIONS >> (uint256(from) * 8 + uint256(to))) & 1 == 1;
    }

    /// @dev Whether a company in `status` can be sold.
    function _isSellable(CompanyStatus status) private pure returns (bool) {
        return status == CompanyStatus.Incorporated || status == CompanyStatus.Active;
    }

    function _storage() private pure returns (CompanyRegistryStorage storage $) {
        assembly ("memory-safe") {
            $.slot := _STORAGE_SLOT
        }
    }
}
