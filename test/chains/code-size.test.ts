/**
 * EIP-170 on anvil: the tests' anvil keeps the 24,576-byte limit on deployed code in a normal run, so that a contract
 * that outgrows it fails the tests, and lifts it only when the run is instrumented (`npm run coverage`), as Hardhat's
 * own simulated chains do under `--coverage`.
 */
import { expect } from "chai";
import hre from "hardhat";

import { type LocalNode, rpc, startAnvil } from "../e2e/helpers/node.js";

/** Init code that returns 24,577 zero bytes: PUSH2 0x6001, PUSH1 0x00, RETURN. */
const ONE_BYTE_OVER_THE_LIMIT = "0x6160016000f3";
/** Init code that returns 24,576 zero bytes, the limit itself. */
const AT_THE_LIMIT = "0x6160006000f3";

describe("the code-size limit on the tests' anvil", function () {
  this.timeout(120_000);

  let node: LocalNode;
  let from: string;

  before(async function () {
    node = await startAnvil();
    [from] = await rpc<string[]>(node.url, "eth_accounts");
  });

  after(async function () {
    await node?.stop();
  });

  /** Deploys `data`: whether the deployment succeeded, and the length of the code it left. */
  async function deploy(data: string): Promise<{ succeeded: boolean; codeLength: number }> {
    const hash = await rpc<string>(node.url, "eth_sendTransaction", [{ from, data, gas: "0x989680" }]);
    // anvil mines at once, but on a busy machine the receipt can be a moment behind the hash.
    let receipt: { status: string; contractAddress: string | null } | null = null;
    for (let attempt = 0; receipt === null && attempt < 100; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      receipt = await rpc<{ status: string; contractAddress: string | null } | null>(
        node.url,
        "eth_getTransactionReceipt",
        [hash],
      );
    }
    if (receipt === null) throw new Error(`no receipt for ${hash} after 10 s`);
    const succeeded = receipt.status === "0x1" && receipt.contractAddress !== null;
    const code = succeeded ? await rpc<string>(node.url, "eth_getCode", [receipt.contractAddress, "latest"]) : "0x";
    return { succeeded, codeLength: (code.length - 2) / 2 };
  }

  it("deploys code of exactly 24,576 bytes", async function () {
    expect(await deploy(AT_THE_LIMIT)).to.deep.equal({ succeeded: true, codeLength: 24_576 });
  });

  it("refuses code one byte over the limit in a normal run, and takes it in an instrumented run", async function () {
    const expected = hre.globalOptions.coverage
      ? { succeeded: true, codeLength: 24_577 }
      : { succeeded: false, codeLength: 0 };
    expect(await deploy(ONE_BYTE_OVER_THE_LIMIT)).to.deep.equal(expected);
  });
});
