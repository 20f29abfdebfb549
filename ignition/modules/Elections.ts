import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { DEFAULT_REVIEW_PERIOD } from "../../src/roles.js";
import CitizenRegistryModule from "./CitizenRegistry.js";
import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** Artifact of the Semaphore v4 verifier (built from `@semaphore-protocol/contracts`; not upgradeable, no state). */
export const SEMAPHORE_VERIFIER = "@semaphore-protocol/contracts/base/SemaphoreVerifier.sol:SemaphoreVerifier";

/**
 * The elections contract behind its proxy, with the Semaphore verifier it checks ballots with and the `SecretPolls`
 * library that runs its secret polls (deployed once, reached by `delegatecall`, no state of its own). The review period
 * of polls is the module parameter `reviewPeriod` (seconds), two days by default.
 */
export default buildModule("Elections", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { citizenRegistry } = m.useModule(CitizenRegistryModule);
  const reviewPeriod = m.getParameter("reviewPeriod", DEFAULT_REVIEW_PERIOD);
  const semaphoreVerifier = m.contract(SEMAPHORE_VERIFIER, [], { id: "SemaphoreVerifier" });
  const secretPolls = m.library("SecretPolls", { id: "SecretPolls" });
  const { implementation, proxy, instance } = deployBehindProxy(m, "Elections", [
    authority,
    semaphoreVerifier,
    citizenRegistry,
    reviewPeriod,
    secretPolls,
  ]);
  return {
    elections: instance,
    electionsImplementation: implementation,
    electionsProxy: proxy,
    semaphoreVerifier,
    secretPolls,
  };
});
