/**
 * Ballots as the Elections contract reads them: a bit set where bit `i` selects option `i`, checked against the
 * poll's rule (single choice, approval of up to k options, participatory budget) before anything is sent.
 *
 * @module
 */
import { Group } from "@semaphore-protocol/group";
import type { Identity } from "@semaphore-protocol/identity";
import { AbiCoder, keccak256, toBeHex } from "ethers";

import { InvalidInputError } from "../errors.js";
import { BALLOT_RULES, type BallotRuleName, POLL_STATES, type PollStateName } from "../vocabulary.js";

export { BALLOT_RULES, type BallotRuleName, POLL_STATES, type PollStateName };

/** Most options a poll may have. */
export const MAX_OPTIONS = 32;

/** What a ballot is checked against. */
export interface BallotRuleParameters {
  readonly rule: BallotRuleName;
  readonly optionCount: number;
  /** Approval: the most options a ballot may select. */
  readonly maxChoices: number;
  /** Budget: the spending limit of a ballot. */
  readonly budget: bigint;
  /** Budget: the cost of each option. */
  readonly costs: readonly bigint[];
}

/** Parameters of {@link encodeBallot}. */
export interface EncodeBallotParameters {
  /** The selected options, by zero-based index. */
  readonly options: readonly number[];
  /** When given, the ballot is checked against the poll's rule, with the contract's limits. */
  readonly poll?: BallotRuleParameters;
}

/**
 * The ballot (bit set) that selects `options`. Throws {@link InvalidInputError} naming `options` when an index is
 * repeated, negative or beyond the poll, or when the ballot breaks the poll's rule.
 */
export function encodeBallot({ options, poll }: EncodeBallotParameters): bigint {
  let ballot = 0n;
  const limit = poll?.optionCount ?? MAX_OPTIONS;
  for (const option of options) {
    if (!Number.isInteger(option) || option < 0 || option >= limit) {
      throw new InvalidInputError({ field: "options", reason: `option ${option} is not between 0 and ${limit - 1}` });
    }
    const bit = 1n << BigInt(option);
    if ((ballot & bit) !== 0n) {
      throw new InvalidInputError({ field: "options", reason: `option ${option} is selected twice` });
    }
    ballot |= bit;
  }
  if (poll !== undefined) {
    const problem = ballotRuleProblem(poll, ballot);
    if (problem !== undefined) throw new InvalidInputError({ field: "options", reason: problem });
  }
  return ballot;
}

/** The zero-based options a ballot selects, in increasing order. */
export function decodeBallot(ballot: bigint): number[] {
  const options: number[] = [];
  for (let i = 0; ballot >> BigInt(i) !== 0n; i++) {
    if (((ballot >> BigInt(i)) & 1n) === 1n) options.push(i);
  }
  return options;
}

/**
 * Why the contract would refuse `ballot` under the poll's rule, in words, or `undefined` when it fits. Mirrors the
 * contract's checks: unknown options, the number of options for the rule, the budget.
 */
export function ballotRuleProblem(poll: BallotRuleParameters, ballot: bigint): string | undefined {
  if (ballot >> BigInt(poll.optionCount) !== 0n) {
    return `the ballot selects an option beyond the poll's ${poll.optionCount} options`;
  }
  const chosen = decodeBallot(ballot);
  const max = poll.rule === "SingleChoice" ? 1 : poll.rule === "Approval" ? poll.maxChoices : poll.optionCount;
  if (chosen.length === 0) return "the ballot selects no option";
  if (chosen.length > max) return `the ballot selects ${chosen.length} options, at most ${max} allowed`;
  if (poll.rule === "Budget") {
    const cost = chosen.reduce((sum, option) => sum + (poll.costs[option] ?? 0n), 0n);
    if (cost > poll.budget) return `the selected projects cost ${cost}, over the budget of ${poll.budget}`;
  }
  return undefined;
}

/**
 * The message a ballot's Semaphore proof carries: `uint256(keccak256(abi.encode(content, revision))) >> 8`, as the
 * contract's `ballotMessage`. `content` is the ballot itself for a public ballot (a 32-byte digest of a ballot's
 * content fits the same message); `revision` orders a voter's ballots in a poll, so that an earlier proof, replayed,
 * is refused.
 */
export function ballotMessage(content: bigint, revision: bigint): bigint {
  if (content < 0n || content >= 1n << 256n) {
    throw new InvalidInputError({ field: "ballot", reason: "must fit in 32 bytes" });
  }
  if (revision < 1n || revision >= 1n << 64n) {
    throw new InvalidInputError({ field: "revision", reason: `must be from 1 to 2^64 - 1, got ${revision}` });
  }
  const encoded = AbiCoder.defaultAbiCoder().encode(["bytes32", "uint64"], [toBeHex(content, 32), revision]);
  return BigInt(keccak256(encoded)) >> 8n;
}

/**
 * The nullifier an identity's proofs carry in a poll: Semaphore's Poseidon hash of the hashed scope and the
 * identity's secret scalar. It is computed as the root of a two-leaf Semaphore group (whose root is that same
 * Poseidon hash of the two leaves), so that the hash comes from Semaphore's own library. The voter's revision
 * follows the chain's latest for this nullifier.
 */
export function ballotNullifier(identity: Identity, scope: bigint): bigint {
  const hashedScope = BigInt(keccak256(toBeHex(scope, 32))) >> 8n;
  return new Group([hashedScope, identity.secretScalar]).root;
}
