import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { createMemoryProbeState, scanTokenLog, type TimeSlots } from '@agentpool/usage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeTokenLog, estimateFiveHourWindow, identifyClaudeBlocks, probeClaudeUsage } from '../src/index.js';

const HOUR = 3600_000;
const at = (iso: string) => Date.parse(iso);

let root: string;
let configDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'claude-logs-'));
  configDir = join(root, 'claude');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

let serial = 0;
/** An assistant line in the shape Claude Code writes to `projects/<dir>/<session>.jsonl` (REFERENCE.md §4). */
function assistantLine(
  timestamp: number,
  tokens: { input: number; output: number; cacheCreation?: number; cacheRead?: number },
  ids?: { message: string; request: string },
): string {
  serial++;
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    type: 'assistant',
    uuid: `u-${serial}`,
    timestamp: new Date(timestamp).toISOString(),
    sessionId: 's-1',
    version: '2.1.197',
    requestId: ids?.request ?? `req_${serial}`,
    message: {
      id: ids?.message ?? `msg_${serial}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-opus-4-8',
      content: [{ type: 'text', text: 'ok' }],
      usage: {
        input_tokens: tokens.input,
        output_tokens: tokens.output,
        cache_creation_input_tokens: tokens.cacheCreation ?? 0,
        cache_read_input_tokens: tokens.cacheRead ?? 0,
      },
    },
  });
}
const userLine = (timestamp: number) =>
  JSON.stringify({
    type: 'user',
    timestamp: new Date(timestamp).toISOString(),
    sessionId: 's-1',
    message: { role: 'user', content: 'hi' },
  });

const totalOf = (slots: TimeSlots) => {
  let tokens = 0;
  let entries = 0;
  for (const slot of slots.values()) {
    tokens += slot.total;
    entries += slot.entries;
  }
  return { tokens, entries };
};

function writeLog(project: string, session: string, lines: string[]): string {
  const dir = join(configDir, 'projects', project);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${session}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('5-hour blocks as ccusage counts them', () => {
  it('starts a block at its first entry floored to the hour and a new one past 5 hours from the start or the last entry', () => {
    const now = new Date(at('2026-12-01T23:00:00Z'));
    const blocks = identifyClaudeBlocks(
      [
        { timestamp: at('2026-12-01T10:55:30Z'), tokens: 10 },
        { timestamp: at('2026-12-01T14:59:00Z'), tokens: 5 },
        // 5 h 5 m after the block's 10:00 start, though only 1 h after the last entry.
        { timestamp: at('2026-12-01T15:05:00Z'), tokens: 7 },
        // More than 5 h after the last entry (a gap).
        { timestamp: at('2026-12-01T21:30:00Z'), tokens: 1 },
      ],
      now,
    );
    expect(
      blocks.map((b) => [new Date(b.startTime).toISOString(), new Date(b.endTime).toISOString(), b.tokens, b.entries, b.isActive]),
    ).toEqual([
      ['2026-12-01T10:00:00.000Z', '2026-12-01T15:00:00.000Z', 15, 2, false],
      ['2026-12-01T15:00:00.000Z', '2026-12-01T20:00:00.000Z', 7, 1, false],
      ['2026-12-01T21:00:00.000Z', '2026-12-02T02:00:00.000Z', 1, 1, true],
    ]);
  });

  it('estimates the active block against the largest earlier one, as an estimated 5h window resetting at the block end', () => {
    const now = new Date(at('2026-12-01T12:30:00Z'));
    const blocks = identifyClaudeBlocks(
      [
        { timestamp: at('2026-11-30T08:10:00Z'), tokens: 100_000 },
        { timestamp: at('2026-11-30T20:10:00Z'), tokens: 60_000 },
        { timestamp: at('2026-12-01T11:20:00Z'), tokens: 40_000 },
      ],
      now,
    );
    const { window, reason } = estimateFiveHourWindow(blocks, now);
    expect(reason).toBeNull();
    expect(window).toMatchObject({
      kind: '5h',
      usedPercent: 40,
      remainingPercent: 60,
      used: 40_000,
      limit: 100_000,
      unit: 'tokens',
      resetsAt: '2026-12-01T16:00:00.000Z',
      source: 'claude-local-log',
      confidence: 'estimated',
    });
    expect(estimateFiveHourWindow(blocks, new Date(at('2026-12-01T17:00:00Z'))).reason).toContain('no Claude activity');
    expect(estimateFiveHourWindow(blocks.slice(2), now).reason).toContain('no earlier 5-hour block');
  });
});

describe('scanning a generated Claude log tree', () => {
  it('reads usage lines, counts a repeated response once, skips and counts corrupt lines, leaves a line being written for later', async () => {
    const now = Date.now();
    writeLog('-tmp-repo', 'a', [
      userLine(now - 2 * HOUR),
      assistantLine(now - 2 * HOUR, { input: 10, output: 20, cacheCreation: 30, cacheRead: 40 }, { message: 'msg_x', request: 'req_x' }),
      // The same response logged again for its next content block.
      assistantLine(now - 2 * HOUR, { input: 10, output: 20, cacheCreation: 30, cacheRead: 40 }, { message: 'msg_x', request: 'req_x' }),
      '{"type":"assistant","timestamp":"x","message":{"usage":{"input_tokens":',
      'garbage',
    ]);
    const writing = writeLog('-tmp-other', 'b', [assistantLine(now - HOUR, { input: 1, output: 2 })]);
    // A line being written while the scan reads: cut inside its usage.
    const whole = assistantLine(now - HOUR, { input: 1000, output: 0 });
    const cut = whole.indexOf('"input_tokens"') + 5;
    appendFileSync(writing, whole.slice(0, cut));

    const state = createMemoryProbeState();
    const first = await scanTokenLog(claudeTokenLog(configDir), { state });
    expect(first.files).toBe(2);
    expect(totalOf(first.slots)).toEqual({ tokens: 103, entries: 2 });
    // Only lines that mention usage are parsed: the cut-off assistant line is corrupt, 'garbage' is not looked at.
    expect(first.corruptLines).toBe(1);

    // The writer finishes its line and starts another: the next scan reads only that, and counts it.
    appendFileSync(writing, `${whole.slice(cut)}\n`);
    const second = await scanTokenLog(claudeTokenLog(configDir), { state });
    expect(second.filesRead).toBe(1);
    // The cut line is read again whole, with its newline.
    expect(second.bytesRead).toBe(Buffer.byteLength(whole) + 1);
    expect(totalOf(second.slots)).toEqual({ tokens: 1103, entries: 3 });
    expect(second.corruptLines).toBe(1);

    // Nothing new: nothing read, the same totals.
    const third = await scanTokenLog(claudeTokenLog(configDir), { state });
    expect([third.filesRead, third.bytesRead]).toEqual([0, 0]);
    expect(totalOf(third.slots)).toEqual({ tokens: 1103, entries: 3 });
  });

  it('counts a response repeated in a resumed session file once, across scans, and drops a removed file', async () => {
    const now = Date.now();
    const ids = { message: 'msg_resumed', request: 'req_resumed' };
    const state = createMemoryProbeState();
    writeLog('-tmp-repo', 'first', [assistantLine(now - 3 * HOUR, { input: 5, output: 5 }, ids)]);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(10);
    const resumed = writeLog('-tmp-repo', 'resumed', [
      assistantLine(now - 3 * HOUR, { input: 5, output: 5 }, ids),
      assistantLine(now - HOUR, { input: 7, output: 0 }),
    ]);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots)).toEqual({ tokens: 17, entries: 2 });
    // Without kept state every scan is a cold one, with the same result.
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir))).slots)).toEqual({ tokens: 17, entries: 2 });
    rmSync(resumed);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(10);
  });

  it('rebuilds from nothing when a file record in the kept state does not decode: its tokens are not counted twice', async () => {
    const now = Date.now();
    const state = createMemoryProbeState();
    // Without a request id a line has no dedupe key: only the file records keep it from counting twice.
    const keyless = assistantLine(now - HOUR, { input: 100, output: 0 }).replace(/"requestId":"[^"]*",/, '');
    const file = writeLog('-tmp-repo', 'a', [keyless]);
    writeLog('-tmp-repo', 'b', [assistantLine(now - HOUR, { input: 1, output: 0 })]);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(101);
    const metaKey = [...state.values.keys()].find((key) => key.includes(':meta:') && key.endsWith(file));
    expect(metaKey).toBeDefined();
    state.values.set(metaKey as string, new TextEncoder().encode('{"not":"a record"'));
    appendFileSync(file, `${assistantLine(now - HOUR, { input: 10, output: 0 })}\n`);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots)).toEqual({ tokens: 111, entries: 3 });
    // And the next scan, on the rebuilt state, reads nothing anew and agrees.
    const again = await scanTokenLog(claudeTokenLog(configDir), { state });
    expect(again.filesRead).toBe(0);
    expect(totalOf(again.slots).tokens).toBe(111);
  });

  it.each(['grown', 'removed'])('rebuilds from nothing when the kept tally of a %s file does not decode', async (change) => {
    const now = Date.now();
    const state = createMemoryProbeState();
    const keyless = (tokens: number) => assistantLine(now - HOUR, { input: tokens, output: 0 }).replace(/"requestId":"[^"]*",/, '');
    const file = writeLog('-tmp-repo', 'a', [keyless(100)]);
    writeLog('-tmp-repo', 'b', [keyless(1)]);
    await scanTokenLog(claudeTokenLog(configDir), { state });
    const slotsKey = [...state.values.keys()].find((key) => key.includes(':slots:') && key.endsWith(file));
    state.values.set(slotsKey as string, new TextEncoder().encode('[[1,'));
    if (change === 'grown') appendFileSync(file, `${keyless(10)}\n`);
    else rmSync(file);
    const expected = change === 'grown' ? 111 : 1;
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(expected);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(expected);
  });

  it('when the kept totals do not decode, the records of files removed since are dropped with them', async () => {
    const now = Date.now();
    const state = createMemoryProbeState();
    writeLog('-tmp-repo', 'a', [assistantLine(now - HOUR, { input: 5, output: 0 })]);
    const gone = writeLog('-tmp-repo', 'b', [assistantLine(now - HOUR, { input: 7, output: 0 })]);
    await scanTokenLog(claudeTokenLog(configDir), { state });
    const totalsKey = [...state.values.keys()].find((key) => key.endsWith(':totals'));
    state.values.set(totalsKey as string, new Uint8Array([0xff, 0x00]));
    rmSync(gone);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(5);
    expect([...state.values.keys()].filter((key) => key.endsWith(gone))).toEqual([]);
  });

  it('reads a file replaced under the same name (another inode) again from its start', async () => {
    const now = Date.now();
    const state = createMemoryProbeState();
    const file = writeLog('-tmp-repo', 'a', [
      assistantLine(now - HOUR, { input: 100, output: 0 }),
      assistantLine(now - HOUR, { input: 100, output: 0 }),
    ]);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(200);
    rmSync(file);
    writeLog('-tmp-repo', 'a', [
      assistantLine(now - HOUR, { input: 100, output: 0 }),
      assistantLine(now - HOUR, { input: 1, output: 0 }),
      assistantLine(now - HOUR, { input: 2, output: 0 }),
    ]);
    expect(totalOf((await scanTokenLog(claudeTokenLog(configDir), { state })).slots).tokens).toBe(103);
  });

  it('feeds probeUsage an estimated 5h window when nothing better is readable, with counted corrupt lines', async () => {
    const now = Date.now();
    writeLog('-tmp-repo', 'a', [
      assistantLine(now - 30 * HOUR, { input: 50_000, output: 50_000 }),
      assistantLine(now - 10 * 60_000, { input: 20_000, output: 5_000 }),
      '{"broken":"usage"',
    ]);
    const context: ProviderContext = {
      env: { HOME: join(root, 'user'), CLAUDE_CONFIG_DIR: configDir },
      home: join(root, 'agentpool'),
      settings: {},
    };
    const report = await probeClaudeUsage(context, { baseUrl: 'http://127.0.0.1:9' });
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.kind, w.usedPercent, w.confidence])).toEqual([['5h', 25, 'estimated']]);
    expect(report.warnings).toContain('claude-local-log: skipped 1 corrupt line(s) in the session logs');

    // An API-key user has no subscription limit to estimate against.
    const apiKey = await probeClaudeUsage(
      { ...context, settings: { env: { ANTHROPIC_API_KEY: 'sk-ant-api03-x' } } },
      { baseUrl: 'http://127.0.0.1:9' },
    );
    expect(apiKey.status).toBe('unsupported');
    expect(apiKey.windows).toEqual([]);
  });
});
