/**
 * The voter's page: a voting identity created or imported in this browser and kept sealed under a passphrase, the
 * registration check, the polls in whose census the identity is, a ballot form per rule, the proof made in a worker,
 * the ballot sent to the municipality's relay, and a receipt that can be checked later against the chain's events.
 * The identity never leaves the browser: the server sees no request that carries it or its nullifier.
 *
 * @module
 */
import { keccak256 } from "ethers";

import {
  type CitizenChange,
  computeCensus,
  readCitizenChanges,
  replayCitizenRegister,
} from "../../../src/elections/census.js";
import { type PollView, readPoll } from "../../../src/elections/polls.js";
import { Identity } from "../../../src/elections/proof.js";
import { notice, reasonOf } from "../answer.js";
import { readingAtLatest, type Reading } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { formatTime } from "../messages.js";
import type { PageContext } from "../page.js";
import { alertNotice, ballotForm, censusMembers, type OpenIdentity, receiptList, ruleText } from "./voter-ballot.js";
import { type VoterMessages, voterMessages } from "./voter-messages.js";
import {
  backupText,
  forgetIdentity,
  IdentityFileError,
  MIN_PASSPHRASE,
  openIdentity,
  parseIdentityFile,
  type SealedIdentity,
  sealIdentity,
  storedIdentity,
  storeIdentity,
  WrongPassphraseError,
} from "./voter-vault.js";

/** The identity while unlocked: kept in this page's memory only. */
let unlocked: OpenIdentity | undefined;

/** Polls shown, newest first. */
const MAX_POLLS = 20;

function passwordField(id: string, label: string, autocomplete: string): HTMLElement {
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    h("input", { id, type: "password", autocomplete }),
  );
}

function valueOf(id: string): string {
  return (document.getElementById(id) as HTMLInputElement | null)?.value ?? "";
}

/** The open identity's private key, for the proof; the page shows a poll's ballot only while the identity is open. */
function voterKey(): string {
  if (unlocked === undefined) throw new Error("the voting identity is closed");
  return unlocked.privateKey;
}

export function voterPage(context: PageContext): HTMLElement {
  const m = voterMessages(context.messages);
  const root = h("div", { class: "voter" });
  const identityBox = h("section", { "aria-labelledby": "voter-identity-heading", "data-testid": "voter-identity" });
  const registrationBox = h("div", { "aria-live": "polite" });
  root.append(h("p", {}, m.intro), identityBox, registrationBox);

  const showIdentity = (focus?: string): void => {
    const sealed = storedIdentity();
    if (unlocked !== undefined && sealed?.commitment !== unlocked.identity.commitment.toString()) unlocked = undefined;
    replace(identityBox, h("h2", { id: "voter-identity-heading" }, m.identityHeading));
    if (sealed === undefined) identityBox.append(...noIdentityForms(m, showIdentity));
    else if (unlocked === undefined) identityBox.append(...lockedForms(m, sealed, showIdentity));
    else identityBox.append(...unlockedView(m, sealed, showIdentity));
    replace(registrationBox);
    if (unlocked !== undefined) {
      // A node that cannot be read, or answers what the page refuses (a poll's scope that is not the contract's, a
      // register with a gap), is said in place of the polls, never left loading.
      showPolls(context, m, unlocked.identity, registrationBox).catch((error: unknown) =>
        replace(
          registrationBox,
          h("h2", { id: "voter-polls-heading" }, m.registrationHeading),
          alertNotice(context.messages.readError(reasonOf(error))),
        ),
      );
    }
    if (focus !== undefined) document.getElementById(focus)?.focus();
  };
  showIdentity();
  return root;
}

/** The forms when this browser holds no identity: create one, or import a backup or an identity file. */
function noIdentityForms(m: VoterMessages, done: (focus?: string) => void): HTMLElement[] {
  const createProblem = h("div", { "aria-live": "assertive" });
  const create = h(
    "form",
    {
      class: "voter-form",
      // The page checks the fields itself and says what is wrong in words.
      novalidate: true,
      "aria-labelledby": "voter-create-heading",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const passphrase = valueOf("voter-new-passphrase");
        if (passphrase.length < MIN_PASSPHRASE) {
          replace(createProblem, alertNotice(m.passphraseTooShort(MIN_PASSPHRASE)));
          return;
        }
        if (passphrase !== valueOf("voter-new-passphrase-repeat")) {
          replace(createProblem, alertNotice(m.passphrasesDiffer));
          return;
        }
        replace(createProblem, h("p", { role: "status" }, m.sealing));
        const identity = new Identity();
        const privateKey = identity.export();
        const form = event.currentTarget as HTMLFormElement;
        void sealIdentity(privateKey, identity.commitment.toString(), passphrase).then((sealed) => {
          // The voter left this form (imported a file meanwhile): the new identity is not kept.
          if (!form.isConnected) return;
          storeIdentity(sealed);
          unlocked = { identity, privateKey };
          done("voter-backup");
        });
      },
    },
    h("h3", { id: "voter-create-heading" }, m.createHeading),
    h("p", {}, m.createIntro),
    passwordField("voter-new-passphrase", m.newPassphrase, "new-password"),
    passwordField("voter-new-passphrase-repeat", m.repeatPassphrase, "new-password"),
    createProblem,
    h("button", { type: "submit" }, m.createButton),
  );
  return [h("p", {}, m.noIdentity), create, importForm(m, done)];
}

