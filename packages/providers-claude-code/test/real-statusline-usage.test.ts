import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LaunchRequest, ProviderContext } from '@agentpool/core';
import {
  createTempHome,
  killTmuxServer,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realClisRequired,
  startModelImitation,
  waitUntil,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
// The session recorder itself (sessions depends on this package through providers-fake, so it is
// read from its source rather than as a dependency).
import { signalRecorder } from '../../sessions/src/signal-recorder.js';
import { createClaudeCodeProvider, latestStatusLineUsage, probeClaudeUsage, statusLineFiles } from '../src/index.js';

const binary = realCliBinary('claude-code');
const run = binary || realClisRequired() ? it : it.skip;

/**
 * The real Claude Code, signed in the way a subscriber is (a throwaway `claudeAiOauth` credentials
 * file in a throwaway HOME: no API key, so Claude treats it as a Claude.ai account), talks to the
 * model imitation, which answers with the `anthropic-ratelimit-unified-*` headers the Anthropic API
 * sends subscribers. Claude then hands its statusLine command `rate_limits`; the worker's
 * statusLine is the one the adapter's `signals()` writes, run through agentpool's own recorder.
 */
describe(`a real Claude Code worker's statusLine record (${REAL_CLI_VERSIONS['claude-code'].package}@${REAL_CLI_VERSIONS['claude-code'].version})`, () => {
  run(
    'carries rate_limits that probeUsage reads as 5h and weekly windows',
    async () => {
      const temp = createTempHome('ap-sl-');
      const reset5h = Math.floor(Date.now() / 1000) + 2 * 3600;
      const reset7d = Math.floor(Date.now() / 1000) + 3 * 86_400;
      const imitation = await startModelImitation({
        headers: {
          'anthropic-ratelimit-unified-status': 'allowed',
          'anthropic-ratelimit-unified-5h-utilization': '0.42',
          'anthropic-ratelimit-unified-5h-reset': String(reset5h),
          'anthropic-ratelimit-unified-7d-utilization': '0.16',
          'anthropic-ratelimit-unified-7d-reset': String(reset7d),
        },
      });
      const home = temp.env.HOME as string;
      const repo = join(home, 'repo');
      const claudeDir = join(home, '.claude');
      mkdirSync(claudeDir, { recursive: true });
      mkdirSync(repo, { recursive: true });
      writeFileSync(
        join(home, '.claude.json'),
        JSON.stringify({ hasCompletedOnboarding: true, projects: { [repo]: { hasTrustDialogAccepted: true } } }),
      );
      writeFileSync(
        join(claudeDir, '.credentials.json'),
        JSON.stringify({
          claudeAiOauth: {
            accessToken: 'sk-ant-oat01-throwaway-test-token',
            refreshToken: 'sk-ant-ort01-throwaway-test-token',
            expiresAt: Date.now() + 86_400_000,
            scopes: ['user:inference', 'user:profile'],
            subscriptionType: 'max',
          },
        }),
        { mode: 0o600 },
      );

      const sessionDir = join(temp.home, 'artifacts', 'ses_realstatus01');
      const signalsDir = join(sessionDir, 'signals');
      mkdirSync(signalsDir, { recursive: true });
      const context: ProviderContext = { env: { HOME: home, PATH: process.env.PATH ?? '' }, home: temp.home, settings: {} };
      const adapter = createClaudeCodeProvider();
      const signals = adapter.signals?.({ context, sessionDir, signalRecorder: signalRecorder(signalsDir) } as unknown as LaunchRequest);
      for (const file of signals?.files ?? []) writeFileSync(join(sessionDir, file.path), file.content);

      const env: Record<string, string> = {
        HOME: home,
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        TERM: 'xterm-256color',
        ANTHROPIC_BASE_URL: imitation.url,
        DISABLE_AUTOUPDATER: '1',
        DISABLE_TELEMETRY: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        AGENTPOOL_TEST_WORKER: temp.home,
      };
      const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
      const command = ['env', '-i', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), binary as string, ...(signals?.args ?? [])]
        .map(quote)
        .join(' ');
      mkdirSync(temp.home, { recursive: true });
      execFileSync('tmux', ['-S', temp.tmuxSocket, 'new-session', '-d', '-x', '200', '-y', '50', '-c', repo, command]);
      const pane = () => execFileSync('tmux', ['-S', temp.tmuxSocket, 'capture-pane', '-p']).toString();
      try {
        await waitUntil(() => pane().includes('Claude Max'), 30_000, 200);
        execFileSync('tmux', ['-S', temp.tmuxSocket, 'send-keys', '-l', 'say hi']);
        await new Promise((resolve) => setTimeout(resolve, 300));
        execFileSync('tmux', ['-S', temp.tmuxSocket, 'send-keys', 'Enter']);
        const found = await waitUntil(
          async () => (await latestStatusLineUsage(await statusLineFiles(join(temp.home, 'artifacts')), claudeDir)).latest,
          60_000,
          200,
        );

        // The record as agentpool's recorder kept it: {"at", "payload": <Claude's statusLine input>}.
        const lines = readFileSync(join(signalsDir, 'claude-statusline.jsonl'), 'utf8').trim().split('\n');
        const payload = JSON.parse((JSON.parse(lines.at(-1) as string) as { payload: string }).payload) as Record<string, unknown>;
        expect(payload.version).toBe(REAL_CLI_VERSIONS['claude-code'].version);
        expect(payload.rate_limits).toEqual({
          five_hour: { used_percentage: 42, resets_at: reset5h },
          seven_day: { used_percentage: 16, resets_at: reset7d },
        });
        expect(String(payload.transcript_path).startsWith(`${claudeDir}/projects/`)).toBe(true);
        expect(found.usage.fiveHour?.usedPercent).toBe(42);

        // The endpoint is not served by the imitation: the statusLine alone gives the windows.
        const report = await probeClaudeUsage(context, { baseUrl: imitation.url, timeoutMs: 5000 });
        expect(report.status).toBe('ok');
        expect(report.windows.map((w) => [w.kind, w.usedPercent, w.resetsAt, w.source, w.confidence])).toEqual([
          ['5h', 42, new Date(reset5h * 1000).toISOString(), 'claude-statusline', 'local_cli'],
          ['weekly', 16, new Date(reset7d * 1000).toISOString(), 'claude-statusline', 'local_cli'],
        ]);
        expect(report.warnings.some((warning) => warning.startsWith('claude-oauth-usage: the usage endpoint: HTTP 404'))).toBe(true);
        expect(JSON.stringify(report)).not.toContain('throwaway-test-token');
      } finally {
        killTmuxServer(temp.tmuxSocket);
        await waitUntil(() => processesWithEnv('AGENTPOOL_TEST_WORKER', temp.home).length === 0, 10_000, 100).catch(() => undefined);
        await imitation.close();
        temp.cleanup();
      }
      expect(processesWithEnv('AGENTPOOL_TEST_WORKER', temp.home)).toEqual([]);
    },
    120_000,
  );
});
