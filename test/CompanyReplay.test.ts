import { expect } from "chai";
import { id, toUtf8Bytes, zeroPadBytes, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

import { CompanyRegistry__factory } from "../src/contracts.js";
import { COMPANY_REGISTRY_EVENTS, fetchTimedLogs, replayCompanyRegistry } from "../src/replay.js";
import { Roles } from "../src/roles.js";
import { deploySuite, TEST_DELAYS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const Status = { Incorporated: 1n, Active: 2n, Suspended: 3n, InLiquidation: 4n, Dissolved: 5n } as const;
const Kind = { Registration: 0n, Sale: 1n, CourtOrder: 2n } as const;
const doc = (label: string) => id(label);
const particulars = (name: string, form: string, jurisdiction: string) => ({
  name,
  legalForm: zeroPadBytes(toUtf8Bytes(form), 4),
  jurisdiction: zeroPadBytes(toUtf8Bytes(jurisdiction), 6),
  registeredAddressHash: doc(`${name} registered office`),
});

/** The suite with `bank` holding TRANSFER_AGENT, so that owner changes can be sent directly. */
async function replayFixture() {
  const suite = await deploySuite(connection);
  await suite.authority.grantRole(Roles.TRANSFER_AGENT, suite.accounts.bank.address, 0);
  await networkHelpers.time.increase(TEST_DELAYS.recovery);
  return {
    ...suite,
    registrar: suite.companies.connect(suite.accounts.companyRegistrar),
    agent: suite.companies.connect(suite.accounts.bank),
  };
}

describe("Company register replay", function () {
  it("folds every event of the CompanyRegistry ABI", function () {
    const events = CompanyRegistry__factory.abi.filter((fragment) => fragment.type === "event").map((e) => e.name);
    expect([...COMPANY_REGISTRY_EVENTS].sort()).to.deep.equal(events.sort());
  });

  it("rebuilds every company, its owners, directors, filings and status from events alone", async function () {
    const { companies, registrar, agent, accounts } = await networkHelpers.loadFixture(replayFixture);
    const { alice, bob, carol, outsider: dave } = accounts;
    await (
      await registrar.registerCompany("HRB 1001", particulars("Acme GmbH", "2HBR", "DE-BY"), alice, doc("a"))
    ).wait();
    await (await registrar.registerCompany("HRB 1002", particulars("Beta AG", "6QQB", "DE"), bob, doc("b"))).wait();
    const acme = await companies.companyIdOf("HRB 1001");
    const beta = await companies.companyIdOf("HRB 1002");
    const today = async () => (await networkHelpers.time.latest()) - 60;
    const steps = [
      async () => registrar.updateParticulars(acme, particulars("Acme Widgets GmbH", "2HBR", "DE-BY"), doc("amend")),
      async () => registrar.changeStatus(acme, Status.Active, doc("decision: active")),
      async () => registrar.appointDirector(acme, id("jane"), carol, await today(), doc("jane appointed")),
      async () => registrar.appointDirector(acme, id("john"), ZeroAddress, await today(), doc("john appointed")),
      async () => registrar.fileDocument(acme, 1, doc("accounts 2026")),
      async () => agent.changeOwner(acme, alice, dave, Kind.Sale, doc("deed"), ZeroHash),
      async () => registrar.removeDirector(acme, 0, await today(), doc("jane resigned")),
      async () => companies.connect(accounts.guardian).pause(),
      async () => companies.unpause(),
      async () => registrar.fileDocument(acme, 2, doc("articles")),
      async () => registrar.changeStatus(beta, Status.InLiquidation, doc("decision: wind up")),
      async () => agent.changeOwner(beta, bob, carol, Kind.CourtOrder, doc("court order"), ZeroHash),
      async () => registrar.changeStatus(beta, Status.Dissolved, doc("decision: dissolved")),
      async () => registrar.changeStatus(acme, Status.Suspended, doc("decision: suspended")),
    ];
    for (const step of steps) {
      await (await step()).wait();
      await networkHelpers.time.increase(3600);
    }

    const state = replayCompanyRegistry({
      logs: await fetchTimedLogs({ provider: ethers.provider, address: await companies.getAddress() }),
    });

    expect([...state.companies.keys()]).to.deep.equal([acme, beta]);
    for (const companyId of [acme, beta]) {
      const read = await companies.companyOf(companyId);
      const c = state.companies.get(companyId)!;
      expect({
        owner: c.owner,
        status: c.status,
        registeredAt: BigInt(c.registeredAt),
        statusSince: BigInt(c.statusSince),
        ownerSince: BigInt(c.ownerSince),
        ownershipHistoryLength: BigInt(c.history.length),
        directorCount: BigInt(c.directors.length),
        servingDirectorCount: BigInt(c.servingDirectorCount),
        filingCount: BigInt(c.filings.length),
        incorporationDocumentHash: c.incorporationDocumentHash,
        particulars: c.particulars,
      }).to.deep.equal({
        owner: read.owner,
        status: read.status,
        registeredAt: read.registeredAt,
        statusSince: read.statusSince,
        ownerSince: read.ownerSince,
        ownershipHistoryLength: read.ownershipHistoryLength,
        directorCount: read.directorCount,
        servingDirectorCount: read.servingDirectorCount,
        filingCount: read.filingCount,
        incorporationDocumentHash: read.incorporationDocumentHash,
        particulars: {
          name: read.particulars.name,
          legalForm: read.particulars.legalForm,
          jurisdiction: read.particulars.jurisdiction,
          registeredAddressHash: read.particulars.registeredAddressHash,
        },
      });
      const history = await companies.ownershipHistory(companyId, 0, 10);
      expect(c.history).to.deep.equal(
        history.map((r) => ({ owner: r.owner, since: Number(r.since), kind: r.kind, basis: r.basis })),
      );
      const directors = await companies.directors(companyId, 0, 10);
      expect(c.directors.map((d) => [d.commitment, d.account, d.appointedOn, d.removedOn])).to.deep.equal(
        directors.map((d) => [d.commitment, d.account, Number(d.appointedOn), Number(d.removedOn)]),
      );
      const filings = await companies.filings(companyId, 0, 10);
      expect(c.filings).to.deep.equal(
        filings.map((f) => ({ documentHash: f.documentHash, filingType: f.filingType, filedAt: Number(f.filedAt) })),
      );
    }
    const acmeState = state.companies.get(acme)!;
    expect(acmeState.particularsDocumentHash).to.equal(doc("amend"));
    expect(acmeState.decisions.map((d) => [d.from, d.to, d.decisionHash])).to.deep.equal([
      [Status.Incorporated, Status.Active, doc("decision: active")],
      [Status.Active, Status.Suspended, doc("decision: suspended")],
    ]);
    expect(acmeState.directors[0]!.removalDocumentHash).to.equal(doc("jane resigned"));
    expect(acmeState.directors[1]!.removalDocumentHash).to.equal(ZeroHash);
    expect(state.balances.get(dave.address)).to.equal(1n);
    expect(state.balances.get(carol.address)).to.equal(1n);
    expect(state.balances.get(alice.address)).to.equal(0n);
    expect(state.paused).to.equal(await companies.paused());
    expect(state.authority).to.equal(await companies.authority());
    expect(state.initializedVersion).to.equal(1n);
  });

  it("refuses logs with a change missing: an owner change from someone who is not the owner", async function () {
    const { companies, registrar, agent, accounts } = await networkHelpers.loadFixture(replayFixture);
    await (
      await registrar.registerCompany("HRB 1001", particulars("Acme GmbH", "2HBR", "DE"), accounts.alice, doc("a"))
    ).wait();
    const acme = await companies.companyIdOf("HRB 1001");
    await (await agent.changeOwner(acme, accounts.alice, accounts.bob, Kind.Sale, doc("deed 1"), ZeroHash)).wait();
    await (await agent.changeOwner(acme, accounts.bob, accounts.carol, Kind.Sale, doc("deed 2"), ZeroHash)).wait();
    const logs = await fetchTimedLogs({ provider: ethers.provider, address: await companies.getAddress() });
    const iface = CompanyRegistry__factory.createInterface();
    const withoutFirstSale = logs.filter(
      ({ log }, index) =>
        iface.parseLog(log)?.name !== "ControllingOwnerChanged" ||
        logs.findIndex(({ log: l }) => iface.parseLog(l)?.name === "ControllingOwnerChanged") !== index,
    );
    expect(() => replayCompanyRegistry({ logs: withoutFirstSale })).to.throw(
      "owner change from another owner or history position",
    );
  });
});
