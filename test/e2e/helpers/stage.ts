/**
 * The stage of an end-to-end test: a node (see `node.ts`), a provider on it, a scratch folder, and a deployments
 * folder in it that holds the parameters of the deployment to make (`deployments/config/localhost.json`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { JsonRpcProvider } from "ethers";

import type { CliEnvironment } from "./cli.js";
import { type LocalNode, startNode } from "./node.js";

/** A running stage. */
export interface Stage {
  readonly node: LocalNode;
  readonly provider: JsonRpcProvider;
  /** The scratch folder, removed by {@link stopStage}. */
  readonly workDir: string;
  /** Where the commands run: the node's URL and `<workDir>/deployments`. */
  readonly env: CliEnvironment;
}

/** Starts a node and makes a scratch folder whose deployments folder holds `config` as the localhost parameters. */
export async function startStage({ prefix, config }: { prefix: string; config: string }): Promise<Stage> {
  const node = await startNode();
  const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true, pollingInterval: 100 });
  const workDir = mkdtempSync(join(tmpdir(), prefix));
  const deploymentsDir = join(workDir, "deployments");
  mkdirSync(join(deploymentsDir, "config"), { recursive: true });
  writeFileSync(join(deploymentsDir, "config", "localhost.json"), config);
  return { node, provider, workDir, env: { rpcUrl: node.url, deploymentsDir } };
}

/** Stops the node and removes the scratch folder. */
export async function stopStage(stage: Stage | undefined): Promise<void> {
  stage?.provider.destroy();
  await stage?.node.stop();
  if (stage !== undefined) rmSync(stage.workDir, { recursive: true, force: true });
}
