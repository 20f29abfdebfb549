/**
 * Revoking diplomas: one diploma issued alone or in a batch, or many of one batch at once.
 *
 * @module
 */
import { InvalidInputError, InvalidStateError } from "../../errors.js";
import { checkDiplomaProof } from "../../hashing.js";
import { validateHash } from "../../validate.js";
import { DIPLOMA_STATUSES, revocationReasonText } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution } from "../execute.js";
import type { DiplomaProofFile } from "./issue.js";

// -----------------------------------------------------------------------------------------------------------------
// Revoking
// -----------------------------------------------------------------------------------------------------------------

export type RevokeDiplomaParameters = ActionContext & {
  readonly documentHash: string;
  /** The registry's reason code, 1 to 65535. */
  readonly reason: number;
  /** For a diploma inside a batch: the holder's proof (root, holder commitment, status index, proof). */
  readonly batch?: Pick<DiplomaProofFile, "root" | "holderCommitment" | "statusIndex" | "proof">;
  /**
   * The diploma's institution. An issuer revokes under its own institution (a different id is refused); an ACCREDITOR
   * must name it.
   */
  readonly institutionId?: number;
};

export type RevokeDiplomaReturnType = Execution & {
  readonly documentHash: string;
  readonly institutionId: number;
  /** Who revokes: an issuer of the diploma's institution, or an ACCREDITOR. */
  readonly as: "issuer" | "accreditor";
};

/**
 * Revokes a diploma, alone or inside a batch. An account bound to an institution revokes as its issuer (only that
 * institution's diplomas); any other account revokes as ACCREDITOR.
 */
export async function revokeDiploma(parameters: RevokeDiplomaParameters): Promise<RevokeDiplomaReturnType> {
  const { suite, reason, batch } = parameters;
  const documentHash = validateHash("documentHash", parameters.documentHash);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const registry = suite.diplomaRegistry;
  const account = await parameters.signer.getAddress();
  const boundTo = Number(await registry.institutionOf(account));
  const as = boundTo === 0 ? "accreditor" : "issuer";
  const institutionId = as === "issuer" ? boundTo : (parameters.institutionId ?? 0);
  if (parameters.institutionId !== undefined && parameters.institutionId !== institutionId) {
    throw new InvalidStateError({
      kind: "diploma",
      id: documentHash,
      state: `looked up under institution ${parameters.institutionId}`,
      reason: `${account} is an issuer of institution ${boundTo} and revokes only its diplomas`,
    });
  }
  if (!Number.isSafeInteger(institutionId) || institutionId < 1 || institutionId > 0xffffffff) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${institutionId} is not an institution id (an ACCREDITOR names the diploma's institution)`,
    });
  }
  let functionName: string;
  let args: unknown[];
  if (batch === undefined) {
    functionName = as === "issuer" ? "revoke" : "revokeAsAccreditor";
    args = as === "issuer" ? [documentHash, reason] : [institutionId, documentHash, reason];
  } else {
    const { statusIndex } = batch;
    const proof = {
      root: batch.root,
      documentHash,
      holderCommitment: batch.holderCommitment,
      statusIndex,
      proof: batch.proof,
    };
    if (!checkDiplomaProof(proof)) {
      throw new InvalidInputError({
        field: "proof",
        reason: `does not place [${documentHash}, ${batch.holderCommitment}, ${statusIndex}] under root ${batch.root}`,
      });
    }
    functionName = as === "issuer" ? "revokeInBatch" : "revokeInBatchAsAccreditor";
    const diploma = { documentHash, holderCommitment: batch.holderCommitment, statusIndex, proof: [...batch.proof] };
    args = as === "issuer" ? [batch.root, diploma, reason] : [institutionId, batch.root, diploma, reason];
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "DiplomaRegistry",
        functionName,
        args,
        description: `revoke diploma ${documentHash} (reason ${revocationReasonText(reason)})`,
      },
    ],
  });
  return { ...execution, documentHash, institutionId, as };
}

// -----------------------------------------------------------------------------------------------------------------
// Revoking many diplomas of one batch
// -----------------------------------------------------------------------------------------------------------------

/** One diploma of a batch to revoke: its proof, and where it comes from (for messages). */
export type BatchRevocation = Pick<DiplomaProofFile, "documentHash" | "holderCommitment" | "statusIndex" | "proof"> & {
  readonly label: string;
};

