/**
 * The action context every write command hands to its action: the session's suite, signer, mode and receipt policy,
 * a line on stderr for each transaction sent (unless the output is JSON), and what a command is waiting for.
 *
 * @module
 */
import type { ActionContext, TransactionEvent } from "../actions/execute.js";
import type { Session } from "./session.js";

/** Prints on stderr what a command is waiting for, and the replacement of a dropped or stuck transaction. */
export function reportWait(event: TransactionEvent): void {
  if (event.type === "waiting") {
    const what = event.awaiting === "inclusion" ? "" : "the confirmations of ";
    process.stderr.write(
      `waiting ${Math.round(event.waitedMs / 1000)}s for ${what}${event.hash} (nonce ${event.nonce}: ${event.description})\n`,
    );
  }
  if (event.type === "replacing") {
    process.stderr.write(
      `${event.previousHash} was ${event.reason}; sent ${event.hash} with the same nonce ${event.nonce} and call\n`,
    );
  }
}

/** The action context of a session. */
export function contextOf(session: Session): ActionContext {
  return {
    suite: session.suite,
    signer: session.signer,
    mode: session.mode,
    receipts: session.receipts,
    onTransaction: (event) => {
      if (!session.json && event.type === "sent") process.stderr.write(`sent ${event.hash} (${event.description})\n`);
      reportWait(event);
    },
  };
}
