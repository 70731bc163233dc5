#!/usr/bin/env bash
# `npm run demo`: from a fresh clone with Node 20+ and npm, install, build the CLI and run `atlas demo`
# against the RunPod fake on loopback (no account, no key). Extra arguments go to `atlas demo`.
# `npm run dashboard` (first argument `dashboard`): the same, then `atlas dashboard --demo` instead.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only the demo speaks: no npm update notices, funding or audit lines from the bootstrap's npm, and
# pnpm and turbo print errors only (what they would print otherwise is progress, not news).
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false npm_config_loglevel=error
. .ci/bootstrap.sh
pnpm install --frozen-lockfile --reporter=append-only --loglevel=error >/dev/null
pnpm turbo run build --filter=@atlas/cli... --output-logs=errors-only >/dev/null
if [ "${1:-}" = dashboard ]; then
  shift
  exec node packages/cli/dist/bin.js dashboard --demo "$@"
fi
exec node packages/cli/dist/bin.js demo "$@"
