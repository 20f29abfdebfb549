/**
 * The land title lookup: owner account, status, liens and the ownership history as a timeline.
 *
 * @module
 */
import { getTitle, type GetTitleReturnType, RecordNotFoundError } from "../../../src/index.js";
import { address, notice, reasonOf, source } from "../answer.js";
import { readingAtLatest, type Reading } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { formatTime } from "../messages.js";
import type { PageContext } from "../page.js";

function liensTable(context: PageContext, title: GetTitleReturnType): HTMLElement {
  const { config, messages } = context;
  if (title.liens.length === 0) return h("p", {}, messages.noLiens);
  return h(
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
    source(config, messages, reading, "PropertyRegistry"),
  );
}

/** The land title page. */
export function titlePage(context: PageContext): HTMLElement {
  const { config, messages, params } = context;
  const reference = params.get("ref") ?? "";
  const input = h("input", {
    type: "text",
    id: "cadastral-reference",
    name: "ref",
    value: reference,
    autocomplete: "off",
    spellcheck: "false",
    required: true,
  });
  const output = h("div", { id: "title-result", "aria-live": "polite" });
  const form = h(
    "form",
    {
      class: "query",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = input.value.trim();
        if (value === "") {
          replace(output, notice("error", messages.enterCadastral));
          input.focus();
          return;
        }
        context.navigate({ ref: value });
      },
    },
    h("div", { class: "field" }, h("label", { for: "cadastral-reference" }, messages.cadastralLabel), input),
    h("button", { type: "submit" }, messages.lookUpButton),
  );
  if (reference !== "") {
    output.setAttribute("aria-busy", "true");
    replace(output, h("p", { class: "loading" }, messages.loading));
    void (async () => {
      let reading: Reading | undefined;
      try {
        reading = await readingAtLatest(config);
        const title = await getTitle({ suite: reading.suite, cadastralReference: reference });
        replace(output, renderTitle(context, reading, title));
      } catch (error) {
        if (error instanceof RecordNotFoundError && reading !== undefined) {
          replace(
            output,
            h(
              "section",
              { class: "answer" },
              notice("info", messages.titleNotFound(reference)),
              source(config, messages, reading, "PropertyRegistry"),
            ),
          );
        } else {
          replace(output, notice("error", messages.readError(reasonOf(error))));
        }
      } finally {
        output.setAttribute("aria-busy", "false");
      }
    })();
  }
  return h("div", {}, h("p", { class: "intro" }, messages.titleIntro), form, output);
}
