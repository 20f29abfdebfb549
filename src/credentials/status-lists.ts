/**
 * The Bitstring Status List credentials of an institution, built from the bits the registry keeps: one revocation
 * list (and, for kinds that can be suspended, one suspension list) per batch, indexed by the credentials' status
 * indices, and one per credential issued alone (index 0). Each list is signed by the institution's current key, in
 * `eddsa-rdfc-2022` for an Ed25519 key and in `ecdsa-sd-2023` (every field revealed) for a P-256 key; the
 * institution hosts each at its `url`.
 *
 * @module
 */
import * as bsl from "@digitalbazaar/vc-bitstring-status-list";

import { InvalidInputError, InvalidStateError } from "../errors.js";
import { queryEvents } from "../logs.js";
import { REGISTRY_CONTEXT, VC_V2_CONTEXT } from "./contexts.js";
import { sign, type VerifiableCredential, vcTime } from "./export.js";
import { selectiveDisclosureKey, signWhole } from "./disclosure.js";
import { issuerId, type KeyReference, type StatusListScope, statusListUrl, type StatusPurpose } from "./identifiers.js";
import { currentKey, institutionKey } from "./keys.js";
import { registryLocation, type CredentialSuite } from "./record.js";

/** The smallest list the Bitstring Status List recommends, so that a list does not single its holders out. */
export const MINIMUM_LIST_LENGTH = 131_072;

/** The parameters of {@link buildStatusLists}. */
export interface BuildStatusListsParameters {
  readonly suite: CredentialSuite;
  readonly institutionId: number;
  /** The institution's 32-byte secret signing seed (0x hex), whose Ed25519 or P-256 key is its current key on chain. */
  readonly seed: string;
  /** Where the institution hosts its lists. */
  readonly baseUrl: string;
  /** Only these records; every credential and batch the institution issued when omitted. */
  readonly scopes?: readonly StatusListScope[];
  /** The signing time; the chain's latest block time when omitted. */
  readonly now?: Date;
}

/** One status list credential and where to host it. */
export interface StatusListFile {
  readonly url: string;
  readonly purpose: StatusPurpose;
  /** The indices whose bit is set. */
  readonly setIndices: readonly number[];
  readonly credential: VerifiableCredential;
}

/**
 * Builds and signs the status lists of an institution's credentials from the chain.
 *
 * @example
 * for (const list of await buildStatusLists({ suite, institutionId: 1, seed, baseUrl })) publish(list.url, list.credential);
 */
export async function buildStatusLists(parameters: BuildStatusListsParameters): Promise<StatusListFile[]> {
  const { suite, institutionId, seed, baseUrl } = parameters;
  const issuer = { ...(await registryLocation(suite)), institutionId };
  const published = await currentKey(suite, institutionId);
  if (published === null) {
    throw new InvalidStateError({
      kind: "institution",
      id: String(institutionId),
      state: "without a signing key",
      reason: "publish one with publishSigningKey before signing status lists",
    });
  }
  const signWith = await signerOf(seed, { ...issuer, keyIndex: published.keyIndex }, published.publicKey);
  if (signWith === null) {
    throw new InvalidInputError({ field: "seed", reason: `its key is not institution ${institutionId}'s current key` });
  }
  const now = parameters.now ?? new Date(Number((await suite.runner.provider!.getBlock("latest"))!.timestamp) * 1000);
  const files: StatusListFile[] = [];
  for (const { scope, size, suspendable, bits } of await recordBits(suite, institutionId, parameters.scopes)) {
    const purposes: StatusPurpose[] = suspendable ? ["revocation", "suspension"] : ["revocation"];
    for (const purpose of purposes) {
      const url = statusListUrl(baseUrl, institutionId, scope, purpose);
      const list = await bsl.createList({ length: Math.max(MINIMUM_LIST_LENGTH, Math.ceil(size / 8) * 8) });
      const setIndices = bits.filter((bit) => bit[purpose]).map((bit) => bit.index);
      for (const index of setIndices) list.setStatus(index, true);
      const unsigned = await bsl.createCredential({ id: url, list, statusPurpose: purpose });
      const credential = await signWith(
        {
          ...unsigned,
          "@context": [VC_V2_CONTEXT, REGISTRY_CONTEXT],
          issuer: issuerId(issuer),
          validFrom: vcTime(now.getTime() / 1000),
        },
        now,
      );
      files.push({ url, purpose, setIndices, credential });
    }
  }
  return files;
}

