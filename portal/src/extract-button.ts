/**
 * The "print this extract" button every answer carries.
 *
 * @module
 */
import type { ExtractRecord } from "../../src/extracts/facts.js";
import { readFailure } from "./answer.js";
import { h, replace } from "./dom.js";
import type { PageContext } from "./page.js";

/** A button that makes the extract of `record` as of `block`, and the place where it shows the result. */
export function extractButton(context: PageContext, record: ExtractRecord, block: number): HTMLElement {
  const { config, messages } = context;
  const holder = h("div", { class: "extract-result", "aria-live": "polite" });
  const make = () => {
    replace(holder, h("p", { class: "loading" }, messages.printing));
    import("./print.js")
      .then(({ printExtract }) => printExtract(context, record, block))
      .then(
        (made) => replace(holder, made),
        (error: unknown) => replace(holder, readFailure(config, messages, error, make)),
      );
  };
  return h(
    "div",
    { class: "extract" },
    h(
      "button",
      { type: "button", class: "secondary", onclick: make, "data-testid": "print-extract" },
      messages.printExtract,
    ),
    holder,
  );
}
