/**
 * Fills each registry with real records, through `multicall` batches, so that operations can be measured with 10 and
 * with 10,000 records in place. One entry per kind of record: a CompanyRegistry fill is one more entry.
 *
 * @module
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { AbiCoder, type BaseContract, id, Interface, keccak256, parseEther, ZeroAddress } from "ethers";

import { type BenchContext, cadastralReference, companyNumber, diplomaOf, particularsOf } from "./context.js";

/**
 * Gas limit of one fill transaction: under the per-transaction cap of 2^24 = 16,777,216 gas that the in-process
 * chain enforces from Osaka on (EIP-7825), which bounds how many calls one multicall can carry.
 */
const FILL_GAS_LIMIT = 16_000_000n;

const MULTICALL = new Interface(["function multicall(bytes[] data) returns (bytes[] results)"]);

/** How one kind of record is filled. */
export interface Fill {
  /** `<registry>.<records>`, the registry as in operation names. */
  readonly name: string;
  /** What a record is, for the report. */
  readonly records: string;
  /** Calls per multicall transaction, the most that stays under {FILL_GAS_LIMIT} with a margin. */
  readonly batchSize: number;
  /** Who sends the calls, to which contract. */
  sender(context: BenchContext): Promise<{ signer: HardhatEthersSigner; contract: BaseContract }>;
  /** The encoded call that adds record number `index` (from zero). */
  call(context: BenchContext, index: number): Promise<string>;
  /** Whether record number `index` is in the registry, read back after filling. */
  exists(context: BenchContext, index: number): Promise<boolean>;
}

/** The account that owns every filled title and opens every filled offer. */
const FILL_SELLER = "fill seller";

/** The label of filled title number `index`. */
function fillTitle(index: number): string {
  return `fill title ${index.toString().padStart(6, "0")}`;
}

/** Filled offer number `index`: filled title number `index` offered to one buyer. */
async function fillOffer(context: BenchContext, index: number) {
  return {
    registry: await context.suite.property.getAddress(),
    recordId: BigInt(id(cadastralReference(fillTitle(index)))),
    seller: context.walletOf(FILL_SELLER).address,
    buyer: context.walletOf("fill buyer").address,
    token: ZeroAddress,
    price: parseEther("1"),
    deadline: context.farDeadline,
    deedHash: id(`fill deed ${index}`),
    nonce: BigInt(index),
  };
}

/** The account that owns every filled company. */
const FILL_COMPANY_OWNER = "fill company owner";

/** The label of filled company number `index`. */
function fillCompany(index: number): string {
  return `fill company ${index.toString().padStart(6, "0")}`;
}

/**
 * The company that holds every filled director and filing: filled company number 0. A company's directors and
 * filings are lists of that company, so the lists are measured where they are long, on this company.
 */
export function listCompanyId(): bigint {
  return BigInt(id(companyNumber(fillCompany(0))));
}

/** The commitment of filled director number `index` of {listCompanyId}. */
export function fillDirector(index: number): string {
  return id(`fill director ${index}`);
}

/** Reason code of the filled revocations. */
const REVOCATION_REASON = 1;

/** Filing type of the filled filings: annual accounts. */
const ANNUAL_ACCOUNTS = 1;

/**
 * Every fill, in the order they run: liens and offers are made on the filled titles, so titles come first; directors
 * and filings are added to the first filled company, so companies come before them.
 */
