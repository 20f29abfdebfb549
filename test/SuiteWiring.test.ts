import { expect } from "chai";
import { readFileSync } from "node:fs";

import { renderSuiteWiring } from "./helpers/suiteWiring.js";

describe("Solidity test deployer", function () {
  it("wires the suite exactly as src/wiring.ts says (SuiteWiring.sol is rendered from ACCESS)", function () {
    const onDisk = readFileSync(new URL("./helpers/SuiteWiring.sol", import.meta.url), "utf8");
    expect(onDisk).to.equal(renderSuiteWiring());
  });
});
