/**
 * Writes `test/helpers/SuiteWiring.sol` from `src/wiring.ts`, after a change of the wiring:
 * `npx hardhat run scripts/render-suite-wiring.ts`.
 */
import { writeFileSync } from "node:fs";

import { renderSuiteWiring } from "../test/helpers/suiteWiring.js";

writeFileSync(new URL("../test/helpers/SuiteWiring.sol", import.meta.url), renderSuiteWiring());
console.log("wrote test/helpers/SuiteWiring.sol");