/** Importing a backup file (sealed, opened with its passphrase) or a `voter new-identity` file (sealed under one). */
function importForm(m: VoterMessages, done: (focus?: string) => void): HTMLElement {
  const problem = h("div", { "aria-live": "assertive" });
  return h(
    "form",
    {
      class: "voter-form",
      // The page checks the fields itself and says what is wrong in words.
      novalidate: true,
      "aria-labelledby": "voter-import-heading",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const file = (document.getElementById("voter-import-file") as HTMLInputElement).files?.[0];
        const passphrase = valueOf("voter-import-passphrase");
        if (file === undefined) {
          replace(problem, alertNotice(m.chooseFile));
          return;
        }
        replace(problem, h("p", { role: "status" }, m.sealing));
        const form = event.currentTarget as HTMLFormElement;
        void (async () => {
          try {
            const parsed = parseIdentityFile(await file.text());
            let privateKey: string;
            let sealed: SealedIdentity;
            if (parsed.kind === "sealed") {
              privateKey = await openIdentity(parsed.sealed, passphrase);
              sealed = parsed.sealed;
            } else {
              if (passphrase.length < MIN_PASSPHRASE) throw new IdentityFileError(m.passphraseTooShort(MIN_PASSPHRASE));
              privateKey = parsed.privateKey;
              sealed = await sealIdentity(privateKey, parsed.commitment, passphrase);
            }
            const identity = Identity.import(privateKey);
            if (identity.commitment.toString() !== sealed.commitment) throw new IdentityFileError(m.commitmentMismatch);
            // The voter left this form (created an identity meanwhile): the file is not taken.
            if (!form.isConnected) return;
            storeIdentity(sealed);
            unlocked = { identity, privateKey };
            done("voter-commitment-heading");
          } catch (error) {
            replace(
              problem,
              alertNotice(
                error instanceof WrongPassphraseError ? m.wrongPassphrase : m.importRefused(reasonOf(error)),
                "voter-import-problem",
              ),
            );
          }
        })();
      },
    },
    h("h3", { id: "voter-import-heading" }, m.importHeading),
    h("p", {}, m.importIntro),
    h(
      "div",
      { class: "field" },
      h("label", { for: "voter-import-file" }, m.importFile),
      h("input", { id: "voter-import-file", type: "file", accept: ".json,application/json" }),
    ),
    passwordField("voter-import-passphrase", m.importPassphrase, "current-password"),
    problem,
    h("button", { type: "submit" }, m.importButton),
  );
}

function commitmentFacts(m: VoterMessages, sealed: SealedIdentity): HTMLElement {
  return h(
    "div",
    { "data-testid": "voter-commitment", "data-commitment": sealed.commitment },
    h("h3", { id: "voter-commitment-heading", tabindex: "-1" }, m.commitmentHeading),
    h("p", {}, m.commitmentIntro),
    code(sealed.commitment),
  );
}

/** A stored identity, still sealed: the passphrase opens it. */
function lockedForms(m: VoterMessages, sealed: SealedIdentity, done: (focus?: string) => void): HTMLElement[] {
  const problem = h("div", { "aria-live": "assertive" });
  const unlock = h(
    "form",
    {
      class: "voter-form",
      // The page checks the fields itself and says what is wrong in words.
      novalidate: true,
      "aria-labelledby": "voter-unlock-heading",
      onsubmit: (event: Event) => {
        event.preventDefault();
        replace(problem, h("p", { role: "status" }, m.opening));
        const form = event.currentTarget as HTMLFormElement;
        void openIdentity(sealed, valueOf("voter-passphrase")).then(
          (privateKey) => {
            // The identity was removed, or the page moved on, while the passphrase was being tried: nothing opens.
            if (!form.isConnected) return;
            unlocked = { identity: Identity.import(privateKey), privateKey };
            done("voter-commitment-heading");
          },
          (error: unknown) =>
            replace(
              problem,
              alertNotice(
                error instanceof WrongPassphraseError ? m.wrongPassphrase : reasonOf(error),
                "voter-unlock-problem",
              ),
            ),
        );
      },
    },
    h("h3", { id: "voter-unlock-heading" }, m.unlockHeading),
    passwordField("voter-passphrase", m.passphrase, "current-password"),
    problem,
    h("button", { type: "submit" }, m.unlockButton),
  );
  return [commitmentFacts(m, sealed), unlock, forgetButton(m, done)];
}

