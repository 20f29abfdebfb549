/**
 * The `voter` commands as Hardhat tasks: a citizen's voting identity and ballots. Each command's code is imported only
 * when it runs.
 *
 * @module
 */
import { type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { POLL } from "../options.js";

const voter = () => import("./voter.js");
const voterSecret = () => import("./voter-secret.js");

/** `voter …`. */
export const voterTasks: CommandDefinition[] = [
  defineGroup("voter", "A citizen's voting identity and ballots"),
  defineCommand({
    id: ["voter", "new-identity"],
    description: "Create a voting identity in a new local file (mode 600) and print its commitment",
    kind: "read",
    options: [{ name: "identity", description: "The file to create (required)" }],
    action: lazy(voter, "newIdentity"),
  }),
  defineCommand({
    id: ["voter", "commitment"],
    description: "Print the commitment of a voting identity file",
    kind: "read",
    options: [{ name: "identity", description: "The identity file (required)" }],
    action: lazy(voter, "commitment"),
  }),
  defineCommand({
    id: ["voter", "vote"],
    description: "Cast or re-cast a ballot, proof generated offline, sent to the municipality's relay (--relay)",
    kind: "write",
    options: [
      { name: "identity", description: "The identity file (required)" },
      POLL,
      { name: "choose", description: "The chosen options, zero-based, comma-separated, like 0,2 (required)" },
      {
        name: "relay",
        description: "The municipality's relay, like https://relay.example.org: it checks and pays for the ballot",
      },
      {
        kind: "flag",
        name: "direct",
        description: "Send the ballot from --from instead of a relay: that account is then seen casting it",
      },
    ],
    action: lazy(voter, "vote"),
  }),
  defineCommand({
    id: ["voter", "challenge"],
    description:
      "Secret poll: prepare a ballot as vote would, reveal its randomness instead of casting it, and show what it encrypted",
    kind: "read",
    options: [
      { name: "identity", description: "The identity file (required)" },
      POLL,
      { name: "choose", description: "The options to challenge, zero-based, comma-separated (required)" },
      { name: "out", description: "The new file that receives the revealed ballot (required)" },
    ],
    action: lazy(voterSecret, "challenge"),
  }),
  defineCommand({
    id: ["voter", "check-challenge"],
    description: "Check a challenged ballot's file independently, against the poll's election key on chain",
    kind: "read",
    options: [POLL, { name: "file", description: "The challenge file (required)" }],
    action: lazy(voterSecret, "checkChallenge"),
  }),
  defineCommand({
    id: ["voter", "receipt"],
    description: "Secret poll: confirm that a ballot (its receipt's hash) is counted, or when it was replaced",
    kind: "read",
    options: [POLL, { name: "ballot", description: "The receipt's ballot hash, 0x… (required)" }],
    action: lazy(voterSecret, "receipt"),
  }),
];
