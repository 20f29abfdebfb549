import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import {
  buildStatusLists,
  checkStatusLists,
  exportCredential,
  institutionKey,
  offlineLoader,
  sign,
  verifyCredential,
  type VerifiableCredential,
} from "../../src/credentials/index.js";
import { credentialSuite, rejection, STATUS_BASE } from "../helpers/credentials.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const SEED = `0x${"11".repeat(32)}`;
const SCHOOL_SEED = `0x${"22".repeat(32)}`;
const ROTATED_SEED = `0x${"33".repeat(32)}`;
const YEAR = 365 * 24 * 3600;
const BASIS = id("disciplinary decision");
const LEAF_TYPES = ["bytes32", "bytes32", "uint32"];
const LICENCE_CLAIMS = { name: "Dr Ada Martin", profession: "General practitioner", licenceNumber: "GP-001" };

/**
 * A medical council (institution 1, key from SEED) accredited for licences, holding a licence valid for a year and a
 * class of four diplomas; a school (institution 2, key from SCHOOL_SEED) accredited for diplomas only.
 */
async function vcFixture() {
  const f = await credentialSuite(connection, [
    { name: "Conseil de l'ordre des médecins", seed: SEED, keyType: "ed25519" },
    { name: "Faculté de médecine", seed: SCHOOL_SEED, keyType: "ed25519" },
  ]);
  const { asAccreditor, asIssuer } = f;
  const t = await time.latest();
  await time.setNextBlockTimestamp(t + 1);
  await asAccreditor.accreditForKind(1, 1, t + 1, id("licensing"));
  const licence = {
    documentHash: id("licence GP-001"),
    holderCommitment: id("holder GP-001"),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String("MED-GP"),
    awardedAt: t - 100,
  };
  const expiresAt = t + YEAR;
  await asIssuer.issueCredential(1, licence, { validFrom: 0, expiresAt });
  const values = Array.from({ length: 4 }, (_, i) => [id(`MD ${i}`), id(`holder MD ${i}`), i]);
  const tree = StandardMerkleTree.of<(string | number)[]>(values, LEAF_TYPES);
  await asIssuer.issueBatch(tree.root, 4);
  const member = (i: number) => ({
    root: tree.root,
    holderCommitment: id(`holder MD ${i}`),
    statusIndex: i,
    proof: tree.getProof(i),
  });
  return { ...f, licence, expiresAt, tree, member };
}

async function exportedLicence(f: Awaited<ReturnType<typeof vcFixture>>) {
  return exportCredential({
    suite: f.suite,
    institutionId: 1,
    documentHash: f.licence.documentHash,
    claims: LICENCE_CLAIMS,
    holder: "did:example:ada",
    seed: SEED,
    statusBaseUrl: STATUS_BASE,
  });
}

function failed(result: Awaited<ReturnType<typeof verifyCredential>>) {
  return result.checks.filter((c) => !c.passed).map((c) => [c.check, c.message]);
}

