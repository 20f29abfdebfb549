/**
 * Register extracts in a real browser: each kind printed from its answer to a PDF, its QR code (a real image, read by
 * the page's decoder) and the PDF checked on the check page, forgeries refused, a licence's certificate with its expiry
 * and a later suspension, and the portal on a 390 px phone in both languages and through a stopped or hanging node.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, keccak256, toUtf8Bytes, ZeroAddress } from "ethers";
import type { Page } from "playwright-core";

import {
  checkLink,
  extractPdf,
  makeExtract,
  parseCanonicalText,
  parseCheckLink,
  parseRecord,
  readExtractPdf,
  textDigest,
} from "../../src/extracts/index.js";
import { IDiplomaRegistry__factory } from "../../types/ethers-contracts/index.js";
import { SEED_COMPANY, SEED_FILES, SEED_PARCEL } from "../../scripts/portal/seed.js";
import { hardhat, json } from "../e2e/helpers/cli.js";
import {
  answerOf,
  expectAccessible,
  openPage,
  OUTPUT_DIR,
  type PortalSession,
  portalSession,
  screenshot,
} from "./harness.js";

/** A phone's width. */
const PHONE = { width: 390, height: 844 };
/** The hardhat node's accounts that `npm run portal` made accreditor and the university's registrar. */
const ACCREDITOR = 5;
const UNIVERSITY_REGISTRAR = 6;

