import {
  type Ceremony,
  type CeremonyOutcome,
  type Ciphertext,
  combineKeyShare,
  type Complaint,
  concludeCeremony,
  createCeremony,
  dealShares,
  encrypt,
  type EncryptedShare,
  Fr,
  generateTrustee,
  type PollLocation,
  pollBase,
  proveRange,
  type SecretBallot,
  type SecretPoll,
  sumCiphertexts,
  TAGS,
  type TrusteeAnnouncement,
  type TrusteeSecret,
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
