/**
 * The administrator's guide (`docs/administrators-guide.md`) run as written: every command line of its shell blocks,
 * in an order that makes one story of them, against a real node (`hardhat node`, or the one `EGOV_E2E_NODE` names)
 * where the suite is deployed with the guide's own `npm run deploy -- --network localhost`.
 *
 * What a reader fills in is filled in the same way every time: the network of a line (`sepolia`, `besu`) is the local
 * node's `localhost`; `0x…` is the account or id the option names in the story; `<land registrar>` and the other
 * parties are their accounts; `./file` is a file in the test's folder. Every line runs with the `--from` it writes:
 * a line without one runs from the node's first account, the deployer, which keeps no role after the deployment (so a
 * line that needs a role and does not say whose fails here as it would for a reader). The story also runs a few commands the guide takes for granted
 * (ADMIN for the Safe of the multisig section, a second offer, a token): they are marked as the
 * test's own. Lines for another network's keys or block explorer name the test that covers them instead. A command
 * line of the guide without a step here fails the test, so the guide and the test move together.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";
import { HDNodeWallet, id, JsonRpcProvider } from "ethers";

import type { SuiteDeployment } from "../../src/deployment.js";
import { Roles } from "../../src/roles.js";
import {
  CompanyRegistry__factory,
  DiplomaRegistry__factory,
  GovernmentAuthority__factory,
  PropertyRegistry__factory,
} from "../../types/ethers-contracts/index.js";
import { deployTestToken } from "../helpers/testToken.js";
import { type CliResult, collect, hardhat, PROJECT_ROOT, spawnDeploy } from "./helpers/cli.js";
import { guideArguments, guideLines, words } from "./helpers/guide.js";
import { increaseTime, type LocalNode } from "./helpers/node.js";
import { type Stage, startStage, stopStage } from "./helpers/stage.js";

const GUIDE = join(PROJECT_ROOT, "docs", "administrators-guide.md");
const EXAMPLE_CONFIG = join(PROJECT_ROOT, "deployments", "config", "localhost.json");

/** The accounts of the story: the example deployment's (`deployments/config/localhost.json`) and the test mnemonic's. */
const ACCOUNTS = {
  deployer: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  admin: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  landRegistrar: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  courtOfficer: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  guardian: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  upgrader: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  recoveryOfficer: "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  alice: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  bob: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  bank: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  carol: "0xBcd4042DE499D14e55001CcbB24a551F3b954096",
  dave: "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
  safe: "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
  accreditor: "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  issuer: "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  companyRegistrar: "0x2546BcD3c84621e976D8185a91A922aE77ECEc30",
} as const;

type Party = keyof typeof ACCOUNTS;

/** Who `<…>` is in the guide, unless a step says otherwise. */
const PLACEHOLDERS: Readonly<Record<string, Party>> = {
  "land registrar": "landRegistrar",
  registrar: "landRegistrar",
  "company registrar": "companyRegistrar",
  "lien holder": "bank",
  seller: "alice",
  buyer: "bob",
  "court officer": "courtOfficer",
  guardian: "guardian",
  "recovery officer": "recoveryOfficer",
  accreditor: "accreditor",
  issuer: "issuer",
  Safe: "safe",
  admin: "admin",
  upgrader: "upgrader",
};

/** What `0x…` after an option is, unless a step says otherwise. */
const VALUES: Readonly<Record<string, () => string>> = {
  "--owner": () => ACCOUNTS.alice,
  "--holder": () => ACCOUNTS.bank,
  "--buyer": () => ACCOUNTS.bob,
  "--account": () => ACCOUNTS.dave,
  "--to": () => ACCOUNTS.carol,
  "--lost": () => ACCOUNTS.carol,
  "--new-account": () => ACCOUNTS.dave,
  "--issuer": () => ACCOUNTS.issuer,
  "--holder-commitment": () => id("holder of the Lyon diploma"),
  "--commitment": () => id("director of HRB-1001"),
};

/** Ids the story learns from the commands' output. */
const ids: Record<string, string> = {};

