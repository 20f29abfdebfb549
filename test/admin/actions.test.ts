import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { expect } from "chai";
import { Contract, id, VoidSigner } from "ethers";
import { network } from "hardhat";

import { BulkConflictError, type BulkProgress, type BulkSummary } from "../../src/actions/bulk.js";
import { BulkCheckFailedError } from "../../src/actions/bulk/pipeline.js";
import type { SentTransaction } from "../../src/actions/execute.js";
import { registerCompanies, registerCompany } from "../../src/actions/company.js";
import { addLien, freezeTitle, registerTitle, registerTitles, releaseLien } from "../../src/actions/property.js";
import {
  cancelOperation,
  executeOperation,
  findOperation,
  grantRole,
  listRoles,
  revokeRole,
} from "../../src/actions/roles.js";
import {
  acceptOffer,
  executeCourtOrder,
  expireOffer,
  openOffer,
  scheduleKeyRecovery,
} from "../../src/actions/transfer.js";
import {
  ContractRevertError,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  UnauthorizedPartyError,
} from "../../src/errors.js";
import { Roles } from "../../src/roles.js";
import { findOffer, getTitle } from "../../src/sdk/reads.js";
import { buildSafeBatch } from "../../src/safe.js";
import { deployAdminSuite } from "../helpers/adminSuite.js";
import { TEST_DELAYS, scheduleClosed } from "../helpers/fixture.js";
import { roleMembers } from "../helpers/roleMembers.js";
import { deployTestToken } from "../helpers/testToken.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function adminFixture() {
  const fixture = await deployAdminSuite(connection);
  const { suite, accounts } = fixture;
  await registerTitle({
    suite,
    signer: accounts.landRegistrar,
    cadastralReference: "UT-1",
    owner: accounts.alice.address,
    documentHash: id("deed 1"),
  });
  return fixture;
}

