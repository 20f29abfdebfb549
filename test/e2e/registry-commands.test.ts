/**
 * End to end: the diploma and company commands against a real node (`hardhat node`, or the one `EGOV_E2E_NODE`
 * names: see `helpers/node.ts`), with the suite deployed by `npm run deploy -- --network localhost` and every command
 * run as a subprocess; results are read back from the chain.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, keccak256, toUtf8Bytes } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { CompanyRegistry__factory, DiplomaRegistry__factory } from "../../types/ethers-contracts/index.js";
import {
  type CliEnvironment,
  type CliResult,
  collect,
  hardhat,
  json,
  spawnDeploy,
  spawnHardhat,
} from "./helpers/cli.js";
import { type LocalNode, startNode } from "./helpers/node.js";

/** The test mnemonic's well-known accounts 13 to 17, as `hardhat node` and anvil unlock them. */
const ACCOUNTS = {
  accreditor: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  issuerA: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  issuerB: "0xcd3B766CCDd6AE721141F452C550Ca635964ce71",
  companyRegistrar: "0x2546BcD3c84621e976D8185a91A922aE77ECEc30",
  holder: "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
} as const;

const CONFIG = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  grants: {
    ACCREDITOR: [ACCOUNTS.accreditor],
    DIPLOMA_ISSUER: [ACCOUNTS.issuerA, ACCOUNTS.issuerB],
    COMPANY_REGISTRAR: [ACCOUNTS.companyRegistrar],
  },
  delays: { recovery: 259200, upgrade: 604800 },
  saleApproval: { property: true },
};

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(1);
  expect(result.errorLines, result.stderr).to.have.length(1);
  expect(result.errorLines[0]).to.match(/^Error: /);
  expect(result.errorLines[0]).to.match(pattern);
}

function expectSuccess(result: CliResult): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
}

