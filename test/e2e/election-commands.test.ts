/**
 * End to end: the citizens, elections and voter commands against a real `hardhat node`, every command run as a
 * subprocess: identities in local files, citizens registered singly and from a CSV file, a participatory budget, a
 * ballot and a re-vote sent by a relayer, the census and the tally recomputed from events.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { Elections__factory } from "../../types/ethers-contracts/index.js";
import {
  type CliEnvironment,
  type CliResult,
  collect,
  hardhat,
  json,
  spawnDeploy,
  spawnHardhat,
} from "./helpers/cli.js";
import { increaseTime, type LocalNode, startNode } from "./helpers/node.js";

/** Hardhat's well-known test accounts 13 to 15, as the node unlocks them. */
const ACCOUNTS = {
  civilRegistrar: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  electionOfficer: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  relayer: "0xcd3B766CCDd6AE721141F452C550Ca635964ce71",
} as const;

const CONFIG = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  grants: { CIVIL_REGISTRAR: [ACCOUNTS.civilRegistrar], ELECTION_OFFICER: [ACCOUNTS.electionOfficer] },
};

function expectSuccess(result: CliResult): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
}

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(1);
  expect(result.errorLines, result.stderr).to.have.length(1);
  expect(result.errorLines[0]).to.match(pattern);
}

