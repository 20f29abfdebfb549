import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { readRows } from "../../src/cli/read-rows.js";
import { validateAddress, validateHash } from "../../src/validate.js";

const ALICE = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
const HASH = `0x${"ab".repeat(32)}`;

describe("readRows: the streaming one-pass reader of bulk files", function () {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "egov-read-rows-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const parse = ({ label, values }: { label: string; values: Readonly<Record<string, string>> }) => ({
    reference: values.reference,
    owner: validateAddress(`${label} owner`, values.owner),
    document: validateHash(`${label} document`, values.document),
    note: values.note ?? "",
  });

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }

  it("reports every bad row with its row, column and reason, and keeps the good ones", async function () {
    const path = write(
      "mixed.csv",
      [
        "reference,owner,document,note",
        `R-1,${ALICE},${HASH},"a note, with a comma"`,
        `R-2,0xnope,${HASH},`,
        `R-3,${ALICE},0x1234,`,
        `,${ALICE},${HASH},`,
        `R-5,${ALICE}`,
        `R-6,${ALICE},${HASH},"two\nlines and ""quotes"""`,
        "",
        `R-7,${ALICE},${HASH},\r`,
      ].join("\n"),
    );
    const { rows, rowsRead, problems } = await readRows({
      field: "--file",
      path,
      requiredColumns: ["reference", "owner", "document"],
      optionalColumns: ["note"],
      parse,
    });
    expect(rowsRead).to.equal(7);
    expect(rows.map((row) => row.reference)).to.deep.equal(["R-1", "R-6", "R-7"]);
    expect(rows[0].note).to.equal("a note, with a comma");
    expect(rows[1].note).to.equal('two\nlines and "quotes"');
    expect(problems).to.deep.equal([
      { row: 2, column: "owner", reason: '"0xnope" is not an address' },
      { row: 3, column: "document", reason: '"0x1234" is not a 32-byte hash (0x followed by 64 hex digits)' },
      { row: 4, column: "reference", reason: "is required" },
      { row: 5, column: "*", reason: "has 2 columns, the header has 4 (line 6)" },
    ]);
  });

  it("reports a column missing from the header once, and an unknown one, without parsing any row", async function () {
    const path = write("missing.csv", `reference,document,colour\nR-1,${HASH},red\nR-2,${HASH},blue\n`);
    let parsed = 0;
    const { rows, rowsRead, problems } = await readRows({
      field: "--file",
      path,
      requiredColumns: ["reference", "owner", "document"],
      optionalColumns: ["note"],
      parse: (row) => {
        parsed++;
        return parse(row);
      },
    });
    expect(parsed).to.equal(0);
    expect(rows).to.deep.equal([]);
    expect(rowsRead).to.equal(2);
    expect(problems).to.deep.equal([
      { row: 0, column: "colour", reason: "unknown column (expected reference, owner, document, note)" },
      { row: 0, column: "owner", reason: "missing column(s): owner" },
    ]);
  });

  it("reads a file far larger than one read chunk, cells split across chunks included", async function () {
    const count = 30_000;
    const lines = ["reference,owner,document,note"];
    for (let i = 1; i <= count; i++) lines.push(`R-${i},${ALICE},${HASH},"note ${i}, quoted"`);
    const path = write("long.csv", `${lines.join("\n")}\n`);
    const { rows, rowsRead, problems } = await readRows({
      field: "--file",
      path,
      requiredColumns: ["reference", "owner", "document"],
      optionalColumns: ["note"],
      parse,
    });
    expect(problems).to.deep.equal([]);
    expect(rowsRead).to.equal(count);
    expect(rows).to.have.length(count);
    rows.forEach((row, index) => {
      expect(row.reference).to.equal(`R-${index + 1}`);
      expect(row.note).to.equal(`note ${index + 1}, quoted`);
    });
  });

  it("refuses an empty file and a quoted cell never closed, naming the file", async function () {
    const empty = write("empty.csv", "reference,owner,document\n");
    const error = await readRows({ field: "--file", path: empty, requiredColumns: ["reference"], parse }).catch(
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).to.equal("--file: empty.csv has no rows");
    const open = write("open.csv", `reference,owner,document\nR-1,${ALICE},"${HASH}\n`);
    const unclosed = await readRows({
      field: "--file",
      path: open,
      requiredColumns: ["reference"],
      optionalColumns: ["owner", "document"],
      parse,
    }).catch((caught: unknown) => caught);
    expect((unclosed as InvalidInputError).message).to.equal(
      "open.csv: a quoted cell opened on line 2 is never closed",
    );
  });
});
