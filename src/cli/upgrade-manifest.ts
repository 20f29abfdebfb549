/**
 * Where OpenZeppelin's upgrades manifest of a network is kept: the record of each proxy's implementation and storage
 * layout, against which `suite upgrade` validates a new implementation. A development node (Hardhat's, anvil) gets
 * a temporary file in the system's temporary folder, named after the node's instance, gone with it; any other
 * network (a testnet, a permissioned chain) gets `.openzeppelin/<network>.json` (or `unknown-<chain id>.json`) in
 * the folder the commands run from, which belongs in the repository beside `deployments/<network>.json`.
 *
 * @module
 */
import { isAbsolute } from "node:path";

import { Manifest } from "@openzeppelin/upgrades-core";

/** A network's upgrades manifest. */
export interface UpgradeManifest {
  /** The file: absolute for a development node's, relative to the working folder for any other network's. */
  readonly file: string;
  /** True for a development node's manifest, in the temporary folder. */
  readonly temporary: boolean;
}

/** The upgrades manifest of the network behind an EIP-1193 provider. */
export async function upgradeManifestOf(provider: {
  request(request: { method: string; params?: unknown[] }): Promise<unknown>;
}): Promise<UpgradeManifest> {
  const manifest = await Manifest.forNetwork({
    send: (method: string, params?: unknown[]) => provider.request({ method, params: params ?? [] }),
  } as Parameters<typeof Manifest.forNetwork>[0]);
  // A development node's manifest is an absolute path in the temporary folder; any other network's is relative to
  // the folder the commands run from (wherever that folder is, a temporary one included).
  return { file: manifest.file, temporary: isAbsolute(manifest.file) };
}

/** The line a command prints about the manifest. */
export function manifestLine({ file, temporary }: UpgradeManifest): string {
  return temporary
    ? `Upgrade manifest: ${file} (a development node's: temporary, gone with the node)`
    : `Upgrade manifest: ${file} (keep it in the repository: \`suite upgrade\` validates new implementations against it)`;
}
