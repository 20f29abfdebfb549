/**
 * The extract's formats without a chain: the canonical text and its digest, the check link, and the PDF's metadata
 * read back.
 */
import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { InvalidInputError } from "../../src/errors.js";
import {
  canonicalText,
  checkLink,
  compareCanonical,
  type Extract,
  extractDigest,
  extractPdf,
  parseCanonicalText,
  parseCheckLink,
  readExtractPdf,
} from "../../src/extracts/index.js";

const EXTRACT: Extract = {
  format: "egov-extract/2",
  kind: "company",
  chainId: 31337,
  contract: "0x95401dc811bb5740090279ba06cfa8fcf6113778",
  record: "UT-HRB-1",
  block: { number: 7, hash: `0x${"ab".repeat(32)}`, time: 1_800_000_000 },
  facts: [
    { name: "name", value: 'Café "Süd" GmbH', type: "text" },
    { name: "status", value: "Active", type: "enum" },
    { name: "directors.count", value: 1, type: "number" },
    { name: "directors[0].removedOn", value: null, type: "time" },
  ],
};

describe("extract formats", function () {
  it("the canonical text is one name=JSON line per fact after the header, and its digest is keccak-256 of it", function () {
    const text = canonicalText(EXTRACT);
    expect(text).to.equal(
      [
        'format="egov-extract/2"',
        'kind="company"',
        "chainId=31337",
        'contract="0x95401dc811bb5740090279ba06cfa8fcf6113778"',
        'record="UT-HRB-1"',
        "block.number=7",
        `block.hash="0x${"ab".repeat(32)}"`,
        "block.time=1800000000",
        'name="Café \\"Süd\\" GmbH"',
        'status="Active"',
        "directors.count=1",
        "directors[0].removedOn=null",
        "",
      ].join("\n"),
    );
    expect(extractDigest(EXTRACT)).to.equal(keccak256(toUtf8Bytes(text)));
    expect(parseCanonicalText(text).find((fact) => fact.name === "name")?.value).to.equal('Café "Süd" GmbH');
  });

  it("two texts are compared fact by fact, naming what differs and what one of them lacks", function () {
    const register = canonicalText(EXTRACT);
    const paper = register
      .replace('status="Active"', 'status="Dissolved"')
      .replace("directors[0].removedOn=null\n", "");
    expect(compareCanonical(paper, register)).to.deep.equal([
      { name: "status", paper: "Dissolved", register: "Active" },
      { name: "directors[0].removedOn", paper: undefined, register: null },
    ]);
    expect(() => parseCanonicalText("owner 0x1\n")).to.throw(InvalidInputError, "facts line 1");
    expect(() => parseCanonicalText('owner="0x1"')).to.throw(InvalidInputError, "line feed");
  });

  it("the check link carries the claim, and a malformed one is refused naming its part", function () {
    const claim = {
      kind: "title" as const,
      chainId: 5,
      contract: "0x95401dc811bb5740090279ba06cfa8fcf6113778",
      record: "UT-1/2 A",
      block: 12,
      digest: `0x${"cd".repeat(32)}`,
    };
    const link = checkLink("https://register.example/portal/", claim);
    expect(link).to.match(/^https:\/\/register\.example\/portal\/#\/check\?k=t&c=5&a=0x95401/);
    expect(parseCheckLink(link)).to.deep.equal(claim);
    expect(() => parseCheckLink(link.replace("k=t", "k=x"))).to.throw(InvalidInputError, "link k");
    expect(() => parseCheckLink(link.replace("&b=12", ""))).to.throw(InvalidInputError, "link b");
    expect(() => parseCheckLink(link.replace(/d=0x[0-9a-f]+/, "d=0x12"))).to.throw(InvalidInputError, "link d");
    expect(() => parseCheckLink(`${link}${"x".repeat(1000)}`)).to.throw(InvalidInputError, "over 1000");
  });

  it("a PDF keeps the link and the exact canonical text in its metadata; another PDF or a non-PDF is refused", async function () {
    const text = canonicalText(EXTRACT);
    const link = checkLink("https://register.example/", { ...EXTRACT, digest: extractDigest(EXTRACT), block: 7 });
    for (const language of ["en", "de"] as const) {
      const pdf = await extractPdf({ extract: EXTRACT, digest: extractDigest(EXTRACT), link, text, language });
      expect(await readExtractPdf(pdf)).to.deep.equal({ link, text });
    }
    await readExtractPdf(new TextEncoder().encode("not a pdf")).then(
      () => expect.fail("a text file was read as a PDF"),
      (error: unknown) => expect(String(error)).to.contain("is not a PDF"),
    );
  });
});
