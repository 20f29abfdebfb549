/**
 * The diploma check: the visitor chooses the issuing institution (diplomas are kept per institution) and the
 * document, dropped or chosen, and for a batch diploma the proof file, which names its institution itself; the
 * document is hashed here and only its hash is sent to the chain, in a read.
 *
 * @module
 */
import { isHexString } from "ethers";

import { reasonText } from "../../../src/extracts/labels.js";
import {
  type BatchProof,
  getInstitution,
  type GetInstitutionReturnType,
  verifyDiploma,
  type VerifyDiplomaReturnType,
} from "../../../src/index.js";
import { address, dropZone, notice, readFailure, setFiles, source } from "../answer.js";
import { contractAddress, readingAtLatest, type Reading, withTimeout } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { extractButton } from "../extract-button.js";
import { hashFile, MAX_DOCUMENT_BYTES } from "../hash-file.js";
import { extractLabels, formatTime } from "../messages.js";
import type { PageContext } from "../page.js";

/** The file a verdict is about: named in it, so that a verdict is never taken for another file's. */
interface CheckedDocument {
  readonly name: string;
  readonly size: number;
}

/**
 * What the visitor chose, kept across a change of language (the page is drawn again in the other language): the
 * files, the institution, and whether a verdict was shown.
 */
const remembered: { document?: File; proof?: File; institution?: string; checked: boolean } = { checked: false };

function sizeText(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A proof file as its holder received it, checked field by field. */
interface ProofFile extends BatchProof {
  readonly documentHash: string | null;
  readonly chainId: number | null;
  readonly registry: string | null;
  /** The issuing institution the file names, or null when it names none (older files, or 0). */
  readonly institutionId: number | null;
}

/** The largest institution id the registry can hold (`uint32`). */
const MAX_INSTITUTION_ID = 0xffffffff;

function institutionIdOf(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= MAX_INSTITUTION_ID
    ? value
    : null;
}

/** Why a proof file is unusable, in the visitor's language. */
class ProofFileError extends Error {}

function parseProofFile(context: PageContext, text: string): ProofFile {
  const { messages } = context;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ProofFileError(messages.proofNotJson);
  }
  if (typeof parsed !== "object" || parsed === null) throw new ProofFileError(messages.proofNotJson);
  const record = parsed as Record<string, unknown>;
  const hash = (field: string): string => {
    const value = record[field];
    if (typeof value !== "string" || !isHexString(value, 32)) throw new ProofFileError(messages.proofField(field));
    return value.toLowerCase();
  };
  const proof = record.proof;
  if (!Array.isArray(proof) || proof.some((item) => typeof item !== "string" || !isHexString(item, 32))) {
    throw new ProofFileError(messages.proofList);
  }
  const statusIndex = record.statusIndex;
  if (
    typeof statusIndex !== "number" ||
    !Number.isInteger(statusIndex) ||
    statusIndex < 0 ||
    statusIndex > 0xffffffff
  ) {
    throw new ProofFileError(messages.proofStatusIndex);
  }
  const documentHash = record.documentHash === undefined ? null : hash("documentHash");
  let institutionId: number | null = null;
  if (record.institutionId !== undefined && record.institutionId !== 0) {
    institutionId = institutionIdOf(record.institutionId);
    if (institutionId === null) throw new ProofFileError(messages.proofInstitutionField);
  }
  return {
    root: hash("root"),
    holderCommitment: hash("holderCommitment"),
    statusIndex,
    proof: (proof as string[]).map((item) => item.toLowerCase()),
    documentHash,
    chainId: typeof record.chainId === "number" ? record.chainId : null,
    registry: typeof record.registry === "string" ? record.registry : null,
    institutionId,
  };
}

/** Every institution of the registry, by name, read at one block. */
async function readInstitutions(context: PageContext): Promise<GetInstitutionReturnType[]> {
  const reading = await readingAtLatest(context.config);
  const count = Number(await reading.suite.diplomaRegistry.institutionCount());
  // The provider sends the reads of one tick as one JSON-RPC batch.
  const institutions = await Promise.all(
    Array.from({ length: count }, (_, index) => getInstitution({ suite: reading.suite, institutionId: index + 1 })),
  );
  return institutions.sort(
    (a, b) => a.name.localeCompare(b.name, context.messages.locale) || a.institutionId - b.institutionId,
  );
}

