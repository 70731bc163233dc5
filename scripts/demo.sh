#!/usr/bin/env bash
# `npm run demo`: from a fresh clone with Node 20+ and npm, install, build the CLI and run `atlas demo`
# against the RunPod fake on loopback (no account, no key). Extra arguments go to `atlas demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/bootstrap.sh
pnpm install --frozen-lockfile --reporter=append-only >/dev/null
pnpm turbo run build --filter=@atlas/cli... --output-logs=errors-only >/dev/null
exec node packages/cli/dist/bin.js demo "$@"
