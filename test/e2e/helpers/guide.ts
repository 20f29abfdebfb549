/**
 * A guide of `docs/` run as written: its shell blocks' command lines, split as a shell splits them, with what a
 * reader fills in filled in the same way every time. Used by the end-to-end tests of the administrator's guide and of
 * the elections guide.
 *
 * The conventions: `--network <name>` is dropped (the test's node is the network); `<someone>` is a party's account
 * (or any value the guide's reader is told to fill in); `0x…` after an option is the value the story gives that
 * option; `./file` and `~/file` are files in the test's folder (a document the command hashes is written when
 * missing); `a|b` is the alternative the step runs; `…` stands for options the step writes out.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { expect } from "chai";

/** One command line of a guide, as the story runs it. */
export interface GuideLine {
  /** The command line, exactly as written in the guide (without its comment, continuation lines joined). */
  readonly guide: string;
  /** `<…>` placeholders that mean something else on this line. */
  readonly parties?: Readonly<Record<string, string>>;
  /** `0x…` values by option, for this line. */
  readonly values?: Readonly<Record<string, () => string>>;
  /** For `a|b|c`: the alternative this step runs. */
  readonly variant?: string;
  /** For `…`: the options it stands for, written as in the guide. */
  readonly ellipsis?: string;
  /** Values the guide writes out that the story replaces, by option: a date that must lie ahead of the chain's clock. */
  readonly replace?: Readonly<Record<string, () => string>>;
}

/** How a guide's placeholders are filled in, for every line of a story. */
export interface GuideFilling {
  /** The test's folder, where `./file` and `~/file` are. */
  readonly workDir: string;
  /** What `<name>` is (an account, mostly), unless a line says otherwise. */
  readonly placeholders: Readonly<Record<string, string>>;
  /** What `0x…` after an option is, unless a line says otherwise. */
  readonly values: Readonly<Record<string, () => string>>;
  /** Options whose file is a document the command hashes: it is written when missing. */
  readonly documentOptions: ReadonlySet<string>;
}

/** The command lines of a guide's shell blocks, without their comments, continuation lines joined. */
export function guideLines(path: string): string[] {
  const lines: string[] = [];
  for (const block of readFileSync(path, "utf8").matchAll(/```bash\n([\s\S]*?)```/g)) {
    for (const raw of block[1].replace(/\\\n\s*/g, "").split("\n")) {
      const line = raw.replace(/(^|\s+)#.*$/, "").trim();
      if (line !== "") lines.push(line);
    }
  }
  return lines;
}

/** The words of a command line, as a shell splits them (double quotes only), a `<placeholder>` being one word. */
export function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(<[^>]*>)|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]);
}

/** The arguments a guide line runs with (after `npx hardhat`, without `--network`). */
export function guideArguments(step: GuideLine, filling: GuideFilling): string[] {
  let tokens = words(step.guide);
  expect(tokens.slice(0, 2), step.guide).to.deep.equal(["npx", "hardhat"]);
  tokens = tokens.slice(2).flatMap((token) => {
    if (token === "…") return words(step.ellipsis ?? expect.fail(`${step.guide}: no ellipsis given`));
    if (token.includes("|")) return [step.variant ?? expect.fail(`${step.guide}: no variant given`)];
    return [token];
  });
  const args: string[] = [];
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index];
    if (token === "--network") {
      index++;
      continue;
    }
    const option = tokens[index - 1]?.startsWith("--") ? tokens[index - 1] : undefined;
    const value = () => {
      const given = step.values?.[option!] ?? filling.values[option!];
      return given?.() ?? expect.fail(`${step.guide}: nothing to fill in for ${option}`);
    };
    const placeholder = /^<(.+)>$/.exec(token);
    const replacement = option === undefined ? undefined : step.replace?.[option];
    if (replacement !== undefined) {
      args.push(replacement());
    } else if (placeholder !== null) {
      const name = placeholder[1];
      args.push(step.parties?.[name] ?? filling.placeholders[name] ?? expect.fail(`${step.guide}: who is <${name}>?`));
    } else if (token.startsWith("./") || token.startsWith("~/")) {
      const name = token.slice(2);
      const path = join(filling.workDir, name.includes("0x…") ? name.replace("0x…", value()) : name);
      if (option !== undefined && filling.documentOptions.has(option) && !existsSync(path)) {
        writeFileSync(path, `${name}: a document of the guide`);
      }
      args.push(path);
    } else {
      args.push(token === "0x…" ? value() : token);
    }
  }
  return args;
}
