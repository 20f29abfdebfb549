import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { type ContractTransactionResponse, encodeBytes32String, id, Wallet, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { fetchTimedLogs, replayDiplomaRegistry, replayedVerification } from "../src/replay.js";
import { asReplayedVerification } from "./helpers/replayedVerification.js";
import { Roles } from "../src/roles.js";
import type { IDiplomaRegistry } from "../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const Status = { Unknown: 0n, Valid: 1n, Revoked: 2n } as const;
const InstitutionStatus = { None: 0n, Accredited: 1n, Suspended: 2n } as const;
const Reason = { ClericalError: 1n, Fraud: 2n } as const;

const FR = "0x4652";
const DE = "0x4445";
const UNIVERSITY = "Université de Lyonnesse";
const POLYTECHNIC = "Technische Hochschule Nordmark";
const ACCREDITATION_FR = id("accreditation decision FR-2024-17");
const ACCREDITATION_DE = id("accreditation decision DE-2023-02");
const SUSPENSION = id("suspension decision 2025-03");
const REINSTATEMENT = id("accreditation decision FR-2025-09");
const MSC = encodeBytes32String("MSC-CS");
const DAY = 24n * 3600n;

/** Leaf types of a batch, as documented in IDiplomaRegistry: the status index is the diploma's place in its class. */
const LEAF_TYPES = ["bytes32", "bytes32", "uint32"];

type DiplomaData = IDiplomaRegistry.DiplomaDataStruct;
type Verification = {
  status: bigint;
  institutionId: bigint;
  issuer: string;
  issuedAt: bigint;
  accreditedAtIssuance: boolean;
  revokedAt: bigint;
  revocationReason: bigint;
  supersededBy: string;
};

const UNKNOWN: Verification = {
  status: Status.Unknown,
  institutionId: 0n,
  issuer: ZeroAddress,
  issuedAt: 0n,
  accreditedAtIssuance: false,
  revokedAt: 0n,
  revocationReason: 0n,
  supersededBy: ZeroHash,
};

/** A diploma whose every hash is derived from `label`, awarded a day ago. */
async function diploma(label: string, holderWallet: string = ZeroAddress): Promise<DiplomaData> {
  return {
    documentHash: id(`diploma document ${label}`),
    holderCommitment: id(`salted holder commitment ${label}`),
    holderWallet,
    programmeCode: MSC,
    awardedAt: BigInt(await time.latest()) - DAY,
  };
}

/**
 * A graduating class of `size` diplomas as a StandardMerkleTree over `[documentHash, holderCommitment, statusIndex]`,
 * each diploma's status index being its place in the class.
 */
function graduatingClass(label: string, size: number) {
  const values = Array.from({ length: size }, (_, i) => [
    id(`diploma document ${label} #${i}`),
    id(`salted holder commitment ${label} #${i}`),
    i,
  ]);
  return StandardMerkleTree.of<(string | number)[]>(values, LEAF_TYPES);
}

/** Diploma number `index` of a class as `IDiplomaRegistry.BatchDiploma`: its leaf's values and its proof. */
function leafOf(tree: StandardMerkleTree<(string | number)[]>, index: number) {
  const [documentHash, holderCommitment, statusIndex] = tree.at(index)!;
  return {
    documentHash: String(documentHash),
    holderCommitment: String(holderCommitment),
    statusIndex: Number(statusIndex),
    proof: tree.getProof(index),
  };
}

function plain(v: Verification): Verification {
  return {
    status: v.status,
    institutionId: v.institutionId,
    issuer: v.issuer,
    issuedAt: v.issuedAt,
    accreditedAtIssuance: v.accreditedAtIssuance,
    revokedAt: v.revokedAt,
    revocationReason: v.revocationReason,
    supersededBy: v.supersededBy,
  };
}

async function timestampOf(tx: ContractTransactionResponse): Promise<bigint> {
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return BigInt(block!.timestamp);
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  return (await (await tx).wait())!.gasUsed;
}

/** The suite with two institutions: 1 (FR, issuer `diplomaIssuer`) and 2 (DE, issuer `carol`); `bob` holds DIPLOMA_ISSUER unbound. */
async function diplomaFixture() {
  const suite = await deploySuite(connection);
  const { accounts, authority, diplomas } = suite;
  const { admin, accreditor, diplomaIssuer, carol, bob } = accounts;
  await authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, carol.address, 0);
  await authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, bob.address, 0);
  const asAccreditor = diplomas.connect(accreditor);
  const registeredAt = await timestampOf(await asAccreditor.registerInstitution(UNIVERSITY, FR, ACCREDITATION_FR));
  await asAccreditor.registerInstitution(POLYTECHNIC, DE, ACCREDITATION_DE);
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  await asAccreditor.bindIssuer(carol.address, 2);
  return {
    ...suite,
    registeredAt,
    asAccreditor,
    asIssuer: diplomas.connect(diplomaIssuer),
    asOtherIssuer: diplomas.connect(carol),
    asUnboundIssuer: diplomas.connect(bob),
  };
}

/** `diplomaFixture` plus one diploma issued alone and one class of eight under a root, both by institution 1. */
async function issuedFixture() {
  const f = await diplomaFixture();
  const single = await diploma("alone", f.accounts.alice.address);
  const singleIssuedAt = await timestampOf(await f.asIssuer.issue(single));
  const tree = graduatingClass("class of 2025", 8);
  const batchIssuedAt = await timestampOf(await f.asIssuer.issueBatch(tree.root, 8));
  return { ...f, single, singleIssuedAt, tree, batchIssuedAt };
}

async function emptySuiteFixture() {
  return deploySuite(connection);
}

