import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestStatusLineUsage, parseClaudeStatusLine, probeClaudeUsage, statusLineFiles, statusLineUsageWindows } from '../src/index.js';

/**
 * A statusLine input with the keys the real Claude Code 2.1.197 hands its statusLine command
 * (captured in real-statusline-usage.test.ts: a subscriber-style login against the model
 * imitation); `rate_limits` as its binary documents it ("Optional: Claude.ai subscription usage
 * limits. Only present for subscribers after first API response"; `five_hour` / `seven_day`
 * `{used_percentage: 0-100, resets_at: Unix epoch seconds}`). An API-key worker's input has none.
 */
function statusInput(transcriptPath: string, rateLimits?: unknown): string {
  return JSON.stringify({
    session_id: 'c4d94882-2ddb-4dde-8d08-2c04c20d2337',
    transcript_path: transcriptPath,
    cwd: '/tmp/repo',
    prompt_id: '476fdb5d-fcdc-4961-b8be-ebbba7f53e4b',
    effort: { level: 'high' },
    model: { id: 'claude-opus-4-8[1m]', display_name: 'Opus 4.8 (1M context)' },
    workspace: { current_dir: '/tmp/repo', project_dir: '/tmp/repo', added_dirs: [] },
    version: '2.1.197',
    output_style: { name: 'default' },
    cost: { total_cost_usd: 0.00026, total_duration_ms: 2071, total_api_duration_ms: 334, total_lines_added: 0, total_lines_removed: 0 },
    context_window: {
      total_input_tokens: 12,
      total_output_tokens: 8,
      context_window_size: 1000000,
      current_usage: { input_tokens: 12, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      used_percentage: 0,
      remaining_percentage: 100,
    },
    exceeds_200k_tokens: false,
    fast_mode: false,
    thinking: { enabled: true },
    ...(rateLimits === undefined ? {} : { rate_limits: rateLimits }),
  });
}

const NOW = Date.now();
const IN_2H = Math.floor(NOW / 1000) + 2 * 3600;
const IN_3D = Math.floor(NOW / 1000) + 3 * 86_400;

let root: string;
let configDir: string;
let artifacts: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'claude-statusline-'));
  configDir = join(root, 'claude-work');
  artifacts = join(root, 'agentpool', 'artifacts');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Appends one line as the session recorder writes it: `{"at": <ms>, "payload": "<stdin>"}`. */
function record(sessionId: string, at: number, payload: string): string {
  const dir = join(artifacts, sessionId, 'signals');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'claude-statusline.jsonl');
  appendFileSync(file, `${JSON.stringify({ at, payload })}\n`);
  return file;
}

const transcript = (dir: string) => join(dir, 'projects', '-tmp-repo', 'c4d94882-2ddb-4dde-8d08-2c04c20d2337.jsonl');

describe('statusLine rate_limits as usage windows', () => {
  it('turns five_hour and seven_day into 5h and weekly windows by their duration', () => {
    const usage = parseClaudeStatusLine(
      statusInput(transcript(configDir), {
        five_hour: { used_percentage: 42.5, resets_at: IN_2H },
        seven_day: { used_percentage: 0, resets_at: IN_3D },
      }),
    );
    expect(usage).not.toBeNull();
    const { windows, warnings } = statusLineUsageWindows(usage!, new Date(NOW));
    expect(warnings).toEqual([]);
    expect(
      windows.map((w) => [w.name, w.kind, w.durationSeconds, w.usedPercent, w.remainingPercent, w.resetsAt, w.source, w.confidence]),
    ).toEqual([
      ['five_hour', '5h', 18000, 42.5, 57.5, new Date(IN_2H * 1000).toISOString(), 'claude-statusline', 'local_cli'],
      ['seven_day', 'weekly', 604800, 0, 100, new Date(IN_3D * 1000).toISOString(), 'claude-statusline', 'local_cli'],
    ]);
    expect(windows[0]?.observedAt).toBe(new Date(NOW).toISOString());
  });

  it('reads a weekly-only record as one weekly window', () => {
    const usage = parseClaudeStatusLine(statusInput(transcript(configDir), { seven_day: { used_percentage: 100, resets_at: IN_3D } }));
    const { windows } = statusLineUsageWindows(usage!, new Date(NOW));
    expect(windows.map((w) => [w.kind, w.remainingPercent])).toEqual([['weekly', 0]]);
  });

  it('has nothing to read from an API-key worker, whose input has no rate_limits', () => {
    expect(parseClaudeStatusLine(statusInput(transcript(configDir)))).toBeNull();
  });
});

describe('the newest statusLine record of an account', () => {
  it('takes the newest record of this Claude home, skipping other homes and counting broken lines', async () => {
    const other = join(root, 'claude-personal');
    record('ses_a', NOW - 60_000, statusInput(transcript(configDir), { five_hour: { used_percentage: 10, resets_at: IN_2H } }));
    record('ses_a', NOW - 30_000, statusInput(transcript(configDir), { five_hour: { used_percentage: 20, resets_at: IN_2H } }));
    record('ses_b', NOW - 10_000, statusInput(transcript(other), { five_hour: { used_percentage: 90, resets_at: IN_2H } }));
    record('ses_b', NOW - 5_000, statusInput(transcript(configDir)));
    const file = record(
      'ses_c',
      NOW - 40_000,
      statusInput(transcript(configDir), { five_hour: { used_percentage: 15, resets_at: IN_2H } }),
    );
    appendFileSync(file, '{"at": 17961, "payl\n');
    const { latest, skipped } = await latestStatusLineUsage(await statusLineFiles(artifacts), configDir);
    expect(latest?.usage.fiveHour?.usedPercent).toBe(20);
    expect(latest?.at.getTime()).toBe(NOW - 30_000);
    expect(skipped).toBe(1);
  });

  it('is read by probeUsage when the endpoint cannot be asked, and a figure from before its reset is dropped', async () => {
    record(
      'ses_a',
      NOW - 30_000,
      statusInput(transcript(configDir), {
        five_hour: { used_percentage: 77, resets_at: Math.floor(NOW / 1000) - 60 },
        seven_day: { used_percentage: 31, resets_at: IN_3D },
      }),
    );
    const context: ProviderContext = {
      env: { HOME: join(root, 'user') },
      home: join(root, 'agentpool'),
      settings: {},
      account: { id: 'work', home: configDir, env: {} },
    };
    // No credentials in this home: the endpoint is not asked, the statusLine still reads.
    const report = await probeClaudeUsage(context, { baseUrl: 'http://127.0.0.1:9' });
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.kind, w.usedPercent, w.source])).toEqual([['weekly', 31, 'claude-statusline']]);
    expect(report.warnings[0]).toContain('claude-oauth-usage: no Claude credentials');
  });
});
