/**
 * Re-issuing a corrected diploma (DIPLOMA_ISSUER): the old one revoked as superseded, the new one issued.
 *
 * @module
 */
import { chainTime } from "../../chain.js";
import { InvalidInputError, InvalidStateError, refusal } from "../../errors.js";
import { checkDiplomaProof } from "../../hashing.js";
import { validateHash } from "../../validate.js";
import { DIPLOMA_STATUSES, revocationReasonText } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import { issuerInstitution } from "./institutions.js";
import { checkDiplomaInput, type DiplomaInput, type DiplomaProofFile } from "./issue.js";

// -----------------------------------------------------------------------------------------------------------------
// Re-issuing (DIPLOMA_ISSUER)
// -----------------------------------------------------------------------------------------------------------------

export type ReissueDiplomaParameters = ActionContext & {
  /** The document hash of the diploma to replace. */
  readonly oldDocumentHash: string;
  /** For an old diploma inside a batch: the holder's proof (root, holder commitment, status index, proof). */
  readonly batch?: Pick<DiplomaProofFile, "root" | "holderCommitment" | "statusIndex" | "proof">;
  /** The registry's reason code of the revocation of the old diploma, 1 to 65535. */
  readonly reason: number;
  /** The corrected diploma, issued alone. */
  readonly diploma: DiplomaInput;
};

export type ReissueDiplomaReturnType = Execution & {
  readonly oldDocumentHash: string;
  readonly documentHash: string;
  readonly institutionId: number;
};

/**
 * Revokes a diploma of the acting issuer's institution and issues its corrected version alone, linking the old to the
 * new (`reissue` for a diploma issued alone, `reissueFromBatch` with its proof for one inside a batch). Checked
 * first: the issuer is bound to an accredited institution, the old diploma is that institution's and is not revoked,
 * the new document differs from the old one and was not issued alone before, the award date is not in the future.
 * Needs DIPLOMA_ISSUER.
 */
export async function reissueDiploma(parameters: ReissueDiplomaParameters): Promise<ReissueDiplomaReturnType> {
  const { suite, reason, batch } = parameters;
  const oldDocumentHash = validateHash("oldDocumentHash", parameters.oldDocumentHash);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const data = checkDiplomaInput("", parameters.diploma, await chainTime(suite.runner.provider!));
  const documentHash = data.documentHash as string;
  if (documentHash === oldDocumentHash) {
    throw new InvalidInputError({
      field: "documentHash",
      reason: "the corrected diploma's document must differ from the old one",
    });
  }
  const registry = suite.diplomaRegistry;
  const institutionId = await issuerInstitution(suite, await parameters.signer.getAddress());
  let old: { documentHash: string; holderCommitment: string; statusIndex: number; proof: string[] } | undefined;
  if (batch !== undefined) {
    old = {
      documentHash: oldDocumentHash,
      holderCommitment: batch.holderCommitment,
      statusIndex: batch.statusIndex,
      proof: [...batch.proof],
    };
    if (!checkDiplomaProof({ ...old, root: batch.root, proof: batch.proof })) {
      throw new InvalidInputError({
        field: "proof",
        reason: `does not place [${oldDocumentHash}, ${batch.holderCommitment}, ${batch.statusIndex}] under root ${batch.root}`,
      });
    }
  }
  const before =
    old === undefined
      ? await registry.verify(institutionId, oldDocumentHash)
      : await registry.verifyInBatch(institutionId, batch!.root, old);
  const status = DIPLOMA_STATUSES[Number(before.status)];
  if (status === "Unknown") {
    throw new InvalidStateError({
      kind: "diploma",
      id: oldDocumentHash,
      state: "unknown",
      reason:
        old === undefined
          ? `institution ${institutionId} never issued it alone (a diploma of a batch needs its proof file)`
          : `institution ${institutionId} never issued batch ${batch!.root}`,
    });
  }
  if (status === "Revoked") {
    throw new InvalidStateError({
      kind: "diploma",
      id: oldDocumentHash,
      state: "revoked",
      reason: "a revoked diploma cannot be re-issued (issue the corrected one with `diplomas issue`)",
    });
  }
  if (DIPLOMA_STATUSES[Number((await registry.verify(institutionId, documentHash)).status)] !== "Unknown") {
    throw refusal({
      errorName: "DiplomaRegistryDuplicateDocument",
      args: { institutionId, documentHash },
    });
  }
  const description = `re-issue diploma ${oldDocumentHash} as ${documentHash} (reason ${revocationReasonText(reason)})`;
  const execution = await execute({
    ...parameters,
    steps: [
      old === undefined
        ? {
            contract: registry,
            contractName: "DiplomaRegistry",
            functionName: "reissue",
            args: [oldDocumentHash, reason, data],
            description,
          }
        : {
            contract: registry,
            contractName: "DiplomaRegistry",
            functionName: "reissueFromBatch",
            args: [batch!.root, old, reason, data],
            description,
          },
    ],
  });
  return { ...execution, oldDocumentHash, documentHash, institutionId };
}
