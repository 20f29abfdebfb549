/**
 * An extract as a PDF (pdf-lib): the register's name, the block, the facts in plain words, and a QR code (qrcode)
 * with the check link. The canonical text and the link travel in the PDF's metadata as well, so that a checker given
 * the file names each fact that differs.
 *
 * @module
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, type PDFPage, PDFString, rgb, StandardFonts } from "pdf-lib";
import QRCode from "qrcode";

import { InvalidInputError } from "../errors.js";
import type { Extract } from "./canonical.js";
import {
  EXTRACT_LABELS,
  extractKindName,
  type ExtractLanguage,
  extractTitle,
  factLabel,
  factValueText,
  timeText,
} from "./labels.js";

/** The PDF's information-dictionary key that holds the canonical text. */
export const PDF_FACTS_KEY = "EgovExtractFacts";
/** The PDF's information-dictionary key that holds the check link. */
export const PDF_LINK_KEY = "EgovExtractLink";

/** The largest PDF a checker reads. */
export const MAX_EXTRACT_PDF = 5 * 1024 * 1024;

/** The parameters of {@link extractPdf}. */
export interface ExtractPdfParameters {
  readonly extract: Extract;
  /** The extract's digest, printed under the QR code. */
  readonly digest: string;
  /** The check link the QR code carries (see `checkLink`). */
  readonly link: string;
  /** The canonical text, kept in the metadata. */
  readonly text: string;
  readonly language: ExtractLanguage;
}

/**
 * The standard PDF fonts write WinAnsi: every other character (a name in another script) is written as "?" on the
 * page. The metadata keeps the text exactly.
 */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e\u00a0-\u00ff\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, "?");
}

const A4 = [595.28, 841.89] as const;
const MARGIN = 50;

/**
 * Makes the PDF of an extract.
 *
 * @example
 * ```ts
 * const { extract, text, digest } = await makeExtract({ deployment, provider, record });
 * const pdf = await extractPdf({ extract, text, digest, link: checkLink(portalUrl, { ...claim }), language: "de" });
 * ```
 */
