/**
 * The gas benchmark, `npm run bench`: deploys the suite with its Ignition module on the in-process chain, and the
 * peers (EAS, an OpenZeppelin ERC-721) from their npm packages; measures every write operation with 10 and with
 * 10,000 records in each registry; explains each figure from the opcode trace; writes `bench/gas-report.json` and
 * `bench/gas-report.md` and prints a table.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import { BaseContract } from "ethers";
import { network } from "hardhat";
import { format, resolveConfig } from "prettier";

import { deploySuite } from "../test/helpers/fixture.js";
import { MockERC20__factory } from "../types/ethers-contracts/index.js";
import { type BenchContext, createContext, done, Meter } from "./context.js";
import { type FillCost, fillRegistries, FILLS } from "./fills.js";
import { BENCH_INSTITUTION, OPERATIONS } from "./operations.js";
import { EAS_DIPLOMA_SCHEMA, EAS_SCHEMA, measurePeers } from "./peers.js";
import {
  type BenchResults,
  type Measurement,
  mergeReportFile,
  reportJson,
  reportMarkdown,
  reportText,
  SIZES,
} from "./report.js";
import { breakdown, type StructLog, sumBreakdowns, type TraceContext } from "./trace.js";

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** Gas of the transactions a meter recorded, each split into components from its trace. */
async function measurementOf(meter: Meter, note: string, traceContext: TraceContext): Promise<Measurement> {
  const parts = [];
  for (const { label, tx, receipt } of meter.measured) {
    const trace = (await ethers.provider.send("debug_traceTransaction", [
      tx.hash,
      { disableMemory: true, disableStorage: true },
    ])) as { structLogs: StructLog[] };
    parts.push({
      label,
      gas: Number(receipt.gasUsed),
      breakdown: breakdown(
        trace.structLogs,
        { gasLimit: tx.gasLimit, gasUsed: receipt.gasUsed, to: tx.to!, data: tx.data },
        traceContext,
      ),
    });
  }
  const total = sumBreakdowns(parts.map((p) => p.breakdown));
  return { note, gas: total.gasUsed, parts, breakdown: total };
}

/** Runs every operation once and measures it. */
async function measureOperations(context: BenchContext, traceContext: TraceContext) {
  const measurements = new Map<string, Measurement>();
  for (const operation of OPERATIONS) {
    const meter = new Meter();
    await operation.run(context, meter);
    measurements.set(operation.name, await measurementOf(meter, operation.note, traceContext));
  }
  return measurements;
}

log("deploying the suite with its Ignition module");
const suite = await deploySuite(connection);
const token = await new MockERC20__factory(suite.accounts.admin).deploy("Bench Euro", "bEUR");
await token.waitForDeployment();
const context = await createContext(connection, suite, token);
const asAccreditor = suite.diplomas.connect(suite.accounts.accreditor);
await done(
  asAccreditor.registerInstitution(BENCH_INSTITUTION.name, BENCH_INSTITUTION.country, BENCH_INSTITUTION.accreditation),
);
await done(asAccreditor.bindIssuer(suite.accounts.diplomaIssuer.address, await suite.diplomas.institutionCount()));
/** ERC-1967 implementation slot: set in every contract of the suite that runs behind a proxy. */
const IMPLEMENTATION_SLOT = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
const proxies: string[] = [];
for (const contract of Object.values(suite).filter((value) => value instanceof BaseContract)) {
  const address = await contract.getAddress();
  if (BigInt(await ethers.provider.getStorage(address, IMPLEMENTATION_SLOT)) !== 0n) proxies.push(address);
}
const traceContext: TraceContext = { authority: await suite.authority.getAddress(), proxies };

log("measuring the peers (EAS, OpenZeppelin ERC-721) and the floors");
const peers = new Map<string, Measurement>();
for (const { name, note, meter } of await measurePeers(context)) {
  peers.set(name, await measurementOf(meter, note, traceContext));
}

const bySize: Map<string, Measurement>[] = [];
let fills: FillCost[] = [];
let filled = 0;
let snapshot: Awaited<ReturnType<typeof networkHelpers.takeSnapshot>> | undefined;
for (const size of SIZES) {
  if (snapshot !== undefined) await snapshot.restore();
  log(`filling each registry to ${size.toLocaleString("en")} records (${FILLS.map((f) => f.name).join(", ")})`);
  const costs = await fillRegistries(context, filled, size);
  if (costs.length > 0) fills = costs;
  filled = size;
  snapshot ??= await networkHelpers.takeSnapshot();
  log(`measuring ${OPERATIONS.length} operations with ${size.toLocaleString("en")} records`);
  bySize.push(await measureOperations(context, traceContext));
}

const operations = new Map<string, [Measurement, Measurement]>(
  OPERATIONS.map((operation) => [operation.name, [bySize[0].get(operation.name)!, bySize[1].get(operation.name)!]]),
);
const require = createRequire(import.meta.url);
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version;
const { networkConfig } = connection;
const hardfork = networkConfig.type === "edr-simulated" ? networkConfig.hardfork : networkConfig.type;
const results: BenchResults = {
  operations,
  peers,
  fills,
  environment: [
    `Chain: Hardhat ${versionOf("hardhat")} in-process (EDR), hardfork ${hardfork}, per-transaction gas cap 16,777,216 (EIP-7825).`,
    "Suite: deployed with the Ignition module `buildSuiteModule` (as the tests and the deploy command), solc 0.8.30, optimizer 200 runs (1,000,000 runs for the contracts of a sale: `OwnershipTransfer`, `PropertyRegistry`, `CompanyRegistry`), EVM Cancun; every contract behind an ERC-1967 proxy, governed by the AccessManager.",
    `Peers: \`@ethereum-attestation-service/eas-contracts\` ${versionOf("@ethereum-attestation-service/eas-contracts")} (SchemaRegistry + EAS, solc 0.8.29, optimizer 1,000,000 runs as in EAS releases; schemas "${EAS_SCHEMA}" and, for a diploma, "${EAS_DIPLOMA_SCHEMA}") and an OpenZeppelin ${versionOf("@openzeppelin/contracts")} ERC-721 (\`contracts/mocks/PeerERC721.sol\`, solc 0.8.30, 200 runs), not behind proxies. Floors: \`contracts/mocks/FloorRecord.sol\` and \`contracts/mocks/FloorDiploma.sol\` (solc 0.8.30, 200 runs), not behind proxies.`,
    "Accounts: every party of an operation is a fresh account that nothing on chain mentions before, unless the operation says otherwise.",
  ],
};

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const reportPath = here("gas-report.json");
const json = mergeReportFile(reportPath, reportJson(results));
const markdownPath = here("gas-report.md");
const markdown = await format(reportMarkdown(results), {
  ...(await resolveConfig(markdownPath)),
  filepath: markdownPath,
});
await writeFile(reportPath, json);
await writeFile(markdownPath, markdown);

console.log("");
console.log(reportText(results));
console.log("");
log("wrote bench/gas-report.json and bench/gas-report.md");
