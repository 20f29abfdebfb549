/**
 * The credential records of the diploma register rebuilt from its events alone (kinds, accreditation per kind,
 * validity windows, suspensions and reinstatements, signing keys) answer what the contract's reads answer.
 */
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { fetchTimedLogs, replayDiplomaRegistry, ReplayError, replayedVerification } from "../../src/replay.js";
import { Roles } from "../../src/roles.js";
import { deploySuite } from "../helpers/fixture.js";
import { asReplayedVerification } from "../helpers/replayedVerification.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const Kind = { Diploma: 0, Licence: 1, Permit: 2 } as const;
const Reason = { Error: 1, Disciplinary: 3 } as const;
const FR = "0x4652";
const DAY = 24n * 3600n;
const YEAR = 365n * DAY;
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
 * A history that walks every credential event: a kind defined, accreditations per kind given, withdrawn and given
 * again, licences issued alone (one expired, one not yet valid, one corrected after its kind was withdrawn), a class of
 * permits, suspensions and reinstatements alone and inside the class, and signing keys rotated and compromised.
 */
async function historyFixture() {
  const suite = await deploySuite(connection);
  const { accounts, authority, diplomas } = suite;
  const { admin, accreditor, diplomaIssuer, carol } = accounts;
  await authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, carol.address, 0);
  const asAccreditor = diplomas.connect(accreditor);
  const asCouncil = diplomas.connect(diplomaIssuer);
  const asSchool = diplomas.connect(carol);
  await asAccreditor.registerInstitution("Conseil de l'ordre des médecins", FR, id("accreditation"));
  await asAccreditor.registerInstitution("Faculté de médecine", FR, id("accreditation"));
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  await asAccreditor.bindIssuer(carol.address, 2);
  await asAccreditor.defineKind("Recognition of a foreign qualification", {
    expires: false,
    suspendable: true,
    reasonCodes: 0b1110n,
  });

  let now = BigInt(await time.latest()) + 1n;
  await time.setNextBlockTimestamp(now);
  await asAccreditor.accreditForKind(1, Kind.Licence, now, id("licensing"));
  await asAccreditor.accreditForKind(1, Kind.Permit, now + 10n, id("permits"));
  await asAccreditor.accreditForKind(2, 4, now + 10n, id("recognitions"));
  await time.increase(20);
  const awardedAt = BigInt(await time.latest()) - 10n;

  now = BigInt(await time.latest());
  const licence = credential("licence GP-001", awardedAt);
  await asCouncil.issueCredential(Kind.Licence, licence, { validFrom: 0n, expiresAt: now + YEAR });
  const shortLicence = credential("licence GP-002", awardedAt);
  await asCouncil.issueCredential(Kind.Licence, shortLicence, { validFrom: now - DAY, expiresAt: now + DAY });
  const laterLicence = credential("licence GP-003", awardedAt);
  await asCouncil.issueCredential(Kind.Licence, laterLicence, { validFrom: now + 30n * DAY, expiresAt: now + YEAR });
  const diploma = credential("diploma MD-77", awardedAt);
  await asSchool.issue(diploma);
  const recognition = credential("recognition R-5", awardedAt);
  await asSchool.issueCredential(4, recognition, { validFrom: 0n, expiresAt: 0n });
  const values = Array.from({ length: 6 }, (_, i) => [id(`permit #${i}`), id(`holder permit #${i}`), i]);
  const permits = StandardMerkleTree.of<(string | number)[]>(values, LEAF_TYPES);
  await asCouncil.issueCredentialBatch(Kind.Permit, permits.root, 6, { validFrom: 0n, expiresAt: now + YEAR });

  await asCouncil.suspend(licence.documentHash, Reason.Disciplinary, id("board decision 41"));
  await asCouncil.reinstate(licence.documentHash, id("board decision 77"));
  await asCouncil.suspend(licence.documentHash, Reason.Error, id("board decision 90"));
  await asSchool.suspend(recognition.documentHash, 2, id("fraud inquiry"));
  await asCouncil.suspendInBatch(permits.root, leafOf(permits, 1), Reason.Disciplinary, id("permit decision 1"));
  await asCouncil.suspendInBatch(permits.root, leafOf(permits, 2), Reason.Disciplinary, id("permit decision 2"));
  await asCouncil.reinstateInBatch(permits.root, leafOf(permits, 1), id("permit decision 3"));
  await asCouncil.suspendInBatch(permits.root, leafOf(permits, 3), Reason.Disciplinary, id("permit decision 4"));
  await asCouncil.revokeInBatch(permits.root, leafOf(permits, 3), Reason.Disciplinary);
  await asCouncil.revokeInBatch(permits.root, leafOf(permits, 4), Reason.Error);

  await asCouncil.publishSigningKey(id("council key 1"));
  await time.increase(100);
  await asCouncil.publishSigningKey(id("council key 2"));
  await asSchool.publishSigningKey(id("school key 1"));
  const compromise = BigInt(await time.latest()) - 50n;
  await asCouncil.markKeyCompromised(0, compromise);

  // The licence accreditation is withdrawn from tomorrow; a licence corrected after that reads as not accredited.
  const withdrawal = BigInt(await time.latest()) + DAY;
  await asAccreditor.withdrawKind(1, Kind.Licence, withdrawal, id("withdrawal"));
  await time.increase(2n * DAY);
  const corrected = credential("licence GP-002, corrected", awardedAt);
  await asCouncil.reissue(shortLicence.documentHash, Reason.Error, corrected);
  const fromBatch = credential("permit #5, corrected", awardedAt);
  await asCouncil.reissueFromBatch(permits.root, leafOf(permits, 5), Reason.Error, fromBatch);
  await asAccreditor.accreditForKind(1, Kind.Licence, BigInt(await time.latest()) + 1n, id("licensing again"));

  const alone: [bigint, string][] = [
    [1n, licence.documentHash],
    [1n, shortLicence.documentHash],
    [1n, laterLicence.documentHash],
    [1n, corrected.documentHash],
    [1n, fromBatch.documentHash],
    [2n, diploma.documentHash],
    [2n, recognition.documentHash],
  ];
  return { ...suite, permits, alone };
}

