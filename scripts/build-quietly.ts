/**
 * Compiles the project before the demo, so that a newcomer's first screen is the demo's story: the two known,
 * explained build messages below are left out, everything else the build prints (any other warning, every error)
 * is shown, and a failed build stops with its full output and exit code.
 *
 * Run with `node --experimental-strip-types scripts/build-quietly.ts` (`npm run demo` does).
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** A build message that is known and harmless, by what its paragraph contains. */
interface KnownMessage {
  /** Why it is harmless. */
  readonly why: string;
  /** Every one of these must occur in the paragraph. */
  readonly contains: readonly string[];
  /** The next paragraph belongs to it (the list of files a note is about), when it matches this. */
  readonly continuation?: RegExp;
}

const KNOWN: readonly KnownMessage[] = [
  {
    why:
      "solc warns about every `tstore`; OpenZeppelin's TransientSlot uses it for its reentrancy guard, which clears " +
      "the slot at the end of the call (the case the warning calls safe)",
    contains: ["Transient storage as defined by EIP-1153", "@openzeppelin/contracts/utils/TransientSlot.sol"],
  },
  {
    why:
      "OpenZeppelin's upgrades plugin notes that a reinitializer is not validated as an initializer; the only one is " +
      "in the test mock of a second PropertyRegistry version",
    contains: ["Reinitializers are not included in validations by default"],
    continuation: /^(\s*project\/contracts\/mocks\/[^\n]*\n?)+$/,
  },
];

const ANSI = /\u001b\[[0-9;]*m/g;

/** The Solidity files under a folder, counted to say what a first build compiles. */
function solidityFiles(folder: string): number {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true }).filter((name) => String(name).endsWith(".sol")).length;
}

const root = resolve(import.meta.dirname, "..");
const hardhat = resolve(root, "node_modules/hardhat/dist/src/cli.js");
const started = Date.now();
// A build that finds everything in its cache ends within a second or two; a first build takes minutes, so it says
// what it compiles and, every 20 seconds, how long it has been at it.
const announce = setTimeout(() => {
  const files = solidityFiles(resolve(root, "contracts")) + solidityFiles(resolve(root, "test"));
  process.stderr.write(
    `Compiling the suite: ${files} Solidity files of contracts/ and test/, with the OpenZeppelin, Semaphore and EAS ` +
      "files they import, by solc from npm. A first build takes 2 to 5 minutes; later runs reuse the cache.\n",
  );
}, 3_000);
const ticker = setInterval(() => {
  process.stderr.write(`  still compiling, ${Math.round((Date.now() - started) / 1000)} s so far\n`);
}, 20_000);
const build = await new Promise<{ status: number | null; output: string }>((done) => {
  const child = spawn(process.execPath, [hardhat, "build", "--quiet"], {
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let text = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  child.on("close", (status) => done({ status, output: text }));
});
clearTimeout(announce);
clearInterval(ticker);
const output = build.output.replace(ANSI, "");
if (build.status !== 0) {
  process.stderr.write(output);
  process.exit(build.status ?? 1);
}
if (Date.now() - started > 3_000) {
  process.stderr.write(`Compiled in ${Math.round((Date.now() - started) / 1000)} s.\n`);
}
const paragraphs = output.split(/\n[ \t]*\n/).filter((paragraph) => paragraph.trim() !== "");
const shown: string[] = [];
for (let index = 0; index < paragraphs.length; index += 1) {
  const known = KNOWN.find((message) => message.contains.every((text) => paragraphs[index].includes(text)));
  if (known === undefined) {
    shown.push(paragraphs[index]);
    continue;
  }
  const next = paragraphs[index + 1];
  if (known.continuation !== undefined && next !== undefined && known.continuation.test(`${next}\n`)) index += 1;
}
if (shown.length > 0) process.stderr.write(`${shown.join("\n\n")}\n\n`);
