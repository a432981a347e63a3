import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