export async function extractPdf({ extract, digest, link, text, language }: ExtractPdfParameters): Promise<Uint8Array> {
  const labels = EXTRACT_LABELS[language];
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const title = extractTitle(labels, extract.kind, extractKindName(extract));
  pdf.setTitle(`${title}: ${extract.record}`);
  pdf.setSubject(link);
  pdf.setKeywords([link, digest]);
  pdf.setLanguage(language === "de" ? "de-DE" : "en-GB");
  pdf.setCreator("egov-registries");
  pdf.setProducer("egov-registries");
  pdf.setCreationDate(new Date(extract.block.time * 1000));
  pdf.setModificationDate(new Date(extract.block.time * 1000));
  const info = pdf.context.lookup(pdf.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(PDF_FACTS_KEY), PDFHexString.fromText(text));
  info.set(PDFName.of(PDF_LINK_KEY), PDFString.of(link));

  const pages: PDFPage[] = [];
  let page = pdf.addPage([...A4]);
  pages.push(page);
  let y = A4[1] - MARGIN;
  const width = A4[0] - 2 * MARGIN;
  const newPageIfNeeded = (height: number) => {
    if (y - height >= MARGIN + 20) return;
    page = pdf.addPage([...A4]);
    pages.push(page);
    y = A4[1] - MARGIN;
  };
  /** Writes text wrapped to the width (long hashes broken anywhere), and moves down. */
  const write = (content: string, size: number, font = regular, indent = 0, maxWidth = width) => {
    const words = printable(content).split(" ");
    const lines: string[] = [];
    let line = "";
    for (const word of words) {
      const candidate = line === "" ? word : `${line} ${word}`;
      if (font.widthOfTextAtSize(candidate, size) <= maxWidth - indent) {
        line = candidate;
        continue;
      }
      if (line !== "") lines.push(line);
      line = word;
      while (font.widthOfTextAtSize(line, size) > maxWidth - indent) {
        let cut = line.length - 1;
        while (cut > 1 && font.widthOfTextAtSize(line.slice(0, cut), size) > maxWidth - indent) cut -= 1;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    if (line !== "") lines.push(line);
    for (const part of lines) {
      newPageIfNeeded(size + 4);
      page.drawText(part, { x: MARGIN + indent, y: y - size, size, font });
      y -= size + 4;
    }
  };

  // The QR code, top right: drawn module by module, so that it is sharp at any zoom.
  const code = QRCode.create(link, { errorCorrectionLevel: "M" });
  const modules = code.modules.size;
  const qrSize = 130;
  const cell = qrSize / (modules + 8);
  const qrX = A4[0] - MARGIN - qrSize;
  const qrTop = A4[1] - MARGIN;
  page.drawRectangle({ x: qrX, y: qrTop - qrSize, width: qrSize, height: qrSize, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules; row += 1) {
    for (let column = 0; column < modules; column += 1) {
      if (!code.modules.get(row, column)) continue;
      page.drawRectangle({
        x: qrX + (column + 4) * cell,
        y: qrTop - (row + 5) * cell,
        width: cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }

  const headWidth = width - qrSize - 10;
  write(labels.registers[extract.kind], 10, regular, 0, headWidth);
  y -= 4;
  write(title, 20, bold, 0, headWidth);
  y -= 4;
  write(extract.record, 12, bold, 0, headWidth);
  y -= 6;
  write(`${labels.asOf} ${extract.block.number}, ${timeText(labels, extract.block.time)}`, 10, regular, 0, headWidth);
  write(`${labels.chain} ${extract.chainId}`, 10, regular, 0, headWidth);
  y = Math.min(y, qrTop - qrSize - 10);
  write(`${labels.blockHash}: ${extract.block.hash}`, 8, mono);
  write(`${labels.contract}: ${extract.contract}`, 8, mono);
  write(`${labels.digest}: ${digest}`, 8, mono);
  y -= 8;

  let group = "";
  for (const fact of extract.facts) {
    const match = /^(\w+)(\[\d+\])?/.exec(fact.name);
    const thisGroup = match !== null && match[2] !== undefined ? `${match[1]}${match[2]}` : "";
    if (thisGroup !== group && thisGroup !== "") {
      y -= 4;
      newPageIfNeeded(30);
      page.drawLine({
        start: { x: MARGIN, y },
        end: { x: MARGIN + width, y },
        thickness: 0.5,
        color: rgb(0.7, 0.7, 0.7),
      });
      y -= 4;
    }
    group = thisGroup;
    const value = factValueText(labels, fact.type, fact.value, fact.name);
    const font = fact.type === "hash" || fact.type === "address" ? mono : regular;
    newPageIfNeeded(24);
    write(factLabel(labels, fact.name), 8, bold, thisGroup === "" ? 0 : 10);
    y += 1;
    write(value, 10, font, thisGroup === "" ? 0 : 10);
    y -= 2;
  }
  y -= 10;
  write(labels.notice, 8);
  write(labels.checkHere, 8);
  write(link, 8, mono);
  pages.forEach((each, index) =>
    each.drawText(labels.page(index + 1, pages.length), { x: MARGIN, y: MARGIN - 20, size: 8, font: regular }),
  );
  return pdf.save({ useObjectStreams: false });
}

/** What a PDF extract carries in its metadata. */
export interface ReadExtractPdfReturnType {
  /** The check link its QR code carries. */
  readonly link: string;
  /** The canonical text of its facts. */
  readonly text: string;
}

/**
 * Reads the check link and the canonical text back from an extract's PDF.
 *
 * @throws `InvalidInputError` when the file is too large, not a PDF, or not an extract.
 */
export async function readExtractPdf(bytes: Uint8Array): Promise<ReadExtractPdfReturnType> {
  if (bytes.length > MAX_EXTRACT_PDF) {
    throw new InvalidInputError({ field: "file", reason: `is over ${MAX_EXTRACT_PDF / 1024 / 1024} MB` });
  }
  let pdf: PDFDocument;
  try {
    pdf = await PDFDocument.load(bytes, { updateMetadata: false });
  } catch (error) {
    throw new InvalidInputError({ field: "file", reason: "is not a PDF", cause: error });
  }
  const info = pdf.context.lookupMaybe(pdf.context.trailerInfo.Info, PDFDict);
  const facts = info?.lookupMaybe(PDFName.of(PDF_FACTS_KEY), PDFString, PDFHexString);
  const link = info?.lookupMaybe(PDFName.of(PDF_LINK_KEY), PDFString, PDFHexString);
  if (facts === undefined || link === undefined) {
    throw new InvalidInputError({ field: "file", reason: "is a PDF but not a register extract (no extract metadata)" });
  }
  return { link: link.decodeText(), text: facts.decodeText() };
}