export const FILLS: readonly Fill[] = [
  {
    name: "property.titles",
    records: "titles, all owned by one account",
    batchSize: 220,
    async sender(context) {
      return { signer: context.suite.accounts.landRegistrar, contract: context.suite.property };
    },
    async call(context, index) {
      const label = fillTitle(index);
      return context.suite.property.interface.encodeFunctionData("registerTitle", [
        cadastralReference(label),
        context.walletOf(FILL_SELLER).address,
        id(`deed ${label}`),
        "",
      ]);
    },
    async exists(context, index) {
      const parcelId = await context.suite.property.parcelIdOf(cadastralReference(fillTitle(index)));
      return (await context.suite.property.ownerOf(parcelId)) === context.walletOf(FILL_SELLER).address;
    },
  },
  {
    name: "property.liens",
    records: "liens, one on each filled title",
    batchSize: 80,
    async sender(context) {
      return { signer: context.suite.accounts.landRegistrar, contract: context.suite.property };
    },
    async call(context, index) {
      return context.suite.property.interface.encodeFunctionData("registerLien", [
        BigInt(id(cadastralReference(fillTitle(index)))),
        context.walletOf("fill bank").address,
        id(`fill lien ${index}`),
      ]);
    },
    async exists(context, index) {
      const lien = await context.suite.property.lienOf(index + 1);
      return lien.parcelId === BigInt(id(cadastralReference(fillTitle(index))));
    },
  },
  {
    name: "transfer.offers",
    records: "open offers, one on each filled title",
    batchSize: 320,
    async sender(context) {
      return { signer: await context.fresh(FILL_SELLER), contract: context.suite.transfer };
    },
    async call(context, index) {
      return context.suite.transfer.interface.encodeFunctionData("openOffer", [await fillOffer(context, index)]);
    },
    async exists(context, index) {
      const { transfer } = context.suite;
      return (await transfer.offerState(await transfer.hashOffer(await fillOffer(context, index)))).status === 1n;
    },
  },
  {
    name: "company.companies",
    records: "companies, all controlled by one account",
    batchSize: 100,
    async sender(context) {
      return { signer: context.suite.accounts.companyRegistrar, contract: context.suite.companies };
    },
    async call(context, index) {
      const label = fillCompany(index);
      return context.suite.companies.interface.encodeFunctionData("registerCompany", [
        companyNumber(label),
        particularsOf(label),
        context.walletOf(FILL_COMPANY_OWNER).address,
        id(`incorporation ${label}`),
      ]);
    },
    async exists(context, index) {
      const companyId = await context.suite.companies.companyIdOf(companyNumber(fillCompany(index)));
      return (await context.suite.companies.ownerOf(companyId)) === context.walletOf(FILL_COMPANY_OWNER).address;
    },
  },
  {
    name: "company.directors",
    records: "serving directors, all of the first filled company",
    batchSize: 170,
    async sender(context) {
      return { signer: context.suite.accounts.companyRegistrar, contract: context.suite.companies };
    },
    async call(context, index) {
      return context.suite.companies.interface.encodeFunctionData("appointDirector", [
        listCompanyId(),
        fillDirector(index),
        ZeroAddress,
        context.awardedAt,
        id(`fill appointment ${index}`),
      ]);
    },
    async exists(context, index) {
      return (await context.suite.companies.directorOf(listCompanyId(), index)).commitment === fillDirector(index);
    },
  },
  {
    name: "company.filings",
    records: "filings, all of the first filled company",
    batchSize: 250,
    async sender(context) {
      return { signer: context.suite.accounts.companyRegistrar, contract: context.suite.companies };
    },
    async call(context, index) {
      return context.suite.companies.interface.encodeFunctionData("fileDocument", [
        listCompanyId(),
        ANNUAL_ACCOUNTS,
        id(`fill accounts ${index}`),
      ]);
    },
    async exists(context, index) {
      return (
        (await context.suite.companies.filingOf(listCompanyId(), index)).documentHash === id(`fill accounts ${index}`)
      );
    },
  },
  {
    name: "diploma.diplomas",
    records: "diplomas issued alone",
    batchSize: 400,
    async sender(context) {
      return { signer: context.suite.accounts.diplomaIssuer, contract: context.suite.diplomas };
    },
    async call(context, index) {
      return context.suite.diplomas.interface.encodeFunctionData("issue", [diplomaOf(context, `fill ${index}`)]);
    },
    async exists(context, index) {
      const documentHash = diplomaOf(context, `fill ${index}`).documentHash;
      const { diplomas, accounts } = context.suite;
      return (await diplomas.verify(await diplomas.institutionOf(accounts.diplomaIssuer), documentHash)).status === 1n;
    },
  },
  {
    name: "diploma.batches",
    records: "batches (a root each), all of one institution",
    batchSize: 400,
    async sender(context) {
      return { signer: context.suite.accounts.diplomaIssuer, contract: context.suite.diplomas };
    },
    async call(context, index) {
      return context.suite.diplomas.interface.encodeFunctionData("issueBatch", [fillBatch(context, index).root, 1]);
    },
    async exists(context, index) {
      const { root, diploma } = fillBatch(context, index);
      const { diplomas, accounts } = context.suite;
      const institutionId = await diplomas.institutionOf(accounts.diplomaIssuer);
      return (await diplomas.verifyInBatch(institutionId, root, diploma)).status === 1n;
    },
  },
  {
    name: "diploma.revocations",
    records:
      "revoked diplomas: each issued alone and revoked (one issue and one revoke, nested in one multicall entry)",
    batchSize: 120,
    async sender(context) {
      return { signer: context.suite.accounts.diplomaIssuer, contract: context.suite.diplomas };
    },
    async call(context, index) {
      const registry = context.suite.diplomas.interface;
      const diploma = fillRevoked(context, index);
      return MULTICALL.encodeFunctionData("multicall", [
        [
          registry.encodeFunctionData("issue", [diploma]),
          registry.encodeFunctionData("revoke", [diploma.documentHash, REVOCATION_REASON]),
        ],
      ]);
    },
    async exists(context, index) {
      const { documentHash } = fillRevoked(context, index);
      const { diplomas, accounts } = context.suite;
      return (await diplomas.verify(await diplomas.institutionOf(accounts.diplomaIssuer), documentHash)).status === 2n;
    },
  },
];

