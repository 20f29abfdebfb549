/**
 * `roles …` commands: grant, revoke, list, show-function, schedule, execute, cancel, operation.
 *
 * @module
 */
import { chainTime } from "../../chain.js";
import {
  cancelOperation,
  executeOperation,
  findOperation,
  grantRole,
  listRoles,
  resolveFunction,
  resolveTarget,
  revokeRole,
  scheduleOperation,
  showFunction,
  type ScheduledOperation,
} from "../../actions/roles.js";
import { settlePendingUpgrade } from "../../deployment.js";
import { writeDeployment } from "../../deployment-files.js";
import { InvalidInputError } from "../../errors.js";
import {
  validateAddress,
  validateDuration,
  validateFutureDeadline,
  validateHash,
  validateRequired,
  validateRole,
} from "../../validate.js";
import { durationText } from "../../vocabulary.js";
import { contextOf } from "../context.js";
import { isoTime } from "../format.js";
import { type CommonArgs, command, type Session } from "../session.js";

interface GrantArgs extends CommonArgs {
  readonly role?: string;
  readonly account?: string;
  readonly executionDelay?: string;
}

export const grant = command<GrantArgs>({ write: true }, async (args, session) => {
  const role = validateRole("--role", args.role);
  const account = validateAddress("--account", args.account);
  const executionDelay =
    args.executionDelay === undefined ? undefined : validateDuration("--execution-delay", args.executionDelay);
  const result = await grantRole({ ...contextOf(session), role: role.name, account, executionDelay });
  return {
    data: { role: role.name, account, executionDelay: result.executionDelay, since: result.since },
    lines: [
      `${role.name} for ${account} with an execution delay of ${durationText(result.executionDelay)}` +
        (result.since === null ? "" : `, effective ${isoTime(result.since)}`),
    ],
    transactions: result.transactions,
    safeTitle: `Grant ${role.name}`,
  };
});

interface RevokeArgs extends CommonArgs {
  readonly role?: string;
  readonly account?: string;
}

export const revoke = command<RevokeArgs>({ write: true }, async (args, session) => {
  const role = validateRole("--role", args.role);
  const account = validateAddress("--account", args.account);
  const result = await revokeRole({ ...contextOf(session), role: role.name, account });
  return {
    data: { role: role.name, account },
    lines: [`${role.name} revoked from ${account}`],
    transactions: result.transactions,
    safeTitle: `Revoke ${role.name}`,
  };
});

interface ListArgs extends CommonArgs {
  readonly role?: string;
}

export const list = command<ListArgs>({ write: false }, async (args, session) => {
  const role = args.role === undefined ? undefined : validateRole("--role", args.role).name;
  const roles = await listRoles({ suite: session.suite, role });
  const lines: string[] = [];
  for (const summary of roles) {
    lines.push(
      `${summary.name} (id ${summary.id}; admin ${summary.admin}, guardian ${summary.guardian}, grant delay ${durationText(summary.grantDelay)})`,
    );
    if (summary.members.length === 0) lines.push("  no holder");
    for (const member of summary.members) {
      lines.push(
        `  ${member.account}  execution delay ${durationText(member.executionDelay)}  since ${isoTime(member.since)}`,
      );
    }
  }
  return { data: { roles }, lines };
});

interface ShowFunctionArgs extends CommonArgs {
  readonly contract?: string;
  readonly function?: string;
}

export const showFunctionCommand = command<ShowFunctionArgs>({ write: false }, async (args, session) => {
  const shown = await showFunction({
    suite: session.suite,
    contract: validateRequired("--contract", args.contract),
    function: validateRequired("--function", args.function),
  });
  const lines = [
    `${shown.contract}.${shown.signature} (selector ${shown.selector}) at ${shown.address}`,
    `  who may call it: ${shown.whoMayCall}`,
    ...(shown.openCheck === null ? [`  required role: ${shown.role}`] : []),
    `  guardian: ${shown.guardian}; role grant delay ${durationText(shown.grantDelay)}; target admin delay ${durationText(shown.targetAdminDelay)}` +
      (shown.targetClosed ? "; the contract is CLOSED" : ""),
  ];
  if (shown.openCheck === null && shown.role !== "PUBLIC") {
    if (shown.members.length === 0) lines.push("  no holder");
    for (const member of shown.members) {
      lines.push(`  holder ${member.account}  execution delay ${durationText(member.executionDelay)}`);
    }
  }
  return { data: { ...shown }, lines };
});

