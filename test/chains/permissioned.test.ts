/**
 * The chains a ministry runs, played by anvil (whatever `EGOV_E2E_NODE` says): a chain before Cancun, where the
 * deploy must refuse before its first transaction; and the `besu` network of hardhat.config.ts (free gas, several
 * agencies' keys) on a chain with zero base fee and unfunded accounts, where the deploy and the commands must work,
 * deployment records of other chains must stay, verify lines appear only with an explorer, and a transaction that
 * does not come back is reported or replaced without writing a record twice.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { PropertyRegistry__factory } from "../../types/ethers-contracts/index.js";
import {
  type CliEnvironment,
  type CliResult,
  collect,
  hardhat,
  json,
  spawnDeploy,
  spawnHardhat,
} from "../e2e/helpers/cli.js";
import { type LocalNode, rpc, startAnvil } from "../e2e/helpers/node.js";

/** The test mnemonic's accounts 0 to 2 and their keys (public test keys: never use them on a real chain). */
const DEPLOYER = {
  address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  key: "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
};
const ADMIN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const REGISTRAR = {
  address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  key: "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
};
const OWNER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

/** The chain id of the Besu genesis in docs/administrators-guide.md (`BESU_CHAIN_ID` in hardhat.config.ts). */
const BESU_CHAIN_ID = 2025;

const CONFIG = {
  admin: ADMIN,
  grants: { LAND_REGISTRAR: [REGISTRAR.address] },
  delays: { recovery: 259200, upgrade: 604800 },
  saleApproval: { property: true },
};

/** Transactions of a whole deployment with `CONFIG` (one grant; the example config's five grants make 81). */
const DEPLOYMENT_TRANSACTIONS = 78;

/** The `besu` network's keys, as an agency's machine holds them (here in the environment, not the keystore). */
const BESU_KEYS = {
  BESU_SIGNERS: "DEPLOYER,LAND_REGISTRAR",
  BESU_DEPLOYER_KEY: DEPLOYER.key,
  BESU_LAND_REGISTRAR_KEY: REGISTRAR.key,
  BESU_RECEIPT_TIMEOUT: "4",
  BESU_EXPLORER_URL: "",
};

function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).to.equal(1);
  expect(result.errorLines, result.stderr).to.have.length(1);
  expect(result.errorLines[0]).to.match(/^Error: /);
  expect(result.errorLines[0]).to.match(pattern);
}

function expectSuccess(result: CliResult): void {
  expect(result.code, `${result.stdout}\n${result.stderr}`).to.equal(0);
}

/** A deployments folder with the parameters file of `network`. */
function deploymentsFolder(parent: string, name: string, network: string): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, "config"), { recursive: true });
  writeFileSync(join(dir, "config", `${network}.json`), JSON.stringify(CONFIG));
  return dir;
}

