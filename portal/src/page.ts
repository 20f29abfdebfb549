/**
 * What every page of the portal receives.
 *
 * @module
 */
import type { PortalConfig } from "./config.js";
import type { Messages } from "./messages.js";

/** The context of a page: configuration, the visitor's language, the query of its address. */
export interface PageContext {
  readonly config: PortalConfig;
  readonly messages: Messages;
  /** The query part of the page's address (`#/title?ref=…`), so that every answer can be linked to. */
  readonly params: URLSearchParams;
  /** Changes the query of the page's address; the page is rendered again with it. */
  readonly navigate: (params: Record<string, string>) => void;
}
