/**
 * The voter's page's texts, in English and German, beside the page's catalogue (which holds the navigation's words).
 *
 * @module
 */
import type { Messages } from "../messages.js";

const STATES_EN: Record<string, string> = {
  None: "unknown",
  Review: "in review (not yet open)",
  Open: "open for ballots",
  Ended: "voting ended",
  Closed: "closed",
  Cancelled: "cancelled",
};

const en = {
  intro:
    "Vote from this browser: your voting identity stays here, sealed under your passphrase. Your ballot goes to the municipality's relay, which pays for its transaction; nobody learns who cast it.",
  identityHeading: "My voting identity",
  noIdentity:
    "This browser holds no voting identity yet. Create one, or import your backup or the file `voter new-identity` wrote.",
  createHeading: "Create a voting identity",
  createIntro:
    "Choose a passphrase of at least 10 characters. It seals the identity in this browser; nobody, not even the civil registry, can recover it for you.",
  newPassphrase: "New passphrase",
  repeatPassphrase: "Repeat the passphrase",
  passphrase: "Passphrase",
  passphraseTooShort: (min: number) => `The passphrase is too short: use at least ${min} characters.`,
  passphrasesDiffer: "The two passphrases differ: type the same passphrase twice.",
  sealing: "Sealing the identity (this takes a moment)…",
  opening: "Opening the identity (this takes a moment)…",
  createButton: "Create my voting identity",
  importHeading: "Import a backup or an identity file",
  importIntro:
    "A backup file opens with the passphrase it was saved under. A file made by `voter new-identity` is sealed here under the passphrase you type.",
  importFile: "Backup or identity file",
  importPassphrase: "Passphrase",
  importButton: "Import",
  chooseFile: "Choose the backup or identity file first.",
  commitmentMismatch: "the commitment in the file does not belong to its private key",
  importRefused: (reason: string) => `This file was not imported: ${reason}.`,
  wrongPassphrase:
    "That passphrase does not open this voting identity. Nothing was opened. Check the spelling and try again; if the passphrase is lost, only your backup file and its passphrase can restore the identity.",
  unlockHeading: "Open my voting identity",
  unlockButton: "Open",
  commitmentHeading: "Your voting commitment",
  commitmentIntro:
    "This number is what the civil registry records for you, as its letter shows it. It says nothing about who you are or how you vote.",
  backupWarning:
    "Save a backup file now and keep it somewhere safe, with its passphrase. If this browser's data is cleared and the backup is lost, or the passphrase forgotten, nobody can restore this identity: you cannot vote until the civil registry records a new one, which takes effect only after a notice of 31 days.",
  backupButton: "Save a backup file",
  lockButton: "Close my identity",
  forgetWarning: "Removing the identity from this browser cannot be undone; only a backup file brings it back.",
  forgetButton: "Remove the identity from this browser",
  forgetConfirm: "Remove the voting identity from this browser? Only a backup file brings it back.",
  registrationHeading: "My registration",
  notRegistered:
    "Not registered: no citizen in the civil register holds this commitment. Give the civil registry the number above; once it records it, polls created afterwards include you.",
  registered: (jurisdiction: number, eligible: boolean, status: string, polls: readonly string[]) =>
    `Registered in jurisdiction ${jurisdiction}, ${eligible ? "eligible" : `not eligible (${status})`}, ${
      polls.length === 0
        ? "in the census of no open poll or poll in review"
        : `in the census of ${polls.length === 1 ? "poll" : "polls"} ${polls.join(", ")}`
    }.`,
  status: (name: string) =>
    ({ Active: "active", Suspended: "suspended", MovedOut: "moved out", Deceased: "deceased" })[name] ?? name,
  pollsHeading: "Polls",
  noPolls: "There are no polls yet.",
  pollTitle: (id: string) => `Poll ${id}`,
  textsUnchecked: "The published texts of this poll could not be checked against its hash.",
  textsMismatch:
    "The published texts of this poll do not match the hash the poll states on the chain, so this page does not offer them as a ballot. Tell the municipality.",
  ruleLabel: "Rule",
  stateLabel: "State",
  opensLabel: "Opens",
  closesLabel: "Closes",
  censusLabel: "Census",
  ruleSingle: "choose one option",
  ruleApproval: (max: number) => `approve up to ${max} options`,
  ruleBudget: (budget: string) => `choose projects costing at most ${budget} in total`,
  secretRule: (rule: string) => `${rule}; secret ballot: encrypted in this browser, counted without being read`,
  state: (name: string) => STATES_EN[name] ?? name,
  inCensus: (id: string) => `you are in the census of poll ${id}`,
  notInCensus: (id: string, why: string) => `you are not in the census of poll ${id}: ${why}`,
  notRegisteredThen: "the census was frozen before this commitment was registered",
  notRegisteredNow: "no citizen in the civil register holds this commitment",
  otherJurisdiction: (jurisdiction: number) => `the poll is for jurisdiction ${jurisdiction}`,
  notActiveThen: "your record was not active when the census was frozen",
  flagsMissing: "your record lacked an eligibility the poll requires when the census was frozen",
  censusUnreadable: "the census recomputed from the register's events does not match the poll's",
  pollClosed: (id: string) => `Poll ${id} is closed: it takes no more ballots.`,
  pollCancelled: (id: string) => `Poll ${id} was cancelled: it takes no ballots.`,
  cannotVoteNotInCensus: (id: string) => `You cannot vote in poll ${id}: your identity is not in its census.`,
  inReview: (opens: string) => `In review: ballots are taken from ${opens}.`,
  noRelay: "This portal names no relay to send ballots to: ask the municipality.",
  voteButton: (id: string) => `Vote in poll ${id}`,
  ballotLegend: (id: string, rule: string) => `Your ballot in poll ${id} (${rule})`,
  optionWithCost: (text: string, cost: string) => `${text} (costs ${cost})`,
  runningTotal: (spent: string, budget: string) => `Selected: ${spent} of ${budget}.`,
  chosenCount: (count: number, max: number) => `${count} of at most ${max} chosen.`,
  revoteNote: (block: number, revision: number) =>
    `You have voted in this poll (block ${block}). Casting again replaces that ballot: this will be ballot ${revision}.`,
  castButton: "Cast my ballot",
  recastButton: "Cast again (replaces my ballot)",
  noneChosen: "Choose an option first: an empty ballot is not taken.",
  oneOnly: "Choose one option only.",
  tooMany: (count: number, max: number) => `You chose ${count} options; this poll takes at most ${max}.`,
  overBudget: (spent: string, budget: string) =>
    `The projects you chose cost ${spent}, over the budget of ${budget}. Remove a project; nothing was sent.`,
  loadingCircuit: "Loading the proof's circuit files…",
  loadingCircuitBytes: (loaded: number, total: number) => `Loading the proof's circuit files: ${loaded} of ${total} KB`,
  proving: "Making the proof in this browser (a few seconds)…",
  sending: "Sending the ballot to the relay…",
  proofFailed: (reason: string) => `The proof could not be made; nothing was sent: ${reason}`,
  relayDown: (host: string) =>
    `The municipality's relay (${host}) cannot be reached. Your ballot was not cast. Try again later; until the poll closes, your vote can still be cast.`,
  relayRefused: (reason: string) => `The ballot was not cast: ${reason}`,
  confirming: "Checking on the chain that the ballot was cast…",
  relayUnconfirmed: (host: string, transaction: string) =>
    `The municipality's relay (${host}) answered that your ballot was cast in transaction ${transaction}, but the chain does not show it. Do not count on this ballot: cast it again, and report the relay to the municipality.`,
  castDone: "Your ballot was cast and counted.",
  recastDone: (revision: number) =>
    `Your new ballot was cast and counted: ballot ${revision}, it replaces your earlier one.`,
  transaction: "Transaction",
  block: "Block",
  revision: "Ballot number",
  checkReceipt: "Check that this ballot counts",
  latestCounted: (block: number) => `Your latest ballot is counted: this is it (block ${block}).`,
  replacedAt: (block: number) => `A later ballot replaced it at block ${block}; that later ballot is the one counted.`,
  receiptMissing:
    "The chain does not show this ballot: it was not cast. Any other ballot of yours in this poll stands.",
  earlierReceipts: (count: number) => `Receipts kept in this browser (${count})`,
};

