import { expect } from "chai";
import { encodeBytes32String, id, JsonRpcProvider, Network, type Provider, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { writtenKeys } from "../../src/actions/bulk.js";
import { listRoles } from "../../src/actions/roles.js";
import { buildStatusLists, institutionKey } from "../../src/credentials/index.js";
import { connectSuite, type SuiteDeployment } from "../../src/deployment.js";
import { InvalidInputError } from "../../src/errors.js";
import { connect } from "../../src/sdk/connect.js";
import { computeCensus, readCitizenChanges } from "../../src/elections/census.js";
import { checkCensusCurrency } from "../../src/elections/currency.js";
import { verifyTally } from "../../src/elections/polls.js";
import { readFacts } from "../../src/extracts/facts.js";
import { LogReadError, readLogs } from "../../src/logs.js";
import { fetchTimedLogs, replayCitizenRegistry } from "../../src/replay.js";
import { getHistory } from "../../src/sdk/events.js";
import { getTitle } from "../../src/sdk/reads.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";
import { type LogProxy, startLogProxy } from "../helpers/log-proxy.js";

const connection = await network.create();
const { networkHelpers } = connection;

/** The proxy's limits: a request of 4 blocks at most, and of as many logs as the busiest block holds. */
const MAX_BLOCKS = 4;
const TOWN = 4101;
const ADULT = 1;
const BASIS = id("civil registry extract");
const SEED = `0x${"11".repeat(32)}`;
const DAY = 24 * 3600;

/**
 * A chain of some 40 blocks: the suite, six citizens, a poll over their census, two titles, an institution with its
 * signing key and two diplomas, and a role granted.
 */
async function chainFixture() {
  const f = await deployAdminSuite(connection);
  const { accounts } = f;
  const entry = async (address: string) => ({
    proxy: address,
    implementation: address,
    deploymentBlock: 0,
    deploymentTx: "0x",
    implementationBlock: 0,
    implementationTx: "0x",
    version: "1.0.0",
  });
  const deployment: SuiteDeployment = {
    ...f.suite.deployment,
    contracts: {
      ...f.suite.deployment.contracts,
      CitizenRegistry: await entry(await f.citizens.getAddress()),
      Elections: await entry(await f.elections.getAddress()),
    },
  };
  const registrar = f.citizens.connect(accounts.civilRegistrar);
  for (let index = 0; index < 6; index++) {
    const commitment = BigInt(id(`commitment ${index}`)) >> 8n;
    await registrar.registerCitizen(id(`citizen ${index}`), TOWN, ADULT, commitment, BASIS);
  }
  const registry = await f.citizens.getAddress();
  const changes = await readCitizenChanges({ provider: connection.ethers.provider, registry });
  const census = computeCensus({ changes, jurisdiction: TOWN, requiredFlags: ADULT });
  const opensAt = (await networkHelpers.time.latest()) + 3 * DAY;
  await f.elections.connect(accounts.electionOfficer).createPoll({
    metadataHash: id("question and options"),
    rule: 0,
    optionCount: 3,
    maxChoices: 0,
    revoting: true,
    opensAt,
    closesAt: opensAt + 7 * DAY,
    budget: 0n,
    costs: [],
    census: {
      jurisdiction: TOWN,
      requiredFlags: ADULT,
      size: census.size,
      sequence: census.sequence,
      depth: 3,
      root: census.root,
    },
  });
  const land = f.property.connect(accounts.landRegistrar);
  await land.registerTitle("UT-1", accounts.alice.address, id("deed 1"), "ipfs://1");
  await land.registerTitle("UT-2", accounts.bob.address, id("deed 2"), "ipfs://2");
  const asAccreditor = f.diplomas.connect(accounts.accreditor);
  await asAccreditor.registerInstitution("University of Utopia", "0x5554", id("accreditation"));
  await asAccreditor.bindIssuer(accounts.diplomaIssuer.address, 1);
  const asIssuer = f.diplomas.connect(accounts.diplomaIssuer);
  await asIssuer.publishSigningKey((await institutionKey({ seed: SEED })).publicKey);
  for (const label of ["MSc 1", "MSc 2"]) {
    await asIssuer.issue({
      documentHash: id(label),
      holderCommitment: id(`holder ${label}`),
      holderWallet: ZeroAddress,
      programmeCode: encodeBytes32String("MSC"),
      awardedAt: (await networkHelpers.time.latest()) - DAY,
    });
  }
  await f.authority.connect(accounts.admin).grantRole(777n, accounts.carol.address, 0);
  // The most logs one contract wrote in one block, and where.
  const perBlock = new Map<string, number>();
  for (const log of await connection.ethers.provider.getLogs({ fromBlock: 0, toBlock: "latest" })) {
    const key = `${log.address} ${log.blockNumber}`;
    perBlock.set(key, (perBlock.get(key) ?? 0) + 1);
  }
  const [busiest, mostLogs] = [...perBlock].reduce((a, b) => (b[1] > a[1] ? b : a));
  const [busiestAddress, busiestBlock] = busiest.split(" ");
  return { ...f, deployment, census, busiestAddress, busiestBlock: Number(busiestBlock), mostLogs };
}

type Fixture = Awaited<ReturnType<typeof chainFixture>>;

/** A JSON-RPC provider of the proxy, new for every reader so that each starts from the default range. */
function through(proxy: LogProxy): Provider {
  return new JsonRpcProvider(proxy.url, Network.from(31337), { staticNetwork: true, batchMaxCount: 1 });
}

describe("Reading logs through an endpoint that limits eth_getLogs", function () {
  let proxy: LogProxy;
  let f: Fixture;

  beforeEach(async function () {
    f = await networkHelpers.loadFixture(chainFixture);
    proxy = await startLogProxy({ node: connection.provider, maxBlocks: MAX_BLOCKS, maxLogs: f.mostLogs });
  });

  afterEach(async function () {
    await proxy.close();
  });

  /**
   * Runs `read` directly against the node and through the proxy, expects both to give the same answer, and that the
   * proxy refused the reader's first requests and served none beyond its limits.
   */
  async function sameThroughProxy<T>(read: (provider: Provider) => Promise<T>): Promise<T> {
    const direct = await read(connection.ethers.provider);
    proxy.requests.length = 0;
    const proxied = await read(through(proxy));
    expect(proxied).to.deep.equal(direct);
    const refused = proxy.requests.filter((request) => typeof request.outcome !== "number");
    expect(refused.length, "requests refused").to.be.greaterThan(0);
    for (const request of proxy.requests.filter((request) => typeof request.outcome === "number")) {
      expect(request.toBlock - request.fromBlock + 1).to.be.at.most(MAX_BLOCKS);
      expect(request.outcome).to.be.at.most(f.mostLogs);
    }
    return proxied;
  }

  it("halves the range until the node serves it, then grows it back after pages that pass", async function () {
    const provider = through(proxy);
    await readCitizenChanges({ provider, registry: ZeroAddress });
    const { requests } = proxy;
    const widths = requests.map((request) => request.toBlock - request.fromBlock + 1);
    const served = requests.filter((request) => typeof request.outcome === "number");
    // The whole chain asked first, then halves of it until the node serves the range.
    const first = requests.indexOf(served[0]);
    expect(first).to.be.greaterThan(0);
    expect(requests[0]).to.deep.include({ fromBlock: 0, outcome: "too many blocks" });
    for (let index = 1; index <= first; index++) {
      expect(widths[index]).to.equal(Math.floor(widths[index - 1] / 2));
      if (index < first) expect(requests[index].outcome).to.equal("too many blocks");
    }
    expect(widths[first]).to.be.at.most(MAX_BLOCKS);
    // Then the range doubles after three pages that pass, and is halved again where the node refuses.
    const grown = widths.findIndex((width, index) => index > first && width > widths[index - 1]);
    expect(grown).to.equal(first + 3);
    expect(widths[grown]).to.equal(widths[first] * 2);
    expect(requests.slice(first + 1).some((request) => request.outcome === "too many blocks")).to.equal(true);
    // Every block once, in order, up to the latest.
    served.forEach((request, index) =>
      expect(request.fromBlock).to.equal(index === 0 ? 0 : served[index - 1].toBlock + 1),
    );
    expect(served.at(-1)!.toBlock).to.equal(await connection.ethers.provider.getBlockNumber());
  });

  it("reads the census, the census currency and the tally check", async function () {
    const registry = await f.citizens.getAddress();
    const changes = await sameThroughProxy((provider) => readCitizenChanges({ provider, registry }));
    expect(changes).to.have.length(6);
    const currency = await sameThroughProxy((provider) =>
      checkCensusCurrency({
        provider,
        elections: f.deployment.contracts.Elections!.proxy,
        registry,
        pollId: 1n,
        census: { jurisdiction: TOWN, requiredFlags: ADULT, sequence: f.census.sequence },
      }),
    );
    expect(currency).to.not.equal(undefined);
    const tally = await sameThroughProxy((provider) =>
      verifyTally({ elections: f.elections.connect(provider), provider, pollId: 1n }),
    );
    expect(tally.matches).to.equal(true);
  });

  it("replays a register and scans its logs for a bulk comparison", async function () {
    const address = await f.citizens.getAddress();
    const replayed = await sameThroughProxy(async (provider) => {
      const logs = await fetchTimedLogs({ provider, address });
      return {
        logs: logs.map(({ log, timestamp }) => [log.blockNumber, log.index, log.transactionHash, timestamp]),
        state: replayCitizenRegistry({ logs }),
      };
    });
    expect(replayed.state.order).to.have.length(6);
    const topic = f.citizens.interface.getEvent("CitizenRegistered").topicHash;
    const keys = await sameThroughProxy(async (provider) => {
      const table = await writtenKeys({ provider, address, fromBlock: 0, topics: [topic], keyTopic: 1 });
      return Array.from({ length: 7 }, (_, index) => table.get(id(`citizen ${index}`)));
    });
    expect(keys).to.deep.equal([...Array(6).fill(""), undefined]);
  });

  it("lists roles, builds status lists, reads extract facts and the SDK's reads and history", async function () {
    const suiteOf = (provider: Provider) => connectSuite({ deployment: f.deployment, runner: provider });
    const roles = await sameThroughProxy((provider) => listRoles({ suite: suiteOf(provider) }));
    expect(roles.flatMap((role) => role.members).length).to.be.greaterThan(0);
    const now = new Date((await networkHelpers.time.latest()) * 1000);
    const lists = await sameThroughProxy(async (provider) =>
      (
        await buildStatusLists({
          suite: suiteOf(provider),
          institutionId: 1,
          seed: SEED,
          baseUrl: "https://x.test",
          now,
        })
      ).map((file) => [file.url, file.setIndices]),
    );
    expect(lists.length).to.be.greaterThan(0);
    const facts = await sameThroughProxy((provider) =>
      readFacts(suiteOf(provider), { kind: "title", cadastralReference: "UT-2" }),
    );
    expect(facts).to.deep.include({ kind: "title", cadastralReference: "UT-2" });
    const title = await sameThroughProxy((provider) =>
      getTitle({ suite: suiteOf(provider), cadastralReference: "UT-1" }),
    );
    expect(title.history.length).to.be.greaterThan(0);
    const history = await sameThroughProxy(async (provider) =>
      (await getHistory({ suite: suiteOf(provider), registry: "DiplomaRegistry" })).map((event) => [
        event.name,
        event.blockNumber,
        event.logIndex,
      ]),
    );
    expect(history.filter(([name]) => name === "DiplomaIssued")).to.have.length(2);
  });

  it("reads within the maximum given to connect, and refuses a maximum out of bounds", async function () {
    const suite = await connect({ deployment: f.deployment, runner: through(proxy), maxLogBlockRange: 2 });
    proxy.requests.length = 0;
    const roles = await listRoles({ suite });
    expect(roles).to.deep.equal(
      await listRoles({ suite: connectSuite({ deployment: f.deployment, runner: connection.ethers.provider }) }),
    );
    expect(proxy.requests.length).to.be.greaterThan(0);
    for (const request of proxy.requests) {
      expect(request.toBlock - request.fromBlock + 1).to.be.at.most(2);
      expect(request.outcome).to.be.a("number");
    }
    for (const maxLogBlockRange of [0, 2.5, 1_000_001]) {
      const error = await connect({ deployment: f.deployment, runner: through(proxy), maxLogBlockRange }).catch(
        (caught: unknown) => caught,
      );
      expect(error).to.be.instanceOf(InvalidInputError);
      expect((error as Error).message).to.equal(
        "maxLogBlockRange: must be a whole number of blocks from 1 to 1,000,000",
      );
    }
  });

  it("fails naming the node, the contract and the block when the node refuses a single block", async function () {
    await proxy.close();
    proxy = await startLogProxy({ node: connection.provider, maxBlocks: MAX_BLOCKS, maxLogs: f.mostLogs - 1 });
    const error = await readLogs({ provider: through(proxy), address: f.busiestAddress, fromBlock: f.busiestBlock })
      .then(() => undefined)
      .catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(LogReadError);
    expect((error as Error).message).to.equal(
      `the node at ${proxy.url} refuses the logs of ${f.busiestAddress} in block ${f.busiestBlock} alone, the smallest range there is: query returned more than ${f.mostLogs - 1} results`,
    );
  });
});
