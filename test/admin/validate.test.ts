import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id, keccak256, toUtf8Bytes } from "ethers";

import { InvalidInputError } from "../../src/errors.js";
import {
  normalizedNote,
  parseRowsFile,
  validateAddress,
  validateDocument,
  validateDuration,
  validateFutureDeadline,
  validateHash,
  validatePositiveAmount,
  validateRole,
  validateText,
  validateUint,
} from "../../src/validate.js";

/** The InvalidInputError a validator throws, or a failure when it throws nothing. */
function rejection(validate: () => unknown): InvalidInputError {
  try {
    validate();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  expect.fail("the validator accepted the input");
}

describe("input validators", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "egov-validate-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it("an address is checksummed; a malformed or zero address names the field", function () {
    expect(validateAddress("--owner", "0x14dc79964da2c08b23698b3d3cc7ca32193d9955")).to.equal(
      "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    );
    const malformed = rejection(() => validateAddress("--owner", "0x1234"));
    expect(malformed.message).to.equal('--owner: "0x1234" is not an address');
    expect(malformed.field).to.equal("--owner");
    expect(rejection(() => validateAddress("--owner", "0x0000000000000000000000000000000000000000")).message).to.equal(
      "--owner: must not be the zero address",
    );
    expect(rejection(() => validateAddress("--owner", undefined)).message).to.equal("--owner: is required");
  });

  it("a hash has 32 bytes and is not zero", function () {
    expect(validateHash("--basis", id("x").toUpperCase().replace("0X", "0x"))).to.equal(id("x"));
    expect(rejection(() => validateHash("--basis", "0x12")).reason).to.match(/is not a 32-byte hash/);
    expect(rejection(() => validateHash("--basis", `0x${"0".repeat(64)}`)).reason).to.equal(
      "must not be the zero hash",
    );
  });

  it("a document is a 0x hash or a file hashed with keccak-256", function () {
    const file = join(dir, "deed.pdf");
    writeFileSync(file, "deed");
    expect(validateDocument("--document", file)).to.equal(keccak256(toUtf8Bytes("deed")));
    expect(validateDocument("--document", id("deed"))).to.equal(id("deed"));
    expect(rejection(() => validateDocument("--document", join(dir, "missing.pdf"))).reason).to.match(
      /^file .*missing\.pdf not found$/,
    );
    expect(rejection(() => validateDocument("--document", "0xabc")).reason).to.match(/is not a 32-byte hash/);
    expect(rejection(() => validateDocument("--document", dir)).reason).to.match(/is not a file$/);
  });

  it("a deadline is unix seconds, an ISO date or +duration, strictly after the chain's time", function () {
    const now = 1_800_000_000;
    expect(validateFutureDeadline("--deadline", "+14d", now)).to.equal(now + 14 * 86400);
    expect(validateFutureDeadline("--deadline", String(now + 1), now)).to.equal(now + 1);
    expect(validateFutureDeadline("--deadline", "2030-01-01T00:00:00Z", now)).to.equal(1_893_456_000);
    expect(rejection(() => validateFutureDeadline("--deadline", String(now), now)).reason).to.match(
      /is not in the future/,
    );
    expect(rejection(() => validateFutureDeadline("--deadline", "next week", now)).reason).to.match(/is not a date/);
  });

  it("durations, whole numbers and amounts", function () {
    expect(validateDuration("--execution-delay", "3d")).to.equal(259200);
    expect(validateDuration("--execution-delay", "90")).to.equal(90);
    expect(rejection(() => validateDuration("--execution-delay", "3 days")).reason).to.match(/is not a duration/);
    expect(validateUint("--lien", "12")).to.equal(12n);
    expect(rejection(() => validateUint("--lien", "-1")).reason).to.equal('"-1" is not a whole number');
    expect(validatePositiveAmount("--price", "1.5")).to.equal(1_500_000_000_000_000_000n);
    expect(validatePositiveAmount("--price", "125.5", 6)).to.equal(125_500_000n);
    expect(rejection(() => validatePositiveAmount("--price", "0")).reason).to.equal("must be greater than zero, got 0");
    expect(rejection(() => validatePositiveAmount("--price", "1.0000001", 6)).reason).to.match(/at most 6 decimals/);
  });

  it("a role is a known name in any case, or its id; PUBLIC and unknown names are refused", function () {
    expect(validateRole("--role", "land_registrar")).to.deep.equal({ id: 1n, name: "LAND_REGISTRAR" });
    expect(validateRole("--role", "8")).to.deep.equal({ id: 8n, name: "UPGRADER" });
    expect(rejection(() => validateRole("--role", "PUBLIC")).reason).to.match(/^unknown role "PUBLIC"/);
    expect(rejection(() => validateRole("--role", "SHERIFF")).reason).to.match(/^unknown role "SHERIFF"/);
  });

  describe("text fields", function () {
    it("a command takes a reference in its canonical form and tells its user", function () {
      expect(validateText("--cadastral-ref", "reference", "  ut-1  north ", { normalize: true })).to.equal(
        "UT-1 NORTH",
      );
      expect(normalizedNote("--cadastral-ref", "  ut-1  north ", "UT-1 NORTH")).to.deep.equal([
        '--cadastral-ref "ut-1  north" taken as UT-1 NORTH, its canonical form (upper case)',
      ]);
      expect(normalizedNote("--cadastral-ref", "UT-1", "UT-1")).to.deep.equal([]);
      expect(validateText("--name", "name", " Université de Lyon ", { normalize: true })).to.equal(
        "Université de Lyon",
      );
    });

    it("a library call's reference is checked as given: lower case is refused, naming the canonical form", function () {
      const refused = rejection(() => validateText("cadastralReference", "reference", "ut-1"));
      expect(refused.field).to.equal("cadastralReference");
      expect(refused.reason).to.equal("holds a lower-case letter at byte 0 (references are upper case: UT-1)");
      expect(validateText("cadastralReference", "reference", "UT-1")).to.equal("UT-1");
    });

    it("every limit of the registries is refused with the field and the reason", function () {
      const cases: [string, "reference" | "uri" | "name", string | undefined, string][] = [
        ["--cadastral-ref", "reference", "U".repeat(5000), "is 5000 bytes long, over the 64 allowed"],
        ["--cadastral-ref", "reference", "UT-1\nUT-2", "holds a control character at byte 4"],
        ["--cadastral-ref", "reference", "UT-É", "holds a character outside printable ASCII at byte 3"],
        ["--cadastral-ref", "reference", "   ", "is required"],
        ["--company-number", "reference", undefined, "is required"],
        ["--metadata-uri", "uri", "ipfs://a b", "holds a space at byte 8 (a URI percent-encodes spaces)"],
        ["--metadata-uri", "uri", `ipfs://${"b".repeat(506)}`, "is 513 bytes long, over the 512 allowed"],
        ["--name", "name", "Acme\tGmbH", "holds a control character at byte 4"],
        ["--name", "name", "Acme  GmbH", "holds two spaces in a row at byte 5"],
        ["--name", "name", "É".repeat(129), "is 258 bytes long, over the 256 allowed"],
        ["--name", "name", "", "is required"],
      ];
      for (const [field, kind, value, reason] of cases) {
        const error = rejection(() => validateText(field, kind, value, { normalize: true }));
        expect(error.message, JSON.stringify(value)).to.equal(`${field}: ${reason}`);
      }
    });

    it("a URI may be empty; a name may hold any UTF-8 text up to 256 bytes", function () {
      expect(validateText("--metadata-uri", "uri", undefined)).to.equal("");
      expect(validateText("--metadata-uri", "uri", "")).to.equal("");
      expect(validateText("--name", "name", "É".repeat(128))).to.equal("É".repeat(128));
      expect(validateText("--name", "name", "Société Générale — 株式会社")).to.equal("Société Générale — 株式会社");
    });
  });

  describe("row files", function () {
    const columns = { requiredColumns: ["cadastralReference", "owner"], optionalColumns: ["metadataURI"] };

    it("reads CSV with quoted cells, blank lines and CRLF", function () {
      const file = join(dir, "rows.csv");
      writeFileSync(
        file,
        'cadastralReference,owner,metadataURI\r\n"UT-1, north",0xA,"say ""hi"""\r\n\r\nUT-2,0xB,\r\n',
      );
      const rows = parseRowsFile({ field: "--file", path: file, ...columns });
      expect(rows.map((row) => row.values)).to.deep.equal([
        { cadastralReference: "UT-1, north", owner: "0xA", metadataURI: 'say "hi"' },
        { cadastralReference: "UT-2", owner: "0xB", metadataURI: "" },
      ]);
      expect(rows[1].label).to.equal("rows.csv row 2");
    });

    it("reads a JSON array of objects", function () {
      const file = join(dir, "rows.json");
      writeFileSync(file, JSON.stringify([{ cadastralReference: "UT-1", owner: "0xA" }]));
      expect(parseRowsFile({ field: "--file", path: file, ...columns })[0].values).to.deep.equal({
        cadastralReference: "UT-1",
        owner: "0xA",
      });
    });

    it("names the row and column of a bad row", function () {
      const file = join(dir, "bad.csv");
      writeFileSync(file, "cadastralReference,owner\nUT-1,0xA\nUT-2\n");
      expect(rejection(() => parseRowsFile({ field: "--file", path: file, ...columns })).message).to.equal(
        "bad.csv row 2: has 1 columns, the header has 2 (line 3)",
      );
      writeFileSync(file, "cadastralReference,owner\nUT-1,\n");
      expect(rejection(() => parseRowsFile({ field: "--file", path: file, ...columns })).message).to.equal(
        "bad.csv row 1 owner: is required",
      );
      writeFileSync(file, "cadastralReference,owner,colour\nUT-1,0xA,red\n");
      expect(rejection(() => parseRowsFile({ field: "--file", path: file, ...columns })).message).to.match(
        /^bad\.csv row 1: unknown column "colour"/,
      );
      writeFileSync(file, 'cadastralReference,owner\n"UT-1,0xA\n');
      expect(rejection(() => parseRowsFile({ field: "--file", path: file, ...columns })).reason).to.match(
        /never closed$/,
      );
      const json = join(dir, "bad.json");
      writeFileSync(json, '{"not": "an array"}');
      expect(rejection(() => parseRowsFile({ field: "--file", path: json, ...columns })).reason).to.equal(
        "must hold a JSON array of objects",
      );
    });
  });
});
