/**
 * Certificates of credentials: the facts and canonical text of a licence with an expiry and of a suspended one, what
 * changed since, forged certificates refused naming the field, and extracts of the older format.
 */
import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress } from "ethers";
import { network } from "hardhat";

import {
  canonicalText,
  changeText,
  checkExtract,
  type CheckExtractReturnType,
  EXTRACT_LABELS,
  type ExtractRecord,
  extractTitle,
  extractKindName,
  factValueText,
  makeExtract,
  type MakeExtractReturnType,
  textDigest,
} from "../../src/extracts/index.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const YEAR = 365 * 24 * 3600;
const LICENCE_KIND = 1;
/** Reason 3 of the register's vocabulary: withdrawn by the institution. */
const REASON = 3;

/** A medical council (institution 1) accredited for licences, with a licence valid a year and a diploma. */
async function licenceFixture() {
  const f = await deployAdminSuite(connection);
  const { accreditor, diplomaIssuer } = f.accounts;
  const asAccreditor = f.diplomas.connect(accreditor);
  const asIssuer = f.diplomas.connect(diplomaIssuer);
  await asAccreditor.registerInstitution("Medical Council of Utopia", "0x5554", id("council charter"));
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  const t = await time.latest();
  await time.setNextBlockTimestamp(t + 1);
  await asAccreditor.accreditForKind(1, LICENCE_KIND, t + 1, id("licensing accreditation"));
  const credential = (name: string) => ({
    documentHash: id(name),
    holderCommitment: id(`holder of ${name}`),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String("GP"),
    awardedAt: t - 100,
  });
  const licence = credential("licence GP-001");
  const expiresAt = t + YEAR;
  await asIssuer.issueCredential(LICENCE_KIND, licence, { validFrom: 0, expiresAt });
  const issued = await connection.ethers.provider.getBlock("latest");
  const diploma = credential("diploma MD-001");
  await asIssuer.issue(diploma);
  return { ...f, asIssuer, licence, diploma, expiresAt, issuedAt: issued!.timestamp };
}

type Fixture = Awaited<ReturnType<typeof licenceFixture>>;

const recordOf = (documentHash: string): ExtractRecord => ({ kind: "diploma", institutionId: 1, documentHash });

async function extractOf(f: Fixture, documentHash: string, block?: number): Promise<MakeExtractReturnType> {
  return makeExtract({
    deployment: f.suite.deployment,
    provider: connection.ethers.provider,
    record: recordOf(documentHash),
    block,
  });
}

async function check(f: Fixture, made: MakeExtractReturnType, paperText?: string): Promise<CheckExtractReturnType> {
  return checkExtract({
    deployment: f.suite.deployment,
    provider: connection.ethers.provider,
    claim: {
      kind: "diploma",
      chainId: made.extract.chainId,
      contract: made.extract.contract,
      record: made.extract.record,
      block: made.extract.block.number,
      digest: paperText === undefined ? made.digest : textDigest(paperText),
    },
    paperText,
  });
}

/** The lines of a canonical text after its header (format, kind, chain, contract, record, block). */
const factLines = (text: string) => text.split("\n").slice(8, -1);