function forgetButton(m: VoterMessages, done: (focus?: string) => void): HTMLElement {
  return h(
    "div",
    { class: "voter-forget" },
    h("p", {}, m.forgetWarning),
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: () => {
          if (!window.confirm(m.forgetConfirm)) return;
          forgetIdentity();
          unlocked = undefined;
          done("voter-identity-heading");
        },
      },
      m.forgetButton,
    ),
  );
}

/** An open identity: its commitment, the backup and its warning, lock. */
function unlockedView(m: VoterMessages, sealed: SealedIdentity, done: (focus?: string) => void): HTMLElement[] {
  const backup = h(
    "button",
    {
      type: "button",
      id: "voter-backup",
      onclick: () => {
        const url = URL.createObjectURL(new Blob([backupText(sealed)], { type: "application/json" }));
        const link = h("a", { href: url, download: `voting-identity-${sealed.commitment.slice(0, 8)}.json` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
    },
    m.backupButton,
  );
  return [
    commitmentFacts(m, sealed),
    h("div", { class: "notice notice-warning", "data-testid": "voter-backup-warning" }, h("p", {}, m.backupWarning)),
    h(
      "div",
      { class: "voter-actions" },
      backup,
      h(
        "button",
        {
          type: "button",
          class: "secondary",
          onclick: () => {
            unlocked = undefined;
            done("voter-identity-heading");
          },
        },
        m.lockButton,
      ),
    ),
    forgetButton(m, done),
  ];
}

/** Why the identity is not in a poll's census, from the register as of the census's sequence number. */
function censusProblem(
  m: VoterMessages,
  changes: readonly CitizenChange[],
  poll: PollView,
  commitment: bigint,
): string | undefined {
  const census = computeCensus({
    changes,
    jurisdiction: poll.census.jurisdiction,
    requiredFlags: poll.census.requiredFlags,
    asOf: poll.census.sequence,
  });
  censusMembers.set(poll.pollId.toString(), census.members.map(String));
  if (census.root === poll.census.root && census.members.includes(commitment)) return undefined;
  if (census.root !== poll.census.root) return m.censusUnreadable;
  const then = replayCitizenRegister(changes, poll.census.sequence).find((c) => c.votingCommitment === commitment);
  if (then === undefined) {
    const now = replayCitizenRegister(changes).some((c) => c.votingCommitment === commitment);
    return now ? m.notRegisteredThen : m.notRegisteredNow;
  }
  if (then.jurisdiction !== poll.census.jurisdiction) return m.otherJurisdiction(poll.census.jurisdiction);
  if (then.status !== "Active") return m.notActiveThen;
  return m.flagsMissing;
}

/** The registration check and the polls. */
async function showPolls(context: PageContext, m: VoterMessages, identity: Identity, box: HTMLElement): Promise<void> {
  const { messages } = context;
  replace(
    box,
    h("h2", { id: "voter-polls-heading" }, m.registrationHeading),
    h("p", { class: "loading" }, messages.loading),
  );
  let reading: Reading;
  try {
    reading = await readingAtLatest(context.config);
  } catch (error) {
    replace(
      box,
      h("h2", { id: "voter-polls-heading" }, m.registrationHeading),
      alertNotice(messages.readError(reasonOf(error))),
    );
    return;
  }
  const { citizenRegistry: registry, elections } = reading.suite;
  if (registry === undefined || elections === undefined) {
    replace(box, notice("error", messages.noElections));
    return;
  }
  const commitment = identity.commitment;
  // The registration is found in the register's changes, read whole, not asked for by the commitment: the node would
  // learn who opened the page, and then whose ballots the same browser looks up.
  const [changes, count] = await Promise.all([
    readCitizenChanges({
      provider: reading.suite.runner.provider!,
      registry: await registry.getAddress(),
      fromBlock: reading.suite.deployment.contracts.CitizenRegistry?.deploymentBlock ?? 0,
    }),
    elections.pollCount(),
  ]);
  const ids: bigint[] = [];
  for (let id = count; id >= 1n && ids.length < MAX_POLLS; id--) ids.push(id);
  const polls = await Promise.all(ids.map((pollId) => readPoll({ elections, pollId })));
  const checked = polls.map((poll) => ({ poll, problem: censusProblem(m, changes, poll, commitment) }));
  const inCensus = checked.filter(
    (c) => c.problem === undefined && (c.poll.state === "Open" || c.poll.state === "Review"),
  );

  const citizen = replayCitizenRegister(changes).find((c) => c.votingCommitment === commitment);
  let summary: string;
  if (citizen === undefined) summary = m.notRegistered;
  else {
    summary = m.registered(
      citizen.jurisdiction,
      citizen.status === "Active",
      m.status(citizen.status),
      inCensus.map((c) => c.poll.pollId.toString()),
    );
  }
  const list = h("ul", { class: "voter-polls", "data-testid": "voter-polls" });
  replace(
    box,
    h("h2", { id: "voter-polls-heading" }, m.registrationHeading),
    h(
      "p",
      { "data-testid": "voter-registration", class: citizen === undefined ? "notice notice-warning" : "" },
      summary,
    ),
    h("h2", { id: "voter-poll-list-heading" }, m.pollsHeading),
    checked.length === 0 ? h("p", {}, m.noPolls) : list,
  );
  for (const { poll, problem } of checked) list.append(pollItem(context, m, reading, identity, poll, problem));
}

/** A poll's texts from its published file, when their keccak-256 hash is the poll's. */
async function pollTexts(poll: PollView): Promise<{ question: string; options: string[] } | undefined> {
  try {
    const response = await fetch(`./polls/${poll.pollId}.json`, { cache: "no-store" });
    if (!response.ok) return undefined;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (keccak256(bytes).toLowerCase() !== poll.metadataHash.toLowerCase()) return undefined;
    const parsed = JSON.parse(new TextDecoder().decode(bytes)) as { question?: unknown; options?: unknown };
    if (typeof parsed.question !== "string" || !Array.isArray(parsed.options)) return undefined;
    if (parsed.options.length !== poll.optionCount || parsed.options.some((o) => typeof o !== "string"))
      return undefined;
    return { question: parsed.question, options: parsed.options as string[] };
  } catch {
    return undefined;
  }
}

/** One poll: its texts, rule, times and census check, and what the voter can do in it. */
function pollItem(
  context: PageContext,
  m: VoterMessages,
  reading: Reading,
  identity: Identity,
  poll: PollView,
  problem: string | undefined,
): HTMLElement {
  const { messages } = context;
  const id = poll.pollId.toString();
  const heading = h("h3", { id: `voter-poll-${id}-heading`, tabindex: "-1" }, m.pollTitle(id));
  const question = h("p", { class: "question" });
  const action = h("div", { "aria-live": "polite" });
  const item = h(
    "li",
    { "data-testid": `voter-poll-${id}`, "data-state": poll.state, "aria-labelledby": heading.id },
    heading,
    question,
    facts([
      [m.ruleLabel, ruleText(m, poll)],
      [m.stateLabel, m.state(poll.state)],
      [m.opensLabel, formatTime(messages, poll.opensAt)],
      [m.closesLabel, formatTime(messages, poll.closesAt)],
      [m.censusLabel, problem === undefined ? m.inCensus(id) : m.notInCensus(id, problem)],
    ]),
    action,
    receiptList(context, m, poll, identity),
  );
  let texts: { question: string; options: string[] } | undefined;
  const ready = pollTexts(poll).then((found) => {
    texts = found;
    question.textContent = found?.question ?? m.textsUnchecked;
  });
  if (poll.state === "Closed" || poll.state === "Ended")
    action.append(h("p", { "data-testid": "voter-refusal" }, m.pollClosed(id)));
  else if (poll.state === "Cancelled") action.append(h("p", { "data-testid": "voter-refusal" }, m.pollCancelled(id)));
  else if (problem !== undefined)
    action.append(h("p", { "data-testid": "voter-refusal" }, m.cannotVoteNotInCensus(id)));
  else if (poll.state === "Review") action.append(h("p", {}, m.inReview(formatTime(messages, poll.opensAt))));
  else if (context.config.relayUrl === undefined || context.config.relayUrl === null)
    action.append(h("p", {}, m.noRelay));
  else {
    action.append(
      h(
        "button",
        {
          type: "button",
          "aria-describedby": heading.id,
          onclick: () =>
            void ready.then(async () => {
              if (texts === undefined) {
                replace(action, alertNotice(m.textsMismatch));
                return;
              }
              replace(
                action,
                await ballotForm(context, m, reading, { identity, privateKey: voterKey() }, poll, texts.options),
              );
              action.querySelector("legend")?.parentElement?.querySelector("input")?.focus();
            }),
        },
        m.voteButton(id),
      ),
    );
  }
  return item;
}
