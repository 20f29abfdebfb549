import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades";
import { configVariable, defineConfig } from "hardhat/config";

import { egovTasks } from "./src/cli/tasks.js";

const require = createRequire(import.meta.url);

/** The pinned solc from the npm package `solc`: nothing is downloaded at compile time. */
const SOLC_PATH = require.resolve("solc/soljson.js");

/**
 * solc 0.8.29 from the alias package `solc-0829`, for the EAS contracts measured beside ours by `npm run bench`:
 * they pin `pragma solidity 0.8.29`, so Hardhat picks this compiler for them and 0.8.30 for everything else.
 */
const SOLC_0829_PATH = require.resolve("solc-0829/soljson.js");

/**
 * A run count of the Solidity fuzz and invariant tests, read from the environment so that a long campaign can be run
 * without editing this file (`npm run bench:invariants`); `fallback` keeps `npm test` fast.
 */
function countFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

/** Solidity test effort: fuzz runs per `testFuzz_` test, and runs and calls per run of each `invariant_` test. */
export const SOLIDITY_TEST_EFFORT = {
  fuzzRuns: countFromEnv("EGOV_FUZZ_RUNS", 256),
  invariantRuns: countFromEnv("EGOV_INVARIANT_RUNS", 32),
  invariantDepth: countFromEnv("EGOV_INVARIANT_DEPTH", 40),
} as const;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatUpgrades],
  tasks: egovTasks,
  solidity: {
    compilers: [
      {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 200 },
        },
      },
      {
        // EAS releases are optimised for 1,000,000 runs, so the peer is measured as its authors build it; Cancun
        // because the OpenZeppelin 5.7 libraries it imports here use `mcopy`.
        version: "0.8.29",
        path: SOLC_0829_PATH,
        settings: {
          evmVersion: "cancun",
          optimizer: { enabled: true, runs: 1_000_000 },
        },
      },
    ],
    npmFilesToBuild: [
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol",
      "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol",
    ],
  },
  test: {
    solidity: {
      fuzz: { runs: SOLIDITY_TEST_EFFORT.fuzzRuns },
      invariant: {
        runs: SOLIDITY_TEST_EFFORT.invariantRuns,
        depth: SOLIDITY_TEST_EFFORT.invariantDepth,
        failOnRevert: false,
      },
    },
  },
  networks: {
    localhost: {
      type: "http",
      chainType: "l1",
      url: configVariable("EGOV_RPC_URL", { default: "http://127.0.0.1:8545" }),
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
});
