/**
 * The integrator package as an integrator gets it: `npm pack`, installed with npm into a fresh project with its own
 * strict tsconfig, and the README's integrator examples type-checked and run with node against a local node where the
 * suite was deployed with `npm run deploy` and seeded with a diploma and a land sale.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { id, JsonRpcProvider, keccak256, parseEther, toUtf8Bytes, ZeroAddress } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { Roles } from "../../src/roles.js";
import {
  type IOwnershipTransfer,
  DiplomaRegistry__factory,
  GovernmentAuthority__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "../../src/contracts.js";
import { collect, PROJECT_ROOT, spawnDeploy } from "../e2e/helpers/cli.js";
import { type LocalNode, startNode } from "../e2e/helpers/node.js";

const run = promisify(execFile);

/** Hardhat's well-known test accounts, as the node unlocks them; the first three hold roles in the example config. */
const ACCOUNTS = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  registrar: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  accreditor: "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
  issuer: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
  alice: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  bob: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
} as const;

const TSC = join(PROJECT_ROOT, "node_modules", "typescript", "bin", "tsc");
const CADASTRAL_REFERENCE = "UT-PKG-1";
const INSTITUTION = "University of Utopia";

/** The consumer's own compiler settings: strict, with the checks a careful integrator turns on. */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2023",
    module: "nodenext",
    moduleResolution: "nodenext",
    lib: ["ES2023"],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    skipLibCheck: false,
    types: ["node"],
    outDir: "out",
  },
  include: ["*.ts"],
};

