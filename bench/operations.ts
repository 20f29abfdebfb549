/**
 * Every write operation of the suite that the benchmark measures, one table entry each. An entry sets up what its
 * operation needs (unmeasured) and sends the measured transaction(s) through the meter. The benchmark runs the whole
 * table twice, once with 10 records in each registry and once with 10,000, from the same starting state, so that an
 * entry sends the same calldata in both runs.
 *
 * To measure a new operation, add one entry to the table of its contract; a new registry gets a table that joins
 * {OPERATIONS} and a fill in `fills.ts`.
 *
 * @module
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { type BaseContract, id, Interface, ZeroAddress } from "ethers";

import { Roles } from "../src/roles.js";
import { TEST_DELAYS } from "../test/helpers/fixture.js";
import { offerDomain, offerMessage, type Offer, SIGNED_OFFER_TYPES } from "../test/helpers/sales.js";
import {
  CompanyRegistry__factory,
  DiplomaRegistry__factory,
  IGoverned__factory,
  MockERC20__factory,
  OwnershipTransfer__factory,
  PropertyRegistry__factory,
} from "../types/ethers-contracts/index.js";
import {
  type BenchContext,
  CLASS_SIZE,
  cadastralReference,
  companyNumber,
  diplomaOf,
  done,
  type Meter,
  offerOf,
  particularsOf,
  registerCompany,
  registerTitle,
} from "./context.js";
import { fillDirector, listCompanyId } from "./fills.js";

/** One measured operation. */
export interface Operation {
  /** Report key without the registry-size suffix: `<contract>.<function>[.<variant>]`, or a flow's name. */
  readonly name: string;
  /** What the measured transaction does, in the report. */
  readonly note: string;
  /** Sets up what the operation needs, then sends the measured transaction(s) through `meter`. */
  readonly run: (context: BenchContext, meter: Meter) => Promise<void>;
}

const METADATA_URI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
const UNIVERSITY = "Université de Lyonnesse";
const FR = "0x4652";
const REVOCATION_REASON = 1n;

/** The institution the fixture registers, with `diplomaIssuer` bound to it. */
export const BENCH_INSTITUTION = { name: UNIVERSITY, country: FR, accreditation: id("accreditation FR-2024-17") };

// -------------------------------------------------------------------------------------------------------------------
// Shared steps
// -------------------------------------------------------------------------------------------------------------------

/** A fresh owner with a fresh title: returns the owner and the parcel id. */
async function ownerWithTitle(context: BenchContext, label: string) {
  const owner = await context.fresh(`${label} owner`);
  const parcelId = await registerTitle(context, label, owner.address);
  return { owner, parcelId };
}

/** A fresh seller with a fresh title, a fresh buyer and an open native-coin offer between them. */
async function openSale(context: BenchContext, label: string, fields: Partial<Offer> = {}) {
  const { owner: seller, parcelId } = await ownerWithTitle(context, `${label} sale`);
  const buyer = await context.fresh(`${label} buyer`);
  const offer = await offerOf(context, parcelId, seller.address, buyer.address, fields);
  await done(context.suite.transfer.connect(seller).openOffer(offer));
  return { seller, buyer, offer };
}

/** {openSale} with the buyer's payment in escrow. */
async function acceptedSale(context: BenchContext, label: string) {
  const sale = await openSale(context, label);
  await done(context.suite.transfer.connect(sale.buyer).acceptOffer(sale.offer, { value: sale.offer.price }));
  return sale;
}

/** {acceptedSale}, approved and settled: the seller's proceeds wait in escrow. */
async function settledSale(context: BenchContext, label: string) {
  const sale = await acceptedSale(context, label);
  const { transfer, accounts } = context.suite;
  await done(transfer.connect(accounts.landRegistrar).approveOffer(sale.offer));
  await done(transfer.connect(sale.buyer).settleOffer(sale.offer));
  return sale;
}

/** A fresh seller with a fresh title, a fresh buyer, and a native-coin offer the seller signed off chain. */
async function signedSale(context: BenchContext, label: string) {
  const { owner: seller, parcelId } = await ownerWithTitle(context, `${label} sale`);
  const buyer = await context.fresh(`${label} buyer`);
  const offer = await offerOf(context, parcelId, seller.address, buyer.address);
  const signature = await signOffer(context, `${label} sale owner`, offer);
  return { seller, buyer, offer, signature };
}

/** The EIP-712 signature of `offer` by the key of the account {BenchContext.fresh} returns for `label`. */
async function signOffer(context: BenchContext, label: string, offer: Offer): Promise<string> {
  const domain = await offerDomain(context.ethers, context.suite.transfer);
  return context.walletOf(label).signTypedData(domain, SIGNED_OFFER_TYPES, await offerMessage(context.ethers, offer));
}

/** A token offer accepted by a buyer who was given the price and approved the escrow for exactly the price. */
async function tokenSale(context: BenchContext, label: string, accept: boolean) {
  const { transfer } = context.suite;
  const { owner: seller, parcelId } = await ownerWithTitle(context, `${label} token sale`);
  const buyer = await context.fresh(`${label} token buyer`);
  const offer = await offerOf(context, parcelId, seller.address, buyer.address, {
    token: await context.token.getAddress(),
  });
  await done(context.token.mint(buyer.address, 2n * offer.price));
  await done(context.token.connect(buyer).approve(await transfer.getAddress(), offer.price));
  await done(transfer.connect(seller).openOffer(offer));
  if (accept) await done(transfer.connect(buyer).acceptOffer(offer));
  return { seller, buyer, offer };
}

