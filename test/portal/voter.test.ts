/**
 * The voter's page in a real browser against the portal's chain: a citizen creates a voting identity, is registered
 * by the civil registrar, sees the polls whose census holds them, casts a ballot of each rule through the
 * municipality's relay (the proof made in the page's worker), re-votes, checks the receipt, is refused a wrong
 * passphrase, imports a backup, and is told in plain words why a ballot cannot be cast (not in the census, a closed
 * poll, over the budget, a relay that is down).
 *
 * It shares the portal of the other browser tests and runs after them (mocha loads the files in name order): it adds
 * citizens and polls to the shared chain, which the results tests' expectations (a single poll) do not allow for.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider, keccak256 } from "ethers";
import type { Page } from "playwright-core";

import { SEED_POLL, SEED_TOWN } from "../../scripts/portal/seed.js";
import { computeCensus, readCitizenChanges } from "../../src/elections/census.js";
import { censusDepth, Identity } from "../../src/elections/proof.js";
import { citizenRegistryAt, electionsAt } from "../../src/elections/polls.js";
import {
  englishLeft,
  expectAccessible,
  openPage,
  OUTPUT_DIR,
  type PortalSession,
  portalSession,
  screenshot,
} from "./harness.js";

/** The hardhat node's accounts that `npm run portal` made civil registrar and election officer. */
const CIVIL_REGISTRAR = 12;
const ELECTION_OFFICER = 13;
const ADULT_RESIDENT = 3;
const PASSPHRASE = "correct horse battery staple";
const DAY = 24 * 60 * 60;
/** What the page says to a wrong passphrase, exactly. */
const WRONG_PASSPHRASE =
  "That passphrase does not open this voting identity. Nothing was opened. Check the spelling and try again; if the passphrase is lost, only your backup file and its passphrase can restore the identity.";

