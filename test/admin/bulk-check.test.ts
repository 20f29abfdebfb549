import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { registerTitle, registerTitles, type TitleRow } from "../../src/actions/property.js";
import { bulkImport, bulkInterruption, bulkResult } from "../../src/cli/bulk.js";
import type { Session } from "../../src/cli/session.js";
import { InvalidInputError } from "../../src/errors.js";
import { validateAddress } from "../../src/validate.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";

const connection = await network.create();
const { networkHelpers } = connection;
const dir = mkdtempSync(join(tmpdir(), "egov-bulk-check-"));

async function fixture() {
  const { suite, accounts } = await deployAdminSuite(connection);
  const signer = accounts.landRegistrar;
  // On chain already: C-2 to alice and C-5 to bob.
  for (const [reference, owner] of [
    ["C-2", accounts.alice.address],
    ["C-5", accounts.bob.address],
  ]) {
    await registerTitle({ suite, signer, cadastralReference: reference, owner, documentHash: id(`deed ${reference}`) });
  }
  return { suite, accounts, signer };
}

/** Runs `property register-bulk`'s import of `csv` with `--check-only`, and what it printed on stdout. */
async function checkOnly(csv: string, session: Partial<Session>) {
  const file = join(dir, "titles.csv");
  writeFileSync(file, csv);
  const printed: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => printed.push(chunk) > 0) as typeof process.stdout.write;
  try {
    const result = await bulkImport<TitleRow, Awaited<ReturnType<typeof registerTitles>>>({
      command: "property register-bulk",
      args: { checkOnly: true, summary: join(dir, "summary.json") },
      session: { json: false, mode: "send", ...session } as Session,
      file,
      read: {
        requiredColumns: ["cadastralReference", "owner", "document"],
        parse: ({ label, values }) => {
          if (!/^0x[0-9a-f]{64}$/.test(values.document)) {
            throw new InvalidInputError({ field: `${label} document`, reason: "is not a 32-byte hash" });
          }
          return {
            label,
            cadastralReference: values.cadastralReference,
            owner: validateAddress(`${label} owner`, values.owner),
            documentHash: values.document,
            metadataURI: "",
          };
        },
      },
      importRows: registerTitles,
      safeTitle: () => "Register titles",
    });
    return { result, error: undefined, printed: printed.join("") };
  } catch (error) {
    return { result: undefined, error: error as Error, printed: printed.join("") };
  } finally {
    process.stdout.write = write;
  }
}

describe("a bulk import checked only", function () {
  this.timeout(120_000); // the fixture deploys the suite
  it("reports every bad row and every row on chain with other data together, in the file's order", async function () {
    const { suite, accounts, signer } = await networkHelpers.loadFixture(fixture);
    const { alice, bob, carol } = accounts;
    const csv = [
      "cadastralReference,owner,document",
      `C-1,${carol.address},${id("deed C-1")}`,
      `C-2,${carol.address},${id("deed C-2")}`, // on chain to alice
      `C-3,not-an-address,${id("deed C-3")}`,
      `C-4,${carol.address},0x1234`,
      `C-5,${bob.address},${id("another deed")}`, // on chain with another deed
      `C-6,${alice.address},${id("deed C-6")}`,
    ].join("\n");
    const { error, printed } = await checkOnly(csv, { suite, signer });
    expect(printed.split("\n")).to.deep.equal([
      `titles.csv row 2 on chain: other data: C-2 was registered to ${alice.address} with document ${id("deed C-2")}`,
      `titles.csv row 3 owner: "not-an-address" is not an address`,
      "titles.csv row 4 document: is not a 32-byte hash",
      `titles.csv row 5 on chain: other data: C-5 was registered to ${bob.address} with document ${id("deed C-5")}`,
      "",
    ]);
    expect(error!.name).to.equal("RowsRejectedError");
    expect(error!.message).to.match(/^titles\.csv: 4 problem\(s\) in 6 rows, nothing sent: row 2 on chain/);
    const summary = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as { rejected: number };
    expect(summary.rejected).to.equal(4);
  });

  it("a single bad row is one error line naming the row and column, as before", async function () {
    const { suite, signer } = await networkHelpers.loadFixture(fixture);
    const csv = ["cadastralReference,owner,document", `C-7,nobody,${id("deed C-7")}`].join("\n");
    const { error, printed } = await checkOnly(csv, { suite, signer });
    expect(printed).to.equal("");
    expect(error!.message).to.equal(`titles.csv row 1 owner: "nobody" is not an address`);
  });
});

