import {
  type Ceremony,
  type CeremonyOutcome,
  type Ciphertext,
  combineKeyShare,
  type Complaint,
  concludeCeremony,
  createCeremony,
  dealShares,
  decodeSecretBallot,
  encodeCount,
  encrypt,
  type EncryptedShare,
  Fr,
  G,
  generateTrustee,
  hashToScalar,
  hashWords,
  O,
  type PollLocation,
  pollBase,
  type PointWords,
  proveRange,
  randomScalar,
  type RangeProofWords,
  type SecretBallot,
  type SecretBallotWords,
  type SecretPoll,
  sumCiphertexts,
  TAGS,
  type TrusteeAnnouncement,
  type TrusteeSecret,
  verifySecretBallot,
} from "../../src/elections/secret/index.js";

/** A location that no chain holds, for the tests that run without one. */
export const OFFLINE_LOCATION: PollLocation = {
  chainId: 31337n,
  contract: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
  pollId: 7n,
};

/** A whole ceremony: every trustee's secret and announcement, every dealt share, the outcome and the key shares. */
export interface CeremonyRun {
  readonly ceremony: Ceremony;
  readonly secrets: readonly TrusteeSecret[];
  readonly announcements: readonly TrusteeAnnouncement[];
  readonly shares: readonly EncryptedShare[];
  readonly complaints: readonly Complaint[];
  readonly outcome: CeremonyOutcome;
  /** Key shares of the qualified trustees, by trustee number. */
  readonly keyShares: ReadonlyMap<number, bigint>;
}

/** Options of {@link runCeremony}: trustees, quorum, and ways to misbehave. */
export interface RunCeremonyOptions {
  readonly location?: PollLocation;
  readonly trustees: number;
  readonly quorum: number;
  /** Alters the shares after dealing (a cheating dealer). */
  readonly tamper?: (shares: EncryptedShare[]) => EncryptedShare[];
  /** The complaints the trustees make, given everything dealt. */
  readonly complaints?: (run: Omit<CeremonyRun, "outcome" | "keyShares" | "complaints">) => Complaint[];
}

/** Runs the key ceremony among honest (or, through the options, cheating) trustees. */
export function runCeremony(options: RunCeremonyOptions): CeremonyRun {
  const ceremony = createCeremony({
    location: options.location ?? OFFLINE_LOCATION,
    trustees: options.trustees,
    quorum: options.quorum,
  });
  const generated = Array.from({ length: options.trustees }, (_, i) => generateTrustee({ ceremony, index: i + 1 }));
  const secrets = generated.map((g) => g.secret);
  const announcements = generated.map((g) => g.announcement);
  const dealt = secrets.flatMap((secret) => dealShares(ceremony, secret, announcements));
  const shares = options.tamper ? options.tamper(dealt) : dealt;
  const complaints = options.complaints?.({ ceremony, secrets, announcements, shares }) ?? [];
  const outcome = concludeCeremony({ ceremony, announcements, shares, complaints });
  const keyShares = new Map<number, bigint>();
  for (const j of outcome.qualified) {
    const secret = secrets[j - 1];
    keyShares.set(j, combineKeyShare({ ceremony, secret, outcome, shares, announcements }));
  }
  return { ceremony, secrets, announcements, shares, complaints, outcome, keyShares };
}

/** A secret poll under a ceremony's election key. */
export function secretPoll(run: CeremonyRun, parameters: Partial<SecretPoll> = {}): SecretPoll {
  return {
    location: run.ceremony.location,
    electionKey: run.outcome.electionKey,
    rule: "SingleChoice",
    optionCount: 5,
    maxChoices: 0,
    ...parameters,
  };
}

/**
 * A ballot a cheating device builds: each option encrypts `values[i]` (any integer), its 0/1 proof claims
 * `claims[i]` (default: the value clamped to 0 or 1), and the rule proof claims `ruleClaim` over `lo … hi`. Every proof
 * is made with the true randomness, so only the false claims can make it fail.
 */