describe("diploma and company commands on a local node (end to end)", function () {
  this.timeout(180_000);

  let node: LocalNode;
  let workDir: string;
  let env: CliEnvironment;
  let provider: JsonRpcProvider;
  let deployment: SuiteDeployment;

  const diplomaRegistry = () => DiplomaRegistry__factory.connect(deployment.contracts.DiplomaRegistry!.proxy, provider);
  const companyRegistry = () => CompanyRegistry__factory.connect(deployment.contracts.CompanyRegistry!.proxy, provider);
  const run = (args: readonly string[]) => hardhat(env, args);

  async function runJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
    const result = await run([...args, "--json"]);
    expectSuccess(result);
    return json<T>(result);
  }

  function file(name: string, content: string): string {
    const path = join(workDir, name);
    writeFileSync(path, content);
    return path;
  }

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    workDir = mkdtempSync(join(tmpdir(), "egov-e2e-registries-"));
    const deploymentsDir = join(workDir, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    writeFileSync(join(deploymentsDir, "config", "localhost.json"), JSON.stringify(CONFIG));
    env = { rpcUrl: node.url, deploymentsDir };
    expectSuccess(await collect(spawnDeploy(env)));
    deployment = JSON.parse(readFileSync(join(deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;

    const from = ["--from", ACCOUNTS.accreditor];
    const accreditation = file("accreditation.pdf", "%PDF accreditation of the university");
    expectSuccess(
      await run([
        "diplomas",
        "register-institution",
        "--name",
        "Université de Lyon",
        "--country",
        "FR",
        "--accreditation-document",
        accreditation,
        ...from,
      ]),
    );
    expectSuccess(
      await run([
        "diplomas",
        "register-institution",
        "--name",
        "TU Berlin",
        "--country",
        "DE",
        "--accreditation-document",
        id("tu accreditation"),
        ...from,
      ]),
    );
    expectSuccess(await run(["diplomas", "bind-issuer", "--issuer", ACCOUNTS.issuerA, "--institution", "1", ...from]));
    expectSuccess(await run(["diplomas", "bind-issuer", "--issuer", ACCOUNTS.issuerB, "--institution", "2", ...from]));
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  describe("institutions", function () {
    it("registers institutions and binds issuers, as show-institution reads them back", async function () {
      const registry = diplomaRegistry();
      expect(await registry.institutionCount()).to.equal(2n);
      const lyon = await registry.institution(1);
      expect(lyon.name).to.equal("Université de Lyon");
      expect(lyon.country).to.equal("0x4652");
      expect(lyon.accreditationDocument).to.equal(keccak256(toUtf8Bytes("%PDF accreditation of the university")));
      expect(await registry.institutionOf(ACCOUNTS.issuerA)).to.equal(1n);
      const shown = await runJson<{
        institution: { name: string; country: string; status: string; issuers: string[] };
      }>(["diplomas", "show-institution", "--institution", "1"]);
      expect(shown.institution).to.deep.include({ name: "Université de Lyon", country: "FR", status: "Accredited" });
      expect(shown.institution.issuers).to.deep.equal([ACCOUNTS.issuerA]);
    });

    it("suspends and reinstates an institution, and unbinds and rebinds an issuer", async function () {
      const from = ["--from", ACCOUNTS.accreditor];
      expectSuccess(
        await run(["diplomas", "suspend-institution", "--institution", "2", "--basis", id("sanction"), ...from]),
      );
      expect((await diplomaRegistry().institution(2)).status).to.equal(2n);
      // A suspension takes effect from the next second; let time pass so that the reinstatement is a separate entry
      // of the accreditation history (within one second the two collapse into "accredited throughout").
      await provider.send("evm_increaseTime", [60]);
      await provider.send("evm_mine", []);
      expectSuccess(
        await run([
          "diplomas",
          "reinstate-institution",
          "--institution",
          "2",
          "--accreditation-document",
          id("new"),
          ...from,
        ]),
      );
      expectSuccess(await run(["diplomas", "unbind-issuer", "--issuer", ACCOUNTS.issuerB, ...from]));
      expect(await diplomaRegistry().institutionOf(ACCOUNTS.issuerB)).to.equal(0n);
      expectSuccess(
        await run(["diplomas", "bind-issuer", "--issuer", ACCOUNTS.issuerB, "--institution", "2", ...from]),
      );
      const shown = await runJson<{ institution: { status: string; history: { accredited: boolean }[] } }>([
        "diplomas",
        "show-institution",
        "--institution",
        "2",
      ]);
      expect(shown.institution.status).to.equal("Accredited");
      expect(shown.institution.history.map((change) => change.accredited)).to.deep.equal([true, false, true]);
    });

    it("accredits an institution for a kind and withdraws it, naming the kind; refuses a kind not defined", async function () {
      const from = ["--from", ACCOUNTS.accreditor];
      const kinds = Number(await diplomaRegistry().kindCount());
      const nonce = await provider.getTransactionCount(ACCOUNTS.accreditor);
      const unknown = await run(["diplomas", "accredit", "--institution", "2", "--kind", String(kinds)]);
      expectOneLineError(
        unknown,
        new RegExp(`--kind: kind ${kinds} is not defined: the registry defines kinds 0 to ${kinds - 1}$`),
      );
      expect(await provider.getTransactionCount(ACCOUNTS.accreditor)).to.equal(nonce);

      const accredited = await run([
        "diplomas",
        "accredit",
        "--institution",
        "2",
        "--kind",
        "1",
        "--effective-from",
        "2031-01-01",
        "--document",
        id("licence accreditation"),
        ...from,
      ]);
      expectSuccess(accredited);
      const lines = accredited.stdout.split("\n");
      expect(lines[0]).to.equal(
        "Institution 2 accredited for Professional licence (kind 1) from 2031-01-01T00:00:00.000Z",
      );
      const event = lines.find((line) => line.includes("KindAccreditationChanged("));
      expect(event, accredited.stdout).to.include("kind=Professional licence (1)");
      expect(event).to.include("from=2031-01-01T00:00:00.000Z");

      const withdrawn = await runJson<{ kind: number; kindName: string; accredited: boolean; from: number }>([
        "diplomas",
        "withdraw-accreditation",
        "--institution",
        "2",
        "--kind",
        "1",
        "--effective-from",
        "2032-01-01",
        "--document",
        id("licence withdrawal"),
        ...from,
      ]);
      expect(withdrawn).to.deep.include({ kind: 1, kindName: "Professional licence", accredited: false });
      expect(withdrawn.from).to.equal(Date.UTC(2032, 0, 1) / 1000);
    });
  });

  describe("diplomas", function () {
    it("issues one diploma from its document, verifies it, revokes it and verifies the revocation", async function () {
      const document = file("diploma-ada.pdf", "%PDF diploma of Ada, MSc Computer Science 2025");
      const hash = keccak256(toUtf8Bytes("%PDF diploma of Ada, MSc Computer Science 2025"));
      const issued = await runJson<{ documentHash: string; institutionId: number }>([
        "diplomas",
        "issue",
        "--document",
        document,
        "--holder-commitment",
        id("ada salt"),
        "--holder-wallet",
        ACCOUNTS.holder,
        "--programme",
        "0613",
        "--awarded-on",
        "2025-06-30",
        "--from",
        ACCOUNTS.issuerA,
      ]);
      expect(issued).to.deep.include({ documentHash: hash, institutionId: 1 });
      const onChain = await diplomaRegistry().verify(1, hash);
      expect([onChain.status, onChain.institutionId, onChain.issuer, onChain.accreditedAtIssuance]).to.deep.equal([
        1n,
        1n,
        ACCOUNTS.issuerA,
        true,
      ]);

      const valid = await run(["diplomas", "verify", "--institution", "1", "--document", document]);
      expectSuccess(valid);
      expect(valid.stdout).to.include(`Diploma ${hash}: VALID`);
      expect(valid.stdout).to.include("institution 1 Université de Lyon (FR)");
      expect(valid.stdout).to.include(`issuer ${ACCOUNTS.issuerA}`);
      expect(valid.stdout).to.include("accredited at issuance: yes");

      expectSuccess(
        await run(["diplomas", "revoke", "--document-hash", hash, "--reason", "3", "--from", ACCOUNTS.issuerA]),
      );
      const revoked = await runJson<{ verification: { status: string; revocationReason: number; revokedAt: number } }>([
        "diplomas",
        "verify",
        "--institution",
        "1",
        "--document-hash",
        hash,
      ]);
      expect(revoked.verification).to.deep.include({ status: "Revoked", revocationReason: 3 });
      expect(revoked.verification.revokedAt).to.be.above(0);
    });

    it("issues a class under one root, writes proof files that verify, and revokes one diploma with its proof file", async function () {
      const docs = [0, 1, 2].map((i) => file(`class-${i}.pdf`, `%PDF diploma ${i} of the 2025 class`));
      const rows = [
        "document,documentHash,holderCommitment,holderWallet,programme,awardedOn",
        ...docs.map((doc, i) => `${doc.split("/").pop()},,${id(`holder ${i}`)},,0533,2025-07-01`),
        `,${id("diploma 3")},${id("holder 3")},${ACCOUNTS.holder},0533,2025-07-01`,
        `,${id("diploma 4")},${id("holder 4")},,,`,
      ];
      const csv = file("class-2025.csv", `${rows.join("\n")}\n`);
      const out = join(workDir, "class-2025-proofs");
      const batch = await runJson<{ root: string; count: number; proofFiles: string[]; treeFile: string }>([
        "diplomas",
        "issue-batch",
        "--file",
        csv,
        "--out",
        out,
        "--from",
        ACCOUNTS.issuerB,
      ]);
      expect(batch.count).to.equal(5);
      expect(batch.proofFiles).to.have.length(5);
      expect(readdirSync(out).sort()).to.have.length(6);
      expect(existsSync(batch.treeFile)).to.equal(true);
      const [event] = await diplomaRegistry().queryFilter(diplomaRegistry().filters.BatchIssued(batch.root));
      expect([event.args.institutionId, event.args.issuer, event.args.diplomaCount]).to.deep.equal([
        2n,
        ACCOUNTS.issuerB,
        5n,
      ]);

      const proof = JSON.parse(readFileSync(batch.proofFiles[3], "utf8")) as Record<string, unknown>;
      expect(proof).to.deep.include({
        institutionId: 2,
        root: batch.root,
        documentHash: id("diploma 3"),
        holderCommitment: id("holder 3"),
        statusIndex: 3,
      });
      const [withDocument, ...verified] = await Promise.all([
        run(["diplomas", "verify", "--document", docs[0], "--proof-file", batch.proofFiles[0]]),
        ...batch.proofFiles
          .slice(1)
          .map((proofFile) => run(["diplomas", "verify", "--proof-file", proofFile, "--json"])),
      ]);
      expectSuccess(withDocument);
      expect(withDocument.stdout).to.include(`in batch ${batch.root}: VALID`);
      for (const result of verified) {
        expectSuccess(result);
        expect(json<{ verification: object }>(result).verification).to.deep.include({
          status: "Valid",
          institutionId: 2,
        });
      }

      expectSuccess(
        await run([
          "diplomas",
          "revoke",
          "--proof-file",
          batch.proofFiles[3],
          "--reason",
          "7",
          "--from",
          ACCOUNTS.issuerB,
        ]),
      );
      const after = await runJson<{ verification: { status: string; revocationReason: number | null } }>([
        "diplomas",
        "verify",
        "--proof-file",
        batch.proofFiles[3],
      ]);
      expect(after.verification.status).to.equal("Revoked");
      // The batch's status list holds the bit; the reason comes from the revocation's event.
      expect(after.verification.revocationReason).to.equal(7);
      const sibling = await runJson<{ verification: { status: string } }>([
        "diplomas",
        "verify",
        "--proof-file",
        batch.proofFiles[4],
      ]);
      expect(sibling.verification.status).to.equal("Valid");
    });

    it("issues diplomas one by one in bulk, resumably, and an accreditor revokes any of them", async function () {
      const rows = ["documentHash,holderCommitment,programme,awardedOn"];
      for (let i = 1; i <= 12; i++) rows.push(`${id(`bulk diploma ${i}`)},${id(`bulk holder ${i}`)},0713,1719792000`);
      const csv = file("bulk.csv", `${rows.join("\n")}\n`);
      const args = ["diplomas", "issue-bulk", "--file", csv, "--chunk-size", "5", "--from", ACCOUNTS.issuerA];
      const first = await runJson<{ rows: number; written: number; batches: number; institutionId: number }>(args);
      expect(first).to.deep.include({ rows: 12, written: 12, batches: 3, institutionId: 1 });
      const again = await runJson<{ written: number; writtenEarlier: number }>(args);
      expect(again).to.deep.include({ written: 0, writtenEarlier: 12 });
      const registry = diplomaRegistry();
      for (const i of [1, 6, 12]) {
        const found = await registry.verify(1, id(`bulk diploma ${i}`));
        expect([found.status, found.institutionId]).to.deep.equal([1n, 1n]);
      }
      const revoked = await runJson<{ as: string }>([
        "diplomas",
        "revoke",
        "--institution",
        "1",
        "--document-hash",
        id("bulk diploma 6"),
        "--reason",
        "9",
        "--from",
        ACCOUNTS.accreditor,
      ]);
      expect(revoked.as).to.equal("accreditor");
      expect((await registry.verify(1, id("bulk diploma 6"))).status).to.equal(2n);
    });
  });

  describe("re-issuing diplomas", function () {
    it("re-issues a diploma issued alone and one inside a batch, linking each to its correction; bad inputs send nothing", async function () {
      const registry = diplomaRegistry();
      const oldHash = id("diploma of Grace, misspelt");
      const newHash = id("diploma of Grace, corrected");
      expectSuccess(
        await run([
          "diplomas",
          "issue",
          "--document-hash",
          oldHash,
          "--holder-commitment",
          id("grace salt"),
          "--programme",
          "0613",
          "--awarded-on",
          "2025-06-30",
          "--from",
          ACCOUNTS.issuerA,
        ]),
      );
      const batchProof = join(workDir, "class-2025-proofs", `${id("diploma 4")}.json`);
      const badProof = file(
        "bad-proof.json",
        JSON.stringify({ ...JSON.parse(readFileSync(batchProof, "utf8")), statusIndex: 1 }),
      );
      const corrected = (hash: string) => [
        "--programme",
        "0613",
        "--awarded-on",
        "2025-06-30",
        "--document-hash",
        hash,
      ];
      const reissue = (old: string, extra: readonly string[], from: string = ACCOUNTS.issuerA) => [
        "diplomas",
        "reissue",
        "--old-document-hash",
        old,
        "--reason",
        "4",
        "--holder-commitment",
        id("grace salt"),
        ...extra,
        "--from",
        from,
      ];
      const nonces = await Promise.all(
        [ACCOUNTS.issuerA, ACCOUNTS.issuerB].map((a) => provider.getTransactionCount(a)),
      );
      const block = await provider.getBlockNumber();
      const cases: [readonly string[], RegExp][] = [
        [
          reissue(id("never issued"), corrected(newHash)),
          /^Error: diploma 0x[0-9a-f]{64} is unknown: institution 1 never issued it alone/,
        ],
        [
          reissue(oldHash, corrected(oldHash)),
          /^Error: --document: the corrected diploma's document must differ from the old one$/,
        ],
        [
          reissue(oldHash, corrected(newHash), ACCOUNTS.issuerB),
          /^Error: diploma 0x[0-9a-f]{64} is unknown: institution 2 never issued it alone/,
        ],
        [
          reissue(oldHash, ["--programme", "0613", "--awarded-on", "2999-01-01", "--document-hash", newHash]),
          /^Error: --awarded-on: 2999-01-01T00:00:00\.000Z is in the future/,
        ],
        [
          ["diplomas", "reissue", "--old-document-hash", oldHash, "--reason", "0", ...corrected(newHash)],
          /^Error: --reason: 0 is not a reason code from 1 to 65535$/,
        ],
        [
          [
            "diplomas",
            "reissue-from-batch",
            "--proof-file",
            badProof,
            "--reason",
            "4",
            ...corrected(newHash),
            "--from",
            ACCOUNTS.issuerB,
          ],
          /^Error: --proof-file: its proof does not place \[documentHash, holderCommitment, statusIndex\] under its root/,
        ],
        [
          [
            "diplomas",
            "reissue-from-batch",
            "--proof-file",
            batchProof,
            "--reason",
            "4",
            ...corrected(newHash),
            "--from",
            ACCOUNTS.issuerA,
          ],
          /^Error: diploma 0x[0-9a-f]{64} is unknown: institution 1 never issued batch 0x[0-9a-f]{64}$/,
        ],
      ];
      const results: CliResult[] = [];
      for (let i = 0; i < cases.length; i += 4) {
        results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => run(args)))));
      }
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      expect(
        await Promise.all([ACCOUNTS.issuerA, ACCOUNTS.issuerB].map((a) => provider.getTransactionCount(a))),
      ).to.deep.equal(nonces);
      expect(await provider.getBlockNumber()).to.equal(block);

      const single = await runJson<{ oldDocumentHash: string; documentHash: string; institutionId: number }>(
        reissue(oldHash, corrected(newHash)),
      );
      expect(single).to.deep.include({ oldDocumentHash: oldHash, documentHash: newHash, institutionId: 1 });
      const old = await registry.verify(1, oldHash);
      expect([old.status, old.revocationReason, old.supersededBy]).to.deep.equal([2n, 4n, newHash]);
      expect((await registry.verify(1, newHash)).status).to.equal(1n);
      const twice = await run(reissue(oldHash, corrected(id("a third version"))));
      expectOneLineError(twice, /^Error: diploma 0x[0-9a-f]{64} is revoked: a revoked diploma cannot be re-issued/);

      const fromBatch = await runJson<{ root: string; documentHash: string }>([
        "diplomas",
        "reissue-from-batch",
        "--proof-file",
        batchProof,
        "--reason",
        "5",
        ...corrected(id("diploma 4, corrected")),
        "--from",
        ACCOUNTS.issuerB,
      ]);
      const proof = JSON.parse(readFileSync(batchProof, "utf8")) as { root: string; statusIndex: number };
      expect(fromBatch.root).to.equal(proof.root);
      expect(await registry.isRevokedInBatch(2, proof.root, proof.statusIndex)).to.equal(true);
      const replacement = await registry.verify(2, id("diploma 4, corrected"));
      expect([replacement.status, replacement.institutionId]).to.deep.equal([1n, 2n]);
      const shown = await runJson<{ verification: { status: string; supersededBy: string | null } }>([
        "diplomas",
        "verify",
        "--proof-file",
        batchProof,
      ]);
      expect(shown.verification).to.deep.include({ status: "Revoked", supersededBy: id("diploma 4, corrected") });
    });
  });

  describe("revoking many diplomas of a batch", function () {
    it("revokes several diplomas of one batch in one transaction; a bad file names every bad entry and sends nothing", async function () {
      const registry = diplomaRegistry();
      const proofOf = (n: number) =>
        JSON.parse(readFileSync(join(workDir, "class-2025-proofs", `${id(`diploma ${n}`)}.json`), "utf8")) as {
          root: string;
          statusIndex: number;
          documentHash: string;
        };
      const docs = [0, 1, 2].map((i) => keccak256(toUtf8Bytes(`%PDF diploma ${i} of the 2025 class`)));
      const proofs = docs.map(
        (hash) =>
          JSON.parse(readFileSync(join(workDir, "class-2025-proofs", `${hash}.json`), "utf8")) as {
            root: string;
            statusIndex: number;
          },
      );
      const good = file("revoke-many.json", JSON.stringify([proofs[0], proofs[1]]));
      const bad = file(
        "revoke-many-bad.json",
        JSON.stringify([proofs[0], { ...proofs[1], statusIndex: 7 }, proofOf(3), proofs[0]]),
      );
      const nonce = await provider.getTransactionCount(ACCOUNTS.issuerB);
      const block = await provider.getBlockNumber();
      const revoke = (path: string, from: string, reason = "6") => [
        "diplomas",
        "revoke-many-in-batch",
        "--file",
        path,
        "--reason",
        reason,
        "--from",
        from,
      ];
      const cases: [readonly string[], RegExp][] = [
        [
          revoke(bad, ACCOUNTS.issuerB),
          /^Error: --file: revoke-many-bad\.json entry 2: its proof does not lead to root 0x[0-9a-f]{64}; revoke-many-bad\.json entry 3: 0x[0-9a-f]{64} is revoked already; revoke-many-bad\.json entry 4: status index 0 is also revoke-many-bad\.json entry 1$/,
        ],
        [
          revoke(good, ACCOUNTS.issuerA),
          /^Error: --file: revoke-many\.json entry 1: institution 1 never issued batch 0x[0-9a-f]{64}; revoke-many\.json entry 2: institution 1 never issued batch/,
        ],
        [revoke(good, ACCOUNTS.issuerB, "70000"), /^Error: --reason: 70000 is not a reason code from 1 to 65535$/],
        [
          revoke(file("empty.json", "[]"), ACCOUNTS.issuerB),
          /^Error: --file: .*empty\.json is not a JSON array of proofs$/,
        ],
      ];
      const results = await Promise.all(cases.map(([args]) => run(args)));
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      expect(await provider.getTransactionCount(ACCOUNTS.issuerB)).to.equal(nonce);
      expect(await provider.getBlockNumber()).to.equal(block);

      const revoked = await runJson<{
        count: number;
        institutionId: number;
        transactions: { events: { name: string }[] }[];
      }>(revoke(good, ACCOUNTS.issuerB));
      expect([revoked.count, revoked.institutionId]).to.deep.equal([2, 2]);
      expect(revoked.transactions[0].events.filter((event) => event.name === "DiplomaRevokedInBatch")).to.have.length(
        2,
      );
      for (const proof of proofs) {
        expect(await registry.isRevokedInBatch(2, proof.root, proof.statusIndex)).to.equal(proof !== proofs[2]);
      }
    });
  });

  describe("companies", function () {
    it("registers a company, activates it, appoints and removes directors, files documents and shows them page by page", async function () {
      const from = ["--from", ACCOUNTS.companyRegistrar];
      const address = file("office.txt", "Unter den Linden 1, 10117 Berlin");
      const registered = await runJson<{ companyId: string }>([
        "companies",
        "register",
        "--company-number",
        "HRB-1001",
        "--name",
        "Beispiel GmbH",
        "--legal-form",
        "2HBR",
        "--jurisdiction",
        "DE",
        "--registered-address",
        address,
        "--owner",
        ACCOUNTS.holder,
        "--document",
        id("articles"),
        ...from,
      ]);
      expect(registered.companyId).to.equal(id("HRB-1001"));
      expectSuccess(
        await run([
          "companies",
          "change-status",
          "--company",
          "HRB-1001",
          "--status",
          "Active",
          "--decision",
          id("start"),
          ...from,
        ]),
      );
      for (const person of ["anna", "bert"]) {
        expectSuccess(
          await run([
            "companies",
            "appoint-director",
            "--company",
            "HRB-1001",
            "--commitment",
            id(person),
            "--appointed-on",
            "2024-01-15",
            "--document",
            id(`appointment ${person}`),
            ...from,
          ]),
        );
      }
      expectSuccess(
        await run([
          "companies",
          "remove-director",
          "--company",
          "HRB-1001",
          "--director",
          "0",
          "--removed-on",
          "2025-03-01",
          "--document",
          id("resignation"),
          ...from,
        ]),
      );
      for (const type of ["1", "3"]) {
        expectSuccess(
          await run([
            "companies",
            "file-document",
            "--company",
            id("HRB-1001"),
            "--filing-type",
            type,
            "--document",
            id(`filing ${type}`),
            ...from,
          ]),
        );
      }
      const company = await companyRegistry().companyOf(id("HRB-1001"));
      expect([company.status, company.directorCount, company.servingDirectorCount, company.filingCount]).to.deep.equal([
        2n,
        2n,
        1n,
        2n,
      ]);
      expect(company.particulars.registeredAddressHash).to.equal(
        keccak256(toUtf8Bytes("Unter den Linden 1, 10117 Berlin")),
      );

      const page = await runJson<{
        company: {
          companyNumber: string;
          status: string;
          legalForm: string;
          jurisdiction: string;
          directors: { index: number; commitment: string; removedOn: number | null }[];
          filings: { index: number; filingType: number }[];
        };
      }>(["companies", "show", "--company", "HRB-1001", "--offset", "1", "--limit", "1"]);
      expect(page.company).to.deep.include({
        companyNumber: "HRB-1001",
        status: "Active",
        legalForm: "2HBR",
        jurisdiction: "DE",
      });
      expect(page.company.directors).to.deep.equal([
        {
          index: 1,
          commitment: id("bert"),
          account: null,
          appointedOn: Date.parse("2024-01-15") / 1000,
          removedOn: null,
        },
      ]);
      expect(page.company.filings.map((filing) => [filing.index, filing.filingType])).to.deep.equal([[1, 3]]);
      const text = await run(["companies", "show", "--company", "HRB-1001"]);
      expectSuccess(text);
      expect(text.stdout).to.include("directors (1 serving; 0 to 1 of 2)");
      expect(text.stdout).to.include("removed 2025-03-01");
    });
  });

  describe("companies in bulk", function () {
    it("a business register's export killed mid-way resumes: every company once, checked on chain", async function () {
      const rows = 75;
      const lines = ["companyNumber,name,legalForm,jurisdiction,registeredAddress,owner,document"];
      for (let i = 1; i <= rows; i++) {
        // The first number is written in lower case, as a legacy export may: it is taken as HRB 5001.
        const number = i === 1 ? "hrb 5001" : `HRB ${5000 + i}`;
        lines.push(
          `${number},"Bulk ${i} GmbH, Berlin",2HBR,DE,${id(`office ${i}`)},${ACCOUNTS.holder},${id(`art ${i}`)}`,
        );
      }
      const csv = file("companies.csv", `${lines.join("\n")}\n`);
      const journal = `${csv}.journal`;
      const confirmed = () =>
        existsSync(journal)
          ? readFileSync(journal, "utf8")
              .split("\n")
              .filter((line) => line.includes('"confirmed"')).length
          : 0;
      const args = [
        "companies",
        "register-bulk",
        "--file",
        csv,
        "--chunk-size",
        "5",
        "--from",
        ACCOUNTS.companyRegistrar,
      ];
      const child = spawnHardhat(env, args);
      const exited = collect(child);
      while (confirmed() < 2 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill("SIGKILL");
      await exited;
      const atKill = confirmed();
      expect(atKill).to.be.within(2, 14);

      const resumed = await runJson<{
        rows: number;
        written: number;
        writtenEarlier: number;
        alreadyPresent: number;
        report: { rowsRead: number; rejected: number; registered: number; referencesNormalized: number };
      }>(args);
      expect(resumed.rows).to.equal(rows);
      expect(resumed.written + resumed.writtenEarlier).to.equal(rows);
      expect(resumed.writtenEarlier).to.be.at.least(atKill * 5);
      expect(resumed.alreadyPresent).to.equal(0);
      expect(resumed.report).to.deep.include({ rowsRead: rows, rejected: 0, registered: resumed.written });
      expect(resumed.report.referencesNormalized).to.equal(1);

      const registry = companyRegistry();
      const events = await registry.queryFilter(
        registry.filters.CompanyRegistered(),
        deployment.contracts.CompanyRegistry!.deploymentBlock,
      );
      const bulk = events.filter((event) => /^HRB 50\d\d$/.test(event.args.companyNumber));
      expect(bulk).to.have.length(rows);
      const numbers = new Set(bulk.map((event) => event.args.companyNumber));
      for (let i = 1; i <= rows; i++) expect(numbers.has(`HRB ${5000 + i}`), `HRB ${5000 + i}`).to.equal(true);
      for (const event of bulk) {
        const i = Number(event.args.companyNumber.slice(4)) - 5000;
        expect([event.args.owner, event.args.documentHash, event.args.particulars.name]).to.deep.equal([
          ACCOUNTS.holder,
          id(`art ${i}`),
          `Bulk ${i} GmbH, Berlin`,
        ]);
      }
      const again = await runJson<{ written: number; writtenEarlier: number }>(args);
      expect(again).to.deep.include({ written: 0, writtenEarlier: rows });
      const shown = await runJson<{ company: { companyNumber: string; status: string } }>([
        "companies",
        "show",
        "--company",
        "hrb 5001",
      ]);
      expect(shown.company).to.deep.include({ companyNumber: "HRB 5001", status: "Incorporated" });
    });
  });

  describe("a company's controlling stake", function () {
    it("is sold through transfers --registry CompanyRegistry, shown by its company number", async function () {
      const companyId = BigInt(id("HRB-1001"));
      const owner = await companyRegistry().ownerOf(companyId);
      const buyer = ACCOUNTS.issuerA;
      const opened = await runJson<{ offerId: string }>([
        "transfers",
        "open",
        "--registry",
        "CompanyRegistry",
        "--record",
        "HRB-1001",
        "--buyer",
        buyer,
        "--price",
        "19",
        "--deadline",
        "+14d",
        "--deed",
        id("share purchase agreement"),
        "--from",
        owner,
      ]);
      expectSuccess(await run(["transfers", "accept", "--offer", opened.offerId, "--from", buyer]));
      expectSuccess(
        await run(["transfers", "approve", "--offer", opened.offerId, "--from", ACCOUNTS.companyRegistrar]),
      );
      expectSuccess(await run(["transfers", "settle", "--offer", opened.offerId, "--from", buyer]));
      expect(await companyRegistry().ownerOf(companyId)).to.equal(buyer);
      const shown = await run(["transfers", "show", "--offer", opened.offerId]);
      expectSuccess(shown);
      expect(shown.stdout).to.include(`  CompanyRegistry record HRB-1001 (id ${id("HRB-1001")})`);
      expect(shown.stdout).to.match(/ {2}price 19\.0 ETH; /);
      expectOneLineError(
        await run(["transfers", "open", "--registry", "DiplomaRegistry", "--record", "1", "--from", buyer]),
        /^Error: --registry: DiplomaRegistry keeps no owned records \(one of PropertyRegistry, CompanyRegistry\)$/,
      );
    });
  });

  describe("modes", function () {
    it("--dry-run and --safe check and plan a diploma and a company write, and send nothing", async function () {
      const block = await provider.getBlockNumber();
      const dry = await run([
        "diplomas",
        "issue",
        "--document-hash",
        id("dry"),
        "--holder-commitment",
        id("h"),
        "--programme",
        "0613",
        "--awarded-on",
        "2025-01-01",
        "--from",
        ACCOUNTS.issuerA,
        "--dry-run",
      ]);
      expectSuccess(dry);
      expect(dry.stdout).to.match(/Would send: issue diploma 0x[0-9a-f]{64}\n {2}DiplomaRegistry\.issue/);
      expect(dry.stdout).to.match(/gas estimate \d+/);
      const safeFile = join(workDir, "safe-filing.json");
      expectSuccess(
        await run([
          "companies",
          "file-document",
          "--company",
          "HRB-1001",
          "--filing-type",
          "1",
          "--document",
          id("accounts 2025"),
          "--from",
          ACCOUNTS.companyRegistrar,
          "--safe",
          safeFile,
        ]),
      );
      const batch = JSON.parse(readFileSync(safeFile, "utf8")) as { transactions: { to: string }[] };
      expect(batch.transactions.map((transaction) => transaction.to)).to.deep.equal([
        deployment.contracts.CompanyRegistry!.proxy,
      ]);
      expect(await provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("bad input", function () {
    it("every bad input exits 1 with one line naming the field or the refusal, and sends nothing", async function () {
      const badCsv = file(
        "bad-class.csv",
        `documentHash,holderCommitment\n${id("ok 1")},${id("h1")}\n${id("ok 2")},0x1234\n`,
      );
      const duplicateCsv = file(
        "duplicate-class.csv",
        `documentHash,holderCommitment,programme,awardedOn\n${id("same")},${id("h1")},0613,2025-01-01\n` +
          `${id("same")},${id("h2")},0613,2025-01-01\n`,
      );
      const header = "companyNumber,name,legalForm,jurisdiction,registeredAddress,owner,document";
      const company = (number: string, name: string, form = "2HBR", where = "DE") =>
        `${number},${name},${form},${where},${id(`office ${number}`)},${ACCOUNTS.holder},${id(`articles ${number}`)}`;
      const badCompanies = file(
        "bad-companies.csv",
        [
          header,
          company("HRB 6001", "Fine GmbH"),
          company("HRB 6002", "N".repeat(257)),
          company("HRB 6003", "Form AG", "gmbh"),
          company("HRB 6004", "Where AG", "2HBR", "Germany"),
          company("hrb 6001", "Again GmbH"),
          company(`HRB ${"9".repeat(61)}`, "Long Number GmbH"),
        ].join("\n") + "\n",
      );
      // HRB-1001 is on chain already, with another incorporation document.
      const conflicting = file("conflicting-companies.csv", `${header}\n${company("HRB-1001", "Beispiel GmbH")}\n`);
      const goodProof = JSON.parse(
        readFileSync(join(workDir, "class-2025-proofs", `${id("diploma 4")}.json`), "utf8"),
      ) as Record<string, unknown>;
      const badProof = file("bad-proof.json", JSON.stringify({ ...goodProof, holderCommitment: id("someone else") }));
      const issue = (from: string, extra: string[] = []) => [
        "diplomas",
        "issue",
        "--document-hash",
        id("never"),
        "--holder-commitment",
        id("h"),
        "--programme",
        "0613",
        "--awarded-on",
        "2025-01-01",
        "--from",
        from,
        ...extra,
      ];
      const cases: [readonly string[], RegExp][] = [
        [
          ["diplomas", "issue-batch", "--file", badCsv, "--from", ACCOUNTS.issuerA],
          /^Error: bad-class\.csv row 2 holderCommitment: "0x1234" is not a 32-byte hash/,
        ],
        [
          ["diplomas", "issue-bulk", "--file", duplicateCsv, "--from", ACCOUNTS.issuerA],
          /^Error: duplicate-class\.csv row 2 documentHash: 0x[0-9a-f]{64} is also on duplicate-class\.csv row 1$/,
        ],
        [
          [
            "diplomas",
            "bind-issuer",
            "--issuer",
            ACCOUNTS.holder,
            "--institution",
            "99",
            "--from",
            ACCOUNTS.accreditor,
          ],
          /^Error: unknown institution 99$/,
        ],
        [
          ["diplomas", "revoke", "--document-hash", id("bulk diploma 1"), "--reason", "1", "--from", ACCOUNTS.issuerB],
          /^Error: unknown diploma 0x[0-9a-f]{64} of institution 2$/,
        ],
        [
          ["diplomas", "verify", "--document-hash", id("bulk diploma 1")],
          /^Error: --institution: is required: a diploma is checked under the institution it claims to come from$/,
        ],
        [
          [
            "diplomas",
            "revoke",
            "--document-hash",
            id("bulk diploma 1"),
            "--reason",
            "1",
            "--from",
            ACCOUNTS.accreditor,
          ],
          /^Error: institutionId: 0 is not an institution id \(an ACCREDITOR names the diploma's institution\)$/,
        ],
        [
          ["diplomas", "verify", "--proof-file", badProof],
          /^Error: --proof-file: its proof does not place \[documentHash, holderCommitment, statusIndex\] under its root/,
        ],
        [
          ["diplomas", "revoke", "--proof-file", badProof, "--reason", "1", "--from", ACCOUNTS.issuerB],
          /^Error: --proof-file: its proof does not place/,
        ],
        [
          issue(ACCOUNTS.holder),
          /does not hold DIPLOMA_ISSUER, required for DiplomaRegistry\.issue; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
        ],
        [
          issue(ACCOUNTS.issuerA).map((arg) => (arg === "2025-01-01" ? "2999-01-01" : arg)),
          /^Error: --awarded-on: 2999-01-01T00:00:00\.000Z is in the future/,
        ],
        [
          [
            "diplomas",
            "register-institution",
            "--name",
            "X",
            "--country",
            "fr",
            "--accreditation-document",
            id("a"),
            "--from",
            ACCOUNTS.accreditor,
          ],
          /^Error: --country: "fr" is not two upper-case letters/,
        ],
        [
          [
            "diplomas",
            "register-institution",
            "--name",
            "X",
            "--country",
            "FR",
            "--accreditation-document",
            id("a"),
            "--from",
            ACCOUNTS.issuerA,
          ],
          /does not hold ACCREDITOR, required for DiplomaRegistry\.registerInstitution; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
        ],
        [
          [
            "diplomas",
            "issue",
            "--document-hash",
            id("bulk diploma 2"),
            "--holder-commitment",
            id("h"),
            "--programme",
            "0613",
            "--awarded-on",
            "2025-01-01",
            "--from",
            ACCOUNTS.issuerA,
          ],
          /^Error: diploma 0x[0-9a-f]{64} is already issued by institution 1/,
        ],
        [
          [
            "companies",
            "change-status",
            "--company",
            "HRB-1001",
            "--status",
            "Dissolved",
            "--decision",
            id("d"),
            "--from",
            ACCOUNTS.companyRegistrar,
          ],
          /^Error: company HRB-1001 is Active: the law does not allow a move from Active to Dissolved$/,
        ],
        [
          [
            "companies",
            "register",
            "--company-number",
            "HRB-1001",
            "--name",
            "Copy",
            "--legal-form",
            "2HBR",
            "--jurisdiction",
            "DE",
            "--registered-address",
            id("a"),
            "--owner",
            ACCOUNTS.holder,
            "--document",
            id("d"),
            "--from",
            ACCOUNTS.companyRegistrar,
          ],
          /^Error: company number HRB-1001 is registered: the register holds a company under it already$/,
        ],
        [
          [
            "companies",
            "register",
            "--company-number",
            "HRB-2",
            "--name",
            "Y",
            "--legal-form",
            "GmbH",
            "--jurisdiction",
            "DE",
            "--registered-address",
            id("a"),
            "--owner",
            ACCOUNTS.holder,
            "--document",
            id("d"),
            "--from",
            ACCOUNTS.companyRegistrar,
          ],
          /^Error: --legal-form: "GmbH" is not an ISO 20275 legal-form code/,
        ],
        [
          [
            "companies",
            "remove-director",
            "--company",
            "HRB-1001",
            "--director",
            "0",
            "--removed-on",
            "2025-04-01",
            "--document",
            id("x"),
            "--from",
            ACCOUNTS.companyRegistrar,
          ],
          /^Error: director 0 of HRB-1001 is removed: the removal took effect on 2025-03-01/,
        ],
        [["companies", "show", "--company", "HRB-404"], /^Error: unknown company HRB-404$/],
        [
          [
            "companies",
            "register",
            "--company-number",
            "HRB-7001",
            "--name",
            "Tab\tGmbH",
            "--legal-form",
            "2HBR",
            "--jurisdiction",
            "DE",
            "--registered-address",
            id("office"),
            "--owner",
            ACCOUNTS.holder,
            "--document",
            id("articles"),
            "--from",
            ACCOUNTS.companyRegistrar,
          ],
          /^Error: --name: holds a control character at byte 3$/,
        ],
        [
          [
            "diplomas",
            "register-institution",
            "--name",
            "U".repeat(300),
            "--country",
            "FR",
            "--accreditation-document",
            id("a"),
            "--from",
            ACCOUNTS.accreditor,
          ],
          /^Error: --name: is 300 bytes long, over the 256 allowed$/,
        ],
        [
          ["companies", "register-bulk", "--file", badCompanies, "--from", ACCOUNTS.companyRegistrar],
          new RegExp(
            "^Error: bad-companies\\.csv: 5 problem\\(s\\) in 6 rows, nothing sent: " +
              "row 2 name: is 257 bytes long, over the 256 allowed; " +
              'row 3 legalForm: "gmbh" is not an ISO 20275 legal-form code \\(four upper-case letters or digits\\); ' +
              'row 4 jurisdiction: "Germany" is not an ISO 3166 code like DE or GB-ENG; ' +
              "row 5 companyNumber: HRB 6001 is also on bad-companies\\.csv row 1; " +
              "row 6 companyNumber: is 65 bytes long, over the 64 allowed$",
          ),
        ],
        [
          // --json: without it the progress of the chain check is drawn on stderr before the refusal.
          ["companies", "register-bulk", "--file", conflicting, "--from", ACCOUNTS.companyRegistrar, "--json"],
          /^Error: conflicting-companies\.csv row 1: already on chain with other data: conflicting-companies\.csv row 1 \(HRB-1001 was registered to 0x[0-9a-fA-F]{40} with incorporation document 0x[0-9a-f]{64}\)$/,
        ],
      ];
      const block = await provider.getBlockNumber();
      const nonces = await Promise.all(
        [ACCOUNTS.accreditor, ACCOUNTS.companyRegistrar].map((account) => provider.getTransactionCount(account)),
      );
      const results: CliResult[] = [];
      for (let i = 0; i < cases.length; i += 6) {
        results.push(...(await Promise.all(cases.slice(i, i + 6).map(([args]) => run(args)))));
      }
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      expect(await provider.getBlockNumber()).to.equal(block);
      expect(
        await Promise.all(
          [ACCOUNTS.accreditor, ACCOUNTS.companyRegistrar].map((account) => provider.getTransactionCount(account)),
        ),
      ).to.deep.equal(nonces);
    });
  });
});
