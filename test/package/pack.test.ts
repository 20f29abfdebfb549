/**
 * The integrator package as an integrator gets it: `npm pack`, installed with npm into a fresh project with its own
 * strict tsconfig; the integrator's and the elections guide's examples type-checked and run with node against a local
 * node where the suite was deployed with `npm run deploy` and seeded with a diploma, a land sale and an open poll
 * with its citizens (the voter's ballot proven with the circuit files installed beside the package); a CommonJS
 * script; and an
 * esbuild bundle for the browser. The pack is built from a deployments folder that holds the local node's record and
 * a public network's, so that it shows which records ship.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { build } from "esbuild";
import { HDNodeWallet, id, JsonRpcProvider, keccak256, Mnemonic, parseEther, toUtf8Bytes, ZeroAddress } from "ethers";

import { connectSuite, type SuiteDeployment } from "../../src/deployment.js";
import { computeCensus, readCitizenChanges } from "../../src/elections/census.js";
import { createVotingIdentity, exportVotingIdentity, type Identity } from "../../src/elections/proof.js";
import { startRelay } from "../../src/elections/relay.js";
import { Roles } from "../../src/roles.js";
import {
  type IOwnershipSales,
  CitizenRegistry__factory,
  DiplomaRegistry__factory,
  Elections__factory,
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
const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** The public network whose (copied) record the pack ships beside the local node's, which it must not ship. */
const PUBLIC_NETWORK = { network: "sepolia", chainId: 11155111 } as const;

/** The package's entries and the source module each is built from: their runtime exports must be the same. */
const ENTRIES = {
  "egov-registries": "src/index.ts",
  "egov-registries/agency": "src/agency.ts",
  "egov-registries/replay": "src/replay.ts",
  "egov-registries/deployments": "src/networks.ts",
  "egov-registries/contracts": "src/contracts.ts",
  "egov-registries/abi": "src/abi.ts",
} as const;
/**
 * Entries shipped as ES modules only: the elections SDK builds on Semaphore's ES-module packages; extracts too, and
 * the credentials, which build on the W3C Verifiable Credentials libraries' ES modules.
 */
const ESM_ONLY_ENTRIES = {
  "egov-registries/elections": "src/elections/index.ts",
  "egov-registries/elections/node": "src/elections/node.ts",
  "egov-registries/extracts": "src/extracts/index.ts",
  "egov-registries/credentials": "src/credentials/index.ts",
} as const;
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
  include: ["*.ts", "*.cts"],
};

/** A CommonJS script as a CommonJS integrator writes it: `require`, no build step. */
const COMMONJS_SCRIPT = `
const { readFileSync } = require("node:fs");
const { connect, verifyDiploma, ChainMismatchError } = require("egov-registries");
const { PropertyRegistryAbi } = require("egov-registries/abi/PropertyRegistry");
const { findDeployment } = require("egov-registries/deployments");
const { JsonRpcProvider } = require("ethers");

async function main() {
  const provider = new JsonRpcProvider(process.env.EGOV_RPC_URL);
  const deployment = JSON.parse(readFileSync(process.env.EGOV_DEPLOYMENT, "utf8"));
  const suite = await connect({ deployment, runner: provider });
  const diploma = await verifyDiploma({ suite, institutionId: 1, document: readFileSync(process.argv[2]) });
  console.log("status " + diploma.status + " at " + diploma.institution.name);
  console.log("abi entries " + PropertyRegistryAbi.length);
  console.log("sepolia chain " + findDeployment({ network: "sepolia" }).chainId);
  await connect({ network: "sepolia", runner: provider }).catch((error) => {
    console.log((error instanceof ChainMismatchError) + " " + error.shortMessage);
  });
  provider.destroy();
}
main();
`;

/** The CommonJS declarations, type-checked as a CommonJS TypeScript module (\`.cts\`) under \`nodenext\`. */
const COMMONJS_TYPES = `
import sdk = require("egov-registries");
import abi = require("egov-registries/abi/PropertyRegistry");
import replay = require("egov-registries/replay");
const status: sdk.DiplomaStatusName = sdk.DIPLOMA_STATUSES[1];
const entries: number = abi.PropertyRegistryAbi.length;
const fold: typeof replay.replayPropertyRegistry = replay.replayPropertyRegistry;
export = { status, entries, fold };
`;

