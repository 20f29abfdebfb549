/**
 * The company lookup: status with its history, directors with their dates, filings, controlling owners.
 *
 * @module
 */
import { filingTypeText, legalFormText } from "../../../src/extracts/labels.js";
import { COMPANY_STATUSES, getCompany, type GetCompanyReturnType } from "../../../src/index.js";
import { queryEvents } from "../../../src/logs.js";
import { address, source } from "../answer.js";
import { blockTime, type Reading } from "../chain.js";
import { code, facts, h } from "../dom.js";
import { extractButton } from "../extract-button.js";
import { lookupPage } from "../lookup.js";
import { extractLabels, formatTime } from "../messages.js";
import type { PageContext } from "../page.js";

/** One change of a company's status, from its event. */
interface StatusChange {
  readonly from: string;
  readonly to: string;
  readonly decisionHash: string;
  readonly at: number;
}

async function statusHistory(reading: Reading, companyId: bigint): Promise<StatusChange[]> {
  const registry = reading.suite.companyRegistry;
  const fromBlock = reading.suite.deployment.contracts.CompanyRegistry!.deploymentBlock;
  const events = await queryEvents(registry, registry.filters.CompanyStatusChanged(companyId), fromBlock);
  return Promise.all(
    events.map(async (event) => ({
      from: COMPANY_STATUSES[Number(event.args.previousStatus)],
      to: COMPANY_STATUSES[Number(event.args.status)],
      decisionHash: event.args.decisionHash as string,
      at: await blockTime(reading, event.blockNumber),
    })),
  );
}

function table(caption: string, testId: string, headings: readonly string[], rows: readonly HTMLElement[]) {
  return h(
    "div",
    { class: "table-scroll" },
    h(
      "table",
      { "data-testid": testId },
      h("caption", { class: "visually-hidden" }, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          headings.map((heading) => h("th", { scope: "col" }, heading)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

function renderCompany(
  context: PageContext,
  reading: Reading,
  number: string,
  company: GetCompanyReturnType,
  changes: readonly StatusChange[],
): HTMLElement {
  const { config, messages } = context;
  const status = (name: string) => messages.companyStatuses[name] ?? name;
  const firstStatus = changes[0]?.from ?? company.status;
  const statusRows = [
    h(
      "tr",
      {},
      h("td", {}, formatTime(messages, company.registeredAt)),
      h("td", {}, messages.registeredAs(status(firstStatus))),
      h("td", {}, code(company.incorporationDocumentHash)),
    ),
    ...changes.map((change) =>
      h(
        "tr",
        {},
        h("td", {}, formatTime(messages, change.at)),
        h("td", {}, messages.statusChangedTo(status(change.from), status(change.to))),
        h("td", {}, code(change.decisionHash)),
      ),
    ),
  ];
  const directorRows = company.directors.map((director) =>
    h(
      "tr",
      {},
      h("td", {}, code(director.commitment)),
      h("td", {}, director.account === null ? messages.none : address(config, messages, director.account)),
      h("td", {}, formatTime(messages, director.appointedOn)),
      h("td", {}, director.removedOn === null ? messages.serving : formatTime(messages, director.removedOn)),
    ),
  );
  const filingRows = company.filings.map((filing) =>
    h(
      "tr",
      {},
      h("td", {}, formatTime(messages, filing.filedAt)),
      h("td", {}, filingTypeText(extractLabels(messages), filing.filingType)),
      h("td", {}, code(filing.documentHash)),
    ),
  );
  const ownerRows = company.history.map((entry) =>
    h(
      "tr",
      {},
      h("td", {}, formatTime(messages, entry.since)),
      h("td", {}, messages.changeKinds[entry.kind] ?? entry.kind),
      h("td", {}, address(config, messages, entry.owner)),
      h("td", {}, code(entry.basis)),
    ),
  );
  return h(
    "section",
    { class: "answer", "aria-labelledby": "company-answer-heading" },
    h("h2", { id: "company-answer-heading" }, `${company.name} (${number})`),
    facts([
      [
        messages.status,
        h(
          "span",
          { class: `status status-${company.status.toLowerCase()}`, "data-testid": "company-status" },
          status(company.status),
        ),
      ],
      [messages.statusSince, formatTime(messages, company.statusSince)],
      [messages.legalForm, legalFormText(company.legalForm)],
      [messages.jurisdiction, company.jurisdiction],
      [messages.registeredAt, formatTime(messages, company.registeredAt)],
      [messages.controllingOwner, address(config, messages, company.owner)],
      [messages.incorporationDocument, code(company.incorporationDocumentHash)],
    ]),
    h("h3", {}, messages.statusHistoryHeading),
    table(
      messages.statusHistoryHeading,
      "status-history",
      [messages.date, messages.statusChange, messages.decision],
      statusRows,
    ),
    h("h3", {}, messages.directorsHeading),
    directorRows.length === 0
      ? h("p", {}, messages.noDirectors)
      : table(
          messages.directorsHeading,
          "directors",
          [messages.directorCommitment, messages.directorAccount, messages.appointedOn, messages.removedOn],
          directorRows,
        ),
    h("h3", {}, messages.filingsHeading),
    filingRows.length === 0
      ? h("p", {}, messages.noFilings)
      : table(
          messages.filingsHeading,
          "filings",
          [messages.filedAt, messages.filingType, messages.lienDocument],
          filingRows,
        ),
    h("h3", {}, messages.ownershipHeading),
    table(
      messages.ownershipHeading,
      "ownership",
      [messages.date, messages.statusChange, messages.newOwner, messages.basis],
      ownerRows,
    ),
    extractButton(context, { kind: "company", companyNumber: company.companyNumber ?? number }, reading.block),
    source(config, messages, reading, "CompanyRegistry"),
  );
}

/** The company page. */
export function companyPage(context: PageContext): HTMLElement {
  const { messages } = context;
  return lookupPage(context, {
    param: "number",
    inputId: "company-number",
    resultId: "company-result",
    inputAttributes: { spellcheck: "false" },
    intro: messages.companyIntro,
    label: messages.companyNumberLabel,
    example: messages.exampleCompany,
    button: messages.lookUpButton,
    problem: (value) => (value === "" ? messages.enterCompanyNumber : undefined),
    contractName: "CompanyRegistry",
    notFound: (value) => messages.companyNotFound(value),
    answer: async (reading, value) => {
      const company = await getCompany({ suite: reading.suite, companyNumber: value });
      const changes = await statusHistory(reading, company.companyId);
      return renderCompany(context, reading, value, company, changes);
    },
  });
}
