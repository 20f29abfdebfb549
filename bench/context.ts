/**
 * What every benchmark operation works with: the deployed suite, a payment token, fresh accounts, graduating classes,
 * and a meter that records the transactions whose gas is measured.
 *
 * @module
 */
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  type ContractTransactionReceipt,
  type ContractTransactionResponse,
  encodeBytes32String,
  id,
  toUtf8Bytes,
  Wallet,
  zeroPadBytes,
  ZeroAddress,
} from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import type { ICompanyRegistry } from "../types/ethers-contracts/contracts/company/CompanyRegistry.js";
import type { IDiplomaRegistry } from "../types/ethers-contracts/contracts/diploma/DiplomaRegistry.js";
import type { MockERC20 } from "../types/ethers-contracts/index.js";
import type { Suite } from "../test/helpers/fixture.js";
import { type Offer, PRICE } from "../test/helpers/sales.js";

/** Diplomas in the class that {BenchContext.graduatingClass} builds. */
export const CLASS_SIZE = 1_000;

/** Leaf types of a diploma batch, as documented in IDiplomaRegistry. */
const LEAF_TYPES = ["bytes32", "bytes32", "uint32"];

/** The programme code of every benchmark diploma. */
const PROGRAMME = encodeBytes32String("MSC-CS");

/** A balance large enough for any account's gas and payments. */
const FUNDING = 10n ** 24n;

/** One measured transaction. */
export interface MeasuredTx {
  readonly label: string;
  readonly tx: ContractTransactionResponse;
  readonly receipt: ContractTransactionReceipt;
}

/** Records the transactions of an operation whose gas counts; the others are set-up. */
export class Meter {
  readonly measured: MeasuredTx[] = [];

  /** Waits for `sent` and records it under `label`. */
  async measure(label: string, sent: Promise<ContractTransactionResponse>): Promise<ContractTransactionReceipt> {
    const tx = await sent;
    const receipt = await tx.wait();
    if (receipt === null || receipt.status !== 1) throw new Error(`${label}: the measured transaction failed`);
    this.measured.push({ label, tx, receipt });
    return receipt;
  }
}

/** What the benchmark operations share. */
export interface BenchContext {
  readonly ethers: HardhatEthers;
  readonly helpers: NetworkConnection["networkHelpers"];
  readonly suite: Suite;
  /** A plain ERC-20 payment token. */
  readonly token: MockERC20;
  /** A deadline years ahead, the same in every run, so that offers encode the same calldata. */
  readonly farDeadline: bigint;
  /** An award date in the past, the same in every run. */
  readonly awardedAt: bigint;
  /** A funded account that nothing on chain mentions yet, the same for the same label in every run. */
  fresh(label: string): Promise<HardhatEthersSigner>;
  /** The key of the account {fresh} returns for `label`, to sign offers. */
  walletOf(label: string): Wallet;
  /** A class of {CLASS_SIZE} diplomas under one Merkle root, the same for the same label. */
  graduatingClass(label: string): StandardMerkleTree<(string | number)[]>;
}

/** Builds the context over a deployed suite. */
export async function createContext(connection: NetworkConnection, suite: Suite, token: MockERC20) {
  const { ethers, networkHelpers } = connection;
  const now = BigInt(await networkHelpers.time.latest());
  const trees = new Map<string, StandardMerkleTree<(string | number)[]>>();
  const walletOf = (label: string) => new Wallet(id(`egov bench account ${label}`));
  const context: BenchContext = {
    ethers,
    helpers: networkHelpers,
    suite,
    token,
    farDeadline: now + 10n * 365n * 24n * 3600n,
    awardedAt: now - 30n * 24n * 3600n,
    walletOf,
    async fresh(label) {
      const address = walletOf(label).address;
      await networkHelpers.setBalance(address, FUNDING);
      return ethers.getImpersonatedSigner(address);
    },
    graduatingClass(label) {
      let tree = trees.get(label);
      if (tree === undefined) {
        // The status index of each diploma is its place in the class list.
        const values = Array.from({ length: CLASS_SIZE }, (_, i) => [
          id(`diploma document ${label} #${i}`),
          id(`salted holder commitment ${label} #${i}`),
          i,
        ]);
        tree = StandardMerkleTree.of(values, LEAF_TYPES);
        trees.set(label, tree);
      }
      return tree;
    },
  };
  return context;
}

// -------------------------------------------------------------------------------------------------------------------
// Records shared by operations and fills
// -------------------------------------------------------------------------------------------------------------------

/** A cadastral reference of fixed length for `label`, so that every run sends calldata of the same size. */
export function cadastralReference(label: string): string {
  return `FR-75056-${id(label).slice(2, 14).toUpperCase()}`;
}

/** Registers a title for `label` to `owner` (unmeasured set-up); returns its parcel id. */
export async function registerTitle(context: BenchContext, label: string, owner: string): Promise<bigint> {
  const { property, accounts } = context.suite;
  const reference = cadastralReference(label);
  await (
    await property.connect(accounts.landRegistrar).registerTitle(reference, owner, id(`deed ${label}`), "")
  ).wait();
  return property.parcelIdOf(reference);
}

/** A company number of fixed length for `label`, so that every run sends calldata of the same size. */
export function companyNumber(label: string): string {
  return `HRB ${id(label).slice(2, 10).toUpperCase()}`;
}

/** The particulars of the company registered for `label`: a 22-byte name, a German GmbH in Bavaria. */
export function particularsOf(label: string): ICompanyRegistry.ParticularsStruct {
  return {
    name: "Lyonnesse Widgets GmbH",
    legalForm: zeroPadBytes(toUtf8Bytes("2HBR"), 4),
    jurisdiction: zeroPadBytes(toUtf8Bytes("DE-BY"), 6),
    registeredAddressHash: id(`registered office ${label}`),
  };
}

/** Registers a company for `label` with `owner` as its controlling owner (unmeasured set-up); returns its id. */
export async function registerCompany(context: BenchContext, label: string, owner: string): Promise<bigint> {
  const { companies, accounts } = context.suite;
  const number = companyNumber(label);
  await (
    await companies
      .connect(accounts.companyRegistrar)
      .registerCompany(number, particularsOf(label), owner, id(`incorporation ${label}`))
  ).wait();
  return companies.companyIdOf(number);
}

/** A native-coin offer of `recordId` that is valid for years. */
export async function offerOf(
  context: BenchContext,
  recordId: bigint,
  seller: string,
  buyer: string,
  fields: Partial<Offer> = {},
): Promise<Offer> {
  return {
    registry: await context.suite.property.getAddress(),
    recordId,
    seller,
    buyer,
    token: ZeroAddress,
    price: PRICE,
    deadline: context.farDeadline,
    deedHash: id(`sale deed ${recordId}`),
    nonce: 0n,
    ...fields,
  };
}

/** A diploma for `label`, awarded a month before the benchmark started. */
export function diplomaOf(context: BenchContext, label: string): IDiplomaRegistry.DiplomaDataStruct {
  return {
    documentHash: id(`diploma document ${label}`),
    holderCommitment: id(`salted holder commitment ${label}`),
    holderWallet: ZeroAddress,
    programmeCode: PROGRAMME,
    awardedAt: context.awardedAt,
  };
}

/** Sends unmeasured set-up and waits for it. */
export async function done(sent: Promise<ContractTransactionResponse>): Promise<void> {
  const receipt = await (await sent).wait();
  if (receipt === null || receipt.status !== 1) throw new Error("a set-up transaction failed");
}