/** The voter's page's texts. */
export type VoterMessages = typeof en;

const STATES_DE: Record<string, string> = {
  None: "unbekannt",
  Review: "in Prüfung (noch nicht offen)",
  Open: "offen für Stimmzettel",
  Ended: "Stimmabgabe beendet",
  Closed: "abgeschlossen",
  Cancelled: "abgesagt",
};

const de: VoterMessages = {
  intro:
    "Stimmen Sie in diesem Browser ab: Ihre Stimmidentität bleibt hier, versiegelt mit Ihrer Passphrase. Ihr Stimmzettel geht an das Relais der Gemeinde, das die Transaktion bezahlt; niemand erfährt, wer ihn abgegeben hat.",
  identityHeading: "Meine Stimmidentität",
  noIdentity:
    "Dieser Browser enthält noch keine Stimmidentität. Erstellen Sie eine oder importieren Sie Ihre Sicherung oder die Datei von `voter new-identity`.",
  createHeading: "Stimmidentität erstellen",
  createIntro:
    "Wählen Sie eine Passphrase mit mindestens 10 Zeichen. Sie versiegelt die Identität in diesem Browser; niemand, auch nicht das Zivilstandsamt, kann sie für Sie wiederherstellen.",
  newPassphrase: "Neue Passphrase",
  repeatPassphrase: "Passphrase wiederholen",
  passphrase: "Passphrase",
  passphraseTooShort: (min: number) => `Die Passphrase ist zu kurz: Verwenden Sie mindestens ${min} Zeichen.`,
  passphrasesDiffer: "Die beiden Passphrasen unterscheiden sich: Geben Sie zweimal dieselbe ein.",
  sealing: "Die Identität wird versiegelt (einen Moment)…",
  opening: "Die Identität wird geöffnet (einen Moment)…",
  createButton: "Meine Stimmidentität erstellen",
  importHeading: "Sicherung oder Identitätsdatei importieren",
  importIntro:
    "Eine Sicherungsdatei öffnet sich mit der Passphrase, unter der sie gespeichert wurde. Eine Datei von `voter new-identity` wird hier unter der eingegebenen Passphrase versiegelt.",
  importFile: "Sicherungs- oder Identitätsdatei",
  importPassphrase: "Passphrase",
  importButton: "Importieren",
  chooseFile: "Wählen Sie zuerst die Sicherungs- oder Identitätsdatei.",
  commitmentMismatch: "das Commitment in der Datei gehört nicht zu ihrem privaten Schlüssel",
  importRefused: (reason: string) => `Diese Datei wurde nicht importiert: ${reason}.`,
  wrongPassphrase:
    "Diese Passphrase öffnet diese Stimmidentität nicht. Nichts wurde geöffnet. Prüfen Sie die Schreibweise und versuchen Sie es erneut; ist die Passphrase verloren, stellen nur Ihre Sicherungsdatei und deren Passphrase die Identität wieder her.",
  unlockHeading: "Meine Stimmidentität öffnen",
  unlockButton: "Öffnen",
  commitmentHeading: "Ihr Stimm-Commitment",
  commitmentIntro:
    "Diese Zahl verzeichnet das Zivilstandsamt für Sie, so wie sein Schreiben sie zeigt. Sie verrät weder, wer Sie sind, noch wie Sie stimmen.",
  backupWarning:
    "Speichern Sie jetzt eine Sicherungsdatei und bewahren Sie sie mit ihrer Passphrase sicher auf. Werden die Daten dieses Browsers gelöscht und ist die Sicherung verloren oder die Passphrase vergessen, kann niemand diese Identität wiederherstellen: Sie können erst wieder abstimmen, wenn das Zivilstandsamt eine neue verzeichnet, die erst nach einer Frist von 31 Tagen gilt.",
  backupButton: "Sicherungsdatei speichern",
  lockButton: "Meine Identität schließen",
  forgetWarning:
    "Das Entfernen der Identität aus diesem Browser lässt sich nicht rückgängig machen; nur eine Sicherungsdatei bringt sie zurück.",
  forgetButton: "Identität aus diesem Browser entfernen",
  forgetConfirm: "Die Stimmidentität aus diesem Browser entfernen? Nur eine Sicherungsdatei bringt sie zurück.",
  registrationHeading: "Meine Registrierung",
  notRegistered:
    "Nicht registriert: Keine Person im Zivilregister hat dieses Commitment. Geben Sie dem Zivilstandsamt die Zahl oben; sobald es sie verzeichnet, schließen danach erstellte Abstimmungen Sie ein.",
  registered: (jurisdiction: number, eligible: boolean, status: string, polls: readonly string[]) =>
    `Registriert in Gemeinde ${jurisdiction}, ${eligible ? "stimmberechtigt" : `nicht stimmberechtigt (${status})`}, ${
      polls.length === 0
        ? "im Stimmregister keiner offenen Abstimmung und keiner in Prüfung"
        : `im Stimmregister ${polls.length === 1 ? "der Abstimmung" : "der Abstimmungen"} ${polls.join(", ")}`
    }.`,
  status: (name: string) =>
    ({ Active: "aktiv", Suspended: "ausgesetzt", MovedOut: "weggezogen", Deceased: "verstorben" })[name] ?? name,
  pollsHeading: "Abstimmungen",
  noPolls: "Es gibt noch keine Abstimmungen.",
  pollTitle: (id: string) => `Abstimmung ${id}`,
  textsUnchecked: "Die veröffentlichten Texte dieser Abstimmung konnten nicht mit ihrem Hash geprüft werden.",
  textsMismatch:
    "Die veröffentlichten Texte dieser Abstimmung passen nicht zum Hash, den die Abstimmung auf der Blockchain angibt; diese Seite bietet sie daher nicht als Stimmzettel an. Melden Sie es der Gemeinde.",
  ruleLabel: "Regel",
  stateLabel: "Stand",
  opensLabel: "Öffnet",
  closesLabel: "Schließt",
  censusLabel: "Stimmregister",
  ruleSingle: "eine Option wählen",
  ruleApproval: (max: number) => `bis zu ${max} Optionen zustimmen`,
  ruleBudget: (budget: string) => `Projekte wählen, die zusammen höchstens ${budget} kosten`,
  secretRule: (rule: string) =>
    `${rule}; geheime Stimmabgabe: in diesem Browser verschlüsselt, gezählt, ohne gelesen zu werden`,
  state: (name: string) => STATES_DE[name] ?? name,
  inCensus: (id: string) => `Sie sind im Stimmregister der Abstimmung ${id}`,
  notInCensus: (id: string, why: string) => `Sie sind nicht im Stimmregister der Abstimmung ${id}: ${why}`,
  notRegisteredThen: "das Stimmregister wurde festgelegt, bevor dieses Commitment registriert wurde",
  notRegisteredNow: "keine Person im Zivilregister hat dieses Commitment",
  otherJurisdiction: (jurisdiction: number) => `die Abstimmung gilt für Gemeinde ${jurisdiction}`,
  notActiveThen: "Ihr Eintrag war nicht aktiv, als das Stimmregister festgelegt wurde",
  flagsMissing: "Ihrem Eintrag fehlte eine verlangte Berechtigung, als das Stimmregister festgelegt wurde",
  censusUnreadable:
    "das aus den Ereignissen des Registers berechnete Stimmregister stimmt nicht mit dem der Abstimmung überein",
  pollClosed: (id: string) => `Abstimmung ${id} ist abgeschlossen: Sie nimmt keine Stimmzettel mehr an.`,
  pollCancelled: (id: string) => `Abstimmung ${id} wurde abgesagt: Sie nimmt keine Stimmzettel an.`,
  cannotVoteNotInCensus: (id: string) =>
    `Sie können in Abstimmung ${id} nicht stimmen: Ihre Identität ist nicht in ihrem Stimmregister.`,
  inReview: (opens: string) => `In Prüfung: Stimmzettel werden ab ${opens} angenommen.`,
  noRelay: "Dieses Portal nennt kein Relais für Stimmzettel: Fragen Sie die Gemeinde.",
  voteButton: (id: string) => `In Abstimmung ${id} stimmen`,
  ballotLegend: (id: string, rule: string) => `Ihr Stimmzettel in Abstimmung ${id} (${rule})`,
  optionWithCost: (text: string, cost: string) => `${text} (kostet ${cost})`,
  runningTotal: (spent: string, budget: string) => `Ausgewählt: ${spent} von ${budget}.`,
  chosenCount: (count: number, max: number) => `${count} von höchstens ${max} gewählt.`,
  revoteNote: (block: number, revision: number) =>
    `Sie haben in dieser Abstimmung gestimmt (Block ${block}). Eine neue Stimmabgabe ersetzt diesen Stimmzettel: Dies wird Stimmzettel ${revision}.`,
  castButton: "Meinen Stimmzettel abgeben",
  recastButton: "Erneut abgeben (ersetzt meinen Stimmzettel)",
  noneChosen: "Wählen Sie zuerst eine Option: Ein leerer Stimmzettel wird nicht angenommen.",
  oneOnly: "Wählen Sie nur eine Option.",
  tooMany: (count: number, max: number) =>
    `Sie haben ${count} Optionen gewählt; diese Abstimmung erlaubt höchstens ${max}.`,
  overBudget: (spent: string, budget: string) =>
    `Die gewählten Projekte kosten ${spent}, mehr als das Budget von ${budget}. Entfernen Sie ein Projekt; nichts wurde gesendet.`,
  loadingCircuit: "Die Schaltkreisdateien des Beweises werden geladen…",
  loadingCircuitBytes: (loaded: number, total: number) =>
    `Die Schaltkreisdateien des Beweises werden geladen: ${loaded} von ${total} KB`,
  proving: "Der Beweis wird in diesem Browser erstellt (einige Sekunden)…",
  sending: "Der Stimmzettel wird an das Relais gesendet…",
  proofFailed: (reason: string) => `Der Beweis konnte nicht erstellt werden; nichts wurde gesendet: ${reason}`,
  relayDown: (host: string) =>
    `Das Relais der Gemeinde (${host}) ist nicht erreichbar. Ihr Stimmzettel wurde nicht abgegeben. Versuchen Sie es später erneut; bis die Abstimmung schließt, können Sie noch stimmen.`,
  relayRefused: (reason: string) => `Der Stimmzettel wurde nicht abgegeben: ${reason}`,
  confirming: "Auf der Blockchain wird geprüft, dass der Stimmzettel abgegeben wurde…",
  relayUnconfirmed: (host: string, transaction: string) =>
    `Das Relais der Gemeinde (${host}) hat geantwortet, Ihr Stimmzettel sei in der Transaktion ${transaction} abgegeben worden, aber die Blockchain zeigt ihn nicht. Verlassen Sie sich nicht auf diesen Stimmzettel: Geben Sie ihn erneut ab und melden Sie das Relais der Gemeinde.`,
  castDone: "Ihr Stimmzettel wurde abgegeben und gezählt.",
  recastDone: (revision: number) =>
    `Ihr neuer Stimmzettel wurde abgegeben und gezählt: Stimmzettel ${revision}, er ersetzt Ihren früheren.`,
  transaction: "Transaktion",
  block: "Block",
  revision: "Stimmzettel Nr.",
  checkReceipt: "Prüfen, dass dieser Stimmzettel zählt",
  latestCounted: (block: number) => `Ihr letzter Stimmzettel wird gezählt: Es ist dieser (Block ${block}).`,
  replacedAt: (block: number) =>
    `Ein späterer Stimmzettel hat ihn in Block ${block} ersetzt; dieser spätere wird gezählt.`,
  receiptMissing:
    "Die Blockchain zeigt diesen Stimmzettel nicht: Er wurde nicht abgegeben. Jeder andere Stimmzettel von Ihnen in dieser Abstimmung gilt weiter.",
  earlierReceipts: (count: number) => `In diesem Browser gespeicherte Belege (${count})`,
};

/** The voter's texts in the language of the page's catalogue. */
export function voterMessages(messages: Messages): VoterMessages {
  return messages.locale.startsWith("de") ? de : en;
}
