/**
 * The land title lookup: owner account, status, liens and the ownership history as a timeline.
 *
 * @module
 */
import { getTitle, type GetTitleReturnType } from "../../../src/index.js";
import { address, source } from "../answer.js";
import { type Reading } from "../chain.js";
import { code, facts, h } from "../dom.js";
import { extractButton } from "../extract-button.js";
import { lookupPage } from "../lookup.js";
import { formatTime } from "../messages.js";
import type { PageContext } from "../page.js";

function liensTable(context: PageContext, title: GetTitleReturnType): HTMLElement {
  const { config, messages } = context;
  if (title.liens.length === 0) return h("p", {}, messages.noLiens);
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { "data-testid": "liens" },
      h("caption", { class: "visually-hidden" }, messages.liensHeading),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, messages.lienHolder),
          h("th", { scope: "col" }, messages.lienDocument),
          h("th", { scope: "col" }, messages.lienRegistered),
          h("th", { scope: "col" }, messages.lienReleased),
        ),
      ),
      h(
        "tbody",
        {},
        title.liens.map((lien) =>
          h(
            "tr",
            {},
            h("td", {}, address(config, messages, lien.holder)),
            h("td", {}, code(lien.documentHash)),
            h("td", {}, formatTime(messages, lien.registeredAt)),
            h("td", {}, lien.releasedAt === null ? messages.inForce : formatTime(messages, lien.releasedAt)),
          ),
        ),
      ),
    ),
  );
}

function timeline(context: PageContext, title: GetTitleReturnType): HTMLElement {
  const { config, messages } = context;
  return h(
    "ol",
    { class: "timeline", "data-testid": "history" },
    title.history.map((entry) =>
      h(
        "li",
        { "data-kind": entry.kind },
        h(
          "p",
          { class: "timeline-head" },
          h("strong", {}, messages.changeKinds[entry.kind] ?? entry.kind),
          " · ",
          h("time", { datetime: new Date(entry.since * 1000).toISOString() }, formatTime(messages, entry.since)),
        ),
        facts([
          [messages.newOwner, address(config, messages, entry.owner)],
          [messages.basis, code(entry.basis)],
        ]),
      ),
    ),
  );
}

function renderTitle(context: PageContext, reading: Reading, title: GetTitleReturnType): HTMLElement {
  const { config, messages } = context;
  return h(
    "section",
    { class: "answer", "aria-labelledby": "title-answer-heading" },
    h("h2", { id: "title-answer-heading" }, `${messages.parcel} ${title.cadastralReference ?? ""}`),
    facts([
      [messages.owner, address(config, messages, title.owner)],
      [
        messages.status,
        h("span", { class: `status status-${title.status.toLowerCase()}` }, messages.titleStatuses[title.status]),
      ],
      [messages.registeredAt, formatTime(messages, title.registeredAt)],
      [messages.ownerSince, formatTime(messages, title.ownerSince)],
      [messages.titleDocument, code(title.documentHash)],
    ]),
    h("h3", {}, messages.liensHeading),
    liensTable(context, title),
    h("h3", {}, messages.historyHeading),
    timeline(context, title),
    extractButton(context, { kind: "title", cadastralReference: title.cadastralReference ?? "" }, reading.block),
    source(config, messages, reading, "PropertyRegistry"),
  );
}

/** The land title page. */
export function titlePage(context: PageContext): HTMLElement {
  const { messages } = context;
  return lookupPage(context, {
    param: "ref",
    inputId: "cadastral-reference",
    resultId: "title-result",
    inputAttributes: { spellcheck: "false" },
    intro: messages.titleIntro,
    label: messages.cadastralLabel,
    example: messages.exampleTitle,
    button: messages.lookUpButton,
    problem: (value) => (value === "" ? messages.enterCadastral : undefined),
    contractName: "PropertyRegistry",
    notFound: (value) => messages.titleNotFound(value),
    answer: async (reading, value) =>
      renderTitle(context, reading, await getTitle({ suite: reading.suite, cadastralReference: value })),
  });
}
