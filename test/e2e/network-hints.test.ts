/**
 * End to end, without a node: what a command says when it is run without `--network` (Hardhat's in-process network,
 * which forgets everything between commands) and when no node answers at the network's URL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";

import { hardhat } from "./helpers/cli.js";

/** A local URL where nothing listens: a port the system handed out and that was closed again. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

describe("network hints of the admin commands (end to end)", function () {
  this.timeout(120_000);

  let workDir: string;
  before(function () {
    workDir = mkdtempSync(join(tmpdir(), "egov-e2e-hints-"));
  });
  after(function () {
    rmSync(workDir, { recursive: true, force: true });
  });

  it("without --network, a command says the in-process network keeps nothing and what to run instead", async function () {
    const result = await hardhat({ rpcUrl: "http://127.0.0.1:1", deploymentsDir: workDir, network: "default" }, [
      "property",
      "show",
      "--parcel",
      "UT-1",
    ]);
    expect(result.code, result.stderr).to.equal(1);
    expect(result.errorLines).to.have.length(1);
    expect(result.errorLines[0]).to.equal(
      'Error: no --network given: the in-process network "default" starts empty for every command and keeps nothing after it; ' +
        "start a node (`npx hardhat node`), deploy to it (`npx hardhat suite deploy --network localhost`) and pass " +
        "`--network localhost` to every command (`npm run demo` walks the flows in one process)",
    );
  });

  it("when no node answers, a command names the URL it tried and EGOV_RPC_URL", async function () {
    const url = await closedPortUrl();
    const result = await hardhat({ rpcUrl: url, deploymentsDir: workDir }, ["roles", "list"]);
    expect(result.code, result.stderr).to.equal(1);
    expect(result.errorLines).to.have.length(1);
    expect(result.errorLines[0]).to.equal(
      `Error: no node answers at ${url} (network "localhost"): start one with \`npx hardhat node\`, ` +
        "or point EGOV_RPC_URL at the node (EGOV_RPC_URL=http://host:8545)",
    );
  });
});
