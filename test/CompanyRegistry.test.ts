import { anyValue } from "@nomicfoundation/hardhat-ethers-chai-matchers/withArgs";
import { expect } from "chai";
import { AbiCoder, getBytes, keccak256, toBeHex, toUtf8Bytes, zeroPadBytes, ZeroAddress } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import type { CompanyRegistry } from "../types/ethers-contracts/index.js";
import { deploySuite, TEST_DELAYS } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

// -----------------------------------------------------------------------------------------------------------------
// Values of the contract's enums
// -----------------------------------------------------------------------------------------------------------------

const Status = { None: 0n, Incorporated: 1n, Active: 2n, Suspended: 3n, InLiquidation: 4n, Dissolved: 5n } as const;
type StatusName = keyof typeof Status;
/** The statuses a registered company can have. */
type CompanyStatusName = Exclude<StatusName, "None">;
const STATUS_NAMES = Object.keys(Status) as StatusName[];
const COMPANY_STATUSES = STATUS_NAMES.filter((name) => name !== "None") as CompanyStatusName[];
const LIVE_STATUSES: CompanyStatusName[] = ["Incorporated", "Active", "Suspended", "InLiquidation"];

const Kind = { Registration: 0n, Sale: 1n, CourtOrder: 2n, KeyRecovery: 3n } as const;
type KindName = keyof typeof Kind;

// -----------------------------------------------------------------------------------------------------------------
// What the law allows, written out independently of the contract
// -----------------------------------------------------------------------------------------------------------------

const LAWFUL_TRANSITIONS = new Set([
  "Incorporated>Active",
  "Incorporated>InLiquidation",
  "Active>Suspended",
  "Active>InLiquidation",
  "Suspended>Active",
  "Suspended>InLiquidation",
  "InLiquidation>Dissolved",
]);

/** Lawful steps from Incorporated to each status. */
const PATH_TO: Record<CompanyStatusName, StatusName[]> = {
  Incorporated: [],
  Active: ["Active"],
  Suspended: ["Active", "Suspended"],
  InLiquidation: ["Active", "InLiquidation"],
  Dissolved: ["Active", "InLiquidation", "Dissolved"],
};

/** Which kinds of change of owner each status allows. */
const ALLOWED_KINDS: Record<CompanyStatusName, KindName[]> = {
  Incorporated: ["Sale", "CourtOrder", "KeyRecovery"],
  Active: ["Sale", "CourtOrder", "KeyRecovery"],
  Suspended: ["CourtOrder", "KeyRecovery"],
  InLiquidation: ["CourtOrder", "KeyRecovery"],
  Dissolved: [],
};

const FilingType = { AnnualAccounts: 1, Articles: 2, ChangeOfParticulars: 3 } as const;

// -----------------------------------------------------------------------------------------------------------------
// Test data
// -----------------------------------------------------------------------------------------------------------------

/** ASCII text left-aligned and zero-padded to `size` bytes, as legal-form and jurisdiction codes are stored. */
function ascii(text: string, size: number): string {
  return zeroPadBytes(toUtf8Bytes(text), size);
}

/** A document hash; the document itself stays off chain. */
function doc(label: string): string {
  return keccak256(toUtf8Bytes(label));
}

/** A director's salted commitment: the hash of an identity document number and a salt kept off chain. */
function commitment(identity: string, salt = "salt of " + identity): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(["string", "bytes32"], [identity, doc(salt)]));
}

function particulars(name: string, legalForm: string, jurisdiction: string, address: string) {
  return {
    name,
    legalForm: ascii(legalForm, 4),
    jurisdiction: ascii(jurisdiction, 6),
    registeredAddressHash: doc(address),
  };
}

type ParticularsInput = ReturnType<typeof particulars>;

function asTuple(p: ParticularsInput) {
  return [p.name, p.legalForm, p.jurisdiction, p.registeredAddressHash];
}

const NUMBER = "HRB 1001";
const PARTICULARS = particulars("Acme Widgets GmbH", "2HBR", "DE-BY", "Hauptstrasse 1, 80331 Muenchen");
const INCORPORATION = doc("certificate of incorporation HRB 1001");
const JANE = commitment("DE-ID L01X00T47");
const JOHN = commitment("DE-ID T22000129");
const DAY = 24 * 3600;

/** Each field of the particulars left empty, with the error it raises. */
const EMPTY_PARTICULARS = [
  ["name", "", "CompanyRegistryEmptyName"],
  ["legalForm", ascii("", 4), "CompanyRegistryEmptyLegalForm"],
  ["jurisdiction", ascii("", 6), "CompanyRegistryEmptyJurisdiction"],
  ["registeredAddressHash", "0x" + "00".repeat(32), "CompanyRegistryEmptyRegisteredAddress"],
] as const;

/** Sets the next block's time a few seconds ahead and returns it, so that errors carrying `block.timestamp` match. */
async function nextTimestamp(): Promise<number> {
  const next = (await time.latest()) + 10;
  await time.setNextBlockTimestamp(next);
  return next;
}

/** The block time of a mined transaction. */
async function minedAt(tx: ContractTransactionResponse): Promise<number> {
  const receipt = await tx.wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return block!.timestamp;
}

// -----------------------------------------------------------------------------------------------------------------
// Fixtures
// -----------------------------------------------------------------------------------------------------------------

async function suiteFixture() {
  return deploySuite(connection);
}

/** The suite with one company (HRB 1001) registered to alice. */
async function registeredFixture() {
  const suite = await deploySuite(connection);
  const registrar = suite.companies.connect(suite.accounts.companyRegistrar);
  const tx = await registrar.registerCompany(NUMBER, PARTICULARS, suite.accounts.alice.address, INCORPORATION);
  const registeredAt = await minedAt(tx);
  const companyId = await suite.companies.companyIdOf(NUMBER);
  return { ...suite, registrar, companyId, registeredAt };
}

/** As {registeredFixture}, with `bank` holding TRANSFER_AGENT so that changeOwner can be called directly. */
async function agentFixture() {
  const fixture = await registeredFixture();
  await fixture.authority.grantRole(Roles.TRANSFER_AGENT, fixture.accounts.bank.address, 0);
  await networkHelpers.time.increase(TEST_DELAYS.recovery);
  return { ...fixture, agent: fixture.companies.connect(fixture.accounts.bank) };
}

/** A dissolved company that had a director and a filing. */
async function dissolvedFixture() {
  const fixture = await registeredFixture();
  const { registrar, companyId, registeredAt } = fixture;
  await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, doc("appointment"));
  await registrar.fileDocument(companyId, FilingType.Articles, doc("articles"));
  await moveTo(registrar, companyId, "Dissolved");
  return fixture;
}