/** Schedules `data` on `target` in the authority as `caller`, waits out `delay` and measures the execution. */
async function executeAfterDelay(
  context: BenchContext,
  meter: Meter,
  caller: HardhatEthersSigner,
  target: BaseContract,
  data: string,
  delay: number,
): Promise<void> {
  const { authority } = context.suite;
  const address = await target.getAddress();
  await done(authority.connect(caller).schedule(address, data, 0));
  await context.helpers.time.increase(delay + 1);
  await meter.measure("execute", authority.connect(caller).execute(address, data));
}

/** A new institution with one bound issuer: returns its id. */
async function institutionWithIssuer(context: BenchContext, label: string, bind: boolean): Promise<bigint> {
  const { diplomas, accounts } = context.suite;
  const asAccreditor = diplomas.connect(accounts.accreditor);
  await done(asAccreditor.registerInstitution(UNIVERSITY, FR, id(`accreditation ${label}`)));
  const institutionId = await diplomas.institutionCount();
  if (bind) await done(asAccreditor.bindIssuer((await context.fresh(`${label} issuer`)).address, institutionId));
  return institutionId;
}

/** Diploma number `index` of a class as `IDiplomaRegistry.BatchDiploma`: its leaf's values and its proof. */
function batchDiplomaOf(tree: ReturnType<BenchContext["graduatingClass"]>, index: number) {
  const [documentHash, holderCommitment, statusIndex] = tree.at(index)!;
  return {
    documentHash: String(documentHash),
    holderCommitment: String(holderCommitment),
    statusIndex: Number(statusIndex),
    proof: tree.getProof(index),
  };
}

/**
 * Issues a class of {CLASS_SIZE} under a root and returns it with its first diploma (whose revocation is the first
 * of the class: it writes a new word of the status list).
 */
async function issuedClass(context: BenchContext, label: string) {
  const tree = context.graduatingClass(label);
  const { diplomas, accounts } = context.suite;
  await done(diplomas.connect(accounts.diplomaIssuer).issueBatch(tree.root, CLASS_SIZE));
  const institutionId = await diplomas.institutionOf(accounts.diplomaIssuer);
  return { institutionId, root: tree.root, tree, diploma: batchDiplomaOf(tree, 0) };
}

/** Diplomas revoked in one call by `diploma.revokeInBatch100`. */
export const REVOKED_TOGETHER = 100;

/** Issues one diploma alone and returns its document hash. */
async function issuedDiploma(context: BenchContext, label: string): Promise<string> {
  const diploma = diplomaOf(context, label);
  await done(context.suite.diplomas.connect(context.suite.accounts.diplomaIssuer).issue(diploma));
  return diploma.documentHash.toString();
}

/** `IDiplomaRegistry` kind 1, defined at deployment. */
const PROFESSIONAL_LICENCE = 1;

/** The bench's issuer, its institution accredited for professional licences (once) from the next block. */
async function licensingIssuer(context: BenchContext) {
  const { diplomas, accounts } = context.suite;
  const institutionId = await diplomas.institutionOf(accounts.diplomaIssuer.address);
  const now = BigInt(await context.helpers.time.latest());
  const accreditations = diplomas.filters.KindAccreditationChanged(institutionId, PROFESSIONAL_LICENCE);
  if ((await diplomas.queryFilter(accreditations)).length === 0) {
    await context.helpers.time.setNextBlockTimestamp(now + 1n);
    await done(
      diplomas
        .connect(accounts.accreditor)
        .accreditForKind(institutionId, PROFESSIONAL_LICENCE, now + 1n, id("licensing accreditation")),
    );
  }
  return { diplomas: diplomas.connect(accounts.diplomaIssuer) };
}

/** The upgrade entry point of every governed contract (UUPS). */
const UUPS = new Interface(["function upgradeToAndCall(address newImplementation, bytes data)"]);

/** `pause`, `unpause` and `upgradeToAndCall` of a governed contract, named `<prefix>.<function>`. */
function governedOperations(
  prefix: string,
  contractOf: (context: BenchContext) => BaseContract,
  deployImplementation: (context: BenchContext) => Promise<BaseContract>,
): Operation[] {
  const as = async (context: BenchContext, signer: HardhatEthersSigner) =>
    IGoverned__factory.connect(await contractOf(context).getAddress(), signer);
  return [
    {
      name: `${prefix}.pause`,
      note: "a guardian pauses the contract (the admin then reopens it, unmeasured)",
      async run(context, meter) {
        const { guardian, admin } = context.suite.accounts;
        await meter.measure("pause", (await as(context, guardian)).pause());
        await done((await as(context, admin)).unpause());
      },
    },
    {
      name: `${prefix}.unpause`,
      note: "the admin reopens a paused contract",
      async run(context, meter) {
        const { guardian, admin } = context.suite.accounts;
        await done((await as(context, guardian)).pause());
        await meter.measure("unpause", (await as(context, admin)).unpause());
      },
    },
    {
      name: `${prefix}.upgradeToAndCall`,
      note: "the upgrader's scheduled upgrade to a new implementation of the same code, executed through the authority after the 7-day delay",
      async run(context, meter) {
        const implementation = await deployImplementation(context);
        await implementation.waitForDeployment();
        const data = UUPS.encodeFunctionData("upgradeToAndCall", [await implementation.getAddress(), "0x"]);
        const { upgrader } = context.suite.accounts;
        await executeAfterDelay(context, meter, upgrader, contractOf(context), data, TEST_DELAYS.upgrade);
      },
    },
  ];
}

// -------------------------------------------------------------------------------------------------------------------
// PropertyRegistry
// -------------------------------------------------------------------------------------------------------------------

