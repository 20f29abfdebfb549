/**
 * What the commands print, run in process against a deployed suite: event lines and results with enum values,
 * flags, reason codes and filing types by name, amounts in their unit (ETH, never the zero address; an ERC-20 in its
 * symbol), record ids as the clerk's reference, voting commitments in decimal, and a role refusal that names the
 * role's holder and the `--from` to use.
 */
import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import { recordSuite } from "../helpers/adminSuite.js";
import { type CommandOutput, inProcessHost, runCommand } from "../helpers/commands.js";
import { deploySuite } from "../helpers/fixture.js";
import { deployTestToken } from "../helpers/testToken.js";

const connection = await network.create();
const { networkHelpers } = connection;

async function plainFixture() {
  const fixture = await deploySuite(connection);
  const { suite } = await recordSuite(connection, fixture, { elections: true });
  return { ...fixture, suite, host: inProcessHost(connection, suite.deployment) };
}

type Fixture = Awaited<ReturnType<typeof plainFixture>>;

/** The lines a successful command printed. */
function printed(output: CommandOutput): readonly string[] {
  expect(output.exitCode, output.stderr).to.equal(undefined);
  if (process.env.EGOV_SHOW_OUTPUT === "1") console.log(output.stdout);
  return output.lines;
}

/** The one error line a refused command printed, with exit code 1. */
function refused(output: CommandOutput): string {
  expect(output.exitCode, output.stdout).to.equal(1);
  const lines = output.stderr.trim().split("\n");
  expect(lines, output.stderr).to.have.length(1);
  return lines[0]!;
}

/** The `  event …` lines of a command's output. */
function events(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith("  event "));
}

async function registerUt1(f: Fixture): Promise<readonly string[]> {
  return printed(
    await runCommand(f.host, ["property", "register"], {
      cadastralRef: "UT-1",
      owner: f.accounts.alice.address,
      document: id("deed UT-1"),
      from: f.accounts.landRegistrar.address,
    }),
  );
}

