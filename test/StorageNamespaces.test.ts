import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { AbiCoder, getAddress, hexlify, id, keccak256, toBeHex, toUtf8Bytes } from "ethers";
import { network } from "hardhat";

import { Roles } from "../src/roles.js";
import { deploySuite } from "./helpers/fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const coder = AbiCoder.defaultAbiCoder();

/** The ERC-7201 base slot of a namespace: `keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~bytes32(uint256(0xff))`. */
function erc7201(namespace: string): bigint {
  const inner = BigInt(id(namespace)) - 1n;
  return BigInt(keccak256(coder.encode(["uint256"], [inner]))) & ~0xffn;
}

/** The slot of `mapping[key]` for a mapping at `slot`. */
function mappingSlot(key: string, keyType: string, slot: bigint): bigint {
  return BigInt(keccak256(coder.encode([keyType, "uint256"], [key, slot])));
}

async function storageAt(contract: { getAddress(): Promise<string> }, slot: bigint): Promise<bigint> {
  return BigInt(await ethers.provider.getStorage(await contract.getAddress(), slot));
}

/** A short Solidity string as stored in one slot: its bytes left-aligned, twice its length in the last byte. */
function shortString(text: string): bigint {
  const bytes = toUtf8Bytes(text);
  return BigInt(`0x${hexlify(bytes).slice(2).padEnd(64, "0")}`) | BigInt(bytes.length * 2);
}

async function namespaceFixture() {
  const suite = await deploySuite(connection);
  const { companies, diplomas, accounts } = suite;
  await diplomas.connect(accounts.accreditor).registerInstitution("University of Utopia", "0x5554", id("accr"));
  await companies.connect(accounts.companyRegistrar).registerCompany(
    "UT-000042",
    {
      name: "Utopia Land Ltd",
      legalForm: "0x32484252",
      jurisdiction: "0x44452d425900",
      registeredAddressHash: id("a"),
    },
    accounts.alice,
    id("incorporation"),
  );
  return suite;
}

