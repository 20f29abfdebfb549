/**
 * Parts every answer shares: where it was read (chain, contract, block, explorer links), dates, and errors.
 *
 * @module
 */
import type { Reading } from "./chain.js";
import { contractAddress } from "./chain.js";
import type { PortalConfig } from "./config.js";
import { code, h } from "./dom.js";
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
export function source(config: PortalConfig, messages: Messages, reading: Reading, contractName: string): HTMLElement {
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
