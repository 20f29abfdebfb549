import { expect } from "chai";

import { roleHolderLines } from "../../src/cli/commands/suite.js";

const ADMIN = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const REGISTRAR = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const RECOVERY = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
const TRANSFER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

describe("the deploy's account of the role holders", function () {
  it("prints each holder of each role once, ADMIN first, with the node's account numbers and delays", function () {
    const lines = roleHolderLines({
      accounts: [DEPLOYER, ADMIN, "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc"],
      deployment: {
        deployer: DEPLOYER,
        roles: {
          admin: ADMIN,
          // As the deploy records them: ADMIN among the grants too, and an account listed twice in the parameters.
          grants: {
            ADMIN: [{ account: ADMIN, executionDelay: 0 }],
            TRANSFER_AGENT: [{ account: TRANSFER, executionDelay: 0 }],
            LAND_REGISTRAR: [
              { account: REGISTRAR, executionDelay: 0 },
              { account: REGISTRAR.toLowerCase(), executionDelay: 0 },
            ],
            RECOVERY_OFFICER: [{ account: RECOVERY, executionDelay: 259200 }],
          },
        },
      },
    });
    expect(lines).to.deep.equal([
      "Roles:",
      `  ADMIN              ${ADMIN} (node account #1)`,
      `  TRANSFER_AGENT     ${TRANSFER}`,
      `  LAND_REGISTRAR     ${REGISTRAR} (node account #2)`,
      `  RECOVERY_OFFICER   ${RECOVERY}, every call delayed 259200 s`,
      `  the deployer ${DEPLOYER} (node account #0) holds no role`,
    ]);
  });

  it("prints ADMIN from the record's admin when its grants do not list it", function () {
    const lines = roleHolderLines({
      accounts: [],
      deployment: { deployer: DEPLOYER, roles: { admin: ADMIN, grants: {} } },
    });
    expect(lines).to.deep.equal([
      "Roles:",
      `  ADMIN              ${ADMIN}`,
      `  the deployer ${DEPLOYER} holds no role`,
    ]);
  });
});
