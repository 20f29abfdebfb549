/**
 * `property …` commands: register, update-document, freeze, unfreeze, retire, add-lien, release-lien, show,
 * register-bulk.
 *
 * @module
 */
import { dirname, resolve } from "node:path";

import {
  addLien,
  consentToSale,
  withdrawConsent,
  freezeTitle,
  parseParcel,
  registerTitle,
  registerTitles,
  releaseLien,
  retireTitle,
  type TitleRow,
  unfreezeTitle,
  updateTitleDocument,
} from "../../actions/property.js";
import {
  normalizedNote,
  validateAddress,
  validateDocument,
  validateFileExists,
  validateHash,
  validateText,
  validateUint,
} from "../../validate.js";
import { type BulkSummary, RowKeys } from "../../actions/bulk.js";
import { InvalidInputError } from "../../errors.js";
import { isoTime, show } from "../format.js";
import { type BulkArgs, bulkImport, type NormalizedReferences } from "../bulk.js";
import { type CommonArgs, command } from "../session.js";
import { getTitle } from "../../sdk/reads.js";
import { contextOf } from "../context.js";

interface RegisterArgs extends CommonArgs {
  readonly cadastralRef?: string;
  readonly owner?: string;
  readonly document?: string;
  readonly metadataUri?: string;
}

export const register = command<RegisterArgs>({ write: true }, async (args, session) => {
  const cadastralReference = validateText("--cadastral-ref", "reference", args.cadastralRef, { normalize: true });
  const metadataURI = validateText("--metadata-uri", "uri", args.metadataUri);
  const owner = validateAddress("--owner", args.owner);
  const documentHash = validateDocument("--document", args.document);
  const result = await registerTitle({
    ...contextOf(session),
    cadastralReference,
    owner,
    documentHash,
    metadataURI,
  });
  return {
    data: { parcelId: show(result.parcelId), cadastralReference, owner, documentHash },
    lines: [
      ...normalizedNote("--cadastral-ref", args.cadastralRef, cadastralReference),
      `Title ${cadastralReference} (parcel ${show(result.parcelId)}) for ${owner}, document ${documentHash}`,
    ],
    transactions: result.transactions,
    safeTitle: `Register ${cadastralReference}`,
  };
});

interface UpdateDocumentArgs extends CommonArgs {
  readonly parcel?: string;
  readonly document?: string;
  readonly metadataUri?: string;
}

export const updateDocument = command<UpdateDocumentArgs>({ write: true }, async (args, session) => {
  const parcel = parseParcel("--parcel", args.parcel);
  const documentHash = validateDocument("--document", args.document);
  const metadataURI = validateText("--metadata-uri", "uri", args.metadataUri);
  const result = await updateTitleDocument({ ...contextOf(session), parcel, documentHash, metadataURI });
  return {
    data: { parcelId: show(result.parcelId), documentHash },
    lines: [`Title ${parcel.label}: document ${documentHash}`],
    transactions: result.transactions,
    safeTitle: `Update the document of ${parcel.label}`,
  };
});

interface StatusArgs extends CommonArgs {
  readonly parcel?: string;
  readonly basis?: string;
}

function statusCommand(action: typeof freezeTitle, verb: string) {
  return command<StatusArgs>({ write: true }, async (args, session) => {
    const parcel = parseParcel("--parcel", args.parcel);
    const basis = validateDocument("--basis", args.basis);
    const result = await action({ ...contextOf(session), parcel, basis });
    return {
      data: { parcelId: show(result.parcelId), status: result.status, basis },
      lines: [`Title ${parcel.label} ${verb}: status ${result.status}`],
      transactions: result.transactions,
      safeTitle: `${verb} ${parcel.label}`,
    };
  });
}

export const freeze = statusCommand(freezeTitle, "frozen");
export const unfreeze = statusCommand(unfreezeTitle, "unfrozen");
export const retire = statusCommand(retireTitle, "retired");

interface AddLienArgs extends CommonArgs {
  readonly parcel?: string;
  readonly holder?: string;
  readonly document?: string;
}

export const addLienCommand = command<AddLienArgs>({ write: true }, async (args, session) => {
  const parcel = parseParcel("--parcel", args.parcel);
  const holder = validateAddress("--holder", args.holder);
  const documentHash = validateDocument("--document", args.document);
  const result = await addLien({ ...contextOf(session), parcel, holder, documentHash });
  return {
    data: { parcelId: show(result.parcelId), lienId: result.lienId, holder, documentHash },
    lines: [`Lien ${result.lienId ?? "(id assigned when sent)"} on ${parcel.label} for ${holder}`],
    transactions: result.transactions,
    safeTitle: `Lien on ${parcel.label}`,
  };
});

interface ReleaseLienArgs extends CommonArgs {
  readonly lien?: string;
  readonly basis?: string;
}

export const releaseLienCommand = command<ReleaseLienArgs>({ write: true }, async (args, session) => {
  const lienId = validateUint("--lien", args.lien);
  const basis = validateDocument("--basis", args.basis);
  const result = await releaseLien({ ...contextOf(session), lienId, basis });
  return {
    data: { lienId, parcelId: show(result.parcelId), basis },
    lines: [`Lien ${lienId} released`],
    transactions: result.transactions,
    safeTitle: `Release lien ${lienId}`,
  };
});

