/**
 * The Node 22 helper: run with a command, it runs that command with Node 22 or later from a shell whose `PATH` finds
 * no Node at all or an older one (a second terminal, a cron job), which is the one line the administrator's guide
 * gives for any new shell.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";

import { expect } from "chai";

const SCRIPT = join(import.meta.dirname, "..", "..", "scripts", "use-node22.sh");
/** Where the script keeps Node 22 (as it computes it). */
const CACHE =
  process.env.EGOV_NODE_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "egov-registries", "node-22.23.3");

describe("scripts/use-node22.sh", function () {
  this.timeout(120_000);

  it("runs a command with Node 22.13 or later from a shell whose PATH has no Node", function () {
    // A PATH with bash and the basic tools, and npm's folder only if it holds no Node (no Node found either way).
    const bin = mkdtempSync(join(tmpdir(), "egov-node22-"));
    try {
      for (const tool of ["bash", "dirname", "mkdir", "env"]) {
        const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
        if (found !== "") symlinkSync(found, join(bin, tool));
      }
      // Without the cached Node 22 (a machine whose own Node is recent), the script needs npm to fetch it: the PATH
      // then also has this Node's folder, and the script must find it recent and run the command with it.
      const path = existsSync(join(CACHE, "node_modules", "node", "bin", "node"))
        ? bin
        : `${bin}:${dirname(process.execPath)}`;
      const env: NodeJS.ProcessEnv = { HOME: homedir(), PATH: path };
      if (process.env.EGOV_NODE_CACHE !== undefined) env.EGOV_NODE_CACHE = process.env.EGOV_NODE_CACHE;
      if (process.env.XDG_CACHE_HOME !== undefined) env.XDG_CACHE_HOME = process.env.XDG_CACHE_HOME;
      const result = spawnSync(join(bin, "bash"), [SCRIPT, "node", "-p", "process.versions.node"], {
        encoding: "utf8",
        env,
      });
      expect(result.status, result.stderr).to.equal(0);
      const [major, minor] = result.stdout.trim().split(".").map(Number);
      expect(major > 22 || (major === 22 && minor >= 13), result.stdout).to.equal(true);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("passes the command's exit code through", function () {
    const result = spawnSync("bash", [SCRIPT, "node", "-e", "process.exit(3)"], { encoding: "utf8" });
    expect(result.status).to.equal(3);
  });
});
