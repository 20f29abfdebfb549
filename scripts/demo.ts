/**
 * The main job on the embedded in-process chain: deploys the suite with the same Ignition module as a real
 * deployment, then walks a land sale from registration to the seller's withdrawal, printing what happens on chain.
 *
 * Run with `npm run demo`.
 */
import type { ContractTransactionResponse } from "ethers";
import { encodeBytes32String, formatEther, id, keccak256, parseEther, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { buildSuiteModule } from "../ignition/modules/Suite.js";
import { decodeLog } from "../src/actions/execute.js";
import { type ArgContext, learnNames, showArg, showEvent } from "../src/cli/format.js";
import { suiteInterfaces } from "../src/deployment.js";
import { buildDiplomaBatch } from "../src/hashing.js";
import {
  CHANGE_KINDS,
  COMPANY_STATUSES,
  DIPLOMA_STATUSES,
  filingTypeText,
  isoTime,
  OFFER_STATUSES,
  revocationReasonText,
} from "../src/vocabulary.js";
import { runParticipatoryBudget } from "./demo-budget.js";
import { runSecretPoll } from "./demo-secret.js";
import { runCredentialsChapter } from "./demo-credentials.js";
import type { IOwnershipSales } from "../types/ethers-contracts/index.js";
import {
  CitizenRegistry__factory,
  CompanyRegistry__factory,
  Elections__factory,
  DiplomaRegistry__factory,
  GovernmentAuthority__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "../types/ethers-contracts/index.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const [
  ministry,
  landRegistrar,
  courtOfficer,
  guardian,
  alice,
  bob,
  accreditor,
  registrarOffice,
  companyRegistrar,
  carol,
  civilRegistrar,
  electionOfficer,
  relayer,
  council,
] = await ethers.getSigners();
const names = new Map<string, string>([
  [ministry.address, "Ministry (ADMIN)"],
  [landRegistrar.address, "Land registrar"],
  [courtOfficer.address, "Court officer"],
  [guardian.address, "Guardian"],
  [alice.address, "Alice (seller)"],
  [bob.address, "Bob (buyer)"],
  [accreditor.address, "Accreditation body"],
  [registrarOffice.address, "University registrar"],
  [companyRegistrar.address, "Business register officer"],
  [carol.address, "Carol (investor)"],
  [civilRegistrar.address, "Civil registrar"],
  [electionOfficer.address, "Election officer"],
  [relayer.address, "Relayer"],
  [council.address, "Medical council"],
]);
const interfaces = suiteInterfaces();
/** Cadastral references and company numbers by record id, and credential kinds by number, as events name them. */
const labels = new Map<bigint, string>();
const kinds = new Map<bigint, string>();
/** How the story prints values: the shared formatter of the commands, with the cast's names and short hashes. */
const shown: ArgContext = { names, labels, kinds, abbreviate: true };
let totalGas = 0n;

/** An account by its name in the story. */
function label(account: string): string {
  return showArg("account", account, shown);
}

async function step(title: string, send: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = (await (await send).wait())!;
  totalGas += receipt.gasUsed;
  console.log(`\n▸ ${title}`);
  console.log(
    `  tx ${receipt.hash.slice(0, 18)}…  block ${receipt.blockNumber}  gas ${receipt.gasUsed.toLocaleString("en")}`,
  );
  const events = receipt.logs.flatMap((log) => decodeLog({ interfaces, log }) ?? []);
  learnNames(events, labels, kinds);
  for (const event of events) console.log(`  event ${showEvent(event, shown)}`);
}

function register(name: string, address: string): void {
  names.set(address, name);
}

console.log("egov-registries demo — embedded in-process chain");
console.log("================================================");
console.log("\n1. Deploying the suite with Ignition (the same module as a real deployment)…");
const deployed = await connection.ignition.deploy(
  buildSuiteModule({
    grants: {
      LAND_REGISTRAR: [landRegistrar.address],
      COURT_OFFICER: [courtOfficer.address],
      GUARDIAN: [guardian.address],
      ACCREDITOR: [accreditor.address],
      DIPLOMA_ISSUER: [registrarOffice.address],
      COMPANY_REGISTRAR: [companyRegistrar.address],
      CIVIL_REGISTRAR: [civilRegistrar.address],
      ELECTION_OFFICER: [electionOfficer.address],
    },
  }),
  { displayUi: false },
);
const authority = GovernmentAuthority__factory.connect(await deployed.authority.getAddress(), ministry);
const property = PropertyRegistry__factory.connect(await deployed.propertyRegistry.getAddress(), ministry);
const transfer = OwnershipTransfer__factory.connect(await deployed.ownershipTransfer.getAddress(), ministry);
register("GovernmentAuthority", await authority.getAddress());
register("PropertyRegistry", await property.getAddress());
register("OwnershipTransfer", await transfer.getAddress());
const diplomas = DiplomaRegistry__factory.connect(await deployed.diplomaRegistry.getAddress(), ministry);
register("DiplomaRegistry", await diplomas.getAddress());
const companies = CompanyRegistry__factory.connect(await deployed.companyRegistry.getAddress(), ministry);
register("CompanyRegistry", await companies.getAddress());
const citizens = CitizenRegistry__factory.connect(await deployed.citizenRegistry.getAddress(), ministry);
register("CitizenRegistry", await citizens.getAddress());
const elections = Elections__factory.connect(await deployed.elections.getAddress(), ministry);
register("Elections", await elections.getAddress());
// Credential kinds defined at deployment, by name (events defining later ones name them too).
for (let kind = 0n; kind < (await diplomas.kindCount()); ++kind)
  kinds.set(kind, (await diplomas.credentialKind(kind)).name);
const nameWidth = Math.max(...[...names.values()].map((name) => name.length));
for (const [address, name] of names) console.log(`  ${name.padEnd(nameWidth)} ${address}`);

console.log("\n2. A land sale, from registration to the seller's withdrawal");
const cadastralReference = "UT-CAPITAL-0421/7";
const parcelId = await property.parcelIdOf(cadastralReference);
await step(
  `Land registrar registers parcel ${cadastralReference} to Alice`,
  property
    .connect(landRegistrar)
    .registerTitle(
      cadastralReference,
      alice.address,
      id("registration deed UT-CAPITAL-0421/7"),
      "ipfs://parcel-0421-7",
    ),
);

const offer: IOwnershipSales.OfferStruct = {
  registry: await property.getAddress(),
  recordId: parcelId,
  seller: alice.address,
  buyer: bob.address,
  token: ethers.ZeroAddress,
  price: parseEther("120"),
  deadline: BigInt(await networkHelpers.time.latest()) + 14n * 24n * 3600n,
  deedHash: id("sale deed Alice to Bob"),
  nonce: 1n,
};
const offerId = await transfer.hashOffer(offer);
await step(`Alice opens an offer to Bob for ${formatEther(offer.price)} ETH`, transfer.connect(alice).openOffer(offer));
await step(
  "Bob accepts and pays the price into escrow",
  transfer.connect(bob).acceptOffer(offer, { value: offer.price }),
);
await step("The land registrar approves the sale", transfer.connect(landRegistrar).approveOffer(offer));
await step(
  "Settlement: the title moves to Bob and Alice is credited, in one transaction",
  transfer.connect(bob).settleOffer(offer),
);
const aliceBefore = await ethers.provider.getBalance(alice.address);
await step("Alice withdraws the proceeds (pull payment)", transfer.connect(alice).withdraw(offer, alice.address));
const aliceAfter = await ethers.provider.getBalance(alice.address);

console.log("\n3. Diplomas: a university issues a graduating class, revokes one, and anyone verifies");
await step(
  "The accreditation body registers the University of Utopia",
  diplomas
    .connect(accreditor)
    .registerInstitution(
      "University of Utopia",
      encodeBytes32String("UT").slice(0, 6),
      id("accreditation decision 2026/14"),
    ),
);
const universityId = await diplomas.institutionCount();
await step(
  "…and binds the university registrar's account to it",
  diplomas.connect(accreditor).bindIssuer(registrarOffice.address, universityId),
);
const graduates = Array.from({ length: 250 }, (_, index) => ({
  documentHash: keccak256(toUtf8Bytes(`MSc Public Administration — graduate ${index} — 2026-07-01`)),
  holderCommitment: id(`salt-${index}|national id of graduate ${index}`),
}));
// Each graduate's status index is its place in the class list: its bit in the batch's status list.
const batch = buildDiplomaBatch({ diplomas: graduates });
/** Graduate `index` as the registry takes a batch diploma: its leaf's values and its proof. */
const graduate = (index: number) => ({ ...batch.proofs[index]!, proof: [...batch.proofs[index]!.proof] });
await step(
  `The registrar issues the class of ${graduates.length} diplomas under one Merkle root`,
  diplomas.connect(registrarOffice).issueBatch(batch.root, graduates.length),
);
await step(
  `The registrar revokes diploma #17 of the batch, reason ${revocationReasonText(2)}: one bit of its status list`,
  diplomas.connect(registrarOffice).revokeInBatch(batch.root, graduate(17), 2),
);
await step(
  `…and diplomas #40 to #49 in one call, reason ${revocationReasonText(3)}, one event each`,
  diplomas.connect(registrarOffice).revokeManyInBatch(
    batch.root,
    Array.from({ length: 10 }, (_, i) => graduate(40 + i)),
    3,
  ),
);
const revocations = await diplomas.queryFilter(diplomas.filters.DiplomaRevokedInBatch(batch.root));
for (const index of [3, 17, 42]) {
  const proof = graduate(index);
  const answer = await diplomas.verifyInBatch(universityId, batch.root, proof);
  // The status list keeps one bit; the time and reason of a revocation are in its event.
  const event = revocations.find((log) => log.args.documentHash === proof.documentHash);
  console.log(
    `  verify graduate #${index}: ${DIPLOMA_STATUSES[Number(answer.status)]}, institution ${answer.institutionId}, accredited at issuance ${answer.accreditedAtIssuance}` +
      (event === undefined
        ? ""
        : `, revoked at ${isoTime(event.args.revokedAt)}, reason ${revocationReasonText(event.args.reason)}`),
  );
}
const forged = await diplomas.verify(universityId, keccak256(toUtf8Bytes("a forged diploma")));
console.log(`  verify a forged document: ${DIPLOMA_STATUSES[Number(forged.status)]}`);

console.log("\n3b. Credentials that travel: a medical licence suspended and reinstated, a diploma as a W3C VC");
await runCredentialsChapter({
  authority,
  diplomas,
  ministry,
  accreditor,
  council,
  registrarOffice,
  universityId,
  graduate: graduate(3),
  now: networkHelpers.time.latest,
  step,
});

console.log("\n4. Companies: registration, a director, annual accounts, and the controlling stake sold through escrow");
const companyNumber = "UT-HRB-204815";
const companyId = await companies.companyIdOf(companyNumber);
const ascii = (text: string, bytes: number) =>
  "0x" +
  Buffer.from(text, "ascii")
    .toString("hex")
    .padEnd(bytes * 2, "0");
await step(
  `The business register enters company ${companyNumber}, controlled by Alice`,
  companies.connect(companyRegistrar).registerCompany(
    companyNumber,
    {
      name: "Utopia Solar Cooperative Ltd",
      legalForm: ascii("2HBR", 4),
      jurisdiction: ascii("UT", 6),
      registeredAddressHash: id("registered office, 1 Harbour Street, Utopia"),
    },
    alice.address,
    id("articles of association UT-HRB-204815"),
  ),
);
await step(
  "It starts trading (incorporated -> active)",
  companies.connect(companyRegistrar).changeStatus(companyId, 2, id("trading licence 2026/991")),
);
const today = BigInt(await networkHelpers.time.latest());
await step(
  "A director is appointed (identity kept as a salted commitment)",
  companies
    .connect(companyRegistrar)
    .appointDirector(
      companyId,
      id("salt-91|director national id"),
      ethers.ZeroAddress,
      today,
      id("board resolution 1"),
    ),
);
await step(
  `The annual accounts are filed, filing type ${filingTypeText(1)}`,
  companies.connect(companyRegistrar).fileDocument(companyId, 1, id("annual accounts 2026")),
);
const stake: IOwnershipSales.OfferStruct = {
  registry: await companies.getAddress(),
  recordId: companyId,
  seller: alice.address,
  buyer: carol.address,
  token: ethers.ZeroAddress,
  price: parseEther("450"),
  deadline: today + 30n * 24n * 3600n,
  deedHash: id("share purchase agreement Alice to Carol"),
  nonce: 2n,
};
await step(
  `Alice offers the controlling stake to Carol for ${formatEther(stake.price)} ETH`,
  transfer.connect(alice).openOffer(stake),
);
await step("Carol accepts and pays into escrow", transfer.connect(carol).acceptOffer(stake, { value: stake.price }));
await step(
  "The business register approves the change of control",
  transfer.connect(companyRegistrar).approveOffer(stake),
);
await step(
  "Settlement: Carol becomes controlling owner and Alice is credited",
  transfer.connect(carol).settleOffer(stake),
);
await step("Alice withdraws the proceeds", transfer.connect(alice).withdraw(stake, alice.address));
const company = await companies.companyOf(companyId);
console.log(
  `  ${company.particulars.name}: status ${COMPANY_STATUSES[Number(company.status)]}, controlling owner ${label(company.owner)}, ${company.servingDirectorCount} serving director(s), ${company.filingCount} filing(s)`,
);

console.log("\n5. What anyone can now read from the chain");
const title = await property.titleOf(parcelId);
console.log(
  `  owner of ${cadastralReference}: ${label(title.owner)} (locked ERC-721: ${await property.locked(parcelId)})`,
);
console.log(
  `  offer ${offerId.slice(0, 12)}… status: ${OFFER_STATUSES[Number((await transfer.offerState(offerId)).status)]}`,
);
console.log(`  Alice's balance grew by ${formatEther(aliceAfter - aliceBefore)} ETH (after her withdrawal's gas)`);
console.log("  ownership history:");
for (const record of await property.ownershipHistory(parcelId, 0, 10)) {
  const kind = CHANGE_KINDS[Number(record.kind)];
  console.log(
    `    ${isoTime(record.since)}  ${kind.padEnd(12)} ${label(record.owner)}  basis ${record.basis.slice(0, 12)}…`,
  );
}
console.log("\n6. A town's participatory budget: anonymous ballots, one per citizen, within the budget");
await runParticipatoryBudget({
  citizens,
  elections,
  civilRegistrar,
  electionOfficer,
  relayer,
  time: networkHelpers.time,
  step,
});

console.log("\n7. A secret poll: encrypted ballots, a key ceremony of three trustees, the total opened by two");
await runSecretPoll({
  citizens,
  elections,
  electionOfficer,
  trustees: [alice, bob, carol],
  relayer,
  time: networkHelpers.time,
  step,
});

console.log(`\nTotal gas of the story: ${totalGas.toLocaleString("en")}`);
