import { expect } from "chai";
import { Interface, id, type FunctionFragment, type ParamType, type Signer } from "ethers";
import hre, { network } from "hardhat";

import { Roles, type RoleName } from "../src/roles.js";
import { ACCESS, AUTHORITY_ONLY, selectorOf, type SuiteContractName } from "../src/wiring.js";
import { GovernmentAuthority__factory } from "../types/ethers-contracts/index.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function suiteFixture() {
  return deploySuite(connection);
}

/** A plausible value for every ABI type, so that a call gets past decoding and reaches the access check. */
function sampleValue(param: ParamType, filler: string): unknown {
  if (param.isArray()) {
    return param.arrayLength > 0
      ? Array.from({ length: param.arrayLength }, () => sampleValue(param.arrayChildren, filler))
      : [];
  }
  if (param.isTuple()) return param.components.map((component) => sampleValue(component, filler));
  if (param.baseType === "address") return filler;
  if (param.baseType === "bool") return false;
  if (param.baseType === "string") return "x";
  if (param.baseType === "bytes") return "0x";
  if (param.baseType.startsWith("bytes")) return "0x" + "11".repeat(Number(param.baseType.slice(5)));
  return 1n;
}

/** The custom error a call reverts with, decoded against the contract's and the authority's ABIs, or "success". */
async function outcome(caller: Signer, target: string, abi: Interface, fragment: FunctionFragment): Promise<string> {
  const filler = await caller.getAddress();
  const data = abi.encodeFunctionData(
    fragment,
    fragment.inputs.map((input) => sampleValue(input, filler)),
  );
  try {
    await caller.call({ to: target, data });
    return "success";
  } catch (error) {
    const revertData = (error as { data?: string }).data;
    if (typeof revertData !== "string" || revertData === "0x") return "revert";
    const parsed = abi.parseError(revertData) ?? GovernmentAuthority__factory.createInterface().parseError(revertData);
    return parsed?.name ?? "revert";
  }
}

const CONTRACT_KEYS = {
  PropertyRegistry: "property",
  OwnershipTransfer: "transfer",
  DiplomaRegistry: "diplomas",
  CompanyRegistry: "companies",
  CitizenRegistry: "citizens",
  Elections: "elections",
} as const satisfies Record<SuiteContractName, string>;

