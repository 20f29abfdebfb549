/**
 * `npm run bench:docs`: rewrites the generated tables of `docs/gas.md` from the benchmark reports (see
 * `bench/docs.ts`). Each benchmark's npm script runs it after the benchmark.
 *
 * @module
 */
import { GAS_DOCS, writeGasDocs } from "./docs.js";

await writeGasDocs();
console.log(
  `rewrote the generated tables of ${GAS_DOCS} from bench/gas-report.json, voting-report.json, bulk-report.json and startup-report.json`,
);
