// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";
import {SemaphoreVerifier} from "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol";

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {CitizenRegistry} from "../../contracts/citizen/CitizenRegistry.sol";
import {CompanyRegistry} from "../../contracts/company/CompanyRegistry.sol";
import {DiplomaRegistry} from "../../contracts/diploma/DiplomaRegistry.sol";
import {Elections} from "../../contracts/election/Elections.sol";
import {PropertyRegistry} from "../../contracts/property/PropertyRegistry.sol";
import {IOwnershipSales} from "../../contracts/transfer/IOwnershipSales.sol";
import {OwnershipTransfer} from "../../contracts/transfer/OwnershipTransfer.sol";
import {SuiteWiring} from "./SuiteWiring.sol";

/**
 * @title SuiteDeployer
 * @notice Deploys the suite in Solidity the way the Ignition module does, from the same sources ({SuiteWiring} is
 * rendered from `src/wiring.ts`, `src/roles.ts` and the module's delayed roles, and `test/SuiteWiring.test.ts` keeps
 * it current): the authority with the deploying contract as ADMIN; every contract behind an ERC-1967 proxy, the
 * citizen register and the elections (with the Semaphore verifier) included; the function-to-role wiring; the role
 * labels; guardians over the delayed roles; TRANSFER_AGENT for the transfer contract alone; the minimum execution
 * delays of the delayed roles; the sale policies of the land and business registers (enabled, registrar approval
 * required); and, once the wiring is done, each contract's admin delay (the upgrade delay). The grant delays of the roles that move records, code or
 * polls come last, with {_bindGrantDelays}, after the test's own grants.
 * @dev The authority applies a raised delay in the block it is set in (it has no minimum setback), so a test grants
 * its roles between {_deploySuite} and {_bindGrantDelays}, as the deploy command's own grants come before the grant
 * delays. A test that never calls {_bindGrantDelays} runs without grant delays.
 */
