/**
 * The trustees' key ceremony of a secret poll (docs/secret-ballot.md §3): each trustee generates a polynomial and a
 * transport key, publishes Feldman commitments with Schnorr proofs, deals every other trustee a share encrypted to its
 * transport key, checks the shares it receives, and complains about a bad one with a proof that lets anyone judge the
 * complaint. The qualified trustees' commitments give the election key and every trustee's verification key; nobody
 * ever holds the election's secret key.
 *
 * @module
 */
import { InvalidInputError } from "../../errors.js";
import {
  ceremonyBase,
  Fr,
  G,
  hashToScalar,
  mulPublic,
  mulSecret,
  O,
  type Point,
  type PollLocation,
  randomScalar,
  TAGS,
} from "./group.js";
import { proveEquality, proveKnowledge, type SigmaProof, verifyEquality, verifyKnowledge } from "./proofs.js";

/** Most trustees a poll may name. */
export const MAX_TRUSTEES = 16;

/** A poll's ceremony: where it runs, how many trustees, the quorum, and the base hash `Qc`. */
export interface Ceremony {
  readonly location: PollLocation;
  /** `n`, the number of trustees, numbered 1 … n. */
  readonly trustees: number;
  /** `t`, how many trustees open the tally. */
  readonly quorum: number;
  /** `Qc`, bound into every proof of the ceremony. */
  readonly base: bigint;
}

/** Parameters of {@link createCeremony}. */
export interface CreateCeremonyParameters {
  readonly location: PollLocation;
  readonly trustees: number;
  readonly quorum: number;
}

/** A ceremony's parameters, checked. Throws {@link InvalidInputError} naming `trustees` or `quorum`. */
export function createCeremony({ location, trustees, quorum }: CreateCeremonyParameters): Ceremony {
  if (!Number.isSafeInteger(trustees) || trustees < 1 || trustees > MAX_TRUSTEES) {
    throw new InvalidInputError({ field: "trustees", reason: `must be between 1 and ${MAX_TRUSTEES}` });
  }
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > trustees) {
    throw new InvalidInputError({ field: "quorum", reason: `must be between 1 and the ${trustees} trustees` });
  }
  return { location, trustees, quorum, base: ceremonyBase(location, trustees, quorum) };
}

/** What a trustee keeps to itself: its polynomial's coefficients and its transport secret. */
export interface TrusteeSecret {
  /** The trustee's number, 1 … n. */
  readonly index: number;
  /** `a_{i,0} … a_{i,t−1}`. */
  readonly coefficients: readonly bigint[];
  /** `e_i`. */
  readonly transportSecret: bigint;
}

/** Message 1: what a trustee publishes first. */
export interface TrusteeAnnouncement {
  readonly index: number;
  /** Feldman commitments `A_{i,k} = a_{i,k}·G`, `k = 0 … t−1`. */
  readonly commitments: readonly Point[];
  /** `E_i = e_i·G`, to which shares are encrypted. */
  readonly transportKey: Point;
  /** Knowledge of `a_{i,0}`. */
  readonly coefficientProof: SigmaProof;
  /** Knowledge of `e_i`. */
  readonly transportProof: SigmaProof;
}

/** Message 2: dealer `i`'s share for trustee `j`, encrypted to `E_j`. */
export interface EncryptedShare {
  readonly dealer: number;
  readonly recipient: number;
  /** `R = ρ·G`. */
  readonly ephemeral: Point;
  /** `ε = f_i(j) + pad`. */
  readonly masked: bigint;
}

/** Message 3: trustee `j`'s complaint that dealer `i`'s share does not match its commitments. */
export interface Complaint {
  readonly dealer: number;
  readonly recipient: number;
  /** `P = e_j·R`, which lets anyone decrypt the share. */
  readonly sharedPoint: Point;
  /** That `log_G E_j = log_R P`. */
  readonly proof: SigmaProof;
}

/** Throws unless `index` names a trustee of the ceremony. */
function checkIndex(ceremony: Ceremony, index: number, field: string): void {
  if (!Number.isSafeInteger(index) || index < 1 || index > ceremony.trustees) {
    throw new InvalidInputError({
      field,
      reason: `${index} is not a trustee number between 1 and ${ceremony.trustees}`,
    });
  }
}

