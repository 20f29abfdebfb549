/**
 * "Print this extract": the extract of the record an answer shows, as of the block the answer was read at, as a PDF
 * saved by the browser, with its QR code and check link shown on the page. Loaded when the button is pressed: the
 * PDF and QR libraries stay out of the first page.
 *
 * @module
 */
import QRCode from "qrcode";

import { checkLink, extractPdf, type ExtractRecord, makeExtract } from "../../src/extracts/index.js";
import { latestProvider, withTimeout } from "./chain.js";
import { code, h } from "./dom.js";
import type { PageContext } from "./page.js";

/** The address of this page without its hash: where the check links of its extracts point. */
function portalUrl(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/** The language of an extract made from this page. */
function extractLanguage(context: PageContext): "en" | "de" {
  return context.messages.locale.startsWith("de") ? "de" : "en";
}

function fileName(record: ExtractRecord, block: number): string {
  const name =
    record.kind === "title"
      ? record.cadastralReference
      : record.kind === "company"
        ? record.companyNumber
        : record.documentHash.slice(0, 12);
  return `extract-${record.kind === "diploma" ? "certificate" : record.kind}-${name.replace(/[^A-Za-z0-9]+/g, "-").slice(0, 40)}-block-${block}.pdf`;
}

/** Makes the extract, saves its PDF and returns what the page shows of it: the QR code and the check link. */
export async function printExtract(context: PageContext, record: ExtractRecord, block: number): Promise<HTMLElement> {
  const { config, messages } = context;
  const made = await withTimeout(
    config,
    makeExtract({ deployment: config.deployment, provider: latestProvider(config), record, block }),
  );
  const link = checkLink(portalUrl(), {
    kind: record.kind,
    chainId: made.extract.chainId,
    contract: made.extract.contract,
    record: made.extract.record,
    block: made.extract.block.number,
    digest: made.digest,
  });
  const pdf = await extractPdf({
    extract: made.extract,
    digest: made.digest,
    link,
    text: made.text,
    language: extractLanguage(context),
  });
  const file = fileName(record, made.extract.block.number);
  const url = URL.createObjectURL(new Blob([pdf as Uint8Array<ArrayBuffer>], { type: "application/pdf" }));
  const download = h("a", { href: url, download: file, "data-testid": "extract-download" }, file);
  download.click();
  const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  // Four pixels a module (with its four-module margin): whole pixels keep the code sharp for a camera or a decoder.
  const side = (QRCode.create(link, { errorCorrectionLevel: "M" }).modules.size + 8) * 4;
  return h(
    "div",
    { class: "extract-made", "data-testid": "extract-made", "data-digest": made.digest },
    h("p", {}, messages.printed(file), " "),
    h("p", {}, download),
    h("img", {
      class: "extract-qr",
      src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
      alt: messages.qrAlt,
      width: side,
      height: side,
      "data-testid": "extract-qr",
    }),
    h("p", {}, h("a", { href: link, "data-testid": "extract-link" }, messages.navCheck), " ", code(link)),
  );
}
