/**
 * The credential commands for an institution whose key is P-256: `diplomas publish-key --key-type p256`,
 * `diplomas export-vc --cryptosuite ecdsa-sd-2023`, the holder's `diplomas derive-vc`, `diplomas verify-vc` of the
 * derived credential and `diplomas status-list`, run in process on the test's chain. Every refusal names the option
 * and the reason, and writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import hre, { network } from "hardhat";

import { deriveVc, exportVc, publishKey, statusList, verifyVc } from "../../src/cli/commands/credentials.js";
import { selectiveDisclosureKey } from "../../src/credentials/index.js";
import {
  type CommandOutput,
  credentialData,
  credentialSuite,
  runCommand,
  STATUS_BASE,
  testCommandHost,
} from "../helpers/credentials.js";

const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

const SEED = `0x${"66".repeat(32)}`;
const OTHER_SEED = `0x${"77".repeat(32)}`;
const CLAIMS = { name: "Ada Martin", degree: "Master of Science in Physics", grade: "Pass" };

/**
 * Institution 1 (the diploma issuer's) with the Ed25519 key of OTHER_SEED, which its P-256 key replaces in the tests,
 * and a diploma it issued alone; institution 2 (carol's) with the same Ed25519 key.
 */
async function commandFixture() {
  const f = await credentialSuite(connection, [
    { name: "Université de Lyon", seed: OTHER_SEED, keyType: "ed25519" },
    { name: "École des Mines", seed: OTHER_SEED, keyType: "ed25519" },
  ]);
  const diploma = credentialData("MSC-PHYS-0042", (await time.latest()) - 100);
  await f.asIssuer.issue(diploma);
  return { ...f, diploma };
}

/** The fixture, a folder of the test's own for the commands' files, the claims file and a host on the chain. */
type Fixture = Awaited<ReturnType<typeof commandFixture>> & {
  readonly dir: string;
  readonly claims: string;
  readonly host: ReturnType<typeof testCommandHost>;
};

/** The one error line a refused command printed (and its exit code 1). */
function refusal(output: CommandOutput): string {
  expect(output.exitCode, output.stdout).to.equal(1);
  const lines = output.stderr.trim().split("\n");
  expect(lines, output.stderr).to.have.length(1);
  return lines[0]!;
}

function succeeded(output: CommandOutput): string[] {
  expect(output.exitCode, output.stderr).to.equal(undefined);
  return output.stdout.trim().split("\n");
}

/** Publishes institution 1's P-256 key from SEED and exports its diploma with a base proof into `base.json`. */
async function exportBase(f: Fixture): Promise<string> {
  process.env.EGOV_SIGNING_SEED = SEED;
  succeeded(await runCommand(publishKey, { keyType: "p256", from: f.accounts.diplomaIssuer.address }, f.host));
  const base = join(f.dir, "base.json");
  const exported = await runCommand(
    exportVc,
    {
      institution: "1",
      documentHash: f.diploma.documentHash,
      claims: f.claims,
      holder: "did:example:ada",
      statusBaseUrl: STATUS_BASE,
      cryptosuite: "ecdsa-sd-2023",
      out: base,
    },
    f.host,
  );
  expect(succeeded(exported)[1]).to.equal(
    "It carries a base proof for the holder, who shows credentials derived from it (diplomas derive-vc).",
  );
  return base;
}

