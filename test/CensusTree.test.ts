/**
 * The census tree's Poseidon and LeanIMT against Semaphore's own: the WASM hash (built on wasmcurves' field
 * arithmetic) against `poseidon-lite` (the hash of `@semaphore-protocol/group`) over thousands of random inputs and
 * the field's edges, its constants against `poseidon-lite`'s, and roots and Merkle paths of censuses against
 * `@semaphore-protocol/group`, built at once, changed leaf by leaf, and hashed on worker threads; nodes that are not
 * field elements refused.
 */
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import { Group } from "@semaphore-protocol/group";
import { expect } from "chai";
import { poseidon2 } from "poseidon-lite";

import { InvalidInputError } from "../src/errors.js";
import { type CitizenChange, computeCensus } from "../src/elections/census.js";
import { poseidonConstants } from "../src/elections/census-hash.js";
import { buildCensusTree, computeCensusParallel, PARALLEL_THRESHOLD } from "../src/elections/tree-workers.js";
import {
  buildCensusLevels,
  CensusTree,
  type CensusTreeEdit,
  censusHash,
  censusRoot,
  fromNodeHex,
  loadCensusHash,
  toNodeHex,
} from "../src/elections/tree.js";

const FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

function randomElement(): bigint {
  return BigInt(`0x${randomBytes(32).toString("hex")}`) % FIELD;
}

function randomMembers(count: number): bigint[] {
  return Array.from({ length: count }, randomElement);
}

