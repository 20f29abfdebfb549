import { expect } from "chai";
import { id, ZeroAddress, ZeroHash } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import type { CompanyRegistry, PropertyRegistry } from "../types/ethers-contracts/index.js";
import { TEST_DELAYS, deploySuite, type Suite } from "./helpers/fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const Kind = { Registration: 0n, Sale: 1n, CourtOrder: 2n, KeyRecovery: 3n } as const;

/** What differs between the two registries that share the ownership-records base. */
interface OwnershipRegistryCase {
  name: string;
  registry: (suite: Suite) => PropertyRegistry | CompanyRegistry;
  /** Registers a record for `owner` with `basis` as its registration document; returns its id. */
  register: (suite: Suite, owner: HardhatEthersSigner, basis: string) => Promise<bigint>;
  /** The registry's own errors for the shared checks. */
  errors: {
    unknown: string;
    invalidChangeKind: string;
    notOwner: string;
    invalidNewOwner: string;
    emptyBasis: string;
    invalidPage: string;
  };
}

const CASES: OwnershipRegistryCase[] = [
  {
    name: "PropertyRegistry",
    registry: (suite) => suite.property,
    register: async ({ property, accounts }, owner, basis) => {
      await property.connect(accounts.landRegistrar).registerTitle("UT-OWN-0001", owner, basis, "");
      return property.parcelIdOf("UT-OWN-0001");
    },
    errors: {
      unknown: "PropertyRegistryUnknownParcel",
      invalidChangeKind: "PropertyRegistryInvalidChangeKind",
      notOwner: "PropertyRegistryNotOwner",
      invalidNewOwner: "PropertyRegistryInvalidNewOwner",
      emptyBasis: "PropertyRegistryEmptyBasis",
      invalidPage: "PropertyRegistryInvalidPage",
    },
  },
  {
    name: "CompanyRegistry",
    registry: (suite) => suite.companies,
    register: async ({ companies, accounts }, owner, basis) => {
      const particulars = {
        name: "Ownership Records Ltd",
        legalForm: "0x32484252",
        jurisdiction: "0x44452d425900",
        registeredAddressHash: id("1 Registry Square"),
      };
      await companies.connect(accounts.companyRegistrar).registerCompany("HRB OWN-1", particulars, owner, basis);
      return companies.companyIdOf("HRB OWN-1");
    },
    errors: {
      unknown: "CompanyRegistryUnknownCompany",
      invalidChangeKind: "CompanyRegistryInvalidChangeKind",
      notOwner: "CompanyRegistryNotOwner",
      invalidNewOwner: "CompanyRegistryInvalidNewOwner",
      emptyBasis: "CompanyRegistryEmptyBasis",
      invalidPage: "CompanyRegistryInvalidPage",
    },
  },
];

