/**
 * Secret polls on the deployed suite: four registered voters, a public poll and a secret single-choice poll of five
 * options with three trustees and a quorum of two, then the ceremony run by the trustees on chain.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { computeCensus, readCitizenChanges } from "../../src/elections/index.js";
import { runTrusteeCeremonies } from "../../src/elections/trustee-ceremony.js";
import {
  announcementArguments,
  type Ceremony,
  createCeremony,
  dealingArguments,
  dealShares,
  type EncryptedShare,
  generateTrustee,
  type SecretPoll,
  type TrusteeAnnouncement,
  type TrusteeSecret,
} from "../../src/elections/secret/index.js";
import { ISecretPolls__factory } from "../../types/ethers-contracts/index.js";
import { fixedIdentity } from "../helpers/ballots.js";
import { deploySuite } from "../helpers/fixture.js";

export const REVIEW = 2 * 24 * 3600;
export const WEEK = 7 * 24 * 3600;
export const TOWN = 4101;
const ADULT = 1;
const RESIDENT = 2;
const BASIS = id("civil status record");
export const VOTERS = ["ada", "bo", "cy", "di"] as const;
export const SingleChoice = 0;
export const OPTIONS = 5;

/** The suite, the voters, a public poll (1) and a secret poll (2) with its trustees. */
export async function secretPollFixture(connection: NetworkConnection) {
  const { ethers, networkHelpers } = connection;
  const suite = await deploySuite(connection);
  const { accounts } = suite;
  const registrar = suite.citizens.connect(accounts.civilRegistrar);
  for (const label of VOTERS) {
    await registrar.registerCitizen(
      id(`citizen ${label}`),
      TOWN,
      ADULT | RESIDENT,
      fixedIdentity(label).commitment,
      BASIS,
    );
  }
  const changes = await readCitizenChanges({ provider: ethers.provider, registry: await suite.citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
  const officer = suite.elections.connect(accounts.electionOfficer);
  const opensAt = (await networkHelpers.time.latest()) + REVIEW + 60;
  const closesAt = opensAt + WEEK;
  const base = {
    metadataHash: id("question and options"),
    rule: SingleChoice,
    optionCount: OPTIONS,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt,
    budget: 0n,
    costs: [] as bigint[],
    census: {
      jurisdiction: TOWN,
      requiredFlags: ADULT,
      size: census.size,
      sequence: census.sequence,
      depth: 2,
      root: census.root,
    },
  };
  await officer.createPoll(base);
  const trusteeSigners: HardhatEthersSigner[] = [accounts.alice, accounts.bob, accounts.carol];
  const trusteeAddresses = trusteeSigners.map((s) => s.address);
  await officer.createSecretPoll(base, trusteeAddresses, 2);
  const pollId = 2n;
  const address = await suite.elections.getAddress();
  const secret = ISecretPolls__factory.connect(address, accounts.outsider);
  const location = { chainId: (await ethers.provider.getNetwork()).chainId, contract: address, pollId };
  const ceremony = createCeremony({ location, trustees: 3, quorum: 2 });
  const generated = [1, 2, 3].map((index) => generateTrustee({ ceremony, index }));
  const secrets: TrusteeSecret[] = generated.map((g) => g.secret);
  const announcements: TrusteeAnnouncement[] = generated.map((g) => g.announcement);
  const [announceUntil, dealUntil, complainUntil] = await secret.ceremonyWindows(pollId);
  const scope = await suite.elections.pollScope(pollId);
  return {
    ...suite,
    officer,
    census,
    base,
    opensAt,
    closesAt,
    pollId,
    secret,
    trusteeSigners,
    trusteeAddresses,
    ceremony,
    secrets,
    announcements,
    windows: { announceUntil: Number(announceUntil), dealUntil: Number(dealUntil), opensAt: Number(complainUntil) },
    scope,
  };
}

export type SecretPollFixture = Awaited<ReturnType<typeof secretPollFixture>>;

/** Trustee `index` (1 … 3) announces on chain. */
export async function announce(f: SecretPollFixture, index: number) {
  const args = announcementArguments(f.announcements[index - 1]!);
  return f.secret
    .connect(f.trusteeSigners[index - 1]!)
    .announceTrustee(f.pollId, args.commitments, args.transportKey, args.coefficientProof, args.transportProof);
}

/** Every share dealt by every trustee, honestly. */
export function dealtShares(f: SecretPollFixture): EncryptedShare[] {
  return f.secrets.flatMap((secret) => dealShares(f.ceremony, secret, f.announcements));
}

/** Trustee `dealer` deals `shares` (its own) on chain. */
export async function deal(f: SecretPollFixture, dealer: number, shares: readonly EncryptedShare[]) {
  const args = dealingArguments(3, dealer, shares);
  return f.secret.connect(f.trusteeSigners[dealer - 1]!).dealShares(f.pollId, args.ephemerals, args.masked);
}

/** The ceremony run honestly on chain and sealed at the opening: the poll as voters see it and the key shares. */
export async function sealedPollFixture(connection: NetworkConnection) {
  const { networkHelpers } = connection;
  const f = await secretPollFixture(connection);
  const [run] = await runTrusteeCeremonies({
    elections: await f.elections.getAddress(),
    pollIds: [f.pollId],
    trustees: f.trusteeSigners,
    quorum: 2,
    waitUntil: (timestamp) => networkHelpers.time.increaseTo(timestamp),
  });
  const poll: SecretPoll = {
    location: run!.ceremony.location,
    electionKey: run!.outcome.electionKey,
    rule: "SingleChoice",
    optionCount: OPTIONS,
    maxChoices: 0,
  };
  return { ...f, ...run!, poll };
}

export type SealedPollFixture = Awaited<ReturnType<typeof sealedPollFixture>>;

/** The ceremony's parameters as the tests build them. */
export type { Ceremony };
