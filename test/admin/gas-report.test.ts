import { expect } from "chai";

import { mergeReport } from "../../bench/report.js";

describe("the gas report", function () {
  it("a partial run keeps the rows of the report it did not measure, and replaces those it did", function () {
    const previous = { "sale.total": { gas: 1 }, "voting.castBallot": { gas: 2 } };
    const merged = mergeReport(previous, { "sale.total": { gas: 3 }, "property.register": { gas: 4 } });
    expect(merged).to.deep.equal({
      "sale.total": { gas: 3 },
      "property.register": { gas: 4 },
      "voting.castBallot": { gas: 2 },
    });
    expect(Object.keys(merged)).to.deep.equal(["sale.total", "property.register", "voting.castBallot"]);
  });
});
