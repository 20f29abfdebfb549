import { expect } from "chai";

import {
  assertChallengeShows,
  ballotDigest,
  challengeBallot,
  decryptionShares,
  discreteLog,
  encodeCount,
  encrypt,
  G,
  openTally,
  prepareBallot,
  QuorumNotReachedError,
  secretBallotProblem,
  subtractCiphertexts,
  sumCiphertexts,
  verifyChallenge,
  verifyDecryptionShare,
  verifySecretBallot,
} from "../../src/elections/secret/index.js";
import { InvalidInputError } from "../../src/errors.js";
import { forgeBallot, OFFLINE_LOCATION, runCeremony, secretPoll } from "./helpers.js";

const run = runCeremony({ trustees: 3, quorum: 2 });
const single = secretPoll(run);
const approval = secretPoll(run, { rule: "Approval", optionCount: 5, maxChoices: 2 });
const voter = { nullifier: 0xabcdefn, revision: 1n };

describe("SecretBallot: ballots", function () {
  it("an honest single-choice ballot verifies, and so does an approval ballot of one to k options", function () {
    for (const option of [0, 4]) {
      const prepared = prepareBallot({ poll: single, options: [option], ...voter });
      expect(verifySecretBallot({ poll: single, ballot: prepared.ballot, ...voter })).to.equal(true);
    }
    for (const options of [[1], [0, 3]]) {
      const prepared = prepareBallot({ poll: approval, options, ...voter });
      expect(verifySecretBallot({ poll: approval, ballot: prepared.ballot, ...voter })).to.equal(true);
    }
  });

  it("prepares a 5-option ballot, proofs included, well within the 5-second budget of a voter's device", function () {
    const started = performance.now();
    const prepared = prepareBallot({ poll: single, options: [3], ...voter });
    const elapsed = performance.now() - started;
    console.log(`      secret.prepare.options5: ${elapsed.toFixed(0)} ms (Node)`);
    expect(prepared.ballot.ciphertexts).to.have.length(5);
    expect(elapsed).to.be.below(5_000);
  });

  it("two ciphertexts of the same choice look unrelated (fresh randomness)", function () {
    const first = prepareBallot({ poll: single, options: [2], ...voter });
    const second = prepareBallot({ poll: single, options: [2], ...voter });
    expect(first.ballot.ciphertexts[2].a.equals(second.ballot.ciphertexts[2].a)).to.equal(false);
    expect(first.digest).to.not.equal(second.digest);
  });

  it("a ciphertext of 2 or of −1 with a forged 0/1 proof is refused", function () {
    for (const bad of [2n, -1n]) {
      const values = [bad, 0n, 0n, 0n, 0n];
      // The rule proof is honest about the sum when it can be: 2 is refused by the option proof alone.
      const ballot = forgeBallot({ poll: single, values, ruleClaim: 1, lo: 1, hi: 1, ...voter });
      expect(secretBallotProblem({ poll: single, ballot, ...voter })).to.equal(
        "the proof that option 0 holds 0 or 1 does not verify",
      );
    }
    // −1 beside a 1 and a 1: the sum is 1 as single choice wants, the forged option is still caught.
    const ballot = forgeBallot({ poll: single, values: [-1n, 1n, 1n, 0n, 0n], ruleClaim: 1, lo: 1, hi: 1, ...voter });
    expect(secretBallotProblem({ poll: single, ballot, ...voter })).to.equal(
      "the proof that option 0 holds 0 or 1 does not verify",
    );
  });

  it("two choices under single choice, and k+1 under approval, are refused by the rule proof", function () {
    const two = forgeBallot({ poll: single, values: [1n, 1n, 0n, 0n, 0n], ruleClaim: 1, lo: 1, hi: 1, ...voter });
    expect(secretBallotProblem({ poll: single, ballot: two, ...voter })).to.equal(
      "the proof that the ballot selects 1 to 1 options does not verify",
    );
    const none = forgeBallot({ poll: single, values: [0n, 0n, 0n, 0n, 0n], ruleClaim: 1, lo: 1, hi: 1, ...voter });
    expect(verifySecretBallot({ poll: single, ballot: none, ...voter })).to.equal(false);
    const three = forgeBallot({ poll: approval, values: [1n, 1n, 1n, 0n, 0n], ruleClaim: 2, lo: 1, hi: 2, ...voter });
    expect(secretBallotProblem({ poll: approval, ballot: three, ...voter })).to.equal(
      "the proof that the ballot selects 1 to 2 options does not verify",
    );
    // A rule proof over a wider range than the poll's is a proof of another statement.
    const wide = forgeBallot({ poll: approval, values: [1n, 1n, 1n, 0n, 0n], ruleClaim: 3, lo: 1, hi: 3, ...voter });
    expect(verifySecretBallot({ poll: approval, ballot: wide, ...voter })).to.equal(false);
  });

  it("the SDK refuses to prepare a ballot that breaks the rule, naming options", function () {
    expect(() => prepareBallot({ poll: single, options: [0, 1], ...voter }))
      .to.throw(InvalidInputError)
      .with.property("field", "options");
    expect(() => prepareBallot({ poll: approval, options: [0, 1, 2], ...voter }))
      .to.throw(InvalidInputError)
      .with.property("field", "options");
    expect(() => prepareBallot({ poll: single, options: [5], ...voter }))
      .to.throw(InvalidInputError)
      .with.property("field", "options");
    expect(() => prepareBallot({ poll: { ...single, rule: "Budget" as never }, options: [0], ...voter }))
      .to.throw(InvalidInputError)
      .with.property("field", "rule");
  });

  it("a proof for another ciphertext, another voter, revision, poll or key is refused", function () {
    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const other = prepareBallot({ poll: single, options: [1], ...voter });
    const swapped = {
      ...prepared.ballot,
      ciphertexts: [other.ballot.ciphertexts[0], ...prepared.ballot.ciphertexts.slice(1)],
    };
    expect(verifySecretBallot({ poll: single, ballot: swapped, ...voter })).to.equal(false);
    const copied = { nullifier: voter.nullifier + 1n, revision: 1n };
    expect(verifySecretBallot({ poll: single, ballot: prepared.ballot, ...copied })).to.equal(false);
    expect(
      verifySecretBallot({ poll: single, ballot: prepared.ballot, nullifier: voter.nullifier, revision: 2n }),
    ).to.equal(false);
    const otherPoll = { ...single, location: { ...OFFLINE_LOCATION, pollId: 8n } };
    expect(verifySecretBallot({ poll: otherPoll, ballot: prepared.ballot, ...voter })).to.equal(false);
    const otherKey = { ...single, electionKey: single.electionKey.add(G) };
    expect(verifySecretBallot({ poll: otherKey, ballot: prepared.ballot, ...voter })).to.equal(false);
  });

  it("the digest binds every ciphertext and the revision", function () {
    const prepared = prepareBallot({ poll: single, options: [3], ...voter });
    const { ciphertexts } = prepared.ballot;
    expect(ballotDigest(ciphertexts, 1n)).to.equal(prepared.digest);
    expect(ballotDigest(ciphertexts, 2n)).to.not.equal(prepared.digest);
    const reordered = [ciphertexts[1], ciphertexts[0], ...ciphertexts.slice(2)];
    expect(ballotDigest(reordered, 1n)).to.not.equal(prepared.digest);
  });
});

