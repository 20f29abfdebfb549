import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** The business register behind its proxy. */
export default buildModule("CompanyRegistry", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { implementation, proxy, instance } = deployBehindProxy(m, "CompanyRegistry", [authority]);
  return {
    companyRegistry: instance,
    companyRegistryImplementation: implementation,
    companyRegistryProxy: proxy,
  };
});
