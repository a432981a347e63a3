import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_HOOKS_FILE, latestLimitFailure } from '../src/claude-limit-failure.js';
import { probeClaudeUsage } from '../src/index.js';

// The hook records of a real Claude Code 2.1.197 worker whose first turn the model imitation refused
// with a 429 (StopFailure rate_limit) and whose second turn went through (Stop).
const CAPTURE = new URL('../../test-utils/captures/claude-code-2.1.197-rate-limit.signals.jsonl', import.meta.url);

let root: string;
let configDir: string;
let agentpoolHome: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'claude-stopfailure-'));
  configDir = join(root, 'user', '.claude');
  agentpoolHome = join(root, 'agentpool');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The capture's records moved to this test's config dir and shifted so the last one is `endAt`, cut to the first `count`. */
function writeWorkerRecords(count: number, endAt: number, dir = configDir): string {
  const lines = readFileSync(CAPTURE, 'utf8').trim().split('\n').slice(0, count);
  const last = (JSON.parse(lines.at(-1) as string) as { at: number }).at;
  const signals = join(agentpoolHome, 'artifacts', 'ses_limit0000001', 'signals');
  mkdirSync(signals, { recursive: true });
  const moved = lines.map((line) => {
    const record = JSON.parse(line) as { at: number; payload: string };
    return JSON.stringify({ at: record.at - last + endAt, payload: record.payload.replaceAll('<tmp>/home/.claude', dir) });
  });
  writeFileSync(join(signals, CLAUDE_HOOKS_FILE), `${moved.join('\n')}\n`);
  return signals;
}

const context = (): ProviderContext => ({
  env: { HOME: join(root, 'user'), CLAUDE_CONFIG_DIR: configDir },
  home: agentpoolHome,
  settings: {},
});

describe("a worker's turn that Claude ended on its rate limit", () => {
  it('makes the probe report limit_reached, with the time and Claude’s words, when nothing read the limits since', async () => {
    const now = Date.now();
    writeWorkerRecords(2, now - 60_000);
    const report = await probeClaudeUsage(context(), { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect(report.status).toBe('limit_reached');
    expect(report.warnings[0]).toMatch(
      /^claude-worker-stopfailure: a worker's turn ended on Claude's rate limit at .+: "API Error: Request rejected \(429\)/,
    );
  });

  it('is lifted by a later turn that ended well, forgotten after 5 hours, and never read from another account', async () => {
    const now = new Date();
    const signals = writeWorkerRecords(4, now.getTime() - 60_000);
    expect(await latestLimitFailure([signals], configDir, now)).toBeNull();

    writeWorkerRecords(2, now.getTime() - 6 * 3600_000);
    expect(await latestLimitFailure([signals], configDir, now)).toBeNull();
    // A fresh failure in a file untouched for 6 hours (a clock set back, a copied folder) is not read either.
    writeWorkerRecords(2, now.getTime() - 60_000);
    const sixHoursAgo = new Date(now.getTime() - 6 * 3600_000);
    utimesSync(join(signals, CLAUDE_HOOKS_FILE), sixHoursAgo, sixHoursAgo);
    expect(await latestLimitFailure([signals], configDir, now)).toBeNull();

    writeWorkerRecords(2, now.getTime() - 60_000, join(root, 'other-account'));
    expect(await latestLimitFailure([signals], configDir, now)).toBeNull();
    expect((await probeClaudeUsage(context(), { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 })).status).not.toBe('limit_reached');

    writeWorkerRecords(2, now.getTime() - 60_000);
    expect((await latestLimitFailure([signals], configDir, now))?.message).toContain('rate limit');
  });
});
