/**
 * The trustees' commands of a secret poll, run from their declarations in process against the suite on an in-process
 * Hardhat network: three trustees with a quorum of two generate their secrets into files (mode 600, never printed),
 * deal, check their shares, seal the ceremony; after two encrypted ballots and the close, two trustees post their
 * decryption shares (the third stays away) and anyone opens the tally, which `elections tally` and `elections verify`
 * then check. Every refusal with its exact text, nothing sent.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { network } from "hardhat";

import { ballotNullifier, releaseProver } from "../../src/elections/index.js";
import {
  ballotArguments,
  dealingArguments,
  dealShares,
  pointFromPair,
  prepareBallot,
} from "../../src/elections/secret/index.js";
import { readTrusteeFile } from "../../src/elections/trustee-file.js";
import { readSecretPollMessages } from "../../src/elections/trustee-chain.js";
import { isoTime } from "../../src/vocabulary.js";
import { recordSuite } from "../helpers/adminSuite.js";
import { fixedIdentity, proveBallot } from "../helpers/ballots.js";
import { inProcessHost, runCommand } from "../helpers/commands.js";
import { OPTIONS, secretPollFixture } from "../SecretPolls/fixture.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

async function trusteeFixture() {
  const f = await secretPollFixture(connection);
  const { suite } = await recordSuite(connection, f, { elections: true });
  const host = inProcessHost(connection, suite.deployment);
  const dir = mkdtempSync(join(tmpdir(), "egov-trustees-"));
  return { ...f, suite, host, dir, file: (index: number) => join(dir, `trustee-${index}-${Math.random()}.json`) };
}

type Fixture = Awaited<ReturnType<typeof trusteeFixture>>;

/** Runs an `elections` command. */
function elections(f: Fixture, command: string, args: Record<string, string | boolean | undefined>) {
  return runCommand(f.host, ["elections", command], args);
}

/** Every trustee generates its file and announces. */
async function generateAll(f: Fixture): Promise<string[]> {
  const files: string[] = [];
  for (const index of [1, 2, 3]) {
    const file = f.file(index);
    const out = await elections(f, "trustee-generate", {
      poll: "2",
      file,
      from: f.trusteeAddresses[index - 1],
    });
    expect(out.stderr.replace(/^sent .*\n/gm, ""), out.stderr).to.equal("");
    files.push(file);
  }
  return files;
}