/** One step of the story. */
type Step =
  | {
      /** A command line of the guide, exactly as written there (without its comment), run with its own `--from`. */
      readonly guide: string;
      /** `<…>` placeholders that mean someone else here. */
      readonly parties?: Readonly<Record<string, Party>>;
      /** `0x…` values by option, for this line. */
      readonly values?: Readonly<Record<string, () => string>>;
      /** For `a|b|c`: the alternative this step runs. */
      readonly variant?: string;
      /** For `…`: the options it stands for, written as in the guide. */
      readonly ellipsis?: string;
      /** Reads what the story needs from the output. */
      readonly capture?: (stdout: string) => void;
    }
  | {
      /** A command of the test's own, after `npx hardhat` (a function when it names what an earlier step read). */
      readonly own: string | (() => string);
      readonly from?: Party;
      readonly capture?: (stdout: string) => void;
    }
  | { readonly act: (context: StoryContext) => Promise<void>; readonly what: string }
  | { readonly notRun: string; readonly because: string };

interface StoryContext {
  readonly node: LocalNode;
  readonly provider: JsonRpcProvider;
}

const offerIn = (key: string) => (stdout: string) => {
  const match = /Offer (0x[0-9a-f]{64})/.exec(stdout);
  expect(match, stdout).to.not.equal(null);
  ids[key] = match![1];
};

const operationIn = (key: string) => (stdout: string) => {
  const match = /scheduled as operation (0x[0-9a-f]{64})/.exec(stdout);
  expect(match, stdout).to.not.equal(null);
  ids[key] = match![1];
};

const DAY = 24 * 3600;
const ZERO_HASH = `0x${"0".repeat(64)}`;

/** The key of a party, from the test mnemonic (the guide's seller keeps his in a file). */
function walletOf(party: "bob" | "dave"): HDNodeWallet {
  const index = { bob: 8, dave: 11 }[party];
  const wallet = HDNodeWallet.fromPhrase(
    "test test test test test test test test test test test junk",
    undefined,
    `m/44'/60'/0'/0/${index}`,
  );
  expect(wallet.address).to.equal(ACCOUNTS[party]);
  return wallet;
}

/** The typed data `sign-offer --typed-data` printed, for the wallet to sign. */
let typedData:
  | {
      types: Record<string, { name: string; type: string }[]>;
      domain: Record<string, string | number>;
      message: Record<string, string | number>;
    }
  | undefined;

