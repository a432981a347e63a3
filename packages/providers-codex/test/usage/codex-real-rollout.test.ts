import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { prepareCodexHome, realCliBinary, realClisRequired, startModelImitation } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { readRolloutUsage } from '../../src/index.js';
import { makeCodexHome } from './codex-home-fixtures.js';

const codex = realCliBinary('codex');
const run = codex || realClisRequired() ? it : it.skip;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Runs `codex exec` to the end of one turn, bounded (offline it would retry for minutes). */
function codexExec(
  binary: string,
  env: Record<string, string>,
  cwd: string,
  prompt: string,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['exec', '--skip-git-repo-check', '--sandbox', 'read-only', prompt], {
      cwd,
      env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('rollout logs written by the real codex 0.169.0', () => {
  run('a turn against the model imitation with x-codex rate-limit headers: the log source reads them back', async () => {
    const resetAt = Math.floor(Date.now() / 1000) + 2 * 3600;
    const weeklyResetAt = Math.floor(Date.now() / 1000) + 3 * 86_400;
    const model = await startModelImitation({
      firstTokenDelayMs: 10,
      reply: () => ({ text: 'done' }),
      headers: {
        'x-codex-primary-used-percent': '37.5',
        'x-codex-primary-window-minutes': '300',
        'x-codex-primary-reset-at': String(resetAt),
        'x-codex-secondary-used-percent': '12',
        'x-codex-secondary-window-minutes': '10080',
        'x-codex-secondary-reset-at': String(weeklyResetAt),
      },
    });
    cleanups.push(() => model.close());
    const home = makeCodexHome();
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const work = join(home, 'work');
    mkdirSync(work);
    const env = prepareCodexHome(home, model.url, [work]);
    const turn = await codexExec(codex as string, env, work, 'say done');
    expect(turn.code, turn.output.slice(-2000)).toBe(0);

    const { snapshot, file, skippedLines } = await readRolloutUsage({ codexHome: env.CODEX_HOME as string });
    expect(file).toMatch(/sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-.*\.jsonl$/);
    expect(skippedLines).toBe(0);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.windows.map((w) => [w.kind, w.usedPercent, w.remainingPercent, w.resetsAt, w.source])).toEqual([
      ['5h', 37.5, 62.5, new Date(resetAt * 1000).toISOString(), 'codex-rollout-log'],
      ['weekly', 12, 88, new Date(weeklyResetAt * 1000).toISOString(), 'codex-rollout-log'],
    ]);
  });
});
