/**
 * Parts every answer shares: where it was read (chain, contract, block, explorer links), dates, and errors.
 *
 * @module
 */
import type { Reading } from "./chain.js";
import { contractAddress, NodeTimeoutError, nodeName } from "./chain.js";
import type { PortalConfig } from "./config.js";
import { type Child, code, h } from "./dom.js";
import { formatTime, type Messages } from "./messages.js";

/** A link to the explorer page of an address or a block, or nothing when no explorer is configured. */
export function explorerLink(
  config: PortalConfig,
  messages: Messages,
  kind: "address" | "block",
  value: string | number,
): HTMLElement | null {
  if (config.explorerUrl === null) return null;
  const what = kind === "address" ? String(value) : `${messages.sourceBlock} ${value}`;
  return h(
    "a",
    {
      href: `${config.explorerUrl}/${kind}/${value}`,
      rel: "noopener noreferrer",
      target: "_blank",
      class: "explorer",
      "aria-label": messages.onExplorer(what),
    },
    messages.explorer,
  );
}

/** An account or contract address, with its explorer link where one is configured. */
export function address(config: PortalConfig, messages: Messages, value: string): HTMLElement {
  return h("span", { class: "address" }, code(value), " ", explorerLink(config, messages, "address", value));
}

/** Where an answer was read: chain, network, contract and block, with explorer links. */
export function source(
  config: PortalConfig,
  messages: Messages,
  reading: Pick<Reading, "block" | "blockTime">,
  contractName: string,
): HTMLElement {
  const { deployment } = config;
  const contract = contractAddress(config, contractName);
  return h(
    "div",
    { class: "source", "data-testid": "source" },
    h("p", {}, messages.source(contractName, deployment.chainId, deployment.network, reading.block)),
    h(
      "ul",
      {},
      h(
        "li",
        {},
        `${messages.sourceContract}: `,
        code(contract),
        " ",
        explorerLink(config, messages, "address", contract),
      ),
      h(
        "li",
        {},
        `${messages.sourceBlock}: ${reading.block} (${formatTime(messages, reading.blockTime)}) `,
        explorerLink(config, messages, "block", reading.block),
      ),
    ),
  );
}

/** A notice for the visitor: an error, a warning or information, announced by screen readers. */
export function notice(kind: "error" | "warning" | "info", text: string): HTMLElement {
  return h("p", { class: `notice notice-${kind}`, role: kind === "error" ? "alert" : "status" }, text);
}

/** The short message of an error, without stack or nested details. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: string }).shortMessage;
    return short ?? error.message;
  }
  return String(error);
}

/** Whether an error says the node could not be reached at all (refused, reset, no network). */
function unreachable(error: unknown): boolean {
  const text = `${reasonOf(error)} ${String((error as { code?: unknown })?.code ?? "")}`;
  return /failed to fetch|network ?error|ECONNREFUSED|fetch failed|load failed|NETWORK_ERROR/i.test(text);
}

/** Whether an error says the node did not answer in time. */
function timedOut(error: unknown): boolean {
  if (error instanceof NodeTimeoutError) return true;
  const code = (error as { code?: unknown })?.code;
  return code === "TIMEOUT" || /timeout/i.test(reasonOf(error));
}

/**
 * A read that failed, in the visitor's language: it names the node, says what to do and offers to try again.
 */
export function readFailure(
  config: PortalConfig,
  messages: Messages,
  error: unknown,
  retry: () => void,
  prefix?: string,
): HTMLElement {
  const node = nodeName(config);
  const what = timedOut(error)
    ? messages.nodeTimeout(node, config.readTimeoutSeconds ?? 15)
    : unreachable(error)
      ? messages.nodeUnreachable(node)
      : messages.nodeFailed(node, reasonOf(error));
  return h(
    "div",
    { class: "notice notice-error", role: "alert", "data-testid": "read-failure" },
    h("p", {}, prefix === undefined ? what : `${prefix} ${what}`),
    h("p", {}, messages.whatToDo),
    h("button", { type: "button", class: "secondary", onclick: () => retry() }, messages.retry),
  );
}

/** One file field of a drop zone: its label, file input and hint (`<id>-hint`, which the input names). */
export interface DropField {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly name?: string;
  /** The file types the chooser offers (the input's `accept`). */
  readonly accept?: string;
}

/** Parameters of {@link dropZone}. */
export interface DropZoneParameters {
  readonly fields: readonly DropField[];
  /** The hint that files may be dropped on the zone. */
  readonly dropHint: string;
  readonly testId: string;
  /** Receives the files dropped on the zone (never an empty list). */
  readonly onDrop: (files: File[]) => void;
  /** What follows the hints inside the zone. */
  readonly extra?: readonly Child[];
}

/**
 * A zone of file fields on which files may also be dropped: each field's label, input and hint, the drop hint, and the
 * drag handling (the zone is marked while a file is over it). Returns the zone and its inputs in field order.
 */
export function dropZone({ fields, dropHint, testId, onDrop, extra = [] }: DropZoneParameters): {
  readonly element: HTMLElement;
  readonly inputs: readonly HTMLInputElement[];
} {
  const inputs = fields.map((field) =>
    h("input", {
      type: "file",
      id: field.id,
      name: field.name,
      accept: field.accept,
      "aria-describedby": `${field.id}-hint`,
    }),
  );
  const element = h(
    "div",
    { class: "drop-zone", "data-testid": testId },
    fields.map((field, index) =>
      h(
        "div",
        { class: "field" },
        h("label", { for: field.id }, field.label),
        inputs[index],
        h("p", { id: `${field.id}-hint`, class: "hint" }, field.hint),
      ),
    ),
    h("p", { class: "hint" }, dropHint),
    extra,
  );
  element.addEventListener("dragover", (event) => {
    event.preventDefault();
    element.classList.add("dragging");
  });
  element.addEventListener("dragleave", () => element.classList.remove("dragging"));
  element.addEventListener("drop", (event) => {
    event.preventDefault();
    element.classList.remove("dragging");
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) onDrop(files);
  });
  return { element, inputs };
}

/** Puts `files` into a file input, as if the visitor had chosen them. */
export function setFiles(input: HTMLInputElement, files: readonly File[]): void {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
}
