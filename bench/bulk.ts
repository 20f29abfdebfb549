/**
 * The bulk registration benchmark, `npm run bench:bulk` (and the end of `npm run bench`): starts a real
 * `hardhat node`, deploys with the deploy command, and runs the agency commands as an administrator does, each in
 * its own process: 1,000 land titles with `property register-bulk`, a class of 1,000 diplomas under one Merkle root
 * with `diplomas issue-batch`, and 1,000 individually keyed diplomas with `diplomas issue-bulk`. It measures the wall
 * time of each command (process start included) and the gas per record from the receipts, and writes
 * `bench/bulk-report.json` and `bench/bulk-report.md`.
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { id } from "ethers";
import { format, resolveConfig } from "prettier";

import { type CliEnvironment, type CliResult, collect, hardhat, spawnDeploy } from "../test/e2e/helpers/cli.js";
import { type LocalNode, rpc, startNode } from "../test/e2e/helpers/node.js";

/** Records per job. */
const RECORDS = 1000;
/** Records per `multicall` transaction in the bulk commands. */
const CHUNK_SIZE = 50;

/** Hardhat's well-known test accounts, as the node unlocks them. */
const ACCOUNTS = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  landRegistrar: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  accreditor: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  issuer: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  owner: "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
} as const;

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
}

const started = Date.now();
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

function gasOf(output: Record<string, unknown>): { gasUsed: number; transactions: number } {
  const transactions = (output.transactions ?? []) as { gasUsed: string }[];
  return {
    gasUsed: transactions.reduce((sum, transaction) => sum + Number(transaction.gasUsed), 0),
    transactions: transactions.length,
  };
}

function job(
  name: string,
  command: string,
  records: number,
  measured: { output: Record<string, unknown>; seconds: number },
): Job {
  const { gasUsed, transactions } = gasOf(measured.output);
  return {
    name,
    command,
    records,
    transactions,
    wallSeconds: Number(measured.seconds.toFixed(2)),
    gasUsed,
    gasPerRecord: Math.round(gasUsed / records),
    recordsPerSecond: Number((records / measured.seconds).toFixed(1)),
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
        await timed(env, [
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
        await timed(env, [
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

    const parcels = ["cadastralReference,owner,document,metadataURI"];
    for (let i = 1; i <= RECORDS; i++)
      parcels.push(`BENCH-${i},${ACCOUNTS.owner},${id(`deed ${i}`)},ipfs://bench/${i}`);
    const parcelsFile = join(workDir, "parcels.csv");
    writeFileSync(parcelsFile, `${parcels.join("\n")}\n`);
    jobs.push(
      job(
        `${RECORDS.toLocaleString("en-US")} land titles`,
        "property register-bulk",
        RECORDS,
        await timed(env, [
          "property",
          "register-bulk",
          "--file",
          parcelsFile,
          "--chunk-size",
          String(CHUNK_SIZE),
          "--from",
          ACCOUNTS.landRegistrar,
        ]),
      ),
    );
    log(`register-bulk: ${jobs.at(-1)!.wallSeconds} s`);

    const batch = ["documentHash,holderCommitment,programme,awardedOn"];
    const bulk = ["documentHash,holderCommitment,programme,awardedOn"];
    for (let i = 1; i <= RECORDS; i++) {
      batch.push(`${id(`batch diploma ${i}`)},${id(`batch holder ${i}`)},0613,2025-06-30`);
      bulk.push(`${id(`bulk diploma ${i}`)},${id(`bulk holder ${i}`)},0613,2025-06-30`);
    }
    const batchFile = join(workDir, "class.csv");
    writeFileSync(batchFile, `${batch.join("\n")}\n`);
    jobs.push(
      job(
        `${RECORDS.toLocaleString("en-US")} diplomas under one Merkle root`,
        "diplomas issue-batch",
        RECORDS,
        await timed(env, ["diplomas", "issue-batch", "--file", batchFile, "--from", ACCOUNTS.issuer]),
      ),
    );
    log(`issue-batch: ${jobs.at(-1)!.wallSeconds} s`);

    const bulkFile = join(workDir, "diplomas.csv");
    writeFileSync(bulkFile, `${bulk.join("\n")}\n`);
    jobs.push(
      job(
        `${RECORDS.toLocaleString("en-US")} diplomas, each issued alone`,
        "diplomas issue-bulk",
        RECORDS,
        await timed(env, [
          "diplomas",
          "issue-bulk",
          "--file",
          bulkFile,
          "--chunk-size",
          String(CHUNK_SIZE),
          "--from",
          ACCOUNTS.issuer,
        ]),
      ),
    );
    log(`issue-bulk: ${jobs.at(-1)!.wallSeconds} s`);

    const clientVersion = await rpc<string>(node.url, "web3_clientVersion");
    const report = {
      generatedAt: new Date().toISOString(),
      node: clientVersion,
      chunkSize: CHUNK_SIZE,
      deploySeconds: Number(deploySeconds.toFixed(1)),
      note: "wall time of each command as a new process, start-up and every check included; gas from the receipts",
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
  chunkSize: number;
  deploySeconds: number;
  single: readonly Job[];
  jobs: readonly Job[];
}): string {
  const row = (entry: Job) =>
    `| ${entry.name} | \`${entry.command}\` | ${entry.transactions} | ${entry.wallSeconds.toFixed(1)} | ` +
    `${entry.recordsPerSecond} | ${entry.gasUsed.toLocaleString("en-US")} | ${entry.gasPerRecord.toLocaleString("en-US")} |`;
  return [
    "# Bulk registration report",
    "",
    "Written by `npm run bench:bulk`: a real `hardhat node` (automining), the suite deployed with `npm run deploy`, and " +
      "each job run as an administrator runs it, `npx hardhat <area> <command> --network localhost`, in a new process. " +
      "Wall time covers the whole command: start-up, reading and checking every row, the on-chain checks, sending " +
      "and waiting for every receipt. Gas is the sum of the receipts' `gasUsed`, divided by the records.",
    "",
    `- Node: ${report.node}; deployment took ${report.deploySeconds} s.`,
    `- Bulk commands send ${report.chunkSize} records per \`multicall\` transaction.`,
    "",
    "| job | command | transactions | wall time (s) | records per second | gas | gas per record |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...report.jobs.map(row),
    "",
    "For comparison, one record with the single command:",
    "",
    "| job | command | transactions | wall time (s) | records per second | gas | gas per record |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ...report.single.map(row),
    "",
  ].join("\n");
}

await main();
