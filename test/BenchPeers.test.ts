import { expect } from "chai";
import { encodeBytes32String, id, ZeroAddress, ZeroHash } from "ethers";
import { network } from "hardhat";

const { ethers, networkHelpers } = await network.create();

describe("benchmark peers", function () {
  it("the peer ERC-721 mints and transfers like any OpenZeppelin ERC-721", async function () {
    const [minter, alice, bob] = await ethers.getSigners();
    const peer = await ethers.deployContract("PeerERC721");
    await expect(peer.connect(minter).mint(alice.address, 7n))
      .to.emit(peer, "Transfer")
      .withArgs(ZeroAddress, alice.address, 7n);
    await peer.connect(alice).transferFrom(alice.address, bob.address, 7n);
    expect(await peer.ownerOf(7n)).to.equal(bob.address);
    await expect(peer.mint(bob.address, 7n))
      .to.be.revertedWithCustomError(peer, "ERC721InvalidSender")
      .withArgs(ZeroAddress);
  });
});

describe("benchmark floors", function () {
  it("the floor record writes one slot and emits one event, over any earlier value", async function () {
    const floor = await ethers.deployContract("FloorRecord");
    const key = id("floor key");
    expect(await floor.records(key)).to.equal(ZeroHash);
    await expect(floor.record(key, id("first")))
      .to.emit(floor, "Recorded")
      .withArgs(key, id("first"));
    await expect(floor.record(key, id("second")))
      .to.emit(floor, "Recorded")
      .withArgs(key, id("second"));
    expect(await floor.records(key)).to.equal(id("second"));
  });

  it("the floor diploma records issuer, institution and time in one slot and emits the registry's event", async function () {
    const [issuer, holder] = await ethers.getSigners();
    const floor = await ethers.deployContract("FloorDiploma");
    const diploma = {
      documentHash: id("floor diploma"),
      holderCommitment: id("floor holder"),
      holderWallet: holder.address,
      programmeCode: encodeBytes32String("MSC-CS"),
      awardedAt: 1_700_000_000n,
    };
    const institutionId = await floor.INSTITUTION_ID();
    expect(await floor.issuanceOf(diploma.documentHash)).to.deep.equal([ZeroAddress, 0n, 0n]);
    await expect(floor.connect(issuer).issue(diploma))
      .to.emit(floor, "DiplomaIssued")
      .withArgs(
        diploma.documentHash,
        institutionId,
        holder.address,
        issuer.address,
        diploma.holderCommitment,
        diploma.programmeCode,
        diploma.awardedAt,
      );
    const issuedAt = BigInt(await networkHelpers.time.latest());
    expect(await floor.issuanceOf(diploma.documentHash)).to.deep.equal([issuer.address, institutionId, issuedAt]);
    await expect(floor.issue(diploma))
      .to.be.revertedWithCustomError(floor, "FloorDiplomaDuplicateDocument")
      .withArgs(diploma.documentHash);
  });
});