const PROPERTY: Operation[] = [
  {
    name: "property.registerTitle",
    note: "a registrar enters a title for an owner who holds none, without its own metadata URI",
    async run(context, meter) {
      const { property, accounts } = context.suite;
      const owner = await context.fresh("registerTitle owner");
      const label = "registerTitle";
      await meter.measure(
        "registerTitle",
        property
          .connect(accounts.landRegistrar)
          .registerTitle(cadastralReference(label), owner.address, id(`deed ${label}`), ""),
      );
    },
  },
  {
    name: "property.registerTitle.withMetadataURI",
    note: "the same with a 66-character IPFS metadata URI",
    async run(context, meter) {
      const { property, accounts } = context.suite;
      const owner = await context.fresh("registerTitle URI owner");
      const label = "registerTitle URI";
      await meter.measure(
        "registerTitle",
        property
          .connect(accounts.landRegistrar)
          .registerTitle(cadastralReference(label), owner.address, id(`deed ${label}`), METADATA_URI),
      );
    },
  },
  {
    name: "property.updateTitleDocument",
    note: "a registrar replaces the deed hash and sets a 66-character metadata URI",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "updateTitleDocument");
      const { property, accounts } = context.suite;
      await meter.measure(
        "updateTitleDocument",
        property.connect(accounts.landRegistrar).updateTitleDocument(parcelId, id("new survey"), METADATA_URI),
      );
    },
  },
  {
    name: "property.freezeTitle",
    note: "a registrar freezes an active title",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "freezeTitle");
      const { property, accounts } = context.suite;
      await meter.measure("freezeTitle", property.connect(accounts.landRegistrar).freezeTitle(parcelId, id("freeze")));
    },
  },
  {
    name: "property.unfreezeTitle",
    note: "a registrar unfreezes a frozen title",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "unfreezeTitle");
      const asRegistrar = context.suite.property.connect(context.suite.accounts.landRegistrar);
      await done(asRegistrar.freezeTitle(parcelId, id("freeze")));
      await meter.measure("unfreezeTitle", asRegistrar.unfreezeTitle(parcelId, id("unfreeze")));
    },
  },
  {
    name: "property.retireTitle",
    note: "a registrar retires an active title",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "retireTitle");
      const { property, accounts } = context.suite;
      await meter.measure("retireTitle", property.connect(accounts.landRegistrar).retireTitle(parcelId, id("retire")));
    },
  },
  {
    name: "property.registerLien",
    note: "a registrar registers the first lien of a parcel",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "registerLien");
      const bank = await context.fresh("registerLien bank");
      const { property, accounts } = context.suite;
      await meter.measure(
        "registerLien",
        property.connect(accounts.landRegistrar).registerLien(parcelId, bank.address, id("mortgage")),
      );
    },
  },
  {
    name: "property.releaseLien",
    note: "a registrar releases the only lien of a parcel",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "releaseLien");
      const bank = await context.fresh("releaseLien bank");
      const { property, accounts } = context.suite;
      const asRegistrar = property.connect(accounts.landRegistrar);
      await done(asRegistrar.registerLien(parcelId, bank.address, id("mortgage")));
      const lienId = await property.lienCount();
      await meter.measure("releaseLien", asRegistrar.releaseLien(lienId, id("mortgage repaid")));
    },
  },
  {
    name: "property.consentToSale",
    note: "a lien holder consents to the sale under one offer",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "consentToSale");
      const bank = await context.fresh("consentToSale bank");
      const { property, accounts } = context.suite;
      await done(property.connect(accounts.landRegistrar).registerLien(parcelId, bank.address, id("mortgage")));
      const lienId = await property.lienCount();
      await meter.measure("consentToSale", property.connect(bank).consentToSale(lienId, id(`offer of ${parcelId}`)));
    },
  },
  {
    name: "property.withdrawConsent",
    note: "a lien holder withdraws its consent",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "withdrawConsent");
      const bank = await context.fresh("withdrawConsent bank");
      const { property, accounts } = context.suite;
      await done(property.connect(accounts.landRegistrar).registerLien(parcelId, bank.address, id("mortgage")));
      const lienId = await property.lienCount();
      await done(property.connect(bank).consentToSale(lienId, id(`offer of ${parcelId}`)));
      await meter.measure("withdrawConsent", property.connect(bank).withdrawConsent(lienId));
    },
  },
  {
    name: "property.setBaseURI",
    note: "the admin sets a 33-character base URI for the first time",
    async run(context, meter) {
      const { property, accounts } = context.suite;
      await meter.measure(
        "setBaseURI",
        property.connect(accounts.admin).setBaseURI("https://titles.example.gov/parcel/"),
      );
    },
  },
  ...governedOperations(
    "property",
    (context) => context.suite.property,
    (context) => new PropertyRegistry__factory(context.suite.accounts.admin).deploy(),
  ),
];

// -------------------------------------------------------------------------------------------------------------------
// OwnershipTransfer
// -------------------------------------------------------------------------------------------------------------------

