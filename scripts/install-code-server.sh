#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) outside the repo, following shared/notes/code-server.md.
# Idempotent: a finished install is kept in $CODE_SERVER_DIR and reused.
# Needs Debian packages libkrb5-dev and ripgrep: installed here when missing (scripts/lib/systemDeps.mjs).
set -euo pipefail
VERSION=4.100.3
DIR="${CODE_SERVER_DIR:-$HOME/.cache/claude-batch/code-server-$VERSION}"
BIN="$DIR/node_modules/.bin/code-server"
if [ -x "$BIN" ] && [ -f "$DIR/.complete" ]; then
  echo "$BIN"
  exit 0
fi
node "$(dirname "$0")/lib/systemDeps.mjs" demo
# @vscode/ripgrep's postinstall would download rg from GitHub; it looks in this cache first.
CACHE="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
mkdir -p "$CACHE"
TARBALL="$CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -f "$TARBALL" ]; then
  STAGE="$(mktemp -d)"
  cp "$(command -v rg)" "$STAGE/rg"
  tar -czf "$TARBALL" -C "$STAGE" rg
  rm -rf "$STAGE"
fi
mkdir -p "$DIR"
echo "installing code-server $VERSION into $DIR (about a minute)" >&2
# npm 11 blocks dependency install scripts by default; code-server's postinstall builds its native modules.
npm_config_dangerously_allow_all_scripts=true npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save --no-audit --no-fund \
  --prefix "$DIR" "code-server@$VERSION" >&2
touch "$DIR/.complete"
echo "$BIN"
