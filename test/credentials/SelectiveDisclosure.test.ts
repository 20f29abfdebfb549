/**
 * Selective disclosure (`ecdsa-sd-2023`): the institution's base proof with its P-256 key published on chain, the
 * holder's derived credential that reveals only the chosen claims, and its verification, by `@digitalbazaar/vc` on
 * its own and by `verifyCredential` against the chain. A derived credential changed in any way is refused.
 */
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { createVerifyCryptosuite } from "@digitalbazaar/ecdsa-sd-2023-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import { expect } from "chai";
import { p256 } from "@noble/curves/nist.js";
import { getBytes, id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";

import {
  buildStatusLists,
  checkStatusLists,
  deriveCredential,
  exportCredential,
  institutionKey,
  offlineLoader,
  p256MultikeyDocument,
  selectiveDisclosureKey,
  verifyCredential,
  type VerifiableCredential,
} from "../../src/credentials/index.js";
import { InvalidInputError } from "../../src/errors.js";
import { credentialData, credentialSuite, rejection, STATUS_BASE } from "../helpers/credentials.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const SEED = `0x${"44".repeat(32)}`;
const OTHER_SEED = `0x${"55".repeat(32)}`;
const CLAIMS = { name: "Ada Martin", degree: "Master of Science in Physics", grade: "Pass" };

/**
 * A school (institution 1) whose current key is the P-256 key of SEED, holding a diploma issued alone; a council
 * (institution 2) whose current key is the P-256 key of OTHER_SEED.
 */
async function disclosureFixture() {
  const f = await credentialSuite(connection, [
    { name: "Université de Lyon", seed: SEED, keyType: "p256" },
    { name: "Conseil de l'ordre", seed: OTHER_SEED, keyType: "p256" },
  ]);
  const diploma = credentialData("MSC-PHYS-0042", (await time.latest()) - 100);
  await f.asIssuer.issue(diploma);
  const base = await exportCredential({
    suite: f.suite,
    institutionId: 1,
    documentHash: diploma.documentHash,
    claims: CLAIMS,
    holder: "did:example:ada",
    seed: SEED,
    statusBaseUrl: STATUS_BASE,
    cryptosuite: "ecdsa-sd-2023",
  });
  const shown = await deriveCredential({ credential: base, reveal: ["name", "degree"] });
  return { ...f, asSchool: f.asIssuer, diploma, base, shown };
}

function failed(result: Awaited<ReturnType<typeof verifyCredential>>) {
  return result.checks.filter((c) => !c.passed).map((c) => [c.check, c.message]);
}

function subjectOf(credential: VerifiableCredential) {
  return credential.credentialSubject as Record<string, unknown>;
}

describe("Selective disclosure", function () {
  this.timeout(120_000);

  it("the holder shows the degree without the grade, and the chain's checks all pass", async function () {
    const { suite, base, shown } = await networkHelpers.loadFixture(disclosureFixture);
    expect((base.proof as Record<string, string>).cryptosuite).to.equal("ecdsa-sd-2023");
    expect(subjectOf(shown)).to.deep.equal({
      id: "did:example:ada",
      name: "Ada Martin",
      degree: "Master of Science in Physics",
    });
    // Everything a verifier checks against the chain is always revealed.
    for (const field of ["issuer", "name", "validFrom", "credentialStatus", "registryRecord"]) {
      expect(shown[field], field).to.deep.equal(base[field]);
    }
    const result = await verifyCredential({ suite, credential: shown });
    expect(failed(result)).to.deep.equal([]);
    expect(result.checks.find((c) => c.check === "proof")!.message).to.equal(
      "The signature is valid: every claim shown is as the institution signed it (the holder chose to show only these).",
    );
  });

  it("@digitalbazaar/vc verifies the derived credential on its own, the key from the chain's bytes32", async function () {
    const { suite, shown } = await networkHelpers.loadFixture(disclosureFixture);
    const registry = await suite.diplomaRegistry.getAddress();
    const published = await suite.diplomaRegistry.signingKey(1, 0);
    const issuer = { chainId: 31337, registry, institutionId: 1 };
    const keyDocument = p256MultikeyDocument(issuer, {
      keyIndex: 0,
      publicKey: published.publicKey,
      validFrom: 0,
      validUntil: null,
      compromisedFrom: null,
    });
    expect(keyDocument.publicKeyMultibase).to.equal(
      (await selectiveDisclosureKey({ seed: SEED })).keyPair.publicKeyMultibase,
    );
    const controller = {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: keyDocument.controller,
      assertionMethod: [keyDocument.id],
    };
    const documentLoader = offlineLoader(async (url) =>
      url === keyDocument.id ? keyDocument : url === controller.id ? controller : undefined,
    );
    const verify = (credential: VerifiableCredential) =>
      vc.verifyCredential({
        credential,
        suite: new DataIntegrityProof({ cryptosuite: createVerifyCryptosuite() }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
      });
    expect((await verify(shown)).verified).to.equal(true);
    const forged = { ...shown, credentialSubject: { ...subjectOf(shown), degree: "Doctor of Medicine" } };
    expect((await verify(forged)).verified).to.equal(false);
  });

  it("refuses a derived credential with a revealed claim changed, a hidden claim added back or the record changed", async function () {
    const { suite, shown } = await networkHelpers.loadFixture(disclosureFixture);
    const changed = { ...shown, credentialSubject: { ...subjectOf(shown), degree: "Doctor of Medicine" } };
    const added = { ...shown, credentialSubject: { ...subjectOf(shown), grade: "Distinction" } };
    const dropped = { ...shown, credentialSubject: { id: "did:example:ada", name: "Ada Martin" } };
    const otherHolder = { ...shown, credentialSubject: { ...subjectOf(shown), id: "did:example:mallory" } };
    for (const [label, credential] of Object.entries({ changed, added, dropped, otherHolder })) {
      const result = await verifyCredential({ suite, credential });
      expect(result.verified, label).to.equal(false);
      expect(
        failed(result).map(([check]) => check),
        label,
      ).to.deep.equal(["proof"]);
      expect(failed(result)[0]![1], label).to.match(/^The signature does not hold: .+[^.]\.$/);
    }
  });

  it("refuses a derived credential whose proof names another institution's key", async function () {
    const { suite, shown } = await networkHelpers.loadFixture(disclosureFixture);
    const proof = shown.proof as Record<string, string>;
    const otherKey = proof.verificationMethod!.replace(":institution:1#", ":institution:2#");
    const result = await verifyCredential({
      suite,
      credential: { ...shown, proof: { ...proof, verificationMethod: otherKey } },
    });
    expect(failed(result).map(([check]) => check)).to.deep.equal(["proof", "key"]);
    expect(failed(result)[1]![1]).to.equal(
      "The credential is signed with a key of institution 2, not of its issuer (institution 1).",
    );
  });

  it("says that the holder's copy with the base proof is not what a verifier checks", async function () {
    const { suite, base } = await networkHelpers.loadFixture(disclosureFixture);
    const result = await verifyCredential({ suite, credential: base });
    expect(failed(result)).to.deep.equal([
      [
        "proof",
        "This is the holder's copy with the institution's base proof: the holder shows a credential derived from it, revealing the claims they choose, and that one is verified.",
      ],
    ]);
  });

  it("a derived credential of a revoked diploma verifies its proof and is refused on its status", async function () {
    const { suite, shown, asSchool, diploma } = await networkHelpers.loadFixture(disclosureFixture);
    await asSchool.revoke(diploma.documentHash, 1);
    const result = await verifyCredential({ suite, credential: shown });
    expect(failed(result)).to.deep.equal([["status", "The Diploma is revoked."]]);
  });

  it("refuses to derive without a base proof or with a claim the credential does not carry", async function () {
    const { suite, base, shown, diploma } = await networkHelpers.loadFixture(disclosureFixture);
    const derivedAgain = await rejection(deriveCredential({ credential: shown, reveal: ["name"] }));
    expect(derivedAgain).to.be.instanceOf(InvalidInputError);
    expect((derivedAgain as Error).message).to.equal(
      "credential: carries no ecdsa-sd-2023 base proof of an institution to derive from",
    );
    const unknownClaim = await rejection(deriveCredential({ credential: base, reveal: ["name", "salary"] }));
    expect((unknownClaim as Error).message).to.equal('reveal[1]: "salary" is not a claim of the credential');
    const outside = await rejection(deriveCredential({ credential: base, reveal: ["/proof/created"] }));
    expect((outside as Error).message).to.equal('reveal[0]: "/proof/created" is not a claim of the credential');
    const nothing = await rejection(deriveCredential({ credential: base, reveal: [] }));
    expect((nothing as Error).message).to.equal("reveal: names no claim to reveal");
    const exportParameters = {
      suite,
      institutionId: 1,
      documentHash: diploma.documentHash,
      claims: CLAIMS,
      statusBaseUrl: STATUS_BASE,
    };
    const wrongKey = await rejection(
      exportCredential({ ...exportParameters, seed: OTHER_SEED, cryptosuite: "ecdsa-sd-2023" }),
    );
    expect((wrongKey as Error).message).to.match(
      /^seed: its key 0x[0-9a-f]{64} is not institution 1's current key 0x[0-9a-f]{64}$/,
    );
    // The school's current key is a P-256 key: its seed's Ed25519 key is not on chain.
    const ed25519 = await rejection(exportCredential({ ...exportParameters, seed: SEED }));
    expect((ed25519 as Error).message).to.equal(
      `seed: its key ${(await institutionKey({ seed: SEED })).publicKey} is not institution 1's current key ${(await selectiveDisclosureKey({ seed: SEED })).publicKey}`,
    );
    const unknownSuite = await rejection(
      exportCredential({ ...exportParameters, seed: SEED, cryptosuite: "bbs-2023" as never }),
    );
    expect((unknownSuite as Error).message).to.equal('cryptosuite: "bbs-2023" is not eddsa-rdfc-2022 or ecdsa-sd-2023');
  });

  it("refuses to derive with a mandatory pointer, a claim named twice, a pointer into a missing claim or no pointer", async function () {
    const { base } = await networkHelpers.loadFixture(disclosureFixture);
    const refusal = async (reveal: string[]) => {
      const error = await rejection(deriveCredential({ credential: base, reveal }));
      expect(error).to.be.instanceOf(InvalidInputError);
      return (error as Error).message;
    };
    for (const [index, pointer] of [
      [0, "/issuer"],
      [0, "/credentialSubject/id"],
      [1, "/registryRecord/kind"],
      [1, "/credentialStatus/0"],
      [0, "/validFrom"],
    ] as const) {
      const reveal = index === 0 ? [pointer] : ["name", pointer];
      expect(await refusal(reveal)).to.equal(
        `reveal[${index}]: "${pointer}" is always revealed (a mandatory pointer of the base proof), so it cannot be chosen`,
      );
    }
    expect(await refusal(["id"])).to.equal(
      'reveal[0]: "id" is always revealed (a mandatory pointer of the base proof), so it cannot be chosen',
    );
    expect(await refusal(["name", "/credentialSubject/name"])).to.equal(
      'reveal[1]: "/credentialSubject/name" is named twice',
    );
    expect(await refusal(["/credentialSubject/degree/level"])).to.equal(
      'reveal[0]: "/credentialSubject/degree/level" is not a claim of the credential',
    );
    expect(await refusal(["/credentialSubject"])).to.equal(
      'reveal[0]: "/credentialSubject" is not a claim of the credential',
    );
    expect(await refusal([""])).to.equal("reveal[0]: is not a claim's name or a JSON pointer");
    expect(await refusal(["name", "/"])).to.equal("reveal[1]: is not a claim's name or a JSON pointer");
  });

  it("reveals a nested claim by its JSON pointer and hides its siblings", async function () {
    const { suite, diploma } = await networkHelpers.loadFixture(disclosureFixture);
    const base = await exportCredential({
      suite,
      institutionId: 1,
      documentHash: diploma.documentHash,
      claims: { name: "Ada Martin", degree: { title: "MSc Physics", grade: "Pass" }, "a/b": "slash" },
      seed: SEED,
      statusBaseUrl: STATUS_BASE,
      cryptosuite: "ecdsa-sd-2023",
    });
    const shown = await deriveCredential({ credential: base, reveal: ["/credentialSubject/degree/title", "a/b"] });
    expect(subjectOf(shown)).to.deep.equal({ degree: { title: "MSc Physics" }, "a/b": "slash" });
    expect(failed(await verifyCredential({ suite, credential: shown }))).to.deep.equal([]);
  });

  it("status lists of an institution whose key is P-256 answer as the chain does, over revocations, suspensions and re-issues", async function () {
    const f = await networkHelpers.loadFixture(disclosureFixture);
    const t = await time.latest();
    await time.setNextBlockTimestamp(t + 1);
    await f.asAccreditor.accreditForKind(1, 1, t + 1, id("licensing"));
    const licence = credentialData("GP-001", t - 100, "MED-GP");
    await f.asSchool.issueCredential(1, licence, { validFrom: 0, expiresAt: t + 365 * 24 * 3600 });
    const values = Array.from({ length: 3 }, (_, i) => [id(`MD ${i}`), id(`holder MD ${i}`), i]);
    const tree = StandardMerkleTree.of<(string | number)[]>(values, ["bytes32", "bytes32", "uint32"]);
    await f.asSchool.issueBatch(tree.root, 3);
    const member = (i: number) => ({
      root: tree.root,
      holderCommitment: id(`holder MD ${i}`),
      statusIndex: i,
      proof: tree.getProof(i),
    });
    const exportAndDerive = async (documentHash: string, batch?: ReturnType<typeof member>) =>
      deriveCredential({
        credential: await exportCredential({
          suite: f.suite,
          institutionId: 1,
          documentHash,
          batch,
          claims: CLAIMS,
          seed: SEED,
          statusBaseUrl: STATUS_BASE,
          cryptosuite: "ecdsa-sd-2023",
        }),
        reveal: ["degree"],
      });
    const shown = [
      f.shown,
      await exportAndDerive(licence.documentHash),
      ...(await Promise.all([0, 1, 2].map((i) => exportAndDerive(id(`MD ${i}`), member(i))))),
    ];
    await f.asSchool.revokeInBatch(tree.root, { documentHash: id("MD 1"), ...member(1) }, 1);
    await f.asSchool.reissueFromBatch(
      tree.root,
      { documentHash: id("MD 2"), ...member(2) },
      1,
      credentialData("MD 2 corrected", t - 10),
    );
    await f.asSchool.suspend(licence.documentHash, 3, id("disciplinary decision"));
    await f.asSchool.revoke(f.diploma.documentHash, 2);

    const files = await buildStatusLists({ suite: f.suite, institutionId: 1, seed: SEED, baseUrl: STATUS_BASE });
    expect(files.map((file) => [file.url.slice(STATUS_BASE.length), file.setIndices])).to.deep.equal([
      [`/1/documents/${f.diploma.documentHash}/revocation`, [0]],
      [`/1/documents/${licence.documentHash}/revocation`, []],
      [`/1/documents/${licence.documentHash}/suspension`, [0]],
      [`/1/documents/${credentialData("MD 2 corrected", 0).documentHash}/revocation`, []],
      [`/1/batches/${tree.root}/revocation`, [1, 2]],
    ]);
    for (const file of files)
      expect((file.credential.proof as Record<string, string>).cryptosuite).to.equal("ecdsa-sd-2023");
    const lists = new Map(files.map((file) => [file.url, file.credential]));
    const answers = [];
    for (const credential of shown) {
      const fromLists = await checkStatusLists({ suite: f.suite, credential, lists });
      const { record } = await verifyCredential({ suite: f.suite, credential });
      expect(fromLists).to.deep.equal({
        revoked: record!.status === "Revoked",
        suspended: record!.status === "Suspended",
      });
      answers.push(fromLists);
    }
    expect(answers).to.deep.equal([
      { revoked: true, suspended: false },
      { revoked: false, suspended: true },
      { revoked: false, suspended: false },
      { revoked: true, suspended: false },
      { revoked: true, suspended: false },
    ]);
    // A list whose bits were changed after signing is refused.
    const [diplomaList] = files;
    const { encodedList } = diplomaList!.credential.credentialSubject as { encodedList: string };
    const cleared = files[3]!.credential.credentialSubject as { encodedList: string };
    expect(cleared.encodedList).to.not.equal(encodedList);
    const forged = new Map(lists).set(diplomaList!.url, {
      ...diplomaList!.credential,
      credentialSubject: { ...(diplomaList!.credential.credentialSubject as object), encodedList: cleared.encodedList },
    });
    const error = await rejection(checkStatusLists({ suite: f.suite, credential: f.shown, lists: forged }));
    expect((error as Error).message).to.equal(
      `status list ${diplomaList!.url} does not verify\n\nDetails: "BitstringStatusListCredential" not verified; reason: Verification error(s).`,
    );
  });

  it("refuses to sign status lists with a seed whose keys are not the institution's current key", async function () {
    const { suite } = await networkHelpers.loadFixture(disclosureFixture);
    const error = await rejection(
      buildStatusLists({ suite, institutionId: 1, seed: OTHER_SEED, baseUrl: STATUS_BASE }),
    );
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as Error).message).to.equal("seed: its key is not institution 1's current key");
  });

  it("makes the same P-256 key from a seed every time, with an even y, and refuses a seed that is no key", async function () {
    const first = await selectiveDisclosureKey({ seed: SEED });
    const again = await selectiveDisclosureKey({ seed: SEED });
    expect(first.publicKey)
      .to.equal(again.publicKey)
      .and.match(/^0x[0-9a-f]{64}$/);
    expect(first.keyPair.publicKeyMultibase).to.equal(again.keyPair.publicKeyMultibase);
    // Seeds whose scalar gives an odd y are negated: the same x names both, and the key is found from x alone.
    const seeds = ["01", "02", "03", "04", "05", "06"].map((b) => `0x${b.repeat(32)}`);
    expect(seeds.some((seed) => p256.getPublicKey(getBytes(seed), true)[0] === 0x03)).to.equal(true);
    const keys = await Promise.all(seeds.map((seed) => selectiveDisclosureKey({ seed })));
    for (const key of keys) {
      const fromChain = p256MultikeyDocument(
        { chainId: 1, registry: ZeroAddress, institutionId: 1 },
        { keyIndex: 0, publicKey: key.publicKey, validFrom: 0, validUntil: null, compromisedFrom: null },
      );
      expect(fromChain.publicKeyMultibase).to.equal(key.keyPair.publicKeyMultibase);
    }
    const zero = await rejection(selectiveDisclosureKey({ seed: `0x${"00".repeat(32)}` }));
    expect((zero as Error).message).to.equal("seed: is not a P-256 secret key");
    const short = await rejection(selectiveDisclosureKey({ seed: "0x1234" }));
    expect((short as Error).message).to.equal("seed: is not 32 bytes of 0x hex");
  });
});