describe("commands that speak plainly (in process)", function () {
  it("a write from an account without the role names the role, its holder and the --from to use", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { outsider, landRegistrar, alice } = f.accounts;
    const output = await runCommand(f.host, ["property", "register"], {
      cadastralRef: "UT-1",
      owner: alice.address,
      document: id("deed UT-1"),
      from: outsider.address,
    });
    expect(refused(output)).to.equal(
      `Error: ${outsider.address} does not hold LAND_REGISTRAR, required for PropertyRegistry.registerTitle; ` +
        `held by ${landRegistrar.address}: run it again with --from ${landRegistrar.address}`,
    );
  });

  it("a parcel's events name it by its cadastral reference, its statuses by name and a mint's sender as none", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { alice, landRegistrar } = f.accounts;
    expect(events(await registerUt1(f))).to.deep.equal([
      `  event PropertyRegistry.Transfer(from=none, to=${alice.address}, tokenId=UT-1)`,
      "  event PropertyRegistry.Locked(tokenId=UT-1)",
      `  event PropertyRegistry.TitleRegistered(parcelId=UT-1, owner=${alice.address}, documentHash=${id("deed UT-1")}, cadastralReference=UT-1, metadataURI=)`,
    ]);
    const frozen = printed(
      await runCommand(f.host, ["property", "freeze"], {
        parcel: "UT-1",
        basis: id("court decision"),
        from: landRegistrar.address,
      }),
    );
    expect(events(frozen)).to.deep.equal([
      `  event PropertyRegistry.TitleStatusChanged(parcelId=UT-1, previousStatus=Active, status=Frozen, basis=${id("court decision")})`,
    ]);
  });

  it("a sale paid in ETH shows the amount in ETH and the token as ETH, never the zero address", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { alice, bob } = f.accounts;
    await registerUt1(f);
    const opened = printed(
      await runCommand(f.host, ["transfers", "open"], {
        record: "UT-1",
        buyer: bob.address,
        price: "1.5",
        deadline: "+14d",
        deed: id("sale deed"),
        from: alice.address,
      }),
    );
    const offerId = /^Offer (0x[0-9a-f]{64})$/.exec(opened[0]!)![1]!;
    const accepted = printed(await runCommand(f.host, ["transfers", "accept"], { offer: offerId, from: bob.address }));
    expect(events(accepted)).to.deep.equal([
      `  event OwnershipTransfer.OfferAccepted(offerId=${offerId}, buyer=${bob.address}, token=ETH, amount=1.5 ETH)`,
    ]);
  });

  it("a sale paid in an ERC-20 shows its amounts in the token's symbol and decimals", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { alice, bob } = f.accounts;
    await registerUt1(f);
    const token = await deployTestToken(bob, bob.address, 10n ** 12n);
    const opened = printed(
      await runCommand(f.host, ["transfers", "open"], {
        record: "UT-1",
        buyer: bob.address,
        price: "2.5",
        token,
        deadline: "+14d",
        deed: id("sale deed"),
        from: alice.address,
      }),
    );
    const offerId = /^Offer (0x[0-9a-f]{64})$/.exec(opened[0]!)![1]!;
    const accepted = printed(await runCommand(f.host, ["transfers", "accept"], { offer: offerId, from: bob.address }));
    const transfer = await f.transfer.getAddress();
    expect(accepted.filter((line) => line.startsWith("Sent: ") || line.startsWith("  event "))).to.deep.equal([
      `Sent: approve OwnershipTransfer to take 2.5 TST (token ${token})`,
      `  event ERC20.Approval(owner=${bob.address}, spender=${transfer}, value=2.5 TST)`,
      `Sent: accept offer ${offerId} paying 2.5 TST`,
      `  event ERC20.Transfer(from=${bob.address}, to=${transfer}, value=2.5 TST)`,
      `  event OwnershipTransfer.OfferAccepted(offerId=${offerId}, buyer=${bob.address}, token=${token}, amount=2.5 TST)`,
    ]);
  });

  it("a company's filing names its type, and its events name the company by its number", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { alice, companyRegistrar } = f.accounts;
    printed(
      await runCommand(f.host, ["companies", "register"], {
        companyNumber: "HRB-1",
        name: "Beispiel GmbH",
        legalForm: "2HBR",
        jurisdiction: "DE",
        registeredAddress: id("office"),
        owner: alice.address,
        document: id("articles"),
        from: companyRegistrar.address,
      }),
    );
    const filed = printed(
      await runCommand(f.host, ["companies", "file-document"], {
        company: "HRB-1",
        filingType: "1",
        document: id("accounts 2025"),
        from: companyRegistrar.address,
      }),
    );
    expect(filed[0]).to.equal(`Filing 0 of HRB-1: type AnnualAccounts (1), document ${id("accounts 2025")}`);
    expect(events(filed)).to.deep.equal([
      `  event CompanyRegistry.DocumentFiled(companyId=HRB-1, filingIndex=0, filingType=AnnualAccounts (1), documentHash=${id("accounts 2025")})`,
    ]);
    const shown = printed(await runCommand(f.host, ["companies", "show"], { company: "HRB-1" }));
    expect(shown[1]).to.equal(`  GmbH (2HBR), DE; registered address ${id("office")}`);
    const filing = shown.find((line) => line.startsWith("    #0 "));
    expect(filing).to.match(
      new RegExp(`^    #0 type AnnualAccounts \\(1\\) ${id("accounts 2025")} filed \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z$`),
    );
  });

  it("a revocation names its reason, and a citizen's flags and voting commitment read the same in every output", async function () {
    const f = await networkHelpers.loadFixture(plainFixture);
    const { accreditor, diplomaIssuer, civilRegistrar } = f.accounts;
    printed(
      await runCommand(f.host, ["diplomas", "register-institution"], {
        name: "Université de Lyon",
        country: "FR",
        accreditationDocument: id("accreditation"),
        from: accreditor.address,
      }),
    );
    printed(
      await runCommand(f.host, ["diplomas", "bind-issuer"], {
        issuer: diplomaIssuer.address,
        institution: "1",
        from: accreditor.address,
      }),
    );
    printed(
      await runCommand(f.host, ["diplomas", "issue"], {
        documentHash: id("diploma"),
        holderCommitment: id("holder"),
        programme: "0613",
        awardedOn: "2025-06-30",
        from: diplomaIssuer.address,
      }),
    );
    const revoked = printed(
      await runCommand(f.host, ["diplomas", "revoke"], {
        documentHash: id("diploma"),
        reason: "3",
        from: diplomaIssuer.address,
      }),
    );
    expect(revoked[0]).to.equal(
      `Diploma ${id("diploma")} of institution 1 revoked as issuer, reason WithdrawnByInstitution (3)`,
    );
    expect(events(revoked)).to.deep.equal([
      `  event DiplomaRegistry.DiplomaRevoked(root=${"0x" + "0".repeat(64)}, documentHash=${id("diploma")}, institutionId=1, revokedBy=${diplomaIssuer.address}, reason=WithdrawnByInstitution (3))`,
    ]);

    const commitment = 2n ** 200n + 12_345n;
    const registered = printed(
      await runCommand(f.host, ["citizens", "register"], {
        citizen: id("citizen 1"),
        jurisdiction: "4711",
        flags: "adult,resident",
        commitment: commitment.toString(),
        basis: id("birth certificate"),
        from: civilRegistrar.address,
      }),
    );
    expect(events(registered)).to.deep.equal([
      `  event CitizenRegistry.CitizenRegistered(citizenKey=${id("citizen 1")}, sequence=1, index=0, jurisdiction=4711, flags=adult,resident, votingCommitment=${commitment}, basis=${id("birth certificate")})`,
    ]);
    const shown = printed(await runCommand(f.host, ["citizens", "show"], { citizen: id("citizen 1") }));
    expect(shown).to.include(`  eligibility adult,resident; voting commitment ${commitment}`);
    const json = await runCommand(f.host, ["citizens", "show"], { citizen: id("citizen 1"), json: true });
    expect((JSON.parse(json.stdout) as { citizen: { votingCommitment: string } }).citizen.votingCommitment).to.equal(
      commitment.toString(),
    );
  });
});
