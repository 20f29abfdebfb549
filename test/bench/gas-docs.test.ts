/**
 * `docs/gas.md` against the benchmark reports: its tables are what `npm run bench:docs` makes of the committed
 * reports, every report key it names is in a report, and a benchmark run merges its rows into a report on disk.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

import {
  type BenchReports,
  formatGasDocs,
  GAS_DOCS,
  MissingReportKeyError,
  namedReportKeys,
  readBenchReports,
  renderGasDocs,
  reportHolds,
} from "../../bench/docs.js";
import { mergeReportFile, replaceSection } from "../../bench/report.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const page = readFileSync(join(ROOT, GAS_DOCS), "utf8");
const reports = readBenchReports(ROOT);

/** The reports with one key of the gas report left out. */
function without(key: string): BenchReports {
  const gas = { ...reports.gas };
  delete gas[key];
  return { ...reports, gas };
}

describe("docs/gas.md and the benchmark reports", function () {
  it("every generated table is what the committed reports give", async function () {
    expect(await formatGasDocs(page, reports, ROOT)).to.equal(page);
  });

  it("a table that differs from the reports is found", async function () {
    const changed = { ...reports, gas: { ...reports.gas, "sale.total": { ...reports.gas["sale.total"]!, gas: 1 } } };
    expect(await formatGasDocs(page, changed, ROOT)).to.not.equal(page);
  });

  it("every report key the page names is in a report", function () {
    const named = namedReportKeys(page);
    expect(named).to.include.members(["sale.total", "sale.totalTokenFirstUse", "proof.depth20.ms"]);
    expect(named).to.include.members(["election.vote.depth20", "election.revote.depth20"]);
    expect(named).to.include("bulk.titles.100000.seconds");
    expect(named.filter((key) => !reportHolds(reports, key))).to.deep.equal([]);
  });

  it("a key the reports do not hold is refused, and file names are not keys", function () {
    expect(reportHolds(reports, "sale.totalNever")).to.equal(false);
    expect(reportHolds(reports, "bulk.titles.100000")).to.equal(false);
    expect(reportHolds(without("sale.totalTokenFirstUse.at10000"), "sale.totalTokenFirstUse")).to.equal(false);
    expect(namedReportKeys("see `hardhat.config.ts` and `sale.total`")).to.deep.equal(["sale.total"]);
  });

  it("a table that needs a key its report lacks names the key", function () {
    expect(() => renderGasDocs(page, without("election.vote.depth20")))
      .to.throw(MissingReportKeyError)
      .with.property("keys")
      .that.deep.equals(["election.vote.depth20"]);
  });

  it("states the vote at depth 20, first ballot within 320,000 gas and the re-vote", function () {
    const first = reports.gas["election.vote.depth20"]!;
    const revote = reports.gas["election.revote.depth20"]!;
    expect(first.target).to.equal(320_000);
    expect(first.gas).to.be.at.most(320_000);
    expect(page).to.include(`| \`election.vote.depth20\``);
    expect(page).to.include(first.gas.toLocaleString("en"));
    expect(page).to.include(revote.gas.toLocaleString("en"));
  });

  it("a partial benchmark run keeps the rows of the report on disk that it did not measure", function () {
    const dir = mkdtempSync(join(tmpdir(), "egov-report-"));
    try {
      const file = join(dir, "gas-report.json");
      writeFileSync(file, JSON.stringify({ "sale.total": { gas: 1 }, "election.vote.depth20": { gas: 2 } }));
      const merged = JSON.parse(mergeReportFile(file, { "sale.total": { gas: 3 } })) as Record<string, unknown>;
      expect(merged).to.deep.equal({ "sale.total": { gas: 3 }, "election.vote.depth20": { gas: 2 } });
      const fresh = JSON.parse(mergeReportFile(join(dir, "absent.json"), { a: { gas: 4 } })) as unknown;
      expect(fresh).to.deep.equal({ a: { gas: 4 } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a benchmark's section of the Markdown report is replaced in place, and the sections after it are kept", function () {
    const report = "# Gas report\n\n## Citizens and elections\n\nold figures\n\n## Secret polls\n\nsecret figures\n";
    expect(replaceSection(report, "## Citizens and elections", "## Citizens and elections\n\nnew figures")).to.equal(
      "# Gas report\n\n## Citizens and elections\n\nnew figures\n\n## Secret polls\n\nsecret figures\n",
    );
    expect(replaceSection(report, "## Secret polls", "## Secret polls\n\nnew secret")).to.equal(
      "# Gas report\n\n## Citizens and elections\n\nold figures\n\n## Secret polls\n\nnew secret\n",
    );
    expect(replaceSection("# Gas report\n", "## Peers", "## Peers\n\nrows")).to.equal(
      "# Gas report\n\n## Peers\n\nrows\n",
    );
  });
});
