#!/usr/bin/env bash
# Runs the whole test suite on another Node.js major (22, 24, ...): tools/ci/on-node.sh with vitest.
#   tools/ci/test-on-node.sh 24            # the suite on the newest Node 24
#   tools/ci/test-on-node.sh 22 -- apps     # arguments after -- go to vitest
set -euo pipefail
cd "$(dirname "$0")/../.."

major="${1:?usage: tools/ci/test-on-node.sh MAJOR [-- vitest arguments]}"
shift
[ "${1:-}" = "--" ] && shift
exec tools/ci/on-node.sh "$major" npx vitest run "$@"