describe("Verifiable Credentials", function () {
  this.timeout(120_000);

  it("exports a licence as a VC 2.0 credential with its record, window and status entries", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    const registry = (await f.diplomas.getAddress()).toLowerCase();
    const issuer = `urn:egov:31337:${registry}:institution:1`;
    expect(credential["@context"]).to.deep.equal([
      "https://www.w3.org/ns/credentials/v2",
      "https://egov.example.gov/credentials/v1",
    ]);
    expect(credential.type).to.deep.equal(["VerifiableCredential", "ProfessionalLicenceCredential"]);
    expect(credential.issuer).to.deep.equal({ id: issuer, name: "Conseil de l'ordre des médecins" });
    expect(credential.validUntil).to.equal(new Date(f.expiresAt * 1000).toISOString().replace(".000Z", "Z"));
    expect(credential.credentialSubject).to.deep.equal({ id: "did:example:ada", ...LICENCE_CLAIMS });
    const statuses = credential.credentialStatus as Record<string, string>[];
    expect(statuses.map((s) => [s.statusPurpose, s.statusListIndex, s.statusListCredential])).to.deep.equal([
      ["revocation", "0", `${STATUS_BASE}/1/documents/${f.licence.documentHash}/revocation`],
      ["suspension", "0", `${STATUS_BASE}/1/documents/${f.licence.documentHash}/suspension`],
    ]);
    expect(credential.registryRecord).to.include({
      chainId: 31337,
      institutionId: 1,
      kind: 1,
      documentHash: f.licence.documentHash,
    });
    const proof = credential.proof as Record<string, string>;
    expect([proof.type, proof.cryptosuite, proof.verificationMethod]).to.deep.equal([
      "DataIntegrityProof",
      "eddsa-rdfc-2022",
      `${issuer}#key-0`,
    ]);
  });

  it("verifies an exported licence, each check in plain words", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const result = await verifyCredential({ suite: f.suite, credential: await exportedLicence(f) });
    expect(failed(result)).to.deep.equal([]);
    expect(result.verified).to.equal(true);
    expect(result.checks.map((c) => c.check)).to.deep.equal([
      "record",
      "proof",
      "key",
      "accreditation",
      "status",
      "validity",
    ]);
    expect(result.checks.find((c) => c.check === "status")!.message).to.equal(
      "The Professional licence is neither revoked nor suspended.",
    );
  });

  it("a diploma of a batch exports as a VC that @digitalbazaar/vc verifies on its own", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportCredential({
      suite: f.suite,
      institutionId: 1,
      documentHash: id("MD 2"),
      batch: f.member(2),
      claims: { name: "Jean Dupont", degree: "Doctor of Medicine" },
      seed: SEED,
      statusBaseUrl: STATUS_BASE,
    });
    expect((credential.credentialStatus as unknown[]).length).to.equal(1);
    const keyDocument = {
      "@context": "https://w3id.org/security/multikey/v1",
      id: (credential.proof as Record<string, string>).verificationMethod,
      type: "Multikey",
      controller: (credential.issuer as { id: string }).id,
      publicKeyMultibase: (await institutionKey({ seed: SEED })).keyPair.publicKeyMultibase,
    };
    const controller = {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: keyDocument.controller,
      assertionMethod: [keyDocument.id],
    };
    const documentLoader = offlineLoader(async (url) =>
      url === keyDocument.id ? keyDocument : url === controller.id ? controller : undefined,
    );
    const result = await vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      checkStatus: async () => ({ verified: true }),
    });
    expect(result.verified).to.equal(true);
    const ours = await verifyCredential({ suite: f.suite, credential });
    expect(failed(ours)).to.deep.equal([]);
  });

  it("refuses a credential whose claim was changed after signing", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    const tampered = {
      ...credential,
      credentialSubject: { ...(credential.credentialSubject as object), profession: "Surgeon" },
    };
    const result = await verifyCredential({ suite: f.suite, credential: tampered });
    expect(result.verified).to.equal(false);
    expect(failed(result).map(([check]) => check)).to.deep.equal(["proof"]);
    expect(failed(result)[0]![1]).to.match(/^The signature does not hold: /);
  });

  it("refuses a credential signed with a key that was never the institution's", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    const { proof: _proof, ...unsigned } = credential;
    const foreign = await institutionKey({
      seed: `0x${"44".repeat(32)}`,
      key: { chainId: 31337, registry: await f.diplomas.getAddress(), institutionId: 1, keyIndex: 0 },
    });
    const forged = await sign(
      structuredClone(unsigned),
      foreign.keyPair.signer(),
      new Date((await time.latest()) * 1000),
    );
    const result = await verifyCredential({ suite: f.suite, credential: forged });
    expect(failed(result).map(([check]) => check)).to.deep.equal(["proof"]);
    const school = await institutionKey({
      seed: SCHOOL_SEED,
      key: { chainId: 31337, registry: await f.diplomas.getAddress(), institutionId: 2, keyIndex: 0 },
    });
    const borrowed = await sign(
      structuredClone(unsigned),
      school.keyPair.signer(),
      new Date((await time.latest()) * 1000),
    );
    const second = await verifyCredential({ suite: f.suite, credential: borrowed });
    expect(second.verified).to.equal(false);
    expect(second.checks.find((c) => c.check === "key")!.message).to.equal(
      "The credential is signed with a key of institution 2, not of its issuer (institution 1).",
    );
  });

  it("refuses an expired licence at its expiry second and a suspended one, and accepts it again once reinstated", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    const before = await verifyCredential({ suite: f.suite, credential, now: new Date((f.expiresAt - 1) * 1000) });
    expect(before.verified).to.equal(true);
    const expired = await verifyCredential({ suite: f.suite, credential, now: new Date(f.expiresAt * 1000) });
    expect(failed(expired)).to.deep.equal([
      [
        "validity",
        `The Professional licence expired on ${new Date(f.expiresAt * 1000).toISOString().replace(".000Z", "Z")}.`,
      ],
    ]);
    await f.asIssuer.suspend(f.licence.documentHash, 3, BASIS);
    const suspended = await verifyCredential({ suite: f.suite, credential });
    expect(failed(suspended)).to.deep.equal([["status", "The Professional licence is suspended."]]);
    await f.asIssuer.reinstate(f.licence.documentHash, BASIS);
    expect((await verifyCredential({ suite: f.suite, credential })).verified).to.equal(true);
  });

  it("refuses a credential of a kind the institution was not accredited for", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    const forged = { ...credential, registryRecord: { ...(credential.registryRecord as object), institutionId: 2 } };
    const result = await verifyCredential({ suite: f.suite, credential: forged });
    expect(result.verified).to.equal(false);
    expect(failed(result)[0]![0]).to.equal("record");
    const degree = await exportCredential({
      suite: f.suite,
      institutionId: 1,
      documentHash: id("MD 1"),
      batch: f.member(1),
      claims: { name: "Léa Roux" },
      seed: SEED,
      statusBaseUrl: STATUS_BASE,
    });
    const relabelled = { ...degree, registryRecord: { ...(degree.registryRecord as object), kind: 1 } };
    const answer = await verifyCredential({ suite: f.suite, credential: relabelled });
    expect(failed(answer)[0]).to.deep.equal([
      "record",
      "The credential claims kind 1, but the chain records a Diploma (kind 0).",
    ]);
  });

  it("refuses to export with a seed that is not the institution's current key, or for an unknown record", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const base = { suite: f.suite, institutionId: 1, claims: LICENCE_CLAIMS, statusBaseUrl: STATUS_BASE };
    const wrongSeed = await rejection(
      exportCredential({ ...base, documentHash: f.licence.documentHash, seed: SCHOOL_SEED }),
    );
    expect((wrongSeed as Error).message).to.match(
      /^seed: its key 0x[0-9a-f]{64} is not institution 1's current key 0x[0-9a-f]{64}$/,
    );
    const unknown = await rejection(exportCredential({ ...base, documentHash: id("nothing"), seed: SEED }));
    expect((unknown as Error).message).to.satisfy((m: string) => m.startsWith(`unknown credential ${id("nothing")}`));
    const reserved = await rejection(
      exportCredential({ ...base, documentHash: f.licence.documentHash, seed: SEED, claims: { id: "x" } }),
    );
    expect((reserved as Error).message).to.equal("claims.id: is set by the export");
  });

  it("a credential signed before a rotation still verifies; one signed with a compromised key does not", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const credential = await exportedLicence(f);
    await time.increase(10);
    await f.asIssuer.publishSigningKey((await institutionKey({ seed: ROTATED_SEED })).publicKey);
    expect((await verifyCredential({ suite: f.suite, credential })).verified).to.equal(true);
    const fresh = await exportCredential({
      suite: f.suite,
      institutionId: 1,
      documentHash: f.licence.documentHash,
      claims: LICENCE_CLAIMS,
      seed: ROTATED_SEED,
      statusBaseUrl: STATUS_BASE,
    });
    expect((await verifyCredential({ suite: f.suite, credential: fresh })).verified).to.equal(true);
    const signedAt = Date.parse((fresh.proof as Record<string, string>).created) / 1000;
    await f.asIssuer.markKeyCompromised(1, signedAt);
    const refused = await verifyCredential({ suite: f.suite, credential: fresh });
    expect(failed(refused)).to.deep.equal([
      [
        "key",
        `Key 1 was marked compromised from ${new Date(signedAt * 1000).toISOString().replace(".000Z", "Z")}, before this signature.`,
      ],
    ]);
  });

  it("status lists built from the chain answer as the chain does, over revocations, suspensions and re-issues", async function () {
    const f = await networkHelpers.loadFixture(vcFixture);
    const exported: VerifiableCredential[] = [];
    for (let i = 0; i < 4; i++) {
      exported.push(
        await exportCredential({
          suite: f.suite,
          institutionId: 1,
          documentHash: id(`MD ${i}`),
          batch: f.member(i),
          claims: { n: i },
          seed: SEED,
          statusBaseUrl: STATUS_BASE,
        }),
      );
    }
    const licence = await exportedLicence(f);
    await f.asIssuer.revokeInBatch(f.tree.root, { documentHash: id("MD 1"), ...f.member(1) }, 1);
    await f.asIssuer.reissueFromBatch(f.tree.root, { documentHash: id("MD 3"), ...f.member(3) }, 1, {
      documentHash: id("MD 3 corrected"),
      holderCommitment: id("holder MD 3"),
      holderWallet: ZeroAddress,
      programmeCode: encodeBytes32String("MD"),
      awardedAt: (await time.latest()) - 10,
    });
    await f.asIssuer.suspend(f.licence.documentHash, 3, BASIS);
    const files = await buildStatusLists({ suite: f.suite, institutionId: 1, seed: SEED, baseUrl: STATUS_BASE });
    expect(files.map((file) => [file.url.slice(STATUS_BASE.length), file.setIndices])).to.deep.equal([
      [`/1/documents/${f.licence.documentHash}/revocation`, []],
      [`/1/documents/${f.licence.documentHash}/suspension`, [0]],
      [`/1/documents/${id("MD 3 corrected")}/revocation`, []],
      [`/1/batches/${f.tree.root}/revocation`, [1, 3]],
    ]);
    const lists = new Map(files.map((file) => [file.url, file.credential]));
    for (const credential of [...exported, licence]) {
      const fromLists = await checkStatusLists({ suite: f.suite, credential, lists });
      const { record } = await verifyCredential({ suite: f.suite, credential });
      const fromChain = { revoked: record!.status === "Revoked", suspended: record!.status === "Suspended" };
      expect(fromLists).to.deep.equal(fromChain);
    }
    expect(await checkStatusLists({ suite: f.suite, credential: licence, lists })).to.deep.equal({
      revoked: false,
      suspended: true,
    });
  });
});
