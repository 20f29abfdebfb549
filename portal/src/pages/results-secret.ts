/**
 * A secret poll's results (docs/secret-ballot.md): while it runs, "sealed until the close" with the ballot count and
 * the key ceremony's state (trustees, quorum, election key); once closed, whether the trustees have opened it; once
 * opened, the counts, and the opening checked in the browser: the election key against the trustees' commitments,
 * the encrypted tally against the ballots' events, every decryption share's Chaum–Pedersen proof, and the combined
 * decryption against the published counts. Loaded only for a secret poll, so that the curve code stays out of the
 * other pages.
 *
 * @module
 */
import type { Provider } from "ethers";

import { queryEvents } from "../../../src/logs.js";
import type { PollView } from "../../../src/elections/polls.js";
import {
  addCiphertexts,
  type Ciphertext,
  ciphertextsEqual,
  ciphertextsFromChain,
  combineShares,
  countsMatch,
  type DecryptionShare,
  decryptionSharesFromChain,
  EMPTY_CIPHERTEXT,
  evaluateCommitments,
  O,
  type Point,
  pointFromPair,
  verifyDecryptionShare,
} from "../../../src/elections/secret/index.js";
import { ISecretPolls__factory } from "../../../types/ethers-contracts/index.js";
import { address, notice } from "../answer.js";
import { contractAddress, type Reading } from "../chain.js";
import { code, facts, h } from "../dom.js";
import type { PageContext } from "../page.js";
import { type SecretMessages, secretMessages } from "./secret-messages.js";

/** One trustee as the contract records it. */
export interface TrusteeView {
  readonly index: number;
  readonly account: string;
  readonly announced: boolean;
  readonly dealt: boolean;
  readonly excluded: boolean;
  readonly posted: boolean;
  readonly commitments: readonly Point[];
}

/** A secret poll's ceremony and opening as read from the chain. */
export interface SecretPollView {
  readonly quorum: number;
  readonly sealed: boolean;
  readonly opened: boolean;
  /** The qualified trustees' numbers (empty until sealed). */
  readonly qualified: readonly number[];
  readonly electionKey: Point;
  readonly trustees: readonly TrusteeView[];
}

/** What the browser's check of an opening found: each check in order, and whether all held. */
export interface OpeningCheck {
  readonly checks: readonly { readonly ok: boolean; readonly text: string; readonly id: string }[];
  readonly verified: boolean;
}

/** The opening's material, read from the chain. */
export interface OpeningMaterial {
  readonly tally: readonly Ciphertext[];
  readonly counts: readonly bigint[];
  readonly shares: readonly DecryptionShare[];
  /** The counted ballots' ciphertexts per nullifier, in chain order (a re-vote replaces). */
  readonly ballots: readonly { readonly nullifier: bigint; readonly ciphertexts: readonly Ciphertext[] }[];
}

/** Reads a secret poll's trustees and ceremony. */
export async function readSecretPoll(
  reading: Reading,
  electionsAddress: string,
  pollId: bigint,
): Promise<SecretPollView> {
  const secret = ISecretPolls__factory.connect(electionsAddress, reading.suite.runner);
  const [accounts, quorum, sealed, opened, qualifiedBits, key] = await secret.secretPoll(pollId);
  const trustees = await Promise.all(
    accounts.map(async (account, i) => {
      const record = await secret.trusteeRecord(pollId, i + 1);
      return {
        index: i + 1,
        account,
        announced: record.announced,
        dealt: record.dealt,
        excluded: record.excluded,
        posted: record.posted,
        commitments: record.commitments.map((pair, k) => pointFromPair([...pair], `commitments[${k}]`)),
      };
    }),
  );
  const qualified = trustees.map((t) => t.index).filter((j) => (qualifiedBits >> BigInt(j)) & 1n);
  return {
    quorum: Number(quorum),
    sealed,
    opened,
    qualified,
    electionKey: pointFromPair([...key], "electionKey"),
    trustees,
  };
}