const TRANSFER: Operation[] = [
  {
    name: "transfer.openOffer",
    note: "the seller opens a native-coin offer",
    async run(context, meter) {
      const { owner: seller, parcelId } = await ownerWithTitle(context, "openOffer");
      const buyer = await context.fresh("openOffer buyer");
      const offer = await offerOf(context, parcelId, seller.address, buyer.address);
      await meter.measure("openOffer", context.suite.transfer.connect(seller).openOffer(offer));
    },
  },
  {
    name: "transfer.openOfferBySig",
    note: "a relayer submits an offer signed by the seller (EOA signature)",
    async run(context, meter) {
      const label = "openOfferBySig";
      const { transfer } = context.suite;
      const sellerKey = context.walletOf(`${label} seller`);
      await context.fresh(`${label} seller`);
      const parcelId = await registerTitle(context, label, sellerKey.address);
      const buyer = await context.fresh(`${label} buyer`);
      const relayer = await context.fresh(`${label} relayer`);
      const offer = await offerOf(context, parcelId, sellerKey.address, buyer.address);
      const signature = await sellerKey.signTypedData(
        await offerDomain(context.ethers, transfer),
        SIGNED_OFFER_TYPES,
        await offerMessage(context.ethers, offer),
      );
      await meter.measure("openOfferBySig", transfer.connect(relayer).openOfferBySig(offer, signature));
    },
  },
  {
    name: "transfer.acceptOffer.native",
    note: "the buyer accepts and pays the price in the native coin into escrow",
    async run(context, meter) {
      const { buyer, offer } = await openSale(context, "acceptOffer native");
      await meter.measure(
        "acceptOffer",
        context.suite.transfer.connect(buyer).acceptOffer(offer, { value: offer.price }),
      );
    },
  },
  {
    name: "transfer.acceptOffer.erc20",
    note: "the buyer accepts and pays in an ERC-20 (exact allowance; the escrow already holds that token)",
    async run(context, meter) {
      await tokenSale(context, "acceptOffer erc20 earlier", true);
      const { buyer, offer } = await tokenSale(context, "acceptOffer erc20", false);
      await meter.measure("acceptOffer", context.suite.transfer.connect(buyer).acceptOffer(offer));
    },
  },
  {
    name: "transfer.acceptOfferBySig",
    note: "the buyer opens an offer the seller signed off chain (EOA signature) and pays the price in the native coin into escrow, in one transaction",
    async run(context, meter) {
      const { buyer, offer, signature } = await signedSale(context, "acceptOfferBySig");
      await meter.measure(
        "acceptOfferBySig",
        context.suite.transfer.connect(buyer).acceptOfferBySig(offer, signature, { value: offer.price }),
      );
    },
  },
  {
    name: "transfer.approveOffer",
    note: "a land registrar approves an accepted sale",
    async run(context, meter) {
      const { offer } = await acceptedSale(context, "approveOffer");
      const { transfer, accounts } = context.suite;
      await meter.measure("approveOffer", transfer.connect(accounts.landRegistrar).approveOffer(offer));
    },
  },
  {
    name: "transfer.approveAndSettleOffer",
    note: "a land registrar approves an accepted sale and it settles in the same transaction: the title moves to a buyer who owned nothing, the seller is credited",
    async run(context, meter) {
      const { offer } = await acceptedSale(context, "approveAndSettleOffer");
      const { transfer, accounts } = context.suite;
      await meter.measure(
        "approveAndSettleOffer",
        transfer.connect(accounts.landRegistrar).approveAndSettleOffer(offer),
      );
    },
  },
  {
    name: "transfer.rejectOffer",
    note: "a land registrar rejects an accepted sale (the price becomes the buyer's refund)",
    async run(context, meter) {
      const { offer } = await acceptedSale(context, "rejectOffer");
      const { transfer, accounts } = context.suite;
      await meter.measure(
        "rejectOffer",
        transfer.connect(accounts.landRegistrar).rejectOffer(offer, id("rejection decision")),
      );
    },
  },
  {
    name: "transfer.settleOffer",
    note: "the buyer settles an approved sale: the title moves to a buyer who owned nothing, the seller is credited",
    async run(context, meter) {
      const { buyer, offer } = await acceptedSale(context, "settleOffer");
      const { transfer, accounts } = context.suite;
      await done(transfer.connect(accounts.landRegistrar).approveOffer(offer));
      await meter.measure("settleOffer", transfer.connect(buyer).settleOffer(offer));
    },
  },
  {
    name: "transfer.expireOffer",
    note: "anyone expires an accepted offer whose deadline passed (the price becomes the buyer's refund)",
    async run(context, meter) {
      const deadline = BigInt(await context.helpers.time.latest()) + 3600n;
      const { buyer, offer } = await openSale(context, "expireOffer", { deadline });
      const { transfer, accounts } = context.suite;
      await done(transfer.connect(buyer).acceptOffer(offer, { value: offer.price }));
      await context.helpers.time.increase(7200);
      await meter.measure("expireOffer", transfer.connect(accounts.outsider).expireOffer(offer));
    },
  },
  {
    name: "transfer.cancelOffer",
    note: "the seller cancels an open offer",
    async run(context, meter) {
      const { seller, offer } = await openSale(context, "cancelOffer");
      await meter.measure("cancelOffer", context.suite.transfer.connect(seller).cancelOffer(offer));
    },
  },
  {
    name: "transfer.withdraw.native",
    note: "the seller withdraws the proceeds of a settled sale in the native coin to their own account",
    async run(context, meter) {
      const { seller, offer } = await settledSale(context, "withdraw native");
      await meter.measure("withdraw", context.suite.transfer.connect(seller).withdraw(offer, seller.address));
    },
  },
  {
    name: "transfer.withdraw.erc20",
    note: "the seller withdraws ERC-20 proceeds to an account that held none of the token",
    async run(context, meter) {
      const { transfer, accounts } = context.suite;
      const { seller, buyer, offer } = await tokenSale(context, "withdraw erc20", true);
      await done(transfer.connect(accounts.landRegistrar).approveOffer(offer));
      await done(transfer.connect(buyer).settleOffer(offer));
      await meter.measure("withdraw", transfer.connect(seller).withdraw(offer, seller.address));
    },
  },
  {
    name: "transfer.executeCourtOrder",
    note: "a court officer moves a title to an heir who owned nothing",
    async run(context, meter) {
      const { parcelId } = await ownerWithTitle(context, "executeCourtOrder");
      const heir = await context.fresh("executeCourtOrder heir");
      const { transfer, property, accounts } = context.suite;
      await meter.measure(
        "executeCourtOrder",
        transfer
          .connect(accounts.courtOfficer)
          .executeCourtOrder(await property.getAddress(), parcelId, heir.address, id("inheritance certificate")),
      );
    },
  },
  {
    name: "transfer.recoverKeys",
    note: "the authority executes a recovery officer's key recovery of one title after the 3-day delay",
    async run(context, meter) {
      const { owner: lost, parcelId } = await ownerWithTitle(context, "recoverKeys");
      const replacement = await context.fresh("recoverKeys new account");
      const { transfer, property, accounts } = context.suite;
      const data = transfer.interface.encodeFunctionData("recoverKeys", [
        await property.getAddress(),
        lost.address,
        replacement.address,
        [parcelId],
        id("recovery order"),
      ]);
      await executeAfterDelay(context, meter, accounts.recoveryOfficer, transfer, data, TEST_DELAYS.recovery);
    },
  },
  {
    name: "transfer.recoverEscrow",
    note: "the authority executes a recovery officer's payout of a lost seller's native proceeds after the 3-day delay",
    async run(context, meter) {
      const { seller, offer } = await settledSale(context, "recoverEscrow");
      const replacement = await context.fresh("recoverEscrow new account");
      const { transfer, accounts } = context.suite;
      const data = transfer.interface.encodeFunctionData("recoverEscrow", [
        offer,
        seller.address,
        replacement.address,
        id("escrow recovery order"),
      ]);
      await executeAfterDelay(context, meter, accounts.recoveryOfficer, transfer, data, TEST_DELAYS.recovery);
    },
  },
  {
    name: "transfer.setRegistryPolicy",
    note: "the admin enables a new registry with approval by the company registrar",
    async run(context, meter) {
      const { transfer, accounts } = context.suite;
      const registry = context.walletOf("setRegistryPolicy registry").address;
      await meter.measure(
        "setRegistryPolicy",
        transfer.connect(accounts.admin).setRegistryPolicy(registry, {
          enabled: true,
          approvalRequired: true,
          approverRole: Roles.COMPANY_REGISTRAR,
        }),
      );
    },
  },
  ...governedOperations(
    "transfer",
    (context) => context.suite.transfer,
    (context) => new OwnershipTransfer__factory(context.suite.accounts.admin).deploy(),
  ),
];

