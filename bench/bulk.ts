/**
 * The bulk registration benchmark, `npm run bench:bulk` (and the end of `npm run bench`): starts a real
 * `hardhat node`, deploys with the deploy command, and runs the agency commands as an administrator does, each in
 * its own process: 100,000 land titles with `property register-bulk`, a class of 1,000 diplomas under one Merkle
 * root with `diplomas issue-batch`, 100,000 individually keyed diplomas with `diplomas issue-bulk`, and the check of a
 * 1,000,000-row title file against the chain (`property register-bulk --check-only`; its first 100,000 rows are the
 * titles registered before), 100,000 citizens with `citizens register-bulk` and 10,000 companies with
 * `companies register-bulk`. Bulk commands size their batches from the chain's gas cap and keep several transactions
 * in flight (their defaults). It measures the wall time of each command (process start included), its peak resident
 * memory and the gas per record from its summary, and writes `bench/bulk-report.json` and `bench/bulk-report.md`.
 *
 * `EGOV_BENCH_BULK_ROWS`, `EGOV_BENCH_VALIDATE_ROWS` and `EGOV_BENCH_COMPANY_ROWS` scale the jobs down for a quick
 * run; the report then says so.
 *
 * @module
 */
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { id } from "ethers";
import { format, resolveConfig } from "prettier";

import { type CliEnvironment, type CliResult, collect, hardhat, spawnDeploy } from "../test/e2e/helpers/cli.js";
import { type LocalNode, rpc, startNode } from "../test/e2e/helpers/node.js";

/** Records of the diploma class under one root. */
const RECORDS = 1000;
/** Records of the bulk jobs (titles, diplomas issued alone). */
const BULK_ROWS = positive("EGOV_BENCH_BULK_ROWS", 100_000);
/** Rows of the title file checked against the chain. */
const VALIDATE_ROWS = positive("EGOV_BENCH_VALIDATE_ROWS", 1_000_000);
/** Companies of the business register's import (a national register is smaller than its land register). */
const COMPANY_ROWS = positive("EGOV_BENCH_COMPANY_ROWS", Math.min(BULK_ROWS, 10_000));

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

/** Hardhat's well-known test accounts, as the node unlocks them. */
const ACCOUNTS = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  landRegistrar: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  accreditor: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  issuer: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  owner: "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
  civilRegistrar: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  companyRegistrar: "0x2546BcD3c84621e976D8185a91A922aE77ECEc30",
} as const;

/** The BN254 scalar field, of which voting commitments are elements. */
const SNARK_SCALAR_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** One measured command. */
interface Job {
  readonly name: string;
  readonly command: string;
  readonly records: number;
  readonly transactions: number;
  readonly wallSeconds: number;
  readonly gasUsed: number;
  readonly gasPerRecord: number;
  readonly recordsPerSecond: number;
  readonly rowsPerTransaction: number | null;
  readonly peakRssMB: number | null;
}

const started = Date.now();
/** The machine's load average (one minute) when the benchmark started: other work on it slows every job. */
const loadAtStart = loadavg()[0];
/** Bulk commands run again after the node dropped a request. */
let resumes = 0;
const log = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`);

function succeed(result: CliResult, what: string): CliResult {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${result.stderr || result.stdout}`);
  return result;
}

/** Runs a command with `--json` and returns its output, with the wall time. */
async function timed(
  env: CliEnvironment,
  args: readonly string[],
): Promise<{ output: Record<string, unknown>; seconds: number }> {
  const start = process.hrtime.bigint();
  const result = succeed(await hardhat(env, [...args, "--json"]), args.slice(0, 2).join(" "));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { output: JSON.parse(result.stdout) as Record<string, unknown>, seconds };
}

async function timedSingle(
  env: CliEnvironment,
  args: readonly string[],
): Promise<{ output: Record<string, unknown>; seconds: number; report: null }> {
  return { ...(await timed(env, args)), report: null };
}

