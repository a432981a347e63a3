import { moment, screenAt } from '@agentpool/provider-test-kit';
import { type Capture, loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { CLAUDE_USAGE_SCREEN_SOURCE, parseClaudeResetTime, readClaudeUsageScreen } from '../src/claude-usage-screen.js';

/** What capture-claude-usage-screen.mjs records beside the stream: the endpoint's answer and when the screen was read. */
interface UsageCaptureMeta {
  readonly time_zone: string;
  readonly observed_at: string;
  readonly endpoint: { readonly status: number; readonly body: Record<string, { utilization: number; resets_at: string | null } | null> };
}

const metaOf = (capture: Capture) => capture.meta as unknown as UsageCaptureMeta;

async function usageScreen(name: string) {
  const capture = loadCapture(name);
  const screen = await screenAt(capture, await moment('usage_screen')(capture));
  return { capture, meta: metaOf(capture), lines: screen.lines };
}

/** Claude shows the reset to the minute: the endpoint's time with its seconds dropped. */
const toMinute = (iso: string) => new Date(Math.floor(Date.parse(iso) / 60_000) * 60_000).toISOString();

describe('readClaudeUsageScreen on real Claude Code 2.1.197 /usage screens', () => {
  const cases = [
    {
      name: 'claude-code-2.1.197-usage',
      what: 'session, week and Sonnet week (America/New_York)',
      expected: [
        { name: 'Current session', kind: '5h', scope: null, field: 'five_hour' },
        { name: 'Current week (all models)', kind: 'weekly', scope: null, field: 'seven_day' },
        { name: 'Current week (Sonnet only)', kind: 'weekly', scope: 'sonnet', field: 'seven_day_sonnet' },
      ],
    },
    {
      name: 'claude-code-2.1.197-usage-narrow',
      what: 'the same in a 60-column pane (reset beside the title, wrapped)',
      expected: [
        { name: 'Current session', kind: '5h', scope: null, field: 'five_hour' },
        { name: 'Current week (all models)', kind: 'weekly', scope: null, field: 'seven_day' },
        { name: 'Current week (Sonnet only)', kind: 'weekly', scope: 'sonnet', field: 'seven_day_sonnet' },
      ],
    },
    {
      name: 'claude-code-2.1.197-usage-limit',
      what: 'the session at 100 % with a reset on the hour ("5am", Europe/Berlin), a Sonnet week at 0 % without reset',
      expected: [
        { name: 'Current session', kind: '5h', scope: null, field: 'five_hour' },
        { name: 'Current week (all models)', kind: 'weekly', scope: null, field: 'seven_day' },
        { name: 'Current week (Sonnet only)', kind: 'weekly', scope: 'sonnet', field: 'seven_day_sonnet' },
      ],
    },
    {
      name: 'claude-code-2.1.197-usage-weekly-only',
      what: 'a plan with no session window: the weekly window alone, still weekly',
      expected: [{ name: 'Current week (all models)', kind: 'weekly', scope: null, field: 'seven_day' }],
    },
  ] as const;

  for (const { name, what, expected } of cases) {
    it(`${name}: ${what}`, async () => {
      const { meta, lines } = await usageScreen(name);
      const reading = readClaudeUsageScreen(lines, { observedAt: new Date(meta.observed_at) });
      if (reading.kind !== 'windows') throw new Error(`read ${reading.kind}: ${JSON.stringify(reading)}`);
      expect(reading.warnings).toEqual([]);
      expect(reading.timeZone).toBe(meta.time_zone);
      const got = reading.windows.map((window) => ({
        name: window.name,
        kind: window.kind,
        scope: window.scope,
        usedPercent: window.usedPercent,
        remainingPercent: window.remainingPercent,
        resetsAt: window.resetsAt,
        source: window.source,
        confidence: window.confidence,
      }));
      expect(got).toEqual(
        expected.map(({ field, ...window }) => {
          const endpoint = meta.endpoint.body[field];
          if (!endpoint) throw new Error(`the capture's endpoint has no ${field}`);
          const used = Math.floor(endpoint.utilization);
          return {
            ...window,
            usedPercent: used,
            remainingPercent: 100 - used,
            resetsAt: endpoint.resets_at === null ? null : toMinute(endpoint.resets_at),
            source: CLAUDE_USAGE_SCREEN_SOURCE,
            confidence: 'observed',
          };
        }),
      );
    });
  }

  it('a window at 100 % reads as exhausted: 0 remaining, never unknown', async () => {
    const { meta, lines } = await usageScreen('claude-code-2.1.197-usage-limit');
    const reading = readClaudeUsageScreen(lines, { observedAt: new Date(meta.observed_at) });
    expect(reading.kind === 'windows' && reading.windows.find((window) => window.kind === '5h')).toMatchObject({
      usedPercent: 100,
      remainingPercent: 0,
    });
  });

  it('the Opus week the endpoint reports is not on the screen, so it is not read', async () => {
    const { meta, lines } = await usageScreen('claude-code-2.1.197-usage');
    expect(meta.endpoint.body.seven_day_opus).not.toBeNull();
    const reading = readClaudeUsageScreen(lines, { observedAt: new Date(meta.observed_at) });
    expect(reading.kind === 'windows' && reading.windows.map((window) => window.scope)).not.toContain('opus');
  });

  it.each([
    ['claude-code-2.1.197-usage-error', /^Failed to load usage data: .*Internal server error/],
    ['claude-code-2.1.197-usage-rate-limited', /^Usage endpoint is rate limited\. Please try again in a moment\.$/],
  ])('%s: Claude’s own error, not windows', async (name, message) => {
    const { meta, lines } = await usageScreen(name);
    const reading = readClaudeUsageScreen(lines, { observedAt: new Date(meta.observed_at) });
    expect(reading.kind).toBe('error');
    expect(reading.kind === 'error' && reading.message).toMatch(message);
  });

  it('the prompt before /usage shows no panel', async () => {
    const capture = loadCapture('claude-code-2.1.197-usage');
    const screen = await screenAt(capture, await moment('ready')(capture));
    expect(readClaudeUsageScreen(screen.lines, { observedAt: new Date(metaOf(capture).observed_at) })).toEqual({ kind: 'absent' });
  });

  it('a screen caught mid-redraw never reads as an error or as no windows, and never with other figures', async () => {
    const capture = loadCapture('claude-code-2.1.197-usage');
    const observedAt = new Date(metaOf(capture).observed_at);
    const end = await moment('usage_screen')(capture);
    const final = readClaudeUsageScreen((await screenAt(capture, end)).lines, { observedAt });
    if (final.kind !== 'windows') throw new Error('the final screen has no windows');
    const figures = new Map(final.windows.map((window) => [window.name, window.usedPercent]));
    const kinds = new Set<string>();
    // Every 37th byte from the prompt to the finished panel: half-drawn frames included.
    for (let offset = (await moment('ready')(capture)) + 1; offset < end; offset += 37) {
      const reading = readClaudeUsageScreen((await screenAt(capture, offset)).lines, { observedAt });
      kinds.add(reading.kind);
      if (reading.kind === 'windows') for (const window of reading.windows) expect(window.usedPercent).toBe(figures.get(window.name));
    }
    expect([...kinds].sort()).toEqual(['absent', 'loading', 'windows']);
  });
});

describe('parseClaudeResetTime', () => {
  const observedAt = new Date('2026-12-02T01:09:38.445Z');
  it.each([
    ['10:27pm (America/New_York)', '2026-12-02T03:27:00.000Z'],
    ['9pm (America/New_York)', '2026-12-02T02:00:00.000Z'],
    ['8pm (America/New_York)', '2026-12-03T01:00:00.000Z'],
    ['7pm (America/New_York)', '2026-12-03T00:00:00.000Z'],
    ['5am (Europe/Berlin)', '2026-12-02T04:00:00.000Z'],
    ['Dec 4, 6:10pm (America/New_York)', '2026-12-04T23:10:00.000Z'],
    ['Jan 2, 2027, 1am (UTC)', '2027-01-02T01:00:00.000Z'],
    ['Jul 2, 2027, 1am (Europe/Berlin)', '2027-07-01T23:00:00.000Z'],
    ['12:05am (UTC)', '2026-12-03T00:05:00.000Z'],
    ['1:09am (UTC)', '2026-12-02T01:09:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(parseClaudeResetTime(text, observedAt)).toEqual({ at: iso, timeZone: text.replace(/^.*\((.+)\)$/, '$1') });
  });

  it.each(['tomorrow (UTC)', '13pm (UTC)', '9pm (Mars/Olympus_Mons)', '9pm'])('%s is a problem, never a guess', (text) => {
    expect(parseClaudeResetTime(text, observedAt)).toHaveProperty('problem');
  });
});
