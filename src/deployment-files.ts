/**
 * Deployment records on disk, for the commands: where they live, reading one by network name or chain id, and
 * writing one atomically. Integrators get records as data from `egov-registries/deployments` instead.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { checkDeploymentRecord, type DeploymentSelector, type SuiteDeployment } from "./deployment.js";
import { DeploymentNotFoundError } from "./errors.js";

/** Where deployment records live unless told otherwise: `$EGOV_DEPLOYMENTS_DIR`, or `deployments` under `root`. */
export function defaultDeploymentsDir(root: string = process.cwd()): string {
  return resolve(root, process.env.EGOV_DEPLOYMENTS_DIR ?? "deployments");
}

/** The path of a network's deployment record. */
export function deploymentPath(network: string, dir: string = defaultDeploymentsDir()): string {
  return join(dir, `${network}.json`);
}

/**
 * Reads and checks a deployment record, by network name (`deployments/<network>.json`) or by chain id (the record
 * in `dir` whose `chainId` matches).
 */
export function readDeployment(selector: DeploymentSelector, dir: string = defaultDeploymentsDir()): SuiteDeployment {
  if ("network" in selector) {
    const path = deploymentPath(selector.network, dir);
    if (!existsSync(path)) {
      throw new DeploymentNotFoundError({
        network: selector.network,
        reason: `${path} does not exist; deploy with \`npm run deploy -- --network ${selector.network}\``,
      });
    }
    return parseDeployment(path, { network: selector.network });
  }
  const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".json")) : [];
  for (const file of files) {
    const record = tryParse(join(dir, file));
    if (record !== undefined && record.chainId === selector.chainId) {
      return parseDeployment(join(dir, file), { chainId: selector.chainId });
    }
  }
  throw new DeploymentNotFoundError({ chainId: selector.chainId, reason: `no record in ${dir} has this chain id` });
}

/** Writes a deployment record atomically (a temporary file renamed over the old one). */
export function writeDeployment(deployment: SuiteDeployment, dir: string = defaultDeploymentsDir()): string {
  mkdirSync(dir, { recursive: true });
  const path = deploymentPath(deployment.network, dir);
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

function tryParse(path: string): Partial<SuiteDeployment> | undefined {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Partial<SuiteDeployment>;
  } catch {
    return undefined;
  }
}

function parseDeployment(path: string, target: { network?: string; chainId?: number }): SuiteDeployment {
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(path, "utf8"));
  } catch (cause) {
    throw new DeploymentNotFoundError({ ...target, reason: `${path} is not valid JSON`, cause });
  }
  return checkDeploymentRecord(record, path, target);
}
