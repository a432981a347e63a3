import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCcusageBlocks } from '../src/index.js';

// Captured from the real ccusage 20.0.24 (`blocks --json --offline --token-limit max --since …`) on the
// trees fixtures/ccusage/claude-log-tree.mjs writes (fixtures/ccusage/capture.sh).
const fixture = (layout: string) =>
  readFileSync(new URL(`fixtures/ccusage/ccusage-20.0.24-blocks-${layout}.json`, import.meta.url), 'utf8');
const capturedAt = new Date(readFileSync(new URL('fixtures/ccusage/captured-at.txt', import.meta.url), 'utf8').trim());
const parse = (stdout: string) => parseCcusageBlocks(stdout, { providerId: 'claude-code', observedAt: capturedAt });

describe('parseCcusageBlocks on real ccusage 20.0.24 output', () => {
  it('the active block is an estimated 5h window: its tokens against the largest earlier block, resetting at its end', () => {
    const active = JSON.parse(fixture('active')).blocks.find((block: { isActive: boolean }) => block.isActive);
    const snapshot = parse(fixture('active'));
    expect(snapshot.status).toBe('ok');
    expect(snapshot.windows).toHaveLength(1);
    expect(snapshot.windows[0]).toMatchObject({
      kind: '5h',
      scope: null,
      used: 9000,
      limit: 30000,
      unit: 'tokens',
      usedPercent: 30,
      remainingPercent: 70,
      resetsAt: active.endTime,
      source: 'ccusage',
      confidence: 'estimated',
      durationSeconds: 18_000,
    });
    // ccusage's percentUsed is the projection at the block's end, not what is used now.
    expect(active.tokenLimitStatus.percentUsed).not.toBe(30);
  });

  it('no active block (nothing in the last 5 hours) is unknown, not a full window', () => {
    expect(parse(fixture('idle'))).toMatchObject({
      status: 'unknown',
      windows: [],
      reason: expect.stringContaining('no active 5-hour block'),
    });
  });

  it('an active block with no earlier one has no limit to compare with: unknown', () => {
    expect(parse(fixture('first'))).toMatchObject({
      status: 'unknown',
      windows: [],
      reason: expect.stringContaining('no earlier 5-hour block'),
    });
  });

  it('a block larger than every earlier one is the limit itself (100 % used, as the native log estimate reads it)', () => {
    const body = JSON.parse(fixture('active'));
    const active = body.blocks.find((block: { isActive: boolean }) => block.isActive);
    active.totalTokens = 45_000;
    expect(parse(JSON.stringify(body)).windows[0]).toMatchObject({ used: 45_000, limit: 45_000, remainingPercent: 0 });
  });

  it.each([
    ['text', 'No Claude usage data found.', 'ccusage: printed output that is not JSON'],
    ['JSON without blocks', '{"daily":[]}', 'ccusage: printed JSON without a "blocks" list'],
    [
      'an active block without an end',
      '{"blocks":[{"isActive":true,"totalTokens":5}]}',
      'ccusage: the active block has no totalTokens or endTime',
    ],
  ])('%s is an error naming ccusage', (_what, stdout, reason) => {
    expect(parse(stdout)).toMatchObject({ status: 'error', windows: [], reason: expect.stringContaining(reason) });
  });
});
