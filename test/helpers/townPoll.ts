/**
 * The elections fixture the relay and send-path tests share: the test suite with its citizen register and Elections
 * contract in the deployment record, voters registered in one town, and single-choice polls with re-voting open on
 * the town's census.
 */
import { id } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { censusDepth, computeCensus, readCitizenChanges } from "../../src/elections/index.js";
import { recordSuite } from "./adminSuite.js";
import { fixedIdentity } from "./ballots.js";
import { deploySuite } from "./fixture.js";

/** The town the polls are held in, and the flag its voters must carry. */
export const TOWN = 4101;
export const ADULT = 1;

/** What {@link townPollFixture} sets up. */
export interface TownPollOptions {
  /** The labels of the voters registered in the town ({@link fixedIdentity} of each). */
  readonly voters: readonly string[];
  /** How many identical polls are created (numbered from 1). */
  readonly polls: number;
  /** The basis of each registration. */
  readonly basis?: string;
}

/** Deploys the suite, registers the voters, creates the polls and moves the clock to their opening. */
export async function townPollFixture(connection: NetworkConnection, options: TownPollOptions) {
  const { ethers, networkHelpers } = connection;
  const fixture = await recordSuite(connection, await deploySuite(connection), { elections: true });
  const { accounts } = fixture;
  const registrar = fixture.citizens.connect(accounts.civilRegistrar);
  for (const label of options.voters) {
    const basis = id(options.basis ?? "basis");
    await registrar.registerCitizen(id(`citizen ${label}`), TOWN, ADULT, fixedIdentity(label).commitment, basis);
  }
  const changes = await readCitizenChanges({
    provider: ethers.provider,
    registry: await fixture.citizens.getAddress(),
  });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
  const opensAt = (await networkHelpers.time.latest()) + Number(await fixture.elections.reviewPeriod()) + 60;
  const poll = {
    metadataHash: id("question and options"),
    rule: 0,
    optionCount: 3,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt: opensAt + 7 * 24 * 3600,
    budget: 0n,
    costs: [] as bigint[],
    census: {
      jurisdiction: TOWN,
      requiredFlags: ADULT,
      size: census.size,
      sequence: census.sequence,
      depth: censusDepth(census.size),
      root: census.root,
    },
  };
  const officer = fixture.elections.connect(accounts.electionOfficer);
  for (let created = 0; created < options.polls; created++) await officer.createPoll(poll);
  await networkHelpers.time.increaseTo(opensAt);
  return { ...fixture, census, depth: BigInt(censusDepth(census.size)) };
}
