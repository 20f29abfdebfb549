import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import AuthorityModule from "./GovernmentAuthority.js";
import { deployBehindProxy } from "./proxy.js";

/** The transfer contract behind its proxy. */
export default buildModule("OwnershipTransfer", (m) => {
  const { authority } = m.useModule(AuthorityModule);
  const { implementation, proxy, instance } = deployBehindProxy(m, "OwnershipTransfer", [authority]);
  return {
    ownershipTransfer: instance,
    ownershipTransferImplementation: implementation,
    ownershipTransferProxy: proxy,
  };
});