describe("an interrupted bulk import", function () {
  this.timeout(120_000);
  it("says what was sent and that the same command resumes; nothing was sent in a check", function () {
    const output: string[] = [];
    const codes: number[] = [];
    const interrupt = bulkInterruption({
      journal: "/data/titles.csv.journal",
      checkOnly: false,
      write: (text) => output.push(text),
      exit: (code) => codes.push(code),
    });
    interrupt.record({ type: "sent", description: "multicall", hash: "0xaa", nonce: 7 });
    interrupt.record({ type: "mined", description: "multicall", hash: "0xaa", blockNumber: 9 });
    interrupt.record({ type: "sent", description: "multicall", hash: "0xbb", nonce: 8 });
    interrupt.progress({ phase: "send", done: 250, total: 1000, batch: 1, batches: 4, written: 250 });
    interrupt.handler();
    expect(output.join("")).to.equal(
      "\nInterrupted: 2 transaction(s) sent by this run, 1 mined, 250 row(s) written of 1000; the last sent: 0xbb (nonce 8).\n" +
        "The journal /data/titles.csv.journal records every batch sent. Run the same command again to resume: it waits " +
        "for the transactions still pending, then sends only the rows not yet written.\n",
    );
    expect(codes).to.deep.equal([130]);

    const checked: string[] = [];
    bulkInterruption({ journal: "j", checkOnly: true, write: (text) => checked.push(text), exit: () => {} }).handler();
    expect(checked).to.deep.equal(["\nInterrupted: nothing was sent. Run the same command again to start over.\n"]);
  });

  it("stopped after its first batch, it is resumed by running the same import again, and every row is written once", async function () {
    const { suite, accounts, signer } = await networkHelpers.loadFixture(fixture);
    const input = join(dir, "interrupted.csv");
    writeFileSync(input, "interrupted input");
    const journalPath = join(dir, "interrupted.csv.journal");
    const rows = Array.from({ length: 5 }, (_, index) => ({
      label: `interrupted.csv row ${index + 1}`,
      cadastralReference: `I-${index + 1}`,
      owner: accounts.carol.address,
      documentHash: id(`deed I-${index + 1}`),
      metadataURI: "",
    }));
    const output: string[] = [];
    const interrupt = bulkInterruption({
      journal: journalPath,
      checkOnly: false,
      write: (text) => output.push(text),
      exit: (code) => {
        throw new Error(`exit ${code}`);
      },
    });
    const parameters = { suite, signer, chunkSize: 2, maxInFlight: 1, journalPath, inputPath: input, rows };
    const stopped = await registerTitles({
      ...parameters,
      onTransaction: (event) => interrupt.record(event),
      onProgress: (progress) => {
        interrupt.progress(progress);
        if (progress.phase === "send" && (progress.written ?? 0) >= 2) interrupt.handler();
      },
    }).catch((error: Error) => error);
    expect((stopped as Error).message).to.equal("exit 130");
    expect(output.join("")).to.match(
      /^\nInterrupted: 1 transaction\(s\) sent by this run, 1 mined, 2 row\(s\) written of 5; the last sent: 0x[0-9a-f]{64} \(nonce \d+\)\.\n/,
    );
    const resumed = await registerTitles(parameters);
    expect(resumed).to.deep.include({ rows: 5, written: 3, writtenEarlier: 2, alreadyPresent: 0 });
    expect(await suite.propertyRegistry.balanceOf(accounts.carol.address)).to.equal(5n);
  });
});

describe("a bulk import's summary", function () {
  const summary = (written: number, batches: number, gasUsed: bigint) => ({
    rows: 12,
    written,
    writtenEarlier: 2,
    alreadyPresent: 1,
    batches,
    gasUsed,
    transactions: [],
    journal: null,
    chunkSize: 4,
  });
  /** The summary's gas line of a job. */
  const gasLine = (parameters: { mode: "send" | "dry-run"; checkOnly: boolean; written: number; batches: number }) =>
    bulkResult({
      command: "property register-bulk",
      file: "titles.csv",
      mode: parameters.mode,
      checkOnly: parameters.checkOnly,
      summary: summary(parameters.written, parameters.batches, 900_000n),
      startedAt: Date.now(),
      summaryPath: undefined,
      safeTitle: "Register titles",
    }).lines[1];

  it("gives rows per transaction as written, gas per row and the batch size of a job that sent", function () {
    expect(gasLine({ mode: "send", checkOnly: false, written: 9, batches: 3 })).to.equal(
      "Gas used: 900000 (100000 per record); 3 rows per transaction (batches of up to 4)",
    );
    // A resumed job's last batches are short: the figure is what was sent, not the batch size.
    expect(gasLine({ mode: "send", checkOnly: false, written: 5, batches: 2 })).to.equal(
      "Gas used: 900000 (180000 per record); 2.5 rows per transaction (batches of up to 4)",
    );
    expect(gasLine({ mode: "dry-run", checkOnly: false, written: 9, batches: 3 })).to.equal(
      "Gas estimate: 900000 (100000 per record); 3 rows per transaction (batches of up to 4)",
    );
  });

  it("gives no gas figure for a check, which plans no transaction", function () {
    expect(gasLine({ mode: "send", checkOnly: true, written: 9, batches: 0 })).to.equal(
      "Gas: not estimated (checked only: no transaction planned)",
    );
  });
});
