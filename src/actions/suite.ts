/**
 * Deploying the suite and scheduling upgrades. Unlike the other actions these need Hardhat (Ignition, artifacts,
 * `@openzeppelin/hardhat-upgrades`), so they take the Hardhat runtime and a network connection.
 *
 * Deployment: Ignition deploys `buildSuiteModule(config)` under a fixed deployment id per chain (`chain-<id>`),
 * whose journal lives in `<deployments>/ignition/chain-<id>/`; an interrupted deployment resumes from the journal and
 * a repeated one finds every step done and sends nothing. The result is checked on chain (wiring, grants, ADMIN
 * handed over, deployer without any role) and written to `<deployments>/<network>.json`.
 *
 * @module
 */

export {
  readSuiteConfig,
  type ReadSuiteConfigParameters,
  type ReadSuiteConfigReturnType,
  type SuiteDeployConfig,
} from "./suite/config.js";
export {
  deploySuite,
  type DeploySuiteParameters,
  type DeploySuiteReturnType,
  repairIgnitionJournal,
  trackLostTransactions,
} from "./suite/deploy.js";
export { scheduleUpgrade, type ScheduleUpgradeParameters, type ScheduleUpgradeReturnType } from "./suite/upgrades.js";
