import { expect } from "chai";
import { network } from "hardhat";

import {
  addCiphertexts,
  ballotDigest,
  ceremonyBase,
  complain,
  type Ciphertext,
  decodeTally,
  decryptionShares,
  encodeAnnouncement,
  encodeCiphertext,
  encodeDecryptionShares,
  encodePoint,
  encodeProof,
  encodeSecretBallot,
  Fr,
  G,
  hashToScalar,
  KNOWLEDGE_TAGS,
  O,
  openTally,
  pollBase,
  prepareBallot,
  type RangeProofWords,
  type SecretBallot,
  type SecretPoll,
  subtractCiphertexts,
  sumCiphertexts,
  verifySecretBallot,
} from "../../src/elections/secret/index.js";
import {
  ballotStructs,
  forgeBallot,
  forgeCancelling,
  refusedOffChain,
  runCeremony,
  secretPoll,
  tamperedBallots,
} from "./helpers.js";

const { ethers } = await network.create();
const harness = await ethers.deployContract("SecretBallotHarness");
const location = {
  chainId: (await ethers.provider.getNetwork()).chainId,
  contract: await harness.getAddress(),
  pollId: 42n,
};
const run = runCeremony({ location, trustees: 3, quorum: 2 });
const single = secretPoll(run);
const approval = secretPoll(run, { rule: "Approval", maxChoices: 2 });
const voter = { nullifier: 0x1234n, revision: 1n };

/** The rule's `[nullifier, revision, lo, hi]` words the harness takes. */
function context(poll: SecretPoll, ballotContext: { nullifier: bigint; revision: bigint }) {
  const hi = poll.rule === "SingleChoice" ? 1n : BigInt(poll.maxChoices);
  return [ballotContext.nullifier, ballotContext.revision, 1n, hi] as const;
}

/** A range proof's words as the harness's struct. */
function proofArgs(p: RangeProofWords) {
  return {
    commitments: p.commitments.map(({ x, y }) => ({ x, y })),
    challenges: [...p.challenges],
    responses: [...p.responses],
  };
}

/** What the contract says of a ballot: whether it verifies, and the gas its check used. */
async function onChain(poll: SecretPoll, ballot: SecretBallot, ballotContext = voter) {
  const words = encodeSecretBallot(ballot);
  const [ok, gasUsed] = await harness.verifyBallot(
    location.pollId,
    encodePoint(poll.electionKey),
    [...context(poll, ballotContext)],
    words.ciphertexts.map((c) => ({ a: { ...c.a }, b: { ...c.b } })),
    words.optionProofs.map(proofArgs),
    proofArgs(words.ruleProof),
  );
  return { ok, gasUsed };
}

/** Whether TypeScript and Solidity agree on a ballot, and what they say. */
async function bothSay(poll: SecretPoll, ballot: SecretBallot, ballotContext = voter): Promise<boolean> {
  const offChain = verifySecretBallot({ poll, ballot, ...ballotContext });
  const { ok } = await onChain(poll, ballot, ballotContext);
  expect(ok, "Solidity and TypeScript disagree").to.equal(offChain);
  return ok;
}