describe("access matrix", function () {
  for (const contractName of Object.keys(ACCESS) as SuiteContractName[]) {
    describe(contractName, function () {
      async function setup() {
        const suite = await networkHelpers.loadFixture(suiteFixture);
        const instance = (suite as Record<string, unknown>)[CONTRACT_KEYS[contractName]] as
          { getAddress(): Promise<string> } | undefined;
        if (instance === undefined) throw new Error(`${contractName} is not part of the deployed suite`);
        const artifact = await hre.artifacts.readArtifact(contractName);
        const abi = new Interface(artifact.abi);
        const target = await instance.getAddress();
        const transferAddress = await suite.transfer.getAddress();
        await networkHelpers.impersonateAccount(transferAddress);
        await networkHelpers.setBalance(transferAddress, 10n ** 18n);
        const agent = await ethers.getSigner(transferAddress);
        const { accounts } = suite;
        const holders: Record<Exclude<RoleName, "PUBLIC">, Signer> = {
          ADMIN: accounts.admin,
          LAND_REGISTRAR: accounts.landRegistrar,
          COMPANY_REGISTRAR: accounts.companyRegistrar,
          ACCREDITOR: accounts.accreditor,
          DIPLOMA_ISSUER: accounts.diplomaIssuer,
          COURT_OFFICER: accounts.courtOfficer,
          TRANSFER_AGENT: agent,
          GUARDIAN: accounts.guardian,
          UPGRADER: accounts.upgrader,
          RECOVERY_OFFICER: accounts.recoveryOfficer,
          CIVIL_REGISTRAR: accounts.civilRegistrar,
          ELECTION_OFFICER: accounts.electionOfficer,
        };
        return { suite, abi, target, holders, outsider: accounts.outsider };
      }

      it("lists every external non-view function exactly once", async function () {
        const artifact = await hre.artifacts.readArtifact(contractName);
        const abi = new Interface(artifact.abi);
        const access = ACCESS[contractName];
        const writes = abi.fragments
          .filter((f): f is FunctionFragment => f.type === "function")
          .filter((f) => f.stateMutability === "nonpayable" || f.stateMutability === "payable")
          .map((f) => f.format("sighash"));
        const listed = [
          ...Object.keys(access.restricted),
          ...Object.keys(access.open),
          ...access.refused,
          ...AUTHORITY_ONLY,
        ];
        expect(new Set(listed).size, "a function is listed twice").to.equal(listed.length);
        const allFunctions = abi.fragments
          .filter((f): f is FunctionFragment => f.type === "function")
          .map((f) => f.format("sighash"));
        for (const signature of listed) expect(allFunctions, `${signature} is not in the ABI`).to.include(signature);
        for (const signature of writes) expect(listed, `${signature} is not wired`).to.include(signature);
      });

      it("wires every restricted function to its role in the authority", async function () {
        const { suite, target } = await setup();
        for (const [signature, role] of Object.entries(ACCESS[contractName].restricted)) {
          expect(
            await suite.authority.getTargetFunctionRole(target, selectorOf(signature)),
            `${signature} is wired to the wrong role`,
          ).to.equal(Roles[role]);
        }
      });

      it("lets only the intended role call each restricted function", async function () {
        const { abi, target, holders, outsider } = await setup();
        for (const [signature, role] of Object.entries(ACCESS[contractName].restricted)) {
          const fragment = abi.getFunction(signature)!;
          for (const [holderRole, signer] of Object.entries(holders)) {
            const result = await outcome(signer, target, abi, fragment);
            if (holderRole === role) {
              expect(result, `${role} must be allowed to call ${signature}`).to.not.equal("AccessManagedUnauthorized");
            } else {
              expect(result, `${holderRole} must not call ${signature}`).to.equal("AccessManagedUnauthorized");
            }
          }
          expect(await outcome(outsider, target, abi, fragment), `an outsider must not call ${signature}`).to.equal(
            "AccessManagedUnauthorized",
          );
        }
      });

      it("makes delayed roles wait for a scheduled operation", async function () {
        const { abi, target, holders } = await setup();
        for (const [signature, role] of Object.entries(ACCESS[contractName].restricted)) {
          if (role !== "UPGRADER" && role !== "RECOVERY_OFFICER") continue;
          const result = await outcome(holders[role], target, abi, abi.getFunction(signature)!);
          expect(result, `${signature} must need a scheduled operation`).to.equal("AccessManagerNotScheduled");
        }
      });

      it("lets anyone reach the in-contract checks of open functions", async function () {
        const { abi, target, outsider } = await setup();
        for (const signature of Object.keys(ACCESS[contractName].open)) {
          const result = await outcome(outsider, target, abi, abi.getFunction(signature)!);
          expect(result, `${signature} is restricted in the contract but listed as open`).to.not.equal(
            "AccessManagedUnauthorized",
          );
        }
      });

      it("refuses the functions that always revert, for everyone", async function () {
        const { abi, target, holders, outsider } = await setup();
        for (const signature of ACCESS[contractName].refused) {
          for (const signer of [...Object.values(holders), outsider]) {
            const result = await outcome(signer, target, abi, abi.getFunction(signature)!);
            expect(result, `${signature} must always revert`).to.match(/^[A-Z]\w+(Locked|Disabled)$/);
          }
        }
      });

      it("lets only the authority change the authority", async function () {
        const { abi, target, holders, outsider } = await setup();
        for (const signature of AUTHORITY_ONLY) {
          for (const signer of [...Object.values(holders), outsider]) {
            expect(await outcome(signer, target, abi, abi.getFunction(signature)!)).to.equal(
              "AccessManagedUnauthorized",
            );
          }
        }
      });
    });
  }

  describe("multicall", function () {
    it("a registrar batches several registrations in one transaction", async function () {
      const { property, accounts } = await networkHelpers.loadFixture(suiteFixture);
      const calls = ["MC-1", "MC-2", "MC-3"].map((reference) =>
        property.interface.encodeFunctionData("registerTitle", [reference, accounts.alice.address, id(reference), ""]),
      );
      await expect(property.connect(accounts.landRegistrar).multicall(calls)).to.emit(property, "TitleRegistered");
      expect(await property.balanceOf(accounts.alice.address)).to.equal(3n);
    });

    it("checks every inner call against the original caller", async function () {
      const { property, accounts } = await networkHelpers.loadFixture(suiteFixture);
      const calls = [
        property.interface.encodeFunctionData("registerTitle", ["MC-9", accounts.outsider.address, id("MC-9"), ""]),
      ];
      await expect(property.connect(accounts.outsider).multicall(calls))
        .to.be.revertedWithCustomError(property, "AccessManagedUnauthorized")
        .withArgs(accounts.outsider.address);
    });
  });

  describe("GovernmentAuthority", function () {
    it("lets a guardian cancel the scheduled operations of the delayed and court roles", async function () {
      const { authority } = await networkHelpers.loadFixture(suiteFixture);
      for (const role of ["RECOVERY_OFFICER", "UPGRADER", "COURT_OFFICER"] as const) {
        expect(await authority.getRoleGuardian(Roles[role]), role).to.equal(Roles.GUARDIAN);
      }
    });

    it("gives the transfer contract, and only it, the TRANSFER_AGENT role", async function () {
      const { authority, transfer, accounts } = await networkHelpers.loadFixture(suiteFixture);
      expect((await authority.hasRole(Roles.TRANSFER_AGENT, await transfer.getAddress()))[0]).to.equal(true);
      for (const signer of Object.values(accounts)) {
        expect((await authority.hasRole(Roles.TRANSFER_AGENT, signer.address))[0]).to.equal(false);
      }
    });

    it("grants the delayed roles with their execution delays", async function () {
      const { authority, accounts } = await networkHelpers.loadFixture(suiteFixture);
      expect(await authority.hasRole(Roles.RECOVERY_OFFICER, accounts.recoveryOfficer.address)).to.deep.equal([
        true,
        3n * 24n * 3600n,
      ]);
      expect(await authority.hasRole(Roles.UPGRADER, accounts.upgrader.address)).to.deep.equal([
        true,
        7n * 24n * 3600n,
      ]);
    });
  });
});