describe("the voter's page in a browser", function () {
  this.timeout(900_000);

  let session: PortalSession;
  let provider: JsonRpcProvider;
  let relayUrl: string;
  let commitment: string;
  /** Poll ids: the seeded closed poll and the ones this test creates. */
  const polls = { closed: 1n, single: 0n, approval: 0n, budget: 0n, review: 0n };

  before(async function () {
    session = await portalSession();
    // No cache: the test reads the latest block again right after moving the clock.
    provider = new JsonRpcProvider(session.portal.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const config = (await (await fetch(new URL("config.json", session.portal.url))).json()) as { relayUrl: string };
    relayUrl = config.relayUrl;
  });

  after(() => provider?.destroy());

  afterEach(function () {
    expect(session.pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  async function advance(seconds: number): Promise<void> {
    await provider.send("evm_increaseTime", [seconds]);
    await provider.send("evm_mine", []);
  }

  /** Creates a poll of town 4101 with the census as the register stands, and publishes its texts beside the page. */
  async function createPoll(
    question: string,
    options: readonly string[],
    rule: { rule: number; maxChoices?: number; budget?: bigint; costs?: bigint[] },
  ): Promise<bigint> {
    const elections = electionsAt(
      session.deployment.contracts.Elections!.proxy,
      await provider.getSigner(ELECTION_OFFICER),
    );
    const census = computeCensus({
      changes: await readCitizenChanges({ provider, registry: session.deployment.contracts.CitizenRegistry!.proxy }),
      jurisdiction: SEED_TOWN,
      requiredFlags: ADULT_RESIDENT,
    });
    const metadata = `${JSON.stringify({ question, options })}\n`;
    const now = (await provider.getBlock("latest"))!.timestamp;
    const opensAt = now + Number(await elections.reviewPeriod()) + 60;
    await (
      await elections.createPoll({
        metadataHash: keccak256(new TextEncoder().encode(metadata)),
        rule: rule.rule,
        optionCount: options.length,
        maxChoices: rule.maxChoices ?? 0,
        revoting: true,
        opensAt,
        closesAt: opensAt + 7 * DAY,
        budget: rule.budget ?? 0n,
        costs: rule.costs ?? [],
        census: {
          jurisdiction: SEED_TOWN,
          requiredFlags: ADULT_RESIDENT,
          size: census.size,
          sequence: census.sequence,
          depth: censusDepth(census.size),
          root: census.root,
        },
      })
    ).wait();
    const pollId = await elections.pollCount();
    writeFileSync(join(session.portal.workDir, "polls", `${pollId}.json`), metadata);
    return pollId;
  }

  async function unlock(page: Page, passphrase = PASSPHRASE): Promise<void> {
    await page.locator("#voter-passphrase").fill(passphrase);
    await page.locator("#voter-passphrase").press("Enter");
  }

  async function openBallot(page: Page, pollId: bigint): Promise<void> {
    await page.getByRole("button", { name: `Vote in poll ${pollId}` }).click();
    const form = page.getByTestId(`voter-ballot-${pollId}`);
    await form.waitFor();
    // The prover starts with the form: its circuit files load and its engine starts while the voter chooses.
    await page.locator(`[data-testid="voter-ballot-${pollId}"][data-prover="ready"]`).waitFor({ timeout: 120_000 });
  }

  /** Presses the cast button and waits for the receipt or the refusal. */
  async function castAndWait(page: Page, pollId: bigint): Promise<string> {
    const form = page.getByTestId(`voter-ballot-${pollId}`);
    await form.locator("button[type=submit]").click();
    const outcome = form.getByTestId("voter-receipt").or(form.getByTestId("voter-cast-problem"));
    await outcome.first().waitFor({ timeout: 120_000 });
    return outcome.first().innerText();
  }

  function circuitRequests(): number {
    return session.requests.filter((request) => request.url().includes("/circuits/")).length;
  }

  it("creates a voting identity in the browser under a passphrase, after refusing a short one", async function () {
    const page = await openPage(session, "#/voter");
    await page.locator("#voter-new-passphrase").fill("short");
    await page.locator("#voter-new-passphrase-repeat").fill("short");
    await page.getByRole("button", { name: "Create my voting identity" }).click();
    expect(await page.getByRole("alert").innerText()).to.contain(
      "The passphrase is too short: use at least 10 characters.",
    );
    await page.locator("#voter-new-passphrase").fill(PASSPHRASE);
    await page.locator("#voter-new-passphrase-repeat").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Create my voting identity" }).click();
    await page.locator("#voter-backup").waitFor();
    commitment = (await page.getByTestId("voter-commitment").getAttribute("data-commitment"))!;
    expect(commitment).to.match(/^[0-9]{20,78}$/);
    expect(await page.getByTestId("voter-commitment").innerText()).to.contain(commitment);
    expect(await page.getByTestId("voter-backup-warning").innerText()).to.equal(
      "Save a backup file now and keep it somewhere safe, with its passphrase. If this browser's data is cleared and the backup is lost, or the passphrase forgotten, nobody can restore this identity: you cannot vote until the civil registry records a new one, which takes effect only after a notice of 31 days.",
    );
    const registration = page.getByTestId("voter-registration");
    await registration.waitFor();
    expect(await registration.innerText()).to.contain(
      "Not registered: no citizen in the civil register holds this commitment.",
    );
    // Only the sealed identity is kept: the private key is nowhere in the browser's storage.
    const stored = (await page.evaluate('window.localStorage.getItem("egov-voting-identity")')) as string | null;
    expect(JSON.parse(stored!)).to.include({ format: "egov-voting-identity-sealed/1", commitment });
    expect(JSON.parse(stored!).kdf).to.include({ name: "PBKDF2", hash: "SHA-256", iterations: 600_000 });
    await expectAccessible(page, "the voter's page with a new identity");
    await screenshot(page, "voter-identity");
    await page.close();
  });

  it("is registered by the civil registrar and finds itself in the census of the polls created since", async function () {
    const registrar = citizenRegistryAt(
      session.deployment.contracts.CitizenRegistry!.proxy,
      await provider.getSigner(CIVIL_REGISTRAR),
    );
    await (
      await registrar.registerCitizen(
        id("voter page test citizen"),
        SEED_TOWN,
        ADULT_RESIDENT,
        BigInt(commitment),
        id("register extract"),
      )
    ).wait();
    polls.single = await createPoll("Should the library open on Sundays?", ["Yes", "No", "Only in winter"], {
      rule: 0,
    });
    polls.approval = await createPoll("Which names for the new square?", ["Linde", "Brunnen", "Markt", "Rosen"], {
      rule: 1,
      maxChoices: 2,
    });
    polls.budget = await createPoll("Which projects should the town fund?", ["Benches", "Bike lane", "Playground"], {
      rule: 2,
      budget: 100n,
      costs: [30n, 60n, 50n],
    });
    await advance(
      Number(await electionsAt(session.deployment.contracts.Elections!.proxy, provider).reviewPeriod()) + 120,
    );
    polls.review = await createPoll("Should the market move to Saturdays?", ["Yes", "No"], { rule: 0 });

    const page = await openPage(session, "#/voter");
    await unlock(page, "not the passphrase at all");
    expect(await page.getByTestId("voter-unlock-problem").innerText()).to.equal(WRONG_PASSPHRASE);
    await unlock(page);
    const registration = page.getByTestId("voter-registration");
    await registration.waitFor();
    const inCensus = [polls.review, polls.budget, polls.approval, polls.single].join(", ");
    expect(await registration.innerText()).to.equal(
      `Registered in jurisdiction ${SEED_TOWN}, eligible, in the census of polls ${inCensus}.`,
    );
    const review = page.getByTestId(`voter-poll-${polls.review}`);
    expect(await review.innerText()).to.contain("In review: ballots are taken from");
    expect(await review.innerText()).to.contain(`you are in the census of poll ${polls.review}`);
    const single = page.getByTestId(`voter-poll-${polls.single}`);
    await single.getByText("Should the library open on Sundays?").waitFor();
    expect(await single.innerText()).to.contain("choose one option");
    // The seeded poll is closed, and its census was frozen before this citizen was registered.
    const closed = page.getByTestId(`voter-poll-${polls.closed}`);
    expect(await closed.getByTestId("voter-refusal").innerText()).to.equal(
      `Poll ${polls.closed} is closed: it takes no more ballots.`,
    );
    expect(await closed.innerText()).to.contain(
      `you are not in the census of poll ${polls.closed}: the census was frozen before this commitment was registered`,
    );
    expect(await closed.getByRole("button", { name: /Vote in poll/ }).count()).to.equal(0);
    expect(SEED_POLL.citizens.length).to.be.greaterThan(0);
    await expectAccessible(page, "the voter's polls");
    await page.close();
  });

  it("casts a single-choice ballot through the relay, re-votes, and the receipts say which ballot counts", async function () {
    // Counted from here: the secret polls' test, earlier in the session, cast a ballot from this browser.
    const atStart = circuitRequests();
    const page = await openPage(session, "#/voter");
    await unlock(page);
    expect(circuitRequests() - atStart, "no circuit file before a ballot is opened").to.equal(0);
    await openBallot(page, polls.single);
    expect(circuitRequests(), "the circuit files load when a ballot is opened").to.be.greaterThan(atStart);
    const loaded = circuitRequests();
    await page.getByLabel("Only in winter").check();
    const first = await castAndWait(page, polls.single);
    expect(first).to.contain("Your ballot was cast and counted.");
    const receipt = page.getByTestId("voter-receipt");
    expect(await receipt.getAttribute("data-revision")).to.equal("1");
    expect(await receipt.innerText()).to.match(/Transaction\s+0x[0-9a-f]{64}/);

    await page.getByLabel("Yes").check();
    const second = await castAndWait(page, polls.single);
    expect(circuitRequests(), "the page's prover keeps the circuit files across ballots").to.equal(loaded);
    expect(second).to.contain("Your new ballot was cast and counted: ballot 2, it replaces your earlier one.");
    await page.getByRole("button", { name: "Check that this ballot counts" }).click();
    const check = page.getByTestId("voter-receipt-check");
    await check.locator("p.notice").waitFor();
    const block = /Block\s+(\d+)/.exec(await receipt.innerText())![1];
    expect(await check.innerText()).to.equal(`Your latest ballot is counted: this is it (block ${block}).`);
    await screenshot(page, "voter-receipt");
    await page.close();

    // Later, in a new visit: the first receipt was replaced, the second counts.
    const later = await openPage(session, "#/voter");
    await unlock(later);
    const poll = later.getByTestId(`voter-poll-${polls.single}`);
    await poll.getByText("Receipts kept in this browser (2)").click();
    const receipts = poll.getByTestId("voter-receipt");
    await receipts.nth(0).getByRole("button", { name: "Check that this ballot counts" }).click();
    const secondBlock = /Block\s+(\d+)/.exec(await receipts.nth(1).innerText())![1];
    const replaced = receipts.nth(0).getByTestId("voter-receipt-check");
    await replaced.locator("p.notice").waitFor();
    expect(await replaced.innerText()).to.equal(
      `A later ballot replaced it at block ${secondBlock}; that later ballot is the one counted.`,
    );
    await openBallot(later, polls.single);
    expect(await later.getByTestId("voter-revote").innerText()).to.contain("this will be ballot 3");
    // The attack of the hostile review: whoever reads this browser's storage (a shared computer, a coercer with the
    // phone in hand) must not learn the identity's ballots without its passphrase. The receipts are kept sealed
    // under a key derived from the identity's secret: neither the ballot's nullifier nor its transaction is in clear.
    const elections = electionsAt(session.deployment.contracts.Elections!.proxy, provider);
    const transaction = /Transaction\s+(0x[0-9a-f]{64})/.exec(await receipts.nth(1).innerText())![1]!;
    const cast = (await provider.getTransactionReceipt(transaction))!.logs
      .map((log) => elections.interface.parseLog(log))
      .find((event) => event?.name === "BallotCast")!;
    const nullifier = cast.args.nullifier as bigint;
    const stored = ((await later.evaluate("JSON.stringify(localStorage)")) as string).toLowerCase();
    expect(stored).to.not.include(nullifier.toString());
    expect(stored).to.not.include(nullifier.toString(16));
    expect(stored).to.not.include(transaction.slice(2));
    await later.close();
  });

  it("refuses an approval ballot over its limit before any proof, then casts one within it", async function () {
    const page = await openPage(session, "#/voter");
    await unlock(page);
    await openBallot(page, polls.approval);
    for (const name of ["Linde", "Brunnen", "Markt"]) await page.getByLabel(name).check();
    expect(await page.getByTestId("voter-running-total").innerText()).to.equal("3 of at most 2 chosen.");
    const before = circuitRequests();
    await page.getByRole("button", { name: "Cast my ballot" }).click();
    expect(await page.getByTestId("voter-ballot-problem").innerText()).to.contain(
      "You chose 3 options; this poll takes at most 2.",
    );
    expect(circuitRequests(), "no proof was started").to.equal(before);
    await page.getByLabel("Markt").uncheck();
    expect(await castAndWait(page, polls.approval)).to.contain("Your ballot was cast and counted.");
    await page.close();

    // The attack of the hostile review: circuit files altered on their way to the page (they come from a URL) could
    // make a "proof" that carries something else to the relay. The page checks each proof with the verification key
    // it bundles and sends none that fails.
    const altered = await openPage(session, "#/voter");
    await altered.route("**/semaphore-*.zkey", async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[Math.floor(body.length / 2)]! ^= 0xff;
      await route.fulfill({ response, body });
    });
    await unlock(altered);
    await openBallot(altered, polls.approval);
    await altered.getByLabel("Linde").check();
    const toRelay = () => session.requests.filter((r) => r.url().startsWith(relayUrl) && r.method() === "POST").length;
    const sentBefore = toRelay();
    expect(await castAndWait(altered, polls.approval)).to.equal(
      "The proof could not be made; nothing was sent: the proof made with the circuit files received does not verify: they are not the poll's circuit",
    );
    expect(toRelay(), "nothing went to the relay").to.equal(sentBefore);
    await altered.close();
  });

  it("keeps a running total of a budget ballot, refuses one over the budget, says when the relay is down", async function () {
    const page = await openPage(session, "#/voter");
    await unlock(page);
    await openBallot(page, polls.budget);
    await page.getByLabel(/Bike lane/).check();
    await page.getByLabel(/Playground/).check();
    expect(await page.getByTestId("voter-running-total").innerText()).to.equal("Selected: 110 of 100.");
    const before = circuitRequests();
    await page.getByRole("button", { name: "Cast my ballot" }).click();
    expect(await page.getByTestId("voter-ballot-problem").innerText()).to.equal(
      "The projects you chose cost 110, over the budget of 100. Remove a project; nothing was sent.",
    );
    expect(circuitRequests(), "no proof was started").to.equal(before);
    await page.getByLabel(/Bike lane/).uncheck();
    await page.getByLabel(/Benches/).check();
    expect(await page.getByTestId("voter-running-total").innerText()).to.equal("Selected: 80 of 100.");
    await screenshot(page, "voter-budget");

    await page.route(`${relayUrl}/**`, (route) => route.abort("connectionrefused"));
    await castAndWait(page, polls.budget);
    expect(await page.getByTestId("voter-cast-problem").innerText()).to.equal(
      `The municipality's relay (${new URL(relayUrl).host}) cannot be reached. Your ballot was not cast. Try again later; until the poll closes, your vote can still be cast.`,
    );
    await page.unroute(`${relayUrl}/**`);
    // The attack of the hostile review: a relay that answers "cast" with a transaction it never sent. The page asks
    // its own node before it calls the ballot counted, and keeps no receipt of it.
    const invented = `0x${"ab".repeat(32)}`;
    await page.route(`${relayUrl}/ballots`, (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        headers: { "access-control-allow-origin": "*" },
        body: JSON.stringify({ transactionHash: invented, blockNumber: 1, previousBallot: "0", gasUsed: "21000" }),
      }),
    );
    await castAndWait(page, polls.budget);
    expect(await page.getByTestId("voter-cast-problem").innerText()).to.equal(
      `The municipality's relay (${new URL(relayUrl).host}) answered that your ballot was cast in transaction ${invented}, but the chain does not show it. Do not count on this ballot: cast it again, and report the relay to the municipality.`,
    );
    expect(await page.getByTestId(`voter-ballot-${polls.budget}`).getByTestId("voter-receipt").count()).to.equal(0);
    await page.unroute(`${relayUrl}/ballots`);
    expect(await castAndWait(page, polls.budget)).to.contain("Your ballot was cast and counted.");
    await page.close();
  });

  it("exports a backup, imports it again after the identity is removed, and refuses it a wrong passphrase", async function () {
    const page = await openPage(session, "#/voter");
    await unlock(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#voter-backup").click()]);
    const backup = join(OUTPUT_DIR, "voter-backup.json");
    await download.saveAs(backup);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Remove the identity from this browser" }).click();
    await page.locator("#voter-import-file").waitFor();

    await page.locator("#voter-import-file").setInputFiles(backup);
    await page.locator("#voter-import-passphrase").fill("the wrong passphrase");
    await page.getByRole("button", { name: "Import" }).click();
    expect(await page.getByTestId("voter-import-problem").innerText()).to.equal(WRONG_PASSPHRASE);
    await page.locator("#voter-import-passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByTestId("voter-registration").waitFor();
    expect(await page.getByTestId("voter-commitment").getAttribute("data-commitment")).to.equal(commitment);
    expect(await page.getByTestId("voter-registration").innerText()).to.contain(
      `Registered in jurisdiction ${SEED_TOWN}`,
    );
    await page.close();
  });

  it("imports an identity file of `voter new-identity` that is in no census, and is told it cannot vote", async function () {
    const page = await openPage(session, "#/voter");
    // The identity is removed while its passphrase is still being tried (PBKDF2 takes seconds on a slow phone, made
    // so here): the late result of that attempt must neither open the removed identity nor redraw the forms the
    // voter is filling in.
    await page.evaluate(`{
      const derive = SubtleCrypto.prototype.deriveKey;
      SubtleCrypto.prototype.deriveKey = function (...args) {
        return new Promise((resolve) => setTimeout(resolve, 1500)).then(() => derive.apply(this, args));
      };
    }`);
    await unlock(page);
    await page.getByText("Opening the identity").waitFor();
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Remove the identity from this browser" }).click();
    const stranger = new Identity();
    const file = join(OUTPUT_DIR, "voter-plain-identity.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "egov-voting-identity/1",
        privateKey: stranger.export(),
        commitment: stranger.commitment.toString(),
      }),
    );
    await page.locator("#voter-import-file").setInputFiles(file);
    await page.locator("#voter-import-passphrase").fill(PASSPHRASE);
    // Long enough for the abandoned attempt to end, on a loaded machine too.
    await page.waitForTimeout(3_000);
    expect(await page.locator("#voter-import-passphrase").inputValue(), "the passphrase typed").to.equal(PASSPHRASE);
    expect(await page.evaluate(`document.getElementById("voter-import-file").files.length`), "files chosen").to.equal(
      1,
    );
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByTestId("voter-registration").waitFor();
    expect(await page.getByTestId("voter-commitment").getAttribute("data-commitment")).to.equal(
      stranger.commitment.toString(),
    );
    expect(await page.getByTestId("voter-registration").innerText()).to.contain("Not registered");
    const single = page.getByTestId(`voter-poll-${polls.single}`);
    expect(await single.getByTestId("voter-refusal").innerText()).to.equal(
      `You cannot vote in poll ${polls.single}: your identity is not in its census.`,
    );
    // The reason is that no citizen holds the commitment, not that the census was frozen before its registration.
    expect(await single.innerText()).to.contain(
      `you are not in the census of poll ${polls.single}: no citizen in the civil register holds this commitment`,
    );
    await page.close();
  });

  it("reads in German and fits a 360 px screen", async function () {
    const page = await openPage(session, "#/voter", "de");
    await page.setViewportSize({ width: 360, height: 800 });
    expect(await page.locator("h1").innerText()).to.equal("Mit meiner Stimmidentität abstimmen");
    await unlock(page);
    await page.getByTestId("voter-registration").waitFor();
    expect(await page.getByTestId("voter-registration").innerText()).to.contain("Nicht registriert");
    expect(await page.getByTestId(`voter-poll-${polls.closed}`).getByTestId("voter-refusal").innerText()).to.equal(
      `Abstimmung ${polls.closed} ist abgeschlossen: Sie nimmt keine Stimmzettel mehr an.`,
    );
    expect(await page.getByTestId(`voter-poll-${polls.single}`).getByTestId("voter-refusal").innerText()).to.equal(
      `Sie können in Abstimmung ${polls.single} nicht stimmen: Ihre Identität ist nicht in ihrem Stimmregister.`,
    );
    expect(await englishLeft(page), "English on the German page").to.deep.equal([]);
    const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width, "nothing wider than the screen").to.be.at.most(360);
    await expectAccessible(page, "the voter's page in German at 360 px");
    await screenshot(page, "voter-de-360");
    await page.close();

    // With the node stopped, the page says in German that the chain could not be read, instead of loading forever.
    const offline = await openPage(session, "#/voter", "de");
    await offline.setViewportSize({ width: 360, height: 800 });
    await offline.route(
      (url) => url.href.startsWith(session.portal.rpcUrl),
      (route) => route.abort("connectionrefused"),
    );
    await unlock(offline);
    const refusal = offline.getByRole("alert");
    await refusal.waitFor({ timeout: 60_000 });
    expect(await refusal.innerText()).to.match(/^Die Blockchain konnte nicht gelesen werden: /);
    expect(await offline.locator("p.loading").count(), "nothing left loading").to.equal(0);
    expect((await offline.evaluate("document.documentElement.scrollWidth")) as number).to.be.at.most(360);
    await offline.close();
  });
});
