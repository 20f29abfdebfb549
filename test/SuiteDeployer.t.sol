// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessManaged} from "@openzeppelin/contracts/access/manager/IAccessManaged.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

import {IGovernmentAuthority} from "../contracts/authority/IGovernmentAuthority.sol";
import {IOwnershipSales} from "../contracts/transfer/IOwnershipSales.sol";
import {Cheats} from "./helpers/Cheats.sol";
import {SuiteDeployer} from "./helpers/SuiteDeployer.sol";
import {SuiteWiring} from "./helpers/SuiteWiring.sol";

/**
 * @title SuiteDeployerTest
 * @notice The Solidity tests' deployment is the deploy command's: every contract of the suite, wired, labelled,
 * guarded, with the admin and grant delays that stop ADMIN from skipping a delay, and the sale policies.
 */
contract SuiteDeployerTest is Cheats, SuiteDeployer {
    address internal constant STRANGER = address(uint160(uint256(keccak256("egov stranger"))));

    function setUp() public {
        vm.warp(1_700_000_000);
        _deploySuite();
    }

    function test_deploysEveryContractOfTheSuiteUnderTheOneAuthority() public view {
        address[6] memory targets = _targets();
        for (uint256 i = 0; i < targets.length; ++i) {
            require(targets[i].code.length != 0, "a contract of the suite is missing");
            require(IAccessManaged(targets[i]).authority() == address(authority), "another authority");
        }
        require(elections.citizenRegistry() == address(citizens), "elections read another citizen register");
        require(elections.verifier() == semaphoreVerifier && semaphoreVerifier.code.length != 0, "verifier");
        require(elections.reviewPeriod() == SuiteWiring.REVIEW_PERIOD, "review period");
    }

    function test_wiresEveryRestrictedFunctionToItsRole() public view {
        address[6] memory targets = _targets();
        SuiteWiring.Entry[] memory wiring = SuiteWiring.entries();
        uint256[6] memory perTarget;
        for (uint256 i = 0; i < wiring.length; ++i) {
            address target = targets[wiring[i].target];
            require(authority.getTargetFunctionRole(target, wiring[i].selector) == wiring[i].role, "wrong role");
            ++perTarget[wiring[i].target];
        }
        // Every contract is wired, the citizen register and the elections included.
        for (uint256 t = 0; t < targets.length; ++t) require(perTarget[t] != 0, "a contract is not wired");
        require(
            authority.getTargetFunctionRole(address(citizens), citizens.pause.selector) == GUARDIAN &&
                authority.getTargetFunctionRole(address(elections), elections.upgradeToAndCall.selector) == UPGRADER,
            "citizen register or elections wired otherwise"
        );
    }

    function test_setsEveryContractsAdminDelayToTheUpgradeDelayInForceFromTheFirstBlock() public {
        address[6] memory targets = _targets();
        for (uint256 i = 0; i < targets.length; ++i) {
            require(authority.getTargetAdminDelay(targets[i]) == UPGRADE_DELAY, "admin delay");
        }
        // So ADMIN cannot close a contract at once: the call must be scheduled first.
        try authority.setTargetClosed(address(elections), true) {
            revert("closed without waiting the admin delay");
        } catch (bytes memory reason) {
            require(bytes4(reason) == IAccessManager.AccessManagerNotScheduled.selector, "another refusal");
        }
    }

    function test_setsTheGrantDelaysOfTheRolesThatMoveRecordsCodeOrPollsInForceAtOnce() public {
        _bindGrantDelays();
        require(authority.getRoleGrantDelay(UPGRADER) == UPGRADE_DELAY, "upgrader grant delay");
        require(authority.getRoleGrantDelay(RECOVERY_OFFICER) == RECOVERY_DELAY, "recovery grant delay");
        require(authority.getRoleGrantDelay(COURT_OFFICER) == RECOVERY_DELAY, "court grant delay");
        require(authority.getRoleGrantDelay(TRANSFER_AGENT) == RECOVERY_DELAY, "transfer agent grant delay");
        require(authority.getRoleGrantDelay(CIVIL_REGISTRAR) == RECOVERY_DELAY, "civil registrar grant delay");
        require(authority.getRoleGrantDelay(ELECTION_OFFICER) == RECOVERY_DELAY, "election officer grant delay");
        require(RECOVERY_DELAY >= 2 days, "a grant delay shorter than the minimum review period");
        require(authority.getRoleGrantDelay(LAND_REGISTRAR) == 0, "a registrar's grant waits");
        // ADMIN granting itself COURT_OFFICER holds it only after the grant delay.
        authority.grantRole(COURT_OFFICER, STRANGER, COURT_DELAY);
        (bool isMember, ) = authority.hasRole(COURT_OFFICER, STRANGER);
        require(!isMember, "a court officer without the grant delay");
        vm.warp(block.timestamp + RECOVERY_DELAY);
        (isMember, ) = authority.hasRole(COURT_OFFICER, STRANGER);
        require(isMember, "the grant never took effect");
    }

    function test_guardsTheDelayedRolesAndLabelsEveryRole() public view {
        require(authority.getRoleGuardian(RECOVERY_OFFICER) == GUARDIAN, "recovery guardian");
        require(authority.getRoleGuardian(UPGRADER) == GUARDIAN, "upgrade guardian");
        require(authority.getRoleGuardian(COURT_OFFICER) == GUARDIAN, "court guardian");
        require(SuiteWiring.labels().length == 11, "labelled roles");
    }

    function test_setsTheMinimumExecutionDelaysOfTheDelayedRoles() public {
        require(authority.minExecutionDelay(RECOVERY_OFFICER) == RECOVERY_DELAY, "recovery minimum");
        require(authority.minExecutionDelay(UPGRADER) == UPGRADE_DELAY, "upgrade minimum");
        require(authority.minExecutionDelay(COURT_OFFICER) == COURT_DELAY, "court minimum");
        // A grant below the minimum is refused.
        try authority.grantRole(RECOVERY_OFFICER, STRANGER, 0) {
            revert("a recovery officer without the minimum delay");
        } catch (bytes memory reason) {
            require(
                keccak256(reason) ==
                    keccak256(
                        abi.encodeWithSelector(
                            IGovernmentAuthority.GovernmentAuthorityExecutionDelayTooShort.selector,
                            RECOVERY_OFFICER,
                            STRANGER,
                            uint32(0),
                            RECOVERY_DELAY
                        )
                    ),
                "another refusal"
            );
        }
    }

    function test_givesTransferAgentToTheTransferContractAloneAndSetsBothSalePolicies() public view {
        (bool isMember, uint32 delay) = authority.hasRole(TRANSFER_AGENT, address(transfer));
        require(isMember && delay == 0, "transfer agent");
        (isMember, ) = authority.hasRole(TRANSFER_AGENT, address(this));
        require(!isMember, "the deployer is a transfer agent");
        IOwnershipSales.RegistryPolicy memory land = transfer.registryPolicy(address(property));
        require(land.enabled && land.approvalRequired && land.approverRole == LAND_REGISTRAR, "land policy");
        IOwnershipSales.RegistryPolicy memory business = transfer.registryPolicy(address(companies));
        require(
            business.enabled && business.approvalRequired && business.approverRole == COMPANY_REGISTRAR,
            "business register policy"
        );
    }
}
