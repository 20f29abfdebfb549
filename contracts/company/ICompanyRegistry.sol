// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IOwnershipRegistry} from "../common/IOwnershipRegistry.sol";
import {ITextErrors} from "../common/ITextErrors.sol";

/**
 * @title ICompanyRegistry
 * @notice The business register: one record per company with its particulars, its legal status, its directors, its
 * filings and the history of its controlling owner. The controlling owner changes only through OwnershipTransfer.
 * @dev A company id is `uint256(keccak256(bytes(companyNumber)))`, so a company number can be registered once and
 * anyone can find a company from its number without an index. No personal data is kept: owners are accounts,
 * directors are salted commitments, addresses and documents are hashes.
 *
 * Lawful status transitions (anything else reverts with {CompanyRegistryUnlawfulTransition}):
 *
 * | from          | to            | why                                                                        |
 * | ------------- | ------------- | -------------------------------------------------------------------------- |
 * | Incorporated  | Active        | the company starts business                                                |
 * | Incorporated  | InLiquidation | winding-up before trading: members' resolution or nullity of the company   |
 * | Active        | Suspended     | sanction: accounts not filed, no registered office, court or regulator     |
 * | Suspended     | Active        | the cause of the suspension was cured                                      |
 * | Active        | InLiquidation | voluntary or compulsory winding-up                                         |
 * | Suspended     | InLiquidation | the usual end of a suspension that is not cured                            |
 * | InLiquidation | Dissolved     | the liquidation closed; final                                              |
 *
 * Liquidation from Suspended is lawful because a suspension for failing to file or for losing the registered office
 * is the typical prelude to a compulsory winding-up; forcing a reactivation first would record a period of activity
 * that never happened. Liquidation from Incorporated is lawful for the same reason: a company can be wound up before
 * it starts trading (its members resolve so, or a court declares it void, which entails its winding-up as a
 * dissolution does). Suspending an Incorporated company is not: suspension sanctions a company that trades. A
 * liquidation only moves towards dissolution, and nothing leaves Dissolved.
 *
 * Which changes of the controlling owner each status allows (anything else reverts):
 *
 * | status        | Sale | CourtOrder | KeyRecovery |
 * | ------------- | ---- | ---------- | ----------- |
 * | Incorporated  | yes  | yes        | yes         |
 * | Active        | yes  | yes        | yes         |
 * | Suspended     | no   | yes        | yes         |
 * | InLiquidation | no   | yes        | yes         |
 * | Dissolved     | no   | no         | no          |
 *
 * A suspension freezes voluntary dealings, as a frozen land title does. Once winding-up starts, a transfer of shares
 * is void unless the court sanctions it, so only a court order moves the stake. A key recovery is no dealing at all:
 * the owner stays the same person with a new account. A dissolved company no longer exists; its record is final.
 */
interface ICompanyRegistry is IOwnershipRegistry, ITextErrors {
    // -------------------------------------------------------------------------------------------------------------
    // Types
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The legal status of a company. See the contract documentation for the lawful transitions.
    enum CompanyStatus {
        None, // no record: the company number was never registered
        Incorporated, // entered into the register, not yet trading
        Active, // trading
        Suspended, // trading suspended by a decision of the registrar, a court or a regulator
        InLiquidation, // being wound up
        Dissolved // no longer exists; the record is final
    }

    /// @notice The particulars of a company that the registrar can correct or change later.
    struct Particulars {
        string name; // registered name
        bytes4 legalForm; // ISO 20275 entity legal form code in ASCII, for example "2HBR" (German GmbH)
        bytes6 jurisdiction; // ISO 3166-1 or 3166-2 code in ASCII, left-aligned and zero-padded: "DE", "GB-ENG"
        bytes32 registeredAddressHash; // hash of the registered office address
    }

