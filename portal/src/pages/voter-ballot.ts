/**
 * Casting on the voter's page: the ballot form of each rule (refusing a ballot that breaks the rule before any proof),
 * the proof made in a worker with its progress, the ballot sent to the municipality's relay, and the receipts kept in
 * this browser and checked against the chain's events.
 *
 * @module
 */
import { ballotNullifier, ballotRuleProblem, encodeBallot } from "../../../src/elections/ballot.js";
import { type BallotCastEvent, type PollView, readBallotEvents } from "../../../src/elections/polls.js";
import type { BallotProof, Identity } from "../../../src/elections/proof.js";
import { RelayError, sendBallotToRelay } from "../../../src/elections/relay-client.js";
import type { RelayBallot } from "../../../src/elections/relay-protocol.js";
import { notice, reasonOf } from "../answer.js";
import { readingAtLatest, type Reading } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import type { PageContext } from "../page.js";
import { secretMessages } from "./secret-messages.js";
import type { VoterMessages } from "./voter-messages.js";
import { openProver, proveBallot } from "./voter-prover.js";

/** The identity while open: kept in the page's memory only. */
export interface OpenIdentity {
  readonly identity: Identity;
  readonly privateKey: string;
}

/** A ballot the relay counted, kept in this browser to check later. */
interface Receipt {
  /** The identity's commitment: each identity sees its own receipts. */
  readonly commitment: string;
  readonly pollId: string;
  readonly revision: string;
  readonly nullifier: string;
  readonly transactionHash: string;
  readonly blockNumber: number;
  /** A secret ballot's hash: the receipt's check looks for it in the encrypted tally's events. */
  readonly digest?: string;
  /** A public ballot as cast: the receipt's check finds its own event by it (receipts of earlier versions lack it). */
  readonly ballot?: string;
}

/** Where a receipt's ballot stands on chain: the latest of its identity (counted), replaced at a block, or absent. */
export type ReceiptStanding =
  | { readonly kind: "counted"; readonly block: number }
  | { readonly kind: "replaced"; readonly block: number }
  | { readonly kind: "missing" };

/** The census members of each poll, kept when the polls were read: the proof needs the voter's path in its tree. */
export const censusMembers = new Map<string, readonly string[]>();

/** Where receipts were kept in clear before they were sealed: read once, then moved into the identity's sealed slot. */
const CLEAR_RECEIPTS_KEY = "egov-voting-receipts";

/** A slot of sealed receipts: AES-GCM under a key derived from the identity's secret, a fresh IV at each write. */
interface SealedReceipts {
  readonly format: "egov-voting-receipts/2";
  readonly iv: string;
  readonly data: string;
}

const utf8 = new TextEncoder();

function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

/**
 * The identity's receipt key and the name of its slot, both derived with HKDF-SHA-256 from the identity's secret: the
 * receipts (which name the identity's ballots) are readable only with the identity open, and the slot's name says
 * nothing of the identity.
 */
async function receiptVault(identity: Identity): Promise<{ readonly key: CryptoKey; readonly slot: string }> {
  const secret = await crypto.subtle.importKey("raw", utf8.encode(identity.export()), "HKDF", false, [
    "deriveKey",
    "deriveBits",
  ]);
  const salt = new Uint8Array(32);
  const key = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt, info: utf8.encode("egov-registries voting receipts: key") },
    secret,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
  const name = new Uint8Array(
    await crypto.subtle.deriveBits(
      { name: "HKDF", hash: "SHA-256", salt, info: utf8.encode("egov-registries voting receipts: slot") },
      secret,
      128,
    ),
  );
  return { key, slot: `${CLEAR_RECEIPTS_KEY}.${Array.from(name, (b) => b.toString(16).padStart(2, "0")).join("")}` };
}

/** Receipts an earlier version kept in clear, all identities' together. */
function clearReceipts(): Receipt[] {
  try {
    const parsed = JSON.parse(window.localStorage.getItem(CLEAR_RECEIPTS_KEY) ?? "[]") as unknown;
    return Array.isArray(parsed) ? (parsed as Receipt[]) : [];
  } catch {
    return [];
  }
}