/**
 * Filled batch number `index`: a batch of one diploma, whose Merkle root is the diploma's leaf (so that it verifies
 * with an empty proof), as `DiplomaRegistry` hashes leaves.
 */
function fillBatch(context: BenchContext, index: number) {
  const { documentHash, holderCommitment } = diplomaOf(context, `fill batch ${index}`);
  // A class of one: its root is its only leaf, `[documentHash, holderCommitment, 0]`, and its proof is empty.
  const root = keccak256(
    keccak256(AbiCoder.defaultAbiCoder().encode(["bytes32", "bytes32", "uint32"], [documentHash, holderCommitment, 0])),
  );
  return {
    root,
    diploma: {
      documentHash: String(documentHash),
      holderCommitment: String(holderCommitment),
      statusIndex: 0,
      proof: [],
    },
  };
}

/** The diploma that revocation fill number `index` issues alone and revokes. */
function fillRevoked(context: BenchContext, index: number) {
  return diplomaOf(context, `fill revoked ${index}`);
}

/** What filling cost: gas per record inside a full multicall batch, per kind of record. */
export interface FillCost {
  readonly name: string;
  readonly records: string;
  readonly batchSize: number;
  readonly gasPerRecord: number;
}

/** Adds records `from` to `to - 1` to every registry; returns the gas per record of the last full batch of each. */
export async function fillRegistries(context: BenchContext, from: number, to: number): Promise<FillCost[]> {
  const costs: FillCost[] = [];
  for (const fill of FILLS) {
    const { signer, contract } = await fill.sender(context);
    const address = await contract.getAddress();
    for (let start = from; start < to; start += fill.batchSize) {
      const end = Math.min(to, start + fill.batchSize);
      const calls: string[] = [];
      for (let index = start; index < end; ++index) calls.push(await fill.call(context, index));
      const tx = await signer.sendTransaction({
        to: address,
        data: MULTICALL.encodeFunctionData("multicall", [calls]),
        gasLimit: FILL_GAS_LIMIT,
      });
      const receipt = await tx.wait();
      if (receipt === null || receipt.status !== 1) throw new Error(`filling ${fill.name} failed at ${start}`);
      if (calls.length === fill.batchSize) {
        const gasPerRecord = Math.round(Number(receipt.gasUsed) / calls.length);
        costs.push({ name: fill.name, records: fill.records, batchSize: fill.batchSize, gasPerRecord });
      }
    }
    for (const index of [0, to - 1]) {
      if (!(await fill.exists(context, index))) throw new Error(`${fill.name} record ${index} is missing`);
    }
  }
  return costs.filter((cost, i) => costs.findLastIndex((c) => c.name === cost.name) === i);
}
