/**
 * The texts of secret polls (results and the voter's encrypted ballot), in English and German, beside the page's
 * catalogue.
 *
 * @module
 */
import type { Messages } from "../messages.js";

const en = {
  secretIntro:
    "This is a secret poll: every ballot is encrypted in the voter's browser under the election key, and nobody (officials and relays included) can read a choice. Only a quorum of the trustees can open the total, after the close, and only the total.",
  kind: "Kind of poll",
  kindSecret: "secret (encrypted ballots)",
  trusteesHeading: "Trustees and key ceremony",
  quorum: "Quorum",
  quorumText: (quorum: number, trustees: number) => `any ${quorum} of the ${trustees} trustees open the total`,
  trusteeNumber: (index: number) => `Trustee ${index}`,
  trusteeColumn: "Trustee",
  accountColumn: "Account",
  ceremonyColumn: "Key ceremony",
  sharesColumn: "Decryption shares",
  trusteeSteps: (announced: boolean, dealt: boolean, excluded: boolean): string =>
    excluded
      ? "excluded"
      : announced && dealt
        ? "announced and dealt its shares"
        : announced
          ? "announced, has not dealt"
          : "has not announced",
  posted: "posted",
  notPosted: "not posted",
  electionKey: "Election key",
  keyPublished: "published on chain",
  keyNotPublished: "not published yet: the ceremony is sealed when the poll opens",
  qualified: "Qualified trustees",
  sealed: (ballots: number) =>
    `Sealed until the close. No running tally exists: ${ballots === 1 ? "the 1 ballot counted so far stays" : `the ${ballots} ballots counted so far stay`} encrypted until a quorum of trustees opens the total after the close.`,
  inReview: "Sealed: the poll is in its review period, and the trustees hold their key ceremony now.",
  awaiting: (posted: number, quorum: number) =>
    `The poll is closed, and the tally is not opened yet: ${posted} of the ${quorum} trustees needed have posted their decryption shares.`,
  cancelledSecret: "The poll was cancelled; its tally is never opened.",
  openedNotice: "The trustees opened the total. This page has checked the opening itself, as follows.",
  checksHeading: "Checks made in this browser",
  checkKey: (qualified: string) =>
    `The election key is the sum of the qualified trustees' commitments (trustees ${qualified}): nobody ever held its secret.`,
  checkKeyFailed: "The election key on chain is NOT the sum of the qualified trustees' commitments.",
  checkBallots: (ballots: number) =>
    `The encrypted tally is exactly the sum of the latest encrypted ballot of each of the ${ballots} voters, re-votes replaced.`,
  checkBallotsFailed: "The encrypted tally does NOT match the sum of the latest encrypted ballots.",
  checkShare: (trustee: number, options: number) =>
    `Trustee ${trustee}'s ${options} decryption shares each carry a Chaum–Pedersen proof that holds: the trustee used the key share its published commitments fix.`,
  checkShareRefused: (trustee: number, option: number) =>
    `Trustee ${trustee}'s decryption share of option ${option} is refused: its Chaum–Pedersen proof does not hold, so it is left out.`,
  checkCombined: (trustees: string, counts: string) =>
    `Combining the shares of trustees ${trustees} decrypts the tally to exactly the published counts (${counts}).`,
  checkCombinedFailed: (trustees: string) =>
    `Combining the shares of trustees ${trustees} does NOT give the published counts.`,
  checkQuorum: (valid: number, quorum: number) =>
    `The result cannot be confirmed: ${valid} trustees' shares verify, ${quorum} are needed.`,
  verified: "Every check holds: this result is the decrypted total of the counted ballots.",
  notVerified: "At least one check failed: do not rely on this result.",
  checking: "Checking the opening in this browser…",
  secretBallotNote:
    "A secret poll: your ballot is encrypted in this browser. Before casting it you may challenge it, to see that it encrypts what you chose.",
  prepareButton: "Prepare my encrypted ballot",
  encrypting: (options: number) =>
    `Encrypting your ballot (${options} options) and proving that it follows the rule, in this browser…`,
  prepared: (fingerprint: string) =>
    `Your encrypted ballot is ready. Its fingerprint is ${fingerprint}. Cast it, or challenge it first to check what it encrypts.`,
  castPrepared: "Cast this encrypted ballot",
  challengeButton: "Challenge this ballot",
  challengeShows: (choices: string) =>
    `Challenge: this ballot encrypted ${choices}, and nothing else. This browser checked it with the election key from the chain and the randomness the ballot was made with.`,
  challengeFailed: (problem: string) =>
    `Challenge FAILED: the prepared ballot does not encrypt a valid choice (${problem}). Do not vote from this device.`,
  challengeDiscarded:
    "A challenged ballot is never cast: its randomness is now public. Prepare a fresh ballot to vote; it is encrypted with new randomness.",
  revealedRandomness: "The revealed randomness, for an independent check",
  prepareFailed: (reason: string) => `The encrypted ballot could not be prepared: ${reason}.`,
  ballotHash: "Ballot hash (fingerprint)",
  secretCounted: (block: number) =>
    `Your latest ballot is the one counted in the encrypted tally for your voting identity (cast in block ${block}).`,
  secretReplaced: (block: number) =>
    `A later ballot replaced this one at block ${block}; the later one is counted in the encrypted tally.`,
  secretMissing: "The chain shows no encrypted ballot with this hash for your voting identity in this poll.",
};

