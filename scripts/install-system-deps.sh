#!/usr/bin/env bash
# The Debian packages the tests need (see scripts/lib/systemDeps.mjs, which `npm test` and `npm run demo` call
# themselves): installs the missing ones as root or with sudo, else prints the command to run.
set -euo pipefail
exec node "$(dirname "$0")/lib/systemDeps.mjs" "${1:-test}"
