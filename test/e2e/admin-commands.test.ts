/**
 * End to end: a real node (`hardhat node`, or the one `EGOV_E2E_NODE` names: see `helpers/node.ts`), the suite
 * deployed with `npm run deploy -- --network localhost` exactly as on a testnet, and every admin command run as a
 * subprocess, with the results read back from the chain.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import {
  Contract,
  getAddress,
  HDNodeWallet,
  id,
  JsonRpcProvider,
  keccak256,
  recoverAddress,
  TypedDataEncoder,
  Wallet,
} from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { DefaultDelays, LABELLED_ROLES, Roles, type RoleName } from "../../src/roles.js";
import { ACCESS, selectorOf } from "../../src/wiring.js";
import {
  GovernmentAuthority__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
  PropertyRegistryV2Mock__factory,
} from "../../types/ethers-contracts/index.js";
import { deployTestToken } from "../helpers/testToken.js";
import {
  type CliEnvironment,
  type CliResult,
  collect,
  hardhat,
  json,
  PROJECT_ROOT,
  spawnDeploy,
  spawnHardhat,
} from "./helpers/cli.js";
import { increaseTime, type LocalNode, rpc, startNode } from "./helpers/node.js";

/** The well-known test accounts of the test mnemonic, as `hardhat node` and anvil unlock them. */
const ACCOUNTS = {
  deployer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  alice: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  bob: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  bank: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  carol: "0xBcd4042DE499D14e55001CcbB24a551F3b954096",
  newRegistrar: "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
  safe: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
} as const;

const EXAMPLE_CONFIG = join(PROJECT_ROOT, "deployments", "config", "localhost.json");

interface ExampleConfig {
  admin: string;
  grants: Record<"LAND_REGISTRAR" | "COURT_OFFICER" | "GUARDIAN" | "UPGRADER" | "RECOVERY_OFFICER", string[]>;
  delays: { recovery: number; upgrade: number };
}

/** Expects a command to have failed with exactly one line on stderr, matching `pattern`. */
function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(1);
  expect(result.errorLines, result.stderr).to.have.length(1);
  expect(result.errorLines[0]).to.match(/^Error: /);
  expect(result.errorLines[0]).to.match(pattern);
}

function expectSuccess(result: CliResult): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
}

/**
 * Transactions of a whole deployment with the example parameters: the authority, an implementation and a proxy per
 * contract, the Semaphore verifier and the secret-polls library, the function-to-role wiring, role labels and
 * guardians, policies, grants, the roles' minimum execution delays and the ADMIN handover.
 */
const DEPLOYMENT_TRANSACTIONS = 82;

