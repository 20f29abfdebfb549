/**
 * The JSON-LD contexts of the registry's credentials, shipped with the package so that issuing and verifying never
 * fetch anything: the W3C ones (VC Data Model 2.0, Data Integrity, Multikey, controlled identifiers) come from
 * `@digitalbazaar/security-document-loader`; the registry's own context is below.
 *
 * @module
 */
import { securityLoader } from "@digitalbazaar/security-document-loader";

/** The W3C Verifiable Credentials Data Model 2.0 context, first in every credential. */
export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

/** The registry's context: its terms (the record reference, the claims) in its own vocabulary. */
export const REGISTRY_CONTEXT = "https://egov.example.gov/credentials/v1";

/** The vocabulary the registry's context maps every term of a credential's claims and record into. */
export const REGISTRY_VOCABULARY = "https://egov.example.gov/credentials#";

/** The context of the controller document that lists an institution's signing keys (served offline). */
export const CONTROLLER_CONTEXT = "https://www.w3.org/ns/did/v1";

/** The body of {@link REGISTRY_CONTEXT}. */
export const REGISTRY_CONTEXT_DOCUMENT = Object.freeze({
  "@context": { "@version": 1.1, "@vocab": REGISTRY_VOCABULARY },
});

/** What a JSON-LD document loader answers. */
export interface LoadedDocument {
  readonly contextUrl: null;
  readonly documentUrl: string;
  readonly document: unknown;
}

/** A JSON-LD document loader. */
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/**
 * A document loader that serves the W3C contexts and the registry's context from the package, then asks `resolve`
 * (keys, controller documents, status lists), and refuses anything else: nothing is fetched from the network.
 */
export function offlineLoader(resolve?: (url: string) => Promise<unknown | undefined>): DocumentLoader {
  const security = securityLoader();
  security.addStatic(REGISTRY_CONTEXT, REGISTRY_CONTEXT_DOCUMENT);
  const load = security.build();
  return async (url: string) => {
    const found = resolve === undefined ? undefined : await resolve(url);
    if (found !== undefined) return { contextUrl: null, documentUrl: url, document: found };
    return (await load(url)) as LoadedDocument;
  };
}