/** The `ts` code blocks of the README's integrator's guide, by the file name on their first line. */
function readmeExamples(): Map<string, string> {
  const readme = readFileSync(join(PROJECT_ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Integrator's guide\n");
  expect(start, "README has an Integrator's guide").to.be.greaterThan(-1);
  const end = readme.indexOf("\n## ", start + 1);
  const guide = readme.slice(start, end === -1 ? undefined : end);
  const examples = new Map<string, string>();
  for (const match of guide.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const code = match[1];
    const name = /^\/\/ ([\w-]+\.ts):/.exec(code)?.[1];
    expect(name, `an example starts with "// <file>.ts:"\n${code}`).to.not.equal(undefined);
    examples.set(name!, code);
  }
  return examples;
}

/** Runs a built example with node and collects its output. */
function runExample(consumerDir: string, env: NodeJS.ProcessEnv, name: string, args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [join(consumerDir, "out", name.replace(/\.ts$/, ".js")), ...args], {
    cwd: consumerDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

describe("the integrator package (npm pack, installed in a fresh project)", function () {
  this.timeout(600_000);

  let node: LocalNode;
  let provider: JsonRpcProvider;
  let workDir: string;
  let consumerDir: string;
  let consumerEnv: NodeJS.ProcessEnv;
  let deployment: SuiteDeployment;
  let packedFiles: string[];
  let packageJson: { exports: Record<string, string | { types: string; import: string }> };
  let diplomaFile: string;
  let documentHash: string;
  let offer: IOwnershipTransfer.OfferStruct;
  let offerId: string;
  let examples: Map<string, string>;

  async function send(
    from: string,
    action: (signer: Awaited<ReturnType<JsonRpcProvider["getSigner"]>>) => Promise<{
      wait(): Promise<unknown>;
    }>,
  ): Promise<void> {
    await (await action(await provider.getSigner(from))).wait();
  }

  async function seed(): Promise<void> {
    const authority = GovernmentAuthority__factory.connect(deployment.contracts.GovernmentAuthority.address);
    const diplomas = DiplomaRegistry__factory.connect(deployment.contracts.DiplomaRegistry!.proxy);
    const property = PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy);
    const transfer = OwnershipTransfer__factory.connect(deployment.contracts.OwnershipTransfer!.proxy);
    await send(ACCOUNTS.admin, (s) => authority.connect(s).grantRole(Roles.ACCREDITOR, ACCOUNTS.accreditor, 0));
    await send(ACCOUNTS.admin, (s) => authority.connect(s).grantRole(Roles.DIPLOMA_ISSUER, ACCOUNTS.issuer, 0));
    await send(ACCOUNTS.accreditor, (s) =>
      diplomas.connect(s).registerInstitution(INSTITUTION, "0x5554", id("accreditation of the University of Utopia")),
    );
    await send(ACCOUNTS.accreditor, (s) => diplomas.connect(s).bindIssuer(ACCOUNTS.issuer, 1));
    const now = (await provider.getBlock("latest"))!.timestamp;
    await send(ACCOUNTS.issuer, (s) =>
      diplomas.connect(s).issue({
        documentHash,
        holderCommitment: id("salted commitment of the holder"),
        holderWallet: ZeroAddress,
        programmeCode: id("MSc Land Administration"),
        awardedAt: now - 86_400,
      }),
    );
    const deedHash = keccak256(toUtf8Bytes("registration deed of UT-PKG-1"));
    await send(ACCOUNTS.registrar, (s) =>
      property.connect(s).registerTitle(CADASTRAL_REFERENCE, ACCOUNTS.alice, deedHash, ""),
    );
    offer = {
      registry: deployment.contracts.PropertyRegistry!.proxy,
      recordId: await property.connect(provider).parcelIdOf(CADASTRAL_REFERENCE),
      seller: ACCOUNTS.alice,
      buyer: ACCOUNTS.bob,
      token: ZeroAddress,
      price: parseEther("120"),
      deadline: now + 14 * 86_400,
      deedHash: keccak256(toUtf8Bytes("sale deed of UT-PKG-1")),
      nonce: 1n,
    };
    offerId = await transfer.connect(provider).hashOffer(offer);
    await send(ACCOUNTS.alice, (s) => transfer.connect(s).openOffer(offer));
    await send(ACCOUNTS.bob, (s) => transfer.connect(s).acceptOffer(offer, { value: parseEther("120") }));
  }

  before(async function () {
    node = await startNode();
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
    workDir = mkdtempSync(join(tmpdir(), "egov-pack-"));
    const deploymentsDir = join(workDir, "deployments");
    mkdirSync(join(deploymentsDir, "config"), { recursive: true });
    copyFileSync(
      join(PROJECT_ROOT, "deployments", "config", "localhost.json"),
      join(deploymentsDir, "config", "localhost.json"),
    );
    const deployed = await collect(spawnDeploy({ rpcUrl: node.url, deploymentsDir }));
    expect(deployed.code, deployed.stderr).to.equal(0);
    deployment = JSON.parse(readFileSync(join(deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;

    diplomaFile = join(workDir, "diploma-2026-0042.pdf");
    writeFileSync(diplomaFile, "%PDF-1.7 MSc Land Administration, awarded to the holder");
    documentHash = keccak256(readFileSync(diplomaFile));
    await seed();

    const packDir = join(workDir, "pack");
    mkdirSync(packDir);
    const packed = await run("npm", ["pack", "--json", "--pack-destination", packDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, EGOV_DEPLOYMENTS_DIR: deploymentsDir },
      maxBuffer: 64 * 1024 * 1024,
    });
    const [manifest] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as {
      filename: string;
      files: { path: string }[];
    }[];
    packedFiles = manifest.files.map((file) => file.path);
    packageJson = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as typeof packageJson;

    consumerDir = join(workDir, "consumer");
    mkdirSync(consumerDir);
    writeFileSync(
      join(consumerDir, "package.json"),
      JSON.stringify({ name: "egov-consumer", private: true, type: "module" }, null, 2),
    );
    writeFileSync(join(consumerDir, "tsconfig.json"), JSON.stringify(CONSUMER_TSCONFIG, null, 2));
    await run(
      "npm",
      ["install", "--no-audit", "--no-fund", join(packDir, manifest.filename), "ethers@6", "@types/node@22"],
      { cwd: consumerDir, maxBuffer: 64 * 1024 * 1024 },
    );
    examples = readmeExamples();
    for (const [name, code] of examples) writeFileSync(join(consumerDir, name), code);
    consumerEnv = { ...process.env, EGOV_RPC_URL: node.url, EGOV_NETWORK: "localhost" };
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it("ships no mocks, no test contracts and no in-process deployment", function () {
    expect(packedFiles.filter((path) => /mock|test|\/hardhat\.json$/i.test(path))).to.deep.equal([]);
    expect(packedFiles).to.include("dist/types/ethers-contracts/contracts/property/PropertyRegistry.js");
    expect(packedFiles).to.include("dist/abi/PropertyRegistry.json");
    expect(packedFiles).to.include("dist/deployments/localhost.json");
  });

  it("ships every target of the package's exports", function () {
    const targets = Object.values(packageJson.exports).flatMap((target) =>
      typeof target === "string" ? [target] : [target.types, target.import],
    );
    expect(targets.length).to.be.greaterThan(8);
    for (const target of targets) {
      const path = target.replace(/^\.\//, "");
      if (path.includes("*")) {
        const pattern = new RegExp(`^${path.replace(/[.]/g, "\\.").replace("*", "[^/]+")}$`);
        expect(
          packedFiles.some((file) => pattern.test(file)),
          target,
        ).to.equal(true);
      } else {
        expect(packedFiles, target).to.include(path);
      }
    }
  });

  it("imports nothing from Hardhat in any shipped module", function () {
    const installed = join(consumerDir, "node_modules", "egov-registries");
    for (const file of packedFiles.filter((path) => path.endsWith(".js"))) {
      const code = readFileSync(join(installed, file), "utf8");
      expect(code, file).to.not.match(/from\s+["'](?:hardhat|@nomicfoundation\/|@openzeppelin\/hardhat-upgrades)/);
      expect(code, file).to.not.match(/import\(\s*["'](?:hardhat|@nomicfoundation\/)/);
    }
  });

  it("type-checks the README's examples with the consumer's strict tsconfig", async function () {
    expect([...examples.keys()]).to.have.members(["verify-diploma.ts", "title-history.ts", "follow-sale.ts"]);
    const compiled = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumerDir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(compiled.stdout).to.equal("");
    expect(existsSync(join(consumerDir, "out", "follow-sale.js"))).to.equal(true);
  });

  it("verifies a diploma from its document", async function () {
    const result = await collect(runExample(consumerDir, consumerEnv, "verify-diploma.ts", ["1", diplomaFile]));
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`document ${documentHash}: Valid`);
    expect(result.stdout).to.include(`institution: ${INSTITUTION} (UT)`);
    expect(result.stdout).to.include(`by ${ACCOUNTS.issuer}`);
    expect(result.stdout).to.include("accredited at issuance: true");
  });

  it("answers Unknown for a document that was never issued", async function () {
    const forged = join(workDir, "forged.pdf");
    writeFileSync(forged, "%PDF-1.7 MSc Land Administration, awarded to someone else");
    const result = await collect(runExample(consumerDir, consumerEnv, "verify-diploma.ts", ["1", forged]));
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.match(/: Unknown\n/);
    expect(result.stdout).to.not.include("institution:");
  });

  it("follows a sale through its events, past and live, until it settles", async function () {
    const child = runExample(consumerDir, consumerEnv, "follow-sale.ts", [offerId]);
    const done = collect(child);
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 60_000;
    while (!output.includes("watching for the next steps") && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(output).to.include("watching for the next steps");
    const transfer = OwnershipTransfer__factory.connect(deployment.contracts.OwnershipTransfer!.proxy);
    await send(ACCOUNTS.registrar, (s) => transfer.connect(s).approveAndSettleOffer(offer));
    const result = await done;
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`offer ${offerId}: record ${offer.recordId} of PropertyRegistry`);
    expect(result.stdout).to.include(`${ACCOUNTS.alice} sells to ${ACCOUNTS.bob} for 120.0; now Accepted`);
    const steps = result.stdout
      .split("\n")
      .filter((line) => line.startsWith("block "))
      .map((line) => line.replace(/^block \d+: /, ""));
    expect(steps).to.deep.equal(["OfferOpened", "OfferAccepted", "OfferApproved", "OfferSettled"]);
  });

  it("reads a title's full history, the sale included", async function () {
    const result = await collect(runExample(consumerDir, consumerEnv, "title-history.ts", [CADASTRAL_REFERENCE]));
    expect(result.code, result.stderr).to.equal(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).to.equal(`${CADASTRAL_REFERENCE}: Active, owned by ${ACCOUNTS.bob}`);
    expect(lines.slice(1).map((line) => line.split(" ").slice(1, 4).join(" "))).to.deep.equal([
      `Registration to ${ACCOUNTS.alice}`,
      `Sale to ${ACCOUNTS.bob}`,
    ]);
  });
});
