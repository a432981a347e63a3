import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCodexBarUsage } from '../src/index.js';

// The sample `codexbar usage --format json` output of CodexBar's docs/cli.md (github.com/steipete/CodexBar
// at 27c7f33), as the list the CLI prints.
const sample = readFileSync(new URL('fixtures/codexbar/codexbar-usage-sample.json', import.meta.url), 'utf8');
const observedAt = new Date('2025-12-04T18:10:30Z');
const parse = (stdout: string, providerId = 'codex-cli') => parseCodexBarUsage(stdout, { providerId, observedAt });
const payload = (provider: string, usage: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify([{ provider, source: 'oauth', usage: { updatedAt: '2025-12-04T18:10:22Z', ...usage }, error: null, ...extra }]);

describe('parseCodexBarUsage', () => {
  it("reads CodexBar's documented Codex sample as a 5h and a weekly window, relayed (local_cli), at CodexBar's updatedAt", () => {
    const snapshot = parse(sample);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.windows.map((w) => [w.kind, w.scope, w.usedPercent, w.remainingPercent, w.resetsAt])).toEqual([
      ['5h', null, 28, 72, '2025-12-04T19:15:00.000Z'],
      ['weekly', null, 59, 41, '2025-12-05T17:00:00.000Z'],
    ]);
    expect(snapshot.windows.every((w) => w.source === 'codexbar' && w.confidence === 'local_cli')).toBe(true);
    expect(snapshot.windows[0]?.observedAt).toBe('2025-12-04T18:10:22.000Z');
    // The account e-mail CodexBar prints is not carried anywhere.
    expect(JSON.stringify(snapshot)).not.toContain('user@example.com');
  });

  it.each([
    [
      "Claude's third slot is the Sonnet weekly limit (scope sonnet, as the native probe scopes it)",
      'claude-code',
      'claude',
      { tertiary: { usedPercent: 5, windowMinutes: 10080, resetsAt: '2025-12-08T00:00:00Z' } },
      [['weekly', 'sonnet', 5]],
    ],
    [
      "Copilot's quotas carry no windowMinutes: monthly, scoped like the native probe's",
      'copilot-cli',
      'copilot',
      { primary: { usedPercent: 40, resetsAt: '2025-12-31T00:00:00Z' }, secondary: { usedPercent: 0 } },
      [
        ['monthly', 'chat', 0],
        ['monthly', 'premium_interactions', 40],
      ],
    ],
    [
      "Factory's core windows (extraRateWindows factory-core-*) are the core limit set",
      'droid-cli',
      'factory',
      {
        primary: { usedPercent: 10, windowMinutes: 300 },
        extraRateWindows: [
          { id: 'factory-core-5h', title: 'Core 5h', window: { usedPercent: 55, windowMinutes: 300 } },
          { id: 'factory-core-weekly', title: 'Core weekly', window: { usedPercent: 1, windowMinutes: 10080 }, usageKnown: false },
        ],
      },
      [
        ['5h', 'core', 55],
        ['5h', 'standard', 10],
      ],
    ],
    [
      "a placeholder CodexBar stands in for a lane the provider did not report is no window (Claude's null five_hour)",
      'claude-code',
      'claude',
      {
        primary: { usedPercent: 0, windowMinutes: 300, isSyntheticPlaceholder: true },
        secondary: { usedPercent: 37, windowMinutes: 10080 },
      },
      [['weekly', null, 37]],
    ],
  ])('%s', (_what, providerId, name, usage, expected) => {
    const snapshot = parse(payload(name, usage), providerId);
    expect(snapshot.windows.map((w) => [w.kind, w.scope, w.usedPercent])).toEqual(expected);
  });

  it('takes CodexBar at its word when it calls its figures estimated', () => {
    const snapshot = parse(payload('codex', { primary: { usedPercent: 50, windowMinutes: 300 }, dataConfidence: 'estimated' }));
    expect(snapshot.windows[0]?.confidence).toBe('estimated');
  });

  it('a payload error is an error naming codexbar, with secrets scrubbed and no window', () => {
    const stdout = JSON.stringify([
      {
        provider: 'codex',
        source: 'auto',
        error: { code: 1, message: 'token sk-ant-oat01-abcdefghijklmnopqrstuv expired', kind: 'provider' },
      },
    ]);
    const snapshot = parse(stdout);
    expect(snapshot).toMatchObject({ status: 'error', windows: [] });
    expect(snapshot.reason).toMatch(/^codexbar: token .* expired \(code 1\)$/);
    expect(snapshot.reason).not.toContain('abcdefghijklmnop');
  });

  it.each([
    ['text instead of JSON', 'Codex: 72% left [========----]', 'error', 'codexbar: printed output that is not JSON'],
    ['JSON that is no payload list', '42', 'error', 'codexbar: printed JSON that is not a list'],
    ['no payload for the provider asked', payload('claude', {}), 'error', 'codexbar: printed no payload for provider "codex"'],
    [
      'an unknown provider (a cli error payload)',
      JSON.stringify([{ provider: 'cli', error: { message: 'Unknown provider: codex' } }]),
      'error',
      'codexbar: Unknown provider: codex',
    ],
    [
      'a payload without usage',
      JSON.stringify([{ provider: 'codex', usage: null, error: null }]),
      'unknown',
      'codexbar reported no usage for codex',
    ],
    ['windows with no figure', payload('codex', { primary: { windowMinutes: 300 } }), 'error', 'no used or remaining figure'],
  ])('%s is never a window', (_what, stdout, status, reason) => {
    const snapshot = parse(stdout);
    expect(snapshot.status).toBe(status);
    expect(snapshot.windows).toEqual([]);
    expect(snapshot.reason).toContain(reason);
  });

  it('a provider CodexBar does not read is unknown', () => {
    expect(parse(sample, 'fake-idle')).toMatchObject({ status: 'unknown', reason: 'codexbar does not read fake-idle' });
  });
});
