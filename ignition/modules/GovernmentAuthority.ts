import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** The GovernmentAuthority, with the deployer as its first admin (handed over at the end of the suite module). */
export default buildModule("GovernmentAuthority", (m) => {
  const authority = m.contract("GovernmentAuthority", [m.getAccount(0)]);
  return { authority };
});