// -------------------------------------------------------------------------------------------------------------------
// DiplomaRegistry
// -------------------------------------------------------------------------------------------------------------------

const DIPLOMA: Operation[] = [
  {
    name: "diploma.registerInstitution",
    note: "the accreditor registers an institution with a 24-byte name",
    async run(context, meter) {
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "registerInstitution",
        diplomas.connect(accounts.accreditor).registerInstitution(UNIVERSITY, FR, id("accreditation registered")),
      );
    },
  },
  {
    name: "diploma.suspendInstitution",
    note: "the accreditor suspends an institution with one bound issuer",
    async run(context, meter) {
      const institutionId = await institutionWithIssuer(context, "suspendInstitution", true);
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "suspendInstitution",
        diplomas.connect(accounts.accreditor).suspendInstitution(institutionId, id("suspension decision")),
      );
    },
  },
  {
    name: "diploma.reinstateInstitution",
    note: "the accreditor reinstates a suspended institution with one bound issuer",
    async run(context, meter) {
      const institutionId = await institutionWithIssuer(context, "reinstateInstitution", true);
      const asAccreditor = context.suite.diplomas.connect(context.suite.accounts.accreditor);
      await done(asAccreditor.suspendInstitution(institutionId, id("suspension decision")));
      await meter.measure(
        "reinstateInstitution",
        asAccreditor.reinstateInstitution(institutionId, id("accreditation renewed")),
      );
    },
  },
  {
    name: "diploma.bindIssuer",
    note: "the accreditor binds the first issuer account of an institution",
    async run(context, meter) {
      const institutionId = await institutionWithIssuer(context, "bindIssuer", false);
      const issuer = await context.fresh("bindIssuer issuer");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "bindIssuer",
        diplomas.connect(accounts.accreditor).bindIssuer(issuer.address, institutionId),
      );
    },
  },
  {
    name: "diploma.unbindIssuer",
    note: "the accreditor unbinds the only issuer account of an institution",
    async run(context, meter) {
      await institutionWithIssuer(context, "unbindIssuer", true);
      const issuer = context.walletOf("unbindIssuer issuer").address;
      const { diplomas, accounts } = context.suite;
      await meter.measure("unbindIssuer", diplomas.connect(accounts.accreditor).unbindIssuer(issuer));
    },
  },
  {
    name: "diploma.issue",
    note: "an issuer issues one diploma alone",
    async run(context, meter) {
      const { diplomas, accounts } = context.suite;
      await meter.measure("issue", diplomas.connect(accounts.diplomaIssuer).issue(diplomaOf(context, "issue")));
    },
  },
  {
    name: "diploma.issueBatch",
    note: `an issuer issues a class of ${CLASS_SIZE.toLocaleString("en")} diplomas under one Merkle root`,
    async run(context, meter) {
      const tree = context.graduatingClass("issueBatch");
      const { diplomas, accounts } = context.suite;
      await meter.measure("issueBatch", diplomas.connect(accounts.diplomaIssuer).issueBatch(tree.root, CLASS_SIZE));
    },
  },
  {
    name: "diploma.revoke",
    note: "an issuer revokes a diploma issued alone",
    async run(context, meter) {
      const documentHash = await issuedDiploma(context, "revoke");
      const { diplomas, accounts } = context.suite;
      await meter.measure("revoke", diplomas.connect(accounts.diplomaIssuer).revoke(documentHash, REVOCATION_REASON));
    },
  },
  {
    name: "diploma.revokeInBatch",
    note:
      `an issuer revokes one diploma of a class of ${CLASS_SIZE.toLocaleString("en")} (Merkle proof of 10 hashes), ` +
      "the first of its class: its status-list word is written from zero",
    async run(context, meter) {
      const leaf = await issuedClass(context, "revokeInBatch");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "revokeInBatch",
        diplomas.connect(accounts.diplomaIssuer).revokeInBatch(leaf.root, leaf.diploma, REVOCATION_REASON),
      );
    },
  },
  {
    name: "diploma.revokeInBatch100",
    note:
      `an issuer revokes ${REVOKED_TOGETHER} diplomas of a class of ${CLASS_SIZE.toLocaleString("en")} in one ` +
      "revokeManyInBatch call (every tenth diploma, so that their status bits spread over the class's four words " +
      "written from zero; a proof of 10 hashes each); per diploma, this divided by 100",
    async run(context, meter) {
      const { root, tree } = await issuedClass(context, "revokeInBatch100");
      const { diplomas, accounts } = context.suite;
      const revoked = Array.from({ length: REVOKED_TOGETHER }, (_, i) => batchDiplomaOf(tree, i * 10));
      await meter.measure(
        "revokeManyInBatch",
        diplomas.connect(accounts.diplomaIssuer).revokeManyInBatch(root, revoked, REVOCATION_REASON),
      );
    },
  },
  {
    name: "diploma.reissue",
    note: "an issuer revokes a diploma issued alone and issues its corrected version",
    async run(context, meter) {
      const documentHash = await issuedDiploma(context, "reissue");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "reissue",
        diplomas
          .connect(accounts.diplomaIssuer)
          .reissue(documentHash, REVOCATION_REASON, diplomaOf(context, "reissue corrected")),
      );
    },
  },
  {
    name: "diploma.reissueFromBatch",
    note: "an issuer revokes a diploma inside a class and issues its corrected version alone",
    async run(context, meter) {
      const leaf = await issuedClass(context, "reissueFromBatch");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "reissueFromBatch",
        diplomas
          .connect(accounts.diplomaIssuer)
          .reissueFromBatch(
            leaf.root,
            leaf.diploma,
            REVOCATION_REASON,
            diplomaOf(context, "reissueFromBatch corrected"),
          ),
      );
    },
  },
  {
    name: "diploma.revokeAsAccreditor",
    note: "the accreditor revokes a diploma issued alone",
    async run(context, meter) {
      const documentHash = await issuedDiploma(context, "revokeAsAccreditor");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "revokeAsAccreditor",
        diplomas
          .connect(accounts.accreditor)
          .revokeAsAccreditor(await diplomas.institutionOf(accounts.diplomaIssuer), documentHash, REVOCATION_REASON),
      );
    },
  },
  {
    name: "diploma.revokeInBatchAsAccreditor",
    note: "the accreditor revokes one diploma of a class",
    async run(context, meter) {
      const leaf = await issuedClass(context, "revokeInBatchAsAccreditor");
      const { diplomas, accounts } = context.suite;
      await meter.measure(
        "revokeInBatchAsAccreditor",
        diplomas
          .connect(accounts.accreditor)
          .revokeInBatchAsAccreditor(leaf.institutionId, leaf.root, leaf.diploma, REVOCATION_REASON),
      );
    },
  },
  {
    name: "credential.issueLicence",
    note: "an issuer of an institution accredited for professional licences issues one licence alone, valid for a year",
    async run(context, meter) {
      const { diplomas } = await licensingIssuer(context);
      await meter.measure(
        "issueCredential",
        diplomas.issueCredential(PROFESSIONAL_LICENCE, diplomaOf(context, "issueLicence"), {
          validFrom: 0,
          expiresAt: context.farDeadline,
        }),
      );
    },
  },
  {
    name: "credential.suspend",
    note: "an issuer suspends a professional licence issued alone, on a disciplinary decision",
    async run(context, meter) {
      const { diplomas } = await licensingIssuer(context);
      const licence = diplomaOf(context, "suspend");
      await done(
        diplomas.issueCredential(PROFESSIONAL_LICENCE, licence, { validFrom: 0, expiresAt: context.farDeadline }),
      );
      await meter.measure("suspend", diplomas.suspend(licence.documentHash, 3, id("disciplinary decision")));
    },
  },
  ...governedOperations(
    "diploma",
    (context) => context.suite.diplomas,
    (context) => new DiplomaRegistry__factory(context.suite.accounts.admin).deploy(),
  ),
];

