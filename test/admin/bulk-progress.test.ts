import { expect } from "chai";

import type { BulkProgress } from "../../src/actions/bulk.js";
import { bulkProgress } from "../../src/cli/bulk.js";

/** The lines `bulkProgress` writes on stderr (not a terminal) for the given progress reports. */
function linesFor(reports: readonly BulkProgress[]): string[] {
  const written: string[] = [];
  const write = process.stderr.write;
  const tty = process.stderr.isTTY;
  process.stderr.isTTY = false;
  process.stderr.write = ((chunk: string) => {
    written.push(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const report = bulkProgress({ print: true });
    reports.forEach(report);
  } finally {
    process.stderr.write = write;
    process.stderr.isTTY = tty;
  }
  return written
    .join("")
    .split("\n")
    .filter((line) => line !== "");
}

const check = (done: number, total: number | null): BulkProgress => ({
  phase: "check",
  done,
  total,
  batch: 0,
  batches: 0,
});

describe("bulkProgress: the progress line of a bulk job", function () {
  it("counts the rows of a streamed file every 100,000 while its length is unknown, then gives the whole", function () {
    const reports = [500, 99_500, 100_000, 100_500, 250_000, 250_500].map((done) => check(done, null));
    expect(linesFor([...reports, check(250_500, 250_500)])).to.deep.equal([
      "checked 100000 rows against the chain",
      "checked 250000 rows against the chain",
      "checked 250500/250500 rows against the chain (100%)",
    ]);
  });

  it("gives one line a tenth of a known length, and each batch with its rate, gas and time left", function () {
    const checks = [100, 200, 500, 600, 1000].map((done) => check(done, 1000));
    const send: BulkProgress = {
      phase: "send",
      done: 1500,
      total: 3000,
      batch: 2,
      batches: 6,
      written: 500,
      rowsPerSecond: 250,
      gasPerRecord: 88_856,
      secondsLeft: 70,
      inFlight: 3,
    };
    expect(linesFor([...checks, send])).to.deep.equal([
      "checked 100/1000 rows against the chain (10%)",
      "checked 200/1000 rows against the chain (20%)",
      "checked 500/1000 rows against the chain (50%)",
      "checked 600/1000 rows against the chain (60%)",
      "checked 1000/1000 rows against the chain (100%)",
      "1500/3000 rows (50%), batch 2/6, 250 rows/s, 88856 gas/record, 1 min 10 s left",
    ]);
  });
});
