import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { Roles } from "../../src/roles.js";
import { deploySuite } from "../helpers/fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const Status = { Unknown: 0n, Valid: 1n, Revoked: 2n, Suspended: 3n, Expired: 4n, NotYetValid: 5n } as const;
const Kind = { Diploma: 0, Licence: 1, Permit: 2, GoodStanding: 3 } as const;
const Reason = { Error: 1, Disciplinary: 3, NotListed: 9, TooLarge: 300 } as const;
const FR = "0x4652";
const ACCREDITATION = id("accreditation decision");
const LICENSING = id("licensing accreditation FR-MED-2026");
const WITHDRAWAL = id("withdrawal decision FR-MED-2027");
const BASIS = id("disciplinary board decision 2026-41");
const REINSTATEMENT = id("disciplinary board decision 2026-77");
const YEAR = 365n * 24n * 3600n;
const LEAF_TYPES = ["bytes32", "bytes32", "uint32"];

function credential(label: string, awardedAt: bigint) {
  return {
    documentHash: id(`credential ${label}`),
    holderCommitment: id(`holder ${label}`),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String("MED-GP"),
    awardedAt,
  };
}

function roster(label: string, size: number) {
  const values = Array.from({ length: size }, (_, i) => [id(`${label} #${i}`), id(`holder ${label} #${i}`), i]);
  return StandardMerkleTree.of<(string | number)[]>(values, LEAF_TYPES);
}

function leafOf(tree: StandardMerkleTree<(string | number)[]>, index: number) {
  const [documentHash, holderCommitment, statusIndex] = tree.at(index)!;
  return {
    documentHash: String(documentHash),
    holderCommitment: String(holderCommitment),
    statusIndex: Number(statusIndex),
    proof: tree.getProof(index),
  };
}

/**
 * Institution 1 (a medical council, issuer `diplomaIssuer`) accredited for professional licences and permits from
 * now; institution 2 (a medical school, issuer `carol`) for diplomas only; `bob` holds DIPLOMA_ISSUER unbound.
 */
async function credentialFixture() {
  const suite = await deploySuite(connection);
  const { accounts, authority, diplomas } = suite;
  const { admin, accreditor, diplomaIssuer, carol, bob } = accounts;
  await authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, carol.address, 0);
  await authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, bob.address, 0);
  const asAccreditor = diplomas.connect(accreditor);
  await asAccreditor.registerInstitution("Conseil de l'ordre des médecins", FR, ACCREDITATION);
  await asAccreditor.registerInstitution("Faculté de médecine", FR, ACCREDITATION);
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  await asAccreditor.bindIssuer(carol.address, 2);
  const now = BigInt(await time.latest());
  await time.setNextBlockTimestamp(now + 1n);
  await asAccreditor.accreditForKind(1, Kind.Licence, now + 1n, LICENSING);
  await time.setNextBlockTimestamp(now + 2n);
  await asAccreditor.accreditForKind(1, Kind.Permit, now + 2n, LICENSING);
  const awardedAt = BigInt(await time.latest()) - 10n;
  return {
    ...suite,
    asAccreditor,
    asIssuer: diplomas.connect(diplomaIssuer),
    asSchool: diplomas.connect(carol),
    asUnbound: diplomas.connect(bob),
    awardedAt,
  };
}

/** `credentialFixture` plus a licence valid for a year, issued alone, and a roster of eight permits. */
async function licensedFixture() {
  const f = await credentialFixture();
  const licence = credential("licence GP-001", f.awardedAt);
  const now = BigInt(await time.latest());
  const window = { validFrom: 0n, expiresAt: now + YEAR };
  await f.asIssuer.issueCredential(Kind.Licence, licence, window);
  const tree = roster("permit", 8);
  await f.asIssuer.issueCredentialBatch(Kind.Permit, tree.root, 8, window);
  return { ...f, licence, window, tree };
}

