/**
 * Election results: a poll's question and options (published off chain, checked against the hash the poll states),
 * its census size, the turnout and the tally as a chart with a table alternative, and a check that recomputes the
 * tally and the census root in the browser from the chain's events. Loaded only when the page is opened, so that
 * the diploma check does not carry the elections code.
 *
 * @module
 */
import { keccak256 } from "ethers";

import { checkCensus, readCitizenChanges } from "../../../src/elections/census.js";
import { queryEvents } from "../../../src/logs.js";
import {
  decodeElectionsError,
  type PollView,
  readPoll,
  readTally,
  type Tally,
  verifyTally,
} from "../../../src/elections/polls.js";
import { notice, reasonOf, source } from "../answer.js";
import { contractAddress, readingAtLatest, type Reading } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { formatTime, type Messages } from "../messages.js";
import { lookupPage } from "../lookup.js";
import type { PageContext } from "../page.js";

/** The published texts of a poll, as its metadata file gives them. */
interface PollTexts {
  readonly question: string;
  readonly options: readonly string[];
}

/** What became of the poll's metadata file: its texts when their hash is the poll's, else why not. */
type Metadata =
  | { readonly kind: "matches"; readonly texts: PollTexts }
  | { readonly kind: "mismatch" }
  | { readonly kind: "unreadable"; readonly reason: string };

/**
 * Reads `polls/<pollId>.json` beside the page and checks it: the keccak-256 hash of its exact bytes must be the
 * poll's metadata hash, and it must hold a question and one text per option.
 */
async function readMetadata(messages: Messages, poll: PollView): Promise<Metadata> {
  let bytes: Uint8Array;
  try {
    const response = await fetch(`./polls/${poll.pollId}.json`, { cache: "no-store" });
    if (!response.ok) return { kind: "unreadable", reason: `HTTP ${response.status}` };
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    return { kind: "unreadable", reason: reasonOf(error) };
  }
  if (keccak256(bytes).toLowerCase() !== poll.metadataHash.toLowerCase()) return { kind: "mismatch" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { kind: "unreadable", reason: messages.metadataBadShape(poll.optionCount) };
  }
  const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const { question, options } = record;
  if (
    typeof question !== "string" ||
    !Array.isArray(options) ||
    options.length !== poll.optionCount ||
    options.some((option) => typeof option !== "string")
  ) {
    return { kind: "unreadable", reason: messages.metadataBadShape(poll.optionCount) };
  }
  return { kind: "matches", texts: { question, options: options as string[] } };
}

function percent(messages: Messages, part: bigint | number, whole: bigint | number): string {
  const ratio = Number(whole) === 0 ? 0 : Number(part) / Number(whole);
  return new Intl.NumberFormat(messages.locale, { style: "percent", maximumFractionDigits: 1 }).format(ratio);
}

function integer(messages: Messages, value: bigint | number): string {
  return new Intl.NumberFormat(messages.locale).format(value);
}

/** The tally as bars (HTML meters with their figures as text) and, on request, as a table. */
function tallyView(messages: Messages, labels: readonly string[], tally: Tally): HTMLElement {
  const tableId = "tally-table";
  const table = h(
    "table",
    { id: tableId, "data-testid": "tally-table", hidden: true },
    h("caption", {}, messages.tallyCaption(tally.ballots)),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, messages.optionColumn),
        h("th", { scope: "col" }, messages.votesColumn),
        h("th", { scope: "col" }, messages.shareColumn),
      ),
    ),
    h(
      "tbody",
      {},
      labels.map((label, index) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, label),
          h("td", {}, integer(messages, tally.votes[index] ?? 0n)),
          h("td", {}, percent(messages, tally.votes[index] ?? 0n, tally.ballots)),
        ),
      ),
    ),
  );
  const toggle = h(
    "button",
    {
      type: "button",
      class: "secondary",
      "aria-controls": tableId,
      "aria-expanded": "false",
      onclick: () => {
        const show = table.hidden;
        table.hidden = !show;
        toggle.setAttribute("aria-expanded", String(show));
        toggle.textContent = show ? messages.hideTable : messages.showTable;
      },
    },
    messages.showTable,
  );
  const maximum = Math.max(1, tally.ballots);
  return h(
    "div",
    { class: "tally" },
    h(
      "figure",
      { class: "tally-chart", "data-testid": "tally-chart", "aria-labelledby": "tally-caption" },
      h("figcaption", { id: "tally-caption" }, messages.tallyCaption(tally.ballots)),
      h(
        "ul",
        {},
        labels.map((label, index) => {
          const votes = tally.votes[index] ?? 0n;
          return h(
            "li",
            { "data-option": index },
            h("span", { id: `tally-label-${index}`, class: "tally-label" }, label),
            h("meter", {
              min: 0,
              max: maximum,
              value: Number(votes),
              "aria-labelledby": `tally-label-${index} tally-value-${index}`,
            }),
            h(
              "span",
              { id: `tally-value-${index}`, class: "tally-value" },
              messages.votesText(integer(messages, votes), votes === 1n, percent(messages, votes, tally.ballots)),
            ),
          );
        }),
      ),
    ),
    toggle,
    table,
  );
}

