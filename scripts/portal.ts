/**
 * The public verification portal on a local chain: starts `hardhat node`, deploys the suite the way
 * `npm run deploy` does, writes the demonstration's records, builds the page and serves it with the polls' metadata
 * files (`polls/<pollId>.json`).
 *
 * Run with `npm run portal`. Settings, all optional, from the environment:
 * - `EGOV_PORTAL_PORT`: the web port (default 5173; 0 picks a free one);
 * - `EGOV_PORTAL_DIR`: where the deployment record and the sample documents go (default `.portal`);
 * - `EGOV_PORTAL_EXPLORER`: the base URL of a block explorer to link every answer to.
 */
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";

import hre, { network } from "hardhat";
import { build } from "vite";

import type { PortalConfig } from "../portal/src/config.js";
import { deploySuite } from "../src/actions/suite.js";
import { startRelay } from "../src/elections/relay.js";
import { connect } from "../src/index.js";
import { InvalidInputError } from "../src/errors.js";
import { PROJECT_ROOT, startLocalChain } from "./portal/chain.js";
import { seedRecords } from "./portal/seed.js";
import { portalDist, servePortal } from "./portal/server.js";

function portFromEnv(): number {
  const raw = process.env.EGOV_PORTAL_PORT ?? "5173";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidInputError({ field: "EGOV_PORTAL_PORT", reason: `"${raw}" is not a port number from 0 to 65535` });
  }
  return port;
}

function explorerFromEnv(): string | null {
  const raw = process.env.EGOV_PORTAL_EXPLORER;
  if (raw === undefined || raw === "") return null;
  if (!/^https?:\/\/[^\s]+$/.test(raw)) {
    throw new InvalidInputError({ field: "EGOV_PORTAL_EXPLORER", reason: `"${raw}" is not an http(s) URL` });
  }
  return raw.replace(/\/+$/, "");
}

const port = portFromEnv();
const explorerUrl = explorerFromEnv();
const workDir = resolve(process.env.EGOV_PORTAL_DIR ?? join(PROJECT_ROOT, ".portal"));
const deploymentsDir = join(workDir, "deployments");
const samplesDir = join(workDir, "samples");
const pollsDir = join(workDir, "polls");
// The record of an earlier run describes a chain that is gone; nothing else in the folder is removed.
rmSync(join(deploymentsDir, "localhost.json"), { force: true });

console.log("Starting a local chain (hardhat node)…");
const chain = await startLocalChain();
const stop = async (code: number) => {
  await chain.stop();
  process.exit(code);
};
process.once("SIGINT", () => void stop(0));
process.once("SIGTERM", () => void stop(0));

try {
  const connection = await network.create({ network: "localhost", override: { url: chain.url } });
  const [
    ,
    ministry,
    landRegistrar,
    courtOfficer,
    guardian,
    accreditor,
    universityRegistrar,
    companyRegistrar,
    ...rest
  ] = await connection.ethers.getSigners();
  const [alice, bob, carol, bank, civilRegistrar, electionOfficer, relayer, municipalityRelayer] = rest;
  console.log(`Deploying the suite on ${chain.url}…`);
  const { deployment } = await deploySuite({
    hre,
    connection,
    deploymentsDir,
    // The chain is new: an Ignition journal of an earlier run is for another chain with the same id.
    reset: true,
    config: {
      admin: ministry.address,
      grants: {
        LAND_REGISTRAR: [landRegistrar.address],
        COURT_OFFICER: [courtOfficer.address],
        GUARDIAN: [guardian.address],
        ACCREDITOR: [accreditor.address],
        DIPLOMA_ISSUER: [universityRegistrar.address],
        COMPANY_REGISTRAR: [companyRegistrar.address],
        CIVIL_REGISTRAR: [civilRegistrar.address],
        ELECTION_OFFICER: [electionOfficer.address],
      },
    },
  });
  console.log("Writing the demonstration's records…");
  const seeded = await seedRecords({
    deployment,
    accounts: {
      landRegistrar,
      courtOfficer,
      accreditor,
      universityRegistrar,
      companyRegistrar,
      alice,
      bob,
      carol,
      bank,
      civilRegistrar,
      electionOfficer,
      relayer,
    },
    samplesDir,
    pollsDir,
    advanceTime: async (seconds) => {
      await connection.provider.request({ method: "evm_increaseTime", params: [seconds] });
      await connection.provider.request({ method: "evm_mine", params: [] });
    },
    now: async () => (await connection.ethers.provider.getBlock("latest"))!.timestamp,
    log: (line) => console.log(`  ${line}`),
  });

  // The municipality's ballot relay, paying from an account of its own, for the voter's page.
  const relay = await startRelay({
    suite: await connect({ deployment, runner: municipalityRelayer }),
    signer: municipalityRelayer,
    port: 0,
    log: () => undefined,
  });

  console.log("Building the page…");
  await build({ configFile: join(PROJECT_ROOT, "portal", "vite.config.ts"), logLevel: "warn" });
  const config: PortalConfig = {
    rpcUrl: chain.url,
    deployment,
    explorerUrl,
    relayUrl: relay.url,
    circuitsUrl: "circuits/",
    samples: seeded.samples,
  };
  // The circuit files of every depth, from the installed @zk-kit/semaphore-artifacts package.
  const circuitsDir = dirname(createRequire(import.meta.url).resolve("@zk-kit/semaphore-artifacts/semaphore-1.wasm"));
  const server = await servePortal({
    distDir: portalDist(PROJECT_ROOT),
    config,
    samplesDir,
    pollsDir,
    circuitsDir,
    port,
  });

  console.log("");
  console.log(`Portal: ${server.url}`);
  console.log(`Chain:  ${chain.url} (chain ${deployment.chainId})`);
  console.log(`Relay:  ${relay.url} (pays from ${relay.relayer})`);
  console.log(`Sample documents (also at ${server.url}samples/<file>): ${samplesDir}`);
  for (const sample of seeded.samples) console.log(`  ${sample.file.padEnd(26)} ${sample.description}`);
  console.log(`Diplomas:    ${server.url}#/diploma?institution=${seeded.institutionId}`);
  console.log(`Land title:  ${server.url}#/title?ref=${encodeURIComponent(seeded.parcel)}`);
  console.log(`Company:     ${server.url}#/company?number=${encodeURIComponent(seeded.company)}`);
  console.log(`Poll:        ${server.url}#/results?poll=${seeded.pollId}`);
  console.log(`Secret poll: ${server.url}#/results?poll=${seeded.secretPolls.opened} (opened)`);
  console.log(`             ${server.url}#/results?poll=${seeded.secretPolls.sealed} (sealed until the close)`);
  console.log(`Voting:      ${server.url}#/voter`);
  console.log("Press Ctrl+C to stop.");
  await new Promise<never>(() => undefined);
} catch (error) {
  console.error(error instanceof Error ? `portal: ${error.message}` : error);
  await stop(1);
}
