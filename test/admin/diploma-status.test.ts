import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { issueDiplomaBatch, readProofFile, revokeDiploma } from "../../src/actions/diploma.js";
import type { Execution } from "../../src/actions/execute.js";
import { connectSuite } from "../../src/deployment.js";
import { InvalidInputError, RecordNotFoundError } from "../../src/errors.js";
import { verifyDiploma } from "../../src/sdk/reads.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** An institution with the fixture's issuer bound to it, and a class of five issued through the batch action. */
async function classFixture() {
  const fixture = await deployAdminSuite(connection);
  const { suite, accounts, diplomas } = fixture;
  await diplomas.connect(accounts.accreditor).registerInstitution("University of Utopia", "0x5554", id("accr"));
  await diplomas.connect(accounts.accreditor).bindIssuer(accounts.diplomaIssuer.address, 1);
  const batch = await issueDiplomaBatch({
    suite,
    signer: accounts.diplomaIssuer,
    rows: Array.from({ length: 5 }, (_, i) => ({
      label: `graduate ${i}`,
      documentHash: id(`diploma ${i}`),
      holderCommitment: id(`holder ${i}`),
    })),
  });
  return { ...fixture, batch };
}

/** The time of the block that mined `hash`. */
async function blockTime(hash: string): Promise<number> {
  const receipt = (await ethers.provider.getTransactionReceipt(hash))!;
  return (await ethers.provider.getBlock(receipt.blockNumber))!.timestamp;
}

/** The hash of an action's one sent transaction. */
function sentHash(execution: Execution): string {
  if (execution.mode !== "send") expect.fail(`the action ran in ${execution.mode} mode`);
  return execution.transactions[0]!.hash;
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("it succeeded"),
    (error: unknown) => error,
  );
}

describe("diplomas revoked inside a batch, as the SDK reads them", function () {
  it("verifyDiploma returns the time and reason of a batch revocation from its event, the status from the list", async function () {
    const { suite, accounts, batch } = await networkHelpers.loadFixture(classFixture);
    const [, second, third] = batch.proofs;
    expect(second!.statusIndex).to.equal(1);
    const revoked = await revokeDiploma({
      suite,
      signer: accounts.diplomaIssuer,
      documentHash: second!.documentHash,
      reason: 4,
      batch: second!,
    });
    const verified = await verifyDiploma({
      suite,
      institutionId: 1,
      documentHash: second!.documentHash,
      proof: second!,
    });
    expect(verified.status).to.equal("Revoked");
    expect(verified.revocation).to.deep.equal({ revokedAt: await blockTime(sentHash(revoked)), reason: 4 });
    const sibling = await verifyDiploma({ suite, institutionId: 1, documentHash: third!.documentHash, proof: third! });
    expect(sibling.status).to.equal("Valid");
    expect(sibling.revocation).to.equal(null);
  });

  it("reads the time and reason of each diploma revoked many at once", async function () {
    const { suite, accounts, batch, diplomas } = await networkHelpers.loadFixture(classFixture);
    const entries = batch.proofs.slice(2).map((p) => ({ ...p, proof: [...p.proof] }));
    const tx = await diplomas.connect(accounts.diplomaIssuer).revokeManyInBatch(batch.root, entries, 9);
    const at = await blockTime(tx.hash);
    for (const proof of batch.proofs.slice(2)) {
      const verified = await verifyDiploma({ suite, institutionId: 1, documentHash: proof.documentHash, proof });
      expect(verified.revocation, proof.documentHash).to.deep.equal({ revokedAt: at, reason: 9 });
    }
  });

  it("says so when the node serves no log of a revocation the status list records", async function () {
    const { suite, accounts, batch } = await networkHelpers.loadFixture(classFixture);
    const [first] = batch.proofs;
    await revokeDiploma({
      suite,
      signer: accounts.diplomaIssuer,
      documentHash: first!.documentHash,
      reason: 2,
      batch: first!,
    });
    // A record that claims a later deployment block: the node is asked for logs from after the revocation.
    const later = (await ethers.provider.getBlockNumber()) + 1;
    await networkHelpers.mine(2);
    const deployment = {
      ...suite.deployment,
      contracts: {
        ...suite.deployment.contracts,
        DiplomaRegistry: { ...suite.deployment.contracts.DiplomaRegistry!, deploymentBlock: later },
      },
    };
    const blind = connectSuite({ deployment, runner: ethers.provider });
    const error = await rejection(
      verifyDiploma({ suite: blind, institutionId: 1, documentHash: first!.documentHash, proof: first! }),
    );
    expect(error).to.be.instanceOf(RecordNotFoundError);
    expect((error as RecordNotFoundError).details).to.include(`from block ${later}`);
  });

  it("refuses a proof without a usable status index before asking the chain", async function () {
    const { suite, batch } = await networkHelpers.loadFixture(classFixture);
    const [first] = batch.proofs;
    for (const statusIndex of [-1, 1.5, 2 ** 32]) {
      const error = await rejection(
        verifyDiploma({
          suite,
          institutionId: 1,
          documentHash: first!.documentHash,
          proof: { ...first!, statusIndex },
        }),
      );
      expect(error, String(statusIndex)).to.be.instanceOf(InvalidInputError);
      expect((error as InvalidInputError).field).to.equal("proof.statusIndex");
    }
    const directory = mkdtempSync(join(tmpdir(), "egov-proof-"));
    const { statusIndex, ...older } = first!;
    expect(statusIndex).to.equal(0);
    const path = join(directory, "older.json");
    writeFileSync(path, JSON.stringify(older));
    expect(() => readProofFile("--proof-file", path)).to.throw(InvalidInputError, "statusIndex");
  });
});