describe("citizens, elections and voter commands on a local node (end to end)", function () {
  this.timeout(600_000);

  let node: LocalNode;
  let workDir: string;
  let env: CliEnvironment;
  let provider: JsonRpcProvider;
  let deployment: SuiteDeployment;
  const run = (args: readonly string[]) => hardhat(env, args);
  const identity = (name: string) => join(workDir, `${name}.json`);
  const key = (name: string) => id(`e2e citizen ${name}`);
  const commitments: Record<string, string> = {};

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    workDir = mkdtempSync(join(tmpdir(), "egov-e2e-elections-"));
    const deploymentsDir = join(workDir, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    writeFileSync(join(deploymentsDir, "config", "localhost.json"), JSON.stringify(CONFIG));
    env = { rpcUrl: node.url, deploymentsDir };
    expectSuccess(await collect(spawnDeploy(env)));
    deployment = JSON.parse(readFileSync(join(deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it("a voter creates an identity in a file only they can read, and never overwrites it", async function () {
    for (const name of ["ana", "ben", "cleo"]) {
      const result = await run(["voter", "new-identity", "--identity", identity(name), "--json"]);
      expectSuccess(result);
      commitments[name] = json<{ commitment: string }>(result).commitment;
      expect(statSync(identity(name)).mode & 0o777).to.equal(0o600);
    }
    expectOneLineError(
      await run(["voter", "new-identity", "--identity", identity("ana")]),
      /exists; a voting identity is never overwritten/,
    );
  });

  it("the civil registrar registers citizens, singly and from a CSV file, and computes the census", async function () {
    const from = ["--from", ACCOUNTS.civilRegistrar];
    const basis = id("extract");
    expectSuccess(
      await run([
        "citizens",
        "register",
        "--citizen",
        key("ana"),
        "--jurisdiction",
        "4101",
        "--flags",
        "adult,resident",
        "--commitment",
        commitments.ana!,
        "--basis",
        basis,
        ...from,
      ]),
    );
    const csv = join(workDir, "citizens.csv");
    writeFileSync(
      csv,
      `citizenKey,jurisdiction,flags,commitment,basis\n${key("ben")},4101,adult+resident,${commitments.ben},${basis}\n` +
        `${key("cleo")},4101,adult,${commitments.cleo},${basis}\n`,
    );
    expectSuccess(await run(["citizens", "register-bulk", "--file", csv, ...from]));
    const again = await run(["citizens", "register-bulk", "--file", csv, ...from, "--json"]);
    expectSuccess(again);
    expect(json<{ written: number }>(again).written).to.equal(0);

    // A file with bad rows: every one named at once, nothing sent (the registrar's nonce and the block stay).
    const nonce = await provider.getTransactionCount(ACCOUNTS.civilRegistrar);
    const block = await provider.getBlockNumber();
    const bad = join(workDir, "citizens-bad.csv");
    writeFileSync(
      bad,
      `citizenKey,jurisdiction,flags,commitment,basis\n${key("dora")},4101,adult,15,${basis}\n` +
        `${key("eli")},4101,teen,12,${basis}\n${key("dora")},4101,adult,13,${basis}\n` +
        `${key("fay")},0,adult,16,${basis}\n`,
    );
    const rejected = await run(["citizens", "register-bulk", "--file", bad, ...from]);
    expect(rejected.code, rejected.stderr).to.equal(1);
    expect(rejected.stdout).to.match(/citizens-bad\.csv row 2 flags: /);
    expect(rejected.stdout).to.match(
      /citizens-bad\.csv row 3 citizenKey: 0x[0-9a-f]{64} is also on citizens-bad\.csv row 1/,
    );
    expect(rejected.stdout).to.match(/citizens-bad\.csv row 4 jurisdiction: /);
    expect(rejected.stdout).not.to.match(/row 1 /);
    // A row whose commitment the register gave to another citizen stops the file before its first transaction.
    const taken = join(workDir, "citizens-taken.csv");
    writeFileSync(
      taken,
      `citizenKey,jurisdiction,flags,commitment,basis\n${key("fay")},4101,adult,14,${basis}\n` +
        `${key("gus")},4101,adult,${commitments.ben},${basis}\n`,
    );
    const refused = await run(["citizens", "register-bulk", "--file", taken, ...from]);
    expect(refused.code, refused.stderr).to.equal(1);
    expect(refused.errorLines.filter((line) => !line.startsWith("checked "))).to.have.length(1);
    expect(refused.stderr).to.match(/citizens-taken\.csv row 2.*commitment \d+ belongs to citizen 0x[0-9a-f]{64}/);
    expect(await provider.getTransactionCount(ACCOUNTS.civilRegistrar)).to.equal(nonce);
    expect(await provider.getBlockNumber()).to.equal(block);
    expectOneLineError(
      await run([
        "citizens",
        "register",
        "--citizen",
        key("dan"),
        "--jurisdiction",
        "4101",
        "--commitment",
        commitments.ana!,
        "--basis",
        basis,
        ...from,
      ]),
      /votingCommitment: commitment \d+ was already given to citizen/,
    );
    const census = json<{ size: number; sequence: string; root: string }>(
      await run(["citizens", "census", "--jurisdiction", "4101", "--flags", "adult,resident", "--json"]),
    );
    expect([census.size, census.sequence]).to.deep.equal([2, "3"]);

    // The census kept in a file: started, then resumed with nothing new to read.
    type Followed = {
      applied: number;
      sequence: string;
      censuses: { jurisdiction: number; size: number; root: string }[];
    };
    const follow = async () =>
      json<Followed>(
        await run([
          "citizens",
          "census-follow",
          "--file",
          join(workDir, "census.kept"),
          "--flags",
          "adult,resident",
          "--once",
          "--json",
        ]),
      );
    const started = await follow();
    expect([started.applied, started.sequence]).to.deep.equal([3, "3"]);
    expect(started.censuses.find((kept) => kept.jurisdiction === 4101)).to.deep.include({ size: 2, root: census.root });
    const resumed = await follow();
    expect(resumed.applied).to.equal(0);
    expect(resumed.censuses).to.deep.equal(started.censuses);
  });

  it("an officer creates a budget poll, a voter votes through the relay and re-votes directly, and the tally is verified", async function () {
    const now = (await provider.getBlock("latest"))!.timestamp;
    const opens = now + 3 * 24 * 3600;
    const create = (costs: string, opensAt = String(opens)) => [
      "elections",
      "create",
      "--metadata",
      id("projects"),
      "--rule",
      "Budget",
      "--options",
      "3",
      "--budget",
      "100",
      "--costs",
      costs,
      "--opens",
      opensAt,
      "--closes",
      String(opens + 24 * 3600),
      "--jurisdiction",
      "4101",
      "--flags",
      "adult,resident",
      "--from",
      ACCOUNTS.electionOfficer,
    ];
    expectOneLineError(await run(create("60,50")), /costs: needs one cost per option \(3\), got 2/);
    expectOneLineError(
      await run(create("60,50,40", "+4q")),
      /^Error: --opens: "4q" is not a duration \(seconds, or a number with s, m, h, d or w\)$/,
    );
    // +1d from the chain's clock falls inside the two-day review period: refused, naming the first moment allowed.
    expectOneLineError(
      await run(create("60,50,40", "+1d")),
      /^Error: --opens: must be after the review period, at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z or later$/,
    );
    expect(await provider.getTransactionCount(ACCOUNTS.electionOfficer), "nothing sent").to.equal(0);
    const created = await run([...create("60,50,40"), "--json"]);
    expectSuccess(created);
    expect(json<{ pollId: string }>(created).pollId).to.equal("1");
    await increaseTime(node.url, 3 * 24 * 3600 + 60);

    // The municipality's relay, with the relayer's account; the voters send to the URL it prints.
    const relay = spawnHardhat(env, ["elections", "relay", "--port", "0", "--from", ACCOUNTS.relayer]);
    const relayed = collect(relay);
    let relayOutput = "";
    relay.stdout!.on("data", (chunk: Buffer) => (relayOutput += chunk.toString()));
    const deadline = Date.now() + 120_000;
    while (!/^Relay: \S+$/m.test(relayOutput) && relay.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const relayUrl = /^Relay: (\S+)$/m.exec(relayOutput)?.[1];
    expect(relayUrl, relayOutput).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);

    const vote = (name: string, choose: string, via: readonly string[] = ["--relay", relayUrl!]) => [
      "voter",
      "vote",
      "--identity",
      identity(name),
      "--poll",
      "1",
      "--choose",
      choose,
      ...via,
      "--json",
    ];
    expectOneLineError(
      await run(vote("ana", "0,1")),
      /^Error: --choose: the selected projects cost 110, over the budget of 100/,
    );
    expectOneLineError(await run(vote("ana", "0,7")), /^Error: --choose: option 7 is not between 0 and \d+$/);
    // An unknown poll is refused as the flag that named it.
    expectOneLineError(
      await run([
        "voter",
        "vote",
        "--identity",
        identity("ana"),
        "--poll",
        "99",
        "--choose",
        "0",
        "--relay",
        relayUrl!,
      ]),
      /^Error: --poll: unknown poll 99$/,
    );
    // From an account of the voter's: refused unless the voter insists.
    expectOneLineError(await run(vote("ana", "0,2", ["--from", ACCOUNTS.relayer])), /--relay: is required/);
    // The relay sends a relayed ballot, and replaces its own stuck transactions.
    expectOneLineError(
      await run(vote("ana", "0,2", ["--relay", relayUrl!, "--replace-stuck"])),
      /^Error: --replace-stuck: the relay sends a relayed ballot and replaces its own stuck transactions; --replace-stuck goes with --direct$/,
    );
    const relayerNonce = await provider.getTransactionCount(ACCOUNTS.relayer);
    const first = await run(vote("ana", "0,2"));
    expectSuccess(first);
    expect(json<{ replaced: number[] | null; relay: string }>(first)).to.include({ replaced: null, relay: relayUrl });
    expect(await provider.getTransactionCount(ACCOUNTS.relayer)).to.equal(relayerNonce + 1);
    const second = await run(vote("ana", "1,2", ["--direct", "--from", ACCOUNTS.relayer, "--replace-stuck"]));
    expectSuccess(second);
    expect(json<{ replaced: number[] | null; from: string }>(second)).to.deep.include({
      replaced: [0, 2],
      from: ACCOUNTS.relayer,
    });
    relay.kill("SIGTERM");
    const stopped = await relayed;
    expect(stopped.code, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.include("Relay stopped (SIGTERM): 1 ballot(s) relayed of 1 request(s)");
    expect(stopped.stderr).to.not.include("127.0.0.1");
    expectOneLineError(
      await run(vote("cleo", "0")),
      /--identity: this voting identity is not in the census of poll 1 \(register sequence \d+\): you were not eligible then \(the poll requires adult, resident; you lacked resident\)$/,
    );
    chmodSync(identity("ben"), 0o644);
    expectOneLineError(await run(vote("ben", "0")), /has mode 644: others may read it/);

    const elections = Elections__factory.connect(deployment.contracts.Elections!.proxy, provider);
    const [votes, ballots] = await elections.tally(1n);
    expect([[...votes], ballots]).to.deep.equal([[0n, 1n, 1n], 1n]);
    const verified = json<{ censusMatches: boolean; tallyMatches: boolean }>(
      await run(["elections", "verify", "--poll", "1", "--json"]),
    );
    expect(verified).to.include({ censusMatches: true, tallyMatches: true });
    expectOneLineError(await run(["elections", "close", "--poll", "1"]), /poll 1 is Open: it closes at/);
    await increaseTime(node.url, 24 * 3600);
    expectSuccess(await run(["elections", "close", "--poll", "1"]));
    expect((await elections.poll(1n)).closed).to.equal(true);
  });
});
