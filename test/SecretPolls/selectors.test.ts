/**
 * The Elections contract reaches the SecretPolls library by `delegatecall` and the library does not inherit
 * ISecretPolls, so the compiler does not check that they agree: these tests compare the selectors the compiler gave
 * each of them (solc's `methodIdentifiers`, which for a library name its structs as the library dispatches them).
 */
import { readFile } from "node:fs/promises";

import { expect } from "chai";
import hre from "hardhat";

/** The compiler's selectors of a contract, by signature, and its deployed bytecode. */
async function compiled(fullyQualifiedName: string) {
  const artifact = await hre.artifacts.readArtifact(fullyQualifiedName);
  const buildInfoId = await hre.artifacts.getBuildInfoId(fullyQualifiedName);
  const outputPath = await hre.artifacts.getBuildInfoOutputPath(buildInfoId!);
  const output = JSON.parse(await readFile(outputPath!, "utf8")) as {
    output: { contracts: Record<string, Record<string, { evm: { methodIdentifiers: Record<string, string> } }>> };
  };
  const source: string = artifact.inputSourceName ?? "";
  const name: string = artifact.contractName;
  return {
    selectors: output.output.contracts[source]![name]!.evm.methodIdentifiers,
    deployedBytecode: artifact.deployedBytecode,
  };
}

const bySelector = (selectors: Record<string, string>) =>
  new Map<string, string>(Object.entries(selectors).map(([signature, selector]) => [selector, signature]));

/** The library's entries that only the Elections contract's own writes call, with a transient token. */
const RESTRICTED = ["setUpSecretPoll", "recordSecretBallot"];

describe("SecretPolls and ISecretPolls: the selectors agree", function () {
  let library: Awaited<ReturnType<typeof compiled>>;
  let declared: Awaited<ReturnType<typeof compiled>>;
  let elections: Awaited<ReturnType<typeof compiled>>;

  before(async function () {
    library = await compiled("contracts/election/SecretPolls.sol:SecretPolls");
    declared = await compiled("contracts/election/ISecretPolls.sol:ISecretPolls");
    elections = await compiled("contracts/election/Elections.sol:Elections");
  });

  it("every function ISecretPolls declares is a library function with the same selector and signature", function () {
    const libraryBySelector = bySelector(library.selectors);
    const declaredSignatures = Object.entries(declared.selectors);
    expect(declaredSignatures.length).to.be.greaterThan(10);
    for (const [signature, selector] of declaredSignatures) {
      expect(libraryBySelector.get(selector), `${signature} (0x${selector}) in SecretPolls`).to.equal(signature);
    }
  });

  it("every library function other than the two restricted entries is declared in ISecretPolls", function () {
    const declaredSelectors = new Set(Object.values(declared.selectors));
    const undeclared = Object.entries(library.selectors)
      .filter(
        ([signature, selector]) => !declaredSelectors.has(selector) && !RESTRICTED.includes(signature.split("(")[0]!),
      )
      .map(([signature]) => signature);
    expect(undeclared).to.deep.equal([]);
  });

  it("no function of ISecretPolls is shadowed by a function of the Elections contract", function () {
    const own = new Set(Object.values(elections.selectors));
    const shadowed = Object.entries(declared.selectors)
      .filter(([, selector]) => own.has(selector))
      .map(([signature]) => signature);
    expect(shadowed).to.deep.equal([]);
  });

  it("the Elections contract calls the restricted entries by the library's own selectors", function () {
    for (const name of RESTRICTED) {
      const entries = Object.entries(library.selectors).filter(([signature]) => signature.startsWith(`${name}(`));
      expect(entries, name).to.have.length(1);
      const [signature, selector] = entries[0]!;
      // PUSH4 <selector>: the constant the Elections contract puts before the arguments it forwards.
      expect(elections.deployedBytecode.toLowerCase(), `${signature} (0x${selector})`).to.include(`63${selector}`);
    }
  });
});