// -------------------------------------------------------------------------------------------------------------------
// CompanyRegistry
// -------------------------------------------------------------------------------------------------------------------

/** `ICompanyRegistry.CompanyStatus.Active`. */
const ACTIVE = 2n;

/** Filing type of the measured filing: annual accounts. */
const ANNUAL_ACCOUNTS = 1;

/** A fresh controlling owner with a fresh company: returns the owner and the company id. */
async function ownerWithCompany(context: BenchContext, label: string) {
  const owner = await context.fresh(`${label} owner`);
  const companyId = await registerCompany(context, label, owner.address);
  return { owner, companyId };
}

/** A fresh company sold by its fresh owner to a fresh buyer: opened, paid into escrow and approved by the registrar. */
async function approvedCompanySale(context: BenchContext, label: string) {
  const { transfer, companies, accounts } = context.suite;
  const { owner: seller, companyId } = await ownerWithCompany(context, `${label} sale`);
  const buyer = await context.fresh(`${label} buyer`);
  const offer = await offerOf(context, companyId, seller.address, buyer.address, {
    registry: await companies.getAddress(),
  });
  await done(transfer.connect(seller).openOffer(offer));
  await done(transfer.connect(buyer).acceptOffer(offer, { value: offer.price }));
  await done(transfer.connect(accounts.companyRegistrar).approveOffer(offer));
  return { seller, buyer, offer };
}