/** Reads what an opened poll's check needs: the encrypted tally, counts, posted shares and counted ballots. */
export async function readOpening(
  reading: Reading,
  electionsAddress: string,
  fromBlock: number,
  pollId: bigint,
): Promise<OpeningMaterial> {
  const secret = ISecretPolls__factory.connect(electionsAddress, reading.suite.runner);
  const [tallyWords, counts, posted, cast] = await Promise.all([
    secret.encryptedTally(pollId),
    secret.openedTally(pollId),
    queryEvents(secret, secret.filters.DecryptionSharesPosted(pollId), fromBlock),
    queryEvents(secret, secret.filters.SecretBallotCast(pollId), fromBlock),
  ]);
  const toWords = (c: { a: { x: bigint; y: bigint }; b: { x: bigint; y: bigint } }) => ({
    a: { x: c.a.x, y: c.a.y },
    b: { x: c.b.x, y: c.b.y },
  });
  return {
    tally: ciphertextsFromChain(tallyWords.map(toWords)),
    counts: [...counts],
    shares: posted.flatMap((event) =>
      decryptionSharesFromChain(
        Number(event.args.trustee),
        event.args.shares.map((pair: readonly bigint[]) => [...pair]),
        event.args.proofs.map((pair: readonly bigint[]) => [...pair]),
      ),
    ),
    ballots: cast.map((event) => ({
      nullifier: event.args.nullifier,
      ciphertexts: ciphertextsFromChain(event.args.ciphertexts.map(toWords)),
    })),
  };
}

/**
 * Checks an opening as the contract did, from the chain's data alone: the election key is the sum of the qualified
 * trustees' first commitments; the encrypted tally is the sum of each nullifier's latest ballot; each trustee's
 * shares prove their correctness against its verification key `S_j = Σ_k jᵏ·(Σ_i A_{i,k})`; the first quorum of
 * trustees whose shares all verify decrypt the tally to the published counts.
 */
export function checkOpening(
  m: SecretMessages,
  poll: PollView,
  secret: SecretPollView,
  material: OpeningMaterial,
  location: { chainId: bigint; contract: string },
): OpeningCheck {
  const checks: { ok: boolean; text: string; id: string }[] = [];
  const qualified = secret.trustees.filter((t) => secret.qualified.includes(t.index));
  const summed = Array.from({ length: secret.quorum }, (_, k) =>
    qualified.reduce((sum, t) => sum.add(t.commitments[k] ?? O), O),
  );
  const keyOk = summed[0] !== undefined && summed[0].equals(secret.electionKey);
  checks.push({
    ok: keyOk,
    id: "key",
    text: keyOk ? m.checkKey(secret.qualified.join(", ")) : m.checkKeyFailed,
  });

  const latest = new Map<bigint, readonly Ciphertext[]>();
  for (const ballot of material.ballots) latest.set(ballot.nullifier, ballot.ciphertexts);
  const expected = material.tally.map((_, option) =>
    [...latest.values()].reduce((sum, ciphertexts) => addCiphertexts(sum, ciphertexts[option]!), EMPTY_CIPHERTEXT),
  );
  const ballotsOk =
    material.tally.length === poll.optionCount &&
    expected.every((c, option) => ciphertextsEqual(c, material.tally[option]!));
  checks.push({ ok: ballotsOk, id: "ballots", text: ballotsOk ? m.checkBallots(latest.size) : m.checkBallotsFailed });

  const openingPoll = { location: { ...location, pollId: poll.pollId }, electionKey: secret.electionKey };
  const accepted = new Map<number, DecryptionShare[]>();
  for (const trustee of [...new Set(material.shares.map((s) => s.trustee))].sort((x, y) => x - y)) {
    const list = material.shares.filter((s) => s.trustee === trustee);
    const key = secret.qualified.includes(trustee) ? evaluateCommitments(summed, trustee) : undefined;
    const refused = list.find(
      (share) => key === undefined || !verifyDecryptionShare(openingPoll, material.tally, key, share),
    );
    const complete = material.tally.every((_, option) => list.some((s) => s.option === option));
    if (refused !== undefined || !complete) {
      checks.push({
        ok: false,
        id: `share-${trustee}`,
        text: m.checkShareRefused(trustee, (refused?.option ?? 0) + 1),
      });
      continue;
    }
    checks.push({ ok: true, id: `share-${trustee}`, text: m.checkShare(trustee, list.length) });
    if (accepted.size < secret.quorum) accepted.set(trustee, list);
  }
  if (accepted.size < secret.quorum) {
    checks.push({ ok: false, id: "combined", text: m.checkQuorum(accepted.size, secret.quorum) });
  } else {
    const names = [...accepted.keys()].join(", ");
    const combinedOk = countsMatch(combineShares(material.tally, accepted), material.counts);
    checks.push({
      ok: combinedOk,
      id: "combined",
      text: combinedOk ? m.checkCombined(names, material.counts.join(", ")) : m.checkCombinedFailed(names),
    });
  }
  return { checks, verified: checks.every((c) => c.ok) };
}

