/**
 * What every admin command shares: connecting to the network, finding the deployment, choosing the acting account
 * and the mode (send, dry run, Safe batch), printing the result for people or as JSON, and turning any failure
 * into one line on stderr and exit code 1.
 *
 * @module
 */
import { resolve } from "node:path";

import type { Provider, Signer } from "ethers";
import { getAddress, VoidSigner } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { NewTaskActionFunction } from "hardhat/types/tasks";

import type { ExecutionMode, PlannedTransaction, SentTransaction } from "../actions/execute.js";
import type { ReceiptPolicy } from "../actions/receipts.js";
import { checkDeploymentOnChain, connectSuite, deploymentNameOf, suiteInterfaces, type Suite } from "../deployment.js";
import { defaultDeploymentsDir, readDeployment } from "../deployment-files.js";
import {
  decodeRevert,
  EgovError,
  InvalidInputError,
  revertDataOf,
  shortReason,
  UpgradeNotSafeError,
} from "../errors.js";
import { configureLogReads } from "../logs.js";
import { writeSafeBatch } from "../safe.js";
import { validateAddress } from "../validate.js";
import { eventTokenUnits, formatJson, kebab, printTransactions, type TokenUnit } from "./format.js";
import { hardhatHost } from "./hardhat-host.js";
import { type CommandHost, type HostConnection, isCommandHost } from "./host.js";

/** The options every command may have. */
export interface CommonArgs {
  readonly json?: boolean;
  readonly dryRun?: boolean;
  readonly safe?: string;
  readonly from?: string;
  readonly replaceStuck?: boolean;
}

/** An open command session. */
export interface Session {
  /** Hardhat's runtime: only for a command run as a Hardhat task (the others fail when they touch it). */
  readonly hre: HardhatRuntimeEnvironment;
  /** Hardhat's connection: only for a command run as a Hardhat task. */
  readonly connection: NetworkConnection;
  readonly networkName: string;
  readonly provider: Provider;
  readonly chainId: bigint;
  readonly deploymentsDir: string;
  readonly mode: ExecutionMode;
  readonly json: boolean;
  /** The suite of the network's deployment record (commands that need none get an error when they touch it). */
  readonly suite: Suite;
  /** The acting account (a VoidSigner in dry-run and Safe modes). */
  readonly signer: Signer;
  /** Local accounts of the network, for commands that need one besides the acting account. */
  readonly localSigners: () => Promise<Signer[]>;
  /** How transactions are awaited on this network (its `egov` settings and `--replace-stuck`). */
  readonly receipts: ReceiptPolicy;
}

/** What a command hands back to be printed. */
export interface CommandResult {
  /** The machine-readable result (`--json`); transactions are added by the session. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The result for people, one entry per line. */
  readonly lines: readonly string[];
  /** Transactions the command sent, or planned in dry-run and Safe modes. */
  readonly transactions?: readonly (SentTransaction | PlannedTransaction)[];
  /** A title for a Safe batch file. */
  readonly safeTitle?: string;
  /** Names of the credential kinds the result mentions, by number, for its event lines. */
  readonly kinds?: ReadonlyMap<bigint, string>;
}

export interface CommandSettings {
  /** The command sends transactions (write) or only reads. */
  readonly write: boolean;
  /** The command needs the network's deployment record (every command but the deployment itself). */
  readonly needsDeployment?: boolean;
}

/**
 * Wraps a command body into a Hardhat task action: opens the session, runs the body, prints its result (writing the
 * Safe batch in multisig mode) and reports failures as one line on stderr with exit code 1. The `egov` command runs
 * the same action with its own host in place of Hardhat's runtime ({@link runWithHost}).
 */
export function command<ArgsT extends CommonArgs>(
  settings: CommandSettings,
  body: (args: ArgsT, session: Session) => Promise<CommandResult>,
): NewTaskActionFunction<ArgsT> {
  return async (args: ArgsT, runtime: HardhatRuntimeEnvironment | CommandHost) => {
    const host = isCommandHost(runtime) ? runtime : hardhatHost(runtime);
    let connection: HostConnection | undefined;
    try {
      const mode = modeOf(args, settings.write);
      connection = await host.connect();
      const session = await openSession(host, connection, args, mode, settings);
      const result = await body(args, session);
      const transactions = (result.transactions ?? []) as PlannedTransaction[];
      if (mode === "safe" && transactions.length === 0) {
        output(session, settings, result, [`Nothing to do: no Safe batch written (${resolve(args.safe!)} untouched)`]);
      } else if (mode === "safe") {
        const file = resolve(args.safe!);
        writeSafeBatch({
          path: file,
          chainId: session.chainId,
          safeAddress: await session.signer.getAddress(),
          title: result.safeTitle ?? "egov-registries",
          transactions,
        });
        output(session, settings, result, [
          `Wrote ${transactions.length} transaction(s) for Safe ${await session.signer.getAddress()} to ${file}`,
        ]);
      } else {
        const units = session.json ? undefined : await eventTokenUnits(session.provider, result.transactions ?? []);
        output(session, settings, result, [], units);
      }
    } catch (error) {
      fail(await host.explain(error, connection?.networkName), args, host);
    } finally {
      await connection?.close();
    }
  };
}

/** Runs a command's action (as its declaration's lazy module gives it) with a host other than Hardhat's. */
export async function runWithHost(
  action: NewTaskActionFunction,
  args: Readonly<Record<string, unknown>>,
  host: CommandHost,
): Promise<void> {
  await (action as unknown as (args: Readonly<Record<string, unknown>>, host: CommandHost) => Promise<unknown>)(
    args,
    host,
  );
}