/** The check a visitor runs: tally and census recomputed from the events, compared with the contract. */
function recomputeSection(context: PageContext, poll: PollView, labels: readonly string[]): HTMLElement {
  const { config, messages } = context;
  const output = h("div", { id: "recompute-result", "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      onclick: () => {
        void (async () => {
          button.disabled = true;
          output.setAttribute("aria-busy", "true");
          replace(output, h("p", { class: "loading" }, messages.recomputing));
          try {
            const reading = await readingAtLatest(config);
            const elections = reading.suite.elections!;
            const provider = reading.suite.runner.provider!;
            const [tally, changes] = await Promise.all([
              verifyTally({ elections, provider, pollId: poll.pollId }),
              readCitizenChanges({ provider, registry: contractAddress(config, "CitizenRegistry") }),
            ]);
            const census = checkCensus({ changes, stated: poll.census });
            replace(
              output,
              h(
                "div",
                { "data-testid": "recomputed" },
                notice(
                  tally.matches ? "info" : "error",
                  tally.matches ? messages.tallyMatches(tally.recomputed.ballots) : messages.tallyMismatch,
                ),
                notice(
                  census.matches ? "info" : "error",
                  census.matches ? messages.censusMatches(census.computed.size) : messages.censusMismatch,
                ),
                facts([
                  [
                    messages.recomputedTally,
                    labels
                      .map((label, index) => `${label}: ${integer(messages, tally.recomputed.votes[index] ?? 0n)}`)
                      .join("; "),
                  ],
                  [messages.statedRoot, code(poll.census.root.toString())],
                  [messages.recomputedRoot, code(census.computed.root.toString())],
                  [messages.recomputedSize, integer(messages, census.computed.size)],
                ]),
              ),
            );
          } catch (error) {
            replace(output, notice("error", messages.readError(reasonOf(error))));
          } finally {
            button.disabled = false;
            output.setAttribute("aria-busy", "false");
          }
        })();
      },
    },
    messages.recomputeButton,
  );
  return h(
    "section",
    { class: "recompute", "aria-labelledby": "recompute-heading" },
    h("h3", { id: "recompute-heading" }, messages.checkHeading),
    h("p", {}, messages.checkIntro),
    button,
    output,
  );
}

/** The options' texts when the published file matches, else their numbers. */
function pollLabels(messages: Messages, poll: PollView, metadata: Metadata): string[] {
  const texts = metadata.kind === "matches" ? metadata.texts : null;
  return Array.from(
    { length: poll.optionCount },
    (_, index) => texts?.options[index] ?? messages.optionNumber(index + 1),
  );
}

/**
 * A poll's page: its texts and facts, then `body` (the public tally and its check, or a secret poll's section).
 */
