/**
 * Building the page's elements. Text always goes in as text nodes, never as HTML, so nothing read from the chain or
 * from a dropped file can inject markup.
 *
 * @module
 */

/** What an element may contain: elements, text, or nothing (skipped). */
export type Child = Node | string | number | null | undefined | false;

/** Attributes of {@link h}: strings set as attributes, `true` as an empty attribute; handlers as `on<event>`. */
export type Attributes = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Creates an element with attributes and children. */
export function h<TagT extends keyof HTMLElementTagNameMap>(
  tag: TagT,
  attributes: Attributes = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[TagT] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

/** Appends children (nested lists flattened, empty ones skipped). */
export function append(parent: Node, children: readonly (Child | readonly Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(parent: Element, ...children: (Child | readonly Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A definition list of label and value pairs; rows whose value is null are left out. */
export function facts(rows: readonly (readonly [string, Child | readonly Child[]] | null)[]): HTMLDListElement {
  const list = h("dl", { class: "facts" });
  for (const row of rows) {
    if (row === null) continue;
    const [label, value] = row;
    if (value === null || value === undefined) continue;
    append(list, [h("dt", {}, label), h("dd", {}, value as Child)]);
  }
  return list;
}

/** The words of the copy button, set by the page in the visitor's language. */
const copyWords = { copy: "Copy", copied: "Copied", label: (value: string) => `Copy ${value}` };

/** Sets the words of the copy buttons. */
export function setCopyWords(words: typeof copyWords): void {
  Object.assign(copyWords, words);
}

/**
 * A hash or address shown in full, in a monospace face that breaks anywhere on a narrow screen, with a button that
 * copies it.
 */
export function code(value: string): HTMLElement {
  const shown = h("code", { class: "hash" }, value);
  if (value.length < 20) return shown;
  const button = h(
    "button",
    {
      type: "button",
      class: "copy",
      "aria-label": copyWords.label(value.length > 14 ? `${value.slice(0, 8)}…${value.slice(-4)}` : value),
      onclick: () => {
        void navigator.clipboard?.writeText(value).then(() => {
          button.textContent = copyWords.copied;
        });
      },
    },
    copyWords.copy,
  );
  return h("span", { class: "hash-row" }, shown, button);
}
