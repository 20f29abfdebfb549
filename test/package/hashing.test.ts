/**
 * The SDK's offline hashing: document hashes, holder commitments and diploma batches, checked against the registry's
 * own leaf computation.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { AbiCoder, id, keccak256, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { InvalidInputError } from "../../src/errors.js";
import { hashFile } from "../../src/validate.js";
import { buildDiplomaBatch, checkDiplomaProof, diplomaLeaf, hashDocument, holderCommitment } from "../../src/index.js";

const connection = await network.create();

const SALT = id("salt of the holder");
const DIPLOMAS = [1, 2, 3].map((index) => ({
  documentHash: id(`diploma ${index}`),
  holderCommitment: holderCommitment({ salt: SALT, holderId: `holder ${index}` }),
}));

async function deployDiplomaRegistry() {
  const registry = await connection.ethers.deployContract("DiplomaRegistry");
  return { registry };
}

describe("SDK hashing", function () {
  it("hashes a document's bytes as keccak256, and a file's bytes alike", function () {
    const dir = mkdtempSync(join(tmpdir(), "egov-hash-"));
    try {
      const bytes = toUtf8Bytes("%PDF-1.7 a diploma");
      writeFileSync(join(dir, "diploma.pdf"), bytes);
      expect(hashDocument({ bytes })).to.equal(keccak256(bytes));
      expect(hashFile("--document", join(dir, "diploma.pdf"))).to.equal(keccak256(bytes));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a document that is not bytes", function () {
    expect(() => hashDocument({ bytes: "%PDF-1.7" as unknown as Uint8Array }))
      .to.throw(InvalidInputError)
      .with.property("field", "bytes");
  });

  it("commits to a holder as keccak256(abi.encode(salt, holderId))", function () {
    const expected = keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "string"], [SALT, "holder 1"]));
    expect(holderCommitment({ salt: SALT, holderId: "holder 1" })).to.equal(expected);
    expect(() => holderCommitment({ salt: "0x1234", holderId: "holder 1" })).to.throw(InvalidInputError, "salt");
    expect(() => holderCommitment({ salt: SALT, holderId: "" })).to.throw(InvalidInputError, "holderId");
  });

  it("builds a batch whose proofs check offline and whose leaves match the registry's", async function () {
    const { registry } = await connection.networkHelpers.loadFixture(deployDiplomaRegistry);
    const batch = buildDiplomaBatch({ diplomas: DIPLOMAS });
    expect(batch.proofs).to.have.length(3);
    for (const [index, proof] of batch.proofs.entries()) {
      expect(proof.root).to.equal(batch.root);
      // Each diploma's status index is its place in the list.
      expect(proof.statusIndex).to.equal(index);
      expect(checkDiplomaProof(proof)).to.equal(true);
      expect(diplomaLeaf({ ...DIPLOMAS[index], statusIndex: index })).to.equal(
        await registry.batchLeaf(DIPLOMAS[index].documentHash, DIPLOMAS[index].holderCommitment, index),
      );
    }
    const [first, second] = batch.proofs;
    expect(checkDiplomaProof({ ...first, holderCommitment: second.holderCommitment })).to.equal(false);
    expect(checkDiplomaProof({ ...first, statusIndex: second.statusIndex })).to.equal(false);
  });

  it("refuses an empty batch, a malformed hash and a document listed twice", function () {
    expect(() => buildDiplomaBatch({ diplomas: [] })).to.throw(InvalidInputError, "diplomas");
    expect(() => buildDiplomaBatch({ diplomas: [{ ...DIPLOMAS[0], documentHash: "0x12" }] }))
      .to.throw(InvalidInputError)
      .with.property("field", "diplomas[0].documentHash");
    expect(() => buildDiplomaBatch({ diplomas: [DIPLOMAS[0], DIPLOMAS[1], DIPLOMAS[0]] }))
      .to.throw(InvalidInputError)
      .with.property("field", "diplomas[2].documentHash");
  });
});
