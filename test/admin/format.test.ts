import { expect } from "chai";
import { AbiCoder, parseEther, ZeroAddress } from "ethers";

import type { SentTransaction } from "../../src/actions/execute.js";
import { formatAmount, printTransactions, showArg, showArgs } from "../../src/cli/format.js";

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
    expect(lines).to.include(`  event OwnershipTransfer.FundsWithdrawn(token=${ZeroAddress}, amount=19.0 ETH)`);
    expect(lines).to.include(`  event ERC20.Approval(value=250000 smallest units of token ${TOKEN})`);
    const { description, contract, function: fn, from, to, data } = sent;
    const planned = printTransactions("dry-run", [
      { description, contract, function: fn, from, to, data, value: parseEther("19"), gasEstimate: 50_000n },
    ]);
    expect(planned).to.include("  value 19.0 ETH");
    expect(showArgs({ offer: [1n], kind: "CourtOrder" })).to.equal("kind=CourtOrder");
  });
});
