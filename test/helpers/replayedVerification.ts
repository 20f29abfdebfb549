/** The chain's `verify` and `verifyInBatch` answers in the shape of the event replay's `replayedVerification`. */
import { timeOrNull } from "../../src/vocabulary.js";

/** `IDiplomaRegistry.Verification` as ethers returns it. */
export interface ChainVerification {
  status: bigint;
  institutionId: bigint;
  issuer: string;
  issuedAt: bigint;
  accreditedAtIssuance: boolean;
  revokedAt: bigint;
  revocationReason: bigint;
  supersededBy: string;
  kind: bigint;
  validFrom: bigint;
  expiresAt: bigint;
  suspendedAt: bigint;
  suspensionReason: bigint;
}

/** A verification read from the chain as the event replay states it: times in unix seconds, null where none. */
export function asReplayedVerification(v: ChainVerification) {
  return {
    status: v.status,
    institutionId: v.institutionId,
    issuer: v.issuer,
    issuedAt: timeOrNull(v.issuedAt),
    accreditedAtIssuance: v.accreditedAtIssuance,
    revokedAt: timeOrNull(v.revokedAt),
    revocationReason: v.revocationReason,
    supersededBy: v.supersededBy,
    kind: v.kind,
    validFrom: timeOrNull(v.validFrom),
    expiresAt: timeOrNull(v.expiresAt),
    suspendedAt: timeOrNull(v.suspendedAt),
    suspensionReason: v.suspensionReason,
  };
}
