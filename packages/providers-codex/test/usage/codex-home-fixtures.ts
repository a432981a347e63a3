import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A throwaway CODEX_HOME: never a real user's. */
export function makeCodexHome(): string {
  return mkdtempSync(join(tmpdir(), 'agentpool-codex-usage-'));
}

export interface RolloutWindow {
  readonly used_percent: number;
  readonly window_minutes: number | null;
  readonly resets_at?: number;
  readonly resets_in_seconds?: number;
}

/** A `token_count` event line as Codex writes it into a rollout (REFERENCE.md §4). */
export function tokenCountLine(
  timestamp: string,
  rateLimits: { primary?: RolloutWindow | null; secondary?: RolloutWindow | null; limit_id?: string; limit_name?: string } | null,
): string {
  return JSON.stringify({
    timestamp,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: { total_token_usage: { input_tokens: 1200, output_tokens: 300, total_tokens: 1500 } },
      rate_limits: rateLimits === null ? null : { limit_id: 'codex', credits: null, plan_type: 'pro', ...rateLimits },
    },
  });
}

export const otherLines = (timestamp: string): string[] => [
  JSON.stringify({ timestamp, type: 'session_meta', payload: { id: 's1', cwd: '/w', cli_version: '0.169.0' } }),
  JSON.stringify({
    timestamp,
    type: 'response_item',
    payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
  }),
];

/** Writes `sessions/YYYY/MM/DD/rollout-<stamp>-<id>.jsonl` with `content` and the given mtime. */
export function writeRollout(home: string, day: string, id: string, content: string, mtime: Date): string {
  const [year, month, date] = day.split('-') as [string, string, string];
  const dir = join(home, 'sessions', year, month, date);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `rollout-${day}T10-00-00-${id}.jsonl`);
  writeFileSync(path, content);
  utimesSync(path, mtime, mtime);
  return path;
}

export const unix = (date: Date): number => Math.floor(date.getTime() / 1000);
