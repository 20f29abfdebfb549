/**
 * The voter's commands on a secret poll, run from their declarations in process against the suite on an in-process
 * Hardhat network and the municipality's relay: an encrypted ballot and a re-vote with their receipts, the receipt
 * check (counted, replaced), Benaloh's challenge and its independent check; and the voters' refusals in words: an
 * identity outside the census, a second ballot where re-voting is not allowed, a cancelled poll.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { writeIdentityFile } from "../../src/cli/commands/voter.js";
import { exportVotingIdentity, releaseProver } from "../../src/elections/index.js";
import { startRelay } from "../../src/elections/node.js";
import { recordSuite } from "../helpers/adminSuite.js";
import { fixedIdentity } from "../helpers/ballots.js";
import { inProcessHost, runCommand } from "../helpers/commands.js";
import { sealedPollFixture } from "../SecretPolls/fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

async function voterFixture() {
  const f = await sealedPollFixture(connection);
  // Poll 3: public, no re-vote; poll 4: cancelled in its review.
  const opensAt = (await time.latest()) + 2 * 24 * 3600 + 60;
  await f.officer.createPoll({ ...f.base, revoting: false, opensAt, closesAt: opensAt + 7 * 24 * 3600 });
  await f.officer.createPoll({ ...f.base, opensAt, closesAt: opensAt + 7 * 24 * 3600 });
  await f.elections.connect(f.accounts.guardian).cancelPoll(4n, id("created by mistake"));
  await time.increaseTo(opensAt);
  const { suite } = await recordSuite(connection, f, { elections: true });
  const host = inProcessHost(connection, suite.deployment);
  const dir = mkdtempSync(join(tmpdir(), "egov-voter-"));
  const identityFile = (label: string) => {
    const path = join(dir, `${label}.json`);
    writeFileSync(
      path,
      JSON.stringify({
        format: "egov-voting-identity/1",
        privateKey: exportVotingIdentity(fixedIdentity(label)),
        commitment: fixedIdentity(label).commitment.toString(),
      }),
      { mode: 0o600 },
    );
    return path;
  };
  return { ...f, suite, host, dir, identityFile };
}

describe("the voter's commands on a secret poll", function () {
  this.timeout(300_000);

  after(async function () {
    await releaseProver();
  });

  it("vote, re-vote, receipts, a challenge and its check; refusals in words", async function () {
    const f = await networkHelpers.loadFixture(voterFixture);
    const relay = await startRelay({ suite: f.suite, signer: f.accounts.outsider, port: 0, log: () => {} });
    try {
      const voter = (command: string, args: Record<string, string | boolean | undefined>) =>
        runCommand(f.host, ["voter", command], args);
      const ada = f.identityFile("ada");
      const first = await voter("vote", { identity: ada, poll: "2", choose: "1", relay: relay.url });
      expect(first.exitCode, first.stderr).to.equal(undefined);
      const digest1 = /ballot hash (0x[0-9a-f]{64})/.exec(first.stdout)![1]!;
      expect(first.lines[0]).to.match(
        new RegExp(
          `^Encrypted ballot for poll 2 counted \\(sent by the relay ${relay.url}, tx 0x[0-9a-f]{64}, block \\d+\\)$`,
        ),
      );
      expect(first.lines.slice(1, 3)).to.deep.equal([
        `Receipt: ballot hash ${digest1}; check it is counted with: voter receipt --poll 2 --ballot ${digest1}`,
        "This is your first counted ballot in this poll; you may cast again until the close, the last one counts.",
      ]);
      const counted = await voter("receipt", { poll: "2", ballot: digest1 });
      expect(counted.exitCode, counted.stderr).to.equal(undefined);
      expect(counted.lines[0]).to.match(
        new RegExp(
          `^Ballot ${digest1} is counted in poll 2's encrypted tally: it is its voter's latest ballot \\(revision 1, block \\d+, tx 0x[0-9a-f]{64}\\)$`,
        ),
      );

      const again = await voter("vote", { identity: ada, poll: "2", choose: "3", relay: relay.url });
      expect(again.exitCode, again.stderr).to.equal(undefined);
      expect(again.lines[2]).to.equal(
        "It replaced your earlier ballot (revision 2); nobody can read either before the opening.",
      );
      const replaced = await voter("receipt", { poll: "2", ballot: digest1 });
      expect(replaced.lines[0]).to.match(
        new RegExp(
          `^Ballot ${digest1} \\(block \\d+\\) was replaced at block \\d+ by a later ballot of the same voter: that one counts$`,
        ),
      );
      const unknown = await voter("receipt", { poll: "2", ballot: `0x${"ab".repeat(32)}` });
      expect(unknown.exitCode).to.equal(1);
      expect(unknown.lines).to.deep.equal([`Ballot 0x${"ab".repeat(32)} is not a ballot of poll 2`]);

      const out = join(f.dir, "challenge.json");
      const challenged = await voter("challenge", { identity: ada, poll: "2", choose: "4", out });
      expect(challenged.exitCode, challenged.stderr).to.equal(undefined);
      expect(challenged.lines).to.deep.equal([
        "Challenged ballot for poll 2: it encrypted option(s) 4",
        "It is never cast: vote with voter vote, which prepares a fresh ballot.",
        `Randomness revealed in ${out}; anyone checks it with: voter check-challenge --poll 2 --file ${out}`,
      ]);
      const checked = await voter("check-challenge", { poll: "2", file: out });
      expect(checked.lines).to.deep.equal([
        "The challenged ballot encrypted option(s) 4: its proofs verify under poll 2's election key on chain, and the revealed randomness gives every ciphertext",
      ]);
      const file = JSON.parse(readFileSync(out, "utf8")) as { randomness: string[] };
      file.randomness[4] = (BigInt(file.randomness[4]!) + 1n).toString();
      const tampered = join(f.dir, "tampered.json");
      writeFileSync(tampered, JSON.stringify(file));
      const refused = await voter("check-challenge", { poll: "2", file: tampered });
      expect(refused.exitCode).to.equal(1);
      expect(refused.lines).to.deep.equal([
        "The challenge does NOT check: option 4: the revealed randomness does not give the ciphertext",
      ]);

      // A voter outside the census, a second ballot without re-voting, a cancelled poll: refused before proving.
      const stranger = writeIdentityFile(join(f.dir, "stranger.json"));
      expect(stranger.commitment).to.be.a("bigint");
      const outside = await voter("vote", {
        identity: join(f.dir, "stranger.json"),
        poll: "2",
        choose: "1",
        relay: relay.url,
      });
      expect(outside.stderr).to.equal(
        "Error: --identity: this voting identity is not in the census of poll 2 (register sequence 4): no citizen of " +
          "the register has it; give the civil registry its commitment (voter commitment)\n",
      );
      const bo = f.identityFile("bo");
      const once = await voter("vote", { identity: bo, poll: "3", choose: "0", relay: relay.url });
      expect(once.exitCode, once.stderr).to.equal(undefined);
      expect(once.lines[1]).to.equal("This poll counts one ballot per citizen: it takes no second one.");
      const twice = await voter("vote", { identity: bo, poll: "3", choose: "1", relay: relay.url });
      expect(twice.stderr).to.equal(
        "Error: --poll: you have voted in poll 3 already, and it counts one ballot per citizen with no re-vote: your ballot stands\n",
      );
      const cancelled = await voter("vote", { identity: bo, poll: "4", choose: "1", relay: relay.url });
      expect(cancelled.stderr).to.equal("Error: --poll: poll 4 was cancelled by a guardian: it takes no ballot\n");
      expect(relay.stats()).to.include({ relayed: 3 });
    } finally {
      await relay.close();
    }
  });
});
