import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  prepareClaudeHome,
  prepareCodexHome,
  REAL_CLI_VERSIONS,
  type RealCli,
  realCliBinary,
  realClisRequired,
  resultBlock,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { expectNothingLeftRunning, useRealCliPool } from './real-cli-harness.js';

/**
 * A real Codex / Claude Code worker moved to another home the way `pool watch` moves it: its
 * conversation id read from its own signals, its conversation files carried into a new home, and
 * the adapter's `resume` started there — it must remember its first turn.
 */

const MARKER = 'ZEBRA-4417';
const CASES: readonly { cli: RealCli; provider: string; homeVariable: string; configDir: (cliHome: string) => string }[] = [
  { cli: 'claude-code', provider: 'claude-code', homeVariable: 'CLAUDE_CONFIG_DIR', configDir: (cliHome) => cliHome },
  { cli: 'codex', provider: 'codex-cli', homeVariable: 'CODEX_HOME', configDir: (cliHome) => join(cliHome, '.codex') },
];

describe.each(CASES)('the real $cli resumes its conversation in a new home', ({ cli, provider, homeVariable, configDir }) => {
  // Claude Code 2.1.197 needed two fixes to pass here: it sometimes takes the continuation into its
  // input box and drops the Enter (1 run in 10; sessions now press it again, see submit-confirmation),
  // and it may draw the resumed conversation again once the new turn starts (1 in about 25; the first
  // turn of a resumed session compares blocks by text). 18 runs in a row passed after both.
  // AGENTPOOL_KEEP_FAILED_RUN=<dir> keeps a failed run's session folders for a capture.
  const run = realCliBinary(cli) || realClisRequired() ? it : it.skip;
  const version = `${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version}`;
  const startPool = useRealCliPool({ prepareHome: cli === 'claude-code' ? prepareClaudeHome : prepareCodexHome, cliHomeName: 'cli-home' });

  run(
    `conversation id from its signals, files carried, resume remembers turn 1 (${version})`,
    async () => {
      const { repo, cliHome, home, sessions } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Title' };
          if (request.lastUserText.includes('What was the marker')) {
            // The resumed CLI sends the whole conversation again: the first turn must be in it.
            const remembered = JSON.stringify(request.body).includes(MARKER);
            return {
              text: `${remembered ? `The marker was ${MARKER}.` : 'I do not know.'}\n\n${resultBlock('recalled', remembered ? MARKER : 'none')}`,
            };
          }
          return { text: `Noted.\n\n${resultBlock('noted the marker', 'none')}` };
        },
      });
      // The worker's own home, as a pool account gives it: the CLI's prepared configuration, nothing else.
      const homeFor = (name: string) => {
        const dir = join(home, 'homes', name);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        const source = configDir(cliHome);
        for (const file of ['.claude.json', 'config.toml']) {
          const from = cli === 'claude-code' && file === '.claude.json' ? join(cliHome, file) : join(source, file);
          if (existsSync(from)) copyFileSync(from, join(dir, file));
        }
        return dir;
      };
      const first = homeFor('first');
      const spawned = await sessions.spawn({
        provider,
        task: `Remember the marker ${MARKER}.`,
        repo,
        account: { id: 'acct-1', home: first, env: { [homeVariable]: first } },
      });
      const id = spawned.session.id;
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 90_000 });
      if (done.evaluated.evaluation.state !== 'completed') console.log(spawned.warnings, (done.evaluated.screen ?? []).join('\n'));
      expect(done.evaluated.evaluation.state).toBe('completed');
      // Codex names its thread in the notify record at the turn's end, which may land just after the screen said completed.
      let conversationId = done.evaluated.session.providerSessionId;
      for (let tries = 0; !conversationId && tries < 20; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        conversationId = (await sessions.show(id)).session.providerSessionId;
      }
      expect(conversationId).toMatch(/^[0-9a-f-]{16,}$/i);
      await sessions.terminate(id);

      const adapter = sessions.context.providers.require(provider);
      const files =
        adapter.conversationFiles?.({ home: first, cwd: done.evaluated.session.workDir, conversationId: conversationId as string }) ?? [];
      expect(files.length).toBeGreaterThan(0);
      const second = homeFor('second');
      for (const file of files) {
        const target = join(second, relative(first, file));
        mkdirSync(join(target, '..'), { recursive: true });
        copyFileSync(file, target);
      }
      const resumed = await sessions.spawn({
        provider,
        task: 'What was the marker I gave you?',
        repo: done.evaluated.session.workDir,
        isolation: done.evaluated.session.isolation,
        promptMode: 'send_after_launch',
        account: { id: 'acct-2', home: second, env: { [homeVariable]: second } },
        resume: { fromSessionId: id, conversationId: conversationId as string },
      });
      expect(resumed.warnings.filter((warning) => warning.includes('not sent'))).toEqual([]);
      const back = await sessions.observe({ sessionId: resumed.session.id, waitFor: ['completed'], timeoutMs: 90_000 });
      if (back.evaluated.evaluation.state !== 'completed') {
        const store = sessions.context.store;
        console.log(
          back.evaluated.evaluation,
          (await store.events.list(resumed.session.id)).map((e) => `${e.at} ${e.type} ${JSON.stringify(e.data).slice(0, 200)}`),
          (back.evaluated.screen ?? []).join('\n'),
        );
      }
      expect(back.evaluated.evaluation.state).toBe('completed');
      const collected = await sessions.collect(resumed.session.id);
      if (collected.result?.sections.Findings !== MARKER && process.env.AGENTPOOL_KEEP_FAILED_RUN) {
        // What a failure left, for a capture: the session folders of both sessions.
        const keep = join(process.env.AGENTPOOL_KEEP_FAILED_RUN, resumed.session.id);
        cpSync(join(home, 'artifacts'), keep, { recursive: true });
        console.log(`kept ${keep}`, collected);
      }
      expect(collected.result?.sections.Findings).toBe(MARKER);
      await sessions.terminate(resumed.session.id);
      expectNothingLeftRunning(resumed.session.id, cliHome);
    },
    240_000,
  );
});