function institutionText(context: PageContext, institution: GetInstitutionReturnType): string {
  const { messages } = context;
  const status =
    institution.status === "Accredited" ? "" : (messages.institutionStatuses[institution.status] ?? institution.status);
  return messages.institutionOption(institution.name, institution.country, status);
}

function statusBadge(context: PageContext, result: VerifyDiplomaReturnType): HTMLElement {
  const { messages } = context;
  // Suspended, Expired and NotYetValid (credentials of other kinds than diplomas) show their status name until the
  // page's messages carry words for them.
  const labels: Partial<Record<VerifyDiplomaReturnType["status"], string>> = {
    Valid: messages.statusValid,
    Revoked: messages.statusRevoked,
    Unknown: messages.statusUnknown,
  };
  const texts: Partial<Record<VerifyDiplomaReturnType["status"], string>> = {
    Valid: messages.validText,
    Revoked: messages.revokedText,
    Unknown: messages.unknownText,
  };
  const label = labels[result.status] ?? result.status;
  const text = texts[result.status] ?? result.status;
  return h(
    "div",
    {
      class: `verdict verdict-${result.status.toLowerCase()}`,
      "data-testid": "verdict",
      "data-status": result.status,
      tabindex: "-1",
    },
    h("p", { class: "verdict-label" }, label),
    h("p", {}, text),
  );
}

function renderResult(
  context: PageContext,
  reading: Reading,
  result: VerifyDiplomaReturnType,
  checkedUnder: string,
  notes: readonly HTMLElement[],
  checkSuccessor: (documentHash: string) => void,
  file: CheckedDocument | null,
  printable: boolean,
): HTMLElement {
  const { config, messages } = context;
  const yesNo = (value: boolean) => (value ? messages.yes : messages.no);
  const institution = result.institution;
  return h(
    "section",
    { class: "answer", "aria-labelledby": "diploma-answer-heading" },
    h("h2", { id: "diploma-answer-heading", class: "visually-hidden" }, messages.diplomaHeading),
    statusBadge(context, result),
    notes,
    facts([
      file === null ? null : [messages.checkedFile, messages.fileText(file.name, sizeText(file.size))],
      [messages.documentHash, code(result.documentHash)],
      [messages.checkedUnder, checkedUnder],
      result.root === null ? null : [messages.batchRoot, code(result.root)],
      institution === null ? null : [messages.institution, `${institution.name} (${institution.country})`],
      institution === null
        ? null
        : [messages.institutionStatus, messages.institutionStatuses[institution.status] ?? institution.status],
      result.status === "Unknown" ? null : [messages.accreditedAtIssuance, yesNo(result.accreditedAtIssuance)],
      result.issuer === null ? null : [messages.issuer, address(config, messages, result.issuer)],
      result.issuedAt === null ? null : [messages.issuedAt, formatTime(messages, result.issuedAt)],
      result.revocation === null ? null : [messages.revokedAt, formatTime(messages, result.revocation.revokedAt)],
      result.revocation === null
        ? null
        : [messages.revocationReason, reasonText(extractLabels(messages), result.revocation.reason)],
      result.supersededBy === null
        ? null
        : [
            messages.successor,
            [
              code(result.supersededBy),
              " ",
              h(
                "button",
                {
                  type: "button",
                  class: "secondary",
                  onclick: () => checkSuccessor(result.supersededBy!),
                },
                messages.checkSuccessor,
              ),
            ],
          ],
    ]),
    printable && result.institution !== null
      ? extractButton(
          context,
          { kind: "diploma", institutionId: result.institution.id, documentHash: result.documentHash },
          reading.block,
        )
      : null,
    source(config, messages, reading, "DiplomaRegistry"),
  );
}