/**
 * How the seed's key signs a list: in `eddsa-rdfc-2022` when its Ed25519 key is the institution's current key, in
 * `ecdsa-sd-2023` (every field revealed) when its P-256 key is; null when neither is.
 */
async function signerOf(
  seed: string,
  key: KeyReference,
  current: string,
): Promise<((credential: VerifiableCredential, date: Date) => Promise<VerifiableCredential>) | null> {
  const ed25519 = await institutionKey({ seed, key });
  if (ed25519.publicKey.toLowerCase() === current.toLowerCase()) {
    return (credential, date) => sign(credential, ed25519.keyPair.signer(), date);
  }
  const p256 = await selectiveDisclosureKey({ seed, key });
  if (p256.publicKey.toLowerCase() === current.toLowerCase()) {
    return (credential, date) => signWhole(credential, p256.keyPair.signer(), date);
  }
  return null;
}

interface RecordBits {
  readonly scope: StatusListScope;
  readonly size: number;
  readonly suspendable: boolean;
  readonly bits: readonly { index: number; revocation: boolean; suspension: boolean }[];
}

/** The revocation and suspension bits of each record of the institution, read from the chain. */
async function recordBits(
  suite: CredentialSuite,
  institutionId: number,
  only: readonly StatusListScope[] | undefined,
): Promise<RecordBits[]> {
  const registry = suite.diplomaRegistry;
  const fromBlock = suite.deployment.contracts.DiplomaRegistry?.deploymentBlock ?? 0;
  const batchSizes = new Map<string, number>();
  for (const log of await queryEvents(registry, registry.filters.BatchIssued(undefined, institutionId), fromBlock)) {
    batchSizes.set(log.args.root.toLowerCase(), Number(log.args.diplomaCount));
  }
  const scopes: StatusListScope[] =
    only === undefined
      ? [
          ...(await queryEvents(registry, registry.filters.DiplomaIssued(undefined, institutionId), fromBlock)).map(
            (log) => ({ documentHash: log.args.documentHash }),
          ),
          ...[...batchSizes.keys()].map((root) => ({ root })),
        ]
      : [...only];
  const kinds = new Map<number, boolean>();
  const suspendableKind = async (kind: number) => {
    if (!kinds.has(kind)) kinds.set(kind, (await registry.credentialKind(kind)).rules.suspendable);
    return kinds.get(kind)!;
  };
  const result: RecordBits[] = [];
  for (const scope of scopes) {
    if ("documentHash" in scope) {
      const answer = await registry.verify(institutionId, scope.documentHash);
      if (answer.status === 0n) {
        throw new InvalidInputError({
          field: "scopes",
          reason: `institution ${institutionId} issued no ${scope.documentHash}`,
        });
      }
      result.push({
        scope,
        size: 1,
        suspendable: await suspendableKind(Number(answer.kind)),
        bits: [{ index: 0, revocation: answer.status === 2n, suspension: answer.suspendedAt !== 0n }],
      });
      continue;
    }
    const size = batchSizes.get(scope.root.toLowerCase());
    if (size === undefined) {
      throw new InvalidInputError({
        field: "scopes",
        reason: `institution ${institutionId} issued no batch ${scope.root}`,
      });
    }
    const kind = await batchKind(suite, institutionId, scope.root, fromBlock);
    const bits = await Promise.all(
      Array.from({ length: size }, async (_, index) => {
        const [revocation, suspension] = await Promise.all([
          registry.isRevokedInBatch(institutionId, scope.root, index),
          registry.isSuspendedInBatch(institutionId, scope.root, index),
        ]);
        return { index, revocation, suspension };
      }),
    );
    result.push({ scope, size, suspendable: await suspendableKind(kind), bits });
  }
  return result;
}

/** A batch's kind, from its `CredentialTermsRecorded` event (a batch without one holds diplomas, kind 0). */
async function batchKind(
  suite: CredentialSuite,
  institutionId: number,
  root: string,
  fromBlock: number,
): Promise<number> {
  const registry = suite.diplomaRegistry;
  const [terms] = await queryEvents(
    registry,
    registry.filters.CredentialTermsRecorded(root, undefined, institutionId),
    fromBlock,
  );
  return terms === undefined ? 0 : Number(terms.args.kind);
}