describe("admin commands on a local node (end to end)", function () {
  this.timeout(240_000);

  let node: LocalNode;
  let workDir: string;
  let env: CliEnvironment;
  let provider: JsonRpcProvider;
  let config: ExampleConfig;
  let deployment: SuiteDeployment;
  let registrar: string;
  let guardian: string;
  let upgrader: string;
  let recoveryOfficer: string;
  let courtOfficer: string;
  let deedFile: string;

  function contracts() {
    return {
      authority: GovernmentAuthority__factory.connect(deployment.contracts.GovernmentAuthority.address, provider),
      property: PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy, provider),
      transfer: OwnershipTransfer__factory.connect(deployment.contracts.OwnershipTransfer!.proxy, provider),
    };
  }

  function run(args: readonly string[]): Promise<CliResult> {
    return hardhat(env, args);
  }

  async function runJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
    const result = await run([...args, "--json"]);
    expectSuccess(result);
    return json<T>(result);
  }

  /** What the first deployment printed. */
  let deployOutput = "";

  async function deployInto(deploymentsDir: string, extra: readonly string[] = []): Promise<CliResult> {
    return collect(spawnDeploy({ rpcUrl: node.url, deploymentsDir }, extra));
  }

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    workDir = mkdtempSync(join(tmpdir(), "egov-e2e-"));
    const deploymentsDir = join(workDir, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    copyFileSync(EXAMPLE_CONFIG, join(deploymentsDir, "config", "localhost.json"));
    env = { rpcUrl: node.url, deploymentsDir };
    config = JSON.parse(readFileSync(EXAMPLE_CONFIG, "utf8")) as ExampleConfig;
    [registrar] = config.grants.LAND_REGISTRAR;
    [guardian] = config.grants.GUARDIAN;
    [upgrader] = config.grants.UPGRADER;
    [recoveryOfficer] = config.grants.RECOVERY_OFFICER;
    [courtOfficer] = config.grants.COURT_OFFICER;
    deedFile = join(workDir, "deed UT-1.pdf");
    writeFileSync(deedFile, "%PDF-1.7 registration deed of parcel UT-1");

    const deployed = await deployInto(deploymentsDir);
    expectSuccess(deployed);
    deployOutput = deployed.stdout;
    deployment = JSON.parse(readFileSync(join(deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  describe("deployment", function () {
    it("writes a record with every contract, the compiler, the wiring and the roles", async function () {
      expect(deployment.network).to.equal("localhost");
      expect(deployment.chainId).to.equal(node.chainId);
      expect(deployment.ignition.deploymentId).to.equal(`chain-${node.chainId}`);
      expect(deployment.compiler.version).to.match(/^0\.8\.30\+commit/);
      expect(deployment.compiler.settings).to.deep.include({ evmVersion: "cancun" });
      for (const name of ["PropertyRegistry", "OwnershipTransfer"] as const) {
        const entry = deployment.contracts[name]!;
        expect(await provider.getCode(entry.proxy)).to.not.equal("0x");
        expect(await provider.getCode(entry.implementation)).to.not.equal("0x");
        const creation = await provider.getTransactionReceipt(entry.deploymentTx);
        expect(getAddress(creation!.contractAddress!)).to.equal(entry.proxy);
        expect(creation!.blockNumber).to.equal(entry.deploymentBlock);
        expect(deployment.wiring[name]).to.deep.equal(ACCESS[name].restricted);
      }
      expect(deployment.roles.grants.LAND_REGISTRAR).to.deep.equal([{ account: registrar, executionDelay: 0 }]);
      expect(deployment.roles.grants.RECOVERY_OFFICER).to.deep.equal([
        { account: recoveryOfficer, executionDelay: config.delays.recovery },
      ]);
      // The output says which of the node's accounts holds which role, to be given as --from.
      const accounts = (await provider.send("eth_accounts", [])) as string[];
      const number = (address: string) => accounts.findIndex((a) => a.toLowerCase() === address.toLowerCase());
      expect(number(registrar)).to.be.greaterThan(0);
      expect(deployOutput).to.include(`  ADMIN              ${config.admin} (node account #${number(config.admin)})`);
      expect(deployOutput).to.include(`  LAND_REGISTRAR     ${registrar} (node account #${number(registrar)})`);
      expect(deployOutput).to.include(
        `  RECOVERY_OFFICER   ${recoveryOfficer} (node account #${number(recoveryOfficer)}), every call delayed ${config.delays.recovery} s`,
      );
      expect(deployOutput).to.include(`the deployer ${getAddress(accounts[0])} (node account #0) holds no role`);
      // A development node's upgrade manifest is a temporary file, and the output says so.
      const manifest = /Upgrade manifest: (\S+) \(a development node's: temporary, gone with the node\)/.exec(
        deployOutput,
      );
      expect(manifest, deployOutput).to.not.equal(null);
      expect(existsSync(manifest![1])).to.equal(true);
    });

    it("hands ADMIN to the configured admin, wires every function and leaves the deployer without any role", async function () {
      const { authority, property } = contracts();
      expect((await authority.hasRole(Roles.ADMIN, config.admin))[0]).to.equal(true);
      for (const role of ["ADMIN", ...LABELLED_ROLES] as RoleName[]) {
        expect((await authority.hasRole(Roles[role], ACCOUNTS.deployer))[0], role).to.equal(false);
      }
      for (const [signature, role] of Object.entries(ACCESS.PropertyRegistry.restricted)) {
        expect(await authority.getTargetFunctionRole(await property.getAddress(), selectorOf(signature))).to.equal(
          Roles[role],
        );
      }
      const [isUpgrader, upgradeDelay] = await authority.hasRole(Roles.UPGRADER, upgrader);
      expect([isUpgrader, Number(upgradeDelay)]).to.deep.equal([true, config.delays.upgrade]);
    });

    it("a repeated deployment sends nothing and keeps every address", async function () {
      const nonce = await provider.getTransactionCount(ACCOUNTS.deployer);
      const block = await provider.getBlockNumber();
      const again = await deployInto(env.deploymentsDir);
      expectSuccess(again);
      expect(again.stdout).to.include("nothing was sent");
      expect(await provider.getTransactionCount(ACCOUNTS.deployer)).to.equal(nonce);
      expect(await provider.getBlockNumber()).to.equal(block);
      const record = JSON.parse(readFileSync(join(env.deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
      expect(record.contracts).to.deep.equal(deployment.contracts);
      expect(record.deployedAt).to.equal(deployment.deployedAt);
    });

    it("an interrupted deployment resumes from its journal without sending anything twice", async function () {
      const otherDir = join(workDir, "interrupted");
      mkdirSync(join(otherDir, "config"), { recursive: true });
      copyFileSync(EXAMPLE_CONFIG, join(otherDir, "config", "localhost.json"));
      const journal = join(otherDir, "ignition", `chain-${node.chainId}`, "journal.jsonl");
      const nonceBefore = await provider.getTransactionCount(ACCOUNTS.deployer);

      const child = spawnDeploy({ rpcUrl: node.url, deploymentsDir: otherDir });
      const exited = collect(child);
      /** The journal's lines of a type (`TRANSACTION_CONFIRM`, …). */
      const lines = (type: string) =>
        existsSync(journal)
          ? readFileSync(journal, "utf8")
              .split("\n")
              .filter((line) => line.includes(`"${type}"`)).length
          : 0;
      const confirmed = () => lines("TRANSACTION_CONFIRM");
      while (confirmed() < 8 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 25));
      // Killed at a point a real interruption can resume from: with every transaction the node has journaled as
      // prepared first. The deployment is stopped, its requests in flight left to reach the node, and killed only if
      // the node holds no transaction the journal lacks (a transaction sent but not yet written down is a state
      // Ignition refuses to resume from, HHE10411); otherwise it runs on a moment and is stopped again.
      for (;;) {
        process.kill(-child.pid!, "SIGSTOP");
        await new Promise((resolve) => setTimeout(resolve, 150));
        const sent = (await provider.getTransactionCount(ACCOUNTS.deployer, "pending")) - nonceBefore;
        if (sent <= lines("TRANSACTION_PREPARE_SEND")) break;
        process.kill(-child.pid!, "SIGCONT");
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      const doneAtKill = confirmed();
      expect(doneAtKill).to.be.within(8, DEPLOYMENT_TRANSACTIONS - 1);
      expect(existsSync(join(otherDir, "localhost.json"))).to.equal(false);
      // The authority's address as the journal recorded it (deployed_addresses.json may have been half-written when
      // the process was killed; the journal's lines are whole but the last one).
      const authorityAtKill = readFileSync(journal, "utf8")
        .split("\n")
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { futureId?: string; type?: string; result?: { address?: string } }];
          } catch {
            return [];
          }
        })
        .find(
          (entry) =>
            entry.futureId === "GovernmentAuthority#GovernmentAuthority" &&
            entry.type === "DEPLOYMENT_EXECUTION_STATE_COMPLETE",
        )?.result?.address;
      expect(authorityAtKill).to.match(/^0x[0-9a-fA-F]{40}$/);

      const resumed = await deployInto(otherDir);
      expectSuccess(resumed);
      const record = JSON.parse(readFileSync(join(otherDir, "localhost.json"), "utf8")) as SuiteDeployment;
      expect(record.contracts.GovernmentAuthority.address).to.equal(getAddress(authorityAtKill!));
      expect(confirmed()).to.equal(DEPLOYMENT_TRANSACTIONS);
      expect((await provider.getTransactionCount(ACCOUNTS.deployer)) - nonceBefore).to.equal(DEPLOYMENT_TRANSACTIONS);
      const authority = GovernmentAuthority__factory.connect(record.contracts.GovernmentAuthority.address, provider);
      expect((await authority.hasRole(Roles.ADMIN, config.admin))[0]).to.equal(true);
      expect((await authority.hasRole(Roles.ADMIN, ACCOUNTS.deployer))[0]).to.equal(false);
    });

    it("refuses a parameters file with a bad address, naming the key", async function () {
      const badDir = join(workDir, "bad-config");
      mkdirSync(join(badDir, "config"), { recursive: true });
      const bad = { ...config, grants: { ...config.grants, GUARDIAN: ["0x1234"] } };
      writeFileSync(join(badDir, "config", "localhost.json"), JSON.stringify(bad));
      const block = await provider.getBlockNumber();
      const result = await hardhat({ rpcUrl: node.url, deploymentsDir: badDir }, ["suite", "deploy"]);
      expectOneLineError(result, /grants\.GUARDIAN\[0\]: "0x1234" is not an address$/);
      expect(await provider.getBlockNumber()).to.equal(block);
    });
  });

  describe("property", function () {
    it("registers a title from a deed file, its reference in canonical form, and shows it with its history", async function () {
      const registered = await run([
        "property",
        "register",
        "--cadastral-ref",
        "ut-1",
        "--owner",
        ACCOUNTS.alice,
        "--document",
        deedFile,
        "--from",
        registrar,
      ]);
      expectSuccess(registered);
      expect(registered.stdout).to.include('--cadastral-ref "ut-1" taken as UT-1, its canonical form (upper case)');
      expect(registered.stdout).to.include(`Title UT-1 (parcel `);
      const title = await contracts().property.titleOf(id("UT-1"));
      expect(title.owner).to.equal(ACCOUNTS.alice);
      expect(title.documentHash).to.equal(keccak256(readFileSync(deedFile)));

      const shown = await runJson<{ title: { cadastralReference: string; owner: string; history: unknown[] } }>([
        "property",
        "show",
        "--parcel",
        "ut-1",
      ]);
      expect(shown.title).to.deep.include({ cadastralReference: "UT-1", owner: ACCOUNTS.alice });
      expect(shown.title.history).to.have.length(1);
    });

    it("replaces a document, adds and releases a lien, freezes and unfreezes a title", async function () {
      const { property } = contracts();
      const parcel = id("UT-1");
      expectSuccess(
        await run([
          "property",
          "update-document",
          "--parcel",
          "UT-1",
          "--document",
          id("survey 2"),
          "--from",
          registrar,
        ]),
      );
      expect((await property.titleOf(parcel)).documentHash).to.equal(id("survey 2"));

      const lien = await runJson<{ lienId: string }>([
        "property",
        "add-lien",
        "--parcel",
        parcel,
        "--holder",
        ACCOUNTS.bank,
        "--document",
        id("mortgage"),
        "--from",
        registrar,
      ]);
      expect((await property.lienOf(BigInt(lien.lienId))).holder).to.equal(ACCOUNTS.bank);
      expectSuccess(
        await run(["property", "release-lien", "--lien", lien.lienId, "--basis", id("repaid"), "--from", registrar]),
      );
      expect((await property.lienOf(BigInt(lien.lienId))).releasedAt).to.not.equal(0n);

      expectSuccess(
        await run(["property", "freeze", "--parcel", "UT-1", "--basis", id("dispute"), "--from", registrar]),
      );
      expect((await property.titleOf(parcel)).status).to.equal(2n);
      expectSuccess(
        await run(["property", "unfreeze", "--parcel", "UT-1", "--basis", id("settled"), "--from", registrar]),
      );
      expect((await property.titleOf(parcel)).status).to.equal(1n);
    });

    it("retires a title", async function () {
      expectSuccess(
        await run([
          "property",
          "register",
          "--cadastral-ref",
          "UT-OLD",
          "--owner",
          ACCOUNTS.alice,
          "--document",
          id("old"),
          "--from",
          registrar,
        ]),
      );
      expectSuccess(
        await run(["property", "retire", "--parcel", "UT-OLD", "--basis", id("merged"), "--from", registrar]),
      );
      expect((await contracts().property.titleOf(id("UT-OLD"))).status).to.equal(3n);
    });

    it("a bulk import killed halfway resumes without duplicates or gaps", async function () {
      const rows = 150;
      const file = join(workDir, "titles.csv");
      const lines = ["cadastralReference,owner,document,metadataURI"];
      for (let i = 1; i <= rows; i++) {
        lines.push(`BULK-${i},${i % 2 === 0 ? ACCOUNTS.alice : ACCOUNTS.bob},${id(`deed ${i}`)},ipfs://bulk/${i}`);
      }
      writeFileSync(file, `${lines.join("\n")}\n`);
      const journal = `${file}.journal`;
      const confirmedBatches = () =>
        existsSync(journal)
          ? readFileSync(journal, "utf8")
              .split("\n")
              .filter((line) => line.includes('"confirmed"')).length
          : 0;

      const child = spawnHardhat(env, [
        "property",
        "register-bulk",
        "--file",
        file,
        "--chunk-size",
        "10",
        "--from",
        registrar,
      ]);
      const exited = collect(child);
      while (confirmedBatches() < 3 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill("SIGKILL");
      await exited;
      const atKill = confirmedBatches();
      expect(atKill).to.be.within(3, 14);

      const resumed = await runJson<{ rows: number; written: number; writtenEarlier: number; alreadyPresent: number }>([
        "property",
        "register-bulk",
        "--file",
        file,
        "--chunk-size",
        "10",
        "--from",
        registrar,
      ]);
      expect(resumed.rows).to.equal(rows);
      expect(resumed.written + resumed.writtenEarlier).to.equal(rows);
      expect(resumed.writtenEarlier).to.be.at.least(atKill * 10);
      expect(resumed.alreadyPresent).to.equal(0);

      const { property } = contracts();
      const events = await property.queryFilter(
        property.filters.TitleRegistered(),
        deployment.contracts.PropertyRegistry!.deploymentBlock,
      );
      const bulk = events.filter((event) => event.args.cadastralReference.startsWith("BULK-"));
      expect(bulk).to.have.length(rows);
      expect(new Set(bulk.map((event) => event.args.cadastralReference)).size).to.equal(rows);
      for (const i of [1, 2, 75, 150]) {
        expect(await property.ownerOf(id(`BULK-${i}`))).to.equal(i % 2 === 0 ? ACCOUNTS.alice : ACCOUNTS.bob);
      }
      const again = await runJson<{ written: number; writtenEarlier: number }>([
        "property",
        "register-bulk",
        "--file",
        file,
        "--chunk-size",
        "10",
        "--from",
        registrar,
      ]);
      expect(again).to.deep.include({ written: 0, writtenEarlier: rows });
    });

    it("a pipelined bulk import killed with transactions in flight resumes: every row once, checked on chain", async function () {
      const rows = 300;
      const file = join(workDir, "pipelined.csv");
      const owners = [ACCOUNTS.alice, ACCOUNTS.bob, ACCOUNTS.carol];
      const lines = ["cadastralReference,owner,document,metadataURI"];
      for (let i = 1; i <= rows; i++) lines.push(`PIPE-${i},${owners[i % 3]},${id(`pipe deed ${i}`)},ipfs://pipe/${i}`);
      writeFileSync(file, `${lines.join("\n")}\n`);
      const journal = `${file}.journal`;
      const entries = () =>
        existsSync(journal)
          ? readFileSync(journal, "utf8")
              .split("\n")
              .filter((line) => line.trim() !== "")
              .map((line) => JSON.parse(line) as { type: string; batch?: number; nonce?: number })
          : [];
      const args = ["property", "register-bulk", "--file", file, "--chunk-size", "15", "--in-flight", "4"];
      // Blocks at an interval instead of one per transaction: several batches wait in the mempool at once. Hardhat's
      // node takes the interval in milliseconds (400 ms), anvil in seconds (1 s).
      await provider.send("evm_setAutomine", [false]);
      await provider.send("evm_setIntervalMining", [node.client === "anvil" ? 1 : 400]);
      try {
        const child = spawnHardhat(env, [...args, "--from", registrar]);
        const exited = collect(child);
        const sentCount = () => entries().filter((entry) => entry.type === "sent").length;
        while (sentCount() < 6 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 10));
        child.kill("SIGKILL");
        await exited;
        const atKill = entries();
        const sending = atKill.filter((entry) => entry.type === "sending");
        const confirmed = atKill.filter((entry) => entry.type === "confirmed");
        // Killed mid-way: some batches were sent, not all of the 20.
        expect(sending.length).to.be.within(6, 19);
        // Nonces were counted by the command: one per batch, consecutive.
        const nonces = sending.map((entry) => entry.nonce!);
        expect(nonces).to.deep.equal(nonces.map((_, i) => nonces[0] + i));

        const resumed = await runJson<{
          rows: number;
          written: number;
          writtenEarlier: number;
          alreadyPresent: number;
          report: { rowsRead: number; registered: number; transactions: number };
        }>([...args, "--from", registrar]);
        expect(resumed.rows).to.equal(rows);
        expect(resumed.written + resumed.writtenEarlier).to.equal(rows);
        expect(resumed.writtenEarlier).to.be.at.least(confirmed.length * 15);
        expect(resumed.alreadyPresent).to.equal(0);
        expect(resumed.report).to.deep.include({ rowsRead: rows, registered: resumed.written });
      } finally {
        await provider.send("evm_setIntervalMining", [0]);
        await provider.send("evm_setAutomine", [true]);
      }

      // On chain: every row registered exactly once, by transactions that all succeeded, with the file's data.
      const { property } = contracts();
      const events = await property.queryFilter(
        property.filters.TitleRegistered(),
        deployment.contracts.PropertyRegistry!.deploymentBlock,
      );
      const pipelined = events.filter((event) => event.args.cadastralReference.startsWith("PIPE-"));
      expect(pipelined).to.have.length(rows);
      const references = new Set(pipelined.map((event) => event.args.cadastralReference));
      expect(references.size).to.equal(rows);
      for (let i = 1; i <= rows; i++) expect(references.has(`PIPE-${i}`), `PIPE-${i}`).to.equal(true);
      for (const event of pipelined) {
        const i = Number(event.args.cadastralReference.slice("PIPE-".length));
        expect(event.args.owner).to.equal(owners[i % 3]);
        expect(event.args.documentHash).to.equal(id(`pipe deed ${i}`));
      }
      const hashes = new Set(pipelined.map((event) => event.transactionHash));
      for (const hash of hashes) expect((await provider.getTransactionReceipt(hash))!.status).to.equal(1);
    });
  });

  describe("transfers", function () {
    it("sells a title for the native coin: open, accept, approve, settle, withdraw, show", async function () {
      const opened = await runJson<{ offerId: string; offer: { price: string } }>([
        "transfers",
        "open",
        "--record",
        "UT-1",
        "--buyer",
        ACCOUNTS.bob,
        "--price",
        "19",
        "--deadline",
        "+14d",
        "--deed",
        id("sale deed UT-1"),
        "--from",
        ACCOUNTS.alice,
      ]);
      const { offerId } = opened;
      expect(opened.offer.price).to.equal("19000000000000000000");
      const { transfer, property } = contracts();
      expectSuccess(await run(["transfers", "accept", "--offer", offerId, "--from", ACCOUNTS.bob]));
      expectSuccess(await run(["transfers", "approve", "--offer", offerId, "--from", registrar]));
      expectSuccess(await run(["transfers", "settle", "--offer", offerId, "--from", ACCOUNTS.bob]));
      expect(await property.ownerOf(id("UT-1"))).to.equal(ACCOUNTS.bob);
      const before = await provider.getBalance(ACCOUNTS.carol);
      expectSuccess(
        await run(["transfers", "withdraw", "--offer", offerId, "--to", ACCOUNTS.carol, "--from", ACCOUNTS.alice]),
      );
      expect((await provider.getBalance(ACCOUNTS.carol)) - before).to.equal(19_000_000_000_000_000_000n);
      expect((await transfer.offerState(offerId)).status).to.equal(4n);

      const shown = await runJson<{ offer: { status: string; events: { name: string }[] } }>([
        "transfers",
        "show",
        "--offer",
        offerId,
      ]);
      expect(shown.offer.status).to.equal("Settled");
      expect(shown.offer.events.map((event) => event.name)).to.deep.equal([
        "OfferOpened",
        "OfferAccepted",
        "OfferApproved",
        "OfferSettled",
        "FundsWithdrawn",
      ]);
      expect(shown).to.not.have.property("mode");
      const readable = await run(["transfers", "show", "--offer", offerId]);
      expectSuccess(readable);
      const lines = readable.stdout.split("\n");
      expect(lines).to.include(`  PropertyRegistry record UT-1 (id ${id("UT-1")})`);
      expect(lines.some((line) => /^ {2}price 19\.0 ETH; deadline \d{4}-\d\d-\d\dT/.test(line))).to.equal(true);
      expect(readable.stdout).to.match(/OfferAccepted buyer=0x\w+, token=ETH, amount=19\.0 ETH/);
      expect(readable.stdout).to.match(/OfferSettled registry=0x\w+, recordId=UT-1, /);
      expect(readable.stdout).to.not.match(/0x0{40,}107ad8f556c6c0000/);
    });

    it("pays in an ERC-20, approving the token first, and a rejected sale refunds the buyer", async function () {
      const bank = await provider.getSigner(ACCOUNTS.bank);
      const token = await deployTestToken(bank, ACCOUNTS.alice, 1_000_000_000n);
      const tokenContract = new Contract(
        token,
        [
          "function balanceOf(address) view returns (uint256)",
          "function allowance(address,address) view returns (uint256)",
        ],
        provider,
      );
      const opened = await runJson<{ offerId: string }>([
        "transfers",
        "open",
        "--record",
        "BULK-1",
        "--buyer",
        ACCOUNTS.alice,
        "--price",
        "125.5",
        "--token",
        token,
        "--deadline",
        "+7d",
        "--deed",
        id("sale deed BULK-1"),
        "--from",
        ACCOUNTS.bob,
      ]);
      const accepted = await runJson<{ transactions: { function: string }[] }>([
        "transfers",
        "accept",
        "--offer",
        opened.offerId,
        "--from",
        ACCOUNTS.alice,
      ]);
      expect(accepted.transactions.map((transaction) => transaction.function)).to.deep.equal([
        "approve(address,uint256)",
        "acceptOffer((address,uint256,address,address,address,uint256,uint64,bytes32,uint256))",
      ]);
      const { transfer } = contracts();
      expect(await tokenContract.balanceOf(await transfer.getAddress())).to.equal(125_500_000n);
      expectSuccess(
        await run(["transfers", "reject", "--offer", opened.offerId, "--reason", id("no permit"), "--from", registrar]),
      );
      expectSuccess(await run(["transfers", "withdraw", "--offer", opened.offerId, "--from", ACCOUNTS.alice]));
      expect(await tokenContract.balanceOf(ACCOUNTS.alice)).to.equal(1_000_000_000n);
      expect((await transfer.offerState(opened.offerId)).status).to.equal(6n);
    });

    it("cancels an open offer, moves a title by court order and schedules a key recovery", async function () {
      const { transfer, property, authority } = contracts();
      const opened = await runJson<{ offerId: string }>([
        "transfers",
        "open",
        "--record",
        "BULK-2",
        "--buyer",
        ACCOUNTS.bob,
        "--price",
        "1",
        "--deadline",
        "+1d",
        "--deed",
        id("deed BULK-2 sale"),
        "--from",
        ACCOUNTS.alice,
      ]);
      expectSuccess(await run(["transfers", "cancel", "--offer", opened.offerId, "--from", ACCOUNTS.alice]));
      expect((await transfer.offerState(opened.offerId)).status).to.equal(5n);

      // A court order waits COURT_OFFICER's execution delay (the default day): the command schedules it, and it
      // moves the title once executed after the delay.
      const order = await runJson<{ operationId: string; from: string; to: string }>([
        "transfers",
        "court-order",
        "--record",
        "BULK-4",
        "--to",
        ACCOUNTS.carol,
        "--basis",
        id("inheritance"),
        "--from",
        courtOfficer,
      ]);
      const orderAt = Number(await authority.getSchedule(order.operationId));
      const { timestamp } = await rpc<{ timestamp: string }>(node.url, "eth_getBlockByNumber", ["latest", false]);
      expect(orderAt).to.equal(Number(timestamp) + DefaultDelays.court);
      expect(await property.ownerOf(id("BULK-4"))).to.equal(order.from);
      await increaseTime(node.url, DefaultDelays.court + 60);
      expectSuccess(await run(["roles", "execute", "--operation", order.operationId, "--from", courtOfficer]));
      expect(await property.ownerOf(id("BULK-4"))).to.equal(ACCOUNTS.carol);

      const scheduled = await runJson<{ operationId: string; executableAt: number }>([
        "transfers",
        "recover-keys",
        "--records",
        "BULK-6,BULK-8",
        "--lost",
        ACCOUNTS.alice,
        "--new-account",
        ACCOUNTS.carol,
        "--basis",
        id("recovery order"),
        "--from",
        recoveryOfficer,
      ]);
      expect(Number(await authority.getSchedule(scheduled.operationId))).to.equal(scheduled.executableAt);
      const early = await run(["roles", "execute", "--operation", scheduled.operationId, "--from", recoveryOfficer]);
      expectOneLineError(early, /is waiting: executable from /);
    });
  });

  describe("roles", function () {
    it("grants, lists and revokes a role, rebuilding holders from events", async function () {
      const { authority } = contracts();
      expectSuccess(
        await run([
          "roles",
          "grant",
          "--role",
          "LAND_REGISTRAR",
          "--account",
          ACCOUNTS.newRegistrar,
          "--from",
          config.admin,
        ]),
      );
      expect((await authority.hasRole(Roles.LAND_REGISTRAR, ACCOUNTS.newRegistrar))[0]).to.equal(true);
      const listed = await runJson<{ roles: { name: string; members: { account: string }[] }[] }>([
        "roles",
        "list",
        "--role",
        "LAND_REGISTRAR",
      ]);
      expect(listed.roles[0].members.map((member) => member.account)).to.deep.equal([registrar, ACCOUNTS.newRegistrar]);
      expectSuccess(
        await run([
          "roles",
          "revoke",
          "--role",
          "LAND_REGISTRAR",
          "--account",
          ACCOUNTS.newRegistrar,
          "--from",
          config.admin,
        ]),
      );
      expect((await authority.hasRole(Roles.LAND_REGISTRAR, ACCOUNTS.newRegistrar))[0]).to.equal(false);
      const all = await runJson<{ roles: { name: string; members: { account: string }[] }[] }>(["roles", "list"]);
      expect(all.roles.find((role) => role.name === "LAND_REGISTRAR")!.members).to.have.length(1);
      expect(all.roles.find((role) => role.name === "ADMIN")!.members.map((member) => member.account)).to.deep.equal([
        config.admin,
      ]);
    });

    it("shows the role and delays a function requires", async function () {
      const shown = await runJson<{
        role: string;
        members: { account: string; executionDelay: number }[];
        guardian: string;
      }>(["roles", "show-function", "--contract", "OwnershipTransfer", "--function", "recoverKeys"]);
      expect(shown.role).to.equal("RECOVERY_OFFICER");
      expect(shown.guardian).to.equal("GUARDIAN");
      expect(shown.members.map(({ account, executionDelay }) => ({ account, executionDelay }))).to.deep.equal([
        { account: recoveryOfficer, executionDelay: config.delays.recovery },
      ]);
    });

    it("schedules a delayed call, and a guardian cancels it", async function () {
      const { authority } = contracts();
      const implementation = deployment.contracts.OwnershipTransfer!.implementation;
      const scheduled = await runJson<{ operationId: string }>([
        "roles",
        "schedule",
        "--contract",
        "OwnershipTransfer",
        "--function",
        "upgradeToAndCall",
        "--args",
        JSON.stringify([implementation, "0x"]),
        "--from",
        upgrader,
      ]);
      expect(await authority.getSchedule(scheduled.operationId)).to.not.equal(0n);
      expectSuccess(await run(["roles", "cancel", "--operation", scheduled.operationId, "--from", guardian]));
      expect(await authority.getSchedule(scheduled.operationId)).to.equal(0n);
      const shown = await runJson<{ operation: { status: string } }>([
        "roles",
        "operation",
        "--operation",
        scheduled.operationId,
      ]);
      expect(shown.operation.status).to.equal("cancelled");
    });
  });

  describe("upgrades and delayed operations", function () {
    it("schedules an upgrade after checking the storage layout; after the delay the upgrader executes it, and the key recovery runs", async function () {
      const { property, authority } = contracts();
      const upgrade = await runJson<{ operationId: string; implementation: string; executableAt: number }>([
        "suite",
        "upgrade",
        "--contract",
        "PropertyRegistry",
        "--artifact",
        "PropertyRegistryV2Mock",
        "--call",
        "initializeV2",
        "--from",
        upgrader,
      ]);
      expect(await provider.getCode(upgrade.implementation)).to.not.equal("0x");
      expect(await authority.getSchedule(upgrade.operationId)).to.equal(BigInt(upgrade.executableAt));
      const record = () =>
        JSON.parse(readFileSync(join(env.deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
      expect(record().pendingUpgrades?.[upgrade.operationId]).to.deep.include({
        contract: "PropertyRegistry",
        implementation: upgrade.implementation,
      });

      await increaseTime(node.url, config.delays.upgrade + 60);
      const recovery = (await authority.queryFilter(authority.filters.OperationScheduled())).find(
        (event) => event.args.caller === recoveryOfficer,
      )!;
      expectSuccess(
        await run(["roles", "execute", "--operation", recovery.args.operationId, "--from", recoveryOfficer]),
      );
      expect(await property.ownerOf(id("BULK-6"))).to.equal(ACCOUNTS.carol);
      expect(await property.ownerOf(id("BULK-8"))).to.equal(ACCOUNTS.carol);

      expectSuccess(await run(["roles", "execute", "--operation", upgrade.operationId, "--from", upgrader]));
      const v2 = PropertyRegistryV2Mock__factory.connect(await property.getAddress(), provider);
      expect(await v2.upgradedToV2()).to.equal(true);
      const upgraded = record();
      expect(upgraded.pendingUpgrades).to.deep.equal({});
      const entry = upgraded.contracts.PropertyRegistry!;
      expect(entry.implementation).to.equal(upgrade.implementation);
      const creation = await provider.getTransactionReceipt(entry.implementationTx);
      expect(getAddress(creation!.contractAddress!)).to.equal(upgrade.implementation);
      expect(creation!.blockNumber).to.equal(entry.implementationBlock);
    });

    it("a guardian pauses a registry (a dry run first) and ADMIN unpauses it; a write meanwhile names the paused registry", async function () {
      const { property } = contracts();
      const dry = await runJson<{ mode: string; paused: boolean; transactions: { function: string }[] }>([
        "suite",
        "pause",
        "--contract",
        "PropertyRegistry",
        "--dry-run",
        "--from",
        guardian,
      ]);
      expect(dry).to.deep.include({ mode: "dry-run", paused: false });
      expect(dry.transactions.map((transaction) => transaction.function)).to.deep.equal(["pause()"]);
      expect(await property.paused()).to.equal(false);
      expectSuccess(await run(["suite", "pause", "--contract", "PropertyRegistry", "--from", guardian]));
      expect(await property.paused()).to.equal(true);
      const blocked = await run([
        "property",
        "register",
        "--cadastral-ref",
        "PAUSED-1",
        "--owner",
        ACCOUNTS.alice,
        "--document",
        id("deed PAUSED-1"),
        "--from",
        registrar,
      ]);
      expectOneLineError(
        blocked,
        /^Error: contract PropertyRegistry is paused: a GUARDIAN paused its writes; ADMIN reopens them with `suite unpause --contract PropertyRegistry`$/,
      );
      expectOneLineError(
        await run(["suite", "unpause", "--contract", "PropertyRegistry", "--from", guardian]),
        /does not hold ADMIN, required for PropertyRegistry\.unpause; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
      );
      expectSuccess(await run(["suite", "unpause", "--contract", "PropertyRegistry", "--from", config.admin]));
      expect(await property.paused()).to.equal(false);
    });

    it("expires an offer past its deadline", async function () {
      const opened = await runJson<{ offerId: string }>([
        "transfers",
        "open",
        "--record",
        "BULK-3",
        "--buyer",
        ACCOUNTS.alice,
        "--price",
        "1",
        "--deadline",
        "+1h",
        "--deed",
        id("deed BULK-3 sale"),
        "--from",
        ACCOUNTS.bob,
      ]);
      const early = await run(["transfers", "expire", "--offer", opened.offerId, "--from", ACCOUNTS.carol]);
      expectOneLineError(early, /is still valid: it can settle until /);
      await increaseTime(node.url, 7200);
      expectSuccess(await run(["transfers", "expire", "--offer", opened.offerId, "--from", ACCOUNTS.carol]));
      expect((await contracts().transfer.offerState(opened.offerId)).status).to.equal(7n);
    });
  });

  describe("transfers in one step, by the seller's signature, and escrow recovery", function () {
    const MNEMONIC = "test test test test test test test test test test test junk";
    /** The key of a test account, as a seller keeps it in a file. */
    const walletAt = (index: number) => HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${index}`);
    const nothingSentBy = async (accounts: readonly string[]) => {
      const nonces = await Promise.all(accounts.map((account) => provider.getTransactionCount(account)));
      const block = await provider.getBlockNumber();
      return async () => {
        expect(await Promise.all(accounts.map((account) => provider.getTransactionCount(account)))).to.deep.equal(
          nonces,
        );
        expect(await provider.getBlockNumber()).to.equal(block);
      };
    };
    /** A sale of BULK-10 (alice to bob) through a lien, settled by approve-and-settle; its escrow is recovered. */
    let settledOffer: string;
    /** A signed offer of BULK-12 (alice to bob), opened by carol and accepted by bob. */
    let acceptedOffer: string;

    it("approves and settles in one step once the lien holder consented; refused before, and to a non-approver", async function () {
      const { transfer, property } = contracts();
      const lien = await runJson<{ lienId: string }>([
        "property",
        "add-lien",
        "--parcel",
        "BULK-10",
        "--holder",
        ACCOUNTS.bank,
        "--document",
        id("mortgage BULK-10"),
        "--from",
        registrar,
      ]);
      const opened = await runJson<{ offerId: string }>([
        "transfers",
        "open",
        "--record",
        "BULK-10",
        "--buyer",
        ACCOUNTS.bob,
        "--price",
        "2",
        "--deadline",
        "+7d",
        "--deed",
        id("sale deed BULK-10"),
        "--from",
        ACCOUNTS.alice,
      ]);
      settledOffer = opened.offerId;
      const open = await run(["transfers", "approve-and-settle", "--offer", settledOffer, "--from", registrar]);
      expectOneLineError(open, /is open: only an accepted offer can be approved and settled$/);
      expectSuccess(await run(["transfers", "accept", "--offer", settledOffer, "--from", ACCOUNTS.bob]));

      const check = await nothingSentBy([registrar, ACCOUNTS.bob]);
      const cases: [readonly string[], RegExp][] = [
        [
          ["transfers", "approve-and-settle", "--offer", settledOffer, "--from", registrar],
          /^Error: record BULK-10 is not transferable now: PropertyRegistry refuses the sale \(PropertyRegistryLienConsentMissing\): every lien holder must first consent to offer 0x[0-9a-f]{64} \(`property consent`\)$/,
        ],
        [
          ["transfers", "approve-and-settle", "--offer", settledOffer, "--from", ACCOUNTS.bob],
          /^Error: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f does not hold LAND_REGISTRAR, required for OwnershipTransfer\.approveAndSettleOffer; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
        ],
        [
          ["transfers", "approve-and-settle", "--offer", "0x1234", "--from", registrar],
          /^Error: --offer: "0x1234" is not a 32-byte hash/,
        ],
      ];
      const results = await Promise.all(cases.map(([args]) => run(args)));
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      await check();

      expectSuccess(
        await run(["property", "consent", "--lien", lien.lienId, "--offer", settledOffer, "--from", ACCOUNTS.bank]),
      );
      const settled = await runJson<{ transactions: { function: string; events: { name: string }[] }[] }>([
        "transfers",
        "approve-and-settle",
        "--offer",
        settledOffer,
        "--from",
        registrar,
      ]);
      expect(settled.transactions).to.have.length(1);
      expect(settled.transactions[0].events.map((event) => event.name)).to.include.members([
        "OfferApproved",
        "OfferSettled",
      ]);
      expect(await property.ownerOf(id("BULK-10"))).to.equal(ACCOUNTS.bob);
      expect((await transfer.offerState(settledOffer)).status).to.equal(4n);
    });

    it("signs an offer offline from a key file, anyone opens it, and the buyer accepts it as it stands", async function () {
      const { transfer } = contracts();
      const alice = walletAt(7);
      expect(alice.address).to.equal(ACCOUNTS.alice);
      const keyFile = join(workDir, "alice.key");
      writeFileSync(keyFile, `${alice.privateKey}\n`, { mode: 0o600 });
      const signedFile = join(workDir, "offer-BULK-12.json");
      const terms = ["--record", "BULK-12", "--buyer", ACCOUNTS.bob, "--price", "3", "--deadline", "+7d"];
      const signing = await run([
        "transfers",
        "sign-offer",
        ...terms,
        "--deed",
        id("sale deed BULK-12"),
        "--key-file",
        keyFile,
        "--out",
        signedFile,
      ]);
      expectSuccess(signing);
      expect(signing.stdout + signing.stderr).to.not.include(alice.privateKey.slice(2));
      const signed = JSON.parse(readFileSync(signedFile, "utf8")) as {
        chainId: number;
        verifyingContract: string;
        offerId: string;
        offer: Record<string, string | number>;
        ownerChanges: string;
        signature: string;
      };
      expect(JSON.stringify(signed)).to.not.include(alice.privateKey.slice(2));
      expect(signed.verifyingContract).to.equal(await transfer.getAddress());
      expect(signed.chainId).to.equal(Number((await provider.getNetwork()).chainId));
      expect(await transfer.hashOffer({ ...signed.offer } as never)).to.equal(signed.offerId);
      // The seller signed the offer with the record's owner-change count, which the contract reads when it is used.
      expect(
        recoverAddress(
          await transfer.signedOfferDigest({ ...signed.offer } as never, signed.ownerChanges),
          signed.signature,
        ),
      ).to.equal(ACCOUNTS.alice);
      acceptedOffer = signed.offerId;

      // Bad inputs: each one line naming the field, and nothing sent.
      const readable = join(workDir, "alice-readable.key");
      writeFileSync(readable, `${alice.privateKey}\n`, { mode: 0o644 });
      const carolKey = join(workDir, "carol.key");
      writeFileSync(carolKey, `${walletAt(10).privateKey}\n`, { mode: 0o600 });
      const tampered = join(workDir, "offer-tampered.json");
      writeFileSync(tampered, JSON.stringify({ ...signed, offer: { ...signed.offer, price: "1" } }));
      const otherChain = join(workDir, "offer-other-chain.json");
      writeFileSync(otherChain, JSON.stringify({ ...signed, chainId: 1 }));
      const forged = join(workDir, "offer-forged.json");
      writeFileSync(
        forged,
        JSON.stringify({
          ...signed,
          signature: walletAt(10).signingKey.sign(
            await transfer.signedOfferDigest({ ...signed.offer } as never, signed.ownerChanges),
          ).serialized,
        }),
      );
      const sign = (extra: readonly string[]) => [
        "transfers",
        "sign-offer",
        ...terms,
        "--deed",
        id("sale deed BULK-12"),
        ...extra,
      ];
      const check = await nothingSentBy([ACCOUNTS.carol, ACCOUNTS.bob]);
      const cases: [readonly string[], RegExp][] = [
        [
          sign(["--key-file", readable]),
          /^Error: --key-file: .*alice-readable\.key can be read by other users \(mode 644\): restrict it with chmod 600$/,
        ],
        [
          sign(["--key-file", carolKey]),
          /^Error: --key-file: 0xBcd4042DE499D14e55001CcbB24a551F3b954096 does not own BULK-12 \(its owner is 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955\)$/,
        ],
        [sign(["--key-file", keyFile, "--typed-data"]), /^Error: --key-file: give exactly one of --key-file/],
        [
          ["transfers", "open-by-sig", "--signed", tampered, "--from", ACCOUNTS.carol],
          /^Error: --signed: offerId 0x[0-9a-f]{64} is not the hash of its offer \(0x[0-9a-f]{64}\): the terms were changed$/,
        ],
        [
          ["transfers", "open-by-sig", "--signed", otherChain, "--from", ACCOUNTS.carol],
          /^Error: --signed: is signed for chain 1, the connected chain is \d+$/,
        ],
        [
          ["transfers", "open-by-sig", "--signed", forged, "--from", ACCOUNTS.carol],
          /^Error: --signed: was made by 0xBcd4042DE499D14e55001CcbB24a551F3b954096, not by the seller 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955$/,
        ],
        [
          ["transfers", "accept-by-sig", "--signed", signedFile, "--from", ACCOUNTS.carol],
          /^Error: 0xBcd4042DE499D14e55001CcbB24a551F3b954096 is not the buyer of offer 0x[0-9a-f]{64}/,
        ],
        [
          ["transfers", "open-by-sig", "--signed", join(workDir, "missing.json"), "--from", ACCOUNTS.carol],
          /^Error: --signed: file .*missing\.json not found$/,
        ],
      ];
      const results: CliResult[] = [];
      for (let i = 0; i < cases.length; i += 4) {
        results.push(...(await Promise.all(cases.slice(i, i + 4).map(([args]) => run(args)))));
      }
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      await check();

      // Carol copies the signature and opens the offer first; the buyer's acceptance still goes through.
      expectSuccess(await run(["transfers", "open-by-sig", "--signed", signedFile, "--from", ACCOUNTS.carol]));
      expect((await transfer.offerState(acceptedOffer)).status).to.equal(1n);
      const again = await run(["transfers", "open-by-sig", "--signed", signedFile, "--from", ACCOUNTS.carol]);
      expectOneLineError(again, /^Error: offer 0x[0-9a-f]{64} is open: it was opened already/);
      const before = await provider.getBalance(await transfer.getAddress());
      const accepted = await runJson<{ wasOpen: boolean }>([
        "transfers",
        "accept-by-sig",
        "--signed",
        signedFile,
        "--from",
        ACCOUNTS.bob,
      ]);
      expect(accepted.wasOpen).to.equal(true);
      const state = await transfer.offerState(acceptedOffer);
      expect([state.status, state.deposited]).to.deep.equal([2n, true]);
      expect((await provider.getBalance(await transfer.getAddress())) - before).to.equal(3n * 10n ** 18n);
    });

    it("prints the typed data for a hardware wallet, takes its signature back, and the buyer opens and accepts at once", async function () {
      const { transfer } = contracts();
      const common = [
        "transfers",
        "sign-offer",
        "--record",
        "BULK-14",
        "--buyer",
        ACCOUNTS.bob,
        "--price",
        "1.5",
        "--deadline",
        "+7d",
        "--deed",
        id("sale deed BULK-14"),
        "--nonce",
        "42",
      ];
      const printed = await run([...common, "--typed-data"]);
      expectSuccess(printed);
      const typed = JSON.parse(printed.stdout) as {
        types: Record<string, { name: string; type: string }[]>;
        primaryType: string;
        domain: { name: string; version: string; chainId: number; verifyingContract: string };
        message: { offer: Record<string, string | number>; ownerChanges: string };
      };
      const [, name, version, chainId, verifyingContract] = await transfer.eip712Domain();
      expect(typed.domain).to.deep.equal({ name, version, chainId: Number(chainId), verifyingContract });
      expect(typed.primaryType).to.equal("SignedOffer");
      expect(typed.message.offer).to.deep.include({ seller: ACCOUNTS.alice, buyer: ACCOUNTS.bob, nonce: "42" });
      const { EIP712Domain: domainType, ...types } = typed.types;
      expect(domainType.map((field) => field.name)).to.deep.equal(["name", "version", "chainId", "verifyingContract"]);
      // The wallet signs what it was shown (here a local key in its place).
      const signature = await walletAt(7).signTypedData(typed.domain, types, typed.message);
      const digest = TypedDataEncoder.hash(typed.domain, types, typed.message);
      const offerId = await transfer.hashOffer({ ...typed.message.offer } as never);
      expect(
        await transfer.signedOfferDigest({ ...typed.message.offer } as never, typed.message.ownerChanges),
      ).to.equal(digest);

      const wrong = await run([
        ...common,
        "--signature",
        await walletAt(10).signTypedData(typed.domain, types, typed.message),
      ]);
      expectOneLineError(
        wrong,
        /^Error: --signature: was made by 0xBcd4042DE499D14e55001CcbB24a551F3b954096, not by the seller/,
      );
      const signedFile = join(workDir, "offer-BULK-14.json");
      expectSuccess(await run([...common, "--signature", signature, "--out", signedFile]));
      const accepted = await runJson<{ wasOpen: boolean; transactions: { function: string }[] }>([
        "transfers",
        "accept-by-sig",
        "--signed",
        signedFile,
        "--from",
        ACCOUNTS.bob,
      ]);
      expect(accepted.wasOpen).to.equal(false);
      expect(accepted.transactions.map((transaction) => transaction.function)).to.deep.equal([
        "acceptOfferBySig((address,uint256,address,address,address,uint256,uint64,bytes32,uint256),bytes)",
      ]);
      const state = await transfer.offerState(offerId);
      expect([state.status, state.deposited]).to.deep.equal([2n, true]);
      const late = await run(["transfers", "cancel", "--signed", signedFile, "--from", ACCOUNTS.alice]);
      expectOneLineError(
        late,
        /^Error: offer 0x[0-9a-f]{64} is accepted: only an offer that is open, or that nobody submitted yet, can be cancelled$/,
      );
    });

    it("the seller cancels a signed offer nobody submitted, and its signature can no longer open it", async function () {
      const { transfer } = contracts();
      const keyFile = join(workDir, "alice.key");
      const signedFile = join(workDir, "offer-BULK-16.json");
      const signed = await runJson<{ offerId: string }>([
        "transfers",
        "sign-offer",
        "--record",
        "BULK-16",
        "--buyer",
        ACCOUNTS.bob,
        "--price",
        "1",
        "--deadline",
        "+7d",
        "--deed",
        id("sale deed BULK-16"),
        "--key-file",
        keyFile,
        "--out",
        signedFile,
      ]);
      const notSeller = await run(["transfers", "cancel", "--signed", signedFile, "--from", ACCOUNTS.bob]);
      expectOneLineError(notSeller, /^Error: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f is not the seller of offer/);
      const cancelled = await runJson<{ neverOpened: boolean }>([
        "transfers",
        "cancel",
        "--signed",
        signedFile,
        "--from",
        ACCOUNTS.alice,
      ]);
      expect(cancelled.neverOpened).to.equal(true);
      expect((await transfer.offerState(signed.offerId)).status).to.equal(5n);
      const opened = await run(["transfers", "open-by-sig", "--signed", signedFile, "--from", ACCOUNTS.carol]);
      expectOneLineError(
        opened,
        /^Error: offer 0x[0-9a-f]{64} is cancelled: the seller cancelled it, so its signature can no longer be used$/,
      );
    });

    it("schedules the recovery of a lost seller's proceeds, refusing a wrong payee, and pays them after the delay", async function () {
      const { transfer, authority } = contracts();
      const newAccount = Wallet.createRandom().address;
      const check = await nothingSentBy([recoveryOfficer, ACCOUNTS.bob]);
      const recover = (lost: string, to: string, offer = settledOffer, from = recoveryOfficer) => [
        "transfers",
        "recover-escrow",
        "--offer",
        offer,
        "--lost",
        lost,
        "--new-account",
        to,
        "--basis",
        id("escrow recovery order"),
        "--from",
        from,
      ];
      const cases: [readonly string[], RegExp][] = [
        [
          recover(ACCOUNTS.bob, newAccount),
          /^Error: --lost: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f is not the payee of offer 0x[0-9a-f]{64}: its escrow is owed to the seller 0x14dC79964da2C08b23698B3D3cc7Ca32193d9955$/,
        ],
        [recover(ACCOUNTS.alice, ACCOUNTS.alice), /^Error: --new-account: must be an account other than the lost one$/],
        [
          recover(ACCOUNTS.bob, newAccount, acceptedOffer),
          /^Error: offer 0x[0-9a-f]{64} is accepted: its escrow belongs to nobody yet/,
        ],
        [
          recover(ACCOUNTS.alice, newAccount, settledOffer, ACCOUNTS.bob),
          /^Error: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f does not hold RECOVERY_OFFICER, required for OwnershipTransfer\.recoverEscrow; held by 0x[0-9a-fA-F]{40} \(with an execution delay of \d+ days?\): schedule the call with `roles schedule --from 0x[0-9a-fA-F]{40}`$/,
        ],
      ];
      const results = await Promise.all(cases.map(([args]) => run(args)));
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      await check();

      const scheduled = await runJson<{ operationId: string; executableAt: number }>([
        ...recover(ACCOUNTS.alice, newAccount),
      ]);
      expect(Number(await authority.getSchedule(scheduled.operationId))).to.equal(scheduled.executableAt);
      await increaseTime(node.url, config.delays.recovery + 60);
      expectSuccess(await run(["roles", "execute", "--operation", scheduled.operationId, "--from", recoveryOfficer]));
      expect(await provider.getBalance(newAccount)).to.equal(2n * 10n ** 18n);
      expect((await transfer.offerState(settledOffer)).fundsReleased).to.equal(true);
    });
  });

  describe("modes", function () {
    it("--dry-run prints the transactions with gas estimates and sends nothing", async function () {
      const nonce = await provider.getTransactionCount(registrar);
      const block = await provider.getBlockNumber();
      const result = await run([
        "property",
        "register",
        "--cadastral-ref",
        "UT-DRY",
        "--owner",
        ACCOUNTS.alice,
        "--document",
        deedFile,
        "--from",
        registrar,
        "--dry-run",
      ]);
      expectSuccess(result);
      expect(result.stdout).to.match(/Would send: register UT-DRY/);
      expect(result.stdout).to.match(/gas estimate \d+/);
      expect(await provider.getTransactionCount(registrar)).to.equal(nonce);
      expect(await provider.getBlockNumber()).to.equal(block);
      expect(Number(/gas estimate (\d+)/.exec(result.stdout)![1])).to.be.greaterThan(50_000);
      expect(result.stdout).to.include(`to ${deployment.contracts.PropertyRegistry!.proxy} from ${registrar}`);
      const registered = await contracts()
        .property.titleOf(id("UT-DRY"))
        .then(
          () => true,
          () => false,
        );
      expect(registered).to.equal(false);
    });

    it("--safe writes a Transaction Builder batch for the Safe and sends nothing", async function () {
      const { authority } = contracts();
      expectSuccess(
        await run(["roles", "grant", "--role", "ADMIN", "--account", ACCOUNTS.safe, "--from", config.admin]),
      );
      const block = await provider.getBlockNumber();
      const file = join(workDir, "batches", "grant.json");
      const result = await run([
        "roles",
        "grant",
        "--role",
        "GUARDIAN",
        "--account",
        ACCOUNTS.carol,
        "--from",
        ACCOUNTS.safe,
        "--safe",
        file,
      ]);
      expectSuccess(result);
      expect(await provider.getBlockNumber()).to.equal(block);
      const batch = JSON.parse(readFileSync(file, "utf8")) as {
        version: string;
        chainId: string;
        createdAt: number;
        meta: { createdFromSafeAddress: string };
        transactions: { to: string; value: string; data: string; contractMethod: null; contractInputsValues: null }[];
      };
      expect(batch.version).to.equal("1.0");
      expect(batch.chainId).to.equal(String(node.chainId));
      expect(batch.createdAt).to.be.a("number");
      expect(batch.meta.createdFromSafeAddress).to.equal(ACCOUNTS.safe);
      expect(batch.transactions).to.have.length(1);
      const [transaction] = batch.transactions;
      expect(transaction).to.deep.include({
        to: await authority.getAddress(),
        value: "0",
        contractMethod: null,
        contractInputsValues: null,
      });
      const call = authority.interface.parseTransaction({ data: transaction.data })!;
      expect(call.name).to.equal("grantRole");
      expect([call.args[0], call.args[1]]).to.deep.equal([Roles.GUARDIAN, ACCOUNTS.carol]);
      expect((await authority.hasRole(Roles.GUARDIAN, ACCOUNTS.carol))[0]).to.equal(false);
    });

    it("--help describes a command's options", async function () {
      const result = await run(["property", "register", "--help"]);
      expectSuccess(result);
      for (const option of ["--cadastral-ref", "--owner", "--document", "--dry-run", "--safe", "--json", "--from"]) {
        expect(result.stdout).to.include(option);
      }
    });
  });

  describe("bad input", function () {
    it("every bad input exits 1 with one line naming the field and the reason, and sends nothing", async function () {
      const badCsv = join(workDir, "bad.csv");
      writeFileSync(
        badCsv,
        `cadastralReference,owner,document\nOK-1,${ACCOUNTS.alice},${id("a")}\nOK-2,0xnope,${id("b")}\n`,
      );
      // Text the registry would refuse, in several rows at once: each is reported with its row and column.
      const textCsv = join(workDir, "text.csv");
      writeFileSync(
        textCsv,
        "cadastralReference,owner,document,metadataURI\n" +
          [
            `TXT-1,${ACCOUNTS.alice},${id("t1")},ipfs://t/1`,
            `${"T".repeat(65)},${ACCOUNTS.alice},${id("t2")},`,
            `TXT-3,${ACCOUNTS.alice},${id("t3")},ipfs://t 3`,
            `txt-4,${ACCOUNTS.alice},${id("t4")},`,
            `TXT-4,${ACCOUNTS.alice},${id("t5")},`,
          ].join("\n") +
          "\n",
      );
      const register = (overrides: Record<string, string>, from = registrar) => {
        const options = {
          "--cadastral-ref": "UT-BAD",
          "--owner": ACCOUNTS.alice,
          "--document": id("doc"),
          ...overrides,
        };
        return ["property", "register", ...Object.entries(options).flat(), "--from", from];
      };
      const cases: [readonly string[], RegExp][] = [
        [register({ "--owner": "0x12345" }), /^Error: --owner: "0x12345" is not an address$/],
        [register({ "--document": "0xabc" }), /^Error: --document: "0xabc" is not a 32-byte hash/],
        [
          register({ "--document": join(workDir, "missing.pdf") }),
          /^Error: --document: file .*missing\.pdf not found$/,
        ],
        [
          register({}, ACCOUNTS.bob),
          /^Error: 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f does not hold LAND_REGISTRAR, required for PropertyRegistry\.registerTitle; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
        ],
        [
          register({ "--cadastral-ref": "UT-1" }),
          /^Error: PropertyRegistryDuplicateCadastralReference: cadastralReference=UT-1, parcelId=0x[0-9a-f]{64}$/,
        ],
        [
          ["property", "freeze", "--parcel", "UT-404", "--basis", id("x"), "--from", registrar],
          /^Error: unknown parcel UT-404$/,
        ],
        [
          ["property", "register-bulk", "--file", badCsv, "--from", registrar],
          /^Error: bad\.csv row 2 owner: "0xnope" is not an address$/,
        ],
        [
          register({ "--cadastral-ref": "U".repeat(65) }),
          /^Error: --cadastral-ref: is 65 bytes long, over the 64 allowed$/,
        ],
        [
          register({ "--metadata-uri": "ipfs://deed one" }),
          /^Error: --metadata-uri: holds a space at byte 11 \(a URI percent-encodes spaces\)$/,
        ],
        [
          ["property", "register-bulk", "--file", textCsv, "--from", registrar],
          new RegExp(
            "^Error: text\\.csv: 3 problem\\(s\\) in 5 rows, nothing sent: " +
              "row 2 cadastralReference: is 65 bytes long, over the 64 allowed; " +
              "row 3 metadataURI: holds a space at byte 8 \\(a URI percent-encodes spaces\\); " +
              "row 5 cadastralReference: TXT-4 is also on text\\.csv row 4$",
          ),
        ],
        [
          ["transfers", "accept", "--offer", id("no such offer"), "--from", ACCOUNTS.bob],
          /^Error: unknown offer 0x[0-9a-f]{64}$/,
        ],
        [
          ["roles", "grant", "--role", "SHERIFF", "--account", ACCOUNTS.bob, "--from", config.admin],
          /^Error: --role: unknown role "SHERIFF"/,
        ],
        [
          ["roles", "grant", "--role", "GUARDIAN", "--account", ACCOUNTS.bob, "--from", ACCOUNTS.bob],
          /does not hold ADMIN, required for GovernmentAuthority\.grantRole; held by 0x[0-9a-fA-F]{40}.*: run it again with --from 0x[0-9a-fA-F]{40}( \(or another holder\))?$/,
        ],
        [
          [
            "transfers",
            "open",
            "--record",
            "UT-1",
            "--buyer",
            ACCOUNTS.alice,
            "--price",
            "0",
            "--deadline",
            "+1d",
            "--deed",
            id("d"),
            "--from",
            ACCOUNTS.bob,
          ],
          /^Error: --price: must be greater than zero, got 0$/,
        ],
        [
          [
            "transfers",
            "open",
            "--record",
            "UT-1",
            "--buyer",
            ACCOUNTS.alice,
            "--price",
            "1",
            "--deadline",
            "2001-01-01",
            "--deed",
            id("d"),
            "--from",
            ACCOUNTS.bob,
          ],
          /^Error: --deadline: 2001-01-01T00:00:00.000Z is not in the future/,
        ],
        [
          ["property", "register", "--owner", ACCOUNTS.alice, "--document", id("doc"), "--from", registrar],
          /^Error: --cadastral-ref: is required$/,
        ],
        [
          register({}, ACCOUNTS.safe).concat(["--dry-run", "--safe", join(workDir, "x.json")]),
          /^Error: --safe: cannot be combined with --dry-run$/,
        ],
      ];
      const block = await provider.getBlockNumber();
      const nonce = await provider.getTransactionCount(registrar);
      const results: CliResult[] = [];
      for (let i = 0; i < cases.length; i += 5) {
        results.push(...(await Promise.all(cases.slice(i, i + 5).map(([args]) => run(args)))));
      }
      results.forEach((result, index) => expectOneLineError(result, cases[index][1]));
      expect(await provider.getBlockNumber()).to.equal(block);
      expect(await provider.getTransactionCount(registrar)).to.equal(nonce);
      expect(existsSync(join(workDir, "x.json"))).to.equal(false);
    });

    it("--json reports a failure as a JSON error as well", async function () {
      const result = await run(["property", "show", "--parcel", "UT-404", "--json"]);
      expectOneLineError(result, /^Error: unknown parcel UT-404$/);
      expect(JSON.parse(result.stdout)).to.deep.equal({
        error: { name: "RecordNotFoundError", message: "unknown parcel UT-404" },
      });
    });
  });
});