const STORY: readonly Step[] = [
  { notRun: "npx hardhat node", because: "the test starts the node itself (helpers/node.ts), on a free port" },
  { guide: "npm run deploy -- --network localhost" },
  {
    notRun: "npx anvil --chain-id 2025 --accounts 20",
    because: "the same story runs on anvil with EGOV_E2E_NODE=anvil",
  },
  ...[
    "BESU_DEPLOYER_KEY",
    "BESU_LAND_REGISTRAR_KEY",
    "SEPOLIA_RPC_URL",
    "SEPOLIA_DEPLOYER_KEY",
    "ETHERSCAN_API_KEY",
  ].map((name): Step => ({
    notRun: `npx hardhat keystore set ${name}`,
    because: "the keystore asks for its password on a terminal; test/chains/permissioned.test.ts gives the keys",
  })),
  {
    notRun: "export BESU_SIGNERS=DEPLOYER,LAND_REGISTRAR",
    because: "several agencies' keys on one network: test/chains/permissioned.test.ts",
  },
  { notRun: "npm run deploy -- --network besu", because: "a Besu network: test/chains/permissioned.test.ts" },
  {
    notRun:
      "npx hardhat property register --network besu --cadastral-ref UT-1 --owner 0x… --document ./deed.pdf --from <land registrar>",
    because: "a registrar's own key on a Besu network: test/chains/permissioned.test.ts",
  },
  { notRun: "npm run deploy -- --network sepolia", because: "a public network is not run by the tests" },

  // Hand roles to agencies.
  { guide: "npx hardhat roles grant --network sepolia --role LAND_REGISTRAR --account 0x… --from <admin>" },
  { guide: "npx hardhat roles grant --network sepolia --role RECOVERY_OFFICER --account 0x… --from <admin>" },
  {
    guide: "npx hardhat roles grant --network sepolia --role ACCREDITOR --account 0x… --from <admin>",
    values: { "--account": () => ACCOUNTS.accreditor },
  },
  {
    guide: "npx hardhat roles grant --network sepolia --role DIPLOMA_ISSUER --account 0x… --from <admin>",
    values: { "--account": () => ACCOUNTS.issuer },
  },
  {
    guide: "npx hardhat roles grant --network sepolia --role COMPANY_REGISTRAR --account 0x… --from <admin>",
    values: { "--account": () => ACCOUNTS.companyRegistrar },
  },
  { guide: "npx hardhat roles list --network sepolia" },
  { guide: "npx hardhat roles show-function --network sepolia --contract OwnershipTransfer --function recoverKeys" },
  { guide: "npx hardhat roles revoke --network sepolia --role LAND_REGISTRAR --account 0x… --from <admin>" },
  ...([["ADMIN", "safe"]] as const).map(([role, party]): Step => ({
    own: `roles grant --role ${role} --account ${ACCOUNTS[party]}`,
    from: "admin",
  })),

  // Land register.
  {
    guide:
      "npx hardhat property register --network sepolia --cadastral-ref UT-1 --owner 0x… --document ./deed.pdf --from <land registrar>",
  },
  {
    guide:
      "npx hardhat property add-lien --network sepolia --parcel UT-1 --holder 0x… --document ./mortgage.pdf --from <land registrar>",
  },
  {
    guide:
      "npx hardhat property update-document --network sepolia --parcel UT-1 --document ./survey-2026.pdf --from <land registrar>",
  },
  { guide: "npx hardhat property show --network sepolia --parcel UT-1" },

  // A sale of the mortgaged parcel: the lien holder consents, withdraws, and the lien is released.
  {
    guide:
      "npx hardhat transfers open --network sepolia --record UT-1 --buyer 0x… --price 120 --deadline +14d --deed ./sale.pdf --from <seller>",
    capture: offerIn("sale"),
  },
  {
    guide: "npx hardhat property consent --network sepolia --lien 1 --offer 0x… --from <lien holder>",
    values: { "--offer": () => ids.sale },
  },
  { guide: "npx hardhat property withdraw-consent --network sepolia --lien 1 --from <lien holder>" },
  {
    guide: "npx hardhat property release-lien --network sepolia --lien 1 --basis ./release.pdf --from <land registrar>",
  },
  {
    guide: "npx hardhat transfers accept --network sepolia --offer 0x… --from <buyer>",
    values: { "--offer": () => ids.sale },
  },
  {
    guide: "npx hardhat transfers approve --network sepolia --offer 0x… --from <registrar>",
    values: { "--offer": () => ids.sale },
  },
  { guide: "npx hardhat transfers settle --network sepolia --offer 0x…", values: { "--offer": () => ids.sale } },
  {
    guide: "npx hardhat transfers withdraw --network sepolia --offer 0x… --to 0x… --from <seller>",
    values: { "--offer": () => ids.sale },
  },
  { guide: "npx hardhat transfers show --network sepolia --offer 0x…", values: { "--offer": () => ids.sale } },

  // The new owner offers the parcel for a token, then cancels; a third offer expires after a court order.
  {
    act: async ({ provider }) => {
      ids.token = await deployTestToken(await provider.getSigner(ACCOUNTS.bank), ACCOUNTS.alice, 10n ** 15n);
    },
    what: "deploys an ERC-20 for the token sale",
  },
  {
    guide: "npx hardhat transfers open … --token 0x… --price 250000",
    ellipsis: "--network sepolia --record UT-1 --buyer 0x… --deadline +14d --deed ./sale.pdf --from <seller>",
    parties: { seller: "bob" },
    values: { "--buyer": () => ACCOUNTS.alice, "--token": () => ids.token },
    capture: offerIn("tokenSale"),
  },
  {
    guide: "npx hardhat transfers cancel|expire --network sepolia --offer 0x… --from <seller>",
    variant: "cancel",
    parties: { seller: "bob" },
    values: { "--offer": () => ids.tokenSale },
  },
  {
    own: `transfers open --record UT-1 --buyer ${ACCOUNTS.alice} --price 90 --deadline +14d --deed ${id("another sale")}`,
    from: "bob",
    capture: offerIn("staleSale"),
  },
  {
    guide:
      "npx hardhat transfers court-order --network sepolia --record UT-1 --to 0x… --basis ./order.pdf --from <court officer>",
    capture: operationIn("courtOrder"),
  },
  { act: ({ node }) => increaseTime(node.url, DAY + 60), what: "waits out the court-order delay" },
  { own: () => `roles execute --operation ${ids.courtOrder}`, from: "courtOfficer" },
  {
    guide: "npx hardhat transfers cancel|expire --network sepolia --offer 0x… --from <seller>",
    variant: "expire",
    values: { "--offer": () => ids.staleSale },
  },

  // Key recovery: one scheduled and cancelled, one executed after the delay.
  {
    own: `property register --cadastral-ref UT-2 --owner ${ACCOUNTS.carol} --document ${id("deed UT-2")}`,
    from: "landRegistrar",
  },
  {
    guide:
      "npx hardhat transfers recover-keys --network sepolia --records UT-1,UT-2 --lost 0x… --new-account 0x… --basis ./order.pdf --from <recovery officer>",
    capture: operationIn("cancelledRecovery"),
  },
  {
    guide: "npx hardhat roles operation --network sepolia --operation 0x…",
    values: { "--operation": () => ids.cancelledRecovery },
  },
  {
    guide: "npx hardhat roles cancel --network sepolia --operation 0x… --from <guardian>",
    values: { "--operation": () => ids.cancelledRecovery },
  },
  {
    own: `transfers recover-keys --records UT-1,UT-2 --lost ${ACCOUNTS.carol} --new-account ${ACCOUNTS.dave} --basis ${id("second recovery order")}`,
    from: "recoveryOfficer",
    capture: operationIn("recovery"),
  },
  { act: ({ node }) => increaseTime(node.url, 3 * DAY + 60), what: "waits out the recovery delay" },
  {
    guide: "npx hardhat roles execute --network sepolia --operation 0x… --from <recovery officer>",
    values: { "--operation": () => ids.recovery },
  },

  // UT-2, now dave's, sold by his signature: opened by carol, accepted by bob, approved and settled at once; then the
  // recovery of dave's proceeds to carol is scheduled, and bob signs a second offer through the typed data.
  {
    act: async () => {
      writeFileSync(file("seller.key"), `${walletOf("dave").privateKey}\n`, { mode: 0o600 });
    },
    what: "writes dave's key to seller.key, readable by its owner only",
  },
  {
    guide:
      "npx hardhat transfers sign-offer --network sepolia --record UT-2 --buyer 0x… --price 120 --deadline +14d --deed ./sale.pdf --key-file ./seller.key --out ./offer.json",
    capture: offerIn("signedSale"),
  },
  { guide: "npx hardhat transfers open-by-sig --network sepolia --signed ./offer.json" },
  { guide: "npx hardhat transfers accept-by-sig --network sepolia --signed ./offer.json --from <buyer>" },
  {
    guide: "npx hardhat transfers approve-and-settle --network sepolia --offer 0x… --from <registrar>",
    values: { "--offer": () => ids.signedSale },
  },
  {
    guide:
      "npx hardhat transfers recover-escrow --network sepolia --offer 0x… --lost 0x… --new-account 0x… --basis ./order.pdf --from <recovery officer>",
    values: {
      "--offer": () => ids.signedSale,
      "--lost": () => ACCOUNTS.dave,
      "--new-account": () => ACCOUNTS.carol,
    },
    capture: operationIn("escrowRecovery"),
  },
  {
    guide:
      "npx hardhat transfers sign-offer --network sepolia --record UT-2 --buyer 0x… --price 90 --deadline 2035-12-31 --deed ./sale.pdf --nonce 7 --typed-data",
    values: { "--buyer": () => ACCOUNTS.alice },
    capture: (stdout) => {
      typedData = JSON.parse(stdout) as typeof typedData;
    },
  },
  {
    act: async () => {
      const { EIP712Domain: _domain, ...types } = typedData!.types;
      ids.walletSignature = await walletOf("bob").signTypedData(typedData!.domain, types, typedData!.message);
    },
    what: "signs the typed data with bob's key, as his hardware wallet would",
  },
  {
    guide:
      "npx hardhat transfers sign-offer --network sepolia --record UT-2 --buyer 0x… --price 90 --deadline 2035-12-31 --deed ./sale.pdf --nonce 7 --signature 0x… --out ./offer-2.json",
    values: { "--buyer": () => ACCOUNTS.alice, "--signature": () => ids.walletSignature },
  },
  {
    guide: "npx hardhat transfers cancel --network sepolia --signed ./offer-2.json --from <seller>",
    parties: { seller: "bob" },
  },
  {
    guide:
      "npx hardhat property freeze --network sepolia --parcel UT-1 --basis ./court-decision.pdf --from <land registrar>",
  },

  // Bulk registration and its check.
  {
    act: async () => {
      const rows = [1, 2, 3].map((n) => `BULK-${n},${ACCOUNTS.alice},${id(`deed BULK-${n}`)}`);
      writeFileSync(file("titles.csv"), `cadastralReference,owner,document\n${rows.join("\n")}\n`);
    },
    what: "writes titles.csv",
  },
  { guide: "npx hardhat property register-bulk --network sepolia --file ./titles.csv --from <land registrar>" },
  {
    guide:
      "npx hardhat property register-bulk --network besu --file ./titles.csv --check-only --summary ./titles-check.json --from <registrar>",
  },

  // Diplomas.
  {
    guide:
      'npx hardhat diplomas register-institution --network sepolia --name "Université de Lyon" --country FR --accreditation-document ./accreditation.pdf --from <accreditor>',
  },
  { guide: "npx hardhat diplomas bind-issuer --network sepolia --issuer 0x… --institution 1 --from <accreditor>" },
  {
    guide:
      "npx hardhat diplomas issue --network sepolia --document ./diploma.pdf --holder-commitment 0x… --programme 0613 --awarded-on 2025-06-30 --from <issuer>",
  },
  { guide: "npx hardhat diplomas verify --network sepolia --institution 1 --document ./diploma.pdf" },
  { guide: "npx hardhat diplomas revoke --network sepolia --document ./diploma.pdf --reason 3 --from <issuer>" },
  {
    act: async () => {
      const rows = [1, 2, 3, 4].map((n) => `${id(`class of 2025 diploma ${n}`)},${id(`class of 2025 holder ${n}`)}`);
      writeFileSync(file("class-2025.csv"), `documentHash,holderCommitment\n${rows.join("\n")}\n`);
    },
    what: "writes class-2025.csv",
  },
  {
    guide:
      "npx hardhat diplomas issue-batch --network sepolia --file ./class-2025.csv --out ./class-2025-proofs --from <issuer>",
  },
  {
    guide: "npx hardhat diplomas verify --network sepolia --proof-file ./class-2025-proofs/0x….json",
    values: { "--proof-file": () => id("class of 2025 diploma 1") },
  },
  {
    guide:
      "npx hardhat diplomas revoke --network sepolia --proof-file ./class-2025-proofs/0x….json --reason 3 --from <issuer>",
    values: { "--proof-file": () => id("class of 2025 diploma 1") },
  },
  {
    act: async () => {
      const proofs = [3, 4].map((n) =>
        JSON.parse(readFileSync(file(join("class-2025-proofs", `${id(`class of 2025 diploma ${n}`)}.json`)), "utf8")),
      );
      writeFileSync(file("revocations.json"), JSON.stringify(proofs));
    },
    what: "gathers the proofs of two diplomas of the class into revocations.json",
  },
  {
    guide:
      "npx hardhat diplomas revoke-many-in-batch --network sepolia --file ./revocations.json --reason 3 --from <issuer>",
  },
  {
    own: `diplomas issue --document-hash ${id("diploma with a misspelt name")} --holder-commitment ${id("holder of the misspelt diploma")} --programme 0613 --awarded-on 2025-06-30`,
    from: "issuer",
  },
  {
    guide:
      "npx hardhat diplomas reissue --network sepolia --old-document-hash 0x… --reason 2 --document ./diploma-corrected.pdf --holder-commitment 0x… --programme 0613 --awarded-on 2025-06-30 --from <issuer>",
    values: { "--old-document-hash": () => id("diploma with a misspelt name") },
  },
  {
    guide:
      "npx hardhat diplomas reissue-from-batch --network sepolia --proof-file ./class-2025-proofs/0x….json --reason 2 --document ./diploma-corrected-2.pdf --programme 0613 --awarded-on 2025-06-30 --from <issuer>",
    values: { "--proof-file": () => id("class of 2025 diploma 2") },
  },
  {
    guide:
      "npx hardhat diplomas suspend-institution --network sepolia --institution 1 --basis ./decision.pdf --from <accreditor>",
  },
  { guide: "npx hardhat diplomas show-institution --network sepolia --institution 1" },

  // Companies.
  {
    guide:
      'npx hardhat companies register --network sepolia --company-number HRB-1001 --name "Beispiel GmbH" --legal-form 2HBR --jurisdiction DE --registered-address ./office.txt --owner 0x… --document ./articles.pdf --from <company registrar>',
  },
  {
    guide:
      "npx hardhat companies change-status --network sepolia --company HRB-1001 --status Active --decision ./decision.pdf --from <company registrar>",
  },
  {
    guide:
      "npx hardhat companies appoint-director --network sepolia --company HRB-1001 --commitment 0x… --appointed-on 2024-01-15 --document ./appointment.pdf --from <company registrar>",
  },
  {
    guide:
      "npx hardhat companies remove-director --network sepolia --company HRB-1001 --director 0 --removed-on 2025-03-01 --document ./resignation.pdf --from <company registrar>",
  },
  {
    guide:
      "npx hardhat companies file-document --network sepolia --company HRB-1001 --filing-type 1 --document ./accounts-2025.pdf --from <company registrar>",
  },
  { guide: "npx hardhat companies show --network sepolia --company HRB-1001 --offset 0 --limit 50" },
  {
    act: async () => {
      // The first number as a legacy export may write it: the command takes it as HRB 2001.
      const rows = [
        ["hrb 2001", "Erste Import GmbH"],
        ["HRB 2002", "Zweite Import AG"],
      ].map(
        ([number, name]) =>
          `${number},${name},2HBR,DE,${id(`office ${number}`)},${ACCOUNTS.alice},${id(`articles ${number}`)}`,
      );
      writeFileSync(
        file("companies.csv"),
        `companyNumber,name,legalForm,jurisdiction,registeredAddress,owner,document\n${rows.join("\n")}\n`,
      );
    },
    what: "writes companies.csv",
  },
  {
    guide: "npx hardhat companies register-bulk --network sepolia --file ./companies.csv --from <company registrar>",
  },

  // A multisig, the emergency stop and an upgrade.
  {
    guide:
      "npx hardhat roles grant --network sepolia --role GUARDIAN --account 0x… --from <Safe> --safe ./batches/guardian.json",
  },
  { guide: "npx hardhat suite pause --network sepolia --contract PropertyRegistry --from <guardian>" },
  { guide: "npx hardhat suite unpause --network sepolia --contract PropertyRegistry --from <admin>" },
  { guide: "npx hardhat suite upgrade --network sepolia --contract PropertyRegistry --from <upgrader>" },
  {
    notRun: "npx hardhat verify etherscan --network sepolia <GovernmentAuthority> <deployer>",
    because: "a block explorer is not run by the tests; the deploy's verify lines: test/chains/permissioned.test.ts",
  },
  {
    notRun: "npx hardhat verify etherscan --network sepolia <PropertyRegistry proxy>",
    because: "a block explorer is not run by the tests",
  },
];

