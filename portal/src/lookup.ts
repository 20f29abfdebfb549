/**
 * A page that looks one record up by what a person types (a cadastral reference, a company number, a poll number):
 * the form and its check, the page address that links to the answer, and the answer read from the chain, with the
 * same loading state, not-found answer and error notice on every page.
 *
 * @module
 */
import { RecordNotFoundError } from "../../src/errors.js";
import { notice, readFailure, source } from "./answer.js";
import { readingAtLatest, type Reading } from "./chain.js";
import { type Attributes, h, replace } from "./dom.js";
import type { PageContext } from "./page.js";

/** What differs between the lookup pages. */
export interface LookupPageOptions {
  /** The query parameter of the page's address that holds the typed value (`ref` in `#/title?ref=…`). */
  readonly param: string;
  /** The ids of the input and of the answer's container. */
  readonly inputId: string;
  readonly resultId: string;
  /** Extra attributes of the input (`spellcheck`, `inputmode`). */
  readonly inputAttributes: Attributes;
  readonly intro: string;
  readonly label: string;
  /** An example of what to type, shown under the field. */
  readonly example?: string;
  readonly button: string;
  /** Why a typed value cannot be looked up, as the message to show, or undefined when it can. */
  readonly problem: (value: string) => string | undefined;
  /** The contract that keeps the records, named under a not-found answer. */
  readonly contractName: string;
  /** The answer when no record has the value. */
  readonly notFound: (value: string) => string;
  /** What to show before anything is looked up (a list to choose from), read at the latest block. */
  readonly browse?: (reading: Reading) => Promise<HTMLElement>;
  /** Reads the record and renders it; throws a `RecordNotFoundError` when there is none. */
  readonly answer: (reading: Reading, value: string) => Promise<HTMLElement>;
}

/** The most characters a typed value may have: more is no reference, number or poll of any register. */
export const MAX_INPUT = 200;

/** A lookup page: the form, and the answer for the value in the page's address, if any. */
export function lookupPage(context: PageContext, options: LookupPageOptions): HTMLElement {
  const { config, messages, params } = context;
  const requested = (params.get(options.param) ?? "").trim();
  const problemOf = (value: string) =>
    value.length > MAX_INPUT ? messages.tooLong(MAX_INPUT) : options.problem(value);
  const hintId = `${options.inputId}-hint`;
  const input = h("input", {
    type: "text",
    id: options.inputId,
    name: options.param,
    value: requested,
    autocomplete: "off",
    required: true,
    maxlength: MAX_INPUT,
    "aria-describedby": options.example === undefined ? null : hintId,
    ...options.inputAttributes,
  });
  const output = h("div", { id: options.resultId, "aria-live": "polite" });
  const form = h(
    "form",
    {
      class: "query",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const value = input.value.trim();
        const problem = problemOf(value);
        if (problem !== undefined) {
          replace(output, notice("error", problem));
          input.focus();
          return;
        }
        context.navigate({ [options.param]: value });
      },
    },
    h(
      "div",
      { class: "field field-wide" },
      h("label", { for: options.inputId }, options.label),
      input,
      options.example === undefined ? null : h("p", { id: hintId, class: "hint" }, options.example),
    ),
    h("button", { type: "submit" }, options.button),
  );
  const load = () => {
    output.setAttribute("aria-busy", "true");
    replace(output, h("p", { class: "loading" }, messages.loading));
    void (async () => {
      let reading: Reading | undefined;
      try {
        const problem = problemOf(requested);
        if (problem !== undefined) {
          replace(output, notice("error", problem));
          return;
        }
        reading = await readingAtLatest(config);
        replace(output, await options.answer(reading, requested));
      } catch (error) {
        if (error instanceof RecordNotFoundError && reading !== undefined) {
          replace(
            output,
            h(
              "section",
              { class: "answer" },
              notice("info", options.notFound(requested)),
              source(config, messages, reading, options.contractName),
            ),
          );
        } else {
          replace(output, readFailure(config, messages, error, load));
        }
      } finally {
        output.setAttribute("aria-busy", "false");
      }
    })();
  };
  if (requested !== "") load();
  else if (options.browse !== undefined) {
    const browse = options.browse;
    const list = () => {
      readingAtLatest(config)
        .then((reading) => browse(reading))
        .then(
          (element) => replace(output, element),
          (error: unknown) => replace(output, readFailure(config, messages, error, list)),
        );
    };
    list();
  }
  return h("div", {}, h("p", { class: "intro" }, options.intro), form, output);
}