/** Walks a freshly registered company along lawful transitions to `status`. */
async function moveTo(registrar: CompanyRegistry, companyId: bigint, status: CompanyStatusName) {
  for (const step of PATH_TO[status]) {
    await registrar.changeStatus(companyId, Status[step], doc(`decision: ${step}`));
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Tests
// -----------------------------------------------------------------------------------------------------------------

describe("CompanyRegistry", function () {
  describe("deployment", function () {
    it("reports version 1.0.0", async function () {
      const { companies } = await networkHelpers.loadFixture(suiteFixture);
      expect(await companies.version()).to.equal("1.0.0");
    });

    it("is managed by the suite's authority", async function () {
      const { companies, authority } = await networkHelpers.loadFixture(suiteFixture);
      expect(await companies.authority()).to.equal(await authority.getAddress());
    });

    it("cannot be initialised twice", async function () {
      const { companies, authority } = await networkHelpers.loadFixture(suiteFixture);
      await expect(companies.initialize(await authority.getAddress())).to.be.revertedWithCustomError(
        companies,
        "InvalidInitialization",
      );
    });

    it("does not let anyone initialise the implementation", async function () {
      const { authority } = await networkHelpers.loadFixture(suiteFixture);
      const implementation = await ethers.deployContract("CompanyRegistry");
      await expect(implementation.initialize(await authority.getAddress())).to.be.revertedWithCustomError(
        implementation,
        "InvalidInitialization",
      );
    });

    it("is enabled in OwnershipTransfer with sales approved by COMPANY_REGISTRAR", async function () {
      const { companies, transfer } = await networkHelpers.loadFixture(suiteFixture);
      const policy = await transfer.registryPolicy(companies);
      expect(policy.enabled).to.equal(true);
      expect(policy.approvalRequired).to.equal(true);
      expect(policy.approverRole).to.equal(Roles.COMPANY_REGISTRAR);
    });
  });

  describe("registerCompany", function () {
    it("registers a company as Incorporated with its particulars and owner", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
      const registrar = companies.connect(accounts.companyRegistrar);
      const companyId = await companies.companyIdOf(NUMBER);
      expect(companyId).to.equal(BigInt(keccak256(toUtf8Bytes(NUMBER))));
      expect(
        await registrar.registerCompany.staticCall(NUMBER, PARTICULARS, accounts.alice.address, INCORPORATION),
      ).to.equal(companyId);

      const tx = registrar.registerCompany(NUMBER, PARTICULARS, accounts.alice.address, INCORPORATION);
      await expect(tx)
        .to.emit(companies, "CompanyRegistered")
        .withArgs(companyId, accounts.alice.address, NUMBER, asTuple(PARTICULARS), INCORPORATION);
      const registeredAt = await minedAt(await tx);

      const company = await companies.companyOf(companyId);
      expect(company.owner).to.equal(accounts.alice.address);
      expect(company.status).to.equal(Status.Incorporated);
      expect(company.registeredAt).to.equal(registeredAt);
      expect(company.statusSince).to.equal(registeredAt);
      expect(company.ownerSince).to.equal(registeredAt);
      expect(company.ownershipHistoryLength).to.equal(1n);
      expect(company.directorCount).to.equal(0n);
      expect(company.servingDirectorCount).to.equal(0n);
      expect(company.filingCount).to.equal(0n);
      expect(company.incorporationDocumentHash).to.equal(INCORPORATION);
      expect(company.particulars.name).to.equal(PARTICULARS.name);
      expect(company.particulars.legalForm).to.equal(PARTICULARS.legalForm);
      expect(company.particulars.jurisdiction).to.equal(PARTICULARS.jurisdiction);
      expect(company.particulars.registeredAddressHash).to.equal(PARTICULARS.registeredAddressHash);
      expect(await companies.ownerOf(companyId)).to.equal(accounts.alice.address);

      const history = await companies.ownershipHistory(companyId, 0, 10);
      expect(history.map((r) => [r.owner, r.since, r.kind, r.basis])).to.deep.equal([
        [accounts.alice.address, BigInt(registeredAt), Kind.Registration, INCORPORATION],
      ]);
    });

    it("keeps companies with different numbers apart", async function () {
      const { companies, registrar, accounts, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const other = particulars("Acme Widgets GmbH", "2HBR", "DE-BE", "Unter den Linden 1, 10117 Berlin");
      await registrar.registerCompany("HRB 1002", other, accounts.bob.address, doc("certificate HRB 1002"));
      const otherId = await companies.companyIdOf("HRB 1002");
      expect(otherId).to.not.equal(companyId);
      expect(await companies.ownerOf(otherId)).to.equal(accounts.bob.address);
      expect(await companies.ownerOf(companyId)).to.equal(accounts.alice.address);
    });

    it("a non-registrar cannot register a company", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
      await expect(
        companies.connect(accounts.landRegistrar).registerCompany(NUMBER, PARTICULARS, accounts.alice, INCORPORATION),
      )
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.landRegistrar.address);
    });

    it("refuses an empty company number", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
      await expect(
        companies.connect(accounts.companyRegistrar).registerCompany("", PARTICULARS, accounts.alice, INCORPORATION),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyCompanyNumber");
    });

    it("refuses a company number that is already registered", async function () {
      const { companies, registrar, accounts, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const other = particulars("Other GmbH", "2HBR", "DE-BY", "elsewhere");
      await expect(registrar.registerCompany(NUMBER, other, accounts.bob, doc("other certificate")))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryDuplicateCompanyNumber")
        .withArgs(NUMBER, companyId);
    });

    for (const [field, value, error] of EMPTY_PARTICULARS) {
      it(`refuses particulars with an empty ${field}`, async function () {
        const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
        const incomplete = { ...PARTICULARS, [field]: value };
        await expect(
          companies
            .connect(accounts.companyRegistrar)
            .registerCompany(NUMBER, incomplete, accounts.alice, INCORPORATION),
        ).to.be.revertedWithCustomError(companies, error);
      });
    }

    it("refuses the zero address as owner", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
      await expect(
        companies.connect(accounts.companyRegistrar).registerCompany(NUMBER, PARTICULARS, ZeroAddress, INCORPORATION),
      )
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidOwner")
        .withArgs(ZeroAddress);
    });

    it("refuses an empty incorporation document hash", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(suiteFixture);
      await expect(
        companies
          .connect(accounts.companyRegistrar)
          .registerCompany(NUMBER, PARTICULARS, accounts.alice, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyDocumentHash");
    });
  });

  describe("updateParticulars", function () {
    const RENAMED = particulars("Acme Gadgets GmbH", "2HBR", "DE-BE", "Unter den Linden 1, 10117 Berlin");
    const RESOLUTION = doc("shareholders' resolution: new name and registered office");

    it("replaces the particulars and keeps everything else", async function () {
      const { companies, registrar, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.updateParticulars(companyId, RENAMED, RESOLUTION))
        .to.emit(companies, "ParticularsUpdated")
        .withArgs(companyId, asTuple(RENAMED), RESOLUTION);
      const company = await companies.companyOf(companyId);
      expect(company.particulars.name).to.equal(RENAMED.name);
      expect(company.particulars.legalForm).to.equal(RENAMED.legalForm);
      expect(company.particulars.jurisdiction).to.equal(RENAMED.jurisdiction);
      expect(company.particulars.registeredAddressHash).to.equal(RENAMED.registeredAddressHash);
      expect(company.status).to.equal(Status.Incorporated);
      expect(company.owner).to.equal(accounts.alice.address);
      expect(company.registeredAt).to.equal(registeredAt);
      expect(company.incorporationDocumentHash).to.equal(INCORPORATION);
    });

    it("accepts a change in every status but Dissolved", async function () {
      for (const status of LIVE_STATUSES) {
        const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
        await moveTo(registrar, companyId, status);
        await expect(registrar.updateParticulars(companyId, RENAMED, RESOLUTION)).to.emit(
          companies,
          "ParticularsUpdated",
        );
      }
    });

    it("a non-registrar cannot update particulars", async function () {
      const { companies, companyId, accounts } = await networkHelpers.loadFixture(registeredFixture);
      await expect(companies.connect(accounts.alice).updateParticulars(companyId, RENAMED, RESOLUTION))
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.alice.address);
    });

    for (const [field, value, error] of EMPTY_PARTICULARS) {
      it(`refuses an update with an empty ${field}`, async function () {
        const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
        await expect(
          registrar.updateParticulars(companyId, { ...RENAMED, [field]: value }, RESOLUTION),
        ).to.be.revertedWithCustomError(companies, error);
      });
    }

    it("refuses an empty document hash", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.updateParticulars(companyId, RENAMED, ethers.ZeroHash)).to.be.revertedWithCustomError(
        companies,
        "CompanyRegistryEmptyDocumentHash",
      );
    });

    it("refuses an unknown company", async function () {
      const { companies, registrar } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(registrar.updateParticulars(unknown, RENAMED, RESOLUTION))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
    });

    it("refuses a dissolved company", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(dissolvedFixture);
      await expect(registrar.updateParticulars(companyId, RENAMED, RESOLUTION))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
        .withArgs(companyId);
    });
  });

  describe("status lifecycle", function () {
    it("answers isLawfulTransition for every pair of statuses as the law table says", async function () {
      const { companies } = await networkHelpers.loadFixture(suiteFixture);
      for (const from of STATUS_NAMES) {
        for (const to of STATUS_NAMES) {
          expect(await companies.isLawfulTransition(Status[from], Status[to])).to.equal(
            LAWFUL_TRANSITIONS.has(`${from}>${to}`),
            `${from} -> ${to}`,
          );
        }
      }
    });

    for (const from of COMPANY_STATUSES) {
      for (const to of STATUS_NAMES) {
        const lawful = LAWFUL_TRANSITIONS.has(`${from}>${to}`);
        it(`${lawful ? "moves" : "refuses to move"} a company from ${from} to ${to}`, async function () {
          const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
          await moveTo(registrar, companyId, from);
          const decision = doc(`decision ${from} -> ${to}`);
          if (lawful) {
            const tx = registrar.changeStatus(companyId, Status[to], decision);
            await expect(tx)
              .to.emit(companies, "CompanyStatusChanged")
              .withArgs(companyId, Status[from], Status[to], decision);
            const company = await companies.companyOf(companyId);
            expect(company.status).to.equal(Status[to]);
            expect(company.statusSince).to.equal(await minedAt(await tx));
          } else {
            await expect(registrar.changeStatus(companyId, Status[to], decision))
              .to.be.revertedWithCustomError(companies, "CompanyRegistryUnlawfulTransition")
              .withArgs(companyId, Status[from], Status[to]);
            expect((await companies.companyOf(companyId)).status).to.equal(Status[from]);
          }
        });
      }
    }

    it("walks the whole lifecycle with a decision at each step", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      const steps: StatusName[] = ["Active", "Suspended", "Active", "InLiquidation", "Dissolved"];
      let previous: StatusName = "Incorporated";
      for (const step of steps) {
        await time.increase(30 * DAY);
        const decision = doc(`decision ${previous} -> ${step}`);
        const tx = registrar.changeStatus(companyId, Status[step], decision);
        await expect(tx)
          .to.emit(companies, "CompanyStatusChanged")
          .withArgs(companyId, Status[previous], Status[step], decision);
        const company = await companies.companyOf(companyId);
        expect(company.status).to.equal(Status[step]);
        expect(company.statusSince).to.equal(await minedAt(await tx));
        expect(company.registeredAt).to.equal(registeredAt);
        previous = step;
      }
    });

    it("a non-registrar cannot change a status", async function () {
      const { companies, companyId, accounts } = await networkHelpers.loadFixture(registeredFixture);
      await expect(companies.connect(accounts.courtOfficer).changeStatus(companyId, Status.Active, doc("decision")))
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.courtOfficer.address);
    });

    it("refuses a change without a decision hash", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.changeStatus(companyId, Status.Active, ethers.ZeroHash)).to.be.revertedWithCustomError(
        companies,
        "CompanyRegistryEmptyDocumentHash",
      );
    });

    it("refuses an unknown company", async function () {
      const { companies, registrar } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(registrar.changeStatus(unknown, Status.Active, doc("decision")))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
    });
  });

  describe("directors", function () {
    const NOTICE = doc("notice of appointment");
    const REMOVAL = doc("notice of resignation");

    it("appoints a director with a commitment, an account and an effective date", async function () {
      const { companies, registrar, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      expect(
        await registrar.appointDirector.staticCall(companyId, JANE, accounts.carol, registeredAt, NOTICE),
      ).to.equal(0n);
      await expect(registrar.appointDirector(companyId, JANE, accounts.carol, registeredAt, NOTICE))
        .to.emit(companies, "DirectorAppointed")
        .withArgs(companyId, 0n, JANE, accounts.carol.address, registeredAt, NOTICE);
      const director = await companies.directorOf(companyId, 0);
      expect([director.commitment, director.account, director.appointedOn, director.removedOn]).to.deep.equal([
        JANE,
        accounts.carol.address,
        BigInt(registeredAt),
        0n,
      ]);
      expect(await companies.servingDirector(companyId, JANE)).to.deep.equal([true, 0n]);
      const company = await companies.companyOf(companyId);
      expect(company.directorCount).to.equal(1n);
      expect(company.servingDirectorCount).to.equal(1n);
    });

    it("appoints a director without an account", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, NOTICE))
        .to.emit(companies, "DirectorAppointed")
        .withArgs(companyId, 0n, JOHN, ZeroAddress, registeredAt, NOTICE);
      expect((await companies.directorOf(companyId, 0)).account).to.equal(ZeroAddress);
    });

    it("accepts an appointment effective now", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const now = await nextTimestamp();
      await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, now, NOTICE))
        .to.emit(companies, "DirectorAppointed")
        .withArgs(companyId, 0n, JANE, ZeroAddress, now, NOTICE);
    });

    it("removes a director and keeps the appointment in the history", async function () {
      const { companies, registrar, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, accounts.carol, registeredAt, NOTICE);
      await registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, NOTICE);
      await time.increase(90 * DAY);
      const removedOn = (await time.latest()) - DAY;
      await expect(registrar.removeDirector(companyId, 0, removedOn, REMOVAL))
        .to.emit(companies, "DirectorRemoved")
        .withArgs(companyId, 0n, JANE, removedOn, REMOVAL);

      const director = await companies.directorOf(companyId, 0);
      expect([director.commitment, director.account, director.appointedOn, director.removedOn]).to.deep.equal([
        JANE,
        accounts.carol.address,
        BigInt(registeredAt),
        BigInt(removedOn),
      ]);
      expect(await companies.servingDirector(companyId, JANE)).to.deep.equal([false, 0n]);
      expect(await companies.servingDirector(companyId, JOHN)).to.deep.equal([true, 1n]);
      const company = await companies.companyOf(companyId);
      expect(company.directorCount).to.equal(2n);
      expect(company.servingDirectorCount).to.equal(1n);
    });

    it("accepts a removal effective on the day of the appointment", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await expect(registrar.removeDirector(companyId, 0, registeredAt, REMOVAL))
        .to.emit(companies, "DirectorRemoved")
        .withArgs(companyId, 0n, JANE, registeredAt, REMOVAL);
    });

    it("re-appoints a removed director as a new entry", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await registrar.removeDirector(companyId, 0, registeredAt, REMOVAL);
      const again = await time.latest();
      await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, again, NOTICE))
        .to.emit(companies, "DirectorAppointed")
        .withArgs(companyId, 1n, JANE, ZeroAddress, again, NOTICE);
      expect(await companies.servingDirector(companyId, JANE)).to.deep.equal([true, 1n]);
      expect((await companies.directorOf(companyId, 0)).removedOn).to.equal(BigInt(registeredAt));
      expect((await companies.directorOf(companyId, 1)).removedOn).to.equal(0n);
    });

    it("accepts appointments and removals in every status but Dissolved", async function () {
      for (const status of LIVE_STATUSES) {
        const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
        await moveTo(registrar, companyId, status);
        await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE)).to.emit(
          companies,
          "DirectorAppointed",
        );
        await expect(registrar.removeDirector(companyId, 0, registeredAt, REMOVAL)).to.emit(
          companies,
          "DirectorRemoved",
        );
      }
    });

    it("a non-registrar cannot appoint a director", async function () {
      const { companies, companyId, accounts, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await expect(
        companies.connect(accounts.alice).appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE),
      )
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.alice.address);
    });

    it("refuses an empty commitment", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await expect(
        registrar.appointDirector(companyId, ethers.ZeroHash, ZeroAddress, registeredAt, NOTICE),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyDirectorCommitment");
    });

    it("refuses an appointment dated zero", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const now = await nextTimestamp();
      await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, 0, NOTICE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidEffectiveDate")
        .withArgs(0, 1, now);
    });

    it("refuses an appointment dated in the future", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const now = await nextTimestamp();
      await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, now + 1, NOTICE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidEffectiveDate")
        .withArgs(now + 1, 1, now);
    });

    it("refuses an appointment without a notice hash", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await expect(
        registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyDocumentHash");
    });

    it("refuses to appoint a person who already serves", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, NOTICE);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await expect(registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryDirectorAlreadyServing")
        .withArgs(companyId, JANE, 1n);
    });

    it("lets the same person serve several companies", async function () {
      const { companies, registrar, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      await registrar.registerCompany("HRB 1002", PARTICULARS, accounts.bob, doc("certificate HRB 1002"));
      const otherId = await companies.companyIdOf("HRB 1002");
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await expect(registrar.appointDirector(otherId, JANE, ZeroAddress, registeredAt, NOTICE))
        .to.emit(companies, "DirectorAppointed")
        .withArgs(otherId, 0n, JANE, ZeroAddress, registeredAt, NOTICE);
    });

    it("refuses an appointment in an unknown company", async function () {
      const { companies, registrar, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(registrar.appointDirector(unknown, JANE, ZeroAddress, registeredAt, NOTICE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
    });

    it("refuses an appointment in a dissolved company", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(dissolvedFixture);
      await expect(registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, NOTICE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
        .withArgs(companyId);
    });

    it("a non-registrar cannot remove a director", async function () {
      const { companies, registrar, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, accounts.carol, registeredAt, NOTICE);
      await expect(companies.connect(accounts.carol).removeDirector(companyId, 0, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.carol.address);
    });

    it("refuses to remove a director who does not exist", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.removeDirector(companyId, 0, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownDirector")
        .withArgs(companyId, 0n);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await expect(registrar.removeDirector(companyId, 1, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownDirector")
        .withArgs(companyId, 1n);
    });

    it("refuses to remove a director twice", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await registrar.removeDirector(companyId, 0, registeredAt, REMOVAL);
      await expect(registrar.removeDirector(companyId, 0, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryDirectorAlreadyRemoved")
        .withArgs(companyId, 0n, registeredAt);
    });

    it("refuses a removal dated before the appointment", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      const now = await nextTimestamp();
      await expect(registrar.removeDirector(companyId, 0, registeredAt - 1, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidEffectiveDate")
        .withArgs(registeredAt - 1, registeredAt, now);
    });

    it("refuses a removal dated in the future", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      const now = await nextTimestamp();
      await expect(registrar.removeDirector(companyId, 0, now + 1, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidEffectiveDate")
        .withArgs(now + 1, registeredAt, now);
    });

    it("refuses a removal without a notice hash", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, NOTICE);
      await expect(registrar.removeDirector(companyId, 0, registeredAt, ethers.ZeroHash)).to.be.revertedWithCustomError(
        companies,
        "CompanyRegistryEmptyDocumentHash",
      );
    });

    it("refuses a removal in an unknown company", async function () {
      const { companies, registrar, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(registrar.removeDirector(unknown, 0, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
    });

    it("refuses a removal in a dissolved company", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(dissolvedFixture);
      await expect(registrar.removeDirector(companyId, 0, registeredAt, REMOVAL))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
        .withArgs(companyId);
      expect((await companies.directorOf(companyId, 0)).removedOn).to.equal(0n);
    });

    it("reads the director history page by page, removed directors included", async function () {
      const { companies, registrar, companyId, registeredAt } = await networkHelpers.loadFixture(registeredFixture);
      const people = [0, 1, 2, 3, 4].map((i) => commitment(`DE-ID 00000000${i}`));
      for (const person of people) {
        await registrar.appointDirector(companyId, person, ZeroAddress, registeredAt, NOTICE);
      }
      await registrar.removeDirector(companyId, 2, registeredAt, REMOVAL);
      const expected = people.map((person, i) => [
        person,
        ZeroAddress,
        BigInt(registeredAt),
        i === 2 ? BigInt(registeredAt) : 0n,
      ]);
      const read = async (offset: number, limit: number) =>
        (await companies.directors(companyId, offset, limit)).map((d) => [
          d.commitment,
          d.account,
          d.appointedOn,
          d.removedOn,
        ]);
      expect(await read(0, 2)).to.deep.equal(expected.slice(0, 2));
      expect(await read(2, 2)).to.deep.equal(expected.slice(2, 4));
      expect(await read(4, 2)).to.deep.equal(expected.slice(4));
      expect(await read(0, 100)).to.deep.equal(expected);
      expect(await read(5, 1)).to.deep.equal([]);
      expect(await read(1, 0)).to.deep.equal([]);
      await expect(companies.directors(companyId, 6, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidPage")
        .withArgs(6n, 5n);
    });

    it("refuses to read directors of an unknown company or an unknown appointment", async function () {
      const { companies, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(companies.directors(unknown, 0, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.directorOf(unknown, 0))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.servingDirector(unknown, JANE))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.directorOf(companyId, 0))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownDirector")
        .withArgs(companyId, 0n);
      expect(await companies.servingDirector(companyId, JANE)).to.deep.equal([false, 0n]);
    });
  });

  describe("filings", function () {
    const ACCOUNTS_2025 = doc("annual accounts 2025");

    it("appends a typed document with its filing time", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      expect(await registrar.fileDocument.staticCall(companyId, FilingType.AnnualAccounts, ACCOUNTS_2025)).to.equal(0n);
      const tx = registrar.fileDocument(companyId, FilingType.AnnualAccounts, ACCOUNTS_2025);
      await expect(tx)
        .to.emit(companies, "DocumentFiled")
        .withArgs(companyId, 0n, FilingType.AnnualAccounts, ACCOUNTS_2025);
      const filedAt = await minedAt(await tx);
      const filing = await companies.filingOf(companyId, 0);
      expect([filing.documentHash, filing.filingType, filing.filedAt]).to.deep.equal([
        ACCOUNTS_2025,
        BigInt(FilingType.AnnualAccounts),
        BigInt(filedAt),
      ]);
      expect((await companies.companyOf(companyId)).filingCount).to.equal(1n);
    });

    it("accepts filings in every status but Dissolved", async function () {
      for (const status of LIVE_STATUSES) {
        const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
        await moveTo(registrar, companyId, status);
        await expect(registrar.fileDocument(companyId, FilingType.AnnualAccounts, ACCOUNTS_2025))
          .to.emit(companies, "DocumentFiled")
          .withArgs(companyId, 0n, FilingType.AnnualAccounts, ACCOUNTS_2025);
      }
    });

    it("a non-registrar cannot file a document", async function () {
      const { companies, companyId, accounts } = await networkHelpers.loadFixture(registeredFixture);
      await expect(companies.connect(accounts.alice).fileDocument(companyId, FilingType.AnnualAccounts, ACCOUNTS_2025))
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.alice.address);
    });

    it("refuses filing type zero", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      await expect(registrar.fileDocument(companyId, 0, ACCOUNTS_2025))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidFilingType")
        .withArgs(0);
    });

    it("refuses an empty document hash", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      await expect(
        registrar.fileDocument(companyId, FilingType.AnnualAccounts, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyDocumentHash");
    });

    it("refuses a filing for an unknown company", async function () {
      const { companies, registrar } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(registrar.fileDocument(unknown, FilingType.AnnualAccounts, ACCOUNTS_2025))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
    });

    it("refuses a filing for a dissolved company", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(dissolvedFixture);
      await expect(registrar.fileDocument(companyId, FilingType.AnnualAccounts, ACCOUNTS_2025))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
        .withArgs(companyId);
    });

    it("reads the filings page by page", async function () {
      const { companies, registrar, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const expected: [string, bigint, bigint][] = [];
      for (let i = 0; i < 5; i++) {
        const type = [FilingType.Articles, FilingType.AnnualAccounts, FilingType.ChangeOfParticulars][i % 3];
        const hash = doc(`filing ${i}`);
        const filedAt = await minedAt(await registrar.fileDocument(companyId, type, hash));
        expected.push([hash, BigInt(type), BigInt(filedAt)]);
      }
      const read = async (offset: number, limit: number) =>
        (await companies.filings(companyId, offset, limit)).map((f) => [f.documentHash, f.filingType, f.filedAt]);
      expect(await read(0, 2)).to.deep.equal(expected.slice(0, 2));
      expect(await read(2, 2)).to.deep.equal(expected.slice(2, 4));
      expect(await read(4, 2)).to.deep.equal(expected.slice(4));
      expect(await read(0, 100)).to.deep.equal(expected);
      expect(await read(5, 1)).to.deep.equal([]);
      await expect(companies.filings(companyId, 6, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidPage")
        .withArgs(6n, 5n);
    });

    it("refuses to read filings of an unknown company or an unknown filing", async function () {
      const { companies, companyId } = await networkHelpers.loadFixture(registeredFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(companies.filings(unknown, 0, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.filingOf(unknown, 0))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.filingOf(companyId, 0))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownFiling")
        .withArgs(companyId, 0n);
    });
  });

  describe("controlling owner", function () {
    const BASIS = doc("share purchase agreement");

    it("changes the owner through the transfer agent and appends the history", async function () {
      const { companies, agent, companyId, accounts, registeredAt } = await networkHelpers.loadFixture(agentFixture);
      const { alice, bob, carol } = accounts;
      const sale = agent.changeOwner(companyId, alice, bob, Kind.Sale, BASIS, ethers.ZeroHash);
      await expect(sale)
        .to.emit(companies, "ControllingOwnerChanged")
        .withArgs(companyId, alice.address, bob.address, Kind.Sale, BASIS, 1n);
      const soldAt = await minedAt(await sale);
      const order = doc("court order 4 O 17/26");
      const court = agent.changeOwner(companyId, bob, carol, Kind.CourtOrder, order, ethers.ZeroHash);
      await expect(court)
        .to.emit(companies, "ControllingOwnerChanged")
        .withArgs(companyId, bob.address, carol.address, Kind.CourtOrder, order, 2n);
      const orderedAt = await minedAt(await court);

      expect(await companies.ownerOf(companyId)).to.equal(carol.address);
      const company = await companies.companyOf(companyId);
      expect(company.owner).to.equal(carol.address);
      expect(company.ownerSince).to.equal(orderedAt);
      expect(company.ownershipHistoryLength).to.equal(3n);

      const expected = [
        [alice.address, BigInt(registeredAt), Kind.Registration, INCORPORATION],
        [bob.address, BigInt(soldAt), Kind.Sale, BASIS],
        [carol.address, BigInt(orderedAt), Kind.CourtOrder, order],
      ];
      const read = async (offset: number, limit: number) =>
        (await companies.ownershipHistory(companyId, offset, limit)).map((r) => [r.owner, r.since, r.kind, r.basis]);
      expect(await read(0, 10)).to.deep.equal(expected);
      expect(await read(0, 1)).to.deep.equal(expected.slice(0, 1));
      expect(await read(1, 1)).to.deep.equal(expected.slice(1, 2));
      expect(await read(2, 5)).to.deep.equal(expected.slice(2));
      expect(await read(3, 5)).to.deep.equal([]);
      await expect(companies.ownershipHistory(companyId, 4, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidPage")
        .withArgs(4n, 3n);
    });

    it("only the transfer agent can change the owner", async function () {
      const { companies, companyId, accounts } = await networkHelpers.loadFixture(registeredFixture);
      const { alice, bob, companyRegistrar } = accounts;
      for (const caller of [alice, companyRegistrar]) {
        await expect(companies.connect(caller).changeOwner(companyId, alice, bob, Kind.Sale, BASIS, ethers.ZeroHash))
          .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
          .withArgs(caller.address);
      }
    });

    it("refuses a change without a legal basis", async function () {
      const { companies, agent, companyId, accounts } = await networkHelpers.loadFixture(agentFixture);
      await expect(
        agent.changeOwner(companyId, accounts.alice, accounts.bob, Kind.Sale, ethers.ZeroHash, ethers.ZeroHash),
      ).to.be.revertedWithCustomError(companies, "CompanyRegistryEmptyBasis");
    });

    it("refuses a change of kind Registration", async function () {
      const { companies, agent, companyId, accounts } = await networkHelpers.loadFixture(agentFixture);
      await expect(
        agent.changeOwner(companyId, accounts.alice, accounts.bob, Kind.Registration, BASIS, ethers.ZeroHash),
      )
        .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidChangeKind")
        .withArgs(Kind.Registration);
      const [ok, reason] = await companies.checkOwnerChange(
        companyId,
        accounts.alice,
        accounts.bob,
        Kind.Registration,
        ethers.ZeroHash,
      );
      expect(ok).to.equal(false);
      expect(reason).to.equal(companies.interface.getError("CompanyRegistryInvalidChangeKind")!.selector);
    });

    it("refuses a change of an unknown company", async function () {
      const { companies, agent, accounts } = await networkHelpers.loadFixture(agentFixture);
      const unknown = await companies.companyIdOf("HRB 9999");
      await expect(agent.changeOwner(unknown, accounts.alice, accounts.bob, Kind.CourtOrder, BASIS, ethers.ZeroHash))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.ownerOf(unknown))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.ownershipHistory(unknown, 0, 1))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      await expect(companies.companyOf(unknown))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryUnknownCompany")
        .withArgs(unknown);
      const [ok, reason] = await companies.checkOwnerChange(
        unknown,
        accounts.alice,
        accounts.bob,
        Kind.CourtOrder,
        ethers.ZeroHash,
      );
      expect(ok).to.equal(false);
      expect(reason).to.equal(companies.interface.getError("CompanyRegistryUnknownCompany")!.selector);
    });

    it("refuses a change from an account that is not the owner", async function () {
      const { companies, agent, companyId, accounts } = await networkHelpers.loadFixture(agentFixture);
      await expect(agent.changeOwner(companyId, accounts.bob, accounts.carol, Kind.Sale, BASIS, ethers.ZeroHash))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryNotOwner")
        .withArgs(companyId, accounts.bob.address, accounts.alice.address);
    });

    it("refuses the zero address or the current owner as new owner", async function () {
      const { companies, agent, companyId, accounts } = await networkHelpers.loadFixture(agentFixture);
      for (const to of [ZeroAddress, accounts.alice.address]) {
        await expect(agent.changeOwner(companyId, accounts.alice, to, Kind.CourtOrder, BASIS, ethers.ZeroHash))
          .to.be.revertedWithCustomError(companies, "CompanyRegistryInvalidNewOwner")
          .withArgs(companyId, to);
      }
    });

    for (const status of COMPANY_STATUSES) {
      for (const kind of ["Sale", "CourtOrder", "KeyRecovery"] as const) {
        const allowed = ALLOWED_KINDS[status].includes(kind);
        it(`${allowed ? "allows" : "refuses"} a change of kind ${kind} when the company is ${status}`, async function () {
          const { companies, registrar, agent, companyId, accounts } = await networkHelpers.loadFixture(agentFixture);
          const { alice, bob } = accounts;
          await moveTo(registrar, companyId, status);
          const [ok, reason] = await companies.checkOwnerChange(companyId, alice, bob, Kind[kind], ethers.ZeroHash);
          expect(ok).to.equal(allowed);
          if (allowed) {
            expect(reason).to.equal("0x00000000");
            await expect(agent.changeOwner(companyId, alice, bob, Kind[kind], BASIS, ethers.ZeroHash))
              .to.emit(companies, "ControllingOwnerChanged")
              .withArgs(companyId, alice.address, bob.address, Kind[kind], BASIS, 1n);
            expect(await companies.ownerOf(companyId)).to.equal(bob.address);
          } else if (status === "Dissolved") {
            expect(reason).to.equal(companies.interface.getError("CompanyRegistryCompanyDissolved")!.selector);
            await expect(agent.changeOwner(companyId, alice, bob, Kind[kind], BASIS, ethers.ZeroHash))
              .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
              .withArgs(companyId);
          } else {
            expect(reason).to.equal(companies.interface.getError("CompanyRegistryChangeKindNotAllowed")!.selector);
            await expect(agent.changeOwner(companyId, alice, bob, Kind[kind], BASIS, ethers.ZeroHash))
              .to.be.revertedWithCustomError(companies, "CompanyRegistryChangeKindNotAllowed")
              .withArgs(companyId, Status[status], Kind[kind]);
          }
        });
      }
    }

    it("checkOwnerChange names the error changeOwner would revert with", async function () {
      const { companies, companyId, accounts } = await networkHelpers.loadFixture(registeredFixture);
      const { alice, bob, carol } = accounts;
      const selector = (name: string) => companies.interface.getError(name)!.selector;
      expect(await companies.checkOwnerChange(companyId, alice, bob, Kind.Sale, ethers.ZeroHash)).to.deep.equal([
        true,
        "0x00000000",
      ]);
      expect(await companies.checkOwnerChange(companyId, bob, carol, Kind.Sale, ethers.ZeroHash)).to.deep.equal([
        false,
        selector("CompanyRegistryNotOwner"),
      ]);
      expect(
        await companies.checkOwnerChange(companyId, alice, ZeroAddress, Kind.KeyRecovery, ethers.ZeroHash),
      ).to.deep.equal([false, selector("CompanyRegistryInvalidNewOwner")]);
    });
  });

  describe("through OwnershipTransfer", function () {
    async function offerFor(fixture: Awaited<ReturnType<typeof registeredFixture>>, nonce = 1n) {
      const { companies, companyId, accounts } = fixture;
      const offer = {
        registry: await companies.getAddress(),
        recordId: companyId,
        seller: accounts.alice.address,
        buyer: accounts.bob.address,
        token: ZeroAddress,
        price: ethers.parseEther("250"),
        deadline: BigInt(await time.latest()) + BigInt(7 * DAY),
        deedHash: doc("share purchase agreement, notarial deed 123/2026"),
        nonce,
      };
      return { offer, offerId: await fixture.transfer.hashOffer(offer) };
    }

    it("sells the controlling stake with escrow, registrar approval and settlement", async function () {
      const fixture = await networkHelpers.loadFixture(registeredFixture);
      const { companies, transfer, companyId, accounts } = fixture;
      const { alice, bob, carol, companyRegistrar } = accounts;
      const { offer, offerId } = await offerFor(fixture);
      const registry = await companies.getAddress();

      await expect(transfer.connect(alice).openOffer(offer))
        .to.emit(transfer, "OfferOpened")
        .withArgs(offerId, registry, companyId, anyValue, true, 0n);
      await expect(transfer.connect(bob).acceptOffer(offer, { value: offer.price }))
        .to.emit(transfer, "OfferAccepted")
        .withArgs(offerId, bob.address, ZeroAddress, offer.price);
      await expect(transfer.connect(companyRegistrar).approveOffer(offer))
        .to.emit(transfer, "OfferApproved")
        .withArgs(offerId, companyRegistrar.address);

      const settle = transfer.connect(carol).settleOffer(offer);
      await expect(settle)
        .to.emit(transfer, "OfferSettled")
        .withArgs(offerId, registry, companyId, alice.address, bob.address)
        .and.to.emit(companies, "ControllingOwnerChanged")
        .withArgs(companyId, alice.address, bob.address, Kind.Sale, offer.deedHash, 1n);
      const settledAt = await minedAt(await settle);
      expect(await companies.ownerOf(companyId)).to.equal(bob.address);
      const [, sale] = await companies.ownershipHistory(companyId, 0, 2);
      expect([sale.owner, sale.since, sale.kind, sale.basis]).to.deep.equal([
        bob.address,
        BigInt(settledAt),
        Kind.Sale,
        offer.deedHash,
      ]);

      const withdrawal = transfer.connect(alice).withdraw(offer, alice.address);
      await expect(withdrawal)
        .to.emit(transfer, "FundsWithdrawn")
        .withArgs(offerId, alice.address, alice.address, ZeroAddress, offer.price);
      await expect(withdrawal).to.changeEtherBalances(ethers, [alice, transfer], [offer.price, -offer.price]);
    });

    it("only a company registrar approves a sale of a company", async function () {
      const fixture = await networkHelpers.loadFixture(registeredFixture);
      const { companies, transfer, accounts } = fixture;
      const { offer } = await offerFor(fixture);
      await transfer.connect(accounts.alice).openOffer(offer);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await expect(transfer.connect(accounts.landRegistrar).approveOffer(offer))
        .to.be.revertedWithCustomError(transfer, "OwnershipTransferNotApprover")
        .withArgs(await companies.getAddress(), accounts.landRegistrar.address, Roles.COMPANY_REGISTRAR);
    });

    it("does not settle a sale once the company is suspended", async function () {
      const fixture = await networkHelpers.loadFixture(registeredFixture);
      const { companies, transfer, registrar, companyId, accounts } = fixture;
      const { offer } = await offerFor(fixture);
      await transfer.connect(accounts.alice).openOffer(offer);
      await transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price });
      await transfer.connect(accounts.companyRegistrar).approveOffer(offer);
      await moveTo(registrar, companyId, "Suspended");
      await expect(transfer.settleOffer(offer))
        .to.be.revertedWithCustomError(companies, "CompanyRegistryChangeKindNotAllowed")
        .withArgs(companyId, Status.Suspended, Kind.Sale);
      expect(await companies.ownerOf(companyId)).to.equal(accounts.alice.address);
    });

    it("moves the stake by court order, also during liquidation", async function () {
      const { companies, transfer, registrar, companyId, accounts } =
        await networkHelpers.loadFixture(registeredFixture);
      const { alice, carol, courtOfficer } = accounts;
      await moveTo(registrar, companyId, "InLiquidation");
      const order = doc("insolvency court order 12 IN 3/26: transfer sanctioned");
      const registry = await companies.getAddress();
      await expect(transfer.connect(courtOfficer).executeCourtOrder(companies, companyId, carol, order))
        .to.emit(transfer, "CourtOrderExecuted")
        .withArgs(registry, companyId, carol.address, alice.address, order, courtOfficer.address)
        .and.to.emit(companies, "ControllingOwnerChanged")
        .withArgs(companyId, alice.address, carol.address, Kind.CourtOrder, order, 1n);
      expect(await companies.ownerOf(companyId)).to.equal(carol.address);
    });

    it("does not move the stake of a dissolved company by court order", async function () {
      const { companies, transfer, companyId, accounts } = await networkHelpers.loadFixture(dissolvedFixture);
      await expect(
        transfer.connect(accounts.courtOfficer).executeCourtOrder(companies, companyId, accounts.carol, doc("order")),
      )
        .to.be.revertedWithCustomError(companies, "CompanyRegistryCompanyDissolved")
        .withArgs(companyId);
    });

    it("recovers the stake of a lost key after the authority's delay", async function () {
      const { companies, transfer, authority, companyId, accounts } =
        await networkHelpers.loadFixture(registeredFixture);
      const { alice, carol, recoveryOfficer } = accounts;
      const basis = doc("recovery order: alice lost her key, new account carol");
      const recovery = transfer.connect(recoveryOfficer);
      const data = transfer.interface.encodeFunctionData("recoverKeys", [
        await companies.getAddress(),
        alice.address,
        carol.address,
        [companyId],
        basis,
      ]);
      await authority.connect(recoveryOfficer).schedule(transfer, data, 0);
      await expect(recovery.recoverKeys(companies, alice, carol, [companyId], basis))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotReady")
        .withArgs(await authority.hashOperation(recoveryOfficer, transfer, data));
      await time.increase(TEST_DELAYS.recovery);
      await expect(recovery.recoverKeys(companies, alice, carol, [companyId], basis))
        .to.emit(companies, "ControllingOwnerChanged")
        .withArgs(companyId, alice.address, carol.address, Kind.KeyRecovery, basis, 1n);
      expect(await companies.ownerOf(companyId)).to.equal(carol.address);
    });
  });

  describe("events", function () {
    it("rebuild every company's state exactly, from the logs alone", async function () {
      const { companies, registrar, agent, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(agentFixture);
      const { alice, bob, carol } = accounts;
      await registrar.registerCompany("HRB 1002", PARTICULARS, bob, doc("certificate HRB 1002"));
      const otherId = await companies.companyIdOf("HRB 1002");
      await registrar.appointDirector(companyId, JANE, carol, registeredAt, doc("notice 1"));
      await registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, doc("notice 2"));
      await registrar.appointDirector(otherId, JANE, ZeroAddress, registeredAt, doc("notice 3"));
      await registrar.fileDocument(companyId, FilingType.Articles, doc("articles"));
      await time.increase(DAY);
      await registrar.changeStatus(companyId, Status.Active, doc("activation"));
      await registrar.removeDirector(companyId, 0, await time.latest(), doc("resignation"));
      await registrar.updateParticulars(
        companyId,
        particulars("Acme Gadgets GmbH", "2HBR", "DE-BE", "Berlin"),
        doc("resolution"),
      );
      await agent.changeOwner(companyId, alice, bob, Kind.Sale, doc("deed"), ethers.ZeroHash);
      await registrar.fileDocument(otherId, FilingType.AnnualAccounts, doc("accounts"));
      await registrar.changeStatus(otherId, Status.InLiquidation, doc("winding-up"));
      await agent.changeOwner(otherId, bob, carol, Kind.CourtOrder, doc("order"), ethers.ZeroHash);
      await registrar.changeStatus(otherId, Status.Dissolved, doc("closure"));

      interface Rebuilt {
        owner: string;
        status: bigint;
        registeredAt: number;
        statusSince: number;
        ownerSince: number;
        incorporationDocumentHash: string;
        particulars: unknown[];
        history: unknown[][];
        directors: unknown[][];
        filings: unknown[][];
      }
      const rebuilt = new Map<bigint, Rebuilt>();
      const timestamps = new Map<number, number>();
      const timeOf = async (blockNumber: number) => {
        if (!timestamps.has(blockNumber)) {
          timestamps.set(blockNumber, (await ethers.provider.getBlock(blockNumber))!.timestamp);
        }
        return timestamps.get(blockNumber)!;
      };
      const logs = await ethers.provider.getLogs({ address: await companies.getAddress(), fromBlock: 0 });
      for (const log of logs) {
        const event = companies.interface.parseLog(log);
        if (event === null) continue;
        const at = await timeOf(log.blockNumber);
        const a = event.args;
        const company = rebuilt.get(a[0] as bigint);
        switch (event.name) {
          case "CompanyRegistered":
            rebuilt.set(a.companyId, {
              owner: a.owner,
              status: Status.Incorporated,
              registeredAt: at,
              statusSince: at,
              ownerSince: at,
              incorporationDocumentHash: a.documentHash,
              particulars: [...a.particulars],
              history: [[a.owner, BigInt(at), Kind.Registration, a.documentHash]],
              directors: [],
              filings: [],
            });
            break;
          case "ParticularsUpdated":
            company!.particulars = [...a.particulars];
            break;
          case "CompanyStatusChanged":
            company!.status = a.status;
            company!.statusSince = at;
            break;
          case "DirectorAppointed":
            company!.directors[Number(a.directorIndex)] = [a.commitment, a.account, a.appointedOn, 0n];
            break;
          case "DirectorRemoved":
            company!.directors[Number(a.directorIndex)][3] = a.removedOn;
            break;
          case "DocumentFiled":
            company!.filings[Number(a.filingIndex)] = [a.documentHash, a.filingType, BigInt(at)];
            break;
          case "ControllingOwnerChanged":
            company!.history[Number(a.historyIndex)] = [a.to, BigInt(at), a.kind, a.basis];
            company!.owner = a.to;
            company!.ownerSince = at;
            break;
        }
      }

      expect([...rebuilt.keys()]).to.deep.equal([companyId, otherId]);
      for (const [id, expected] of rebuilt) {
        const company = await companies.companyOf(id);
        expect(company.owner).to.equal(expected.owner);
        expect(company.status).to.equal(expected.status);
        expect(company.registeredAt).to.equal(expected.registeredAt);
        expect(company.statusSince).to.equal(expected.statusSince);
        expect(company.ownerSince).to.equal(expected.ownerSince);
        expect(company.incorporationDocumentHash).to.equal(expected.incorporationDocumentHash);
        expect([...company.particulars]).to.deep.equal(expected.particulars);
        expect(company.ownershipHistoryLength).to.equal(expected.history.length);
        expect(company.directorCount).to.equal(expected.directors.length);
        expect(company.servingDirectorCount).to.equal(expected.directors.filter((d) => d[3] === 0n).length);
        expect(company.filingCount).to.equal(expected.filings.length);
        const history = await companies.ownershipHistory(id, 0, 100);
        expect(history.map((r) => [r.owner, r.since, r.kind, r.basis])).to.deep.equal(expected.history);
        const directors = await companies.directors(id, 0, 100);
        expect(directors.map((d) => [d.commitment, d.account, d.appointedOn, d.removedOn])).to.deep.equal(
          expected.directors,
        );
        for (const [index, director] of expected.directors.entries()) {
          const serving = director[3] === 0n;
          expect(await companies.servingDirector(id, director[0] as string)).to.deep.equal([
            serving,
            serving ? BigInt(index) : 0n,
          ]);
        }
        const filings = await companies.filings(id, 0, 100);
        expect(filings.map((f) => [f.documentHash, f.filingType, f.filedAt])).to.deep.equal(expected.filings);
      }
    });
  });

  describe("pause", function () {
    it("a guardian pauses every write and an admin resumes them, while reads go on", async function () {
      const { companies, registrar, companyId, accounts, registeredAt, authority } =
        await networkHelpers.loadFixture(registeredFixture);
      const { guardian, admin, alice, bob, bank } = accounts;
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, doc("notice"));
      await registrar.fileDocument(companyId, FilingType.Articles, doc("articles"));
      await authority.grantRole(Roles.TRANSFER_AGENT, bank.address, 0);
      await time.increase(TEST_DELAYS.recovery);

      await expect(companies.connect(guardian).pause()).to.emit(companies, "Paused").withArgs(guardian.address);
      const writes = [
        () => registrar.registerCompany("HRB 1002", PARTICULARS, alice, INCORPORATION),
        () => registrar.updateParticulars(companyId, PARTICULARS, doc("resolution")),
        () => registrar.changeStatus(companyId, Status.Active, doc("decision")),
        () => registrar.appointDirector(companyId, JOHN, ZeroAddress, registeredAt, doc("notice")),
        () => registrar.removeDirector(companyId, 0, registeredAt, doc("removal")),
        () => registrar.fileDocument(companyId, FilingType.AnnualAccounts, doc("accounts")),
        () => companies.connect(bank).changeOwner(companyId, alice, bob, Kind.Sale, doc("deed"), ethers.ZeroHash),
      ];
      for (const write of writes) {
        await expect(write()).to.be.revertedWithCustomError(companies, "EnforcedPause");
      }

      expect(await companies.paused()).to.equal(true);
      expect(await companies.ownerOf(companyId)).to.equal(alice.address);
      expect((await companies.companyOf(companyId)).status).to.equal(Status.Incorporated);
      expect(await companies.directors(companyId, 0, 10)).to.have.length(1);
      expect(await companies.filings(companyId, 0, 10)).to.have.length(1);
      expect(await companies.ownershipHistory(companyId, 0, 10)).to.have.length(1);
      expect((await companies.checkOwnerChange(companyId, alice, bob, Kind.Sale, ethers.ZeroHash))[0]).to.equal(true);

      await expect(companies.connect(guardian).unpause())
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(guardian.address);
      await expect(companies.connect(admin).unpause()).to.emit(companies, "Unpaused").withArgs(admin.address);
      await expect(registrar.changeStatus(companyId, Status.Active, doc("decision"))).to.emit(
        companies,
        "CompanyStatusChanged",
      );
    });

    it("a non-guardian cannot pause", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(registeredFixture);
      await expect(companies.connect(accounts.companyRegistrar).pause())
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.companyRegistrar.address);
    });
  });

  describe("upgrade", function () {
    it("an upgrader upgrades after the delay and every record survives", async function () {
      const { companies, registrar, authority, companyId, accounts, registeredAt } =
        await networkHelpers.loadFixture(registeredFixture);
      await registrar.appointDirector(companyId, JANE, ZeroAddress, registeredAt, doc("notice"));
      await registrar.fileDocument(companyId, FilingType.Articles, doc("articles"));
      const before = await companies.companyOf(companyId);
      const implementation = await ethers.deployContract("CompanyRegistry");
      const upgrader = companies.connect(accounts.upgrader);

      const data = companies.interface.encodeFunctionData("upgradeToAndCall", [
        await implementation.getAddress(),
        "0x",
      ]);
      const operationId = await authority.hashOperation(accounts.upgrader, companies, data);
      await expect(upgrader.upgradeToAndCall(implementation, "0x"))
        .to.be.revertedWithCustomError(authority, "AccessManagerNotScheduled")
        .withArgs(operationId);
      await authority.connect(accounts.upgrader).schedule(companies, data, 0);
      await time.increase(TEST_DELAYS.upgrade);
      await expect(upgrader.upgradeToAndCall(implementation, "0x"))
        .to.emit(companies, "Upgraded")
        .withArgs(await implementation.getAddress());

      expect(await companies.companyOf(companyId)).to.deep.equal(before);
      expect(await companies.directors(companyId, 0, 10)).to.have.length(1);
      expect(await companies.filings(companyId, 0, 10)).to.have.length(1);
    });

    it("a non-upgrader cannot upgrade", async function () {
      const { companies, accounts } = await networkHelpers.loadFixture(registeredFixture);
      const implementation = await ethers.deployContract("CompanyRegistry");
      await expect(companies.connect(accounts.admin).upgradeToAndCall(implementation, "0x"))
        .to.be.revertedWithCustomError(companies, "AccessManagedUnauthorized")
        .withArgs(accounts.admin.address);
    });
  });

  describe("gas", function () {
    /** The ERC-7201 namespace of the registry and the storage layout of a company record, to fast-forward counters. */
    const NAMESPACE = 0x9848b4410fada86d1a853f078fc6bb55ad371b107a3ec14ef44bc666391c1100n;
    const coder = AbiCoder.defaultAbiCoder();
    const slotOf = (key: bigint, base: bigint) => BigInt(keccak256(coder.encode(["uint256", "uint256"], [key, base])));
    /** Slot 0 of a record: firstOwner, status, statusSince, ownerChangeCount (bits 208..239). */
    const recordSlot = (companyId: bigint) => slotOf(companyId, NAMESPACE);
    /** Slot 0 of an ownership change: owner, since (bits 160..199), kind (bits 200..207). */
    const changeSlot = (companyId: bigint, index: bigint) => slotOf(index, slotOf(companyId, NAMESPACE + 1n));

    async function readSlot(address: string, slot: bigint): Promise<bigint> {
      return BigInt(await ethers.provider.getStorage(address, slot));
    }

    async function writeSlot(address: string, slot: bigint, value: bigint) {
      await networkHelpers.setStorageAt(address, slot, toBeHex(value, 32));
    }

    /** Replaces `width` bits at `offset` of a word. */
    function setBits(word: bigint, offset: bigint, width: bigint, value: bigint): bigint {
      const mask = ((1n << width) - 1n) << offset;
      return (word & ~mask) | (value << offset);
    }

    /** Gas of a mined transaction without its calldata cost, which depends on the zero bytes an id happens to have. */
    async function executionGas(tx: ContractTransactionResponse): Promise<bigint> {
      const receipt = await tx.wait();
      const calldata = getBytes(tx.data).reduce((sum, byte) => sum + (byte === 0 ? 4n : 16n), 0n);
      return receipt!.gasUsed - calldata;
    }

    /**
     * Makes company `companyId` look as if 9,999 directors, 9,999 filings and 9,999 changes of owner preceded, the
     * last one to `owner`: the counters are set and the last ownership entry is planted where the contract reads it.
     */
    async function fastForward(address: string, companyId: bigint, owner: string, since: number) {
      const record = recordSlot(companyId);
      await writeSlot(address, record, setBits(await readSlot(address, record), 208n, 32n, 9_999n));
      const counters = record + 1n;
      let word = await readSlot(address, counters);
      word = setBits(word, 120n, 32n, 9_999n); // directorCount
      word = setBits(word, 184n, 32n, 9_999n); // filingCount
      await writeSlot(address, counters, word);
      const last = BigInt(owner) | (BigInt(since) << 160n) | (Kind.Sale << 200n);
      await writeSlot(address, changeSlot(companyId, 9_998n), last);
      await writeSlot(address, changeSlot(companyId, 9_998n) + 1n, BigInt(doc("deed 9,999")));
    }

    it("every write costs the same for the 10th and the 10,000th record", async function () {
      this.timeout(300_000);
      const { companies, authority, accounts } = await networkHelpers.loadFixture(suiteFixture);
      const { companyRegistrar, alice, bob, bank } = accounts;
      await authority.grantRole(Roles.TRANSFER_AGENT, bank.address, 0);
      await time.increase(TEST_DELAYS.recovery);
      const registrar = companies.connect(companyRegistrar);
      const agent = companies.connect(bank);
      const address = await companies.getAddress();
      const numberOf = (n: number) => `HRB ${String(n).padStart(5, "0")}`;

      let nonce = await companyRegistrar.getNonce();
      const registrations: Promise<ContractTransactionResponse>[] = [];
      for (let n = 1; n <= 10_000; n++) {
        registrations.push(
          registrar.registerCompany(numberOf(n), PARTICULARS, alice, INCORPORATION, {
            nonce: nonce++,
            gasLimit: 500_000,
          }),
        );
      }
      const sent = await Promise.all(registrations);
      const tenth = await companies.companyIdOf(numberOf(10));
      const tenThousandth = await companies.companyIdOf(numberOf(10_000));
      expect((await companies.companyOf(tenThousandth)).status).to.equal(Status.Incorporated);
      const gas: Record<string, [bigint, bigint]> = {
        registerCompany: [await executionGas(sent[9]), await executionGas(sent[9_999])],
      };

      const since = await time.latest();
      for (let i = 0; i < 9; i++) {
        await registrar.appointDirector(tenth, commitment(`DE-ID ${i}`), ZeroAddress, since, doc("notice"));
        await registrar.fileDocument(tenth, FilingType.AnnualAccounts, doc(`accounts ${i}`));
        const [from, to] = i % 2 === 0 ? [alice, bob] : [bob, alice];
        await agent.changeOwner(tenth, from, to, Kind.Sale, doc(`deed ${i}`), ethers.ZeroHash);
      }
      await fastForward(address, tenThousandth, bob.address, since);
      expect(await companies.ownerOf(tenThousandth)).to.equal(bob.address);

      const writes: [string, (id: bigint, index: bigint) => Promise<ContractTransactionResponse>][] = [
        ["updateParticulars", (id) => registrar.updateParticulars(id, PARTICULARS, doc("resolution"))],
        ["changeStatus", (id) => registrar.changeStatus(id, Status.Active, doc("decision"))],
        ["appointDirector", (id) => registrar.appointDirector(id, JANE, ZeroAddress, since, doc("notice"))],
        ["removeDirector", (id, index) => registrar.removeDirector(id, index, since, doc("removal"))],
        ["fileDocument", (id) => registrar.fileDocument(id, FilingType.AnnualAccounts, doc("accounts"))],
        ["changeOwner", (id) => agent.changeOwner(id, bob, alice, Kind.Sale, doc("deed"), ethers.ZeroHash)],
      ];
      for (const [name, write] of writes) {
        gas[name] = [
          await executionGas(await write(tenth, 9n)),
          await executionGas(await write(tenThousandth, 9_999n)),
        ];
      }

      const company = await companies.companyOf(tenThousandth);
      expect([company.directorCount, company.filingCount, company.ownershipHistoryLength]).to.deep.equal([
        10_000n,
        10_000n,
        10_001n,
      ]);
      for (const [name, [atTenth, atTenThousandth]] of Object.entries(gas)) {
        expect(atTenThousandth).to.equal(atTenth, name);
      }
    });
  });
});
