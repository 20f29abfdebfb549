/**
 * The peers measured in the same run: the Ethereum Attestation Service (SchemaRegistry + EAS, from their npm package)
 * and a plain OpenZeppelin ERC-721, deployed on the same in-process chain as the suite.
 *
 * @module
 */
import { AbiCoder, id, ZeroAddress, ZeroHash } from "ethers";

import {
  EAS__factory,
  FloorDiploma__factory,
  FloorRecord__factory,
  PeerERC721__factory,
  SchemaRegistry__factory,
} from "../types/ethers-contracts/index.js";
import { type BenchContext, diplomaOf, done, Meter } from "./context.js";

/** A measured peer operation. */
export interface PeerResult {
  readonly name: string;
  readonly note: string;
  readonly meter: Meter;
}

/** The schema the EAS peer attests with: one document hash, like a diploma issued alone. */
export const EAS_SCHEMA = "bytes32 documentHash";

/**
 * The schema of the realistic EAS peer: what a diploma carries. The holder's account is the attestation's recipient
 * (zero, as for the registry's diplomas without a wallet) and the expiry is EAS's own `expirationTime`.
 */
export const EAS_DIPLOMA_SCHEMA =
  "bytes32 documentHash,bytes32 holderCommitment,bytes32 programmeCode,uint40 awardedAt";

/** The expiry the realistic EAS peer sets: a diploma valid for ten years after the bench's award date. */
const TEN_YEARS = 10n * 365n * 24n * 60n * 60n;

/** Deploys the peers and measures their operations. */
export async function measurePeers(context: BenchContext): Promise<PeerResult[]> {
  const deployer = context.suite.accounts.admin;
  const results: PeerResult[] = [];
  const measure = async (name: string, note: string, run: (meter: Meter) => Promise<unknown>) => {
    const meter = new Meter();
    await run(meter);
    results.push({ name, note, meter });
  };

  const schemaRegistry = await new SchemaRegistry__factory(deployer).deploy();
  const eas = await new EAS__factory(deployer).deploy(await schemaRegistry.getAddress());
  const schemaId = await schemaRegistry.register.staticCall(EAS_SCHEMA, ZeroAddress, true);
  await done(schemaRegistry.register(EAS_SCHEMA, ZeroAddress, true));
  const attester = await context.fresh("peer attester");
  const attestation = (label: string) => ({
    schema: schemaId,
    data: {
      recipient: context.walletOf(`peer recipient ${label}`).address,
      expirationTime: 0n,
      revocable: true,
      refUID: ZeroHash,
      data: AbiCoder.defaultAbiCoder().encode(["bytes32"], [id(`peer document ${label}`)]),
      value: 0n,
    },
  });
  await done(eas.connect(attester).attest(attestation("first")));
  await measure(
    "peer.eas.attest",
    `EAS \`attest\` with the schema "${EAS_SCHEMA}", revocable, no expiry, by an attester who attested before`,
    (meter) => meter.measure("attest", eas.connect(attester).attest(attestation("measured"))),
  );
  const diplomaSchemaId = await schemaRegistry.register.staticCall(EAS_DIPLOMA_SCHEMA, ZeroAddress, true);
  await done(schemaRegistry.register(EAS_DIPLOMA_SCHEMA, ZeroAddress, true));
  const diplomaAttestation = (label: string) => {
    const diploma = diplomaOf(context, `peer ${label}`);
    return {
      schema: diplomaSchemaId,
      data: {
        recipient: diploma.holderWallet,
        expirationTime: BigInt(context.awardedAt) + TEN_YEARS,
        revocable: true,
        refUID: ZeroHash,
        data: AbiCoder.defaultAbiCoder().encode(
          ["bytes32", "bytes32", "bytes32", "uint40"],
          [diploma.documentHash, diploma.holderCommitment, diploma.programmeCode, diploma.awardedAt],
        ),
        value: 0n,
      },
    };
  };
  await done(eas.connect(attester).attest(diplomaAttestation("first")));
  await measure(
    "peer.eas.attestDiploma",
    `EAS \`attest\` of a diploma with the schema "${EAS_DIPLOMA_SCHEMA}", the holder's account (none) as recipient and a ten-year \`expirationTime\` as expiry, revocable, by an attester who attested before`,
    (meter) => meter.measure("attest", eas.connect(attester).attest(diplomaAttestation("measured"))),
  );
  await measure("peer.eas.timestamp", "EAS `timestamp` of one bytes32", (meter) =>
    meter.measure("timestamp", eas.connect(attester).timestamp(id("peer timestamped document"))),
  );

  const erc721 = await new PeerERC721__factory(deployer).deploy();
  const minter = await context.fresh("peer minter");
  const holder = await context.fresh("peer holder");
  await measure(
    "peer.erc721.mint",
    "OpenZeppelin ERC-721 `_mint` to an account that holds no token (its first)",
    (meter) => meter.measure("mint", erc721.connect(minter).mint(holder.address, 1n)),
  );
  await measure("peer.erc721.mintLater", "OpenZeppelin ERC-721 `_mint` to an account that already holds one", (meter) =>
    meter.measure("mint", erc721.connect(minter).mint(holder.address, 2n)),
  );
  await measure(
    "peer.erc721.transferFrom",
    "OpenZeppelin ERC-721 `transferFrom` by the owner to an account that holds none",
    (meter) =>
      meter.measure(
        "transferFrom",
        erc721.connect(holder).transferFrom(holder.address, context.walletOf("peer receiver").address, 1n),
      ),
  );

  const floorRecord = await new FloorRecord__factory(deployer).deploy();
  const recorder = await context.fresh("floor recorder");
  await done(floorRecord.connect(recorder).record(id("floor record first"), id("floor value first")));
  await measure(
    "floor.record",
    "a bare record: one new storage slot and one event, no check, no proxy, no authority (`contracts/mocks/FloorRecord.sol`), by an account that recorded before",
    (meter) => meter.measure("record", floorRecord.connect(recorder).record(id("floor record"), id("floor value"))),
  );
  const floorDiploma = await new FloorDiploma__factory(deployer).deploy();
  const floorIssuer = await context.fresh("floor issuer");
  await done(floorDiploma.connect(floorIssuer).issue(diplomaOf(context, "floor first")));
  await measure(
    "floor.diploma",
    "a diploma-shaped record: the calldata, one-slot record and `DiplomaIssued` event of `diploma.issue`, no proxy, no authority, no checks but the duplicate (`contracts/mocks/FloorDiploma.sol`), by an account that issued before",
    (meter) => meter.measure("issue", floorDiploma.connect(floorIssuer).issue(diplomaOf(context, "floor"))),
  );
  return results;
}