function renderPoll(
  context: PageContext,
  reading: Reading,
  poll: PollView,
  ballots: number,
  metadata: Metadata,
  body: readonly HTMLElement[],
): HTMLElement {
  const { config, messages } = context;
  const texts = metadata.kind === "matches" ? metadata.texts : null;
  const metadataNotice =
    metadata.kind === "matches"
      ? notice("info", messages.metadataMatches)
      : metadata.kind === "mismatch"
        ? notice("warning", messages.metadataMismatch)
        : notice("warning", messages.metadataUnreadable(metadata.reason));
  metadataNotice.dataset.testid = "metadata-check";
  metadataNotice.dataset.metadata = metadata.kind;
  return h(
    "section",
    { class: "answer", "aria-labelledby": "poll-heading" },
    h(
      "h2",
      { id: "poll-heading", "data-testid": "poll-question" },
      texts?.question ?? messages.pollTitle(`${poll.pollId}`),
    ),
    metadataNotice,
    facts([
      [messages.status, h("span", { "data-testid": "poll-state" }, messages.pollStates[poll.state] ?? poll.state)],
      [messages.ballotRule, messages.ballotRules(poll.rule, poll.maxChoices)],
      [
        messages.votingWindow,
        messages.windowText(formatTime(messages, poll.opensAt), formatTime(messages, poll.closesAt)),
      ],
      [messages.censusSize, integer(messages, poll.census.size)],
      [messages.ballotsCounted, h("span", { "data-testid": "ballots-counted" }, integer(messages, ballots))],
      [messages.turnout, messages.turnoutText(percent(messages, ballots, poll.census.size), ballots, poll.census.size)],
      [messages.metadataHash, code(poll.metadataHash)],
    ]),
    body,
    source(config, messages, reading, "Elections"),
  );
}

/** The election results page. */
export function resultsPage(context: PageContext): HTMLElement {
  const { messages } = context;
  return lookupPage(context, {
    param: "poll",
    inputId: "poll-number",
    resultId: "results-result",
    inputAttributes: { inputmode: "numeric" },
    intro: messages.resultsIntro,
    label: messages.pollLabel,
    button: messages.showResults,
    problem: (value) => (/^[1-9][0-9]{0,30}$/.test(value) ? undefined : messages.enterPollNumber),
    contractName: "Elections",
    notFound: (value) => messages.pollNotFound(value),
    browse: async (reading) => {
      const elections = reading.suite.elections;
      if (elections === undefined) return notice("info", messages.noElections);
      const created = await queryEvents(
        elections,
        elections.filters.PollCreated(),
        reading.suite.deployment.contracts.Elections!.deploymentBlock,
      );
      const ids = created.map((event) => String(event.args.pollId)).reverse();
      return h(
        "section",
        { class: "poll-list", "aria-labelledby": "poll-list-heading", "data-testid": "poll-list" },
        h("h2", { id: "poll-list-heading" }, messages.pollsHeading),
        ids.length === 0
          ? h("p", {}, messages.noPolls)
          : h(
              "ul",
              {},
              ids.map((pollId) =>
                h("li", {}, h("a", { href: `#/results?poll=${pollId}` }, messages.pollTitle(pollId))),
              ),
            ),
      );
    },
    answer: async (reading, value) => {
      const elections = reading.suite.elections;
      if (elections === undefined) return notice("error", messages.noElections);
      const pollId = BigInt(value);
      let poll: PollView;
      try {
        poll = await readPoll({ elections, pollId });
      } catch (error) {
        throw decodeElectionsError(error);
      }
      const [{ secret }, metadata] = await Promise.all([elections.poll(pollId), readMetadata(messages, poll)]);
      const labels = pollLabels(messages, poll, metadata);
      if (secret) {
        // The curve code of secret polls is loaded only for a secret poll.
        const { secretResults } = await import("./results-secret.js");
        const section = await secretResults({
          context,
          reading,
          poll,
          tallyView: (votes, ballots) => tallyView(messages, labels, { votes, ballots }),
        });
        return renderPoll(context, reading, poll, poll.ballots, metadata, [section]);
      }
      const tally = await readTally({ elections, pollId });
      return renderPoll(context, reading, poll, tally.ballots, metadata, [
        h("h3", {}, messages.tallyHeading),
        tallyView(messages, labels, tally),
        recomputeSection(context, poll, labels),
      ]);
    },
  });
}
