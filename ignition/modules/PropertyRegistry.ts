import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** The land register behind its proxy. Parameters: `name`, `symbol`, `baseURI` of the title tokens. */
export default buildModule("PropertyRegistry", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { implementation, proxy, instance } = deployBehindProxy(m, "PropertyRegistry", [
    authority,
    m.getParameter("name", "Land Titles"),
    m.getParameter("symbol", "TITLE"),
    m.getParameter("baseURI", ""),
  ]);
  return {
    propertyRegistry: instance,
    propertyRegistryImplementation: implementation,
    propertyRegistryProxy: proxy,
  };
});
