import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
let env: Record<string, string>;
let claudeLog: string;
beforeEach(() => {
  temp = createTempHome();
  const claudeDir = join(temp.env.HOME as string, '.claude');
  mkdirSync(join(claudeDir, 'projects', '-repo'), { recursive: true });
  claudeLog = join(claudeDir, 'projects', '-repo', 's.jsonl');
  env = { ...temp.env, CLAUDE_CONFIG_DIR: claudeDir, CODEX_HOME: join(temp.env.HOME as string, '.codex') };
});
afterEach(() => temp.cleanup());

let serial = 0;
const assistant = (iso: string, input: number, output: number) => {
  serial++;
  return JSON.stringify({
    type: 'assistant',
    timestamp: iso,
    sessionId: 's',
    requestId: `req_${serial}`,
    message: {
      id: `msg_${serial}`,
      role: 'assistant',
      model: 'claude-opus-4-8',
      content: [{ type: 'text', text: 'ok' }],
      usage: { input_tokens: input, output_tokens: output },
    },
  });
};

describe('agentpool usage tokens', () => {
  it('reports tokens per provider and day, reads only what was appended, and counts corrupt lines', async () => {
    writeFileSync(
      claudeLog,
      `${assistant('2026-11-30T23:50:00.000Z', 100, 10)}\n{"message":{"usage":{"input_tok\n${assistant('2026-12-01T00:10:00.000Z', 5, 5)}\n`,
    );
    const first = await runCli(
      ['usage', 'tokens', '--since', 'all', '--timezone', 'UTC', '--provider', 'claude-code,codex-cli', '--json'],
      env,
    );
    expect(first.code).toBe(0);
    const report = first.json as {
      days: Array<{ day: string; provider: string; tokens: { total: number } }>;
      providers: Record<string, { files: number; corrupt_lines: number; files_read: number }>;
    };
    expect(report.days.map((day) => [day.day, day.provider, day.tokens.total])).toEqual([
      ['2026-11-30', 'claude-code', 110],
      ['2026-12-01', 'claude-code', 10],
    ]);
    expect(report.providers['claude-code']).toMatchObject({ files: 1, corrupt_lines: 1, files_read: 1 });
    expect(report.providers['codex-cli']).toMatchObject({ files: 0 });

    // The same days in another time zone.
    const tokyo = await runCli(
      ['usage', 'tokens', '--since', 'all', '--timezone', 'Asia/Tokyo', '--provider', 'claude-code', '--json'],
      env,
    );
    expect((tokyo.json as typeof report).days.map((day) => [day.day, day.tokens.total])).toEqual([['2026-12-01', 120]]);

    appendFileSync(claudeLog, `${assistant('2026-12-01T01:00:00.000Z', 1, 1)}\n`);
    const second = await runCli(
      ['usage', 'tokens', '--since', '2026-12-01', '--timezone', 'UTC', '--provider', 'claude-code', '--json'],
      env,
    );
    const after = second.json as typeof report & { providers: Record<string, { bytes_read: number }> };
    expect(after.days.map((day) => [day.day, day.tokens.total])).toEqual([['2026-12-01', 12]]);
    expect(after.providers['claude-code']?.bytes_read).toBeLessThan(400);

    const human = await runCli(['usage', 'tokens', '--since', 'all', '--timezone', 'UTC', '--provider', 'claude-code'], env);
    expect(human.stdout).toMatch(/2026-11-30\s+claude-code\s+100\s+10\s+0\s+0\s+110/);
    expect(human.stdout).toContain('claude-code: 1 corrupt line(s) skipped');
  });

  it('refuses a bad --since or --timezone with exit 2 and creates nothing', async () => {
    for (const args of [
      ['--since', '7x'],
      ['--since', '2026-13-45'],
      ['--timezone', 'Mars/Olympus'],
      ['--provider', ' , '],
    ]) {
      const result = await runCli(['usage', 'tokens', ...args, '--json'], env);
      expect(result.code).toBe(2);
      expect(result.stderr + result.stdout).toMatch(/--since|--timezone|--provider/);
    }
    expect(existsSync(join(temp.home, 'agentpool.db'))).toBe(false);
  });
});

