/**
 * Secret polls in a real browser against the portal's chain: the seeded poll opened by two of its three trustees,
 * checked in the page (every decryption share's proof, the combined decryption, the encrypted tally against the
 * ballots); a decryption share altered on its way from the node, refused in plain words; the poll still voting,
 * sealed until the close; a resident casting an encrypted ballot there through the municipality's relay after
 * challenging one, and the receipt confirmed against the encrypted tally; the resident's re-vote, the new receipt
 * counted and the first replaced; the ballot in German on a 360 px screen (challenged by keyboard, refused in German,
 * no English left); then the same poll closed and not opened, and refused on the German voter's page.
 *
 * It runs after the other results tests and before the voter's page's (mocha loads the files in name order), and
 * leaves this browser without a voting identity, as the voter's tests expect.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { id, JsonRpcProvider } from "ethers";
import type { Page, Route } from "playwright-core";

import { SEED_SECRET_POLLS } from "../../scripts/portal/seed-secret.js";
import { electionsAt } from "../../src/elections/polls.js";
import { Identity } from "../../src/elections/proof.js";
import { ISecretPolls__factory } from "../../types/ethers-contracts/index.js";
import {
  answerOf,
  englishLeft,
  expectAccessible,
  openPage,
  OUTPUT_DIR,
  type PortalSession,
  portalSession,
  screenshot,
} from "./harness.js";

const OPENED = 2n;
const SEALED = 3n;
const PASSPHRASE = "secret ballots are encrypted";
const DAY = 24 * 60 * 60;
const secretInterface = ISecretPolls__factory.createInterface();

/** A ballot hash as the voter's receipt shows it. */
function fingerprintOf(digest: bigint): string {
  return `0x${digest.toString(16).padStart(64, "0")}`;
}

/** The opened poll's counts as the seed cast them: each voter's last ballot counts. */
function expectedCounts(): number[] {
  const last = new Map<string, number>();
  for (const { voter, option } of SEED_SECRET_POLLS.opened.ballots) last.set(voter, option);
  const counts = SEED_SECRET_POLLS.opened.options.map(() => 0);
  for (const option of last.values()) counts[option] += 1;
  return counts;
}

