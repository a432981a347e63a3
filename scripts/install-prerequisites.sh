#!/usr/bin/env bash
# Installs what agentpool needs on a fresh Debian/Ubuntu machine (tmux, git, pnpm), then the
# workspace dependencies, and builds every package. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v git >/dev/null 2>&1 || missing+=(git)
# The Claude /usage screen test makes a throwaway CA with openssl.
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then echo "agentpool needs Node.js 20 or newer (found $(node --version))" >&2; exit 1; fi

pnpm_version=$(node -p 'require("./package.json").packageManager.split("@")[1]')
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  echo "installing pnpm $pnpm_version"
  as_root npm install -g --silent "pnpm@$pnpm_version"
fi

# better-sqlite3 compiles from source here: point node-gyp at the local Node headers.
if [ -d /usr/include/node ]; then export npm_config_nodedir=/usr; fi
pnpm install --frozen-lockfile
pnpm exec turbo run build --output-logs=errors-only
