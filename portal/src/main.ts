/**
 * The public verification portal: loads `config.json`, then shows the page named by the address's hash
 * (`#/diploma`, `#/title?ref=…`, `#/company?number=…`, `#/results?poll=…`, `#/check`, `#/credential`, `#/voter`) in the
 * visitor's language.
 *
 * @module
 */
import { notice, readFailure, reasonOf } from "./answer.js";
import { checkChain, onNodeAnswered } from "./chain.js";
import { parsePortalConfig, type PortalConfig } from "./config.js";
import { h, replace, setCopyWords } from "./dom.js";
import { isLanguage, type Language, LANGUAGES, MESSAGES, type Messages } from "./messages.js";
import type { PageContext } from "./page.js";
import { companyPage } from "./pages/company.js";
import { diplomaPage } from "./pages/diploma.js";
import { titlePage } from "./pages/title.js";

/**
 * The election results page, loaded when it is opened: the elections code (ABIs, the census tree's hash function)
 * stays out of what the diploma check loads.
 */
function lazyResultsPage(context: PageContext): HTMLElement {
  const holder = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, context.messages.loading));
  import("./pages/results.js").then(
    ({ resultsPage }) => replace(holder, resultsPage(context)),
    (error: unknown) => replace(holder, notice("error", context.messages.readError(reasonOf(error)))),
  );
  return holder;
}

/** The extract check page, loaded when it is opened: it brings the PDF reader and the QR decoder. */
function lazyCheckPage(context: PageContext): HTMLElement {
  const holder = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, context.messages.loading));
  import("./pages/check.js").then(
    ({ checkPage }) => replace(holder, checkPage(context)),
    (error: unknown) => replace(holder, notice("error", context.messages.readError(reasonOf(error)))),
  );
  return holder;
}

/**
 * The credential check, loaded when it is opened: it brings the W3C Verifiable Credentials libraries (JSON-LD, the
 * cryptosuites and their contexts), which the first page never loads.
 */
function lazyCredentialPage(context: PageContext): HTMLElement {
  const holder = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, context.messages.loading));
  import("./pages/credential.js").then(
    ({ credentialPage }) => replace(holder, credentialPage(context)),
    (error: unknown) => replace(holder, notice("error", context.messages.readError(reasonOf(error)))),
  );
  return holder;
}

/**
 * The voter's page, loaded when it is opened: it brings the identity library and the census tree's hash; the proof
 * worker and its circuit files load only when a ballot is cast.
 */
function lazyVoterPage(context: PageContext): HTMLElement {
  const holder = h("div", { "aria-live": "polite" }, h("p", { class: "loading" }, context.messages.loading));
  import("./pages/voter.js").then(
    ({ voterPage }) => replace(holder, voterPage(context)),
    (error: unknown) => replace(holder, notice("error", context.messages.readError(reasonOf(error)))),
  );
  return holder;
}

/** The pages, by the first part of the hash. */
const PAGES = {
  diploma: { navLabel: (m: Messages) => m.navDiploma, heading: (m: Messages) => m.diplomaHeading, render: diplomaPage },
  title: { navLabel: (m: Messages) => m.navTitle, heading: (m: Messages) => m.titleHeading, render: titlePage },
  company: {
    navLabel: (m: Messages) => m.navCompany,
    heading: (m: Messages) => m.companyHeading,
    render: companyPage,
  },
  results: {
    navLabel: (m: Messages) => m.navResults,
    heading: (m: Messages) => m.resultsHeading,
    render: lazyResultsPage,
  },
  check: {
    navLabel: (m: Messages) => m.navCheck,
    heading: (m: Messages) => m.checkExtractHeading,
    render: lazyCheckPage,
  },
  credential: {
    navLabel: (m: Messages) => m.navCredential,
    heading: (m: Messages) => m.credentialHeading,
    render: lazyCredentialPage,
  },
  voter: {
    navLabel: (m: Messages) => m.navVoter,
    heading: (m: Messages) => m.voterHeading,
    render: lazyVoterPage,
  },
} as const;
type PageName = keyof typeof PAGES;

const LANGUAGE_KEY = "egov-portal-language";

function initialLanguage(): Language {
  const fromQuery = new URLSearchParams(window.location.search).get("lang");
  if (isLanguage(fromQuery)) return fromQuery;
  const stored = window.localStorage.getItem(LANGUAGE_KEY);
  if (isLanguage(stored)) return stored;
  const preferred = navigator.language.slice(0, 2).toLowerCase();
  return isLanguage(preferred) ? preferred : "en";
}

