#!/usr/bin/env bash
# Installs the real agent CLIs the integration tests drive (never globally) into a private folder:
# $AGENTPOOL_REAL_CLI_DIR, else ~/.cache/agentpool-real-clis. Safe to run again; the versions are the
# ones the captures and tests were made with (packages/test-utils/src/real-cli.ts).
set -euo pipefail
dir="${AGENTPOOL_REAL_CLI_DIR:-$HOME/.cache/agentpool-real-clis}"
# Droid: the @factory/cli wrapper (0.225.1) is broken on linux-x64; its platform package holds the binary.
packages=(
  "@anthropic-ai/claude-code@2.1.197"
  "@openai/codex@0.169.0"
  "@github/copilot@1.0.102"
  "@factory/cli-linux-x64@0.225.2"
  "@google/gemini-cli@0.61.0"
  "opencode-ai@1.18.33"
)
mkdir -p "$dir"
installed=1
for package in "${packages[@]}"; do
  name="${package%@*}"
  version="${package##*@}"
  have=$(node -p "try { require('$dir/node_modules/$name/package.json').version } catch { '' }" 2>/dev/null || true)
  [ "$have" = "$version" ] || installed=0
done
if [ "$installed" = 1 ]; then
  echo "real CLIs already installed in $dir"
  exit 0
fi
echo "installing ${packages[*]} into $dir"
# Claude Code's own updater must never touch a global install from here.
DISABLE_AUTOUPDATER=1 npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${packages[@]}"
"$dir/node_modules/.bin/claude" --version
"$dir/node_modules/.bin/codex" --version
"$dir/node_modules/@factory/cli-linux-x64/bin/droid" --version
# Copilot checks for updates unless told not to; it never installs anything globally.
COPILOT_AUTO_UPDATE=false "$dir/node_modules/.bin/copilot" --version
"$dir/node_modules/.bin/gemini" --version
"$dir/node_modules/.bin/opencode" --version
