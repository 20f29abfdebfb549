/**
 * The records the portal demonstration shows, written through the suite's roles as the agencies would: diplomas
 * (valid, revoked and replaced, a batch with its holders' proof files), a land title with a sale, a court order and
 * a lien, a company with a status history, directors and filings, and a town's poll with a few anonymous ballots
 * (and two secret polls, one opened by its trustees, one still sealed: `seed-secret.ts`). The
 * documents are written as files, so that a visitor can check them in the page; the poll's question and options are
 * published as a metadata file whose hash the poll states on chain.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import type { Signer } from "ethers";
import { encodeBytes32String, id, keccak256, parseEther, ZeroAddress } from "ethers";

import { issueDiplomaBatch } from "../../src/actions/diploma.js";
import type { IOwnershipSales } from "../../src/contracts.js";
import { connectSuite, type SuiteDeployment } from "../../src/deployment.js";
import { encodeBallot } from "../../src/elections/ballot.js";
import { computeCensus, readCitizenChanges } from "../../src/elections/census.js";
import { semaphoreCircuit } from "../../src/elections/node.js";
import { readPoll } from "../../src/elections/polls.js";
import { buildBallotProof, censusDepth, Identity, releaseProver } from "../../src/elections/proof.js";
import { holderCommitment } from "../../src/hashing.js";
import type { PortalSample } from "../../portal/src/config.js";
import { seedSecretPolls } from "./seed-secret.js";

/** The cadastral reference of the demonstration's parcel. */
export const SEED_PARCEL = "UT-CAPITAL-0421/7";
/** The company number of the demonstration's company. */
export const SEED_COMPANY = "UT-HRB-204815";

/** The institution that issues the demonstration's diplomas. */
export const SEED_UNIVERSITY = "University of Utopia";
/** A second institution, with no diplomas: a diploma checked under it is unknown. */
export const SEED_OTHER_INSTITUTION = "Utopia Institute of Technology";

/** The town whose citizens vote in the demonstration's poll, and the flags its census requires (adult, resident). */
export const SEED_TOWN = 4101;
const ADULT_RESIDENT = 3;

/** The demonstration's poll: its published question and options, and who votes what. */
export const SEED_POLL = {
  question: "Should the harbour promenade be closed to cars on Sundays?",
  options: ["Yes, all year", "Only from May to September", "No"],
  /** The residents registered for the census. */
  citizens: ["Ana", "Ben", "Chloé", "Dev", "Emil"],
  /** The ballots in the order they are cast: the voter and the option chosen. Ben votes twice; the second counts. */
  ballots: [
    { voter: "Ana", option: 0 },
    { voter: "Ben", option: 2 },
    { voter: "Dev", option: 1 },
    { voter: "Ben", option: 1 },
  ],
} as const;

/** The sample files, by role in the demonstration. */
export const SEED_FILES = {
  valid: "diploma-valid.pdf",
  revoked: "diploma-revoked.pdf",
  corrected: "diploma-corrected.pdf",
  batch: "diploma-batch.pdf",
  batchProof: "diploma-batch.proof.json",
  tampered: "diploma-tampered.pdf",
  unknown: "diploma-unknown.pdf",
} as const;

/** The accounts that act in the demonstration. */
export interface SeedAccounts {
  readonly landRegistrar: Signer;
  readonly courtOfficer: Signer;
  readonly accreditor: Signer;
  readonly universityRegistrar: Signer;
  readonly companyRegistrar: Signer;
  readonly alice: Signer;
  readonly bob: Signer;
  readonly carol: Signer;
  readonly bank: Signer;
  readonly civilRegistrar: Signer;
  readonly electionOfficer: Signer;
  /** Sends the ballots, so that no voter needs gas or shows an account. */
  readonly relayer: Signer;
}

/** The parameters of {@link seedRecords}. */
export interface SeedRecordsParameters {
  readonly deployment: SuiteDeployment;
  readonly accounts: SeedAccounts;
  /** Moves the chain's clock forward by this many seconds and mines a block, so that the history spans days. */
  readonly advanceTime: (seconds: number) => Promise<void>;
  /** The chain's current time, unix seconds. */
  readonly now: () => Promise<number>;
  /** Where the sample documents go; created if missing. */
  readonly samplesDir: string;
  /** Where the polls' metadata files go (`<pollId>.json`); created if missing. */
  readonly pollsDir: string;
  /** Called with a line for each step. */
  readonly log?: (line: string) => void;
}

/** The return type of {@link seedRecords}. */
export interface SeedRecordsReturnType {
  readonly samples: readonly PortalSample[];
  readonly parcel: string;
  readonly company: string;
  /** The id of the institution that issued the sample diplomas. */
  readonly institutionId: number;
  /** The id of the demonstration's poll. */
  readonly pollId: bigint;
  /** The secret poll whose tally was opened, and the one still sealed. */
  readonly secretPolls: { readonly opened: bigint; readonly sealed: bigint };
}