    /// @notice A company as read by integrators.
    struct Company {
        address owner; // current controlling owner
        CompanyStatus status; // legal status
        uint40 registeredAt; // when the registrar entered the company (its incorporation in this register)
        uint40 statusSince; // when the current status was entered
        uint40 ownerSince; // when the current controlling owner became owner
        uint32 ownershipHistoryLength; // entries in the ownership history, the registration included
        uint32 directorCount; // director appointments ever recorded, removed ones included
        uint32 servingDirectorCount; // directors not yet removed
        uint32 filingCount; // filings ever recorded
        bytes32 incorporationDocumentHash; // hash of the incorporation document, the basis of the first ownership
        Particulars particulars; // current particulars
    }

    /// @notice One director appointment. Entries are never deleted: a removal sets `removedOn`.
    struct Director {
        bytes32 commitment; // salted hash of the person's identity, kept off chain with its salt
        address account; // the director's account, or zero when the director has none
        uint40 appointedOn; // effective date of the appointment, as a Unix time
        uint40 removedOn; // effective date of the removal, as a Unix time; zero while serving
    }

    /// @notice One document filed with the register.
    struct Filing {
        bytes32 documentHash; // hash of the filed document
        uint16 filingType; // the register's filing-type code (1 accounts, 2 articles, 3 particulars...); never zero
        uint40 filedAt; // when the registrar entered it
    }

    // -------------------------------------------------------------------------------------------------------------
    // Errors
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The company number is empty.
    error CompanyRegistryEmptyCompanyNumber();

    /// @notice A company is already registered under this company number.
    error CompanyRegistryDuplicateCompanyNumber(string companyNumber, uint256 companyId);

    /// @notice The company name is empty.
    error CompanyRegistryEmptyName();

    /// @notice The legal form code is zero.
    error CompanyRegistryEmptyLegalForm();

    /// @notice The jurisdiction code is zero.
    error CompanyRegistryEmptyJurisdiction();

    /// @notice The registered address hash is zero.
    error CompanyRegistryEmptyRegisteredAddress();

    /// @notice A document hash (incorporation document, decision, notice, filing) is zero.
    error CompanyRegistryEmptyDocumentHash();

    /// @notice The legal basis of a change of owner is zero.
    error CompanyRegistryEmptyBasis();

    /// @notice The controlling owner account is the zero address.
    error CompanyRegistryInvalidOwner(address owner);

    /// @notice No company has this id.
    error CompanyRegistryUnknownCompany(uint256 companyId);

    /// @notice The company is dissolved: its record can no longer change.
    error CompanyRegistryCompanyDissolved(uint256 companyId);

    /// @notice The law does not allow the company to move from status `from` to status `to`.
    error CompanyRegistryUnlawfulTransition(uint256 companyId, CompanyStatus from, CompanyStatus to);

    /// @notice `from` is not the current controlling owner of the company.
    error CompanyRegistryNotOwner(uint256 companyId, address from, address owner);

    /// @notice The new owner is the zero address or the current owner.
    error CompanyRegistryInvalidNewOwner(uint256 companyId, address to);

    /// @notice A change of this kind cannot be requested through {changeOwner}.
    error CompanyRegistryInvalidChangeKind(ChangeKind kind);

    /// @notice The company's status does not allow a change of owner of this kind.
    error CompanyRegistryChangeKindNotAllowed(uint256 companyId, CompanyStatus status, ChangeKind kind);

    /// @notice The director commitment is zero.
    error CompanyRegistryEmptyDirectorCommitment();

    /// @notice The person with this commitment already serves as a director of the company.
    error CompanyRegistryDirectorAlreadyServing(uint256 companyId, bytes32 commitment, uint256 directorIndex);

    /// @notice The company has no director appointment with this index.
    error CompanyRegistryUnknownDirector(uint256 companyId, uint256 directorIndex);

    /// @notice The director was already removed, effective `removedOn`.
    error CompanyRegistryDirectorAlreadyRemoved(uint256 companyId, uint256 directorIndex, uint40 removedOn);

    /// @notice An effective date lies outside `[earliest, latest]`.
    error CompanyRegistryInvalidEffectiveDate(uint40 date, uint256 earliest, uint256 latest);

