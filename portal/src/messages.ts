/**
 * The page's one message catalogue: every text the visitor reads, in English and German.
 *
 * @module
 */

import { EXTRACT_LABELS, type ExtractLabels } from "../../src/extracts/labels.js";

/** The languages the page ships. */
export const LANGUAGES = ["en", "de"] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

const en = {
  locale: "en-GB",
  languageName: "English",
  appTitle: "Public register check",
  tagline: "Check diplomas, land titles and companies against the state registers on the blockchain.",
  skipToContent: "Skip to content",
  languageLabel: "Language",
  navLabel: "Registers",
  navDiploma: "Diploma",
  navTitle: "Land title",
  navCompany: "Company",
  navResults: "Election results",
  footer:
    "Every answer is read straight from the chain. Documents are hashed in this browser and never uploaded. The registers hold no personal data: people appear as accounts or salted commitments.",
  loading: "Reading the chain…",
  readError: (reason: string) => `The chain could not be read: ${reason}`,
  configError: (reason: string) => `The page is not configured: ${reason}`,
  source: (contract: string, chainId: number, network: string, block: number) =>
    `Read from ${contract} on chain ${chainId} (${network}) at block ${block}.`,
  sourceContract: "Contract",
  sourceBlock: "Block",
  explorer: "block explorer",
  onExplorer: (what: string) => `${what} on the block explorer`,
  yes: "yes",
  no: "no",
  none: "none",
  utc: "UTC",
  inForce: "in force",

  nodeTimeout: (node: string, seconds: number) => `The node ${node} did not answer within ${seconds} seconds.`,
  nodeUnreachable: (node: string) => `The node ${node} cannot be reached.`,
  nodeFailed: (node: string, reason: string) => `The node ${node} could not answer: ${reason}`,
  whatToDo: "Try again in a moment. If it keeps failing, the register's node may be down: tell the site's operator.",
  retry: "Try again",
  copy: "Copy",
  copied: "Copied",
  copyLabel: (value: string) => `Copy ${value}`,
  tooLong: (max: number) => `That is longer than ${max} characters; no record has such a long name.`,
  exampleTitle: "Example: UT-CAPITAL-0421/7 (upper and lower case are the same).",
  exampleCompany: "Example: UT-HRB-204815.",
  fileTooLarge: (max: string) => `This file is over ${max}; no register document is that large.`,
  hashing: "Hashing the file in this browser…",
  checkedFile: "Checked file",
  fileText: (name: string, size: string) => `${name} (${size})`,
  fileChanged: "The file changed: press Verify to check the new one.",
  successorNote:
    "This answer is the register's entry of the corrected diploma, found by its hash. It does not check a file: to check the corrected paper itself, choose its file and press Verify.",
  printExtract: "Print this extract (PDF)",
  printing: "Making the extract…",
  printed: (file: string) => `The extract was saved as ${file}. Its QR code and this link check it against the chain:`,
  qrAlt: "QR code of the extract's check link",
  navCheck: "Check an extract",
  checkExtractHeading: "Check a register extract",
  checkExtractIntro:
    "An extract (a land-register extract, a company extract, a diploma certificate) carries a QR code. Scan it with the camera, choose the PDF or a photo of the code, or paste its link: this page reads the register at the extract's block and says whether the extract was true, and what changed since.",
  linkLabel: "Link from the QR code",
  checkButton: "Check",
  extractFileLabel: "Extract PDF, or a photo of its QR code",
  extractFileHint: "The file is read in this browser and never uploaded.",
  scanButton: "Scan the QR code with the camera",
  stopScan: "Stop the camera",
  scanning: "Hold the QR code in front of the camera…",
  cameraUnavailable: (reason: string) => `The camera cannot be used: ${reason}`,
  badLink: (reason: string) => `This is not an extract's check link: ${reason}`,
  notExtractFile: (reason: string) => `This file cannot be checked: ${reason}`,
  noCodeInImage: "No QR code was found in this picture.",
  extractMatches: (block: number, date: string) =>
    `True: this extract states what the register held at block ${block} (${date}).`,
  extractMismatch: (block: number) => `Does not match the register at block ${block}.`,
  differsField: (field: string) => `${field} differs`,
  paperSays: "on the paper",
  registerSays: "in the register",
  mismatchNoPaper:
    "The facts this code stands for are not those the register held. Compare the paper with the register's facts below, or choose the PDF to see which fact differs.",
  paperDisagrees: "The facts in this file do not have the digest its QR code carries: the file was altered.",
  sinceHeading: (block: number, date: string) => `Since then (up to block ${block}, ${date})`,
  unchangedSince: "Unchanged since.",
  otherChain: (claimed: number, expected: number, network: string) =>
    `This extract is of chain ${claimed}; this portal reads chain ${expected} (${network}). Check it at the portal of that chain.`,
  otherContract: (claimed: string, expected: string) =>
    `This extract names the register contract ${claimed}, which is not this chain's register (${expected}). It was not issued by this register.`,
  unknownRecord: (record: string, block: number) => `The register had no record ${record} at block ${block}.`,
  noSuchBlock: (block: number) =>
    `The chain has not reached block ${block}: the extract names a block that does not exist yet.`,
  badRecord: (record: string) => `"${record}" is not a record this register keeps.`,
  registerFacts: (block: number) => `What the register held at block ${block}`,
  extractKinds: { title: "Land title", company: "Company", diploma: "Diploma" } as Record<string, string>,

  diplomaHeading: "Verify a diploma",
  diplomaIntro:
    "Choose the institution that issued the diploma and the diploma document you were given. The document is hashed in this browser; the file never leaves your computer. A diploma issued in a batch also needs the proof file its holder received; that file names its institution itself.",
  institutionLabel: "Issuing institution",
  institutionHint:
    "The institution named on the diploma. Each institution keeps its own register: a document checked under another institution is unknown.",
  institutionPlaceholder: "Choose the institution",
  institutionsLoading: "Reading the institutions…",
  noInstitutions: "No institution is registered",
  institutionOption: (name: string, country: string, status: string) =>
    status === "" ? `${name} (${country})` : `${name} (${country}), ${status}`,
  institutionsError: "The list of institutions could not be read.",
  institutionsUnavailable: "The list could not be read",
  chooseInstitutionFirst: "Choose the institution that issued the diploma first.",
  checkedUnder: "Checked in the register of",
  institutionNumber: (id: number) => `institution no. ${id}`,
  proofInstitution: (institution: string) =>
    `The proof file names its issuing institution, ${institution}; the diploma is checked in that institution's register.`,
  documentLabel: "Diploma document",
  documentHint: "The PDF or other file exactly as the institution issued it.",
  proofLabel: "Proof file (only for a diploma issued in a batch)",
  proofHint: "A .json file with root, holder commitment and proof.",
  dropHint: "You can also drop the files onto this box.",
  verifyButton: "Verify",
  chooseDocumentFirst: "Choose the diploma document first.",
  documentHash: "Document hash (keccak-256)",
  statusValid: "Valid",
  statusRevoked: "Revoked",
  statusUnknown: "Unknown",
  validText: "This diploma is in the register and valid.",
  revokedText: "This diploma was issued and later revoked. It is not valid.",
  unknownText:
    "This document is not in the register. A file changed in any way, even by one byte, is unknown: ask the holder for the original file or contact the institution.",
  institution: "Institution",
  institutionStatus: "Institution today",
  institutionStatuses: { None: "unknown", Accredited: "accredited", Suspended: "suspended" } as Record<string, string>,
  accreditedAtIssuance: "Accredited when issued",
  issuer: "Issuer account",
  issuedAt: "Recorded on",
  revokedAt: "Revoked on",
  revocationReason: "Reason",
  successor: "Replaced by the corrected diploma",
  checkSuccessor: "Check the corrected diploma",
  batchRoot: "Batch root",
  proofUnreadable: (reason: string) => `The proof file cannot be used: ${reason}`,
  proofNotJson: "it is not JSON",
  proofField: (field: string) => `the field "${field}" is missing or not a 32-byte hash`,
  proofList: 'the field "proof" is not a list of 32-byte hashes',
  proofInstitutionField: 'the field "institutionId" is not an institution number',
  proofStatusIndex: 'the field "statusIndex" is missing or not a whole number from 0 (a file made before status lists)',
  proofOtherDocument:
    "The proof file was made for another document; the document you chose is checked against its batch root.",
  proofOtherRegistry: (chainId: number, registry: string) =>
    `The proof file names chain ${chainId} and registry ${registry}, which is not the register this page reads.`,

  titleHeading: "Look up a land title",
  titleIntro: "Enter the parcel's cadastral reference to see its owner account, status, liens and ownership history.",
  cadastralLabel: "Cadastral reference",
  lookUpButton: "Look up",
  enterCadastral: "Enter a cadastral reference.",
  titleNotFound: (reference: string) => `No title is registered under the cadastral reference ${reference}.`,
  parcel: "Parcel",
  owner: "Owner account",
  status: "Status",
  titleStatuses: { None: "unknown", Active: "active", Frozen: "frozen", Retired: "retired" } as Record<string, string>,
  registeredAt: "Registered on",
  ownerSince: "Owner since",
  titleDocument: "Title document hash",
  liensHeading: "Liens",
  noLiens: "No lien was ever registered on this parcel.",
  lienHolder: "Holder",
  lienDocument: "Document hash",
  lienRegistered: "Registered",
  lienReleased: "Released",
  historyHeading: "Ownership history",
  changeKinds: {
    Registration: "Registration",
    Sale: "Sale",
    CourtOrder: "Court order",
    KeyRecovery: "Key recovery",
  } as Record<string, string>,
  newOwner: "Owner",
  basis: "Basis document hash",

  companyHeading: "Look up a company",
  companyIntro: "Enter the company number to see its status with its history, its directors and its filings.",
  companyNumberLabel: "Company number",
  enterCompanyNumber: "Enter a company number.",
  companyNotFound: (number: string) => `No company is registered under the number ${number}.`,
  companyName: "Name",
  legalForm: "Legal form (ISO 20275)",
  jurisdiction: "Jurisdiction",
  companyStatuses: {
    None: "unknown",
    Incorporated: "incorporated",
    Active: "active",
    Suspended: "suspended",
    InLiquidation: "in liquidation",
    Dissolved: "dissolved",
  } as Record<string, string>,
  statusSince: "Status since",
  controllingOwner: "Controlling owner account",
  incorporationDocument: "Incorporation document hash",
  statusHistoryHeading: "Status history",
  statusChange: "Change",
  statusChangedTo: (from: string, to: string) => `${from} → ${to}`,
  registeredAs: (status: string) => `registered, ${status}`,
  decision: "Decision document hash",
  date: "Date",
  directorsHeading: "Directors",
  noDirectors: "No director was ever appointed.",
  directorCommitment: "Identity commitment",
  directorAccount: "Account",
  appointedOn: "Appointed on",
  removedOn: "Removed on",
  serving: "serving",
  filingsHeading: "Filings",
  noFilings: "Nothing was filed yet.",
  filingType: "Filing type",
  filedAt: "Filed on",
  ownershipHeading: "Ownership history",

  resultsHeading: "Election results",
  resultsIntro:
    "Enter a poll's number to see its question, its census, the turnout and the tally, read from the chain. The question and options are published beside this page; the poll states their hash on chain, and this page checks it.",
  pollLabel: "Poll number",
  showResults: "Show results",
  enterPollNumber: "Enter a poll number: 1, 2, 3 and so on.",
  pollNotFound: (pollId: string) => `There is no poll number ${pollId}.`,
  noElections: "This deployment has no elections contract.",
  pollTitle: (pollId: string) => `Poll no. ${pollId}`,
  pollStates: {
    None: "unknown",
    Review: "under review, not open yet",
    Open: "open for voting",
    Ended: "voting has ended; the close is not recorded yet",
    Closed: "closed; the tally is final",
    Cancelled: "cancelled",
  } as Record<string, string>,
  ballotRule: "Ballot rule",
  ballotRules: (rule: string, maxChoices: number) =>
    rule === "SingleChoice"
      ? "one option per ballot"
      : rule === "Approval"
        ? `up to ${maxChoices} options per ballot`
        : "participatory budget: options within the budget",
  votingWindow: "Voting",
  windowText: (opens: string, closes: string) => `from ${opens} to ${closes}`,
  censusSize: "Census: citizens who may vote",
  ballotsCounted: "Ballots counted",
  turnout: "Turnout",
  turnoutText: (percent: string, ballots: number, size: number) => `${percent} (${ballots} of ${size})`,
  metadataHash: "Hash of the question and options",
  metadataMatches: "The published question and options match the hash the poll states on chain.",
  metadataMismatch:
    "The published question and options do NOT match the hash the poll states on chain: they were changed or belong to another poll. They are not shown; the options are numbered instead.",
  metadataUnreadable: (reason: string) =>
    `The published question and options could not be read (${reason}); the options are numbered instead.`,
  metadataBadShape: (optionCount: number) =>
    `a JSON object with a "question" text and an "options" list of ${optionCount} texts`,
  optionNumber: (index: number) => `Option ${index}`,
  tallyHeading: "Tally",
  tallyCaption: (ballots: number) => `Votes per option, out of ${ballots} ballots`,
  votesText: (votes: string, one: boolean, share: string) => `${votes} ${one ? "vote" : "votes"} (${share})`,
  optionColumn: "Option",
  votesColumn: "Votes",
  shareColumn: "Share of ballots",
  showTable: "Show the tally as a table",
  hideTable: "Hide the table",
  checkHeading: "Check the count yourself",
  checkIntro:
    "Your browser reads every ballot event and every change of the citizen register from the chain, recomputes the tally and the census root, and compares them with what the contract states.",
  recomputeButton: "Recompute the tally and the census",
  recomputing: "Reading the events and recomputing…",
  tallyMatches: (ballots: number) =>
    `The tally recomputed from the ballot events (${ballots} ballots counted) matches the contract's.`,
  tallyMismatch: "The tally recomputed from the ballot events does NOT match the contract's.",
  censusMatches: (size: number) =>
    `The census recomputed from the citizen register's events (${size} citizens) has the poll's root and size.`,
  censusMismatch: "The census recomputed from the citizen register's events does NOT have the poll's root and size.",
  recomputedTally: "Recomputed votes per option",
  statedRoot: "Census root stated by the poll",
  recomputedRoot: "Census root recomputed",
  recomputedSize: "Census size recomputed",
};