describe("Census tree", function () {
  this.timeout(300_000);
  it("the WASM Poseidon is loaded in Node", async function () {
    expect(await loadCensusHash()).to.equal(true);
  });

  it("the census hash's round constants and MDS matrix are poseidon-lite's (circomlib's) for two inputs", function () {
    // poseidon-lite keeps them base64-encoded in a module its package does not export: read it by its path.
    const require = createRequire(import.meta.url);
    const folder = dirname(require.resolve("poseidon-lite"));
    const stored = require(join(folder, "constants", "2.js")) as { default: { C: string[]; M: string[][] } };
    const decode = (text: string) => BigInt(`0x${Buffer.from(text, "base64").toString("hex")}`);
    const { roundConstants, mds } = poseidonConstants();
    expect(roundConstants.length).to.equal(65);
    expect(roundConstants.flat()).to.deep.equal(stored.default.C.map(decode));
    expect(mds).to.deep.equal(stored.default.M.map((row) => row.map(decode)));
  });

  it("the WASM Poseidon equals poseidon-lite on 5,000 random pairs and on the field's edges", function () {
    const hash = censusHash();
    const edges = [0n, 1n, 2n, FIELD - 1n, FIELD - 2n, FIELD - 2n ** 64n, 2n ** 253n, 2n ** 64n - 1n, 2n ** 64n];
    edges.push(2n ** 128n - 1n, 2n ** 192n, 2n ** 253n + 2n ** 252n, (FIELD - 1n) / 2n, (FIELD + 1n) / 2n);
    const pairs: [bigint, bigint][] = edges.flatMap((left) => edges.map((right): [bigint, bigint] => [left, right]));
    for (let i = 0; i < 5_000; i++) pairs.push([randomElement(), randomElement()]);
    // Values near r: the largest field elements, drawn at random.
    for (let i = 0; i < 500; i++) pairs.push([FIELD - 1n - (randomElement() % 2n ** 64n), randomElement()]);
    for (const [left, right] of pairs) {
      expect(fromNodeHex(hash([toNodeHex(left), toNodeHex(right)]))).to.equal(poseidon2([left, right]));
    }
  });

  it("census roots and every Merkle path equal @semaphore-protocol/group's, from 1 to 300 members", function () {
    for (let size = 1; size <= 300; size += size < 20 ? 1 : 37) {
      const members = randomMembers(size);
      const group = new Group(members);
      const tree = new CensusTree(members);
      expect(tree.root).to.equal(group.root);
      expect(censusRoot(members)).to.equal(group.root);
      expect(tree.depth).to.equal(group.depth);
      for (let index = 0; index < size; index++) {
        const expected = group.generateMerkleProof(index);
        const actual = tree.merkleProof(index);
        expect(actual.root).to.equal(expected.root);
        expect(actual.leaf).to.equal(expected.leaf);
        expect(actual.siblings).to.deep.equal(expected.siblings);
        if (expected.siblings.length > 0) expect(actual.index).to.equal(expected.index);
      }
    }
  });

  it("the root of a census of 3,001 members equals @semaphore-protocol/group's", function () {
    const members = randomMembers(3_001);
    expect(censusRoot(members)).to.equal(new Group(members).root);
  });

  it("censuses of 1, 2, 3, 5, 1,000, 4,097 and a random number of members: @semaphore-protocol/group's roots and paths", function () {
    const random = 1_000 + Number(randomElement() % 4_000n);
    for (const size of [1, 2, 3, 5, 1_000, 4_097, random]) {
      const members = randomMembers(size);
      // The largest field element among them: a level keeps it as it is.
      members[size - 1] = FIELD - 1n;
      const group = new Group(members);
      const levels = buildCensusLevels(members);
      expect(levels.length - 1, `depth of ${size}`).to.equal(group.depth);
      expect(fromNodeHex(levels.at(-1)![0]!), `root of ${size}`).to.equal(group.root);
      const tree = new CensusTree({ levels });
      for (const index of [0, size >> 1, size - 1]) {
        expect(tree.merkleProof(index).siblings, `path ${index} of ${size}`).to.deep.equal(
          group.generateMerkleProof(index).siblings,
        );
      }
    }
  });

  it("a member or node at or above r, negative or not hexadecimal is refused with the field named, never reduced", async function () {
    const refused = (run: () => unknown, field: string) => {
      expect(run).to.throw(InvalidInputError).with.property("field", field);
    };
    const members = randomMembers(9);
    refused(() => censusRoot([...members.slice(0, 4), FIELD, ...members.slice(4)]), "members[4]");
    refused(() => censusRoot([FIELD + 5n]), "members[0]");
    refused(() => censusRoot([2n ** 256n - 1n, 1n]), "members[0]");
    refused(() => censusRoot([1n, 2n, -3n]), "members[2]");
    refused(() => new CensusTree([...members, FIELD]), "members[9]");
    const hash = censusHash();
    refused(() => hash(["1", toNodeHex(FIELD)]), "inputs[1]");
    refused(() => hash(["xyz", "1"]), "inputs[0]");
    refused(() => hash(["1".repeat(65), "1"]), "inputs[0]");
    const tree = new CensusTree(members);
    refused(() => tree.update(3, FIELD), "leaf");
    refused(() => tree.append(-1n), "leaf");
    refused(
      () =>
        tree.edit([
          { kind: "remove", index: 0 },
          { kind: "insert", index: 2, leaf: FIELD },
        ]),
      "leaf",
    );
    expect(tree.leaves()).to.deep.equal(members);
    expect(tree.root).to.equal(new Group(members).root);
    let caught: unknown;
    const large = randomMembers(PARALLEL_THRESHOLD + 10);
    large[PARALLEL_THRESHOLD + 3] = FIELD;
    try {
      await buildCensusTree({ members: large, threads: 2 });
    } catch (error) {
      caught = error;
    }
    expect(caught)
      .to.be.instanceOf(InvalidInputError)
      .with.property("field", `members[${PARALLEL_THRESHOLD + 3}]`);
  });

  it("an empty census has root 0", function () {
    expect(censusRoot([])).to.equal(0n);
    expect(new CensusTree().root).to.equal(0n);
    expect(new CensusTree().size).to.equal(0);
  });

  it("appends, replacements, removals and insertions leave the tree @semaphore-protocol/group would build", function () {
    const members = randomMembers(37);
    const tree = new CensusTree(members);
    for (let step = 0; step < 120; step++) {
      const leaf = randomElement();
      const index = members.length === 0 ? 0 : Number(randomElement() % BigInt(members.length));
      const kind = members.length === 0 ? 0 : step % 4;
      if (kind === 0) {
        members.push(leaf);
        tree.append(leaf);
      } else if (kind === 1) {
        members[index] = leaf;
        tree.update(index, leaf);
      } else if (kind === 2) {
        members.splice(index, 1);
        tree.remove(index);
      } else {
        members.splice(index, 0, leaf);
        tree.insert(index, leaf);
      }
      const what = `after change ${kind} at step ${step}`;
      expect(tree.leaves(), what).to.deep.equal(members);
      expect(tree.root, what).to.equal(members.length === 0 ? 0n : new Group(members).root);
    }
  });

  it("a batch of changes applied with one rehash leaves the tree @semaphore-protocol/group would build", function () {
    for (let round = 0; round < 40; round++) {
      const members = randomMembers(Number(randomElement() % 40n));
      const tree = new CensusTree(members);
      const edits: CensusTreeEdit[] = [];
      for (let step = Number(randomElement() % 8n); step >= 0; step--) {
        const leaf = randomElement();
        const index = members.length === 0 ? 0 : Number(randomElement() % BigInt(members.length));
        const kind = members.length === 0 ? 0 : Number(randomElement() % 4n);
        if (kind === 0) {
          members.push(leaf);
          edits.push({ kind: "append", leaf });
        } else if (kind === 1) {
          members[index] = leaf;
          edits.push({ kind: "update", index, leaf });
        } else if (kind === 2) {
          members.splice(index, 1);
          edits.push({ kind: "remove", index });
        } else {
          members.splice(index, 0, leaf);
          edits.push({ kind: "insert", index, leaf });
        }
      }
      tree.edit(edits);
      const what = `round ${round}: ${edits.map((edit) => edit.kind).join(", ")}`;
      expect(tree.leaves(), what).to.deep.equal(members);
      expect(tree.root, what).to.equal(members.length === 0 ? 0n : new Group(members).root);
      expect(tree.levels(), what).to.deep.equal(members.length === 0 ? [[]] : buildCensusLevels(members));
    }
  });

  it("removing every leaf one by one empties the tree", function () {
    const members = randomMembers(9);
    const tree = new CensusTree(members);
    while (members.length > 0) {
      members.shift();
      tree.remove(0);
      expect(tree.root).to.equal(members.length === 0 ? 0n : new Group(members).root);
    }
    expect(tree.size).to.equal(0);
  });

  it("a leaf index outside the tree is refused with the field named", function () {
    const tree = new CensusTree([1n, 2n, 3n]);
    expect(() => tree.update(3, 5n))
      .to.throw(InvalidInputError)
      .with.property("message")
      .that.contains("index");
    expect(() => tree.remove(-1)).to.throw(InvalidInputError);
    expect(() => tree.merkleProof(1.5)).to.throw(InvalidInputError);
    tree.insert(3, 4n);
    expect(tree.leaves()).to.deep.equal([1n, 2n, 3n, 4n]);
  });

  it("the tree hashed on worker threads is the one hashed in this thread, level by level", async function () {
    this.timeout(120_000);
    const members = randomMembers(PARALLEL_THRESHOLD + 4_321);
    const parallel = await buildCensusTree({ members, threads: 2 });
    const single = buildCensusLevels(members);
    expect(parallel.levels()).to.deep.equal(single);
    const group = new Group(members.slice(0, 1_000));
    expect(new CensusTree(members.slice(0, 1_000)).root).to.equal(group.root);
  });

  it("a thread count that is not a positive integer is refused", async function () {
    for (const threads of [0, -1, 1.5]) {
      let caught: unknown;
      try {
        await buildCensusTree({ members: [1n], threads });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(InvalidInputError);
      expect((caught as Error).message).to.contain("threads");
    }
  });

  it("computeCensusParallel gives computeCensus's census, as of any sequence", async function () {
    const changes: CitizenChange[] = [];
    const key = (i: number) => `0x${i.toString(16).padStart(64, "0")}`;
    for (let i = 0; i < 60; i++) {
      changes.push({
        kind: "registered",
        citizenKey: key(i),
        sequence: BigInt(changes.length + 1),
        index: i,
        jurisdiction: 4101 + (i % 2),
        flags: Math.floor(i / 2) % 4,
        votingCommitment: randomElement(),
        basis: key(0),
      });
    }
    for (let i = 0; i < 60; i += 7) {
      const sequence = BigInt(changes.length + 1);
      changes.push({ kind: "status", citizenKey: key(i), sequence, from: "Active", to: "Suspended", basis: key(0) });
    }
    for (const asOf of [undefined, 30n, 65n]) {
      for (const requiredFlags of [0, 3]) {
        const parameters = { changes, jurisdiction: 4101, requiredFlags, ...(asOf === undefined ? {} : { asOf }) };
        const expected = computeCensus(parameters);
        expect(expected.size).to.be.greaterThan(0);
        expect(await computeCensusParallel({ ...parameters, threads: 2 })).to.deep.equal(expected);
      }
    }
  });
});
