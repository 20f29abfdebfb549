/**
 * A secret poll's whole key ceremony run from one process, every trustee's account and secret at hand: for
 * development chains, demonstrations, tests and benchmarks. A real ceremony runs each trustee on its own machine, its
 * secret in its own file (`elections trustee …`, `announceTrustee` and the other actions of `trustee.ts`).
 *
 * @module
 */
import type { ContractTransactionResponse, Signer } from "ethers";

import { ISecretPolls__factory } from "../contracts.js";
import { InvalidInputError } from "../errors.js";
import {
  type Ceremony,
  type CeremonyOutcome,
  combineKeyShare,
  concludeCeremony,
  createCeremony,
  dealShares,
  type EncryptedShare,
  generateTrustee,
  type TrusteeAnnouncement,
  type TrusteeSecret,
} from "./secret/ceremony.js";
import { announcementArguments, dealingArguments } from "./secret/chain.js";

/** Parameters of {@link runTrusteeCeremonies}. */
export interface RunTrusteeCeremoniesParameters {
  /** The Elections contract's address (the secret polls' functions are its own). */
  readonly elections: string;
  /** The polls, created together (their announcement windows still open) with the same trustees and quorum. */
  readonly pollIds: readonly bigint[];
  /** The polls' trustees' accounts, trustee 1 first, in the order the polls name them. */
  readonly trustees: readonly Signer[];
  /** The polls' quorum. */
  readonly quorum: number;
  /**
   * Returns once the chain's clock has reached `timestamp` (seconds): a development chain moves its clock, a live chain
   * waits. Called at the end of the announcements and at the end of the complaints (the polls' opening), with the
   * latest of the polls' window ends.
   */
  readonly waitUntil: (timestamp: number) => Promise<void>;
  /** Called with every transaction sent and what it does, before it is awaited (a demonstration prints it). */
  readonly onTransaction?: (description: string, sent: Promise<ContractTransactionResponse>) => Promise<unknown>;
}

/** What {@link runTrusteeCeremonies} returns for each poll: the sealed ceremony, every secret and key share. */
export interface TrusteeCeremonyRun {
  readonly pollId: bigint;
  readonly ceremony: Ceremony;
  readonly secrets: readonly TrusteeSecret[];
  readonly announcements: readonly TrusteeAnnouncement[];
  readonly shares: readonly EncryptedShare[];
  /** The qualified trustees, the election key and the verification keys, as the contract sealed them. */
  readonly outcome: CeremonyOutcome;
  /** The key share of every qualified trustee, by trustee number. */
  readonly keyShares: ReadonlyMap<number, bigint>;
}

/**
 * Runs the key ceremonies of secret polls on chain with honest trustees, the polls in step: every trustee announces
 * in every poll, then (the announcement windows over) deals, nobody complains, and the first trustee seals each
 * ceremony once the polls open. Call it right after the polls' creation. Throws {@link InvalidInputError} naming
 * `pollIds`, `trustees` or `quorum` when they cannot be the polls'; a transaction the contract refuses rejects with
 * its error.
 */
export async function runTrusteeCeremonies(parameters: RunTrusteeCeremoniesParameters): Promise<TrusteeCeremonyRun[]> {
  const { trustees, quorum, pollIds, waitUntil } = parameters;
  if (pollIds.length === 0) throw new InvalidInputError({ field: "pollIds", reason: "must name at least one poll" });
  if (trustees.length === 0)
    throw new InvalidInputError({ field: "trustees", reason: "must name the polls' trustees" });
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > trustees.length) {
    throw new InvalidInputError({ field: "quorum", reason: `must be between 1 and the ${trustees.length} trustees` });
  }
  const provider = trustees[0]!.provider;
  if (provider === null) throw new InvalidInputError({ field: "trustees", reason: "must be connected to a provider" });
  const secret = ISecretPolls__factory.connect(parameters.elections, provider);
  const send = async (description: string, sent: Promise<ContractTransactionResponse>) => {
    await parameters.onTransaction?.(description, sent);
    await (await sent).wait();
  };
  const { chainId } = await provider.getNetwork();
  const polls = pollIds.map((pollId) => {
    const ceremony = createCeremony({
      location: { chainId, contract: parameters.elections, pollId },
      trustees: trustees.length,
      quorum,
    });
    const generated = trustees.map((_, i) => generateTrustee({ ceremony, index: i + 1 }));
    return {
      pollId,
      ceremony,
      secrets: generated.map((g) => g.secret),
      announcements: generated.map((g) => g.announcement),
    };
  });
  for (const { pollId, announcements } of polls) {
    for (const [i, trustee] of trustees.entries()) {
      const args = announcementArguments(announcements[i]!);
      await send(
        `trustee ${i + 1} announces its commitments and transport key in poll ${pollId}, with proofs of knowledge`,
        secret
          .connect(trustee)
          .announceTrustee(pollId, args.commitments, args.transportKey, args.coefficientProof, args.transportProof),
      );
    }
  }
  const windows = await Promise.all(pollIds.map((pollId) => secret.ceremonyWindows(pollId)));
  await waitUntil(Math.max(...windows.map(([announceUntil]) => Number(announceUntil))));
  const dealt = polls.map((poll) => ({
    ...poll,
    shares: poll.secrets.flatMap((s) => dealShares(poll.ceremony, s, poll.announcements)),
  }));
  for (const { pollId, shares } of dealt) {
    for (const [i, trustee] of trustees.entries()) {
      const args = dealingArguments(trustees.length, i + 1, shares);
      await send(
        `trustee ${i + 1} deals its shares in poll ${pollId}, each encrypted to another trustee and published`,
        secret.connect(trustee).dealShares(pollId, args.ephemerals, args.masked),
      );
    }
  }
  await waitUntil(Math.max(...windows.map(([, , complainUntil]) => Number(complainUntil))));
  for (const { pollId } of dealt) {
    await send(
      `the ceremony of poll ${pollId} is sealed as the poll opens: the election key is fixed`,
      secret.connect(trustees[0]!).sealCeremony(pollId),
    );
  }
  return dealt.map((poll) => {
    const { ceremony, secrets, announcements, shares } = poll;
    const outcome = concludeCeremony({ ceremony, announcements, shares, complaints: [] });
    const keyShares = new Map(
      outcome.qualified.map((j) => [
        j,
        combineKeyShare({ ceremony, secret: secrets[j - 1]!, outcome, shares, announcements }),
      ]),
    );
    return { ...poll, outcome, keyShares };
  });
}
