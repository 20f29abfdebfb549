/**
 * The demo's credentials chapter: a medical council accredited for professional licences issues a doctor's licence,
 * suspends it on a disciplinary decision and reinstates it; the university exports a graduate's diploma as a W3C
 * Verifiable Credential signed with its key published on chain, which `@digitalbazaar/vc` verifies. Called by
 * `scripts/demo.ts` once the diplomas of its class are issued.
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { ContractTransactionResponse } from "ethers";
import { encodeBytes32String, id, ZeroAddress } from "ethers";

import { exportCredential, institutionKey, verifyCredential } from "../src/credentials/index.js";
import { Roles } from "../src/roles.js";
import { DIPLOMA_STATUSES, revocationReasonText } from "../src/vocabulary.js";
import type { DiplomaRegistry, GovernmentAuthority } from "../types/ethers-contracts/index.js";

/** What the credentials chapter needs from the demo. */
export interface CredentialsChapterParameters {
  readonly authority: GovernmentAuthority;
  readonly diplomas: DiplomaRegistry;
  readonly ministry: HardhatEthersSigner;
  readonly accreditor: HardhatEthersSigner;
  /** The medical council's operator (given DIPLOMA_ISSUER here). */
  readonly council: HardhatEthersSigner;
  /** The university's registrar, bound to `universityId`, and one graduate of its class with the batch proof. */
  readonly registrarOffice: HardhatEthersSigner;
  readonly universityId: bigint;
  readonly graduate: {
    root: string;
    documentHash: string;
    holderCommitment: string;
    statusIndex: number;
    proof: string[];
  };
  readonly now: () => Promise<number>;
  readonly step: (title: string, send: Promise<ContractTransactionResponse>) => Promise<void>;
}

const LICENCE = 1;
const DISCIPLINARY = 3;
const FIVE_YEARS = 5 * 365 * 24 * 3600;
/** The university's signing seed: in production a secret kept like a private key. */
const UNIVERSITY_SEED = id("demo university signing seed");

export async function runCredentialsChapter(parameters: CredentialsChapterParameters): Promise<void> {
  const { authority, diplomas, ministry, accreditor, council, registrarOffice, universityId, graduate, step } =
    parameters;
  await step(
    "The ministry lets the medical council's operator issue",
    authority.connect(ministry).grantRole(Roles.DIPLOMA_ISSUER, council.address, 0),
  );
  await step(
    "The accreditation body registers the Medical Council of Utopia",
    diplomas.connect(accreditor).registerInstitution("Medical Council of Utopia", "0x5554", id("council charter")),
  );
  const councilId = await diplomas.institutionCount();
  await step("…binds its operator", diplomas.connect(accreditor).bindIssuer(council.address, councilId));
  const from = (await parameters.now()) + 1;
  await step(
    "…and accredits it for professional licences (kind 1) from now",
    diplomas.connect(accreditor).accreditForKind(councilId, LICENCE, from, id("licensing accreditation 2026/3")),
  );
  const licence = {
    documentHash: id("medical licence UT-GP-0042: Dr Ada Martin, general practice"),
    holderCommitment: id("salt-ada|national id of Ada Martin"),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String("GP"),
    awardedAt: from - 60,
  };
  await step(
    "The council issues Dr Martin's medical licence, valid five years",
    diplomas.connect(council).issueCredential(LICENCE, licence, { validFrom: 0, expiresAt: from + FIVE_YEARS }),
  );
  const statusOf = async () =>
    DIPLOMA_STATUSES[Number((await diplomas.verify(councilId, licence.documentHash)).status)];
  console.log(`  verify the licence: ${await statusOf()}`);
  await step(
    `The council suspends it on a disciplinary decision, reason ${revocationReasonText(DISCIPLINARY)}`,
    diplomas.connect(council).suspend(licence.documentHash, DISCIPLINARY, id("disciplinary board decision 2026-41")),
  );
  console.log(`  verify the licence: ${await statusOf()}`);
  await step(
    "…and reinstates it after the appeal",
    diplomas.connect(council).reinstate(licence.documentHash, id("appeal decision 2026-77")),
  );
  console.log(`  verify the licence: ${await statusOf()}`);

  const key = await institutionKey({ seed: UNIVERSITY_SEED });
  await step(
    "The university publishes its signing key",
    diplomas.connect(registrarOffice).publishSigningKey(key.publicKey),
  );
  const suite = {
    diplomaRegistry: diplomas,
    runner: diplomas.runner!,
    deployment: { chainId: Number((await diplomas.runner!.provider!.getNetwork()).chainId), contracts: {} },
  };
  const credential = await exportCredential({
    suite,
    institutionId: Number(universityId),
    documentHash: graduate.documentHash,
    batch: graduate,
    claims: { name: "Graduate #3", degree: "MSc Public Administration", awarded: "2026-07-01" },
    seed: UNIVERSITY_SEED,
    statusBaseUrl: "https://status.university.example.gov/credentials",
  });
  console.log(
    `  exported graduate #3's diploma as a W3C VC: ${(credential.type as string[]).join(", ")}, proof ${(credential.proof as { cryptosuite: string }).cryptosuite}`,
  );
  const result = await verifyCredential({ suite, credential });
  for (const check of result.checks) console.log(`    ${check.passed ? "ok" : "NO"}  ${check.check}: ${check.message}`);
  console.log(`  the VC verifies: ${result.verified}`);
}