/** The shape of a language's messages. */
export type Messages = typeof en;

const de: Messages = {
  locale: "de-DE",
  languageName: "Deutsch",
  appTitle: "Öffentliche Registerauskunft",
  tagline: "Diplome, Grundbucheinträge und Unternehmen in den staatlichen Registern auf der Blockchain prüfen.",
  skipToContent: "Zum Inhalt springen",
  languageLabel: "Sprache",
  navLabel: "Register",
  navDiploma: "Diplom",
  navTitle: "Grundstück",
  navCompany: "Unternehmen",
  navResults: "Wahlergebnisse",
  footer:
    "Jede Antwort wird direkt aus der Blockchain gelesen. Dokumente werden in diesem Browser gehasht und nie hochgeladen. Die Register enthalten keine personenbezogenen Daten: Personen erscheinen als Konten oder gesalzene Commitments.",
  loading: "Die Blockchain wird gelesen …",
  readError: (reason) => `Die Blockchain konnte nicht gelesen werden: ${reason}`,
  configError: (reason) => `Die Seite ist nicht eingerichtet: ${reason}`,
  source: (contract, chainId, network, block) =>
    `Gelesen aus ${contract} auf Chain ${chainId} (${network}) bei Block ${block}.`,
  sourceContract: "Vertrag",
  sourceBlock: "Block",
  explorer: "Block-Explorer",
  onExplorer: (what) => `${what} im Block-Explorer`,
  yes: "ja",
  no: "nein",
  none: "keine",
  utc: "UTC",
  inForce: "besteht",

  nodeTimeout: (node, seconds) => `Der Knoten ${node} hat nicht innerhalb von ${seconds} Sekunden geantwortet.`,
  nodeUnreachable: (node) => `Der Knoten ${node} ist nicht erreichbar.`,
  nodeFailed: (node, reason) => `Der Knoten ${node} konnte nicht antworten: ${reason}`,
  whatToDo:
    "Versuchen Sie es gleich noch einmal. Schlägt es weiter fehl, ist der Knoten des Registers vielleicht ausgefallen: Bitte informieren Sie den Betreiber der Seite.",
  retry: "Erneut versuchen",
  copy: "Kopieren",
  copied: "Kopiert",
  copyLabel: (value) => `${value} kopieren`,
  tooLong: (max) => `Das ist länger als ${max} Zeichen; kein Eintrag hat einen so langen Namen.`,
  exampleTitle: "Beispiel: UT-CAPITAL-0421/7 (Groß- und Kleinschreibung sind gleich).",
  exampleCompany: "Beispiel: UT-HRB-204815.",
  fileTooLarge: (max) => `Diese Datei ist größer als ${max}; kein Registerdokument ist so groß.`,
  hashing: "Die Datei wird in diesem Browser gehasht …",
  checkedFile: "Geprüfte Datei",
  fileText: (name, size) => `${name} (${size})`,
  fileChanged: "Die Datei wurde geändert: Drücken Sie „Prüfen“, um die neue zu prüfen.",
  successorNote:
    "Diese Antwort ist der Registereintrag des berichtigten Diploms, gefunden über seinen Hash. Sie prüft keine Datei: Um das berichtigte Dokument selbst zu prüfen, wählen Sie seine Datei und drücken Sie „Prüfen“.",
  printExtract: "Diesen Auszug drucken (PDF)",
  printing: "Der Auszug wird erstellt …",
  printed: (file) => `Der Auszug wurde als ${file} gespeichert. Sein QR-Code und dieser Link prüfen ihn an der Chain:`,
  qrAlt: "QR-Code mit dem Prüflink des Auszugs",
  navCheck: "Auszug prüfen",
  checkExtractHeading: "Registerauszug prüfen",
  checkExtractIntro:
    "Ein Auszug (Grundbuchauszug, Handelsregisterauszug, Diplombescheinigung) trägt einen QR-Code. Scannen Sie ihn mit der Kamera, wählen Sie das PDF oder ein Foto des Codes oder fügen Sie seinen Link ein: Diese Seite liest das Register beim Block des Auszugs und sagt, ob der Auszug stimmte und was sich seither geändert hat.",
  linkLabel: "Link aus dem QR-Code",
  checkButton: "Prüfen",
  extractFileLabel: "PDF des Auszugs oder ein Foto seines QR-Codes",
  extractFileHint: "Die Datei wird in diesem Browser gelesen und nie hochgeladen.",
  scanButton: "QR-Code mit der Kamera scannen",
  stopScan: "Kamera beenden",
  scanning: "Halten Sie den QR-Code vor die Kamera …",
  cameraUnavailable: (reason) => `Die Kamera kann nicht verwendet werden: ${reason}`,
  badLink: (reason) => `Das ist kein Prüflink eines Auszugs: ${reason}`,
  notExtractFile: (reason) => `Diese Datei kann nicht geprüft werden: ${reason}`,
  noCodeInImage: "In diesem Bild wurde kein QR-Code gefunden.",
  extractMatches: (block, date) =>
    `Stimmt: Dieser Auszug gibt wieder, was das Register bei Block ${block} (${date}) enthielt.`,
  extractMismatch: (block) => `Stimmt nicht mit dem Register bei Block ${block} überein.`,
  differsField: (field) => `${field} weicht ab`,
  paperSays: "auf dem Papier",
  registerSays: "im Register",
  mismatchNoPaper:
    "Die Angaben, für die dieser Code steht, sind nicht die des Registers. Vergleichen Sie das Papier mit den Angaben des Registers unten, oder wählen Sie das PDF, um zu sehen, welche Angabe abweicht.",
  paperDisagrees: "Die Angaben in dieser Datei haben nicht den Prüfwert ihres QR-Codes: Die Datei wurde verändert.",
  sinceHeading: (block, date) => `Seither (bis Block ${block}, ${date})`,
  unchangedSince: "Seither unverändert.",
  otherChain: (claimed, expected, network) =>
    `Dieser Auszug ist von Chain ${claimed}; dieses Portal liest Chain ${expected} (${network}). Prüfen Sie ihn im Portal jener Chain.`,
  otherContract: (claimed, expected) =>
    `Dieser Auszug nennt den Registervertrag ${claimed}, der nicht das Register dieser Chain ist (${expected}). Er stammt nicht aus diesem Register.`,
  unknownRecord: (record, block) => `Das Register hatte bei Block ${block} keinen Eintrag ${record}.`,
  noSuchBlock: (block) =>
    `Die Chain hat Block ${block} noch nicht erreicht: Der Auszug nennt einen Block, den es noch nicht gibt.`,
  badRecord: (record) => `„${record}“ ist kein Eintrag, den dieses Register führt.`,
  registerFacts: (block) => `Was das Register bei Block ${block} enthielt`,
  extractKinds: { title: "Grundstück", company: "Unternehmen", diploma: "Diplom" },

  diplomaHeading: "Diplom prüfen",
  diplomaIntro:
    "Wählen Sie die Hochschule, die das Diplom ausgestellt hat, und das Diplomdokument, das Ihnen vorgelegt wurde. Das Dokument wird in diesem Browser gehasht; die Datei verlässt Ihren Rechner nicht. Ein in einem Stapel ausgestelltes Diplom braucht zusätzlich die Nachweisdatei seiner Inhaberin oder seines Inhabers; sie nennt ihre Hochschule selbst.",
  institutionLabel: "Ausstellende Hochschule",
  institutionHint:
    "Die Hochschule, die auf dem Diplom steht. Jede Hochschule führt ihr eigenes Register: ein Dokument, das unter einer anderen Hochschule geprüft wird, ist unbekannt.",
  institutionPlaceholder: "Hochschule wählen",
  institutionsLoading: "Hochschulen werden gelesen…",
  noInstitutions: "Keine Hochschule ist registriert",
  institutionOption: (name, country, status) =>
    status === "" ? `${name} (${country})` : `${name} (${country}), ${status}`,
  institutionsError: "Die Liste der Hochschulen konnte nicht gelesen werden.",
  institutionsUnavailable: "Die Liste konnte nicht gelesen werden",
  chooseInstitutionFirst: "Wählen Sie zuerst die Hochschule, die das Diplom ausgestellt hat.",
  checkedUnder: "Geprüft im Register von",
  institutionNumber: (id) => `Hochschule Nr. ${id}`,
  proofInstitution: (institution) =>
    `Die Nachweisdatei nennt ihre ausstellende Hochschule, ${institution}; das Diplom wird im Register dieser Hochschule geprüft.`,
  documentLabel: "Diplomdokument",
  documentHint: "Das PDF oder die andere Datei genau so, wie die Hochschule sie ausgestellt hat.",
  proofLabel: "Nachweisdatei (nur für ein im Stapel ausgestelltes Diplom)",
  proofHint: "Eine .json-Datei mit Wurzel, Inhaber-Commitment und Nachweis.",
  dropHint: "Sie können die Dateien auch auf dieses Feld ziehen.",
  verifyButton: "Prüfen",
  chooseDocumentFirst: "Wählen Sie zuerst das Diplomdokument.",
  documentHash: "Dokument-Hash (keccak-256)",
  statusValid: "Gültig",
  statusRevoked: "Widerrufen",
  statusUnknown: "Unbekannt",
  validText: "Dieses Diplom ist im Register eingetragen und gültig.",
  revokedText: "Dieses Diplom wurde ausgestellt und später widerrufen. Es ist nicht gültig.",
  unknownText:
    "Dieses Dokument ist nicht im Register. Eine in irgendeiner Weise veränderte Datei, auch nur um ein Byte, ist unbekannt: Bitten Sie um die Originaldatei oder wenden Sie sich an die Hochschule.",
  institution: "Hochschule",
  institutionStatus: "Hochschule heute",
  institutionStatuses: { None: "unbekannt", Accredited: "akkreditiert", Suspended: "ausgesetzt" },
  accreditedAtIssuance: "Bei Ausstellung akkreditiert",
  issuer: "Ausstellendes Konto",
  issuedAt: "Eingetragen am",
  revokedAt: "Widerrufen am",
  revocationReason: "Grund",
  successor: "Ersetzt durch das berichtigte Diplom",
  checkSuccessor: "Berichtigtes Diplom prüfen",
  batchRoot: "Stapel-Wurzel",
  proofUnreadable: (reason) => `Die Nachweisdatei ist nicht verwendbar: ${reason}`,
  proofNotJson: "sie ist kein JSON",
  proofField: (field) => `das Feld „${field}“ fehlt oder ist kein 32-Byte-Hash`,
  proofList: "das Feld „proof“ ist keine Liste von 32-Byte-Hashes",
  proofInstitutionField: "das Feld „institutionId“ ist keine Hochschulnummer",
  proofStatusIndex:
    "das Feld „statusIndex“ fehlt oder ist keine ganze Zahl ab 0 (eine Datei aus der Zeit vor den Statuslisten)",
  proofOtherDocument:
    "Die Nachweisdatei wurde für ein anderes Dokument erstellt; das gewählte Dokument wird gegen ihre Stapel-Wurzel geprüft.",
  proofOtherRegistry: (chainId, registry) =>
    `Die Nachweisdatei nennt Chain ${chainId} und Register ${registry}; das ist nicht das Register, das diese Seite liest.`,

  titleHeading: "Grundstück nachschlagen",
  titleIntro:
    "Geben Sie das Katasterkennzeichen ein, um Eigentümerkonto, Status, Belastungen und Eigentumsgeschichte zu sehen.",
  cadastralLabel: "Katasterkennzeichen",
  lookUpButton: "Nachschlagen",
  enterCadastral: "Geben Sie ein Katasterkennzeichen ein.",
  titleNotFound: (reference) => `Unter dem Katasterkennzeichen ${reference} ist kein Grundstück eingetragen.`,
  parcel: "Flurstück",
  owner: "Eigentümerkonto",
  status: "Status",
  titleStatuses: { None: "unbekannt", Active: "aktiv", Frozen: "gesperrt", Retired: "stillgelegt" },
  registeredAt: "Eingetragen am",
  ownerSince: "Eigentümer seit",
  titleDocument: "Hash der Eintragungsurkunde",
  liensHeading: "Belastungen",
  noLiens: "Auf diesem Grundstück wurde nie eine Belastung eingetragen.",
  lienHolder: "Berechtigter",
  lienDocument: "Dokument-Hash",
  lienRegistered: "Eingetragen",
  lienReleased: "Gelöscht",
  historyHeading: "Eigentumsgeschichte",
  changeKinds: {
    Registration: "Ersteintragung",
    Sale: "Verkauf",
    CourtOrder: "Gerichtsbeschluss",
    KeyRecovery: "Schlüsselwiederherstellung",
  },
  newOwner: "Eigentümer",
  basis: "Hash des Grundlagendokuments",

  companyHeading: "Unternehmen nachschlagen",
  companyIntro:
    "Geben Sie die Registernummer ein, um den Status mit seiner Geschichte, die Geschäftsführung und die Einreichungen zu sehen.",
  companyNumberLabel: "Registernummer",
  enterCompanyNumber: "Geben Sie eine Registernummer ein.",
  companyNotFound: (number) => `Unter der Nummer ${number} ist kein Unternehmen eingetragen.`,
  companyName: "Name",
  legalForm: "Rechtsform (ISO 20275)",
  jurisdiction: "Rechtsordnung",
  companyStatuses: {
    None: "unbekannt",
    Incorporated: "gegründet",
    Active: "aktiv",
    Suspended: "ruhend",
    InLiquidation: "in Liquidation",
    Dissolved: "aufgelöst",
  },
  statusSince: "Status seit",
  controllingOwner: "Konto des beherrschenden Eigentümers",
  incorporationDocument: "Hash der Gründungsurkunde",
  statusHistoryHeading: "Statusgeschichte",
  statusChange: "Änderung",
  statusChangedTo: (from, to) => `${from} → ${to}`,
  registeredAs: (status) => `eingetragen, ${status}`,
  decision: "Hash des Beschlusses",
  date: "Datum",
  directorsHeading: "Geschäftsführung",
  noDirectors: "Es wurde nie eine Geschäftsführung bestellt.",
  directorCommitment: "Identitäts-Commitment",
  directorAccount: "Konto",
  appointedOn: "Bestellt am",
  removedOn: "Abberufen am",
  serving: "im Amt",
  filingsHeading: "Einreichungen",
  noFilings: "Es wurde noch nichts eingereicht.",
  filingType: "Art",
  filedAt: "Eingereicht am",
  ownershipHeading: "Eigentumsgeschichte",

  resultsHeading: "Wahlergebnisse",
  resultsIntro:
    "Geben Sie die Nummer einer Abstimmung ein, um Frage, Wählerverzeichnis, Beteiligung und Ergebnis von der Chain zu lesen. Frage und Optionen sind neben dieser Seite veröffentlicht; die Abstimmung nennt ihren Hash auf der Chain, und diese Seite prüft ihn.",
  pollLabel: "Nummer der Abstimmung",
  showResults: "Ergebnis zeigen",
  enterPollNumber: "Geben Sie eine Abstimmungsnummer ein: 1, 2, 3 usw.",
  pollNotFound: (pollId) => `Es gibt keine Abstimmung Nr. ${pollId}.`,
  noElections: "Diese Installation hat keinen Abstimmungsvertrag.",
  pollTitle: (pollId) => `Abstimmung Nr. ${pollId}`,
  pollStates: {
    None: "unbekannt",
    Review: "in Prüfung, noch nicht geöffnet",
    Open: "zur Stimmabgabe geöffnet",
    Ended: "Stimmabgabe beendet; der Abschluss ist noch nicht eingetragen",
    Closed: "abgeschlossen; das Ergebnis ist endgültig",
    Cancelled: "abgesagt",
  },
  ballotRule: "Stimmregel",
  ballotRules: (rule, maxChoices) =>
    rule === "SingleChoice"
      ? "eine Option je Stimmzettel"
      : rule === "Approval"
        ? `bis zu ${maxChoices} Optionen je Stimmzettel`
        : "Bürgerhaushalt: Optionen innerhalb des Budgets",
  votingWindow: "Stimmabgabe",
  windowText: (opens, closes) => `vom ${opens} bis ${closes}`,
  censusSize: "Wählerverzeichnis: stimmberechtigte Personen",
  ballotsCounted: "Gezählte Stimmzettel",
  turnout: "Beteiligung",
  turnoutText: (percent, ballots, size) => `${percent} (${ballots} von ${size})`,
  metadataHash: "Hash von Frage und Optionen",
  metadataMatches: "Die veröffentlichte Frage und die Optionen stimmen mit dem Hash auf der Chain überein.",
  metadataMismatch:
    "Die veröffentlichte Frage und die Optionen stimmen NICHT mit dem Hash auf der Chain überein: sie wurden geändert oder gehören zu einer anderen Abstimmung. Sie werden nicht gezeigt; die Optionen sind stattdessen nummeriert.",
  metadataUnreadable: (reason) =>
    `Die veröffentlichte Frage und die Optionen konnten nicht gelesen werden (${reason}); die Optionen sind stattdessen nummeriert.`,
  metadataBadShape: (optionCount) =>
    `ein JSON-Objekt mit einem Text „question“ und einer Liste „options“ aus ${optionCount} Texten`,
  optionNumber: (index) => `Option ${index}`,
  tallyHeading: "Ergebnis",
  tallyCaption: (ballots) => `Stimmen je Option, von ${ballots} Stimmzetteln`,
  votesText: (votes, one, share) => `${votes} ${one ? "Stimme" : "Stimmen"} (${share})`,
  optionColumn: "Option",
  votesColumn: "Stimmen",
  shareColumn: "Anteil der Stimmzettel",
  showTable: "Ergebnis als Tabelle zeigen",
  hideTable: "Tabelle ausblenden",
  checkHeading: "Die Zählung selbst prüfen",
  checkIntro:
    "Ihr Browser liest jedes Stimm-Ereignis und jede Änderung des Bürgerregisters von der Chain, berechnet Ergebnis und Wurzel des Wählerverzeichnisses neu und vergleicht sie mit den Angaben des Vertrags.",
  recomputeButton: "Ergebnis und Wählerverzeichnis neu berechnen",
  recomputing: "Ereignisse werden gelesen und neu berechnet…",
  tallyMatches: (ballots) =>
    `Das aus den Stimm-Ereignissen neu berechnete Ergebnis (${ballots} gezählte Stimmzettel) stimmt mit dem des Vertrags überein.`,
  tallyMismatch: "Das aus den Stimm-Ereignissen neu berechnete Ergebnis stimmt NICHT mit dem des Vertrags überein.",
  censusMatches: (size) =>
    `Das aus den Ereignissen des Bürgerregisters neu berechnete Wählerverzeichnis (${size} Personen) hat Wurzel und Größe der Abstimmung.`,
  censusMismatch:
    "Das aus den Ereignissen des Bürgerregisters neu berechnete Wählerverzeichnis hat NICHT Wurzel und Größe der Abstimmung.",
  recomputedTally: "Neu berechnete Stimmen je Option",
  statedRoot: "Wurzel des Wählerverzeichnisses laut Abstimmung",
  recomputedRoot: "Neu berechnete Wurzel",
  recomputedSize: "Neu berechnete Größe",
};

/** The catalogue: the messages of each language. */
export const MESSAGES: Readonly<Record<Language, Messages>> = { en, de };

/** Whether a text names one of the shipped languages. */
export function isLanguage(value: string | null | undefined): value is Language {
  return (LANGUAGES as readonly string[]).includes(value ?? "");
}

/** A unix time as a date and time in the language's format, in UTC. */
export function formatTime(messages: Messages, seconds: number): string {
  const text = new Intl.DateTimeFormat(messages.locale, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  }).format(new Date(seconds * 1000));
  return `${text} ${messages.utc}`;
}

/** The register's own words (reasons, filing types, extract facts) in the page's language. */
export function extractLabels(messages: Messages): ExtractLabels {
  return EXTRACT_LABELS[messages.locale.startsWith("de") ? "de" : "en"];
}
