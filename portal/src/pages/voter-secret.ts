/**
 * Casting in a secret poll on the voter's page (docs/secret-ballot.md §4): the ballot is encrypted in a worker under
 * the election key read from the chain; the voter may challenge it (Benaloh: the randomness is revealed, this page
 * checks which options it encrypted, and the ballot is discarded) or cast it, with the Semaphore proof whose message
 * is the ballot's hash, through the municipality's relay. The receipt names the ballot's hash, and its check finds
 * whether that ballot is the one counted in the encrypted tally for this identity. Loaded only for a secret poll.
 *
 * @module
 */
import type { Provider } from "ethers";

import { ballotNullifier } from "../../../src/elections/ballot.js";
import type { PollView } from "../../../src/elections/polls.js";
import type { Identity } from "../../../src/elections/proof.js";
import {
  type Ciphertext,
  ciphertextsFromChain,
  challengeBallot,
  decodeSecretBallot,
  encodeCiphertext,
  encodeRangeProof,
  O,
  type Point,
  pointFromPair,
  type PreparedBallot,
  type SecretPoll,
  toWords,
  verifyChallenge,
} from "../../../src/elections/secret/index.js";
import { queryEvents } from "../../../src/logs.js";
import { ISecretPolls__factory } from "../../../types/ethers-contracts/index.js";
import { reasonOf } from "../answer.js";
import { contractAddress, readingAtLatest, type Reading } from "../chain.js";
import { code, h, replace } from "../dom.js";
import type { PageContext } from "../page.js";
import { secretMessages } from "./secret-messages.js";
import { alertNotice, type OpenIdentity, type ReceiptStanding, sendAndKeep } from "./voter-ballot.js";
import type { VoterMessages } from "./voter-messages.js";
import type { SecretBallotAnswer, SecretBallotRequest } from "./voter-secret-worker.js";

/** The voter's counted ballot of a secret poll, from its `SecretBallotCast` event. */
export interface SecretBallotEvent {
  readonly revision: bigint;
  readonly digest: bigint;
  readonly blockNumber: number;
  readonly ciphertexts: readonly Ciphertext[];
}

/** What casting in a secret poll needs from the chain. */
export interface SecretBallotSetting {
  readonly poll: SecretPoll;
  readonly nullifier: bigint;
  /** The identity's ballots in the poll, in chain order. */
  readonly mine: readonly SecretBallotEvent[];
}

function secretPolls(reading: Reading, context: PageContext) {
  return ISecretPolls__factory.connect(contractAddress(context.config, "Elections"), reading.suite.runner);
}

/**
 * The election key: the sealed one, or before the seal (the first ballot seals) the sum of the first commitments of
 * the trustees who announced and dealt and were not excluded, as the seal will take it.
 */
async function electionKey(reading: Reading, context: PageContext, pollId: bigint): Promise<Point> {
  const secret = secretPolls(reading, context);
  const [trustees, , sealed, , , key] = await secret.secretPoll(pollId);
  if (sealed) return pointFromPair([...key], "electionKey");
  let sum = O;
  for (let j = 1; j <= trustees.length; j++) {
    const record = await secret.trusteeRecord(pollId, j);
    if (record.announced && record.dealt && !record.excluded) {
      sum = sum.add(pointFromPair([...record.commitments[0]!], "commitments[0]"));
    }
  }
  return sum;
}

/**
 * The identity's encrypted ballots of a poll, by its nullifier computed in this browser. The node is asked for every
 * ballot of the poll and the identity's are picked here: a filter on the nullifier would tell the node, which also
 * sees the identity's registration looked up from the same browser, whose ballots these are.
 */
async function mySecretBallots(
  reading: Reading,
  context: PageContext,
  pollId: bigint,
  nullifier: bigint,
): Promise<SecretBallotEvent[]> {
  const secret = secretPolls(reading, context);
  // Read in pages of blocks, as the results page reads them: a poll's ballots outgrow one request to a node that caps
  // a log query's range or size.
  const events = await queryEvents(
    secret,
    secret.filters.SecretBallotCast(pollId),
    reading.suite.deployment.contracts.Elections?.deploymentBlock ?? 0,
    reading.block,
  );
  type Word = { a: { x: bigint; y: bigint }; b: { x: bigint; y: bigint } };
  return events
    .filter((event) => event.args.nullifier === nullifier)
    .map((event) => ({
      revision: event.args.revision as bigint,
      digest: event.args.digest as bigint,
      blockNumber: event.blockNumber,
      ciphertexts: ciphertextsFromChain(
        (event.args.ciphertexts as Word[]).map((c) => ({ a: { x: c.a.x, y: c.a.y }, b: { x: c.b.x, y: c.b.y } })),
      ),
    }));
}