function modeOf(args: CommonArgs, write: boolean): ExecutionMode {
  if (!write) return "send";
  if (args.dryRun === true && args.safe !== undefined) {
    throw new InvalidInputError({ field: "--safe", reason: "cannot be combined with --dry-run" });
  }
  if (args.safe !== undefined) {
    if (args.safe.trim() === "") throw new InvalidInputError({ field: "--safe", reason: "needs a file name" });
    if (args.from === undefined) {
      throw new InvalidInputError({ field: "--from", reason: "is required with --safe: the Safe's address" });
    }
    return "safe";
  }
  return args.dryRun === true ? "dry-run" : "send";
}

async function openSession(
  host: CommandHost,
  connection: HostConnection,
  args: CommonArgs,
  mode: ExecutionMode,
  settings: CommandSettings,
): Promise<Session> {
  const provider: Provider = connection.provider;
  configureLogReads(provider, {
    maxBlockRange: connection.maxLogBlockRange,
    node: `the node of network "${connection.networkName}"`,
  });
  const deploymentsDir = defaultDeploymentsDir(host.root);
  const chainId = (await provider.getNetwork()).chainId;
  let suite: Suite | undefined;
  if (settings.needsDeployment !== false && connection.inProcess) {
    throw new EgovError(
      `no --network given: the in-process network "${connection.networkName}" starts empty for every command and keeps nothing after it; ` +
        "start a node (`npx hardhat node`), deploy to it (`npx hardhat suite deploy --network localhost`) and pass " +
        "`--network localhost` to every command (`npm run demo` walks the flows in one process)",
    );
  }
  if (settings.needsDeployment !== false) {
    const name = deploymentNameOf({
      networkName: connection.networkName,
      networkType: connection.inProcess ? "edr-simulated" : "http",
    });
    const deployment = readDeployment({ network: name }, deploymentsDir);
    await checkDeploymentOnChain(deployment, provider);
    suite = connectSuite({ deployment, runner: provider });
  }
  const signer = await actingSigner(connection, provider, args, mode, settings.write);
  const receipts = connection.receipts(args.replaceStuck === true);
  const hardhat = (): NonNullable<HostConnection["hardhat"]> => {
    if (connection.hardhat !== undefined) return connection.hardhat;
    throw new EgovError("this command needs Hardhat: run it as `npx hardhat …` in the project");
  };
  return {
    get hre(): HardhatRuntimeEnvironment {
      return hardhat().hre;
    },
    get connection(): NetworkConnection {
      return hardhat().connection;
    },
    networkName: connection.networkName,
    provider,
    chainId,
    deploymentsDir,
    mode,
    json: args.json === true,
    get suite(): Suite {
      if (suite === undefined) throw new EgovError("this command has no deployment to work on");
      return suite;
    },
    signer,
    localSigners: () => connection.localSigners(),
    receipts,
  };
}

async function actingSigner(
  connection: HostConnection,
  provider: Provider,
  args: CommonArgs,
  mode: ExecutionMode,
  write: boolean,
): Promise<Signer> {
  const accounts = await connection.accounts();
  if (args.from !== undefined) {
    const from = validateAddress("--from", args.from);
    if (mode !== "send") return new VoidSigner(from, provider);
    if (!accounts.some((account) => getAddress(account) === from)) {
      throw new InvalidInputError({
        field: "--from",
        reason: `${from} is not an account of network "${connection.networkName}" (it can sign for ${accounts.length} account(s))`,
      });
    }
    return connection.signer(from);
  }
  if (accounts.length === 0) {
    if (!write) return new VoidSigner("0x0000000000000000000000000000000000000000", provider);
    throw new InvalidInputError({
      field: "--from",
      reason: `network "${connection.networkName}" has no account; ${connection.noAccountHint} or use --safe`,
    });
  }
  const first = getAddress(accounts[0]);
  return mode === "send" ? connection.signer(first) : new VoidSigner(first, provider);
}

/** Prints a result; the mode (send, dry run, Safe batch) only for a command that writes. */
function output(
  session: Session,
  settings: CommandSettings,
  result: CommandResult,
  extra: readonly string[],
  units?: ReadonlyMap<string, TokenUnit>,
): void {
  if (session.json) {
    const payload = {
      network: session.networkName,
      chainId: session.chainId,
      ...(settings.write ? { mode: session.mode } : {}),
      ...result.data,
    };
    process.stdout.write(
      `${formatJson(result.transactions === undefined ? payload : { ...payload, transactions: result.transactions })}\n`,
    );
    return;
  }
  const lines = [...result.lines];
  if (result.transactions !== undefined && !(session.mode === "safe" && result.transactions.length === 0)) {
    lines.push(...printTransactions(session.mode, result.transactions, { units, kinds: result.kinds }));
  }
  lines.push(...extra);
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Prints a failure as one line (the field named as on the command line) and sets exit code 1. */
function fail(error: unknown, args: CommonArgs, host: CommandHost): void {
  const egov =
    error instanceof EgovError || revertDataOf(error) === undefined
      ? error
      : decodeRevert({ error, interfaces: suiteInterfaces() });
  let line = shortReason(egov);
  if (egov instanceof InvalidInputError && egov.field in args) {
    line = `--${kebab(egov.field)}: ${egov.reason}`;
  }
  process.stderr.write(`Error: ${line}\n`);
  if (egov instanceof UpgradeNotSafeError && egov.report !== "") process.stderr.write(`${egov.report}\n`);
  if (process.env.EGOV_DEBUG === "1" || host.showStackTraces)
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  if (args.json === true) {
    const name = egov instanceof Error ? egov.name : "Error";
    process.stdout.write(`${formatJson({ error: { name, message: line } })}\n`);
  }
  process.exitCode = 1;
}