for (const c of CASES) {
  describe(`${c.name} ownership records`, function () {
    /** A record of alice's that moved to bob by sale and to carol by court order; the bank acts as transfer agent. */
    async function movedTwiceFixture() {
      const suite = await deploySuite(connection);
      const { authority, accounts } = suite;
      const { alice, bob, carol, bank } = accounts;
      await authority.grantRole(Roles.TRANSFER_AGENT, bank.address, 0);
      await networkHelpers.time.increase(TEST_DELAYS.recovery);
      const registry = c.registry(suite);
      const recordId = await c.register(suite, alice, id("registration"));
      const agent = registry.connect(bank);
      await agent.changeOwner(recordId, alice, bob, Kind.Sale, id("sale deed"), ZeroHash);
      await agent.changeOwner(recordId, bob, carol, Kind.CourtOrder, id("court order"), ZeroHash);
      return { ...suite, registry, agent, recordId };
    }

    it("keeps the registration and every change of owner in one history, read page by page", async function () {
      const { registry, recordId, accounts } = await networkHelpers.loadFixture(movedTwiceFixture);
      const { alice, bob, carol } = accounts;
      const history = await registry.ownershipHistory(recordId, 0, 10);
      expect(history.map((entry) => [entry.owner, entry.kind, entry.basis])).to.deep.equal([
        [alice.address, Kind.Registration, id("registration")],
        [bob.address, Kind.Sale, id("sale deed")],
        [carol.address, Kind.CourtOrder, id("court order")],
      ]);
      expect(history[1].since).to.be.lessThan(history[2].since);
      expect(await registry.ownerOf(recordId)).to.equal(carol.address);
      expect(await registry.ownershipState(recordId)).to.deep.equal([carol.address, 2n, true]);

      const middle = await registry.ownershipHistory(recordId, 1, 1);
      expect(middle.map((entry) => entry.owner)).to.deep.equal([bob.address]);
      expect(await registry.ownershipHistory(recordId, 2, 5)).to.have.length(1);
      expect(await registry.ownershipHistory(recordId, 3, 5)).to.have.length(0);
      await expect(registry.ownershipHistory(recordId, 4, 1))
        .to.be.revertedWithCustomError(registry, c.errors.invalidPage)
        .withArgs(4n, 3n);
    });

    it("checkOwnerChange names the error that changeOwner reverts with", async function () {
      const { registry, agent, recordId, accounts } = await networkHelpers.loadFixture(movedTwiceFixture);
      const { alice, carol } = accounts;
      const unknownId = recordId + 1n;
      const refusals: [string, bigint, string, string, bigint, unknown[]][] = [
        [
          "a registration",
          recordId,
          carol.address,
          alice.address,
          Kind.Registration,
          [c.errors.invalidChangeKind, Kind.Registration],
        ],
        ["an unknown record", unknownId, carol.address, alice.address, Kind.Sale, [c.errors.unknown, unknownId]],
        [
          "a former owner",
          recordId,
          alice.address,
          carol.address,
          Kind.CourtOrder,
          [c.errors.notOwner, recordId, alice.address, carol.address],
        ],
        [
          "no new owner",
          recordId,
          carol.address,
          ZeroAddress,
          Kind.Sale,
          [c.errors.invalidNewOwner, recordId, ZeroAddress],
        ],
        [
          "the same owner",
          recordId,
          carol.address,
          carol.address,
          Kind.KeyRecovery,
          [c.errors.invalidNewOwner, recordId, carol.address],
        ],
      ];
      for (const [what, target, from, to, kind, [error, ...args]] of refusals) {
        const selector = registry.interface.getError(error as string)!.selector;
        expect(await registry.checkOwnerChange(target, from, to, kind, ZeroHash), what).to.deep.equal([
          false,
          selector,
        ]);
        await expect(agent.changeOwner(target, from, to, kind, id("basis"), ZeroHash), what)
          .to.be.revertedWithCustomError(registry, error as string)
          .withArgs(...args);
      }
      await expect(
        agent.changeOwner(recordId, carol, alice, Kind.Sale, ZeroHash, ZeroHash),
      ).to.be.revertedWithCustomError(registry, c.errors.emptyBasis);
      expect(await registry.checkOwnerChange(recordId, carol, alice, Kind.Sale, ZeroHash)).to.deep.equal([
        true,
        "0x00000000",
      ]);
    });

    it("an unknown record has no owner, state or history", async function () {
      const { registry, recordId } = await networkHelpers.loadFixture(movedTwiceFixture);
      const unknownId = recordId + 1n;
      await expect(registry.ownerOf(unknownId))
        .to.be.revertedWithCustomError(registry, c.errors.unknown)
        .withArgs(unknownId);
      await expect(registry.ownershipState(unknownId))
        .to.be.revertedWithCustomError(registry, c.errors.unknown)
        .withArgs(unknownId);
      await expect(registry.ownershipHistory(unknownId, 0, 1))
        .to.be.revertedWithCustomError(registry, c.errors.unknown)
        .withArgs(unknownId);
    });
  });
}