/** Parameters of {@link generateTrustee}. */
export interface GenerateTrusteeParameters {
  readonly ceremony: Ceremony;
  /** The trustee's number, 1 … n, in the order the poll names them. */
  readonly index: number;
}

/** Generates a trustee's secrets and its announcement (message 1). */
export function generateTrustee({ ceremony, index }: GenerateTrusteeParameters): {
  secret: TrusteeSecret;
  announcement: TrusteeAnnouncement;
} {
  checkIndex(ceremony, index, "index");
  const coefficients = Array.from({ length: ceremony.quorum }, () => randomScalar());
  const transportSecret = randomScalar();
  const commitments = coefficients.map((a) => mulSecret(G, a));
  const transportKey = mulSecret(G, transportSecret);
  const announcement: TrusteeAnnouncement = {
    index,
    commitments,
    transportKey,
    coefficientProof: proveKnowledge(coefficients[0], commitments[0], [ceremony.base, TAGS.coefficient, index]),
    transportProof: proveKnowledge(transportSecret, transportKey, [ceremony.base, TAGS.transport, index]),
  };
  return { secret: { index, coefficients, transportSecret }, announcement };
}

/** Whether an announcement is well formed: `t` commitments, no point at infinity, both proofs valid. */
export function verifyAnnouncement(ceremony: Ceremony, announcement: TrusteeAnnouncement): boolean {
  const { index, commitments, transportKey } = announcement;
  if (!Number.isSafeInteger(index) || index < 1 || index > ceremony.trustees) return false;
  if (commitments.length !== ceremony.quorum) return false;
  if (commitments.some((point) => point.is0()) || transportKey.is0()) return false;
  return (
    verifyKnowledge(commitments[0], [ceremony.base, TAGS.coefficient, index], announcement.coefficientProof) &&
    verifyKnowledge(transportKey, [ceremony.base, TAGS.transport, index], announcement.transportProof)
  );
}

/** `f(x) = Σ a_k xᵏ` at a trustee's number. */
export function evaluatePolynomial(coefficients: readonly bigint[], x: number): bigint {
  return coefficients.reduceRight((acc, a) => Fr.add(Fr.mul(acc, BigInt(x)), a), 0n);
}

/** `Σ_k xᵏ·A_k`: what `f(x)·G` must be, from the commitments alone. */
export function evaluateCommitments(commitments: readonly Point[], x: number): Point {
  return commitments.reduceRight((acc, point) => mulPublic(acc, BigInt(x)).add(point), O);
}

/** The one-time pad of a share: `Hs(Qc, TAG("pad"), i, j, R, P)`. */
function sharePad(ceremony: Ceremony, dealer: number, recipient: number, ephemeral: Point, shared: Point): bigint {
  return hashToScalar([ceremony.base, TAGS.pad, dealer, recipient, ephemeral, shared]);
}

/** Encrypts `f_i(j)` to trustee `j`'s transport key. */
export function encryptShare(
  ceremony: Ceremony,
  secret: TrusteeSecret,
  recipient: TrusteeAnnouncement,
): EncryptedShare {
  checkIndex(ceremony, recipient.index, "recipient");
  const value = evaluatePolynomial(secret.coefficients, recipient.index);
  const rho = randomScalar();
  const ephemeral = mulSecret(G, rho);
  const pad = sharePad(ceremony, secret.index, recipient.index, ephemeral, mulSecret(recipient.transportKey, rho));
  return { dealer: secret.index, recipient: recipient.index, ephemeral, masked: Fr.add(value, pad) };
}

/** Message 2 for every other announced trustee. */
export function dealShares(
  ceremony: Ceremony,
  secret: TrusteeSecret,
  announcements: readonly TrusteeAnnouncement[],
): EncryptedShare[] {
  return announcements
    .filter((announcement) => announcement.index !== secret.index)
    .map((announcement) => encryptShare(ceremony, secret, announcement));
}

/** What a trustee learns from a share sent to it. */
export interface OpenedShare {
  /** The decrypted `f_i(j)`. */
  readonly value: bigint;
  /** Whether it matches the dealer's commitments. */
  readonly valid: boolean;
}

