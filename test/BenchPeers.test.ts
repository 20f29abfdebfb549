import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

const { ethers } = await network.create();

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