function gasOf(output: Record<string, unknown>): { gasUsed: number; transactions: number } {
  const transactions = (output.transactions ?? []) as { gasUsed: string }[];
  return {
    gasUsed: transactions.reduce((sum, transaction) => sum + Number(transaction.gasUsed), 0),
    transactions: transactions.length,
  };
}

/** What a bulk command files with `--summary`. */
interface BulkReport {
  readonly rowsRead: number;
  readonly registered: number;
  readonly registeredEarlier: number;
  readonly alreadyPresent: number;
  readonly transactions: number;
  readonly gasUsed: string;
  readonly chunkSize: number | null;
  readonly wallSeconds: number;
  readonly peakRssMB: number;
}

/** The check of a long file against the chain. */
interface Check {
  readonly rows: number;
  readonly onChain: number;
  readonly toWrite: number;
  readonly wallSeconds: number;
  readonly peakRssMB: number;
}

/** Runs a bulk command as an administrator does (progress lines, no `--json`), with its summary filed as JSON. */
async function bulkJob(
  env: CliEnvironment,
  workDir: string,
  name: string,
  args: readonly string[],
): Promise<{ report: BulkReport; seconds: number }> {
  const summary = join(workDir, `${name}-summary.json`);
  const start = process.hrtime.bigint();
  let attempt = await hardhat(env, [...args, "--summary", summary]);
  // A connection the node dropped stops the command; it is run again, as an administrator would, and resumes from
  // its journal. The wall time counts both runs.
  for (let rerun = 1; rerun <= 3 && attempt.code !== 0 && /Failed to make POST request/.test(attempt.stderr); rerun++) {
    log(`  ${name}: the node dropped a request (${attempt.errorLines.at(-1)}); running the command again (${rerun})`);
    resumes++;
    attempt = await hardhat(env, [...args, "--summary", summary]);
  }
  const result = succeed(attempt, args.slice(0, 2).join(" "));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const progress = result.errorLines.filter((line) => /rows\/s/.test(line));
  if (progress.length > 0) log(`  last progress line: ${progress.at(-1)}`);
  const summaryLines = result.stdout.split("\n").filter((line) => /^(Rows read|Gas|Wall time)/.test(line.trim()));
  log(`  ${summaryLines.map((line) => line.trim()).join("\n  ")}`);
  return { report: JSON.parse(readFileSync(summary, "utf8")) as BulkReport, seconds };
}

