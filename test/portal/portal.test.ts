/**
 * The public verification portal in a real browser: `npm run portal` starts a local node, deploys, seeds and serves
 * the built page; headless Chromium (Debian's, through playwright-core) checks diplomas, a land title, a company and
 * a poll's results as a visitor does, runs axe-core on every page and saves a screenshot of each under `test-output/portal`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

import { expect } from "chai";
import { keccak256 } from "ethers";
import type { BrowserContext, Page, Request } from "playwright-core";

import type { SuiteDeployment } from "../../src/deployment.js";
import {
  SEED_COMPANY,
  SEED_FILES,
  SEED_OTHER_INSTITUTION,
  SEED_PARCEL,
  SEED_POLL,
  SEED_UNIVERSITY,
} from "../../scripts/portal/seed.js";
import {
  answerOf,
  expectAccessible,
  EXPLORER,
  openPage as openPortalPage,
  type Portal,
  portalSession,
  PROJECT_ROOT,
  screenshot,
} from "./harness.js";

/** The most JavaScript, gzipped, that the first page (the diploma check) may load. */
const FIRST_PAGE_JS_BUDGET = 300 * 1024;
/** How the institutions of the demonstration appear in the list. */
const UNIVERSITY = `${SEED_UNIVERSITY} (UT)`;
const OTHER_INSTITUTION = `${SEED_OTHER_INSTITUTION} (UT)`;

function sample(portal: Portal, file: string): string {
  return join(portal.workDir, "samples", file);
}

function sampleHash(portal: Portal, file: string): string {
  return keccak256(readFileSync(sample(portal, file)));
}

