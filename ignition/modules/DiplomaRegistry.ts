import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** The register of diplomas behind its proxy. */
export default buildModule("DiplomaRegistry", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { implementation, proxy, instance } = deployBehindProxy(m, "DiplomaRegistry", [authority]);
  return {
    diplomaRegistry: instance,
    diplomaRegistryImplementation: implementation,
    diplomaRegistryProxy: proxy,
  };
});