/** Decrypts a share sent to `secret`'s trustee and checks it against the dealer's commitments. */
export function openShare(
  ceremony: Ceremony,
  secret: TrusteeSecret,
  share: EncryptedShare,
  dealer: TrusteeAnnouncement,
): OpenedShare {
  if (share.recipient !== secret.index || share.dealer !== dealer.index) {
    throw new InvalidInputError({ field: "share", reason: "is not from this dealer to this trustee" });
  }
  const shared = mulSecret(share.ephemeral, secret.transportSecret);
  const value = Fr.sub(share.masked, sharePad(ceremony, share.dealer, share.recipient, share.ephemeral, shared));
  return { value, valid: mulPublic(G, value).equals(evaluateCommitments(dealer.commitments, secret.index)) };
}

/** Message 3: the complaint of `secret`'s trustee against the dealer of `share`, with its proof. */
export function complain(ceremony: Ceremony, secret: TrusteeSecret, share: EncryptedShare): Complaint {
  const { dealer, recipient, ephemeral } = share;
  const transportKey = mulSecret(G, secret.transportSecret);
  const sharedPoint = mulSecret(ephemeral, secret.transportSecret);
  const prefix = [ceremony.base, TAGS.complaint, dealer, recipient, transportKey, ephemeral, sharedPoint];
  const proof = proveEquality(
    secret.transportSecret,
    { g1: G, h1: transportKey, g2: ephemeral, h2: sharedPoint },
    prefix,
  );
  return { dealer, recipient, sharedPoint, proof };
}

/** How a complaint is judged (docs/secret-ballot.md §3.4). */
export type ComplaintVerdict = "upheld" | "dismissed" | "malformed";

/**
 * Judges a complaint from public data alone: the complaint, the share it is about, and the two trustees'
 * announcements. `upheld` names the dealer as cheating; `dismissed` shows the share was good (the complaint was false);
 * `malformed` when the proof fails or the pieces do not belong together.
 */
export function judgeComplaint(
  ceremony: Ceremony,
  complaint: Complaint,
  share: EncryptedShare,
  dealer: TrusteeAnnouncement,
  recipient: TrusteeAnnouncement,
): ComplaintVerdict {
  const { dealer: i, recipient: j, sharedPoint } = complaint;
  if (share.dealer !== i || share.recipient !== j || dealer.index !== i || recipient.index !== j) return "malformed";
  const prefix = [ceremony.base, TAGS.complaint, i, j, recipient.transportKey, share.ephemeral, sharedPoint];
  const statement = { g1: G, h1: recipient.transportKey, g2: share.ephemeral, h2: sharedPoint };
  if (!verifyEquality(statement, prefix, complaint.proof)) return "malformed";
  const value = Fr.sub(share.masked, sharePad(ceremony, i, j, share.ephemeral, sharedPoint));
  return mulPublic(G, value).equals(evaluateCommitments(dealer.commitments, j)) ? "dismissed" : "upheld";
}

/** Why a trustee left the ceremony. */
export type ExclusionReason =
  "no-announcement" | "bad-announcement" | "missing-shares" | "bad-share" | "false-complaint";

/** What the published messages of a ceremony add up to. */
export interface CeremonyOutcome {
  /** The qualified trustees, in increasing order. */
  readonly qualified: readonly number[];
  /** Every excluded trustee with its reason. */
  readonly excluded: ReadonlyMap<number, ExclusionReason>;
  /** Whether at least `t` trustees qualified and the key is not the point at infinity. */
  readonly complete: boolean;
  /** `K = Σ_{i∈QUAL} A_{i,0}`. */
  readonly electionKey: Point;
  /** `S_j` of every qualified trustee. */
  readonly verificationKeys: ReadonlyMap<number, Point>;
}

/** Parameters of {@link concludeCeremony}: every message published. */
export interface ConcludeCeremonyParameters {
  readonly ceremony: Ceremony;
  readonly announcements: readonly TrusteeAnnouncement[];
  readonly shares: readonly EncryptedShare[];
  readonly complaints: readonly Complaint[];
}

