/**
 * A census kept current: an election officer's or an observer's register follower. It reads the CitizenRegistry's
 * events as blocks arrive, keeps the register and the census tree of every jurisdiction (for each set of required
 * eligibility flags it is asked for) up to date leaf by leaf, and writes them to one file, so that the census of a
 * poll is ready at once and a recomputation from scratch is only a check.
 *
 * A restart resumes from the file's last block. Before reading on, the keeper checks that its last block is still
 * the chain's; when it is not (a reorganisation), it undoes the changes of the blocks that left the chain (every
 * event carries the value it replaced) back to the newest block still canonical, and reads on from there. The
 * changes of the last `confirmations` blocks are kept for that; a deeper reorganisation rebuilds from the start.
 *
 * @module
 */
import type { Log, Provider } from "ethers";

import { InvalidInputError, InvalidStateError } from "../errors.js";
import { readLogs } from "../logs.js";
import { CITIZEN_STATUSES, type Census, type CensusSelector, type CitizenChange, decodeCitizenLogs } from "./census.js";
import {
  type JournalEntry,
  type KeptBlock,
  type RegisterColumns,
  readKeeperFile,
  writeKeeperFile,
} from "./keeper-file.js";
import { CensusTree, type CensusTreeEdit, toNodeHex } from "./tree.js";
import { buildCensusTree } from "./tree-workers.js";

const ACTIVE = CITIZEN_STATUSES.indexOf("Active");

/** Above this many changes in one read, the touched censuses are rebuilt (on every core) rather than changed leaf by leaf. */
export const REBUILD_THRESHOLD = 2_048;

/** Parameters of {@link CensusKeeper.open}. */
export interface OpenCensusKeeperParameters {
  readonly provider: Provider;
  /** The CitizenRegistry (proxy) address. */
  readonly registry: string;
  /** The keeper's file; created on the first {@link CensusKeeper.save}. */
  readonly file: string;
  /** The first block to read (the registry's deployment block); 0 by default. */
  readonly startBlock?: number;
  /** The sets of required eligibility flags whose census is kept for every jurisdiction; [0] by default. */
  readonly flagSets?: readonly number[];
  /** How many recent blocks' changes are kept to undo a reorganisation; 64 by default. */
  readonly confirmations?: number;
  /** Worker threads for a rebuild; all cores by default. */
  readonly threads?: number;
  /** Above this many changes in one read, the touched censuses are rebuilt; {@link REBUILD_THRESHOLD} by default. */
  readonly rebuildAbove?: number;
}

/** What one {@link CensusKeeper.sync} did. */
export interface SyncCensusReturnType {
  /** The block the keeper has read up to. */
  readonly block: number;
  /** Changes applied. */
  readonly applied: number;
  /** Changes undone after a reorganisation. */
  readonly undone: number;
  /** Whether a reorganisation was found. */
  readonly reorganised: boolean;
}

interface KeptCensus {
  readonly jurisdiction: number;
  readonly requiredFlags: number;
  /** Register positions of the members, ascending: a member's leaf index is its rank here. */
  members: number[];
  tree: CensusTree;
  /** The tree's changes not applied yet: a read's changes are applied together, with one rehash. */
  pending: CensusTreeEdit[];
}

function censusKey(jurisdiction: number, requiredFlags: number): string {
  return `${jurisdiction}/${requiredFlags}`;
}

/** The first index of `sorted` whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The change that undoes `change` (a registration is undone separately). */
function inverse(change: Exclude<CitizenChange, { kind: "registered" }>): CitizenChange {
  return { ...change, from: change.to, to: change.from } as CitizenChange;
}

/** The register and its censuses, kept current from the chain's events. */
export class CensusKeeper {
  readonly #provider: Provider;
  readonly #registry: string;
  readonly #file: string;
  readonly #startBlock: number;
  readonly #flagSets: readonly number[];
  readonly #confirmations: number;
  readonly #threads: number | undefined;
  readonly #rebuildAbove: number;
  #chainId = "";
  #block: KeptBlock | null = null;
  #anchor: KeptBlock | null = null;
  #sequence = 0n;
  #journal: JournalEntry[] = [];
  #register: RegisterColumns = { keys: [], jurisdictions: [], statuses: [], flags: [], commitments: [] };
  #byKey = new Map<string, number>();
  #censuses = new Map<string, KeptCensus>();

