/**
 * The action context every write command hands to its action: the session's suite, signer and mode, and a line on
 * stderr for each transaction sent (unless the output is JSON).
 *
 * @module
 */
import type { ActionContext } from "../actions/execute.js";
import type { Session } from "./session.js";

/** The action context of a session. */
export function contextOf(session: Session): ActionContext {
  return {
    suite: session.suite,
    signer: session.signer,
    mode: session.mode,
    onTransaction: (event) => {
      if (!session.json && event.type === "sent") process.stderr.write(`sent ${event.hash} (${event.description})\n`);
    },
  };
}