/** Computes the qualified set, the election key and the verification keys from the published messages. */
export function concludeCeremony({
  ceremony,
  announcements,
  shares,
  complaints,
}: ConcludeCeremonyParameters): CeremonyOutcome {
  const excluded = new Map<number, ExclusionReason>();
  const valid = new Map<number, TrusteeAnnouncement>();
  for (const announcement of announcements) {
    if (valid.has(announcement.index) || excluded.has(announcement.index)) continue;
    if (verifyAnnouncement(ceremony, announcement)) valid.set(announcement.index, announcement);
    else excluded.set(announcement.index, "bad-announcement");
  }
  for (let index = 1; index <= ceremony.trustees; index++) {
    if (!valid.has(index) && !excluded.has(index)) excluded.set(index, "no-announcement");
  }
  const shareOf = (dealer: number, recipient: number) =>
    shares.find((share) => share.dealer === dealer && share.recipient === recipient);
  for (const dealer of valid.keys()) {
    const dealtToAll = [...valid.keys()].every((recipient) => recipient === dealer || shareOf(dealer, recipient));
    if (!dealtToAll) excluded.set(dealer, "missing-shares");
  }
  for (const complaint of complaints) {
    const share = shareOf(complaint.dealer, complaint.recipient);
    const dealer = valid.get(complaint.dealer);
    const recipient = valid.get(complaint.recipient);
    if (share === undefined || dealer === undefined || recipient === undefined) continue;
    const verdict = judgeComplaint(ceremony, complaint, share, dealer, recipient);
    if (verdict === "upheld") excluded.set(complaint.dealer, "bad-share");
    if (verdict === "dismissed") excluded.set(complaint.recipient, "false-complaint");
  }
  const qualified = [...valid.keys()].filter((index) => !excluded.has(index)).sort((x, y) => x - y);
  const electionKey = qualified.reduce((sum, index) => sum.add(valid.get(index)!.commitments[0]), O);
  const verificationKeys = new Map<number, Point>();
  for (const j of qualified) {
    verificationKeys.set(
      j,
      qualified.reduce((sum, i) => sum.add(evaluateCommitments(valid.get(i)!.commitments, j)), O),
    );
  }
  const complete = qualified.length >= ceremony.quorum && !electionKey.is0();
  return { qualified, excluded, complete, electionKey, verificationKeys };
}

/** Parameters of {@link combineKeyShare}. */
export interface CombineKeyShareParameters {
  readonly ceremony: Ceremony;
  readonly secret: TrusteeSecret;
  /** The ceremony's outcome. */
  readonly outcome: CeremonyOutcome;
  /** The shares dealt to this trustee (by anyone; only the qualified dealers' count). */
  readonly shares: readonly EncryptedShare[];
  /** The qualified dealers' announcements. */
  readonly announcements: readonly TrusteeAnnouncement[];
}

/**
 * Trustee `j`'s key share `s_j = Σ_{i∈QUAL} f_i(j)`, checked against its verification key. Throws
 * {@link InvalidInputError} naming `shares` when a qualified dealer's share is missing or does not verify.
 */
export function combineKeyShare({
  ceremony,
  secret,
  outcome,
  shares,
  announcements,
}: CombineKeyShareParameters): bigint {
  const j = secret.index;
  if (!outcome.qualified.includes(j)) {
    throw new InvalidInputError({ field: "secret", reason: `trustee ${j} is not qualified` });
  }
  let keyShare = 0n;
  for (const i of outcome.qualified) {
    if (i === j) {
      keyShare = Fr.add(keyShare, evaluatePolynomial(secret.coefficients, j));
      continue;
    }
    const share = shares.find((s) => s.dealer === i && s.recipient === j);
    const dealer = announcements.find((a) => a.index === i);
    if (share === undefined || dealer === undefined) {
      throw new InvalidInputError({ field: "shares", reason: `no share from qualified dealer ${i}` });
    }
    const opened = openShare(ceremony, secret, share, dealer);
    if (!opened.valid) throw new InvalidInputError({ field: "shares", reason: `dealer ${i}'s share does not verify` });
    keyShare = Fr.add(keyShare, opened.value);
  }
  if (!mulPublic(G, keyShare).equals(outcome.verificationKeys.get(j) ?? O)) {
    throw new InvalidInputError({ field: "shares", reason: "the key share does not match the verification key" });
  }
  return keyShare;
}
