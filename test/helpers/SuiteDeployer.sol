// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

import {IGoverned} from "../../contracts/common/IGoverned.sol";
import {GovernmentAuthority} from "../../contracts/authority/GovernmentAuthority.sol";
import {DiplomaRegistry} from "../../contracts/diploma/DiplomaRegistry.sol";
import {PropertyRegistry} from "../../contracts/property/PropertyRegistry.sol";
import {IOwnershipTransfer} from "../../contracts/transfer/IOwnershipTransfer.sol";
import {OwnershipTransfer} from "../../contracts/transfer/OwnershipTransfer.sol";

/**
 * @title SuiteDeployer
 * @notice Deploys the suite in Solidity the way the Ignition module does: the authority with the deploying contract as
 * ADMIN, every registry behind an ERC-1967 proxy, the function-to-role wiring of `src/wiring.ts` (which the access
 * matrix test proves), guardians over the delayed roles, TRANSFER_AGENT for the transfer contract alone, and the land
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

        bytes4[] memory registrar = new bytes4[](7);
        registrar[0] = PropertyRegistry.registerTitle.selector;
        registrar[1] = PropertyRegistry.updateTitleDocument.selector;
        registrar[2] = PropertyRegistry.freezeTitle.selector;
        registrar[3] = PropertyRegistry.unfreezeTitle.selector;
        registrar[4] = PropertyRegistry.retireTitle.selector;
        registrar[5] = PropertyRegistry.registerLien.selector;
        registrar[6] = PropertyRegistry.releaseLien.selector;
        authority.setTargetFunctionRole(address(property), registrar, LAND_REGISTRAR);
        _wireOne(address(property), PropertyRegistry.changeOwner.selector, TRANSFER_AGENT);

        _wireOne(address(transfer), OwnershipTransfer.executeCourtOrder.selector, COURT_OFFICER);
        bytes4[] memory recovery = new bytes4[](2);
        recovery[0] = OwnershipTransfer.recoverKeys.selector;
        recovery[1] = OwnershipTransfer.recoverEscrow.selector;
        authority.setTargetFunctionRole(address(transfer), recovery, RECOVERY_OFFICER);

        bytes4[] memory accreditor = new bytes4[](7);
        accreditor[0] = DiplomaRegistry.registerInstitution.selector;
        accreditor[1] = DiplomaRegistry.suspendInstitution.selector;
        accreditor[2] = DiplomaRegistry.reinstateInstitution.selector;
        accreditor[3] = DiplomaRegistry.bindIssuer.selector;
        accreditor[4] = DiplomaRegistry.unbindIssuer.selector;
        accreditor[5] = DiplomaRegistry.revokeAsAccreditor.selector;
        accreditor[6] = DiplomaRegistry.revokeInBatchAsAccreditor.selector;
        authority.setTargetFunctionRole(address(diplomas), accreditor, ACCREDITOR);
        bytes4[] memory issuer = new bytes4[](6);
        issuer[0] = DiplomaRegistry.issue.selector;
        issuer[1] = DiplomaRegistry.issueBatch.selector;
        issuer[2] = DiplomaRegistry.revoke.selector;
        issuer[3] = DiplomaRegistry.revokeInBatch.selector;
        issuer[4] = DiplomaRegistry.reissue.selector;
        issuer[5] = DiplomaRegistry.reissueFromBatch.selector;
        authority.setTargetFunctionRole(address(diplomas), issuer, DIPLOMA_ISSUER);

        _wireOne(address(property), IGoverned.pause.selector, GUARDIAN);
        _wireOne(address(transfer), IGoverned.pause.selector, GUARDIAN);
        _wireOne(address(diplomas), IGoverned.pause.selector, GUARDIAN);

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

    function _wireOne(address target, bytes4 selector, uint64 role) private {
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = selector;
        authority.setTargetFunctionRole(target, selectors, role);
    }
}
