import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { deploy, DeploymentResultType } from "@nomicfoundation/ignition-core";
import { expect } from "chai";
import hre, { network } from "hardhat";

import { readSuiteConfig, repairIgnitionJournal, trackLostTransactions } from "../../src/actions/suite.js";
import { InvalidInputError } from "../../src/errors.js";

const connection = await network.create();
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
const ADMIN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

describe("deployment support", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "egov-deploy-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  describe("parameters file", function () {
    function read(content: unknown): ReturnType<typeof readSuiteConfig> {
      const path = join(dir, "config.json");
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
      return readSuiteConfig({ path, deployer: DEPLOYER });
    }

    function refusal(content: unknown): string {
      try {
        read(content);
      } catch (error) {
        expect(error).to.be.instanceOf(InvalidInputError);
        return (error as InvalidInputError).message.replace(/^\S*config\.json:? /, "");
      }
      return expect.fail("the parameters were accepted");
    }

    it("reads the admin, grants, delays and sale approval", function () {
      expect(
        read({
          admin: ADMIN.toLowerCase(),
          grants: { LAND_REGISTRAR: [DEPLOYER.toLowerCase()] },
          delays: { recovery: 60 },
          saleApproval: { property: false },
        }),
      ).to.deep.equal({
        admin: ADMIN,
        grants: { LAND_REGISTRAR: [DEPLOYER] },
        delays: { recovery: 60 },
        saleApproval: { property: false },
      });
    });

    it("refuses every malformed parameter with one line naming it", function () {
      expect(refusal("{ not json")).to.match(/^is not valid JSON/);
      expect(refusal({})).to.equal("admin: is required");
      expect(refusal({ admin: "0x12" })).to.equal('admin: "0x12" is not an address');
      expect(refusal({ admin: DEPLOYER })).to.match(/^admin: must differ from the deployer/);
      expect(refusal({ admin: ADMIN, grant: {} })).to.match(/^grant: unknown key/);
      expect(refusal({ admin: ADMIN, grants: { TRANSFER_AGENT: [ADMIN] } })).to.match(
        /^grants\.TRANSFER_AGENT: unknown key/,
      );
      expect(refusal({ admin: ADMIN, grants: { GUARDIAN: ADMIN } })).to.equal(
        "grants.GUARDIAN: must be an array of addresses",
      );
      expect(refusal({ admin: ADMIN, grants: { GUARDIAN: [ADMIN, ADMIN] } })).to.equal(
        `grants.GUARDIAN: lists ${ADMIN} twice`,
      );
      expect(refusal({ admin: ADMIN, delays: { upgrade: 0 } })).to.equal(
        "delays.upgrade: must be a whole number of seconds from 1 to 4294967295",
      );
      expect(refusal({ admin: ADMIN, saleApproval: { property: "yes" } })).to.equal(
        "saleApproval.property: must be true or false",
      );
    });
  });

  describe("Ignition journal of a killed run", function () {
    const step = (type: string, futureId: string) => JSON.stringify({ type, futureId });

    it("drops a started step without a network request, and a line cut short", function () {
      const journalDir = join(dir, "repair");
      mkdirSync(journalDir, { recursive: true });
      const lines = [
        JSON.stringify({ type: "DEPLOYMENT_INITIALIZE", chainId: 2025 }),
        step("CALL_EXECUTION_STATE_INITIALIZE", "M#a"),
        step("NETWORK_INTERACTION_REQUEST", "M#a"),
        step("CALL_EXECUTION_STATE_INITIALIZE", "M#b"),
        '{"type":"CALL_EXECUTION_STATE_INITIALIZE","futureId":"M#',
      ];
      writeFileSync(join(journalDir, "journal.jsonl"), lines.map((line) => `\n${line}`).join(""));
      expect(repairIgnitionJournal({ journalDir: journalDir })).to.equal(2);
      expect(readFileSync(join(journalDir, "journal.jsonl"), "utf8")).to.equal(
        lines
          .slice(0, 3)
          .map((line) => `\n${line}`)
          .join(""),
      );
      expect(repairIgnitionJournal({ journalDir: journalDir })).to.equal(0);
    });

    it("a transaction sent but not recorded is found on chain and tracked, so the deployment resumes", async function () {
      const journalDir = join(dir, "lost");
      const ignitionModule = buildModule("JournalTest", (m) => {
        const authority = m.contract("GovernmentAuthority", [m.getAccount(0)]);
        m.call(authority, "labelRole", [1n, "LAND_REGISTRAR"]);
        return { authority };
      });
      const accounts = (await connection.provider.request({ method: "eth_accounts" })) as string[];
      const run = () =>
        deploy({
          provider: connection.provider,
          deploymentDir: journalDir,
          artifactResolver: new HardhatArtifactResolver(hre.artifacts),
          ignitionModule,
          deploymentParameters: {},
          accounts,
        });
      expect((await run()).type).to.equal(DeploymentResultType.SUCCESSFUL_DEPLOYMENT);

      const path = join(journalDir, "journal.jsonl");
      const lines = readFileSync(path, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "");
      const lost = new Set(["TRANSACTION_SEND", "TRANSACTION_CONFIRM", "CALL_EXECUTION_STATE_COMPLETE"]);
      const kept = lines.filter((line) => {
        const message = JSON.parse(line) as { type: string; futureId?: string };
        return !(message.futureId === "JournalTest#GovernmentAuthority.labelRole" && lost.has(message.type));
      });
      expect(kept).to.have.length(lines.length - 3);
      writeFileSync(path, kept.map((line) => `\n${line}`).join(""));
      const stuck = await run().then(
        (result) => result.type,
        (error: unknown) => String(error),
      );
      expect(stuck).to.match(/An error occurred while trying to send a transaction for future JournalTest#/);

      await trackLostTransactions({
        journalDir: journalDir,
        ethereum: connection.provider,
        provider: connection.ethers.provider,
      });
      const nonce = await connection.ethers.provider.getTransactionCount(accounts[0]);
      expect((await run()).type).to.equal(DeploymentResultType.SUCCESSFUL_DEPLOYMENT);
      expect(await connection.ethers.provider.getTransactionCount(accounts[0])).to.equal(nonce);
    });
  });
});
