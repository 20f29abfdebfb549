import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import hardhatUpgrades from "@openzeppelin/hardhat-upgrades";
import { configVariable, defineConfig } from "hardhat/config";

import { egovTasks } from "./src/cli/tasks.js";

const require = createRequire(import.meta.url);

/** The pinned solc from the npm package `solc`: nothing is downloaded at compile time. */
const SOLC_PATH = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers, hardhatUpgrades],
  tasks: egovTasks,
  solidity: {
    version: "0.8.30",
    path: SOLC_PATH,
    npmFilesToBuild: ["@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol"],
    settings: {
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
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
