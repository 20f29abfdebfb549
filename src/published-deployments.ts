/**
 * The deployment records of the public networks that the package ships. In the repository the list is empty; the
 * package build (`scripts/build-package.ts`) writes the records of `deployments/` into the built module, leaving
 * out local chains (chain ids 31337 and 1337), so that they are imported as data and nothing reads a disk.
 *
 * @module
 */

/** The shipped records, as written by the deploy command; checked by `egov-registries/deployments` on import. */
export const PUBLISHED_DEPLOYMENTS: readonly unknown[] = [];
