import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** The register of citizens behind its proxy. */
export default buildModule("CitizenRegistry", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { implementation, proxy, instance } = deployBehindProxy(m, "CitizenRegistry", [authority]);
  return {
    citizenRegistry: instance,
    citizenRegistryImplementation: implementation,
    citizenRegistryProxy: proxy,
  };
});