describe("permissioned and public chains, played by anvil", function () {
  this.timeout(300_000);

  let workDir: string;

  before(function () {
    workDir = mkdtempSync(join(tmpdir(), "egov-chains-"));
  });

  after(function () {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  describe("a chain before Cancun", function () {
    let node: LocalNode;

    before(async function () {
      node = await startAnvil({ hardfork: "shanghai", chainId: 2026 });
    });

    after(async function () {
      await node?.stop();
    });

    it("the deploy refuses before its first transaction, naming the fork", async function () {
      const env: CliEnvironment = {
        rpcUrl: node.url,
        deploymentsDir: deploymentsFolder(workDir, "shanghai", "localhost"),
      };
      const result = await collect(spawnDeploy(env));
      expectOneLineError(result, /chain 2026 does not run Cancun or later: simulating MCOPY and TSTORE failed/);
      expect(result.errorLines[0]).to.match(/enable it in the chain's genesis \(Besu: cancunTime\)$/);
      expect(await rpc(node.url, "eth_getTransactionCount", [DEPLOYER.address, "latest"])).to.equal("0x0");
      expect(await rpc(node.url, "eth_blockNumber")).to.equal("0x0");
    });
  });

  describe("the besu network: free gas, unfunded accounts, several agencies' keys", function () {
    let node: LocalNode;
    let provider: JsonRpcProvider;
    let env: CliEnvironment;
    let deployment: SuiteDeployment;

    const registry = () => PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy, provider);
    const register = (reference: string, extra: readonly string[] = []) => [
      "property",
      "register",
      "--cadastral-ref",
      reference,
      "--owner",
      OWNER,
      "--document",
      id(`deed of ${reference}`),
      "--from",
      REGISTRAR.address,
      ...extra,
    ];

    before(async function () {
      node = await startAnvil({
        chainId: BESU_CHAIN_ID,
        balanceEther: 0,
        baseFee: 0n,
        gasPrice: 0n,
        noPriorityFee: true,
      });
      provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
      env = {
        rpcUrl: node.url,
        deploymentsDir: deploymentsFolder(workDir, "besu", "besu"),
        network: "besu",
        variables: BESU_KEYS,
      };
      const deployed = await collect(spawnDeploy(env));
      expectSuccess(deployed);
      expect(deployed.stdout).to.include(
        `No block explorer is configured for chain ${BESU_CHAIN_ID} (chainDescriptors in hardhat.config.ts)`,
      );
      expect(deployed.stdout).to.not.include("npx hardhat verify");
      deployment = JSON.parse(readFileSync(join(env.deploymentsDir, "besu.json"), "utf8")) as SuiteDeployment;
    });

    after(async function () {
      provider?.destroy();
      await node?.stop();
    });

    it("deploys with accounts that hold nothing, and the suite is wired", async function () {
      expect(deployment.chainId).to.equal(BESU_CHAIN_ID);
      expect(deployment.deployer).to.equal(DEPLOYER.address);
      expect(await provider.getBalance(DEPLOYER.address)).to.equal(0n);
      expect(await provider.getTransactionCount(DEPLOYER.address)).to.equal(DEPLOYMENT_TRANSACTIONS);
      expect(deployment.roles.grants.LAND_REGISTRAR).to.deep.equal([{ account: REGISTRAR.address, executionDelay: 0 }]);
    });

    it("an agency command runs with the agency's own key at a zero gas price", async function () {
      const result = await hardhat(env, [...register("QB-1"), "--json"]);
      expectSuccess(result);
      const { transactions } = json<{ transactions: { hash: string }[] }>(result);
      const sent = await provider.getTransaction(transactions[0].hash);
      expect(sent!.from).to.equal(REGISTRAR.address);
      expect(sent!.gasPrice).to.equal(0n);
      expect((await registry().titleOf(id("QB-1"))).owner).to.equal(OWNER);
      expect(await provider.getBalance(REGISTRAR.address)).to.equal(0n);
    });

    it("an account whose key the network does not hold cannot act", async function () {
      const result = await hardhat(env, [...register("QB-2").slice(0, -2), "--from", ADMIN]);
      expectOneLineError(result, new RegExp(`--from: ${ADMIN} is not an account of network "besu"`));
    });

    it("the deploy prints verify lines once the chain has an explorer", async function () {
      const again = await collect(
        spawnDeploy({ ...env, variables: { ...BESU_KEYS, BESU_EXPLORER_URL: "https://explorer.example.gov" } }),
      );
      expectSuccess(again);
      expect(again.stdout).to.include("nothing was sent");
      const authority = deployment.contracts.GovernmentAuthority.address;
      expect(again.stdout).to.include(`npx hardhat verify blockscout --network besu ${authority} ${DEPLOYER.address}`);
      expect(again.stdout).to.include(
        `npx hardhat verify blockscout --network besu ${deployment.contracts.PropertyRegistry!.proxy}`,
      );
    });

    it("never replaces the record of another chain", async function () {
      const dir = deploymentsFolder(workDir, "other-chain", "besu");
      const other = { ...deployment, chainId: 1337 };
      writeFileSync(join(dir, "besu.json"), JSON.stringify(other));
      const nonce = await provider.getTransactionCount(DEPLOYER.address);
      const result = await collect(spawnDeploy({ ...env, deploymentsDir: dir }));
      expectOneLineError(
        result,
        /besu\.json is the record of chain 1337: the node of network "besu" is chain 2025; move the record away/,
      );
      expect(JSON.parse(readFileSync(join(dir, "besu.json"), "utf8"))).to.deep.equal(other);
      expect(await provider.getTransactionCount(DEPLOYER.address)).to.equal(nonce);
    });

    describe("transactions that do not come back", function () {
      beforeEach(async function () {
        await rpc(node.url, "evm_setAutomine", [false]);
      });

      afterEach(async function () {
        await rpc(node.url, "evm_setAutomine", [true]);
      });

      /** The hash of a pending transaction of `from`, or null. */
      async function pendingHash(from: string): Promise<string | null> {
        const block = await rpc<{ transactions: { hash: string; from: string }[] } | null>(
          node.url,
          "eth_getBlockByNumber",
          ["pending", true],
        );
        const found = block?.transactions.find((transaction) => transaction.from.toLowerCase() === from.toLowerCase());
        return found?.hash ?? null;
      }

      /** A command started and not awaited, with what it printed so far. */
      interface Running {
        readonly done: Promise<CliResult>;
        readonly stderr: () => string;
        readonly exited: () => boolean;
      }

      function start(args: readonly string[]): Running {
        const child = spawnHardhat(env, args);
        let stderr = "";
        let exited = false;
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const done = collect(child);
        void done.then(() => (exited = true));
        return { done, stderr: () => stderr, exited: () => exited };
      }

      /**
       * Waits until the node holds a pending transaction of `from`, and returns its hash; fails at once, with what
       * the command printed, when the command that was to send it has ended.
       */
      async function pendingOf(from: string, running?: Running): Promise<string> {
        for (let attempt = 0; attempt < 1200; attempt++) {
          const hash = await pendingHash(from);
          if (hash !== null) return hash;
          if (running?.exited() === true) {
            throw new Error(`no pending transaction of ${from}: the command ended:\n${running.stderr()}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`no pending transaction of ${from}${running === undefined ? "" : `:\n${running.stderr()}`}`);
      }

      /** Waits until the command has printed a line matching `pattern`. */
      async function printed(running: Running, pattern: RegExp): Promise<void> {
        for (let attempt = 0; attempt < 1200 && !pattern.test(running.stderr()); attempt++) {
          if (running.exited()) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(running.stderr()).to.match(pattern);
      }

      it("a transaction still pending after the receipt timeout is reported with its hash and nonce", async function () {
        const nonce = await provider.getTransactionCount(REGISTRAR.address);
        const result = await hardhat(env, register("QB-3"));
        expect(result.code, result.stderr).to.equal(1);
        const hash = await pendingOf(REGISTRAR.address);
        expect(result.errorLines.at(-1)).to.equal(
          `Error: register QB-3 to ${OWNER}: transaction ${hash} (nonce ${nonce}) is still not mined; ` +
            "run the command again with --replace-stuck to resend it with the same nonce and a higher fee",
        );
        await rpc(node.url, "evm_mine");
        expect((await registry().titleOf(id("QB-3"))).owner).to.equal(OWNER);
        expect(await provider.getTransactionCount(REGISTRAR.address)).to.equal(nonce + 1);
      });

      it("a dropped transaction is replaced with the same nonce, and the record is written once", async function () {
        const nonce = await provider.getTransactionCount(REGISTRAR.address);
        const running = start([...register("QB-4"), "--replace-stuck"]);
        const dropped = await pendingOf(REGISTRAR.address, running);
        await rpc(node.url, "anvil_dropTransaction", [dropped]);
        while ((await pendingHash(REGISTRAR.address)) !== null) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const resent = await pendingOf(REGISTRAR.address, running);
        await rpc(node.url, "evm_mine");
        const result = await running.done;
        expectSuccess(result);
        expect(result.stderr).to.include(`${dropped} was dropped; sent ${resent} with the same nonce ${nonce}`);
        // At a zero gas price the replacement is the very same signed transaction.
        expect(resent).to.equal(dropped);
        expect((await registry().titleOf(id("QB-4"))).owner).to.equal(OWNER);
        expect(await provider.getTransactionCount(REGISTRAR.address)).to.equal(nonce + 1);
      });

      it("a transaction stuck past the timeout without fees is sent again as it is: the node holding it is no error", async function () {
        const nonce = await provider.getTransactionCount(REGISTRAR.address);
        const running = start([...register("QB-5"), "--replace-stuck"]);
        const hash = await pendingOf(REGISTRAR.address, running);
        // The receipt timeout is 4 s; a fee of 0 raised is 0, so the replacement is the transaction the pool holds.
        await printed(running, new RegExp(`${hash} was stuck; sent ${hash} with the same nonce ${nonce} and call`));
        expect(running.exited(), running.stderr()).to.equal(false);
        await rpc(node.url, "evm_mine");
        const result = await running.done;
        expectSuccess(result);
        expect(result.stderr).to.not.include("could not replace");
        expect((await registry().titleOf(id("QB-5"))).owner).to.equal(OWNER);
        expect(await provider.getTransactionCount(REGISTRAR.address)).to.equal(nonce + 1);
      });

      it("a command run again with --replace-stuck without fees awaits the very transaction its first run left pending", async function () {
        const nonce = await provider.getTransactionCount(REGISTRAR.address);
        const first = await hardhat(env, register("QB-6"));
        expect(first.code, first.stderr).to.equal(1);
        const hash = await pendingOf(REGISTRAR.address);
        const again = start([...register("QB-6"), "--replace-stuck"]);
        await printed(again, new RegExp(`${hash} was stuck; sent ${hash} with the same nonce ${nonce} and call`));
        expect(await pendingHash(REGISTRAR.address)).to.equal(hash);
        await rpc(node.url, "evm_mine");
        const result = await again.done;
        expectSuccess(result);
        expect((await registry().titleOf(id("QB-6"))).owner).to.equal(OWNER);
        expect(await provider.getTransactionCount(REGISTRAR.address)).to.equal(nonce + 1);
      });
    });
  });
});