/** The diploma check page. */
export function diplomaPage(context: PageContext): HTMLElement {
  const { messages, config } = context;
  const institutionSelect = h(
    "select",
    {
      id: "diploma-institution",
      name: "institution",
      "aria-describedby": "diploma-institution-hint",
      disabled: true,
    },
    h("option", { value: "" }, messages.institutionsLoading),
  );
  const institutionStatus = h("div", { id: "diploma-institution-status" });
  const zone = dropZone({
    fields: [
      { id: "diploma-document", name: "document", label: messages.documentLabel, hint: messages.documentHint },
      {
        id: "diploma-proof",
        name: "proof",
        accept: ".json,application/json",
        label: messages.proofLabel,
        hint: messages.proofHint,
      },
    ],
    dropHint: messages.dropHint,
    testId: "drop-zone",
    // A proof file is JSON; any other file is the document.
    onDrop: (files) => {
      const proofs = files.filter((file) => file.name.toLowerCase().endsWith(".json"));
      const documents = files.filter((file) => !proofs.includes(file));
      if (documents.length > 0) setFiles(documentInput, documents);
      if (proofs.length > 0) setFiles(proofInput, proofs);
      void check();
    },
  });
  const [documentInput, proofInput] = zone.inputs as [HTMLInputElement, HTMLInputElement];
  const output = h("div", { id: "diploma-result", "aria-live": "polite" });
  const busy = (value: boolean) => output.setAttribute("aria-busy", String(value));
  /** The institutions read for the list, by id. */
  const institutions = new Map<number, GetInstitutionReturnType>();

  /** Fills the list of institutions; the address may name the one to choose (`#/diploma?institution=2`). */
  async function fillInstitutions(): Promise<void> {
    let list: GetInstitutionReturnType[];
    try {
      list = await readInstitutions(context);
    } catch (error) {
      replace(institutionSelect, h("option", { value: "" }, messages.institutionsUnavailable));
      replace(
        institutionStatus,
        readFailure(
          config,
          messages,
          error,
          () => {
            replace(institutionSelect, h("option", { value: "" }, messages.institutionsLoading));
            replace(institutionStatus);
            void fillInstitutions();
          },
          messages.institutionsError,
        ),
      );
      return;
    }
    for (const institution of list) institutions.set(institution.institutionId, institution);
    const wanted = institutionIdOf(Number(remembered.institution ?? context.params.get("institution") ?? ""));
    const chosen = wanted !== null && institutions.has(wanted) ? wanted : list.length === 1 ? list[0].institutionId : 0;
    replace(
      institutionSelect,
      list.length === 0
        ? h("option", { value: "" }, messages.noInstitutions)
        : [
            chosen === 0 ? h("option", { value: "" }, messages.institutionPlaceholder) : null,
            ...list.map((institution) =>
              h(
                "option",
                { value: institution.institutionId, selected: institution.institutionId === chosen },
                institutionText(context, institution),
              ),
            ),
          ],
    );
    institutionSelect.disabled = list.length === 0;
    // A verdict shown before the language changed is shown again, in the new language.
    if (remembered.checked && remembered.document !== undefined) void check();
  }
  institutionSelect.addEventListener("change", () => {
    remembered.institution = institutionSelect.value;
  });
  void fillInstitutions();

  /** How an institution is named in an answer: from the list, or by its number when the list does not have it. */
  function institutionName(institutionId: number): string {
    const institution = institutions.get(institutionId);
    return institution === undefined
      ? messages.institutionNumber(institutionId)
      : institutionText(context, institution);
  }

  /** Verifies a document by its hash under an institution, with its batch proof if any, and shows the answer. */
  async function show(
    institutionId: number,
    documentHash: string,
    proof: ProofFile | undefined,
    notes: readonly HTMLElement[],
    file: CheckedDocument | null,
  ) {
    const reading = await readingAtLatest(config);
    const result = await withTimeout(
      config,
      verifyDiploma({ suite: reading.suite, institutionId, documentHash, proof }),
    );
    replace(
      output,
      renderResult(
        context,
        reading,
        result,
        institutionName(institutionId),
        notes,
        (successor) => {
          // The corrected diploma is checked by its hash in the register; the chosen file is not it.
          documentInput.value = "";
          remembered.document = undefined;
          remembered.checked = false;
          void run(() => show(institutionId, successor, undefined, [notice("info", messages.successorNote)], null));
        },
        file,
        proof === undefined && result.status !== "Unknown",
      ),
    );
    output.querySelector<HTMLElement>("[data-testid=verdict]")?.focus();
  }

  /** Runs a check with the answer region busy, turning a failure into a message with a retry. */
  async function run(task: () => Promise<void>): Promise<void> {
    busy(true);
    replace(output, h("p", { class: "loading" }, messages.loading));
    try {
      await task();
    } catch (error) {
      replace(
        output,
        readFailure(config, messages, error, () => void run(task)),
      );
    } finally {
      busy(false);
    }
  }

  async function check(): Promise<void> {
    const document = documentInput.files?.[0];
    if (document === undefined) {
      replace(output, notice("error", messages.chooseDocumentFirst));
      documentInput.focus();
      return;
    }
    if (document.size > MAX_DOCUMENT_BYTES) {
      replace(output, notice("error", messages.fileTooLarge(sizeText(MAX_DOCUMENT_BYTES))));
      return;
    }
    remembered.document = document;
    remembered.proof = proofInput.files?.[0];
    remembered.checked = true;
    await run(async () => {
      const notes: HTMLElement[] = [];
      const progress = h("progress", { max: 1, value: 0, "aria-label": messages.hashing });
      replace(output, h("p", { class: "loading" }, messages.hashing, " ", progress));
      const documentHash = await hashFile(document, (share) => {
        progress.value = share;
      });
      let proof: ProofFile | undefined;
      const proofFile = proofInput.files?.[0];
      if (proofFile !== undefined) {
        try {
          proof = parseProofFile(context, await proofFile.text());
        } catch (error) {
          if (!(error instanceof ProofFileError)) throw error;
          replace(output, notice("error", messages.proofUnreadable(error.message)));
          return;
        }
        if (proof.documentHash !== null && proof.documentHash !== documentHash) {
          notes.push(notice("warning", messages.proofOtherDocument));
        }
        const registry = contractAddress(config, "DiplomaRegistry");
        if (
          (proof.chainId !== null && proof.chainId !== config.deployment.chainId) ||
          (proof.registry !== null && proof.registry.toLowerCase() !== registry.toLowerCase())
        ) {
          notes.push(notice("warning", messages.proofOtherRegistry(proof.chainId ?? 0, proof.registry ?? "")));
        }
      }
      // A proof file names the institution that issued its batch; otherwise the visitor's choice counts.
      let institutionId = institutionIdOf(Number(institutionSelect.value));
      if (proof?.institutionId != null) {
        institutionId = proof.institutionId;
        if (institutions.has(institutionId)) institutionSelect.value = String(institutionId);
        notes.push(notice("info", messages.proofInstitution(institutionName(institutionId))));
      }
      if (institutionId === null) {
        replace(output, notice("error", messages.chooseInstitutionFirst));
        institutionSelect.focus();
        return;
      }
      await show(institutionId, documentHash, proof, notes, { name: document.name, size: document.size });
    });
  }

  const institutionField = h(
    "div",
    { class: "field" },
    h("label", { for: "diploma-institution" }, messages.institutionLabel),
    institutionSelect,
    h("p", { id: "diploma-institution-hint", class: "hint" }, messages.institutionHint),
    institutionStatus,
  );
  // A verdict is about one file: when the file changes, the verdict goes.
  for (const input of [documentInput, proofInput]) {
    input.addEventListener("change", () => {
      remembered.checked = false;
      remembered.document = documentInput.files?.[0];
      remembered.proof = proofInput.files?.[0];
      replace(output, notice("info", messages.fileChanged));
    });
  }
  // Files chosen before the language changed are chosen again.
  for (const [input, file] of [
    [documentInput, remembered.document],
    [proofInput, remembered.proof],
  ] as const) {
    if (file !== undefined) setFiles(input, [file]);
  }

  const form = h(
    "form",
    {
      class: "query",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void check();
      },
    },
    institutionField,
    zone.element,
    h("button", { type: "submit" }, messages.verifyButton),
  );
  return h("div", {}, h("p", { class: "intro" }, messages.diplomaIntro), form, output);
}