/** Bundles `code` with esbuild for the browser from the consumer's project; returns the Node built-ins it asked for. */
async function browserBundle(
  consumerDir: string,
  code: string,
  minify = false,
): Promise<{ text: string; nodeImports: string[] }> {
  const nodeImports: string[] = [];
  const result = await build({
    stdin: { contents: code, resolveDir: consumerDir, loader: "js" },
    bundle: true,
    platform: "browser",
    format: "esm",
    minify,
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "node-builtins",
        setup(builder) {
          builder.onResolve({ filter: /.*/ }, (args) => {
            if (!NODE_BUILTINS.has(args.path)) return undefined;
            nodeImports.push(`${args.path} imported by ${args.importer.replace(consumerDir, "")}`);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return { text: result.outputFiles[0]!.text, nodeImports };
}

/** The guides whose programs integrators copy: the integrator's guide and the elections guide. */
const GUIDES = [join(PROJECT_ROOT, "docs", "integrators-guide.md"), join(PROJECT_ROOT, "docs", "elections-guide.md")];

/** The `ts` code blocks of the guides, by the file name on their first line. */
function guideExamples(): Map<string, string> {
  const examples = new Map<string, string>();
  for (const file of GUIDES) {
    for (const match of readFileSync(file, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)) {
      const code = match[1];
      const name = /^\/\/ ([\w-]+\.ts):/.exec(code)?.[1];
      expect(name, `an example of ${file} starts with "// <file>.ts:"\n${code}`).to.not.equal(undefined);
      examples.set(name!, code);
    }
  }
  return examples;
}

/** The municipality and eligibility (adult, resident) of the poll the elections guide's programs vote in. */
const TOWN = 4101;
const ADULT_RESIDENT = 3;
/** The relayer that submits the voter's ballot: a funded Hardhat account that holds no role. */
const RELAYER = HDNodeWallet.fromMnemonic(
  Mnemonic.fromPhrase("test test test test test test test test test test test junk"),
  "m/44'/60'/0'/0/9",
);

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
  let deploymentFile: string;
  let packedFiles: string[];
  let packageJson: {
    exports: Record<string, unknown>;
    sideEffects: unknown;
  };
  let diplomaFile: string;
  let documentHash: string;
  let offer: IOwnershipSales.OfferStruct;
  let offerId: string;
  let examples: Map<string, string>;
  let voterIdentityFile: string;
  let strangerIdentityFile: string;
  let pollId: bigint;

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

  /** Writes an identity file as `voter new-identity` does (mode 600). */
  function identityFile(name: string, identity: Identity): string {
    const file = join(workDir, name);
    const content = {
      format: "egov-voting-identity/1",
      privateKey: exportVotingIdentity(identity),
      commitment: identity.commitment.toString(),
    };
    writeFileSync(file, JSON.stringify(content), { mode: 0o600 });
    return file;
  }

  /** Two citizens of the town, a third identity outside the register, and an open single-choice poll of three options. */
  async function seedPoll(): Promise<void> {
    const authority = GovernmentAuthority__factory.connect(deployment.contracts.GovernmentAuthority.address);
    const citizens = CitizenRegistry__factory.connect(deployment.contracts.CitizenRegistry!.proxy);
    const elections = Elections__factory.connect(deployment.contracts.Elections!.proxy);
    await send(ACCOUNTS.admin, (s) => authority.connect(s).grantRole(Roles.CIVIL_REGISTRAR, ACCOUNTS.registrar, 0));
    await send(ACCOUNTS.admin, (s) => authority.connect(s).grantRole(Roles.ELECTION_OFFICER, ACCOUNTS.accreditor, 0));
    // Both roles wait their grant delay, in force from the deployment's first block.
    const grantDelay = await authority.connect(provider).getRoleGrantDelay(Roles.ELECTION_OFFICER);
    await provider.send("evm_increaseTime", [Number(grantDelay)]);
    await provider.send("evm_mine", []);
    const voter = createVotingIdentity();
    voterIdentityFile = identityFile("voter.json", voter);
    strangerIdentityFile = identityFile("stranger.json", createVotingIdentity());
    for (const [key, commitment] of [
      [id("citizen 1"), voter.commitment],
      [id("citizen 2"), createVotingIdentity().commitment],
    ] as const) {
      await send(ACCOUNTS.registrar, (s) =>
        citizens.connect(s).registerCitizen(key, TOWN, ADULT_RESIDENT, commitment, id("civil status extract")),
      );
    }
    const changes = await readCitizenChanges({ provider, registry: deployment.contracts.CitizenRegistry!.proxy });
    const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT_RESIDENT });
    const review = Number(await elections.connect(provider).reviewPeriod());
    const opensAt = (await provider.getBlock("latest"))!.timestamp + review + 60;
    const parameters = {
      metadataHash: id("Which square gets the new trees?"),
      rule: 0,
      optionCount: 3,
      maxChoices: 0,
      revoting: true,
      opensAt,
      closesAt: opensAt + 7 * 86_400,
      budget: 0n,
      costs: [],
      census: {
        jurisdiction: census.jurisdiction,
        requiredFlags: census.requiredFlags,
        size: census.size,
        sequence: census.sequence,
        depth: Math.max(1, Math.ceil(Math.log2(census.size))),
        root: census.root,
      },
    };
    const officer = await provider.getSigner(ACCOUNTS.accreditor);
    pollId = await elections.connect(officer).createPoll.staticCall(parameters);
    await (await elections.connect(officer).createPoll(parameters)).wait();
    await provider.send("evm_increaseTime", [review + 120]);
    await provider.send("evm_mine", []);
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
    deploymentFile = join(deploymentsDir, "localhost.json");
    deployment = JSON.parse(readFileSync(deploymentFile, "utf8")) as SuiteDeployment;
    writeFileSync(
      join(deploymentsDir, `${PUBLIC_NETWORK.network}.json`),
      JSON.stringify({ ...deployment, ...PUBLIC_NETWORK }, null, 2),
    );

    diplomaFile = join(workDir, "diploma-2026-0042.pdf");
    writeFileSync(diplomaFile, "%PDF-1.7 MSc Land Administration, awarded to the holder");
    documentHash = keccak256(readFileSync(diplomaFile));
    await seed();
    await seedPoll();

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
      [
        "install",
        "--no-audit",
        "--no-fund",
        join(packDir, manifest.filename),
        "ethers@6",
        "@types/node@22",
        // The circuit files, installed beside the package as the elections guide says (here from the project's copy).
        join(PROJECT_ROOT, "node_modules", "@zk-kit", "semaphore-artifacts"),
      ],
      { cwd: consumerDir, maxBuffer: 64 * 1024 * 1024 },
    );
    examples = guideExamples();
    for (const [name, code] of examples) writeFileSync(join(consumerDir, name), code);
    writeFileSync(join(consumerDir, "verify.cjs"), COMMONJS_SCRIPT);
    writeFileSync(join(consumerDir, "commonjs-types.cts"), COMMONJS_TYPES);
    consumerEnv = { ...process.env, EGOV_RPC_URL: node.url, EGOV_DEPLOYMENT: deploymentFile };
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  });

  it("ships the licence, no mocks, no test contracts and no local deployment", function () {
    expect(packedFiles).to.include("LICENSE");
    expect(packedFiles.filter((path) => /mock|test|localhost|hardhat\.json$/i.test(path))).to.deep.equal([]);
    expect(packedFiles).to.include("dist/types/ethers-contracts/contracts/property/PropertyRegistry.js");
    expect(packedFiles).to.include("dist/abi/PropertyRegistry.json");
    expect(packedFiles).to.include("dist/cjs/src/index.js");
    expect(packageJson.sideEffects).to.equal(false);
    const installed = join(consumerDir, "node_modules", "egov-registries");
    for (const module of ["dist/src/published-deployments.js", "dist/cjs/src/published-deployments.js"]) {
      const code = readFileSync(join(installed, module), "utf8");
      expect(code, module).to.include(`"chainId": ${PUBLIC_NETWORK.chainId}`);
      expect(code, module).to.not.include('"chainId": 31337');
    }
  });

  it("ships every target of the package's exports", function () {
    const targets: string[] = [];
    const collectTargets = (value: unknown): void => {
      if (typeof value === "string") targets.push(value);
      else if (value !== null && typeof value === "object") Object.values(value).forEach(collectTargets);
    };
    collectTargets(packageJson.exports);
    expect(targets.length).to.be.greaterThan(20);
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

  it("exports every public function and value of the SDK from the packed package, as ES module and CommonJS", async function () {
    const script = (loader: string) => `
      const names = {};
      for (const entry of ${JSON.stringify(Object.keys(ENTRIES))}) names[entry] = Object.keys(${loader}).sort();
      console.log(JSON.stringify(names));`;
    const esm = await run(process.execPath, ["--input-type=module", "-e", script("await import(entry)")], {
      cwd: consumerDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const cjs = await run(process.execPath, ["-e", script("require(entry)")], {
      cwd: consumerDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const packed = JSON.parse(esm.stdout) as Record<string, string[]>;
    expect(JSON.parse(cjs.stdout)).to.deep.equal(packed);
    for (const [entry, source] of Object.entries(ENTRIES)) {
      const module = (await import(join(PROJECT_ROOT, source))) as Record<string, unknown>;
      expect(packed[entry], entry).to.deep.equal(Object.keys(module).sort());
    }
    const esmOnlyScript = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const names = {};
      for (const entry of ${JSON.stringify(Object.keys(ESM_ONLY_ENTRIES))}) {
        names[entry] = Object.keys(await import(entry)).sort();
        try {
          require(entry);
          names[entry + " (require)"] = "loaded";
        } catch (error) {
          names[entry + " (require)"] = error.code ?? String(error);
        }
      }
      console.log(JSON.stringify(names));`;
    const esmOnly = await run(process.execPath, ["--input-type=module", "-e", esmOnlyScript], {
      cwd: consumerDir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const esmOnlyNames = JSON.parse(esmOnly.stdout) as Record<string, string[] | string>;
    for (const [entry, source] of Object.entries(ESM_ONLY_ENTRIES)) {
      const module = (await import(join(PROJECT_ROOT, source))) as Record<string, unknown>;
      expect(esmOnlyNames[entry], entry).to.deep.equal(Object.keys(module).sort());
      expect(esmOnlyNames[`${entry} (require)`], `${entry} through require`).to.equal("ERR_PACKAGE_PATH_NOT_EXPORTED");
    }
    expect(packed["egov-registries"]).to.include.members([
      "connect",
      "hashDocument",
      "verifyDiploma",
      "getTitle",
      "getCompany",
      "getOffer",
      "getInstitution",
      "getHistory",
      "watchEvents",
      "parcelIdOf",
      "decodeRevert",
      "diplomaLeaf",
      "checkDiplomaProof",
      "holderCommitment",
      "ChainMismatchError",
      "ContractNotDeployedError",
    ]);
    expect(packed["egov-registries/agency"]).to.include.members([
      "issueDiploma",
      "issueDiplomaBatch",
      "issueDiplomas",
      "revokeDiploma",
      "reissueDiploma",
      "approveAndSettleOffer",
      "signOffer",
      "openOfferBySig",
      "acceptOfferBySig",
      "cancelSignedOffer",
      "recoverEscrow",
      "revokeDiplomasInBatch",
      "registerInstitution",
      "suspendInstitution",
      "reinstateInstitution",
      "bindIssuer",
      "unbindIssuer",
      "registerCompany",
      "changeCompanyStatus",
      "appointDirector",
      "removeDirector",
      "fileDocument",
    ]);
    expect(packed["egov-registries/replay"]).to.include.members(["fetchTimedLogs", "replayPropertyRegistry"]);
  });

  it("bundles a verify-only import for the browser with no Node.js built-in", async function () {
    const { text, nodeImports } = await browserBundle(
      consumerDir,
      [
        'import { connect, hashDocument, verifyDiploma, getTitle, watchEvents } from "egov-registries";',
        'import { findDeployment } from "egov-registries/deployments";',
        "export const used = [connect, hashDocument, verifyDiploma, getTitle, watchEvents, findDeployment];",
      ].join("\n"),
    );
    expect(nodeImports).to.deep.equal([]);
    expect(text).to.include("verifyInBatch");
    const agency = await browserBundle(consumerDir, 'export { issueDiplomas } from "egov-registries/agency";');
    expect(agency.nodeImports.length, "the check sees the agency helpers' journal files").to.be.greaterThan(0);
  });

  it("bundles one ABI at the size of that ABI", async function () {
    const abi = JSON.stringify(
      JSON.parse(readFileSync(join(PROJECT_ROOT, "dist", "abi", "PropertyRegistry.json"), "utf8")),
    );
    for (const code of [
      'export { PropertyRegistryAbi } from "egov-registries/abi/PropertyRegistry";',
      'export { PropertyRegistryAbi } from "egov-registries/abi";',
    ]) {
      const { text, nodeImports } = await browserBundle(consumerDir, code, true);
      expect(nodeImports).to.deep.equal([]);
      expect(text.length, code).to.be.lessThan(abi.length * 1.1);
      expect(text, code).to.not.include("OwnershipTransferAbi");
    }
  });

  it("runs a CommonJS script that verifies a diploma", async function () {
    const result = await collect(
      spawn(process.execPath, [join(consumerDir, "verify.cjs"), diplomaFile], { cwd: consumerDir, env: consumerEnv }),
    );
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.include(`status Valid at ${INSTITUTION}`);
    expect(result.stdout).to.match(/abi entries \d{2,}/);
    expect(result.stdout).to.include(`sepolia chain ${PUBLIC_NETWORK.chainId}`);
    expect(result.stdout).to.include(
      `true the deployment "sepolia" is on chain ${PUBLIC_NETWORK.chainId}, but the provider is connected to chain 31337`,
    );
  });

  it("imports nothing from Hardhat in any shipped module", function () {
    const installed = join(consumerDir, "node_modules", "egov-registries");
    for (const file of packedFiles.filter((path) => path.endsWith(".js"))) {
      const code = readFileSync(join(installed, file), "utf8");
      expect(code, file).to.not.match(/from\s+["'](?:hardhat|@nomicfoundation\/|@openzeppelin\/hardhat-upgrades)/);
      expect(code, file).to.not.match(/import\(\s*["'](?:hardhat|@nomicfoundation\/)/);
    }
  });

  it("type-checks the guides' example programs with the consumer's strict tsconfig", async function () {
    expect([...examples.keys()]).to.have.members([
      "verify-diploma.ts",
      "title-history.ts",
      "follow-sale.ts",
      "index-titles.ts",
      "issue-credential.ts",
      "cast-ballot.ts",
      "check-tally.ts",
    ]);
    const compiled = await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumerDir }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(compiled.stdout).to.equal("");
    expect(existsSync(join(consumerDir, "out", "follow-sale.js"))).to.equal(true);
    expect(existsSync(join(consumerDir, "out", "commonjs-types.cjs"))).to.equal(true);
  });

  it("issues a diploma, exports it as a Verifiable Credential and verifies it against the chain", async function () {
    const env = { ...consumerEnv, EGOV_SIGNING_SEED: `0x${"5e".repeat(32)}` };
    const result = await collect(runExample(consumerDir, env, "issue-credential.ts", [ACCOUNTS.issuer]));
    expect(result.code, result.stderr).to.equal(0);
    const registry = deployment.contracts.DiplomaRegistry!.proxy.toLowerCase();
    expect(result.stdout).to.match(
      new RegExp(`^exported urn:egov:31337:${registry}:institution:1:document:0x[0-9a-f]{64}$`, "m"),
    );
    for (const check of ["record", "proof", "key", "accreditation", "status", "validity"]) {
      expect(result.stdout).to.match(new RegExp(`^ok  ${check}: `, "m"));
    }
    expect(result.stdout).to.include("the credential verifies\n");
    expect(result.stdout).to.not.match(/^NO /m);
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

  it("indexes the land register from its events alone", async function () {
    const result = await collect(runExample(consumerDir, consumerEnv, "index-titles.ts", []));
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim().split("\n")).to.deep.equal([
      `${CADASTRAL_REFERENCE}: Active, owned by ${ACCOUNTS.bob}, 2 owner(s)`,
    ]);
  });

  it("casts a ballot with the elections guide's voter program, proven offline and sent to the relay", async function () {
    const elections = Elections__factory.connect(deployment.contracts.Elections!.proxy, provider);
    const relay = await startRelay({
      suite: connectSuite({ deployment, runner: provider }),
      signer: RELAYER.connect(provider),
      port: 0,
      log: () => undefined,
    });
    try {
      const env = { ...consumerEnv, EGOV_RELAY_URL: relay.url };
      const relayerNonce = await provider.getTransactionCount(RELAYER.address);
      const refused = await collect(
        runExample(consumerDir, env, "cast-ballot.ts", [strangerIdentityFile, `${pollId}`, "1"]),
      );
      expect(refused.code).to.not.equal(0);
      expect(refused.stderr).to.include(`this identity is not in poll ${pollId}'s census`);
      expect(await provider.getTransactionCount(RELAYER.address)).to.equal(relayerNonce);

      const result = await collect(
        runExample(consumerDir, env, "cast-ballot.ts", [voterIdentityFile, `${pollId}`, "1"]),
      );
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(new RegExp(`^ballot of poll ${pollId} counted in block \\d+, gas \\d+\n`));
      expect(result.stdout).to.include("first ballot of this voter");
      const [votes, ballots] = await elections.tally(pollId);
      expect([...votes]).to.deep.equal([0n, 1n, 0n]);
      expect(ballots).to.equal(1n);
      expect(await provider.getTransactionCount(RELAYER.address)).to.equal(relayerNonce + 1);
      expect(relay.stats().relayed).to.equal(1);
    } finally {
      await relay.close();
    }
  });

  it("recomputes the poll's tally from its events with the elections guide's observer program", async function () {
    const result = await collect(runExample(consumerDir, consumerEnv, "check-tally.ts", [`${pollId}`]));
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout.trim().split("\n")).to.deep.equal([
      `poll ${pollId} (Open): 1 ballot(s), votes per option 0, 1, 0`,
      "the contract's tally is the one recomputed from the BallotCast events",
    ]);
  });

  it("runs the egov command from the installed package: help, a read against the node, and a refusal", async function () {
    const npx = (args: readonly string[]) =>
      collect(
        spawn("npx", ["--no-install", "egov", ...args], {
          cwd: consumerDir,
          env: { ...consumerEnv, EGOV_DEPLOYMENTS_DIR: join(workDir, "deployments") },
          stdio: ["ignore", "pipe", "pipe"],
        }),
      );
    const help = await npx(["--help"]);
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.match(/^Usage: egov \[--network <name>\] <area> <command> \[options\]\n/);
    const commandHelp = await npx(["property", "show", "--help"]);
    expect(commandHelp.code, commandHelp.stderr).to.equal(0);
    expect(commandHelp.stdout).to.include("\n  --parcel <value>   The parcel: its cadastral reference");
    const read = await npx(["property", "show", "--parcel", CADASTRAL_REFERENCE, "--network", "localhost", "--json"]);
    expect(read.code, read.stderr).to.equal(0);
    const { title } = JSON.parse(read.stdout) as { title: { cadastralReference: string; owner: string } };
    const registry = PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy, provider);
    const parcelId = await registry.parcelIdOf(CADASTRAL_REFERENCE);
    expect(title).to.include({ cadastralReference: CADASTRAL_REFERENCE, owner: await registry.ownerOf(parcelId) });
    const unknown = await npx(["property", "show", "--parcel", "UT-NOWHERE", "--network", "localhost"]);
    expect(unknown.code).to.equal(1);
    expect(unknown.errorLines).to.deep.equal(["Error: unknown parcel UT-NOWHERE"]);
    const misspelt = await npx(["property", "show", "--parcl", CADASTRAL_REFERENCE]);
    expect(misspelt.code).to.equal(1);
    expect(misspelt.errorLines).to.deep.equal([
      "Error: --parcl: unknown option of `egov property show` (did you mean parcel?); see `egov property show --help`",
    ]);
  });

  it("connect names what is wrong with a node that lacks the contracts", async function () {
    const elsewhere = { ...deployment, contracts: { ...deployment.contracts } };
    const missing = ACCOUNTS.alice;
    elsewhere.contracts.DiplomaRegistry = { ...deployment.contracts.DiplomaRegistry!, proxy: missing };
    const recordFile = join(workDir, "elsewhere.json");
    writeFileSync(recordFile, JSON.stringify(elsewhere));
    const result = await collect(
      runExample(consumerDir, { ...consumerEnv, EGOV_DEPLOYMENT: recordFile }, "verify-diploma.ts", ["1", diplomaFile]),
    );
    expect(result.code).to.not.equal(0);
    expect(result.stderr).to.include("ContractNotDeployedError");
    expect(result.stderr).to.include(
      `no contract at ${missing}, where the deployment "localhost" records DiplomaRegistry`,
    );
  });
});
