/**
 * The deployment's configuration file: the admin, the role grants, the delays and the sale-approval policy, checked
 * before anything is sent.
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { getAddress } from "ethers";
import { type SuiteConfig } from "../../../ignition/modules/Suite.js";
import { InvalidInputError, shortReason } from "../../errors.js";
import { DefaultDelays, LABELLED_ROLES, type RoleName, type SuiteDelays } from "../../roles.js";
import { validateAddress } from "../../validate.js";

// -----------------------------------------------------------------------------------------------------------------
// Configuration file
// -----------------------------------------------------------------------------------------------------------------

/** A deployment's parameters as read from `deployments/config/<network>.json`; `admin` is required. */
export type SuiteDeployConfig = SuiteConfig & { readonly admin: string };

/** Roles the configuration may grant: every labelled role but TRANSFER_AGENT (the transfer contract's alone). */
const GRANTABLE: readonly RoleName[] = LABELLED_ROLES.filter((role) => role !== "TRANSFER_AGENT");

export interface ReadSuiteConfigParameters {
  readonly path: string;
  /** The account that will send the deployment: it may not be the admin, since it renounces ADMIN at the end. */
  readonly deployer?: string;
}

export type ReadSuiteConfigReturnType = SuiteDeployConfig;

/**
 * Reads and checks a deployment configuration: `admin` (the account that holds ADMIN after the deployment),
 * `grants` (role name -> accounts), `delays` (`recovery`, `upgrade`, `court`, in seconds, at least one second) and
 * `saleApproval` (`property`: whether title sales need a registrar's approval). Unknown keys are refused.
 */
export function readSuiteConfig({ path, deployer }: ReadSuiteConfigParameters): ReadSuiteConfigReturnType {
  const name = relative(process.cwd(), path) || path;
  if (!existsSync(path)) {
    throw new InvalidInputError({ field: name, reason: "not found; write the deployment's parameters there first" });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidInputError({ field: name, reason: `is not valid JSON (${shortReason(error)})`, cause: error });
  }
  const field = (key: string) => `${name} ${key}`;
  const object = (value: unknown, key: string, allowed: readonly string[]): Record<string, unknown> => {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new InvalidInputError({ field: field(key), reason: "must be an object" });
    }
    for (const entry of Object.keys(value)) {
      if (!allowed.includes(entry)) {
        throw new InvalidInputError({
          field: field(key === "" ? entry : `${key}.${entry}`),
          reason: `unknown key (expected one of ${allowed.join(", ")})`,
        });
      }
    }
    return value as Record<string, unknown>;
  };
  const root = object(raw, "", ["$comment", "admin", "grants", "delays", "saleApproval"]);
  const admin = validateAddress(field("admin"), typeof root.admin === "string" ? root.admin : undefined);
  if (deployer !== undefined && getAddress(deployer) === admin) {
    throw new InvalidInputError({
      field: field("admin"),
      reason: `must differ from the deployer ${deployer}, which renounces ADMIN once the suite is wired`,
    });
  }
  const grants: Partial<Record<RoleName, string[]>> = {};
  if (root.grants !== undefined) {
    const byRole = object(root.grants, "grants", GRANTABLE);
    for (const [role, accounts] of Object.entries(byRole)) {
      if (!Array.isArray(accounts)) {
        throw new InvalidInputError({ field: field(`grants.${role}`), reason: "must be an array of addresses" });
      }
      const list = accounts.map((account: unknown, index) =>
        validateAddress(field(`grants.${role}[${index}]`), typeof account === "string" ? account : undefined),
      );
      const duplicate = list.find((account, index) => list.indexOf(account) !== index);
      if (duplicate !== undefined) {
        throw new InvalidInputError({ field: field(`grants.${role}`), reason: `lists ${duplicate} twice` });
      }
      grants[role as RoleName] = list;
    }
  }
  const delays: { -readonly [Kind in keyof SuiteDelays]?: number } = {};
  if (root.delays !== undefined) {
    const values = object(root.delays, "delays", Object.keys(DefaultDelays));
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 || value >= 2 ** 32) {
        throw new InvalidInputError({
          field: field(`delays.${key}`),
          reason: "must be a whole number of seconds from 1 to 4294967295",
        });
      }
      delays[key as keyof SuiteDelays] = value;
    }
  }
  let saleApproval: { property?: boolean } = {};
  if (root.saleApproval !== undefined) {
    const values = object(root.saleApproval, "saleApproval", ["property"]);
    if (values.property !== undefined && typeof values.property !== "boolean") {
      throw new InvalidInputError({ field: field("saleApproval.property"), reason: "must be true or false" });
    }
    saleApproval = { property: values.property as boolean | undefined };
  }
  return { admin, grants, delays, saleApproval };
}
