/**
 * The result of a bulk registration command, the same for every register: what was written now, by earlier runs of
 * the same job and before it, the gas, and the journal that resumes it.
 *
 * @module
 */
import type { BulkSummary } from "../actions/bulk.js";
import type { CommandResult, Session } from "./session.js";

/** How a bulk command names what it wrote. */
export interface BulkResultWording {
  /** The first line's opening, e.g. `12 rows in titles.csv`. */
  readonly subject: string;
  /** The verb when sent and when only planned, e.g. `["registered", "to register"]`. */
  readonly verb: readonly [sent: string, planned: string];
  /** The Safe batch title. */
  readonly safeTitle: string;
}

/** The command result of a bulk summary. */
export function bulkResult(session: Session, summary: BulkSummary, wording: BulkResultWording): CommandResult {
  const verb = session.mode === "send" ? wording.verb[0] : wording.verb[1];
  return {
    data: { ...summary, transactions: undefined },
    lines: [
      `${wording.subject}: ${summary.written} ${verb} now in ${summary.batches} transaction(s), ` +
        `${summary.writtenEarlier} by earlier runs of this job, ${summary.alreadyPresent} on chain before it`,
      `Gas ${session.mode === "send" ? "used" : "estimate"}: ${summary.gasUsed}` +
        (summary.journal === null ? "" : `; journal ${summary.journal}`),
    ],
    transactions: summary.transactions.map((transaction) =>
      "events" in transaction ? { ...transaction, events: [] } : transaction,
    ),
    safeTitle: wording.safeTitle,
  };
}
