import { expect } from "chai";
import { AbiCoder, id, parseEther, ZeroAddress } from "ethers";

import type { SentTransaction } from "../../src/actions/execute.js";
import { formatAmount, learnNames, printTransactions, showArg, showArgs, showEvent } from "../../src/cli/format.js";
import { commitmentText, filingTypeText, flagNames, revocationReasonText } from "../../src/vocabulary.js";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("readable output", function () {
  it("an amount of 2^64 wei or more prints in decimal ETH, never as 32-byte hex", function () {
    const nineteen = parseEther("19");
    expect(nineteen >= 2n ** 64n).to.equal(true);
    expect(formatAmount(nineteen)).to.equal("19.0 ETH");
    expect(showArg("price", nineteen)).to.equal("19.0 ETH");
    expect(showArg("amount", nineteen, { siblings: { token: ZeroAddress } })).to.equal("19.0 ETH");
  });

  it("an ERC-20 amount prints in its token's unit when known, else in smallest units naming the token", function () {
    const units = new Map([[TOKEN, { symbol: "EURC", decimals: 6 }]]);
    expect(showArg("amount", 1_500_000n, { siblings: { token: TOKEN }, units })).to.equal("1.5 EURC");
    expect(showArg("amount", 1_500_000n, { siblings: { token: TOKEN } })).to.equal(
      `1500000 smallest units of token ${TOKEN}`,
    );
  });

  it("codes print as letters, dates and times as ISO text, record ids as their reference where known", function () {
    expect(showArg("country", "0x4652")).to.equal("FR");
    expect(showArg("legalForm", "0x32484252")).to.equal("2HBR");
    expect(showArg("programmeCode", `0x30363133${"0".repeat(56)}`)).to.equal("0613");
    expect(showArg("appointedOn", 1_700_000_000n)).to.equal("2023-11-14");
    expect(showArg("awardedAt", 1_700_000_000n)).to.equal("2023-11-14");
    expect(showArg("registeredAt", 1_700_000_000n)).to.equal("2023-11-14T22:13:20.000Z");
    expect(showArg("releasedAt", 0n)).to.equal("none");
    const parcelId = 2n ** 200n + 7n;
    expect(showArg("recordId", parcelId, { labels: new Map([[parcelId, "UT-1"]]) })).to.equal("UT-1");
    expect(showArg("recordId", parcelId)).to.equal(`0x${parcelId.toString(16).padStart(64, "0")}`);
    expect(showArg("historyIndex", 3n)).to.equal("3");
  });

  it("a struct argument prints field by field, each by its name", function () {
    const coder = AbiCoder.defaultAbiCoder();
    const type = "tuple(string name, bytes4 legalForm, bytes8 jurisdiction)";
    const [particulars] = coder.decode(
      [type],
      coder.encode([type], [["Acme GmbH", "0x32484252", "0x4445000000000000"]]),
    );
    expect(showArg("particulars", particulars)).to.equal("{name=Acme GmbH, legalForm=2HBR, jurisdiction=DE}");
  });

  it("events of sent transactions print enums by name, amounts in ETH or in their token; a sent value in ETH", function () {
    const sent: SentTransaction = {
      description: "settle",
      contract: "OwnershipTransfer",
      function: "settleOffer(tuple)",
      from: ZeroAddress,
      to: TOKEN,
      data: "0x",
      value: 0n,
      gasEstimate: null,
      hash: `0x${"ab".repeat(32)}`,
      blockNumber: 9,
      gasUsed: 21_000n,
      events: [
        {
          contract: "PropertyRegistry",
          address: TOKEN,
          name: "TitleTransferred",
          args: { kind: "Sale", historyIndex: 1n },
        },
        {
          contract: "ERC20",
          address: TOKEN,
          name: "Approval",
          args: { value: 250_000n },
        },
        {
          contract: "OwnershipTransfer",
          address: TOKEN,
          name: "FundsWithdrawn",
          args: { token: ZeroAddress, amount: parseEther("19") },
        },
      ],
    };
    const lines = printTransactions("send", [sent]);
    expect(lines).to.include("  event PropertyRegistry.TitleTransferred(kind=Sale, historyIndex=1)");
    expect(lines).to.include("  event OwnershipTransfer.FundsWithdrawn(token=ETH, amount=19.0 ETH)");
    expect(lines).to.include(`  event ERC20.Approval(value=250000 smallest units of token ${TOKEN})`);
    const { description, contract, function: fn, from, to, data } = sent;
    const planned = printTransactions("dry-run", [
      { description, contract, function: fn, from, to, data, value: parseEther("19"), gasEstimate: 50_000n },
    ]);
    expect(planned).to.include("  value 19.0 ETH");
    expect(showArgs({ offer: [1n], kind: "CourtOrder" })).to.equal("kind=CourtOrder");
    const units = new Map([[TOKEN, { symbol: "EURC", decimals: 6 }]]);
    expect(printTransactions("send", [sent], { units })).to.include(`  event ERC20.Approval(value=0.25 EURC)`);
  });

  it("enum values, flags, reason codes, filing types and credential kinds print by name, in structs too", function () {
    expect(showArg("rule", 2n)).to.equal("Budget");
    expect(showArg("flags", 3n)).to.equal("adult,resident");
    expect(showArg("requiredFlags", 0n)).to.equal("none");
    expect(showArg("filingType", 1n)).to.equal("AnnualAccounts (1)");
    expect(showArg("filingType", 9n)).to.equal("9 (not a listed filing type)");
    expect(showArg("reason", 2n, { event: "DiplomaRevokedInBatch" })).to.equal("ObtainedByFraud (2)");
    expect(showArg("reason", 3n, { event: "CredentialSuspended" })).to.equal("WithdrawnByInstitution (3)");
    expect(showArg("reasonCodes", (1n << 1n) | (1n << 4n))).to.equal("IssuedInError (1) CourtDecision (4)");
    expect(showArg("kind", 1n, { kinds: new Map([[1n, "Professional licence"]]) })).to.equal(
      "Professional licence (1)",
    );
    expect(showArg("kind", 2n)).to.equal("2");
    const coder = AbiCoder.defaultAbiCoder();
    const type =
      "tuple(uint8 rule, uint8 optionCount, uint40 opensAt, tuple(uint32 jurisdiction, uint8 requiredFlags) census)";
    const [parameters] = coder.decode([type], coder.encode([type], [[1, 3, 1_700_000_000, [4711, 3]]]));
    expect(showEvent({ name: "PollCreated", args: { pollId: 1n, parameters } })).to.equal(
      "PollCreated(pollId=1, parameters={rule=Approval, optionCount=3, opensAt=2023-11-14T22:13:20.000Z, census={jurisdiction=4711, requiredFlags=adult,resident}})",
    );
  });

  it("an empty array argument prints as an empty list", function () {
    const coder = AbiCoder.defaultAbiCoder();
    const [costs] = coder.decode(["uint64[]"], coder.encode(["uint64[]"], [[]]));
    expect(showArg("costs", costs)).to.equal("[]");
  });

  it("an argument whose meaning depends on its event reads by that event", function () {
    const big = 2n ** 200n + 1n;
    expect(showEvent({ name: "EligibilityChanged", args: { sequence: 4n, from: 3n, to: 1n } })).to.equal(
      "EligibilityChanged(sequence=4, from=adult,resident, to=adult)",
    );
    expect(showEvent({ name: "VotingCommitmentChanged", args: { from: big, to: 7n } })).to.equal(
      `VotingCommitmentChanged(from=${big}, to=7)`,
    );
    expect(
      showEvent({ name: "KindAccreditationChanged", args: { kind: 1n, accredited: true, from: 1_700_000_000n } }),
    ).to.equal("KindAccreditationChanged(kind=1, accredited=true, from=2023-11-14T22:13:20.000Z)");
    expect(showEvent({ name: "OfferAccepted", args: { token: ZeroAddress, amount: parseEther("2") } })).to.equal(
      "OfferAccepted(token=ETH, amount=2.0 ETH)",
    );
  });

  it("a voting commitment prints in decimal wherever it appears, a director's hash commitment as hex", function () {
    const commitment = 2n ** 250n + 3n;
    expect(commitmentText(commitment)).to.equal(commitment.toString());
    expect(showArg("votingCommitment", commitment)).to.equal(commitment.toString());
    expect(showArg("commitment", commitment)).to.equal(commitment.toString());
    expect(showArg("commitment", `0x${"ab".repeat(32)}`)).to.equal(`0x${"ab".repeat(32)}`);
  });

  it("the demo's lines name accounts, cut hashes and long numbers, and keep the zero address out", function () {
    const alice = "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955";
    const context = { names: new Map([[alice, "Alice (seller)"]]), abbreviate: true };
    expect(showArg("seller", alice, context)).to.equal("Alice (seller) 0x14dC7996…");
    expect(showArg("basis", `0x${"cd".repeat(32)}`, context)).to.equal("0xcdcdcdcdcd…");
    expect(showArg("votingCommitment", 10n ** 40n, context)).to.equal("100000000000…");
    expect(showArg("account", ZeroAddress, context)).to.equal("none");
  });

  it("events name the records and kinds that earlier events of the output registered", function () {
    const parcelId = BigInt(id("UT-7"));
    const labels = new Map<bigint, string>();
    const kinds = new Map<bigint, string>();
    learnNames(
      [
        { name: "TitleRegistered", args: { parcelId, cadastralReference: "UT-7" } },
        { name: "CredentialKindDefined", args: { kind: 3n, name: "Driving licence" } },
      ],
      labels,
      kinds,
    );
    expect(
      showEvent({ name: "TitleTransferred", args: { parcelId, kind: "Sale", historyIndex: 1n } }, { labels, kinds }),
    ).to.equal("TitleTransferred(parcelId=UT-7, kind=Sale, historyIndex=1)");
    expect(
      showEvent({ name: "CredentialTermsRecorded", args: { kind: 3n, validFrom: 0n } }, { labels, kinds }),
    ).to.equal("CredentialTermsRecorded(kind=Driving licence (3), validFrom=none)");
  });

  it("the vocabulary's texts of codes and flags", function () {
    expect(revocationReasonText(5)).to.equal("HolderRequest (5)");
    expect(revocationReasonText(0)).to.equal("0 (not a listed reason)");
    expect(filingTypeText(5n)).to.equal("InsolvencyNotice (5)");
    expect(flagNames(7)).to.equal("adult,resident,national");
  });
});
