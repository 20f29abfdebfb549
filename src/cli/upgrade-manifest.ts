/**
 * Where OpenZeppelin's upgrades manifest of a network is kept: the record of each proxy's implementation and storage
 * layout, against which `suite upgrade` validates a new implementation. A development node (Hardhat's, anvil) gets
 * a temporary file in the system's temporary folder, named after the node's instance, gone with it; any other
 * network (a testnet, a permissioned chain) gets `.openzeppelin/<network>.json` (or `unknown-<chain id>.json`) in
 * the folder the commands run from, which belongs in the repository beside `deployments/<network>.json`.
 *
 * @module
 */
import { isAbsolute, relative, resolve } from "node:path";
import { tmpdir } from "node:os";

import { Manifest } from "@openzeppelin/upgrades-core";

/** A network's upgrades manifest. */
export interface UpgradeManifest {
  /** The file, relative to the working folder when inside it. */
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
  const absolute = resolve(manifest.file);
  const temporary = !relative(tmpdir(), absolute).startsWith("..");
  const inside = relative(process.cwd(), absolute);
  return { file: temporary || inside.startsWith("..") || isAbsolute(inside) ? absolute : inside, temporary };
}

/** The line a command prints about the manifest. */
export function manifestLine({ file, temporary }: UpgradeManifest): string {
  return temporary
    ? `Upgrade manifest: ${file} (a development node's: temporary, gone with the node)`
    : `Upgrade manifest: ${file} (keep it in the repository: \`suite upgrade\` validates new implementations against it)`;
}
