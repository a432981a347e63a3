import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import {
  createTempHome,
  prepareClaudeHome,
  prepareCodexHome,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realClisRequired,
  startModelImitation,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { createAgentPool } from '../src/index.js';

const claude = realCliBinary('claude-code');
const codex = realCliBinary('codex');
const run = (claude && codex) || realClisRequired() ? it : it.skip;
// The real ccusage (a devDependency of the workspace root), to compare totals with.
const ccusageCli = join(dirname(createRequire(import.meta.url).resolve('ccusage/package.json')), 'src', 'cli.js');
const CCUSAGE_VERSION = (createRequire(import.meta.url)('ccusage/package.json') as { version: string }).version;

/** Runs a real CLI to its end with stdin closed (Codex reads more input from an open stdin). */
async function runToEnd(file: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<string> {
  const pending = promisify(execFile)(file, args, { ...options, timeout: 90_000 });
  pending.child.stdin?.end();
  return (await pending).stdout;
}

interface CcusageDay {
  date: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
}

async function ccusageDaily(agent: 'claude' | 'codex', env: Record<string, string>): Promise<CcusageDay[]> {
  const out = await runToEnd(process.execPath, [ccusageCli, agent, 'daily', '--json', '--offline'], { cwd: env.HOME as string, env });
  return (JSON.parse(out) as { daily: CcusageDay[] }).daily;
}

describe(`token logs written by the real Claude Code and Codex, counted as the real ccusage ${CCUSAGE_VERSION} counts them`, () => {
  run(
    `per-day totals agree after turns of ${REAL_CLI_VERSIONS['claude-code'].package}@${REAL_CLI_VERSIONS['claude-code'].version} and ${REAL_CLI_VERSIONS.codex.package}@${REAL_CLI_VERSIONS.codex.version}, and a later turn is read incrementally`,
    async () => {
      const temp = createTempHome('ap-tok-');
      const imitation = await startModelImitation({ firstTokenDelayMs: 10 });
      try {
        const userHome = temp.env.HOME as string;
        const repo = join(userHome, 'repo');
        mkdirSync(repo, { recursive: true });
        const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC' };
        const claudeEnv = { ...base, ...prepareClaudeHome(userHome, imitation.url, [repo]) };
        const codexHome = prepareCodexHome(userHome, imitation.url, [repo]);
        const codexEnv: Record<string, string> = { ...base, ...codexHome, OPENAI_API_KEY: 'sk-imitation-key' };
        await runToEnd(claude as string, ['-p', 'say hi'], { cwd: repo, env: claudeEnv });
        await runToEnd(claude as string, ['-p', '--continue', 'say hi again'], { cwd: repo, env: claudeEnv });
        await runToEnd(codex as string, ['exec', '--skip-git-repo-check', 'say hi'], { cwd: repo, env: codexEnv });

        const pool = await createAgentPool({ env: { ...temp.env, CODEX_HOME: codexHome.CODEX_HOME as string, TZ: 'UTC' } });
        const compare = async () => {
          const report = await pool.usage.tokens({ providers: ['claude-code', 'codex-cli'], timeZone: 'UTC' });
          const ours = (provider: string) =>
            report.days
              .filter((day) => day.provider === provider)
              .map(({ day, tokens }) => ({
                date: day,
                inputTokens: tokens.input,
                outputTokens: tokens.output,
                cacheCreationTokens: tokens.cacheCreation,
                cacheReadTokens: tokens.cacheRead,
                totalTokens: tokens.total,
              }));
          const theirs = async (agent: 'claude' | 'codex') =>
            (
              await ccusageDaily(agent, {
                ...base,
                HOME: userHome,
                CLAUDE_CONFIG_DIR: join(userHome, '.claude'),
                CODEX_HOME: codexHome.CODEX_HOME as string,
              })
            ).map((day) => ({
              date: day.date,
              inputTokens: day.inputTokens,
              outputTokens: day.outputTokens,
              cacheCreationTokens: day.cacheCreationTokens,
              cacheReadTokens: day.cacheReadTokens,
              totalTokens: day.totalTokens,
            }));
          expect(ours('claude-code')).toEqual(await theirs('claude'));
          expect(ours('codex-cli')).toEqual(await theirs('codex'));
          return report;
        };
        const first = await compare();
        // Two Claude responses and one Codex call, each as the imitation counted them.
        expect(first.days.map((day) => [day.provider, day.tokens.entries, day.tokens.total])).toEqual([
          ['claude-code', 2, 40],
          ['codex-cli', 1, 20],
        ]);

        // One more Claude turn: only Claude's session log grew, and only it is read.
        await runToEnd(claude as string, ['-p', '--continue', 'and once more'], { cwd: repo, env: claudeEnv });
        const second = await compare();
        expect(second.providers['claude-code']?.files_read).toBe(1);
        expect(second.providers['codex-cli']?.files_read).toBe(0);
        expect(second.days.find((day) => day.provider === 'claude-code')?.tokens.total).toBe(60);
        await pool.close();
      } finally {
        await imitation.close();
        temp.cleanup();
      }
    },
    240_000,
  );
});
