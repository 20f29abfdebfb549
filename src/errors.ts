/**
 * Errors of the admin commands and the SDK: one base class with a short one-line message, optional details and the
 * original cause, and one subclass per failure (`errors/base.ts`). On-chain custom errors are decoded into
 * {@link ContractRevertError} by {@link decodeRevert} (`errors/revert.ts`), and those that stand for an SDK error of
 * their own into it (`errors/revert-errors.ts`).
 *
 * @module
 */
export {
  ChainMismatchError,
  ContractNotDeployedError,
  ContractRevertError,
  DeploymentNotFoundError,
  EgovError,
  type EgovErrorParameters,
  formatValue,
  InvalidInputError,
  InvalidStateError,
  MissingRoleError,
  RecordNotFoundError,
  TransactionFailedError,
  TransactionNotMinedError,
  UnauthorizedPartyError,
  UnsupportedChainError,
  UpgradeNotSafeError,
} from "./errors/base.js";
export { REVERT_ERRORS, type RevertExplanation } from "./errors/revert-errors.js";
export {
  decodedArgs,
  decodedRead,
  type DecodedReadParameters,
  decodeRevert,
  type DecodeRevertParameters,
  type DecodeRevertReturnType,
  type NamedInterface,
  type RecordLabels,
  refusal,
  revertDataOf,
  shortReason,
} from "./errors/revert.js";