const DAY = 24 * 3600;

function pdfText(text: string): string {
  return text.replace(/[\\()]/g, (character) => `\\${character}`);
}

/** A one-page PDF that shows `lines`; ASCII only. Readers open it; the registry sees only its hash. */
export function diplomaPdf(lines: readonly string[]): Uint8Array {
  const content = `BT /F1 16 Tf 72 760 Td 24 TL ${lines.map((line) => `(${pdfText(line)}) '`).join(" ")} ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

function diplomaLines(holder: string, programme: string, number: string): string[] {
  return [
    "University of Utopia",
    "",
    "Master of Science",
    programme,
    "",
    `awarded to ${holder}`,
    `Diploma no. ${number}`,
  ];
}

/** Writes the demonstration's records on chain and its sample documents to `samplesDir`. */
export async function seedRecords(parameters: SeedRecordsParameters): Promise<SeedRecordsReturnType> {
  const { deployment, accounts, advanceTime, now, samplesDir, pollsDir } = parameters;
  const log = parameters.log ?? (() => undefined);
  const suite = connectSuite({ deployment, runner: accounts.accreditor });
  const send = async (step: string, transaction: Promise<{ wait: () => Promise<unknown> }>) => {
    await (await transaction).wait();
    log(step);
  };
  mkdirSync(samplesDir, { recursive: true });
  const write = (file: string, bytes: Uint8Array | string) => writeFileSync(join(samplesDir, file), bytes);

  // Diplomas ------------------------------------------------------------------------------------------------------
  const diplomas = suite.diplomaRegistry;
  const university = diplomas.connect(accounts.universityRegistrar);
  await send(
    `registered the ${SEED_UNIVERSITY}`,
    diplomas.registerInstitution(
      SEED_UNIVERSITY,
      encodeBytes32String("UT").slice(0, 6),
      id("accreditation decision 2026/14"),
    ),
  );
  const institutionId = Number(await diplomas.institutionCount());
  await send(
    "bound the university registrar's account",
    diplomas.bindIssuer(await accounts.universityRegistrar.getAddress(), institutionId),
  );
  await send(
    `registered the ${SEED_OTHER_INSTITUTION}`,
    diplomas.registerInstitution(
      SEED_OTHER_INSTITUTION,
      encodeBytes32String("UT").slice(0, 6),
      id("accreditation decision 2026/15"),
    ),
  );
  const awardedAt = (await now()) - DAY;
  const diplomaOf = (bytes: Uint8Array, holderId: string) => ({
    documentHash: keccak256(bytes),
    holderCommitment: holderCommitment({ salt: id(`salt of ${holderId}`), holderId }),
    holderWallet: ZeroAddress,
    programmeCode: id("MSc Public Administration"),
    awardedAt,
  });

  const valid = diplomaPdf(diplomaLines("Graduate A", "Public Administration", "2026-0042"));
  write(SEED_FILES.valid, valid);
  await send("issued a diploma", university.issue(diplomaOf(valid, "UT-ID-0042")));

  const revoked = diplomaPdf(diplomaLines("Graduate B", "Public Administratoin", "2026-0043"));
  const corrected = diplomaPdf(diplomaLines("Graduate B", "Public Administration", "2026-0043-R"));
  write(SEED_FILES.revoked, revoked);
  write(SEED_FILES.corrected, corrected);
  await send("issued a diploma with a misprint", university.issue(diplomaOf(revoked, "UT-ID-0043")));
  await send(
    "revoked it (reason 1) and issued the corrected diploma",
    university.reissue(keccak256(revoked), 1, diplomaOf(corrected, "UT-ID-0043")),
  );

  const classOf2026 = Array.from({ length: 4 }, (_, index) =>
    diplomaPdf(diplomaLines(`Graduate C${index}`, "Data Science", `2026-B-${100 + index}`)),
  );
  // Issued as the agency does, through the batch action: it checks every row, sends `issueBatch` and returns each
  // holder's proof file, which names the chain, the registry and the issuing institution.
  const batch = await issueDiplomaBatch({
    suite: connectSuite({ deployment, runner: accounts.universityRegistrar }),
    signer: accounts.universityRegistrar,
    rows: classOf2026.map((bytes, index) => {
      const diploma = diplomaOf(bytes, `UT-ID-B${index}`);
      return {
        label: `graduate C${index}`,
        documentHash: diploma.documentHash,
        holderCommitment: diploma.holderCommitment,
        awardedAt,
      };
    }),
  });
  log(`issued a class of ${classOf2026.length} under one Merkle root`);
  write(SEED_FILES.batch, classOf2026[0]);
  write(SEED_FILES.batchProof, `${JSON.stringify(batch.proofs[0], null, 2)}\n`);
  const tampered = Uint8Array.from(valid);
  tampered[tampered.length - 8] ^= 0x01;
  write(SEED_FILES.tampered, tampered);
  write(SEED_FILES.unknown, diplomaPdf(diplomaLines("Somebody", "Alchemy", "1999-0001")));

  // A land title --------------------------------------------------------------------------------------------------
  const property = suite.propertyRegistry.connect(accounts.landRegistrar);
  const transfer = suite.ownershipTransfer;
  const parcelId = await property.parcelIdOf(SEED_PARCEL);
  const alice = await accounts.alice.getAddress();
  const bob = await accounts.bob.getAddress();
  await send(
    `registered parcel ${SEED_PARCEL} to Alice`,
    property.registerTitle(SEED_PARCEL, alice, id(`registration deed ${SEED_PARCEL}`), "ipfs://parcel-0421-7"),
  );
  await advanceTime(30 * DAY);
  const offer: IOwnershipSales.OfferStruct = {
    registry: await property.getAddress(),
    recordId: parcelId,
    seller: alice,
    buyer: bob,
    token: ZeroAddress,
    price: parseEther("120"),
    deadline: BigInt((await now()) + 14 * DAY),
    deedHash: id("sale deed Alice to Bob"),
    nonce: 1n,
  };
  await send("Alice offered the parcel to Bob", transfer.connect(accounts.alice).openOffer(offer));
  await send("Bob paid into escrow", transfer.connect(accounts.bob).acceptOffer(offer, { value: offer.price }));
  await send(
    "the land registrar approved and the sale settled",
    transfer.connect(accounts.landRegistrar).approveAndSettleOffer(offer),
  );
  await advanceTime(20 * DAY);
  // A court order waits COURT_OFFICER's execution delay (a day by default), scheduled in the authority where a
  // guardian could cancel it; it is executed once the delay has passed.
  const courtOrder = [
    await property.getAddress(),
    parcelId,
    await accounts.carol.getAddress(),
    id("inheritance certificate 2026/77"),
  ] as const;
  await send(
    "the court officer scheduled a court order for the parcel",
    suite.authority
      .connect(accounts.courtOfficer)
      .schedule(transfer, transfer.interface.encodeFunctionData("executeCourtOrder", [...courtOrder]), 0),
  );
  await advanceTime(DAY);
  await send(
    "a court order moved the parcel to Carol (inheritance)",
    transfer.connect(accounts.courtOfficer).executeCourtOrder(...courtOrder),
  );
  await advanceTime(2 * DAY);
  await send(
    "a mortgage was registered for the bank",
    property.registerLien(parcelId, await accounts.bank.getAddress(), id("mortgage deed Carol / Utopia Savings Bank")),
  );

  // A company -----------------------------------------------------------------------------------------------------
  const companies = suite.companyRegistry.connect(accounts.companyRegistrar);
  const companyId = await companies.companyIdOf(SEED_COMPANY);
  const ascii = (text: string, bytes: number) =>
    `0x${[...new TextEncoder().encode(text)]
      .map((byte) => byte.toString(16).padStart(2, "0"))
      .join("")
      .padEnd(bytes * 2, "0")}`;
  await send(
    `registered company ${SEED_COMPANY}`,
    companies.registerCompany(
      SEED_COMPANY,
      {
        name: "Utopia Solar Cooperative Ltd",
        legalForm: ascii("2HBR", 4),
        jurisdiction: ascii("UT", 6),
        registeredAddressHash: id("registered office, 1 Harbour Street, Utopia"),
      },
      alice,
      id(`articles of association ${SEED_COMPANY}`),
    ),
  );
  await send("the company started trading", companies.changeStatus(companyId, 2, id("trading licence 2026/991")));
  const appointed = await now();
  await send(
    "a director was appointed",
    companies.appointDirector(
      companyId,
      id("salt-91|director national id"),
      ZeroAddress,
      appointed,
      id("board resolution 1"),
    ),
  );
  await send(
    "a second director was appointed",
    companies.appointDirector(
      companyId,
      id("salt-92|director national id"),
      ZeroAddress,
      appointed,
      id("board resolution 2"),
    ),
  );
  await advanceTime(10 * DAY);
  await send("the annual accounts were filed", companies.fileDocument(companyId, 1, id("annual accounts 2026")));
  await send(
    "the company was suspended",
    companies.changeStatus(companyId, 3, id("suspension order: late filing of the tax return")),
  );
  await advanceTime(5 * DAY);
  await send(
    "the second director was removed",
    companies.removeDirector(companyId, 1, await now(), id("resignation letter")),
  );
  await send("the company was reinstated", companies.changeStatus(companyId, 2, id("reinstatement decision 2026/12")));

  // A poll ----------------------------------------------------------------------------------------------------------
  const citizenRegistry = suite.citizenRegistry;
  const elections = suite.elections;
  if (citizenRegistry === undefined || elections === undefined) {
    throw new Error("the deployment record has no CitizenRegistry or Elections");
  }
  const registrar = citizenRegistry.connect(accounts.civilRegistrar);
  const identities = new Map(
    SEED_POLL.citizens.map((name) => [name, new Identity(id(`portal demonstration voter ${name}`).slice(2))]),
  );
  for (const [name, identity] of identities) {
    await send(
      `registered ${name} as an adult resident of town ${SEED_TOWN}`,
      registrar.registerCitizen(
        id(`portal demonstration citizen ${name}`),
        SEED_TOWN,
        ADULT_RESIDENT,
        identity.commitment,
        id(`civil register extract ${name}`),
      ),
    );
  }
  const census = computeCensus({
    changes: await readCitizenChanges({
      provider: registrar.runner!.provider!,
      registry: await registrar.getAddress(),
    }),
    jurisdiction: SEED_TOWN,
    requiredFlags: ADULT_RESIDENT,
  });
  // The texts live off chain; the poll states the hash of this exact file.
  const metadata = `${JSON.stringify({ question: SEED_POLL.question, options: SEED_POLL.options }, null, 2)}\n`;
  const opensAt = (await now()) + Number(await elections.reviewPeriod()) + 60;
  const closesAt = opensAt + 7 * DAY;
  await send(
    "the election officer created the poll (the census frozen in it)",
    elections.connect(accounts.electionOfficer).createPoll({
      metadataHash: keccak256(new TextEncoder().encode(metadata)),
      rule: 0,
      optionCount: SEED_POLL.options.length,
      maxChoices: 0,
      revoting: true,
      opensAt,
      closesAt,
      budget: 0n,
      costs: [],
      census: {
        jurisdiction: SEED_TOWN,
        requiredFlags: ADULT_RESIDENT,
        size: census.size,
        sequence: census.sequence,
        depth: censusDepth(census.size),
        root: census.root,
      },
    }),
  );
  const pollId = await elections.pollCount();
  mkdirSync(pollsDir, { recursive: true });
  writeFileSync(join(pollsDir, `${pollId}.json`), metadata);
  await advanceTime(opensAt - (await now()));
  const poll = await readPoll({ elections, pollId });
  const depth = poll.census.depth;
  // Each voter's ballots carry rising revisions: a re-vote is the voter's next one.
  const revisions = new Map<string, bigint>();
  try {
    for (const { voter, option } of SEED_POLL.ballots) {
      const revision = (revisions.get(voter) ?? 0n) + 1n;
      revisions.set(voter, revision);
      const ballot = encodeBallot({ options: [option], poll });
      // Offline: the circuit files come from the installed @zk-kit/semaphore-artifacts package.
      const proof = await buildBallotProof({
        identity: identities.get(voter)!,
        census: census.members,
        ballot,
        revision,
        scope: poll.scope,
        depth,
        circuit: semaphoreCircuit(depth),
      });
      await send(
        `a ballot was cast through the relayer (${voter}: "${SEED_POLL.options[option]}")`,
        elections.connect(accounts.relayer).castBallot(pollId, ballot, revision, proof),
      );
    }
  } finally {
    await releaseProver();
  }
  await advanceTime(closesAt - (await now()));
  await send("the poll was closed and its tally recorded", elections.connect(accounts.relayer).closePoll(pollId));

  // Secret polls: the commission's three trustees (Alice, Bob and Carol here) hold the key ceremony.
  const secretPolls = await seedSecretPolls({
    elections,
    electionOfficer: accounts.electionOfficer,
    relayer: accounts.relayer,
    trustees: [accounts.alice, accounts.bob, accounts.carol],
    identities,
    census,
    censusRule: { jurisdiction: SEED_TOWN, requiredFlags: ADULT_RESIDENT },
    advanceTime,
    now,
    pollsDir,
    log,
  });

  const samples: PortalSample[] = [
    { file: SEED_FILES.valid, description: "a valid diploma, issued alone" },
    { file: SEED_FILES.revoked, description: "a revoked diploma, replaced by a corrected one" },
    { file: SEED_FILES.corrected, description: "the corrected diploma that replaced it" },
    { file: SEED_FILES.batch, description: "a diploma issued in a batch; check it with its proof file" },
    { file: SEED_FILES.batchProof, description: "the proof file of the batch diploma" },
    { file: SEED_FILES.tampered, description: "the valid diploma with one byte changed" },
    { file: SEED_FILES.unknown, description: "a document that was never issued" },
  ];
  return {
    samples,
    parcel: SEED_PARCEL,
    company: SEED_COMPANY,
    institutionId,
    pollId,
    secretPolls: { opened: secretPolls.openedPollId, sealed: secretPolls.sealedPollId },
  };
}
