import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { InvalidInputError } from "../../src/errors.js";
import { hexWords, KeyTable, RowKeys, requireFirstOfKey, wordsHex } from "../../src/actions/bulk.js";
import { readRows, type RowProblem, streamRows } from "../../src/cli/read-rows.js";
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

  it("streamRows reads the file anew on each call, forgets what the last read saw, and rejects after every row", async function () {
    const path = write(
      "stream.csv",
      `reference,owner,document\nR-1,${ALICE},${HASH}\nR-2,0xnope,${HASH}\nR-1,${ALICE},${HASH}\n`,
    );
    let seen = new Set<string>();
    let resets = 0;
    const rejections: { rowsRead: number; problems: readonly RowProblem[] }[] = [];
    const source = streamRows({
      field: "--file",
      path,
      requiredColumns: ["reference", "owner", "document"],
      reset: () => {
        resets++;
        seen = new Set();
      },
      parse: (row) => {
        const parsed = parse(row);
        if (seen.has(parsed.reference)) {
          throw new InvalidInputError({ field: `${row.label} reference`, reason: `${parsed.reference} repeats` });
        }
        seen.add(parsed.reference);
        return parsed;
      },
      reject: (rowsRead, problems) => {
        rejections.push({ rowsRead, problems });
        throw new Error(`rejected ${problems.length}`);
      },
    });
    for (const read of [1, 2]) {
      const yielded: string[] = [];
      const error = await (async () => {
        for await (const row of source()) yielded.push(row.reference);
      })().catch((caught: unknown) => caught as Error);
      // The good row is yielded as it is read; the rejection comes once the whole file is read, with every problem.
      expect(yielded).to.deep.equal(["R-1"]);
      expect(error).to.be.instanceOf(Error);
      expect(error!.message).to.equal("rejected 2");
      expect(resets).to.equal(read);
    }
    expect(rejections).to.have.length(2);
    expect(rejections[1]).to.deep.equal({
      rowsRead: 3,
      problems: [
        { row: 2, column: "owner", reason: '"0xnope" is not an address' },
        { row: 3, column: "reference", reason: "R-1 repeats" },
      ],
    });

    // A good file is read whole on each call, and stops being read when its reader stops.
    const good = write("good.csv", `reference,owner,document\nR-1,${ALICE},${HASH}\nR-2,${ALICE},${HASH}\n`);
    const rows = streamRows({
      field: "--file",
      path: good,
      requiredColumns: ["reference", "owner", "document"],
      parse,
      reject: () => {
        throw new Error("no problem expected");
      },
    });
    for (let read = 0; read < 2; read++) {
      const references: string[] = [];
      for await (const row of rows()) references.push(row.reference);
      expect(references).to.deep.equal(["R-1", "R-2"]);
    }
    for await (const row of rows()) {
      expect(row.reference).to.equal("R-1");
      break;
    }
  });
});

describe("RowKeys: the keys of a bulk input, kept without its rows", function () {
  it("gives the first row of every repeated key among 300,000 references and hashes, and nothing for a new key", function () {
    const keys = new RowKeys();
    const count = 300_000;
    // Keys shaped like a register's: references that differ in one character, and 0x hashes.
    const keyOf = (position: number) =>
      position % 2 === 0 ? `UT-${position}` : createHash("sha256").update(String(position)).digest("hex");
    let repeats = 0;
    for (let position = 0; position < count; position++) {
      if (keys.first(keyOf(position), position) !== undefined) repeats++;
    }
    expect(repeats).to.equal(0);
    expect(keys.size).to.equal(count);
    let found = 0;
    for (let position = 0; position < count; position++) {
      if (keys.first(keyOf(position), count + position) === position) found++;
    }
    expect(found).to.equal(count);
    // A repeat does not replace the first row, and is not counted as a key; a key differing in case is another key.
    expect(keys.first("UT-8", 900_000)).to.equal(8);
    expect(keys.size).to.equal(count);
    expect(keys.first("ut-8", 900_001)).to.equal(undefined);
  });

  it("KeyTable keeps the first value of each key, as words that read back as the hex they were made from", function () {
    const owners = new KeyTable(13);
    const value = (i: number) => createHash("sha256").update(`owner ${i}`).digest("hex").slice(0, 40) + HASH.slice(2);
    for (let i = 0; i < 5000; i++) owners.add(`0x${i.toString(16).padStart(64, "0")}`, hexWords(value(i)));
    expect(owners.size).to.equal(5000);
    let same = 0;
    for (let i = 0; i < 5000; i++) {
      if (wordsHex(owners.get(`0x${i.toString(16).padStart(64, "0")}`)!, 104) === value(i)) same++;
    }
    expect(same).to.equal(5000);
    // A second value for a key is not kept: the first one is returned.
    const first = owners.add(`0x${"0".repeat(64)}`, hexWords("f".repeat(104)));
    expect(wordsHex(first!, 104)).to.equal(value(0));
    expect(owners.get(`0x${"1".repeat(64)}`)).to.equal(undefined);
    expect(hexWords("0x0102030405")).to.deep.equal([0x01020304, 0x05000000]);
    expect(wordsHex(hexWords("0x0102030405"), 10)).to.equal("0102030405");
    // A table without values keeps only that a key is there.
    const present = new KeyTable(0);
    expect(present.add("DOC-1", [])).to.equal(undefined);
    expect(present.get("DOC-1")).to.deep.equal(new Uint32Array(0));
    expect(present.get("DOC-2")).to.equal(undefined);
  });

  it("requireFirstOfKey names the row and the earlier one, by its label or its position in a stream", function () {
    const keys = new RowKeys();
    const labels = ["deeds.csv row 1", "deeds.csv row 2"];
    const inArray = { labelAt: (position: number) => labels[position] };
    requireFirstOfKey(keys, { ...inArray, position: 0 }, labels[0], "cadastralReference", "UT-1");
    let error: unknown;
    try {
      requireFirstOfKey(keys, { ...inArray, position: 1 }, labels[1], "cadastralReference", "UT-1");
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).to.equal(
      "deeds.csv row 2 cadastralReference: UT-1 is also on deeds.csv row 1",
    );
  });
});
