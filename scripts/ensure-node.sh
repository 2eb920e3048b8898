# shellcheck shell=bash
# Source this file: it puts a Node.js 24 first on PATH.
# The project targets Node.js 24 LTS; where the machine's Node.js is older, the `node` package of the
# npm registry (which ships the real binary) is installed once into .tools/node.
want=24
have=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$have" -lt "$want" ]; then
  tools="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node"
  if [ ! -x "$tools/node_modules/node/bin/node" ]; then
    echo "Node.js $have is older than $want: installing node@$want from the npm registry into $tools" >&2
    npm install --silent --no-save --no-package-lock --prefix "$tools" "node@$want" >&2
  fi
  export PATH="$tools/node_modules/node/bin:$PATH"
fi