/** The error an action rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("the action succeeded"),
    (error: unknown) => error as Error,
  );
}

async function deadlineIn(seconds: number): Promise<number> {
  return (await networkHelpers.time.latest()) + seconds;
}

describe("admin actions", function () {
  let dir: string;
  before(function () {
    dir = mkdtempSync(join(tmpdir(), "egov-actions-"));
  });
  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  describe("modes", function () {
    it("a dry run returns the populated transaction with its gas estimate and sends nothing", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const nonce = await ethers.provider.getTransactionCount(accounts.landRegistrar.address);
      const result = await registerTitle({
        suite,
        signer: accounts.landRegistrar,
        mode: "dry-run",
        cadastralReference: "UT-2",
        owner: accounts.bob.address,
        documentHash: id("deed 2"),
      });
      expect(result.mode).to.equal("dry-run");
      const [planned] = result.transactions;
      expect(planned.to).to.equal(await suite.propertyRegistry.getAddress());
      expect(planned.function).to.equal("registerTitle(string,address,bytes32,string)");
      expect(planned.gasEstimate).to.be.a("bigint").and.greaterThan(50_000n);
      expect(await ethers.provider.getTransactionCount(accounts.landRegistrar.address)).to.equal(nonce);
      expect(await suite.propertyRegistry.balanceOf(accounts.bob.address)).to.equal(0n);
    });

    it("multisig mode plans the call of an address that cannot sign, for a Safe batch", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const safe = new VoidSigner(accounts.admin.address, ethers.provider);
      const result = await grantRole({
        suite,
        signer: safe,
        mode: "safe",
        role: "GUARDIAN",
        account: accounts.carol.address,
      });
      const { chainId } = await ethers.provider.getNetwork();
      const batch = buildSafeBatch({
        chainId,
        safeAddress: accounts.admin.address,
        title: "t",
        transactions: result.transactions,
      });
      expect(batch).to.deep.include({ version: "1.0", chainId: chainId.toString() });
      expect(batch.transactions).to.deep.equal([
        {
          to: await suite.authority.getAddress(),
          value: "0",
          data: suite.authority.interface.encodeFunctionData("grantRole", [Roles.GUARDIAN, accounts.carol.address, 0]),
          contractMethod: null,
          contractInputsValues: null,
        },
      ]);
      expect((await suite.authority.hasRole(Roles.GUARDIAN, accounts.carol.address))[0]).to.equal(false);
    });
  });

  describe("checks before sending", function () {
    it("an account without the role is told the role, who holds it and the --from to use", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const error = await rejection(
        registerTitle({
          suite,
          signer: accounts.outsider,
          cadastralReference: "UT-9",
          owner: accounts.bob.address,
          documentHash: id("d"),
        }),
      );
      expect(error).to.be.instanceOf(MissingRoleError);
      expect((error as MissingRoleError).shortMessage).to.equal(
        `${accounts.outsider.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.registerTitle; ` +
          `held by ${accounts.landRegistrar.address}: run it again with --from ${accounts.landRegistrar.address}`,
      );
    });

    it("a refusal names a holder under an execution delay with the schedule to run, a role nobody holds, and a grant not yet in effect", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const parcel = "UT-1";
      const court = await rejection(freezeTitle({ suite, signer: accounts.courtOfficer, parcel, basis: id("order") }));
      expect((court as MissingRoleError).shortMessage).to.equal(
        `${accounts.courtOfficer.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.freezeTitle; ` +
          `held by ${accounts.landRegistrar.address}: run it again with --from ${accounts.landRegistrar.address}`,
      );
      const recovery = await rejection(
        scheduleKeyRecovery({
          suite,
          signer: accounts.alice,
          registry: await suite.propertyRegistry.getAddress(),
          lostAccount: accounts.alice.address,
          newAccount: accounts.carol.address,
          recordIds: [BigInt(id("UT-1"))],
          basis: id("order"),
        }),
      );
      expect((recovery as MissingRoleError).shortMessage).to.equal(
        `${accounts.alice.address} does not hold RECOVERY_OFFICER, required for OwnershipTransfer.recoverKeys; ` +
          `held by ${accounts.recoveryOfficer.address} (with an execution delay of ${TEST_DELAYS.recovery / 86_400} days): ` +
          `schedule the call with \`roles schedule --from ${accounts.recoveryOfficer.address}\``,
      );
      await revokeRole({
        suite,
        signer: accounts.admin,
        role: "LAND_REGISTRAR",
        account: accounts.landRegistrar.address,
      });
      const nobody = await rejection(
        freezeTitle({ suite, signer: accounts.landRegistrar, parcel, basis: id("order") }),
      );
      expect((nobody as MissingRoleError).shortMessage).to.equal(
        `${accounts.landRegistrar.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.freezeTitle; ` +
          "no account holds it: ADMIN grants it with `roles grant --role LAND_REGISTRAR --account <address>`",
      );
      // Granted again under a grant delay: until the grant takes effect, the refusal says when, not "no account".
      await (await suite.authority.connect(accounts.admin).setGrantDelay(Roles.LAND_REGISTRAR, 3 * 86_400)).wait();
      await networkHelpers.time.increase(5 * 86_400 + 1);
      await grantRole({
        suite,
        signer: accounts.admin,
        role: "LAND_REGISTRAR",
        account: accounts.landRegistrar.address,
      });
      const [landRegistrars] = await listRoles({ suite, role: "LAND_REGISTRAR" });
      const since = landRegistrars!.members.find((m) => m.account === accounts.landRegistrar.address)!.since;
      expect(since).to.equal((await networkHelpers.time.latest()) + 3 * 86_400);
      const pending = await rejection(
        freezeTitle({ suite, signer: accounts.landRegistrar, parcel, basis: id("order") }),
      );
      expect((pending as MissingRoleError).shortMessage).to.equal(
        `${accounts.landRegistrar.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.freezeTitle; ` +
          `its own grant of the role takes effect at ${new Date(since * 1000).toISOString()}: run it again then`,
      );
      // Another account waits for the same: the refusal names its grant and when it takes effect.
      const other = await rejection(freezeTitle({ suite, signer: accounts.alice, parcel, basis: id("order") }));
      expect((other as MissingRoleError).shortMessage).to.equal(
        `${accounts.alice.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.freezeTitle; ` +
          `no account holds it yet: the grant to ${accounts.landRegistrar.address} takes effect at ${new Date(since * 1000).toISOString()}`,
      );
    });

    it("a duplicate registration is refused with the decoded custom error before sending", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const error = await rejection(
        registerTitle({
          suite,
          signer: accounts.landRegistrar,
          cadastralReference: "UT-1",
          owner: accounts.bob.address,
          documentHash: id("d"),
        }),
      );
      expect(error).to.be.instanceOf(ContractRevertError);
      expect((error as ContractRevertError).errorName).to.equal("PropertyRegistryDuplicateCadastralReference");
    });

    it("unknown parcels and liens are RecordNotFoundErrors; a frozen title cannot be frozen again", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const signer = accounts.landRegistrar;
      expect(await rejection(freezeTitle({ suite, signer, parcel: "UT-404", basis: id("b") }))).to.be.instanceOf(
        RecordNotFoundError,
      );
      expect((await rejection(releaseLien({ suite, signer, lienId: 7n, basis: id("b") }))).message).to.equal(
        "unknown lien 7",
      );
      await freezeTitle({ suite, signer, parcel: "UT-1", basis: id("dispute") });
      const error = await rejection(freezeTitle({ suite, signer, parcel: "UT-1", basis: id("again") }));
      expect(error).to.be.instanceOf(InvalidStateError);
      expect((error as InvalidStateError).shortMessage).to.equal(
        "parcel UT-1 is frozen: the registry refuses this change of a frozen title",
      );
    });

    it("a title is read with its history and every lien", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const signer = accounts.landRegistrar;
      const lien = await addLien({
        suite,
        signer,
        parcel: "UT-1",
        holder: accounts.bank.address,
        documentHash: id("mortgage"),
      });
      expect(lien.lienId).to.equal(1n);
      await releaseLien({ suite, signer, lienId: 1n, basis: id("repaid") });
      const title = await getTitle({ suite, cadastralReference: "UT-1" });
      expect(title).to.deep.include({ cadastralReference: "UT-1", owner: accounts.alice.address, status: "Active" });
      expect(title.history).to.have.length(1);
      expect(title.liens).to.have.length(1);
      expect(title.liens[0].holder).to.equal(accounts.bank.address);
      expect(title.liens[0].releasedAt).to.be.a("number");
    });
  });

  describe("roles", function () {
    it("roles are listed from events, grants take the deployment's delay, and the last ADMIN is kept", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const granted = await grantRole({
        suite,
        signer: accounts.admin,
        role: "UPGRADER",
        account: accounts.carol.address,
      });
      expect(granted.executionDelay).to.equal(TEST_DELAYS.upgrade);
      const [upgraders] = await listRoles({ suite, role: "UPGRADER" });
      expect(upgraders.members.map((member) => [member.account, member.executionDelay])).to.deep.equal([
        [accounts.upgrader.address, TEST_DELAYS.upgrade],
        [accounts.carol.address, TEST_DELAYS.upgrade],
      ]);
      const again = await rejection(
        grantRole({ suite, signer: accounts.admin, role: "UPGRADER", account: accounts.carol.address }),
      );
      expect(again).to.be.instanceOf(InvalidStateError);
      const last = await rejection(
        revokeRole({ suite, signer: accounts.admin, role: "ADMIN", account: accounts.admin.address }),
      );
      expect((last as InvalidStateError).shortMessage).to.match(/would leave the suite without an administrator$/);
      const agent = await rejection(
        grantRole({ suite, signer: accounts.admin, role: "TRANSFER_AGENT", account: accounts.carol.address }),
      );
      expect(agent).to.be.instanceOf(InvalidInputError);
    });

    it("a court order is scheduled once COURT_OFFICER has a minimum execution delay, and a guardian can cancel it", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const day = 24 * 3600;
      // The officer's grant is first lengthened to the minimum: a raise is refused while a member's delay is below it.
      await suite.authority.connect(accounts.admin).grantRole(Roles.COURT_OFFICER, accounts.courtOfficer, day);
      const members = await roleMembers(suite.authority, Roles.COURT_OFFICER);
      await suite.authority.connect(accounts.admin).setMinExecutionDelay(Roles.COURT_OFFICER, day, members);
      const ordered = await executeCourtOrder({
        suite,
        signer: accounts.courtOfficer,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: BigInt(id("UT-1")),
        recordLabel: "UT-1",
        to: accounts.carol.address,
        basis: id("court order 4/2025"),
      });
      expect(ordered.operationId).to.be.a("string");
      expect(ordered.executableAt).to.equal((await networkHelpers.time.latest()) + day);
      expect((await findOperation({ suite, operationId: ordered.operationId! })).status).to.equal("waiting");
      await cancelOperation({ suite, signer: accounts.guardian, operationId: ordered.operationId! });
      expect((await findOperation({ suite, operationId: ordered.operationId! })).status).to.equal("cancelled");
      expect(await suite.propertyRegistry.ownerOf(BigInt(id("UT-1")))).to.equal(accounts.alice.address);
    });

    it("a key recovery is scheduled, waits for its delay, then runs; another is cancelled by a guardian", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const registry = await suite.propertyRegistry.getAddress();
      const parameters = {
        suite,
        signer: accounts.recoveryOfficer,
        registry,
        lostAccount: accounts.alice.address,
        newAccount: accounts.carol.address,
        recordIds: [BigInt(id("UT-1"))],
        basis: id("recovery order"),
      };
      const scheduled = await scheduleKeyRecovery(parameters);
      expect((await findOperation({ suite, operationId: scheduled.operationId })).status).to.equal("waiting");
      const early = await rejection(
        executeOperation({ suite, signer: accounts.recoveryOfficer, operationId: scheduled.operationId }),
      );
      expect(early).to.be.instanceOf(InvalidStateError);
      const stranger = await rejection(
        executeOperation({ suite, signer: accounts.outsider, operationId: scheduled.operationId }),
      );
      expect(stranger).to.be.instanceOf(UnauthorizedPartyError);

      await networkHelpers.time.increase(TEST_DELAYS.recovery + 1);
      expect((await findOperation({ suite, operationId: scheduled.operationId })).status).to.equal("ready");
      await executeOperation({ suite, signer: accounts.recoveryOfficer, operationId: scheduled.operationId });
      expect(await suite.propertyRegistry.ownerOf(BigInt(id("UT-1")))).to.equal(accounts.carol.address);
      expect((await findOperation({ suite, operationId: scheduled.operationId })).status).to.equal("executed");

      const back = await scheduleKeyRecovery({
        ...parameters,
        lostAccount: accounts.carol.address,
        newAccount: accounts.alice.address,
      });
      const outsider = await rejection(
        cancelOperation({ suite, signer: accounts.outsider, operationId: back.operationId }),
      );
      expect(outsider).to.be.instanceOf(MissingRoleError);
      await cancelOperation({ suite, signer: accounts.guardian, operationId: back.operationId });
      expect((await findOperation({ suite, operationId: back.operationId })).status).to.equal("cancelled");
    });

    it("a key recovery of a record the lost account does not own is refused before scheduling", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const error = await rejection(
        scheduleKeyRecovery({
          suite,
          signer: accounts.recoveryOfficer,
          registry: await suite.propertyRegistry.getAddress(),
          lostAccount: accounts.bob.address,
          newAccount: accounts.carol.address,
          recordIds: [BigInt(id("UT-1"))],
          basis: id("order"),
        }),
      );
      expect((error as InvalidInputError).field).to.equal("records");
    });
  });

  describe("offers", function () {
    it("an offer is found from its OfferOpened event with every field", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const opened = await openOffer({
        suite,
        signer: accounts.alice,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: BigInt(id("UT-1")),
        buyer: accounts.bob.address,
        price: 5n,
        deadline: await deadlineIn(3600),
        deedHash: id("sale"),
        nonce: 42n,
      });
      const found = await findOffer({ suite, offerId: opened.offerId });
      expect(found.offer).to.deep.equal(opened.offer);
      expect(found).to.deep.include({ status: "Open", registryName: "PropertyRegistry", approvalRequired: true });
      expect(await rejection(findOffer({ suite, offerId: id("nothing") }))).to.be.instanceOf(RecordNotFoundError);
      const notOwner = await rejection(
        openOffer({
          suite,
          signer: accounts.bob,
          registry: await suite.propertyRegistry.getAddress(),
          recordId: BigInt(id("UT-1")),
          buyer: accounts.carol.address,
          price: 5n,
          deadline: await deadlineIn(3600),
          deedHash: id("sale"),
        }),
      );
      expect(notOwner).to.be.instanceOf(UnauthorizedPartyError);
    });

    it("accepting an ERC-20 offer approves the token first, in a plan and for real", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const token = await deployTestToken(accounts.bank, accounts.bob.address, 1_000n);
      const opened = await openOffer({
        suite,
        signer: accounts.alice,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: BigInt(id("UT-1")),
        buyer: accounts.bob.address,
        token,
        price: 600n,
        deadline: await deadlineIn(3600),
        deedHash: id("sale"),
      });
      const planned = await acceptOffer({ suite, signer: accounts.bob, mode: "dry-run", offerId: opened.offerId });
      expect(
        planned.transactions.map((transaction) => [transaction.contract, transaction.function.split("(")[0]]),
      ).to.deep.equal([
        ["ERC20", "approve"],
        ["OwnershipTransfer", "acceptOffer"],
      ]);
      expect(planned.transactions[0].gasEstimate).to.be.a("bigint");
      expect(planned.transactions[1].gasEstimate).to.equal(null);

      await acceptOffer({ suite, signer: accounts.bob, offerId: opened.offerId });
      const erc20 = new Contract(token, ["function balanceOf(address) view returns (uint256)"], ethers.provider);
      expect(await erc20.balanceOf(await suite.ownershipTransfer.getAddress())).to.equal(600n);
      expect((await findOffer({ suite, offerId: opened.offerId })).status).to.equal("Accepted");
      const twice = await rejection(acceptOffer({ suite, signer: accounts.bob, offerId: opened.offerId }));
      expect((twice as InvalidStateError).shortMessage).to.match(/is accepted: only an open offer can be accepted$/);
    });

    it("an offer of a closed OwnershipTransfer expires at once, before its deadline", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const close = await scheduleClosed(
        { authority: suite.authority, admin: accounts.admin },
        await suite.ownershipTransfer.getAddress(),
        true,
      );
      await networkHelpers.time.increase(TEST_DELAYS.upgrade);
      const opened = await openOffer({
        suite,
        signer: accounts.alice,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: BigInt(id("UT-1")),
        buyer: accounts.bob.address,
        price: 5n,
        deadline: await deadlineIn(3600),
        deedHash: id("closed sale"),
      });
      const early = await rejection(expireOffer({ suite, signer: accounts.bob, offerId: opened.offerId }));
      expect((early as InvalidStateError).state).to.equal("still valid");
      await close();
      await expireOffer({ suite, signer: accounts.bob, offerId: opened.offerId });
      expect((await findOffer({ suite, offerId: opened.offerId })).status).to.equal("Expired");
    });

    it("a buyer without enough tokens is stopped before anything is sent", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const token = await deployTestToken(accounts.bank, accounts.bob.address, 10n);
      const opened = await openOffer({
        suite,
        signer: accounts.alice,
        registry: await suite.propertyRegistry.getAddress(),
        recordId: BigInt(id("UT-1")),
        buyer: accounts.bob.address,
        token,
        price: 600n,
        deadline: await deadlineIn(3600),
        deedHash: id("sale"),
      });
      const nonce = await ethers.provider.getTransactionCount(accounts.bob.address);
      const error = await rejection(acceptOffer({ suite, signer: accounts.bob, offerId: opened.offerId }));
      expect((error as InvalidStateError).state).to.equal("short of tokens");
      expect(await ethers.provider.getTransactionCount(accounts.bob.address)).to.equal(nonce);
    });
  });

  describe("bulk registration", function () {
    function rows(count: number, owner: string) {
      return Array.from({ length: count }, (_, index) => ({
        label: `rows.csv row ${index + 1}`,
        cadastralReference: `B-${index + 1}`,
        owner,
        documentHash: id(`deed B-${index + 1}`),
        metadataURI: "",
      }));
    }

    it("registers in batches, skips what an earlier run wrote and refuses a conflicting row", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "rows.csv");
      writeFileSync(input, "stand-in for the input file");
      const journalPath = join(dir, "rows.csv.journal");
      rmSync(journalPath, { force: true });
      const parameters = { suite, signer: accounts.landRegistrar, chunkSize: 4, journalPath, inputPath: input };
      const first = await registerTitles({ ...parameters, rows: rows(6, accounts.alice.address).slice(0, 5) });
      expect(first).to.deep.include({ rows: 5, written: 5, writtenEarlier: 0, alreadyPresent: 0, batches: 2 });
      const second = await registerTitles({ ...parameters, rows: rows(6, accounts.alice.address) });
      expect(second).to.deep.include({ rows: 6, written: 1, writtenEarlier: 5, alreadyPresent: 0, batches: 1 });
      expect(await suite.propertyRegistry.balanceOf(accounts.alice.address)).to.equal(7n);

      const conflicting = rows(6, accounts.bob.address);
      const nonce = await ethers.provider.getTransactionCount(accounts.landRegistrar.address);
      // A cadastral reference may appear once in a file.
      const [one, two] = rows(2, accounts.bob.address);
      const twice = await rejection(
        registerTitles({ ...parameters, rows: [one, { ...two, cadastralReference: "B-1" }] }),
      );
      // The repeated row does not hide that the first one is on chain with other data: both are reported.
      expect(twice).to.be.instanceOf(BulkCheckFailedError);
      expect((twice as BulkCheckFailedError).rowErrors.map((e) => e.message)).to.deep.equal([
        `${two.label} cadastralReference: B-1 is also on ${one.label}`,
      ]);
      expect((twice as BulkCheckFailedError).conflicts.map((conflict) => conflict.label)).to.deep.equal([one.label]);
      const error = await rejection(registerTitles({ ...parameters, rows: conflicting }));
      // Every conflicting row is named, before anything is sent.
      expect(error).to.be.instanceOf(BulkConflictError);
      expect((error as BulkConflictError).conflicts.map((conflict) => conflict.label)).to.deep.equal(
        conflicting.map((row) => row.label),
      );
      expect((error as InvalidInputError).field).to.equal("6 rows");
      expect((error as InvalidInputError).reason).to.match(
        /^already on chain with other data: rows\.csv row 1 \(B-1 was registered to 0x[0-9a-fA-F]{40} with document 0x[0-9a-f]{64}\); rows\.csv row 2 /,
      );
      expect((error as InvalidInputError).reason).to.match(/; and 1 more$/);
      expect(await ethers.provider.getTransactionCount(accounts.landRegistrar.address)).to.equal(nonce);
    });

    it("registers companies in batches, skips those on chain and refuses a number registered with other data", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "companies.csv");
      writeFileSync(input, "stand-in for the company export");
      const journalPath = join(dir, "companies.csv.journal");
      rmSync(journalPath, { force: true });
      const signer = accounts.companyRegistrar;
      const company = (index: number, owner: string, document = id(`articles ${index}`)) => ({
        label: `companies.csv row ${index}`,
        companyNumber: `HRB ${9000 + index}`,
        name: `Firma ${index} GmbH`,
        legalForm: "2HBR",
        jurisdiction: "DE-BE",
        registeredAddressHash: id(`office ${index}`),
        owner,
        documentHash: document,
      });
      // One company registered singly first: the bulk job finds it on chain with the same data.
      await registerCompany({ suite, signer, ...company(1, accounts.alice.address) });
      const rows = [1, 2, 3, 4, 5].map((index) => company(index, accounts.alice.address));
      const parameters = { suite, signer, chunkSize: 2, journalPath, inputPath: input };
      const first = await registerCompanies({ ...parameters, rows });
      expect(first).to.deep.include({ rows: 5, written: 4, writtenEarlier: 0, alreadyPresent: 1, batches: 2 });
      const registered = await suite.companyRegistry.companyOf(id("HRB 9004"));
      expect([registered.owner, registered.particulars.name, registered.particulars.jurisdiction]).to.deep.equal([
        accounts.alice.address,
        "Firma 4 GmbH",
        "0x44452d424500",
      ]);
      const again = await registerCompanies({ ...parameters, rows });
      expect(again).to.deep.include({ written: 0, writtenEarlier: 4, alreadyPresent: 1, batches: 0 });

      const nonce = await ethers.provider.getTransactionCount(signer.address);
      const conflict = await rejection(
        registerCompanies({
          ...parameters,
          rows: [...rows, company(6, accounts.bob.address)].map((row, index) =>
            index === 2 ? { ...row, documentHash: id("other articles") } : row,
          ),
        }),
      );
      expect(conflict).to.be.instanceOf(BulkConflictError);
      expect((conflict as InvalidInputError).message).to.match(
        /^companies\.csv row 3: already on chain with other data: companies\.csv row 3 \(HRB 9003 was registered to 0x[0-9a-fA-F]{40} with incorporation document 0x[0-9a-f]{64}\)$/,
      );
      // The library takes company numbers as given: one in lower case is refused, naming its canonical form.
      const lowerCase = await rejection(
        registerCompanies({
          ...parameters,
          rows: [{ ...company(7, accounts.bob.address), companyNumber: "hrb 9007" }],
        }),
      );
      expect(lowerCase.message).to.equal(
        "companies.csv row 7 companyNumber: holds a lower-case letter at byte 0 (references are upper case: HRB 9007)",
      );
      // A company number may appear once in a file.
      const twice = await rejection(
        registerCompanies({
          ...parameters,
          rows: [company(8, accounts.bob.address), { ...company(9, accounts.bob.address), companyNumber: "HRB 9008" }],
        }),
      );
      expect(twice.message).to.equal("companies.csv row 9 companyNumber: HRB 9008 is also on companies.csv row 8");
      expect(await ethers.provider.getTransactionCount(signer.address)).to.equal(nonce);
    });

    it("reads a streamed input twice: checked whole before anything is sent, then only the missing rows sent", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "streamed.csv");
      writeFileSync(input, "streamed input");
      const journalPath = join(dir, "streamed.csv.journal");
      rmSync(journalPath, { force: true });
      const all = rows(9, accounts.alice.address);
      const owned = await suite.propertyRegistry.balanceOf(accounts.alice.address);
      await registerTitles({
        suite,
        signer: accounts.landRegistrar,
        chunkSize: 4,
        journalPath: join(dir, "streamed-first.journal"),
        inputPath: input,
        rows: all.slice(0, 3),
      });
      let reads = 0;
      let yielded = 0;
      const source = async function* () {
        reads++;
        for (const row of all) {
          yielded++;
          yield row;
        }
      };
      const parameters = { suite, signer: accounts.landRegistrar, chunkSize: 4, journalPath, inputPath: input };
      const checked = await registerTitles({ ...parameters, rows: source, checkOnly: true });
      expect(checked).to.deep.include({ rows: 9, written: 6, alreadyPresent: 3, batches: 0 });
      expect([reads, yielded]).to.deep.equal([1, 9]);
      const progress: BulkProgress[] = [];
      const summary = await registerTitles({
        ...parameters,
        rows: source,
        onProgress: (entry) => progress.push(entry),
      });
      expect(summary).to.deep.include({ rows: 9, written: 6, alreadyPresent: 3, batches: 2 });
      // Read once to check and once more to send.
      expect([reads, yielded]).to.deep.equal([3, 27]);
      // While it is read, a stream's length is unknown; it is known once the check is over.
      const checks = progress.filter((entry) => entry.phase === "check");
      expect(checks.map((entry) => entry.total)).to.deep.equal([null, 9]);
      const sending = readFileSync(journalPath, "utf8")
        .split("\n")
        .filter((line) => line.includes('"sending"'))
        .map((line) => (JSON.parse(line) as { rows: number[] }).rows);
      expect(sending).to.deep.equal([
        [3, 4, 5, 6],
        [7, 8],
      ]);
      expect(await suite.propertyRegistry.balanceOf(accounts.alice.address)).to.equal(owned + 9n);

      // A repeated reference in a stream names the earlier row by its position.
      const twice = async function* () {
        yield* rows(2, accounts.bob.address).map((row) => ({ ...row, cadastralReference: "B-77" }));
      };
      const repeated = await rejection(registerTitles({ ...parameters, rows: twice, checkOnly: true }));
      expect(repeated.message).to.equal("rows.csv row 2 cadastralReference: B-77 is also on row 1 of the input");
    });

    it("sends nothing from a streamed input that changes between its check and its sending", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "changing.csv");
      const journalPath = join(dir, "changing.csv.journal");
      const signer = accounts.landRegistrar;
      const nonce = await ethers.provider.getTransactionCount(signer.address);
      const owned = await suite.propertyRegistry.balanceOf(accounts.alice.address);
      const parameters = { suite, signer, chunkSize: 4, journalPath, inputPath: input };
      const all = rows(6, accounts.alice.address);

      // The file is edited once its rows are checked: its digest no longer matches, nothing is sent.
      writeFileSync(input, "version 1");
      rmSync(journalPath, { force: true });
      let reads = 0;
      const edited = async function* () {
        reads++;
        yield* all;
        writeFileSync(input, "version 2");
      };
      const changed = await rejection(registerTitles({ ...parameters, rows: edited }));
      expect(changed).to.be.instanceOf(InvalidInputError);
      expect((changed as InvalidInputError).field).to.equal("inputPath");
      expect((changed as InvalidInputError).reason).to.equal(
        `${input} changed while its rows were checked; nothing was sent, run the command again`,
      );
      expect(reads).to.equal(1);

      // A source that gives fewer rows the second time is stopped before the batch it cannot fill is sent.
      writeFileSync(input, "version 3");
      rmSync(journalPath, { force: true });
      let calls = 0;
      const shrinking = async function* () {
        yield* ++calls === 1 ? all : all.slice(0, 3);
      };
      const shrunk = await rejection(registerTitles({ ...parameters, rows: shrinking }));
      expect((shrunk as InvalidInputError).message).to.equal(
        "rows: the input gave 3 rows when read again to send, 6 when checked",
      );
      expect(await ethers.provider.getTransactionCount(signer.address)).to.equal(nonce);
      expect(await suite.propertyRegistry.balanceOf(accounts.alice.address)).to.equal(owned);
    });

    it("sizes batches from the gas cap and keeps several in flight, with nonces counted in order", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "pipelined.csv");
      writeFileSync(input, "pipelined input");
      const journalPath = join(dir, "pipelined.csv.journal");
      rmSync(journalPath, { force: true });
      const count = 400;
      const all = Array.from({ length: count }, (_, index) => ({
        label: `pipelined.csv row ${index + 1}`,
        cadastralReference: `P-${index + 1}`,
        owner: accounts.alice.address,
        documentHash: id(`deed P-${index + 1}`),
        metadataURI: `ipfs://p/${index + 1}`,
      }));
      const progress: BulkProgress[] = [];
      // Blocks every 250 ms: sent batches wait in the mempool, so more than one is in flight.
      await ethers.provider.send("evm_setAutomine", [false]);
      await ethers.provider.send("evm_setIntervalMining", [250]);
      let summary: BulkSummary;
      try {
        summary = await registerTitles({
          suite,
          signer: accounts.landRegistrar,
          chunkSize: "auto",
          maxInFlight: 3,
          journalPath,
          inputPath: input,
          rows: all,
          onProgress: (entry) => progress.push(entry),
        });
      } finally {
        await ethers.provider.send("evm_setIntervalMining", [0]);
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      // About 84,000 gas a title: 80% of 16,777,216 holds some 160 of them.
      expect(summary.chunkSize).to.be.within(120, 200);
      expect(summary.gasPerRowEstimate).to.be.within(60_000, 110_000);
      expect(summary.batchGasLimit).to.equal(16_777_216);
      expect(summary).to.deep.include({ rows: count, written: count, batches: Math.ceil(count / summary.chunkSize!) });
      for (const transaction of summary.transactions) {
        expect((transaction as SentTransaction).gasUsed).to.be.at.most(16_777_216n);
      }
      expect(Math.max(...progress.map((entry) => entry.inFlight ?? 0))).to.be.at.least(2);
      const sends = progress.filter((entry) => entry.phase === "send");
      expect(sends.at(-1)).to.deep.include({ done: count, total: count, written: count });
      expect(sends.at(-1)!.gasPerRecord).to.equal(Math.round(Number(summary.gasUsed) / count));
      const sending = readFileSync(journalPath, "utf8")
        .split("\n")
        .filter((line) => line.includes('"sending"'))
        .map((line) => JSON.parse(line) as { nonce: number; rows: number[] });
      expect(sending.map((entry) => entry.nonce)).to.deep.equal(sending.map((_, i) => sending[0].nonce + i));
      expect(sending.flatMap((entry) => entry.rows)).to.deep.equal(all.map((_, i) => i));
      for (const i of [1, 200, 400]) {
        expect(await suite.propertyRegistry.ownerOf(BigInt(id(`P-${i}`)))).to.equal(accounts.alice.address);
      }
    });

    it("a journal of another input is refused, and a batch an interrupted run never sent is written", async function () {
      const { suite, accounts } = await networkHelpers.loadFixture(adminFixture);
      const input = join(dir, "other.csv");
      writeFileSync(input, "first version");
      const journalPath = join(dir, "other.csv.journal");
      const nonce = await ethers.provider.getTransactionCount(accounts.landRegistrar.address);
      writeFileSync(
        journalPath,
        [
          {
            type: "start",
            inputDigest: "sha256:unrelated",
            chainId: (await ethers.provider.getNetwork()).chainId.toString(),
            contract: await suite.propertyRegistry.getAddress(),
            account: accounts.landRegistrar.address,
            rows: 2,
            chunkSize: 2,
            at: "",
          },
        ]
          .map((entry) => JSON.stringify(entry))
          .join("\n"),
      );
      const parameters = {
        suite,
        signer: accounts.landRegistrar,
        chunkSize: 2,
        journalPath,
        inputPath: input,
        rows: rows(2, accounts.alice.address),
      };
      const refused = await rejection(registerTitles(parameters));
      expect((refused as InvalidInputError).reason).to.match(/belongs to another job \(the input file changed/);

      const start = {
        type: "start",
        inputDigest: `sha256:${createHash("sha256").update(readFileSync(input)).digest("hex")}`,
        chainId: (await ethers.provider.getNetwork()).chainId.toString(),
        contract: await suite.propertyRegistry.getAddress(),
        account: accounts.landRegistrar.address,
        rows: 2,
        chunkSize: 2,
        at: "",
      };
      const unsent = { type: "sending", batch: 0, rows: [0, 1], nonce, at: "" };
      writeFileSync(journalPath, `${JSON.stringify(start)}\n${JSON.stringify(unsent)}\n`);
      const resumed = await registerTitles(parameters);
      expect(resumed).to.deep.include({ written: 2, writtenEarlier: 0 });
      expect(await suite.propertyRegistry.ownerOf(BigInt(id("B-2")))).to.equal(accounts.alice.address);
    });
  });
});