    /// @notice The company has no filing with this index.
    error CompanyRegistryUnknownFiling(uint256 companyId, uint256 filingIndex);

    /// @notice The filing-type code is zero.
    error CompanyRegistryInvalidFilingType(uint16 filingType);

    /// @notice A pagination window starts past the end of the list.
    error CompanyRegistryInvalidPage(uint256 offset, uint256 length);

    // -------------------------------------------------------------------------------------------------------------
    // Events
    // -------------------------------------------------------------------------------------------------------------

    /// @notice A company was entered into the register with status Incorporated.
    event CompanyRegistered(
        uint256 indexed companyId,
        address indexed owner,
        string companyNumber,
        Particulars particulars,
        bytes32 documentHash
    );

    /// @notice The registrar changed or corrected the company's particulars; `documentHash` is the supporting document.
    event ParticularsUpdated(uint256 indexed companyId, Particulars particulars, bytes32 documentHash);

    /// @notice The company's status changed; `decisionHash` is the hash of the decision.
    event CompanyStatusChanged(
        uint256 indexed companyId,
        CompanyStatus previousStatus,
        CompanyStatus status,
        bytes32 decisionHash
    );

    /// @notice A director was appointed, recorded at `directorIndex`; `documentHash` is the appointment notice.
    event DirectorAppointed(
        uint256 indexed companyId,
        uint256 indexed directorIndex,
        bytes32 indexed commitment,
        address account,
        uint40 appointedOn,
        bytes32 documentHash
    );

    /// @notice A director was removed (resignation, dismissal, death); `documentHash` is the removal notice.
    event DirectorRemoved(
        uint256 indexed companyId,
        uint256 indexed directorIndex,
        bytes32 indexed commitment,
        uint40 removedOn,
        bytes32 documentHash
    );

    /// @notice A document was filed, recorded at `filingIndex`, at the block's time.
    event DocumentFiled(
        uint256 indexed companyId,
        uint256 indexed filingIndex,
        uint16 indexed filingType,
        bytes32 documentHash
    );

    /// @notice The controlling owner changed; appended to the ownership history at `historyIndex`.
    event ControllingOwnerChanged(
        uint256 indexed companyId,
        address indexed from,
        address indexed to,
        ChangeKind kind,
        bytes32 basis,
        uint256 historyIndex
    );

    // -------------------------------------------------------------------------------------------------------------
    // Writes
    // -------------------------------------------------------------------------------------------------------------

    /**
     * @notice Enters a new company with status Incorporated and `owner` as its controlling owner.
     * @dev Requirements:
     * - the caller is allowed by the authority (COMPANY_REGISTRAR); the registry is not paused;
     * - `companyNumber` is not empty, at most 64 bytes of printable ASCII in canonical form (upper-case letters,
     *   single inner spaces) and was never registered;
     * - the particulars are complete: name, legal form, jurisdiction and registered address hash are not empty, and
     *   the name is at most 256 bytes without control characters or stray spaces;
     * - `owner` is not zero; `documentHash` (the incorporation document) is not zero.
     *
     * Emits a {CompanyRegistered} event.
     * @return companyId `uint256(keccak256(bytes(companyNumber)))`.
     */
    function registerCompany(
        string calldata companyNumber,
        Particulars calldata particulars,
        address owner,
        bytes32 documentHash
    ) external returns (uint256 companyId);

    /**
     * @notice Replaces the particulars of a company (change of name, of legal form, of registered office).
     * @dev Requirements: COMPANY_REGISTRAR; not paused; the company exists and is not dissolved; the particulars are
     * complete and the name keeps the limits of {registerCompany}; `documentHash` is not zero.
     *
     * Emits a {ParticularsUpdated} event.
     */
    function updateParticulars(uint256 companyId, Particulars calldata particulars, bytes32 documentHash) external;

