/**
 * Institutions on the DiplomaRegistry (ACCREDITOR): register, suspend, reinstate, bind and unbind issuer accounts, and
 * the checks of an institution that the issuing actions share.
 *
 * @module
 */
import { getAddress, hexlify, toUtf8Bytes } from "ethers";
import type { Suite } from "../../deployment.js";
import { InvalidInputError, refusal } from "../../errors.js";
import { validateHash } from "../../validate.js";
import { INSTITUTION_STATUSES } from "../../vocabulary.js";
import { type ActionContext, execute, type Execution, findEvent } from "../execute.js";

// -----------------------------------------------------------------------------------------------------------------
// Checks
// -----------------------------------------------------------------------------------------------------------------

/**
 * The institution an issuer account issues for, checked before a bulk job reads its rows against the chain (the
 * contract would say the same, but only once the rows are checked): bound to an institution, and that institution
 * accredited.
 */
export async function issuerInstitution(suite: Suite, account: string): Promise<number> {
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(account));
  if (institutionId === 0) {
    throw refusal({ errorName: "DiplomaRegistryIssuerNotBound", args: { issuer: account } });
  }
  const institution = await suite.diplomaRegistry.institution(institutionId);
  if (INSTITUTION_STATUSES[Number(institution.status)] !== "Accredited") {
    throw refusal({ errorName: "DiplomaRegistryInstitutionSuspended", args: { institutionId } });
  }
  return institutionId;
}

/** A two-letter ISO 3166-1 alpha-2 country code as the registry's `bytes2`. */
export function countryCode(field: string, value: string): string {
  const text = value.trim();
  if (!/^[A-Z]{2}$/.test(text)) {
    throw new InvalidInputError({ field, reason: `"${value}" is not two upper-case letters (ISO 3166-1 alpha-2)` });
  }
  return hexlify(toUtf8Bytes(text));
}

// -----------------------------------------------------------------------------------------------------------------
// Institutions (ACCREDITOR)
// -----------------------------------------------------------------------------------------------------------------

export type RegisterInstitutionParameters = ActionContext & {
  readonly name: string;
  /** ISO 3166-1 alpha-2 code, like "FR". */
  readonly country: string;
  /** Hash of the accreditation document. */
  readonly accreditationDocument: string;
};

/** The new institution's id once sent; in dry-run and Safe modes, the id it gets if nothing is registered before. */
export type RegisterInstitutionReturnType = Execution & { readonly institutionId: number };

/** Registers an institution, accredited from now on. Needs ACCREDITOR. */
export async function registerInstitution(
  parameters: RegisterInstitutionParameters,
): Promise<RegisterInstitutionReturnType> {
  const { suite, name } = parameters;
  if (name.trim() === "") throw new InvalidInputError({ field: "name", reason: "is required" });
  const country = countryCode("country", parameters.country);
  const accreditationDocument = validateHash("accreditationDocument", parameters.accreditationDocument);
  const next = Number(await suite.diplomaRegistry.institutionCount()) + 1;
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "registerInstitution",
        args: [name, country, accreditationDocument],
        description: `register institution ${name} (${parameters.country})`,
      },
    ],
  });
  const event = findEvent({ execution, name: "InstitutionRegistered" });
  return { ...execution, institutionId: event === undefined ? next : Number(event.args.institutionId) };
}

export type SuspendInstitutionParameters = ActionContext & {
  readonly institutionId: number;
  /** Hash of the decision. */
  readonly basis: string;
};
export type SuspendInstitutionReturnType = Execution & { readonly institutionId: number };

/** Suspends an accredited institution: its issuers cannot issue until it is reinstated. Needs ACCREDITOR. */
export async function suspendInstitution(
  parameters: SuspendInstitutionParameters,
): Promise<SuspendInstitutionReturnType> {
  const { suite, institutionId } = parameters;
  const basis = validateHash("basis", parameters.basis);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "suspendInstitution",
        args: [institutionId, basis],
        description: `suspend institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, institutionId };
}

export type ReinstateInstitutionParameters = ActionContext & {
  readonly institutionId: number;
  /** Hash of the new accreditation document. */
  readonly accreditationDocument: string;
};
export type ReinstateInstitutionReturnType = Execution & { readonly institutionId: number };

/** Accredits a suspended institution again. Needs ACCREDITOR. */
export async function reinstateInstitution(
  parameters: ReinstateInstitutionParameters,
): Promise<ReinstateInstitutionReturnType> {
  const { suite, institutionId } = parameters;
  const accreditationDocument = validateHash("accreditationDocument", parameters.accreditationDocument);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "reinstateInstitution",
        args: [institutionId, accreditationDocument],
        description: `reinstate institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, institutionId };
}

export type BindIssuerParameters = ActionContext & { readonly issuer: string; readonly institutionId: number };
export type BindIssuerReturnType = Execution & { readonly issuer: string; readonly institutionId: number };

/**
 * Binds an issuer account to an institution. Needs ACCREDITOR. The account also needs DIPLOMA_ISSUER in the
 * authority to issue (`roles grant`).
 */
export async function bindIssuer(parameters: BindIssuerParameters): Promise<BindIssuerReturnType> {
  const { suite, institutionId } = parameters;
  const issuer = getAddress(parameters.issuer);
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "bindIssuer",
        args: [issuer, institutionId],
        description: `bind ${issuer} to institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, issuer, institutionId };
}

export type UnbindIssuerParameters = ActionContext & { readonly issuer: string };
export type UnbindIssuerReturnType = Execution & { readonly issuer: string; readonly institutionId: number };

/** Unbinds an issuer account from its institution. Needs ACCREDITOR. */
export async function unbindIssuer(parameters: UnbindIssuerParameters): Promise<UnbindIssuerReturnType> {
  const { suite } = parameters;
  const issuer = getAddress(parameters.issuer);
  const institutionId = Number(await suite.diplomaRegistry.institutionOf(issuer));
  const execution = await execute({
    ...parameters,
    steps: [
      {
        contract: suite.diplomaRegistry,
        contractName: "DiplomaRegistry",
        functionName: "unbindIssuer",
        args: [issuer],
        description: `unbind ${issuer} from institution ${institutionId}`,
      },
    ],
  });
  return { ...execution, issuer, institutionId };
}
