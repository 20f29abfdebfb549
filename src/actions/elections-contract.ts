/**
 * The Elections contract of a deployed suite, for the officers', voters' and trustees' actions alike.
 *
 * @module
 */
import type { Elections } from "../contracts.js";
import type { Suite } from "../deployment.js";
import { DeploymentNotFoundError } from "../errors.js";

/** The suite's Elections contract; a deployment record made before Elections existed is refused. */
export function electionsOf(suite: Suite): Elections {
  if (suite.elections === undefined) {
    throw new DeploymentNotFoundError({
      network: suite.deployment.network,
      reason: "the deployment record has no Elections contract (deployed before it existed)",
    });
  }
  return suite.elections;
}