describe("SecretBallot: the Solidity library against the TypeScript side", function () {
  it("computes the same base hashes and ballot digest", async function () {
    expect(await harness.ceremonyBase(location.pollId, 3, 2)).to.equal(ceremonyBase(location, 3, 2));
    expect(await harness.pollBase(location.pollId, encodePoint(single.electionKey))).to.equal(
      pollBase(location, single.electionKey),
    );
    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const words = prepared.ballot.ciphertexts.map(encodeCiphertext);
    expect(await harness.ballotDigest(1n, words)).to.equal(ballotDigest(prepared.ballot.ciphertexts, 1n));
    expect(await harness.ballotDigest(2n, words)).to.equal(ballotDigest(prepared.ballot.ciphertexts, 2n));
  });

  it("accepts honest ballots, single choice and approval, as TypeScript does", async function () {
    for (const options of [[0], [4]]) {
      const prepared = prepareBallot({ poll: single, options, ...voter });
      expect(await bothSay(single, prepared.ballot)).to.equal(true);
    }
    for (const options of [[2], [1, 3]]) {
      const prepared = prepareBallot({ poll: approval, options, ...voter });
      expect(await bothSay(approval, prepared.ballot)).to.equal(true);
    }
  });

  it("refuses every forged ballot TypeScript refuses: 2, −1, two choices, k+1, copied or swapped proofs", async function () {
    const forged = (poll: SecretPoll, values: bigint[], ruleClaim: number) =>
      forgeBallot({
        poll,
        values,
        ruleClaim,
        lo: 1,
        hi: poll.rule === "SingleChoice" ? 1 : poll.maxChoices,
        ...voter,
      });
    expect(await bothSay(single, forged(single, [2n, 0n, 0n, 0n, 0n], 1))).to.equal(false);
    expect(await bothSay(single, forged(single, [-1n, 1n, 1n, 0n, 0n], 1))).to.equal(false);
    expect(await bothSay(single, forged(single, [1n, 1n, 0n, 0n, 0n], 1))).to.equal(false);
    expect(await bothSay(approval, forged(approval, [1n, 1n, 1n, 0n, 0n], 2))).to.equal(false);

    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const other = prepareBallot({ poll: single, options: [1], ...voter });
    const swapped = {
      ...prepared.ballot,
      ciphertexts: [other.ballot.ciphertexts[0], ...prepared.ballot.ciphertexts.slice(1)],
    };
    expect(await bothSay(single, swapped)).to.equal(false);
    expect(await bothSay(single, prepared.ballot, { nullifier: voter.nullifier + 1n, revision: 1n })).to.equal(false);
    expect(await bothSay(single, prepared.ballot, { nullifier: voter.nullifier, revision: 2n })).to.equal(false);
  });

  it("refuses a point off the curve, a challenge not below r, and proofs of the wrong length", async function () {
    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const words = encodeSecretBallot(prepared.ballot);
    const call = (ciphertexts: typeof words.ciphertexts, optionProofs: typeof words.optionProofs) =>
      harness.verifyBallot(
        location.pollId,
        encodePoint(single.electionKey),
        [...context(single, voter)],
        ciphertexts.map((c) => ({ a: { ...c.a }, b: { ...c.b } })),
        optionProofs.map(proofArgs),
        proofArgs(words.ruleProof),
      );
    const offCurve = [{ a: { x: 1n, y: 3n }, b: words.ciphertexts[0].b }, ...words.ciphertexts.slice(1)];
    expect((await call(offCurve, words.optionProofs))[0]).to.equal(false);
    const [c0, c1] = words.optionProofs[0].challenges;
    // c + r is the same challenge modulo r: a verifier that reduced instead of refusing would accept it.
    const bigChallenge = [
      { ...words.optionProofs[0], challenges: [c0 + Fr.ORDER, c1] },
      ...words.optionProofs.slice(1),
    ];
    expect((await call(words.ciphertexts, bigChallenge))[0]).to.equal(false);
    const short = [
      { ...words.optionProofs[0], challenges: [c0], responses: [words.optionProofs[0].responses[0]] },
      ...words.optionProofs.slice(1),
    ];
    expect((await call(words.ciphertexts, short))[0]).to.equal(false);
    expect((await call(words.ciphertexts.slice(1), words.optionProofs))[0]).to.equal(false);
    expect((await call(words.ciphertexts, words.optionProofs))[0]).to.equal(true);
  });

  it("refuses B off the curve, a coordinate not below p, and every range it cannot check", async function () {
    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const words = encodeSecretBallot(prepared.ballot);
    const plain = (c: (typeof words.ciphertexts)[number]) => ({ a: { ...c.a }, b: { ...c.b } });
    const proofsOf = proofArgs;
    const call = (
      ballotContext: readonly [bigint, bigint, bigint, bigint],
      ciphertexts = words.ciphertexts.map(plain),
      optionProofs = words.optionProofs.map(proofsOf),
      ruleProof = proofsOf(words.ruleProof),
    ) =>
      harness.verifyBallot(
        location.pollId,
        encodePoint(single.electionKey),
        [ballotContext[0], ballotContext[1], ballotContext[2], ballotContext[3]],
        ciphertexts,
        optionProofs,
        ruleProof,
      );
    const honest = context(single, voter);
    expect((await call(honest))[0]).to.equal(true);
    const withFirst = (first: ReturnType<typeof plain>) => [first, ...words.ciphertexts.slice(1).map(plain)];
    const [first] = words.ciphertexts.map(plain);
    // B off the curve; A with x + p in place of x (the same point modulo p, refused by the curve check).
    expect((await call(honest, withFirst({ a: first!.a, b: { x: 1n, y: 3n } })))[0]).to.equal(false);
    const p = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
    expect((await call(honest, withFirst({ a: { x: first!.a.x + p, y: first!.a.y }, b: first!.b })))[0]).to.equal(
      false,
    );
    // Rule ranges the library refuses before any proof: hi below lo, 34 values, more than 32 options.
    expect((await call([voter.nullifier, voter.revision, 2n, 1n]))[0]).to.equal(false);
    expect((await call([voter.nullifier, voter.revision, 0n, 33n]))[0]).to.equal(false);
    const many = Array.from({ length: 33 }, () => plain(words.ciphertexts[0]));
    const manyProofs = Array.from({ length: 33 }, () => proofsOf(words.optionProofs[0]));
    expect((await call(honest, many, manyProofs))[0]).to.equal(false);
    // A rule proof of two values for a rule of one; an empty rule proof.
    const [c0] = words.ruleProof.challenges;
    const [z0] = words.ruleProof.responses;
    const rule = proofsOf(words.ruleProof);
    const twice = {
      commitments: [...rule.commitments, ...rule.commitments],
      challenges: [c0, c0],
      responses: [z0, z0],
    };
    expect((await call(honest, undefined, undefined, twice))[0]).to.equal(false);
    expect((await call(honest, undefined, undefined, { ...rule, responses: [] }))[0]).to.equal(false);
    expect((await call(honest, undefined, undefined, { ...rule, challenges: [] }))[0]).to.equal(false);
    expect((await call(honest, undefined, undefined, { ...rule, commitments: rule.commitments.slice(1) }))[0]).to.equal(
      false,
    );
  });

  it("refuses every tampered element of a ballot in commitment form, as TypeScript does", async function () {
    const honest = encodeSecretBallot(prepareBallot({ poll: single, options: [2], ...voter }).ballot);
    const others = {
      sameVoter: encodeSecretBallot(prepareBallot({ poll: single, options: [2], ...voter }).ballot),
      otherNullifier: encodeSecretBallot(
        prepareBallot({ poll: single, options: [2], nullifier: voter.nullifier + 1n, revision: 1n }).ballot,
      ),
      nextRevision: encodeSecretBallot(prepareBallot({ poll: single, options: [2], ...voter, revision: 2n }).ballot),
    };
    const verify = async (words: typeof honest) => {
      const args = ballotStructs(words);
      const [ok] = await harness.verifyBallot(
        location.pollId,
        encodePoint(single.electionKey),
        [...context(single, voter)],
        args.ciphertexts,
        args.optionProofs,
        args.ruleProof,
      );
      return ok;
    };
    expect(await verify(honest)).to.equal(true);
    expect(refusedOffChain(single, honest, voter)).to.equal(false);
    for (const { what, words } of tamperedBallots(honest, others)) {
      expect(await verify(words), what).to.equal(false);
      expect(refusedOffChain(single, words, voter), what).to.equal(true);
    }
  });

  it("accepts an honest proof whose first commitments are the point at infinity (a nonce of zero)", async function () {
    // The ballot's first commitment has the weight 1 and is negated without an ecMul: the point at infinity stays so.
    const zero = forgeCancelling({ poll: single, chosen: 3, target: 0, delta: 0n, nonce: 0n, ...voter });
    expect(zero.optionProofs[0]!.commitments[0]!.is0()).to.equal(true);
    expect(await bothSay(single, zero)).to.equal(true);
    const later = forgeCancelling({ poll: single, chosen: 3, target: 2, delta: 0n, nonce: 0n, ...voter });
    expect(await bothSay(single, later)).to.equal(true);
  });

  it("refuses a cheating prover's 0 options under single choice, and errors that cancel with equal weights", async function () {
    const none = forgeBallot({ poll: single, values: [0n, 0n, 0n, 0n, 0n], ruleClaim: 1, lo: 1, hi: 1, ...voter });
    expect(await bothSay(single, none)).to.equal(false);
    // Both branches' errors cancel in an unweighted sum, in the chosen option's proof and in another's.
    for (const target of [0, 3]) {
      const cancelling = forgeCancelling({ poll: single, chosen: 3, target, ...voter });
      expect(await bothSay(single, cancelling)).to.equal(false);
    }
  });

  it("reverts with the precompile's number when a point operation fails on a point it did not check", async function () {
    const prepared = prepareBallot({ poll: single, options: [1], ...voter });
    const [good] = prepared.ballot.ciphertexts.map(encodeCiphertext);
    const offCurve = { a: { x: 1n, y: 3n }, b: good!.b };
    await expect(harness.addAll([offCurve], [good!]))
      .to.be.revertedWithCustomError(harness, "SecretBallotPrecompileFailed")
      .withArgs(6);
    // An off-curve share makes the Lagrange combination's ecMul fail.
    await expect(harness.checkCounts([good!], [1, 3], [[{ x: 1n, y: 3n }], [good!.a]], [0n]))
      .to.be.revertedWithCustomError(harness, "SecretBallotPrecompileFailed")
      .withArgs(7);
  });

  it("verifies the trustees' proofs of knowledge and computes their verification keys as TypeScript does", async function () {
    for (const announcement of run.announcements) {
      const words = encodeAnnouncement(announcement);
      const args = [location.pollId, 3, 2] as const;
      expect(
        await harness.verifyKnowledge(
          ...args,
          toBytes32(KNOWLEDGE_TAGS.coefficient),
          words.index,
          words.commitments[0],
          words.coefficientProof,
        ),
      ).to.equal(true);
      expect(
        await harness.verifyKnowledge(
          ...args,
          toBytes32(KNOWLEDGE_TAGS.transport),
          words.index,
          words.transportKey,
          words.transportProof,
        ),
      ).to.equal(true);
      // The coefficient's proof does not pass for the transport key, nor for another trustee.
      expect(
        await harness.verifyKnowledge(
          ...args,
          toBytes32(KNOWLEDGE_TAGS.transport),
          words.index,
          words.commitments[0],
          words.coefficientProof,
        ),
      ).to.equal(false);
      expect(
        await harness.verifyKnowledge(
          ...args,
          toBytes32(KNOWLEDGE_TAGS.coefficient),
          words.index + 1,
          words.commitments[0],
          words.coefficientProof,
        ),
      ).to.equal(false);
    }
    // The point at infinity has a "proof" anyone can make (its logarithm is zero): refused.
    const zero = { x: 0n, y: 0n };
    const nonce = 987654321n;
    const base = ceremonyBase(location, 3, 2);
    const challenge = hashToScalar([base, KNOWLEDGE_TAGS.coefficient, 1, O, G.multiply(nonce)]);
    expect(
      await harness.verifyKnowledge(location.pollId, 3, 2, toBytes32(KNOWLEDGE_TAGS.coefficient), 1, zero, {
        challenge,
        response: nonce,
      }),
    ).to.equal(false);
    const commitments = run.announcements.map((a) => a.commitments.map(encodePoint));
    for (const [trustee, key] of run.outcome.verificationKeys) {
      const onChainKey = await harness.verificationKey(commitments, trustee);
      expect([onChainKey.x, onChainKey.y]).to.deep.equal([encodePoint(key).x, encodePoint(key).y]);
    }
  });

  it("judges complaints as TypeScript does: a bad share upheld, a good one dismissed, a forged proof malformed", async function () {
    const Verdict = { Malformed: 0n, Upheld: 1n, Dismissed: 2n } as const;
    const cheated = runCeremony({
      location,
      trustees: 3,
      quorum: 2,
      tamper: (shares) =>
        shares.map((s) => (s.dealer === 2 && s.recipient === 3 ? { ...s, masked: Fr.add(s.masked, 1n) } : s)),
      complaints: ({ ceremony, secrets, shares }) => [
        complain(
          ceremony,
          secrets[2],
          shares.find((s) => s.dealer === 2 && s.recipient === 3)!,
        ),
        complain(
          ceremony,
          secrets[0],
          shares.find((s) => s.dealer === 3 && s.recipient === 1)!,
        ),
      ],
    });
    const judge = async (index: number, sharedPoint?: ReturnType<typeof encodePoint>) => {
      const complaint = cheated.complaints[index];
      const share = cheated.shares.find((s) => s.dealer === complaint.dealer && s.recipient === complaint.recipient)!;
      const words = {
        dealer: complaint.dealer,
        recipient: complaint.recipient,
        transportKey: encodePoint(cheated.announcements[complaint.recipient - 1].transportKey),
        ephemeral: encodePoint(share.ephemeral),
        masked: share.masked,
        sharedPoint: sharedPoint ?? encodePoint(complaint.sharedPoint),
        proof: encodeProof(complaint.proof),
      };
      const commitments = cheated.announcements[complaint.dealer - 1].commitments.map(encodePoint);
      return harness.judgeComplaint(location.pollId, 3, 2, words, commitments);
    };
    expect(await judge(0)).to.equal(Verdict.Upheld);
    expect(cheated.outcome.excluded.get(2)).to.equal("bad-share");
    expect(await judge(1)).to.equal(Verdict.Dismissed);
    expect(cheated.outcome.excluded.get(1)).to.equal("false-complaint");
    expect(await judge(0, encodePoint(cheated.complaints[0].sharedPoint.add(G)))).to.equal(Verdict.Malformed);
  });

  describe("the encrypted tally and its opening", function () {
    const choices = [[0], [2], [2], [4], [2], [1]];
    const ballots = choices.map((options, i) =>
      prepareBallot({ poll: single, options, nullifier: BigInt(i + 1), revision: 1n }),
    );
    const revote = prepareBallot({ poll: single, options: [3], nullifier: 6n, revision: 2n });

    /** The tally the contract would hold: every ballot added, voter 6's first ballot replaced by its re-vote. */
    async function chainTally(): Promise<Ciphertext[]> {
      let tally = Array.from({ length: 5 }, () => encodeCiphertext(sumCiphertexts([])));
      for (const prepared of ballots) {
        tally = toWords(await harness.addAll(tally, prepared.ballot.ciphertexts.map(encodeCiphertext)));
      }
      tally = toWords(await harness.subtractAll(tally, ballots[5].ballot.ciphertexts.map(encodeCiphertext)));
      tally = toWords(await harness.addAll(tally, revote.ballot.ciphertexts.map(encodeCiphertext)));
      return decodeTally(tally);
    }

    it("adds and subtracts ciphertexts as TypeScript does", async function () {
      const tally = await chainTally();
      const expected = Array.from({ length: 5 }, (_, option) =>
        addCiphertexts(
          subtractCiphertexts(
            sumCiphertexts(ballots.map((b) => b.ballot.ciphertexts[option])),
            ballots[5].ballot.ciphertexts[option],
          ),
          revote.ballot.ciphertexts[option],
        ),
      );
      tally.forEach((c, i) => {
        expect(c.a.equals(expected[i].a) && c.b.equals(expected[i].b)).to.equal(true);
      });
    });

    it("verifies each trustee's decryption shares, refuses a wrong one, and accepts only the matching counts", async function () {
      const tally = await chainTally();
      const tallyWords = tally.map(encodeCiphertext);
      const key = encodePoint(single.electionKey);
      const sharesOf = (trustee: number, keyShare = run.keyShares.get(trustee)!) =>
        encodeDecryptionShares(decryptionShares({ poll: single, tally, trustee, keyShare }));
      const verify = async (trustee: number, shares: ReturnType<typeof sharesOf>, asTrustee = trustee) =>
        harness.verifyShares(
          location.pollId,
          key,
          asTrustee,
          tallyWords,
          encodePoint(run.outcome.verificationKeys.get(asTrustee)!),
          shares.shares,
          shares.proofs,
        );
      const first = sharesOf(1);
      const third = sharesOf(3);
      expect((await verify(1, first))[0]).to.equal(true);
      expect((await verify(3, third))[0]).to.equal(true);
      // A trustee that uses another key share, and a correct share posted as another trustee's, are refused.
      expect((await verify(2, sharesOf(2, Fr.add(run.keyShares.get(2)!, 1n))))[0]).to.equal(false);
      expect((await verify(1, first, 2))[0]).to.equal(false);

      const counts = [1n, 0n, 3n, 1n, 1n];
      const offChain = openTally({
        poll: single,
        tally,
        shares: [1, 3].flatMap((t) =>
          decryptionShares({ poll: single, tally, trustee: t, keyShare: run.keyShares.get(t)! }),
        ),
        verificationKeys: run.outcome.verificationKeys,
        quorum: 2,
        maxCount: 6n,
      });
      expect(offChain.counts).to.deep.equal(counts);
      expect(await harness.checkCounts(tallyWords, [1, 3], [first.shares, third.shares], counts)).to.equal(true);
      const second = sharesOf(2);
      expect(await harness.checkCounts(tallyWords, [2, 3], [second.shares, third.shares], counts)).to.equal(true);
      // A tally that does not match, and an opening by fewer than t trustees, are refused.
      expect(
        await harness.checkCounts(tallyWords, [1, 3], [first.shares, third.shares], [1n, 0n, 2n, 2n, 1n]),
      ).to.equal(false);
      expect(await harness.checkCounts(tallyWords, [1], [first.shares], counts)).to.equal(false);
      // Shares under the wrong trustee numbers combine to garbage.
      expect(await harness.checkCounts(tallyWords, [3, 1], [first.shares, third.shares], counts)).to.equal(false);
    });
  });

  describe("gas", function () {
    it("measures a single-choice ballot's check with 2, 5 and 10 options, and one trustee's decryption shares (gas ceiling)", async function () {
      const figures: Record<string, bigint> = {};
      for (const optionCount of [2, 5, 10]) {
        const poll = secretPoll(run, { optionCount });
        const prepared = prepareBallot({ poll, options: [1], ...voter });
        const { ok, gasUsed } = await onChain(poll, prepared.ballot);
        expect(ok).to.equal(true);
        figures[`ballot.options${optionCount}`] = gasUsed;
      }
      const tally = Array.from({ length: 5 }, (_, i) => encrypt5(i));
      const shares = encodeDecryptionShares(
        decryptionShares({ poll: single, tally, trustee: 1, keyShare: run.keyShares.get(1)! }),
      );
      const [ok, shareGas] = await harness.verifyShares(
        location.pollId,
        encodePoint(single.electionKey),
        1,
        tally.map(encodeCiphertext),
        encodePoint(run.outcome.verificationKeys.get(1)!),
        shares.shares,
        shares.proofs,
      );
      expect(ok).to.equal(true);
      figures["share.options5"] = shareGas;
      console.log("      secret-ballot gas (library work, without calldata and the transaction's base cost):");
      for (const [name, gas] of Object.entries(figures)) console.log(`        ${name}: ${gas}`);
      console.log(`        per added option: ${(figures["ballot.options10"] - figures["ballot.options5"]) / 5n}`);
      // Guards against regressions of the figures in docs/secret-ballot.md: six ecMul (36,000 gas) per option, two per
      // value of the rule and three more (G, K, the first weight being 1) in the batch check, plus the assembly
      // verifier's bookkeeping (253,009 and 45,034 an option measured); four ecMul per share. The bounds leave room
      // for coverage's instrumentation (about 5% before the batch check).
      expect(figures["ballot.options5"]).to.be.below(275_000n);
      expect(figures["ballot.options5"] - figures["ballot.options2"]).to.be.below(3n * 50_000n);
      expect(figures["share.options5"]).to.be.below(190_000n);
    });
  });
});

/** A sample ciphertext of the tally for the share measurement. */
function encrypt5(option: number): Ciphertext {
  return prepareBallot({ poll: single, options: [option], ...voter }).ballot.ciphertexts[option];
}

/** The harness's returned ciphertexts as plain words. */
function toWords(result: readonly { a: { x: bigint; y: bigint }; b: { x: bigint; y: bigint } }[]) {
  return result.map((c) => ({ a: { x: c.a.x, y: c.a.y }, b: { x: c.b.x, y: c.b.y } }));
}

/** A tag as the bytes32 the harness takes. */
function toBytes32(value: bigint): string {
  return `0x${value.toString(16).padStart(64, "0")}`;
}