/** Writes a CSV file of `rows` generated rows, streamed. */
async function writeCsv(path: string, header: string, rows: number, row: (i: number) => string): Promise<void> {
  const out = createWriteStream(path);
  let buffer = `${header}\n`;
  for (let i = 1; i <= rows; i++) {
    buffer += `${row(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
}

function titleRow(i: number): string {
  return `BENCH-${i},${ACCOUNTS.owner},${id(`deed ${i}`)},ipfs://bench/${i}`;
}

function job(
  name: string,
  command: string,
  records: number,
  measured: { output?: Record<string, unknown>; seconds: number; report: BulkReport | null },
): Job {
  const { gasUsed, transactions } =
    measured.report === null
      ? gasOf(measured.output ?? {})
      : { gasUsed: Number(measured.report.gasUsed), transactions: measured.report.transactions };
  return {
    name,
    command,
    records,
    transactions,
    wallSeconds: Number(measured.seconds.toFixed(2)),
    gasUsed,
    gasPerRecord: Math.round(gasUsed / records),
    recordsPerSecond: Number((records / measured.seconds).toFixed(1)),
    rowsPerTransaction: measured.report?.chunkSize ?? null,
    peakRssMB: measured.report?.peakRssMB ?? null,
  };
}

async function main(): Promise<void> {
  let node: LocalNode | undefined;
  const workDir = mkdtempSync(join(tmpdir(), "egov-bench-bulk-"));
  try {
    node = await startNode();
    log(`${node.client} node (chain ${node.chainId}) on ${node.url}`);
    const deploymentsDir = join(workDir, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    writeFileSync(
      join(deploymentsDir, "config", "localhost.json"),
      JSON.stringify({
        admin: ACCOUNTS.admin,
        grants: {
          LAND_REGISTRAR: [ACCOUNTS.landRegistrar],
          ACCREDITOR: [ACCOUNTS.accreditor],
          DIPLOMA_ISSUER: [ACCOUNTS.issuer],
          CIVIL_REGISTRAR: [ACCOUNTS.civilRegistrar],
          COMPANY_REGISTRAR: [ACCOUNTS.companyRegistrar],
        },
        delays: { recovery: 259200, upgrade: 604800 },
        saleApproval: { property: true },
      }),
    );
    const env: CliEnvironment = { rpcUrl: node.url, deploymentsDir };
    const deployStart = Date.now();
    succeed(await collect(spawnDeploy(env)), "deploy");
    const deploySeconds = (Date.now() - deployStart) / 1000;
    log(`deployed in ${deploySeconds.toFixed(1)} s`);

    succeed(
      await hardhat(env, [
        "diplomas",
        "register-institution",
        "--name",
        "Bench University",
        "--country",
        "FR",
        "--accreditation-document",
        id("bench accreditation"),
        "--from",
        ACCOUNTS.accreditor,
      ]),
      "register-institution",
    );
    succeed(
      await hardhat(env, [
        "diplomas",
        "bind-issuer",
        "--issuer",
        ACCOUNTS.issuer,
        "--institution",
        "1",
        "--from",
        ACCOUNTS.accreditor,
      ]),
      "bind-issuer",
    );

    const jobs: Job[] = [];
    const single = [
      job(
        "one title",
        "property register",
        1,
        await timedSingle(env, [
          "property",
          "register",
          "--cadastral-ref",
          "BENCH-SINGLE",
          "--owner",
          ACCOUNTS.owner,
          "--document",
          id("single deed"),
          "--from",
          ACCOUNTS.landRegistrar,
        ]),
      ),
      job(
        "one diploma",
        "diplomas issue",
        1,
        await timedSingle(env, [
          "diplomas",
          "issue",
          "--document-hash",
          id("single diploma"),
          "--holder-commitment",
          id("single holder"),
          "--programme",
          "0613",
          "--awarded-on",
          "2025-06-30",
          "--from",
          ACCOUNTS.issuer,
        ]),
      ),
    ];

    const parcelsFile = join(workDir, "parcels.csv");
    await writeCsv(parcelsFile, "cadastralReference,owner,document,metadataURI", BULK_ROWS, (i) => titleRow(i));
    const titles = await bulkJob(env, workDir, "titles", [
      "property",
      "register-bulk",
      "--file",
      parcelsFile,
      "--from",
      ACCOUNTS.landRegistrar,
    ]);
    jobs.push(job(`${BULK_ROWS.toLocaleString("en-US")} land titles`, "property register-bulk", BULK_ROWS, titles));
    log(`register-bulk: ${titles.seconds.toFixed(1)} s, ${titles.report.peakRssMB} MB`);

    const batch = ["documentHash,holderCommitment,programme,awardedOn"];
    for (let i = 1; i <= RECORDS; i++) {
      batch.push(`${id(`batch diploma ${i}`)},${id(`batch holder ${i}`)},0613,2025-06-30`);
    }
    const batchFile = join(workDir, "class.csv");
    writeFileSync(batchFile, `${batch.join("\n")}\n`);
    const classJob = await timed(env, ["diplomas", "issue-batch", "--file", batchFile, "--from", ACCOUNTS.issuer]);
    jobs.push(
      job(`${RECORDS.toLocaleString("en-US")} diplomas under one Merkle root`, "diplomas issue-batch", RECORDS, {
        ...classJob,
        report: null,
      }),
    );
    log(`issue-batch: ${classJob.seconds.toFixed(1)} s`);

    const bulkFile = join(workDir, "diplomas.csv");
    await writeCsv(
      bulkFile,
      "documentHash,holderCommitment,programme,awardedOn",
      BULK_ROWS,
      (i) => `${id(`bulk diploma ${i}`)},${id(`bulk holder ${i}`)},0613,2025-06-30`,
    );
    const diplomas = await bulkJob(env, workDir, "diplomas", [
      "diplomas",
      "issue-bulk",
      "--file",
      bulkFile,
      "--from",
      ACCOUNTS.issuer,
    ]);
    jobs.push(
      job(
        `${BULK_ROWS.toLocaleString("en-US")} diplomas, each issued alone`,
        "diplomas issue-bulk",
        BULK_ROWS,
        diplomas,
      ),
    );
    log(`issue-bulk: ${diplomas.seconds.toFixed(1)} s, ${diplomas.report.peakRssMB} MB`);

    const citizensFile = join(workDir, "citizens.csv");
    const basis = id("bench civil register extract");
    await writeCsv(
      citizensFile,
      "citizenKey,jurisdiction,flags,commitment,basis",
      BULK_ROWS,
      (i) =>
        `${id(`bench citizen ${i}`)},${4101 + (i % 7)},adult+resident,` +
        `${(BigInt(id(`bench commitment ${i}`)) % (SNARK_SCALAR_FIELD - 1n)) + 1n},${basis}`,
    );
    const citizens = await bulkJob(env, workDir, "citizens", [
      "citizens",
      "register-bulk",
      "--file",
      citizensFile,
      "--from",
      ACCOUNTS.civilRegistrar,
    ]);
    jobs.push(job(`${BULK_ROWS.toLocaleString("en-US")} citizens`, "citizens register-bulk", BULK_ROWS, citizens));
    log(`citizens register-bulk: ${citizens.seconds.toFixed(1)} s, ${citizens.report.peakRssMB} MB`);

    const companiesFile = join(workDir, "companies.csv");
    await writeCsv(
      companiesFile,
      "companyNumber,name,legalForm,jurisdiction,registeredAddress,owner,document",
      COMPANY_ROWS,
      (i) =>
        `HRB ${100000 + i},Bench Company ${i} GmbH,2HBR,DE-BE,${id(`office ${i}`)},${ACCOUNTS.owner},${id(`articles ${i}`)}`,
    );
    const companies = await bulkJob(env, workDir, "companies", [
      "companies",
      "register-bulk",
      "--file",
      companiesFile,
      "--from",
      ACCOUNTS.companyRegistrar,
    ]);
    jobs.push(
      job(`${COMPANY_ROWS.toLocaleString("en-US")} companies`, "companies register-bulk", COMPANY_ROWS, companies),
    );
    log(`companies register-bulk: ${companies.seconds.toFixed(1)} s, ${companies.report.peakRssMB} MB`);

    // The first BULK_ROWS rows are the titles registered above: read back and found on chain; the others absent.
    const validateFile = join(workDir, "validate.csv");
    await writeCsv(validateFile, "cadastralReference,owner,document,metadataURI", VALIDATE_ROWS, (i) => titleRow(i));
    const validation = await bulkJob(env, workDir, "validate", [
      "property",
      "register-bulk",
      "--file",
      validateFile,
      "--check-only",
      "--from",
      ACCOUNTS.landRegistrar,
    ]);
    log(`check-only of ${VALIDATE_ROWS} rows: ${validation.seconds.toFixed(1)} s, ${validation.report.peakRssMB} MB`);
    const checked: Check = {
      rows: VALIDATE_ROWS,
      onChain: validation.report.registeredEarlier + validation.report.alreadyPresent,
      toWrite: validation.report.registered,
      wallSeconds: Number(validation.seconds.toFixed(2)),
      peakRssMB: validation.report.peakRssMB,
    };

    const clientVersion = await rpc<string>(node.url, "web3_clientVersion");
    const scaled = BULK_ROWS !== 100_000 || VALIDATE_ROWS !== 1_000_000 || COMPANY_ROWS !== 10_000;
    const report = {
      generatedAt: new Date().toISOString(),
      node: clientVersion,
      machine:
        `${cpus().length} CPU(s), ${Math.round(totalmem() / 2 ** 30)} GB, load average ` +
        `${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`,
      scaled,
      resumes,
      deploySeconds: Number(deploySeconds.toFixed(1)),
      note:
        "wall time of each command as a new process, start-up, reading and checking every row and every receipt " +
        "included; gas from the receipts; rssMB is the command's peak resident memory",
      bulk: {
        titles: {
          [BULK_ROWS]: { seconds: Number(titles.seconds.toFixed(2)), rssMB: titles.report.peakRssMB },
          [`validate${VALIDATE_ROWS}`]: { seconds: checked.wallSeconds, rssMB: checked.peakRssMB },
        },
        diplomas: {
          [BULK_ROWS]: { seconds: Number(diplomas.seconds.toFixed(2)), rssMB: diplomas.report.peakRssMB },
        },
        citizens: {
          [BULK_ROWS]: { seconds: Number(citizens.seconds.toFixed(2)), rssMB: citizens.report.peakRssMB },
        },
        companies: {
          [COMPANY_ROWS]: { seconds: Number(companies.seconds.toFixed(2)), rssMB: companies.report.peakRssMB },
        },
      },
      targets: {
        "bulk.titles.100000.seconds": 300,
        "bulk.titles.100000.rssMB": 500,
        "bulk.titles.validate1000000.seconds": 120,
      },
      check: checked,
      single,
      jobs,
    };
    const here = fileURLToPath(new URL(".", import.meta.url));
    writeFileSync(join(here, "bulk-report.json"), `${JSON.stringify(report, null, 2)}\n`);
    const markdown = await format(reportMarkdown(report), {
      ...(await resolveConfig(join(here, "bulk-report.md"))),
      parser: "markdown",
    });
    writeFileSync(join(here, "bulk-report.md"), markdown);
    console.log(markdown);
  } finally {
    await node?.stop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function reportMarkdown(report: {
  node: string;
  machine: string;
  scaled: boolean;
  deploySeconds: number;
  check: Check;
  single: readonly Job[];
  jobs: readonly Job[];
}): string {
  const row = (entry: Job) =>
    `| ${entry.name} | \`${entry.command}\` | ${entry.transactions} | ${entry.rowsPerTransaction ?? ""} | ` +
    `${entry.wallSeconds.toFixed(1)} | ${entry.recordsPerSecond} | ${entry.gasUsed.toLocaleString("en-US")} | ` +
    `${entry.gasPerRecord.toLocaleString("en-US")} | ${entry.peakRssMB ?? ""} |`;
  const header = [
    "| job | command | transactions | rows per transaction | wall time (s) | records per second | gas | gas per record | peak memory (MB) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const { check } = report;
  return [
    "# Bulk registration report",
    "",
    "Written by `npm run bench:bulk`: a real `hardhat node` (automining), the suite deployed with `npm run deploy`, and " +
      "each job run as an administrator runs it, `npx hardhat <area> <command> --network localhost`, in a new process. " +
      "Wall time covers the whole command: start-up, reading and checking every row, the on-chain checks, sending " +
      "and waiting for every receipt. Gas is the sum of the receipts' `gasUsed`, divided by the records. Bulk " +
      "commands run with their defaults: batches sized from the chain's per-transaction gas cap, 4 transactions in " +
      "flight.",
    "",
    `- Node: ${report.node}; machine: ${report.machine}; deployment took ${report.deploySeconds} s.`,
    ...(report.scaled
      ? ["- **Scaled-down run** (`EGOV_BENCH_BULK_ROWS`, `EGOV_BENCH_VALIDATE_ROWS` or `EGOV_BENCH_COMPANY_ROWS` set)."]
      : []),
    "",
    ...header,
    ...report.jobs.map(row),
    "",
    `Checking a ${check.rows.toLocaleString("en-US")}-row title file against the chain (\`property register-bulk ` +
      `--check-only\`, every row read, parsed and checked, ${check.onChain.toLocaleString("en-US")} found on chain, ` +
      `${check.toWrite.toLocaleString("en-US")} to write): ${check.wallSeconds} s, peak memory ${check.peakRssMB} MB.`,
    "",
    "For comparison, one record with the single command:",
    "",
    ...header,
    ...report.single.map(row),
    "",
  ].join("\n");
}

await main();
