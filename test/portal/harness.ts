/**
 * One portal and one browser for every browser test: `npm run portal` (a local node, the suite deployed and seeded,
 * the page built and served) and Debian's Chromium through playwright-core, started by the first test file that asks
 * and stopped after the last test.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import { expect } from "chai";
import { type BrowserContext, chromium, type Page, type Request } from "playwright-core";

import { MESSAGES } from "../../portal/src/messages.js";
import { secretMessages } from "../../portal/src/pages/secret-messages.js";
import { voterMessages } from "../../portal/src/pages/voter-messages.js";
import type { SuiteDeployment } from "../../src/deployment.js";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The Chromium the tests drive; Debian's package by default. */
const CHROMIUM = process.env.EGOV_CHROMIUM ?? "/usr/bin/chromium";
/** Where the screenshots go (ignored by git). */
export const OUTPUT_DIR = join(PROJECT_ROOT, "test-output", "portal");
export const EXPLORER = "https://explorer.example";

/** The flags Chromium needs headless as root in CI, with nothing fetched from the network. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The running portal. */
export interface Portal {
  readonly process: ChildProcess;
  readonly url: string;
  /** The node's JSON-RPC URL. */
  readonly rpcUrl: string;
  readonly workDir: string;
  readonly output: () => string;
}

/** Starts `npm run portal` on a free port and waits for the address it prints. */
async function startPortal(): Promise<Portal> {
  const workDir = mkdtempSync(join(tmpdir(), "egov-portal-"));
  const child = spawn("npm", ["run", "--silent", "portal"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      EGOV_PORTAL_PORT: "0",
      EGOV_PORTAL_DIR: workDir,
      EGOV_PORTAL_EXPLORER: EXPLORER,
      FORCE_COLOR: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [url, rpcUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = /^Portal: (http\S+)$/m.exec(output);
      const chain = /^Chain: +(http\S+)/m.exec(output);
      if (found !== null && chain !== null) {
        clearInterval(timer);
        resolve([found[1], chain[1]]);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm run portal exited with code ${child.exitCode}:\n${output}`));
      }
    }, 200);
  });
  return { process: child, url, rpcUrl, workDir, output: () => output };
}

function stopPortal(portal: Portal): void {
  if (portal.process.pid === undefined || portal.process.exitCode !== null) return;
  try {
    process.kill(-portal.process.pid, "SIGTERM");
  } catch {
    // the process group has exited already
  }
}

/** What the browser tests share. */
export interface PortalSession {
  readonly portal: Portal;
  readonly context: BrowserContext;
  readonly deployment: SuiteDeployment;
  /** Every request the browser made. */
  readonly requests: Request[];
  /** Uncaught errors of the pages, emptied by each test's check. */
  readonly pageErrors: string[];
}

let session: Promise<PortalSession> | undefined;
let userDataDir: string | undefined;

/** The shared portal and browser, started on the first call. */
export function portalSession(): Promise<PortalSession> {
  session ??= (async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: install it with "apt-get update && apt-get install -y chromium" (as root), or set EGOV_CHROMIUM to a Chromium binary`,
      );
    }
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const portal = await startPortal();
    const deployment = JSON.parse(
      readFileSync(join(portal.workDir, "deployments", "localhost.json"), "utf8"),
    ) as SuiteDeployment;
    userDataDir = mkdtempSync(join(tmpdir(), "egov-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 900 },
      locale: "en-GB",
      acceptDownloads: true,
    });
    const requests: Request[] = [];
    context.on("request", (request) => requests.push(request));
    return { portal, context, deployment, requests, pageErrors: [] };
  })();
  return session;
}

// Root hook: the last thing the test run does is stop the browser and the portal.
after(async function () {
  if (session === undefined) return;
  const { portal, context } = await session.catch(() => ({ portal: undefined, context: undefined }));
  await context?.close();
  if (portal !== undefined) {
    stopPortal(portal);
    rmSync(portal.workDir, { recursive: true, force: true });
  }
  if (userDataDir !== undefined) rmSync(userDataDir, { recursive: true, force: true });
});

/** Opens a page of the portal in a language and waits for its heading. */
export async function openPage(
  { context, portal, pageErrors }: PortalSession,
  hash: string,
  language: "en" | "de" = "en",
): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  await page.goto(`${portal.url}?lang=${language}${hash}`);
  await page.locator("h1").waitFor();
  return page;
}

/** Runs axe-core on the page and fails with every violation listed. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const violations = results.violations.map(
    (violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target).join("; ")})`,
  );
  expect(violations, `accessibility violations on ${name}`).to.deep.equal([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUTPUT_DIR, `${name}.png`), fullPage: true });
}

/** Waits for an answer; an error shown instead fails the test with the error's text. */
export async function answerOf(page: Page, testId: string) {
  const answer = page.getByTestId(testId);
  const error = page.getByRole("alert");
  await answer.or(error).first().waitFor();
  if ((await error.count()) > 0) throw new Error(`the page shows an error: ${await error.first().innerText()}`);
  return answer;
}

/** Text stands in for a message's arguments while its fixed parts are collected. */
const ARGUMENT = "\u0001";

/** The fixed parts of a catalogue's texts (a text's arguments cut out), at least 15 characters long. */
function fixedParts(catalogue: object): Set<string> {
  const parts = new Set<string>();
  for (const value of Object.values(catalogue)) {
    let text: unknown = value;
    if (typeof value === "function") {
      try {
        text = (value as (...parameters: string[]) => unknown)(...Array<string>(value.length).fill(ARGUMENT));
      } catch {
        continue; // a text built from a list: its other texts cover it
      }
    }
    if (typeof text !== "string") continue;
    for (const part of text.split(ARGUMENT)) if (part.trim().length >= 15) parts.add(part.trim());
  }
  return parts;
}

/**
 * The English texts of the page's catalogues (the page's own, the voter's page's, the secret polls') that a German
 * page shows: each fixed part of an English text that no German text shares.
 */
export async function englishLeft(page: Page): Promise<string[]> {
  const english = new Set<string>();
  const german = new Set<string>();
  for (const [language, into] of [
    ["en", english],
    ["de", german],
  ] as const) {
    const messages = MESSAGES[language];
    for (const catalogue of [messages, voterMessages(messages), secretMessages(messages)]) {
      for (const part of fixedParts(catalogue)) into.add(part);
    }
  }
  const germanText = [...german].join("\n");
  const shown = await page.locator("body").innerText();
  return [...english].filter((part) => !germanText.includes(part) && shown.includes(part));
}