describe("the trustees' commands of a secret poll", function () {
  this.timeout(300_000);

  after(async function () {
    await releaseProver();
  });

  it("run the ceremony, two ballots, the decryption by two of three trustees and the opening", async function () {
    const f = await networkHelpers.loadFixture(trusteeFixture);
    const file1 = f.file(1);
    const generated = await elections(f, "trustee-generate", { poll: "2", file: file1, from: f.trusteeAddresses[0] });
    expect(generated.exitCode, generated.stderr).to.equal(undefined);
    expect(generated.lines.slice(0, 2)).to.deep.equal([
      `Trustee 1 of poll 2: secrets written to ${file1} (mode 600; keep it secret and backed up, it opens the tally)`,
      "Announced: commitments and transport key published with their proofs; next, deal the shares",
    ]);
    expect(statSync(file1).mode & 0o777).to.equal(0o600);
    const secret = readTrusteeFile(file1).secret;
    for (const word of [...secret.coefficients, secret.transportSecret]) {
      expect(generated.stdout + generated.stderr).to.not.include(word.toString());
      expect((generated.stdout + generated.stderr).toLowerCase()).to.not.include(word.toString(16));
    }
    const files = [file1];
    for (const index of [2, 3]) {
      const file = f.file(index);
      const out = await elections(f, "trustee-generate", { poll: "2", file, from: f.trusteeAddresses[index - 1] });
      expect(out.exitCode, out.stderr).to.equal(undefined);
      files.push(file);
    }
    await time.increaseTo(f.windows.announceUntil);
    for (const index of [1, 2, 3]) {
      const out = await elections(f, "trustee-deal", {
        poll: "2",
        file: files[index - 1],
        from: f.trusteeAddresses[index - 1],
      });
      expect(out.exitCode, out.stderr).to.equal(undefined);
      expect(out.lines[0]).to.equal(
        `Trustee ${index} of poll 2 dealt encrypted shares to trustee(s) ${[1, 2, 3].filter((j) => j !== index).join(", ")}`,
      );
    }
    const verified = await elections(f, "trustee-verify", { poll: "2", file: files[0], from: f.trusteeAddresses[0] });
    expect(verified.exitCode, verified.stderr).to.equal(undefined);
    expect(verified.lines).to.deep.equal([
      "Shares dealt to trustee 1 of poll 2:",
      `  trustee 2 (${f.trusteeAddresses[1]}): its share to you verifies`,
      `  trustee 3 (${f.trusteeAddresses[2]}): its share to you verifies`,
    ]);

    await time.increaseTo(f.windows.opensAt);
    const sealed = await elections(f, "trustee-seal", { poll: "2" });
    expect(sealed.exitCode, sealed.stderr).to.equal(undefined);
    expect(sealed.lines[0]).to.equal("Ceremony of poll 2 sealed: qualified trustee(s) 1, 2, 3");

    // Two encrypted ballots, as a voter's device makes them.
    const [, , , , , key] = await f.secret.secretPoll(f.pollId);
    const poll = {
      location: f.ceremony.location,
      electionKey: pointFromPair([key[0], key[1]], "key"),
      rule: "SingleChoice" as const,
      optionCount: OPTIONS,
      maxChoices: 0,
    };
    for (const [label, option] of [
      ["ada", 1],
      ["bo", 3],
    ] as const) {
      const identity = fixedIdentity(label);
      const nullifier = ballotNullifier(identity, f.scope);
      const prepared = prepareBallot({ poll, options: [option], nullifier, revision: 1n });
      const proof = await proveBallot({
        identity,
        census: f.census.members,
        ballot: 0n,
        message: prepared.digest,
        scope: f.scope,
      });
      const words = ballotArguments(prepared.ballot);
      await f.elections.castSecretBallot(
        f.pollId,
        1n,
        words.ciphertexts,
        words.optionProofs,
        words.ruleProof,
        [],
        proof,
      );
    }
    const sealedTally = await elections(f, "tally", { poll: "2" });
    expect(sealedTally.lines).to.deep.equal([
      `Poll 2 (Open): 2 ballot(s), secret: sealed until the close at ${isoTime(f.closesAt)} and the opening by 2 of its 3 trustees`,
    ]);

    await time.increaseTo(f.closesAt);
    for (const index of [1, 3]) {
      const out = await elections(f, "trustee-decrypt", {
        poll: "2",
        file: files[index - 1],
        from: f.trusteeAddresses[index - 1],
      });
      expect(out.exitCode, out.stderr).to.equal(undefined);
      expect(out.lines[0]).to.equal(
        `Trustee ${index} posted its decryption shares of poll 2, each with its proof; ` +
          (index === 1
            ? "1 of the quorum of 2 posted"
            : "2 of the quorum of 2 posted: anyone may open the tally (elections open --poll 2)"),
      );
    }
    const opened = await elections(f, "open", { poll: "2", from: f.accounts.outsider.address });
    expect(opened.exitCode, opened.stderr).to.equal(undefined);
    expect(opened.lines.slice(0, 6)).to.deep.equal([
      "Poll 2 opened with the shares of trustee(s) 1, 3, checked on chain:",
      "  option 0: 0",
      "  option 1: 1",
      "  option 2: 0",
      "  option 3: 1",
      "  option 4: 0",
    ]);
    expect(await f.secret.openedTally(f.pollId)).to.deep.equal([0n, 1n, 0n, 1n, 0n]);

    const result = await elections(f, "tally", { poll: "2" });
    expect(result.lines).to.deep.equal([
      "Poll 2 (Ended, final): 2 ballot(s), secret: opened by trustee(s) 1, 3",
      "  option 0: 0",
      "  option 1: 1",
      "  option 2: 0",
      "  option 3: 1",
      "  option 4: 0",
      "Every decryption share's proof checks, and the shares decrypt the encrypted tally to these counts.",
    ]);
    const verify = await elections(f, "verify", { poll: "2" });
    expect(verify.exitCode, verify.stdout + verify.stderr).to.equal(undefined);
    expect(verify.lines).to.include(
      "Encrypted tally: the SecretBallotCast events (the latest ballot of each of 2 voter(s)) give the contract's",
    );
    expect(verify.lines).to.include(
      "Opening: 2 trustee(s) posted shares, every proof checks; the shares decrypt the tally to 0, 1, 0, 1, 0, the posted counts",
    );
  });

  it("refuses a non-trustee, a public poll, another trustee's file, a step outside its window, and sends nothing", async function () {
    const f = await networkHelpers.loadFixture(trusteeFixture);
    const file1 = f.file(1);
    const nonces = async () =>
      Promise.all(
        [...f.trusteeAddresses, f.accounts.outsider.address].map((a) => ethers.provider.getTransactionCount(a)),
      );
    const before = await nonces();
    const refusal = async (command: string, args: Record<string, string | undefined>, line: string) => {
      const out = await elections(f, command, args);
      expect(out.exitCode, command).to.equal(1);
      expect(out.stderr).to.equal(`Error: ${line}\n`);
      expect(out.stdout).to.equal("");
    };
    const trustees = f.trusteeAddresses.map((a, i) => `${i + 1} ${a}`).join(", ");
    await refusal(
      "trustee-generate",
      { poll: "2", file: file1, from: f.accounts.outsider.address },
      `--from: ${f.accounts.outsider.address} is not a trustee of poll 2 (its trustees: ${trustees})`,
    );
    await refusal(
      "trustee-generate",
      { poll: "1", file: file1, from: f.trusteeAddresses[0] },
      "--poll: poll 1 is a public poll: it has no trustees",
    );
    await refusal("trustee-generate", { poll: "9", file: file1, from: f.trusteeAddresses[0] }, "unknown poll 9");
    expect(await nonces()).to.deep.equal(before);

    const files = await generateAll(f);
    await refusal(
      "trustee-generate",
      { poll: "2", file: files[0], from: f.trusteeAddresses[0] },
      `--from: trustee 1 (${f.trusteeAddresses[0]}) announced already; its next step is the deal`,
    );
    const now = async () => isoTime((await ethers.provider.getBlock("latest"))!.timestamp);
    await refusal(
      "trustee-deal",
      { poll: "2", file: files[0], from: f.trusteeAddresses[0] },
      `--poll: poll 2 takes the trustees' deal step from ${isoTime(f.windows.announceUntil)} until ` +
        `${isoTime(f.windows.dealUntil)}; the chain's clock says ${await now()}`,
    );
    await refusal(
      "trustee-deal",
      { poll: "2", file: files[0], from: f.trusteeAddresses[1] },
      `--file: ${files[0]} is trustee 1's (${f.trusteeAddresses[0]}), not the file of ${f.trusteeAddresses[1]} (trustee 2)`,
    );
    await refusal(
      "trustee-decrypt",
      { poll: "2", file: files[0], from: f.trusteeAddresses[0] },
      `--poll: poll 2 is Review: decryption shares are posted after its close at ${isoTime(f.closesAt)}`,
    );

    // Trustee 3 deals a bad share to trustee 1; trustee 1's check names it, and its complaint excludes it.
    await time.increaseTo(f.windows.announceUntil);
    for (const index of [1, 2]) {
      const out = await elections(f, "trustee-deal", {
        poll: "2",
        file: files[index - 1],
        from: f.trusteeAddresses[index - 1],
      });
      expect(out.exitCode, out.stderr).to.equal(undefined);
    }
    const messages = await readSecretPollMessages({
      provider: ethers.provider,
      elections: await f.elections.getAddress(),
      pollId: f.pollId,
    });
    const third = readTrusteeFile(files[2]!).secret;
    const shares = dealShares(f.ceremony, third, messages.announcements).map((share) =>
      share.recipient === 1 ? { ...share, masked: share.masked + 1n } : share,
    );
    const args = dealingArguments(3, 3, shares);
    await f.secret.connect(f.trusteeSigners[2]!).dealShares(f.pollId, args.ephemerals, args.masked);
    const checked = await elections(f, "trustee-verify", { poll: "2", file: files[0], from: f.trusteeAddresses[0] });
    expect(checked.exitCode).to.equal(1);
    expect(checked.lines).to.deep.equal([
      "Shares dealt to trustee 1 of poll 2:",
      `  trustee 2 (${f.trusteeAddresses[1]}): its share to you verifies`,
      `  trustee 3 (${f.trusteeAddresses[2]}): CHEATED: its share to you does not match its commitments`,
      `Complain before ${isoTime(f.windows.opensAt)}: elections trustee-complain --poll 2 --dealer 3 --file ${files[0]}`,
    ]);
    await time.increaseTo(f.windows.dealUntil);
    await refusal(
      "trustee-complain",
      { poll: "2", file: files[0], dealer: "2", from: f.trusteeAddresses[0] },
      "--dealer: trustee 2's share to you verifies: the contract would dismiss the complaint and exclude you",
    );
    await refusal(
      "trustee-complain",
      { poll: "2", file: files[0], dealer: "1", from: f.trusteeAddresses[0] },
      "--dealer: must be another trustee's number, from 1 to 3, not yours (1)",
    );
    const complained = await elections(f, "trustee-complain", {
      poll: "2",
      file: files[0],
      dealer: "3",
      from: f.trusteeAddresses[0],
    });
    expect(complained.exitCode, complained.stderr).to.equal(undefined);
    expect(complained.lines[0]).to.equal(
      "Trustee 1 complained about trustee 3 of poll 2, showing the opened share: the contract judged it",
    );
    const [, , excluded] = await f.secret.trusteeRecord(f.pollId, 3);
    expect(excluded).to.equal(true);
    await time.increaseTo(f.windows.opensAt);
    const sealed = await elections(f, "trustee-seal", { poll: "2" });
    expect(sealed.lines[0]).to.equal("Ceremony of poll 2 sealed: qualified trustee(s) 1, 2");
    await refusal("trustee-seal", { poll: "2" }, "--poll: poll 2's ceremony is sealed already");
    await time.increaseTo(f.closesAt);
    await refusal(
      "trustee-decrypt",
      { poll: "2", file: files[2], from: f.trusteeAddresses[2] },
      "--from: trustee 3 is not qualified (qualified: 1, 2): it holds no key share",
    );
    await refusal("open", { poll: "2" }, "--poll: 0 trustee(s) posted decryption shares (none), the quorum is 2");
    const file = JSON.parse(readFileSync(files[0]!, "utf8")) as Record<string, unknown>;
    expect(file).to.include({ format: "egov-trustee-secret/1", trustee: 1, pollId: "2" });
  });
});