describe("credential certificates", function () {
  this.timeout(120_000);

  it("a licence's certificate states its kind by name, validity window, expiry at the block and accreditation for its kind", async function () {
    const f = await networkHelpers.loadFixture(licenceFixture);
    const made = await extractOf(f, f.licence.documentHash);
    const registry = (await f.diplomas.getAddress()).toLowerCase();
    expect(made.extract.format).to.equal("egov-extract/2");
    expect(made.text.split("\n").slice(0, 5)).to.deep.equal([
      'format="egov-extract/2"',
      'kind="diploma"',
      "chainId=31337",
      `contract="${registry}"`,
      `record="1:${f.licence.documentHash}"`,
    ]);
    expect(factLines(made.text)).to.deep.equal([
      "institutionId=1",
      `documentHash="${f.licence.documentHash}"`,
      'status="Valid"',
      "credential.kind=1",
      'credential.kindName="Professional licence"',
      'institution.name="Medical Council of Utopia"',
      'institution.country="UT"',
      'institution.status="Accredited"',
      `issuer="${f.accounts.diplomaIssuer.address.toLowerCase()}"`,
      `issuedAt=${f.issuedAt}`,
      "accreditedAtIssuance=true",
      `validFrom=${f.issuedAt}`,
      `expiresAt=${f.expiresAt}`,
      "expired=false",
      "suspendedAt=null",
      "suspensionReason=null",
      "revokedAt=null",
      "revocationReason=null",
      "supersededBy=null",
    ]);
    expect(made.digest).to.equal(textDigest(canonicalText(made.extract)));
    expect(factValueText(EXTRACT_LABELS.en, "time", null, "expiresAt")).to.equal("never");
    expect(extractTitle(EXTRACT_LABELS.en, "diploma", extractKindName(made.extract))).to.equal(
      "Credential certificate: Professional licence",
    );
    expect(extractTitle(EXTRACT_LABELS.de, "diploma", extractKindName(made.extract))).to.equal(
      "Nachweisbescheinigung: Berufszulassung",
    );

    // At the expiry's very second the licence is expired at the block, and the earlier certificate says so since.
    await time.increaseTo(f.expiresAt - 1);
    expect((await extractOf(f, f.licence.documentHash)).facts).to.include({ status: "Valid", expired: false });
    await time.increaseTo(f.expiresAt);
    const later = await extractOf(f, f.licence.documentHash);
    expect(later.facts).to.include({ status: "Expired", expired: true });
    const answer = await check(f, made, made.text);
    expect(answer.verdict).to.equal("Matches");
    if (answer.verdict !== "Matches") return;
    expect(answer.since.changes).to.deep.equal([{ event: "Expired", at: f.expiresAt, detail: null }]);
  });

  it("a suspended licence's certificate states since when and why; suspension and reinstatement are told since", async function () {
    const f = await networkHelpers.loadFixture(licenceFixture);
    const before = await extractOf(f, f.licence.documentHash);
    await f.asIssuer.suspend(f.licence.documentHash, REASON, id("disciplinary decision 41"));
    const suspendedAt = await time.latest();
    const suspended = await extractOf(f, f.licence.documentHash);
    expect(suspended.facts).to.include({
      status: "Suspended",
      suspendedAt,
      suspensionReason: REASON,
      expired: false,
      revokedAt: null,
    });
    expect(factLines(suspended.text)).to.include.members([
      'status="Suspended"',
      `suspendedAt=${suspendedAt}`,
      `suspensionReason=${REASON}`,
    ]);
    const since = await check(f, before);
    expect(since.verdict).to.equal("Matches");
    if (since.verdict !== "Matches") return;
    expect(since.since.changes).to.deep.equal([{ event: "Suspended", at: suspendedAt, detail: String(REASON) }]);
    const [change] = since.since.changes;
    expect(changeText(EXTRACT_LABELS.en, change)).to.match(/^suspended on .* UTC \(withdrawn by the institution\)$/);
    expect(changeText(EXTRACT_LABELS.de, change)).to.match(
      /^ausgesetzt am .* UTC \(von der Hochschule zurückgenommen\)$/,
    );
    const reason = suspended.extract.facts.find((fact) => fact.name === "suspensionReason")!;
    expect(factValueText(EXTRACT_LABELS.de, reason.type, reason.value)).to.equal("von der Hochschule zurückgenommen");

    await f.asIssuer.reinstate(f.licence.documentHash, id("appeal decision 77"));
    const after = await check(f, suspended, suspended.text);
    expect(after.verdict).to.equal("Matches");
    if (after.verdict !== "Matches") return;
    expect(after.since.changes).to.deep.equal([{ event: "Reinstated", at: null, detail: null }]);
  });

  it("a forged certificate is refused naming the fields: a changed expiry, a hidden suspension", async function () {
    const f = await networkHelpers.loadFixture(licenceFixture);
    await f.asIssuer.suspend(f.licence.documentHash, REASON, id("disciplinary decision 41"));
    const suspendedAt = await time.latest();
    const made = await extractOf(f, f.licence.documentHash);
    const forgeries = [
      {
        name: "a later expiry",
        text: made.text.replace(/^expiresAt=\d+$/m, `expiresAt=${f.expiresAt + 5 * YEAR}`),
        fields: [["expiresAt", f.expiresAt + 5 * YEAR, f.expiresAt]],
      },
      {
        name: "a hidden suspension",
        text: made.text
          .replace('status="Suspended"', 'status="Valid"')
          .replace(/^suspendedAt=\d+$/m, "suspendedAt=null")
          .replace(/^suspensionReason=\d+$/m, "suspensionReason=null"),
        fields: [
          ["status", "Valid", "Suspended"],
          ["suspendedAt", null, suspendedAt],
          ["suspensionReason", null, REASON],
        ],
      },
    ];
    for (const { name, text, fields } of forgeries) {
      expect(text, name).not.to.equal(made.text);
      const answer = await check(f, made, text);
      expect(answer.verdict, name).to.equal("DoesNotMatch");
      if (answer.verdict !== "DoesNotMatch") continue;
      expect(
        answer.differences.map((d) => [d.name, d.paper, d.register]),
        name,
      ).to.deep.equal(fields);
      expect(answer.paperDisagreesWithCode, name).to.equal(false);
    }
  });

  it("an extract of the older format stays checkable for a diploma; a licence in it and an unknown format are refused", async function () {
    const f = await networkHelpers.loadFixture(licenceFixture);
    const old = await makeExtract({
      deployment: f.suite.deployment,
      provider: connection.ethers.provider,
      record: recordOf(f.diploma.documentHash),
      format: "egov-extract/1",
    });
    expect(old.text.startsWith('format="egov-extract/1"\n')).to.equal(true);
    expect(factLines(old.text).map((line) => line.split("=")[0])).to.deep.equal([
      "institutionId",
      "documentHash",
      "status",
      "institution.name",
      "institution.country",
      "institution.status",
      "issuer",
      "issuedAt",
      "accreditedAtIssuance",
      "revokedAt",
      "revocationReason",
      "supersededBy",
    ]);
    // The QR code alone (a digest) and the paper (its text) both check in the format the extract was made in.
    for (const paper of [undefined, old.text]) {
      const answer = await check(f, old, paper);
      expect(answer.verdict).to.equal("Matches");
      if (answer.verdict === "Matches") expect(answer.extract.format).to.equal("egov-extract/1");
    }

    const licence = await extractOf(f, f.licence.documentHash);
    const downgraded = licence.text
      .replace('format="egov-extract/2"', 'format="egov-extract/1"')
      .split("\n")
      .filter((line) => !/^(credential\.|validFrom|expiresAt|expired|suspended|suspension)/.test(line))
      .join("\n");
    expect(await check(f, licence, downgraded)).to.deep.equal({
      verdict: "FormatTooOld",
      format: "egov-extract/1",
      kindName: "Professional licence",
    });
    const newer = licence.text.replace('format="egov-extract/2"', 'format="egov-extract/9"');
    expect(await check(f, licence, newer)).to.deep.equal({
      verdict: "UnknownFormat",
      format: "egov-extract/9",
      known: ["egov-extract/1", "egov-extract/2"],
    });
    await makeExtract({
      deployment: f.suite.deployment,
      provider: connection.ethers.provider,
      record: recordOf(f.diploma.documentHash),
      format: "egov-extract/0" as never,
    }).then(
      () => expect.fail("an unknown format was made"),
      (error: unknown) => expect(String(error)).to.contain('format: "egov-extract/0" is not one of'),
    );
  });
});
