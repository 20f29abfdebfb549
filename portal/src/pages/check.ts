/**
 * The extract check: the link of an extract's QR code (opened, pasted or scanned with the camera), its PDF or a photo
 * of its QR code. The facts are read again at the extract's block and compared; the answer says whether the extract
 * was true, which fact differs, and what changed since. Loaded only when the page is opened.
 *
 * @module
 */
import { BrowserQRCodeReader } from "@zxing/library";
import { keccak256 } from "ethers";

import { EgovError } from "../../../src/errors.js";
import {
  changeText,
  checkExtract,
  type CheckExtractReturnType,
  EXTRACT_FORMAT,
  EXTRACT_LABELS,
  type ExtractClaim,
  extractKindName,
  extractTitle,
  factLabel,
  factValueText,
  MAX_CHECK_LINK,
  parseCheckLink,
} from "../../../src/extracts/index.js";
import { MAX_EXTRACT_PDF, readExtractPdf } from "../../../src/extracts/pdf.js";
import { dropZone, notice, readFailure, reasonOf, setFiles, source } from "../answer.js";
import { latestProvider, withTimeout } from "../chain.js";
import { code, facts, h, replace } from "../dom.js";
import { formatTime } from "../messages.js";
import type { PageContext } from "../page.js";

/** The file that was checked, named in the verdict. */
interface CheckedFile {
  readonly name: string;
  readonly size: number;
  readonly hash: string;
}

