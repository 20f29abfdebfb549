/**
 * `suite pause` and `suite unpause`: a contract's writes stopped in an emergency and reopened. Apart from `suite.ts`,
 * whose deploy and upgrade need Hardhat's plugins, so that the `egov` command runs these without them.
 *
 * @module
 */
import { pauseContract, unpauseContract } from "../../actions/emergency.js";
import { validateRequired } from "../../validate.js";
import { contextOf } from "../context.js";
import { type CommonArgs, command } from "../session.js";

interface PauseArgs extends CommonArgs {
  readonly contract?: string;
}

function pauseCommand(pause: boolean) {
  return command<PauseArgs>({ write: true }, async (args, session) => {
    const contract = validateRequired("--contract", args.contract);
    const result = await (pause ? pauseContract : unpauseContract)({ ...contextOf(session), contract });
    const done = session.mode === "send";
    const verb = pause ? "paused" : "unpaused";
    return {
      data: { contract: result.contract, address: result.address, paused: done ? pause : !pause },
      lines: [
        done
          ? `${result.contract} (${result.address}) ${verb}: ${pause ? "its writes are stopped, reads go on" : "its writes are open again"}`
          : `${result.contract} (${result.address}) would be ${verb}; it is not yet`,
        ...(done && pause ? [`  ADMIN reopens it with \`suite unpause --contract ${result.contract}\``] : []),
      ],
      transactions: result.transactions,
      safeTitle: `${pause ? "Pause" : "Unpause"} ${result.contract}`,
    };
  });
}

export const pause = pauseCommand(true);
export const unpause = pauseCommand(false);