abstract contract SuiteDeployer {
    /// @dev These tests cover public polls only: the secret-polls library is a stand-in address with no code.
    address private constant _NO_SECRET_POLLS = address(uint160(uint256(keccak256("no secret polls here"))));

    uint64 internal constant ADMIN = SuiteWiring.ADMIN;
    uint64 internal constant LAND_REGISTRAR = SuiteWiring.LAND_REGISTRAR;
    uint64 internal constant COMPANY_REGISTRAR = SuiteWiring.COMPANY_REGISTRAR;
    uint64 internal constant ACCREDITOR = SuiteWiring.ACCREDITOR;
    uint64 internal constant DIPLOMA_ISSUER = SuiteWiring.DIPLOMA_ISSUER;
    uint64 internal constant COURT_OFFICER = SuiteWiring.COURT_OFFICER;
    uint64 internal constant TRANSFER_AGENT = SuiteWiring.TRANSFER_AGENT;
    uint64 internal constant GUARDIAN = SuiteWiring.GUARDIAN;
    uint64 internal constant UPGRADER = SuiteWiring.UPGRADER;
    uint64 internal constant RECOVERY_OFFICER = SuiteWiring.RECOVERY_OFFICER;
    uint64 internal constant CIVIL_REGISTRAR = SuiteWiring.CIVIL_REGISTRAR;
    uint64 internal constant ELECTION_OFFICER = SuiteWiring.ELECTION_OFFICER;

    /// @dev The key-recovery delay of the deployment default (`DefaultDelays.recovery`).
    uint32 internal constant RECOVERY_DELAY = SuiteWiring.RECOVERY_DELAY;

    /// @dev The upgrade delay of the deployment default (`DefaultDelays.upgrade`), also every contract's admin delay.
    uint32 internal constant UPGRADE_DELAY = SuiteWiring.UPGRADE_DELAY;

    /// @dev COURT_OFFICER's minimum execution delay: a court order waits it, scheduled in the authority.
    uint32 internal constant COURT_DELAY = SuiteWiring.COURT_DELAY;

    GovernmentAuthority internal authority;
    PropertyRegistry internal property;
    OwnershipTransfer internal transfer;
    DiplomaRegistry internal diplomas;
    CompanyRegistry internal companies;
    CitizenRegistry internal citizens;
    Elections internal elections;
    address internal semaphoreVerifier;

    function _deploySuite() internal {
        authority = new GovernmentAuthority(address(this));
        property = PropertyRegistry(
            _proxy(
                address(new PropertyRegistry()),
                abi.encodeCall(PropertyRegistry.initialize, (address(authority), "Land Titles", "TITLE", ""))
            )
        );
        transfer = OwnershipTransfer(
            _proxy(address(new OwnershipTransfer()), abi.encodeCall(OwnershipTransfer.initialize, (address(authority))))
        );
        diplomas = DiplomaRegistry(
            _proxy(address(new DiplomaRegistry()), abi.encodeCall(DiplomaRegistry.initialize, (address(authority))))
        );
        companies = CompanyRegistry(
            _proxy(address(new CompanyRegistry()), abi.encodeCall(CompanyRegistry.initialize, (address(authority))))
        );
        citizens = CitizenRegistry(
            _proxy(address(new CitizenRegistry()), abi.encodeCall(CitizenRegistry.initialize, (address(authority))))
        );
        semaphoreVerifier = address(new SemaphoreVerifier());
        elections = Elections(
            _proxy(
                address(new Elections()),
                abi.encodeCall(
                    Elections.initialize,
                    (
                        address(authority),
                        semaphoreVerifier,
                        address(citizens),
                        SuiteWiring.REVIEW_PERIOD,
                        _NO_SECRET_POLLS
                    )
                )
            )
        );

        address[6] memory targets = _targets();
        SuiteWiring.Entry[] memory wiring = SuiteWiring.entries();
        for (uint256 i = 0; i < wiring.length; ++i) {
            bytes4[] memory selectors = new bytes4[](1);
            selectors[0] = wiring[i].selector;
            authority.setTargetFunctionRole(targets[wiring[i].target], selectors, wiring[i].role);
        }
        SuiteWiring.Label[] memory labels = SuiteWiring.labels();
        for (uint256 i = 0; i < labels.length; ++i) {
            authority.labelRole(labels[i].role, labels[i].label);
        }
        uint64[] memory guarded = SuiteWiring.guardedRoles();
        for (uint256 i = 0; i < guarded.length; ++i) {
            authority.setRoleGuardian(guarded[i], GUARDIAN);
        }
        SuiteWiring.GrantDelay[] memory minimums = SuiteWiring.minExecutionDelays();
        for (uint256 i = 0; i < minimums.length; ++i) {
            authority.setMinExecutionDelay(minimums[i].role, minimums[i].delay, new address[](0));
        }
        authority.grantRole(TRANSFER_AGENT, address(transfer), 0);
        transfer.setRegistryPolicy(
            address(property),
            IOwnershipSales.RegistryPolicy({enabled: true, approvalRequired: true, approverRole: LAND_REGISTRAR})
        );
        transfer.setRegistryPolicy(
            address(companies),
            IOwnershipSales.RegistryPolicy({enabled: true, approvalRequired: true, approverRole: COMPANY_REGISTRAR})
        );
        // Last: the admin delays bind at once, and from then on the wiring changes only through a schedule.
        for (uint256 i = 0; i < targets.length; ++i) {
            authority.setTargetAdminDelay(targets[i], UPGRADE_DELAY);
        }
    }

    /// @dev Sets the grant delays of the roles that move records, code or polls: every later grant of them waits.
    function _bindGrantDelays() internal {
        SuiteWiring.GrantDelay[] memory grantDelays = SuiteWiring.grantDelays();
        for (uint256 i = 0; i < grantDelays.length; ++i) {
            authority.setGrantDelay(grantDelays[i].role, grantDelays[i].delay);
        }
    }

    /// @dev The deployed contracts in {SuiteWiring.Entry}'s target order.
    function _targets() internal view returns (address[6] memory) {
        return
            [
                address(property),
                address(transfer),
                address(diplomas),
                address(companies),
                address(citizens),
                address(elections)
            ];
    }

    function _proxy(address implementation, bytes memory initialization) private returns (address) {
        return address(new ERC1967Proxy(implementation, initialization));
    }
}
