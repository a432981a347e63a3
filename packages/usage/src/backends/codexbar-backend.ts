import { CODEXBAR_PROVIDERS } from './codexbar-provider-map.js';
import { parseCodexBarUsage } from './codexbar-usage-parse.js';
import type { UsageBackend } from './usage-backend.js';

/**
 * CodexBar's CLI (`codexbar usage --provider <id> --format json --json-only`): each provider's own
 * limits, read by CodexBar with its own sign-ins. It runs on macOS and Linux (no Windows build).
 */
export const codexbarBackend: UsageBackend = {
  name: 'codexbar',
  defaultCommand: 'codexbar',
  installHint:
    'install the CodexBar CLI (brew install steipete/tap/codexbar, or a CodexBarCLI release from github.com/steipete/CodexBar/releases), or set usage.backends.codexbar.command in config.yaml',
  providers: Object.keys(CODEXBAR_PROVIDERS),
  args(providerId) {
    const name = CODEXBAR_PROVIDERS[providerId]?.name ?? providerId;
    return ['usage', '--provider', name, '--format', 'json', '--json-only'];
  },
  parse: parseCodexBarUsage,
};