describe("SecretBallot: Benaloh's challenge", function () {
  it("a challenged ballot shows the options it encrypted, from the election key and the revealed randomness", function () {
    const prepared = prepareBallot({ poll: approval, options: [4, 1], ...voter });
    const verdict = verifyChallenge(approval, challengeBallot(prepared));
    expect(verdict).to.deep.equal({ valid: true, options: [1, 4] });
    expect(() => assertChallengeShows(approval, challengeBallot(prepared), [1, 4])).to.not.throw();
  });

  it("a device that encrypted another choice is caught by the challenge", function () {
    const prepared = prepareBallot({ poll: single, options: [2], ...voter });
    expect(() => assertChallengeShows(single, challengeBallot(prepared), [0]))
      .to.throw(InvalidInputError)
      .with.property("reason", "the ballot encrypted options [2], not [0]");
  });

  it("randomness that does not give the ciphertexts fails the challenge", function () {
    const prepared = prepareBallot({ poll: single, options: [2], ...voter });
    const lying = { ...challengeBallot(prepared), randomness: [...prepared.randomness].reverse() };
    expect(verifyChallenge(single, lying)).to.deep.equal({
      valid: false,
      problem: "option 0: the revealed randomness does not give the ciphertext",
    });
  });
});

describe("SecretBallot: tally and opening (off chain)", function () {
  const choices = [[0], [2], [2], [4], [2], [0]];
  const ballots = choices.map((options, i) =>
    prepareBallot({ poll: single, options, nullifier: BigInt(i + 1), revision: 1n }),
  );
  const columns = (list: typeof ballots) =>
    Array.from({ length: 5 }, (_, option) => sumCiphertexts(list.map((b) => b.ballot.ciphertexts[option])));

  it("any two of three trustees open the sum of the latest ballots, a re-vote replacing the earlier ballot", function () {
    // Voter 6 changes from option 0 to option 3: the tally takes the old ballot out and the new one in.
    const revote = prepareBallot({ poll: single, options: [3], nullifier: 6n, revision: 2n });
    const tally = columns(ballots).map((column, option) =>
      sumCiphertexts([
        subtractCiphertexts(column, ballots[5].ballot.ciphertexts[option]),
        revote.ballot.ciphertexts[option],
      ]),
    );
    for (const pair of [
      [1, 2],
      [2, 3],
      [1, 3],
    ]) {
      const shares = pair.flatMap((trustee) =>
        decryptionShares({ poll: single, tally, trustee, keyShare: run.keyShares.get(trustee)! }),
      );
      const opened = openTally({
        poll: single,
        tally,
        shares,
        verificationKeys: run.outcome.verificationKeys,
        quorum: 2,
        maxCount: 6n,
      });
      expect(opened.counts).to.deep.equal([1n, 0n, 3n, 1n, 1n]);
      expect(opened.trustees).to.deep.equal(pair);
    }
  });

  it("a wrong decryption share is refused and left out; with fewer than t good shares nothing opens", function () {
    const tally = columns(ballots);
    const good = decryptionShares({ poll: single, tally, trustee: 1, keyShare: run.keyShares.get(1)! });
    const wrong = decryptionShares({ poll: single, tally, trustee: 2, keyShare: run.keyShares.get(2)! + 1n });
    for (const share of wrong) {
      expect(verifyDecryptionShare(single, tally, run.outcome.verificationKeys.get(2)!, share)).to.equal(false);
    }
    // A correct share moved to another option is wrong there.
    const moved = { ...good[0], option: 1 };
    expect(verifyDecryptionShare(single, tally, run.outcome.verificationKeys.get(1)!, moved)).to.equal(false);
    const attempt = () =>
      openTally({
        poll: single,
        tally,
        shares: [...good, ...wrong],
        verificationKeys: run.outcome.verificationKeys,
        quorum: 2,
        maxCount: 6n,
      });
    expect(attempt).to.throw(QuorumNotReachedError).with.property("available", 1);
  });

  it("an empty tally opens to zeros", function () {
    const tally = Array.from({ length: 5 }, () => sumCiphertexts([]));
    const shares = [1, 3].flatMap((trustee) =>
      decryptionShares({ poll: single, tally, trustee, keyShare: run.keyShares.get(trustee)! }),
    );
    const opened = openTally({
      poll: single,
      tally,
      shares,
      verificationKeys: run.outcome.verificationKeys,
      quorum: 2,
      maxCount: 10n,
    });
    expect(opened.counts).to.deep.equal([0n, 0n, 0n, 0n, 0n]);
  });

  it("the bounded search finds a count up to the census size and nothing beyond it", function () {
    for (const value of [0n, 1n, 999n, 1000n]) {
      expect(discreteLog(encodeCount(value), 1000n)).to.equal(value);
    }
    expect(discreteLog(encodeCount(1001n), 1000n)).to.equal(undefined);
    expect(discreteLog(encrypt({ key: single.electionKey, value: 1n }).ciphertext.b, 1000n)).to.equal(undefined);
    expect(discreteLog(encodeCount(1_000_000n), 1_000_000n)).to.equal(1_000_000n);
  });
});
