import { expect } from "chai";

import {
  complain,
  concludeCeremony,
  createCeremony,
  evaluatePolynomial,
  Fr,
  G,
  generateTrustee,
  judgeComplaint,
  lagrangeCoefficients,
  openShare,
  proveKnowledge,
  TAGS,
  verifyAnnouncement,
} from "../../src/elections/secret/index.js";
import { InvalidInputError } from "../../src/errors.js";
import { OFFLINE_LOCATION, runCeremony } from "./helpers.js";

describe("SecretBallot: key ceremony", function () {
  it("three trustees with a quorum of two agree on a key whose secret no one holds but any two reconstruct", function () {
    const run = runCeremony({ trustees: 3, quorum: 2 });
    expect(run.outcome.complete).to.equal(true);
    expect(run.outcome.qualified).to.deep.equal([1, 2, 3]);
    expect(run.outcome.excluded.size).to.equal(0);
    // The election secret is Σ a_{i,0}; it exists only in this test, which holds every trustee's secret.
    const secret = run.secrets.reduce((sum, s) => Fr.add(sum, s.coefficients[0]), 0n);
    expect(G.multiply(secret).equals(run.outcome.electionKey)).to.equal(true);
    for (const pair of [
      [1, 2],
      [1, 3],
      [2, 3],
    ]) {
      const lambdas = lagrangeCoefficients(pair);
      const combined = pair.reduce((sum, j) => Fr.add(sum, Fr.mul(lambdas.get(j)!, run.keyShares.get(j)!)), 0n);
      expect(combined).to.equal(secret);
    }
    // One key share alone is a point on a line through the secret, not the secret.
    for (const share of run.keyShares.values()) expect(share).to.not.equal(secret);
    for (const [j, share] of run.keyShares) {
      expect(G.multiply(share).equals(run.outcome.verificationKeys.get(j)!)).to.equal(true);
    }
  });

  it("every announcement proves knowledge of its secrets; a proof for another trustee or poll is refused", function () {
    const run = runCeremony({ trustees: 3, quorum: 2 });
    for (const announcement of run.announcements) {
      expect(verifyAnnouncement(run.ceremony, announcement)).to.equal(true);
    }
    const [first, second] = run.announcements;
    expect(verifyAnnouncement(run.ceremony, { ...first, index: 2 })).to.equal(false);
    expect(verifyAnnouncement(run.ceremony, { ...first, coefficientProof: second.coefficientProof })).to.equal(false);
    const otherPoll = createCeremony({ location: { ...OFFLINE_LOCATION, pollId: 8n }, trustees: 3, quorum: 2 });
    expect(verifyAnnouncement(otherPoll, first)).to.equal(false);
    const otherChain = createCeremony({ location: { ...OFFLINE_LOCATION, chainId: 1n }, trustees: 3, quorum: 2 });
    expect(verifyAnnouncement(otherChain, first)).to.equal(false);
  });

  it("a rogue key (another trustee's commitment minus the others) has no proof and is excluded", function () {
    const ceremony = createCeremony({ location: OFFLINE_LOCATION, trustees: 2, quorum: 2 });
    const honest = generateTrustee({ ceremony, index: 1 });
    const rogue = generateTrustee({ ceremony, index: 2 });
    const target = G.multiply(12345n);
    const forged = {
      ...rogue.announcement,
      commitments: [target.subtract(honest.announcement.commitments[0]), rogue.announcement.commitments[1]],
      // The best the rogue trustee can do: a proof for some scalar it knows, which is not the forged point's logarithm.
      coefficientProof: proveKnowledge(12345n, target, [ceremony.base, TAGS.coefficient, 2]),
    };
    expect(verifyAnnouncement(ceremony, forged)).to.equal(false);
    const outcome = concludeCeremony({
      ceremony,
      announcements: [honest.announcement, forged],
      shares: [],
      complaints: [],
    });
    expect(outcome.excluded.get(2)).to.equal("bad-announcement");
    expect(outcome.complete).to.equal(false);
  });

  it("a dealer's bad share is named by the complaint, upheld by anyone, and the dealer is excluded", function () {
    const run = runCeremony({
      trustees: 3,
      quorum: 2,
      tamper: (shares) =>
        shares.map((s) => (s.dealer === 2 && s.recipient === 3 ? { ...s, masked: Fr.add(s.masked, 1n) } : s)),
      complaints: ({ ceremony, secrets, announcements, shares }) => {
        const bad = shares.find((s) => s.dealer === 2 && s.recipient === 3)!;
        const opened = openShare(ceremony, secrets[2], bad, announcements[1]);
        expect(opened.valid).to.equal(false);
        return [complain(ceremony, secrets[2], bad)];
      },
    });
    const complaint = run.complaints[0];
    const share = run.shares.find((s) => s.dealer === 2 && s.recipient === 3)!;
    expect(judgeComplaint(run.ceremony, complaint, share, run.announcements[1], run.announcements[2])).to.equal(
      "upheld",
    );
    expect(run.outcome.excluded.get(2)).to.equal("bad-share");
    expect(run.outcome.qualified).to.deep.equal([1, 3]);
    expect(run.outcome.complete).to.equal(true);
    const expectedKey = run.announcements[0].commitments[0].add(run.announcements[2].commitments[0]);
    expect(run.outcome.electionKey.equals(expectedKey)).to.equal(true);
    // The remaining two still hold shares of the remaining secret.
    const secret = Fr.add(run.secrets[0].coefficients[0], run.secrets[2].coefficients[0]);
    const lambdas = lagrangeCoefficients([1, 3]);
    const combined = Fr.add(
      Fr.mul(lambdas.get(1)!, run.keyShares.get(1)!),
      Fr.mul(lambdas.get(3)!, run.keyShares.get(3)!),
    );
    expect(combined).to.equal(secret);
  });

  it("a false complaint about a good share is dismissed and its maker excluded", function () {
    const run = runCeremony({
      trustees: 3,
      quorum: 2,
      complaints: ({ ceremony, secrets, shares }) => [
        complain(
          ceremony,
          secrets[0],
          shares.find((s) => s.dealer === 3 && s.recipient === 1)!,
        ),
      ],
    });
    const share = run.shares.find((s) => s.dealer === 3 && s.recipient === 1)!;
    expect(judgeComplaint(run.ceremony, run.complaints[0], share, run.announcements[2], run.announcements[0])).to.equal(
      "dismissed",
    );
    expect(run.outcome.excluded.get(1)).to.equal("false-complaint");
    expect(run.outcome.qualified).to.deep.equal([2, 3]);
  });

  it("a complaint whose proof does not hold, or that names another share, is malformed and changes nothing", function () {
    const run = runCeremony({
      trustees: 3,
      quorum: 2,
      complaints: ({ ceremony, secrets, shares }) => {
        const honest = complain(
          ceremony,
          secrets[2],
          shares.find((s) => s.dealer === 2 && s.recipient === 3)!,
        );
        // Trustee 3 claims the dealer's share decrypts otherwise, with a point it cannot prove.
        return [{ ...honest, sharedPoint: honest.sharedPoint.add(G) }];
      },
    });
    const share = run.shares.find((s) => s.dealer === 2 && s.recipient === 3)!;
    const other = run.shares.find((s) => s.dealer === 1 && s.recipient === 3)!;
    expect(judgeComplaint(run.ceremony, run.complaints[0], share, run.announcements[1], run.announcements[2])).to.equal(
      "malformed",
    );
    expect(judgeComplaint(run.ceremony, run.complaints[0], other, run.announcements[0], run.announcements[2])).to.equal(
      "malformed",
    );
    expect(run.outcome.qualified).to.deep.equal([1, 2, 3]);
  });

  it("a trustee who never announces or does not deal to everyone is excluded; below the quorum nothing completes", function () {
    const ceremony = createCeremony({ location: OFFLINE_LOCATION, trustees: 3, quorum: 3 });
    const trustees = [1, 2, 3].map((index) => generateTrustee({ ceremony, index }));
    const announcements = trustees.map((t) => t.announcement);
    // Trustee 1 deals (what it deals does not matter here), trustee 2 deals nothing, trustee 3 never announces.
    const shares = [2, 3].map((j) => ({ dealer: 1, recipient: j, ephemeral: G, masked: 0n }));
    const absent = concludeCeremony({ ceremony, announcements: announcements.slice(0, 2), shares, complaints: [] });
    expect(absent.excluded.get(3)).to.equal("no-announcement");
    expect(absent.excluded.get(2)).to.equal("missing-shares");
    expect(absent.qualified).to.deep.equal([1]);
    expect(absent.complete).to.equal(false);
  });

  it("a share decrypts to the dealer's polynomial at the recipient's number", function () {
    const run = runCeremony({ trustees: 4, quorum: 3 });
    for (const share of run.shares) {
      const opened = openShare(
        run.ceremony,
        run.secrets[share.recipient - 1],
        share,
        run.announcements[share.dealer - 1],
      );
      expect(opened.valid).to.equal(true);
      expect(opened.value).to.equal(evaluatePolynomial(run.secrets[share.dealer - 1].coefficients, share.recipient));
    }
  });

  it("refuses a ceremony whose numbers do not fit, naming the field", function () {
    expect(() => createCeremony({ location: OFFLINE_LOCATION, trustees: 0, quorum: 1 }))
      .to.throw(InvalidInputError)
      .with.property("field", "trustees");
    expect(() => createCeremony({ location: OFFLINE_LOCATION, trustees: 3, quorum: 4 }))
      .to.throw(InvalidInputError)
      .with.property("field", "quorum");
    expect(() => lagrangeCoefficients([1, 1]))
      .to.throw(InvalidInputError)
      .with.property("field", "trustees");
  });
});
