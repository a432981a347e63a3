import { parseCcusageBlocks } from './ccusage-blocks-parse.js';
import type { UsageBackend } from './usage-backend.js';

/** How far back ccusage looks for the largest earlier block (its `--token-limit max`). */
export const CCUSAGE_HISTORY_DAYS = 30;

const yyyymmdd = (date: Date): string => date.toISOString().slice(0, 10).replace(/-/g, '');

/**
 * ccusage (`ccusage blocks --json --offline --token-limit max --since <30 days ago>`): Claude Code's
 * local session logs grouped in 5-hour blocks; an estimate, never the provider's limit. Not
 * `--active`: ccusage 20.0.24 takes `max` from the blocks it prints, so with `--active` it reports
 * no limit at all. Its Codex reports (`ccusage codex daily|session`) count tokens and cost only, with
 * no limit or reset, so ccusage reads Claude Code alone.
 */
export const ccusageBackend: UsageBackend = {
  name: 'ccusage',
  defaultCommand: 'ccusage',
  installHint: 'install ccusage (npm install -g ccusage), or set usage.backends.ccusage.command in config.yaml',
  providers: ['claude-code'],
  args(_providerId, now) {
    const since = new Date(now.getTime() - CCUSAGE_HISTORY_DAYS * 86_400_000);
    return ['blocks', '--json', '--offline', '--token-limit', 'max', '--since', yyyymmdd(since)];
  },
  parse: parseCcusageBlocks,
};