const COMPANY: Operation[] = [
  {
    name: "company.registerCompany",
    note: "a registrar enters a company (12-character company number, 22-byte name) for an owner who controls none",
    async run(context, meter) {
      const { companies, accounts } = context.suite;
      const owner = await context.fresh("registerCompany owner");
      const label = "registerCompany";
      await meter.measure(
        "registerCompany",
        companies
          .connect(accounts.companyRegistrar)
          .registerCompany(companyNumber(label), particularsOf(label), owner.address, id(`incorporation ${label}`)),
      );
    },
  },
  {
    name: "company.updateParticulars",
    note: "a registrar replaces the particulars of a company (a new registered office)",
    async run(context, meter) {
      const { companyId } = await ownerWithCompany(context, "updateParticulars");
      const { companies, accounts } = context.suite;
      await meter.measure(
        "updateParticulars",
        companies
          .connect(accounts.companyRegistrar)
          .updateParticulars(companyId, particularsOf("updateParticulars moved"), id("change of registered office")),
      );
    },
  },
  {
    name: "company.changeStatus",
    note: "a registrar moves an incorporated company to Active (it starts business)",
    async run(context, meter) {
      const { companyId } = await ownerWithCompany(context, "changeStatus");
      const { companies, accounts } = context.suite;
      await meter.measure(
        "changeStatus",
        companies.connect(accounts.companyRegistrar).changeStatus(companyId, ACTIVE, id("start of business")),
      );
    },
  },
  {
    name: "company.appointDirector",
    note: "a registrar appoints a director without an account to the company whose director list holds the filled records",
    async run(context, meter) {
      const { companies, accounts } = context.suite;
      await meter.measure(
        "appointDirector",
        companies
          .connect(accounts.companyRegistrar)
          .appointDirector(
            listCompanyId(),
            id("appointDirector director"),
            ZeroAddress,
            context.awardedAt,
            id("appointment notice"),
          ),
      );
    },
  },
  {
    name: "company.removeDirector",
    note: "a registrar removes a serving director (appointment number 3) of the company whose director list holds the filled records",
    async run(context, meter) {
      const { companies, accounts } = context.suite;
      const directorIndex = 3n;
      const director = await companies.directorOf(listCompanyId(), directorIndex);
      if (director.commitment !== fillDirector(Number(directorIndex))) throw new Error("removeDirector: not filled");
      await meter.measure(
        "removeDirector",
        companies
          .connect(accounts.companyRegistrar)
          .removeDirector(listCompanyId(), directorIndex, context.awardedAt + 86_400n, id("resignation notice")),
      );
    },
  },
  {
    name: "company.fileDocument",
    note: "a registrar files annual accounts of the company whose filing list holds the filled records",
    async run(context, meter) {
      const { companies, accounts } = context.suite;
      await meter.measure(
        "fileDocument",
        companies
          .connect(accounts.companyRegistrar)
          .fileDocument(listCompanyId(), ANNUAL_ACCOUNTS, id("fileDocument accounts")),
      );
    },
  },
  {
    name: "company.changeOwner.sale",
    note: "the buyer settles an approved sale of a controlling stake (OwnershipTransfer.settleOffer calls changeOwner): the stake moves to a buyer who controlled nothing, the seller is credited",
    async run(context, meter) {
      const { buyer, offer } = await approvedCompanySale(context, "changeOwner sale");
      await meter.measure("settleOffer", context.suite.transfer.connect(buyer).settleOffer(offer));
    },
  },
  {
    name: "company.changeOwner.courtOrder",
    note: "a court officer moves a controlling stake to an heir who controlled nothing (OwnershipTransfer.executeCourtOrder calls changeOwner)",
    async run(context, meter) {
      const { companyId } = await ownerWithCompany(context, "changeOwner courtOrder");
      const heir = await context.fresh("changeOwner courtOrder heir");
      const { transfer, companies, accounts } = context.suite;
      await meter.measure(
        "executeCourtOrder",
        transfer
          .connect(accounts.courtOfficer)
          .executeCourtOrder(await companies.getAddress(), companyId, heir.address, id("inheritance certificate")),
      );
    },
  },
  ...governedOperations(
    "company",
    (context) => context.suite.companies,
    (context) => new CompanyRegistry__factory(context.suite.accounts.admin).deploy(),
  ),
];

// -------------------------------------------------------------------------------------------------------------------
// Flows
// -------------------------------------------------------------------------------------------------------------------

/**
 * The shortest complete sale, in three transactions: the seller signs the offer off chain, the buyer opens it and pays
 * into escrow (`acceptOfferBySig`), the registrar approves and the sale settles (`approveAndSettleOffer`), the seller
 * withdraws. Seller and buyer are fresh accounts; `returning` gives the buyer a land title first.
 */