describe("credential commands for selective disclosure", function () {
  this.timeout(120_000);
  const savedSeed = process.env.EGOV_SIGNING_SEED;
  let dirs: string[] = [];

  async function fixture(): Promise<Fixture> {
    const f = await networkHelpers.loadFixture(commandFixture);
    const dir = mkdtempSync(join(tmpdir(), "egov-credential-commands-"));
    dirs.push(dir);
    const claims = join(dir, "claims.json");
    writeFileSync(claims, JSON.stringify(CLAIMS));
    return { ...f, dir, claims, host: testCommandHost(connection, hre, dir, f.suite.deployment) };
  }

  afterEach(function () {
    process.env.EGOV_SIGNING_SEED = savedSeed;
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });

  it("publishes a P-256 key, exports a base proof, derives a credential that verifies and hides the grade", async function () {
    const f = await fixture();
    const base = await exportBase(f);
    const published = await f.suite.diplomaRegistry.signingKey(1, 1);
    expect(published.publicKey).to.equal((await selectiveDisclosureKey({ seed: SEED })).publicKey);
    expect((JSON.parse(readFileSync(base, "utf8")) as { proof: { cryptosuite: string } }).proof.cryptosuite).to.equal(
      "ecdsa-sd-2023",
    );
    const shown = join(f.dir, "shown.json");
    const derived = succeeded(
      await runCommand(deriveVc, { credential: base, reveal: "name, /credentialSubject/degree", out: shown }, f.host),
    );
    expect(derived).to.deep.equal([`Derived credential revealing id, name, degree written to ${shown}`]);
    const subject = (JSON.parse(readFileSync(shown, "utf8")) as { credentialSubject: object }).credentialSubject;
    expect(subject).to.deep.equal({ id: "did:example:ada", name: "Ada Martin", degree: CLAIMS.degree });
    const verified = succeeded(await runCommand(verifyVc, { file: shown }, f.host));
    expect(verified.filter((line) => !line.startsWith("ok  "))).to.deep.equal(["The credential verifies."]);
    expect(verified).to.include(
      "ok  proof: The signature is valid: every claim shown is as the institution signed it (the holder chose to show only these).",
    );
    const baseChecked = await runCommand(verifyVc, { file: base }, f.host);
    expect(succeeded(baseChecked)).to.include("The credential does NOT verify.");
  });

  it("refuses to derive from a missing file, a file that is not JSON, a credential without a base proof, an unknown or a mandatory pointer, and writes nothing", async function () {
    const f = await fixture();
    const base = await exportBase(f);
    const out = join(f.dir, "shown.json");
    const derived = join(f.dir, "derived.json");
    succeeded(await runCommand(deriveVc, { credential: base, reveal: "name", out: derived }, f.host));
    const notJson = join(f.dir, "notes.txt");
    writeFileSync(notJson, "a diploma");
    const cases: [Record<string, unknown>, string][] = [
      [
        { credential: join(f.dir, "missing.json"), reveal: "name" },
        `--credential: file ${join(f.dir, "missing.json")} not found`,
      ],
      [{ reveal: "name" }, "--credential: is required"],
      [{ credential: notJson, reveal: "name" }, "--credential: is not a JSON credential"],
      [
        { credential: derived, reveal: "name" },
        "--credential: carries no ecdsa-sd-2023 base proof of an institution to derive from",
      ],
      [{ credential: base, reveal: "name,salary" }, '--reveal: "salary" is not a claim of the credential (item 2)'],
      [
        { credential: base, reveal: "/issuer" },
        '--reveal: "/issuer" is always revealed (a mandatory pointer of the base proof), so it cannot be chosen (item 1)',
      ],
      [
        { credential: base, reveal: "degree,/credentialSubject/id" },
        '--reveal: "/credentialSubject/id" is always revealed (a mandatory pointer of the base proof), so it cannot be chosen (item 2)',
      ],
      [{ credential: base, reveal: "name,,degree" }, "--reveal: is not a claim's name or a JSON pointer (item 2)"],
      [{ credential: base }, "--reveal: is required"],
    ];
    for (const [args, line] of cases) {
      expect(refusal(await runCommand(deriveVc, { out, ...args }, f.host)), line).to.equal(`Error: ${line}`);
      expect(existsSync(out), line).to.equal(false);
    }
    expect(refusal(await runCommand(deriveVc, { credential: base, reveal: "name" }, f.host))).to.equal(
      "Error: --out: is required",
    );
  });

  it("refuses a key type or a cryptosuite it does not know, and a public key given with a key type", async function () {
    const f = await fixture();
    process.env.EGOV_SIGNING_SEED = SEED;
    const from = f.accounts.diplomaIssuer.address;
    expect(refusal(await runCommand(publishKey, { keyType: "rsa", from }, f.host))).to.equal(
      'Error: --key-type: "rsa" is not one of ed25519, p256',
    );
    const publicKey = (await selectiveDisclosureKey({ seed: SEED })).publicKey;
    expect(refusal(await runCommand(publishKey, { keyType: "p256", publicKey, from }, f.host))).to.equal(
      "Error: --key-type: names the type of the key of EGOV_SIGNING_SEED: give --public-key or --key-type, not both",
    );
    expect(await f.suite.diplomaRegistry.signingKeyCount(1)).to.equal(1n);
    const out = join(f.dir, "vc.json");
    const exported = await runCommand(
      exportVc,
      {
        institution: "1",
        documentHash: f.diploma.documentHash,
        claims: f.claims,
        statusBaseUrl: STATUS_BASE,
        cryptosuite: "bbs-2023",
        out,
      },
      f.host,
    );
    expect(refusal(exported)).to.equal('Error: --cryptosuite: "bbs-2023" is not one of eddsa-rdfc-2022, ecdsa-sd-2023');
    expect(existsSync(out)).to.equal(false);
  });

  it("builds and signs the status lists of an institution whose key is P-256", async function () {
    const f = await fixture();
    await exportBase(f);
    await f.asIssuer.revoke(f.diploma.documentHash, 1);
    const out = join(f.dir, "lists");
    const lines = succeeded(
      await runCommand(statusList, { institution: "1", baseUrl: `${STATUS_BASE}/`, out }, f.host),
    );
    const url = `${STATUS_BASE}/1/documents/${f.diploma.documentHash}/revocation`;
    const path = join(out, "1", "documents", f.diploma.documentHash, "revocation");
    expect(lines).to.deep.equal([`${url}  (revocation, 1 set, ecdsa-sd-2023) -> host ${path}`]);
    expect(readdirSync(join(out, "1", "documents", f.diploma.documentHash))).to.deep.equal(["revocation"]);
    process.env.EGOV_SIGNING_SEED = OTHER_SEED;
    expect(refusal(await runCommand(statusList, { institution: "1", baseUrl: STATUS_BASE, out }, f.host))).to.equal(
      "Error: EGOV_SIGNING_SEED: its key is not institution 1's current key",
    );
  });
});
