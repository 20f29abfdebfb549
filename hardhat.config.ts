import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades";
import { configVariable, defineConfig } from "hardhat/config";
import type { HttpNetworkUserConfig } from "hardhat/types/config";

import { egovTasks } from "./src/cli/hardhat-tasks.js";
import { agencyNames, countFromEnv, type ProjectNetwork, projectNetworks } from "./src/cli/project-networks.js";

const require = createRequire(import.meta.url);

/** The pinned solc from the npm package `solc`: nothing is downloaded at compile time. */
const SOLC_PATH = require.resolve("solc/soljson.js");

/**
 * solc 0.8.29 from the alias package `solc-0829`, for the EAS contracts measured beside ours by `npm run bench`:
 * they pin `pragma solidity 0.8.29`, so Hardhat picks this compiler for them and 0.8.30 for everything else.
 */
const SOLC_0829_PATH = require.resolve("solc-0829/soljson.js");

/** Solidity test effort: fuzz runs per `testFuzz_` test, and runs and calls per run of each `invariant_` test. */
export const SOLIDITY_TEST_EFFORT = {
  fuzzRuns: countFromEnv("EGOV_FUZZ_RUNS", 256),
  invariantRuns: countFromEnv("EGOV_INVARIANT_RUNS", 32),
  invariantDepth: countFromEnv("EGOV_INVARIANT_DEPTH", 40),
} as const;

/**
 * The accounts of a network where several agencies hold keys: one configuration variable `<PREFIX>_<AGENCY>_KEY` per
 * agency named in `<PREFIX>_SIGNERS` (see `src/cli/project-networks.ts`), each read from Hardhat's encrypted keystore
 * (`npx hardhat keystore set SEPOLIA_LAND_REGISTRAR_KEY`) or, on CI, from the environment.
 */
export function agencyKeys(prefix: string) {
  return agencyNames(prefix).map((agency) => configVariable(`${prefix}_${agency}_KEY`));
}

/** A network of the project's table as a Hardhat HTTP network. */
function httpNetwork(network: ProjectNetwork): HttpNetworkUserConfig {
  const { url } = network;
  return {
    type: "http",
    chainType: "l1",
    url:
      url.default === undefined ? configVariable(url.variable) : configVariable(url.variable, { default: url.default }),
    ...(network.signers === undefined ? {} : { accounts: agencyKeys(network.signers) }),
    ...(network.gasPrice === undefined ? {} : { gasPrice: network.gasPrice }),
    ...(network.maxFeePerGasLimit === undefined ? {} : { ignition: { maxFeePerGasLimit: network.maxFeePerGasLimit } }),
    ...(network.egov === undefined ? {} : { egov: network.egov }),
  };
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
      // The credential register carries every kind's rules, windows, suspensions and signing keys, compiled via IR so
      // that its code stays under the 24,576-byte limit. Measured via IR (runtime code; gas of `diploma.issue`,
      // `diploma.issueBatch`, `diploma.revokeInBatch` with 10 records): `runs: 1` 23,945 bytes, 71,174 / 69,251 /
      // 81,197; `runs: 50` 24,162 bytes, 71,056 / 69,100 / 81,140; `runs: 200` 24,361 bytes, 71,023 / 69,100 /
      // 81,140; `runs: 1000` over the limit. `runs: 50` takes all but 33 gas of what 200 runs save and keeps 414 bytes
      // of room under the limit, twice the 215 that 200 runs leave. (Figures measured before the register's own
      // access check and issuing binding read; its via-IR dispatcher compares selectors one by one, so the order of a
      // function's selector, not the runs, decides most of what dispatch costs.)
      "contracts/diploma/DiplomaRegistry.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", viaIR: true, optimizer: { enabled: true, runs: 50 } },
      },
      // The secret polls' library (reached by delegatecall from Elections) checks ballots and shares with many values
      // alive at once: the IR pipeline keeps them off the stack's 16 reachable slots.
      "contracts/election/SecretPolls.sol": {
        version: "0.8.30",
        path: SOLC_PATH,
        settings: { evmVersion: "cancun", viaIR: true, optimizer: { enabled: true, runs: 200 } },
      },
      // The test harness of the library it uses, compiled the same way so that its gas figures are the library's.
      "contracts/mocks/SecretBallotHarness.sol": {
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
  // localhost, sepolia and besu: their URLs, keys and fee settings are in `src/cli/project-networks.ts`, which the
  // package's `egov` command reads too.
  networks: Object.fromEntries(
    Object.entries(projectNetworks()).map(([name, network]) => [name, httpNetwork(network)]),
  ),
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