export function forgeBallot(parameters: {
  readonly poll: SecretPoll;
  readonly values: readonly bigint[];
  readonly claims?: readonly number[];
  readonly ruleClaim: number;
  readonly lo: number;
  readonly hi: number;
  readonly nullifier: bigint;
  readonly revision: bigint;
}): SecretBallot {
  const { poll, values, nullifier, revision } = parameters;
  const key = poll.electionKey;
  const base = pollBase(poll.location, key);
  const encrypted = values.map((value) => encrypt({ key, value }));
  const ciphertexts: Ciphertext[] = encrypted.map((e) => e.ciphertext);
  const prefix = (index: number) => [base, TAGS.range, nullifier, revision, index];
  const optionProofs = encrypted.map((e, i) =>
    proveRange({
      key,
      ciphertext: e.ciphertext,
      lo: 0,
      hi: 1,
      value: parameters.claims?.[i] ?? (values[i] > 0n ? 1 : 0),
      randomness: e.randomness,
      prefix: prefix(i),
    }),
  );
  const randomness = encrypted.reduce((sum, e) => Fr.add(sum, e.randomness), 0n);
  const ruleProof = proveRange({
    key,
    ciphertext: sumCiphertexts(ciphertexts),
    lo: parameters.lo,
    hi: parameters.hi,
    value: parameters.ruleClaim,
    randomness,
    prefix: prefix(values.length),
  });
  return { ciphertexts, optionProofs, ruleProof };
}

/**
 * A single-choice ballot of option `chosen` whose 0/1 proof of option `target` is made by a cheating prover: its two
 * branches' first equations are off, by `+δ·G` in the simulated branch and `−δ·G` in the real one, while the challenge
 * shares still sum to the hash. A verifier that added the equations with equal weights would accept it. With `delta`
 * 0 the proof is honest; with `nonce` 0 too, the real branch's commitments are the point at infinity.
 */
export function forgeCancelling(parameters: {
  readonly poll: SecretPoll;
  readonly chosen: number;
  readonly target: number;
  readonly nullifier: bigint;
  readonly revision: bigint;
  readonly delta?: bigint;
  readonly nonce?: bigint;
}): SecretBallot {
  const { poll, chosen, target, nullifier, revision } = parameters;
  const times = (point: typeof G, k: bigint) => (k === 0n ? O : point.multiply(k));
  const key = poll.electionKey;
  const base = pollBase(poll.location, key);
  const prefix = (index: number) => [base, TAGS.range, nullifier, revision, index];
  const encrypted = Array.from({ length: poll.optionCount }, (_, i) => encrypt({ key, value: i === chosen ? 1n : 0n }));
  const ciphertexts = encrypted.map((e) => e.ciphertext);
  const optionProofs = encrypted.map((e, i) => {
    const value = i === chosen ? 1 : 0;
    if (i !== target) {
      return proveRange({
        key,
        ciphertext: e.ciphertext,
        lo: 0,
        hi: 1,
        value,
        randomness: e.randomness,
        prefix: prefix(i),
      });
    }
    const { a, b } = e.ciphertext;
    const fake = 1 - value;
    const [cFake, zFake] = [randomScalar(), randomScalar()];
    const delta = parameters.delta ?? randomScalar();
    const nonce = parameters.nonce ?? randomScalar();
    const commitments = [G, G, G, G];
    commitments[2 * fake] = G.multiply(zFake).subtract(a.multiply(cFake)).subtract(times(G, delta));
    commitments[2 * fake + 1] = key.multiply(zFake).subtract(b.subtract(encodeCount(fake)).multiply(cFake));
    commitments[2 * value] = times(G, nonce).add(times(G, delta));
    commitments[2 * value + 1] = times(key, nonce);
    const total = hashToScalar([...prefix(i), 0, 1, a, b, ...commitments]);
    const cReal = Fr.sub(total, cFake);
    const zReal = Fr.add(nonce, Fr.mul(cReal, e.randomness));
    return {
      commitments,
      challenges: value === 0 ? [cReal, cFake] : [cFake, cReal],
      responses: value === 0 ? [zReal, zFake] : [zFake, zReal],
    };
  });
  const ruleProof = proveRange({
    key,
    ciphertext: sumCiphertexts(ciphertexts),
    lo: 1,
    hi: 1,
    value: 1,
    randomness: encrypted.reduce((sum, e) => Fr.add(sum, e.randomness), 0n),
    prefix: prefix(poll.optionCount),
  });
  return { ciphertexts, optionProofs, ruleProof };
}

/** A range proof's words with one change. */
function withProof(proof: RangeProofWords, change: Partial<RangeProofWords>): RangeProofWords {
  return { ...proof, ...change };
}

