// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {CompanyRegistry} from "../../contracts/company/CompanyRegistry.sol";
import {DiplomaRegistry} from "../../contracts/diploma/DiplomaRegistry.sol";
import {PropertyRegistry} from "../../contracts/property/PropertyRegistry.sol";
import {IOwnershipTransfer} from "../../contracts/transfer/IOwnershipTransfer.sol";
import {OwnershipTransfer} from "../../contracts/transfer/OwnershipTransfer.sol";
import {SuiteWiring} from "./SuiteWiring.sol";

/**
 * @title SuiteDeployer
 * @notice Deploys the suite in Solidity the way the Ignition module does: the authority with the deploying contract as
 * ADMIN, every registry behind an ERC-1967 proxy, the function-to-role wiring of `src/wiring.ts` (rendered into
 * {SuiteWiring}, which `test/SuiteWiring.test.ts` keeps current), guardians over the delayed roles, TRANSFER_AGENT for the transfer contract alone, and the land
 * register's sale policy (enabled, registrar approval required).
 */
abstract contract SuiteDeployer {
    uint64 internal constant ADMIN = 0;
    uint64 internal constant LAND_REGISTRAR = 1;
    uint64 internal constant ACCREDITOR = 3;
    uint64 internal constant DIPLOMA_ISSUER = 4;
    uint64 internal constant COURT_OFFICER = 5;
    uint64 internal constant TRANSFER_AGENT = 6;
    uint64 internal constant GUARDIAN = 7;
    uint64 internal constant RECOVERY_OFFICER = 9;

    /// @dev The key-recovery delay of the deployment default (`DefaultDelays.recovery`).
    uint32 internal constant RECOVERY_DELAY = 3 days;

    GovernmentAuthority internal authority;
    PropertyRegistry internal property;
    OwnershipTransfer internal transfer;
    DiplomaRegistry internal diplomas;
    CompanyRegistry internal companies;

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

        address[4] memory targets = [address(property), address(transfer), address(diplomas), address(companies)];
        SuiteWiring.Entry[] memory wiring = SuiteWiring.entries();
        for (uint256 i = 0; i < wiring.length; ++i) {
            bytes4[] memory selectors = new bytes4[](1);
            selectors[0] = wiring[i].selector;
            authority.setTargetFunctionRole(targets[wiring[i].target], selectors, wiring[i].role);
        }

        authority.setRoleGuardian(RECOVERY_OFFICER, GUARDIAN);
        authority.setRoleGuardian(COURT_OFFICER, GUARDIAN);
        authority.grantRole(TRANSFER_AGENT, address(transfer), 0);
        transfer.setRegistryPolicy(
            address(property),
            IOwnershipTransfer.RegistryPolicy({enabled: true, approvalRequired: true, approverRole: LAND_REGISTRAR})
        );
    }

    function _proxy(address implementation, bytes memory initialization) private returns (address) {
        return address(new ERC1967Proxy(implementation, initialization));
    }
}