/** The trustees as a table: account, ceremony steps, decryption shares. */
function trusteesTable(context: PageContext, m: SecretMessages, secret: SecretPollView): HTMLElement {
  const { config, messages } = context;
  return h(
    "table",
    { class: "trustees", "data-testid": "secret-trustees" },
    h("caption", {}, m.trusteesHeading),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, m.trusteeColumn),
        h("th", { scope: "col" }, m.accountColumn),
        h("th", { scope: "col" }, m.ceremonyColumn),
        h("th", { scope: "col" }, m.sharesColumn),
      ),
    ),
    h(
      "tbody",
      {},
      secret.trustees.map((t) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, m.trusteeNumber(t.index)),
          h("td", {}, address(config, messages, t.account)),
          h("td", {}, m.trusteeSteps(t.announced, t.dealt, t.excluded)),
          h("td", {}, t.posted ? m.posted : m.notPosted),
        ),
      ),
    ),
  );
}

/** Parameters of {@link secretResults}. */
export interface SecretResultsParameters {
  readonly context: PageContext;
  readonly reading: Reading;
  readonly poll: PollView;
  /** Draws the counts as the public results do (chart and table). */
  readonly tallyView: (counts: readonly bigint[], ballots: number) => HTMLElement;
}

/** The secret part of a poll's results: ceremony, seal or opening, and the browser's check of the opening. */
export async function secretResults({
  context,
  reading,
  poll,
  tallyView,
}: SecretResultsParameters): Promise<HTMLElement> {
  const { config, messages } = context;
  const m = secretMessages(messages);
  const electionsAddress = contractAddress(config, "Elections");
  const secret = await readSecretPoll(reading, electionsAddress, poll.pollId);
  const trustees = secret.trustees.length;
  const postedCount = secret.trustees.filter((t) => t.posted).length;
  const parts: HTMLElement[] = [
    h("p", {}, m.secretIntro),
    facts([
      [m.kind, m.kindSecret],
      [m.quorum, m.quorumText(secret.quorum, trustees)],
      [
        m.electionKey,
        secret.sealed
          ? h(
              "span",
              { "data-testid": "secret-key" },
              `${m.keyPublished}: `,
              code(`0x${secret.electionKey.toHex(true)}`),
            )
          : h("span", { "data-testid": "secret-key" }, m.keyNotPublished),
      ],
      secret.sealed ? [m.qualified, secret.qualified.join(", ")] : null,
    ]),
    trusteesTable(context, m, secret),
  ];
  const status = (kind: "info" | "warning", text: string) => {
    const element = notice(kind, text);
    element.dataset.testid = "secret-status";
    return element;
  };
  if (poll.state === "Cancelled") {
    parts.unshift(status("warning", m.cancelledSecret));
  } else if (poll.state === "Review") {
    parts.unshift(status("info", m.inReview));
  } else if (poll.state === "Open") {
    parts.unshift(status("info", m.sealed(poll.ballots)));
  } else if (!secret.opened) {
    parts.unshift(status("info", m.awaiting(postedCount, secret.quorum)));
  } else {
    const material = await readOpening(
      reading,
      electionsAddress,
      reading.suite.deployment.contracts.Elections!.deploymentBlock,
      poll.pollId,
    );
    const provider = reading.suite.runner.provider as Provider;
    const { chainId } = await provider.getNetwork();
    const check = checkOpening(m, poll, secret, material, { chainId, contract: electionsAddress });
    parts.unshift(
      status("info", m.openedNotice),
      h("h3", {}, messages.tallyHeading),
      tallyView(material.counts, poll.ballots),
      h(
        "section",
        { class: "recompute", "aria-labelledby": "secret-checks-heading", "data-testid": "secret-checks" },
        h("h3", { id: "secret-checks-heading" }, m.checksHeading),
        h(
          "ul",
          { class: "checks" },
          check.checks.map((c) =>
            h("li", { "data-check": c.id, "data-ok": String(c.ok) }, `${c.ok ? "✓" : "✗"} ${c.text}`),
          ),
        ),
        (() => {
          const verdict = notice(check.verified ? "info" : "error", check.verified ? m.verified : m.notVerified);
          verdict.dataset.testid = "secret-verdict";
          verdict.dataset.verified = String(check.verified);
          return verdict;
        })(),
      ),
    );
  }
  return h("div", { class: "secret-poll", "data-testid": "secret-poll" }, parts);
}