describe("DiplomaRegistry", function () {
  describe("deployment and access", function () {
    it("reports version 1.1.0 and is managed by the suite's authority", async function () {
      const { diplomas, authority } = await networkHelpers.loadFixture(emptySuiteFixture);
      expect(await diplomas.version()).to.equal("1.1.0");
      expect(await diplomas.authority()).to.equal(await authority.getAddress());
      expect(await diplomas.institutionCount()).to.equal(0n);
      expect(await diplomas.MAX_ISSUERS_PER_INSTITUTION()).to.equal(32n);
    });

    it("cannot be initialised a second time", async function () {
      const { diplomas, accounts } = await networkHelpers.loadFixture(emptySuiteFixture);
      await expect(diplomas.initialize(accounts.admin.address)).to.be.revertedWithCustomError(
        diplomas,
        "InvalidInitialization",
      );
    });

    it("refuses every restricted function to an account without its role", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { outsider, accreditor, diplomaIssuer } = f.accounts;
      const d = await diploma("refused");
      const leaf = leafOf(f.tree, 0);
      const asOutsider = f.diplomas.connect(outsider);
      const asAccreditor = f.diplomas.connect(accreditor);
      const asIssuer = f.diplomas.connect(diplomaIssuer);
      const calls: [string, () => Promise<unknown>][] = [
        ["registerInstitution", () => asIssuer.registerInstitution(UNIVERSITY, FR, ACCREDITATION_FR)],
        ["suspendInstitution", () => asIssuer.suspendInstitution(1, SUSPENSION)],
        ["reinstateInstitution", () => asOutsider.reinstateInstitution(1, REINSTATEMENT)],
        ["bindIssuer", () => asIssuer.bindIssuer(outsider.address, 1)],
        ["unbindIssuer", () => asIssuer.unbindIssuer(diplomaIssuer.address)],
        ["revokeAsAccreditor", () => asIssuer.revokeAsAccreditor(1n, f.single.documentHash, Reason.Fraud)],
        ["revokeInBatchAsAccreditor", () => asIssuer.revokeInBatchAsAccreditor(1n, f.tree.root, leaf, Reason.Fraud)],
        [
          "revokeManyInBatchAsAccreditor",
          () => asIssuer.revokeManyInBatchAsAccreditor(1n, f.tree.root, [leaf], Reason.Fraud),
        ],
        ["issue", () => asAccreditor.issue(d)],
        ["issueBatch", () => asAccreditor.issueBatch(id("root"), 3)],
        ["revoke", () => asAccreditor.revoke(f.single.documentHash, Reason.Fraud)],
        ["revokeInBatch", () => asAccreditor.revokeInBatch(f.tree.root, leaf, Reason.Fraud)],
        ["revokeManyInBatch", () => asAccreditor.revokeManyInBatch(f.tree.root, [leaf], Reason.Fraud)],
        ["reissue", () => asAccreditor.reissue(f.single.documentHash, Reason.ClericalError, d)],
        ["reissueFromBatch", () => asAccreditor.reissueFromBatch(f.tree.root, leaf, Reason.ClericalError, d)],
        ["pause", () => asOutsider.pause()],
        ["unpause", () => asOutsider.unpause()],
        ["upgradeToAndCall", () => asOutsider.upgradeToAndCall(outsider.address, "0x")],
      ];
      for (const [name, call] of calls) {
        await expect(call(), name).to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized");
      }
      await expect(asIssuer.registerInstitution(UNIVERSITY, FR, ACCREDITATION_FR))
        .to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized")
        .withArgs(diplomaIssuer.address);
      await expect(asAccreditor.issue(d))
        .to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized")
        .withArgs(accreditor.address);
      await expect(asOutsider.pause())
        .to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized")
        .withArgs(outsider.address);
    });
  });

  describe("institutions", function () {
    it("an accreditor registers an accredited institution", async function () {
      const { diplomas, accounts } = await networkHelpers.loadFixture(emptySuiteFixture);
      const asAccreditor = diplomas.connect(accounts.accreditor);
      expect(await asAccreditor.registerInstitution.staticCall(UNIVERSITY, FR, ACCREDITATION_FR)).to.equal(1n);
      const tx = await asAccreditor.registerInstitution(UNIVERSITY, FR, ACCREDITATION_FR);
      await expect(tx).to.emit(diplomas, "InstitutionRegistered").withArgs(1n, FR, UNIVERSITY, ACCREDITATION_FR);
      const at = await timestampOf(tx);

      const institution = await diplomas.institution(1);
      expect(institution.status).to.equal(InstitutionStatus.Accredited);
      expect(institution.country).to.equal(FR);
      expect(institution.registeredAt).to.equal(at);
      expect(institution.issuerCount).to.equal(0n);
      expect(institution.accreditationDocument).to.equal(ACCREDITATION_FR);
      expect(institution.name).to.equal(UNIVERSITY);
      expect(await diplomas.institutionCount()).to.equal(1n);
      expect(await diplomas.accreditationHistoryLength(1)).to.equal(1n);
      expect((await diplomas.accreditationHistory(1, 0, 10)).map((c) => [c.from, c.accredited])).to.deep.equal([
        [at, true],
      ]);
      expect(await diplomas.accreditedAt(1, at)).to.equal(true);
      expect(await diplomas.accreditedAt(1, at - 1n)).to.equal(false);
    });

    it("institution ids count from 1", async function () {
      const { diplomas } = await networkHelpers.loadFixture(diplomaFixture);
      expect(await diplomas.institutionCount()).to.equal(2n);
      expect((await diplomas.institution(2)).name).to.equal(POLYTECHNIC);
      await expect(diplomas.institution(0))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(0n);
      await expect(diplomas.institution(3))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(3n);
    });

    it("an institution needs a name, a country code and an accreditation document", async function () {
      const { diplomas, accounts } = await networkHelpers.loadFixture(emptySuiteFixture);
      const asAccreditor = diplomas.connect(accounts.accreditor);
      await expect(asAccreditor.registerInstitution("", FR, ACCREDITATION_FR)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyName",
      );
      for (const country of ["0x0000", "0x6672", "0x4631", "0x465b", "0x4046"]) {
        await expect(asAccreditor.registerInstitution(UNIVERSITY, country, ACCREDITATION_FR))
          .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidCountryCode")
          .withArgs(country);
      }
      await expect(asAccreditor.registerInstitution(UNIVERSITY, FR, ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyDocumentHash",
      );
      await expect(asAccreditor.registerInstitution(UNIVERSITY, "0x415a", ACCREDITATION_FR)).to.emit(
        diplomas,
        "InstitutionRegistered",
      );
    });

    it("an accreditor suspends an accredited institution", async function () {
      const { diplomas, asAccreditor, registeredAt } = await networkHelpers.loadFixture(diplomaFixture);
      const tx = await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(tx).to.emit(diplomas, "InstitutionSuspended").withArgs(1n, SUSPENSION);
      const at = await timestampOf(tx);
      const institution = await diplomas.institution(1);
      expect(institution.status).to.equal(InstitutionStatus.Suspended);
      expect(institution.accreditationDocument).to.equal(ACCREDITATION_FR);
      expect((await diplomas.accreditationHistory(1, 0, 10)).map((c) => [c.from, c.accredited])).to.deep.equal([
        [registeredAt, true],
        [at + 1n, false],
      ]);
      expect(await diplomas.accreditedAt(1, at)).to.equal(true);
      expect(await diplomas.accreditedAt(1, at + 1n)).to.equal(false);
      expect((await diplomas.institution(2)).status).to.equal(InstitutionStatus.Accredited);
    });

    it("only an accredited institution can be suspended, with a decision", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(diplomaFixture);
      await expect(asAccreditor.suspendInstitution(1, ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(asAccreditor.suspendInstitution(9, SUSPENSION))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(9n);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asAccreditor.suspendInstitution(1, SUSPENSION))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnexpectedInstitutionStatus")
        .withArgs(1n, InstitutionStatus.Suspended);
    });

    it("an accreditor reinstates a suspended institution with a new accreditation document", async function () {
      const { diplomas, asAccreditor, registeredAt } = await networkHelpers.loadFixture(diplomaFixture);
      const suspendedAt = await timestampOf(await asAccreditor.suspendInstitution(1, SUSPENSION));
      await time.increase(30n * DAY);
      const tx = await asAccreditor.reinstateInstitution(1, REINSTATEMENT);
      await expect(tx).to.emit(diplomas, "InstitutionReinstated").withArgs(1n, REINSTATEMENT);
      const reinstatedAt = await timestampOf(tx);
      const institution = await diplomas.institution(1);
      expect(institution.status).to.equal(InstitutionStatus.Accredited);
      expect(institution.accreditationDocument).to.equal(REINSTATEMENT);
      expect((await diplomas.accreditationHistory(1, 0, 10)).map((c) => [c.from, c.accredited])).to.deep.equal([
        [registeredAt, true],
        [suspendedAt + 1n, false],
        [reinstatedAt, true],
      ]);
    });

    it("only a suspended institution can be reinstated, with a document", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(diplomaFixture);
      await expect(asAccreditor.reinstateInstitution(1, REINSTATEMENT))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnexpectedInstitutionStatus")
        .withArgs(1n, InstitutionStatus.Accredited);
      await expect(asAccreditor.reinstateInstitution(7, REINSTATEMENT))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(7n);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asAccreditor.reinstateInstitution(1, ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyDocumentHash",
      );
    });

    it("the accreditation history is read page by page", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(diplomaFixture);
      for (let i = 0; i < 3; i++) {
        await asAccreditor.suspendInstitution(1, SUSPENSION);
        await time.increase(DAY);
        await asAccreditor.reinstateInstitution(1, REINSTATEMENT);
        await time.increase(DAY);
      }
      expect(await diplomas.accreditationHistoryLength(1)).to.equal(7n);
      const all = await diplomas.accreditationHistory(1, 0, 100);
      expect(all.map((c) => c.accredited)).to.deep.equal([true, false, true, false, true, false, true]);
      const page = await diplomas.accreditationHistory(1, 2, 3);
      expect(page.map((c) => c.from)).to.deep.equal(all.slice(2, 5).map((c) => c.from));
      expect(await diplomas.accreditationHistory(1, 7, 3)).to.have.length(0);
      await expect(diplomas.accreditationHistory(1, 8, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidPage")
        .withArgs(8n, 7n);
      await expect(diplomas.accreditationHistory(5, 0, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(5n);
      await expect(diplomas.accreditationHistoryLength(5))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(5n);
    });

    it("an unknown institution was never accredited", async function () {
      const { diplomas } = await networkHelpers.loadFixture(diplomaFixture);
      expect(await diplomas.accreditedAt(42, await time.latest())).to.equal(false);
    });
  });

  describe("issuers", function () {
    it("an accreditor binds an issuer account to one institution", async function () {
      const { diplomas, asAccreditor, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const { bob, diplomaIssuer } = accounts;
      await expect(asAccreditor.bindIssuer(bob.address, 1)).to.emit(diplomas, "IssuerBound").withArgs(bob.address, 1n);
      expect(await diplomas.institutionOf(bob.address)).to.equal(1n);
      expect((await diplomas.institution(1)).issuerCount).to.equal(2n);
      expect([...(await diplomas.issuersOf(1, 0, 10))]).to.deep.equal([diplomaIssuer.address, bob.address]);
      expect(await diplomas.institutionOf(accounts.outsider.address)).to.equal(0n);
    });

    it("an issuer account is bound once, to a known institution, and is not zero", async function () {
      const { diplomas, asAccreditor, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const { bob, diplomaIssuer } = accounts;
      await expect(asAccreditor.bindIssuer(ZeroAddress, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidIssuer")
        .withArgs(ZeroAddress);
      await expect(asAccreditor.bindIssuer(diplomaIssuer.address, 2))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerAlreadyBound")
        .withArgs(diplomaIssuer.address, 1n);
      await expect(asAccreditor.bindIssuer(bob.address, 3))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(3n);
    });

    it("an institution has at most MAX_ISSUERS_PER_INSTITUTION issuer accounts", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(diplomaFixture);
      for (let i = 1; i < 32; i++) {
        await asAccreditor.bindIssuer(Wallet.createRandom().address, 2);
      }
      expect((await diplomas.institution(2)).issuerCount).to.equal(32n);
      await expect(asAccreditor.bindIssuer(Wallet.createRandom().address, 2))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryTooManyIssuers")
        .withArgs(2n, 32n);
      await expect(asAccreditor.suspendInstitution(2, SUSPENSION)).to.emit(diplomas, "InstitutionSuspended");
    });

    it("an accreditor unbinds an issuer account", async function () {
      const { diplomas, asAccreditor, asIssuer, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const { diplomaIssuer } = accounts;
      await expect(asAccreditor.unbindIssuer(diplomaIssuer.address))
        .to.emit(diplomas, "IssuerUnbound")
        .withArgs(diplomaIssuer.address, 1n);
      expect(await diplomas.institutionOf(diplomaIssuer.address)).to.equal(0n);
      expect(await diplomas.issuersOf(1, 0, 10)).to.have.length(0);
      await expect(asIssuer.issue(await diploma("after unbinding")))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(diplomaIssuer.address);
      await expect(asAccreditor.unbindIssuer(diplomaIssuer.address))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(diplomaIssuer.address);
      await expect(asAccreditor.bindIssuer(diplomaIssuer.address, 2)).to.emit(diplomas, "IssuerBound");
      expect(await diplomas.institutionOf(diplomaIssuer.address)).to.equal(2n);
    });

    it("an institution's issuers are read page by page", async function () {
      const { diplomas, asAccreditor, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const added = Array.from({ length: 4 }, () => Wallet.createRandom().address);
      for (const issuer of added) await asAccreditor.bindIssuer(issuer, 1);
      const all = [accounts.diplomaIssuer.address, ...added];
      expect([...(await diplomas.issuersOf(1, 0, 100))]).to.deep.equal(all);
      expect([...(await diplomas.issuersOf(1, 1, 2))]).to.deep.equal(all.slice(1, 3));
      expect(await diplomas.issuersOf(1, 5, 2)).to.have.length(0);
      await expect(diplomas.issuersOf(1, 6, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidPage")
        .withArgs(6n, 5n);
      await expect(diplomas.issuersOf(4, 0, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(4n);
    });

    it("an issuer of a suspended institution cannot issue until it is reinstated", async function () {
      const { diplomas, asAccreditor, asIssuer, asUnboundIssuer, accounts } =
        await networkHelpers.loadFixture(diplomaFixture);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await asAccreditor.bindIssuer(accounts.bob.address, 1);
      for (const issuer of [asIssuer, asUnboundIssuer]) {
        await expect(issuer.issue(await diploma("while suspended")))
          .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInstitutionSuspended")
          .withArgs(1n);
      }
      await asAccreditor.reinstateInstitution(1, REINSTATEMENT);
      await expect(asIssuer.issue(await diploma("reinstated 1"))).to.emit(diplomas, "DiplomaIssued");
      await expect(asUnboundIssuer.issue(await diploma("reinstated 2"))).to.emit(diplomas, "DiplomaIssued");
    });
  });

  describe("issuing one diploma", function () {
    it("an issuer issues a diploma for its institution", async function () {
      const { diplomas, asIssuer, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const d = await diploma("alice", accounts.alice.address);
      const tx = await asIssuer.issue(d);
      await expect(tx)
        .to.emit(diplomas, "DiplomaIssued")
        .withArgs(
          d.documentHash,
          1n,
          accounts.alice.address,
          accounts.diplomaIssuer.address,
          d.holderCommitment,
          MSC,
          d.awardedAt,
        );
      expect(plain(await diplomas.verify(1n, d.documentHash))).to.deep.equal({
        ...UNKNOWN,
        status: Status.Valid,
        institutionId: 1n,
        issuer: accounts.diplomaIssuer.address,
        issuedAt: await timestampOf(tx),
        accreditedAtIssuance: true,
      });
    });

    it("a diploma may have no holder wallet and may be awarded in the same second", async function () {
      const { diplomas, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const next = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(next);
      const d = { ...(await diploma("no wallet")), awardedAt: next };
      await expect(asIssuer.issue(d))
        .to.emit(diplomas, "DiplomaIssued")
        .withArgs(d.documentHash, 1n, ZeroAddress, anyValue, d.holderCommitment, MSC, next);
    });

    it("an institution cannot issue the same document twice", async function () {
      const { diplomas, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const d = await diploma("twice");
      await asIssuer.issue(d);
      await expect(asIssuer.issue({ ...d, holderCommitment: id("another holder") }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryDuplicateDocument")
        .withArgs(1n, d.documentHash);
    });

    it("another institution copying a pending issue gains nothing: the copy is its own record", async function () {
      const { diplomas, asIssuer, asOtherIssuer, asAccreditor, accounts } =
        await networkHelpers.loadFixture(diplomaFixture);
      const d = await diploma("front-run");
      await expect(asOtherIssuer.issue(d)).to.emit(diplomas, "DiplomaIssued");
      await expect(asIssuer.issue(d))
        .to.emit(diplomas, "DiplomaIssued")
        .withArgs(d.documentHash, 1n, ZeroAddress, accounts.diplomaIssuer.address, d.holderCommitment, MSC, anyValue);
      const original = await diplomas.verify(1n, d.documentHash);
      expect([original.status, original.institutionId, original.issuer]).to.deep.equal([
        Status.Valid,
        1n,
        accounts.diplomaIssuer.address,
      ]);
      expect((await diplomas.verify(2n, d.documentHash)).institutionId).to.equal(2n);
      await asOtherIssuer.revoke(d.documentHash, Reason.Fraud);
      expect((await diplomas.verify(1n, d.documentHash)).status).to.equal(Status.Valid);
      await expect(asAccreditor.revokeAsAccreditor(2n, d.documentHash, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, d.documentHash);
      await asIssuer.revoke(d.documentHash, Reason.ClericalError);
      expect((await diplomas.verify(1n, d.documentHash)).revocationReason).to.equal(Reason.ClericalError);
    });

    it("a diploma needs a document hash, a holder commitment and a past award date", async function () {
      const { diplomas, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const d = await diploma("inputs");
      await expect(asIssuer.issue({ ...d, documentHash: ZeroHash })).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyDocumentHash",
      );
      await expect(asIssuer.issue({ ...d, holderCommitment: ZeroHash })).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyHolderCommitment",
      );
      await expect(asIssuer.issue({ ...d, awardedAt: 0 }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidAwardDate")
        .withArgs(0n);
      const future = BigInt(await time.latest()) + DAY;
      await expect(asIssuer.issue({ ...d, awardedAt: future }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidAwardDate")
        .withArgs(future);
    });

    it("an issuer account that is not bound cannot issue", async function () {
      const { diplomas, asUnboundIssuer, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      await expect(asUnboundIssuer.issue(await diploma("unbound")))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
    });

    it("issuing costs the same gas for the first and the tenth diploma", async function () {
      const { asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const awardedAt = BigInt(await time.latest()) - DAY;
      const gas: bigint[] = [];
      for (let i = 1; i <= 10; i++) {
        // Hashes without zero bytes, so that every transaction pays the same calldata price.
        const byte = (0x10 + i).toString(16);
        gas.push(
          await gasOf(
            asIssuer.issue({
              documentHash: `0x${byte.repeat(32)}`,
              holderCommitment: `0x${"7f".repeat(31)}${byte}`,
              holderWallet: ZeroAddress,
              programmeCode: MSC,
              awardedAt,
            }),
          ),
        );
      }
      expect(new Set(gas).size, gas.join(", ")).to.equal(1);
    });
  });

  describe("issuing a batch", function () {
    it("an issuer records a whole class under one Merkle root", async function () {
      const { diplomas, asIssuer, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("class of 2024", 25);
      const tx = await asIssuer.issueBatch(tree.root, 25);
      await expect(tx).to.emit(diplomas, "BatchIssued").withArgs(tree.root, 1n, accounts.diplomaIssuer.address, 25n);
      const issuedAt = await timestampOf(tx);
      for (let i = 0; i < 25; i++) {
        const leaf = leafOf(tree, i);
        expect(plain(await diplomas.verifyInBatch(1n, tree.root, leaf))).to.deep.equal({
          ...UNKNOWN,
          status: Status.Valid,
          institutionId: 1n,
          issuer: accounts.diplomaIssuer.address,
          issuedAt,
          accreditedAtIssuance: true,
        });
      }
    });

    it("the registry computes a batch leaf exactly as StandardMerkleTree does", async function () {
      const { diplomas } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("leaves", 3);
      for (let i = 0; i < 3; i++) {
        const { documentHash, holderCommitment, statusIndex } = leafOf(tree, i);
        expect(await diplomas.batchLeaf(documentHash, holderCommitment, statusIndex)).to.equal(
          tree.leafHash([documentHash, holderCommitment, statusIndex]),
        );
      }
    });

    it("a class of one verifies with an empty proof", async function () {
      const { diplomas, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("class of one", 1);
      await asIssuer.issueBatch(tree.root, 1);
      const leaf = leafOf(tree, 0);
      expect(leaf.proof).to.deep.equal([]);
      expect((await diplomas.verifyInBatch(1n, tree.root, leaf)).status).to.equal(Status.Valid);
    });

    it("a batch needs a root, at least one diploma, and a root never used", async function () {
      const { diplomas, asIssuer, asOtherIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("inputs", 4);
      await expect(asIssuer.issueBatch(ZeroHash, 4)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyRoot",
      );
      await expect(asIssuer.issueBatch(tree.root, 0))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryEmptyBatch")
        .withArgs(tree.root);
      await asIssuer.issueBatch(tree.root, 4);
      await expect(asIssuer.issueBatch(tree.root, 4))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryDuplicateRoot")
        .withArgs(1n, tree.root);
      await expect(asOtherIssuer.issueBatch(tree.root, 4)).to.emit(diplomas, "BatchIssued");
      await expect(asOtherIssuer.issueBatch(tree.root, 4))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryDuplicateRoot")
        .withArgs(2n, tree.root);
    });

    it("a root copied by another institution from the mempool neither blocks nor captures the original batch", async function () {
      const { diplomas, asIssuer, asOtherIssuer, accounts } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("copied class", 4);
      const leaf = leafOf(tree, 2);
      await asOtherIssuer.issueBatch(tree.root, 4);
      await expect(asIssuer.issueBatch(tree.root, 4))
        .to.emit(diplomas, "BatchIssued")
        .withArgs(tree.root, 1n, accounts.diplomaIssuer.address, 4n);
      const original = await diplomas.verifyInBatch(1n, tree.root, leaf);
      expect([original.status, original.institutionId, original.issuer]).to.deep.equal([
        Status.Valid,
        1n,
        accounts.diplomaIssuer.address,
      ]);
      await asOtherIssuer.revokeInBatch(tree.root, leaf, Reason.Fraud);
      expect((await diplomas.verifyInBatch(1n, tree.root, leaf)).status).to.equal(Status.Valid);
      expect(await diplomas.isRevokedInBatch(2n, tree.root, 2)).to.equal(true);
      await expect(asIssuer.revokeInBatch(tree.root, leaf, Reason.ClericalError))
        .to.emit(diplomas, "DiplomaRevokedInBatch")
        .withArgs(tree.root, leaf.documentHash, 1n, 2n, accounts.diplomaIssuer.address, Reason.ClericalError, anyValue);
      expect((await diplomas.verifyInBatch(1n, tree.root, leaf)).status).to.equal(Status.Revoked);
    });

    it("a batch needs a bound issuer of an accredited institution", async function () {
      const { diplomas, asIssuer, asUnboundIssuer, asAccreditor, accounts } =
        await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("refused", 2);
      await expect(asUnboundIssuer.issueBatch(tree.root, 2))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asIssuer.issueBatch(tree.root, 2))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInstitutionSuspended")
        .withArgs(1n);
    });

    it("a wrong proof, a wrong holder, a wrong status index or an unknown root verifies as unknown", async function () {
      const { diplomas, tree } = await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 3);
      const other = leafOf(tree, 4);
      expect(plain(await diplomas.verifyInBatch(1n, tree.root, { ...leaf, proof: other.proof }))).to.deep.equal(
        UNKNOWN,
      );
      expect(
        plain(await diplomas.verifyInBatch(1n, tree.root, { ...leaf, holderCommitment: id("someone else") })),
      ).to.deep.equal(UNKNOWN);
      // The status index is part of the leaf: a verifier cannot be pointed at another diploma's bit.
      expect(plain(await diplomas.verifyInBatch(1n, tree.root, { ...leaf, statusIndex: 4 }))).to.deep.equal(UNKNOWN);
      const stranger = graduatingClass("never issued", 8);
      expect(plain(await diplomas.verifyInBatch(1n, stranger.root, leafOf(stranger, 3)))).to.deep.equal(UNKNOWN);
    });

    it("a diploma never issued alone verifies as unknown", async function () {
      const { diplomas, tree } = await networkHelpers.loadFixture(issuedFixture);
      expect(plain(await diplomas.verify(1n, id("forged document")))).to.deep.equal(UNKNOWN);
      expect(plain(await diplomas.verify(1n, leafOf(tree, 0).documentHash))).to.deep.equal(UNKNOWN);
    });
  });

  describe("revoking", function () {
    it("an issuer revokes a diploma of its institution", async function () {
      const { diplomas, asIssuer, single, singleIssuedAt, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const tx = await asIssuer.revoke(single.documentHash, Reason.Fraud);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevoked")
        .withArgs(ZeroHash, single.documentHash, 1n, accounts.diplomaIssuer.address, Reason.Fraud);
      expect(plain(await diplomas.verify(1n, single.documentHash))).to.deep.equal({
        status: Status.Revoked,
        institutionId: 1n,
        issuer: accounts.diplomaIssuer.address,
        issuedAt: singleIssuedAt,
        accreditedAtIssuance: true,
        revokedAt: await timestampOf(tx),
        revocationReason: Reason.Fraud,
        supersededBy: ZeroHash,
      });
    });

    it("a diploma cannot be revoked twice", async function () {
      const { diplomas, asIssuer, asAccreditor, single } = await networkHelpers.loadFixture(issuedFixture);
      await asIssuer.revoke(single.documentHash, Reason.Fraud);
      await expect(asIssuer.revoke(single.documentHash, Reason.ClericalError))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, single.documentHash);
      await expect(asAccreditor.revokeAsAccreditor(1n, single.documentHash, Reason.ClericalError))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, single.documentHash);
      expect((await diplomas.verify(1n, single.documentHash)).revocationReason).to.equal(Reason.Fraud);
    });

    it("an unknown diploma cannot be revoked", async function () {
      const { diplomas, asIssuer, asAccreditor, tree } = await networkHelpers.loadFixture(issuedFixture);
      const inBatch = leafOf(tree, 0).documentHash;
      for (const hash of [id("forged document"), inBatch]) {
        await expect(asIssuer.revoke(hash, Reason.Fraud))
          .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
          .withArgs(1n, hash);
        await expect(asAccreditor.revokeAsAccreditor(1n, hash, Reason.Fraud))
          .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
          .withArgs(1n, hash);
      }
    });

    it("an issuer cannot revoke another institution's diploma, nor can an unbound account", async function () {
      const { diplomas, asOtherIssuer, asUnboundIssuer, single, accounts } =
        await networkHelpers.loadFixture(issuedFixture);
      await expect(asOtherIssuer.revoke(single.documentHash, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
        .withArgs(2n, single.documentHash);
      await expect(asUnboundIssuer.revoke(single.documentHash, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
    });

    it("an issuer of a suspended institution can still revoke its diplomas", async function () {
      const { diplomas, asIssuer, asAccreditor, single } = await networkHelpers.loadFixture(issuedFixture);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asIssuer.revoke(single.documentHash, Reason.Fraud)).to.emit(diplomas, "DiplomaRevoked");
    });

    it("an accreditor revokes any institution's diploma", async function () {
      const { diplomas, asAccreditor, asOtherIssuer, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const d = await diploma("polytechnic");
      await asOtherIssuer.issue(d);
      await expect(asAccreditor.revokeAsAccreditor(1n, d.documentHash, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
        .withArgs(1n, d.documentHash);
      const tx = await asAccreditor.revokeAsAccreditor(2n, d.documentHash, Reason.Fraud);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevoked")
        .withArgs(ZeroHash, d.documentHash, 2n, accounts.accreditor.address, Reason.Fraud);
      const v = await diplomas.verify(2n, d.documentHash);
      expect(v.status).to.equal(Status.Revoked);
      expect(v.issuer).to.equal(accounts.carol.address);
      expect(v.revokedAt).to.equal(await timestampOf(tx));
    });

    it("an issuer revokes one diploma inside a batch and the rest stays valid", async function () {
      const { diplomas, asIssuer, tree, batchIssuedAt, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 5);
      const tx = await asIssuer.revokeInBatch(tree.root, leaf, Reason.ClericalError);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevokedInBatch")
        .withArgs(
          tree.root,
          leaf.documentHash,
          1n,
          5n,
          accounts.diplomaIssuer.address,
          Reason.ClericalError,
          await timestampOf(tx),
        );
      // The status list keeps the bit; the time and reason are in the event.
      expect(plain(await diplomas.verifyInBatch(1n, tree.root, leaf))).to.deep.equal({
        status: Status.Revoked,
        institutionId: 1n,
        issuer: accounts.diplomaIssuer.address,
        issuedAt: batchIssuedAt,
        accreditedAtIssuance: true,
        revokedAt: 0n,
        revocationReason: 0n,
        supersededBy: ZeroHash,
      });
      expect(await diplomas.isRevokedInBatch(1n, tree.root, 5)).to.equal(true);
      for (const i of [0, 1, 2, 3, 4, 6, 7]) {
        expect((await diplomas.verifyInBatch(1n, tree.root, leafOf(tree, i))).status, `leaf ${i}`).to.equal(
          Status.Valid,
        );
        expect(await diplomas.isRevokedInBatch(1n, tree.root, i), `bit ${i}`).to.equal(false);
      }
    });

    it("revoking inside a batch checks the batch, the issuer, the proof and a previous revocation", async function () {
      const { diplomas, asIssuer, asOtherIssuer, asUnboundIssuer, tree, accounts } =
        await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 2);
      const unknownRoot = graduatingClass("never issued", 8).root;
      await expect(asIssuer.revokeInBatch(unknownRoot, leaf, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(1n, unknownRoot);
      await expect(asOtherIssuer.revokeInBatch(tree.root, leaf, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(2n, tree.root);
      await expect(asUnboundIssuer.revokeInBatch(tree.root, leaf, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
      const { documentHash, holderCommitment } = leaf;
      const wrongProof = { ...leaf, proof: leafOf(tree, 3).proof };
      await expect(asIssuer.revokeInBatch(tree.root, wrongProof, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, documentHash, holderCommitment, 2n);
      const forged = id("forged document");
      await expect(asIssuer.revokeInBatch(tree.root, { ...leaf, documentHash: forged }, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, forged, holderCommitment, 2n);
      // Another diploma's bit cannot be named: the status index is in the leaf.
      await expect(asIssuer.revokeInBatch(tree.root, { ...leaf, statusIndex: 3 }, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, documentHash, holderCommitment, 3n);
      await asIssuer.revokeInBatch(tree.root, leaf, Reason.Fraud);
      await expect(asIssuer.revokeInBatch(tree.root, leaf, Reason.Fraud))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(tree.root, documentHash);
    });

    it("an accreditor revokes a diploma inside any institution's batch", async function () {
      const { diplomas, asAccreditor, tree, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 7);
      const tx = await asAccreditor.revokeInBatchAsAccreditor(1n, tree.root, leaf, 9);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevokedInBatch")
        .withArgs(tree.root, leaf.documentHash, 1n, 7n, accounts.accreditor.address, 9n, await timestampOf(tx));
      const v = await diplomas.verifyInBatch(1n, tree.root, leaf);
      expect(v.status).to.equal(Status.Revoked);
      expect(await diplomas.isRevokedInBatch(1n, tree.root, 7)).to.equal(true);
    });

    it("an accreditor's revocation inside a batch checks the batch, the proof and a previous revocation", async function () {
      const { diplomas, asAccreditor, tree } = await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 1);
      const unknownRoot = id("unknown root");
      await expect(asAccreditor.revokeInBatchAsAccreditor(1n, unknownRoot, leaf, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(1n, unknownRoot);
      await expect(asAccreditor.revokeInBatchAsAccreditor(1n, tree.root, { ...leaf, proof: [] }, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, leaf.documentHash, leaf.holderCommitment, 1n);
      await asAccreditor.revokeInBatchAsAccreditor(1n, tree.root, leaf, 1);
      await expect(asAccreditor.revokeInBatchAsAccreditor(1n, tree.root, leaf, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(tree.root, leaf.documentHash);
    });

    it("revoking inside a batch does not get dearer with the revocations before it", async function () {
      const { asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      // Leaves without zero bytes, in a full tree of 16, so that every proof has the same length and price.
      const values = Array.from({ length: 16 }, (_, i) => {
        const byte = (0x20 + i).toString(16);
        return [`0x${byte.repeat(32)}`, `0x${"7f".repeat(31)}${byte}`, i];
      });
      const tree = StandardMerkleTree.of<(string | number)[]>(values, LEAF_TYPES);
      await asIssuer.issueBatch(tree.root, 16);
      const gas: bigint[] = [];
      for (let i = 0; i < 16; i++) {
        const leaf = leafOf(tree, i);
        if (leaf.proof.some((p) => p.slice(2).match(/(..)/g)!.includes("00"))) continue;
        gas.push(await gasOf(asIssuer.revokeInBatch(tree.root, leaf, 1)));
      }
      expect(gas.length).to.be.greaterThan(5);
      // The first revocation writes the class's status word from zero; every later one updates it, at one price.
      const [first, ...later] = gas;
      expect(first! > later[0]!, gas.join(", ")).to.equal(true);
      // Sorted-pair hashing takes a slightly different path depending on the order of each pair (the register is
      // compiled via IR for size, whose code for the swap varies by up to 15 gas a level): 64 gas at most over a
      // proof of four levels, where one more slot read per earlier revocation would add 2,100 each.
      const spread = later.reduce((max, g) => (g > max ? g : max)) - later.reduce((min, g) => (g < min ? g : min));
      expect(spread <= 64n, gas.join(", ")).to.equal(true);
    });
  });

  describe("revoking many inside a batch", function () {
    it("an issuer revokes several diplomas of a batch in one call, each with its event, and the rest stays valid", async function () {
      const { diplomas, asIssuer, tree, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const revoked = [6, 1, 3];
      const tx = await asIssuer.revokeManyInBatch(
        tree.root,
        revoked.map((i) => leafOf(tree, i)),
        Reason.Fraud,
      );
      const at = await timestampOf(tx);
      for (const i of revoked) {
        await expect(tx)
          .to.emit(diplomas, "DiplomaRevokedInBatch")
          .withArgs(
            tree.root,
            leafOf(tree, i).documentHash,
            1n,
            BigInt(i),
            accounts.diplomaIssuer.address,
            Reason.Fraud,
            at,
          );
      }
      const receipt = (await tx.wait())!;
      expect(receipt.logs.length).to.equal(revoked.length);
      for (let i = 0; i < tree.length; i++) {
        const expected = revoked.includes(i) ? Status.Revoked : Status.Valid;
        expect((await diplomas.verifyInBatch(1n, tree.root, leafOf(tree, i))).status, `diploma ${i}`).to.equal(
          expected,
        );
        expect(await diplomas.isRevokedInBatch(1n, tree.root, i), `bit ${i}`).to.equal(revoked.includes(i));
      }
    });

    it("an accreditor revokes several diplomas of any institution's batch in one call", async function () {
      const { diplomas, asAccreditor, asOtherIssuer, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const tree = graduatingClass("polytechnic class", 4);
      await asOtherIssuer.issueBatch(tree.root, 4);
      const tx = await asAccreditor.revokeManyInBatchAsAccreditor(2n, tree.root, [leafOf(tree, 0), leafOf(tree, 2)], 5);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevokedInBatch")
        .withArgs(
          tree.root,
          leafOf(tree, 2).documentHash,
          2n,
          2n,
          accounts.accreditor.address,
          5n,
          await timestampOf(tx),
        );
      expect(await diplomas.isRevokedInBatch(2n, tree.root, 0)).to.equal(true);
      expect(await diplomas.isRevokedInBatch(2n, tree.root, 1)).to.equal(false);
      expect(await diplomas.isRevokedInBatch(2n, tree.root, 2)).to.equal(true);
      // The same root under another institution has its own status list.
      expect(await diplomas.isRevokedInBatch(1n, tree.root, 0)).to.equal(false);
    });

    it("a list that is empty, too long, names another institution's batch or comes from an unbound account is refused", async function () {
      const { diplomas, asIssuer, asOtherIssuer, asUnboundIssuer, asAccreditor, tree, accounts } =
        await networkHelpers.loadFixture(issuedFixture);
      const max = await diplomas.MAX_REVOCATIONS_PER_CALL();
      expect(max).to.equal(500n);
      await expect(asIssuer.revokeManyInBatch(tree.root, [], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidRevocationCount")
        .withArgs(0n, max);
      const tooMany = Array.from({ length: Number(max) + 1 }, () => leafOf(tree, 0));
      await expect(asIssuer.revokeManyInBatch(tree.root, tooMany, 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidRevocationCount")
        .withArgs(max + 1n, max);
      await expect(asAccreditor.revokeManyInBatchAsAccreditor(1n, tree.root, [], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidRevocationCount")
        .withArgs(0n, max);
      await expect(asOtherIssuer.revokeManyInBatch(tree.root, [leafOf(tree, 0)], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(2n, tree.root);
      await expect(asAccreditor.revokeManyInBatchAsAccreditor(2n, tree.root, [leafOf(tree, 0)], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(2n, tree.root);
      await expect(asUnboundIssuer.revokeManyInBatch(tree.root, [leafOf(tree, 0)], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
    });

    it("one bad diploma in the list revokes none: a wrong proof, one revoked before or one named twice", async function () {
      const { diplomas, asIssuer, tree } = await networkHelpers.loadFixture(issuedFixture);
      const [a, b, c] = [leafOf(tree, 0), leafOf(tree, 1), leafOf(tree, 2)];
      const forged = { ...c, holderCommitment: id("someone else") };
      await expect(asIssuer.revokeManyInBatch(tree.root, [a, b, forged], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, c.documentHash, forged.holderCommitment, 2n);
      await expect(asIssuer.revokeManyInBatch(tree.root, [a, b, a], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(tree.root, a.documentHash);
      for (const i of [0, 1, 2]) expect(await diplomas.isRevokedInBatch(1n, tree.root, i)).to.equal(false);
      await asIssuer.revokeInBatch(tree.root, b, 1);
      await expect(asIssuer.revokeManyInBatch(tree.root, [a, b], 1))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(tree.root, b.documentHash);
      expect(await diplomas.isRevokedInBatch(1n, tree.root, 0)).to.equal(false);
    });

    it("status bits of indices past the first 256 live in further words of the list", async function () {
      const { diplomas, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const tree = graduatingClass("large class", 600);
      await asIssuer.issueBatch(tree.root, 600);
      await asIssuer.revokeManyInBatch(tree.root, [leafOf(tree, 255), leafOf(tree, 256), leafOf(tree, 599)], 1);
      for (const i of [254, 255, 256, 257, 511, 512, 598, 599]) {
        expect(await diplomas.isRevokedInBatch(1n, tree.root, i), `bit ${i}`).to.equal([255, 256, 599].includes(i));
      }
    });
  });

  describe("reissuing", function () {
    it("an issuer replaces a diploma with a corrected one, linking the old to the new", async function () {
      const { diplomas, asIssuer, single, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const corrected = await diploma("alone, corrected", accounts.alice.address);
      const tx = await asIssuer.reissue(single.documentHash, Reason.ClericalError, corrected);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevoked")
        .withArgs(ZeroHash, single.documentHash, 1n, accounts.diplomaIssuer.address, Reason.ClericalError);
      await expect(tx)
        .to.emit(diplomas, "DiplomaIssued")
        .withArgs(
          corrected.documentHash,
          1n,
          accounts.alice.address,
          accounts.diplomaIssuer.address,
          corrected.holderCommitment,
          MSC,
          corrected.awardedAt,
        );
      await expect(tx)
        .to.emit(diplomas, "DiplomaSuperseded")
        .withArgs(ZeroHash, single.documentHash, corrected.documentHash, 1n);
      const at = await timestampOf(tx);
      const old = await diplomas.verify(1n, single.documentHash);
      expect(old.status).to.equal(Status.Revoked);
      expect(old.revokedAt).to.equal(at);
      expect(old.revocationReason).to.equal(Reason.ClericalError);
      expect(old.supersededBy).to.equal(corrected.documentHash);
      const fresh = await diplomas.verify(1n, corrected.documentHash);
      expect(fresh.status).to.equal(Status.Valid);
      expect(fresh.issuedAt).to.equal(at);
      expect(fresh.supersededBy).to.equal(ZeroHash);
    });

    it("reissuing checks the old diploma, the issuer, its institution and the new document", async function () {
      const { diplomas, asIssuer, asOtherIssuer, asUnboundIssuer, asAccreditor, single, tree, accounts } =
        await networkHelpers.loadFixture(issuedFixture);
      const corrected = await diploma("corrected");
      const unknown = id("forged document");
      await expect(asIssuer.reissue(unknown, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
        .withArgs(1n, unknown);
      await expect(asOtherIssuer.reissue(single.documentHash, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownDiploma")
        .withArgs(2n, single.documentHash);
      await expect(asUnboundIssuer.reissue(single.documentHash, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
      await expect(asIssuer.reissue(single.documentHash, 1, { ...corrected, documentHash: single.documentHash }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryReissueOfItself")
        .withArgs(single.documentHash);
      const other = await diploma("another single");
      await asIssuer.issue(other);
      await expect(asIssuer.reissue(single.documentHash, 1, { ...corrected, documentHash: other.documentHash }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryDuplicateDocument")
        .withArgs(1n, other.documentHash);
      await expect(
        asIssuer.reissue(single.documentHash, 1, { ...corrected, holderCommitment: ZeroHash }),
      ).to.be.revertedWithCustomError(diplomas, "DiplomaRegistryEmptyHolderCommitment");
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asIssuer.reissue(single.documentHash, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInstitutionSuspended")
        .withArgs(1n);
      await asAccreditor.reinstateInstitution(1, REINSTATEMENT);
      await asIssuer.revoke(single.documentHash, Reason.Fraud);
      await expect(asIssuer.reissue(single.documentHash, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, single.documentHash);
      expect((await diplomas.verify(1n, leafOf(tree, 0).documentHash)).status).to.equal(Status.Unknown);
    });

    it("an issuer replaces a diploma inside a batch with a corrected one issued alone", async function () {
      const { diplomas, asIssuer, tree, accounts } = await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 4);
      const corrected = await diploma("class of 2025 #4, corrected");
      const tx = await asIssuer.reissueFromBatch(tree.root, leaf, Reason.ClericalError, corrected);
      await expect(tx)
        .to.emit(diplomas, "DiplomaRevokedInBatch")
        .withArgs(
          tree.root,
          leaf.documentHash,
          1n,
          4n,
          accounts.diplomaIssuer.address,
          Reason.ClericalError,
          await timestampOf(tx),
        );
      await expect(tx)
        .to.emit(diplomas, "DiplomaIssued")
        .withArgs(corrected.documentHash, 1n, ZeroAddress, anyValue, anyValue, anyValue, anyValue);
      await expect(tx)
        .to.emit(diplomas, "DiplomaSuperseded")
        .withArgs(tree.root, leaf.documentHash, corrected.documentHash, 1n);
      const old = await diplomas.verifyInBatch(1n, tree.root, leaf);
      expect(old.status).to.equal(Status.Revoked);
      expect(old.supersededBy).to.equal(corrected.documentHash);
      expect((await diplomas.verify(1n, corrected.documentHash)).status).to.equal(Status.Valid);
      expect((await diplomas.verifyInBatch(1n, tree.root, leafOf(tree, 5))).status).to.equal(Status.Valid);
    });

    it("reissuing from a batch checks the batch, the issuer, the proof and a previous revocation", async function () {
      const { diplomas, asIssuer, asOtherIssuer, asUnboundIssuer, asAccreditor, tree, accounts } =
        await networkHelpers.loadFixture(issuedFixture);
      const leaf = leafOf(tree, 6);
      const corrected = await diploma("class of 2025 #6, corrected");
      const unknownRoot = id("unknown root");
      await expect(asIssuer.reissueFromBatch(unknownRoot, leaf, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(1n, unknownRoot);
      await expect(asOtherIssuer.reissueFromBatch(tree.root, leaf, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(2n, tree.root);
      await expect(asUnboundIssuer.reissueFromBatch(tree.root, leaf, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
      const { documentHash } = leaf;
      const wrongHolder = id("someone else");
      await expect(asIssuer.reissueFromBatch(tree.root, { ...leaf, holderCommitment: wrongHolder }, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(tree.root, documentHash, wrongHolder, 6n);
      const itself = { ...corrected, documentHash };
      await expect(asIssuer.reissueFromBatch(tree.root, leaf, 1, itself))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryReissueOfItself")
        .withArgs(documentHash);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      await expect(asIssuer.reissueFromBatch(tree.root, leaf, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInstitutionSuspended")
        .withArgs(1n);
      await asAccreditor.reinstateInstitution(1, REINSTATEMENT);
      await asAccreditor.revokeInBatchAsAccreditor(1n, tree.root, leaf, Reason.Fraud);
      await expect(asIssuer.reissueFromBatch(tree.root, leaf, 1, corrected))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(tree.root, documentHash);
    });
  });

  describe("accreditation at issuance", function () {
    it("a diploma issued before a suspension still reads as accredited at issuance", async function () {
      const { diplomas, asAccreditor, single, tree } = await networkHelpers.loadFixture(issuedFixture);
      await time.increase(DAY);
      await asAccreditor.suspendInstitution(1, SUSPENSION);
      const v = await diplomas.verify(1n, single.documentHash);
      expect(v.status).to.equal(Status.Valid);
      expect(v.accreditedAtIssuance).to.equal(true);
      const leaf = leafOf(tree, 0);
      const b = await diplomas.verifyInBatch(1n, tree.root, leaf);
      expect(b.status).to.equal(Status.Valid);
      expect(b.accreditedAtIssuance).to.equal(true);
      expect(await diplomas.accreditedAt(1, (await time.latest()) + 1)).to.equal(false);
    });

    it("the accreditation history answers for any time, around a suspension and a reinstatement", async function () {
      const { diplomas, asAccreditor, asIssuer, registeredAt } = await networkHelpers.loadFixture(diplomaFixture);
      const before = await diploma("before suspension");
      const issuedBefore = await timestampOf(await asIssuer.issue(before));
      await time.increase(10n * DAY);
      const suspendedAt = await timestampOf(await asAccreditor.suspendInstitution(1, SUSPENSION));
      await time.increase(100n * DAY);
      const reinstatedAt = await timestampOf(await asAccreditor.reinstateInstitution(1, REINSTATEMENT));
      await time.increase(DAY);
      const after = await diploma("after reinstatement");
      const issuedAfter = await timestampOf(await asIssuer.issue(after));

      expect(await diplomas.accreditedAt(1, registeredAt - 1n)).to.equal(false);
      expect(await diplomas.accreditedAt(1, registeredAt)).to.equal(true);
      expect(await diplomas.accreditedAt(1, issuedBefore)).to.equal(true);
      expect(await diplomas.accreditedAt(1, suspendedAt)).to.equal(true);
      expect(await diplomas.accreditedAt(1, suspendedAt + 1n)).to.equal(false);
      expect(await diplomas.accreditedAt(1, suspendedAt + 50n * DAY)).to.equal(false);
      expect(await diplomas.accreditedAt(1, reinstatedAt - 1n)).to.equal(false);
      expect(await diplomas.accreditedAt(1, reinstatedAt)).to.equal(true);
      expect(await diplomas.accreditedAt(1, issuedAfter)).to.equal(true);
      expect((await diplomas.verify(1n, before.documentHash)).accreditedAtIssuance).to.equal(true);
      expect((await diplomas.verify(1n, after.documentHash)).accreditedAtIssuance).to.equal(true);
      expect((await diplomas.verify(1n, id("never issued"))).accreditedAtIssuance).to.equal(false);
    });

    it("a diploma issued in the same second as a later suspension reads as accredited at issuance", async function () {
      const { diplomas, asAccreditor, asIssuer } = await networkHelpers.loadFixture(diplomaFixture);
      const d = await diploma("same second");
      await ethers.provider.send("evm_setAutomine", [false]);
      let issueTx: ContractTransactionResponse;
      let suspendTx: ContractTransactionResponse;
      try {
        issueTx = await asIssuer.issue(d, { gasLimit: 200_000 });
        suspendTx = await asAccreditor.suspendInstitution(1, SUSPENSION, { gasLimit: 200_000 });
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const issued = await issueTx.wait();
      const suspended = await suspendTx.wait();
      expect(issued!.blockNumber).to.equal(suspended!.blockNumber);
      expect(issued!.index).to.be.lessThan(suspended!.index);
      const at = await timestampOf(issueTx);
      const v = await diplomas.verify(1n, d.documentHash);
      expect(v.issuedAt).to.equal(at);
      expect(v.accreditedAtIssuance).to.equal(true);
      expect((await diplomas.institution(1)).status).to.equal(InstitutionStatus.Suspended);
      expect(await diplomas.accreditedAt(1, at + 1n)).to.equal(false);
    });

    it("a suspension and a reinstatement in the same second leave the institution accredited throughout", async function () {
      const { diplomas, asAccreditor, registeredAt } = await networkHelpers.loadFixture(diplomaFixture);
      await time.increase(DAY);
      await ethers.provider.send("evm_setAutomine", [false]);
      let suspendTx: ContractTransactionResponse;
      try {
        suspendTx = await asAccreditor.suspendInstitution(1, SUSPENSION, { gasLimit: 300_000 });
        await asAccreditor.reinstateInstitution(1, REINSTATEMENT, { gasLimit: 300_000 });
        await networkHelpers.mine();
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      const at = await timestampOf(suspendTx);
      expect((await diplomas.accreditationHistory(1, 0, 10)).map((c) => [c.from, c.accredited])).to.deep.equal([
        [registeredAt, true],
        [at + 1n, true],
      ]);
      expect(await diplomas.accreditedAt(1, at)).to.equal(true);
      expect(await diplomas.accreditedAt(1, at + 1n)).to.equal(true);
      expect((await diplomas.institution(1)).status).to.equal(InstitutionStatus.Accredited);
    });
  });

  describe("pause", function () {
    it("a paused registry refuses every write and still answers reads", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { guardian, admin } = f.accounts;
      await expect(f.diplomas.connect(guardian).pause()).to.emit(f.diplomas, "Paused").withArgs(guardian.address);
      const d = await diploma("paused");
      const leaf = leafOf(f.tree, 0);
      const writes: [string, () => Promise<unknown>][] = [
        ["registerInstitution", () => f.asAccreditor.registerInstitution(UNIVERSITY, FR, ACCREDITATION_FR)],
        ["suspendInstitution", () => f.asAccreditor.suspendInstitution(1, SUSPENSION)],
        ["reinstateInstitution", () => f.asAccreditor.reinstateInstitution(1, REINSTATEMENT)],
        ["bindIssuer", () => f.asAccreditor.bindIssuer(f.accounts.bob.address, 1)],
        ["unbindIssuer", () => f.asAccreditor.unbindIssuer(f.accounts.diplomaIssuer.address)],
        ["revokeAsAccreditor", () => f.asAccreditor.revokeAsAccreditor(1n, f.single.documentHash, 1)],
        ["revokeInBatchAsAccreditor", () => f.asAccreditor.revokeInBatchAsAccreditor(1n, f.tree.root, leaf, 1)],
        [
          "revokeManyInBatchAsAccreditor",
          () => f.asAccreditor.revokeManyInBatchAsAccreditor(1n, f.tree.root, [leaf], 1),
        ],
        ["issue", () => f.asIssuer.issue(d)],
        ["issueBatch", () => f.asIssuer.issueBatch(id("root"), 1)],
        ["revoke", () => f.asIssuer.revoke(f.single.documentHash, 1)],
        ["revokeInBatch", () => f.asIssuer.revokeInBatch(f.tree.root, leaf, 1)],
        ["revokeManyInBatch", () => f.asIssuer.revokeManyInBatch(f.tree.root, [leaf], 1)],
        ["reissue", () => f.asIssuer.reissue(f.single.documentHash, 1, d)],
        ["reissueFromBatch", () => f.asIssuer.reissueFromBatch(f.tree.root, leaf, 1, d)],
      ];
      for (const [name, write] of writes) {
        await expect(write(), name).to.be.revertedWithCustomError(f.diplomas, "EnforcedPause");
      }
      expect((await f.diplomas.verify(1n, f.single.documentHash)).status).to.equal(Status.Valid);
      expect((await f.diplomas.verifyInBatch(1n, f.tree.root, leaf)).status).to.equal(Status.Valid);
      expect((await f.diplomas.institution(1)).name).to.equal(UNIVERSITY);
      expect([...(await f.diplomas.issuersOf(1, 0, 10))]).to.deep.equal([f.accounts.diplomaIssuer.address]);
      expect(await f.diplomas.accreditationHistoryLength(1)).to.equal(1n);

      await expect(f.diplomas.connect(guardian).unpause())
        .to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized")
        .withArgs(guardian.address);
      await expect(f.diplomas.connect(admin).unpause()).to.emit(f.diplomas, "Unpaused").withArgs(admin.address);
      await expect(f.asIssuer.issue(d)).to.emit(f.diplomas, "DiplomaIssued");
    });
  });

  describe("events", function () {
    it("the registry's state can be rebuilt from its events alone", async function () {
      const f = await networkHelpers.loadFixture(issuedFixture);
      const { accounts } = f;
      await f.asAccreditor.bindIssuer(accounts.bob.address, 2);
      await f.asAccreditor.unbindIssuer(accounts.carol.address);
      const polytechnic = await diploma("polytechnic", accounts.bob.address);
      await f.diplomas.connect(accounts.bob).issue(polytechnic);
      await f.asIssuer.revokeInBatch(f.tree.root, leafOf(f.tree, 2), Reason.Fraud);
      await f.asAccreditor.revokeManyInBatchAsAccreditor(1n, f.tree.root, [leafOf(f.tree, 5), leafOf(f.tree, 6)], 3);
      const corrected = await diploma("alone, corrected");
      await f.asIssuer.reissue(f.single.documentHash, Reason.ClericalError, corrected);
      await f.asAccreditor.suspendInstitution(2, SUSPENSION);
      await f.asAccreditor.suspendInstitution(1, SUSPENSION);
      await time.increase(DAY);
      await f.asAccreditor.reinstateInstitution(1, REINSTATEMENT);

      const state = replayDiplomaRegistry({
        logs: await fetchTimedLogs({ provider: ethers.provider, address: await f.diplomas.getAddress() }),
      });
      const { institutions, bindings } = state;

      expect(await f.diplomas.institutionCount()).to.equal(BigInt(institutions.size));
      for (const [institutionId, expected] of institutions) {
        const actual = await f.diplomas.institution(institutionId);
        expect([
          actual.name,
          actual.country,
          actual.status,
          actual.accreditationDocument,
          Number(actual.registeredAt),
        ]).to.deep.equal([
          expected.name,
          expected.country,
          expected.status,
          expected.accreditationDocument,
          expected.registeredAt,
        ]);
        expect(await f.diplomas.issuersOf(institutionId, 0, 100)).to.deep.equal(expected.issuers);
        const history = await f.diplomas.accreditationHistory(institutionId, 0, 100);
        expect(history.map((c) => ({ from: Number(c.from), accredited: c.accredited }))).to.deep.equal(
          expected.accreditationHistory,
        );
      }
      for (const account of [accounts.diplomaIssuer, accounts.bob, accounts.carol]) {
        expect(await f.diplomas.institutionOf(account.address)).to.equal(bindings.get(account.address) ?? 0n);
      }
      expect(state.diplomas.size).to.equal(3);
      for (const { documentHash, institutionId } of state.diplomas.values()) {
        expect(asReplayedVerification(await f.diplomas.verify(institutionId, documentHash))).to.deep.equal(
          replayedVerification({ state, institutionId, documentHash }),
        );
      }
      for (let i = 0; i < f.tree.length; i++) {
        const leaf = leafOf(f.tree, i);
        expect(asReplayedVerification(await f.diplomas.verifyInBatch(1n, f.tree.root, leaf))).to.deep.equal(
          replayedVerification({
            state,
            institutionId: 1n,
            documentHash: leaf.documentHash,
            root: f.tree.root,
            statusIndex: leaf.statusIndex,
          }),
        );
      }
      // The time and reason of each revocation inside the batch, kept in its event only, are replayed too.
      const revoked = [...state.revocations.values()].filter((r) => r.root === f.tree.root);
      expect(revoked.map((r) => [r.statusIndex, r.reason])).to.deep.equal([
        [2, Reason.Fraud],
        [5, 3n],
        [6, 3n],
      ]);
      expect(await f.diplomas.paused()).to.equal(state.paused);
    });
  });
});