function shortSaleFlow(name: string, note: string, registry: "property" | "company", returning: boolean): Operation {
  return {
    name,
    note,
    async run(context, meter) {
      const { transfer, companies, accounts } = context.suite;
      const label = `${name} sale`;
      const seller = await context.fresh(`${label} owner`);
      const recordId =
        registry === "property"
          ? await registerTitle(context, label, seller.address)
          : await registerCompany(context, label, seller.address);
      const buyer = await context.fresh(`${name} buyer`);
      if (returning) await registerTitle(context, `${name} buyer's title`, buyer.address);
      const offer = await offerOf(context, recordId, seller.address, buyer.address, {
        ...(registry === "company" ? { registry: await companies.getAddress() } : {}),
      });
      const signature = await signOffer(context, `${label} owner`, offer);
      const approver = registry === "property" ? accounts.landRegistrar : accounts.companyRegistrar;
      await meter.measure(
        "acceptOfferBySig",
        transfer.connect(buyer).acceptOfferBySig(offer, signature, { value: offer.price }),
      );
      await meter.measure("approveAndSettleOffer", transfer.connect(approver).approveAndSettleOffer(offer));
      await meter.measure("withdraw", transfer.connect(seller).withdraw(offer, seller.address));
    },
  };
}

/** A whole land sale in five transactions: open, accept (native coin), approve, settle, withdraw; fresh accounts. */
const FIVE_TRANSACTION_SALE: Operation = {
  name: "sale.totalFiveTransactions",
  note: "open + accept (native coin) + approve + settle + withdraw, summed; seller and buyer are fresh accounts and the buyer owned nothing",
  async run(context, meter) {
    const { transfer, accounts } = context.suite;
    const { owner: seller, parcelId } = await ownerWithTitle(context, "sale.totalFiveTransactions sale");
    const buyer = await context.fresh("sale.totalFiveTransactions buyer");
    const offer = await offerOf(context, parcelId, seller.address, buyer.address);
    await meter.measure("openOffer", transfer.connect(seller).openOffer(offer));
    await meter.measure("acceptOffer", transfer.connect(buyer).acceptOffer(offer, { value: offer.price }));
    await meter.measure("approveOffer", transfer.connect(accounts.landRegistrar).approveOffer(offer));
    await meter.measure("settleOffer", transfer.connect(buyer).settleOffer(offer));
    await meter.measure("withdraw", transfer.connect(seller).withdraw(offer, seller.address));
  },
};

/**
 * The three-transaction sale of {shortSaleFlow} paid in an ERC-20, with the buyer's `approve` of the escrow first:
 * approve, acceptOfferBySig, approveAndSettleOffer, withdraw. Seller and buyer are fresh accounts; the buyer holds
 * twice the price, as a buyer with money to spare. `firstUse`: the escrow never held the token before (a token
 * deployed for this sale), so the escrow's balance slot is written from zero; otherwise another buyer's price in the
 * same token is already in escrow, as on a registry where that token is in use.
 */
function tokenSaleFlow(name: string, note: string, firstUse: boolean): Operation {
  return {
    name,
    note,
    async run(context, meter) {
      const { transfer, accounts } = context.suite;
      const token = firstUse
        ? await new MockERC20__factory(accounts.admin).deploy("First Use Euro", "fEUR")
        : context.token;
      await token.waitForDeployment();
      if (!firstUse) await tokenSale(context, `${name} earlier`, true);
      const label = `${name} sale`;
      const seller = await context.fresh(`${label} owner`);
      const parcelId = await registerTitle(context, label, seller.address);
      const buyer = await context.fresh(`${name} buyer`);
      const offer = await offerOf(context, parcelId, seller.address, buyer.address, {
        token: await token.getAddress(),
      });
      await done(token.mint(buyer.address, 2n * offer.price));
      const signature = await signOffer(context, `${label} owner`, offer);
      await meter.measure("approve", token.connect(buyer).approve(await transfer.getAddress(), offer.price));
      await meter.measure("acceptOfferBySig", transfer.connect(buyer).acceptOfferBySig(offer, signature));
      await meter.measure(
        "approveAndSettleOffer",
        transfer.connect(accounts.landRegistrar).approveAndSettleOffer(offer),
      );
      await meter.measure("withdraw", transfer.connect(seller).withdraw(offer, seller.address));
    },
  };
}

const FLOWS: Operation[] = [
  shortSaleFlow(
    "sale.total",
    "acceptOfferBySig (the buyer opens the seller's signed offer and pays, native coin) + approveAndSettleOffer (land registrar) + withdraw (seller), summed; seller and buyer are fresh accounts and the buyer owned nothing",
    "property",
    false,
  ),
  shortSaleFlow(
    "sale.totalReturningBuyer",
    "the same three transactions with a buyer who already owns a title",
    "property",
    true,
  ),
  FIVE_TRANSACTION_SALE,
  tokenSaleFlow(
    "sale.totalToken",
    "approve (the buyer lets the escrow take the price) + acceptOfferBySig (the buyer opens the seller's signed offer and pays in an ERC-20) + approveAndSettleOffer (land registrar) + withdraw (seller), summed; fresh seller and buyer; the escrow already holds that token for another sale",
    false,
  ),
  tokenSaleFlow(
    "sale.totalTokenFirstUse",
    "the same four transactions with a token the escrow never held before (its balance slot is written from zero)",
    true,
  ),
  shortSaleFlow(
    "sale.companyStake",
    "the same three transactions selling a company's controlling stake (company registrar approves); fresh accounts",
    "company",
    false,
  ),
];

/** Every measured operation, in report order. Upgrades run last in each table, after which the contracts run on a new
 * implementation of the same code. */
export const OPERATIONS: readonly Operation[] = [...PROPERTY, ...TRANSFER, ...COMPANY, ...DIPLOMA, ...FLOWS];
