#!/usr/bin/env bash
# Puts Node 22 first on PATH. Hardhat 3 needs Node >= 22.13; on a machine with an older Node, Node 22 is taken from
# the npm registry's `node` package (a binary inside the package) into a cache folder, once.
# Usage: `source scripts/use-node22.sh` (this shell), `bash scripts/use-node22.sh <command...>` (one command, from any
# shell, e.g. a second terminal's `bash scripts/use-node22.sh npx hardhat node`), or `bash scripts/use-node22.sh` to
# only install and print the PATH.
NODE22_VERSION="22.23.3"
NODE22_CACHE="${EGOV_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/egov-registries/node-$NODE22_VERSION}"

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=13)?0:1)'
}

if ! node_is_recent; then
  if [ ! -x "$NODE22_CACHE/node_modules/node/bin/node" ]; then
    echo "Installing Node $NODE22_VERSION from the npm registry into $NODE22_CACHE" >&2
    mkdir -p "$NODE22_CACHE"
    npm install --prefix "$NODE22_CACHE" --no-save --no-audit --no-fund --no-package-lock "node@$NODE22_VERSION" >&2
  fi
  export PATH="$NODE22_CACHE/node_modules/node/bin:$PATH"
fi

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if [ "$#" -gt 0 ]; then
    # Run as `bash scripts/use-node22.sh <command...>`: the command runs with Node 22, in any shell, new or not.
    exec "$@"
  fi
  echo "export PATH=\"$(dirname "$(command -v node)"):\$PATH\""
fi