describe("register extracts and the portal on a phone", function () {
  this.timeout(600_000);

  let session: PortalSession;
  /** The PDF saved from each kind's answer. */
  const printed = new Map<string, Buffer>();

  before(async function () {
    session = await portalSession();
  });

  afterEach(function () {
    expect(session.pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  /** Presses "print this extract" on an answer and returns the saved PDF and the page's QR image. */
  async function printFrom(page: Page, name: string): Promise<{ pdf: Buffer; qr: string }> {
    const download = page.waitForEvent("download");
    await page.getByTestId("print-extract").click();
    const saved = await download;
    const pdfPath = join(OUTPUT_DIR, `extract-${name}.pdf`);
    await saved.saveAs(pdfPath);
    const qr = join(OUTPUT_DIR, `extract-${name}-qr.png`);
    await page.getByTestId("extract-qr").screenshot({ path: qr });
    const pdf = readFileSync(pdfPath);
    printed.set(name, pdf);
    return { pdf, qr };
  }

  /** Opens the check page, gives it a file and waits for the verdict. */
  async function checkFile(
    file: string | { name: string; mimeType: string; buffer: Buffer },
    language: "en" | "de" = "en",
  ) {
    const page = await openPage(session, "#/check", language);
    await page.locator("#check-file").setInputFiles(file);
    const verdict = await answerOf(page, "extract-verdict");
    return { page, verdict };
  }

  for (const [kind, hash, answerId] of [
    ["title", `#/title?ref=${encodeURIComponent(SEED_PARCEL)}`, "history"],
    ["company", `#/company?number=${encodeURIComponent(SEED_COMPANY)}`, "status-history"],
    ["diploma", "#/diploma", "verdict"],
  ] as const) {
    it(`a ${kind} extract is printed to a PDF whose QR image and file both check as true`, async function () {
      const page = await openPage(session, hash);
      if (kind === "diploma") {
        await page.locator("#diploma-institution option", { hasText: "University of Utopia" }).waitFor({
          state: "attached",
        });
        await page.locator("#diploma-institution").selectOption("1");
        await page
          .locator("#diploma-document")
          .setInputFiles(join(session.portal.workDir, "samples", SEED_FILES.valid));
        await page.getByRole("button", { name: "Verify" }).click();
      }
      await answerOf(page, answerId);
      const block = Number(/at block (\d+)/.exec(await page.getByTestId("source").innerText())![1]);
      const { pdf, qr } = await printFrom(page, kind);
      expect(pdf.subarray(0, 5).toString()).to.equal("%PDF-");

      // What the PDF carries: the check link its QR code shows, and the facts whose digest the link names.
      const { link, text } = await readExtractPdf(pdf);
      const claim = parseCheckLink(link);
      expect(claim.kind).to.equal(kind);
      expect(claim.block).to.equal(block);
      expect(claim.digest).to.equal(textDigest(text));
      expect(await page.getByTestId("extract-made").getAttribute("data-digest")).to.equal(claim.digest);
      expect(pdf.toString("latin1")).to.contain(`/${"EgovExtractFacts"}`);

      // The QR code as an image: the page's decoder reads it, and the check recomputes the facts at the block.
      const fromImage = await checkFile(qr);
      expect(await fromImage.verdict.getAttribute("data-verdict")).to.equal("valid");
      expect(await fromImage.verdict.innerText()).to.contain(`held at block ${block}`);
      expect(await fromImage.page.getByTestId("since").innerText()).to.contain("Unchanged since.");

      const fromPdf = await checkFile(join(OUTPUT_DIR, `extract-${kind}.pdf`));
      expect(await fromPdf.verdict.getAttribute("data-verdict")).to.equal("valid");
      const answer = await fromPdf.page.locator("#check-result").innerText();
      expect(answer).to.contain(`extract-${kind}.pdf`);
      await expectAccessible(fromPdf.page, `the ${kind} extract check`);
      await screenshot(fromPdf.page, `check-${kind}`);
    });
  }

  /** A forged PDF: the title extract's facts changed by `forge`, with a QR link that names their new digest. */
  async function forgedTitle(forge: (text: string) => string): Promise<Buffer> {
    const { link, text } = await readExtractPdf(printed.get("title")!);
    const claim = parseCheckLink(link);
    const forgedText = forge(text);
    const values = new Map(parseCanonicalText(forgedText).map((fact) => [fact.name, fact.value]));
    const made = await makeExtract({
      deployment: session.deployment,
      provider: new JsonRpcProvider(session.portal.rpcUrl),
      record: { kind: "title", cadastralReference: SEED_PARCEL },
    });
    const block = Number(values.get("block.number"));
    const forgedLink = checkLink(session.portal.url, { ...claim, block, digest: textDigest(forgedText) });
    return Buffer.from(
      await extractPdf({
        extract: made.extract,
        digest: textDigest(forgedText),
        link: forgedLink,
        text: forgedText,
        language: "en",
      }),
    );
  }

  it("a forged extract is refused, naming the fact that differs: a changed owner, a removed lien, a moved block", async function () {
    expect(printed.has("title"), "the title extract test runs first").to.equal(true);
    const cases = [
      {
        name: "owner",
        forge: (text: string) => text.replace(/^owner=.*$/m, 'owner="0x000000000000000000000000000000000000dead"'),
        fields: ["owner"],
      },
      {
        name: "lien",
        forge: (text: string) => text.replace(/^liens\.count=1$/m, "liens.count=0"),
        fields: ["liens.count"],
      },
      {
        name: "block",
        forge: (text: string) =>
          text.replace(/^block\.number=(\d+)$/m, (_, n: string) => `block.number=${Number(n) - 20}`),
        fields: ["block.hash", "block.time"],
      },
    ];
    for (const { name, forge, fields } of cases) {
      const pdf = await forgedTitle(forge);
      const path = join(OUTPUT_DIR, `forged-${name}.pdf`);
      writeFileSync(path, pdf);
      const { page, verdict } = await checkFile(path);
      expect(await verdict.getAttribute("data-verdict"), name).to.equal("revoked");
      expect(await verdict.innerText(), name).to.contain("Does not match the register");
      const named = await page
        .getByTestId("differences")
        .locator("li")
        .evaluateAll((items) => items.map((item) => item.getAttribute("data-field")));
      for (const field of fields) expect(named, name).to.include(field);
      if (name === "owner") await screenshot(page, "check-forged-owner");
      await page.close();
    }
  });

  it("a QR link of another chain, another contract or an unknown record, and an earlier extract, get clear answers", async function () {
    const { link } = await readExtractPdf(printed.get("title")!);
    const claim = parseCheckLink(link);
    const at = (changes: Partial<typeof claim>) => checkLink(session.portal.url, { ...claim, ...changes });
    const cases = [
      { link: at({ chainId: 1 }), text: "This extract is of chain 1; this portal reads chain 31337" },
      {
        link: at({ contract: "0x1111111111111111111111111111111111111111" }),
        text: "which is not this chain's register",
      },
      {
        link: at({ record: "UT-NOWHERE-1" }),
        text: `The register had no record UT-NOWHERE-1 at block ${claim.block}.`,
      },
      { link: at({ block: claim.block + 1_000_000 }), text: "The chain has not reached block" },
    ];
    for (const { link: url, text } of cases) {
      const page = await session.context.newPage();
      await page.goto(url.replace("#", "?lang=en#"));
      const verdict = await answerOf(page, "extract-verdict");
      expect(await verdict.innerText()).to.contain(text);
      await page.close();
    }

    // An extract made earlier, before the sale, the court order and the lien: true then, and what changed since.
    const provider = new JsonRpcProvider(session.portal.rpcUrl);
    const [registered] = await provider.getLogs({
      address: session.deployment.contracts.PropertyRegistry!.proxy,
      topics: [id("TitleRegistered(uint256,address,bytes32,string,string)"), keccak256(toUtf8Bytes(SEED_PARCEL))],
      fromBlock: session.deployment.contracts.PropertyRegistry!.deploymentBlock,
    });
    const early = await makeExtract({
      deployment: session.deployment,
      provider,
      record: { kind: "title", cadastralReference: SEED_PARCEL },
      block: registered.blockNumber,
    });
    const page = await session.context.newPage();
    await page.goto(at({ block: early.extract.block.number, digest: early.digest }).replace("#", "?lang=en#"));
    const verdict = await answerOf(page, "extract-verdict");
    expect(await verdict.getAttribute("data-verdict")).to.equal("valid");
    const since = await page.getByTestId("since").innerText();
    expect(since).to.match(/sold on \d/);
    expect(since).to.match(/moved by court order on \d/);
    expect(since).to.match(/lien registered on \d/);
    expect(since).not.to.contain("Unchanged since.");
    await screenshot(page, "check-since");
    await page.close();
  });

  /** Whether the page is wider than its window. */
  async function overflows(page: Page): Promise<number> {
    return page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
  }

  it("every page fits a 390 px phone in English and German, with answers shown", async function () {
    const { link } = await readExtractPdf(printed.get("title")!);
    const pages = [
      ["diploma", "#/diploma", null],
      ["title", `#/title?ref=${encodeURIComponent(SEED_PARCEL)}`, "history"],
      ["company", `#/company?number=${encodeURIComponent(SEED_COMPANY)}`, "status-history"],
      ["results", "#/results?poll=1", "poll-question"],
      ["polls", "#/results", "poll-list"],
      ["check", link.slice(link.indexOf("#")), "extract-verdict"],
      ["long-input", `#/title?ref=${"X".repeat(5000)}`, null],
    ] as const;
    for (const language of ["en", "de"] as const) {
      for (const [name, hash, answerId] of pages) {
        const page = await openPage(session, hash, language);
        await page.setViewportSize(PHONE);
        if (answerId !== null) await answerOf(page, answerId);
        if (name === "long-input") await page.getByRole("alert").waitFor();
        if (name === "polls") {
          // Newest first: the two secret polls, then the public one.
          const links = await page
            .getByTestId("poll-list")
            .locator("a")
            .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href")));
          expect(links).to.deep.equal(["#/results?poll=3", "#/results?poll=2", "#/results?poll=1"]);
        }
        expect(await overflows(page), `${name} in ${language} is wider than the phone`).to.be.at.most(0);
        const tabsOff = await page.evaluate<number>(
          "[...document.querySelectorAll('nav li')].filter((item) => item.getBoundingClientRect().right > window.innerWidth).length",
        );
        expect(tabsOff, `tabs of ${name} in ${language} off the screen`).to.equal(0);
        await screenshot(page, `phone-${name}-${language}`);
        await page.close();
      }
    }
  });

  it("a stopped node and a hanging node give a translated message naming the node, and a retry that works", async function () {
    const node = new URL(session.portal.rpcUrl).host;
    const rpc = `${session.portal.rpcUrl}/**`;
    for (const language of ["en", "de"] as const) {
      const page = await session.context.newPage();
      await page.route(session.portal.rpcUrl, (route) => route.abort("connectionrefused"));
      await page.route(rpc, (route) => route.abort("connectionrefused"));
      await page.goto(`${session.portal.url}?lang=${language}#/title?ref=${encodeURIComponent(SEED_PARCEL)}`);
      const failure = page.locator("#title-result").getByTestId("read-failure");
      await failure.waitFor();
      expect(await failure.innerText()).to.contain(
        language === "en" ? `The node ${node} cannot be reached.` : `Der Knoten ${node} ist nicht erreichbar.`,
      );
      // The page's own check of the node fails too, and its notice goes in above the answer: wait for it, so that
      // the page no longer moves under the pointer when the retry is clicked.
      await page.getByTestId("node-failure").waitFor();
      await page.unroute(session.portal.rpcUrl);
      await page.unroute(rpc);
      // The retry reads the title again. A read that was still failing when the node came back says so again, with
      // its own retry: the visitor tries once more, as the notice tells them to.
      const history = page.getByTestId("history");
      for (let attempt = 1; attempt <= 3; attempt++) {
        await failure.getByRole("button", { name: language === "en" ? "Try again" : "Erneut versuchen" }).click();
        await failure.waitFor({ state: "detached", timeout: 10_000 }).catch(() => undefined);
        await history
          .or(failure)
          .first()
          .waitFor({ timeout: 20_000 })
          .catch(() => undefined);
        if ((await history.isVisible()) || !(await failure.isVisible())) break;
      }
      // The node check's notice stays until a read reaches the node: the answer itself is shown, and no error may be
      // left on the page.
      await history.waitFor();
      expect(await page.getByRole("alert").count()).to.equal(0);
      await page.close();
    }

    // A node that never answers: the page waits its read timeout (one second here), then says so.
    const page = await session.context.newPage();
    await page.route("**/config.json", async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), readTimeoutSeconds: 1 } });
    });
    await page.route(session.portal.rpcUrl, () => undefined);
    await page.goto(`${session.portal.url}?lang=en#/company?number=${encodeURIComponent(SEED_COMPANY)}`);
    const failure = page.locator("#company-result").getByTestId("read-failure");
    await failure.waitFor();
    expect(await failure.innerText()).to.contain(`The node ${node} did not answer within 1 seconds.`);
    await expectAccessible(page, "a read that failed");
    await screenshot(page, "node-hanging");
    await page.unrouteAll({ behavior: "ignoreErrors" });
    await page.close();
  });
  it("the extract commands write the PDFs that the check page finds true, in German with --lang de", async function () {
    const env = { rpcUrl: session.portal.rpcUrl, deploymentsDir: join(session.portal.workDir, "deployments") };
    const out = (name: string) => join(OUTPUT_DIR, `command-${name}.pdf`);
    const common = ["--lang", "de", "--portal", session.portal.url, "--force", "--json"];
    const results = await Promise.all([
      hardhat(env, ["property", "extract", "--ref", SEED_PARCEL.toLowerCase(), "--out", out("title"), ...common]),
      hardhat(env, ["companies", "extract", "--number", SEED_COMPANY, "--out", out("company"), ...common]),
      hardhat(env, [
        "diplomas",
        "extract",
        "--institution",
        "1",
        "--document",
        join(session.portal.workDir, "samples", SEED_FILES.valid),
        "--out",
        out("diploma"),
        ...common,
      ]),
    ]);
    for (const [index, name] of ["title", "company", "diploma"].entries()) {
      const result = results[index];
      expect(result.code, `${name}: ${result.stderr}`).to.equal(0);
      const written = json<{ file: string; digest: string; link: string }>(result);
      expect(written.file).to.equal(out(name));
      const { link, text } = await readExtractPdf(readFileSync(out(name)));
      expect(link).to.equal(written.link);
      expect(textDigest(text)).to.equal(written.digest);
      const { page, verdict } = await checkFile(out(name), "de");
      expect(await verdict.getAttribute("data-verdict"), name).to.equal("valid");
      expect(await verdict.innerText()).to.contain("Stimmt: Dieser Auszug gibt wieder");
      await page.close();
    }

    // A record the register does not hold is refused with a one-line error naming it.
    const missing = await hardhat(env, ["property", "extract", "--ref", "UT-NOWHERE-1", "--out", out("missing")]);
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain("UT-NOWHERE-1");
  });

  it("a licence's certificate states its kind and expiry, checks as true, tells a later suspension, and a forged one is refused naming the fields", async function () {
    // The university (institution 1) is accredited for professional licences (kind 1) and issues one, valid 400 days.
    const provider = new JsonRpcProvider(session.portal.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const registry = session.deployment.contracts.DiplomaRegistry!.proxy;
    const asAccreditor = IDiplomaRegistry__factory.connect(registry, await provider.getSigner(ACCREDITOR));
    const asRegistrar = IDiplomaRegistry__factory.connect(registry, await provider.getSigner(UNIVERSITY_REGISTRAR));
    const now = (await provider.getBlock("latest"))!.timestamp;
    await provider.send("evm_setNextBlockTimestamp", [now + 1]);
    await (await asAccreditor.accreditForKind(1, 1, now + 1, id("licensing accreditation 2026/9"))).wait();
    const document = Buffer.from("%PDF-1.4\nProfessional licence UT-GP-0042: Dr Ada Martin, general practice\n");
    const documentHash = keccak256(document);
    const expiresAt = now + 400 * 24 * 3600;
    const licence = {
      documentHash,
      holderCommitment: id("holder of licence UT-GP-0042"),
      holderWallet: ZeroAddress,
      programmeCode: id("general practice"),
      awardedAt: now - 60,
    };
    await (await asRegistrar.issueCredential(1, licence, { validFrom: 0, expiresAt })).wait();

    // Verified on the diploma page and printed from its answer.
    const page = await openPage(session, "#/diploma");
    await page.locator("#diploma-institution option", { hasText: "University of Utopia" }).waitFor({
      state: "attached",
    });
    await page.locator("#diploma-institution").selectOption("1");
    await page.locator("#diploma-document").setInputFiles({
      name: "licence.pdf",
      mimeType: "application/pdf",
      buffer: document,
    });
    await page.getByRole("button", { name: "Verify" }).click();
    await answerOf(page, "verdict");
    const { pdf } = await printFrom(page, "licence");
    await page.close();
    const { link, text } = await readExtractPdf(pdf);
    expect(parseCheckLink(link).digest).to.equal(textDigest(text));
    const facts = new Map(parseCanonicalText(text).map((fact) => [fact.name, fact.value]));
    expect(facts.get("format")).to.equal("egov-extract/2");
    expect(facts.get("credential.kindName")).to.equal("Professional licence");
    expect(facts.get("expiresAt")).to.equal(expiresAt);
    expect(facts.get("suspendedAt")).to.equal(null);

    const licencePdf = join(OUTPUT_DIR, "extract-licence.pdf");
    const first = await checkFile(licencePdf);
    expect(await first.verdict.getAttribute("data-verdict")).to.equal("valid");
    expect(await first.verdict.innerText()).to.contain("Credential certificate: Professional licence");
    expect(await first.page.getByTestId("since").innerText()).to.contain("Unchanged since.");
    await first.page.close();

    // Suspended afterwards: the certificate stays true at its block, and the check says what happened since.
    await (await asRegistrar.suspend(documentHash, 3, id("disciplinary decision 2026-41"))).wait();
    const later = await checkFile(licencePdf);
    expect(await later.verdict.getAttribute("data-verdict")).to.equal("valid");
    expect(await later.page.getByTestId("since").innerText()).to.match(
      /suspended on \d.* \(withdrawn by the institution\)/,
    );
    await screenshot(later.page, "check-licence-suspended-since");
    await later.page.close();

    // A forged certificate: made after the suspension, with a later expiry and the suspension hidden.
    const made = await makeExtract({
      deployment: session.deployment,
      provider,
      record: parseRecord("diploma", `1:${documentHash}`)!,
    });
    const forgedText = made.text
      .replace(/^expiresAt=\d+$/m, `expiresAt=${expiresAt + 5 * 365 * 24 * 3600}`)
      .replace('status="Suspended"', 'status="Valid"')
      .replace(/^suspendedAt=\d+$/m, "suspendedAt=null")
      .replace(/^suspensionReason=\d+$/m, "suspensionReason=null");
    const digest = textDigest(forgedText);
    const forgedLink = checkLink(session.portal.url, {
      ...parseCheckLink(link),
      block: made.extract.block.number,
      digest,
    });
    const forgedPath = join(OUTPUT_DIR, "forged-licence.pdf");
    writeFileSync(
      forgedPath,
      await extractPdf({ extract: made.extract, digest, link: forgedLink, text: forgedText, language: "en" }),
    );
    const forged = await checkFile(forgedPath);
    expect(await forged.verdict.getAttribute("data-verdict")).to.equal("revoked");
    const named = await forged.page
      .getByTestId("differences")
      .locator("li")
      .evaluateAll((items) => items.map((item) => item.getAttribute("data-field")));
    expect(named).to.deep.equal(["status", "expiresAt", "suspendedAt", "suspensionReason"]);
    expect(await forged.page.getByTestId("differences").innerText()).to.match(/Expires on differs: on the paper \d/);
    await screenshot(forged.page, "check-forged-licence");
    await forged.page.close();
    provider.destroy();
  });
});
