/**
 * The elections guide (`docs/elections-guide.md`) run as written: every command line of its shell blocks, in one
 * story, against a real node where the suite is deployed with `npm run deploy` and the civil registry and the
 * electoral office hold their roles. The guide's conventions are the administrator's guide's (helpers/guide.ts):
 * `0x…` is the citizen the story names, `<commitment>` the voter's, `./file` and `~/file` files in the test's folder.
 * The poll's dates are written as the guide writes them, from the chain's clock (`--opens +4d --closes +18d`), so
 * that neither the guide nor the test ages.
 */
import type { ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { id } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { createVotingIdentity } from "../../src/elections/proof.js";
import {
  CitizenRegistry__factory,
  Elections__factory,
  ISecretPolls__factory,
} from "../../types/ethers-contracts/index.js";
import { collect, hardhat, PROJECT_ROOT, spawnDeploy, spawnHardhat } from "./helpers/cli.js";
import { type GuideLine, guideArguments, guideLines } from "./helpers/guide.js";
import { increaseTime } from "./helpers/node.js";
import { type Stage, startStage, stopStage } from "./helpers/stage.js";

const GUIDE = join(PROJECT_ROOT, "docs", "elections-guide.md");

/** The example deployment's accounts, and the parties of the story (Hardhat's well-known accounts 9 to 15). */
const ACCOUNTS = {
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  guardian: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  relayer: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  civilRegistrar: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  electionOfficer: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  trustee1: "0x2546BcD3c84621e976D8185a91A922aE77ECEc30",
  trustee2: "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
  trustee3: "0xdD2FD4581271e230360230F9337D5c0430Bf44C0",
} as const;

/** The example deployment's parameters, with the two roles the guide's reader has granted. */
const CONFIG = {
  ...(JSON.parse(readFileSync(join(PROJECT_ROOT, "deployments", "config", "localhost.json"), "utf8")) as {
    grants: Record<string, string[]>;
  }),
};
CONFIG.grants = {
  ...CONFIG.grants,
  CIVIL_REGISTRAR: [ACCOUNTS.civilRegistrar],
  ELECTION_OFFICER: [ACCOUNTS.electionOfficer],
};

/** The citizens of the story: Ana votes; Ben comes from the CSV and gets a new commitment; Cleo moves out. */
const KEYS = { ana: id("citizen Ana"), ben: id("citizen Ben"), cleo: id("citizen Cleo") } as const;

/** Facts the story learns as it goes. */
const learned: {
  commitment?: string;
  opensAt?: number;
  closesAt?: number;
  relayUrl?: string;
  ballotHash?: string;
} = {};

/**
 * A guide line run as a command that waits for it, or (`serve`) started in the background and left running until the
 * story ends, once its output matches `serve`.
 */
type Step =
  | (GuideLine & { readonly check?: (stdout: string) => void; readonly serve?: RegExp })
  | { readonly act: () => Promise<void> };

/** The relay the story started, stopped at its end. */
let relay: { child: ChildProcess; output: () => string; exited: Promise<number | null> } | undefined;

let stage: Stage;

const CREATE =
  "npx hardhat --network localhost elections create --metadata ./projects.json --rule Budget --options 5 " +
  "--budget 80000 --costs 40000,35000,15000,20000,25000 --opens +4d --closes +18d " +
  "--jurisdiction 4101 --flags adult,resident --from <election officer>";
/** Reads a created poll's opening and close from `elections create`'s first line; the story waits for the latest. */
const pollDates = (stdout: string) => {
  const match = /, (\S+) to (\S+)$/m.exec(stdout.split("\n")[0]);
  expect(match, stdout).to.not.equal(null);
  const [opensAt, closesAt] = [Date.parse(match![1]) / 1000, Date.parse(match![2]) / 1000];
  learned.opensAt = Math.max(learned.opensAt ?? 0, opensAt);
  learned.closesAt = Math.max(learned.closesAt ?? 0, closesAt);
  return closesAt - opensAt;
};

const SECRET_CREATE =
  "npx hardhat --network localhost elections create --metadata ./question.json --rule SingleChoice --options 3 " +
  "--opens +4d --closes +18d --jurisdiction 4101 --flags adult,resident " +
  "--trustees <trustee accounts> --quorum 2 --from <election officer>";
const TRUSTEE_FILE = "./trustee-1.json";

/** A trustee's guide line (written for trustee 1) run by trustee `index` with its own file. */
function asTrustee(guide: string, index: 1 | 2 | 3, check?: (stdout: string) => void): Step {
  return {
    guide,
    parties: { "trustee 1": ACCOUNTS[`trustee${index}`] },
    replace: { "--file": () => join(stage.workDir, `trustee-${index}.json`) },
    ...(check === undefined ? {} : { check }),
  };
}

/** Moves the node's clock to the end of one of secret poll 3's ceremony windows. */
function toWindowEnd(window: 0 | 1): Step {
  return {
    act: async () => {
      const deployment = JSON.parse(
        readFileSync(join(stage.env.deploymentsDir, "localhost.json"), "utf8"),
      ) as SuiteDeployment;
      const secret = ISecretPolls__factory.connect(deployment.contracts.Elections!.proxy, stage.provider);
      const ends = await secret.ceremonyWindows(3n);
      const now = (await stage.provider.getBlock("latest"))!.timestamp;
      await increaseTime(stage.node.url, Number(ends[window]) - now + 1);
    },
  };
}

const STORY: readonly Step[] = [
  {
    guide: "npx hardhat voter new-identity --identity ~/my-vote.json",
    check: (stdout) => {
      learned.commitment = /it reveals nothing about you\): (\d+)/.exec(stdout)?.[1];
      expect(learned.commitment, stdout).to.not.equal(undefined);
    },
  },
  {
    guide:
      "npx hardhat --network localhost citizens register --citizen 0x… --jurisdiction 4101 --flags adult,resident " +
      "--commitment <commitment> --basis ./extract.pdf --from <civil registrar>",
    values: { "--citizen": () => KEYS.ana },
  },
  {
    act: async () => {
      const basis = id("extract of the civil status");
      const rows = [KEYS.ben, KEYS.cleo].map(
        (key) => `${key},4101,adult+resident,${createVotingIdentity().commitment},${basis}`,
      );
      writeFileSync(
        join(stage.workDir, "citizens.csv"),
        `citizenKey,jurisdiction,flags,commitment,basis\n${rows.join("\n")}\n`,
      );
    },
  },
  {
    guide: "npx hardhat --network localhost citizens register-bulk --file ./citizens.csv --from <civil registrar>",
  },
  {
    guide:
      "npx hardhat --network localhost citizens change-status --citizen 0x… --status MovedOut --basis ./notice.pdf --from <civil registrar>",
    values: { "--citizen": () => KEYS.cleo },
  },
  {
    guide:
      "npx hardhat --network localhost citizens set-commitment --citizen 0x… --commitment <new commitment> --basis ./request.pdf --from <civil registrar>",
    values: { "--citizen": () => KEYS.ben },
    parties: { "new commitment": createVotingIdentity().commitment.toString() },
  },
  {
    guide: "npx hardhat --network localhost citizens census --jurisdiction 4101 --flags adult,resident",
    // the rotation is only proposed (it applies after its notice): not a change of the register yet
    check: (stdout) => expect(stdout).to.match(/as of register sequence 4: 2 members, root \d+/),
  },
  {
    guide: CREATE,
    check: (stdout) => {
      expect(stdout).to.match(/Poll 1\b/);
      // +4d and +18d, from the chain's clock as the command ran: 14 days open, whenever the guide is run.
      expect(pollDates(stdout)).to.equal(14 * 86_400);
    },
  },
  {
    guide: "npx hardhat --network localhost elections verify --poll 1",
    check: (stdout) => expect(stdout).to.include("Census: the register's events give the poll's root"),
  },
  // A second poll, the same as the first, created by mistake: the guardian cancels it during its review.
  {
    guide: CREATE,
    check: (stdout) => {
      expect(stdout).to.match(/Poll 2\b/);
      pollDates(stdout);
    },
  },
  { guide: "npx hardhat --network localhost elections cancel --poll 2 --reason ./report.pdf --from <guardian>" },
  // A secret poll beside the budget: the trustees hold its ceremony during the review.
  {
    guide: SECRET_CREATE,
    check: (stdout) => {
      expect(stdout).to.match(/Poll 3: secret \(quorum 2 of 3 trustees\)/);
      pollDates(stdout);
    },
  },
  ...([1, 2, 3] as const).map((index) =>
    asTrustee(
      `npx hardhat --network localhost elections trustee-generate --poll 3 --file ${TRUSTEE_FILE} --from <trustee 1>`,
      index,
      (stdout) => expect(stdout).to.include(`Trustee ${index} of poll 3: secrets written to`),
    ),
  ),
  toWindowEnd(0),
  ...([1, 2, 3] as const).map((index) =>
    asTrustee(
      `npx hardhat --network localhost elections trustee-deal --poll 3 --file ${TRUSTEE_FILE} --from <trustee 1>`,
      index,
    ),
  ),
  asTrustee(
    `npx hardhat --network localhost elections trustee-verify --poll 3 --file ${TRUSTEE_FILE} --from <trustee 1>`,
    1,
    (stdout) => expect(stdout).to.include(`trustee 3 (${ACCOUNTS.trustee3}): its share to you verifies`),
  ),
  toWindowEnd(1),
  {
    act: async () => {
      const now = (await stage.provider.getBlock("latest"))!.timestamp;
      await increaseTime(stage.node.url, learned.opensAt! - now + 60);
    },
  },
  // The relay listens on a free port rather than the guide's 8080; the voter's lines send to the URL it prints.
  {
    guide: "npx hardhat --network localhost elections relay --port 8080 --from <relayer> --max-per-minute 10",
    replace: { "--port": () => "0" },
    serve: /^Relay: (http:\/\/\S+)$/m,
  },
  {
    guide:
      "npx hardhat --network localhost voter vote --identity ~/my-vote.json --poll 1 --choose 0,2 --relay <relay url>",
    check: (stdout) => {
      expect(stdout).to.include(`sent by the relay ${learned.relayUrl}`);
      expect(stdout).to.include("This is your first counted ballot in this poll");
    },
  },
  {
    guide:
      "npx hardhat --network localhost voter vote --identity ~/my-vote.json --poll 1 --choose 1 --relay <relay url>",
    check: (stdout) => expect(stdout).to.include("It replaced your earlier ballot (options 0, 2)"),
  },
  { guide: "npx hardhat --network localhost elections tally --poll 1" },
  {
    guide: "npx hardhat --network localhost elections trustee-seal --poll 3 --from <any account>",
    check: (stdout) => expect(stdout).to.include("Ceremony of poll 3 sealed: qualified trustee(s) 1, 2, 3"),
  },
  {
    guide:
      "npx hardhat --network localhost voter vote --identity ~/my-vote.json --poll 3 --choose 2 --relay <relay url>",
    check: (stdout) => {
      learned.ballotHash = /ballot hash (0x[0-9a-f]{64})/.exec(stdout)?.[1];
      expect(learned.ballotHash, stdout).to.not.equal(undefined);
    },
  },
  {
    guide: "npx hardhat --network localhost voter receipt --poll 3 --ballot <ballot hash>",
    check: (stdout) => expect(stdout).to.include("is counted in poll 3's encrypted tally"),
  },
  {
    guide:
      "npx hardhat --network localhost voter challenge --identity ~/my-vote.json --poll 3 --choose 2 --out ./challenge.json",
    check: (stdout) => expect(stdout).to.include("Challenged ballot for poll 3: it encrypted option(s) 2"),
  },
  {
    guide: "npx hardhat --network localhost voter check-challenge --poll 3 --file ./challenge.json",
    check: (stdout) => expect(stdout).to.include("The challenged ballot encrypted option(s) 2"),
  },
  {
    guide: "npx hardhat --network localhost elections tally --poll 3",
    check: (stdout) => expect(stdout).to.include("secret: sealed until the close"),
  },
  {
    act: async () => {
      const now = (await stage.provider.getBlock("latest"))!.timestamp;
      await increaseTime(stage.node.url, learned.closesAt! - now + 60);
    },
  },
  { guide: "npx hardhat --network localhost elections close --poll 1 --from <any account>" },
  {
    guide: "npx hardhat --network localhost elections verify --poll 1",
    check: (stdout) => {
      expect(stdout).to.include("Tally: the BallotCast events give the contract's tally (1 ballot(s): 0, 1, 0, 0, 0)");
      expect(stdout).to.include("The tally is final.");
    },
  },
  // Trustee 2 stays away: trustees 1 and 3 are the quorum.
  ...([1, 3] as const).map((index) =>
    asTrustee(
      `npx hardhat --network localhost elections trustee-decrypt --poll 3 --file ${TRUSTEE_FILE} --from <trustee 1>`,
      index,
    ),
  ),
  {
    guide: "npx hardhat --network localhost elections open --poll 3 --from <any account>",
    check: (stdout) => expect(stdout).to.include("Poll 3 opened with the shares of trustee(s) 1, 3"),
  },
  {
    guide: "npx hardhat --network localhost elections verify --poll 3",
    check: (stdout) => expect(stdout).to.include("the shares decrypt the tally to 0, 0, 1, the posted counts"),
  },
];