/** Reads what the ballot form of a secret poll needs. */
export async function secretBallotSetting(
  context: PageContext,
  reading: Reading,
  identity: Identity,
  poll: PollView,
): Promise<SecretBallotSetting> {
  const provider = reading.suite.runner.provider as Provider;
  const [{ chainId }, key] = await Promise.all([provider.getNetwork(), electionKey(reading, context, poll.pollId)]);
  const nullifier = ballotNullifier(identity, poll.scope);
  return {
    poll: {
      location: { chainId, contract: contractAddress(context.config, "Elections"), pollId: poll.pollId },
      electionKey: key,
      rule: poll.rule === "Approval" ? "Approval" : "SingleChoice",
      optionCount: poll.optionCount,
      maxChoices: poll.maxChoices,
    },
    nullifier,
    mine: await mySecretBallots(reading, context, poll.pollId, nullifier),
  };
}

/** Prepares the encrypted ballot in a worker, reporting its start. */
function prepareInWorker(
  setting: SecretBallotSetting,
  options: readonly number[],
  revision: bigint,
  onStart: (options: number) => void,
): Promise<PreparedBallot> {
  const { poll } = setting;
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./voter-secret-worker.ts", import.meta.url), { type: "module" });
    worker.addEventListener("message", (event: MessageEvent<SecretBallotAnswer>) => {
      const answer = event.data;
      if (answer.kind === "encrypting") {
        onStart(answer.options);
        return;
      }
      worker.terminate();
      if (answer.kind === "failed") {
        reject(new Error(answer.reason));
        return;
      }
      const ballot = decodeSecretBallot(answer.ballot);
      resolve({
        ballot,
        randomness: answer.randomness,
        options: [...options].sort((x, y) => x - y),
        nullifier: setting.nullifier,
        revision,
        digest: answer.digest,
      });
    });
    worker.addEventListener("error", (event) => {
      worker.terminate();
      reject(new Error(event.message));
    });
    const request: SecretBallotRequest = {
      chainId: poll.location.chainId,
      contract: poll.location.contract,
      pollId: poll.location.pollId,
      electionKey: toWords(poll.electionKey),
      rule: poll.rule,
      optionCount: poll.optionCount,
      maxChoices: poll.maxChoices,
      options,
      nullifier: setting.nullifier,
      revision,
    };
    worker.postMessage(request);
  });
}

/** A ballot hash as the receipt shows it. */
export function fingerprint(digest: bigint): string {
  return `0x${digest.toString(16).padStart(64, "0")}`;
}

/** Parameters of {@link secretBallotStep}. */
export interface SecretBallotStepParameters {
  readonly context: PageContext;
  readonly m: VoterMessages;
  readonly voter: OpenIdentity;
  readonly poll: PollView;
  readonly setting: SecretBallotSetting;
  /** The options' texts. */
  readonly labels: readonly string[];
  readonly selected: readonly number[];
  readonly revision: bigint;
  readonly status: HTMLElement;
}

/**
 * Prepares the encrypted ballot and offers to cast or challenge it. Resolves `true` once a ballot is counted, `false`
 * when it was challenged (the voter prepares a fresh one) or could not be cast.
 */
