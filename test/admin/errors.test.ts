import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { suiteInterfaces } from "../../src/deployment.js";
import {
  ContractRevertError,
  decodeRevert,
  EgovError,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  refusal,
  REVERT_ERRORS,
  TransactionFailedError,
} from "../../src/errors.js";
import { deploySuite } from "../helpers/fixture.js";

const connection = await network.create();

async function suiteFixture() {
  const suite = await deploySuite(connection);
  const { property, accounts } = suite;
  await property.connect(accounts.landRegistrar).registerTitle("UT-1", accounts.alice.address, id("deed"), "");
  await property.connect(accounts.landRegistrar).freezeTitle(BigInt(id("UT-1")), id("dispute"));
  return suite;
}

/** The error a promise rejects with. */
async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail("the call succeeded"),
    (error: unknown) => error,
  );
}

describe("errors", function () {
  it("decodes a custom error with its arguments, ids in hex", async function () {
    const { property, accounts } = await connection.networkHelpers.loadFixture(suiteFixture);
    const error = decodeRevert({
      error: await thrown(
        property.connect(accounts.landRegistrar).registerTitle.staticCall("UT-1", accounts.bob.address, id("d"), ""),
      ),
      interfaces: suiteInterfaces(),
    });
    expect(error).to.be.instanceOf(ContractRevertError);
    const revert = error as ContractRevertError;
    expect(revert.errorName).to.equal("PropertyRegistryDuplicateCadastralReference");
    expect(revert.contractName).to.equal("PropertyRegistry");
    expect(revert.args).to.deep.equal({ cadastralReference: "UT-1", parcelId: BigInt(id("UT-1")) });
    expect(revert.shortMessage).to.equal(
      `PropertyRegistryDuplicateCadastralReference: cadastralReference=UT-1, parcelId=${id("UT-1")}`,
    );
  });

  it("names enum values and roles in decoded arguments", async function () {
    const { property, accounts } = await connection.networkHelpers.loadFixture(suiteFixture);
    const frozen = decodeRevert({
      error: await thrown(
        property.connect(accounts.landRegistrar).freezeTitle.staticCall(BigInt(id("UT-1")), id("again")),
      ),
      interfaces: suiteInterfaces(),
    });
    const revert = frozen.walk((error) => error instanceof ContractRevertError) as ContractRevertError;
    expect(revert.shortMessage).to.equal(`PropertyRegistryUnexpectedStatus: parcelId=${id("UT-1")}, status=Frozen`);

    const { authority } = await connection.networkHelpers.loadFixture(suiteFixture);
    const unauthorized = decodeRevert({
      error: await thrown(authority.connect(accounts.outsider).grantRole.staticCall(1n, accounts.bob.address, 0)),
      interfaces: suiteInterfaces(),
    });
    expect(unauthorized.shortMessage).to.equal(
      `AccessManagerUnauthorizedAccount: msgsender=${accounts.outsider.address}, roleId=0 (ADMIN)`,
    );
  });

  it("a custom error with an SDK class of its own becomes that error, naming the record by its label", async function () {
    const { property, accounts } = await connection.networkHelpers.loadFixture(suiteFixture);
    const thrownByFreeze = await thrown(
      property.connect(accounts.landRegistrar).freezeTitle.staticCall(BigInt(id("UT-1")), id("again")),
    );
    const frozen = decodeRevert({
      error: thrownByFreeze,
      interfaces: suiteInterfaces(),
      labels: new Map([[BigInt(id("UT-1")), "UT-1"]]),
    });
    expect(frozen).to.be.instanceOf(InvalidStateError);
    expect(frozen.shortMessage).to.equal("parcel UT-1 is frozen: the registry refuses this change of a frozen title");
    expect((frozen.cause as ContractRevertError).errorName).to.equal("PropertyRegistryUnexpectedStatus");

    const unknownParcel = decodeRevert({
      error: await thrown(property.titleOf(BigInt(id("UT-404")))),
      interfaces: suiteInterfaces(),
    });
    expect(unknownParcel).to.be.instanceOf(RecordNotFoundError);
    expect(unknownParcel.shortMessage).to.equal(`unknown parcel ${id("UT-404")}`);
    expect(refusal({ errorName: "PropertyRegistryUnknownLien", args: { lienId: 7n } }).shortMessage).to.equal(
      "unknown lien 7",
    );
  });

  it("every custom error of the table is declared by a contract of the suite, with the arguments it reads", function () {
    const declared = new Map<string, string[]>();
    for (const { abi } of suiteInterfaces()) {
      for (const entry of (abi ?? []) as { type: string; name?: string; inputs?: { name: string }[] }[]) {
        if (entry.type === "error")
          declared.set(
            entry.name!,
            (entry.inputs ?? []).map((input) => input.name),
          );
      }
    }
    for (const [errorName, explain] of Object.entries(REVERT_ERRORS)) {
      const inputs = declared.get(errorName);
      expect(inputs, errorName).to.not.equal(undefined);
      const read = new Set<string>();
      const args = new Proxy({} as Record<string, unknown>, {
        get: (_target, key: string) => {
          read.add(key);
          return 1n;
        },
      });
      const cause = new ContractRevertError({ errorName, args: {}, data: "0x" });
      expect(explain(args, String, cause)).to.be.instanceOf(EgovError);
      expect(
        [...read].filter((key) => !inputs!.includes(key)),
        errorName,
      ).to.deep.equal([]);
    }
  });

  it("an error without revert data becomes a TransactionFailedError that keeps its cause", function () {
    const cause = new Error("connection refused\nat somewhere");
    const error = decodeRevert({ error: cause, interfaces: suiteInterfaces() });
    expect(error).to.be.instanceOf(TransactionFailedError);
    expect(error.shortMessage).to.equal("transaction failed: connection refused");
    expect(error.cause).to.equal(cause);
    expect(error.walk()).to.equal(cause);
  });

  it("revert data no ABI declares is reported with its selector", function () {
    const error = decodeRevert({ error: { data: "0xdeadbeef00" }, interfaces: suiteInterfaces() });
    expect(error.shortMessage).to.equal("unknown error 0xdeadbeef");
  });

  it("errors keep a one-line short message and put details after it", function () {
    const input = new InvalidInputError({ field: "--owner", reason: "is required" });
    expect(input.message).to.equal("--owner: is required");
    expect(input.name).to.equal("InvalidInputError");
    const role = new MissingRoleError({
      account: "0xA",
      role: 1n,
      contract: "PropertyRegistry",
      functionName: "registerTitle",
    });
    expect(role.shortMessage).to.equal("0xA does not hold LAND_REGISTRAR, required for PropertyRegistry.registerTitle");
    const detailed = new EgovError("short", { details: "long story" });
    expect(detailed.message).to.equal("short\n\nDetails: long story");
    expect(detailed.shortMessage).to.equal("short");
  });
});
