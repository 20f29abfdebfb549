/**
 * The diploma commands that correct what was issued: `diplomas reissue` and `reissue-from-batch` (a corrected diploma
 * in place of one revoked with a reason) and `revoke-many-in-batch` (several diplomas of one class in one
 * transaction).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";

import { chainTime } from "../../chain.js";
import {
  type DiplomaInput,
  programmeCode,
  proofOf,
  reissueDiploma,
  type ReissueDiplomaParameters,
  type ReissueDiplomaReturnType,
  revokeDiplomasInBatch,
} from "../../actions/diploma.js";
import { InvalidInputError } from "../../errors.js";
import {
  validateAddress,
  validateDate,
  validateFileExists,
  validateHash,
  validateRequired,
  validateUint,
} from "../../validate.js";
import { isoTime } from "../format.js";
import { type CommonArgs, command, type Session } from "../session.js";
import { contextOf } from "../context.js";
import { diplomaOf, documentOf, institutionId, type IssueArgs } from "./diploma-inputs.js";

interface ReissueArgs extends IssueArgs {
  readonly oldDocument?: string;
  readonly oldDocumentHash?: string;
  readonly proofFile?: string;
  readonly reason?: string;
}

/** The corrected diploma of `reissue` and `reissue-from-batch`, from the options of `issue`. */
async function correctedDiploma(
  args: ReissueArgs,
  session: Session,
  defaultHolder: string | undefined,
): Promise<DiplomaInput> {
  const documentHash = documentOf(args)!;
  const holderCommitment =
    args.holderCommitment === undefined && defaultHolder !== undefined
      ? defaultHolder
      : validateHash("--holder-commitment", args.holderCommitment);
  const holderWallet =
    args.holderWallet === undefined ? undefined : validateAddress("--holder-wallet", args.holderWallet);
  const programme = programmeCode("--programme", validateRequired("--programme", args.programme));
  const awardedAt = validateDate("--awarded-on", args.awardedOn);
  const now = await chainTime(session.provider);
  if (awardedAt > now) {
    throw new InvalidInputError({
      field: "--awarded-on",
      reason: `${isoTime(awardedAt)} is in the future (chain time ${isoTime(now)})`,
    });
  }
  return { documentHash, holderCommitment, holderWallet, programmeCode: programme, awardedAt };
}

function reasonCode(value: string | undefined): number {
  const reason = validateUint("--reason", value);
  if (reason < 1n || reason > 65535n) {
    throw new InvalidInputError({ field: "--reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  return Number(reason);
}

/** Runs a re-issue, naming the command's options in the errors about its inputs. */
async function runReissue(parameters: ReissueDiplomaParameters, oldOption: string) {
  try {
    return await reissueDiploma(parameters);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      const option = { documentHash: "--document", proof: "--proof-file", oldDocumentHash: oldOption }[error.field];
      if (option !== undefined) throw new InvalidInputError({ field: option, reason: error.reason });
    }
    throw error;
  }
}

function reissueResult(result: ReissueDiplomaReturnType, reason: number, root: string | null) {
  return {
    data: {
      oldDocumentHash: result.oldDocumentHash,
      root,
      documentHash: result.documentHash,
      reason,
      institutionId: result.institutionId,
    },
    lines: [
      `Diploma ${result.oldDocumentHash}${root === null ? "" : ` in batch ${root}`} of institution ` +
        `${result.institutionId} revoked (reason ${reason}) and superseded by ${result.documentHash}`,
    ],
    transactions: result.transactions,
    safeTitle: `Re-issue diploma ${result.oldDocumentHash}`,
  };
}

export const reissue = command<ReissueArgs>({ write: true }, async (args, session) => {
  const oldDocumentHash = documentOf({ document: args.oldDocument, documentHash: args.oldDocumentHash }, true);
  if (oldDocumentHash === undefined) {
    throw new InvalidInputError({ field: "--old-document", reason: "is required (a file, or --old-document-hash)" });
  }
  const reason = reasonCode(args.reason);
  const diploma = await correctedDiploma(args, session, undefined);
  const result = await runReissue(
    { ...contextOf(session), oldDocumentHash, reason, diploma },
    args.oldDocument === undefined ? "--old-document-hash" : "--old-document",
  );
  return reissueResult(result, reason, null);
});

export const reissueFromBatch = command<ReissueArgs>({ write: true }, async (args, session) => {
  if (args.proofFile === undefined) {
    throw new InvalidInputError({ field: "--proof-file", reason: "is required: the old diploma's proof file" });
  }
  const { documentHash: oldDocumentHash, batch } = diplomaOf({ proofFile: args.proofFile });
  const reason = reasonCode(args.reason);
  const diploma = await correctedDiploma(args, session, batch!.holderCommitment);
  const result = await runReissue({ ...contextOf(session), oldDocumentHash, batch, reason, diploma }, "--proof-file");
  return reissueResult(result, reason, batch!.root);
});

interface RevokeManyArgs extends CommonArgs {
  readonly file?: string;
  readonly reason?: string;
  readonly institution?: string;
}

export const revokeManyInBatch = command<RevokeManyArgs>({ write: true }, async (args, session) => {
  const path = validateFileExists("--file", args.file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not JSON`, cause: error });
  }
  if (!Array.isArray(json) || json.length === 0) {
    throw new InvalidInputError({ field: "--file", reason: `${path} is not a JSON array of proofs` });
  }
  const name = basename(path);
  const proofs = json.map((entry, index) => proofOf("--file", `${name} entry ${index + 1}`, entry));
  const roots = new Set(proofs.map((proof) => proof.root));
  if (roots.size !== 1) {
    throw new InvalidInputError({
      field: "--file",
      reason: `the proofs name ${roots.size} roots: one call revokes inside one batch`,
    });
  }
  const reason = reasonCode(args.reason);
  const institution = args.institution === undefined ? undefined : institutionId("--institution", args.institution);
  const root = proofs[0].root;
  let result;
  try {
    result = await revokeDiplomasInBatch({
      ...contextOf(session),
      root,
      diplomas: proofs.map((proof, index) => ({ ...proof, label: `${name} entry ${index + 1}` })),
      reason,
      ...(institution === undefined ? {} : { institutionId: institution }),
    });
  } catch (error) {
    if (error instanceof InvalidInputError && ["diplomas", "institutionId"].includes(error.field)) {
      const option = error.field === "diplomas" ? "--file" : "--institution";
      throw new InvalidInputError({ field: option, reason: error.reason });
    }
    throw error;
  }
  return {
    data: { root, count: result.count, reason, institutionId: result.institutionId, as: result.as },
    lines: [
      `${result.count} diplomas of batch ${root} of institution ${result.institutionId} revoked as ${result.as}, reason ${reason}`,
    ],
    transactions: result.transactions,
    safeTitle: `Revoke ${result.count} diplomas of batch ${root}`,
  };
});