/** The identity's receipts; those kept in clear by an earlier version are sealed now and removed from the clear. */
async function receipts(
  identity: Identity,
  vault?: { readonly key: CryptoKey; readonly slot: string },
): Promise<Receipt[]> {
  const { key, slot } = vault ?? (await receiptVault(identity));
  let kept: Receipt[] = [];
  const stored = window.localStorage.getItem(slot);
  if (stored !== null) {
    try {
      const sealed = JSON.parse(stored) as SealedReceipts;
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromBase64(sealed.iv) },
        key,
        fromBase64(sealed.data),
      );
      kept = JSON.parse(new TextDecoder().decode(plain)) as Receipt[];
    } catch (cause) {
      // Not overwritten by a new receipt: a slot that does not open under this identity's key is left as it is.
      throw new Error("the receipts kept in this browser for this identity cannot be read", { cause });
    }
  }
  const commitment = identity.commitment.toString();
  const clear = clearReceipts();
  const mine = clear.filter((receipt) => receipt.commitment === commitment);
  if (mine.length === 0) return kept;
  const all = [...mine, ...kept];
  await sealReceipts(key, slot, all);
  const others = clear.filter((receipt) => receipt.commitment !== commitment);
  if (others.length === 0) window.localStorage.removeItem(CLEAR_RECEIPTS_KEY);
  else window.localStorage.setItem(CLEAR_RECEIPTS_KEY, JSON.stringify(others));
  return all;
}

async function sealReceipts(key: CryptoKey, slot: string, all: readonly Receipt[]): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, utf8.encode(JSON.stringify(all))),
  );
  const sealed: SealedReceipts = { format: "egov-voting-receipts/2", iv: toBase64(iv), data: toBase64(data) };
  window.localStorage.setItem(slot, JSON.stringify(sealed));
}

/** Receipt writes, one after the other: each reads the slot, adds one and seals it again. */
let receiptWrites: Promise<void> = Promise.resolve();

function keepReceipt(identity: Identity, receipt: Receipt): Promise<void> {
  const write = receiptWrites.then(async () => {
    const vault = await receiptVault(identity);
    await sealReceipts(vault.key, vault.slot, [...(await receipts(identity, vault)), receipt]);
  });
  receiptWrites = write.catch(() => undefined);
  return write;
}

export function alertNotice(text: string, testId?: string): HTMLElement {
  const element = notice("error", text);
  if (testId !== undefined) element.dataset.testid = testId;
  return element;
}

/** The poll's rule in words; with `secrecy`, a secret poll says so. */
export function ruleText(m: VoterMessages, poll: PollView, secrecy = true): string {
  const rule =
    poll.rule === "SingleChoice"
      ? m.ruleSingle
      : poll.rule === "Approval"
        ? m.ruleApproval(poll.maxChoices)
        : m.ruleBudget(poll.budget.toString());
  return poll.secret && secrecy ? m.secretRule(rule) : rule;
}

