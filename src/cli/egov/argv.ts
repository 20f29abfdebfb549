/**
 * The `egov` command line: `egov [--network <name>] <area> <command> [--option value | --flag]…`, read against the
 * command declarations (`tasks.ts`), with the help texts. Loads nothing but the declarations.
 *
 * @module
 */
import { type CommandDefinition, type CommandOption, type CommandSpec, isGroup, optionsOf } from "../define.js";

/** What the command line asks for. */
export type Invocation =
  | { readonly kind: "help"; readonly text: string }
  | { readonly kind: "version" }
  | {
      readonly kind: "run";
      readonly spec: CommandSpec;
      readonly args: Readonly<Record<string, string | boolean | undefined>>;
      readonly network: string;
      readonly showStackTraces: boolean;
    };

/** A command line the declarations do not accept; the message names the word or option and the reason. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The options of `egov` itself, accepted before the area or among a command's options. */
const GLOBAL_OPTIONS: readonly CommandOption[] = [
  {
    name: "network",
    description: "The network: localhost (default, or $EGOV_NETWORK), sepolia or besu, as in hardhat.config.ts",
  },
  { name: "showStackTraces", kind: "flag", description: "Print a failure's stack trace too" },
  { name: "help", kind: "flag", description: "Show this help" },
  { name: "version", kind: "flag", description: "Show the package's version" },
];

/** `cadastralRef` as `cadastral-ref`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** `cadastral-ref` as `cadastralRef`. */
function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** The closest of `candidates` to `word` (at most two edits away), as a suggestion. */
function closest(word: string, candidates: readonly string[]): string {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best === undefined ? "" : ` (did you mean ${best.candidate}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 3;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`);
}

function optionRows(options: readonly CommandOption[]): [string, string][] {
  return options.map((option) => [
    `--${kebab(option.name)}${option.kind === "flag" ? "" : ` <${option.name === "network" ? "name" : "value"}>`}`,
    option.defaultValue === undefined ? option.description : `${option.description} (default: ${option.defaultValue})`,
  ]);
}

function generalHelp(definitions: readonly CommandDefinition[]): string {
  const groups = definitions.filter(isGroup);
  return [
    "Usage: egov [--network <name>] <area> <command> [options]",
    "",
    "The admin commands of egov-registries, without starting Hardhat: the same commands as `npx hardhat <area>",
    "<command>`, against a network of the project. The node's URL and the agencies' keys come from the environment",
    "variables the Hardhat configuration names (EGOV_RPC_URL; SEPOLIA_RPC_URL, SEPOLIA_SIGNERS and",
    "SEPOLIA_<AGENCY>_KEY; BESU_…); the deployment record from deployments/<network>.json ($EGOV_DEPLOYMENTS_DIR).",
    "",
    "Areas:",
    ...table(groups.map((group) => [group.group, group.description])),
    "",
    "Options:",
    ...table(optionRows(GLOBAL_OPTIONS)),
    "",
    "`egov <area> --help` lists an area's commands; `egov <area> <command> --help` a command's options.",
  ].join("\n");
}

function areaHelp(area: string, definitions: readonly CommandDefinition[]): string {
  const group = definitions.find((definition) => isGroup(definition) && definition.group === area);
  const commands = definitions.filter(
    (definition): definition is CommandSpec => !isGroup(definition) && definition.id[0] === area,
  );
  return [
    `Usage: egov [--network <name>] ${area} <command> [options]`,
    "",
    group !== undefined && isGroup(group) ? group.description : "",
    "",
    "Commands:",
    ...table(
      commands.map((spec) => [
        spec.id[1],
        spec.hardhatOnly === undefined ? spec.description : `${spec.description} (npx hardhat only)`,
      ]),
    ),
    "",
    `\`egov ${area} <command> --help\` shows a command's options.`,
  ].join("\n");
}