function sizeText(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function verdictBox(kind: "valid" | "revoked" | "unknown", label: string, ...rest: HTMLElement[]): HTMLElement {
  return h(
    "div",
    {
      class: `verdict verdict-${kind}`,
      "data-testid": "extract-verdict",
      "data-verdict": kind,
      tabindex: "-1",
    },
    h("p", { class: "verdict-label" }, label),
    rest,
  );
}

function renderAnswer(context: PageContext, answer: CheckExtractReturnType, file: CheckedFile | null): HTMLElement {
  const { config, messages } = context;
  const labels = EXTRACT_LABELS[messages.locale.startsWith("de") ? "de" : "en"];
  const fileFacts =
    file === null
      ? null
      : facts([[messages.checkedFile, [messages.fileText(file.name, sizeText(file.size)), " ", code(file.hash)]]]);
  const section = (...children: (HTMLElement | null)[]) =>
    h(
      "section",
      { class: "answer", "aria-labelledby": "check-answer-heading" },
      h("h2", { id: "check-answer-heading", class: "visually-hidden" }, messages.checkExtractHeading),
      children,
    );
  switch (answer.verdict) {
    case "OtherChain":
      return section(
        verdictBox("unknown", messages.otherChain(answer.claimed, answer.expected, config.deployment.network)),
        fileFacts,
      );
    case "OtherContract":
      return section(verdictBox("unknown", messages.otherContract(answer.claimed, answer.expected)), fileFacts);
    case "BadRecord":
      return section(verdictBox("unknown", messages.badRecord(answer.record)), fileFacts);
    case "NoSuchBlock":
      return section(verdictBox("unknown", messages.noSuchBlock(answer.block)), fileFacts);
    case "UnknownRecord":
      return section(verdictBox("unknown", messages.unknownRecord(answer.record, answer.block.number)), fileFacts);
    case "UnknownFormat":
      return section(verdictBox("unknown", labels.unknownFormat(answer.format, answer.known)), fileFacts);
    case "FormatTooOld":
      return section(verdictBox("revoked", labels.formatTooOld(answer.format, answer.kindName)), fileFacts);
    default:
      break;
  }
  const { extract, since } = answer;
  const date = formatTime(messages, extract.block.time);
  const sinceList = h(
    "div",
    { class: "since", "data-testid": "since" },
    h("h3", {}, messages.sinceHeading(since.block.number, formatTime(messages, since.block.time))),
    since.changes.length === 0
      ? h("p", {}, messages.unchangedSince)
      : h(
          "ul",
          {},
          since.changes.map((change) => h("li", {}, changeText(labels, change))),
        ),
  );
  const registerFacts = h(
    "details",
    { class: "register-facts" },
    h("summary", {}, messages.registerFacts(extract.block.number)),
    facts(
      extract.facts.map((fact) => [
        factLabel(labels, fact.name),
        factValueText(labels, fact.type, fact.value, fact.name),
      ]),
    ),
  );
  const contractName = { title: "PropertyRegistry", company: "CompanyRegistry", diploma: "DiplomaRegistry" }[
    extract.kind
  ];
  const reading = { block: extract.block.number, blockTime: extract.block.time };
  const title = `${extractTitle(labels, extract.kind, extractKindName(extract))}: ${extract.record}`;
  if (answer.verdict === "Matches") {
    return section(
      verdictBox(
        "valid",
        messages.extractMatches(extract.block.number, date),
        h("p", {}, title),
        extract.format === EXTRACT_FORMAT
          ? h("span", {})
          : h("p", { "data-testid": "older-format" }, labels.formatNote(extract.format)),
      ),
      fileFacts,
      sinceList,
      registerFacts,
      source(config, messages, reading, contractName),
    );
  }
  // Each value in plain words by the register's type of that fact (a time as a date, a reason in words).
  const types = new Map(extract.facts.map((fact) => [fact.name, fact.type]));
  const valueText = (name: string, value: Parameters<typeof factValueText>[2]) =>
    factValueText(labels, types.get(name) ?? "text", value, name);
  const differences = answer.differences.map((difference) =>
    h(
      "li",
      { "data-field": difference.name },
      h("strong", {}, messages.differsField(factLabel(labels, difference.name))),
      ": ",
      `${messages.paperSays} `,
      difference.paper === undefined ? "—" : valueText(difference.name, difference.paper),
      `; ${messages.registerSays} `,
      difference.register === undefined ? "—" : valueText(difference.name, difference.register),
    ),
  );
  return section(
    verdictBox(
      "revoked",
      messages.extractMismatch(extract.block.number),
      h("p", {}, title),
      answer.paperDisagreesWithCode ? h("p", {}, messages.paperDisagrees) : h("span", {}),
      differences.length === 0
        ? h("p", {}, messages.mismatchNoPaper)
        : h("ul", { "data-testid": "differences" }, differences),
    ),
    fileFacts,
    sinceList,
    registerFacts,
    source(config, messages, reading, contractName),
  );
}

/** The check page. */
export function checkPage(context: PageContext): HTMLElement {
  const { config, messages, params } = context;
  const output = h("div", { id: "check-result", "aria-live": "polite" });
  const linkInput = h("input", {
    type: "text",
    id: "check-link",
    name: "link",
    autocomplete: "off",
    spellcheck: "false",
    maxlength: MAX_CHECK_LINK,
  });

  /** Checks a claim (with the paper's text when a PDF was given) and shows the answer, focused. */
  async function run(claim: ExtractClaim, paperText: string | undefined, file: CheckedFile | null): Promise<void> {
    output.setAttribute("aria-busy", "true");
    replace(output, h("p", { class: "loading" }, messages.loading));
    try {
      const answer = await withTimeout(
        config,
        checkExtract({ deployment: config.deployment, provider: latestProvider(config), claim, paperText }),
      );
      replace(output, renderAnswer(context, answer, file));
      output.querySelector<HTMLElement>("[data-testid=extract-verdict]")?.focus();
    } catch (error) {
      replace(
        output,
        readFailure(config, messages, error, () => void run(claim, paperText, file)),
      );
    } finally {
      output.setAttribute("aria-busy", "false");
    }
  }

  function showProblem(text: string): void {
    replace(output, notice("error", text));
  }

  function claimOf(link: string): ExtractClaim | null {
    try {
      return parseCheckLink(link);
    } catch (error) {
      showProblem(messages.badLink(error instanceof EgovError ? error.shortMessage : reasonOf(error)));
      return null;
    }
  }

  async function checkFile(file: File): Promise<void> {
    if (file.size > MAX_EXTRACT_PDF) {
      showProblem(messages.fileTooLarge(sizeText(MAX_EXTRACT_PDF)));
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const checked = { name: file.name, size: file.size, hash: keccak256(bytes) };
    if (file.type.startsWith("image/")) {
      let text: string;
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.onerror = () => reject(reader.error ?? new Error("the file cannot be read"));
          reader.readAsDataURL(file);
        });
        text = (await new BrowserQRCodeReader().decodeFromImageUrl(url)).getText();
      } catch {
        showProblem(messages.noCodeInImage);
        return;
      }
      const claim = claimOf(text);
      if (claim !== null) await run(claim, undefined, checked);
      return;
    }
    let read: { link: string; text: string };
    try {
      read = await readExtractPdf(bytes);
    } catch (error) {
      showProblem(
        messages.notExtractFile(error instanceof EgovError ? (error.shortMessage ?? error.message) : reasonOf(error)),
      );
      return;
    }
    const claim = claimOf(read.link);
    if (claim !== null) await run(claim, read.text, checked);
  }

  const video = h("video", { class: "scanner", muted: true, playsinline: true, hidden: true });
  let reader: BrowserQRCodeReader | undefined;
  const scanButton = h("button", { type: "button", class: "secondary", "data-testid": "scan" }, messages.scanButton);
  const stopScan = () => {
    reader?.reset();
    reader = undefined;
    video.hidden = true;
    scanButton.textContent = messages.scanButton;
  };
  scanButton.addEventListener("click", () => {
    if (reader !== undefined) {
      stopScan();
      return;
    }
    reader = new BrowserQRCodeReader();
    video.hidden = false;
    scanButton.textContent = messages.stopScan;
    replace(output, h("p", { class: "loading" }, messages.scanning));
    reader.decodeOnceFromVideoDevice(undefined, video).then(
      (result) => {
        stopScan();
        const claim = claimOf(result.getText());
        if (claim !== null) void run(claim, undefined, null);
      },
      (error: unknown) => {
        stopScan();
        showProblem(messages.cameraUnavailable(reasonOf(error)));
      },
    );
  });

  const form = h(
    "form",
    {
      class: "query",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const claim = claimOf(linkInput.value.trim());
        if (claim !== null)
          context.navigate(
            Object.fromEntries(new URLSearchParams(linkInput.value.slice(linkInput.value.lastIndexOf("?") + 1))),
          );
      },
    },
    h("div", { class: "field field-wide" }, h("label", { for: "check-link" }, messages.linkLabel), linkInput),
    h("button", { type: "submit" }, messages.checkButton),
  );
  const zone = dropZone({
    fields: [
      {
        id: "check-file",
        name: "file",
        accept: ".pdf,application/pdf,image/*",
        label: messages.extractFileLabel,
        hint: messages.extractFileHint,
      },
    ],
    dropHint: messages.dropHint,
    testId: "drop-zone",
    extra: [h("div", {}, scanButton), video],
    onDrop: ([file]) => {
      setFiles(fileInput, [file!]);
      replace(output);
      void checkFile(file!);
    },
  });
  const fileInput = zone.inputs[0]!;
  fileInput.addEventListener("change", () => {
    const file = fileInput.files?.[0];
    replace(output);
    if (file !== undefined) void checkFile(file);
  });

  if (params.has("k")) {
    linkInput.value = `#/check?${params.toString()}`;
    const claim = claimOf(params.toString());
    if (claim !== null) void run(claim, undefined, null);
  }
  return h("div", {}, h("p", { class: "intro" }, messages.checkExtractIntro), form, zone.element, output);
}
