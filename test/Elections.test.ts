import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";
import { generateProof } from "@semaphore-protocol/proof";

import {
  ballotMessage,
  type BallotProof,
  buildBallotProof,
  computeCensus,
  Group,
  readCitizenChanges,
  readBallotEvents,
  recomputeTally,
  releaseProver,
  replayPolls,
  verifyBallotProof,
  verifyTally,
} from "../src/elections/index.js";
import { semaphoreCircuit } from "../src/elections/node.js";
import { Roles } from "../src/roles.js";
import { fixedIdentity, forgedProof, offline, proveBallot } from "./helpers/ballots.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const Rule = { SingleChoice: 0, Approval: 1, Budget: 2 } as const;
const State = { None: 0n, Review: 1n, Open: 2n, Ended: 3n, Closed: 4n, Cancelled: 5n } as const;
const ADULT = 1;
const RESIDENT = 2;
const TOWN = 4101;
const OTHER_TOWN = 4102;
const BASIS = id("civil registry extract");
const REVIEW = 2 * 24 * 3600;
const WEEK = 7 * 24 * 3600;
const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const VOTERS = ["ada", "bo", "cy", "di"] as const;
const key = (label: string) => id(`citizen ${label}`);

/** The message a promise rejects with; fails the test when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected a rejection");
}

/** Deploys the suite, registers four adult residents of the town and one of another, and creates three polls. */
async function pollsFixture() {
  const suite = await deploySuite(connection);
  const { accounts } = suite;
  const registrar = suite.citizens.connect(accounts.civilRegistrar);
  for (const label of VOTERS) {
    await registrar.registerCitizen(key(label), TOWN, ADULT | RESIDENT, fixedIdentity(label).commitment, BASIS);
  }
  await registrar.registerCitizen(key("eve"), OTHER_TOWN, ADULT, fixedIdentity("eve").commitment, BASIS);
  const changes = await readCitizenChanges({ provider: ethers.provider, registry: await suite.citizens.getAddress() });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
  const officer = suite.elections.connect(accounts.electionOfficer);
  const opensAt = (await time.latest()) + REVIEW + 60;
  const closesAt = opensAt + WEEK;
  const base = {
    metadataHash: id("question and options"),
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
  await officer.createPoll({ ...base, rule: Rule.SingleChoice, optionCount: 3 });
  await officer.createPoll({ ...base, rule: Rule.Approval, optionCount: 4, maxChoices: 2, revoting: false });
  await officer.createPoll({ ...base, rule: Rule.Budget, optionCount: 4, budget: 100n, costs: [40n, 30n, 50n, 20n] });
  const scopes = [0n, 1n, 2n, 3n].map((pollId) => (pollId === 0n ? 0n : 0n));
  for (const pollId of [1n, 2n, 3n]) scopes[Number(pollId)] = await suite.elections.pollScope(pollId);
  return { ...suite, registrar, officer, census, base, opensAt, closesAt, scopes };
}

type Fixture = Awaited<ReturnType<typeof pollsFixture>>;

/** The real proofs the tests use, generated once (each takes a second or two). */
interface Proofs {
  adaFirst: BallotProof; // poll 1, option 0
  adaAgain: BallotProof; // poll 1, option 2 (a re-vote)
  bo: BallotProof; // poll 1, option 0
  cy: BallotProof; // poll 2, options 0 and 3
  di: BallotProof; // poll 3, projects 0, 1 and 3 (cost 90 of 100)
}

describe("Elections", function () {
  let proofs: Proofs;
  let fetchCalls: readonly string[];

  before(async function () {
    this.timeout(300_000); // five real proofs: about ten seconds alone, more on a busy machine
    const f = await networkHelpers.loadFixture(pollsFixture);
    const members = f.census.members;
    const run = await offline(async () => ({
      adaFirst: await proveBallot({ identity: fixedIdentity("ada"), census: members, ballot: 1n, scope: f.scopes[1]! }),
      adaAgain: await proveBallot({
        identity: fixedIdentity("ada"),
        census: members,
        ballot: 4n,
        scope: f.scopes[1]!,
        revision: 2n,
      }),
      bo: await proveBallot({ identity: fixedIdentity("bo"), census: members, ballot: 1n, scope: f.scopes[1]! }),
      cy: await proveBallot({ identity: fixedIdentity("cy"), census: members, ballot: 9n, scope: f.scopes[2]! }),
      di: await proveBallot({ identity: fixedIdentity("di"), census: members, ballot: 11n, scope: f.scopes[3]! }),
    }));
    proofs = run.result;
    fetchCalls = run.fetchCalls;
  });

  after(async function () {
    await releaseProver();
  });

  async function open(): Promise<Fixture> {
    const f = await networkHelpers.loadFixture(pollsFixture);
    await time.increaseTo(f.opensAt);
    return f;
  }

  describe("offline proofs", function () {
    it("generates every proof from the packaged circuit files without reaching for the network", async function () {
      expect(fetchCalls).to.deep.equal([]);
      expect(await verifyBallotProof(proofs.adaFirst)).to.equal(true);
    });

    it("the network guard catches a generation that would download the circuit files", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const run = await offline(() =>
        generateProof(fixedIdentity("ada"), new Group([...f.census.members]), 1n, f.scopes[1]!).then(
          () => "generated",
          (error: Error) => error.message,
        ),
      );
      expect(run.fetchCalls.length).to.be.greaterThan(0);
      expect(run.result).to.not.equal("generated");
    });

    it("the SDK refuses to prove for an identity outside the census or at a depth too small", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const args = {
        census: f.census.members,
        ballot: 1n,
        revision: 1n,
        scope: f.scopes[1]!,
        depth: 2,
        circuit: semaphoreCircuit(2),
      };
      expect(await rejection(buildBallotProof({ ...args, identity: fixedIdentity("eve") }))).to.include(
        `identity: commitment ${fixedIdentity("eve").commitment} is not in the census`,
      );
      expect(await rejection(buildBallotProof({ ...args, identity: fixedIdentity("ada"), depth: 1 }))).to.include(
        "depth: must be an integer from 2 to 32, got 1",
      );
    });

    it("the SDK proves from the voter's Merkle path alone, and refuses a path of another member", async function () {
      this.timeout(120_000);
      const f = await networkHelpers.loadFixture(pollsFixture);
      const group = new Group([...f.census.members]);
      const ada = fixedIdentity("ada");
      const bo = fixedIdentity("bo");
      const path = group.generateMerkleProof(group.indexOf(ada.commitment));
      const proof = await proveBallot({ identity: ada, census: path, ballot: 1n, scope: f.scopes[1]!, depth: 2 });
      expect(proof.merkleTreeRoot).to.equal(f.census.root);
      expect(proof.nullifier).to.equal(proofs.adaFirst.nullifier);
      expect(await verifyBallotProof(proof)).to.equal(true);
      const args = {
        identity: ada,
        ballot: 1n,
        revision: 1n,
        scope: f.scopes[1]!,
        depth: 2,
        circuit: semaphoreCircuit(2),
      };
      expect(
        await rejection(buildBallotProof({ ...args, census: group.generateMerkleProof(group.indexOf(bo.commitment)) })),
      ).to.include(
        `census: the Merkle path is for leaf ${bo.commitment}, not for the identity's commitment ${ada.commitment}`,
      );
      expect(await rejection(buildBallotProof({ ...args, census: path, depth: 1 }))).to.include(
        "depth: must be an integer from 2 to 32, got 1",
      );
      await time.increaseTo(f.opensAt);
      await expect(f.elections.castBallot(1n, 1n, 1n, proof))
        .to.emit(f.elections, "BallotCast")
        .withArgs(1n, proof.nullifier, 1n, 0n, 1n);
    });
  });

  describe("creating a poll", function () {
    it("an election officer creates a poll; its census, rule and window are frozen as stated", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const p = await f.elections.poll(3n);
      expect(p.rule).to.equal(BigInt(Rule.Budget));
      expect(p.optionCount).to.equal(4n);
      expect(p.budget).to.equal(100n);
      expect(p.revoting).to.equal(true);
      expect(p.opensAt).to.equal(BigInt(f.opensAt));
      expect(p.closesAt).to.equal(BigInt(f.closesAt));
      expect(p.census.root).to.equal(f.census.root);
      expect(p.census.size).to.equal(4n);
      expect(p.census.sequence).to.equal(5n);
      expect(await f.elections.optionCosts(3n)).to.deep.equal([40n, 30n, 50n, 20n]);
      expect(await f.elections.pollCount()).to.equal(3n);
      expect(await f.elections.pollState(1n)).to.equal(State.Review);
      expect(await f.elections.reviewPeriod()).to.equal(BigInt(REVIEW));
      expect(await f.elections.verifier()).to.equal(f.semaphoreVerifier);
      expect(await f.elections.citizenRegistry()).to.equal(await f.citizens.getAddress());
      expect(await f.elections.version()).to.equal("1.0.0");
      const scope = BigInt(
        ethers.keccak256(
          ethers.AbiCoder.defaultAbiCoder().encode(
            ["uint256", "address", "uint256"],
            [(await ethers.provider.getNetwork()).chainId, await f.elections.getAddress(), 1n],
          ),
        ),
      );
      expect(f.scopes[1]).to.equal(scope);
    });

    it("the creation event carries every parameter, so that polls can be rebuilt from the logs", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const parameters = { ...f.base, rule: Rule.Budget, optionCount: 4, budget: 100n, costs: [40n, 30n, 50n, 20n] };
      parameters.opensAt = (await time.latest()) + REVIEW + 3600;
      parameters.closesAt = parameters.opensAt + WEEK;
      const tx = await f.officer.createPoll(parameters);
      const receipt = (await tx.wait())!;
      const parsed = f.elections.interface.parseLog(receipt.logs[0]!)!;
      expect(parsed.name).to.equal("PollCreated");
      expect(parsed.args.pollId).to.equal(4n);
      expect(parsed.args.officer).to.equal(f.accounts.electionOfficer.address);
      const p = parsed.args.parameters;
      expect([
        p.metadataHash,
        p.rule,
        p.optionCount,
        p.maxChoices,
        p.revoting,
        p.opensAt,
        p.closesAt,
        p.budget,
      ]).to.deep.equal([
        parameters.metadataHash,
        2n,
        4n,
        0n,
        true,
        BigInt(parameters.opensAt),
        BigInt(parameters.closesAt),
        100n,
      ]);
      expect([...p.costs]).to.deep.equal(parameters.costs);
      expect([...p.census]).to.deep.equal([BigInt(TOWN), BigInt(ADULT), 4n, 5n, 2n, f.census.root]);
    });

    it("only an election officer creates a poll", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      for (const account of [f.accounts.admin, f.accounts.civilRegistrar, f.accounts.outsider]) {
        await expect(f.elections.connect(account).createPoll({ ...f.base, rule: Rule.SingleChoice, optionCount: 2 }))
          .to.be.revertedWithCustomError(f.elections, "AccessManagedUnauthorized")
          .withArgs(account.address);
      }
    });

    it("refuses a poll whose parameters do not fit, naming the values", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const e = f.elections;
      const now = await time.latest();
      const ok = { ...f.base, rule: Rule.SingleChoice, optionCount: 2 };
      ok.opensAt = now + REVIEW + 3600;
      ok.closesAt = ok.opensAt + WEEK;
      const census = (changes: Partial<typeof ok.census>) => ({ ...ok, census: { ...ok.census, ...changes } });

      await expect(f.officer.createPoll({ ...ok, metadataHash: ethers.ZeroHash })).to.be.revertedWithCustomError(
        e,
        "ElectionsEmptyMetadata",
      );
      for (const optionCount of [0, 1, 33]) {
        await expect(f.officer.createPoll({ ...ok, optionCount }))
          .to.be.revertedWithCustomError(e, "ElectionsInvalidOptionCount")
          .withArgs(optionCount);
      }
      const badRules = [
        { rule: Rule.SingleChoice, maxChoices: 1, budget: 0n, costs: [] },
        { rule: Rule.SingleChoice, maxChoices: 0, budget: 5n, costs: [] },
        { rule: Rule.SingleChoice, maxChoices: 0, budget: 0n, costs: [1n, 1n] },
        { rule: Rule.Approval, maxChoices: 0, budget: 0n, costs: [] },
        { rule: Rule.Approval, maxChoices: 3, budget: 0n, costs: [] },
        { rule: Rule.Approval, maxChoices: 1, budget: 5n, costs: [] },
        { rule: Rule.Approval, maxChoices: 1, budget: 0n, costs: [1n, 1n] },
        { rule: Rule.Budget, maxChoices: 1, budget: 5n, costs: [1n, 1n] },
        { rule: Rule.Budget, maxChoices: 0, budget: 0n, costs: [1n, 1n] },
        { rule: Rule.Budget, maxChoices: 0, budget: 5n, costs: [1n] },
      ];
      for (const bad of badRules) {
        await expect(f.officer.createPoll({ ...ok, ...bad }))
          .to.be.revertedWithCustomError(e, "ElectionsInvalidRuleParameters")
          .withArgs(bad.rule, bad.maxChoices, bad.budget, bad.costs.length);
      }
      await expect(f.officer.createPoll({ ...ok, rule: Rule.Budget, budget: 5n, costs: [1n, 0n] }))
        .to.be.revertedWithCustomError(e, "ElectionsZeroCost")
        .withArgs(1);
      await expect(f.officer.createPoll(census({ size: 0 })))
        .to.be.revertedWithCustomError(e, "ElectionsEmptyCensus")
        .withArgs(0, f.census.root);
      await expect(f.officer.createPoll(census({ root: 0n })))
        .to.be.revertedWithCustomError(e, "ElectionsEmptyCensus")
        .withArgs(4, 0);
      await expect(f.officer.createPoll(census({ root: FIELD })))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidCensusRoot")
        .withArgs(FIELD);
      await expect(f.officer.createPoll(census({ jurisdiction: 0 }))).to.be.revertedWithCustomError(
        e,
        "ElectionsEmptyJurisdiction",
      );
      await expect(f.officer.createPoll(census({ sequence: 6n })))
        .to.be.revertedWithCustomError(e, "ElectionsCensusNotCurrent")
        .withArgs(6, 5);
      await expect(f.officer.createPoll(census({ sequence: 4n })))
        .to.be.revertedWithCustomError(e, "ElectionsCensusNotCurrent")
        .withArgs(4, 5);
      for (const [depth, size] of [
        [0, 4],
        [33, 4],
        [1, 4],
        [2, 5],
      ] as const) {
        await expect(f.officer.createPoll(census({ depth, size })))
          .to.be.revertedWithCustomError(e, "ElectionsInvalidCensusDepth")
          .withArgs(depth, size);
      }
      const next = (await time.latest()) + 50;
      await time.setNextBlockTimestamp(next);
      await expect(f.officer.createPoll({ ...ok, opensAt: next + REVIEW - 1 }))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidWindow")
        .withArgs(next + REVIEW - 1, ok.closesAt, next + REVIEW);
      await time.setNextBlockTimestamp(next);
      await expect(f.officer.createPoll({ ...ok, closesAt: ok.opensAt }))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidWindow")
        .withArgs(ok.opensAt, ok.opensAt, next + REVIEW);
    });

    it("the ADMIN sets the review period from 2 to 30 days; a reduction waits for the current period", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const admin = f.elections.connect(f.accounts.admin);
      const DAY = 24 * 3600;
      for (const bad of [0, REVIEW - 1, 30 * DAY + 1]) {
        await expect(admin.setReviewPeriod(bad))
          .to.be.revertedWithCustomError(f.elections, "ElectionsInvalidReviewPeriod")
          .withArgs(bad);
      }
      await expect(admin.setReviewPeriod(30 * DAY))
        .to.emit(f.elections, "ReviewPeriodChanged")
        .withArgs(REVIEW, 30 * DAY);
      expect(await f.elections.reviewPeriod()).to.equal(30 * DAY);
      const at = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(at);
      await expect(admin.setReviewPeriod(REVIEW))
        .to.emit(f.elections, "ReviewPeriodReductionScheduled")
        .withArgs(30 * DAY, REVIEW, at + 30 * DAY);
      expect(await f.elections.pendingReviewPeriod()).to.deep.equal([BigInt(REVIEW), BigInt(at + 30 * DAY)]);
      await time.increaseTo(at + 30 * DAY - 1);
      expect(await f.elections.reviewPeriod()).to.equal(30 * DAY);
      await time.increaseTo(at + 30 * DAY);
      expect(await f.elections.reviewPeriod()).to.equal(REVIEW);
      expect(await f.elections.pendingReviewPeriod()).to.deep.equal([0n, 0n]);
      await expect(f.elections.connect(f.accounts.electionOfficer).setReviewPeriod(0))
        .to.be.revertedWithCustomError(f.elections, "AccessManagedUnauthorized")
        .withArgs(f.accounts.electionOfficer.address);
    });
  });

  describe("voting", function () {
    it("anyone relays a ballot; the tally counts it; checkBallot says so first", async function () {
      const f = await open();
      const relayer = f.elections.connect(f.accounts.outsider);
      expect(await f.elections.checkBallot(1n, 1n, 1n, proofs.adaFirst)).to.deep.equal([true, "0x00000000"]);
      await expect(relayer.castBallot(1n, 1n, 1n, proofs.adaFirst))
        .to.emit(f.elections, "BallotCast")
        .withArgs(1n, proofs.adaFirst.nullifier, 1n, 0n, 1n);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 0n], 1n]);
      expect(await f.elections.ballotOf(1n, proofs.adaFirst.nullifier)).to.equal(1n);
    });

    it("a re-vote replaces the earlier ballot and the tally follows", async function () {
      const f = await open();
      await f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst);
      await f.elections.castBallot(1n, 1n, 1n, proofs.bo);
      expect(proofs.adaAgain.nullifier).to.equal(proofs.adaFirst.nullifier);
      await expect(f.elections.castBallot(1n, 4n, 2n, proofs.adaAgain))
        .to.emit(f.elections, "BallotCast")
        .withArgs(1n, proofs.adaFirst.nullifier, 4n, 1n, 2n);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 1n], 2n]);
      // the attack: anyone replays the voter's first proof from the chain; its revision is stale
      await expect(f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(f.elections, "ElectionsStaleRevision")
        .withArgs(1n, proofs.adaFirst.nullifier, 1n, 2n);
      // nor can the replayer claim a higher revision: the proof's message binds revision 1
      await expect(f.elections.castBallot(1n, 1n, 3n, proofs.adaFirst))
        .to.be.revertedWithCustomError(f.elections, "ElectionsMessageMismatch")
        .withArgs(1n, ballotMessage(1n, 3n), proofs.adaFirst.message);
      expect(await f.elections.latestRevision(1n, proofs.adaFirst.nullifier)).to.equal(2n);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 1n], 2n]);
    });

    it("without re-voting, a second ballot of the same citizen is refused", async function () {
      const f = await open();
      await f.elections.castBallot(2n, 9n, 1n, proofs.cy);
      expect(await f.elections.tally(2n)).to.deep.equal([[1n, 0n, 0n, 1n], 1n]);
      await expect(f.elections.castBallot(2n, 9n, 1n, proofs.cy))
        .to.be.revertedWithCustomError(f.elections, "ElectionsNullifierUsed")
        .withArgs(2n, proofs.cy.nullifier);
    });

    it("a participatory budget ballot within the budget counts each project", async function () {
      const f = await open();
      await f.elections.castBallot(3n, 11n, 1n, proofs.di);
      expect(await f.elections.tally(3n)).to.deep.equal([[1n, 1n, 0n, 1n], 1n]);
    });

    it("a citizen who moved out after the census still votes in the poll, not in a later one", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      await f.registrar.changeStatus(key("bo"), 3n, BASIS);
      await time.increaseTo(f.opensAt);
      await expect(f.elections.castBallot(1n, 1n, 1n, proofs.bo)).to.emit(f.elections, "BallotCast");
      const changes = await readCitizenChanges({ provider: ethers.provider, registry: await f.citizens.getAddress() });
      const next = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
      expect(next.members).to.not.include(fixedIdentity("bo").commitment);
      expect(next.size).to.equal(3);
    });

    it("a rotated identity does not give a second vote in a poll created before the rotation", async function () {
      this.timeout(120_000);
      const f = await networkHelpers.loadFixture(pollsFixture);
      const fresh = fixedIdentity("ada, new phone");
      await f.registrar.setVotingCommitment(key("ada"), fresh.commitment, BASIS);
      await time.increaseTo(f.opensAt);
      await f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst);
      expect(
        await rejection(
          buildBallotProof({
            identity: fresh,
            census: f.census.members,
            ballot: 2n,
            revision: 1n,
            scope: f.scopes[1]!,
            depth: 2,
            circuit: semaphoreCircuit(2),
          }),
        ),
      ).to.include("is not in the census");
      // The rotation's notice passes while the elections are paused (the poll's window waits), then it is applied.
      await f.elections.connect(f.accounts.guardian).pause();
      await time.increase(31 * 24 * 3600);
      await f.citizens.applyVotingCommitment(key("ada"));
      await f.elections.connect(f.accounts.admin).unpause();
      expect(await f.elections.pollState(1n)).to.equal(State.Open);
      const changes = await readCitizenChanges({ provider: ethers.provider, registry: await f.citizens.getAddress() });
      const now = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
      const proof = await proveBallot({ identity: fresh, census: now.members, ballot: 2n, scope: f.scopes[1]! });
      await expect(f.elections.castBallot(1n, 2n, 1n, proof))
        .to.be.revertedWithCustomError(f.elections, "ElectionsRootMismatch")
        .withArgs(1n, f.census.root, now.root);
      expect(await f.elections.tally(1n)).to.deep.equal([[1n, 0n, 0n], 1n]);
    });

    it("refuses a proof for another poll, another census root or another ballot", async function () {
      const f = await open();
      const e = f.elections;
      await expect(e.castBallot(2n, 1n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(e, "ElectionsScopeMismatch")
        .withArgs(2n, f.scopes[2], f.scopes[1]);
      await expect(e.castBallot(1n, 1n, 1n, { ...proofs.adaFirst, merkleTreeRoot: f.census.root + 1n }))
        .to.be.revertedWithCustomError(e, "ElectionsRootMismatch")
        .withArgs(1n, f.census.root, f.census.root + 1n);
      await expect(e.castBallot(1n, 2n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(e, "ElectionsMessageMismatch")
        .withArgs(1n, ballotMessage(2n, 1n), proofs.adaFirst.message);
      // the ballot changed together with the proof's message: the proof no longer verifies
      await expect(e.castBallot(1n, 2n, 1n, { ...proofs.adaFirst, message: ballotMessage(2n, 1n) }))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidProof")
        .withArgs(1n, proofs.adaFirst.nullifier);
      await expect(e.castBallot(1n, 1n, 1n, { ...proofs.adaFirst, nullifier: proofs.adaFirst.nullifier + 1n }))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidProof")
        .withArgs(1n, proofs.adaFirst.nullifier + 1n);
      for (const depth of [0n, 1n, 3n, 33n]) {
        await expect(e.castBallot(1n, 1n, 1n, { ...proofs.adaFirst, merkleTreeDepth: depth }))
          .to.be.revertedWithCustomError(e, "ElectionsDepthMismatch")
          .withArgs(1n, 2, depth);
      }
      const [ok, reason] = await e.checkBallot(1n, 2n, 1n, { ...proofs.adaFirst, message: ballotMessage(2n, 1n) });
      expect([ok, reason]).to.deep.equal([false, e.interface.getError("ElectionsInvalidProof")!.selector]);
    });

    it("a real proof for a later census of the same town is refused with both roots", async function () {
      this.timeout(120_000);
      const f = await networkHelpers.loadFixture(pollsFixture);
      await f.registrar.registerCitizen(key("fay"), TOWN, ADULT, fixedIdentity("fay").commitment, BASIS);
      const changes = await readCitizenChanges({ provider: ethers.provider, registry: await f.citizens.getAddress() });
      const later = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
      expect(later.sequence).to.equal(6n);
      expect(later.root).to.not.equal(f.census.root);
      const fourth = { ...f.base, rule: Rule.SingleChoice, optionCount: 3 };
      fourth.census = { ...fourth.census, size: later.size, sequence: later.sequence, depth: 3, root: later.root };
      fourth.opensAt = (await time.latest()) + REVIEW + 3600; // within the first polls' window
      await f.officer.createPoll(fourth);
      const scope4 = await f.elections.pollScope(4n);
      await time.increaseTo(fourth.opensAt);

      // ada is in both censuses; her proof is genuine, for poll 1's scope but the later census's root
      const forPoll1 = await proveBallot({
        identity: fixedIdentity("ada"),
        census: later.members,
        ballot: 1n,
        scope: f.scopes[1]!,
      });
      expect(await verifyBallotProof(forPoll1)).to.equal(true);
      expect(forPoll1.merkleTreeRoot).to.equal(later.root);
      // the later census of five needs depth 3; poll 1 takes proofs at its depth 2 only, and its root only
      await expect(f.elections.castBallot(1n, 1n, 1n, forPoll1))
        .to.be.revertedWithCustomError(f.elections, "ElectionsDepthMismatch")
        .withArgs(1n, 2, 3n);
      await expect(f.elections.castBallot(1n, 1n, 1n, { ...forPoll1, merkleTreeDepth: 2n }))
        .to.be.revertedWithCustomError(f.elections, "ElectionsRootMismatch")
        .withArgs(1n, f.census.root, later.root);
      expect(await f.elections.checkBallot(1n, 1n, 1n, forPoll1)).to.deep.equal([
        false,
        f.elections.interface.getError("ElectionsDepthMismatch")!.selector,
      ]);

      // fay's genuine proof for poll 4 (the later census) is refused by poll 1 for its root, by poll 2 for its root
      const fay = await proveBallot({
        identity: fixedIdentity("fay"),
        census: later.members,
        ballot: 2n,
        scope: scope4,
      });
      expect(await verifyBallotProof(fay)).to.equal(true);
      for (const pollId of [1n, 2n]) {
        await expect(f.elections.castBallot(pollId, 2n, 1n, { ...fay, merkleTreeDepth: 2n }))
          .to.be.revertedWithCustomError(f.elections, "ElectionsRootMismatch")
          .withArgs(pollId, f.census.root, later.root);
      }
      // where it belongs it counts; a citizen outside the frozen census has no vote anywhere else
      await expect(f.elections.castBallot(4n, 2n, 1n, fay))
        .to.emit(f.elections, "BallotCast")
        .withArgs(4n, fay.nullifier, 2n, 0n, 1n);
      expect(await f.elections.tally(1n)).to.deep.equal([[0n, 0n, 0n], 0n]);
    });

    it("a real proof for another poll, another contract or another chain is refused with both scopes", async function () {
      this.timeout(120_000);
      const f = await open();
      const e = f.elections;
      const { chainId } = await ethers.provider.getNetwork();
      const scopeOf = (chain: bigint, contract: string, pollId: bigint) =>
        BigInt(
          ethers.keccak256(
            ethers.AbiCoder.defaultAbiCoder().encode(["uint256", "address", "uint256"], [chain, contract, pollId]),
          ),
        );
      const otherContract = await f.citizens.getAddress();
      const scopes = {
        "poll 2 of this contract": f.scopes[2]!,
        "poll 1 of another contract": scopeOf(chainId, otherContract, 1n),
        "poll 1 of this contract's address on another chain": scopeOf(chainId + 1n, await e.getAddress(), 1n),
      };
      expect(scopeOf(chainId, await e.getAddress(), 1n)).to.equal(f.scopes[1]);
      for (const [what, scope] of Object.entries(scopes)) {
        const proof = await proveBallot({ identity: fixedIdentity("bo"), census: f.census.members, ballot: 1n, scope });
        expect(await verifyBallotProof(proof), what).to.equal(true);
        expect(proof.merkleTreeRoot, what).to.equal(f.census.root);
        await expect(e.castBallot(1n, 1n, 1n, proof), what)
          .to.be.revertedWithCustomError(e, "ElectionsScopeMismatch")
          .withArgs(1n, f.scopes[1], scope);
        expect(await e.checkBallot(1n, 1n, 1n, proof), what).to.deep.equal([
          false,
          e.interface.getError("ElectionsScopeMismatch")!.selector,
        ]);
      }
      expect(await e.tally(1n)).to.deep.equal([[0n, 0n, 0n], 0n]);
      // the same citizen's proof for poll 1 itself counts
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo))
        .to.emit(e, "BallotCast")
        .withArgs(1n, proofs.bo.nullifier, 1n, 0n, 1n);
    });

    it("refuses ballots that break the rule: unknown option, too many or too few, over budget", async function () {
      const f = await open();
      const e = f.elections;
      const forged = (pollId: number, ballot: bigint) =>
        forgedProof({ root: f.census.root, scope: f.scopes[pollId]!, ballot, nullifier: 77n });
      await expect(e.castBallot(1n, 8n, 1n, forged(1, 8n)))
        .to.be.revertedWithCustomError(e, "ElectionsUnknownOption")
        .withArgs(1n, 8n, 3);
      await expect(e.castBallot(1n, 3n, 1n, forged(1, 3n)))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidChoiceCount")
        .withArgs(1n, 2, 1, 1);
      await expect(e.castBallot(1n, 0n, 1n, forged(1, 0n)))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidChoiceCount")
        .withArgs(1n, 0, 1, 1);
      await expect(e.castBallot(2n, 7n, 1n, forged(2, 7n)))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidChoiceCount")
        .withArgs(2n, 3, 1, 2);
      await expect(e.castBallot(3n, 7n, 1n, forged(3, 7n)))
        .to.be.revertedWithCustomError(e, "ElectionsOverBudget")
        .withArgs(3n, 120, 100);
      // a ballot that fits the rule reaches the proof check, which the forged points fail
      await expect(e.castBallot(3n, 9n, 1n, forged(3, 9n)))
        .to.be.revertedWithCustomError(e, "ElectionsInvalidProof")
        .withArgs(3n, 77n);
    });

    it("refuses a vote before the opening and after the close; the close is recorded once", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const e = f.elections;
      await expect(e.castBallot(1n, 1n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(e, "ElectionsPollNotOpen")
        .withArgs(1n, f.opensAt);
      await expect(e.closePoll(1n)).to.be.revertedWithCustomError(e, "ElectionsCannotClose").withArgs(1n, State.Review);
      await time.increaseTo(f.opensAt);
      expect(await e.pollState(1n)).to.equal(State.Open);
      await e.castBallot(1n, 1n, 1n, proofs.adaFirst);
      await expect(e.closePoll(1n)).to.be.revertedWithCustomError(e, "ElectionsCannotClose").withArgs(1n, State.Open);
      await time.increaseTo(f.closesAt);
      expect(await e.pollState(1n)).to.equal(State.Ended);
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo))
        .to.be.revertedWithCustomError(e, "ElectionsPollClosed")
        .withArgs(1n, f.closesAt);
      await expect(e.connect(f.accounts.outsider).closePoll(1n)).to.emit(e, "PollClosed").withArgs(1n, 1, [1n, 0n, 0n]);
      expect(await e.pollState(1n)).to.equal(State.Closed);
      await expect(e.closePoll(1n)).to.be.revertedWithCustomError(e, "ElectionsCannotClose").withArgs(1n, State.Closed);
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo))
        .to.be.revertedWithCustomError(e, "ElectionsPollClosed")
        .withArgs(1n, f.closesAt);
    });

    it("the window's boundary seconds: opensAt - 1 refused, opensAt counts, closesAt - 1 counts, closesAt refused", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const e = f.elections;
      await time.setNextBlockTimestamp(f.opensAt - 1);
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo))
        .to.be.revertedWithCustomError(e, "ElectionsPollNotOpen")
        .withArgs(1n, f.opensAt);
      await time.setNextBlockTimestamp(f.opensAt);
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo)).to.emit(e, "BallotCast");
      await time.setNextBlockTimestamp(f.closesAt - 1);
      await expect(e.castBallot(1n, 1n, 1n, proofs.adaFirst)).to.emit(e, "BallotCast");
      await time.setNextBlockTimestamp(f.closesAt);
      await expect(e.castBallot(1n, 4n, 2n, proofs.adaAgain))
        .to.be.revertedWithCustomError(e, "ElectionsPollClosed")
        .withArgs(1n, f.closesAt);
      expect(await e.tally(1n)).to.deep.equal([[2n, 0n, 0n], 2n]);
    });

    it("a pause moves an open poll's close by its length; while paused the poll cannot be closed", async function () {
      const f = await open();
      const e = f.elections;
      const pausedAt = (await time.latest()) + 10;
      await time.setNextBlockTimestamp(pausedAt);
      await e.connect(f.accounts.guardian).pause();
      await time.increaseTo(f.closesAt + 3600);
      expect(await e.pollState(1n)).to.equal(State.Open);
      await expect(e.closePoll(1n)).to.be.revertedWithCustomError(e, "ElectionsCannotClose").withArgs(1n, State.Open);
      const unpausedAt = f.closesAt + 7200;
      await time.setNextBlockTimestamp(unpausedAt);
      await e.connect(f.accounts.admin).unpause();
      const paused = unpausedAt - pausedAt;
      expect(await e.pausedTime()).to.equal(BigInt(paused));
      expect(await e.pollWindow(1n)).to.deep.equal([BigInt(f.opensAt + paused), BigInt(f.closesAt + paused)]);
      await time.setNextBlockTimestamp(f.closesAt + paused - 1);
      await expect(e.castBallot(1n, 1n, 1n, proofs.adaFirst)).to.emit(e, "BallotCast");
      await time.setNextBlockTimestamp(f.closesAt + paused);
      await expect(e.castBallot(1n, 1n, 1n, proofs.bo))
        .to.be.revertedWithCustomError(e, "ElectionsPollClosed")
        .withArgs(1n, f.closesAt + paused);
      await expect(e.closePoll(1n)).to.emit(e, "PollClosed").withArgs(1n, 1, [1n, 0n, 0n]);
    });

    it("a first single-choice ballot at depth 20 costs at most 320,000 gas, a re-vote less (gas ceiling)", async function () {
      this.timeout(180_000);
      const f = await networkHelpers.loadFixture(pollsFixture);
      const deep = { ...f.base, rule: Rule.SingleChoice, optionCount: 3 };
      deep.census = { ...deep.census, depth: 20 };
      // The creation's block time is set, not left to the wall clock, which a restored fixture can be far behind.
      const created = (await time.latest()) + 1;
      await time.setNextBlockTimestamp(created);
      deep.opensAt = created + REVIEW + 60;
      deep.closesAt = deep.opensAt + WEEK;
      await f.officer.createPoll(deep);
      const scope = await f.elections.pollScope(4n);
      const prove = (ballot: bigint, revision: bigint) =>
        proveBallot({ identity: fixedIdentity("ada"), census: f.census.members, ballot, scope, revision, depth: 20 });
      const [first, second] = [await prove(1n, 1n), await prove(2n, 2n)];
      await time.increaseTo(deep.opensAt);
      const firstGas = (await (await f.elections.castBallot(4n, 1n, 1n, first)).wait())!.gasUsed;
      const secondGas = (await (await f.elections.castBallot(4n, 2n, 2n, second)).wait())!.gasUsed;
      expect(firstGas).to.be.at.most(320_000n);
      expect(secondGas).to.be.lessThan(firstGas);
    });

    it("unknown polls are refused everywhere", async function () {
      const f = await open();
      const e = f.elections;
      await expect(e.castBallot(9n, 1n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(e, "ElectionsUnknownPoll")
        .withArgs(9n);
      for (const read of [e.poll(9n), e.tally(9n), e.optionCosts(9n)]) {
        await expect(read).to.be.revertedWithCustomError(e, "ElectionsUnknownPoll").withArgs(9n);
      }
      expect(await e.pollState(9n)).to.equal(State.None);
      await expect(e.connect(f.accounts.guardian).cancelPoll(9n, id("reason")))
        .to.be.revertedWithCustomError(e, "ElectionsUnknownPoll")
        .withArgs(9n);
      await expect(e.closePoll(9n)).to.be.revertedWithCustomError(e, "ElectionsCannotClose").withArgs(9n, State.None);
    });

    it("a paused contract counts no ballot and creates no poll", async function () {
      const f = await open();
      await f.elections.connect(f.accounts.guardian).pause();
      await expect(f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst)).to.be.revertedWithCustomError(
        f.elections,
        "EnforcedPause",
      );
      await expect(
        f.officer.createPoll({ ...f.base, rule: Rule.SingleChoice, optionCount: 2 }),
      ).to.be.revertedWithCustomError(f.elections, "EnforcedPause");
    });
  });

  describe("cancelling", function () {
    it("a guardian cancels a poll during its review period, with a reason; then nobody votes", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const guardian = f.elections.connect(f.accounts.guardian);
      await expect(guardian.cancelPoll(1n, ethers.ZeroHash)).to.be.revertedWithCustomError(
        f.elections,
        "ElectionsEmptyReason",
      );
      await expect(f.elections.connect(f.accounts.electionOfficer).cancelPoll(1n, id("census is wrong")))
        .to.be.revertedWithCustomError(f.elections, "AccessManagedUnauthorized")
        .withArgs(f.accounts.electionOfficer.address);
      await expect(guardian.cancelPoll(1n, id("census is wrong")))
        .to.emit(f.elections, "PollCancelled")
        .withArgs(1n, f.accounts.guardian.address, id("census is wrong"));
      expect((await f.elections.poll(1n)).cancelled).to.equal(true);
      expect(await f.elections.pollState(1n)).to.equal(State.Cancelled);
      await expect(guardian.cancelPoll(1n, id("again")))
        .to.be.revertedWithCustomError(f.elections, "ElectionsPollCancelled")
        .withArgs(1n);
      await time.increaseTo(f.opensAt);
      await expect(f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst))
        .to.be.revertedWithCustomError(f.elections, "ElectionsPollCancelled")
        .withArgs(1n);
      await expect(guardian.cancelPoll(2n, id("too late")))
        .to.be.revertedWithCustomError(f.elections, "ElectionsPollAlreadyOpen")
        .withArgs(2n, f.opensAt);
      await time.increaseTo(f.closesAt);
      await expect(f.elections.closePoll(1n))
        .to.be.revertedWithCustomError(f.elections, "ElectionsCannotClose")
        .withArgs(1n, State.Cancelled);
    });
  });

  describe("tally from the events", function () {
    it("anyone recomputes the tally from the BallotCast events, re-votes included, and finds the contract's", async function () {
      const f = await open();
      await f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst);
      await f.elections.castBallot(1n, 1n, 1n, proofs.bo);
      await f.elections.castBallot(1n, 4n, 2n, proofs.adaAgain);
      await f.elections.castBallot(3n, 11n, 1n, proofs.di);
      const check = await verifyTally({ elections: f.elections, provider: ethers.provider, pollId: 1n });
      expect(check.matches).to.equal(true);
      expect(check.recomputed).to.deep.equal({ votes: [1n, 0n, 1n], ballots: 2 });
      const events = await readBallotEvents({
        provider: ethers.provider,
        elections: await f.elections.getAddress(),
        pollId: 1n,
      });
      expect(events.length).to.equal(3);
      expect(() => recomputeTally({ events: events.slice(1), pollId: 1n, optionCount: 3 })).to.throw("are incomplete");
    });
  });

  describe("replay", function () {
    it("every poll is rebuilt exactly from the events alone: parameters, cancellation, close, ballots, tally", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const fourth = { ...f.base, rule: Rule.SingleChoice, optionCount: 2 };
      fourth.opensAt = (await time.latest()) + REVIEW + 3600;
      fourth.closesAt = fourth.opensAt + WEEK;
      await f.officer.createPoll(fourth);
      await f.elections.connect(f.accounts.guardian).cancelPoll(4n, id("wrong census"));
      await time.increaseTo(f.opensAt);
      await f.elections.castBallot(1n, 1n, 1n, proofs.adaFirst);
      await f.elections.castBallot(1n, 1n, 1n, proofs.bo);
      await f.elections.castBallot(1n, 4n, 2n, proofs.adaAgain);
      await f.elections.castBallot(2n, 9n, 1n, proofs.cy);
      await f.elections.castBallot(3n, 11n, 1n, proofs.di);
      await time.increaseTo(f.closesAt);
      await f.elections.closePoll(2n);

      const logs = await ethers.provider.getLogs({ address: await f.elections.getAddress(), fromBlock: 0 });
      const replayed = replayPolls(logs);
      expect(replayed.map((poll) => poll.pollId)).to.deep.equal([1n, 2n, 3n, 4n]);
      for (const poll of replayed) {
        const onChain = await f.elections.poll(poll.pollId);
        expect(poll.metadataHash).to.equal(onChain.metadataHash);
        expect(poll.rule).to.equal(["SingleChoice", "Approval", "Budget"][Number(onChain.rule)]);
        expect([poll.optionCount, poll.maxChoices, poll.revoting]).to.deep.equal([
          Number(onChain.optionCount),
          Number(onChain.maxChoices),
          onChain.revoting,
        ]);
        expect([poll.opensAt, poll.closesAt, poll.budget]).to.deep.equal([
          Number(onChain.opensAt),
          Number(onChain.closesAt),
          onChain.budget,
        ]);
        expect(poll.costs).to.deep.equal([...(await f.elections.optionCosts(poll.pollId))]);
        expect([poll.census.jurisdiction, poll.census.requiredFlags, poll.census.size]).to.deep.equal([
          Number(onChain.census.jurisdiction),
          Number(onChain.census.requiredFlags),
          Number(onChain.census.size),
        ]);
        expect([poll.census.sequence, poll.census.root]).to.deep.equal([onChain.census.sequence, onChain.census.root]);
        expect([poll.cancelled, poll.closed]).to.deep.equal([onChain.cancelled, onChain.closed]);
        const [votes, ballots] = await f.elections.tally(poll.pollId);
        expect(poll.tally).to.deep.equal({ votes: [...votes], ballots: Number(ballots) });
        for (const [nullifier, ballot] of poll.ballots) {
          expect(await f.elections.ballotOf(poll.pollId, nullifier)).to.equal(ballot);
        }
      }
      expect(replayed[0]!.tally).to.deep.equal({ votes: [1n, 0n, 1n], ballots: 2 });
      expect(replayed[3]!.cancelled).to.equal(true);
      expect(replayed[1]!.closed).to.equal(true);
    });
  });

  describe("deployment", function () {
    it("the initializer refuses a zero verifier, register or secret-polls library and runs once", async function () {
      const f = await networkHelpers.loadFixture(pollsFixture);
      const implementation = await ethers.deployContract("Elections");
      const secretPolls = await f.elections.secretPolls();
      const proxy = (address: string, registry: string, library = secretPolls) =>
        ethers.deployContract("@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol:ERC1967Proxy", [
          implementation,
          implementation.interface.encodeFunctionData("initialize", [
            f.authority.target as string,
            address,
            registry,
            REVIEW,
            library,
          ]),
        ]);
      const registry = await f.citizens.getAddress();
      await expect(proxy(f.semaphoreVerifier, registry, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        implementation,
        "ElectionsZeroAddress",
      );
      await expect(proxy(ethers.ZeroAddress, registry)).to.be.revertedWithCustomError(
        implementation,
        "ElectionsZeroAddress",
      );
      await expect(proxy(f.semaphoreVerifier, ethers.ZeroAddress)).to.be.revertedWithCustomError(
        implementation,
        "ElectionsZeroAddress",
      );
      const working = await proxy(f.semaphoreVerifier, registry);
      expect(await implementation.attach(await working.getAddress()).getFunction("verifier")()).to.equal(
        f.semaphoreVerifier,
      );
      await expect(
        f.elections.initialize(f.authority.target as string, f.semaphoreVerifier, registry, REVIEW, secretPolls),
      ).to.be.revertedWithCustomError(f.elections, "InvalidInitialization");
      expect(
        await f.authority.getTargetFunctionRole(
          await f.elections.getAddress(),
          f.elections.interface.getFunction("createPoll").selector,
        ),
      ).to.equal(Roles.ELECTION_OFFICER);
    });
  });
});
