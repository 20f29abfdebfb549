/**
 * The credential check page in a real browser: a Verifiable Credential exported from the portal's chain pasted,
 * chosen or dropped, verified in the page (proof and chain) with each check in plain words, in both languages, on a
 * 390 px phone, with axe; a changed claim and text that is no credential refused; the Verifiable Credentials
 * libraries loaded only by this page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, keccak256 } from "ethers";
import type { Page } from "playwright-core";

import { exportCredential, institutionKey, type VerifiableCredential } from "../../src/credentials/index.js";
import { connect } from "../../src/index.js";
import { SEED_FILES } from "../../scripts/portal/seed.js";
import { answerOf, expectAccessible, openPage, type PortalSession, portalSession, screenshot } from "./harness.js";

const SEED = `0x${"c7".repeat(32)}`;
const PHONE = { width: 390, height: 844 };
const CLAIMS = { name: "Graduate A", degree: "Master of Public Administration", grade: "Good" };

describe("the credential check page", function () {
  this.timeout(600_000);

  let session: PortalSession;
  let credential: VerifiableCredential;

  before(async function () {
    session = await portalSession();
    const provider = new JsonRpcProvider(session.portal.rpcUrl, undefined, { staticNetwork: true });
    try {
      const suite = await connect({ deployment: session.deployment, runner: provider });
      const [issuer] = await suite.diplomaRegistry.issuersOf(1, 0, 1);
      const registry = suite.diplomaRegistry.connect(await provider.getSigner(issuer!));
      await (await registry.publishSigningKey((await institutionKey({ seed: SEED })).publicKey)).wait();
      const documentHash = keccak256(readFileSync(join(session.portal.workDir, "samples", SEED_FILES.valid)));
      credential = await exportCredential({
        suite,
        institutionId: 1,
        documentHash,
        claims: CLAIMS,
        holder: "did:example:graduate-a",
        seed: SEED,
        statusBaseUrl: "https://status.example.gov/credentials",
      });
    } finally {
      provider.destroy();
    }
  });

  afterEach(function () {
    expect(session.pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  async function pasteAndVerify(page: Page, text: string) {
    await page.locator("#credential-text").fill(text);
    await page.getByTestId("credential-verify").click();
  }

  async function checksOf(page: Page): Promise<[string, string][]> {
    return page
      .getByTestId("credential-checks")
      .locator("li")
      .evaluateAll((items) =>
        items.map((item) => [
          item.getAttribute("data-check") ?? "",
          item.classList.contains("check-passed") ? "passed" : "failed",
        ]),
      );
  }

  it("verifies a pasted credential, each check in plain words, accessible and within a phone's width", async function () {
    const page = await openPage(session, "#/credential");
    await page.setViewportSize(PHONE);
    await pasteAndVerify(page, JSON.stringify(credential, null, 2));
    const verdict = await answerOf(page, "credential-verdict");
    expect(await verdict.getAttribute("data-verdict")).to.equal("valid");
    expect(await verdict.innerText()).to.equal("This credential is valid.");
    expect(await checksOf(page)).to.deep.equal(
      ["record", "proof", "key", "accreditation", "status", "validity"].map((check) => [check, "passed"]),
    );
    const text = await page.getByTestId("credential-output").innerText();
    expect(text).to.contain("Signature: passed");
    expect(text).to.contain("The signature is valid: no claim was changed since it was signed.");
    expect(text).to.contain("Institution\nUniversity of Utopia");
    expect(text).to.contain("degree\nMaster of Public Administration");
    expect(await page.evaluate<number>("document.documentElement.scrollWidth")).to.be.at.most(PHONE.width);
    await expectAccessible(page, "the credential check (phone)");
    await screenshot(page, "credential-valid-phone");
    await page.close();
  });

  it("answers in German, and reads a chosen or a dropped file", async function () {
    const page = await openPage(session, "#/credential", "de");
    const json = JSON.stringify(credential);
    await page.locator("#credential-file").setInputFiles({
      name: "diploma.json",
      mimeType: "application/json",
      buffer: Buffer.from(json),
    });
    const chosen = await answerOf(page, "credential-verdict");
    expect(await chosen.innerText()).to.equal("Dieser Nachweis ist gültig.");
    expect(await page.getByTestId("credential-output").innerText()).to.contain("Signatur: bestanden");
    await page.locator("#credential-text").fill("");
    const dataTransfer = await page.evaluateHandle(
      `(() => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([${JSON.stringify(json)}], "diploma.json", { type: "application/json" }));
        return transfer;
      })()`,
    );
    await page.getByTestId("credential-drop-zone").dispatchEvent("drop", { dataTransfer });
    const dropped = await answerOf(page, "credential-verdict");
    expect(await dropped.getAttribute("data-verdict")).to.equal("valid");
    expect(await page.locator("#credential-text").inputValue()).to.equal(json);
    await expectAccessible(page, "the credential check (German)");
    await page.close();
  });

  it("refuses a credential whose claim was changed, naming the failed check", async function () {
    const page = await openPage(session, "#/credential");
    const changed = {
      ...credential,
      credentialSubject: { ...(credential.credentialSubject as object), grade: "Excellent" },
    };
    await pasteAndVerify(page, JSON.stringify(changed));
    const verdict = await answerOf(page, "credential-verdict");
    expect(await verdict.getAttribute("data-verdict")).to.equal("invalid");
    expect(await verdict.innerText()).to.match(/^This credential does not verify\.\n+1 of 6 checks failed\.$/);
    expect((await checksOf(page)).filter(([, state]) => state === "failed")).to.deep.equal([["proof", "failed"]]);
    expect(await page.getByTestId("credential-output").innerText()).to.match(
      /Signature: failed\n+The signature does not hold: .+\./,
    );
    await expectAccessible(page, "a refused credential");
    await screenshot(page, "credential-refused");
    await page.close();
  });

  it("says what is wrong with text that is not a credential, before reading the chain", async function () {
    const page = await openPage(session, "#/credential");
    for (const [text, message] of [
      ["", "Paste a credential or choose its file first."],
      ["{ not json", /^This is not JSON: .+\.$/],
      ["[1, 2]", "This is JSON, but not a credential: a credential is a JSON object with a proof."],
    ] as const) {
      await pasteAndVerify(page, text);
      const alert = page.getByRole("alert");
      await alert.waitFor();
      if (typeof message === "string") expect(await alert.innerText()).to.equal(message);
      else expect(await alert.innerText()).to.match(message);
    }
    await page.close();
  });

  it("loads the Verifiable Credentials libraries only on this page", async function () {
    const loaded = async (hash: string) => {
      const page = await openPage(session, hash);
      await page.waitForLoadState("networkidle");
      const scripts = await page.evaluate<string[]>(
        'performance.getEntriesByType("resource").map((entry) => entry.name).filter((name) => name.endsWith(".js"))',
      );
      await page.close();
      return scripts.filter((name) => /\/credential-[\w-]+\.js$/.test(name));
    };
    expect(await loaded("#/diploma")).to.deep.equal([]);
    expect(await loaded("#/credential")).to.have.length(1);
  });
});