/** The voter's ballots of a poll on chain, by the nullifier computed in this browser. */
async function myBallots(reading: Reading, identity: Identity, poll: PollView): Promise<BallotCastEvent[]> {
  const nullifier = ballotNullifier(identity, poll.scope);
  const events = await readBallotEvents({
    provider: reading.suite.runner.provider!,
    elections: await reading.suite.elections!.getAddress(),
    pollId: poll.pollId,
    fromBlock: reading.suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  return events.filter((event) => event.nullifier === nullifier);
}

/** The ballot form of a poll's rule; checks the ballot before any proof is made. */
export async function ballotForm(
  context: PageContext,
  m: VoterMessages,
  reading: Reading,
  voter: OpenIdentity,
  poll: PollView,
  options: readonly string[],
): Promise<HTMLElement> {
  const id = poll.pollId.toString();
  // The prover of the poll's depth starts now: its files download and its engine starts while the voter chooses.
  const proverStarted = openProver(context, poll.census.depth);
  const { secret } = await reading.suite.elections!.poll(poll.pollId);
  // A secret poll's ballot is encrypted in this browser: its code is loaded only for such a poll.
  const secretModule = secret ? await import("./voter-secret.js") : undefined;
  let setting = await secretModule?.secretBallotSetting(context, reading, voter.identity, poll);
  const latest = setting === undefined ? (await myBallots(reading, voter.identity, poll)).at(-1) : setting.mine.at(-1);
  let revision = (latest?.revision ?? 0n) + 1n;
  const single = poll.rule === "SingleChoice";
  const total = h("p", { "aria-live": "polite", "data-testid": "voter-running-total" });
  const inputs = options.map((text, index) =>
    h(
      "div",
      { class: "choice" },
      h("input", {
        type: single ? "radio" : "checkbox",
        name: `voter-ballot-${id}`,
        id: `voter-ballot-${id}-${index}`,
        value: String(index),
        onchange: () => updateTotal(),
      }),
      h(
        "label",
        { for: `voter-ballot-${id}-${index}` },
        poll.rule === "Budget" ? m.optionWithCost(text, (poll.costs[index] ?? 0n).toString()) : text,
      ),
    ),
  );
  const chosen = (): number[] =>
    inputs.flatMap((row, index) => ((row.querySelector("input") as HTMLInputElement).checked ? [index] : []));
  const updateTotal = (): void => {
    if (poll.rule === "Budget") {
      const spent = chosen().reduce((sum, option) => sum + (poll.costs[option] ?? 0n), 0n);
      total.textContent = m.runningTotal(spent.toString(), poll.budget.toString());
      total.className = spent > poll.budget ? "over-budget" : "";
    } else if (poll.rule === "Approval") total.textContent = m.chosenCount(chosen().length, poll.maxChoices);
  };
  updateTotal();
  const status = h("div", { "aria-live": "polite", "data-testid": "voter-cast-status" });
  const s = secretMessages(context.messages);
  const submitText = () => (secret ? s.prepareButton : latest === undefined ? m.castButton : m.recastButton);
  const submit = h("button", { type: "submit" }, submitText());
  const form = h(
    "form",
    {
      class: "voter-form ballot",
      novalidate: true,
      "data-testid": `voter-ballot-${id}`,
      onsubmit: (event: Event) => {
        event.preventDefault();
        const selected = chosen();
        const ballot = selected.reduce((bits, option) => bits | (1n << BigInt(option)), 0n);
        const problem = ballotRuleProblem(poll, ballot);
        if (problem !== undefined) {
          replace(status, alertNotice(ruleProblemText(m, poll, selected), "voter-ballot-problem"));
          return;
        }
        submit.disabled = true;
        const counting =
          secretModule !== undefined && setting !== undefined
            ? secretModule.secretBallotStep({
                context,
                m,
                voter,
                poll,
                setting,
                labels: options,
                selected,
                revision,
                status,
              })
            : cast(context, m, voter, poll, encodeBallot({ options: selected, poll }), revision, status);
        void counting.then(async (counted) => {
          if (counted) {
            // The next ballot replaces this one: its revision follows (and a secret one takes this one out).
            revision += 1n;
            if (secretModule !== undefined) {
              setting = await secretModule.secretBallotSetting(
                context,
                await readingAtLatest(context.config),
                voter.identity,
                poll,
              );
            } else submit.textContent = m.recastButton;
          }
          submit.disabled = false;
        });
      },
    },
    h(
      "fieldset",
      {},
      h("legend", {}, m.ballotLegend(id, ruleText(m, poll, false))),
      secret ? h("p", { class: "hint", "data-testid": "voter-secret-note" }, s.secretBallotNote) : null,
      latest === undefined
        ? null
        : h(
            "p",
            { class: "notice notice-info", "data-testid": "voter-revote" },
            m.revoteNote(latest.blockNumber, Number(revision)),
          ),
      inputs,
    ),
    total,
    submit,
    status,
  );
  // Whether the prover is ready for this form's ballot: "loading", then "ready" or "failed" (a ballot starts another).
  form.dataset.prover = "loading";
  void proverStarted.then((ready) => (form.dataset.prover = ready ? "ready" : "failed"));
  return form;
}

/** Why a ballot breaks its poll's rule, in the voter's words. */
function ruleProblemText(m: VoterMessages, poll: PollView, selected: readonly number[]): string {
  if (selected.length === 0) return m.noneChosen;
  if (poll.rule === "SingleChoice" && selected.length > 1) return m.oneOnly;
  if (poll.rule === "Approval" && selected.length > poll.maxChoices) return m.tooMany(selected.length, poll.maxChoices);
  const spent = selected.reduce((sum, option) => sum + (poll.costs[option] ?? 0n), 0n);
  return m.overBudget(spent.toString(), poll.budget.toString());
}

/** Makes the proof in a worker, sends the ballot to the relay and shows the receipt. */
function cast(
  context: PageContext,
  m: VoterMessages,
  voter: OpenIdentity,
  poll: PollView,
  ballot: bigint,
  revision: bigint,
  status: HTMLElement,
): Promise<boolean> {
  return sendAndKeep({
    context,
    m,
    voter,
    poll,
    revision,
    status,
    ballot,
    request: (proof) => ({ pollId: poll.pollId, ballot, revision, proof }),
  });
}

/** Parameters of {@link sendAndKeep}. */
export interface SendAndKeepParameters {
  readonly context: PageContext;
  readonly m: VoterMessages;
  readonly voter: OpenIdentity;
  readonly poll: PollView;
  readonly revision: bigint;
  readonly status: HTMLElement;
  /** A public poll's encoded ballot (the proof's message binds it with the revision). */
  readonly ballot?: bigint;
  /** A secret ballot's hash: the proof's message as it is. */
  readonly message?: bigint;
  /** The secret ballot's hash as the receipt shows it. */
  readonly digest?: string;
  /** The relay's request around the proof. */
  readonly request: (proof: BallotProof) => RelayBallot;
}

/**
 * Makes the membership proof in a worker (with its progress), sends the request to the relay, keeps the receipt and
 * shows it. Resolves whether the ballot was counted.
 */
export async function sendAndKeep(parameters: SendAndKeepParameters): Promise<boolean> {
  const { context, m, voter, poll, revision, status } = parameters;
  const relay = context.config.relayUrl!;
  const progress = h("progress", { max: 100, value: 0, "aria-labelledby": "voter-progress-label" });
  const label = h("span", { id: "voter-progress-label" }, m.loadingCircuit);
  replace(status, h("div", { class: "progress-row", role: "status" }, label, progress));
  let proof: Record<string, string | string[]>;
  try {
    proof = await proveBallot(
      context,
      {
        privateKey: voter.privateKey,
        members: censusMembers.get(poll.pollId.toString()) ?? [],
        ballot: (parameters.ballot ?? 0n).toString(),
        ...(parameters.message === undefined ? {} : { message: parameters.message.toString() }),
        revision: revision.toString(),
        scope: poll.scope.toString(),
        depth: poll.census.depth,
      },
      (answer) => {
        if (answer.kind === "download") {
          progress.value = answer.total === 0 ? 0 : Math.round((answer.loaded / answer.total) * 100);
          label.textContent = m.loadingCircuitBytes(Math.round(answer.loaded / 1024), Math.round(answer.total / 1024));
        } else {
          progress.removeAttribute("value");
          label.textContent = m.proving;
        }
      },
    );
  } catch (error) {
    replace(status, alertNotice(m.proofFailed(reasonOf(error)), "voter-cast-problem"));
    return false;
  }
  label.textContent = m.sending;
  const p = proof as Record<string, string> & { points: string[] };
  try {
    const receipt = await sendBallotToRelay({
      relay,
      ...parameters.request({
        merkleTreeDepth: BigInt(p.merkleTreeDepth),
        merkleTreeRoot: BigInt(p.merkleTreeRoot),
        nullifier: BigInt(p.nullifier),
        message: BigInt(p.message),
        scope: BigInt(p.scope),
        points: p.points.map(BigInt) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint],
      }),
    });
    const kept: Receipt = {
      commitment: voter.identity.commitment.toString(),
      pollId: poll.pollId.toString(),
      revision: revision.toString(),
      nullifier: p.nullifier,
      transactionHash: receipt.transactionHash,
      blockNumber: receipt.blockNumber,
      ...(parameters.digest === undefined ? {} : { digest: parameters.digest }),
      ...(parameters.digest === undefined && parameters.ballot !== undefined
        ? { ballot: parameters.ballot.toString() }
        : {}),
    };
    // The relay's word is not enough: the page's own node must show the ballot before it is called counted.
    label.textContent = m.confirming;
    if (!(await confirmedOnChain(context, kept))) {
      replace(status, alertNotice(m.relayUnconfirmed(hostOf(relay), receipt.transactionHash), "voter-cast-problem"));
      return false;
    }
    replace(status, receiptView(context, m, kept));
    // Shown above whatever happens to the browser's storage: the ballot is cast and the receipt on screen.
    await keepReceipt(voter.identity, kept).catch(() => undefined);
    status.querySelector<HTMLElement>("[data-testid=voter-receipt]")?.focus();
    return true;
  } catch (error) {
    const text =
      error instanceof RelayError && (error.status === 0 || error.code === "unreachable")
        ? m.relayDown(hostOf(relay))
        : m.relayRefused(error instanceof RelayError ? error.message : reasonOf(error));
    replace(status, alertNotice(text, "voter-cast-problem"));
    return false;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A receipt, with the check against the chain's events. */
function receiptView(context: PageContext, m: VoterMessages, receipt: Receipt): HTMLElement {
  const result = h("div", { "aria-live": "polite", "data-testid": "voter-receipt-check" });
  const revision = Number(receipt.revision);
  return h(
    "div",
    { class: "receipt", tabindex: "-1", "data-testid": "voter-receipt", "data-revision": receipt.revision },
    h("p", { class: "notice notice-info" }, revision > 1 ? m.recastDone(revision) : m.castDone),
    facts([
      receipt.digest === undefined ? null : [secretMessages(context.messages).ballotHash, code(receipt.digest)],
      [m.transaction, code(receipt.transactionHash)],
      [m.block, String(receipt.blockNumber)],
      [m.revision, receipt.revision],
    ]),
    h(
      "button",
      {
        type: "button",
        onclick: () => {
          replace(result, h("p", {}, context.messages.loading));
          void checkReceipt(context, m, receipt).then(
            (text) => replace(result, h("p", { class: "notice notice-info" }, text)),
            (error: unknown) => replace(result, alertNotice(context.messages.readError(reasonOf(error)))),
          );
        },
      },
      m.checkReceipt,
    ),
    result,
  );
}

/**
 * Where the receipt's ballot stands, from the poll's events read in the browser: its own event (same nullifier,
 * revision and, for receipts that name it, ballot), then whether a later ballot of the nullifier replaced it. A
 * receipt whose ballot the chain does not hold is "missing", whatever other ballots of the voter it holds.
 */
async function receiptStanding(context: PageContext, receipt: Receipt): Promise<ReceiptStanding> {
  if (receipt.digest !== undefined) {
    const { secretReceiptStanding } = await import("./voter-secret.js");
    return secretReceiptStanding(context, { ...receipt, digest: receipt.digest });
  }
  const reading = await readingAtLatest(context.config);
  const events = await readBallotEvents({
    provider: reading.suite.runner.provider!,
    elections: await reading.suite.elections!.getAddress(),
    pollId: BigInt(receipt.pollId),
    fromBlock: reading.suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
  });
  const mine = events.filter((event) => event.nullifier.toString() === receipt.nullifier);
  const own = mine.find(
    (event) =>
      event.revision.toString() === receipt.revision &&
      (receipt.ballot === undefined || event.ballot.toString() === receipt.ballot),
  );
  if (own === undefined) return { kind: "missing" };
  const later = mine.find((event) => event.revision > own.revision);
  return later === undefined
    ? { kind: "counted", block: own.blockNumber }
    : { kind: "replaced", block: later.blockNumber };
}

async function checkReceipt(context: PageContext, m: VoterMessages, receipt: Receipt): Promise<string> {
  const standing = await receiptStanding(context, receipt);
  if (receipt.digest !== undefined) {
    const { secretStandingText } = await import("./voter-secret.js");
    return secretStandingText(context, standing);
  }
  if (standing.kind === "missing") return m.receiptMissing;
  return standing.kind === "counted" ? m.latestCounted(standing.block) : m.replacedAt(standing.block);
}

/** How long the page waits for its own node to show a ballot the relay says it cast (a node behind the relay's). */
const CONFIRM_MS = 15_000;

/** Whether the page's own node shows the ballot the relay says it cast, waiting a little for a node behind. */
async function confirmedOnChain(context: PageContext, receipt: Receipt): Promise<boolean> {
  const until = Date.now() + CONFIRM_MS;
  for (;;) {
    try {
      if ((await receiptStanding(context, receipt)).kind !== "missing") return true;
    } catch {
      // The node did not answer this time (the relay did cast the ballot): asked again until the deadline.
    }
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The receipts this browser keeps for a poll, shown once unsealed with the open identity. */
export function receiptList(context: PageContext, m: VoterMessages, poll: PollView, identity: Identity): HTMLElement {
  const box = h("div", { class: "receipts-box" });
  // Read after any receipt being written (a read may seal receipts an earlier version kept in clear).
  const read = receiptWrites.then(() => receipts(identity));
  receiptWrites = read.then(
    () => undefined,
    () => undefined,
  );
  read.then(
    (all) => {
      const kept = all.filter(
        (receipt) => receipt.pollId === poll.pollId.toString() && receipt.commitment === identity.commitment.toString(),
      );
      if (kept.length === 0) return;
      replace(
        box,
        h(
          "details",
          { class: "receipts" },
          h("summary", {}, m.earlierReceipts(kept.length)),
          kept.map((receipt) => receiptView(context, m, receipt)),
        ),
      );
    },
    (error: unknown) => replace(box, alertNotice(context.messages.readError(reasonOf(error)))),
  );
  return box;
}
