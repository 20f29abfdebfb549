/**
 * The prover's lifetime: the BN254 engine and its worker threads stay warm across ballots, a Node process that has
 * proven a ballot still exits by itself, and `releaseProver` frees the engine for callers who want it.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";

import { loadSemaphoreCircuit, semaphoreCircuit } from "../src/elections/artifacts.js";
import { buildBallotProof, prepareBallotProver, releaseProver, verifyBallotProof } from "../src/elections/proof.js";
import { InvalidInputError } from "../src/errors.js";
import { fixedIdentity } from "./helpers/ballots.js";

const run = promisify(execFile);
const engine = () => (globalThis as { curve_bn128?: unknown }).curve_bn128 ?? null;

describe("Prover", function () {
  this.timeout(300_000);
  const voter = fixedIdentity("ada");
  const census = [voter.commitment, fixedIdentity("bo").commitment, fixedIdentity("cy").commitment];

  after(async function () {
    await releaseProver();
  });

  it("keeps the engine warm across ballots, from circuit files read once", async function () {
    const circuit = await loadSemaphoreCircuit(2);
    expect(await loadSemaphoreCircuit(2)).to.equal(circuit);
    expect(circuit.zkey).to.be.instanceOf(Uint8Array);
    const first = await buildBallotProof({
      identity: voter,
      census,
      ballot: 1n,
      scope: 7n,
      revision: 1n,
      depth: 2,
      circuit,
    });
    const warm = engine();
    expect(warm).to.not.equal(null);
    const second = await buildBallotProof({
      identity: voter,
      census,
      ballot: 2n,
      scope: 7n,
      revision: 1n,
      depth: 2,
      circuit,
    });
    expect(engine()).to.equal(warm);
    expect(await verifyBallotProof(first)).to.equal(true);
    expect(await verifyBallotProof(second)).to.equal(true);
    expect(engine()).to.equal(warm);
  });

  it("a proof from circuit files in memory (the kept witness calculator) says what Semaphore's generateProof says from their paths", async function () {
    const inMemory = await loadSemaphoreCircuit(2);
    const parameters = { identity: voter, census, ballot: 5n, scope: 11n, revision: 2n, depth: 2 } as const;
    const kept = await buildBallotProof({ ...parameters, circuit: inMemory });
    const fromPaths = await buildBallotProof({ ...parameters, circuit: semaphoreCircuit(2) });
    expect(semaphoreCircuit(2).wasm).to.be.a("string");
    const { points: keptPoints, ...keptSignals } = kept;
    const { points: pathPoints, ...pathSignals } = fromPaths;
    expect(keptSignals).to.deep.equal(pathSignals);
    // Groth16 proofs are randomised: the same statement, other points.
    expect(keptPoints).to.not.deep.equal(pathPoints);
    expect(await verifyBallotProof(kept)).to.equal(true);
    expect(await verifyBallotProof(fromPaths)).to.equal(true);
  });

  it("prepares the witness calculator of files in memory ahead of a ballot, and refuses bytes that are no circuit or of another depth", async function () {
    const circuit = await loadSemaphoreCircuit(2);
    await prepareBallotProver(circuit, 2);
    await prepareBallotProver(semaphoreCircuit(2), 2);
    async function refusal(prepare: Promise<void>): Promise<Error | undefined> {
      try {
        await prepare;
      } catch (error) {
        return error as Error;
      }
      return undefined;
    }
    expect(
      (await refusal(prepareBallotProver({ wasm: new Uint8Array([0, 1, 2, 3]), zkey: circuit.zkey }, 2)))?.name,
    ).to.equal("CompileError");
    for (const depth of [0, 33, 2.5]) {
      const refused = await refusal(prepareBallotProver(circuit, depth));
      expect(refused).to.be.instanceOf(InvalidInputError);
      expect(refused?.message).to.equal(`depth: must be an integer from 1 to 32, got ${depth}`);
    }
    const otherDepth = await refusal(prepareBallotProver(circuit, 3));
    expect(otherDepth).to.be.instanceOf(InvalidInputError);
    expect(otherDepth?.message).to.equal(
      "depth: the circuit takes no path of 3 siblings: these are not the circuit files of depth 3",
    );
    const proof = await buildBallotProof({
      identity: voter,
      census,
      ballot: 3n,
      scope: 17n,
      revision: 1n,
      depth: 2,
      circuit,
    });
    expect(await verifyBallotProof(proof)).to.equal(true);
  });

  it("ballots proven at once with one kept witness calculator each get their own witness", async function () {
    const circuit = await loadSemaphoreCircuit(2);
    const voters = [voter, fixedIdentity("bo"), fixedIdentity("cy")];
    const proofs = await Promise.all(
      voters.map((identity, i) =>
        buildBallotProof({ identity, census, ballot: BigInt(i + 1), scope: 13n, revision: 1n, depth: 2, circuit }),
      ),
    );
    expect(new Set(proofs.map((proof) => proof.nullifier)).size).to.equal(3);
    expect(new Set(proofs.map((proof) => proof.message)).size).to.equal(3);
    for (const proof of proofs) expect(await verifyBallotProof(proof)).to.equal(true);
  });

  it("releaseProver frees the engine, and a later ballot starts a new one", async function () {
    const circuit = await loadSemaphoreCircuit(2);
    await buildBallotProof({ identity: voter, census, ballot: 1n, scope: 7n, revision: 1n, depth: 2, circuit });
    const before = engine();
    await releaseProver();
    expect(engine()).to.equal(null);
    const proof = await buildBallotProof({
      identity: voter,
      census,
      ballot: 3n,
      scope: 7n,
      revision: 1n,
      depth: 2,
      circuit,
    });
    expect(engine()).to.not.equal(null).and.not.equal(before);
    expect(await verifyBallotProof(proof)).to.equal(true);
  });

  it("a Node process that proved a ballot exits by itself, with the engine left warm", async function () {
    const folder = mkdtempSync(join(tmpdir(), "prover-"));
    try {
      const source = (file: string) => new URL(`../src/elections/${file}`, import.meta.url).href;
      const script = join(folder, "vote.mts");
      writeFileSync(
        script,
        [
          `import { Identity, buildBallotProof, verifyBallotProof } from ${JSON.stringify(source("proof.ts"))};`,
          `import { loadSemaphoreCircuit } from ${JSON.stringify(source("artifacts.ts"))};`,
          `const voter = new Identity("exit");`,
          `const circuit = await loadSemaphoreCircuit(2);`,
          `const proof = await buildBallotProof({ identity: voter, census: [voter.commitment, 5n, 6n], ballot: 1n, scope: 3n, revision: 1n, depth: 2, circuit });`,
          `console.log(await verifyBallotProof(proof), globalThis.curve_bn128 !== null);`,
        ].join("\n"),
      );
      const root = fileURLToPath(new URL("..", import.meta.url));
      const { stdout } = await run(process.execPath, ["--import", "tsx", script], { cwd: root, timeout: 240_000 });
      expect(stdout.trim()).to.equal("true true");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
