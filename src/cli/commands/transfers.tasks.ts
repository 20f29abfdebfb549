/**
 * The `transfers` commands as Hardhat tasks: sales with escrow, signed offers, court orders and key recoveries in
 * OwnershipTransfer. Each command's code is imported only when it runs.
 *
 * @module
 */
import { type CommandOption, type CommandDefinition, defineCommand, defineGroup, lazy } from "../define.js";
import { BASIS, OFFER } from "../options.js";

const transfers = () => import("./transfers.js");

const REGISTRY: CommandOption = {
  name: "registry",
  description: "The registry that keeps the record (default: PropertyRegistry)",
};
const RECORD: CommandOption = {
  name: "record",
  description: "The record: for PropertyRegistry a cadastral reference or a 0x parcel id (required)",
};

/** `transfers …`. */
export const transfersTasks: CommandDefinition[] = [
  defineGroup("transfers", "Sales with escrow, court orders and key recoveries in OwnershipTransfer"),
  defineCommand({
    id: ["transfers", "open"],
    description: "Open a sale offer as the record's owner",
    kind: "write",
    options: [
      REGISTRY,
      RECORD,
      { name: "buyer", description: "The only account that may accept (required)" },
      { name: "price", description: "The price in whole units, like 1.5 (required)" },
      { name: "token", description: "The ERC-20 payment token (default: the native coin)" },
      {
        name: "deadline",
        description: "Last moment to accept and settle: ISO date, unix seconds or +duration (required)",
      },
      { name: "deed", description: "The sale deed: a file or a 0x 32-byte hash (required)" },
      { name: "nonce", description: "A number making the offer unique (default: random)" },
    ],
    action: lazy(transfers, "open"),
  }),
  defineCommand({
    id: ["transfers", "accept"],
    description: "Accept an offer as the buyer and pay into escrow (approving the ERC-20 first when needed)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "accept"),
  }),
  defineCommand({
    id: ["transfers", "approve"],
    description: "Approve an accepted sale (the registry's approver)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "approve"),
  }),
  defineCommand({
    id: ["transfers", "reject"],
    description: "Reject a pending sale (the registry's approver)",
    kind: "write",
    options: [OFFER, { name: "reason", description: "The decision: a file or a 0x 32-byte hash (required)" }],
    action: lazy(transfers, "reject"),
  }),
  defineCommand({
    id: ["transfers", "settle"],
    description: "Settle a sale: the record moves to the buyer, the seller is credited",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "settle"),
  }),
  defineCommand({
    id: ["transfers", "approve-and-settle"],
    description: "Approve an accepted sale and settle it in one transaction (the registry's approver)",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "approveAndSettle"),
  }),
  defineCommand({
    id: ["transfers", "cancel"],
    description: "Cancel an open offer, or a signed one nobody submitted yet (the seller)",
    kind: "write",
    options: [
      { name: "offer", description: "The offer id (its EIP-712 hash) (required unless --signed)" },
      { name: "signed", description: "Instead of --offer: the signed-offer file of an offer you signed" },
    ],
    action: lazy(transfers, "cancel"),
  }),
  defineCommand({
    id: ["transfers", "expire"],
    description: "Expire an offer that can no longer settle",
    kind: "write",
    options: [OFFER],
    action: lazy(transfers, "expire"),
  }),
  defineCommand({
    id: ["transfers", "withdraw"],
    description: "Withdraw an offer's escrow (the seller after settlement, the buyer after rejection or expiry)",
    kind: "write",
    options: [OFFER, { name: "to", description: "Where the funds go (default: the acting account)" }],
    action: lazy(transfers, "withdrawCommand"),
  }),
  defineCommand({
    id: ["transfers", "sign-offer"],
    description:
      "Sign a sale offer offline as the record's owner (EIP-712), or print its typed data for a hardware wallet; sends nothing",
    kind: "read",
    options: [
      REGISTRY,
      RECORD,
      { name: "buyer", description: "The only account that may accept (required)" },
      { name: "price", description: "The price in whole units, like 1.5 (required)" },
      { name: "token", description: "The ERC-20 payment token (default: the native coin)" },
      {
        name: "deadline",
        description: "Last moment to open, accept and settle: ISO date, unix seconds or +duration (required)",
      },
      { name: "deed", description: "The sale deed: a file or a 0x 32-byte hash (required)" },
      {
        name: "nonce",
        description: "A number making the offer unique (default: random; give it again with --signature)",
      },
      {
        name: "keyFile",
        description: "Sign with the hex private key in this file (readable by its owner only: chmod 600)",
      },
      { name: "typedData", kind: "flag", description: "Print the EIP-712 typed data (eth_signTypedData_v4) instead" },
      {
        name: "signature",
        description:
          "A signature made elsewhere over the typed data (same terms and --nonce): check it and write the signed offer",
      },
      {
        name: "seller",
        description: "With --typed-data or --signature: the seller (default: the record's owner)",
      },
      { name: "out", description: "Write the signed offer to this new file (default: print it)" },
    ],
    action: lazy(transfers, "signOfferCommand"),
  }),
  defineCommand({
    id: ["transfers", "open-by-sig"],
    description: "Open an offer the seller signed (any account submits it and pays the gas)",
    kind: "write",
    options: [{ name: "signed", description: "The signed-offer file from `transfers sign-offer` (required)" }],
    action: lazy(transfers, "openBySig"),
  }),
  defineCommand({
    id: ["transfers", "accept-by-sig"],
    description: "Open a signed offer and accept it with the payment in one transaction (the buyer)",
    kind: "write",
    options: [{ name: "signed", description: "The signed-offer file from `transfers sign-offer` (required)" }],
    action: lazy(transfers, "acceptBySig"),
  }),
  defineCommand({
    id: ["transfers", "court-order"],
    description: "Move a record by court order or inheritance (COURT_OFFICER)",
    kind: "write",
    options: [REGISTRY, RECORD, { name: "to", description: "The new owner (required)" }, BASIS],
    action: lazy(transfers, "courtOrder"),
  }),
  defineCommand({
    id: ["transfers", "recover-keys"],
    description: "Schedule a key recovery in the authority (RECOVERY_OFFICER); execute it after the delay",
    kind: "write",
    options: [
      REGISTRY,
      { name: "records", description: "Comma-separated records owned by the lost account (required)" },
      { name: "lost", description: "The account whose key was lost (required)" },
      { name: "newAccount", description: "The owner's new account (required)" },
      BASIS,
    ],
    action: lazy(transfers, "recoverKeys"),
  }),
  defineCommand({
    id: ["transfers", "recover-escrow"],
    description:
      "Pay an offer's escrow owed to a lost account to the owner's new account (RECOVERY_OFFICER; scheduled when delayed)",
    kind: "write",
    options: [
      OFFER,
      {
        name: "lost",
        description: "The payee whose key was lost: the seller after settlement, the buyer after a refund (required)",
      },
      { name: "newAccount", description: "The owner's new account (required)" },
      BASIS,
    ],
    action: lazy(transfers, "recoverEscrowCommand"),
  }),
  defineCommand({
    id: ["transfers", "show"],
    description: "Show an offer, its state and its events",
    kind: "read",
    options: [OFFER],
    action: lazy(transfers, "showOffer"),
  }),
];