// The generator of the bench's history: the line shapes of real Claude Code 2.1.197 and Codex 0.169.0.
// @ts-expect-error: a plain ES module of the repository's bench, without types.
const { generateLogHistory } = (await import('../../../bench/log-history.mjs')) as {
  generateLogHistory: (root: string, options: { totalBytes: number; end: number }) => { claudeRoot: string; codexRoot: string };
};
const require = createRequire(import.meta.url);
const ccusageCli = join(dirname(require.resolve('ccusage/package.json')), 'src', 'cli.js');
const CCUSAGE_VERSION = (require('ccusage/package.json') as { version: string }).version;
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

describe('agentpool usage tokens on a history large enough for a second thread', () => {
  it(`counts a 200 MiB history (both agents) per day as the real ccusage ${CCUSAGE_VERSION} does`, async () => {
    const history = generateLogHistory(join(temp.home, 'history'), {
      totalBytes: 200 * 1024 * 1024,
      end: Date.parse('2026-11-30T12:00:00Z'),
    });
    const logEnv = { ...env, TZ: 'UTC', CLAUDE_CONFIG_DIR: history.claudeRoot, CODEX_HOME: history.codexRoot };
    const ours = await runCli(['usage', 'tokens', '--since', 'all', '--timezone', 'UTC', '--json'], logEnv, { timeoutMs: 120_000 });
    expect(ours.code, ours.stderr).toBe(0);
    const perDay = new Map<string, number>();
    for (const day of (ours.json as { days: Array<{ day: string; tokens: { total: number } }> }).days) {
      perDay.set(day.day, (perDay.get(day.day) ?? 0) + day.tokens.total);
    }
    const theirs = await promisify(execFile)(process.execPath, [ccusageCli, 'daily', '--json', '--offline'], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: env.HOME as string,
        TZ: 'UTC',
        CLAUDE_CONFIG_DIR: history.claudeRoot,
        CODEX_HOME: history.codexRoot,
      },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const theirDays = (JSON.parse(theirs.stdout) as { daily: Array<{ period?: string; date?: string; totalTokens: number }> }).daily;
    expect(theirDays.length).toBeGreaterThan(20);
    expect(new Map([...perDay].sort())).toEqual(
      new Map(theirDays.map((day) => [day.period ?? day.date, day.totalTokens] as [string, number]).sort()),
    );
  }, 240_000);

  it.each([
    ['claude-token-log-worker.js', 'claude'],
    ['codex-token-log-worker.js', 'codex'],
  ])('the built %s answers a scan request on its own thread', async (module, agent) => {
    const history = generateLogHistory(join(temp.home, agent), { totalBytes: 4 * 1024 * 1024, end: Date.parse('2026-11-30T12:00:00Z') });
    const logs = readdirSync(agent === 'claude' ? history.claudeRoot : history.codexRoot, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.jsonl'))
      .map((entry) => join(entry.parentPath, entry.name));
    const path = logs[0] as string;
    const worker = new Worker(join(DIST, module));
    type Reply = { files: Array<{ path: string; meta?: { offset: number }; slots?: unknown[]; entriesFrom: number; entriesTo: number }> };
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      // One file, taken from the back of a scan of one: the main thread took none.
      const claims = new BigInt64Array(new SharedArrayBuffer(8));
      claims[0] = 1n << 32n;
      worker.postMessage({ files: [{ path, ino: statSync(path).ino }], reach: 0, claims: claims.buffer, keys: null });
    });
    expect(reply.files[0]?.meta?.offset).toBe(statSync(path).size);
    // Claude's responses are keyed (left for the main thread to count in path order); Codex's calls are counted there.
    const file = reply.files[0];
    if (agent === 'claude') expect((file?.entriesTo ?? 0) - (file?.entriesFrom ?? 0)).toBeGreaterThan(0);
    else expect(file?.slots?.length).toBeGreaterThan(0);
    await worker.terminate();
  });
});