interface ScheduleArgs extends CommonArgs {
  readonly contract?: string;
  readonly function?: string;
  readonly args?: string;
  readonly data?: string;
  readonly when?: string;
}

export const schedule = command<ScheduleArgs>({ write: true }, async (args, session) => {
  const target = await resolveTarget({ suite: session.suite, target: validateRequired("--contract", args.contract) });
  let data: string;
  if (args.data !== undefined) {
    if (args.function !== undefined) {
      throw new InvalidInputError({ field: "--data", reason: "give either --data or --function, not both" });
    }
    data = validateRequired("--data", args.data);
    if (!/^0x([0-9a-fA-F]{2}){4,}$/.test(data)) {
      throw new InvalidInputError({ field: "--data", reason: "must be hex calldata (0x, a selector, arguments)" });
    }
  } else {
    const fragment = resolveFunction({ target: target, function: validateRequired("--function", args.function) });
    let values: unknown;
    try {
      values = JSON.parse(args.args ?? "[]");
    } catch (error) {
      throw new InvalidInputError({ field: "--args", reason: "must be a JSON array", cause: error });
    }
    if (!Array.isArray(values)) throw new InvalidInputError({ field: "--args", reason: "must be a JSON array" });
    try {
      data = target.contract.interface.encodeFunctionData(fragment, values);
    } catch (error) {
      throw new InvalidInputError({
        field: "--args",
        reason: `do not fit ${fragment.format("sighash")}: ${(error as Error).message.split(" (")[0]}`,
        cause: error,
      });
    }
  }
  const now = await chainTime(session.provider);
  const when = args.when === undefined ? undefined : Number(validateFutureDeadline("--when", args.when, now));
  const result = await scheduleOperation({ ...contextOf(session), contract: target.name, data, when });
  return {
    data: { operationId: result.operationId, call: result.call, executableAt: result.executableAt },
    lines: [
      `Operation ${result.operationId}: ${result.call}`,
      `  executable from ${isoTime(result.executableAt)}; run \`roles execute --operation ${result.operationId}\` then`,
    ],
    transactions: result.transactions,
    safeTitle: `Schedule ${result.call}`,
  };
});

function describeOperation(operation: ScheduledOperation): string[] {
  return [
    `Operation ${operation.operationId} (nonce ${operation.nonce}): ${operation.targetName}.${operation.call}`,
    `  scheduled by ${operation.caller} in ${operation.scheduledInTx}`,
    `  status ${operation.status}; executable from ${isoTime(operation.executableAt)} until ${isoTime(operation.expiresAt)}`,
  ];
}

interface OperationArgs extends CommonArgs {
  readonly operation?: string;
}

/** Brings the deployment record up to date after an upgrade's operation was executed or cancelled. */
async function settleUpgrade(session: Session, operationId: string, outcome: "executed" | "cancelled") {
  const { suite } = session;
  const pending = suite.deployment.pendingUpgrades?.[operationId];
  if (session.mode !== "send" || pending === undefined) return;
  const version =
    outcome === "executed"
      ? ((await suite.contracts[pending.contract].getFunction("version").staticCall()) as string)
      : undefined;
  const updated = settlePendingUpgrade({ deployment: suite.deployment, operationId, outcome, version });
  if (updated !== undefined) writeDeployment(updated, session.deploymentsDir);
}

export const execute = command<OperationArgs>({ write: true }, async (args, session) => {
  const operationId = validateHash("--operation", args.operation);
  const result = await executeOperation({ ...contextOf(session), operationId });
  await settleUpgrade(session, operationId, "executed");
  return {
    data: { operation: result.operation },
    lines: describeOperation(result.operation),
    transactions: result.transactions,
    safeTitle: `Execute ${result.operation.call}`,
  };
});

export const cancel = command<OperationArgs>({ write: true }, async (args, session) => {
  const operationId = validateHash("--operation", args.operation);
  const result = await cancelOperation({ ...contextOf(session), operationId });
  await settleUpgrade(session, operationId, "cancelled");
  return {
    data: { operation: result.operation },
    lines: describeOperation(result.operation),
    transactions: result.transactions,
    safeTitle: `Cancel ${result.operation.call}`,
  };
});

export const operation = command<OperationArgs>({ write: false }, async (args, session) => {
  const found = await findOperation({ suite: session.suite, operationId: validateHash("--operation", args.operation) });
  return { data: { operation: found }, lines: describeOperation(found) };
});
