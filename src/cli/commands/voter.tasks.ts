/**
 * The `voter` commands as Hardhat tasks: a citizen's voting identity and ballots. Each command's code is imported only
 * when it runs.
 *
 * @module
 */
import type { TaskDefinition } from "hardhat/types/tasks";

import { defineCommand, defineGroup, lazy } from "../define.js";
import { POLL } from "../options.js";

const voter = () => import("./voter.js");

/** `voter …`. */
export const voterTasks: TaskDefinition[] = [
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
    description: "Cast or re-cast a ballot, proof generated offline, sent by --from (yours or a relayer's account)",
    kind: "write",
    options: [
      { name: "identity", description: "The identity file (required)" },
      POLL,
      { name: "choose", description: "The chosen options, zero-based, comma-separated, like 0,2 (required)" },
      { name: "depth", description: "Proof tree depth (default: the census's); larger hides the census size" },
    ],
    action: lazy(voter, "vote"),
  }),
];
