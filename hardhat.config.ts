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

/**
 * The accounts of a network where several agencies hold keys: one configuration variable `<PREFIX>_<AGENCY>_KEY` per
 * agency named in the environment variable `<PREFIX>_SIGNERS` (comma-separated, `DEPLOYER` when unset), each read
 * from Hardhat's encrypted keystore (`npx hardhat keystore set SEPOLIA_LAND_REGISTRAR_KEY`) or, on CI, from the
 * environment. The first named signs by default; the others act with `--from <address>`. An agency that runs the
 * commands on its own machine names only itself (`SEPOLIA_SIGNERS=LAND_REGISTRAR`) and keeps only its own key.
 */
export function agencyKeys(prefix: string) {
  const raw = process.env[`${prefix}_SIGNERS`];
  const agencies = (raw === undefined || raw.trim() === "" ? "DEPLOYER" : raw).split(",").map((name) => name.trim());
  for (const agency of agencies) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(agency)) {
      throw new Error(
        `${prefix}_SIGNERS: "${agency}" is not an agency name (capitals, digits and _, like LAND_REGISTRAR)`,
      );
    }
  }
  return agencies.map((agency) => configVariable(`${prefix}_${agency}_KEY`));
}

/** The chain id of the Besu QBFT genesis in the administrator's guide (and of the tests' stand-in on anvil). */
export const BESU_CHAIN_ID = 2025;

/** The Besu network's Blockscout explorer (`https://explorer.example.gov`), from the environment. */
const BESU_EXPLORER_URL = process.env.BESU_EXPLORER_URL === "" ? undefined : process.env.BESU_EXPLORER_URL;

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
    // The contracts of a sale (the escrow and the two registries whose records are sold) are optimised for run time,
    // as EAS is: each is deployed once and called in every sale. Measured: 2,600 gas less per sale. Their code stays
    // under the 24,576-byte limit.
    overrides: {
      "contracts/transfer/OwnershipTransfer.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1_000_000 } },
      },
      "contracts/property/PropertyRegistry.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1_000_000 } },
      },
      "contracts/company/CompanyRegistry.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", optimizer: { enabled: true, runs: 1_000_000 } },
      },
      // The credential register carries every kind's rules, windows, suspensions and signing keys: optimised for size
      // so that its code stays under the 24,576-byte limit.
      "contracts/diploma/DiplomaRegistry.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", viaIR: true, optimizer: { enabled: true, runs: 1 } },
      },
      // The secret polls' library (reached by delegatecall from Elections) checks ballots and shares with many values
      // alive at once: the IR pipeline keeps them off the stack's 16 reachable slots.
      "contracts/election/SecretPolls.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", viaIR: true, optimizer: { enabled: true, runs: 200 } },
      },
    },
    npmFilesToBuild: [
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol",
      "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol",
    ],
  },
  // `npm run coverage` measures the suite's contracts; the mocks and peers under contracts/mocks are test doubles.
  coverage: { skipFiles: ["contracts/mocks/**"] },
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
      accounts: agencyKeys("SEPOLIA"),
      // No transaction offers more than 100 gwei per gas, the deploy's and the commands' replacements included.
      ignition: { maxFeePerGasLimit: 100_000_000_000n },
      // A transaction counts once 2 blocks hold it; a receipt is awaited 5 minutes before it is reported stuck.
      egov: { confirmations: 2, receiptTimeout: 300 },
    },
    // A permissioned Besu network with QBFT and free gas (zero base fee, unfunded accounts): every transaction is
    // priced at 0, and each agency signs with its own key.
    besu: {
      type: "http",
      chainType: "l1",
      url: configVariable("BESU_RPC_URL", { default: "http://127.0.0.1:8545" }),
      gasPrice: 0,
      accounts: agencyKeys("BESU"),
      egov: { receiptTimeout: countFromEnv("BESU_RECEIPT_TIMEOUT", 60) },
    },
  },
  // The Besu network's Blockscout, where sources are verified with `npx hardhat verify blockscout --network besu …`;
  // without an explorer the deploy prints no verify lines.
  chainDescriptors:
    BESU_EXPLORER_URL === undefined
      ? {}
      : {
          [BESU_CHAIN_ID]: {
            name: "Besu QBFT",
            blockExplorers: {
              blockscout: { name: "Blockscout", url: BESU_EXPLORER_URL, apiUrl: `${BESU_EXPLORER_URL}/api` },
            },
          },
        },
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
});
