/**
 * The set-up the credential tests share: the admin suite with two institutions, each with its issuer account (the
 * diploma issuer for institution 1, carol for institution 2), and the signing keys each institution publishes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { encodeBytes32String, id, type Signer, ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { NewTaskActionFunction } from "hardhat/types/tasks";

import type { CommandHost } from "../../src/cli/host.js";
import { receiptPolicyOf } from "../../src/cli/network.js";
import { runWithHost } from "../../src/cli/session.js";
import type { SuiteDeployment } from "../../src/deployment.js";

import { institutionKey, selectiveDisclosureKey } from "../../src/credentials/index.js";
import { Roles } from "../../src/roles.js";
import { deployAdminSuite } from "./adminSuite.js";

/** France, as the registry writes a country. */
export const FR = "0x4652";
/** Where the tests' institutions host their status lists. */
export const STATUS_BASE = "https://status.example.gov/credentials";

/** The type of an institution's signing key: Ed25519 (`eddsa-rdfc-2022`) or P-256 (`ecdsa-sd-2023`). */
export type KeyType = "ed25519" | "p256";

/** The public key (`bytes32`) of a seed's key of the given type. */
export async function publicKeyOf(seed: string, keyType: KeyType): Promise<string> {
  return keyType === "p256"
    ? (await selectiveDisclosureKey({ seed })).publicKey
    : (await institutionKey({ seed })).publicKey;
}

/** One of the two institutions: its name and the key it publishes. */
export interface InstitutionSetUp {
  readonly name: string;
  readonly seed: string;
  readonly keyType: KeyType;
}

/**
 * The admin suite with institutions 1 and 2 registered, accredited and bound to their issuers (the diploma issuer and
 * carol), each having published the key of its seed.
 */
export async function credentialSuite(
  connection: NetworkConnection,
  institutions: readonly [InstitutionSetUp, InstitutionSetUp],
) {
  const f = await deployAdminSuite(connection);
  const { accreditor, diplomaIssuer, carol, admin } = f.accounts;
  await f.authority.connect(admin).grantRole(Roles.DIPLOMA_ISSUER, carol.address, 0);
  const asAccreditor = f.diplomas.connect(accreditor);
  for (const { name } of institutions) await asAccreditor.registerInstitution(name, FR, id("accreditation"));
  await asAccreditor.bindIssuer(diplomaIssuer.address, 1);
  await asAccreditor.bindIssuer(carol.address, 2);
  const asIssuer = f.diplomas.connect(diplomaIssuer);
  const asCarol = f.diplomas.connect(carol);
  await asIssuer.publishSigningKey(await publicKeyOf(institutions[0].seed, institutions[0].keyType));
  await asCarol.publishSigningKey(await publicKeyOf(institutions[1].seed, institutions[1].keyType));
  return { ...f, asAccreditor, asIssuer, asCarol };
}

/** A credential's on-chain data (`DiplomaData`) for a document named `name`, awarded at `awardedAt`. */
export function credentialData(name: string, awardedAt: number, programme = "MSC-PHYS") {
  return {
    documentHash: id(`document ${name}`),
    holderCommitment: id(`holder ${name}`),
    holderWallet: ZeroAddress,
    programmeCode: encodeBytes32String(programme),
    awardedAt,
  };
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("it succeeded");
    },
    (error: unknown) => error,
  );
}

/** What a command printed and the exit code it set. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | undefined;
}

/**
 * A command host on the test's own chain, with the suite's deployment record in a folder of `root` under the network
 * name `credentials-test`, so that the commands that need a deployment run in process.
 */
export function testCommandHost(
  connection: NetworkConnection,
  hre: HardhatRuntimeEnvironment,
  root: string,
  deployment: SuiteDeployment,
): CommandHost {
  const network = "credentials-test";
  mkdirSync(join(root, "deployments"), { recursive: true });
  writeFileSync(join(root, "deployments", `${network}.json`), JSON.stringify({ ...deployment, network }, null, 2));
  return {
    kind: "egov-command-host",
    root,
    showStackTraces: false,
    explain: async (error) => error,
    async connect() {
      return {
        networkName: network,
        inProcess: false,
        provider: connection.ethers.provider,
        accounts: async () => (await connection.provider.request({ method: "eth_accounts" })) as string[],
        noAccountHint: "none",
        signer: (address) => connection.ethers.getSigner(address),
        localSigners: () => connection.ethers.getSigners() as Promise<Signer[]>,
        receipts: (replace) => receiptPolicyOf({ hre, connection, replace }),
        close: async () => undefined,
      };
    },
  };
}

/** Runs a command's action with a host, returning what it printed and the exit code it set (then restored). */
export async function runCommand(
  action: unknown,
  args: Readonly<Record<string, unknown>>,
  host: CommandHost,
): Promise<CommandOutput> {
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  let stdout = "";
  let stderr = "";
  process.stdout.write = ((chunk: string) => ((stdout += chunk), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    await runWithHost(action as NewTaskActionFunction, args, host);
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  const exitCode = process.exitCode as number | undefined;
  process.exitCode = previousExitCode;
  return { stdout, stderr, exitCode };
}
