/**
 * The suite's registry manifest: one row per contract, saying what it brings (its ABI and the interfaces shipped
 * with it, its events, its roles wiring, its deployment record, how its state is rebuilt from events, its commands).
 * Every list of contracts in the code, the package build and the package is derived from these rows, and the
 * manifest test fails when a compiled contract of the suite has no row or a row is incomplete.
 *
 * Adding a registry is one row here plus its own files (contract, actions, commands, replay).
 *
 * Kept free of runtime imports, so that the package build (`scripts/build-package.ts`, run by Node alone) reads it.
 *
 * @module
 */

/** An interface whose ABI ships with a contract, and its folder under `contracts/`. */
export interface ManifestInterface {
  readonly name: string;
  readonly folder: string;
}

/** One contract of the suite and what it brings. */
export interface ManifestRow {
  /** The contract's name: its artifact, its ABI (`abi/<name>.json`) and its key in a deployment record. */
  readonly name: string;
  /** Its folder under `contracts/`. */
  readonly folder: string;
  /** The interfaces it declares or implements whose ABIs ship with it. */
  readonly interfaces: readonly ManifestInterface[];
  /** Whether the authority wires its functions to roles: it then has a table in `ACCESS` (`src/wiring.ts`). */
  readonly governed: boolean;
  /** How the deployment record holds it: behind a UUPS proxy (`proxy`), or at a plain address (`address`). */
  readonly deployment: "proxy" | "address";
  /** How its state is rebuilt from its events alone: the `replay` module's function, or why there is none. */
  readonly replay: { readonly function: string } | { readonly none: string };
  /** The command group (`npx hardhat <area> …`) of its commands. */
  readonly cliArea: string;
}

/** Interfaces that every registry shares, shipped once. */
export const SHARED_INTERFACES = [
  { name: "IGoverned", folder: "common" },
] as const satisfies readonly ManifestInterface[];

/** The suite's contracts, one row each, in the order of the package's ABI list. */
export const MANIFEST = [
  {
    name: "GovernmentAuthority",
    folder: "authority",
    interfaces: [{ name: "IGovernmentAuthority", folder: "authority" }],
    governed: false,
    deployment: "address",
    replay: { none: "an OpenZeppelin AccessManager: roles, delays and targets are read from the manager itself" },
    cliArea: "roles",
  },
  {
    name: "PropertyRegistry",
    folder: "property",
    interfaces: [
      { name: "IPropertyRegistry", folder: "property" },
      { name: "IERC5192", folder: "common" },
    ],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayPropertyRegistry" },
    cliArea: "property",
  },
  {
    name: "OwnershipTransfer",
    folder: "transfer",
    interfaces: [
      { name: "IOwnershipTransfer", folder: "transfer" },
      { name: "IOwnershipSales", folder: "transfer" },
      { name: "ISignedOffers", folder: "transfer" },
      { name: "ICourtOrders", folder: "transfer" },
      { name: "IOwnershipRegistry", folder: "common" },
      { name: "ITextErrors", folder: "common" },
    ],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayOwnershipTransfer" },
    cliArea: "transfers",
  },
  {
    name: "DiplomaRegistry",
    folder: "diploma",
    interfaces: [{ name: "IDiplomaRegistry", folder: "diploma" }],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayDiplomaRegistry" },
    cliArea: "diplomas",
  },
  {
    name: "CompanyRegistry",
    folder: "company",
    interfaces: [{ name: "ICompanyRegistry", folder: "company" }],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayCompanyRegistry" },
    cliArea: "companies",
  },
  {
    name: "CitizenRegistry",
    folder: "citizen",
    interfaces: [{ name: "ICitizenRegistry", folder: "citizen" }],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayCitizenRegistry" },
    cliArea: "citizens",
  },
  {
    name: "Elections",
    folder: "election",
    interfaces: [
      { name: "IElections", folder: "election" },
      { name: "ISecretPolls", folder: "election" },
    ],
    governed: true,
    deployment: "proxy",
    replay: { function: "replayElections" },
    cliArea: "elections",
  },
] as const satisfies readonly ManifestRow[];

/** The name of a contract of the manifest. */
export type ManifestContractName = (typeof MANIFEST)[number]["name"];

/** The contracts the authority governs (each has a table in `ACCESS`). */
export type GovernedContractName = Extract<(typeof MANIFEST)[number], { readonly governed: true }>["name"];

/** The name of an ABI the package ships: a contract of the manifest, one of its interfaces, or a shared interface. */
export type ShippedAbiName =
  | ManifestContractName
  | (typeof MANIFEST)[number]["interfaces"][number]["name"]
  | (typeof SHARED_INTERFACES)[number]["name"];

/** The name of a replay function that a manifest row names. */
export type ManifestReplayFunction = Extract<
  (typeof MANIFEST)[number]["replay"],
  { readonly function: string }
>["function"];

/** The command groups of the manifest's contracts. */
export type ManifestCliArea = (typeof MANIFEST)[number]["cliArea"];

/** Every ABI the package ships, with its folder under `contracts/`: each contract, then its interfaces, then shared ones. */
export const SHIPPED_ABIS: readonly { readonly name: ShippedAbiName; readonly folder: string }[] = [
  ...MANIFEST.map(({ name, folder }) => ({ name, folder })),
  ...MANIFEST.flatMap((row): readonly { readonly name: ShippedAbiName; readonly folder: string }[] => row.interfaces),
  ...SHARED_INTERFACES,
];

/** The names of the contracts whose events the SDK reads (`getHistory`, `watchEvents`): every row. */
export const EVENT_SOURCE_NAMES: readonly ManifestContractName[] = MANIFEST.map((row) => row.name);

/** The contracts the authority governs, in manifest order. */
export const GOVERNED_CONTRACTS: readonly GovernedContractName[] = MANIFEST.flatMap((row) =>
  row.governed ? [row.name] : [],
);
