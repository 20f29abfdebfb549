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
import { encodeBytes32String, getBytes, id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import {
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
import { Roles } from "../../src/roles.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const FR = "0x4652";
const SEED = `0x${"44".repeat(32)}`;
const OTHER_SEED = `0x${"55".repeat(32)}`;
const STATUS_BASE = "https://status.example.gov/credentials";
const CLAIMS = { name: "Ada Martin", degree: "Master of Science in Physics", grade: "Pass" };

/**
 * A school (institution 1) whose current key is the P-256 key of SEED, holding a diploma issued alone; a council
 * (institution 2) whose current key is the P-256 key of OTHER_SEED.
 */
async function disclosureFixture() {
  const f = await deployAdminSuite(connection);
  const { accreditor, diplomaIssuer, carol, admin } = f.accounts;
  await f.authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, carol.address, 0);
  const asAccreditor = f.diplomas.connect(accreditor);
  await asAccreditor.registerInstitution("Université de Lyon", FR, id("accreditation"));
  await asAccreditor.registerInstitution("Conseil de l'ordre", FR, id("accreditation"));
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  await asAccreditor.bindIssuer(carol.address, 2);
  const asSchool = f.diplomas.connect(diplomaIssuer);
  await asSchool.publishSigningKey((await selectiveDisclosureKey({ seed: SEED })).publicKey);
  await f.diplomas.connect(carol).publishSigningKey((await selectiveDisclosureKey({ seed: OTHER_SEED })).publicKey);
  const diploma = {
    documentHash: id("diploma MSC-PHYS-0042"),
    holderCommitment: id("holder MSC-PHYS-0042"),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String("MSC-PHYS"),
    awardedAt: (await time.latest()) - 100,
  };
  await asSchool.issue(diploma);
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
  return { ...f, asSchool, diploma, base, shown };
}

function failed(result: Awaited<ReturnType<typeof verifyCredential>>) {
  return result.checks.filter((c) => !c.passed).map((c) => [c.check, c.message]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("it succeeded"),
    (error: unknown) => error,
  );
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
    const outside = await rejection(deriveCredential({ credential: base, reveal: ["/registryRecord/kind"] }));
    expect((outside as Error).message).to.equal('reveal[0]: "/registryRecord/kind" is not a claim of the credential');
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
