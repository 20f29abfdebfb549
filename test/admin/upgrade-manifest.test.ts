/**
 * Where the upgrades manifest of each kind of network is kept, as the deploy and upgrade commands print it: a
 * development node's in the temporary folder, any other network's under `.openzeppelin/` in the working folder.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { manifestLine, upgradeManifestOf } from "../../src/cli/upgrade-manifest.js";

/** A provider that answers like a node with this chain id and client, and with `hardhat_metadata` when given. */
function fakeNode({ chainId, client, instanceId }: { chainId: number; client: string; instanceId?: string }) {
  return {
    async request({ method }: { method: string; params?: unknown[] }): Promise<unknown> {
      if (method === "eth_chainId") return `0x${chainId.toString(16)}`;
      if (method === "web3_clientVersion") return client;
      if ((method === "hardhat_metadata" || method === "anvil_metadata") && instanceId !== undefined) {
        return { chainId, instanceId, clientVersion: client, forkedNetwork: null };
      }
      throw Object.assign(new Error(`the method ${method} does not exist`), { code: -32601 });
    },
  };
}

describe("upgrade manifest location", function () {
  it("keeps a permissioned chain's manifest under .openzeppelin/ in the working folder, for the repository", async function () {
    const manifest = await upgradeManifestOf(fakeNode({ chainId: 2025, client: "besu/v25.1.0/linux-x86_64" }));
    expect(manifest).to.deep.equal({ file: join(".openzeppelin", "unknown-2025.json"), temporary: false });
    expect(manifestLine(manifest)).to.equal(
      "Upgrade manifest: .openzeppelin/unknown-2025.json (keep it in the repository: `suite upgrade` validates new implementations against it)",
    );
  });

  it("says the same from a working folder inside the temporary folder (a project checked out under /tmp)", async function () {
    const previous = process.cwd();
    process.chdir(tmpdir());
    try {
      const manifest = await upgradeManifestOf(fakeNode({ chainId: 2025, client: "besu/v25.1.0/linux-x86_64" }));
      expect(manifest).to.deep.equal({ file: join(".openzeppelin", "unknown-2025.json"), temporary: false });
    } finally {
      process.chdir(previous);
    }
  });

  it("names a public testnet's manifest after the network", async function () {
    const manifest = await upgradeManifestOf(fakeNode({ chainId: 11155111, client: "Geth/v1.16.0" }));
    expect(manifest).to.deep.equal({ file: join(".openzeppelin", "sepolia.json"), temporary: false });
  });

  it("keeps a development node's manifest in the temporary folder, named after the node's instance", async function () {
    const instanceId = `0x${"ab".repeat(32)}`;
    const manifest = await upgradeManifestOf(fakeNode({ chainId: 31337, client: "HardhatNetwork/3.17.0", instanceId }));
    expect(manifest.temporary).to.equal(true);
    expect(manifest.file.startsWith(tmpdir())).to.equal(true);
    expect(manifest.file).to.match(new RegExp(`31337-${instanceId}\\.json$`));
    expect(manifestLine(manifest)).to.match(/\(a development node's: temporary, gone with the node\)$/);
  });
});