async function replay(address: string) {
  return replayDiplomaRegistry({ logs: await fetchTimedLogs({ provider: ethers.provider, address }) });
}

describe("DiplomaRegistry credential replay", function () {
  it("rebuilds kinds, validity, suspensions and accreditation per kind: every verification answers as the chain", async function () {
    const { diplomas, permits, alone } = await networkHelpers.loadFixture(historyFixture);
    const state = await replay(await diplomas.getAddress());
    const at = await time.latest();

    const statuses: bigint[] = [];
    for (const [institutionId, documentHash] of alone) {
      const onChain = asReplayedVerification(await diplomas.verify(institutionId, documentHash));
      expect(replayedVerification({ state, institutionId, documentHash, at })).to.deep.equal(onChain);
      statuses.push(onChain.status);
    }
    for (let i = 0; i < permits.length; i++) {
      const leaf = leafOf(permits, i);
      const onChain = asReplayedVerification(await diplomas.verifyInBatch(1n, permits.root, leaf));
      const replayed = replayedVerification({
        state,
        institutionId: 1n,
        documentHash: leaf.documentHash,
        root: permits.root,
        statusIndex: leaf.statusIndex,
        at,
      });
      expect(replayed).to.deep.equal(onChain);
      statuses.push(onChain.status);
    }
    // The history reaches every state: suspended, revoked, not yet valid, expired (a correction keeps its window), valid.
    expect(statuses).to.deep.equal([3n, 2n, 5n, 4n, 1n, 1n, 3n, 1n, 1n, 3n, 2n, 2n, 2n]);
    // The licence corrected after its kind was withdrawn was not accredited at issuance, on chain and replayed.
    expect(replayedVerification({ state, institutionId: 1n, documentHash: alone[3]![1], at }).accreditedAtIssuance).to
      .be.false;
  });

  it("rebuilds the kinds and each institution's signing keys as the chain reads them", async function () {
    const { diplomas } = await networkHelpers.loadFixture(historyFixture);
    const { credentials } = await replay(await diplomas.getAddress());

    expect(BigInt(credentials.kinds.size)).to.equal(await diplomas.kindCount());
    for (const [kind, replayed] of credentials.kinds) {
      const onChain = await diplomas.credentialKind(kind);
      expect(replayed).to.deep.equal({
        kind,
        name: onChain.name,
        expires: onChain.rules.expires,
        suspendable: onChain.rules.suspendable,
        reasonCodes: onChain.rules.reasonCodes,
      });
    }
    for (const institutionId of [1n, 2n]) {
      const keys = credentials.signingKeys.get(institutionId) ?? [];
      expect(BigInt(keys.length)).to.equal(await diplomas.signingKeyCount(institutionId));
      for (const [index, key] of keys.entries()) {
        const onChain = await diplomas.signingKey(institutionId, index);
        expect(key).to.deep.equal({
          publicKey: onChain.publicKey,
          validFrom: Number(onChain.validFrom),
          validUntil: onChain.validUntil === 0n ? null : Number(onChain.validUntil),
          compromisedFrom: onChain.compromisedFrom === 0n ? null : Number(onChain.compromisedFrom),
        });
      }
    }
    expect(credentials.signingKeys.get(1n)!.map((key) => key.compromisedFrom !== null)).to.deep.equal([true, false]);
  });

  it("keeps each accreditation per kind with its dates and documents, and each batch's suspension list", async function () {
    const { diplomas, permits } = await networkHelpers.loadFixture(historyFixture);
    const { credentials } = await replay(await diplomas.getAddress());
    const history = credentials.kindAccreditations.get("1/1")!;
    expect(history.map((change) => [change.accredited, change.document])).to.deep.equal([
      [true, id("licensing")],
      [false, id("withdrawal")],
      [true, id("licensing again")],
    ]);
    expect([...credentials.suspensionLists.get(`1/${permits.root}`)!].sort()).to.deep.equal([2, 3]);
    for (let i = 0; i < permits.length; i++) {
      expect(await diplomas.isSuspendedInBatch(1, permits.root, i)).to.equal(
        credentials.suspensionLists.get(`1/${permits.root}`)!.has(i),
      );
    }
  });

  it("refuses a history with a suspension missing: the reinstatement contradicts it", async function () {
    const { diplomas } = await networkHelpers.loadFixture(historyFixture);
    const logs = await fetchTimedLogs({ provider: ethers.provider, address: await diplomas.getAddress() });
    const suspended = diplomas.interface.getEvent("CredentialSuspended").topicHash;
    const first = logs.findIndex(({ log }) => log.topics[0] === suspended);
    const without = logs.filter((_, index) => index !== first);
    expect(() => replayDiplomaRegistry({ logs: without }))
      .to.throw(ReplayError)
      .with.property("message")
      .that.matches(/^reinstated a credential that is not suspended \(block \d+, log \d+\)$/);
  });
});
