/**
 * A minimal ERC-20 for payment tests, compiled from source with the project's pinned solc (no mock contract in
 * `contracts/`): 6 decimals, the whole supply minted to one holder.
 */
import type { ContractRunner } from "ethers";
import { ContractFactory } from "ethers";
import solc from "solc";

const SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

contract TestToken {
    string public constant symbol = "TST";
    uint8 public constant decimals = 6;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(address holder, uint256 supply) {
        balanceOf[holder] = supply;
        emit Transfer(address(0), holder, supply);
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        require(allowance[from][msg.sender] >= value, "allowance");
        allowance[from][msg.sender] -= value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) private {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}
`;

let compiled: { abi: unknown[]; bytecode: string } | undefined;

function compile(): { abi: unknown[]; bytecode: string } {
  if (compiled !== undefined) return compiled;
  const input = {
    language: "Solidity",
    sources: { "TestToken.sol": { content: SOURCE } },
    settings: { evmVersion: "cancun", outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } } },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: unknown[]; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((error) => error.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((error) => error.formattedMessage).join("\n"));
  const contract = output.contracts["TestToken.sol"].TestToken;
  compiled = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  return compiled;
}

/** Deploys a TestToken whose whole `supply` belongs to `holder`; returns its address. */
export async function deployTestToken(deployer: ContractRunner, holder: string, supply: bigint): Promise<string> {
  const { abi, bytecode } = compile();
  const token = await new ContractFactory(abi as never[], bytecode, deployer).deploy(holder, supply);
  await token.waitForDeployment();
  return token.getAddress();
}
