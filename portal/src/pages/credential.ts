/**
 * The credential check: a W3C Verifiable Credential pasted or dropped as JSON is verified in this browser, its proof
 * with `@digitalbazaar/vc` and everything else against the chain (`verifyCredential`): the record, the institution's
 * key when it signed, its accreditation for the kind, revocation and suspension, the validity period. Each check is
 * answered in plain words. Loaded only when the page is opened: it brings the Verifiable Credentials libraries.
 *
 * @module
 */
import {
  type CredentialCheck,
  verifyCredential,
  type VerifyCredentialReturnType,
} from "../../../src/credentials/index.js";
import { dropZone, notice, readFailure, reasonOf, source } from "../answer.js";
import { readingAtLatest, type Reading } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { formatTime } from "../messages.js";
import type { PageContext } from "../page.js";
import { CREDENTIAL_MESSAGES, type CredentialMessages } from "./credential-messages.js";

/** The largest credential the page reads: a credential with a long Merkle proof is a few kilobytes. */
const MAX_CREDENTIAL_BYTES = 256 * 1024;

/** The credential's claims about its holder, shown beside the verdict. */
function claimsOf(credential: Record<string, unknown>): [string, string][] {
  const subject = credential.credentialSubject;
  if (typeof subject !== "object" || subject === null || Array.isArray(subject)) return [];
  return Object.entries(subject as Record<string, unknown>).map(([name, value]) => [
    name,
    typeof value === "string" ? value : JSON.stringify(value),
  ]);
}

function checkItem(words: CredentialMessages, check: CredentialCheck): HTMLElement {
  return h(
    "li",
    { class: `check check-${check.passed ? "passed" : "failed"}`, "data-check": check.check },
    h(
      "p",
      { class: "check-name" },
      h("span", { "aria-hidden": "true" }, check.passed ? "✓ " : "✗ "),
      `${words.checkNames[check.check]}: `,
      h("strong", {}, check.passed ? words.passed : words.failed),
    ),
    // The verification's own sentence, in English whatever the page's language.
    h("p", { class: "check-message", lang: "en" }, check.message),
  );
}

function renderAnswer(
  context: PageContext,
  words: CredentialMessages,
  credential: Record<string, unknown>,
  result: VerifyCredentialReturnType,
  reading: Reading,
): HTMLElement {
  const { config, messages } = context;
  const failedChecks = result.checks.filter((check) => !check.passed).length;
  const record = result.record;
  const proof = (Array.isArray(credential.proof) ? credential.proof[0] : credential.proof) as
    Record<string, unknown> | undefined;
  const selective = proof?.cryptosuite === "ecdsa-sd-2023";
  return h(
    "section",
    { class: "answer", "aria-labelledby": "credential-answer-heading" },
    h("h2", { id: "credential-answer-heading", class: "visually-hidden" }, messages.credentialHeading),
    h(
      "div",
      {
        class: `verdict verdict-${result.verified ? "valid" : "revoked"}`,
        "data-testid": "credential-verdict",
        "data-verdict": result.verified ? "valid" : "invalid",
        tabindex: "-1",
      },
      h("p", { class: "verdict-label" }, result.verified ? words.valid : words.invalid),
      result.verified ? null : h("p", {}, words.failedCount(failedChecks, result.checks.length)),
    ),
    h("h3", {}, words.checksHeading),
    h(
      "ul",
      { class: "checks", "data-testid": "credential-checks" },
      result.checks.map((check) => checkItem(words, check)),
    ),
    record === null
      ? null
      : h(
          "div",
          {},
          h("h3", {}, words.recordHeading),
          facts([
            [words.kind, record.kindName],
            [words.institution, record.institutionName],
            [words.chainStatus, words.statuses[record.status] ?? record.status],
            [words.issuedAt, formatTime(messages, record.issuedAt)],
            [words.validFrom, formatTime(messages, record.validFrom)],
            [words.expiresAt, record.expiresAt === null ? words.noExpiry : formatTime(messages, record.expiresAt)],
          ]),
        ),
    h("h3", {}, words.holderClaims),
    selective ? h("p", { class: "hint" }, words.selectiveNote) : null,
    facts(claimsOf(credential).map(([name, value]) => [name, name === "id" ? code(value) : value])),
    source(config, messages, reading, "DiplomaRegistry"),
  );
}

export function credentialPage(context: PageContext): HTMLElement {
  const { config, messages } = context;
  const words = CREDENTIAL_MESSAGES[messages.locale.startsWith("de") ? "de" : "en"];
  const output = h("div", { "aria-live": "polite", "data-testid": "credential-output" });
  const text = h("textarea", {
    id: "credential-text",
    rows: 10,
    spellcheck: "false",
    autocomplete: "off",
    "aria-describedby": "credential-text-hint",
  });

  async function verify(json: string): Promise<void> {
    if (json.trim() === "") {
      replace(output, notice("error", words.empty));
      return;
    }
    if (json.length > MAX_CREDENTIAL_BYTES) {
      replace(output, notice("error", words.tooLarge(`${MAX_CREDENTIAL_BYTES / 1024} KB`)));
      return;
    }
    let credential: unknown;
    try {
      credential = JSON.parse(json);
    } catch (error) {
      replace(output, notice("error", words.notJson(reasonOf(error).replace(/\.$/, ""))));
      return;
    }
    if (typeof credential !== "object" || credential === null || Array.isArray(credential)) {
      replace(output, notice("error", words.notObject));
      return;
    }
    const parsed = credential as Record<string, unknown>;
    replace(output, h("p", { class: "loading" }, words.verifying));
    try {
      const reading = await readingAtLatest(config);
      const result = await verifyCredential({ suite: reading.suite, credential: parsed });
      replace(output, renderAnswer(context, words, parsed, result, reading));
      output.querySelector<HTMLElement>("[data-testid=credential-verdict]")?.focus();
    } catch (error) {
      replace(
        output,
        readFailure(config, messages, error, () => void verify(json)),
      );
    }
  }

  async function readFile(file: File): Promise<void> {
    if (file.size > MAX_CREDENTIAL_BYTES) {
      replace(output, notice("error", words.tooLarge(`${MAX_CREDENTIAL_BYTES / 1024} KB`)));
      return;
    }
    text.value = await file.text();
    await verify(text.value);
  }

  const form = h(
    "form",
    {
      class: "query credential-form",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void verify(text.value);
      },
    },
    h(
      "div",
      { class: "field field-wide" },
      h("label", { for: "credential-text" }, words.textLabel),
      text,
      h("p", { id: "credential-text-hint", class: "hint" }, words.textHint),
    ),
    h("button", { type: "submit", "data-testid": "credential-verify" }, words.verifyButton),
  );
  const zone = dropZone({
    fields: [
      {
        id: "credential-file",
        accept: ".json,.jsonld,application/json,application/ld+json",
        label: words.fileLabel,
        hint: words.fileHint,
      },
    ],
    dropHint: words.dropHint,
    testId: "credential-drop-zone",
    onDrop: ([file]) => {
      replace(output);
      void readFile(file!);
    },
  });
  const fileInput = zone.inputs[0]!;
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    replace(output);
    if (file !== undefined) void readFile(file);
  });

  return h("div", {}, h("p", { class: "intro" }, words.intro), form, zone.element, output);
}