export async function secretBallotStep(parameters: SecretBallotStepParameters): Promise<boolean> {
  const { context, m, voter, poll, setting, labels, selected, revision, status } = parameters;
  const s = secretMessages(context.messages);
  const label = h("span", { id: "voter-progress-label" }, s.encrypting(setting.poll.optionCount));
  replace(
    status,
    h(
      "div",
      { class: "progress-row", role: "status" },
      label,
      h("progress", { "aria-labelledby": "voter-progress-label" }),
    ),
  );
  let prepared: PreparedBallot;
  try {
    prepared = await prepareInWorker(setting, selected, revision, (count) => (label.textContent = s.encrypting(count)));
  } catch (error) {
    replace(status, alertNotice(s.prepareFailed(reasonOf(error)), "voter-cast-problem"));
    return false;
  }
  return new Promise<boolean>((resolve) => {
    const castButton = h("button", { type: "button", "data-testid": "voter-secret-cast" }, s.castPrepared);
    const challengeButton = h(
      "button",
      { type: "button", class: "secondary", "data-testid": "voter-secret-challenge" },
      s.challengeButton,
    );
    castButton.addEventListener("click", () => {
      castButton.disabled = true;
      challengeButton.disabled = true;
      const replaced = setting.mine.at(-1)?.ciphertexts ?? [];
      void sendAndKeep({
        context,
        m,
        voter,
        poll,
        revision,
        status,
        message: prepared.digest,
        digest: fingerprint(prepared.digest),
        request: (proof) => ({
          pollId: poll.pollId,
          revision,
          proof,
          secret: {
            ciphertexts: prepared.ballot.ciphertexts.map(encodeCiphertext),
            optionProofs: prepared.ballot.optionProofs.map(encodeRangeProof),
            ruleProof: encodeRangeProof(prepared.ballot.ruleProof),
            replaced: replaced.map(encodeCiphertext),
          },
        }),
      }).then(resolve);
    });
    challengeButton.addEventListener("click", () => {
      // The independent check: the election key from the chain and the revealed randomness alone.
      const verdict = verifyChallenge(setting.poll, challengeBallot(prepared));
      const shown = verdict.valid
        ? h(
            "p",
            { class: "notice notice-info", role: "status", "data-testid": "voter-challenge-result" },
            s.challengeShows(verdict.options.map((option) => `“${labels[option] ?? option + 1}”`).join(", ")),
          )
        : alertNotice(s.challengeFailed(verdict.problem), "voter-challenge-result");
      replace(
        status,
        h(
          "div",
          { "data-testid": "voter-challenge", "data-options": verdict.valid ? verdict.options.join(",") : "" },
          shown,
          h("p", {}, s.challengeDiscarded),
          h(
            "details",
            {},
            h("summary", {}, s.revealedRandomness),
            h(
              "ol",
              { start: 0 },
              prepared.randomness.map((r) => h("li", {}, code(`0x${r.toString(16)}`))),
            ),
          ),
        ),
      );
      resolve(false);
    });
    replace(
      status,
      h(
        "div",
        {
          class: "secret-prepared",
          "data-testid": "voter-secret-prepared",
          "data-digest": fingerprint(prepared.digest),
        },
        h("p", { class: "notice notice-info", role: "status" }, s.prepared(fingerprint(prepared.digest))),
        h("div", { class: "actions" }, castButton, " ", challengeButton),
      ),
    );
    castButton.focus();
  });
}

/** Whether the receipt's ballot (by its hash) is the identity's latest in the encrypted tally. */
export async function secretReceiptStanding(
  context: PageContext,
  receipt: { readonly pollId: string; readonly nullifier: string; readonly digest: string },
): Promise<ReceiptStanding> {
  const reading = await readingAtLatest(context.config);
  const pollId = BigInt(receipt.pollId);
  const nullifier = BigInt(receipt.nullifier);
  const mine = await mySecretBallots(reading, context, pollId, nullifier);
  const index = mine.findIndex((event) => fingerprint(event.digest) === receipt.digest);
  if (index < 0) return { kind: "missing" };
  // The contract keeps the latest ballot of each nullifier in the tally, and a later one can only replace it: the
  // last of the identity's events is the counted one (asking the contract for it would name the nullifier).
  if (index === mine.length - 1) return { kind: "counted", block: mine[index]!.blockNumber };
  return { kind: "replaced", block: mine[index + 1]!.blockNumber };
}

/** The words for a secret ballot's receipt check. */
export function secretStandingText(context: PageContext, standing: ReceiptStanding): string {
  const s = secretMessages(context.messages);
  if (standing.kind === "missing") return s.secretMissing;
  return standing.kind === "counted" ? s.secretCounted(standing.block) : s.secretReplaced(standing.block);
}
