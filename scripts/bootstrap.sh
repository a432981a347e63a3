#!/usr/bin/env bash
# The main job on a fresh machine: install and build everything, then check the machine, delegate
# one task end to end to a fake worker in tmux, and show the inventory.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-prerequisites.sh

agentpool() { packages/cli/dist/bin.js "$@"; }
[ -f "${AGENTPOOL_HOME:-$HOME/.agentpool}/config.yaml" ] || agentpool init
agentpool doctor --deep
agentpool smoke --provider fake-question --repo .
agentpool inventory
echo
echo "agentpool is ready: packages/cli/dist/bin.js --help (or link it: pnpm --filter @agentpool/cli link --global)"