describe("ERC-7201 storage namespaces", function () {
  it("PropertyRegistry keeps its ERC-721 name at the formula's base slot", async function () {
    const { property } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.PropertyRegistry");
    expect(base).to.equal(0x07ac6490b766677d79c0a40d6dbb5ad438b2c1976ad573177a07edb5f714cf00n);
    expect(await storageAt(property, base)).to.equal(shortString(await property.name()));
  });

  it("OwnershipTransfer keeps the land register's policy in the mapping at the formula's base slot", async function () {
    const { transfer, property } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.OwnershipTransfer");
    expect(base).to.equal(0xb57c9836769b776ff7299b535cebd2f74e83b4653a779fbd7ae93fa4dc174a00n);
    const packed = await storageAt(transfer, mappingSlot(await property.getAddress(), "address", base));
    // RegistryPolicy {bool enabled; bool approvalRequired; uint64 approverRole}, packed from the low byte.
    expect(packed).to.equal(1n | (1n << 8n) | (Roles.LAND_REGISTRAR << 16n));
  });

  it("DiplomaRegistry keeps its institution count at the formula's base slot", async function () {
    const { diplomas } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.DiplomaRegistry");
    expect(base).to.equal(0x74b6b7b26165210716a04643bffffeb02621cc1235f0021193e3699e9314af00n);
    expect((await storageAt(diplomas, base)) & 0xffffffffn).to.equal(await diplomas.institutionCount());
    expect(await diplomas.institutionCount()).to.equal(1n);
  });

  it("every contract keeps its authority and pause flag together at the base slot of egov.storage.Governed", async function () {
    const { authority, property, transfer, diplomas, companies, citizens, elections, accounts } =
      await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.Governed");
    expect(base).to.equal(0x959364081130f9dad3d76772f9e9c327164386da98c984547b974745218f1f00n);
    const authorityWord = BigInt(await authority.getAddress());
    for (const contract of [property, transfer, diplomas, companies, citizens, elections]) {
      // GovernedStorage {address authority; bool paused}, packed from the low byte.
      expect(await storageAt(contract, base)).to.equal(authorityWord);
      expect(await contract.authority()).to.equal(await authority.getAddress());
    }
    await property.connect(accounts.guardian).pause();
    expect(await storageAt(property, base)).to.equal(authorityWord | (1n << 160n));
    expect(await property.paused()).to.equal(true);
  });

  it("DiplomaRegistry keeps a batch's status list in the mapping appended last, at the formula's base slot + 6", async function () {
    const { diplomas, accounts } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.DiplomaRegistry");
    await diplomas.connect(accounts.accreditor).bindIssuer(accounts.diplomaIssuer.address, 1);
    const values = [0, 1, 2, 3].map((i) => [id(`document ${i}`), id(`holder ${i}`), i]);
    const tree = StandardMerkleTree.of<(string | number)[]>(values, ["bytes32", "bytes32", "uint32"]);
    await diplomas.connect(accounts.diplomaIssuer).issueBatch(tree.root, 4);
    const [documentHash, holderCommitment] = tree.at(3)!.map(String);
    await diplomas
      .connect(accounts.diplomaIssuer)
      .revokeInBatch(tree.root, { documentHash, holderCommitment, statusIndex: 3, proof: tree.getProof(3) }, 1);
    // statusLists: institution => root => word => bits, after institutionCount, institutions, bindings, diplomas,
    // batches and revocations.
    const byInstitution = mappingSlot(toBeHex(1, 32), "uint32", base + 6n);
    const byRoot = mappingSlot(tree.root, "bytes32", byInstitution);
    expect(await storageAt(diplomas, mappingSlot(toBeHex(0, 32), "uint256", byRoot))).to.equal(1n << 3n);
  });

  it("CompanyRegistry keeps a company's first owner in the mapping at the formula's base slot", async function () {
    const { companies, accounts } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.CompanyRegistry");
    const companyId = await companies.companyIdOf("UT-000042");
    const first = await storageAt(companies, mappingSlot(toBeHex(companyId, 32), "uint256", base));
    expect(getAddress(toBeHex(first & ((1n << 160n) - 1n), 20))).to.equal(accounts.alice.address);
  });
  it("CitizenRegistry keeps its count and sequence in the slot after its three mappings, at the formula's base + 3", async function () {
    const { citizens, accounts } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.CitizenRegistry");
    expect(base).to.equal(0xc45da65cc56bc828bd07541f87cb1aff11e876bd254ab706cd4dad85dbe75700n);
    const registrar = citizens.connect(accounts.civilRegistrar);
    await registrar.registerCitizen(id("citizen ada"), 4101, 1, 101n, id("basis"));
    await registrar.setEligibility(id("citizen ada"), 3, id("basis"));
    // citizens, keys, commitmentHolders, then {uint32 count; uint64 sequence}, packed from the low byte.
    expect(await storageAt(citizens, base + 3n)).to.equal(1n | (2n << 32n));
    expect(await storageAt(citizens, mappingSlot(toBeHex(0, 32), "uint256", base + 1n))).to.equal(
      BigInt(id("citizen ada")),
    );
  });

  it("Elections keeps its verifier and review period at the formula's base slot", async function () {
    const { elections } = await networkHelpers.loadFixture(namespaceFixture);
    const base = erc7201("egov.storage.Elections");
    expect(base).to.equal(0x8dedfeb4c461a5edc60e50f61b11cf15a662a20830f77d7f2c5c4cbf61aa2700n);
    // {address verifier; uint40 reviewPeriod; uint40 pausedTotal}, packed from the low byte.
    const word = await storageAt(elections, base);
    expect(word).to.equal(BigInt(await elections.verifier()) | (BigInt(await elections.reviewPeriod()) << 160n));
    expect(await elections.reviewPeriod()).to.equal(2n * 24n * 3600n);
  });
});
