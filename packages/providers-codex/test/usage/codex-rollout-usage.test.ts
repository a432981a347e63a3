import { appendFileSync, chmodSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readRolloutUsage } from '../../src/index.js';
import { makeCodexHome, otherLines, tokenCountLine, unix, writeRollout } from './codex-home-fixtures.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const now = () => NOW;
const HOUR = 3600 * 1000;
const homes: string[] = [];
const home = () => {
  const dir = makeCodexHome();
  homes.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('codex rollout-log usage', () => {
  it('reads the last rate_limits of the newest rollout: 300 min is 5h, 10080 is weekly, observed at the line’s time', async () => {
    const codexHome = home();
    const at = '2026-11-30T11:30:00.000Z';
    writeRollout(
      codexHome,
      '2026-11-30',
      'aaa',
      `${[
        ...otherLines(at),
        tokenCountLine('2026-11-30T11:00:00.000Z', {
          primary: { used_percent: 10, window_minutes: 300, resets_at: unix(new Date(NOW.getTime() + HOUR)) },
        }),
        tokenCountLine(at, {
          primary: { used_percent: 42, window_minutes: 300, resets_at: unix(new Date(NOW.getTime() + 2 * HOUR)) },
          secondary: { used_percent: 16, window_minutes: 10080, resets_at: unix(new Date(NOW.getTime() + 50 * HOUR)) },
        }),
        JSON.stringify({ timestamp: at, type: 'event_msg', payload: { type: 'agent_message', message: 'done' } }),
      ].join('\n')}\n`,
      new Date(NOW.getTime() - 30 * 60 * 1000),
    );
    // An older file with a different reading is not looked at.
    writeRollout(
      codexHome,
      '2026-11-29',
      'bbb',
      `${tokenCountLine('2026-11-29T10:00:00.000Z', { primary: { used_percent: 99, window_minutes: 300, resets_at: unix(new Date(NOW.getTime() + HOUR)) } })}\n`,
      new Date(NOW.getTime() - 26 * HOUR),
    );
    const { snapshot, skippedLines, file } = await readRolloutUsage({ codexHome, now });
    expect(file).toMatch(/rollout-2026-11-30T10-00-00-aaa\.jsonl$/);
    expect(skippedLines).toBe(0);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.fetchedAt).toBe(at);
    expect(snapshot.windows.map((w) => [w.kind, w.name, w.usedPercent, w.remainingPercent, w.confidence, w.source, w.observedAt])).toEqual([
      ['5h', '5-hour limit', 42, 58, 'observed', 'codex-rollout-log', at],
      ['weekly', 'weekly limit', 16, 84, 'observed', 'codex-rollout-log', at],
    ]);
    expect(snapshot.windows[0]?.resetsAt).toBe(new Date(NOW.getTime() + 2 * HOUR).toISOString());
  });

  it('takes the kind from the duration, never the position: a weekly-only plan’s primary window is weekly', async () => {
    const codexHome = home();
    writeRollout(
      codexHome,
      '2026-11-30',
      'w',
      `${tokenCountLine('2026-11-30T11:00:00Z', { primary: { used_percent: 0, window_minutes: 10080, resets_at: unix(new Date(NOW.getTime() + 80 * HOUR)) }, secondary: null })}\n`,
      NOW,
    );
    const { snapshot } = await readRolloutUsage({ codexHome, now });
    expect(snapshot.windows.map((w) => [w.kind, w.usedPercent, w.remainingPercent])).toEqual([['weekly', 0, 100]]);
  });

  it('a recorded rate_limit_reached_type is limit_reached even when the windows still show room', async () => {
    const codexHome = home();
    const line = tokenCountLine('2026-11-30T11:00:00.000Z', {
      primary: { used_percent: 80, window_minutes: 300, resets_at: unix(NOW) + 60 },
    });
    writeRollout(
      codexHome,
      '2026-11-30',
      'x',
      `${line.replace('"plan_type":"pro"', '"plan_type":"pro","rate_limit_reached_type":"workspace_member_usage_limit_reached"')}\n`,
      NOW,
    );
    const { snapshot } = await readRolloutUsage({ codexHome, now });
    expect(snapshot.status).toBe('limit_reached');
    expect(snapshot.reason).toBe('the rollout log of 2026-11-30T11:00:00.000Z records workspace_member_usage_limit_reached');
  });

  it('keeps the latest reading of each limit id: another model’s limit logged last does not hide the main one', async () => {
    const codexHome = home();
    const reset = unix(NOW) + 600;
    writeRollout(
      codexHome,
      '2026-11-30',
      'm',
      `${[
        tokenCountLine('2026-11-30T10:00:00.000Z', { primary: { used_percent: 20, window_minutes: 300, resets_at: reset } }),
        tokenCountLine('2026-11-30T11:00:00.000Z', { primary: { used_percent: 33, window_minutes: 300, resets_at: reset } }),
        tokenCountLine('2026-11-30T11:30:00.000Z', {
          limit_id: 'codex_bengalfox',
          limit_name: 'GPT-5-Codex-Spark',
          primary: { used_percent: 5, window_minutes: 300, resets_at: reset },
        }),
      ].join('\n')}\n`,
      NOW,
    );
    const { snapshot } = await readRolloutUsage({ codexHome, now });
    expect(snapshot.windows.map((w) => [w.kind, w.scope, w.usedPercent])).toEqual([
      ['5h', null, 33],
      ['5h', 'codex_bengalfox', 5],
    ]);
    expect(snapshot.fetchedAt).toBe('2026-11-30T11:00:00.000Z');
  });

  it('reads resets_in_seconds relative to the line’s time (older Codex)', async () => {
    const codexHome = home();
    writeRollout(
      codexHome,
      '2026-11-30',
      'r',
      `${tokenCountLine('2026-11-30T11:00:00.000Z', { primary: { used_percent: 5, window_minutes: 300, resets_in_seconds: 7200 } })}\n`,
      NOW,
    );
    const { snapshot } = await readRolloutUsage({ codexHome, now });
    expect(snapshot.windows[0]?.resetsAt).toBe('2026-11-30T13:00:00.000Z');
  });

  it('skips and counts corrupt lines and a line Codex is still writing, and finds the reading before them', async () => {
    const codexHome = home();
    const good = tokenCountLine('2026-11-30T11:00:00.000Z', {
      primary: { used_percent: 77, window_minutes: 300, resets_at: unix(NOW) + 600 },
    });
    const path = writeRollout(
      codexHome,
      '2026-11-30',
      'c',
      `${good}\n{"type":"event_msg","payload":{"type":"token_count","rate_limits":{broken\n\n`,
      NOW,
    );
    // Being written: half a line, no newline yet.
    appendFileSync(path, good.slice(0, 60));
    const { snapshot, skippedLines } = await readRolloutUsage({ codexHome, now, chunkBytes: 37 });
    expect(skippedLines).toBe(2);
    expect(snapshot.windows.map((w) => w.usedPercent)).toEqual([77]);
    expect(snapshot.warnings).toContain('2 corrupt or truncated rollout line(s) skipped');
    // The writer finishes the line: it is read now.
    appendFileSync(path, `${good.slice(60)}\n`);
    const finished = await readRolloutUsage({ codexHome, now });
    expect(finished.skippedLines).toBe(0); // the finished line is the newest reading: nothing older is parsed
    expect(finished.snapshot.windows.map((w) => w.usedPercent)).toEqual([77]);
  });

  it('reads a multi-byte line split across chunks', async () => {
    const codexHome = home();
    const line = JSON.stringify({
      timestamp: '2026-11-30T11:00:00.000Z',
      type: 'event_msg',
      payload: {
        type: 'token_count',
        note: 'é€😀'.repeat(40),
        rate_limits: { primary: { used_percent: 12.5, window_minutes: 300, resets_at: unix(NOW) + 60 } },
      },
    });
    writeRollout(codexHome, '2026-11-30', 'u', `${line}\n`, NOW);
    const { snapshot, skippedLines } = await readRolloutUsage({ codexHome, now, chunkBytes: 7 });
    expect(skippedLines).toBe(0);
    expect(snapshot.windows.map((w) => w.usedPercent)).toEqual([12.5]);
  });

  it('leaves out a window that has reset since it was logged, and says so; all reset is unknown, not full', async () => {
    const codexHome = home();
    writeRollout(
      codexHome,
      '2026-11-30',
      'old',
      `${tokenCountLine('2026-11-29T01:00:00.000Z', {
        primary: { used_percent: 100, window_minutes: 300, resets_at: unix(NOW) - 3600 },
        secondary: { used_percent: 60, window_minutes: 10080, resets_at: unix(NOW) + 3600 },
      })}\n`,
      NOW,
    );
    const partly = await readRolloutUsage({ codexHome, now });
    expect(partly.snapshot.windows.map((w) => w.kind)).toEqual(['weekly']);
    expect(partly.snapshot.warnings.join('\n')).toMatch(/5-hour limit .* has reset since/);

    const later = await readRolloutUsage({ codexHome, now: () => new Date(NOW.getTime() + 2 * HOUR) });
    expect(later.snapshot.status).toBe('unknown');
    expect(later.snapshot.windows).toEqual([]);
    expect(later.snapshot.reason).toMatch(/reset since/);
  });

  it('is unknown with the reason when there are no rollouts, or none with limits (an API-key home)', async () => {
    const empty = await readRolloutUsage({ codexHome: home(), now });
    expect(empty.snapshot.status).toBe('unknown');
    expect(empty.snapshot.reason).toMatch(/no Codex rollout logs under/);

    const codexHome = home();
    writeRollout(
      codexHome,
      '2026-11-30',
      'n',
      `${[...otherLines('2026-11-30T11:00:00Z'), tokenCountLine('2026-11-30T11:00:00Z', null)].join('\n')}\n`,
      NOW,
    );
    const none = await readRolloutUsage({ codexHome, now });
    expect(none.snapshot.status).toBe('unknown');
    expect(none.snapshot.reason).toBe('no rate limits recorded in the newest Codex rollout logs');
  });

  it('an unreadable rollout is a warning, and the next newest file is read', async () => {
    const codexHome = home();
    const locked = writeRollout(codexHome, '2026-11-30', 'locked', 'x\n', NOW);
    chmodSync(locked, 0o000);
    writeRollout(
      codexHome,
      '2026-11-29',
      'ok',
      `${tokenCountLine('2026-11-29T11:00:00Z', { primary: { used_percent: 3, window_minutes: 300, resets_at: unix(NOW) + 60 } })}\n`,
      new Date(NOW.getTime() - HOUR),
    );
    const { snapshot } = await readRolloutUsage({ codexHome, now });
    expect(snapshot.windows.map((w) => w.usedPercent)).toEqual([3]);
    if (process.getuid?.() !== 0) expect(snapshot.warnings.join('\n')).toMatch(/unreadable: EACCES/);
  });
});