export type RevokeDiplomasInBatchParameters = ActionContext & {
  /** The batch's Merkle root. */
  readonly root: string;
  readonly diplomas: readonly BatchRevocation[];
  /** The registry's reason code, 1 to 65535, for all of them. */
  readonly reason: number;
  /** The batch's institution. An issuer revokes under its own; an ACCREDITOR must name it. */
  readonly institutionId?: number;
};

export type RevokeDiplomasInBatchReturnType = Execution & {
  readonly root: string;
  readonly institutionId: number;
  readonly count: number;
  readonly as: "issuer" | "accreditor";
};

/**
 * Revokes many diplomas of one batch in one transaction, with one reason (`revokeManyInBatch`, or
 * `revokeManyInBatchAsAccreditor` for an account bound to no institution). Every diploma is checked first and every
 * problem reported at once: its proof leads to the root, the batch is the institution's, it is not revoked already,
 * none is listed twice; between 1 and `MAX_REVOCATIONS_PER_CALL` diplomas.
 */
export async function revokeDiplomasInBatch(
  parameters: RevokeDiplomasInBatchParameters,
): Promise<RevokeDiplomasInBatchReturnType> {
  const { suite, reason, diplomas } = parameters;
  const root = validateHash("root", parameters.root);
  if (!Number.isSafeInteger(reason) || reason < 1 || reason > 65535) {
    throw new InvalidInputError({ field: "reason", reason: `${reason} is not a reason code from 1 to 65535` });
  }
  const registry = suite.diplomaRegistry;
  const maximum = Number(await registry.MAX_REVOCATIONS_PER_CALL());
  if (diplomas.length === 0 || diplomas.length > maximum) {
    throw new InvalidInputError({
      field: "diplomas",
      reason: `between 1 and ${maximum} diplomas per call, got ${diplomas.length}`,
    });
  }
  const account = await parameters.signer.getAddress();
  const boundTo = Number(await registry.institutionOf(account));
  const as = boundTo === 0 ? "accreditor" : "issuer";
  const institutionId = as === "issuer" ? boundTo : (parameters.institutionId ?? 0);
  if (parameters.institutionId !== undefined && parameters.institutionId !== institutionId) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${account} is an issuer of institution ${boundTo} and revokes only its diplomas`,
    });
  }
  if (!Number.isSafeInteger(institutionId) || institutionId < 1 || institutionId > 0xffffffff) {
    throw new InvalidInputError({
      field: "institutionId",
      reason: `${institutionId} is not an institution id (an ACCREDITOR names the batch's institution)`,
    });
  }
  const problems: { index: number; text: string }[] = [];
  const seen = new Map<number, string>();
  const leaves = diplomas.map((diploma) => ({
    documentHash: diploma.documentHash,
    holderCommitment: diploma.holderCommitment,
    statusIndex: diploma.statusIndex,
    proof: [...diploma.proof],
  }));
  await Promise.all(
    diplomas.map(async (diploma, index) => {
      if (!checkDiplomaProof({ ...diploma, root })) {
        problems.push({ index, text: `${diploma.label}: its proof does not lead to root ${root}` });
        return;
      }
      const verification = await registry.verifyInBatch(institutionId, root, leaves[index]);
      const status = DIPLOMA_STATUSES[Number(verification.status)];
      if (status === "Unknown") {
        problems.push({ index, text: `${diploma.label}: institution ${institutionId} never issued batch ${root}` });
      }
      if (status === "Revoked") {
        problems.push({ index, text: `${diploma.label}: ${diploma.documentHash} is revoked already` });
      }
    }),
  );
  diplomas.forEach((diploma, index) => {
    const previous = seen.get(diploma.statusIndex);
    if (previous !== undefined) {
      problems.push({ index, text: `${diploma.label}: status index ${diploma.statusIndex} is also ${previous}` });
    }
    seen.set(diploma.statusIndex, diploma.label);
  });
  if (problems.length > 0) {
    problems.sort((a, b) => a.index - b.index);
    throw new InvalidInputError({ field: "diplomas", reason: problems.map((problem) => problem.text).join("; ") });
  }
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: registry,
        contractName: "DiplomaRegistry",
        functionName: as === "issuer" ? "revokeManyInBatch" : "revokeManyInBatchAsAccreditor",
        args: as === "issuer" ? [root, leaves, reason] : [institutionId, root, leaves, reason],
        description: `revoke ${diplomas.length} diplomas of batch ${root} (reason ${revocationReasonText(reason)})`,
      },
    ],
  });
  return { ...execution, root, institutionId, count: diplomas.length, as };
}
