// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Generated from src/wiring.ts, src/roles.ts and ignition/modules/Suite.ts by test/helpers/suiteWiring.ts;
// test/SuiteWiring.test.ts checks that it is current.

/**
 * @title SuiteWiring
 * @notice The deployment of the suite as the deploy command makes it (`ACCESS` in src/wiring.ts, the roles of
 * src/roles.ts, the delayed and guarded roles of the Ignition module), for the Solidity test deployer.
 */
library SuiteWiring {
    /// @notice One restricted function: the contract (index in {SuiteDeployer}'s order), its selector and its role.
    struct Entry {
        uint8 target;
        bytes4 selector;
        uint64 role;
    }

    /// @notice A role's label in the authority.
    struct Label {
        uint64 role;
        string label;
    }

    /// @notice A role and a delay in seconds: how long its new grants wait, or its minimum execution delay.
    struct GrantDelay {
        uint64 role;
        uint32 delay;
    }

    uint64 internal constant ADMIN = 0;
    uint64 internal constant LAND_REGISTRAR = 1;
    uint64 internal constant COMPANY_REGISTRAR = 2;
    uint64 internal constant ACCREDITOR = 3;
    uint64 internal constant DIPLOMA_ISSUER = 4;
    uint64 internal constant COURT_OFFICER = 5;
    uint64 internal constant TRANSFER_AGENT = 6;
    uint64 internal constant GUARDIAN = 7;
    uint64 internal constant UPGRADER = 8;
    uint64 internal constant RECOVERY_OFFICER = 9;
    uint64 internal constant CIVIL_REGISTRAR = 10;
    uint64 internal constant ELECTION_OFFICER = 11;

    /// @notice The deployment's default key-recovery delay (`DefaultDelays.recovery`).
    uint32 internal constant RECOVERY_DELAY = 259200;

    /// @notice The deployment's default upgrade delay (`DefaultDelays.upgrade`), also every contract's admin delay.
    uint32 internal constant UPGRADE_DELAY = 604800;

    /// @notice The deployment's default court-order delay (`DefaultDelays.court`), COURT_OFFICER's minimum.
    uint32 internal constant COURT_DELAY = 86400;

    /// @notice The default review period of a poll (`DEFAULT_REVIEW_PERIOD`).
    uint40 internal constant REVIEW_PERIOD = 172800;

    /// @notice Every restricted function of the suite.
    function entries() internal pure returns (Entry[] memory list) {
        list = new Entry[](73);
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
        list[17] = Entry(1, 0x31ac9b90, 9); // OwnershipTransfer.recoverEscrow((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),address,address,bytes32) -> RECOVERY_OFFICER
        list[18] = Entry(1, 0x4f1ef286, 8); // OwnershipTransfer.upgradeToAndCall(address,bytes) -> UPGRADER
        list[19] = Entry(2, 0xecd4726f, 3); // DiplomaRegistry.registerInstitution(string,bytes2,bytes32) -> ACCREDITOR
        list[20] = Entry(2, 0x15ebbf7f, 3); // DiplomaRegistry.suspendInstitution(uint32,bytes32) -> ACCREDITOR
        list[21] = Entry(2, 0x33e0fb1e, 3); // DiplomaRegistry.reinstateInstitution(uint32,bytes32) -> ACCREDITOR
        list[22] = Entry(2, 0x5a2da604, 3); // DiplomaRegistry.bindIssuer(address,uint32) -> ACCREDITOR
        list[23] = Entry(2, 0x18738990, 3); // DiplomaRegistry.unbindIssuer(address) -> ACCREDITOR
        list[24] = Entry(2, 0x164af92d, 3); // DiplomaRegistry.revokeAsAccreditor(uint32,bytes32,uint16) -> ACCREDITOR
        list[25] = Entry(2, 0xf41224b3, 3); // DiplomaRegistry.revokeInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16) -> ACCREDITOR
        list[26] = Entry(2, 0x1fe296a1, 3); // DiplomaRegistry.revokeManyInBatchAsAccreditor(uint32,bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16) -> ACCREDITOR
        list[27] = Entry(2, 0x389d7ae7, 3); // DiplomaRegistry.defineKind(string,(bool,bool,uint256)) -> ACCREDITOR
        list[28] = Entry(2, 0x7e514f2d, 3); // DiplomaRegistry.accreditForKind(uint32,uint16,uint48,bytes32) -> ACCREDITOR
        list[29] = Entry(2, 0x6f1c4c90, 3); // DiplomaRegistry.withdrawKind(uint32,uint16,uint48,bytes32) -> ACCREDITOR
        list[30] = Entry(2, 0x3f4ba83a, 0); // DiplomaRegistry.unpause() -> ADMIN
        list[31] = Entry(2, 0xc33b4a41, 4); // DiplomaRegistry.issue((bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[32] = Entry(2, 0xd63b1706, 4); // DiplomaRegistry.issueBatch(bytes32,uint32) -> DIPLOMA_ISSUER
        list[33] = Entry(2, 0x454188e3, 4); // DiplomaRegistry.revoke(bytes32,uint16) -> DIPLOMA_ISSUER
        list[34] = Entry(2, 0x40b0fa5a, 4); // DiplomaRegistry.revokeInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16) -> DIPLOMA_ISSUER
        list[35] = Entry(2, 0x77ded726, 4); // DiplomaRegistry.revokeManyInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[])[],uint16) -> DIPLOMA_ISSUER
        list[36] = Entry(2, 0x0f4c5b8e, 4); // DiplomaRegistry.reissue(bytes32,uint16,(bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[37] = Entry(2, 0xb073434b, 4); // DiplomaRegistry.reissueFromBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16,(bytes32,bytes32,address,bytes32,uint40)) -> DIPLOMA_ISSUER
        list[38] = Entry(2, 0x954bd714, 4); // DiplomaRegistry.issueCredential(uint16,(bytes32,bytes32,address,bytes32,uint40),(uint40,uint40)) -> DIPLOMA_ISSUER
        list[39] = Entry(2, 0x94898fd8, 4); // DiplomaRegistry.issueCredentialBatch(uint16,bytes32,uint32,(uint40,uint40)) -> DIPLOMA_ISSUER
        list[40] = Entry(2, 0x70eb09f0, 4); // DiplomaRegistry.suspend(bytes32,uint16,bytes32) -> DIPLOMA_ISSUER
        list[41] = Entry(2, 0xa9e1bdf8, 4); // DiplomaRegistry.reinstate(bytes32,bytes32) -> DIPLOMA_ISSUER
        list[42] = Entry(2, 0x7046a02b, 4); // DiplomaRegistry.suspendInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),uint16,bytes32) -> DIPLOMA_ISSUER
        list[43] = Entry(2, 0x4fc5391c, 4); // DiplomaRegistry.reinstateInBatch(bytes32,(bytes32,bytes32,uint32,bytes32[]),bytes32) -> DIPLOMA_ISSUER
        list[44] = Entry(2, 0xe095a21c, 4); // DiplomaRegistry.publishSigningKey(bytes32) -> DIPLOMA_ISSUER
        list[45] = Entry(2, 0xfe81b6ad, 4); // DiplomaRegistry.markKeyCompromised(uint256,uint40) -> DIPLOMA_ISSUER
        list[46] = Entry(2, 0x8456cb59, 7); // DiplomaRegistry.pause() -> GUARDIAN
        list[47] = Entry(2, 0x4f1ef286, 8); // DiplomaRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
        list[48] = Entry(3, 0x3f4ba83a, 0); // CompanyRegistry.unpause() -> ADMIN
        list[49] = Entry(3, 0x422f5064, 2); // CompanyRegistry.registerCompany(string,(string,bytes4,bytes6,bytes32),address,bytes32) -> COMPANY_REGISTRAR
        list[50] = Entry(3, 0x74f4fb9c, 2); // CompanyRegistry.updateParticulars(uint256,(string,bytes4,bytes6,bytes32),bytes32) -> COMPANY_REGISTRAR
        list[51] = Entry(3, 0x044e4f99, 2); // CompanyRegistry.changeStatus(uint256,uint8,bytes32) -> COMPANY_REGISTRAR
        list[52] = Entry(3, 0x151d5114, 2); // CompanyRegistry.appointDirector(uint256,bytes32,address,uint40,bytes32) -> COMPANY_REGISTRAR
        list[53] = Entry(3, 0xa04e6946, 2); // CompanyRegistry.removeDirector(uint256,uint256,uint40,bytes32) -> COMPANY_REGISTRAR
        list[54] = Entry(3, 0xaaeaf402, 2); // CompanyRegistry.fileDocument(uint256,uint16,bytes32) -> COMPANY_REGISTRAR
        list[55] = Entry(3, 0x8456cb59, 7); // CompanyRegistry.pause() -> GUARDIAN
        list[56] = Entry(3, 0x50719265, 6); // CompanyRegistry.changeOwner(uint256,address,address,uint8,bytes32,bytes32) -> TRANSFER_AGENT
        list[57] = Entry(3, 0x4f1ef286, 8); // CompanyRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
        list[58] = Entry(4, 0x3f4ba83a, 0); // CitizenRegistry.unpause() -> ADMIN
        list[59] = Entry(4, 0x744163dd, 10); // CitizenRegistry.registerCitizen(bytes32,uint32,uint8,uint256,bytes32) -> CIVIL_REGISTRAR
        list[60] = Entry(4, 0x716edd99, 10); // CitizenRegistry.changeStatus(bytes32,uint8,bytes32) -> CIVIL_REGISTRAR
        list[61] = Entry(4, 0x2c2b623c, 10); // CitizenRegistry.setEligibility(bytes32,uint8,bytes32) -> CIVIL_REGISTRAR
        list[62] = Entry(4, 0x900deddc, 10); // CitizenRegistry.setVotingCommitment(bytes32,uint256,bytes32) -> CIVIL_REGISTRAR
        list[63] = Entry(4, 0x8456cb59, 7); // CitizenRegistry.pause() -> GUARDIAN
        list[64] = Entry(4, 0xc041c15b, 7); // CitizenRegistry.cancelVotingCommitment(bytes32,bytes32) -> GUARDIAN
        list[65] = Entry(4, 0x4f1ef286, 8); // CitizenRegistry.upgradeToAndCall(address,bytes) -> UPGRADER
        list[66] = Entry(5, 0x3f4ba83a, 0); // Elections.unpause() -> ADMIN
        list[67] = Entry(5, 0x95697187, 0); // Elections.setReviewPeriod(uint40) -> ADMIN
        list[68] = Entry(5, 0xf398804f, 11); // Elections.createPoll((bytes32,uint8,uint8,uint8,bool,uint40,uint40,uint64,uint64[],(uint32,uint8,uint32,uint64,uint8,uint256))) -> ELECTION_OFFICER
        list[69] = Entry(5, 0xc530d495, 11); // Elections.createSecretPoll((bytes32,uint8,uint8,uint8,bool,uint40,uint40,uint64,uint64[],(uint32,uint8,uint32,uint64,uint8,uint256)),address[],uint8) -> ELECTION_OFFICER
        list[70] = Entry(5, 0x8456cb59, 7); // Elections.pause() -> GUARDIAN
        list[71] = Entry(5, 0x28237f11, 7); // Elections.cancelPoll(uint256,bytes32) -> GUARDIAN
        list[72] = Entry(5, 0x4f1ef286, 8); // Elections.upgradeToAndCall(address,bytes) -> UPGRADER
    }

    /// @notice The roles labelled in the authority.
    function labels() internal pure returns (Label[] memory list) {
        list = new Label[](11);
        list[0] = Label(LAND_REGISTRAR, "LAND_REGISTRAR");
        list[1] = Label(COMPANY_REGISTRAR, "COMPANY_REGISTRAR");
        list[2] = Label(ACCREDITOR, "ACCREDITOR");
        list[3] = Label(DIPLOMA_ISSUER, "DIPLOMA_ISSUER");
        list[4] = Label(COURT_OFFICER, "COURT_OFFICER");
        list[5] = Label(TRANSFER_AGENT, "TRANSFER_AGENT");
        list[6] = Label(GUARDIAN, "GUARDIAN");
        list[7] = Label(UPGRADER, "UPGRADER");
        list[8] = Label(RECOVERY_OFFICER, "RECOVERY_OFFICER");
        list[9] = Label(CIVIL_REGISTRAR, "CIVIL_REGISTRAR");
        list[10] = Label(ELECTION_OFFICER, "ELECTION_OFFICER");
    }

    /// @notice The roles whose scheduled operations a GUARDIAN may cancel.
    function guardedRoles() internal pure returns (uint64[] memory list) {
        list = new uint64[](3);
        list[0] = RECOVERY_OFFICER;
        list[1] = UPGRADER;
        list[2] = COURT_OFFICER;
    }

    /// @notice The roles whose members act only after a minimum execution delay, whatever their grant names.
    function minExecutionDelays() internal pure returns (GrantDelay[] memory list) {
        list = new GrantDelay[](3);
        list[0] = GrantDelay(RECOVERY_OFFICER, RECOVERY_DELAY);
        list[1] = GrantDelay(UPGRADER, UPGRADE_DELAY);
        list[2] = GrantDelay(COURT_OFFICER, COURT_DELAY);
    }

    /// @notice The roles whose new grants wait, so that ADMIN cannot skip an execution delay by granting itself one.
    function grantDelays() internal pure returns (GrantDelay[] memory list) {
        list = new GrantDelay[](6);
        list[0] = GrantDelay(UPGRADER, UPGRADE_DELAY);
        list[1] = GrantDelay(RECOVERY_OFFICER, RECOVERY_DELAY);
        list[2] = GrantDelay(COURT_OFFICER, RECOVERY_DELAY);
        list[3] = GrantDelay(TRANSFER_AGENT, RECOVERY_DELAY);
        list[4] = GrantDelay(CIVIL_REGISTRAR, RECOVERY_DELAY);
        list[5] = GrantDelay(ELECTION_OFFICER, RECOVERY_DELAY);
    }
}