let workDir: string;

/** A path in the test's folder. */
function file(name: string): string {
  return join(workDir, name);
}

/** Options whose `./file` is a document the command hashes: the test writes it when it is missing. */
const DOCUMENT_OPTIONS = new Set([
  "--document",
  "--basis",
  "--deed",
  "--decision",
  "--accreditation-document",
  "--registered-address",
]);

/** The arguments a guide line runs with here (after `npx hardhat`, without `--network`). */
function argumentsOf(step: Extract<Step, { guide: string }>): string[] {
  const accountsOf = (parties: Readonly<Record<string, Party>>) =>
    Object.fromEntries(Object.entries(parties).map(([name, party]) => [name, ACCOUNTS[party]]));
  const args = guideArguments(
    { ...step, parties: accountsOf(step.parties ?? {}) },
    { workDir, placeholders: accountsOf(PLACEHOLDERS), values: VALUES, documentOptions: DOCUMENT_OPTIONS },
  );
  return args;
}

describe("the administrator's guide, run as written (end to end)", function () {
  this.timeout(1_200_000);

  let stage: Stage;

  before(async function () {
    stage = await startStage({ prefix: "egov-guide-", config: readFileSync(EXAMPLE_CONFIG, "utf8") });
    workDir = stage.workDir;
    mkdirSync(file("batches"));
  });

  after(async function () {
    await stopStage(stage);
  });

  it("has a step for every command line of the guide, and no step for a line it does not have", function () {
    const lines = guideLines(GUIDE);
    const covered = STORY.flatMap((step) => ("guide" in step ? [step.guide] : "notRun" in step ? [step.notRun] : []));
    expect(lines.filter((line) => !covered.includes(line))).to.deep.equal([]);
    expect(covered.filter((line) => !lines.includes(line))).to.deep.equal([]);
  });

  it("runs every command line of the guide in one story, and the chain holds what the story did", async function () {
    const { node, provider, env } = stage;
    for (const step of STORY) {
      if ("notRun" in step) continue;
      if ("act" in step) {
        await step.act({ node, provider });
        continue;
      }
      let result: CliResult;
      let shown: string;
      if ("guide" in step && step.guide === "npm run deploy -- --network localhost") {
        shown = step.guide;
        result = await collect(spawnDeploy(env));
      } else {
        const ownLine = "own" in step ? (typeof step.own === "function" ? step.own() : step.own) : "";
        const args =
          "guide" in step
            ? argumentsOf(step)
            : [...words(ownLine), ...(step.from === undefined ? [] : ["--from", ACCOUNTS[step.from]])];
        shown = "guide" in step ? step.guide : `(the test's own) ${ownLine}`;
        result = await hardhat(env, args);
      }
      expect(result.code, `${shown}\n${result.stdout}\n${result.stderr}`).to.equal(0);
      step.capture?.(result.stdout);
    }

    const deployment = JSON.parse(readFileSync(join(env.deploymentsDir, "localhost.json"), "utf8")) as SuiteDeployment;
    const property = PropertyRegistry__factory.connect(deployment.contracts.PropertyRegistry!.proxy, provider);
    const diplomas = DiplomaRegistry__factory.connect(deployment.contracts.DiplomaRegistry!.proxy, provider);
    const companies = CompanyRegistry__factory.connect(deployment.contracts.CompanyRegistry!.proxy, provider);
    const authority = GovernmentAuthority__factory.connect(deployment.contracts.GovernmentAuthority.address, provider);
    // The sale, the court order and the executed key recovery moved UT-1 from alice to bob, carol and dave.
    const history = await property.ownershipHistory(BigInt(id("UT-1")), 0, 10);
    expect(history.map((entry) => entry.owner)).to.deep.equal([
      ACCOUNTS.alice,
      ACCOUNTS.bob,
      ACCOUNTS.carol,
      ACCOUNTS.dave,
    ]);
    expect((await property.titleOf(BigInt(id("UT-1")))).status).to.equal(2n);
    // UT-2 went from carol to dave by the key recovery, then to bob by dave's signed offer.
    expect(await property.ownerOf(BigInt(id("UT-2")))).to.equal(ACCOUNTS.bob);
    const offer2 = JSON.parse(readFileSync(file("offer-2.json"), "utf8")) as { offer: { seller: string } };
    expect(offer2.offer.seller).to.equal(ACCOUNTS.bob);
    expect((await diplomas.verify(1, id("diploma with a misspelt name"))).supersededBy).to.not.equal(ZERO_HASH);
    expect(await authority.getSchedule(ids.escrowRecovery)).to.not.equal(0n);
    const lastProof = JSON.parse(
      readFileSync(file(join("class-2025-proofs", `${id("class of 2025 diploma 4")}.json`)), "utf8"),
    ) as { root: string; statusIndex: number };
    expect(await diplomas.isRevokedInBatch(1, lastProof.root, lastProof.statusIndex)).to.equal(true);
    expect(await property.ownerOf(BigInt(id("BULK-3")))).to.equal(ACCOUNTS.alice);
    expect((await diplomas.institution(1)).status).to.equal(2n);
    expect((await companies.companyOf(BigInt(id("HRB-1001")))).filingCount).to.equal(1n);
    expect((await companies.companyOf(BigInt(id("HRB 2001")))).owner).to.equal(ACCOUNTS.alice);
    expect((await companies.companyOf(BigInt(id("HRB 2002")))).particulars.name).to.equal("Zweite Import AG");
    expect((await authority.hasRole(Roles.LAND_REGISTRAR, ACCOUNTS.dave))[0]).to.equal(false);
    expect(await property.paused()).to.equal(false);
    const batch = JSON.parse(readFileSync(file(join("batches", "guardian.json")), "utf8")) as { transactions: [] };
    expect(batch.transactions).to.have.length(1);
    expect(readdirSync(file("class-2025-proofs"))).to.include(`${id("class of 2025 diploma 1")}.json`);
  });
});