function currentRoute(): { page: PageName; params: URLSearchParams } {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [path, query = ""] = hash.split("?", 2);
  const page = (Object.keys(PAGES) as PageName[]).includes(path as PageName) ? (path as PageName) : "diploma";
  return { page, params: new URLSearchParams(query) };
}

const root = document.getElementById("app")!;
let language = initialLanguage();
let config: PortalConfig | undefined;
/** Why `config.json` could not be used, when it could not. */
let configProblem = "";

function render(focusHeading: boolean): void {
  const messages = MESSAGES[language];
  const { page, params } = currentRoute();
  const definition = PAGES[page];
  document.documentElement.lang = language;
  setCopyWords({ copy: messages.copy, copied: messages.copied, label: messages.copyLabel });
  document.title = `${definition.heading(messages)} · ${messages.appTitle}`;

  const languageSelect = h(
    "select",
    {
      id: "language",
      onchange: (event: Event) => {
        const value = (event.target as HTMLSelectElement).value;
        if (!isLanguage(value)) return;
        language = value;
        window.localStorage.setItem(LANGUAGE_KEY, value);
        render(false);
        document.getElementById("language")?.focus();
      },
    },
    LANGUAGES.map((code) =>
      h("option", { value: code, selected: code === language, lang: code }, MESSAGES[code].languageName),
    ),
  );
  const heading = h("h1", { id: "page-heading", tabindex: "-1" }, definition.heading(messages));
  const main = h("main", { id: "main", tabindex: "-1", "aria-labelledby": "page-heading" }, heading);
  if (config === undefined) {
    main.append(notice("error", messages.configError(configProblem)));
  } else {
    const context: PageContext = {
      config,
      messages,
      params,
      navigate: (next) => {
        const target = `#/${page}?${new URLSearchParams(next).toString()}`;
        if (window.location.hash === target) render(true);
        else window.location.hash = target;
      },
    };
    main.append(definition.render(context));
  }

  replace(
    root,
    h(
      "a",
      {
        class: "skip-link",
        href: "#main",
        onclick: (event: Event) => {
          event.preventDefault();
          main.focus();
        },
      },
      messages.skipToContent,
    ),
    h(
      "header",
      { class: "site-header" },
      h("p", { class: "app-title" }, messages.appTitle),
      h("p", { class: "tagline" }, messages.tagline),
      h(
        "div",
        { class: "header-row" },
        h(
          "nav",
          { "aria-label": messages.navLabel },
          h(
            "ul",
            {},
            (Object.keys(PAGES) as PageName[]).map((name) =>
              h(
                "li",
                {},
                h(
                  "a",
                  { href: `#/${name}`, "aria-current": name === page ? "page" : null },
                  PAGES[name].navLabel(messages),
                ),
              ),
            ),
          ),
        ),
        h("div", { class: "language" }, h("label", { for: "language" }, messages.languageLabel), languageSelect),
      ),
    ),
    main,
    h("footer", { class: "site-footer" }, h("p", {}, messages.footer)),
  );
  if (focusHeading) heading.focus();
}

async function start(): Promise<void> {
  try {
    const response = await fetch("./config.json", { cache: "no-store" });
    if (!response.ok) throw new Error(`config.json answered HTTP ${response.status}`);
    config = parsePortalConfig(await response.json());
  } catch (error) {
    configProblem = reasonOf(error);
    render(false);
    return;
  }
  window.addEventListener("hashchange", () => render(true));
  onNodeAnswered(() => {
    nodeAnswers += 1;
    root.querySelector("[data-testid=node-failure]")?.remove();
  });
  render(false);
  await checkNode(config);
}

/** How many reads of the latest block have succeeded since the page loaded. */
let nodeAnswers = 0;

/**
 * Checks the node once the page is shown; a failure is said under the heading, with a retry. A failure that comes
 * back after another read reached the node (a retry of a lookup, say) is stale and not shown.
 */
async function checkNode(current: PortalConfig): Promise<void> {
  const answersBefore = nodeAnswers;
  try {
    await checkChain(current);
  } catch (error) {
    if (nodeAnswers !== answersBefore) return;
    const failure = readFailure(current, MESSAGES[language], error, () => {
      failure.remove();
      void checkNode(current);
    });
    failure.dataset.testid = "node-failure";
    root.querySelector("#page-heading")?.after(failure);
  }
}

void start();