const de: typeof en = {
  secretIntro:
    "Dies ist eine geheime Abstimmung: Jeder Stimmzettel wird im Browser der Wählerin oder des Wählers mit dem Wahlschlüssel verschlüsselt, und niemand (auch keine Behörde und kein Relay) kann eine Wahl lesen. Nur ein Quorum der Treuhänder kann nach dem Schluss das Ergebnis öffnen, und nur das Gesamtergebnis.",
  kind: "Art der Abstimmung",
  kindSecret: "geheim (verschlüsselte Stimmzettel)",
  trusteesHeading: "Treuhänder und Schlüsselzeremonie",
  quorum: "Quorum",
  quorumText: (quorum, trustees) => `je ${quorum} der ${trustees} Treuhänder öffnen das Ergebnis`,
  trusteeNumber: (index) => `Treuhänder ${index}`,
  trusteeColumn: "Treuhänder",
  accountColumn: "Konto",
  ceremonyColumn: "Schlüsselzeremonie",
  sharesColumn: "Entschlüsselungsanteile",
  trusteeSteps: (announced, dealt, excluded) =>
    excluded
      ? "ausgeschlossen"
      : announced && dealt
        ? "angekündigt und Anteile verteilt"
        : announced
          ? "angekündigt, keine Anteile verteilt"
          : "nicht angekündigt",
  posted: "veröffentlicht",
  notPosted: "nicht veröffentlicht",
  electionKey: "Wahlschlüssel",
  keyPublished: "auf der Blockchain veröffentlicht",
  keyNotPublished: "noch nicht veröffentlicht: Die Zeremonie wird bei der Eröffnung der Abstimmung abgeschlossen",
  qualified: "Qualifizierte Treuhänder",
  sealed: (ballots) =>
    `Versiegelt bis zum Schluss. Es gibt kein Zwischenergebnis: ${ballots === 1 ? "Der bisher gezählte Stimmzettel bleibt" : `Die ${ballots} bisher gezählten Stimmzettel bleiben`} verschlüsselt, bis ein Quorum der Treuhänder nach dem Schluss das Ergebnis öffnet.`,
  inReview:
    "Versiegelt: Die Abstimmung ist in der Prüffrist, und die Treuhänder halten jetzt ihre Schlüsselzeremonie ab.",
  awaiting: (posted, quorum) =>
    `Die Abstimmung ist geschlossen, das Ergebnis noch nicht geöffnet: ${posted} der ${quorum} nötigen Treuhänder haben ihre Entschlüsselungsanteile veröffentlicht.`,
  cancelledSecret: "Die Abstimmung wurde abgebrochen; ihr Ergebnis wird nie geöffnet.",
  openedNotice: "Die Treuhänder haben das Ergebnis geöffnet. Diese Seite hat die Öffnung selbst geprüft, wie folgt.",
  checksHeading: "In diesem Browser geprüft",
  checkKey: (qualified) =>
    `Der Wahlschlüssel ist die Summe der Festlegungen der qualifizierten Treuhänder (Treuhänder ${qualified}): Niemand hat je sein Geheimnis besessen.`,
  checkKeyFailed:
    "Der Wahlschlüssel auf der Blockchain ist NICHT die Summe der Festlegungen der qualifizierten Treuhänder.",
  checkBallots: (ballots) =>
    `Das verschlüsselte Ergebnis ist genau die Summe des letzten verschlüsselten Stimmzettels jeder der ${ballots} Personen, Neuabstimmungen ersetzt.`,
  checkBallotsFailed:
    "Das verschlüsselte Ergebnis stimmt NICHT mit der Summe der letzten verschlüsselten Stimmzettel überein.",
  checkShare: (trustee, options) =>
    `Die ${options} Entschlüsselungsanteile von Treuhänder ${trustee} tragen je einen gültigen Chaum-Pedersen-Beweis: Der Treuhänder hat den Schlüsselanteil verwendet, den seine veröffentlichten Festlegungen bestimmen.`,
  checkShareRefused: (trustee, option) =>
    `Der Entschlüsselungsanteil von Treuhänder ${trustee} für Option ${option} wird zurückgewiesen: Sein Chaum-Pedersen-Beweis ist ungültig, daher bleibt er unberücksichtigt.`,
  checkCombined: (trustees, counts) =>
    `Die Anteile der Treuhänder ${trustees} zusammen entschlüsseln das Ergebnis zu genau den veröffentlichten Zahlen (${counts}).`,
  checkCombinedFailed: (trustees) =>
    `Die Anteile der Treuhänder ${trustees} zusammen ergeben NICHT die veröffentlichten Zahlen.`,
  checkQuorum: (valid, quorum) =>
    `Das Ergebnis kann nicht bestätigt werden: Die Anteile von ${valid} Treuhändern sind gültig, ${quorum} sind nötig.`,
  verified: "Alle Prüfungen bestehen: Dieses Ergebnis ist das entschlüsselte Gesamtergebnis der gezählten Stimmzettel.",
  notVerified: "Mindestens eine Prüfung ist fehlgeschlagen: Verlassen Sie sich nicht auf dieses Ergebnis.",
  checking: "Die Öffnung wird in diesem Browser geprüft…",
  secretBallotNote:
    "Eine geheime Abstimmung: Ihr Stimmzettel wird in diesem Browser verschlüsselt. Bevor Sie ihn abgeben, können Sie ihn anfechten, um zu sehen, dass er Ihre Wahl verschlüsselt.",
  prepareButton: "Meinen verschlüsselten Stimmzettel vorbereiten",
  encrypting: (options) =>
    `Ihr Stimmzettel (${options} Optionen) wird in diesem Browser verschlüsselt und seine Regeltreue bewiesen…`,
  prepared: (fingerprint) =>
    `Ihr verschlüsselter Stimmzettel ist bereit. Sein Fingerabdruck ist ${fingerprint}. Geben Sie ihn ab, oder fechten Sie ihn zuerst an, um zu prüfen, was er verschlüsselt.`,
  castPrepared: "Diesen verschlüsselten Stimmzettel abgeben",
  challengeButton: "Diesen Stimmzettel anfechten",
  challengeShows: (choices) =>
    `Anfechtung: Dieser Stimmzettel verschlüsselte ${choices}, und nichts anderes. Dieser Browser hat es mit dem Wahlschlüssel von der Blockchain und dem Zufall geprüft, mit dem der Stimmzettel erstellt wurde.`,
  challengeFailed: (problem) =>
    `Anfechtung FEHLGESCHLAGEN: Der vorbereitete Stimmzettel verschlüsselt keine gültige Wahl (${problem}). Stimmen Sie nicht mit diesem Gerät ab.`,
  challengeDiscarded:
    "Ein angefochtener Stimmzettel wird nie abgegeben: Sein Zufall ist jetzt öffentlich. Bereiten Sie einen neuen Stimmzettel vor; er wird mit neuem Zufall verschlüsselt.",
  revealedRandomness: "Der offengelegte Zufall, für eine unabhängige Prüfung",
  prepareFailed: (reason) => `Der verschlüsselte Stimmzettel konnte nicht vorbereitet werden: ${reason}.`,
  ballotHash: "Hash des Stimmzettels (Fingerabdruck)",
  secretCounted: (block) =>
    `Ihr letzter Stimmzettel ist der, der im verschlüsselten Ergebnis für Ihre Wahlidentität gezählt wird (abgegeben in Block ${block}).`,
  secretReplaced: (block) =>
    `Ein späterer Stimmzettel hat diesen in Block ${block} ersetzt; der spätere wird im verschlüsselten Ergebnis gezählt.`,
  secretMissing:
    "Die Blockchain zeigt keinen verschlüsselten Stimmzettel mit diesem Hash für Ihre Wahlidentität in dieser Abstimmung.",
};

/** The texts of secret polls. */
export type SecretMessages = typeof en;

/** The secret polls' texts in the language of the page's catalogue. */
export function secretMessages(messages: Messages): SecretMessages {
  return messages.locale.startsWith("de") ? de : en;
}