describe("DiplomaRegistry credentials", function () {
  describe("kinds", function () {
    it("knows diplomas, professional licences, permits and certificates of good standing from deployment", async function () {
      const { diplomas } = await networkHelpers.loadFixture(credentialFixture);
      expect(await diplomas.kindCount()).to.equal(4n);
      const read = async (kind: number) => {
        const k = await diplomas.credentialKind(kind);
        return [k.name, k.rules.expires, k.rules.suspendable, k.rules.reasonCodes];
      };
      expect(await read(0)).to.deep.equal(["Diploma", false, false, 2n ** 256n - 1n]);
      expect(await read(1)).to.deep.equal(["Professional licence", true, true, 0x1fen]);
      expect(await read(2)).to.deep.equal(["Permit", true, true, 0x1fen]);
      expect(await read(3)).to.deep.equal(["Certificate of good standing", true, false, 0x1fen]);
      await expect(diplomas.credentialKind(4))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKind")
        .withArgs(4);
    });

    it("an accreditor defines a kind with its rules", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(credentialFixture);
      const rules = { expires: false, suspendable: true, reasonCodes: 0b110n };
      expect(await asAccreditor.defineKind.staticCall("Recognition of a foreign qualification", rules)).to.equal(4n);
      await expect(asAccreditor.defineKind("Recognition of a foreign qualification", rules))
        .to.emit(diplomas, "CredentialKindDefined")
        .withArgs(4, "Recognition of a foreign qualification", false, true, 0b110n);
      expect(await diplomas.kindCount()).to.equal(5n);
    });

    it("refuses a kind with an empty or badly spaced name", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(credentialFixture);
      const rules = { expires: false, suspendable: false, reasonCodes: 0n };
      await expect(asAccreditor.defineKind("", rules)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyName",
      );
      await expect(asAccreditor.defineKind(" Permit", rules))
        .to.be.revertedWithCustomError(diplomas, "TextInvalidCharacter")
        .withArgs("name", 0, "0x20");
    });

    it("refuses every new write to an account without its role", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const { outsider } = f.accounts;
      const asOutsider = f.diplomas.connect(outsider);
      const leaf = leafOf(f.tree, 0);
      const calls: [string, () => Promise<unknown>][] = [
        ["defineKind", () => f.asIssuer.defineKind("Permit", { expires: true, suspendable: true, reasonCodes: 1n })],
        ["accreditForKind", () => f.asIssuer.accreditForKind(2, Kind.Licence, 0, LICENSING)],
        ["withdrawKind", () => f.asIssuer.withdrawKind(1, Kind.Licence, 2n ** 40n, WITHDRAWAL)],
        ["issueCredential", () => f.asAccreditor.issueCredential(Kind.Licence, f.licence, f.window)],
        ["issueCredentialBatch", () => f.asAccreditor.issueCredentialBatch(Kind.Permit, id("root"), 2, f.window)],
        ["suspend", () => f.asAccreditor.suspend(f.licence.documentHash, Reason.Error, BASIS)],
        ["reinstate", () => asOutsider.reinstate(f.licence.documentHash, BASIS)],
        ["suspendInBatch", () => asOutsider.suspendInBatch(f.tree.root, leaf, Reason.Error, BASIS)],
        ["reinstateInBatch", () => asOutsider.reinstateInBatch(f.tree.root, leaf, BASIS)],
        ["publishSigningKey", () => f.asAccreditor.publishSigningKey(id("key"))],
        ["markKeyCompromised", () => asOutsider.markKeyCompromised(0, 1)],
      ];
      for (const [name, call] of calls) {
        await expect(call(), name).to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized");
      }
      await expect(f.asAccreditor.publishSigningKey(id("key")))
        .to.be.revertedWithCustomError(f.diplomas, "AccessManagedUnauthorized")
        .withArgs(f.accounts.accreditor.address);
    });
  });

  describe("accreditation per kind", function () {
    it("records an accreditation from a date, refusing a date in the past at the exact second", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(credentialFixture);
      const at = BigInt(await time.latest()) + 100n;
      await time.setNextBlockTimestamp(at);
      await expect(asAccreditor.accreditForKind(2, Kind.Licence, at - 1n, LICENSING))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidAccreditationDate")
        .withArgs(at - 1n, at);
      await time.setNextBlockTimestamp(at + 1n);
      await expect(asAccreditor.accreditForKind(2, Kind.Licence, at + 1n, LICENSING))
        .to.emit(diplomas, "KindAccreditationChanged")
        .withArgs(2, Kind.Licence, true, at + 1n, LICENSING);
    });

    it("refuses a zero document or basis, kind 0, an unknown kind or institution, and a change that changes nothing", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(credentialFixture);
      const later = BigInt(await time.latest()) + 1000n;
      await expect(asAccreditor.accreditForKind(2, Kind.Licence, later, ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyDocumentHash",
      );
      await expect(asAccreditor.withdrawKind(1, Kind.Licence, later, ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(asAccreditor.accreditForKind(2, Kind.Diploma, later, LICENSING))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryNoAccreditationPerKind")
        .withArgs(0);
      await expect(asAccreditor.accreditForKind(2, 7, later, LICENSING))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKind")
        .withArgs(7);
      await expect(asAccreditor.accreditForKind(9, Kind.Licence, later, LICENSING))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownInstitution")
        .withArgs(9);
      await expect(asAccreditor.accreditForKind(1, Kind.Licence, later, LICENSING))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryKindAccreditationUnchanged")
        .withArgs(1, Kind.Licence, true);
      await expect(asAccreditor.withdrawKind(2, Kind.Licence, later, WITHDRAWAL))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryKindAccreditationUnchanged")
        .withArgs(2, Kind.Licence, false);
    });

    it("takes a withdrawal from the next second at the earliest, and never before the last change", async function () {
      const { diplomas, asAccreditor } = await networkHelpers.loadFixture(credentialFixture);
      const at = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(at);
      await expect(asAccreditor.withdrawKind(1, Kind.Licence, at, WITHDRAWAL))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidAccreditationDate")
        .withArgs(at, at + 1n);
      await asAccreditor.accreditForKind(2, Kind.Licence, at + 500n, LICENSING);
      await expect(asAccreditor.withdrawKind(2, Kind.Licence, at + 499n, WITHDRAWAL))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidAccreditationDate")
        .withArgs(at + 499n, at + 500n);
      await time.setNextBlockTimestamp(at + 1n);
      await expect(asAccreditor.withdrawKind(1, Kind.Licence, at + 2n, WITHDRAWAL))
        .to.emit(diplomas, "KindAccreditationChanged")
        .withArgs(1, Kind.Licence, false, at + 2n, WITHDRAWAL);
    });

    it("a school accredited for diplomas only issues diplomas, not licences", async function () {
      const { diplomas, asSchool, awardedAt } = await networkHelpers.loadFixture(credentialFixture);
      const later = BigInt(await time.latest()) + YEAR;
      await expect(
        asSchool.issueCredential(Kind.Licence, credential("forged", awardedAt), { validFrom: 0, expiresAt: later }),
      )
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryKindNotAccredited")
        .withArgs(2, Kind.Licence);
      const degree = credential("MD 2026", awardedAt);
      await expect(asSchool.issueCredential(Kind.Diploma, degree, { validFrom: 0, expiresAt: 0 }))
        .to.emit(diplomas, "CredentialTermsRecorded")
        .withArgs(ZeroHash, degree.documentHash, 2, Kind.Diploma, 0, 0);
      const v = await diplomas.verify(2, degree.documentHash);
      expect([v.status, v.kind, v.accreditedAtIssuance, v.expiresAt]).to.deep.equal([Status.Valid, 0n, true, 0n]);
    });

    it("an issuer issues a kind from its accreditation's first second, not before", async function () {
      const { diplomas, asAccreditor, asSchool, awardedAt } = await networkHelpers.loadFixture(credentialFixture);
      const from = BigInt(await time.latest()) + 50n;
      await time.setNextBlockTimestamp(from - 40n);
      await asAccreditor.accreditForKind(2, Kind.Permit, from, LICENSING);
      const window = { validFrom: 0n, expiresAt: from + YEAR };
      await time.setNextBlockTimestamp(from - 1n);
      await expect(asSchool.issueCredential(Kind.Permit, credential("early", awardedAt), window))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryKindNotAccredited")
        .withArgs(2, Kind.Permit);
      await time.setNextBlockTimestamp(from);
      await asSchool.issueCredential(Kind.Permit, credential("on time", awardedAt), window);
      expect((await diplomas.verify(2, id("credential on time"))).accreditedAtIssuance).to.equal(true);
    });

    it("withdrawing an accreditation keeps the credentials issued before it valid and accredited at issuance", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const at = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(at);
      await f.asAccreditor.withdrawKind(1, Kind.Licence, at + 1n, WITHDRAWAL);
      const v = await f.diplomas.verify(1, f.licence.documentHash);
      expect([v.status, v.accreditedAtIssuance]).to.deep.equal([Status.Valid, true]);
      await expect(f.asIssuer.issueCredential(Kind.Licence, credential("after", f.awardedAt), f.window))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryKindNotAccredited")
        .withArgs(1, Kind.Licence);
    });

    it("a suspended institution issues no kind at all", async function () {
      const f = await networkHelpers.loadFixture(credentialFixture);
      await f.asAccreditor.suspendInstitution(1, BASIS);
      const later = BigInt(await time.latest()) + YEAR;
      await expect(
        f.asIssuer.issueCredential(Kind.Licence, credential("x", f.awardedAt), { validFrom: 0, expiresAt: later }),
      )
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryInstitutionSuspended")
        .withArgs(1);
    });
  });

  describe("validity windows", function () {
    it("refuses a window that does not fit the kind", async function () {
      const { diplomas, asIssuer, awardedAt } = await networkHelpers.loadFixture(credentialFixture);
      const c = credential("window", awardedAt);
      const now = BigInt(await time.latest());
      await expect(asIssuer.issueCredential(Kind.Licence, c, { validFrom: 0, expiresAt: 0 }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidValidity")
        .withArgs(Kind.Licence, 0, 0);
      await time.setNextBlockTimestamp(now + 10n);
      await expect(asIssuer.issueCredential(Kind.Licence, c, { validFrom: 0, expiresAt: now + 10n }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidValidity")
        .withArgs(Kind.Licence, 0, now + 10n);
      await expect(asIssuer.issueCredential(Kind.Licence, c, { validFrom: now + 500n, expiresAt: now + 500n }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidValidity")
        .withArgs(Kind.Licence, now + 500n, now + 500n);
      await expect(asIssuer.issueCredential(Kind.Diploma, c, { validFrom: 0, expiresAt: now + YEAR }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidValidity")
        .withArgs(Kind.Diploma, 0, now + YEAR);
      await expect(asIssuer.issueCredential(11, c, { validFrom: 0, expiresAt: 0 }))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKind")
        .withArgs(11);
    });

    it("a licence verifies as not yet valid, valid, then expired, each at its exact second", async function () {
      const { diplomas, asIssuer, awardedAt } = await networkHelpers.loadFixture(credentialFixture);
      const c = credential("window", awardedAt);
      const now = BigInt(await time.latest());
      const window = { validFrom: now + 100n, expiresAt: now + 200n };
      await time.setNextBlockTimestamp(now + 1n);
      await expect(asIssuer.issueCredential(Kind.Licence, c, window))
        .to.emit(diplomas, "CredentialTermsRecorded")
        .withArgs(ZeroHash, c.documentHash, 1, Kind.Licence, now + 100n, now + 200n);
      const statusAt = async (t: bigint) => {
        await time.increaseTo(t);
        return (await diplomas.verify(1, c.documentHash)).status;
      };
      expect(await statusAt(now + 99n)).to.equal(Status.NotYetValid);
      expect(await statusAt(now + 100n)).to.equal(Status.Valid);
      expect(await statusAt(now + 199n)).to.equal(Status.Valid);
      expect(await statusAt(now + 200n)).to.equal(Status.Expired);
      const v = await diplomas.verify(1, c.documentHash);
      expect([v.kind, v.validFrom, v.expiresAt]).to.deep.equal([1n, now + 100n, now + 200n]);
    });

    it("a batch of permits carries one window for all, and a batch of a kind needs its accreditation", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const v = await f.diplomas.verifyInBatch(1, f.tree.root, leafOf(f.tree, 3));
      expect([v.status, v.kind, v.expiresAt]).to.deep.equal([Status.Valid, 2n, f.window.expiresAt]);
      await expect(f.asSchool.issueCredentialBatch(Kind.Permit, id("other root"), 2, f.window))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryKindNotAccredited")
        .withArgs(2, Kind.Permit);
      await expect(f.asIssuer.issueCredentialBatch(Kind.Permit, f.tree.root, 8, f.window))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryDuplicateRoot")
        .withArgs(1, f.tree.root);
      await expect(f.asIssuer.issueCredentialBatch(Kind.Permit, ZeroHash, 8, f.window)).to.be.revertedWithCustomError(
        f.diplomas,
        "DiplomaRegistryEmptyRoot",
      );
      await expect(f.asIssuer.issueCredentialBatch(Kind.Permit, id("r"), 0, f.window))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryEmptyBatch")
        .withArgs(id("r"));
    });

    it("a corrected licence keeps the kind and the window of the one it replaces", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const corrected = credential("licence GP-001 corrected", f.awardedAt);
      await expect(f.asIssuer.reissue(f.licence.documentHash, Reason.Error, corrected))
        .to.emit(f.diplomas, "CredentialTermsRecorded")
        .withArgs(ZeroHash, corrected.documentHash, 1, Kind.Licence, 0, f.window.expiresAt);
      const v = await f.diplomas.verify(1, corrected.documentHash);
      expect([v.status, v.kind, v.expiresAt]).to.deep.equal([Status.Valid, 1n, f.window.expiresAt]);
      const fromBatch = credential("permit #2 corrected", f.awardedAt);
      await f.asIssuer.reissueFromBatch(f.tree.root, leafOf(f.tree, 2), Reason.Error, fromBatch);
      const w = await f.diplomas.verify(1, fromBatch.documentHash);
      expect([w.kind, w.expiresAt]).to.deep.equal([2n, f.window.expiresAt]);
    });

    it("a licence is revoked only for a reason its kind lists; a diploma for any", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      await expect(f.asIssuer.revoke(f.licence.documentHash, Reason.NotListed))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Licence, Reason.NotListed);
      await expect(f.asAccreditor.revokeAsAccreditor(1, f.licence.documentHash, Reason.TooLarge))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Licence, Reason.TooLarge);
      await expect(f.asIssuer.revokeManyInBatch(f.tree.root, [leafOf(f.tree, 1)], 0))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Permit, 0);
      await expect(f.asIssuer.revokeInBatch(f.tree.root, leafOf(f.tree, 1), Reason.NotListed))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Permit, Reason.NotListed);
      await expect(f.asAccreditor.revokeInBatchAsAccreditor(1, f.tree.root, leafOf(f.tree, 1), Reason.NotListed))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Permit, Reason.NotListed);
      await expect(
        f.asIssuer.reissueFromBatch(f.tree.root, leafOf(f.tree, 1), Reason.NotListed, credential("c", f.awardedAt)),
      )
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Permit, Reason.NotListed);
      await expect(f.asIssuer.reissue(f.licence.documentHash, Reason.NotListed, credential("c", f.awardedAt)))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Licence, Reason.NotListed);
      await f.asIssuer.revoke(f.licence.documentHash, Reason.Disciplinary);
      expect((await f.diplomas.verify(1, f.licence.documentHash)).status).to.equal(Status.Revoked);
      const degree = credential("degree", f.awardedAt);
      await f.asIssuer.issue(degree);
      await f.asIssuer.revoke(degree.documentHash, 999);
      expect((await f.diplomas.verify(1, degree.documentHash)).revocationReason).to.equal(999n);
    });
  });

  describe("suspension and reinstatement", function () {
    it("a licence is suspended on a decision and reinstated, separately from revocation", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const issuer = f.accounts.diplomaIssuer.address;
      const tx = f.asIssuer.suspend(f.licence.documentHash, Reason.Disciplinary, BASIS);
      await expect(tx)
        .to.emit(f.diplomas, "CredentialSuspended")
        .withArgs(ZeroHash, f.licence.documentHash, 1, 0, issuer, Reason.Disciplinary, BASIS);
      const suspendedAt = BigInt(await time.latest());
      const v = await f.diplomas.verify(1, f.licence.documentHash);
      expect([v.status, v.suspendedAt, v.suspensionReason, v.revokedAt]).to.deep.equal([
        Status.Suspended,
        suspendedAt,
        3n,
        0n,
      ]);
      await expect(f.asIssuer.reinstate(f.licence.documentHash, REINSTATEMENT))
        .to.emit(f.diplomas, "CredentialReinstated")
        .withArgs(ZeroHash, f.licence.documentHash, 1, 0, issuer, REINSTATEMENT);
      const w = await f.diplomas.verify(1, f.licence.documentHash);
      expect([w.status, w.suspendedAt, w.suspensionReason]).to.deep.equal([Status.Valid, 0n, 0n]);
    });

    it("refuses a suspension without basis, of a kind that cannot be suspended, for an unlisted reason, or twice", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const doc = f.licence.documentHash;
      await expect(f.asIssuer.suspend(doc, Reason.Error, ZeroHash)).to.be.revertedWithCustomError(
        f.diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(f.asIssuer.reinstate(doc, ZeroHash)).to.be.revertedWithCustomError(
        f.diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(f.asIssuer.suspend(doc, Reason.NotListed, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Licence, Reason.NotListed);
      await expect(f.asIssuer.reinstate(doc, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryNotSuspended")
        .withArgs(ZeroHash, doc);
      await f.asIssuer.suspend(doc, Reason.Error, BASIS);
      await expect(f.asIssuer.suspend(doc, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryAlreadySuspended")
        .withArgs(ZeroHash, doc);
      const degree = credential("degree", f.awardedAt);
      await f.asIssuer.issue(degree);
      await expect(f.asIssuer.suspend(degree.documentHash, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryNotSuspendable")
        .withArgs(Kind.Diploma);
      const at = BigInt(await time.latest()) + 1n;
      await time.setNextBlockTimestamp(at);
      await f.asAccreditor.accreditForKind(1, Kind.GoodStanding, at, LICENSING);
      const standing = credential("good standing", f.awardedAt);
      await f.asIssuer.issueCredential(Kind.GoodStanding, standing, f.window);
      await expect(f.asIssuer.suspend(standing.documentHash, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryNotSuspendable")
        .withArgs(Kind.GoodStanding);
    });

    it("only the issuing institution's issuers suspend, and a revoked licence is neither suspended nor reinstated", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const doc = f.licence.documentHash;
      await expect(f.asSchool.suspend(doc, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryUnknownDiploma")
        .withArgs(2, doc);
      await expect(f.asUnbound.suspend(doc, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(f.accounts.bob.address);
      await f.asIssuer.suspend(doc, Reason.Error, BASIS);
      await f.asIssuer.revoke(doc, Reason.Disciplinary);
      expect((await f.diplomas.verify(1, doc)).status).to.equal(Status.Revoked);
      await expect(f.asIssuer.reinstate(doc, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, doc);
      await expect(f.asIssuer.suspend(doc, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(ZeroHash, doc);
    });

    it("suspends and reinstates inside a batch through the batch's suspension list", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const leaf = leafOf(f.tree, 5);
      const issuer = f.accounts.diplomaIssuer.address;
      await expect(f.asIssuer.suspendInBatch(f.tree.root, leaf, Reason.Disciplinary, BASIS))
        .to.emit(f.diplomas, "CredentialSuspended")
        .withArgs(f.tree.root, leaf.documentHash, 1, 5, issuer, Reason.Disciplinary, BASIS);
      expect(await f.diplomas.isSuspendedInBatch(1, f.tree.root, 5)).to.equal(true);
      expect(await f.diplomas.isSuspendedInBatch(1, f.tree.root, 4)).to.equal(false);
      expect((await f.diplomas.verifyInBatch(1, f.tree.root, leaf)).status).to.equal(Status.Suspended);
      await expect(f.asIssuer.suspendInBatch(f.tree.root, leaf, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryAlreadySuspended")
        .withArgs(f.tree.root, leaf.documentHash);
      await expect(f.asIssuer.reinstateInBatch(f.tree.root, leaf, REINSTATEMENT))
        .to.emit(f.diplomas, "CredentialReinstated")
        .withArgs(f.tree.root, leaf.documentHash, 1, 5, issuer, REINSTATEMENT);
      expect(await f.diplomas.isSuspendedInBatch(1, f.tree.root, 5)).to.equal(false);
      expect((await f.diplomas.verifyInBatch(1, f.tree.root, leaf)).status).to.equal(Status.Valid);
      await expect(f.asIssuer.reinstateInBatch(f.tree.root, leaf, REINSTATEMENT))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryNotSuspended")
        .withArgs(f.tree.root, leaf.documentHash);
    });

    it("refuses a batch suspension with a bad proof, of an unknown batch, of a revoked or unsuspendable credential", async function () {
      const f = await networkHelpers.loadFixture(licensedFixture);
      const leaf = leafOf(f.tree, 6);
      const forged = { ...leaf, statusIndex: 7 };
      await expect(f.asIssuer.suspendInBatch(f.tree.root, forged, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryInvalidProof")
        .withArgs(f.tree.root, leaf.documentHash, leaf.holderCommitment, 7);
      await expect(f.asIssuer.reinstateInBatch(f.tree.root, leaf, ZeroHash)).to.be.revertedWithCustomError(
        f.diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(f.asIssuer.suspendInBatch(f.tree.root, leaf, Reason.Error, ZeroHash)).to.be.revertedWithCustomError(
        f.diplomas,
        "DiplomaRegistryEmptyBasis",
      );
      await expect(f.asSchool.suspendInBatch(f.tree.root, leaf, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryUnknownBatch")
        .withArgs(2, f.tree.root);
      await expect(f.asIssuer.suspendInBatch(f.tree.root, leaf, Reason.TooLarge, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryReasonNotAllowed")
        .withArgs(Kind.Permit, Reason.TooLarge);
      await f.asIssuer.revokeInBatch(f.tree.root, leaf, Reason.Error);
      await expect(f.asIssuer.suspendInBatch(f.tree.root, leaf, Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryAlreadyRevoked")
        .withArgs(f.tree.root, leaf.documentHash);
      const classOf = roster("class", 2);
      await f.asIssuer.issueBatch(classOf.root, 2);
      await expect(f.asIssuer.suspendInBatch(classOf.root, leafOf(classOf, 0), Reason.Error, BASIS))
        .to.be.revertedWithCustomError(f.diplomas, "DiplomaRegistryNotSuspendable")
        .withArgs(Kind.Diploma);
    });
  });

  describe("signing keys", function () {
    it("an institution publishes keys; each rotation closes the previous key at the same second", async function () {
      const { diplomas, asIssuer, accounts } = await networkHelpers.loadFixture(credentialFixture);
      const first = id("ed25519 key 1");
      const second = id("ed25519 key 2");
      expect(await asIssuer.publishSigningKey.staticCall(first)).to.equal(0n);
      await expect(asIssuer.publishSigningKey(first))
        .to.emit(diplomas, "SigningKeyPublished")
        .withArgs(1, 0, first, accounts.diplomaIssuer.address);
      const t1 = BigInt(await time.latest());
      await time.increase(100);
      await asIssuer.publishSigningKey(second);
      const t2 = BigInt(await time.latest());
      expect(await diplomas.signingKeyCount(1)).to.equal(2n);
      const k0 = await diplomas.signingKey(1, 0);
      const k1 = await diplomas.signingKey(1, 1);
      expect([k0.publicKey, k0.validFrom, k0.validUntil, k0.compromisedFrom]).to.deep.equal([first, t1, t2, 0n]);
      expect([k1.publicKey, k1.validFrom, k1.validUntil, k1.compromisedFrom]).to.deep.equal([second, t2, 0n, 0n]);
      await expect(diplomas.signingKey(1, 2))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKey")
        .withArgs(1, 2);
    });

    it("refuses a zero key and an unbound account", async function () {
      const { diplomas, asIssuer, asUnbound, accounts } = await networkHelpers.loadFixture(credentialFixture);
      await expect(asIssuer.publishSigningKey(ZeroHash)).to.be.revertedWithCustomError(
        diplomas,
        "DiplomaRegistryEmptyPublicKey",
      );
      await expect(asUnbound.publishSigningKey(id("k")))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryIssuerNotBound")
        .withArgs(accounts.bob.address);
    });

    it("marks a key compromised from a date between its publication and now, once", async function () {
      const { diplomas, asIssuer, asSchool, accounts } = await networkHelpers.loadFixture(credentialFixture);
      await asIssuer.publishSigningKey(id("k"));
      const from = BigInt(await time.latest());
      await expect(asIssuer.markKeyCompromised(1, from))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKey")
        .withArgs(1, 1);
      await expect(asSchool.markKeyCompromised(0, from))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryUnknownKey")
        .withArgs(2, 0);
      await expect(asIssuer.markKeyCompromised(0, from - 1n))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidCompromiseDate")
        .withArgs(from - 1n, from);
      await time.setNextBlockTimestamp(from + 10n);
      await expect(asIssuer.markKeyCompromised(0, from + 11n))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryInvalidCompromiseDate")
        .withArgs(from + 11n, from);
      await time.setNextBlockTimestamp(from + 20n);
      await expect(asIssuer.markKeyCompromised(0, from + 20n))
        .to.emit(diplomas, "SigningKeyCompromised")
        .withArgs(1, 0, from + 20n, accounts.diplomaIssuer.address);
      expect((await diplomas.signingKey(1, 0)).compromisedFrom).to.equal(from + 20n);
      await expect(asIssuer.markKeyCompromised(0, from + 20n))
        .to.be.revertedWithCustomError(diplomas, "DiplomaRegistryKeyAlreadyCompromised")
        .withArgs(1, 0);
    });
  });
});