  private constructor(parameters: OpenCensusKeeperParameters) {
    this.#provider = parameters.provider;
    this.#registry = parameters.registry.toLowerCase();
    this.#file = parameters.file;
    this.#startBlock = parameters.startBlock ?? 0;
    this.#flagSets = [...new Set(parameters.flagSets ?? [0])];
    this.#confirmations = parameters.confirmations ?? 64;
    this.#threads = parameters.threads;
    this.#rebuildAbove = parameters.rebuildAbove ?? REBUILD_THRESHOLD;
    for (const flags of this.#flagSets) {
      if (!Number.isInteger(flags) || flags < 0 || flags > 255) {
        throw new InvalidInputError({ field: "flagSets", reason: `${flags} is not a set of eligibility flags` });
      }
    }
    if (!Number.isInteger(this.#confirmations) || this.#confirmations < 1) {
      throw new InvalidInputError({ field: "confirmations", reason: "must be a positive integer" });
    }
  }

  /**
   * Opens the keeper of `file`, resuming from it when it exists. Throws {@link InvalidInputError} when the file is
   * another chain's, another registry's or another keeper's (other flag sets).
   */
  static async open(parameters: OpenCensusKeeperParameters): Promise<CensusKeeper> {
    const keeper = new CensusKeeper(parameters);
    keeper.#chainId = (await parameters.provider.getNetwork()).chainId.toString();
    const saved = readKeeperFile(parameters.file);
    if (saved === undefined) return keeper;
    const mismatch =
      saved.chainId !== keeper.#chainId
        ? `chain ${saved.chainId}, not ${keeper.#chainId}`
        : saved.registry !== keeper.#registry
          ? `registry ${saved.registry}, not ${keeper.#registry}`
          : saved.flagSets.join(",") !== keeper.#flagSets.join(",")
            ? `flag sets ${saved.flagSets.join(",")}, not ${keeper.#flagSets.join(",")}`
            : undefined;
    if (mismatch !== undefined) {
      throw new InvalidInputError({ field: "file", reason: `${parameters.file} keeps the census of ${mismatch}` });
    }
    keeper.#block = saved.block;
    keeper.#anchor = saved.anchor;
    keeper.#sequence = saved.sequence;
    keeper.#journal = [...saved.journal];
    keeper.#register = saved.register;
    saved.register.keys.forEach((key, index) => keeper.#byKey.set(key, index));
    for (const census of saved.censuses) {
      const leaves = census.members.map((member) => toNodeHex(saved.register.commitments[member]!));
      const tree = new CensusTree({ levels: [leaves, ...census.upperLevels] });
      keeper.#censuses.set(censusKey(census.jurisdiction, census.requiredFlags), { ...census, tree, pending: [] });
    }
    return keeper;
  }

  /** The block read up to, or null before the first sync. */
  get block(): KeptBlock | null {
    return this.#block;
  }

  /** The register's last sequence number applied. */
  get sequence(): bigint {
    return this.#sequence;
  }

  /** The number of citizens in the register. */
  get citizens(): number {
    return this.#register.keys.length;
  }

  /** The census of `selector` as of the last sync: ready at once for the flag sets kept. */
  census({ jurisdiction, requiredFlags }: CensusSelector): Census {
    const kept = this.#kept(jurisdiction, requiredFlags);
    const commitments = this.#register.commitments;
    const members = kept === undefined ? [] : kept.members.map((member) => commitments[member]!);
    return {
      jurisdiction,
      requiredFlags,
      sequence: this.#sequence,
      members,
      size: members.length,
      root: kept === undefined ? 0n : kept.tree.root,
    };
  }

  /** The censuses kept: every jurisdiction seen, with each set of required flags. */
  censuses(): CensusSelector[] {
    return [...this.#censuses.values()]
      .map(({ jurisdiction, requiredFlags }) => ({ jurisdiction, requiredFlags }))
      .sort((a, b) => a.jurisdiction - b.jurisdiction || a.requiredFlags - b.requiredFlags);
  }

  /** The census tree of `selector` (its Merkle paths serve voters' devices). */
  censusTree({ jurisdiction, requiredFlags }: CensusSelector): CensusTree {
    return this.#kept(jurisdiction, requiredFlags)?.tree ?? new CensusTree();
  }

  /** Reads the chain from the last block on, after undoing any reorganisation, and writes the file when it changed. */
  async sync(): Promise<SyncCensusReturnType> {
    let undone = 0;
    let reorganised = false;
    if (this.#block !== null) {
      const current = await this.#provider.getBlock(this.#block.number);
      if (current?.hash !== this.#block.hash) {
        reorganised = true;
        undone = await this.#rewind();
      }
    }
    const head = await this.#provider.getBlock("latest");
    if (head === null || head.hash === null) {
      throw new InvalidStateError({
        kind: "block",
        id: "latest",
        state: "unknown",
        reason: "the provider returned no latest block",
      });
    }
    const from = this.#block === null ? this.#startBlock : this.#block.number + 1;
    const logs = await readLogs({
      provider: this.#provider,
      address: this.#registry,
      fromBlock: from,
      toBlock: head.number,
    });
    const entries = this.#group(logs);
    const applied = entries.reduce((sum, entry) => sum + entry.changes.length, 0);
    await this.#applyEntries(entries, applied > this.#rebuildAbove);
    this.#block = { number: head.number, hash: head.hash };
    this.#prune();
    if (applied > 0 || undone > 0) this.save();
    return { block: head.number, applied, undone, reorganised };
  }

  /**
   * Applies changes decoded elsewhere (for example by `decodeCitizenLogs`), as if read from the chain, without
   * moving the block read up to.
   */
  async apply(changes: readonly CitizenChange[]): Promise<void> {
    await this.#applyEntries([{ number: this.#block?.number ?? 0, hash: "", changes }], false, false);
  }

  /** Follows the chain: a sync every `intervalMs` (4,000 by default) until `signal` aborts. */
  async follow({
    intervalMs = 4_000,
    signal,
    onSync,
  }: {
    readonly intervalMs?: number;
    readonly signal?: AbortSignal;
    readonly onSync?: (result: SyncCensusReturnType) => void;
  } = {}): Promise<void> {
    while (signal?.aborted !== true) {
      const result = await this.sync();
      onSync?.(result);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", stop);
          resolve();
        }, intervalMs);
        signal?.addEventListener("abort", stop, { once: true });
      });
    }
  }

  /** Writes the keeper's file. */
  save(): void {
    writeKeeperFile(this.#file, {
      chainId: this.#chainId,
      registry: this.#registry,
      startBlock: this.#startBlock,
      flagSets: this.#flagSets,
      block: this.#block,
      sequence: this.#sequence,
      anchor: this.#anchor,
      journal: this.#journal,
      register: this.#register,
      censuses: [...this.#censuses.values()].map((census) => ({
        jurisdiction: census.jurisdiction,
        requiredFlags: census.requiredFlags,
        members: census.members,
        upperLevels: census.tree.levels().slice(1) as string[][],
      })),
    });
  }

  #kept(jurisdiction: number, requiredFlags: number): KeptCensus | undefined {
    if (!this.#flagSets.includes(requiredFlags)) {
      throw new InvalidInputError({
        field: "requiredFlags",
        reason: `the keeper keeps the censuses of flag sets ${this.#flagSets.join(", ")}, not ${requiredFlags}`,
      });
    }
    return this.#censuses.get(censusKey(jurisdiction, requiredFlags));
  }

  #group(logs: readonly Log[]): JournalEntry[] {
    const entries: JournalEntry[] = [];
    let blockLogs: Log[] = [];
    const flush = (): void => {
      const first = blockLogs[0];
      if (first === undefined) return;
      entries.push({ number: first.blockNumber, hash: first.blockHash, changes: decodeCitizenLogs(blockLogs) });
      blockLogs = [];
    };
    for (const log of logs) {
      if (blockLogs.length > 0 && blockLogs[0]!.blockNumber !== log.blockNumber) flush();
      blockLogs.push(log);
    }
    flush();
    return entries.filter((entry) => entry.changes.length > 0);
  }

  async #applyEntries(entries: readonly JournalEntry[], rebuild: boolean, journal = true): Promise<void> {
    const touched = new Set<number>();
    for (const entry of entries) {
      for (const change of entry.changes) {
        if (change.sequence !== this.#sequence + 1n) {
          throw new InvalidInputError({
            field: "changes",
            reason: `sequence ${this.#sequence + 1n} is missing from the register's events (next found: ${change.sequence})`,
          });
        }
        touched.add(this.#change(change, !rebuild));
        this.#sequence = change.sequence;
      }
      if (journal) this.#journal.push(entry);
    }
    if (rebuild) await this.#rebuild(touched);
    else this.#flush();
  }

  /** Applies one change to the register, and to the trees when `incremental`; returns the citizen's jurisdiction. */
  #change(change: CitizenChange, incremental: boolean): number {
    const register = this.#register;
    if (change.kind === "registered") {
      const index = register.keys.length;
      if (change.index !== index) {
        throw new InvalidInputError({ field: "changes", reason: `registration at ${change.index}, expected ${index}` });
      }
      register.keys.push(change.citizenKey);
      register.jurisdictions.push(change.jurisdiction);
      register.statuses.push(ACTIVE);
      register.flags.push(change.flags);
      register.commitments.push(change.votingCommitment);
      this.#byKey.set(change.citizenKey, index);
      for (const requiredFlags of this.#flagSets) {
        const key = censusKey(change.jurisdiction, requiredFlags);
        if (!this.#censuses.has(key)) {
          this.#censuses.set(key, {
            jurisdiction: change.jurisdiction,
            requiredFlags,
            members: [],
            tree: new CensusTree(),
            pending: [],
          });
        }
      }
      if (incremental) this.#moved(index, -1, 0, 0n);
      return change.jurisdiction;
    }
    const index = this.#byKey.get(change.citizenKey);
    if (index === undefined) {
      throw new InvalidInputError({
        field: "changes",
        reason: `change ${change.sequence} names citizen ${change.citizenKey}, never registered`,
      });
    }
    const status = register.statuses[index]!;
    const flags = register.flags[index]!;
    const commitment = register.commitments[index]!;
    if (change.kind === "status") register.statuses[index] = CITIZEN_STATUSES.indexOf(change.to);
    else if (change.kind === "eligibility") register.flags[index] = change.to;
    else register.commitments[index] = change.to;
    if (incremental) this.#moved(index, status, flags, commitment);
    return register.jurisdictions[index]!;
  }

  /** Brings the trees of citizen `index`'s jurisdiction in line after a change from the given values. */
  #moved(index: number, status: number, flags: number, commitment: bigint): void {
    const register = this.#register;
    const jurisdiction = register.jurisdictions[index]!;
    const now = register.commitments[index]!;
    for (const requiredFlags of this.#flagSets) {
      const kept = this.#censuses.get(censusKey(jurisdiction, requiredFlags))!;
      const was = status === ACTIVE && (flags & requiredFlags) === requiredFlags;
      const is = register.statuses[index] === ACTIVE && (register.flags[index]! & requiredFlags) === requiredFlags;
      const position = lowerBound(kept.members, index);
      if (was && is) {
        if (commitment !== now) kept.pending.push({ kind: "update", index: position, leaf: now });
      } else if (was) {
        kept.members.splice(position, 1);
        kept.pending.push({ kind: "remove", index: position });
      } else if (is) {
        kept.pending.push(
          position === kept.members.length
            ? { kind: "append", leaf: now }
            : { kind: "insert", index: position, leaf: now },
        );
        kept.members.splice(position, 0, index);
      }
    }
  }

  async #rebuild(jurisdictions: ReadonlySet<number>): Promise<void> {
    const register = this.#register;
    const members = new Map<string, number[]>();
    for (const jurisdiction of jurisdictions) {
      for (const requiredFlags of this.#flagSets) members.set(censusKey(jurisdiction, requiredFlags), []);
    }
    for (let index = 0; index < register.keys.length; index++) {
      const jurisdiction = register.jurisdictions[index]!;
      if (!jurisdictions.has(jurisdiction) || register.statuses[index] !== ACTIVE) continue;
      for (const requiredFlags of this.#flagSets) {
        if ((register.flags[index]! & requiredFlags) === requiredFlags) {
          members.get(censusKey(jurisdiction, requiredFlags))!.push(index);
        }
      }
    }
    for (const [key, indices] of members) {
      const kept = this.#censuses.get(key)!;
      kept.members = indices;
      kept.pending = [];
      kept.tree = await buildCensusTree({
        members: indices.map((index) => register.commitments[index]!),
        threads: this.#threads,
      });
    }
  }

  /** Undoes the journal back to the newest block still canonical; returns the number of changes undone. */
  async #rewind(): Promise<number> {
    const undone = await this.#undoJournal();
    this.#flush();
    return undone;
  }

  /** Applies the trees' pending changes. */
  #flush(): void {
    for (const kept of this.#censuses.values()) {
      if (kept.pending.length === 0) continue;
      kept.tree.edit(kept.pending);
      kept.pending = [];
    }
  }

  async #undoJournal(): Promise<number> {
    let undone = 0;
    while (this.#journal.length > 0) {
      const entry = this.#journal[this.#journal.length - 1]!;
      const canonical = await this.#provider.getBlock(entry.number);
      if (canonical?.hash === entry.hash) {
        this.#block = { number: entry.number, hash: entry.hash };
        return undone;
      }
      for (const change of [...entry.changes].reverse()) {
        this.#undo(change);
        undone++;
      }
      this.#journal.pop();
    }
    if (this.#anchor === null) {
      this.#block = null;
      return undone;
    }
    const canonical = await this.#provider.getBlock(this.#anchor.number);
    if (canonical?.hash === this.#anchor.hash) {
      this.#block = this.#anchor;
      return undone;
    }
    // Deeper than the changes kept: start again from the registry's first block.
    undone += Number(this.#sequence);
    this.#block = null;
    this.#anchor = null;
    this.#sequence = 0n;
    this.#register = { keys: [], jurisdictions: [], statuses: [], flags: [], commitments: [] };
    this.#byKey.clear();
    this.#censuses.clear();
    return undone;
  }

  #undo(change: CitizenChange): void {
    if (change.kind !== "registered") {
      this.#change(inverse(change), true);
    } else {
      const register = this.#register;
      const index = register.keys.length - 1;
      for (const requiredFlags of this.#flagSets) {
        const kept = this.#censuses.get(censusKey(change.jurisdiction, requiredFlags))!;
        if (kept.members[kept.members.length - 1] === index) {
          kept.members.pop();
          kept.pending.push({ kind: "remove", index: kept.members.length });
        }
      }
      this.#byKey.delete(register.keys.pop()!);
      register.jurisdictions.pop();
      register.statuses.pop();
      register.flags.pop();
      register.commitments.pop();
    }
    this.#sequence = change.sequence - 1n;
  }

  /** Forgets the changes of blocks deeper than `confirmations`; the newest of them becomes the anchor. */
  #prune(): void {
    const head = this.#block!.number;
    while (this.#journal.length > 0 && this.#journal[0]!.number <= head - this.#confirmations) {
      const entry = this.#journal.shift()!;
      this.#anchor = { number: entry.number, hash: entry.hash };
    }
  }
}