/** Presses Tab until the element matching `selector` has the focus, as a keyboard-only visitor does. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let presses = 0; presses < 40; presses += 1) {
    if ((await page.locator(`${selector}:focus`).count()) === 1) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`the keyboard never reached ${selector}`);
}

describe("public verification portal in a browser", function () {
  this.timeout(600_000);

  let portal: Portal | undefined;
  let context: BrowserContext | undefined;
  let deployment: SuiteDeployment;
  let requests: Request[] = [];
  let pageErrors: string[] = [];

  before(async function () {
    const session = await portalSession();
    ({ portal, context, deployment, requests, pageErrors } = session);
  });

  afterEach(function () {
    expect(pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  async function openPage(hash: string): Promise<Page> {
    return openPortalPage(await portalSession(), hash);
  }

  /** Chooses the institution (unless null), the document and the proof file, verifies, and waits for the verdict. */
  async function verifyDocument(
    page: Page,
    documentFile: string,
    proofFile?: string,
    institution: string | null = UNIVERSITY,
  ) {
    if (institution !== null) await page.locator("#diploma-institution").selectOption({ label: institution });
    await page.locator("#diploma-document").setInputFiles(sample(portal!, documentFile));
    if (proofFile !== undefined) await page.locator("#diploma-proof").setInputFiles(sample(portal!, proofFile));
    await page.getByRole("button", { name: "Verify" }).click();
    const verdict = await answerOf(page, "verdict");
    return { verdict, answer: page.locator("#diploma-result") };
  }

  it("a valid diploma is hashed in the browser, never uploaded, and shows valid with its institution and source", async function () {
    const page = await openPage("#/diploma");
    const before = requests.length;
    const { verdict, answer } = await verifyDocument(page, SEED_FILES.valid);
    expect(await verdict.getAttribute("data-status")).to.equal("Valid");
    expect(await verdict.innerText()).to.contain("This diploma is in the register and valid.");
    const text = await answer.innerText();
    expect(text).to.contain(sampleHash(portal!, SEED_FILES.valid));
    expect(text).to.contain(`Checked in the register of\n${UNIVERSITY}`);
    expect(text).to.contain(`Institution\n${UNIVERSITY}`);
    expect(text).to.match(/Accredited when issued\s+yes/);

    const registry = deployment.contracts.DiplomaRegistry!.proxy;
    const source = page.getByTestId("source");
    expect(await source.innerText()).to.match(/Read from DiplomaRegistry on chain 31337 \(localhost\) at block \d+\./);
    expect(await source.innerText()).to.contain(registry);
    const block = /at block (\d+)/.exec(await source.innerText())![1];
    expect(await source.locator(`a[href="${EXPLORER}/address/${registry}"]`).count()).to.equal(1);
    expect(await source.locator(`a[href="${EXPLORER}/block/${block}"]`).count()).to.equal(1);

    const file = readFileSync(sample(portal!, SEED_FILES.valid));
    const fileHex = file.toString("hex").slice(0, 64);
    const sent = requests.slice(before);
    expect(sent.filter((request) => request.url().startsWith(portal!.url) && request.method() !== "GET")).to.deep.equal(
      [],
    );
    const bodies = sent.map((request) => request.postData() ?? "").join("\n");
    expect(bodies).to.contain(sampleHash(portal!, SEED_FILES.valid).slice(2));
    expect(bodies).not.to.contain(fileHex);
    expect(bodies).not.to.contain(file.toString("base64").slice(0, 40));

    await expectAccessible(page, "the valid diploma");
    await screenshot(page, "diploma-valid");
  });

  it("a revoked diploma shows revoked with its reason, date and the corrected successor", async function () {
    const page = await openPage("#/diploma");
    const { verdict, answer } = await verifyDocument(page, SEED_FILES.revoked);
    expect(await verdict.getAttribute("data-status")).to.equal("Revoked");
    const text = await answer.innerText();
    expect(text).to.contain("This diploma was issued and later revoked. It is not valid.");
    expect(text).to.match(
      /Revoked on\s+\d{1,2} \w+ \d{4} at \d{2}:\d{2} UTC|Revoked on\s+\d{1,2} \w+ \d{4}, \d{2}:\d{2} UTC/,
    );
    expect(text).to.match(/Reason\s+issued with an error \(a corrected document replaces it\)/);
    expect(text).to.contain(`Checked file\n${SEED_FILES.revoked} (`);
    expect(text).to.contain(`Replaced by the corrected diploma\n${sampleHash(portal!, SEED_FILES.corrected)}`);
    await expectAccessible(page, "the revoked diploma");
    await screenshot(page, "diploma-revoked");

    expect(await page.evaluate<string>("document.activeElement?.dataset.testid")).to.equal("verdict");

    // The corrected diploma is checked by its hash from the register; the revoked file is no longer the one chosen.
    await page.getByRole("button", { name: "Check the corrected diploma" }).click();
    await page.locator('[data-testid="verdict"][data-status="Valid"]').waitFor();
    const corrected = await answer.innerText();
    expect(corrected).to.contain(`Document hash (keccak-256)\n${sampleHash(portal!, SEED_FILES.corrected)}`);
    expect(corrected).to.contain("It does not check a file");
    expect(corrected).not.to.contain(SEED_FILES.revoked);
    expect(await page.evaluate<number>("document.querySelector('#diploma-document').files.length")).to.equal(0);

    // A verdict goes when its file changes.
    await verifyDocument(page, SEED_FILES.valid);
    await page.locator("#diploma-document").setInputFiles(sample(portal!, SEED_FILES.unknown));
    await page.getByText("The file changed: press Verify to check the new one.").waitFor();
    expect(await page.getByTestId("verdict").count()).to.equal(0);
  });

  it("a document that was never issued shows unknown", async function () {
    const page = await openPage("#/diploma");
    const { verdict, answer } = await verifyDocument(page, SEED_FILES.unknown);
    expect(await verdict.getAttribute("data-status")).to.equal("Unknown");
    const text = await answer.innerText();
    expect(text).to.contain("This document is not in the register.");
    expect(text).to.contain(`Checked in the register of\n${UNIVERSITY}`);
    expect(text).not.to.contain("Institution today");
    expect(text).not.to.contain("Issuer account");
    await expectAccessible(page, "the unknown diploma");
    await screenshot(page, "diploma-unknown");
  });

  it("a tampered copy of a valid diploma shows unknown, clearly, and no error", async function () {
    const page = await openPage("#/diploma");
    const { verdict, answer } = await verifyDocument(page, SEED_FILES.tampered);
    expect(await verdict.getAttribute("data-status")).to.equal("Unknown");
    expect(await answer.innerText()).to.contain("even by one byte, is unknown");
    expect(await answer.innerText()).to.contain(sampleHash(portal!, SEED_FILES.tampered));
    expect(await page.getByRole("alert").count()).to.equal(0);
    await expectAccessible(page, "the tampered diploma");
    await screenshot(page, "diploma-tampered");
  });

  it("the institution is chosen from the registry's institutions, and the right document under the wrong institution is unknown", async function () {
    const page = await openPage("#/diploma");
    const select = page.getByLabel("Issuing institution");
    await select.locator("option", { hasText: OTHER_INSTITUTION }).waitFor({ state: "attached" });
    expect(await select.locator("option").allInnerTexts()).to.deep.equal([
      "Choose the institution",
      UNIVERSITY,
      OTHER_INSTITUTION,
    ]);

    const wrong = await verifyDocument(page, SEED_FILES.valid, undefined, OTHER_INSTITUTION);
    expect(await wrong.verdict.getAttribute("data-status")).to.equal("Unknown");
    const text = await wrong.answer.innerText();
    expect(text).to.contain(`Checked in the register of\n${OTHER_INSTITUTION}`);
    expect(text).to.contain(sampleHash(portal!, SEED_FILES.valid));
    await expectAccessible(page, "a diploma under the wrong institution");
    await screenshot(page, "diploma-wrong-institution");

    const right = await verifyDocument(page, SEED_FILES.valid, undefined, UNIVERSITY);
    expect(await right.verdict.getAttribute("data-status")).to.equal("Valid");
  });

  it("without a chosen institution the check asks for one, and the address can name it", async function () {
    const page = await openPage("#/diploma");
    await page.locator("#diploma-institution option", { hasText: UNIVERSITY }).waitFor({ state: "attached" });
    await page.locator("#diploma-document").setInputFiles(sample(portal!, SEED_FILES.valid));
    await page.getByRole("button", { name: "Verify" }).click();
    expect(await page.getByRole("alert").innerText()).to.equal("Choose the institution that issued the diploma first.");
    expect(await page.locator("#diploma-institution:focus").count()).to.equal(1);

    const named = await openPage("#/diploma?institution=1");
    await named.locator("#diploma-institution option", { hasText: UNIVERSITY }).waitFor({ state: "attached" });
    const { verdict } = await verifyDocument(named, SEED_FILES.valid, undefined, null);
    expect(await verdict.getAttribute("data-status")).to.equal("Valid");
  });

  it("a batch diploma is valid with its proof file, which names its institution, and unknown without it", async function () {
    const page = await openPage("#/diploma");
    const proof = JSON.parse(readFileSync(sample(portal!, SEED_FILES.batchProof), "utf8")) as {
      root: string;
      institutionId: number;
    };
    expect(proof.institutionId).to.equal(1);
    // The visitor chose the other institution; the proof file's own institution counts.
    const withProof = await verifyDocument(page, SEED_FILES.batch, SEED_FILES.batchProof, OTHER_INSTITUTION);
    expect(await withProof.verdict.getAttribute("data-status")).to.equal("Valid");
    expect(await withProof.answer.innerText()).to.contain(`Batch root\n${proof.root}`);
    expect(await withProof.answer.innerText()).to.contain(`Checked in the register of\n${UNIVERSITY}`);
    expect(await withProof.answer.innerText()).to.contain(
      `The proof file names its issuing institution, ${UNIVERSITY}; the diploma is checked in that institution's register.`,
    );
    expect(await page.locator("#diploma-institution").inputValue()).to.equal("1");
    await expectAccessible(page, "the batch diploma");
    await screenshot(page, "diploma-batch");

    const alone = await openPage("#/diploma");
    const without = await verifyDocument(alone, SEED_FILES.batch);
    expect(await without.verdict.getAttribute("data-status")).to.equal("Unknown");
  });

  it("a proof file that is not a proof is refused with a message naming what is wrong", async function () {
    const page = await openPage("#/diploma");
    await page.locator("#diploma-document").setInputFiles(sample(portal!, SEED_FILES.batch));
    await page.locator("#diploma-proof").setInputFiles(sample(portal!, SEED_FILES.valid));
    await page.getByRole("button", { name: "Verify" }).click();
    expect(await page.getByRole("alert").innerText()).to.equal("The proof file cannot be used: it is not JSON");

    const proof = JSON.parse(readFileSync(sample(portal!, SEED_FILES.batchProof), "utf8")) as Record<string, unknown>;
    await page.locator("#diploma-proof").setInputFiles({
      name: "proof.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify({ ...proof, institutionId: "one" })),
    });
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("alert").getByText("institutionId").waitFor();
    expect(await page.getByRole("alert").innerText()).to.equal(
      'The proof file cannot be used: the field "institutionId" is not an institution number',
    );
  });

  it("a land title shows owner, status, liens and its history with a sale and a court order, by keyboard alone", async function () {
    const page = await openPage("#/title");
    await tabTo(page, "#cadastral-reference");
    await page.keyboard.type(SEED_PARCEL);
    await page.keyboard.press("Enter");
    const history = await answerOf(page, "history");
    const entries = history.locator("li");
    expect(await entries.evaluateAll((items) => items.map((item) => item.getAttribute("data-kind")))).to.deep.equal([
      "Registration",
      "Sale",
      "CourtOrder",
    ]);
    const texts = await entries.allInnerTexts();
    expect(texts[0]).to.contain("Registration");
    expect(texts[1]).to.contain("Sale");
    expect(texts[2]).to.contain("Court order");
    for (const text of texts) expect(text).to.match(/Basis document hash\s+0x[0-9a-f]{64}/);
    expect(texts[2]).to.contain(keccak256(new TextEncoder().encode("inheritance certificate 2026/77")));

    const answer = await page.locator("#title-result").innerText();
    expect(answer).to.contain(`Parcel ${SEED_PARCEL}`);
    expect(answer).to.match(/Status\s+active/);
    const owner = /Owner account\s+(0x[0-9a-fA-F]{40})/.exec(answer)![1];
    expect(texts[2]).to.contain(owner);
    expect(await page.getByTestId("liens").locator("tbody tr").count()).to.equal(1);
    expect(await page.getByTestId("liens").innerText()).to.contain("in force");
    expect(await page.getByTestId("source").innerText()).to.match(/Read from PropertyRegistry on chain 31337/);
    expect(page.url()).to.contain(`#/title?ref=${encodeURIComponent(SEED_PARCEL)}`);
    await expectAccessible(page, "the land title");
    await screenshot(page, "title");
  });

  it("an unknown cadastral reference says that no title is registered under it", async function () {
    const page = await openPage(`#/title?ref=${encodeURIComponent("UT-NOWHERE-1")}`);
    await page.getByText("No title is registered under the cadastral reference UT-NOWHERE-1.").waitFor();
    expect(await page.getByTestId("source").innerText()).to.match(/Read from PropertyRegistry/);
    await expectAccessible(page, "the unknown title");
  });

  it("a company shows its status with its history, its directors with dates and its filings", async function () {
    const page = await openPage("#/company");
    await tabTo(page, "#company-number");
    await page.keyboard.type(SEED_COMPANY);
    await page.keyboard.press("Enter");
    const statusHistory = await answerOf(page, "status-history");
    expect(await page.getByTestId("company-status").innerText()).to.equal("active");
    const changes = await statusHistory.locator("tbody tr td:nth-child(2)").allInnerTexts();
    expect(changes).to.deep.equal([
      "registered, incorporated",
      "incorporated → active",
      "active → suspended",
      "suspended → active",
    ]);
    const directors = await page.getByTestId("directors").locator("tbody tr").allInnerTexts();
    expect(directors).to.have.length(2);
    expect(directors[0]).to.contain("serving");
    expect(directors[1]).not.to.contain("serving");
    expect(await page.getByTestId("filings").locator("tbody tr").count()).to.equal(1);
    expect(await page.getByTestId("filings").innerText()).to.contain("annual accounts");
    expect(await page.locator("#company-result").innerText()).to.match(/Legal form \(ISO 20275\)\s+GmbH \(2HBR\)/);
    expect(await page.locator("#company-result").innerText()).to.contain("Utopia Solar Cooperative Ltd");
    expect(await page.getByTestId("source").innerText()).to.match(/Read from CompanyRegistry on chain 31337/);
    await expectAccessible(page, "the company");
    await screenshot(page, "company");
  });

  /** The demonstration poll's tally as the seed cast it: each voter's last ballot counts. */
  function expectedVotes(): number[] {
    const last = new Map<string, number>();
    for (const { voter, option } of SEED_POLL.ballots) last.set(voter, option);
    const votes = SEED_POLL.options.map(() => 0);
    for (const option of last.values()) votes[option] += 1;
    return votes;
  }

  it("a poll shows its checked question and options, census, turnout and tally as a chart and a table, and recomputes both from the events", async function () {
    const page = await openPage("#/results?poll=1");
    const question = await answerOf(page, "poll-question");
    expect(await question.innerText()).to.equal(SEED_POLL.question);
    const metadataCheck = page.getByTestId("metadata-check");
    expect(await metadataCheck.getAttribute("data-metadata")).to.equal("matches");
    expect(await metadataCheck.innerText()).to.equal(
      "The published question and options match the hash the poll states on chain.",
    );
    const votes = expectedVotes();
    const ballots = new Set(SEED_POLL.ballots.map((ballot) => ballot.voter)).size;
    const size = SEED_POLL.citizens.length;
    const answer = await page.locator("#results-result").innerText();
    expect(answer).to.match(/Status\s+closed; the tally is final/);
    expect(answer).to.contain(`Census: citizens who may vote\n${size}`);
    expect(answer).to.contain(`Ballots counted\n${ballots}`);
    expect(answer).to.contain(`Turnout\n${Math.round((100 * ballots) / size)}% (${ballots} of ${size})`);
    const metadataHash = keccak256(
      new TextEncoder().encode(
        `${JSON.stringify({ question: SEED_POLL.question, options: SEED_POLL.options }, null, 2)}\n`,
      ),
    );
    expect(answer).to.contain(metadataHash);

    const bars = page.getByTestId("tally-chart").locator("li");
    expect(await bars.count()).to.equal(SEED_POLL.options.length);
    for (const [index, option] of SEED_POLL.options.entries()) {
      const bar = bars.nth(index);
      expect(await bar.locator(".tally-label").innerText()).to.equal(option);
      expect(await bar.locator("meter").getAttribute("value")).to.equal(String(votes[index]));
      expect(await bar.locator(".tally-value").innerText()).to.match(
        new RegExp(`^${votes[index]} ${votes[index] === 1 ? "vote" : "votes"} \\(`),
      );
      expect(await page.getByRole("meter", { name: option }).count()).to.equal(1);
    }

    const table = page.getByTestId("tally-table");
    expect(await table.isVisible()).to.equal(false);
    const toggle = page.getByRole("button", { name: "Show the tally as a table" });
    expect(await toggle.getAttribute("aria-expanded")).to.equal("false");
    await toggle.click();
    expect(await table.isVisible()).to.equal(true);
    expect(await page.getByRole("button", { name: "Hide the table" }).getAttribute("aria-expanded")).to.equal("true");
    const rows = await table.locator("tbody tr").allInnerTexts();
    expect(rows.map((row) => row.split("\t").slice(0, 2))).to.deep.equal(
      SEED_POLL.options.map((option, index) => [option, String(votes[index])]),
    );
    expect(await page.getByTestId("source").innerText()).to.match(/Read from Elections on chain 31337/);

    await page.getByRole("button", { name: "Recompute the tally and the census" }).click();
    const recomputed = await answerOf(page, "recomputed");
    const text = await recomputed.innerText();
    expect(text).to.contain(
      `The tally recomputed from the ballot events (${ballots} ballots counted) matches the contract's.`,
    );
    expect(text).to.contain(
      `The census recomputed from the citizen register's events (${size} citizens) has the poll's root and size.`,
    );
    const stated = /Census root stated by the poll\s+(\d+)/.exec(text)![1];
    expect(/Census root recomputed\s+(\d+)/.exec(text)![1]).to.equal(stated);
    expect(text).to.contain(
      `Recomputed votes per option\n${SEED_POLL.options.map((option, index) => `${option}: ${votes[index]}`).join("; ")}`,
    );
    await expectAccessible(page, "the poll results");
    await screenshot(page, "results");
  });

  it("published texts that do not match the poll's hash are said not to match, and not shown", async function () {
    const page = await context!.newPage();
    page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    const altered = { question: SEED_POLL.question, options: ["No", "Only from May to September", "Yes, all year"] };
    await page.route("**/polls/1.json", (route) =>
      route.fulfill({ contentType: "application/json", body: `${JSON.stringify(altered, null, 2)}\n` }),
    );
    await page.goto(`${portal!.url}?lang=en#/results?poll=1`);
    const question = await answerOf(page, "poll-question");
    expect(await question.innerText()).to.equal("Poll no. 1");
    const metadataCheck = page.getByTestId("metadata-check");
    expect(await metadataCheck.getAttribute("data-metadata")).to.equal("mismatch");
    expect(await metadataCheck.innerText()).to.contain("do NOT match the hash the poll states on chain");
    const labels = await page.getByTestId("tally-chart").locator(".tally-label").allInnerTexts();
    expect(labels).to.deep.equal(["Option 1", "Option 2", "Option 3"]);
    expect(await page.locator("#results-result").innerText()).not.to.contain("Yes, all year");
    await expectAccessible(page, "the poll with altered texts");
  });

  it("an unknown poll number says that there is no such poll", async function () {
    const page = await openPage("#/results?poll=99");
    await page.getByText("There is no poll number 99.").waitFor();
    expect(await page.getByTestId("source").innerText()).to.match(/Read from Elections/);
    await expectAccessible(page, "the unknown poll");
  });

  it("the page switches to German by keyboard and answers in German", async function () {
    const page = await openPage("#/diploma");
    await tabTo(page, "#language");
    await page.keyboard.press("ArrowDown");
    await page.locator("h1", { hasText: "Diplom prüfen" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).to.equal("de");
    await page.getByLabel("Ausstellende Hochschule").selectOption({ label: UNIVERSITY });
    await page.locator("#diploma-document").setInputFiles(sample(portal!, SEED_FILES.valid));
    await page.getByRole("button", { name: "Prüfen" }).click();
    await answerOf(page, "verdict");
    expect(await page.getByTestId("verdict").innerText()).to.contain("Gültig");
    expect(await page.getByTestId("source").innerText()).to.match(/Gelesen aus DiplomaRegistry auf Chain 31337/);
    await expectAccessible(page, "the German diploma page");
    await screenshot(page, "diploma-valid-de");

    // Switching back keeps the chosen file and institution, and shows the verdict again in English.
    await page.locator("#language").selectOption("en");
    await page.locator('[data-testid="verdict"]', { hasText: "Valid" }).waitFor();
    expect(await page.locator("#diploma-institution").inputValue()).to.equal("1");
    expect(await page.locator("#diploma-result").innerText()).to.contain(`Checked file\n${SEED_FILES.valid} (`);
  });

  it("the server answers the page, config.json and the samples, and nothing outside them", async function () {
    const config = (await (await fetch(`${portal!.url}config.json`)).json()) as {
      rpcUrl: string;
      explorerUrl: string;
      deployment: SuiteDeployment;
    };
    expect(config.rpcUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(config.explorerUrl).to.equal(EXPLORER);
    expect(config.deployment).to.deep.equal(deployment);
    const pdf = await fetch(`${portal!.url}samples/${SEED_FILES.valid}`);
    expect(pdf.status).to.equal(200);
    expect(pdf.headers.get("content-type")).to.equal("application/pdf");
    expect(keccak256(new Uint8Array(await pdf.arrayBuffer()))).to.equal(sampleHash(portal!, SEED_FILES.valid));
    const metadata = await fetch(`${portal!.url}polls/1.json`);
    expect(metadata.status).to.equal(200);
    expect(metadata.headers.get("content-type")).to.equal("application/json; charset=utf-8");
    expect(JSON.parse(await metadata.text())).to.deep.equal({
      question: SEED_POLL.question,
      options: SEED_POLL.options,
    });
    for (const path of [
      "samples/..%2F..%2Fpackage.json",
      "polls/..%2F..%2Fpackage.json",
      "polls/99.json",
      "..%2Fpackage.json",
      "%2e%2e/%2e%2e/package.json",
      "nothing.js",
    ]) {
      expect((await fetch(`${portal!.url}${path}`)).status, path).to.equal(404);
    }
    expect((await fetch(portal!.url, { method: "POST", body: "x" })).status).to.equal(405);

    // Static files are compressed, and the build's hashed assets are cached for a year; the rest is revalidated.
    const html = await fetch(portal!.url);
    expect(html.headers.get("cache-control")).to.equal("no-cache");
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(await html.text())![1];
    const asset = await fetch(`${portal!.url}${script}`, { headers: { "accept-encoding": "br, gzip" } });
    expect(asset.headers.get("content-encoding")).to.equal("br");
    expect(asset.headers.get("cache-control")).to.equal("public, max-age=31536000, immutable");
    const etag = asset.headers.get("etag")!;
    await asset.arrayBuffer();
    const again = await fetch(`${portal!.url}${script}`, { headers: { "if-none-match": etag } });
    expect(again.status).to.equal(304);
    const gzip = await fetch(`${portal!.url}${script}`, { headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers.get("content-encoding")).to.equal("gzip");
  });

  it("the first page loads at most 300 KB of JavaScript, gzipped, and no contract bytecode", async function () {
    const manifest = JSON.parse(
      readFileSync(join(PROJECT_ROOT, "portal", "dist", ".vite", "manifest.json"), "utf8"),
    ) as Record<string, { file: string; imports?: string[]; isEntry?: boolean; isDynamicEntry?: boolean }>;
    const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry === true);
    expect(entries).to.deep.equal(["index.html"]);
    const files = new Set<string>();
    const walk = (key: string) => {
      const chunk = manifest[key];
      if (files.has(chunk.file)) return;
      files.add(chunk.file);
      for (const imported of chunk.imports ?? []) walk(imported);
    };
    walk("index.html");
    let gzipped = 0;
    for (const file of files) {
      if (file.endsWith(".js")) gzipped += gzipSync(readFileSync(join(PROJECT_ROOT, "portal", "dist", file))).length;
    }
    console.log(`      first page JavaScript: ${(gzipped / 1024).toFixed(1)} KB gzipped`);
    // The election results, the extract check and the PDF maker are loaded only when they are used, and a secret
    // poll's curve code only for a secret poll.
    for (const lazy of [
      "src/pages/results.ts",
      "src/pages/results-secret.ts",
      "src/pages/voter-secret.ts",
      "src/pages/check.ts",
      "src/print.ts",
    ]) {
      expect(manifest[lazy]?.isDynamicEntry, lazy).to.equal(true);
      expect(files.has(manifest[lazy].file), lazy).to.equal(false);
    }
    // The page reads contracts and never deploys one: no factory's creation code is in it (compiled creation code
    // starts with 0x6080604052, or 0x60a0604052 for a contract with immutables).
    for (const file of files) {
      const text = readFileSync(join(PROJECT_ROOT, "portal", "dist", file), "utf8");
      expect(/"0x60(80|a0)60405[0-9a-f]{200}/.test(text), file).to.equal(false);
    }
    expect(gzipped).to.be.greaterThan(0);
    expect(gzipped).to.be.at.most(FIRST_PAGE_JS_BUDGET);
  });
});
