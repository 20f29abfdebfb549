// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Generated from src/wiring.ts by test/helpers/suiteWiring.ts; test/SuiteWiring.test.ts checks that it is current.

/**
 * @title SuiteWiring
 * @notice The function-to-role wiring of the suite (`ACCESS` in src/wiring.ts), for the Solidity test deployer.
 */
library SuiteWiring {
    /// @notice One restricted function: the contract (index in {SuiteDeployer}'s order), its selector and its role.
    struct Entry {
        uint8 target;
        bytes4 selector;
        uint64 role;
    }

    /// @notice Every restricted function of the suite.
    function entries() internal pure returns (Entry[] memory list) {
        list = new Entry[](47);
        list[0] = Entry(0, 0x3f4ba83a, 0); // PropertyRegistry.unpause() -> ADMIN
        list[1] = Entry(0, 0x55f804b3, 0); // PropertyRegistry.setBaseURI(string) -> ADMIN
        list[2] = Entry(0, 0x8456cb59, 7); // PropertyRegistry.pause() -> GUARDIAN
        list[3] = Entry(0, 0x8395feb1, 1); // PropertyRegistry.registerTitle(string,address,bytes32,string) -> LAND_REGISTRAR
        list[4] = Entry(0, 0x4fa691ec, 1); // PropertyRegistry.updateTitleDocument(uint256,bytes32,string) -> LAND_REGISTRAR
        list[5] = Entry(0, 0x21c35782, 1); // PropertyRegistry.freezeTitle(uint256,bytes32) -> LAND_REGISTRAR
        list[6] = Entry(0, 0x20329c1c, 1); // PropertyRegistry.unfreezeTitle(uint256,bytes32) -> LAND_REGISTRAR
        list[7] = Entry(0, 0xdef79a9d, 1); // PropertyRegistry.retireTitle(uint256,bytes32) -> LAND_REGISTRAR
        list[8] = Entry(0, 0xdb93fb05, 1); // PropertyRegistry.registerLien(uint256,address,bytes32) -> LAND_REGISTRAR
        list[9] = Entry(0, 0x10474acf, 1); // PropertyRegistry.releaseLien(uint256,bytes32) -> LAND_REGISTRAR
        list[10] = Entry(0, 0x50719265, 6); // PropertyRegistry.changeOwner(uint256,address,address,uint8,bytes32,bytes32) -> TRANSFER_AGENT
        list[11] = Entry(0, 0x4f1ef286, 8); // PropertyRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
        list[12] = Entry(1, 0x3f4ba83a, 0); // OwnershipTransfer.unpause() -> ADMIN
        list[13] = Entry(1, 0x186a93cf, 0); // OwnershipTransfer.setRegistryPolicy(address,(bool,bool,uint64)) -> ADMIN
        list[14] = Entry(1, 0x12b6e3be, 5); // OwnershipTransfer.executeCourtOrder(address,uint256,address,bytes32) -> COURT_OFFICER
        list[15] = Entry(1, 0x8456cb59, 7); // OwnershipTransfer.pause() -> GUARDIAN
        list[16] = Entry(1, 0x0ec743f5, 9); // OwnershipTransfer.recoverKeys(address,address,address,uint256[],bytes32) -> RECOVERY_OFFICER
        list[17] = Entry(1, 0x7a29a9e7, 9); // OwnershipTransfer.recoverEscrow((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),address,address) -> RECOVERY_OFFICER
        list[18] = Entry(1, 0x4f1ef286, 8); // OwnershipTransfer.upgradeToAndCall(address,bytes) -> UPGRADER
        list[19] = Entry(2, 0xecd4726f, 3); // DiplomaRegistry.registerInstitution(string,bytes2,bytes32) -> ACCREDITOR
        list[20] = Entry(2, 0x15ebbf7f, 3); // DiplomaRegistry.suspendInstitution(uint32,bytes32) -> ACCREDITOR
        list[21] = Entry(2, 0x33e0fb1e, 3); // DiplomaRegistry.reinstateInstitution(uint32,bytes32) -> ACCREDITOR
        list[22] = Entry(2, 0x5a2da604, 3); // DiplomaRegistry.bindIssuer(address,uint32) -> ACCREDITOR
        list[23] = Entry(2, 0x18738990, 3); // DiplomaRegistry.unbindIssuer(address) -> ACCREDITOR
        list[24] = Entry(2, 0x164af92d, 3); // DiplomaRegistry.revokeAsAccreditor(uint32,bytes32,uint16) -> ACCREDITOR
        list[25] = Entry(2, 0xf41224b3, 3); // DiplomaRegistry.revokeInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16) -> ACCREDITOR
        list[26] = Entry(2, 0x1fe296a1, 3); // DiplomaRegistry.revokeManyInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16) -> ACCREDITOR
        list[27] = Entry(2, 0x3f4ba83a, 0); // DiplomaRegistry.unpause() -> ADMIN
        list[28] = Entry(2, 0xc33b4a41, 4); // DiplomaRegistry.issue((bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[29] = Entry(2, 0xd63b1706, 4); // DiplomaRegistry.issueBatch(bytes32,uint32) -> DIPLOMA_ISSUER
        list[30] = Entry(2, 0x454188e3, 4); // DiplomaRegistry.revoke(bytes32,uint16) -> DIPLOMA_ISSUER
        list[31] = Entry(2, 0x40b0fa5a, 4); // DiplomaRegistry.revokeInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16) -> DIPLOMA_ISSUER
        list[32] = Entry(2, 0x77ded726, 4); // DiplomaRegistry.revokeManyInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16) -> DIPLOMA_ISSUER
        list[33] = Entry(2, 0x0f4c5b8e, 4); // DiplomaRegistry.reissue(bytes32,uint16,(bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[34] = Entry(2, 0xb073434b, 4); // DiplomaRegistry.reissueFromBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16,(bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[35] = Entry(2, 0x8456cb59, 7); // DiplomaRegistry.pause() -> GUARDIAN
        list[36] = Entry(2, 0x4f1ef286, 8); // DiplomaRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
        list[37] = Entry(3, 0x3f4ba83a, 0); // CompanyRegistry.unpause() -> ADMIN
        list[38] = Entry(3, 0x422f5064, 2); // CompanyRegistry.registerCompany(string,(string,bytes4,bytes6,bytes32),address,bytes32) -> COMPANY_REGISTRAR
        list[39] = Entry(3, 0x74f4fb9c, 2); // CompanyRegistry.updateParticulars(uint256,(string,bytes4,bytes6,bytes32),bytes32) -> COMPANY_REGISTRAR
        list[40] = Entry(3, 0x044e4f99, 2); // CompanyRegistry.changeStatus(uint256,uint8,bytes32) -> COMPANY_REGISTRAR
        list[41] = Entry(3, 0x151d5114, 2); // CompanyRegistry.appointDirector(uint256,bytes32,address,uint40,bytes32) -> COMPANY_REGISTRAR
        list[42] = Entry(3, 0xa04e6946, 2); // CompanyRegistry.removeDirector(uint256,uint256,uint40,bytes32) -> COMPANY_REGISTRAR
        list[43] = Entry(3, 0xaaeaf402, 2); // CompanyRegistry.fileDocument(uint256,uint16,bytes32) -> COMPANY_REGISTRAR
        list[44] = Entry(3, 0x8456cb59, 7); // CompanyRegistry.pause() -> GUARDIAN
        list[45] = Entry(3, 0x50719265, 6); // CompanyRegistry.changeOwner(uint256,address,address,uint8,bytes32,bytes32) -> TRANSFER_AGENT
        list[46] = Entry(3, 0x4f1ef286, 8); // CompanyRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
    }
}