interface ConsentArgs extends CommonArgs {
  readonly lien?: string;
  readonly offer?: string;
}

export const consentCommand = command<ConsentArgs>({ write: true }, async (args, session) => {
  const lienId = validateUint("--lien", args.lien);
  const offerId = validateHash("--offer", args.offer);
  const result = await consentToSale({ ...contextOf(session), lienId, offerId });
  const done = session.mode === "send";
  return {
    data: { lienId, parcelId: show(result.parcelId), offerId, replacedOfferId: result.replacedOfferId },
    lines: [
      `${done ? "Consent recorded" : "Consent would be recorded"}: the holder of lien ${lienId} agrees to the sale under offer ${offerId} and no other`,
      ...(result.replacedOfferId === null ? [] : [`  it replaces the consent to offer ${result.replacedOfferId}`]),
    ],
    transactions: result.transactions,
    safeTitle: `Consent of lien ${lienId} to offer ${offerId}`,
  };
});

export const withdrawConsentCommand = command<ConsentArgs>({ write: true }, async (args, session) => {
  const lienId = validateUint("--lien", args.lien);
  const result = await withdrawConsent({ ...contextOf(session), lienId });
  const done = session.mode === "send";
  return {
    data: { lienId, parcelId: show(result.parcelId), offerId: result.offerId },
    lines: [
      `${done ? "Consent withdrawn" : "Consent would be withdrawn"}: offer ${result.offerId} can no longer settle while lien ${lienId} is active`,
    ],
    transactions: result.transactions,
    safeTitle: `Withdraw the consent of lien ${lienId}`,
  };
});

interface ShowArgs extends CommonArgs {
  readonly parcel?: string;
}

export const showTitle = command<ShowArgs>({ write: false }, async (args, session) => {
  const parcel = parseParcel("--parcel", args.parcel);
  const title = await getTitle(
    parcel.cadastralReference === undefined
      ? { suite: session.suite, parcelId: parcel.parcelId }
      : { suite: session.suite, cadastralReference: parcel.cadastralReference },
  );
  const lines = [
    `Title ${title.cadastralReference ?? "(reference unknown)"}  parcel ${show(title.parcelId)}`,
    `  owner ${title.owner} since ${isoTime(title.ownerSince)}; status ${title.status}`,
    `  registered ${isoTime(title.registeredAt)}; document ${title.documentHash}`,
    `  metadata ${title.metadataURI === "" ? "(registry base URI)" : title.metadataURI}; token URI ${title.tokenURI || "(none)"}`,
    "  history:",
    ...title.history.map(
      (record) => `    ${isoTime(record.since)}  ${record.kind.padEnd(12)} ${record.owner}  basis ${record.basis}`,
    ),
    `  liens: ${title.liens.length === 0 ? "none" : ""}`,
    ...title.liens.map(
      (lien) =>
        `    #${lien.lienId} holder ${lien.holder} registered ${isoTime(lien.registeredAt)} ` +
        (lien.releasedAt === null ? "ACTIVE" : `released ${isoTime(lien.releasedAt)}`) +
        (lien.consentOfferId === null ? "" : `; consent to offer ${lien.consentOfferId}`),
    ),
  ];
  return { data: { title: { ...title, parcelId: show(title.parcelId) } }, lines };
});

interface RegisterBulkArgs extends CommonArgs, BulkArgs {
  readonly file?: string;
  readonly journal?: string;
}

export const registerBulk = command<RegisterBulkArgs>({ write: true }, async (args, session) => {
  const file = validateFileExists("--file", args.file);
  const folder = dirname(file);
  let seen = new RowKeys();
  const normalized: NormalizedReferences = { what: "cadastral reference", count: 0, first: "" };
  return bulkImport<TitleRow, BulkSummary>({
    command: "property register-bulk",
    args,
    session,
    file,
    read: {
      requiredColumns: ["cadastralReference", "owner", "document"],
      optionalColumns: ["metadataURI"],
      reset: () => {
        seen = new RowKeys();
        normalized.count = 0;
      },
      parse: ({ index, label, values }) => {
        const given = values.cadastralReference;
        const reference = validateText(`${label} cadastralReference`, "reference", given, { normalize: true });
        const previous = seen.first(reference, index);
        if (previous !== undefined) {
          throw new InvalidInputError({
            field: `${label} cadastralReference`,
            reason: `${reference} is also on ${label.replace(/ row \d+$/, ` row ${previous}`)}`,
          });
        }
        const document = values.document;
        const row = {
          label,
          cadastralReference: reference,
          owner: validateAddress(`${label} owner`, values.owner),
          documentHash: validateDocument(
            `${label} document`,
            document.startsWith("0x") ? document : resolve(folder, document),
          ),
          metadataURI: validateText(`${label} metadataURI`, "uri", values.metadataURI),
        };
        if (BigInt(row.documentHash) === 0n) {
          throw new InvalidInputError({ field: `${label} document`, reason: "must not be zero" });
        }
        if (reference !== given && normalized.count++ === 0) {
          normalized.first = `row ${index} "${given}" as ${reference}`;
        }
        return row;
      },
    },
    importRows: registerTitles,
    safeTitle: (summary) => `Register ${summary.written} titles`,
    normalized,
  });
});