    /**
     * @notice Moves a company to a new status, on a decision whose hash is recorded.
     * @dev Requirements: COMPANY_REGISTRAR; not paused; the company exists; the transition is lawful (see
     * {isLawfulTransition}); `decisionHash` is not zero.
     *
     * Note: a dissolved company answers with {CompanyRegistryUnlawfulTransition} (from Dissolved), like every other
     * refused transition, rather than with {CompanyRegistryCompanyDissolved}.
     *
     * Emits a {CompanyStatusChanged} event.
     */
    function changeStatus(uint256 companyId, CompanyStatus status, bytes32 decisionHash) external;

    /**
     * @notice Records the appointment of a director, effective `appointedOn`.
     * @dev Requirements:
     * - COMPANY_REGISTRAR; not paused; the company exists and is not dissolved;
     * - `commitment` is not zero and does not belong to a serving director of the company;
     * - `appointedOn` is not zero and not in the future; `documentHash` is not zero.
     *
     * Note: `appointedOn` is the effective date stated in the notice, which may precede the registration of the
     * company (a register migrated from paper); the time the registrar entered it is the time of the event's block.
     *
     * Emits a {DirectorAppointed} event.
     * @return directorIndex The appointment's index in the company's director history, counting from 0.
     */
    function appointDirector(
        uint256 companyId,
        bytes32 commitment,
        address account,
        uint40 appointedOn,
        bytes32 documentHash
    ) external returns (uint256 directorIndex);

    /**
     * @notice Records the removal of a director, effective `removedOn`. The appointment stays readable.
     * @dev Requirements:
     * - COMPANY_REGISTRAR; not paused; the company exists and is not dissolved;
     * - the appointment exists and was not removed yet;
     * - `removedOn` is neither before the appointment nor in the future; `documentHash` is not zero.
     *
     * Emits a {DirectorRemoved} event.
     */
    function removeDirector(uint256 companyId, uint256 directorIndex, uint40 removedOn, bytes32 documentHash) external;

    /**
     * @notice Appends a document to the company's filings (annual accounts, articles, change of particulars...).
     * @dev Requirements: COMPANY_REGISTRAR; not paused; the company exists and is not dissolved; `filingType` is not
     * zero; `documentHash` is not zero.
     *
     * Emits a {DocumentFiled} event.
     * @return filingIndex The filing's index in the company's filings, counting from 0.
     */
    function fileDocument(
        uint256 companyId,
        uint16 filingType,
        bytes32 documentHash
    ) external returns (uint256 filingIndex);

    // -------------------------------------------------------------------------------------------------------------
    // Reads
    // -------------------------------------------------------------------------------------------------------------

    /// @notice The company id of a company number, whether registered or not.
    function companyIdOf(string calldata companyNumber) external pure returns (uint256);

    /// @notice Whether the law allows a company to move from status `from` to status `to`.
    function isLawfulTransition(CompanyStatus from, CompanyStatus to) external pure returns (bool);

    /// @notice A company. Reverts with {CompanyRegistryUnknownCompany} if there is none.
    function companyOf(uint256 companyId) external view returns (Company memory);

    /// @notice One director appointment. Reverts with {CompanyRegistryUnknownDirector} if there is none.
    function directorOf(uint256 companyId, uint256 directorIndex) external view returns (Director memory);

    /// @notice Up to `limit` director appointments of a company from `offset`, oldest first, removed ones included.
    function directors(uint256 companyId, uint256 offset, uint256 limit) external view returns (Director[] memory page);

    /**
     * @notice Whether the person with `commitment` serves as a director of the company now.
     * @return serving True while the person's latest appointment is not removed.
     * @return directorIndex The index of that appointment; zero when not serving.
     */
    function servingDirector(
        uint256 companyId,
        bytes32 commitment
    ) external view returns (bool serving, uint256 directorIndex);

    /// @notice One filing. Reverts with {CompanyRegistryUnknownFiling} if there is none.
    function filingOf(uint256 companyId, uint256 filingIndex) external view returns (Filing memory);

    /// @notice Up to `limit` filings of a company from `offset`, oldest first.
    function filings(uint256 companyId, uint256 offset, uint256 limit) external view returns (Filing[] memory page);
}