function commandHelp(spec: CommandSpec): string {
  const options = optionsOf(spec);
  return [
    `Usage: egov [--network <name>] ${spec.id.join(" ")} [options]`,
    "",
    spec.description,
    ...(spec.hardhatOnly === undefined
      ? []
      : ["", `Runs only as \`npx hardhat ${spec.id.join(" ")}\`: ${spec.hardhatOnly}.`]),
    "",
    "Options:",
    ...table(optionRows(options)),
    "",
    "Global options:",
    ...table(optionRows(GLOBAL_OPTIONS.filter((option) => option.name !== "version"))),
  ].join("\n");
}

/** Reads a command line (without the node and script words). */
export function parseCommandLine(
  argv: readonly string[],
  definitions: readonly CommandDefinition[],
  env: NodeJS.ProcessEnv,
): Invocation {
  const words: string[] = [];
  const given = new Map<string, string | true>();
  let spec: CommandSpec | undefined;
  const areas = definitions.filter(isGroup).map((group) => group.group);
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith("--")) {
      if (spec !== undefined || words.length === 2) {
        throw new UsageError(`unexpected argument "${token}": options are written --name value`);
      }
      words.push(token);
      if (words.length === 2) spec = findCommand(words, definitions, areas);
      continue;
    }
    const equals = token.indexOf("=");
    const name = camel(token.slice(2, equals < 0 ? undefined : equals));
    const known = [...GLOBAL_OPTIONS, ...(spec === undefined ? [] : optionsOf(spec))];
    const option = known.find((candidate) => candidate.name === name);
    if (option === undefined) {
      const where = spec === undefined ? "egov" : `egov ${spec.id.join(" ")}`;
      const suggestion = closest(
        kebab(name),
        known.map((candidate) => kebab(candidate.name)),
      );
      throw new UsageError(
        `${token.split("=")[0]}: unknown option of \`${where}\`${suggestion}; see \`${where} --help\``,
      );
    }
    if (given.has(name)) throw new UsageError(`--${kebab(name)}: given twice`);
    if (option.kind === "flag") {
      if (equals >= 0) throw new UsageError(`--${kebab(name)}: is a flag and takes no value`);
      given.set(name, true);
    } else if (equals >= 0) {
      given.set(name, token.slice(equals + 1));
    } else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new UsageError(`--${kebab(name)}: needs a value`);
      given.set(name, value);
      i++;
    }
  }
  if (given.has("version")) return { kind: "version" };
  if (words.length === 0) return { kind: "help", text: generalHelp(definitions) };
  if (words.length === 1) {
    if (!areas.includes(words[0])) throw unknownArea(words[0], areas);
    return { kind: "help", text: areaHelp(words[0], definitions) };
  }
  if (given.has("help")) return { kind: "help", text: commandHelp(spec!) };
  if (spec!.hardhatOnly !== undefined) {
    throw new UsageError(
      `\`${spec!.id.join(" ")}\` runs only as \`npx hardhat ${spec!.id.join(" ")}\` in the project: ${spec!.hardhatOnly}`,
    );
  }
  const args: Record<string, string | boolean | undefined> = {};
  for (const option of optionsOf(spec!)) {
    const value = given.get(option.name);
    args[option.name] =
      option.kind === "flag" ? value === true : ((value as string | undefined) ?? option.defaultValue);
  }
  const network = given.get("network");
  return {
    kind: "run",
    spec: spec!,
    args,
    network: typeof network === "string" ? network : env.EGOV_NETWORK || "localhost",
    showStackTraces: given.has("showStackTraces"),
  };
}

function unknownArea(word: string, areas: readonly string[]): UsageError {
  return new UsageError(`unknown command area "${word}"${closest(word, areas)}; areas: ${areas.join(", ")}`);
}

function findCommand(
  words: readonly string[],
  definitions: readonly CommandDefinition[],
  areas: readonly string[],
): CommandSpec {
  const [area, name] = words;
  if (!areas.includes(area)) throw unknownArea(area, areas);
  const commands = definitions.filter(
    (definition): definition is CommandSpec => !isGroup(definition) && definition.id[0] === area,
  );
  const spec = commands.find((candidate) => candidate.id[1] === name);
  if (spec === undefined) {
    const names = commands.map((candidate) => candidate.id[1]);
    throw new UsageError(`unknown command "${area} ${name}"${closest(name, names)}; see \`egov ${area} --help\``);
  }
  return spec;
}
