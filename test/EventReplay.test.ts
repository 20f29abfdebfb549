import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { expect } from "chai";
import { ZeroAddress, ZeroHash, id, type ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import {
  fetchTimedLogs,
  replayOwnershipTransfer,
  replayPropertyRegistry,
  replayedEscrow,
  replayedTokenURI,
} from "../src/replay.js";
import { Roles } from "../src/roles.js";
import { OfferStatus, TitleStatus, timeOrNull } from "../src/vocabulary.js";
import { MockERC20__factory, type MockERC20 } from "../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite, type Suite } from "./helpers/fixture.js";
import { SIGNED_OFFER_TYPES, offerDomain, offerMessage, type Offer } from "./helpers/sales.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const SEED = 20_240_917;
const OPERATIONS = 180;
const HOUR = 3600;
const MAX_PARCELS = 12;

/** mulberry32: a small seeded generator, so that the sequence is random but the same on every run. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

async function replayFixture() {
  const suite = await deploySuite(connection);
  const token = await new MockERC20__factory(suite.accounts.admin).deploy("Test Token", "TEST");
  const signers = await ethers.getSigners();
  const { alice, bob, carol, bank, outsider } = suite.accounts;
  const actors = [alice, bob, carol, bank, outsider, ...signers.slice(14, 18)];
  return { ...suite, token, actors };
}

/** Drives the land register and the transfer contract through random but reproducible operations. */
class Driver {
  readonly parcels: bigint[] = [];
  readonly offers: Offer[] = [];
  readonly succeeded = new Map<string, number>();
  private nonce = 0n;
  private readonly random = generator(SEED);

  constructor(
    private readonly suite: Suite,
    private readonly token: MockERC20,
    private readonly actors: HardhatEthersSigner[],
  ) {}

  /** The write paths of the land register and the transfer contract, each tried with plausible arguments. */
  readonly operations: Record<string, () => Promise<unknown>> = {
    registerTitle: () => this.registerTitle(),
    registerTitlesInBulk: () => this.registerTitlesInBulk(),
    updateTitleDocument: () => this.updateTitleDocument(),
    freezeTitle: () => this.registrar("freezeTitle", (p, parcelId) => p.freezeTitle(parcelId, this.hash("freeze"))),
    unfreezeTitle: () =>
      this.registrar("unfreezeTitle", (p, parcelId) => p.unfreezeTitle(parcelId, this.hash("unfreeze"))),
    retireTitle: () => this.retireTitle(),
    registerLien: () => this.registerLien(),
    releaseLien: () => this.releaseLien(),
    consentToSale: () => this.consentToSale(),
    setBaseURI: () => this.run("setBaseURI", () => this.suite.property.setBaseURI(`ipfs://titles-${this.nonce++}/`)),
    pauseBriefly: () => this.pauseBriefly(),
    setRegistryPolicy: () => this.setRegistryPolicy(),
    openOffer: () => this.openOffer(),
    cancelOffer: () => this.onOffer("cancelOffer", [OfferStatus.Open], (o) => this.as(o.seller).cancelOffer(o)),
    acceptOffer: () => this.acceptOffer(),
    approveOffer: () =>
      this.onOffer("approveOffer", [OfferStatus.Accepted], (o) =>
        this.suite.transfer.connect(this.suite.accounts.landRegistrar).approveOffer(o),
      ),
    rejectOffer: () =>
      this.onOffer("rejectOffer", [OfferStatus.Open, OfferStatus.Accepted, OfferStatus.Approved], (o) =>
        this.suite.transfer.connect(this.suite.accounts.landRegistrar).rejectOffer(o, this.hash("refusal")),
      ),
    settleOffer: () => this.settleOffer(),
    expireOffer: () =>
      this.onOffer("expireOffer", [OfferStatus.Open, OfferStatus.Accepted, OfferStatus.Approved], (o) =>
        this.suite.transfer.connect(this.random.pick(this.actors)).expireOffer(o),
      ),
    withdraw: () => this.withdraw(),
    executeCourtOrder: () => this.executeCourtOrder(),
    recoverKeys: () => this.recoverKeys(),
    recoverEscrow: () => this.recoverEscrow(),
    wait: () => this.run("wait", async () => time.increase(1 + this.random.int(3 * 24 * HOUR))),
  };

  /** How often each operation is drawn, relative to the others: sales need several steps in a row to progress. */
  private readonly weights: Readonly<Record<string, number>> = {
    openOffer: 4,
    acceptOffer: 4,
    approveOffer: 4,
    settleOffer: 4,
    withdraw: 3,
    expireOffer: 2,
    unfreezeTitle: 2,
    consentToSale: 2,
  };

  async step(): Promise<void> {
    const names = Object.keys(this.operations).flatMap((name) => Array(this.weights[name] ?? 1).fill(name));
    await this.operations[this.random.pick(names)]!();
  }

  private async registerTitle(): Promise<void> {
    const n = this.parcels.length;
    if (n >= MAX_PARCELS) return;
    const uri = this.random.chance(0.5) ? `ipfs://parcel-${n}` : "";
    const ok = await this.run("registerTitle", () =>
      this.suite.property
        .connect(this.suite.accounts.landRegistrar)
        .registerTitle(`CAD-${n}`, this.random.pick(this.actors).address, id(`survey ${n}`), uri),
    );
    if (ok) this.parcels.push(BigInt(id(`CAD-${n}`)));
  }

  private async registerTitlesInBulk(): Promise<void> {
    const { property, accounts } = this.suite;
    const n = this.parcels.length;
    // Leaves the last places to single registrations, so that both paths are taken whatever the draw.
    if (n + 2 > MAX_PARCELS - 2) return;
    const calls = [n, n + 1].map((i) =>
      property.interface.encodeFunctionData("registerTitle", [
        `CAD-${i}`,
        this.random.pick(this.actors).address,
        id(`survey ${i}`),
        "",
      ]),
    );
    if (await this.run("registerTitlesInBulk", () => property.connect(accounts.landRegistrar).multicall(calls))) {
      this.parcels.push(BigInt(id(`CAD-${n}`)), BigInt(id(`CAD-${n + 1}`)));
    }
  }

  private async updateTitleDocument(): Promise<void> {
    const uri = this.random.chance(0.5) ? `ipfs://survey-${this.nonce}` : "";
    await this.registrar("updateTitleDocument", (p, parcelId) =>
      p.updateTitleDocument(parcelId, this.hash("survey"), uri),
    );
  }

  private async retireTitle(): Promise<void> {
    if (this.random.chance(0.3)) {
      await this.registrar("retireTitle", (p, parcelId) => p.retireTitle(parcelId, this.hash("retire")));
    }
  }

  private async registerLien(): Promise<void> {
    const holder = this.random.pick(this.actors).address;
    await this.registrar("registerLien", (p, parcelId) => p.registerLien(parcelId, holder, this.hash("mortgage")));
  }

  private async releaseLien(): Promise<void> {
    const count = await this.suite.property.lienCount();
    if (count === 0n) return;
    const lienId = BigInt(1 + this.random.int(Number(count)));
    await this.run("releaseLien", () =>
      this.suite.property.connect(this.suite.accounts.landRegistrar).releaseLien(lienId, this.hash("discharge")),
    );
  }

  /**
   * The holder of a lien still active consents to an offer of its parcel (any offer when its parcel has none), or
   * withdraws the consent it gave before.
   */
  private async consentToSale(): Promise<void> {
    const { property, transfer } = this.suite;
    const count = await property.lienCount();
    if (count === 0n || this.offers.length === 0) return;
    const lienId = BigInt(1 + this.random.int(Number(count)));
    const lien = await property.lienOf(lienId);
    if (lien.releasedAt !== 0n) return;
    const holder = property.connect(this.signer(lien.holder));
    if (lien.consentOfferId !== ZeroHash) {
      await this.run("withdrawConsent", () => holder.withdrawConsent(lienId));
      return;
    }
    const offer = this.offers.find((o) => o.recordId === lien.parcelId) ?? this.random.pick(this.offers);
    const offerId = await transfer.hashOffer(offer);
    await this.run("consentToSale", () => holder.consentToSale(lienId, offerId));
  }

  private async pauseBriefly(): Promise<void> {
    const { accounts, property, transfer } = this.suite;
    const ofTransfer = this.random.chance(0.5);
    const target = (signer: HardhatEthersSigner) => (ofTransfer ? transfer.connect(signer) : property.connect(signer));
    if (await this.run("pause", () => target(accounts.guardian).pause())) {
      await this.withdraw();
      await this.run("unpause", () => target(accounts.admin).unpause());
    }
  }

  private async setRegistryPolicy(): Promise<void> {
    const { transfer, property } = this.suite;
    const enabled = this.random.chance(0.85);
    const policy = { enabled, approvalRequired: this.random.chance(0.6), approverRole: Roles.LAND_REGISTRAR };
    await this.run("setRegistryPolicy", () => transfer.setRegistryPolicy(property, policy));
  }

  private async openOffer(): Promise<void> {
    if (this.parcels.length === 0) return;
    const { transfer, property } = this.suite;
    const recordId = this.random.pick(this.parcels);
    const seller = (await property.titleOf(recordId)).owner;
    const buyer = this.random.pick(this.actors.filter((a) => a.address !== seller)).address;
    const offer: Offer = {
      registry: await property.getAddress(),
      recordId,
      seller,
      buyer,
      token: this.random.chance(0.5) ? ZeroAddress : await this.token.getAddress(),
      price: BigInt(1 + this.random.int(1_000_000)) * 10n ** 12n,
      deadline: BigInt(await time.latest()) + BigInt(HOUR + this.random.int(10 * 24 * HOUR)),
      deedHash: this.hash("sale deed"),
      nonce: this.nonce++,
    };
    const way = this.random.int(3);
    if (way === 0) {
      if (await this.run("openOffer", () => this.as(seller).openOffer(offer))) this.offers.push(offer);
      return;
    }
    const signature = await this.signer(seller).signTypedData(
      await offerDomain(ethers, transfer),
      SIGNED_OFFER_TYPES,
      await offerMessage(ethers, offer),
    );
    if (way === 1) {
      const submitter = this.random.pick(this.actors);
      if (await this.run("openOfferBySig", () => transfer.connect(submitter).openOfferBySig(offer, signature))) {
        this.offers.push(offer);
      }
    } else if (await this.run("cancelSignedOffer", () => this.as(seller).cancelOffer(offer))) {
      this.offers.push(offer);
    }
  }

  private async acceptOffer(): Promise<void> {
    await this.onOffer("acceptOffer", [OfferStatus.Open], async (o) => {
      const buyer = this.signer(o.buyer);
      if (o.token === ZeroAddress) return this.suite.transfer.connect(buyer).acceptOffer(o, { value: o.price });
      await (await this.token.mint(o.buyer, o.price)).wait();
      await (await this.token.connect(buyer).approve(this.suite.transfer, o.price)).wait();
      return this.suite.transfer.connect(buyer).acceptOffer(o);
    });
  }

  private async settleOffer(): Promise<void> {
    await this.onOffer("settleOffer", [OfferStatus.Accepted, OfferStatus.Approved], async (o) => {
      const { property } = this.suite;
      for (const lienId of await property.activeLiens(o.recordId)) {
        const holder = (await property.lienOf(lienId)).holder;
        const offerId = await this.suite.transfer.hashOffer(o);
        await this.run("consentToSale", () => property.connect(this.signer(holder)).consentToSale(lienId, offerId));
      }
      return this.suite.transfer.connect(this.random.pick(this.actors)).settleOffer(o);
    });
  }

  private async withdraw(): Promise<void> {
    const due = await this.pickOfferWithEscrowDue();
    if (due === undefined) return;
    const [offer, payee] = due;
    await this.run("withdraw", () => this.as(payee).withdraw(offer, this.random.pick(this.actors).address));
  }

  private async executeCourtOrder(): Promise<void> {
    const to = this.random.pick(this.actors).address;
    await this.registrar("executeCourtOrder", (_, parcelId) =>
      this.suite.transfer
        .connect(this.suite.accounts.courtOfficer)
        .executeCourtOrder(this.suite.property, parcelId, to, this.hash("court order")),
    );
  }

  private async recoverKeys(): Promise<void> {
    if (this.parcels.length === 0) return;
    const { property, transfer } = this.suite;
    const lost = (await property.titleOf(this.random.pick(this.parcels))).owner;
    const owned: bigint[] = [];
    for (const parcelId of this.parcels) if ((await property.titleOf(parcelId)).owner === lost) owned.push(parcelId);
    const newAccount = this.random.pick(this.actors.filter((a) => a.address !== lost)).address;
    const data = transfer.interface.encodeFunctionData("recoverKeys", [
      await property.getAddress(),
      lost,
      newAccount,
      owned,
      this.hash("recovery order"),
    ]);
    await this.scheduled("recoverKeys", data);
  }

  private async recoverEscrow(): Promise<void> {
    const due = await this.pickOfferWithEscrowDue();
    if (due === undefined) return;
    const [offer, lost] = due;
    const newAccount = this.random.pick(this.actors.filter((a) => a.address !== lost)).address;
    await this.scheduled(
      "recoverEscrow",
      this.suite.transfer.interface.encodeFunctionData("recoverEscrow", [
        offer,
        lost,
        newAccount,
        this.hash("escrow recovery order"),
      ]),
    );
  }

  /** Schedules a recovery in the authority, waits out the delay and executes it. */
  private async scheduled(name: string, data: string): Promise<boolean> {
    const { authority, transfer, accounts } = this.suite;
    const officer = authority.connect(accounts.recoveryOfficer);
    if (!(await this.run("schedule", () => officer.schedule(transfer, data, 0)))) return false;
    await time.increase(TEST_DELAYS.recovery);
    return this.run(name, () => officer.execute(transfer, data));
  }

  /** Runs an operation on a random parcel, given the land register as the land registrar. */
  private async registrar(
    name: string,
    write: (property: Suite["property"], parcelId: bigint) => Promise<ContractTransactionResponse>,
  ): Promise<void> {
    if (this.parcels.length === 0) return;
    const parcelId = this.random.pick(this.parcels);
    const property = this.suite.property.connect(this.suite.accounts.landRegistrar);
    await this.run(name, () => write(property, parcelId));
  }

  /** A random offer whose escrow is due to a payee, with that payee. */
  private async pickOfferWithEscrowDue(): Promise<[Offer, string] | undefined> {
    const due: [Offer, string][] = [];
    for (const offer of this.offers) {
      const state = await this.suite.transfer.offerState(await this.suite.transfer.hashOffer(offer));
      if (!state.deposited || state.fundsReleased) continue;
      if (state.status === OfferStatus.Settled) due.push([offer, offer.seller]);
      if (state.status === OfferStatus.Rejected || state.status === OfferStatus.Expired) due.push([offer, offer.buyer]);
    }
    return due.length === 0 ? undefined : this.random.pick(due);
  }

  /** Runs an operation on a random offer whose current status is one of `statuses`. */
  private async onOffer(
    name: string,
    statuses: readonly bigint[],
    write: (offer: Offer) => Promise<ContractTransactionResponse>,
  ): Promise<void> {
    const candidates: Offer[] = [];
    for (const offer of this.offers) {
      const state = await this.suite.transfer.offerState(await this.suite.transfer.hashOffer(offer));
      if (statuses.includes(state.status)) candidates.push(offer);
    }
    if (candidates.length === 0) return;
    const offer = this.random.pick(candidates);
    await this.run(name, () => write(offer));
  }

  /** Sends a transaction; counts it when it succeeds. A revert is part of the game and is not counted. */
  private async run(name: string, send: () => Promise<ContractTransactionResponse | number | undefined>) {
    try {
      const tx = await send();
      if (typeof tx === "object" && tx !== null) await tx.wait();
    } catch {
      return false;
    }
    this.succeeded.set(name, (this.succeeded.get(name) ?? 0) + 1);
    return true;
  }

  private as(account: string) {
    return this.suite.transfer.connect(this.signer(account));
  }

  private signer(account: string): HardhatEthersSigner {
    const signer = this.actors.find((a) => a.address === account);
    if (signer === undefined) throw new Error(`no signer for ${account}`);
    return signer;
  }

  private hash(label: string): string {
    return id(`${label} ${this.nonce++}`);
  }
}

describe("Event replay", function () {
  it("a long random sequence of land and transfer operations can be rebuilt from events alone", async function () {
    const { actors, token, ...suite } = await networkHelpers.loadFixture(replayFixture);
    const { property, transfer } = suite;
    const driver = new Driver(suite, token, actors);
    let steps = 0;
    while ([...driver.succeeded.values()].reduce((a, b) => a + b, 0) < OPERATIONS && steps < 20 * OPERATIONS) {
      await driver.step();
      steps++;
    }

    const everyWrite = [
      "registerTitle",
      "registerTitlesInBulk",
      "updateTitleDocument",
      "freezeTitle",
      "unfreezeTitle",
      "retireTitle",
      "registerLien",
      "releaseLien",
      "consentToSale",
      "withdrawConsent",
      "setBaseURI",
      "pause",
      "unpause",
      "setRegistryPolicy",
      "openOffer",
      "openOfferBySig",
      "cancelSignedOffer",
      "cancelOffer",
      "acceptOffer",
      "approveOffer",
      "rejectOffer",
      "settleOffer",
      "expireOffer",
      "withdraw",
      "executeCourtOrder",
      "recoverKeys",
      "recoverEscrow",
    ];
    expect(
      everyWrite.filter((name) => !driver.succeeded.has(name)),
      "writes never made",
    ).to.deep.equal([]);

    const provider = ethers.provider;
    const land = replayPropertyRegistry({
      logs: await fetchTimedLogs({ provider, address: await property.getAddress() }),
    });
    const sales = replayOwnershipTransfer({
      logs: await fetchTimedLogs({ provider, address: await transfer.getAddress() }),
    });

    expect([...land.titles.keys()].sort()).to.deep.equal([...driver.parcels].sort());
    for (const [parcelId, expected] of land.titles) {
      const title = await property.titleOf(parcelId);
      expect(await property.parcelIdOf(expected.cadastralReference)).to.equal(parcelId);
      if (expected.status === TitleStatus.Retired) {
        // A retired title is burnt in the ERC-721 view; the register keeps its last owner.
        await expect(property.ownerOf(parcelId))
          .to.be.revertedWithCustomError(property, "PropertyRegistryUnexpectedStatus")
          .withArgs(parcelId, TitleStatus.Retired);
      } else {
        expect(await property.ownerOf(parcelId)).to.equal(expected.owner);
        expect(await property.tokenURI(parcelId)).to.equal(replayedTokenURI({ state: land, parcelId }));
      }
      expect({
        owner: title.owner,
        status: title.status,
        registeredAt: Number(title.registeredAt),
        ownerSince: Number(title.ownerSince),
        historyLength: title.historyLength,
        activeLienCount: title.activeLienCount,
        documentHash: title.documentHash,
        metadataURI: title.metadataURI,
      }).to.deep.equal({
        owner: expected.owner,
        status: expected.status,
        registeredAt: expected.registeredAt,
        ownerSince: expected.ownerSince,
        historyLength: BigInt(expected.history.length),
        activeLienCount: BigInt(expected.activeLienIds.length),
        documentHash: expected.documentHash,
        metadataURI: expected.metadataURI,
      });
      const history = await property.ownershipHistory(parcelId, 0, 1000);
      expect(
        history.map((r) => ({ owner: r.owner, since: Number(r.since), kind: r.kind, basis: r.basis })),
      ).to.deep.equal(expected.history);
      expect(await property.activeLiens(parcelId)).to.deep.equal(expected.activeLienIds);
    }
    for (const actor of actors) {
      expect(await property.balanceOf(actor), `balance of ${actor.address}`).to.equal(
        land.balances.get(actor.address) ?? 0n,
      );
    }
    expect(await property.lienCount()).to.equal(BigInt(land.liens.size));
    for (const [lienId, expected] of land.liens) {
      const lien = await property.lienOf(lienId);
      expect({
        lienId,
        parcelId: lien.parcelId,
        holder: lien.holder,
        documentHash: lien.documentHash,
        registeredAt: Number(lien.registeredAt),
        releasedAt: timeOrNull(lien.releasedAt),
        consentOfferId: lien.consentOfferId,
      }).to.deep.equal(expected);
    }
    expect(await property.paused()).to.equal(land.paused);

    const offerIds = await Promise.all(driver.offers.map((o) => transfer.hashOffer(o)));
    expect([...sales.offers.keys()].sort()).to.deep.equal(offerIds.sort());
    for (const [offerId, expected] of sales.offers) {
      const state = await transfer.offerState(offerId);
      expect({
        status: state.status,
        approvalRequired: state.approvalRequired,
        deposited: state.deposited,
        fundsReleased: state.fundsReleased,
      }).to.deep.equal({
        status: expected.status,
        approvalRequired: expected.approvalRequired,
        deposited: expected.deposited,
        fundsReleased: expected.fundsReleased,
      });
      if (expected.terms !== undefined) expect(await transfer.hashOffer(expected.terms)).to.equal(offerId);
    }
    for (const [registry, expected] of sales.policies) {
      const policy = await transfer.registryPolicy(registry);
      expect({
        enabled: policy.enabled,
        approvalRequired: policy.approvalRequired,
        approverRole: policy.approverRole,
      }).to.deep.equal(expected);
    }
    expect(await transfer.paused()).to.equal(sales.paused);
    const escrow = replayedEscrow({ state: sales });
    expect(await provider.getBalance(transfer)).to.equal(escrow.get(ZeroAddress) ?? 0n);
    expect(await token.balanceOf(transfer)).to.equal(escrow.get(await token.getAddress()) ?? 0n);
    const changes = [...land.titles.values()].reduce((n, t) => n + t.history.length - 1, 0);
    expect(changes).to.be.greaterThan(0);
    expect(sales.orders.some((order) => order.kind === "KeyRecovery")).to.equal(true);
    expect(land.titles.size).to.be.greaterThan(0);
    expect([...land.titles.values()].some((t) => t.status === TitleStatus.Retired)).to.equal(true);
  });
});