/** `list` with `item` at `index`. */
function replaced<T>(list: readonly T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

const ORDER = Fr.ORDER;
const OFF_CURVE: PointWords = { x: 1n, y: 3n };
const GENERATOR: PointWords = { x: 1n, y: 2n };

/**
 * Every way the tests tamper with an honest single-choice ballot's words (`honest`, made for `nullifier` and
 * `revision`), each of which the contract and the TypeScript verifier must refuse. `others` are honest ballots for the
 * same poll: another of the same voter and revision, one of another nullifier, and one of the next revision.
 */
export function tamperedBallots(
  honest: SecretBallotWords,
  others: {
    readonly sameVoter: SecretBallotWords;
    readonly otherNullifier: SecretBallotWords;
    readonly nextRevision: SecretBallotWords;
  },
): { readonly what: string; readonly words: SecretBallotWords }[] {
  const [first, second, third, fourth] = honest.optionProofs as [
    RangeProofWords,
    RangeProofWords,
    RangeProofWords,
    RangeProofWords,
  ];
  const rule = honest.ruleProof;
  const option = (index: number, proof: RangeProofWords) => ({
    ...honest,
    optionProofs: replaced(honest.optionProofs, index, proof),
  });
  const [c0, c1] = first.challenges as [bigint, bigint];
  return [
    {
      what: "an option's commitment off the curve",
      words: option(0, withProof(first, { commitments: replaced(first.commitments, 0, OFF_CURVE) })),
    },
    {
      what: "a rule commitment off the curve",
      words: { ...honest, ruleProof: withProof(rule, { commitments: replaced(rule.commitments, 1, OFF_CURVE) }) },
    },
    {
      what: "a commitment replaced by another valid point",
      words: option(1, withProof(second, { commitments: replaced(second.commitments, 2, GENERATOR) })),
    },
    {
      what: "a commitment replaced by the point at infinity",
      words: option(1, withProof(second, { commitments: replaced(second.commitments, 3, { x: 0n, y: 0n }) })),
    },
    {
      what: "a rule commitment replaced by another valid point",
      words: { ...honest, ruleProof: withProof(rule, { commitments: replaced(rule.commitments, 0, GENERATOR) }) },
    },
    {
      what: "a response raised by r",
      words: option(2, withProof(third, { responses: replaced(third.responses, 1, third.responses[1]! + ORDER) })),
    },
    {
      what: "a challenge share raised by r",
      words: option(
        3,
        withProof(fourth, { challenges: replaced(fourth.challenges, 0, fourth.challenges[0]! + ORDER) }),
      ),
    },
    {
      what: "a rule response raised by r",
      words: { ...honest, ruleProof: withProof(rule, { responses: [rule.responses[0]! + ORDER] }) },
    },
    {
      what: "challenge shares that do not sum to the challenge",
      words: option(0, withProof(first, { challenges: [Fr.add(c0, 1n), c1] })),
    },
    {
      what: "challenge shares moved between branches",
      words: option(0, withProof(first, { challenges: [Fr.add(c0, 1n), Fr.sub(c1, 1n)] })),
    },
    { what: "the option proofs of another ballot", words: { ...honest, optionProofs: others.sameVoter.optionProofs } },
    { what: "the rule proof of another ballot", words: { ...honest, ruleProof: others.sameVoter.ruleProof } },
    { what: "a whole ballot made for another nullifier", words: others.otherNullifier },
    { what: "a whole ballot made for another revision", words: others.nextRevision },
    {
      what: "two options swapped with their proofs",
      words: {
        ...honest,
        ciphertexts: [honest.ciphertexts[1]!, honest.ciphertexts[0]!, ...honest.ciphertexts.slice(2)],
        optionProofs: [second, first, ...honest.optionProofs.slice(2)],
      },
    },
  ];
}

/** Whether the TypeScript side refuses a ballot's words: a point it cannot decode, or a proof that fails. */
export function refusedOffChain(
  poll: SecretPoll,
  words: SecretBallotWords,
  context: { nullifier: bigint; revision: bigint },
): boolean {
  let ballot: SecretBallot;
  try {
    ballot = decodeSecretBallot(words);
  } catch {
    return true;
  }
  return !verifySecretBallot({ poll, ballot, ...context });
}

/** A ballot's words as the contract's mutable structs. */
export function ballotStructs(words: SecretBallotWords) {
  const proof = (p: RangeProofWords) => ({
    commitments: p.commitments.map(({ x, y }) => ({ x, y })),
    challenges: [...p.challenges],
    responses: [...p.responses],
  });
  return {
    ciphertexts: words.ciphertexts.map((c) => ({ a: { x: c.a.x, y: c.a.y }, b: { x: c.b.x, y: c.b.y } })),
    optionProofs: words.optionProofs.map(proof),
    ruleProof: proof(words.ruleProof),
  };
}

/** The digest of a ballot's ciphertext words, as the contract computes it (points not checked). */
export function digestOfWords(words: SecretBallotWords, revision: bigint): bigint {
  return hashWords([TAGS.ballot, revision, ...words.ciphertexts.flatMap((c) => [c.a.x, c.a.y, c.b.x, c.b.y])]);
}