describe("secret polls in a browser", function () {
  this.timeout(900_000);

  let session: PortalSession;
  let provider: JsonRpcProvider;
  /** The fingerprint of the ballot the resident cast first in the sealed poll. */
  let firstBallot: string;

  before(async function () {
    session = await portalSession();
    provider = new JsonRpcProvider(session.portal.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  });

  after(async function () {
    provider?.destroy();
    // The voter's tests start from a browser without a voting identity or receipts.
    const page = await openPage(session, "#/voter");
    await page.evaluate("localStorage.clear()");
    await page.close();
  });

  afterEach(function () {
    expect(session.pageErrors.splice(0), "uncaught errors in the page").to.deep.equal([]);
  });

  function checkOf(page: Page, check: string) {
    return page.getByTestId("secret-checks").locator(`li[data-check="${check}"]`);
  }

  it("an opened secret poll shows the counts and every check of the opening made in the browser, in English and German", async function () {
    const page = await openPage(session, `#/results?poll=${OPENED}`);
    await answerOf(page, "secret-verdict");
    expect(await page.getByTestId("poll-question").innerText()).to.equal(SEED_SECRET_POLLS.opened.question);
    expect(await page.getByTestId("secret-status").innerText()).to.equal(
      "The trustees opened the total. This page has checked the opening itself, as follows.",
    );
    const counts = expectedCounts();
    // The table alternative (hidden until asked for) holds option, votes and share per row.
    const rows = await page
      .getByTestId("tally-table")
      .locator("tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.children]
            .map((cell) => cell.textContent)
            .slice(0, 2)
            .join(": "),
        ),
      );
    expect(rows).to.deep.equal(SEED_SECRET_POLLS.opened.options.map((option, index) => `${option}: ${counts[index]}`));
    expect(await checkOf(page, "key").innerText()).to.equal(
      "✓ The election key is the sum of the qualified trustees' commitments (trustees 1, 2, 3): nobody ever held its secret.",
    );
    expect(await checkOf(page, "ballots").innerText()).to.equal(
      "✓ The encrypted tally is exactly the sum of the latest encrypted ballot of each of the 3 voters, re-votes replaced.",
    );
    for (const trustee of SEED_SECRET_POLLS.opened.openers) {
      expect(await checkOf(page, `share-${trustee}`).getAttribute("data-ok")).to.equal("true");
    }
    expect(await checkOf(page, "share-1").innerText()).to.equal(
      "✓ Trustee 1's 5 decryption shares each carry a Chaum–Pedersen proof that holds: the trustee used the key share its published commitments fix.",
    );
    expect(await checkOf(page, "share-2").count(), "the absent trustee posted nothing").to.equal(0);
    expect(await checkOf(page, "combined").innerText()).to.equal(
      `✓ Combining the shares of trustees 1, 3 decrypts the tally to exactly the published counts (${counts.join(", ")}).`,
    );
    expect(await page.getByTestId("secret-verdict").getAttribute("data-verified")).to.equal("true");
    const trustees = await page.getByTestId("secret-trustees").locator("tbody tr").allInnerTexts();
    expect(trustees.map((row) => row.split("\t").at(-1))).to.deep.equal(["posted", "not posted", "posted"]);
    await expectAccessible(page, "the opened secret poll");
    await screenshot(page, "secret-opened");
    await page.close();

    const german = await openPage(session, `#/results?poll=${OPENED}`, "de");
    await german.setViewportSize({ width: 360, height: 800 });
    await answerOf(german, "secret-verdict");
    expect(await german.getByTestId("secret-verdict").innerText()).to.equal(
      "Alle Prüfungen bestehen: Dieses Ergebnis ist das entschlüsselte Gesamtergebnis der gezählten Stimmzettel.",
    );
    const width = (await german.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width, "nothing wider than the screen").to.be.at.most(360);
    await expectAccessible(german, "the opened secret poll in German at 360 px");
    await screenshot(german, "secret-opened-de-360");
    await german.close();
  });

  it("a decryption share altered between the node and the page is refused, and the result is not confirmed", async function () {
    const page = await session.context.newPage();
    page.on("pageerror", (error) => session.pageErrors.push(`${page.url()}: ${error.message}`));
    const topic = secretInterface.getEvent("DecryptionSharesPosted").topicHash;
    let altered = 0;
    // Trustee 3's proof of option 2 gets another response in every log the node sends.
    await page.route(
      (url) => url.href.startsWith(session.portal.rpcUrl),
      async (route: Route) => {
        const response = await route.fetch();
        const body = (await response.json()) as unknown;
        for (const answer of Array.isArray(body) ? body : [body]) {
          const result = (answer as { result?: unknown }).result;
          if (!Array.isArray(result)) continue;
          for (const log of result as { topics?: string[]; data: string }[]) {
            if (log.topics?.[0] !== topic || BigInt(log.topics[2]!) !== 3n) continue;
            const parsed = secretInterface.parseLog({ topics: log.topics, data: log.data })!;
            const proofs = parsed.args.proofs.map((pair: readonly bigint[]) => [...pair]);
            proofs[1][1] += 1n;
            log.data = secretInterface.encodeEventLog("DecryptionSharesPosted", [
              parsed.args.pollId,
              parsed.args.trustee,
              parsed.args.shares.map((pair: readonly bigint[]) => [...pair]),
              proofs,
            ]).data;
            altered += 1;
          }
        }
        await route.fulfill({ response, body: JSON.stringify(body) });
      },
    );
    await page.goto(`${session.portal.url}?lang=en#/results?poll=${OPENED}`);
    await page.getByTestId("secret-verdict").waitFor();
    expect(altered).to.be.greaterThan(0);
    expect(await checkOf(page, "share-3").innerText()).to.equal(
      "✗ Trustee 3's decryption share of option 2 is refused: its Chaum–Pedersen proof does not hold, so it is left out.",
    );
    expect(await checkOf(page, "share-1").getAttribute("data-ok")).to.equal("true");
    expect(await checkOf(page, "combined").innerText()).to.equal(
      "✗ The result cannot be confirmed: 1 trustees' shares verify, 2 are needed.",
    );
    const verdict = page.getByTestId("secret-verdict");
    expect(await verdict.getAttribute("data-verified")).to.equal("false");
    expect(await verdict.getAttribute("role")).to.equal("alert");
    expect(await verdict.innerText()).to.equal("At least one check failed: do not rely on this result.");
    await expectAccessible(page, "the secret poll with an altered share");
    await screenshot(page, "secret-altered-share");
    await page.close();
  });

  it("a secret poll still voting is sealed until the close: the ballot count and the ceremony, no tally", async function () {
    const page = await openPage(session, `#/results?poll=${SEALED}`);
    await answerOf(page, "secret-poll");
    expect(await page.getByTestId("secret-status").innerText()).to.equal(
      "Sealed until the close. No running tally exists: the 1 ballot counted so far stays encrypted until a quorum of trustees opens the total after the close.",
    );
    expect(await page.getByTestId("ballots-counted").innerText()).to.equal("1");
    expect(await page.getByTestId("secret-key").innerText()).to.match(/^published on chain: \s*0x0[23][0-9a-f]{64}\b/);
    expect(await page.getByTestId("tally-chart").count(), "no running tally").to.equal(0);
    expect(await page.getByTestId("secret-checks").count()).to.equal(0);
    const trustees = await page.getByTestId("secret-trustees").locator("tbody tr").allInnerTexts();
    expect(trustees.map((row) => row.split("\t").slice(2).join(" | "))).to.deep.equal(
      Array(3).fill("announced and dealt its shares | not posted"),
    );
    await expectAccessible(page, "the sealed secret poll");
    await screenshot(page, "secret-sealed");
    await page.close();

    const german = await openPage(session, `#/results?poll=${SEALED}`, "de");
    await german.setViewportSize({ width: 360, height: 800 });
    await answerOf(german, "secret-poll");
    expect(await german.getByTestId("secret-status").innerText()).to.match(/^Versiegelt bis zum Schluss\./);
    const width = (await german.evaluate("document.documentElement.scrollWidth")) as number;
    expect(width, "nothing wider than the screen").to.be.at.most(360);
    await expectAccessible(german, "the sealed secret poll in German at 360 px");
    await german.close();
  });

  it("a resident challenges a prepared encrypted ballot, casts a fresh one through the relay and sees its receipt confirmed", async function () {
    // Emil, a seeded resident who has not voted in the sealed poll, imports the identity the seed gave him.
    const emil = new Identity(id("portal demonstration voter Emil").slice(2));
    const file = join(OUTPUT_DIR, "secret-voter-identity.json");
    writeFileSync(
      file,
      JSON.stringify({
        format: "egov-voting-identity/1",
        privateKey: emil.export(),
        commitment: emil.commitment.toString(),
      }),
    );
    const page = await openPage(session, "#/voter");
    await page.evaluate("localStorage.clear()");
    await page.reload();
    await page.locator("#voter-import-file").setInputFiles(file);
    await page.locator("#voter-import-passphrase").fill(PASSPHRASE);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByTestId("voter-registration").waitFor();
    await page.getByRole("button", { name: `Vote in poll ${SEALED}` }).click();
    const form = page.getByTestId(`voter-ballot-${SEALED}`);
    await form.waitFor();
    expect(await form.getByTestId("voter-secret-note").innerText()).to.contain(
      "your ballot is encrypted in this browser",
    );

    // Prepare, then challenge: the page shows what the ballot encrypted, and never casts it.
    await form.getByLabel("No").check();
    await form.getByRole("button", { name: "Prepare my encrypted ballot" }).click();
    await form.getByTestId("voter-secret-prepared").waitFor({ timeout: 60_000 });
    const challenged = await form.getByTestId("voter-secret-prepared").getAttribute("data-digest");
    await form.getByTestId("voter-secret-challenge").click();
    const challenge = form.getByTestId("voter-challenge");
    expect(await challenge.getAttribute("data-options")).to.equal("1");
    expect(await challenge.getByTestId("voter-challenge-result").innerText()).to.equal(
      "Challenge: this ballot encrypted “No”, and nothing else. This browser checked it with the election key from the chain and the randomness the ballot was made with.",
    );
    await expectAccessible(page, "a challenged secret ballot");
    await screenshot(page, "secret-challenge");

    // A fresh ballot, with new randomness, is cast through the relay.
    await form.getByRole("button", { name: "Prepare my encrypted ballot" }).click();
    await form.getByTestId("voter-secret-prepared").waitFor({ timeout: 60_000 });
    const cast = await form.getByTestId("voter-secret-prepared").getAttribute("data-digest");
    expect(cast).not.to.equal(challenged);
    await form.getByTestId("voter-secret-cast").click();
    const receipt = form.getByTestId("voter-receipt").or(form.getByTestId("voter-cast-problem"));
    await receipt.first().waitFor({ timeout: 180_000 });
    expect(await form.getByTestId("voter-cast-problem").count(), await receipt.first().innerText()).to.equal(0);
    expect(await form.getByTestId("voter-receipt").innerText()).to.contain(cast!);
    const secret = ISecretPolls__factory.connect(session.deployment.contracts.Elections!.proxy, provider);
    const events = await secret.queryFilter(secret.filters.SecretBallotCast(SEALED));
    expect(events.map((event) => `0x${event.args.digest.toString(16).padStart(64, "0")}`)).to.include(cast);
    expect(events.map((event) => `0x${event.args.digest.toString(16).padStart(64, "0")}`)).not.to.include(challenged);
    firstBallot = cast!;

    await form.getByRole("button", { name: "Check that this ballot counts" }).click();
    const check = form.getByTestId("voter-receipt-check");
    await check.locator("p.notice").waitFor();
    expect(await check.innerText()).to.match(
      /^Your latest ballot is the one counted in the encrypted tally for your voting identity \(cast in block \d+\)\.$/,
    );
    await expectAccessible(page, "a secret ballot's receipt");
    await screenshot(page, "secret-receipt");
    await page.close();
  });

  /** The resident's encrypted ballots in the sealed poll, from the chain, in casting order. */
  async function residentBallots() {
    const secret = ISecretPolls__factory.connect(session.deployment.contracts.Elections!.proxy, provider);
    const events = await secret.queryFilter(secret.filters.SecretBallotCast(SEALED));
    const first = events.find((event) => fingerprintOf(event.args.digest) === firstBallot)!;
    const mine = events.filter((event) => event.args.nullifier === first.args.nullifier);
    const counted = await secret.secretBallotDigest(SEALED, first.args.nullifier);
    return { mine, counted: fingerprintOf(counted) };
  }

  async function unlockResident(page: Page): Promise<void> {
    await page.locator("#voter-passphrase").fill(PASSPHRASE);
    await page.locator("#voter-passphrase").press("Enter");
    await page.getByTestId("voter-registration").waitFor();
  }

  it("a resident re-votes in a secret poll through the relay: the new ballot is the one counted in the encrypted tally, the first says it was replaced", async function () {
    const before = await residentBallots();
    expect(before.mine.map((event) => fingerprintOf(event.args.digest))).to.deep.equal([firstBallot]);
    const page = await openPage(session, "#/voter");
    await unlockResident(page);
    // A secret poll says so where its rule is; one whose voting ended (its tally opened) says no more than that.
    expect(await page.getByTestId(`voter-poll-${SEALED}`).innerText()).to.contain(
      "choose one option; secret ballot: encrypted in this browser, counted without being read",
    );
    const opened = await page.getByTestId(`voter-poll-${OPENED}`).innerText();
    expect(opened).to.match(/State\s+voting ended/);
    expect(opened).to.not.include("being closed");
    await page.getByRole("button", { name: `Vote in poll ${SEALED}` }).click();
    const form = page.getByTestId(`voter-ballot-${SEALED}`);
    await form.waitFor();
    expect(await form.getByTestId("voter-revote").innerText()).to.equal(
      `You have voted in this poll (block ${before.mine[0]!.blockNumber}). Casting again replaces that ballot: this will be ballot 2.`,
    );
    await form.getByLabel("Yes").check();
    await form.getByRole("button", { name: "Prepare my encrypted ballot" }).click();
    const prepared = form.getByTestId("voter-secret-prepared");
    await prepared.waitFor({ timeout: 60_000 });
    const second = (await prepared.getAttribute("data-digest"))!;
    await form.getByTestId("voter-secret-cast").click();
    const outcome = form.getByTestId("voter-receipt").or(form.getByTestId("voter-cast-problem"));
    await outcome.first().waitFor({ timeout: 180_000 });
    expect(await form.getByTestId("voter-cast-problem").count(), await outcome.first().innerText()).to.equal(0);
    const receipt = form.getByTestId("voter-receipt");
    expect(await receipt.getAttribute("data-revision")).to.equal("2");
    expect(await receipt.locator("p.notice").first().innerText()).to.equal(
      "Your new ballot was cast and counted: ballot 2, it replaces your earlier one.",
    );
    expect(await receipt.innerText()).to.contain(second);

    // On chain: both ballots are there, and the contract's tally holds the second for this identity.
    const after = await residentBallots();
    expect(after.mine.map((event) => fingerprintOf(event.args.digest))).to.deep.equal([firstBallot, second]);
    expect(after.counted).to.equal(second);
    const secondBlock = after.mine[1]!.blockNumber;
    await receipt.getByRole("button", { name: "Check that this ballot counts" }).click();
    const check = receipt.getByTestId("voter-receipt-check");
    await check.locator("p.notice").waitFor();
    expect(await check.innerText()).to.equal(
      `Your latest ballot is the one counted in the encrypted tally for your voting identity (cast in block ${secondBlock}).`,
    );
    await page.close();

    // A later visit: the first receipt, checked again, says it was replaced and where.
    const later = await openPage(session, "#/voter");
    await unlockResident(later);
    const poll = later.getByTestId(`voter-poll-${SEALED}`);
    await poll.getByText("Receipts kept in this browser (2)").click();
    const receipts = poll.getByTestId("voter-receipt");
    expect(await receipts.nth(0).innerText()).to.contain(firstBallot);
    await receipts.nth(0).getByRole("button", { name: "Check that this ballot counts" }).click();
    const replaced = receipts.nth(0).getByTestId("voter-receipt-check");
    await replaced.locator("p.notice").waitFor();
    expect(await replaced.innerText()).to.equal(
      `A later ballot replaced this one at block ${secondBlock}; the later one is counted in the encrypted tally.`,
    );
    await expectAccessible(later, "a secret ballot's receipts after a re-vote");
    // The attack of the hostile review: the node that answers the page must not learn whose ballot is whose. It saw
    // the commitment (the citizen's, in the civil register) asked for and the nullifier (the ballots') filtered on,
    // from one browser. The page reads the register's changes and the poll's ballots whole and finds the voter's own
    // in the browser: no request to the node names either.
    const emil = new Identity(id("portal demonstration voter Emil").slice(2));
    const words = (value: bigint) => value.toString(16).padStart(64, "0");
    const toNode = session.requests
      .filter((request) => request.method() === "POST" && (request.postData() ?? "").includes('"jsonrpc"'))
      .map((request) => request.postData()!.toLowerCase());
    expect(toNode.length).to.be.greaterThan(10);
    expect(toNode.filter((body) => body.includes(words(after.mine[0]!.args.nullifier)))).to.deep.equal([]);
    expect(toNode.filter((body) => body.includes(words(emil.commitment)))).to.deep.equal([]);
    // The German pages' check for English finds it where it is.
    expect(await englishLeft(later)).to.include("Check that this ballot counts");
    await later.close();

    // The results page still counts one ballot for this voter: the re-vote replaced the first in the encrypted tally.
    const results = await openPage(session, `#/results?poll=${SEALED}`);
    await answerOf(results, "secret-poll");
    expect(await results.getByTestId("ballots-counted").innerText()).to.equal("2");
    await results.close();
  });

  it("the secret ballot reads in German on a 360 px screen: prepared, challenged by keyboard, refused in plain German, no English left", async function () {
    const page = await openPage(session, "#/voter", "de");
    await page.setViewportSize({ width: 360, height: 800 });
    await unlockResident(page);
    await page.getByRole("button", { name: `In Abstimmung ${SEALED} stimmen` }).click();
    const form = page.getByTestId(`voter-ballot-${SEALED}`);
    await form.waitFor();
    expect(await form.getByTestId("voter-secret-note").innerText()).to.equal(
      "Eine geheime Abstimmung: Ihr Stimmzettel wird in diesem Browser verschlüsselt. Bevor Sie ihn abgeben, können Sie ihn anfechten, um zu sehen, dass er Ihre Wahl verschlüsselt.",
    );
    const revote = await form.getByTestId("voter-revote").innerText();
    expect(revote).to.match(
      /^Sie haben in dieser Abstimmung gestimmt \(Block \d+\)\. Eine neue Stimmabgabe ersetzt diesen Stimmzettel: Dies wird Stimmzettel 3\.$/,
    );
    const prepare = form.getByRole("button", { name: "Meinen verschlüsselten Stimmzettel vorbereiten" });

    // Nothing chosen: refused before anything is encrypted.
    await prepare.click();
    expect(await form.getByTestId("voter-ballot-problem").innerText()).to.equal(
      "Wählen Sie zuerst eine Option: Ein leerer Stimmzettel wird nicht angenommen.",
    );

    await form.getByLabel("No").check();
    await prepare.click();
    const prepared = form.getByTestId("voter-secret-prepared");
    await prepared.waitFor({ timeout: 60_000 });
    const digest = (await prepared.getAttribute("data-digest"))!;
    expect(await prepared.locator("p.notice").innerText()).to.equal(
      `Ihr verschlüsselter Stimmzettel ist bereit. Sein Fingerabdruck ist ${digest}. Geben Sie ihn ab, oder fechten Sie ihn zuerst an, um zu prüfen, was er verschlüsselt.`,
    );
    // Both controls lie inside the screen, and the keyboard reaches them: the cast button has the focus, Tab moves on.
    for (const control of [form.getByTestId("voter-secret-cast"), form.getByTestId("voter-secret-challenge")]) {
      const box = (await control.boundingBox())!;
      expect(box.x, "left edge on the screen").to.be.at.least(0);
      expect(box.x + box.width, "right edge on the screen").to.be.at.most(360);
    }
    expect(await form.getByTestId("voter-secret-cast").innerText()).to.equal(
      "Diesen verschlüsselten Stimmzettel abgeben",
    );
    expect(await page.evaluate("document.activeElement?.dataset.testid")).to.equal("voter-secret-cast");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement?.textContent")).to.equal("Diesen Stimmzettel anfechten");
    await page.keyboard.press("Enter");
    const challenge = form.getByTestId("voter-challenge");
    await challenge.waitFor();
    expect(await challenge.getByTestId("voter-challenge-result").innerText()).to.equal(
      "Anfechtung: Dieser Stimmzettel verschlüsselte “No”, und nichts anderes. Dieser Browser hat es mit dem Wahlschlüssel von der Blockchain und dem Zufall geprüft, mit dem der Stimmzettel erstellt wurde.",
    );
    expect(await challenge.locator("p").nth(1).innerText()).to.equal(
      "Ein angefochtener Stimmzettel wird nie abgegeben: Sein Zufall ist jetzt öffentlich. Bereiten Sie einen neuen Stimmzettel vor; er wird mit neuem Zufall verschlüsselt.",
    );
    expect(await challenge.locator("summary").innerText()).to.equal(
      "Der offengelegte Zufall, für eine unabhängige Prüfung",
    );
    expect(
      (await page.evaluate("document.documentElement.scrollWidth")) as number,
      "no horizontal scroll",
    ).to.be.at.most(360);
    expect(await englishLeft(page), "English on the German page").to.deep.equal([]);
    await expectAccessible(page, "a challenged secret ballot in German at 360 px");
    // The ballot alone, as a phone shows it, for the voter's guide.
    await form.screenshot({ path: join(OUTPUT_DIR, "voter-secret-challenge-de-360.png") });

    // A fresh ballot, cast while the relay is down: said in German, nothing cast.
    await prepare.click();
    await prepared.waitFor({ timeout: 60_000 });
    const config = (await (await fetch(new URL("config.json", session.portal.url))).json()) as { relayUrl: string };
    await page.route(`${config.relayUrl}/**`, (route) => route.abort("connectionrefused"));
    await form.getByTestId("voter-secret-cast").click();
    const problem = form.getByTestId("voter-cast-problem");
    await problem.waitFor({ timeout: 180_000 });
    expect(await problem.innerText()).to.equal(
      `Das Relais der Gemeinde (${new URL(config.relayUrl).host}) ist nicht erreichbar. Ihr Stimmzettel wurde nicht abgegeben. Versuchen Sie es später erneut; bis die Abstimmung schließt, können Sie noch stimmen.`,
    );
    await page.unroute(`${config.relayUrl}/**`);
    expect((await residentBallots()).mine, "nothing was cast").to.have.length(2);
    expect(
      (await page.evaluate("document.documentElement.scrollWidth")) as number,
      "no horizontal scroll",
    ).to.be.at.most(360);
    expect(await englishLeft(page), "English on the German page").to.deep.equal([]);
    await expectAccessible(page, "a secret ballot refused for a relay that is down, in German at 360 px");
    await page.close();
  });

  it("a secret poll closed and not yet opened says so", async function () {
    const [, closesAt] = await electionsAt(session.deployment.contracts.Elections!.proxy, provider).pollWindow(SEALED);
    const now = (await provider.getBlock("latest"))!.timestamp;
    await provider.send("evm_increaseTime", [Number(closesAt) - now + DAY]);
    await provider.send("evm_mine", []);
    const page = await openPage(session, `#/results?poll=${SEALED}`);
    await answerOf(page, "secret-poll");
    expect(await page.getByTestId("secret-status").innerText()).to.equal(
      "The poll is closed, and the tally is not opened yet: 0 of the 2 trustees needed have posted their decryption shares.",
    );
    expect(await page.getByTestId("tally-chart").count()).to.equal(0);
    await expectAccessible(page, "the secret poll closed, not opened");
    await page.close();

    // The voter's page, in German on a phone, refuses a ballot in the closed poll in plain words.
    const voter = await openPage(session, "#/voter", "de");
    await voter.setViewportSize({ width: 360, height: 800 });
    await unlockResident(voter);
    const poll = voter.getByTestId(`voter-poll-${SEALED}`);
    await poll.getByTestId("voter-refusal").waitFor();
    expect(await poll.getByTestId("voter-refusal").innerText()).to.equal(
      `Abstimmung ${SEALED} ist abgeschlossen: Sie nimmt keine Stimmzettel mehr an.`,
    );
    expect(await poll.getByRole("button", { name: /stimmen$/ }).count()).to.equal(0);
    expect(await englishLeft(voter), "English on the German page").to.deep.equal([]);
    expect((await voter.evaluate("document.documentElement.scrollWidth")) as number).to.be.at.most(360);
    await expectAccessible(voter, "the voter's closed secret poll in German at 360 px");
    await voter.close();
  });
});
