/**
 * The `voter` commands as Hardhat tasks: a citizen's voting identity and ballots. Each command's code is imported only
 * when it runs.
 *
 * @module
 */
import { type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { POLL } from "../options.js";

const voter = () => import("./voter.js");

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
];
