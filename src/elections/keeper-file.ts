/**
 * The census keeper's file: a short JSON header (chain, registry, last block number and hash, the recent changes
 * kept to undo a reorganisation) followed by compact binary tables: the register (70 bytes a citizen) and, for each
 * census kept, its members' register positions (4 bytes each) and every tree node above the leaves (32 bytes each).
 * The leaves are the members' commitments, so they are not written twice. Written to a temporary file and renamed,
 * so that a crash leaves the previous file whole.
 *
 * @module
 */
import { closeSync, existsSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";

import { InvalidInputError } from "../errors.js";
import type { CitizenChange } from "./census.js";

/** The file's first bytes. */
const MAGIC = "EGOVCEN1";
/** Bytes of one citizen: key, jurisdiction, status, flags, commitment. */
const CITIZEN_BYTES = 32 + 4 + 1 + 1 + 32;
const NODE_BYTES = 32;

/** A block the keeper has seen, by number and hash. */
export interface KeptBlock {
  readonly number: number;
  readonly hash: string;
}

/** The changes of one block, kept while a reorganisation may still remove the block. */
export interface JournalEntry extends KeptBlock {
  readonly changes: readonly CitizenChange[];
}

/** The register as columns, one entry per citizen in register order. */
export interface RegisterColumns {
  readonly keys: string[];
  readonly jurisdictions: number[];
  readonly statuses: number[];
  readonly flags: number[];
  readonly commitments: bigint[];
}

/** One census kept: who belongs, and the tree's levels above the leaves (hex text, as the tree keeps them). */
export interface KeptCensusData {
  readonly jurisdiction: number;
  readonly requiredFlags: number;
  readonly members: number[];
  readonly upperLevels: string[][];
}

/** Everything the keeper writes. */
export interface KeeperFileData {
  readonly chainId: string;
  readonly registry: string;
  readonly startBlock: number;
  readonly flagSets: readonly number[];
  readonly block: KeptBlock | null;
  readonly sequence: bigint;
  readonly anchor: KeptBlock | null;
  readonly journal: readonly JournalEntry[];
  readonly register: RegisterColumns;
  readonly censuses: readonly KeptCensusData[];
}

interface Header extends Omit<KeeperFileData, "register" | "censuses"> {
  readonly citizens: number;
  readonly censuses: { jurisdiction: number; requiredFlags: number; size: number; levels: number[] }[];
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? `${value}n` : value;
}

function reviver(_key: string, value: unknown): unknown {
  return typeof value === "string" && /^\d+n$/.test(value) ? BigInt(value.slice(0, -1)) : value;
}

function writeNode(buffer: Buffer, offset: number, hex: string): void {
  buffer.write(hex.padStart(64, "0"), offset, NODE_BYTES, "hex");
}

/** Writes the keeper's file at `path` (through `path.tmp` and a rename). */
export function writeKeeperFile(path: string, data: KeeperFileData): void {
  const header: Header = {
    chainId: data.chainId,
    registry: data.registry,
    startBlock: data.startBlock,
    flagSets: data.flagSets,
    block: data.block,
    sequence: data.sequence,
    anchor: data.anchor,
    journal: data.journal,
    citizens: data.register.keys.length,
    censuses: data.censuses.map((census) => ({
      jurisdiction: census.jurisdiction,
      requiredFlags: census.requiredFlags,
      size: census.members.length,
      levels: census.upperLevels.map((level) => level.length),
    })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header, replacer), "utf8");
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, "w");
  try {
    const prefix = Buffer.alloc(MAGIC.length + 4);
    prefix.write(MAGIC, 0, "latin1");
    prefix.writeUInt32BE(headerBytes.length, MAGIC.length);
    writeSync(fd, prefix);
    writeSync(fd, headerBytes);
    const { keys, jurisdictions, statuses, flags, commitments } = data.register;
    const chunk = 65_536;
    for (let start = 0; start < keys.length; start += chunk) {
      const end = Math.min(start + chunk, keys.length);
      const buffer = Buffer.alloc((end - start) * CITIZEN_BYTES);
      for (let i = start, offset = 0; i < end; i++, offset += CITIZEN_BYTES) {
        buffer.write(keys[i]!.slice(2), offset, 32, "hex");
        buffer.writeUInt32BE(jurisdictions[i]!, offset + 32);
        buffer.writeUInt8(statuses[i]!, offset + 36);
        buffer.writeUInt8(flags[i]!, offset + 37);
        writeNode(buffer, offset + 38, commitments[i]!.toString(16));
      }
      writeSync(fd, buffer);
    }
    for (const census of data.censuses) {
      const positions = Buffer.alloc(census.members.length * 4);
      census.members.forEach((member, i) => positions.writeUInt32BE(member, i * 4));
      writeSync(fd, positions);
      for (const level of census.upperLevels) {
        for (let start = 0; start < level.length; start += chunk) {
          const end = Math.min(start + chunk, level.length);
          const buffer = Buffer.alloc((end - start) * NODE_BYTES);
          for (let i = start; i < end; i++) writeNode(buffer, (i - start) * NODE_BYTES, level[i]!);
          writeSync(fd, buffer);
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** Reads the keeper's file at `path`; undefined when there is none. Throws when it is not a keeper's file. */
export function readKeeperFile(path: string): KeeperFileData | undefined {
  if (!existsSync(path)) return undefined;
  const bytes = readFileSync(path);
  if (bytes.length < MAGIC.length + 4 || bytes.toString("latin1", 0, MAGIC.length) !== MAGIC) {
    throw new InvalidInputError({ field: "file", reason: `${path} is not a census keeper's file` });
  }
  const headerLength = bytes.readUInt32BE(MAGIC.length);
  let offset = MAGIC.length + 4;
  const header = JSON.parse(bytes.toString("utf8", offset, offset + headerLength), reviver) as Header;
  offset += headerLength;
  const register: RegisterColumns = { keys: [], jurisdictions: [], statuses: [], flags: [], commitments: [] };
  for (let i = 0; i < header.citizens; i++, offset += CITIZEN_BYTES) {
    register.keys.push(`0x${bytes.toString("hex", offset, offset + 32)}`);
    register.jurisdictions.push(bytes.readUInt32BE(offset + 32));
    register.statuses.push(bytes.readUInt8(offset + 36));
    register.flags.push(bytes.readUInt8(offset + 37));
    register.commitments.push(BigInt(`0x${bytes.toString("hex", offset + 38, offset + 70)}`));
  }
  const censuses: KeptCensusData[] = [];
  for (const census of header.censuses) {
    const members: number[] = new Array(census.size);
    for (let i = 0; i < census.size; i++, offset += 4) members[i] = bytes.readUInt32BE(offset);
    const upperLevels: string[][] = [];
    for (const length of census.levels) {
      const level: string[] = new Array(length);
      for (let i = 0; i < length; i++, offset += NODE_BYTES)
        level[i] = bytes.toString("hex", offset, offset + NODE_BYTES);
      upperLevels.push(level);
    }
    censuses.push({ jurisdiction: census.jurisdiction, requiredFlags: census.requiredFlags, members, upperLevels });
  }
  if (offset !== bytes.length) {
    throw new InvalidInputError({ field: "file", reason: `${path} is cut or has trailing bytes` });
  }
  const { citizens: _citizens, censuses: _censuses, ...rest } = header;
  return { ...rest, register, censuses };
}
