/**
 * Register extracts: a land title, a company or a credential (a diploma, a licence, any kind the register keeps) "as
 * of" a block, in a canonical form whose digest a QR code carries, as a PDF, and checked again against the chain. Node
 * and browser alike.
 *
 * @module egov-registries/extracts
 */
export {
  canonicalText,
  compareCanonical,
  EXTRACT_FORMAT,
  EXTRACT_FORMATS,
  extractDigest,
  factList,
  formatOfText,
  isExtractFormat,
  parseCanonicalText,
  textDigest,
} from "./canonical.js";
export type { Extract, ExtractFormat, Fact, FactDifference, FactType, FactValue } from "./canonical.js";
export { changesBetween, checkExtract, makeExtract, registerAddress } from "./check.js";
export type {
  CheckExtractParameters,
  CheckExtractReturnType,
  ExtractChange,
  ExtractSince,
  MakeExtractParameters,
  MakeExtractReturnType,
} from "./check.js";
export { readCredentialFacts } from "./credential.js";
export { EXTRACT_CONTRACTS, EXTRACT_KINDS, parseRecord, readFacts, recordText } from "./facts.js";
export type { CompanyFacts, DiplomaFacts, ExtractFacts, ExtractKind, ExtractRecord, TitleFacts } from "./facts.js";
export {
  changeText,
  EXTRACT_LABELS,
  EXTRACT_LANGUAGES,
  extractKindName,
  extractTitle,
  factLabel,
  factValueText,
  filingTypeText,
  kindNameText,
  legalFormText,
  reasonText,
  timeText,
} from "./labels.js";
export type { ExtractLabels, ExtractLanguage } from "./labels.js";
export { checkLink, MAX_CHECK_LINK, parseCheckLink } from "./link.js";
export type { ExtractClaim } from "./link.js";
export { suiteAtBlock } from "./pinned.js";
export type { ExtractBlock, SuiteAtBlockParameters, SuiteAtBlockReturnType } from "./pinned.js";
export { extractPdf, MAX_EXTRACT_PDF, PDF_FACTS_KEY, PDF_LINK_KEY, readExtractPdf } from "./pdf.js";
export type { ExtractPdfParameters, ReadExtractPdfReturnType } from "./pdf.js";
