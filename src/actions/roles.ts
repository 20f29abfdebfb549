/**
 * Roles and scheduled operations in the GovernmentAuthority: grant, revoke, list holders (rebuilt from events), show
 * what a function requires, and schedule, execute or cancel delayed calls.
 *
 * @module
 */

export { resolveFunction, resolveTarget, roleLabel, type SuiteTarget } from "./roles/targets.js";
export {
  defaultExecutionDelay,
  grantRole,
  type GrantRoleParameters,
  type GrantRoleReturnType,
  revokeRole,
  type RevokeRoleParameters,
  type RevokeRoleReturnType,
} from "./roles/grants.js";
export {
  listRoles,
  type ListRolesParameters,
  type ListRolesReturnType,
  type RoleMember,
  type RoleSummary,
  showFunction,
  type ShowFunctionParameters,
  type ShowFunctionReturnType,
} from "./roles/reading.js";
export {
  cancelOperation,
  type CancelOperationParameters,
  type CancelOperationReturnType,
  executeOperation,
  type ExecuteOperationParameters,
  type ExecuteOperationReturnType,
  findOperation,
  type FindOperationParameters,
  type FindOperationReturnType,
  type OperationStatus,
  type ScheduledOperation,
  scheduleOperation,
  type ScheduleOperationParameters,
  type ScheduleOperationReturnType,
} from "./roles/operations.js";