describe("the elections guide, run as written (end to end)", function () {
  this.timeout(900_000);

  before(async function () {
    stage = await startStage({ prefix: "egov-elections-guide-", config: JSON.stringify(CONFIG) });
    const deployed = await collect(spawnDeploy(stage.env));
    expect(deployed.code, deployed.stderr).to.equal(0);
  });

  after(async function () {
    relay?.child.kill("SIGTERM");
    await relay?.exited;
    await stopStage(stage);
  });

  it("has a step for every command line of the guide, and no step for a line it does not have", function () {
    const lines = guideLines(GUIDE);
    const covered = STORY.flatMap((step) => ("guide" in step ? [step.guide] : []));
    expect(lines.filter((line) => !covered.includes(line))).to.deep.equal([]);
    expect(covered.filter((line) => !lines.includes(line))).to.deep.equal([]);
  });

  it("runs every command line of the guide in one story, and the chain holds what the story did", async function () {
    const filling = {
      workDir: stage.workDir,
      placeholders: {
        "civil registrar": ACCOUNTS.civilRegistrar,
        "election officer": ACCOUNTS.electionOfficer,
        guardian: ACCOUNTS.guardian,
        "any account": ACCOUNTS.relayer,
        relayer: ACCOUNTS.relayer,
        get commitment() {
          return learned.commitment!;
        },
        get "relay url"() {
          return learned.relayUrl!;
        },
        get "ballot hash"() {
          return learned.ballotHash!;
        },
        "trustee accounts": `${ACCOUNTS.trustee1},${ACCOUNTS.trustee2},${ACCOUNTS.trustee3}`,
        "trustee 1": ACCOUNTS.trustee1,
      },
      values: {},
      documentOptions: new Set(["--basis", "--metadata", "--reason"]),
    };
    for (const step of STORY) {
      if ("act" in step) {
        await step.act();
        continue;
      }
      if (step.serve !== undefined) {
        learned.relayUrl = await serve(guideArguments(step, filling), step.serve);
        continue;
      }
      const result = await hardhat(stage.env, guideArguments(step, filling));
      expect(result.code, `${step.guide}\n${result.stdout}\n${result.stderr}`).to.equal(0);
      step.check?.(result.stdout);
    }

    const deployment = JSON.parse(
      readFileSync(join(stage.env.deploymentsDir, "localhost.json"), "utf8"),
    ) as SuiteDeployment;
    const elections = Elections__factory.connect(deployment.contracts.Elections!.proxy, stage.provider);
    const citizens = CitizenRegistry__factory.connect(deployment.contracts.CitizenRegistry!.proxy, stage.provider);
    // Ana's re-vote replaced her first ballot: one ballot, for option 1; the mistaken poll is cancelled.
    const [votes, ballots] = await elections.tally(1n);
    expect([...votes]).to.deep.equal([0n, 1n, 0n, 0n, 0n]);
    expect(ballots).to.equal(1n);
    expect((await elections.poll(1n)).closed).to.equal(true);
    expect((await elections.poll(2n)).cancelled).to.equal(true);
    expect((await citizens.citizen(KEYS.cleo)).status).to.equal(3n);
    expect((await citizens.citizen(KEYS.ana)).votingCommitment).to.equal(BigInt(learned.commitment!));
    // The relayer paid for both ballots; stopped, the relay finishes and prints its counts.
    const cast = await elections.queryFilter(elections.filters.BallotCast(1n));
    expect(cast).to.have.length(2);
    for (const event of cast) {
      expect((await stage.provider.getTransaction(event.transactionHash))!.from).to.equal(ACCOUNTS.relayer);
    }
    relay!.child.kill("SIGTERM");
    expect(await relay!.exited).to.equal(0);
    expect(relay!.output()).to.include("Relay stopped (SIGTERM): 3 ballot(s) relayed of 3 request(s)");
  });
});

/** Starts a guide line in the background and resolves with the first match of `ready` in its output. */
async function serve(args: readonly string[], ready: RegExp): Promise<string> {
  const child = spawnHardhat(stage.env, args);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  relay = { child, output: () => stdout, exited };
  const deadline = Date.now() + 120_000;
  while (ready.exec(stdout) === null && child.exitCode === null && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const match = ready.exec(stdout);
  expect(match, `${args.join(" ")}\n${stdout}\n${stderr}`).to.not.equal(null);
  return match![1]!;
}
