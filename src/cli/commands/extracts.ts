/**
 * `property extract`, `companies extract` and `diplomas extract` (the certificate of any credential issued alone: a
 * diploma, a licence, a permit): a register extract as of a block, written as a PDF with the QR code that checks it
 * (see docs/extracts.md).
 *
 * @module
 */
import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

import { InvalidInputError } from "../../errors.js";
import {
  checkLink,
  type DiplomaFacts,
  EXTRACT_LABELS,
  EXTRACT_LANGUAGES,
  type ExtractLabels,
  type ExtractLanguage,
  type ExtractRecord,
  extractKindName,
  extractPdf,
  extractTitle,
  factValueText,
  makeExtract,
} from "../../extracts/index.js";
import { validateDocument, validateHash, validateRequired, validateText, validateUint } from "../../validate.js";
import { isoTime } from "../format.js";
import { type CommonArgs, command, type Session } from "../session.js";

/** The options every extract command has. */
interface ExtractArgs extends CommonArgs {
  readonly out?: string;
  readonly block?: string;
  readonly lang?: string;
  readonly portal?: string;
  readonly force?: boolean;
}

/** The portal whose check page the QR codes open when `--portal` is not given: the local demonstration's. */
export const DEFAULT_PORTAL = "http://127.0.0.1:5173/";

async function writeExtract(args: ExtractArgs, session: Session, record: ExtractRecord) {
  const out = resolve(validateRequired("--out", args.out));
  if (existsSync(out) && args.force !== true) {
    throw new InvalidInputError({ field: "--out", reason: `${out} exists; choose another file or pass --force` });
  }
  const language = (args.lang ?? "en") as ExtractLanguage;
  if (!EXTRACT_LANGUAGES.includes(language)) {
    throw new InvalidInputError({
      field: "--lang",
      reason: `"${args.lang}" is not one of ${EXTRACT_LANGUAGES.join(", ")}`,
    });
  }
  const portal = args.portal ?? DEFAULT_PORTAL;
  if (!/^https?:\/\/\S+$/.test(portal)) {
    throw new InvalidInputError({ field: "--portal", reason: `"${portal}" is not an http(s) URL` });
  }
  const block = args.block === undefined ? undefined : Number(validateUint("--block", args.block));
  const made = await makeExtract({ deployment: session.suite.deployment, provider: session.provider, record, block });
  const link = checkLink(portal, {
    kind: record.kind,
    chainId: made.extract.chainId,
    contract: made.extract.contract,
    record: made.extract.record,
    block: made.extract.block.number,
    digest: made.digest,
  });
  const pdf = await extractPdf({ extract: made.extract, digest: made.digest, link, text: made.text, language });
  writeFileSync(out, pdf);
  const title = extractTitle(EXTRACT_LABELS[language], record.kind, extractKindName(made.extract));
  return {
    data: {
      file: out,
      kind: record.kind,
      record: made.extract.record,
      block: made.extract.block,
      format: made.extract.format,
      digest: made.digest,
      link,
      facts: made.text,
    },
    lines: [
      `${title} of ${made.extract.record} as of block ${made.extract.block.number} (${isoTime(made.extract.block.time)})`,
      ...(made.facts.kind === "diploma" ? [`  ${credentialLine(EXTRACT_LABELS[language], made.facts)}`] : []),
      `  written to ${out} (${pdf.length} bytes)`,
      `  digest ${made.digest}`,
      `  check: ${link}`,
    ],
  };
}

/** A credential's standing at the block in one line: its status, its validity window, its suspension. */
function credentialLine(labels: ExtractLabels, facts: DiplomaFacts): string {
  const parts = [
    `${labels.facts.status}: ${factValueText(labels, "enum", facts.status)}`,
    `${labels.facts.validFrom}: ${factValueText(labels, "time", facts.validFrom)}`,
    `${labels.facts.expiresAt}: ${factValueText(labels, "time", facts.expiresAt, "expiresAt")}`,
  ];
  if (facts.suspendedAt !== null) {
    parts.push(
      `${labels.facts.suspendedAt}: ${factValueText(labels, "time", facts.suspendedAt)} (${factValueText(labels, "reason", facts.suspensionReason)})`,
    );
  }
  return parts.join("; ");
}

interface PropertyExtractArgs extends ExtractArgs {
  readonly ref?: string;
}

/** `property extract --ref <cadastral reference> --out <file.pdf>`. */
export const propertyExtract = command<PropertyExtractArgs>({ write: false }, async (args, session) =>
  writeExtract(args, session, {
    kind: "title",
    cadastralReference: validateText("--ref", "reference", args.ref, { normalize: true }),
  }),
);

interface CompanyExtractArgs extends ExtractArgs {
  readonly number?: string;
}

/** `companies extract --number <company number> --out <file.pdf>`. */
export const companyExtract = command<CompanyExtractArgs>({ write: false }, async (args, session) =>
  writeExtract(args, session, {
    kind: "company",
    companyNumber: validateText("--number", "reference", args.number, { normalize: true }),
  }),
);

interface DiplomaExtractArgs extends ExtractArgs {
  readonly institution?: string;
  readonly document?: string;
  readonly documentHash?: string;
}

/** `diplomas extract --institution <id> --document <file> --out <file.pdf>`: a credential of any kind, issued alone. */
export const diplomaExtract = command<DiplomaExtractArgs>({ write: false }, async (args, session) => {
  const institutionId = Number(validateUint("--institution", args.institution));
  if (institutionId < 1 || institutionId > 0xffffffff) {
    throw new InvalidInputError({ field: "--institution", reason: `${institutionId} is not an institution id` });
  }
  if (args.document !== undefined && args.documentHash !== undefined) {
    throw new InvalidInputError({ field: "--document-hash", reason: "give either --document or --document-hash" });
  }
  const documentHash =
    args.documentHash !== undefined
      ? validateHash("--document-hash", args.documentHash)
      : validateDocument("--document", args.document);
  return writeExtract(args, session, { kind: "diploma", institutionId, documentHash: documentHash.toLowerCase() });
});
