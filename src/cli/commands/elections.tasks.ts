/**
 * The `elections` commands as Hardhat tasks: polls in Elections. Each command's code is imported only when it runs.
 *
 * @module
 */
import { type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { FLAGS, POLL } from "../options.js";

const elections = () => import("./elections.js");
const relay = () => import("./relay.js");
const trustee = () => import("./elections-trustee.js");

const TRUSTEE_FILE = { name: "file", description: "The trustee's secret file (mode 600; required)" };
const TRUSTEE_FROM = {
  name: "from",
  description: "The trustee's account, as the poll names it (default: the network's first)",
};

export const electionsTasks: CommandDefinition[] = [
  defineGroup("elections", "Polls with anonymous one-citizen-one-vote ballots (Elections)"),
  defineCommand({
    id: ["elections", "create"],
    description: "Create a poll; its census is computed now from the register's events (ELECTION_OFFICER)",
    kind: "write",
    options: [
      { name: "metadata", description: "The question and options text: a file (hashed) or a 0x hash (required)" },
      { name: "rule", description: "SingleChoice, Approval or Budget (required)" },
      { name: "options", description: "Number of options, 2 to 32 (required)" },
      { name: "maxChoices", description: "Approval: most options per ballot" },
      { name: "budget", description: "Budget: the spending limit of a ballot" },
      { name: "costs", description: "Budget: each option's cost, comma-separated" },
      { name: "revoting", description: "yes (a later ballot replaces the earlier) or no", defaultValue: "yes" },
      {
        name: "opens",
        description:
          "Opening: ISO date-time, unix seconds or +duration from now (+4d), after the review period (required)",
      },
      { name: "closes", description: "Close: ISO date-time, unix seconds or +duration from now (+18d) (required)" },
      { name: "jurisdiction", description: "The census's municipality code (required)" },
      { ...FLAGS, description: "Eligibility flags every voter has, like adult,resident" },
      { name: "trustees", description: "A secret poll: its trustees' accounts, comma-separated, in trustee order" },
      { name: "quorum", description: "A secret poll: how many trustees open the tally" },
    ],
    action: lazy(elections, "create"),
  }),
  defineCommand({
    id: ["elections", "show"],
    description: "Show a poll: rule, window, census, ballots counted",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "showPoll"),
  }),
  defineCommand({
    id: ["elections", "cancel"],
    description: "Cancel a poll during its review period (GUARDIAN)",
    kind: "write",
    options: [POLL, { name: "reason", description: "The reason: a file or a 0x hash (required)" }],
    action: lazy(elections, "cancel"),
  }),
  defineCommand({
    id: ["elections", "close"],
    description: "Record the close of a poll whose window has ended (anyone)",
    kind: "write",
    options: [POLL],
    action: lazy(elections, "close"),
  }),
  defineCommand({
    id: ["elections", "tally"],
    description: "Show a poll's tally as the contract keeps it",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "tally"),
  }),
  defineCommand({
    id: ["elections", "verify"],
    description: "Recompute a poll's census and tally from the events and compare them with the contract's",
    kind: "read",
    options: [POLL],
    action: lazy(elections, "verify"),
  }),
  defineCommand({
    id: ["elections", "trustee-generate"],
    description:
      "Secret poll, announce window: generate a trustee's secrets into a new file (mode 600) and announce its commitments",
    kind: "write",
    options: [POLL, { ...TRUSTEE_FILE, description: "The new secret file (mode 600; required)" }],
    action: lazy(trustee, "trusteeGenerate"),
  }),
  defineCommand({
    id: ["elections", "trustee-deal"],
    description: "Secret poll, deal window: publish this trustee's shares, encrypted to each other trustee",
    kind: "write",
    options: [POLL, TRUSTEE_FILE],
    action: lazy(trustee, "trusteeDeal"),
  }),
  defineCommand({
    id: ["elections", "trustee-verify"],
    description: "Secret poll: check every share dealt to this trustee and name any dealer who cheated",
    kind: "read",
    options: [POLL, TRUSTEE_FILE, TRUSTEE_FROM],
    action: lazy(trustee, "trusteeVerify"),
  }),
  defineCommand({
    id: ["elections", "trustee-complain"],
    description: "Secret poll, complain window: publish a complaint against a dealer, with the opened share",
    kind: "write",
    options: [POLL, TRUSTEE_FILE, { name: "dealer", description: "The dealer's trustee number (required)" }],
    action: lazy(trustee, "trusteeComplain"),
  }),
  defineCommand({
    id: ["elections", "trustee-seal"],
    description:
      "Secret poll, once open: seal the ceremony, fixing the qualified trustees and the election key (anyone)",
    kind: "write",
    options: [POLL],
    action: lazy(trustee, "trusteeSeal"),
  }),
  defineCommand({
    id: ["elections", "trustee-decrypt"],
    description: "Secret poll, after the close: post this trustee's decryption shares with their proofs",
    kind: "write",
    options: [POLL, TRUSTEE_FILE],
    action: lazy(trustee, "trusteeDecrypt"),
  }),
  defineCommand({
    id: ["elections", "open"],
    description:
      "Secret poll, after the close: combine a quorum's shares and post the counts, checked on chain (anyone)",
    kind: "write",
    options: [POLL],
    action: lazy(trustee, "open"),
  }),
  defineCommand({
    id: ["elections", "relay"],
    description:
      "Run the municipality's ballot relay (HTTP): checks each ballot on chain and pays for it, until Ctrl-C",
    kind: "plain",
    options: [
      {
        name: "from",
        description: "The relayer's account, which pays for every ballot: one of the network's (default: the first)",
      },
      { name: "port", description: "The port to listen on; 0 picks a free one", defaultValue: "8080" },
      { name: "host", description: "The interface to listen on (publish it behind HTTPS)", defaultValue: "127.0.0.1" },
      { name: "maxPerMinute", description: "Ballot requests per minute from one client address", defaultValue: "10" },
      {
        name: "maxPerNullifier",
        description: "Ballots the contract would count, per minute, for one voter in one poll",
        defaultValue: "3",
      },
      {
        name: "allowOrigin",
        description: 'Origins whose pages may call the relay, comma-separated, or "*" for any',
        defaultValue: "*",
      },
      {
        name: "trustProxy",
        kind: "flag",
        description: "Take the client's address from X-Forwarded-For (behind a proxy you trust only)",
      },
    ],
    action: lazy(relay, "relay"),
  }),
];
